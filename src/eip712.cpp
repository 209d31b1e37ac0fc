// EIP-712 typed data: type validation and compilation, encodeType, hashStruct, domain separator,
// eth_signTypedData_v4 parsing, hashing and signing (acceptance rules of ethers v6).
#include <liquidbot/eip712.hpp>
#include <liquidbot/keccak.hpp>

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <string>

namespace liquidbot::eip712 {
namespace {

constexpr std::uint64_t kDynamic = UINT64_MAX;  // "[]" in a field type

enum class Atom : std::uint8_t { none, uint_, int_, fixed_bytes, bytes, string, boolean, address };

struct BaseType {
  Atom atom = Atom::none;
  unsigned width = 0;  // bits for intN/uintN, bytes for bytesN
};

std::string in_quotes(std::string_view text) {
  std::string out = "\"";
  out += text;
  out += '"';
  return out;
}

Error invalid(std::string message) {
  return make_error(Errc::invalid_argument, "eip712: " + std::move(message));
}

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// Decimal digits to a number, saturating at kDynamic - 1 (no array can be that long).
std::uint64_t saturating_decimal(std::string_view digits) noexcept {
  std::uint64_t value = 0;
  for (char c : digits) {
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (kDynamic - 1 - digit) / 10) return kDynamic - 1;
    value = value * 10 + digit;
  }
  return value;
}

/// Width digits that spell a canonical number (no leading zero), or 0.
unsigned canonical_width(std::string_view digits) noexcept {
  if (digits.empty() || digits.size() > 3 || digits[0] == '0') return 0;
  return static_cast<unsigned>(saturating_decimal(digits));
}

/// ethers getBaseEncoder: the atomic type named `base`, Atom::none when `base` is not atomic,
/// an error for intN/uintN/bytesN with a width that is not allowed.
Result<BaseType> atomic_type(std::string_view base) {
  const auto all_digits = [](std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), is_digit);
  };
  for (const bool is_signed : {false, true}) {
    const std::string_view prefix = is_signed ? "int" : "uint";
    if (base.substr(0, prefix.size()) == prefix && all_digits(base.substr(prefix.size()))) {
      const unsigned width = canonical_width(base.substr(prefix.size()));
      if (width == 0 || width % 8 != 0 || width > 256)
        return invalid("invalid numeric width in type " + in_quotes(base));
      return BaseType{is_signed ? Atom::int_ : Atom::uint_, width};
    }
  }
  if (base.substr(0, 5) == "bytes" && all_digits(base.substr(5))) {
    const unsigned width = canonical_width(base.substr(5));
    if (width == 0 || width > 32) return invalid("invalid bytes width in type " + in_quotes(base));
    return BaseType{Atom::fixed_bytes, width};
  }
  if (base == "address") return BaseType{Atom::address, 0};
  if (base == "bool") return BaseType{Atom::boolean, 0};
  if (base == "bytes") return BaseType{Atom::bytes, 0};
  if (base == "string") return BaseType{Atom::string, 0};
  return BaseType{};
}

/// "Person[2][]" -> base "Person", dims {2, dynamic}. A suffix that is not made of "[digits*]"
/// groups leaves the whole text as the base (ethers splitArray).
struct SplitType {
  std::string_view base;
  std::string_view index;  // "[2][]" or empty
  std::vector<std::uint64_t> dims;
};

SplitType split_array(std::string_view type) {
  SplitType split{type, {}, {}};
  const auto open = type.find('[');
  if (open == std::string_view::npos) return split;
  std::vector<std::uint64_t> dims;
  std::size_t pos = open;
  while (pos < type.size()) {
    if (type[pos] != '[') return split;
    const auto close = type.find(']', pos);
    if (close == std::string_view::npos) return split;
    const std::string_view digits = type.substr(pos + 1, close - pos - 1);
    if (!std::all_of(digits.begin(), digits.end(), is_digit)) return split;
    dims.push_back(digits.empty() ? kDynamic : saturating_decimal(digits));
    pos = close + 1;
  }
  split.base = type.substr(0, open);
  split.index = type.substr(open);
  split.dims = std::move(dims);
  return split;
}

