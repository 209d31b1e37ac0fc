// Fuzzes u256 text parsing and formatting on arbitrary input: from_dec / from_hex / from_string never
// crash, every failure carries a message, and whatever is accepted prints (to_dec, to_hex, to_fixed)
// to text that parses back to the same value. Inputs of 96+ bytes also check the division identity
// a == q * b + r with r < b and mul_div against the 512-bit product.
#include <liquidbot/bytes.hpp>
#include <liquidbot/u256.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using namespace liquidbot;

namespace {

void require(bool condition) {
  if (!condition) __builtin_trap();
}

void check_value(const u256& v, unsigned decimals) {
  require(*u256::from_dec(v.to_dec()) == v);
  require(*u256::from_hex(v.to_hex()) == v);
  require(*u256::from_string(v.to_hex()) == v);
  // to_fixed: drop the point, pad the fraction back to `decimals` digits, reparse.
  const std::string fixed = v.to_fixed(decimals);
  const std::size_t point = fixed.find('.');
  if (decimals == 0) {
    require(point == std::string::npos && fixed == v.to_dec());
    return;
  }
  require(point != std::string::npos && point > 0 && point + 1 < fixed.size());
  const std::string fraction = fixed.substr(point + 1);
  require(fraction.size() <= decimals);
  const std::string digits = fixed.substr(0, point) + fraction + std::string(decimals - fraction.size(), '0');
  const std::size_t first = digits.find_first_not_of('0');
  const std::string trimmed = first == std::string::npos ? "0" : digits.substr(first);
  // Values with more than 78 digits after padding exceed u256 only when v does not; compare text.
  require(trimmed == v.to_dec());
}

void check_parse(const Result<u256>& r, unsigned decimals) {
  if (r.ok())
    check_value(*r, decimals);
  else
    require(!r.error().message.empty());
}

u256 load(const std::uint8_t* p) { return u256::from_be32(p); }

void check_arithmetic(const std::uint8_t* data) {
  const u256 a = load(data);
  const u256 b = load(data + 32);
  const u256 d = load(data + 64);
  if (!b.is_zero()) {
    const DivMod qr = divmod(a, b);
    require(qr.remainder < b);
    u256 product;
    require(!mul_overflow(qr.quotient, b, product));
    u256 sum;
    require(!add_overflow(product, qr.remainder, sum));
    require(sum == a);
  }
  auto floor = mul_div(a, b, d);
  auto ceil = mul_div(a, b, d, Rounding::ceil);
  if (d.is_zero()) {
    require(!floor.ok() && floor.error().code == Errc::division_by_zero);
    return;
  }
  if (!floor.ok()) {
    require(floor.error().code == Errc::overflow && !ceil.ok());
    return;
  }
  // floor * d <= a * b < (floor + 1) * d, checked on 512-bit products.
  const u512 ab = mul_wide(a, b);
  const u512 fd = mul_wide(*floor, d);
  const auto less_equal = [](const u512& x, const u512& y) {
    for (int i = 7; i >= 0; --i)
      if (x.limbs[i] != y.limbs[i]) return x.limbs[i] < y.limbs[i];
    return true;
  };
  require(less_equal(fd, ab));
  if (ceil.ok()) {
    require(*ceil == *floor || *ceil == *floor + u256(1));
    require(less_equal(ab, mul_wide(*ceil, d)));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const unsigned decimals = size == 0 ? 18 : data[0] % 90;
  check_parse(u256::from_dec(text), decimals);
  check_parse(u256::from_hex(text), decimals);
  check_parse(u256::from_string(text), decimals);
  auto bytes = hex_decode(text);
  if (bytes.ok()) {
    require(hex_encode(*bytes, false).size() == 2 * bytes->size());
    auto be = u256::from_be_bytes(*bytes);
    require(be.ok() == (bytes->size() <= 32));
  } else {
    require(!bytes.error().message.empty());
  }
  if (size >= 96) check_arithmetic(data);
  return 0;
}
