//! The Python binding of orderlink (the native module `orderlink._orderlink`).
//!
//! Thin by design: each call reads its Python arguments into the core's types, asks the core,
//! and wraps the answer. Every rule is decided in the core, once; errors reach Python as the
//! exception classes of `error.rs`, each with the core's stable `.code`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// The modules are private, so this covers what the crate root exports; the items pyo3 / napi
// generate raise no warning, so nothing needs allowing.

mod carts;
mod cli;
mod convert;
mod details;
mod error;
mod history;
mod import;
mod import_batches;
mod messages;
mod pending;
mod pricing;
mod store;
mod types;
mod workspace;

use convert::text;
use error::Raise;
use pyo3::prelude::*;

/// N1: the normalised form of a business name (NFKC, full case folding, inner white space
/// collapsed, trimmed), as match keys use it.
///
/// >>> orderlink.normalize_name("  ACME   Pty Ltd ")
/// 'acme pty ltd'
#[pyfunction]
fn normalize_name(name: &Bound<'_, PyAny>) -> PyResult<String> {
    let name = text(name, "name")?;
    error::guarded(|| Ok(orderlink::normalize_name(&name))).py()
}

/// N1: the normalised form of an email for matching: trimmed and lower-cased.
///
/// >>> orderlink.normalize_email("  Orders@Example.COM ")
/// 'orders@example.com'
#[pyfunction]
fn normalize_email(email: &Bound<'_, PyAny>) -> PyResult<String> {
    let email = text(email, "email")?;
    error::guarded(|| Ok(orderlink::normalize_email(&email))).py()
}

/// C5: text folded for case- and accent-insensitive search, as ``list_customers`` compares.
///
/// >>> orderlink.search_fold("Crème Brûlée")
/// 'creme brulee'
#[pyfunction]
fn search_fold(text: &Bound<'_, PyAny>) -> PyResult<String> {
    let text = convert::text(text, "text")?;
    error::guarded(|| Ok(orderlink::search_fold(&text))).py()
}

/// L3: the canonical (upper-case) link code in an order link URL or a bare code. Anything else
/// raises ValidationError ``LINK_MALFORMED``.
///
/// >>> orderlink.parse_link_code("https://shop.example/order/7zq4mxd0n5w8k3jy6hbvrt2ca0")
/// '7ZQ4MXD0N5W8K3JY6HBVRT2CA0'
#[pyfunction]
fn parse_link_code(code_or_url: &Bound<'_, PyAny>) -> PyResult<String> {
    let code_or_url = text(code_or_url, "code_or_url")?;
    error::guarded(|| orderlink::LinkCode::parse(&code_or_url)).py().map(|code| code.as_str().to_owned())
}

/// R1, for tests only: panics inside a core call, as a defect would, so a test can prove the
/// panic reaches Python as ``InternalError`` (``INTERNAL``) and the interpreter goes on. Not
/// part of the API (not in ``__all__`` nor the stubs).
#[pyfunction]
fn _internal_panic_for_tests() -> PyResult<()> {
    error::call(|| -> orderlink::Result<()> { panic!("a deliberate panic for R1's tests") })
}

/// A3: the odds that someone holding only a customer link, picking at random, passes a
/// challenge within ``within_secs`` seconds under ``policy`` (a dict in the shape of
/// ``verification=``; missing keys take the defaults; None is the default policy). A policy out
/// of range raises ValidationError ``INVALID_ARGUMENT``.
///
/// >>> str(orderlink.guess_odds(24 * 3600))
/// '3 challenges: 1 − (3/4)^3 = 0.578125'
#[pyfunction]
#[pyo3(signature = (within_secs, policy=None))]
fn guess_odds(within_secs: &Bound<'_, PyAny>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<types::GuessOdds> {
    const WHAT: &str = "verification policy";
    let secs = convert::whole(within_secs, "within_secs")?;
    let policy: orderlink::VerificationPolicy = match policy.filter(|p| !p.is_none()) {
        None => orderlink::VerificationPolicy::default(),
        Some(p) => match convert::to_json(p, WHAT, "policy")? {
            serde_json::Value::Object(map) => convert::from_dict(WHAT, &orderlink::VerificationPolicy::default(), map)?,
            _ => return Err(error::invalid(WHAT, "expected a dict")),
        },
    };
    policy.validate().py()?;
    let within = chrono::Duration::seconds(i64::try_from(secs).unwrap_or(i64::MAX / 1000).min(i64::MAX / 1000));
    Ok(types::GuessOdds { inner: orderlink::guess_odds(&policy, within) })
}

#[pymodule]
fn _orderlink(m: &Bound<'_, PyModule>) -> PyResult<()> {
    error::register(m)?;
    m.add_class::<workspace::PyWorkspace>()?;
    m.add_class::<workspace::PyManualClock>()?;
    store::register(m)?;
    types::register(m)?;
    pending::register(m)?;
    pricing::register(m)?;
    messages::register(m)?;
    import::register(m)?;
    import_batches::register(m)?;
    history::register(m)?;
    details::register(m)?;
    carts::register(m)?;
    cli::register(m)?;
    m.add_function(wrap_pyfunction!(normalize_name, m)?)?;
    m.add_function(wrap_pyfunction!(normalize_email, m)?)?;
    m.add_function(wrap_pyfunction!(search_fold, m)?)?;
    m.add_function(wrap_pyfunction!(parse_link_code, m)?)?;
    // setattr, not add_function: kept out of the module's `__all__` as well as the package's.
    m.setattr("_internal_panic_for_tests", wrap_pyfunction!(_internal_panic_for_tests, m)?)?;
    m.add_function(wrap_pyfunction!(guess_odds, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // For benchmarks, which warn when they time an unoptimised build (`maturin develop`
    // without --release, as `make test-python` builds); private, so not in `__all__`.
    m.setattr("_debug_build", cfg!(debug_assertions))?;
    Ok(())
}
