//! Stores a workspace keeps its data in: `Store` holds the core's `Arc<dyn Store>`, and each
//! kind of store is a subclass whose constructor opens one. A new kind (a PostgreSQL store) is
//! one more subclass with its constructor; `Workspace(store=...)` and `Workspace.open` take any.

use crate::error::{call, invalid};
use orderlink as core;
use pyo3::prelude::*;
use pyo3::types::PyString;
use std::path::PathBuf;
use std::sync::Arc;

/// Where a workspace keeps its data: :class:`MemoryStore`, :class:`SqliteStore` or :class:`PostgresStore`. Give one to
/// ``Workspace(name, store=...)`` to create a workspace in it, or to :meth:`Workspace.open` to
/// open the workspace it holds. Not made directly.
#[pyclass(subclass, frozen, name = "Store", module = "orderlink")]
pub struct PyStore {
    pub(crate) inner: Arc<dyn core::PlatformStore>,
}

impl PyStore {
    /// The store a `store=` argument names, or `INVALID_ARGUMENT`.
    pub fn of(store: &Bound<'_, PyAny>) -> PyResult<Arc<dyn core::PlatformStore>> {
        let store = store
            .cast::<PyStore>()
            .map_err(|_| invalid("store", "expected an orderlink store (MemoryStore, SqliteStore or PostgresStore)"))?;
        Ok(store.get().inner.clone())
    }
}

/// A store in this process's memory: gone when the last workspace over it is. The store
/// ``Workspace(name)`` uses when given none.
///
/// >>> store = orderlink.MemoryStore()
/// >>> ws = orderlink.Workspace("Harbour Foods", store=store)
/// >>> orderlink.Workspace.open(store).settings.name
/// 'Harbour Foods'
#[pyclass(extends = PyStore, frozen, name = "MemoryStore", module = "orderlink")]
pub struct PyMemoryStore;

#[pymethods]
impl PyMemoryStore {
    #[new]
    fn new() -> PyClassInitializer<Self> {
        PyClassInitializer::from(PyStore { inner: Arc::new(core::MemoryStore::new()) }).add_subclass(PyMemoryStore)
    }

    fn __repr__(&self) -> &'static str {
        "MemoryStore()"
    }
}

/// A workspace kept in a SQLite file at ``path`` (str or ``os.PathLike``), created empty if
/// it does not exist. Create a workspace in a new file with ``Workspace(name, store=...)``;
/// open the one a file holds with :meth:`Workspace.open`. The file is closed when the store
/// and every workspace over it are gone. StoreError ``STORE_FAILURE`` when the file cannot be
/// opened, is not an orderlink file, or was written by a newer orderlink.
///
/// >>> import os, tempfile
/// >>> folder = tempfile.TemporaryDirectory()
/// >>> path = os.path.join(folder.name, "shop.db")
/// >>> ws = orderlink.Workspace("Harbour Foods", store=orderlink.SqliteStore(path))
/// >>> deli = ws.create_customer("Corner Deli")
/// >>> del ws
/// >>> orderlink.Workspace.open(orderlink.SqliteStore(path)).get_customer(deli.id).name
/// 'Corner Deli'
/// >>> folder.cleanup()
#[pyclass(extends = PyStore, frozen, name = "SqliteStore", module = "orderlink")]
pub struct PySqliteStore {
    path: PathBuf,
}

#[pymethods]
impl PySqliteStore {
    #[new]
    fn new(path: &Bound<'_, PyAny>) -> PyResult<PyClassInitializer<Self>> {
        let path: PathBuf = path.extract().map_err(|_| invalid("path", "expected a path (str or os.PathLike)"))?;
        let store = call(|| orderlink_sqlite::SqliteStore::open(&path))?;
        Ok(PyClassInitializer::from(PyStore { inner: Arc::new(store) }).add_subclass(PySqliteStore { path }))
    }

    /// The file's path, as given.
    #[getter]
    fn path(&self) -> PathBuf {
        self.path.clone()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("SqliteStore({})", PyString::new(py, &self.path.to_string_lossy()).repr()?))
    }
}

/// Workspaces kept in PostgreSQL, for backends that run several instances against one
/// database: ``url`` is a ``postgresql://`` URL or a libpq ``key=value`` string; ``schema`` (a
/// plain lower-case name, created if missing) holds any number of workspaces in shared tables
/// (W1), else the connection's current schema is used; one pool serves them all. Migrations run on connect; ``STORE_FAILURE`` when the
/// server cannot be reached. Create a workspace with ``Workspace(name, store=...)`` once, then
/// every instance opens it with ``Workspace.open(PostgresStore(url))``.
#[pyclass(extends = PyStore, frozen, name = "PostgresStore", module = "orderlink")]
pub struct PyPostgresStore {
    schema: Option<String>,
}

#[pymethods]
impl PyPostgresStore {
    #[new]
    #[pyo3(signature = (url, *, schema=None, max_connections=None))]
    fn new(url: &str, schema: Option<String>, max_connections: Option<usize>) -> PyResult<PyClassInitializer<Self>> {
        let mut options = orderlink_postgres::PostgresOptions { schema: schema.clone(), ..Default::default() };
        if let Some(n) = max_connections {
            options.max_connections = n;
        }
        let store = call(|| orderlink_postgres::PostgresStore::connect_with(url, &options))?;
        Ok(PyClassInitializer::from(PyStore { inner: Arc::new(store) })
            .add_subclass(PyPostgresStore { schema }))
    }

    /// The schema given, or None for the connection's own.
    #[getter]
    fn schema(&self) -> Option<String> {
        self.schema.clone()
    }

    fn __repr__(&self) -> String {
        match &self.schema {
            Some(s) => format!("PostgresStore(schema={s:?})"),
            None => "PostgresStore()".to_owned(),
        }
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyStore>()?;
    m.add_class::<PyMemoryStore>()?;
    m.add_class::<PySqliteStore>()?;
    m.add_class::<PyPostgresStore>()?;
    Ok(())
}
