"""R3 and R4 through the Python API: amounts and quantities range-checked where they enter,
floats refused (money is Decimal, int or str), sums that cannot overflow, and text every store
can hold (no control characters, visible names, a base URL normalised by the URL parser)."""

import decimal

import pytest

import orderlink

D = decimal.Decimal
MAX = D("1000000000000")
OUT = "AMOUNT_OUT_OF_RANGE"


@pytest.fixture
def shop(ws):
    ws.upsert_products([{"sku": "BREAD", "name": "Sourdough", "base_price": "6.50"}])
    ws.upsert_price_group("Trade")
    return ws


def code(fn):
    with pytest.raises(orderlink.OrderlinkError) as e:
        fn()
    return e.value.code


def test_r3_amounts_are_range_checked_where_they_are_set(shop):
    for bad in [MAX + D("0.0001"), D("0.00001"), "79228162514264337593543950335", "0.30000000000000004"]:
        assert code(lambda: shop.set_default_prices({"BREAD": bad})) == OUT, bad
        assert code(lambda: shop.set_group_prices("Trade", {"BREAD": bad})) == OUT, bad
        assert code(lambda: shop.upsert_products([{"sku": "MILK", "name": "Milk", "base_price": bad}])) == OUT, bad
    shop.set_default_prices({"BREAD": D("0.0425")})
    shop.set_group_prices("Trade", {"BREAD": MAX})
    assert code(lambda: shop.apply_price_macro("Trade", "+1")) == OUT
    assert code(lambda: shop.apply_price_macro("Trade", "*1.00001")) == OUT
    assert str(shop.resolve_price(None, "BREAD").amount) == "0.0425"


def test_r3_python_floats_are_refused_never_guessed(shop):
    """Decision: a float is INVALID_ARGUMENT in Python, even 4.5: money is Decimal, int or str
    (PR3), and Python, unlike JavaScript, has a decimal type to give."""
    for f in [0.1 + 0.2, 4.5, 19.99]:
        assert code(lambda: shop.set_default_prices({"BREAD": f})) == "INVALID_ARGUMENT"
        assert code(lambda: shop.create_customer("Deli", freight={"kind": "flat_rate", "amount": f})) == "INVALID_ARGUMENT"
    shop.set_default_prices({"BREAD": 4})
    assert shop.resolve_price(None, "BREAD").amount == D("4")


def test_r3_order_totals_quantities_and_freight(shop):
    c = shop.create_customer("Deli")
    url = shop.link_url(c.id)
    for total in [MAX + D("0.0001"), D("0.00001")]:
        assert code(lambda: shop.intake_order(url, number="T-1", total=total)) == OUT
    for qty in ["0.0001", "1000000001"]:
        line = [{"sku": "BREAD", "qty": qty}]
        assert code(lambda: shop.intake_order(url, number="Q-1", total="1", lines=line)) == OUT
    assert shop.get_customer(c.id).orders == 0, "nothing written"
    shop.intake_order(url, number="Q-2", total="1", lines=[{"sku": "BREAD", "qty": "1000000000"}])
    assert code(lambda: shop.create_customer("Pier", freight={"kind": "flat_rate", "amount": "0.00001"})) == OUT
    assert code(lambda: shop.update_settings(defaults={"freight": {"kind": "flat_rate", "amount": MAX + 1}})) == OUT


def test_r3_two_maximum_totals_on_one_link_sum_exactly(shop):
    c = shop.create_customer("Deli")
    url = shop.link_url(c.id)
    shop.intake_order(url, number="M-1", total=MAX)
    shop.intake_order(url, number="M-2", total=MAX)
    got = shop.get_customer(c.id)
    assert (got.orders, got.amount) == (2, 2 * MAX)
    assert code(lambda: shop.intake_order(url, number="M-3", total=D("1e28"))) == OUT
    assert shop.get_customer(c.id).orders == 2


