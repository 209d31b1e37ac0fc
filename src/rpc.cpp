// JSON-RPC 2.0: strict value parsing, response and batch parsing, node error classification, and
// the multi-endpoint client.
#include <liquidbot/rpc.hpp>

#include "detail/rpc_json.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <unordered_map>

namespace liquidbot::rpc {

using detail::RpcObject;

// ---- strict values -------------------------------------------------------------------------------

namespace {

int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  out += text;
  out += '"';
  return out;
}

// Short, printable excerpt of untrusted text for error messages.
std::string excerpt(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 80)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  if (text.size() > 80) out += "...";
  return out;
}

}  // namespace

Result<u256> parse_quantity(std::string_view text) noexcept {
  const auto bad = [&](std::string_view why) {
    return make_error(Errc::invalid_argument, "quantity \"" + excerpt(text) + "\": " + std::string(why));
  };
  if (text.size() < 2 || text[0] != '0' || text[1] != 'x') return bad("expected 0x prefix");
  const std::string_view digits = text.substr(2);
  if (digits.empty()) return bad("no digits after 0x");
  if (digits.size() > 1 && digits[0] == '0') return bad("leading zero");
  if (digits.size() > 64) return bad("more than 256 bits");
  u256 value;
  for (char c : digits) {
    const int d = hex_digit(c);
    if (d < 0) return bad("invalid hex digit");
    value = (value << 4) | u256(static_cast<std::uint64_t>(d));
  }
  return value;
}

Result<std::uint64_t> parse_quantity_u64(std::string_view text) noexcept {
  LB_TRY(value, parse_quantity(text));
  if (!value.fits_u64()) return make_error(Errc::overflow, "quantity \"" + excerpt(text) + "\": exceeds 64 bits");
  return value.limbs[0];
}

Result<Bytes> parse_data(std::string_view text) {
  if (!text.starts_with("0x")) return make_error(Errc::invalid_argument, "data \"" + excerpt(text) + "\": expected 0x prefix");
  auto out = hex_decode(text);
  if (!out) return make_error(Errc::invalid_argument, "data: " + out.error().message);
  return std::move(out).value();
}

std::string format_quantity(const u256& value) {
  if (value.is_zero()) return "0x0";
  std::string hex = value.to_hex();
  std::string_view digits = hex;
  if (digits.starts_with("0x")) digits.remove_prefix(2);
  while (digits.size() > 1 && digits[0] == '0') digits.remove_prefix(1);
  return "0x" + std::string(digits);
}

std::string BlockTag::to_param() const {
  switch (kind) {
    case Kind::number: return format_quantity(u256(number));
    case Kind::latest: return "latest";
    case Kind::pending: return "pending";
    case Kind::safe: return "safe";
    case Kind::finalized: return "finalized";
    case Kind::earliest: return "earliest";
  }
  return "latest";
}

// ---- node errors ---------------------------------------------------------------------------------

std::string_view to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::other: return "other";
    case ErrorKind::replacement_underpriced: return "replacement_underpriced";
    case ErrorKind::underpriced: return "underpriced";
    case ErrorKind::nonce_too_low: return "nonce_too_low";
    case ErrorKind::nonce_too_high: return "nonce_too_high";
    case ErrorKind::insufficient_funds: return "insufficient_funds";
    case ErrorKind::intrinsic_gas_too_low: return "intrinsic_gas_too_low";
    case ErrorKind::execution_reverted: return "execution_reverted";
    case ErrorKind::fee_too_low: return "fee_too_low";
    case ErrorKind::base_fee_too_low: return "base_fee_too_low";
    case ErrorKind::already_known: return "already_known";
    case ErrorKind::rate_limited: return "rate_limited";
    case ErrorKind::batch_too_large: return "batch_too_large";
    case ErrorKind::method_not_found: return "method_not_found";
    case ErrorKind::invalid_params: return "invalid_params";
    case ErrorKind::timeout: return "timeout";
  }
  return "other";
}

