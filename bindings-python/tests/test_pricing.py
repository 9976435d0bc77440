"""Pricing and effective settings through the Python API: the three tiers, the workspace link,
inactive and removed groups, zero and negative prices, bulk macros, money as Decimal, the
explained form and the batch sheet (PR1 PR2 PR2a PR2b PR3 PR4), and ST1."""

import decimal
import threading

import pytest

import orderlink

D = decimal.Decimal
MISSING = "00000000-0000-4000-8000-000000000001"


@pytest.fixture
def shop(ws):
    """Four products: EGGS-12 priced in every tier, BREAD on the default list, MILK-1L at its base
    price only, CUSTOM with no price at all; the group Trade prices EGGS-12."""
    ws.upsert_products(
        [
            {"sku": "EGGS-12", "name": "Eggs", "base_price": D("7.00")},
            {"sku": "BREAD", "name": "Sourdough", "base_price": "6.50", "uom": "loaf"},
            {"sku": "MILK-1L", "name": "Milk", "base_price": "2.00"},
            {"sku": "CUSTOM", "name": "Special order"},
        ]
    )
    ws.set_default_prices({"EGGS-12": "6.80", "BREAD": D("6.00")})
    ws.upsert_price_group("Trade")
    ws.set_group_prices("Trade", {"EGGS-12": "6.20"})
    trade = ws.create_customer("Pier Seafood", price_group="Trade")
    plain = ws.create_customer("Corner Deli")
    return ws, trade.id, plain.id


def prices(ws, whose):
    """{sku: (amount text, tier)} for every product, one resolve_price call each."""
    out = {}
    for p in ws.products():
        r = ws.resolve_price(whose, p.sku)
        out[p.sku] = (None if r.amount is None else str(r.amount), r.tier)
    return out


def state(ws):
    """Everything a refused pricing call must leave as it was."""
    return ws.products(), ws.price_groups(), ws.resolve_prices(None)


def raises(cls, code, call):
    with pytest.raises(cls) as e:
        call()
    assert e.value.code == code, e.value.message
    return e.value


# --- PR1: group, else default list, else base price, else none -------------------------------


def test_pr1_group_then_default_list_then_base_then_no_price(shop):
    ws, trade, _ = shop
    assert prices(ws, trade) == {
        "BREAD": ("6.00", "default_list"),
        "CUSTOM": (None, None),
        "EGGS-12": ("6.20", "group"),
        "MILK-1L": ("2.00", "base"),
    }


def test_pr1_customer_without_a_group_skips_the_group_tier(shop):
    ws, _, plain = shop
    assert ws.resolve_price(plain, "EGGS-12") == ws.resolve_price(None, "EGGS-12")
    assert ws.resolve_price(plain, "EGGS-12").tier == "default_list"


def test_pr1_customer_ids_as_uuid_or_text(shop):
    ws, trade, _ = shop
    assert ws.resolve_price(str(trade), "EGGS-12") == ws.resolve_price(trade, "EGGS-12")


def test_pr1_removing_an_entry_falls_through_to_the_next_tier(shop):
    ws, trade, _ = shop
    ws.set_group_prices("Trade", {"EGGS-12": None})
    assert ws.resolve_price(trade, "EGGS-12").tier == "default_list"
    ws.set_default_prices({"EGGS-12": None})
    assert ws.resolve_price(trade, "EGGS-12").tier == "base"


def test_pr1_unknown_customer_or_product_is_not_found(shop):
    ws, trade, _ = shop
    raises(orderlink.NotFoundError, "CUSTOMER_NOT_FOUND", lambda: ws.resolve_price(MISSING, "EGGS-12"))
    raises(orderlink.NotFoundError, "CUSTOMER_NOT_FOUND", lambda: ws.resolve_prices(MISSING))
    raises(orderlink.NotFoundError, "CUSTOMER_NOT_FOUND", lambda: ws.explain_price(MISSING, "EGGS-12"))
    raises(orderlink.NotFoundError, "PRODUCT_NOT_FOUND", lambda: ws.resolve_price(trade, "NOPE"))
    raises(orderlink.NotFoundError, "PRODUCT_NOT_FOUND", lambda: ws.resolve_prices(trade, ["EGGS-12", "NOPE"]))
    raises(orderlink.NotFoundError, "PRODUCT_NOT_FOUND", lambda: ws.explain_price(None, "NOPE"))
    raises(orderlink.ValidationError, "INVALID_ARGUMENT", lambda: ws.resolve_price("not-a-uuid", "EGGS-12"))
    raises(orderlink.ValidationError, "INVALID_ARGUMENT", lambda: ws.resolve_price(trade, 12))


