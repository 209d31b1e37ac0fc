// Web3 Secret Storage v3 keystores through OpenSSL (scrypt, PBKDF2-HMAC-SHA256/512, AES-128-CTR).
#include <liquidbot/keccak.hpp>
#include <liquidbot/keystore.hpp>

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>

namespace liquidbot {
namespace {

constexpr std::uint64_t kMaxScryptMemory = std::uint64_t{1} << 30;  // 128 * N * r bytes
constexpr std::uint64_t kMaxPbkdf2Iterations = 100'000'000;

Error bad(std::string_view what) { return make_error(Errc::decode, fmt::format("keystore: {}", what)); }

// Wipes a buffer of secret material when it goes out of scope.
template <std::size_t N>
struct SecretBuffer {
  std::array<std::uint8_t, N> bytes{};
  SecretBuffer() = default;
  SecretBuffer(const SecretBuffer&) = delete;
  SecretBuffer& operator=(const SecretBuffer&) = delete;
  ~SecretBuffer() { OPENSSL_cleanse(bytes.data(), N); }
};

struct KdfParams {
  KeystoreKdf kdf = KeystoreKdf::scrypt;
  std::uint64_t n = 0;
  std::uint64_t r = 0;
  std::uint64_t p = 0;
  std::uint64_t c = 0;
  const EVP_MD* prf = nullptr;
  Bytes salt;
};

Status derive_key(std::string_view password, const KdfParams& params, std::array<std::uint8_t, 32>& out) {
  if (params.kdf == KeystoreKdf::scrypt) {
    const std::uint64_t maxmem = 128 * params.r * (params.n + params.p + 2) + (std::uint64_t{1} << 20);
    if (EVP_PBE_scrypt(password.data(), password.size(), params.salt.data(), params.salt.size(), params.n,
                       params.r, params.p, maxmem, out.data(), out.size()) != 1)
      return make_error(Errc::internal, "keystore: scrypt key derivation failed in OpenSSL");
    return {};
  }
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), params.salt.data(),
                        static_cast<int>(params.salt.size()), static_cast<int>(params.c), params.prf,
                        static_cast<int>(out.size()), out.data()) != 1)
    return make_error(Errc::internal, "keystore: pbkdf2 key derivation failed in OpenSSL");
  return {};
}

Status aes128_ctr(const std::uint8_t* key, const std::uint8_t* iv, ByteView in, std::uint8_t* out) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  if (ctx == nullptr) return make_error(Errc::internal, "keystore: EVP_CIPHER_CTX_new failed");
  int written = 0;
  int final_written = 0;
  const bool ok = EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), nullptr, key, iv) == 1 &&
                  EVP_EncryptUpdate(ctx, out, &written, in.data(), static_cast<int>(in.size())) == 1 &&
                  EVP_EncryptFinal_ex(ctx, out + written, &final_written) == 1;
  EVP_CIPHER_CTX_free(ctx);
  if (!ok) return make_error(Errc::internal, "keystore: aes-128-ctr failed in OpenSSL");
  return {};
}

Hash keystore_mac(const std::array<std::uint8_t, 32>& derived, ByteView ciphertext) {
  Keccak256 hasher;
  hasher.update(ByteView{derived.data() + 16, 16});
  hasher.update(ciphertext);
  return hasher.finalize();
}

Status random_bytes(std::uint8_t* out, std::size_t size) {
  if (RAND_bytes(out, static_cast<int>(size)) != 1)
    return make_error(Errc::internal, "keystore: OpenSSL RAND_bytes failed");
  return {};
}

std::string format_uuid(const std::array<std::uint8_t, 16>& raw) {
  std::array<std::uint8_t, 16> u = raw;
  u[6] = static_cast<std::uint8_t>((u[6] & 0x0f) | 0x40);  // version 4
  u[8] = static_cast<std::uint8_t>((u[8] & 0x3f) | 0x80);  // RFC 4122 variant
  const std::string h = hex_encode(ByteView{u.data(), u.size()}, false);
  return fmt::format("{}-{}-{}-{}-{}", h.substr(0, 8), h.substr(8, 4), h.substr(12, 4), h.substr(16, 4), h.substr(20));
}

// ---- JSON reading ---------------------------------------------------------------------------------

