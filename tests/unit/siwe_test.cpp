// EIP-4361 Sign-In with Ethereum: spruceid/siwe test vectors (parsing_positive, parsing_negative,
// verification_positive), a message with every optional field signed by ethers v6, one test per
// parse rule, and the time window at its boundaries (instants from JavaScript Date.parse).
#include <doctest/doctest.h>

#include <liquidbot/siwe.hpp>

#include <string>
#include <string_view>

using namespace liquidbot;
using namespace liquidbot::siwe;

namespace {

// Every optional field; signed with key keccak256("cow") by ethers Wallet.signMessage.
constexpr std::string_view kFull =
    "https://example.com:8443 wants you to sign in with your Ethereum account:\n"
    "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826\n\n"
    "I accept the Terms: https://example.com/tos?x=1&y=2#frag\n\n"
    "URI: https://example.com/login\nVersion: 1\nChain ID: 8453\nNonce: abcDEF12345\n"
    "Issued At: 2026-01-02T03:04:05.678+01:00\nExpiration Time: 2026-01-02T03:14:05Z\n"
    "Not Before: 2026-01-02T02:04:06.5Z\nRequest ID: req-42:@x\nResources:\n"
    "- ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/\n"
    "- https://example.com/claims.json";
constexpr std::string_view kFullSignature =
    "0x26d13248a3b3c7baab40335af7e26ed8a7c10a8aa18a4fe2b0eb05fd4944f2421260c146674aa3ce2f24a457b842e09"
    "b5d2193d4f4135fc61caf186a3c184a851b";

// spruceid parsing_positive "couple of optional fields".
constexpr std::string_view kSpruce =
    "service.org wants you to sign in with your Ethereum account:\n"
    "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2\n\n"
    "I accept the ServiceOrg Terms of Service: https://service.org/tos\n\n"
    "URI: https://service.org/login\nVersion: 1\nChain ID: 1\nNonce: 32891757\n"
    "Issued At: 2021-09-30T16:25:24.000Z\nResources:\n"
    "- ipfs://Qme7ss3ARVgxv6rXqVPiikMJ8u2NLgmgszg13pYrDKEoiu\n"
    "- https://example.com/my-web2-claim.json";

Signature signature_of(std::string_view hex) {
  auto bytes = hex_decode(hex);
  REQUIRE(bytes.ok());
  auto signature = Signature::from_bytes65(bytes.value());
  REQUIRE(signature.ok());
  return signature.value();
}

Timestamp at(std::string_view rfc3339) {
  auto time = parse_rfc3339(rfc3339);
  REQUIRE_MESSAGE(time.ok(), rfc3339);
  return time.value();
}

/// Replaces the first occurrence of `from` in kSpruce (or `base`) with `to` and parses it.
Result<Message> parse_edited(std::string_view from, std::string_view to,
                             std::string_view base = kSpruce) {
  std::string text(base);
  const auto pos = text.find(from);
  REQUIRE_MESSAGE(pos != std::string::npos, from);
  text.replace(pos, from.size(), to);
  return parse(text);
}

/// Parsing fails and the message names the expected line.
void check_rejected(const Result<Message>& result, std::string_view line_tag) {
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == Errc::invalid_argument);
  INFO(result.error().message);
  CHECK(result.error().message.find(line_tag) != std::string::npos);
}

}  // namespace

TEST_CASE("siwe: rfc3339 matches JavaScript Date.parse") {
  CHECK(at("2026-01-02T03:04:05.678+01:00") == Timestamp{1767319445, 678000000});
  CHECK(at("2026-01-02T02:04:06.5Z") == Timestamp{1767319446, 500000000});
  CHECK(at("1970-01-01T00:00:00Z") == Timestamp{0, 0});
  CHECK(at("2000-02-29T23:59:59-23:59") == Timestamp{951955139, 0});
  CHECK(at("1969-12-31T23:59:59.999Z") == Timestamp{-1, 999000000});
  CHECK(at("9999-12-31T23:59:59Z") == Timestamp{253402300799, 0});
  CHECK(at("0001-01-01T00:00:00Z") == Timestamp{-62135596800, 0});
  CHECK(at("2100-01-07t14:31:43.952z") == Timestamp{4103015503, 952000000});
  CHECK(at("2021-09-30T16:25:24.123456789987Z") == Timestamp{1633019124, 123456789});
  CHECK(at("2016-12-31T23:59:60Z") == at("2017-01-01T00:00:00Z"));  // leap second
}

