// Solidity contract ABI: type and signature parsing, encoding, strict decoding, selectors, event
// topics and revert data, plus an allocation-free typed encoder for fixed calls on hot paths.
// Specification: https://docs.soliditylang.org/en/latest/abi-spec.html
//
// Dynamic path:
//   auto sig = abi::parse_signature("balanceOf(address owner)(uint256)");      // Result<Signature>
//   auto calldata = abi::encode_call(*sig, std::vector<abi::Value>{owner});     // selector || args
//   auto balance = abi::decode(sig->outputs, return_data);                       // strict
// Hot path (no allocation, constexpr selector): abi::Function<...> and abi::decode_static<...>.
//
// Error model: every function that reads outside input (text, encoded bytes, caller-built values)
// returns Result and reports malformed input as an Error whose message names the value and the byte
// offset. Nothing here throws except std::bad_alloc from the allocating functions.
#pragma once

#include <liquidbot/address.hpp>
#include <liquidbot/bytes.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/fixed_bytes.hpp>
#include <liquidbot/keccak.hpp>
#include <liquidbot/u256.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace liquidbot::abi {

// ---- types ---------------------------------------------------------------------------------------

enum class Kind : std::uint8_t {
  unsigned_int,   ///< uintN, N = 8..256 step 8
  signed_int,     ///< intN, N = 8..256 step 8 (two's complement)
  address,        ///< address (20 bytes, left-padded)
  boolean,        ///< bool
  fixed_bytes,    ///< bytesN, N = 1..32 (right-padded)
  bytes,          ///< bytes (dynamic)
  string,         ///< string (dynamic, UTF-8 by convention; not validated)
  fixed_array,    ///< T[k], k >= 1
  dynamic_array,  ///< T[]
  tuple,          ///< (T1,...,Tn), n >= 1
};

/// Deepest nesting of arrays and tuples that parse_type, encode and decode accept.
inline constexpr std::size_t kMaxTypeDepth = 32;
/// Largest static (head) size, in bytes, a type may have; bounds `T[k]` products.
inline constexpr std::size_t kMaxStaticSize = std::size_t{1} << 32;

/// An ABI type tree. Build one with parse_type or the factories below; encode and decode validate
/// the tree (bit sizes, lengths, depth) before use, so a hand-built invalid tree is an error, not UB.
struct Type {
  Kind kind = Kind::unsigned_int;
  std::uint16_t size = 256;      ///< uintN/intN: N in bits; bytesN: N in bytes; unused otherwise
  std::size_t length = 0;        ///< T[k]: k; unused otherwise
  std::vector<Type> components;  ///< arrays: exactly the element type; tuples: the members in order

  static Type uint(unsigned bits = 256) { return {Kind::unsigned_int, static_cast<std::uint16_t>(bits), 0, {}}; }
  static Type int_(unsigned bits = 256) { return {Kind::signed_int, static_cast<std::uint16_t>(bits), 0, {}}; }
  static Type address() { return {Kind::address, 0, 0, {}}; }
  static Type boolean() { return {Kind::boolean, 0, 0, {}}; }
  static Type fixed_bytes(unsigned n) { return {Kind::fixed_bytes, static_cast<std::uint16_t>(n), 0, {}}; }
  static Type bytes() { return {Kind::bytes, 0, 0, {}}; }
  static Type string() { return {Kind::string, 0, 0, {}}; }
  static Type fixed_array(Type element, std::size_t k) { return {Kind::fixed_array, 0, k, {std::move(element)}}; }
  static Type array(Type element) { return {Kind::dynamic_array, 0, 0, {std::move(element)}}; }
  static Type tuple(std::vector<Type> members) { return {Kind::tuple, 0, 0, std::move(members)}; }

