// Internal: the constexpr Keccak-f[1600] permutation and the inline definitions of keccak.hpp.
// It lives in an installed header only because constexpr hashing needs the code visible to the
// compiler; nothing here is API. Include <liquidbot/keccak.hpp>, not this file.
#pragma once

#include <liquidbot/export.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace liquidbot::keccak_internal {

inline constexpr std::size_t kRate = 136;  // bytes absorbed per permutation (1088-bit rate)

inline constexpr std::uint64_t kRoundConstants[24] = {
    0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000,
    0x000000000000808b, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
    0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008};

/// Keccak-f[1600] on the 25 lanes s[x + 5y]. The round is written out lane by lane so the state
/// lives in local variables (registers as far as the target has them). Each output plane y is
/// finished (rho, pi, chi) before the next one starts, and the column parities theta needs are
/// formed from the fresh outputs at the end of the round, which keeps register pressure low.
/// Lanes 1, 2, 8, 12, 17 and 20 are kept complemented inside the loop ("lane complementing"):
/// chi's b ^ (~b' & b'') then needs only one NOT per plane, the rest becoming AND/OR of the
/// complemented lanes. Correctness rests on the tests: published vectors, compile-time digests and
/// the ethers differential suite over every input length 0..300.
constexpr void permute(std::uint64_t (&s)[25]) noexcept {
  std::uint64_t a0 = s[0];
  std::uint64_t a1 = ~s[1];
  std::uint64_t a2 = ~s[2];
  std::uint64_t a3 = s[3];
  std::uint64_t a4 = s[4];
  std::uint64_t a5 = s[5];
  std::uint64_t a6 = s[6];
  std::uint64_t a7 = s[7];
  std::uint64_t a8 = ~s[8];
  std::uint64_t a9 = s[9];
  std::uint64_t a10 = s[10];
  std::uint64_t a11 = s[11];
  std::uint64_t a12 = ~s[12];
  std::uint64_t a13 = s[13];
  std::uint64_t a14 = s[14];
  std::uint64_t a15 = s[15];
  std::uint64_t a16 = s[16];
  std::uint64_t a17 = ~s[17];
  std::uint64_t a18 = s[18];
  std::uint64_t a19 = s[19];
  std::uint64_t a20 = ~s[20];
  std::uint64_t a21 = s[21];
  std::uint64_t a22 = s[22];
  std::uint64_t a23 = s[23];
  std::uint64_t a24 = s[24];
  std::uint64_t c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20;
  std::uint64_t c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21;
  std::uint64_t c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22;
  std::uint64_t c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23;
  std::uint64_t c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24;
  for (const std::uint64_t round_constant : kRoundConstants) {
    // theta, with c the column parities
    const std::uint64_t d0 = c4 ^ std::rotl(c1, 1);
    const std::uint64_t d1 = c0 ^ std::rotl(c2, 1);
    const std::uint64_t d2 = c1 ^ std::rotl(c3, 1);
    const std::uint64_t d3 = c2 ^ std::rotl(c4, 1);
    const std::uint64_t d4 = c3 ^ std::rotl(c0, 1);
    // plane 0: rho and pi into b, then chi
    const std::uint64_t b0 = a0 ^ d0;
    const std::uint64_t b1 = std::rotl(a6 ^ d1, 44);
    const std::uint64_t b2 = std::rotl(a12 ^ d2, 43);
    const std::uint64_t b3 = std::rotl(a18 ^ d3, 21);
    const std::uint64_t b4 = std::rotl(a24 ^ d4, 14);
    const std::uint64_t n2 = ~b2;
    const std::uint64_t e0 = b0 ^ (b1 | b2) ^ round_constant;
    const std::uint64_t e1 = b1 ^ (n2 | b3);
    const std::uint64_t e2 = b2 ^ (b3 & b4);
    const std::uint64_t e3 = b3 ^ (b4 | b0);
    const std::uint64_t e4 = b4 ^ (b0 & b1);
    // plane 1: rho and pi into b, then chi
    const std::uint64_t b5 = std::rotl(a3 ^ d3, 28);
    const std::uint64_t b6 = std::rotl(a9 ^ d4, 20);
    const std::uint64_t b7 = std::rotl(a10 ^ d0, 3);
    const std::uint64_t b8 = std::rotl(a16 ^ d1, 45);
    const std::uint64_t b9 = std::rotl(a22 ^ d2, 61);
    const std::uint64_t n9 = ~b9;
    const std::uint64_t e5 = b5 ^ (b6 | b7);
    const std::uint64_t e6 = b6 ^ (b7 & b8);
    const std::uint64_t e7 = b7 ^ (b8 | n9);
    const std::uint64_t e8 = b8 ^ (b9 | b5);
    const std::uint64_t e9 = b9 ^ (b5 & b6);
    // plane 2: rho and pi into b, then chi
    const std::uint64_t b10 = std::rotl(a1 ^ d1, 1);
    const std::uint64_t b11 = std::rotl(a7 ^ d2, 6);
    const std::uint64_t b12 = std::rotl(a13 ^ d3, 25);
    const std::uint64_t b13 = std::rotl(a19 ^ d4, 8);
    const std::uint64_t b14 = std::rotl(a20 ^ d0, 18);
    const std::uint64_t n13 = ~b13;
    const std::uint64_t e10 = b10 ^ (b11 | b12);
    const std::uint64_t e11 = b11 ^ (b12 & b13);
    const std::uint64_t e12 = b12 ^ (n13 & b14);
    const std::uint64_t e13 = n13 ^ (b14 | b10);
    const std::uint64_t e14 = b14 ^ (b10 & b11);
    // plane 3: rho and pi into b, then chi
    const std::uint64_t b15 = std::rotl(a4 ^ d4, 27);
    const std::uint64_t b16 = std::rotl(a5 ^ d0, 36);
    const std::uint64_t b17 = std::rotl(a11 ^ d1, 10);
    const std::uint64_t b18 = std::rotl(a17 ^ d2, 15);
    const std::uint64_t b19 = std::rotl(a23 ^ d3, 56);
    const std::uint64_t n18 = ~b18;
    const std::uint64_t e15 = b15 ^ (b16 & b17);
    const std::uint64_t e16 = b16 ^ (b17 | b18);
    const std::uint64_t e17 = b17 ^ (n18 | b19);
    const std::uint64_t e18 = n18 ^ (b19 & b15);
    const std::uint64_t e19 = b19 ^ (b15 | b16);
    // plane 4: rho and pi into b, then chi
    const std::uint64_t b20 = std::rotl(a2 ^ d2, 62);
    const std::uint64_t b21 = std::rotl(a8 ^ d3, 55);
    const std::uint64_t b22 = std::rotl(a14 ^ d4, 39);
    const std::uint64_t b23 = std::rotl(a15 ^ d0, 41);
    const std::uint64_t b24 = std::rotl(a21 ^ d1, 2);
    const std::uint64_t n21 = ~b21;
    const std::uint64_t e20 = b20 ^ (n21 & b22);
    const std::uint64_t e21 = n21 ^ (b22 | b23);
    const std::uint64_t e22 = b22 ^ (b23 & b24);
    const std::uint64_t e23 = b23 ^ (b24 | b20);
    const std::uint64_t e24 = b24 ^ (b20 & b21);
    c0 = e0 ^ e5 ^ e10 ^ e15 ^ e20;
    c1 = e1 ^ e6 ^ e11 ^ e16 ^ e21;
    c2 = e2 ^ e7 ^ e12 ^ e17 ^ e22;
    c3 = e3 ^ e8 ^ e13 ^ e18 ^ e23;
    c4 = e4 ^ e9 ^ e14 ^ e19 ^ e24;
    a0 = e0;
    a1 = e1;
    a2 = e2;
    a3 = e3;
    a4 = e4;
    a5 = e5;
    a6 = e6;
    a7 = e7;
    a8 = e8;
    a9 = e9;
    a10 = e10;
    a11 = e11;
    a12 = e12;
    a13 = e13;
    a14 = e14;
    a15 = e15;
    a16 = e16;
    a17 = e17;
    a18 = e18;
    a19 = e19;
    a20 = e20;
    a21 = e21;
    a22 = e22;
    a23 = e23;
    a24 = e24;
  }
  s[0] = a0;
  s[1] = ~a1;
  s[2] = ~a2;
  s[3] = a3;
  s[4] = a4;
  s[5] = a5;
  s[6] = a6;
  s[7] = a7;
  s[8] = ~a8;
  s[9] = a9;
  s[10] = a10;
  s[11] = a11;
  s[12] = ~a12;
  s[13] = a13;
  s[14] = a14;
  s[15] = a15;
  s[16] = a16;
  s[17] = ~a17;
  s[18] = a18;
  s[19] = a19;
  s[20] = ~a20;
  s[21] = a21;
  s[22] = a22;
  s[23] = a23;
  s[24] = a24;
}

