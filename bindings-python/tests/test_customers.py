"""C1–C7 through the Python API."""

import decimal
import uuid

import pytest

import orderlink
from conftest import snapshot


def test_c1_name_is_trimmed(ws):
    assert ws.create_customer("  Corner Deli \t").name == "Corner Deli"


def test_c1_blank_name_is_refused(ws):
    for blank in ["", "   ", "\t\n"]:
        with pytest.raises(orderlink.ValidationError) as e:
            ws.create_customer(blank)
        assert (e.value.code, e.value.kind) == ("NAME_REQUIRED", "validation")


def test_c1_at_most_200_characters_not_bytes(ws):
    assert ws.create_customer("é" * 200).name == "é" * 200
    with pytest.raises(orderlink.ValidationError) as e:
        ws.create_customer("x" * 201)
    assert e.value.code == "NAME_TOO_LONG"
    assert "201" in e.value.message


def test_c1_update_cannot_blank_the_name(ws):
    c = ws.create_customer("Corner Deli")
    with pytest.raises(orderlink.ValidationError) as e:
        ws.update_customer(c.id, name="  ")
    assert e.value.code == "NAME_REQUIRED"
    assert ws.get_customer(c.id).name == "Corner Deli"


def test_c2_code_unique_without_case(ws):
    ws.create_customer("First", code="abc-1")
    with pytest.raises(orderlink.ConflictError) as e:
        ws.create_customer("Second", code=" ABC-1 ")
    assert (e.value.code, e.value.kind) == ("CODE_TAKEN", "conflict")
    other = ws.create_customer("Third", code="abc-2")
    with pytest.raises(orderlink.ConflictError):
        ws.update_customer(other.id, code="Abc-1")


def test_c2_optional_text_trimmed_and_blank_is_absent(ws):
    c = ws.create_customer("A", code="  C-1 ", phone=" +61 2 9999 0000 ", contact=" Jo ")
    assert (c.code, c.phone, c.contact) == ("C-1", "+61 2 9999 0000", "Jo")
    blank = ws.create_customer("B", code="  ", email="", phone=" ", contact="")
    assert (blank.code, blank.email, blank.phone, blank.contact) == (None, None, None, None)


def test_c2_none_clears_and_absent_keeps(ws):
    c = ws.create_customer("A", code="C-1", phone="123")
    c = ws.update_customer(c.id, code=None)
    assert (c.code, c.phone) == (None, "123")


def test_c3_email_domain_lower_cased_local_part_kept(ws):
    assert ws.create_customer("A", email=" Jo.Bloggs@Example.COM ").email == "Jo.Bloggs@example.com"
    assert ws.create_customer("B", email="jo+orders@mail.example.co.uk").email == "jo+orders@mail.example.co.uk"


@pytest.mark.parametrize("bad", ["jo@localhost", "jo bloggs@example.com", "no-at.example.com", "a@@b.example", "Jo <jo@x.example>", "jo@example.com."])
def test_c3_invalid_email_is_refused(ws, bad):
    with pytest.raises(orderlink.ValidationError) as e:
        ws.create_customer("A", email=bad)
    assert e.value.code == "EMAIL_INVALID"


def test_c4_unique_names_policy_compares_after_n1(clock):
    ws = orderlink.Workspace("Acme", unique_names=True, seed=1, clock=clock)
    ws.create_customer("Acme  Pty Ltd")
    with pytest.raises(orderlink.ConflictError) as e:
        ws.create_customer("ACME pty ltd")
    assert e.value.code == "NAME_TAKEN"


def test_c4_without_the_policy_names_may_repeat(ws):
    ws.create_customer("Acme Pty Ltd")
    assert ws.create_customer("Acme Pty Ltd").name == "Acme Pty Ltd"
    ws.update_settings(unique_names=True)
    with pytest.raises(orderlink.ConflictError):
        ws.create_customer("acme pty ltd")


