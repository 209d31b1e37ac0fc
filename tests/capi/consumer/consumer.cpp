// SPDX-License-Identifier: MIT
// Consumer of the installed C++ library: one EIP-55 address and one Keccak-256.
#include <liquidbot/address.hpp>
#include <liquidbot/keccak.hpp>
#include <liquidbot/version.hpp>

#include <cstdio>

int main() {
  auto address = liquidbot::Address::parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
  if (!address.ok() || address->to_checksum() != "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed") return 1;
  if (liquidbot::keccak256(std::string_view("abc")).bytes[0] != 0x4e) return 1;
  std::printf("liquidbot C++ %s ok\n", liquidbot::kVersionString);
  return 0;
}
