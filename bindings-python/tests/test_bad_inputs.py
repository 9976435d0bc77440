"""Every bad input tried from Python gets an exception with a stable code, and the store is
unchanged after it (C1 C2 C3 C5 C6 L3 S1 S2 S3, plus arguments of the wrong type or shape)."""

import decimal
import uuid

import pytest

import orderlink
from conftest import snapshot

V, N, K, S = orderlink.ValidationError, orderlink.NotFoundError, orderlink.ConflictError, orderlink.ContactsSyncError
MISSING = "00000000-0000-4000-8000-000000000001"

# (id, workspace, call, exception class, code). `workspace` picks the fixture: "plain" holds one
# customer with code "K-1"; "synced" has contacts sync active and one synced customer. `call`
# gets the workspace and that customer's id.
CASES = [
    ("c1-blank-name", "plain", lambda ws, cid: ws.create_customer("   "), V, "NAME_REQUIRED"),
    ("c1-201-char-name", "plain", lambda ws, cid: ws.create_customer("n" * 201), V, "NAME_TOO_LONG"),
    ("c1-update-blank-name", "plain", lambda ws, cid: ws.update_customer(cid, name=""), V, "NAME_REQUIRED"),
    ("c2-duplicate-code-other-case", "plain", lambda ws, cid: ws.create_customer("B", code="k-1"), K, "CODE_TAKEN"),
    ("c2-code-too-long", "plain", lambda ws, cid: ws.create_customer("B", code="c" * 65), V, "FIELD_TOO_LONG"),
    ("c3-bad-email", "plain", lambda ws, cid: ws.create_customer("A", email="a@b"), V, "EMAIL_INVALID"),
    ("c3-update-bad-email", "plain", lambda ws, cid: ws.update_customer(cid, email="jo at example.com"), V, "EMAIL_INVALID"),
    ("c5-bad-filter", "plain", lambda ws, cid: ws.list_customers(filter="everyone"), V, "INVALID_ARGUMENT"),
    ("c5-bad-sort", "plain", lambda ws, cid: ws.list_customers(sort="colour"), V, "INVALID_ARGUMENT"),
    ("c5-limit-zero", "plain", lambda ws, cid: ws.list_customers(limit=0), V, "INVALID_ARGUMENT"),
    ("c5-negative-offset", "plain", lambda ws, cid: ws.list_customers(offset=-1), V, "INVALID_ARGUMENT"),
    ("c6-guest-not-an-id", "plain", lambda ws, cid: ws.list_customers(guest="rep-1"), V, "INVALID_ARGUMENT"),
    ("c7-delete-missing", "plain", lambda ws, cid: ws.delete_customer(MISSING), N, "CUSTOMER_NOT_FOUND"),
    ("l3-malformed-link", "plain", lambda ws, cid: ws.open_link("https://x.example/order/nope"), V, "LINK_MALFORMED"),
    ("l3-malformed-resolve", "plain", lambda ws, cid: ws.resolve_link("not a link"), V, "LINK_MALFORMED"),
    ("l5-rotate-missing", "plain", lambda ws, cid: ws.rotate_link(MISSING), N, "CUSTOMER_NOT_FOUND"),
    ("unknown-update-key", "plain", lambda ws, cid: ws.update_customer(cid, nmae="x"), V, "INVALID_ARGUMENT"),
    ("update-name-none", "plain", lambda ws, cid: ws.update_customer(cid, name=None), V, "INVALID_ARGUMENT"),
    ("unknown-settings-key", "plain", lambda ws, cid: ws.update_settings(colour="blue"), V, "INVALID_ARGUMENT"),
    ("misspelt-sync-flag", "plain", lambda ws, cid: ws.update_settings(contacts_sync={"enabeld": True}), V, "INVALID_ARGUMENT"),
    ("bad-currency", "plain", lambda ws, cid: ws.update_settings(currency="XXY"), V, "INVALID_ARGUMENT"),
    ("bad-base-url", "plain", lambda ws, cid: ws.update_settings(base_url="shop.example"), V, "INVALID_ARGUMENT"),
    ("name-not-str", "plain", lambda ws, cid: ws.create_customer(42), V, "INVALID_ARGUMENT"),
    ("flag-not-bool", "plain", lambda ws, cid: ws.create_customer("A", active="yes"), V, "INVALID_ARGUMENT"),
    ("tags-not-a-list", "plain", lambda ws, cid: ws.create_customer("A", tags="vip"), V, "INVALID_ARGUMENT"),
    ("bad-order-template", "plain", lambda ws, cid: ws.create_customer("A", order_template="grid"), V, "INVALID_ARGUMENT"),
    ("float-money", "plain", lambda ws, cid: ws.create_customer("A", freight={"kind": "flat_rate", "amount": 9.5}), V, "INVALID_ARGUMENT"),
    ("unknown-freight-key", "plain", lambda ws, cid: ws.update_customer(cid, freight={"kind": "manual", "amount": decimal.Decimal("1")}), V, "INVALID_ARGUMENT"),
    ("lone-surrogate", "plain", lambda ws, cid: ws.create_customer("\ud800"), V, "INVALID_ARGUMENT"),
    ("id-not-a-uuid", "plain", lambda ws, cid: ws.get_customer("not-a-uuid"), V, "INVALID_ARGUMENT"),
    ("id-wrong-type", "plain", lambda ws, cid: ws.get_customer(12), V, "INVALID_ARGUMENT"),
    ("missing-customer", "plain", lambda ws, cid: ws.update_customer(uuid.UUID(MISSING), name="X"), N, "CUSTOMER_NOT_FOUND"),
    ("s1-locked-field-under-sync", "synced", lambda ws, cid: ws.update_customer(cid, email="new@pier.example"), S, "FIELD_LOCKED"),
    ("s1-locked-with-a-local-field", "synced", lambda ws, cid: ws.update_customer(cid, tags=["x"], name="Other"), S, "FIELD_LOCKED"),
    ("s2-create-under-sync", "synced", lambda ws, cid: ws.create_customer("Walk-in"), S, "SOURCE_OF_TRUTH_EXTERNAL"),
    ("s3-record-without-name", "synced", lambda ws, cid: ws.apply_contacts_sync([{"external_id": "y"}]), V, "INVALID_ARGUMENT"),
    ("s3-record-unknown-key", "synced", lambda ws, cid: ws.apply_contacts_sync([{"external_id": "y", "name": "Y", "blocked": True}]), V, "INVALID_ARGUMENT"),
    ("s3-invalid-record-in-batch", "synced", lambda ws, cid: ws.apply_contacts_sync([{"external_id": "y", "name": "Y"}, {"external_id": "z", "name": " "}]), V, "NAME_REQUIRED"),
    ("s3-records-not-a-list", "synced", lambda ws, cid: ws.apply_contacts_sync({"external_id": "y", "name": "Y"}), V, "INVALID_ARGUMENT"),
]


