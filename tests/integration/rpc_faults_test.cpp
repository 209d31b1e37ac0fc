// Transport and JSON-RPC faults against the test-bed node (LB_RPC_URL, LB_DEPLOYMENT) and the
// loopback fault injector tests/js/faultserver.mjs (429 + Retry-After, 5xx, stalls, truncated and
// malformed bodies, resets, a wrong chain id), which forwards everything else to the real node.
// Each fault must end in a retry that succeeds or in a clear error.
#include <doctest/doctest.h>

#include <liquidbot/abi.hpp>
#include <liquidbot/http.hpp>
#include <liquidbot/reader.hpp>
#include <liquidbot/rpc.hpp>

#include <simdjson.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/types.h>
#include <sys/wait.h>

using namespace liquidbot;
using namespace std::chrono_literals;

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) FAIL("environment variable " << name << " not set (run under tests/js/testbed.mjs)");
  return value;
}

/// The fault server, started once for the whole run and stopped by its PID.
struct FaultServer {
  std::string url;
  long pid = 0;
  FILE* pipe = nullptr;
  FaultServer() {
    const std::string command = std::string("exec ") + LIQUIDBOT_NODE + " " + LIQUIDBOT_SOURCE_DIR +
                                "/tests/js/faultserver.mjs --upstream " + env("LB_RPC_URL");
    pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char line[256] = {};
    REQUIRE(std::fgets(line, sizeof line, pipe) != nullptr);
    char url_text[128] = {};
    REQUIRE(std::sscanf(line, "FAULTSERVER_URL=%127s PID=%ld", url_text, &pid) == 2);
    url = url_text;
  }
  ~FaultServer() {
    if (pid > 0) kill(static_cast<pid_t>(pid), SIGTERM);
    if (pipe != nullptr) pclose(pipe);
  }
};

FaultServer& faults() {
  static FaultServer server;
  return server;
}

http::Options fast_options() {
  http::Options o;
  o.connect_timeout = 1000ms;
  o.total_timeout = 5000ms;
  o.max_attempts = 3;
  o.backoff_base = 20ms;
  o.backoff_cap = 100ms;
  return o;
}

const std::string kBlockNumber = R"({"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]})";

struct Deployment {
  Address provider, pool, user;
};

Deployment deployment() {
  std::ifstream in(env("LB_DEPLOYMENT"));
  std::stringstream text;
  text << in.rdbuf();
  simdjson::dom::parser parser;
  simdjson::dom::element root = parser.parse(text.str());
  Deployment d;
  d.provider = Address::parse(std::string_view(root["poolAddressesProvider"])).value();
  d.pool = Address::parse(std::string_view(root["pool"])).value();
  d.user = Address::parse(std::string_view(root["borrowers"].at(0)["address"])).value();
  return d;
}

}  // namespace

TEST_CASE("connection refused ends in a clear io error after the bounded retries") {
  auto client = http::Client::create("http://127.0.0.1:1/", fast_options());
  REQUIRE(client);
  auto r = client->post(kBlockNumber);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::io);
  CHECK(r.error().message.find("after 3 attempts") != std::string::npos);
  CHECK(r.error().message.find("127.0.0.1:1") != std::string::npos);
}

TEST_CASE("a stalled server times out; a stall on the first attempt only is retried") {
  auto o = fast_options();
  o.total_timeout = 300ms;
  o.max_attempts = 2;
  auto stalled = http::Client::create(faults().url + "/stall/5/2000/a", o);
  REQUIRE(stalled);
  auto r = stalled->post(kBlockNumber);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::timeout);

  auto once = http::Client::create(faults().url + "/stall/1/2000/b", o);
  REQUIRE(once);
  auto ok = once->post(kBlockNumber);
  REQUIRE(ok);
  CHECK(ok->attempts == 2);
  CHECK(rpc::parse_response(ok->body.view(), 1));
}

TEST_CASE("429 with Retry-After is honoured, then the request succeeds") {
  auto client = http::Client::create(faults().url + "/429/2/1/a", fast_options());
  REQUIRE(client);
  auto r = client->post(kBlockNumber);
  REQUIRE(r);
  CHECK(r->attempts == 3);
  CHECK(r->elapsed >= 1900ms);  // two waits of Retry-After: 1
  // The retry window is capped.
  auto o = fast_options();
  o.retry_after_cap = 50ms;
  auto capped = http::Client::create(faults().url + "/429/2/30/b", o);
  auto quick = capped->post(kBlockNumber);
  REQUIRE(quick);
  CHECK(quick->elapsed < 2s);
}

TEST_CASE("5xx then success; persistent 5xx is a clear error") {
  auto client = http::Client::create(faults().url + "/5xx/2/503/a", fast_options());
  auto r = client->post(kBlockNumber);
  REQUIRE(r);
  CHECK(r->attempts == 3);
  auto broken = http::Client::create(faults().url + "/5xx/100/500/b", fast_options());
  auto bad = broken->post(kBlockNumber);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == Errc::io);
  CHECK(bad.error().message.find("HTTP 500") != std::string::npos);
  // A 4xx other than 429 is not retried.
  auto notfound = http::Client::create(faults().url + "/5xx/100/404/c", fast_options());
  auto nf = notfound->post(kBlockNumber);
  REQUIRE_FALSE(nf);
  CHECK(nf.error().message.find("after 1 attempt") != std::string::npos);
}