TEST_CASE("siwe: rfc3339 rejects malformed times") {
  for (std::string_view bad :
       {"", "2021-09-30", "2021-09-30T16:25:24", "2021-09-30 16:25:24Z", "21-09-30T16:25:24Z",
        "2021-13-30T16:25:24Z", "2021-02-29T16:25:24Z", "2021-04-31T00:00:00Z", "2021-00-10T00:00:00Z",
        "2021-09-30T24:00:00Z", "2021-09-30T16:60:00Z", "2021-09-30T16:25:61Z", "2021-09-30T16:25:24.Z",
        "2021-09-30T16:25:24+0100", "2021-09-30T16:25:24+24:00", "2021-09-30T16:25:24Zjunk",
        "Wed Oct 05 2011 16:48:00 GMT+0200 (CEST)", "+2021-09-30T16:25:24Z", "2021-9-30T16:25:24Z"}) {
    INFO(bad);
    CHECK_FALSE(parse_rfc3339(bad).ok());
  }
}

TEST_CASE("siwe: parse spruceid positive vector") {
  auto message = parse(kSpruce);
  REQUIRE_MESSAGE(message.ok(), message.error().message);
  CHECK_FALSE(message->scheme.has_value());
  CHECK(message->domain == "service.org");
  CHECK(message->address.to_checksum() == "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2");
  CHECK(message->statement == "I accept the ServiceOrg Terms of Service: https://service.org/tos");
  CHECK(message->uri == "https://service.org/login");
  CHECK(message->version == "1");
  CHECK(message->chain_id == 1);
  CHECK(message->nonce == "32891757");
  CHECK(message->issued_at == "2021-09-30T16:25:24.000Z");
  CHECK_FALSE(message->expiration_time.has_value());
  CHECK_FALSE(message->not_before.has_value());
  CHECK_FALSE(message->request_id.has_value());
  REQUIRE(message->resources.has_value());
  CHECK(message->resources->size() == 2);
  CHECK(message->resources->at(0) == "ipfs://Qme7ss3ARVgxv6rXqVPiikMJ8u2NLgmgszg13pYrDKEoiu");
  CHECK(message->to_string() == kSpruce);
}

TEST_CASE("siwe: spruceid authority forms and no statement") {
  for (std::string_view domain :
       {"127.0.0.1", "test@127.0.0.1", "127.0.0.1:8080", "test@127.0.0.1:8080", "localhost:3000",
        "[::1]:8080", "a-b.example.co.uk"}) {
    INFO(domain);
    auto message = parse_edited("service.org wants", std::string(domain) + " wants");
    REQUIRE_MESSAGE(message.ok(), message.error().message);
    CHECK(message->domain == domain);
  }
  const std::string no_statement =
      "service.org wants you to sign in with your Ethereum account:\n"
      "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2\n\n\n"
      "URI: https://service.org/login\nVersion: 1\nChain ID: 1\nNonce: 32891757\n"
      "Issued At: 2021-09-30T16:25:24.000Z";
  auto message = parse(no_statement);
  REQUIRE_MESSAGE(message.ok(), message.error().message);
  CHECK_FALSE(message->statement.has_value());
  CHECK(message->to_string() == no_statement);
}

TEST_CASE("siwe: every optional field round-trips") {
  auto message = parse(kFull);
  REQUIRE_MESSAGE(message.ok(), message.error().message);
  CHECK(message->scheme == "https");
  CHECK(message->domain == "example.com:8443");
  CHECK(message->chain_id == 8453);
  CHECK(message->expiration_time == "2026-01-02T03:14:05Z");
  CHECK(message->not_before == "2026-01-02T02:04:06.5Z");
  CHECK(message->request_id == "req-42:@x");
  CHECK(message->to_string() == kFull);
  CHECK(validate(message.value()).ok());
  auto again = parse(message->to_string());
  REQUIRE(again.ok());
  CHECK(again.value() == message.value());

  // An empty request id and an empty resource list are present, not absent.
  auto edited = parse_edited("Request ID: req-42:@x\nResources:\n- ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/\n- https://example.com/claims.json",
                             "Request ID: \nResources:", kFull);
  REQUIRE_MESSAGE(edited.ok(), edited.error().message);
  CHECK(edited->request_id == "");
  REQUIRE(edited->resources.has_value());
  CHECK(edited->resources->empty());
  CHECK(parse(edited->to_string()).value() == edited.value());
}

