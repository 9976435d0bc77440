//! Stores a workspace keeps its data in. Each class holds the core's `Arc<dyn Store>`; a new
//! kind of store (PostgreSQL) is one more class and one more line in `store_in`.

use crate::convert::{opt_object, opt_text, parse_id, prop, text};
use crate::error::{guarded, invalid, napi, run, Result};
use crate::types::{LinkDecision, LinkTarget, WorkspaceSettings};
use crate::work::{workspace, Work};
use crate::workspace::{creation, env_options, Workspace};
use napi::bindgen_prelude::{ClassInstance, Env, FromNapiValue, JsObjectValue, Object, ToNapiValue, TypeName, Unknown};
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

/// W2: what a link found anywhere in a store is.
#[napi(object, use_nullable = true)]
pub struct PlatformLink {
    /// The id of the workspace holding the link; `null` for an unknown link.
    pub workspace_id: Option<String>,
    /// Which link it is in that workspace: a customer's, the workspace's, or unknown.
    pub target: LinkTarget,
}

impl From<core::PlatformLink> for PlatformLink {
    fn from(p: core::PlatformLink) -> Self {
        PlatformLink { workspace_id: p.workspace_id.map(|id| id.to_string()), target: p.target.into() }
    }
}

/// W2: what opening a link found anywhere in a store gives: the workspace that holds it
/// (`null` for an unknown link) and what opening it allows.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct OpenedLink {
    /// The workspace holding the link; `null` for an unknown link.
    pub workspace: Option<Workspace>,
    /// What opening the link allows, as `Workspace.openLink` decides.
    pub decision: LinkDecision,
}

/// The core's answer to an open, before its workspace becomes a JS object.
type Opened = (Option<core::Workspace>, core::LinkDecision);

fn opened((ws, decision): Opened) -> OpenedLink {
    OpenedLink { workspace: ws.map(workspace), decision: decision.into() }
}

/// What `store.createWorkspace(name, options)` reads: the settings, time and randomness.
fn create_args(
    store: &Arc<dyn core::PlatformStore>,
    name: &Unknown<'_>,
    options: Option<&Unknown<'_>>,
) -> Result<(core::Platform, core::NewWorkspace)> {
    if let Some(o) = opt_object("workspace options", options)? {
        if prop("store", &o)?.is_some() {
            return Err(invalid("store", "is the store createWorkspace is called on; give no other"));
        }
    }
    let (_, env, new) = creation(name, options)?;
    Ok((core::Platform::new(store.clone(), env), new))
}

/// What `store.workspace(id, options)` reads.
fn workspace_args(
    store: &Arc<dyn core::PlatformStore>,
    id: &Unknown<'_>,
    options: Option<&Unknown<'_>>,
) -> Result<(core::Platform, core::WorkspaceId)> {
    let id: core::WorkspaceId = parse_id("workspaceId", id)?;
    Ok((core::Platform::new(store.clone(), env_options("workspace options", options, &["seed", "clock"])?), id))
}

/// What `store.openLink(codeOrUrl, sessionToken, options)` reads.
fn open_args(
    store: &Arc<dyn core::PlatformStore>,
    code_or_url: &Unknown<'_>,
    session_token: Option<&Unknown<'_>>,
    options: Option<&Unknown<'_>>,
) -> Result<(core::Platform, String, Option<String>)> {
    let link = text("codeOrUrl", code_or_url)?;
    let token = opt_text("sessionToken", session_token)?;
    Ok((core::Platform::new(store.clone(), env_options("open options", options, &["clock"])?), link, token))
}

fn platform(store: &Arc<dyn core::PlatformStore>) -> core::Platform {
    core::Platform::new(store.clone(), core::Env::system())
}

