"""Shared fixtures: a seeded workspace on a manual clock, so nothing sleeps or flakes."""

import datetime

import pytest

import orderlink

T0 = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.timezone.utc)

#: A well-formed link code that no workspace ever issues in these tests.
UNKNOWN = "ZZZZZZZZZZZZZZZZZZZZZZZZZW"

SYNC_ON = {"enabled": True, "connected": True}


@pytest.fixture
def clock():
    return orderlink.ManualClock(T0)


@pytest.fixture
def ws(clock):
    return orderlink.Workspace("Harbour Foods", seed=7, clock=clock)


@pytest.fixture
def synced(clock):
    """A workspace whose contacts sync is active, holding one synced customer."""
    ws = orderlink.Workspace("Harbour Foods", seed=8, clock=clock, contacts_sync=SYNC_ON)
    ws.apply_contacts_sync([{"external_id": "xero-1", "name": "Pier Seafood", "email": "ap@pier.example"}])
    return ws


def snapshot(ws):
    """Everything a refused call must leave exactly as it was."""
    return ws.settings, list(ws.list_customers(filter="all", limit=1000))
