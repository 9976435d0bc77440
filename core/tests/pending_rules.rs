//! Rule tests for N1 and P1–P8 beyond the store-contract checks in the conformance suite.

use orderlink::*;
use rust_decimal::Decimal;
use std::sync::Arc;

fn ws_with(settings: NewWorkspace) -> Workspace {
    let clock = Arc::new(ManualClock::new("2026-03-01T09:00:00Z".parse().expect("time")));
    let env = Env::new(clock, Arc::new(SeededRandom::new(3)));
    Workspace::create(Arc::new(MemoryStore::new()), env, settings).expect("workspace")
}

fn ws() -> Workspace {
    ws_with(NewWorkspace::named("Harbour Foods"))
}

fn order(n: &str) -> NewOrder {
    NewOrder::new(n, Decimal::new(1_000, 2))
}

fn pending(ws: &Workspace, name: &str, email: &str) -> PendingId {
    let link = ws.workspace_link_url().unwrap();
    match ws.intake_order(&link, Some(&Buyer::new(name, email)), order("W-1")).unwrap() {
        IntakeOutcome::Pending { pending_id, .. } => pending_id,
        other => panic!("{other:?}"),
    }
}

#[test]
fn n1_key_is_the_pair_never_the_email_alone() {
    assert_eq!(MatchKey::new("Ｃorner\u{a0}Deli", " SHOP@X.example"), MatchKey::new("corner deli", "shop@x.example"));
    assert_ne!(MatchKey::new("Corner Deli", "shop@x.example"), MatchKey::new("Corner Bakery", "shop@x.example"));
}

#[test]
fn p1_customer_link_needs_no_buyer_and_skips_pending() {
    let ws = ws();
    let c = ws.create_customer(NewCustomer::named("Deli")).unwrap();
    let out = ws.intake_order(c.link_code.as_str(), None, order("A-1")).unwrap();
    assert!(matches!(out, IntakeOutcome::Customer { customer_id, .. } if customer_id == c.id));
    assert!(ws.pending_buyers(true).unwrap().is_empty());
}

#[test]
fn p1_blocked_unknown_and_trial_links_are_refused_and_write_nothing() {
    let ws = ws();
    let blocked = ws.create_customer(NewCustomer { order_web_blocked: true, ..NewCustomer::named("Blocked") }).unwrap();
    let err = ws.intake_order(blocked.link_code.as_str(), None, order("A-1")).unwrap_err();
    assert_eq!((err.code(), err.kind()), ("ORDERING_UNAVAILABLE", ErrorKind::Access));
    let err = ws.intake_order("ZZZZZZZZZZZZZZZZZZZZZZZZZW", None, order("A-1")).unwrap_err();
    assert_eq!(err.code(), "LINK_NOT_FOUND");
    ws.update_settings(SettingsPatch { trial_expired: Some(true), ..Default::default() }).unwrap();
    let link = ws.workspace_link_url().unwrap();
    let err = ws.intake_order(&link, Some(&Buyer::new("A", "a@a.example")), order("W-1")).unwrap_err();
    assert_eq!(err.code(), "TRIAL_EXPIRED");
    assert_eq!(ws.get_customer(blocked.id).unwrap().stats.orders, 0);
    assert!(ws.pending_buyers(true).unwrap().is_empty());
}

#[test]
fn p3_workspace_link_needs_a_valid_buyer() {
    let ws = ws();
    let link = ws.workspace_link_url().unwrap();
    assert_eq!(ws.intake_order(&link, None, order("W-1")).unwrap_err().code(), "INVALID_ARGUMENT");
    let bad = Buyer::new("Shop", "not-an-email");
    assert_eq!(ws.intake_order(&link, Some(&bad), order("W-1")).unwrap_err().code(), "EMAIL_INVALID");
    let blank = Buyer::new("  ", "a@a.example");
    assert_eq!(ws.intake_order(&link, Some(&blank), order("W-1")).unwrap_err().code(), "NAME_REQUIRED");
    let neg = NewOrder::new("W-1", Decimal::new(-1, 0));
    assert_eq!(
        ws.intake_order(&link, Some(&Buyer::new("A", "a@a.example")), neg).unwrap_err().code(),
        "INVALID_ARGUMENT"
    );
    assert!(ws.pending_buyers(true).unwrap().is_empty());
}

#[test]
fn p3_repeat_buyer_joins_the_open_record() {
    let ws = ws();
    let link = ws.workspace_link_url().unwrap();
    let first = pending(&ws, "Bay Cafe", "bay@cafe.example");
    let out = ws.intake_order(&link, Some(&Buyer::new("BAY  cafe", "Bay@Cafe.example")), order("W-2")).unwrap();
    assert!(matches!(out, IntakeOutcome::Pending { pending_id, new_record: false, .. } if pending_id == first));
    assert_eq!(ws.get_pending(first).unwrap().orders.len(), 2);
}

#[test]
fn p4_create_and_map_refused_under_contacts_sync() {
    let ws = ws();
    let id = pending(&ws, "New Co", "n@new.example");
    let sync = ContactsSync { enabled: true, connected: true, phone_mapped: false };
    ws.update_settings(SettingsPatch { contacts_sync: Some(sync.into()), ..Default::default() }).unwrap();
    let err = ws.create_and_map(id, None, None).unwrap_err();
    assert_eq!(err.code(), "SOURCE_OF_TRUTH_EXTERNAL");
    assert_eq!(ws.get_pending(id).unwrap().state, PendingState::Open);
}

#[test]
fn p4_unknown_pending_is_not_found() {
    let ws = ws();
    let c = ws.create_customer(NewCustomer::named("A")).unwrap();
    let nobody = PendingId(uuid::Uuid::from_u128(1));
    assert_eq!(ws.map_pending(nobody, c.id, None).unwrap_err().code(), "PENDING_NOT_FOUND");
    assert_eq!(ws.ignore_pending(nobody, None).unwrap_err().code(), "PENDING_NOT_FOUND");
}

#[test]
fn p8_suggestions_rank_same_key_then_email_then_similar_name() {
    let ws = ws();
    let with = |name: &str, email: Option<&str>| {
        ws.create_customer(NewCustomer { email: email.map(str::to_owned), ..NewCustomer::named(name) }).unwrap().id
    };
    let similar = with("Corner Deli Pty Ltd", None);
    let same_email = with("Corner Group Holdings", Some("orders@corner.example"));
    let same_key = with("corner  DELI", Some("Orders@Corner.example"));
    let _unrelated = with("Harbour Bakery", Some("b@harbour.example"));
    let id = pending(&ws, "Corner Deli", "orders@corner.example");
    let got = ws.suggest_customers(id).unwrap();
    let ids: Vec<CustomerId> = got.iter().map(|s| s.customer_id).collect();
    assert_eq!(ids, vec![same_key, same_email, similar]);
    assert_eq!(got[0].reason, SuggestionReason::SameKey);
    assert_eq!(got[1].reason, SuggestionReason::SameEmail);
    assert!(matches!(got[2].reason, SuggestionReason::SimilarName { score } if score > 0.99), "suffixes dropped");
    assert_eq!(ws.get_pending(id).unwrap().state, PendingState::Open, "suggestions never map");
}

#[test]
fn p8_legal_suffixes_are_dropped_before_comparing() {
    assert_eq!(pending::name_core("The Corner Deli Pty. Ltd."), "corner deli");
    assert_eq!(pending::name_core("Acme LLC"), pending::name_core("ACME, Inc."));
    assert_eq!(pending::name_core("Ltd"), "ltd", "a name is never dropped whole");
}
