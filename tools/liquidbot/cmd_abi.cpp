// ABI verbs in foundry `cast` form: calldata, abi-encode, abi-decode, calldata-decode.
#include "cli.hpp"

#include <liquidbot/abi.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace liquidbot::cli {
namespace {

/// Library messages start with "abi: "; the CLI already names the argument.
std::string plain(const std::string& message) {
  return message.rfind("abi: ", 0) == 0 ? message.substr(5) : message;
}

abi::Signature signature_arg(const Args& args) {
  const std::string& text = args.positional(0, "<signature>");
  auto parsed = abi::parse_signature(text);
  if (!parsed) fail("<signature>", plain(parsed.error().message));
  return std::move(parsed).value();
}

/// Parses positionals [1..] as the inputs of `sig`.
std::vector<abi::Value> input_args(const Args& args, const abi::Signature& sig) {
  const auto& positionals = args.positionals();
  std::size_t given = positionals.size() - 1;
  if (given != sig.inputs.size())
    fail("<args>", sig.canonical() + " takes " + std::to_string(sig.inputs.size()) + " argument" +
                       (sig.inputs.size() == 1 ? "" : "s") + ", " + std::to_string(given) + " given");
  std::vector<abi::Value> values;
  values.reserve(given);
  for (std::size_t i = 0; i < given; ++i) {
    const abi::Type& type = sig.inputs[i];
    auto value = abi::parse_value(type, positionals[i + 1]);
    if (!value) fail("argument " + std::to_string(i + 1) + " (" + type.canonical() + ")", plain(value.error().message));
    values.push_back(std::move(value).value());
  }
  return values;
}

Bytes hex_arg(const Args& args, std::size_t index, std::string_view what) {
  const std::string& text = args.positional(index, what);
  if (args.positionals().size() > index + 1) fail(args.positionals()[index + 1], "unexpected extra argument");
  auto bytes = hex_decode(text);
  if (!bytes) fail(what, bytes.error().message);
  return std::move(bytes).value();
}

void print_values(std::span<const abi::Type> types, const std::vector<abi::Value>& values) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::string line = abi::format_value(types[i], values[i]);
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
  }
}

int run_calldata(Args& args) {
  args.reject_unknown();
  auto sig = signature_arg(args);
  auto values = input_args(args, sig);
  auto encoded = abi::encode_call(sig, values);
  if (!encoded) fail("<args>", plain(encoded.error().message));
  std::printf("%s\n", hex_encode(*encoded).c_str());
  return kExitOk;
}

int run_abi_encode(Args& args) {
  args.reject_unknown();
  auto sig = signature_arg(args);
  auto values = input_args(args, sig);
  auto encoded = abi::encode(sig.inputs, values);
  if (!encoded) fail("<args>", plain(encoded.error().message));
  std::printf("%s\n", hex_encode(*encoded).c_str());
  return kExitOk;
}

int run_abi_decode(Args& args) {
  bool input = args.flag("input");
  args.reject_unknown();
  auto sig = signature_arg(args);
  Bytes data = hex_arg(args, 1, "<hex>");
  if (!input && sig.outputs.empty())
    fail("<signature>", "has no outputs: write '<name>(<in>)(<out>)', or pass --input to decode the inputs");
  const auto& types = input ? sig.inputs : sig.outputs;
  auto decoded = abi::decode(types, data);
  if (!decoded) fail("<hex>", plain(decoded.error().message));
  print_values(types, *decoded);
  return kExitOk;
}

int run_calldata_decode(Args& args) {
  args.reject_unknown();
  auto sig = signature_arg(args);
  Bytes data = hex_arg(args, 1, "<calldata>");
  auto decoded = abi::decode_call(sig, data);
  if (!decoded) fail("<calldata>", plain(decoded.error().message));
  print_values(sig.inputs, *decoded);
  return kExitOk;
}

const Registrar kRegistrar{{
    {"calldata", "calldata <signature> [args...]        ABI-encode a call: selector + arguments", run_calldata, {}},
    {"abi-encode", "abi-encode <signature> [args...]      ABI-encode the arguments (no selector)", run_abi_encode, {}},
    {"abi-decode", "abi-decode [--input] '<name>(<in>)(<out>)' <hex>   decode return data (inputs with --input)",
     run_abi_decode, {"input"}},
    {"calldata-decode", "calldata-decode <signature> <calldata>  decode call arguments (selector checked)",
     run_calldata_decode, {}},
}};

}  // namespace
}  // namespace liquidbot::cli
