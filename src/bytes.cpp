// Hex encoding and strict hex decoding.
#include <liquidbot/bytes.hpp>

#include <cstdio>

namespace liquidbot {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

// Value of a hex digit, or -1 when c is not one.
constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view strip_prefix(std::string_view text) noexcept {
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    return text.substr(2);
  return text;
}

// Printable form of a rejected character: 'g', or \xNN for control and non-ASCII bytes.
std::string describe_char(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) return std::string("'") + c + "'";
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(byte));
  return buf;
}

// Checks that every digit is hex and that they pair up. offset is the prefix length, so positions
// in messages refer to the caller's original text.
Status check_digits(std::string_view digits, std::size_t offset) {
  for (std::size_t i = 0; i < digits.size(); ++i)
    if (hex_value(digits[i]) < 0)
      return make_error(Errc::invalid_argument, "hex: invalid character " +
                                                    describe_char(digits[i]) + " at position " +
                                                    std::to_string(offset + i));
  if (digits.size() % 2 != 0)
    return make_error(Errc::invalid_argument,
                      "hex: odd number of digits (" + std::to_string(digits.size()) +
                          "), the last digit " + describe_char(digits.back()) + " at position " +
                          std::to_string(offset + digits.size() - 1) + " has no partner");
  return {};
}

// Decodes checked digits into out[0 .. digits.size() / 2).
void decode_digits(std::string_view digits, std::uint8_t* out) noexcept {
  for (std::size_t i = 0; i < digits.size(); i += 2)
    out[i / 2] = static_cast<std::uint8_t>((hex_value(digits[i]) << 4) | hex_value(digits[i + 1]));
}

}  // namespace

void hex_append(std::string& out, ByteView bytes) {
  const std::size_t start = out.size();
  out.resize(start + 2 * bytes.size());
  char* p = out.data() + start;
  for (const std::uint8_t b : bytes) {
    *p++ = kHexDigits[b >> 4];
    *p++ = kHexDigits[b & 0x0f];
  }
}

std::string hex_encode(ByteView bytes, bool prefix) {
  std::string out;
  out.reserve(2 * bytes.size() + 2);
  if (prefix) out = "0x";
  hex_append(out, bytes);
  return out;
}

Result<Bytes> hex_decode(std::string_view text) {
  const std::string_view digits = strip_prefix(text);
  LB_TRY_STATUS(check_digits(digits, text.size() - digits.size()));
  Bytes out(digits.size() / 2);
  decode_digits(digits, out.data());
  return out;
}

Status hex_decode_into(std::string_view text, std::span<std::uint8_t> out) noexcept {
  // Only the error paths allocate (the message); running out of memory there ends the program,
  // as it would anywhere else in a noexcept function.
  const std::string_view digits = strip_prefix(text);
  LB_TRY_STATUS(check_digits(digits, text.size() - digits.size()));
  if (digits.size() != 2 * out.size())
    return make_error(Errc::invalid_argument, "hex: expected " + std::to_string(2 * out.size()) +
                                                  " digits (" + std::to_string(out.size()) +
                                                  " bytes), got " + std::to_string(digits.size()));
  decode_digits(digits, out.data());
  return {};
}

}  // namespace liquidbot
