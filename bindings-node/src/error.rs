//! The one place a core error becomes a JS `Error`: its `.code` is the core's stable code.

use napi::Error;

/// What every exported function returns: a JS `Error` whose `code` is the core's code.
pub type JsResult<T> = napi::Result<T, String>;

/// A core error as a JS error carrying `.code` (the message is the core's).
pub fn js(e: orderlink::Error) -> Error<String> {
    Error::new(e.code().to_owned(), e.to_string())
}

/// An argument the binding could not read, as the core's INVALID_ARGUMENT.
pub fn invalid(what: &'static str, message: impl std::fmt::Display) -> Error<String> {
    js(orderlink::Error::InvalidArgument { what, message: message.to_string() })
}

/// A napi failure while reading arguments, as INVALID_ARGUMENT.
pub fn napi(e: napi::Error) -> Error<String> {
    invalid("argument", e.reason)
}

/// `.js()?` on core results.
pub trait IntoJs<T> {
    fn js(self) -> JsResult<T>;
}

impl<T> IntoJs<T> for Result<T, orderlink::Error> {
    fn js(self) -> JsResult<T> {
        self.map_err(js)
    }
}
