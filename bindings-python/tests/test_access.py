"""A1–A4 through the Python API."""

import pytest

import orderlink
from conftest import T0, UNKNOWN


def test_a1_access_of_each_state(ws):
    c = ws.create_customer("A")
    assert c.order_web_access == "available"
    c = ws.update_customer(c.id, order_web_blocked=True)
    assert c.order_web_access == "blocked"
    c = ws.update_customer(c.id, active=False)
    assert c.order_web_access == "blocked_inactive"


def test_a1_inactive_wins_and_the_controls_stay_independent(ws):
    c = ws.create_customer("A", order_web_blocked=True)
    ws.update_customer(c.id, active=False)
    assert ws.open_link(c.link_code).access == "blocked_inactive"
    # Reactivating brings back the local block: deactivating did not clear it.
    assert ws.update_customer(c.id, active=True).order_web_access == "blocked"


def test_a2_open_customer_link_allows_everything(ws):
    c = ws.create_customer("Deli")
    d = ws.open_link(ws.link_url(c.id))
    assert (d.found, d.customer_id, d.is_workspace_link, d.access) == (True, c.id, False, "available")
    assert (d.may_view, d.may_submit, d.needs_verification, d.reason, d.message) == (True, True, False, None, None)


def test_a2_unknown_code_is_not_found(ws):
    d = ws.open_link(UNKNOWN)
    assert (d.found, d.may_view, d.may_submit, d.reason, d.customer_id) == (False, False, False, "LINK_NOT_FOUND", None)


def test_a2_blocked_and_inactive_links_neither_view_nor_submit(ws):
    blocked = ws.create_customer("Blocked", order_web_blocked=True)
    inactive = ws.create_customer("Gone")
    ws.update_customer(inactive.id, active=False)
    assert (ws.open_link(blocked.link_code).may_view, ws.open_link(blocked.link_code).reason) == (False, "ORDERING_UNAVAILABLE")
    d = ws.open_link(inactive.link_code)
    assert (d.may_view, d.may_submit, d.reason) == (False, False, "ACCOUNT_INACTIVE")


def test_a2_trial_expired_views_but_does_not_submit(ws):
    c = ws.create_customer("Deli")
    ws.update_settings(trial_expired=True)
    for link in [c.link_code, ws.workspace_link_url()]:
        d = ws.open_link(link)
        assert (d.may_view, d.may_submit, d.reason) == (True, False, "TRIAL_EXPIRED")
        assert "cart will be kept" in d.message


@pytest.fixture
def strict(clock):
    ws = orderlink.Workspace("Harbour Foods", seed=3, clock=clock, strict_security=True)
    return ws, ws.create_customer("Deli", email="buyer@deli.example")


def test_a3_strict_mode_needs_verification_before_the_catalogue(strict):
    ws, c = strict
    d = ws.open_link(ws.link_url(c.id))
    assert (d.needs_verification, d.may_view, d.may_submit, d.reason) == (True, False, False, "VERIFICATION_REQUIRED")
    assert ws.open_link(ws.workspace_link_url()).needs_verification is False


def test_a3_right_pick_passes_and_the_session_opens_the_link(strict, clock):
    ws, c = strict
    url = ws.link_url(c.id)
    start = ws.start_verification(url)
    assert (start.customer_id, start.email) == (c.id, "buyer@deli.example")
    assert len(set(start.options)) == 4 and start.code_word in start.options
    assert start.expires_at > clock.now()
    session = ws.complete_verification(start.challenge_id, start.code_word)
    assert session.customer_id == c.id
    d = ws.open_link(url, session_token=session.token)
    assert (d.may_view, d.may_submit, d.needs_verification, d.reason) == (True, True, False, None)


