//! The store conformance suite: the behaviour every [`Store`] must show, runnable against any
//! implementation. An embedder with its own store writes one line in a test file:
//!
//! ```ignore
//! orderlink::store_conformance_tests!(|| std::sync::Arc::new(MyStore::connect_to_a_fresh_db()));
//! ```
//!
//! and gets one `#[test]` per check below. Each check takes a factory that returns a new,
//! empty store every time it is called. Checks panic (assert) on a failure, as tests do.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support: a failed check panics, as a test does

use crate::customer::{Customer, NewCustomer, OrderStats};
use crate::env::{Clock, ManualClock, SeededRandom};
use crate::error::Error;
use crate::ids::CustomerId;
use crate::link::LinkCode;
use crate::listing::{CustomerQuery, StatusFilter};
use crate::orders::{NewOrder, OrderOwner};
use crate::pending::{AuditAction, Buyer, IntakeOutcome, PendingState};
use crate::settings::{ContactsSync, NewWorkspace, SettingsPatch, VerificationPolicy};
use crate::store::{PlatformStore, Uniqueness};
use crate::sync::SyncRecord;
use crate::workspace::{Env, Workspace};
use crate::{CustomerPatch, PendingId};
use rust_decimal::Decimal;
use std::sync::Arc;

/// A function that makes a new, empty store.
pub type Factory<'a> = &'a dyn Fn() -> Arc<dyn PlatformStore>;

/// Stamps out one `#[test]` per conformance check for the store the factory makes.
#[macro_export]
macro_rules! store_conformance_tests {
    ($factory:expr) => {
        $crate::store_conformance_tests!(@each $factory;
            settings_roundtrip, create_refuses_a_used_store_open_refuses_an_empty_one, c2_code_unique_without_case, c2_concurrent_creates_one_code_wins,
            c4_unique_names_when_policy_on, c5_store_listing_matches_core_listing,
            c7_delete_refused_with_orders, c7_delete_without_orders, l1_link_codes_never_reused,
            l1_link_code_never_equals_workspace_code, l5_rotation_audited_old_code_unknown,
            stale_write_is_refused, concurrent_updates_lose_nothing, s3_sync_batch_all_or_nothing,
            s3_sync_upserts_by_external_id, a3_challenge_single_use, a3_challenge_rate_limit,
            a3_session_roundtrip, a3_lockout_counts_failures_locks_and_audits, a3_lockout_lifted_by_the_supplier,
            a3_pass_resets_the_failure_count, a3_lockout_state_is_per_customer,
            a3_concurrent_failures_each_count_and_lock_once, p1_customer_link_attaches_with_stats, p2_mapped_key_auto_links_only_to_active,
            p3_concurrent_intakes_make_one_record_per_key, p4_map_moves_orders_and_stats,
            p4_create_and_map_is_all_or_nothing, p4_ignore_keeps_the_record_out_of_the_queue,
            p5_remap_moves_orders_again_and_audits, p6_placeholder_orders_cannot_be_invoiced,
            p7_order_after_ignore_opens_a_new_record, p_placeholder_never_listed_or_counted,
            b1_message_templates_survive_the_store, b2_deliveries_and_last_sent,
            b2_last_sent_of_equal_times_is_the_last_recorded, ac1_activity_between_is_half_open_and_ordered,
            c5_store_listing_filters_tag_kind_address, c5_lead_until_a_draft_is_placed, notes_kept_and_go_with_customer,
            r3_two_maximum_totals_on_one_link, r4_preview_never_promises_a_row_confirm_cannot_write,
            r4_a_list_query_holding_a_control_character_is_refused,
            w1_workspaces_created_listed_and_opened, w1_customers_isolated, w1_sync_isolated,
            w1_orders_pending_and_mappings_isolated, w1_prices_isolated,
            w1_verification_messages_activity_notes_isolated, w1_concurrent_intakes_into_different_workspaces,
            w1_single_workspace_serves_one_handle, w2_links_resolve_across_workspaces,
            w2_rotated_code_answers_unknown_everywhere, w2_codes_never_reissued_in_another_workspace,
            w3_codes_names_and_keys_per_workspace, w4_listing_per_workspace_matches_core,
            w4_count_limit_bounds_the_total_not_the_page, w4_many_matches_pages_equal_core,
            pr5_pr6_breaks_and_windows_survive_the_store, pr8_frozen_lines_survive_the_store,
            ct1_one_open_cart_per_customer_closed_ones_kept, ct1_cart_survives_what_blocks_submitting,
            ct2_edits_by_sku_or_name_record_their_author, ct3_checkout_code_shares_the_link_code_space,
            ct3_checkout_link_stops_when_closed_rotated_or_expired, ct4_submission_is_an_intake_with_attribution,
            ct4_pr8_submitted_lines_frozen_as_an_intake_freezes,
            ct4_sixteen_concurrent_submissions_make_one_order, ct5_open_carts_listed_filtered_and_abandoned,
            i7_saved_mappings_roundtrip, i9_undo_reverses_a_batch_once, i9_undo_keeps_edits_and_orders_since,
            i9_undo_keeps_a_restore_that_would_clash, i9_concurrent_undos_one_wins, i9_batches_are_per_workspace,
            i9_undo_beside_concurrent_edits, i9_undo_under_unique_names);
    };
    (@each $factory:expr; $($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                $crate::conformance::$name(&$factory);
            }
        )*
    };
}

fn t0() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default() // 2026-01-01T00:00:00Z
}

/// A workspace over a fresh store, a manual clock and a seeded generator.
fn workspace(factory: Factory<'_>, settings: NewWorkspace) -> (Workspace, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(t0()));
    let env = Env::new(clock.clone(), Arc::new(SeededRandom::new(42)));
    let ws = Workspace::create(factory(), env, settings).expect("create workspace");
    (ws, clock)
}

fn plain(factory: Factory<'_>) -> Workspace {
    workspace(factory, NewWorkspace::named("Conformance Wholesale")).0
}

fn named(name: &str, code: Option<&str>) -> NewCustomer {
    NewCustomer { code: code.map(str::to_owned), ..NewCustomer::named(name) }
}

fn uniqueness(ws: &Workspace) -> Uniqueness {
    let s = ws.settings().expect("settings");
    Uniqueness { unique_names: s.unique_names, workspace_code: s.link_code }
}

fn all(ws: &Workspace) -> Vec<Customer> {
    let q = CustomerQuery { filter: StatusFilter::All, limit: crate::listing::MAX_PAGE_SIZE, ..Default::default() };
    ws.list_customers(&q).expect("list").items
}

/// Settings written are read back unchanged, and a reopened workspace sees them.
pub fn settings_roundtrip(factory: Factory<'_>) {
    let root = factory();
    let ws = Workspace::create(
        root.clone(),
        Env::system(),
        NewWorkspace { strict_security: true, ..NewWorkspace::named("Roundtrip") },
    )
    .expect("create");
    let saved =
        ws.update_settings(SettingsPatch { currency: Some("aud".into()), ..Default::default() }).expect("update");
    assert_eq!(saved.currency, "AUD");
    assert_eq!(saved.id, ws.id().expect("id"));
    let reopened = Workspace::open(root.clone(), Env::system()).expect("open");
    assert_eq!(reopened.settings().expect("settings"), saved);
}

/// A store holds one workspace: creating a second in it is refused (`WORKSPACE_EXISTS`) and
/// leaves the first as it was; opening an empty store is refused (`WORKSPACE_NOT_FOUND`).
pub fn create_refuses_a_used_store_open_refuses_an_empty_one(factory: Factory<'_>) {
    let root = factory();
    let err = Workspace::open(root.clone(), Env::system()).expect_err("empty store");
    assert_eq!(err.code(), "WORKSPACE_NOT_FOUND");
    assert_eq!(root.workspaces().expect("workspaces"), vec![]);
    let ws = Workspace::create(root.clone(), Env::system(), NewWorkspace::named("First")).expect("create");
    let before = ws.settings().expect("settings");
    let err = Workspace::create(root.clone(), Env::system(), NewWorkspace::named("Second")).expect_err("used");
    assert_eq!(err.code(), "WORKSPACE_EXISTS");
    assert_eq!(ws.settings().expect("settings"), before);
}

/// C2: a code is unique without case; the refused write changes nothing.
pub fn c2_code_unique_without_case(factory: Factory<'_>) {
    let ws = plain(factory);
    ws.create_customer(named("First", Some("abc-1"))).expect("first");
    let before = all(&ws);
    let err = ws.create_customer(named("Second", Some("ABC-1"))).expect_err("same code");
    assert_eq!(err.code(), "CODE_TAKEN");
    assert_eq!(all(&ws), before);
    let second = ws.create_customer(named("Second", Some("abc-2"))).expect("second");
    let err = ws
        .update_customer(second.id, CustomerPatch { code: Some(Some("Abc-1".into())), ..Default::default() })
        .expect_err("update to a taken code");
    assert_eq!(err.code(), "CODE_TAKEN");
    assert_eq!(ws.get_customer(second.id).expect("get").code.as_deref(), Some("abc-2"));
}

/// C2: many threads creating customers with the same code: exactly one wins.
pub fn c2_concurrent_creates_one_code_wins(factory: Factory<'_>) {
    let ws = plain(factory);
    let results: Vec<Result<Customer, Error>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let ws = ws.clone();
                s.spawn(move || ws.create_customer(named(&format!("Racer {i}"), Some("RACE"))))
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert!(results.iter().filter_map(|r| r.as_ref().err()).all(|e| e.code() == "CODE_TAKEN"));
    assert_eq!(all(&ws).len(), 1);
}

/// C4: with the policy on, names are unique after N1; off, duplicates are allowed.
pub fn c4_unique_names_when_policy_on(factory: Factory<'_>) {
    let ws = plain(factory);
    ws.create_customer(named("Acme Pty Ltd", None)).expect("first");
    ws.create_customer(named("ACME  pty ltd", None)).expect("policy off: duplicate allowed");
    let (ws, _) = workspace(factory, NewWorkspace { unique_names: true, ..NewWorkspace::named("Unique") });
    ws.create_customer(named("Acme Pty Ltd", None)).expect("first");
    let err = ws.create_customer(named("  acme PTY   ltd", None)).expect_err("same name after N1");
    assert_eq!(err.code(), "NAME_TAKEN");
    let other = ws.create_customer(named("Other", None)).expect("other");
    let err = ws
        .update_customer(other.id, CustomerPatch { name: Some("ACME PTY LTD".into()), ..Default::default() })
        .expect_err("rename onto a taken name");
    assert_eq!(err.code(), "NAME_TAKEN");
    // Renaming a customer to its own name in other case is not a clash with itself.
    ws.update_customer(other.id, CustomerPatch { name: Some("OTHER".into()), ..Default::default() }).expect("self");
}

/// C5: a store's own `list_customers` gives the same pages as the core's listing.
pub fn c5_store_listing_matches_core_listing(factory: Factory<'_>) {
    let ws = plain(factory);
    for (i, name) in ["Zeta", "alpha", "Émile", "beta", "Delta", "gamma"].iter().enumerate() {
        let c = ws
            .create_customer(NewCustomer {
                email: Some(format!("{}@shop{i}.example", name.to_lowercase())),
                ..named(name, Some(&format!("C{i}")))
            })
            .expect("create");
        if i % 2 == 1 {
            ws.update_customer(c.id, CustomerPatch { active: Some(false), ..Default::default() }).expect("deactivate");
        }
    }
    let store = ws.store().clone();
    for filter in [StatusFilter::Active, StatusFilter::Inactive, StatusFilter::All] {
        for search in [None, Some("e"), Some("EMILE"), Some("shop3")] {
            // W4: a count limit below, at and above the match count, offsets past it.
            for count_limit in [None, Some(1), Some(2), Some(3), Some(6)] {
                for (offset, limit) in [(0, 50), (1, 2), (3, 2)] {
                    let q = CustomerQuery {
                        filter,
                        search: search.map(str::to_owned),
                        offset,
                        limit,
                        count_limit,
                        ..Default::default()
                    };
                    let expected = crate::listing::list(store.all_customers().expect("all"), &q).expect("core list");
                    assert_eq!(store.list_customers(&q).expect("store list"), expected, "{q:?}");
                }
            }
        }
    }
}

/// C7: a customer with orders is never deleted.
pub fn c7_delete_refused_with_orders(factory: Factory<'_>) {
    let ws = plain(factory);
    let mut c = ws.create_customer(named("Has Orders", None)).expect("create");
    let version = c.version;
    c.stats = OrderStats { orders: 2, amount: Decimal::new(12_550, 2), last_order_at: Some(t0()), drafts: 0 };
    c.version += 1;
    ws.store().replace_customer(&c, version, &uniqueness(&ws)).expect("set stats");
    let err = ws.delete_customer(c.id).expect_err("has orders");
    assert_eq!(err.code(), "CUSTOMER_HAS_ORDERS");
    assert_eq!(ws.get_customer(c.id).expect("still there").stats.orders, 2);
}

/// C7: one without orders may be deleted; its link then answers as unknown.
pub fn c7_delete_without_orders(factory: Factory<'_>) {
    let ws = plain(factory);
    let c = ws.create_customer(named("No Orders", None)).expect("create");
    ws.delete_customer(c.id).expect("delete");
    assert_eq!(ws.get_customer(c.id).expect_err("gone").code(), "CUSTOMER_NOT_FOUND");
    assert_eq!(ws.resolve_link(c.link_code.as_str()).expect("resolve"), crate::LinkTarget::Unknown);
    assert_eq!(ws.delete_customer(c.id).expect_err("twice").code(), "CUSTOMER_NOT_FOUND");
}

/// L1: a code in use, retired by rotation or freed by deletion is never issued again.
pub fn l1_link_codes_never_reused(factory: Factory<'_>) {
    let ws = plain(factory);
    let u = uniqueness(&ws);
    let a = ws.create_customer(named("A", None)).expect("a");
    let b = ws.create_customer(named("B", None)).expect("b");
    let old_b = b.link_code.clone();
    ws.rotate_link(b.id, None, None).expect("rotate");
    ws.delete_customer(a.id).expect("delete");
    for code in [a.link_code.clone(), old_b, ws.get_customer(b.id).expect("b").link_code] {
        let mut clash = a.clone();
        clash.id = CustomerId(uuid::Uuid::from_u128(code.as_str().len() as u128 + 7));
        clash.link_code = code;
        clash.code = None;
        let err = ws.store().insert_customer(&clash, &u).expect_err("code reused");
        assert_eq!(err.code(), "LINK_CODE_TAKEN");
    }
}

/// L1: a customer's code never equals the workspace's code.
pub fn l1_link_code_never_equals_workspace_code(factory: Factory<'_>) {
    let ws = plain(factory);
    let u = uniqueness(&ws);
    let mut c = ws.create_customer(named("A", None)).expect("a");
    c.id = CustomerId(uuid::Uuid::from_u128(1));
    c.link_code = u.workspace_code.clone();
    assert_eq!(ws.store().insert_customer(&c, &u).expect_err("workspace code").code(), "LINK_CODE_TAKEN");
}

/// L5: rotation issues a new code, the old one answers unknown, and it is audited.
pub fn l5_rotation_audited_old_code_unknown(factory: Factory<'_>) {
    let (ws, clock) = workspace(factory, NewWorkspace::named("Rotate"));
    let c = ws.create_customer(named("Leaky", None)).expect("create");
    clock.advance(chrono::Duration::hours(1));
    let rotated = ws.rotate_link(c.id, Some("admin@supplier"), Some("link posted publicly")).expect("rotate");
    assert_ne!(rotated.link_code, c.link_code);
    assert_eq!(ws.resolve_link(c.link_code.as_str()).expect("old"), crate::LinkTarget::Unknown);
    assert_eq!(
        ws.resolve_link(rotated.link_code.as_str()).expect("new"),
        crate::LinkTarget::Customer { customer_id: c.id }
    );
    let trail = ws.link_rotations(c.id).expect("trail");
    assert_eq!(trail.len(), 1);
    assert_eq!((trail[0].old_code.clone(), trail[0].new_code.clone()), (c.link_code, rotated.link_code));
    assert_eq!(trail[0].by.as_deref(), Some("admin@supplier"));
    assert_eq!(trail[0].at, t0() + chrono::Duration::hours(1));
}

/// A write against an old version is refused and changes nothing.
pub fn stale_write_is_refused(factory: Factory<'_>) {
    let ws = plain(factory);
    let c = ws.create_customer(named("Versioned", None)).expect("create");
    let updated = ws
        .update_customer(c.id, CustomerPatch { phone: Some(Some("1".into())), ..Default::default() })
        .expect("update");
    assert_eq!(updated.version, c.version + 1);
    let mut stale = c.clone();
    stale.name = "Lost".into();
    stale.version = c.version + 1;
    let err = ws.store().replace_customer(&stale, c.version, &uniqueness(&ws)).expect_err("stale");
    assert_eq!(err.code(), "STALE_WRITE");
    assert_eq!(ws.get_customer(c.id).expect("get"), updated);
}