TEST_CASE("truncated bodies and connection resets are retried") {
  auto truncated = http::Client::create(faults().url + "/truncate/1/a", fast_options());
  auto r = truncated->post(kBlockNumber);
  REQUIRE(r);
  CHECK(r->attempts == 2);
  auto always = http::Client::create(faults().url + "/truncate/100/b", fast_options());
  auto bad = always->post(kBlockNumber);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == Errc::io);
  auto reset = http::Client::create(faults().url + "/reset/2/c", fast_options());
  auto ok = reset->post(kBlockNumber);
  REQUIRE(ok);
  CHECK(ok->attempts == 3);
}

TEST_CASE("many requests in flight, each retried on its own") {
  auto client = http::Client::create(faults().url + "/5xx/3/502/many", fast_options());
  std::vector<std::string_view> bodies(20, kBlockNumber);
  auto results = client->post_many(bodies);
  REQUIRE(results.size() == 20);
  for (auto& r : results) CHECK(r);
}

TEST_CASE("malformed JSON: clear decode error, and failover to a healthy endpoint") {
  rpc::ClientOptions o;
  o.http = fast_options();
  auto single = rpc::Client::connect({faults().url + "/malformed/100/a"}, o);
  REQUIRE(single);
  auto bad = single->block_number();
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == Errc::decode);
  CHECK(bad.error().message.find("invalid JSON") != std::string::npos);

  auto two = rpc::Client::connect({faults().url + "/malformed/100/b", env("LB_RPC_URL")}, o);
  REQUIRE(two);
  for (int i = 0; i < 4; ++i) REQUIRE(two->block_number());
  const auto health = two->health();
  CHECK(health[0].failures >= 1);
  CHECK(health[0].cooling_down == false);  // one failure, then the healthy endpoint is preferred
  CHECK(health[1].consecutive_failures == 0);
  CHECK(health[1].requests >= 4);
}

TEST_CASE("wrong chain id is rejected at connect time") {
  rpc::ClientOptions o;
  o.http = fast_options();
  o.expected_chain_id = 8453;
  auto wrong = rpc::Client::connect({faults().url + "/chain/0x1/a"}, o);
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error().code == Errc::state);
  CHECK(wrong.error().message.find("chain id 1, expected 8453") != std::string::npos);
  // The real node is 8453: expecting mainnet fails, expecting Base connects.
  o.expected_chain_id = 1;
  auto mainnet = rpc::Client::connect({env("LB_RPC_URL")}, o);
  REQUIRE_FALSE(mainnet);
  CHECK(mainnet.error().message.find("chain id 8453, expected 1") != std::string::npos);
  o.expected_chain_id = 8453;
  CHECK(rpc::Client::connect({env("LB_RPC_URL")}, o));
  auto refused = rpc::Client::connect({"http://127.0.0.1:1/"}, o);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == Errc::io);
}

TEST_CASE("typed calls against the node") {
  rpc::ClientOptions o;
  o.expected_chain_id = 8453;
  auto client = rpc::Client::connect({env("LB_RPC_URL")}, o);
  REQUIRE(client);
  CHECK(client->chain_id().value_or(0) == 8453);
  const auto head = client->block_number();
  REQUIRE(head);
  auto block = client->get_block_by_number(rpc::BlockTag::at(*head));
  REQUIRE(block);
  REQUIRE(block->has_value());
  CHECK((*block)->number == *head);
  CHECK((*block)->base_fee_per_gas.has_value());
  auto missing = client->get_block_by_number(rpc::BlockTag::at(*head + 1000));
  REQUIRE(missing);
  CHECK_FALSE(missing->has_value());
  CHECK(client->gas_price());
  CHECK(client->max_priority_fee_per_gas());
  const std::array<double, 2> percentiles{10.0, 50.0};
  auto fees = client->fee_history(3, rpc::BlockTag::latest(), percentiles);
  REQUIRE(fees);
  CHECK(fees->base_fee_per_gas.size() == fees->gas_used_ratio.size() + 1);
  const Deployment d = deployment();
  CHECK(client->get_transaction_count(d.user, rpc::BlockTag::latest()).value_or(0) >= 1);
  // Borrow events of the seeded users, and the receipt of one of them.
  const Hash borrow_topic = abi::parse_signature("Borrow(address,address,address,uint256,uint8,uint256,uint16)")->topic();
  rpc::LogFilter filter;
  filter.from_block = 0;
  filter.to_block = *head;
  filter.addresses = {d.pool};
  filter.topics = {{borrow_topic}};
  auto logs = client->get_logs(filter);
  REQUIRE(logs);
  REQUIRE_FALSE(logs->empty());
  auto receipt = client->get_transaction_receipt(logs->front().transaction_hash);
  REQUIRE(receipt);
  REQUIRE(receipt->has_value());
  CHECK((*receipt)->status);
  CHECK((*receipt)->block_number == logs->front().block_number);
  // A transaction the node cannot decode comes back as a node error, kept structured.
  rpc::NodeError node_error;
  const Bytes junk{0x02, 0xc0};
  auto sent = client->send_raw_transaction(junk, &node_error);
  REQUIRE_FALSE(sent);
  CHECK(sent.error().code == Errc::rpc);
  CHECK_FALSE(node_error.message.empty());
}