/// Keccak-256 of size bytes and Keccak-f[1600] on s for code that is not constant-evaluated
/// (src/keccak.cpp): the fastest variant the CPU supports, chosen once per process.
LIQUIDBOT_API Hash keccak256_runtime(const std::uint8_t* data, std::size_t size) noexcept;
LIQUIDBOT_API void permute_runtime(std::uint64_t (&s)[25]) noexcept;

/// permute() when constant-evaluated, permute_runtime() otherwise.
constexpr void permute_any(std::uint64_t (&s)[25]) noexcept {
  if (std::is_constant_evaluated())
    permute(s);
  else
    permute_runtime(s);
}

/// Little-endian 64-bit lane from 8 bytes (Char is char or uint8_t, so text hashes in constexpr;
/// compilers turn the loop into one load).
template <typename Char>
constexpr std::uint64_t load_lane(const Char* p) noexcept {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i)
    v |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(p[i])) << (8 * i);
  return v;
}

/// XORs one full 136-byte block into the state and permutes.
template <typename Char>
constexpr void absorb_block(std::uint64_t (&s)[25], const Char* block) noexcept {
  for (std::size_t i = 0; i < kRate / 8; ++i) s[i] ^= load_lane(block + 8 * i);
  permute_any(s);
}

/// Absorbs the final size < 136 bytes with the Keccak padding (pad10*1 with domain byte 0x01,
/// not the SHA-3 0x06), runs the last permutation and writes the 32-byte digest.
template <typename Char>
constexpr Hash finish(std::uint64_t (&s)[25], const Char* tail, std::size_t size) noexcept {
  const std::size_t full_lanes = size / 8;
  for (std::size_t i = 0; i < full_lanes; ++i) s[i] ^= load_lane(tail + 8 * i);
  std::uint64_t last = 0;
  const std::size_t rest = size % 8;
  for (std::size_t i = 0; i < rest; ++i)
    last |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(tail[8 * full_lanes + i]))
            << (8 * i);
  s[full_lanes] ^= last ^ (std::uint64_t{0x01} << (8 * rest));
  s[kRate / 8 - 1] ^= std::uint64_t{0x80} << 56;
  permute_any(s);
  Hash out;
  for (std::size_t i = 0; i < 32; ++i)
    out.bytes[i] = static_cast<std::uint8_t>(s[i / 8] >> (8 * (i % 8)));
  return out;
}

