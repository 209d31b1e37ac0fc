// Byte buffers and hex text: the only place bytes become text and back.
#pragma once

#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace liquidbot {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

/// Bytes of a string, without copying.
inline ByteView as_bytes(std::string_view text) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

/// Lowercase hex, "0x"-prefixed unless prefix is false.
LIQUIDBOT_API std::string hex_encode(ByteView bytes, bool prefix = true);
/// Appends lowercase hex digits (no prefix) to out.
LIQUIDBOT_API void hex_append(std::string& out, ByteView bytes);
/// Decodes hex with an optional 0x/0X prefix; digits of either case; an odd digit count is an error
/// naming the position; "0x" alone is the empty byte string.
LIQUIDBOT_API Result<Bytes> hex_decode(std::string_view text);
/// Decodes hex into exactly out.size() bytes (optional 0x prefix); any other length is an error.
LIQUIDBOT_API Status hex_decode_into(std::string_view text, std::span<std::uint8_t> out) noexcept;

}  // namespace liquidbot
