//! One type for every Promise form (`…Async`): a boxed closure over a clone of the core
//! workspace (cheap: it shares the store), run on one of the binding's worker threads; the
//! Promise settles on the main thread. The closure runs inside `error::guarded`, so a panic
//! there rejects with `INTERNAL` rather than unwinding out of the worker (which would abort the
//! process).
//!
//! Why not libuv's pool (napi's `AsyncTask`): it has 4 threads unless the host sets
//! `UV_THREADPOOL_SIZE` before start-up, and it also serves `fs`, `dns.lookup`, `crypto` and
//! zlib. A store call spends nearly all its time waiting on the database, so 4 waiting calls
//! took the whole pool: a service answered at most 4 store calls per round trip, whatever its
//! connection pool (issue 14: 159 requests/s where `pg` served 726), and its file reads queued
//! behind them. The binding's own threads ([`workers`]) are made on demand up to
//! [`MAX_WORKERS`] and end after [`IDLE`] without work; the store's connection pool still
//! bounds how many calls reach the database at once (the others wait for a connection there).

use crate::convert::{opt_object, prop, text};
use crate::error::{guarded, napi, to_js, Result};
use crate::import::{mapping_choice, options as import_options, File, ImportPreview, PREVIEW_KEYS};
use crate::pricing::{opt_skus, price_for, price_query, SheetColumns};
use crate::store::PostgresStore;
use crate::workspace::{creation, opening, Workspace};
use napi::bindgen_prelude::{Env, FromNapiValue, ToNapiValue, TypeName, Unknown};
use napi::sys;
use napi_derive::napi;
use orderlink as core;
use std::cell::RefCell;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// The most worker threads running Promise forms at once; more calls wait in a queue for one.
pub const MAX_WORKERS: usize = 64;
/// How long a worker thread waits for more work before it ends.
const IDLE: Duration = Duration::from_secs(10);

/// The binding's worker threads: tokio's blocking pool (threads made on demand, ended when
/// idle, a queue beyond the cap), on a runtime that runs nothing else. The stores are safe to
/// call there (each is tested from `spawn_blocking`). `None` when the OS refused the runtime.
fn workers() -> Option<&'static tokio::runtime::Runtime> {
    static WORKERS: OnceLock<Option<tokio::runtime::Runtime>> = OnceLock::new();
    WORKERS
        .get_or_init(|| {
            tokio::runtime::Builder::new_current_thread()
                .max_blocking_threads(MAX_WORKERS)
                .thread_keep_alive(IDLE)
                .thread_name("orderlink-node")
                .build()
                .ok()
        })
        .as_ref()
}

/// The work of one Promise: `T` computed off the main thread, then made into the JS value `J`
/// on it (`J` is `T` itself unless the value holds JS state, as a `Workspace` does). Returned
/// from a method, it becomes a Promise.
pub struct Work<T, J = T> {
    job: Box<dyn FnOnce() -> Result<T> + Send>,
    finish: fn(T) -> J,
}

impl<T> Work<T, T> {
    /// A task that runs `job` on a worker thread and resolves with its value.
    pub fn new(job: impl FnOnce() -> Result<T> + Send + 'static) -> Self {
        Work { job: Box::new(job), finish: |t| t }
    }
}

impl<T, J> Work<T, J> {
    /// A task that runs `job` on a worker thread and resolves with `finish` of its value, made
    /// on the main thread.
    pub fn then(job: impl FnOnce() -> Result<T> + Send + 'static, finish: fn(T) -> J) -> Self {
        Work { job: Box::new(job), finish }
    }

    /// A task that rejects with `error` (an argument that could not be read).
    pub fn failed(error: orderlink::Error, finish: fn(T) -> J) -> Self {
        Work { job: Box::new(move || Err(error)), finish }
    }
}

impl<T: Send + 'static, J: ToNapiValue + 'static> TypeName for Work<T, J> {
    fn type_name() -> &'static str {
        "Promise"
    }

    fn value_type() -> napi::ValueType {
        napi::ValueType::Object
    }
}

