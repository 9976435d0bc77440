"""R1 at the binding boundary: a panic inside a call is ``InternalError`` (``INTERNAL``, an
``Exception``), never pyo3's ``PanicException`` (a ``BaseException``); arguments of the wrong
type are ``INVALID_ARGUMENT``; ``None`` where it cannot mean anything is refused."""

import inspect
import os
import subprocess
import sys

import pytest

import orderlink
from orderlink import _orderlink


def test_r1_a_panic_inside_a_call_raises_internal_error_and_the_next_call_works(ws):
    deli = ws.create_customer("Corner Deli")
    with pytest.raises(orderlink.InternalError) as caught:
        _orderlink._internal_panic_for_tests()
    e = caught.value
    assert (e.code, e.kind) == ("INTERNAL", "internal")
    assert "deliberate panic" in e.message
    assert isinstance(e, orderlink.OrderlinkError) and isinstance(e, Exception)
    assert ws.get_customer(deli.id).name == "Corner Deli"
    # A second panic is caught the same way.
    with pytest.raises(orderlink.InternalError):
        _orderlink._internal_panic_for_tests()


def test_r1_except_exception_catches_a_panic():
    try:
        _orderlink._internal_panic_for_tests()
    except Exception as e:  # a PanicException would pass through this clause
        assert type(e).__name__ == "InternalError"
    else:
        pytest.fail("no exception")


def test_r1_an_interpreter_that_meets_a_panic_goes_on_and_exits_normally():
    script = (
        "import orderlink\n"
        "from orderlink import _orderlink\n"
        "try:\n"
        "    _orderlink._internal_panic_for_tests()\n"
        "except orderlink.OrderlinkError as e:\n"
        "    print(e.code, e.kind)\n"
        "print(orderlink.Workspace('After', seed=1).create_customer('Still here').name)\n"
    )
    env = {**os.environ, "RUST_BACKTRACE": "0"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split("\n")[:2] == ["INTERNAL internal", "Still here"]


def _positional_count(method):
    """How many positional parameters a method takes (from pyo3's text signature)."""
    try:
        params = inspect.signature(method).parameters.values()
    except (TypeError, ValueError):
        return 1
    return sum(1 for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "self")


WRONG = [42, None, {}, [], True, object(), b"\xff", 1.5, float("nan"), "x", -1, 10**30]


def test_r1_every_method_given_wrong_types_raises_an_orderlink_error(ws):
    deli = ws.create_customer("Corner Deli", email="orders@deli.example")
    calls = 0
    for name, method in inspect.getmembers(ws, callable):
        if name.startswith("_") or name == "delete_customer":
            continue
        n = _positional_count(method)
        for wrong in WRONG:
            for args in ([wrong] * n, [deli.id] + [wrong] * (n - 1)):
                calls += 1
                try:
                    method(*args[:n])
                except orderlink.OrderlinkError as e:
                    assert e.code != "INTERNAL", f"{name}{tuple(args)} panicked: {e}"
                    assert e.code.isupper()
                except BaseException as e:  # noqa: BLE001 - anything else is the failure
                    pytest.fail(f"{name}{tuple(map(repr, args))} raised {type(e).__name__}: {e}")
    assert calls > 500
    assert ws.get_customer(deli.id).name == "Corner Deli"


def test_r1_wrong_types_are_invalid_argument(ws):
    deli = ws.create_customer("Corner Deli")
    for call in [
        lambda: ws.get_customer(42),
        lambda: ws.create_customer(42),
        lambda: ws.open_link(b"code"),
        lambda: ws.update_customer(deli.id, active="yes"),
        lambda: ws.upsert_products([{"sku": 1, "name": "x"}]),
        lambda: ws.set_default_prices({"EGGS": 1.5}),
        lambda: ws.confirm_import(42),
        lambda: ws.record_delivery("message"),
        lambda: orderlink.Workspace.open(42),
    ]:
        with pytest.raises(orderlink.ValidationError) as caught:
            call()
        assert caught.value.code in ("INVALID_ARGUMENT",), caught.value


def test_r1_none_where_it_cannot_clear_anything_is_refused(ws):
    deli = ws.create_customer("Corner Deli", email="orders@deli.example")
    for call in [
        lambda: ws.update_customer(deli.id, name=None),
        lambda: ws.update_customer(deli.id, active=None),
        lambda: ws.update_settings(name=None),
        lambda: ws.update_settings(strict_security=None),
        lambda: ws.create_customer(None),
        lambda: ws.get_customer(None),
    ]:
        with pytest.raises(orderlink.ValidationError) as caught:
            call()
        assert caught.value.code == "INVALID_ARGUMENT"
    assert ws.get_customer(deli.id).name == "Corner Deli"
    assert ws.update_customer(deli.id, email=None).email is None


def test_r1_a_panic_while_reading_an_argument_raises_internal_error():
    # The binding reads arguments before the guarded core call. A panic there (a defect, or a
    # callback it makes raising another extension's PanicException, which pyo3 turns back into
    # a panic, as here through a datetime subclass's utcoffset) is InternalError too.
    import datetime

    raised = []

    class Odd(datetime.datetime):
        def utcoffset(self):
            raise raised[0]

    at = Odd(2026, 12, 4, tzinfo=datetime.timezone.utc)
    raised.append(ValueError("not today"))
    with pytest.raises(ValueError):  # a plain exception from the callback passes through as it is
        orderlink.ManualClock(at)
    # pyo3 made its PanicException class while fetching that error.
    panic = next(c for c in BaseException.__subclasses__() if c.__name__ == "PanicException")
    raised[0] = panic("a panic in another extension")
    with pytest.raises(orderlink.InternalError) as caught:
        orderlink.ManualClock(at)
    assert caught.value.code == "INTERNAL"
    assert "reading start" in caught.value.message
    # The interpreter and the module go on.
    assert orderlink.ManualClock(datetime.datetime(2026, 12, 4, tzinfo=datetime.timezone.utc)) is not None
