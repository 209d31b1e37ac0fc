// Internal: the runtime variants behind keccak256() and Keccak256 (src/keccak.cpp). The public
// functions pick one per process; the declarations here let the tests run every variant the
// machine supports and compare it with the constexpr code.
#pragma once

#include <liquidbot/fixed_bytes.hpp>

#include <cstddef>
#include <cstdint>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define LB_KECCAK_HAS_AVX512 1
#else
#define LB_KECCAK_HAS_AVX512 0
#endif

namespace liquidbot::detail {

/// One-shot Keccak-256 with the portable permutation (keccak_internal::permute).
Hash keccak256_portable(const std::uint8_t* data, std::size_t size) noexcept;

#if LB_KECCAK_HAS_AVX512
/// Whether the CPU and the OS support AVX-512F and AVX-512VL, which the *_avx512 functions need.
bool keccak_avx512_supported() noexcept;
/// One-shot Keccak-256 with the state in 25 xmm registers (vpternlogq, vprolq). AVX-512 only.
Hash keccak256_avx512(const std::uint8_t* data, std::size_t size) noexcept;
/// Keccak-f[1600] on s in place, AVX-512 variant. AVX-512 only.
void keccak_f1600_avx512(std::uint64_t (&s)[25]) noexcept;
#endif

}  // namespace liquidbot::detail
