// Transactions against published vectors (EIP-155 example, the Base EIP-1559 example) and raw bytes
// produced by ethers v6 (Wallet.signTransaction, or encodeRlp + SigningKey.sign for the malformed
// and out-of-ethers-range cases), plus one rejection test per decoding rule.
#include <doctest/doctest.h>

#include <liquidbot/keccak.hpp>
#include <liquidbot/transaction.hpp>

#include <string>
#include <string_view>

using namespace liquidbot;

namespace {

Bytes bytes_of(std::string_view hex) {
  auto bytes = hex_decode(hex);
  REQUIRE_MESSAGE(bytes.ok(), hex);
  return std::move(bytes).value();
}

PrivateKey key46() {
  auto key = PrivateKey::from_hex("0x4646464646464646464646464646464646464646464646464646464646464646");
  REQUIRE(key.ok());
  return std::move(key).value();
}

Address address_of(std::string_view text) {
  auto address = Address::parse(text);
  REQUIRE_MESSAGE(address.ok(), text);
  return address.value();
}

u256 dec(std::string_view text) {
  auto value = u256::from_dec(text);
  REQUIRE_MESSAGE(value.ok(), text);
  return value.value();
}

const Address kTo35 = Address::from_view(Bytes(20, 0x35));
constexpr std::string_view kSender46 = "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F";

/// The decode error message for `hex` (fails the test when decoding succeeds).
std::string rejection(std::string_view hex) {
  auto decoded = decode_transaction(bytes_of(hex));
  REQUIRE_MESSAGE(!decoded.ok(), hex);
  return decoded.error().message;
}

#define CHECK_REJECTS(hex, fragment)                                                  \
  do {                                                                                \
    const std::string message_ = rejection(hex);                                      \
    INFO("message: " << message_);                                                    \
    CHECK(message_.find(fragment) != std::string::npos);                              \
  } while (false)

// Valid ethers-signed EIP-1559 transaction (the Base example: chain 8453, tip 10^6, max fee 2*10^9).
constexpr std::string_view kBase1559 =
    "0x02f87382210580830f42408477359400825208943535353535353535353535353535353535353535880de0b6b3a764"
    "000080c080a0bfc81fb8e6155c31dc49e2ea3a09664d4aab45e8b9e1f639df34cc1e8828f7aaa04a58770f48799cc332"
    "b4ce34c2e904ace68fda51d60486b0b4a96d985e8b3fac";
constexpr std::string_view kEip155Signed =
    "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef"
    "61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf5"
    "55c9f3dc64214b297fb1966a3b6d83";

Transaction eip155_example() {
  Transaction tx;
  tx.type = TxType::legacy;
  tx.chain_id = 1;
  tx.nonce = 9;
  tx.gas_price = dec("20000000000");
  tx.gas_limit = 21000;
  tx.to = kTo35;
  tx.value = dec("1000000000000000000");
  return tx;
}

Transaction base_example() {
  Transaction tx;
  tx.type = TxType::dynamic_fee;
  tx.chain_id = 8453;
  tx.nonce = 0;
  tx.max_priority_fee_per_gas = 1000000;
  tx.max_fee_per_gas = 2000000000;
  tx.gas_limit = 21000;
  tx.to = kTo35;
  tx.value = dec("1000000000000000000");
  return tx;
}

}  // namespace

TEST_CASE("transaction: EIP-155 example (published vector)") {
  Transaction tx = eip155_example();
  CHECK(hex_encode(signing_payload(tx)) ==
        "0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080");
  CHECK(signing_hash(tx).to_hex() == "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");
  REQUIRE(sign(tx, key46()).ok());
  CHECK(signature_v(tx) == 37);
  CHECK(u256::from_be32(tx.signature->r.data()) ==
        dec("18515461264373351373200002665853028612451056578545711640558177340181847433846"));
  CHECK(u256::from_be32(tx.signature->s.data()) ==
        dec("46948507304638947509940763649030358759909902576025900602547168820602576006531"));
  auto raw = encode(tx);
  REQUIRE(raw.ok());
  CHECK(hex_encode(raw.value()) == kEip155Signed);
  auto hash = tx_hash(tx);
  REQUIRE(hash.ok());
  CHECK(hash->to_hex() == "0x33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea8350788");

  auto decoded = decode_transaction(raw.value());
  REQUIRE(decoded.ok());
  CHECK(decoded->tx == tx);
  CHECK(decoded->from == address_of(kSender46));
  CHECK(decoded->hash == hash.value());
}

