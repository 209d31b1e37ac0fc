// Ethereum transactions: legacy/EIP-155, EIP-2930 and EIP-1559 encoding, signing and strict decoding.
#include <liquidbot/keccak.hpp>
#include <liquidbot/rlp.hpp>
#include <liquidbot/transaction.hpp>

#include <array>
#include <span>
#include <string>
#include <string_view>

namespace liquidbot {
namespace {

std::string_view type_name(TxType type) noexcept {
  switch (type) {
    case TxType::legacy: return "legacy";
    case TxType::access_list: return "EIP-2930";
    case TxType::dynamic_fee: return "EIP-1559";
  }
  return "unknown";
}

Error tx_error(Errc code, std::string message) { return make_error(code, "transaction: " + message); }

/// Prefixes an RLP error with "transaction: ".
template <typename T>
Result<T> in_tx(Result<T> result) {
  if (!result) return tx_error(result.error().code, result.error().message);
  return result;
}

// ---- encoding ------------------------------------------------------------------------------------

/// The fields every signature covers, in wire order (without chainId/0/0 or the signature).
void append_body(Bytes& out, const Transaction& tx) {
  if (tx.type != TxType::legacy) rlp::append_uint(out, tx.chain_id);
  rlp::append_uint(out, tx.nonce);
  if (tx.type == TxType::dynamic_fee) {
    rlp::append_uint(out, tx.max_priority_fee_per_gas);
    rlp::append_uint(out, tx.max_fee_per_gas);
  } else {
    rlp::append_uint(out, tx.gas_price);
  }
  rlp::append_uint(out, tx.gas_limit);
  rlp::append_bytes(out, tx.to ? tx.to->view() : ByteView{});
  rlp::append_uint(out, tx.value);
  rlp::append_bytes(out, tx.data);
  if (tx.type == TxType::legacy) return;
  const rlp::ListMark list = rlp::begin_list(out);
  for (const auto& entry : tx.access_list) {
    const rlp::ListMark item = rlp::begin_list(out);
    rlp::append_bytes(out, entry.address.view());
    const rlp::ListMark keys = rlp::begin_list(out);
    for (const auto& key : entry.storage_keys) rlp::append_bytes(out, key.view());
    rlp::end_list(out, keys);
    rlp::end_list(out, item);
  }
  rlp::end_list(out, list);
}

/// Writes the whole transaction: with the signature when `signed_form`, else the signing form.
void write(Bytes& out, const Transaction& tx, bool signed_form) {
  out.reserve(out.size() + 160 + tx.data.size() + 100 * tx.access_list.size());
  if (tx.type != TxType::legacy) out.push_back(static_cast<std::uint8_t>(tx.type));
  const rlp::ListMark list = rlp::begin_list(out);
  append_body(out, tx);
  if (signed_form) {
    // r and s are integers on the wire: big-endian without leading zeros.
    rlp::append_uint(out, signature_v(tx));
    rlp::append_uint(out, u256::from_be32(tx.signature->r.data()));
    rlp::append_uint(out, u256::from_be32(tx.signature->s.data()));
  } else if (tx.type == TxType::legacy && tx.chain_id != 0) {
    rlp::append_uint(out, tx.chain_id);  // EIP-155: chainId, 0, 0
    rlp::append_uint(out, std::uint64_t{0});
    rlp::append_uint(out, std::uint64_t{0});
  }
  rlp::end_list(out, list);
}

// ---- decoding ------------------------------------------------------------------------------------

constexpr std::array<std::string_view, 9> kLegacyFields = {"nonce", "gasPrice", "gasLimit", "to", "value",
                                                            "data",  "v",        "r",        "s"};
constexpr std::array<std::string_view, 11> kAccessListFields = {
    "chainId", "nonce", "gasPrice", "gasLimit", "to", "value", "data", "accessList", "yParity", "r", "s"};
constexpr std::array<std::string_view, 12> kDynamicFeeFields = {
    "chainId", "nonce", "maxPriorityFeePerGas", "maxFeePerGas", "gasLimit", "to", "value",
    "data",    "accessList", "yParity", "r", "s"};

/// Reads the fields of one transaction list in order, naming each one in its errors.
class FieldReader {
 public:
  FieldReader(TxType type, std::span<const rlp::ItemView> fields, std::span<const std::string_view> names)
      : type_(type), fields_(fields), names_(names) {}

