// Remote signer over eth_signTransaction: the answer is decoded strictly and must be our transaction,
// signed by our address.
#include <liquidbot/signer.hpp>

#include <fmt/format.h>
#include <simdjson.h>

namespace liquidbot {

namespace {

Error remote_error(std::string_view what) { return make_error(Errc::signature, fmt::format("remote signer: {}", what)); }

// Field-by-field comparison so the error names what the signer changed.
Status same_transaction(const Transaction& want, const Transaction& got) {
  auto differs = [](std::string_view field) { return remote_error(fmt::format("signed transaction differs in {}", field)); };
  if (got.type != want.type) return differs("type");
  if (got.chain_id != want.chain_id) return differs("chainId");
  if (got.nonce != want.nonce) return differs("nonce");
  if (got.gas_price != want.gas_price) return differs("gasPrice");
  if (got.max_priority_fee_per_gas != want.max_priority_fee_per_gas) return differs("maxPriorityFeePerGas");
  if (got.max_fee_per_gas != want.max_fee_per_gas) return differs("maxFeePerGas");
  if (got.gas_limit != want.gas_limit) return differs("gas");
  if (got.to != want.to) return differs("to");
  if (got.value != want.value) return differs("value");
  if (got.data != want.data) return differs("data");
  if (got.access_list != want.access_list) return differs("accessList");
  return {};
}

}  // namespace

std::string sign_request_json(const Transaction& tx, const Address& from) {
  std::string out = fmt::format(R"({{"from":"{}","nonce":"{}","gas":"{}","value":"{}","data":"{}","chainId":"{}")",
                                from.to_hex(), rpc::format_quantity(u256{tx.nonce}), rpc::format_quantity(u256{tx.gas_limit}),
                                rpc::format_quantity(tx.value), hex_encode(tx.data), rpc::format_quantity(u256{tx.chain_id}));
  if (tx.to) out += fmt::format(R"(,"to":"{}")", tx.to->to_hex());
  out += fmt::format(R"(,"type":"{}")", rpc::format_quantity(u256{static_cast<std::uint64_t>(tx.type)}));
  if (tx.type == TxType::dynamic_fee) {
    out += fmt::format(R"(,"maxFeePerGas":"{}","maxPriorityFeePerGas":"{}")", rpc::format_quantity(tx.max_fee_per_gas),
                       rpc::format_quantity(tx.max_priority_fee_per_gas));
  } else {
    out += fmt::format(R"(,"gasPrice":"{}")", rpc::format_quantity(tx.gas_price));
  }
  if (tx.type != TxType::legacy) {
    out += R"(,"accessList":[)";
    for (std::size_t i = 0; i < tx.access_list.size(); ++i) {
      const auto& entry = tx.access_list[i];
      out += fmt::format(R"({}{{"address":"{}","storageKeys":[)", i == 0 ? "" : ",", entry.address.to_hex());
      for (std::size_t k = 0; k < entry.storage_keys.size(); ++k)
        out += fmt::format(R"({}"{}")", k == 0 ? "" : ",", entry.storage_keys[k].to_hex());
      out += "]}";
    }
    out += "]";
  }
  out += "}";
  return out;
}

RemoteSigner::RemoteSigner(rpc::Client& client, const Address& address) : client_(client), address_(address) {}

Address RemoteSigner::address() const { return address_; }

Status RemoteSigner::sign_transaction(Transaction& tx) {
  LB_TRY_STATUS(validate(tx));
  const std::string params = "[" + sign_request_json(tx, address_) + "]";
  LB_TRY(reply, client_.request("eth_signTransaction", params));
  if (!reply.ok()) return reply.error->to_error("eth_signTransaction");
  // geth answers {"raw": "0x..", "tx": {...}}; hardhat and most signers the raw hex string.
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(reply.result).get(root) != simdjson::SUCCESS) return remote_error("result is not JSON");
  std::string_view raw_hex;
  if (root.is_string()) {
    raw_hex = root.get_string().value_unsafe();
  } else if (root.is_object()) {
    if (root["raw"].get_string().get(raw_hex) != simdjson::SUCCESS) return remote_error("result object without a \"raw\" string");
  } else {
    return remote_error("result is neither a hex string nor an object with \"raw\"");
  }
  auto raw = rpc::parse_data(raw_hex);
  if (!raw) return remote_error(fmt::format("raw transaction: {}", raw.error().message));
  auto decoded = decode_transaction(*raw);
  if (!decoded) return remote_error(fmt::format("cannot decode the signed transaction: {}", decoded.error().message));
  Transaction unsigned_copy = decoded->tx;
  unsigned_copy.signature.reset();
  LB_TRY_STATUS(same_transaction(tx, unsigned_copy));
  if (decoded->from != address_)
    return remote_error(fmt::format("recovered sender {} is not the signer address {}", decoded->from.to_checksum(),
                                    address_.to_checksum()));
  tx.signature = decoded->tx.signature;
  return {};
}

}  // namespace liquidbot