/// Threads updating different fields of one customer at once: every change survives.
pub fn concurrent_updates_lose_nothing(factory: Factory<'_>) {
    let ws = plain(factory);
    let c = ws.create_customer(named("Busy", None)).expect("create");
    std::thread::scope(|s| {
        let ws1 = ws.clone();
        s.spawn(move || {
            for i in 0..20 {
                ws1.update_customer(c.id, CustomerPatch { phone: Some(Some(format!("p{i}"))), ..Default::default() })
                    .expect("phone");
            }
        });
        let ws2 = ws.clone();
        s.spawn(move || {
            for i in 0..20 {
                ws2.update_customer(c.id, CustomerPatch { contact: Some(Some(format!("c{i}"))), ..Default::default() })
                    .expect("contact");
            }
        });
    });
    let end = ws.get_customer(c.id).expect("get");
    assert_eq!((end.phone.as_deref(), end.contact.as_deref()), (Some("p19"), Some("c19")));
    assert_eq!(end.version, c.version + 40);
}

fn synced(factory: Factory<'_>) -> Workspace {
    let sync = ContactsSync { enabled: true, connected: true, phone_mapped: false };
    workspace(factory, NewWorkspace { contacts_sync: sync, ..NewWorkspace::named("Synced") }).0
}

fn record(external_id: &str, name: &str, code: Option<&str>) -> SyncRecord {
    SyncRecord { code: code.map(str::to_owned), ..SyncRecord::new(external_id, name) }
}

/// S3: a batch that fails part-way writes nothing.
pub fn s3_sync_batch_all_or_nothing(factory: Factory<'_>) {
    let ws = synced(factory);
    ws.apply_contacts_sync(&[record("x-1", "One", Some("ONE"))]).expect("first batch");
    let before = all(&ws);
    let err = ws
        .apply_contacts_sync(&[
            record("x-1", "One renamed", Some("ONE")),
            record("x-2", "Two", None),
            record("x-3", "Three", Some("one")),
        ])
        .expect_err("code clash in the last record");
    assert_eq!(err.code(), "CODE_TAKEN");
    assert_eq!(all(&ws), before);
}

/// S3: upsert by external id; locked fields change only here; order_web_blocked is untouched.
pub fn s3_sync_upserts_by_external_id(factory: Factory<'_>) {
    let ws = synced(factory);
    let report = ws.apply_contacts_sync(&[record("x-1", "One", None), record("x-2", "Two", None)]).expect("create");
    assert_eq!((report.created.len(), report.updated.len()), (2, 0));
    let one = ws.get_customer(report.created[0]).expect("one");
    ws.update_customer(one.id, CustomerPatch { order_web_blocked: Some(true), ..Default::default() }).expect("block");
    let report = ws
        .apply_contacts_sync(&[record("x-1", "One Renamed", Some("C1")), record("x-2", "Two", None)])
        .expect("update");
    assert_eq!((report.created.len(), report.updated, report.unchanged.len()), (0, vec![one.id], 1));
    let after = ws.get_customer(one.id).expect("one");
    assert_eq!((after.name.as_str(), after.code.as_deref()), ("One Renamed", Some("C1")));
    assert!(after.order_web_blocked);
    assert_eq!(after.link_code, one.link_code);
}

fn strict(factory: Factory<'_>, policy: VerificationPolicy) -> (Workspace, Arc<ManualClock>, Customer) {
    let (ws, clock) = workspace(
        factory,
        NewWorkspace { strict_security: true, verification: policy, ..NewWorkspace::named("Strict") },
    );
    let c = ws
        .create_customer(NewCustomer { email: Some("buyer@deli.example".into()), ..NewCustomer::named("Deli") })
        .expect("create");
    (ws, clock, c)
}

/// A3: a challenge can be answered once; the second answer finds nothing.
pub fn a3_challenge_single_use(factory: Factory<'_>) {
    let (ws, _, c) = strict(factory, VerificationPolicy::default());
    let start = ws.start_verification(c.link_code.as_str()).expect("start");
    let wrong = start.options.iter().find(|o| **o != start.code_word).expect("a wrong option");
    assert_eq!(ws.complete_verification(start.challenge_id, wrong).expect_err("wrong").code(), "VERIFICATION_FAILED");
    let err = ws.complete_verification(start.challenge_id, &start.code_word).expect_err("used up");
    assert_eq!(err.code(), "CHALLENGE_NOT_FOUND");
}

/// A3: at most `max_challenges` per window; the window slides.
pub fn a3_challenge_rate_limit(factory: Factory<'_>) {
    let policy = VerificationPolicy { max_challenges: 3, window_secs: 600, ..Default::default() };
    let (ws, clock, c) = strict(factory, policy);
    for _ in 0..3 {
        ws.start_verification(c.link_code.as_str()).expect("within limit");
        clock.advance(chrono::Duration::seconds(60));
    }
    let err = ws.start_verification(c.link_code.as_str()).expect_err("over limit");
    assert_eq!(err.code(), "RATE_LIMITED");
    assert!(matches!(err, Error::RateLimited { retry_after_secs } if retry_after_secs == 420));
    clock.advance(chrono::Duration::seconds(421));
    ws.start_verification(c.link_code.as_str()).expect("the first one left the window");
}

/// A3: a passed challenge gives a session the store finds again until it expires.
pub fn a3_session_roundtrip(factory: Factory<'_>) {
    let (ws, clock, c) = strict(factory, VerificationPolicy::default());
    let url = ws.link_url(c.id).expect("url");
    let start = ws.start_verification(&url).expect("start");
    let session = ws.complete_verification(start.challenge_id, &start.code_word).expect("pass");
    assert!(ws.open_link(&url, Some(&session.token)).expect("open").may_view);
    assert!(!ws.open_link(&url, Some("not-a-token")).expect("open").may_view);
    clock.advance(chrono::Duration::seconds(VerificationPolicy::default().session_ttl_secs as i64));
    assert!(!ws.open_link(&url, Some(&session.token)).expect("open").may_view, "expired session");
    let _ = LinkCode::parse(&url).expect("url parses");
}

/// Fails one challenge of `c` (a wrong pick), returning the error's code.
fn fail_once(ws: &Workspace, c: &Customer) -> Error {
    let start = ws.start_verification(c.link_code.as_str()).expect("start");
    let wrong = start.options.iter().find(|o| **o != start.code_word).expect("a wrong option");
    ws.complete_verification(start.challenge_id, wrong).expect_err("wrong pick")
}

fn lockout_policy() -> VerificationPolicy {
    VerificationPolicy { max_challenges: 100, lockout_after_failures: 3, lockout_secs: 3600, ..Default::default() }
}

/// A3: failures count across challenges; the Nth locks the link (start and answer refused
/// with VERIFICATION_LOCKED), the lock is audited, and it ends by itself after the lock time.
pub fn a3_lockout_counts_failures_locks_and_audits(factory: Factory<'_>) {
    let (ws, clock, c) = strict(factory, lockout_policy());
    assert_eq!(fail_once(&ws, &c).code(), "VERIFICATION_FAILED");
    assert_eq!(fail_once(&ws, &c).code(), "VERIFICATION_FAILED");
    assert_eq!(ws.verification_lock(c.id).expect("state").failures, 2);
    let locked_at = clock.now();
    let until = locked_at + chrono::Duration::seconds(3600);
    assert!(matches!(fail_once(&ws, &c), Error::VerificationLocked { until: u } if u == until));
    assert_eq!(ws.verification_lock(c.id).expect("state").locked_until, Some(until));
    assert!(matches!(ws.start_verification(c.link_code.as_str()), Err(Error::VerificationLocked { .. })));
    let events = ws.verification_lock_events(c.id).expect("events");
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].action, events[0].at, events[0].until, events[0].failures),
        (crate::LockAction::Locked, locked_at, until, 3)
    );
    clock.advance(chrono::Duration::seconds(3599));
    assert_eq!(ws.start_verification(c.link_code.as_str()).expect_err("still locked").code(), "VERIFICATION_LOCKED");
    clock.advance(chrono::Duration::seconds(1));
    let start = ws.start_verification(c.link_code.as_str()).expect("lock over");
    assert_eq!(ws.verification_lock(c.id).expect("state"), crate::VerificationLock::default());
    ws.complete_verification(start.challenge_id, &start.code_word).expect("pass after the lock");
}

/// A3: the supplier lifts a lock; the lift is audited with who did it; lifting an unlocked
/// link records nothing.
pub fn a3_lockout_lifted_by_the_supplier(factory: Factory<'_>) {
    let (ws, clock, c) = strict(factory, lockout_policy());
    for _ in 0..3 {
        fail_once(&ws, &c);
    }
    let until = clock.now() + chrono::Duration::seconds(3600);
    clock.advance(chrono::Duration::seconds(60));
    let lifted = ws.lift_verification_lock(c.id, Some("  ops@acme ")).expect("lift").expect("was locked");
    assert_eq!(
        (lifted.action, lifted.until, lifted.by.as_deref()),
        (crate::LockAction::Lifted, until, Some("ops@acme"))
    );
    let start = ws.start_verification(c.link_code.as_str()).expect("lifted");
    ws.complete_verification(start.challenge_id, &start.code_word).expect("pass");
    assert_eq!(ws.lift_verification_lock(c.id, None).expect("lift"), None, "nothing to lift");
    let actions: Vec<_> = ws.verification_lock_events(c.id).expect("events").iter().map(|e| e.action).collect();
    assert_eq!(actions, [crate::LockAction::Locked, crate::LockAction::Lifted]);
    assert_eq!(
        ws.lift_verification_lock(CustomerId(uuid::Uuid::nil()), None).expect_err("unknown").code(),
        "CUSTOMER_NOT_FOUND"
    );
}

/// A3: a pass resets the count, so failures must be in a row to lock.
pub fn a3_pass_resets_the_failure_count(factory: Factory<'_>) {
    let (ws, _, c) = strict(factory, lockout_policy());
    for _ in 0..3 {
        fail_once(&ws, &c);
        fail_once(&ws, &c);
        let start = ws.start_verification(c.link_code.as_str()).expect("start");
        ws.complete_verification(start.challenge_id, &start.code_word).expect("pass");
        assert_eq!(ws.verification_lock(c.id).expect("state").failures, 0);
    }
    assert!(ws.verification_lock_events(c.id).expect("events").is_empty());
}

/// A3: one customer's failures and lock leave another's link alone; the state survives the
/// store (a workspace opened again over it sees the lock).
pub fn a3_lockout_state_is_per_customer(factory: Factory<'_>) {
    let (ws, _, c) = strict(factory, lockout_policy());
    let other = ws
        .create_customer(NewCustomer { email: Some("other@deli.example".into()), ..NewCustomer::named("Other") })
        .expect("create");
    for _ in 0..3 {
        fail_once(&ws, &c);
    }
    fail_once(&ws, &other);
    let again = Workspace::over(ws.store().clone(), ws.env.clone()).expect("open");
    assert!(again.verification_lock(c.id).expect("state").locked_until.is_some());
    assert_eq!(
        again.verification_lock(other.id).expect("state"),
        crate::VerificationLock { failures: 1, locked_until: None }
    );
    assert!(again.verification_lock_events(other.id).expect("events").is_empty());
}

/// A3: counting a failure (and locking) is one atomic store call: failures recorded at once
/// from many threads are each counted, and the link locks exactly once.
pub fn a3_concurrent_failures_each_count_and_lock_once(factory: Factory<'_>) {
    let (ws, clock, c) = strict(factory, lockout_policy());
    let store = ws.store().clone();
    let at = clock.now();
    let count_all = |rule: crate::verification::Lockout| {
        std::thread::scope(|scope| {
            for _ in 0..8 {
                let store = store.clone();
                scope.spawn(move || {
                    for _ in 0..5 {
                        store.record_verification_failure(c.id, at, &rule).expect("failure");
                    }
                });
            }
        });
    };
    count_all(crate::verification::Lockout { after_failures: 1000, duration: chrono::Duration::hours(1) });
    assert_eq!(
        store.verification_lock(c.id).expect("state"),
        crate::VerificationLock { failures: 40, locked_until: None }
    );
    store.lift_verification_lock(c.id, at, None).expect("clear");
    count_all(crate::verification::Lockout { after_failures: 10, duration: chrono::Duration::hours(1) });
    let state = store.verification_lock(c.id).expect("state");
    assert_eq!(state, crate::VerificationLock { failures: 0, locked_until: Some(at + chrono::Duration::hours(1)) });
    let events = store.verification_lock_events(c.id).expect("events");
    assert_eq!(events.len(), 1, "one lock, the failures during it ignored");
    assert_eq!((events[0].action, events[0].failures), (crate::LockAction::Locked, 10));
}

fn order(number: &str, cents: i64) -> NewOrder {
    NewOrder::new(number, Decimal::new(cents, 2))
}

fn intake_ws(ws: &Workspace, name: &str, email: &str, number: &str, cents: i64) -> IntakeOutcome {
    let link = ws.workspace_link_url().expect("link");
    ws.intake_order(&link, Some(&Buyer::new(name, email)), order(number, cents)).expect("intake")
}

fn pending_of(outcome: IntakeOutcome) -> PendingId {
    match outcome {
        IntakeOutcome::Pending { pending_id, .. } => pending_id,
        other => panic!("expected a pending intake, got {other:?}"),
    }
}

/// P1: an order on a customer link attaches directly and updates the stats.
pub fn p1_customer_link_attaches_with_stats(factory: Factory<'_>) {
    let (ws, clock) = workspace(factory, NewWorkspace::named("P1"));
    let c = ws.create_customer(named("Deli", None)).expect("create");
    let url = ws.link_url(c.id).expect("url");
    ws.intake_order(&url, None, order("A-1", 10_000)).expect("first");
    clock.advance(chrono::Duration::days(1));
    let out = ws.intake_order(&url, None, order("A-2", 2_550)).expect("second");
    assert!(matches!(out, IntakeOutcome::Customer { customer_id, .. } if customer_id == c.id));
    let stats = ws.get_customer(c.id).expect("get").stats;
    assert_eq!(
        (stats.orders, stats.amount, stats.last_order_at),
        (2, Decimal::new(12_550, 2), Some(t0() + chrono::Duration::days(1)))
    );
    assert!(ws.pending_buyers(true).expect("queue").is_empty());
}

/// P2: a mapped key auto-links to its customer while that customer is active.
pub fn p2_mapped_key_auto_links_only_to_active(factory: Factory<'_>) {
    let ws = plain(factory);
    let c = ws.create_customer(named("Pier Seafood", None)).expect("create");
    let first = pending_of(intake_ws(&ws, "Pier Seafood", "o@pier.example", "W-1", 100));
    ws.map_pending(first, c.id, Some("admin")).expect("map");
    let again = intake_ws(&ws, "  PIER seafood ", "O@Pier.Example", "W-2", 200);
    assert!(matches!(again, IntakeOutcome::AutoLinked { customer_id, .. } if customer_id == c.id));
    assert_eq!(ws.get_customer(c.id).expect("get").stats.orders, 2);
    // Same email, other business: not the same key.
    assert!(matches!(intake_ws(&ws, "Pier Seafood North", "o@pier.example", "W-3", 1), IntakeOutcome::Pending { .. }));
    ws.update_customer(c.id, CustomerPatch { active: Some(false), ..Default::default() }).expect("deactivate");
    assert!(matches!(intake_ws(&ws, "Pier Seafood", "o@pier.example", "W-4", 1), IntakeOutcome::Pending { .. }));
}

/// P3: many threads taking in the same new buyers: one open record per key, every order
/// accounted for exactly once.
pub fn p3_concurrent_intakes_make_one_record_per_key(factory: Factory<'_>) {
    let ws = plain(factory);
    let threads = 8;
    let per_thread = 25;
    let keys = 5;
    std::thread::scope(|s| {
        for t in 0..threads {
            let ws = ws.clone();
            s.spawn(move || {
                for i in 0..per_thread {
                    let k = (t + i) % keys;
                    intake_ws(&ws, &format!("Buyer {k}"), &format!("b{k}@x.example"), &format!("T{t}-{i}"), 100);
                }
            });
        }
    });
    let open = ws.pending_buyers(false).expect("queue");
    assert_eq!(open.len(), keys, "one record per key");
    let mut seen = std::collections::HashSet::new();
    for p in &open {
        for o in &p.orders {
            assert!(seen.insert(*o), "order {o} on two records");
            assert_eq!(ws.get_order(*o).expect("order").owner, OrderOwner::Placeholder);
        }
    }
    assert_eq!(seen.len(), threads * per_thread, "no order lost");
}

/// P4: mapping moves the record's orders to the customer, with stats and a mapping.
pub fn p4_map_moves_orders_and_stats(factory: Factory<'_>) {
    let ws = plain(factory);
    let id = pending_of(intake_ws(&ws, "Bay Cafe", "bay@cafe.example", "W-1", 1_000));
    intake_ws(&ws, "Bay Cafe", "bay@cafe.example", "W-2", 500);
    let c = ws.create_customer(named("Bay Café Pty Ltd", None)).expect("create");
    let entry = ws.map_pending(id, c.id, Some("reviewer@supplier")).expect("map");
    assert_eq!((entry.action, entry.from, entry.to, entry.orders_moved.len()), (AuditAction::Map, None, Some(c.id), 2));
    assert_eq!(entry.actor.as_deref(), Some("reviewer@supplier"));
    let stats = ws.get_customer(c.id).expect("get").stats;
    assert_eq!((stats.orders, stats.amount), (2, Decimal::new(1_500, 2)));
    assert_eq!(ws.get_pending(id).expect("record").state, PendingState::Mapped(c.id));
    let maps = ws.mappings().expect("mappings");
    assert_eq!((maps.len(), maps[0].customer_id), (1, c.id));
    assert_eq!(ws.map_pending(id, c.id, None).expect_err("again").code(), "PENDING_NOT_OPEN");
    let unknown = CustomerId(uuid::Uuid::from_u128(99));
    let other = pending_of(intake_ws(&ws, "Other", "o@o.example", "W-3", 1));
    assert_eq!(ws.map_pending(other, unknown, None).expect_err("no customer").code(), "CUSTOMER_NOT_FOUND");
    assert_eq!(ws.get_pending(other).expect("record").state, PendingState::Open);
}

