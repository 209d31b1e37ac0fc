// The executor's TOML subset and configuration: accepted syntax, every rejection names the line and
// the key, environment precedence, and the refusals that keep the program from starting.
#include <liquidbot/executor.hpp>

#include <doctest/doctest.h>

#include <map>

using namespace liquidbot;
using namespace liquidbot::executor;

namespace {
Getenv env_of(std::map<std::string, std::string> values) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(values));
  return [shared](const char* name) -> const char* {
    auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}
const Getenv kNoEnv = [](const char*) -> const char* { return nullptr; };

std::string error_of(std::string_view text) {
  auto r = parse_toml(text);
  REQUIRE_FALSE(r.ok());
  return r.error().message;
}

constexpr std::string_view kMinimal = R"(
[chain]
rpc_url = "http://127.0.0.1:8545"
[aave]
provider = "0xe20fCBdBfFC4Dd138cE8b2E6FBb6CB49777ad64D"
[fees]
collector = "0x1111111111111111111111111111111111111111"
)";
}  // namespace

TEST_CASE("toml subset: values") {
  auto t = parse_toml(R"(# comment
top = "x"   # trailing comment
[a]
s = "q\"uo\\te\n\u00e9"
n = -1_000
z = 0
big = 9223372036854775807
small = -9223372036854775808
yes = true
no = false
list = [1, 2,
  3, # inside
]
strs = ["a", "b"]
empty = []
"quoted key" = 1
[b.c]
d = 1
)");
  REQUIRE(t.ok());
  CHECK(std::get<std::string>(t->at("top").data) == "x");
  CHECK(std::get<std::string>(t->at("a.s").data) == "q\"uo\\te\n\xc3\xa9");
  CHECK(std::get<std::int64_t>(t->at("a.n").data) == -1000);
  CHECK(std::get<std::int64_t>(t->at("a.z").data) == 0);
  CHECK(std::get<std::int64_t>(t->at("a.big").data) == INT64_MAX);
  CHECK(std::get<std::int64_t>(t->at("a.small").data) == INT64_MIN);
  CHECK(std::get<bool>(t->at("a.yes").data));
  CHECK_FALSE(std::get<bool>(t->at("a.no").data));
  CHECK(std::get<TomlValue::Array>(t->at("a.list").data).size() == 3);
  CHECK(std::get<TomlValue::Array>(t->at("a.strs").data).size() == 2);
  CHECK(std::get<TomlValue::Array>(t->at("a.empty").data).empty());
  CHECK(std::get<std::int64_t>(t->at("a.quoted key").data) == 1);
  CHECK(std::get<std::int64_t>(t->at("b.c.d").data) == 1);
  CHECK(t->at("a.s").line == 4);
}

TEST_CASE("toml subset: rejections name line and key") {
  CHECK(error_of("a = 1\na = 2") == "toml: line 2: key 'a': defined twice");
  CHECK(error_of("[t]\n[t]") == "toml: line 2: key 't': table defined twice");
  CHECK(error_of("x = 1.5") == "toml: line 1: key 'x': invalid value '1.5' (expected a string, an integer, true/false or an array)");
  CHECK(error_of("x = \"abc") == "toml: line 1: key 'x': unterminated string");
  CHECK(error_of("x = 'lit'").find("literal strings") != std::string::npos);
  CHECK(error_of("x = {a = 1}").find("inline tables") != std::string::npos);
  CHECK(error_of("x = [1, 2") == "toml: line 1: key 'x': unterminated array");
  CHECK(error_of("x = 1 2") == "toml: line 1: key 'x': unexpected '2' after the value");
  CHECK(error_of("x =") == "toml: line 1: key 'x': missing value");
  CHECK(error_of("x = 9223372036854775808").find("out of the 64-bit range") != std::string::npos);
  CHECK(error_of("x = 01").find("leading zero") != std::string::npos);
  CHECK(error_of("x = 1__0").find("invalid value") != std::string::npos);
  CHECK(error_of("x = \"\\q\"") == "toml: line 1: key 'x': invalid escape \\q");
  CHECK(error_of("\n\nx y = 1") == "toml: line 3: key 'x': expected '=' after the key");
  CHECK(error_of("[[arr]]").find("arrays of tables") != std::string::npos);
  CHECK(error_of("x = 2024-01-01").find("invalid value") != std::string::npos);
  CHECK(error_of("= 1").find("invalid character '='") != std::string::npos);
}

