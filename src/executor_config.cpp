#include <liquidbot/executor.hpp>

#include <charconv>
#include <limits>
#include <set>
#include <utility>

namespace liquidbot::executor {
namespace {

// ---- TOML subset parser --------------------------------------------------------------------------

class TomlParser {
 public:
  explicit TomlParser(std::string_view text) : text_(text) {}

  Result<TomlTable> parse() {
    while (pos_ < text_.size()) {
      skip_blank();
      if (pos_ >= text_.size()) break;
      const char c = text_[pos_];
      if (c == '\n') {
        next_line();
        continue;
      }
      if (c == '#') {
        skip_comment();
        continue;
      }
      if (c == '[') {
        LB_TRY_STATUS(parse_table_header());
      } else {
        LB_TRY_STATUS(parse_key_value());
      }
    }
    return std::move(table_);
  }

 private:
  Error fail(std::string_view key, const std::string& what) const {
    std::string message = "toml: line " + std::to_string(line_) + ": ";
    if (!key.empty()) message += "key '" + std::string(key) + "': ";
    return make_error(Errc::invalid_argument, message + what);
  }

  void skip_blank() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r')) ++pos_;
  }
  void skip_comment() {
    while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
  }
  void next_line() {
    ++pos_;
    ++line_;
  }
  // After a value or header: blanks, optional comment, then end of line or input.
  Status end_of_line(std::string_view key) {
    skip_blank();
    if (pos_ < text_.size() && text_[pos_] == '#') skip_comment();
    if (pos_ < text_.size() && text_[pos_] != '\n')
      return fail(key, "unexpected '" + std::string(1, text_[pos_]) + "' after the value");
    if (pos_ < text_.size()) next_line();
    return {};
  }

  static bool bare_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  }

  // key = bare | "basic", dotted with '.'.
  Result<std::string> parse_key(char terminator) {
    std::string key;
    while (true) {
      skip_blank();
      if (pos_ >= text_.size()) return fail(key, "unexpected end of input in a key");
      std::string part;
      if (text_[pos_] == '"') {
        LB_TRY(s, parse_string(key));
        part = std::move(s);
      } else {
        while (pos_ < text_.size() && bare_char(text_[pos_])) part += text_[pos_++];
        if (part.empty()) return fail(key, "invalid character '" + std::string(1, text_[pos_]) + "' in a key");
      }
      key += part;
      skip_blank();
      if (pos_ < text_.size() && text_[pos_] == '.') {
        key += '.';
        ++pos_;
        continue;
      }
      if (pos_ >= text_.size() || text_[pos_] != terminator)
        return fail(key, std::string("expected '") + terminator + "' after the key");
      ++pos_;
      return key;
    }
  }

  Status parse_table_header() {
    ++pos_;  // '['
    if (pos_ < text_.size() && text_[pos_] == '[') return fail("", "arrays of tables are not supported");
    LB_TRY(name, parse_key(']'));
    if (!tables_.insert(name).second) return fail(name, "table defined twice");
    for (const auto& [key, value] : table_)
      if (key == name) return fail(name, "table name already used as a key");
    prefix_ = name + ".";
    return end_of_line(name);
  }

  Status parse_key_value() {
    LB_TRY(local, parse_key('='));
    std::string key = prefix_ + local;
    if (table_.count(key) != 0 || tables_.count(key) != 0) return fail(key, "defined twice");
    const std::size_t key_line = line_;
    skip_blank();
    LB_TRY(value, parse_value(key));
    value.line = key_line;
    table_.emplace(key, std::move(value));
    return end_of_line(key);
  }

