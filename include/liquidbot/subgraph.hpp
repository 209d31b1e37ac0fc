// Borrower discovery for Aave V3: the Aave subgraph (GraphQL over liquidbot::http, cursor
// pagination with `id_gt` + `orderBy: id`, every page pinned to one indexed block, staleness checked
// against the chain head) and, when the subgraph is down or stale, the Pool's `Borrow` events read
// with eth_getLogs over bounded block ranges. The subgraph is only a candidate list: exact state
// always comes from the chain (reader.hpp).
#pragma once

#include <liquidbot/address.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/fixed_bytes.hpp>
#include <liquidbot/http.hpp>
#include <liquidbot/keccak.hpp>
#include <liquidbot/rpc.hpp>
#include <liquidbot/u256.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace liquidbot::subgraph {

/// The Graph serves at most 1000 entities per list field; pages below 500 only add round trips.
inline constexpr std::uint32_t kMinPageSize = 500;
inline constexpr std::uint32_t kMaxPageSize = 1000;
/// Nested `reserves` list of a user (Aave V3 has at most 128 reserves).
inline constexpr std::uint32_t kMaxUserReserves = 128;

struct Config {
  /// Endpoint: a plain URL (stand-in, self-hosted graph-node) or the gateway form built by
  /// gateway_url() with the key in the path.
  std::string url;
  /// When non-empty, sent as `Authorization: Bearer <key>`.
  std::string api_key;
  std::uint32_t page_size = kMaxPageSize;  ///< `first` of every page: 500..1000
  /// Largest accepted gap between the chain head and the subgraph's indexed block.
  std::uint64_t max_lag_blocks = 50;
  /// Attempts per page for answers that came back 200 but unusable (GraphQL errors, malformed or
  /// truncated JSON); 429/5xx/network errors are retried by the transport (http.max_attempts).
  int page_attempts = 3;
  http::Options http;

  /// Errors: invalid_argument for an empty URL, a page size outside 500..1000, page_attempts < 1.
  [[nodiscard]] LIQUIDBOT_API Status validate() const;
};

/// "https://gateway.thegraph.com/api/<key>/subgraphs/id/<id>" (host without a trailing slash).
/// Errors: invalid_argument when the key or id is empty or holds characters outside [A-Za-z0-9_-].
LIQUIDBOT_API Result<std::string> gateway_url(std::string_view api_key, std::string_view subgraph_id,
                                              std::string_view host = "https://gateway.thegraph.com");

/// One UserReserve row of a borrower.
struct UserReserve {
  Address asset;                       ///< reserve.underlyingAsset
  u256 scaled_a_token_balance;
  u256 scaled_variable_debt;
  bool collateral = false;             ///< usageAsCollateralEnabledOnUser
};

struct Borrower {
  Address user;
  std::uint32_t borrowed_reserves_count = 0;
  std::uint8_t emode = 0;              ///< eModeCategoryId.id, 0 when null
  std::vector<UserReserve> reserves;
};

/// One parsed `users` page.
struct Page {
  std::vector<Borrower> borrowers;     ///< ids strictly ascending
  std::uint64_t block = 0;             ///< _meta.block.number
  bool has_indexing_errors = false;
};

/// Request body (JSON with "query") for one borrowers page: users with borrowedReservesCount > 0,
/// id > `last_id` ("" for the first page), ordered by id, `first: page_size`, pinned to `block`
/// (nullopt: the subgraph's latest indexed block). `last_id` must be "" or a lowercase address.
LIQUIDBOT_API std::string borrowers_request(std::string_view last_id, std::optional<std::uint64_t> block,
                                            std::uint32_t page_size);
/// Request body asking only for `_meta { block { number } hasIndexingErrors }`.
LIQUIDBOT_API std::string meta_request();

/// Parses a borrowers page strictly: `errors` present -> Errc::rpc with the messages (partial
/// data is not used); missing/ill-typed fields, ids that are not lowercase addresses or not
/// strictly ascending, BigInts that are not decimal uint256, counts out of range -> Errc::decode
/// naming the field ("subgraph: data.users[3].reserves[1].scaledVariableDebt: ...").
/// More than `max_users` users is an error (the page cannot exceed its `first`).
LIQUIDBOT_API Result<Page> parse_borrowers_page(std::string_view body, std::uint32_t max_users = kMaxPageSize);
/// The same on a transport buffer (parsed in place, no copy).
LIQUIDBOT_API Result<Page> parse_borrowers_page(const http::PaddedBuffer& body,
                                                std::uint32_t max_users = kMaxPageSize);
/// Parses a meta_request() answer: the indexed block number and hasIndexingErrors.
LIQUIDBOT_API Result<Page> parse_meta(std::string_view body);

