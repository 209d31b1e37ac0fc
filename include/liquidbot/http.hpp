// HTTP POST over libcurl for JSON-RPC and GraphQL: one keep-alive connection pool per endpoint,
// connect and total timeouts, gzip, many requests in flight (curl multi), bounded retries with
// exponential backoff and full jitter (network errors, 5xx, 429 honouring Retry-After). Response
// bodies land in buffers padded for simdjson, so they are parsed in place without a copy.
#pragma once

#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace liquidbot::http {

/// Zero bytes kept after every body (>= SIMDJSON_PADDING; checked where simdjson is included).
inline constexpr std::size_t kBodyPadding = 64;

/// A growable byte buffer whose storage always extends kBodyPadding zero bytes past size().
class LIQUIDBOT_API PaddedBuffer {
 public:
  PaddedBuffer() = default;
  PaddedBuffer(PaddedBuffer&& other) noexcept;
  PaddedBuffer& operator=(PaddedBuffer&& other) noexcept;
  PaddedBuffer(const PaddedBuffer&) = delete;
  PaddedBuffer& operator=(const PaddedBuffer&) = delete;
  ~PaddedBuffer();

  /// Appends bytes; false when the size would pass `limit`.
  bool append(const char* data, std::size_t size, std::size_t limit);
  void clear() noexcept { size_ = 0; }
  /// Copies text into a fresh buffer (tests and fuzzers).
  static PaddedBuffer from(std::string_view text);

  [[nodiscard]] const char* data() const noexcept { return data_ != nullptr ? data_ : kEmpty; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /// Allocated bytes (size() + padding at least).
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
  [[nodiscard]] std::string_view view() const noexcept { return {data(), size_}; }

 private:
  static constexpr char kEmpty[kBodyPadding] = {};
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;  // allocation size, >= size_ + kBodyPadding when data_ != nullptr
};

/// Transport knobs for one endpoint.
struct Options {
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds total_timeout{10000};  ///< per attempt
  int max_attempts = 4;                            ///< 1 = no retries
  std::chrono::milliseconds backoff_base{100};     ///< first retry waits uniform(0, base)
  std::chrono::milliseconds backoff_cap{3000};     ///< ceiling of the doubled window
  std::chrono::milliseconds retry_after_cap{10000};///< longest Retry-After honoured
  std::size_t max_body_bytes = std::size_t{64} << 20;
  bool gzip = true;
  std::vector<std::pair<std::string, std::string>> headers;  ///< extra request headers
  std::string content_type = "application/json";
};

/// A completed HTTP exchange with status 2xx.
struct Response {
  long status = 0;
  PaddedBuffer body;
  int attempts = 0;                       ///< 1 when it succeeded first time
  std::chrono::nanoseconds elapsed{0};    ///< wall time including retries
};

/// Initializes libcurl once for the process (thread-safe; every Client calls it).
LIQUIDBOT_API Status global_init();

/// Delay before retry `attempt` (1-based): uniform in [0, min(cap, base * 2^(attempt-1))], or the
/// server's Retry-After (capped; curl parses delta-seconds and HTTP-dates) when it gave one (> 0). `random01` is a uniform draw in [0, 1).
LIQUIDBOT_API std::chrono::milliseconds backoff_delay(const Options& options, int attempt,
                                                      std::chrono::milliseconds retry_after,
                                                      double random01) noexcept;

/// POSTs to one URL, reusing connections. Not thread-safe: one Client per thread (or a mutex).
class LIQUIDBOT_API Client {
 public:
  /// Checks the URL scheme (http/https) and initializes curl.
  static Result<Client> create(std::string url, Options options = {});

  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  ~Client();

  /// One POST with retries. Errors: Errc::timeout (a timeout on the last attempt), Errc::io
  /// (connection refused/reset, truncated transfer, HTTP 4xx/5xx after retries, body over the limit).
  Result<Response> post(std::string_view body);
  /// Many POSTs in flight at once on this endpoint's pool; results in input order, each retried
  /// independently.
  std::vector<Result<Response>> post_many(std::span<const std::string_view> bodies);

  [[nodiscard]] const std::string& url() const noexcept;
  [[nodiscard]] const Options& options() const noexcept;

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace liquidbot::http
