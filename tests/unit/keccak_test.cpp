// Keccak-256: published vectors, the 136-byte rate boundary, incremental hashing, compile-time use,
// and every runtime variant (portable, AVX-512) against digests computed at compile time.
// Expected digests are published Keccak-256 vectors or were computed with ethers v6 keccak256.
#include <liquidbot/keccak.hpp>

#include "detail/keccak_dispatch.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <utility>

using liquidbot::Bytes;
using liquidbot::ByteView;
using liquidbot::Hash;
using liquidbot::Keccak256;
using liquidbot::keccak256;
using liquidbot::selector;
using liquidbot::Selector;

namespace {

Hash hash_of(std::string_view hex) {
  auto h = Hash::from_hex(hex);
  REQUIRE(h.ok());
  return *h;
}

// Bytes 0, 1, 2, ... (mod 256).
Bytes counting_bytes(std::size_t n) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i);
  return b;
}

// Compile-time checks: the whole hash is a constant expression.
constexpr Selector kTransfer = selector("transfer(address,uint256)");
static_assert(kTransfer == Selector{{0xa9, 0x05, 0x9c, 0xbb}});
static_assert(selector("balanceOf(address)") == Selector{{0x70, 0xa0, 0x82, 0x31}});
static_assert(selector("approve(address,uint256)") == Selector{{0x09, 0x5e, 0xa7, 0xb3}});
// Empty-string digest begins c5d24601 and ends 5d85a470.
static_assert(keccak256(std::string_view{}).bytes[0] == 0xc5 &&
              keccak256(std::string_view{}).bytes[31] == 0x70);
// A constexpr digest of more than one block (200 bytes of 0xa3, published vector 3a57666b...).
constexpr Hash kA3 = [] {
  std::array<std::uint8_t, 200> data{};
  data.fill(0xa3);
  return keccak256(ByteView(data));
}();
static_assert(kA3.bytes[0] == 0x3a && kA3.bytes[1] == 0x57 && kA3.bytes[31] == 0x4a);

// Compile-time digest of bytes 0, 1, 2, ... of length n, compared in full with a hex digest.
constexpr int nibble(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }
template <std::size_t N>
constexpr bool constexpr_digest_is(std::string_view hex) {
  std::array<std::uint8_t, N> data{};
  for (std::size_t i = 0; i < N; ++i) data[i] = static_cast<std::uint8_t>(i);
  const Hash h = keccak256(ByteView(data));
  for (std::size_t i = 0; i < 32; ++i)
    if (h.bytes[i] != nibble(hex[2 * i]) * 16 + nibble(hex[2 * i + 1])) return false;
  return true;
}
// Same ethers-computed vectors as the runtime rate-boundary test below.
static_assert(
    constexpr_digest_is<135>("cbdfd9dee5faad3818d6b06f95a219fd290b0e1706f6a82e5a595b9ce9faca62"));
static_assert(
    constexpr_digest_is<136>("7ce759f1ab7f9ce437719970c26b0a66ff11fe3e38e17df89cf5d29c7d7f807e"));
static_assert(
    constexpr_digest_is<137>("ac73d4fae68b8453f764007c1a20ce95994187861f0c3227a3a8e99a73a3b1db"));
// The incremental hasher is constexpr too.
static_assert([] {
  Keccak256 h;
  h.update("transfer(");
  h.update("address,uint256)");
  return h.finalize();
}() == keccak256("transfer(address,uint256)"));

