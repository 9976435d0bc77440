//! Stores a workspace keeps its data in: `Store` holds the core's `Arc<dyn Store>`, and each
//! kind of store is a subclass whose constructor opens one. A new kind (a PostgreSQL store) is
//! one more subclass with its constructor; `Workspace(store=...)` and `Workspace.open` take any.

use crate::convert::{id, opt_text, text};
use crate::error::{call, invalid};
use crate::types::{LinkDecision, LinkTarget, WorkspaceSettings};
use crate::workspace::{env, new_workspace_settings, PyWorkspace};
use orderlink as core;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
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

/// W2: what a link found anywhere in a store is: the workspace that holds it (``None`` for an
/// unknown link) and which link it is there (a :class:`LinkTarget`).
#[pyclass(frozen, eq, name = "PlatformLink", module = "orderlink")]
#[derive(PartialEq)]
pub struct PyPlatformLink {
    inner: core::PlatformLink,
}

#[pymethods]
impl PyPlatformLink {
    /// The id of the workspace holding the link (``uuid.UUID``), None when unknown.
    #[getter]
    fn workspace_id(&self) -> Option<uuid::Uuid> {
        self.inner.workspace_id.map(|id| id.0)
    }

    /// Which link it is in that workspace: a customer's, the workspace's, or unknown.
    #[getter]
    fn target(&self) -> LinkTarget {
        LinkTarget { inner: self.inner.target.clone() }
    }

    fn __repr__(&self) -> String {
        let ws = self.inner.workspace_id.map_or("None".to_owned(), |id| format!("UUID('{}')", id.0));
        format!("PlatformLink(workspace_id={ws}, target={:?})", self.inner.target)
    }
}

/// The store's workspaces and its link resolution (W1, W2): methods of every store.
#[pymethods]
impl PyStore {
    /// W1: adds a workspace to this store, whatever it holds already, and returns it. ``name``
    /// and the setting keywords are :class:`Workspace`'s (``base_url``, ``currency``,
    /// ``contacts_sync``, ``strict_security``, ``trial_expired``, ``unique_names``,
    /// ``defaults``, ``import_limits``, ``verification``), as are ``seed`` and ``clock``. Its
    /// link code is one no workspace of the store has held (W2).
    ///
    /// >>> store = orderlink.MemoryStore()
    /// >>> harbour = store.create_workspace("Harbour Foods")
    /// >>> coast = store.create_workspace("Coast Dairy", currency="NZD")
    /// >>> [s.name for s in store.workspaces()]
    /// ['Harbour Foods', 'Coast Dairy']
    /// >>> store.workspace(coast.id).settings.currency
    /// 'NZD'
    #[pyo3(signature = (name, *, seed=None, clock=None, **settings))]
    fn create_workspace(
        &self,
        name: &Bound<'_, PyAny>,
        seed: Option<&Bound<'_, PyAny>>,
        clock: Option<&Bound<'_, PyAny>>,
        settings: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyWorkspace> {
        let settings = new_workspace_settings(name, settings)?;
        let platform = core::Platform::new(self.inner.clone(), env(seed, clock)?);
        PyWorkspace::wrap(call(|| platform.create_workspace(settings))?)
    }

    /// W1: the workspace with this id (``uuid.UUID`` or str); ``seed`` and ``clock`` as for
    /// :class:`Workspace`. NotFoundError ``WORKSPACE_NOT_FOUND`` when the store holds none.
    #[pyo3(signature = (workspace_id, *, seed=None, clock=None))]
    fn workspace(
        &self,
        workspace_id: &Bound<'_, PyAny>,
        seed: Option<&Bound<'_, PyAny>>,
        clock: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyWorkspace> {
        let id: core::WorkspaceId = id(workspace_id, "workspace_id")?;
        let platform = core::Platform::new(self.inner.clone(), env(seed, clock)?);
        PyWorkspace::wrap(call(|| platform.workspace(id))?)
    }

    /// W1: every workspace's settings, oldest first.
    fn workspaces(&self) -> PyResult<Vec<WorkspaceSettings>> {
        let all = call(|| self.inner.workspaces())?;
        Ok(all.into_iter().map(|inner| WorkspaceSettings { inner }).collect())
    }

    /// W2: which workspace and which link a code or URL is, without naming the workspace (one
    /// host serving every supplier's ``/order/{code}``). A code no workspace holds (never
    /// issued, rotated away) has ``workspace_id`` None and target kind ``unknown``; malformed
    /// input raises ValidationError ``LINK_MALFORMED``.
    ///
    /// >>> store = orderlink.MemoryStore()
    /// >>> ws = store.create_workspace("Harbour Foods")
    /// >>> deli = ws.create_customer("Corner Deli")
    /// >>> found = store.resolve_link(ws.link_url(deli.id))
    /// >>> (found.workspace_id == ws.id, found.target.customer_id == deli.id)
    /// (True, True)
    fn resolve_link(&self, code_or_url: &Bound<'_, PyAny>) -> PyResult<PyPlatformLink> {
        let code_or_url = text(code_or_url, "code_or_url")?;
        let platform = core::Platform::new(self.inner.clone(), core::Env::system());
        Ok(PyPlatformLink { inner: call(|| platform.resolve_link(&code_or_url))? })
    }

    /// W2, A1–A4: opens any link of the store: ``(workspace, decision)``, the workspace that
    /// holds it (None for an unknown link) and what opening it allows, as
    /// :meth:`Workspace.open_link` decides. ``clock`` as for :class:`Workspace` (sessions
    /// expire by it).
    #[pyo3(signature = (code_or_url, session_token=None, *, clock=None))]
    fn open_link(
        &self,
        code_or_url: &Bound<'_, PyAny>,
        session_token: Option<&Bound<'_, PyAny>>,
        clock: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<(Option<PyWorkspace>, LinkDecision)> {
        let token = opt_text(session_token, "session_token")?;
        let code_or_url = text(code_or_url, "code_or_url")?;
        let platform = core::Platform::new(self.inner.clone(), env(None, clock)?);
        let (ws, decision) = call(|| platform.open_link(&code_or_url, token.as_deref()))?;
        Ok((ws.map(PyWorkspace::wrap).transpose()?, LinkDecision { inner: decision }))
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
        Ok(PyClassInitializer::from(PyStore { inner: Arc::new(store) }).add_subclass(PyPostgresStore { schema }))
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
    m.add_class::<PyPlatformLink>()?;
    m.add_class::<PyMemoryStore>()?;
    m.add_class::<PySqliteStore>()?;
    m.add_class::<PyPostgresStore>()?;
    Ok(())
}
