//! W4: the memory store serves lists from its own index (folded fields, trigram posting lists,
//! a name order); every page must equal the core's listing over every customer (C5, C6).

use orderlink::*;
use proptest::prelude::*;
use std::sync::Arc;

const WORDS: &[&str] = &["Deli", "délí", "Café", "CAFE", "Straße", "strasse", "ab", "Ab", "Zeta", "Ω", "ﬁne", "x"];
const TERMS: &[&str] =
    &["deli", "DEL", "e", "é", "ss", "straße", "caf", "ab", "a", "ω", "fin", "zz", "shop1", "5", "\0", "de\0", " "];

fn workspace() -> Workspace {
    let env = Env::new(Arc::new(ManualClock::new(chrono::DateTime::UNIX_EPOCH)), Arc::new(SeededRandom::new(7)));
    Workspace::create(Arc::new(MemoryStore::new()), env, NewWorkspace::named("W4")).expect("workspace")
}

#[derive(Debug, Clone)]
enum Op {
    Create { name: (usize, usize), code: Option<u8>, email: bool, phone: Option<u16>, who: u8 },
    Rename { at: usize, name: (usize, usize) },
    Deactivate { at: usize },
    Delete { at: usize },
    Order { at: usize, draft: bool },
}

fn op() -> impl Strategy<Value = Op> {
    let name = (0..WORDS.len(), 0..WORDS.len());
    prop_oneof![
        4 => (name.clone(), proptest::option::of(any::<u8>()), any::<bool>(), proptest::option::of(any::<u16>()), 0u8..4)
            .prop_map(|(name, code, email, phone, who)| Op::Create { name, code, email, phone, who }),
        1 => (any::<usize>(), name).prop_map(|(at, name)| Op::Rename { at, name }),
        1 => any::<usize>().prop_map(|at| Op::Deactivate { at }),
        1 => any::<usize>().prop_map(|at| Op::Delete { at }),
        2 => (any::<usize>(), any::<bool>()).prop_map(|(at, draft)| Op::Order { at, draft }),
    ]
}

fn sort_key() -> impl Strategy<Value = SortKey> {
    prop_oneof![
        Just(SortKey::Name),
        Just(SortKey::Code),
        Just(SortKey::Email),
        Just(SortKey::Phone),
        Just(SortKey::Contact),
        Just(SortKey::Active),
        Just(SortKey::CreatedAt),
        Just(SortKey::Orders),
    ]
}

fn query() -> impl Strategy<Value = CustomerQuery> {
    (
        prop_oneof![Just(StatusFilter::Active), Just(StatusFilter::Inactive), Just(StatusFilter::All)],
        proptest::option::of(0..TERMS.len()),
        sort_key(),
        any::<bool>(),
        0usize..30,
        1usize..12,
        (0u8..4, 0u8..3, 0u8..3),
        proptest::option::of(1usize..40),
    )
        .prop_map(|(filter, term, sort, descending, offset, limit, (who, tag, kind), count_limit)| CustomerQuery {
            filter,
            search: term.map(|t| TERMS[t].to_owned()),
            sort,
            descending,
            offset,
            limit,
            // C6: a guest sees the customers it manages; 0 is the admin.
            viewer: if who == 0 { Viewer::Admin } else { Viewer::Guest(user(who)) },
            tag: [None, Some("vip".to_owned()), Some(" VIP ".to_owned())][tag as usize].clone(),
            kind: [None, Some(CustomerKind::Lead), Some(CustomerKind::Customer)][kind as usize],
            // W4: a bounded count below, at and above the match count.
            count_limit,
            ..Default::default()
        })
}

fn user(n: u8) -> UserId {
    UserId(uuid::Uuid::from_u128(u128::from(n)))
}

fn name_of((a, b): (usize, usize)) -> String {
    format!("{} {}", WORDS[a], WORDS[b])
}

