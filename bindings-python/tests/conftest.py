import datetime

import pytest

import orderlink

T0 = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.timezone.utc)


@pytest.fixture
def clock():
    return orderlink.ManualClock(T0)


@pytest.fixture
def ws(clock):
    return orderlink.Workspace("Harbour Foods", seed=7, clock=clock)


def snapshot(ws):
    """Everything a refused call must leave as it was."""
    return [repr(c) + str(c.version) for c in ws.list_customers(filter="all", limit=1000)]
