"""Primitives through Python against published vectors (Keccak, EIP-55, Solidity ABI spec, RLP
wiki, EIP-155, EIP-712 Mail, EIP-191) and bad inputs raising the documented exceptions."""
import pytest

import liquidbot as lb

KEY_46 = "0x" + "46" * 32
COW_KEY = "0xc85ef7d79691fe79573b1a7064c19c1a9819ebdbd1faaab1a8ec92344438aaf4"  # keccak256("cow")


# ---- keccak, selector, addresses ------------------------------------------------------------------

def test_keccak_vectors():
    assert lb.keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    assert lb.keccak256("") == lb.keccak256(b"")
    assert lb.keccak256(bytearray(b"abc")) == lb.keccak256(b"abc")
    assert lb.keccak256("abc").hex() == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"


def test_keccak_bad_input():
    with pytest.raises(TypeError):
        lb.keccak256(12)


def test_selector_and_canonical():
    assert lb.function_selector("transfer(address,uint256)").hex() == "a9059cbb"
    assert lb.function_selector("transfer(address to, uint amount)").hex() == "a9059cbb"
    assert lb.canonical_signature("baz(uint32 x, bool y)") == "baz(uint32,bool)"
    with pytest.raises(lb.InvalidArgument):
        lb.function_selector("transfer(address,")


EIP55 = ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
         "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"]


@pytest.mark.parametrize("address", EIP55)
def test_checksum_vectors(address):
    assert lb.to_checksum_address(address.lower()) == address
    assert lb.to_checksum_address(bytes.fromhex(address[2:])) == address
    assert lb.is_checksum_address(address)
    assert not lb.is_checksum_address(address.lower())
    assert lb.address_bytes(address) == bytes.fromhex(address[2:])


def test_checksum_bad_inputs():
    bad = EIP55[0][:-1] + ("d" if EIP55[0][-1] == "D" else "D")
    with pytest.raises(lb.InvalidArgument) as e:
        lb.to_checksum_address(bad)
    assert e.value.code == "invalid_argument"
    assert isinstance(e.value, lb.Error)
    with pytest.raises(lb.InvalidArgument):
        lb.to_checksum_address("0x1234")
    with pytest.raises(lb.InvalidArgument):
        lb.to_checksum_address(b"\x00" * 19)
    with pytest.raises(TypeError):
        lb.to_checksum_address(5)


# ---- ABI (Solidity ABI specification examples) -------------------------------------------------------

def words(*hexwords):
    return b"".join(bytes.fromhex(w.rjust(64, "0")) for w in hexwords)


def test_abi_spec_baz():
    data = lb.abi_encode_call("baz(uint32,bool)", [69, True])
    assert data == bytes.fromhex("cdcd77c0") + words("45", "1")
    assert lb.abi_decode_call("baz(uint32,bool)", data) == [69, True]


def test_abi_spec_sam():
    data = lb.abi_encode_call("sam(bytes,bool,uint256[])", [b"dave", True, [1, 2, 3]])
    expected = bytes.fromhex("a5643bf2") + words("60", "1", "a0", "4") + \
        bytes.fromhex("64617665".ljust(64, "0")) + words("3", "1", "2", "3")
    assert data == expected
    assert lb.abi_decode_call("sam(bytes,bool,uint256[])", data) == [b"dave", True, [1, 2, 3]]


def test_abi_values_round_trip():
    types = ["int8", "int256", "address", "bytes3", "string", "(uint16,bool)[2]", "uint256"]
    values = [-1, -(2**255), EIP55[0], b"abc", "héllo", [(1, True), (2, False)], 2**256 - 1]
    data = lb.abi_encode(types, values)
    assert data[:32] == b"\xff" * 32
    decoded = lb.abi_decode(types, data)
    assert decoded == [-1, -(2**255), EIP55[0], b"abc", "héllo", [(1, True), (2, False)], 2**256 - 1]
    assert lb.abi_decode("int8,int256,address,bytes3,string,(uint16,bool)[2],uint256", data) == decoded
    assert lb.abi_encode("(uint256,address)", [5, EIP55[1]]) == words("5", EIP55[1][2:].lower())


def test_abi_decode_output():
    data = words("2a")
    assert lb.abi_decode_output("balanceOf(address)(uint256)", data) == [42]


def test_abi_bad_inputs():
    with pytest.raises(lb.InvalidArgument):
        lb.abi_encode(["uint8"], [256])         # the ABI encoder's range check
    with pytest.raises(lb.InvalidArgument):
        lb.abi_encode(["uint256"], [-1])
    with pytest.raises(lb.Overflow):
        lb.abi_encode(["int256"], [2**255])
    with pytest.raises(lb.InvalidArgument):
        lb.abi_encode(["uint256", "bool"], [1])
    with pytest.raises(TypeError):
        lb.abi_encode(["bool"], [1])
    with pytest.raises(lb.Error):
        lb.abi_encode(["bytes2"], [b"abc"])
    with pytest.raises(lb.InvalidArgument):
        lb.abi_encode(["uint257"], [1])
    with pytest.raises(lb.DecodeError):
        lb.abi_decode(["uint256"], b"\x00" * 31)
    with pytest.raises(lb.DecodeError):
        lb.abi_decode(["bool"], words("2"))
    with pytest.raises(lb.DecodeError):
        lb.abi_decode(["uint256"], b"\x00" * 33)
    assert lb.abi_decode(["uint256"], b"\x00" * 33, allow_trailing=True) == [0]
    with pytest.raises(lb.Error):
        lb.abi_decode_call("baz(uint32,bool)", bytes.fromhex("deadbeef") + words("45", "1"))
    with pytest.raises(lb.InvalidArgument):
        lb.abi_decode(["uint256"], "0xzz")