fn apply(ws: &Workspace, ids: &mut Vec<CustomerId>, op: &Op) {
    match op {
        Op::Create { name, code, email, phone, who } => {
            let n = ids.len();
            let c = ws.create_customer(NewCustomer {
                managed_by: (*who > 0).then(|| user(*who)),
                tags: if who % 2 == 1 { vec!["VIP".to_owned()] } else { Vec::new() },
                code: code.map(|c| format!("SHOP{c}")),
                email: email.then(|| format!("shop{n}@deli.example")),
                phone: phone.map(|p| format!("+61 {p}")),
                ..NewCustomer::named(name_of(*name))
            });
            if let Ok(c) = c {
                ids.push(c.id);
            }
        }
        Op::Rename { at, name } if !ids.is_empty() => {
            let id = ids[at % ids.len()];
            let patch = CustomerPatch { name: Some(name_of(*name)), ..Default::default() };
            ws.update_customer(id, patch).expect("rename");
        }
        Op::Deactivate { at } if !ids.is_empty() => {
            let id = ids[at % ids.len()];
            ws.update_customer(id, CustomerPatch { active: Some(false), ..Default::default() }).expect("deactivate");
        }
        Op::Delete { at } if !ids.is_empty() => {
            let id = ids[at % ids.len()];
            // C7: a customer with orders is not deleted; it stays listed.
            if ws.delete_customer(id).is_ok() {
                ids.retain(|i| *i != id);
            }
        }
        Op::Order { at, draft } if !ids.is_empty() => {
            let id = ids[at % ids.len()];
            let status = if *draft { OrderStatus::Draft } else { OrderStatus::Confirmed };
            let order = NewOrder { status, ..NewOrder::new(format!("O-{at}"), rust_decimal::Decimal::ONE) };
            // An inactive customer's link may refuse the order; either way the list must agree.
            let _ = ws.intake_order(&ws.link_url(id).expect("url"), None, order);
        }
        _ => {}
    }
}

/// The store's answer is the core's: the same page, or the same refusal (R4: a term holding a
/// NUL is refused by both).
fn assert_same(ws: &Workspace, q: &CustomerQuery) {
    let store = ws.store();
    let expected = orderlink::listing::list(store.all_customers().expect("all"), q).map_err(|e| e.code());
    assert_eq!(store.list_customers(q).map_err(|e| e.code()), expected, "{q:?}");
    if q.search.as_deref().is_some_and(|t| t.contains('\0')) {
        assert_eq!(expected, Err("TEXT_INVALID"), "{q:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// W4, C5: after any creates, renames, deactivations and deletes, every query's page from
    /// the memory store's index equals the core's listing.
    #[test]
    fn w4_memory_index_listing_equals_core_listing(
        ops in proptest::collection::vec(op(), 0..60),
        queries in proptest::collection::vec(query(), 1..12),
    ) {
        let ws = workspace();
        let mut ids = Vec::new();
        for op in &ops {
            apply(&ws, &mut ids, op);
        }
        for q in &queries {
            assert_same(&ws, q);
        }
    }
}

/// W4: past the point where dead index slots are dropped (many renames and deletes), pages
/// still equal the core's, page 1 and deep pages alike.
#[test]
fn w4_memory_index_survives_compaction() {
    let ws = workspace();
    let mut ids = Vec::new();
    for i in 0..1500 {
        apply(
            &ws,
            &mut ids,
            &Op::Create {
                name: (i % WORDS.len(), (i / 7) % WORDS.len()),
                code: None,
                email: true,
                phone: None,
                who: 0,
            },
        );
    }
    // Each rename leaves a dead slot, each delete one: enough to pass twice the live ones.
    for i in 0..3000 {
        if i % 3 == 0 {
            apply(&ws, &mut ids, &Op::Delete { at: i * 31 });
        } else {
            apply(&ws, &mut ids, &Op::Rename { at: i * 17, name: (i % 5, i % 3) });
        }
    }
    for search in [None, Some("deli"), Some("e"), Some("shop1")] {
        for (offset, limit) in [(0, 50), (100, 50), (700, 1000)] {
            for (descending, count_limit) in [(false, None), (true, None), (false, Some(10)), (true, Some(500))] {
                let q = CustomerQuery {
                    filter: StatusFilter::All,
                    search: search.map(str::to_owned),
                    offset,
                    limit,
                    descending,
                    count_limit,
                    ..Default::default()
                };
                assert_same(&ws, &q);
            }
        }
    }
}
