// Aave V3 subgraph: queries, strict page parsing (simdjson DOM) and the paginating client.
#include <liquidbot/subgraph.hpp>

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <utility>

namespace liquidbot::subgraph {

static_assert(http::kBodyPadding >= simdjson::SIMDJSON_PADDING,
              "transport buffers must be padded for simdjson");

namespace {

Error invalid(std::string message) { return make_error(Errc::invalid_argument, "subgraph: " + std::move(message)); }
Error bad(std::string_view path, std::string_view what) {
  return make_error(Errc::decode, "subgraph: " + std::string(path) + ": " + std::string(what));
}

bool is_lower_address(std::string_view text) noexcept {
  if (text.size() != 42 || text[0] != '0' || text[1] != 'x') return false;
  return std::all_of(text.begin() + 2, text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool is_key_char(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

}  // namespace

Status Config::validate() const {
  if (url.empty()) return invalid("empty URL");
  if (page_size < kMinPageSize || page_size > kMaxPageSize)
    return invalid("page size " + std::to_string(page_size) + " outside " + std::to_string(kMinPageSize) + ".." +
                   std::to_string(kMaxPageSize));
  if (page_attempts < 1) return invalid("page_attempts " + std::to_string(page_attempts) + " is below 1");
  for (const char c : api_key)
    if (!is_key_char(c)) return invalid("API key holds a character outside [A-Za-z0-9_-]");
  return {};
}

Result<std::string> gateway_url(std::string_view api_key, std::string_view subgraph_id, std::string_view host) {
  if (api_key.empty() || !std::all_of(api_key.begin(), api_key.end(), is_key_char))
    return invalid("gateway API key is empty or holds a character outside [A-Za-z0-9_-]");
  if (subgraph_id.empty() || !std::all_of(subgraph_id.begin(), subgraph_id.end(), is_key_char))
    return invalid("subgraph id is empty or holds a character outside [A-Za-z0-9_-]");
  if (host.empty() || host.back() == '/') return invalid("gateway host is empty or ends with '/'");
  std::string url(host);
  url += "/api/";
  url += api_key;
  url += "/subgraphs/id/";
  url += subgraph_id;
  return url;
}

// ---- queries -------------------------------------------------------------------------------------

namespace {

/// `{ <entity>(first: N, orderBy: id, orderDirection: asc[, block], where: { id_gt: "<last>"<extra> })
/// { <fields> } _meta[(block)] { block { number } hasIndexingErrors } }` as a JSON body. The GraphQL
/// string literal is an escaped quote inside the JSON string.
std::string page_request(std::string_view entity, std::string_view extra_where, std::string_view fields,
                         std::string_view last_id, std::optional<std::uint64_t> block, std::uint32_t page_size) {
  std::string body = "{\"query\":\"{ ";
  body += entity;
  body += "(first: ";
  body += std::to_string(page_size);
  body += ", orderBy: id, orderDirection: asc";
  if (block) {
    body += ", block: { number: ";
    body += std::to_string(*block);
    body += " }";
  }
  body += ", where: { id_gt: \\\"";
  body += last_id;
  body += "\\\"";
  body += extra_where;
  body += " }) { ";
  body += fields;
  body += " } _meta";
  if (block) {
    body += "(block: { number: ";
    body += std::to_string(*block);
    body += " })";
  }
  body += " { block { number } hasIndexingErrors } }\"}";
  return body;
}

}  // namespace

std::string borrowers_request(std::string_view last_id, std::optional<std::uint64_t> block, std::uint32_t page_size) {
  // last_id is "" or a lowercase address (the client only passes ids it parsed): no escaping.
  return page_request("users", ", borrowedReservesCount_gt: 0",
                      "id borrowedReservesCount eModeCategoryId { id } reserves(first: " +
                          std::to_string(kMaxUserReserves) +
                          ") { usageAsCollateralEnabledOnUser scaledATokenBalance scaledVariableDebt reserve { "
                          "underlyingAsset } }",
                      last_id, block, page_size);
}

std::string reserves_request(std::string_view last_id, std::optional<std::uint64_t> block, std::uint32_t page_size) {
  return page_request("reserves", "",
                      "id underlyingAsset symbol decimals usageAsCollateralEnabled borrowingEnabled isActive isFrozen "
                      "isPaused baseLTVasCollateral reserveLiquidationThreshold reserveLiquidationBonus liquidityIndex "
                      "variableBorrowIndex",
                      last_id, block, page_size);
}

std::string meta_request() { return R"({"query":"{ _meta { block { number } hasIndexingErrors } }"})"; }

// ---- parsing -------------------------------------------------------------------------------------
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

/// `errors` -> Errc::rpc with up to three messages.
Error graphql_errors(element errors) {
  std::string message = "subgraph: GraphQL errors:";
  array list;
  if (errors.get_array().get(list) != simdjson::SUCCESS) return bad("errors", "not an array");
  std::size_t shown = 0;
  for (element item : list) {
    if (shown == 3) {
      message += " ...";
      break;
    }
    std::string_view text;
    if (item["message"].get_string().get(text) != simdjson::SUCCESS) text = "(no message)";
    message += shown == 0 ? " " : "; ";
    message.append(text.data(), text.size());
    ++shown;
  }
  if (shown == 0) message += " (empty list)";
  return make_error(Errc::rpc, std::move(message));
}

/// Parses the root and handles `errors` and `data`; returns `data`.
Result<object> open_data(simdjson::dom::parser& parser, const char* data, std::size_t size, bool padded) {
  element root;
  if (auto error = parser.parse(data, size, !padded).get(root); error != simdjson::SUCCESS)
    return make_error(Errc::decode, std::string("subgraph: invalid JSON: ") + simdjson::error_message(error));
  object top;
  if (root.get_object().get(top) != simdjson::SUCCESS) return bad("response", "not a JSON object");
  element errors;
  if (top["errors"].get(errors) == simdjson::SUCCESS && !errors.is_null()) return graphql_errors(errors);
  element data_element;
  if (top["data"].get(data_element) != simdjson::SUCCESS) return bad("data", "missing");
  object data_object;
  if (data_element.get_object().get(data_object) != simdjson::SUCCESS) return bad("data", "not an object");
  return data_object;
}

Status parse_meta_into(object data, Page& page) {
  object meta;
  if (data["_meta"].get_object().get(meta) != simdjson::SUCCESS) return bad("data._meta", "missing or not an object");
  std::int64_t number = 0;
  if (meta["block"]["number"].get_int64().get(number) != simdjson::SUCCESS || number < 0)
    return bad("data._meta.block.number", "missing or not a non-negative integer");
  page.block = static_cast<std::uint64_t>(number);
  bool indexing_errors = false;
  if (auto field = meta["hasIndexingErrors"]; field.error() != simdjson::NO_SUCH_FIELD) {
    if (field.get_bool().get(indexing_errors) != simdjson::SUCCESS)
      return bad("data._meta.hasIndexingErrors", "not a boolean");
  }
  page.has_indexing_errors = indexing_errors;
  return {};
}

Result<Address> parse_address(element value, const std::string& path) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) return bad(path, "not a string");
  if (!is_lower_address(text)) return bad(path, "\"" + std::string(text.substr(0, 64)) + "\" is not a lowercase 0x address");
  auto address = Address::parse(text);
  if (!address) return bad(path, address.error().message);
  return *address;
}

Result<u256> parse_bigint(element value, const std::string& path) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) return bad(path, "not a string (BigInt)");
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return bad(path, "\"" + std::string(text.substr(0, 80)) + "\" is not a decimal uint256");
  auto number = u256::from_dec(text);
  if (!number) return bad(path, number.error().message);
  return *number;
}

