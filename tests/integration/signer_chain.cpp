// Remote signer against the hardhat node's eth_signTransaction (unlocked test account #0): the
// signed bytes decode to the same transaction from the expected address and are accepted and mined.
#include <liquidbot/fees.hpp>
#include <liquidbot/signer.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdlib>

using namespace liquidbot;

namespace {

rpc::Client connect() {
  const char* url = std::getenv("LB_RPC_URL");
  REQUIRE_MESSAGE(url != nullptr, "LB_RPC_URL is not set (run under tests/js/testbed.mjs run)");
  auto client = rpc::Client::connect({url});
  REQUIRE_MESSAGE(client.ok(), client.error().message);
  return std::move(client).value();
}

}  // namespace

TEST_CASE("remote signer: hardhat eth_signTransaction") {
  rpc::Client client = connect();
  rpc::Client signer_client = connect();
  const Address account = Address::parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266").value();  // hardhat #0
  RemoteSigner remote(signer_client, account);
  CHECK(remote.kind() == "remote");
  CHECK(remote.address() == account);
  const FeeQuote fees = fetch_fee_quote(client, FeePolicy{}).value();

  for (int i = 0; i < 3; ++i) {
    Transaction tx;
    tx.chain_id = 8453;
    tx.nonce = client.get_transaction_count(account, rpc::BlockTag::pending()).value();
    tx.max_priority_fee_per_gas = fees.max_priority_fee_per_gas;
    tx.max_fee_per_gas = fees.max_fee_per_gas;
    tx.gas_limit = 60'000;
    tx.to = Address::parse("0x000000000000000000000000000000000000dEaD").value();
    tx.value = u256{static_cast<std::uint64_t>(1000 + i)};
    if (i == 1) tx.data = {0x01, 0x02, 0x03};
    if (i == 2) tx.access_list.push_back({*tx.to, {Hash{}}});
    auto signed_status = remote.sign_transaction(tx);
    REQUIRE_MESSAGE(signed_status.ok(), signed_status.error().message);
    REQUIRE(tx.signature.has_value());
    const Bytes raw = encode(tx).value();
    CHECK(decode_transaction(raw).value().from == account);
    auto hash = client.send_raw_transaction(raw);
    REQUIRE_MESSAGE(hash.ok(), hash.error().message);
    auto receipt = client.get_transaction_receipt(*hash).value();
    REQUIRE(receipt.has_value());
    CHECK(receipt->status);
  }

  // An address the node has no key for: the node's error comes back, nothing is signed.
  RemoteSigner stranger(signer_client, Address::parse("0x1234567890123456789012345678901234567890").value());
  Transaction tx;
  tx.chain_id = 8453;
  tx.max_fee_per_gas = fees.max_fee_per_gas;
  tx.gas_limit = 21000;
  tx.to = account;
  auto refused = stranger.sign_transaction(tx);
  REQUIRE_FALSE(refused.ok());
  CHECK_FALSE(tx.signature.has_value());
  MESSAGE("node refusal: ", refused.error().message);
}