// Every length 0..600 (the rate boundaries 136, 272, 408 and 544 with their neighbours) hashed at
// compile time, i.e. by the constexpr code only; the runtime variants must reproduce each digest.
constexpr std::size_t kMaxLength = 600;
constexpr std::array<std::uint8_t, kMaxLength> kMessage = [] {
  std::array<std::uint8_t, kMaxLength> m{};
  for (std::size_t i = 0; i < kMaxLength; ++i) m[i] = static_cast<std::uint8_t>(i * 13 + 5);
  return m;
}();
// One constant expression per length keeps each within the compiler's evaluation limit.
template <std::size_t N>
constexpr Hash kCompileTimeDigest = keccak256(ByteView(kMessage.data(), N));
template <std::size_t... N>
constexpr std::array<Hash, sizeof...(N)> compile_time_digests(std::index_sequence<N...>) {
  return {kCompileTimeDigest<N>...};
}
constexpr std::array<Hash, kMaxLength + 1> kCompileTimeDigests =
    compile_time_digests(std::make_index_sequence<kMaxLength + 1>{});
// The constexpr Keccak-f[1600] of the zero state; lane 0 is the published 0xF1258F7940E1DDE7.
constexpr std::array<std::uint64_t, 25> kPermutedZero = [] {
  std::uint64_t s[25] = {};
  liquidbot::keccak_internal::permute(s);
  std::array<std::uint64_t, 25> out{};
  for (std::size_t i = 0; i < 25; ++i) out[i] = s[i];
  return out;
}();
static_assert(kPermutedZero[0] == 0xF1258F7940E1DDE7);
static_assert(kPermutedZero[24] == 0xEAF1FF7B5CECA249);

bool avx512_available() {
#if LB_KECCAK_HAS_AVX512
  return liquidbot::detail::keccak_avx512_supported();
#else
  return false;
#endif
}

}  // namespace

TEST_CASE("keccak256 published vectors") {
  CHECK(keccak256(std::string_view{}) ==
        hash_of("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"));
  CHECK(keccak256("abc") ==
        hash_of("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"));
  CHECK(keccak256("The quick brown fox jumps over the lazy dog") ==
        hash_of("4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15"));
  const Bytes a3(200, 0xa3);
  CHECK(keccak256(ByteView(a3)) ==
        hash_of("3a57666b048777f2c953dc4456f45a2588e1cb6f2da760122d530ac2ce607d4a"));
  CHECK(kA3 == keccak256(ByteView(a3)));
}

TEST_CASE("keccak256 around the 136-byte rate") {
  CHECK(keccak256(ByteView(counting_bytes(135))) ==
        hash_of("cbdfd9dee5faad3818d6b06f95a219fd290b0e1706f6a82e5a595b9ce9faca62"));
  CHECK(keccak256(ByteView(counting_bytes(136))) ==
        hash_of("7ce759f1ab7f9ce437719970c26b0a66ff11fe3e38e17df89cf5d29c7d7f807e"));
  CHECK(keccak256(ByteView(counting_bytes(137))) ==
        hash_of("ac73d4fae68b8453f764007c1a20ce95994187861f0c3227a3a8e99a73a3b1db"));
  CHECK(keccak256(ByteView(counting_bytes(272))) ==
        hash_of("fdf2ec49e749960d3c8521a0219af8d03e30e2b3bf19bd16150ee0eaf133d66e"));
}

TEST_CASE("keccak256 long messages") {
  // One million 'a' (published vector); 100003 bytes (i*31+7) mod 256 (ethers v6).
  const std::string million(1000000, 'a');
  CHECK(keccak256(million) ==
        hash_of("fadae6b49f129bbb812be8407b7b2894f34aecf6dbd1f9b0f0c7e9853098fc96"));
  Bytes pattern(100003);
  for (std::size_t i = 0; i < pattern.size(); ++i)
    pattern[i] = static_cast<std::uint8_t>(i * 31 + 7);
  CHECK(keccak256(ByteView(pattern)) ==
        hash_of("2d1f7488298a43cc9ca92945c5177e999ad40daa2e9e114ac6d082146ac31dbd"));
  Keccak256 h;
  for (std::size_t off = 0; off < million.size(); off += 4099)
    h.update(std::string_view(million).substr(off, 4099));
  CHECK(h.finalize() == keccak256(million));
}

