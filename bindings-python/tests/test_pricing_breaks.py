"""Quantity breaks, validity windows, the buyer's merged breaks and prices frozen on order lines
through the Python API (PR5 PR6 PR7 PR8, with H2's last price paid). The rules live in the
core; these check the binding reads and shapes them."""

import datetime
import decimal

import pytest

import orderlink
from conftest import T0

D = decimal.Decimal
UTC = datetime.timezone.utc
APRIL = datetime.datetime(2026, 4, 1, tzinfo=UTC)
MAY = datetime.datetime(2026, 5, 1, tzinfo=UTC)


@pytest.fixture
def shop(ws):
    """FLOUR: base 6.00, default list 1+ 5.00 and 5+ 4.80, Trade 10+ 4.50 and 50+ 4.00."""
    ws.upsert_products([
        {"sku": "FLOUR", "name": "Flour", "base_price": "6.00"},
        {"sku": "EGGS", "name": "Eggs", "base_price": "7.00"},
    ])
    ws.set_default_prices({"FLOUR": [{"min_qty": 5, "price": "4.80"}, {"min_qty": "1", "price": D("5.00")}]})
    ws.upsert_price_group("Trade")
    ws.set_group_prices("Trade", {"FLOUR": [{"min_qty": 10, "price": "4.50"}, {"min_qty": 50, "price": "4.00"}]})
    return ws, ws.create_customer("Pier Seafood", price_group="Trade").id


def test_pr5_breaks_resolve_for_a_quantity_and_fall_through_tiers(shop):
    ws, trade = shop
    r = ws.resolve_price(trade, "FLOUR", qty=12)
    assert (r.amount, r.tier, r.min_qty) == (D("4.50"), "group", D("10"))
    r = ws.resolve_price(trade, "FLOUR", qty=D("3"))
    assert (r.amount, r.tier, r.min_qty) == (D("5.00"), "default_list", D("1"))
    r = ws.resolve_price(trade, "FLOUR", qty="0.5")
    assert (r.amount, r.tier, r.min_qty) == (D("6.00"), "base", None)
    assert ws.resolve_price(trade, "FLOUR").amount == D("5.00"), "quantity 1 by default"
    why = ws.explain_price(trade, "FLOUR", qty=3)
    assert (why.min_qty, why.qty) == (D("1"), D("3"))
    assert [(p.tier, p.reason) for p in why.passed_over] == [("group", "below_smallest_break")]
    assert ws.price_entry("FLOUR", "trade") == [
        {"min_qty": D("10"), "price": D("4.50"), "starts_at": None, "ends_at": None},
        {"min_qty": D("50"), "price": D("4.00"), "starts_at": None, "ends_at": None},
    ]


def test_pr5_bad_breaks_and_quantities_are_refused_whole(shop):
    ws, trade = shop
    with pytest.raises(orderlink.ValidationError) as e:
        ws.set_group_prices("Trade", {"FLOUR": [{"min_qty": 1, "price": "5"}, {"min_qty": 10, "price": "6"}]})
    assert e.value.code == "PRICE_INVALID"
    for bad in (0.5, True, "x"):
        with pytest.raises(orderlink.ValidationError) as e:
            ws.resolve_price(trade, "FLOUR", qty=bad)
        assert e.value.code == "INVALID_ARGUMENT", bad
    with pytest.raises(orderlink.ValidationError) as e:
        ws.resolve_price(trade, "FLOUR", qty=0)
    assert e.value.code == "AMOUNT_OUT_OF_RANGE"
    with pytest.raises(orderlink.ValidationError) as e:
        ws.set_default_prices({"FLOUR": [{"min_qty": 1, "price": 5.0}]})
    assert e.value.code == "INVALID_ARGUMENT", "floats are refused inside breaks too"
    with pytest.raises(orderlink.ValidationError) as e:
        ws.set_default_prices({"FLOUR": [{"min_qty": 1, "cost": "5"}]})
    assert e.value.code == "INVALID_ARGUMENT"
    assert ws.resolve_price(trade, "FLOUR", qty=60).amount == D("4.00"), "nothing half-written"


