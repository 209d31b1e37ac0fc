// JSON-RPC parsing: strict quantities and data, single and batch responses, node errors with
// revert data (vectors encoded by ethers 6.17.0 Interface.encodeErrorResult), classification order.
#include <doctest/doctest.h>

#include <liquidbot/rpc.hpp>

using namespace liquidbot;
using namespace liquidbot::rpc;

TEST_CASE("quantities are parsed strictly") {
  CHECK(parse_quantity("0x0").value() == u256(0));
  CHECK(parse_quantity("0x2105").value() == u256(8453));
  CHECK(parse_quantity("0xDEADbeef").value() == u256(0xdeadbeefULL));
  CHECK(parse_quantity("0x" + std::string(64, 'f')).value() == u256::max());
  for (const char* bad : {"", "0x", "0x01", "0x00", "0X1", "1", "x1", "0x1g", " 0x1", "0x1 ", "-0x1", "0x+1"}) {
    INFO(bad);
    auto r = parse_quantity(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::invalid_argument);
  }
  CHECK_FALSE(parse_quantity("0x1" + std::string(64, '0')));
  CHECK(parse_quantity("0x01").error().message.find("leading zero") != std::string::npos);
  CHECK(parse_quantity_u64("0xffffffffffffffff").value() == ~0ULL);
  CHECK(parse_quantity_u64("0x10000000000000000").error().code == Errc::overflow);
}

TEST_CASE("data and quantity formatting") {
  CHECK(parse_data("0x").value().empty());
  CHECK(parse_data("0x00ff").value() == Bytes{0x00, 0xff});
  CHECK_FALSE(parse_data("00ff"));
  CHECK_FALSE(parse_data("0x0"));
  CHECK_FALSE(parse_data("0xzz"));
  CHECK(format_quantity(u256(0)) == "0x0");
  CHECK(format_quantity(u256(8453)) == "0x2105");
  CHECK(format_quantity(u256::max()) == "0x" + std::string(64, 'f'));
  CHECK(BlockTag::at(26).to_param() == "0x1a");
  CHECK(BlockTag::latest().to_param() == "latest");
  CHECK(BlockTag::pending().to_param() == "pending");
}

TEST_CASE("node error strings are classified in the reference order") {
  CHECK(classify(-32000, "replacement transaction underpriced") == ErrorKind::replacement_underpriced);
  CHECK(classify(-32000, "transaction underpriced") == ErrorKind::underpriced);
  CHECK(classify(-32000, "nonce too low: next nonce 5, tx nonce 3") == ErrorKind::nonce_too_low);
  CHECK(classify(-32000, "Nonce Too High") == ErrorKind::nonce_too_high);
  CHECK(classify(-32000, "insufficient funds for gas * price + value") == ErrorKind::insufficient_funds);
  CHECK(classify(-32003,
                 "Sender doesn't have enough funds to send tx. The max upfront cost is: 2100000000000000 and "
                 "the sender's balance is: 0.") == ErrorKind::insufficient_funds);
  CHECK(classify(-32000, "Known transaction: 0x2bd4c5e0d1b0f3a7c9e8d6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5") ==
        ErrorKind::already_known);
  CHECK(classify(-32000, "unknown transaction type") != ErrorKind::already_known);
  CHECK(classify(-32000, "intrinsic gas too low") == ErrorKind::intrinsic_gas_too_low);
  CHECK(classify(3, "execution reverted: 35") == ErrorKind::execution_reverted);
  CHECK(classify(-32000, "max fee per gas less than block base fee: address 0x..") == ErrorKind::base_fee_too_low);
  CHECK(classify(-32000, "already known") == ErrorKind::already_known);
  CHECK(classify(-32000, "transaction already in pool") == ErrorKind::already_known);
  CHECK(classify(-32005, "daily request count exceeded, request rate limited") == ErrorKind::rate_limited);
  CHECK(classify(-32005, "whatever") == ErrorKind::rate_limited);
  CHECK(classify(-32600, "batch too large") == ErrorKind::batch_too_large);
  CHECK(classify(-32601, "the method eth_foo does not exist") == ErrorKind::method_not_found);
  CHECK(classify(-32602, "invalid argument 0") == ErrorKind::invalid_params);
  CHECK(classify(3, "") == ErrorKind::execution_reverted);
  CHECK(classify(-32000, "something new") == ErrorKind::other);
  CHECK(to_string(ErrorKind::nonce_too_low) == "nonce_too_low");
}

