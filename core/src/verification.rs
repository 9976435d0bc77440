//! A3: the strict-mode email challenge.
//!
//! The email carries a code word naming a picture; the portal shows some pictures (four by
//! default); the buyer picks the one the word names. A policy may ask for several rounds, each
//! with its own word and pictures; the challenge passes only when every pick is right. A guess
//! succeeds one time in `options_shown ^ rounds`, so a challenge is single-use (one wrong pick
//! ends it), expires, new challenges per link are rate limited, and after
//! `lockout_after_failures` failed challenges in a row the link is locked for `lockout_secs`
//! (or until the supplier lifts the lock). The answer is kept only as a salted SHA-256 hash and
//! compared in constant time.
//!
//! Failures count across challenges; a pass resets the count, and so does a lock (the next
//! lock needs as many new failures). A challenge left to expire, replaced by a newer one, or
//! answered after it expired is not a failure: its answer was never checked, so a guesser
//! learns nothing from it, and a buyer who was interrupted is not punished.

use crate::email::Email;
use crate::env::{random_array, RandomSource};
use crate::ids::{ChallengeId, CustomerId};
use crate::settings::VerificationPolicy;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The pictures a challenge draws its four options from. Names are distinct, short, easy to
/// draw and to say, and none is a prefix of another.
pub const PICTURES: [&str; 16] = [
    "anchor",
    "apple",
    "bicycle",
    "cactus",
    "crown",
    "dolphin",
    "feather",
    "guitar",
    "kite",
    "lighthouse",
    "mushroom",
    "owl",
    "pineapple",
    "rocket",
    "tractor",
    "umbrella",
];

/// How many pictures the portal shows under the default policy.
pub const OPTIONS_SHOWN: usize = 4;

/// A challenge as the store keeps it: no plain-text answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    /// Unique per challenge; the portal sends it back with the buyer's pick.
    pub id: ChallengeId,
    /// The customer whose link started the challenge; a pass verifies this customer only.
    pub customer_id: CustomerId,
    /// A3: random bytes hashed in before the answer, fresh for every challenge. Keep them as given.
    pub salt: [u8; 16],
    /// A3: SHA-256 of the salt, the id and the code word(s); the answer itself is never stored.
    /// The core compares it in constant time, so a store only keeps and returns these bytes.
    pub answer_hash: [u8; 32],
    /// When the challenge was started; rate limits count challenges by this time.
    pub created_at: DateTime<Utc>,
    /// After this the challenge answers `CHALLENGE_EXPIRED`. The core checks it; a store keeps
    /// it as given.
    pub expires_at: DateTime<Utc>,
}

/// What `start_verification` hands back: the email to send and the pictures to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChallengeStart {
    /// Send it back with the buyer's pick to `complete_verification`.
    pub challenge_id: ChallengeId,
    /// The customer whose link asked for the challenge.
    pub customer_id: CustomerId,
    /// Where to send the code word.
    pub email: Email,
    /// What the email carries: the code word, or with several rounds the words in round order
    /// separated by spaces. Send it to `email`; never show it in the portal.
    pub code_word: String,
    /// The code word of each round, in order.
    pub code_words: Vec<String>,
    /// The pictures the portal shows in the first round, in display order.
    pub options: Vec<String>,
    /// The pictures of every round, in round order, each in display order.
    pub rounds: Vec<Vec<String>>,
    /// After this the challenge answers `CHALLENGE_EXPIRED`.
    pub expires_at: DateTime<Utc>,
}

/// A passed verification, given to the buyer's browser. Present `token` to `open_link`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifiedSession {
    /// The secret the buyer's browser presents to `open_link`; it is stored only as a hash.
    pub token: String,
    /// The customer this session is verified for.
    pub customer_id: CustomerId,
    /// After this the token no longer counts as verified, and a new challenge is needed.
    pub expires_at: DateTime<Utc>,
}

/// A verified session as the store keeps it: the token only as a hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// SHA-256 of the session token; the core looks a token up by this hash.
    pub token_hash: [u8; 32],
    /// The customer the session is verified for.
    pub customer_id: CustomerId,
    /// After this the token no longer verifies. The core checks it; a store keeps it as given.
    pub expires_at: DateTime<Utc>,
}

/// A3: at most `max` challenges per customer link within `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// The most challenges …
    pub max: u32,
    /// … within this long.
    pub window: Duration,
}

/// A3: when failed challenges lock a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lockout {
    /// This many failed challenges in a row lock the link …
    pub after_failures: u32,
    /// … for this long.
    pub duration: Duration,
}

