// Keccak-256 (the pre-standard SHA-3 padding Ethereum uses); constexpr so selectors and topics
// can be compile-time constants.
#pragma once

#include <liquidbot/bytes.hpp>
#include <liquidbot/fixed_bytes.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace liquidbot {

/// Incremental Keccak-256: update() any number of times, then finalize() once.
class Keccak256 {
 public:
  constexpr Keccak256() noexcept = default;
  constexpr void update(ByteView data) noexcept;
  constexpr void update(std::string_view text) noexcept;
  /// The digest; the hasher is reset afterwards and can be reused for a new message.
  [[nodiscard]] constexpr Hash finalize() noexcept;

 private:
  template <typename Char>
  constexpr void absorb(const Char* data, std::size_t size) noexcept;

  std::uint64_t state_[25] = {};
  std::uint8_t buffer_[136] = {};
  std::size_t buffered_ = 0;
};

constexpr Hash keccak256(ByteView data) noexcept;
constexpr Hash keccak256(std::string_view text) noexcept;
/// First four bytes of keccak256(signature): `selector("transfer(address,uint256)")`.
constexpr Selector selector(std::string_view signature) noexcept;

}  // namespace liquidbot

#include <liquidbot/keccak_impl.hpp>  // constexpr definitions
