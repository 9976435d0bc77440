"""The hand-written stubs (_orderlink.pyi) match the built module, so they cannot drift: the
same public names, the same members on each class, the same parameters on each callable."""

import ast
import inspect
from pathlib import Path

import pytest

import orderlink
from orderlink import _orderlink

STUB = Path(orderlink.__file__).with_name("_orderlink.pyi")
TREE = ast.parse(STUB.read_text(encoding="utf-8"))


def public(names):
    return {n for n in names if not n.startswith("_")}


def stub_names():
    names = set()
    for node in TREE.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return public(names)


# TypedDicts (the shapes of dicts a call returns) exist only for type checkers.
STUB_CLASSES = {
    n.name: n for n in TREE.body
    if isinstance(n, ast.ClassDef) and not any(isinstance(b, ast.Name) and b.id == "TypedDict" for b in n.bases)
}
STUB_FUNCTIONS = {n.name: n for n in TREE.body if isinstance(n, ast.FunctionDef)}


def stub_params(fn):
    """(name, kind) of a stub function's parameters, `self` left out."""
    a = fn.args
    params = [(p.arg, "positional") for p in a.posonlyargs + a.args]
    if a.vararg:
        params.append((a.vararg.arg, "var_positional"))
    params += [(p.arg, "keyword_only") for p in a.kwonlyargs]
    if a.kwarg:
        params.append((a.kwarg.arg, "var_keyword"))
    return [p for p in params if p[0] not in ("self", "cls")]


KIND = {
    inspect.Parameter.POSITIONAL_ONLY: "positional",
    inspect.Parameter.POSITIONAL_OR_KEYWORD: "positional",
    inspect.Parameter.VAR_POSITIONAL: "var_positional",
    inspect.Parameter.KEYWORD_ONLY: "keyword_only",
    inspect.Parameter.VAR_KEYWORD: "var_keyword",
}


def real_params(obj):
    return [(p.name, KIND[p.kind]) for p in inspect.signature(obj).parameters.values() if p.name != "self"]


def test_module_public_names_match_the_stub_and_the_package():
    assert stub_names() == public(dir(_orderlink))
    # The package adds the pure-Python asyncio surface (orderlink._aio, typed in _aio.pyi).
    assert set(orderlink.__all__) == public(dir(_orderlink)) | {"AsyncWorkspace"}
    stub_all = next(n.value for n in TREE.body if isinstance(n, ast.Assign) and n.targets[0].id == "__all__")
    assert sorted(ast.literal_eval(stub_all)) == sorted(_orderlink.__all__)
    assert orderlink.__version__ == _orderlink.__version__


@pytest.mark.parametrize("name", sorted(STUB_CLASSES))
def test_class_members_match_the_stub(name):
    node, real = STUB_CLASSES[name], getattr(_orderlink, name)
    stubbed = {m.name for m in node.body if isinstance(m, ast.FunctionDef) and not m.name.startswith("_")}
    stubbed |= {m.target.id for m in node.body if isinstance(m, ast.AnnAssign)}
    if issubclass(real, BaseException):
        # Exceptions carry their data as instance attributes; compare with a real one.
        with pytest.raises(orderlink.OrderlinkError) as e:
            orderlink.Workspace("A").create_customer(" ")
        assert public(vars(e.value)) == stubbed or not stubbed
        assert [b.id for b in node.bases] == [b.__name__ for b in real.__bases__]
        return
    assert stubbed == public(vars(real)), stubbed ^ public(vars(real))
    for member in node.body:
        if not isinstance(member, ast.FunctionDef):
            continue
        is_property = any(isinstance(d, ast.Name) and d.id == "property" for d in member.decorator_list)
        attr = inspect.getattr_static(real, member.name, None)
        if is_property:
            assert inspect.isdatadescriptor(attr), member.name
        elif member.name == "__new__":
            assert stub_params(member) == real_params(real), name
        elif not member.name.startswith("_"):
            assert callable(attr), member.name


@pytest.mark.parametrize("name", sorted(STUB_FUNCTIONS))
def test_function_parameters_match_the_stub(name):
    assert stub_params(STUB_FUNCTIONS[name]) == real_params(getattr(_orderlink, name))


def stub_method(cls, name):
    return next(m for m in STUB_CLASSES[cls].body if isinstance(m, ast.FunctionDef) and m.name == name)


@pytest.mark.parametrize(
    "cls, name",
    [(c, m.name) for c, n in STUB_CLASSES.items() for m in n.body if isinstance(m, ast.FunctionDef)
     and not m.name.startswith("_") and not any(isinstance(d, ast.Name) and d.id == "property" for d in m.decorator_list)],
)
def test_method_parameters_match_the_stub(cls, name):
    stubbed, real = stub_params(stub_method(cls, name)), real_params(getattr(getattr(_orderlink, cls), name))
    if real and real[-1][1] == "var_keyword" and stubbed[-1:] != real[-1:]:
        # The stub may type `**changes` by naming each keyword it takes (checked below for
        # update_customer and update_settings): the rest must match, the named ones come last.
        head = len(real) - 1
        assert stubbed[:head] == real[:head]
        assert all(kind == "keyword_only" for _, kind in stubbed[head:])
    else:
        assert stubbed == real


def test_update_customer_stub_names_every_editable_field():
    ws = orderlink.Workspace("A")
    fields = ws.editable_fields(ws.create_customer("B").id)
    assert [p for p, kind in stub_params(stub_method("Workspace", "update_customer")) if kind == "keyword_only"] == fields


def test_update_settings_stub_names_the_constructor_keywords():
    init = [p for p, kind in stub_params(stub_method("Workspace", "__new__")) if kind == "keyword_only"]
    settings = [p for p, kind in stub_params(stub_method("Workspace", "update_settings")) if kind == "keyword_only"]
    assert settings == ["name"] + [p for p in init if p not in ("seed", "clock", "store")]
    ws = orderlink.Workspace("A")
    current = ws.settings
    assert ws.update_settings(**{p: getattr(current, p) for p in settings}) == current
