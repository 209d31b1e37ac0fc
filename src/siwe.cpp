// Sign-In with Ethereum (EIP-4361): serialisation, strict parsing and verification.
#include <liquidbot/eip191.hpp>
#include <liquidbot/siwe.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace liquidbot::siwe {
namespace {

constexpr std::string_view kHeaderSuffix = " wants you to sign in with your Ethereum account:";
constexpr std::string_view kUri = "URI: ";
constexpr std::string_view kVersion = "Version: ";
constexpr std::string_view kChainId = "Chain ID: ";
constexpr std::string_view kNonce = "Nonce: ";
constexpr std::string_view kIssuedAt = "Issued At: ";
constexpr std::string_view kExpirationTime = "Expiration Time: ";
constexpr std::string_view kNotBefore = "Not Before: ";
constexpr std::string_view kRequestId = "Request ID: ";
constexpr std::string_view kResources = "Resources:";
constexpr std::string_view kResourceItem = "- ";

Error invalid(std::string message) { return make_error(Errc::invalid_argument, std::move(message)); }

// ---- RFC 3986 character classes -----------------------------------------------------------------
constexpr bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_hex(char c) noexcept {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
constexpr bool is_unreserved(char c) noexcept {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}
constexpr bool is_sub_delim(char c) noexcept {
  return std::string_view("!$&'()*+,;=").find(c) != std::string_view::npos;
}
constexpr bool is_gen_delim(char c) noexcept {
  return std::string_view(":/?#[]@").find(c) != std::string_view::npos;
}

/// Quoted for messages; control bytes shown as \xNN so an error line stays one line.
std::string quote(std::string_view text) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "'";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out += kDigits[byte >> 4];
      out += kDigits[byte & 15];
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

/// Every character is `allowed` or part of a %XX escape (when `percent` is true).
template <typename Pred>
Status check_chars(std::string_view text, Pred allowed, bool percent, std::string_view what) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (allowed(c)) continue;
    if (percent && c == '%') {
      if (i + 2 < text.size() && is_hex(text[i + 1]) && is_hex(text[i + 2])) {
        i += 2;
        continue;
      }
      return invalid(std::string(what) + ": bad percent escape at offset " + std::to_string(i));
    }
    return invalid(std::string(what) + ": character " + quote(text.substr(i, 1)) +
                   " not allowed at offset " + std::to_string(i));
  }
  return {};
}

Status check_scheme(std::string_view scheme) {
  if (scheme.empty() || !is_alpha(scheme[0])) return invalid("scheme must start with a letter");
  return check_chars(
      scheme, [](char c) { return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.'; },
      false, "scheme");
}

/// [userinfo "@"] host [":" port]; host is an IP literal in brackets or dot-separated
/// letter-digit-hyphen labels (which covers IPv4 and DNS names).
Status check_authority(std::string_view authority) {
  if (authority.empty()) return invalid("domain is empty");
  std::string_view rest = authority;
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    LB_TRY_STATUS(check_chars(
        rest.substr(0, at), [](char c) { return is_unreserved(c) || is_sub_delim(c) || c == ':'; },
        true, "domain userinfo"));
    rest = rest.substr(at + 1);
  }
  std::string_view host;
  std::string_view after;  // ":port" or empty
  if (!rest.empty() && rest[0] == '[') {
    const auto close = rest.find(']');
    if (close == std::string_view::npos) return invalid("domain: IP literal without ']'");
    const std::string_view inner = rest.substr(1, close - 1);
    if (inner.empty()) return invalid("domain: empty IP literal");
    LB_TRY_STATUS(check_chars(
        inner, [](char c) { return is_hex(c) || c == ':' || c == '.'; }, false, "domain IP literal"));
    host = rest.substr(0, close + 1);
    after = rest.substr(close + 1);
  } else {
    const auto colon = rest.find(':');
    host = rest.substr(0, colon);
    if (colon != std::string_view::npos) after = rest.substr(colon);
  }
  if (!after.empty()) {
    if (after[0] != ':') return invalid("domain: junk after the IP literal");
    if (after.size() == 1) return invalid("domain: empty port");
    LB_TRY_STATUS(check_chars(after.substr(1), is_digit, false, "domain port"));
  }
  if (host.empty()) return invalid("domain: empty host");
  if (host[0] == '[') return {};
  std::size_t label = 0;
  for (std::size_t i = 0; i <= host.size(); ++i) {
    if (i == host.size() || host[i] == '.') {
      if (label == 0) return invalid("domain: empty label in host " + quote(host));
      if (host[i - 1] == '-' || host[i - label] == '-')
        return invalid("domain: host label starts or ends with '-' in " + quote(host));
      label = 0;
      continue;
    }
    if (!is_alpha(host[i]) && !is_digit(host[i]) && host[i] != '-')
      return invalid("domain: character " + quote(host.substr(i, 1)) + " not allowed in host");
    ++label;
  }
  return {};
}