/// One-shot Keccak-256 straight from the input, without the incremental hasher's buffer
/// (the constant-evaluated path of keccak256(); at run time it calls keccak256_runtime()).
template <typename Char>
constexpr Hash one_shot(const Char* data, std::size_t size) noexcept {
  std::uint64_t s[25] = {};
  for (; size >= kRate; data += kRate, size -= kRate) absorb_block(s, data);
  return finish(s, data, size);
}

}  // namespace liquidbot::keccak_internal

namespace liquidbot {

template <typename Char>
constexpr void Keccak256::absorb(const Char* data, std::size_t size) noexcept {
  using keccak_internal::kRate;
  if (buffered_ != 0) {
    const std::size_t take = size < kRate - buffered_ ? size : kRate - buffered_;
    for (std::size_t i = 0; i < take; ++i)
      buffer_[buffered_ + i] = static_cast<std::uint8_t>(data[i]);
    buffered_ += take;
    data += take;
    size -= take;
    if (buffered_ < kRate) return;
    keccak_internal::absorb_block(state_, buffer_);
    buffered_ = 0;
  }
  for (; size >= kRate; data += kRate, size -= kRate) keccak_internal::absorb_block(state_, data);
  for (std::size_t i = 0; i < size; ++i) buffer_[i] = static_cast<std::uint8_t>(data[i]);
  buffered_ = size;
}

constexpr void Keccak256::update(ByteView data) noexcept { absorb(data.data(), data.size()); }

constexpr void Keccak256::update(std::string_view text) noexcept {
  absorb(text.data(), text.size());
}

constexpr Hash Keccak256::finalize() noexcept {
  const Hash out = keccak_internal::finish(state_, buffer_, buffered_);
  *this = Keccak256{};
  return out;
}

constexpr Hash keccak256(ByteView data) noexcept {
  if (std::is_constant_evaluated()) return keccak_internal::one_shot(data.data(), data.size());
  return keccak_internal::keccak256_runtime(data.data(), data.size());
}

constexpr Hash keccak256(std::string_view text) noexcept {
  if (std::is_constant_evaluated()) return keccak_internal::one_shot(text.data(), text.size());
  return keccak_internal::keccak256_runtime(reinterpret_cast<const std::uint8_t*>(text.data()),
                                            text.size());
}

constexpr Selector selector(std::string_view signature) noexcept {
  const Hash h = keccak256(signature);
  return Selector{{h.bytes[0], h.bytes[1], h.bytes[2], h.bytes[3]}};
}

}  // namespace liquidbot