Result<UserReserve> parse_user_reserve(object row, const std::string& path) {
  UserReserve out;
  if (row["usageAsCollateralEnabledOnUser"].get_bool().get(out.collateral) != simdjson::SUCCESS)
    return bad(path + ".usageAsCollateralEnabledOnUser", "missing or not a boolean");
  element field;
  if (row["scaledATokenBalance"].get(field) != simdjson::SUCCESS) return bad(path + ".scaledATokenBalance", "missing");
  auto supplied = parse_bigint(field, path + ".scaledATokenBalance");
  if (!supplied) return std::move(supplied).error();
  out.scaled_a_token_balance = *supplied;
  if (row["scaledVariableDebt"].get(field) != simdjson::SUCCESS) return bad(path + ".scaledVariableDebt", "missing");
  auto debt = parse_bigint(field, path + ".scaledVariableDebt");
  if (!debt) return std::move(debt).error();
  out.scaled_variable_debt = *debt;
  if (row["reserve"]["underlyingAsset"].get(field) != simdjson::SUCCESS)
    return bad(path + ".reserve.underlyingAsset", "missing");
  auto asset = parse_address(field, path + ".reserve.underlyingAsset");
  if (!asset) return std::move(asset).error();
  out.asset = *asset;
  return out;
}

Result<Borrower> parse_user(element item, const std::string& path) {
  object user;
  if (item.get_object().get(user) != simdjson::SUCCESS) return bad(path, "not an object");
  Borrower out;
  element field;
  if (user["id"].get(field) != simdjson::SUCCESS) return bad(path + ".id", "missing");
  auto id = parse_address(field, path + ".id");
  if (!id) return std::move(id).error();
  out.user = *id;
  std::int64_t count = 0;
  if (user["borrowedReservesCount"].get_int64().get(count) != simdjson::SUCCESS)
    return bad(path + ".borrowedReservesCount", "missing or not an integer");
  if (count < 1 || count > static_cast<std::int64_t>(kMaxUserReserves))
    return bad(path + ".borrowedReservesCount", std::to_string(count) + " is outside 1..128 (the query asks for > 0)");
  out.borrowed_reserves_count = static_cast<std::uint32_t>(count);
  if (user["eModeCategoryId"].get(field) != simdjson::SUCCESS) return bad(path + ".eModeCategoryId", "missing");
  if (!field.is_null()) {
    std::string_view text;
    if (field["id"].get_string().get(text) != simdjson::SUCCESS)
      return bad(path + ".eModeCategoryId.id", "missing or not a string");
    std::uint32_t value = 0;
    if (text.empty() || text.size() > 3 || (text.size() > 1 && text[0] == '0')) value = 256;
    for (const char c : text) value = (c >= '0' && c <= '9' && value < 256) ? value * 10 + static_cast<std::uint32_t>(c - '0') : 256;
    if (value > 255) return bad(path + ".eModeCategoryId.id", "\"" + std::string(text.substr(0, 40)) + "\" is not an eMode id 0..255");
    out.emode = static_cast<std::uint8_t>(value);
  }
  array reserves;
  if (user["reserves"].get_array().get(reserves) != simdjson::SUCCESS)
    return bad(path + ".reserves", "missing or not an array");
  if (reserves.size() > kMaxUserReserves) return bad(path + ".reserves", "more than 128 rows");
  out.reserves.reserve(reserves.size());
  std::size_t index = 0;
  for (element row : reserves) {
    const std::string row_path = path + ".reserves[" + std::to_string(index++) + "]";
    object row_object;
    if (row.get_object().get(row_object) != simdjson::SUCCESS) return bad(row_path, "not an object");
    auto parsed = parse_user_reserve(row_object, row_path);
    if (!parsed) return std::move(parsed).error();
    out.reserves.push_back(*parsed);
  }
  return out;
}

