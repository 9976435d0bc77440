"""Carts and checkout links (CT1–CT5) through the binding: the core decides, these check that
each rule reaches Python with its values and error codes."""

import asyncio
import datetime
import threading
from decimal import Decimal

import pytest

import orderlink

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.timezone.utc)


def workspace():
    clock = orderlink.ManualClock(T0)
    ws = orderlink.Workspace("Harbour Foods", seed=19, clock=clock, base_url="https://shop.example")
    ws.upsert_products(
        [
            {"sku": "FL-1", "name": "Flour 25kg", "base_price": Decimal("12.50")},
            {"sku": "SU-2", "name": "Caster Sugar", "base_price": Decimal("3.20")},
            {"sku": "OIL-3", "name": "Olive Oil"},
        ]
    )
    return ws, clock


def add(product, qty):
    return {"op": "add", "product": product, "qty": qty}


def test_ct1_one_open_cart_per_customer_closed_ones_kept():
    ws, _ = workspace()
    deli = ws.create_customer("Corner Deli")
    first = ws.open_cart(deli.id, agent="Sam")
    assert ws.open_cart(deli.id).id == first.id
    assert (first.state, first.agent, first.channel) == ("open", "Sam", "agent")
    ws.abandon_cart(first.id, agent="Sam")
    second = ws.open_cart(deli.id)
    assert second.id != first.id and second.channel == "portal" and second.agent is None
    assert [c.state for c in ws.customer_carts(deli.id)] == ["abandoned", "open"]
    with pytest.raises(orderlink.ConflictError) as e:
        ws.update_cart(first.id, [add("FL-1", 1)], agent="Sam")
    assert e.value.code == "CART_CLOSED"
    with pytest.raises(orderlink.NotFoundError) as e:
        ws.get_cart("00000000-0000-4000-8000-000000000001")
    assert e.value.code == "CART_NOT_FOUND"


def test_ct1_the_cart_survives_a_trial_expiry():
    ws, _ = workspace()
    deli = ws.create_customer("Corner Deli")
    cart = ws.update_cart(ws.open_cart(deli.id, agent="Sam").id, [add("FL-1", 2)], agent="Sam")
    link = ws.checkout_link(cart.id, agent="Sam")
    ws.update_settings(trial_expired=True)
    view = ws.open_checkout(link.url)
    assert (view.decision.may_view, view.decision.may_submit, view.decision.reason) == (True, False, "TRIAL_EXPIRED")
    with pytest.raises(orderlink.AccessError) as e:
        ws.submit_cart(link.url, "SO-1")
    assert e.value.code == "TRIAL_EXPIRED"
    assert ws.get_cart(cart.id) == link.cart
    ws.update_settings(trial_expired=False)
    assert ws.submit_cart(link.url, "SO-1").created


def test_ct2_edits_by_sku_or_name_record_their_author():
    ws, _ = workspace()
    deli = ws.create_customer("Corner Deli")
    cart = ws.open_cart(deli.id, agent="Sam", channel="phone")
    cart = ws.update_cart(cart.id, [add("FL-1", 2), add("caster sugar", "1.5")], agent="Sam")
    assert [(l.sku, l.qty, l.uom) for l in cart.lines] == [("FL-1", Decimal(2), "each"), ("SU-2", Decimal("1.5"), "each")]
    cart = ws.update_cart(cart.id, [{"op": "remove", "product": "FL-1"}])
    assert [(c.kind, c.agent) for c in cart.changes] == [
        ("opened", "Sam"),
        ("added", "Sam"),
        ("added", "Sam"),
        ("removed", None),
    ]
    with pytest.raises(orderlink.ValidationError) as e:
        ws.update_cart(cart.id, [add("SU-2", 0.1)])
    assert e.value.code == "INVALID_ARGUMENT"  # floats are refused at the boundary
    with pytest.raises(orderlink.ValidationError) as e:
        ws.update_cart(cart.id, [add("SU-2", Decimal("0.0001"))])
    assert e.value.code == "AMOUNT_OUT_OF_RANGE"
    with pytest.raises(orderlink.NotFoundError) as e:
        ws.update_cart(cart.id, [add("NOPE", 1)])
    assert e.value.code == "PRODUCT_NOT_FOUND"
    assert [p.sku for p in ws.search_products("sug")] == ["SU-2"]


def test_ct3_checkout_links_resolve_like_order_links_and_stop():
    ws, clock = workspace()
    deli = ws.create_customer("Corner Deli")
    cart = ws.update_cart(ws.open_cart(deli.id, agent="Sam").id, [add("SU-2", 1)], agent="Sam")
    old = ws.checkout_link(cart.id, agent="Sam")
    assert old.url == f"https://shop.example/order/{old.code}" and len(old.code) == 26
    t = ws.resolve_link(old.url.lower())
    assert (t.kind, t.customer_id, t.cart_id) == ("checkout", deli.id, cart.id)
    assert ws.open_link(old.url).cart_id == cart.id
    new = ws.rotate_checkout_link(cart.id, expires_at=T0 + datetime.timedelta(days=1), agent="Sam")
    assert ws.resolve_link(old.url).kind == "unknown"
    view = ws.open_checkout(new.url)
    assert view.priced.total == Decimal("3.20") and view.cart.id == cart.id
    clock.advance(datetime.timedelta(days=1))
    assert ws.open_checkout(new.url).decision.reason == "CHECKOUT_EXPIRED"
    fresh = ws.checkout_link(cart.id, agent="Sam")
    ws.abandon_cart(cart.id, agent="Kim")
    d = ws.open_link(fresh.url)
    assert (d.found, d.may_view, d.reason) == (True, False, "CHECKOUT_CLOSED")


