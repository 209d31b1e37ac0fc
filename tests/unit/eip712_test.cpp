// EIP-712: the specification's Mail example (published vectors), and acceptance / rejection cases
// whose expected digests and error wording come from ethers v6.17 TypedDataEncoder.
#include <doctest/doctest.h>

#include <liquidbot/eip712.hpp>
#include <liquidbot/keccak.hpp>

#include <string>
#include <string_view>

using namespace liquidbot;
using namespace liquidbot::eip712;

namespace {

constexpr std::string_view kMail = R"({
  "types": {
    "EIP712Domain": [
      {"name": "name", "type": "string"}, {"name": "version", "type": "string"},
      {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}
    ],
    "Person": [{"name": "name", "type": "string"}, {"name": "wallet", "type": "address"}],
    "Mail": [{"name": "from", "type": "Person"}, {"name": "to", "type": "Person"},
             {"name": "contents", "type": "string"}]
  },
  "primaryType": "Mail",
  "domain": {"name": "Ether Mail", "version": "1", "chainId": 1,
             "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
  "message": {
    "from": {"name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
    "to": {"name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},
    "contents": "Hello, Bob!"
  }
})";

/// A document with the Mail domain, the given types (no EIP712Domain) and message.
std::string document(std::string_view types, std::string_view message) {
  return std::string(R"({"domain": {"name": "Ether Mail", "version": "1", "chainId": 1,
    "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"}, "types": )") +
         std::string(types) + R"(, "message": )" + std::string(message) + "}";
}

std::string digest_of(std::string_view types, std::string_view message) {
  auto data = parse(document(types, message));
  REQUIRE_MESSAGE(data.ok(), data.error().message);
  auto digest = hash(data.value());
  REQUIRE(digest.ok());
  return digest->to_hex();
}

void check_rejected(std::string_view types, std::string_view message, std::string_view wording) {
  auto data = parse(document(types, message));
  REQUIRE_FALSE(data.ok());
  CHECK(data.error().code == Errc::invalid_argument);
  CHECK_MESSAGE(data.error().message.find(wording) != std::string::npos, data.error().message);
}

}  // namespace