Result<Page> parse_page(const char* data, std::size_t size, bool padded, std::uint32_t max_users) {
  simdjson::dom::parser parser;
  auto opened = open_data(parser, data, size, padded);
  if (!opened) return std::move(opened).error();
  const object data_object = *opened;
  Page page;
  array users;
  if (data_object["users"].get_array().get(users) != simdjson::SUCCESS)
    return bad("data.users", "missing or not an array");
  if (users.size() > max_users)
    return bad("data.users", std::to_string(users.size()) + " users exceed the page size " + std::to_string(max_users));
  page.borrowers.reserve(users.size());
  std::size_t index = 0;
  for (element item : users) {
    const std::string path = "data.users[" + std::to_string(index++) + "]";
    auto borrower = parse_user(item, path);
    if (!borrower) return std::move(borrower).error();
    if (!page.borrowers.empty() && !(page.borrowers.back().user < borrower->user))
      return bad(path + ".id", "not strictly above the previous id (orderBy: id, asc)");
    page.borrowers.push_back(std::move(*borrower));
  }
  if (auto status = parse_meta_into(data_object, page); !status) return std::move(status).error();
  return page;
}

Status parse_bool_field(object row, std::string_view name, const std::string& path, bool& out) {
  if (row[name].get_bool().get(out) != simdjson::SUCCESS)
    return bad(path + "." + std::string(name), "missing or not a boolean");
  return {};
}

Status parse_bigint_field(object row, std::string_view name, const std::string& path, u256& out) {
  element field;
  const std::string field_path = path + "." + std::string(name);
  if (row[name].get(field) != simdjson::SUCCESS) return bad(field_path, "missing");
  auto value = parse_bigint(field, field_path);
  if (!value) return std::move(value).error();
  out = *value;
  return {};
}

