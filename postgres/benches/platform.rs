//! W1, W2, W4 at scale on PostgreSQL, in one run (figures in benches/README.md):
//!
//! - 1,000 workspaces × 1,000 customers in one schema: `Platform::open_link` (the store-level
//!   resolution, one statement) on random customer links of random workspaces, p50 and p99,
//!   beside `Workspace::open_link` on a one-workspace store of 1,000 customers; then 16 threads
//!   opening links through the one pool (at most 10 connections), and the connections it opened.
//! - A page of 50 with a search term, by name, from workspaces of 1k / 10k / 100k customers, in
//!   a schema of their own and in the schema that also holds the 1,000 × 1,000 workspaces: "deli"
//!   (one name in ten) counted exactly and up to 1,000, a selective "c-4242", and the one letter
//!   "e" up to 1,000; and page 1,000 without a search at 100k.
//!
//! `make bench-platform` (`scripts/with-postgres cargo bench -p orderlink-postgres --bench
//! platform` on a server with a 2 GB buffer cache).
//! `ORDERLINK_BENCH_WORKSPACES` and `ORDERLINK_BENCH_PER_WORKSPACE` change the 1,000 × 1,000;
//! `ORDERLINK_BENCH_KEEP=1` leaves the schemas behind (on a server started apart, for trying
//! statements on the data in `psql`).
//!
//! Rows are written server-side (`INSERT … SELECT generate_series`) from a workspace and a
//! customer made through the library, so their bodies are the library's own; the list columns
//! are filled as the library fills them for ASCII names (folding is lower-casing there).

use orderlink::*;
use orderlink_postgres::{PostgresOptions, PostgresStore};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

fn env() -> Env {
    Env::new(Arc::new(SystemClock), Arc::new(SeededRandom::new(15)))
}

/// A schema of its own, dropped at the end.
struct Bench {
    schema: String,
    store: Arc<PostgresStore>,
    db: postgres::Client,
    /// The bodies every generated row starts from.
    ws_body: serde_json::Value,
    customer_body: serde_json::Value,
}

fn workspace_id_sql() -> &'static str {
    "md5('ws' || i)::uuid"
}

impl Bench {
    fn new(url: &str, tag: &str) -> Bench {
        let schema = format!("bench_{tag}_{}", std::process::id());
        let options = PostgresOptions { schema: Some(schema.clone()), ..Default::default() };
        let store = Arc::new(PostgresStore::connect_with(url, &options).expect("connect"));
        // The templates, made by the library in a scratch workspace of this schema.
        let platform = Platform::new(store.clone(), env());
        let t = platform.create_workspace(NewWorkspace::named("Template")).expect("template");
        let c =
            t.create_customer(NewCustomer { code: Some("T-1".into()), ..NewCustomer::named("Template") }).expect("c");
        let ws_body = serde_json::to_value(t.settings().expect("settings")).expect("json");
        let customer_body = serde_json::to_value(&c).expect("json");
        let mut db = postgres::Client::connect(url, postgres::NoTls).expect("client");
        db.batch_execute(&format!("SET search_path = {schema}; SET synchronous_commit = off")).expect("path");
        Bench { schema, store, db, ws_body, customer_body }
    }