TEST_CASE("eip712: specification Mail example") {
  auto data = parse(kMail);
  REQUIRE_MESSAGE(data.ok(), data.error().message);
  CHECK(data->types.primary_type() == "Mail");
  CHECK(data->types.encode_type("Mail").value() ==
        "Mail(Person from,Person to,string contents)Person(string name,address wallet)");
  CHECK(data->types.type_hash("Mail")->to_hex() ==
        "0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2");
  CHECK(domain_type(data->domain) ==
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
  CHECK(keccak256(std::string_view(domain_type(data->domain))).to_hex() ==
        "0x8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f");
  CHECK(domain_separator(data->domain).to_hex() ==
        "0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f");
  CHECK(data->types.struct_hash("Mail", data->message)->to_hex() ==
        "0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e");
  CHECK(hash(data.value())->to_hex() ==
        "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2");

  auto key = PrivateKey::from_bytes(keccak256(std::string_view("cow")).view());
  REQUIRE(key.ok());
  auto signature = sign(key.value(), data.value());
  REQUIRE(signature.ok());
  CHECK(signature->y_parity == 1);  // v = 28
  CHECK(signature->r.to_hex() == "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d");
  CHECK(signature->s.to_hex() == "0x07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562");

  auto encoded = data->types.encode_data("Person", *data->message.find("from"));
  REQUIRE(encoded.ok());
  CHECK(encoded->size() == 3 * 32);
}

TEST_CASE("eip712: domain separators (ethers hashDomain)") {
  CHECK(domain_separator(Domain{}).to_hex() ==
        "0x6192106f129ce05c9075d319c1fa6ea9b3ae37cbd0c1ef92e2be7137bb07baa1");
  Domain salted;
  salted.salt = Hash::from_hex("abababababababababababababababababababababababababababababababab").value();
  CHECK(domain_separator(salted).to_hex() ==
        "0x78bbe1ecde41bdd18f98dab7390ffde37ddcc2e651fb2ce682ad7f2b0d7e7930");
  auto parsed = parse(R"({"types": {"P": []}, "domain": {"name": "X", "chainId": "0x2105"}, "message": {}})");
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
  CHECK(domain_separator(parsed->domain).to_hex() ==
        "0xc65c00948bf2192099d7f31c9f54c1bd97db27923f63990462c12798b638c8a9");
  auto bad_key = parse(R"({"types": {"P": []}, "domain": {"chainid": 1}, "message": {}})");
  REQUIRE_FALSE(bad_key.ok());
  CHECK(bad_key.error().message.find("invalid typed-data domain key \"chainid\"") != std::string::npos);
  auto null_key = parse(R"({"types": {"P": []}, "domain": {"name": "X", "salt": null}, "message": {}})");
  REQUIRE(null_key.ok());
  CHECK_FALSE(null_key->domain.salt.has_value());
}

TEST_CASE("eip712: accepted values hash like ethers") {
  const std::string_view p_int8 = R"({"P": [{"name": "a", "type": "int8"}]})";
  CHECK(digest_of(p_int8, R"({"a": -128})") ==
        "0x8807a9487c27837a6755796473ce677233ba703880b3fdcaf6810f5ac8696391");
  CHECK(digest_of(R"({"P": [{"name": "a", "type": "uint256"}]})",
                  R"({"a": "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"})") ==
        "0x017da0a25b910941f68f477d873ef954875be17ccd873d0fb58c55ac8ba2f145");
  CHECK(digest_of(R"({"P": [{"name": "a", "type": "uint64"}]})", R"({"a": "-0"})") ==
        "0x0793043cb81b03f005cee1c5806343e14acc8793771e15c219ea29ebccc9907d");
  CHECK(digest_of(R"({"P": [{"name": "a", "type": "int256"}]})",
                  R"({"a": "-0x8000000000000000000000000000000000000000000000000000000000000000"})") ==
        "0x4672cd135f621005a047234380b7eed49024d2fcf062d1ed3885e6a339c063f8");
  CHECK(digest_of(R"({"P": [{"name": "a", "type": "int32"}]})", R"({"a": "-0x10"})") ==
        "0x4c91d929436d787741174aa21a30956a27917f113c8287337e750add96aee573");
  CHECK(digest_of(R"({"P": [{"name": "a", "type": "address"}]})",
                  R"({"a": "cd2a3d9f938e13cd947ec05abc7fe734df8dd826"})") ==
        "0x79b9968e96c4200954b2b8056eafff6fb4ea7880e1925b1c4c48ff1dc8b1b0e2");
  CHECK(digest_of(R"({"P": [{"name": "a", "type": "bytes4"}]})", R"({"a": "0x01020304"})") ==
        "0x6dcdee2f64ba1fd854e4cb2af6935b54716d2b8e1c1eb24cc6cd680ec23b344b");
  CHECK(digest_of(R"({"P": [{"name": "a", "type": "bytes"}]})", R"({"a": "0x"})") ==
        "0x6327e4948f379842e2c1b7bef085b3d04db2a979f6afabeb09f8fb6ff80ee95c");
  CHECK(digest_of(R"({"P": [{"name": "a", "type": "uint64"}]})", R"({"a": 9007199254740991})") ==
        "0x7e5bf504a2334f5c1bd7898ea3a46fd5f36670132150ea9196a8af66f1fee7f6");
  CHECK(digest_of(R"({"P": [{"name": "a", "type": "uint8"}]})", R"({"a": 1, "zzz": 1.5})") ==
        "0xc94bded101a522a86bd58881925a4aeea90fcca0f9ea9f98b1afe911453bfc04");
  CHECK(digest_of(R"({"P": [{"name": "a", "type": "uint8[0]"}]})", R"({"a": []})") ==
        "0xfc9863ebc5ce16eb268065223a09731d60d41babdd84bd1d38bb4eabc0167147");
  CHECK(digest_of(R"({"P": []})", R"({})") ==
        "0xf47f53b4a4fe82ef88752d98335537d0cb1c0cacd0f34287a7156f9fe53882f9");
}

TEST_CASE("eip712: int/uint aliases and nested struct arrays") {
  const std::string_view alias = R"({"P": [{"name": "a", "type": "uint"}, {"name": "b", "type": "int[]"}]})";
  auto data = parse(document(alias, R"({"a": "7", "b": [-1, "2"]})"));
  REQUIRE_MESSAGE(data.ok(), data.error().message);
  CHECK(data->types.encode_type("P").value() == "P(uint256 a,int256[] b)");
  CHECK(data->types.struct_hash("P", data->message)->to_hex() ==
        "0xb041aa499478c3dba1d9715ff94fb404e2996446aa517163a818e09c186a3eba");
  CHECK(hash(data.value())->to_hex() ==
        "0x7f79a4db9ae63e9ed4beb73b88dfd091205ab19df3a22465a53f674d8f5b900b");

  const std::string_view nested = R"({
    "Root": [{"name": "grid", "type": "Cell[2][]"}, {"name": "flags", "type": "bool[]"},
             {"name": "b", "type": "bytes32"}],
    "Cell": [{"name": "v", "type": "int16"}, {"name": "tags", "type": "string[]"},
             {"name": "leaf", "type": "Leaf"}],
    "Leaf": [{"name": "x", "type": "bytes"}]})";
  const std::string_view value = R"({
    "grid": [[{"v": -5, "tags": ["a", "b"], "leaf": {"x": "0x00ff"}},
              {"v": "300", "tags": [], "leaf": {"x": "0x"}}]],
    "flags": [true, false],
    "b": "0x1111111111111111111111111111111111111111111111111111111111111111"})";
  auto tree = parse(document(nested, value));
  REQUIRE_MESSAGE(tree.ok(), tree.error().message);
  CHECK(tree->types.primary_type() == "Root");
  CHECK(tree->types.encode_type("Root").value() ==
        "Root(Cell[2][] grid,bool[] flags,bytes32 b)Cell(int16 v,string[] tags,Leaf leaf)Leaf(bytes x)");
  CHECK(tree->types.encode_type("Cell").value() == "Cell(int16 v,string[] tags,Leaf leaf)Leaf(bytes x)");
  CHECK(tree->types.struct_hash("Root", tree->message)->to_hex() ==
        "0x5478dc6602a24db18c86293ef193e082371dff9a1a898c3db3e8438909a9aede");
  CHECK(hash(tree.value())->to_hex() ==
        "0x77c9bf472c9a1a80d8746d2b1f7fd1df5d75300cd8abe0df7153ecdf0fd50a14");
}