Result<Reserve> parse_reserve(element item, const std::string& path) {
  object row;
  if (item.get_object().get(row) != simdjson::SUCCESS) return bad(path, "not an object");
  Reserve out;
  element field;
  if (row["underlyingAsset"].get(field) != simdjson::SUCCESS) return bad(path + ".underlyingAsset", "missing");
  auto asset = parse_address(field, path + ".underlyingAsset");
  if (!asset) return std::move(asset).error();
  out.underlying_asset = *asset;
  std::string_view id;
  if (row["id"].get_string().get(id) != simdjson::SUCCESS) return bad(path + ".id", "missing or not a string");
  const std::string asset_hex = out.underlying_asset.to_hex();
  if (id.size() != 84 || id.substr(0, 42) != asset_hex || !is_lower_address(id.substr(42)))
    return bad(path + ".id", "\"" + std::string(id.substr(0, 100)) +
                                 "\" is not underlyingAsset followed by the lowercase pool address");
  out.id = std::string(id);
  std::string_view symbol;
  if (row["symbol"].get_string().get(symbol) != simdjson::SUCCESS) return bad(path + ".symbol", "missing or not a string");
  out.symbol = std::string(symbol);
  std::int64_t decimals = 0;
  if (row["decimals"].get_int64().get(decimals) != simdjson::SUCCESS)
    return bad(path + ".decimals", "missing or not an integer");
  if (decimals < 0 || decimals > 255) return bad(path + ".decimals", std::to_string(decimals) + " is outside 0..255");
  out.decimals = static_cast<std::uint8_t>(decimals);
  LB_TRY_STATUS(parse_bool_field(row, "usageAsCollateralEnabled", path, out.usage_as_collateral_enabled));
  LB_TRY_STATUS(parse_bool_field(row, "borrowingEnabled", path, out.borrowing_enabled));
  LB_TRY_STATUS(parse_bool_field(row, "isActive", path, out.is_active));
  LB_TRY_STATUS(parse_bool_field(row, "isFrozen", path, out.is_frozen));
  LB_TRY_STATUS(parse_bool_field(row, "isPaused", path, out.is_paused));
  LB_TRY_STATUS(parse_bigint_field(row, "baseLTVasCollateral", path, out.base_ltv_as_collateral));
  LB_TRY_STATUS(parse_bigint_field(row, "reserveLiquidationThreshold", path, out.reserve_liquidation_threshold));
  LB_TRY_STATUS(parse_bigint_field(row, "reserveLiquidationBonus", path, out.reserve_liquidation_bonus));
  LB_TRY_STATUS(parse_bigint_field(row, "liquidityIndex", path, out.liquidity_index));
  LB_TRY_STATUS(parse_bigint_field(row, "variableBorrowIndex", path, out.variable_borrow_index));
  return out;
}

Result<ReservePage> parse_reserve_page(const char* data, std::size_t size, bool padded, std::uint32_t max_rows) {
  simdjson::dom::parser parser;
  auto opened = open_data(parser, data, size, padded);
  if (!opened) return std::move(opened).error();
  const object data_object = *opened;
  array rows;
  if (data_object["reserves"].get_array().get(rows) != simdjson::SUCCESS)
    return bad("data.reserves", "missing or not an array");
  if (rows.size() > max_rows)
    return bad("data.reserves", std::to_string(rows.size()) + " rows exceed the page size " + std::to_string(max_rows));
  ReservePage page;
  page.reserves.reserve(rows.size());
  std::size_t index = 0;
  for (element item : rows) {
    const std::string path = "data.reserves[" + std::to_string(index++) + "]";
    auto reserve = parse_reserve(item, path);
    if (!reserve) return std::move(reserve).error();
    if (!page.reserves.empty() && !(page.reserves.back().id < reserve->id))
      return bad(path + ".id", "not strictly above the previous id (orderBy: id, asc)");
    page.reserves.push_back(std::move(*reserve));
  }
  Page meta;
  if (auto status = parse_meta_into(data_object, meta); !status) return std::move(status).error();
  page.block = meta.block;
  page.has_indexing_errors = meta.has_indexing_errors;
  return page;
}

}  // namespace

Result<Page> parse_borrowers_page(std::string_view body, std::uint32_t max_users) {
  return parse_page(body.data(), body.size(), false, max_users);
}

