// SPDX-License-Identifier: MIT
// C ABI: transactions.
#include "capi_detail.hpp"
#include "handles.hpp"

#include <liquidbot/lb_tx.h>

#include <liquidbot/transaction.hpp>

#include <cstring>

using namespace liquidbot;
using namespace liquidbot::detail;

namespace {

lb_status require_signed(const char* function, const Transaction& tx) noexcept {
  if (!tx.signature) return capi_fail(function, LB_ESTATE, "the transaction is not signed");
  return LB_OK;
}

}  // namespace

extern "C" {

lb_status lb_tx_params_init(lb_tx_params* params, uint32_t version) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(params);
  if (version != LB_TX_PARAMS_VERSION)
    return capi_fail(lb_fn, LB_EUNSUPPORTED, "unknown params version " + std::to_string(version));
  std::memset(params, 0, sizeof *params);
  params->version = version;
  params->type = LB_TX_DYNAMIC_FEE;
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_tx_create(lb_tx** tx, const lb_tx_params* params) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(tx);
  *tx = nullptr;
  LB_CHECK_NOT_NULL(params);
  if (params->version != LB_TX_PARAMS_VERSION)
    return capi_fail(lb_fn, LB_EUNSUPPORTED,
                     "params->version " + std::to_string(params->version) + " is not supported");
  LB_CHECK_ARG(params->type <= LB_TX_DYNAMIC_FEE, "params->type must be 0, 1 or 2");
  LB_CHECK_ARG(params->data != nullptr || params->data_len == 0,
               "params->data must not be NULL when data_len > 0");
  Transaction built;
  built.type = static_cast<TxType>(params->type);
  built.chain_id = params->chain_id;
  built.nonce = params->nonce;
  built.gas_price = to_u256(params->gas_price);
  built.max_priority_fee_per_gas = to_u256(params->max_priority_fee_per_gas);
  built.max_fee_per_gas = to_u256(params->max_fee_per_gas);
  built.gas_limit = params->gas_limit;
  if (params->has_to != 0) built.to = to_address(params->to);
  built.value = to_u256(params->value);
  if (params->data_len != 0) built.data.assign(params->data, params->data + params->data_len);
  auto valid = validate(built);
  LB_CHECK_RESULT(valid);
  *tx = new lb_tx{std::move(built)};
  return capi_ok();
  LB_CAPI_END
}

void lb_tx_destroy(lb_tx* tx) noexcept { delete tx; }

lb_status lb_tx_add_access_entry(lb_tx* tx, const lb_address* address, const lb_bytes32* storage_keys,
                                 size_t count) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(tx);
  LB_CHECK_NOT_NULL(address);
  LB_CHECK_ARG(storage_keys != nullptr || count == 0, "storage_keys must not be NULL when count > 0");
  if (tx->tx.type == TxType::legacy)
    return capi_fail(lb_fn, LB_EINVAL, "legacy transactions have no access list");
  AccessListEntry entry;
  entry.address = to_address(*address);
  entry.storage_keys.reserve(count);
  for (std::size_t i = 0; i < count; ++i)
    entry.storage_keys.push_back(Hash::from_view(ByteView(storage_keys[i].bytes, 32)));
  tx->tx.access_list.push_back(std::move(entry));
  tx->tx.signature.reset();
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_tx_get_params(const lb_tx* tx, lb_tx_params* params) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(tx);
  LB_CHECK_NOT_NULL(params);
  if (params->version != LB_TX_PARAMS_VERSION)
    return capi_fail(lb_fn, LB_EUNSUPPORTED,
                     "params->version " + std::to_string(params->version) + " is not supported");
  const Transaction& t = tx->tx;
  params->type = static_cast<uint8_t>(t.type);
  params->chain_id = t.chain_id;
  params->nonce = t.nonce;
  params->gas_price = from_u256(t.gas_price);
  params->max_priority_fee_per_gas = from_u256(t.max_priority_fee_per_gas);
  params->max_fee_per_gas = from_u256(t.max_fee_per_gas);
  params->gas_limit = t.gas_limit;
  params->has_to = t.to ? 1 : 0;
  params->to = t.to ? from_address(*t.to) : lb_address{};
  params->value = from_u256(t.value);
  params->data = t.data.empty() ? nullptr : t.data.data();
  params->data_len = t.data.size();
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_tx_signing_hash(const lb_tx* tx, lb_bytes32* hash) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(tx);
  LB_CHECK_NOT_NULL(hash);
  auto valid = validate(tx->tx);
  LB_CHECK_RESULT(valid);
  const Hash digest = signing_hash(tx->tx);
  std::memcpy(hash->bytes, digest.bytes.data(), 32);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_tx_sign(lb_tx* tx, const lb_key* key) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(tx);
  LB_CHECK_NOT_NULL(key);
  auto status = sign(tx->tx, key->key);
  LB_CHECK_RESULT(status);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_tx_get_signature(const lb_tx* tx, lb_signature* signature) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(tx);
  LB_CHECK_NOT_NULL(signature);
  if (const lb_status s = require_signed(lb_fn, tx->tx); s != LB_OK) return s;
  *signature = from_signature(*tx->tx.signature);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_tx_encode(const lb_tx* tx, uint8_t* buf, size_t cap, size_t* size) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(tx);
  LB_CHECK_NOT_NULL(size);
  if (const lb_status s = require_signed(lb_fn, tx->tx); s != LB_OK) return s;
  auto raw = encode(tx->tx);
  LB_CHECK_RESULT(raw);
  return capi_copy_bytes(lb_fn, buf, cap, size, *raw);
  LB_CAPI_END
}

lb_status lb_tx_hash(const lb_tx* tx, lb_bytes32* hash) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(tx);
  LB_CHECK_NOT_NULL(hash);
  if (const lb_status s = require_signed(lb_fn, tx->tx); s != LB_OK) return s;
  auto digest = tx_hash(tx->tx);
  LB_CHECK_RESULT(digest);
  std::memcpy(hash->bytes, digest->bytes.data(), 32);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_tx_sender(const lb_tx* tx, lb_address* from) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(tx);
  LB_CHECK_NOT_NULL(from);
  if (const lb_status s = require_signed(lb_fn, tx->tx); s != LB_OK) return s;
  auto sender = recover_address(signing_hash(tx->tx), *tx->tx.signature);
  LB_CHECK_RESULT(sender);
  *from = from_address(*sender);
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_tx_decode(lb_tx** tx, const uint8_t* raw, size_t len) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(tx);
  *tx = nullptr;
  LB_CHECK_ARG(raw != nullptr || len == 0, "raw must not be NULL when len > 0");
  auto decoded = decode_transaction(ByteView(raw, len));
  LB_CHECK_RESULT(decoded);
  *tx = new lb_tx{std::move(decoded->tx)};
  return capi_ok();
  LB_CAPI_END
}

lb_status lb_tx_to_json(const lb_tx* tx, char** json) noexcept {
  LB_CAPI_BEGIN
  LB_CHECK_NOT_NULL(tx);
  LB_CHECK_NOT_NULL(json);
  if (const lb_status s = require_signed(lb_fn, tx->tx); s != LB_OK) return s;
  auto raw = encode(tx->tx);
  LB_CHECK_RESULT(raw);
  auto decoded = decode_transaction(*raw);
  LB_CHECK_RESULT(decoded);
  return capi_alloc_text(lb_fn, json, to_json(*decoded));
  LB_CAPI_END
}

}  // extern "C"