def test_pr1_products_are_listed_in_sku_order_with_their_fields(shop):
    ws, _, _ = shop
    products = ws.products()
    assert [p.sku for p in products] == ["BREAD", "CUSTOM", "EGGS-12", "MILK-1L"]
    bread = products[0]
    assert (bread.name, bread.uom, bread.base_price, bread.active, bread.in_stock, bread.allow_zero_price) == (
        "Sourdough", "loaf", D("6.50"), True, True, False
    )
    assert products[1].uom == "each" and products[1].base_price is None


def test_pr1_upsert_replaces_a_product_by_its_trimmed_sku(shop):
    ws, _, _ = shop
    ws.upsert_products([{"sku": " MILK-1L ", "name": " Milk 1L ", "base_price": "2.10", "in_stock": False}])
    milk = [p for p in ws.products() if p.sku == "MILK-1L"]
    assert [(p.name, p.base_price, p.in_stock) for p in milk] == [("Milk 1L", D("2.10"), False)]
    # Out of stock still has a price (availability is order history's business, H2).
    assert ws.resolve_price(None, "MILK-1L").amount == D("2.10")


# --- PR2: the workspace link -----------------------------------------------------------------


def test_pr2_workspace_link_uses_the_default_list_then_the_base_price(shop):
    ws, _, _ = shop
    assert prices(ws, None) == {
        "BREAD": ("6.00", "default_list"),
        "CUSTOM": (None, None),
        "EGGS-12": ("6.80", "default_list"),
        "MILK-1L": ("2.00", "base"),
    }
    assert [(p.tier, p.reason) for p in ws.explain_price(None, "MILK-1L").passed_over] == [
        ("group", "no_group"),
        ("default_list", "no_entry"),
    ]


# --- PR2a: inactive and removed groups, zero and negative prices -----------------------------


def test_pr2a_inactive_group_is_ignored_until_reactivated(shop):
    ws, trade, _ = shop
    ws.upsert_price_group("trade", False)  # names compare without case
    assert [(g.name, g.active) for g in ws.price_groups()] == [("Trade", False)]
    assert ws.resolve_price(trade, "EGGS-12").tier == "default_list"
    why = ws.explain_price(trade, "EGGS-12")
    assert (why.group, why.passed_over[0].reason) == ("Trade", "group_inactive")
    ws.upsert_price_group("Trade", active=True)
    assert ws.resolve_price(trade, "EGGS-12").amount == D("6.20")


def test_pr2a_removed_group_falls_back_as_if_none(shop):
    ws, trade, _ = shop
    ws.remove_price_group("TRADE")
    assert ws.price_groups() == []
    assert ws.resolve_price(trade, "EGGS-12").tier == "default_list"
    assert ws.explain_price(trade, "EGGS-12").passed_over[0].reason == "group_unknown"
    raises(orderlink.NotFoundError, "PRICE_GROUP_NOT_FOUND", lambda: ws.remove_price_group("Trade"))
    raises(orderlink.NotFoundError, "PRICE_GROUP_NOT_FOUND", lambda: ws.set_group_prices("Trade", {"EGGS-12": "1"}))


def test_pr2a_price_groups_count_their_entries(shop):
    ws, _, _ = shop
    ws.upsert_price_group("Retail", active=False)
    ws.set_group_prices("Retail", {"BREAD": "7.00", "MILK-1L": "2.50"})
    assert [(g.name, g.active, g.entries) for g in ws.price_groups()] == [("Retail", False, 2), ("Trade", True, 1)]
    raises(orderlink.ValidationError, "INVALID_ARGUMENT", lambda: ws.upsert_price_group("   "))
    raises(orderlink.ValidationError, "INVALID_ARGUMENT", lambda: ws.upsert_price_group("Retail", active="no"))


@pytest.mark.parametrize(
    "call",
    [
        lambda ws: ws.upsert_products([{"sku": "NEW", "name": "New", "base_price": "0"}]),
        lambda ws: ws.upsert_products([{"sku": "NEW", "name": "New", "base_price": D("0.00")}]),
        lambda ws: ws.set_default_prices({"BREAD": "0"}),
        lambda ws: ws.set_group_prices("Trade", {"BREAD": D("0")}),
    ],
    ids=["base", "base-0.00", "default-list", "group"],
)
def test_pr2a_zero_price_is_refused_where_set_unless_the_product_allows_it(shop, call):
    ws, _, _ = shop
    before = state(ws)
    raises(orderlink.ValidationError, "ZERO_PRICE_NOT_ALLOWED", lambda: call(ws))
    assert state(ws) == before