// Field lookup that accepts the key in any letter case ("Crypto" in old geth files).
Result<simdjson::dom::element> field(simdjson::dom::object object, std::string_view key, std::string_view path) {
  for (simdjson::dom::key_value_pair member : object) {
    const std::string_view name = member.key;
    if (name.size() == key.size() &&
        std::equal(name.begin(), name.end(), key.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        }))
      return member.value;
  }
  return bad(fmt::format("missing field {}", path));
}

Result<simdjson::dom::object> object_field(simdjson::dom::object object, std::string_view key, std::string_view path) {
  LB_TRY(element, field(object, key, path));
  simdjson::dom::object out;
  if (element.get_object().get(out) != simdjson::SUCCESS) return bad(fmt::format("{} must be an object", path));
  return out;
}

Result<std::string_view> string_field(simdjson::dom::object object, std::string_view key, std::string_view path) {
  LB_TRY(element, field(object, key, path));
  std::string_view out;
  if (element.get_string().get(out) != simdjson::SUCCESS) return bad(fmt::format("{} must be a string", path));
  return out;
}

Result<std::uint64_t> uint_field(simdjson::dom::object object, std::string_view key, std::string_view path) {
  LB_TRY(element, field(object, key, path));
  std::uint64_t out = 0;
  if (element.get_uint64().get(out) != simdjson::SUCCESS)
    return bad(fmt::format("{} must be a non-negative integer", path));
  return out;
}

Result<Bytes> hex_field(simdjson::dom::object object, std::string_view key, std::string_view path) {
  LB_TRY(text, string_field(object, key, path));
  auto bytes = hex_decode(text);
  if (!bytes) return bad(fmt::format("{} is not hex: {}", path, bytes.error().message));
  return std::move(bytes).value();
}

struct ParsedKeystore {
  KdfParams kdf;
  Bytes iv;
  Bytes ciphertext;
  Bytes mac;
  std::optional<Address> address;
};

Result<std::optional<Address>> parse_address(simdjson::dom::object root) {
  simdjson::dom::element element;
  bool present = false;
  for (simdjson::dom::key_value_pair member : root)
    if (member.key == "address") {
      element = member.value;
      present = true;
    }
  if (!present || element.is_null()) return std::optional<Address>{};
  std::string_view text;
  if (element.get_string().get(text) != simdjson::SUCCESS) return bad("address must be a string");
  std::string normalized(text);
  if (normalized.rfind("0x", 0) != 0 && normalized.rfind("0X", 0) != 0) normalized.insert(0, "0x");
  std::transform(normalized.begin(), normalized.end(), normalized.begin(),
                 [](char ch) { return static_cast<char>(std::tolower(static_cast<unsigned char>(ch))); });
  auto address = Address::parse(normalized);
  if (!address) return bad(fmt::format("address: {}", address.error().message));
  return std::optional<Address>{*address};
}

