// Fuzzes hex_decode / hex_decode_into / Address::parse on arbitrary text: no crash, every failure
// carries a message, and what is accepted round-trips. Also checks that Keccak-256 over the input
// split at an input-chosen point equals the one-shot digest.
#include <liquidbot/address.hpp>
#include <liquidbot/bytes.hpp>
#include <liquidbot/keccak.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using namespace liquidbot;

namespace {

void require(bool condition) {
  if (!condition) __builtin_trap();
}

char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower_digits(std::string_view text) {
  std::string out;
  for (char c : text) out += to_lower(c);
  return out;
}

bool has_prefix(std::string_view text) {
  return text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
}

void check_hex(std::string_view text) {
  const std::string_view digits = has_prefix(text) ? text.substr(2) : text;
  auto decoded = hex_decode(text);
  if (decoded.ok()) {
    require(decoded->size() * 2 == digits.size());
    require(hex_encode(*decoded, false) == lower_digits(digits));
    require(hex_encode(*decoded) == "0x" + lower_digits(digits));
  } else {
    require(decoded.error().code == Errc::invalid_argument);
    require(decoded.error().message.rfind("hex: ", 0) == 0);
  }
  std::array<std::uint8_t, 32> fixed{};
  auto into = hex_decode_into(text, fixed);
  require(into.ok() == (decoded.ok() && decoded->size() == fixed.size()));
  if (into.ok()) require(std::equal(fixed.begin(), fixed.end(), decoded->begin()));
  if (!into.ok()) require(!into.error().message.empty());
}

void check_address(std::string_view text) {
  auto parsed = Address::parse(text);
  if (!parsed.ok()) {
    require(parsed.error().code == Errc::invalid_argument);
    require(parsed.error().message.rfind("address: ", 0) == 0 ||
            parsed.error().message.rfind("hex: ", 0) == 0);
    return;
  }
  require(text.size() == 42);
  require(parsed->to_hex() == "0x" + lower_digits(text.substr(2)));
  const std::string checksum = parsed->to_checksum();
  auto again = Address::parse(checksum);
  require(again.ok() && *again == *parsed);
  // Accepted mixed-case input must be exactly the checksum form.
  const std::string_view digits = text.substr(2);
  const bool any_lower = digits.find_first_of("abcdef") != std::string_view::npos;
  const bool any_upper = digits.find_first_of("ABCDEF") != std::string_view::npos;
  if (any_lower && any_upper) require(digits == std::string_view(checksum).substr(2));
}

void check_keccak(const std::uint8_t* data, std::size_t size) {
  const ByteView all(data, size);
  const std::size_t split = size == 0 ? 0 : data[0] % (size + 1);
  Keccak256 h;
  h.update(all.first(split));
  h.update(all.subspan(split));
  require(h.finalize() == keccak256(all));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_hex(text);
  check_address(text);
  // Valid-looking addresses are rare in random input: also try the input as 40 digits after 0x.
  if (size >= 40) check_address("0x" + std::string(text.substr(0, 40)));
  check_keccak(data, size);
  return 0;
}