/// A member type resolved against the struct set.
struct FieldType {
  BaseType base;
  std::size_t struct_index = 0;     // when base.atom == Atom::none
  std::vector<std::uint64_t> dims;  // in text order; the last one is the outermost
};

/// Appends "Name(type1 name1,type2 name2)".
void append_struct_encoding(std::string& out, const StructType& type) {
  out += type.name;
  out += '(';
  for (std::size_t i = 0; i < type.fields.size(); ++i) {
    if (i != 0) out += ',';
    out += type.fields[i].type;
    out += ' ';
    out += type.fields[i].name;
  }
  out += ')';
}

}  // namespace

struct Types::Impl {
  std::vector<StructType> structs;
  std::vector<std::vector<FieldType>> fields;  // parallel to structs
  std::vector<std::string> encoded_types;      // parallel to structs
  std::vector<Hash> type_hashes;               // parallel to structs
  std::map<std::string, std::size_t, std::less<>> index;
  std::size_t primary = 0;
};

// ---- Value and JSON -----------------------------------------------------------------------------

const Value* Value::find(std::string_view key) const noexcept {
  if (kind() != Kind::object) return nullptr;
  const Object& members = as_object();
  for (auto it = members.rbegin(); it != members.rend(); ++it)
    if (it->first == key) return &it->second;
  return nullptr;
}

namespace {

Result<Value> from_element(simdjson::dom::element element) {
  using simdjson::dom::element_type;
  switch (element.type()) {
    case element_type::NULL_VALUE:
      return Value();
    case element_type::BOOL:
      return Value::boolean(element.get_bool().value_unsafe());
    case element_type::INT64:
      return Value::number(static_cast<double>(element.get_int64().value_unsafe()));
    case element_type::UINT64:
      return Value::number(static_cast<double>(element.get_uint64().value_unsafe()));
    case element_type::DOUBLE:
      return Value::number(element.get_double().value_unsafe());
    case element_type::STRING:
      return Value::string(std::string(element.get_string().value_unsafe()));
    case element_type::ARRAY: {
      Value::Array items;
      // Keep the array in a named variable: a range-for over value_unsafe() of a temporary
      // simdjson_result would iterate a destroyed object.
      const simdjson::dom::array array = element.get_array().value_unsafe();
      for (simdjson::dom::element item : array) {
        LB_TRY(value, from_element(item));
        items.push_back(std::move(value));
      }
      return Value::array(std::move(items));
    }
    case element_type::OBJECT: {
      Value::Object members;
      const simdjson::dom::object object = element.get_object().value_unsafe();
      for (simdjson::dom::key_value_pair member : object) {
        LB_TRY(value, from_element(member.value));
        members.emplace_back(std::string(member.key), std::move(value));
      }
      return Value::object(std::move(members));
    }
  }
  return make_error(Errc::decode, "eip712: unknown JSON element type");
}

}  // namespace

Result<Value> parse_json(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(json.data(), json.size()).get(root); error != simdjson::SUCCESS)
    return make_error(Errc::decode,
                      std::string("eip712: invalid JSON: ") + simdjson::error_message(error));
  return from_element(root);
}

