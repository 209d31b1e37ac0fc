"""CLI tests of the signing verbs: wallet sign (EIP-191 / EIP-712), wallet verify, siwe verify.

Expected signatures were computed with ethers v6.17 (Wallet.signMessage / signTypedData) and the
EIP-712 specification's Mail example; one test re-derives a signature live with ethers when
LIQUIDBOT_JS_DIR points at the test-bed node_modules.
"""
import json
import os
import subprocess

import pytest

from cli_helpers import bad, ok, run

JS_DIR = os.environ.get("LIQUIDBOT_JS_DIR")

KEY46 = "0x" + "46" * 32
ADDR46 = "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F"
SIG_HELLO = ("0xf63c93dc642a4839770b35abf9cb304ac2f1b5463d9a9abd87546feaa0af992e"
             "659cf087c433e45c45f6135cb819ab1922c6359dbb1b8c8d7a54141de2cd4beb1b")
COW = "0xc85ef7d79691fe79573b1a7064c19c1a9819ebdbd1faaab1a8ec92344438aaf4"  # keccak256("cow")

MAIL = {
    "types": {
        "EIP712Domain": [{"name": "name", "type": "string"}, {"name": "version", "type": "string"},
                         {"name": "chainId", "type": "uint256"},
                         {"name": "verifyingContract", "type": "address"}],
        "Person": [{"name": "name", "type": "string"}, {"name": "wallet", "type": "address"}],
        "Mail": [{"name": "from", "type": "Person"}, {"name": "to", "type": "Person"},
                 {"name": "contents", "type": "string"}],
    },
    "primaryType": "Mail",
    "domain": {"name": "Ether Mail", "version": "1", "chainId": 1,
               "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
    "message": {"from": {"name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
                "to": {"name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},
                "contents": "Hello, Bob!"},
}
# EIP-712 Example.js: v = 28, r = 0x4355c47d..., s = 0x07299936...
MAIL_SIG = ("0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"
            "07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c")

SIWE = ("https://example.com:8443 wants you to sign in with your Ethereum account:\n"
        "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826\n\n"
        "I accept the Terms: https://example.com/tos?x=1&y=2#frag\n\n"
        "URI: https://example.com/login\nVersion: 1\nChain ID: 8453\nNonce: abcDEF12345\n"
        "Issued At: 2026-01-02T03:04:05.678+01:00\nExpiration Time: 2026-01-02T03:14:05Z\n"
        "Not Before: 2026-01-02T02:04:06.5Z\nRequest ID: req-42:@x\nResources:\n"
        "- ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/\n"
        "- https://example.com/claims.json")
SIWE_SIG = ("0x26d13248a3b3c7baab40335af7e26ed8a7c10a8aa18a4fe2b0eb05fd4944f242"
            "1260c146674aa3ce2f24a457b842e09b5d2193d4f4135fc61caf186a3c184a851b")
SIWE_TIME = "2026-01-02T02:30:00Z"


def refused(*args):
    """A check that ran and said no: exit 1, one line on stdout."""
    result = run(*args)
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert len(result.stdout.splitlines()) == 1
    return result.stdout


# ---- wallet sign ----------------------------------------------------------------------------------

@pytest.mark.parametrize("message, signature", [
    ("hello", SIG_HELLO),
    ("0x00ff", "0xbf7bb0c6823d6677eafec9b7a9c232f4bfd85c7b7edcd209b6bd987a6d34e5c2"
               "4dd04a4a35a6068937f8f306d286c41b3e8c7a24f2ff2e4634678a32e6dc9b281c"),
    ("h\u00e9llo w\u00f6rld", "0x660542d5a104bc0f5187f8043fb3cf75f9c4dad05f552aaac32a0cb327283ff7"
                              "60d67f676caa47f890ca0846da5a72a188b098ddc02894c69795c46559fccc751c"),
    ("", "0xff65394fc6cc70eee8e5ee1160dfa355a0484ad2988b65d01aee4bf58288958f"
         "082ce5e2c2d9d49130a2b1e8d01850cc00b0f17637f029570420e5a4a8d724fd1c"),
])
def test_sign_message(message, signature):
    assert ok("wallet", "sign", "--private-key", KEY46, message) == signature + "\n"


def test_sign_typed_data_inline_and_from_file(tmp_path):
    assert ok("wallet", "sign", "--private-key", COW, "--data", json.dumps(MAIL)) == MAIL_SIG + "\n"
    path = tmp_path / "mail.json"
    path.write_text(json.dumps(MAIL, indent=2))
    assert ok("wallet", "sign", "--private-key", COW, "--data", "--from-file", str(path)) == MAIL_SIG + "\n"


@pytest.mark.skipif(not JS_DIR, reason="LIQUIDBOT_JS_DIR not set")
def test_sign_message_matches_live_ethers():
    message = "liquidbot \u2713 live check"
    script = ("import { ethers } from 'ethers';"
              f"console.log(await new ethers.Wallet('{KEY46}').signMessage({json.dumps(message)}));")
    expected = subprocess.run(["node", "--input-type=module", "-e", script], cwd=JS_DIR,
                              capture_output=True, text=True, check=True).stdout
    assert ok("wallet", "sign", "--private-key", KEY46, message) == expected


@pytest.mark.parametrize("args, needle", [
    (["--private-key", "0x1234", "hi"], "--private-key"),
    (["--private-key", "0x" + "00" * 32, "hi"], "--private-key"),
    (["hi"], "--private-key"),
    (["--private-key", KEY46], "<message>"),
    (["--private-key", KEY46, "0xabc"], "<message>"),
    (["--private-key", KEY46, "a", "b"], "unexpected extra argument"),
    (["--private-key", KEY46, "--from-file", "x.json"], "--from-file"),
    (["--private-key", KEY46, "--data", "{"], "<typed-data>"),
    (["--private-key", KEY46, "--data", "--from-file", "/nonexistent/typed.json"], "cannot open"),
    (["--private-key", KEY46, "--data", json.dumps({**MAIL, "primaryType": "Person"})], "primaryType"),
    (["--private-key", KEY46, "--data",
      json.dumps({"types": {"P": [{"name": "a", "type": "uint8"}]}, "domain": {}, "message": {"a": 256}})],
     "message.a: value out-of-bounds for uint8"),
    (["--private-key", KEY46, "--bogus", "hi"], "--bogus"),
])
def test_sign_bad_input(args, needle):
    assert needle in bad("wallet", "sign", *args)


# ---- wallet verify --------------------------------------------------------------------------------

def test_verify_valid_and_invalid():
    assert "Validation succeeded" in ok("wallet", "verify", "--address", ADDR46, "hello", SIG_HELLO)
    assert "Validation succeeded" in ok("wallet", "verify", "--address", ADDR46.lower(), "hello", SIG_HELLO)
    assert "Validation failed" in refused("wallet", "verify", "--address", ADDR46, "hellp", SIG_HELLO)
    assert "Validation failed" in refused("wallet", "verify", "--address",
                                          "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", "hello", SIG_HELLO)
    # "0x68656c6c6f" is the bytes of "hello": the same signed digest.
    assert "Validation succeeded" in ok("wallet", "verify", "--address", ADDR46, "0x68656c6c6f", SIG_HELLO)
    # v given as 0/1 instead of 27/28.
    assert "Validation succeeded" in ok("wallet", "verify", "--address", ADDR46, "hello", SIG_HELLO[:-2] + "00")


@pytest.mark.parametrize("args, needle", [
    (["--address", "0x9d8a62f656a8d1615C1294fd71e9CFb3E4855A4F", "hello", SIG_HELLO], "--address"),
    (["--address", ADDR46, "hello", SIG_HELLO[:-2]], "<signature>"),
    (["--address", ADDR46, "hello", "0xzz"], "<signature>"),
    (["--address", ADDR46, "hello"], "<signature>"),
    (["--address", ADDR46, "hello", SIG_HELLO[:-2] + "1d"], "<signature>"),
    (["hello", SIG_HELLO], "--address"),
])
def test_verify_bad_input(args, needle):
    assert needle in bad("wallet", "verify", *args)


# ---- siwe verify ----------------------------------------------------------------------------------

@pytest.fixture
def siwe_file(tmp_path):
    path = tmp_path / "siwe.txt"
    path.write_bytes(SIWE.encode())
    return str(path)


def test_siwe_valid(siwe_file):
    out = ok("siwe", "verify", "--message-file", siwe_file, "--signature", SIWE_SIG, "--domain",
             "example.com:8443", "--nonce", "abcDEF12345", "--chain-id", "8453", "--time", SIWE_TIME)
    assert "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826" in out


@pytest.mark.parametrize("extra, needle", [
    (["--domain", "evil.com"], "domain"),
    (["--nonce", "abcDEF99999"], "nonce"),
    (["--chain-id", "1"], "chain id"),
    (["--time", "2026-01-02T03:14:05Z"], "expired"),
    (["--time", "2026-01-02T02:04:06.4Z"], "not valid before"),
    (["--time", "2020-01-01T00:00:00Z"], "issued"),
    (["--time", "2030-01-01T00:00:00Z"], "expired"),
])
def test_siwe_check_fails(siwe_file, extra, needle):
    args = ["--time", SIWE_TIME] + extra if "--time" not in extra else extra
    out = refused("siwe", "verify", "--message-file", siwe_file, "--signature", SIWE_SIG, *args)
    assert needle in out


def test_siwe_wrong_signer(tmp_path):
    path = tmp_path / "other.txt"
    path.write_bytes(SIWE.replace("req-42", "req-43").encode())
    out = refused("siwe", "verify", "--message-file", str(path), "--signature", SIWE_SIG, "--time", SIWE_TIME)
    assert "signature" in out


@pytest.mark.parametrize("text, needle", [
    (SIWE + "\n", "line 17"),
    (SIWE.replace("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", "0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826"),
     "line 2 (address)"),
    (SIWE.replace("Version: 1", "Version: 2"), "line 7 (Version)"),
    (SIWE.replace("Nonce: abcDEF12345", "Nonce: abc"), "line 9 (Nonce)"),
    (SIWE.replace("wants you", "want you"), "line 1"),
])
def test_siwe_malformed_message(tmp_path, text, needle):
    path = tmp_path / "bad.txt"
    path.write_bytes(text.encode())
    assert needle in bad("siwe", "verify", "--message-file", str(path), "--signature", SIWE_SIG)


@pytest.mark.parametrize("extra, needle", [
    (["--signature", "0x1234"], "--signature"),
    (["--signature", SIWE_SIG, "--time", "yesterday"], "--time"),
    (["--signature", SIWE_SIG, "--chain-id", "x"], "--chain-id"),
])
def test_siwe_bad_arguments(siwe_file, extra, needle):
    assert needle in bad("siwe", "verify", "--message-file", siwe_file, *extra)


def test_siwe_missing_file():
    assert "--message-file" in bad("siwe", "verify", "--message-file", "/nonexistent/siwe.txt",
                                   "--signature", SIWE_SIG)