  Result<TomlValue> parse_value(std::string_view key) {
    if (pos_ >= text_.size() || text_[pos_] == '\n' || text_[pos_] == '#') return fail(key, "missing value");
    const char c = text_[pos_];
    TomlValue out;
    if (c == '"') {
      if (text_.substr(pos_, 3) == "\"\"\"") return fail(key, "multi-line strings are not supported");
      LB_TRY(s, parse_string(key));
      out.data = std::move(s);
      return out;
    }
    if (c == '\'') return fail(key, "literal strings ('...') are not supported; use \"...\"");
    if (c == '[') return parse_array(key);
    if (c == '{') return fail(key, "inline tables are not supported");
    std::size_t end = pos_;
    while (end < text_.size() && text_[end] != ',' && text_[end] != ']' && text_[end] != '\n' &&
           text_[end] != '#' && text_[end] != ' ' && text_[end] != '\t' && text_[end] != '\r')
      ++end;
    const std::string_view token = text_.substr(pos_, end - pos_);
    pos_ = end;
    if (token == "true" || token == "false") {
      out.data = token == "true";
      return out;
    }
    LB_TRY(integer, parse_integer(key, token));
    out.data = integer;
    return out;
  }

  Result<std::int64_t> parse_integer(std::string_view key, std::string_view token) {
    std::string digits;
    std::size_t i = 0;
    bool negative = false;
    if (i < token.size() && (token[i] == '+' || token[i] == '-')) negative = token[i++] == '-';
    bool last_digit = false;
    for (; i < token.size(); ++i) {
      const char d = token[i];
      if (d >= '0' && d <= '9') {
        digits += d;
        last_digit = true;
      } else if (d == '_' && last_digit && i + 1 < token.size()) {
        last_digit = false;
      } else {
        return fail(key, "invalid value '" + std::string(token) +
                             "' (expected a string, an integer, true/false or an array)");
      }
    }
    if (digits.empty() || !last_digit) return fail(key, "invalid integer '" + std::string(token) + "'");
    if (digits.size() > 1 && digits[0] == '0') return fail(key, "leading zero in integer '" + std::string(token) + "'");
    std::uint64_t magnitude = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
    const std::uint64_t limit = negative ? std::uint64_t{1} << 63 : (std::uint64_t{1} << 63) - 1;
    if (ec != std::errc{} || end != digits.data() + digits.size() || magnitude > limit)
      return fail(key, "integer '" + std::string(token) + "' out of the 64-bit range");
    if (negative) return magnitude == limit ? std::numeric_limits<std::int64_t>::min()
                                            : -static_cast<std::int64_t>(magnitude);
    return static_cast<std::int64_t>(magnitude);
  }

  Result<TomlValue> parse_array(std::string_view key) {
    ++pos_;  // '['
    TomlValue out;
    TomlValue::Array items;
    while (true) {
      // Blanks, newlines and comments may separate elements.
      while (pos_ < text_.size()) {
        skip_blank();
        if (pos_ < text_.size() && text_[pos_] == '#') skip_comment();
        if (pos_ < text_.size() && text_[pos_] == '\n') {
          next_line();
          continue;
        }
        break;
      }
      if (pos_ >= text_.size()) return fail(key, "unterminated array");
      if (text_[pos_] == ']') {
        ++pos_;
        break;
      }
      LB_TRY(item, parse_value(key));
      item.line = line_;
      items.push_back(std::move(item));
      skip_blank();
      while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '#')) {
        if (text_[pos_] == '#') skip_comment();
        else next_line();
        skip_blank();
      }
      if (pos_ >= text_.size()) return fail(key, "unterminated array");
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (text_[pos_] != ']') return fail(key, "expected ',' or ']' in the array");
    }
    out.data = std::move(items);
    return out;
  }

  static void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  Result<std::string> parse_string(std::string_view key) {
    ++pos_;  // opening quote
    std::string out;
    while (true) {
      if (pos_ >= text_.size() || text_[pos_] == '\n') return fail(key, "unterminated string");
      const char c = text_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t') return fail(key, "control character in a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= text_.size()) return fail(key, "unterminated string");
      const char e = text_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'u': {
          if (pos_ + 4 > text_.size()) return fail(key, "short \\u escape");
          std::uint32_t cp = 0;
          auto [end, ec] = std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, cp, 16);
          if (ec != std::errc{} || end != text_.data() + pos_ + 4 || (cp >= 0xD800 && cp <= 0xDFFF))
            return fail(key, "invalid \\u escape");
          append_utf8(out, cp);
          pos_ += 4;
          break;
        }
        default:
          return fail(key, std::string("invalid escape \\") + e);
      }
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::string prefix_;
  TomlTable table_;
  std::set<std::string> tables_;
};