TEST_CASE("config: file, then environment") {
  auto c = load_config(kMinimal, kNoEnv);
  REQUIRE(c.ok());
  CHECK(c->rpc_url == "http://127.0.0.1:8545");
  CHECK(c->chain_id == 8453);
  CHECK(c->provider.to_checksum() == "0xe20fCBdBfFC4Dd138cE8b2E6FBb6CB49777ad64D");
  CHECK_FALSE(c->orchestrator.has_value());

  auto e = load_config(kMinimal, env_of({{"BASE_RPC_URL", "http://127.0.0.1:9"},
                                         {"BASE_CHAIN_ID", "84532"},
                                         {"FLASH_LOAN_ORCHESTRATOR_ADDRESS", "0x2222222222222222222222222222222222222222"},
                                         {"LOG_LEVEL", "debug"},
                                         {"LIQUIDBOT_DRY_RUN", "1"}}));
  REQUIRE(e.ok());
  CHECK(e->rpc_url == "http://127.0.0.1:9");
  CHECK(e->chain_id == 84532);
  CHECK(e->orchestrator.has_value());
  CHECK(e->log_level == LogLevel::debug);
  CHECK(e->dry_run);

  auto full = load_config(std::string(kMinimal) + R"(
[sender]
blocks_before_replacement = 3
max_attempts = 4
[simulation]
gas_margin_percent = 25
[executor]
database = "/tmp/x.db"
dry_run = true
)", kNoEnv);
  REQUIRE(full.ok());
  CHECK(full->sender.blocks_before_replacement == 3);
  CHECK(full->sender.max_attempts == 4);
  CHECK(full->simulation.gas_margin_percent == 25);
  CHECK(full->database == "/tmp/x.db");
  CHECK(full->dry_run);
}

TEST_CASE("config: refusals") {
  auto err = [](std::string_view text, const Getenv& env) {
    auto r = load_config(text, env);
    REQUIRE_FALSE(r.ok());
    return r.error().message;
  };
  CHECK(err("", kNoEnv) == "config: BASE_RPC_URL is not set (nor [chain] rpc_url)");
  CHECK(err("[chain]\nrpc_url = \"http://x\"", kNoEnv) == "config: AAVE_V3_POOL_ADDRESSES_PROVIDER is not set (nor [aave] provider)");
  CHECK(err(std::string(kMinimal) + "[sender]\nmax_attemps = 3\n", kNoEnv) ==
        "config: line 9: key 'sender.max_attemps': unknown key");
  CHECK(err(std::string(kMinimal) + "[sender]\nmax_attempts = \"3\"\n", kNoEnv) ==
        "config: line 9: key 'sender.max_attempts': expected an integer");
  CHECK(err(std::string(kMinimal) + "[fees]\n", kNoEnv).find("table defined twice") != std::string::npos);
  CHECK(err(kMinimal, env_of({{"BASE_CHAIN_ID", "base"}})) ==
        "config: environment BASE_CHAIN_ID: 'base' is not a positive integer");
  CHECK(err(kMinimal, env_of({{"FEE_COLLECTOR_ADDRESS", "0x12"}})).find("environment FEE_COLLECTOR_ADDRESS") == 8);
  CHECK(err(kMinimal, env_of({{"LOG_LEVEL", "loud"}})).find("unknown log level 'loud'") != std::string::npos);
  CHECK(err(kMinimal, env_of({{"LIQUIDBOT_DRY_RUN", "yes"}})).find("LIQUIDBOT_DRY_RUN") != std::string::npos);
  CHECK(err("[chain]\nrpc_url = \"http://x\"\n[aave]\nprovider = \"0xe20fCBdBfFC4Dd138cE8b2E6FBb6CB49777ad64D\"\n", kNoEnv)
            .find("FEE_COLLECTOR_ADDRESS") != std::string::npos);
  CHECK(err(std::string(kMinimal) + "[executor]\nlog_level = \"verbose\"\n", kNoEnv).find("line 9") != std::string::npos);
}

