//! A clock tests can move: hand it to `new Workspace(name, { clock })` and expiry windows can
//! be crossed without sleeping.

use crate::convert::{date, number};
use crate::error::{invalid, run};
use chrono::{DateTime, Utc};
use napi::bindgen_prelude::{Env, Unknown};
use napi_derive::napi;
use orderlink as core;
use std::sync::Arc;

/// A controllable clock for tests: time moves only when told to.
///
/// ```js
/// const clock = new ManualClock(new Date('2026-03-01T09:00:00Z'))
/// const ws = new Workspace('Harbour Foods', { clock, seed: 7 })
/// clock.advance(600) // ten minutes later
/// ```
#[napi]
pub struct ManualClock {
    pub(crate) inner: Arc<core::ManualClock>,
}

#[napi]
impl ManualClock {
    /// A clock stopped at `start`.
    #[napi(constructor, ts_args_type = "start: Date")]
    pub fn new(env: Env, start: Unknown<'_>) -> napi::Result<Self> {
        run(&env, || Ok(ManualClock { inner: Arc::new(core::ManualClock::new(date("start", &start)?)) }))
    }

    /// The clock's current time.
    #[napi]
    pub fn now(&self) -> DateTime<Utc> {
        core::Clock::now(self.inner.as_ref())
    }

    /// Moves the clock forward by `seconds` (fractions allowed; negative moves it back). A move
    /// past the range of dates leaves the clock where it is.
    #[napi(ts_args_type = "seconds: number")]
    pub fn advance(&self, env: Env, seconds: Unknown<'_>) -> napi::Result<()> {
        run(&env, || {
            let seconds = number("seconds", &seconds)?;
            let by = chrono::Duration::try_milliseconds((seconds * 1000.0).round() as i64)
                .ok_or_else(|| invalid("seconds", "is too large a move"))?;
            self.inner.advance(by);
            Ok(())
        })
    }

    /// Sets the clock to `to`.
    #[napi(ts_args_type = "to: Date")]
    pub fn set(&self, env: Env, to: Unknown<'_>) -> napi::Result<()> {
        run(&env, || {
            self.inner.set(date("to", &to)?);
            Ok(())
        })
    }
}