def test_pr5_a_macro_applies_to_every_break(shop):
    ws, _ = shop
    assert ws.apply_price_macro("Trade", "-10%", ["FLOUR"]).changed == 1
    assert [b["price"] for b in ws.price_entry("FLOUR", "Trade")] == [D("4.05"), D("3.60")]


def test_pr6_windows_at_now_or_a_given_instant(shop, clock):
    ws, trade = shop
    ws.set_group_prices("Trade", {"EGGS": {"breaks": [{"price": "5.50"}], "starts_at": APRIL, "ends_at": MAY}})
    assert ws.resolve_price(trade, "EGGS").amount == D("7.00")
    assert ws.resolve_price(trade, "EGGS", at=APRIL).amount == D("5.50")
    assert ws.resolve_price(trade, "EGGS", at=MAY).amount == D("7.00"), "the end is exclusive"
    why = ws.explain_price(trade, "EGGS")
    assert why.at == T0
    assert [(p.tier, p.reason) for p in why.passed_over] == [("group", "outside_window"), ("default_list", "no_entry")]
    assert [(u.tier, u.min_qty, u.price, u.starts_at, u.ends_at) for u in why.upcoming] == [
        ("group", D("0"), D("5.50"), APRIL, MAY)
    ]
    clock.set(APRIL + datetime.timedelta(days=2))
    assert ws.resolve_price(trade, "EGGS").amount == D("5.50"), "now is the workspace clock's"
    with pytest.raises(orderlink.ValidationError) as e:
        ws.resolve_price(trade, "EGGS", at=datetime.datetime(2026, 4, 1))
    assert e.value.code == "INVALID_ARGUMENT", "a naive datetime is refused"
    with pytest.raises(orderlink.ValidationError) as e:
        ws.set_default_prices({"EGGS": [{"price": "6", "starts_at": MAY, "ends_at": APRIL}]})
    assert e.value.code == "PRICE_INVALID"


def test_pr7_the_sheet_shows_each_buyers_merged_breaks(shop):
    ws, trade = shop
    sheet = ws.resolve_prices(trade, qty=12)
    assert (sheet.skus, sheet.amounts, sheet.tiers, sheet.qty) == (["EGGS", "FLOUR"], [D("7.00"), D("4.50")], ["base", "group"], D("12"))
    assert sheet.breaks() == [
        [(D("0"), D("7.00"), "base")],
        [(D("0"), D("6.00"), "base"), (D("1"), D("5.00"), "default_list"), (D("5"), D("4.80"), "default_list"),
         (D("10"), D("4.50"), "group"), (D("50"), D("4.00"), "group")],
    ]
    link = ws.resolve_prices(None, ["FLOUR"])
    assert [t for _, _, t in link.breaks()[0]] == ["base", "default_list", "default_list"], "never the group's"


def test_pr8_lines_frozen_at_intake_and_kept_through_price_changes(shop):
    ws, trade = shop
    link = ws.link_url(trade)
    out = ws.intake_order(link, number="SO-1", total="100.00", lines=[
        {"sku": "FLOUR", "qty": 12}, {"sku": "EGGS", "qty": "2", "unit_price": D("6.50")}, {"sku": "GONE", "qty": 1}])
    order = ws.get_order(out.order_id)
    frozen = [(l["unit_price"], l["price_tier"], l["price_break"], l["currency"], l["price_given"]) for l in order.lines]
    assert frozen == [(D("4.50"), "group", D("10"), "USD", False), (D("6.50"), None, None, "USD", True), (None, None, None, None, False)]
    ws.apply_price_macro("Trade", "+10%")
    assert ws.get_order(out.order_id).lines == order.lines, "later changes never alter a placed order"
    row = [p for p in ws.order_history(trade).products if p.sku == "FLOUR"][0]
    assert (row.last_price_paid, row.price) == (D("4.50"), D("4.95"))


def test_pr8_a_total_that_is_not_the_sum_of_given_lines_is_refused(shop):
    ws, trade = shop
    with pytest.raises(orderlink.ValidationError) as e:
        ws.intake_order(ws.link_url(trade), number="SO-2", total="10.00",
                        lines=[{"sku": "EGGS", "qty": 2, "unit_price": "6.50"}])
    assert e.value.code == "ORDER_TOTAL_MISMATCH"
    assert ws.customer_orders(trade) == []
