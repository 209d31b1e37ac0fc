// EIP-712 typed structured data: type systems, hashing and signing of eth_signTypedData_v4
// documents. https://eips.ethereum.org/EIPS/eip-712
//
// Acceptance follows ethers v6 TypedDataEncoder: the primary type is the one struct no other struct
// references (unused or ambiguous roots are errors), `int`/`uint` mean int256/uint256 unless a
// struct of that name exists, widths must be canonical (uint8..uint256 step 8, bytes1..bytes32),
// field names are unique per struct, reachable cycles and unknown types are errors, fields of the
// message that the type does not list are ignored. Integers are JSON numbers (safe integers, as
// JavaScript reads them) or decimal / 0x-hex strings with an optional '-', range checked against
// the width. Stricter than ethers: bool must be true/false (ethers uses JavaScript truthiness),
// numeric strings take no whitespace, '+', 0b or 0o forms, ICAP addresses are not accepted.
#pragma once

#include <liquidbot/address.hpp>
#include <liquidbot/bytes.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/fixed_bytes.hpp>
#include <liquidbot/secp256k1.hpp>
#include <liquidbot/u256.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace liquidbot::eip712 {

/// A JSON value as JavaScript sees it (numbers are doubles): the message of a typed-data document.
class Value {
 public:
  enum class Kind : std::uint8_t { null, boolean, number, string, array, object };
  using Array = std::vector<Value>;
  using Object = std::vector<std::pair<std::string, Value>>;

  Value() = default;  ///< null
  static Value boolean(bool value) { return Value(Data(std::in_place_index<1>, value)); }
  static Value number(double value) { return Value(Data(std::in_place_index<2>, value)); }
  static Value string(std::string value) { return Value(Data(std::in_place_index<3>, std::move(value))); }
  static Value array(Array items) { return Value(Data(std::in_place_index<4>, std::move(items))); }
  static Value object(Object members) { return Value(Data(std::in_place_index<5>, std::move(members))); }

  [[nodiscard]] Kind kind() const noexcept { return static_cast<Kind>(data_.index()); }
  /// Accessors; each is only valid for its kind.
  [[nodiscard]] bool as_bool() const noexcept { return *std::get_if<1>(&data_); }
  [[nodiscard]] double as_number() const noexcept { return *std::get_if<2>(&data_); }
  [[nodiscard]] const std::string& as_string() const noexcept { return *std::get_if<3>(&data_); }
  [[nodiscard]] const Array& as_array() const noexcept { return *std::get_if<4>(&data_); }
  [[nodiscard]] const Object& as_object() const noexcept { return *std::get_if<5>(&data_); }
  /// Member `key` of an object (the last one when repeated, as JSON.parse does); nullptr when absent
  /// or when this is not an object.
  [[nodiscard]] LIQUIDBOT_API const Value* find(std::string_view key) const noexcept;

 private:
  using Data = std::variant<std::monostate, bool, double, std::string, Array, Object>;
  explicit Value(Data data) : data_(std::move(data)) {}
  Data data_;
};

/// Parses JSON text into a Value; Errc::decode with simdjson's reason when it is not JSON.
LIQUIDBOT_API Result<Value> parse_json(std::string_view json);

/// One member of a struct type: `type` as written ("uint256", "Person[]", "bytes32[2][]").
struct Field {
  std::string name;
  std::string type;
  friend bool operator==(const Field&, const Field&) = default;
};

/// A named struct type and its members in order.
struct StructType {
  std::string name;
  std::vector<Field> fields;
  friend bool operator==(const StructType&, const StructType&) = default;
};

/// A validated set of struct types (EIP712Domain excluded) with its primary type, encodeType
/// strings and type hashes computed once.
class Types {
 public:
  /// Validates and compiles struct definitions (see the acceptance rules at the top of this file).
  static LIQUIDBOT_API Result<Types> create(std::vector<StructType> structs);

  /// The struct that no other struct references.
  [[nodiscard]] LIQUIDBOT_API const std::string& primary_type() const noexcept;
  /// The definitions with `int`/`uint` normalised to int256/uint256.
  [[nodiscard]] LIQUIDBOT_API const std::vector<StructType>& structs() const noexcept;
  /// encodeType: "Mail(Person from,Person to,string contents)Person(string name,address wallet)".
  LIQUIDBOT_API Result<std::string> encode_type(std::string_view name) const;
  /// keccak256(encode_type(name)).
  LIQUIDBOT_API Result<Hash> type_hash(std::string_view name) const;
  /// typeHash || encodeData(value): what ethers TypedDataEncoder.encodeData(name, value) returns.
  LIQUIDBOT_API Result<Bytes> encode_data(std::string_view name, const Value& value) const;
  /// hashStruct(value) = keccak256(typeHash || encodeData(value)).
  LIQUIDBOT_API Result<Hash> struct_hash(std::string_view name, const Value& value) const;

  struct Impl;  ///< compiled field types and lookup tables (defined in src/eip712.cpp)

 private:
  explicit Types(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;  // immutable, shared by copies
  friend Result<struct TypedData> parse(std::string_view json);
};

/// The EIP712Domain fields; absent ones are left out of the domain type.
struct Domain {
  std::optional<std::string> name;
  std::optional<std::string> version;
  std::optional<u256> chain_id;
  std::optional<Address> verifying_contract;
  std::optional<Hash> salt;
  friend bool operator==(const Domain&, const Domain&) = default;
};

/// "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract,bytes32 salt)"
/// with only the present fields, in that fixed order.
[[nodiscard]] LIQUIDBOT_API std::string domain_type(const Domain& domain);
/// hashStruct of the domain (ethers TypedDataEncoder.hashDomain).
[[nodiscard]] LIQUIDBOT_API Hash domain_separator(const Domain& domain);

/// An eth_signTypedData_v4 document.
struct TypedData {
  Types types;
  Domain domain;
  Value message;
};

/// Parses {"types", "primaryType", "domain", "message"}. types.EIP712Domain, when given, must list
/// exactly the present domain fields in the fixed order; primaryType, when given, must be the
/// deduced primary type. The message is checked against the types (so hash() cannot fail on a
/// parsed document). Errors name the JSON path: "eip712: message.to.wallet: bad address checksum".
LIQUIDBOT_API Result<TypedData> parse(std::string_view json);

/// keccak256(0x19 0x01 || domain_separator || hashStruct(primary type, message)).
LIQUIDBOT_API Result<Hash> hash(const TypedData& data);

/// Signature of hash(data): what ethers Wallet.signTypedData returns.
LIQUIDBOT_API Result<Signature> sign(const PrivateKey& key, const TypedData& data);

}  // namespace liquidbot::eip712
