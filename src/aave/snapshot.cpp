// Snapshot JSON ("liquidbot.snapshot/1"): strict parsing with errors that name the field, semantic
// validation, and serialization.
#include <liquidbot/aave/snapshot.hpp>

#include "detail/aave_snapshot.hpp"

#include <simdjson.h>

#include <string>

namespace liquidbot::aave {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

constexpr std::uint64_t kMaxUint40 = (1ULL << 40) - 1;

Error field_error(const std::string& path, const std::string& what) {
  return make_error(Errc::invalid_argument, path + ": " + what);
}

std::string type_name(element_type type) {
  switch (type) {
    case element_type::ARRAY: return "an array";
    case element_type::OBJECT: return "an object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: return "a number";
    case element_type::STRING: return "a string";
    case element_type::BOOL: return "a boolean";
    case element_type::NULL_VALUE: return "null";
  }
  return "an unknown value";
}

// Reads fields of one JSON object; `path` prefixes every error ("reserves[2]").
class ObjectReader {
 public:
  ObjectReader(element value, std::string path) : value_(value), path_(std::move(path)) {}

  static Result<ObjectReader> open(element value, std::string path) {
    if (value.type() != element_type::OBJECT)
      return field_error(path, "expected an object, got " + type_name(value.type()));
    return ObjectReader(value, std::move(path));
  }

