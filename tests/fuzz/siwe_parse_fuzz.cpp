// libFuzzer target: siwe::parse on arbitrary text never crashes, and every message it accepts
// serialises back to exactly the input, re-parses to the same fields and passes validate().
#include <liquidbot/siwe.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto message = liquidbot::siwe::parse(text);
  if (!message) return 0;
  const std::string serialised = message->to_string();
  if (serialised != text) __builtin_trap();
  auto reparsed = liquidbot::siwe::parse(serialised);
  if (!reparsed || !(reparsed.value() == message.value())) __builtin_trap();
  if (!liquidbot::siwe::validate(message.value())) __builtin_trap();
  return 0;
}