TEST_CASE("eip712: type systems ethers rejects") {
  check_rejected(R"({"P": [{"name": "a", "type": "Foo"}]})", R"({"a": 1})", "unknown type \"Foo\"");
  check_rejected(R"({"P": [{"name": "a", "type": "A"}], "A": [{"name": "b", "type": "B[]"}],
                    "B": [{"name": "a", "type": "A"}]})",
                 R"({})", "circular type reference to \"A\"");
  check_rejected(R"({"P": [{"name": "p", "type": "P[]"}]})", R"({"p": []})", "circular type reference to \"P\"");
  for (std::string_view width : {"uint7", "int08", "uint264", "uint0", "int300"}) {
    INFO(width);
    check_rejected(std::string(R"({"P": [{"name": "a", "type": ")") + std::string(width) + R"("}]})",
                   R"({"a": 1})", "invalid numeric width");
  }
  check_rejected(R"({"P": [{"name": "a", "type": "bytes33"}]})", R"({"a": "0x00"})", "invalid bytes width");
  check_rejected(R"({"P": [{"name": "a", "type": "bytes0"}]})", R"({"a": "0x"})", "invalid bytes width");
  check_rejected(R"({"P": [{"name": "a", "type": "uint8"}, {"name": "a", "type": "uint8"}]})", R"({"a": 1})",
                 "duplicate variable name \"a\" in \"P\"");
  check_rejected(R"({"P": [{"name": "a", "type": "uint8"}], "Q": [{"name": "a", "type": "uint8"}]})",
                 R"({"a": 1})", "ambiguous primary types or unused types: \"P\", \"Q\"");
  check_rejected(R"({"P": [{"name": "a", "type": "uint8[x]"}]})", R"({"a": []})", "unknown type \"uint8[x]\"");
  check_rejected(R"({})", R"({})", "missing primary type");
}