  /// True for bytes, string, T[], and arrays/tuples that contain a dynamic type.
  [[nodiscard]] LIQUIDBOT_API bool is_dynamic() const noexcept;
  /// Bytes the type occupies in the head of its enclosing tuple: 32 for dynamic types, else the
  /// full static encoding size. Only meaningful for a valid type.
  [[nodiscard]] LIQUIDBOT_API std::size_t head_size() const noexcept;
  /// Canonical spelling used in selectors: "uint256", "(address,bool)[2]", "bytes32[]".
  [[nodiscard]] LIQUIDBOT_API std::string canonical() const;
  /// Checks sizes (uintN/intN N = 8..256 step 8, bytesN 1..32), element counts, non-empty tuples,
  /// nesting depth <= kMaxTypeDepth and static size <= kMaxStaticSize.
  [[nodiscard]] LIQUIDBOT_API Status validate() const;

  friend bool operator==(const Type&, const Type&) = default;
};

/// Parses one type: elementary names (`uint`/`int` mean 256 bits), tuples `(T,...)` or
/// `tuple(T,...)`, suffixes `[k]` and `[]`. Whitespace between tokens is allowed; member names
/// inside tuples are accepted and dropped.
LIQUIDBOT_API Result<Type> parse_type(std::string_view text);

// ---- signatures ----------------------------------------------------------------------------------

/// A function, event or error: `name(inputs)` with optional outputs.
struct Signature {
  std::string name;
  std::vector<Type> inputs;
  std::vector<Type> outputs;

  /// `name(T1,T2)` with canonical types and no outputs: the text behind selectors and topics.
  [[nodiscard]] LIQUIDBOT_API std::string canonical() const;
  /// First 4 bytes of keccak256(canonical()).
  [[nodiscard]] LIQUIDBOT_API Selector selector() const;
  /// keccak256(canonical()): the topic0 of an event.
  [[nodiscard]] LIQUIDBOT_API Hash topic() const;

  friend bool operator==(const Signature&, const Signature&) = default;
};

/// Parses `name(inputs)`, `name(inputs)(outputs)` or `name(inputs) returns (outputs)`. Parameters
/// may carry names and the keywords `indexed`, `memory`, `calldata`, `storage`, and `address payable`
/// is address; whitespace between tokens is free. An empty name is allowed (`(uint256,bool)`).
/// Examples: "repay(address,uint256,uint256,address)", "transfer(address to, uint amount)",
/// "balanceOf(address)(uint256)".
LIQUIDBOT_API Result<Signature> parse_signature(std::string_view text);

// ---- values --------------------------------------------------------------------------------------

struct Value;
/// Elements of T[k] and T[], and members of tuples.
using Values = std::vector<Value>;

/// A dynamic ABI value. Integers are u256: uintN as is, intN in two's complement sign-extended to
/// 256 bits (use from_int for small negatives). bytes and bytesN are Bytes (bytesN of exactly N
/// bytes). Arrays and tuples are Values.
struct Value {
  using Data = std::variant<u256, Address, bool, Bytes, std::string, Values>;
  Data data;

  Value() = default;
  /// Only the exact alternative types convert, so `Value(5)` does not silently become a bool.
  template <typename T>
    requires(std::is_same_v<std::remove_cvref_t<T>, u256> || std::is_same_v<std::remove_cvref_t<T>, Address> ||
             std::is_same_v<std::remove_cvref_t<T>, bool> || std::is_same_v<std::remove_cvref_t<T>, Bytes> ||
             std::is_same_v<std::remove_cvref_t<T>, std::string> || std::is_same_v<std::remove_cvref_t<T>, Values>)
  Value(T&& value) : data(std::forward<T>(value)) {}  // NOLINT: implicit on purpose
  explicit Value(const char* text) : data(std::string(text)) {}

  /// A signed integer, sign-extended to 256 bits (valid for any intN with N >= 64, or smaller when
  /// the value fits).
  static Value from_int(std::int64_t value) {
    u256 v = static_cast<std::uint64_t>(value);
    if (value < 0) v = u256::from_limbs(static_cast<std::uint64_t>(value), ~0ULL, ~0ULL, ~0ULL);
    return Value(v);
  }

