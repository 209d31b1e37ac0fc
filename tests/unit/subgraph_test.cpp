// Subgraph client: config limits, gateway URL, request bodies, strict page parsing, Borrow logs.
// Pages are hand-written JSON in the shape the Aave V3 subgraph (and the test-bed stand-in) serve.
#include <liquidbot/subgraph.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace liquidbot;
using namespace liquidbot::subgraph;

namespace {

const std::string kUserA = "0x00000000000000000000000000000000000000a1";
const std::string kUserB = "0x00000000000000000000000000000000000000b2";
const std::string kAsset = "0x4200000000000000000000000000000000000006";

std::string user_json(const std::string& id, const std::string& extra_reserve = "", const std::string& emode = "null",
                      const std::string& count = "1") {
  return "{\"id\":\"" + id + "\",\"borrowedReservesCount\":" + count + ",\"eModeCategoryId\":" + emode +
         ",\"reserves\":[{\"usageAsCollateralEnabledOnUser\":true,\"scaledATokenBalance\":\"1000000000000000000\","
         "\"scaledVariableDebt\":\"0\",\"reserve\":{\"underlyingAsset\":\"" +
         kAsset + "\"}}" + extra_reserve + "]}";
}

std::string page_json(const std::string& users, std::uint64_t block = 123) {
  return "{\"data\":{\"users\":[" + users + "],\"_meta\":{\"block\":{\"number\":" + std::to_string(block) +
         "},\"hasIndexingErrors\":false}}}";
}

std::string error_of(const Result<Page>& page) { return page ? std::string() : page.error().message; }

}  // namespace

TEST_CASE("subgraph config: page size 500..1000, URL, attempts, key characters") {
  Config config;
  config.url = "http://127.0.0.1:1/subgraphs/name/x";
  CHECK(config.validate().ok());
  config.page_size = 499;
  CHECK(config.validate().error().message == "subgraph: page size 499 outside 500..1000");
  config.page_size = 1001;
  CHECK_FALSE(config.validate().ok());
  config.page_size = 500;
  CHECK(config.validate().ok());
  config.page_attempts = 0;
  CHECK_FALSE(config.validate().ok());
  config.page_attempts = 1;
  config.api_key = "abc def";
  CHECK_FALSE(config.validate().ok());
  config.api_key = "abc_DEF-123";
  CHECK(config.validate().ok());
  config.url.clear();
  CHECK(config.validate().error().code == Errc::invalid_argument);
  CHECK_FALSE(Client::create(config).ok());
}

TEST_CASE("subgraph gateway URL puts the key in the path") {
  auto url = gateway_url("KEY123", "GQFbb95cE6d8mV989mL5figjaGaKCQB3xqYrr1bRyXqF");
  REQUIRE(url.ok());
  CHECK(*url == "https://gateway.thegraph.com/api/KEY123/subgraphs/id/GQFbb95cE6d8mV989mL5figjaGaKCQB3xqYrr1bRyXqF");
  CHECK_FALSE(gateway_url("", "id").ok());
  CHECK_FALSE(gateway_url("k/../x", "id").ok());
  CHECK_FALSE(gateway_url("k", "").ok());
  CHECK_FALSE(gateway_url("k", "id", "https://host/").ok());
}

TEST_CASE("subgraph request bodies: cursor, first, block pin, never skip") {
  const std::string first = borrowers_request("", 77, 1000);
  CHECK(first.find("users(first: 1000, orderBy: id, orderDirection: asc, block: { number: 77 }") != std::string::npos);
  CHECK(first.find("where: { id_gt: \\\"\\\", borrowedReservesCount_gt: 0 }") != std::string::npos);
  CHECK(first.find("_meta(block: { number: 77 })") != std::string::npos);
  CHECK(first.find("skip") == std::string::npos);
  const std::string next = borrowers_request(kUserA, std::nullopt, 500);
  CHECK(next.find("first: 500") != std::string::npos);
  CHECK(next.find("id_gt: \\\"" + kUserA + "\\\"") != std::string::npos);
  CHECK(next.find("block:") == std::string::npos);
  CHECK(meta_request() == R"({"query":"{ _meta { block { number } hasIndexingErrors } }"})");
}

