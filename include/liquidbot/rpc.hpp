// Ethereum JSON-RPC 2.0 client: single and batch calls over liquidbot::http, strict quantity and
// data parsing, node errors kept as code + message + revert data (decoded and classified), several
// endpoints with failover and health tracking, and the chain id checked at connect time.
#pragma once

#include <liquidbot/abi.hpp>
#include <liquidbot/address.hpp>
#include <liquidbot/bytes.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/fixed_bytes.hpp>
#include <liquidbot/http.hpp>
#include <liquidbot/u256.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace liquidbot::rpc {

// ---- strict value parsing ------------------------------------------------------------------------

/// QUANTITY: "0x" then 1-64 lowercase-or-uppercase hex digits, no leading zeros except "0x0".
/// Rejected: "0x", "0x01", "0X1", "1", "", signs, spaces, more than 256 bits.
LIQUIDBOT_API Result<u256> parse_quantity(std::string_view text) noexcept;
/// parse_quantity, then checks the value fits 64 bits.
LIQUIDBOT_API Result<std::uint64_t> parse_quantity_u64(std::string_view text) noexcept;
/// DATA: "0x" then an even number of hex digits ("0x" is empty data).
LIQUIDBOT_API Result<Bytes> parse_data(std::string_view text);
/// "0x" + minimal lowercase hex ("0x0" for zero).
LIQUIDBOT_API std::string format_quantity(const u256& value);

// ---- node errors ---------------------------------------------------------------------------------

/// Classification of a node error, matched on the lowercase message in the order of
/// base-transactions.md §5.2 (replacement underpriced before underpriced, ...), then on the code.
enum class ErrorKind : std::uint8_t {
  other,
  replacement_underpriced,
  underpriced,
  nonce_too_low,
  nonce_too_high,
  insufficient_funds,
  intrinsic_gas_too_low,
  execution_reverted,
  fee_too_low,
  base_fee_too_low,        ///< max fee per gas less than block base fee
  already_known,           ///< already known / transaction already in pool (treat as sent)
  rate_limited,            ///< -32005, "rate limit", "too many requests"
  batch_too_large,
  method_not_found,        ///< -32601
  invalid_params,          ///< -32602
  timeout,                 ///< -32002 / "timeout"
};
LIQUIDBOT_API std::string_view to_string(ErrorKind kind) noexcept;
LIQUIDBOT_API ErrorKind classify(std::int64_t code, std::string_view message) noexcept;

/// An error object the node returned.
struct NodeError {
  std::int64_t code = 0;
  std::string message;
  std::optional<Bytes> data;          ///< hex `data` field (revert bytes), when present
  std::string data_json;              ///< `data` as raw JSON when it is not hex
  ErrorKind kind = ErrorKind::other;
  std::optional<abi::Revert> revert;  ///< decoded `data` when it is revert data

  /// "execution reverted: Error(\"...\") (code 3, execution_reverted)".
  [[nodiscard]] LIQUIDBOT_API std::string to_string() const;
  /// Errc::rpc with to_string() prefixed by the method.
  [[nodiscard]] LIQUIDBOT_API Error to_error(std::string_view method) const;
};

/// Parses a JSON-RPC error object (text of `{"code":..,"message":..,"data":..}`), decoding revert
/// data (against `custom_errors`) and classifying it.
LIQUIDBOT_API Result<NodeError> parse_node_error(std::string_view error_json,
                                                 std::span<const abi::Signature> custom_errors = {});

// ---- responses -----------------------------------------------------------------------------------

/// One response: `result` as raw JSON text, or the node's error.
struct Reply {
  std::string result;  ///< raw JSON of "result" (e.g. "\"0x1\"", "{...}", "null")
  std::optional<NodeError> error;
  [[nodiscard]] bool ok() const noexcept { return !error.has_value(); }
};

