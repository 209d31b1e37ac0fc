// EIP-191 personal_sign hashing, signing and recovery.
#include <liquidbot/eip191.hpp>
#include <liquidbot/keccak.hpp>

#include <cstddef>
#include <string_view>

namespace liquidbot {

Hash eip191_hash(ByteView message) noexcept {
  static constexpr std::string_view kPrefix = "\x19" "Ethereum Signed Message:\n";
  char digits[20];  // a size_t has at most 20 decimal digits
  std::size_t count = 0;
  std::size_t length = message.size();
  do {
    digits[sizeof(digits) - 1 - count] = static_cast<char>('0' + length % 10);
    ++count;
    length /= 10;
  } while (length != 0);
  Keccak256 hasher;
  hasher.update(kPrefix);
  hasher.update(std::string_view(digits + sizeof(digits) - count, count));
  hasher.update(message);
  return hasher.finalize();
}

Signature sign_message(const PrivateKey& key, ByteView message) noexcept {
  return key.sign(eip191_hash(message));
}

Result<Address> recover_message_signer(ByteView message, const Signature& signature) {
  return recover_address(eip191_hash(message), signature);
}

bool verify_message(const Address& signer, ByteView message, const Signature& signature) {
  auto recovered = recover_message_signer(message, signature);
  return recovered.ok() && recovered.value() == signer;
}

}  // namespace liquidbot
