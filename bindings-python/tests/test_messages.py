"""Messages and sending links through the Python API (B1, B2): templates checked when set,
rendering with overrides, single send needs an email, bulk send limits and skip reasons, and
"last sent"."""

import datetime
import uuid

import pytest

import orderlink
from conftest import T0


def make(ws, name, email=True, active=True, blocked=False):
    c = ws.create_customer(name, email=f"{name.lower()}@shop.example" if email else None, order_web_blocked=blocked)
    if not active:
        ws.update_customer(c.id, active=False)
    return c


def test_b1_built_ins_render_customer_workspace_and_link(ws):
    deli = ws.create_customer("Corner Deli", email="jo@deli.example", contact="Jo")
    assert [t.name for t in ws.message_templates()] == ["Default", "Short", "Friendly"]
    assert all(t.built_in for t in ws.message_templates())
    short = ws.render_message(deli.id, "short")
    assert (short.template, short.subject) == ("Short", "Order from Harbour Foods")
    assert short.body == f"Order from Harbour Foods here: {ws.link_url(deli.id)}"
    default = ws.render_message(deli.id)
    assert default.template == "Default" and default.body.startswith("Hello Jo,")
    assert (default.email, default.link_url, default.customer_id) == ("jo@deli.example", ws.link_url(deli.id), deli.id)


def test_b1_caller_overrides_subject_and_body(ws):
    deli = make(ws, "Deli")
    m = ws.render_message(deli.id, template="Friendly", subject="For {customer_name}", body="{{Hi}} {link_url}")
    assert (m.template, m.subject, m.body) == ("Friendly", "For Deli", "{Hi} " + ws.link_url(deli.id))


def test_b1_placeholders_checked_when_template_set(ws):
    with pytest.raises(orderlink.ValidationError) as e:
        ws.set_message_template("Weekly", "Hi", "Order: {link_ulr}")
    assert e.value.code == "TEMPLATE_PLACEHOLDER_UNKNOWN"
    assert "{link_ulr}" in e.value.message
    assert len(ws.message_templates()) == 3
    t = ws.set_message_template("Weekly", "Hi {customer_name}", "Order: {link_url}")
    assert (t.name, t.built_in) == ("Weekly", False)
    deli = make(ws, "Deli")
    assert ws.render_message(deli.id, "WEEKLY").subject == "Hi Deli"
    with pytest.raises(orderlink.ValidationError) as e:
        ws.remove_message_template("Short")
    assert e.value.code == "TEMPLATE_INVALID"
    ws.remove_message_template("weekly")
    with pytest.raises(orderlink.NotFoundError) as e:
        ws.render_message(deli.id, "Weekly")
    assert e.value.code == "TEMPLATE_NOT_FOUND"


def test_b1_bad_arguments_are_invalid_argument(ws):
    deli = make(ws, "Deli")
    with pytest.raises(orderlink.ValidationError) as e:
        ws.render_message(deli.id, template=3)
    assert e.value.code == "INVALID_ARGUMENT"
    with pytest.raises(orderlink.ValidationError) as e:
        ws.plan_bulk_send(str(deli.id))
    assert e.value.code == "INVALID_ARGUMENT"
    with pytest.raises(orderlink.ValidationError) as e:
        ws.plan_bulk_send([deli.id], filter="everyone")
    assert e.value.code == "INVALID_ARGUMENT"
    with pytest.raises(orderlink.ValidationError) as e:
        ws.record_delivery({"customer_id": deli.id})
    assert e.value.code == "INVALID_ARGUMENT"


def test_b2_single_send_needs_email_and_records_only_when_sent(ws, clock):
    walk_in = make(ws, "Walkin", email=False)
    with pytest.raises(orderlink.ValidationError) as e:
        ws.render_message(walk_in.id)
    assert e.value.code == "EMAIL_REQUIRED"
    deli = make(ws, "Deli")
    m = ws.render_message(deli.id, "Short")
    assert ws.last_sent([deli.id]) == {}
    clock.advance(60)
    d = ws.record_delivery(m)
    assert (d.customer_id, d.template, d.email, d.at) == (deli.id, "Short", "deli@shop.example", T0 + datetime.timedelta(seconds=60))
    assert ws.last_sent([deli.id]) == {deli.id: d}
    assert ws.deliveries(deli.id) == [d]


def test_b2_bulk_send_refuses_301(ws):
    ids = [make(ws, f"C{i}").id for i in range(301)]
    with pytest.raises(orderlink.ValidationError) as e:
        ws.plan_bulk_send(ids)
    assert e.value.code == "BULK_SEND_TOO_LARGE"
    assert ws.last_sent(ids) == {}
    assert len(ws.plan_bulk_send(ids[:300] + ids[:5]).messages) == 300


def test_b2_bulk_send_of_300_mixed_lists_exact_skips(ws, clock):
    ids, want_sent, want_skipped = [], [], []
    for i in range(300):
        name = f"Customer {i:03}"
        no_email, inactive, blocked, deleted = i % 7 == 0, i % 11 == 0, i % 13 == 0, i % 50 == 49
        c = ws.create_customer(name, email=None if no_email else f"c{i}@shop.example", order_web_blocked=blocked)
        if inactive:
            ws.update_customer(c.id, active=False)
        if deleted:
            ws.delete_customer(c.id)
        ids.append(c.id)
        reason = ("not_found" if deleted else "inactive" if inactive else "order_web_blocked" if blocked
                  else "no_email" if no_email else None)
        if reason:
            want_skipped.append((c.id, None if deleted else name, reason))
        else:
            want_sent.append((c.id, f"c{i}@shop.example"))
    clock.advance(3600)
    plan = ws.plan_bulk_send(ids, template="Short")
    assert [(s.customer_id, s.name, s.reason) for s in plan.skipped] == want_skipped
    assert [(m.customer_id, m.email) for m in plan.messages] == want_sent
    assert plan.at == T0 + datetime.timedelta(hours=1)
    last = ws.last_sent(ids)
    assert list(last) == [c for c, _ in want_sent]
    assert {(d.template, d.at) for d in last.values()} == {("Short", plan.at)}


def test_b2_filter_all_includes_inactive_but_not_blocked(ws):
    sleepy, blocked, unknown = make(ws, "Sleepy", active=False), make(ws, "Blocked", blocked=True), uuid.uuid4()
    plan = ws.plan_bulk_send([sleepy.id, blocked.id, str(unknown)], filter="all", subject="For {customer_name}")
    assert [m.subject for m in plan.messages] == ["For Sleepy"]
    assert [(s.name, s.reason) for s in plan.skipped] == [("Blocked", "order_web_blocked"), (None, "not_found")]
    assert plan.skipped[1].customer_id == unknown
