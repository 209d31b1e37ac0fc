// FixedBytes<N>: trivially copyable value type for hashes, selectors and other fixed-width data.
#pragma once

#include <liquidbot/bytes.hpp>

#include <algorithm>
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace liquidbot {

template <std::size_t N>
struct FixedBytes {
  std::array<std::uint8_t, N> bytes{};

  static constexpr std::size_t size() noexcept { return N; }
  [[nodiscard]] constexpr const std::uint8_t* data() const noexcept { return bytes.data(); }
  [[nodiscard]] constexpr std::uint8_t* data() noexcept { return bytes.data(); }
  [[nodiscard]] constexpr ByteView view() const noexcept { return {bytes.data(), N}; }
  [[nodiscard]] constexpr bool is_zero() const noexcept {
    return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
  }
  /// "0x" + 2N lowercase hex digits.
  [[nodiscard]] std::string to_hex() const { return hex_encode(view()); }
  /// Exactly N bytes of hex (optional 0x prefix).
  static Result<FixedBytes> from_hex(std::string_view text) {
    FixedBytes out;
    if (auto status = hex_decode_into(text, out.bytes); !status) return std::move(status).error();
    return out;
  }
  static constexpr FixedBytes from_view(ByteView view) noexcept {  // view.size() must be N
    FixedBytes out;
    for (std::size_t i = 0; i < N; ++i) out.bytes[i] = view[i];
    return out;
  }

  friend constexpr bool operator==(const FixedBytes&, const FixedBytes&) noexcept = default;
  friend constexpr auto operator<=>(const FixedBytes&, const FixedBytes&) noexcept = default;
};

using Hash = FixedBytes<32>;
using Bytes32 = FixedBytes<32>;
using Selector = FixedBytes<4>;

static_assert(std::is_trivially_copyable_v<Hash> && sizeof(Hash) == 32);
static_assert(std::is_trivially_copyable_v<Selector> && sizeof(Selector) == 4);

}  // namespace liquidbot