// ---- leaf encoding ------------------------------------------------------------------------------
namespace {

/// Error at a JSON path: "eip712: message.to.wallet: <what>".
Error at(const std::string& path, std::string_view what) {
  return invalid(path + ": " + std::string(what));
}

std::string_view kind_name(Value::Kind kind) noexcept {
  switch (kind) {
    case Value::Kind::null: return "null";
    case Value::Kind::boolean: return "a boolean";
    case Value::Kind::number: return "a number";
    case Value::Kind::string: return "a string";
    case Value::Kind::array: return "an array";
    case Value::Kind::object: return "an object";
  }
  return "a value";
}

std::string type_name(const BaseType& base) {
  switch (base.atom) {
    case Atom::uint_: return "uint" + std::to_string(base.width);
    case Atom::int_: return "int" + std::to_string(base.width);
    case Atom::fixed_bytes: return "bytes" + std::to_string(base.width);
    case Atom::bytes: return "bytes";
    case Atom::string: return "string";
    case Atom::boolean: return "bool";
    case Atom::address: return "address";
    case Atom::none: break;
  }
  return "struct";
}

/// An integer as ethers getBigInt reads it: a safe-integer number or a decimal / 0x-hex string
/// with an optional leading '-'. Returns the two's complement 256-bit word, range checked.
Result<Hash> encode_integer(const Value& value, const BaseType& base, const std::string& path) {
  bool negative = false;
  u256 magnitude;
  if (value.kind() == Value::Kind::number) {
    const double number = value.as_number();
    if (!std::isfinite(number) || std::trunc(number) != number)
      return at(path, "number " + std::to_string(number) + " is not an integer");
    if (std::fabs(number) > 9007199254740991.0)
      return at(path, "number exceeds 2^53-1 (JavaScript's safe integers); pass it as a string");
    const auto integer = static_cast<std::int64_t>(number);
    negative = integer < 0;
    magnitude = u256(static_cast<std::uint64_t>(negative ? -integer : integer));
  } else if (value.kind() == Value::Kind::string) {
    std::string_view text = value.as_string();
    if (text.size() > 1 && text[0] == '-') {
      negative = true;
      text.remove_prefix(1);
    }
    const bool hex = text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    auto parsed = hex ? u256::from_hex(text) : u256::from_dec(text);
    if (!parsed) return at(path, "invalid integer " + in_quotes(value.as_string()) + ": " + parsed.error().message);
    magnitude = parsed.value();
  } else {
    return at(path, "expected an integer (number or string) for " + type_name(base) + ", got " +
                        std::string(kind_name(value.kind())));
  }
  const unsigned limit_bits = base.atom == Atom::int_ ? base.width - 1 : base.width;
  bool in_range = magnitude.bit_length() <= limit_bits;
  if (negative && !magnitude.is_zero()) {
    in_range = base.atom == Atom::int_ &&
               (in_range || magnitude == (u256(1) << (base.width - 1)));
  }
  if (!in_range) return at(path, "value out-of-bounds for " + type_name(base));
  const u256 word = negative ? (~magnitude + u256(1)) : magnitude;
  Hash out;
  word.to_be32(out.data());
  return out;
}

/// 0x-prefixed hex with an even number of digits (ethers getBytes on a string).
Result<Bytes> hex_bytes(const Value& value, const std::string& path) {
  if (value.kind() != Value::Kind::string)
    return at(path, "expected a 0x hex string, got " + std::string(kind_name(value.kind())));
  const std::string& text = value.as_string();
  if (text.size() < 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
    return at(path, "expected a 0x hex string, got " + in_quotes(text));
  auto bytes = hex_decode(text);
  if (!bytes) return at(path, bytes.error().message);
  return bytes;
}

/// An address as ethers getAddress reads it: 40 hex digits, "0x" optional; mixed case must carry
/// a valid EIP-55 checksum.
Result<Address> address_of(const Value& value, const std::string& path) {
  if (value.kind() != Value::Kind::string)
    return at(path, "expected an address string, got " + std::string(kind_name(value.kind())));
  const std::string& text = value.as_string();
  if (text.size() == 40) {
    auto address = Address::parse("0x" + text);
    if (!address) return at(path, address.error().message);
    return address;
  }
  if (text.size() != 42 || text[1] != 'x') return at(path, "invalid address " + in_quotes(text));
  auto address = Address::parse(text);
  if (!address) return at(path, address.error().message);
  return address;
}

/// The 32-byte member encoding of an atomic value.
Result<Hash> encode_atom(const BaseType& base, const Value& value, const std::string& path) {
  switch (base.atom) {
    case Atom::uint_:
    case Atom::int_:
      return encode_integer(value, base, path);
    case Atom::fixed_bytes: {
      LB_TRY(bytes, hex_bytes(value, path));
      if (bytes.size() != base.width)
        return at(path, "invalid length for " + type_name(base) + ": " + std::to_string(bytes.size()) + " bytes");
      Hash out;
      std::copy(bytes.begin(), bytes.end(), out.bytes.begin());
      return out;
    }
    case Atom::bytes: {
      LB_TRY(bytes, hex_bytes(value, path));
      return keccak256(ByteView(bytes));
    }
    case Atom::string:
      if (value.kind() != Value::Kind::string)
        return at(path, "expected a string, got " + std::string(kind_name(value.kind())));
      return keccak256(as_bytes(value.as_string()));
    case Atom::boolean: {
      if (value.kind() != Value::Kind::boolean)
        return at(path, "expected true or false, got " + std::string(kind_name(value.kind())));
      Hash out;
      out.bytes[31] = value.as_bool() ? 1 : 0;
      return out;
    }
    case Atom::address: {
      LB_TRY(address, address_of(value, path));
      Hash out;
      std::copy(address.bytes.begin(), address.bytes.end(), out.bytes.begin() + 12);
      return out;
    }
    case Atom::none:
      break;
  }
  return make_error(Errc::internal, "eip712: encode_atom called for a struct");
}

/// Walks a value against the compiled types; `path` names the current JSON location.
class Encoder {
 public:
  Encoder(const Types::Impl& impl, std::string path) : impl_(impl), path_(std::move(path)) {}

  /// Feeds typeHash and each member word of struct `index` to `sink`.
  template <typename Sink>
  Status members(std::size_t index, const Value& value, Sink&& sink) {
    if (value.kind() != Value::Kind::object)
      return at(path_, "expected an object for struct " + in_quotes(impl_.structs[index].name) + ", got " +
                           std::string(kind_name(value.kind())));
    sink(impl_.type_hashes[index]);
    const auto& fields = impl_.structs[index].fields;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const std::size_t mark = path_.size();
      path_ += '.';
      path_ += fields[i].name;
      const Value* member = value.find(fields[i].name);
      if (member == nullptr) return at(path_, "missing value for field of type " + in_quotes(fields[i].type));
      const FieldType& type = impl_.fields[index][i];
      LB_TRY(word, encode(type, type.dims.size(), *member));
      sink(word);
      path_.resize(mark);
    }
    return {};
  }

  Result<Hash> struct_hash(std::size_t index, const Value& value) {
    Keccak256 hasher;
    LB_TRY_STATUS(members(index, value, [&hasher](const Hash& word) { hasher.update(word.view()); }));
    return hasher.finalize();
  }

 private:
  /// Member encoding of `value` as `type` with its outer `dims_left` array dimensions.
  Result<Hash> encode(const FieldType& type, std::size_t dims_left, const Value& value) {
    if (dims_left > 0) {
      const std::uint64_t expected = type.dims[dims_left - 1];
      if (value.kind() != Value::Kind::array)
        return at(path_, "expected an array, got " + std::string(kind_name(value.kind())));
      const auto& items = value.as_array();
      if (expected != kDynamic && items.size() != expected)
        return at(path_, "array length mismatch; expected length " + std::to_string(expected) +
                             ", got " + std::to_string(items.size()));
      Keccak256 hasher;
      for (std::size_t i = 0; i < items.size(); ++i) {
        const std::size_t mark = path_.size();
        path_ += '[';
        path_ += std::to_string(i);
        path_ += ']';
        LB_TRY(word, encode(type, dims_left - 1, items[i]));
        hasher.update(word.view());
        path_.resize(mark);
      }
      return hasher.finalize();
    }
    if (type.base.atom == Atom::none) return struct_hash(type.struct_index, value);
    return encode_atom(type.base, value, path_);
  }

  const Types::Impl& impl_;
  std::string path_;
};

}  // namespace