ErrorKind classify(std::int64_t code, std::string_view message) noexcept {
  // Lowercase into a bounded stack buffer: node messages that matter are short.
  std::array<char, 512> buffer{};
  const std::size_t n = std::min(message.size(), buffer.size());
  for (std::size_t i = 0; i < n; ++i)
    buffer[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[i])));
  const std::string_view text(buffer.data(), n);
  const auto has = [&](std::string_view needle) { return text.find(needle) != std::string_view::npos; };
  // Message first, in the order of base-transactions.md §5.2 (base/base RpcErrorClassifier).
  if (has("replacement transaction underpriced") || has("replacement underpriced")) return ErrorKind::replacement_underpriced;
  if (has("underpriced")) return ErrorKind::underpriced;
  if (has("nonce too low")) return ErrorKind::nonce_too_low;
  if (has("nonce too high")) return ErrorKind::nonce_too_high;
  // Hardhat/EDR words the same refusal as "Sender doesn't have enough funds to send tx".
  if (has("insufficient funds") || has("doesn't have enough funds")) return ErrorKind::insufficient_funds;
  if (has("intrinsic gas too low")) return ErrorKind::intrinsic_gas_too_low;
  if (has("execution reverted") || has("revert")) return ErrorKind::execution_reverted;
  if (has("fee too low")) return ErrorKind::fee_too_low;
  if (has("max fee per gas less than block base fee")) return ErrorKind::base_fee_too_low;
  // Hardhat/EDR: "Known transaction: 0x…" (a prefix, so "unknown transaction …" does not match).
  if (has("already known") || has("transaction already in pool") || text.starts_with("known transaction:"))
    return ErrorKind::already_known;
  if (has("rate limit") || has("too many requests") || has("limit exceeded")) return ErrorKind::rate_limited;
  if (has("batch too large")) return ErrorKind::batch_too_large;
  if (has("timeout") || has("timed out")) return ErrorKind::timeout;
  // Then the code (codes overlap between clients, so they come second).
  switch (code) {
    case 3: return ErrorKind::execution_reverted;
    case -32005:
    case 429: return ErrorKind::rate_limited;
    case -32601: return ErrorKind::method_not_found;
    case -32602: return ErrorKind::invalid_params;
    default: return ErrorKind::other;
  }
}

std::string NodeError::to_string() const {
  std::string out = message;
  if (revert) out += ": " + revert->to_string();
  else if (data) out += ": data " + hex_encode(*data);
  out += " (code " + std::to_string(code) + ", " + std::string(rpc::to_string(kind)) + ")";
  return out;
}

Error NodeError::to_error(std::string_view method) const {
  return make_error(Errc::rpc, "rpc: " + std::string(method) + ": " + to_string());
}

namespace {

Result<NodeError> node_error_from(simdjson::dom::element element, std::span<const abi::Signature> custom_errors) {
  simdjson::dom::object object;
  if (element.get(object) != simdjson::SUCCESS)
    return make_error(Errc::decode, "rpc: error: not an object");
  NodeError out;
  simdjson::dom::element code;
  if (object["code"].get(code) != simdjson::SUCCESS) return make_error(Errc::decode, "rpc: error.code: missing");
  std::int64_t code_value = 0;
  if (code.get(code_value) != simdjson::SUCCESS) return make_error(Errc::decode, "rpc: error.code: not an integer");
  out.code = code_value;
  std::string_view message;
  if (object["message"].get(message) != simdjson::SUCCESS)
    return make_error(Errc::decode, "rpc: error.message: missing or not a string");
  out.message = std::string(message);
  out.kind = classify(out.code, out.message);
  simdjson::dom::element data;
  if (object["data"].get(data) == simdjson::SUCCESS && !data.is_null()) {
    std::string_view text;
    simdjson::dom::object nested;
    if (data.get(text) == simdjson::SUCCESS && text.starts_with("0x")) {
      auto bytes = parse_data(text);
      if (bytes) out.data = std::move(bytes).value();
      else out.data_json = quote(text);
    } else {
      out.data_json = simdjson::minify(data);
      // Hardhat/EDR nest the revert data: "data": {"message": "...", "data": "0x…"}.
      if (data.get(nested) == simdjson::SUCCESS && nested["data"].get(text) == simdjson::SUCCESS &&
          text.starts_with("0x")) {
        auto bytes = parse_data(text);
        if (bytes) out.data = std::move(bytes).value();
      }
    }
  }
  if (out.data && (out.kind == ErrorKind::execution_reverted || out.code == 3)) {
    auto revert = abi::decode_revert(*out.data, custom_errors);
    if (revert) out.revert = std::move(revert).value();
  }
  return out;
}

simdjson::dom::parser& thread_parser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

Result<simdjson::dom::element> parse_json(simdjson::dom::parser& parser, const char* data, std::size_t size,
                                          bool padded, std::string_view what) {
  simdjson::dom::element root;
  const auto error = parser.parse(data, size, !padded).get(root);
  if (error != simdjson::SUCCESS)
    return make_error(Errc::decode, "rpc: " + std::string(what) + ": invalid JSON (" + simdjson::error_message(error) +
                                        ") in \"" + excerpt({data, size}) + "\"");
  return root;
}

// One response object: checks jsonrpc and reads id; fills reply.
Result<std::uint64_t> reply_from(simdjson::dom::element element, Reply& reply,
                                 std::span<const abi::Signature> custom_errors) {
  simdjson::dom::object object;
  if (element.get(object) != simdjson::SUCCESS) return make_error(Errc::decode, "rpc: response is not an object");
  std::string_view version;
  if (object["jsonrpc"].get(version) != simdjson::SUCCESS || version != "2.0")
    return make_error(Errc::decode, "rpc: response: jsonrpc is not \"2.0\"");
  simdjson::dom::element id;
  std::uint64_t id_value = UINT64_MAX;
  if (object["id"].get(id) != simdjson::SUCCESS) return make_error(Errc::decode, "rpc: response: missing id");
  if (!id.is_null() && id.get(id_value) != simdjson::SUCCESS)
    return make_error(Errc::decode, "rpc: response: id is not an unsigned integer");
  simdjson::dom::element error;
  simdjson::dom::element result;
  const bool has_error = object["error"].get(error) == simdjson::SUCCESS && !error.is_null();
  const bool has_result = object["result"].get(result) == simdjson::SUCCESS;
  if (has_error) {
    LB_TRY(node_error, node_error_from(error, custom_errors));
    reply.error = std::move(node_error);
  } else if (has_result) {
    reply.result = simdjson::minify(result);
  } else {
    return make_error(Errc::decode, "rpc: response: neither result nor error");
  }
  return id_value;
}

Result<Reply> response_impl(const char* data, std::size_t size, bool padded, std::uint64_t id,
                            std::span<const abi::Signature> custom_errors) {
  LB_TRY(root, parse_json(thread_parser(), data, size, padded, "response"));
  Reply reply;
  LB_TRY(got, reply_from(root, reply, custom_errors));
  if (got != id) {
    // A null id with an error is how servers answer requests they could not parse.
    if (got == UINT64_MAX && reply.error) return reply;
    return make_error(Errc::decode, "rpc: response id " + std::to_string(got) + ", expected " + std::to_string(id));
  }
  return reply;
}

Result<std::vector<Reply>> batch_impl(const char* data, std::size_t size, bool padded, std::uint64_t first_id,
                                      std::size_t count, std::span<const abi::Signature> custom_errors) {
  LB_TRY(root, parse_json(thread_parser(), data, size, padded, "batch response"));
  std::vector<Reply> replies(count);
  if (!root.is_array()) {
    // One error object for the whole batch (e.g. -32600 empty batch, or a proxy's rate limit).
    Reply shared;
    LB_TRY(ignored, reply_from(root, shared, custom_errors));
    static_cast<void>(ignored);
    if (!shared.error) return make_error(Errc::decode, "rpc: batch response is a single result, expected an array");
    for (Reply& reply : replies) reply = shared;
    return replies;
  }
  std::vector<bool> seen(count, false);
  std::size_t index = 0;
  std::optional<NodeError> lone_error;  // a one-element answer carrying an error ("batch too large")
  simdjson::dom::array array = root.get_array().value_unsafe();
  const std::size_t elements = array.size();
  for (simdjson::dom::element element : array) {
    Reply reply;
    auto id = reply_from(element, reply, custom_errors);
    if (!id) return make_error(Errc::decode, id.error().message + " (batch element " + std::to_string(index) + ")");
    ++index;
    if (elements == 1 && count > 1 && reply.error) {
      lone_error = reply.error;
      if (*id < first_id || *id - first_id >= count) continue;
    }
    if (*id < first_id || *id - first_id >= count)
      return make_error(Errc::decode, "rpc: batch response has unknown id " + std::to_string(*id));
    const std::size_t slot = static_cast<std::size_t>(*id - first_id);
    if (seen[slot]) return make_error(Errc::decode, "rpc: batch response repeats id " + std::to_string(*id));
    seen[slot] = true;
    replies[slot] = std::move(reply);
  }
  for (std::size_t i = 0; i < count; ++i) {
    if (seen[i]) continue;
    if (lone_error) {
      replies[i].error = lone_error;
    } else {
      NodeError missing;
      missing.code = -32603;
      missing.message = "no response for id " + std::to_string(first_id + i) + " in batch";
      replies[i].error = std::move(missing);
    }
  }
  return replies;
}

}  // namespace

