"""Portal engagement through the Python API (AC1): events at the clock's time, the summary's
counters, per-customer trend and furthest step, stalled, and the status filter and search."""

import datetime

import pytest

import orderlink
from conftest import T0

UTC = datetime.timezone.utc
WEEK = (datetime.datetime(2026, 3, 1, tzinfo=UTC), datetime.datetime(2026, 3, 8, tzinfo=UTC))


def test_ac1_record_activity_at_clock_time(ws, clock):
    deli = ws.create_customer("Deli")
    clock.advance(90)
    e = ws.record_activity(deli.id, "link_opened")
    assert (e.customer_id, e.kind, e.at) == (deli.id, "link_opened", T0 + datetime.timedelta(seconds=90))
    with pytest.raises(orderlink.ValidationError) as err:
        ws.record_activity(deli.id, "clicked")
    assert err.value.code == "INVALID_ARGUMENT"
    with pytest.raises(orderlink.NotFoundError):
        ws.record_activity("00000000-0000-4000-8000-000000000001", "link_opened")


def test_ac1_summary_counters(ws, clock):
    a, b, c = ws.create_customer("Alpha"), ws.create_customer("Bravo"), ws.create_customer("Charlie")
    for kind in ["link_opened", "confirmation_passed", "verification_passed", "checkout_started", "order_submitted",
                 "link_opened", "order_submitted"]:
        ws.record_activity(a.id, kind)
    clock.advance(3600)
    for kind in ["link_opened", "verification_passed", "checkout_started", "checkout_started"]:
        ws.record_activity(b.id, kind)
    ws.record_activity(c.id, "confirmation_passed")
    s = ws.activity_summary(*WEEK)
    assert (s.customers_with_clicks, s.total_views, s.verified, s.checkout_started, s.orders_submitted) == (2, 3, 2, 2, 2)
    # The most recently active first; Bravo and Charlie tie, so by name.
    assert [x.name for x in s.customers] == ["Bravo", "Charlie", "Alpha"]
    assert (s.start, s.end) == WEEK


def test_ac1_trend_last_click_furthest_step_and_stalled(ws, clock):
    deli, pier = ws.create_customer("Deli"), ws.create_customer("Pier")
    ws.record_activity(deli.id, "link_opened")
    ws.record_activity(deli.id, "link_opened")
    ws.record_activity(pier.id, "checkout_started")
    clock.advance(datetime.timedelta(days=2))
    ws.record_activity(deli.id, "link_opened")
    ws.record_activity(deli.id, "checkout_started")
    ws.record_activity(pier.id, "order_submitted")
    s = ws.activity_summary(*WEEK)
    assert s.trend_days == [datetime.date(2026, 3, d) for d in range(1, 8)]
    mine = {c.name: c for c in s.customers}
    assert mine["Deli"].trend == [2, 0, 1, 0, 0, 0, 0]
    assert (mine["Deli"].views, mine["Deli"].last_click) == (3, T0 + datetime.timedelta(days=2))
    assert (mine["Deli"].furthest_step, mine["Deli"].stalled) == ("checkout_started", True)
    assert (mine["Pier"].furthest_step, mine["Pier"].stalled, mine["Pier"].last_click) == ("order_submitted", False, None)


def test_ac1_filter_and_search_like_the_customer_list(ws):
    cafe, bakery, sleepy = ws.create_customer("Café Crème"), ws.create_customer("Bakery"), ws.create_customer("Sleepy Cafe")
    for c in (cafe, bakery, sleepy):
        ws.record_activity(c.id, "link_opened")
    ws.update_customer(sleepy.id, active=False)
    names = lambda **kw: sorted(c.name for c in ws.activity_summary(*WEEK, **kw).customers)
    assert names() == ["Bakery", "Café Crème", "Sleepy Cafe"]
    assert names(search="CAFE") == ["Café Crème", "Sleepy Cafe"]
    assert names(search="cafe", filter="active") == ["Café Crème"]
    assert names(filter="inactive") == ["Sleepy Cafe"]
    assert ws.activity_summary(*WEEK, filter="active").total_views == 2


def test_ac1_range_must_be_ordered_and_aware(ws):
    with pytest.raises(orderlink.ValidationError) as e:
        ws.activity_summary(WEEK[1], WEEK[0])
    assert e.value.code == "INVALID_ARGUMENT"
    with pytest.raises(orderlink.ValidationError) as e:
        ws.activity_summary(datetime.datetime(2026, 3, 1), WEEK[1])
    assert e.value.code == "INVALID_ARGUMENT"