// ---- Types --------------------------------------------------------------------------------------

Result<Types> Types::create(std::vector<StructType> structs) {
  auto impl = std::make_shared<Impl>();
  for (std::size_t i = 0; i < structs.size(); ++i) {
    if (!impl->index.emplace(structs[i].name, i).second)
      return invalid("duplicate type name " + in_quotes(structs[i].name));
  }
  // Normalise `int` / `uint` (unless a struct has that name), as ethers does.
  for (auto& type : structs) {
    for (auto& field : type.fields) {
      SplitType split = split_array(field.type);
      for (std::string_view alias : {"int", "uint"}) {
        if (split.base == alias && impl->index.find(alias) == impl->index.end()) {
          field.type = std::string(alias) + "256" + std::string(split.index);
          break;
        }
      }
    }
  }
  const std::size_t count = structs.size();
  std::vector<std::vector<std::size_t>> children(count);
  std::vector<std::size_t> parent_count(count, 0);
  impl->fields.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const StructType& type = structs[i];
    for (std::size_t j = 0; j < type.fields.size(); ++j) {
      const Field& field = type.fields[j];
      for (std::size_t k = 0; k < j; ++k)
        if (type.fields[k].name == field.name)
          return invalid("duplicate variable name " + in_quotes(field.name) + " in " + in_quotes(type.name));
      SplitType split = split_array(field.type);
      if (split.base == type.name) return invalid("circular type reference to " + in_quotes(split.base));
      LB_TRY(base, atomic_type(split.base));
      FieldType compiled{base, 0, std::move(split.dims)};
      if (base.atom == Atom::none) {
        const auto found = impl->index.find(split.base);
        if (found == impl->index.end())
          return invalid("unknown type " + in_quotes(split.base) + " in " + in_quotes(type.name));
        compiled.struct_index = found->second;
        ++parent_count[found->second];
        children[i].push_back(found->second);
      }
      impl->fields[i].push_back(std::move(compiled));
    }
  }
  std::vector<std::size_t> roots;
  for (std::size_t i = 0; i < count; ++i)
    if (parent_count[i] == 0) roots.push_back(i);
  if (roots.empty()) return invalid("missing primary type");
  if (roots.size() > 1) {
    std::string names;
    for (std::size_t root : roots) names += (names.empty() ? "" : ", ") + in_quotes(structs[root].name);
    return invalid("ambiguous primary types or unused types: " + names);
  }
  impl->primary = roots[0];

  // Descendants of every struct reachable from the primary type; a reachable cycle is an error.
  // Structs not reachable (only possible inside a detached cycle) keep no descendants, as in ethers.
  enum class Mark : std::uint8_t { unseen, active, done };
  std::vector<Mark> marks(count, Mark::unseen);
  std::vector<std::vector<bool>> descendants(count, std::vector<bool>(count, false));
  std::function<Status(std::size_t)> visit = [&](std::size_t node) -> Status {
    marks[node] = Mark::active;
    for (std::size_t child : children[node]) {
      if (marks[child] == Mark::active)
        return invalid("circular type reference to " + in_quotes(structs[child].name));
      if (marks[child] == Mark::unseen) LB_TRY_STATUS(visit(child));
      descendants[node][child] = true;
      for (std::size_t k = 0; k < count; ++k)
        if (descendants[child][k]) descendants[node][k] = true;
    }
    marks[node] = Mark::done;
    return {};
  };
  LB_TRY_STATUS(visit(impl->primary));

  for (std::size_t i = 0; i < count; ++i) {
    std::vector<std::size_t> referenced;
    for (std::size_t k = 0; k < count; ++k)
      if (descendants[i][k]) referenced.push_back(k);
    std::sort(referenced.begin(), referenced.end(),
              [&](std::size_t a, std::size_t b) { return structs[a].name < structs[b].name; });
    std::string encoded;
    append_struct_encoding(encoded, structs[i]);
    for (std::size_t k : referenced) append_struct_encoding(encoded, structs[k]);
    impl->type_hashes.push_back(keccak256(std::string_view(encoded)));
    impl->encoded_types.push_back(std::move(encoded));
  }
  impl->structs = std::move(structs);
  return Types(std::move(impl));
}