Result<NodeError> parse_node_error(std::string_view error_json, std::span<const abi::Signature> custom_errors) {
  simdjson::dom::parser parser;
  LB_TRY(root, parse_json(parser, error_json.data(), error_json.size(), false, "error"));
  return node_error_from(root, custom_errors);
}

Result<Reply> parse_response(std::string_view body, std::uint64_t id) {
  return response_impl(body.data(), body.size(), false, id, {});
}

Result<std::vector<Reply>> parse_batch_response(std::string_view body, std::uint64_t first_id, std::size_t count) {
  return batch_impl(body.data(), body.size(), false, first_id, count, {});
}

// ---- typed result parsing ------------------------------------------------------------------------

namespace {

Result<RpcObject> object_of(simdjson::dom::element element, std::string_view path) {
  simdjson::dom::object object;
  if (element.get(object) != simdjson::SUCCESS)
    return make_error(Errc::decode, "rpc: " + std::string(path) + ": not an object");
  return RpcObject(object, path);
}

Result<std::vector<Hash>> hash_list(const RpcObject& object, std::string_view key) {
  LB_TRY(array, object.array(key));
  std::vector<Hash> out;
  out.reserve(array.size());
  for (simdjson::dom::element item : array) {
    std::string_view text;
    if (item.get(text) != simdjson::SUCCESS) return object.field_error(key, "element is not a string");
    LB_TRY(hash, object.fixed_from<32>(text, key));
    out.push_back(hash);
  }
  return out;
}

Result<Log> log_from(simdjson::dom::element element) {
  LB_TRY(object, object_of(element, "log"));
  Log log;
  LB_TRY(address, object.address("address"));
  log.address = address;
  LB_TRY(topics, hash_list(object, "topics"));
  log.topics = std::move(topics);
  LB_TRY(data, object.data("data"));
  log.data = std::move(data);
  LB_TRY(block_number, object.quantity_u64("blockNumber"));
  log.block_number = block_number;
  LB_TRY(block_hash, object.fixed<32>("blockHash"));
  log.block_hash = block_hash;
  LB_TRY(tx_hash, object.fixed<32>("transactionHash"));
  log.transaction_hash = tx_hash;
  LB_TRY(tx_index, object.quantity_u64("transactionIndex"));
  log.transaction_index = tx_index;
  LB_TRY(log_index, object.quantity_u64("logIndex"));
  log.log_index = log_index;
  simdjson::dom::element removed;
  if (object.object()["removed"].get(removed) == simdjson::SUCCESS && removed.get(log.removed) != simdjson::SUCCESS)
    return object.field_error("removed", "not a boolean");
  return log;
}

Result<std::vector<Log>> logs_from(simdjson::dom::element element) {
  simdjson::dom::array array;
  if (element.get(array) != simdjson::SUCCESS) return make_error(Errc::decode, "rpc: logs: not an array");
  std::vector<Log> out;
  out.reserve(array.size());
  for (simdjson::dom::element item : array) {
    LB_TRY(log, log_from(item));
    out.push_back(std::move(log));
  }
  return out;
}

}  // namespace