TEST_CASE("subgraph page parses users, reserves, eMode and meta") {
  const std::string extra =
      ",{\"usageAsCollateralEnabledOnUser\":false,\"scaledATokenBalance\":\"0\",\"scaledVariableDebt\":"
      "\"115792089237316195423570985008687907853269984665640564039457584007913129639935\",\"reserve\":{"
      "\"underlyingAsset\":\"0x833589fcd6edb6e08f4c7c32d4f71b54bda02913\"}}";
  auto page = parse_borrowers_page(page_json(user_json(kUserA) + "," + user_json(kUserB, extra, "{\"id\":\"1\"}", "2")));
  REQUIRE_MESSAGE(page.ok(), error_of(page));
  CHECK(page->block == 123);
  CHECK_FALSE(page->has_indexing_errors);
  REQUIRE(page->borrowers.size() == 2);
  CHECK(page->borrowers[0].user.to_hex() == kUserA);
  CHECK(page->borrowers[0].emode == 0);
  CHECK(page->borrowers[0].reserves[0].collateral);
  CHECK(page->borrowers[0].reserves[0].scaled_a_token_balance == u256(1'000'000'000'000'000'000ULL));
  CHECK(page->borrowers[1].emode == 1);
  CHECK(page->borrowers[1].borrowed_reserves_count == 2);
  REQUIRE(page->borrowers[1].reserves.size() == 2);
  CHECK(page->borrowers[1].reserves[1].scaled_variable_debt == u256::max());
  CHECK(page->borrowers[1].reserves[1].asset.to_hex() == "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913");
  CHECK_FALSE(page->borrowers[1].reserves[1].collateral);

  const auto buffer = http::PaddedBuffer::from(page_json(user_json(kUserA)));
  auto padded = parse_borrowers_page(buffer);
  REQUIRE(padded.ok());
  CHECK(padded->borrowers.size() == 1);

  auto empty = parse_borrowers_page(page_json(""));
  REQUIRE(empty.ok());
  CHECK(empty->borrowers.empty());
}

TEST_CASE("subgraph page: GraphQL errors are errors even with partial data") {
  auto page = parse_borrowers_page(
      R"({"errors":[{"message":"indexing_error"},{"message":"second"}],"data":{"users":[],"_meta":{"block":{"number":1}}}})");
  REQUIRE_FALSE(page.ok());
  CHECK(page.error().code == Errc::rpc);
  CHECK(page.error().message == "subgraph: GraphQL errors: indexing_error; second");
  CHECK_FALSE(parse_borrowers_page(R"({"errors":[]})").ok());
  CHECK(parse_borrowers_page(R"({"errors":null,"data":{"users":[],"_meta":{"block":{"number":1}}}})").ok());
}

