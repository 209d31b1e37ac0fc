// secp256k1 keys, signing, recovery and verification against published vectors (EIP-155 example,
// ethers accounts "one", ethereum/tests keyaddrtest "cow") and values computed with ethers v6.
#include <doctest/doctest.h>

#include <liquidbot/secp256k1.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

using namespace liquidbot;

namespace {

PrivateKey key_of(std::string_view hex) {
  auto key = PrivateKey::from_hex(hex);
  REQUIRE_MESSAGE(key.ok(), hex);
  return std::move(key).value();
}

Hash hash_of(std::string_view hex) {
  auto hash = Hash::from_hex(hex);
  REQUIRE_MESSAGE(hash.ok(), hex);
  return hash.value();
}

Bytes bytes_of(std::string_view hex) {
  auto bytes = hex_decode(hex);
  REQUIRE_MESSAGE(bytes.ok(), hex);
  return std::move(bytes).value();
}

constexpr std::string_view kKey46 = "0x4646464646464646464646464646464646464646464646464646464646464646";
// EIP-155 example: signing hash and the (r, s) with v = 37 (y_parity 0).
constexpr std::string_view kEip155Hash = "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53";
constexpr std::string_view kEip155R = "0x28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276";
constexpr std::string_view kEip155S = "0x67cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83";
constexpr std::string_view kOrder = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
constexpr std::string_view kHalfOrder = "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0";

}  // namespace

TEST_CASE("secp256k1: address derivation") {
  CHECK(key_of("0x0000000000000000000000000000000000000000000000000000000000000001").address().to_checksum() ==
        "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf");
  // ethereum/tests BasicTests/keyaddrtest.json: key keccak256("cow").
  CHECK(key_of("c85ef7d79691fe79573b1a7064c19c1a9819ebdbd1faaab1a8ec92344438aaf4").address().to_checksum() ==
        "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826");
  CHECK(key_of(kKey46).address().to_checksum() == "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F");
  // n - 1, the largest key.
  CHECK(key_of("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140").address().to_checksum() ==
        "0x80C0dbf239224071c59dD8970ab9d542E3414aB2");
  const PublicKey one = key_of("0x0000000000000000000000000000000000000000000000000000000000000001").public_key();
  CHECK(hex_encode(one.bytes) ==
        "0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
        "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8");
}

TEST_CASE("secp256k1: RFC 6979 signature of the EIP-155 example") {
  const PrivateKey key = key_of(kKey46);
  const Signature signature = key.sign(hash_of(kEip155Hash));
  CHECK(signature.r.to_hex() == kEip155R);
  CHECK(signature.s.to_hex() == kEip155S);
  CHECK(signature.y_parity == 0);
  // Deterministic: the same digest gives the same signature.
  CHECK(key.sign(hash_of(kEip155Hash)) == signature);

  auto recovered = recover_address(hash_of(kEip155Hash), signature);
  REQUIRE(recovered.ok());
  CHECK(recovered.value() == key.address());
  CHECK(verify(hash_of(kEip155Hash), signature, key.public_key()));
}

TEST_CASE("secp256k1: signature with the largest key and recovery id 1") {
  // ethers: SigningKey(n-1).sign(keccak256(0x1234)).
  const PrivateKey key = key_of("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140");
  const Hash digest = hash_of("0x56570de287d73cd1cb6092bb8fdee6173974955fdef345ae579ee9f475ea7432");
  const Signature signature = key.sign(digest);
  CHECK(signature.r.to_hex() == "0x441ab0b412fc18fccafb66eed983234602e6bbb9560c75e37dad816987e69e33");
  CHECK(signature.s.to_hex() == "0x48cf8a37289229f56704631372bc992065e8b467e2cc92efa4796ebd51c35d8f");
  CHECK(signature.y_parity == 0);
}

TEST_CASE("secp256k1: private key parsing rejects what is not a key") {
  CHECK(PrivateKey::from_hex("0x" + std::string(kOrder)).error().message.find("curve order") != std::string::npos);
  CHECK_FALSE(PrivateKey::from_hex(std::string(64, '0')).ok());
  CHECK_FALSE(PrivateKey::from_hex("0x46").ok());
  CHECK_FALSE(PrivateKey::from_hex(std::string(65, '4')).ok());
  CHECK_FALSE(PrivateKey::from_hex("").ok());
  auto junk = PrivateKey::from_hex("0x46464646464646464646464646464646464646464646464646464646464646zz");
  REQUIRE_FALSE(junk.ok());
  // The key text never reaches the message.
  CHECK(junk.error().message.find("4646") == std::string::npos);
  CHECK_FALSE(PrivateKey::from_bytes(Bytes(31, 1)).ok());
  CHECK_FALSE(PrivateKey::from_bytes(Bytes(33, 1)).ok());
  CHECK(PrivateKey::from_bytes(Bytes(32, 1)).ok());
  CHECK(PrivateKey::from_hex("0X" + std::string(64, 'A')).ok());
}

