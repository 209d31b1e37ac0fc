"""Executor components from Python: signers (hex, env, file, keystore, remote), keystores (the Web3
Secret Storage spec vectors and ethers v6 as references), the SQLite store, the nonce manager and the
sender against a scripted JSON-RPC node on 127.0.0.1, and the errors each raises."""
import json
import os
import shutil
import subprocess

import pytest

import liquidbot as lb
from conftest import JS_DIR, json_rpc, json_server

# Hardhat's published default accounts (public test keys).
KEY0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
ADDR0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
KEY1 = "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
ADDR1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
DEAD = "0x000000000000000000000000000000000000dEaD"
USER = "0x1111111111111111111111111111111111111111"
WAD = 10**18

# https://ethereum.org/en/developers/docs/data-structures-and-encoding/web3-secret-storage/ (pbkdf2 vector)
SPEC_KEY = "7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d"
SPEC_PBKDF2 = json.dumps({"crypto": {
    "cipher": "aes-128-ctr", "cipherparams": {"iv": "6087dab2f9fdbbfaddc31a909735c1e6"},
    "ciphertext": "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46", "kdf": "pbkdf2",
    "kdfparams": {"c": 262144, "dklen": 32, "prf": "hmac-sha256",
                  "salt": "ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"},
    "mac": "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"},
    "id": "3198bc9c-6672-5ab3-d995-4942343ae5b6", "version": 3})


def sample_tx(nonce=0):
    return lb.Transaction(chain_id=8453, nonce=nonce, gas_limit=21000, to=DEAD, value=1000,
                          max_fee_per_gas=2 * 10**9, max_priority_fee_per_gas=10**6)


# ---- signers -------------------------------------------------------------------------------------

def test_local_signer_signs_like_private_key():
    s = lb.Signer.from_hex(KEY0)
    assert s.address == ADDR0 and s.kind == "local"
    tx, ref = sample_tx(), sample_tx()
    s.sign_transaction(tx)
    ref.sign(lb.PrivateKey.from_hex(KEY0))
    assert tx.encode() == ref.encode()
    decoded = lb.decode_transaction(tx.encode())
    assert decoded.sender == ADDR0
    assert lb.Signer.from_hex("  " + KEY1 + "\n").address == ADDR1


def test_signer_never_shows_the_key(monkeypatch, tmp_path):
    s = lb.Signer.from_hex(KEY0)
    for text in (repr(s), str(s)):
        assert KEY0[2:] not in text and ADDR0 in text
    bad = KEY0[:-1] + "z"
    with pytest.raises(lb.InvalidArgument) as e:
        lb.Signer.from_hex(bad)
    assert bad[2:] not in str(e.value)
    with pytest.raises(lb.Error):
        lb.Signer.from_hex("0x1234")


def test_signer_from_env_and_file(monkeypatch, tmp_path):
    monkeypatch.setenv("LB_PY_TEST_KEY", KEY1)
    assert lb.Signer.from_env("LB_PY_TEST_KEY").address == ADDR1
    monkeypatch.delenv("LB_PY_TEST_KEY")
    with pytest.raises(lb.NotFound):
        lb.Signer.from_env("LB_PY_TEST_KEY")
    path = tmp_path / "key.hex"
    path.write_text(KEY1 + "\n")
    os.chmod(path, 0o600)
    assert lb.Signer.from_file(str(path)).address == ADDR1
    os.chmod(path, 0o644)
    with pytest.raises(lb.Error) as e:
        lb.Signer.from_file(str(path))
    assert KEY1 not in str(e.value)
    with pytest.raises(lb.IoError):
        lb.Signer.from_file(str(tmp_path / "missing"))


@pytest.fixture
def signing_service():
    """eth_signTransaction on 127.0.0.1 for ADDR0: /honest signs with KEY0, /wrongkey with KEY1,
    /tamper signs value + 1; other accounts get a node error."""

    def reply(request, call):
        t = call["params"][0] if call["method"] == "eth_signTransaction" else {}
        if call["method"] == "eth_chainId":
            return {"result": "0x2105"}
        if t.get("from", "").lower() != ADDR0.lower():
            return {"error": {"code": -32000, "message": f"unknown account {t.get('from')}"}}
        q = lambda k: int(t[k], 16)  # noqa: E731
        tx = lb.Transaction(chain_id=q("chainId"), nonce=q("nonce"), gas_limit=q("gas"), to=t["to"],
                            value=q("value") + (1 if request.path == "/tamper" else 0), data=t["data"],
                            max_fee_per_gas=q("maxFeePerGas"), max_priority_fee_per_gas=q("maxPriorityFeePerGas"))
        tx.sign(lb.PrivateKey.from_hex(KEY1 if request.path == "/wrongkey" else KEY0))
        return {"result": "0x" + tx.encode().hex()}

    with json_server(json_rpc(reply)) as url:
        yield url


