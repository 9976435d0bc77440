//! A3 strict-mode policy: pictures shown, rounds, the lockout, policy validation and the
//! guessing odds the documentation states.

use chrono::Duration;
use orderlink::verification::guess_odds;
use orderlink::*;
use std::collections::HashSet;
use std::sync::Arc;

fn strict(policy: VerificationPolicy) -> (Workspace, Arc<ManualClock>, Customer) {
    let clock = Arc::new(ManualClock::new("2026-03-01T09:00:00Z".parse().expect("time")));
    let env = Env::new(clock.clone(), Arc::new(SeededRandom::new(11)));
    let settings = NewWorkspace { strict_security: true, verification: policy, ..NewWorkspace::named("Acme") };
    let ws = Workspace::create(Arc::new(MemoryStore::new()), env, settings).expect("workspace");
    let c = ws
        .create_customer(NewCustomer { email: Some("b@deli.example".into()), ..NewCustomer::named("Deli") })
        .expect("customer");
    (ws, clock, c)
}

fn policy(options_shown: u32, rounds: u32, per_hour: u32, after: u32, lock_hours: u64) -> VerificationPolicy {
    VerificationPolicy {
        options_shown,
        rounds,
        max_challenges: per_hour,
        window_secs: 3600,
        lockout_after_failures: after,
        lockout_secs: lock_hours * 3600,
        ..VerificationPolicy::default()
    }
}

/// The policies docs/behaviour.md states odds for, with its labels.
fn documented() -> Vec<(&'static str, VerificationPolicy)> {
    vec![
        ("before the lockout: 4 pictures × 1 round, 5 an hour, no lockout", policy(4, 1, 5, u32::MAX, 24)),
        ("defaults: 4 pictures × 1 round, 5 an hour, lock after 3 failures for 24 h", VerificationPolicy::default()),
        ("stronger: 6 pictures × 2 rounds, 3 an hour, lock after 3 failures for 24 h", policy(6, 2, 3, 3, 24)),
        ("strongest: 8 pictures × 3 rounds, 3 an hour, lock after 3 failures for 7 days", policy(8, 3, 3, 3, 7 * 24)),
    ]
}

#[test]
fn a3_defaults_are_the_products_form_with_a_lockout() {
    let p = VerificationPolicy::default();
    assert_eq!((p.options_shown, p.rounds, p.max_challenges, p.window_secs), (4, 1, 5, 3600));
    assert_eq!((p.lockout_after_failures, p.lockout_secs), (3, 24 * 3600));
}

#[test]
fn a3_pictures_shown_follow_the_policy() {
    for shown in [2, 6, 16] {
        let (ws, _, c) = strict(VerificationPolicy { options_shown: shown, ..Default::default() });
        let start = ws.start_verification(c.link_code.as_str()).expect("start");
        assert_eq!(start.options.len(), shown as usize);
        assert_eq!(start.options.iter().collect::<HashSet<_>>().len(), shown as usize, "distinct pictures");
        assert!(start.options.contains(&start.code_word));
        assert!(start.options.iter().all(|o| verification::PICTURES.contains(&o.as_str())));
        ws.complete_verification(start.challenge_id, &start.code_word).expect("pass");
    }
}

