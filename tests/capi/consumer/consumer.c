/* SPDX-License-Identifier: MIT
 * Consumer of the installed C ABI: version check and one hash (keccak256("abc")). */
#include <liquidbot/liquidbot.h>

#include <stdio.h>
#include <string.h>

int main(void) {
  static const unsigned char kExpected[4] = {0x4e, 0x03, 0x65, 0x7a};
  lb_bytes32 hash;
  if (lb_abi_version() != LB_ABI_VERSION || lb_version_number() != LB_VERSION_NUMBER) {
    fprintf(stderr, "header/library mismatch\n");
    return 1;
  }
  if (lb_keccak256(&hash, (const uint8_t*)"abc", 3) != LB_OK || memcmp(hash.bytes, kExpected, 4) != 0) {
    fprintf(stderr, "keccak256 failed: %s\n", lb_last_error_message());
    return 1;
  }
  printf("liquidbot C ABI %s (ABI %u) ok\n", lb_version_string(), (unsigned)lb_abi_version());
  return 0;
}
