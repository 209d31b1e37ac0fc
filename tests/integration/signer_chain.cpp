// Remote signer over JSON-RPC eth_signTransaction. Hardhat's EDR node answers -32004 "not supported"
// (checked below), so the signing service is signer_remote.mjs (ethers v6 Wallet.signTransaction with
// hardhat's account #0 key, LB_SIGNER_URL); the signed bytes must decode to the same transaction
// from the expected address and are accepted and mined by the test-bed chain (LB_RPC_URL). A signer
// answering with another key or another transaction is refused.
#include <liquidbot/fees.hpp>
#include <liquidbot/signer.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdlib>

using namespace liquidbot;

namespace {

rpc::Client connect(const char* variable = "LB_RPC_URL", std::string_view path = "") {
  const char* url = std::getenv(variable);
  REQUIRE_MESSAGE(url != nullptr, variable, " is not set (run under testbed.mjs run -- node signer_remote.mjs --)");
  auto client = rpc::Client::connect({std::string(url) + std::string(path)});
  REQUIRE_MESSAGE(client.ok(), client.error().message);
  return std::move(client).value();
}

Transaction sample(rpc::Client& client, const Address& account, const FeeQuote& fees, int i) {
  Transaction tx;
  tx.chain_id = 8453;
  tx.nonce = client.get_transaction_count(account, rpc::BlockTag::pending()).value();
  tx.max_priority_fee_per_gas = fees.max_priority_fee_per_gas;
  tx.max_fee_per_gas = fees.max_fee_per_gas;
  tx.gas_limit = 60'000;
  tx.to = Address::parse("0x000000000000000000000000000000000000dEaD").value();
  tx.value = u256{static_cast<std::uint64_t>(1000 + i)};
  if (i % 3 == 1) tx.data = {0x01, 0x02, 0x03};
  if (i % 3 == 2) tx.access_list.push_back({*tx.to, {Hash{}}});
  return tx;
}

const Address kAccount = Address::parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266").value();  // hardhat #0

}  // namespace

TEST_CASE("remote signer: the hardhat node itself does not implement eth_signTransaction") {
  rpc::Client client = connect();
  auto reply = client.request("eth_signTransaction", "[" + sign_request_json(Transaction{}, kAccount) + "]").value();
  REQUIRE_FALSE(reply.ok());
  MESSAGE("hardhat: ", reply.error->to_string());
}

TEST_CASE("remote signer: signed by the service, verified, accepted and mined") {
  rpc::Client client = connect();
  const FeeQuote fees = fetch_fee_quote(client, FeePolicy{}).value();
  for (std::string_view path : {"/", "/geth"}) {
    rpc::Client signer_client = connect("LB_SIGNER_URL", path);
    RemoteSigner remote(signer_client, kAccount);
    CHECK(remote.kind() == "remote");
    CHECK(remote.address() == kAccount);
    for (int i = 0; i < 3; ++i) {
      Transaction tx = sample(client, kAccount, fees, i);
      const Transaction unsigned_tx = tx;
      auto signed_status = remote.sign_transaction(tx);
      REQUIRE_MESSAGE(signed_status.ok(), signed_status.error().message);
      REQUIRE(tx.signature.has_value());
      Transaction fields = tx;
      fields.signature.reset();
      CHECK(fields == unsigned_tx);
      const Bytes raw = encode(tx).value();
      CHECK(decode_transaction(raw).value().from == kAccount);
      auto hash = client.send_raw_transaction(raw);
      REQUIRE_MESSAGE(hash.ok(), hash.error().message);
      auto receipt = client.get_transaction_receipt(*hash).value();
      REQUIRE(receipt.has_value());
      CHECK(receipt->status);
    }
  }
}

TEST_CASE("remote signer: wrong key, changed transaction and unknown account are refused") {
  rpc::Client client = connect();
  const FeeQuote fees = fetch_fee_quote(client, FeePolicy{}).value();
  {
    rpc::Client signer_client = connect("LB_SIGNER_URL", "/wrongkey");
    RemoteSigner remote(signer_client, kAccount);
    Transaction tx = sample(client, kAccount, fees, 0);
    auto r = remote.sign_transaction(tx);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::signature);
    CHECK(r.error().message.find("recovered sender") != std::string::npos);
    CHECK_FALSE(tx.signature.has_value());
  }
  {
    rpc::Client signer_client = connect("LB_SIGNER_URL", "/tamper");
    RemoteSigner remote(signer_client, kAccount);
    Transaction tx = sample(client, kAccount, fees, 0);
    auto r = remote.sign_transaction(tx);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::signature);
    CHECK(r.error().message.find("differs in value") != std::string::npos);
    CHECK_FALSE(tx.signature.has_value());
  }
  {
    rpc::Client signer_client = connect("LB_SIGNER_URL", "/");
    RemoteSigner stranger(signer_client, Address::parse("0x1234567890123456789012345678901234567890").value());
    Transaction tx = sample(client, kAccount, fees, 0);
    auto r = stranger.sign_transaction(tx);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("unknown account") != std::string::npos);
    CHECK_FALSE(tx.signature.has_value());
  }
}