  [[nodiscard]] std::string path(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  [[nodiscard]] bool has(std::string_view key) const {
    element ignored;
    return value_[key].get(ignored) == simdjson::SUCCESS;
  }

  Result<element> get(std::string_view key) const {
    element out;
    if (value_[key].get(out) != simdjson::SUCCESS) return field_error(path(key), "missing");
    return out;
  }

  Result<std::string_view> string(std::string_view key) const {
    LB_TRY(v, get(key));
    std::string_view out;
    if (v.get_string().get(out) != simdjson::SUCCESS)
      return field_error(path(key), "expected a string, got " + type_name(v.type()));
    return out;
  }

  Result<u256> uint256(std::string_view key) const {
    LB_TRY(text, string(key));
    auto parsed = u256::from_dec(text);
    if (!parsed) {
      std::string shown(text.substr(0, 80));
      if (!text.empty() && text.front() == '-')
        return field_error(path(key), "negative value \"" + shown + "\" (expected a uint256)");
      return field_error(path(key), "\"" + shown + "\" is not a decimal uint256 (" +
                                        parsed.error().message + ")");
    }
    return *parsed;
  }

  Result<std::uint64_t> integer(std::string_view key, std::uint64_t max) const {
    LB_TRY(v, get(key));
    std::uint64_t out = 0;
    switch (v.type()) {
      case element_type::UINT64:
        out = v.get_uint64().value_unsafe();
        break;
      case element_type::INT64: {
        const std::int64_t signed_value = v.get_int64().value_unsafe();
        if (signed_value < 0)
          return field_error(path(key), "negative value " + std::to_string(signed_value));
        out = static_cast<std::uint64_t>(signed_value);
        break;
      }
      case element_type::DOUBLE:
        return field_error(path(key), "expected an integer, got a fractional or exponent number");
      default:
        return field_error(path(key), "expected an integer, got " + type_name(v.type()));
    }
    if (out > max)
      return field_error(path(key), std::to_string(out) + " exceeds the maximum " +
                                        std::to_string(max));
    return out;
  }

  Result<bool> boolean(std::string_view key) const {
    LB_TRY(v, get(key));
    if (v.type() != element_type::BOOL)
      return field_error(path(key), "expected true or false, got " + type_name(v.type()));
    return v.get_bool().value_unsafe();
  }

  Result<Address> address(std::string_view key) const {
    LB_TRY(text, string(key));
    auto parsed = Address::parse(text);
    if (!parsed) return field_error(path(key), parsed.error().message);
    return *parsed;
  }

  Result<simdjson::dom::array> array(std::string_view key) const {
    LB_TRY(v, get(key));
    simdjson::dom::array out;
    if (v.get_array().get(out) != simdjson::SUCCESS)
      return field_error(path(key), "expected an array, got " + type_name(v.type()));
    return out;
  }

 private:
  element value_;
  std::string path_;
};

Result<ReserveTotals> parse_totals(element value, const std::string& path, Revision revision) {
  LB_TRY(r, ObjectReader::open(value, path));
  ReserveTotals out;
  LB_TRY(supply, r.uint256("scaledATokenSupply"));
  out.scaled_atoken_supply = supply;
  LB_TRY(treasury, r.uint256("accruedToTreasury"));
  out.accrued_to_treasury = treasury;
  LB_TRY(debt, r.uint256("scaledVariableDebt"));
  out.scaled_variable_debt = debt;
  if (has_stable_debt(revision) || r.has("principalStableDebt")) {
    LB_TRY(principal, r.uint256("principalStableDebt"));
    out.principal_stable_debt = principal;
    LB_TRY(rate, r.uint256("averageStableRate"));
    out.average_stable_rate = rate;
    LB_TRY(updated, r.integer("stableDebtLastUpdated", kMaxUint40));
    out.stable_debt_last_updated = updated;
  }
  return out;
}

Result<Reserve> parse_reserve(element value, const std::string& path, Revision revision) {
  LB_TRY(r, ObjectReader::open(value, path));
  Reserve out;
  LB_TRY(asset, r.address("asset"));
  out.asset = asset;
  LB_TRY(id, r.integer("id", kMaxReserves - 1));
  out.id = static_cast<std::uint16_t>(id);
  LB_TRY(configuration, r.uint256("configuration"));
  out.configuration = configuration;
  out.config = ReserveConfig::decode(configuration);
  LB_TRY(li, r.uint256("liquidityIndex"));
  out.liquidity_index = li;
  LB_TRY(lr, r.uint256("currentLiquidityRate"));
  out.current_liquidity_rate = lr;
  LB_TRY(vi, r.uint256("variableBorrowIndex"));
  out.variable_borrow_index = vi;
  LB_TRY(vr, r.uint256("currentVariableBorrowRate"));
  out.current_variable_borrow_rate = vr;
  LB_TRY(ts, r.integer("lastUpdateTimestamp", kMaxUint40));
  out.last_update_timestamp = ts;
  LB_TRY(price, r.uint256("price"));
  out.price = price;
  if (r.has("liquidationGracePeriodUntil")) {
    LB_TRY(until, r.integer("liquidationGracePeriodUntil", kMaxUint40));
    out.liquidation_grace_period_until = until;
  }
  if (r.has("totals")) {
    LB_TRY(totals_value, r.get("totals"));
    LB_TRY(totals, parse_totals(totals_value, r.path("totals"), revision));
    out.totals = totals;
  }
  return out;
}

Result<EModeCategory> parse_emode(element value, const std::string& path, Revision revision) {
  LB_TRY(r, ObjectReader::open(value, path));
  EModeCategory out;
  LB_TRY(id, r.integer("id", 255));
  out.id = static_cast<std::uint8_t>(id);
  LB_TRY(ltv, r.integer("ltv", 65535));
  out.ltv = static_cast<std::uint16_t>(ltv);
  LB_TRY(lt, r.integer("liquidationThreshold", 65535));
  out.liquidation_threshold = static_cast<std::uint16_t>(lt);
  LB_TRY(lb, r.integer("liquidationBonus", 65535));
  out.liquidation_bonus = static_cast<std::uint16_t>(lb);
  // Bitmaps: required where the revision reads them, optional (but checked) elsewhere.
  const bool bitmaps = !has_emode_price_source(revision);
  if (bitmaps || r.has("collateralBitmap")) {
    LB_TRY(bitmap, r.uint256("collateralBitmap"));
    out.collateral_bitmap = bitmap;
  }
  if (bitmaps || r.has("borrowableBitmap")) {
    LB_TRY(bitmap, r.uint256("borrowableBitmap"));
    out.borrowable_bitmap = bitmap;
  }
  if (has_ltvzero_bitmap(revision) || r.has("ltvzeroBitmap")) {
    LB_TRY(bitmap, r.uint256("ltvzeroBitmap"));
    out.ltvzero_bitmap = bitmap;
  }
  // The eMode price source (3.0-3.1): optional; when given, its price is required.
  if (r.has("priceSource")) {
    LB_TRY(source, r.address("priceSource"));
    if (!source.is_zero()) {
      out.price_source = source;
      LB_TRY(price, r.uint256("price"));
      out.price = price;
    }
  }
  return out;
}

Result<Position> parse_position(element value, const std::string& path, Revision revision) {
  LB_TRY(r, ObjectReader::open(value, path));
  Position out;
  LB_TRY(asset, r.address("asset"));
  out.asset = asset;
  LB_TRY(a, r.uint256("scaledATokenBalance"));
  out.scaled_atoken_balance = a;
  LB_TRY(v, r.uint256("scaledVariableDebt"));
  out.scaled_variable_debt = v;
  if (has_stable_debt(revision) || r.has("principalStableDebt")) {
    LB_TRY(principal, r.uint256("principalStableDebt"));
    out.principal_stable_debt = principal;
  }
  if (has_stable_debt(revision) || r.has("stableRate")) {
    LB_TRY(rate, r.uint256("stableRate"));
    out.stable_rate = rate;
  }
  if (has_stable_debt(revision) || r.has("stableLastUpdated")) {
    LB_TRY(updated, r.integer("stableLastUpdated", kMaxUint40));
    out.stable_last_updated = updated;
  }
  return out;
}

Result<UserState> parse_user(element value, Revision revision) {
  LB_TRY(r, ObjectReader::open(value, "user"));
  UserState out;
  LB_TRY(address, r.address("address"));
  out.address = address;
  LB_TRY(configuration, r.uint256("configuration"));
  out.configuration = configuration;
  LB_TRY(emode, r.integer("eModeCategory", 255));
  out.emode_category = static_cast<std::uint8_t>(emode);
  LB_TRY(positions, r.array("positions"));
  std::size_t i = 0;
  for (element item : positions) {
    LB_TRY(position, parse_position(item, "user.positions[" + std::to_string(i++) + "]", revision));
    out.positions.push_back(position);
  }
  return out;
}

void append_u256(std::string& out, std::string_view key, const u256& value) {
  out += '"';
  out += key;
  out += "\":\"";
  out += value.to_dec();
  out += '"';
}
void append_uint(std::string& out, std::string_view key, std::uint64_t value) {
  out += '"';
  out += key;
  out += "\":";
  out += std::to_string(value);
}
void append_text(std::string& out, std::string_view key, std::string_view value) {
  out += '"';
  out += key;
  out += "\":\"";
  out += value;
  out += '"';
}

}  // namespace

const Reserve* Snapshot::find_reserve(std::uint16_t id) const noexcept {
  for (const auto& r : reserves)
    if (r.id == id) return &r;
  return nullptr;
}
const Reserve* Snapshot::find_reserve(const Address& asset) const noexcept {
  for (const auto& r : reserves)
    if (r.asset == asset) return &r;
  return nullptr;
}
const EModeCategory* Snapshot::find_emode(std::uint8_t id) const noexcept {
  for (const auto& e : emodes)
    if (e.id == id) return &e;
  return nullptr;
}

Status validate(const Snapshot& s) {
  if (s.base_currency_unit.is_zero()) return field_error("baseCurrencyUnit", "must not be 0");
  if (s.timestamp > kMaxUint40) return field_error("timestamp", "exceeds uint40");
  bool seen_id[kMaxReserves] = {};
  for (std::size_t i = 0; i < s.reserves.size(); ++i) {
    const Reserve& r = s.reserves[i];
    const auto path = [i] { return "reserves[" + std::to_string(i) + "]"; };
    if (r.id >= kMaxReserves)
      return field_error(path() + ".id", std::to_string(r.id) + " exceeds the maximum 127");
    if (seen_id[r.id]) return field_error(path() + ".id", "duplicate reserve id " + std::to_string(r.id));
    seen_id[r.id] = true;
    for (std::size_t j = 0; j < i; ++j)
      if (s.reserves[j].asset == r.asset)
        return field_error(path() + ".asset", "duplicate reserve asset " + r.asset.to_checksum());
    if (r.config != ReserveConfig::decode(r.configuration))
      return field_error(path() + ".configuration", "decoded fields disagree with the bitmap");
    if (r.last_update_timestamp > kMaxUint40)
      return field_error(path() + ".lastUpdateTimestamp", "exceeds uint40");
    if (r.liquidation_grace_period_until > kMaxUint40)
      return field_error(path() + ".liquidationGracePeriodUntil", "exceeds uint40");
    if (r.totals && r.totals->stable_debt_last_updated > kMaxUint40)
      return field_error(path() + ".totals.stableDebtLastUpdated", "exceeds uint40");
  }
  for (std::size_t i = 0; i < s.emodes.size(); ++i) {
    const auto path = [i] { return "eModes[" + std::to_string(i) + "]"; };
    if (s.emodes[i].id == 0) return field_error(path() + ".id", "category 0 is reserved for no eMode");
    for (std::size_t j = 0; j < i; ++j)
      if (s.emodes[j].id == s.emodes[i].id)
        return field_error(path() + ".id", "duplicate eMode id " + std::to_string(s.emodes[i].id));
  }
  return detail::validate_aave_user(s.reserves, s.emodes, s.user);
}

Result<Snapshot> parse_snapshot(std::string_view json) {
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(json);
  element doc;
  if (auto error = parser.parse(padded).get(doc); error != simdjson::SUCCESS)
    return make_error(Errc::decode, std::string("snapshot: invalid JSON: ") + simdjson::error_message(error));
  LB_TRY(root, ObjectReader::open(doc, ""));
  Snapshot s;
  LB_TRY(format, root.string("format"));
  if (format != kSnapshotFormat)
    return field_error("format", "\"" + std::string(format.substr(0, 80)) + "\" is not \"" +
                                     std::string(kSnapshotFormat) + "\"");
  LB_TRY(revision_text, root.string("revision"));
  auto revision = parse_revision(revision_text);
  if (!revision) return field_error("revision", revision.error().message);
  s.revision = *revision;
  LB_TRY(timestamp, root.integer("timestamp", kMaxUint40));
  s.timestamp = timestamp;
  LB_TRY(unit, root.uint256("baseCurrencyUnit"));
  s.base_currency_unit = unit;
  LB_TRY(reserves, root.array("reserves"));
  std::size_t i = 0;
  for (element item : reserves) {
    LB_TRY(reserve, parse_reserve(item, "reserves[" + std::to_string(i++) + "]", s.revision));
    s.reserves.push_back(reserve);
  }
  LB_TRY(emodes, root.array("eModes"));
  i = 0;
  for (element item : emodes) {
    LB_TRY(emode, parse_emode(item, "eModes[" + std::to_string(i++) + "]", s.revision));
    s.emodes.push_back(emode);
  }
  if (root.has("priceOracleSentinel")) {
    LB_TRY(sentinel_value, root.get("priceOracleSentinel"));
    LB_TRY(sentinel, ObjectReader::open(sentinel_value, "priceOracleSentinel"));
    PriceOracleSentinel state;
    LB_TRY(address, sentinel.address("address"));
    state.address = address;
    LB_TRY(allowed, sentinel.boolean("liquidationAllowed"));
    state.liquidation_allowed = allowed;
    s.sentinel = state;
  }
  LB_TRY(user, root.get("user"));
  LB_TRY(user_state, parse_user(user, s.revision));
  s.user = std::move(user_state);
  LB_TRY_STATUS(validate(s));
  return s;
}

std::string to_json(const Snapshot& s) {
  std::string out = "{";
  append_text(out, "format", kSnapshotFormat);
  out += ',';
  append_text(out, "revision", to_string(s.revision));
  out += ',';
  append_uint(out, "timestamp", s.timestamp);
  out += ',';
  append_u256(out, "baseCurrencyUnit", s.base_currency_unit);
  out += ",\"reserves\":[";
  for (std::size_t i = 0; i < s.reserves.size(); ++i) {
    const Reserve& r = s.reserves[i];
    if (i != 0) out += ',';
    out += '{';
    append_text(out, "asset", r.asset.to_checksum());
    out += ',';
    append_uint(out, "id", r.id);
    out += ',';
    append_u256(out, "configuration", r.configuration);
    out += ',';
    append_u256(out, "liquidityIndex", r.liquidity_index);
    out += ',';
    append_u256(out, "currentLiquidityRate", r.current_liquidity_rate);
    out += ',';
    append_u256(out, "variableBorrowIndex", r.variable_borrow_index);
    out += ',';
    append_u256(out, "currentVariableBorrowRate", r.current_variable_borrow_rate);
    out += ',';
    append_uint(out, "lastUpdateTimestamp", r.last_update_timestamp);
    out += ',';
    append_u256(out, "price", r.price);
    if (r.liquidation_grace_period_until != 0) {
      out += ',';
      append_uint(out, "liquidationGracePeriodUntil", r.liquidation_grace_period_until);
    }
    if (r.totals) {
      out += ",\"totals\":{";
      append_u256(out, "scaledATokenSupply", r.totals->scaled_atoken_supply);
      out += ',';
      append_u256(out, "accruedToTreasury", r.totals->accrued_to_treasury);
      out += ',';
      append_u256(out, "scaledVariableDebt", r.totals->scaled_variable_debt);
      if (has_stable_debt(s.revision)) {
        out += ',';
        append_u256(out, "principalStableDebt", r.totals->principal_stable_debt);
        out += ',';
        append_u256(out, "averageStableRate", r.totals->average_stable_rate);
        out += ',';
        append_uint(out, "stableDebtLastUpdated", r.totals->stable_debt_last_updated);
      }
      out += '}';
    }
    out += '}';
  }
  out += "],\"eModes\":[";
  for (std::size_t i = 0; i < s.emodes.size(); ++i) {
    const EModeCategory& e = s.emodes[i];
    if (i != 0) out += ',';
    out += '{';
    append_uint(out, "id", e.id);
    out += ',';
    append_uint(out, "ltv", e.ltv);
    out += ',';
    append_uint(out, "liquidationThreshold", e.liquidation_threshold);
    out += ',';
    append_uint(out, "liquidationBonus", e.liquidation_bonus);
    out += ',';
    append_u256(out, "collateralBitmap", e.collateral_bitmap);
    out += ',';
    append_u256(out, "borrowableBitmap", e.borrowable_bitmap);
    out += ',';
    append_u256(out, "ltvzeroBitmap", e.ltvzero_bitmap);
    if (e.price_source) {
      out += ',';
      append_text(out, "priceSource", e.price_source->to_checksum());
      out += ',';
      append_u256(out, "price", e.price);
    }
    out += '}';
  }
  out += ']';
  if (s.sentinel) {
    out += ",\"priceOracleSentinel\":{";
    append_text(out, "address", s.sentinel->address.to_checksum());
    out += s.sentinel->liquidation_allowed ? ",\"liquidationAllowed\":true}" : ",\"liquidationAllowed\":false}";
  }
  out += ",\"user\":{";
  append_text(out, "address", s.user.address.to_checksum());
  out += ',';
  append_u256(out, "configuration", s.user.configuration);
  out += ',';
  append_uint(out, "eModeCategory", s.user.emode_category);
  out += ",\"positions\":[";
  for (std::size_t i = 0; i < s.user.positions.size(); ++i) {
    const Position& p = s.user.positions[i];
    if (i != 0) out += ',';
    out += '{';
    append_text(out, "asset", p.asset.to_checksum());
    out += ',';
    append_u256(out, "scaledATokenBalance", p.scaled_atoken_balance);
    out += ',';
    append_u256(out, "scaledVariableDebt", p.scaled_variable_debt);
    out += ',';
    append_u256(out, "principalStableDebt", p.principal_stable_debt);
    out += ',';
    append_u256(out, "stableRate", p.stable_rate);
    out += ',';
    append_uint(out, "stableLastUpdated", p.stable_last_updated);
    out += '}';
  }
  out += "]}}";
  return out;
}

}  // namespace liquidbot::aave

