"""CLI tests of the ABI verbs (calldata, abi-encode, abi-decode, calldata-decode).

Expected encodings are the Solidity ABI spec examples and ethers v6 outputs (computed with
ethers.Interface / AbiCoder and pasted here); the round-trip cases feed our output back in.
"""

import pytest

from cli_helpers import bad, ok


W = lambda n: format(n, "064x")  # noqa: E731 - one ABI word

SAM = ("0xa5643bf2" + W(0x60) + W(1) + W(0xA0) + W(4) + "64617665" + "0" * 56 + W(3) + W(1) + W(2) + W(3))
F_SPEC = ("0x8be65246" + W(0x123) + W(0x80) + "3132333435363738393000000000000000000000000000000000000000000000"
          + W(0xE0) + W(2) + W(0x456) + W(0x789) + W(0xD)
          + "48656c6c6f2c20776f726c642100000000000000000000000000000000000000")
REPAY = ("0x573ade81000000000000000000000000833589fcd6edb6e08f4c7c32d4f71b54bda02913"
         "00000000000000000000000000000000000000000000000000000000000f4240"
         "0000000000000000000000000000000000000000000000000000000000000002"
         "0000000000000000000000001111111111111111111111111111111111111111")
USDC = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"


def test_calldata_spec_examples():
    assert ok("calldata", "baz(uint32,bool)", "69", "true") == "0xcdcd77c0" + W(69) + W(1) + "\n"
    assert ok("calldata", "bar(bytes3[2])", "[0x616263, 0x646566]") == (
        "0xfce353f6" + "616263" + "0" * 58 + "646566" + "0" * 58 + "\n")
    assert ok("calldata", "sam(bytes,bool,uint256[])", "0x64617665", "true", "[1,2,3]") == SAM + "\n"
    assert ok("calldata", "f(uint256,uint32[],bytes10,bytes)", "0x123", "[0x456,0x789]",
              "0x31323334353637383930", "0x48656c6c6f2c20776f726c6421") == F_SPEC + "\n"


def test_calldata_repay_matches_ethers():
    out = ok("calldata", "repay(address asset, uint256 amount, uint interestRateMode, address onBehalfOf)",
             USDC.lower(), "1000000", "2", "0x1111111111111111111111111111111111111111")
    assert out == REPAY + "\n"


def test_abi_encode_has_no_selector():
    # ethers AbiCoder.encode(["string","int8"], ["a, b", -1])
    out = ok("abi-encode", "f(string,int8)", "a, b", "-1")
    assert out == "0x" + W(0x40) + "f" * 64 + W(4) + "612c2062" + "0" * 56 + "\n"
    assert ok("abi-encode", "f()") == "0x\n"


def test_calldata_decode_spec_example():
    out = ok("calldata-decode", "sam(bytes,bool,uint256[])", SAM)
    assert out == "0x64617665\ntrue\n[1, 2, 3]\n"
    out = ok("calldata-decode", "f(uint256,uint32[],bytes10,bytes)", F_SPEC)
    assert out == "291\n[1110, 1929]\n0x31323334353637383930\n0x48656c6c6f2c20776f726c6421\n"
    out = ok("calldata-decode", "repay(address,uint256,uint256,address)", REPAY)
    assert out == f"{USDC}\n1000000\n2\n0x1111111111111111111111111111111111111111\n"


def test_abi_decode_outputs_and_inputs():
    # (uint256[], string) = ([1, 2], "one"), as ethers AbiCoder encodes it.
    data = "0x" + W(0x40) + W(0xA0) + W(2) + W(1) + W(2) + W(3) + "6f6e65" + "0" * 58
    assert ok("abi-decode", "f()(uint256[],string)", data) == "[1, 2]\none\n"
    assert ok("abi-decode", "--input", "f(uint256[],string)", data) == "[1, 2]\none\n"
    assert ok("abi-decode", "balanceOf(address)(uint256)", W(10**18)) == "1000000000000000000\n"
    # Nested tuples, negative integers and checksummed addresses print cast-style.
    enc = ok("abi-encode", "f((int8,address)[],bool)", f"[(-5, {USDC.lower()}), (7, {USDC})]", "false").strip()
    assert ok("abi-decode", "--input", "f((int8,address)[],bool)", enc) == (
        f"[(-5, {USDC}), (7, {USDC})]\nfalse\n")


def test_round_trip_strings_with_commas_and_quotes():
    enc = ok("calldata", "f(string[],string)", '["a,b", "q\\"uote", plain]', "top, level").strip()
    assert ok("calldata-decode", "f(string[],string)", enc) == '[a,b, q"uote, plain]\ntop, level\n'


@pytest.mark.parametrize("args, fragment", [
    (("calldata", "f(uint7)", "1"), "<signature>: bad type 'uint7'"),
    (("calldata", "f(uint256", "1"), "<signature>: missing ')'"),
    (("calldata", "f(uint256,bool)", "1"), "<args>: f(uint256,bool) takes 2 arguments, 1 given"),
    (("calldata", "f(uint8)", "256"), "argument 1 (uint8): 256 does not fit in uint8"),
    (("calldata", "f(int8)", "-129"), "argument 1 (int8): -129 does not fit in int8"),
    (("calldata", "f(bool)", "yes"), "argument 1 (bool): 'yes' is not a bool"),
    (("calldata", "f(address)", "0x1234"), "argument 1 (address): '0x1234' is not an address"),
    (("calldata", "f(bytes2)", "0x010203"), "argument 1 (bytes2): 3 bytes given, bytes2 needs exactly 2"),
    (("calldata", "f(uint8[2])", "[1]"), "argument 1 (uint8[2]): 1 elements given, uint8[2] needs 2"),
    (("abi-encode", "f(bytes)", "0xabc"), "argument 1 (bytes):"),
    (("abi-decode", "f()(uint256)", "0xzz"), "<hex>:"),
    (("abi-decode", "f()(uint8)", W(256)), "<hex>: value 0 (uint8) at byte 0: bits above 8 are set"),
    (("abi-decode", "f()(bytes)", W(0x40) + W(0)), "<hex>: value 0 (bytes) at byte 0: offset 64 is not the canonical 32"),
    (("abi-decode", "f()(uint256)", W(1) + "00"), "<hex>: 1 unexpected bytes after the encoding"),
    (("abi-decode", "f()(uint256[])", W(0x20) + W(2**64 - 1)), "<hex>: value 0 (uint256[]) at byte 32: length"),
    (("calldata-decode", "baz(uint32,bool)", "0xcdcd77c1" + W(1) + W(1)), "<calldata>: calldata selector 0xcdcd77c1 is not 0xcdcd77c0"),
    (("calldata-decode", "baz(uint32,bool)", "0xcd"), "<calldata>: calldata of 1 bytes is shorter"),
    (("calldata-decode", "baz(uint32,bool)",), "<calldata>: is missing"),
    (("abi-decode", "f(uint256)", W(1)), "<signature>: has no outputs"),
    (("abi-decode", "f()(uint256)", W(1), "extra"), "extra: unexpected extra argument"),
    (("abi-decode", "--bogus", "f()(uint256)", W(1)), "--bogus: is not an option of this command"),
    (("calldata",), "<signature>: is missing"),
])
def test_bad_input_exit_2_one_line(args, fragment):
    line = bad(*args)
    assert fragment in line, line
    assert line.startswith("liquidbot " + args[0] + ": ")
