// Runtime Keccak-256: keccak256() and Keccak256 call into here when not constant-evaluated. Two
// variants: portable (the constexpr permutation of keccak_impl.hpp, with word loads instead of
// byte loops) and AVX-512 (x86-64 CPUs with AVX-512F+VL, picked once per process by cpuid).
#include <liquidbot/keccak.hpp>

#include "detail/keccak_dispatch.hpp"

#include <bit>
#include <cstring>
#include <utility>

#if LB_KECCAK_HAS_AVX512
#include <immintrin.h>
#endif

namespace liquidbot::detail {
namespace {

using keccak_internal::kRate;

static_assert(std::endian::native == std::endian::little,
              "keccak.cpp loads and stores lanes as little-endian words");

constexpr std::size_t kRateLanes = kRate / 8;

std::uint64_t load_lane(const std::uint8_t* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

/// The final size < 136 bytes of a message as a full block with the Keccak padding: pad10*1 with
/// domain byte 0x01 (not the SHA-3 0x06); for size 135 both padding bits land in one byte, 0x81.
struct LastBlock {
  std::uint8_t bytes[kRate] = {};
  LastBlock(const std::uint8_t* tail, std::size_t size) noexcept {
    // Whole words, then the rest: cheaper than one variable-size memcpy, which compilers expand
    // to a string instruction with a high start-up cost.
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) std::memcpy(bytes + i, tail + i, 8);
    if (i != size) std::memcpy(bytes + i, tail + i, size - i);
    bytes[size] = 0x01;
    bytes[kRate - 1] |= 0x80;
  }
};

/// XORs the 17 rate lanes of a 136-byte block into s (constant indices, so s can stay in
/// registers) and permutes.
template <std::size_t... I>
void absorb_portable(std::uint64_t (&s)[25], const std::uint8_t* block,
                     std::index_sequence<I...>) noexcept {
  ((s[I] ^= load_lane(block + 8 * I)), ...);
  keccak_internal::permute(s);
}

}  // namespace

Hash keccak256_portable(const std::uint8_t* data, std::size_t size) noexcept {
  std::uint64_t s[25] = {};
  const std::size_t full_blocks = size / kRate;
  const LastBlock last(data + full_blocks * kRate, size % kRate);
  for (std::size_t i = 0; i <= full_blocks; ++i)  // one inlined permutation for all blocks
    absorb_portable(s, i < full_blocks ? data + i * kRate : last.bytes,
                    std::make_index_sequence<kRateLanes>{});
  Hash out;
  std::memcpy(out.bytes.data(), s, 32);
  return out;
}

#if LB_KECCAK_HAS_AVX512

namespace {

// One lane per xmm register (low 64 bits): AVX-512 has 32 of them, enough for the 25 lanes;
// vprolq rotates and vpternlogq does chi's b ^ (~b' & b'') in one instruction. On the AMD EPYC
// we measure on (keccak_bench), theta's parities as plain XORs were slightly faster than as
// three-way vpternlogq, and chi as vpternlogq faster than as vpandn + vpxor.
#define LB_AVX512 __attribute__((target("avx512f,avx512vl")))
#define LB_AVX512_INLINE __attribute__((target("avx512f,avx512vl"), always_inline)) inline

using Lane = __m128i;

LB_AVX512_INLINE Lane xor2(Lane x, Lane y) noexcept { return _mm_xor_si128(x, y); }
LB_AVX512_INLINE Lane chi(Lane x, Lane y, Lane z) noexcept {
  return _mm_ternarylogic_epi64(x, y, z, 0xd2);  // x ^ (~y & z)
}
/// rho and pi for one lane: rotl(a ^ d, N).
template <int N>
LB_AVX512_INLINE Lane rho(Lane a, Lane d) noexcept {
  return _mm_rol_epi64(xor2(a, d), N);
}

/// One Keccak-f[1600] round on the lanes a[x + 5y] (theta, rho, pi, chi, iota). All indices are
/// constants, so the compiler keeps the array in registers.
LB_AVX512_INLINE void round(Lane (&a)[25], Lane round_constant) noexcept {
  const Lane c0 = xor2(xor2(xor2(a[0], a[5]), xor2(a[10], a[15])), a[20]);
  const Lane c1 = xor2(xor2(xor2(a[1], a[6]), xor2(a[11], a[16])), a[21]);
  const Lane c2 = xor2(xor2(xor2(a[2], a[7]), xor2(a[12], a[17])), a[22]);
  const Lane c3 = xor2(xor2(xor2(a[3], a[8]), xor2(a[13], a[18])), a[23]);
  const Lane c4 = xor2(xor2(xor2(a[4], a[9]), xor2(a[14], a[19])), a[24]);
  const Lane d0 = xor2(c4, _mm_rol_epi64(c1, 1));
  const Lane d1 = xor2(c0, _mm_rol_epi64(c2, 1));
  const Lane d2 = xor2(c1, _mm_rol_epi64(c3, 1));
  const Lane d3 = xor2(c2, _mm_rol_epi64(c4, 1));
  const Lane d4 = xor2(c3, _mm_rol_epi64(c0, 1));
  // b[x + 5y] = rotl(a[x' + 5y'] ^ d[x'], r) with (x, y) = (y', 2x' + 3y') mod 5.
  const Lane b0 = xor2(a[0], d0);
  const Lane b1 = rho<44>(a[6], d1);
  const Lane b2 = rho<43>(a[12], d2);
  const Lane b3 = rho<21>(a[18], d3);
  const Lane b4 = rho<14>(a[24], d4);
  const Lane b5 = rho<28>(a[3], d3);
  const Lane b6 = rho<20>(a[9], d4);
  const Lane b7 = rho<3>(a[10], d0);
  const Lane b8 = rho<45>(a[16], d1);
  const Lane b9 = rho<61>(a[22], d2);
  const Lane b10 = rho<1>(a[1], d1);
  const Lane b11 = rho<6>(a[7], d2);
  const Lane b12 = rho<25>(a[13], d3);
  const Lane b13 = rho<8>(a[19], d4);
  const Lane b14 = rho<18>(a[20], d0);
  const Lane b15 = rho<27>(a[4], d4);
  const Lane b16 = rho<36>(a[5], d0);
  const Lane b17 = rho<10>(a[11], d1);
  const Lane b18 = rho<15>(a[17], d2);
  const Lane b19 = rho<56>(a[23], d3);
  const Lane b20 = rho<62>(a[2], d2);
  const Lane b21 = rho<55>(a[8], d3);
  const Lane b22 = rho<39>(a[14], d4);
  const Lane b23 = rho<41>(a[15], d0);
  const Lane b24 = rho<2>(a[21], d1);
  a[0] = xor2(chi(b0, b1, b2), round_constant);
  a[1] = chi(b1, b2, b3);
  a[2] = chi(b2, b3, b4);
  a[3] = chi(b3, b4, b0);
  a[4] = chi(b4, b0, b1);
  a[5] = chi(b5, b6, b7);
  a[6] = chi(b6, b7, b8);
  a[7] = chi(b7, b8, b9);
  a[8] = chi(b8, b9, b5);
  a[9] = chi(b9, b5, b6);
  a[10] = chi(b10, b11, b12);
  a[11] = chi(b11, b12, b13);
  a[12] = chi(b12, b13, b14);
  a[13] = chi(b13, b14, b10);
  a[14] = chi(b14, b10, b11);
  a[15] = chi(b15, b16, b17);
  a[16] = chi(b16, b17, b18);
  a[17] = chi(b17, b18, b19);
  a[18] = chi(b18, b19, b15);
  a[19] = chi(b19, b15, b16);
  a[20] = chi(b20, b21, b22);
  a[21] = chi(b21, b22, b23);
  a[22] = chi(b22, b23, b24);
  a[23] = chi(b23, b24, b20);
  a[24] = chi(b24, b20, b21);
}

LB_AVX512_INLINE void permute_lanes(Lane (&a)[25]) noexcept {
  const std::uint64_t* rc = keccak_internal::kRoundConstants;
  for (std::size_t i = 0; i < 24; i += 2) {
    round(a, _mm_cvtsi64_si128(static_cast<long long>(rc[i])));
    round(a, _mm_cvtsi64_si128(static_cast<long long>(rc[i + 1])));
  }
}

/// XORs the 17 rate lanes of a 136-byte block into a and permutes.
template <std::size_t... I>
LB_AVX512_INLINE void absorb_avx512(Lane (&a)[25], const std::uint8_t* block,
                                    std::index_sequence<I...>) noexcept {
  ((a[I] = xor2(a[I], _mm_loadl_epi64(reinterpret_cast<const __m128i*>(block + 8 * I)))), ...);
  permute_lanes(a);
}

LB_AVX512_INLINE void absorb_avx512(Lane (&a)[25], const std::uint8_t* block) noexcept {
  absorb_avx512(a, block, std::make_index_sequence<kRateLanes>{});
}

template <std::size_t... I>
LB_AVX512_INLINE void permute_words(std::uint64_t (&s)[25], std::index_sequence<I...>) noexcept {
  Lane a[25] = {_mm_cvtsi64_si128(static_cast<long long>(s[I]))...};
  permute_lanes(a);
  ((s[I] = static_cast<std::uint64_t>(_mm_cvtsi128_si64(a[I]))), ...);
}

}  // namespace

bool keccak_avx512_supported() noexcept {
  __builtin_cpu_init();  // may run before the runtime's own initialiser (static initialisation)
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
}

LB_AVX512 Hash keccak256_avx512(const std::uint8_t* data, std::size_t size) noexcept {
  Lane a[25] = {};
  const std::size_t full_blocks = size / kRate;
  const LastBlock last(data + full_blocks * kRate, size % kRate);
  for (std::size_t i = 0; i <= full_blocks; ++i)  // one inlined permutation for all blocks
    absorb_avx512(a, i < full_blocks ? data + i * kRate : last.bytes);
  Hash out;
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out.bytes.data()), _mm_unpacklo_epi64(a[0], a[1]));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out.bytes.data() + 16),
                   _mm_unpacklo_epi64(a[2], a[3]));
  return out;
}

LB_AVX512 void keccak_f1600_avx512(std::uint64_t (&s)[25]) noexcept {
  permute_words(s, std::make_index_sequence<25>{});
}

#undef LB_AVX512_INLINE
#undef LB_AVX512

namespace {
// Zero until dynamic initialisation, so a hash computed by another static initialiser before this
// runs takes the portable path, which is just as exact.
const bool kUseAvx512 = keccak_avx512_supported();
}  // namespace

#endif

}  // namespace liquidbot::detail

namespace liquidbot::keccak_internal {

Hash keccak256_runtime(const std::uint8_t* data, std::size_t size) noexcept {
#if LB_KECCAK_HAS_AVX512
  if (detail::kUseAvx512) return detail::keccak256_avx512(data, size);
#endif
  return detail::keccak256_portable(data, size);
}

void permute_runtime(std::uint64_t (&s)[25]) noexcept {
#if LB_KECCAK_HAS_AVX512
  if (detail::kUseAvx512) return detail::keccak_f1600_avx512(s);
#endif
  permute(s);
}

}  // namespace liquidbot::keccak_internal
