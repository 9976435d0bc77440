//! Pending-buyer benchmarks (issue: intakes per second at 100k mapped keys; suggestions over
//! 100k customers). Run: `cargo bench -p orderlink --bench pending`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use orderlink::*;
use rust_decimal::Decimal;
use std::hint::black_box;
use std::sync::Arc;

mod data;
use data::buyer;

const MAPPED: usize = 100_000;

fn workspace() -> Workspace {
    let env = Env::new(Arc::new(SystemClock), Arc::new(SeededRandom::new(1)));
    Workspace::create(Arc::new(MemoryStore::new()), env, NewWorkspace::named("Bench Wholesale")).expect("workspace")
}

/// A workspace with `MAPPED` customers, each with a mapped buyer key.
fn mapped_workspace() -> Workspace {
    let ws = workspace();
    data::map_buyers(&ws, MAPPED);
    ws
}

fn pending_benches(c: &mut Criterion) {
    let ws = mapped_workspace();
    let link = ws.workspace_link_url().expect("link");
    let mut group = c.benchmark_group("intake_100k_mapped_keys");
    group.throughput(Throughput::Elements(1));
    let mut n = 0usize;
    group.bench_function("repeat_buyer_auto_link", |b| {
        b.iter(|| {
            n += 1;
            let out = ws.intake_order(&link, Some(&buyer(n % MAPPED)), NewOrder::new("R", Decimal::ONE));
            black_box(out.expect("intake"))
        })
    });
    let mut m = MAPPED;
    group.bench_function("new_buyer_pending", |b| {
        b.iter(|| {
            m += 1;
            let out = ws.intake_order(&link, Some(&buyer(m)), NewOrder::new("N", Decimal::ONE));
            black_box(out.expect("intake"))
        })
    });
    group.bench_function("mix_half_repeat_half_new", |b| {
        b.iter(|| {
            m += 1;
            let who = if m % 2 == 0 { buyer(m % MAPPED) } else { buyer(m) };
            black_box(ws.intake_order(&link, Some(&who), NewOrder::new("X", Decimal::ONE)).expect("intake"))
        })
    });
    group.finish();

    let mut group = c.benchmark_group("suggest_customers_100k");
    group.sample_size(10);
    let who = Buyer::new("Buyer 4242 Trading Pty Ltd", "x@y.example");
    let out = ws.intake_order(&link, Some(&who), NewOrder::new("Q", Decimal::ONE));
    let Ok(IntakeOutcome::Pending { pending_id, .. }) = out else { panic!("pending expected: {out:?}") };
    group.bench_function("suggest", |b| b.iter(|| black_box(ws.suggest_customers(pending_id).expect("suggest"))));
    group.finish();
}

criterion_group!(benches, pending_benches);
criterion_main!(benches);
