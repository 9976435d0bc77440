"""Order history through the Python API: past orders newest first in pages of 10 with drafts
listed but not selectable (H1), and products ordered before with their availability (H2)."""

import datetime
import decimal

import pytest

import orderlink

D = decimal.Decimal


@pytest.fixture
def shop(ws, clock):
    deli = ws.create_customer("Corner Deli")

    def place(number, status="confirmed", lines=()):
        clock.advance(datetime.timedelta(hours=1))
        ws.intake_order(ws.link_url(deli.id), number=number, total="10.00", status=status, lines=list(lines))

    return ws, deli, place


def test_h1_newest_ten_first_then_further_pages(shop):
    ws, deli, place = shop
    for i in range(1, 24):
        place(f"SO-{i:02}")
    first = ws.order_history(deli.id)
    assert [o.number for o in first.orders] == [f"SO-{i:02}" for i in range(23, 13, -1)]
    assert (first.page, first.total_orders, first.has_more) == (1, 23, True)
    second = ws.order_history(deli.id, page=2)
    assert [o.number for o in second.orders][:2] == ["SO-13", "SO-12"]
    assert (len(second.orders), second.has_more) == (10, True)
    third = ws.order_history(deli.id, 3)
    assert [o.number for o in third.orders] == ["SO-03", "SO-02", "SO-01"]
    assert not third.has_more
    assert ws.order_history(deli.id, page=4).orders == []
    times = [o.placed_at for o in first.orders + second.orders + third.orders]
    assert times == sorted(times, reverse=True) and all(t.tzinfo is not None for t in times)


def test_h1_drafts_are_listed_but_not_selectable(shop):
    ws, deli, place = shop
    place("SO-1", lines=[{"sku": "EGGS", "qty": 2}])
    place("D-2", status="draft", lines=[{"sku": "EGGS", "qty": 1}, {"sku": "MILK", "qty": D("1.5"), "uom": "litre"}])
    orders = ws.order_history(deli.id).orders
    assert [(o.number, o.status, o.selectable, o.items) for o in orders] == [
        ("D-2", "draft", False, 2),
        ("SO-1", "confirmed", True, 1),
    ]
    # PR8: lines also carry the price frozen at intake (MILK has none here: see the fixture).
    line = orders[0].lines[1]
    assert {k: line[k] for k in ("sku", "qty", "uom")} == {"sku": "MILK", "qty": D("1.5"), "uom": "litre"}
    assert set(line) == {"sku", "qty", "uom", "unit_price", "price_tier", "price_break", "currency", "price_given"}
    assert isinstance(orders[0].total, D)


@pytest.mark.parametrize("page, code", [(0, "INVALID_ARGUMENT"), (-1, "INVALID_ARGUMENT"), ("2", "INVALID_ARGUMENT"), (True, "INVALID_ARGUMENT")])
def test_h1_bad_pages_are_refused(shop, page, code):
    ws, deli, _ = shop
    with pytest.raises(orderlink.ValidationError) as e:
        ws.order_history(deli.id, page)
    assert e.value.code == code


def test_h1_unknown_customer(ws):
    with pytest.raises(orderlink.NotFoundError) as e:
        ws.order_history("00000000-0000-4000-8000-000000000000")
    assert e.value.code == "CUSTOMER_NOT_FOUND"


def test_h2_products_with_last_order_times_ordered_and_last_quantity(shop):
    ws, deli, place = shop
    ws.upsert_products([{"sku": "EGGS", "name": "Eggs", "base_price": "7.00"}, {"sku": "MILK", "name": "Milk", "base_price": "2.00"}])
    place("SO-1", lines=[{"sku": "EGGS", "qty": 5}, {"sku": "MILK", "qty": 1}])
    place("SO-2", lines=[{"sku": "EGGS", "qty": 4}])
    place("D-3", status="draft", lines=[{"sku": "EGGS", "qty": 99}])
    eggs, milk = ws.order_history(deli.id).products
    assert (eggs.sku, eggs.name, eggs.times_ordered, eggs.last_qty, eggs.price) == ("EGGS", "Eggs", 2, D("4"), D("7.00"))
    assert eggs.last_ordered_at == ws.order_history(deli.id).orders[1].placed_at, "the draft is not an order of it"
    assert (milk.sku, milk.times_ordered, milk.last_qty) == ("MILK", 1, D("1"))
    assert (eggs.availability, eggs.available) == ("available", True)


def test_h2_unavailable_when_inactive_out_of_stock_no_price_or_uom_gone(shop):
    ws, deli, place = shop
    ws.upsert_products([
        {"sku": "OK", "name": "Fine", "base_price": "1.00"},
        {"sku": "OLD", "name": "Retired", "base_price": "1.00", "active": False},
        {"sku": "GONE", "name": "Sold out", "base_price": "1.00", "in_stock": False},
        {"sku": "QUOTE", "name": "On request"},
        {"sku": "CARTON", "name": "By the carton", "base_price": "9.00", "uom": "carton 12"},
    ])
    place("SO-1", lines=[{"sku": s, "qty": 1} for s in ("OK", "OLD", "GONE", "QUOTE", "NOPE")] + [{"sku": "CARTON", "qty": 6, "uom": "each"}])
    got = {p.sku: (p.availability, p.available) for p in ws.order_history(deli.id).products}
    assert got == {
        "OK": ("available", True),
        "OLD": ("inactive", False),
        "GONE": ("out_of_stock", False),
        "QUOTE": ("no_price", False),
        "NOPE": ("not_in_catalogue", False),
        "CARTON": ("uom_gone", False),
    }


def test_h2_no_price_follows_the_customers_price_group(ws, clock):
    ws.upsert_products([{"sku": "TRADE", "name": "Trade only"}])
    ws.upsert_price_group("Trade")
    ws.set_group_prices("Trade", {"TRADE": "4.40"})
    trade = ws.create_customer("Trade Co", price_group="Trade")
    retail = ws.create_customer("Retail Co")
    for c in (trade, retail):
        ws.intake_order(ws.link_url(c.id), number=f"SO-{c.name}", total=1, lines=[{"sku": "TRADE", "qty": 1}])
    (for_trade,) = ws.order_history(trade.id).products
    (for_retail,) = ws.order_history(retail.id).products
    assert (for_trade.price, for_trade.availability) == (D("4.40"), "available")
    assert (for_retail.price, for_retail.availability) == (None, "no_price")


def test_h2_at_most_fifty_products(shop):
    ws, deli, place = shop
    for i in range(12):
        place(f"SO-{i}", lines=[{"sku": f"SKU-{i * 5 + j:02}", "qty": 1} for j in range(5)])
    products = ws.order_history(deli.id).products
    assert len(products) == 50
    assert products[0].sku == "SKU-55"
    assert repr(products[0]) == "ProductHistory(sku='SKU-55', times_ordered=1, last_qty=Decimal('1'), availability='not_in_catalogue')"
