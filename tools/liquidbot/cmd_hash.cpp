// Hash and address verbs in foundry `cast` form: keccak, sig, to-check-sum-address.
#include "cli.hpp"

#include <liquidbot/abi.hpp>
#include <liquidbot/address.hpp>
#include <liquidbot/keccak.hpp>

#include <cstdio>
#include <string>

namespace liquidbot::cli {
namespace {

/// The single positional argument of a verb; anything more is an error.
const std::string& only_positional(const Args& args, std::string_view what) {
  args.reject_unknown();
  const std::string& value = args.positional(0, what);
  if (args.positionals().size() > 1) fail(args.positionals()[1], "unexpected extra argument");
  return value;
}

/// `keccak <data>`: 0x-prefixed data is hex-decoded bytes, anything else hashes as UTF-8 text.
int run_keccak(Args& args) {
  const std::string& data = only_positional(args, "<data>");
  Hash digest;
  if (data.size() >= 2 && data[0] == '0' && (data[1] == 'x' || data[1] == 'X')) {
    const Bytes bytes = require_ok(hex_decode(data), "<data>");
    digest = keccak256(ByteView(bytes));
  } else {
    digest = keccak256(std::string_view(data));
  }
  std::printf("%s\n", digest.to_hex().c_str());
  return kExitOk;
}

/// `sig <signature>`: the 4-byte selector of the canonical form of a function signature.
int run_sig(Args& args) {
  const std::string& text = only_positional(args, "<signature>");
  const abi::Signature signature = require_ok(abi::parse_signature(text), "<signature>");
  if (signature.name.empty()) fail("<signature>", "a function name is required before '('");
  std::printf("%s\n", signature.selector().to_hex().c_str());
  return kExitOk;
}

/// `to-check-sum-address <address>`: the EIP-55 form (mixed-case input must already be valid).
int run_to_checksum(Args& args) {
  const std::string& text = only_positional(args, "<address>");
  const Address address = require_ok(Address::parse(text), "<address>");
  std::printf("%s\n", address.to_checksum().c_str());
  return kExitOk;
}

const Registrar kRegistrar{{
    {"keccak", "keccak <data>                        Keccak-256 of 0x-hex bytes or of UTF-8 text",
     run_keccak, {}},
    {"sig", "sig <signature>                      4-byte selector, e.g. 'transfer(address,uint256)'",
     run_sig, {}},
    {"to-check-sum-address", "to-check-sum-address <address>      EIP-55 checksummed address",
     run_to_checksum, {}},
}};

}  // namespace
}  // namespace liquidbot::cli
