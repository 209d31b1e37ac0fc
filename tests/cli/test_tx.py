"""CLI tests for `liquidbot wallet address`, `mktx` and `decode-tx`.

Expected values come from ethers v6 (Wallet, Wallet.signTransaction, Transaction.from, Interface),
run through node in LIQUIDBOT_JS_DIR, or from the published EIP-155 example."""

import json
import random

from cli_helpers import bad as bad_input, ethers, ok_line as ok

KEY46 = "0x" + "46" * 32
SENDER46 = "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F"
TO35 = "0x" + "35" * 20
EIP155_RAW = (
    "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef"
    "61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf5"
    "55c9f3dc64214b297fb1966a3b6d83")


# ---- wallet address -----------------------------------------------------------------------------

def test_wallet_address_matches_ethers():
    rng = random.Random(7)
    keys = [KEY46, "0x" + "00" * 31 + "01"] + ["0x%064x" % rng.randrange(1, 2**255) for _ in range(20)]
    expected = ethers("(keys) => keys.map((k) => new ethers.Wallet(k).address)", keys)
    for key, address in zip(keys, expected):
        assert ok("wallet", "address", "--private-key", key) == address
    assert ok("wallet", "address", "--private-key", KEY46[2:]) == SENDER46


def test_wallet_address_bad_input():
    assert "--private-key" in bad_input("wallet", "address")
    assert "--private-key" in bad_input("wallet", "address", "--private-key", "0x1234")
    err = bad_input("wallet", "address", "--private-key", "0x" + "00" * 32)
    assert "--private-key" in err and "curve order" in err
    err = bad_input("wallet", "address", "--private-key", "0x" + "zz" * 32)
    assert "--private-key" in err and "zz" not in err  # the key text is never echoed


# ---- mktx ---------------------------------------------------------------------------------------

def sign_with_ethers(txs):
    script = """async (txs) => {
      const wallet = new ethers.Wallet(txs[0].key);
      const out = [];
      for (const t of txs) {
        const tx = { ...t.tx };
        for (const k of ['chainId', 'gasLimit', 'gasPrice', 'maxFeePerGas', 'maxPriorityFeePerGas', 'value'])
          if (tx[k] !== undefined) tx[k] = BigInt(tx[k]);
        if (t.call) tx.data = new ethers.Interface(['function ' + t.call.sig]).encodeFunctionData(
          t.call.sig.split('(')[0], t.call.args);
        out.push(await new ethers.Wallet(t.key).signTransaction(tx));
      }
      return out;
    }"""
    return ethers(script, txs)


def test_mktx_eip155_published_example():
    assert ok("mktx", "--private-key", KEY46, "--chain", "1", "--nonce", "9", "--gas-limit", "21000",
              "--gas-price", "20000000000", "--value", "1000000000000000000", "--legacy", TO35) == EIP155_RAW


