// `snapshot`: reads one user's liquidbot.snapshot/1 from the chain (Multicall3, one block).
#include "cli.hpp"

#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/snapshot.hpp>
#include <liquidbot/reader.hpp>
#include <liquidbot/rpc.hpp>

#include <cstdio>
#include <string>

namespace liquidbot::cli {
namespace {

std::uint64_t parse_u64_option(const std::string& text, std::string_view what) {
  const auto value = u256::from_dec(text);
  if (!value || !value->fits_u64()) fail(what, "\"" + text + "\" is not a decimal uint64");
  return value->limbs[0];
}

int failure(const Error& error) {
  std::fprintf(stderr, "liquidbot snapshot: %s\n", error.message.c_str());
  return kExitFailure;
}

int run_snapshot(Args& args) {
  const std::vector<std::string> urls = args.all("rpc");
  const Address provider = require_ok(Address::parse(args.required("addresses-provider")), "--addresses-provider");
  const Address user = require_ok(Address::parse(args.required("user")), "--user");
  const auto block_text = args.option("block");
  const auto chain_text = args.option("chain-id");
  const auto timeout_text = args.option("timeout-ms");
  const bool cross_check = args.flag("cross-check");
  args.reject_unknown();
  if (urls.empty()) fail("--rpc", "missing (give one or more endpoint URLs)");
  if (!args.positionals().empty()) fail(args.positionals().front(), "unexpected argument");

  rpc::ClientOptions options;
  if (chain_text) options.expected_chain_id = parse_u64_option(*chain_text, "--chain-id");
  if (timeout_text) options.http.total_timeout = std::chrono::milliseconds(parse_u64_option(*timeout_text, "--timeout-ms"));
  rpc::BlockTag block = rpc::BlockTag::latest();
  if (block_text) block = rpc::BlockTag::at(parse_u64_option(*block_text, "--block"));

  auto client = rpc::Client::connect(urls, options);
  if (!client) return failure(client.error());
  auto reader = reader::Reader::discover(*client, provider);
  if (!reader) return failure(reader.error());
  auto read = reader->read_user(user, block);
  if (!read) return failure(read.error());
  if (cross_check) {
    auto engine = aave::account_data(read->snapshot);
    if (!engine) return failure(engine.error());
    if (!(*engine == read->on_chain)) {
      std::fprintf(stderr, "liquidbot snapshot: engine account data differs from getUserAccountData (HF %s vs %s)\n",
                   engine->health_factor.to_dec().c_str(), read->on_chain.health_factor.to_dec().c_str());
      return kExitFalse;
    }
  }
  std::printf("%s\n", aave::to_json(read->snapshot).c_str());
  return kExitOk;
}

const Registrar kRegistrar{{
    {"snapshot",
     "snapshot --rpc <url> [--rpc <url>...] --addresses-provider <address> --user <address> [--block <n>] "
     "[--chain-id <id>] [--timeout-ms <ms>] [--cross-check]   liquidbot.snapshot/1 JSON read from the chain",
     run_snapshot, {"cross-check"}},
}};

}  // namespace
}  // namespace liquidbot::cli
