// ABI encoder (two passes: check and size, then write into one buffer) and strict decoder.
#include <liquidbot/abi.hpp>

#include "detail/abi_path.hpp"

#include <algorithm>
#include <cstring>

namespace liquidbot::abi {
namespace {

using detail::AbiPath;
using detail::abi_path_text;

constexpr std::size_t kWord = 32;

constexpr std::size_t padded(std::size_t n) noexcept { return (n + kWord - 1) / kWord * kWord; }

/// True when v (two's complement, 256 bits) is the sign extension of its low `bits` bits.
bool fits_signed(const u256& v, unsigned bits) noexcept {
  u256 high = v >> (bits - 1);
  return high.is_zero() || high == (u256::max() >> (bits - 1));
}

/// The member types of a tuple, or one element type repeated for an array.
struct Members {
  const Type* types;
  bool repeat;
  [[nodiscard]] const Type& at(std::size_t i) const noexcept { return repeat ? types[0] : types[i]; }
};

// ---- encoder -------------------------------------------------------------------------------------

class Encoder {
 public:
  /// Checks that `value` fits `type` and returns the size of its encoding (the head for static
  /// types, the tail for dynamic ones).
  Result<std::size_t> measure(const Type& type, const Value& value, const AbiPath& path) {
    switch (type.kind) {
      case Kind::unsigned_int: {
        const u256* v = value.as_int();
        if (v == nullptr) return shape(type, path, "an integer");
        if (v->bit_length() > type.size)
          return fail(type, path, v->to_dec() + " does not fit in uint" + std::to_string(type.size));
        return kWord;
      }
      case Kind::signed_int: {
        const u256* v = value.as_int();
        if (v == nullptr) return shape(type, path, "an integer");
        if (!fits_signed(*v, type.size))
          return fail(type, path, "value does not fit in int" + std::to_string(type.size));
        return kWord;
      }
      case Kind::address:
        if (value.as_address() == nullptr) return shape(type, path, "an address");
        return kWord;
      case Kind::boolean:
        if (value.as_bool() == nullptr) return shape(type, path, "a bool");
        return kWord;
      case Kind::fixed_bytes: {
        const Bytes* b = value.as_bytes();
        if (b == nullptr) return shape(type, path, "bytes");
        if (b->size() != type.size)
          return fail(type, path, std::to_string(b->size()) + " bytes given, bytes" + std::to_string(type.size) +
                                      " needs exactly " + std::to_string(type.size));
        return kWord;
      }
      case Kind::bytes: {
        const Bytes* b = value.as_bytes();
        if (b == nullptr) return shape(type, path, "bytes");
        return kWord + padded(b->size());
      }
      case Kind::string: {
        const std::string* s = value.as_string();
        if (s == nullptr) return shape(type, path, "a string");
        return kWord + padded(s->size());
      }
      case Kind::fixed_array:
      case Kind::dynamic_array:
      case Kind::tuple: {
        const Values* list = value.as_list();
        if (list == nullptr) return shape(type, path, type.kind == Kind::tuple ? "a tuple" : "an array");
        if (type.kind == Kind::fixed_array && list->size() != type.length)
          return fail(type, path, std::to_string(list->size()) + " elements given, expected " +
                                      std::to_string(type.length));
        if (type.kind == Kind::tuple && list->size() != type.components.size())
          return fail(type, path, std::to_string(list->size()) + " members given, expected " +
                                      std::to_string(type.components.size()));
        Members members{type.components.data(), type.kind != Kind::tuple};
        LB_TRY(size, measure_sequence(members, *list, &path, type.kind == Kind::tuple));
        return type.kind == Kind::dynamic_array ? kWord + size : size;
      }
    }
    return fail(type, path, "unknown type kind");
  }

  Result<std::size_t> measure_sequence(Members members, std::span<const Value> values, const AbiPath* parent,
                                       bool is_tuple) {
    std::size_t total = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const Type& type = members.at(i);
      AbiPath path{parent, i, is_tuple};
      if (parent == nullptr) path.member = false;
      LB_TRY(size, measure(type, values[i], path));
      total += type.is_dynamic() ? kWord + size : size;
    }
    return total;
  }