@pytest.fixture
def plain(ws):
    return ws, ws.create_customer("Existing", code="K-1").id


@pytest.fixture
def synced_world(synced):
    (c,) = synced.list_customers(filter="all")
    return synced, c.id


@pytest.mark.parametrize("which, call, cls, code", [pytest.param(*c[1:], id=c[0]) for c in CASES])
def test_c1_c2_c3_c5_l3_s1_s2_bad_input_raises_a_coded_error_and_changes_nothing(request, which, call, cls, code):
    ws, cid = request.getfixturevalue("plain" if which == "plain" else "synced_world")
    before = snapshot(ws)
    with pytest.raises(cls) as e:
        call(ws, cid)
    assert isinstance(e.value, orderlink.OrderlinkError)
    assert e.value.code == code, e.value.message
    assert e.value.kind and e.value.message
    assert snapshot(ws) == before


@pytest.mark.parametrize(
    "call",
    [
        lambda: orderlink.Workspace("   "),
        lambda: orderlink.Workspace("A", seed=-1),
        lambda: orderlink.Workspace("A", clock="now"),
        lambda: orderlink.Workspace("A", contacts_sync={"enabled": "yes"}),
        lambda: orderlink.ManualClock("2026-01-01"),
        lambda: orderlink.normalize_name(None),
        lambda: orderlink.parse_link_code(b"bytes"),
    ],
    ids=["blank-workspace-name", "negative-seed", "clock-not-a-clock", "sync-flag-not-bool", "clock-from-str", "none-name", "bytes-code"],
)
def test_bad_constructor_and_function_arguments_raise_invalid_argument(call):
    with pytest.raises(orderlink.ValidationError) as e:
        call()
    assert e.value.code == "INVALID_ARGUMENT"


def test_manual_clock_refuses_naive_times_and_moves_past_year_9999(clock):
    import datetime

    with pytest.raises(orderlink.ValidationError):
        orderlink.ManualClock(datetime.datetime(2026, 1, 1))
    before = clock.now()
    for seconds in [float("nan"), float("inf"), 1e12, True, "60"]:
        with pytest.raises(orderlink.ValidationError) as e:
            clock.advance(seconds)
        assert e.value.code == "INVALID_ARGUMENT"
    with pytest.raises(orderlink.ValidationError):
        clock.advance(datetime.timedelta(days=9000 * 365))
    assert clock.now() == before
