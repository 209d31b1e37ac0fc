#include <liquidbot/aave/account.hpp>
#include <liquidbot/aave/protection.hpp>
#include <liquidbot/aave/risk.hpp>
#include <liquidbot/executor.hpp>
#include <liquidbot/l1fee.hpp>
#include <liquidbot/subgraph.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace liquidbot::executor {
namespace {

rpc::CallRequest call_request(const Transaction& tx, const Address& from) {
  rpc::CallRequest r;
  r.from = from;
  r.to = tx.to;
  if (tx.gas_limit != 0) r.gas = tx.gas_limit;
  r.value = tx.value;
  r.data = tx.data;
  return r;
}

constexpr std::uint64_t kWad = 1'000'000'000'000'000'000ULL;

// L2 gas the engine ranks candidates with (round figures above the test-bed gas used); the cost
// caps use the simulation's estimates.
constexpr std::uint64_t kApproveGas = 60'000;
constexpr std::uint64_t kRepayGas = 250'000;
constexpr std::uint64_t kSupplyGas = 250'000;
constexpr std::uint64_t kDeleverageGas = 900'000;

std::string_view kind_name(aave::StrategyCandidate::Kind kind) {
  switch (kind) {
    case aave::StrategyCandidate::Kind::repay: return "repay";
    case aave::StrategyCandidate::Kind::supply: return "supply";
    case aave::StrategyCandidate::Kind::deleverage: return "deleverage";
  }
  return "repay";
}

std::string field(std::string_view key, std::string_view json_value) {
  std::string out;
  out.reserve(key.size() + json_value.size() + 3);
  out += '"';
  out.append(key);
  out += "\":";
  out.append(json_value);
  return out;
}
std::string sfield(std::string_view key, std::string_view text) { return field(key, json_string(text)); }

// Reads "key":"value" from the flat payload JSON this file writes.
std::string payload_value(const std::string& payload, std::string_view key) {
  const std::string needle = "\"" + std::string(key) + "\":\"";
  const auto at = payload.find(needle);
  if (at == std::string::npos) return {};
  const auto start = at + needle.size();
  const auto end = payload.find('"', start);
  return end == std::string::npos ? std::string{} : payload.substr(start, end - start);
}

}  // namespace

// ---- cost ----------------------------------------------------------------------------------------

Result<InterventionCost> intervention_cost(const CostInputs& in) {
  if (in.fee_asset_decimals > 77)
    return make_error(Errc::invalid_argument, "cost: fee asset decimals " + std::to_string(in.fee_asset_decimals) + " above 77");
  InterventionCost out;
  LB_TRY(gas_wei, checked_mul(u256{in.gas_limit}, in.max_fee_per_gas));
  LB_TRY(network, checked_add(gas_wei, in.l1_fee_wei));
  out.network_wei = network;
  LB_TRY(network_base, wei_to_base_currency(network, in.eth_price));
  out.network_base = network_base;
  LB_TRY(fee_units, checked_add(in.service_fee, in.flash_premium));
  LB_TRY(fees_base, mul_div(fee_units, in.fee_asset_price, aave::asset_unit(in.fee_asset_decimals), Rounding::ceil));
  out.fees_base = fees_base;
  LB_TRY(total, checked_add(network_base, fees_base));
  out.total_base = total;
  return out;
}

Status check_intervention_cost(const InterventionCost& cost, const u256& enrollment_max_cost, const CostCaps& caps) {
  if (!enrollment_max_cost.is_zero() && cost.total_base > enrollment_max_cost)
    return make_error(Errc::unreachable_target,
                      fmt::format("cost_cap: total cost {} (base currency units) is above the enrollment's max_cost {}",
                                  cost.total_base.to_dec(), enrollment_max_cost.to_dec()));
  if (!caps.max_cost_base_currency.is_zero() && cost.total_base > caps.max_cost_base_currency)
    return make_error(Errc::unreachable_target,
                      fmt::format("cost_cap: total cost {} (base currency units) is above the fee policy's cap {}",
                                  cost.total_base.to_dec(), caps.max_cost_base_currency.to_dec()));
  if (!caps.max_cost_wei.is_zero() && cost.network_wei > caps.max_cost_wei)
    return make_error(Errc::unreachable_target, fmt::format("cost_cap: network cost {} wei is above the fee policy's cap {} wei",
                                                            cost.network_wei.to_dec(), caps.max_cost_wei.to_dec()));
  return {};
}

// ---- RpcBackend ----------------------------------------------------------------------------------