impl<T: Send + 'static, J: ToNapiValue + 'static> ToNapiValue for Work<T, J> {
    /// Starts the work on a worker thread and returns its Promise, settled on the main thread
    /// (through a thread-safe function) with `finish` of the value, or rejected with the error
    /// made as every error of the binding is (`.code`, `.kind`).
    unsafe fn to_napi_value(raw: sys::napi_env, work: Self) -> napi::Result<sys::napi_value> {
        let env = Env::from_raw(raw);
        let (deferred, promise) = env.create_deferred::<J, _>()?;
        let Work { job, finish } = work;
        let run = move || {
            let output = guarded(job);
            deferred.resolve(move |env: Env| output.map(finish).map_err(|e| to_js(&env, &e)));
        };
        match workers() {
            Some(workers) => drop(workers.spawn_blocking(run)),
            // No threads to be had: the work runs here, as the blocking form would.
            None => run(),
        }
        // SAFETY: `promise` is a value of this env, made just now.
        unsafe { ToNapiValue::to_napi_value(raw, promise) }
    }
}

impl Workspace {
    /// A Promise form: `prepare` reads the arguments on the main thread, as the blocking form
    /// does, and returns the store's work, which runs on a worker thread over a clone of this
    /// workspace. An argument the binding cannot read rejects the Promise (as `fs.promises`
    /// rejects a bad argument) rather than throwing, so every failure is handled in one place.
    pub(crate) fn spawn<T, F>(&self, _env: &Env, prepare: impl FnOnce() -> Result<F>) -> napi::Result<Work<T>>
    where
        T: ToNapiValue + TypeName + Send + 'static,
        F: FnOnce(&core::Workspace) -> Result<T> + Send + 'static,
    {
        let ws = self.inner.clone();
        let work = match guarded(prepare) {
            Ok(work) => Work::new(move || work(&ws)),
            Err(e) => Work::new(move || Err(e)),
        };
        Ok(work)
    }
}

/// A `Workspace` made on a worker thread: its JS object (and its price-sheet cache) is made on
/// the main thread.
pub(crate) fn workspace(inner: core::Workspace) -> Workspace {
    Workspace { inner, sheets: RefCell::default() }
}