TEST_CASE("eip712: values ethers rejects") {
  check_rejected(R"({"P": [{"name": "a", "type": "uint8"}]})", R"({"a": 256})", "value out-of-bounds for uint8");
  check_rejected(R"({"P": [{"name": "a", "type": "int8"}]})", R"({"a": "-129"})", "value out-of-bounds for int8");
  check_rejected(R"({"P": [{"name": "a", "type": "int8"}]})", R"({"a": "0x80"})", "value out-of-bounds for int8");
  check_rejected(R"({"P": [{"name": "a", "type": "uint256"}]})",
                 R"({"a": "115792089237316195423570985008687907853269984665640564039457584007913129639936"})",
                 "message.a");
  check_rejected(R"({"P": [{"name": "a", "type": "uint256"}]})", R"({"a": "-1"})", "value out-of-bounds for uint256");
  check_rejected(R"({"P": [{"name": "a", "type": "uint8"}, {"name": "b", "type": "string"}]})", R"({"a": 1})",
                 "message.b: missing value");
  check_rejected(R"({"P": [{"name": "a", "type": "address"}]})",
                 R"({"a": "0xcD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"})", "message.a");
  check_rejected(R"({"P": [{"name": "a", "type": "bytes4"}]})", R"({"a": "0x010203"})", "invalid length for bytes4");
  check_rejected(R"({"P": [{"name": "a", "type": "bytes"}]})", R"({"a": "0x123"})", "message.a");
  check_rejected(R"({"P": [{"name": "a", "type": "bytes"}]})", R"({"a": "1234"})", "0x hex string");
  check_rejected(R"({"P": [{"name": "a", "type": "uint8[2]"}]})", R"({"a": [1, 2, 3]})",
                 "array length mismatch; expected length 2");
  check_rejected(R"({"P": [{"name": "a", "type": "uint64"}]})", R"({"a": 1.5})", "not an integer");
  check_rejected(R"({"P": [{"name": "a", "type": "uint64"}]})", R"({"a": 9007199254740992})", "2^53-1");
  check_rejected(R"({"P": [{"name": "a", "type": "uint64"}]})", R"({"a": ""})", "invalid integer");
  check_rejected(R"({"P": [{"name": "a", "type": "uint64"}]})", R"({"a": "-"})", "invalid integer");
  check_rejected(R"({"P": [{"name": "a", "type": "uint64"}]})", R"({"a": "0x"})", "invalid integer");
  check_rejected(R"({"P": [{"name": "a", "type": "uint64"}]})", R"({"a": true})", "expected an integer");
  check_rejected(R"({"P": [{"name": "a", "type": "bool"}]})", R"({"a": 1})", "expected true or false");
  check_rejected(R"({"P": [{"name": "a", "type": "string"}]})", R"({"a": 1})", "expected a string");
  check_rejected(R"({"P": [{"name": "q", "type": "Q"}], "Q": [{"name": "a", "type": "uint8"}]})",
                 R"({"q": [1]})", "message.q: expected an object");
  check_rejected(R"({"P": [{"name": "q", "type": "Q[]"}], "Q": [{"name": "a", "type": "uint8"}]})",
                 R"({"q": [{"a": 1}, {"a": 300}]})", "message.q[1].a: value out-of-bounds for uint8");
}

TEST_CASE("eip712: document structure") {
  // A struct named `int` disables the alias.
  auto named_int = parse(document(R"({"P": [{"name": "a", "type": "int"}], "int": [{"name": "x", "type": "bool"}]})",
                                  R"({"a": {"x": true}})"));
  REQUIRE_MESSAGE(named_int.ok(), named_int.error().message);
  CHECK(named_int->types.encode_type("P").value() == "P(int a)int(bool x)");

  std::string wrong_domain_type(kMail);
  wrong_domain_type.replace(wrong_domain_type.find(R"({"name": "version", "type": "string"},)"),
                            std::string_view(R"({"name": "version", "type": "string"},)").size(), "");
  auto mismatch = parse(wrong_domain_type);
  REQUIRE_FALSE(mismatch.ok());
  CHECK(mismatch.error().message.find("types.EIP712Domain") != std::string::npos);

  std::string wrong_primary(kMail);
  wrong_primary.replace(wrong_primary.find(R"("primaryType": "Mail")"), 21, R"("primaryType": "Person")");
  auto primary = parse(wrong_primary);
  REQUIRE_FALSE(primary.ok());
  CHECK(primary.error().message.find("primaryType \"Person\"") != std::string::npos);

  CHECK_FALSE(parse("").ok());
  CHECK(parse("{").error().code == Errc::decode);
  CHECK_FALSE(parse("[]").ok());
  CHECK_FALSE(parse(R"({"types": {"P": []}, "domain": {}, "message": {}, "extra": 1})").ok());
  CHECK_FALSE(parse(R"({"types": {"P": []}, "domain": {}})").ok());
  CHECK_FALSE(parse(R"({"types": {"P": [{"name": "a"}]}, "domain": {}, "message": {}})").ok());
  CHECK_FALSE(parse(R"({"types": {"P": [], "P": []}, "domain": {}, "message": {}})").ok());
  CHECK_FALSE(parse(R"({"types": {"P": []}, "domain": {"name": 5}, "message": {}})").ok());
  CHECK_FALSE(parse(R"({"types": {"P": []}, "domain": {"chainId": -1}, "message": {}})").ok());
  CHECK_FALSE(parse(R"({"types": {"P": []}, "domain": {"salt": "0x01"}, "message": {}})").ok());

  // Types built in code: unknown names are errors.
  auto types = Types::create({{"P", {{"a", "uint8"}}}});
  REQUIRE(types.ok());
  CHECK_FALSE(types->encode_type("Q").ok());
  CHECK_FALSE(types->struct_hash("Q", Value::object({})).ok());
  CHECK(types->struct_hash("P", Value::object({{"a", Value::number(1)}})).ok());
}
