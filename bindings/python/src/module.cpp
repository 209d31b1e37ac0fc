// liquidbot._core: the extension module, its exception hierarchy and the basic conversions.
#include "common.hpp"

#include <liquidbot/version.hpp>

#include <array>
#include <cstring>

namespace liquidbot::python {
namespace {

struct ErrorClass {
  Errc code;
  const char* name;
  const char* doc;
};

// One Python class per library error code; all derive from liquidbot.Error.
constexpr std::array<ErrorClass, 13> kErrorClasses{{
    {Errc::invalid_argument, "InvalidArgument", "Malformed input: bad hex, junk digits, wrong length, bad checksum."},
    {Errc::overflow, "Overflow", "A value does not fit (u256 overflow, length past a limit)."},
    {Errc::division_by_zero, "DivisionByZero", "A division by zero where the chain would revert."},
    {Errc::decode, "DecodeError", "Structurally invalid encoded data (RLP, ABI, transaction, JSON)."},
    {Errc::signature, "SignatureError", "Invalid signature, key or recovery failure."},
    {Errc::not_found, "NotFound", "A reserve, asset or item that is not there."},
    {Errc::unsupported, "Unsupported", "Valid input this build or revision does not handle."},
    {Errc::io, "IoError", "File or network failure."},
    {Errc::rpc, "RpcError", "The node answered with an error."},
    {Errc::timeout, "Timeout", "An operation ran out of time."},
    {Errc::state, "StateError", "A call that is not valid in the object's current state."},
    {Errc::unreachable_target, "UnreachableTarget", "A protection target cannot be met with the given means."},
    {Errc::internal, "InternalError", "A bug in liquidbot."},
}};

PyObject* g_base = nullptr;
std::array<PyObject*, 14> g_by_code{};

bool all_hex(std::string_view text) {
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  return true;
}

}  // namespace

void register_errors(py::module_& m) {
  g_base = PyErr_NewExceptionWithDoc("liquidbot.Error",
                                     "Base class of every liquidbot error; `code` is the library's "
                                     "error code name (e.g. 'invalid_argument').",
                                     PyExc_Exception, nullptr);
  m.add_object("Error", py::handle(g_base));
  for (const ErrorClass& c : kErrorClasses) {
    const std::string qualified = std::string("liquidbot.") + c.name;
    PyObject* cls = PyErr_NewExceptionWithDoc(qualified.c_str(), c.doc, g_base, nullptr);
    m.add_object(c.name, py::handle(cls));
    g_by_code[static_cast<std::size_t>(c.code)] = cls;
  }
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const LbException& e) {
      py::object instance = make_exception(e.error);
      PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(instance.ptr())), instance.ptr());
    }
  });
}

py::object make_exception(const Error& error) {
  const auto index = static_cast<std::size_t>(error.code);
  PyObject* cls = index < g_by_code.size() && g_by_code[index] != nullptr ? g_by_code[index] : g_base;
  py::str message(error.message);
  py::object instance = py::reinterpret_steal<py::object>(PyObject_CallOneArg(cls, message.ptr()));
  if (!instance) throw py::error_already_set();
  py::setattr(instance, "code", py::str(std::string(errc_name(error.code))));
  return instance;
}