    /// Workspaces `first..=last` ("Supplier i"), `per` customers each ("<Place> <Kind> j").
    fn fill(&mut self, first: i32, last: i32, per: i32) {
        let id = workspace_id_sql();
        let ws_sql = format!(
            "INSERT INTO workspaces (id, body)
             SELECT {id}, $1::jsonb || jsonb_build_object('id', {id}::text, 'name', 'Supplier ' || i,
                                                        'link_code', 'V' || lpad(i::text, 24, '0') || '0')
             FROM generate_series($2::int, $3::int) i"
        );
        self.db.execute(&ws_sql, &[&self.ws_body, &first, &last]).expect("workspaces");
        let codes_sql = format!(
            "INSERT INTO link_codes (code, ws, customer_id)
             SELECT 'V' || lpad(i::text, 24, '0') || '0', {id}, NULL FROM generate_series($1::int, $2::int) i"
        );
        self.db.execute(&codes_sql, &[&first, &last]).expect("workspace codes");
        let customers_sql = format!(
            "WITH g AS (
                SELECT {id} AS ws, md5('c' || i || ':' || j)::uuid AS id,
                       'W' || lpad(i::text, 5, '0') || lpad(j::text, 19, '0') || '0' AS code,
                       'C-' || j AS ccode,
                       (ARRAY['Corner','Harbour','Bay','Quay','Market','Village','Coast'])[1 + j % 7] || ' ' ||
                       (ARRAY['Deli','Bakery','Cafe','Grocer','Butcher','Bistro','Kitchen','Dairy','Pantry','Larder'])[1 + (j / 7) % 10]
                       || ' ' || j AS name
                FROM generate_series($2::int, $3::int) i, generate_series(1, $4::int) j
             ), l AS (
                INSERT INTO link_codes (code, ws, customer_id) SELECT code, ws, id FROM g
             )
             INSERT INTO customers (ws, id, link_code, code_key, name_key, external_id, body,
                                    name_fold, search, active, managed_by, placed, tags)
             SELECT ws, id, code, lower(ccode), lower(name), NULL,
                    $1::jsonb || jsonb_build_object('id', id::text, 'name', name, 'code', ccode, 'link_code', code),
                    lower(name), lower(name) || chr(1) || lower(ccode), true, NULL, false, '{{}}'
             FROM g"
        );
        // In slices of 100 workspaces, so no statement holds a million rows at once.
        let mut from = first;
        while from <= last {
            let to = (from + 99).min(last);
            self.db.execute(&customers_sql, &[&self.customer_body, &from, &to, &per]).expect("customers");
            from = to + 1;
        }
    }

    fn analyze(&mut self) {
        // As autovacuum leaves a table in steady state: statistics, and the visibility map
        // index-only scans need.
        self.db.batch_execute("VACUUM ANALYZE").expect("vacuum");
    }

    /// The handle on generated workspace `i`.
    fn workspace(&mut self, i: i32) -> Workspace {
        let row = self.db.query_one("SELECT md5('ws' || $1::int)::uuid", &[&i]).expect("id");
        let id: uuid::Uuid = row.get(0);
        Platform::new(self.store.clone(), env()).workspace(WorkspaceId(id)).expect("workspace")
    }
}

impl Drop for Bench {
    fn drop(&mut self) {
        if std::env::var("ORDERLINK_BENCH_KEEP").is_ok() {
            return;
        }
        let _ = self.db.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema));
    }
}

fn code(i: i32, j: i32) -> String {
    format!("W{i:05}{j:019}0")
}

/// p50 and p99 of `samples`.
fn percentiles(samples: &mut [Duration]) -> (Duration, Duration) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    (at(0.50), at(0.99))
}

fn us(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// A small deterministic sequence (no extra dependency).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: i32) -> i32 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as i32
    }
}

