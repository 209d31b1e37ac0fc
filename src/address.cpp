// Address parsing and EIP-55 checksum encoding.
#include <liquidbot/address.hpp>

#include <liquidbot/keccak.hpp>

namespace liquidbot {
namespace {

constexpr std::size_t kDigits = 40;

// EIP-55: hex digit i is upper case when nibble i of keccak256(lowercase hex digits) is >= 8.
// Fills out[0..40) from the lowercase digits in lower[0..40).
void apply_checksum(const char* lower, char* out) noexcept {
  const Hash h = keccak256(std::string_view(lower, kDigits));
  for (std::size_t i = 0; i < kDigits; ++i) {
    const std::uint8_t nibble =
        static_cast<std::uint8_t>(i % 2 == 0 ? h.bytes[i / 2] >> 4 : h.bytes[i / 2] & 0x0f);
    const char c = lower[i];
    out[i] = (c >= 'a' && c <= 'f' && nibble >= 8) ? static_cast<char>(c - 'a' + 'A') : c;
  }
}

}  // namespace

Result<Address> Address::parse(std::string_view text) {
  if (text.size() < 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
    return make_error(Errc::invalid_argument, "address: expected a 0x prefix");
  const std::string_view digits = text.substr(2);
  if (digits.size() != kDigits)
    return make_error(Errc::invalid_argument, "address: expected 40 hex digits after 0x, got " +
                                                  std::to_string(digits.size()));
  Address out;
  LB_TRY_STATUS(hex_decode_into(text, out.bytes));

  bool has_lower = false;
  bool has_upper = false;
  for (const char c : digits) {
    has_lower = has_lower || (c >= 'a' && c <= 'f');
    has_upper = has_upper || (c >= 'A' && c <= 'F');
  }
  if (has_lower && has_upper) {
    char lower[kDigits];
    for (std::size_t i = 0; i < kDigits; ++i)
      lower[i] = (digits[i] >= 'A' && digits[i] <= 'F') ? static_cast<char>(digits[i] - 'A' + 'a')
                                                         : digits[i];
    char expected[kDigits];
    apply_checksum(lower, expected);
    for (std::size_t i = 0; i < kDigits; ++i)
      if (expected[i] != digits[i])
        return make_error(Errc::invalid_argument,
                          "address: bad EIP-55 checksum (character at position " +
                              std::to_string(i + 2) + " should be '" + expected[i] +
                              "'; expected " + out.to_checksum() + ")");
  }
  return out;
}

std::string Address::to_hex() const { return hex_encode(view()); }

std::string Address::to_checksum() const {
  std::string out = to_hex();
  apply_checksum(out.data() + 2, out.data() + 2);
  return out;
}

}  // namespace liquidbot
