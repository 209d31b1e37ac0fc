#include <liquidbot/aave/protection.hpp>
#include <liquidbot/executor.hpp>
#include <liquidbot/l1fee.hpp>

#include <algorithm>
#include <set>
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

Status Executor::fill_gaps() {
  LB_TRY(gaps, nonces_.detect_gaps());
  if (gaps.missing.empty()) return {};
  std::set<std::uint64_t> held;
  for (const auto& id : sender_.tracked()) {
    LB_TRY(attempts, store_.attempts(id));
    if (!attempts.empty()) held.insert(attempts.back().nonce);
  }
  for (const std::uint64_t nonce : gaps.missing) {
    if (held.count(nonce) != 0) continue;
    LB_TRY(fees, backend_.fee_quote());
    Transaction filler = make_gap_filler(config_.chain_id, signer_.address(), nonce, fees);
    LB_TRY_STATUS(signer_.sign_transaction(filler));
    LB_TRY(raw, encode(filler));
    LB_TRY(hash, tx_hash(filler));
    rpc::NodeError node_error;
    auto sent = backend_.send_raw(raw, &node_error);
    const bool ok = sent.ok() || node_error.kind == rpc::ErrorKind::already_known ||
                    node_error.kind == rpc::ErrorKind::nonce_too_low;
    log_(ok ? LogLevel::warn : LogLevel::error, ok ? "gap_filled" : "gap_fill_failed",
         field("nonce", std::to_string(nonce)) + "," + sfield("tx", hex_encode(hash.bytes)) + "," +
             sfield("error", sent.ok() ? std::string{} : sent.error().message));
  }
  return {};
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
           "," + sfield("totalCostWei", iv.total_cost_wei.to_dec()) + "," + sfield("serviceFee", open.service_fee.to_dec()));
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

Result<std::size_t> Executor::cycle() {
  LB_TRY_STATUS(follow());
  LB_TRY(enrollments, store_.active_enrollments(config_.chain_id));
  std::vector<Address> users;
  std::vector<const Enrollment*> by_user;
  for (const auto& e : enrollments) {
    LB_TRY(open, store_.open_intents_for_user(config_.chain_id, e.user));
    if (!open.empty()) continue;
    users.push_back(e.user);
    by_user.push_back(&e);
  }
  if (users.empty()) return std::size_t{0};
  LB_TRY(head, client_.block_number());
  LB_TRY(market, reader_.read_market(head));
  LB_TRY(reads, reader_.read_users(market, users));
  std::size_t started = 0;
  sent_this_cycle_ = 0;
  for (std::size_t i = 0; i < reads.size(); ++i) {
    if (!reads[i]) {
      log_(LogLevel::warn, "read_failed", sfield("user", users[i].to_checksum()) + "," + sfield("error", reads[i].error().to_string()));
      continue;
    }
    const auto& read = *reads[i];
    if (read.on_chain.health_factor >= by_user[i]->act_threshold) continue;
    auto p = protect(market, read, *by_user[i]);
    if (!p) {
      log_(LogLevel::error, "protect_failed", sfield("user", users[i].to_checksum()) + "," + sfield("error", p.error().to_string()));
      continue;
    }
    if (p->outcome == "sent") ++started;
  }
  return started;
}

