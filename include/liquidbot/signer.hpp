// Transaction signers behind one interface: a local key (hex from WALLET_PRIVATE_KEY or a file, or
// an encrypted keystore), and a remote signer over JSON-RPC eth_signTransaction whose answer is
// decoded and verified. Keys never appear in messages, logs or files in clear.
#pragma once

#include <liquidbot/address.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/rpc.hpp>
#include <liquidbot/secp256k1.hpp>
#include <liquidbot/transaction.hpp>

#include <memory>
#include <string_view>

namespace liquidbot {

class Signer {
 public:
  virtual ~Signer() = default;
  [[nodiscard]] virtual Address address() const = 0;
  /// Signs `tx` in place (sets tx.signature). The transaction's fields are not changed otherwise.
  virtual Status sign_transaction(Transaction& tx) = 0;
  /// "local", "keystore" or "remote": for log lines.
  [[nodiscard]] virtual std::string_view kind() const noexcept = 0;
};

class LocalSigner final : public Signer {
 public:
  explicit LIQUIDBOT_API LocalSigner(PrivateKey key, std::string_view kind = "local");
  [[nodiscard]] LIQUIDBOT_API Address address() const override;
  LIQUIDBOT_API Status sign_transaction(Transaction& tx) override;
  [[nodiscard]] std::string_view kind() const noexcept override { return kind_; }

 private:
  PrivateKey key_;
  Address address_;
  std::string_view kind_;
};

/// Remote signer: eth_signTransaction on a node or signing service that holds the key for
/// `address`. The answer (raw hex, or {raw, tx}) is decoded strictly; it must be the same transaction
/// (every field) and its recovered sender must equal `address`, otherwise Errc::signature.
class RemoteSigner final : public Signer {
 public:
  LIQUIDBOT_API RemoteSigner(rpc::Client& client, const Address& address);
  [[nodiscard]] LIQUIDBOT_API Address address() const override;
  LIQUIDBOT_API Status sign_transaction(Transaction& tx) override;
  [[nodiscard]] std::string_view kind() const noexcept override { return "remote"; }

 private:
  rpc::Client& client_;
  Address address_;
};

/// JSON transaction object for eth_signTransaction (from, to, gas, fees, value, nonce, data,
/// chainId, type, accessList).
LIQUIDBOT_API std::string sign_request_json(const Transaction& tx, const Address& from);

/// From 64 hex digits (optional 0x, surrounding whitespace ignored). The error never echoes the text.
LIQUIDBOT_API Result<std::unique_ptr<Signer>> local_signer_from_hex(std::string_view text);
/// From the environment variable (default WALLET_PRIVATE_KEY); Errc::not_found when unset or empty.
LIQUIDBOT_API Result<std::unique_ptr<Signer>> local_signer_from_env(const char* variable = "WALLET_PRIVATE_KEY");
/// From a file holding the hex key (one line). Refuses files readable by group or others.
LIQUIDBOT_API Result<std::unique_ptr<Signer>> local_signer_from_file(const std::string& path);
/// From a v3 keystore file and its password.
LIQUIDBOT_API Result<std::unique_ptr<Signer>> keystore_signer_from_file(const std::string& path,
                                                                        std::string_view password);

}  // namespace liquidbot
