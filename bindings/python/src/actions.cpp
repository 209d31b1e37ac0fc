// Protective actions and what surrounds a send: transaction simulation (eth_call + estimateGas with
// revert decoding: Error/Panic, Aave 3.0-3.1 codes, Aave 3.2+ custom errors), the calldata of repay,
// supply, approve and the flash-loan deleverage, the OP-stack L1 data fee (local Fjord formula and
// the GasPriceOracle read), and the executor's configuration and intervention cost. Network work
// runs without the GIL.
#include "common.hpp"

#include <liquidbot/actions.hpp>
#include <liquidbot/executor.hpp>
#include <liquidbot/fees.hpp>
#include <liquidbot/l1fee.hpp>
#include <liquidbot/rpc.hpp>
#include <liquidbot/simulate.hpp>
#include <liquidbot/transaction.hpp>

#include <pybind11/stl.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <variant>

namespace liquidbot::python {
namespace {

py::dict call_dict(const actions::Call& c) {
  py::dict d;
  d["to"] = c.to;
  d["data"] = from_bytes(c.data);
  d["value"] = c.value;
  return d;
}

const char* revert_kind_name(abi::Revert::Kind kind) {
  switch (kind) {
    case abi::Revert::Kind::empty: return "empty";
    case abi::Revert::Kind::error: return "error";
    case abi::Revert::Kind::panic: return "panic";
    case abi::Revert::Kind::custom: return "custom";
    case abi::Revert::Kind::unknown: return "unknown";
  }
  raise(Errc::internal, "revert: unknown kind");
}

Selector to_selector(py::handle value) {
  const Bytes raw = to_bytes(value, "selector");
  if (raw.size() != std::size_t{4})
    raise(Errc::invalid_argument, "selector: expected 4 bytes, got " + std::to_string(raw.size()));
  Selector s;
  std::memcpy(s.data(), raw.data(), std::size_t{4});
  return s;
}

actions::FundedKind funded_kind(const std::string& kind) {
  if (kind == "repay") return actions::FundedKind::repay;
  if (kind == "supply") return actions::FundedKind::supply;
  raise(Errc::invalid_argument, "kind: expected 'repay' or 'supply', got '" + kind + "'");
}

actions::ApprovalPolicy approval_policy(const std::string& approval) {
  if (approval == "exact") return actions::ApprovalPolicy::exact;
  if (approval == "unlimited") return actions::ApprovalPolicy::unlimited;
  raise(Errc::invalid_argument, "approval: expected 'exact' or 'unlimited', got '" + approval + "'");
}

py::dict cost_dict(const executor::InterventionCost& c) {
  py::dict d;
  d["network_wei"] = c.network_wei;
  d["network_base"] = c.network_base;
  d["fees_base"] = c.fees_base;
  d["total_base"] = c.total_base;
  return d;
}

py::object toml_value(const executor::TomlValue& v) {
  if (const auto* text = std::get_if<std::string>(&v.data)) return py::str(*text);
  if (const auto* number = std::get_if<std::int64_t>(&v.data)) return py::int_(*number);
  if (const auto* flag = std::get_if<bool>(&v.data)) return py::bool_(*flag);
  py::list items;
  for (const executor::TomlValue& item : std::get<executor::TomlValue::Array>(v.data)) items.append(toml_value(item));
  return items;
}

py::dict policy_dict(const SenderPolicy& s) {
  py::dict d;
  d["blocks_before_replacement"] = s.blocks_before_replacement;
  d["max_attempts"] = s.max_attempts;
  d["transport_retries"] = s.transport_retries;
  d["nonce_retries"] = s.nonce_retries;
  d["headroom_blocks"] = s.fees.headroom_blocks;
  d["reward_percentile"] = s.fees.reward_percentile;
  d["history_blocks"] = s.fees.history_blocks;
  d["tip_floor"] = s.fees.tip_floor;
  d["tip_ceiling"] = s.fees.tip_ceiling;
  d["max_fee_per_gas_cap"] = s.fees.max_fee_per_gas_cap;
  d["bump_percent"] = s.fees.bump_percent;
  return d;
}

}  // namespace

void bind_actions(py::module_& m) {
  // ---- simulation and revert decoding
  m.def("simulate", [](rpc::Client& client, Transaction& tx, const Address& sender, std::uint32_t gas_margin_percent,
                       std::uint64_t max_gas_limit, std::optional<u256> expected_hf_after,
                       std::optional<u256> target_hf) {
        if (expected_hf_after.has_value() != target_hf.has_value())
          raise(Errc::invalid_argument, "expected_hf_after: give both expected_hf_after and target_hf, or neither");
        SimulationPolicy policy;
        policy.gas_margin_percent = gas_margin_percent;
        policy.max_gas_limit = max_gas_limit;
        std::optional<HealthCheck> health;
        if (expected_hf_after) health = HealthCheck{*expected_hf_after, *target_hf};
        executor::RpcBackend backend(client, FeePolicy{});
        const SimulationReport r = without_gil([&] { return simulate(backend, tx, sender, policy, health); });
        py::dict d;
        d["ok"] = r.ok;
        d["reason"] = r.reason;
        d["return_data"] = from_bytes(r.return_data);
        d["gas_estimate"] = r.gas_estimate;
        d["gas_limit"] = r.gas_limit;
        return d;
      }, py::arg("client"), py::arg("tx"), py::arg("sender"), py::kw_only(),
      py::arg("gas_margin_percent") = SimulationPolicy{}.gas_margin_percent,
      py::arg("max_gas_limit") = SimulationPolicy{}.max_gas_limit, py::arg("expected_hf_after") = py::none(),
      py::arg("target_hf") = py::none(),
      "Simulates the exact transaction from `sender` at the pending block: eth_call (a revert is decoded: "
      "Error(string), Panic, Aave 3.0-3.1 codes, Aave 3.2+ custom errors), eth_estimateGas plus the margin "
      "(sets tx.gas_limit when it succeeds), then expected_hf_after >= target_hf when given. Returns dict ok, "
      "reason, return_data, gas_estimate, gas_limit; raises only for transport failures (RpcError, Timeout).");
  m.def("decode_revert_data", [](py::handle data) {
        const Bytes raw = to_bytes(data, "data");
        const abi::Revert r = unwrap(decode_revert_data(raw));
        py::dict d;
        d["kind"] = revert_kind_name(r.kind);
        d["selector"] = r.kind == abi::Revert::Kind::empty ? py::object(py::none()) : py::object(from_bytes(r.selector.view()));
        d["message"] = r.message;
        d["panic_code"] = r.panic_code;
        const bool custom = r.kind == abi::Revert::Kind::custom;
        d["error"] = custom ? py::object(py::str(r.custom.canonical())) : py::object(py::none());
        d["args"] = custom ? from_abi_values(r.custom.inputs, r.args) : py::list();
        d["data"] = from_bytes(r.data);
        d["description"] = describe_revert(raw);
        return d;
      }, py::arg("data"),
      "Revert data as the simulator reads it: dict kind ('empty', 'error', 'panic', 'custom', 'unknown'), "
      "selector, message, panic_code, error (the Aave 3.2+ or orchestrator custom error's signature), args, "
      "data (after the selector, kind 'unknown') and description. DecodeError for malformed data.");
  m.def("describe_revert", [](py::handle data) { return describe_revert(to_bytes(data, "data")); }, py::arg("data"),
        "One line describing revert data (Aave codes named, custom-error arguments decoded); never raises "
        "for malformed data ('undecodable revert data 0x...').");
  m.def("aave_error_name", [](const std::string& code) -> std::optional<std::string> {
        const auto name = aave_error_name(code);
        if (!name) return std::nullopt;
        return std::string(*name);
      }, py::arg("code"), "Name of an Aave 3.0-3.1 error code ('35' -> 'HEALTH_FACTOR_LOWER_THAN_LIQUIDATION_THRESHOLD'); None otherwise.");
  m.def("aave_custom_error", [](py::handle selector) -> std::optional<std::string> {
        const auto sig = aave_custom_error(to_selector(selector));
        if (!sig) return std::nullopt;
        return std::string(*sig);
      }, py::arg("selector"), "Signature of the Aave 3.2+ custom error with this 4-byte selector; None otherwise.");
  m.def("gas_with_margin", [](std::uint64_t estimate, std::uint32_t margin_percent) {
        return unwrap(gas_with_margin(estimate, margin_percent));
      }, py::arg("estimate"), py::arg("margin_percent"), "ceil(estimate * (100 + margin) / 100); Overflow past 2**64.");
  m.def("format_wad", [](const u256& wad) { return format_wad(wad); }, py::arg("wad"),
        "A WAD as decimal text truncated to 4 fraction digits ('1.2999'); 'inf' for 2**256 - 1.");

  // ---- protective actions
  m.def("repay_call", [](const Address& pool, const Address& asset, const u256& amount, const Address& on_behalf_of) {
        return call_dict(actions::repay_call(pool, asset, amount, on_behalf_of));
      }, py::arg("pool"), py::arg("asset"), py::arg("amount"), py::arg("on_behalf_of"),
      "Pool.repay(asset, amount, 2, on_behalf_of) as dict to, data, value.");
  m.def("supply_call", [](const Address& pool, const Address& asset, const u256& amount, const Address& on_behalf_of) {
        return call_dict(actions::supply_call(pool, asset, amount, on_behalf_of));
      }, py::arg("pool"), py::arg("asset"), py::arg("amount"), py::arg("on_behalf_of"),
      "Pool.supply(asset, amount, on_behalf_of, 0) as dict to, data, value.");
  m.def("approve_call", [](const Address& token, const Address& spender, const u256& amount) {
        return call_dict(actions::approve_call(token, spender, amount));
      }, py::arg("token"), py::arg("spender"), py::arg("amount"), "token.approve(spender, amount) as dict to, data, value.");
  m.def("plan_funded_action", [](const std::string& kind, const Address& pool, const Address& asset, const u256& amount,
                                 const Address& user, const u256& balance, const u256& allowance,
                                 const std::string& approval) {
        const actions::Funds funds{balance, allowance};
        const actions::FundedAction a = unwrap(actions::plan_funded_action(
            funded_kind(kind), pool, asset, amount, user, funds, approval_policy(approval)));
        py::dict d;
        d["approve"] = a.approve ? py::object(call_dict(*a.approve)) : py::object(py::none());
        d["action"] = call_dict(a.action);
        return d;
      }, py::arg("kind"), py::arg("pool"), py::arg("asset"), py::arg("amount"), py::arg("user"), py::kw_only(),
      py::arg("balance"), py::arg("allowance"), py::arg("approval") = "exact",
      "Repay or supply on the user's behalf with the executor's tokens: dict approve (None when the allowance "
      "covers the amount; 'exact' or 'unlimited') and action. InvalidArgument for a zero amount, "
      "UnreachableTarget when balance < amount.");
  m.def("service_fee", [](const u256& amount, std::uint32_t bps, const u256& cap) {
        return unwrap(actions::service_fee(amount, bps, cap));
      }, py::arg("amount"), py::arg("bps"), py::arg("cap") = u256{},
      "min(ceil(amount * bps / 10000), cap) (cap 0 = none); InvalidArgument for bps > 10000.");
  m.def("deleverage_call", [](const Address& orchestrator, const Address& user, const Address& debt_asset,
                              const Address& collateral_asset, const u256& flash_amount, const u256& withdraw_amount,
                              const u256& min_swap_out, const u256& service_fee, const u256& min_health_factor) {
        const actions::DeleverageCall c{user, debt_asset, collateral_asset, flash_amount, withdraw_amount,
                                        min_swap_out, service_fee, min_health_factor};
        return call_dict(unwrap(actions::deleverage_call(orchestrator, c)));
      }, py::arg("orchestrator"), py::kw_only(), py::arg("user"), py::arg("debt_asset"), py::arg("collateral_asset"),
      py::arg("flash_amount"), py::arg("withdraw_amount"), py::arg("min_swap_out"), py::arg("service_fee") = u256{},
      py::arg("min_health_factor"),
      "FlashLoanOrchestrator.deleverage(...) as dict to, data, value. InvalidArgument when flash_amount or "
      "withdraw_amount is zero or min_swap_out < flash_amount + service_fee.");
  m.def("allowance_calldata", [](const Address& owner, const Address& spender) {
        return from_bytes(actions::allowance_calldata(owner, spender));
      }, py::arg("owner"), py::arg("spender"), "token.allowance(owner, spender) calldata.");
  m.def("balance_of_calldata", [](const Address& owner) { return from_bytes(actions::balance_of_calldata(owner)); },
        py::arg("owner"), "token.balanceOf(owner) calldata.");
  m.def("account_data_calldata", [](const Address& user) { return from_bytes(actions::account_data_calldata(user)); },
        py::arg("user"), "Pool.getUserAccountData(user) calldata.");
  m.def("decode_account_data", [](py::handle data) {
        return unwrap(actions::decode_account_data(to_bytes(data, "data")));
      }, py::arg("data"), "The AccountData of getUserAccountData return data (exactly 192 bytes, else DecodeError).");
  m.def("decode_uint", [](py::handle data) { return unwrap(actions::decode_uint(to_bytes(data, "data"))); },
        py::arg("data"), "A single uint256 return value (exactly 32 bytes, else DecodeError).");

  // ---- L1 data fee (Fjord)
  m.attr("GAS_PRICE_ORACLE") = kGasPriceOracleAddress.to_checksum();
  py::class_<L1FeeParams>(m, "L1FeeParams",
                          "GasPriceOracle inputs: l1_base_fee, blob_base_fee (wei), base_fee_scalar, "
                          "blob_base_fee_scalar (uint32).")
      .def(py::init(&from_kwargs<L1FeeParams>),
           "Keyword arguments: l1_base_fee, blob_base_fee, base_fee_scalar, blob_base_fee_scalar.")
      .def_readwrite("l1_base_fee", &L1FeeParams::l1_base_fee)
      .def_readwrite("blob_base_fee", &L1FeeParams::blob_base_fee)
      .def_readwrite("base_fee_scalar", &L1FeeParams::base_fee_scalar)
      .def_readwrite("blob_base_fee_scalar", &L1FeeParams::blob_base_fee_scalar)
      .def("__eq__", [](const L1FeeParams& a, const L1FeeParams& b) { return a == b; })
      .def("__repr__", [](const L1FeeParams& p) {
        return "L1FeeParams(l1_base_fee=" + p.l1_base_fee.to_dec() + ", blob_base_fee=" + p.blob_base_fee.to_dec() +
               ", base_fee_scalar=" + std::to_string(p.base_fee_scalar) +
               ", blob_base_fee_scalar=" + std::to_string(p.blob_base_fee_scalar) + ")";
      });
  m.def("flz_compress_len", [](py::handle data) { return flz_compress_len(to_bytes(data, "data")); }, py::arg("data"),
        "Length of the FastLZ compression of data (op-geth FlzCompressLen).");
  m.def("fjord_l1_fee", [](const L1FeeParams& params, std::uint64_t fastlz_size) {
        return unwrap(fjord_l1_fee(params, fastlz_size));
      }, py::arg("params"), py::arg("fastlz_size"), "The Fjord L1 fee for a FastLZ size; Overflow for absurd parameters.");
  m.def("l1_fee_signed", [](const L1FeeParams& params, py::handle signed_tx) {
        return unwrap(l1_fee_signed(params, to_bytes(signed_tx, "signed_tx")));
      }, py::arg("params"), py::arg("signed_tx"), "The L1 fee the node charges for a signed raw transaction.");
  m.def("l1_fee_unsigned", [](const L1FeeParams& params, py::handle unsigned_tx) {
        return unwrap(l1_fee_unsigned(params, to_bytes(unsigned_tx, "unsigned_tx")));
      }, py::arg("params"), py::arg("unsigned_tx"),
      "What GasPriceOracle.getL1Fee(unsigned_tx) returns (FastLZ of the unsigned bytes + 68).");
  m.def("l1_fee_upper_bound", [](const L1FeeParams& params, std::uint64_t unsigned_tx_size) {
        return unwrap(l1_fee_upper_bound(params, unsigned_tx_size));
      }, py::arg("params"), py::arg("unsigned_tx_size"), "GasPriceOracle.getL1FeeUpperBound(unsigned_tx_size).");
  m.def("fjord_l1_gas_used", [](py::handle unsigned_tx) { return fjord_l1_gas_used(to_bytes(unsigned_tx, "unsigned_tx")); },
        py::arg("unsigned_tx"), "GasPriceOracle.getL1GasUsed(unsigned_tx) under Fjord.");
  m.def("fetch_l1_fee_params", [](rpc::Client& client, py::handle block, const Address& oracle) {
        const rpc::BlockTag tag = to_block(block);
        return without_gil([&] { return fetch_l1_fee_params(client, tag, oracle); });
      }, py::arg("client"), py::arg("block") = "latest", py::arg("oracle") = kGasPriceOracleAddress.to_checksum(),
      "Reads the L1FeeParams from the GasPriceOracle in one batch; Unsupported when isFjord() is false.");
  m.def("oracle_l1_fee", [](rpc::Client& client, py::handle unsigned_tx, py::handle block, const Address& oracle) {
        const Bytes raw = to_bytes(unsigned_tx, "unsigned_tx");
        const rpc::BlockTag tag = to_block(block);
        return without_gil([&] { return oracle_l1_fee(client, raw, tag, oracle); });
      }, py::arg("client"), py::arg("unsigned_tx"), py::arg("block") = "latest",
      py::arg("oracle") = kGasPriceOracleAddress.to_checksum(),
      "GasPriceOracle.getL1Fee(unsigned_tx) on chain (the cross-check of l1_fee_unsigned).");

  // ---- executor configuration and costs
  py::class_<executor::Config>(m, "ExecutorConfig",
                               "The executor's configuration (load_config): chain, Aave, deleverage, fees, "
                               "monitor, executor, signer, sender and simulation settings. Never holds a key.")
      .def_readwrite("rpc_url", &executor::Config::rpc_url)
      .def_readwrite("chain_id", &executor::Config::chain_id)
      .def_readwrite("provider", &executor::Config::provider, "PoolAddressesProvider.")
      .def_readwrite("subgraph_url", &executor::Config::subgraph_url)
      .def_readwrite("position_manager", &executor::Config::position_manager)
      .def_readwrite("orchestrator", &executor::Config::orchestrator, "FlashLoanOrchestrator; None = no deleverage.")
      .def_readwrite("slippage_bps", &executor::Config::slippage_bps)
      .def_readwrite("fee_collector", &executor::Config::fee_collector)
      .def_readwrite("service_fee_bps", &executor::Config::service_fee_bps)
      .def_readwrite("service_fee_cap", &executor::Config::service_fee_cap)
      .def_property("max_cost_wei", [](const executor::Config& c) { return c.cost_caps.max_cost_wei; },
                    [](executor::Config& c, const u256& v) { c.cost_caps.max_cost_wei = v; }, "0 = no cap.")
      .def_property("max_cost_base", [](const executor::Config& c) { return c.cost_caps.max_cost_base_currency; },
                    [](executor::Config& c, const u256& v) { c.cost_caps.max_cost_base_currency = v; }, "0 = no cap.")
      .def_readwrite("eth_price_asset", &executor::Config::eth_price_asset)
      .def_readwrite("sweep_every_blocks", &executor::Config::sweep_every_blocks)
      .def_readwrite("discover_every_blocks", &executor::Config::discover_every_blocks)
      .def_readwrite("database", &executor::Config::database)
      .def_property("log_level", [](const executor::Config& c) { return std::string(executor::to_string(c.log_level)); },
                    [](executor::Config& c, const std::string& level) {
                      c.log_level = unwrap(executor::parse_log_level(level));
                    }, "'debug', 'info', 'warn' or 'error'.")
      .def_readwrite("dry_run", &executor::Config::dry_run)
      .def_readwrite("poll_interval_ms", &executor::Config::poll_interval_ms)
      .def_readwrite("delay_seconds", &executor::Config::delay_seconds)
      .def_readwrite("slack_blocks", &executor::Config::slack_blocks)
      .def_readwrite("backoff_blocks", &executor::Config::backoff_blocks)
      .def_readwrite("key_file", &executor::Config::key_file)
      .def_readwrite("keystore_file", &executor::Config::keystore_file)
      .def_property_readonly("sender", [](const executor::Config& c) { return policy_dict(c.sender); },
                             "Sender and fee policy as a dict (read-only; set them in the TOML [sender]/[fees]).")
      .def_property("gas_margin_percent", [](const executor::Config& c) { return c.simulation.gas_margin_percent; },
                    [](executor::Config& c, std::uint32_t v) { c.simulation.gas_margin_percent = v; })
      .def_property("max_gas_limit", [](const executor::Config& c) { return c.simulation.max_gas_limit; },
                    [](executor::Config& c, std::uint64_t v) { c.simulation.max_gas_limit = v; })
      .def("__repr__", [](const executor::Config& c) {
        return "ExecutorConfig(rpc_url=" + c.rpc_url + ", chain_id=" + std::to_string(c.chain_id) +
               ", provider=" + c.provider.to_checksum() + ", dry_run=" + (c.dry_run ? "True" : "False") + ")";
      });
  m.def("parse_toml", [](const std::string& text) {
        const executor::TomlTable table = unwrap(executor::parse_toml(text));
        py::dict d;
        for (const auto& [key, value] : table) d[py::str(key)] = toml_value(value);
        return d;
      }, py::arg("text"),
      "The executor's strict TOML subset as a flat dict of dotted keys ('sender.max_attempts') to str, int, "
      "bool or lists of those. DecodeError 'toml: line N: ...' for anything outside the subset.");
  m.def("load_config", [](const std::string& toml_text, std::optional<std::map<std::string, std::string>> env) {
        executor::Getenv getenv;
        if (env) getenv = [&](const char* name) -> const char* {
          const auto it = env->find(name);
          return it == env->end() ? nullptr : it->second.c_str();
        };
        else getenv = [](const char* name) -> const char* { return std::getenv(name); };
        return unwrap(executor::load_config(toml_text, getenv));
      }, py::arg("toml_text") = "", py::arg("env") = py::none(),
      "The executor configuration from TOML text and the environment (defaults < TOML < environment). env "
      "is a mapping used instead of os.environ when given. InvalidArgument / DecodeError naming the line, key "
      "or variable (unknown keys are errors).");
  m.def("intervention_cost", [](std::uint64_t gas_limit, const u256& max_fee_per_gas, const u256& l1_fee_wei,
                                const u256& eth_price, const u256& service_fee, const u256& flash_premium,
                                const u256& fee_asset_price, std::uint8_t fee_asset_decimals) {
        executor::CostInputs in;
        in.gas_limit = gas_limit;
        in.max_fee_per_gas = max_fee_per_gas;
        in.l1_fee_wei = l1_fee_wei;
        in.eth_price = eth_price;
        in.service_fee = service_fee;
        in.flash_premium = flash_premium;
        in.fee_asset_price = fee_asset_price;
        in.fee_asset_decimals = fee_asset_decimals;
        return cost_dict(unwrap(executor::intervention_cost(in)));
      }, py::kw_only(), py::arg("gas_limit"), py::arg("max_fee_per_gas"), py::arg("l1_fee_wei"), py::arg("eth_price"),
      py::arg("service_fee") = u256{}, py::arg("flash_premium") = u256{}, py::arg("fee_asset_price") = u256{},
      py::arg("fee_asset_decimals") = 18,
      "Worst-case cost of one intervention: dict network_wei (gas_limit * max_fee_per_gas + l1_fee_wei), "
      "network_base, fees_base, total_base (base currency, rounded up). Overflow for absurd inputs.");
  m.def("check_intervention_cost", [](const py::dict& cost, const u256& enrollment_max_cost, const u256& max_cost_wei,
                                      const u256& max_cost_base) {
        executor::InterventionCost c;
        c.network_wei = int_field(cost, "cost", "network_wei");
        c.network_base = int_field(cost, "cost", "network_base");
        c.fees_base = int_field(cost, "cost", "fees_base");
        c.total_base = int_field(cost, "cost", "total_base");
        unwrap(executor::check_intervention_cost(c, enrollment_max_cost, CostCaps{max_cost_wei, max_cost_base}));
      }, py::arg("cost"), py::arg("enrollment_max_cost") = u256{}, py::kw_only(), py::arg("max_cost_wei") = u256{},
      py::arg("max_cost_base") = u256{},
      "Returns None when the cost (an intervention_cost dict) is inside the enrollment's max_cost and the caps "
      "(0 = none); UnreachableTarget 'cost_cap: ...' naming the cap otherwise.");
}

}  // namespace liquidbot::python
