"""The .pyi stubs name exactly what the module exports, so types cannot drift."""

import ast
import inspect
from pathlib import Path

import orderlink

STUB = Path(orderlink.__file__).with_name("__init__.pyi")


def stub_tree():
    return ast.parse(STUB.read_text(encoding="utf-8"))


def test_every_public_name_is_in_the_stub_and_back():
    tree = stub_tree()
    names = {n.name for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef))}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "errors":
            names |= {a.asname or a.name for a in node.names}
    assert names == set(orderlink.__all__)


def test_every_class_member_is_in_the_stub_and_back():
    classes = {n.name: n for n in stub_tree().body if isinstance(n, ast.ClassDef)}
    for name, node in classes.items():
        stubbed = {m.name for m in node.body if isinstance(m, ast.FunctionDef) and not m.name.startswith("_")}
        real = {m for m, _ in inspect.getmembers(getattr(orderlink, name)) if not m.startswith("_")}
        assert stubbed == real, (name, stubbed ^ real)
