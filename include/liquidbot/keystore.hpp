// Encrypted JSON keystores, Web3 Secret Storage v3
// (https://ethereum.org/en/developers/docs/data-structures-and-encoding/web3-secret-storage/):
// scrypt or PBKDF2-HMAC-SHA256 derive a 32-byte key; its first half is the AES-128-CTR key, and
// mac = keccak256(derived[16..32] || ciphertext). Crypto through OpenSSL.
#pragma once

#include <liquidbot/address.hpp>
#include <liquidbot/bytes.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/secp256k1.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace liquidbot {

enum class KeystoreKdf : std::uint8_t { scrypt, pbkdf2 };

struct KeystoreOptions {
  KeystoreKdf kdf = KeystoreKdf::scrypt;
  /// scrypt cost (power of two > 1), r and p; the defaults are geth's "standard" parameters
  /// (ethers uses the same N = 2^18, r = 8, p = 1).
  std::uint64_t scrypt_n = 262144;
  std::uint32_t scrypt_r = 8;
  std::uint32_t scrypt_p = 1;
  /// PBKDF2-HMAC-SHA256 iteration count.
  std::uint32_t pbkdf2_iterations = 262144;
  /// Fixed salt / IV / uuid for reproducible output (tests); random (OpenSSL RAND_bytes) otherwise.
  std::optional<std::array<std::uint8_t, 32>> salt;
  std::optional<std::array<std::uint8_t, 16>> iv;
  std::optional<std::array<std::uint8_t, 16>> uuid;
};

/// The keystore JSON (version 3, lowercase "address" without 0x, as geth and ethers write it).
LIQUIDBOT_API Result<std::string> keystore_encrypt(const PrivateKey& key, std::string_view password,
                                                   const KeystoreOptions& options = {});

/// Decrypts a v3 keystore. Errors: Errc::decode for malformed JSON or missing/invalid fields (the
/// message names the field), Errc::unsupported for an unknown kdf/cipher/prf, Errc::signature for
/// a MAC mismatch ("wrong password or corrupted keystore"), Errc::invalid_argument when the stored
/// address does not match the decrypted key. Limits: scrypt N <= 2^20, r*p < 2^30; pbkdf2 c <= 10^8.
LIQUIDBOT_API Result<PrivateKey> keystore_decrypt(std::string_view json, std::string_view password);

/// The "address" field of a keystore without decrypting it (nullopt when absent).
LIQUIDBOT_API Result<std::optional<Address>> keystore_address(std::string_view json);

}  // namespace liquidbot
