//! Several backend instances against one database: separate `PostgresStore` values, each with
//! its own pool and its own workspace handle, racing on the same new buyers, the same pending
//! records and the same customer codes. Nothing may be lost or doubled.

mod common;

use orderlink::orders::stats_of;
use orderlink::*;
use orderlink_postgres::{PostgresOptions, PostgresStore};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const INSTANCES: u64 = 3;

fn t0() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_767_225_600, 0).expect("t0")
}

/// The first instance owns a fresh schema (dropped at the end); the others connect to it, each
/// with a pool of its own and a random source of its own, as separate processes would.
fn instances(settings: NewWorkspace) -> (Arc<PostgresStore>, Vec<Workspace>) {
    let owner = Arc::new(common::fresh());
    let clock = Arc::new(ManualClock::new(t0()));
    let env = |seed: u64| Env::new(clock.clone(), Arc::new(SeededRandom::new(seed)));
    let first = Workspace::create(owner.clone(), env(1), settings).expect("workspace");
    let mut all = vec![first];
    for seed in 2..=INSTANCES {
        let options =
            PostgresOptions { schema: Some(owner.schema().to_owned()), max_connections: 3, ..Default::default() };
        let store = PostgresStore::connect_with(&common::url(), &options).expect("another instance");
        all.push(Workspace::open(Arc::new(store), env(seed)).expect("open"));
    }
    (owner, all)
}

fn buyer(k: usize) -> Buyer {
    Buyer::new(format!("Racer Buyer {k}"), format!("orders@racer{k}.example"))
}

/// P3, P4, P7: intakes of the same new keys from every instance while other threads map the
/// records of keys 0 and 1 and ignore those of key 2; key 3 is never reviewed.
#[test]
fn p3_p4_instances_racing_intakes_and_reviews_lose_and_double_nothing() {
    let (_owner, ws) = instances(NewWorkspace::named("Racing Wholesale"));
    let targets: Vec<Customer> = (0..2)
        .map(|k| ws[0].create_customer(NewCustomer::named(format!("Racer Buyer {k} Pty Ltd"))).expect("customer"))
        .collect();
    let keys = 4;
    let per_thread = 30;
    let running = AtomicUsize::new(ws.len() * 2);
    let (outcomes, reviews) = std::thread::scope(|s| {
        let intakes: Vec<_> = (0..ws.len() * 2)
            .map(|t| {
                let w = ws[t % ws.len()].clone();
                let running = &running;
                s.spawn(move || {
                    let link = w.workspace_link_url().expect("link");
                    let outcomes = (0..per_thread)
                        .map(|i| {
                            let k = (t + i) % keys;
                            let order = NewOrder::new(format!("T{t}-{i}"), Decimal::new(100 + i as i64, 2));
                            (k, w.intake_order(&link, Some(&buyer(k)), order).expect("intake"))
                        })
                        .collect::<Vec<_>>();
                    running.fetch_sub(1, Ordering::SeqCst);
                    outcomes
                })
            })
            .collect();
        let reviewers: Vec<_> = ws
            .iter()
            .map(|w| {
                let w = w.clone();
                let targets = targets.clone();
                let running = &running;
                s.spawn(move || {
                    let mut actions = 0;
                    while running.load(Ordering::SeqCst) > 0 {
                        actions += review_open(&w, &targets);
                    }
                    actions
                })
            })
            .collect();
        let reviews: usize = reviewers.into_iter().map(|h| h.join().expect("reviewer")).sum();
        let outcomes: Vec<(usize, IntakeOutcome)> =
            intakes.into_iter().flat_map(|h| h.join().expect("intake thread")).collect();
        (outcomes, reviews)
    });
    // A last pass after every intake, so keys 0-2 end reviewed.
    let reviews = reviews + review_open(&ws[0], &targets);

    let total = ws.len() * 2 * per_thread;
    assert_eq!(outcomes.len(), total);
    let records = ws[1].pending_buyers(true).expect("records");
    let mut on_records: HashMap<OrderId, PendingId> = HashMap::new();
    for p in &records {
        for o in &p.orders {
            assert!(on_records.insert(*o, p.id).is_none(), "order {o} on two records");
        }
    }
    let mut seen = HashSet::new();
    for (k, out) in &outcomes {
        match *out {
            IntakeOutcome::Pending { order_id, pending_id, .. } => {
                assert_eq!(on_records.get(&order_id), Some(&pending_id), "a pending order is on its record");
                assert!(seen.insert(order_id));
            }
            IntakeOutcome::AutoLinked { order_id, customer_id } => {
                assert!(*k < 2, "only mapped keys auto-link");
                assert_eq!(customer_id, targets[*k].id);
                assert!(!on_records.contains_key(&order_id), "an auto-linked order is on no record");
                assert!(seen.insert(order_id));
            }
            IntakeOutcome::Customer { .. } => panic!("no customer links in this test"),
        }
    }
    assert_eq!(seen.len(), total, "every order exactly once");

    for (k, target) in (0..keys).map(|k| (k, targets.get(k))) {
        let key = MatchKey::new(&buyer(k).business_name, &buyer(k).email);
        let of_key: Vec<&PendingBuyer> = records.iter().filter(|p| p.key == key).collect();
        let open = of_key.iter().filter(|p| p.state == PendingState::Open).count();
        match k {
            0 | 1 => {
                assert_eq!(of_key.len(), 1, "key {k}: one record, then auto-links");
                assert_eq!(of_key[0].state, PendingState::Mapped(target.expect("a target").id));
            }
            2 => assert_eq!(open, 0, "key 2: every record ignored ({} of them)", of_key.len()),
            _ => assert_eq!((of_key.len(), open), (1, 1), "key 3: one open record for all its orders"),
        }
    }
    // Every order has exactly one owner, and the owners agree with the records.
    let held: HashSet<OrderId> =
        ws[2].store().orders_of(OrderOwner::Placeholder).expect("held").iter().map(|o| o.id).collect();
    let mut owned = 0;
    for c in &targets {
        let orders = ws[2].store().orders_of(OrderOwner::Customer(c.id)).expect("orders");
        assert!(orders.iter().all(|o| !held.contains(&o.id)));
        let stored = ws[2].get_customer(c.id).expect("customer");
        assert_eq!(stored.stats, stats_of(&orders).expect("sum"), "stats follow the orders");
        owned += orders.len();
    }
    assert_eq!(owned + held.len(), total);
    for p in &records {
        let on_placeholder = p.orders.iter().filter(|o| held.contains(o)).count();
        match p.state {
            PendingState::Mapped(_) => assert_eq!(on_placeholder, 0, "a mapped record's orders all moved"),
            _ => assert_eq!(on_placeholder, p.orders.len(), "an unmapped record's orders wait"),
        }
    }
    let trail = ws[0].audit_trail().expect("trail");
    assert_eq!(trail.len(), reviews, "one audit entry per review that happened");
    assert_eq!(trail.iter().filter(|e| e.action == AuditAction::Map).count(), 2, "each key mapped once");
}