def test_pr2a_zero_price_is_valid_for_a_product_that_allows_it(shop):
    ws, trade, _ = shop
    ws.upsert_products([{"sku": "SAMPLE", "name": "Taster", "base_price": "0", "allow_zero_price": True}])
    ws.set_group_prices("Trade", {"SAMPLE": "0.00"})
    assert (str(ws.resolve_price(trade, "SAMPLE").amount), ws.resolve_price(None, "SAMPLE").amount) == ("0.00", D("0"))
    # It may not stop allowing zero while a list holds a zero for it.
    raises(
        orderlink.ValidationError,
        "ZERO_PRICE_NOT_ALLOWED",
        lambda: ws.upsert_products([{"sku": "SAMPLE", "name": "Taster", "base_price": "1"}]),
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda ws: ws.upsert_products([{"sku": "NEW", "name": "New", "base_price": "-0.01"}]),
        lambda ws: ws.set_default_prices({"BREAD": D("-1")}),
        lambda ws: ws.set_group_prices("Trade", {"MILK-1L": "1.00", "BREAD": "-6"}),
    ],
    ids=["base", "default-list", "group-second-entry"],
)
def test_pr2a_negative_price_is_refused_whole(shop, call):
    ws, _, _ = shop
    before = state(ws)
    raises(orderlink.ValidationError, "PRICE_INVALID", lambda: call(ws))
    assert state(ws) == before


def test_pr2a_a_bad_product_in_a_batch_writes_none_of_it(shop):
    ws, _, _ = shop
    before = state(ws)
    e = raises(
        orderlink.ValidationError,
        "PRICE_INVALID",
        lambda: ws.upsert_products(
            [{"sku": "A-1", "name": "A", "base_price": "1"}, {"sku": "B-1", "name": "B", "base_price": "-1"}]
        ),
    )
    assert "B-1" in e.message
    assert state(ws) == before


# --- PR2b: bulk macros ------------------------------------------------------------------------


def test_pr2b_macro_starts_from_group_price_else_base_and_lists_what_it_skipped(shop):
    ws, trade, _ = shop
    report = ws.apply_price_macro("Trade", "+10%")
    assert (report.changed, report.skipped) == (3, ["CUSTOM"])
    assert prices(ws, trade) == {
        "BREAD": ("7.15", "group"),  # from the base price 6.50, not the default list's 6.00
        "CUSTOM": (None, None),
        "EGGS-12": ("6.82", "group"),  # from the group price 6.20
        "MILK-1L": ("2.20", "group"),
    }
    assert ws.price_groups()[0].entries == 3


def test_pr2b_macro_limited_to_skus(shop):
    ws, trade, _ = shop
    assert ws.apply_price_macro("Trade", "*1.15", skus=["MILK-1L"]).changed == 1
    assert ws.resolve_price(trade, "MILK-1L").amount == D("2.30")
    assert ws.resolve_price(trade, "BREAD").tier == "default_list"
    raises(orderlink.NotFoundError, "PRODUCT_NOT_FOUND", lambda: ws.apply_price_macro("Trade", "+1", skus=["NOPE"]))
    raises(orderlink.ValidationError, "INVALID_ARGUMENT", lambda: ws.apply_price_macro("Trade", "+1", skus="MILK-1L"))


@pytest.mark.parametrize("bad", ["10%", "+ten", "*0", "-100%", "*1e3", "", "+1,5"])
def test_pr2b_malformed_macro_raises_price_macro_invalid_and_writes_nothing(shop, bad):
    ws, _, _ = shop
    before = state(ws)
    e = raises(orderlink.ValidationError, "PRICE_MACRO_INVALID", lambda: ws.apply_price_macro("Trade", bad))
    assert "+10%" in e.message, "the message shows the forms that work"
    assert state(ws) == before


def test_pr2b_macro_below_zero_refuses_the_whole_edit(shop):
    ws, trade, _ = shop
    before = state(ws)
    e = raises(orderlink.ValidationError, "PRICE_INVALID", lambda: ws.apply_price_macro("Trade", "-5"))
    assert "MILK-1L" in e.message
    assert state(ws) == before
    assert ws.resolve_price(trade, "EGGS-12").amount == D("6.20")


