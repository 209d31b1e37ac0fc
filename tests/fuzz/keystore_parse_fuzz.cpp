// keystore_decrypt / keystore_address on arbitrary bytes: errors, never crashes. Inputs asking for
// expensive key derivation (any integer literal above 4096, i.e. a large scrypt n or pbkdf2 c) only
// go through keystore_address, to keep the fuzzer fast; the parameter limits have unit tests.
#include <liquidbot/keystore.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

bool cheap_kdf(std::string_view text) {
  std::size_t digits = 0;
  std::uint64_t value = 0;
  for (char ch : text) {
    if (ch >= '0' && ch <= '9') {
      if (++digits > 5) return false;
      value = value * 10 + static_cast<std::uint64_t>(ch - '0');
      if (value > 4096) return false;
    } else {
      digits = 0;
      value = 0;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)liquidbot::keystore_address(text);
  if (cheap_kdf(text)) (void)liquidbot::keystore_decrypt(text, "pw");
  return 0;
}