TEST_CASE("node errors keep code, message and decoded revert data") {
  // ethers: Interface(["error Error(string)"]).encodeErrorResult("Error", ["Multicall3: call failed"])
  const std::string error_string =
      "0x08c379a0000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000"
      "000000000000000000000000000000174d756c746963616c6c333a2063616c6c206661696c6564000000000000000000";
  auto e = parse_node_error(R"({"code":3,"message":"execution reverted: Multicall3: call failed","data":")" +
                            error_string + "\"}");
  REQUIRE(e);
  CHECK(e->code == 3);
  CHECK(e->kind == ErrorKind::execution_reverted);
  REQUIRE(e->revert);
  CHECK(e->revert->kind == abi::Revert::Kind::error);
  CHECK(e->revert->message == "Multicall3: call failed");
  CHECK(e->to_error("eth_call").code == Errc::rpc);
  CHECK(e->to_error("eth_call").message.find("eth_call: execution reverted") != std::string::npos);
  // ethers: Panic(0x11) revert data
  auto panic = parse_node_error(
      R"({"code":-32000,"message":"execution reverted","data":"0x4e487b710000000000000000000000000000000000000000000000000000000000000011"})");
  REQUIRE(panic);
  REQUIRE(panic->revert);
  CHECK(panic->revert->kind == abi::Revert::Kind::panic);
  CHECK(panic->revert->panic_code == u256(0x11));
  auto structured = parse_node_error(R"({"code":-32000,"message":"boom","data":{"reason":"x"}})");
  REQUIRE(structured);
  CHECK_FALSE(structured->data);
  CHECK(structured->data_json == R"({"reason":"x"})");
  // Hardhat/EDR: the revert data nested under data.data (here Panic(0x11) as above).
  auto nested = parse_node_error(
      R"({"code":-32603,"message":"Error: VM Exception while processing transaction: reverted with panic code 0x11","data":{"message":"reverted","data":"0x4e487b710000000000000000000000000000000000000000000000000000000000000011"}})");
  REQUIRE(nested);
  CHECK(nested->kind == ErrorKind::execution_reverted);
  REQUIRE(nested->data);
  REQUIRE(nested->revert);
  CHECK(nested->revert->panic_code == u256(0x11));
  auto nested_junk = parse_node_error(R"({"code":-32603,"message":"reverted","data":{"data":"0xzz"}})");
  REQUIRE(nested_junk);
  CHECK_FALSE(nested_junk->data);
  CHECK(nested_junk->data_json == R"({"data":"0xzz"})");
  CHECK_FALSE(parse_node_error(R"({"message":"no code"})"));
  CHECK_FALSE(parse_node_error(R"({"code":"1","message":"x"})"));
  CHECK_FALSE(parse_node_error(R"([1])"));
}

TEST_CASE("single responses") {
  auto ok = parse_response(R"({"jsonrpc":"2.0","id":7,"result":"0x2105"})", 7);
  REQUIRE(ok);
  CHECK(ok->ok());
  CHECK(ok->result == "\"0x2105\"");
  auto obj = parse_response(R"({"jsonrpc":"2.0","id":7,"result":{"a": [1, 2]}})", 7);
  REQUIRE(obj);
  CHECK(obj->result == R"({"a":[1,2]})");
  auto null_result = parse_response(R"({"jsonrpc":"2.0","id":7,"result":null})", 7);
  REQUIRE(null_result);
  CHECK(null_result->result == "null");
  auto err = parse_response(R"({"jsonrpc":"2.0","id":7,"error":{"code":-32601,"message":"method not found"}})", 7);
  REQUIRE(err);
  REQUIRE(err->error);
  CHECK(err->error->kind == ErrorKind::method_not_found);
  auto null_id = parse_response(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}})", 7);
  REQUIRE(null_id);
  CHECK(null_id->error->code == -32700);
  CHECK(parse_response(R"({"jsonrpc":"2.0","id":8,"result":"0x1"})", 7).error().message.find("id 8") !=
        std::string::npos);
  for (const char* bad : {"", "{", "[]", "null", R"({"id":7,"result":"0x1"})", R"({"jsonrpc":"1.0","id":7,"result":1})",
                          R"({"jsonrpc":"2.0","id":7})", R"({"jsonrpc":"2.0","id":"7","result":1})",
                          R"({"jsonrpc":"2.0","id":7,"result":"0x1")", R"({"jsonrpc":"2.0","id":-1,"result":1})"}) {
    INFO(bad);
    auto r = parse_response(bad, 7);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::decode);
  }
}

TEST_CASE("batch responses are matched by id in any order") {
  auto r = parse_batch_response(
      R"([{"jsonrpc":"2.0","id":12,"result":"0x3"},{"jsonrpc":"2.0","id":10,"result":"0x1"},)"
      R"({"jsonrpc":"2.0","id":11,"error":{"code":3,"message":"execution reverted"}}])",
      10, 3);
  REQUIRE(r);
  REQUIRE(r->size() == 3);
  CHECK((*r)[0].result == "\"0x1\"");
  CHECK((*r)[1].error->kind == ErrorKind::execution_reverted);
  CHECK((*r)[2].result == "\"0x3\"");

  // A missing id becomes an error reply for that request only.
  auto missing = parse_batch_response(R"([{"jsonrpc":"2.0","id":10,"result":"0x1"}])", 10, 2);
  REQUIRE(missing);
  CHECK((*missing)[0].ok());
  REQUIRE_FALSE((*missing)[1].ok());
  CHECK((*missing)[1].error->message.find("no response for id 11") != std::string::npos);

  // geth's one-element "batch too large" answer applies to every request.
  auto too_large = parse_batch_response(
      R"([{"jsonrpc":"2.0","id":10,"error":{"code":-32600,"message":"batch too large"}}])", 10, 3);
  REQUIRE(too_large);
  for (const Reply& reply : *too_large) {
    REQUIRE(reply.error);
    CHECK(reply.error->kind == ErrorKind::batch_too_large);
  }

  // A non-array error object (e.g. a proxy's rate limit) applies to every request.
  auto whole = parse_batch_response(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32005,"message":"rate limited"}})", 1, 2);
  REQUIRE(whole);
  CHECK((*whole)[1].error->kind == ErrorKind::rate_limited);

  CHECK_FALSE(parse_batch_response(R"({"jsonrpc":"2.0","id":1,"result":"0x1"})", 1, 1));
  CHECK_FALSE(parse_batch_response(R"([{"jsonrpc":"2.0","id":1,"result":"0x1"},{"jsonrpc":"2.0","id":1,"result":"0x1"}])", 1, 2));
  CHECK_FALSE(parse_batch_response(R"([{"jsonrpc":"2.0","id":5,"result":"0x1"}])", 1, 2));
  CHECK_FALSE(parse_batch_response(R"([1,2])", 1, 2));
  CHECK_FALSE(parse_batch_response(R"([{"jsonrpc":"2.0","id":1,"result":"0x1"})", 1, 1));
}