def test_a3_a_session_is_for_its_own_customer_only(strict):
    ws, c = strict
    other = ws.create_customer("Other", email="other@deli.example")
    start = ws.start_verification(c.link_code)
    session = ws.complete_verification(str(start.challenge_id), start.code_word.upper())
    assert ws.open_link(other.link_code, session_token=session.token).needs_verification
    assert ws.open_link(c.link_code, session_token="not-a-token").needs_verification


def test_a3_a_session_expires(strict, clock):
    ws, c = strict
    start = ws.start_verification(c.link_code)
    session = ws.complete_verification(start.challenge_id, start.code_word)
    clock.set(session.expires_at)
    assert ws.open_link(c.link_code, session_token=session.token).needs_verification


def test_a3_wrong_pick_fails_and_ends_the_challenge(strict):
    ws, c = strict
    start = ws.start_verification(c.link_code)
    wrong = next(o for o in start.options if o != start.code_word)
    with pytest.raises(orderlink.AccessError) as e:
        ws.complete_verification(start.challenge_id, wrong)
    assert (e.value.code, e.value.kind) == ("VERIFICATION_FAILED", "access")
    with pytest.raises(orderlink.NotFoundError) as e:
        ws.complete_verification(start.challenge_id, start.code_word)
    assert e.value.code == "CHALLENGE_NOT_FOUND"


def test_a3_challenge_expires_on_the_injected_clock(strict, clock):
    ws, c = strict
    start = ws.start_verification(c.link_code)
    clock.advance(10 * 60)
    with pytest.raises(orderlink.AccessError) as e:
        ws.complete_verification(start.challenge_id, start.code_word)
    assert e.value.code == "CHALLENGE_EXPIRED"


def test_a3_new_challenges_per_link_are_rate_limited(strict, clock):
    ws, c = strict
    for _ in range(5):
        ws.start_verification(c.link_code)
    with pytest.raises(orderlink.AccessError) as e:
        ws.start_verification(c.link_code)
    assert e.value.code == "RATE_LIMITED"
    clock.advance(60 * 60 + 1)
    assert ws.start_verification(c.link_code).customer_id == c.id


def test_a3_no_email_on_file_tells_the_buyer_to_contact_the_supplier(strict):
    ws, _ = strict
    no_email = ws.create_customer("No Email")
    d = ws.open_link(no_email.link_code)
    assert (d.needs_verification, d.reason) == (True, "NO_EMAIL_ON_FILE")
    assert "contact Harbour Foods" in d.message
    with pytest.raises(orderlink.AccessError) as e:
        ws.start_verification(no_email.link_code)
    assert e.value.code == "NO_EMAIL_ON_FILE"


def test_a3_not_required_when_strict_mode_is_off(ws):
    c = ws.create_customer("Deli", email="buyer@deli.example")
    with pytest.raises(orderlink.AccessError) as e:
        ws.start_verification(c.link_code)
    assert e.value.code == "VERIFICATION_NOT_REQUIRED"


def test_a3_unknown_challenge_is_not_found(strict):
    ws, _ = strict
    with pytest.raises(orderlink.NotFoundError) as e:
        ws.complete_verification("00000000-0000-4000-8000-000000000000", "owl")
    assert e.value.code == "CHALLENGE_NOT_FOUND"


def test_a4_confirmation_greets_by_name(ws):
    c = ws.create_customer("Corner Deli")
    assert ws.open_link(c.link_code).greeting == "Welcome back, Corner Deli"
    assert ws.open_link(ws.workspace_link_url()).greeting == "Welcome to Harbour Foods"
    assert ws.open_link(UNKNOWN).greeting is None


def test_a4_blocked_links_say_why_in_plain_words(ws):
    blocked = ws.create_customer("Corner Deli", order_web_blocked=True)
    assert ws.open_link(blocked.link_code).message == (
        "Ordering is temporarily unavailable for this account. Please contact Harbour Foods."
    )
    ws.update_customer(blocked.id, active=False)
    assert ws.open_link(blocked.link_code).message == (
        "This account is not active. Please contact Harbour Foods to reactivate it."
    )