TEST_CASE("transaction: Base EIP-1559 example (published vector)") {
  Transaction tx = base_example();
  CHECK(hex_encode(signing_payload(tx)) ==
        "0x02f082210580830f42408477359400825208943535353535353535353535353535353535353535880de0b6b3a764"
        "000080c0");
  CHECK(signing_hash(tx).to_hex() == "0x664fd7c89e53903d58b0114422190a9a1be3950531480ce6f1ae0342ae7c601c");
  REQUIRE(sign(tx, key46()).ok());
  auto raw = encode(tx);
  REQUIRE(raw.ok());
  CHECK(hex_encode(raw.value()) == kBase1559);
  CHECK(tx_hash(tx)->to_hex() == "0x2b8e585f99d36328ab03b52a4ccd89562d3585a045875356a6413dfb55e124ca");
  auto decoded = decode_transaction(raw.value());
  REQUIRE(decoded.ok());
  CHECK(decoded->tx == tx);
  CHECK(decoded->from == address_of(kSender46));
}

TEST_CASE("transaction: EIP-2930, creation and pre-EIP-155 against ethers") {
  SUBCASE("EIP-2930 with an access list") {
    Transaction tx;
    tx.type = TxType::access_list;
    tx.chain_id = 8453;
    tx.nonce = 7;
    tx.gas_price = 123456789;
    tx.gas_limit = 50000;
    tx.to = kTo35;
    tx.data = bytes_of("0xdeadbeef");
    tx.access_list.push_back({Address::from_view(Bytes(20, 0xaa)), {Hash::from_view(Bytes(32, 0xbb)), Hash{}}});
    tx.access_list.push_back({Address::from_view(Bytes(20, 0xcc)), {}});
    CHECK(signing_hash(tx).to_hex() == "0x4bdea4eb8cad732ee32db7d700990c9f446ee00b7c6a52bf9641483c99fe3219");
    REQUIRE(sign(tx, key46()).ok());
    CHECK(hex_encode(encode(tx).value()) ==
          "0x01f8de8221050784075bcd1582c3509435353535353535353535353535353535353535358084deadbeeff872f859"
          "94aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaf842a0bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
          "bbbbbbbbbbbbbbbba00000000000000000000000000000000000000000000000000000000000000000d694cccccccc"
          "ccccccccccccccccccccccccccccccccc001a002b4dfec22491d4eaa08faff68937209faa29d195325be5d6cc6fd9c"
          "59449f71a022a09ed03ef3bce241bc92ae9de099479dd2741b1050bf1626462e3020bd7603");
    CHECK(tx_hash(tx)->to_hex() == "0x2a3d68ebd9489fe26a4dc0dd18f8d0b542ce190f43635202afbd839300b94322");
  }
  SUBCASE("EIP-1559 contract creation") {
    Transaction tx;
    tx.chain_id = 8453;
    tx.gas_limit = 100000;
    tx.data = bytes_of("0x6001600055");
    REQUIRE(sign(tx, key46()).ok());
    const Bytes raw = encode(tx).value();
    CHECK(hex_encode(raw) ==
          "0x02f856822105808080830186a08080856001600055c080a02292bfa6518132f812d19f8a24a9876bdc8c9f2ffd2c"
          "9bcef4c45d804830cf36a07a0efcb2737b18aa5e945ce78291449f2c65ec7062f0517b4902950501e89749");
    CHECK(tx_hash(tx)->to_hex() == "0x5cb06b46b8730da7f6b34e16c4c0a5c2d84aa1d5ada291ad474ed6eb17c5894f");
    auto decoded = decode_transaction(raw);
    REQUIRE(decoded.ok());
    CHECK_FALSE(decoded->tx.to.has_value());
    CHECK(decoded->tx == tx);
  }
  SUBCASE("legacy without EIP-155") {
    Transaction tx = eip155_example();
    tx.chain_id = 0;
    CHECK(hex_encode(signing_payload(tx)) ==
          "0xe9098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080");
    REQUIRE(sign(tx, key46()).ok());
    CHECK(signature_v(tx) == 27);
    CHECK(hex_encode(encode(tx).value()) ==
          "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a7640000801ba083"
          "83adc8b8ae116f918fb44ca7ff9dfd8012596a5c130c6246a2cc717ba41cdaa053ddfacf5bd4aa7e46d1575acf5263"
          "6ea659b91f29e2fb91c75567a279738f38");
    CHECK(tx_hash(tx)->to_hex() == "0x9eb247ec381302e0ac0c3c8d8d14969bb49d31ae3d266274d3112e1a86585d94");
  }
  SUBCASE("legacy on Base: v = 8453*2+35+1") {
    Transaction tx;
    tx.type = TxType::legacy;
    tx.chain_id = 8453;
    tx.nonce = 1;
    tx.gas_price = 1000000;
    tx.gas_limit = 21000;
    tx.to = kTo35;
    tx.value = 1;
    REQUIRE(sign(tx, key46()).ok());
    CHECK(signature_v(tx) == 16942);
    CHECK(hex_encode(encode(tx).value()) ==
          "0xf86401830f4240825208943535353535353535353535353535353535353535018082422ea0269c6998b727ce9db1"
          "dcadbb35fe5cc5ee64e0fe71c5d216eea3a2a36f4fc765a00496bbd21e9edfd4ec083fe78ba2cd41ff8c93bde5ed2b"
          "d922b244892b7ba9a3");
  }
}