// ---- configuration -------------------------------------------------------------------------------

Error config_error(const std::string& where, const std::string& what) {
  return make_error(Errc::invalid_argument, "config: " + where + ": " + what);
}

std::string at_line(const std::string& key, const TomlValue& v) {
  return "line " + std::to_string(v.line) + ": key '" + key + "'";
}

Result<std::string> as_string(const std::string& key, const TomlValue& v) {
  if (const auto* s = std::get_if<std::string>(&v.data)) return *s;
  return config_error(at_line(key, v), "expected a string");
}

Result<std::uint64_t> as_unsigned(const std::string& key, const TomlValue& v, std::uint64_t max) {
  const auto* i = std::get_if<std::int64_t>(&v.data);
  if (i == nullptr) return config_error(at_line(key, v), "expected an integer");
  if (*i < 0 || static_cast<std::uint64_t>(*i) > max)
    return config_error(at_line(key, v), "must be between 0 and " + std::to_string(max));
  return static_cast<std::uint64_t>(*i);
}

Result<bool> as_bool(const std::string& key, const TomlValue& v) {
  if (const auto* b = std::get_if<bool>(&v.data)) return *b;
  return config_error(at_line(key, v), "expected true or false");
}

Result<Address> as_address(const std::string& where, std::string_view text) {
  auto a = Address::parse(text);
  if (!a) return config_error(where, a.error().message);
  return *a;
}

Result<u256> as_amount(const std::string& where, std::string_view text) {
  auto v = u256::from_dec(text);
  if (!v) return config_error(where, "expected a decimal integer string: " + v.error().message);
  return *v;
}

Result<bool> parse_bool_text(const std::string& where, std::string_view text) {
  if (text == "1" || text == "true") return true;
  if (text == "0" || text == "false") return false;
  return config_error(where, "expected 1, 0, true or false");
}

}  // namespace

Result<TomlTable> parse_toml(std::string_view text) { return TomlParser(text).parse(); }

Result<LogLevel> parse_log_level(std::string_view text) {
  if (text == "debug") return LogLevel::debug;
  if (text == "info") return LogLevel::info;
  if (text == "warn") return LogLevel::warn;
  if (text == "error") return LogLevel::error;
  return make_error(Errc::invalid_argument, "unknown log level '" + std::string(text) + "' (debug, info, warn, error)");
}

std::string_view to_string(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
  }
  return "info";
}

