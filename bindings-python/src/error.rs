//! The one place a core error becomes a Python exception.
//!
//! The class is chosen by the error's family, `e.kind()`, and every instance carries `.code`
//! (`e.code()`, stable), `.kind` (`e.kind().as_str()`) and `.message` (`e.to_string()`). The
//! classes are made here, once per interpreter, because two of them have two bases
//! (`ValidationError` is also a `ValueError`, `NotFoundError` a `LookupError`), which a pyo3
//! exception macro cannot express.

use orderlink::{Error, ErrorKind};
use pyo3::exceptions::{PyException, PyLookupError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};

struct Classes {
    base: Py<PyType>,
    validation: Py<PyType>,
    not_found: Py<PyType>,
    conflict: Py<PyType>,
    contacts_sync: Py<PyType>,
    access: Py<PyType>,
    store: Py<PyType>,
    internal: Py<PyType>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

const BASE_DOC: &str = "Base of every orderlink error.

Every instance carries ``code`` (stable, SCREAMING_SNAKE_CASE, the same string Rust and Node
see), ``kind`` (its family: validation, not_found, conflict, contacts_sync, access, store) and
``message`` (what a person can act on).

>>> import orderlink
>>> try:
...     orderlink.Workspace(\"Acme\").create_customer(\"   \")
... except orderlink.OrderlinkError as e:
...     print(e.code, e.kind)
NAME_REQUIRED validation";

/// `type(name, bases, {...})`: a class as Python would make it, shown as `orderlink.<name>`.
fn new_class(py: Python<'_>, name: &str, doc: &str, bases: Vec<Bound<'_, PyType>>) -> PyResult<Py<PyType>> {
    let namespace = PyDict::new(py);
    namespace.set_item("__module__", "orderlink")?;
    namespace.set_item("__doc__", doc)?;
    let class = py.get_type::<PyType>().call1((name, PyTuple::new(py, bases)?, namespace))?;
    Ok(class.cast_into::<PyType>()?.unbind())
}

fn classes(py: Python<'_>) -> PyResult<&'static Classes> {
    CLASSES.get_or_try_init(py, || {
        let base = new_class(py, "OrderlinkError", BASE_DOC, vec![py.get_type::<PyException>()])?;
        let sub = |name: &str, doc: &str, also: Option<Bound<'_, PyType>>| {
            let mut bases = vec![base.bind(py).clone()];
            bases.extend(also);
            new_class(py, name, doc, bases)
        };
        Ok(Classes {
            validation: sub(
                "ValidationError",
                "The input itself is wrong: a blank name, a malformed email or link code, an unknown \
                 keyword or a value of the wrong type (code ``INVALID_ARGUMENT``). Also a ``ValueError``.",
                Some(py.get_type::<PyValueError>()),
            )?,
            not_found: sub(
                "NotFoundError",
                "The thing asked for does not exist (``CUSTOMER_NOT_FOUND``, ``CHALLENGE_NOT_FOUND`` …). \
                 Also a ``LookupError``.",
                Some(py.get_type::<PyLookupError>()),
            )?,
            conflict: sub(
                "ConflictError",
                "The input is fine but clashes with what is stored: a taken code (``CODE_TAKEN``) or \
                 name (``NAME_TAKEN``), a customer with orders (``CUSTOMER_HAS_ORDERS``), a stale write.",
                None,
            )?,
            contacts_sync: sub(
                "ContactsSyncError",
                "Contacts sync owns this data (S1 ``FIELD_LOCKED``, S2 ``SOURCE_OF_TRUTH_EXTERNAL``, \
                 S3 ``SYNC_NOT_ACTIVE``).",
                None,
            )?,
            access: sub(
                "AccessError",
                "An order link may not be used this way (A2, A3: ``VERIFICATION_FAILED``, \
                 ``CHALLENGE_EXPIRED``, ``RATE_LIMITED``, ``NO_EMAIL_ON_FILE`` …).",
                None,
            )?,
            store: sub(
                "StoreError",
                "The store failed for reasons of its own (``STORE_FAILURE``); never caused by bad input.",
                None,
            )?,
            internal: sub(
                "InternalError",
                "R1: a defect inside orderlink (``INTERNAL``), caught before it could stop the \
                 interpreter; please report it. Never caused by bad input.",
                None,
            )?,
            base,
        })
    })
}

/// The class for a family. Exhaustive: a new kind in the core does not compile until it has one.
fn class_for(classes: &Classes, kind: ErrorKind) -> &Py<PyType> {
    match kind {
        ErrorKind::Validation => &classes.validation,
        ErrorKind::NotFound => &classes.not_found,
        ErrorKind::Conflict => &classes.conflict,
        ErrorKind::ContactsSync => &classes.contacts_sync,
        ErrorKind::Access => &classes.access,
        ErrorKind::Store => &classes.store,
        ErrorKind::Internal => &classes.internal,
    }
}

fn build(py: Python<'_>, e: &Error) -> PyResult<PyErr> {
    let class = class_for(classes(py)?, e.kind());
    let message = e.to_string();
    let instance = class.bind(py).call1((message.as_str(),))?;
    instance.setattr("code", e.code())?;
    instance.setattr("kind", e.kind().as_str())?;
    instance.setattr("message", message)?;
    Ok(PyErr::from_value(instance))
}

/// A core error as its Python exception. If even making the exception fails (out of memory),
/// that failure is raised as it is rather than a string standing in for the error.
pub fn to_py(e: Error) -> PyErr {
    Python::attach(|py| build(py, &e).unwrap_or_else(|failure| failure))
}

/// Input the binding itself cannot read (a wrong type, an unknown keyword) as the core's
/// `INVALID_ARGUMENT`, so it reaches Python like every other validation error.
pub fn invalid(what: &'static str, message: impl std::fmt::Display) -> PyErr {
    to_py(Error::InvalidArgument { what, message: message.to_string() })
}

/// R1, and the GIL (issue 14): the one way a binding method runs core work. The GIL is released
/// while `work` runs, so other Python threads go on while it waits on a store or reads a file;
/// a panic inside it (a defect: bad input never panics) is caught and raised as
/// `InternalError` (`INTERNAL`, an `Exception`), never pyo3's `PanicException`, which is a
/// `BaseException` that `except Exception` lets through. The arguments are read before (they
/// need the GIL) and the answer is wrapped after.
///
/// `ws.get_customer(id).py()?` becomes `call(|| ws.get_customer(id))?`.
pub fn call<T: Send>(work: impl FnOnce() -> Result<T, Error> + Send) -> PyResult<T> {
    Python::attach(|py| py.detach(|| guarded(work))).py()
}

/// Runs `work`, turning a panic into `Error::Internal` with the panic's message.
pub fn guarded<T>(work: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned());
        Err(Error::Internal { message })
    })
}