TEST_CASE("subgraph page: strict rejection with the field named") {
  auto message = [](const std::string& body) { return error_of(parse_borrowers_page(body)); };
  CHECK(message("{\"data\":{\"users\":[") .rfind("subgraph: invalid JSON", 0) == 0);
  CHECK(message("[]") == "subgraph: response: not a JSON object");
  CHECK(message("{}") == "subgraph: data: missing");
  CHECK(message("{\"data\":null}") == "subgraph: data: not an object");
  CHECK(message("{\"data\":{\"_meta\":{\"block\":{\"number\":1}}}}") == "subgraph: data.users: missing or not an array");
  CHECK(message("{\"data\":{\"users\":[]}}") == "subgraph: data._meta: missing or not an object");
  CHECK(message("{\"data\":{\"users\":[],\"_meta\":{\"block\":{\"number\":-1}}}}") ==
        "subgraph: data._meta.block.number: missing or not a non-negative integer");
  CHECK(message("{\"data\":{\"users\":[],\"_meta\":{\"block\":{\"number\":1},\"hasIndexingErrors\":1}}}") ==
        "subgraph: data._meta.hasIndexingErrors: not a boolean");
  // Checksummed (mixed-case) ids are not what the subgraph serves.
  CHECK(message(page_json(user_json("0x00000000000000000000000000000000000000A1"))).find("data.users[0].id") != std::string::npos);
  CHECK(message(page_json(user_json("0x00"))).find("is not a lowercase 0x address") != std::string::npos);
  CHECK(message(page_json(user_json(kUserB) + "," + user_json(kUserA))) ==
        "subgraph: data.users[1].id: not strictly above the previous id (orderBy: id, asc)");
  CHECK(message(page_json(user_json(kUserA) + "," + user_json(kUserA))).find("not strictly above") != std::string::npos);
  CHECK(message(page_json(user_json(kUserA, "", "null", "0"))) ==
        "subgraph: data.users[0].borrowedReservesCount: 0 is outside 1..128 (the query asks for > 0)");
  CHECK(message(page_json(user_json(kUserA, "", "null", "\"1\""))).find("borrowedReservesCount: missing") != std::string::npos);
  CHECK(message(page_json(user_json(kUserA, "", "{\"id\":\"256\"}"))).find("eModeCategoryId.id") != std::string::npos);
  CHECK(message(page_json(user_json(kUserA, "", "{\"id\":\"01\"}"))).find("eModeCategoryId.id") != std::string::npos);
  CHECK(message(page_json(user_json(kUserA, "", "{\"id\":1}"))).find("eModeCategoryId.id") != std::string::npos);
  const std::string bad_number =
      ",{\"usageAsCollateralEnabledOnUser\":true,\"scaledATokenBalance\":\"12x\",\"scaledVariableDebt\":\"0\","
      "\"reserve\":{\"underlyingAsset\":\"" + kAsset + "\"}}";
  CHECK(message(page_json(user_json(kUserA, bad_number))) ==
        "subgraph: data.users[0].reserves[1].scaledATokenBalance: \"12x\" is not a decimal uint256");
  const std::string too_big =
      ",{\"usageAsCollateralEnabledOnUser\":true,\"scaledATokenBalance\":\"0\",\"scaledVariableDebt\":"
      "\"115792089237316195423570985008687907853269984665640564039457584007913129639936\",\"reserve\":{"
      "\"underlyingAsset\":\"" + kAsset + "\"}}";
  CHECK(message(page_json(user_json(kUserA, too_big))).find("reserves[1].scaledVariableDebt") != std::string::npos);
  const std::string numeric =
      ",{\"usageAsCollateralEnabledOnUser\":true,\"scaledATokenBalance\":5,\"scaledVariableDebt\":\"0\","
      "\"reserve\":{\"underlyingAsset\":\"" + kAsset + "\"}}";
  CHECK(message(page_json(user_json(kUserA, numeric))).find("not a string (BigInt)") != std::string::npos);
  const std::string no_asset =
      ",{\"usageAsCollateralEnabledOnUser\":true,\"scaledATokenBalance\":\"0\",\"scaledVariableDebt\":\"0\",\"reserve\":{}}";
  CHECK(message(page_json(user_json(kUserA, no_asset))) == "subgraph: data.users[0].reserves[1].reserve.underlyingAsset: missing");
  // More users than the page asked for.
  CHECK(error_of(parse_borrowers_page(page_json(user_json(kUserA) + "," + user_json(kUserB)), 1)) ==
        "subgraph: data.users: 2 users exceed the page size 1");
}

TEST_CASE("subgraph meta parses the indexed block") {
  auto meta = parse_meta(R"({"data":{"_meta":{"block":{"number":4242},"hasIndexingErrors":true}}})");
  REQUIRE(meta.ok());
  CHECK(meta->block == 4242);
  CHECK(meta->has_indexing_errors);
  CHECK_FALSE(parse_meta(R"({"data":{"_meta":{"block":{}}}})").ok());
}

TEST_CASE("Borrow event topic and onBehalfOf") {
  // keccak256("Borrow(address,address,address,uint256,uint8,uint256,uint16)"), the Aave V3 Pool event
  // (as ethers' id() computes it).
  CHECK(hex_encode(kBorrowTopic.view()) == "0xb3d084820fb1a9decffb176436bd02558d15fac9b0ddfed8c465bc7359d7dce0");
  rpc::Log log;
  log.topics.push_back(kBorrowTopic);
  auto reserve = Hash::from_hex("0x0000000000000000000000004200000000000000000000000000000000000006");
  auto user = Hash::from_hex("0x00000000000000000000000000000000000000000000000000000000000000a1");
  REQUIRE(reserve.ok());
  REQUIRE(user.ok());
  log.topics.push_back(*reserve);
  CHECK_FALSE(borrower_of(log).ok());
  log.topics.push_back(*user);
  auto borrower = borrower_of(log);
  REQUIRE(borrower.ok());
  CHECK(borrower->to_hex() == kUserA);
  log.topics[2].bytes[0] = 1;
  CHECK(borrower_of(log).error().message == "subgraph: Borrow onBehalfOf topic has non-zero upper bytes");
  log.topics[0].bytes[0] ^= 1;
  CHECK(borrower_of(log).error().message == "subgraph: log topic0 is not Borrow");
}

