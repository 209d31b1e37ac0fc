// Unit tests of the Solidity ABI codec against published vectors (Solidity ABI spec examples,
// Solidity docs revert example, Aave/ERC-20 selectors) and every strictness rule of the decoder.
#include <liquidbot/abi.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace liquidbot;
using abi::Type;
using abi::Value;
using abi::Values;

namespace {

Bytes hex(std::string_view text) {
  auto decoded = hex_decode(text);
  REQUIRE(decoded.ok());
  return *decoded;
}

std::string concat(std::initializer_list<std::string_view> words) {
  std::string out;
  for (auto w : words) out += w;
  return out;
}

abi::Signature sig(std::string_view text) {
  auto parsed = abi::parse_signature(text);
  REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
  return *parsed;
}

Type type(std::string_view text) {
  auto parsed = abi::parse_type(text);
  REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
  return *parsed;
}

Value u(std::uint64_t v) { return Value(u256(v)); }
Value str(const char* s) { return Value(std::string(s)); }
Value list(std::initializer_list<Value> items) { return Value(Values(items)); }

std::string error_of(const auto& result) {
  REQUIRE_FALSE(result.ok());
  return result.error().message;
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

/// Checks encode_call against the published bytes, then decode_call back to the same values.
void check_call(std::string_view signature, const std::vector<Value>& args, std::string_view expected_hex) {
  auto s = sig(signature);
  auto encoded = abi::encode_call(s, args);
  REQUIRE_MESSAGE(encoded.ok(), (encoded.ok() ? "" : encoded.error().message));
  CHECK(hex_encode(*encoded) == expected_hex);
  auto decoded = abi::decode_call(s, *encoded);
  REQUIRE_MESSAGE(decoded.ok(), (decoded.ok() ? "" : decoded.error().message));
  CHECK(*decoded == args);
}

constexpr std::string_view kZero = "0000000000000000000000000000000000000000000000000000000000000000";

}  // namespace

TEST_CASE("abi: parse_type canonical forms") {
  CHECK(type("uint").canonical() == "uint256");
  CHECK(type("int").canonical() == "int256");
  CHECK(type(" uint8 [ 2 ] [ ] ").canonical() == "uint8[2][]");
  CHECK(type("tuple(address a, bool)[]").canonical() == "(address,bool)[]");
  CHECK(type("(uint, (bytes32 x, string[] y)[3], bytes)").canonical() == "(uint256,(bytes32,string[])[3],bytes)");
  CHECK(type("address payable").canonical() == "address");
  CHECK(type("bytes1").canonical() == "bytes1");
  CHECK(type("int104").canonical() == "int104");
  CHECK(type("uint8[2][]") == Type::array(Type::fixed_array(Type::uint(8), 2)));
  CHECK(type("bytes3[2]").is_dynamic() == false);
  CHECK(type("bytes3[2]").head_size() == 64);
  CHECK(type("(uint256,bytes)").is_dynamic());
  CHECK(type("(uint256,bool[3])").head_size() == 128);
}

TEST_CASE("abi: parse_type rejects malformed types with a position") {
  for (std::string_view bad : {"uint7", "uint264", "uint0", "uint08", "int9", "bytes0", "bytes33", "byte",
                               "fixed128x18", "ufixed", "function", "uint256[0]", "uint256[", "uint256[x]",
                               "uint256]", "()", "(uint256", "(uint256,)", "tuple", "tuple()", "", "address x y",
                               "uint256 extra", "uint256[18446744073709551616]"}) {
    auto parsed = abi::parse_type(bad);
    CHECK_MESSAGE(!parsed.ok(), bad);
    if (!parsed.ok()) CHECK_MESSAGE(contains(parsed.error().message, "abi: "), parsed.error().message);
  }
  CHECK(contains(error_of(abi::parse_type("uint7")), "integer sizes are 8..256"));
  CHECK(contains(error_of(abi::parse_type("bytes33")), "bytesN needs N in 1..32"));
  std::string deep = "uint8";
  for (int i = 0; i < 40; ++i) deep += "[]";
  CHECK(contains(error_of(abi::parse_type(deep)), "nesting deeper than 32"));
  std::string deep_tuple(40, '(');
  deep_tuple += "uint8";
  deep_tuple += std::string(40, ')');
  CHECK(contains(error_of(abi::parse_type(deep_tuple)), "nesting deeper than 32"));
  CHECK(contains(error_of(abi::parse_type("uint256[4294967296][4294967296]")), "static size exceeds"));
}

TEST_CASE("abi: hand-built invalid types are errors, not UB") {
  std::vector<Type> bad_types = {Type::uint(7), Type::int_(0), Type::fixed_bytes(0), Type::fixed_bytes(40),
                                 Type::fixed_array(Type::uint(8), 0), Type::tuple({}),
                                 Type{abi::Kind::dynamic_array, 0, 0, {}}};
  for (const auto& t : bad_types) {
    CHECK_FALSE(t.validate().ok());
    CHECK_FALSE(abi::encode(std::span(&t, 1), std::vector<Value>{u(0)}).ok());
    CHECK_FALSE(abi::decode(std::span(&t, 1), Bytes(64, 0)).ok());
  }
}

TEST_CASE("abi: parse_signature names, whitespace, aliases and outputs") {
  auto transfer = sig("transfer(address to, uint amount)");
  CHECK(transfer.name == "transfer");
  CHECK(transfer.canonical() == "transfer(address,uint256)");
  CHECK(transfer.selector().to_hex() == "0xa9059cbb");
  CHECK(transfer.outputs.empty());

  auto balance = sig("balanceOf(address)(uint256)");
  CHECK(balance.canonical() == "balanceOf(address)");
  REQUIRE(balance.outputs.size() == 1);
  CHECK(balance.outputs[0] == Type::uint(256));

  auto withdraw = sig("function withdraw(address asset, uint256 amount, address to) returns (uint256)");
  CHECK(withdraw.canonical() == "withdraw(address,uint256,address)");
  CHECK(withdraw.selector().to_hex() == "0x69328dec");
  REQUIRE(withdraw.outputs.size() == 1);

  auto aggregate = sig("aggregate3((address target, bool allowFailure, bytes callData)[] calls)"
                       " returns ((bool success, bytes returnData)[] returnData)");
  CHECK(aggregate.canonical() == "aggregate3((address,bool,bytes)[])");
  CHECK(aggregate.selector().to_hex() == "0x82ad56cb");
  CHECK(aggregate.outputs[0].canonical() == "(bool,bytes)[]");

  auto flash = sig("executeOperation(address asset, uint256 amount, uint256 premium, address initiator, bytes calldata params)");
  CHECK(flash.selector().to_hex() == "0x1b11d0ff");

  auto event = sig("event Transfer(address indexed from, address indexed to, uint256 value)");
  CHECK(event.canonical() == "Transfer(address,address,uint256)");
  CHECK(event.topic().to_hex() == "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");

  CHECK(sig("  f ( ) ").canonical() == "f()");
  CHECK(sig("(uint256,bool)").canonical() == "(uint256,bool)");
  CHECK(sig("error(uint8)").canonical() == "error(uint8)");

  for (std::string_view bad : {"f", "f(", "f(uint256", "f(uint256))", "f(uint256) returns", "f(uint256) returns uint256",
                               "f(uint256)(bool", "f(uint7)", "f(uint256 a b)", "f(uint256,)", "f(,)", "f() x"}) {
    auto parsed = abi::parse_signature(bad);
    CHECK_MESSAGE(!parsed.ok(), bad);
  }
  CHECK(contains(error_of(abi::parse_signature("f(uint256 a b)")), "after a parameter name"));
  CHECK(contains(error_of(abi::parse_signature("f(uint256")), "missing ')'"));
}

TEST_CASE("abi: Aave, ERC-20 and Multicall3 selectors (aave-v3.md 7.4, base-transactions.md 3)") {
  const std::pair<std::string_view, std::string_view> table[] = {
      {"supply(address,uint256,address,uint16)", "0x617ba037"},
      {"withdraw(address,uint256,address)", "0x69328dec"},
      {"borrow(address,uint256,uint256,uint16,address)", "0xa415bcad"},
      {"repay(address,uint256,uint256,address)", "0x573ade81"},
      {"repayWithPermit(address,uint256,uint256,address,uint256,uint8,bytes32,bytes32)", "0xee3e210b"},
      {"repayWithATokens(address,uint256,uint256)", "0x2dad97d4"},
      {"flashLoanSimple(address,address,uint256,bytes,uint16)", "0x42b0b77c"},
      {"flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16)", "0xab9c4b5d"},
      {"liquidationCall(address,address,address,uint256,bool)", "0x00a718a9"},
      {"setUserEMode(uint8)", "0x28530a47"},
      {"setUserUseReserveAsCollateral(address,bool)", "0x5a3b74b9"},
      {"multicall(bytes[])", "0xac9650d8"},
      {"getUserAccountData(address)", "0xbf92857c"},
      {"getReserveData(address)", "0x35ea6a75"},
      {"getReservesList()", "0xd1946dbc"},
      {"getAssetsPrices(address[])", "0x9d23d9f2"},
      {"aggregate3Value((address,bool,uint256,bytes)[])", "0x174dea71"},
      {"tryAggregate(bool,(address,bytes)[])", "0xbce38bd7"},
      {"executeOperation(address[],uint256[],uint256[],address,bytes)", "0x920f5c84"},
      {"approve(address,uint256)", "0x095ea7b3"},
      {"permit(address,address,uint256,uint256,uint8,bytes32,bytes32)", "0xd505accf"},
      {"decimals()", "0x313ce567"},
      {"baz(uint32,bool)", "0xcdcd77c0"},
      {"bar(bytes3[2])", "0xfce353f6"},
      {"sam(bytes,bool,uint256[])", "0xa5643bf2"},
      {"InsufficientBalance(uint256,uint256)", "0xcf479181"},
      {"HealthFactorLowerThanLiquidationThreshold()", "0x6679996d"},
      {"ERC20InsufficientAllowance(address,uint256,uint256)", "0xfb8f41b2"},
  };
  for (const auto& entry : table) {
    std::string_view signature = entry.first;
    auto s = sig(signature);
    CHECK_MESSAGE(s.canonical() == signature, signature);
    CHECK_MESSAGE(s.selector().to_hex() == entry.second, signature);
  }
  auto liquidation = sig("LiquidationCall(address,address,address,uint256,uint256,address,bool)").topic().to_hex();
  CHECK(liquidation.substr(0, 10) == "0xe413a321");
  CHECK(liquidation.substr(liquidation.size() - 4) == "5286");
}

TEST_CASE("abi: Solidity ABI spec examples encode and decode exactly") {
  check_call("baz(uint32 x, bool y)", {u(69), Value(true)},
             concat({"0xcdcd77c0", "0000000000000000000000000000000000000000000000000000000000000045",
                     "0000000000000000000000000000000000000000000000000000000000000001"}));
  check_call("bar(bytes3[2])", {list({Value(hex("0x616263")), Value(hex("0x646566"))})},
             concat({"0xfce353f6", "6162630000000000000000000000000000000000000000000000000000000000",
                     "6465660000000000000000000000000000000000000000000000000000000000"}));
  check_call("sam(bytes,bool,uint256[])", {Value(hex("0x64617665")), Value(true), list({u(1), u(2), u(3)})},
             concat({"0xa5643bf2", "0000000000000000000000000000000000000000000000000000000000000060",
                     "0000000000000000000000000000000000000000000000000000000000000001",
                     "00000000000000000000000000000000000000000000000000000000000000a0",
                     "0000000000000000000000000000000000000000000000000000000000000004",
                     "6461766500000000000000000000000000000000000000000000000000000000",
                     "0000000000000000000000000000000000000000000000000000000000000003",
                     "0000000000000000000000000000000000000000000000000000000000000001",
                     "0000000000000000000000000000000000000000000000000000000000000002",
                     "0000000000000000000000000000000000000000000000000000000000000003"}));
  check_call("f(uint256,uint32[],bytes10,bytes)",
             {u(0x123), list({u(0x456), u(0x789)}), Value(hex("0x31323334353637383930")),
              Value(hex("0x48656c6c6f2c20776f726c6421"))},
             concat({"0x8be65246", "0000000000000000000000000000000000000000000000000000000000000123",
                     "0000000000000000000000000000000000000000000000000000000000000080",
                     "3132333435363738393000000000000000000000000000000000000000000000",
                     "00000000000000000000000000000000000000000000000000000000000000e0",
                     "0000000000000000000000000000000000000000000000000000000000000002",
                     "0000000000000000000000000000000000000000000000000000000000000456",
                     "0000000000000000000000000000000000000000000000000000000000000789",
                     "000000000000000000000000000000000000000000000000000000000000000d",
                     "48656c6c6f2c20776f726c642100000000000000000000000000000000000000"}));
  check_call("g(uint256[][],string[])",
             {list({list({u(1), u(2)}), list({u(3)})}), list({str("one"), str("two"), str("three")})},
             concat({"0x2289b18c", "0000000000000000000000000000000000000000000000000000000000000040",
                     "0000000000000000000000000000000000000000000000000000000000000140",
                     "0000000000000000000000000000000000000000000000000000000000000002",
                     "0000000000000000000000000000000000000000000000000000000000000040",
                     "00000000000000000000000000000000000000000000000000000000000000a0",
                     "0000000000000000000000000000000000000000000000000000000000000002",
                     "0000000000000000000000000000000000000000000000000000000000000001",
                     "0000000000000000000000000000000000000000000000000000000000000002",
                     "0000000000000000000000000000000000000000000000000000000000000001",
                     "0000000000000000000000000000000000000000000000000000000000000003",
                     "0000000000000000000000000000000000000000000000000000000000000003",
                     "0000000000000000000000000000000000000000000000000000000000000060",
                     "00000000000000000000000000000000000000000000000000000000000000a0",
                     "00000000000000000000000000000000000000000000000000000000000000e0",
                     "0000000000000000000000000000000000000000000000000000000000000003",
                     "6f6e650000000000000000000000000000000000000000000000000000000000",
                     "0000000000000000000000000000000000000000000000000000000000000003",
                     "74776f0000000000000000000000000000000000000000000000000000000000",
                     "0000000000000000000000000000000000000000000000000000000000000005",
                     "7468726565000000000000000000000000000000000000000000000000000000"}));
}

TEST_CASE("abi: integer ranges and two's complement") {
  auto int8 = Type::int_(8);
  auto uint8 = Type::uint(8);
  auto enc = [](const Type& t, const Value& v) { return abi::encode(std::span(&t, 1), std::vector<Value>{v}); };
  CHECK(enc(uint8, u(255)).ok());
  CHECK(contains(error_of(enc(uint8, u(256))), "256 does not fit in uint8"));
  CHECK(enc(int8, Value::from_int(-128)).ok());
  CHECK(enc(int8, Value::from_int(127)).ok());
  CHECK_FALSE(enc(int8, Value::from_int(128)).ok());
  CHECK_FALSE(enc(int8, Value::from_int(-129)).ok());
  CHECK_FALSE(enc(int8, u(255)).ok());  // 255 is not -1: intN values are sign-extended
  auto minus_one = enc(Type::int_(256), Value::from_int(-1));
  REQUIRE(minus_one.ok());
  CHECK(*minus_one == Bytes(32, 0xff));
  CHECK(enc(Type::uint(256), Value(u256::max())).ok());
  auto int24 = enc(Type::int_(24), Value::from_int(-8388608));
  REQUIRE(int24.ok());
  CHECK(hex_encode(*int24) == "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffff800000");
  CHECK(contains(error_of(enc(uint8, Value(true))), "value 0 (uint8): expected an integer"));
  CHECK(contains(error_of(enc(Type::fixed_bytes(3), Value(hex("0x0102")))), "2 bytes given, bytes3 needs exactly 3"));
  CHECK(contains(error_of(enc(type("uint8[2]"), list({u(1)}))), "1 elements given, expected 2"));
  CHECK(contains(error_of(enc(type("(uint8,bool)"), list({u(1), u(300)}))), "value 0.1 (bool): expected a bool"));
  CHECK(contains(error_of(enc(type("uint8[][]"), list({list({}), list({u(1), u(999)})}))),
                 "value 0[1][1] (uint8): 999 does not fit in uint8"));
  auto two = std::vector<Type>{uint8, uint8};
  CHECK(contains(error_of(abi::encode(two, std::vector<Value>{u(1)})), "1 values given for 2 types"));
}

TEST_CASE("abi: strict decoding rejects dirty words") {
  auto one = [](std::string_view t, std::string_view data) {
    Type parsed = type(t);
    return abi::decode(std::span(&parsed, 1), hex(data));
  };
  CHECK(one("uint8", "0x00000000000000000000000000000000000000000000000000000000000000ff").ok());
  CHECK(contains(error_of(one("uint8", "0x0000000000000000000000000000000000000000000000000000000000000100")),
                 "value 0 (uint8) at byte 0: bits above 8 are set"));
  CHECK(one("int8", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80").ok());
  CHECK(contains(error_of(one("int8", "0x0000000000000000000000000000000000000000000000000000000000000080")),
                 "not a sign-extended int8"));
  CHECK(contains(error_of(one("int8", "0xfeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")),
                 "not a sign-extended int8"));
  CHECK(contains(error_of(one("address", "0x0000000000000000000000010000000000000000000000000000000000000000")),
                 "the 12 high bytes are not zero"));
  CHECK(contains(error_of(one("bool", "0x0000000000000000000000000000000000000000000000000000000000000002")),
                 "a bool must be 0 or 1"));
  CHECK(contains(error_of(one("bytes3", "0x6162630000000000000000000000000000000000000000000000000000000001")),
                 "padding after byte 3 is not zero"));
  CHECK(contains(error_of(one("uint256", "0x00")), "1 values need 32 bytes of heads at byte 0, but the data has 1 bytes"));
  CHECK(contains(error_of(one("bytes", "0x0000000000000000000000000000000000000000000000000000000000000020")),
                 "value 0 (bytes) at byte 32: needs 32 bytes but the data ends at byte 32"));
  CHECK(contains(error_of(one("uint256", "")), "1 values need 32 bytes of heads at byte 0"));
}

TEST_CASE("abi: strict decoding of offsets, lengths, padding and trailing data") {
  auto one = [](std::string_view t, const std::string& data, abi::DecodeOptions options = {}) {
    Type parsed = type(t);
    return abi::decode(std::span(&parsed, 1), hex(data), options);
  };
  const std::string w20 = "0000000000000000000000000000000000000000000000000000000000000020";
  const std::string w40 = "0000000000000000000000000000000000000000000000000000000000000040";
  const std::string len4 = "0000000000000000000000000000000000000000000000000000000000000004";
  const std::string dave = "6461766500000000000000000000000000000000000000000000000000000000";
  auto ok = one("bytes", "0x" + w20 + len4 + dave);
  REQUIRE(ok.ok());
  CHECK(*ok->front().as_bytes() == hex("0x64617665"));

  CHECK(contains(error_of(one("bytes", "0x" + w40 + std::string(kZero) + len4 + dave)),
                 "offset 64 is not the canonical 32 (tails must follow the heads in order, without gaps or overlap)"));
  CHECK(contains(error_of(one("bytes", "0x" + std::string(kZero) + len4 + dave)), "offset 0 is not the canonical 32"));
  CHECK(contains(error_of(one("bytes", "0xff" + w20.substr(2) + len4 + dave)), "is not the canonical 32"));
  CHECK(contains(error_of(one("bytes", "0x" + w20 + "0000000000000000000000000000000000000000000000000000000000000021" + dave)),
                 "length 33 exceeds the 32 bytes left in the data"));
  CHECK(contains(error_of(one("bytes", "0x" + w20 + "8000000000000000000000000000000000000000000000000000000000000000" + dave)),
                 "length 0x8000000000000000000000000000000000000000000000000000000000000000 exceeds"));
  CHECK(contains(error_of(one("bytes", "0x" + w20 + len4 + "6461766500000000000000000000000000000000000000000000000000000001")),
                 "padding byte at 95 is not zero"));
  CHECK(contains(error_of(one("string", "0x" + w20 + len4 + "64617665")), "runs past the end of the data"));
  CHECK(contains(error_of(one("bytes", "0x" + w20 + len4 + dave + "00")),
                 "1 unexpected bytes after the encoding, which ends at byte 96"));
  CHECK(one("bytes", "0x" + w20 + len4 + dave + "00", {.allow_trailing = true}).ok());

  // A dynamic array whose length claims more elements than the data can hold: rejected before
  // anything is allocated.
  CHECK(contains(error_of(one("uint256[][]", "0x" + w20 + "00000000000000000000000000000000000000000000000000000000ffffffff")),
                 "length 4294967295 exceeds the 0 bytes left in the data"));
  CHECK(contains(error_of(one("uint256[]", "0x" + w20 + "0000000000000000000000000000000000000000000000000000000000000002" +
                                                std::string(kZero))),
                 "length 2 exceeds the 32 bytes left in the data"));
  // The allocation limit applies to payload bytes and value nodes.
  CHECK(contains(error_of(one("bytes", "0x" + w20 + len4 + dave, {.max_allocation = 3})),
                 "decoding would allocate more than the limit"));
  CHECK(contains(error_of(one("uint8[]", "0x" + w20 + len4 + std::string(kZero) + std::string(kZero) + std::string(kZero) +
                                              std::string(kZero),
                              {.max_allocation = 100})),
                 "decoding would allocate more than the limit"));

  // The empty tail of a dynamic array and an empty bytes are exactly one length word.
  auto empty = one("(bytes,uint8[])", "0x" + w20 + w40 + "0000000000000000000000000000000000000000000000000000000000000060" +
                                          std::string(kZero) + std::string(kZero));
  REQUIRE_MESSAGE(empty.ok(), (empty.ok() ? "" : empty.error().message));
  CHECK(*empty->front().as_list() == Values{Value(Bytes{}), Value(Values{})});
  // Path in nested errors: member 1 of the tuple, element 0 of its array.
  CHECK(contains(error_of(one("(uint8,bool[])", "0x" + w20 + std::string(kZero) + w40 +
                                                     "0000000000000000000000000000000000000000000000000000000000000001" +
                                                     "0000000000000000000000000000000000000000000000000000000000000007")),
                 "value 0.1[0] (bool) at byte 128: a bool must be 0 or 1"));
}

TEST_CASE("abi: decode_call checks the selector") {
  auto s = sig("baz(uint32,bool)");
  CHECK(contains(error_of(abi::decode_call(s, hex("0xcdcd77"))), "shorter than a 4-byte selector"));
  CHECK(contains(error_of(abi::decode_call(s, hex("0xcdcd77c1"))), "calldata selector 0xcdcd77c1 is not 0xcdcd77c0"));
}

TEST_CASE("abi: parse_value and format_value, cast style") {
  auto round = [](std::string_view t, std::string_view text) {
    Type parsed = type(t);
    auto value = abi::parse_value(parsed, text);
    REQUIRE_MESSAGE(value.ok(), (value.ok() ? "" : value.error().message));
    return abi::format_value(parsed, *value);
  };
  CHECK(round("uint256", "0x10") == "16");
  CHECK(round("int8", "-128") == "-128");
  CHECK(round("int256", "-0x01") == "-1");
  CHECK(round("address", "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913") == "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913");
  CHECK(round("bool", "true") == "true");
  CHECK(round("bytes", "0xABCD") == "0xabcd");
  CHECK(round("bytes", "0x") == "0x");
  CHECK(round("string", " hello, [world] ") == " hello, [world] ");
  CHECK(round("uint8[]", "[]") == "[]");
  CHECK(round("uint8[]", " [ 1 , 2,3 ] ") == "[1, 2, 3]");
  CHECK(round("(uint8,string,bool[2])[]", R"([(1, "a, \"b\" [c]", [true, false]), (2, plain, [false,true])])") ==
        R"([(1, a, "b" [c], [true, false]), (2, plain, [false, true])])");
  CHECK(round("string[]", R"(["", x, "\\"])") == R"([, x, \])");
  CHECK(round("int16[2]", "[-1, 0x7fff]") == "[-1, 32767]");

  auto err = [](std::string_view t, std::string_view text) { return error_of(abi::parse_value(type(t), text)); };
  CHECK(contains(err("uint8", "256"), "256 does not fit in uint8"));
  CHECK(contains(err("uint8", "-1"), "is not an unsigned integer"));
  CHECK(contains(err("int8", "-129"), "-129 does not fit in int8"));
  CHECK(contains(err("int8", "128"), "128 does not fit in int8"));
  CHECK(contains(err("uint256", "12a"), "is not an unsigned integer"));
  CHECK(contains(err("bool", "1"), "is not a bool"));
  CHECK(contains(err("address", "0x1234"), "is not an address"));
  CHECK(contains(err("bytes", "abcd"), "is not 0x-prefixed hex"));
  CHECK(contains(err("bytes", "0xabc"), "is not hex"));
  CHECK(contains(err("bytes2", "0xabcdef"), "3 bytes given, bytes2 needs exactly 2"));
  CHECK(contains(err("uint8[2]", "[1,2,3]"), "3 elements given, uint8[2] needs 2"));
  CHECK(contains(err("(uint8,bool)", "(1)"), "1 members given, (uint8,bool) needs 2"));
  CHECK(contains(err("uint8[]", "1,2"), "expected a list in '[...]'"));
  CHECK(contains(err("uint8[][]", "[[1],[2]"), "missing ']'"));
  CHECK(contains(err("uint8[][]", "[[1],2]]"), "unbalanced"));
  CHECK(contains(err("string[]", R"(["abc])"), "unterminated quote"));
  CHECK(contains(err("string[]", R"(["a\q"])"), "unknown escape"));
  CHECK(contains(err("(uint8,uint8[])", "(1, [2, 300])"), ".1[1]: 300 does not fit in uint8"));
}

TEST_CASE("abi: revert data") {
  // Solidity docs, "revert": revert("Not enough Ether provided.").
  auto error_data = hex(concat({"0x08c379a0", "0000000000000000000000000000000000000000000000000000000000000020",
                                "000000000000000000000000000000000000000000000000000000000000001a",
                                "4e6f7420656e6f7567682045746865722070726f76696465642e000000000000"}));
  auto reverted = abi::decode_revert(error_data);
  REQUIRE(reverted.ok());
  CHECK(reverted->kind == abi::Revert::Kind::error);
  CHECK(reverted->message == "Not enough Ether provided.");
  CHECK(reverted->to_string() == R"(Error("Not enough Ether provided."))");

  auto panic = abi::decode_revert(hex(concat({"0x4e487b71", "0000000000000000000000000000000000000000000000000000000000000011"})));
  REQUIRE(panic.ok());
  CHECK(panic->kind == abi::Revert::Kind::panic);
  CHECK(panic->panic_code == u256(0x11));
  CHECK(panic->to_string() == "Panic(0x11: arithmetic overflow or underflow)");
  CHECK(abi::panic_reason(u256(0x01)) == "assertion failed");
  CHECK(abi::panic_reason(u256(0x12)) == "division or modulo by zero");
  CHECK(abi::panic_reason(u256(0x21)) == "invalid enum conversion");
  CHECK(abi::panic_reason(u256(0x22)) == "incorrectly encoded storage byte array");
  CHECK(abi::panic_reason(u256(0x31)) == "pop() on an empty array");
  CHECK(abi::panic_reason(u256(0x32)) == "array index out of bounds");
  CHECK(abi::panic_reason(u256(0x41)) == "out of memory or array too large");
  CHECK(abi::panic_reason(u256(0x51)) == "call to a zero-initialized internal function");
  CHECK(abi::panic_reason(u256(0x00)) == "generic compiler panic");
  CHECK(abi::panic_reason(u256(0x99)) == "unknown panic code");

  std::vector<abi::Signature> errors = {sig("InsufficientBalance(uint256 available, uint256 required)"),
                                        sig("HealthFactorLowerThanLiquidationThreshold()"),
                                        sig("ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)")};
  auto custom = abi::decode_revert(hex(concat({"0xcf479181", "0000000000000000000000000000000000000000000000000000000000000005",
                                               "0000000000000000000000000000000000000000000000000000000000000007"})),
                                   errors);
  REQUIRE(custom.ok());
  CHECK(custom->kind == abi::Revert::Kind::custom);
  CHECK(custom->custom_index == 0);
  CHECK(custom->args == Values{u(5), u(7)});
  CHECK(custom->to_string() == "InsufficientBalance(5, 7)");

  auto aave = abi::decode_revert(hex("0x6679996d"), errors);
  REQUIRE(aave.ok());
  CHECK(aave->kind == abi::Revert::Kind::custom);
  CHECK(aave->custom_index == 1);
  CHECK(aave->to_string() == "HealthFactorLowerThanLiquidationThreshold()");

  auto unknown = abi::decode_revert(hex("0x12345678aabb"), errors);
  REQUIRE(unknown.ok());
  CHECK(unknown->kind == abi::Revert::Kind::unknown);
  CHECK(unknown->data == hex("0xaabb"));
  CHECK(unknown->to_string() == "unknown error 0x12345678 (2 bytes of arguments)");

  auto empty = abi::decode_revert({});
  REQUIRE(empty.ok());
  CHECK(empty->kind == abi::Revert::Kind::empty);

  CHECK(contains(error_of(abi::decode_revert(hex("0x08c379"))), "shorter than a 4-byte selector"));
  CHECK(contains(error_of(abi::decode_revert(hex("0x08c379a0"))), "Error(string) revert data"));
  CHECK(contains(error_of(abi::decode_revert(hex("0x4e487b71ff"))), "Panic(uint256) revert data"));
  CHECK(contains(error_of(abi::decode_revert(hex("0x6679996d00"), errors)),
                 "HealthFactorLowerThanLiquidationThreshold() revert data"));
}

TEST_CASE("abi: typed allocation-free call matches ethers and the dynamic path") {
  using Repay = abi::Function<"repay", Address, u256, u256, Address>;
  static_assert(Repay::kSignature == "repay(address,uint256,uint256,address)");
  static_assert(Repay::kSelector == Selector{{0x57, 0x3a, 0xde, 0x81}});
  static_assert(Repay::kSize == 132);
  auto usdc = Address::parse("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913");
  auto user = Address::parse("0x1111111111111111111111111111111111111111");
  REQUIRE(usdc.ok());
  REQUIRE(user.ok());
  auto typed = Repay::encode(*usdc, u256(1000000), u256(2), *user);
  // ethers v6 Interface.encodeFunctionData("repay", [usdc, 1000000n, 2, user]).
  const char* expected =
      "0x573ade81000000000000000000000000833589fcd6edb6e08f4c7c32d4f71b54bda0291300000000000000000000000000000000"
      "000000000000000000000000000f42400000000000000000000000000000000000000000000000000000000000000002000000000000"
      "0000000000001111111111111111111111111111111111111111";
  CHECK(hex_encode(typed) == expected);
  auto dynamic = abi::encode_call(sig("repay(address,uint256,uint256,address)"),
                                  std::vector<Value>{Value(*usdc), u(1000000), u(2), Value(*user)});
  REQUIRE(dynamic.ok());
  CHECK(hex_encode(*dynamic) == expected);
  auto repay = sig("repay(address,uint256,uint256,address)");
  auto kept_selector = abi::encode_call(Selector{{0x57, 0x3a, 0xde, 0x81}}, repay.inputs,
                                        std::vector<Value>{Value(*usdc), u(1000000), u(2), Value(*user)});
  REQUIRE(kept_selector.ok());
  CHECK(hex_encode(*kept_selector) == expected);

  using Mixed = abi::Function<"f", std::uint8_t, std::int16_t, bool, FixedBytes<4>, std::int64_t>;
  static_assert(Mixed::kSignature == "f(uint8,int16,bool,bytes4,int64)");
  FixedBytes<4> tag{{0xde, 0xad, 0xbe, 0xef}};
  auto mixed = Mixed::encode(255, -2, true, tag, INT64_MIN);
  auto mixed_dynamic = abi::encode_call(
      sig("f(uint8,int16,bool,bytes4,int64)"),
      std::vector<Value>{u(255), Value::from_int(-2), Value(true), Value(Bytes{0xde, 0xad, 0xbe, 0xef}),
                         Value::from_int(INT64_MIN)});
  REQUIRE(mixed_dynamic.ok());
  CHECK(Bytes(mixed.begin(), mixed.end()) == *mixed_dynamic);
  static_assert(abi::Function<"decimals">::kSelector == Selector{{0x31, 0x3c, 0xe5, 0x67}});
}

TEST_CASE("abi: decode_static reads static return data strictly without allocating") {
  // Six hand-written words, one per supported C++ type; the dynamic decoder must agree.
  const std::string words = concat({"0000000000000000000000000000000000000000000000000000000000000001",
                                    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                                    "000000000000000000000000833589fcd6edb6e08f4c7c32d4f71b54bda02913",
                                    "0000000000000000000000000000000000000000000000000000000000000001",
                                    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe",
                                    "deadbeef00000000000000000000000000000000000000000000000000000000"});
  auto decoded = abi::decode_static<std::uint8_t, u256, Address, bool, std::int16_t, FixedBytes<4>>(hex("0x" + words));
  REQUIRE_MESSAGE(decoded.ok(), (decoded.ok() ? "" : decoded.error().message));
  auto [a, b, c, d, e, f] = *decoded;
  CHECK(a == 1);
  CHECK(b == u256::max());
  CHECK(c.to_checksum() == "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913");
  CHECK(d);
  CHECK(e == -2);
  CHECK(f == FixedBytes<4>{{0xde, 0xad, 0xbe, 0xef}});
  auto dynamic = abi::decode(std::vector<Type>{type("uint8"), type("uint256"), type("address"), type("bool"),
                                               type("int16"), type("bytes4")},
                             hex("0x" + words));
  REQUIRE(dynamic.ok());
  CHECK((*dynamic)[4] == Value::from_int(-2));

  CHECK(contains(error_of(abi::decode_static<u256, u256>(hex("0x" + words.substr(0, 64)))),
                 "static return data must be 64 bytes, got 32"));
  CHECK(contains(error_of(abi::decode_static<std::uint8_t>(hex("0x" + words.substr(64, 64)))),
                 "value 0 (uint8) at byte 0: dirty padding or sign extension"));
  CHECK(contains(error_of(abi::decode_static<u256, bool>(hex("0x" + words.substr(0, 64) + words.substr(256, 64)))),
                 "value 1 (bool) at byte 32"));
  CHECK_FALSE(abi::decode_static<std::int8_t>(hex("0x00000000000000000000000000000000000000000000000000000000000000ff")).ok());
  CHECK(abi::decode_static<std::int8_t>(hex("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80")).ok());
  CHECK_FALSE(abi::decode_static<Address>(hex("0x" + words.substr(64, 64))).ok());
  CHECK_FALSE(abi::decode_static<FixedBytes<4>>(hex("0x" + words.substr(64, 64))).ok());
  constexpr auto round = [] {
    std::array<std::uint8_t, 32> word{};
    abi::StaticType<std::int32_t>::put(word.data(), -123456);
    std::int32_t back = 0;
    return abi::StaticType<std::int32_t>::get(word.data(), back) && back == -123456;
  }();
  static_assert(round);
}

TEST_CASE("abi: factories, format fallback and trailing calldata") {
  CHECK(Type::tuple({Type::address(), Type::array(Type::fixed_bytes(32)), Type::int_(24)}).canonical() ==
        "(address,bytes32[],int24)");
  CHECK(Type::fixed_array(Type::string(), 2).is_dynamic());
  CHECK(Type::fixed_array(Type::boolean(), 3).head_size() == 96);
  CHECK(Type::bytes().head_size() == 32);
  // A value that does not match its type is printed by its own shape rather than dropped.
  CHECK(abi::format_value(Type::boolean(), u(7)) == "7");
  CHECK(abi::format_value(Type::uint(8), list({Value(true), str("x"), Value(Bytes{0xAB})})) == "[true, x, 0xab]");
  CHECK(abi::format_value(Type::int_(8), Value::from_int(-128)) == "-128");
  CHECK(abi::format_value(Type::int_(256), Value(u256::max())) == "-1");
  // ERC-2771 appends the sender to calldata: rejected by default, accepted when asked.
  auto transfer = sig("transfer(address,uint256)");
  auto calldata = abi::encode_call(transfer, std::vector<Value>{Value(Address{}), u(5)});
  REQUIRE(calldata.ok());
  Bytes with_sender = *calldata;
  with_sender.insert(with_sender.end(), 20, 0x11);
  CHECK(contains(error_of(abi::decode_call(transfer, with_sender)), "20 unexpected bytes after the encoding"));
  auto lenient = abi::decode_call(transfer, with_sender, {.allow_trailing = true});
  REQUIRE(lenient.ok());
  CHECK((*lenient)[1] == u(5));
}
