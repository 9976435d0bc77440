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

/// The core's error codes as a TypeScript union (`ErrorCode`) and a list; see build.rs.
mod codes {
    use napi_derive::napi;
    include!(concat!(env!("OUT_DIR"), "/error_codes.rs"));
}
pub use codes::ErrorCode;

/// The family of an error (`ErrorKind::as_str` in the core): what `.kind` holds.
#[napi_derive::napi(string_enum = "snake_case")]
pub enum ErrorKind {
    /// The input itself is wrong.
    Validation,
    /// The thing asked for does not exist.
    NotFound,
    /// The input clashes with what is stored.
    Conflict,
    /// Contacts sync owns this data.
    ContactsSync,
    /// An order link may not be used this way.
    Access,
    /// The store failed for reasons of its own.
    Store,
    /// R1: a defect inside orderlink, caught at the boundary.
    Internal,
}

/// What every error this module throws (or a Promise form rejects with) is: a JS `Error`
/// with the core's `code` and `kind`. Narrow a caught value to it with `isOrderlinkError`.
#[napi_derive::napi(object)]
#[allow(dead_code)] // a type for TypeScript only: the errors themselves are made by `to_js`
pub struct OrderlinkError {
    /// Always `'Error'`.
    pub name: String,
    /// What a person can act on; never branch on it.
    pub message: String,
    /// Where it was thrown, as for any `Error`.
    pub stack: Option<String>,
    /// The stable code, such as `'NAME_REQUIRED'`.
    pub code: ErrorCode,
    /// The code's family, such as `'validation'`.
    pub kind: ErrorKind,
}

/// Whether `e` is an error thrown by orderlink: an `Error` whose `code` is one of the core's
/// codes and whose `kind` one of its families. A type guard for TypeScript:
/// `catch (e) { if (isOrderlinkError(e) && e.code === 'NAME_REQUIRED') … }`.
#[napi_derive::napi(ts_args_type = "e: unknown", ts_return_type = "e is OrderlinkError")]
pub fn is_orderlink_error(e: napi::bindgen_prelude::Unknown<'_>) -> bool {
    const KINDS: [&str; 7] = ["validation", "not_found", "conflict", "contacts_sync", "access", "store", "internal"];
    let read = || -> napi::Result<bool> {
        if !e.is_error()? {
            return Ok(false);
        }
        let object = e.coerce_to_object()?;
        let (code, kind) = (object.get::<String>("code").ok().flatten(), object.get::<String>("kind").ok().flatten());
        Ok(code.is_some_and(|c| codes::ERROR_CODES.contains(&c.as_str()))
            && kind.is_some_and(|k| KINDS.contains(&k.as_str())))
    };
    read().unwrap_or(false)
}