namespace {

const std::string kPoolId = "0xe20fcbdbffc4dd138ce8b2e6fbb6cb49777ad64d";
const std::string kAsset2 = "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913";

std::string reserve_json(const std::string& asset, const std::string& replace_key = "", const std::string& with = "") {
  std::string row = "{\"id\":\"" + asset + kPoolId + "\",\"underlyingAsset\":\"" + asset +
                    "\",\"symbol\":\"WETH\",\"decimals\":18,\"usageAsCollateralEnabled\":true,"
                    "\"borrowingEnabled\":true,\"isActive\":true,\"isFrozen\":false,\"isPaused\":false,"
                    "\"baseLTVasCollateral\":\"8000\",\"reserveLiquidationThreshold\":\"8300\","
                    "\"reserveLiquidationBonus\":\"10500\",\"liquidityIndex\":\"1000000000000000000000000000\","
                    "\"variableBorrowIndex\":\"1001000000000000000000000000\"}";
  if (!replace_key.empty()) {
    const auto at = row.find("\"" + replace_key + "\":");
    REQUIRE(at != std::string::npos);
    auto end = row.find_first_of(",}", row.find(':', at) + 1);
    if (row[row.find(':', at) + 1] == '"') end = row.find('"', row.find(':', at) + 2) + 1;
    row.replace(at, end - at, with);
  }
  return row;
}

std::string reserves_page_json(const std::string& rows, std::uint64_t block = 123) {
  return "{\"data\":{\"reserves\":[" + rows + "],\"_meta\":{\"block\":{\"number\":" + std::to_string(block) +
         "},\"hasIndexingErrors\":false}}}";
}

std::string reserve_error(const std::string& body) {
  auto page = parse_reserves_page(body);
  return page ? std::string() : page.error().message;
}

}  // namespace

TEST_CASE("subgraph reserves request: cursor, order, page size, pinned block and _meta") {
  const std::string first = reserves_request("", 77, 1000);
  CHECK(first.find("reserves(first: 1000, orderBy: id, orderDirection: asc, block: { number: 77 }, "
                   "where: { id_gt: \\\"\\\" })") != std::string::npos);
  CHECK(first.find("_meta(block: { number: 77 }) { block { number } hasIndexingErrors }") != std::string::npos);
  for (const char* field : {"underlyingAsset", "symbol", "decimals", "usageAsCollateralEnabled",
                            "reserveLiquidationThreshold", "baseLTVasCollateral", "reserveLiquidationBonus"})
    CHECK(first.find(field) != std::string::npos);
  CHECK(first.find("skip") == std::string::npos);
  const std::string next = reserves_request(kAsset + kPoolId, std::nullopt, 500);
  CHECK(next.find("reserves(first: 500, orderBy: id, orderDirection: asc, where: { id_gt: \\\"" + kAsset + kPoolId +
                  "\\\" })") != std::string::npos);
  CHECK(next.find("_meta { block") != std::string::npos);
}