/// One reviewer pass: maps the open records of keys 0 and 1 to their customers and ignores
/// those of key 2. A record another instance reviewed first is `PENDING_NOT_OPEN`, nothing
/// else is expected. Returns how many reviews it made.
fn review_open(ws: &Workspace, targets: &[Customer]) -> usize {
    let mut done = 0;
    for p in ws.pending_buyers(false).expect("queue") {
        let result = if p.business_name == buyer(2).business_name {
            ws.ignore_pending(p.id, Some("racer"))
        } else if let Some(k) = (0..2).find(|k| p.business_name == buyer(*k).business_name) {
            ws.map_pending(p.id, targets[k].id, Some("racer"))
        } else {
            continue;
        };
        match result {
            Ok(_) => done += 1,
            Err(e) => assert_eq!(e.code(), "PENDING_NOT_OPEN", "{e}"),
        }
    }
    done
}

/// C2, L1: every instance creating customers with the same codes (in any case): each code is
/// taken once, the rest are refused with `CODE_TAKEN`, and no two customers share a link code.
#[test]
fn c2_l1_instances_creating_customers_share_no_code() {
    let (_owner, ws) = instances(NewWorkspace::named("Racing Codes"));
    let codes = 6;
    let results: Vec<Result<Customer>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..ws.len() * 2)
            .map(|t| {
                let w = ws[t % ws.len()].clone();
                s.spawn(move || {
                    (0..codes * 2)
                        .map(|i| {
                            let code = if (t + i) % 2 == 0 {
                                format!("race-{}", i % codes)
                            } else {
                                format!("RACE-{}", i % codes)
                            };
                            w.create_customer(NewCustomer {
                                code: Some(code),
                                ..NewCustomer::named(format!("Racer {t}-{i}"))
                            })
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("thread")).collect()
    });
    let created: Vec<&Customer> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(created.len(), codes, "each code once");
    assert!(results.iter().filter_map(|r| r.as_ref().err()).all(|e| e.code() == "CODE_TAKEN"));
    let stored = ws[1].store().all_customers().expect("all");
    assert_eq!(stored.len(), codes);
    let code_keys: HashSet<String> = stored.iter().filter_map(|c| c.code_key()).collect();
    let links: HashSet<&LinkCode> = stored.iter().map(|c| &c.link_code).collect();
    assert_eq!((code_keys.len(), links.len()), (codes, codes));
}

/// L1: instances inserting customers that carry one link code at the same moment: one wins, the
/// others get `LINK_CODE_TAKEN` from the database's own unique index.
#[test]
fn l1_instances_racing_for_one_link_code_one_wins() {
    let (_owner, ws) = instances(NewWorkspace::named("Racing Links"));
    let template = ws[0].create_customer(NewCustomer::named("Template")).expect("template");
    let settings = ws[0].settings().expect("settings");
    let u = Uniqueness { unique_names: false, workspace_code: settings.link_code };
    let contested = LinkCode::generate(&SeededRandom::new(99));
    let results: Vec<Result<()>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..ws.len() * 3)
            .map(|t| {
                let store = ws[t % ws.len()].store().clone();
                let mut c = template.clone();
                c.id = CustomerId(uuid::Uuid::from_u128(1_000 + t as u128));
                c.link_code = contested.clone();
                let u = u.clone();
                s.spawn(move || store.insert_customer(&c, &u))
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert!(results.iter().filter_map(|r| r.as_ref().err()).all(|e| e.code() == "LINK_CODE_TAKEN"));
    let holder = ws[2].store().customer_by_link_code(&contested).expect("lookup").expect("one holder");
    assert_ne!(holder.id, template.id);
}