Result<Block> parse_block(std::string_view result_json) {
  simdjson::dom::parser parser;
  LB_TRY(root, parse_json(parser, result_json.data(), result_json.size(), false, "block"));
  LB_TRY(object, object_of(root, "block"));
  Block block;
  LB_TRY(number, object.quantity_u64("number"));
  block.number = number;
  LB_TRY(hash, object.fixed<32>("hash"));
  block.hash = hash;
  LB_TRY(parent, object.fixed<32>("parentHash"));
  block.parent_hash = parent;
  LB_TRY(timestamp, object.quantity_u64("timestamp"));
  block.timestamp = timestamp;
  LB_TRY(gas_limit, object.quantity_u64("gasLimit"));
  block.gas_limit = gas_limit;
  LB_TRY(gas_used, object.quantity_u64("gasUsed"));
  block.gas_used = gas_used;
  if (object.has("baseFeePerGas")) {
    LB_TRY(base_fee, object.quantity("baseFeePerGas"));
    block.base_fee_per_gas = base_fee;
  }
  LB_TRY(transactions, hash_list(object, "transactions"));
  block.transactions = std::move(transactions);
  return block;
}

Result<FeeHistory> parse_fee_history(std::string_view result_json) {
  simdjson::dom::parser parser;
  LB_TRY(root, parse_json(parser, result_json.data(), result_json.size(), false, "feeHistory"));
  LB_TRY(object, object_of(root, "feeHistory"));
  FeeHistory out;
  LB_TRY(oldest, object.quantity_u64("oldestBlock"));
  out.oldest_block = oldest;
  LB_TRY(base_fees, object.array("baseFeePerGas"));
  for (simdjson::dom::element item : base_fees) {
    std::string_view text;
    if (item.get(text) != simdjson::SUCCESS) return object.field_error("baseFeePerGas", "element is not a string");
    auto fee = parse_quantity(text);
    if (!fee) return object.field_error("baseFeePerGas", fee.error().message);
    out.base_fee_per_gas.push_back(*fee);
  }
  LB_TRY(ratios, object.array("gasUsedRatio"));
  for (simdjson::dom::element item : ratios) {
    double ratio = 0;
    if (item.get(ratio) != simdjson::SUCCESS) return object.field_error("gasUsedRatio", "element is not a number");
    out.gas_used_ratio.push_back(ratio);
  }
  if (object.has("reward")) {
    LB_TRY(rewards, object.array("reward"));
    for (simdjson::dom::element row : rewards) {
      simdjson::dom::array cells;
      if (row.get(cells) != simdjson::SUCCESS) return object.field_error("reward", "row is not an array");
      std::vector<u256> values;
      for (simdjson::dom::element cell : cells) {
        std::string_view text;
        if (cell.get(text) != simdjson::SUCCESS) return object.field_error("reward", "element is not a string");
        auto reward = parse_quantity(text);
        if (!reward) return object.field_error("reward", reward.error().message);
        values.push_back(*reward);
      }
      out.reward.push_back(std::move(values));
    }
  }
  if (out.base_fee_per_gas.size() != out.gas_used_ratio.size() + 1)
    return object.field_error("baseFeePerGas", "expected one more entry than gasUsedRatio");
  return out;
}

Result<std::vector<Log>> parse_logs(std::string_view result_json) {
  simdjson::dom::parser parser;
  LB_TRY(root, parse_json(parser, result_json.data(), result_json.size(), false, "logs"));
  return logs_from(root);
}