def test_remote_signer(signing_service):
    request = json.loads(lb.sign_request_json(sample_tx(3), ADDR0))
    assert request == {"from": ADDR0.lower(), "nonce": "0x3", "gas": "0x5208", "value": "0x3e8", "data": "0x",
                       "chainId": "0x2105", "to": DEAD.lower(), "type": "0x2", "maxFeePerGas": "0x77359400",
                       "maxPriorityFeePerGas": "0xf4240", "accessList": []}
    remote = lb.Signer.remote(lb.RpcClient([signing_service + "/honest"]), ADDR0)
    assert remote.kind == "remote" and remote.address == ADDR0 and "remote" in repr(remote)
    tx, ref = sample_tx(3), sample_tx(3)
    remote.sign_transaction(tx)
    ref.sign(lb.PrivateKey.from_hex(KEY0))  # RFC 6979: the same bytes
    assert tx.encode() == ref.encode()
    for path, error, text in (("/wrongkey", lb.SignatureError, "recovered sender"),
                              ("/tamper", lb.SignatureError, "differs in value")):
        bad = sample_tx(3)
        with pytest.raises(error, match=text):
            lb.Signer.remote(lb.RpcClient([signing_service + path]), ADDR0).sign_transaction(bad)
        assert bad.signature is None
    with pytest.raises(lb.RpcError, match="unknown account"):
        lb.Signer.remote(lb.RpcClient([signing_service + "/honest"]), ADDR1).sign_transaction(sample_tx())


def test_keystore_spec_vector():
    key = lb.keystore_decrypt(SPEC_PBKDF2, "testpassword")
    assert key.address == lb.PrivateKey.from_hex(SPEC_KEY).address
    ours = json.loads(lb.keystore_encrypt(
        lb.PrivateKey.from_hex(SPEC_KEY), "testpassword", kdf="pbkdf2",
        salt=bytes.fromhex("ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"),
        iv=bytes.fromhex("6087dab2f9fdbbfaddc31a909735c1e6")))
    assert ours["crypto"]["ciphertext"] == "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46"
    assert ours["crypto"]["mac"] == "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"
    with pytest.raises(lb.SignatureError):
        lb.keystore_decrypt(SPEC_PBKDF2, "testpassworD")
    assert lb.keystore_address(SPEC_PBKDF2) is None
    assert lb.keystore_address(json.dumps(ours)) == key.address
    s = lb.Signer.from_keystore_json(SPEC_PBKDF2, "testpassword")
    assert s.kind == "keystore" and s.address == key.address


def test_keystore_bad_inputs(tmp_path):
    key = lb.PrivateKey.from_hex(KEY0)
    with pytest.raises(lb.DecodeError):
        lb.keystore_decrypt("{}", "x")
    with pytest.raises(lb.DecodeError):
        lb.keystore_decrypt("not json", "x")
    with pytest.raises(lb.InvalidArgument):
        lb.keystore_encrypt(key, "pw", kdf="argon2")
    with pytest.raises(lb.InvalidArgument):
        lb.keystore_encrypt(key, "pw", salt=b"short")
    with pytest.raises(lb.InvalidArgument):
        lb.keystore_encrypt(key, "pw", iv=b"\x00" * 15)
    path = tmp_path / "ks.json"
    path.write_text(lb.keystore_encrypt(key, "pw", kdf="pbkdf2", pbkdf2_iterations=1000))
    assert lb.Signer.from_keystore(str(path), "pw").address == ADDR0
    with pytest.raises(lb.SignatureError) as e:
        lb.Signer.from_keystore(str(path), "Tr0ub4dor&3")
    assert "Tr0ub4dor" not in str(e.value)


