//! The Python binding of orderlink (the native module `orderlink._orderlink`).
//!
//! Thin by design: each call reads its Python arguments into the core's types, asks the core,
//! and wraps the answer. Every rule is decided in the core, once; errors reach Python as the
//! exception classes of `error.rs`, each with the core's stable `.code`.
#![forbid(unsafe_code)]

mod cli;
mod convert;
mod details;
mod error;
mod history;
mod import;
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
    Ok(orderlink::normalize_name(&text(name, "name")?))
}

/// N1: the normalised form of an email for matching: trimmed and lower-cased.
///
/// >>> orderlink.normalize_email("  Orders@Example.COM ")
/// 'orders@example.com'
#[pyfunction]
fn normalize_email(email: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(orderlink::normalize_email(&text(email, "email")?))
}

/// C5: text folded for case- and accent-insensitive search, as ``list_customers`` compares.
///
/// >>> orderlink.search_fold("Crème Brûlée")
/// 'creme brulee'
#[pyfunction]
fn search_fold(text: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(orderlink::search_fold(&convert::text(text, "text")?))
}

/// L3: the canonical (upper-case) link code in an order link URL or a bare code. Anything else
/// raises ValidationError ``LINK_MALFORMED``.
///
/// >>> orderlink.parse_link_code("https://shop.example/order/7zq4mxd0n5w8k3jy6hbvrt2ca0")
/// '7ZQ4MXD0N5W8K3JY6HBVRT2CA0'
#[pyfunction]
fn parse_link_code(code_or_url: &Bound<'_, PyAny>) -> PyResult<String> {
    let code = orderlink::LinkCode::parse(&text(code_or_url, "code_or_url")?).py()?;
    Ok(code.as_str().to_owned())
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
    history::register(m)?;
    details::register(m)?;
    cli::register(m)?;
    m.add_function(wrap_pyfunction!(normalize_name, m)?)?;
    m.add_function(wrap_pyfunction!(normalize_email, m)?)?;
    m.add_function(wrap_pyfunction!(search_fold, m)?)?;
    m.add_function(wrap_pyfunction!(parse_link_code, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // For benchmarks, which warn when they time an unoptimised build (`maturin develop`
    // without --release, as `make test-python` builds); private, so not in `__all__`.
    m.setattr("_debug_build", cfg!(debug_assertions))?;
    Ok(())
}
