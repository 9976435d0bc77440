//! A3: the strict-mode email challenge.
//!
//! The email carries a code word naming a picture; the portal shows four pictures; the buyer
//! picks the one the word names. A guess succeeds one time in four, so a challenge is
//! single-use (one wrong pick ends it), expires, and new challenges per link are rate limited.
//! The answer is kept only as a salted SHA-256 hash and compared in constant time.

use crate::email::Email;
use crate::env::{random_array, RandomSource};
use crate::ids::{ChallengeId, CustomerId};
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

/// How many pictures the portal shows.
pub const OPTIONS_SHOWN: usize = 4;

/// A challenge as the store keeps it: no plain-text answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    pub id: ChallengeId,
    pub customer_id: CustomerId,
    pub salt: [u8; 16],
    pub answer_hash: [u8; 32],
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// What `start_verification` hands back: the email to send and the pictures to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChallengeStart {
    pub challenge_id: ChallengeId,
    pub customer_id: CustomerId,
    /// Where to send the code word.
    pub email: Email,
    /// The word the email carries. Send it to `email`; never show it in the portal.
    pub code_word: String,
    /// The four pictures the portal shows, in display order.
    pub options: Vec<String>,
    pub expires_at: DateTime<Utc>,
}

/// A passed verification, given to the buyer's browser. Present `token` to `open_link`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifiedSession {
    pub token: String,
    pub customer_id: CustomerId,
    pub expires_at: DateTime<Utc>,
}

/// A verified session as the store keeps it: the token only as a hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub token_hash: [u8; 32],
    pub customer_id: CustomerId,
    pub expires_at: DateTime<Utc>,
}

/// A3: at most `max` challenges per customer link within `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub max: u32,
    pub window: Duration,
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

fn answer_hash(salt: &[u8; 16], id: ChallengeId, answer: &str) -> [u8; 32] {
    let digest = Sha256::new()
        .chain_update(salt)
        .chain_update(id.0.as_bytes())
        .chain_update(answer.trim().to_lowercase().as_bytes())
        .finalize();
    let mut out = [0u8; 32];
    out.copy_from_slice(&digest);
    out
}

/// The hash a session token is kept under.
pub(crate) fn token_hash(token: &str) -> [u8; 32] {
    let digest = Sha256::digest(token.trim().as_bytes());
    let mut out = [0u8; 32];
    out.copy_from_slice(&digest);
    out
}

/// A new challenge for `customer_id`, and what to send and show.
pub(crate) fn new_challenge(
    customer_id: CustomerId,
    email: Email,
    now: DateTime<Utc>,
    ttl: Duration,
    random: &dyn RandomSource,
) -> (Challenge, ChallengeStart) {
    // Partial Fisher–Yates: the first four of a shuffled deck are four distinct pictures.
    let mut deck: Vec<&str> = PICTURES.to_vec();
    for i in 0..OPTIONS_SHOWN {
        let j = i + random_below(random, (deck.len() - i) as u32) as usize;
        deck.swap(i, j);
    }
    let options: Vec<String> = deck[..OPTIONS_SHOWN].iter().map(|s| s.to_string()).collect();
    let answer = options[random_below(random, OPTIONS_SHOWN as u32) as usize].clone();
    let id = ChallengeId::random(random);
    let salt = random_array(random);
    let challenge = Challenge {
        id,
        customer_id,
        salt,
        answer_hash: answer_hash(&salt, id, &answer),
        created_at: now,
        expires_at: now + ttl,
    };
    let start = ChallengeStart {
        challenge_id: id,
        customer_id,
        email,
        code_word: answer,
        options,
        expires_at: challenge.expires_at,
    };
    (challenge, start)
}

/// Whether `picked` is the answer, compared in constant time.
pub(crate) fn is_answer(challenge: &Challenge, picked: &str) -> bool {
    answer_hash(&challenge.salt, challenge.id, picked).ct_eq(&challenge.answer_hash).into()
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
