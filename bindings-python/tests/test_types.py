"""How values and errors cross into Python: ids as uuid.UUID, times as aware UTC datetimes,
money as decimal.Decimal, readable reprs, == by value, and one exception class per error kind
(C1 C2 C3 C7 A3 S2 through their errors)."""

import datetime
import decimal
import pickle
import uuid

import pytest

import orderlink
from conftest import T0


def test_c1_ids_times_and_money_cross_as_python_types(ws, clock):
    c = ws.create_customer("A")
    assert isinstance(c.id, uuid.UUID)
    assert c.created_at == c.updated_at == T0 and c.created_at.tzinfo is not None
    assert c.created_at.utcoffset() == datetime.timedelta(0)
    assert (c.orders, c.amount, c.last_order_at, c.version) == (0, decimal.Decimal("0"), None, 1)
    assert isinstance(c.amount, decimal.Decimal)
    clock.advance(90)
    assert ws.update_customer(c.id, phone="1").updated_at == T0 + datetime.timedelta(seconds=90)


def test_c1_ids_are_accepted_as_uuid_or_str(ws):
    c = ws.create_customer("A")
    assert ws.get_customer(c.id) == ws.get_customer(str(c.id)) == ws.get_customer(f"  {str(c.id).upper()} ")


def test_c2_overrides_and_freight_round_trip(ws):
    rep = uuid.uuid4()
    c = ws.create_customer(
        "A",
        price_group="Wholesale",
        order_template="quantity_grid",
        checkout_mode="pay_now",
        freight={"kind": "free_over", "threshold": decimal.Decimal("100"), "amount": "9.50"},
        managed_by=rep,
        tags=["vip", " VIP ", "north"],
    )
    assert (c.price_group, c.order_template, c.checkout_mode, c.managed_by) == ("Wholesale", "quantity_grid", "pay_now", rep)
    assert c.freight == {"kind": "free_over", "threshold": decimal.Decimal("100"), "amount": decimal.Decimal("9.50")}
    assert c.tags == ["vip", "north"]
    c = ws.update_customer(c.id, freight={"kind": "manual"}, order_template=None, managed_by=None, tags=[])
    assert (c.freight, c.order_template, c.managed_by, c.tags) == ({"kind": "manual"}, None, None, [])


def test_c3_reprs_read_like_python(ws):
    c = ws.create_customer("Corner Deli", code="C-1", email="a@b.co")
    assert repr(c) == "Customer(name='Corner Deli', code='C-1', email='a@b.co', active=True, access='available')"
    assert repr(ws) == "Workspace(name='Harbour Foods')"
    assert "names=['Corner Deli']" in repr(ws.list_customers())
    assert repr(ws.resolve_link(c.link_code)) == f"LinkTarget(kind='customer', customer_id=UUID('{c.id}'))"
    assert "may_submit=True" in repr(ws.open_link(c.link_code))
    assert repr(ws.settings).startswith("WorkspaceSettings(name='Harbour Foods'")
    assert repr(orderlink.ManualClock(T0)) == "ManualClock('2026-03-01T09:00:00+00:00')"


def test_c3_values_compare_by_value(ws):
    c = ws.create_customer("A")
    assert ws.get_customer(c.id) == c
    assert ws.update_customer(c.id, phone="1") != c
    assert ws.open_link(c.link_code) == ws.open_link(c.link_code.lower())
    assert ws.settings == ws.settings
    assert c != "A"


def test_c5_settings_read_back(clock):
    ws = orderlink.Workspace("  Harbour Foods ", base_url="https://shop.example", currency="aud", contacts_sync={"enabled": True}, clock=clock)
    s = ws.settings
    assert (s.name, s.base_url, s.currency) == ("Harbour Foods", "https://shop.example", "AUD")
    assert s.contacts_sync == {"enabled": True, "connected": False, "phone_mapped": False}
    assert (s.strict_security, s.trial_expired, s.unique_names) == (False, False, False)
    assert s.link_url == f"https://shop.example/order/{s.link_code}"
    s = ws.update_settings(name="Harbour", contacts_sync={"enabled": True, "connected": True}, strict_security=True)
    assert (s.name, s.contacts_sync["connected"], s.strict_security, s.link_code) == ("Harbour", True, True, ws.settings.link_code)