TEST_CASE("subgraph reserves page: parsed field by field") {
  auto page = parse_reserves_page(reserves_page_json(reserve_json(kAsset) + "," + reserve_json(kAsset2), 99));
  REQUIRE(page.ok());
  CHECK(page->block == 99);
  REQUIRE(page->reserves.size() == 2);
  const Reserve& r = page->reserves[0];
  CHECK(r.id == kAsset + kPoolId);
  CHECK(r.underlying_asset.to_hex() == kAsset);
  CHECK(r.symbol == "WETH");
  CHECK(r.decimals == 18);
  CHECK(r.usage_as_collateral_enabled);
  CHECK(r.borrowing_enabled);
  CHECK(r.is_active);
  CHECK_FALSE(r.is_frozen);
  CHECK_FALSE(r.is_paused);
  CHECK(r.base_ltv_as_collateral == u256(8000));
  CHECK(r.reserve_liquidation_threshold == u256(8300));
  CHECK(r.reserve_liquidation_bonus == u256(10500));
  CHECK(r.liquidity_index == *u256::from_dec("1000000000000000000000000000"));
  CHECK(r.variable_borrow_index == *u256::from_dec("1001000000000000000000000000"));
  CHECK(page->reserves[1].underlying_asset.to_hex() == kAsset2);
  CHECK(parse_reserves_page(reserves_page_json("")).ok());
}

TEST_CASE("subgraph reserves page: malformed input is rejected with the field named") {
  CHECK(reserve_error("{\"errors\":[{\"message\":\"indexer down\"}]}") == "subgraph: GraphQL errors: indexer down");
  CHECK(reserve_error("{\"data\":{\"reserves\":[") .rfind("subgraph: invalid JSON", 0) == 0);
  CHECK(reserve_error("{\"data\":{\"_meta\":{\"block\":{\"number\":1}}}}") ==
        "subgraph: data.reserves: missing or not an array");
  CHECK(reserve_error(reserves_page_json(reserve_json(kAsset, "decimals", "\"decimals\":\"18\""))) ==
        "subgraph: data.reserves[0].decimals: missing or not an integer");
  CHECK(reserve_error(reserves_page_json(reserve_json(kAsset, "decimals", "\"decimals\":300"))) ==
        "subgraph: data.reserves[0].decimals: 300 is outside 0..255");
  CHECK(reserve_error(reserves_page_json(reserve_json(kAsset, "isFrozen", "\"isFrozen\":0"))) ==
        "subgraph: data.reserves[0].isFrozen: missing or not a boolean");
  CHECK(reserve_error(reserves_page_json(reserve_json(kAsset, "reserveLiquidationThreshold",
                                                      "\"reserveLiquidationThreshold\":8300"))) ==
        "subgraph: data.reserves[0].reserveLiquidationThreshold: not a string (BigInt)");
  CHECK(reserve_error(reserves_page_json(reserve_json(kAsset, "liquidityIndex", "\"liquidityIndex\":\"-1\""))) ==
        "subgraph: data.reserves[0].liquidityIndex: \"-1\" is not a decimal uint256");
  CHECK(reserve_error(reserves_page_json(reserve_json(kAsset, "symbol", "\"symbol\":null"))) ==
        "subgraph: data.reserves[0].symbol: missing or not a string");
  // id must be underlyingAsset followed by the (lowercase) pool id.
  CHECK(reserve_error(reserves_page_json(reserve_json(kAsset, "id", "\"id\":\"" + kAsset2 + kPoolId + "\""))).find(
            "data.reserves[0].id") != std::string::npos);
  CHECK(!reserve_error(reserves_page_json(reserve_json(kAsset, "id", "\"id\":\"" + kAsset + "\""))).empty());
  CHECK(!reserve_error(reserves_page_json(reserve_json(kAsset, "underlyingAsset",
                                                       "\"underlyingAsset\":\"0x4200000000000000000000000000000000000006X\"")))
             .empty());
  // ids strictly ascending; no more rows than the page size.
  CHECK(reserve_error(reserves_page_json(reserve_json(kAsset2) + "," + reserve_json(kAsset))) ==
        "subgraph: data.reserves[1].id: not strictly above the previous id (orderBy: id, asc)");
  CHECK(reserve_error(reserves_page_json(reserve_json(kAsset) + "," + reserve_json(kAsset))).find("strictly") !=
        std::string::npos);
  auto over = parse_reserves_page(reserves_page_json(reserve_json(kAsset) + "," + reserve_json(kAsset2)), 1);
  REQUIRE_FALSE(over.ok());
  CHECK(over.error().message == "subgraph: data.reserves: 2 rows exceed the page size 1");
  CHECK(reserve_error("{\"data\":{\"reserves\":[]}}") == "subgraph: data._meta: missing or not an object");
}