TEST_CASE("transaction: build-time validation") {
  const PrivateKey key = key46();
  Transaction tx = base_example();
  CHECK_FALSE(encode(tx).ok());  // not signed yet
  CHECK(encode(tx).error().message.find("not signed") != std::string::npos);

  Transaction tip_above_max = base_example();
  tip_above_max.max_priority_fee_per_gas = tip_above_max.max_fee_per_gas + 1;
  CHECK(sign(tip_above_max, key).error().message.find("exceeds maxFeePerGas") != std::string::npos);

  Transaction gas_price_on_1559 = base_example();
  gas_price_on_1559.gas_price = 1;
  CHECK_FALSE(sign(gas_price_on_1559, key).ok());

  Transaction legacy_with_fee_cap = eip155_example();
  legacy_with_fee_cap.max_fee_per_gas = 1;
  CHECK_FALSE(sign(legacy_with_fee_cap, key).ok());

  Transaction legacy_with_access_list = eip155_example();
  legacy_with_access_list.access_list.push_back({kTo35, {}});
  CHECK(sign(legacy_with_access_list, key).error().message.find("access list") != std::string::npos);
}

TEST_CASE("transaction: decode accepts the range edges") {
  // nonce and gasLimit 2^64-1, value 2^256-1 (signed with ethers SigningKey; ethers' own parser
  // stops at 2^53 for nonces).
  const Bytes raw = bytes_of(
      "0x02f89982210588ffffffffffffffff830f4240847735940088ffffffffffffffff94353535353535353535353535353535"
      "3535353535a0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80c001a0e405198e874376"
      "2ff494134aad0b7e7478a0379f65de20a7a255cedf3631f6fea007216b9a0ee43d127a03097f3011f7d585ab23f6d7a260"
      "43310cdaef8eac9117");
  auto decoded = decode_transaction(raw);
  REQUIRE(decoded.ok());
  CHECK(decoded->tx.nonce == ~std::uint64_t{0});
  CHECK(decoded->tx.gas_limit == ~std::uint64_t{0});
  CHECK(decoded->tx.value == u256::max());
  CHECK(decoded->from == address_of(kSender46));
  // Re-encoding gives the same bytes.
  CHECK(encode(decoded->tx).value() == raw);
}