#[test]
fn a3_rounds_every_pick_must_be_right() {
    let (ws, _, c) = strict(VerificationPolicy { options_shown: 6, rounds: 3, ..Default::default() });
    let start = ws.start_verification(c.link_code.as_str()).expect("start");
    assert_eq!((start.rounds.len(), start.code_words.len()), (3, 3));
    assert_eq!(start.code_word, start.code_words.join(" "));
    assert_eq!(start.options, start.rounds[0]);
    for (options, word) in start.rounds.iter().zip(&start.code_words) {
        assert_eq!(options.len(), 6);
        assert!(options.contains(word));
    }
    let words: Vec<&str> = start.code_words.iter().map(String::as_str).collect();
    ws.complete_verification_rounds(start.challenge_id, &words).expect("every pick right");

    // One wrong round fails the whole challenge, and it is used up.
    let start = ws.start_verification(c.link_code.as_str()).expect("start");
    let mut picks: Vec<&str> = start.code_words.iter().map(String::as_str).collect();
    picks[2] = start.rounds[2].iter().find(|o| **o != start.code_words[2]).expect("wrong");
    let err = ws.complete_verification_rounds(start.challenge_id, &picks).expect_err("last round wrong");
    assert_eq!(err.code(), "VERIFICATION_FAILED");
    let right: Vec<&str> = start.code_words.iter().map(String::as_str).collect();
    assert_eq!(ws.complete_verification_rounds(start.challenge_id, &right).unwrap_err().code(), "CHALLENGE_NOT_FOUND");

    // Too few picks, or all words as one pick, are wrong answers too.
    let start = ws.start_verification(c.link_code.as_str()).expect("start");
    let two: Vec<&str> = start.code_words[..2].iter().map(String::as_str).collect();
    assert_eq!(ws.complete_verification_rounds(start.challenge_id, &two).unwrap_err().code(), "VERIFICATION_FAILED");
    let start = ws.start_verification(c.link_code.as_str()).expect("start");
    let err = ws.complete_verification(start.challenge_id, &start.code_word).expect_err("one pick for 3 rounds");
    assert_eq!(err.code(), "VERIFICATION_LOCKED", "the third failure in a row locks the link");
}

#[test]
fn a3_lockout_after_n_failures_then_time_lifts_it() {
    let (ws, clock, c) = strict(VerificationPolicy::default());
    for n in 1..=2 {
        let start = ws.start_verification(c.link_code.as_str()).expect("start");
        let wrong = start.options.iter().find(|o| **o != start.code_word).expect("wrong");
        assert_eq!(ws.complete_verification(start.challenge_id, wrong).unwrap_err().code(), "VERIFICATION_FAILED");
        assert_eq!(ws.verification_lock(c.id).unwrap().failures, n);
    }
    let start = ws.start_verification(c.link_code.as_str()).expect("start");
    let wrong = start.options.iter().find(|o| **o != start.code_word).expect("wrong");
    let until = clock.now() + Duration::hours(24);
    let err = ws.complete_verification(start.challenge_id, wrong).unwrap_err();
    assert_eq!((err.code(), err.kind()), ("VERIFICATION_LOCKED", ErrorKind::Access));
    assert!(matches!(err, Error::VerificationLocked { until: u } if u == until));
    clock.advance(Duration::hours(23));
    assert!(
        matches!(ws.start_verification(c.link_code.as_str()), Err(Error::VerificationLocked { until: u }) if u == until)
    );
    clock.advance(Duration::hours(1));
    let start = ws.start_verification(c.link_code.as_str()).expect("the lock ended");
    ws.complete_verification(start.challenge_id, &start.code_word).expect("pass");
    let events = ws.verification_lock_events(c.id).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].action.as_str(), events[0].until, events[0].failures), ("locked", until, 3));
}

#[test]
fn a3_answering_an_open_challenge_while_locked_is_refused() {
    // A challenge started before the lock (a second tab) cannot be answered during it, even
    // rightly.
    let (ws, clock, c) = strict(VerificationPolicy { lockout_after_failures: 1, ..Default::default() });
    let first = ws.start_verification(c.link_code.as_str()).expect("start");
    let wrong = first.options.iter().find(|o| **o != first.code_word).expect("wrong");
    assert_eq!(ws.complete_verification(first.challenge_id, wrong).unwrap_err().code(), "VERIFICATION_LOCKED");
    // Put an open challenge in the store behind the lock's back, as a race would.
    let store = ws.store().clone();
    let lax = Workspace::over(store.clone(), Env::new(clock.clone(), Arc::new(SeededRandom::new(5)))).unwrap();
    lax.lift_verification_lock(c.id, Some("test")).unwrap();
    let open = lax.start_verification(c.link_code.as_str()).expect("start");
    store
        .record_verification_failure(
            c.id,
            clock.now(),
            &verification::Lockout::of(&VerificationPolicy { lockout_after_failures: 1, ..Default::default() }),
        )
        .unwrap();
    assert_eq!(ws.complete_verification(open.challenge_id, &open.code_word).unwrap_err().code(), "VERIFICATION_LOCKED");
}