Result<CallOutcome> RpcBackend::call(const Transaction& tx, const Address& from) {
  rpc::NodeError node_error;
  auto r = client_.call(call_request(tx, from), rpc::BlockTag::pending(), nullptr, &node_error);
  if (r) return CallOutcome{false, std::move(r).value()};
  if (r.error().code == Errc::rpc && node_error.kind == rpc::ErrorKind::execution_reverted)
    return CallOutcome{true, node_error.data.value_or(Bytes{})};
  return std::move(r).error();
}

Result<std::uint64_t> RpcBackend::estimate_gas(const Transaction& tx, const Address& from) {
  rpc::CallRequest request = call_request(tx, from);
  request.gas.reset();
  return client_.estimate_gas(request, rpc::BlockTag::pending());
}

Result<Hash> RpcBackend::send_raw(ByteView raw, rpc::NodeError* node_error) {
  return client_.send_raw_transaction(raw, node_error);
}

Result<std::optional<rpc::Receipt>> RpcBackend::receipt(const Hash& hash) {
  return client_.get_transaction_receipt(hash);
}

Result<std::uint64_t> RpcBackend::block_number() { return client_.block_number(); }

Result<FeeQuote> RpcBackend::fee_quote() { return fetch_fee_quote(client_, fees_); }

// ---- Executor ------------------------------------------------------------------------------------

Executor::Executor(Config config, rpc::Client& client, reader::Reader& reader, Signer& signer, Store& store,
                   NonceManager& nonces, LogSink log)
    : config_(std::move(config)),
      client_(client),
      reader_(reader),
      signer_(signer),
      store_(store),
      nonces_(nonces),
      log_(std::move(log)),
      backend_(client, config_.sender.fees),
      sender_(backend_, signer, store, &nonces, config_.sender) {}

Result<u256> Executor::read_uint(const Address& to, const Bytes& data) {
  rpc::CallRequest request;
  request.to = to;
  request.data = data;
  LB_TRY(ret, client_.call(request, rpc::BlockTag::latest()));
  return actions::decode_uint(ret);
}

Status Executor::reconcile() {
  LB_TRY(results, sender_.reconcile());
  for (const auto& [id, result] : results) {
    log_(LogLevel::info, "reconciled", sfield("intent", id) + "," + sfield("state", to_string(result.state)) + "," +
                                           sfield("reason", result.reason));
    LB_TRY_STATUS(record(id, result));
  }
  return fill_gaps();
}

Status Executor::record(const std::string& id, const TrackResult& result) {
  if (!result.receipt) return {};
  Open open;
  if (auto it = open_.find(id); it != open_.end()) {
    open = it->second;
    open_.erase(it);
  } else {  // sent by an earlier run: what is needed is in the intent's payload
    LB_TRY(intent, store_.intent(id));
    if (!intent || intent->strategy == "approve") return {};
    open = Open{intent->user, intent->strategy,
                u256::from_dec(payload_value(intent->payload, "hfBefore")).value_or(u256{}),
                u256::from_dec(payload_value(intent->payload, "serviceFee")).value_or(u256{}), std::nullopt};
    if (auto asset = Address::parse(payload_value(intent->payload, "feeAsset"))) open.fee_asset = *asset;
  }
  const rpc::Receipt& receipt = *result.receipt;
  rpc::CallRequest request;
  request.to = reader_.addresses().pool;
  request.data = actions::account_data_calldata(open.user);
  LB_TRY(ret, client_.call(request, rpc::BlockTag::at(receipt.block_number)));
  LB_TRY(after, actions::decode_account_data(ret));
  Intervention iv;
  iv.intent_id = id;
  iv.chain_id = config_.chain_id;
  iv.user = open.user;
  iv.strategy = open.strategy;
  iv.tx_hash = receipt.transaction_hash;
  iv.block_number = receipt.block_number;
  iv.success = receipt.status;
  iv.hf_before = open.hf_before;
  iv.hf_after = after.health_factor;
  iv.gas_used = receipt.gas_used;
  iv.effective_gas_price = receipt.effective_gas_price;
  if (receipt.l1_fee) {
    iv.l1_fee = *receipt.l1_fee;
  } else {  // a node without OP-stack receipts: the Fjord fee computed when the attempt was signed
    LB_TRY(attempts, store_.attempts(id));
    for (const auto& a : attempts)
      if (a.tx_hash == receipt.transaction_hash) iv.l1_fee = a.l1_fee_estimate;
  }
  iv.total_cost_wei = u256{receipt.gas_used} * receipt.effective_gas_price + iv.l1_fee;
  iv.service_fee = open.service_fee;
  iv.service_fee_asset = open.fee_asset;
  LB_TRY_STATUS(store_.record_intervention(iv));
  log_(receipt.status ? LogLevel::info : LogLevel::error, receipt.status ? "protected" : "reverted",
       sfield("intent", id) + "," + sfield("user", open.user.to_checksum()) + "," + sfield("strategy", open.strategy) +
           "," + sfield("tx", hex_encode(receipt.transaction_hash.bytes)) + "," +
           field("block", std::to_string(receipt.block_number)) + "," + sfield("hfBefore", format_wad(open.hf_before)) +
           "," + sfield("hfAfter", format_wad(after.health_factor)) + "," +
           field("gasUsed", std::to_string(receipt.gas_used)) + "," +
           sfield("effectiveGasPrice", receipt.effective_gas_price.to_dec()) + "," + sfield("l1Fee", iv.l1_fee.to_dec()) +
           "," + sfield("totalCostWei", iv.total_cost_wei.to_dec()) + "," + sfield("serviceFee", open.service_fee.to_dec()) +
           "," + sfield("feeAsset", open.fee_asset ? open.fee_asset->to_checksum() : std::string{}));
  return {};
}