TEST_CASE("transaction: decode rejects malformed input, one rule at a time") {
  SUBCASE("empty input") { CHECK(decode_transaction({}).error().message.find("empty") != std::string::npos); }
  SUBCASE("unknown type bytes") {
    for (const char* type : {"00", "03", "04", "7e", "7f"}) {
      const std::string raw = "0x" + std::string(type) + std::string(kBase1559.substr(4));
      CHECK_REJECTS(raw, "unknown transaction type");
    }
    CHECK_REJECTS("0x80", "neither a type byte");
    CHECK_REJECTS("0xb8", "neither a type byte");
    CHECK_REJECTS("0xff00", "reserved by EIP-2718");
  }
  SUBCASE("typed payload that is not a list") { CHECK_REJECTS("0x0280", "not an RLP list"); }
  SUBCASE("trailing bytes") {
    CHECK_FALSE(decode_transaction(bytes_of(std::string(kBase1559) + "00")).ok());
    CHECK_FALSE(decode_transaction(bytes_of(std::string(kEip155Signed) + "c0")).ok());
  }
  SUBCASE("truncated input") {
    CHECK_FALSE(decode_transaction(bytes_of(kBase1559.substr(0, kBase1559.size() - 2))).ok());
    CHECK_FALSE(decode_transaction(bytes_of(kEip155Signed.substr(0, 40))).ok());
  }
  SUBCASE("non-canonical RLP") {
    // the nonce 9, a single byte below 0x80, wrapped as the string 0x81 0x09
    std::string wrapped(kBase1559);
    wrapped.replace(4, 4, "f874");           // list length + 1
    wrapped.replace(14, 2, "8109");          // nonce 9 as 0x81 0x09
    CHECK_FALSE(decode_transaction(bytes_of(wrapped)).ok());
    // the empty access list 0xc0 written in long form 0xf800
    std::string long_list(kBase1559);
    long_list.replace(4, 4, "f874");
    const auto at = long_list.find("80c080a0bfc8");
    REQUIRE(at != std::string::npos);
    long_list.replace(at + 2, 2, "f800");
    CHECK_FALSE(decode_transaction(bytes_of(long_list)).ok());
  }
  SUBCASE("field counts") {
    CHECK_REJECTS(
        "0x02f87282210580830f42408477359400825208943535353535353535353535353535353535353535880de0b6b3a7640000"
        "8080a0cf588eb48d75014381aa07c4c0a0b506f858a006b3ec9fccdb7df5e0d8e14569a02b597ed83f8697cb7060331e36"
        "c0bed004114b025f86c45d918eeb15ceb7d7e9",
        "needs 12 fields, got 11");
    CHECK_REJECTS(
        "0x02f482210580830f42408477359400825208943535353535353535353535353535353535353535880de0b6b3a764000080"
        "c080010101",
        "needs 12 fields, got 13");
    CHECK_REJECTS(
        "0x01f86c8221050784075bcd1582c3509435353535353535353535353535353535353535358084deadbeefc08080a0ae1ac3"
        "b0b21697a5c01e4f5ed7ff7d997232360d2f0c4de62ccc32656a23e905a02fe0f88ed0ba0c18d34d65f991ed6d44b10905"
        "2e6c4be22187596415eb6c4fc4",
        "needs 11 fields, got 12");
    CHECK_REJECTS(
        "0xf86b098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000025a028ef6134"
        "0bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3"
        "dc64214b297fb1966a3b6d83",
        "needs 9 fields, got 8");
    CHECK_REJECTS(
        "0xf86d098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61"
        "340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9"
        "f3dc64214b297fb1966a3b6d8380",
        "needs 9 fields, got 10");
  }
  SUBCASE("integer with a leading zero byte") {
    CHECK_REJECTS(
        "0x02f87482210580830f4240847735940083005208943535353535353535353535353535353535353535880de0b6b3a76400"
        "0080c080a0a42484f83290a432ad08010702936b2cd308a3d08ee8c650019e24424bcb75baa035d3e5f301605c1f24fd51"
        "67687f1ead4532b4dd49c6cbe9e1eee47bc97c7e05",
        "(gasLimit): rlp: non-canonical integer format");
    // zero written as the byte 0x00 instead of the empty string
    CHECK_REJECTS(
        "0x02f87382210500830f42408477359400825208943535353535353535353535353535353535353535880de0b6b3a76400"
        "0080c080a0c242b4175f02831832d4a149408ffe70131cd1b6b15560e7b421ecbc45b0223da05e8e8aaac5563744bda8ab"
        "2887603b753689de99584358c4e1b788da2829e17e",
        "(nonce): rlp: non-canonical integer format");
    // r with a leading zero byte (33 bytes)
    CHECK_REJECTS(
        "0x02f87482210580830f42408477359400825208943535353535353535353535353535353535353535880de0b6b3a76400"
        "0080c080a100bfc81fb8e6155c31dc49e2ea3a09664d4aab45e8b9e1f639df34cc1e8828f7aaa04a58770f48799cc332b4"
        "ce34c2e904ace68fda51d60486b0b4a96d985e8b3fac",
        "(r): rlp: non-canonical integer format");
  }
  SUBCASE("integers out of range") {
    CHECK_REJECTS(
        "0x02f87c82210589010000000000000000830f42408477359400825208943535353535353535353535353535353535353535"
        "880de0b6b3a764000080c001a08e42a0cb323e0c6485f22c514ba6dd8a46ad33a6da19ded0b69a5d77399af934a0401d0f"
        "12d378a052b1256580dd2b2237cbf0c592e312dd68494947376e18c386",
        "(nonce): rlp: integer of 9 bytes exceeds 64 bits");
    CHECK_REJECTS(
        "0x02f87a82210580830f4240847735940089010000000000000000943535353535353535353535353535353535353535880d"
        "e0b6b3a764000080c080a00981d47316e28ed5488729d1afc7faec7d63ff5634095e2141dca8ce7b432c82a04700082e40"
        "0538aa8e42c97eb86070a091de425e85042103cbf9ed540d89661a",
        "(gasLimit): rlp: integer of 9 bytes exceeds 64 bits");
    CHECK_REJECTS(
        "0x02f87a8901000000000000000080830f42408477359400825208943535353535353535353535353535353535353535880d"
        "e0b6b3a764000080c001a0e224d2b7b082f44966bab70f7cff8a2b9360641a29d4acd63310697e2079d502a0246b744614"
        "2cb9690d6d7ba77ac863a504506e1485a7366382a1245cd889ebe6",
        "(chainId): rlp: integer of 9 bytes exceeds 64 bits");
    CHECK_REJECTS(
        "0x02f88c82210580830f42408477359400825208943535353535353535353535353535353535353535a10100000000000000"
        "0000000000000000000000000000000000000000000000000080c080a01997fb985721dd9d0d7e226ac40738767489f076"
        "667a40696878c5579a60365fa02baa64b01d7c75e96b00a001dea5f0d88d33242e5a33cd8a1c25572590692696",
        "(value): rlp: integer of 33 bytes exceeds 256 bits");
  }
  SUBCASE("to of the wrong length") {
    CHECK_REJECTS(
        "0x02f87282210580830f424084773594008252089335353535353535353535353535353535353535880de0b6b3a7640000"
        "80c001a0f0f5b05b5d979348a465886d2a1d61b937c785663908174be5c69679d5db4369a07f108786fe0a53228810b023"
        "3a12f6ac780618d8c39511eb5a68eb5c274122d2",
        "(to): must be empty (creation) or 20 bytes, got 19");
    CHECK_REJECTS(
        "0x02f87482210580830f4240847735940082520895353535353535353535353535353535353535353535880de0b6b3a76400"
        "0080c001a0ebaef969dc0d878827ce9302e4e4020b05b71d5a157bde8cac01f601109c595ea06d3fc67eb976d57af1af75"
        "ed1dab5a89b62bd8a556d721f3d0ec2a82cba80cb0",
        "got 21");
  }
  SUBCASE("data that is a list") {
    CHECK_REJECTS(
        "0x02f87382210580830f42408477359400825208943535353535353535353535353535353535353535880de0b6b3a76400"
        "00c0c080a03a489e1d2c378b1752ca64f685b5bd088feec35421603a9fbbf89004f0a3a2f5a06998a50a627c723b43fc62"
        "0ecdce3572446ff9cae9b09c9d1e9ca48e0817a99c",
        "(data): rlp: expected a string, found a list");
  }
  SUBCASE("malformed access lists") {
    CHECK_REJECTS(
        "0x02f88982210580830f42408477359400825208943535353535353535353535353535353535353535880de0b6b3a76400"
        "0080d6d593aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac001a0f48f8d9add869f63febb6c266ba3a961e493475e492a"
        "a4847488b47a7af89fd9a01aeafe7e81ec79ba594fd1b63d685b10c6d1136a9b30de6068f7428f8ad024f5",
        "address must be a 20-byte string");
    CHECK_REJECTS(
        "0x02f8aa82210580830f42408477359400825208943535353535353535353535353535353535353535880de0b6b3a76400"
        "0080f7f694aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaae09fbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        "bbbbbbbbbbbbbbbbbb01a0843a010e0257a95b590f76c453e6b4e4d5442c8455cd70c7dc1688def12980fba0618922291f"
        "85cd2427aba9804d7bdfd477edf7ce72f43d13feb5c045d3577a8e",
        "must be a 32-byte string");
    CHECK_REJECTS(
        "0x02f88b82210580830f42408477359400825208943535353535353535353535353535353535353535880de0b6b3a76400"
        "0080d8d794aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac08080a0e5032a146bfa1fc7d4212d2104f6c1d40dfe089c"
        "857bee0725bb4281b305df1aa06054d848d86364bc7d0a9f228aec1e30da1c2663b1d9fd93ba375d991897a2b9",
        "has more than 2 items");
    CHECK_REJECTS(
        "0x02f87382210580830f42408477359400825208943535353535353535353535353535353535353535880de0b6b3a76400"
        "00808001a060dc55bb5b6a79d27ca2b6271f56bf4b26d3e98a53a28fbfa67647082e26f7e3a01be3562088237a1a6ad921"
        "3cb5a71ebd760b8bfac5f3abeabb552e30ba5cdf51",
        "(accessList): is a byte string");
    CHECK_REJECTS(
        "0x02f8aa82210580830f42408477359400825208943535353535353535353535353535353535353535880de0b6b3a76400"
        "0080f7f694aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        "bbbbbbbbbbbbbbbbbb80a01ffe77f099c04defdd5b5c501571d5bd99b74b297b9655b131455c6ecd8b36eda015c1c935"
        "f38268259201e2966767cb753e9062850d2a80f66dc482d56b73ab16",
        "storage keys must be a list");
  }
  SUBCASE("v and yParity") {
    CHECK_REJECTS(
        "0x02f87382210580830f42408477359400825208943535353535353535353535353535353535353535880de0b6b3a76400"
        "0080c002a01111111111111111111111111111111111111111111111111111111111111111a0222222222222222222222222"
        "2222222222222222222222222222222222222222",
        "(yParity): must be 0 or 1, got 2");
    const std::string legacy_prefix =
        "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080";
    const std::string legacy_rs =
        "a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800"
        "ccf555c9f3dc64214b297fb1966a3b6d83";
    CHECK_REJECTS(legacy_prefix + "1d" + legacy_rs, "(v): must be 27, 28 or chainId*2+35/36");
    CHECK_REJECTS(legacy_prefix + "23" + legacy_rs, "got 35");
    CHECK_REJECTS(legacy_prefix + "80" + legacy_rs, "got 0");
    // v = 38 is chain 1 with the other parity: a valid form that recovers some other address.
    auto other = decode_transaction(bytes_of(legacy_prefix + "26" + legacy_rs));
    CHECK((!other.ok() || other->from != address_of(kSender46)));
  }
  SUBCASE("signature values") {
    CHECK_REJECTS(
        "0x02f87382210580830f42408477359400825208943535353535353535353535353535353535353535880de0b6b3a76400"
        "0080c001a0bfc81fb8e6155c31dc49e2ea3a09664d4aab45e8b9e1f639df34cc1e8828f7aaa0b5a788f0b786633ccd4b31"
        "cb3d16fb51d41f0294d944198b0b28f0f471ab0195",
        "high S");
    CHECK_REJECTS(
        "0x02f85382210580830f42408477359400825208943535353535353535353535353535353535353535880de0b6b3a76400"
        "0080c08080a04a58770f48799cc332b4ce34c2e904ace68fda51d60486b0b4a96d985e8b3fac",
        "r is zero");
    CHECK_REJECTS(
        "0x02f85382210580830f42408477359400825208943535353535353535353535353535353535353535880de0b6b3a76400"
        "0080c080a0bfc81fb8e6155c31dc49e2ea3a09664d4aab45e8b9e1f639df34cc1e8828f7aa80",
        "s is zero");
    CHECK_REJECTS(
        "0x02f87382210580830f42408477359400825208943535353535353535353535353535353535353535880de0b6b3a76400"
        "0080c080a0fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141a04a58770f48799cc332b4ce"
        "34c2e904ace68fda51d60486b0b4a96d985e8b3fac",
        "not below the curve order");
  }
  SUBCASE("priority fee above the max fee") {
    CHECK_REJECTS(
        "0x02f8748221058084b2d05e008477359400825208943535353535353535353535353535353535353535880de0b6b3a764"
        "000080c080a0783c06502fa9c039accd018ecdfbec92a8cca00ca1fa47bdd4433d92e57412eea0274cf54b71eca07235a9"
        "20ff62e9116a4a8a8523585d1d6914bb41a897edc3e7",
        "exceeds maxFeePerGas");
  }
}

