//! The one place a core error becomes a Python exception: the class is chosen by the error's
//! kind in `orderlink/errors.py`, and the instance carries `.code`, `.kind` and `.message`.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

/// A core error as the matching Python exception.
pub fn to_py(e: orderlink::Error) -> PyErr {
    Python::attach(|py| {
        let build = || -> PyResult<PyErr> {
            let make = py.import("orderlink.errors")?.getattr("_raise_from_native")?;
            let instance = make.call1((e.to_string(), e.code(), e.kind().as_str()))?;
            Ok(PyErr::from_value(instance))
        };
        build().unwrap_or_else(|import_failed| {
            PyRuntimeError::new_err(format!("{} ({}); and orderlink.errors failed: {import_failed}", e, e.code()))
        })
    })
}

/// An argument the binding itself could not read (wrong type, unknown keyword), as the core's
/// INVALID_ARGUMENT so it reaches Python like every other validation error.
pub fn invalid(what: &'static str, message: impl std::fmt::Display) -> PyErr {
    to_py(orderlink::Error::InvalidArgument { what, message: message.to_string() })
}

/// `?` on core results.
pub trait IntoPy<T> {
    fn py(self) -> PyResult<T>;
}

impl<T> IntoPy<T> for Result<T, orderlink::Error> {
    fn py(self) -> PyResult<T> {
        self.map_err(to_py)
    }
}