/// RFC 3986 URI: scheme ":" followed by URI characters (unreserved, reserved, %XX).
Status check_uri(std::string_view uri, std::string_view what) {
  const auto colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0)
    return invalid(std::string(what) + ": " + quote(uri) + " is not a URI (no scheme)");
  if (auto status = check_scheme(uri.substr(0, colon)); !status)
    return invalid(std::string(what) + ": " + quote(uri) + ": " + status.error().message);
  return check_chars(
      uri.substr(colon + 1),
      [](char c) { return is_unreserved(c) || is_sub_delim(c) || is_gen_delim(c); }, true, what);
}

Status check_statement(std::string_view statement) {
  if (statement.empty()) return invalid("statement: empty (omit it instead)");
  return check_chars(
      statement,
      [](char c) { return is_unreserved(c) || is_sub_delim(c) || is_gen_delim(c) || c == ' '; },
      false, "statement");
}

Status check_nonce(std::string_view nonce) {
  if (nonce.size() < 8)
    return invalid("nonce: " + quote(nonce) + " is shorter than 8 characters");
  return check_chars(nonce, [](char c) { return is_alpha(c) || is_digit(c); }, false, "nonce");
}

Status check_time(std::string_view text, std::string_view what) {
  if (auto time = parse_rfc3339(text); !time)
    return invalid(std::string(what) + ": " + time.error().message);
  return {};
}

Status check_request_id(std::string_view id) {
  return check_chars(
      id, [](char c) { return is_unreserved(c) || is_sub_delim(c) || c == ':' || c == '@'; }, true,
      "request id");
}

Result<std::uint64_t> parse_chain_id(std::string_view text) {
  if (text.empty()) return invalid("chain id: empty");
  if (text.size() > 1 && text[0] == '0') return invalid("chain id: leading zero in " + quote(text));
  std::uint64_t value = 0;
  for (char c : text) {
    if (!is_digit(c)) return invalid("chain id: " + quote(text) + " is not a decimal number");
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return invalid("chain id: " + quote(text) + " exceeds 2^64-1");
    value = value * 10 + digit;
  }
  return value;
}

Result<Address> parse_checksummed(std::string_view text) {
  auto address = Address::parse(text);
  if (!address) return invalid("address: " + address.error().message);
  if (auto expected = address->to_checksum(); expected != text)
    return invalid("address: " + quote(text) + " is not in EIP-55 checksum form, expected " + expected);
  return address;
}

// ---- RFC 3339 -----------------------------------------------------------------------------------
/// Days since 1970-01-01 of a proleptic Gregorian date.
constexpr std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