TEST_CASE("siwe: built message serialises to the spec layout") {
  Message message;
  message.domain = "service.org";
  message.address = Address::parse("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2").value();
  message.statement = "I accept the ServiceOrg Terms of Service: https://service.org/tos";
  message.uri = "https://service.org/login";
  message.chain_id = 1;
  message.nonce = "32891757";
  message.issued_at = "2021-09-30T16:25:24.000Z";
  message.resources = {{"ipfs://Qme7ss3ARVgxv6rXqVPiikMJ8u2NLgmgszg13pYrDKEoiu",
                        "https://example.com/my-web2-claim.json"}};
  CHECK(validate(message).ok());
  CHECK(message.to_string() == kSpruce);

  message.statement = "";
  CHECK_FALSE(validate(message).ok());
  message.statement = "two\nlines";
  CHECK_FALSE(validate(message).ok());
  message.statement.reset();
  message.nonce = "short";
  CHECK_FALSE(validate(message).ok());
}

TEST_CASE("siwe: parse rules, one failure each, naming the line") {
  // spruceid parsing_negative cases.
  check_rejected(parse_edited("URI: https://service.org/login\n", ""), "line 6 (URI)");
  check_rejected(parse_edited("\n\nI accept", "\n\n\nI accept"), "line 5");
  check_rejected(parse_edited("2021-09-30T16:25:24.000Z", "Wed Oct 05 2011 16:48:00 GMT+0200 (CEST)"),
                 "line 10 (Issued At)");
  check_rejected(parse_edited("Version: 1\nChain ID: 1", "Chain ID: 1\nVersion: 1"), "line 7 (Version)");
  check_rejected(parse_edited("Version: 1", "Version: 2"), "line 7 (Version)");
  check_rejected(parse_edited("service.org wants", " wants"), "line 1 (domain)");
  check_rejected(parse_edited("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2\n", ""), "line 2 (address)");
  check_rejected(parse_edited("service.org wants", "not_rfc4501 wants"), "line 1 (domain)");
  check_rejected(parse_edited("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2",
                              "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2"),
                 "line 2 (address)");
  check_rejected(parse_edited("Terms of Service: https", "Terms of Service: \nhttps"), "line 5");
  check_rejected(parse_edited("URI: https://service.org/login", "URI: _not_a_rfc3986_valid_uri_"),
                 "line 6 (URI)");
  check_rejected(parse_edited("Chain ID: 1", "Chain ID: ?"), "line 8 (Chain ID)");
  check_rejected(parse_edited("Nonce: 32891757", "Nonce: 1234567"), "line 9 (Nonce)");
  check_rejected(parse_edited("- https://example.com/my-web2-claim.json",
                              "- https://service.org/login - https://service.org/login/2"),
                 "line 13 (Resources)");
  check_rejected(parse_edited("- ipfs://Qme7ss3ARVgxv6rXqVPiikMJ8u2NLgmgszg13pYrDKEoiu",
                              "- _not_a_rfc3986_valid_uri_"),
                 "line 12 (Resources)");

  // Our own rules.
  check_rejected(parse_edited("service.org wants", "https:/service.org wants"), "line 1 (domain)");
  check_rejected(parse_edited("service.org wants", "1https://service.org wants"), "line 1 (scheme)");
  check_rejected(parse_edited("wants you", "wants  you"), "line 1 (domain)");
  check_rejected(parse_edited("service.org wants", "service.org:x wants"), "line 1 (domain)");
  check_rejected(parse_edited("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756C"),
                 "line 2 (address)");
  check_rejected(parse_edited("Cc2\n\n", "Cc2\nx\n"), "line 3");
  check_rejected(parse_edited("I accept the", "I \"accept\" the"), "line 4 (statement)");
  check_rejected(parse_edited("I accept the", "I accept\xc3\xa9 the"), "line 4 (statement)");
  check_rejected(parse_edited("Chain ID: 1", "Chain ID: 01"), "line 8 (Chain ID)");
  check_rejected(parse_edited("Chain ID: 1", "Chain ID: 18446744073709551616"), "line 8 (Chain ID)");
  check_rejected(parse_edited("Chain ID: 1", "Chain ID: -1"), "line 8 (Chain ID)");
  check_rejected(parse_edited("Nonce: 32891757", "Nonce: 32891757!"), "line 9 (Nonce)");
  check_rejected(parse_edited("URI: https", "URI:  https"), "line 6 (URI)");
  check_rejected(parse_edited("URI: https://service.org/login", "URI: https://service.org/a b"), "line 6 (URI)");
  check_rejected(parse_edited("URI: https://service.org/login", "URI: https://service.org/%zz"), "line 6 (URI)");
  check_rejected(parse_edited("Resources:", "Expiration Time: 2021-09-30T16:25:24\nResources:"),
                 "line 11 (Expiration Time)");
  check_rejected(parse_edited("Resources:", "Not Before: tomorrow\nResources:"), "line 11 (Not Before)");
  check_rejected(parse_edited("Resources:", "Request ID: a b\nResources:"), "line 11 (Request ID)");
  check_rejected(parse_edited("Resources:", "Resources: x"), "line 11 (end)");
  check_rejected(parse_edited("Resources:", "Not Before: 2021-09-30T16:25:24Z\nExpiration Time: 2021-09-30T16:25:24Z\nResources:"),
                 "line 12 (end)");
  check_rejected(parse_edited("Resources:", "Request ID: a\nRequest ID: b\nResources:"), "line 12 (end)");
  check_rejected(parse_edited("Resources:", "Foo: bar\nResources:"), "line 11 (end)");
  check_rejected(parse_edited("claim.json", "claim.json\n"), "line 14 (end)");
  check_rejected(parse_edited("Version: 1\n", "Version: 1\r\n"), "line 7 (Version)");
  check_rejected(parse_edited("2021-09-30T16:25:24.000Z\nResources:\n- ipfs://Qme7ss3ARVgxv6rXqVPiikMJ8u2NLgmgszg13pYrDKEoiu\n- https://example.com/my-web2-claim.json",
                              "2021-09-30T16:25:24.000Z\n"),
                 "line 11 (end)");
  check_rejected(parse(""), "line 1 (domain)");
  check_rejected(parse("service.org wants you to sign in with your Ethereum account:"), "line 2 (address)");
}