@pytest.fixture
def grid(ws, clock):
    for name, code in [("delta", "D-4"), ("Alpha", None), ("Café Crème", "C-3"), ("bravo", "B-2")]:
        ws.create_customer(name, code=code)
        clock.advance(1)
    ws.update_customer(ws.create_customer("Zulu", contact="Zoë Ng").id, active=False)
    return ws


def test_c5_active_by_default_sorted_by_name(grid):
    page = grid.list_customers()
    assert [c.name for c in page] == ["Alpha", "bravo", "Café Crème", "delta"]
    assert (page.total, len(page), page.offset, page.limit) == (4, 4, 0, 50)


def test_c5_inactive_and_all_filters(grid):
    assert [c.name for c in grid.list_customers(filter="inactive")] == ["Zulu"]
    assert grid.list_customers(filter="all").total == 5


def test_c5_search_ignores_case_and_accents_across_columns(grid):
    assert [c.name for c in grid.list_customers(search="CAFE creme")] == ["Café Crème"]
    assert [c.name for c in grid.list_customers(search="b-2")] == ["bravo"]
    assert [c.name for c in grid.list_customers(search="zoe", filter="all")] == ["Zulu"]
    assert grid.list_customers(search="   ").total == 4


def test_c5_sort_by_any_column_and_descending(grid):
    assert [c.code for c in grid.list_customers(sort="code")] == ["B-2", "C-3", "D-4", None]
    assert [c.name for c in grid.list_customers(descending=True, limit=2)] == ["delta", "Café Crème"]
    assert [c.name for c in grid.list_customers(sort="created_at")] == ["delta", "Alpha", "Café Crème", "bravo"]


def test_c5_pages_add_up_to_the_whole_list(grid):
    whole = [c.id for c in grid.list_customers(filter="all")]
    paged = [c.id for offset in range(0, 5, 2) for c in grid.list_customers(filter="all", offset=offset, limit=2)]
    assert paged == whole
    last = grid.list_customers(filter="all", offset=4, limit=2)
    assert (len(last), last.total) == (1, 5)


def test_c6_guest_sees_only_the_customers_it_manages(ws):
    rep = uuid.uuid4()
    mine = ws.create_customer("Mine", managed_by=rep)
    ws.create_customer("Theirs", managed_by=str(uuid.uuid4()))
    ws.create_customer("Nobody's")
    assert mine.managed_by == rep
    assert [c.name for c in ws.list_customers(guest=rep)] == ["Mine"]
    assert ws.list_customers(guest=str(rep)).total == 1
    assert ws.list_customers().total == 3


def test_c7_customer_without_orders_may_be_deleted(ws):
    c = ws.create_customer("Brief")
    ws.delete_customer(c.id)
    with pytest.raises(orderlink.NotFoundError) as e:
        ws.get_customer(c.id)
    assert e.value.code == "CUSTOMER_NOT_FOUND"
    assert isinstance(e.value, LookupError)
    with pytest.raises(orderlink.NotFoundError):
        ws.delete_customer(str(c.id))


def test_c7_deactivating_keeps_the_customer(ws):
    c = ws.create_customer("Seasonal")
    ws.update_customer(c.id, active=False)
    assert ws.list_customers().total == 0
    assert [x.id for x in ws.list_customers(filter="inactive")] == [c.id]
    assert ws.get_customer(c.id).active is False


def test_c7_customer_with_orders_is_never_deleted(ws):
    c = ws.create_customer("Regular")
    ws.intake_order(ws.link_url(c.id), number="SO-1", total=decimal.Decimal("12.50"))
    before = snapshot(ws)
    with pytest.raises(orderlink.ConflictError) as e:
        ws.delete_customer(c.id)
    assert e.value.code == "CUSTOMER_HAS_ORDERS"
    assert "deactivate" in e.value.message
    assert snapshot(ws) == before
    assert ws.update_customer(c.id, active=False).orders == 1
