// secp256k1 keys and recoverable ECDSA signatures through libsecp256k1.
#include <liquidbot/keccak.hpp>
#include <liquidbot/secp256k1.hpp>

#include "detail/secp256k1_context.hpp"

#include <secp256k1_recovery.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

namespace liquidbot {
namespace detail {

namespace {

/// Owns the context for the life of the process.
class ContextHolder {
 public:
  ContextHolder() : context_(secp256k1_context_create(SECP256K1_CONTEXT_NONE)) {
    if (context_ == nullptr) std::abort();  // only on allocation failure at first use
    std::array<unsigned char, 32> seed{};
    std::random_device device;
    for (std::size_t i = 0; i < seed.size(); i += 4) {
      const unsigned int word = device();
      for (std::size_t j = 0; j < 4; ++j) seed[i + j] = static_cast<unsigned char>(word >> (8 * j));
    }
    // Randomization fails only on a context that is not valid, which create() never returns.
    const int randomized = secp256k1_context_randomize(context_, seed.data());
    secure_wipe(seed.data(), seed.size());
    if (randomized != 1) std::abort();
  }
  ~ContextHolder() { secp256k1_context_destroy(context_); }
  ContextHolder(const ContextHolder&) = delete;
  ContextHolder& operator=(const ContextHolder&) = delete;

  [[nodiscard]] const secp256k1_context* get() const noexcept { return context_; }

 private:
  secp256k1_context* context_;
};

}  // namespace

const secp256k1_context* secp_context() noexcept {
  static const ContextHolder holder;  // C++11 magic static: initialized once, thread-safe
  return holder.get();
}

void secure_wipe(void* data, std::size_t size) noexcept {
  std::memset(data, 0, size);
  // The empty asm claims to read the memory, so the stores above are observable and stay.
  __asm__ __volatile__("" : : "r"(data) : "memory");
}

}  // namespace detail

namespace {

using detail::secp_context;

// Curve order n and n/2, big-endian.
constexpr std::array<std::uint8_t, 32> kOrder = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};
constexpr std::array<std::uint8_t, 32> kHalfOrder = {
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0};

bool less_be(const std::array<std::uint8_t, 32>& a, const std::array<std::uint8_t, 32>& b) noexcept {
  return std::memcmp(a.data(), b.data(), 32) < 0;
}

/// Rejects what Ethereum rejects: r or s zero or not below n, s above n/2 (EIP-2), parity above 1.
Status check_signature(const Signature& signature) {
  if (signature.r.is_zero() || !less_be(signature.r.bytes, kOrder))
    return make_error(Errc::signature, "signature: r is zero or not below the curve order");
  if (signature.s.is_zero() || !less_be(signature.s.bytes, kOrder))
    return make_error(Errc::signature, "signature: s is zero or not below the curve order");
  if (less_be(kHalfOrder, signature.s.bytes))
    return make_error(Errc::signature, "signature: s is above n/2 (high S, EIP-2)");
  if (signature.y_parity > 1)
    return make_error(Errc::signature, "signature: recovery id " +
                                           std::to_string(signature.y_parity) + " is not 0 or 1");
  return {};
}

PublicKey serialize(const secp256k1_pubkey& key) noexcept {
  std::array<unsigned char, 65> full{};
  std::size_t length = full.size();
  secp256k1_ec_pubkey_serialize(secp_context(), full.data(), &length, &key, SECP256K1_EC_UNCOMPRESSED);
  PublicKey out;
  std::copy(full.begin() + 1, full.end(), out.bytes.begin());
  return out;
}

}  // namespace

Address PublicKey::address() const noexcept {
  const Hash hash = keccak256(ByteView(bytes.data(), bytes.size()));
  return Address::from_view(hash.view().subspan(12));
}

std::array<std::uint8_t, 65> Signature::to_bytes65() const noexcept {
  std::array<std::uint8_t, 65> out{};
  std::copy(r.bytes.begin(), r.bytes.end(), out.begin());
  std::copy(s.bytes.begin(), s.bytes.end(), out.begin() + 32);
  out[64] = static_cast<std::uint8_t>(27 + y_parity);
  return out;
}

Result<Signature> Signature::from_bytes65(ByteView bytes) {
  if (bytes.size() != 65)
    return make_error(Errc::invalid_argument,
                      "signature: expected 65 bytes, got " + std::to_string(bytes.size()));
  const std::uint8_t v = bytes[64];
  if (v != 0 && v != 1 && v != 27 && v != 28)
    return make_error(Errc::signature, "signature: v " + std::to_string(v) + " is not 0, 1, 27 or 28");
  Signature out;
  out.r = Hash::from_view(bytes.subspan(0, 32));
  out.s = Hash::from_view(bytes.subspan(32, 32));
  out.y_parity = static_cast<std::uint8_t>(v >= 27 ? v - 27 : v);
  LB_TRY_STATUS(check_signature(out));
  return out;
}

