"""Pending buyers through the Python API: intake new, repeat auto-link, map, create-and-map,
ignore, remap, mapping required, audit trail and suggestions (P1-P8, N1)."""

import decimal

import pytest

import orderlink

D = decimal.Decimal


@pytest.fixture
def shop(clock):
    ws = orderlink.Workspace("Harbour Foods", seed=11, clock=clock)
    return ws, ws.workspace_link_url()


def buyer(name="Pier Seafood", email="orders@pier.example"):
    return {"business_name": name, "email": email}


def test_p1_customer_link_attaches_directly(shop):
    ws, _ = shop
    c = ws.create_customer("Deli")
    out = ws.intake_order(ws.link_url(c.id), number="A-1", total=D("12.50"))
    assert (out.kind, out.customer_id) == ("customer", c.id)
    got = ws.get_customer(c.id)
    assert (got.orders, got.amount) == (1, D("12.50"))


def test_p3_new_buyer_is_held_pending_on_the_placeholder(shop):
    ws, link = shop
    out = ws.intake_order(link, buyer=buyer(), number="W-1", total=D("42.00"))
    assert (out.kind, out.new_record) == ("pending", True)
    (record,) = ws.pending_buyers()
    assert (record.business_name, record.state, record.key) == ("Pier Seafood", "open", ("pier seafood", "orders@pier.example"))
    assert ws.get_order(out.order_id).on_placeholder
    assert ws.list_customers(filter="all").total == 0, "the placeholder is never listed"
    again = ws.intake_order(link, buyer=buyer("PIER  seafood", "Orders@Pier.Example"), number="W-2", total=1)
    assert (again.pending_id, again.new_record) == (out.pending_id, False)


def test_p2_p4_map_then_repeat_buyer_auto_links(shop):
    ws, link = shop
    pending = ws.intake_order(link, buyer=buyer(), number="W-1", total=D("42.00"))
    c = ws.create_customer("Pier Seafood Pty Ltd")
    entry = ws.map_pending(pending.pending_id, c.id, actor="reviewer@harbour")
    assert (entry.action, entry.actor, entry.to_customer, len(entry.orders_moved)) == ("map", "reviewer@harbour", c.id, 1)
    assert ws.get_customer(c.id).amount == D("42.00")
    repeat = ws.intake_order(link, buyer=buyer(), number="W-2", total=D("8.00"))
    assert (repeat.kind, repeat.customer_id) == ("auto_linked", c.id)
    assert [m.customer_id for m in ws.mappings()] == [c.id]


def test_p4_create_and_map_and_ignore(shop):
    ws, link = shop
    a = ws.intake_order(link, buyer=buyer("New Co", "new@co.example"), number="W-1", total=5)
    entry = ws.create_and_map(a.pending_id, actor="admin")
    created = ws.get_customer(entry.to_customer)
    assert (created.name, created.email, created.orders) == ("New Co", "new@co.example", 1)
    b = ws.intake_order(link, buyer=buyer("Spam", "spam@spam.example"), number="W-2", total=1)
    assert ws.ignore_pending(b.pending_id).action == "ignore"
    assert ws.pending_buyers() == []
    assert {p.state for p in ws.pending_buyers(include_closed=True)} == {"mapped", "ignored"}
    with pytest.raises(orderlink.ConflictError) as e:
        ws.ignore_pending(b.pending_id)
    assert e.value.code == "PENDING_NOT_OPEN"


def test_p4_create_and_map_refused_under_contacts_sync(shop):
    ws, link = shop
    out = ws.intake_order(link, buyer=buyer(), number="W-1", total=1)
    ws.update_settings(contacts_sync={"enabled": True, "connected": True})
    with pytest.raises(orderlink.ContactsSyncError) as e:
        ws.create_and_map(out.pending_id)
    assert e.value.code == "SOURCE_OF_TRUTH_EXTERNAL"


def test_p5_remap_moves_orders_and_appends_to_the_trail(shop):
    ws, link = shop
    wrong, right = ws.create_customer("Wrong Co"), ws.create_customer("Right Co")
    out = ws.intake_order(link, buyer=buyer(), number="W-1", total=D("10"))
    ws.map_pending(out.pending_id, wrong.id)
    ws.intake_order(link, buyer=buyer(), number="W-2", total=D("5"))
    entry = ws.remap("Pier Seafood", "orders@pier.example", right.id, actor="admin")
    assert (entry.from_customer, entry.to_customer, len(entry.orders_moved)) == (wrong.id, right.id, 2)
    assert (ws.get_customer(wrong.id).orders, ws.get_customer(right.id).amount) == (0, D("15"))
    assert [e.action for e in ws.audit_trail()] == ["map", "remap"]


def test_p6_placeholder_orders_need_mapping_before_invoice_or_sync(shop):
    ws, link = shop
    out = ws.intake_order(link, buyer=buyer(), number="W-9", total=1)
    for call in (ws.invoice_order, ws.order_for_sync):
        with pytest.raises(orderlink.ConflictError) as e:
            call(out.order_id)
        assert e.value.code == "CUSTOMER_MAPPING_REQUIRED"
    c = ws.create_customer("Pier Seafood")
    ws.map_pending(out.pending_id, c.id)
    assert ws.invoice_order(out.order_id).status == "invoiced"


def test_p7_order_after_ignore_opens_a_new_record(shop):
    ws, link = shop
    first = ws.intake_order(link, buyer=buyer(), number="W-1", total=1)
    ws.ignore_pending(first.pending_id)
    second = ws.intake_order(link, buyer=buyer(), number="W-2", total=1)
    assert second.new_record and second.pending_id != first.pending_id


def test_p8_suggestions_are_ranked_with_reasons(shop):
    ws, link = shop
    similar = ws.create_customer("Pier Seafood Pty Ltd")
    same_email = ws.create_customer("Harbour Group", email="orders@pier.example")
    same_key = ws.create_customer("pier  SEAFOOD", email="Orders@Pier.example")
    out = ws.intake_order(link, buyer=buyer(), number="W-1", total=1)
    got = ws.suggest_customers(out.pending_id)
    assert [(s.customer_id, s.reason) for s in got] == [
        (same_key.id, "same_key"), (same_email.id, "same_email"), (similar.id, "similar_name")
    ]


def test_p1_blocked_link_refused_and_nothing_written(shop):
    ws, _ = shop
    c = ws.create_customer("Blocked", order_web_blocked=True)
    with pytest.raises(orderlink.AccessError) as e:
        ws.intake_order(c.link_code, number="A-1", total=1)
    assert e.value.code == "ORDERING_UNAVAILABLE"
    assert ws.get_customer(c.id).orders == 0