def test_pr2b_pr3_macro_rounds_to_the_currency_minor_unit():
    ws = orderlink.Workspace("Tokyo Foods", currency="JPY")
    ws.upsert_products([{"sku": "TEA", "name": "Tea", "base_price": "1005"}])
    ws.upsert_price_group("Trade")
    ws.apply_price_macro("Trade", "+10%")
    buyer = ws.create_customer("Buyer", price_group="Trade")
    assert str(ws.resolve_price(buyer.id, "TEA").amount) == "1106"  # 1105.5, half away from zero


def test_pr2b_macro_on_unknown_group_is_not_found(shop):
    ws, _, _ = shop
    raises(orderlink.NotFoundError, "PRICE_GROUP_NOT_FOUND", lambda: ws.apply_price_macro("Wholesale", "+1"))


# --- PR3: money is decimal ------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda ws: ws.upsert_products([{"sku": "NEW", "name": "New", "base_price": 9.5}]),
        lambda ws: ws.set_default_prices({"BREAD": 6.0}),
        lambda ws: ws.set_group_prices("Trade", {"BREAD": 5.5}),
        lambda ws: ws.update_settings(defaults={"freight": {"kind": "flat_rate", "amount": 9.5}}),
    ],
    ids=["base-price", "default-list", "group", "freight-default"],
)
def test_pr3_float_money_is_refused_with_a_clear_error(shop, call):
    ws, _, _ = shop
    before = state(ws), ws.settings
    e = raises(orderlink.ValidationError, "INVALID_ARGUMENT", lambda: call(ws))
    assert "floats are not accepted" in e.message and "Decimal" in e.message
    assert (state(ws), ws.settings) == before


@pytest.mark.parametrize(
    "call",
    [
        lambda ws: ws.set_default_prices({"BREAD": "six"}),
        lambda ws: ws.set_default_prices({"BREAD": True}),
        lambda ws: ws.set_default_prices([("BREAD", "6")]),
        lambda ws: ws.set_default_prices({6: "6"}),
        lambda ws: ws.set_group_prices("Trade", "BREAD=6"),
        lambda ws: ws.upsert_products({"sku": "NEW", "name": "New"}),
        lambda ws: ws.upsert_products(["NEW"]),
        lambda ws: ws.upsert_products([{"sku": "NEW", "name": "New", "price": "1"}]),
        lambda ws: ws.upsert_products([{"name": "New"}]),
        lambda ws: ws.upsert_products([{"sku": "   ", "name": "New"}]),
        lambda ws: ws.upsert_products([{"sku": "NEW", "name": "New", "active": "yes"}]),
    ],
    ids=["text", "bool", "pairs", "int-key", "str-entries", "dict-not-list", "str-product", "unknown-key",
         "no-sku", "blank-sku", "active-not-bool"],
)
def test_pr3_malformed_prices_and_products_are_invalid_arguments(shop, call):
    ws, _, _ = shop
    before = state(ws)
    raises(orderlink.ValidationError, "INVALID_ARGUMENT", lambda: call(ws))
    assert state(ws) == before


def test_pr3_amounts_cross_as_decimal_with_their_scale_and_currency():
    ws = orderlink.Workspace("Harbour Foods", currency="aud")
    ws.upsert_products([{"sku": "A", "name": "A", "base_price": 7}, {"sku": "B", "name": "B", "base_price": "6.5"}])
    sheet = ws.resolve_prices(None)
    assert all(isinstance(a, D) for a in sheet.amounts)
    assert [str(a) for a in sheet.amounts] == ["7", "6.5"]
    assert sheet.currency == ws.explain_price(None, "A").currency == "AUD"
    ws.set_default_prices({"B": "6.50"})
    # 6.5 and 6.50 are equal, but they print differently, and the sheet keeps what was set.
    assert [str(a) for a in ws.resolve_prices(None).amounts] == ["7", "6.50"]


# --- PR4: the explained form and the batch sheet ----------------------------------------------


def test_pr4_explain_names_the_winning_tier_and_why_each_higher_one_passed(shop):
    ws, trade, plain = shop
    why = ws.explain_price(trade, "CUSTOM")
    assert (why.sku, why.amount, why.tier, why.group, why.currency) == ("CUSTOM", None, None, "Trade", "USD")
    assert [(p.tier, p.reason) for p in why.passed_over] == [
        ("group", "no_entry"),
        ("default_list", "no_entry"),
        ("base", "no_entry"),
    ]
    assert ws.explain_price(trade, "EGGS-12").passed_over == []
    assert ws.explain_price(plain, "BREAD").passed_over[0].reason == "no_group"