Result<std::optional<Receipt>> parse_receipt(std::string_view result_json) {
  simdjson::dom::parser parser;
  LB_TRY(root, parse_json(parser, result_json.data(), result_json.size(), false, "receipt"));
  if (root.is_null()) return std::optional<Receipt>{};
  LB_TRY(object, object_of(root, "receipt"));
  Receipt out;
  LB_TRY(tx_hash, object.fixed<32>("transactionHash"));
  out.transaction_hash = tx_hash;
  LB_TRY(block_hash, object.fixed<32>("blockHash"));
  out.block_hash = block_hash;
  LB_TRY(block_number, object.quantity_u64("blockNumber"));
  out.block_number = block_number;
  LB_TRY(tx_index, object.quantity_u64("transactionIndex"));
  out.transaction_index = tx_index;
  LB_TRY(status, object.quantity_u64("status"));
  if (status > 1) return object.field_error("status", "expected 0x0 or 0x1");
  out.status = status == 1;
  LB_TRY(gas_used, object.quantity_u64("gasUsed"));
  out.gas_used = gas_used;
  LB_TRY(cumulative, object.quantity_u64("cumulativeGasUsed"));
  out.cumulative_gas_used = cumulative;
  LB_TRY(price, object.quantity("effectiveGasPrice"));
  out.effective_gas_price = price;
  if (object.has("contractAddress")) {
    LB_TRY(created, object.address("contractAddress"));
    out.contract_address = created;
  }
  if (object.has("l1Fee")) {
    LB_TRY(l1_fee, object.quantity("l1Fee"));
    out.l1_fee = l1_fee;
  }
  simdjson::dom::element logs;
  if (object.object()["logs"].get(logs) != simdjson::SUCCESS) return object.field_error("logs", "missing");
  LB_TRY(parsed_logs, logs_from(logs));
  out.logs = std::move(parsed_logs);
  return std::optional<Receipt>(std::move(out));
}

// ---- request JSON --------------------------------------------------------------------------------

std::string call_object_json(const CallRequest& tx) {
  std::string out = "{";
  const auto field = [&](std::string_view key, const std::string& value) {
    if (out.size() > 1) out += ',';
    out += '"';
    out += key;
    out += "\":\"";
    out += value;
    out += '"';
  };
  if (tx.from) field("from", tx.from->to_hex());
  if (tx.to) field("to", tx.to->to_hex());
  if (tx.gas) field("gas", format_quantity(u256(*tx.gas)));
  if (tx.gas_price) field("gasPrice", format_quantity(*tx.gas_price));
  if (tx.max_fee_per_gas) field("maxFeePerGas", format_quantity(*tx.max_fee_per_gas));
  if (tx.max_priority_fee_per_gas) field("maxPriorityFeePerGas", format_quantity(*tx.max_priority_fee_per_gas));
  if (tx.value) field("value", format_quantity(*tx.value));
  field("input", hex_encode(tx.data));
  out += '}';
  return out;
}

Result<std::string> state_overrides_json(const StateOverrides& overrides) {
  std::string out = "{";
  for (const auto& [address, account] : overrides) {
    if (!account.state.empty() && !account.state_diff.empty())
      return make_error(Errc::invalid_argument,
                        "rpc: state override for " + address.to_hex() + " has both state and stateDiff");
    if (out.size() > 1) out += ',';
    out += quote(address.to_hex()) + ":{";
    bool first = true;
    const auto sep = [&] {
      if (!first) out += ',';
      first = false;
    };
    if (account.balance) { sep(); out += "\"balance\":" + quote(format_quantity(*account.balance)); }
    if (account.nonce) { sep(); out += "\"nonce\":" + quote(format_quantity(u256(*account.nonce))); }
    if (account.code) { sep(); out += "\"code\":" + quote(hex_encode(*account.code)); }
    const auto slots = [&](std::string_view key, const std::map<Hash, Hash>& map) {
      if (map.empty()) return;
      sep();
      out += '"';
      out += key;
      out += "\":{";
      bool first_slot = true;
      for (const auto& [slot, value] : map) {
        if (!first_slot) out += ',';
        first_slot = false;
        out += quote(hex_encode(slot.view())) + ":" + quote(hex_encode(value.view()));
      }
      out += '}';
    };
    slots("state", account.state);
    slots("stateDiff", account.state_diff);
    out += '}';
  }
  out += '}';
  return out;
}

// ---- client --------------------------------------------------------------------------------------

namespace {

using Clock = std::chrono::steady_clock;

struct Endpoint {
  http::Client http;
  EndpointHealth health;
  Clock::time_point cooldown_until{};
};

std::string request_json(std::uint64_t id, std::string_view method, std::string_view params) {
  std::string out;
  out.reserve(48 + method.size() + params.size());
  out += "{\"jsonrpc\":\"2.0\",\"id\":";
  out += std::to_string(id);
  out += ",\"method\":\"";
  out += method;
  out += "\",\"params\":";
  out += params.empty() ? std::string_view("[]") : params;
  out += '}';
  return out;
}

// Unwraps a reply's result as a JSON string value ("\"0x1\"" -> 0x1).
Result<std::string_view> result_string(const Reply& reply, std::string_view method) {
  const std::string_view text = reply.result;
  if (text.size() < 2 || text.front() != '"' || text.back() != '"')
    return make_error(Errc::decode, "rpc: " + std::string(method) + ": result is not a string: " + excerpt(text));
  return text.substr(1, text.size() - 2);
}

}  // namespace

