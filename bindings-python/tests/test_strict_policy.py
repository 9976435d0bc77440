"""A3 strict-mode policy through the Python API: pictures shown, rounds, the lockout (lifted by
time and by the supplier, audited), policy validation, and the guessing odds."""

import datetime

import pytest

import orderlink
from conftest import T0

DEFAULT_POLICY = {
    "challenge_ttl_secs": 600,
    "max_challenges": 5,
    "window_secs": 3600,
    "session_ttl_secs": 43200,
    "options_shown": 4,
    "rounds": 1,
    "lockout_after_failures": 3,
    "lockout_secs": 86400,
}


def strict_ws(clock, **verification):
    ws = orderlink.Workspace("Harbour Foods", seed=3, clock=clock, strict_security=True,
                             verification=verification or None)
    return ws, ws.create_customer("Deli", email="buyer@deli.example")


def fail(ws, c):
    start = ws.start_verification(c.link_code)
    wrong = next(o for o in start.options if o != start.code_word)
    with pytest.raises(orderlink.AccessError) as e:
        ws.complete_verification(start.challenge_id, wrong)
    return e.value.code


def test_a3_policy_is_readable_and_writable(ws):
    assert ws.settings.verification == DEFAULT_POLICY
    s = ws.update_settings(verification={"options_shown": 6, "rounds": 2})
    assert s.verification == {**DEFAULT_POLICY, "options_shown": 6, "rounds": 2}
    s = ws.update_settings(verification={"lockout_after_failures": 5, "lockout_secs": 3600})
    assert (s.verification["options_shown"], s.verification["lockout_after_failures"]) == (6, 5)
    made = orderlink.Workspace("Other", verification={"max_challenges": 3})
    assert made.settings.verification["max_challenges"] == 3


@pytest.mark.parametrize("bad", [
    {"options_shown": 1}, {"options_shown": 17}, {"rounds": 0}, {"rounds": 9},
    {"lockout_after_failures": 0}, {"lockout_secs": 0}, {"max_challenges": 0},
    {"no_such_limit": 1}, {"rounds": -1}, {"rounds": "2"}, {"window_secs": 2**64 - 1}, {"lockout_secs": 10**12},
])
def test_a3_policy_validation_refuses_out_of_range(ws, bad):
    before = ws.settings
    with pytest.raises(orderlink.ValidationError) as e:
        ws.update_settings(verification=bad)
    assert e.value.code == "INVALID_ARGUMENT"
    assert ws.settings == before
    with pytest.raises(orderlink.ValidationError):
        orderlink.Workspace("Bad", verification=bad)


def test_a3_pictures_shown_follow_the_policy(clock):
    ws, c = strict_ws(clock, options_shown=7)
    start = ws.start_verification(c.link_code)
    assert len(start.options) == len(set(start.options)) == 7
    assert start.code_word in start.options and start.rounds == [start.options]
    ws.complete_verification(start.challenge_id, start.code_word)


def test_a3_rounds_every_pick_must_be_right(clock):
    ws, c = strict_ws(clock, options_shown=5, rounds=3)
    start = ws.start_verification(c.link_code)
    assert len(start.rounds) == len(start.code_words) == 3
    assert start.code_word == " ".join(start.code_words)
    assert all(w in opts and len(opts) == 5 for w, opts in zip(start.code_words, start.rounds))
    session = ws.complete_verification(start.challenge_id, start.code_words)
    assert ws.open_link(c.link_code, session_token=session.token).may_submit

    start = ws.start_verification(c.link_code)
    picks = list(start.code_words)
    picks[1] = next(o for o in start.rounds[1] if o != picks[1])
    with pytest.raises(orderlink.AccessError) as e:
        ws.complete_verification(start.challenge_id, picks)
    assert e.value.code == "VERIFICATION_FAILED"
    with pytest.raises(orderlink.NotFoundError):
        ws.complete_verification(start.challenge_id, start.code_words)
    assert ws.verification_lock(c.id).failures == 1


def test_a3_lockout_after_n_failures_then_time_lifts_it(clock):
    ws, c = strict_ws(clock)
    assert [fail(ws, c), fail(ws, c)] == ["VERIFICATION_FAILED"] * 2
    assert ws.verification_lock(c.id).failures == 2
    assert fail(ws, c) == "VERIFICATION_LOCKED"
    until = T0 + datetime.timedelta(hours=24)
    lock = ws.verification_lock(c.id)
    assert (lock.failures, lock.locked_until) == (0, until)
    with pytest.raises(orderlink.AccessError) as e:
        ws.start_verification(c.link_code)
    assert (e.value.code, e.value.kind) == ("VERIFICATION_LOCKED", "access")
    clock.advance(24 * 3600 - 1)
    with pytest.raises(orderlink.AccessError):
        ws.start_verification(c.link_code)
    clock.advance(1)
    assert ws.verification_lock(c.id).locked_until is None
    start = ws.start_verification(c.link_code)
    ws.complete_verification(start.challenge_id, start.code_word)
    [event] = ws.verification_lock_events(c.id)
    assert (event.action, event.at, event.until, event.failures, event.by) == ("locked", T0, until, 3, None)


def test_a3_lockout_lifted_by_the_supplier_and_audited(clock):
    ws, c = strict_ws(clock, lockout_after_failures=2, lockout_secs=3600)
    fail(ws, c)
    fail(ws, c)
    clock.advance(60)
    lifted = ws.lift_verification_lock(c.id, by="ops@harbour")
    assert (lifted.action, lifted.by, lifted.customer_id) == ("lifted", "ops@harbour", c.id)
    assert ws.lift_verification_lock(c.id) is None
    start = ws.start_verification(c.link_code)
    ws.complete_verification(start.challenge_id, start.code_word)
    assert [e.action for e in ws.verification_lock_events(c.id)] == ["locked", "lifted"]
    with pytest.raises(orderlink.NotFoundError):
        ws.lift_verification_lock("00000000-0000-4000-8000-000000000000")


def test_a3_lockout_survives_the_store(tmp_path, clock):
    path = str(tmp_path / "shop.db")
    ws = orderlink.Workspace("Harbour Foods", seed=3, clock=clock, strict_security=True,
                             store=orderlink.SqliteStore(path), verification={"lockout_after_failures": 1})
    c = ws.create_customer("Deli", email="buyer@deli.example")
    assert fail(ws, c) == "VERIFICATION_LOCKED"
    del ws
    again = orderlink.Workspace.open(orderlink.SqliteStore(path), clock=clock)
    assert again.verification_lock(c.id).locked_until is not None
    assert [e.action for e in again.verification_lock_events(c.id)] == ["locked"]


def test_a3_odds_function():
    day = orderlink.guess_odds(24 * 3600)
    assert (day.per_challenge_one_in, day.challenges) == (4, 3)
    assert day.probability == pytest.approx(37 / 64)
    assert str(day) == "3 challenges: 1 − (3/4)^3 = 0.578125"
    stronger = {"options_shown": 6, "rounds": 2, "max_challenges": 3}
    month = orderlink.guess_odds(30 * 24 * 3600, stronger)
    assert (month.per_challenge_one_in, month.challenges) == (36, 90)
    assert month.probability == pytest.approx(1 - (35 / 36) ** 90)
    no_lockout = orderlink.guess_odds(3600, {"lockout_after_failures": 2**32 - 1})
    assert no_lockout.probability == pytest.approx(1 - (3 / 4) ** 5)
    with pytest.raises(orderlink.ValidationError):
        orderlink.guess_odds(3600, {"options_shown": 17})
