"""One or more tests per SPEC rule of the foundation slice, through the Python API."""

import datetime
import decimal
import uuid

import pytest

import orderlink

UNKNOWN = "ZZZZZZZZZZZZZZZZZZZZZZZZZW"


def test_c1_name_required_trimmed_and_at_most_200(ws):
    assert ws.create_customer("  Corner Deli  ").name == "Corner Deli"
    with pytest.raises(orderlink.ValidationError) as e:
        ws.create_customer("   ")
    assert e.value.code == "NAME_REQUIRED" and e.value.kind == "validation"
    assert ws.create_customer("x" * 200).name == "x" * 200
    with pytest.raises(orderlink.ValidationError) as e:
        ws.create_customer("x" * 201)
    assert e.value.code == "NAME_TOO_LONG"


def test_c2_code_unique_without_case_and_blank_means_absent(ws):
    ws.create_customer("First", code="abc-1")
    with pytest.raises(orderlink.ConflictError) as e:
        ws.create_customer("Second", code=" ABC-1 ")
    assert e.value.code == "CODE_TAKEN"
    c = ws.create_customer("Third", code="  ", email="", phone=" ")
    assert (c.code, c.email, c.phone) == (None, None, None)


def test_c3_email_validated_and_domain_lowercased(ws):
    assert ws.create_customer("A", email=" Jo@Example.COM ").email == "Jo@example.com"
    for bad in ["jo@localhost", "jo bloggs@example.com", "no-at.example.com"]:
        with pytest.raises(orderlink.ValidationError) as e:
            ws.create_customer("A", email=bad)
        assert e.value.code == "EMAIL_INVALID"


def test_c4_unique_names_policy_uses_n1():
    ws = orderlink.Workspace("Acme", unique_names=True, seed=1)
    ws.create_customer("Acme  Pty Ltd")
    with pytest.raises(orderlink.ConflictError) as e:
        ws.create_customer("ACME pty ltd")
    assert e.value.code == "NAME_TAKEN"


def test_c5_filters_search_sort_and_pages(ws):
    for name in ["delta", "Alpha", "Café Crème", "bravo"]:
        ws.create_customer(name)
    gone = ws.create_customer("Zulu")
    ws.update_customer(gone.id, active=False)
    page = ws.list_customers()
    assert [c.name for c in page] == ["Alpha", "bravo", "Café Crème", "delta"]
    assert page.total == 4 and len(page) == 4
    assert [c.name for c in ws.list_customers(filter="inactive")] == ["Zulu"]
    assert ws.list_customers(filter="all").total == 5
    assert [c.name for c in ws.list_customers(search="CAFE creme")] == ["Café Crème"]
    assert [c.name for c in ws.list_customers(descending=True, limit=2)] == ["delta", "Café Crème"]
    second = ws.list_customers(offset=2, limit=2)
    assert ([c.name for c in second], second.total) == (["Café Crème", "delta"], 4)


def test_c6_guest_sees_only_managed_customers(ws):
    rep = uuid.uuid4()
    ws.create_customer("Mine", managed_by=rep)
    ws.create_customer("Theirs", managed_by=str(uuid.uuid4()))
    assert [c.name for c in ws.list_customers(guest=rep)] == ["Mine"]
    assert ws.list_customers().total == 2


def test_c7_customer_without_orders_can_be_deleted(ws):
    c = ws.create_customer("Brief")
    ws.delete_customer(c.id)
    with pytest.raises(orderlink.NotFoundError) as e:
        ws.get_customer(c.id)
    assert e.value.code == "CUSTOMER_NOT_FOUND" and isinstance(e.value, LookupError)


def test_l1_each_customer_gets_a_distinct_permanent_code(ws):
    codes = {ws.create_customer(f"C{i}").link_code for i in range(200)}
    assert len(codes) == 200
    assert ws.settings.link_code not in codes
    c = ws.create_customer("Permanent")
    assert ws.update_customer(c.id, name="Renamed").link_code == c.link_code


def test_l2_codes_are_26_crockford_characters(ws):
    code = ws.create_customer("A").link_code
    assert len(code) == 26
    assert set(code) <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")


def test_l3_link_url_and_parsing(ws):
    c = ws.create_customer("A")
    url = ws.link_url(c.id)
    assert url == f"https://orderverse.io/order/{c.link_code}"
    assert orderlink.parse_link_code(url.lower()) == c.link_code
    with pytest.raises(orderlink.ValidationError) as e:
        ws.resolve_link("https://orderverse.io/order/short")
    assert e.value.code == "LINK_MALFORMED"


def test_l4_resolve_customer_workspace_unknown(ws):
    c = ws.create_customer("A")
    t = ws.resolve_link(c.link_code)
    assert (t.kind, t.customer_id) == ("customer", c.id)
    assert ws.resolve_link(ws.workspace_link_url()).kind == "workspace"
    assert ws.resolve_link(UNKNOWN).kind == "unknown"


def test_l5_rotation_retires_the_old_code_and_is_audited(ws):
    c = ws.create_customer("Leaky")
    rotated = ws.rotate_link(c.id, by="admin", reason="posted publicly")
    assert rotated.link_code != c.link_code
    assert ws.resolve_link(c.link_code).kind == "unknown"
    (entry,) = ws.link_rotations(c.id)
    assert (entry.old_code, entry.new_code, entry.by) == (c.link_code, rotated.link_code, "admin")


def test_a1_inactive_wins_over_blocked(ws):
    c = ws.create_customer("A", order_web_blocked=True)
    assert c.order_web_access == "blocked"
    c = ws.update_customer(c.id, active=False)
    assert c.order_web_access == "blocked_inactive"


