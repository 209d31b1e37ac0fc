// Local signers: a raw key (hex from the environment or a file) or a decrypted keystore.
#include <liquidbot/keystore.hpp>
#include <liquidbot/signer.hpp>

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

namespace liquidbot {

namespace {

// Reads a whole file; the buffer is wiped by the caller's SecretString.
struct SecretString {
  std::string text;
  SecretString() = default;
  SecretString(const SecretString&) = delete;
  SecretString& operator=(const SecretString&) = delete;
  ~SecretString() {
    if (!text.empty()) OPENSSL_cleanse(text.data(), text.size());
  }
};

Status read_file(const std::string& path, SecretString& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(Errc::io, fmt::format("signer: cannot read {}", path));
  out.text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return make_error(Errc::io, fmt::format("signer: error reading {}", path));
  return {};
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

LocalSigner::LocalSigner(PrivateKey key, std::string_view kind)
    : key_(std::move(key)), address_(key_.address()), kind_(kind == "keystore" ? "keystore" : "local") {}

Address LocalSigner::address() const { return address_; }

Status LocalSigner::sign_transaction(Transaction& tx) { return sign(tx, key_); }

Result<std::unique_ptr<Signer>> local_signer_from_hex(std::string_view text) {
  // The error never repeats the input: it is a secret.
  auto key = PrivateKey::from_hex(trim(text));
  if (!key)
    return make_error(Errc::invalid_argument,
                      "signer: the private key must be 64 hex digits (optional 0x) of a value in [1, n-1]");
  return std::unique_ptr<Signer>(std::make_unique<LocalSigner>(std::move(key).value()));
}

Result<std::unique_ptr<Signer>> local_signer_from_env(const char* variable) {
  const char* value = std::getenv(variable);
  if (value == nullptr || trim(value).empty())
    return make_error(Errc::not_found, fmt::format("signer: environment variable {} is not set", variable));
  auto signer = local_signer_from_hex(value);
  if (!signer) return make_error(signer.error().code, fmt::format("{} (from {})", signer.error().message, variable));
  return signer;
}

Result<std::unique_ptr<Signer>> local_signer_from_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return make_error(Errc::io, fmt::format("signer: cannot stat {}", path));
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    return make_error(Errc::invalid_argument,
                      fmt::format("signer: {} is accessible by group or others (mode {:o}); chmod 600 it", path,
                                  st.st_mode & 0777));
  SecretString content;
  LB_TRY_STATUS(read_file(path, content));
  auto signer = local_signer_from_hex(content.text);
  if (!signer) return make_error(signer.error().code, fmt::format("{} (in {})", signer.error().message, path));
  return signer;
}

Result<std::unique_ptr<Signer>> keystore_signer_from_file(const std::string& path, std::string_view password) {
  SecretString content;
  LB_TRY_STATUS(read_file(path, content));
  auto key = keystore_decrypt(content.text, password);
  if (!key) return make_error(key.error().code, fmt::format("{} ({})", key.error().message, path));
  return std::unique_ptr<Signer>(std::make_unique<LocalSigner>(std::move(key).value(), "keystore"));
}

}  // namespace liquidbot