  [[nodiscard]] const u256* as_int() const noexcept { return std::get_if<u256>(&data); }
  [[nodiscard]] const Address* as_address() const noexcept { return std::get_if<Address>(&data); }
  [[nodiscard]] const bool* as_bool() const noexcept { return std::get_if<bool>(&data); }
  [[nodiscard]] const Bytes* as_bytes() const noexcept { return std::get_if<Bytes>(&data); }
  [[nodiscard]] const std::string* as_string() const noexcept { return std::get_if<std::string>(&data); }
  [[nodiscard]] const Values* as_list() const noexcept { return std::get_if<Values>(&data); }

  friend bool operator==(const Value& a, const Value& b) { return a.data == b.data; }
};

// ---- encoding and decoding -----------------------------------------------------------------------

/// ABI-encodes values as the tuple of `types` (function arguments / return data, no selector).
/// Errors: invalid type, value of the wrong shape, integer out of range for its uintN/intN, bytesN
/// of the wrong length, wrong element count for T[k].
LIQUIDBOT_API Result<Bytes> encode(std::span<const Type> types, std::span<const Value> values);
/// selector || encode(inputs, args).
LIQUIDBOT_API Result<Bytes> encode_call(const Signature& signature, std::span<const Value> args);
/// selector || encode(inputs, args) with a selector the caller keeps (no keccak per call).
LIQUIDBOT_API Result<Bytes> encode_call(const Selector& selector, std::span<const Type> inputs,
                                        std::span<const Value> args);

/// Limits of the strict decoder.
struct DecodeOptions {
  /// Upper bound on the memory decode may allocate for values (bytes payloads and value nodes).
  std::size_t max_allocation = std::size_t{64} << 20;
  /// Accept bytes after the end of the encoding (as Solidity's abi.decode does); off by default.
  bool allow_trailing = false;
};

/// Strictly decodes `data` as the tuple of `types`. Rejected: reads past the end; offsets other
/// than where a standard encoder places the tail (so no overlap, no gaps, no reordering); lengths
/// that exceed the data; non-zero padding of bytes/string/bytesN; address or uintN with high bits
/// set; intN not properly sign-extended; bool other than 0 or 1; trailing bytes (unless allowed);
/// invalid types; allocation beyond options.max_allocation.
LIQUIDBOT_API Result<Values> decode(std::span<const Type> types, ByteView data, const DecodeOptions& options = {});
/// Checks the 4-byte selector of `calldata` against `signature`, then decodes its inputs.
LIQUIDBOT_API Result<Values> decode_call(const Signature& signature, ByteView calldata,
                                         const DecodeOptions& options = {});

// ---- text ----------------------------------------------------------------------------------------

/// Parses a value written the way `cast` takes arguments: integers in decimal or 0x-hex (intN also
/// "-123"), addresses (checksum enforced when mixed-case), true/false, 0x-hex bytes (exactly N for
/// bytesN), strings as-is, arrays `[a, b]`, tuples `(a, b)`. Inside arrays and tuples, elements are
/// trimmed and a string may be quoted "..." (with \" and \\ escapes) to hold commas or brackets;
/// an unquoted element must not contain '"', ',' or unbalanced brackets.
LIQUIDBOT_API Result<Value> parse_value(const Type& type, std::string_view text);
/// Prints a value the way `cast` prints decoded values: integers in decimal (intN signed),
/// addresses EIP-55, bytes as lowercase 0x-hex, strings as-is, arrays `[a, b]`, tuples `(a, b)`.
/// A value that does not match the type is printed by its own shape.
LIQUIDBOT_API std::string format_value(const Type& type, const Value& value);

// ---- revert data ---------------------------------------------------------------------------------

