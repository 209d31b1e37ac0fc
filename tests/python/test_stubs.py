"""The type stubs cover every public name of the native module (and nothing that is not there)."""
import ast
import pathlib

import liquidbot
from liquidbot import _core

STUB = pathlib.Path(liquidbot.__file__).with_name("_core.pyi")
ALIASES = {"BytesLike", "AddressLike", "HashLike", "RlpItem", "SignatureLike", "BlockLike"}


def stub_names():
    tree = ast.parse(STUB.read_text())
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {n for n in names if not n.startswith("__")} - ALIASES


def test_stubs_match_module():
    public = {n for n in dir(_core) if not n.startswith("__")}
    assert stub_names() == public


def test_public_functions_have_docstrings():
    for name in dir(_core):
        obj = getattr(_core, name)
        if name.startswith("_") or not callable(obj) or isinstance(obj, type) and issubclass(obj, BaseException):
            continue
        assert (obj.__doc__ or "").strip(), name