  Result<ByteView> bytes() { return field(fields_[index_].to_bytes()); }
  Result<u256> uint256() { return field(fields_[index_].to_u256()); }
  Result<std::uint64_t> uint64() { return field(fields_[index_].to_uint64()); }

  Result<std::optional<Address>> to() {
    LB_TRY(payload, inner(fields_[index_].to_bytes()));
    if (payload.empty()) return field(Result<std::optional<Address>>(std::optional<Address>{}));
    if (payload.size() != 20)
      return error("must be empty (creation) or 20 bytes, got " + std::to_string(payload.size()));
    return field(Result<std::optional<Address>>(std::optional<Address>{Address::from_view(payload)}));
  }

  /// [[address (20 bytes), [storage key (32 bytes), ...]], ...]
  Result<std::vector<AccessListEntry>> access_list() {
    const rlp::ItemView& list_item = fields_[index_];
    if (!list_item.is_list()) return error("is a byte string, expected a list");
    LB_TRY(entries, inner(list_item.items()));
    std::vector<AccessListEntry> list;
    while (!entries.done()) {
      const std::string where = "entry " + std::to_string(list.size());
      LB_TRY(entry, inner(entries.next()));
      if (!entry.is_list()) return error(where + " is not a list");
      LB_TRY(parts, inner(entry.items()));
      if (parts.done()) return error(where + " is empty, expected [address, storageKeys]");
      LB_TRY(address, inner(parts.next()));
      if (parts.done()) return error(where + " has 1 item, expected [address, storageKeys]");
      LB_TRY(keys_item, inner(parts.next()));
      if (!parts.done()) return error(where + " has more than 2 items, expected [address, storageKeys]");
      if (address.is_list() || address.payload().size() != 20)
        return error(where + ": address must be a 20-byte string");
      if (!keys_item.is_list()) return error(where + ": storage keys must be a list");
      AccessListEntry out;
      out.address = Address::from_view(address.payload());
      LB_TRY(keys, inner(keys_item.items()));
      while (!keys.done()) {
        LB_TRY(key, inner(keys.next()));
        if (key.is_list() || key.payload().size() != 32)
          return error(where + ": storage key " + std::to_string(out.storage_keys.size()) +
                       " must be a 32-byte string");
        out.storage_keys.push_back(Hash::from_view(key.payload()));
      }
      list.push_back(std::move(out));
    }
    ++index_;
    return list;
  }

  [[nodiscard]] std::size_t index() const noexcept { return index_; }
  Error error(std::string message) const { return error_at(index_, std::move(message)); }
  Error error_at(std::size_t at, std::string message) const {
    return tx_error(Errc::decode, std::string(type_name(type_)) + " field " + std::to_string(at) + " (" +
                                      std::string(names_[at]) + "): " + std::move(message));
  }

 private:
  /// Names the current field in an error from inside it; leaves the position alone.
  template <typename T>
  Result<T> inner(Result<T> result) const {
    if (!result) return error(result.error().message);
    return result;
  }
  /// Like inner(), and moves on to the next field on success.
  template <typename T>
  Result<T> field(Result<T> result) {
    if (!result) return error(result.error().message);
    ++index_;
    return result;
  }