def test_a2_decisions_for_blocked_unknown_and_trial(ws):
    c = ws.create_customer("Deli")
    d = ws.open_link(ws.link_url(c.id))
    assert (d.may_view, d.may_submit, d.reason) == (True, True, None)
    assert ws.open_link(UNKNOWN).reason == "LINK_NOT_FOUND"
    ws.update_customer(c.id, order_web_blocked=True)
    d = ws.open_link(c.link_code)
    assert (d.may_view, d.may_submit, d.reason) == (False, False, "ORDERING_UNAVAILABLE")
    ws.update_customer(c.id, order_web_blocked=False)
    ws.update_settings(trial_expired=True)
    d = ws.open_link(c.link_code)
    assert (d.may_view, d.may_submit, d.reason) == (True, False, "TRIAL_EXPIRED")


@pytest.fixture
def strict(clock):
    ws = orderlink.Workspace("Harbour Foods", seed=3, clock=clock, strict_security=True)
    c = ws.create_customer("Deli", email="buyer@deli.example")
    return ws, c


def test_a3_right_pick_passes_and_opens_the_catalogue(strict):
    ws, c = strict
    url = ws.link_url(c.id)
    assert ws.open_link(url).needs_verification
    start = ws.start_verification(url)
    assert len(set(start.options)) == 4 and start.code_word in start.options
    session = ws.complete_verification(start.challenge_id, start.code_word)
    d = ws.open_link(url, session_token=session.token)
    assert (d.may_view, d.may_submit, d.needs_verification) == (True, True, False)


def test_a3_wrong_pick_ends_the_challenge(strict):
    ws, c = strict
    start = ws.start_verification(c.link_code)
    wrong = next(o for o in start.options if o != start.code_word)
    with pytest.raises(orderlink.AccessError) as e:
        ws.complete_verification(start.challenge_id, wrong)
    assert e.value.code == "VERIFICATION_FAILED"
    with pytest.raises(orderlink.NotFoundError) as e:
        ws.complete_verification(start.challenge_id, start.code_word)
    assert e.value.code == "CHALLENGE_NOT_FOUND"


def test_a3_challenge_expires_with_the_injected_clock(strict, clock):
    ws, c = strict
    start = ws.start_verification(c.link_code)
    clock.advance(10 * 60)
    with pytest.raises(orderlink.AccessError) as e:
        ws.complete_verification(start.challenge_id, start.code_word)
    assert e.value.code == "CHALLENGE_EXPIRED"


def test_a3_rate_limit_and_no_email(strict):
    ws, c = strict
    for _ in range(5):
        ws.start_verification(c.link_code)
    with pytest.raises(orderlink.AccessError) as e:
        ws.start_verification(c.link_code)
    assert e.value.code == "RATE_LIMITED"
    no_email = ws.create_customer("No Email")
    with pytest.raises(orderlink.AccessError) as e:
        ws.start_verification(no_email.link_code)
    assert e.value.code == "NO_EMAIL_ON_FILE"


def test_a4_greetings_and_plain_words(ws):
    c = ws.create_customer("Corner Deli", order_web_blocked=True)
    d = ws.open_link(c.link_code)
    assert d.greeting == "Welcome back, Corner Deli"
    assert d.message == "Ordering is temporarily unavailable for this account. Please contact Harbour Foods."
    assert ws.open_link(ws.workspace_link_url()).greeting == "Welcome to Harbour Foods"


def synced(phone_mapped=False):
    return orderlink.Workspace(
        "Harbour Foods", seed=2, contacts_sync={"enabled": True, "connected": True, "phone_mapped": phone_mapped}
    )


def test_s1_locked_fields_and_editable_fields():
    ws = synced(phone_mapped=True)
    report = ws.apply_contacts_sync([{"external_id": "x1", "name": "Synced Co"}])
    cid = report.created[0]
    assert "name" not in ws.editable_fields(cid) and "phone" not in ws.editable_fields(cid)
    assert "order_web_blocked" in ws.editable_fields(cid)
    with pytest.raises(orderlink.ContactsSyncError) as e:
        ws.update_customer(cid, name="Other")
    assert e.value.code == "FIELD_LOCKED"
    assert ws.update_customer(cid, order_web_blocked=True).order_web_blocked


def test_s2_local_create_refused_under_sync():
    ws = synced()
    with pytest.raises(orderlink.ContactsSyncError) as e:
        ws.create_customer("Walk-in")
    assert e.value.code == "SOURCE_OF_TRUTH_EXTERNAL"
    assert "Sync Contacts" in str(e.value)


def test_s3_sync_upserts_by_external_id_all_or_nothing():
    ws = synced()
    first = ws.apply_contacts_sync([{"external_id": "x1", "name": "One", "code": "ONE"}])
    assert len(first.created) == 1
    again = ws.apply_contacts_sync([{"external_id": "x1", "name": "One Renamed", "code": "ONE"}])
    assert again.updated == first.created
    assert ws.get_customer(first.created[0]).name == "One Renamed"
    with pytest.raises(orderlink.ConflictError) as e:
        ws.apply_contacts_sync([{"external_id": "x2", "name": "Two"}, {"external_id": "x3", "name": "Three", "code": "one"}])
    assert e.value.code == "CODE_TAKEN"
    assert ws.list_customers(filter="all").total == 1


def test_time_and_money_cross_as_python_types(ws, clock):
    c = ws.create_customer("A")
    assert c.created_at == clock.now() and c.created_at.tzinfo is not None
    assert c.amount == decimal.Decimal("0") and isinstance(c.amount, decimal.Decimal)
    assert isinstance(c.id, uuid.UUID)
    assert "Customer(name='A'" in repr(c)