/// Meaning of a Solidity Panic(uint256) code ("arithmetic overflow or underflow" for 0x11), or
/// "unknown panic code" for codes Solidity does not define.
LIQUIDBOT_API std::string_view panic_reason(const u256& code) noexcept;

inline constexpr Selector kErrorSelector{{0x08, 0xc3, 0x79, 0xa0}};  ///< Error(string)
inline constexpr Selector kPanicSelector{{0x4e, 0x48, 0x7b, 0x71}};  ///< Panic(uint256)

/// Structured revert data.
struct Revert {
  enum class Kind : std::uint8_t {
    empty,    ///< no data: revert() or require(cond) without a message
    error,    ///< Error(string): `message`
    panic,    ///< Panic(uint256): `panic_code`
    custom,   ///< one of the given custom errors: `custom_index`, `args`
    unknown,  ///< a selector none of the signatures match: `selector`, `data`
  };
  Kind kind = Kind::empty;
  Selector selector;
  std::string message;
  u256 panic_code;
  std::size_t custom_index = 0;  ///< index into the custom_errors given to decode_revert
  Signature custom;              ///< the matched custom error
  Values args;                   ///< its decoded arguments
  Bytes data;  ///< the bytes after the selector (kind unknown)

  /// One line: `Error("msg")`, `Panic(0x11: arithmetic overflow or underflow)`,
  /// `HealthFactorLowerThanLiquidationThreshold()`, `unknown error 0x12345678 (64 bytes)`, `empty`.
  [[nodiscard]] LIQUIDBOT_API std::string to_string() const;
};

/// Decodes revert data: Error(string), Panic(uint256), or a custom error from `custom_errors`
/// (matched by selector, decoded strictly). Errors: 1..3 bytes of data, or a known selector whose
/// payload does not decode.
LIQUIDBOT_API Result<Revert> decode_revert(ByteView data, std::span<const Signature> custom_errors = {});

// ---- typed, allocation-free calls ----------------------------------------------------------------

/// A string literal usable as a template argument: `Function<"repay", ...>`.
template <std::size_t N>
struct FixedString {
  char chars[N]{};
  constexpr FixedString(const char (&text)[N]) noexcept {  // NOLINT: implicit on purpose
    for (std::size_t i = 0; i < N; ++i) chars[i] = text[i];
  }
  [[nodiscard]] constexpr std::string_view view() const noexcept { return {chars, N - 1}; }
};

/// C++ types of the typed path and their ABI names. Specialized for Address (address), u256
/// (uint256), bool, std::uint8_t..std::uint64_t (uint8..uint64), std::int8_t..std::int64_t
/// (int8..int64) and FixedBytes<N> (bytesN). `put` writes the 32-byte ABI word; `get` reads one
/// with the same strictness as decode (clean padding, sign extension) and returns false if dirty.
template <typename T>
struct StaticType;

}  // namespace liquidbot::abi

namespace liquidbot::detail {
/// True when count bytes from first all equal value (padding checks of the typed path).
constexpr bool abi_all_bytes(const std::uint8_t* first, std::size_t count, std::uint8_t value) noexcept {
  for (std::size_t i = 0; i < count; ++i)
    if (first[i] != value) return false;
  return true;
}
}  // namespace liquidbot::detail

