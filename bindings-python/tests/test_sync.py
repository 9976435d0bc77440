"""S1–S3 through the Python API."""

import pytest

import orderlink
from conftest import SYNC_ON, snapshot

LOCAL_FIELDS = ["order_web_blocked", "price_group", "order_template", "checkout_mode", "freight", "managed_by", "tags"]


def only(ws):
    (c,) = ws.list_customers(filter="all")
    return c


def test_s1_locked_fields_under_sync(synced):
    c = only(synced)
    assert synced.editable_fields(c.id) == ["phone", "contact"] + LOCAL_FIELDS
    for field, value in [("name", "Other"), ("code", "X"), ("email", "x@y.example"), ("active", False)]:
        with pytest.raises(orderlink.ContactsSyncError) as e:
            synced.update_customer(c.id, **{field: value})
        assert (e.value.code, e.value.kind) == ("FIELD_LOCKED", "contacts_sync")
        assert field in e.value.message


def test_s1_phone_locked_only_when_mapped(clock):
    ws = orderlink.Workspace("H", seed=1, clock=clock, contacts_sync={**SYNC_ON, "phone_mapped": True})
    (cid,) = ws.apply_contacts_sync([{"external_id": "x", "name": "Co"}]).created
    assert "phone" not in ws.editable_fields(cid)
    with pytest.raises(orderlink.ContactsSyncError):
        ws.update_customer(cid, phone="123")


def test_s1_local_fields_stay_editable(synced):
    c = only(synced)
    c = synced.update_customer(c.id, order_web_blocked=True, price_group="Wholesale", tags=["vip"], contact="Jo", checkout_mode="pay_later")
    assert (c.order_web_blocked, c.price_group, c.tags, c.contact, c.checkout_mode) == (True, "Wholesale", ["vip"], "Jo", "pay_later")


def test_s1_sending_the_current_value_of_a_locked_field_is_not_a_change(synced):
    c = only(synced)
    assert synced.update_customer(c.id, name=c.name, email=c.email).version == c.version


def test_s1_order_web_blocked_only_while_active(ws):
    c = ws.create_customer("A")
    ws.update_customer(c.id, active=False)
    assert "order_web_blocked" not in ws.editable_fields(c.id)
    with pytest.raises(orderlink.ValidationError) as e:
        ws.update_customer(c.id, order_web_blocked=True)
    assert e.value.code == "ORDER_WEB_BLOCKED_REQUIRES_ACTIVE"


def test_s2_local_create_is_refused_under_sync(synced):
    before = snapshot(synced)
    with pytest.raises(orderlink.ContactsSyncError) as e:
        synced.create_customer("Walk-in")
    assert e.value.code == "SOURCE_OF_TRUTH_EXTERNAL"
    assert "external system" in e.value.message and "Sync" in e.value.message
    assert snapshot(synced) == before


def test_s2_synced_customer_cannot_be_deleted_locally(synced):
    with pytest.raises(orderlink.ContactsSyncError) as e:
        synced.delete_customer(only(synced).id)
    assert e.value.code == "SOURCE_OF_TRUTH_EXTERNAL"


def test_s2_enabled_but_not_connected_does_not_lock(clock):
    ws = orderlink.Workspace("H", seed=1, clock=clock, contacts_sync={"enabled": True})
    assert ws.create_customer("Walk-in").name == "Walk-in"


def test_s3_sync_creates_with_link_codes_and_updates_by_external_id(synced):
    c = only(synced)
    assert (c.external_id, c.email, len(c.link_code)) == ("xero-1", "ap@pier.example", 26)
    report = synced.apply_contacts_sync(
        [{"external_id": "xero-1", "name": "Pier Seafood Co", "email": "ap@pier.example"}, {"external_id": "xero-2", "name": "Dock Cafe"}]
    )
    assert report.updated == [c.id] and len(report.created) == 1 and report.unchanged == []
    renamed = synced.get_customer(c.id)
    assert (renamed.name, renamed.link_code) == ("Pier Seafood Co", c.link_code)
    again = synced.apply_contacts_sync([{"external_id": "xero-2", "name": "Dock Cafe"}])
    assert again.unchanged == report.created


def test_s3_sync_never_touches_order_web_blocked(synced):
    c = synced.update_customer(only(synced).id, order_web_blocked=True)
    synced.apply_contacts_sync([{"external_id": "xero-1", "name": "Pier Seafood", "active": True}])
    assert synced.get_customer(c.id).order_web_blocked is True


def test_s3_an_invalid_record_refuses_the_whole_batch(synced):
    before = snapshot(synced)
    with pytest.raises(orderlink.ValidationError) as e:
        synced.apply_contacts_sync([{"external_id": "new", "name": "Fine"}, {"external_id": "bad", "name": "B", "email": "nope"}])
    assert e.value.code == "EMAIL_INVALID" and "bad" in e.value.message
    with pytest.raises(orderlink.ConflictError) as e:
        synced.apply_contacts_sync([{"external_id": "dup", "name": "A"}, {"external_id": "dup", "name": "B"}])
    assert e.value.code == "EXTERNAL_ID_DUPLICATE"
    assert snapshot(synced) == before


def test_s3_sync_needs_sync_to_be_active(ws):
    with pytest.raises(orderlink.ContactsSyncError) as e:
        ws.apply_contacts_sync([{"external_id": "x", "name": "Co"}])
    assert e.value.code == "SYNC_NOT_ACTIVE"