constexpr unsigned days_in_month(unsigned year, unsigned month) noexcept {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

Result<Timestamp> parse_rfc3339(std::string_view text) {
  const auto fail = [&](std::string_view what) {
    return invalid("invalid RFC 3339 time " + quote(text) + ": " + std::string(what));
  };
  std::size_t pos = 0;
  // Reads exactly `width` digits.
  const auto number = [&](std::size_t width, unsigned& out) {
    if (pos + width > text.size()) return false;
    unsigned value = 0;
    for (std::size_t i = 0; i < width; ++i) {
      const char c = text[pos + i];
      if (!is_digit(c)) return false;
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    pos += width;
    out = value;
    return true;
  };
  const auto expect = [&](char a, char b) {
    if (pos < text.size() && (text[pos] == a || text[pos] == b)) {
      ++pos;
      return true;
    }
    return false;
  };
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!number(4, year) || !expect('-', '-') || !number(2, month) || !expect('-', '-') ||
      !number(2, day))
    return fail("expected YYYY-MM-DD");
  if (month < 1 || month > 12) return fail("month out of range");
  if (day < 1 || day > days_in_month(year, month)) return fail("day out of range");
  if (!expect('T', 't')) return fail("expected 'T' after the date");
  if (!number(2, hour) || !expect(':', ':') || !number(2, minute) || !expect(':', ':') ||
      !number(2, second))
    return fail("expected hh:mm:ss");
  if (hour > 23 || minute > 59 || second > 60) return fail("time of day out of range");
  std::uint32_t nanos = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t digits = 0;
    std::uint32_t scale = 100000000;
    while (pos < text.size() && is_digit(text[pos])) {
      if (digits < 9) {
        nanos += static_cast<std::uint32_t>(text[pos] - '0') * scale;
        scale /= 10;
      }
      ++digits;
      ++pos;
    }
    if (digits == 0) return fail("expected digits after '.'");
  }
  std::int64_t offset = 0;
  if (expect('Z', 'z')) {
    offset = 0;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const bool negative = text[pos] == '-';
    ++pos;
    unsigned offset_hour = 0, offset_minute = 0;
    if (!number(2, offset_hour) || !expect(':', ':') || !number(2, offset_minute))
      return fail("expected a +hh:mm or -hh:mm offset");
    if (offset_hour > 23 || offset_minute > 59) return fail("offset out of range");
    offset = (negative ? -1 : 1) * static_cast<std::int64_t>(offset_hour * 3600 + offset_minute * 60);
  } else {
    return fail("expected 'Z' or a numeric offset");
  }
  if (pos != text.size()) return fail("junk after the offset");
  const std::int64_t seconds = days_from_civil(year, month, day) * 86400 +
                               static_cast<std::int64_t>(hour * 3600 + minute * 60 + second) - offset;
  return Timestamp{seconds, nanos};
}

std::string Message::to_string() const {
  std::string out;
  out.reserve(256);
  if (scheme) {
    out += *scheme;
    out += "://";
  }
  out += domain;
  out += kHeaderSuffix;
  out += '\n';
  out += address.to_checksum();
  out += "\n\n";
  if (statement) {
    out += *statement;
    out += '\n';
  }
  out += '\n';
  const auto line = [&out](std::string_view key, std::string_view value) {
    out += key;
    out += value;
  };
  line(kUri, uri);
  out += '\n';
  line(kVersion, version);
  out += '\n';
  line(kChainId, std::to_string(chain_id));
  out += '\n';
  line(kNonce, nonce);
  out += '\n';
  line(kIssuedAt, issued_at);
  if (expiration_time) {
    out += '\n';
    line(kExpirationTime, *expiration_time);
  }
  if (not_before) {
    out += '\n';
    line(kNotBefore, *not_before);
  }
  if (request_id) {
    out += '\n';
    line(kRequestId, *request_id);
  }
  if (resources) {
    out += '\n';
    out += kResources;
    for (const auto& resource : *resources) {
      out += '\n';
      line(kResourceItem, resource);
    }
  }
  return out;
}

namespace {

/// Walks the message line by line; errors carry the 1-based line number and the field.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}

  [[nodiscard]] bool at_end() const noexcept { return done_; }
  [[nodiscard]] std::size_t line_number() const noexcept { return number_ + 1; }
  /// The current line without consuming it (empty at the end).
  [[nodiscard]] std::string_view peek() const noexcept {
    if (done_) return {};
    const auto end = text_.find('\n', offset_);
    return text_.substr(offset_, end == std::string_view::npos ? std::string_view::npos : end - offset_);
  }
  void advance() noexcept {
    const auto end = text_.find('\n', offset_);
    if (end == std::string_view::npos) {
      done_ = true;
      offset_ = text_.size();
    } else {
      offset_ = end + 1;
    }
    ++number_;
  }

  [[nodiscard]] Error error(std::string_view field, std::string_view message) const {
    return invalid("siwe: line " + std::to_string(line_number()) + " (" + std::string(field) +
                   "): " + std::string(message));
  }
  /// Wraps an error from a field check with the line and field name.
  [[nodiscard]] Status wrap(Status status, std::string_view field) const {
    if (status) return status;
    return error(field, status.error().message);
  }

  /// The value of the current line "<key><value>" (not consumed); error naming the field otherwise.
  Result<std::string_view> keyed(std::string_view key, std::string_view field) const {
    if (done_) return error(field, "message ends where '" + std::string(key) + "...' was expected");
    const std::string_view line = peek();
    if (line.substr(0, key.size()) != key)
      return error(field, "expected '" + std::string(key) + "...', found " + quote(line));
    return line.substr(key.size());
  }
  /// Consumes an empty line.
  Status empty_line(std::string_view field) {
    if (done_) return error(field, "message ends where an empty line was expected");
    if (!peek().empty()) return error(field, "expected an empty line, found " + quote(peek()));
    advance();
    return {};
  }