namespace liquidbot::abi {

template <>
struct StaticType<Address> {
  static constexpr std::string_view name = "address";
  static constexpr void put(std::uint8_t* word, const Address& value) noexcept {
    for (std::size_t i = 0; i < 12; ++i) word[i] = 0;
    for (std::size_t i = 0; i < 20; ++i) word[12 + i] = value.bytes[i];
  }
  static constexpr bool get(const std::uint8_t* word, Address& out) noexcept {
    if (!liquidbot::detail::abi_all_bytes(word, 12, 0)) return false;
    for (std::size_t i = 0; i < 20; ++i) out.bytes[i] = word[12 + i];
    return true;
  }
};

template <>
struct StaticType<u256> {
  static constexpr std::string_view name = "uint256";
  static constexpr void put(std::uint8_t* word, const u256& value) noexcept { value.to_be32(word); }
  static constexpr bool get(const std::uint8_t* word, u256& out) noexcept {
    out = u256::from_be32(word);
    return true;
  }
};

template <>
struct StaticType<bool> {
  static constexpr std::string_view name = "bool";
  static constexpr void put(std::uint8_t* word, bool value) noexcept {
    for (std::size_t i = 0; i < 31; ++i) word[i] = 0;
    word[31] = value ? 1 : 0;
  }
  static constexpr bool get(const std::uint8_t* word, bool& out) noexcept {
    if (!liquidbot::detail::abi_all_bytes(word, 31, 0) || word[31] > 1) return false;
    out = word[31] == 1;
    return true;
  }
};

template <typename T>
  requires(std::is_integral_v<T> && !std::is_same_v<T, bool> && sizeof(T) <= 8)
struct StaticType<T> {
  static constexpr std::array<char, 7> storage = [] {
    std::array<char, 7> text{};
    constexpr bool is_signed = std::is_signed_v<T>;
    std::size_t n = 0;
    if (!is_signed) text[n++] = 'u';
    for (char c : {'i', 'n', 't'}) text[n++] = c;
    constexpr unsigned bits = sizeof(T) * 8;
    if (bits >= 10) text[n++] = static_cast<char>('0' + bits / 10);
    text[n++] = static_cast<char>('0' + bits % 10);
    return text;
  }();
  static constexpr std::string_view name{storage.data(),
                                         (std::is_signed_v<T> ? 3u : 4u) + (sizeof(T) == 1 ? 1u : 2u)};
  static constexpr void put(std::uint8_t* word, T value) noexcept {
    const std::uint8_t fill = (std::is_signed_v<T> && value < 0) ? 0xff : 0x00;
    for (std::size_t i = 0; i < 32 - sizeof(T); ++i) word[i] = fill;
    auto bits = static_cast<std::make_unsigned_t<T>>(value);
    for (std::size_t i = 0; i < sizeof(T); ++i)
      word[31 - i] = static_cast<std::uint8_t>(bits >> (8 * i));
  }
  static constexpr bool get(const std::uint8_t* word, T& out) noexcept {
    const bool negative = std::is_signed_v<T> && (word[32 - sizeof(T)] & 0x80) != 0;
    if (!liquidbot::detail::abi_all_bytes(word, 32 - sizeof(T), negative ? 0xff : 0x00)) return false;
    std::make_unsigned_t<T> bits = 0;
    for (std::size_t i = 32 - sizeof(T); i < 32; ++i)
      bits = static_cast<std::make_unsigned_t<T>>((bits << 8) | word[i]);
    out = static_cast<T>(bits);
    return true;
  }
};

template <std::size_t N>
  requires(N >= 1 && N <= 32)
struct StaticType<FixedBytes<N>> {
  static constexpr std::array<char, 7> storage = [] {
    std::array<char, 7> text{'b', 'y', 't', 'e', 's'};
    if (N >= 10) {
      text[5] = static_cast<char>('0' + N / 10);
      text[6] = static_cast<char>('0' + N % 10);
    } else {
      text[5] = static_cast<char>('0' + N);
    }
    return text;
  }();
  static constexpr std::string_view name{storage.data(), N >= 10 ? 7u : 6u};
  static constexpr void put(std::uint8_t* word, const FixedBytes<N>& value) noexcept {
    for (std::size_t i = 0; i < N; ++i) word[i] = value.bytes[i];
    for (std::size_t i = N; i < 32; ++i) word[i] = 0;
  }
  static constexpr bool get(const std::uint8_t* word, FixedBytes<N>& out) noexcept {
    if (!liquidbot::detail::abi_all_bytes(word + N, 32 - N, 0)) return false;
    for (std::size_t i = 0; i < N; ++i) out.bytes[i] = word[i];
    return true;
  }
};

/// A function whose arguments are all static: the signature is spelled from the C++ types at
/// compile time, the selector is a constexpr keccak, and encoding writes into a caller buffer
/// without allocating or failing (every C++ value of the argument types is in range).
///
///   using Repay = abi::Function<"repay", Address, u256, u256, Address>;
///   static_assert(Repay::kSignature == "repay(address,uint256,uint256,address)");
///   std::array<std::uint8_t, Repay::kSize> calldata = Repay::encode(asset, amount, mode, user);
template <FixedString Name, typename... Args>
struct Function {
  static constexpr std::size_t kSize = 4 + 32 * sizeof...(Args);