Status Executor::follow() {
  for (const auto& id : sender_.tracked()) {
    auto r = sender_.poll(id);
    if (!r) {
      log_(LogLevel::warn, "poll_failed", sfield("intent", id) + "," + sfield("error", r.error().to_string()));
      continue;
    }
    if (r->state == TrackState::pending) {
      if (r->replaced) {
        LB_TRY(attempts, store_.attempts(id));
        const auto& last = attempts.back();
        log_(LogLevel::warn, "replaced", sfield("intent", id) + "," + field("attempt", std::to_string(last.attempt)) + "," +
                                             field("nonce", std::to_string(last.nonce)) + "," +
                                             sfield("tx", hex_encode(last.tx_hash.bytes)) + "," +
                                             sfield("maxFeePerGas", last.max_fee_per_gas.to_dec()) + "," +
                                             sfield("maxPriorityFeePerGas", last.max_priority_fee_per_gas.to_dec()));
      }
      if (!r->reason.empty())
        log_(r->alert ? LogLevel::warn : LogLevel::info, "pending", sfield("intent", id) + "," + sfield("reason", r->reason));
      continue;
    }
    if (r->state == TrackState::failed || r->state == TrackState::given_up)
      log_(LogLevel::error, "alert", sfield("intent", id) + "," + sfield("state", to_string(r->state)) + "," +
                                         sfield("reason", r->reason));
    LB_TRY_STATUS(record(id, *r));
    open_.erase(id);
  }
  return {};
}

Status Executor::watch(const std::vector<Enrollment>& enrollments) {
  // The monitor re-reads users below its alert threshold every block: the alert threshold covers
  // every enrollment's act threshold (and is at least the default 1.10).
  aave::RiskConfig risk;
  u256 alert = risk.alert_hf;
  u256 act = enrollments.front().act_threshold;
  u256 target = enrollments.front().target_hf;
  for (const auto& e : enrollments) {
    alert = std::max(alert, e.act_threshold);
    act = std::min(act, e.act_threshold);
    target = std::max(target, e.target_hf);
  }
  const u256 one{kWad};
  act = std::clamp(act, one, alert);
  if (!monitor_ || alert > monitor_alert_) {
    risk.alert_hf = alert;
    risk.act_hf = act;
    risk.target_hf = std::max(target, act + one);
    monitor::Config mc;
    mc.risk = std::move(risk);
    mc.sweep_every_blocks = config_.sweep_every_blocks;
    std::optional<subgraph::Client> subgraph;
    if (!config_.subgraph_url.empty()) {
      subgraph::Config sc;
      sc.url = config_.subgraph_url;
      LB_TRY(client, subgraph::Client::create(std::move(sc)));
      subgraph = std::move(client);
      mc.discover_every_blocks = config_.discover_every_blocks;
    } else {
      // No subgraph: the monitor watches the enrolled users only (its Borrow-event fallback scans
      // the start block once).
      LB_TRY(head, client_.block_number());
      mc.events_from_block = head;
      mc.events_max_blocks = 1;
      mc.discover_every_blocks = std::uint64_t{1} << 40;
    }
    LB_TRY(created, monitor::Monitor::create(client_, reader_, std::move(subgraph), std::move(mc)));
    monitor_.emplace(std::move(created));
    monitor_alert_ = alert;
    watched_.clear();
    log_(LogLevel::info, "monitor", sfield("alertBelow", format_wad(alert)) + "," +
                                        field("subgraph", config_.subgraph_url.empty() ? "false" : "true") + "," +
                                        field("sweepEveryBlocks", std::to_string(config_.sweep_every_blocks)));
  }
  std::vector<Address> added;
  for (const auto& e : enrollments)
    if (watched_.insert(e.user).second) added.push_back(e.user);
  if (!added.empty()) monitor_->add_borrowers(added);
  return {};
}