TEST_CASE("secp256k1: moving a key wipes the source") {
  PrivateKey a = key_of(kKey46);
  const Address address = a.address();
  PrivateKey b(std::move(a));
  CHECK(std::all_of(a.secret_bytes().begin(), a.secret_bytes().end(), [](auto x) { return x == 0; }));  // NOLINT
  CHECK(b.address() == address);
  PrivateKey c = key_of("0x0000000000000000000000000000000000000000000000000000000000000001");
  c = std::move(b);
  CHECK(std::all_of(b.secret_bytes().begin(), b.secret_bytes().end(), [](auto x) { return x == 0; }));  // NOLINT
  CHECK(c.address() == address);
}

TEST_CASE("secp256k1: 65-byte signatures") {
  const std::string rs = std::string(kEip155R.substr(2)) + std::string(kEip155S.substr(2));
  for (const char* v : {"00", "1b"}) {
    auto signature = Signature::from_bytes65(bytes_of(rs + v));
    REQUIRE(signature.ok());
    CHECK(signature->y_parity == 0);
    CHECK(hex_encode(signature->to_bytes65()) == "0x" + rs + "1b");
  }
  for (const char* v : {"01", "1c"}) {
    auto signature = Signature::from_bytes65(bytes_of(rs + v));
    REQUIRE(signature.ok());
    CHECK(signature->y_parity == 1);
  }
  for (const char* v : {"02", "1a", "1d", "25", "ff"})
    CHECK(Signature::from_bytes65(bytes_of(rs + v)).error().message.find("v ") != std::string::npos);
  CHECK_FALSE(Signature::from_bytes65(bytes_of(rs)).ok());
  CHECK_FALSE(Signature::from_bytes65(bytes_of(rs + "1b00")).ok());

  const std::string s(kEip155S.substr(2));
  const std::string r(kEip155R.substr(2));
  const std::string zero(64, '0');
  CHECK(Signature::from_bytes65(bytes_of(zero + s + "1b")).error().message.find("r is zero") != std::string::npos);
  CHECK(Signature::from_bytes65(bytes_of(std::string(kOrder) + s + "1b")).error().message.find("r is") !=
        std::string::npos);
  CHECK(Signature::from_bytes65(bytes_of(r + zero + "1b")).error().message.find("s is zero") != std::string::npos);
  // s = n/2 is the largest low S; n/2 + 1 is high.
  CHECK(Signature::from_bytes65(bytes_of(r + std::string(kHalfOrder) + "1b")).ok());
  CHECK(Signature::from_bytes65(bytes_of(r + "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a1" + "1b"))
            .error()
            .message.find("high S") != std::string::npos);
}

TEST_CASE("secp256k1: recovery and verification reject what does not match") {
  const PrivateKey key = key_of(kKey46);
  const Hash digest = hash_of(kEip155Hash);
  Signature signature = key.sign(digest);

  Hash other_digest = digest;
  other_digest.bytes[0] ^= 1;
  CHECK_FALSE(verify(other_digest, signature, key.public_key()));
  auto other = recover_address(other_digest, signature);
  CHECK((!other.ok() || other.value() != key.address()));

  Signature flipped = signature;
  flipped.y_parity ^= 1;
  CHECK_FALSE(verify(digest, flipped, key.public_key()));

  Signature bad_parity = signature;
  bad_parity.y_parity = 2;
  CHECK(recover_address(digest, bad_parity).error().message.find("recovery id") != std::string::npos);

  // The high-S twin of a valid signature is refused (EIP-2).
  Signature high = signature;
  auto n = hex_decode(kOrder);
  REQUIRE(n.ok());
  unsigned borrow = 0;
  for (int i = 31; i >= 0; --i) {
    const auto index = static_cast<std::size_t>(i);
    const unsigned difference = 256u + n.value()[index] - signature.s.bytes[index] - borrow;
    high.s.bytes[index] = static_cast<std::uint8_t>(difference & 0xff);
    borrow = difference < 256u ? 1 : 0;
  }
  high.y_parity ^= 1;
  CHECK(recover_address(digest, high).error().code == Errc::signature);
  CHECK_FALSE(verify(digest, high, key.public_key()));

  const PrivateKey other_key = key_of("0x0000000000000000000000000000000000000000000000000000000000000001");
  CHECK_FALSE(verify(digest, signature, other_key.public_key()));
}

TEST_CASE("secp256k1: the shared context is safe from many threads") {
  const PrivateKey key = key_of(kKey46);
  const Hash digest = hash_of(kEip155Hash);
  const Signature expected = key.sign(digest);
  const Address address = key.address();
  std::vector<std::thread> threads;
  std::vector<int> good(4, 0);
  for (std::size_t t = 0; t < good.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const Signature signature = key.sign(digest);
        auto recovered = recover_address(digest, signature);
        if (signature == expected && recovered.ok() && recovered.value() == address) ++good[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int count : good) CHECK(count == 50);
}