def test_keystore_against_ethers(tmp_path):
    """ethers v6 decrypts liquidbot's scrypt/pbkdf2 keystores; liquidbot decrypts ethers' ones."""
    node = shutil.which("node")
    script = JS_DIR / "oracle" / "keystore.mjs"
    if node is None or not script.exists():
        pytest.skip("node or tests/js/oracle/keystore.mjs not available")
    out = tmp_path / "vectors.json"
    subprocess.run([node, str(script), "--seed", "5", "--count", "4", "--out", str(out)], check=True, timeout=600)
    for v in json.loads(out.read_text()):
        key = lb.keystore_decrypt(v["json"], v["password"])
        assert key.address == lb.to_checksum_address(v["address"])
    ours = {"scrypt": lb.keystore_encrypt(lb.PrivateKey.from_hex(KEY1), "pässword", scrypt_n=1024),
            "pbkdf2": lb.keystore_encrypt(lb.PrivateKey.from_hex(KEY1), "pässword", kdf="pbkdf2",
                                          pbkdf2_iterations=2048)}
    check = ("import fs from 'node:fs'; import { createRequire } from 'node:module';"
             f"const {{ ethers }} = createRequire({json.dumps(str(JS_DIR / 'package.json'))})('ethers');"
             "const input = JSON.parse(fs.readFileSync(0, 'utf8'));"
             "const out = {}; for (const [k, v] of Object.entries(input))"
             " out[k] = ethers.Wallet.fromEncryptedJsonSync(v, 'pässword').privateKey;"
             "console.log(JSON.stringify(out));")
    proc = subprocess.run([node, "--input-type=module", "-e", check], input=json.dumps(ours), text=True,
                          capture_output=True, check=True, timeout=300)
    assert json.loads(proc.stdout) == {"scrypt": "0x" + KEY1, "pbkdf2": "0x" + KEY1}


# ---- store ---------------------------------------------------------------------------------------

def test_store_enrollments(tmp_path):
    store = lb.Store.open(str(tmp_path / "state.db"))
    assert store.schema_version() >= 1
    e = lb.Enrollment(chain_id=8453, user=USER, target_hf=13 * WAD // 10, act_threshold=105 * WAD // 100,
                      strategies=lb.STRATEGY_REPAY | lb.STRATEGY_SUPPLY, max_cost=5 * 10**8)
    store.enroll(e)
    got = store.enrollment(8453, USER)
    assert got.target_hf == 13 * WAD // 10 and got.strategies == 3 and got.active and got.created_at_ms > 0
    assert store.enrollment(1, USER) is None
    assert [x.user for x in store.active_enrollments(8453)] == [USER]
    store.unenroll(8453, USER)
    assert store.active_enrollments(8453) == []
    with pytest.raises(lb.NotFound):
        store.unenroll(8453, ADDR0)
    with pytest.raises(AttributeError):
        lb.Enrollment(chain_id=1, no_such_field=3)
    with pytest.raises(lb.InvalidArgument):
        lb.Enrollment(user="0x1234")
    with pytest.raises(lb.InvalidArgument):
        lb.Enrollment(target_hf=-1)
    # reopening keeps the data (a file, not :memory:)
    del store
    assert lb.Store.open(str(tmp_path / "state.db")).enrollment(8453, USER).active is False


def test_store_intents_and_interventions():
    store = lb.Store.open(":memory:")
    iid = lb.make_intent_id(8453, USER, "hf<act@block:7")
    assert iid.startswith("0x") and len(iid) == 66
    # independent reference: keccak256("liquidbot.intent/1" || chainId (8 bytes BE) || user || trigger)
    preimage = b"liquidbot.intent/1" + (8453).to_bytes(8, "big") + bytes.fromhex(USER[2:]) + b"hf<act@block:7"
    assert iid == "0x" + lb.keccak256(preimage).hex()
    intent = lb.Intent(id=iid, chain_id=8453, user=USER, trigger="hf<act@block:7", strategy="repay", signer=ADDR0)
    assert store.create_intent(intent) is True
    assert store.create_intent(intent) is False
    assert store.intent(iid).state == "planned"
    store.transition_intent(iid, "simulated", "ok")
    with pytest.raises(lb.StateError):
        store.transition_intent(iid, "included", "skip")
    with pytest.raises(lb.NotFound):
        store.transition_intent("0x" + "00" * 32, "simulated")
    with pytest.raises(lb.InvalidArgument):
        store.transition_intent(iid, "teleported")
    assert [i.id for i in store.intents_in_states(["simulated"])] == [iid]
    assert [i.id for i in store.open_intents_for_user(8453, USER)] == [iid]
    assert lb.is_valid_intent_transition("planned", "simulated")
    assert not lb.is_valid_intent_transition("included", "sent")
    with pytest.raises(lb.InvalidArgument):
        lb.Intent(state="nowhere")
    assert store.attempts(iid) == []
    rec = lb.Intervention(intent_id=iid, chain_id=8453, user=USER, strategy="repay", tx_hash=b"\x01" * 32,
                          block_number=9, success=True, hf_before=WAD, hf_after=13 * WAD // 10, gas_used=21000,
                          effective_gas_price=10**9, l1_fee=5, total_cost_wei=21000 * 10**9 + 5,
                          service_fee=0, service_fee_asset=None)
    store.record_intervention(rec)
    (got,) = store.interventions(8453)
    assert got.tx_hash == b"\x01" * 32 and got.hf_after == 13 * WAD // 10 and got.success
    assert store.next_nonce(8453, ADDR0) is None
    store.save_next_nonce(8453, ADDR0, 12)
    assert store.next_nonce(8453, ADDR0) == 12
    with pytest.raises(lb.Error):
        lb.Store.open("/nonexistent-dir/x/state.db")


