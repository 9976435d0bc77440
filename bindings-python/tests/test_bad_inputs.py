"""Every bad input gets an exception with a stable code, and the store is unchanged after it
(C1 C2 C3 C5 L3 S1 S2)."""

import pytest

import orderlink
from conftest import snapshot


def calls(ws, existing):
    return [
        ("NAME_REQUIRED", orderlink.ValidationError, lambda: ws.create_customer("  ")),
        ("NAME_TOO_LONG", orderlink.ValidationError, lambda: ws.create_customer("n" * 201)),
        ("EMAIL_INVALID", orderlink.ValidationError, lambda: ws.create_customer("A", email="a@b")),
        ("CODE_TAKEN", orderlink.ConflictError, lambda: ws.create_customer("B", code="K-1")),
        ("INVALID_ARGUMENT", orderlink.ValidationError, lambda: ws.update_customer(existing.id, nmae="x")),
        ("INVALID_ARGUMENT", orderlink.ValidationError, lambda: ws.create_customer(42)),
        ("INVALID_ARGUMENT", orderlink.ValidationError, lambda: ws.create_customer("A", active="yes")),
        ("INVALID_ARGUMENT", orderlink.ValidationError, lambda: ws.list_customers(filter="everyone")),
        ("INVALID_ARGUMENT", orderlink.ValidationError, lambda: ws.list_customers(limit=0)),
        ("INVALID_ARGUMENT", orderlink.ValidationError, lambda: ws.get_customer("not-a-uuid")),
        ("LINK_MALFORMED", orderlink.ValidationError, lambda: ws.open_link("https://x.example/order/nope")),
        ("NAME_REQUIRED", orderlink.ValidationError, lambda: ws.update_customer(existing.id, name="")),
        ("CUSTOMER_NOT_FOUND", orderlink.NotFoundError, lambda: ws.delete_customer("00000000-0000-0000-0000-000000000001")),
    ]


def test_c1_c2_c3_c5_l3_every_bad_input_has_a_code_and_changes_nothing(ws):
    existing = ws.create_customer("Existing", code="k-1")
    for code, cls, call in calls(ws, existing):
        before = snapshot(ws)
        with pytest.raises(cls) as e:
            call()
        assert e.value.code == code, (code, e.value)
        assert isinstance(e.value, orderlink.OrderlinkError)
        assert snapshot(ws) == before, code


def test_s1_s2_refusals_under_sync_change_nothing():
    ws = orderlink.Workspace("Synced", seed=1, contacts_sync={"enabled": True, "connected": True})
    cid = ws.apply_contacts_sync([{"external_id": "x", "name": "Co"}]).created[0]
    for code, call in [
        ("FIELD_LOCKED", lambda: ws.update_customer(cid, email="a@b.example")),
        ("SOURCE_OF_TRUTH_EXTERNAL", lambda: ws.create_customer("Local")),
        ("NAME_REQUIRED", lambda: ws.apply_contacts_sync([{"external_id": "y", "name": " "}])),
        ("INVALID_ARGUMENT", lambda: ws.apply_contacts_sync([{"external_id": "y"}])),
    ]:
        before = snapshot(ws)
        with pytest.raises(orderlink.OrderlinkError) as e:
            call()
        assert e.value.code == code
        assert snapshot(ws) == before