Result<PrivateKey> PrivateKey::from_bytes(ByteView bytes) {
  if (bytes.size() != 32)
    return make_error(Errc::invalid_argument,
                      "private key: expected 32 bytes, got " + std::to_string(bytes.size()));
  PrivateKey key;
  std::copy(bytes.begin(), bytes.end(), key.secret_.begin());
  if (secp256k1_ec_seckey_verify(secp_context(), key.secret_.data()) != 1)
    return make_error(Errc::invalid_argument, "private key: zero or not below the curve order");
  return key;
}

Result<PrivateKey> PrivateKey::from_hex(std::string_view text) {
  if (text.starts_with("0x") || text.starts_with("0X")) text.remove_prefix(2);
  if (text.size() != 64)
    return make_error(Errc::invalid_argument,
                      "private key: expected 64 hex digits, got " + std::to_string(text.size()));
  std::array<std::uint8_t, 32> secret{};
  // Only the position-free message is kept: the key text itself must not reach an error message.
  if (!hex_decode_into(text, secret)) {
    detail::secure_wipe(secret.data(), secret.size());
    return make_error(Errc::invalid_argument, "private key: not a hex string");
  }
  auto key = from_bytes(secret);
  detail::secure_wipe(secret.data(), secret.size());
  return key;
}

PrivateKey::PrivateKey(PrivateKey&& other) noexcept : secret_(other.secret_) {
  detail::secure_wipe(other.secret_.data(), other.secret_.size());
}

PrivateKey& PrivateKey::operator=(PrivateKey&& other) noexcept {
  if (this != &other) {
    secret_ = other.secret_;
    detail::secure_wipe(other.secret_.data(), other.secret_.size());
  }
  return *this;
}

PrivateKey::~PrivateKey() { detail::secure_wipe(secret_.data(), secret_.size()); }

PublicKey PrivateKey::public_key() const noexcept {
  secp256k1_pubkey key;
  // Cannot fail: the secret was checked to be in [1, n-1] when this object was made.
  if (secp256k1_ec_pubkey_create(secp_context(), &key, secret_.data()) != 1) std::abort();
  return serialize(key);
}

Address PrivateKey::address() const noexcept { return public_key().address(); }

Signature PrivateKey::sign(const Hash& digest) const noexcept {
  secp256k1_ecdsa_recoverable_signature raw;
  // noncefp = NULL selects RFC 6979; it cannot fail for a key in [1, n-1].
  if (secp256k1_ecdsa_sign_recoverable(secp_context(), &raw, digest.data(), secret_.data(), nullptr,
                                       nullptr) != 1)
    std::abort();
  std::array<unsigned char, 64> compact{};
  int recid = 0;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(secp_context(), compact.data(), &recid, &raw);
  Signature out;
  std::copy(compact.begin(), compact.begin() + 32, out.r.bytes.begin());
  std::copy(compact.begin() + 32, compact.end(), out.s.bytes.begin());
  out.y_parity = static_cast<std::uint8_t>(recid);  // libsecp256k1 output is low-S, recid 0 or 1
  return out;
}

Result<PublicKey> recover_public_key(const Hash& digest, const Signature& signature) {
  LB_TRY_STATUS(check_signature(signature));
  std::array<unsigned char, 64> compact{};
  std::copy(signature.r.bytes.begin(), signature.r.bytes.end(), compact.begin());
  std::copy(signature.s.bytes.begin(), signature.s.bytes.end(), compact.begin() + 32);
  secp256k1_ecdsa_recoverable_signature raw;
  if (secp256k1_ecdsa_recoverable_signature_parse_compact(secp_context(), &raw, compact.data(),
                                                          signature.y_parity) != 1)
    return make_error(Errc::signature, "signature: r and s do not parse");
  secp256k1_pubkey key;
  if (secp256k1_ecdsa_recover(secp_context(), &key, &raw, digest.data()) != 1)
    return make_error(Errc::signature, "signature: no public key recovers from r, s and the digest");
  return serialize(key);
}

Result<Address> recover_address(const Hash& digest, const Signature& signature) {
  LB_TRY(key, recover_public_key(digest, signature));
  return key.address();
}

bool verify(const Hash& digest, const Signature& signature, const PublicKey& public_key) noexcept {
  // Recovering and comparing checks r, s and the recovery id together, at the cost of one verify.
  auto recovered = recover_public_key(digest, signature);
  return recovered.ok() && recovered.value() == public_key;
}

}  // namespace liquidbot