Result<ParsedKeystore> parse_keystore(simdjson::dom::parser& parser, std::string_view json) {
  simdjson::dom::element root_element;
  if (auto error = parser.parse(json.data(), json.size()).get(root_element); error != simdjson::SUCCESS)
    return bad(fmt::format("invalid JSON: {}", simdjson::error_message(error)));
  simdjson::dom::object root;
  if (root_element.get_object().get(root) != simdjson::SUCCESS) return bad("top level must be an object");
  LB_TRY(version, uint_field(root, "version", "version"));
  if (version != 3) return make_error(Errc::unsupported, fmt::format("keystore: version {} (only 3 is supported)", version));
  ParsedKeystore out;
  LB_TRY(address, parse_address(root));
  out.address = address;
  LB_TRY(crypto, object_field(root, "crypto", "crypto"));
  LB_TRY(cipher, string_field(crypto, "cipher", "crypto.cipher"));
  if (cipher != "aes-128-ctr")
    return make_error(Errc::unsupported, fmt::format("keystore: crypto.cipher '{}' (only aes-128-ctr)", cipher));
  LB_TRY(cipherparams, object_field(crypto, "cipherparams", "crypto.cipherparams"));
  LB_TRY(iv, hex_field(cipherparams, "iv", "crypto.cipherparams.iv"));
  if (iv.size() != 16) return bad(fmt::format("crypto.cipherparams.iv has {} bytes, expected 16", iv.size()));
  out.iv = std::move(iv);
  LB_TRY(ciphertext, hex_field(crypto, "ciphertext", "crypto.ciphertext"));
  if (ciphertext.size() != 32) return bad(fmt::format("crypto.ciphertext has {} bytes, expected 32", ciphertext.size()));
  out.ciphertext = std::move(ciphertext);
  LB_TRY(mac, hex_field(crypto, "mac", "crypto.mac"));
  if (mac.size() != 32) return bad(fmt::format("crypto.mac has {} bytes, expected 32", mac.size()));
  out.mac = std::move(mac);
  LB_TRY(kdf, string_field(crypto, "kdf", "crypto.kdf"));
  LB_TRY(kdfparams, object_field(crypto, "kdfparams", "crypto.kdfparams"));
  LB_TRY(dklen, uint_field(kdfparams, "dklen", "crypto.kdfparams.dklen"));
  if (dklen != 32) return bad(fmt::format("crypto.kdfparams.dklen is {}, expected 32", dklen));
  LB_TRY(salt, hex_field(kdfparams, "salt", "crypto.kdfparams.salt"));
  if (salt.empty()) return bad("crypto.kdfparams.salt is empty");
  out.kdf.salt = std::move(salt);
  if (kdf == "scrypt") {
    out.kdf.kdf = KeystoreKdf::scrypt;
    LB_TRY(n, uint_field(kdfparams, "n", "crypto.kdfparams.n"));
    LB_TRY(r, uint_field(kdfparams, "r", "crypto.kdfparams.r"));
    LB_TRY(p, uint_field(kdfparams, "p", "crypto.kdfparams.p"));
    if (n < 2 || (n & (n - 1)) != 0) return bad(fmt::format("crypto.kdfparams.n = {} is not a power of two > 1", n));
    if (r == 0 || p == 0) return bad("crypto.kdfparams.r and p must be positive");
    if (r > (std::uint64_t{1} << 20) || p > (std::uint64_t{1} << 20) || r * p >= (std::uint64_t{1} << 30))
      return bad(fmt::format("crypto.kdfparams r = {}, p = {} out of range", r, p));
    if (n > (std::uint64_t{1} << 20) || 128 * r * n > kMaxScryptMemory)
      return make_error(Errc::unsupported,
                        fmt::format("keystore: scrypt n = {}, r = {} needs more than 1 GiB", n, r));
    if (16 * r < 64 && n >= (std::uint64_t{1} << (16 * r)))
      return make_error(Errc::unsupported,
                        fmt::format("keystore: scrypt n = {} with r = {}: RFC 7914 requires n < 2^(16*r), and OpenSSL "
                                    "enforces it", n, r));
    out.kdf.n = n;
    out.kdf.r = r;
    out.kdf.p = p;
  } else if (kdf == "pbkdf2") {
    out.kdf.kdf = KeystoreKdf::pbkdf2;
    LB_TRY(c, uint_field(kdfparams, "c", "crypto.kdfparams.c"));
    if (c == 0 || c > kMaxPbkdf2Iterations)
      return bad(fmt::format("crypto.kdfparams.c = {} out of range 1..{}", c, kMaxPbkdf2Iterations));
    out.kdf.c = c;
    LB_TRY(prf, string_field(kdfparams, "prf", "crypto.kdfparams.prf"));
    if (prf == "hmac-sha256") {
      out.kdf.prf = EVP_sha256();
    } else if (prf == "hmac-sha512") {
      out.kdf.prf = EVP_sha512();
    } else {
      return make_error(Errc::unsupported, fmt::format("keystore: crypto.kdfparams.prf '{}'", prf));
    }
  } else {
    return make_error(Errc::unsupported, fmt::format("keystore: crypto.kdf '{}' (scrypt or pbkdf2)", kdf));
  }
  return out;
}

}  // namespace

