// secp256k1 keys and recoverable ECDSA signatures (through libsecp256k1), as Ethereum uses them.
#pragma once

#include <liquidbot/address.hpp>
#include <liquidbot/bytes.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/fixed_bytes.hpp>

#include <array>
#include <cstdint>
#include <string_view>

namespace liquidbot {

/// Uncompressed public key: the 64 bytes X || Y (no 0x04 prefix).
struct PublicKey {
  std::array<std::uint8_t, 64> bytes{};
  /// keccak256(X || Y)[12..32].
  [[nodiscard]] LIQUIDBOT_API Address address() const noexcept;
  friend bool operator==(const PublicKey&, const PublicKey&) noexcept = default;
};

/// Recoverable ECDSA signature with low S (EIP-2): r, s and the recovery id y_parity (0 or 1).
struct Signature {
  Hash r;
  Hash s;
  std::uint8_t y_parity = 0;

  /// r || s || v with v = 27 + y_parity: the 65-byte form of personal_sign / eth_sign.
  [[nodiscard]] LIQUIDBOT_API std::array<std::uint8_t, 65> to_bytes65() const noexcept;
  /// Accepts v in {0, 1, 27, 28}; rejects high S and r or s of zero or not below the curve order.
  static LIQUIDBOT_API Result<Signature> from_bytes65(ByteView bytes);
  friend bool operator==(const Signature&, const Signature&) noexcept = default;
};

/// A secp256k1 secret key. Move-only; the bytes are wiped when it is destroyed and it has no
/// printing or formatting support, so it cannot end up in a log by accident.
class PrivateKey {
 public:
  /// 32 bytes in [1, n-1].
  static LIQUIDBOT_API Result<PrivateKey> from_bytes(ByteView bytes);
  /// 64 hex digits with an optional 0x prefix.
  static LIQUIDBOT_API Result<PrivateKey> from_hex(std::string_view text);

  LIQUIDBOT_API PrivateKey(PrivateKey&& other) noexcept;
  LIQUIDBOT_API PrivateKey& operator=(PrivateKey&& other) noexcept;
  PrivateKey(const PrivateKey&) = delete;
  PrivateKey& operator=(const PrivateKey&) = delete;
  LIQUIDBOT_API ~PrivateKey();

  [[nodiscard]] LIQUIDBOT_API PublicKey public_key() const noexcept;
  [[nodiscard]] LIQUIDBOT_API Address address() const noexcept;
  /// RFC 6979 deterministic signature of a 32-byte digest, low S, with recovery id.
  [[nodiscard]] LIQUIDBOT_API Signature sign(const Hash& digest) const noexcept;
  /// Raw secret bytes, for encrypted storage only.
  [[nodiscard]] const std::array<std::uint8_t, 32>& secret_bytes() const noexcept { return secret_; }

 private:
  PrivateKey() = default;
  std::array<std::uint8_t, 32> secret_{};
};

/// Public key that produced `signature` over `digest`.
LIQUIDBOT_API Result<PublicKey> recover_public_key(const Hash& digest, const Signature& signature);
/// Address that produced `signature` over `digest`.
LIQUIDBOT_API Result<Address> recover_address(const Hash& digest, const Signature& signature);
/// True when `signature` over `digest` was made by the holder of `public_key`.
LIQUIDBOT_API bool verify(const Hash& digest, const Signature& signature, const PublicKey& public_key) noexcept;

}  // namespace liquidbot