impl Lockout {
    /// The lockout `policy` sets.
    pub fn of(policy: &VerificationPolicy) -> Lockout {
        Lockout { after_failures: policy.lockout_after_failures.max(1), duration: secs(policy.lockout_secs) }
    }
}

/// A3: a customer link's lockout state as the store keeps it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationLock {
    /// Failed challenges in a row since the last pass, lock or lift.
    pub failures: u32,
    /// The link cannot start or answer a challenge before this time. A time in the past is a
    /// lock that has ended.
    pub locked_until: Option<DateTime<Utc>>,
}

impl VerificationLock {
    /// The end of the lock in force at `now`, if one is.
    pub fn locked_at(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.locked_until.filter(|until| *until > now)
    }

    /// The state after one more failure at `at` under `rule`, and the lock event when this
    /// failure locks the link. A failure while a lock is in force changes nothing. Every store
    /// applies this in one atomic step.
    pub fn after_failure(
        self,
        customer_id: CustomerId,
        at: DateTime<Utc>,
        rule: &Lockout,
    ) -> (VerificationLock, Option<VerificationLockEvent>) {
        if self.locked_at(at).is_some() {
            return (self, None);
        }
        let failures = self.failures.saturating_add(1);
        if failures < rule.after_failures {
            return (VerificationLock { failures, ..self }, None);
        }
        let until = at + rule.duration;
        let event = VerificationLockEvent { customer_id, at, action: LockAction::Locked, until, failures, by: None };
        (VerificationLock { failures: 0, locked_until: Some(until) }, Some(event))
    }

    /// The state after a pass at `at`: the count starts again. Refused (the state unchanged,
    /// `false`) while a lock is in force.
    pub fn after_pass(self, at: DateTime<Utc>) -> (VerificationLock, bool) {
        if self.locked_at(at).is_some() {
            return (self, false);
        }
        (VerificationLock { failures: 0, ..self }, true)
    }

    /// The state after the supplier lifts the lock at `at`, and the audit event when a lock
    /// was in force (lifting a link that is not locked only clears its count).
    pub fn after_lift(
        self,
        customer_id: CustomerId,
        at: DateTime<Utc>,
        by: Option<&str>,
    ) -> (VerificationLock, Option<VerificationLockEvent>) {
        let event = self.locked_at(at).map(|until| VerificationLockEvent {
            customer_id,
            at,
            action: LockAction::Lifted,
            until,
            failures: 0,
            by: by.map(str::to_owned),
        });
        (VerificationLock::default(), event)
    }
}

/// A3: what happened to a link's lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LockAction {
    /// Failed challenges locked the link.
    Locked,
    /// The supplier lifted the lock before it ended.
    Lifted,
}

impl LockAction {
    /// The name every language uses.
    pub fn as_str(self) -> &'static str {
        match self {
            LockAction::Locked => "locked",
            LockAction::Lifted => "lifted",
        }
    }
}

/// A3: one audited lock or lift of a customer link's verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationLockEvent {
    /// The customer whose link it is.
    pub customer_id: CustomerId,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Locked or lifted.
    pub action: LockAction,
    /// Locked: when the lock ends. Lifted: when it would have ended.
    pub until: DateTime<Utc>,
    /// Locked: the failures in a row that locked it. Lifted: 0.
    pub failures: u32,
    /// Lifted: who lifted it, as the caller names them.
    pub by: Option<String>,
}

/// A uniform random number below `n` (rejection sampling, no modulo bias).
fn random_below(random: &dyn RandomSource, n: u32) -> u32 {
    let zone = u32::MAX - (u32::MAX % n);
    loop {
        let v = u32::from_le_bytes(random_array(random));
        if v < zone {
            return v % n;
        }
    }
}