const std::string& Types::primary_type() const noexcept { return impl_->structs[impl_->primary].name; }

const std::vector<StructType>& Types::structs() const noexcept { return impl_->structs; }

namespace {

Result<std::size_t> struct_index(const Types::Impl& impl, std::string_view name) {
  const auto found = impl.index.find(name);
  if (found == impl.index.end()) return invalid("unknown type: " + in_quotes(name));
  return found->second;
}

}  // namespace

Result<std::string> Types::encode_type(std::string_view name) const {
  LB_TRY(index, struct_index(*impl_, name));
  return impl_->encoded_types[index];
}

Result<Hash> Types::type_hash(std::string_view name) const {
  LB_TRY(index, struct_index(*impl_, name));
  return impl_->type_hashes[index];
}

Result<Bytes> Types::encode_data(std::string_view name, const Value& value) const {
  LB_TRY(index, struct_index(*impl_, name));
  Bytes out;
  Encoder encoder(*impl_, "value");
  LB_TRY_STATUS(encoder.members(index, value, [&out](const Hash& word) {
    out.insert(out.end(), word.bytes.begin(), word.bytes.end());
  }));
  return out;
}

Result<Hash> Types::struct_hash(std::string_view name, const Value& value) const {
  LB_TRY(index, struct_index(*impl_, name));
  return Encoder(*impl_, "value").struct_hash(index, value);
}