# ---- a scripted node for the nonce manager and the sender -----------------------------------------

class Node:
    """eth_* answers from in-memory state: sent transactions are mined on the next eth_blockNumber
    when `auto_mine`; `refuse` makes eth_sendRawTransaction answer a node error."""

    def __init__(self):
        self.block = 100
        self.mined = {}        # hash -> (block, raw)
        self.pool = {}         # hash -> raw
        self.counts = {}       # address (lower) -> mined nonce count
        self.auto_mine = True
        self.refuse = None
        self.sent = []

    def handle(self, method, params):
        if method == "eth_chainId":
            return "0x2105"
        if method == "eth_blockNumber":
            if self.auto_mine:
                self.mine()
            return hex(self.block)
        if method == "eth_getTransactionCount":
            n = self.counts.get(params[0].lower(), 0)
            if params[1] == "pending":
                n += len(self.pool)
            return hex(n)
        if method == "eth_feeHistory":
            return {"oldestBlock": hex(self.block - 9), "baseFeePerGas": ["0x3b9aca00"] * 11,
                    "gasUsedRatio": [0.5] * 10, "reward": [["0xf4240"]] * 10}
        if method == "eth_maxPriorityFeePerGas":
            return "0xf4240"
        if method == "eth_sendRawTransaction":
            if self.refuse:
                raise NodeRefusal(self.refuse)
            raw = bytes.fromhex(params[0][2:])
            h = lb.keccak256(raw)
            self.pool[h] = raw
            self.sent.append(raw)
            return "0x" + h.hex()
        if method == "eth_getTransactionReceipt":
            h = bytes.fromhex(params[0][2:])
            if h not in self.mined:
                return None
            block, _ = self.mined[h]
            return {"transactionHash": params[0], "blockHash": "0x" + "bb" * 32, "blockNumber": hex(block),
                    "transactionIndex": "0x0", "status": "0x1", "gasUsed": "0x5208", "cumulativeGasUsed": "0x5208",
                    "effectiveGasPrice": "0x3b9aca00", "logs": []}
        raise NodeRefusal(f"method {method} not found", -32601)

    def mine(self):
        self.block += 1
        for h, raw in list(self.pool.items()):
            sender = lb.decode_transaction(raw).sender.lower()
            self.counts[sender] = self.counts.get(sender, 0) + 1
            self.mined[h] = (self.block, raw)
            del self.pool[h]


class NodeRefusal(Exception):
    def __init__(self, message, code=-32000):
        super().__init__(message)
        self.code = code


@pytest.fixture
def node():
    state = Node()

    def reply(request, call):
        try:
            return {"result": state.handle(call["method"], call.get("params", []))}
        except NodeRefusal as e:
            return {"error": {"code": e.code, "message": str(e)}}

    with json_server(json_rpc(reply)) as url:
        state.url = url
        yield state