 private:
  std::string_view text_;
  std::size_t offset_ = 0;
  std::size_t number_ = 0;
  bool done_ = false;
};

}  // namespace

Result<Message> parse(std::string_view text) {
  LineReader reader(text);
  Message message;

  // Line 1: [scheme "://"] domain " wants you to sign in with your Ethereum account:"
  {
    const std::string_view line = reader.peek();
    if (line.size() < kHeaderSuffix.size() ||
        line.substr(line.size() - kHeaderSuffix.size()) != kHeaderSuffix)
      return reader.error("domain", "expected '<domain>" + std::string(kHeaderSuffix) + "', found " +
                                        quote(line));
    std::string_view authority = line.substr(0, line.size() - kHeaderSuffix.size());
    if (auto sep = authority.find("://"); sep != std::string_view::npos) {
      const std::string_view scheme = authority.substr(0, sep);
      LB_TRY_STATUS(reader.wrap(check_scheme(scheme), "scheme"));
      message.scheme = std::string(scheme);
      authority = authority.substr(sep + 3);
    }
    LB_TRY_STATUS(reader.wrap(check_authority(authority), "domain"));
    message.domain = std::string(authority);
    reader.advance();
  }
  // Line 2: EIP-55 address.
  {
    if (reader.at_end()) return reader.error("address", "message ends before the address line");
    auto address = parse_checksummed(reader.peek());
    if (!address) return reader.error("address", address.error().message);
    message.address = address.value();
    reader.advance();
  }
  LB_TRY_STATUS(reader.empty_line("blank line after the address"));
  // Optional statement: a non-empty line followed by an empty line.
  if (reader.at_end()) return reader.error("statement", "message ends after the address");
  if (!reader.peek().empty()) {
    LB_TRY_STATUS(reader.wrap(check_statement(reader.peek()), "statement"));
    message.statement = std::string(reader.peek());
    reader.advance();
  }
  LB_TRY_STATUS(reader.empty_line(message.statement ? "blank line after the statement"
                                                    : "second blank line when there is no statement"));

  {
    LB_TRY(uri, reader.keyed(kUri, "URI"));
    LB_TRY_STATUS(reader.wrap(check_uri(uri, "uri"), "URI"));
    message.uri = std::string(uri);
    reader.advance();
  }
  {
    LB_TRY(version, reader.keyed(kVersion, "Version"));
    if (version != "1") return reader.error("Version", "must be 1, found " + quote(version));
    message.version = std::string(version);
    reader.advance();
  }
  {
    LB_TRY(chain, reader.keyed(kChainId, "Chain ID"));
    auto chain_id = parse_chain_id(chain);
    if (!chain_id) return reader.error("Chain ID", chain_id.error().message);
    message.chain_id = chain_id.value();
    reader.advance();
  }
  {
    LB_TRY(nonce, reader.keyed(kNonce, "Nonce"));
    LB_TRY_STATUS(reader.wrap(check_nonce(nonce), "Nonce"));
    message.nonce = std::string(nonce);
    reader.advance();
  }
  {
    LB_TRY(issued, reader.keyed(kIssuedAt, "Issued At"));
    LB_TRY_STATUS(reader.wrap(check_time(issued, "issued at"), "Issued At"));
    message.issued_at = std::string(issued);
    reader.advance();
  }
  // Optional trailing fields, in this order; each line starts with its key.
  const auto optional_field = [&reader](std::string_view key, std::string_view field,
                                        auto check, std::optional<std::string>& out) -> Status {
    if (reader.at_end() || reader.peek().substr(0, key.size()) != key) return {};
    const std::string_view value = reader.peek().substr(key.size());
    LB_TRY_STATUS(reader.wrap(check(value), field));
    out = std::string(value);
    reader.advance();
    return {};
  };
  LB_TRY_STATUS(optional_field(kExpirationTime, "Expiration Time",
                               [](std::string_view v) { return check_time(v, "expiration time"); },
                               message.expiration_time));
  LB_TRY_STATUS(optional_field(kNotBefore, "Not Before",
                               [](std::string_view v) { return check_time(v, "not before"); },
                               message.not_before));
  LB_TRY_STATUS(optional_field(kRequestId, "Request ID", check_request_id, message.request_id));
  if (!reader.at_end() && reader.peek() == kResources) {
    reader.advance();
    message.resources.emplace();
    while (!reader.at_end() && reader.peek().substr(0, kResourceItem.size()) == kResourceItem) {
      const std::string_view resource = reader.peek().substr(kResourceItem.size());
      LB_TRY_STATUS(reader.wrap(check_uri(resource, "resource"), "Resources"));
      message.resources->emplace_back(resource);
      reader.advance();
    }
  }
  if (!reader.at_end()) {
    if (reader.peek().empty())
      return reader.error("end", "unexpected empty line (the message must not end with a newline)");
    return reader.error("end", "unexpected line " + quote(reader.peek()) +
                                   " (out of order, repeated or unknown field)");
  }
  return message;
}