/// P4: create-and-map writes the customer and the mapping together, or neither.
pub fn p4_create_and_map_is_all_or_nothing(factory: Factory<'_>) {
    let ws = plain(factory);
    ws.create_customer(named("Taken", Some("T-1"))).expect("create");
    let id = pending_of(intake_ws(&ws, "New Buyer", "new@buyer.example", "W-1", 700));
    let clash = NewCustomer { code: Some("t-1".into()), ..NewCustomer::named("New Buyer") };
    assert_eq!(ws.create_and_map(id, Some(clash), None).expect_err("code taken").code(), "CODE_TAKEN");
    assert_eq!(all(&ws).len(), 1);
    assert_eq!(ws.get_pending(id).expect("record").state, PendingState::Open);
    let entry = ws.create_and_map(id, None, Some("admin")).expect("create and map");
    let created = ws.get_customer(entry.to.expect("to")).expect("created");
    assert_eq!(
        (created.name.as_str(), created.email.as_ref().map(|e| e.as_str())),
        ("New Buyer", Some("new@buyer.example"))
    );
    assert_eq!(created.stats.orders, 1);
    assert_eq!(entry.action, AuditAction::CreateAndMap);
}

/// P4: ignore keeps the record with its orders, out of the open queue.
pub fn p4_ignore_keeps_the_record_out_of_the_queue(factory: Factory<'_>) {
    let ws = plain(factory);
    let id = pending_of(intake_ws(&ws, "Spam Co", "spam@spam.example", "W-1", 1));
    let entry = ws.ignore_pending(id, Some("admin")).expect("ignore");
    assert_eq!(entry.action, AuditAction::Ignore);
    assert!(ws.pending_buyers(false).expect("queue").is_empty());
    let kept = ws.pending_buyers(true).expect("all");
    assert_eq!((kept.len(), kept[0].state, kept[0].orders.len()), (1, PendingState::Ignored, 1));
    assert_eq!(ws.ignore_pending(id, None).expect_err("twice").code(), "PENDING_NOT_OPEN");
}

/// P5: remap moves the key's orders to the new customer and appends to the trail.
pub fn p5_remap_moves_orders_again_and_audits(factory: Factory<'_>) {
    let ws = plain(factory);
    let wrong = ws.create_customer(named("Wrong Co", None)).expect("wrong");
    let right = ws.create_customer(named("Right Co", None)).expect("right");
    let id = pending_of(intake_ws(&ws, "Right Co", "r@right.example", "W-1", 1_000));
    ws.map_pending(id, wrong.id, None).expect("map");
    intake_ws(&ws, "Right Co", "r@right.example", "W-2", 500); // auto-links to the wrong one
    let entry = ws.remap("right co", "R@RIGHT.EXAMPLE", right.id, Some("admin")).expect("remap");
    assert_eq!((entry.from, entry.to, entry.orders_moved.len()), (Some(wrong.id), Some(right.id), 2));
    assert_eq!(ws.get_customer(wrong.id).expect("wrong").stats.orders, 0);
    assert_eq!(ws.get_customer(right.id).expect("right").stats.amount, Decimal::new(1_500, 2));
    assert_eq!(ws.get_pending(id).expect("record").state, PendingState::Mapped(right.id));
    let trail: Vec<AuditAction> = ws.audit_trail().expect("trail").iter().map(|e| e.action).collect();
    assert_eq!(trail, vec![AuditAction::Map, AuditAction::Remap]);
    assert_eq!(ws.remap("nobody", "n@n.example", right.id, None).expect_err("unmapped").code(), "MAPPING_NOT_FOUND");
    ws.delete_customer(wrong.id).expect("no orders left: deletable (C7)");
}

/// P6: an order on the placeholder can be neither invoiced nor synced.
pub fn p6_placeholder_orders_cannot_be_invoiced(factory: Factory<'_>) {
    let ws = plain(factory);
    let out = intake_ws(&ws, "Bay Cafe", "bay@cafe.example", "W-9", 100);
    let IntakeOutcome::Pending { order_id, pending_id, .. } = out else { panic!("pending expected") };
    assert_eq!(ws.invoice_order(order_id).expect_err("invoice").code(), "CUSTOMER_MAPPING_REQUIRED");
    assert_eq!(ws.order_for_sync(order_id).expect_err("sync").code(), "CUSTOMER_MAPPING_REQUIRED");
    let c = ws.create_customer(named("Bay Cafe", None)).expect("create");
    ws.map_pending(pending_id, c.id, None).expect("map");
    assert_eq!(ws.invoice_order(order_id).expect("invoice").status, crate::OrderStatus::Invoiced);
}

/// P7: a new order for a key whose record was ignored opens a new record.
pub fn p7_order_after_ignore_opens_a_new_record(factory: Factory<'_>) {
    let ws = plain(factory);
    let first = pending_of(intake_ws(&ws, "Maybe Co", "m@maybe.example", "W-1", 1));
    ws.ignore_pending(first, None).expect("ignore");
    let out = intake_ws(&ws, "Maybe Co", "m@maybe.example", "W-2", 1);
    assert!(matches!(out, IntakeOutcome::Pending { new_record: true, pending_id, .. } if pending_id != first));
}

/// The placeholder is never listed, counted or a customer at all.
pub fn p_placeholder_never_listed_or_counted(factory: Factory<'_>) {
    let ws = plain(factory);
    intake_ws(&ws, "Unmapped", "u@u.example", "W-1", 100);
    ws.create_customer(named("Real", None)).expect("create");
    let page = ws.list_customers(&CustomerQuery { filter: StatusFilter::All, ..Default::default() }).expect("list");
    assert_eq!((page.total, page.items.len()), (1, 1));
    let search =
        CustomerQuery { filter: StatusFilter::All, search: Some(crate::PLACEHOLDER_CODE.into()), ..Default::default() };
    assert_eq!(ws.list_customers(&search).expect("search").total, 0);
    assert_eq!(ws.store().orders_of(OrderOwner::Placeholder).expect("held").len(), 1);
}

// --- messages and activity (B1, B2, AC1) -------------------------------------------------------

fn with_email(name: &str) -> NewCustomer {
    NewCustomer { email: Some(format!("orders@{}.example", name.to_lowercase())), ..NewCustomer::named(name) }
}

/// B1: a workspace's own templates are kept with its settings and read back by a reopened
/// workspace.
pub fn b1_message_templates_survive_the_store(factory: Factory<'_>) {
    let ws = plain(factory);
    let set =
        ws.set_message_template("Reminder", "Order by {workspace_name}", "Hi {contact_name}: {link_url}").unwrap();
    let reopened = Workspace::over(ws.store().clone(), Env::system()).expect("open");
    let names: Vec<String> = reopened.message_templates().expect("templates").into_iter().map(|t| t.name).collect();
    assert_eq!(names, ["Default", "Short", "Friendly", "Reminder"]);
    assert_eq!(reopened.message_templates().expect("templates")[3], set);
}

/// B2: deliveries are kept per customer, oldest first; "last sent" is the newest of each
/// customer asked about, in the order asked, once each, leaving out customers never sent to.
pub fn b2_deliveries_and_last_sent(factory: Factory<'_>) {
    let (ws, clock) = workspace(factory, NewWorkspace::named("B2"));
    let a = ws.create_customer(with_email("Alpha")).expect("a");
    let b = ws.create_customer(with_email("Bravo")).expect("b");
    let never = ws.create_customer(with_email("Charlie")).expect("c");
    let plan = ws.plan_bulk_send(&[a.id, b.id], StatusFilter::Active, &Default::default()).expect("bulk");
    assert_eq!(plan.messages.len(), 2);
    clock.advance(chrono::Duration::hours(2));
    let spec = crate::MessageSpec { template: Some("Short".into()), ..Default::default() };
    ws.record_delivery(&ws.render_message(b.id, &spec).expect("render")).expect("record");
    let of_b: Vec<(String, chrono::DateTime<chrono::Utc>)> =
        ws.deliveries(b.id).expect("deliveries").into_iter().map(|d| (d.template, d.at)).collect();
    assert_eq!(of_b, [("Default".to_owned(), t0()), ("Short".to_owned(), t0() + chrono::Duration::hours(2))]);
    let last = ws.last_sent(&[b.id, never.id, a.id, b.id]).expect("last");
    let got: Vec<(CustomerId, &str)> = last.iter().map(|d| (d.customer_id, d.template.as_str())).collect();
    assert_eq!(got, [(b.id, "Short"), (a.id, "Default")]);
    assert_eq!(last[1].email.as_str(), "orders@alpha.example");
    assert!(ws.deliveries(never.id).expect("none").is_empty());
}

/// B2: of two deliveries at the same time, the one recorded last is the newest.
pub fn b2_last_sent_of_equal_times_is_the_last_recorded(factory: Factory<'_>) {
    let ws = plain(factory);
    let a = ws.create_customer(with_email("Alpha")).expect("a");
    let delivery = |template: &str| crate::Delivery {
        customer_id: a.id,
        template: template.to_owned(),
        email: crate::Email::parse("orders@alpha.example").expect("email"),
        at: t0(),
    };
    ws.store().record_deliveries(&[delivery("First"), delivery("Second")]).expect("record");
    ws.store().record_deliveries(&[delivery("Third")]).expect("record");
    assert_eq!(ws.last_sent(&[a.id]).expect("last")[0].template, "Third");
    let all: Vec<String> = ws.deliveries(a.id).expect("all").into_iter().map(|d| d.template).collect();
    assert_eq!(all, ["First", "Second", "Third"]);
}

/// AC1: events are read back over a half-open range, oldest first, equal times in the order
/// recorded.
pub fn ac1_activity_between_is_half_open_and_ordered(factory: Factory<'_>) {
    use crate::ActivityKind::*;
    let (ws, clock) = workspace(factory, NewWorkspace::named("AC1"));
    let a = ws.create_customer(named("Alpha", None)).expect("a");
    let b = ws.create_customer(named("Bravo", None)).expect("b");
    ws.record_activity(a.id, LinkOpened).expect("open");
    clock.advance(chrono::Duration::hours(1));
    ws.record_activity(b.id, LinkOpened).expect("open");
    ws.record_activity(b.id, ConfirmationPassed).expect("confirm");
    ws.record_activity(a.id, CheckoutStarted).expect("checkout");
    clock.advance(chrono::Duration::hours(1));
    ws.record_activity(a.id, OrderSubmitted).expect("order");
    let hour = |h| t0() + chrono::Duration::hours(h);
    let got: Vec<(CustomerId, crate::ActivityKind, chrono::DateTime<chrono::Utc>)> = ws
        .store()
        .activity_between(hour(1), hour(2))
        .expect("between")
        .into_iter()
        .map(|e| (e.customer_id, e.kind, e.at))
        .collect();
    assert_eq!(
        got,
        [(b.id, LinkOpened, hour(1)), (b.id, ConfirmationPassed, hour(1)), (a.id, CheckoutStarted, hour(1))]
    );
    assert_eq!(ws.store().activity_between(hour(0), hour(3)).expect("all").len(), 5);
    assert!(ws.store().activity_between(hour(3), hour(4)).expect("none").is_empty());
}

// --- customer detail extras (C5 filters, notes) ----------------------------------------------

fn ordered(ws: &Workspace, c: &Customer, number: &str, status: crate::OrderStatus) -> crate::OrderId {
    let order = NewOrder { status, ..order(number, 1_000) };
    match ws.intake_order(&ws.link_url(c.id).expect("url"), None, order).expect("intake") {
        IntakeOutcome::Customer { order_id, .. } => order_id,
        other => panic!("expected a customer intake, got {other:?}"),
    }
}

/// C5 with the customer-detail filters: tag, leads or customers, and address search give the
/// same pages from the store as from the core listing, and tags and addresses are kept.
pub fn c5_store_listing_filters_tag_kind_address(factory: Factory<'_>) {
    let ws = plain(factory);
    let a = ws.create_customer(named("Alpha", None)).expect("a");
    let b = ws.create_customer(named("Beta", None)).expect("b");
    let c = ws.create_customer(named("Gamma", None)).expect("c");
    ws.add_tag(a.id, "VIP").expect("tag");
    ws.add_tag(b.id, "vip").expect("tag");
    ws.add_tag(b.id, "Wholesale").expect("tag");
    ws.add_address(a.id, crate::NewAddress { city: Some("Fremantle".into()), ..crate::NewAddress::line("1 Pier St") })
        .expect("address");
    ws.add_address(c.id, crate::NewAddress { city: Some("Perth".into()), ..crate::NewAddress::line("9 Hay St") })
        .expect("address");
    ordered(&ws, &a, "A-1", crate::OrderStatus::Confirmed);
    let stored = ws.get_customer(a.id).expect("a");
    assert_eq!((stored.tags.clone(), stored.addresses.len()), (vec!["VIP".to_owned()], 1));
    assert!(stored.addresses[0].default_billing && stored.addresses[0].default_shipping);
    let store = ws.store().clone();
    let kinds = [None, Some(crate::CustomerKind::Lead), Some(crate::CustomerKind::Customer)];
    for tag in [None, Some("VIP"), Some("wholesale"), Some("none")] {
        for kind in kinds {
            for address in [None, Some("FREMANTLE"), Some("st"), Some("nowhere")] {
                let q = CustomerQuery {
                    tag: tag.map(str::to_owned),
                    kind,
                    address: address.map(str::to_owned),
                    ..Default::default()
                };
                let expected = crate::listing::list(store.all_customers().expect("all"), &q).expect("core list");
                assert_eq!(store.list_customers(&q).expect("store list"), expected, "{q:?}");
            }
        }
    }
    let names = |q: CustomerQuery| -> Vec<String> {
        store.list_customers(&q).expect("list").items.into_iter().map(|c| c.name).collect()
    };
    assert_eq!(names(CustomerQuery { tag: Some("vip".into()), ..Default::default() }), ["Alpha", "Beta"]);
    let leads = CustomerQuery { kind: Some(crate::CustomerKind::Lead), ..Default::default() };
    assert_eq!(names(leads), ["Beta", "Gamma"]);
    assert_eq!(names(CustomerQuery { address: Some("st".into()), ..Default::default() }), ["Alpha", "Gamma"]);
}

/// A customer with only drafts is a lead; when its draft stops being one (invoiced), its stats
/// follow and it becomes a customer.
pub fn c5_lead_until_a_draft_is_placed(factory: Factory<'_>) {
    let ws = plain(factory);
    let c = ws.create_customer(named("Drafty", None)).expect("create");
    let draft = ordered(&ws, &c, "D-1", crate::OrderStatus::Draft);
    let stats = ws.get_customer(c.id).expect("get").stats;
    assert_eq!((stats.orders, stats.drafts), (1, 1));
    assert_eq!(ws.get_customer(c.id).expect("get").kind(), crate::CustomerKind::Lead);
    ws.invoice_order(draft).expect("invoice");
    let after = ws.get_customer(c.id).expect("get");
    assert_eq!((after.stats.orders, after.stats.drafts, after.kind()), (1, 0, crate::CustomerKind::Customer));
    let q = CustomerQuery { kind: Some(crate::CustomerKind::Customer), ..Default::default() };
    assert_eq!(ws.store().list_customers(&q).expect("list").total, 1);
}

/// Notes are kept per customer (oldest first from the store), replaced by id, refused for an
/// unknown customer, and deleted with their customer.
pub fn notes_kept_and_go_with_customer(factory: Factory<'_>) {
    let (ws, clock) = workspace(factory, NewWorkspace::named("Notes"));
    let c = ws.create_customer(named("Noted", None)).expect("create");
    let other = ws.create_customer(named("Other", None)).expect("other");
    let first = ws.add_note(c.id, "sam", "first").expect("note");
    clock.advance(chrono::Duration::minutes(1));
    let second = ws.add_note(c.id, "kim", "second").expect("note");
    ws.add_note(other.id, "sam", "elsewhere").expect("note");
    let edited = ws.edit_note(first.id, "first, edited").expect("edit");
    let store = ws.store().clone();
    assert_eq!(store.notes_of(c.id).expect("notes"), vec![edited.clone(), second]);
    assert_eq!(store.note(first.id).expect("note"), Some(edited.clone()));
    let mut stray = edited.clone();
    stray.id = crate::NoteId(uuid::Uuid::from_u128(5));
    stray.customer_id = CustomerId(uuid::Uuid::from_u128(6));
    assert_eq!(store.save_note(&stray).expect_err("no customer").code(), "CUSTOMER_NOT_FOUND");
    assert_eq!(store.note(stray.id).expect("note"), None);
    ws.delete_customer(c.id).expect("delete");
    assert!(store.notes_of(c.id).expect("notes").is_empty());
    assert_eq!(store.note(first.id).expect("note"), None);
    assert_eq!(store.notes_of(other.id).expect("notes").len(), 1);
}