/// The hash of a challenge's answer: one pick hashed as it always was; several picks each
/// with its length first, so no two lists of picks hash alike.
fn answer_hash(salt: &[u8; 16], id: ChallengeId, picks: &[&str]) -> [u8; 32] {
    let mut h = Sha256::new().chain_update(salt).chain_update(id.0.as_bytes());
    if let [one] = picks {
        h.update(one.trim().to_lowercase().as_bytes());
    } else {
        for pick in picks {
            let pick = pick.trim().to_lowercase();
            h.update((pick.len() as u64).to_le_bytes());
            h.update(pick.as_bytes());
        }
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(&h.finalize());
    out
}

/// The hash a session token is kept under.
pub(crate) fn token_hash(token: &str) -> [u8; 32] {
    let digest = Sha256::digest(token.trim().as_bytes());
    let mut out = [0u8; 32];
    out.copy_from_slice(&digest);
    out
}

/// A new challenge for `customer_id` under `policy` (already validated), and what to send
/// and show.
pub(crate) fn new_challenge(
    customer_id: CustomerId,
    email: Email,
    now: DateTime<Utc>,
    policy: &VerificationPolicy,
    random: &dyn RandomSource,
) -> (Challenge, ChallengeStart) {
    let shown = (policy.options_shown as usize).clamp(2, PICTURES.len());
    let rounds = policy.rounds.clamp(1, VerificationPolicy::MAX_ROUNDS) as usize;
    let mut all_options = Vec::with_capacity(rounds);
    let mut code_words = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        // Partial Fisher–Yates: the first `shown` of a shuffled deck are distinct pictures.
        let mut deck: Vec<&str> = PICTURES.to_vec();
        for i in 0..shown {
            let j = i + random_below(random, (deck.len() - i) as u32) as usize;
            deck.swap(i, j);
        }
        let options: Vec<String> = deck[..shown].iter().map(|s| s.to_string()).collect();
        code_words.push(options[random_below(random, shown as u32) as usize].clone());
        all_options.push(options);
    }
    let id = ChallengeId::random(random);
    let salt = random_array(random);
    let picks: Vec<&str> = code_words.iter().map(String::as_str).collect();
    let challenge = Challenge {
        id,
        customer_id,
        salt,
        answer_hash: answer_hash(&salt, id, &picks),
        created_at: now,
        expires_at: now + secs(policy.challenge_ttl_secs),
    };
    let start = ChallengeStart {
        challenge_id: id,
        customer_id,
        email,
        code_word: code_words.join(" "),
        options: all_options.first().cloned().unwrap_or_default(),
        code_words,
        rounds: all_options,
        expires_at: challenge.expires_at,
    };
    (challenge, start)
}

/// Whether `picks` (one per round, in order) are the answer, compared in constant time.
pub(crate) fn is_answer(challenge: &Challenge, picks: &[&str]) -> bool {
    answer_hash(&challenge.salt, challenge.id, picks).ct_eq(&challenge.answer_hash).into()
}

/// Seconds as a duration, clamped to what chrono holds.
pub(crate) fn secs(s: u64) -> Duration {
    Duration::seconds(i64::try_from(s).unwrap_or(i64::MAX / 1000).min(i64::MAX / 1000))
}

/// A new session token (256 bits, Crockford base32) and its stored record.
pub(crate) fn new_session(
    customer_id: CustomerId,
    now: DateTime<Utc>,
    ttl: Duration,
    random: &dyn RandomSource,
) -> (VerifiedSession, SessionRecord) {
    let token = data_encoding::BASE32_NOPAD.encode(&random_array::<32>(random));
    let record = SessionRecord { token_hash: token_hash(&token), customer_id, expires_at: now + ttl };
    (VerifiedSession { token, customer_id, expires_at: record.expires_at }, record)
}

/// A3: the odds that someone holding only the link, picking at random and starting each
/// challenge as soon as the policy lets them, passes within some time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GuessOdds {
    /// One challenge passes with probability `1 / per_challenge_one_in`
    /// (`options_shown ^ rounds`).
    pub per_challenge_one_in: u64,
    /// How many challenges the guesser can answer within the time.
    pub challenges: u64,
    /// `(1 - 1/per_challenge_one_in) ^ challenges`: the chance every one fails (0 when it is
    /// below what an `f64` holds; see `all_fail_log10`).
    pub all_fail: f64,
    /// `log10(all_fail)`, kept when `all_fail` itself is too small for an `f64`.
    pub all_fail_log10: f64,
    /// `1 - all_fail`: the chance one passes.
    pub probability: f64,
}

impl std::fmt::Display for GuessOdds {
    /// The arithmetic, e.g. `3 challenges: 1 − (3/4)^3 = 0.578125`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.per_challenge_one_in;
        write!(f, "{} challenges: 1 − ({}/{})^{} = ", self.challenges, n - 1, n, self.challenges)?;
        if self.all_fail >= 1e-4 {
            write!(f, "{:.6}", self.probability)
        } else {
            // all_fail = m · 10^e, from its logarithm so no power underflows.
            let e = self.all_fail_log10.floor();
            write!(f, "1 − {:.2}e{}", 10f64.powf(self.all_fail_log10 - e), e as i64)
        }
    }
}

