// ABI types and signatures: validation, canonical spelling, and the human-readable parser.
#include <liquidbot/abi.hpp>

#include <cctype>
#include <charconv>

namespace liquidbot::abi {
namespace {

Error type_error(std::string message) { return make_error(Errc::invalid_argument, "abi: " + std::move(message)); }

Status validate_at(const Type& type, std::size_t depth) {
  switch (type.kind) {
    case Kind::unsigned_int:
    case Kind::signed_int:
      if (type.size < 8 || type.size > 256 || type.size % 8 != 0)
        return type_error("invalid type: integer size " + std::to_string(type.size) +
                          " is not a multiple of 8 in 8..256");
      return {};
    case Kind::fixed_bytes:
      if (type.size < 1 || type.size > 32)
        return type_error("invalid type: bytes" + std::to_string(type.size) + " needs a size in 1..32");
      return {};
    case Kind::address:
    case Kind::boolean:
    case Kind::bytes:
    case Kind::string:
      return {};
    case Kind::fixed_array:
    case Kind::dynamic_array:
    case Kind::tuple: {
      if (depth >= kMaxTypeDepth)
        return type_error("invalid type: nesting deeper than " + std::to_string(kMaxTypeDepth) + " levels");
      if (type.kind != Kind::tuple && type.components.size() != 1)
        return type_error("invalid type: an array needs exactly one element type");
      if (type.kind == Kind::tuple && type.components.empty())
        return type_error("invalid type: a tuple needs at least one member");
      if (type.kind == Kind::fixed_array && type.length == 0)
        return type_error("invalid type: a fixed-size array needs a length of at least 1");
      std::size_t static_size = 0;
      for (const auto& component : type.components) {
        LB_TRY_STATUS(validate_at(component, depth + 1));
        static_size += component.head_size();  // each <= kMaxStaticSize: no overflow
        if (static_size > kMaxStaticSize) break;
      }
      // Heads of T[k]: k times the element's head (32 for a dynamic element).
      if (type.kind == Kind::fixed_array && type.length > kMaxStaticSize / static_size)
        static_size = kMaxStaticSize + 1;
      if (static_size > kMaxStaticSize)
        return type_error("invalid type: static size exceeds " + std::to_string(kMaxStaticSize) + " bytes");
      return {};
    }
  }
  return type_error("invalid type: unknown kind");
}

void append_canonical(const Type& type, std::string& out) {
  switch (type.kind) {
    case Kind::unsigned_int: out += "uint" + std::to_string(type.size); return;
    case Kind::signed_int: out += "int" + std::to_string(type.size); return;
    case Kind::address: out += "address"; return;
    case Kind::boolean: out += "bool"; return;
    case Kind::fixed_bytes: out += "bytes" + std::to_string(type.size); return;
    case Kind::bytes: out += "bytes"; return;
    case Kind::string: out += "string"; return;
    case Kind::fixed_array:
    case Kind::dynamic_array:
      if (type.components.empty()) {
        out += "?";
      } else {
        append_canonical(type.components.front(), out);
      }
      out += type.kind == Kind::fixed_array ? "[" + std::to_string(type.length) + "]" : "[]";
      return;
    case Kind::tuple:
      out += '(';
      for (std::size_t i = 0; i < type.components.size(); ++i) {
        if (i != 0) out += ',';
        append_canonical(type.components[i], out);
      }
      out += ')';
      return;
  }
}

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$'; }
bool is_ident_char(char c) { return is_ident_start(c) || std::isdigit(static_cast<unsigned char>(c)) != 0; }

/// Recursive-descent parser of types and signatures over one input text.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Result<Type> whole_type() {
    LB_TRY(type, parse_type_at(0));
    skip_space();
    if (!at_end()) return fail("unexpected '" + std::string(1, text_[pos_]) + "' after the type");
    LB_TRY_STATUS(type.validate());
    return type;
  }