/// R3: two maximum totals on one customer link are both kept and the stats sum is exact (no
/// overflow, no panic); a total past the range is refused with nothing written. The same
/// through the workspace link: the pending orders map onto the customer, four maximum totals.
pub fn r3_two_maximum_totals_on_one_link(factory: Factory<'_>) {
    let ws = plain(factory);
    let c = ws.create_customer(named("Deli", None)).expect("create");
    let url = ws.link_url(c.id).expect("url");
    let max = crate::money::AMOUNT_MAX;
    ws.intake_order(&url, None, NewOrder::new("M-1", max)).expect("first maximum total");
    ws.intake_order(&url, None, NewOrder::new("M-2", max)).expect("second maximum total");
    let stats = ws.get_customer(c.id).expect("get").stats;
    assert_eq!((stats.orders, stats.amount), (2, max * Decimal::from(2)));
    for total in [max + Decimal::new(1, 4), Decimal::MAX, Decimal::new(1, 5)] {
        let err = ws.intake_order(&url, None, NewOrder::new("M-3", total)).expect_err("out of range");
        assert_eq!(err.code(), "AMOUNT_OUT_OF_RANGE", "{total}");
    }
    assert_eq!(ws.customer_orders(c.id).expect("orders").len(), 2, "nothing written");
    assert_eq!(ws.get_customer(c.id).expect("get").stats, stats);

    let link = ws.workspace_link_url().expect("link");
    let buyer = Buyer::new("Deli", "orders@deli.example");
    let mut pending = None;
    for n in ["W-1", "W-2"] {
        pending = Some(pending_of(ws.intake_order(&link, Some(&buyer), NewOrder::new(n, max)).expect("intake")));
    }
    ws.map_pending(pending.expect("pending"), c.id, None).expect("map");
    let stats = ws.get_customer(c.id).expect("get").stats;
    assert_eq!((stats.orders, stats.amount), (4, max * Decimal::from(4)));

    // The store's own sum is checked too: orders that bypass validation (a `Decimal::MAX` total,
    // which the range keeps out) make the second attach AMOUNT_OUT_OF_RANGE, with nothing
    // written, instead of an overflow panic.
    let other = ws.create_customer(named("Other", None)).expect("create");
    let huge = |n: u128| crate::OrderRef {
        id: crate::OrderId(uuid::Uuid::from_u128(0x00ff_0000 + n)),
        number: format!("H-{n}"),
        owner: OrderOwner::Customer(other.id),
        placed_at: t0(),
        status: crate::OrderStatus::Confirmed,
        total: Decimal::MAX,
        lines: Vec::new(),
        via_key: None,
    };
    ws.store().attach_order(&huge(1)).expect("one Decimal::MAX total fits");
    let err = ws.store().attach_order(&huge(2)).expect_err("two do not");
    assert_eq!(err.code(), "AMOUNT_OUT_OF_RANGE");
    assert_eq!(ws.customer_orders(other.id).expect("orders").len(), 1, "nothing written");
    assert_eq!(ws.get_customer(other.id).expect("get").stats.amount, Decimal::MAX);
}

/// R4: a preview never promises a row that confirm cannot write. Text validation accepts
/// (accents, right-to-left, emoji with joiners, combining marks) is written by confirm on every
/// store and read back unchanged; a NUL row is refused at preview. Lines where a field takes
/// them (a note's tab and line breaks, an address line's break) survive the store too.
pub fn r4_preview_never_promises_a_row_confirm_cannot_write(factory: Factory<'_>) {
    let ws = plain(factory);
    let names =
        ["Crème Brûlée", "مطعم الشرق", "👩\u{200d}🍳 Kitchen", "Cafe\u{301}", "Zoë \u{5e9}\u{5dc}\u{5d5}\u{5dd}"];
    let mut csv = String::from("Name,Contact\n");
    for (i, name) in names.iter().enumerate() {
        csv.push_str(&format!("{name},José {i}\n"));
    }
    csv.push_str("Nul\0Row,x\n");
    let preview = ws.preview_import(csv.as_bytes(), Some(crate::ImportFormat::Csv), None).expect("preview");
    assert_eq!(preview.creates(), names.len());
    let refused: Vec<(Option<u32>, &str)> = preview.report.issues.iter().map(|i| (i.row, i.code.as_str())).collect();
    assert_eq!(refused, vec![(Some(names.len() as u32 + 2), "TEXT_INVALID")]);
    let result = ws.confirm_import(&preview).expect("confirm writes every row the preview promised");
    assert_eq!(result.created.len(), names.len());
    for (id, name) in result.created.iter().zip(names) {
        assert_eq!(ws.get_customer(*id).expect("get").name, name);
    }

    let c = result.created[0];
    let text = "first\tline\r\nsecond line";
    ws.add_note(c, "sam", text).expect("note");
    assert_eq!(ws.notes(c).expect("notes")[0].text, text);
    let address = crate::NewAddress { line1: "Unit 4\nRear entrance".into(), ..Default::default() };
    ws.add_address(c, address).expect("address");
    assert_eq!(ws.get_customer(c).expect("get").addresses[0].line1, "Unit 4\nRear entrance");
    let err = ws.add_note(c, "sam", "nul\0").expect_err("NUL");
    assert_eq!(err.code(), "TEXT_INVALID");
    assert_eq!(ws.notes(c).expect("notes").len(), 1);
}

// --- carts and checkout links (CT1–CT5) -------------------------------------------------------------

/// A workspace over `store` (shared with a [`crate::Platform`] when a check needs one), with
/// three products: `FL-1` flour 12.50 (base), `SU-2` sugar 3.20 (base), `OIL-3` oil without a
/// price.
fn cart_workspace(store: Arc<dyn PlatformStore>) -> (Workspace, Arc<ManualClock>, Env) {
    let clock = Arc::new(ManualClock::new(t0()));
    let env = Env::new(clock.clone(), Arc::new(SeededRandom::new(19)));
    let ws = Workspace::create(store, env.clone(), NewWorkspace::named("Cart Wholesale")).expect("create workspace");
    ws.upsert_products(vec![
        crate::Product::new("FL-1", "Flour 25kg", Some(Decimal::new(1250, 2))),
        crate::Product::new("SU-2", "Caster Sugar", Some(Decimal::new(320, 2))),
        crate::Product::new("OIL-3", "Olive Oil", None),
    ])
    .expect("products");
    (ws, clock, env)
}

fn agent(name: &str) -> crate::CartActor {
    crate::CartActor::agent(name).expect("agent")
}

fn add(product: &str, qty: i64) -> crate::CartEdit {
    crate::CartEdit::Add { product: product.into(), qty: Decimal::from(qty), uom: None }
}

