// EIP-191 personal_sign: published vectors (base-transactions.md §2.3) and values computed with
// ethers v6.17 hashMessage / Wallet.signMessage.
#include <doctest/doctest.h>

#include <liquidbot/eip191.hpp>
#include <liquidbot/keccak.hpp>

#include <string>
#include <string_view>

using namespace liquidbot;

namespace {

std::string hash_hex(std::string_view text) { return eip191_hash(as_bytes(text)).to_hex(); }

PrivateKey key_46() {
  auto key = PrivateKey::from_hex("0x4646464646464646464646464646464646464646464646464646464646464646");
  REQUIRE(key.ok());
  return std::move(key).value();
}

}  // namespace

TEST_CASE("eip191: hash of text matches ethers hashMessage") {
  CHECK(hash_hex("Hello World") == "0xa1de988600a42c4b4ab089b619297c17d53cffae5d5120d82d8a92d0bb3b78f2");
  CHECK(hash_hex("hello") == "0x50b2c43fd39106bafbba0da34fc430e1f91e3c96ea2acee2bc34119f92b37750");
  CHECK(hash_hex("") == "0x5f35dce98ba4fba25530a026ed80b2cecdaa31091ba4958b99b52ea1d068adad");
  CHECK(hash_hex(std::string(1000, 'x')) ==
        "0x6a37e0b91509decb144d44cf932ba38dd926594952faf4817922845f01fa2908");
  CHECK(hash_hex("h\xc3\xa9llo \xe2\x9c\x93") ==
        "0xa92524dcf72de9f2771f170e519c7fcc3305b814c130bfe3cf288b3d4b8d5906");
}

TEST_CASE("eip191: hash of raw bytes") {
  const std::uint8_t bytes[] = {0x00, 0x01, 0x02, 0xff};
  CHECK(eip191_hash(ByteView(bytes, 4)).to_hex() ==
        "0x0be7deb6e7a189a6b66096dd0abc8ec63a7c7f59b2b0eebe395d60778a337908");
}

TEST_CASE("eip191: sign reproduces ethers signatures") {
  auto key = key_46();
  CHECK(hex_encode(sign_message(key, as_bytes("hello")).to_bytes65()) ==
        "0xf63c93dc642a4839770b35abf9cb304ac2f1b5463d9a9abd87546feaa0af992e659cf087c433e45c45f6135cb819ab1922c6359dbb1b8c8d7a54141de2cd4beb1b");
  CHECK(hex_encode(sign_message(key, as_bytes("")).to_bytes65()) ==
        "0xff65394fc6cc70eee8e5ee1160dfa355a0484ad2988b65d01aee4bf58288958f082ce5e2c2d9d49130a2b1e8d01850cc00b0f17637f029570420e5a4a8d724fd1c");

  auto cow = PrivateKey::from_bytes(keccak256(std::string_view("cow")).view());
  REQUIRE(cow.ok());
  CHECK(hex_encode(sign_message(cow.value(), as_bytes("Hello World")).to_bytes65()) ==
        "0xb48cbb7331343e0d831876892f1eac6b4fbec2e3f5177a4790f4bed0a9e586af246b639027d0ade24c0219595b5fa30857b3b75dc64b6d52017b6e39365892071b");
}

TEST_CASE("eip191: recover and verify") {
  auto key = key_46();
  auto signer = Address::parse("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F");
  REQUIRE(signer.ok());
  auto signature = sign_message(key, as_bytes("hello"));
  auto recovered = recover_message_signer(as_bytes("hello"), signature);
  REQUIRE(recovered.ok());
  CHECK(recovered.value() == signer.value());
  CHECK(verify_message(signer.value(), as_bytes("hello"), signature));
  CHECK_FALSE(verify_message(signer.value(), as_bytes("hellp"), signature));
  CHECK_FALSE(verify_message(signer.value(), as_bytes("0x68656c6c6f"), signature));
  auto other = Address::parse("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf");
  REQUIRE(other.ok());
  CHECK_FALSE(verify_message(other.value(), as_bytes("hello"), signature));
}
