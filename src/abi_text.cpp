// ABI values as text: cast-style argument parsing and printing.
#include <liquidbot/abi.hpp>

#include <cctype>

namespace liquidbot::abi {
namespace {

Error text_error(const std::string& where, const std::string& what) {
  return make_error(Errc::invalid_argument, "abi: " + (where.empty() ? "" : where + ": ") + what);
}

/// 'text' in single quotes (built by appending: GCC 12 misreports "'" + std::string under -O2).
std::string quoted(std::string_view text) {
  std::string out = "'";
  out += text;
  out += '\'';
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) text.remove_suffix(1);
  return text;
}

/// The elements between the outer brackets of `text` (already trimmed, starting with `open`),
/// split at top-level commas; quotes and nested brackets protect their commas.
Result<std::vector<std::string_view>> split_list(std::string_view text, char open, char close, const std::string& where) {
  if (text.size() < 2 || text.front() != open || text.back() != close)
    return text_error(where, std::string("expected a list in '") + open + "..." + close + "', got '" +
                                 std::string(text) + "'");
  std::string_view inner = text.substr(1, text.size() - 2);
  std::vector<std::string_view> items;
  if (trim(inner).empty()) return items;
  std::string closers;
  bool quoted = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < inner.size(); ++i) {
    char c = inner[i];
    if (quoted) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        quoted = false;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
    } else if (c == '[' || c == '(') {
      closers.push_back(c == '[' ? ']' : ')');
    } else if (c == ']' || c == ')') {
      if (closers.empty() || closers.back() != c)
        return text_error(where, std::string("unbalanced '") + c + "' in '" + std::string(text) + "'");
      closers.pop_back();
    } else if (c == ',' && closers.empty()) {
      items.push_back(inner.substr(start, i - start));
      start = i + 1;
    }
  }
  if (quoted) return text_error(where, "unterminated quote in '" + std::string(text) + "'");
  if (!closers.empty()) return text_error(where, "missing '" + std::string(1, closers.back()) + "' in '" + std::string(text) + "'");
  items.push_back(inner.substr(start));
  return items;
}

