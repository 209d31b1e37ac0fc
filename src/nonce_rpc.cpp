// NonceSource over the JSON-RPC client.
#include <liquidbot/nonce.hpp>

namespace liquidbot {

Result<std::uint64_t> RpcNonceSource::pending_nonce(const Address& address) {
  return client_.get_transaction_count(address, rpc::BlockTag::pending());
}

Result<std::uint64_t> RpcNonceSource::mined_nonce(const Address& address) {
  return client_.get_transaction_count(address, rpc::BlockTag::latest());
}

}  // namespace liquidbot