  /// Writes the encoding of a checked value at out; returns its size.
  std::size_t write(const Type& type, const Value& value, std::uint8_t* out) noexcept {
    switch (type.kind) {
      case Kind::unsigned_int:
      case Kind::signed_int:
        value.as_int()->to_be32(out);
        return kWord;
      case Kind::address:
        std::memset(out, 0, 12);
        std::memcpy(out + 12, value.as_address()->bytes.data(), 20);
        return kWord;
      case Kind::boolean:
        std::memset(out, 0, kWord);
        out[31] = *value.as_bool() ? 1 : 0;
        return kWord;
      case Kind::fixed_bytes: {
        const Bytes& b = *value.as_bytes();
        std::memcpy(out, b.data(), b.size());
        std::memset(out + b.size(), 0, kWord - b.size());
        return kWord;
      }
      case Kind::bytes: {
        const Bytes& b = *value.as_bytes();
        return write_blob(b.data(), b.size(), out);
      }
      case Kind::string: {
        const std::string& s = *value.as_string();
        return write_blob(reinterpret_cast<const std::uint8_t*>(s.data()), s.size(), out);
      }
      case Kind::fixed_array:
      case Kind::tuple:
        return write_sequence({type.components.data(), type.kind != Kind::tuple}, *value.as_list(), out);
      case Kind::dynamic_array: {
        const Values& list = *value.as_list();
        u256(static_cast<std::uint64_t>(list.size())).to_be32(out);
        return kWord + write_sequence({type.components.data(), true}, list, out + kWord);
      }
    }
    return 0;
  }

  std::size_t write_sequence(Members members, std::span<const Value> values, std::uint8_t* out) noexcept {
    std::size_t head = 0;
    std::size_t heads = 0;
    for (std::size_t i = 0; i < values.size(); ++i) heads += members.at(i).head_size();
    std::size_t tail = heads;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const Type& type = members.at(i);
      if (type.is_dynamic()) {
        u256(static_cast<std::uint64_t>(tail)).to_be32(out + head);
        tail += write(type, values[i], out + tail);
        head += kWord;
      } else {
        head += write(type, values[i], out + head);
      }
    }
    return tail;
  }

 private:
  static std::size_t write_blob(const std::uint8_t* data, std::size_t size, std::uint8_t* out) noexcept {
    u256(static_cast<std::uint64_t>(size)).to_be32(out);
    if (size != 0) std::memcpy(out + kWord, data, size);
    std::memset(out + kWord + size, 0, padded(size) - size);
    return kWord + padded(size);
  }
  static Error fail(const Type& type, const AbiPath& path, const std::string& what) {
    return make_error(Errc::invalid_argument,
                      "abi: " + abi_path_text(path) + " (" + type.canonical() + "): " + what);
  }
  static Error shape(const Type& type, const AbiPath& path, const char* expected) {
    return fail(type, path, std::string("expected ") + expected);
  }
};

Status validate_all(std::span<const Type> types) {
  for (const auto& type : types) LB_TRY_STATUS(type.validate());
  std::size_t heads = 0;
  for (const auto& type : types) {
    heads += type.head_size();
    if (heads > kMaxStaticSize)
      return make_error(Errc::invalid_argument, "abi: the heads of the type list exceed " +
                                                    std::to_string(kMaxStaticSize) + " bytes");
  }
  return {};
}

Status encode_into(std::span<const Type> types, std::span<const Value> values, Bytes& out) {
  LB_TRY_STATUS(validate_all(types));
  if (types.size() != values.size())
    return make_error(Errc::invalid_argument, "abi: " + std::to_string(values.size()) + " values given for " +
                                                  std::to_string(types.size()) + " types");
  Encoder encoder;
  LB_TRY(size, encoder.measure_sequence({types.data(), false}, values, nullptr, false));
  std::size_t start = out.size();
  out.resize(start + size);
  encoder.write_sequence({types.data(), false}, values, out.data() + start);
  return {};
}

// ---- decoder -------------------------------------------------------------------------------------

class Decoder {
 public:
  Decoder(ByteView data, std::size_t budget) : data_(data), budget_(budget) {}