def test_c5_seed_makes_runs_repeat_and_no_seed_does_not():
    def codes(**kw):
        ws = orderlink.Workspace("A", **kw)
        return [ws.settings.link_code] + [ws.create_customer(n).link_code for n in "xyz"]

    assert codes(seed=5) == codes(seed=5) != codes(seed=6)
    assert codes() != codes()


@pytest.mark.parametrize(
    "call, cls, base, code, kind",
    [
        (lambda ws: ws.create_customer(""), "ValidationError", ValueError, "NAME_REQUIRED", "validation"),
        (lambda ws: ws.get_customer(uuid.UUID(int=1)), "NotFoundError", LookupError, "CUSTOMER_NOT_FOUND", "not_found"),
        (lambda ws: [ws.create_customer("A", code="x"), ws.create_customer("B", code="X")], "ConflictError", Exception, "CODE_TAKEN", "conflict"),
        (lambda ws: ws.apply_contacts_sync([]), "ContactsSyncError", Exception, "SYNC_NOT_ACTIVE", "contacts_sync"),
        (lambda ws: ws.start_verification(ws.create_customer("A").link_code), "AccessError", Exception, "VERIFICATION_NOT_REQUIRED", "access"),
    ],
    ids=["C1", "C7", "C2", "S2", "A3"],
)
def test_c1_c2_c7_s2_a3_each_error_kind_has_its_class(ws, call, cls, base, code, kind):
    with pytest.raises(orderlink.OrderlinkError) as e:
        call(ws)
    assert type(e.value) is getattr(orderlink, cls)
    assert isinstance(e.value, base) and isinstance(e.value, Exception)
    assert (e.value.code, e.value.kind) == (code, kind)
    assert e.value.message == str(e.value) and e.value.message
    assert type(e.value).__module__ == "orderlink"
    copy = pickle.loads(pickle.dumps(e.value))
    assert (type(copy), copy.code, copy.message) == (type(e.value), code, e.value.message)


def test_c1_store_error_is_a_distinct_class():
    assert issubclass(orderlink.StoreError, orderlink.OrderlinkError)
    assert not issubclass(orderlink.StoreError, ValueError)
    assert orderlink.OrderlinkError.__doc__ and "code" in orderlink.OrderlinkError.__doc__


def test_a3_manual_clock_takes_any_aware_time_and_timedeltas():
    plus2 = datetime.timezone(datetime.timedelta(hours=2))
    clock = orderlink.ManualClock(datetime.datetime(2026, 1, 1, 2, 0, tzinfo=plus2))
    assert clock.now() == datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    assert clock.now().tzinfo == datetime.timezone.utc
    clock.advance(1.5)
    clock.advance(datetime.timedelta(minutes=1))
    clock.advance(-0.5)
    assert clock.now() == datetime.datetime(2026, 1, 1, 0, 1, 1, tzinfo=datetime.timezone.utc)
    clock.set(T0)
    assert clock.now() == T0


def test_a3_the_workspace_shares_the_clock(clock):
    ws = orderlink.Workspace("A", clock=clock, strict_security=True, seed=1)
    c = ws.create_customer("B", email="b@b.example")
    clock.advance(3600)
    start = ws.start_verification(c.link_code)
    assert start.expires_at == T0 + datetime.timedelta(hours=1, minutes=10)
    assert "code_word" not in repr(start) and start.code_word not in repr(start).split("options")[0]
    session = ws.complete_verification(start.challenge_id, start.code_word)
    assert session.token not in repr(session)
