// The Aave engine: snapshots, account data, protection sizing, liquidation price, shocks, risk.
#include "common.hpp"

#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/liquidation.hpp>
#include <liquidbot/aave/protection.hpp>
#include <liquidbot/aave/risk.hpp>
#include <liquidbot/aave/snapshot.hpp>

#include <pybind11/stl.h>

#include <fstream>
#include <sstream>

namespace liquidbot::python {
namespace {

using namespace liquidbot::aave;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) raise(Errc::io, "snapshot: cannot open '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) raise(Errc::io, "snapshot: cannot read '" + path + "'");
  return text.str();
}

Snapshot parse_text(const std::string& json) {
  py::gil_scoped_release release;
  return unwrap(parse_snapshot(json));
}

py::dict account_dict(const AccountData& a) {
  py::dict d;
  d["total_collateral_base"] = a.total_collateral_base;
  d["total_debt_base"] = a.total_debt_base;
  d["available_borrows_base"] = a.available_borrows_base;
  d["current_liquidation_threshold"] = a.current_liquidation_threshold;
  d["ltv"] = a.ltv;
  d["health_factor"] = a.health_factor;
  return d;
}

/// HF as a float: inf when there is no debt (u256::max), otherwise hf / 1e18.
double hf_float(const u256& hf) {
  if (hf == u256::max()) return std::numeric_limits<double>::infinity();
  double v = 0;
  for (int i = 3; i >= 0; --i) v = v * 18446744073709551616.0 + static_cast<double>(hf.limbs[i]);
  return v / 1e18;
}

PlanOptions plan_options(std::uint64_t delay_seconds, const std::optional<u256>& max_amount) {
  PlanOptions o;
  o.delay_seconds = delay_seconds;
  o.max_amount = max_amount;
  return o;
}

std::vector<PriceChange> to_changes(py::handle changes) {
  std::vector<PriceChange> out;
  if (PyDict_Check(changes.ptr())) {
    for (auto item : py::reinterpret_borrow<py::dict>(changes)) {
      PriceChange c;
      c.asset = to_address(item.first, "changes key");
      c.change_ppb = py::cast<std::int64_t>(item.second);
      if (c.change_ppb < -kPpb)
        raise(Errc::invalid_argument, "changes[" + c.asset.to_checksum() + "]: " + std::to_string(c.change_ppb) +
                                          " ppb is below -100%");
      out.push_back(c);
    }
    return out;
  }
  for (py::handle item : py::reinterpret_borrow<py::iterable>(changes))
    out.push_back(unwrap(parse_price_change(py::cast<std::string>(item))));
  return out;
}

}  // namespace

aave::RiskConfig risk_config(const u256& alert_hf, const u256& act_hf, const u256& target_hf, double horizon_days,
                       double default_volatility, py::object volatility, std::uint64_t delay_seconds) {
  RiskConfig c;
  c.alert_hf = alert_hf;
  c.act_hf = act_hf;
  c.target_hf = target_hf;
  c.horizon_days = horizon_days;
  c.default_volatility = default_volatility;
  c.delay_seconds = delay_seconds;
  if (!volatility.is_none())
    for (auto item : py::reinterpret_borrow<py::dict>(volatility))
      c.volatility.emplace_back(to_address(item.first, "volatility key"), py::cast<double>(item.second));
  unwrap(c.validate());
  return c;
}