TEST_CASE("transaction: decode-tx JSON") {
  auto decoded = decode_transaction(bytes_of(kBase1559));
  REQUIRE(decoded.ok());
  CHECK(to_json(decoded.value()) ==
        "{\"type\":\"2\",\"chainId\":\"8453\",\"nonce\":\"0\",\"maxPriorityFeePerGas\":\"1000000\","
        "\"maxFeePerGas\":\"2000000000\",\"gasLimit\":\"21000\","
        "\"to\":\"0x3535353535353535353535353535353535353535\",\"value\":\"1000000000000000000\","
        "\"data\":\"0x\",\"accessList\":[],\"v\":\"0\",\"yParity\":\"0\","
        "\"r\":\"0xbfc81fb8e6155c31dc49e2ea3a09664d4aab45e8b9e1f639df34cc1e8828f7aa\","
        "\"s\":\"0x4a58770f48799cc332b4ce34c2e904ace68fda51d60486b0b4a96d985e8b3fac\","
        "\"from\":\"0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F\","
        "\"hash\":\"0x2b8e585f99d36328ab03b52a4ccd89562d3585a045875356a6413dfb55e124ca\"}");
  auto legacy = decode_transaction(bytes_of(kEip155Signed));
  REQUIRE(legacy.ok());
  const std::string json = to_json(legacy.value());
  CHECK(json.find("\"gasPrice\":\"20000000000\"") != std::string::npos);
  CHECK(json.find("\"v\":\"37\"") != std::string::npos);
  CHECK(json.find("accessList") == std::string::npos);
}