Result<std::size_t> Executor::cycle() {
  LB_TRY_STATUS(follow());
  if (!sender_.tracked().empty()) LB_TRY_STATUS(fill_gaps());  // a tracked tx still unmined: is a nonce before it unheld?
  LB_TRY(enrollments, store_.active_enrollments(config_.chain_id));
  if (enrollments.empty()) return std::size_t{0};
  LB_TRY_STATUS(watch(enrollments));
  LB_TRY(report, monitor_->step());
  if (report.failed_users != 0)
    log_(LogLevel::warn, "read_failed", field("block", std::to_string(report.block)) + "," +
                                            field("users", std::to_string(report.failed_users)) + "," +
                                            sfield("error", monitor_->health().last_error));
  log_(LogLevel::debug, "monitor_cycle", field("block", std::to_string(report.block)) + "," +
                                             field("borrowers", std::to_string(report.borrowers)) + "," +
                                             field("read", std::to_string(report.users_read)) + "," +
                                             field("hot", std::to_string(report.hot_users)));
  std::map<Address, const Enrollment*> enrolled;
  for (const auto& e : enrollments) enrolled.emplace(e.user, &e);
  for (const auto& change : monitor_->take_changes()) {
    if (enrolled.count(change.user) == 0) continue;
    log_(LogLevel::info, "risk_change",
         sfield("user", change.user.to_checksum()) + "," + field("block", std::to_string(change.block)) + "," +
             sfield("from", change.previous ? to_string(*change.previous) : "new") + "," +
             sfield("to", to_string(change.current)) + "," + sfield("hf", format_wad(change.risk.account.health_factor)));
  }
  // Enrolled users the monitor read in this block below their own act threshold, most urgent
  // first, without an open intent and not backed off.
  std::erase_if(backoff_, [&](const auto& entry) { return entry.second.until_block <= report.block; });
  std::vector<Address> users;
  std::vector<const Enrollment*> by_user;
  for (const auto& state : monitor_->at_risk()) {
    const auto it = enrolled.find(state.user);
    if (it == enrolled.end() || state.block != report.block) continue;
    if (state.on_chain.health_factor >= it->second->act_threshold) continue;
    if (backed_off(state.user, report.block, state.on_chain.health_factor, *it->second)) continue;
    LB_TRY(open, store_.open_intents_for_user(config_.chain_id, state.user));
    if (!open.empty()) continue;
    users.push_back(state.user);
    by_user.push_back(it->second);
  }
  if (users.empty()) return std::size_t{0};
  // The monitor keeps scores, not snapshots: the users to protect are read again at the same block.
  LB_TRY(market, reader_.read_market(report.block));
  LB_TRY(reads, reader_.read_users(market, users));
  std::size_t started = 0;
  sent_this_cycle_ = 0;
  for (std::size_t i = 0; i < reads.size(); ++i) {
    if (!reads[i]) {
      log_(LogLevel::warn, "read_failed", sfield("user", users[i].to_checksum()) + "," + sfield("error", reads[i].error().to_string()));
      continue;
    }
    auto p = protect(market, *reads[i], *by_user[i]);
    if (!p) {
      log_(LogLevel::error, "protect_failed", sfield("user", users[i].to_checksum()) + "," + sfield("error", p.error().to_string()));
      continue;
    }
    if (p->outcome == "sent") ++started;
    // A refusal that the next block would repeat: back off (logged once).
    const bool lasting = p->outcome == "skipped" && (p->reason.starts_with("cost_cap") || p->reason.starts_with("no strategy"));
    if (lasting && config_.backoff_blocks != 0) {
      const u256& hf = reads[i]->on_chain.health_factor;
      backoff_[users[i]] = Backoff{report.block + config_.backoff_blocks, hf, *by_user[i]};
      log_(LogLevel::warn, "backoff",
           sfield("user", users[i].to_checksum()) + "," + field("block", std::to_string(report.block)) + "," +
               field("untilBlock", std::to_string(report.block + config_.backoff_blocks)) + "," +
               sfield("hf", format_wad(hf)) + "," + sfield("reason", p->reason));
    }
  }
  return started;
}