Bytes to_bytes(py::handle value, const char* what) {
  if (PyUnicode_Check(value.ptr())) {
    const std::string text = py::cast<std::string>(value);
    if (text.size() < 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
      raise(Errc::invalid_argument, std::string(what) + ": text must be 0x-prefixed hex, got '" + text + "'");
    auto decoded = hex_decode(text);
    if (!decoded.ok()) raise(Errc::invalid_argument, std::string(what) + ": " + decoded.error().message);
    return std::move(decoded).value();
  }
  if (PyObject_CheckBuffer(value.ptr())) {
    py::buffer_info info = py::reinterpret_borrow<py::buffer>(value).request();
    if (info.ndim > 1 || info.itemsize != 1)
      raise(Errc::invalid_argument, std::string(what) + ": expected a flat byte buffer");
    const auto* data = static_cast<const std::uint8_t*>(info.ptr);
    return Bytes(data, data + info.size);
  }
  throw py::type_error(std::string(what) + ": expected bytes or 0x-hex str, got " +
                       std::string(py::str(py::type::of(value).attr("__name__"))));
}

Address to_address(py::handle value, const char* what) {
  if (PyUnicode_Check(value.ptr())) {
    auto parsed = Address::parse(py::cast<std::string>(value));
    if (!parsed.ok()) raise(Errc::invalid_argument, std::string(what) + ": " + parsed.error().message);
    return parsed.value();
  }
  if (PyBytes_Check(value.ptr()) || PyByteArray_Check(value.ptr())) {
    const Bytes raw = to_bytes(value, what);
    if (raw.size() != 20)
      raise(Errc::invalid_argument,
            std::string(what) + ": an address is 20 bytes, got " + std::to_string(raw.size()));
    return Address::from_view(raw);
  }
  throw py::type_error(std::string(what) + ": expected an address as str or 20 bytes");
}

Hash to_hash(py::handle value, const char* what) {
  Bytes raw;
  if (PyUnicode_Check(value.ptr())) {
    const std::string text = py::cast<std::string>(value);
    const std::string_view digits =
        text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X') ? std::string_view(text).substr(2)
                                                                                : std::string_view(text);
    if (digits.size() != 64 || !all_hex(digits))
      raise(Errc::invalid_argument, std::string(what) + ": expected 0x + 64 hex digits, got '" + text + "'");
    raw = to_bytes(py::str("0x" + std::string(digits)), what);
  } else {
    raw = to_bytes(value, what);
  }
  if (raw.size() != 32)
    raise(Errc::invalid_argument, std::string(what) + ": a hash is 32 bytes, got " + std::to_string(raw.size()));
  Hash h;
  std::memcpy(h.bytes.data(), raw.data(), 32);
  return h;
}

u256 to_u256(py::handle value, const char* what) {
  if (!PyLong_Check(value.ptr()) || PyBool_Check(value.ptr()))
    throw py::type_error(std::string(what) + ": expected an int, got " +
                         std::string(py::str(py::type::of(value).attr("__name__"))));
  auto* number = reinterpret_cast<PyLongObject*>(value.ptr());
  if (_PyLong_Sign(value.ptr()) < 0)
    raise(Errc::invalid_argument, std::string(what) + ": a uint256 cannot be negative, got " +
                                      std::string(py::str(value)));
  if (_PyLong_NumBits(value.ptr()) > 256)
    raise(Errc::overflow, std::string(what) + ": " + std::string(py::str(value)) + " does not fit in 256 bits");
  std::array<unsigned char, 32> le{};
  if (_PyLong_AsByteArray(number, le.data(), le.size(), 1, 0) != 0) throw py::error_already_set();
  u256 out;
  for (std::size_t limb = 0; limb < 4; ++limb) {
    std::uint64_t w = 0;
    for (std::size_t i = 0; i < 8; ++i) w |= static_cast<std::uint64_t>(le[limb * 8 + i]) << (8 * i);
    out.limbs[limb] = w;
  }
  return out;
}

py::int_ from_u256(const u256& value) {
  if (value.fits_u64()) return py::reinterpret_steal<py::int_>(PyLong_FromUnsignedLongLong(value.limbs[0]));
  std::array<unsigned char, 32> le{};
  for (std::size_t limb = 0; limb < 4; ++limb)
    for (std::size_t i = 0; i < 8; ++i) le[limb * 8 + i] = static_cast<unsigned char>(value.limbs[limb] >> (8 * i));
  return py::reinterpret_steal<py::int_>(_PyLong_FromByteArray(le.data(), le.size(), 1, 0));
}

}  // namespace liquidbot::python

PYBIND11_MODULE(_core, m) {
  m.doc() = "liquidbot native core: exact Aave V3 health factors, protection sizing and Ethereum "
            "primitives (keccak, ABI, RLP, transactions, EIP-191/712, SIWE).";
  m.attr("__version__") = LIQUIDBOT_VERSION_STRING;
  liquidbot::python::register_errors(m);
  liquidbot::python::bind_primitives(m);
  liquidbot::python::bind_engine(m);
  liquidbot::python::bind_batch(m);
  liquidbot::python::bind_rpc(m);
  liquidbot::python::bind_chain(m);
  liquidbot::python::bind_execution(m);
  liquidbot::python::bind_actions(m);
}