/// CT1: a customer has at most one open cart (concurrent opens answer the same one) and keeps
/// its closed ones.
pub fn ct1_one_open_cart_per_customer_closed_ones_kept(factory: Factory<'_>) {
    let (ws, _, _) = cart_workspace(factory());
    let c = ws.create_customer(NewCustomer::named("Corner Deli")).expect("create");
    let ids: Vec<crate::CartId> = std::thread::scope(|s| {
        let handles: Vec<_> =
            (0..8).map(|_| s.spawn(|| ws.open_cart(c.id, &agent("sam"), None).expect("open").id)).collect();
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    assert!(ids.iter().all(|id| *id == ids[0]), "one open cart: {ids:?}");
    let first = ws.get_cart(ids[0]).expect("get");
    assert_eq!(first.state, crate::CartState::Open);
    ws.abandon_cart(first.id, &agent("sam")).expect("abandon");
    let second = ws.open_cart(c.id, &crate::CartActor::Customer, None).expect("open again");
    assert_ne!(second.id, first.id);
    assert_eq!(second.source.channel, "portal");
    let all = ws.customer_carts(c.id).expect("carts");
    let states: Vec<crate::CartState> = all.iter().map(|c| c.state).collect();
    assert_eq!(states, vec![crate::CartState::Abandoned, crate::CartState::Open]);
    let err = ws.update_cart(first.id, &[add("FL-1", 1)], &agent("sam")).expect_err("closed");
    assert_eq!(err.code(), "CART_CLOSED");
    let err = ws.open_cart(CustomerId(uuid::Uuid::from_u128(7)), &agent("sam"), None).expect_err("no customer");
    assert_eq!(err.code(), "CUSTOMER_NOT_FOUND");
}

/// CT1, A2: a trial expiry or a web block refuses submitting and leaves the cart as it was; the
/// contents come back when it is lifted.
pub fn ct1_cart_survives_what_blocks_submitting(factory: Factory<'_>) {
    let (ws, _, _) = cart_workspace(factory());
    let c = ws.create_customer(NewCustomer::named("Corner Deli")).expect("create");
    let cart = ws.open_cart(c.id, &agent("sam"), None).expect("open");
    let cart = ws.update_cart(cart.id, &[add("FL-1", 2)], &agent("sam")).expect("edit");
    let issued = ws.checkout_link(cart.id, None, &agent("sam")).expect("link");
    let (url, cart) = (issued.url, issued.cart);

    ws.update_settings(SettingsPatch { trial_expired: Some(true), ..Default::default() }).expect("trial");
    let view = ws.open_checkout(&url, None).expect("open");
    assert!(view.decision.may_view && !view.decision.may_submit);
    assert_eq!(view.decision.reason.map(|r| r.code()), Some("TRIAL_EXPIRED"));
    assert_eq!(view.cart.as_ref().map(|c| c.lines.len()), Some(1), "the cart shows while the trial is expired");
    assert_eq!(ws.submit_cart(&url, "SO-1").expect_err("trial").code(), "TRIAL_EXPIRED");
    assert_eq!(ws.get_cart(cart.id).expect("get"), cart, "untouched");

    ws.update_settings(SettingsPatch { trial_expired: Some(false), ..Default::default() }).expect("lift");
    ws.update_customer(c.id, CustomerPatch { order_web_blocked: Some(true), ..Default::default() }).expect("block");
    let view = ws.open_checkout(&url, None).expect("open");
    assert!(!view.decision.may_view && view.cart.is_none());
    assert_eq!(ws.submit_cart(&url, "SO-1").expect_err("blocked").code(), "ORDERING_UNAVAILABLE");
    assert_eq!(ws.get_cart(cart.id).expect("get"), cart, "untouched");

    ws.update_customer(c.id, CustomerPatch { order_web_blocked: Some(false), ..Default::default() }).expect("unblock");
    let view = ws.open_checkout(&url, None).expect("open");
    assert_eq!(view.cart.expect("cart").lines, cart.lines, "the contents come back");
    assert!(ws.submit_cart(&url, "SO-1").expect("submit").created);
}

/// CT2, R3: edits by SKU or by name, all or nothing; every change names its author.
pub fn ct2_edits_by_sku_or_name_record_their_author(factory: Factory<'_>) {
    let (ws, clock, _) = cart_workspace(factory());
    let c = ws.create_customer(NewCustomer::named("Corner Deli")).expect("create");
    let cart = ws.open_cart(c.id, &agent("sam"), Some("phone")).expect("open");
    assert_eq!((cart.source.agent.as_deref(), cart.source.channel.as_str()), (Some("sam"), "phone"));
    clock.advance(chrono::Duration::minutes(1));
    let cart = ws.update_cart(cart.id, &[add("FL-1", 2), add("caster sugar", 5)], &agent("sam")).expect("edit");
    let lines: Vec<(&str, Decimal, &str)> =
        cart.lines.iter().map(|l| (l.sku.as_str(), l.qty, l.uom.as_str())).collect();
    assert_eq!(lines, vec![("FL-1", Decimal::from(2), "each"), ("SU-2", Decimal::from(5), "each")]);
    let set = crate::CartEdit::Set { product: "SU-2".into(), qty: Decimal::new(15, 1), uom: None };
    let cart = ws.update_cart(cart.id, &[add("FL-1", 1), set], &crate::CartActor::Customer).expect("edit");
    assert_eq!(cart.lines[0].qty, Decimal::from(3));
    assert_eq!(cart.lines[1].qty, Decimal::new(15, 1));
    // All or nothing: an unknown product and an out-of-range quantity write nothing.
    let err = ws.update_cart(cart.id, &[add("FL-1", 1), add("NOPE", 1)], &agent("sam")).expect_err("unknown");
    assert_eq!(err.code(), "PRODUCT_NOT_FOUND");
    let huge = crate::CartEdit::Set { product: "FL-1".into(), qty: Decimal::new(1, 4), uom: None };
    assert_eq!(ws.update_cart(cart.id, &[huge], &agent("sam")).expect_err("places").code(), "AMOUNT_OUT_OF_RANGE");
    assert_eq!(ws.get_cart(cart.id).expect("get"), cart);
    let cart = ws
        .update_cart(cart.id, &[crate::CartEdit::Remove { product: "FL-1".into(), uom: None }], &agent("kim"))
        .expect("remove");
    assert_eq!(cart.lines.len(), 1);
    let authors: Vec<(crate::CartChangeKind, Option<&str>)> =
        cart.changes.iter().map(|ch| (ch.kind, ch.by.agent_name())).collect();
    use crate::CartChangeKind::*;
    assert_eq!(
        authors,
        vec![
            (Opened, Some("sam")),
            (Added, Some("sam")),
            (Added, Some("sam")),
            (Added, None),
            (QuantitySet, None),
            (Removed, Some("kim"))
        ]
    );
    assert_eq!(cart.updated_at, t0() + chrono::Duration::minutes(1));
    let found: Vec<String> = ws.search_products("sug", 10).expect("search").into_iter().map(|p| p.sku).collect();
    assert_eq!(found, vec!["SU-2"]);
}

/// CT3, L2–L4, W2: a checkout code is a 26-character link code from the one store-wide space,
/// resolved by its workspace and by the store without naming the workspace, and never equal to
/// any order-link code.
pub fn ct3_checkout_code_shares_the_link_code_space(factory: Factory<'_>) {
    let store = factory();
    let (ws, _, env) = cart_workspace(store.clone());
    let platform = crate::Platform::new(store, env);
    let other = platform.create_workspace(NewWorkspace::named("Other Wholesale")).expect("other");
    let c = ws.create_customer(NewCustomer::named("Corner Deli")).expect("create");
    let cart = ws.open_cart(c.id, &agent("sam"), None).expect("open");
    let issued = ws.checkout_link(cart.id, None, &agent("sam")).expect("link");
    assert_eq!(issued.link.code.as_str().len(), crate::link::LINK_CODE_LEN);
    assert!(issued.url.ends_with(&format!("/order/{}", issued.link.code)));
    assert_ne!(issued.link.code, c.link_code);
    assert_eq!(ws.checkout_link(cart.id, None, &agent("sam")).expect("again").link, issued.link, "kept");
    let target = crate::LinkTarget::Checkout { customer_id: c.id, cart_id: cart.id };
    assert_eq!(ws.resolve_link(&issued.url.to_lowercase()).expect("resolve"), target);
    let found = platform.resolve_link(&issued.url).expect("platform");
    assert_eq!((found.workspace_id, found.target), (Some(ws.id().expect("id")), target));
    let other_ws = platform.workspace(other.id().expect("id")).expect("ws");
    assert_eq!(other_ws.resolve_link(&issued.url).expect("other"), crate::LinkTarget::Unknown, "W1");
    let (opened, decision) = platform.open_link(&issued.url, None).expect("open");
    assert_eq!(opened.expect("ws").id().expect("id"), ws.id().expect("id"));
    assert_eq!((decision.cart_id, decision.customer_id, decision.may_submit), (Some(cart.id), Some(c.id), true));
    let d = ws.open_link(&issued.url, None).expect("open");
    assert_eq!(d, decision);
    // The order link of the customer still answers as its own link, with no cart.
    assert_eq!(ws.open_link(c.link_code.as_str(), None).expect("order link").cart_id, None);
}

/// CT3, L5: a checkout link stops working when rotated (the old code is unknown), when the cart
/// is abandoned or submitted, and after its expiry.
pub fn ct3_checkout_link_stops_when_closed_rotated_or_expired(factory: Factory<'_>) {
    let store = factory();
    let (ws, clock, _) = cart_workspace(store.clone());
    let c = ws.create_customer(NewCustomer::named("Corner Deli")).expect("create");
    let cart = ws.open_cart(c.id, &agent("sam"), None).expect("open");
    ws.update_cart(cart.id, &[add("SU-2", 1)], &agent("sam")).expect("edit");
    let old = ws.checkout_link(cart.id, None, &agent("sam")).expect("link");
    let new = ws.rotate_checkout_link(cart.id, Some(t0() + chrono::Duration::days(2)), &agent("sam")).expect("rotate");
    assert_ne!(old.link.code, new.link.code);
    assert_eq!(ws.resolve_link(&old.url).expect("old"), crate::LinkTarget::Unknown);
    assert_eq!(ws.open_link(&old.url, None).expect("old").reason.map(|r| r.code()), Some("LINK_NOT_FOUND"));
    assert!(ws.open_checkout(&new.url, None).expect("new").decision.may_submit);
    clock.advance(chrono::Duration::days(2));
    let d = ws.open_checkout(&new.url, None).expect("expired").decision;
    assert_eq!((d.may_view, d.reason.map(|r| r.code())), (false, Some("CHECKOUT_EXPIRED")));
    assert_eq!(ws.submit_cart(&new.url, "SO-9").expect_err("expired").code(), "CHECKOUT_EXPIRED");
    let fresh = ws.checkout_link(cart.id, None, &agent("sam")).expect("a new link after expiry");
    assert_ne!(fresh.link.code, new.link.code);
    ws.abandon_cart(cart.id, &agent("sam")).expect("abandon");
    let d = ws.open_link(&fresh.url, None).expect("closed");
    assert_eq!((d.found, d.may_view, d.reason.map(|r| r.code())), (true, false, Some("CHECKOUT_CLOSED")));
    assert_eq!(ws.submit_cart(&fresh.url, "SO-9").expect_err("abandoned").code(), "CART_CLOSED");
    assert_eq!(ws.checkout_link(cart.id, None, &agent("sam")).expect_err("closed").code(), "CART_CLOSED");
    // A retired checkout code is never issued again: the store refuses it for a customer.
    let mut clash = ws.get_customer(c.id).expect("get");
    clash.id = CustomerId(uuid::Uuid::from_u128(99));
    clash.link_code = old.link.code.clone();
    clash.code = None;
    let u = Uniqueness { unique_names: false, workspace_code: ws.settings().expect("settings").link_code };
    assert_eq!(ws.store().insert_customer(&clash, &u).expect_err("retired").code(), "LINK_CODE_TAKEN");
    // W2: nor for a workspace, and a checkout code may not take a code an order link holds or
    // held: one space for order links, workspace links and checkout links.
    let mut other = ws.settings().expect("settings");
    other.id = crate::WorkspaceId(uuid::Uuid::from_u128(77));
    other.link_code = fresh.link.code.clone();
    assert_eq!(refused(store.create_workspace(&other)), "LINK_CODE_TAKEN");
    let taken = [c.link_code.clone(), ws.settings().expect("settings").link_code, old.link.code.clone()];
    let d = ws.create_customer(NewCustomer::named("Bay Bakery")).expect("create");
    for code in taken {
        let mut cart = crate::Cart::new(
            crate::CartId(uuid::Uuid::from_u128(88)),
            d.id,
            agent("sam"),
            crate::CartSource { agent: Some("sam".into()), channel: "agent".into() },
            t0(),
        );
        cart.checkout = Some(crate::CheckoutLink { code, issued_at: t0(), expires_at: None });
        assert_eq!(refused(ws.store().insert_cart(&cart)), "LINK_CODE_TAKEN");
    }
    assert_eq!(ws.customer_carts(d.id).expect("carts"), vec![], "nothing written");
}

/// CT4, P1: submitting is an intake on the customer: the order's lines and total come from the
/// cart priced now, the stats follow, the cart closes with the order, the attribution is kept,
/// and the link answers the same order again. Through the customer's own link, its open cart.
pub fn ct4_submission_is_an_intake_with_attribution(factory: Factory<'_>) {
    let (ws, _, _) = cart_workspace(factory());
    let c = ws.create_customer(NewCustomer::named("Corner Deli")).expect("create");
    let cart = ws.open_cart(c.id, &agent("sam"), Some("phone")).expect("open");
    let url = ws.checkout_link(cart.id, None, &agent("sam")).expect("link").url;
    assert_eq!(ws.submit_cart(&url, "SO-1").expect_err("empty").code(), "CART_EMPTY");
    ws.update_cart(cart.id, &[add("FL-1", 2), add("OIL-3", 1)], &agent("sam")).expect("edit");
    assert_eq!(ws.submit_cart(&url, "SO-1").expect_err("no price").code(), "CART_LINE_UNAVAILABLE");
    ws.update_cart(
        cart.id,
        &[crate::CartEdit::Remove { product: "OIL-3".into(), uom: None }, add("SU-2", 3)],
        &agent("sam"),
    )
    .expect("edit");
    assert_eq!(ws.price_cart(cart.id).expect("priced").total, Decimal::new(3460, 2));
    let s = ws.submit_cart(&url, "SO-1").expect("submit");
    assert!(s.created);
    assert_eq!(s.customer_id, c.id);
    let order = ws.get_order(s.order_id).expect("order");
    assert_eq!(
        (order.owner, order.total, order.number.as_str()),
        (OrderOwner::Customer(c.id), Decimal::new(3460, 2), "SO-1")
    );
    let lines: Vec<(&str, Decimal)> = order.lines.iter().map(|l| (l.sku.as_str(), l.qty)).collect();
    assert_eq!(lines, vec![("FL-1", Decimal::from(2)), ("SU-2", Decimal::from(3))]);
    assert_eq!(ws.get_customer(c.id).expect("get").stats.orders, 1);
    let closed = ws.get_cart(cart.id).expect("get");
    assert_eq!((closed.state, closed.order_id), (crate::CartState::Submitted, Some(s.order_id)));
    let attribution = ws.order_attribution(s.order_id).expect("attribution").expect("from a cart");
    assert_eq!((attribution.agent.as_deref(), attribution.channel.as_str()), (Some("sam"), "phone"));
    let again = ws.submit_cart(&url, "SO-2").expect("again");
    assert_eq!((again.order_id, again.created), (s.order_id, false));
    assert_eq!(ws.customer_orders(c.id).expect("orders").len(), 1);
    assert_eq!(ws.open_carts(&crate::CartQuery::default()).expect("open").total, 0);

    // Through the customer's own order link: its open cart.
    let next = ws.open_cart(c.id, &crate::CartActor::Customer, None).expect("open");
    ws.update_cart(next.id, &[add("SU-2", 1)], &crate::CartActor::Customer).expect("edit");
    let own = ws.submit_cart(c.link_code.as_str(), "SO-3").expect("own link");
    assert_eq!((own.cart_id, own.created), (next.id, true));
    assert_eq!(ws.get_customer(c.id).expect("get").stats.orders, 2);
    assert_eq!(ws.order_attribution(own.order_id).expect("a").expect("cart").channel, "portal");
}

/// CT4, PR5, PR6, PR8: a submitted cart's order lines carry prices frozen exactly as an intake
/// freezes them — the customer's price at each line's quantity (breaks) at the submission
/// instant (windows), with tier, break and currency — and keep them after prices change.
pub fn ct4_pr8_submitted_lines_frozen_as_an_intake_freezes(factory: Factory<'_>) {
    use crate::orders::OrderLine;
    use crate::pricing::{PriceBreak, PriceTier};
    let (ws, clock, env) = cart_workspace(factory());
    let april = t0() + chrono::Duration::days(30);
    let flour = vec![
        PriceBreak::new(dec("1"), dec("12.00")),
        PriceBreak::new(dec("5"), dec("11.00")).during(None, Some(april)),
        PriceBreak::new(dec("5"), dec("10.50")).during(Some(april), None),
    ];
    ws.set_default_prices(&[("FL-1".to_owned(), flour)]).expect("list");
    ws.upsert_price_group("Trade", true).expect("group");
    ws.set_group_prices("Trade", &[("SU-2".to_owned(), vec![PriceBreak::new(dec("10"), dec("2.90"))])])
        .expect("group prices");
    let c = ws
        .create_customer(NewCustomer { price_group: Some("Trade".into()), ..NewCustomer::named("Corner Deli") })
        .expect("create");
    let cart = ws.open_cart(c.id, &agent("sam"), None).expect("open");
    ws.update_cart(cart.id, &[add("FL-1", 6), add("SU-2", 12)], &agent("sam")).expect("edit");
    let url = ws.checkout_link(cart.id, None, &agent("sam")).expect("link").url;
    clock.set(april);
    let priced = ws.price_cart(cart.id).expect("priced");
    assert_eq!(priced.total, dec("97.80"), "6 x 10.50 (April's 5+ break) + 12 x 2.90 (Trade's 10+)");
    let s = ws.submit_cart(&url, "SO-1").expect("submit");
    let order = ws.get_order(s.order_id).expect("order");
    assert_eq!(order.total, priced.total);
    let frozen = |o: &crate::OrderRef| -> Vec<_> {
        o.lines.iter().map(|l| (l.unit_price, l.price_tier, l.price_break, l.currency.clone(), l.price_given)).collect()
    };
    let currency = Some(ws.settings().expect("settings").currency);
    assert_eq!(
        frozen(&order),
        vec![
            (Some(dec("10.50")), Some(PriceTier::DefaultList), Some(dec("5")), currency.clone(), false),
            (Some(dec("2.90")), Some(PriceTier::Group), Some(dec("10")), currency, false),
        ]
    );
    // An intake of the same lines at the same instant freezes the same prices.
    let lines = vec![OrderLine::new("FL-1", dec("6")), OrderLine::new("SU-2", dec("12"))];
    let lines = lines.into_iter().map(|l| OrderLine { uom: Some("each".into()), ..l }).collect();
    let out = ws
        .intake_order(&ws.link_url(c.id).expect("url"), None, NewOrder { lines, ..NewOrder::new("SO-2", priced.total) })
        .expect("intake");
    let IntakeOutcome::Customer { order_id, .. } = out else { panic!("{out:?}") };
    assert_eq!(frozen(&ws.get_order(order_id).expect("intake order")), frozen(&order));
    // PR8: later prices never alter the lines, read back by a workspace opened anew.
    ws.set_default_prices(&[("FL-1".to_owned(), Some(dec("99.00")))]).expect("change");
    let reopened = Workspace::over(ws.store().clone(), env).expect("open");
    assert_eq!(reopened.get_order(s.order_id).expect("order"), order, "kept as submitted");
}

/// CT4: 16 concurrent submissions of one cart (double clicks, tabs) make exactly one order and
/// close the cart once; every caller gets that order.
pub fn ct4_sixteen_concurrent_submissions_make_one_order(factory: Factory<'_>) {
    let (ws, _, _) = cart_workspace(factory());
    let c = ws.create_customer(NewCustomer::named("Corner Deli")).expect("create");
    let cart = ws.open_cart(c.id, &agent("sam"), None).expect("open");
    ws.update_cart(cart.id, &[add("FL-1", 1)], &agent("sam")).expect("edit");
    let url = ws.checkout_link(cart.id, None, &agent("sam")).expect("link").url;
    let answers: Vec<crate::CartSubmission> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..16)
            .map(|i| {
                let (ws, url) = (&ws, &url);
                s.spawn(move || ws.submit_cart(url, &format!("SO-{i}")).expect("submit"))
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    assert_eq!(answers.iter().filter(|a| a.created).count(), 1, "one call made the order");
    assert!(answers.iter().all(|a| a.order_id == answers[0].order_id), "everyone got that order");
    assert_eq!(ws.customer_orders(c.id).expect("orders").len(), 1);
    assert_eq!(ws.get_customer(c.id).expect("get").stats.orders, 1);
    let closed = ws.get_cart(cart.id).expect("get");
    let submits = closed.changes.iter().filter(|ch| ch.kind == crate::CartChangeKind::Submitted).count();
    assert_eq!((closed.state, submits), (crate::CartState::Submitted, 1));
}

/// CT5: open carts across the workspace with customer, agent, value at today's prices, age and
/// last change; stalled after the set time; filtered, sorted and paged; abandoned ones leave.
pub fn ct5_open_carts_listed_filtered_and_abandoned(factory: Factory<'_>) {
    let (ws, clock, _) = cart_workspace(factory());
    let deli = ws.create_customer(NewCustomer::named("Corner Deli")).expect("create");
    let bakery = ws.create_customer(NewCustomer::named("Bakery Bros")).expect("create");
    let d = ws.open_cart(deli.id, &agent("sam"), None).expect("open");
    ws.update_cart(d.id, &[add("FL-1", 4)], &agent("sam")).expect("edit");
    clock.advance(chrono::Duration::days(2));
    let b = ws.open_cart(bakery.id, &agent("kim"), None).expect("open");
    ws.update_cart(b.id, &[add("SU-2", 1)], &agent("kim")).expect("edit");
    clock.advance(chrono::Duration::days(2));
    let page = ws.open_carts(&crate::CartQuery::default()).expect("list");
    let rows: Vec<(&str, Option<&str>, Decimal, bool, u64)> = page
        .items
        .iter()
        .map(|r| (r.customer_name.as_str(), r.agent.as_deref(), r.value, r.stalled, r.age_secs))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("Corner Deli", Some("sam"), Decimal::new(5000, 2), true, 4 * 86_400),
            ("Bakery Bros", Some("kim"), Decimal::new(320, 2), false, 2 * 86_400)
        ]
    );
    // Value at today's prices.
    ws.upsert_products(vec![crate::Product::new("SU-2", "Caster Sugar", Some(Decimal::new(9900, 2)))]).expect("price");
    let by_value =
        ws.open_carts(&crate::CartQuery { sort: crate::CartSort::Value, ..Default::default() }).expect("list");
    assert_eq!(by_value.items[0].customer_name, "Bakery Bros");
    assert_eq!(by_value.items[0].value, Decimal::new(9900, 2));
    let stalled = ws.open_carts(&crate::CartQuery { stalled_only: true, ..Default::default() }).expect("list");
    assert_eq!(stalled.items.iter().map(|r| r.cart_id).collect::<Vec<_>>(), vec![d.id]);
    let kim = ws.open_carts(&crate::CartQuery { agent: Some("KIM".into()), ..Default::default() }).expect("list");
    assert_eq!(kim.items.iter().map(|r| r.cart_id).collect::<Vec<_>>(), vec![b.id]);
    let one_day = crate::CartQuery { stalled_after_secs: Some(86_400), ..Default::default() };
    assert!(ws.open_carts(&one_day).expect("list").items.iter().all(|r| r.stalled));
    let mine = ws.open_carts(&crate::CartQuery { customer_id: Some(bakery.id), ..Default::default() }).expect("list");
    assert_eq!(mine.total, 1);
    let paged = ws.open_carts(&crate::CartQuery { limit: 1, offset: 1, ..Default::default() }).expect("list");
    assert_eq!((paged.total, paged.items.len()), (2, 1));
    assert_eq!(
        ws.open_carts(&crate::CartQuery { limit: 0, ..Default::default() }).expect_err("limit").code(),
        "INVALID_ARGUMENT"
    );
    let abandoned = ws.abandon_cart(d.id, &agent("kim")).expect("abandon");
    assert_eq!(abandoned.changes.last().map(|c| c.by.agent_name()), Some(Some("kim")));
    let left = ws.open_carts(&crate::CartQuery::default()).expect("list");
    assert_eq!(left.items.iter().map(|r| r.cart_id).collect::<Vec<_>>(), vec![b.id]);
    assert_eq!(ws.customer_carts(deli.id).expect("carts")[0].state, crate::CartState::Abandoned);
}

// --- I7, I9: saved import mappings and import batches --------------------------------------

fn confirm_csv(ws: &Workspace, csv: &str) -> crate::ImportResult {
    let preview = ws.preview_import(csv.as_bytes(), Some(crate::ImportFormat::Csv), None).expect("preview");
    assert_eq!(preview.errors(), 0, "{:?}", preview.report.issues);
    ws.confirm_import(&preview).expect("confirm")
}

/// I7: a mapping saved under a name is listed, found without case, replaced by a save of the
/// same name, and deleted.
pub fn i7_saved_mappings_roundtrip(factory: Factory<'_>) {
    use crate::import::{ColumnMapping, ImportField};
    let ws = plain(factory);
    assert!(ws.import_mappings().expect("none yet").is_empty());
    let m = ColumnMapping::parse([("Trading Name", "name"), ("Acct No.", "code")]).expect("mapping");
    ws.save_mapping("Harbour Supplies", &m).expect("save");
    let listed = ws.import_mappings().expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].name.as_str(), &listed[0].mapping), ("Harbour Supplies", &m));
    let m2 = ColumnMapping::parse([("Trading Name", "name"), ("Buyer e-mail", "email")]).expect("mapping");
    ws.save_mapping("  HARBOUR supplies ", &m2).expect("replace");
    let listed = ws.import_mappings().expect("list");
    assert_eq!(listed.len(), 1, "one name, compared without case");
    assert_eq!(listed[0].mapping.field_for("buyer e-mail"), Some(Some(ImportField::Email)));
    let csv = "Trading Name,Buyer e-mail\nCorner Deli,orders@deli.example\n";
    let preview = ws
        .preview_import_mapped(
            csv.as_bytes(),
            None,
            None,
            Some(crate::MappingChoice::Saved("harbour supplies".into())),
            &mut |_| true,
        )
        .expect("preview by name");
    assert_eq!((preview.creates(), preview.mapping_name.as_deref()), (1, Some("HARBOUR supplies")));
    assert!(ws.delete_import_mapping("harbour SUPPLIES").expect("delete"));
    assert!(!ws.delete_import_mapping("harbour supplies").expect("gone"));
    assert!(ws.import_mappings().expect("list").is_empty());
}