Result<Page> parse_borrowers_page(const http::PaddedBuffer& body, std::uint32_t max_users) {
  return parse_page(body.data(), body.size(), true, max_users);
}

Result<ReservePage> parse_reserves_page(std::string_view body, std::uint32_t max_rows) {
  return parse_reserve_page(body.data(), body.size(), false, max_rows);
}

Result<Page> parse_meta(std::string_view body) {
  simdjson::dom::parser parser;
  auto opened = open_data(parser, body.data(), body.size(), false);
  if (!opened) return std::move(opened).error();
  Page page;
  if (auto status = parse_meta_into(*opened, page); !status) return std::move(status).error();
  return page;
}

// ---- client --------------------------------------------------------------------------------------

struct Client::Impl {
  Config config;
  http::Client http;
};

Client::Client(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;
Client::~Client() = default;

const Config& Client::config() const noexcept { return impl_->config; }

Result<Client> Client::create(Config config) {
  if (auto status = config.validate(); !status) return std::move(status).error();
  http::Options options = config.http;
  if (!config.api_key.empty()) options.headers.emplace_back("Authorization", "Bearer " + config.api_key);
  auto http_client = http::Client::create(config.url, std::move(options));
  if (!http_client) return std::move(http_client).error();
  return Client(std::make_unique<Impl>(Impl{std::move(config), std::move(*http_client)}));
}

namespace {

Status check_lag(std::uint64_t indexed, std::optional<std::uint64_t> head, std::uint64_t limit) {
  if (!head || *head <= indexed) return {};
  const std::uint64_t lag = *head - indexed;
  if (lag <= limit) return {};
  return make_error(Errc::state, "subgraph: indexed block " + std::to_string(indexed) + " is " + std::to_string(lag) +
                                     " blocks behind the chain head " + std::to_string(*head) + " (limit " +
                                     std::to_string(limit) + ")");
}

}  // namespace

Result<std::uint64_t> Client::indexed_block() {
  Error last = make_error(Errc::internal, "subgraph: no attempt made");
  for (int attempt = 0; attempt < impl_->config.page_attempts; ++attempt) {
    auto response = impl_->http.post(meta_request());
    if (!response) return std::move(response).error();
    auto page = parse_meta(response->body.view());
    if (page) return page->block;
    last = std::move(page).error();
  }
  return last;
}

namespace {

struct PageCounters {
  std::uint32_t pages = 0;
  std::uint32_t retried = 0;
  bool indexing_errors = false;
};

/// Fetches `request(last_id, block, page_size)` pages until a short one, each pinned to `block`,
/// appending their rows (`rows_of(page)`, ids from `id_of(row)` strictly ascending across pages)
/// to `out`. Unusable 200 answers are retried page_attempts times; transport errors end the walk.
template <class Request, class Parse, class RowsOf, class IdOf, class Row>
Status paginate(http::Client& http, const Config& config, std::uint64_t block, Request request, Parse parse,
                RowsOf rows_of, IdOf id_of, std::vector<Row>& out, PageCounters& counters) {
  std::string last_id;
  for (;;) {
    const std::string body = request(last_id, block, config.page_size);
    decltype(parse(std::declval<const http::PaddedBuffer&>())) page =
        make_error(Errc::internal, "subgraph: no attempt made");
    for (int attempt = 0; attempt < config.page_attempts; ++attempt) {
      auto response = http.post(body);
      if (!response) return std::move(response).error();  // transport already retried
      page = parse(response->body);
      if (page) {
        if (attempt > 0) ++counters.retried;
        break;
      }
    }
    if (!page) {
      Error error = std::move(page).error();
      error.message += " (page " + std::to_string(counters.pages + 1) + ", after id \"" + last_id + "\")";
      return error;
    }
    if (page->block != block)
      return make_error(Errc::decode, "subgraph: page " + std::to_string(counters.pages + 1) + " answered for block " +
                                          std::to_string(page->block) + ", pinned to " + std::to_string(block));
    if (page->has_indexing_errors) counters.indexing_errors = true;
    ++counters.pages;
    auto& rows = rows_of(*page);
    const bool last_page = rows.size() < config.page_size;
    if (!rows.empty()) {
      if (!last_id.empty() && !(last_id < id_of(rows.front())))
        return make_error(Errc::decode, "subgraph: page " + std::to_string(counters.pages) +
                                            " starts at or below the previous page's last id");
      last_id = id_of(rows.back());
      for (Row& row : rows) out.push_back(std::move(row));
    }
    if (last_page || rows.empty()) return {};
  }
}

}  // namespace

Result<Sweep> Client::sweep(std::optional<std::uint64_t> chain_head) {
  const Config& config = impl_->config;
  auto indexed = indexed_block();
  if (!indexed) return std::move(indexed).error();
  if (auto status = check_lag(*indexed, chain_head, config.max_lag_blocks); !status) return std::move(status).error();
  Sweep sweep;
  sweep.block = *indexed;
  PageCounters counters;
  LB_TRY_STATUS(paginate(
      impl_->http, config, sweep.block, borrowers_request,
      [&](const http::PaddedBuffer& body) { return parse_borrowers_page(body, config.page_size); },
      [](Page& page) -> std::vector<Borrower>& { return page.borrowers; },
      [](const Borrower& borrower) { return borrower.user.to_hex(); }, sweep.borrowers, counters));
  sweep.pages = counters.pages;
  sweep.retried_pages = counters.retried;
  sweep.has_indexing_errors = counters.indexing_errors;
  return sweep;
}

Result<std::vector<Reserve>> Client::reserves(std::optional<std::uint64_t> chain_head, std::uint64_t* block) {
  const Config& config = impl_->config;
  auto indexed = indexed_block();
  if (!indexed) return std::move(indexed).error();
  if (auto status = check_lag(*indexed, chain_head, config.max_lag_blocks); !status) return std::move(status).error();
  std::vector<Reserve> out;
  PageCounters counters;
  LB_TRY_STATUS(paginate(
      impl_->http, config, *indexed, reserves_request,
      [&](const http::PaddedBuffer& body) { return parse_reserves_page(body.view(), config.page_size); },
      [](ReservePage& page) -> std::vector<Reserve>& { return page.reserves; },
      [](const Reserve& reserve) { return reserve.id; }, out, counters));
  if (block) *block = *indexed;
  return out;
}

// ---- event fallback ------------------------------------------------------------------------------

Result<Address> borrower_of(const rpc::Log& log) {
  if (log.topics.size() < 3) return make_error(Errc::decode, "subgraph: Borrow log has " + std::to_string(log.topics.size()) + " topics, expected 4");
  if (log.topics[0] != kBorrowTopic) return make_error(Errc::decode, "subgraph: log topic0 is not Borrow");
  const Hash& topic = log.topics[2];
  for (std::size_t i = 0; i < 12; ++i)
    if (topic.bytes[i] != 0) return make_error(Errc::decode, "subgraph: Borrow onBehalfOf topic has non-zero upper bytes");
  return Address::from_view(ByteView(topic.bytes.data() + 12, 20));
}

Result<EventScan> scan_borrow_events(rpc::Client& client, const Address& pool, std::uint64_t from_block,
                                     std::uint64_t to_block, std::uint64_t max_range) {
  if (from_block > to_block)
    return invalid("event scan from block " + std::to_string(from_block) + " is above to block " + std::to_string(to_block));
  if (max_range == 0) return invalid("event scan range 0");
  EventScan scan;
  scan.from_block = from_block;
  scan.to_block = to_block;
  std::uint64_t start = from_block;
  std::uint64_t window = max_range;
  for (;;) {
    const std::uint64_t end = to_block - start < window - 1 ? to_block : start + window - 1;
    rpc::LogFilter filter;
    filter.from_block = start;
    filter.to_block = end;
    filter.addresses.push_back(pool);
    filter.topics.push_back({kBorrowTopic});
    ++scan.requests;
    auto logs = client.get_logs(filter);
    if (!logs) {
      if (logs.error().code != Errc::rpc || end == start) {
        Error error = std::move(logs).error();
        error.message += " (Borrow logs " + std::to_string(start) + ".." + std::to_string(end) + ")";
        return error;
      }
      window = (end - start + 1) / 2;
      ++scan.splits;
      continue;
    }
    for (const rpc::Log& log : *logs) {
      if (log.removed) continue;
      auto borrower = borrower_of(log);
      if (!borrower) return std::move(borrower).error();
      scan.borrowers.push_back(*borrower);
    }
    if (end == to_block) break;
    start = end + 1;
  }
  std::sort(scan.borrowers.begin(), scan.borrowers.end(),
            [](const Address& a, const Address& b) { return a < b; });
  scan.borrowers.erase(std::unique(scan.borrowers.begin(), scan.borrowers.end()), scan.borrowers.end());
  return scan;
}

}  // namespace liquidbot::subgraph
