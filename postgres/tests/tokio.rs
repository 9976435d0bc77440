//! Inside tokio: every store (memory, SQLite, PostgreSQL) called from `spawn_blocking`, from
//! `block_in_place`, straight from an async task and from a current-thread runtime's
//! `block_on`, created and dropped inside the runtime; no panic may escape or happen anywhere
//! (a panic hook counts them, on every thread, the store's driver threads included). And the
//! tokio example service (examples/rust/tokio_service.rs), compiled here, answers requests.

mod common;

#[path = "../../examples/rust/tokio_service.rs"]
mod service;

use orderlink::*;
use orderlink_sqlite::SqliteStore;
use rust_decimal::Decimal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Once};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

static PANICS: AtomicUsize = AtomicUsize::new(0);

/// Counts every panic in the process from now on, then reports it as before.
fn count_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            previous(info);
        }));
    });
}

/// A store of each kind, made on the calling thread.
fn stores(dir: &std::path::Path, tag: &str) -> Vec<(&'static str, Arc<dyn PlatformStore>)> {
    vec![
        ("memory", Arc::new(MemoryStore::new())),
        ("sqlite", Arc::new(SqliteStore::open(dir.join(format!("{tag}.sqlite"))).expect("sqlite"))),
        ("postgres", Arc::new(common::fresh())),
    ]
}

/// What a service does with a store: a workspace, a customer, prices, a link opened, a price
/// sheet, an order taken in on the workspace link.
fn workload(store: Arc<dyn PlatformStore>) -> Result<()> {
    let ws = Workspace::create(store, Env::system(), NewWorkspace::named("Tokio Foods"))?;
    ws.upsert_products(vec![Product::new("OIL-1", "Olive oil", Some(Decimal::new(1250, 2)))])?;
    let c = ws.create_customer(NewCustomer::named("Async Deli"))?;
    let decision = ws.open_link(c.link_code.as_str(), None)?;
    assert!(decision.may_view, "{decision:?}");
    let sheet = ws.resolve_prices(PriceFor::Customer(c.id), None)?;
    assert_eq!(sheet.len(), 1);
    let link = ws.workspace_link_url()?;
    let buyer = Buyer::new("Runtime Buyer", "orders@runtime.example");
    let out = ws.intake_order(&link, Some(&buyer), NewOrder::new("T-1", Decimal::new(4200, 2)))?;
    assert!(matches!(out, IntakeOutcome::Pending { new_record: true, .. }), "{out:?}");
    assert_eq!(ws.pending_buyers(false)?.len(), 1);
    Ok(())
}

#[test]
fn tokio_every_store_works_from_spawn_blocking_block_in_place_and_async_tasks() {
    count_panics();
    let dir = tempfile::tempdir().expect("tempdir");
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    runtime.block_on(async {
        // Made straight inside the runtime (the sync driver panicked here: "Cannot start a
        // runtime from within a runtime").
        for (how, (kind, store)) in ["spawn_blocking", "block_in_place", "async task"]
            .into_iter()
            .flat_map(|how| stores(dir.path(), how).into_iter().map(move |s| (how, s)))
        {
            let outcome = match how {
                "spawn_blocking" => tokio::task::spawn_blocking(move || workload(store)).await,
                "block_in_place" => tokio::spawn(async move { tokio::task::block_in_place(|| workload(store)) }).await,
                // Works (it holds the worker for the call), and never panics.
                _ => tokio::spawn(async move { workload(store) }).await,
            };
            match outcome {
                Ok(result) => result.unwrap_or_else(|e| panic!("{kind} via {how}: {e}")),
                Err(e) => panic!("{kind} via {how}: the task failed: {e}"),
            }
        }
        // Dropped inside the runtime, on a worker: no panic, no wait in Drop.
        let dropped = stores(dir.path(), "dropped");
        tokio::spawn(async move { drop(dropped) }).await.expect("drop on a worker");
    });
    drop(runtime);
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "a panic happened somewhere");
}

#[test]
fn tokio_every_store_works_inside_a_current_thread_runtime() {
    count_panics();
    let dir = tempfile::tempdir().expect("tempdir");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        for (kind, store) in stores(dir.path(), "current") {
            // The thread is inside `block_on`: the old driver's own `block_on` panicked here.
            workload(store).unwrap_or_else(|e| panic!("{kind} inside block_on: {e}"));
        }
    });
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "a panic happened somewhere");
}

#[test]
fn tokio_service_example_answers_a_link_with_its_prices() {
    count_panics();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    runtime.block_on(async {
        let store = common::fresh();
        let (ws, code) = tokio::task::spawn_blocking(move || service::demo_workspace(store))
            .await
            .expect("task")
            .expect("demo workspace");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let server = tokio::spawn(service::serve(listener, ws));
        let get = |path: String| async move {
            let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
            stream.write_all(format!("GET {path} HTTP/1.1\r\nhost: test\r\n\r\n").as_bytes()).await.expect("send");
            let mut reply = String::new();
            stream.read_to_string(&mut reply).await.expect("reply");
            reply
        };
        // Several at once, as a service sees them.
        let replies = futures_util::future::join_all((0..8).map(|_| get(format!("/open/{code}")))).await;
        for reply in replies {
            assert!(reply.starts_with("HTTP/1.1 200 OK"), "{reply}");
            let body: serde_json::Value =
                serde_json::from_str(reply.split("\r\n\r\n").nth(1).expect("body")).expect("json");
            assert_eq!(body["may_view"], true, "{body}");
            assert_eq!(body["prices"]["OIL-1"], "12.50", "{body}");
            assert_eq!(body["prices"]["SALT-5"], "8.30", "{body}");
        }
        let unknown = get("/open/NOSUCHCODE".into()).await;
        assert!(unknown.starts_with("HTTP/1.1 "), "{unknown}");
        assert!(!unknown.contains("\"may_view\":true"), "{unknown}");
        server.abort();
    });
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "a panic happened somewhere");
}