// ---- domain -------------------------------------------------------------------------------------

std::string domain_type(const Domain& domain) {
  std::string out = "EIP712Domain(";
  const auto add = [&out](bool present, std::string_view field) {
    if (!present) return;
    if (out.back() != '(') out += ',';
    out += field;
  };
  add(domain.name.has_value(), "string name");
  add(domain.version.has_value(), "string version");
  add(domain.chain_id.has_value(), "uint256 chainId");
  add(domain.verifying_contract.has_value(), "address verifyingContract");
  add(domain.salt.has_value(), "bytes32 salt");
  out += ')';
  return out;
}

Hash domain_separator(const Domain& domain) {
  Keccak256 hasher;
  hasher.update(keccak256(std::string_view(domain_type(domain))).view());
  if (domain.name) hasher.update(keccak256(std::string_view(*domain.name)).view());
  if (domain.version) hasher.update(keccak256(std::string_view(*domain.version)).view());
  if (domain.chain_id) hasher.update(ByteView(domain.chain_id->to_be_bytes()));
  if (domain.verifying_contract) {
    std::array<std::uint8_t, 32> word{};
    std::copy(domain.verifying_contract->bytes.begin(), domain.verifying_contract->bytes.end(),
              word.begin() + 12);
    hasher.update(ByteView(word));
  }
  if (domain.salt) hasher.update(domain.salt->view());
  return hasher.finalize();
}

// ---- documents ----------------------------------------------------------------------------------
namespace {

/// ethers hashDomain: keys among the five EIP712Domain fields, null meaning absent.
Result<Domain> parse_domain(const Value& value) {
  if (value.kind() != Value::Kind::object)
    return invalid("domain: expected an object, got " + std::string(kind_name(value.kind())));
  Domain domain;
  for (const auto& [key, member] : value.as_object()) {
    if (key != "name" && key != "version" && key != "chainId" && key != "verifyingContract" && key != "salt")
      return invalid("domain: invalid typed-data domain key " + in_quotes(key));
  }
  const auto field = [&value](std::string_view key) -> const Value* {
    const Value* member = value.find(key);
    return member == nullptr || member->kind() == Value::Kind::null ? nullptr : member;
  };
  for (std::string_view key : {"name", "version"}) {
    if (const Value* member = field(key)) {
      if (member->kind() != Value::Kind::string)
        return invalid("domain." + std::string(key) + ": expected a string, got " +
                       std::string(kind_name(member->kind())));
      (key == "name" ? domain.name : domain.version) = member->as_string();
    }
  }
  if (const Value* member = field("chainId")) {
    LB_TRY(word, encode_integer(*member, BaseType{Atom::uint_, 256}, "domain.chainId"));
    domain.chain_id = u256::from_be32(word.data());
  }
  if (const Value* member = field("verifyingContract")) {
    LB_TRY(address, address_of(*member, "domain.verifyingContract"));
    domain.verifying_contract = address;
  }
  if (const Value* member = field("salt")) {
    LB_TRY(word, encode_atom(BaseType{Atom::fixed_bytes, 32}, *member, "domain.salt"));
    domain.salt = word;
  }
  return domain;
}

/// The EIP712Domain member list that `domain` implies.
std::vector<Field> domain_fields(const Domain& domain) {
  std::vector<Field> fields;
  if (domain.name) fields.push_back({"name", "string"});
  if (domain.version) fields.push_back({"version", "string"});
  if (domain.chain_id) fields.push_back({"chainId", "uint256"});
  if (domain.verifying_contract) fields.push_back({"verifyingContract", "address"});
  if (domain.salt) fields.push_back({"salt", "bytes32"});
  return fields;
}

Result<std::vector<Field>> parse_fields(const std::string& type_name, const Value& value) {
  const std::string where = "types." + type_name;
  if (value.kind() != Value::Kind::array)
    return invalid(where + ": expected an array of {name, type}, got " + std::string(kind_name(value.kind())));
  std::vector<Field> fields;
  for (std::size_t i = 0; i < value.as_array().size(); ++i) {
    const Value& item = value.as_array()[i];
    const std::string at_item = where + "[" + std::to_string(i) + "]";
    const Value* name = item.find("name");
    const Value* type = item.find("type");
    if (name == nullptr || name->kind() != Value::Kind::string)
      return invalid(at_item + ": expected a string \"name\"");
    if (type == nullptr || type->kind() != Value::Kind::string)
      return invalid(at_item + ": expected a string \"type\"");
    fields.push_back({name->as_string(), type->as_string()});
  }
  return fields;
}

}  // namespace