#[napi]
impl Workspace {
    /// `new Workspace(name, options)` as a Promise: the workspace is created in its store on a
    /// worker thread (a PostgreSQL store is written to).
    #[napi(
        ts_args_type = "name: string, options?: { baseUrl?: string; currency?: string; contactsSync?: { enabled?: boolean; connected?: boolean; phoneMapped?: boolean }; strictSecurity?: boolean; trialExpired?: boolean; uniqueNames?: boolean; verification?: { challengeTtlSecs?: number; maxChallenges?: number; windowSecs?: number; sessionTtlSecs?: number }; defaults?: { orderTemplate?: OrderTemplate | null; checkoutMode?: CheckoutMode | null; freight?: { kind: FreightKind; amount?: string | number; threshold?: string | number } | null; cardPaymentsReady?: boolean }; importLimits?: { maxRows?: number; maxBytes?: number }; seed?: number; clock?: ManualClock; store?: SqliteStore | MemoryStore | PostgresStore }",
        ts_return_type = "Promise<Workspace>"
    )]
    pub fn create_async(
        name: Unknown<'_>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<Work<core::Workspace, Workspace>> {
        Ok(match guarded(|| creation(&name, options.as_ref())) {
            Ok((store, env, new)) => Work::then(move || core::Workspace::create(store, env, new), workspace),
            Err(e) => Work::failed(e, workspace),
        })
    }

    /// `Workspace.open(store, options)` as a Promise: the store is read on a worker thread.
    #[napi(
        ts_args_type = "store: SqliteStore | MemoryStore | PostgresStore, options?: { seed?: number; clock?: ManualClock }",
        ts_return_type = "Promise<Workspace>"
    )]
    pub fn open_async(
        env: Env,
        store: Unknown<'_>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<Work<core::Workspace, Workspace>> {
        Ok(match guarded(|| opening(&env, store, options.as_ref())) {
            Ok((store, env)) => Work::then(move || core::Workspace::open(store, env), workspace),
            Err(e) => Work::failed(e, workspace),
        })
    }

    /// `previewImport` as a Promise (I4): the file (its content, or `{ path }`) is read and checked on a
    /// worker thread. No `progress` here (it would be called from another thread): the event
    /// loop stays free, which is what progress is for in the blocking form.
    #[napi(
        ts_args_type = "file: Uint8Array | string | { path: string }, options?: { format?: 'csv' | 'xlsx' | 'pasted', sheet?: string, mapping?: string | Record<string, string | null> }",
        ts_return_type = "Promise<ImportPreview>"
    )]
    pub fn preview_import_async(
        &self,
        env: Env,
        file: Unknown<'_>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<Work<core::ImportPreview, ImportPreview>> {
        let ws = self.inner.clone();
        let read = guarded(|| {
            Ok((File::read(&file)?, import_options(options.as_ref(), PREVIEW_KEYS)?, mapping_choice(options.as_ref())?))
        });
        let _ = env;
        Ok(match read {
            Ok((file, mut o, mapping)) => Work::then(
                move || {
                    let limits = ws.settings()?.import_limits;
                    let bytes = file.bytes(&mut o.format, &limits)?;
                    ws.preview_import_mapped(&bytes, o.format, o.sheet.as_deref(), mapping, &mut |_| true)
                },
                |inner| ImportPreview { inner },
            ),
            Err(e) => Work::failed(e, |inner| ImportPreview { inner }),
        })
    }

    /// `resolvePrices` as a Promise (PR4, PR5, PR6): the same sheet, read on a worker thread.
    #[napi(
        ts_args_type = "customerId: string | null, skus?: string[] | null, options?: PriceOptions | null",
        ts_return_type = "Promise<PriceSheet>"
    )]
    pub fn resolve_prices_async(
        &self,
        env: Env,
        customer_id: Unknown<'_>,
        skus: Option<Unknown<'_>>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<Work<SheetColumns>> {
        self.spawn(&env, || {
            let whose = price_for(&customer_id)?;
            let skus = opt_skus(skus.as_ref())?;
            let query = price_query(options.as_ref())?;
            Ok(move |ws: &core::Workspace| -> Result<SheetColumns> {
                Ok(SheetColumns::of(&ws.resolve_prices_for(whose, skus.as_deref(), &query)?))
            })
        })
    }
}

#[napi]
impl PostgresStore {
    /// `new PostgresStore(url, options)` as a Promise: connects (and migrates) on a worker
    /// thread instead of blocking the event loop.
    #[napi(
        ts_args_type = "url: string, options?: { schema?: string, maxConnections?: number }",
        ts_return_type = "Promise<PostgresStore>"
    )]
    pub fn connect_async(url: Unknown<'_>, options: Option<Unknown<'_>>) -> napi::Result<Work<PostgresStore>> {
        let read = guarded(|| {
            let url = text("url", &url)?;
            let mut o = orderlink_postgres::PostgresOptions::default();
            if let Some(obj) = opt_object("options", options.as_ref())? {
                if let Some(v) = prop("schema", &obj)? {
                    o.schema = Some(text("options.schema", &v)?);
                }
                if let Some(v) = prop("maxConnections", &obj)? {
                    let n: u32 = u32::from_unknown(v).map_err(napi("options.maxConnections"))?;
                    o.max_connections = n as usize;
                }
            }
            Ok((url, o))
        });
        Ok(match read {
            Ok((url, o)) => Work::new(move || {
                let store = orderlink_postgres::PostgresStore::connect_with(&url, &o)?;
                Ok(PostgresStore::from_parts(Arc::new(store), o.schema))
            }),
            Err(e) => Work::new(move || Err(e)),
        })
    }
}