struct Client::Impl {
  std::vector<Endpoint> endpoints;
  ClientOptions options;
  std::uint64_t next_id = 1;

  // Endpoint indexes, healthiest first; cooling-down endpoints last (still tried as a last resort).
  std::vector<std::size_t> order() const {
    std::vector<std::size_t> out(endpoints.size());
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = i;
    const auto now = Clock::now();
    std::stable_sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) {
      const Endpoint& x = endpoints[a];
      const Endpoint& y = endpoints[b];
      const bool cx = x.cooldown_until > now;
      const bool cy = y.cooldown_until > now;
      if (cx != cy) return !cx;
      if (x.health.consecutive_failures != y.health.consecutive_failures)
        return x.health.consecutive_failures < y.health.consecutive_failures;
      return x.health.latency_ewma_ms < y.health.latency_ewma_ms;
    });
    return out;
  }

  void record_success(Endpoint& endpoint, std::chrono::nanoseconds latency) {
    EndpointHealth& h = endpoint.health;
    ++h.requests;
    h.consecutive_failures = 0;
    h.last_latency = latency;
    const double ms = static_cast<double>(latency.count()) / 1e6;
    h.latency_ewma_ms = h.requests == 1 ? ms : 0.8 * h.latency_ewma_ms + 0.2 * ms;
    endpoint.cooldown_until = {};
  }

  void record_failure(Endpoint& endpoint) {
    EndpointHealth& h = endpoint.health;
    ++h.requests;
    ++h.failures;
    ++h.consecutive_failures;
    if (h.consecutive_failures >= options.failures_before_cooldown)
      endpoint.cooldown_until = Clock::now() + options.cooldown;
  }

  Result<Reply> single(std::string_view method, std::string_view params) {
    const std::uint64_t id = next_id++;
    const std::string body = request_json(id, method, params);
    Error last = make_error(Errc::io, "rpc: no endpoints");
    for (std::size_t index : order()) {
      Endpoint& endpoint = endpoints[index];
      auto response = endpoint.http.post(body);
      if (!response) {
        record_failure(endpoint);
        last = make_error(response.error().code, "rpc: " + std::string(method) + ": " + response.error().message);
        continue;
      }
      auto reply = response_impl(response->body.data(), response->body.size(), true, id, options.custom_errors);
      if (!reply) {
        record_failure(endpoint);
        last = make_error(reply.error().code, reply.error().message + " (" + endpoint.http.url() + ", " +
                                                  std::string(method) + ")");
        continue;
      }
      if (reply->error && reply->error->kind == ErrorKind::rate_limited) {
        record_failure(endpoint);
        last = reply->error->to_error(method);
        continue;
      }
      record_success(endpoint, response->elapsed);
      return std::move(reply).value();
    }
    return last;
  }

  // Sends the requests in chunks of max_batch, concurrently; a chunk the endpoint calls too large is
  // split in halves and resent; chunks that fail in transport or parsing move on to the next endpoint.
  Result<std::vector<Reply>> batch(std::span<const Request> requests) {
    std::vector<Reply> replies(requests.size());
    const std::size_t chunk = std::max<std::size_t>(options.max_batch, 1);
    struct Chunk {
      std::size_t begin = 0;
      std::size_t count = 0;
      std::uint64_t first_id = 0;
      std::string body;
    };
    const auto make_chunk = [&](std::size_t begin, std::size_t count) {
      Chunk c;
      c.begin = begin;
      c.count = count;
      c.first_id = next_id;
      next_id += count;
      c.body = "[";
      for (std::size_t i = 0; i < count; ++i) {
        if (i != 0) c.body += ',';
        const Request& r = requests[begin + i];
        c.body += request_json(c.first_id + i, r.method, r.params);
      }
      c.body += ']';
      return c;
    };
    std::vector<Chunk> pending;
    for (std::size_t begin = 0; begin < requests.size(); begin += chunk)
      pending.push_back(make_chunk(begin, std::min(chunk, requests.size() - begin)));
    const auto too_large = [](const std::vector<Reply>& parsed) {
      return std::all_of(parsed.begin(), parsed.end(), [](const Reply& r) {
        return r.error && r.error->kind == ErrorKind::batch_too_large;
      });
    };
    Error last = make_error(Errc::io, "rpc: no endpoints");
    for (std::size_t index : order()) {
      if (pending.empty()) break;
      Endpoint& endpoint = endpoints[index];
      std::vector<Chunk> failed;
      bool any_ok = false;
      while (!pending.empty()) {
        std::vector<std::string_view> bodies;
        bodies.reserve(pending.size());
        for (const Chunk& c : pending) bodies.push_back(c.body);
        auto responses = endpoint.http.post_many(bodies);
        std::vector<Chunk> halves;  // chunks the endpoint called too large, split in two
        for (std::size_t k = 0; k < pending.size(); ++k) {
          Chunk& c = pending[k];
          auto& response = responses[k];
          if (!response) {
            last = make_error(response.error().code, "rpc: batch: " + response.error().message);
            failed.push_back(std::move(c));
            continue;
          }
          auto parsed = batch_impl(response->body.data(), response->body.size(), true, c.first_id, c.count,
                                   options.custom_errors);
          if (!parsed) {
            last = make_error(parsed.error().code, parsed.error().message + " (" + endpoint.http.url() + ", batch)");
            failed.push_back(std::move(c));
            continue;
          }
          any_ok = true;
          record_success(endpoint, response->elapsed);
          if (c.count > 1 && too_large(*parsed)) {
            const std::size_t half = c.count / 2;
            halves.push_back(make_chunk(c.begin, half));
            halves.push_back(make_chunk(c.begin + half, c.count - half));
            continue;
          }
          for (std::size_t i = 0; i < c.count; ++i) replies[c.begin + i] = std::move((*parsed)[i]);
        }
        pending = std::move(halves);
      }
      if (!failed.empty() && !any_ok) record_failure(endpoint);
      pending = std::move(failed);
    }
    if (!pending.empty()) return last;
    return replies;
  }
};