/// One `Reserve` entity of the Aave V3 subgraph (aave/protocol-subgraphs schema: id is the
/// underlying asset followed by the pool id, the PoolAddressesProvider; percentages in bps).
struct Reserve {
  std::string id;                      ///< underlyingAsset + pool id (84 characters, lowercase)
  Address underlying_asset;
  std::string symbol;
  std::uint8_t decimals = 0;
  bool usage_as_collateral_enabled = false;
  bool borrowing_enabled = false;
  bool is_active = false;
  bool is_frozen = false;
  bool is_paused = false;
  u256 base_ltv_as_collateral;         ///< bps
  u256 reserve_liquidation_threshold;  ///< bps
  u256 reserve_liquidation_bonus;      ///< bps (10000 + bonus)
  u256 liquidity_index;                ///< ray, as of the reserve's last update
  u256 variable_borrow_index;          ///< ray, as of the reserve's last update
};

struct ReservePage {
  std::vector<Reserve> reserves;       ///< ids strictly ascending
  std::uint64_t block = 0;             ///< _meta.block.number
  bool has_indexing_errors = false;
};

/// Request body for one `reserves` page: id > `last_id` ("" for the first page), ordered by id,
/// `first: page_size`, pinned to `block` (nullopt: latest indexed). `last_id` must be "" or an id
/// parse_reserves_page accepted (lowercase hex and "0x", no escaping needed).
LIQUIDBOT_API std::string reserves_request(std::string_view last_id, std::optional<std::uint64_t> block,
                                           std::uint32_t page_size);
/// Parses a reserves page as strictly as parse_borrowers_page: GraphQL errors -> Errc::rpc; a
/// missing or ill-typed field, an id that is not underlyingAsset followed by a lowercase address,
/// ids not strictly ascending, decimals outside 0..255, BigInts that are not decimal uint256 ->
/// Errc::decode naming the field ("subgraph: data.reserves[2].decimals: ...").
LIQUIDBOT_API Result<ReservePage> parse_reserves_page(std::string_view body, std::uint32_t max_rows = kMaxPageSize);

/// Result of a full sweep.
struct Sweep {
  std::vector<Borrower> borrowers;     ///< every borrower once, ascending by address
  std::uint64_t block = 0;             ///< the block every page was pinned to
  std::uint32_t pages = 0;
  std::uint32_t retried_pages = 0;     ///< pages that needed more than one attempt
  bool has_indexing_errors = false;
};

class LIQUIDBOT_API Client {
 public:
  /// Validates the config and prepares the HTTP client (adds the Authorization header).
  static Result<Client> create(Config config);

  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  ~Client();

  /// The subgraph's latest indexed block.
  Result<std::uint64_t> indexed_block();
  /// All borrowers, every page pinned to the indexed block read first. With `chain_head`, a
  /// subgraph more than max_lag_blocks behind it is Errc::state ("subgraph: indexed block 90 is 30
  /// blocks behind the chain head 120 (limit 10)"); the check is repeated on every page's _meta.
  Result<Sweep> sweep(std::optional<std::uint64_t> chain_head);
  /// All reserves (cursor-paginated like sweep(), every page pinned to the indexed block read
  /// first, the same staleness check), ascending by id. `block` receives that indexed block.
  Result<std::vector<Reserve>> reserves(std::optional<std::uint64_t> chain_head, std::uint64_t* block = nullptr);

  [[nodiscard]] const Config& config() const noexcept;

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

// ---- event fallback ------------------------------------------------------------------------------

/// topic0 of Aave V3 Pool `Borrow(address indexed reserve, address user, address indexed
/// onBehalfOf, uint256 amount, uint8 interestRateMode, uint256 borrowRate, uint16 indexed
/// referralCode)`; the borrower whose debt grows is `onBehalfOf` (topic 2).
inline constexpr Hash kBorrowTopic =
    keccak256(std::string_view("Borrow(address,address,address,uint256,uint8,uint256,uint16)"));

/// The borrower (`onBehalfOf`) of a Borrow log. Errors: decode for a log of another event, fewer
/// than 3 topics, or a topic 2 with non-zero upper 12 bytes.
LIQUIDBOT_API Result<Address> borrower_of(const rpc::Log& log);

struct EventScan {
  std::vector<Address> borrowers;      ///< distinct onBehalfOf addresses, ascending
  std::uint64_t from_block = 0;
  std::uint64_t to_block = 0;          ///< inclusive; the whole range was scanned
  std::uint32_t requests = 0;
  std::uint32_t splits = 0;            ///< ranges halved after a node refused them
};

/// Scans Borrow logs of `pool` in [from_block, to_block] with eth_getLogs in windows of at most
/// `max_range` blocks. A window the node refuses with a JSON-RPC error (too many results, range
/// too large, ...) is halved and retried, down to one block; transport failures end the scan.
/// Errors: invalid_argument for from > to or max_range 0; the node's error when a one-block window
/// fails; the transport error.
LIQUIDBOT_API Result<EventScan> scan_borrow_events(rpc::Client& client, const Address& pool,
                                                   std::uint64_t from_block, std::uint64_t to_block,
                                                   std::uint64_t max_range);

}  // namespace liquidbot::subgraph
