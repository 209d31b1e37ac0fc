// Signing verbs in foundry `cast` form: wallet sign (EIP-191 / EIP-712), wallet verify (EIP-191)
// and siwe verify (EIP-4361).
#include "cli.hpp"

#include <liquidbot/eip191.hpp>
#include <liquidbot/eip712.hpp>
#include <liquidbot/siwe.hpp>

#include <cstdio>
#include <string>
#include <string_view>

namespace liquidbot::cli {
namespace {

/// Library messages start with "<area>: "; the CLI already names the argument.
std::string plain(const std::string& message) {
  for (std::string_view prefix : {"eip712: ", "siwe: "})
    if (message.rfind(prefix, 0) == 0) return message.substr(prefix.size());
  return message;
}

/// A message argument: 0x-prefixed text is bytes, anything else is its UTF-8 text.
Bytes message_arg(const std::string& text, std::string_view what) {
  if (text.rfind("0x", 0) == 0) return require_ok(hex_decode(text), what);
  return Bytes(text.begin(), text.end());
}

Signature signature_arg(const std::string& text, std::string_view what) {
  Bytes bytes = require_ok(hex_decode(text), what);
  if (bytes.size() != 65) fail(what, "expected 65 bytes (r || s || v), got " + std::to_string(bytes.size()));
  return require_ok(Signature::from_bytes65(bytes), what);
}

void no_extra_positionals(const Args& args, std::size_t expected) {
  if (args.positionals().size() > expected) fail(args.positionals()[expected], "unexpected extra argument");
}

void print_line(const std::string& line) {
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
}

int run_wallet_sign(Args& args) {
  const std::string key_text = args.required("private-key");
  const bool typed = args.flag("data");
  const bool from_file = args.flag("from-file");
  args.reject_unknown();
  auto key = PrivateKey::from_hex(key_text);
  if (!key) fail("--private-key", key.error().message);
  if (from_file && !typed) fail("--from-file", "only applies to typed data (--data)");
  no_extra_positionals(args, 1);
  Signature signature;
  if (typed) {
    const std::string& positional = args.positional(0, from_file ? "<typed-data.json>" : "<typed-data>");
    const std::string json = from_file ? read_file(positional, "<typed-data.json>") : positional;
    auto data = eip712::parse(json);
    if (!data) fail(from_file ? "<typed-data.json>" : "<typed-data>", plain(data.error().message));
    auto signed_data = eip712::sign(key.value(), data.value());
    if (!signed_data) fail("<typed-data>", plain(signed_data.error().message));
    signature = signed_data.value();
  } else {
    signature = sign_message(key.value(), message_arg(args.positional(0, "<message>"), "<message>"));
  }
  print_line(hex_encode(signature.to_bytes65()));
  return kExitOk;
}

int run_wallet_verify(Args& args) {
  const std::string address_text = args.required("address");
  args.reject_unknown();
  const Address address = require_ok(Address::parse(address_text), "--address");
  const Bytes message = message_arg(args.positional(0, "<message>"), "<message>");
  const Signature signature = signature_arg(args.positional(1, "<signature>"), "<signature>");
  no_extra_positionals(args, 2);
  if (verify_message(address, message, signature)) {
    print_line("Validation succeeded. Address " + address.to_checksum() + " signed this message.");
    return kExitOk;
  }
  print_line("Validation failed. Address " + address.to_checksum() + " did not sign this message.");
  return kExitFalse;
}

int run_siwe_verify(Args& args) {
  const std::string file = args.required("message-file");
  const std::string signature_text = args.required("signature");
  const auto domain = args.option("domain");
  const auto nonce = args.option("nonce");
  const auto time = args.option("time");
  const auto chain_id = args.option("chain-id");
  args.reject_unknown();
  no_extra_positionals(args, 0);

  const std::string text = read_file(file, "--message-file");
  auto message = siwe::parse(text);
  if (!message) fail("--message-file", plain(message.error().message));
  const Signature signature = signature_arg(signature_text, "--signature");
  siwe::VerifyOptions options;
  options.domain = domain;
  options.nonce = nonce;
  if (time) options.time = require_ok(siwe::parse_rfc3339(*time), "--time");
  if (chain_id) {
    auto value = u256::from_dec(*chain_id);
    if (!value || !value->fits_u64()) fail("--chain-id", "expected a decimal chain id below 2^64");
    options.chain_id = value->limbs[0];
  }
  auto status = siwe::verify(message.value(), signature, options);
  if (!status) {
    print_line("Sign-in invalid: " + plain(status.error().message));
    return kExitFalse;
  }
  print_line("Sign-in valid: " + message->address.to_checksum() + " signed in to " + message->domain +
             " (chain " + std::to_string(message->chain_id) + ", nonce " + message->nonce + ")");
  return kExitOk;
}

const Registrar kRegistrar{{
    {"wallet sign",
     "wallet sign --private-key <hex> [--data [--from-file]] <message|typed-data>   EIP-191 or EIP-712 signature",
     run_wallet_sign, {"data", "from-file"}},
    {"wallet verify", "wallet verify --address <address> <message> <signature>   check an EIP-191 signature",
     run_wallet_verify, {}},
    {"siwe verify",
     "siwe verify --message-file <f> --signature <hex> [--domain <d>] [--nonce <n>] [--chain-id <id>] "
     "[--time <rfc3339>]   verify a Sign-In with Ethereum message",
     run_siwe_verify, {}},
}};

}  // namespace
}  // namespace liquidbot::cli
