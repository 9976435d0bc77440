//! Where time and randomness come from. Both are injectable so that tests of expiry windows and
//! link codes never sleep and never flake; production uses the system clock and the OS CSPRNG.

use chrono::{DateTime, Duration, Utc};
use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use std::sync::Mutex;

/// A source of the current UTC time.
pub trait Clock: Send + Sync {
    /// The current time.
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that moves only when told to, for tests and examples.
///
/// ```
/// use orderlink::{Clock, ManualClock};
/// let clock = ManualClock::new("2026-01-01T00:00:00Z".parse().unwrap());
/// clock.advance(chrono::Duration::minutes(5));
/// assert_eq!(clock.now().to_rfc3339(), "2026-01-01T00:05:00+00:00");
/// ```
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<DateTime<Utc>>,
}

impl ManualClock {
    /// A clock stopped at `start`.
    pub fn new(start: DateTime<Utc>) -> Self {
        ManualClock { now: Mutex::new(start) }
    }

    /// Moves the clock forward (or back, with a negative duration). A move past the range
    /// chrono can hold leaves the clock where it was.
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(moved) = now.checked_add_signed(by) {
            *now = moved;
        }
    }

    /// Sets the clock to `to`.
    pub fn set(&self, to: DateTime<Utc>) {
        *self.now.lock().unwrap_or_else(|p| p.into_inner()) = to;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A cryptographically secure source of random bytes (L2). Link codes, ids and challenge
/// secrets all come from here.
pub trait RandomSource: Send + Sync {
    /// Fills `buf` with random bytes.
    fn fill(&self, buf: &mut [u8]);
}

/// The operating system's CSPRNG.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsRandom;

impl RandomSource for OsRandom {
    fn fill(&self, buf: &mut [u8]) {
        // The OS generator failing is not a condition a caller can handle or retry around: every
        // code and secret depends on it, so carrying on with predictable bytes would be worse.
        #[allow(clippy::expect_used)]
        getrandom::fill(buf).expect("the operating system's random number generator failed");
    }
}

/// A seeded ChaCha20 generator: a real CSPRNG whose output is reproducible from the seed. For
/// tests and examples only: a seed anyone knows makes every code guessable.
#[derive(Debug)]
pub struct SeededRandom {
    rng: Mutex<ChaCha20Rng>,
}

impl SeededRandom {
    /// A generator seeded from `seed`.
    pub fn new(seed: u64) -> Self {
        SeededRandom { rng: Mutex::new(ChaCha20Rng::seed_from_u64(seed)) }
    }
}

impl RandomSource for SeededRandom {
    fn fill(&self, buf: &mut [u8]) {
        self.rng.lock().unwrap_or_else(|p| p.into_inner()).fill_bytes(buf);
    }
}

/// Random bytes of a fixed length from `source`.
pub(crate) fn random_array<const N: usize>(source: &dyn RandomSource) -> [u8; N] {
    let mut buf = [0u8; N];
    source.fill(&mut buf);
    buf
}