TEST_CASE("typed result shapes") {
  const std::string hash = "\"0x" + std::string(64, 'a') + "\"";
  auto block = parse_block(R"({"number":"0x1a","hash":)" + hash + R"(,"parentHash":)" + hash +
                           R"(,"timestamp":"0x68e3a1c0","gasLimit":"0x1c9c380","gasUsed":"0x0","baseFeePerGas":"0x3b9aca00","transactions":[)" +
                           hash + "]}");
  REQUIRE(block);
  CHECK(block->number == 26);
  CHECK(block->timestamp == 0x68e3a1c0);
  CHECK(block->base_fee_per_gas.value() == u256(1000000000));
  CHECK(block->transactions.size() == 1);
  auto bad_block = parse_block(R"({"number":"0x01"})");
  REQUIRE_FALSE(bad_block);
  CHECK(bad_block.error().message.find("block.number") != std::string::npos);

  auto fees = parse_fee_history(
      R"({"oldestBlock":"0x10","baseFeePerGas":["0x1","0x2","0x3"],"gasUsedRatio":[0.5,0],"reward":[["0x0","0x1"],["0x2","0x3"]]})");
  REQUIRE(fees);
  CHECK(fees->oldest_block == 16);
  CHECK(fees->gas_used_ratio[1] == 0.0);
  CHECK(fees->reward[1][1] == u256(3));
  CHECK_FALSE(parse_fee_history(R"({"oldestBlock":"0x10","baseFeePerGas":["0x1"],"gasUsedRatio":[0.5]})"));

  auto none = parse_receipt("null");
  REQUIRE(none);
  CHECK_FALSE(none->has_value());
  const std::string addr = "\"0x" + std::string(40, 'b') + "\"";
  auto receipt = parse_receipt(R"({"transactionHash":)" + hash + R"(,"blockHash":)" + hash +
                               R"(,"blockNumber":"0x5","transactionIndex":"0x0","status":"0x1","gasUsed":"0x5208",)"
                               R"("cumulativeGasUsed":"0x5208","effectiveGasPrice":"0x1","contractAddress":null,"l1Fee":"0x10","logs":[{"address":)" +
                               addr + R"(,"topics":[)" + hash + R"(],"data":"0x","blockNumber":"0x5","blockHash":)" + hash +
                               R"(,"transactionHash":)" + hash + R"(,"transactionIndex":"0x0","logIndex":"0x0","removed":false}]})");
  REQUIRE(receipt);
  REQUIRE(receipt->has_value());
  CHECK((*receipt)->status);
  CHECK((*receipt)->gas_used == 21000);
  CHECK((*receipt)->l1_fee.value() == u256(16));
  CHECK_FALSE((*receipt)->contract_address);
  CHECK((*receipt)->logs.size() == 1);
  CHECK_FALSE(parse_receipt(R"({"status":"0x2"})"));
}

TEST_CASE("request objects") {
  CallRequest tx;
  tx.to = Address::parse("0xcA11bde05977b3631167028862bE2a173976CA11").value();
  tx.value = u256(16);
  tx.data = Bytes{0x82, 0xad};
  CHECK(call_object_json(tx) == R"({"to":"0xca11bde05977b3631167028862be2a173976ca11","value":"0x10","input":"0x82ad"})");
  StateOverrides overrides;
  AccountOverride& account = overrides[*tx.to];
  account.balance = u256(1);
  Hash slot;
  slot.bytes[31] = 1;
  account.state_diff[slot] = slot;
  auto json = state_overrides_json(overrides);
  REQUIRE(json);
  CHECK(*json == R"({"0xca11bde05977b3631167028862be2a173976ca11":{"balance":"0x1","stateDiff":{"0x)" +
                     std::string(63, '0') + "1\":\"0x" + std::string(63, '0') + "1\"}}}");
  account.state[slot] = slot;
  CHECK_FALSE(state_overrides_json(overrides));
}