TEST_CASE("siwe: verify spruceid signed vectors") {
  struct Vector {
    std::string_view text;
    std::string_view signature;
    std::string_view time;
  };
  const Vector vectors[] = {
      {"login.xyz wants you to sign in with your Ethereum account:\n"
       "0x9D85ca56217D2bb651b00f15e694EB7E713637D4\n\nSign-In With Ethereum Example Statement\n\n"
       "URI: https://login.xyz\nVersion: 1\nChain ID: 1\nNonce: bTyXgcQxn2htgkjJn\n"
       "Issued At: 2022-01-27T17:09:38.578Z\nExpiration Time: 2100-01-07T14:31:43.952Z",
       "0xdc35c7f8ba2720df052e0092556456127f00f7707eaa8e3bbff7e56774e7f2e05a093cfc9e02964c33d86e8e066e221b7d153d27e5a2e97ccd5ca7d3f2ce06cb1b",
       "2022-01-27T17:09:38.578Z"},
      {"login.xyz wants you to sign in with your Ethereum account:\n"
       "0xE6D3Aa1F561A215E5eb1f02Ba8705385F03fCaFB\n\nSign-In With Ethereum Example Statement\n\n"
       "URI: https://login.xyz\nVersion: 1\nChain ID: 1\nNonce: lx2nx4so\n"
       "Issued At: 2022-01-05T14:27:30.883Z\nNot Before: 2100-01-07T14:31:43.952Z",
       "0xc2539ace78f13c7eb8c0852d38d269a6f97bebd9f7872097d2e3137b541f8bf50176062a46eeea83086bd2721423fb5755a932ff6ccc046ed482d14e4576042f1c",
       "2101-01-07T14:31:43.952Z"},
      {"login.xyz wants you to sign in with your Ethereum account:\n"
       "0x2ecA0068307e706741445764A3D6A4402aC2A5a9\n\nSign-In With Ethereum Example Statement\n\n"
       "URI: https://login.xyz\nVersion: 1\nChain ID: 1\nNonce: lx2nx4so\n"
       "Issued At: 2022-01-05T14:27:30.883Z\nExpiration Time: 2021-01-05T00:00:00Z",
       "0x7337bc2826c7678cd6bc84f5b3b236efc969b0451f9feca2328b1d3401b030c113f19bdba359ba3f52762c66e9147311fa95fe598a1a4ec9bb383a7b4e3874241b",
       "2020-01-05T00:00:00Z"},
      {"www.tally.xyz wants you to sign in with your Ethereum account:\n"
       "0xc95EB884FE852e241D409234bfC7045CB9E31BD7\n\nSign in with Ethereum to Tally\n\n"
       "URI: https://tally.xyz\nVersion: 1\nChain ID: 1\nNonce: 15050747\n"
       "Issued At: 2022-06-30T14:08:51.382Z",
       "0x8c46b6eb8505939892d8e9b075f89f8277321b17b993151f37810cdda38cce6f4a85909d2b53e6a14629c74c0ac38bf4becde78ee5b2529812bf6cceaf7b2a2501",
       "2022-06-30T14:08:51.382Z"},
  };
  for (const auto& vector : vectors) {
    INFO(vector.text);
    auto message = parse(vector.text);
    REQUIRE_MESSAGE(message.ok(), message.error().message);
    VerifyOptions options;
    options.time = at(vector.time);
    const Signature signature = signature_of(vector.signature);
    auto status = verify(message.value(), signature, options);
    if (vector.time == "2020-01-05T00:00:00Z") {
      // spruceid does not compare Issued At with the check time; we do: issued 2022, checked 2020.
      REQUIRE_FALSE(status.ok());
      CHECK(status.error().code == Errc::state);
      options.time = at("2022-01-05T14:27:30.883Z");
      status = verify(message.value(), signature, options);
      REQUIRE_FALSE(status.ok());  // and at issue time it has long expired
      CHECK(status.error().message.find("expired") != std::string::npos);
    } else {
      CHECK_MESSAGE(status.ok(), status.error().message);
    }
  }
}

