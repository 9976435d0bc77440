"""Many workspaces in one store (W1–W4) through the Python API: a store hands out a workspace
per supplier, resolves any link without being told the workspace, and keeps each workspace's
records, codes and lists to itself."""

import threading
import uuid

import pytest

import orderlink

from conftest import T0, UNKNOWN


@pytest.fixture
def store():
    return orderlink.MemoryStore()


@pytest.fixture
def two(store, clock):
    a = store.create_workspace("Harbour Foods", seed=1, clock=clock, unique_names=True)
    b = store.create_workspace("Coast Dairy", seed=2, clock=clock, unique_names=True)
    return a, b


def buyer(name="Bay Cafe", email="bay@cafe.example"):
    return {"business_name": name, "email": email}


def test_w1_store_creates_lists_and_opens_workspaces(store, two):
    a, b = two
    assert isinstance(a.id, uuid.UUID) and a.id != b.id
    assert [s.id for s in store.workspaces()] == [a.id, b.id]
    assert [s.name for s in store.workspaces()] == ["Harbour Foods", "Coast Dairy"]
    assert a.settings.id == a.id
    opened = store.workspace(b.id)
    assert opened.id == b.id and opened.settings.name == "Coast Dairy"
    assert store.workspace(str(b.id)).id == b.id
    with pytest.raises(orderlink.NotFoundError) as e:
        store.workspace(uuid.uuid4())
    assert e.value.code == "WORKSPACE_NOT_FOUND"
    with pytest.raises(orderlink.ConflictError) as e:
        orderlink.Workspace.open(store)
    assert e.value.code == "WORKSPACE_AMBIGUOUS"
    with pytest.raises(orderlink.ConflictError) as e:
        orderlink.Workspace("Third", store=store)
    assert e.value.code == "WORKSPACE_EXISTS"
    third = store.create_workspace("Third", currency="NZD", strict_security=None)
    assert third.settings.currency == "NZD"
    with pytest.raises(orderlink.ValidationError):
        store.create_workspace("Bad", colour="red")
    # The one-workspace forms stay as they were.
    single = orderlink.MemoryStore()
    ws = orderlink.Workspace("Solo", store=single)
    assert orderlink.Workspace.open(single).id == ws.id


def test_w1_records_isolated_between_workspaces(two):
    a, b = two
    ca = a.create_customer("Corner Deli", code="C-1", email="orders@deli.example")
    cb = b.create_customer("Corner Deli", code="C-1", email="orders@deli.example")
    a.create_customer("Only In A")
    assert (a.list_customers().total, b.list_customers().total) == (2, 1)
    assert b.list_customers(search="only in").total == 0
    with pytest.raises(orderlink.NotFoundError):
        b.get_customer(ca.id)
    with pytest.raises(orderlink.NotFoundError):
        b.update_customer(ca.id, name="Hijacked")
    assert b.resolve_link(ca.link_code).kind == "unknown"
    a.intake_order(a.workspace_link_url(), buyer=buyer(), number="A-1", total="10.00")
    out = b.intake_order(b.workspace_link_url(), buyer=buyer(), number="B-1", total="20.00")
    assert (len(a.pending_buyers()), len(b.pending_buyers())) == (1, 1)
    pa = a.pending_buyers()[0]
    with pytest.raises(orderlink.NotFoundError):
        b.map_pending(pa.id, cb.id)
    a.map_pending(pa.id, ca.id)
    assert (len(a.mappings()), len(b.mappings())) == (1, 0)
    again = b.intake_order(b.workspace_link_url(), buyer=buyer(), number="B-2", total="1.00")
    assert again.kind == "pending" and again.pending_id == out.pending_id
    a.upsert_products([{"sku": "SKU-1", "name": "Flour", "base_price": "5.00"}])
    assert a.resolve_price(None, "SKU-1").amount is not None
    with pytest.raises(orderlink.NotFoundError):
        b.resolve_price(None, "SKU-1")
    a.add_note(ca.id, "sam", "only in a")
    assert b.notes(cb.id) == []