  TxType type_;
  std::span<const rlp::ItemView> fields_;
  std::span<const std::string_view> names_;
  std::size_t index_ = 0;
};

/// Decodes the transaction list at `offset` of `raw` (after the type byte for typed transactions)
/// into tx, signature included.
Status decode_fields(TxType type, ByteView raw, std::size_t offset, Transaction& tx) {
  const std::string_view kind = type_name(type);
  LB_TRY(root, in_tx(rlp::decode_prefix(raw.subspan(offset), offset)));
  if (!root.is_list()) return tx_error(Errc::decode, std::string(kind) + " payload is not an RLP list");
  if (root.encoded().size() != raw.size() - offset)
    return tx_error(Errc::decode, std::string(kind) + " payload: " +
                                      std::to_string(raw.size() - offset - root.encoded().size()) +
                                      " trailing bytes after the RLP list at offset " +
                                      std::to_string(offset + root.encoded().size()));
  LB_TRY(children, in_tx(root.items()));
  std::array<rlp::ItemView, 12> storage;
  std::size_t count = 0;
  while (!children.done()) {
    LB_TRY(child, in_tx(children.next()));
    if (count < storage.size()) storage[count] = child;
    ++count;
  }
  const std::span<const std::string_view> names =
      type == TxType::legacy        ? std::span<const std::string_view>(kLegacyFields)
      : type == TxType::access_list ? std::span<const std::string_view>(kAccessListFields)
                                    : std::span<const std::string_view>(kDynamicFeeFields);
  if (count != names.size())
    return tx_error(Errc::decode, std::string(kind) + " transaction needs " + std::to_string(names.size()) +
                                      " fields, got " + std::to_string(count));
  FieldReader read(type, std::span<const rlp::ItemView>(storage.data(), count), names);

  tx.type = type;
  if (type != TxType::legacy) {
    LB_TRY(chain_id, read.uint64());
    tx.chain_id = chain_id;
  }
  LB_TRY(nonce, read.uint64());
  tx.nonce = nonce;
  if (type == TxType::dynamic_fee) {
    LB_TRY(tip, read.uint256());
    LB_TRY(max_fee, read.uint256());
    tx.max_priority_fee_per_gas = tip;
    tx.max_fee_per_gas = max_fee;
  } else {
    LB_TRY(gas_price, read.uint256());
    tx.gas_price = gas_price;
  }
  LB_TRY(gas_limit, read.uint64());
  tx.gas_limit = gas_limit;
  LB_TRY(to, read.to());
  tx.to = to;
  LB_TRY(value, read.uint256());
  tx.value = value;
  LB_TRY(data, read.bytes());
  tx.data.assign(data.begin(), data.end());
  if (type != TxType::legacy) {
    LB_TRY(access_list, read.access_list());
    tx.access_list = std::move(access_list);
  }

  const std::size_t v_index = read.index();
  LB_TRY(v, read.uint256());
  Signature signature;
  if (type == TxType::legacy) {
    if (v == 27 || v == 28) {
      tx.chain_id = 0;
      signature.y_parity = static_cast<std::uint8_t>(v.limbs[0] - 27);
    } else if (v >= 37) {
      const u256 chain_id = (v - 35) >> 1;
      if (!chain_id.fits_u64()) return read.error_at(v_index, "chain id implied by v exceeds 2^64-1");
      tx.chain_id = chain_id.limbs[0];
      signature.y_parity = static_cast<std::uint8_t>((v.limbs[0] - 35) & 1);
    } else {
      return read.error_at(v_index, "must be 27, 28 or chainId*2+35/36 with chainId >= 1, got " + v.to_dec());
    }
  } else {
    if (v > 1) return read.error_at(v_index, "must be 0 or 1, got " + v.to_dec());
    signature.y_parity = static_cast<std::uint8_t>(v.limbs[0]);
  }
  LB_TRY(r, read.uint256());
  LB_TRY(s, read.uint256());
  r.to_be32(signature.r.data());
  s.to_be32(signature.s.data());
  tx.signature = signature;
  return {};
}

}  // namespace

// ---- public API ----------------------------------------------------------------------------------

Status validate(const Transaction& tx) {
  switch (tx.type) {
    case TxType::legacy:
    case TxType::access_list:
      if (!tx.max_fee_per_gas.is_zero() || !tx.max_priority_fee_per_gas.is_zero())
        return tx_error(Errc::invalid_argument, std::string(type_name(tx.type)) +
                                                    " transaction has no max fee or priority fee; use gas_price");
      if (tx.type == TxType::legacy && !tx.access_list.empty())
        return tx_error(Errc::invalid_argument, "legacy transaction cannot carry an access list");
      return {};
    case TxType::dynamic_fee:
      if (!tx.gas_price.is_zero())
        return tx_error(Errc::invalid_argument, "EIP-1559 transaction has no gas_price; use max_fee_per_gas");
      if (tx.max_priority_fee_per_gas > tx.max_fee_per_gas)
        return tx_error(Errc::invalid_argument, "maxPriorityFeePerGas " + tx.max_priority_fee_per_gas.to_dec() +
                                                    " exceeds maxFeePerGas " + tx.max_fee_per_gas.to_dec());
      return {};
  }
  return tx_error(Errc::unsupported,
                  "unknown transaction type " + std::to_string(static_cast<unsigned>(tx.type)));
}

Bytes signing_payload(const Transaction& tx) {
  Bytes bytes;
  write(bytes, tx, false);
  return bytes;
}

Hash signing_hash(const Transaction& tx) {
  // One buffer per thread: after the first transaction of a given size, hashing allocates nothing.
  thread_local Bytes payload;
  payload.clear();
  write(payload, tx, false);
  return keccak256(ByteView(payload));
}

Status sign(Transaction& tx, const PrivateKey& key) {
  LB_TRY_STATUS(validate(tx));
  tx.signature = key.sign(signing_hash(tx));
  return {};
}

u256 signature_v(const Transaction& tx) {
  const u256 parity = tx.signature ? tx.signature->y_parity : 0;
  if (tx.type != TxType::legacy) return parity;
  if (tx.chain_id == 0) return parity + 27;
  return u256(tx.chain_id) * 2 + 35 + parity;
}

Result<Bytes> encode(const Transaction& tx) {
  LB_TRY_STATUS(validate(tx));
  if (!tx.signature) return tx_error(Errc::state, "not signed");
  Bytes bytes;
  write(bytes, tx, true);
  return bytes;
}

Result<Hash> tx_hash(const Transaction& tx) {
  LB_TRY(bytes, encode(tx));
  return keccak256(ByteView(bytes));
}

Result<DecodedTransaction> decode_transaction(ByteView raw) {
  if (raw.empty()) return tx_error(Errc::decode, "empty input");
  DecodedTransaction out;
  const std::uint8_t first = raw[0];
  if (first == 0xff) {
    return tx_error(Errc::unsupported, "first byte 0xff is reserved by EIP-2718");
  } else if (first >= 0xc0) {
    LB_TRY_STATUS(decode_fields(TxType::legacy, raw, 0, out.tx));
  } else if (first == 0x01 || first == 0x02) {
    LB_TRY_STATUS(decode_fields(static_cast<TxType>(first), raw, 1, out.tx));
  } else if (first < 0x80) {
    return tx_error(Errc::unsupported, "unknown transaction type 0x" + hex_encode(raw.first(1), false));
  } else {
    return tx_error(Errc::decode, "first byte 0x" + hex_encode(raw.first(1), false) +
                                      " is neither a type byte (below 0x80) nor a legacy RLP list");
  }
  LB_TRY_STATUS(validate(out.tx));
  auto from = recover_address(signing_hash(out.tx), *out.tx.signature);
  if (!from) return tx_error(Errc::signature, from.error().message);
  out.from = from.value();
  out.hash = keccak256(raw);
  return out;
}

std::string to_json(const DecodedTransaction& decoded) {
  const Transaction& tx = decoded.tx;
  std::string out;
  out.reserve(512 + 2 * tx.data.size());
  const auto key = [&](std::string_view name) {
    out += out.empty() ? "{\"" : ",\"";
    out += name;
    out += "\":";
  };
  const auto text = [&](std::string_view name, std::string_view value) {
    key(name);
    out += '"';
    out += value;
    out += '"';
  };
  text("type", std::to_string(static_cast<unsigned>(tx.type)));
  text("chainId", std::to_string(tx.chain_id));
  text("nonce", std::to_string(tx.nonce));
  if (tx.type == TxType::dynamic_fee) {
    text("maxPriorityFeePerGas", tx.max_priority_fee_per_gas.to_dec());
    text("maxFeePerGas", tx.max_fee_per_gas.to_dec());
  } else {
    text("gasPrice", tx.gas_price.to_dec());
  }
  text("gasLimit", std::to_string(tx.gas_limit));
  if (tx.to) {
    text("to", tx.to->to_checksum());
  } else {
    key("to");
    out += "null";
  }
  text("value", tx.value.to_dec());
  text("data", hex_encode(tx.data));
  if (tx.type != TxType::legacy) {
    key("accessList");
    out += '[';
    for (std::size_t i = 0; i < tx.access_list.size(); ++i) {
      const AccessListEntry& entry = tx.access_list[i];
      if (i != 0) out += ',';
      out += "{\"address\":\"" + entry.address.to_checksum() + "\",\"storageKeys\":[";
      for (std::size_t k = 0; k < entry.storage_keys.size(); ++k) {
        if (k != 0) out += ',';
        out += '"' + entry.storage_keys[k].to_hex() + '"';
      }
      out += "]}";
    }
    out += ']';
  }
  const Signature signature = tx.signature.value_or(Signature{});
  text("v", signature_v(tx).to_dec());
  text("yParity", std::to_string(signature.y_parity));
  text("r", signature.r.to_hex());
  text("s", signature.s.to_hex());
  text("from", decoded.from.to_checksum());
  text("hash", decoded.hash.to_hex());
  out += '}';
  return out;
}

}  // namespace liquidbot