/// A task that rejects with an argument that could not be read, or runs `job` on a worker.
fn task<A, T: Send + 'static, J>(
    read: Result<A>,
    job: impl FnOnce(A) -> Result<T> + Send + 'static,
    finish: fn(T) -> J,
) -> Work<T, J>
where
    A: Send + 'static,
    J: ToNapiValue + TypeName,
{
    match read {
        Ok(args) => Work::then(move || job(args), finish),
        Err(e) => Work::failed(e, finish),
    }
}

fn settings_list(all: Vec<core::WorkspaceSettings>) -> Vec<WorkspaceSettings> {
    all.into_iter().map(Into::into).collect()
}

/// W1, W2: the same methods on every kind of store (each is a class of its own in JS).
macro_rules! platform_methods {
    ($store:ident) => {
        #[napi]
        impl $store {
            /// W1: adds a workspace to this store, whatever it holds already, and returns it.
            /// `name` and `options` are `new Workspace`'s (less `store`); its link code is one no
            /// workspace of the store has held (W2).
            #[napi(
                ts_args_type = "name: string, options?: { baseUrl?: string; currency?: string; contactsSync?: { enabled?: boolean; connected?: boolean; phoneMapped?: boolean }; strictSecurity?: boolean; trialExpired?: boolean; uniqueNames?: boolean; verification?: { challengeTtlSecs?: number; maxChallenges?: number; windowSecs?: number; sessionTtlSecs?: number; optionsShown?: number; rounds?: number; lockoutAfterFailures?: number; lockoutSecs?: number }; defaults?: { orderTemplate?: OrderTemplate | null; checkoutMode?: CheckoutMode | null; freight?: { kind: FreightKind; amount?: string | number; threshold?: string | number } | null; cardPaymentsReady?: boolean }; importLimits?: { maxRows?: number; maxBytes?: number }; seed?: number; clock?: ManualClock }"
            )]
            pub fn create_workspace(&self, env: Env, name: Unknown<'_>, options: Option<Unknown<'_>>) -> napi::Result<Workspace> {
                run(&env, || {
                    let (platform, new) = create_args(&self.inner, &name, options.as_ref())?;
                    Ok(workspace(platform.create_workspace(new)?))
                })
            }

            /// `createWorkspace` as a Promise: the workspace is written on a worker thread.
            #[napi(
                ts_args_type = "name: string, options?: { baseUrl?: string; currency?: string; contactsSync?: { enabled?: boolean; connected?: boolean; phoneMapped?: boolean }; strictSecurity?: boolean; trialExpired?: boolean; uniqueNames?: boolean; verification?: { challengeTtlSecs?: number; maxChallenges?: number; windowSecs?: number; sessionTtlSecs?: number; optionsShown?: number; rounds?: number; lockoutAfterFailures?: number; lockoutSecs?: number }; defaults?: { orderTemplate?: OrderTemplate | null; checkoutMode?: CheckoutMode | null; freight?: { kind: FreightKind; amount?: string | number; threshold?: string | number } | null; cardPaymentsReady?: boolean }; importLimits?: { maxRows?: number; maxBytes?: number }; seed?: number; clock?: ManualClock }",
                ts_return_type = "Promise<Workspace>"
            )]
            pub fn create_workspace_async(&self, name: Unknown<'_>, options: Option<Unknown<'_>>) -> Work<core::Workspace, Workspace> {
                let read = guarded(|| create_args(&self.inner, &name, options.as_ref()));
                task(read, |(platform, new)| platform.create_workspace(new), workspace)
            }

            /// W1: the workspace with this id; `options` takes `seed` and `clock` as
            /// `new Workspace` does. `WORKSPACE_NOT_FOUND` when the store holds none.
            #[napi(ts_args_type = "workspaceId: string, options?: { seed?: number; clock?: ManualClock }")]
            pub fn workspace(&self, env: Env, workspace_id: Unknown<'_>, options: Option<Unknown<'_>>) -> napi::Result<Workspace> {
                run(&env, || {
                    let (platform, id) = workspace_args(&self.inner, &workspace_id, options.as_ref())?;
                    Ok(workspace(platform.workspace(id)?))
                })
            }

            /// `workspace` as a Promise.
            #[napi(ts_args_type = "workspaceId: string, options?: { seed?: number; clock?: ManualClock }", ts_return_type = "Promise<Workspace>")]
            pub fn workspace_async(&self, workspace_id: Unknown<'_>, options: Option<Unknown<'_>>) -> Work<core::Workspace, Workspace> {
                let read = guarded(|| workspace_args(&self.inner, &workspace_id, options.as_ref()));
                task(read, |(platform, id)| platform.workspace(id), workspace)
            }

            /// W1: every workspace's settings, oldest first.
            #[napi]
            pub fn workspaces(&self, env: Env) -> napi::Result<Vec<WorkspaceSettings>> {
                run(&env, || Ok(settings_list(self.inner.workspaces()?)))
            }

            /// `workspaces` as a Promise.
            #[napi(ts_return_type = "Promise<Array<WorkspaceSettings>>")]
            pub fn workspaces_async(&self) -> Work<Vec<core::WorkspaceSettings>, Vec<WorkspaceSettings>> {
                let store = self.inner.clone();
                task(Ok(()), move |()| store.workspaces(), settings_list)
            }

            /// W2: which workspace and which link a code or URL is, without naming the
            /// workspace (one host serving every supplier's `/order/{code}`): `workspaceId` null
            /// and target kind `'unknown'` for a code no workspace holds now. `LINK_MALFORMED`
            /// for text that is no link.
            #[napi(ts_args_type = "codeOrUrl: string")]
            pub fn resolve_link(&self, env: Env, code_or_url: Unknown<'_>) -> napi::Result<PlatformLink> {
                run(&env, || Ok(platform(&self.inner).resolve_link(&text("codeOrUrl", &code_or_url)?)?.into()))
            }

            /// `resolveLink` as a Promise.
            #[napi(ts_args_type = "codeOrUrl: string", ts_return_type = "Promise<PlatformLink>")]
            pub fn resolve_link_async(&self, code_or_url: Unknown<'_>) -> Work<core::PlatformLink, PlatformLink> {
                let store = self.inner.clone();
                task(guarded(|| text("codeOrUrl", &code_or_url)), move |link| platform(&store).resolve_link(&link), PlatformLink::from)
            }

            /// W2, A1–A4: opens any link of the store: `{ workspace, decision }`, the workspace
            /// holding it (null for an unknown link) and what opening it allows, as
            /// `Workspace.openLink` decides. `options.clock` as for `new Workspace` (sessions
            /// expire by it).
            #[napi(ts_args_type = "codeOrUrl: string, sessionToken?: string | null, options?: { clock?: ManualClock }")]
            pub fn open_link(
                &self,
                env: Env,
                code_or_url: Unknown<'_>,
                session_token: Option<Unknown<'_>>,
                options: Option<Unknown<'_>>,
            ) -> napi::Result<OpenedLink> {
                run(&env, || {
                    let (platform, link, token) = open_args(&self.inner, &code_or_url, session_token.as_ref(), options.as_ref())?;
                    Ok(opened(platform.open_link(&link, token.as_deref())?))
                })
            }

            /// `openLink` as a Promise.
            #[napi(
                ts_args_type = "codeOrUrl: string, sessionToken?: string | null, options?: { clock?: ManualClock }",
                ts_return_type = "Promise<OpenedLink>"
            )]
            pub fn open_link_async(
                &self,
                code_or_url: Unknown<'_>,
                session_token: Option<Unknown<'_>>,
                options: Option<Unknown<'_>>,
            ) -> Work<Opened, OpenedLink> {
                let read = guarded(|| open_args(&self.inner, &code_or_url, session_token.as_ref(), options.as_ref()));
                task(read, |(platform, link, token)| platform.open_link(&link, token.as_deref()), opened)
            }
        }
    };
}

platform_methods!(MemoryStore);
platform_methods!(SqliteStore);
platform_methods!(PostgresStore);