def test_decode_revert():
    data = bytes.fromhex("08c379a0") + lb.abi_encode(["string"], ["nope"])
    assert lb.decode_revert(data) == 'Error("nope")'
    assert "arithmetic" in lb.decode_revert(bytes.fromhex("4e487b71") + words("11"))
    with pytest.raises(lb.DecodeError):
        lb.decode_revert(b"\x01\x02")


# ---- RLP (Ethereum wiki examples) ------------------------------------------------------------------

@pytest.mark.parametrize("item,encoded", [
    (b"dog", "83646f67"),
    ([b"cat", b"dog"], "c88363617483646f67"),
    (b"", "80"),
    ([], "c0"),
    (0, "80"),
    (15, "0f"),
    (1024, "820400"),
    ([[], [[]], [[], [[]]]], "c7c0c1c0c3c0c1c0"),
    (b"Lorem ipsum dolor sit amet, consectetur adipisicing elit",
     "b8384c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e7365637465747572206164697069736963696e6720656c6974"),
])
def test_rlp_vectors(item, encoded):
    assert lb.rlp_encode(item).hex() == encoded
    decoded = lb.rlp_decode(bytes.fromhex(encoded))
    if isinstance(item, int):
        assert decoded == (item.to_bytes((item.bit_length() + 7) // 8, "big") if item else b"")
    else:
        assert decoded == item


def test_rlp_bad_inputs():
    with pytest.raises(lb.DecodeError):
        lb.rlp_decode(bytes.fromhex("8100"))        # non-canonical single byte
    with pytest.raises(lb.DecodeError):
        lb.rlp_decode(bytes.fromhex("83646f"))      # truncated
    with pytest.raises(lb.DecodeError):
        lb.rlp_decode(bytes.fromhex("83646f6700"))  # trailing byte
    with pytest.raises(lb.InvalidArgument):
        lb.rlp_encode(-1)
    with pytest.raises(lb.Overflow):
        lb.rlp_encode(2**256)
    with pytest.raises(TypeError):
        lb.rlp_encode("text")


# ---- keys, transactions (EIP-155 example) ----------------------------------------------------------

EIP155_RAW = ("f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a0"
              "28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb7"
              "03304b3800ccf555c9f3dc64214b297fb1966a3b6d83")


def test_eip155_example():
    tx = lb.Transaction(type=lb.TxType.legacy, chain_id=1, nonce=9, gas_price=20 * 10**9,
                        gas_limit=21000, to="0x3535353535353535353535353535353535353535",
                        value=10**18)
    assert tx.signing_hash().hex() == "daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53"
    key = lb.PrivateKey.from_hex(KEY_46)
    tx.sign(key)
    raw = tx.encode()
    assert raw.hex() == EIP155_RAW
    assert tx.hash() == lb.keccak256(raw)
    decoded = lb.decode_transaction(raw)
    assert decoded.sender == key.address
    assert decoded.hash == tx.hash()
    assert decoded.tx == tx
    assert decoded.tx.value == 10**18 and decoded.tx.to == "0x3535353535353535353535353535353535353535"
    assert '"nonce"' in decoded.to_json()


def test_eip1559_round_trip():
    key = lb.PrivateKey.from_hex(KEY_46)
    tx = lb.Transaction(chain_id=8453, nonce=1, gas_limit=100000, to=EIP55[0], value=0,
                        data=bytes.fromhex("a9059cbb"), max_fee_per_gas=10**9,
                        max_priority_fee_per_gas=10**6,
                        access_list=[(EIP55[1], [b"\x00" * 32])])
    tx.sign(key)
    raw = tx.encode()
    assert raw[0] == 2
    back = lb.decode_transaction(raw)
    assert back.tx == tx and back.sender == key.address
    assert back.tx.access_list == [(EIP55[1], [b"\x00" * 32])]
    assert back.tx.data == bytes.fromhex("a9059cbb")


def test_transaction_bad_inputs():
    with pytest.raises(lb.InvalidArgument):
        lb.Transaction(chain_id=1, max_fee_per_gas=1, max_priority_fee_per_gas=2)
    with pytest.raises(lb.StateError):
        lb.Transaction(chain_id=1, gas_limit=21000).encode()
    with pytest.raises(lb.InvalidArgument):
        lb.Transaction(value=-1)
    with pytest.raises(lb.Overflow):
        lb.Transaction(value=2**256)
    with pytest.raises(TypeError):
        lb.Transaction(value=True)
    with pytest.raises(lb.DecodeError):
        lb.decode_transaction(bytes.fromhex(EIP155_RAW)[:-1])
    with pytest.raises(lb.Error):
        lb.decode_transaction(b"")


def test_keys_and_signatures():
    with pytest.raises(lb.InvalidArgument):
        lb.PrivateKey.from_hex("0x00")
    with pytest.raises(lb.Error):
        lb.PrivateKey.from_bytes(b"\x00" * 32)
    key = lb.PrivateKey.from_hex(COW_KEY)
    assert key.address == "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"
    assert "PrivateKey(address=" in repr(key) and COW_KEY[2:] not in repr(key)
    digest = lb.keccak256(b"x")
    sig = key.sign(digest)
    assert lb.recover_address(digest, sig) == key.address
    assert lb.recover_address(digest, sig.to_bytes65()) == key.address
    assert lb.Signature.from_bytes65(sig.to_bytes65()) == sig
    assert lb.Signature(sig.r, sig.s, sig.y_parity) == sig
    with pytest.raises(lb.InvalidArgument):
        lb.Signature(sig.r, sig.s, 2)
    with pytest.raises(lb.SignatureError):
        lb.Signature.from_bytes65(b"\x00" * 65)
    with pytest.raises(lb.InvalidArgument):
        lb.recover_address(b"\x00" * 31, sig)


# ---- EIP-191 / EIP-712 / SIWE ------------------------------------------------------------------------

def test_eip191():
    assert lb.eip191_hash("Hello World").hex() == \
        "a1de988600a42c4b4ab089b619297c17d53cffae5d5120d82d8a92d0bb3b78f2"
    key = lb.PrivateKey.from_hex(COW_KEY)
    sig = lb.sign_message(key, "hello")
    assert lb.recover_message_signer("hello", sig) == key.address
    assert lb.verify_message(key.address, b"hello", sig.to_bytes65())
    assert not lb.verify_message(key.address, "other", sig)
    with pytest.raises(lb.SignatureError):
        lb.recover_message_signer("hello", b"\x00" * 65)


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


def test_eip712_mail_example():
    import json
    assert lb.eip712_hash(MAIL).hex() == "be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2"
    assert lb.eip712_hash(json.dumps(MAIL)) == lb.eip712_hash(MAIL)
    sig = lb.eip712_sign(lb.PrivateKey.from_hex(COW_KEY), MAIL)
    assert sig.r.hex() == "4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"
    assert sig.s.hex() == "07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562"
    assert sig.y_parity == 1
    bad = json.loads(json.dumps(MAIL))
    bad["primaryType"] = "Nope"
    with pytest.raises(lb.Error):
        lb.eip712_hash(bad)
    with pytest.raises(lb.DecodeError):
        lb.eip712_hash("{not json")


def siwe_text(address, nonce="abcdefgh12", issued="2026-01-01T00:00:00Z"):
    return (f"example.com wants you to sign in with your Ethereum account:\n{address}\n\n"
            f"Sign in to liquidbot.\n\nURI: https://example.com/login\nVersion: 1\nChain ID: 8453\n"
            f"Nonce: {nonce}\nIssued At: {issued}\nExpiration Time: 2026-01-02T00:00:00Z")


def test_siwe():
    key = lb.PrivateKey.from_hex(COW_KEY)
    text = siwe_text(key.address)
    fields = lb.siwe_parse(text)
    assert fields["domain"] == "example.com" and fields["chain_id"] == 8453
    assert fields["address"] == key.address and fields["nonce"] == "abcdefgh12"
    sig = lb.sign_message(key, text)
    lb.siwe_verify(text, sig, domain="example.com", nonce="abcdefgh12", chain_id=8453,
                   time="2026-01-01T12:00:00Z")
    lb.siwe_verify(text, sig.to_bytes65(), time=1767268800)
    with pytest.raises(lb.Error):
        lb.siwe_verify(text, sig, nonce="other12345", time="2026-01-01T12:00:00Z")
    with pytest.raises(lb.Error):
        lb.siwe_verify(text, sig, time="2026-01-03T00:00:00Z")  # expired
    other = lb.sign_message(lb.PrivateKey.from_hex(KEY_46), text)
    with pytest.raises(lb.Error):
        lb.siwe_verify(text, other, time="2026-01-01T12:00:00Z")
    with pytest.raises(lb.InvalidArgument):
        lb.siwe_parse("not a siwe message")
    with pytest.raises(TypeError):
        lb.siwe_verify(text, sig, time=1.5)


def test_error_hierarchy():
    names = ["InvalidArgument", "Overflow", "DivisionByZero", "DecodeError", "SignatureError",
             "NotFound", "Unsupported", "IoError", "RpcError", "Timeout", "StateError",
             "UnreachableTarget", "InternalError"]
    for name in names:
        cls = getattr(lb, name)
        assert issubclass(cls, lb.Error) and cls.__module__ == "liquidbot"
    assert issubclass(lb.Error, Exception)