Result<Config> load_config(std::string_view toml_text, const Getenv& getenv) {
  auto parsed = parse_toml(toml_text);
  if (!parsed) return make_error(Errc::invalid_argument, "config: " + parsed.error().message);
  Config c;
  std::string provider_text;
  for (const auto& [key, v] : *parsed) {
    const std::string where = at_line(key, v);
    if (key == "chain.rpc_url") {
      LB_TRY(s, as_string(key, v));
      c.rpc_url = s;
    } else if (key == "chain.chain_id") {
      LB_TRY(n, as_unsigned(key, v, std::numeric_limits<std::uint64_t>::max() >> 1));
      c.chain_id = n;
    } else if (key == "aave.provider") {
      LB_TRY(s, as_string(key, v));
      LB_TRY(a, as_address(where, s));
      c.provider = a;
      provider_text = s;
    } else if (key == "aave.subgraph_url") {
      LB_TRY(s, as_string(key, v));
      c.subgraph_url = s;
    } else if (key == "aave.position_manager") {
      LB_TRY(s, as_string(key, v));
      LB_TRY(a, as_address(where, s));
      c.position_manager = a;
    } else if (key == "deleverage.orchestrator") {
      LB_TRY(s, as_string(key, v));
      LB_TRY(a, as_address(where, s));
      c.orchestrator = a;
    } else if (key == "deleverage.slippage_bps") {
      LB_TRY(n, as_unsigned(key, v, 9'999));
      c.slippage_bps = static_cast<std::uint16_t>(n);
    } else if (key == "fees.collector") {
      LB_TRY(s, as_string(key, v));
      LB_TRY(a, as_address(where, s));
      c.fee_collector = a;
    } else if (key == "fees.service_fee_bps") {
      LB_TRY(n, as_unsigned(key, v, 10'000));
      c.service_fee_bps = static_cast<std::uint16_t>(n);
    } else if (key == "fees.service_fee_cap") {
      LB_TRY(s, as_string(key, v));
      LB_TRY(a, as_amount(where, s));
      c.service_fee_cap = a;
    } else if (key == "fees.max_cost_wei") {
      LB_TRY(s, as_string(key, v));
      LB_TRY(a, as_amount(where, s));
      c.cost_caps.max_cost_wei = a;
    } else if (key == "fees.max_cost_base") {
      LB_TRY(s, as_string(key, v));
      LB_TRY(a, as_amount(where, s));
      c.cost_caps.max_cost_base_currency = a;
    } else if (key == "fees.eth_price_asset") {
      LB_TRY(s, as_string(key, v));
      LB_TRY(a, as_address(where, s));
      c.eth_price_asset = a;
    } else if (key == "monitor.sweep_every_blocks" || key == "monitor.discover_every_blocks") {
      LB_TRY(n, as_unsigned(key, v, 1'000'000));
      if (n == 0) return config_error(where, "must be positive");
      (key == "monitor.sweep_every_blocks" ? c.sweep_every_blocks : c.discover_every_blocks) = n;
    } else if (key == "fees.max_fee_per_gas_cap") {
      LB_TRY(s, as_string(key, v));
      LB_TRY(a, as_amount(where, s));
      c.sender.fees.max_fee_per_gas_cap = a;
    } else if (key == "fees.bump_percent") {
      LB_TRY(n, as_unsigned(key, v, 1'000));
      if (n < 10) return config_error(where, "must be at least 10 (the pool's replacement rule)");
      c.sender.fees.bump_percent = static_cast<std::uint32_t>(n);
    } else if (key == "executor.database") {
      LB_TRY(s, as_string(key, v));
      c.database = s;
    } else if (key == "executor.log_level") {
      LB_TRY(s, as_string(key, v));
      auto level = parse_log_level(s);
      if (!level) return config_error(where, level.error().message);
      c.log_level = *level;
    } else if (key == "executor.dry_run") {
      LB_TRY(b, as_bool(key, v));
      c.dry_run = b;
    } else if (key == "executor.poll_interval_ms") {
      LB_TRY(n, as_unsigned(key, v, 600'000));
      if (n == 0) return config_error(where, "must be positive");
      c.poll_interval_ms = static_cast<std::uint32_t>(n);
    } else if (key == "executor.delay_seconds") {
      LB_TRY(n, as_unsigned(key, v, 3'600));
      c.delay_seconds = n;
    } else if (key == "executor.slack_blocks") {
      LB_TRY(n, as_unsigned(key, v, 100));
      c.slack_blocks = n;
    } else if (key == "executor.backoff_blocks") {
      LB_TRY(n, as_unsigned(key, v, 1'000'000));
      c.backoff_blocks = n;
    } else if (key == "signer.key_file") {
      LB_TRY(s, as_string(key, v));
      c.key_file = s;
    } else if (key == "signer.keystore") {
      LB_TRY(s, as_string(key, v));
      c.keystore_file = s;
    } else if (key == "sender.blocks_before_replacement") {
      LB_TRY(n, as_unsigned(key, v, 1'000));
      if (n == 0) return config_error(where, "must be positive");
      c.sender.blocks_before_replacement = static_cast<std::uint32_t>(n);
    } else if (key == "sender.max_attempts") {
      LB_TRY(n, as_unsigned(key, v, 100));
      if (n == 0) return config_error(where, "must be positive");
      c.sender.max_attempts = static_cast<std::uint32_t>(n);
    } else if (key == "sender.transport_retries") {
      LB_TRY(n, as_unsigned(key, v, 100));
      c.sender.transport_retries = static_cast<std::uint32_t>(n);
    } else if (key == "simulation.gas_margin_percent") {
      LB_TRY(n, as_unsigned(key, v, 1'000));
      c.simulation.gas_margin_percent = static_cast<std::uint32_t>(n);
    } else if (key == "simulation.max_gas_limit") {
      LB_TRY(n, as_unsigned(key, v, std::uint64_t{1} << 40));
      c.simulation.max_gas_limit = n;
    } else {
      return config_error(where, "unknown key");
    }
  }

  auto env = [&](const char* name) -> std::optional<std::string> {
    const char* value = getenv(name);
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  };
  if (auto v = env("BASE_RPC_URL")) c.rpc_url = *v;
  if (auto v = env("BASE_CHAIN_ID")) {
    std::uint64_t id = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), id);
    if (ec != std::errc{} || end != v->data() + v->size() || id == 0)
      return config_error("environment BASE_CHAIN_ID", "'" + *v + "' is not a positive integer");
    c.chain_id = id;
  }
  if (auto v = env("AAVE_V3_BASE_SUBGRAPH_URL")) c.subgraph_url = *v;
  if (auto v = env("AAVE_V3_POOL_ADDRESSES_PROVIDER")) {
    LB_TRY(a, as_address("environment AAVE_V3_POOL_ADDRESSES_PROVIDER", *v));
    c.provider = a;
    provider_text = *v;
  }
  if (auto v = env("POSITION_MANAGER_ADDRESS")) {
    LB_TRY(a, as_address("environment POSITION_MANAGER_ADDRESS", *v));
    c.position_manager = a;
  }
  if (auto v = env("FLASH_LOAN_ORCHESTRATOR_ADDRESS")) {
    LB_TRY(a, as_address("environment FLASH_LOAN_ORCHESTRATOR_ADDRESS", *v));
    c.orchestrator = a;
  }
  if (auto v = env("FEE_COLLECTOR_ADDRESS")) {
    LB_TRY(a, as_address("environment FEE_COLLECTOR_ADDRESS", *v));
    c.fee_collector = a;
  }
  if (auto v = env("LOG_LEVEL")) {
    auto level = parse_log_level(*v);
    if (!level) return config_error("environment LOG_LEVEL", level.error().message);
    c.log_level = *level;
  }
  if (auto v = env("LIQUIDBOT_DATABASE")) c.database = *v;
  if (auto v = env("LIQUIDBOT_DRY_RUN")) {
    LB_TRY(b, parse_bool_text("environment LIQUIDBOT_DRY_RUN", *v));
    c.dry_run = b;
  }

  if (c.rpc_url.empty())
    return make_error(Errc::invalid_argument, "config: BASE_RPC_URL is not set (nor [chain] rpc_url)");
  if (provider_text.empty())
    return make_error(Errc::invalid_argument, "config: AAVE_V3_POOL_ADDRESSES_PROVIDER is not set (nor [aave] provider)");
  if (c.service_fee_bps != 0 && !c.fee_collector)
    return make_error(Errc::invalid_argument,
                      "config: a service fee is configured but FEE_COLLECTOR_ADDRESS (nor [fees] collector) is not set");
  return c;
}

std::string json_string(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

std::string log_line(std::int64_t timestamp_ms, LogLevel level, std::string_view event, std::string_view fields) {
  std::string out = "{\"ts\":" + std::to_string(timestamp_ms) + ",\"level\":\"" + std::string(to_string(level)) +
                    "\",\"event\":" + json_string(event);
  if (!fields.empty()) {
    out += ',';
    out += fields;
  }
  return out + "}";
}

}  // namespace liquidbot::executor