def test_r4_nul_is_refused_in_each_kind_of_entry(shop):
    nul = "a\x00b"
    for kwargs in [{}, {"code": nul}, {"phone": nul}, {"contact": nul}, {"tags": [nul]}]:
        name = nul if not kwargs else "Deli"
        assert code(lambda: shop.create_customer(name, **kwargs)) == "TEXT_INVALID", kwargs
    assert code(lambda: shop.create_customer("Deli", email="a\x00@deli.example")) == "TEXT_INVALID"
    c = shop.create_customer("Deli")
    assert code(lambda: shop.update_customer(c.id, name=nul)) == "TEXT_INVALID"
    assert code(lambda: shop.add_note(c.id, "sam", nul)) == "TEXT_INVALID"
    assert code(lambda: shop.add_address(c.id, nul)) == "TEXT_INVALID"
    assert code(lambda: shop.upsert_price_group(nul)) == "TEXT_INVALID"
    assert code(lambda: shop.upsert_products([{"sku": "MILK", "name": nul}])) == "TEXT_INVALID"
    assert code(lambda: shop.set_message_template("Mine", "Hi", nul)) == "TEXT_INVALID"
    assert code(lambda: shop.update_settings(name=nul)) == "TEXT_INVALID"
    link = shop.workspace_link_url
    link = link() if callable(link) else link
    buyer = {"business_name": nul, "email": "jo@deli.example"}
    assert code(lambda: shop.intake_order(link, buyer=buyer, number="W-1", total="1")) == "TEXT_INVALID"
    assert shop.pending_buyers() == []
    note = shop.add_note(c.id, "sam", "one\ttwo\r\nthree")
    assert note.text == "one\ttwo\r\nthree", "a note holds lines"
    # A list query's search, tag and address: refused, whichever store would answer it.
    for kwargs in [{"search": nul}, {"tag": nul}, {"address": nul}, {"search": "de\x01li", "limit": 5}]:
        assert code(lambda: shop.list_customers(**kwargs)) == "TEXT_INVALID", kwargs
    assert shop.list_customers(search="deli\t").total == 1, "white space around a term is trimmed"
    # R1: a term longer than any field it could match (1,000 characters) is refused.
    assert code(lambda: shop.list_customers(search="deli" * 100_000)) == "INVALID_ARGUMENT"


def test_r4_preview_never_promises_a_row_confirm_cannot_write(shop):
    names = ["Crème Brûlée", "مطعم الشرق", "👩\u200d🍳 Kitchen", "Cafe\u0301"]
    data = ("Name,Contact\n" + "".join(f"{n},José\n" for n in names) + "Nul\x00Row,\n").encode()
    p = shop.preview_import(data)
    assert [(i.row, i.code) for i in p.report.issues] == [(len(names) + 2, "TEXT_INVALID")]
    result = shop.confirm_import(p)
    assert [shop.get_customer(i).name for i in result.created] == names


def test_r4_a_name_needs_a_visible_character(shop):
    for name in ["\u200b", "\u2060\ufeff", "\u00ad", "\u0301\u0308", "\u3164"]:
        assert code(lambda: shop.create_customer(name)) == "TEXT_INVALID", repr(name)
        assert code(lambda: shop.update_settings(name=name)) == "TEXT_INVALID", repr(name)
    assert shop.create_customer("\u200bDeli").name == "\u200bDeli"


def test_r4_base_url_is_normalised_and_cr_lf_tab_refused(clock):
    ws = orderlink.Workspace("Shop", seed=1, clock=clock, base_url="HTTPS://Shop.Example:443/b2b/")
    assert ws.settings.base_url == "https://shop.example/b2b"
    c = ws.create_customer("Deli")
    assert ws.link_url(c.id) == f"https://shop.example/b2b/order/{c.link_code}"
    for bad in ["https://shop.example/\r\nSet-Cookie: x", "https://shop.example/\tx"]:
        assert code(lambda: ws.update_settings(base_url=bad)) == "TEXT_INVALID"
    for bad in ["https://user:pw@shop.example", "https://shop.example/?a=1", "ftp://shop.example"]:
        assert code(lambda: ws.update_settings(base_url=bad)) == "INVALID_ARGUMENT"
    assert ws.settings.base_url == "https://shop.example/b2b"