Result<TypedData> parse(std::string_view json) {
  LB_TRY(root, parse_json(json));
  if (root.kind() != Value::Kind::object)
    return invalid("expected a JSON object with types, primaryType, domain and message");
  for (const auto& [key, member] : root.as_object()) {
    if (key != "types" && key != "primaryType" && key != "domain" && key != "message")
      return invalid("unknown top-level key " + in_quotes(key));
  }
  const Value* types_value = root.find("types");
  const Value* domain_value = root.find("domain");
  const Value* message = root.find("message");
  if (types_value == nullptr || types_value->kind() != Value::Kind::object)
    return invalid("types: expected an object");
  if (domain_value == nullptr) return invalid("domain: missing");
  if (message == nullptr) return invalid("message: missing");

  LB_TRY(domain, parse_domain(*domain_value));
  std::vector<StructType> structs;
  for (const auto& [name, definition] : types_value->as_object()) {
    LB_TRY(fields, parse_fields(name, definition));
    if (name == "EIP712Domain") {
      if (fields != domain_fields(domain))
        return invalid("types.EIP712Domain does not list exactly the present domain fields in the order "
                       "name, version, chainId, verifyingContract, salt; expected " + domain_type(domain));
      continue;
    }
    structs.push_back({name, std::move(fields)});
  }
  LB_TRY(types, Types::create(std::move(structs)));
  if (const Value* primary = root.find("primaryType")) {
    if (primary->kind() != Value::Kind::string) return invalid("primaryType: expected a string");
    if (primary->as_string() != types.primary_type())
      return invalid("primaryType " + in_quotes(primary->as_string()) +
                     " is not the type no other type references (" + in_quotes(types.primary_type()) + ")");
  }
  const std::size_t primary_index = struct_index(*types.impl_, types.primary_type()).value();
  if (auto check = Encoder(*types.impl_, "message").struct_hash(primary_index, *message); !check)
    return std::move(check).error();
  return TypedData{std::move(types), std::move(domain), *message};
}

Result<Hash> hash(const TypedData& data) {
  LB_TRY(message_hash, data.types.struct_hash(data.types.primary_type(), data.message));
  Keccak256 hasher;
  const std::uint8_t prefix[2] = {0x19, 0x01};
  hasher.update(ByteView(prefix, 2));
  hasher.update(domain_separator(data.domain).view());
  hasher.update(message_hash.view());
  return hasher.finalize();
}

Result<Signature> sign(const PrivateKey& key, const TypedData& data) {
  LB_TRY(digest, hash(data));
  return key.sign(digest);
}

}  // namespace liquidbot::eip712