def test_mktx_all_types_match_ethers():
    approve = {"sig": "approve(address,uint256)",
               "args": ["0xA238Dd80C259a72e81d7e4664a9801593F98d1c5", "115792089237316195423570985008687907853269984665640564039457584007913129639935"]}
    access = [{"address": "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
               "storageKeys": ["0x" + "01" * 32, "0x" + "00" * 32]}]
    cases = [
        # (cli args, ethers tx, call)
        (["--chain", "8453", "--nonce", "0", "--gas-limit", "21000", "--gas-price", "2000000000",
          "--priority-gas-price", "1000000", "--value", "1000000000000000000", TO35],
         {"type": 2, "chainId": "8453", "nonce": 0, "gasLimit": "21000", "maxFeePerGas": "2000000000",
          "maxPriorityFeePerGas": "1000000", "to": TO35, "value": "1000000000000000000", "accessList": []}, None),
        (["--chain", "0x2105", "--nonce", "0x2a", "--gas-limit", "0x3d090", "--gas-price", "0x77359400",
          "--priority-gas-price", "0", "0xA238Dd80C259a72e81d7e4664a9801593F98d1c5",
          "approve(address,uint256)", approve["args"][0], approve["args"][1]],
         {"type": 2, "chainId": "8453", "nonce": 42, "gasLimit": "250000", "maxFeePerGas": "2000000000",
          "maxPriorityFeePerGas": "0", "to": "0xA238Dd80C259a72e81d7e4664a9801593F98d1c5", "value": "0",
          "accessList": []}, approve),
        (["--chain", "8453", "--nonce", "3", "--gas-limit", "60000", "--gas-price", "5000000",
          "--legacy", TO35, "0xdeadbeef"],
         {"type": 0, "chainId": "8453", "nonce": 3, "gasLimit": "60000", "gasPrice": "5000000", "to": TO35,
          "value": "0", "data": "0xdeadbeef"}, None),
        (["--chain", "8453", "--nonce", "4", "--gas-limit", "60000", "--gas-price", "5000000", "--legacy",
          "--access-list", json.dumps(access), TO35],
         {"type": 1, "chainId": "8453", "nonce": 4, "gasLimit": "60000", "gasPrice": "5000000", "to": TO35,
          "value": "0", "accessList": access}, None),
        (["--chain", "1", "--nonce", "5", "--gas-limit", "90000", "--gas-price", "7", "--priority-gas-price", "7",
          "--access-list", json.dumps(access), "--value", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
          TO35],
         {"type": 2, "chainId": "1", "nonce": 5, "gasLimit": "90000", "maxFeePerGas": "7",
          "maxPriorityFeePerGas": "7", "to": TO35,
          "value": str(2**256 - 1), "accessList": access}, None),
    ]
    expected = sign_with_ethers([{"key": KEY46, "tx": tx, "call": call} for _, tx, call in cases])
    for (args, _, _), raw in zip(cases, expected):
        assert ok("mktx", "--private-key", KEY46, *args) == raw, args


def test_mktx_bad_input():
    base = ["mktx", "--private-key", KEY46, "--chain", "8453", "--nonce", "0", "--gas-limit", "21000"]
    assert "--gas-price" in bad_input(*base, "--priority-gas-price", "1", TO35)
    assert "--priority-gas-price" in bad_input(*base, "--gas-price", "1", TO35)
    assert "--priority-gas-price" in bad_input(*base, "--gas-price", "1", "--priority-gas-price", "2", TO35)
    assert "--priority-gas-price" in bad_input(*base, "--gas-price", "1", "--priority-gas-price", "1", "--legacy", TO35)
    assert "<to>" in bad_input(*base, "--gas-price", "1", "--priority-gas-price", "1")
    assert "<to>" in bad_input(*base, "--gas-price", "1", "--priority-gas-price", "1", "0x1234")
    assert "--nonce" in bad_input("mktx", "--private-key", KEY46, "--chain", "1", "--nonce", str(2**64),
                                  "--gas-limit", "1", "--gas-price", "1", "--priority-gas-price", "1", TO35)
    assert "--nonce" in bad_input("mktx", "--private-key", KEY46, "--chain", "1", "--nonce", "-1",
                                  "--gas-limit", "1", "--gas-price", "1", "--priority-gas-price", "1", TO35)
    assert "--chain" in bad_input("mktx", "--private-key", KEY46, "--chain", "0", "--nonce", "1",
                                  "--gas-limit", "1", "--gas-price", "1", "--priority-gas-price", "1", TO35)
    assert "--value" in bad_input(*base, "--gas-price", "1", "--priority-gas-price", "1", "--value", "1e18", TO35)
    assert "--access-list" in bad_input(*base, "--gas-price", "1", "--priority-gas-price", "1",
                                        "--access-list", "[{\"address\":\"0x12\",\"storageKeys\":[]}]", TO35)
    assert "--access-list" in bad_input(*base, "--gas-price", "1", "--priority-gas-price", "1",
                                        "--access-list", "{", TO35)
    assert "--access-list" in bad_input(*base, "--gas-price", "1", "--priority-gas-price", "1", "--access-list",
                                        json.dumps([{"address": TO35, "storageKeys": ["0x01"]}]), TO35)
    assert "<args>" in bad_input(*base, "--gas-price", "1", "--priority-gas-price", "1", TO35,
                                 "approve(address,uint256)", TO35)
    assert "argument 2" in bad_input(*base, "--gas-price", "1", "--priority-gas-price", "1", TO35,
                                     "approve(address,uint256)", TO35, "lots")
    assert "--bogus" in bad_input(*base, "--gas-price", "1", "--priority-gas-price", "1", "--bogus", "1", TO35)


