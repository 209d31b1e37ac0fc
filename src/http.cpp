// libcurl transport: one multi handle (shared connection cache) per endpoint, easy handles reused,
// retries scheduled inside the multi loop so many requests stay in flight while some wait.
#include <liquidbot/http.hpp>

#include <curl/curl.h>
#include <simdjson.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>
#include <utility>

namespace liquidbot::http {

static_assert(kBodyPadding >= simdjson::SIMDJSON_PADDING, "bodies must be padded for simdjson");

// ---- PaddedBuffer --------------------------------------------------------------------------------

PaddedBuffer::PaddedBuffer(PaddedBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

PaddedBuffer& PaddedBuffer::operator=(PaddedBuffer&& other) noexcept {
  if (this != &other) {
    std::free(data_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
  }
  return *this;
}

PaddedBuffer::~PaddedBuffer() { std::free(data_); }

bool PaddedBuffer::append(const char* data, std::size_t size, std::size_t limit) {
  if (size > limit || size_ > limit - size) return false;
  const std::size_t need = size_ + size + kBodyPadding;
  if (data_ == nullptr || need > capacity_) {
    std::size_t grown = std::max<std::size_t>(need, capacity_ + capacity_ / 2);
    grown = std::max<std::size_t>(grown, 4096);
    auto* fresh = static_cast<char*>(std::realloc(data_, grown));
    if (fresh == nullptr) return false;
    data_ = fresh;
    capacity_ = grown;
  }
  if (size != 0) std::memcpy(data_ + size_, data, size);
  size_ += size;
  std::memset(data_ + size_, 0, kBodyPadding);
  return true;
}

PaddedBuffer PaddedBuffer::from(std::string_view text) {
  PaddedBuffer out;
  out.append(text.data(), text.size(), text.size());
  return out;
}

// ---- curl global state ---------------------------------------------------------------------------

Status global_init() {
  static std::once_flag once;
  static CURLcode code = CURLE_OK;
  std::call_once(once, [] { code = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (code != CURLE_OK)
    return make_error(Errc::io, std::string("http: curl_global_init failed: ") + curl_easy_strerror(code));
  return {};
}

std::chrono::milliseconds backoff_delay(const Options& options, int attempt, std::chrono::milliseconds retry_after,
                                        double random01) noexcept {
  if (retry_after.count() > 0) return std::min(retry_after, options.retry_after_cap);
  const auto base = static_cast<double>(std::max<std::int64_t>(options.backoff_base.count(), 0));
  const auto cap = static_cast<double>(std::max<std::int64_t>(options.backoff_cap.count(), 0));
  double window = base;
  for (int i = 1; i < attempt && window < cap; ++i) window *= 2;
  window = std::min(window, cap);
  const double r = std::clamp(random01, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<std::int64_t>(window * r));
}

// ---- Client --------------------------------------------------------------------------------------

namespace {

using Clock = std::chrono::steady_clock;

/// One request's progress through its attempts.
struct Transfer {
  std::string_view body;
  CURL* easy = nullptr;
  int attempt = 0;
  Clock::time_point started;
  Clock::time_point retry_at;
  bool waiting = false;  // scheduled for a retry
  bool done = false;
  bool overflow = false;  // body passed max_body_bytes
  PaddedBuffer buffer;
  std::size_t limit = 0;
  Result<Response> result = make_error(Errc::internal, "http: request not run");
};

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  if (!transfer->buffer.append(data, n, transfer->limit)) {
    transfer->overflow = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  return n;
}

bool retryable_curl(CURLcode code) noexcept {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

}  // namespace

struct Client::Impl {
  std::string url;
  Options options;
  CURLM* multi = nullptr;
  curl_slist* headers = nullptr;
  std::vector<CURL*> idle;  // easy handles kept for reuse (their connections stay in the multi cache)
  std::mt19937_64 rng{std::random_device{}()};

  ~Impl() {
    for (CURL* easy : idle) curl_easy_cleanup(easy);
    if (multi != nullptr) curl_multi_cleanup(multi);
    curl_slist_free_all(headers);
  }

  CURL* take_handle() {
    if (!idle.empty()) {
      CURL* easy = idle.back();
      idle.pop_back();
      return easy;
    }
    CURL* easy = curl_easy_init();
    if (easy == nullptr) return nullptr;
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &write_body);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
    if (options.gzip) curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
    return easy;
  }

  void start(Transfer& t) {
    t.buffer.clear();
    t.overflow = false;
    t.waiting = false;
    ++t.attempt;
    curl_easy_setopt(t.easy, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(t.easy, CURLOPT_PRIVATE, &t);
    curl_easy_setopt(t.easy, CURLOPT_POSTFIELDS, t.body.data());
    curl_easy_setopt(t.easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t.body.size()));
    curl_multi_add_handle(multi, t.easy);
  }

  // Decides what a finished attempt means: success, a scheduled retry, or a final error.
  void finish(Transfer& t, CURLcode code) {
    long status = 0;
    curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
    const auto where = [&] { return "http: POST " + url + ": "; };
    std::chrono::milliseconds retry_after{0};
    bool retry = false;
    Error error;
    if (code == CURLE_OK && status >= 200 && status < 300) {
      Response response;
      response.status = status;
      response.body = std::move(t.buffer);
      response.attempts = t.attempt;
      response.elapsed = Clock::now() - t.started;
      t.result = std::move(response);
      t.done = true;
      return;
    }
    if (code == CURLE_WRITE_ERROR && t.overflow) {
      error = make_error(Errc::io, where() + "response body exceeds " + std::to_string(options.max_body_bytes) + " bytes");
    } else if (code != CURLE_OK) {
      retry = retryable_curl(code);
      error = make_error(code == CURLE_OPERATION_TIMEDOUT ? Errc::timeout : Errc::io,
                         where() + curl_easy_strerror(code));
    } else {
      retry = status == 429 || status >= 500;
      if (status == 429) {
        curl_off_t seconds = 0;
        if (curl_easy_getinfo(t.easy, CURLINFO_RETRY_AFTER, &seconds) == CURLE_OK && seconds > 0)
          retry_after = std::chrono::seconds(seconds);
      }
      std::string snippet(t.buffer.view().substr(0, 200));
      error = make_error(Errc::io, where() + "HTTP " + std::to_string(status) + (snippet.empty() ? "" : ": " + snippet));
    }
    if (retry && t.attempt < options.max_attempts) {
      std::uniform_real_distribution<double> uniform(0.0, 1.0);
      t.retry_at = Clock::now() + backoff_delay(options, t.attempt, retry_after, uniform(rng));
      t.waiting = true;
      return;
    }
    error.message += " (after " + std::to_string(t.attempt) + (t.attempt == 1 ? " attempt)" : " attempts)");
    t.result = std::move(error);
    t.done = true;
  }

  void run(std::span<Transfer> transfers) {
    std::size_t active = 0;
    for (Transfer& t : transfers) {
      t.easy = take_handle();
      t.limit = options.max_body_bytes;
      t.started = Clock::now();
      if (t.easy == nullptr) {
        t.result = make_error(Errc::io, "http: curl_easy_init failed");
        t.done = true;
        continue;
      }
      start(t);
      ++active;
    }
    std::size_t remaining = active;
    while (remaining > 0) {
      int running = 0;
      curl_multi_perform(multi, &running);
      int queued = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
        if (msg->msg != CURLMSG_DONE) continue;
        Transfer* t = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
        const CURLcode code = msg->data.result;
        curl_multi_remove_handle(multi, msg->easy_handle);
        finish(*t, code);
        if (t->done) --remaining;
      }
      if (remaining == 0) break;
      // Start retries that are due; wait for socket activity or the next due retry.
      const auto now = Clock::now();
      auto next_due = Clock::time_point::max();
      for (Transfer& t : transfers) {
        if (!t.waiting) continue;
        if (t.retry_at <= now) {
          start(t);
        } else {
          next_due = std::min(next_due, t.retry_at);
        }
      }
      int wait_ms = 1000;
      if (next_due != Clock::time_point::max()) {
        const auto delta = std::chrono::duration_cast<std::chrono::milliseconds>(next_due - Clock::now()).count();
        wait_ms = static_cast<int>(std::clamp<std::int64_t>(delta, 0, 1000));
      }
      curl_multi_poll(multi, nullptr, 0, wait_ms, nullptr);
    }
    for (Transfer& t : transfers)
      if (t.easy != nullptr) idle.push_back(t.easy);
  }
};

Result<Client> Client::create(std::string url, Options options) {
  LB_TRY_STATUS(global_init());
  if (!url.starts_with("http://") && !url.starts_with("https://"))
    return make_error(Errc::invalid_argument, "http: URL must start with http:// or https://: \"" + url + "\"");
  if (options.max_attempts < 1) return make_error(Errc::invalid_argument, "http: max_attempts must be at least 1");
  auto impl = std::make_unique<Impl>();
  impl->url = std::move(url);
  impl->options = std::move(options);
  impl->multi = curl_multi_init();
  if (impl->multi == nullptr) return make_error(Errc::io, "http: curl_multi_init failed");
  curl_multi_setopt(impl->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 16L);
  curl_multi_setopt(impl->multi, CURLMOPT_MAXCONNECTS, 16L);
  std::string content_type = "Content-Type: " + impl->options.content_type;
  impl->headers = curl_slist_append(impl->headers, content_type.c_str());
  impl->headers = curl_slist_append(impl->headers, "Expect:");  // no 100-continue round trip
  for (const auto& [name, value] : impl->options.headers) {
    if (name.find_first_of(":\r\n") != std::string::npos || value.find_first_of("\r\n") != std::string::npos)
      return make_error(Errc::invalid_argument, "http: invalid header \"" + name + "\"");
    const std::string line = name + ": " + value;
    impl->headers = curl_slist_append(impl->headers, line.c_str());
  }
  return Client(std::move(impl));
}

Client::Client(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;
Client::~Client() = default;

Result<Response> Client::post(std::string_view body) {
  Transfer transfer;
  transfer.body = body;
  impl_->run({&transfer, 1});
  return std::move(transfer.result);
}

std::vector<Result<Response>> Client::post_many(std::span<const std::string_view> bodies) {
  std::vector<Transfer> transfers(bodies.size());
  for (std::size_t i = 0; i < bodies.size(); ++i) transfers[i].body = bodies[i];
  impl_->run(transfers);
  std::vector<Result<Response>> out;
  out.reserve(transfers.size());
  for (Transfer& t : transfers) out.push_back(std::move(t.result));
  return out;
}

const std::string& Client::url() const noexcept { return impl_->url; }
const Options& Client::options() const noexcept { return impl_->options; }

}  // namespace liquidbot::http