def test_pr4_one_call_resolves_the_catalogue_as_resolve_price_does(shop):
    ws, trade, _ = shop
    sheet = ws.resolve_prices(trade)
    assert len(sheet) == 4
    assert sheet.skus == ["BREAD", "CUSTOM", "EGGS-12", "MILK-1L"]
    singles = [ws.resolve_price(trade, sku) for sku in sheet.skus]
    assert sheet.amounts == [r.amount for r in singles]
    assert sheet.tiers == [r.tier for r in singles]
    assert sheet.as_dict() == {"BREAD": D("6.00"), "CUSTOM": None, "EGGS-12": D("6.20"), "MILK-1L": D("2.00")}


def test_pr4_listed_skus_come_back_in_the_order_asked(shop):
    ws, trade, _ = shop
    sheet = ws.resolve_prices(trade, ("MILK-1L", " EGGS-12 ", "MILK-1L"))
    assert (sheet.skus, sheet.tiers) == (["MILK-1L", "EGGS-12", "MILK-1L"], ["base", "group", "base"])
    assert len(ws.resolve_prices(trade, [])) == 0
    assert ws.resolve_prices(trade, iter(["BREAD"])).skus == ["BREAD"]
    for bad in ["MILK-1L", [1], b"MILK-1L", {"MILK-1L": 1}]:
        raises(orderlink.ValidationError, "INVALID_ARGUMENT", lambda: ws.resolve_prices(trade, bad))


def test_pr4_a_sheet_follows_every_price_change(shop):
    ws, trade, _ = shop
    first = ws.resolve_prices(trade)
    assert first == ws.resolve_prices(trade)
    ws.set_group_prices("Trade", {"EGGS-12": "6.30", "BREAD": "6.20"})
    second = ws.resolve_prices(trade)
    assert second.as_dict()["EGGS-12"] == D("6.30")
    assert (second.as_dict()["BREAD"], second.tiers[0]) == (D("6.20"), "group")
    assert second != first
    # The earlier sheet is a snapshot: it does not change.
    assert first.as_dict()["EGGS-12"] == D("6.20")
    ws.set_group_prices("Trade", {"EGGS-12": "6.20", "BREAD": None})
    assert ws.resolve_prices(trade) == first


def test_pr4_sheets_of_different_buyers_and_currencies_differ(shop):
    ws, trade, plain = shop
    assert ws.resolve_prices(trade) != ws.resolve_prices(plain)
    assert ws.resolve_prices(plain) == ws.resolve_prices(None)
    other = orderlink.Workspace("Other", currency="EUR")
    assert ws.resolve_prices(None, []) != other.resolve_prices(None, [])
    assert ws.resolve_prices(None) != ws.resolve_prices(None).as_dict()


def test_pr4_sheets_resolved_from_many_threads_while_prices_change(shop):
    ws, trade, _ = shop
    seen, errors = [], []

    def resolve():
        try:
            for _ in range(200):
                seen.append(ws.resolve_prices(trade).as_dict()["EGGS-12"])
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=resolve) for _ in range(4)]
    for t in threads:
        t.start()
    for i in range(100):
        ws.set_group_prices("Trade", {"EGGS-12": "6.20" if i % 2 else "6.25"})
    for t in threads:
        t.join()
    assert not errors
    assert len(seen) == 800 and set(seen) <= {D("6.20"), D("6.25")}
    ws.set_group_prices("Trade", {"EGGS-12": "6.30"})
    assert ws.resolve_prices(trade).as_dict()["EGGS-12"] == D("6.30")


def test_pr4_values_have_readable_reprs_and_compare_by_value(shop):
    ws, trade, _ = shop
    assert repr(ws.resolve_price(trade, "EGGS-12")) == "ResolvedPrice(amount=Decimal('6.20'), tier='group')"
    assert repr(ws.resolve_price(trade, "CUSTOM")) == "ResolvedPrice(amount=None, tier=None)"
    assert repr(ws.resolve_prices(trade)) == "PriceSheet(currency='USD', rows=4)"
    assert repr(ws.price_groups()[0]) == "PriceGroup(name='Trade', active=True, entries=1)"
    assert repr(ws.products()[0]) == (
        "Product(sku='BREAD', name='Sourdough', uom='loaf', base_price=Decimal('6.50'), active=True, in_stock=True)"
    )
    assert repr(ws.explain_price(None, "BREAD").passed_over[0]) == "PassedOver(tier='group', reason='no_group')"
    assert repr(ws.apply_price_macro("Trade", "+1", skus=["CUSTOM"])) == "MacroReport(changed=0, skipped=['CUSTOM'])"
    assert ws.products() == ws.products() and ws.explain_price(trade, "BREAD") == ws.explain_price(trade, "BREAD")
    assert ws.resolve_price(trade, "BREAD") != ws.resolve_price(trade, "EGGS-12")
    with pytest.raises(TypeError):
        hash(ws.resolve_prices(trade))


