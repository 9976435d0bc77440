//! W4 listing benchmarks (issue 15 part 8, the memory store's part): a page of 50 customers
//! at 1k / 10k / 100k customers, with a search term, by name page 1 and page 1,000; the same
//! pages beside 99 other workspaces of 10,000 customers in one store; and the core's listing
//! over every record (what a store without an index does) as the peer.
//! Run: `cargo bench -p orderlink --bench listing` (`ORDERLINK_BENCH_OTHERS=N` for N other
//! workspaces, default 99).
//!
//! Times are the calling thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`), not wall time: the
//! build machine is shared by many processes on 2 cores, and wall time there mostly measures
//! the scheduler. A list call never waits (no I/O, no lock another thread holds), so its CPU
//! time is its cost.

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use orderlink::*;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

mod data;

fn platform() -> Platform {
    Platform::new(Arc::new(MemoryStore::new()), Env::new(Arc::new(SystemClock), Arc::new(SeededRandom::new(15))))
}

fn queries() -> Vec<(&'static str, CustomerQuery)> {
    let search = |term: &str| CustomerQuery { search: Some(term.into()), ..Default::default() };
    let bounded = |term: &str| CustomerQuery { count_limit: Some(1000), ..search(term) };
    vec![
        // About 9% of the workspace matches.
        ("search_deli", search("deli")),
        // W4: the same page, its total counted only up to 1,000.
        ("search_deli_count_limit_1000", bounded("deli")),
        ("search_e_count_limit_1000", bounded("e")),
        // A handful match (customer 4242's number in names, codes, emails, phones, contacts).
        ("search_4242", search("4242")),
        // One character: no trigram to look up, every record's folded fields are scanned.
        ("search_e", search("e")),
        ("name_page_1", CustomerQuery::default()),
        ("name_page_1000", CustomerQuery { offset: 49_950, ..Default::default() }),
        ("amount_desc_page_1", CustomerQuery { sort: SortKey::Amount, descending: true, ..Default::default() }),
    ]
}

/// The calling thread's CPU time.
struct CpuTime;

fn thread_cpu() -> Duration {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

static WALL: WallTime = WallTime;

impl Measurement for CpuTime {
    type Intermediate = Duration;
    type Value = Duration;
    fn start(&self) -> Duration {
        thread_cpu()
    }
    fn end(&self, start: Duration) -> Duration {
        thread_cpu().saturating_sub(start)
    }
    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        WALL.formatter()
    }
}

fn run(c: &mut Criterion<CpuTime>, group: &str, ws: &Workspace, size: usize, core_peer: bool) {
    let mut g = c.benchmark_group(group);
    g.sample_size(if size >= 100_000 { 20 } else { 50 });
    for (name, q) in queries() {
        if name == "name_page_1000" && size < 100_000 {
            continue;
        }
        g.bench_with_input(BenchmarkId::new(name, size), &q, |b, q| {
            b.iter(|| black_box(ws.list_customers(q).expect("list")))
        });
        if core_peer && name == "search_deli" {
            g.bench_with_input(BenchmarkId::new("core_list_all_records_search_deli", size), &q, |b, q| {
                b.iter(|| black_box(listing::list(ws.store().all_customers().expect("all"), q).expect("list")))
            });
        }
    }
    g.finish();
}

fn listing_benches(c: &mut Criterion<CpuTime>) {
    for size in [1_000, 10_000, 100_000] {
        let p = platform();
        let ws = p.create_workspace(NewWorkspace::named("Listing")).expect("workspace");
        data::load_list_customers(&ws, size);
        run(c, "w4_memory_one_workspace", &ws, size, true);
    }
    let others: usize = std::env::var("ORDERLINK_BENCH_OTHERS").ok().and_then(|v| v.parse().ok()).unwrap_or(99);
    let p = platform();
    for i in 0..others {
        let other = p.create_workspace(NewWorkspace::named(format!("Other {i}"))).expect("workspace");
        data::load_list_customers(&other, 10_000);
    }
    let ws = p.create_workspace(NewWorkspace::named("Listing")).expect("workspace");
    data::load_list_customers(&ws, 100_000);
    run(c, &format!("w4_memory_beside_{others}_workspaces_of_10k"), &ws, 100_000, false);
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(CpuTime);
    targets = listing_benches
}
criterion_main!(benches);