#[test]
fn a3_expired_challenges_are_not_failures() {
    let (ws, clock, c) = strict(VerificationPolicy { lockout_after_failures: 1, ..Default::default() });
    let start = ws.start_verification(c.link_code.as_str()).expect("start");
    clock.advance(Duration::minutes(10));
    let wrong = start.options.iter().find(|o| **o != start.code_word).expect("wrong");
    assert_eq!(ws.complete_verification(start.challenge_id, wrong).unwrap_err().code(), "CHALLENGE_EXPIRED");
    ws.start_verification(c.link_code.as_str()).expect("left to expire");
    ws.start_verification(c.link_code.as_str()).expect("replaced");
    assert_eq!(ws.verification_lock(c.id).unwrap(), VerificationLock::default());
}

#[test]
fn a3_policy_validation_refuses_out_of_range_limits() {
    let ws = Workspace::in_memory(NewWorkspace::named("Acme")).unwrap();
    let refused = |p: VerificationPolicyPatch| {
        let err = ws.update_settings(SettingsPatch { verification: Some(p), ..Default::default() }).unwrap_err();
        assert_eq!(err.code(), "INVALID_ARGUMENT", "{p:?}");
        err.to_string()
    };
    let msg = refused(VerificationPolicyPatch { options_shown: Some(1), ..Default::default() });
    assert!(msg.contains("options_shown must be from 2 to 16"), "{msg}");
    refused(VerificationPolicyPatch { options_shown: Some(17), ..Default::default() });
    refused(VerificationPolicyPatch { rounds: Some(0), ..Default::default() });
    refused(VerificationPolicyPatch { rounds: Some(9), ..Default::default() });
    refused(VerificationPolicyPatch { lockout_after_failures: Some(0), ..Default::default() });
    refused(VerificationPolicyPatch { lockout_secs: Some(0), ..Default::default() });
    refused(VerificationPolicyPatch { max_challenges: Some(0), ..Default::default() });
    // Times that would leave the calendar when added to now are refused, not a panic later.
    refused(VerificationPolicyPatch { window_secs: Some(u64::MAX), ..Default::default() });
    refused(VerificationPolicyPatch { lockout_secs: Some(VerificationPolicy::MAX_SECS + 1), ..Default::default() });
    refused(VerificationPolicyPatch { session_ttl_secs: Some(u64::MAX), ..Default::default() });
    assert_eq!(ws.settings().unwrap().verification, VerificationPolicy::default(), "nothing half-written");
    let set = VerificationPolicyPatch {
        options_shown: Some(16),
        rounds: Some(8),
        lockout_secs: Some(VerificationPolicy::MAX_SECS),
        window_secs: Some(VerificationPolicy::MAX_SECS),
        ..Default::default()
    };
    let s = ws.update_settings(SettingsPatch { verification: Some(set), ..Default::default() }).unwrap();
    assert_eq!((s.verification.options_shown, s.verification.rounds, s.verification.max_challenges), (16, 8, 5));
    // The longest times work end to end.
    let longest = VerificationPolicy {
        challenge_ttl_secs: VerificationPolicy::MAX_SECS,
        window_secs: VerificationPolicy::MAX_SECS,
        session_ttl_secs: VerificationPolicy::MAX_SECS,
        lockout_secs: VerificationPolicy::MAX_SECS,
        lockout_after_failures: 1,
        ..Default::default()
    };
    let (strict_ws, clock, c) = strict(longest);
    let start = strict_ws.start_verification(c.link_code.as_str()).unwrap();
    let wrong = start.options.iter().find(|o| **o != start.code_word).unwrap();
    let err = strict_ws.complete_verification(start.challenge_id, wrong).unwrap_err();
    let ten_years = Duration::seconds(VerificationPolicy::MAX_SECS as i64);
    assert!(matches!(err, Error::VerificationLocked { until } if until == clock.now() + ten_years));
    // Creating a workspace checks the policy too.
    let bad = NewWorkspace {
        verification: VerificationPolicy { options_shown: 1, ..Default::default() },
        ..NewWorkspace::named("Bad")
    };
    assert_eq!(Workspace::in_memory(bad).unwrap_err().code(), "INVALID_ARGUMENT");
    // A stored policy from before the lockout (no new fields) takes the defaults.
    let old: VerificationPolicy = serde_json::from_str(
        r#"{"challenge_ttl_secs":600,"max_challenges":5,"window_secs":3600,"session_ttl_secs":43200}"#,
    )
    .unwrap();
    assert_eq!(old, VerificationPolicy::default());
}