bool Executor::backed_off(const Address& user, std::uint64_t block, const u256& hf, const Enrollment& enrollment) {
  const auto it = backoff_.find(user);
  if (it == backoff_.end()) return false;
  const Backoff& b = it->second;
  const u256 moved = hf > b.hf ? hf - b.hf : b.hf - hf;
  std::string_view why;
  if (enrollment != b.enrollment) why = "enrollment changed";
  else if (moved >= b.hf / u256{100}) why = "health factor moved by 1% or more";
  if (why.empty()) return true;
  log_(LogLevel::info, "backoff_end", sfield("user", user.to_checksum()) + "," + field("block", std::to_string(block)) +
                                          "," + sfield("hf", format_wad(hf)) + "," + sfield("reason", why));
  backoff_.erase(it);
  return false;
}

Result<Protection> Executor::protect(const reader::Market& market, const reader::UserRead& read,
                                     const Enrollment& enrollment) {
  using Kind = aave::StrategyCandidate::Kind;
  const Address me = signer_.address();
  const Address pool = reader_.addresses().pool;
  const auto& snapshot = read.snapshot;
  const u256 target = enrollment.target_hf;
  const std::string trigger = "hf<act@block:" + std::to_string(market.block_number);
  Protection out;
  out.intent_id = make_intent_id(config_.chain_id, enrollment.user, trigger);
  const std::string user_text = enrollment.user.to_checksum();
  log_(LogLevel::info, "trigger", sfield("user", user_text) + "," + field("block", std::to_string(market.block_number)) +
                                      "," + sfield("hf", format_wad(read.on_chain.health_factor)) + "," +
                                      sfield("actBelow", format_wad(enrollment.act_threshold)) + "," +
                                      sfield("target", format_wad(target)));

  // Candidates for the engine: the strategies the enrollment allows that the executor can fund
  // (its own tokens) or the user approved (deleverage). `rejected` says why the others are absent.
  std::vector<aave::StrategyCandidate> candidates;
  struct Funding {
    u256 balance;    ///< executor's balance (repay/supply)
    u256 allowance;  ///< executor's allowance to the Pool (repay/supply)
    u256 approved;   ///< user's aToken allowance to the orchestrator (deleverage)
  };
  std::vector<Funding> funding;
  std::string rejected;
  bool any_approve = false;
  if ((enrollment.strategies & kStrategyRepay) == 0) rejected += "repay: not allowed by the enrollment; ";
  else
    for (const auto& position : snapshot.user.positions) {
      if (position.scaled_variable_debt.is_zero()) continue;
      LB_TRY(balance, read_uint(position.asset, actions::balance_of_calldata(me)));
      if (balance.is_zero()) {
        rejected += "repay " + position.asset.to_checksum() + ": the executor holds none; ";
        continue;
      }
      LB_TRY(allowance, read_uint(position.asset, actions::allowance_calldata(me, pool)));
      any_approve = any_approve || allowance.is_zero();
      candidates.push_back({Kind::repay, position.asset, std::nullopt, config_.service_fee_bps,
                            kRepayGas + (allowance.is_zero() ? kApproveGas : 0), {}, balance});
      funding.push_back({balance, allowance, {}});
    }
  if ((enrollment.strategies & kStrategySupply) == 0) rejected += "supply: not allowed by the enrollment; ";
  else {
    const std::size_t before = candidates.size();
    for (const auto& reserve : snapshot.reserves) {
      LB_TRY(balance, read_uint(reserve.asset, actions::balance_of_calldata(me)));
      if (balance.is_zero()) continue;
      LB_TRY(allowance, read_uint(reserve.asset, actions::allowance_calldata(me, pool)));
      any_approve = any_approve || allowance.is_zero();
      candidates.push_back({Kind::supply, reserve.asset, std::nullopt, config_.service_fee_bps,
                            kSupplyGas + (allowance.is_zero() ? kApproveGas : 0), {}, balance});
      funding.push_back({balance, allowance, {}});
    }
    if (candidates.size() == before) rejected += "supply: the executor holds none of any reserve; ";
  }
  if ((enrollment.strategies & kStrategyDeleverage) == 0) rejected += "deleverage: not allowed by the enrollment; ";
  else if (!config_.orchestrator) rejected += "deleverage: no orchestrator configured; ";
  else {
    if (!premium_bps_) {
      rpc::CallRequest request;
      request.to = pool;
      request.data = Bytes{0x07, 0x4b, 0x2e, 0x43};  // FLASHLOAN_PREMIUM_TOTAL()
      LB_TRY(ret, client_.call(request, rpc::BlockTag::latest()));
      LB_TRY(premium, actions::decode_uint(ret));
      if (premium >= u256{10'000}) return make_error(Errc::decode, "executor: FLASHLOAN_PREMIUM_TOTAL out of range");
      premium_bps_ = static_cast<std::uint16_t>(premium.limbs[0]);
    }
    const std::size_t before = candidates.size();
    for (std::size_t ci = 0; ci < market.reserves.size(); ++ci) {
      const Address& coll = market.reserves[ci].asset;
      const auto* cp = [&]() -> const aave::Position* {
        for (const auto& p : snapshot.user.positions)
          if (p.asset == coll && !p.scaled_atoken_balance.is_zero()) return &p;
        return nullptr;
      }();
      if (cp == nullptr) continue;
      LB_TRY(approved, read_uint(market.tokens[ci].a_token, actions::allowance_calldata(enrollment.user, *config_.orchestrator)));
      if (approved.is_zero()) continue;
      const auto* cr = snapshot.find_reserve(coll);
      for (const auto& debt : snapshot.user.positions) {
        if (debt.scaled_variable_debt.is_zero() || debt.asset == coll) continue;
        const auto* dr = snapshot.find_reserve(debt.asset);
        if (dr == nullptr || cr == nullptr || dr->price.is_zero() || cr->price.is_zero()) continue;
        LB_TRY(swap_price, mul_div(cr->price, u256{kWad}, dr->price));
        candidates.push_back({Kind::deleverage, debt.asset,
                              aave::DeleverageParams{debt.asset, coll, swap_price, config_.slippage_bps,
                                                     config_.service_fee_bps, *premium_bps_},
                              0, kDeleverageGas, {}, std::nullopt});
        funding.push_back({{}, {}, approved});
      }
    }
    if (candidates.size() == before) rejected += "deleverage: the user approved the orchestrator on no collateral with a debt to repay; ";
  }

  // The engine chooses (cheapest candidate reaching the target) for the block the transaction lands
  // in: transactions sent earlier in this cycle land first (a block later each at worst), an approve
  // first costs one more block, and slack_blocks more cover a late inclusion.
  LB_TRY(fees, backend_.fee_quote());
  const auto* eth_reserve = snapshot.find_reserve(config_.eth_price_asset);
  const u256 eth_price = eth_reserve != nullptr ? eth_reserve->price : u256{};
  aave::RiskConfig risk;
  risk.act_hf = enrollment.act_threshold;
  risk.alert_hf = std::max(risk.alert_hf, enrollment.act_threshold);
  risk.target_hf = target;
  risk.delay_seconds = config_.delay_seconds * (1 + sent_this_cycle_ + (any_approve ? 1 : 0) + config_.slack_blocks);
  const aave::NetworkCosts network{fees.base_fee + fees.max_priority_fee_per_gas, eth_price};
  std::vector<actions::Call> calls;
  std::string strategy;
  u256 expected_hf;
  u256 fee;
  u256 premium;
  std::optional<Address> fee_asset;
  std::uint64_t action_gas = 0;
  while (calls.empty()) {
    LB_TRY(choice, aave::choose_strategy(snapshot, risk, network, candidates));
    std::string listed;
    for (std::size_t k = 0; k < candidates.size(); ++k) {
      if (k != 0) listed += ',';
      listed += "{" + sfield("strategy", kind_name(candidates[k].kind)) + "," + sfield("asset", candidates[k].asset.to_checksum()) +
                "," + field("costBase", choice.candidate_costs.size() > k && choice.candidate_costs[k] >= 0.0
                                            ? fmt::format("{:.0f}", choice.candidate_costs[k])
                                            : std::string("null")) +
                "}";
    }
    const std::string chosen = choice.candidate ? std::string(kind_name(candidates[*choice.candidate].kind)) : std::string{};
    log_(LogLevel::info, "strategy",
         sfield("user", user_text) + "," + sfield("chosen", chosen) + "," + sfield("engine", choice.why) + "," +
             field("candidates", "[" + listed + "]") + "," + sfield("rejected", rejected) +
             (choice.alert_only && choice.candidate
                  ? "," + sfield("note", "acting anyway: the enrollment's act threshold was crossed; the cost caps bound the cost")
                  : std::string{}));
    if (!choice.candidate) {
      out.outcome = "skipped";
      out.reason = "no strategy: " + std::string(choice.why) + (rejected.empty() ? "" : "; " + rejected);
      log_(LogLevel::warn, "alert", sfield("user", user_text) + "," + sfield("reason", out.reason));
      return out;
    }
    // The engine's expected-loss rule (alert_only with a candidate) is advice here: the user enrolled
    // to be protected below the threshold, and the cost caps below bound what it costs.
    const std::size_t k = *choice.candidate;
    const auto& c = candidates[k];
    std::string why_not;
    if (c.kind == Kind::deleverage) {
      const auto& plan = *choice.deleverage_plan;
      if (plan.withdraw_amount > funding[k].approved) {
        why_not = "deleverage " + c.deleverage->collateral_asset.to_checksum() + ": aToken approval below the withdrawal";
      } else {
        u256 capped_fee = plan.service_fee;
        if (!config_.service_fee_cap.is_zero() && capped_fee > config_.service_fee_cap) capped_fee = config_.service_fee_cap;
        LB_TRY(call, actions::deleverage_call(*config_.orchestrator,
                                              {enrollment.user, c.asset, c.deleverage->collateral_asset, plan.flash_amount,
                                               plan.withdraw_amount, plan.swap_output_min, capped_fee, target}));
        calls.push_back(std::move(call));
        expected_hf = plan.after.health_factor;
        fee = capped_fee;
        premium = plan.premium;
      }
    } else {
      const auto& plan = *choice.plan;
      const auto kind = c.kind == Kind::repay ? actions::FundedKind::repay : actions::FundedKind::supply;
      auto funded = actions::plan_funded_action(kind, pool, c.asset, plan.amount, enrollment.user,
                                                {funding[k].balance, funding[k].allowance}, actions::ApprovalPolicy::unlimited);
      if (!funded) {
        why_not = std::string(kind_name(c.kind)) + " " + c.asset.to_checksum() + ": " + funded.error().message;
      } else {
        if (funded->approve) calls.push_back(*funded->approve);
        calls.push_back(funded->action);
        expected_hf = plan.after.health_factor;
        LB_TRY(f, actions::service_fee(plan.amount, config_.service_fee_bps, config_.service_fee_cap));
        fee = f;
      }
    }
    if (calls.empty()) {
      rejected += why_not + "; ";
      candidates.erase(candidates.begin() + static_cast<std::ptrdiff_t>(k));
      funding.erase(funding.begin() + static_cast<std::ptrdiff_t>(k));
      continue;
    }
    strategy = kind_name(c.kind);
    fee_asset = c.asset;
    action_gas = c.kind == Kind::repay ? kRepayGas : c.kind == Kind::supply ? kSupplyGas : kDeleverageGas;
  }
  out.strategy = strategy;
  if (config_.dry_run) {
    out.outcome = "dry_run";
    log_(LogLevel::info, "dry_run", sfield("user", user_text) + "," + sfield("strategy", strategy) + "," +
                                        sfield("expectedHf", format_wad(expected_hf)) + "," +
                                        field("transactions", std::to_string(calls.size())));
    return out;
  }

  // One intent per transaction: the approve (when needed) under a derived trigger, then the action.
  const auto* fee_reserve = snapshot.find_reserve(*fee_asset);
  auto l1_params = fetch_l1_fee_params(client_);
  const auto make_tx = [&](const actions::Call& call) {
    Transaction tx;
    tx.type = TxType::dynamic_fee;
    tx.chain_id = config_.chain_id;
    tx.max_fee_per_gas = fees.max_fee_per_gas;
    tx.max_priority_fee_per_gas = fees.max_priority_fee_per_gas;
    tx.to = call.to;
    tx.data = call.data;
    tx.value = call.value;
    return tx;
  };
  const auto l1_of = [&](const Transaction& tx) {
    if (!l1_params) return u256{};
    auto estimate = l1_fee_unsigned(*l1_params, signing_payload(tx));
    return estimate ? *estimate : u256{};
  };
  CostInputs cost_in;
  cost_in.max_fee_per_gas = fees.max_fee_per_gas;
  cost_in.eth_price = eth_price;
  cost_in.service_fee = fee;
  cost_in.flash_premium = premium;
  cost_in.fee_asset_price = fee_reserve != nullptr ? fee_reserve->price : u256{};
  cost_in.fee_asset_decimals = fee_reserve != nullptr ? fee_reserve->config.decimals : std::uint8_t{18};
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const bool is_action = i + 1 == calls.size();
    Intent intent;
    intent.id = is_action ? out.intent_id : make_intent_id(config_.chain_id, enrollment.user, trigger + "/approve");
    intent.chain_id = config_.chain_id;
    intent.user = enrollment.user;
    intent.trigger = is_action ? trigger : trigger + "/approve";
    intent.strategy = is_action ? strategy : "approve";
    intent.signer = me;
    intent.payload = "{" + sfield("hfBefore", read.on_chain.health_factor.to_dec()) + "," +
                     sfield("expectedHf", expected_hf.to_dec()) + "," + sfield("serviceFee", fee.to_dec()) + "," +
                     sfield("feeAsset", fee_asset ? fee_asset->to_checksum() : "") + "," +
                     sfield("to", calls[i].to.to_checksum()) + "," + sfield("data", hex_encode(calls[i].data)) + "}";
    LB_TRY(created, store_.create_intent(intent));
    if (!created) {
      out.outcome = "skipped";
      out.reason = "trigger already acted on";
      return out;
    }
    Transaction tx = make_tx(calls[i]);
    std::optional<HealthCheck> health;
    if (is_action) health = HealthCheck{expected_hf, target};
    auto report = simulate(backend_, tx, me, config_.simulation, health);
    if (!report || !report->ok) {
      const std::string reason = report ? "simulation: " + report->reason : "simulation error: " + report.error().to_string();
      LB_TRY_STATUS(store_.transition_intent(intent.id, IntentState::failed, reason));
      out.outcome = "failed";
      out.reason = reason;
      log_(LogLevel::error, "simulation_failed", sfield("intent", intent.id) + "," + sfield("user", user_text) + "," +
                                                     sfield("strategy", intent.strategy) + "," + sfield("reason", reason));
      return out;
    }
    LB_TRY_STATUS(store_.transition_intent(intent.id, IntentState::simulated, "gas " + std::to_string(report->gas_limit)));
    LB_TRY(nonce, nonces_.acquire());
    tx.nonce = nonce;
    const u256 l1_fee = l1_of(tx);
    // The total cost before anything is sent: what was sent for this intervention, this transaction,
    // and (before an approve) the action still to come, at the engine's gas figure.
    CostInputs planned = cost_in;
    planned.gas_limit += tx.gas_limit;
    planned.l1_fee_wei += l1_fee;
    if (!is_action) {
      Transaction next = make_tx(calls.back());
      next.nonce = nonce + 1;
      next.gas_limit = action_gas;
      planned.gas_limit += action_gas;
      planned.l1_fee_wei += l1_of(next);
    }
    LB_TRY(cost, intervention_cost(planned));
    Status within = check_intervention_cost(cost, enrollment.max_cost, config_.cost_caps);
    const bool needs_price = !enrollment.max_cost.is_zero() || !config_.cost_caps.max_cost_base_currency.is_zero();
    if (within && needs_price && (eth_price.is_zero() || (fee_reserve == nullptr || fee_reserve->price.is_zero())))
      within = make_error(Errc::unreachable_target, "cost_cap: no oracle price for ETH (" +
                                                        config_.eth_price_asset.to_checksum() +
                                                        ", [fees] eth_price_asset) or the fee asset");
    if (!within) {
      nonces_.release(nonce);
      LB_TRY_STATUS(store_.transition_intent(intent.id, IntentState::failed, within.error().message));
      out.outcome = "skipped";
      out.reason = within.error().message;
      log_(LogLevel::warn, "cost_cap",
           sfield("intent", intent.id) + "," + sfield("user", user_text) + "," + sfield("strategy", strategy) + "," +
               sfield("reason", out.reason) + "," + sfield("networkWei", cost.network_wei.to_dec()) + "," +
               sfield("totalBase", cost.total_base.to_dec()) + "," + sfield("maxCost", enrollment.max_cost.to_dec()));
      return out;
    }
    cost_in.gas_limit += tx.gas_limit;
    cost_in.l1_fee_wei += l1_fee;
    if (is_action) open_[intent.id] = Open{enrollment.user, strategy, read.on_chain.health_factor, fee, fee_asset};
    LB_TRY(sent, sender_.submit(intent.id, tx, l1_fee));
    ++sent_this_cycle_;
    LB_TRY(attempts, store_.attempts(intent.id));
    if (!attempts.empty()) out.tx_hashes.push_back(attempts.back().tx_hash);
    log_(sent.alert ? LogLevel::warn : LogLevel::info, "sent",
         sfield("intent", intent.id) + "," + sfield("user", user_text) + "," + sfield("strategy", intent.strategy) + "," +
             field("nonce", std::to_string(nonce)) + "," + field("gasLimit", std::to_string(tx.gas_limit)) + "," +
             sfield("maxFeePerGas", tx.max_fee_per_gas.to_dec()) + "," + sfield("l1FeeEstimate", l1_fee.to_dec()) + "," +
             sfield("costBase", cost.total_base.to_dec()) + "," + sfield("state", to_string(sent.state)) + "," +
             sfield("reason", sent.reason) + "," +
             sfield("tx", out.tx_hashes.empty() ? std::string{} : hex_encode(out.tx_hashes.back().bytes)));
    if (sent.state != TrackState::pending && sent.state != TrackState::included) {
      out.outcome = "failed";
      out.reason = sent.reason;
      open_.erase(intent.id);
      return out;
    }
  }
  out.outcome = "sent";
  return out;
}

}  // namespace liquidbot::executor
