// JSON helpers shared by the JSON-RPC client and the reader: field access on simdjson DOM objects
// with errors that name the field, and strict QUANTITY/DATA fields.
#pragma once

#include <liquidbot/address.hpp>
#include <liquidbot/bytes.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/fixed_bytes.hpp>
#include <liquidbot/rpc.hpp>
#include <liquidbot/u256.hpp>

#include <simdjson.h>

#include <string>
#include <string_view>

namespace liquidbot::detail {

/// A JSON object plus the path used in error messages ("block.timestamp").
class RpcObject {
 public:
  RpcObject(simdjson::dom::object object, std::string_view path) : object_(object), path_(path) {}

  [[nodiscard]] Error field_error(std::string_view key, std::string_view what) const {
    return make_error(Errc::decode, "rpc: " + std::string(path_) + "." + std::string(key) + ": " + std::string(what));
  }
  [[nodiscard]] bool has(std::string_view key) const {
    simdjson::dom::element value;
    return object_[key].get(value) == simdjson::SUCCESS && !value.is_null();
  }
  Result<std::string_view> string(std::string_view key) const {
    simdjson::dom::element value;
    if (object_[key].get(value) != simdjson::SUCCESS) return field_error(key, "missing");
    std::string_view text;
    if (value.get(text) != simdjson::SUCCESS) return field_error(key, "not a string");
    return text;
  }
  Result<u256> quantity(std::string_view key) const {
    LB_TRY(text, string(key));
    auto parsed = rpc::parse_quantity(text);
    if (!parsed) return field_error(key, parsed.error().message);
    return *parsed;
  }
  Result<std::uint64_t> quantity_u64(std::string_view key) const {
    LB_TRY(text, string(key));
    auto parsed = rpc::parse_quantity_u64(text);
    if (!parsed) return field_error(key, parsed.error().message);
    return *parsed;
  }
  Result<Bytes> data(std::string_view key) const {
    LB_TRY(text, string(key));
    auto parsed = rpc::parse_data(text);
    if (!parsed) return field_error(key, parsed.error().message);
    return std::move(parsed).value();
  }
  template <std::size_t N>
  Result<FixedBytes<N>> fixed(std::string_view key) const {
    LB_TRY(text, string(key));
    return fixed_from<N>(text, key);
  }
  template <std::size_t N>
  Result<FixedBytes<N>> fixed_from(std::string_view text, std::string_view key) const {
    if (text.size() != 2 + 2 * N || !text.starts_with("0x"))
      return field_error(key, "expected 0x and " + std::to_string(2 * N) + " hex digits");
    FixedBytes<N> out;
    auto status = hex_decode_into(text, out.bytes);
    if (!status) return field_error(key, status.error().message);
    return out;
  }
  Result<Address> address(std::string_view key) const {
    LB_TRY(text, string(key));
    return address_from(text, key);
  }
  Result<Address> address_from(std::string_view text, std::string_view key) const {
    if (text.size() != 42 || !text.starts_with("0x")) return field_error(key, "expected 0x and 40 hex digits");
    Address out;
    auto status = hex_decode_into(text, out.bytes);
    if (!status) return field_error(key, status.error().message);
    return out;
  }
  Result<simdjson::dom::array> array(std::string_view key) const {
    simdjson::dom::array out;
    if (object_[key].get(out) != simdjson::SUCCESS) return field_error(key, "missing or not an array");
    return out;
  }
  [[nodiscard]] std::string_view path() const noexcept { return path_; }
  [[nodiscard]] const simdjson::dom::object& object() const noexcept { return object_; }

 private:
  simdjson::dom::object object_;
  std::string_view path_;
};

}  // namespace liquidbot::detail
