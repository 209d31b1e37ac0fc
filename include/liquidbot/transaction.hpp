// Ethereum transactions: legacy (with or without EIP-155), EIP-2930 and EIP-1559. Build, signing
// hash, sign, serialize (EIP-2718 envelope for typed transactions), transaction hash, and a strict
// decoder that recovers the sender.
#pragma once

#include <liquidbot/address.hpp>
#include <liquidbot/bytes.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/fixed_bytes.hpp>
#include <liquidbot/secp256k1.hpp>
#include <liquidbot/u256.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace liquidbot {

/// The EIP-2718 type byte (https://eips.ethereum.org/EIPS/eip-2718); legacy transactions have none
/// on the wire.
enum class TxType : std::uint8_t {
  /// rlp([nonce, gasPrice, gas, to, value, data, v, r, s]); replay-protected by EIP-155
  /// (https://eips.ethereum.org/EIPS/eip-155) when chain_id != 0.
  legacy = 0,
  /// EIP-2930 (https://eips.ethereum.org/EIPS/eip-2930):
  /// 0x01 || rlp([chainId, nonce, gasPrice, gas, to, value, data, accessList, yParity, r, s]).
  access_list = 1,
  /// EIP-1559 (https://eips.ethereum.org/EIPS/eip-1559):
  /// 0x02 || rlp([chainId, nonce, tip, maxFee, gas, to, value, data, accessList, yParity, r, s]).
  dynamic_fee = 2,
};

struct AccessListEntry {
  Address address;
  std::vector<Hash> storage_keys;
  friend bool operator==(const AccessListEntry&, const AccessListEntry&) = default;
};

/// A transaction of any supported type. Fields that the type does not have must stay zero/empty
/// (gas_price for EIP-1559; the two fee caps for legacy and EIP-2930; access_list for legacy):
/// sign() and encode() reject a transaction that sets them.
struct Transaction {
  TxType type = TxType::dynamic_fee;
  /// For legacy transactions 0 means "before EIP-155" (v = 27/28, no replay protection).
  std::uint64_t chain_id = 0;
  std::uint64_t nonce = 0;
  u256 gas_price;                 ///< legacy, EIP-2930
  u256 max_priority_fee_per_gas;  ///< EIP-1559
  u256 max_fee_per_gas;           ///< EIP-1559; must be >= max_priority_fee_per_gas
  std::uint64_t gas_limit = 0;
  std::optional<Address> to;      ///< nullopt: contract creation
  u256 value;
  Bytes data;
  std::vector<AccessListEntry> access_list;  ///< EIP-2930, EIP-1559
  /// y_parity is the recovery id for every type; the legacy v is derived from it and chain_id.
  std::optional<Signature> signature;

  friend bool operator==(const Transaction&, const Transaction&) = default;
};

/// Checks that the fields fit the type (see Transaction) and max_fee >= priority fee.
LIQUIDBOT_API Status validate(const Transaction& tx);

/// The bytes whose keccak256 is signed: the RLP list without the signature (EIP-155 appends
/// chainId, 0, 0 for legacy), prefixed by the type byte for typed transactions.
LIQUIDBOT_API Bytes signing_payload(const Transaction& tx);
/// keccak256(signing_payload(tx)).
LIQUIDBOT_API Hash signing_hash(const Transaction& tx);
/// Validates and signs (RFC 6979, low S), setting tx.signature.
LIQUIDBOT_API Status sign(Transaction& tx, const PrivateKey& key);
/// The signed raw transaction, as eth_sendRawTransaction takes it; an error when the transaction is
/// not signed or not valid.
LIQUIDBOT_API Result<Bytes> encode(const Transaction& tx);
/// keccak256 of the signed raw transaction; an error when encode() would fail.
LIQUIDBOT_API Result<Hash> tx_hash(const Transaction& tx);
/// The legacy v value: 27/28 before EIP-155, chain_id*2 + 35/36 after; the y_parity for typed txs.
/// Needs tx.signature.
LIQUIDBOT_API u256 signature_v(const Transaction& tx);

struct DecodedTransaction {
  Transaction tx;  ///< with the signature set
  Address from;    ///< sender recovered from the signature
  Hash hash;       ///< keccak256 of the raw bytes
};

/// Decodes a signed raw transaction (typed envelope or legacy RLP) and recovers its sender. Strict:
/// canonical RLP only, exact field counts per type, canonical integers in range (nonce, gas and
/// chainId at most 2^64-1, the rest at most 2^256-1), `to` empty or 20 bytes, access-list addresses of
/// 20 and keys of 32 bytes, v valid for the type (legacy 27/28 or chainId*2+35/36; typed 0/1), r and s
/// in [1, n-1], s <= n/2, no trailing bytes, unknown type bytes rejected.
LIQUIDBOT_API Result<DecodedTransaction> decode_transaction(ByteView raw);

/// JSON object of a decoded transaction, one line, keys in this order:
///   "type"                       "0", "1" or "2"
///   "chainId"                    "0" for a pre-EIP-155 legacy transaction
///   "nonce"
///   "gasPrice"                   types 0 and 1 only
///   "maxPriorityFeePerGas", "maxFeePerGas"   type 2 only
///   "gasLimit"
///   "to"                         EIP-55 address, or null for contract creation
///   "value"
///   "data"                       0x-prefixed lowercase hex
///   "accessList"                 types 1 and 2 only: [{"address":"0x..","storageKeys":["0x.."]}]
///   "v"                          legacy: 27/28 or chainId*2+35/36; typed: equal to yParity
///   "yParity"                    "0" or "1"
///   "r", "s"                     0x + 64 lowercase hex digits
///   "from"                       recovered sender, EIP-55
///   "hash"                       transaction hash, 0x + 64 hex digits
/// Every integer is a decimal string.
LIQUIDBOT_API std::string to_json(const DecodedTransaction& decoded);

}  // namespace liquidbot
