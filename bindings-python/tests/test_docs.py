"""Every example in the docstrings runs, so the documentation cannot rot. Each docstring gets a
fresh workspace `ws` holding `deli`, the names the examples use."""

import decimal
import doctest

import pytest

import orderlink
from orderlink import _orderlink


def fresh_globals():
    ws = orderlink.Workspace("Harbour Foods", seed=1)
    deli = ws.create_customer("Corner Deli", email="orders@deli.example")
    return {"orderlink": orderlink, "Decimal": decimal.Decimal, "ws": ws, "deli": deli}


FINDER = doctest.DocTestFinder(exclude_empty=True)
EXAMPLES = [t for module in (orderlink, _orderlink) for t in FINDER.find(module, module.__name__) if t.examples]


def public_objects():
    for name in orderlink.__all__:
        obj = getattr(orderlink, name)
        yield name, obj
        if isinstance(obj, type) and not issubclass(obj, BaseException):
            for member, value in vars(obj).items():
                if not member.startswith("_"):
                    yield f"{name}.{member}", value


def test_docs_examples_are_found():
    assert len(EXAMPLES) >= 15


@pytest.mark.parametrize("test", EXAMPLES, ids=[t.name for t in EXAMPLES])
def test_docs_example_runs(test):
    test.globs = fresh_globals()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0, f"{test.name} failed; run it by hand to see the diff"


@pytest.mark.parametrize("name, obj", list(public_objects()), ids=[n for n, _ in public_objects()])
def test_docs_every_public_class_function_and_member_has_a_docstring(name, obj):
    assert (obj.__doc__ or "").strip(), name
