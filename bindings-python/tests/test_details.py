"""The customer detail extras through the Python API: tags, notes (the 5-minute edit window on
the injected ManualClock, never by sleeping), addresses, and leads versus customers in the list."""

import datetime

import pytest

import orderlink
from conftest import T0, snapshot


@pytest.fixture
def deli(ws):
    return ws.create_customer("Corner Deli")


# --- tags ----------------------------------------------------------------------------------


def test_tags_added_and_removed_without_case(ws, deli):
    ws.add_tag(deli.id, " VIP ")
    assert ws.add_tag(deli.id, "Wholesale").tags == ["VIP", "Wholesale"]
    assert ws.add_tag(deli.id, "vip").tags == ["VIP", "Wholesale"]
    assert ws.remove_tag(deli.id, "WHOLESALE").tags == ["VIP"]
    assert ws.remove_tag(deli.id, "never had it").tags == ["VIP"]


@pytest.mark.parametrize("tag, code", [("  ", "INVALID_ARGUMENT"), ("t" * 51, "FIELD_TOO_LONG"), (7, "INVALID_ARGUMENT")])
def test_tags_bad_input_changes_nothing(ws, deli, tag, code):
    before = snapshot(ws)
    with pytest.raises(orderlink.ValidationError) as e:
        ws.add_tag(deli.id, tag)
    assert e.value.code == code
    assert snapshot(ws) == before


def test_c5_list_and_export_filtered_by_tag(ws, deli):
    other = ws.create_customer("Bay Cafe")
    ws.create_customer("Pier Seafood")
    ws.add_tag(deli.id, "VIP")
    ws.add_tag(other.id, "vip")
    assert [c.name for c in ws.list_customers(tag="Vip")] == ["Bay Cafe", "Corner Deli"]
    assert ws.list_customers(tag="none").total == 0
    assert len(ws.export_customers(tag="vip").decode().splitlines()) == 3


# --- notes ---------------------------------------------------------------------------------


def test_notes_added_with_author_and_time_newest_first(ws, deli, clock):
    first = ws.add_note(deli.id, "sam@harbour", " Deliveries before 7am ")
    assert (first.author, first.text, first.created_at, first.edited_at) == ("sam@harbour", "Deliveries before 7am", T0, None)
    assert first.customer_id == deli.id
    assert first.editable_until == T0 + datetime.timedelta(minutes=5)
    clock.advance(3600)
    second = ws.add_note(deli.id, "kim@harbour", "Asked for a trade account")
    assert ws.notes(deli.id) == [second, first]


def test_notes_editable_within_five_minutes_then_refused(ws, deli, clock):
    note = ws.add_note(deli.id, "sam", "Call on Mondays")
    clock.advance(datetime.timedelta(minutes=4, seconds=59))
    edited = ws.edit_note(note.id, "Call on Tuesdays")
    assert (edited.text, edited.edited_at, edited.created_at) == ("Call on Tuesdays", T0 + datetime.timedelta(seconds=299), T0)
    clock.advance(1)  # exactly five minutes after it was added
    with pytest.raises(orderlink.ConflictError) as e:
        ws.edit_note(note.id, "Call on Fridays")
    assert (e.value.code, e.value.kind) == ("NOTE_EDIT_WINDOW_CLOSED", "conflict")
    assert "5 minutes" in e.value.message
    assert ws.notes(deli.id) == [edited], "the refused edit wrote nothing"


def test_notes_bad_input(ws, deli):
    with pytest.raises(orderlink.ValidationError) as e:
        ws.add_note(deli.id, "sam", "   ")
    assert e.value.code == "INVALID_ARGUMENT"
    with pytest.raises(orderlink.ValidationError):
        ws.add_note(deli.id, " ", "text")
    with pytest.raises(orderlink.NotFoundError) as e:
        ws.edit_note("00000000-0000-4000-8000-000000000000", "text")
    assert e.value.code == "NOTE_NOT_FOUND"
    assert ws.notes(deli.id) == []


# --- addresses -----------------------------------------------------------------------------


def test_addresses_first_is_default_then_one_default_of_each_kind(ws, deli):
    office = ws.add_address(deli.id, " 12 Pier St ", label="Head office", city="Fremantle", country=" ")
    assert (office.line1, office.label, office.city, office.country) == ("12 Pier St", "Head office", "Fremantle", None)
    assert (office.default_billing, office.default_shipping) == (True, True)
    dock = ws.add_address(deli.id, "3 Dock Rd", default_shipping=True)
    assert (dock.default_billing, dock.default_shipping) == (False, True)
    ws.set_default_address(deli.id, dock.id, "billing")
    got = [(a.line1, a.default_billing, a.default_shipping) for a in ws.get_customer(deli.id).addresses]
    assert got == [("12 Pier St", False, False), ("3 Dock Rd", True, True)]
    ws.remove_address(deli.id, dock.id)
    (left,) = ws.addresses(deli.id)
    assert (left.id, left.default_billing, left.default_shipping) == (office.id, True, True)


def test_addresses_update_and_errors(ws, deli):
    a = ws.add_address(deli.id, "1 Hay St", city="Perth")
    changed = ws.update_address(deli.id, a.id, city=None, line2="Level 2")
    assert (changed.city, changed.line2, changed.line1) == (None, "Level 2", "1 Hay St")
    with pytest.raises(orderlink.ValidationError) as e:
        ws.update_address(deli.id, a.id, line1=None)
    assert e.value.code == "INVALID_ARGUMENT"
    with pytest.raises(orderlink.ValidationError):
        ws.update_address(deli.id, a.id, default_billing=True)
    with pytest.raises(orderlink.ValidationError):
        ws.set_default_address(deli.id, a.id, "delivery")
    other = ws.create_customer("Bay Cafe")
    with pytest.raises(orderlink.NotFoundError) as e:
        ws.remove_address(other.id, a.id)
    assert e.value.code == "ADDRESS_NOT_FOUND"
    assert ws.addresses(deli.id) == [changed]


def test_c5_advanced_search_by_address(ws, deli):
    other = ws.create_customer("Bay Cafe")
    ws.add_address(deli.id, "12 Pier St", city="Fremantle")
    ws.add_address(other.id, "9 Rue Saint-Jean", region="Québec")
    assert [c.name for c in ws.list_customers(address="FREMANT")] == ["Corner Deli"]
    assert [c.name for c in ws.list_customers(address="quebec")] == ["Bay Cafe"]


# --- leads ---------------------------------------------------------------------------------


def test_c5_leads_versus_customers(ws, deli):
    buyer = ws.create_customer("Buyer Co")
    ws.intake_order(ws.link_url(buyer.id), number="SO-1", total=1)
    draft = ws.intake_order(ws.link_url(deli.id), number="D-1", total=1, status="draft")
    assert (ws.get_customer(buyer.id).kind, ws.get_customer(deli.id).kind) == ("customer", "lead")
    assert ws.get_customer(deli.id).drafts == 1
    assert [c.name for c in ws.list_customers(kind="lead")] == ["Corner Deli"]
    assert [c.name for c in ws.list_customers(kind="customer")] == ["Buyer Co"]
    ws.invoice_order(draft.order_id)
    assert ws.list_customers(kind="lead").total == 0
    with pytest.raises(orderlink.ValidationError) as e:
        ws.list_customers(kind="prospect")
    assert e.value.code == "INVALID_ARGUMENT"
