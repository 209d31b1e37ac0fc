/* SPDX-License-Identifier: MIT
 * C tests of every lb_* entry point: published vectors where they exist, NULL arguments, short
 * buffers and misuse (a status and a message, never a crash). Run one suite by name or all. */
#include "check.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int g_failures = 0;

size_t test_unhex(unsigned char* out, size_t cap, const char* hex) {
  size_t n = 0;
  while (hex[0] != '\0' && hex[1] != '\0' && n < cap) {
    unsigned int byte = 0;
    if (sscanf(hex, "%2x", &byte) != 1) break;
    out[n++] = (unsigned char)byte;
    hex += 2;
  }
  return n;
}

int test_equal_hex(const void* bytes, size_t len, const char* hex) {
  unsigned char expected[512];
  size_t n = test_unhex(expected, sizeof expected, hex);
  return n == len && memcmp(bytes, expected, len) == 0;
}

static const char* g_data_dir = LB_TEST_DATA_DIR;

static void test_common(void) {
  lb_u256be value;
  char text[80];
  size_t size = 0;
  CHECK(lb_abi_version() == LB_ABI_VERSION);
  CHECK(lb_version_number() == LB_VERSION_NUMBER);
  CHECK(strcmp(lb_version_string(), LB_VERSION_STRING) == 0);
  CHECK(lb_version_major() == LB_VERSION_MAJOR && lb_version_minor() == LB_VERSION_MINOR &&
        lb_version_patch() == LB_VERSION_PATCH);
  CHECK(strcmp(lb_status_name(LB_OK), "ok") == 0);
  CHECK(strcmp(lb_status_name(LB_EINVAL), "invalid_argument") == 0);
  CHECK(strcmp(lb_status_name(LB_EUNREACHABLE), "unreachable_target") == 0);
  CHECK(strcmp(lb_status_name(LB_EINTERNAL), "internal") == 0);
  CHECK(strcmp(lb_status_name(LB_EBUFS), "buffer_too_small") == 0);
  CHECK(strcmp(lb_status_name(LB_ENOMEM), "out_of_memory") == 0);
  CHECK(strcmp(lb_status_name(7), "unknown") == 0);
  CHECK(strcmp(lb_status_name(-99), "unknown") == 0);
  lb_free(NULL);

  /* 2^256 - 1 in hex and decimal. */
  EXPECT_OK(lb_u256_parse(&value, "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", 66));
  EXPECT_OK(lb_u256_to_dec(NULL, 0, &size, &value));
  CHECK(size == 79);
  EXPECT_ERR(lb_u256_to_dec(text, 78, &size, &value), LB_EBUFS);
  CHECK(size == 79);
  EXPECT_OK(lb_u256_to_dec(text, sizeof text, &size, &value));
  CHECK(strcmp(text, "115792089237316195423570985008687907853269984665640564039457584007913129639935") == 0);
  EXPECT_ERR(lb_u256_parse(&value, "115792089237316195423570985008687907853269984665640564039457584007913129639936", 78),
             LB_EOVERFLOW);
  EXPECT_ERR(lb_u256_parse(&value, "12x", 3), LB_EINVAL);
  EXPECT_ERR(lb_u256_parse(NULL, "1", 1), LB_EINVAL);
  EXPECT_ERR(lb_u256_parse(&value, NULL, 1), LB_EINVAL);
  EXPECT_OK(lb_u256_parse(&value, "1000", 2)); /* length bounds the text: "10" */
  EXPECT_OK(lb_u256_to_dec(text, sizeof text, &size, &value));
  CHECK(strcmp(text, "10") == 0 && size == 3);
  EXPECT_ERR(lb_u256_to_dec(text, sizeof text, NULL, &value), LB_EINVAL);
  EXPECT_ERR(lb_u256_to_dec(text, sizeof text, &size, NULL), LB_EINVAL);
  EXPECT_OK(lb_u256_from_u64(&value, 1234567890123ULL));
  EXPECT_OK(lb_u256_to_dec(text, sizeof text, &size, &value));
  CHECK(strcmp(text, "1234567890123") == 0);
  EXPECT_ERR(lb_u256_from_u64(NULL, 1), LB_EINVAL);
}

