// Fuzzes the strict ABI decoder: the first byte picks a type list (flat, nested, deeply nested
// dynamic types, Multicall3 results) or one of the text parsers; the rest is the input. Decoding
// must never crash or allocate without bound, and because the decoder only accepts canonical
// layouts, every successful decode must re-encode to exactly the input bytes.
#include <liquidbot/abi.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using namespace liquidbot;

namespace {

std::vector<abi::Type> types_of(std::string_view signature) {
  auto parsed = abi::parse_signature(signature);
  if (!parsed) __builtin_trap();
  return parsed->inputs;
}

std::string deep_type() {
  // 24 levels of alternating tuples and dynamic arrays around a bytes.
  std::string text = "bytes";
  for (int i = 0; i < 12; ++i) text = "(uint8," + text + ")[]";
  return "f(" + text + ")";
}

const std::vector<std::vector<abi::Type>>& type_lists() {
  static const std::vector<std::vector<abi::Type>> lists = {
      types_of("f(uint8,int16,address,bool,bytes3,int256)"),
      types_of("sam(bytes,bool,uint256[])"),
      types_of("g(uint256[][],string[])"),
      types_of("f(uint256,uint32[],bytes10,bytes)"),
      types_of("f((uint256,bytes)[],bytes32[2][])"),
      types_of("f(string[2][][3])"),
      types_of("f(((bool,(bytes,(string[],int8)[])[])[],uint8)[2])"),
      types_of("aggregate3Result((bool,bytes)[])"),
      types_of(deep_type()),
  };
  return lists;
}

const std::vector<abi::Signature>& custom_errors() {
  static const std::vector<abi::Signature> errors = [] {
    std::vector<abi::Signature> out;
    for (const char* text : {"InsufficientBalance(uint256,uint256)", "HealthFactorLowerThanLiquidationThreshold()",
                             "Custom(string[],(bytes,int24)[2])"})
      out.push_back(*abi::parse_signature(text));
    return out;
  }();
  return errors;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& lists = type_lists();
  const std::size_t mode = data[0] % (lists.size() + 3);
  ByteView input(data + 1, size - 1);
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  if (mode < lists.size()) {
    const auto& types = lists[mode];
    abi::DecodeOptions options;
    options.max_allocation = std::size_t{1} << 20;
    auto decoded = abi::decode(types, input, options);
    if (!decoded) return 0;
    auto encoded = abi::encode(types, *decoded);
    if (!encoded || *encoded != Bytes(input.begin(), input.end())) __builtin_trap();
    for (std::size_t i = 0; i < types.size(); ++i) (void)abi::format_value(types[i], (*decoded)[i]);
    return 0;
  }
  if (mode == lists.size()) {
    auto revert = abi::decode_revert(input, custom_errors());
    if (revert) (void)revert->to_string();
    return 0;
  }
  if (mode == lists.size() + 1) {
    // Signature text: a parsed signature's canonical form must parse back to the same signature.
    auto sig = abi::parse_signature(text);
    if (!sig) return 0;
    auto again = abi::parse_signature(sig->canonical());
    if (!again || again->inputs != sig->inputs || again->name != sig->name) __builtin_trap();
    return 0;
  }
  // Value text against a nested type; a parsed value must encode.
  static const abi::Type type = *abi::parse_type("(uint8,int64,string,bytes,address,bool[],(bytes2,string[2])[])");
  auto value = abi::parse_value(type, text);
  if (!value) return 0;
  auto encoded = abi::encode(std::span<const abi::Type>(&type, 1), std::span<const abi::Value>(&*value, 1));
  if (!encoded) __builtin_trap();
  return 0;
}
