"""RpcClient against a tiny JSON-RPC server on 127.0.0.1 (a thread in this process): typed calls,
node errors raising RpcError with the decoded revert reason, bad arguments."""
import pytest

import liquidbot as lb
from conftest import json_rpc, json_server

REVERT = "0x08c379a0" + lb.abi_encode(["string"], ["nope"]).hex()


RESULTS = {"eth_chainId": "0x2105", "eth_blockNumber": "0x10", "eth_gasPrice": "0x3b9aca00",
           "eth_maxPriorityFeePerGas": "0x1", "eth_getTransactionCount": "0x7",
           "eth_estimateGas": "0x5208", "eth_call": "0x" + "00" * 31 + "2a",
           "eth_sendRawTransaction": "0x" + "ab" * 32}


def reply(request, call):
    tx = call["params"][0] if call["method"] == "eth_call" else {}
    if (tx.get("data") or tx.get("input") or "").startswith("0xdead"):
        return {"error": {"code": 3, "message": "execution reverted", "data": REVERT}}
    if call["method"] in RESULTS:
        return {"result": RESULTS[call["method"]]}
    return {"error": {"code": -32601, "message": "method not found"}}


@pytest.fixture(scope="module")
def url():
    with json_server(json_rpc(reply)) as base:
        yield base


def test_typed_calls(url):
    c = lb.RpcClient([url], expected_chain_id=8453)
    assert c.chain_id() == 8453
    assert c.block_number() == 16
    assert c.gas_price() == 10**9
    assert c.max_priority_fee_per_gas() == 1
    assert c.get_transaction_count("0x" + "11" * 20) == 7
    assert c.get_transaction_count("0x" + "11" * 20, 5) == 7
    assert c.call("0x" + "22" * 20, b"\x01\x02") == b"\x00" * 31 + b"\x2a"
    assert c.estimate_gas("0x" + "22" * 20, "0x01") == 21000
    assert c.send_raw_transaction(b"\x02\x01") == b"\xab" * 32
    assert c.request("eth_blockNumber") == "0x10"


def test_errors(url):
    c = lb.RpcClient([url], max_attempts=1)
    with pytest.raises(lb.RpcError) as e:
        c.call("0x" + "22" * 20, bytes.fromhex("deadbeef"))
    assert "nope" in str(e.value) and e.value.code == "rpc"
    with pytest.raises(lb.RpcError):
        c.request("no_such_method", [])
    with pytest.raises(lb.InvalidArgument):
        c.call("0x" + "22" * 20, b"", block="tomorrow")
    with pytest.raises(lb.Error):
        lb.RpcClient([url], expected_chain_id=1)
    with pytest.raises(lb.InvalidArgument):
        lb.RpcClient([])
    with pytest.raises(lb.Error):
        lb.RpcClient(["http://127.0.0.1:1"], expected_chain_id=8453, max_attempts=1, timeout_seconds=2)
