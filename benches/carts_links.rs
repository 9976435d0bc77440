//! Checkout links beside order links (CT3) on any store: the data set and the interleaved
//! timing shared by the SQLite and PostgreSQL carts benches (`sqlite/benches/carts.rs`,
//! `postgres/benches/carts.rs`; the memory store's is `benches/carts.rs`). The target: opening a
//! checkout link costs at most 1.2× opening an order link, measured in the same run.
//!
//! The store holds two workspaces; one has `customers` customers, the first `carts` of them with
//! an open 5-line cart and a checkout link. Rounds open each of the `carts` order links, then
//! each of the `carts` checkout links, alternately, so both kinds see the same load; each kind's
//! median round is reported.

use orderlink::*;
use rust_decimal::Decimal;
use std::hint::black_box;
use std::sync::Arc;

/// The filled store: the platform over it, the workspace with the carts, and the links.
pub struct Links {
    /// The store-level resolution (W2), as a host serving every supplier's `/order/{code}`.
    pub platform: Platform,
    /// The workspace holding the customers and carts.
    pub ws: Workspace,
    /// The order links of the customers with carts.
    pub order: Vec<String>,
    /// Their carts' checkout links.
    pub checkout: Vec<String>,
}

/// A count from the environment, else `default`.
pub fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

/// Fills `store` (empty) with the data set.
pub fn setup(store: Arc<dyn PlatformStore>, customers: usize, carts: usize) -> Links {
    let env = Env::new(Arc::new(SystemClock), Arc::new(SeededRandom::new(19)));
    let platform = Platform::new(store, env);
    let ws = platform.create_workspace(NewWorkspace::named("Bench Wholesale")).expect("workspace");
    platform.create_workspace(NewWorkspace::named("Other Wholesale")).expect("other");
    let products: Vec<Product> = (0..20)
        .map(|i| Product::new(format!("SKU-{i:03}"), format!("Product {i}"), Some(Decimal::new(100 + i, 2))))
        .collect();
    ws.upsert_products(products).expect("products");
    let agent = CartActor::agent("bench").expect("agent");
    let (mut order, mut checkout) = (Vec::new(), Vec::new());
    for i in 0..customers {
        let c = ws.create_customer(NewCustomer::named(format!("Customer {i}"))).expect("customer");
        if i < carts {
            order.push(ws.link_url(c.id).expect("url"));
            let cart = ws.open_cart(c.id, &agent, None).expect("cart");
            let edits: Vec<CartEdit> = (0..5)
                .map(|k| CartEdit::Add {
                    product: format!("SKU-{:03}", (i + k) % 20),
                    qty: Decimal::from(k as i64 + 1),
                    uom: None,
                })
                .collect();
            ws.update_cart(cart.id, &edits, &agent).expect("edit");
            checkout.push(ws.checkout_link(cart.id, None, &agent).expect("link").url);
        }
    }
    Links { platform, ws, order, checkout }
}

/// `rounds` alternated rounds of each kind through the workspace's store handle
/// (`Store::link_or_checkout`), the store (`PlatformStore::find_any_link`), the platform
/// (`Platform::open_link`) and the workspace (`Workspace::open_link`); prints each kind's median
/// round per open and the ratio, and returns the ratios in that order.
pub fn interleaved(label: &str, l: &Links, rounds: usize) -> [f64; 4] {
    let round = |f: &dyn Fn(&str), links: &[String]| {
        let t = std::time::Instant::now();
        for link in links {
            f(link);
        }
        t.elapsed().as_secs_f64() / links.len() as f64 * 1e6
    };
    let store = l.platform.store().clone();
    type Open<'a> = Box<dyn Fn(&str) + 'a>;
    let handle = l.ws.store().clone();
    let cases: [(&str, Open); 4] = [
        (
            "workspace's store link_or_checkout",
            Box::new(move |link: &str| {
                black_box(handle.link_or_checkout(&LinkCode::parse(link).expect("code")).expect("read"));
            }),
        ),
        (
            "store find_any_link",
            Box::new(move |link: &str| {
                black_box(store.find_any_link(&LinkCode::parse(link).expect("code")).expect("find"));
            }),
        ),
        (
            "Platform::open_link",
            Box::new(|link: &str| {
                black_box(l.platform.open_link(link, None).expect("open"));
            }),
        ),
        (
            "Workspace::open_link",
            Box::new(|link: &str| {
                black_box(l.ws.open_link(link, None).expect("open"));
            }),
        ),
    ];
    let mut ratios = [0.0; 4];
    for (i, (name, f)) in cases.iter().enumerate() {
        let (mut o, mut k) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            o.push(round(f.as_ref(), &l.order));
            k.push(round(f.as_ref(), &l.checkout));
        }
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let (o, k) = (median(&mut o), median(&mut k));
        ratios[i] = k / o;
        println!(
            "{label} interleaved {name}: order link {o:.2} µs, checkout link {k:.2} µs, checkout / order = {:.2}×",
            k / o
        );
    }
    ratios
}
