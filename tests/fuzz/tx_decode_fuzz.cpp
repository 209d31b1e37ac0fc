// Fuzzes decode_transaction on arbitrary bytes. The first input byte picks a prefix so that all
// three encodings get exercised: 0 -> as is (legacy list or any type byte), 1 -> 0x01 envelope,
// 2 -> 0x02 envelope. A successful decode must re-encode to exactly the input (canonical form) and
// carry the keccak of the input as its hash.
#include <liquidbot/keccak.hpp>
#include <liquidbot/transaction.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace liquidbot;
  if (size == 0) return 0;
  Bytes raw;
  const std::uint8_t mode = static_cast<std::uint8_t>(data[0] % 3);
  if (mode != 0) raw.push_back(mode);
  raw.insert(raw.end(), data + 1, data + size);

  auto decoded = decode_transaction(raw);
  if (!decoded) return 0;
  auto encoded = encode(decoded->tx);
  if (!encoded || encoded.value() != raw) std::abort();
  if (decoded->hash != keccak256(ByteView(raw))) std::abort();
  auto hash = tx_hash(decoded->tx);
  if (!hash || hash.value() != decoded->hash) std::abort();
  return 0;
}
