// HTTP transport pieces that need no server: padded buffers, backoff windows, URL checks.
#include <doctest/doctest.h>

#include <liquidbot/http.hpp>

#include <simdjson.h>

using namespace liquidbot;
using namespace std::chrono_literals;

TEST_CASE("padded buffers keep zeroed padding for simdjson") {
  http::PaddedBuffer buffer;
  CHECK(buffer.size() == 0);
  CHECK(buffer.view().empty());
  const std::string part(5000, 'x');
  REQUIRE(buffer.append(part.data(), part.size(), 1 << 20));
  REQUIRE(buffer.append("{}", 2, 1 << 20));
  CHECK(buffer.size() == 5002);
  CHECK(buffer.capacity() >= buffer.size() + http::kBodyPadding);
  for (std::size_t i = 0; i < http::kBodyPadding; ++i) CHECK(buffer.data()[buffer.size() + i] == 0);
  CHECK_FALSE(buffer.append("y", 1, 5002));  // over the limit
  CHECK(buffer.size() == 5002);
  auto json = http::PaddedBuffer::from(R"({"a":1})");
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  REQUIRE(parser.parse(json.data(), json.size(), false).get(root) == simdjson::SUCCESS);
  CHECK(int64_t(root["a"]) == 1);
  http::PaddedBuffer moved = std::move(json);
  CHECK(moved.view() == R"({"a":1})");
}

TEST_CASE("backoff: full jitter inside a doubling window, capped; Retry-After wins") {
  http::Options o;
  o.backoff_base = 100ms;
  o.backoff_cap = 1000ms;
  o.retry_after_cap = 5000ms;
  CHECK(http::backoff_delay(o, 1, 0ms, 0.999) == 99ms);
  CHECK(http::backoff_delay(o, 2, 0ms, 0.5) == 100ms);
  CHECK(http::backoff_delay(o, 3, 0ms, 0.5) == 200ms);
  CHECK(http::backoff_delay(o, 10, 0ms, 0.5) == 500ms);
  CHECK(http::backoff_delay(o, 10, 0ms, 0.0) == 0ms);
  CHECK(http::backoff_delay(o, 1, 2000ms, 0.1) == 2000ms);
  CHECK(http::backoff_delay(o, 1, 60000ms, 0.1) == 5000ms);
}

TEST_CASE("client creation checks the URL and options") {
  CHECK_FALSE(http::Client::create("ftp://x"));
  CHECK_FALSE(http::Client::create("127.0.0.1:8545"));
  http::Options o;
  o.max_attempts = 0;
  CHECK_FALSE(http::Client::create("http://127.0.0.1:1/", o));
  http::Options headers;
  headers.headers = {{"Authorization", "Bearer x\r\nInjected: 1"}};
  CHECK_FALSE(http::Client::create("http://127.0.0.1:1/", headers));
  auto ok = http::Client::create("http://127.0.0.1:1/");
  REQUIRE(ok);
  CHECK(ok->url() == "http://127.0.0.1:1/");
}