namespace liquidbot::detail {

Status validate_aave_user(std::span<const aave::Reserve> reserves,
                          std::span<const aave::EModeCategory> emodes, const aave::UserState& u) {
  using namespace liquidbot::aave;
  bool has_emode = false;
  for (const auto& e : emodes) has_emode = has_emode || e.id == u.emode_category;
  bool listed[kMaxReserves] = {};
  for (const auto& r : reserves)
    if (r.id < kMaxReserves) listed[r.id] = true;
  if (u.emode_category != 0 && !has_emode)
    return field_error("user.eModeCategory",
                       "category " + std::to_string(u.emode_category) + " is not listed in eModes");
  bool has_position[kMaxReserves] = {};
  for (std::size_t i = 0; i < u.positions.size(); ++i) {
    const auto path = [i] { return "user.positions[" + std::to_string(i) + "].asset"; };
    const Reserve* r = nullptr;
    for (const auto& candidate : reserves)
      if (candidate.asset == u.positions[i].asset) r = &candidate;
    if (r == nullptr)
      return field_error(path(), "position on unknown reserve " + u.positions[i].asset.to_checksum());
    if (has_position[r->id])
      return field_error(path(), "duplicate position on " + u.positions[i].asset.to_checksum());
    has_position[r->id] = true;
    if (u.positions[i].stable_last_updated > kMaxUint40)
      return field_error("user.positions[" + std::to_string(i) + "].stableLastUpdated",
                         "exceeds uint40");
  }
  for (unsigned id = 0; id < kMaxReserves; ++id) {
    if (!is_borrowing(u.configuration, id) && !is_using_as_collateral(u.configuration, id)) continue;
    if (!listed[id])
      return field_error("user.configuration",
                         "reserve id " + std::to_string(id) + " is flagged but not listed in reserves");
    if (!has_position[id])
      return field_error("user.positions", "reserve id " + std::to_string(id) +
                                               " is flagged in user.configuration but has no position");
  }
  return {};
}

}  // namespace liquidbot::detail