/// I9: confirm records a batch; undo deletes what it created and restores what it changed, is
/// recorded on the batch, and is refused a second time.
pub fn i9_undo_reverses_a_batch_once(factory: Factory<'_>) {
    use crate::import::{BatchRow, KeptReason};
    let (ws, clock) = workspace(factory, NewWorkspace::named("I9"));
    let kept = ws.create_customer(named("Pier Seafood", Some("P1"))).expect("create");
    let before = ws.get_customer(kept.id).expect("get");
    clock.advance(chrono::Duration::minutes(5));
    let result = confirm_csv(&ws, "Name,Code,Phone\nPier Seafood Co,P1,02 9999 0000\nNew Deli,N1,\n");
    assert_eq!((result.created.len(), result.updated.len()), (1, 1));
    let batch = ws.import_batch(result.batch_id).expect("batch");
    assert_eq!(batch.rows.len(), 2);
    assert!(matches!(&batch.rows[0], BatchRow::Updated { row: 2, changes, .. } if changes.len() == 2));
    assert!(matches!(&batch.rows[1], BatchRow::Created { row: 3, .. }));
    clock.advance(chrono::Duration::minutes(5));
    let report = ws.undo_import(result.batch_id).expect("undo");
    assert_eq!((report.deleted.clone(), report.restored.clone()), (result.created.clone(), vec![kept.id]));
    assert!(report.kept.iter().all(|k| k.reason != KeptReason::ChangedSince), "{:?}", report.kept);
    let after = ws.get_customer(kept.id).expect("get");
    assert_eq!(
        (after.name.as_str(), after.code.as_deref(), after.phone.as_deref()),
        ("Pier Seafood", Some("P1"), None)
    );
    assert_eq!(after.link_code, before.link_code);
    assert_eq!(ws.get_customer(result.created[0]).expect_err("deleted").code(), "CUSTOMER_NOT_FOUND");
    assert_eq!(ws.import_batch(result.batch_id).expect("batch").undo, Some(report));
    assert_eq!(ws.undo_import(result.batch_id).expect_err("twice").code(), "IMPORT_ALREADY_UNDONE");
    let unknown = crate::ImportBatchId(uuid::Uuid::from_u128(7));
    assert_eq!(ws.undo_import(unknown).expect_err("unknown").code(), "IMPORT_BATCH_NOT_FOUND");
    assert_eq!(ws.import_batch(unknown).expect_err("unknown").code(), "IMPORT_BATCH_NOT_FOUND");
}

/// I9: an edit between confirm and undo is kept (the field edited since, and only it), and a
/// customer the import created that has orders since is kept; both are reported.
pub fn i9_undo_keeps_edits_and_orders_since(factory: Factory<'_>) {
    use crate::import::KeptReason;
    use crate::CustomerField;
    let ws = plain(factory);
    let c = ws.create_customer(named("Harbour Cafe", Some("H1"))).expect("create");
    let result =
        confirm_csv(&ws, "Name,Code,Phone,Contact\nHarbour Cafe,H1,555 0101,Sam\nNew Deli,N1,,\nGone Bar,G1,,\n");
    // A concurrent edit of one imported field, an order for a created customer, and a created
    // customer deleted, all between confirm and undo.
    ws.update_customer(c.id, CustomerPatch { phone: Some(Some("555 0202".into())), ..Default::default() })
        .expect("edit since");
    let deli = result.created[0];
    ws.intake_order(&ws.link_url(deli).expect("url"), None, order("N-1", 1_000)).expect("order since");
    ws.delete_customer(result.created[1]).expect("deleted since");
    let report = ws.undo_import(result.batch_id).expect("undo");
    assert_eq!(report.restored, vec![c.id]);
    assert!(report.deleted.is_empty());
    let mut kept: Vec<(CustomerId, KeptReason, Vec<CustomerField>)> =
        report.kept.iter().map(|k| (k.customer_id, k.reason, k.fields.clone())).collect();
    kept.sort_by_key(|k| k.1.as_str());
    let mut want = vec![
        (c.id, KeptReason::ChangedSince, vec![CustomerField::Phone]),
        (deli, KeptReason::HasOrders, vec![]),
        (result.created[1], KeptReason::Gone, vec![]),
    ];
    want.sort_by_key(|k| k.1.as_str());
    assert_eq!(kept, want);
    let after = ws.get_customer(c.id).expect("get");
    assert_eq!((after.phone.as_deref(), after.contact.as_deref()), (Some("555 0202"), None));
    assert_eq!(ws.get_customer(deli).expect("kept").stats.orders, 1);
}

/// I9: a prior value another customer has taken since (here a code) cannot be put back: the
/// customer is kept as it is and reported, and the rest of the undo goes ahead.
pub fn i9_undo_keeps_a_restore_that_would_clash(factory: Factory<'_>) {
    use crate::import::KeptReason;
    let ws = plain(factory);
    let a = ws.create_customer(named("Alpha", Some("A1"))).expect("create");
    let b = ws.create_customer(named("Beta", Some("B1"))).expect("create");
    let csv = format!("Name,Code,Record ID,Phone\nAlpha,A2,{},\nBeta,B1,{},555\n", a.id, b.id);
    let result = confirm_csv(&ws, &csv);
    assert_eq!(result.updated, vec![a.id, b.id]);
    ws.create_customer(named("Usurper", Some("a1"))).expect("takes the old code");
    let report = ws.undo_import(result.batch_id).expect("undo");
    assert_eq!(report.restored, vec![b.id]);
    assert_eq!(report.kept.len(), 1);
    assert_eq!((report.kept[0].customer_id, report.kept[0].reason), (a.id, KeptReason::Conflict));
    assert_eq!(ws.get_customer(a.id).expect("get").code.as_deref(), Some("A2"));
    assert_eq!(ws.get_customer(b.id).expect("get").phone, None);
}

/// I9: two undos of one batch at once: exactly one undoes it, the other is refused.
pub fn i9_concurrent_undos_one_wins(factory: Factory<'_>) {
    let ws = Arc::new(plain(factory));
    let result = confirm_csv(&ws, "Name,Code\nOne,O1\nTwo,T1\n");
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let ws = ws.clone();
            let id = result.batch_id;
            std::thread::spawn(move || ws.undo_import(id).map_err(|e| e.code()))
        })
        .collect();
    let outcomes: Vec<_> = handles.into_iter().map(|h| h.join().expect("thread")).collect();
    assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 1, "{outcomes:?}");
    assert!(outcomes.contains(&Err("IMPORT_ALREADY_UNDONE")), "{outcomes:?}");
    assert!(all(&ws).is_empty());
}

/// I9: edits running at the same moment as an undo, on other threads: whichever goes first,
/// each edited field ends as the edit left it and each field only the import changed gets its
/// prior value back; the report says the edit was kept exactly when the edit came first.
pub fn i9_undo_beside_concurrent_edits(factory: Factory<'_>) {
    use crate::import::KeptReason;
    use crate::CustomerField;
    let ws = Arc::new(plain(factory));
    let customers: Vec<Customer> = (0..8)
        .map(|i| ws.create_customer(named(&format!("Shop {i}"), Some(&format!("S{i}")))).expect("create"))
        .collect();
    let csv =
        (0..8).fold(String::from("Name,Code,Phone,Contact\n"), |s, i| s + &format!("Shop {i},S{i},555 {i},Sam\n"));
    let result = confirm_csv(&ws, &csv);
    assert_eq!(result.updated.len(), 8);
    let edits: Vec<_> = customers
        .iter()
        .map(|c| {
            let (ws, id) = (ws.clone(), c.id);
            std::thread::spawn(move || {
                let patch = CustomerPatch { contact: Some(Some("Edited".into())), ..Default::default() };
                ws.update_customer(id, patch).expect("edit")
            })
        })
        .collect();
    let report = ws.undo_import(result.batch_id).expect("undo");
    for h in edits {
        h.join().expect("edit thread");
    }
    for c in &customers {
        let now = ws.get_customer(c.id).expect("get");
        assert_eq!((now.phone.as_deref(), now.contact.as_deref()), (None, Some("Edited")), "{}", c.name);
        let kept = report.kept.iter().find(|k| k.customer_id == c.id);
        if let Some(k) = kept {
            assert_eq!((k.reason, k.fields.clone()), (KeptReason::ChangedSince, vec![CustomerField::Contact]));
        }
        assert!(report.restored.contains(&c.id), "the phone is restored either way");
    }
}

/// I9, C4: under the unique-names policy a prior name another customer has taken since is not
/// put back (the customer is kept whole, `conflict`); the other restores go ahead.
pub fn i9_undo_under_unique_names(factory: Factory<'_>) {
    use crate::import::KeptReason;
    let (ws, _) = workspace(factory, NewWorkspace { unique_names: true, ..NewWorkspace::named("Unique") });
    let a = ws.create_customer(named("Alpha", Some("A1"))).expect("create");
    let b = ws.create_customer(named("Beta", Some("B1"))).expect("create");
    let result = confirm_csv(&ws, "Name,Code\nAlpha Two,A1\nBeta Two,B1\n");
    assert_eq!(result.updated, vec![a.id, b.id]);
    ws.create_customer(named("alpha", None)).expect("takes the old name");
    let report = ws.undo_import(result.batch_id).expect("undo");
    assert_eq!(report.restored, vec![b.id]);
    assert_eq!(
        report.kept.iter().map(|k| (k.customer_id, k.reason)).collect::<Vec<_>>(),
        vec![(a.id, KeptReason::Conflict)]
    );
    assert_eq!(ws.get_customer(a.id).expect("a").name, "Alpha Two");
    assert_eq!(ws.get_customer(b.id).expect("b").name, "Beta");
}

/// I9, W1: a batch is its workspace's: another workspace of the store cannot see or undo it.
pub fn i9_batches_are_per_workspace(factory: Factory<'_>) {
    let root = factory();
    let env = || Env::new(Arc::new(ManualClock::new(t0())), Arc::new(SeededRandom::new(7)));
    let platform = crate::Platform::new(root, env());
    let one = platform.create_workspace(NewWorkspace::named("One")).expect("one");
    let two = platform.create_workspace(NewWorkspace::named("Two")).expect("two");
    let result = confirm_csv(&one, "Name\nOnly In One\n");
    assert_eq!(two.undo_import(result.batch_id).expect_err("not its batch").code(), "IMPORT_BATCH_NOT_FOUND");
    assert_eq!(two.import_batch(result.batch_id).expect_err("not its batch").code(), "IMPORT_BATCH_NOT_FOUND");
    let m = crate::import::ColumnMapping::parse([("Trading Name", "name")]).expect("mapping");
    one.save_mapping("Supplier", &m).expect("save");
    assert!(two.import_mappings().expect("list").is_empty());
    one.undo_import(result.batch_id).expect("its own");
}

// --- many workspaces in one store (W1–W4) --------------------------------------------------

/// Two workspaces in one new store (the second with contacts sync on, so both sides of S3 are
/// reachable), one clock and generator for both.
fn two(factory: Factory<'_>, settings: NewWorkspace) -> (crate::Platform, Workspace, Workspace, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(t0()));
    let env = Env::new(clock.clone(), Arc::new(SeededRandom::new(42)));
    let platform = crate::Platform::new(factory(), env);
    let a = platform.create_workspace(NewWorkspace { name: "Harbour Foods".into(), ..settings.clone() }).expect("a");
    let b = platform.create_workspace(NewWorkspace { name: "Coast Dairy".into(), ..settings }).expect("b");
    (platform, a, b, clock)
}

/// The code of a refused call (a store handle is not `Debug`, so `expect_err` cannot show it).
fn refused<T>(result: crate::Result<T>) -> &'static str {
    match result {
        Ok(_) => panic!("expected a refusal"),
        Err(e) => e.code(),
    }
}

/// The same customers in a workspace: equal names, codes, emails and external ids in each.
fn same_customers(ws: &Workspace) -> Vec<Customer> {
    ["Corner Deli", "Bay Cafe", "Hilltop Grocer"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            ws.create_customer(NewCustomer {
                email: Some(format!("orders@shop{i}.example")),
                phone: Some(format!("+61 400 00{i}")),
                ..named(name, Some(&format!("C-{i}")))
            })
            .expect("customer")
        })
        .collect()
}

/// W1: a store holds many workspaces: each is created with its own id and link code, listed
/// oldest first, counted, and opened by id; an unknown id is `WORKSPACE_NOT_FOUND`; the
/// single-workspace entry points refuse a store of two (`WORKSPACE_EXISTS`,
/// `WORKSPACE_AMBIGUOUS`).
pub fn w1_workspaces_created_listed_and_opened(factory: Factory<'_>) {
    let (platform, a, b, _) = two(factory, NewWorkspace::named("unused"));
    let (sa, sb) = (a.settings().expect("a"), b.settings().expect("b"));
    assert_ne!(sa.id, sb.id);
    assert_ne!(sa.link_code, sb.link_code);
    assert_eq!(platform.workspaces().expect("workspaces"), vec![sa.clone(), sb.clone()]);
    let root = platform.store().clone();
    assert_eq!(root.workspace_count().expect("count"), 2);
    assert_eq!(platform.workspace(sb.id).expect("b by id").settings().expect("settings"), sb);
    assert!(root.workspace(crate::WorkspaceId(uuid::Uuid::from_u128(9))).expect("unknown").is_none());
    let err = platform.workspace(crate::WorkspaceId(uuid::Uuid::from_u128(9))).expect_err("unknown");
    assert_eq!(err.code(), "WORKSPACE_NOT_FOUND");
    let err = Workspace::open(root.clone(), Env::system()).expect_err("two workspaces");
    assert_eq!(err.code(), "WORKSPACE_AMBIGUOUS");
    let err = Workspace::create(root.clone(), Env::system(), NewWorkspace::named("Third")).expect_err("not empty");
    assert_eq!(err.code(), "WORKSPACE_EXISTS");
    let mut dup = sa.clone();
    dup.link_code = LinkCode::generate(&SeededRandom::new(7));
    assert_eq!(refused(root.create_workspace(&dup)), "WORKSPACE_EXISTS");
    assert_eq!(root.workspace_count().expect("count"), 2);
    // Settings are per workspace: a change to one leaves the other as it was.
    a.update_settings(SettingsPatch { currency: Some("NZD".into()), ..Default::default() }).expect("update");
    assert_eq!(b.settings().expect("b"), sb);
    assert_eq!(platform.workspace(sa.id).expect("a").settings().expect("a").currency, "NZD");
}

/// W1, W3: customers are per workspace: the same names and codes in both (W3), each listed,
/// counted, searched and found only in its own; one workspace's ids and link codes find nothing
/// in the other, and writes through one never reach the other's records.
pub fn w1_customers_isolated(factory: Factory<'_>) {
    let unique = NewWorkspace { unique_names: true, ..NewWorkspace::named("unused") };
    let (_, a, b, _) = two(factory, unique);
    let mine = same_customers(&a);
    let theirs = same_customers(&b);
    a.create_customer(named("Only In A", None)).expect("extra");
    assert_eq!((all(&a).len(), all(&b).len()), (4, 3));
    let search = CustomerQuery { search: Some("only in".into()), ..Default::default() };
    assert_eq!((a.list_customers(&search).expect("a").total, b.list_customers(&search).expect("b").total), (1, 0));
    // W3: the same code and name are refused within a workspace, as ever.
    assert_eq!(a.create_customer(named("Corner Deli", None)).expect_err("name").code(), "NAME_TAKEN");
    assert_eq!(b.create_customer(named("Other", Some("c-0"))).expect_err("code").code(), "CODE_TAKEN");
    let (ha, hb) = (a.store().clone(), b.store().clone());
    let u = uniqueness(&b);
    for (m, t) in mine.iter().zip(&theirs) {
        assert_eq!(hb.customer(m.id).expect("get"), None);
        assert_eq!(b.get_customer(m.id).expect_err("other's").code(), "CUSTOMER_NOT_FOUND");
        assert_eq!(hb.customer_by_link_code(&m.link_code).expect("by link"), None);
        assert_eq!(b.resolve_link(m.link_code.as_str()).expect("resolve"), crate::LinkTarget::Unknown);
        let patch = CustomerPatch { name: Some("Hijacked".into()), ..Default::default() };
        assert_eq!(b.update_customer(m.id, patch).expect_err("other's").code(), "CUSTOMER_NOT_FOUND");
        let mut renamed = m.clone();
        renamed.name = "Hijacked".into();
        renamed.version += 1;
        assert_eq!(hb.replace_customer(&renamed, m.version, &u).expect_err("other's").code(), "CUSTOMER_NOT_FOUND");
        assert_eq!(b.delete_customer(m.id).expect_err("other's").code(), "CUSTOMER_NOT_FOUND");
        assert_eq!(b.rotate_link(m.id, None, None).expect_err("other's").code(), "CUSTOMER_NOT_FOUND");
        assert_eq!(ha.customer(m.id).expect("get").as_ref(), Some(m));
        assert_eq!(ha.customer(t.id).expect("get"), None);
    }
    // A delete in one leaves the same-named customer of the other.
    a.delete_customer(mine[0].id).expect("delete");
    assert_eq!(b.get_customer(theirs[0].id).expect("kept"), theirs[0]);
    let page = b.list_customers(&CustomerQuery { search: Some("corner".into()), ..Default::default() }).expect("b");
    assert_eq!(page.items, vec![theirs[0].clone()]);
}

/// W1, S3: a contacts sync is per workspace: the same external ids in two workspaces are two
/// customers, and one workspace's batch never updates the other's.
pub fn w1_sync_isolated(factory: Factory<'_>) {
    let sync = ContactsSync { enabled: true, connected: true, phone_mapped: false };
    let (_, a, b, _) = two(factory, NewWorkspace { contacts_sync: sync, ..NewWorkspace::named("unused") });
    let ra = a.apply_contacts_sync(&[record("x-1", "One", Some("ONE"))]).expect("a");
    let rb = b.apply_contacts_sync(&[record("x-1", "Uno", Some("ONE"))]).expect("b");
    assert_eq!((ra.created.len(), rb.created.len()), (1, 1));
    assert_ne!(ra.created[0], rb.created[0]);
    let rb = b.apply_contacts_sync(&[record("x-1", "Uno renamed", Some("ONE"))]).expect("b again");
    assert_eq!(rb.updated.len(), 1);
    assert_eq!(a.get_customer(ra.created[0]).expect("a").name, "One");
    let in_b = b.store().customers_by_external_id(&["x-1".into()]).expect("by external id");
    assert_eq!(in_b.iter().map(|c| c.id).collect::<Vec<_>>(), rb.updated);
}

