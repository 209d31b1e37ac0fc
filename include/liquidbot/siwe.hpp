// Sign-In with Ethereum (EIP-4361): build, strictly parse and verify sign-in messages.
// https://eips.ethereum.org/EIPS/eip-4361
#pragma once

#include <liquidbot/address.hpp>
#include <liquidbot/error.hpp>
#include <liquidbot/export.hpp>
#include <liquidbot/secp256k1.hpp>

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace liquidbot::siwe {

/// An instant: Unix seconds plus a nanosecond fraction in [0, 1e9).
struct Timestamp {
  std::int64_t seconds = 0;
  std::uint32_t nanos = 0;
  friend constexpr auto operator<=>(const Timestamp&, const Timestamp&) noexcept = default;
};

/// Parses an RFC 3339 date-time, "2021-09-30T16:25:24Z", "2021-09-30T16:25:24.123+02:00" (T/t and
/// Z/z, fraction of any length of which the first 9 digits count, second 60 for a leap second).
/// Errc::invalid_argument naming the offending part otherwise. Years are 4 digits, 0000-9999.
LIQUIDBOT_API Result<Timestamp> parse_rfc3339(std::string_view text);

/// The fields of a sign-in message. Times are kept as their RFC 3339 text so that a parsed message
/// serialises back to exactly the bytes that were signed.
struct Message {
  std::optional<std::string> scheme;     ///< "https" in "https://example.com wants you ..."
  std::string domain;                    ///< RFC 3986 authority: [userinfo@]host[:port]
  Address address;                       ///< printed and required in EIP-55 form
  std::optional<std::string> statement;  ///< non-empty, one line, RFC 3986 reserved/unreserved/space
  std::string uri;                       ///< RFC 3986 URI
  std::string version = "1";             ///< must be "1"
  std::uint64_t chain_id = 1;
  std::string nonce;                     ///< at least 8 ASCII letters and digits
  std::string issued_at;                 ///< RFC 3339
  std::optional<std::string> expiration_time;  ///< RFC 3339
  std::optional<std::string> not_before;       ///< RFC 3339
  std::optional<std::string> request_id;       ///< RFC 3986 pchar*, may be empty
  std::optional<std::vector<std::string>> resources;  ///< RFC 3986 URIs; present but empty prints "Resources:"

  /// The EIP-4361 text (LF line ends, no trailing newline). Only meaningful for a message that
  /// passes validate(); parse(m.to_string()) == m for every valid m.
  [[nodiscard]] LIQUIDBOT_API std::string to_string() const;

  friend bool operator==(const Message&, const Message&) = default;
};

/// Strict parse of the exact EIP-4361 layout. Errors name the 1-based line and the field, e.g.
/// "siwe: line 2 (address): not in EIP-55 checksum form, expected 0xC02a...". On success
/// parse(text)->to_string() == text byte for byte.
LIQUIDBOT_API Result<Message> parse(std::string_view text);

/// Checks every field of a message that was built in code against the same rules parse applies.
LIQUIDBOT_API Status validate(const Message& message);

/// What the relying party expects; unset fields are not checked.
struct VerifyOptions {
  std::optional<std::string> scheme;
  std::optional<std::string> domain;
  std::optional<Address> address;
  std::optional<std::uint64_t> chain_id;
  std::optional<std::string> nonce;
  /// The time the message must be valid at: issued_at <= time < expiration_time and
  /// not_before <= time. Unset: the system clock.
  std::optional<Timestamp> time;
};

/// Verifies a sign-in: the message is valid, matches the expectations in `options`, is within its
/// time window, and `signature` is an EIP-191 signature of message.to_string() by message.address.
/// ERC-1271 / ERC-6492 contract-wallet signatures need a chain and are not handled here.
/// Errors: Errc::invalid_argument for a malformed message, Errc::state for a field that does not
/// match or a time outside the window, Errc::signature when the signature is not by the address.
LIQUIDBOT_API Status verify(const Message& message, const Signature& signature,
                            const VerifyOptions& options = {});

}  // namespace liquidbot::siwe
