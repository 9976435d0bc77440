//! The one place an `orderlink::Error` becomes a JS `Error`.
//!
//! Every error thrown by this module is a plain JS `Error` carrying `code` (the core's stable
//! `e.code()`, e.g. `NAME_REQUIRED`), `kind` (its family, `e.kind().as_str()`: validation,
//! not_found, conflict, contacts_sync, access, store, internal) and `message` (`e.to_string()`), so a
//! caller branches on `err.code` and never on message text. Arguments the binding cannot read
//! (a number where a name goes, an unknown key) are the core's own `INVALID_ARGUMENT`: the
//! binding has no error type of its own.

use napi::bindgen_prelude::{Env, JsObjectValue, JsValue};
use napi::Status;

/// What the binding's own code returns: the core's error type.
pub type Result<T, E = orderlink::Error> = std::result::Result<T, E>;

/// An argument the binding could not read, as the core's `INVALID_ARGUMENT`.
pub fn invalid(what: &'static str, message: impl std::fmt::Display) -> orderlink::Error {
    orderlink::Error::InvalidArgument { what, message: message.to_string() }
}

/// A napi failure while reading an argument (a value JSON cannot hold, say), as `INVALID_ARGUMENT`.
pub fn napi(what: &'static str) -> impl Fn(napi::Error) -> orderlink::Error {
    move |e| invalid(what, e.reason)
}

/// The JS `Error` for a core error: `message`, `code` and `kind`.
pub fn to_js(env: &Env, e: &orderlink::Error) -> napi::Error {
    let build = || -> napi::Result<napi::Error> {
        let mut error = env.create_error(napi::Error::new(Status::GenericFailure, e.to_string()))?;
        error.set_named_property("code", e.code())?;
        error.set_named_property("kind", e.kind().as_str())?;
        Ok(napi::Error::from(error.to_unknown()))
    };
    // Building an object fails only while the environment is shutting down; the code then
    // travels in the napi error's own `code`.
    build().unwrap_or_else(|_| napi::Error::new(Status::GenericFailure, format!("{}: {e}", e.code())))
}

/// Runs a binding body and throws its error, if any, as the JS `Error` described above. Every
/// method goes through here: a panic inside the body (a defect; bad input never panics) is
/// caught and thrown as `INTERNAL` (kind `internal`), so it never aborts the process (R1).
pub fn run<T>(env: &Env, body: impl FnOnce() -> Result<T>) -> napi::Result<T> {
    guarded(body).map_err(|e| to_js(env, &e))
}

/// R1: runs `body`, turning a panic into `Error::Internal` with the panic's message. `run` uses
/// it on the main thread and `Work` (async.rs) on libuv's threads, where an unwinding panic
/// would abort the process.
pub fn guarded<T>(body: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned());
        Err(orderlink::Error::Internal { message })
    })
}