/// Parses a single response body (an object with "jsonrpc":"2.0") whose id must equal `id`.
LIQUIDBOT_API Result<Reply> parse_response(std::string_view body, std::uint64_t id);
/// Parses a batch response for requests with ids first_id .. first_id+count-1: any order; a
/// response missing for an id becomes a Reply with a NodeError naming the missing id (or the
/// single error a one-element "batch too large" answer carried); a non-array body that is an error
/// object applies to all; duplicated or unknown ids and anything malformed are errors.
LIQUIDBOT_API Result<std::vector<Reply>> parse_batch_response(std::string_view body, std::uint64_t first_id,
                                                              std::size_t count);

// ---- typed request and result shapes -------------------------------------------------------------

/// Block parameter: a number or a tag.
struct BlockTag {
  enum class Kind : std::uint8_t { number, latest, pending, safe, finalized, earliest };
  Kind kind = Kind::latest;
  std::uint64_t number = 0;
  static BlockTag at(std::uint64_t n) noexcept { return {Kind::number, n}; }
  static BlockTag latest() noexcept { return {}; }
  static BlockTag pending() noexcept { return {Kind::pending, 0}; }
  /// "0x1a" or "latest", ... (JSON string without quotes).
  [[nodiscard]] LIQUIDBOT_API std::string to_param() const;
};

/// eth_call / eth_estimateGas transaction object (fields left empty are omitted).
struct CallRequest {
  std::optional<Address> from;
  std::optional<Address> to;
  std::optional<std::uint64_t> gas;
  std::optional<u256> gas_price;
  std::optional<u256> max_fee_per_gas;
  std::optional<u256> max_priority_fee_per_gas;
  std::optional<u256> value;
  Bytes data;
};

/// One account's state override (eth_call third parameter). `state` replaces all storage,
/// `state_diff` patches slots; giving both is rejected.
struct AccountOverride {
  std::optional<u256> balance;
  std::optional<std::uint64_t> nonce;
  std::optional<Bytes> code;
  std::map<Hash, Hash> state;
  std::map<Hash, Hash> state_diff;
};
using StateOverrides = std::map<Address, AccountOverride>;

struct Block {
  std::uint64_t number = 0;
  Hash hash;
  Hash parent_hash;
  std::uint64_t timestamp = 0;
  std::uint64_t gas_limit = 0;
  std::uint64_t gas_used = 0;
  std::optional<u256> base_fee_per_gas;
  std::vector<Hash> transactions;  ///< hashes (full objects are not requested)
};

struct FeeHistory {
  std::uint64_t oldest_block = 0;
  std::vector<u256> base_fee_per_gas;  ///< block_count + 1 entries
  std::vector<double> gas_used_ratio;
  std::vector<std::vector<u256>> reward;  ///< per block, per percentile
};

struct Log {
  Address address;
  std::vector<Hash> topics;
  Bytes data;
  std::uint64_t block_number = 0;
  Hash block_hash;
  Hash transaction_hash;
  std::uint64_t transaction_index = 0;
  std::uint64_t log_index = 0;
  bool removed = false;
};

struct Receipt {
  Hash transaction_hash;
  Hash block_hash;
  std::uint64_t block_number = 0;
  std::uint64_t transaction_index = 0;
  bool status = false;
  std::uint64_t gas_used = 0;
  std::uint64_t cumulative_gas_used = 0;
  u256 effective_gas_price;
  std::optional<Address> contract_address;
  std::optional<u256> l1_fee;  ///< OP-stack receipts
  std::vector<Log> logs;
};

struct LogFilter {
  std::uint64_t from_block = 0;
  std::uint64_t to_block = 0;
  std::vector<Address> addresses;
  /// Per position: empty = any, else one of these topics.
  std::vector<std::vector<Hash>> topics;
};

LIQUIDBOT_API Result<Block> parse_block(std::string_view result_json);
LIQUIDBOT_API Result<FeeHistory> parse_fee_history(std::string_view result_json);
LIQUIDBOT_API Result<std::vector<Log>> parse_logs(std::string_view result_json);
/// "null" (not yet mined) gives nullopt.
LIQUIDBOT_API Result<std::optional<Receipt>> parse_receipt(std::string_view result_json);

