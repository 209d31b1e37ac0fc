// Revert data: Error(string), Panic(uint256) and custom errors.
#include <liquidbot/abi.hpp>

namespace liquidbot::abi {

std::string_view panic_reason(const u256& code) noexcept {
  // Codes and meanings from the Solidity docs, "Panic via assert and Error via require".
  if (!code.fits_u64()) return "unknown panic code";
  switch (code.limbs[0]) {
    case 0x00: return "generic compiler panic";
    case 0x01: return "assertion failed";
    case 0x11: return "arithmetic overflow or underflow";
    case 0x12: return "division or modulo by zero";
    case 0x21: return "invalid enum conversion";
    case 0x22: return "incorrectly encoded storage byte array";
    case 0x31: return "pop() on an empty array";
    case 0x32: return "array index out of bounds";
    case 0x41: return "out of memory or array too large";
    case 0x51: return "call to a zero-initialized internal function";
    default: return "unknown panic code";
  }
}

std::string Revert::to_string() const {
  switch (kind) {
    case Kind::empty:
      return "empty";
    case Kind::error: {
      std::string out = "Error(\"";
      for (char c : message) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      return out + "\")";
    }
    case Kind::panic:
      return "Panic(" + panic_code.to_hex() + ": " + std::string(panic_reason(panic_code)) + ")";
    case Kind::custom: {
      std::string out = custom.name + "(";
      for (std::size_t i = 0; i < args.size(); ++i) {
        if (i != 0) out += ", ";
        out += i < custom.inputs.size() ? format_value(custom.inputs[i], args[i]) : std::string("?");
      }
      return out + ")";
    }
    case Kind::unknown:
      return "unknown error " + selector.to_hex() + " (" + std::to_string(data.size()) + " bytes of arguments)";
  }
  return "unknown";
}

Result<Revert> decode_revert(ByteView data, std::span<const Signature> custom_errors) {
  Revert revert;
  if (data.empty()) return revert;
  if (data.size() < 4)
    return make_error(Errc::decode, "abi: revert data of " + std::to_string(data.size()) +
                                        " bytes is shorter than a 4-byte selector");
  revert.selector = Selector::from_view(data.first(4));
  ByteView payload = data.subspan(4);
  if (revert.selector == kErrorSelector) {
    static const Type kString = Type::string();
    auto decoded = decode(std::span<const Type>(&kString, 1), payload);
    if (!decoded) return make_error(Errc::decode, "abi: Error(string) revert data: " + decoded.error().message);
    revert.kind = Revert::Kind::error;
    revert.message = *decoded->front().as_string();
    return revert;
  }
  if (revert.selector == kPanicSelector) {
    static const Type kUint = Type::uint(256);
    auto decoded = decode(std::span<const Type>(&kUint, 1), payload);
    if (!decoded) return make_error(Errc::decode, "abi: Panic(uint256) revert data: " + decoded.error().message);
    revert.kind = Revert::Kind::panic;
    revert.panic_code = *decoded->front().as_int();
    return revert;
  }
  for (std::size_t i = 0; i < custom_errors.size(); ++i) {
    const Signature& candidate = custom_errors[i];
    if (candidate.selector() != revert.selector) continue;
    auto decoded = decode(candidate.inputs, payload);
    if (!decoded)
      return make_error(Errc::decode, "abi: " + candidate.canonical() + " revert data: " + decoded.error().message);
    revert.kind = Revert::Kind::custom;
    revert.custom_index = i;
    revert.custom = candidate;
    revert.args = std::move(decoded).value();
    return revert;
  }
  revert.kind = Revert::Kind::unknown;
  revert.data.assign(payload.begin(), payload.end());
  return revert;
}

}  // namespace liquidbot::abi
