"""Chain access without a chain: subgraph request bodies and strict page parsing, SubgraphClient
pagination against a scripted GraphQL stand-in on 127.0.0.1 (the cursor walks every page, pinned to
one block), Reader / Monitor / scan_borrow_events argument errors and node failures. The same
classes against the real contracts are in chain_checks.py (python.chain, under the test bed)."""
import json
import re

import pytest

import liquidbot as lb
from conftest import json_rpc, json_server

ASSET = "0x4200000000000000000000000000000000000006"
USERS = [f"0x{i:040x}" for i in range(1, 1201)]


def user_json(uid):
    n = int(uid, 16)
    return {"id": uid, "borrowedReservesCount": 1 + n % 3, "eModeCategoryId": {"id": "1"} if n % 4 == 0 else None,
            "reserves": [{"usageAsCollateralEnabledOnUser": n % 2 == 0, "scaledATokenBalance": str(n * 10**18),
                          "scaledVariableDebt": str(n), "reserve": {"underlyingAsset": ASSET}}]}


@pytest.fixture(scope="module")
def subgraph():
    seen = []

    def answer(request, body):
        query = body["query"]
        seen.append((query, request.headers.get("Authorization")))
        meta = {"block": {"number": 500}, "hasIndexingErrors": False}
        if "users(" not in query:
            return {"data": {"_meta": meta}}
        first = int(re.search(r"first: (\d+)", query).group(1))
        after = re.search(r'id_gt: \\?"(0x[0-9a-f]*|)\\?"', query).group(1)
        page = [u for u in USERS if u > after][:first]
        return {"data": {"users": [user_json(u) for u in page], "_meta": meta}}

    with json_server(answer) as url:
        yield f"{url}/subgraphs/name/aave", seen


def test_request_bodies():
    first = json.loads(lb.subgraph_borrowers_request("", 77, 1000))["query"]
    assert "users(first: 1000, orderBy: id, orderDirection: asc, block: { number: 77 }" in first
    assert 'id_gt: ""' in first and "borrowedReservesCount_gt: 0" in first and "skip" not in first
    after = json.loads(lb.subgraph_borrowers_request(USERS[4], None, 500))["query"]
    assert f'id_gt: "{USERS[4]}"' in after and "first: 500" in after and "block:" not in after
    with pytest.raises(lb.InvalidArgument):
        lb.subgraph_borrowers_request("0xABC")
    with pytest.raises(lb.InvalidArgument):
        lb.subgraph_borrowers_request("", None, 0)
    assert (lb.subgraph_gateway_url("KEY123", "GQFbb95cE6d8mV989mL5figjaGaKCQB3xqYrr1bRyXqF") ==
            "https://gateway.thegraph.com/api/KEY123/subgraphs/id/GQFbb95cE6d8mV989mL5figjaGaKCQB3xqYrr1bRyXqF")
    with pytest.raises(lb.InvalidArgument):
        lb.subgraph_gateway_url("k/../x", "id")


def test_parse_page():
    body = json.dumps({"data": {"users": [user_json(USERS[3]), user_json(USERS[7])],
                                "_meta": {"block": {"number": 42}, "hasIndexingErrors": True}}})
    page = lb.subgraph_parse_borrowers_page(body)
    assert page["block"] == 42 and page["has_indexing_errors"] is True
    b = page["borrowers"][0]
    assert b["user"] == lb.to_checksum_address(USERS[3]) and b["emode"] == 1 and b["borrowed_reserves_count"] == 2
    assert b["reserves"] == [{"asset": ASSET, "scaled_a_token_balance": 4 * 10**18, "scaled_variable_debt": 4,
                              "collateral": True}]
    with pytest.raises(lb.RpcError):
        lb.subgraph_parse_borrowers_page('{"errors":[{"message":"indexing_error"}]}')
    with pytest.raises(lb.DecodeError) as e:
        lb.subgraph_parse_borrowers_page('{"data":{"users":[]}}')
    assert "_meta" in str(e.value)
    descending = json.dumps({"data": {"users": [user_json(USERS[7]), user_json(USERS[3])],
                                      "_meta": {"block": {"number": 1}}}})
    with pytest.raises(lb.DecodeError):
        lb.subgraph_parse_borrowers_page(descending)
    with pytest.raises(lb.DecodeError):
        lb.subgraph_parse_borrowers_page(body, max_users=1)
    with pytest.raises(lb.DecodeError):
        lb.subgraph_parse_borrowers_page("{")


def test_sweep_walks_every_page(subgraph):
    url, seen = subgraph
    seen.clear()
    c = lb.SubgraphClient(url, page_size=500, api_key="abc_DEF-123")
    assert c.page_size == 500 and c.url == url and "abc_DEF" not in repr(c)
    assert c.indexed_block() == 500
    s = c.sweep()
    assert s["block"] == 500 and s["pages"] == 3 and s["retried_pages"] == 0
    assert [b["user"] for b in s["borrowers"]] == [lb.to_checksum_address(u) for u in USERS]
    assert all(auth == "Bearer abc_DEF-123" for _, auth in seen)
    assert all("number: 500" in q for q, _ in seen if "users(" in q)
    with pytest.raises(lb.StateError):
        c.sweep(chain_head=1000)  # 500 blocks behind, limit 50
    assert c.sweep(chain_head=520)["pages"] == 3


def test_subgraph_client_errors():
    with pytest.raises(lb.InvalidArgument):
        lb.SubgraphClient("")
    with pytest.raises(lb.InvalidArgument):
        lb.SubgraphClient("http://127.0.0.1:1/x", page_size=499)
    with pytest.raises(lb.InvalidArgument):
        lb.SubgraphClient("http://127.0.0.1:1/x", page_attempts=0)
    with pytest.raises(lb.InvalidArgument):
        lb.SubgraphClient("http://127.0.0.1:1/x", timeout_seconds=0)
    c = lb.SubgraphClient("http://127.0.0.1:1/x", max_attempts=1, timeout_seconds=2)
    with pytest.raises(lb.IoError):
        c.indexed_block()


def refusing_node():
    """A node that answers eth_chainId / eth_blockNumber and refuses eth_call."""
    answers = {"eth_chainId": {"result": "0x2105"}, "eth_blockNumber": {"result": "0x10"}}
    return json_server(json_rpc(lambda request, call: answers.get(
        call["method"], {"error": {"code": -32000, "message": "no state"}})))


def test_reader_and_monitor_errors():
    assert lb.revision_from_pool_revision(1) == "3.0"
    assert lb.revision_from_pool_revision(10) == "3.6"
    with pytest.raises(lb.Unsupported):
        lb.revision_from_pool_revision(11)
    with refusing_node() as url:
        client = lb.RpcClient([url], max_attempts=1)
        with pytest.raises(lb.RpcError):
            lb.Reader.discover(client, "0x" + "12" * 20)
        with pytest.raises(lb.InvalidArgument):
            lb.Reader.discover(client, "0x1234")
        with pytest.raises(lb.InvalidArgument):
            lb.Reader.discover(client, "0x" + "12" * 20, revision="2.0")
        with pytest.raises(lb.InvalidArgument):
            lb.Reader.discover(client, "0x" + "12" * 20, max_calls_per_aggregate=0)
        with pytest.raises(lb.RpcError):
            lb.scan_borrow_events(client, "0x" + "12" * 20, 0, 10)
        with pytest.raises(lb.InvalidArgument):
            lb.scan_borrow_events(client, "0x" + "12" * 20, 10, 0)
        with pytest.raises(TypeError):
            lb.Monitor(client, "not a reader")