def test_w2_store_resolves_and_opens_any_workspace_link(store, two):
    a, b = two
    ca = a.create_customer("Corner Deli")
    cb = b.create_customer("Corner Deli")
    found = store.resolve_link(a.link_url(ca.id))
    assert (found.workspace_id, found.target.kind, found.target.customer_id) == (a.id, "customer", ca.id)
    found = store.resolve_link(b.workspace_link_url().lower())
    assert (found.workspace_id, found.target.kind) == (b.id, "workspace")
    found = store.resolve_link(UNKNOWN)
    assert (found.workspace_id, found.target.kind) == (None, "unknown")
    with pytest.raises(orderlink.ValidationError) as e:
        store.resolve_link("not a link!")
    assert e.value.code == "LINK_MALFORMED"
    ws, decision = store.open_link(b.link_url(cb.id))
    assert ws.id == b.id and decision.customer_id == cb.id and decision.may_view
    assert decision == b.open_link(cb.link_code)
    ws.intake_order(b.link_url(cb.id), number="B-1", total="5.00")
    assert (b.get_customer(cb.id).orders, a.get_customer(ca.id).orders) == (1, 0)
    ws, decision = store.open_link(UNKNOWN, None)
    assert ws is None and not decision.found
    # L5: a rotated code answers unknown store-wide; the new one answers its workspace.
    rotated = a.rotate_link(ca.id)
    assert store.resolve_link(ca.link_code).workspace_id is None
    assert store.resolve_link(rotated.link_code).workspace_id == a.id


def test_w3_codes_names_and_keys_per_workspace(two):
    a, b = two
    a.create_customer("Acme Pty Ltd", code="ACME")
    b.create_customer("ACME PTY LTD", code="acme")
    with pytest.raises(orderlink.ConflictError) as e:
        a.create_customer("acme pty ltd")
    assert e.value.code == "NAME_TAKEN"
    with pytest.raises(orderlink.ConflictError) as e:
        b.create_customer("Other", code="Acme")
    assert e.value.code == "CODE_TAKEN"


def test_w4_lists_are_per_workspace(two):
    a, b = two
    for i in range(30):
        (a if i % 3 == 0 else b).create_customer(f"Corner Deli {i}", email=f"deli{i}@shop.example")
    pa = a.list_customers(search="deli", limit=5)
    pb = b.list_customers(search="DELI", limit=5, offset=5)
    assert (pa.total, pb.total) == (10, 20)
    assert len(pa.items) == 5 and len(pb.items) == 5
    names = [c.name for c in b.list_customers(search="deli", limit=100).items]
    assert names == sorted(names, key=orderlink.search_fold)


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_w4_count_limit_bounds_the_total_not_the_page(kind, tmp_path, clock):
    store = orderlink.MemoryStore() if kind == "memory" else orderlink.SqliteStore(tmp_path / "w4.db")
    ws = store.create_workspace("Harbour Foods", seed=1, clock=clock)
    for i in range(30):
        ws.create_customer(f"{'Corner Deli' if i % 3 else 'Bakery'} {i:02}")
    exact = ws.list_customers(search="deli", limit=5, offset=3)
    assert (exact.total, exact.total_exact) == (20, True)
    capped = ws.list_customers(search="deli", limit=5, offset=3, count_limit=10)
    assert (capped.total, capped.total_exact) == (10, False)
    assert [c.name for c in capped] == [c.name for c in exact]
    assert repr(capped).startswith("CustomerPage(total=10, total_exact=False, offset=3")
    past = ws.list_customers(search="deli", limit=5, offset=15, count_limit=10)
    assert [c.name for c in past] == [c.name for c in ws.list_customers(search="deli", limit=5, offset=15)]
    assert (past.total, past.total_exact) == (10, False)
    for n in (20, 21, 1000):
        page = ws.list_customers(search="deli", count_limit=n)
        assert (page.total, page.total_exact, len(page)) == (20, True, 20)
    with pytest.raises(orderlink.ValidationError) as e:
        ws.list_customers(count_limit=0)
    assert e.value.code == "INVALID_ARGUMENT"


def test_w1_concurrent_intakes_into_different_workspaces(two):
    a, b = two

    def take(ws, tag):
        for i in range(20):
            ws.intake_order(ws.workspace_link_url(), buyer=buyer(f"Buyer {i % 3}", f"b{i % 3}@x.example"),
                            number=f"{tag}-{i}", total="1.00")

    threads = [threading.Thread(target=take, args=(ws, tag)) for ws, tag in [(a, "A"), (b, "B")] * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for ws in (a, b):
        records = ws.pending_buyers()
        assert len(records) == 3
        assert sum(len(p.orders) for p in records) == 40


def test_w1_async_workspace_has_the_id(two):
    import asyncio

    a, _ = two
    assert orderlink.AsyncWorkspace(a).id == a.id

    async def main():
        ws = orderlink.AsyncWorkspace(a)
        return (await ws.settings()).id

    assert asyncio.run(main()) == a.id
