"""RpcClient against a tiny JSON-RPC server on 127.0.0.1 (a thread in this process): typed calls,
node errors raising RpcError with the decoded revert reason, bad arguments."""
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

import liquidbot as lb

REVERT = "0x08c379a0" + lb.abi_encode(["string"], ["nope"]).hex()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server API)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        method, rid = body["method"], body["id"]
        results = {"eth_chainId": "0x2105", "eth_blockNumber": "0x10", "eth_gasPrice": "0x3b9aca00",
                   "eth_maxPriorityFeePerGas": "0x1", "eth_getTransactionCount": "0x7",
                   "eth_estimateGas": "0x5208", "eth_call": "0x" + "00" * 31 + "2a",
                   "eth_sendRawTransaction": "0x" + "ab" * 32}
        call = body["params"][0] if method == "eth_call" else {}
        if (call.get("data") or call.get("input") or "").startswith("0xdead"):
            reply = {"jsonrpc": "2.0", "id": rid,
                     "error": {"code": 3, "message": "execution reverted", "data": REVERT}}
        elif method in results:
            reply = {"jsonrpc": "2.0", "id": rid, "result": results[method]}
        else:
            reply = {"jsonrpc": "2.0", "id": rid, "error": {"code": -32601, "message": "method not found"}}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def url():
    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


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