#[test]
fn a3_odds_function_counts_challenges_exactly() {
    let day = Duration::days(1);
    let d = guess_odds(&VerificationPolicy::default(), day);
    assert_eq!((d.per_challenge_one_in, d.challenges), (4, 3));
    assert_eq!(d.probability, 1.0 - 27.0 / 64.0);
    let month = guess_odds(&VerificationPolicy::default(), Duration::days(30));
    assert_eq!(month.challenges, 90, "3 at the start of each of 30 days");
    // The found-from-outside figure: five challenges an hour, no lockout, 1 − (3/4)^5.
    let hour = guess_odds(&policy(4, 1, 5, u32::MAX, 24), Duration::hours(1));
    assert_eq!(hour.challenges, 5);
    assert!((hour.probability - 0.762_695_312_5).abs() < 1e-12);
    // Rounds multiply: 6 × 6.
    assert_eq!(guess_odds(&policy(6, 2, 3, 3, 24), day).per_challenge_one_in, 36);
    // Lockout needing several windows: 10 failures at 3 an hour lock at 3 h, for 24 h.
    let slow = policy(4, 1, 3, 10, 24);
    assert_eq!(guess_odds(&slow, Duration::hours(3)).challenges, 9);
    assert_eq!(guess_odds(&slow, Duration::hours(3) + Duration::seconds(1)).challenges, 10);
    assert_eq!(guess_odds(&slow, Duration::hours(27)).challenges, 10);
    assert_eq!(guess_odds(&slow, Duration::hours(27) + Duration::seconds(1)).challenges, 13);
    // A lock shorter than the window: the window still limits.
    let short = VerificationPolicy { lockout_secs: 600, ..policy(4, 1, 5, 3, 24) };
    assert_eq!(guess_odds(&short, Duration::minutes(10)).challenges, 3);
    assert_eq!(guess_odds(&short, Duration::minutes(10) + Duration::seconds(1)).challenges, 5, "2 more fit the hour");
    assert_eq!(guess_odds(&short, Duration::hours(1) + Duration::seconds(1)).challenges, 6);
    assert_eq!(guess_odds(&VerificationPolicy::default(), Duration::zero()).challenges, 0);
}