// ---- the client ----------------------------------------------------------------------------------

struct ClientOptions {
  http::Options http;
  /// When set, connect() rejects endpoints reporting another eth_chainId.
  std::optional<std::uint64_t> expected_chain_id;
  std::size_t max_batch = 100;           ///< larger batches are split
  int failures_before_cooldown = 3;      ///< consecutive failures that bench an endpoint
  std::chrono::milliseconds cooldown{5000};
  /// Custom errors tried when decoding revert data (Aave's, the executor's, ...).
  std::vector<abi::Signature> custom_errors;
};

/// Health of one endpoint.
struct EndpointHealth {
  std::string url;
  std::uint64_t requests = 0;
  std::uint64_t failures = 0;
  int consecutive_failures = 0;
  std::chrono::nanoseconds last_latency{0};
  double latency_ewma_ms = 0;  ///< exponentially weighted, alpha 0.2
  bool cooling_down = false;
};

/// One request of a batch.
struct Request {
  std::string method;
  std::string params;  ///< JSON array text, e.g. "[\"0x1\",false]"
};

/// JSON-RPC client over one or more endpoints: requests go to the healthiest endpoint (fewest
/// consecutive failures, then lowest latency); a transport failure or rate limit moves on to the
/// next one; an endpoint with `failures_before_cooldown` consecutive failures rests for
/// `cooldown`. Node errors (a valid JSON-RPC error) are answers, not endpoint failures.
/// Not thread-safe.
class LIQUIDBOT_API Client {
 public:
  /// Creates a client and, when expected_chain_id is set, checks eth_chainId on every endpoint
  /// ("rpc: http://...: chain id 1, expected 8453"). Unreachable endpoints are an error.
  static Result<Client> connect(std::vector<std::string> urls, ClientOptions options = {});

  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  ~Client();

  /// Raw call: the reply (result JSON or node error). Errors are transport/protocol failures.
  Result<Reply> request(std::string_view method, std::string_view params_json);
  /// Batch: replies in request order (split into max_batch chunks, sent concurrently).
  Result<std::vector<Reply>> batch(std::span<const Request> requests);

  // Typed calls. A node error becomes Errc::rpc (NodeError::to_error); pass `node_error` to get
  // the structured error as well.
  Result<std::uint64_t> chain_id();
  Result<std::uint64_t> block_number();
  /// nullopt when the node does not know the block.
  Result<std::optional<Block>> get_block_by_number(BlockTag block);
  Result<Bytes> call(const CallRequest& tx, BlockTag block, const StateOverrides* overrides = nullptr,
                     NodeError* node_error = nullptr);
  Result<std::uint64_t> estimate_gas(const CallRequest& tx, BlockTag block, NodeError* node_error = nullptr);
  Result<FeeHistory> fee_history(std::uint64_t block_count, BlockTag newest, std::span<const double> percentiles);
  Result<u256> gas_price();
  Result<u256> max_priority_fee_per_gas();
  Result<std::uint64_t> get_transaction_count(const Address& account, BlockTag block);
  Result<Hash> send_raw_transaction(ByteView raw, NodeError* node_error = nullptr);
  Result<std::optional<Receipt>> get_transaction_receipt(const Hash& tx_hash);
  Result<std::vector<Log>> get_logs(const LogFilter& filter);

  [[nodiscard]] std::vector<EndpointHealth> health() const;
  [[nodiscard]] const ClientOptions& options() const noexcept;

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

/// JSON text of an eth_call transaction object (used by Client::call; exposed for batches).
LIQUIDBOT_API std::string call_object_json(const CallRequest& tx);
/// JSON text of a state override object; errors when an account has both state and stateDiff.
LIQUIDBOT_API Result<std::string> state_overrides_json(const StateOverrides& overrides);

}  // namespace liquidbot::rpc
