//! Stores a workspace keeps its data in. Each class holds the core's `Arc<dyn Store>`; a new
//! kind of store (PostgreSQL) is one more class and one more line in `store_in`.

use crate::convert::{prop, text};
use crate::error::{invalid, napi, run, Result};
use napi::bindgen_prelude::{ClassInstance, Env, FromNapiValue, JsObjectValue, Object, Unknown};
use napi_derive::napi;
use orderlink as core;
use std::sync::Arc;

/// A store in this process's memory, gone with the last workspace over it: the store
/// `new Workspace(name)` uses when given none. Share one between workspaces with
/// `Workspace.open(store)`.
#[napi]
pub struct MemoryStore {
    inner: Arc<dyn core::PlatformStore>,
}

#[napi]
impl MemoryStore {
    /// An empty store.
    #[napi(constructor)]
    pub fn new() -> Self {
        MemoryStore { inner: Arc::new(core::MemoryStore::new()) }
    }

    /// `'memory'`: which kind of store this is (it also keeps TypeScript from taking any
    /// object where a store goes).
    #[napi(getter, ts_return_type = "'memory'")]
    pub fn kind(&self) -> &'static str {
        "memory"
    }
}

impl Default for MemoryStore {
    fn default() -> Self {
        Self::new()
    }
}

/// A workspace kept in a SQLite file at `path`, created empty if it does not exist. Create a
/// workspace in a new file with `new Workspace(name, { store })`; open the one a file holds
/// with `Workspace.open(store)`. `STORE_FAILURE` when the file cannot be opened, is not an
/// orderlink file, or was written by a newer orderlink.
///
/// ```js
/// const ws = new Workspace('Harbour Foods', { store: new SqliteStore('shop.db') })
/// // later, or in another process:
/// const again = Workspace.open(new SqliteStore('shop.db'))
/// ```
#[napi]
pub struct SqliteStore {
    inner: Arc<dyn core::PlatformStore>,
    path: String,
}

#[napi]
impl SqliteStore {
    /// Opens (or creates) the file.
    #[napi(constructor, ts_args_type = "path: string")]
    pub fn new(env: Env, path: Unknown<'_>) -> napi::Result<Self> {
        run(&env, || {
            let path = text("path", &path)?;
            let store = orderlink_sqlite::SqliteStore::open(&path)?;
            Ok(SqliteStore { inner: Arc::new(store), path })
        })
    }

    /// The file's path, as given.
    #[napi(getter)]
    pub fn path(&self) -> String {
        self.path.clone()
    }

    /// `'sqlite'`: which kind of store this is.
    #[napi(getter, ts_return_type = "'sqlite'")]
    pub fn kind(&self) -> &'static str {
        "sqlite"
    }
}

/// Workspaces kept in PostgreSQL, for backends that run several instances against one
/// database. `url` is a `postgresql://` URL or a libpq `key=value` string; `options.schema` (a
/// plain lower-case name, created if missing) holds any number of workspaces in shared tables,
/// served by one pool (else the connection's current schema is used). Migrations run on
/// connect; `STORE_FAILURE` when the server cannot be reached. Create the workspace once with
/// `new Workspace(name, { store })`; every instance then opens it with `Workspace.open(store)`.
#[napi]
pub struct PostgresStore {
    inner: Arc<dyn core::PlatformStore>,
    schema: Option<String>,
}

#[napi]
impl PostgresStore {
    /// Connects (this call blocks while it does).
    #[napi(constructor, ts_args_type = "url: string, options?: { schema?: string, maxConnections?: number }")]
    pub fn new(env: Env, url: Unknown<'_>, options: Option<Unknown<'_>>) -> napi::Result<Self> {
        run(&env, || {
            let url = text("url", &url)?;
            let mut o = orderlink_postgres::PostgresOptions::default();
            if let Some(obj) = crate::convert::opt_object("options", options.as_ref())? {
                if let Some(v) = prop("schema", &obj)? {
                    o.schema = Some(text("options.schema", &v)?);
                }
                if let Some(v) = prop("maxConnections", &obj)? {
                    let n: u32 = u32::from_unknown(v).map_err(napi("options.maxConnections"))?;
                    o.max_connections = n as usize;
                }
            }
            let store = orderlink_postgres::PostgresStore::connect_with(&url, &o)?;
            Ok(PostgresStore { inner: Arc::new(store), schema: o.schema })
        })
    }

    /// The schema given, or null for the connection's own.
    #[napi(getter)]
    pub fn schema(&self) -> Option<String> {
        self.schema.clone()
    }

    /// `'postgres'`: which kind of store this is.
    #[napi(getter, ts_return_type = "'postgres'")]
    pub fn kind(&self) -> &'static str {
        "postgres"
    }
}

impl PostgresStore {
    /// A store connected elsewhere (`PostgresStore.connectAsync`, on a worker thread).
    pub(crate) fn from_parts(inner: Arc<dyn core::PlatformStore>, schema: Option<String>) -> Self {
        PostgresStore { inner, schema }
    }
}

/// The store in `holder.store`, whichever kind it is; `None` when absent.
pub(crate) fn store_in(holder: &Object<'_>) -> Result<Option<Arc<dyn core::PlatformStore>>> {
    if prop("store", holder)?.is_none() {
        return Ok(None);
    }
    if let Ok(Some(s)) = holder.get::<ClassInstance<SqliteStore>>("store") {
        return Ok(Some(s.inner.clone()));
    }
    if let Ok(Some(s)) = holder.get::<ClassInstance<MemoryStore>>("store") {
        return Ok(Some(s.inner.clone()));
    }
    if let Ok(Some(s)) = holder.get::<ClassInstance<PostgresStore>>("store") {
        return Ok(Some(s.inner.clone()));
    }
    Err(invalid("store", "must be a SqliteStore, a PostgresStore or a MemoryStore"))
}

/// A store given on its own (`Workspace.open(store)`).
pub(crate) fn store_arg(env: &Env, store: Unknown<'_>) -> Result<Arc<dyn core::PlatformStore>> {
    let mut holder = Object::new(env).map_err(napi("store"))?;
    holder.set_named_property("store", store).map_err(napi("store"))?;
    store_in(&holder)?.ok_or_else(|| invalid("store", "a store is required"))
}