def test_fee_quote(node):
    client = lb.RpcClient([node.url])
    q = lb.fee_quote(client)
    # next base fee 1 gwei; headroom 18 blocks of +5/125 rounded up at every step; tip clamp(1e6)
    base = 10**9
    for _ in range(18):
        base = -(-base * 130 // 125)
    assert q == {"base_fee": 10**9, "max_priority_fee_per_gas": 10**6, "max_fee_per_gas": base + 10**6}
    with pytest.raises(lb.UnreachableTarget):
        lb.fee_quote(client, max_fee_per_gas_cap=10**9)
    with pytest.raises(lb.InvalidArgument):
        lb.fee_quote(client, bump_percent=5)
    with pytest.raises(lb.InvalidArgument):
        lb.fee_quote(client, reward_percentile=101)


def test_nonce_manager(node):
    client = lb.RpcClient([node.url])
    store = lb.Store.open(":memory:")
    store.save_next_nonce(8453, ADDR0, 4)
    nm = lb.NonceManager(8453, ADDR0, client, store)
    assert nm.signer == ADDR0 and nm.chain_id == 8453 and nm.peek_next() == 4
    assert [nm.acquire(), nm.acquire()] == [4, 5]
    assert store.next_nonce(8453, ADDR0) == 6
    nm.release(5)
    assert nm.peek_next() == 5
    nm.release(4)
    assert nm.released() == [] and nm.peek_next() == 4
    assert nm.acquire() == 4
    gaps = nm.detect_gaps()
    # the node's pending count is 0: every nonce in [0, next) is missing from its pool
    assert gaps == {"chain_pending": 0, "chain_mined": 0, "next": 5, "missing": [0, 1, 2, 3, 4]}
    with pytest.raises(lb.StateError):
        lb.NonceManager(8453, ADDR0, client, store)
    nm.close()
    with pytest.raises(lb.StateError):
        nm.acquire()
    nm2 = lb.NonceManager(8453, ADDR0, client)
    assert nm2.peek_next() == 0
    nm2.close()


def test_sender_submit_poll_reconcile(node):
    client = lb.RpcClient([node.url])
    store = lb.Store.open(":memory:")
    signer = lb.Signer.from_hex(KEY1)
    nm = lb.NonceManager(8453, signer.address, client, store)
    sender = lb.Sender(client, signer, store, nm, blocks_before_replacement=3)
    iid = lb.make_intent_id(8453, USER, "t1")
    store.create_intent(lb.Intent(id=iid, chain_id=8453, user=USER, trigger="t1", strategy="repay",
                                  signer=signer.address, state="simulated"))
    tx = sample_tx(nm.acquire())
    r = sender.submit(iid, tx, 7)
    assert r["state"] == "pending" and r["receipt"] is None and not r["alert"]
    assert tx.signature is None  # the argument is not modified
    assert sender.tracked() == [iid]
    (attempt,) = store.attempts(iid)
    assert attempt.attempt == 0 and attempt.nonce == 0 and attempt.l1_fee_estimate == 7
    assert lb.decode_transaction(attempt.raw_tx).sender == signer.address
    assert attempt.tx_hash == lb.keccak256(attempt.raw_tx) == lb.keccak256(node.sent[0])
    assert store.intent(iid).state == "sent"
    r = sender.poll(iid)
    assert r["state"] == "included" and r["receipt"]["status"] is True
    assert r["receipt"]["transaction_hash"] == attempt.tx_hash
    assert store.intent(iid).state == "included" and sender.tracked() == []
    with pytest.raises(lb.Error):
        sender.submit(iid, sample_tx(1), 0)  # not 'simulated' any more

    # a refused send: insufficient funds fails the intent with an alert, no retry
    iid2 = lb.make_intent_id(8453, USER, "t2")
    store.create_intent(lb.Intent(id=iid2, chain_id=8453, user=USER, trigger="t2", strategy="repay",
                                  signer=signer.address, state="simulated"))
    node.refuse = "insufficient funds for gas * price + value"
    r = sender.submit(iid2, sample_tx(nm.acquire()), 0)
    assert r["state"] == "failed" and r["alert"] and "insufficient funds" in r["reason"]
    assert store.intent(iid2).state == "failed"
    node.refuse = None

    # after a "restart": a sent intent is found mined, a simulated one without attempts is failed
    iid3 = lb.make_intent_id(8453, USER, "t3")
    store.create_intent(lb.Intent(id=iid3, chain_id=8453, user=USER, trigger="t3", strategy="repay",
                                  signer=signer.address, state="simulated"))
    node.auto_mine = False
    assert sender.submit(iid3, sample_tx(nm.acquire()), 0)["state"] == "pending"
    iid4 = lb.make_intent_id(8453, USER, "t4")
    store.create_intent(lb.Intent(id=iid4, chain_id=8453, user=USER, trigger="t4", strategy="repay",
                                  signer=signer.address, state="simulated"))
    node.mine()
    fresh = lb.Sender(client, signer, store)
    results = fresh.reconcile()
    assert results[iid3]["state"] == "included"
    assert store.intent(iid4).state == "failed"
    with pytest.raises(lb.InvalidArgument):
        lb.Sender(client, signer, store, max_attempts=0)
    with pytest.raises(TypeError):
        lb.Sender(client, "not a signer", store)
