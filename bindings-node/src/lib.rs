//! The Node binding of orderlink: thin wrappers over the core, which decides everything.
//!
//! Every error is a JS `Error` with `code` (the core's stable code, e.g. `NAME_REQUIRED`) and
//! `kind` (its family, e.g. `validation`); see `error.rs`. Ids are UUID strings, times are
//! `Date`s, money is a decimal string, and enum values are the core's snake_case names.
#![warn(missing_docs)]
// The modules are private, so this covers the functions the crate root exports; the items
// napi generates raise no warning, so nothing needs allowing.

mod carts;
mod clock;
mod convert;
mod details;
mod error;
mod history;
mod import;
mod messages;
mod pending;
mod pricing;
mod promises;
mod store;
mod types;
mod work;
mod workspace;

use convert::text;
use error::run;
use napi::bindgen_prelude::{Env, Unknown};
use napi_derive::napi;
use orderlink as core;

/// N1: the normalised business name of a match key (NFKC, case-folded, inner white space
/// collapsed, trimmed). `normalizeName('  ACME  Pty  Ltd ')` → `'acme pty ltd'`.
#[napi(ts_args_type = "name: string")]
pub fn normalize_name(env: Env, name: Unknown<'_>) -> napi::Result<String> {
    run(&env, || Ok(core::normalize_name(&text("name", &name)?)))
}

/// N1: the normalised email of a match key (trimmed, lower-cased).
#[napi(ts_args_type = "email: string")]
pub fn normalize_email(env: Env, email: Unknown<'_>) -> napi::Result<String> {
    run(&env, || Ok(core::normalize_email(&text("email", &email)?)))
}

/// C5: the case- and accent-insensitive form search compares (`'Café'` → `'cafe'`).
#[napi(ts_args_type = "text: string")]
pub fn search_fold(env: Env, text_: Unknown<'_>) -> napi::Result<String> {
    run(&env, || Ok(core::search_fold(&text("text", &text_)?)))
}

/// A3: the odds that someone holding only a customer link, picking at random, passes a
/// challenge within `withinSecs` seconds under `policy` (the shape of the `verification`
/// setting; missing keys take the defaults). `INVALID_ARGUMENT` for a policy out of range.
///
/// ```js
/// guessOdds(24 * 3600).text // '3 challenges: 1 − (3/4)^3 = 0.578125'
/// ```
#[napi(
    ts_args_type = "withinSecs: number, policy?: { challengeTtlSecs?: number; maxChallenges?: number; windowSecs?: number; sessionTtlSecs?: number; optionsShown?: number; rounds?: number; lockoutAfterFailures?: number; lockoutSecs?: number } | null"
)]
pub fn guess_odds(env: Env, within_secs: Unknown<'_>, policy: Option<Unknown<'_>>) -> napi::Result<types::GuessOdds> {
    run(&env, || {
        let secs = convert::number("withinSecs", &within_secs)?;
        if !(secs.is_finite() && secs >= 0.0 && secs.fract() == 0.0) {
            return Err(error::invalid("withinSecs", "must be a whole number of seconds from 0"));
        }
        let policy: core::VerificationPolicy = match convert::opt_object("policy", policy.as_ref())? {
            Some(p) => {
                const KEYS: &[&str] = &[
                    "challenge_ttl_secs",
                    "max_challenges",
                    "window_secs",
                    "session_ttl_secs",
                    "options_shown",
                    "rounds",
                    "lockout_after_failures",
                    "lockout_secs",
                ];
                convert::from_json("verification policy", convert::object_json("verification policy", &p, KEYS, &[])?)?
            }
            None => core::VerificationPolicy::default(),
        };
        policy.validate()?;
        let within = chrono::Duration::seconds((secs as i64).min(i64::MAX / 1000));
        Ok(core::guess_odds(&policy, within).into())
    })
}

/// L3: the canonical link code in an order-link URL or a bare code (case and Crockford
/// look-alikes forgiven); `LINK_MALFORMED` for anything else.
#[napi(ts_args_type = "codeOrUrl: string")]
pub fn parse_link_code(env: Env, code_or_url: Unknown<'_>) -> napi::Result<String> {
    run(&env, || Ok(core::LinkCode::parse(&text("codeOrUrl", &code_or_url)?)?.as_str().to_owned()))
}

/// R1, for tests only: panics inside a call, as a defect would, so a test can prove the panic
/// arrives as an `Error` with code `INTERNAL` and the process goes on. Not part of the API.
#[doc(hidden)]
#[napi(js_name = "_internalPanicForTests")]
pub fn internal_panic_for_tests(env: Env) -> napi::Result<()> {
    run(&env, || -> error::Result<()> { panic!("a deliberate panic for R1's tests") })
}
