//! Checkout links (CT3) beside order links: opening a checkout link must cost at most 1.2× opening
//! an order link in the same run. Run: `cargo bench -p orderlink --bench carts`.
//!
//! The store holds 10,000 customers; 1,000 of them have an open cart of 5 lines with a checkout
//! link. Each case opens a rotating set of links (so no single record stays hot): through the
//! store-level resolution a host serving every supplier's `/order/{code}` uses
//! (`Platform::open_link`, W2) and through the workspace (`Workspace::open_link`). The priced
//! view (`Workspace::open_checkout`) is timed too, for information: it prices the cart.

use criterion::{criterion_group, criterion_main, Criterion};
use orderlink::*;
use rust_decimal::Decimal;
use std::hint::black_box;
use std::sync::Arc;

const CUSTOMERS: usize = 10_000;
const CARTS: usize = 1_000;

fn setup() -> (Platform, Workspace, Vec<String>, Vec<String>) {
    let env = Env::new(Arc::new(SystemClock), Arc::new(SeededRandom::new(19)));
    let platform = Platform::new(Arc::new(MemoryStore::new()), env);
    let ws = platform.create_workspace(NewWorkspace::named("Bench Wholesale")).expect("workspace");
    platform.create_workspace(NewWorkspace::named("Other Wholesale")).expect("other");
    let products: Vec<Product> = (0..20)
        .map(|i| Product::new(format!("SKU-{i:03}"), format!("Product {i}"), Some(Decimal::new(100 + i, 2))))
        .collect();
    ws.upsert_products(products).expect("products");
    let agent = CartActor::agent("bench").expect("agent");
    let mut order_links = Vec::new();
    let mut checkout_links = Vec::new();
    for i in 0..CUSTOMERS {
        let c = ws.create_customer(NewCustomer::named(format!("Customer {i}"))).expect("customer");
        if i < CARTS {
            order_links.push(ws.link_url(c.id).expect("url"));
            let cart = ws.open_cart(c.id, &agent, None).expect("cart");
            let edits: Vec<CartEdit> = (0..5)
                .map(|k| CartEdit::Add {
                    product: format!("SKU-{:03}", (i + k) % 20),
                    qty: Decimal::from(k + 1),
                    uom: None,
                })
                .collect();
            ws.update_cart(cart.id, &edits, &agent).expect("edit");
            checkout_links.push(ws.checkout_link(cart.id, None, &agent).expect("link").url);
        }
    }
    (platform, ws, order_links, checkout_links)
}

fn open_links(c: &mut Criterion) {
    let (platform, ws, order, checkout) = setup();
    let mut group = c.benchmark_group("open_link_1000_of_10000");
    for (name, links) in [("platform/order_link", &order), ("platform/checkout_link", &checkout)] {
        let mut n = 0usize;
        group.bench_function(name, |b| {
            b.iter(|| {
                n = (n + 1) % links.len();
                black_box(platform.open_link(&links[n], None).expect("open"))
            })
        });
    }
    for (name, links) in [("workspace/order_link", &order), ("workspace/checkout_link", &checkout)] {
        let mut n = 0usize;
        group.bench_function(name, |b| {
            b.iter(|| {
                n = (n + 1) % links.len();
                black_box(ws.open_link(&links[n], None).expect("open"))
            })
        });
    }
    let mut n = 0usize;
    group.bench_function("workspace/open_checkout_priced", |b| {
        b.iter(|| {
            n = (n + 1) % checkout.len();
            black_box(ws.open_checkout(&checkout[n], None).expect("open"))
        })
    });
    group.finish();
}

/// The same comparison measured fairly on a loaded machine: rounds of 1,000 opens of each kind,
/// alternated, so both kinds see the same load; the median round of each is reported and the
/// ratio printed (what benches/README.md quotes).
fn interleaved(c: &mut Criterion) {
    let (platform, ws, order, checkout) = setup();
    let _ = c;
    let round = |f: &dyn Fn(&str), links: &[String]| {
        let t = std::time::Instant::now();
        for l in links {
            f(l);
        }
        t.elapsed().as_secs_f64() / links.len() as f64 * 1e6
    };
    let store = platform.store().clone();
    type Open<'a> = Box<dyn Fn(&str) + 'a>;
    let cases: [(&str, Open); 4] = [
        (
            "store find_any_link",
            Box::new(move |l: &str| {
                black_box(store.find_any_link(&LinkCode::parse(l).expect("code")).expect("find"));
            }),
        ),
        (
            "parse only",
            Box::new(|l: &str| {
                black_box(LinkCode::parse(l).expect("code"));
            }),
        ),
        (
            "platform",
            Box::new(|l: &str| {
                black_box(platform.open_link(l, None).expect("open"));
            }),
        ),
        (
            "workspace",
            Box::new(|l: &str| {
                black_box(ws.open_link(l, None).expect("open"));
            }),
        ),
    ];
    for (name, f) in &cases {
        let (mut o, mut k) = (Vec::new(), Vec::new());
        for _ in 0..200 {
            o.push(round(f.as_ref(), &order));
            k.push(round(f.as_ref(), &checkout));
        }
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let (o, k) = (median(&mut o), median(&mut k));
        println!("interleaved {name}: order link {o:.3} µs, checkout link {k:.3} µs, checkout / order = {:.2}×", k / o);
    }
}

criterion_group!(benches, interleaved, open_links);
criterion_main!(benches);