  /// Decodes the value that starts at `pos` (the head of a static value, the tail of a dynamic
  /// one) into out; returns the end of its encoding.
  Result<std::size_t> value(const Type& type, std::size_t pos, const AbiPath& path, Value& out) {
    switch (type.kind) {
      case Kind::unsigned_int: {
        LB_TRY(word, read_word(type, pos, path));
        if (word.bit_length() > type.size)
          return fail(type, pos, path, "bits above " + std::to_string(type.size) + " are set");
        out.data = word;
        return pos + kWord;
      }
      case Kind::signed_int: {
        LB_TRY(word, read_word(type, pos, path));
        if (!fits_signed(word, type.size)) return fail(type, pos, path, "not a sign-extended int" + std::to_string(type.size));
        out.data = word;
        return pos + kWord;
      }
      case Kind::address: {
        LB_TRY(word, read_word(type, pos, path));
        if (word.bit_length() > 160) return fail(type, pos, path, "the 12 high bytes are not zero");
        out.data = Address::from_view(data_.subspan(pos + 12, 20));
        return pos + kWord;
      }
      case Kind::boolean: {
        LB_TRY(word, read_word(type, pos, path));
        if (word > u256(1)) return fail(type, pos, path, "a bool must be 0 or 1");
        out.data = !word.is_zero();
        return pos + kWord;
      }
      case Kind::fixed_bytes: {
        LB_TRY_STATUS(need(type, pos, kWord, path));
        for (std::size_t i = type.size; i < kWord; ++i)
          if (data_[pos + i] != 0) return fail(type, pos, path, "padding after byte " + std::to_string(type.size) + " is not zero");
        LB_TRY_STATUS(charge(type, pos, path, type.size));
        out.data = Bytes(data_.begin() + static_cast<std::ptrdiff_t>(pos),
                         data_.begin() + static_cast<std::ptrdiff_t>(pos + type.size));
        return pos + kWord;
      }
      case Kind::bytes:
      case Kind::string: {
        LB_TRY(length, read_length(type, pos, path, 1));
        std::size_t start = pos + kWord;
        std::size_t end = start + padded(length);
        if (end > data_.size())
          return fail(type, pos, path, "padding of the " + std::to_string(length) + "-byte payload runs past the end of the data");
        for (std::size_t i = start + length; i < end; ++i)
          if (data_[i] != 0) return fail(type, pos, path, "padding byte at " + std::to_string(i) + " is not zero");
        LB_TRY_STATUS(charge(type, pos, path, length));
        auto first = data_.begin() + static_cast<std::ptrdiff_t>(start);
        auto last = first + static_cast<std::ptrdiff_t>(length);
        if (type.kind == Kind::bytes) {
          out.data = Bytes(first, last);
        } else {
          out.data = std::string(first, last);
        }
        return end;
      }
      case Kind::fixed_array:
      case Kind::tuple: {
        bool is_tuple = type.kind == Kind::tuple;
        std::size_t count = is_tuple ? type.components.size() : type.length;
        Values list;
        LB_TRY(end, sequence({type.components.data(), !is_tuple}, count, pos, &path, is_tuple, list));
        out.data = std::move(list);
        return end;
      }
      case Kind::dynamic_array: {
        std::size_t element_head = type.components.front().head_size();
        LB_TRY(count, read_length(type, pos, path, element_head));
        Values list;
        LB_TRY(end, sequence({type.components.data(), true}, count, pos + kWord, &path, false, list));
        out.data = std::move(list);
        return end;
      }
    }
    return fail(type, pos, path, "unknown type kind");
  }

  /// Decodes `count` values whose heads start at `base`; dynamic tails must follow the heads in
  /// order, exactly where a standard encoder puts them. Returns the end of the last tail.
  Result<std::size_t> sequence(Members members, std::size_t count, std::size_t base, const AbiPath* parent,
                               bool is_tuple, Values& out) {
    std::size_t heads = 0;
    if (members.repeat) {
      heads = count * members.types[0].head_size();  // bounded by the caller's length check
    } else {
      for (std::size_t i = 0; i < count; ++i) heads += members.types[i].head_size();
    }
    if (heads > data_.size() || base > data_.size() - heads)
      return make_error(Errc::decode, "abi: " + std::to_string(count) + " values need " + std::to_string(heads) +
                                          " bytes of heads at byte " + std::to_string(base) + ", but the data has " +
                                          std::to_string(data_.size()) + " bytes" + where(parent));
    if (count > budget_ / sizeof(Value))
      return make_error(Errc::decode, "abi: decoding would allocate more than the limit" + where(parent));
    budget_ -= count * sizeof(Value);
    out.resize(count);
    std::size_t head = base;
    std::size_t tail = base + heads;
    for (std::size_t i = 0; i < count; ++i) {
      const Type& type = members.at(i);
      AbiPath path{parent, i, is_tuple && parent != nullptr};
      if (type.is_dynamic()) {
        LB_TRY(offset, read_word(type, head, path));
        if (offset != u256(static_cast<std::uint64_t>(tail - base))) {
          std::string got = offset.fits_u64() ? std::to_string(offset.limbs[0]) : offset.to_hex();
          return fail(type, head, path,
                      "offset " + got + " is not the canonical " + std::to_string(tail - base) +
                          " (tails must follow the heads in order, without gaps or overlap)");
        }
        LB_TRY(end, value(type, tail, path, out[i]));
        tail = end;
        head += kWord;
      } else {
        LB_TRY(end, value(type, head, path, out[i]));
        head = end;
      }
    }
    return tail;
  }

