#include <liquidbot/error.hpp>

namespace liquidbot {

std::string_view errc_name(Errc code) noexcept {
  switch (code) {
    case Errc::ok: return "ok";
    case Errc::invalid_argument: return "invalid_argument";
    case Errc::overflow: return "overflow";
    case Errc::division_by_zero: return "division_by_zero";
    case Errc::decode: return "decode";
    case Errc::signature: return "signature";
    case Errc::not_found: return "not_found";
    case Errc::unsupported: return "unsupported";
    case Errc::io: return "io";
    case Errc::rpc: return "rpc";
    case Errc::timeout: return "timeout";
    case Errc::state: return "state";
    case Errc::unreachable_target: return "unreachable_target";
    case Errc::internal: return "internal";
  }
  return "unknown";
}

std::string Error::to_string() const {
  std::string out{errc_name(code)};
  out += ": ";
  out += message;
  return out;
}

}  // namespace liquidbot