void bind_engine(py::module_& m) {
  py::class_<Snapshot>(m, "Snapshot",
                       "One market + user snapshot ('liquidbot.snapshot/1', docs/snapshot-format.md). "
                       "Immutable from Python; build one with from_json, from_dict or load.")
      .def_static("from_json", &parse_text, py::arg("text"),
                  "Parses and validates JSON text; InvalidArgument/DecodeError name the bad field.")
      .def_static("from_dict", [](py::handle d) {
                    return parse_text(py::cast<std::string>(py::module_::import("json").attr("dumps")(d)));
                  }, py::arg("data"), "Parses a dict with the JSON structure (uint256 values as decimal str).")
      .def_static("load", [](const std::string& path) { return parse_text(read_file(path)); }, py::arg("path"),
                  "Reads a snapshot file; IoError when it cannot be read.")
      .def("to_json", [](const Snapshot& s) { return to_json(s); }, "The documented JSON (round-trips).")
      .def("to_dict", [](const Snapshot& s) { return py::module_::import("json").attr("loads")(to_json(s)); })
      .def_property_readonly("revision", [](const Snapshot& s) { return std::string(to_string(s.revision)); })
      .def_readonly("timestamp", &Snapshot::timestamp)
      .def_readonly("base_currency_unit", &Snapshot::base_currency_unit)
      .def_property_readonly("user", [](const Snapshot& s) { return s.user.address; }, "The user's address.")
      .def_property_readonly("emode_category", [](const Snapshot& s) { return s.user.emode_category; })
      .def_property_readonly("reserves", [](const Snapshot& s) {
        py::list out;
        for (const Reserve& r : s.reserves) {
          py::dict d;
          d["asset"] = r.asset;
          d["id"] = r.id;
          d["decimals"] = r.config.decimals;
          d["ltv"] = r.config.ltv;
          d["liquidation_threshold"] = r.config.liquidation_threshold;
          d["liquidation_bonus"] = r.config.liquidation_bonus;
          d["price"] = r.price;
          d["supply_cap"] = r.config.supply_cap;
          out.append(d);
        }
        return out;
      }, "Reserves as dicts: asset, id, decimals, ltv, liquidation_threshold, liquidation_bonus, price, "
         "supply_cap (whole tokens, 0 = none).")
      .def("with_timestamp", [](const Snapshot& s, std::uint64_t t) {
        Snapshot copy = s;
        copy.timestamp = t;
        return copy;
      }, py::arg("timestamp"), "A copy evaluated at another block timestamp.")
      .def("with_price", [](const Snapshot& s, const Address& asset, const u256& price) {
        Snapshot copy = s;
        for (Reserve& r : copy.reserves)
          if (r.asset == asset) {
            r.price = price;
            return copy;
          }
        raise(Errc::not_found, "with_price: no reserve for asset " + asset.to_checksum());
      }, py::arg("asset"), py::arg("price"), "A copy with one reserve's oracle price replaced.")
      .def("__repr__", [](const Snapshot& s) {
        return "Snapshot(user=" + s.user.address.to_checksum() + ", revision=" + std::string(to_string(s.revision)) +
               ", timestamp=" + std::to_string(s.timestamp) + ", reserves=" + std::to_string(s.reserves.size()) + ")";
      });

  py::class_<AccountData>(m, "AccountData", "Pool.getUserAccountData: amounts in base currency, "
                                            "threshold/ltv in bps, health_factor in WAD (2**256-1 without debt).")
      .def_readonly("total_collateral_base", &AccountData::total_collateral_base)
      .def_readonly("total_debt_base", &AccountData::total_debt_base)
      .def_readonly("available_borrows_base", &AccountData::available_borrows_base)
      .def_readonly("current_liquidation_threshold", &AccountData::current_liquidation_threshold)
      .def_readonly("ltv", &AccountData::ltv)
      .def_readonly("health_factor", &AccountData::health_factor)
      .def_property_readonly("health_factor_float", [](const AccountData& a) { return hf_float(a.health_factor); },
                             "health_factor / 1e18 as a float (inf without debt); for display only.")
      .def("to_dict", &account_dict)
      .def("__eq__", [](const AccountData& a, const AccountData& b) { return a == b; })
      .def("__repr__", [](const AccountData& a) {
        return "AccountData(health_factor=" + a.health_factor.to_dec() + ", total_collateral_base=" +
               a.total_collateral_base.to_dec() + ", total_debt_base=" + a.total_debt_base.to_dec() + ")";
      });

  m.def("account_data", [](const Snapshot& s) { return unwrap(account_data(s)); }, py::arg("snapshot"),
        "getUserAccountData exactly as the chain computes it at snapshot.timestamp.");
  m.def("account_detail", [](const Snapshot& s) {
        const AccountDetail d = unwrap(account_detail(s));
        py::dict out;
        out["account"] = d.data;
        out["weighted_lt_sum"] = d.weighted_lt_sum;
        out["weighted_ltv_sum"] = d.weighted_ltv_sum;
        out["has_zero_ltv_collateral"] = d.has_zero_ltv_collateral;
        py::list lines;
        for (const ReserveLine& l : d.lines) {
          py::dict line;
          line["asset"] = s.reserves[l.reserve_index].asset;
          line["reserve_id"] = l.reserve_id;
          line["price"] = l.price;
          line["unit"] = l.unit;
          line["collateral"] = l.collateral;
          line["borrowed"] = l.borrowed;
          line["in_emode"] = l.in_emode;
          line["collateral_balance"] = l.collateral_balance;
          line["collateral_base"] = l.collateral_base;
          line["ltv"] = l.ltv;
          line["liquidation_threshold"] = l.liquidation_threshold;
          line["liquidation_bonus"] = l.liquidation_bonus;
          line["variable_debt"] = l.variable_debt;
          line["stable_debt"] = l.stable_debt;
          line["debt_base"] = l.debt_base;
          lines.append(line);
        }
        out["lines"] = lines;
        return out;
      }, py::arg("snapshot"), "Account data plus per-reserve lines (balances, prices, effective LT/LTV).");

  py::class_<Plan>(m, "Plan", "An amount of one asset (token units) and the account before/after.")
      .def_readonly("amount", &Plan::amount)
      .def_readonly("before", &Plan::before)
      .def_readonly("after", &Plan::after)
      .def("__repr__", [](const Plan& p) {
        return "Plan(amount=" + p.amount.to_dec() + ", hf_before=" + p.before.health_factor.to_dec() +
               ", hf_after=" + p.after.health_factor.to_dec() + ")";
      });
  py::class_<SupplyPlan>(m, "SupplyPlan", "A supply plan and whether the supply counts as collateral.")
      .def_property_readonly("amount", [](const SupplyPlan& p) { return p.plan.amount; })
      .def_property_readonly("before", [](const SupplyPlan& p) { return p.plan.before; })
      .def_property_readonly("after", [](const SupplyPlan& p) { return p.plan.after; })
      .def_property_readonly("collateral_effect", [](const SupplyPlan& p) { return std::string(to_string(p.collateral.effect)); })
      .def_property_readonly("collateral_reason", [](const SupplyPlan& p) { return p.collateral.reason; })
      .def_property_readonly("supply_cap_headroom", [](const SupplyPlan& p) { return p.supply_cap_headroom; },
                             "The most a supply may add under the reserve's supply cap (None: no cap).");
  py::class_<DeleveragePlan>(m, "DeleveragePlan", "A flash-loan deleverage: F borrowed and repaid, W withdrawn and sold.")
      .def_readonly("flash_amount", &DeleveragePlan::flash_amount)
      .def_readonly("premium", &DeleveragePlan::premium)
      .def_readonly("service_fee", &DeleveragePlan::service_fee)
      .def_readonly("withdraw_amount", &DeleveragePlan::withdraw_amount)
      .def_readonly("swap_output_min", &DeleveragePlan::swap_output_min)
      .def_readonly("before", &DeleveragePlan::before)
      .def_readonly("after", &DeleveragePlan::after);
  py::class_<LiquidationPrice>(m, "LiquidationPrice",
                               "Highest oracle price of one asset with HF < 1 (None when none; see reason).")
      .def_readonly("current_price", &LiquidationPrice::current_price)
      .def_readonly("price", &LiquidationPrice::price)
      .def_readonly("reason", &LiquidationPrice::reason)
      .def_readonly("at_price", &LiquidationPrice::at_price);
  py::class_<RiskScore>(m, "RiskScore", "Risk level, liquidation distance and score (docs/risk-scoring.md).")
      .def_property_readonly("level", [](const RiskScore& r) { return std::string(to_string(r.level)); })
      .def_readonly("account", &RiskScore::account)
      .def_readonly("drop_ppb", &RiskScore::drop_ppb)
      .def_readonly("has_debt", &RiskScore::has_debt)
      .def_readonly("volatility", &RiskScore::volatility)
      .def_readonly("sigmas", &RiskScore::sigmas)
      .def_readonly("probability", &RiskScore::probability)
      .def_readonly("penalty_base", &RiskScore::penalty_base)
      .def_readonly("expected_loss_base", &RiskScore::expected_loss_base)
      .def_readonly("score", &RiskScore::score);

  m.def("parse_decimal", [](const std::string& text, unsigned decimals) { return unwrap(parse_decimal(text, decimals)); },
        py::arg("text"), py::arg("decimals"), "Exact decimal text to fixed point: parse_decimal('1.3', 18).");
  m.def("plan_repay", [](const Snapshot& s, const Address& asset, const u256& target_hf, std::uint64_t delay,
                         std::optional<u256> max_amount) {
        py::gil_scoped_release release;
        return unwrap(plan_repay(s, asset, target_hf, plan_options(delay, max_amount)));
      }, py::arg("snapshot"), py::arg("debt_asset"), py::arg("target_hf"), py::kw_only(),
      py::arg("delay_seconds") = 0, py::arg("max_amount") = py::none(),
      "Smallest repay reaching target_hf (WAD); UnreachableTarget when not possible.");
  m.def("plan_supply", [](const Snapshot& s, const Address& asset, const u256& target_hf, std::uint64_t delay,
                          std::optional<u256> max_amount) {
        py::gil_scoped_release release;
        return unwrap(plan_supply(s, asset, target_hf, plan_options(delay, max_amount)));
      }, py::arg("snapshot"), py::arg("asset"), py::arg("target_hf"), py::kw_only(),
      py::arg("delay_seconds") = 0, py::arg("max_amount") = py::none(),
      "Smallest supply reaching target_hf; UnreachableTarget when the supply would not count as collateral.");
  m.def("supply_cap_headroom", [](const Snapshot& s, const Address& asset, std::uint64_t delay) {
        return unwrap(supply_cap_headroom(s, asset, delay));
      }, py::arg("snapshot"), py::arg("asset"), py::kw_only(), py::arg("delay_seconds") = 0,
      "Largest supply of asset the reserve's supply cap accepts at the snapshot time + delay (None: no cap). "
      "InvalidArgument when a cap is set but the snapshot has no totals for the reserve.");
  m.def("plan_deleverage", [](const Snapshot& s, const Address& debt_asset, const Address& collateral_asset,
                              const u256& swap_price, const u256& target_hf, std::uint16_t slippage_bps,
                              std::uint16_t fee_bps, std::uint16_t premium_bps, std::uint64_t delay,
                              std::optional<u256> max_amount) {
        DeleverageParams p{debt_asset, collateral_asset, swap_price, slippage_bps, fee_bps, premium_bps};
        py::gil_scoped_release release;
        return unwrap(plan_deleverage(s, p, target_hf, plan_options(delay, max_amount)));
      }, py::arg("snapshot"), py::arg("debt_asset"), py::arg("collateral_asset"), py::arg("swap_price"),
      py::arg("target_hf"), py::kw_only(), py::arg("slippage_bps") = 50, py::arg("fee_bps") = 0,
      py::arg("premium_bps") = 5, py::arg("delay_seconds") = 0, py::arg("max_amount") = py::none(),
      "Smallest flash-loan deleverage reaching target_hf; swap_price is debt tokens per collateral token as WAD.");
  m.def("max_safe_withdrawal", [](const Snapshot& s, const Address& asset, const u256& min_hf, std::uint64_t delay) {
        py::gil_scoped_release release;
        return unwrap(max_safe_withdrawal(s, asset, min_hf, plan_options(delay, std::nullopt)));
      }, py::arg("snapshot"), py::arg("asset"), py::arg("min_hf"), py::kw_only(), py::arg("delay_seconds") = 0,
      "Largest withdrawal of asset keeping HF >= min_hf.");
  m.def("liquidation_price", [](const Snapshot& s, const Address& asset) {
        py::gil_scoped_release release;
        return unwrap(liquidation_price(s, asset));
      }, py::arg("snapshot"), py::arg("asset"), "Liquidation price of one asset, every other input fixed.");
  m.def("parse_price_change", [](const std::string& text) {
        const PriceChange c = unwrap(parse_price_change(text));
        return py::make_tuple(c.asset, c.change_ppb);
      }, py::arg("text"), "'<address>=<percent>' -> (address, change in ppb).");
  m.def("shock", [](const Snapshot& s, py::handle changes) {
        const std::vector<PriceChange> list = to_changes(changes);
        return unwrap(shock(s, list));
      }, py::arg("snapshot"), py::arg("changes"),
      "Account data after relative price changes: dict {asset: change_ppb} (-125_000_000 = -12.5%) "
      "or a list of '<address>=<percent>' strings.");
  m.def("min_collateral_drop", [](const Snapshot& s) {
        const UniformDrop d = unwrap(min_collateral_drop(s));
        return py::make_tuple(d.drop_ppb, d.at_drop);
      }, py::arg("snapshot"), "(drop_ppb, account at the drop): smallest uniform collateral drop to HF < 1.");
  m.def("score_risk", [](const Snapshot& s, const u256& alert_hf, const u256& act_hf, const u256& target_hf,
                         double horizon_days, double default_volatility, py::object volatility,
                         std::uint64_t delay_seconds) {
        const RiskConfig c = risk_config(alert_hf, act_hf, target_hf, horizon_days, default_volatility,
                                         std::move(volatility), delay_seconds);
        return unwrap(score_risk(s, c));
      }, py::arg("snapshot"), py::kw_only(), py::arg("alert_hf") = RiskConfig{}.alert_hf,
      py::arg("act_hf") = RiskConfig{}.act_hf, py::arg("target_hf") = RiskConfig{}.target_hf,
      py::arg("horizon_days") = 1.0, py::arg("default_volatility") = 0.80, py::arg("volatility") = py::none(),
      py::arg("delay_seconds") = 0, "Risk score of the snapshot's user (defaults follow RiskConfig).");
}

}  // namespace liquidbot::python
