// Local and keystore signers: loading (hex, environment, file with permission check, keystore),
// secrets never echoed in errors, signatures recovered by the strict decoder. The remote signer is
// tested against hardhat's eth_signTransaction in tests/integration/signer_chain.cpp.
#include <liquidbot/keystore.hpp>
#include <liquidbot/signer.hpp>

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace liquidbot;

namespace {

// Hardhat's account #0 (a published test key).
constexpr std::string_view kKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const Address kAddress = Address::parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266").value();

std::filesystem::path temp_dir() {
  auto dir = std::filesystem::temp_directory_path() / ("lb_signer_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

void write(const std::filesystem::path& path, std::string_view text, mode_t mode) {
  std::ofstream(path) << text;
  ::chmod(path.c_str(), mode);
}

Transaction sample_tx() {
  Transaction tx;
  tx.chain_id = 8453;
  tx.nonce = 7;
  tx.max_priority_fee_per_gas = u256{1'000'000};
  tx.max_fee_per_gas = u256{20'000'000};
  tx.gas_limit = 100'000;
  tx.to = Address::parse("0x1111111111111111111111111111111111111111").value();
  tx.value = u256{5};
  tx.data = {0xde, 0xad};
  return tx;
}

}  // namespace

TEST_CASE("signer: local key from hex signs transactions the decoder attributes to its address") {
  auto signer = local_signer_from_hex(std::string("  ") + std::string(kKey) + "\n").value();
  CHECK(signer->address() == kAddress);
  CHECK(signer->kind() == "local");
  Transaction tx = sample_tx();
  REQUIRE(signer->sign_transaction(tx).ok());
  auto decoded = decode_transaction(encode(tx).value()).value();
  CHECK(decoded.from == kAddress);
  Transaction legacy = sample_tx();
  legacy.type = TxType::legacy;
  legacy.gas_price = u256{3};
  legacy.max_fee_per_gas = u256{};
  legacy.max_priority_fee_per_gas = u256{};
  REQUIRE(signer->sign_transaction(legacy).ok());
  CHECK(decode_transaction(encode(legacy).value()).value().from == kAddress);
  Transaction bad = sample_tx();
  bad.max_priority_fee_per_gas = u256{30'000'000};  // above max fee
  CHECK_FALSE(signer->sign_transaction(bad).ok());
}

TEST_CASE("signer: bad keys are refused without echoing them") {
  const std::string secretish = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ffzz";
  auto r = local_signer_from_hex(secretish);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::invalid_argument);
  CHECK(r.error().message.find("ac0974") == std::string::npos);
  CHECK_FALSE(local_signer_from_hex("").ok());
  CHECK_FALSE(local_signer_from_hex("0x" + std::string(64, '0')).ok());  // zero key
}

TEST_CASE("signer: from the environment") {
  ::unsetenv("LB_TEST_WALLET_KEY");
  auto missing = local_signer_from_env("LB_TEST_WALLET_KEY");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == Errc::not_found);
  CHECK(missing.error().message.find("LB_TEST_WALLET_KEY") != std::string::npos);
  ::setenv("LB_TEST_WALLET_KEY", std::string(kKey).c_str(), 1);
  CHECK(local_signer_from_env("LB_TEST_WALLET_KEY").value()->address() == kAddress);
  ::setenv("LB_TEST_WALLET_KEY", "0x1234", 1);
  auto bad = local_signer_from_env("LB_TEST_WALLET_KEY");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("LB_TEST_WALLET_KEY") != std::string::npos);
  CHECK(bad.error().message.find("1234") == std::string::npos);
  ::unsetenv("LB_TEST_WALLET_KEY");
}

TEST_CASE("signer: from a key file (owner-only) and from a keystore file") {
  const auto dir = temp_dir();
  write(dir / "key.hex", std::string(kKey) + "\n", 0600);
  CHECK(local_signer_from_file((dir / "key.hex").string()).value()->address() == kAddress);
  write(dir / "open.hex", kKey, 0644);
  auto open = local_signer_from_file((dir / "open.hex").string());
  REQUIRE_FALSE(open.ok());
  CHECK(open.error().message.find("chmod 600") != std::string::npos);
  CHECK(local_signer_from_file((dir / "none.hex").string()).error().code == Errc::io);

  const auto key = PrivateKey::from_hex(kKey).value();
  KeystoreOptions options;
  options.scrypt_n = 1024;
  write(dir / "ks.json", keystore_encrypt(key, "correct horse", options).value(), 0600);
  auto ks = keystore_signer_from_file((dir / "ks.json").string(), "correct horse").value();
  CHECK(ks->address() == kAddress);
  CHECK(ks->kind() == "keystore");
  Transaction tx = sample_tx();
  REQUIRE(ks->sign_transaction(tx).ok());
  CHECK(decode_transaction(encode(tx).value()).value().from == kAddress);
  auto wrong = keystore_signer_from_file((dir / "ks.json").string(), "battery staple");
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().code == Errc::signature);
  std::filesystem::remove_all(dir);
}

TEST_CASE("signer: eth_signTransaction request object") {
  Transaction tx = sample_tx();
  tx.access_list.push_back({kAddress, {Hash{}}});
  const std::string json = sign_request_json(tx, kAddress);
  CHECK(json ==
        R"({"from":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","nonce":"0x7","gas":"0x186a0","value":"0x5","data":"0xdead","chainId":"0x2105","to":"0x1111111111111111111111111111111111111111","type":"0x2","maxFeePerGas":"0x1312d00","maxPriorityFeePerGas":"0xf4240","accessList":[{"address":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","storageKeys":["0x0000000000000000000000000000000000000000000000000000000000000000"]}]})");
}