  Result<Signature> whole_signature() {
    Signature sig;
    skip_space();
    std::string_view word = identifier();
    if (word == "function" || word == "event" || word == "error") {
      skip_space();
      if (pos_ < text_.size() && is_ident_start(text_[pos_])) word = identifier();
    }
    sig.name = std::string(word);
    skip_space();
    if (!consume('(')) return fail("expected '(' after the name");
    LB_TRY(inputs, parse_list_at(0, true));
    sig.inputs = std::move(inputs);
    skip_space();
    std::size_t before = pos_;
    if (identifier() != "returns") pos_ = before;
    skip_space();
    if (consume('(')) {
      LB_TRY(outputs, parse_list_at(0, true));
      sig.outputs = std::move(outputs);
    } else if (pos_ != before) {
      return fail("expected '(' after 'returns'");
    }
    skip_space();
    if (!at_end()) return fail("unexpected '" + std::string(1, text_[pos_]) + "' after the signature");
    for (const auto& type : sig.inputs) LB_TRY_STATUS(type.validate());
    for (const auto& type : sig.outputs) LB_TRY_STATUS(type.validate());
    return sig;
  }

 private:
  Error fail(const std::string& what) const {
    return type_error(what + " at position " + std::to_string(pos_) + " in '" + std::string(text_) + "'");
  }
  [[nodiscard]] bool at_end() const { return pos_ >= text_.size(); }
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])) != 0) ++pos_;
  }
  bool consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  std::string_view identifier() {
    std::size_t start = pos_;
    if (pos_ < text_.size() && is_ident_start(text_[pos_])) {
      while (pos_ < text_.size() && is_ident_char(text_[pos_])) ++pos_;
    }
    return text_.substr(start, pos_ - start);
  }

  /// After '(' was consumed: parameters up to the matching ')'. Parameters may carry a name and
  /// data-location keywords; an empty list is allowed only where `allow_empty`.
  Result<std::vector<Type>> parse_list_at(std::size_t depth, bool allow_empty) {
    std::vector<Type> types;
    skip_space();
    if (consume(')')) {
      if (!allow_empty) return fail("a tuple needs at least one member");
      return types;
    }
    while (true) {
      LB_TRY(type, parse_type_at(depth));
      // Optional data-location keywords and one parameter name.
      bool named = false;
      while (true) {
        skip_space();
        std::size_t before = pos_;
        std::string_view word = identifier();
        if (word.empty()) break;
        if (word == "indexed" || word == "memory" || word == "calldata" || word == "storage") continue;
        if (named) {
          pos_ = before;
          return fail("unexpected '" + std::string(word) + "' after a parameter name");
        }
        named = true;
      }
      types.push_back(std::move(type));
      skip_space();
      if (consume(')')) return types;
      if (!consume(',')) {
        if (at_end()) return fail("missing ')'");
        return fail("expected ',' or ')'");
      }
    }
  }

  Result<Type> parse_type_at(std::size_t depth) {
    if (depth >= kMaxTypeDepth)
      return fail("type nesting deeper than " + std::to_string(kMaxTypeDepth) + " levels");
    skip_space();
    Type type;
    std::size_t start = pos_;
    if (consume('(')) {
      LB_TRY(members, parse_list_at(depth + 1, false));
      type = Type::tuple(std::move(members));
    } else {
      std::string_view word = identifier();
      if (word.empty()) {
        if (at_end()) return fail("missing type");
        return fail("expected a type, found '" + std::string(1, text_[pos_]) + "'");
      }
      if (word == "tuple") {
        skip_space();
        if (!consume('(')) return fail("expected '(' after 'tuple'");
        LB_TRY(members, parse_list_at(depth + 1, false));
        type = Type::tuple(std::move(members));
      } else {
        LB_TRY(elementary, parse_elementary(word, start));
        type = std::move(elementary);
        if (type.kind == Kind::address) {  // `address payable` is an address
          std::size_t before = pos_;
          skip_space();
          if (identifier() != "payable") pos_ = before;
        }
      }
    }
    std::size_t levels = 0;
    while (true) {
      std::size_t before = pos_;
      skip_space();
      if (!consume('[')) {
        pos_ = before;
        break;
      }
      if (depth + ++levels > kMaxTypeDepth)
        return fail("type nesting deeper than " + std::to_string(kMaxTypeDepth) + " levels");
      skip_space();
      if (consume(']')) {
        type = Type::array(std::move(type));
        continue;
      }
      std::size_t digits_start = pos_;
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_])) != 0) ++pos_;
      std::string_view digits = text_.substr(digits_start, pos_ - digits_start);
      std::size_t length = 0;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
      if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size()) {
        pos_ = digits_start;
        return fail("expected an array length or ']'");
      }
      if (length == 0) {
        pos_ = digits_start;
        return fail("array length must be at least 1");
      }
      skip_space();
      if (!consume(']')) return fail("expected ']'");
      type = Type::fixed_array(std::move(type), length);
    }
    return type;
  }

  Result<Type> parse_elementary(std::string_view word, std::size_t start) {
    auto sized = [&](std::string_view prefix, unsigned& size) -> int {
      // 0: not this prefix; 1: prefix alone; 2: prefix + valid decimal number; -1: bad number.
      if (word.substr(0, prefix.size()) != prefix) return 0;
      std::string_view rest = word.substr(prefix.size());
      if (rest.empty()) return 1;
      if (rest[0] == '0') return -1;
      auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), size);
      return (ec == std::errc{} && end == rest.data() + rest.size()) ? 2 : -1;
    };
    auto bad = [&](const std::string& why) {
      pos_ = start;
      return fail("bad type '" + std::string(word) + "' (" + why + ")");
    };
    if (word == "address") return Type::address();
    if (word == "bool") return Type::boolean();
    if (word == "string") return Type::string();
    unsigned size = 0;
    for (bool is_signed : {false, true}) {
      int kind = sized(is_signed ? "int" : "uint", size);
      if (kind == 1) return is_signed ? Type::int_(256) : Type::uint(256);
      if (kind == 2 && size >= 8 && size <= 256 && size % 8 == 0)
        return is_signed ? Type::int_(size) : Type::uint(size);
      if (kind != 0) return bad("integer sizes are 8..256 in steps of 8");
    }
    int kind = sized("bytes", size);
    if (kind == 1) return Type::bytes();
    if (kind == 2 && size >= 1 && size <= 32) return Type::fixed_bytes(size);
    if (kind != 0) return bad("bytesN needs N in 1..32");
    if (word.substr(0, 5) == "fixed" || word.substr(0, 6) == "ufixed") return bad("fixed-point types are not supported");
    if (word == "function") return bad("function types are not supported");
    return bad("unknown type");
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

