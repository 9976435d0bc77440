//! A tokio service deciding link access and prices with orderlink on PostgreSQL:
//!
//! ```text
//! scripts/with-postgres cargo run -p orderlink-postgres --example tokio_service
//! curl http://127.0.0.1:8080/open/<link code>
//! ```
//!
//! The library's calls are synchronous (they wait on the database), so an async handler runs
//! them with `tokio::task::spawn_blocking`, which moves the wait off the runtime's workers.
//! The store itself is safe on any thread (connect in `#[tokio::main]`, call in
//! `spawn_blocking` or `block_in_place`); called straight from an async handler it works too,
//! but holds that worker thread for the call's duration, stalling the other requests on it.
//!
//! A plain tokio server (no framework) so the example builds with nothing but tokio; an axum
//! handler is the same: `spawn_blocking(move || ws.open_link(&code, None)).await`.
//!
//! `postgres/tests/tokio.rs` compiles this file, starts [`serve`] and checks its replies.

use orderlink::{CustomerQuery, Env, Error, NewCustomer, NewWorkspace, PriceFor, Product, Workspace};
use orderlink_postgres::{PostgresOptions, PostgresStore};
use rust_decimal::Decimal;
use std::sync::Arc;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

#[allow(dead_code)] // the test uses `serve` and `demo_workspace`, not `main`
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let url =
        std::env::var("ORDERLINK_PG_URL").map_err(|_| "set ORDERLINK_PG_URL (or run through scripts/with-postgres)")?;
    // Connecting directly inside `#[tokio::main]` is safe (it used to panic with the sync
    // driver); it blocks this task while the pool's first connection opens and migrations run.
    let options = PostgresOptions { schema: Some("orderlink_example".into()), ..Default::default() };
    let store = PostgresStore::connect_with(&url, &options)?;
    let (ws, code) = tokio::task::spawn_blocking(move || demo_workspace(store)).await??;
    let listener = TcpListener::bind("127.0.0.1:8080").await?;
    println!("listening on http://{}/open/{code}", listener.local_addr()?);
    serve(listener, ws).await?;
    Ok(())
}

/// The workspace in the store (made with one customer and two products on first use), and
/// that customer's link code.
pub fn demo_workspace(store: PostgresStore) -> Result<(Workspace, String), Error> {
    let store = Arc::new(store);
    let ws = match Workspace::open(store.clone(), Env::system()) {
        Ok(ws) => ws,
        Err(_) => {
            let ws = Workspace::create(store, Env::system(), NewWorkspace::named("Harbour Foods"))?;
            ws.upsert_products(vec![
                Product::new("OIL-1", "Olive oil 1 l", Some(Decimal::new(1250, 2))),
                Product::new("SALT-5", "Sea salt 5 kg", Some(Decimal::new(830, 2))),
            ])?;
            ws.create_customer(NewCustomer::named("Corner Deli"))?;
            ws
        }
    };
    let customer = ws
        .list_customers(&CustomerQuery::default())?
        .items
        .into_iter()
        .next()
        .ok_or_else(|| Error::store("no customer"))?;
    Ok((ws, customer.link_code.as_str().to_owned()))
}

/// Serves `GET /open/{code}` until the listener fails: the link decision and, when the link
/// may view, the buyer's price sheet, as JSON.
pub async fn serve(listener: TcpListener, ws: Workspace) -> std::io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        let ws = ws.clone();
        tokio::spawn(async move {
            // A broken client connection ends its task; nothing to report.
            let _ = handle(stream, ws).await;
        });
    }
}

async fn handle(stream: TcpStream, ws: Workspace) -> std::io::Result<()> {
    let mut stream = BufReader::new(stream);
    let mut request = String::new();
    stream.read_line(&mut request).await?;
    // Headers, up to the blank line.
    loop {
        let mut line = String::new();
        if stream.read_line(&mut line).await? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let (status, body) = match request.split_whitespace().nth(1).and_then(|p| p.strip_prefix("/open/")) {
        Some(code) => {
            let code = code.to_owned();
            // The store waits on PostgreSQL: off the runtime's workers.
            match tokio::task::spawn_blocking(move || open_and_price(&ws, &code)).await {
                Ok(Ok(json)) => ("200 OK", json),
                Ok(Err(e)) => ("400 Bad Request", serde_json::json!({ "code": e.code(), "message": e.to_string() })),
                Err(_) => ("500 Internal Server Error", serde_json::json!({ "code": "INTERNAL" })),
            }
        }
        None => ("404 Not Found", serde_json::json!({ "code": "NOT_FOUND" })),
    };
    let body = body.to_string();
    let reply = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.get_mut().write_all(reply.as_bytes()).await?;
    stream.get_mut().shutdown().await
}

/// What a portal asks on every page load: may this link view, and at which prices.
fn open_and_price(ws: &Workspace, code: &str) -> Result<serde_json::Value, Error> {
    let decision = ws.open_link(code, None)?;
    let mut json = serde_json::to_value(&decision).map_err(Error::store)?;
    if let (true, Some(id)) = (decision.may_view, decision.customer_id) {
        let sheet = ws.resolve_prices(PriceFor::Customer(id), None)?;
        let prices: serde_json::Map<String, serde_json::Value> = sheet
            .rows()
            .map(|(product, resolved)| (product.sku.clone(), serde_json::json!(resolved.amount.map(|p| p.to_string()))))
            .collect();
        json["prices"] = prices.into();
    }
    Ok(json)
}