/// R1 for the binding's own argument reading (`convert.rs`), which runs before the guarded core
/// call: a panic while reading an argument (a defect, or a Python callback the reading calls,
/// such as a `datetime` subclass's `utcoffset`, raising another extension's `PanicException`,
/// which pyo3 turns back into a panic) is raised as `InternalError` naming `what`, never as
/// `PanicException`. Only the pyo3 glue that hands the arguments over is outside it, and it
/// does not panic on input (a wrong type there is pyo3's `TypeError`).
pub fn shielded<T>(what: &str, read: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match guarded(|| Ok(read())) {
        Ok(result) => result,
        Err(Error::Internal { message }) => {
            Err(to_py(Error::Internal { message: format!("reading {what}: {message}") }))
        }
        Err(other) => Err(to_py(other)),
    }
}

/// `?` on core results: `ws.get_customer(id).py()?`.
pub trait Raise<T> {
    fn py(self) -> PyResult<T>;
}

impl<T> Raise<T> for Result<T, Error> {
    fn py(self) -> PyResult<T> {
        self.map_err(to_py)
    }
}

/// Adds the exception classes to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let c = classes(py)?;
    for (name, class) in [
        ("OrderlinkError", &c.base),
        ("ValidationError", &c.validation),
        ("NotFoundError", &c.not_found),
        ("ConflictError", &c.conflict),
        ("ContactsSyncError", &c.contacts_sync),
        ("AccessError", &c.access),
        ("StoreError", &c.store),
        ("InternalError", &c.internal),
    ] {
        m.add(name, class.clone_ref(py))?;
    }
    Ok(())
}