Result<std::string> unquote(std::string_view text, const std::string& where) {
  std::string out;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    char c = text[i];
    if (c == '\\') {
      if (i + 2 >= text.size()) return text_error(where, "dangling '\\' in " + std::string(text));
      char next = text[++i];
      if (next != '"' && next != '\\') return text_error(where, std::string("unknown escape '\\") + next + "'");
      out.push_back(next);
    } else if (c == '"') {
      return text_error(where, "unescaped '\"' inside " + std::string(text));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Result<Value> parse_at(const Type& type, std::string_view text, const std::string& where, bool nested) {
  if (nested) text = trim(text);
  switch (type.kind) {
    case Kind::unsigned_int: {
      auto parsed = u256::from_string(text);
      if (!parsed) return text_error(where, quoted(text) + " is not an unsigned integer: " + parsed.error().message);
      if (parsed->bit_length() > type.size)
        return text_error(where, std::string(text) + " does not fit in uint" + std::to_string(type.size));
      return Value(*parsed);
    }
    case Kind::signed_int: {
      bool negative = !text.empty() && text.front() == '-';
      auto parsed = u256::from_string(negative ? text.substr(1) : text);
      if (!parsed) return text_error(where, quoted(text) + " is not an integer: " + parsed.error().message);
      u256 limit = u256(1) << (type.size - 1u);  // |min|; max is limit - 1
      if (negative ? *parsed > limit : *parsed >= limit)
        return text_error(where, std::string(text) + " does not fit in int" + std::to_string(type.size));
      return Value(negative ? ~*parsed + u256(1) : *parsed);
    }
    case Kind::address: {
      auto parsed = Address::parse(text);
      if (!parsed) return text_error(where, quoted(text) + " is not an address: " + parsed.error().message);
      return Value(*parsed);
    }
    case Kind::boolean:
      if (text == "true") return Value(true);
      if (text == "false") return Value(false);
      return text_error(where, quoted(text) + " is not a bool (true or false)");
    case Kind::fixed_bytes:
    case Kind::bytes: {
      if (text.substr(0, 2) != "0x" && text.substr(0, 2) != "0X")
        return text_error(where, quoted(text) + " is not 0x-prefixed hex");
      auto parsed = hex_decode(text);
      if (!parsed) return text_error(where, quoted(text) + " is not hex: " + parsed.error().message);
      if (type.kind == Kind::fixed_bytes && parsed->size() != type.size)
        return text_error(where, std::to_string(parsed->size()) + " bytes given, bytes" + std::to_string(type.size) +
                                     " needs exactly " + std::to_string(type.size));
      return Value(std::move(parsed).value());
    }
    case Kind::string:
      if (nested && !text.empty() && text.front() == '"') {
        if (text.size() < 2 || text.back() != '"') return text_error(where, "unterminated quote in " + std::string(text));
        LB_TRY(unquoted, unquote(text, where));
        return Value(std::move(unquoted));
      }
      return Value(std::string(text));
    case Kind::fixed_array:
    case Kind::dynamic_array:
    case Kind::tuple: {
      bool is_tuple = type.kind == Kind::tuple;
      std::string_view body = trim(text);
      LB_TRY(items, split_list(body, is_tuple ? '(' : '[', is_tuple ? ')' : ']', where));
      std::size_t expected = is_tuple ? type.components.size() : type.length;
      if (type.kind != Kind::dynamic_array && items.size() != expected)
        return text_error(where, std::to_string(items.size()) + (is_tuple ? " members" : " elements") +
                                     " given, " + type.canonical() + " needs " + std::to_string(expected));
      Values list;
      list.reserve(items.size());
      for (std::size_t i = 0; i < items.size(); ++i) {
        std::string child = where;
        child += is_tuple ? '.' : '[';
        child += std::to_string(i);
        if (!is_tuple) child += ']';
        LB_TRY(element, parse_at(type.components[is_tuple ? i : 0], items[i], child, true));
        list.push_back(std::move(element));
      }
      return Value(std::move(list));
    }
  }
  return text_error(where, "unknown type kind");
}

std::string signed_text(const u256& v) {
  if (v.bit_length() < 256) return v.to_dec();
  std::string out = "-";
  out += (~v + u256(1)).to_dec();
  return out;
}

void format_shape(const Value& value, std::string& out);

void format_list(const Values& list, const Type* type, char open, char close, std::string& out);

void format_at(const Type& type, const Value& value, std::string& out) {
  switch (type.kind) {
    case Kind::signed_int:
      if (const u256* v = value.as_int()) {
        out += signed_text(*v);
        return;
      }
      break;
    case Kind::string:
      if (const std::string* s = value.as_string()) {
        out += *s;
        return;
      }
      break;
    case Kind::fixed_array:
    case Kind::dynamic_array:
    case Kind::tuple:
      if (const Values* list = value.as_list()) {
        bool is_tuple = type.kind == Kind::tuple;
        format_list(*list, &type, is_tuple ? '(' : '[', is_tuple ? ')' : ']', out);
        return;
      }
      break;
    default:
      break;
  }
  format_shape(value, out);
}

void format_list(const Values& list, const Type* type, char open, char close, std::string& out) {
  out += open;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i != 0) out += ", ";
    const Type* member = nullptr;
    if (type != nullptr) {
      if (type->kind == Kind::tuple) {
        if (i < type->components.size()) member = &type->components[i];
      } else if (!type->components.empty()) {
        member = &type->components.front();
      }
    }
    if (member != nullptr) {
      format_at(*member, list[i], out);
    } else {
      format_shape(list[i], out);
    }
  }
  out += close;
}

void format_shape(const Value& value, std::string& out) {
  if (const u256* v = value.as_int()) {
    out += v->to_dec();
  } else if (const Address* a = value.as_address()) {
    out += a->to_checksum();
  } else if (const bool* b = value.as_bool()) {
    out += *b ? "true" : "false";
  } else if (const Bytes* bytes = value.as_bytes()) {
    out += hex_encode(*bytes);
  } else if (const std::string* s = value.as_string()) {
    out += *s;
  } else if (const Values* list = value.as_list()) {
    format_list(*list, nullptr, '[', ']', out);
  }
}

}  // namespace

Result<Value> parse_value(const Type& type, std::string_view text) {
  LB_TRY_STATUS(type.validate());
  return parse_at(type, text, "", false);
}

std::string format_value(const Type& type, const Value& value) {
  std::string out;
  format_at(type, value, out);
  return out;
}

}  // namespace liquidbot::abi