/// W1, P1–P7: orders, pending buyers, mappings and the audit trail are per workspace: the same
/// buyer ordering from both is two records; a mapping in one auto-links only there; one
/// workspace's ids find nothing in the other and its review actions cannot reach them.
pub fn w1_orders_pending_and_mappings_isolated(factory: Factory<'_>) {
    let (_, a, b, _) = two(factory, NewWorkspace::named("unused"));
    let pa = pending_of(intake_ws(&a, "Bay Cafe", "bay@cafe.example", "A-1", 1_000));
    let pb = pending_of(intake_ws(&b, "Bay Cafe", "bay@cafe.example", "B-1", 2_000));
    assert_ne!(pa, pb);
    assert_eq!((a.pending_buyers(false).expect("a").len(), b.pending_buyers(false).expect("b").len()), (1, 1));
    let ca = a.create_customer(named("Bay Cafe", None)).expect("customer in a");
    // B cannot map A's record, nor map its own onto A's customer.
    assert_eq!(b.map_pending(pa, ca.id, None).expect_err("other's record").code(), "PENDING_NOT_FOUND");
    assert_eq!(b.map_pending(pb, ca.id, None).expect_err("other's customer").code(), "CUSTOMER_NOT_FOUND");
    a.map_pending(pa, ca.id, None).expect("map in a");
    assert_eq!(a.get_customer(ca.id).expect("stats").stats.orders, 1);
    // The mapping auto-links the next order in A only; in B the buyer is still pending.
    assert!(matches!(intake_ws(&a, "Bay Cafe", "bay@cafe.example", "A-2", 1), IntakeOutcome::AutoLinked { .. }));
    let again = intake_ws(&b, "Bay Cafe", "bay@cafe.example", "B-2", 1);
    assert!(matches!(again, IntakeOutcome::Pending { new_record: false, pending_id, .. } if pending_id == pb));
    assert_eq!((a.mappings().expect("a").len(), b.mappings().expect("b").len()), (1, 0));
    assert_eq!((a.audit_trail().expect("a").len(), b.audit_trail().expect("b").len()), (1, 0));
    assert!(b.pending_buyers(true).expect("b").iter().all(|p| p.id == pb));
    let hb = b.store().clone();
    let order_a = a.customer_orders(ca.id).expect("orders")[0].id;
    assert_eq!(hb.order(order_a).expect("order"), None);
    assert_eq!(b.get_order(order_a).expect_err("other's").code(), "ORDER_NOT_FOUND");
    assert_eq!(b.invoice_order(order_a).expect_err("other's").code(), "ORDER_NOT_FOUND");
    assert_eq!(hb.pending(pa).expect("pending"), None);
    assert!(hb.orders_of(OrderOwner::Customer(ca.id)).expect("orders").is_empty());
    assert_eq!(hb.orders_of(OrderOwner::Placeholder).expect("held").len(), 2);
    assert_eq!(a.store().orders_of(OrderOwner::Placeholder).expect("held").len(), 0);
    // Suggestions for B's buyer come from B's customers only.
    assert!(b.suggest_customers(pb).expect("suggest").is_empty());
    let order = crate::OrderRef { owner: OrderOwner::Customer(ca.id), ..a.get_order(order_a).expect("order") };
    let err = hb.attach_order(&crate::OrderRef { id: crate::OrderId(uuid::Uuid::from_u128(77)), ..order });
    assert_eq!(err.expect_err("other's customer").code(), "CUSTOMER_NOT_FOUND");
}

/// W1, PR: prices are per workspace: one workspace's products, lists and groups are not
/// priced in the other, and saving one workspace's book leaves the other's version alone.
pub fn w1_prices_isolated(factory: Factory<'_>) {
    let (_, a, b, _) = two(factory, NewWorkspace::named("unused"));
    a.upsert_products(vec![crate::Product::new("SKU-1", "Flour", Some(Decimal::new(500, 2)))]).expect("products");
    a.upsert_price_group("Trade", true).expect("group");
    a.set_group_prices("Trade", &[("SKU-1".into(), Some(Decimal::new(400, 2)))]).expect("prices");
    let ca = a
        .create_customer(NewCustomer { price_group: Some("Trade".into()), ..named("Trade Buyer", None) })
        .expect("customer");
    let price = a.resolve_price(crate::PriceFor::Customer(ca.id), "SKU-1").expect("a prices");
    assert_eq!(price.amount, Some(Decimal::new(400, 2)));
    let err = b.resolve_price(crate::PriceFor::WorkspaceLink, "SKU-1").expect_err("not b's product");
    assert_eq!(err.code(), "PRODUCT_NOT_FOUND");
    assert!(b.resolve_price(crate::PriceFor::Customer(ca.id), "SKU-1").is_err(), "not b's customer");
    assert!(b.products().expect("b").is_empty());
    assert!(b.price_groups().expect("b").is_empty());
    assert_eq!(b.store().price_book().expect("b").version, 0);
    assert_eq!(b.store().price_reads(Some(ca.id)).expect("reads").customer, None);
}

/// W1, A3, B2, AC1, notes: challenges, sessions, lockouts, deliveries, activity and notes are
/// per workspace: nothing recorded for one is read, taken or counted through the other.
pub fn w1_verification_messages_activity_notes_isolated(factory: Factory<'_>) {
    let strict =
        NewWorkspace { strict_security: true, verification: lockout_policy(), ..NewWorkspace::named("unused") };
    let (_, a, b, _) = two(factory, strict);
    let ca = a.create_customer(with_email("Alpha")).expect("a");
    let cb = b.create_customer(with_email("Alpha")).expect("b");
    let (ha, hb) = (a.store().clone(), b.store().clone());
    // A3: a challenge of A is not found through B, and stays usable in A.
    let start = a.start_verification(ca.link_code.as_str()).expect("start");
    assert_eq!(hb.take_challenge(start.challenge_id).expect("take"), None);
    assert!(b.start_verification(ca.link_code.as_str()).is_err(), "A's link is unknown in B");
    let session = a.complete_verification(start.challenge_id, &start.code_word).expect("pass in a");
    let url_a = a.link_url(ca.id).expect("url");
    assert!(a.open_link(&url_a, Some(&session.token)).expect("a").may_view);
    let url_b = b.link_url(cb.id).expect("url");
    assert!(!b.open_link(&url_b, Some(&session.token)).expect("b").may_view, "A's session is not B's");
    // A3: failures lock A's customer only.
    for _ in 0..3 {
        fail_once(&a, &ca);
    }
    assert!(ha.verification_lock(ca.id).expect("a").locked_until.is_some());
    assert_eq!(hb.verification_lock(ca.id).expect("b"), crate::VerificationLock::default());
    assert_eq!(hb.verification_lock(cb.id).expect("b"), crate::VerificationLock::default());
    assert!(hb.verification_lock_events(ca.id).expect("b").is_empty());
    // B2: deliveries.
    let spec = crate::MessageSpec::default();
    a.record_delivery(&a.render_message(ca.id, &spec).expect("render")).expect("record");
    assert!(b.deliveries(ca.id).expect("b").is_empty());
    assert!(b.last_sent(&[ca.id, cb.id]).expect("b").is_empty());
    // AC1: activity.
    a.record_activity(ca.id, crate::ActivityKind::LinkOpened).expect("activity");
    assert_eq!(ha.activity_between(t0(), t0() + chrono::Duration::days(1)).expect("a").len(), 1);
    assert!(hb.activity_between(t0(), t0() + chrono::Duration::days(1)).expect("b").is_empty());
    assert!(b.record_activity(ca.id, crate::ActivityKind::LinkOpened).is_err(), "A's customer in B");
    // Notes.
    let note = a.add_note(ca.id, "sam", "only in a").expect("note");
    assert_eq!(hb.note(note.id).expect("b"), None);
    assert!(hb.notes_of(ca.id).expect("b").is_empty());
    assert_eq!(b.add_note(ca.id, "sam", "x").expect_err("A's customer").code(), "CUSTOMER_NOT_FOUND");
    assert_eq!(b.edit_note(note.id, "x").expect_err("A's note").code(), "NOTE_NOT_FOUND");
    // L5: rotations.
    a.rotate_link(ca.id, None, None).expect("rotate");
    assert!(hb.link_rotations(ca.id).expect("b").is_empty());
}

/// W1, P3: intakes into different workspaces at once, from many threads: each workspace ends
/// with exactly its own orders and one pending record per key, nothing crossing over.
pub fn w1_concurrent_intakes_into_different_workspaces(factory: Factory<'_>) {
    let (_, a, b, _) = two(factory, NewWorkspace::named("unused"));
    let (threads, per_thread, keys) = (4, 20, 3);
    std::thread::scope(|s| {
        for t in 0..threads {
            for (tag, ws) in [("A", a.clone()), ("B", b.clone())] {
                s.spawn(move || {
                    for i in 0..per_thread {
                        let k = (t + i) % keys;
                        let number = format!("{tag}{t}-{i}");
                        intake_ws(&ws, &format!("Buyer {k}"), &format!("b{k}@x.example"), &number, 100);
                    }
                });
            }
        }
    });
    for (tag, ws) in [("A", &a), ("B", &b)] {
        let records = ws.pending_buyers(false).expect("queue");
        assert_eq!(records.len(), keys, "one record per key in {tag}");
        let held = ws.store().orders_of(OrderOwner::Placeholder).expect("held");
        assert_eq!(held.len(), threads * per_thread, "every order of {tag}, once");
        assert!(held.iter().all(|o| o.number.starts_with(tag)), "only {tag}'s orders");
        let on_records: usize = records.iter().map(|p| p.orders.len()).sum();
        assert_eq!(on_records, threads * per_thread);
    }
}

/// W2: one store resolves any workspace's link without being told the workspace: a customer's
/// link answers its workspace and customer, a workspace's link its workspace, an unknown code
/// nobody; opening a link decides as the workspace would and hands back that workspace, and an
/// order taken through it reaches that workspace only.
pub fn w2_links_resolve_across_workspaces(factory: Factory<'_>) {
    let (platform, a, b, _) = two(factory, NewWorkspace::named("unused"));
    let (ida, idb) = (a.id().expect("a"), b.id().expect("b"));
    let ca = a.create_customer(named("Corner Deli", None)).expect("a");
    let cb = b.create_customer(named("Corner Deli", None)).expect("b");
    let link = |ws, target| crate::PlatformLink { workspace_id: Some(ws), target };
    let customer = |c: &Customer| crate::LinkTarget::Customer { customer_id: c.id };
    assert_eq!(platform.resolve_link(&a.link_url(ca.id).expect("url")).expect("a"), link(ida, customer(&ca)));
    assert_eq!(platform.resolve_link(cb.link_code.as_str()).expect("b"), link(idb, customer(&cb)));
    let lower = b.workspace_link_url().expect("url").to_lowercase();
    assert_eq!(platform.resolve_link(&lower).expect("b's own"), link(idb, crate::LinkTarget::Workspace));
    let never = LinkCode::generate(&SeededRandom::new(99_999));
    let unknown = crate::PlatformLink { workspace_id: None, target: crate::LinkTarget::Unknown };
    assert_eq!(platform.resolve_link(never.as_str()).expect("unknown"), unknown);
    assert_eq!(platform.resolve_link("not a link!").expect_err("malformed").code(), "LINK_MALFORMED");
    let (ws, decision) = platform.open_link(&b.link_url(cb.id).expect("url"), None).expect("open");
    let ws = ws.expect("b's link has a workspace");
    assert_eq!(ws.id().expect("id"), idb);
    assert_eq!(decision, b.open_link(cb.link_code.as_str(), None).expect("as b decides"));
    assert_eq!(decision.customer_id, Some(cb.id));
    let (none, decision) = platform.open_link(never.as_str(), None).expect("unknown");
    assert!(none.is_none());
    assert!(!decision.found);
    // An order through the opened workspace reaches B's customer, not A's.
    ws.intake_order(cb.link_code.as_str(), None, order("B-1", 500)).expect("intake");
    assert_eq!(b.get_customer(cb.id).expect("b").stats.orders, 1);
    assert_eq!(a.get_customer(ca.id).expect("a").stats.orders, 0);
    assert_eq!(
        a.intake_order(cb.link_code.as_str(), None, order("X", 1)).expect_err("B's link").code(),
        "LINK_NOT_FOUND"
    );
}

/// W2, L5: a rotated code answers unknown store-wide, and its replacement answers the same
/// workspace and customer.
pub fn w2_rotated_code_answers_unknown_everywhere(factory: Factory<'_>) {
    let (platform, a, _b, _) = two(factory, NewWorkspace::named("unused"));
    let c = a.create_customer(named("Leaky", None)).expect("create");
    let rotated = a.rotate_link(c.id, Some("admin"), Some("leaked")).expect("rotate");
    let unknown = crate::PlatformLink { workspace_id: None, target: crate::LinkTarget::Unknown };
    assert_eq!(platform.resolve_link(c.link_code.as_str()).expect("old"), unknown);
    let (ws, decision) = platform.open_link(c.link_code.as_str(), None).expect("old");
    assert!(ws.is_none() && !decision.found);
    let now = platform.resolve_link(rotated.link_code.as_str()).expect("new");
    assert_eq!(now.workspace_id, Some(a.id().expect("a")));
    assert_eq!(now.target, crate::LinkTarget::Customer { customer_id: c.id });
    // A deleted customer's code answers unknown too.
    let gone = a.create_customer(named("Gone", None)).expect("create");
    a.delete_customer(gone.id).expect("delete");
    assert_eq!(platform.resolve_link(gone.link_code.as_str()).expect("deleted"), unknown);
}

/// W2, L1: a link code held or once held anywhere in the store (a customer's, current,
/// rotated away or deleted; a workspace's) is never issued in another workspace: the store
/// refuses it with `LINK_CODE_TAKEN` and writes nothing.
pub fn w2_codes_never_reissued_in_another_workspace(factory: Factory<'_>) {
    let (platform, a, b, _) = two(factory, NewWorkspace::named("unused"));
    let current = a.create_customer(named("Current", None)).expect("a");
    let rotated = a.create_customer(named("Rotated", None)).expect("a");
    let deleted = a.create_customer(named("Deleted", None)).expect("a");
    a.rotate_link(rotated.id, None, None).expect("rotate");
    a.delete_customer(deleted.id).expect("delete");
    let template = b.create_customer(named("Template", None)).expect("b");
    let (hb, u) = (b.store().clone(), uniqueness(&b));
    let a_code = a.settings().expect("a").link_code;
    let taken = [current.link_code.clone(), rotated.link_code.clone(), deleted.link_code.clone(), a_code.clone()];
    for (i, code) in taken.iter().enumerate() {
        let clash = Customer {
            id: CustomerId(uuid::Uuid::from_u128(1_000 + i as u128)),
            link_code: code.clone(),
            name: format!("Clash {i}"),
            code: None,
            external_id: None,
            ..template.clone()
        };
        assert_eq!(hb.insert_customer(&clash, &u).expect_err("taken").code(), "LINK_CODE_TAKEN", "{i}");
        assert_eq!(hb.customer(clash.id).expect("nothing written"), None);
        let batch = [crate::CustomerWrite::Insert(clash.clone())];
        assert_eq!(hb.write_customers(&batch, &u).expect_err("taken").code(), "LINK_CODE_TAKEN");
        let fresh = b.get_customer(template.id).expect("template");
        let moved = Customer { link_code: code.clone(), version: fresh.version + 1, ..fresh.clone() };
        let rotation = crate::LinkRotation {
            customer_id: fresh.id,
            old_code: fresh.link_code.clone(),
            new_code: code.clone(),
            at: t0(),
            by: None,
            reason: None,
        };
        assert_eq!(hb.rotate_link(&moved, fresh.version, &rotation, &u).expect_err("taken").code(), "LINK_CODE_TAKEN");
        let mut settings = b.settings().expect("b");
        settings.link_code = code.clone();
        assert_eq!(hb.save_settings(&settings).expect_err("taken").code(), "LINK_CODE_TAKEN");
        let mut other = settings.clone();
        other.id = crate::WorkspaceId(uuid::Uuid::from_u128(5_000 + i as u128));
        let root = platform.store();
        assert_eq!(refused(root.create_workspace(&other)), "LINK_CODE_TAKEN");
    }
    assert_eq!(all(&b), vec![b.get_customer(template.id).expect("template")]);
    assert_eq!(b.settings().expect("b").link_code, platform.workspaces().expect("all")[1].link_code);
    assert_eq!(platform.workspaces().expect("all").len(), 2);
}