/// Every figure under "## Strict mode policy (A3)" in docs/behaviour.md is what `guess_odds`
/// computes: the doc is checked, not typed by hand.
#[test]
fn a3_documented_odds_are_computed() {
    let doc = include_str!("../../docs/behaviour.md");
    let section = doc.split("## Strict mode policy (A3)").nth(1).expect("the A3 policy section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut missing = Vec::new();
    for (label, p) in documented() {
        for (span, horizon) in [("within a day", Duration::days(1)), ("within 30 days", Duration::days(30))] {
            let line = format!("{label}, {span}: {}", guess_odds(&p, horizon));
            if !section.contains(&line) {
                missing.push(format!("- {line}"));
            }
        }
    }
    assert!(missing.is_empty(), "docs/behaviour.md lacks the lines\n{}", missing.join("\n"));
}

/// A guesser against the real workspace: starts a challenge whenever the workspace lets it,
/// picks at random (every round), and waits exactly as long as `RATE_LIMITED` or
/// `VERIFICATION_LOCKED` says. Returns (challenges answered, passed) within `horizon`.
fn guess_against_the_workspace(p: VerificationPolicy, horizon: Duration, seed: u64) -> (u64, bool) {
    let clock = Arc::new(ManualClock::new("2026-03-01T09:00:00Z".parse().expect("time")));
    let env = Env::new(clock.clone(), Arc::new(SeededRandom::new(seed)));
    let settings = NewWorkspace { strict_security: true, verification: p, ..NewWorkspace::named("Acme") };
    let ws = Workspace::create(Arc::new(MemoryStore::new()), env, settings).expect("workspace");
    let c = ws
        .create_customer(NewCustomer { email: Some("b@deli.example".into()), ..NewCustomer::named("Deli") })
        .expect("customer");
    let end = clock.now() + horizon;
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut pick = |n: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) % n as u64) as usize
    };
    let mut answered = 0;
    while clock.now() < end {
        match ws.start_verification(c.link_code.as_str()) {
            Ok(start) => {
                let picks: Vec<&str> = start.rounds.iter().map(|o| o[pick(o.len())].as_str()).collect();
                answered += 1;
                match ws.complete_verification_rounds(start.challenge_id, &picks) {
                    Ok(_) => return (answered, true),
                    Err(Error::VerificationFailed | Error::VerificationLocked { .. }) => {}
                    Err(e) => panic!("{e}"),
                }
            }
            Err(Error::RateLimited { retry_after_secs }) => clock.advance(Duration::seconds(retry_after_secs as i64)),
            Err(Error::VerificationLocked { until }) => clock.set(until),
            Err(e) => panic!("{e}"),
        }
    }
    (answered, false)
}

/// The odds function's challenge count is what the workspace itself lets a guesser answer, and
/// the pass rate of many simulated guessers is within sampling error of its probability.
#[test]
fn a3_odds_match_a_guesser_against_the_workspace() {
    let short_lock = VerificationPolicy { lockout_secs: 600, ..policy(4, 1, 5, 3, 24) };
    for (p, horizon) in [
        (VerificationPolicy::default(), Duration::days(1)),
        (VerificationPolicy::default(), Duration::days(30)),
        (policy(6, 2, 3, 3, 24), Duration::days(30)),
        (policy(4, 1, 3, 10, 24), Duration::hours(30)),
        (short_lock, Duration::hours(5)),
    ] {
        // A guesser that never passes (16^8 odds make a pass negligible) shows the count.
        let never = VerificationPolicy { options_shown: 16, rounds: 8, ..p };
        let (answered, passed) = guess_against_the_workspace(never, horizon, 1);
        assert!(!passed);
        assert_eq!(answered, guess_odds(&p, horizon).challenges, "{p:?} within {horizon}");
    }
    let trials = 2000;
    let day = Duration::days(1);
    let passed =
        (0..trials).filter(|seed| guess_against_the_workspace(VerificationPolicy::default(), day, *seed).1).count();
    let rate = passed as f64 / trials as f64;
    let expected = guess_odds(&VerificationPolicy::default(), day).probability;
    let sd = (expected * (1.0 - expected) / trials as f64).sqrt();
    assert!((rate - expected).abs() < 4.0 * sd, "simulated {rate} vs computed {expected} (sd {sd})");
    if std::env::var_os("A3_PRINT_ODDS").is_some() {
        println!("defaults within a day: {passed}/{trials} simulated guessers passed ({rate}); computed {expected}");
    }
}
