// `account-data`: getUserAccountData of a liquidbot.snapshot/1 file, bit-exact per revision.
#include "cli.hpp"

#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/snapshot.hpp>

#include <cstdio>
#include <string>

namespace liquidbot::cli {
namespace {

int run_account_data(Args& args) {
  const std::string path = args.required("snapshot");
  const auto revision_text = args.option("revision");
  const auto timestamp_text = args.option("timestamp");
  args.reject_unknown();
  if (!args.positionals().empty()) fail(args.positionals().front(), "unexpected argument");

  aave::Snapshot snapshot = require_ok(aave::parse_snapshot(read_file(path, "--snapshot")), "--snapshot");
  if (revision_text) snapshot.revision = require_ok(aave::parse_revision(*revision_text), "--revision");
  if (timestamp_text) {
    const auto value = u256::from_dec(*timestamp_text);
    if (!value || !value->fits_u64() || value->limbs[0] > (1ULL << 40) - 1)
      fail("--timestamp", "\"" + *timestamp_text + "\" is not a uint40 decimal timestamp");
    snapshot.timestamp = value->limbs[0];
  }
  const aave::AccountData data = require_ok(aave::account_data(snapshot), "--snapshot");
  std::printf(
      "{\"totalCollateralBase\":\"%s\",\"totalDebtBase\":\"%s\",\"availableBorrowsBase\":\"%s\","
      "\"currentLiquidationThreshold\":\"%s\",\"ltv\":\"%s\",\"healthFactor\":\"%s\"}\n",
      data.total_collateral_base.to_dec().c_str(), data.total_debt_base.to_dec().c_str(),
      data.available_borrows_base.to_dec().c_str(), data.current_liquidation_threshold.to_dec().c_str(),
      data.ltv.to_dec().c_str(), data.health_factor.to_dec().c_str());
  return kExitOk;
}

const Registrar kRegistrar{{
    {"account-data",
     "account-data --snapshot <file> [--revision 3.0..3.6] [--timestamp <t>]   getUserAccountData "
     "(six fields, JSON)",
     run_account_data, {}},
}};

}  // namespace
}  // namespace liquidbot::cli