# --- ST1: effective settings ------------------------------------------------------------------


def test_st1_system_defaults_when_nothing_is_set(ws):
    s = ws.effective_settings(ws.create_customer("Deli").id)
    assert (s.order_template, s.checkout_mode, s.freight, s.pay_later_forced) == (
        "ecommerce", "pay_later", {"kind": "to_be_confirmed"}, False
    )
    assert (s.order_template_from, s.checkout_mode_from, s.freight_from) == ("system", "system", "system")


def test_st1_workspace_defaults_then_customer_overrides(ws):
    flat = {"kind": "flat_rate", "amount": D("15.00")}
    ws.update_settings(
        defaults={"order_template": "quantity_grid", "checkout_mode": "pay_now", "freight": flat, "card_payments_ready": True}
    )
    inherits = ws.create_customer("Inherits", checkout_mode="inherit")
    s = ws.effective_settings(inherits.id)
    assert (s.order_template, s.checkout_mode, s.freight) == ("quantity_grid", "pay_now", flat)
    assert (s.order_template_from, s.checkout_mode_from, s.freight_from) == ("workspace", "workspace", "workspace")
    own = ws.create_customer(
        "Own", order_template="ecommerce", checkout_mode="pay_later", freight={"kind": "free_over", "threshold": "100", "amount": "9.50"}
    )
    s = ws.effective_settings(own.id)
    assert (s.order_template, s.checkout_mode) == ("ecommerce", "pay_later")
    assert s.freight == {"kind": "free_over", "threshold": D("100"), "amount": D("9.50")}
    assert (s.order_template_from, s.checkout_mode_from, s.freight_from) == ("customer", "customer", "customer")
    assert s == ws.effective_settings(own.id) and s != ws.effective_settings(inherits.id)


def test_st1_pay_now_without_card_payments_is_forced_to_pay_later(ws):
    ws.update_settings(defaults={"checkout_mode": "pay_now"})
    s = ws.effective_settings(ws.create_customer("Deli").id)
    assert (s.checkout_mode, s.checkout_mode_from, s.pay_later_forced) == ("pay_later", "workspace", True)
    assert repr(s) == (
        "EffectiveSettings(order_template='ecommerce', checkout_mode='pay_later', pay_later_forced=True, "
        "freight='to_be_confirmed')"
    )


def test_st1_defaults_are_replaced_whole_and_read_back(ws):
    ws.update_settings(defaults={"order_template": "quantity_grid", "card_payments_ready": True})
    ws.update_settings(defaults={"checkout_mode": "pay_now"})
    assert ws.settings.defaults == {
        "order_template": None,
        "checkout_mode": "pay_now",
        "freight": None,
        "card_payments_ready": False,
    }
    made = orderlink.Workspace("Other", defaults={"freight": {"kind": "manual"}})
    assert made.settings.defaults["freight"] == {"kind": "manual"}


@pytest.mark.parametrize(
    "defaults",
    [{"checkout": "pay_now"}, {"checkout_mode": "card"}, {"freight": {"kind": "manual", "amount": "1"}}, "pay_now"],
    ids=["unknown-key", "bad-mode", "extra-freight-field", "not-a-dict"],
)
def test_st1_bad_defaults_are_refused_and_change_nothing(ws, defaults):
    before = ws.settings
    raises(orderlink.ValidationError, "INVALID_ARGUMENT", lambda: ws.update_settings(defaults=defaults))
    assert ws.settings == before


def test_st1_unknown_customer_is_not_found_and_none_is_not_a_customer(ws):
    raises(orderlink.NotFoundError, "CUSTOMER_NOT_FOUND", lambda: ws.effective_settings(MISSING))
    raises(orderlink.ValidationError, "INVALID_ARGUMENT", lambda: ws.effective_settings(None))