/// W3: what is unique within a workspace stays per workspace: customer codes (C2), names
/// under C4 and match keys (N1) may repeat across workspaces, and each workspace still
/// refuses its own repeats.
pub fn w3_codes_names_and_keys_per_workspace(factory: Factory<'_>) {
    let unique = NewWorkspace { unique_names: true, ..NewWorkspace::named("unused") };
    let (_, a, b, _) = two(factory, unique);
    let ca = a.create_customer(named("Acme Pty Ltd", Some("ACME"))).expect("a");
    let cb = b.create_customer(named("ACME PTY LTD", Some("acme"))).expect("b: same code and name");
    assert_eq!(a.create_customer(named("acme pty ltd", None)).expect_err("a's name").code(), "NAME_TAKEN");
    assert_eq!(b.create_customer(named("Other", Some("Acme"))).expect_err("b's code").code(), "CODE_TAKEN");
    let other = b.create_customer(named("Other", Some("OTHER"))).expect("b");
    let patch = CustomerPatch { code: Some(Some("acme".into())), ..Default::default() };
    assert_eq!(b.update_customer(other.id, patch).expect_err("b's code").code(), "CODE_TAKEN");
    let patch = CustomerPatch { code: Some(Some("other".into())), ..Default::default() };
    a.update_customer(ca.id, patch).expect("a code only B holds");
    // N1: one buyer, the same match key in both, mapped to each workspace's own customer.
    let pa = pending_of(intake_ws(&a, "Acme Pty Ltd", "buy@acme.example", "A-1", 100));
    let pb = pending_of(intake_ws(&b, "Acme Pty Ltd", "buy@acme.example", "B-1", 100));
    a.map_pending(pa, ca.id, None).expect("map a");
    b.map_pending(pb, cb.id, None).expect("map b");
    let (ma, mb) = (a.mappings().expect("a"), b.mappings().expect("b"));
    assert_eq!((ma.len(), mb.len()), (1, 1));
    assert_eq!(ma[0].key, mb[0].key);
    assert_eq!((ma[0].customer_id, mb[0].customer_id), (ca.id, cb.id));
    let out = intake_ws(&b, "ACME PTY LTD", "BUY@acme.example", "B-2", 100);
    assert!(matches!(out, IntakeOutcome::AutoLinked { customer_id, .. } if customer_id == cb.id));
}

/// R4, R1: a list query whose search, tag or address holds a NUL or another control character
/// (`TEXT_INVALID`), or is longer than `QUERY_TEXT_MAX_LEN` (`INVALID_ARGUMENT`), is refused by
/// every store, whichever way the store would answer it (a term long enough for an index or
/// not, another sort, a count limit), rather than reaching a store that cannot take it.
pub fn r4_a_list_query_holding_a_control_character_is_refused(factory: Factory<'_>) {
    let ws = plain(factory);
    ws.create_customer(named("Corner Deli", Some("C-1"))).expect("create");
    for text in ["de\0li", "\0", "a\u{1}b", "deli\u{1f}", "de\tli"] {
        for sort in [crate::listing::SortKey::Name, crate::listing::SortKey::Code] {
            for count_limit in [None, Some(5)] {
                let base = CustomerQuery { sort, count_limit, ..Default::default() };
                for q in [
                    CustomerQuery { search: Some(text.into()), ..base.clone() },
                    CustomerQuery { tag: Some(text.into()), ..base.clone() },
                    CustomerQuery { address: Some(text.into()), ..base.clone() },
                ] {
                    let err = ws.list_customers(&q).expect_err("refused");
                    assert_eq!(err.code(), "TEXT_INVALID", "{q:?}");
                }
            }
        }
    }
    let fine = CustomerQuery { search: Some("  deli\t".into()), ..Default::default() };
    assert_eq!(ws.list_customers(&fine).expect("trimmed").total, 1, "white space around the term is trimmed");
    // R1: a term longer than any field it could match is refused before a store works on it.
    let longest = "é".repeat(crate::listing::QUERY_TEXT_MAX_LEN);
    let at_most = CustomerQuery { search: Some(longest.clone()), ..Default::default() };
    assert_eq!(ws.list_customers(&at_most).expect("at the limit").total, 0);
    for q in [
        CustomerQuery { search: Some(format!("{longest}e")), ..Default::default() },
        CustomerQuery { search: Some("deli".repeat(100_000)), count_limit: Some(5), ..Default::default() },
        CustomerQuery { tag: Some("v".repeat(1_001)), ..Default::default() },
        CustomerQuery { address: Some("a".repeat(1_001)), ..Default::default() },
    ] {
        assert_eq!(ws.list_customers(&q).expect_err("too long").code(), "INVALID_ARGUMENT");
    }
}

/// W4, C5: each workspace's list is its own: a store's page for a workspace equals the core's
/// listing over that workspace's customers, and its total counts only them, whatever the other
/// workspace holds.
pub fn w4_listing_per_workspace_matches_core(factory: Factory<'_>) {
    let (_, a, b, _) = two(factory, NewWorkspace::named("unused"));
    for i in 0..40 {
        let ws = if i % 4 == 0 { &a } else { &b };
        let c = ws
            .create_customer(NewCustomer {
                email: Some(format!("deli{i}@shop.example")),
                ..named(&format!("{} Deli {i}", ["Corner", "Café", "Bay"][i % 3]), Some(&format!("D{i}")))
            })
            .expect("create");
        if i % 5 == 0 {
            ws.update_customer(c.id, CustomerPatch { active: Some(false), ..Default::default() }).expect("off");
        }
    }
    for ws in [&a, &b] {
        let store = ws.store().clone();
        let mine = store.all_customers().expect("all");
        assert_eq!(mine.len(), if ws.id().expect("id") == a.id().expect("id") { 10 } else { 30 });
        for filter in [StatusFilter::Active, StatusFilter::All] {
            for search in [None, Some("deli"), Some("CAFE"), Some("d1"), Some("e")] {
                for (offset, limit, descending) in [(0, 50, false), (3, 4, false), (2, 5, true)] {
                    for count_limit in [None, Some(2), Some(9)] {
                        let q = CustomerQuery {
                            filter,
                            search: search.map(str::to_owned),
                            offset,
                            limit,
                            descending,
                            count_limit,
                            ..Default::default()
                        };
                        let expected = crate::listing::list(mine.clone(), &q).expect("core list");
                        assert_eq!(store.list_customers(&q).expect("store list"), expected, "{q:?}");
                    }
                }
            }
        }
    }
}

/// W4: a count limit bounds the total, never the page: with more matches than the limit the
/// total is the limit and not exact, otherwise exact; the items are the core's page for every
/// sort, direction and offset (past the limit too); a limit of 0 is `INVALID_ARGUMENT`.
pub fn w4_count_limit_bounds_the_total_not_the_page(factory: Factory<'_>) {
    let ws = plain(factory);
    for i in 0..90 {
        // Equal names in pairs, so the name order's tie-break by id is exercised.
        let name = format!("{} {}", ["Corner Deli", "Bakery", "Harbour Deli"][i % 3], i / 2);
        let c = ws
            .create_customer(NewCustomer { email: Some(format!("c{i}@shop.example")), ..named(&name, None) })
            .expect("create");
        if i % 7 == 0 {
            ws.update_customer(c.id, CustomerPatch { active: Some(false), ..Default::default() }).expect("off");
        }
    }
    let store = ws.store().clone();
    let mine = store.all_customers().expect("all");
    let deli = CustomerQuery { search: Some("deli".into()), ..Default::default() };
    let matching = crate::listing::list(mine.clone(), &deli).expect("core").total;
    assert!(matching > 40, "{matching}");
    for search in [None, Some("deli"), Some("harbour"), Some("e"), Some("nothing")] {
        for sort in [crate::SortKey::Name, crate::SortKey::Email, crate::SortKey::CreatedAt] {
            for descending in [false, true] {
                for count_limit in [Some(1), Some(10), Some(matching - 1), Some(matching), Some(matching + 1), None] {
                    for (offset, limit) in [(0, 5), (8, 5), (matching - 2, 5), (matching + 3, 5), (0, 1000)] {
                        let q = CustomerQuery {
                            search: search.map(str::to_owned),
                            sort,
                            descending,
                            offset,
                            limit,
                            count_limit,
                            ..Default::default()
                        };
                        let expected = crate::listing::list(mine.clone(), &q).expect("core list");
                        let got = store.list_customers(&q).expect("store list");
                        assert_eq!(got, expected, "{q:?}");
                        let exact =
                            crate::listing::list(mine.clone(), &CustomerQuery { count_limit: None, ..q.clone() })
                                .expect("exact");
                        assert_eq!(got.items, exact.items, "the page never depends on the limit: {q:?}");
                        match count_limit {
                            Some(n) if exact.total > n => assert_eq!((got.total, got.total_exact), (n, false)),
                            _ => assert_eq!((got.total, got.total_exact), (exact.total, true)),
                        }
                    }
                }
            }
        }
    }
    let zero = CustomerQuery { count_limit: Some(0), ..Default::default() };
    assert_eq!(store.list_customers(&zero).expect_err("0").code(), "INVALID_ARGUMENT");
    assert_eq!(ws.list_customers(&zero).expect_err("0").code(), "INVALID_ARGUMENT");
}

/// W4: with more than a thousand matches (where a store may walk its name order for a page
/// rather than sort every match) every page, exact or with a count limit, is the core's.
pub fn w4_many_matches_pages_equal_core(factory: Factory<'_>) {
    let ws = plain(factory);
    for i in 0..1_200 {
        // Most are delis; the others sort first, so a walk of the name order passes them.
        let name = if i % 6 == 0 { format!("Aardvark Bakery {i}") } else { format!("Corner Deli {i}") };
        ws.create_customer(named(&name, None)).expect("create");
    }
    let store = ws.store().clone();
    let mine = store.all_customers().expect("all");
    for count_limit in [None, Some(10), Some(1_000), Some(5_000)] {
        for (offset, limit, descending) in [(0, 50, false), (0, 50, true), (990, 20, false), (1_195, 10, true)] {
            let q = CustomerQuery {
                search: Some("DELI".into()),
                offset,
                limit,
                descending,
                count_limit,
                ..Default::default()
            };
            let expected = crate::listing::list(mine.clone(), &q).expect("core list");
            assert_eq!(store.list_customers(&q).expect("store list"), expected, "{q:?}");
        }
    }
}

/// W1, W2: a workspace handle of the store served through [`crate::store::SingleWorkspace`]
/// is a store of that one workspace: listed, opened by its id only, finding its own links
/// only, refusing a second workspace.
pub fn w1_single_workspace_serves_one_handle(factory: Factory<'_>) {
    let (_, a, b, _) = two(factory, NewWorkspace::named("unused"));
    let ca = a.create_customer(named("Corner Deli", None)).expect("a");
    let cb = b.create_customer(named("Corner Deli", None)).expect("b");
    let single: Arc<dyn PlatformStore> = Arc::new(crate::store::SingleWorkspace::new(a.store().clone()));
    let sa = a.settings().expect("a");
    assert_eq!(single.workspaces().expect("one"), vec![sa.clone()]);
    assert_eq!(single.workspace_count().expect("count"), 1);
    assert!(single.workspace(sa.id).expect("a").is_some());
    assert!(single.workspace(b.id().expect("b")).expect("b").is_none());
    assert_eq!(refused(single.create_workspace(&b.settings().expect("b"))), "WORKSPACE_EXISTS");
    let found = single.find_link(&ca.link_code).expect("find").expect("a's customer");
    assert_eq!((found.settings.id, found.customer.map(|c| c.id)), (sa.id, Some(ca.id)));
    assert!(single.find_link(&sa.link_code).expect("find").expect("a's own").customer.is_none());
    assert!(single.find_link(&cb.link_code).expect("find").is_none(), "B's link is not in A");
    let opened = Workspace::open(single.clone(), Env::system()).expect("open the one");
    assert_eq!(opened.id().expect("id"), sa.id);
    assert_eq!(opened.get_customer(ca.id).expect("a's"), ca);
}

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

/// PR5, PR6: quantity breaks and windows written are read back as set, by a workspace opened
/// anew over the same store, and resolve the same; a plain price stays plain.
pub fn pr5_pr6_breaks_and_windows_survive_the_store(factory: Factory<'_>) {
    use crate::pricing::{PriceBreak, PriceTier};
    use crate::{PriceFor, PriceQuery, Product};
    let (ws, clock) = workspace(factory, NewWorkspace::named("PR5"));
    ws.upsert_products(vec![
        Product::new("FLOUR", "Flour", Some(dec("6.00"))),
        Product::new("EGGS", "Eggs", Some(dec("7.00"))),
    ])
    .expect("products");
    let april = t0() + chrono::Duration::days(90);
    let list = vec![
        PriceBreak::new(dec("1"), dec("5.00")),
        PriceBreak::new(dec("5"), dec("4.80")),
        PriceBreak::new(dec("1"), dec("4.90")).during(Some(april), None),
    ];
    ws.set_default_prices(&[("FLOUR".to_owned(), list.clone())]).expect("list");
    ws.set_default_prices(&[("EGGS".to_owned(), Some(dec("6.80")))]).expect("plain");
    ws.upsert_price_group("Trade", true).expect("group");
    let group = vec![PriceBreak::new(dec("10.5"), dec("4.50")).during(None, Some(april))];
    ws.set_group_prices("Trade", &[("FLOUR".to_owned(), group.clone())]).expect("group");
    let c = ws
        .create_customer(NewCustomer { price_group: Some("Trade".into()), ..named("Deli", None) })
        .expect("customer")
        .id;
    let reopened =
        Workspace::over(ws.store().clone(), Env::new(clock.clone(), Arc::new(SeededRandom::new(7)))).expect("open");
    let mut sorted = list.clone();
    sorted.sort_by_key(|b| (b.min_qty, b.starts_at));
    assert_eq!(reopened.price_entry("FLOUR", None).expect("entry"), sorted);
    assert_eq!(reopened.price_entry("FLOUR", Some("trade")).expect("entry"), group);
    assert_eq!(reopened.price_entry("EGGS", None).expect("entry"), vec![PriceBreak::new(Decimal::ZERO, dec("6.80"))]);
    let at = |qty: &str, when| {
        let r = reopened
            .resolve_price_for(PriceFor::Customer(c), "FLOUR", &PriceQuery::qty(dec(qty)).at(when))
            .expect("resolve");
        (r.amount, r.tier, r.min_qty)
    };
    assert_eq!(at("11", t0()), (Some(dec("4.50")), Some(PriceTier::Group), Some(dec("10.5"))));
    assert_eq!(at("11", april), (Some(dec("4.80")), Some(PriceTier::DefaultList), Some(dec("5"))));
    assert_eq!(at("2", april), (Some(dec("4.90")), Some(PriceTier::DefaultList), Some(dec("1"))));
    assert_eq!(at("0.5", april), (Some(dec("6.00")), Some(PriceTier::Base), None));
    let sheet = reopened.resolve_prices_for(PriceFor::Customer(c), None, &PriceQuery::qty(dec("11"))).expect("sheet");
    assert_eq!(sheet.breaks(1).expect("flour").len(), 4, "base, 1+, 5+ from the list, 10.5+ from the group");
}

/// PR8: the prices frozen on order lines are kept by the store, and later price changes never
/// alter them; H2 reads the last price paid back.
pub fn pr8_frozen_lines_survive_the_store(factory: Factory<'_>) {
    use crate::orders::OrderLine;
    use crate::pricing::PriceTier;
    use crate::Product;
    let (ws, clock) = workspace(factory, NewWorkspace { currency: "AUD".into(), ..NewWorkspace::named("PR8") });
    ws.upsert_products(vec![Product::new("FLOUR", "Flour", Some(dec("6.00")))]).expect("products");
    ws.set_default_prices(&[("FLOUR".to_owned(), vec![crate::PriceBreak::new(dec("10"), dec("5.25"))])]).expect("list");
    let c = ws.create_customer(named("Deli", None)).expect("customer");
    let url = ws.link_url(c.id).expect("url");
    let lines = vec![OrderLine::new("FLOUR", dec("12")), OrderLine::new("FLOUR", dec("1")).priced(dec("5.99"))];
    let out = ws.intake_order(&url, None, NewOrder { lines, ..NewOrder::new("SO-1", dec("69.00")) }).expect("intake");
    let IntakeOutcome::Customer { order_id, .. } = out else { panic!("{out:?}") };
    let placed = ws.get_order(order_id).expect("order");
    let got: Vec<_> = placed
        .lines
        .iter()
        .map(|l| (l.unit_price, l.price_tier, l.price_break, l.currency.clone(), l.price_given))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some(dec("5.25")), Some(PriceTier::DefaultList), Some(dec("10")), Some("AUD".to_owned()), false),
            (Some(dec("5.99")), None, None, Some("AUD".to_owned()), true),
        ]
    );
    ws.set_default_prices(&[("FLOUR".to_owned(), Some(dec("9.00")))]).expect("change");
    clock.advance(chrono::Duration::days(1));
    let reopened =
        Workspace::over(ws.store().clone(), Env::new(clock.clone(), Arc::new(SeededRandom::new(8)))).expect("open");
    assert_eq!(reopened.get_order(order_id).expect("order"), placed, "kept as placed");
    let h = reopened.order_history(c.id, 1).expect("history");
    assert_eq!((h.products[0].last_price_paid, h.products[0].price), (Some(dec("5.25")), Some(dec("9.00"))));
    let err = reopened
        .intake_order(
            &url,
            None,
            NewOrder {
                lines: vec![OrderLine::new("FLOUR", dec("2")).priced(dec("1.00"))],
                ..NewOrder::new("SO-2", dec("3.00"))
            },
        )
        .expect_err("mismatch");
    assert_eq!(err.code(), "ORDER_TOTAL_MISMATCH");
    assert_eq!(reopened.get_customer(c.id).expect("customer").stats.orders, 1, "nothing written");
}
