// Primitives: keccak, addresses, ABI, RLP, keys and signatures, transactions, EIP-191/712, SIWE.
#include "common.hpp"

#include <liquidbot/abi.hpp>
#include <liquidbot/eip191.hpp>
#include <liquidbot/eip712.hpp>
#include <liquidbot/keccak.hpp>
#include <liquidbot/rlp.hpp>
#include <liquidbot/secp256k1.hpp>
#include <liquidbot/siwe.hpp>
#include <liquidbot/transaction.hpp>

#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

namespace liquidbot::python {
namespace {

// ---- ABI ----------------------------------------------------------------------------------------

std::vector<abi::Type> parse_types(py::handle types) {
  std::vector<abi::Type> out;
  if (PyUnicode_Check(types.ptr())) {
    // "(uint256,address)" or "uint256,address": parse as one tuple and use its members.
    std::string text = py::cast<std::string>(types);
    if (text.empty() || text.front() != '(') text = "(" + text + ")";
    abi::Type tuple = unwrap(abi::parse_type(text));
    if (tuple.kind != abi::Kind::tuple)
      raise(Errc::invalid_argument, "types: expected a list of types, got '" + py::cast<std::string>(types) + "'");
    return tuple.components;
  }
  for (py::handle item : py::reinterpret_borrow<py::iterable>(types))
    out.push_back(unwrap(abi::parse_type(py::cast<std::string>(item))));
  return out;
}

abi::Value to_abi_value(const abi::Type& type, py::handle value, const std::string& where) {
  switch (type.kind) {
    case abi::Kind::unsigned_int:
      return abi::Value(to_u256(value, where.c_str()));
    case abi::Kind::signed_int: {
      if (!PyLong_Check(value.ptr()) || PyBool_Check(value.ptr()))
        throw py::type_error(where + ": expected an int for " + type.canonical());
      py::int_ v = py::reinterpret_borrow<py::int_>(value);
      py::int_ zero(0);
      if (v < zero) {
        py::int_ shifted = py::reinterpret_steal<py::int_>(
            PyNumber_Add(v.ptr(), py::int_(1).attr("__lshift__")(255).ptr()));
        if (shifted < zero)
          raise(Errc::overflow, where + ": " + std::string(py::str(value)) + " is below the int256 range");
        const u256 magnitude_complement = to_u256(shifted, where.c_str());  // v + 2^255
        // two's complement: v + 2^256 = (v + 2^255) + 2^255
        const u256 encoded = magnitude_complement + u256::from_limbs(0, 0, 0, 1ULL << 63);
        return abi::Value(encoded);
      }
      if (_PyLong_NumBits(value.ptr()) > 255)
        raise(Errc::overflow, where + ": " + std::string(py::str(value)) + " exceeds the int256 range");
      return abi::Value(to_u256(value, where.c_str()));
    }
    case abi::Kind::address:
      return abi::Value(to_address(value, where.c_str()));
    case abi::Kind::boolean:
      if (!PyBool_Check(value.ptr())) throw py::type_error(where + ": expected a bool");
      return abi::Value(value.ptr() == Py_True);
    case abi::Kind::fixed_bytes:
    case abi::Kind::bytes:
      return abi::Value(to_bytes(value, where.c_str()));
    case abi::Kind::string:
      if (!PyUnicode_Check(value.ptr())) throw py::type_error(where + ": expected a str");
      return abi::Value(py::cast<std::string>(value));
    case abi::Kind::fixed_array:
    case abi::Kind::dynamic_array:
    case abi::Kind::tuple: {
      if (PyUnicode_Check(value.ptr()) || PyBytes_Check(value.ptr()) || !PySequence_Check(value.ptr()))
        throw py::type_error(where + ": expected a list or tuple for " + type.canonical());
      py::sequence seq = py::reinterpret_borrow<py::sequence>(value);
      abi::Values items;
      const std::size_t n = seq.size();
      if (type.kind == abi::Kind::tuple && n != type.components.size())
        raise(Errc::invalid_argument, where + ": " + type.canonical() + " has " +
                                          std::to_string(type.components.size()) + " members, got " +
                                          std::to_string(n) + " values");
      if (type.kind == abi::Kind::fixed_array && n != type.length)
        raise(Errc::invalid_argument, where + ": " + type.canonical() + " needs " + std::to_string(type.length) +
                                          " elements, got " + std::to_string(n));
      items.reserve(n);
      for (std::size_t i = 0; i < n; ++i) {
        const abi::Type& element = type.kind == abi::Kind::tuple ? type.components[i] : type.components[0];
        items.push_back(to_abi_value(element, seq[i], where + "[" + std::to_string(i) + "]"));
      }
      return abi::Value(std::move(items));
    }
  }
  raise(Errc::internal, where + ": unknown ABI kind");
}

abi::Values to_abi_values(const std::vector<abi::Type>& types, py::handle values) {
  if (PyUnicode_Check(values.ptr()) || !PySequence_Check(values.ptr()))
    throw py::type_error("values: expected a list or tuple");
  py::sequence seq = py::reinterpret_borrow<py::sequence>(values);
  if (seq.size() != types.size())
    raise(Errc::invalid_argument, "values: " + std::to_string(types.size()) + " types but " +
                                      std::to_string(seq.size()) + " values");
  abi::Values out;
  out.reserve(types.size());
  for (std::size_t i = 0; i < types.size(); ++i)
    out.push_back(to_abi_value(types[i], seq[i], "values[" + std::to_string(i) + "]"));
  return out;
}

py::object from_abi_value(const abi::Type& type, const abi::Value& value) {
  switch (type.kind) {
    case abi::Kind::unsigned_int:
      return from_u256(*value.as_int());
    case abi::Kind::signed_int: {
      const u256& v = *value.as_int();
      py::int_ as_unsigned = from_u256(v);
      if ((v.limbs[3] >> 63) == 0) return as_unsigned;
      py::int_ two256 = py::int_(1).attr("__lshift__")(256);
      return py::reinterpret_steal<py::object>(PyNumber_Subtract(as_unsigned.ptr(), two256.ptr()));
    }
    case abi::Kind::address:
      return py::str(value.as_address()->to_checksum());
    case abi::Kind::boolean:
      return py::bool_(*value.as_bool());
    case abi::Kind::fixed_bytes:
    case abi::Kind::bytes:
      return from_bytes(*value.as_bytes());
    case abi::Kind::string:
      return py::str(*value.as_string());
    case abi::Kind::fixed_array:
    case abi::Kind::dynamic_array: {
      py::list out;
      for (const abi::Value& item : *value.as_list()) out.append(from_abi_value(type.components[0], item));
      return out;
    }
    case abi::Kind::tuple: {
      const abi::Values& items = *value.as_list();
      py::tuple out(items.size());
      for (std::size_t i = 0; i < items.size(); ++i) out[i] = from_abi_value(type.components[i], items[i]);
      return out;
    }
  }
  raise(Errc::internal, "abi: unknown kind");
}

}  // namespace

py::list from_abi_values(const std::vector<abi::Type>& types, const abi::Values& values) {
  py::list out;
  for (std::size_t i = 0; i < values.size(); ++i) out.append(from_abi_value(types[i], values[i]));
  return out;
}

namespace {

// ---- RLP ----------------------------------------------------------------------------------------

rlp::Item to_rlp_item(py::handle value, const std::string& where, std::size_t depth) {
  if (depth > rlp::kMaxDepth) raise(Errc::overflow, where + ": nesting deeper than " + std::to_string(rlp::kMaxDepth));
  rlp::Item item;
  if (PyLong_Check(value.ptr()) && !PyBool_Check(value.ptr())) {
    Bytes encoded;
    rlp::append_uint(encoded, to_u256(value, where.c_str()));
    item.bytes = unwrap(rlp::decode_tree(encoded)).bytes;
    return item;
  }
  if (PyBytes_Check(value.ptr()) || PyByteArray_Check(value.ptr()) || PyMemoryView_Check(value.ptr())) {
    item.bytes = to_bytes(value, where.c_str());
    return item;
  }
  if (PyList_Check(value.ptr()) || PyTuple_Check(value.ptr())) {
    item.is_list = true;
    py::sequence seq = py::reinterpret_borrow<py::sequence>(value);
    for (std::size_t i = 0; i < seq.size(); ++i)
      item.items.push_back(to_rlp_item(seq[i], where + "[" + std::to_string(i) + "]", depth + 1));
    return item;
  }
  throw py::type_error(where + ": an RLP item is bytes, a non-negative int or a list of items");
}

py::object from_rlp_item(const rlp::Item& item) {
  if (!item.is_list) return from_bytes(item.bytes);
  py::list out;
  for (const rlp::Item& child : item.items) out.append(from_rlp_item(child));
  return out;
}

// ---- EIP-712 / SIWE ------------------------------------------------------------------------------

std::string json_text(py::handle value) {
  if (PyUnicode_Check(value.ptr())) return py::cast<std::string>(value);
  return py::cast<std::string>(py::module_::import("json").attr("dumps")(value));
}

siwe::Timestamp to_timestamp(py::handle value) {
  if (PyUnicode_Check(value.ptr())) return unwrap(siwe::parse_rfc3339(py::cast<std::string>(value)));
  if (PyLong_Check(value.ptr()) && !PyBool_Check(value.ptr())) return siwe::Timestamp{py::cast<std::int64_t>(value), 0};
  throw py::type_error("time: expected an RFC 3339 str or Unix seconds as int");
}

py::dict siwe_to_dict(const siwe::Message& m) {
  py::dict d;
  d["scheme"] = m.scheme ? py::object(py::str(*m.scheme)) : py::none();
  d["domain"] = m.domain;
  d["address"] = m.address;
  d["statement"] = m.statement ? py::object(py::str(*m.statement)) : py::none();
  d["uri"] = m.uri;
  d["version"] = m.version;
  d["chain_id"] = m.chain_id;
  d["nonce"] = m.nonce;
  d["issued_at"] = m.issued_at;
  d["expiration_time"] = m.expiration_time ? py::object(py::str(*m.expiration_time)) : py::none();
  d["not_before"] = m.not_before ? py::object(py::str(*m.not_before)) : py::none();
  d["request_id"] = m.request_id ? py::object(py::str(*m.request_id)) : py::none();
  d["resources"] = m.resources ? py::object(py::cast(*m.resources)) : py::none();
  return d;
}

Signature to_signature(py::handle value) {
  if (py::isinstance<Signature>(value)) return py::cast<Signature>(value);
  return unwrap(Signature::from_bytes65(to_bytes(value, "signature")));
}

}  // namespace

void bind_primitives(py::module_& m) {
  // ---- hashing and addresses
  m.def("keccak256", [](py::handle data) {
        if (PyUnicode_Check(data.ptr())) return keccak256(std::string_view(py::cast<std::string>(data)));
        const Bytes bytes = to_bytes(data, "data");
        py::gil_scoped_release release;
        return keccak256(ByteView(bytes));
      }, py::arg("data"),
      "Keccak-256 (Ethereum's, not SHA3-256) of bytes, or of a str's UTF-8 text. Returns 32 bytes.");
  m.def("function_selector", [](const std::string& signature) {
        const abi::Signature sig = unwrap(abi::parse_signature(signature));
        const Selector s = sig.selector();
        return from_bytes(s.view());
      }, py::arg("signature"),
      "First 4 bytes of keccak256 of the canonical signature; names and spaces are normalized "
      "('transfer(address to, uint amount)' -> transfer(address,uint256)).");
  m.def("canonical_signature", [](const std::string& signature) {
        return unwrap(abi::parse_signature(signature)).canonical();
      }, py::arg("signature"), "Canonical text of a function signature: 'name(T1,T2)'.");
  m.def("to_checksum_address", [](py::handle address) { return to_address(address, "address").to_checksum(); },
        py::arg("address"),
        "EIP-55 checksummed form of an address given as str or 20 bytes. Mixed-case input must "
        "already carry a valid checksum (InvalidArgument otherwise).");
  m.def("is_checksum_address", [](const std::string& text) {
        auto parsed = Address::parse(text);
        return parsed.ok() && parsed->to_checksum() == text;
      }, py::arg("text"), "True when text is an address in exact EIP-55 form.");
  m.def("address_bytes", [](py::handle address) { return from_bytes(to_address(address, "address").bytes); },
        py::arg("address"), "The 20 raw bytes of an address.");

  // ---- ABI
  m.def("abi_encode", [](py::handle types, py::handle values) {
        const auto parsed = parse_types(types);
        const abi::Values vals = to_abi_values(parsed, values);
        return from_bytes(unwrap(abi::encode(parsed, vals)));
      }, py::arg("types"), py::arg("values"),
      "ABI-encodes values as a tuple of types (list of type strings, or 'uint256,address'). "
      "uintN/intN take int (range-checked), address str/bytes, bool, bytes/bytesN bytes or 0x-hex, "
      "string str, arrays and tuples list/tuple.");
  m.def("abi_decode", [](py::handle types, py::handle data, bool allow_trailing) {
        const auto parsed = parse_types(types);
        const Bytes raw = to_bytes(data, "data");
        abi::DecodeOptions options;
        options.allow_trailing = allow_trailing;
        return from_abi_values(parsed, unwrap(abi::decode(parsed, raw, options)));
      }, py::arg("types"), py::arg("data"), py::arg("allow_trailing") = false,
      "Strictly decodes ABI data (canonical offsets, clean padding); DecodeError otherwise. "
      "Returns a list of Python values (intN as signed int, addresses checksummed).");
  m.def("abi_encode_call", [](const std::string& signature, py::handle args) {
        const abi::Signature sig = unwrap(abi::parse_signature(signature));
        const abi::Values vals = to_abi_values(sig.inputs, args);
        return from_bytes(unwrap(abi::encode_call(sig, vals)));
      }, py::arg("signature"), py::arg("args"), "selector || abi_encode(inputs, args).");
  m.def("abi_decode_call", [](const std::string& signature, py::handle calldata) {
        const abi::Signature sig = unwrap(abi::parse_signature(signature));
        const Bytes raw = to_bytes(calldata, "calldata");
        return from_abi_values(sig.inputs, unwrap(abi::decode_call(sig, raw)));
      }, py::arg("signature"), py::arg("calldata"),
      "Checks the selector of calldata against the signature, then strictly decodes the inputs.");
  m.def("abi_decode_output", [](const std::string& signature, py::handle data) {
        const abi::Signature sig = unwrap(abi::parse_signature(signature));
        const Bytes raw = to_bytes(data, "data");
        return from_abi_values(sig.outputs, unwrap(abi::decode(sig.outputs, raw)));
      }, py::arg("signature"), py::arg("data"),
      "Decodes return data with the outputs of 'name(inputs)(outputs)'.");
  m.def("decode_revert", [](py::handle data, const std::vector<std::string>& custom_errors) {
        std::vector<abi::Signature> sigs;
        for (const std::string& s : custom_errors) sigs.push_back(unwrap(abi::parse_signature(s)));
        const Bytes raw = to_bytes(data, "data");
        return unwrap(abi::decode_revert(raw, sigs)).to_string();
      }, py::arg("data"), py::arg("custom_errors") = std::vector<std::string>{},
      "One-line description of revert data: Error(\"msg\"), Panic(0x11: ...), a custom error or unknown.");

  // ---- RLP
  m.def("rlp_encode", [](py::handle item) { return from_bytes(rlp::encode(to_rlp_item(item, "item", 0))); },
        py::arg("item"), "RLP of bytes, a non-negative int (minimal big-endian) or nested lists of those.");
  m.def("rlp_decode", [](py::handle data) {
        const Bytes raw = to_bytes(data, "data");
        return from_rlp_item(unwrap(rlp::decode_tree(raw)));
      }, py::arg("data"),
      "Strictly decodes one RLP item spanning all of data (canonical lengths only): bytes or nested lists.");

  // ---- keys and signatures
  py::class_<Signature>(m, "Signature", "Recoverable ECDSA signature with low S (r, s, y_parity).")
      .def(py::init([](const Hash& r, const Hash& s, std::uint8_t y_parity) {
             if (y_parity > 1) raise(Errc::invalid_argument, "y_parity: must be 0 or 1, got " + std::to_string(y_parity));
             Signature sig{r, s, y_parity};
             return unwrap(Signature::from_bytes65(ByteView(sig.to_bytes65())));
           }), py::arg("r"), py::arg("s"), py::arg("y_parity"))
      .def_static("from_bytes65", [](py::handle data) { return unwrap(Signature::from_bytes65(to_bytes(data, "signature"))); },
                  py::arg("data"), "From r || s || v (v in 0, 1, 27, 28); rejects high S and out-of-range r/s.")
      .def_readonly("r", &Signature::r)
      .def_readonly("s", &Signature::s)
      .def_readonly("y_parity", &Signature::y_parity)
      .def("to_bytes65", [](const Signature& s) { return from_bytes(s.to_bytes65()); }, "r || s || (27 + y_parity).")
      .def("__eq__", [](const Signature& a, const Signature& b) { return a.r == b.r && a.s == b.s && a.y_parity == b.y_parity; })
      .def("__repr__", [](const Signature& s) { return "Signature(" + hex_encode(s.to_bytes65()) + ")"; });

  py::class_<PrivateKey>(m, "PrivateKey", "A secp256k1 private key (wiped on destruction; never printed).")
      .def_static("from_hex", [](const std::string& text) { return unwrap(PrivateKey::from_hex(text)); }, py::arg("text"))
      .def_static("from_bytes", [](py::handle data) { return unwrap(PrivateKey::from_bytes(to_bytes(data, "key"))); }, py::arg("data"))
      .def_property_readonly("address", &PrivateKey::address, "Checksummed address of the key.")
      .def_property_readonly("public_key", [](const PrivateKey& k) { return from_bytes(k.public_key().bytes); },
                             "Uncompressed public key X || Y (64 bytes).")
      .def("sign", [](const PrivateKey& k, const Hash& digest) { return k.sign(digest); }, py::arg("digest"),
           "Signs a 32-byte digest (RFC 6979, low S).")
      .def("__repr__", [](const PrivateKey& k) { return "PrivateKey(address=" + k.address().to_checksum() + ")"; });

  m.def("recover_address", [](const Hash& digest, py::handle signature) {
        return unwrap(recover_address(digest, to_signature(signature)));
      }, py::arg("digest"), py::arg("signature"), "Address whose key signed the 32-byte digest.");

  // ---- transactions
  py::enum_<TxType>(m, "TxType")
      .value("legacy", TxType::legacy)
      .value("access_list", TxType::access_list)
      .value("dynamic_fee", TxType::dynamic_fee);
  py::class_<Transaction>(m, "Transaction",
                          "A legacy, EIP-2930 or EIP-1559 transaction. Amounts are ints (u256, range-checked).")
      .def(py::init([](TxType type, std::uint64_t chain_id, std::uint64_t nonce, std::uint64_t gas_limit,
                       py::object to, const u256& value, py::object data, const u256& max_fee_per_gas,
                       const u256& max_priority_fee_per_gas, const u256& gas_price, py::object access_list) {
             Transaction tx;
             tx.type = type;
             tx.chain_id = chain_id;
             tx.nonce = nonce;
             tx.gas_limit = gas_limit;
             if (!to.is_none()) tx.to = to_address(to, "to");
             tx.value = value;
             if (!data.is_none()) tx.data = to_bytes(data, "data");
             tx.max_fee_per_gas = max_fee_per_gas;
             tx.max_priority_fee_per_gas = max_priority_fee_per_gas;
             tx.gas_price = gas_price;
             if (!access_list.is_none()) {
               for (py::handle entry : py::reinterpret_borrow<py::iterable>(access_list)) {
                 py::sequence pair = py::reinterpret_borrow<py::sequence>(entry);
                 if (pair.size() != 2) raise(Errc::invalid_argument, "access_list: entries are (address, [keys])");
                 AccessListEntry e{to_address(pair[0], "access_list address"), {}};
                 for (py::handle key : py::reinterpret_borrow<py::iterable>(pair[1]))
                   e.storage_keys.push_back(to_hash(key, "access_list storage key"));
                 tx.access_list.push_back(std::move(e));
               }
             }
             unwrap(validate(tx));
             return tx;
           }),
           py::kw_only(), py::arg("type") = TxType::dynamic_fee, py::arg("chain_id") = 0, py::arg("nonce") = 0,
           py::arg("gas_limit") = 0, py::arg("to") = py::none(), py::arg("value") = u256{},
           py::arg("data") = py::none(), py::arg("max_fee_per_gas") = u256{},
           py::arg("max_priority_fee_per_gas") = u256{}, py::arg("gas_price") = u256{},
           py::arg("access_list") = py::none())
      .def_readonly("type", &Transaction::type)
      .def_readonly("chain_id", &Transaction::chain_id)
      .def_readonly("nonce", &Transaction::nonce)
      .def_readonly("gas_limit", &Transaction::gas_limit)
      .def_readonly("value", &Transaction::value)
      .def_readonly("max_fee_per_gas", &Transaction::max_fee_per_gas)
      .def_readonly("max_priority_fee_per_gas", &Transaction::max_priority_fee_per_gas)
      .def_readonly("gas_price", &Transaction::gas_price)
      .def_property_readonly("to", [](const Transaction& tx) -> py::object {
        return tx.to ? py::object(py::str(tx.to->to_checksum())) : py::none();
      })
      .def_property_readonly("data", [](const Transaction& tx) { return from_bytes(tx.data); })
      .def_property_readonly("signature", [](const Transaction& tx) { return tx.signature; })
      .def_property_readonly("access_list", [](const Transaction& tx) {
        py::list out;
        for (const AccessListEntry& e : tx.access_list) out.append(py::make_tuple(e.address, e.storage_keys));
        return out;
      })
      .def("signing_hash", [](const Transaction& tx) { return signing_hash(tx); }, "Digest the sender signs.")
      .def("sign", [](Transaction& tx, const PrivateKey& key) { unwrap(sign(tx, key)); }, py::arg("key"),
           "Signs in place (RFC 6979).")
      .def("encode", [](const Transaction& tx) { return from_bytes(unwrap(encode(tx))); },
           "Raw signed transaction bytes (eth_sendRawTransaction); StateError when unsigned.")
      .def("hash", [](const Transaction& tx) { return unwrap(tx_hash(tx)); }, "keccak256 of encode().")
      .def("signing_payload", [](const Transaction& tx) { return from_bytes(signing_payload(tx)); },
           "The unsigned encoding whose keccak256 is signing_hash(): what GasPriceOracle.getL1Fee takes.")
      .def("__eq__", [](const Transaction& a, const Transaction& b) { return a == b; });
  py::class_<DecodedTransaction>(m, "DecodedTransaction", "A decoded raw transaction with its sender and hash.")
      .def_readonly("tx", &DecodedTransaction::tx)
      .def_readonly("sender", &DecodedTransaction::from)
      .def_readonly("hash", &DecodedTransaction::hash)
      .def("to_json", [](const DecodedTransaction& d) { return to_json(d); });
  m.def("decode_transaction", [](py::handle raw) {
        const Bytes bytes = to_bytes(raw, "raw");
        return unwrap(decode_transaction(bytes));
      }, py::arg("raw"),
      "Strictly decodes a signed raw transaction (typed or legacy) and recovers the sender.");

  // ---- EIP-191 / EIP-712 / SIWE
  auto message_bytes = [](py::handle message) {
    if (PyUnicode_Check(message.ptr())) {
      const std::string text = py::cast<std::string>(message);
      return Bytes(text.begin(), text.end());
    }
    return to_bytes(message, "message");
  };
  m.def("eip191_hash", [message_bytes](py::handle message) { return eip191_hash(message_bytes(message)); },
        py::arg("message"), "keccak256(\"\\x19Ethereum Signed Message:\\n\" || len || message); str is UTF-8.");
  m.def("sign_message", [message_bytes](const PrivateKey& key, py::handle message) {
        return sign_message(key, message_bytes(message));
      }, py::arg("key"), py::arg("message"), "EIP-191 personal_sign signature.");
  m.def("recover_message_signer", [message_bytes](py::handle message, py::handle signature) {
        return unwrap(recover_message_signer(message_bytes(message), to_signature(signature)));
      }, py::arg("message"), py::arg("signature"), "Signer of an EIP-191 signature (Signature or 65 bytes).");
  m.def("verify_message", [message_bytes](const Address& signer, py::handle message, py::handle signature) {
        return verify_message(signer, message_bytes(message), to_signature(signature));
      }, py::arg("signer"), py::arg("message"), py::arg("signature"), "True when signer signed message (EIP-191).");
  m.def("eip712_hash", [](py::handle typed_data) { return unwrap(eip712::hash(unwrap(eip712::parse(json_text(typed_data))))); },
        py::arg("typed_data"), "EIP-712 digest of typed data given as JSON text or a dict (eth_signTypedData_v4).");
  m.def("eip712_sign", [](const PrivateKey& key, py::handle typed_data) {
        return unwrap(eip712::sign(key, unwrap(eip712::parse(json_text(typed_data)))));
      }, py::arg("key"), py::arg("typed_data"), "Signs EIP-712 typed data (JSON text or dict).");
  m.def("siwe_parse", [](const std::string& text) { return siwe_to_dict(unwrap(siwe::parse(text))); },
        py::arg("text"), "Parses and validates an EIP-4361 message into a dict of its fields.");
  m.def("siwe_verify", [](const std::string& text, py::handle signature, std::optional<std::string> domain,
                          std::optional<std::string> nonce, py::object address, std::optional<std::uint64_t> chain_id,
                          std::optional<std::string> scheme, py::object time) {
        const siwe::Message message = unwrap(siwe::parse(text));
        siwe::VerifyOptions options;
        options.domain = std::move(domain);
        options.nonce = std::move(nonce);
        options.scheme = std::move(scheme);
        options.chain_id = chain_id;
        if (!address.is_none()) options.address = to_address(address, "address");
        if (!time.is_none()) options.time = to_timestamp(time);
        unwrap(siwe::verify(message, to_signature(signature), options));
      }, py::arg("message"), py::arg("signature"), py::kw_only(), py::arg("domain") = py::none(),
      py::arg("nonce") = py::none(), py::arg("address") = py::none(), py::arg("chain_id") = py::none(),
      py::arg("scheme") = py::none(), py::arg("time") = py::none(),
      "Verifies a Sign-In with Ethereum message and signature; returns None or raises "
      "(InvalidArgument for a mismatch or time window, SignatureError for a bad signature).");
}

}  // namespace liquidbot::python