TEST_CASE("log lines are one JSON object") {
  CHECK(log_line(1700000000000, LogLevel::info, "sent", "\"tx\":" + json_string("0xab\"\n")) ==
        "{\"ts\":1700000000000,\"level\":\"info\",\"event\":\"sent\",\"tx\":\"0xab\\\"\\n\"}");
  CHECK(log_line(1, LogLevel::warn, "x", "") == "{\"ts\":1,\"level\":\"warn\",\"event\":\"x\"}");
  CHECK(json_string(std::string_view("\x01", 1)) == "\"\\u0001\"");
}

TEST_CASE("config: cost caps, the ETH price asset and the monitor keys") {
  auto c = load_config(std::string(kMinimal) + R"(max_cost_wei = "5000000000000000"
max_cost_base = "250000000"
eth_price_asset = "0x1111111111111111111111111111111111111112"
[monitor]
sweep_every_blocks = 3
discover_every_blocks = 50
)",
                       kNoEnv);
  REQUIRE(c.ok());
  CHECK(c->cost_caps.max_cost_wei == u256::from_dec("5000000000000000").value());
  CHECK(c->cost_caps.max_cost_base_currency == u256{250'000'000});
  CHECK(c->eth_price_asset == Address::parse("0x1111111111111111111111111111111111111112").value());
  CHECK(c->sweep_every_blocks == 3);
  CHECK(c->discover_every_blocks == 50);

  auto defaults = load_config(kMinimal, kNoEnv);
  REQUIRE(defaults.ok());
  CHECK(defaults->cost_caps.max_cost_wei.is_zero());
  CHECK(defaults->cost_caps.max_cost_base_currency.is_zero());
  CHECK(defaults->eth_price_asset == Address::parse("0x4200000000000000000000000000000000000006").value());
  CHECK(defaults->sweep_every_blocks == 1);
  CHECK(defaults->discover_every_blocks == 300);

  auto zero = load_config(std::string(kMinimal) + "[monitor]\nsweep_every_blocks = 0\n", kNoEnv);
  REQUIRE_FALSE(zero.ok());
  CHECK(zero.error().message.find("key 'monitor.sweep_every_blocks': must be positive") != std::string::npos);
  auto bad_cap = load_config(std::string(kMinimal) + "max_cost_base = \"1.5\"\n", kNoEnv);
  REQUIRE_FALSE(bad_cap.ok());
  CHECK(bad_cap.error().message.find("key 'fees.max_cost_base': expected a decimal integer string") != std::string::npos);
  auto bad_asset = load_config(std::string(kMinimal) + "eth_price_asset = \"0x12\"\n", kNoEnv);
  REQUIRE_FALSE(bad_asset.ok());
  CHECK(bad_asset.error().message.find("key 'fees.eth_price_asset'") != std::string::npos);
}

TEST_CASE("config: back-off after a lasting refusal, sizing slack") {
  auto defaults = load_config(kMinimal, kNoEnv);
  REQUIRE(defaults.ok());
  CHECK(defaults->backoff_blocks == 20);
  CHECK(defaults->slack_blocks == 2);
  auto slack = load_config(std::string(kMinimal) + "[executor]\nslack_blocks = 0\n", kNoEnv);
  REQUIRE(slack.ok());
  CHECK(slack->slack_blocks == 0);
  auto slack_high = load_config(std::string(kMinimal) + "[executor]\nslack_blocks = 101\n", kNoEnv);
  REQUIRE_FALSE(slack_high.ok());
  CHECK(slack_high.error().message.find("key 'executor.slack_blocks'") != std::string::npos);
  auto set = load_config(std::string(kMinimal) + "[executor]\nbackoff_blocks = 5\n", kNoEnv);
  REQUIRE(set.ok());
  CHECK(set->backoff_blocks == 5);
  auto off = load_config(std::string(kMinimal) + "[executor]\nbackoff_blocks = 0\n", kNoEnv);
  REQUIRE(off.ok());
  CHECK(off->backoff_blocks == 0);
  auto bad = load_config(std::string(kMinimal) + "[executor]\nbackoff_blocks = -1\n", kNoEnv);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("key 'executor.backoff_blocks'") != std::string::npos);
  auto text = load_config(std::string(kMinimal) + "[executor]\nbackoff_blocks = \"20\"\n", kNoEnv);
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().message.find("key 'executor.backoff_blocks': expected an integer") != std::string::npos);
}