TEST_CASE("a batch with one failed call keeps the others") {
  auto client = rpc::Client::connect({env("LB_RPC_URL")});
  REQUIRE(client);
  const Deployment d = deployment();
  const std::string pool = d.pool.to_hex();
  std::vector<rpc::Request> requests{
      {"eth_blockNumber", "[]"},
      // An unknown selector on the Pool reverts.
      {"eth_call", "[{\"to\":\"" + pool + "\",\"input\":\"0xdeadbeef\"},\"latest\"]"},
      {"eth_getBalance", "[\"0x12\",\"latest\"]"},
      {"eth_chainId", "[]"},
  };
  auto replies = client->batch(requests);
  REQUIRE(replies);
  REQUIRE(replies->size() == 4);
  CHECK((*replies)[0].ok());
  REQUIRE_FALSE((*replies)[1].ok());
  CHECK((*replies)[1].error->kind == rpc::ErrorKind::execution_reverted);
  REQUIRE_FALSE((*replies)[2].ok());
  CHECK((*replies)[3].result == "\"0x2105\"");
  // Split into chunks of 2, still in order.
  rpc::ClientOptions o;
  o.max_batch = 2;
  auto chunked = rpc::Client::connect({env("LB_RPC_URL")}, o);
  auto again = chunked->batch(requests);
  REQUIRE(again);
  CHECK((*again)[3].result == "\"0x2105\"");
  CHECK_FALSE((*again)[1].ok());
}

TEST_CASE("a batch the endpoint calls too large is split and resent") {
  auto client = rpc::Client::connect({faults().url + "/batchlimit/7/a"});
  REQUIRE(client);
  std::vector<rpc::Request> requests(30, rpc::Request{"eth_chainId", "[]"});
  auto replies = client->batch(requests);
  REQUIRE(replies);
  REQUIRE(replies->size() == 30);
  for (const rpc::Reply& reply : *replies) CHECK(reply.result == "\"0x2105\"");
}

TEST_CASE("a reverting call inside aggregate3, with allowFailure true and false") {
  auto client = rpc::Client::connect({env("LB_RPC_URL")});
  REQUIRE(client);
  const Deployment d = deployment();
  const auto head = client->block_number().value();
  const auto account = abi::Function<"getUserAccountData", Address>::encode(d.user);
  std::vector<reader::Call3> calls{
      {d.pool, false, Bytes(account.begin(), account.end())},
      {d.pool, true, Bytes{0xde, 0xad, 0xbe, 0xef}},
  };
  auto tolerant = reader::aggregate3(*client, reader::kMulticall3, calls, head);
  REQUIRE(tolerant);
  REQUIRE(tolerant->size() == 2);
  CHECK((*tolerant)[0].success);
  CHECK((*tolerant)[0].return_data.size() == 192);
  CHECK_FALSE((*tolerant)[1].success);
  calls[1].allow_failure = false;
  auto strict = reader::aggregate3(*client, reader::kMulticall3, calls, head);
  REQUIRE_FALSE(strict);
  CHECK(strict.error().code == Errc::rpc);
  CHECK(strict.error().message.find("Multicall3: call failed") != std::string::npos);
}

TEST_CASE("a snapshot read through a flaky transport equals the direct read") {
  rpc::ClientOptions o;
  o.http = fast_options();
  o.http.max_attempts = 4;
  auto direct = rpc::Client::connect({env("LB_RPC_URL")});
  auto flaky = rpc::Client::connect({faults().url + "/5xx/3/503/snapshot"}, o);
  REQUIRE(direct);
  REQUIRE(flaky);
  const Deployment d = deployment();
  const auto head = direct->block_number().value();
  auto r1 = reader::Reader::discover(*direct, d.provider);
  auto r2 = reader::Reader::discover(*flaky, d.provider);
  REQUIRE(r1);
  REQUIRE(r2);
  auto a = r1->read_user(d.user, rpc::BlockTag::at(head));
  auto b = r2->read_user(d.user, rpc::BlockTag::at(head));
  REQUIRE(a);
  REQUIRE(b);
  CHECK(aave::to_json(a->snapshot) == aave::to_json(b->snapshot));
  CHECK(a->on_chain == b->on_chain);
  // A provider address that is not a provider is a clear error.
  auto wrong = reader::Reader::discover(*direct, d.user);
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error().message.find("PoolAddressesProvider") != std::string::npos);
}
