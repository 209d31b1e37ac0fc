// Address: a 20-byte Ethereum account, printed with its EIP-55 checksum.
#pragma once

#include <liquidbot/bytes.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace liquidbot {

struct Address {
  std::array<std::uint8_t, 20> bytes{};

  /// Parses 40 hex digits with a 0x prefix. All-lowercase and all-uppercase digits are accepted
  /// as they are; mixed case must carry a valid EIP-55 checksum, otherwise it is an error.
  static LIQUIDBOT_API Result<Address> parse(std::string_view text);
  static constexpr Address from_view(ByteView view) noexcept {  // view.size() must be 20
    Address a;
    for (std::size_t i = 0; i < 20; ++i) a.bytes[i] = view[i];
    return a;
  }

  /// EIP-55 mixed-case form, "0x" + 40 digits.
  [[nodiscard]] LIQUIDBOT_API std::string to_checksum() const;
  /// "0x" + 40 lowercase digits.
  [[nodiscard]] LIQUIDBOT_API std::string to_hex() const;
  [[nodiscard]] constexpr ByteView view() const noexcept { return {bytes.data(), 20}; }
  [[nodiscard]] constexpr bool is_zero() const noexcept {
    for (auto b : bytes)
      if (b != 0) return false;
    return true;
  }

  friend constexpr bool operator==(const Address&, const Address&) noexcept = default;
  friend constexpr auto operator<=>(const Address&, const Address&) noexcept = default;
};

static_assert(std::is_trivially_copyable_v<Address> && sizeof(Address) == 20);

}  // namespace liquidbot