bool Type::is_dynamic() const noexcept {
  switch (kind) {
    case Kind::bytes:
    case Kind::string:
    case Kind::dynamic_array:
      return true;
    case Kind::fixed_array:
    case Kind::tuple:
      for (const auto& component : components)
        if (component.is_dynamic()) return true;
      return false;
    default:
      return false;
  }
}

std::size_t Type::head_size() const noexcept {
  switch (kind) {
    case Kind::fixed_array:
      if (components.empty() || components.front().is_dynamic()) return 32;
      return length * components.front().head_size();
    case Kind::tuple: {
      if (is_dynamic()) return 32;
      std::size_t total = 0;
      for (const auto& component : components) total += component.head_size();
      return total;
    }
    default:
      return 32;
  }
}

std::string Type::canonical() const {
  std::string out;
  append_canonical(*this, out);
  return out;
}

Status Type::validate() const { return validate_at(*this, 0); }

Result<Type> parse_type(std::string_view text) { return Parser(text).whole_type(); }

Result<Signature> parse_signature(std::string_view text) { return Parser(text).whole_signature(); }

std::string Signature::canonical() const {
  std::string out = name;
  out += '(';
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (i != 0) out += ',';
    append_canonical(inputs[i], out);
  }
  out += ')';
  return out;
}

Selector Signature::selector() const { return liquidbot::selector(canonical()); }

Hash Signature::topic() const { return keccak256(canonical()); }

}  // namespace liquidbot::abi
