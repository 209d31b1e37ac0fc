// EIP-191 version 0x45 ("personal_sign"): hashing, signing and signer recovery of messages.
// https://eips.ethereum.org/EIPS/eip-191
#pragma once

#include <liquidbot/address.hpp>
#include <liquidbot/bytes.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/fixed_bytes.hpp>
#include <liquidbot/secp256k1.hpp>

namespace liquidbot {

/// keccak256("\x19Ethereum Signed Message:\n" || decimal byte length || message), the digest that
/// personal_sign and ethers `hashMessage` sign. Text is hashed as its UTF-8 bytes. Never fails and
/// does not allocate.
[[nodiscard]] LIQUIDBOT_API Hash eip191_hash(ByteView message) noexcept;

/// personal_sign: the RFC 6979 low-S signature of eip191_hash(message). Use to_bytes65() for the
/// usual 65-byte r || s || v form (v = 27 or 28).
[[nodiscard]] LIQUIDBOT_API Signature sign_message(const PrivateKey& key, ByteView message) noexcept;

/// Address whose key produced `signature` over eip191_hash(message); Errc::signature when the
/// signature does not recover to any key.
LIQUIDBOT_API Result<Address> recover_message_signer(ByteView message, const Signature& signature);

/// True when `signature` over eip191_hash(message) recovers to `signer`.
[[nodiscard]] LIQUIDBOT_API bool verify_message(const Address& signer, ByteView message,
                                                const Signature& signature);

}  // namespace liquidbot