/// A3: [`GuessOdds`] for `policy` within `horizon` (challenges started at or after time 0 and
/// before `horizon`). The guesser answers every challenge the moment it starts, so each fails
/// with probability `1 - 1/options_shown^rounds` and counts toward the lockout; they start a
/// new one whenever the rate limit and the lockout allow.
///
/// ```
/// use orderlink::verification::guess_odds;
/// use orderlink::VerificationPolicy;
/// // The defaults: three picks, then a day's lock.
/// let day = guess_odds(&VerificationPolicy::default(), chrono::Duration::days(1));
/// assert_eq!((day.per_challenge_one_in, day.challenges), (4, 3));
/// assert_eq!(day.to_string(), "3 challenges: 1 − (3/4)^3 = 0.578125");
/// ```
pub fn guess_odds(policy: &VerificationPolicy, horizon: Duration) -> GuessOdds {
    let one_in = u64::from(policy.options_shown.max(1)).saturating_pow(policy.rounds.max(1));
    let challenges = challenges_within(policy, horizon.num_seconds().max(0) as u64);
    // n · ln(1 - p), accurate for tiny p and large n.
    let ln_all_fail = if one_in <= 1 { f64::NEG_INFINITY } else { (-1.0 / one_in as f64).ln_1p() * challenges as f64 };
    let all_fail = ln_all_fail.exp();
    GuessOdds {
        per_challenge_one_in: one_in,
        challenges,
        all_fail,
        all_fail_log10: ln_all_fail / std::f64::consts::LN_10,
        probability: 1.0 - all_fail,
    }
}

/// How many challenges a guesser answers in `[0, horizon)` seconds under `policy`.
///
/// When a lock lasts at least a rate window, every lock ends with no challenge left in the
/// window, so the schedule repeats: `k = ceil(N / max)` bursts a window apart make the `N`
/// failures that lock the link, then the lock; a cycle is `(k - 1) * window + lock` long. A
/// shorter lock leaves the window partly full, and the schedule is stepped burst by burst.
pub(crate) fn challenges_within(policy: &VerificationPolicy, horizon: u64) -> u64 {
    let max = u64::from(policy.max_challenges.max(1));
    let window = policy.window_secs.max(1);
    let after = u64::from(policy.lockout_after_failures.max(1));
    let lock = policy.lockout_secs.max(1);
    if lock < window {
        return challenges_stepped(max, window, after, lock, horizon);
    }
    let bursts = after.div_ceil(max);
    let cycle = (bursts - 1).saturating_mul(window).saturating_add(lock);
    let full = horizon / cycle;
    let rest = horizon % cycle;
    // Bursts at 0, window, 2·window … before `rest`, at most `bursts` of them.
    let partial_bursts = rest.div_ceil(window).min(bursts);
    full.saturating_mul(after).saturating_add(partial_bursts.saturating_mul(max).min(after))
}

/// The same count, stepped one burst of challenges at a time (every challenge in a burst starts
/// at the same instant). Used when a lock is shorter than a rate window, and in tests to check
/// the closed form. The schedule is deterministic, so once the window holds the same challenges
/// (relative to now) at the end of two locks it repeats: the whole cycles left are counted at
/// once, which keeps the cost small for any horizon.
pub(crate) fn challenges_stepped(max: u64, window: u64, after: u64, lock: u64, horizon: u64) -> u64 {
    stepped(max, window, after, lock, horizon, true)
}