Result<std::string> keystore_encrypt(const PrivateKey& key, std::string_view password, const KeystoreOptions& options) {
  KdfParams params;
  params.kdf = options.kdf;
  std::array<std::uint8_t, 32> salt{};
  if (options.salt) {
    salt = *options.salt;
  } else {
    LB_TRY_STATUS(random_bytes(salt.data(), salt.size()));
  }
  params.salt.assign(salt.begin(), salt.end());
  if (options.kdf == KeystoreKdf::scrypt) {
    const std::uint64_t n = options.scrypt_n;
    if (n < 2 || (n & (n - 1)) != 0 || n > (std::uint64_t{1} << 20))
      return make_error(Errc::invalid_argument, fmt::format("keystore: scrypt n = {} must be a power of two in 2..2^20", n));
    if (options.scrypt_r == 0 || options.scrypt_p == 0 || 128 * options.scrypt_r * n > kMaxScryptMemory ||
        (16 * options.scrypt_r < 64 && n >= (std::uint64_t{1} << (16 * options.scrypt_r))) ||
        std::uint64_t{options.scrypt_r} * options.scrypt_p >= (std::uint64_t{1} << 30))
      return make_error(Errc::invalid_argument, "keystore: scrypt r/p out of range");
    params.n = n;
    params.r = options.scrypt_r;
    params.p = options.scrypt_p;
  } else {
    if (options.pbkdf2_iterations == 0 || options.pbkdf2_iterations > kMaxPbkdf2Iterations)
      return make_error(Errc::invalid_argument, "keystore: pbkdf2 iterations out of range");
    params.c = options.pbkdf2_iterations;
    params.prf = EVP_sha256();
  }
  std::array<std::uint8_t, 16> iv{};
  if (options.iv) {
    iv = *options.iv;
  } else {
    LB_TRY_STATUS(random_bytes(iv.data(), iv.size()));
  }
  std::array<std::uint8_t, 16> uuid{};
  if (options.uuid) {
    uuid = *options.uuid;
  } else {
    LB_TRY_STATUS(random_bytes(uuid.data(), uuid.size()));
  }

  SecretBuffer<32> derived;
  LB_TRY_STATUS(derive_key(password, params, derived.bytes));
  std::array<std::uint8_t, 32> ciphertext{};
  LB_TRY_STATUS(aes128_ctr(derived.bytes.data(), iv.data(), ByteView{key.secret_bytes().data(), 32}, ciphertext.data()));
  const Hash mac = keystore_mac(derived.bytes, ciphertext);

  std::string kdf_json;
  if (params.kdf == KeystoreKdf::scrypt) {
    kdf_json = fmt::format(R"("kdf":"scrypt","kdfparams":{{"dklen":32,"n":{},"p":{},"r":{},"salt":"{}"}})", params.n,
                           params.p, params.r, hex_encode(params.salt, false));
  } else {
    kdf_json = fmt::format(R"("kdf":"pbkdf2","kdfparams":{{"c":{},"dklen":32,"prf":"hmac-sha256","salt":"{}"}})",
                           params.c, hex_encode(params.salt, false));
  }
  return fmt::format(
      R"({{"address":"{}","id":"{}","version":3,"crypto":{{"cipher":"aes-128-ctr","cipherparams":{{"iv":"{}"}},"ciphertext":"{}",{},"mac":"{}"}}}})",
      key.address().to_hex().substr(2), format_uuid(uuid), hex_encode(ByteView{iv.data(), iv.size()}, false),
      hex_encode(ByteView{ciphertext.data(), ciphertext.size()}, false), kdf_json, hex_encode(mac.view(), false));
}

Result<PrivateKey> keystore_decrypt(std::string_view json, std::string_view password) {
  simdjson::dom::parser parser;
  LB_TRY(parsed, parse_keystore(parser, json));
  SecretBuffer<32> derived;
  LB_TRY_STATUS(derive_key(password, parsed.kdf, derived.bytes));
  const Hash mac = keystore_mac(derived.bytes, parsed.ciphertext);
  if (CRYPTO_memcmp(mac.data(), parsed.mac.data(), 32) != 0)
    return make_error(Errc::signature, "keystore: MAC mismatch: wrong password or corrupted keystore");
  SecretBuffer<32> secret;
  LB_TRY_STATUS(aes128_ctr(derived.bytes.data(), parsed.iv.data(), parsed.ciphertext, secret.bytes.data()));
  auto key = PrivateKey::from_bytes(ByteView{secret.bytes.data(), 32});
  if (!key) return make_error(Errc::invalid_argument, "keystore: decrypted secret is not a valid secp256k1 key");
  if (parsed.address && key->address() != *parsed.address)
    return make_error(Errc::invalid_argument,
                      fmt::format("keystore: decrypted key belongs to {}, not to the stored address {}",
                                  key->address().to_checksum(), parsed.address->to_checksum()));
  return key;
}

Result<std::optional<Address>> keystore_address(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root_element;
  if (auto error = parser.parse(json.data(), json.size()).get(root_element); error != simdjson::SUCCESS)
    return bad(fmt::format("invalid JSON: {}", simdjson::error_message(error)));
  simdjson::dom::object root;
  if (root_element.get_object().get(root) != simdjson::SUCCESS) return bad("top level must be an object");
  return parse_address(root);
}

}  // namespace liquidbot