Result<Protection> Executor::protect(const reader::Market& market, const reader::UserRead& read,
                                     const Enrollment& enrollment) {
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

  std::vector<actions::Call> calls;
  std::string strategy;
  u256 expected_hf;
  u256 fee;
  std::optional<Address> fee_asset;
  std::string why_not;
  // Transactions sent earlier in this cycle land first: each one is a block later at worst.
  const std::uint64_t delay = config_.delay_seconds * (1 + sent_this_cycle_);

  // 1. Repay on behalf with the executor's funds (largest debt first).
  if ((enrollment.strategies & kStrategyRepay) != 0) {
    for (const auto& position : snapshot.user.positions) {
      if (position.scaled_variable_debt.is_zero() || !calls.empty()) continue;
      LB_TRY(balance, read_uint(position.asset, actions::balance_of_calldata(me)));
      LB_TRY(allowance, read_uint(position.asset, actions::allowance_calldata(me, pool)));
      const bool needs_approve = allowance.is_zero();
      aave::PlanOptions options{delay + (needs_approve ? config_.delay_seconds : 0), balance};
      auto plan = aave::plan_repay(snapshot, position.asset, target, options);
      if (!plan) {
        why_not += "repay " + position.asset.to_checksum() + ": " + plan.error().message + "; ";
        continue;
      }
      auto funded = actions::plan_funded_action(actions::FundedKind::repay, pool, position.asset, plan->amount,
                                                enrollment.user, {balance, allowance}, actions::ApprovalPolicy::unlimited);
      if (!funded) {
        why_not += funded.error().message + "; ";
        continue;
      }
      if (funded->approve) calls.push_back(*funded->approve);
      calls.push_back(funded->action);
      strategy = "repay";
      expected_hf = plan->after.health_factor;
      LB_TRY(f, actions::service_fee(plan->amount, config_.service_fee_bps, config_.service_fee_cap));
      fee = f;
      fee_asset = position.asset;
    }
  }
  // 2. Supply on behalf with the executor's funds.
  if (calls.empty() && (enrollment.strategies & kStrategySupply) != 0) {
    for (const auto& reserve : snapshot.reserves) {
      if (!calls.empty()) break;
      LB_TRY(balance, read_uint(reserve.asset, actions::balance_of_calldata(me)));
      if (balance.is_zero()) continue;
      LB_TRY(allowance, read_uint(reserve.asset, actions::allowance_calldata(me, pool)));
      const bool needs_approve = allowance.is_zero();
      aave::PlanOptions options{delay + (needs_approve ? config_.delay_seconds : 0), balance};
      auto plan = aave::plan_supply(snapshot, reserve.asset, target, options);
      if (!plan) {
        why_not += "supply " + reserve.asset.to_checksum() + ": " + plan.error().message + "; ";
        continue;
      }
      auto funded = actions::plan_funded_action(actions::FundedKind::supply, pool, reserve.asset, plan->plan.amount,
                                                enrollment.user, {balance, allowance}, actions::ApprovalPolicy::unlimited);
      if (!funded) continue;
      if (funded->approve) calls.push_back(*funded->approve);
      calls.push_back(funded->action);
      strategy = "supply";
      expected_hf = plan->plan.after.health_factor;
      LB_TRY(f, actions::service_fee(plan->plan.amount, config_.service_fee_bps, config_.service_fee_cap));
      fee = f;
      fee_asset = reserve.asset;
    }
  }
  // 3. Flash-loan deleverage through the orchestrator (the user approved it on the aToken).
  if (calls.empty() && (enrollment.strategies & kStrategyDeleverage) != 0 && config_.orchestrator) {
    if (!premium_bps_) {
      rpc::CallRequest request;
      request.to = pool;
      request.data = Bytes{0x07, 0x4b, 0x2e, 0x43};  // FLASHLOAN_PREMIUM_TOTAL()
      LB_TRY(ret, client_.call(request, rpc::BlockTag::latest()));
      LB_TRY(premium, actions::decode_uint(ret));
      if (premium >= u256{10'000}) return make_error(Errc::decode, "executor: FLASHLOAN_PREMIUM_TOTAL out of range");
      premium_bps_ = static_cast<std::uint16_t>(premium.limbs[0]);
    }
    for (std::size_t ci = 0; ci < market.reserves.size() && calls.empty(); ++ci) {
      const auto* coll = [&]() -> const aave::Position* {
        for (const auto& p : snapshot.user.positions)
          if (p.asset == market.reserves[ci].asset && !p.scaled_atoken_balance.is_zero()) return &p;
        return nullptr;
      }();
      if (coll == nullptr) continue;
      LB_TRY(approved, read_uint(market.tokens[ci].a_token,
                                 actions::allowance_calldata(enrollment.user, *config_.orchestrator)));
      if (approved.is_zero()) continue;
      for (const auto& debt : snapshot.user.positions) {
        if (debt.scaled_variable_debt.is_zero() || debt.asset == coll->asset || !calls.empty()) continue;
        const auto* dr = snapshot.find_reserve(debt.asset);
        const auto* cr = snapshot.find_reserve(coll->asset);
        if (dr == nullptr || cr == nullptr || dr->price.is_zero()) continue;
        LB_TRY(swap_price, mul_div(cr->price, u256{kWad}, dr->price));
        aave::DeleverageParams params{debt.asset, coll->asset, swap_price, config_.slippage_bps,
                                      config_.service_fee_bps, *premium_bps_};
        auto plan = aave::plan_deleverage(snapshot, params, target, aave::PlanOptions{delay, std::nullopt});
        if (!plan) {
          why_not += "deleverage: " + plan.error().message + "; ";
          continue;
        }
        if (plan->withdraw_amount > approved) {
          why_not += "deleverage: aToken approval below the withdrawal; ";
          continue;
        }
        u256 capped_fee = plan->service_fee;
        if (!config_.service_fee_cap.is_zero() && capped_fee > config_.service_fee_cap) capped_fee = config_.service_fee_cap;
        LB_TRY(call, actions::deleverage_call(*config_.orchestrator,
                                              {enrollment.user, debt.asset, coll->asset, plan->flash_amount,
                                               plan->withdraw_amount, plan->swap_output_min, capped_fee, target}));
        calls.push_back(std::move(call));
        strategy = "deleverage";
        expected_hf = plan->after.health_factor;
        fee = capped_fee;
        fee_asset = debt.asset;
      }
    }
  }
  if (calls.empty()) {
    out.outcome = "skipped";
    out.reason = "no strategy reaches the target: " + why_not;
    log_(LogLevel::warn, "alert", sfield("user", user_text) + "," + sfield("reason", out.reason));
    return out;
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
  LB_TRY(fees, backend_.fee_quote());
  auto l1_params = fetch_l1_fee_params(client_);
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
    Transaction tx;
    tx.type = TxType::dynamic_fee;
    tx.chain_id = config_.chain_id;
    tx.max_fee_per_gas = fees.max_fee_per_gas;
    tx.max_priority_fee_per_gas = fees.max_priority_fee_per_gas;
    tx.to = calls[i].to;
    tx.data = calls[i].data;
    tx.value = calls[i].value;
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
    u256 l1_fee;
    if (l1_params) {
      auto estimate = l1_fee_unsigned(*l1_params, signing_payload(tx));
      if (estimate) l1_fee = *estimate;
    }
    if (is_action) open_[intent.id] = Open{enrollment.user, strategy, read.on_chain.health_factor, fee, fee_asset};
    LB_TRY(sent, sender_.submit(intent.id, tx, l1_fee));
    ++sent_this_cycle_;
    LB_TRY(attempts, store_.attempts(intent.id));
    if (!attempts.empty()) out.tx_hashes.push_back(attempts.back().tx_hash);
    log_(sent.alert ? LogLevel::warn : LogLevel::info, "sent",
         sfield("intent", intent.id) + "," + sfield("user", user_text) + "," + sfield("strategy", intent.strategy) + "," +
             field("nonce", std::to_string(nonce)) + "," + field("gasLimit", std::to_string(tx.gas_limit)) + "," +
             sfield("maxFeePerGas", tx.max_fee_per_gas.to_dec()) + "," + sfield("l1FeeEstimate", l1_fee.to_dec()) + "," +
             sfield("state", to_string(sent.state)) + "," + sfield("reason", sent.reason) + "," +
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