 private:
  static std::string where(const AbiPath* path) {
    return path == nullptr ? std::string() : " (in " + abi_path_text(*path) + ")";
  }
  static Error fail(const Type& type, std::size_t pos, const AbiPath& path, const std::string& what) {
    return make_error(Errc::decode, "abi: " + abi_path_text(path) + " (" + type.canonical() + ") at byte " +
                                        std::to_string(pos) + ": " + what);
  }
  Status need(const Type& type, std::size_t pos, std::size_t size, const AbiPath& path) const {
    if (pos > data_.size() || data_.size() - pos < size)
      return fail(type, pos, path, "needs " + std::to_string(size) + " bytes but the data ends at byte " +
                                       std::to_string(data_.size()));
    return {};
  }
  Result<u256> read_word(const Type& type, std::size_t pos, const AbiPath& path) const {
    LB_TRY_STATUS(need(type, pos, kWord, path));
    return u256::from_be32(data_.data() + pos);
  }
  /// A length word at pos whose `unit`-byte items must fit in the data after it.
  Result<std::size_t> read_length(const Type& type, std::size_t pos, const AbiPath& path, std::size_t unit) const {
    LB_TRY(word, read_word(type, pos, path));
    std::size_t available = (data_.size() - pos - kWord) / unit;
    if (!word.fits_u64() || word.limbs[0] > available)
      return fail(type, pos, path, "length " + (word.fits_u64() ? std::to_string(word.limbs[0]) : word.to_hex()) +
                                       " exceeds the " + std::to_string(data_.size() - pos - kWord) +
                                       " bytes left in the data");
    return static_cast<std::size_t>(word.limbs[0]);
  }
  Status charge(const Type& type, std::size_t pos, const AbiPath& path, std::size_t bytes) {
    if (bytes > budget_) return fail(type, pos, path, "decoding would allocate more than the limit");
    budget_ -= bytes;
    return {};
  }

  ByteView data_;
  std::size_t budget_;
};

}  // namespace

Result<Values> decode(std::span<const Type> types, ByteView data, const DecodeOptions& options) {
  LB_TRY_STATUS(validate_all(types));
  Decoder decoder(data, options.max_allocation);
  Values out;
  LB_TRY(end, decoder.sequence({types.data(), false}, types.size(), 0, nullptr, false, out));
  if (end != data.size() && !options.allow_trailing)
    return make_error(Errc::decode, "abi: " + std::to_string(data.size() - end) +
                                        " unexpected bytes after the encoding, which ends at byte " +
                                        std::to_string(end));
  return out;
}

Result<Bytes> encode(std::span<const Type> types, std::span<const Value> values) {
  Bytes out;
  LB_TRY_STATUS(encode_into(types, values, out));
  return out;
}

Result<Bytes> encode_call(const Signature& signature, std::span<const Value> args) {
  return encode_call(signature.selector(), signature.inputs, args);
}

Result<Bytes> encode_call(const Selector& selector, std::span<const Type> inputs, std::span<const Value> args) {
  Bytes out(selector.bytes.begin(), selector.bytes.end());
  LB_TRY_STATUS(encode_into(inputs, args, out));
  return out;
}

Result<Values> decode_call(const Signature& signature, ByteView calldata, const DecodeOptions& options) {
  if (calldata.size() < 4)
    return make_error(Errc::decode, "abi: calldata of " + std::to_string(calldata.size()) +
                                        " bytes is shorter than a 4-byte selector");
  Selector expected = signature.selector();
  Selector got = Selector::from_view(calldata.first(4));
  if (got != expected)
    return make_error(Errc::decode, "abi: calldata selector " + got.to_hex() + " is not " + expected.to_hex() +
                                        " of " + signature.canonical());
  return decode(signature.inputs, calldata.subspan(4), options);
}

}  // namespace liquidbot::abi