/// [`challenges_stepped`], skipping repeated cycles or not (tests compare the two).
fn stepped(max: u64, window: u64, after: u64, lock: u64, horizon: u64, skip_cycles: bool) -> u64 {
    let mut log: std::collections::VecDeque<(u64, u64)> = std::collections::VecDeque::new();
    let mut seen: std::collections::HashMap<Vec<(u64, u64)>, (u64, u64)> = std::collections::HashMap::new();
    let (mut t, mut failures, mut locked_until, mut total) = (0u64, 0u64, 0u64, 0u64);
    let mut lock_ended = false;
    loop {
        t = t.max(locked_until);
        // A challenge at `s` is in the window at `t` while `s + window > t`.
        while log.front().is_some_and(|(s, _)| s.saturating_add(window) <= t) {
            log.pop_front();
        }
        if std::mem::take(&mut lock_ended) && skip_cycles {
            let state: Vec<(u64, u64)> = log.iter().map(|(s, n)| (t - s, *n)).collect();
            match seen.get(&state) {
                Some(&(t0, total0)) if t > t0 => {
                    let period = t - t0;
                    let cycles = horizon.saturating_sub(t) / period;
                    let skip = cycles.saturating_mul(period);
                    t = t.saturating_add(skip);
                    locked_until = locked_until.saturating_add(skip);
                    total = total.saturating_add(cycles.saturating_mul(total - total0));
                    for entry in log.iter_mut() {
                        entry.0 = entry.0.saturating_add(skip);
                    }
                    seen.clear();
                }
                _ => {
                    seen.insert(state, (t, total));
                }
            }
        }
        let in_window: u64 = log.iter().map(|(_, n)| n).sum();
        if in_window >= max {
            t = log.front().map_or(t, |(s, _)| s.saturating_add(window));
            continue;
        }
        if t >= horizon {
            return total;
        }
        let n = (max - in_window).min(after - failures);
        total += n;
        failures += n;
        log.push_back((t, n));
        if failures >= after {
            failures = 0;
            locked_until = t.saturating_add(lock);
            lock_ended = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A3: the closed form of `challenges_within` agrees with stepping the schedule.
    #[test]
    fn a3_odds_closed_form_matches_the_stepped_schedule() {
        for max in [1u32, 2, 3, 5, 7] {
            for window in [60u64, 3600] {
                for after in [1u32, 2, 3, 4, 10] {
                    for lock in [30u64, 60, 600, 3600, 86_400] {
                        let policy = VerificationPolicy {
                            max_challenges: max,
                            window_secs: window,
                            lockout_after_failures: after,
                            lockout_secs: lock,
                            ..VerificationPolicy::default()
                        };
                        for horizon in [0u64, 1, 59, 60, 61, 3599, 3600, 3601, 86_400, 86_401, 7 * 86_400] {
                            let stepped = stepped(u64::from(max), window, u64::from(after), lock, horizon, false);
                            assert_eq!(challenges_within(&policy, horizon), stepped, "{policy:?} within {horizon}s");
                        }
                    }
                }
            }
        }
    }

    /// A3: a long horizon costs no more than a short one, and skipping whole cycles counts
    /// what stepping every one would.
    #[test]
    fn a3_odds_long_horizons_are_cheap_and_exact() {
        let year = 365 * 86_400;
        for (max, window, after, lock) in [(5u64, 3600u64, 3u64, 600u64), (7, 3600, 4, 1), (2, 86_400, 5, 3599)] {
            for horizon in [0, 1, lock, window, window + 1, 7 * 86_400 + 13, year / 10] {
                let every_cycle = stepped(max, window, after, lock, horizon, false);
                assert_eq!(challenges_stepped(max, window, after, lock, horizon), every_cycle, "{horizon}");
            }
            let t0 = std::time::Instant::now();
            let century = challenges_stepped(max, window, after, lock, 100 * year);
            assert!(t0.elapsed() < std::time::Duration::from_secs(1), "{century}");
            // The rate limit alone bounds it.
            assert!(century <= (100 * year).div_ceil(window) * max);
        }
        let p = VerificationPolicy {
            max_challenges: u32::MAX,
            window_secs: 1,
            lockout_secs: 1,
            lockout_after_failures: 1,
            ..VerificationPolicy::default()
        };
        assert_eq!(challenges_within(&p, u64::MAX / 2), u64::MAX / 2);
    }

    /// A3: a lock in force ignores further failures and refuses a pass; a lift clears it.
    #[test]
    fn a3_lock_state_transitions() {
        let t = DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default();
        let id = CustomerId(uuid::Uuid::nil());
        let rule = Lockout { after_failures: 2, duration: Duration::hours(1) };
        let (one, e) = VerificationLock::default().after_failure(id, t, &rule);
        assert_eq!((one.failures, e), (1, None));
        let (locked, e) = one.after_failure(id, t, &rule);
        assert_eq!(locked, VerificationLock { failures: 0, locked_until: Some(t + Duration::hours(1)) });
        assert_eq!(e.map(|e| (e.action, e.failures)), Some((LockAction::Locked, 2)));
        assert_eq!(locked.after_failure(id, t, &rule), (locked, None), "ignored while locked");
        assert_eq!(locked.after_pass(t), (locked, false));
        let later = t + Duration::hours(1);
        assert_eq!(locked.locked_at(later), None);
        assert!(locked.after_pass(later).1);
        let (lifted, e) = locked.after_lift(id, t, Some("ops"));
        assert_eq!(lifted, VerificationLock::default());
        assert_eq!(e.map(|e| (e.action, e.by)), Some((LockAction::Lifted, Some("ops".to_owned()))));
        assert_eq!(one.after_lift(id, t, None), (VerificationLock::default(), None), "nothing to lift");
    }
}