# ---- decode-tx ----------------------------------------------------------------------------------

DECODE_SCRIPT = """(raws) => raws.map((raw) => {
  const t = ethers.Transaction.from(raw);
  const out = { type: String(t.type), chainId: t.chainId.toString(), nonce: String(t.nonce) };
  if (t.type === 2) {
    out.maxPriorityFeePerGas = t.maxPriorityFeePerGas.toString();
    out.maxFeePerGas = t.maxFeePerGas.toString();
  } else {
    out.gasPrice = t.gasPrice.toString();
  }
  out.gasLimit = t.gasLimit.toString();
  out.to = t.to;
  out.value = t.value.toString();
  out.data = t.data;
  if (t.type !== 0) out.accessList = t.accessList.map((e) => ({ address: e.address, storageKeys: e.storageKeys }));
  out.v = t.type === 0 ? (t.signature.networkV ?? BigInt(t.signature.v)).toString() : String(t.signature.yParity);
  out.yParity = String(t.signature.yParity);
  out.r = t.signature.r;
  out.s = t.signature.s;
  out.from = t.from;
  out.hash = t.hash;
  return out;
})"""


def test_decode_tx_matches_ethers():
    access = [{"address": "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", "storageKeys": ["0x" + "ab" * 32]}]
    raws = sign_with_ethers([
        {"key": KEY46, "tx": {"type": 2, "chainId": "8453", "nonce": 7, "gasLimit": "300000", "maxFeePerGas": "123",
                              "maxPriorityFeePerGas": "45", "to": None, "value": "9", "data": "0x6000",
                              "accessList": access}},
        {"key": "0x" + "07" * 32, "tx": {"type": 1, "chainId": "10", "nonce": 0, "gasLimit": "21000",
                                         "gasPrice": "1", "to": TO35, "value": "0", "accessList": access}},
        {"key": KEY46, "tx": {"type": 0, "chainId": "0", "nonce": 1, "gasLimit": "21000", "gasPrice": "2",
                              "to": TO35, "value": "3"}},
    ]) + [EIP155_RAW]
    expected = ethers(DECODE_SCRIPT, raws)
    for raw, want in zip(raws, expected):
        got = json.loads(ok("decode-tx", raw))
        assert got == want, raw
        assert list(got.keys()) == list(want.keys())


def test_decode_tx_round_trips_mktx():
    raw = ok("mktx", "--private-key", KEY46, "--chain", "8453", "--nonce", "11", "--gas-limit", "50000",
             "--gas-price", "1000", "--priority-gas-price", "10", TO35, "transfer(address,uint256)", TO35, "5")
    decoded = json.loads(ok("decode-tx", raw))
    assert decoded["from"] == SENDER46
    assert decoded["nonce"] == "11"
    assert decoded["data"].startswith("0xa9059cbb")


def test_decode_tx_bad_input():
    assert "<raw>" in bad_input("decode-tx")
    assert "<raw>" in bad_input("decode-tx", "0xzz")
    assert "<raw>" in bad_input("decode-tx", "0x")
    err = bad_input("decode-tx", "0x03" + EIP155_RAW[2:])
    assert "<raw>" in err and "unknown transaction type" in err
    assert "<raw>" in bad_input("decode-tx", EIP155_RAW + "00")
    assert "<raw>" in bad_input("decode-tx", EIP155_RAW[:-2])