fn main() {
    let url = std::env::var("ORDERLINK_PG_URL")
        .unwrap_or_else(|_| panic!("ORDERLINK_PG_URL is not set: run through scripts/with-postgres"));
    let workspaces = setting("ORDERLINK_BENCH_WORKSPACES", 1000) as i32;
    let per = setting("ORDERLINK_BENCH_PER_WORKSPACE", 1000) as i32;
    let samples = setting("ORDERLINK_BENCH_SAMPLES", 3000);

    // The platform: `workspaces` × `per`, plus list workspaces of 1k, 10k and 100k.
    let started = Instant::now();
    let lists = std::env::var("ORDERLINK_BENCH_SKIP_LISTS").is_err();
    let list_sizes: &[(i32, i32)] = if lists { &[(1, 1_000), (2, 10_000), (3, 100_000)] } else { &[] };
    let mut platform = Bench::new(&url, "platform");
    platform.fill(1, workspaces, per);
    for &(k, n) in list_sizes {
        platform.fill(90_000 + k, 90_000 + k, n);
    }
    platform.analyze();
    let extra: i32 = list_sizes.iter().map(|(_, n)| n).sum();
    println!(
        "loaded {workspaces} x {per} customers (+{extra} in list workspaces) in {:.0} s",
        started.elapsed().as_secs_f64()
    );

    // One workspace of `per` customers in a schema of its own.
    let mut single = Bench::new(&url, "single");
    single.fill(1, 1, per);
    for &(k, n) in list_sizes {
        single.fill(90_000 + k, 90_000 + k, n);
    }
    single.analyze();
    let alone = single.workspace(1);

    // W2: open_link through the store-level resolution vs on one workspace, interleaved: on a
    // one-workspace store of its own (a smaller, cache-warm data set), and through the handle of
    // the code's own workspace in the same platform (the same rows, the workspace named).
    let host = Platform::new(platform.store.clone(), env());
    let handles: Vec<Workspace> = (1..=workspaces).map(|i| platform.workspace(i)).collect();
    let mut rng = Lcg(15);
    let mut through_store = Vec::with_capacity(samples);
    let mut one_ws = Vec::with_capacity(samples);
    let mut named = Vec::with_capacity(samples);
    for round in 0..samples + 200 {
        let (i, j) = (1 + rng.below(workspaces), 1 + rng.below(per));
        let c = code(i, j);
        let t = Instant::now();
        let (ws, decision) = host.open_link(&c, None).expect("open");
        let a = t.elapsed();
        assert!(ws.is_some() && decision.customer_id.is_some(), "{c}");
        let t = Instant::now();
        let decision = handles[(i - 1) as usize].open_link(&code(i, 1 + rng.below(per)), None).expect("open");
        let n = t.elapsed();
        assert!(decision.customer_id.is_some());
        let c = code(1, 1 + rng.below(per));
        let t = Instant::now();
        let decision = alone.open_link(&c, None).expect("open");
        let b = t.elapsed();
        assert!(decision.customer_id.is_some());
        if round >= 200 {
            through_store.push(a);
            named.push(n);
            one_ws.push(b);
        }
    }
    let (p50, p99) = percentiles(&mut through_store);
    let (n50, n99) = percentiles(&mut named);
    let (s50, s99) = percentiles(&mut one_ws);
    println!(
        "open_link, {workspaces} workspaces x {per}: Platform::open_link p50 {} p99 {} | the workspace's own handle, same schema: p50 {} p99 {} | one-workspace store of {per}: p50 {} p99 {} | ratios p50 {:.2} / {:.2}",
        us(p50),
        us(p99),
        us(n50),
        us(n99),
        us(s50),
        us(s99),
        p50.as_secs_f64() / n50.as_secs_f64(),
        p50.as_secs_f64() / s50.as_secs_f64()
    );

    // 16 threads through the one pool.
    let opened = std::sync::atomic::AtomicUsize::new(0);
    let t = Instant::now();
    std::thread::scope(|s| {
        for k in 0..16u64 {
            let (host, opened) = (&host, &opened);
            s.spawn(move || {
                let mut rng = Lcg(100 + k);
                while t.elapsed() < Duration::from_secs(5) {
                    let c = code(1 + rng.below(workspaces), 1 + rng.below(per));
                    host.open_link(&c, None).expect("open");
                    opened.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            });
        }
    });
    let (cap, open) = platform.store.connections();
    println!(
        "16 threads, 5 s: {:.0} open_link/s through one pool; connections open {open} (cap {cap})",
        opened.into_inner() as f64 / t.elapsed().as_secs_f64()
    );

    // W4: a page of 50 with a search, by name: every size, both schemas and each query in
    // every round (interleaved, so the growth from 10k to 100k is read under the same load).
    let search = CustomerQuery { search: Some("deli".into()), ..Default::default() };
    let bounded = CustomerQuery { count_limit: Some(1000), ..search.clone() };
    // A selective term: customer 4242's code (and 42420 to 42429's at 100k; none at 1k).
    let selective = CustomerQuery { search: Some("C-4242".into()), ..Default::default() };
    // A one-letter term: no gram to look up, so the workspace's entries are tested in name order.
    let letter = CustomerQuery { search: Some("e".into()), count_limit: Some(1000), ..Default::default() };
    let queries = [
        ("search 'deli'", &search),
        ("count_limit 1000", &bounded),
        ("search 'c-4242'", &selective),
        ("'e', count_limit 1000", &letter),
    ];
    let deep = CustomerQuery { offset: 49_950, ..Default::default() };
    let mut contenders = Vec::new();
    for &(k, n) in list_sizes {
        for (label, bench) in [("alone", &mut single), ("beside the platform", &mut platform)] {
            contenders.push((n, label, bench.workspace(90_000 + k)));
        }
    }
    let mut times = vec![vec![Vec::new(); queries.len()]; contenders.len()];
    for round in 0..120 {
        for (c, (_, _, ws)) in contenders.iter().enumerate() {
            for (q, (_, query)) in queries.iter().enumerate() {
                let t = Instant::now();
                let page = ws.list_customers(query).expect("page");
                let d = t.elapsed();
                assert_eq!(page.items.len(), page.total.min(query.limit));
                if round >= 20 {
                    times[c][q].push(d);
                }
            }
        }
    }
    for (c, (n, label, ws)) in contenders.iter().enumerate() {
        let mut row = format!("{n:>7} customers, {label}:");
        for (q, (name, _)) in queries.iter().enumerate() {
            let (p50, p99) = percentiles(&mut times[c][q]);
            row.push_str(&format!(" | {name}: p50 {} p99 {}", ms(p50), ms(p99)));
        }
        if *n == 100_000 {
            let mut times: Vec<Duration> = (0..30)
                .map(|_| {
                    let t = Instant::now();
                    ws.list_customers(&deep).expect("page 1000");
                    t.elapsed()
                })
                .skip(5)
                .collect();
            let (p50, _) = percentiles(&mut times);
            row.push_str(&format!(" | page 1,000 no search: p50 {}", ms(p50)));
        }
        println!("{row}");
    }
}