TEST_CASE("text and bytes give the same digest") {
  const std::string text = "transfer(address,uint256)";
  CHECK(keccak256(text) == keccak256(liquidbot::as_bytes(text)));
  CHECK(selector(text) == kTransfer);
}

TEST_CASE("incremental hashing equals one-shot for every split") {
  const Bytes data = counting_bytes(300);
  for (std::size_t len : {0u, 1u, 135u, 136u, 137u, 271u, 272u, 273u, 300u}) {
    const ByteView msg(data.data(), len);
    const Hash expected = keccak256(msg);
    for (std::size_t chunk = 1; chunk <= len + 1; chunk += (chunk < 10 ? 1 : 17)) {
      Keccak256 h;
      for (std::size_t off = 0; off < len; off += chunk)
        h.update(msg.subspan(off, std::min(chunk, len - off)));
      CHECK_MESSAGE(h.finalize() == expected, "len " << len << " chunk " << chunk);
    }
    for (std::size_t split = 0; split <= len; ++split) {
      Keccak256 h;
      h.update(msg.first(split));
      h.update(ByteView{});
      h.update(msg.subspan(split));
      CHECK_MESSAGE(h.finalize() == expected, "len " << len << " split " << split);
    }
  }
}

TEST_CASE("finalize resets the hasher for reuse") {
  Keccak256 h;
  h.update("first message");
  (void)h.finalize();
  h.update("abc");
  CHECK(h.finalize() == keccak256("abc"));
}

TEST_CASE("runtime variants equal the compile-time digests for every length 0..600") {
  const bool avx512 = avx512_available();
  MESSAGE(std::string(avx512 ? "AVX-512 variant tested" : "AVX-512 variant not supported here"));
  for (std::size_t n = 0; n <= kMaxLength; ++n) {
    const ByteView msg(kMessage.data(), n);
    const Hash& expected = kCompileTimeDigests[n];
    CHECK_MESSAGE(keccak256(msg) == expected, "dispatched, length " << n);
    CHECK_MESSAGE(liquidbot::detail::keccak256_portable(msg.data(), n) == expected,
                  "portable, length " << n);
#if LB_KECCAK_HAS_AVX512
    if (avx512)
      CHECK_MESSAGE(liquidbot::detail::keccak256_avx512(msg.data(), n) == expected,
                    "avx512, length " << n);
#endif
    // The incremental hasher permutes through the dispatched runtime permutation.
    Keccak256 h;
    h.update(msg.first(n / 3));
    h.update(msg.subspan(n / 3));
    CHECK_MESSAGE(h.finalize() == expected, "incremental, length " << n);
  }
}

TEST_CASE("runtime permutations equal the constexpr permutation") {
  std::uint64_t zero[25] = {};
  liquidbot::keccak_internal::permute(zero);  // run time, portable
  for (std::size_t i = 0; i < 25; ++i) CHECK(zero[i] == kPermutedZero[i]);
#if LB_KECCAK_HAS_AVX512
  if (!avx512_available()) return;
  std::uint64_t zero_avx512[25] = {};
  liquidbot::detail::keccak_f1600_avx512(zero_avx512);
  for (std::size_t i = 0; i < 25; ++i) CHECK(zero_avx512[i] == kPermutedZero[i]);
  std::mt19937_64 rng(20261124);
  for (int round = 0; round < 1000; ++round) {
    std::uint64_t portable[25];
    std::uint64_t avx512[25];
    for (std::size_t i = 0; i < 25; ++i) portable[i] = avx512[i] = rng();
    liquidbot::keccak_internal::permute(portable);
    liquidbot::detail::keccak_f1600_avx512(avx512);
    bool same = true;
    for (std::size_t i = 0; i < 25; ++i) same = same && portable[i] == avx512[i];
    CHECK_MESSAGE(same, "random state " << round);
  }
#endif
}
