"""Stores through the Python API: a workspace in a SQLite file survives closing and reopening,
a store holds one workspace, and the errors a person can act on (a used file, an empty one, a
file that is not orderlink's)."""

import gc
import os
import uuid

import pytest

import orderlink

from conftest import T0


def snapshot(ws):
    """Everything the reopen test compares."""
    customers = list(ws.list_customers(filter="all", limit=1000))
    return (
        ws.settings,
        customers,
        [ws.link_rotations(c.id) for c in customers],
        [ws.customer_orders(c.id) for c in customers],
        ws.pending_buyers(include_closed=True),
        ws.mappings(),
        ws.audit_trail(),
        ws.products(),
        ws.price_groups(),
        ws.resolve_prices(customers[0].id).as_dict(),
    )


def opener(kind, tmp_path):
    """A function giving a new store value on the same data, each time it is called."""
    if kind == "sqlite":
        path = tmp_path / "shop.db"
        return lambda: orderlink.SqliteStore(path)
    url = os.environ.get("ORDERLINK_PG_URL")
    assert url, "the PostgreSQL tests need a server: run them through scripts/with-postgres (make test-python does)"
    schema = "py_" + uuid.uuid4().hex
    return lambda: orderlink.PostgresStore(url, schema=schema)


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_reopened_store_keeps_customers_mappings_and_prices(kind, tmp_path, clock):
    store = opener(kind, tmp_path)
    ws = orderlink.Workspace("Harbour Foods", currency="AUD", seed=7, clock=clock, store=store())
    deli = ws.create_customer("Corner Deli", code="HF-1", price_group="Trade", tags=["cafe"])
    right = ws.create_customer("Right Co")
    ws.upsert_products([{"sku": "EGGS-12", "name": "Eggs", "base_price": "7.00"}, {"sku": "MILK", "name": "Milk"}])
    ws.set_default_prices({"MILK": "2.10"})
    ws.upsert_price_group("Trade")
    ws.set_group_prices("Trade", {"EGGS-12": "6.20"})
    link = ws.workspace_link_url()
    buyer = {"business_name": "Right Co", "email": "r@right.example"}
    held = ws.intake_order(link, buyer=buyer, number="W-1", total="10.00")
    ws.map_pending(held.pending_id, deli.id, actor="reviewer")
    ws.remap("Right Co", "r@right.example", right.id, actor="admin")
    ws.rotate_link(deli.id, by="admin", reason="posted publicly")
    before = snapshot(ws)
    assert str(before[-1]["EGGS-12"]) == "6.20" and str(before[-1]["MILK"]) == "2.10"
    del ws
    gc.collect()

    reopened = orderlink.Workspace.open(store(), seed=8, clock=clock)
    assert snapshot(reopened) == before
    assert reopened.get_customer(right.id).orders == 1
    assert [e.action for e in reopened.audit_trail()] == ["map", "remap"]
    with pytest.raises(orderlink.ConflictError) as e:
        reopened.create_customer("Copy", code="hf-1")
    assert e.value.code == "CODE_TAKEN"


def test_workspace_in_a_used_store_is_refused_and_the_first_is_kept(tmp_path):
    store = orderlink.SqliteStore(tmp_path / "shop.db")
    orderlink.Workspace("First", store=store)
    with pytest.raises(orderlink.ConflictError) as e:
        orderlink.Workspace("Second", store=store)
    assert e.value.code == "WORKSPACE_EXISTS"
    assert orderlink.Workspace.open(store).settings.name == "First"


def test_open_of_an_empty_store_is_workspace_not_found(tmp_path):
    for store in (orderlink.SqliteStore(tmp_path / "new.db"), orderlink.MemoryStore()):
        with pytest.raises(orderlink.NotFoundError) as e:
            orderlink.Workspace.open(store)
        assert e.value.code == "WORKSPACE_NOT_FOUND"


def test_two_workspaces_over_one_memory_store_share_it(clock):
    store = orderlink.MemoryStore()
    first = orderlink.Workspace("Harbour Foods", store=store, seed=1, clock=clock)
    second = orderlink.Workspace.open(store, seed=2, clock=clock)
    deli = first.create_customer("Corner Deli")
    assert second.get_customer(deli.id) == deli
    assert second.settings.link_code == first.settings.link_code
    assert second.get_customer(deli.id).created_at == T0


def test_store_arguments_and_files_refused_with_their_codes(tmp_path):
    with pytest.raises(orderlink.ValidationError) as e:
        orderlink.Workspace("A", store="shop.db")
    assert e.value.code == "INVALID_ARGUMENT"
    with pytest.raises(orderlink.ValidationError):
        orderlink.Workspace.open(orderlink.ManualClock(T0))
    with pytest.raises(orderlink.ValidationError):
        orderlink.SqliteStore(42)
    with pytest.raises(TypeError):
        orderlink.Store()
    text = tmp_path / "notes.txt"
    text.write_text("not a database, only text long enough to fill a database header")
    with pytest.raises(orderlink.StoreError) as e:
        orderlink.SqliteStore(text)
    assert e.value.code == "STORE_FAILURE"
    assert "notes.txt" in str(e.value)
    with pytest.raises(orderlink.StoreError):
        orderlink.SqliteStore(tmp_path / "no" / "such" / "folder" / "shop.db")


def test_sqlite_store_path_and_repr(tmp_path):
    store = orderlink.SqliteStore(str(tmp_path / "shop.db"))
    assert store.path == tmp_path / "shop.db"
    assert isinstance(store, orderlink.Store)
    assert repr(store) == f"SqliteStore({str(tmp_path / 'shop.db')!r})"
    assert repr(orderlink.MemoryStore()) == "MemoryStore()"


def test_postgres_store_schema_and_repr():
    url = os.environ.get("ORDERLINK_PG_URL")
    assert url, "run through scripts/with-postgres (make test-python does)"
    store = orderlink.PostgresStore(url, schema="py_repr", max_connections=2)
    assert (store.schema, repr(store)) == ("py_repr", 'PostgresStore(schema="py_repr")')
    with pytest.raises(orderlink.OrderlinkError) as e:
        orderlink.PostgresStore(url, schema="Not A Schema")
    assert e.value.code == "INVALID_ARGUMENT"