TEST_CASE("siwe: verify checks expectations and the signature") {
  auto message = parse(kFull);
  REQUIRE(message.ok());
  const Signature signature = signature_of(kFullSignature);
  VerifyOptions options;
  options.time = at("2026-01-02T02:30:00Z");
  options.scheme = "https";
  options.domain = "example.com:8443";
  options.address = Address::parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826").value();
  options.chain_id = 8453;
  options.nonce = "abcDEF12345";
  auto ok = verify(message.value(), signature, options);
  CHECK_MESSAGE(ok.ok(), ok.error().message);

  const auto expect_state = [&](VerifyOptions changed, std::string_view needle) {
    auto status = verify(message.value(), signature, changed);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == Errc::state);
    CHECK_MESSAGE(status.error().message.find(needle) != std::string::npos, status.error().message);
  };
  auto changed = options;
  changed.domain = "example.com";
  expect_state(changed, "domain");
  changed = options;
  changed.scheme = "http";
  expect_state(changed, "scheme");
  changed = options;
  changed.chain_id = 1;
  expect_state(changed, "chain id");
  changed = options;
  changed.nonce = "abcDEF12346";
  expect_state(changed, "nonce");
  changed = options;
  changed.address = Address::parse("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf").value();
  expect_state(changed, "address");

  // The same signature over altered text recovers to some other address.
  options.nonce.reset();
  auto other = message.value();
  other.request_id = "req-43";
  auto status = verify(other, signature, options);
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().code == Errc::signature);
  CHECK_MESSAGE(status.error().message.find("not by 0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826") !=
                    std::string::npos,
                status.error().message);
}

TEST_CASE("siwe: time window boundaries") {
  auto message = parse(kFull);
  REQUIRE(message.ok());
  const Signature signature = signature_of(kFullSignature);
  // Issued 02:04:05.678Z, not before 02:04:06.5Z, expires 03:14:05Z.
  const auto check = [&](Timestamp time) {
    VerifyOptions options;
    options.time = time;
    return verify(message.value(), signature, options);
  };
  CHECK(check(Timestamp{1767319446, 500000000}).ok());       // exactly not-before
  CHECK_FALSE(check(Timestamp{1767319446, 499999999}).ok());  // 1 ns before not-before
  CHECK(check(Timestamp{1767323644, 999999999}).ok());        // 1 ns before expiry
  CHECK_FALSE(check(Timestamp{1767323645, 0}).ok());          // exactly expiry
  CHECK(check(at("2026-01-02T03:00:00.000-00:14")).ok());     // 03:14:00Z, offset applied

  // Issued-at boundary, on a message without not-before.
  Message no_nbf = message.value();
  no_nbf.not_before.reset();
  VerifyOptions options;
  options.time = Timestamp{1767319445, 678000000};  // exactly issued-at: the signature is checked
  auto at_issue = verify(no_nbf, signature, options);
  REQUIRE_FALSE(at_issue.ok());
  CHECK(at_issue.error().code == Errc::signature);  // time passed, text differs from what was signed
  options.time = Timestamp{1767319445, 677999999};
  auto before_issue = verify(no_nbf, signature, options);
  REQUIRE_FALSE(before_issue.ok());
  CHECK(before_issue.error().code == Errc::state);
}