Result<Client> Client::connect(std::vector<std::string> urls, ClientOptions options) {
  if (urls.empty()) return make_error(Errc::invalid_argument, "rpc: no endpoint URLs given");
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  for (std::string& url : urls) {
    auto http_client = http::Client::create(url, impl->options.http);
    if (!http_client) return std::move(http_client).error();
    Endpoint endpoint{std::move(http_client).value(), {}, {}};
    endpoint.health.url = url;
    impl->endpoints.push_back(std::move(endpoint));
  }
  Client client(std::move(impl));
  if (client.impl_->options.expected_chain_id) {
    const std::uint64_t expected = *client.impl_->options.expected_chain_id;
    for (Endpoint& endpoint : client.impl_->endpoints) {
      const std::uint64_t id = client.impl_->next_id++;
      auto response = endpoint.http.post(request_json(id, "eth_chainId", "[]"));
      if (!response) return make_error(response.error().code, "rpc: connect: " + response.error().message);
      auto reply = response_impl(response->body.data(), response->body.size(), true, id, {});
      if (!reply) return make_error(reply.error().code, "rpc: connect " + endpoint.health.url + ": " + reply.error().message);
      if (reply->error) return reply->error->to_error("eth_chainId (" + endpoint.health.url + ")");
      LB_TRY(text, result_string(*reply, "eth_chainId"));
      LB_TRY(chain, parse_quantity_u64(text));
      if (chain != expected)
        return make_error(Errc::state, "rpc: " + endpoint.health.url + ": chain id " + std::to_string(chain) +
                                           ", expected " + std::to_string(expected));
    }
  }
  return client;
}

