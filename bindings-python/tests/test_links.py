"""L1–L5 through the Python API."""

import pytest

import orderlink
from conftest import UNKNOWN

CROCKFORD = set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")


def test_l1_every_customer_gets_a_distinct_code(ws):
    codes = {ws.create_customer(f"C{i}").link_code for i in range(300)}
    assert len(codes) == 300
    assert ws.settings.link_code not in codes


def test_l1_the_code_never_changes_on_edits(ws):
    c = ws.create_customer("Permanent", code="P-1")
    for change in [{"name": "Renamed"}, {"active": False}, {"active": True}, {"code": None}]:
        assert ws.update_customer(c.id, **change).link_code == c.link_code


def test_l2_codes_are_26_crockford_characters_carrying_128_bits(ws):
    for c in (ws.create_customer(f"C{i}") for i in range(50)):
        assert len(c.link_code) == 26 and set(c.link_code) <= CROCKFORD
        assert orderlink.parse_link_code(c.link_code) == c.link_code


def test_l2_codes_do_not_follow_names_or_order():
    # Same names in the same order, fresh OS randomness: nothing in common.
    a = [orderlink.Workspace("A").create_customer(n).link_code for n in ["One", "Two"]]
    b = [orderlink.Workspace("A").create_customer(n).link_code for n in ["One", "Two"]]
    assert not set(a) & set(b)
    assert a[0][:8] != a[1][:8]


def test_l3_link_url_is_base_url_order_code(clock):
    ws = orderlink.Workspace("Harbour Foods", base_url="https://shop.example/", seed=1, clock=clock)
    c = ws.create_customer("A")
    assert ws.link_url(c.id) == f"https://shop.example/order/{c.link_code}"
    assert ws.workspace_link_url() == f"https://shop.example/order/{ws.settings.link_code}" == ws.settings.link_url


def test_l3_parsing_normalises_case(ws):
    c = ws.create_customer("A")
    url = ws.link_url(c.id)
    assert orderlink.parse_link_code(url.lower()) == c.link_code
    assert orderlink.parse_link_code(f"  {c.link_code.lower()}  ") == c.link_code
    assert ws.resolve_link(url.lower()).customer_id == c.id


@pytest.mark.parametrize("bad", ["", "short", "https://shop.example/order/short", "https://shop.example/cart/" + UNKNOWN, "U" * 26, "ftp://x.example/order/" + UNKNOWN])
def test_l3_malformed_links_are_refused_before_lookup(ws, bad):
    for call in [orderlink.parse_link_code, ws.resolve_link, ws.open_link, ws.start_verification]:
        with pytest.raises(orderlink.ValidationError) as e:
            call(bad)
        assert e.value.code == "LINK_MALFORMED"


def test_l4_resolve_customer_workspace_and_unknown(ws):
    c = ws.create_customer("A")
    target = ws.resolve_link(ws.link_url(c.id))
    assert (target.kind, target.customer_id) == ("customer", c.id)
    assert (ws.resolve_link(ws.workspace_link_url()).kind, ws.resolve_link(ws.workspace_link_url()).customer_id) == ("workspace", None)
    assert ws.resolve_link(UNKNOWN).kind == "unknown"


def test_l5_rotation_issues_a_new_code_and_retires_the_old(ws, clock):
    c = ws.create_customer("Leaky")
    clock.advance(60)
    rotated = ws.rotate_link(c.id, by="admin@harbour.example", reason="posted publicly")
    assert rotated.link_code != c.link_code and rotated.id == c.id
    assert ws.resolve_link(c.link_code).kind == "unknown"
    assert ws.open_link(c.link_code).found is False
    assert ws.resolve_link(rotated.link_code).customer_id == c.id


def test_l5_rotations_are_audited_oldest_first(ws, clock):
    c = ws.create_customer("Leaky")
    first = ws.rotate_link(c.id, by="admin", reason="leaked")
    second = ws.rotate_link(c.id)
    trail = ws.link_rotations(c.id)
    assert [(r.old_code, r.new_code) for r in trail] == [(c.link_code, first.link_code), (first.link_code, second.link_code)]
    assert (trail[0].by, trail[0].reason, trail[0].at) == ("admin", "leaked", clock.now())
    assert (trail[1].by, trail[1].reason) == (None, None)
    assert trail[0].customer_id == c.id