Status validate(const Message& message) {
  const auto wrap = [](Status status) -> Status {
    if (status) return status;
    return invalid("siwe: " + status.error().message);
  };
  if (message.scheme) LB_TRY_STATUS(wrap(check_scheme(*message.scheme)));
  LB_TRY_STATUS(wrap(check_authority(message.domain)));
  if (message.statement) LB_TRY_STATUS(wrap(check_statement(*message.statement)));
  LB_TRY_STATUS(wrap(check_uri(message.uri, "uri")));
  if (message.version != "1") return invalid("siwe: version must be 1, found " + quote(message.version));
  LB_TRY_STATUS(wrap(check_nonce(message.nonce)));
  LB_TRY_STATUS(wrap(check_time(message.issued_at, "issued at")));
  if (message.expiration_time) LB_TRY_STATUS(wrap(check_time(*message.expiration_time, "expiration time")));
  if (message.not_before) LB_TRY_STATUS(wrap(check_time(*message.not_before, "not before")));
  if (message.request_id) LB_TRY_STATUS(wrap(check_request_id(*message.request_id)));
  if (message.resources)
    for (const auto& resource : *message.resources) LB_TRY_STATUS(wrap(check_uri(resource, "resource")));
  return {};
}

namespace {

Error mismatch(std::string message) { return make_error(Errc::state, "siwe: " + std::move(message)); }

Timestamp now() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  const auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
  const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch - seconds);
  return Timestamp{seconds.count(), static_cast<std::uint32_t>(nanos.count())};
}

}  // namespace

Status verify(const Message& message, const Signature& signature, const VerifyOptions& options) {
  LB_TRY_STATUS(validate(message));
  if (options.scheme && message.scheme != options.scheme)
    return mismatch("scheme " + quote(message.scheme.value_or("")) + " does not match the expected " +
                    quote(*options.scheme));
  if (options.domain && message.domain != *options.domain)
    return mismatch("domain " + quote(message.domain) + " does not match the expected " +
                    quote(*options.domain));
  if (options.address && message.address != *options.address)
    return mismatch("address " + message.address.to_checksum() + " does not match the expected " +
                    options.address->to_checksum());
  if (options.chain_id && message.chain_id != *options.chain_id)
    return mismatch("chain id " + std::to_string(message.chain_id) + " does not match the expected " +
                    std::to_string(*options.chain_id));
  if (options.nonce && message.nonce != *options.nonce)
    return mismatch("nonce " + quote(message.nonce) + " does not match the expected " +
                    quote(*options.nonce));

  const Timestamp time = options.time ? *options.time : now();
  // validate() has checked every time field, so these parses succeed.
  if (parse_rfc3339(message.issued_at).value() > time)
    return mismatch("message issued at " + message.issued_at + " is later than the check time");
  if (message.expiration_time && time >= parse_rfc3339(*message.expiration_time).value())
    return mismatch("message expired at " + *message.expiration_time);
  if (message.not_before && time < parse_rfc3339(*message.not_before).value())
    return mismatch("message is not valid before " + *message.not_before);

  auto signer = recover_message_signer(as_bytes(message.to_string()), signature);
  if (!signer) return make_error(Errc::signature, "siwe: " + signer.error().message);
  if (signer.value() != message.address)
    return make_error(Errc::signature, "siwe: signature is by " + signer->to_checksum() + ", not by " +
                                           message.address.to_checksum());
  return {};
}

}  // namespace liquidbot::siwe