static void test_hash(void) {
  lb_bytes32 hash;
  uint8_t sel[4];
  lb_address address;
  char text[43];
  EXPECT_OK(lb_keccak256(&hash, NULL, 0));
  CHECK(test_equal_hex(hash.bytes, 32, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"));
  EXPECT_OK(lb_keccak256(&hash, (const uint8_t*)"abc", 3));
  CHECK(test_equal_hex(hash.bytes, 32, "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"));
  EXPECT_ERR(lb_keccak256(NULL, (const uint8_t*)"abc", 3), LB_EINVAL);
  EXPECT_ERR(lb_keccak256(&hash, NULL, 3), LB_EINVAL);

  EXPECT_OK(lb_selector(sel, "transfer(address,uint256)", 25));
  CHECK(test_equal_hex(sel, 4, "a9059cbb"));
  EXPECT_ERR(lb_selector(NULL, "f()", 3), LB_EINVAL);
  EXPECT_ERR(lb_selector(sel, NULL, 3), LB_EINVAL);

  /* EIP-55 test vector. */
  EXPECT_OK(lb_address_parse(&address, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", 42));
  EXPECT_OK(lb_address_to_checksum(text, &address));
  CHECK(strcmp(text, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed") == 0);
  EXPECT_ERR(lb_address_parse(&address, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", 42), LB_EINVAL);
  EXPECT_ERR(lb_address_parse(&address, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea", 40), LB_EINVAL);
  EXPECT_ERR(lb_address_parse(NULL, "0x", 2), LB_EINVAL);
  EXPECT_ERR(lb_address_parse(&address, NULL, 42), LB_EINVAL);
  EXPECT_ERR(lb_address_to_checksum(NULL, &address), LB_EINVAL);
  EXPECT_ERR(lb_address_to_checksum(text, NULL), LB_EINVAL);
}

static void test_abi(void) {
  uint8_t buf[128];
  size_t size = 0;
  char* json = NULL;
  const char* args[2] = {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "1"};
  const char* bad_args[2] = {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "-1"};
  const char* null_arg[2] = {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", NULL};
  const char* sig = "transfer(address to, uint256 amount)(bool)";
  static const char kCall[] =
      "a9059cbb0000000000000000000000005aaeb6053f3e94c9b9a09f33669435e7ef1beaed"
      "0000000000000000000000000000000000000000000000000000000000000001";
  uint8_t ret[32] = {0};

  EXPECT_OK(lb_abi_encode_call(NULL, 0, &size, sig, args, 2));
  CHECK(size == 68);
  EXPECT_ERR(lb_abi_encode_call(buf, 67, &size, sig, args, 2), LB_EBUFS);
  CHECK(size == 68);
  EXPECT_OK(lb_abi_encode_call(buf, sizeof buf, &size, sig, args, 2));
  CHECK(size == 68 && test_equal_hex(buf, 68, kCall));
  EXPECT_ERR(lb_abi_encode_call(buf, sizeof buf, &size, sig, args, 1), LB_EINVAL);
  EXPECT_ERR(lb_abi_encode_call(buf, sizeof buf, &size, sig, bad_args, 2), LB_EINVAL);
  EXPECT_ERR(lb_abi_encode_call(buf, sizeof buf, &size, sig, null_arg, 2), LB_EINVAL);
  EXPECT_ERR(lb_abi_encode_call(buf, sizeof buf, &size, "transfer(address", args, 2), LB_EINVAL);
  EXPECT_ERR(lb_abi_encode_call(buf, sizeof buf, NULL, sig, args, 2), LB_EINVAL);
  EXPECT_ERR(lb_abi_encode_call(buf, sizeof buf, &size, NULL, args, 2), LB_EINVAL);
  EXPECT_ERR(lb_abi_encode_call(buf, sizeof buf, &size, sig, NULL, 2), LB_EINVAL);

  EXPECT_OK(lb_abi_decode_call(&json, sig, buf, 68));
  CHECK(json != NULL && strcmp(json, "[\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\",\"1\"]") == 0);
  lb_free(json);
  json = NULL;
  EXPECT_ERR(lb_abi_decode_call(&json, sig, buf, 67), LB_EDECODE);
  buf[0] = 0;
  EXPECT_ERR(lb_abi_decode_call(&json, sig, buf, 68), LB_EDECODE); /* wrong selector */
  EXPECT_ERR(lb_abi_decode_call(NULL, sig, buf, 68), LB_EINVAL);
  EXPECT_ERR(lb_abi_decode_call(&json, NULL, buf, 68), LB_EINVAL);
  EXPECT_ERR(lb_abi_decode_call(&json, sig, NULL, 68), LB_EINVAL);

  ret[31] = 1;
  EXPECT_OK(lb_abi_decode_output(&json, sig, ret, 32));
  CHECK(json != NULL && strcmp(json, "[\"true\"]") == 0);
  lb_free(json);
  ret[31] = 2;
  EXPECT_ERR(lb_abi_decode_output(&json, sig, ret, 32), LB_EDECODE);
  EXPECT_ERR(lb_abi_decode_output(NULL, sig, ret, 32), LB_EINVAL);
  EXPECT_ERR(lb_abi_decode_output(&json, NULL, ret, 32), LB_EINVAL);
  EXPECT_ERR(lb_abi_decode_output(&json, sig, NULL, 32), LB_EINVAL);

  /* Panic(0x11). */
  size = test_unhex(buf, sizeof buf, "4e487b710000000000000000000000000000000000000000000000000000000000000011");
  EXPECT_OK(lb_abi_decode_revert(&json, buf, size));
  CHECK(json != NULL && strstr(json, "Panic(0x11") != NULL);
  lb_free(json);
  EXPECT_OK(lb_abi_decode_revert(&json, NULL, 0));
  CHECK(json != NULL && strcmp(json, "empty") == 0);
  lb_free(json);
  EXPECT_ERR(lb_abi_decode_revert(&json, buf, 3), LB_EDECODE);
  EXPECT_ERR(lb_abi_decode_revert(NULL, buf, size), LB_EINVAL);
  EXPECT_ERR(lb_abi_decode_revert(&json, NULL, 4), LB_EINVAL);
}

static void test_rlp(void) {
  uint8_t buf[64];
  uint8_t list[64];
  size_t size = 0;
  size_t list_len = 0;
  lb_rlp_item item;
  lb_rlp_item child;
  lb_u256be value;
  static const uint8_t kDog[] = {0x83, 'd', 'o', 'g'};
  static const uint8_t kNonCanonical[] = {0x81, 0x05};

  EXPECT_OK(lb_rlp_encode_bytes(NULL, 0, &size, (const uint8_t*)"dog", 3));
  CHECK(size == 4);
  EXPECT_ERR(lb_rlp_encode_bytes(buf, 3, &size, (const uint8_t*)"dog", 3), LB_EBUFS);
  CHECK(size == 4);
  EXPECT_OK(lb_rlp_encode_bytes(buf, sizeof buf, &size, (const uint8_t*)"dog", 3));
  CHECK(size == 4 && test_equal_hex(buf, 4, "83646f67"));
  EXPECT_OK(lb_rlp_encode_bytes(buf, sizeof buf, &size, NULL, 0));
  CHECK(size == 1 && buf[0] == 0x80);
  EXPECT_ERR(lb_rlp_encode_bytes(buf, sizeof buf, NULL, (const uint8_t*)"dog", 3), LB_EINVAL);
  EXPECT_ERR(lb_rlp_encode_bytes(buf, sizeof buf, &size, NULL, 3), LB_EINVAL);

  EXPECT_OK(lb_u256_from_u64(&value, 1024));
  EXPECT_OK(lb_rlp_encode_uint(buf, sizeof buf, &size, &value));
  CHECK(size == 3 && test_equal_hex(buf, 3, "820400"));
  EXPECT_OK(lb_u256_from_u64(&value, 0));
  EXPECT_OK(lb_rlp_encode_uint(buf, sizeof buf, &size, &value));
  CHECK(size == 1 && buf[0] == 0x80);
  EXPECT_ERR(lb_rlp_encode_uint(buf, 0, &size, &value), LB_EBUFS);
  EXPECT_ERR(lb_rlp_encode_uint(buf, sizeof buf, NULL, &value), LB_EINVAL);
  EXPECT_ERR(lb_rlp_encode_uint(buf, sizeof buf, &size, NULL), LB_EINVAL);

  /* ["cat", "dog"] = c88363617483646f67 */
  list_len = test_unhex(list, sizeof list, "8363617483646f67");
  EXPECT_OK(lb_rlp_encode_list(buf, sizeof buf, &size, list, list_len));
  CHECK(size == 9 && test_equal_hex(buf, 9, "c88363617483646f67"));
  EXPECT_ERR(lb_rlp_encode_list(buf, 8, &size, list, list_len), LB_EBUFS);
  EXPECT_ERR(lb_rlp_encode_list(buf, sizeof buf, NULL, list, list_len), LB_EINVAL);
  EXPECT_ERR(lb_rlp_encode_list(buf, sizeof buf, &size, NULL, 1), LB_EINVAL);

  EXPECT_OK(lb_rlp_decode(&item, buf, 9));
  CHECK(item.is_list == 1 && item.payload == buf + 1 && item.payload_len == 8 && item.encoded_len == 9);
  EXPECT_OK(lb_rlp_decode_prefix(&child, item.payload, item.payload_len));
  CHECK(child.is_list == 0 && child.payload_len == 3 && memcmp(child.payload, "cat", 3) == 0);
  EXPECT_OK(lb_rlp_decode_prefix(&child, item.payload + child.encoded_len, item.payload_len - child.encoded_len));
  CHECK(child.payload_len == 3 && memcmp(child.payload, "dog", 3) == 0);
  EXPECT_ERR(lb_rlp_decode(&item, buf, 8), LB_EDECODE);
  EXPECT_ERR(lb_rlp_decode(&item, kNonCanonical, 2), LB_EDECODE);
  EXPECT_ERR(lb_rlp_decode(NULL, buf, 9), LB_EINVAL);
  EXPECT_ERR(lb_rlp_decode(&item, NULL, 9), LB_EINVAL);
  EXPECT_ERR(lb_rlp_decode_prefix(&item, kDog, 3), LB_EDECODE);
  EXPECT_ERR(lb_rlp_decode_prefix(NULL, kDog, 4), LB_EINVAL);
  EXPECT_ERR(lb_rlp_decode_prefix(&item, NULL, 4), LB_EINVAL);

  EXPECT_OK(lb_rlp_validate(buf, 9));
  EXPECT_ERR(lb_rlp_validate(kNonCanonical, 2), LB_EDECODE);
  EXPECT_ERR(lb_rlp_validate(NULL, 2), LB_EINVAL);

  size = test_unhex(buf, sizeof buf, "820400");
  EXPECT_OK(lb_rlp_decode(&item, buf, size));
  EXPECT_OK(lb_rlp_item_to_uint(&value, &item));
  CHECK(value.bytes[30] == 4 && value.bytes[31] == 0);
  size = test_unhex(buf, sizeof buf, "820004");
  EXPECT_OK(lb_rlp_decode(&item, buf, size));
  EXPECT_ERR(lb_rlp_item_to_uint(&value, &item), LB_EDECODE); /* leading zero */
  size = test_unhex(buf, sizeof buf, "c0");
  EXPECT_OK(lb_rlp_decode(&item, buf, size));
  EXPECT_ERR(lb_rlp_item_to_uint(&value, &item), LB_EDECODE); /* a list */
  EXPECT_ERR(lb_rlp_item_to_uint(NULL, &item), LB_EINVAL);
  EXPECT_ERR(lb_rlp_item_to_uint(&value, NULL), LB_EINVAL);
}

/* keccak256("cow"): the key of the EIP-712 example, address 0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826. */
static const char kCowKey[] = "c85ef7d79691fe79573b1a7064c19c1a9819ebdbd1faaab1a8ec92344438aaf4";

static void test_key(void) {
  lb_key* key = NULL;
  lb_bytes32 secret;
  lb_bytes32 digest;
  lb_address address;
  lb_address recovered;
  lb_signature signature;
  lb_signature parsed;
  uint8_t bytes65[65];
  char text[43];

  test_unhex(secret.bytes, 32, kCowKey);
  EXPECT_OK(lb_key_create(&key, &secret));
  EXPECT_OK(lb_key_address(key, &address));
  EXPECT_OK(lb_address_to_checksum(text, &address));
  CHECK(strcmp(text, "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826") == 0);
  lb_key_destroy(key);
  lb_key_destroy(NULL);

  EXPECT_OK(lb_key_create_from_hex(&key, "0xc85ef7d79691fe79573b1a7064c19c1a9819ebdbd1faaab1a8ec92344438aaf4", 66));
  EXPECT_OK(lb_keccak256(&digest, (const uint8_t*)"abc", 3));
  EXPECT_OK(lb_key_sign_digest(key, &signature, &digest));
  CHECK(signature.y_parity <= 1);
  EXPECT_OK(lb_recover_address(&recovered, &digest, &signature));
  CHECK(memcmp(recovered.bytes, address.bytes, 20) == 0);
  EXPECT_OK(lb_signature_to_bytes65(bytes65, &signature));
  CHECK(bytes65[64] == 27 + signature.y_parity);
  EXPECT_OK(lb_signature_from_bytes65(&parsed, bytes65));
  CHECK(memcmp(&parsed, &signature, sizeof parsed) == 0);

  EXPECT_ERR(lb_key_sign_digest(NULL, &signature, &digest), LB_EINVAL);
  EXPECT_ERR(lb_key_sign_digest(key, NULL, &digest), LB_EINVAL);
  EXPECT_ERR(lb_key_sign_digest(key, &signature, NULL), LB_EINVAL);
  EXPECT_ERR(lb_key_address(NULL, &address), LB_EINVAL);
  EXPECT_ERR(lb_key_address(key, NULL), LB_EINVAL);
  lb_key_destroy(key);

  memset(secret.bytes, 0, 32);
  key = (lb_key*)&secret; /* must be reset to NULL on failure */
  EXPECT_ERR(lb_key_create(&key, &secret), LB_EINVAL);
  CHECK(key == NULL);
  EXPECT_ERR(lb_key_create(NULL, &secret), LB_EINVAL);
  EXPECT_ERR(lb_key_create(&key, NULL), LB_EINVAL);
  EXPECT_ERR(lb_key_create_from_hex(&key, "0x1234", 6), LB_EINVAL);
  CHECK(strstr(lb_last_error_message(), "1234") == NULL); /* never echoes key text */
  EXPECT_ERR(lb_key_create_from_hex(NULL, "00", 2), LB_EINVAL);
  EXPECT_ERR(lb_key_create_from_hex(&key, NULL, 2), LB_EINVAL);

  bytes65[64] = 29;
  EXPECT_ERR(lb_signature_from_bytes65(&parsed, bytes65), LB_ESIGNATURE);
  EXPECT_ERR(lb_signature_from_bytes65(NULL, bytes65), LB_EINVAL);
  EXPECT_ERR(lb_signature_from_bytes65(&parsed, NULL), LB_EINVAL);
  signature.y_parity = 2;
  EXPECT_ERR(lb_signature_to_bytes65(bytes65, &signature), LB_EINVAL);
  EXPECT_ERR(lb_signature_to_bytes65(NULL, &parsed), LB_EINVAL);
  EXPECT_ERR(lb_signature_to_bytes65(bytes65, NULL), LB_EINVAL);
  memset(&parsed, 0, sizeof parsed);
  EXPECT_ERR(lb_recover_address(&recovered, &digest, &parsed), LB_ESIGNATURE);
  EXPECT_ERR(lb_recover_address(NULL, &digest, &parsed), LB_EINVAL);
  EXPECT_ERR(lb_recover_address(&recovered, NULL, &parsed), LB_EINVAL);
  EXPECT_ERR(lb_recover_address(&recovered, &digest, NULL), LB_EINVAL);
}

static const char kMail[] =
    "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"version\",\"type\":"
    "\"string\"},{\"name\":\"chainId\",\"type\":\"uint256\"},{\"name\":\"verifyingContract\",\"type\":"
    "\"address\"}],\"Person\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"wallet\",\"type\":"
    "\"address\"}],\"Mail\":[{\"name\":\"from\",\"type\":\"Person\"},{\"name\":\"to\",\"type\":\"Person\"},"
    "{\"name\":\"contents\",\"type\":\"string\"}]},\"primaryType\":\"Mail\",\"domain\":{\"name\":\"Ether "
    "Mail\",\"version\":\"1\",\"chainId\":1,\"verifyingContract\":\"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC\"},"
    "\"message\":{\"from\":{\"name\":\"Cow\",\"wallet\":\"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826\"},"
    "\"to\":{\"name\":\"Bob\",\"wallet\":\"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB\"},\"contents\":\"Hello, "
    "Bob!\"}}";

static void test_message(void) {
  lb_key* key = NULL;
  lb_bytes32 hash;
  lb_signature signature;
  lb_address address;
  char text[43];
  const uint8_t* hello = (const uint8_t*)"hello world";

  EXPECT_OK(lb_key_create_from_hex(&key, kCowKey, 64));
  /* ethers hashMessage("hello world"). */
  EXPECT_OK(lb_eip191_hash(&hash, hello, 11));
  CHECK(test_equal_hex(hash.bytes, 32, "d9eba16ed0ecae432b71fe008c98cc872bb4cc214d3220a36f365326cf807d68"));
  EXPECT_OK(lb_eip191_sign(key, &signature, hello, 11));
  EXPECT_OK(lb_eip191_recover(&address, hello, 11, &signature));
  EXPECT_OK(lb_address_to_checksum(text, &address));
  CHECK(strcmp(text, "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826") == 0);
  EXPECT_ERR(lb_eip191_hash(NULL, hello, 11), LB_EINVAL);
  EXPECT_ERR(lb_eip191_hash(&hash, NULL, 11), LB_EINVAL);
  EXPECT_ERR(lb_eip191_sign(NULL, &signature, hello, 11), LB_EINVAL);
  EXPECT_ERR(lb_eip191_sign(key, NULL, hello, 11), LB_EINVAL);
  EXPECT_ERR(lb_eip191_sign(key, &signature, NULL, 11), LB_EINVAL);
  EXPECT_ERR(lb_eip191_recover(NULL, hello, 11, &signature), LB_EINVAL);
  EXPECT_ERR(lb_eip191_recover(&address, NULL, 11, &signature), LB_EINVAL);
  EXPECT_ERR(lb_eip191_recover(&address, hello, 11, NULL), LB_EINVAL);
  memset(signature.s, 0, 32);
  EXPECT_ERR(lb_eip191_recover(&address, hello, 11, &signature), LB_ESIGNATURE);

  /* The EIP-712 specification's example (Mail from Cow to Bob). */
  EXPECT_OK(lb_eip712_hash(&hash, kMail, sizeof kMail - 1));
  CHECK(test_equal_hex(hash.bytes, 32, "be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2"));
  EXPECT_OK(lb_eip712_sign(key, &signature, kMail, sizeof kMail - 1));
  CHECK(test_equal_hex(signature.r, 32, "4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"));
  CHECK(test_equal_hex(signature.s, 32, "07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562"));
  CHECK(signature.y_parity == 1);
  EXPECT_ERR(lb_eip712_hash(&hash, kMail, 20), LB_EDECODE);
  EXPECT_ERR(lb_eip712_hash(&hash, "{\"types\":{}}", 12), LB_EINVAL);
  EXPECT_ERR(lb_eip712_hash(NULL, kMail, sizeof kMail - 1), LB_EINVAL);
  EXPECT_ERR(lb_eip712_hash(&hash, NULL, 1), LB_EINVAL);
  EXPECT_ERR(lb_eip712_sign(NULL, &signature, kMail, sizeof kMail - 1), LB_EINVAL);
  EXPECT_ERR(lb_eip712_sign(key, NULL, kMail, sizeof kMail - 1), LB_EINVAL);
  EXPECT_ERR(lb_eip712_sign(key, &signature, NULL, 1), LB_EINVAL);
  EXPECT_ERR(lb_eip712_sign(key, &signature, kMail, 20), LB_EDECODE);
  lb_key_destroy(key);
}

/* Every optional field; signed with keccak256("cow") by ethers Wallet.signMessage. */
static const char kSiwe[] =
    "https://example.com:8443 wants you to sign in with your Ethereum account:\n"
    "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826\n\n"
    "I accept the Terms: https://example.com/tos?x=1&y=2#frag\n\n"
    "URI: https://example.com/login\nVersion: 1\nChain ID: 8453\nNonce: abcDEF12345\n"
    "Issued At: 2026-01-02T03:04:05.678+01:00\nExpiration Time: 2026-01-02T03:14:05Z\n"
    "Not Before: 2026-01-02T02:04:06.5Z\nRequest ID: req-42:@x\nResources:\n"
    "- ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/\n"
    "- https://example.com/claims.json";
static const char kSiweSignature[] =
    "26d13248a3b3c7baab40335af7e26ed8a7c10a8aa18a4fe2b0eb05fd4944f2421260c146674aa3ce2f24a457b842e09"
    "b5d2193d4f4135fc61caf186a3c184a851b";

static void test_siwe(void) {
  lb_siwe_verify_options options;
  lb_signature signature;
  uint8_t bytes65[65];
  test_unhex(bytes65, 65, kSiweSignature);
  EXPECT_OK(lb_signature_from_bytes65(&signature, bytes65));
  EXPECT_OK(lb_siwe_verify_options_init(&options, LB_SIWE_VERIFY_OPTIONS_VERSION));
  CHECK(options.version == LB_SIWE_VERIFY_OPTIONS_VERSION && options.domain == NULL && options.has_time == 0);
  options.domain = "example.com:8443";
  options.nonce = "abcDEF12345";
  options.scheme = "https";
  options.has_chain_id = 1;
  options.chain_id = 8453;
  options.has_time = 1;
  options.time_seconds = 1767321000; /* 2026-01-02T02:30:00Z */
  EXPECT_OK(lb_address_parse(&options.address, "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", 42));
  options.has_address = 1;
  EXPECT_OK(lb_siwe_verify(kSiwe, sizeof kSiwe - 1, &signature, &options));
  options.time_seconds = 1767330000; /* after expiration */
  EXPECT_ERR(lb_siwe_verify(kSiwe, sizeof kSiwe - 1, &signature, &options), LB_ESTATE);
  options.time_seconds = 1767321000;
  options.nonce = "otherNonce1";
  EXPECT_ERR(lb_siwe_verify(kSiwe, sizeof kSiwe - 1, &signature, &options), LB_ESTATE);
  options.nonce = NULL;
  signature.r[5] ^= 1;
  EXPECT_ERR(lb_siwe_verify(kSiwe, sizeof kSiwe - 1, &signature, &options), LB_ESIGNATURE);
  signature.r[5] ^= 1;
  EXPECT_ERR(lb_siwe_verify(kSiwe, 40, &signature, &options), LB_EINVAL);
  EXPECT_ERR(lb_siwe_verify(NULL, 1, &signature, &options), LB_EINVAL);
  EXPECT_ERR(lb_siwe_verify(kSiwe, sizeof kSiwe - 1, NULL, &options), LB_EINVAL);
  options.version = 99;
  EXPECT_ERR(lb_siwe_verify(kSiwe, sizeof kSiwe - 1, &signature, &options), LB_EUNSUPPORTED);
  EXPECT_ERR(lb_siwe_verify_options_init(&options, 99), LB_EUNSUPPORTED);
  EXPECT_ERR(lb_siwe_verify_options_init(NULL, LB_SIWE_VERIFY_OPTIONS_VERSION), LB_EINVAL);
}

/* EIP-155's example transaction (nonce 9, 20 gwei, 21000 gas, 1 ether to 0x3535..., chain 1). */
static const char kEip155Raw[] =
    "f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080"
    "25a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb7"
    "03304b3800ccf555c9f3dc64214b297fb1966a3b6d83";

static void test_tx(void) {
  lb_tx_params params;
  lb_tx_params read;
  lb_tx* tx = NULL;
  lb_tx* decoded = NULL;
  lb_key* key = NULL;
  lb_bytes32 hash;
  lb_bytes32 keys[2];
  lb_signature signature;
  lb_address from;
  uint8_t raw[256];
  uint8_t expected[256];
  size_t size = 0;
  size_t expected_len = test_unhex(expected, sizeof expected, kEip155Raw);
  char* json = NULL;
  char text[43];
  static const uint8_t kData[] = {0xde, 0xad};

  EXPECT_OK(lb_tx_params_init(&params, LB_TX_PARAMS_VERSION));
  CHECK(params.type == LB_TX_DYNAMIC_FEE && params.data == NULL);
  params.type = LB_TX_LEGACY;
  params.chain_id = 1;
  params.nonce = 9;
  EXPECT_OK(lb_u256_parse(&params.gas_price, "20000000000", 11));
  params.gas_limit = 21000;
  params.has_to = 1;
  memset(params.to.bytes, 0x35, 20);
  EXPECT_OK(lb_u256_parse(&params.value, "1000000000000000000", 19));
  EXPECT_OK(lb_tx_create(&tx, &params));
  EXPECT_OK(lb_tx_signing_hash(tx, &hash));
  CHECK(test_equal_hex(hash.bytes, 32, "daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53"));
  EXPECT_ERR(lb_tx_encode(tx, raw, sizeof raw, &size), LB_ESTATE);
  EXPECT_ERR(lb_tx_hash(tx, &hash), LB_ESTATE);
  EXPECT_ERR(lb_tx_sender(tx, &from), LB_ESTATE);
  EXPECT_ERR(lb_tx_get_signature(tx, &signature), LB_ESTATE);
  EXPECT_ERR(lb_tx_to_json(tx, &json), LB_ESTATE);
  EXPECT_ERR(lb_tx_add_access_entry(tx, &params.to, NULL, 0), LB_EINVAL); /* legacy */
  EXPECT_OK(lb_key_create_from_hex(&key, "4646464646464646464646464646464646464646464646464646464646464646", 64));
  EXPECT_OK(lb_tx_sign(tx, key));
  EXPECT_OK(lb_tx_encode(tx, NULL, 0, &size));
  CHECK(size == expected_len);
  EXPECT_ERR(lb_tx_encode(tx, raw, size - 1, &size), LB_EBUFS);
  CHECK(size == expected_len);
  EXPECT_OK(lb_tx_encode(tx, raw, sizeof raw, &size));
  CHECK(size == expected_len && memcmp(raw, expected, size) == 0);
  EXPECT_OK(lb_tx_sender(tx, &from));
  EXPECT_OK(lb_address_to_checksum(text, &from));
  CHECK(strcmp(text, "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F") == 0);
  EXPECT_OK(lb_tx_get_signature(tx, &signature));
  CHECK(signature.y_parity == 0 && signature.r[0] == 0x28);
  EXPECT_OK(lb_tx_hash(tx, &hash));
  CHECK(test_equal_hex(hash.bytes, 32, "33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea8350788"));
  EXPECT_OK(lb_tx_to_json(tx, &json));
  CHECK(json != NULL && strstr(json, "\"from\":\"0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F\"") != NULL);
  lb_free(json);

  EXPECT_OK(lb_tx_decode(&decoded, expected, expected_len));
  EXPECT_OK(lb_tx_params_init(&read, LB_TX_PARAMS_VERSION));
  EXPECT_OK(lb_tx_get_params(decoded, &read));
  CHECK(read.type == LB_TX_LEGACY && read.chain_id == 1 && read.nonce == 9 && read.gas_limit == 21000);
  CHECK(read.has_to == 1 && memcmp(read.to.bytes, params.to.bytes, 20) == 0 && read.data_len == 0);
  CHECK(memcmp(read.value.bytes, params.value.bytes, 32) == 0);
  EXPECT_OK(lb_tx_sender(decoded, &from));
  EXPECT_OK(lb_address_to_checksum(text, &from));
  CHECK(strcmp(text, "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F") == 0);
  lb_tx_destroy(decoded);
  decoded = NULL;
  EXPECT_ERR(lb_tx_decode(&decoded, expected, expected_len - 1), LB_EDECODE);
  CHECK(decoded == NULL);
  EXPECT_ERR(lb_tx_decode(NULL, expected, expected_len), LB_EINVAL);
  EXPECT_ERR(lb_tx_decode(&decoded, NULL, 3), LB_EINVAL);
  lb_tx_destroy(tx);
  lb_tx_destroy(NULL);

  /* EIP-1559 with data and an access list: decode(encode(x)) reproduces x. */
  EXPECT_OK(lb_tx_params_init(&params, LB_TX_PARAMS_VERSION));
  params.chain_id = 8453;
  params.nonce = 7;
  EXPECT_OK(lb_u256_from_u64(&params.max_priority_fee_per_gas, 1000000));
  EXPECT_OK(lb_u256_from_u64(&params.max_fee_per_gas, 20000000));
  params.gas_limit = 300000;
  params.has_to = 1;
  memset(params.to.bytes, 0xaa, 20);
  params.data = kData;
  params.data_len = sizeof kData;
  EXPECT_OK(lb_tx_create(&tx, &params));
  memset(keys, 0x11, sizeof keys);
  EXPECT_OK(lb_tx_add_access_entry(tx, &params.to, keys, 2));
  EXPECT_ERR(lb_tx_add_access_entry(tx, NULL, keys, 2), LB_EINVAL);
  EXPECT_ERR(lb_tx_add_access_entry(tx, &params.to, NULL, 2), LB_EINVAL);
  EXPECT_ERR(lb_tx_add_access_entry(NULL, &params.to, keys, 2), LB_EINVAL);
  EXPECT_OK(lb_tx_sign(tx, key));
  EXPECT_OK(lb_tx_encode(tx, raw, sizeof raw, &size));
  CHECK(raw[0] == 0x02);
  EXPECT_OK(lb_tx_decode(&decoded, raw, size));
  EXPECT_OK(lb_tx_to_json(decoded, &json));
  CHECK(json != NULL && strstr(json, "\"data\":\"0xdead\"") != NULL && strstr(json, "\"chainId\":\"8453\"") != NULL);
  CHECK(json != NULL && strstr(json, "\"storageKeys\":[\"0x1111") != NULL);
  lb_free(json);
  EXPECT_OK(lb_tx_get_params(decoded, &read));
  CHECK(read.type == LB_TX_DYNAMIC_FEE && read.data_len == 2 && memcmp(read.data, kData, 2) == 0);
  lb_tx_destroy(decoded);
  lb_tx_destroy(tx);

  /* Misuse of create: fields the type does not have, unknown type, version, NULL data. */
  params.data = NULL;
  EXPECT_ERR(lb_tx_create(&tx, &params), LB_EINVAL);
  CHECK(tx == NULL);
  params.data = kData;
  EXPECT_OK(lb_u256_from_u64(&params.gas_price, 1));
  EXPECT_ERR(lb_tx_create(&tx, &params), LB_EINVAL);
  EXPECT_OK(lb_u256_from_u64(&params.gas_price, 0));
  EXPECT_OK(lb_u256_from_u64(&params.max_fee_per_gas, 1)); /* below the priority fee */
  EXPECT_ERR(lb_tx_create(&tx, &params), LB_EINVAL);
  params.type = 3;
  EXPECT_ERR(lb_tx_create(&tx, &params), LB_EINVAL);
  params.version = 2;
  EXPECT_ERR(lb_tx_create(&tx, &params), LB_EUNSUPPORTED);
  EXPECT_ERR(lb_tx_create(NULL, &params), LB_EINVAL);
  EXPECT_ERR(lb_tx_create(&tx, NULL), LB_EINVAL);
  EXPECT_ERR(lb_tx_params_init(&params, 2), LB_EUNSUPPORTED);
  EXPECT_ERR(lb_tx_params_init(NULL, LB_TX_PARAMS_VERSION), LB_EINVAL);
  read.version = 2;
  EXPECT_ERR(lb_tx_get_params(NULL, &read), LB_EINVAL);
  EXPECT_ERR(lb_tx_signing_hash(NULL, &hash), LB_EINVAL);
  EXPECT_ERR(lb_tx_sign(NULL, key), LB_EINVAL);
  EXPECT_ERR(lb_tx_encode(NULL, raw, sizeof raw, &size), LB_EINVAL);
  EXPECT_ERR(lb_tx_hash(NULL, &hash), LB_EINVAL);
  EXPECT_ERR(lb_tx_sender(NULL, &from), LB_EINVAL);
  EXPECT_ERR(lb_tx_get_signature(NULL, &signature), LB_EINVAL);
  EXPECT_ERR(lb_tx_to_json(NULL, &json), LB_EINVAL);

  /* Output pointers NULL on a live transaction. */
  EXPECT_OK(lb_tx_params_init(&params, LB_TX_PARAMS_VERSION));
  EXPECT_OK(lb_tx_create(&tx, &params));
  EXPECT_ERR(lb_tx_sign(tx, NULL), LB_EINVAL);
  EXPECT_ERR(lb_tx_signing_hash(tx, NULL), LB_EINVAL);
  EXPECT_ERR(lb_tx_get_params(tx, NULL), LB_EINVAL);
  EXPECT_ERR(lb_tx_get_params(tx, &read), LB_EUNSUPPORTED); /* read.version is 2 */
  EXPECT_OK(lb_tx_sign(tx, key));
  EXPECT_ERR(lb_tx_encode(tx, raw, sizeof raw, NULL), LB_EINVAL);
  EXPECT_ERR(lb_tx_hash(tx, NULL), LB_EINVAL);
  EXPECT_ERR(lb_tx_sender(tx, NULL), LB_EINVAL);
  EXPECT_ERR(lb_tx_get_signature(tx, NULL), LB_EINVAL);
  EXPECT_ERR(lb_tx_to_json(tx, NULL), LB_EINVAL);
  lb_tx_destroy(tx);
  lb_key_destroy(key);
}

static lb_snapshot* load_snapshot(const char* name) {
  char path[1024];
  lb_snapshot* snapshot = NULL;
  snprintf(path, sizeof path, "%s/%s", g_data_dir, name);
  EXPECT_OK(lb_snapshot_load_file(&snapshot, path));
  return snapshot;
}

static int u256_less(const lb_u256be* a, const lb_u256be* b) { return memcmp(a->bytes, b->bytes, 32) < 0; }

static const char kWeth[] = "0x4200000000000000000000000000000000000006";
static const char kUsdc[] = "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913";

static void test_snapshot(void) {
  lb_snapshot* snapshot = load_snapshot("worked_v36.json");
  lb_snapshot* again = NULL;
  lb_account_data data;
  lb_account_data reloaded;
  lb_account_data shocked;
  lb_plan plan;
  lb_plan_options options;
  lb_liquidation_price price;
  lb_price_change change;
  lb_address weth;
  lb_address usdc;
  lb_address user;
  lb_address unknown;
  lb_u256be target;
  lb_u256be one;
  uint64_t timestamp = 0;
  int64_t drop = 0;
  char* json = NULL;
  char text[43];

  CHECK(snapshot != NULL);
  EXPECT_OK(lb_address_parse(&weth, kWeth, sizeof kWeth - 1));
  EXPECT_OK(lb_address_parse(&usdc, kUsdc, sizeof kUsdc - 1));
  memset(unknown.bytes, 0x77, 20);
  EXPECT_OK(lb_snapshot_user(snapshot, &user, &timestamp));
  EXPECT_OK(lb_address_to_checksum(text, &user));
  CHECK(strcmp(text, "0x00000000000000000000000000000000000000A1") == 0 && timestamp == 1760000000);
  EXPECT_OK(lb_snapshot_user(snapshot, NULL, NULL));
  EXPECT_ERR(lb_snapshot_user(NULL, &user, &timestamp), LB_EINVAL);

  EXPECT_OK(lb_snapshot_evaluate(snapshot, &data));
  EXPECT_OK(lb_u256_parse(&one, "1000000000000000000", 19));
  CHECK(!u256_less(&data.health_factor, &one)); /* healthy at the snapshot */
  EXPECT_ERR(lb_snapshot_evaluate(NULL, &data), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_evaluate(snapshot, NULL), LB_EINVAL);

  /* JSON round trip. */
  EXPECT_OK(lb_snapshot_to_json(snapshot, &json));
  EXPECT_OK(lb_snapshot_load_json(&again, json, strlen(json)));
  EXPECT_OK(lb_snapshot_evaluate(again, &reloaded));
  CHECK(memcmp(&reloaded, &data, sizeof data) == 0);
  lb_snapshot_destroy(again);
  again = (lb_snapshot*)&data;
  EXPECT_ERR(lb_snapshot_load_json(&again, json, strlen(json) / 2), LB_EDECODE);
  CHECK(again == NULL);
  lb_free(json);
  EXPECT_ERR(lb_snapshot_load_json(&again, "{\"format\":\"liquidbot.snapshot/1\"}", 33), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_load_json(NULL, "{}", 2), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_load_json(&again, NULL, 2), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_load_file(&again, "/nonexistent/liquidbot/snapshot.json"), LB_EIO);
  EXPECT_ERR(lb_snapshot_load_file(NULL, "x"), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_load_file(&again, NULL), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_to_json(NULL, &json), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_to_json(snapshot, NULL), LB_EINVAL);
  lb_snapshot_destroy(NULL);

  /* Repay to a target above the current HF: the plan reaches it and starts from evaluate(). */
  EXPECT_OK(lb_u256_parse(&target, "3000000000000000000", 19));
  EXPECT_OK(lb_snapshot_plan_repay(snapshot, &plan, &usdc, &target, NULL));
  CHECK(memcmp(&plan.before, &data, sizeof data) == 0);
  CHECK(!u256_less(&plan.after.health_factor, &target));
  EXPECT_OK(lb_plan_options_init(&options, LB_PLAN_OPTIONS_VERSION));
  CHECK(options.version == LB_PLAN_OPTIONS_VERSION && options.delay_seconds == 0 && options.has_max_amount == 0);
  options.has_max_amount = 1;
  EXPECT_OK(lb_u256_from_u64(&options.max_amount, 1));
  EXPECT_ERR(lb_snapshot_plan_repay(snapshot, &plan, &usdc, &target, &options), LB_EUNREACHABLE);
  options.version = 9;
  EXPECT_ERR(lb_snapshot_plan_repay(snapshot, &plan, &usdc, &target, &options), LB_EUNSUPPORTED);
  EXPECT_ERR(lb_snapshot_plan_repay(snapshot, &plan, &unknown, &target, NULL), LB_ENOTFOUND);
  EXPECT_ERR(lb_snapshot_plan_repay(NULL, &plan, &usdc, &target, NULL), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_plan_repay(snapshot, NULL, &usdc, &target, NULL), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_plan_repay(snapshot, &plan, NULL, &target, NULL), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_plan_repay(snapshot, &plan, &usdc, NULL, NULL), LB_EINVAL);
  EXPECT_ERR(lb_plan_options_init(&options, 9), LB_EUNSUPPORTED);
  EXPECT_ERR(lb_plan_options_init(NULL, LB_PLAN_OPTIONS_VERSION), LB_EINVAL);

  EXPECT_OK(lb_snapshot_plan_supply(snapshot, &plan, &weth, &target, NULL));
  CHECK(!u256_less(&plan.after.health_factor, &target));
  EXPECT_ERR(lb_snapshot_plan_supply(snapshot, &plan, &unknown, &target, NULL), LB_ENOTFOUND);
  EXPECT_ERR(lb_snapshot_plan_supply(NULL, &plan, &weth, &target, NULL), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_plan_supply(snapshot, NULL, &weth, &target, NULL), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_plan_supply(snapshot, &plan, NULL, &target, NULL), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_plan_supply(snapshot, &plan, &weth, NULL, NULL), LB_EINVAL);

  EXPECT_OK(lb_snapshot_max_safe_withdrawal(snapshot, &plan, &weth, &one, NULL));
  CHECK(!u256_less(&plan.after.health_factor, &one));
  EXPECT_ERR(lb_snapshot_max_safe_withdrawal(snapshot, &plan, &unknown, &one, NULL), LB_ENOTFOUND);
  EXPECT_ERR(lb_snapshot_max_safe_withdrawal(NULL, &plan, &weth, &one, NULL), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_max_safe_withdrawal(snapshot, NULL, &weth, &one, NULL), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_max_safe_withdrawal(snapshot, &plan, NULL, &one, NULL), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_max_safe_withdrawal(snapshot, &plan, &weth, NULL, NULL), LB_EINVAL);

  /* Supply cap: none on this snapshot's reserves; capped_v36.json caps WETH at 5000 with totals. */
  {
    uint8_t has_cap = 9;
    lb_u256be room, later;
    lb_snapshot* capped = load_snapshot("capped_v36.json");
    EXPECT_OK(lb_snapshot_supply_cap_headroom(snapshot, &has_cap, &room, &weth, 0));
    CHECK(has_cap == 0);
    EXPECT_OK(lb_snapshot_supply_cap_headroom(capped, &has_cap, &room, &weth, 0));
    CHECK(has_cap == 1);
    EXPECT_OK(lb_snapshot_supply_cap_headroom(capped, &has_cap, &later, &weth, 86400));
    CHECK(u256_less(&later, &room)); /* interest and the treasury's share fill the cap over time */
    EXPECT_ERR(lb_snapshot_supply_cap_headroom(capped, &has_cap, &room, &unknown, 0), LB_ENOTFOUND);
    EXPECT_ERR(lb_snapshot_supply_cap_headroom(NULL, &has_cap, &room, &weth, 0), LB_EINVAL);
    EXPECT_ERR(lb_snapshot_supply_cap_headroom(capped, NULL, &room, &weth, 0), LB_EINVAL);
    EXPECT_ERR(lb_snapshot_supply_cap_headroom(capped, &has_cap, NULL, &weth, 0), LB_EINVAL);
    EXPECT_ERR(lb_snapshot_supply_cap_headroom(capped, &has_cap, &room, NULL, 0), LB_EINVAL);
    lb_snapshot_destroy(capped);
  }

  /* Liquidation price of WETH: below the current price, and HF < 1 there. */
  EXPECT_OK(lb_snapshot_liquidation_price(snapshot, &price, &weth));
  CHECK(price.has_price == 1 && u256_less(&price.price, &price.current_price));
  CHECK(u256_less(&price.at_price.health_factor, &one));
  EXPECT_ERR(lb_snapshot_liquidation_price(snapshot, &price, &unknown), LB_ENOTFOUND);
  EXPECT_ERR(lb_snapshot_liquidation_price(NULL, &price, &weth), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_liquidation_price(snapshot, NULL, &weth), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_liquidation_price(snapshot, &price, NULL), LB_EINVAL);

  /* Shocks: none reproduces evaluate(); -50% WETH lowers the HF; below -100% is invalid. */
  EXPECT_OK(lb_snapshot_shock(snapshot, &shocked, NULL, 0));
  CHECK(memcmp(&shocked, &data, sizeof data) == 0);
  change.asset = weth;
  change.change_ppb = -500000000;
  EXPECT_OK(lb_snapshot_shock(snapshot, &shocked, &change, 1));
  CHECK(u256_less(&shocked.health_factor, &data.health_factor));
  change.change_ppb = -1000000001;
  EXPECT_ERR(lb_snapshot_shock(snapshot, &shocked, &change, 1), LB_EINVAL);
  change.asset = unknown;
  change.change_ppb = 0;
  EXPECT_ERR(lb_snapshot_shock(snapshot, &shocked, &change, 1), LB_ENOTFOUND);
  EXPECT_ERR(lb_snapshot_shock(snapshot, &shocked, NULL, 1), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_shock(NULL, &shocked, NULL, 0), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_shock(snapshot, NULL, NULL, 0), LB_EINVAL);

  EXPECT_OK(lb_snapshot_min_collateral_drop(snapshot, &drop, &shocked));
  CHECK(drop > 0 && drop < 1000000000 && u256_less(&shocked.health_factor, &one));
  EXPECT_OK(lb_snapshot_min_collateral_drop(snapshot, &drop, NULL));
  EXPECT_ERR(lb_snapshot_min_collateral_drop(NULL, &drop, NULL), LB_EINVAL);
  EXPECT_ERR(lb_snapshot_min_collateral_drop(snapshot, NULL, NULL), LB_EINVAL);
  lb_snapshot_destroy(snapshot);
}

static void test_batch(void) {
  lb_snapshot* snapshot = load_snapshot("worked_v36.json");
  lb_market* market = NULL;
  lb_userbook* book = NULL;
  lb_batch_options options;
  lb_account_data single;
  lb_account_data shocked;
  lb_account_data data[3];
  lb_status status[3];
  lb_price_change change;
  lb_u256be half_price;
  uint32_t index = 99;
  size_t size = 0;
  size_t i;

  EXPECT_OK(lb_snapshot_evaluate(snapshot, &single));
  EXPECT_OK(lb_market_create(&market, snapshot));
  EXPECT_OK(lb_userbook_create(&book));
  for (i = 0; i < 3; ++i) {
    EXPECT_OK(lb_userbook_add(book, &index, market, snapshot));
    CHECK(index == i);
  }
  EXPECT_OK(lb_userbook_size(book, &size));
  CHECK(size == 3);
  EXPECT_OK(lb_batch_options_init(&options, LB_BATCH_OPTIONS_VERSION));
  CHECK(options.threads == 1);
  options.threads = 2;
  EXPECT_OK(lb_batch_evaluate(market, book, data, status, 3, &options));
  for (i = 0; i < 3; ++i) CHECK(status[i] == LB_OK && memcmp(&data[i], &single, sizeof single) == 0);
  EXPECT_OK(lb_batch_evaluate(market, book, data, status, 3, NULL));

  /* Re-pricing WETH to half its price gives the single path's -50% shock. */
  change.change_ppb = -500000000;
  EXPECT_OK(lb_address_parse(&change.asset, kWeth, sizeof kWeth - 1));
  EXPECT_OK(lb_snapshot_shock(snapshot, &shocked, &change, 1));
  EXPECT_OK(lb_u256_parse(&half_price, "150006172839", 12));
  EXPECT_OK(lb_batch_reprice(market, book, 0, &half_price, data, status, 3, &options));
  for (i = 0; i < 3; ++i) CHECK(status[i] == LB_OK && memcmp(&data[i], &shocked, sizeof shocked) == 0);

  EXPECT_OK(lb_market_set_price(market, 0, &half_price));
  EXPECT_ERR(lb_market_set_price(market, 99, &half_price), LB_ENOTFOUND);
  EXPECT_ERR(lb_market_set_price(NULL, 0, &half_price), LB_EINVAL);
  EXPECT_ERR(lb_market_set_price(market, 0, NULL), LB_EINVAL);
  EXPECT_OK(lb_market_set_timestamp(market, 1760000000));
  EXPECT_ERR(lb_market_set_timestamp(NULL, 1), LB_EINVAL);

  EXPECT_ERR(lb_batch_evaluate(market, book, data, status, 2, NULL), LB_EINVAL);
  EXPECT_ERR(lb_batch_evaluate(market, book, NULL, status, 3, NULL), LB_EINVAL);
  EXPECT_ERR(lb_batch_evaluate(market, book, data, NULL, 3, NULL), LB_EINVAL);
  EXPECT_ERR(lb_batch_evaluate(NULL, book, data, status, 3, NULL), LB_EINVAL);
  EXPECT_ERR(lb_batch_evaluate(market, NULL, data, status, 3, NULL), LB_EINVAL);
  options.threads = 257;
  EXPECT_ERR(lb_batch_evaluate(market, book, data, status, 3, &options), LB_EINVAL);
  options.version = 7;
  EXPECT_ERR(lb_batch_evaluate(market, book, data, status, 3, &options), LB_EUNSUPPORTED);
  EXPECT_ERR(lb_batch_reprice(market, book, 0, &half_price, data, status, 3, &options), LB_EUNSUPPORTED);
  EXPECT_ERR(lb_batch_reprice(market, book, 0, &half_price, data, status, 1, NULL), LB_EINVAL);
  EXPECT_ERR(lb_batch_reprice(market, book, 0, NULL, data, status, 3, NULL), LB_EINVAL);
  EXPECT_ERR(lb_batch_reprice(NULL, book, 0, &half_price, data, status, 3, NULL), LB_EINVAL);
  EXPECT_ERR(lb_batch_reprice(market, NULL, 0, &half_price, data, status, 3, NULL), LB_EINVAL);
  EXPECT_ERR(lb_batch_reprice(market, book, 0, &half_price, NULL, status, 3, NULL), LB_EINVAL);
  EXPECT_ERR(lb_batch_reprice(market, book, 99, &half_price, data, status, 3, NULL), LB_ENOTFOUND);
  EXPECT_ERR(lb_batch_options_init(&options, 7), LB_EUNSUPPORTED);
  EXPECT_ERR(lb_batch_options_init(NULL, LB_BATCH_OPTIONS_VERSION), LB_EINVAL);
  EXPECT_ERR(lb_userbook_add(book, &index, market, NULL), LB_EINVAL);
  EXPECT_ERR(lb_userbook_add(book, &index, NULL, snapshot), LB_EINVAL);
  EXPECT_ERR(lb_userbook_add(NULL, &index, market, snapshot), LB_EINVAL);
  EXPECT_ERR(lb_userbook_size(NULL, &size), LB_EINVAL);
  EXPECT_ERR(lb_userbook_size(book, NULL), LB_EINVAL);
  EXPECT_ERR(lb_userbook_create(NULL), LB_EINVAL);
  EXPECT_ERR(lb_market_create(NULL, snapshot), LB_EINVAL);
  lb_market_destroy(market);
  lb_market_destroy(NULL);
  market = (lb_market*)&single; /* must be reset to NULL on failure */
  EXPECT_ERR(lb_market_create(&market, NULL), LB_EINVAL);
  CHECK(market == NULL);
  lb_userbook_destroy(book);
  lb_userbook_destroy(NULL);
  lb_snapshot_destroy(snapshot);
}

static void test_signer(void) {
  lb_signer* signer = NULL;
  lb_tx* tx = NULL;
  lb_tx_params params;
  lb_address address;
  lb_address from;
  char text[43];
  EXPECT_OK(lb_signer_create_from_hex(&signer, " 0x4646464646464646464646464646464646464646464646464646464646464646\n", 68));
  EXPECT_OK(lb_signer_address(signer, &address));
  EXPECT_OK(lb_address_to_checksum(text, &address));
  CHECK(strcmp(text, "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F") == 0);
  CHECK(strcmp(lb_signer_kind(signer), "local") == 0);
  EXPECT_OK(lb_tx_params_init(&params, LB_TX_PARAMS_VERSION));
  params.chain_id = 8453;
  params.gas_limit = 21000;
  EXPECT_OK(lb_tx_create(&tx, &params));
  EXPECT_OK(lb_signer_sign_tx(signer, tx));
  EXPECT_OK(lb_tx_sender(tx, &from));
  CHECK(memcmp(from.bytes, address.bytes, 20) == 0);
  EXPECT_ERR(lb_signer_sign_tx(NULL, tx), LB_EINVAL);
  EXPECT_ERR(lb_signer_sign_tx(signer, NULL), LB_EINVAL);
  EXPECT_ERR(lb_signer_address(NULL, &address), LB_EINVAL);
  EXPECT_ERR(lb_signer_address(signer, NULL), LB_EINVAL);
  lb_tx_destroy(tx);
  lb_signer_destroy(signer);
  lb_signer_destroy(NULL);
  signer = (lb_signer*)&address;
  EXPECT_ERR(lb_signer_create_from_hex(&signer, "0x12", 4), LB_EINVAL);
  CHECK(signer == NULL && strstr(lb_last_error_message(), "12") == NULL);
  EXPECT_ERR(lb_signer_create_from_hex(NULL, "0x12", 4), LB_EINVAL);
  EXPECT_ERR(lb_signer_create_from_hex(&signer, NULL, 4), LB_EINVAL);
  EXPECT_ERR(lb_signer_create_from_env(&signer, "LIQUIDBOT_CAPI_TEST_UNSET_VARIABLE"), LB_ENOTFOUND);
  EXPECT_ERR(lb_signer_create_from_env(NULL, NULL), LB_EINVAL);
  EXPECT_ERR(lb_signer_create_from_keystore(&signer, "/nonexistent/liquidbot/keystore.json", "pw", 2), LB_EIO);
  EXPECT_ERR(lb_signer_create_from_keystore(NULL, "/x", "pw", 2), LB_EINVAL);
  EXPECT_ERR(lb_signer_create_from_keystore(&signer, NULL, "pw", 2), LB_EINVAL);
  EXPECT_ERR(lb_signer_create_from_keystore(&signer, "/x", NULL, 2), LB_EINVAL);
  CHECK(strcmp(lb_signer_kind(NULL), "") == 0);

  /* Remote signers: argument checks, and an endpoint that refuses connections. */
  {
    lb_rpc_options options;
    EXPECT_ERR(lb_signer_create_remote(NULL, NULL, &address), LB_EINVAL);
    signer = (lb_signer*)&address;
    EXPECT_ERR(lb_signer_create_remote(&signer, NULL, &address), LB_EINVAL);
    CHECK(signer == NULL);
    EXPECT_ERR(lb_signer_create_remote_url(NULL, "http://127.0.0.1:9/", &address, NULL), LB_EINVAL);
    EXPECT_ERR(lb_signer_create_remote_url(&signer, NULL, &address, NULL), LB_EINVAL);
    EXPECT_ERR(lb_signer_create_remote_url(&signer, "http://127.0.0.1:9/", NULL, NULL), LB_EINVAL);
    EXPECT_OK(lb_rpc_options_init(&options, LB_RPC_OPTIONS_VERSION));
    options.max_attempts = 1;
    options.connect_timeout_ms = 500;
    options.total_timeout_ms = 1000;
    options.has_expected_chain_id = 1;
    options.expected_chain_id = 8453;
    CHECK(lb_signer_create_remote_url(&signer, "http://127.0.0.1:9/", &address, &options) < 0 && signer == NULL);
    CHECK(strncmp(lb_last_error_message(), "lb_signer_create_remote_url: ", 29) == 0);
    options.version = 9;
    EXPECT_ERR(lb_signer_create_remote_url(&signer, "http://127.0.0.1:9/", &address, &options), LB_EUNSUPPORTED);
    options.version = LB_RPC_OPTIONS_VERSION;
    options.max_attempts = 0;
    EXPECT_ERR(lb_signer_create_remote_url(&signer, "http://127.0.0.1:9/", &address, &options), LB_EINVAL);
  }
}

static void test_store(void) {
  lb_store* store = NULL;
  lb_enrollment e;
  lb_enrollment list[4];
  lb_intent_spec spec;
  lb_tx_attempt attempts[2];
  lb_intervention iv;
  lb_intervention ivs[2];
  lb_address user;
  lb_address other;
  char id[LB_INTENT_ID_SIZE];
  char again[LB_INTENT_ID_SIZE];
  char reason[64];
  size_t count = 99;
  size_t size = 0;
  uint32_t version = 0;
  int32_t state = -1;
  int created = -1;
  uint64_t nonce = 7;

  EXPECT_OK(lb_store_open(&store, ":memory:"));
  if (store == NULL) return;
  EXPECT_OK(lb_store_schema_version(store, &version));
  CHECK(version >= 2);
  EXPECT_ERR(lb_store_schema_version(NULL, &version), LB_EINVAL);
  EXPECT_ERR(lb_store_schema_version(store, NULL), LB_EINVAL);

  /* Enrollments: insert, read back, list with a size query and a short array, unenroll. */
  memset(&e, 0, sizeof e);
  memset(user.bytes, 0x11, 20);
  memset(other.bytes, 0x22, 20);
  e.chain_id = 8453;
  e.user = user;
  EXPECT_OK(lb_u256_parse(&e.target_hf, "1300000000000000000", 19));
  EXPECT_OK(lb_u256_parse(&e.act_threshold, "1050000000000000000", 19));
  EXPECT_OK(lb_u256_from_u64(&e.max_cost, 5000000000ULL));
  e.strategies = LB_STRATEGY_REPAY | LB_STRATEGY_SUPPLY;
  e.active = 1;
  EXPECT_OK(lb_store_enroll(store, &e));
  e.user = other;
  e.strategies = LB_STRATEGY_ALL;
  EXPECT_OK(lb_store_enroll(store, &e));
  EXPECT_OK(lb_store_active_enrollments(store, NULL, 0, &count, 8453));
  CHECK(count == 2);
  EXPECT_ERR(lb_store_active_enrollments(store, list, 1, &count, 8453), LB_EBUFS);
  CHECK(count == 2);
  EXPECT_OK(lb_store_active_enrollments(store, list, 4, &count, 8453));
  CHECK(count == 2 && memcmp(list[0].user.bytes, user.bytes, 20) == 0 &&
        memcmp(list[1].user.bytes, other.bytes, 20) == 0);
  CHECK(list[0].strategies == (LB_STRATEGY_REPAY | LB_STRATEGY_SUPPLY) && list[0].active == 1 &&
        list[0].chain_id == 8453 && list[0].created_at_ms > 0);
  CHECK(memcmp(&list[0].target_hf, &e.target_hf, 32) == 0 && memcmp(&list[0].max_cost, &e.max_cost, 32) == 0);
  EXPECT_OK(lb_store_active_enrollments(store, list, 4, &count, 1));
  CHECK(count == 0);
  EXPECT_OK(lb_store_unenroll(store, 8453, &other));
  EXPECT_OK(lb_store_get_enrollment(store, &list[2], 8453, &other));
  CHECK(list[2].active == 0 && list[2].strategies == LB_STRATEGY_ALL);
  EXPECT_OK(lb_store_active_enrollments(store, list, 4, &count, 8453));
  CHECK(count == 1);
  EXPECT_ERR(lb_store_unenroll(store, 1, &other), LB_ENOTFOUND);
  EXPECT_ERR(lb_store_get_enrollment(store, &list[2], 1, &other), LB_ENOTFOUND);
  e.strategies = 0;
  EXPECT_ERR(lb_store_enroll(store, &e), LB_EINVAL);
  e.strategies = 8;
  EXPECT_ERR(lb_store_enroll(store, &e), LB_EINVAL);
  e.strategies = LB_STRATEGY_REPAY;
  e.active = 2;
  EXPECT_ERR(lb_store_enroll(store, &e), LB_EINVAL);
  EXPECT_ERR(lb_store_enroll(NULL, &e), LB_EINVAL);
  EXPECT_ERR(lb_store_enroll(store, NULL), LB_EINVAL);
  EXPECT_ERR(lb_store_unenroll(NULL, 8453, &user), LB_EINVAL);
  EXPECT_ERR(lb_store_unenroll(store, 8453, NULL), LB_EINVAL);
  EXPECT_ERR(lb_store_get_enrollment(NULL, &e, 8453, &user), LB_EINVAL);
  EXPECT_ERR(lb_store_get_enrollment(store, NULL, 8453, &user), LB_EINVAL);
  EXPECT_ERR(lb_store_get_enrollment(store, &e, 8453, NULL), LB_EINVAL);
  EXPECT_ERR(lb_store_active_enrollments(NULL, list, 4, &count, 8453), LB_EINVAL);
  EXPECT_ERR(lb_store_active_enrollments(store, list, 4, NULL, 8453), LB_EINVAL);

  /* Intent ids: deterministic, 0x + 64 hex digits, depend on every input. */
  EXPECT_OK(lb_intent_id(id, 8453, &user, "hf<act@block:100"));
  CHECK(strlen(id) == 66 && id[0] == '0' && id[1] == 'x');
  EXPECT_OK(lb_intent_id(again, 8453, &user, "hf<act@block:100"));
  CHECK(strcmp(id, again) == 0);
  EXPECT_OK(lb_intent_id(again, 8453, &user, "hf<act@block:101"));
  CHECK(strcmp(id, again) != 0);
  EXPECT_OK(lb_intent_id(again, 1, &user, "hf<act@block:100"));
  CHECK(strcmp(id, again) != 0);
  EXPECT_ERR(lb_intent_id(NULL, 8453, &user, "t"), LB_EINVAL);
  EXPECT_ERR(lb_intent_id(id, 8453, NULL, "t"), LB_EINVAL);
  EXPECT_ERR(lb_intent_id(id, 8453, &user, NULL), LB_EINVAL);
  CHECK(strcmp(lb_intent_state_name(LB_INTENT_PLANNED), "planned") == 0);
  CHECK(strcmp(lb_intent_state_name(LB_INTENT_GIVEN_UP), "given_up") == 0);
  CHECK(strcmp(lb_intent_state_name(7), "unknown") == 0);
  CHECK(strcmp(lb_intent_state_name(-1), "unknown") == 0);

  /* Intents: create once per trigger, lifecycle steps, reason text. */
  EXPECT_OK(lb_intent_spec_init(&spec, LB_INTENT_SPEC_VERSION));
  CHECK(spec.state == LB_INTENT_PLANNED && spec.trigger == NULL && spec.has_nonce == 0);
  spec.chain_id = 8453;
  spec.user = user;
  spec.trigger = "hf<act@block:100";
  spec.strategy = "repay";
  spec.signer = other;
  spec.payload = "{\"amount\":\"1\"}";
  EXPECT_OK(lb_store_create_intent(store, again, &created, &spec));
  CHECK(created == 1 && strcmp(again, id) == 0);
  EXPECT_OK(lb_store_create_intent(store, NULL, &created, &spec));
  CHECK(created == 0);
  EXPECT_OK(lb_store_intent_state(store, &state, id));
  CHECK(state == LB_INTENT_PLANNED);
  EXPECT_OK(lb_store_transition_intent(store, id, LB_INTENT_SIMULATED, "gas 21000", NULL));
  EXPECT_ERR(lb_store_transition_intent(store, id, LB_INTENT_PLANNED, NULL, NULL), LB_ESTATE);
  EXPECT_OK(lb_store_intent_reason(store, NULL, 0, &size, id));
  CHECK(size == 10);
  EXPECT_ERR(lb_store_intent_reason(store, reason, 9, &size, id), LB_EBUFS);
  CHECK(size == 10);
  EXPECT_OK(lb_store_intent_reason(store, reason, sizeof reason, &size, id));
  CHECK(strcmp(reason, "gas 21000") == 0);
  EXPECT_OK(lb_store_transition_intent(store, id, LB_INTENT_FAILED, "simulation reverted", &nonce));
  EXPECT_OK(lb_store_intent_state(store, &state, id));
  CHECK(state == LB_INTENT_FAILED);
  EXPECT_ERR(lb_store_intent_state(store, &state, "0x00"), LB_ENOTFOUND);
  EXPECT_ERR(lb_store_intent_reason(store, reason, sizeof reason, &size, "0x00"), LB_ENOTFOUND);
  EXPECT_ERR(lb_store_transition_intent(store, "0x00", LB_INTENT_SENT, NULL, NULL), LB_ENOTFOUND);
  EXPECT_ERR(lb_store_transition_intent(store, id, 9, NULL, NULL), LB_EINVAL);
  EXPECT_ERR(lb_store_transition_intent(NULL, id, LB_INTENT_SENT, NULL, NULL), LB_EINVAL);
  EXPECT_ERR(lb_store_transition_intent(store, NULL, LB_INTENT_SENT, NULL, NULL), LB_EINVAL);
  EXPECT_ERR(lb_store_intent_state(NULL, &state, id), LB_EINVAL);
  EXPECT_ERR(lb_store_intent_state(store, NULL, id), LB_EINVAL);
  EXPECT_ERR(lb_store_intent_state(store, &state, NULL), LB_EINVAL);
  EXPECT_ERR(lb_store_intent_reason(NULL, reason, sizeof reason, &size, id), LB_EINVAL);
  EXPECT_ERR(lb_store_intent_reason(store, reason, sizeof reason, NULL, id), LB_EINVAL);
  EXPECT_ERR(lb_store_intent_reason(store, reason, sizeof reason, &size, NULL), LB_EINVAL);
  spec.trigger = "";
  EXPECT_ERR(lb_store_create_intent(store, id, &created, &spec), LB_EINVAL);
  spec.trigger = "t2";
  spec.strategy = "borrow";
  EXPECT_ERR(lb_store_create_intent(store, id, &created, &spec), LB_EINVAL);
  spec.strategy = NULL;
  EXPECT_ERR(lb_store_create_intent(store, id, &created, &spec), LB_EINVAL);
  spec.strategy = "supply";
  spec.state = 12;
  EXPECT_ERR(lb_store_create_intent(store, id, &created, &spec), LB_EINVAL);
  spec.state = LB_INTENT_SIMULATED;
  spec.version = 5;
  EXPECT_ERR(lb_store_create_intent(store, id, &created, &spec), LB_EUNSUPPORTED);
  spec.version = LB_INTENT_SPEC_VERSION;
  EXPECT_ERR(lb_store_create_intent(NULL, id, &created, &spec), LB_EINVAL);
  EXPECT_ERR(lb_store_create_intent(store, id, &created, NULL), LB_EINVAL);
  EXPECT_ERR(lb_intent_spec_init(&spec, 5), LB_EUNSUPPORTED);
  EXPECT_ERR(lb_intent_spec_init(NULL, LB_INTENT_SPEC_VERSION), LB_EINVAL);

  /* Attempts: none for a fresh intent. */
  EXPECT_OK(lb_store_attempts(store, attempts, 2, &count, id));
  CHECK(count == 0);
  EXPECT_OK(lb_store_attempts(store, NULL, 0, &count, "0x00"));
  CHECK(count == 0);
  EXPECT_ERR(lb_store_attempts(NULL, attempts, 2, &count, id), LB_EINVAL);
  EXPECT_ERR(lb_store_attempts(store, attempts, 2, NULL, id), LB_EINVAL);
  EXPECT_ERR(lb_store_attempts(store, attempts, 2, &count, NULL), LB_EINVAL);

  /* Interventions: record one for the intent and read it back field by field. */
  memset(&iv, 0, sizeof iv);
  memcpy(iv.intent_id, id, LB_INTENT_ID_SIZE);
  iv.chain_id = 8453;
  iv.user = user;
  iv.strategy = LB_STRATEGY_REPAY;
  memset(iv.tx_hash.bytes, 0xab, 32);
  iv.block_number = 1234;
  iv.success = 1;
  EXPECT_OK(lb_u256_parse(&iv.hf_before, "1040000000000000000", 19));
  EXPECT_OK(lb_u256_parse(&iv.hf_after, "1300000000000000000", 19));
  iv.gas_used = 150000;
  EXPECT_OK(lb_u256_from_u64(&iv.effective_gas_price, 1000000));
  EXPECT_OK(lb_u256_from_u64(&iv.l1_fee, 42));
  EXPECT_OK(lb_u256_from_u64(&iv.total_cost_wei, 150000000042ULL));
  EXPECT_OK(lb_u256_from_u64(&iv.service_fee, 1000));
  iv.has_service_fee_asset = 1;
  iv.service_fee_asset = other;
  EXPECT_OK(lb_store_record_intervention(store, &iv));
  EXPECT_OK(lb_store_interventions(store, NULL, 0, &count, 8453));
  CHECK(count == 1);
  EXPECT_ERR(lb_store_interventions(store, ivs, 0, &count, 8453), LB_EBUFS);
  EXPECT_OK(lb_store_interventions(store, ivs, 2, &count, 8453));
  CHECK(count == 1 && ivs[0].recorded_at_ms > 0);
  ivs[0].recorded_at_ms = 0;
  CHECK(memcmp(&ivs[0], &iv, sizeof iv) == 0);
  EXPECT_OK(lb_store_interventions(store, ivs, 2, &count, 1));
  CHECK(count == 0);
  /* The intent must exist (foreign key). */
  EXPECT_OK(lb_intent_id(iv.intent_id, 8453, &other, "never created"));
  EXPECT_ERR(lb_store_record_intervention(store, &iv), LB_EIO);
  iv.strategy = LB_STRATEGY_REPAY | LB_STRATEGY_SUPPLY;
  EXPECT_ERR(lb_store_record_intervention(store, &iv), LB_EINVAL);
  iv.strategy = LB_STRATEGY_SUPPLY;
  memset(iv.intent_id, 'a', LB_INTENT_ID_SIZE);
  EXPECT_ERR(lb_store_record_intervention(store, &iv), LB_EINVAL);
  EXPECT_ERR(lb_store_record_intervention(NULL, &iv), LB_EINVAL);
  EXPECT_ERR(lb_store_record_intervention(store, NULL), LB_EINVAL);
  EXPECT_ERR(lb_store_interventions(NULL, ivs, 2, &count, 8453), LB_EINVAL);
  EXPECT_ERR(lb_store_interventions(store, ivs, 2, NULL, 8453), LB_EINVAL);
  lb_store_destroy(store);
  lb_store_destroy(NULL);

  store = (lb_store*)&e;
  EXPECT_ERR(lb_store_open(&store, "/nonexistent/liquidbot/dir/store.db"), LB_EIO);
  CHECK(store == NULL);
  EXPECT_ERR(lb_store_open(NULL, ":memory:"), LB_EINVAL);
  EXPECT_ERR(lb_store_open(&store, NULL), LB_EINVAL);
}

/* Nonce managers and senders without a network: options and misuse. The chain test sends for real. */
static void test_sender(void) {
  lb_sender_options options;
  lb_sender* sender = NULL;
  lb_nonces* nonces = NULL;
  lb_store* store = NULL;
  lb_signer* signer = NULL;
  lb_tx* tx = NULL;
  lb_tx_params params;
  lb_track_result result;
  lb_nonce_gaps gaps;
  lb_address address;
  char text[32];
  size_t size = 0;
  uint64_t value = 0;

  EXPECT_OK(lb_sender_options_init(&options, LB_SENDER_OPTIONS_VERSION));
  CHECK(options.blocks_before_replacement == 2 && options.max_attempts == 5 && options.transport_retries == 3 &&
        options.nonce_retries == 2 && options.bump_percent == 13 && options.fee_history_blocks == 10 &&
        options.fee_reward_percentile == 80.0);
  EXPECT_OK(lb_u256_to_dec(text, sizeof text, &size, &options.max_fee_per_gas_cap));
  CHECK(strcmp(text, "100000000000") == 0);
  EXPECT_ERR(lb_sender_options_init(&options, 2), LB_EUNSUPPORTED);
  EXPECT_ERR(lb_sender_options_init(NULL, LB_SENDER_OPTIONS_VERSION), LB_EINVAL);
  CHECK(strcmp(lb_track_state_name(LB_TRACK_PENDING), "pending") == 0);
  CHECK(strcmp(lb_track_state_name(LB_TRACK_INCLUDED), "included") == 0);
  CHECK(strcmp(lb_track_state_name(LB_TRACK_GIVEN_UP), "given_up") == 0);
  CHECK(strcmp(lb_track_state_name(5), "unknown") == 0);

  EXPECT_OK(lb_store_open(&store, ":memory:"));
  EXPECT_OK(lb_signer_create_from_hex(&signer, kCowKey, 64));
  EXPECT_OK(lb_signer_address(signer, &address));
  /* A client is required: every creation without one is refused before any network use. */
  sender = (lb_sender*)&options;
  EXPECT_ERR(lb_sender_create(&sender, NULL, signer, store, NULL, &options), LB_EINVAL);
  CHECK(sender == NULL);
  EXPECT_ERR(lb_sender_create(NULL, NULL, signer, store, NULL, NULL), LB_EINVAL);
  nonces = (lb_nonces*)&options;
  EXPECT_ERR(lb_nonces_create(&nonces, NULL, store, 8453, &address), LB_EINVAL);
  CHECK(nonces == NULL);
  EXPECT_ERR(lb_nonces_create(NULL, NULL, store, 8453, &address), LB_EINVAL);
  EXPECT_ERR(lb_nonces_acquire(NULL, &value), LB_EINVAL);
  EXPECT_ERR(lb_nonces_release(NULL, 1), LB_EINVAL);
  EXPECT_ERR(lb_nonces_resync(NULL, &value), LB_EINVAL);
  EXPECT_ERR(lb_nonces_peek_next(NULL, &value), LB_EINVAL);
  EXPECT_ERR(lb_nonces_detect_gaps(NULL, &gaps), LB_EINVAL);
  lb_nonces_destroy(NULL);

  EXPECT_OK(lb_tx_params_init(&params, LB_TX_PARAMS_VERSION));
  params.chain_id = 8453;
  params.gas_limit = 21000;
  EXPECT_OK(lb_tx_create(&tx, &params));
  EXPECT_ERR(lb_sender_submit(NULL, &result, "0x00", tx, NULL), LB_EINVAL);
  EXPECT_ERR(lb_sender_poll(NULL, &result, "0x00"), LB_EINVAL);
  EXPECT_ERR(lb_sender_reconcile(NULL, &size), LB_EINVAL);
  EXPECT_ERR(lb_sender_result(NULL, &result, 0), LB_EINVAL);
  EXPECT_ERR(lb_sender_result_intent(NULL, text, sizeof text, &size, 0), LB_EINVAL);
  EXPECT_ERR(lb_sender_result_reason(NULL, text, sizeof text, &size, 0), LB_EINVAL);
  EXPECT_ERR(lb_sender_tracked_count(NULL, &size), LB_EINVAL);
  lb_sender_destroy(NULL);
  lb_tx_destroy(tx);
  lb_signer_destroy(signer);
  lb_store_destroy(store);
}

/* Network handles without a network: options, misuse, and an endpoint that refuses connections.
   The chain test (capi_chain_test.c) covers the successful paths on the test-bed chain. */
static void test_net(void) {
  lb_rpc_options options;
  lb_monitor_options monitor_options;
  lb_rpc* client = NULL;
  lb_reader* reader = NULL;
  lb_monitor* monitor = NULL;
  lb_snapshot* snapshot = NULL;
  lb_account_data data;
  lb_monitor_cycle cycle;
  lb_address address;
  lb_bytes32 hash;
  uint64_t value = 0;
  uint8_t* result = NULL;
  size_t result_len = 0;
  char* json = NULL;
  char json_text[80];
  lb_status status;
  const char* urls[1] = {"http://127.0.0.1:9/"};
  const char* null_url[1] = {NULL};

  EXPECT_OK(lb_rpc_options_init(&options, LB_RPC_OPTIONS_VERSION));
  CHECK(options.max_attempts >= 1 && options.connect_timeout_ms > 0 && options.has_expected_chain_id == 0);
  EXPECT_ERR(lb_rpc_options_init(&options, 9), LB_EUNSUPPORTED);
  EXPECT_ERR(lb_rpc_options_init(NULL, LB_RPC_OPTIONS_VERSION), LB_EINVAL);
  options.max_attempts = 1;
  options.connect_timeout_ms = 500;
  options.total_timeout_ms = 1000;
  options.has_expected_chain_id = 1;
  options.expected_chain_id = 8453;
  client = (lb_rpc*)&options;
  status = lb_rpc_create(&client, urls, 1, &options);
  CHECK(status < 0 && client == NULL && strncmp(lb_last_error_message(), "lb_rpc_create: ", 15) == 0);
  EXPECT_ERR(lb_rpc_create(NULL, urls, 1, &options), LB_EINVAL);
  EXPECT_ERR(lb_rpc_create(&client, NULL, 1, &options), LB_EINVAL);
  EXPECT_ERR(lb_rpc_create(&client, urls, 0, &options), LB_EINVAL);
  EXPECT_ERR(lb_rpc_create(&client, null_url, 1, &options), LB_EINVAL);
  options.max_attempts = 0;
  EXPECT_ERR(lb_rpc_create(&client, urls, 1, &options), LB_EINVAL);
  options.version = 9;
  EXPECT_ERR(lb_rpc_create(&client, urls, 1, &options), LB_EUNSUPPORTED);
  lb_rpc_destroy(NULL);

  memset(address.bytes, 1, 20);
  EXPECT_ERR(lb_rpc_request(NULL, &json, "eth_chainId", "[]"), LB_EINVAL);
  EXPECT_ERR(lb_rpc_chain_id(NULL, &value), LB_EINVAL);
  EXPECT_ERR(lb_rpc_block_number(NULL, &value), LB_EINVAL);
  EXPECT_ERR(lb_rpc_call(NULL, &result, &result_len, &address, NULL, 0, 0), LB_EINVAL);
  EXPECT_ERR(lb_rpc_pending_nonce(NULL, &value, &address), LB_EINVAL);
  EXPECT_ERR(lb_rpc_send_raw_transaction(NULL, &hash, (const uint8_t*)"x", 1), LB_EINVAL);
  EXPECT_ERR(lb_reader_create(&reader, NULL, &address), LB_EINVAL);
  EXPECT_ERR(lb_reader_create(NULL, NULL, &address), LB_EINVAL);
  EXPECT_ERR(lb_reader_pool(NULL, &address), LB_EINVAL);
  EXPECT_ERR(lb_reader_read_user(NULL, &snapshot, &data, &address, 0), LB_EINVAL);
  lb_reader_destroy(NULL);
  EXPECT_OK(lb_monitor_options_init(&monitor_options, LB_MONITOR_OPTIONS_VERSION));
  CHECK(monitor_options.sweep_every_blocks == 10);
  EXPECT_OK(lb_u256_to_dec(json_text, sizeof json_text, &result_len, &monitor_options.act_hf));
  CHECK(strcmp(json_text, "1050000000000000000") == 0);
  CHECK(monitor_options.version == 2 && monitor_options.subgraph_url == NULL &&
        monitor_options.subgraph_api_key == NULL && monitor_options.subgraph_page_size == 1000 &&
        monitor_options.subgraph_max_lag_blocks == 50 && monitor_options.events_max_blocks == 0);
  {
    /* A version 1 struct ends at events_from_block: init must not write past it. */
    unsigned char raw[sizeof(lb_monitor_options)];
    lb_monitor_options v1;
    const size_t v1_size = offsetof(lb_monitor_options, events_from_block) + sizeof(uint64_t);
    size_t k;
    int untouched = 1;
    memset(raw, 0xab, sizeof raw);
    EXPECT_OK(lb_monitor_options_init((lb_monitor_options*)(void*)raw, 1));
    for (k = v1_size; k < sizeof raw; ++k) untouched = untouched && raw[k] == 0xab;
    CHECK(untouched);
    memcpy(&v1, raw, sizeof v1);
    CHECK(v1.version == 1 && v1.sweep_every_blocks == 10 && v1.log_range == 2000);
  }
  EXPECT_ERR(lb_monitor_options_init(&monitor_options, 9), LB_EUNSUPPORTED);
  EXPECT_ERR(lb_monitor_get_health(NULL, NULL), LB_EINVAL);
  EXPECT_ERR(lb_monitor_last_error(NULL, json_text, sizeof json_text, &result_len), LB_EINVAL);
  EXPECT_ERR(lb_monitor_discovery_error(NULL, json_text, sizeof json_text, &result_len), LB_EINVAL);
  EXPECT_ERR(lb_monitor_options_init(NULL, LB_MONITOR_OPTIONS_VERSION), LB_EINVAL);
  EXPECT_ERR(lb_monitor_create(&monitor, NULL, NULL, &monitor_options), LB_EINVAL);
  EXPECT_ERR(lb_monitor_create(NULL, NULL, NULL, NULL), LB_EINVAL);
  EXPECT_ERR(lb_monitor_set_callback(NULL, NULL, NULL), LB_EINVAL);
  EXPECT_ERR(lb_monitor_add_borrowers(NULL, &address, 1), LB_EINVAL);
  EXPECT_ERR(lb_monitor_step(NULL, &cycle, 0), LB_EINVAL);
  lb_monitor_destroy(NULL);
}

struct suite {
  const char* name;
  void (*run)(void);
};

static const struct suite kSuites[] = {
    {"common", test_common}, {"hash", test_hash},       {"abi", test_abi},
    {"rlp", test_rlp},       {"key", test_key},         {"message", test_message},
    {"siwe", test_siwe},     {"tx", test_tx},           {"snapshot", test_snapshot},
    {"batch", test_batch},   {"signer", test_signer},   {"net", test_net},
    {"store", test_store},   {"sender", test_sender},
};

int main(int argc, char** argv) {
  size_t i;
  int ran = 0;
  if (argc > 2) g_data_dir = argv[2];
  for (i = 0; i < sizeof kSuites / sizeof kSuites[0]; ++i) {
    if (argc > 1 && strcmp(argv[1], "all") != 0 && strcmp(argv[1], kSuites[i].name) != 0) continue;
    kSuites[i].run();
    ++ran;
  }
  if (ran == 0) {
    fprintf(stderr, "unknown suite %s\n", argc > 1 ? argv[1] : "");
    return 2;
  }
  if (g_failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", g_failures);
    return 1;
  }
  printf("ok: %d suite(s)\n", ran);
  return 0;
}
