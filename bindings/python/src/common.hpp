// Shared pieces of the liquidbot._core extension: Python <-> C++ conversions (u256 as int,
// Address as checksummed str, Hash as bytes), the exception hierarchy and Result unwrapping.
#pragma once

#include <liquidbot/abi.hpp>
#include <liquidbot/address.hpp>
#include <liquidbot/bytes.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/fixed_bytes.hpp>
#include <liquidbot/u256.hpp>

#include <pybind11/pybind11.h>

#include <string>
#include <vector>
#include <utility>

namespace liquidbot::aave {
struct RiskConfig;
}  // namespace liquidbot::aave

namespace liquidbot::rpc {
struct BlockTag;
struct Log;
struct Receipt;
}  // namespace liquidbot::rpc

namespace liquidbot::python {

namespace py = pybind11;

/// A library error on its way to Python; the registered translator raises the matching class.
struct LbException {
  Error error;
};

[[noreturn]] inline void raise(Errc code, std::string message) {
  throw LbException{Error{code, std::move(message)}};
}

/// The value of a Result, or the error raised as the matching liquidbot exception.
template <typename T>
T unwrap(Result<T>&& result) {
  if (!result.ok()) throw LbException{std::move(result).error()};
  return std::move(result).value();
}
inline void unwrap(Status&& status) {
  if (!status.ok()) throw LbException{std::move(status).error()};
}

/// Creates the exception classes on the module and registers the translator.
void register_errors(py::module_& m);
/// An instance of the liquidbot exception class for `error` (with `code` set), not raised.
py::object make_exception(const Error& error);

/// bytes, bytearray, memoryview or "0x"-prefixed hex text -> Bytes (`what` names the argument).
Bytes to_bytes(py::handle value, const char* what);
/// str (EIP-55 enforced when mixed case) or 20 bytes -> Address.
Address to_address(py::handle value, const char* what);
/// 32 bytes or 0x + 64 hex digits -> Hash.
Hash to_hash(py::handle value, const char* what);
/// Python int in [0, 2^256) -> u256; negative raises InvalidArgument, too large Overflow.
u256 to_u256(py::handle value, const char* what);
py::int_ from_u256(const u256& value);
inline py::bytes from_bytes(ByteView bytes) {
  return py::bytes(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

/// ABI values of `types` as Python values (int, str address, bytes, bool, list, tuple).
py::list from_abi_values(const std::vector<abi::Type>& types, const abi::Values& values);

/// A block number (int) or "latest"/"pending"/"safe"/"finalized"/"earliest".
rpc::BlockTag to_block(py::handle block);
py::dict receipt_dict(const rpc::Receipt& receipt);
py::dict log_dict(const rpc::Log& log);

/// A validated RiskConfig from the keyword arguments score_risk and Monitor share.
aave::RiskConfig risk_config(const u256& alert_hf, const u256& act_hf, const u256& target_hf, double horizon_days,
                             double default_volatility, py::object volatility, std::uint64_t delay_seconds);

void bind_primitives(py::module_& m);
void bind_engine(py::module_& m);
void bind_batch(py::module_& m);
void bind_rpc(py::module_& m);
void bind_chain(py::module_& m);
void bind_execution(py::module_& m);
void bind_actions(py::module_& m);

/// The int under `key` of a dict argument (`what` names it): missing or not an int is InvalidArgument.
inline u256 int_field(const py::dict& d, const char* what, const char* key) {
  if (!d.contains(key)) raise(Errc::invalid_argument, std::string(what) + ": missing key '" + key + "'");
  py::handle v = d[key];
  if (!PyLong_Check(v.ptr()) || PyBool_Check(v.ptr()))
    raise(Errc::invalid_argument, std::string(what) + ": '" + key + "' must be an int");
  return to_u256(v, key);
}

/// Builds T from keyword arguments through its (readwrite) Python attributes: unknown names raise
/// AttributeError, ill-typed values TypeError / InvalidArgument.
template <typename T>
T from_kwargs(const py::kwargs& kwargs) {
  T value{};
  py::object view = py::cast(&value, py::return_value_policy::reference);
  for (auto item : kwargs) py::setattr(view, item.first, item.second);
  return value;
}

/// Runs `f` (returning a Result or Status) without the GIL and unwraps it.
template <typename F>
auto without_gil(F&& f) {
  py::gil_scoped_release release;
  return unwrap(f());
}

}  // namespace liquidbot::python

namespace pybind11::detail {

/// u256 <-> Python int (range-checked; bool is refused so True does not silently become 1).
template <>
struct type_caster<liquidbot::u256> {
  PYBIND11_TYPE_CASTER(liquidbot::u256, const_name("int"));
  bool load(handle src, bool) {
    if (!PyLong_Check(src.ptr()) || PyBool_Check(src.ptr())) return false;
    value = liquidbot::python::to_u256(src, "value");
    return true;
  }
  static handle cast(const liquidbot::u256& v, return_value_policy, handle) {
    return liquidbot::python::from_u256(v).release();
  }
};

/// Address <-> checksummed str (input: str or 20 bytes).
template <>
struct type_caster<liquidbot::Address> {
  PYBIND11_TYPE_CASTER(liquidbot::Address, const_name("str"));
  bool load(handle src, bool) {
    if (!PyUnicode_Check(src.ptr()) && !PyBytes_Check(src.ptr())) return false;
    value = liquidbot::python::to_address(src, "address");
    return true;
  }
  static handle cast(const liquidbot::Address& v, return_value_policy, handle) {
    return pybind11::str(v.to_checksum()).release();
  }
};

/// Hash <-> bytes (input: 32 bytes or 0x + 64 hex digits).
template <>
struct type_caster<liquidbot::Hash> {
  PYBIND11_TYPE_CASTER(liquidbot::Hash, const_name("bytes"));
  bool load(handle src, bool) {
    if (!PyUnicode_Check(src.ptr()) && !PyBytes_Check(src.ptr()) && !PyByteArray_Check(src.ptr()))
      return false;
    value = liquidbot::python::to_hash(src, "hash");
    return true;
  }
  static handle cast(const liquidbot::Hash& v, return_value_policy, handle) {
    return liquidbot::python::from_bytes(v.view()).release();
  }
};

}  // namespace pybind11::detail