Client::Client(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;
Client::~Client() = default;

Result<Reply> Client::request(std::string_view method, std::string_view params_json) {
  return impl_->single(method, params_json);
}

Result<std::vector<Reply>> Client::batch(std::span<const Request> requests) {
  if (requests.empty()) return std::vector<Reply>{};
  return impl_->batch(requests);
}

namespace {

// Runs a call whose result must be a success; node errors become Errc::rpc.
Result<Reply> checked(Client& client, std::string_view method, std::string_view params, NodeError* node_error) {
  LB_TRY(reply, client.request(method, params));
  if (reply.error) {
    if (node_error != nullptr) *node_error = *reply.error;
    return reply.error->to_error(method);
  }
  return reply;
}

Result<u256> quantity_call(Client& client, std::string_view method, std::string_view params) {
  LB_TRY(reply, checked(client, method, params, nullptr));
  LB_TRY(text, result_string(reply, method));
  auto value = parse_quantity(text);
  if (!value) return make_error(Errc::decode, "rpc: " + std::string(method) + ": " + value.error().message);
  return *value;
}

Result<std::uint64_t> u64_call(Client& client, std::string_view method, std::string_view params) {
  LB_TRY(value, quantity_call(client, method, params));
  if (!value.fits_u64()) return make_error(Errc::overflow, "rpc: " + std::string(method) + ": result exceeds 64 bits");
  return value.limbs[0];
}

}  // namespace

Result<std::uint64_t> Client::chain_id() { return u64_call(*this, "eth_chainId", "[]"); }
Result<std::uint64_t> Client::block_number() { return u64_call(*this, "eth_blockNumber", "[]"); }
Result<u256> Client::gas_price() { return quantity_call(*this, "eth_gasPrice", "[]"); }
Result<u256> Client::max_priority_fee_per_gas() { return quantity_call(*this, "eth_maxPriorityFeePerGas", "[]"); }

Result<std::uint64_t> Client::get_transaction_count(const Address& account, BlockTag block) {
  return u64_call(*this, "eth_getTransactionCount", "[" + quote(account.to_hex()) + "," + quote(block.to_param()) + "]");
}

Result<std::optional<Block>> Client::get_block_by_number(BlockTag block) {
  LB_TRY(reply, checked(*this, "eth_getBlockByNumber", "[" + quote(block.to_param()) + ",false]", nullptr));
  if (reply.result == "null") return std::optional<Block>{};
  LB_TRY(parsed, parse_block(reply.result));
  return std::optional<Block>(std::move(parsed));
}

Result<Bytes> Client::call(const CallRequest& tx, BlockTag block, const StateOverrides* overrides,
                           NodeError* node_error) {
  std::string params = "[" + call_object_json(tx) + "," + quote(block.to_param());
  if (overrides != nullptr && !overrides->empty()) {
    LB_TRY(json, state_overrides_json(*overrides));
    params += "," + json;
  }
  params += "]";
  LB_TRY(reply, checked(*this, "eth_call", params, node_error));
  LB_TRY(text, result_string(reply, "eth_call"));
  auto data = parse_data(text);
  if (!data) return make_error(Errc::decode, "rpc: eth_call: " + data.error().message);
  return std::move(data).value();
}

Result<std::uint64_t> Client::estimate_gas(const CallRequest& tx, BlockTag block, NodeError* node_error) {
  LB_TRY(reply, checked(*this, "eth_estimateGas", "[" + call_object_json(tx) + "," + quote(block.to_param()) + "]",
                        node_error));
  LB_TRY(text, result_string(reply, "eth_estimateGas"));
  return parse_quantity_u64(text);
}

Result<FeeHistory> Client::fee_history(std::uint64_t block_count, BlockTag newest, std::span<const double> percentiles) {
  std::string params = "[" + quote(format_quantity(u256(block_count))) + "," + quote(newest.to_param()) + ",[";
  for (std::size_t i = 0; i < percentiles.size(); ++i) {
    if (!(percentiles[i] >= 0.0 && percentiles[i] <= 100.0))
      return make_error(Errc::invalid_argument, "rpc: eth_feeHistory: percentile outside [0, 100]");
    if (i != 0 && percentiles[i] < percentiles[i - 1])
      return make_error(Errc::invalid_argument, "rpc: eth_feeHistory: percentiles must be ascending");
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%s%.6g", i == 0 ? "" : ",", percentiles[i]);
    params += buffer;
  }
  params += "]]";
  LB_TRY(reply, checked(*this, "eth_feeHistory", params, nullptr));
  return parse_fee_history(reply.result);
}

Result<Hash> Client::send_raw_transaction(ByteView raw, NodeError* node_error) {
  LB_TRY(reply, checked(*this, "eth_sendRawTransaction", "[" + quote(hex_encode(raw)) + "]", node_error));
  LB_TRY(text, result_string(reply, "eth_sendRawTransaction"));
  if (text.size() != 66 || !text.starts_with("0x"))
    return make_error(Errc::decode, "rpc: eth_sendRawTransaction: result is not a 32-byte hash");
  Hash hash;
  LB_TRY_STATUS(hex_decode_into(text, hash.bytes));
  return hash;
}

Result<std::optional<Receipt>> Client::get_transaction_receipt(const Hash& tx_hash) {
  LB_TRY(reply, checked(*this, "eth_getTransactionReceipt", "[" + quote(hex_encode(tx_hash.view())) + "]", nullptr));
  return parse_receipt(reply.result);
}

Result<std::vector<Log>> Client::get_logs(const LogFilter& filter) {
  if (filter.to_block < filter.from_block)
    return make_error(Errc::invalid_argument, "rpc: eth_getLogs: toBlock before fromBlock");
  std::string params = "[{\"fromBlock\":" + quote(format_quantity(u256(filter.from_block))) +
                       ",\"toBlock\":" + quote(format_quantity(u256(filter.to_block)));
  if (!filter.addresses.empty()) {
    params += ",\"address\":[";
    for (std::size_t i = 0; i < filter.addresses.size(); ++i)
      params += (i == 0 ? "" : ",") + quote(filter.addresses[i].to_hex());
    params += "]";
  }
  if (!filter.topics.empty()) {
    params += ",\"topics\":[";
    for (std::size_t i = 0; i < filter.topics.size(); ++i) {
      if (i != 0) params += ',';
      if (filter.topics[i].empty()) {
        params += "null";
        continue;
      }
      params += '[';
      for (std::size_t j = 0; j < filter.topics[i].size(); ++j)
        params += (j == 0 ? "" : ",") + quote(hex_encode(filter.topics[i][j].view()));
      params += ']';
    }
    params += "]";
  }
  params += "}]";
  LB_TRY(reply, checked(*this, "eth_getLogs", params, nullptr));
  return parse_logs(reply.result);
}

std::vector<EndpointHealth> Client::health() const {
  std::vector<EndpointHealth> out;
  const auto now = Clock::now();
  for (const Endpoint& endpoint : impl_->endpoints) {
    EndpointHealth h = endpoint.health;
    h.cooling_down = endpoint.cooldown_until > now;
    out.push_back(std::move(h));
  }
  return out;
}

const ClientOptions& Client::options() const noexcept { return impl_->options; }

}  // namespace liquidbot::rpc