def test_ct4_submission_is_one_order_with_attribution():
    ws, _ = workspace()
    deli = ws.create_customer("Corner Deli")
    cart = ws.open_cart(deli.id, agent="Sam", channel="phone")
    link = ws.checkout_link(cart.id, agent="Sam")
    with pytest.raises(orderlink.ConflictError) as e:
        ws.submit_cart(link.url, "SO-1")
    assert e.value.code == "CART_EMPTY"
    ws.update_cart(cart.id, [add("OIL-3", 1)], agent="Sam")
    with pytest.raises(orderlink.ConflictError) as e:
        ws.submit_cart(link.url, "SO-1")
    assert e.value.code == "CART_LINE_UNAVAILABLE"
    ws.update_cart(cart.id, [{"op": "remove", "product": "OIL-3"}, add("FL-1", 2)], agent="Sam")
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(ws.submit_cart(link.url, "SO-1"))) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(a.created for a in answers) == 1
    assert len({a.order_id for a in answers}) == 1
    order = ws.get_order(answers[0].order_id)
    assert (order.number, order.total) == ("SO-1", Decimal("25.00"))
    assert ws.order_attribution(order.id) == {"agent": "Sam", "channel": "phone"}
    assert ws.get_cart(cart.id).state == "submitted"
    assert len(ws.customer_orders(deli.id)) == 1


def test_ct5_open_carts_listed_filtered_and_abandoned():
    ws, clock = workspace()
    deli = ws.create_customer("Corner Deli")
    bakery = ws.create_customer("Bakery Bros")
    d = ws.update_cart(ws.open_cart(deli.id, agent="Sam").id, [add("FL-1", 4)], agent="Sam")
    clock.advance(datetime.timedelta(days=2))
    b = ws.update_cart(ws.open_cart(bakery.id, agent="Kim").id, [add("SU-2", 1)], agent="Kim")
    clock.advance(datetime.timedelta(days=2))
    page = ws.open_carts()
    assert [(r.customer_name, r.agent, r.value, r.stalled) for r in page] == [
        ("Corner Deli", "Sam", Decimal("50.00"), True),
        ("Bakery Bros", "Kim", Decimal("3.20"), False),
    ]
    assert [r.cart_id for r in ws.open_carts(stalled_only=True)] == [d.id]
    assert [r.cart_id for r in ws.open_carts(agent="kim")] == [b.id]
    assert [r.cart_id for r in ws.open_carts(sort="age", limit=1, offset=1)] == [b.id]
    with pytest.raises(orderlink.ValidationError):
        ws.open_carts(colour="red")
    ws.abandon_cart(d.id, agent="Kim")
    assert ws.open_carts().total == 1


def test_ac1_checkout_link_opens_count_as_views():
    ws, _ = workspace()
    deli = ws.create_customer("Corner Deli")
    ws.record_activity(deli.id, "checkout_link_opened")
    s = ws.activity_summary(T0, T0 + datetime.timedelta(days=1))
    assert (s.customers_with_clicks, s.total_views) == (1, 1)


def test_ct4_async_submission():
    async def main():
        ws = orderlink.AsyncWorkspace(workspace()[0])
        deli = await ws.create_customer("Corner Deli")
        cart = await ws.open_cart(deli.id, agent="Sam")
        await ws.update_cart(cart.id, [add("FL-1", 1)], agent="Sam")
        link = await ws.checkout_link(cart.id, agent="Sam")
        answers = await asyncio.gather(*(ws.submit_cart(link.url, "SO-1") for _ in range(4)))
        return answers

    answers = asyncio.run(main())
    assert sum(a.created for a in answers) == 1


def test_ct4_pr8_submitted_lines_frozen_as_an_intake_freezes():
    ws, clock = workspace()
    april = T0 + datetime.timedelta(days=30)
    ws.set_default_prices({"FL-1": [
        {"min_qty": 1, "price": "12.00"},
        {"min_qty": 5, "price": "11.00", "ends_at": april},
        {"min_qty": 5, "price": "10.50", "starts_at": april},
    ]})
    ws.upsert_price_group("Trade")
    ws.set_group_prices("Trade", {"SU-2": [{"min_qty": 10, "price": "2.90"}]})
    deli = ws.create_customer("Corner Deli", price_group="Trade")
    cart = ws.open_cart(deli.id, agent="Sam")
    ws.update_cart(cart.id, [add("FL-1", 6), add("SU-2", 12)], agent="Sam")
    link = ws.checkout_link(cart.id, agent="Sam")
    clock.set(april)
    assert ws.price_cart(cart.id).total == Decimal("97.80")
    order = ws.get_order(ws.submit_cart(link.url, "SO-1").order_id)
    frozen = [(l["unit_price"], l["price_tier"], l["price_break"], l["currency"], l["price_given"]) for l in order.lines]
    assert frozen == [
        (Decimal("10.50"), "default_list", Decimal("5"), "USD", False),
        (Decimal("2.90"), "group", Decimal("10"), "USD", False),
    ]
    out = ws.intake_order(ws.link_url(deli.id), number="SO-2", total="97.80",
                          lines=[{"sku": "FL-1", "qty": 6, "uom": "each"}, {"sku": "SU-2", "qty": 12, "uom": "each"}])
    again = ws.get_order(out.order_id)
    assert [(l["unit_price"], l["price_tier"], l["price_break"]) for l in again.lines] == [f[:3] for f in frozen]