 private:
  static constexpr std::size_t kSignatureLength =
      Name.view().size() + 2 + (StaticType<Args>::name.size() + ... + 0) + (sizeof...(Args) > 0 ? sizeof...(Args) - 1 : 0);
  static constexpr std::array<char, kSignatureLength> kSignatureText = [] {
    std::array<char, kSignatureLength> text{};
    std::size_t n = 0;
    for (char c : Name.view()) text[n++] = c;
    text[n++] = '(';
    bool first = true;
    [[maybe_unused]] auto append = [&](std::string_view part) {
      if (!first) text[n++] = ',';
      first = false;
      for (char c : part) text[n++] = c;
    };
    (append(StaticType<Args>::name), ...);
    text[n++] = ')';
    return text;
  }();

 public:
  /// Canonical signature, e.g. "repay(address,uint256,uint256,address)".
  static constexpr std::string_view kSignature{kSignatureText.data(), kSignatureLength};
  static constexpr Selector kSelector = liquidbot::selector(kSignature);

  /// Writes selector || arguments into out (exactly kSize bytes).
  static constexpr void encode_to(std::span<std::uint8_t, kSize> out, const Args&... args) noexcept {
    for (std::size_t i = 0; i < 4; ++i) out[i] = kSelector.bytes[i];
    std::size_t offset = 4;
    ((StaticType<Args>::put(out.data() + offset, args), offset += 32), ...);
  }
  /// selector || arguments as a fixed-size array.
  [[nodiscard]] static constexpr std::array<std::uint8_t, kSize> encode(const Args&... args) noexcept {
    std::array<std::uint8_t, kSize> out{};
    encode_to(std::span<std::uint8_t, kSize>(out), args...);
    return out;
  }
};

/// Strictly decodes return data made only of static words (e.g. getUserAccountData's six
/// uint256) without allocating on success: exactly 32 bytes per value, each word clean.
///
///   auto account = abi::decode_static<u256, u256, u256, u256, u256, u256>(return_data);
template <typename... Ts>
Result<std::tuple<Ts...>> decode_static(ByteView data) {
  constexpr std::size_t kBytes = 32 * sizeof...(Ts);
  if (data.size() != kBytes)
    return make_error(Errc::decode, "abi: static return data must be " + std::to_string(kBytes) + " bytes, got " +
                                        std::to_string(data.size()));
  std::tuple<Ts...> out;
  std::size_t bad = sizeof...(Ts);
  std::string_view bad_name;
  auto check = [&](bool clean, std::size_t index, std::string_view name) {
    if (!clean && bad == sizeof...(Ts)) {
      bad = index;
      bad_name = name;
    }
  };
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (check(StaticType<Ts>::get(data.data() + 32 * I, std::get<I>(out)), I, StaticType<Ts>::name), ...);
  }(std::index_sequence_for<Ts...>{});
  if (bad != sizeof...(Ts))
    return make_error(Errc::decode, "abi: value " + std::to_string(bad) + " (" + std::string(bad_name) +
                                        ") at byte " + std::to_string(32 * bad) + ": dirty padding or sign extension");
  return out;
}

}  // namespace liquidbot::abi
