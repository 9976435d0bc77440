//! One or more tests per SPEC rule of this slice, each named by its rule id.

use chrono::Duration;
use orderlink::*;
use std::collections::HashSet;
use std::sync::Arc;

fn env(seed: u64) -> (Env, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new("2026-03-01T09:00:00Z".parse().expect("time")));
    (Env::new(clock.clone(), Arc::new(SeededRandom::new(seed))), clock)
}

fn ws_with(settings: NewWorkspace) -> (Workspace, Arc<ManualClock>) {
    let (env, clock) = env(7);
    (Workspace::create(Arc::new(MemoryStore::new()), env, settings).expect("workspace"), clock)
}

fn ws() -> Workspace {
    ws_with(NewWorkspace::named("Acme Wholesale")).0
}

fn customer(ws: &Workspace, name: &str) -> Customer {
    ws.create_customer(NewCustomer::named(name)).expect("create")
}

fn with_email(ws: &Workspace, name: &str, email: &str) -> Customer {
    ws.create_customer(NewCustomer { email: Some(email.into()), ..NewCustomer::named(name) }).expect("create")
}

fn patch() -> CustomerPatch {
    CustomerPatch::default()
}

fn all() -> CustomerQuery {
    CustomerQuery { filter: StatusFilter::All, ..Default::default() }
}

fn names(page: &Page<Customer>) -> Vec<&str> {
    page.items.iter().map(|c| c.name.as_str()).collect()
}

#[test]
fn c1_update_validates_the_name_too() {
    let ws = ws();
    let c = customer(&ws, "Corner Deli");
    assert_eq!(
        ws.update_customer(c.id, CustomerPatch { name: Some(" ".into()), ..patch() }).unwrap_err().code(),
        "NAME_REQUIRED"
    );
    let long = "n".repeat(201);
    assert_eq!(
        ws.update_customer(c.id, CustomerPatch { name: Some(long), ..patch() }).unwrap_err().code(),
        "NAME_TOO_LONG"
    );
    assert_eq!(ws.get_customer(c.id).unwrap(), c, "a refused update writes nothing");
}

#[test]
fn c2_clearing_optional_fields_with_blank_or_null() {
    let ws = ws();
    let c = ws
        .create_customer(NewCustomer { code: Some("C1".into()), phone: Some("123".into()), ..NewCustomer::named("A") })
        .unwrap();
    let c = ws
        .update_customer(c.id, CustomerPatch { code: Some(Some("   ".into())), phone: Some(None), ..patch() })
        .unwrap();
    assert_eq!((c.code, c.phone), (None, None));
}

#[test]
fn c3_update_with_a_bad_email_is_refused() {
    let ws = ws();
    let c = with_email(&ws, "A", "a@shop.example");
    let err = ws.update_customer(c.id, CustomerPatch { email: Some(Some("a@shop".into())), ..patch() }).unwrap_err();
    assert_eq!((err.code(), err.kind()), ("EMAIL_INVALID", ErrorKind::Validation));
    assert_eq!(ws.get_customer(c.id).unwrap().email.unwrap().as_str(), "a@shop.example");
}

#[test]
fn c5_default_list_is_active_sorted_by_name_and_excludes_inactive() {
    let ws = ws();
    for n in ["delta", "Alpha", "charlie", "Bravo"] {
        customer(&ws, n);
    }
    let c = ws.list_customers(&all()).unwrap().items[3].clone();
    ws.update_customer(c.id, CustomerPatch { active: Some(false), ..patch() }).unwrap();
    let page = ws.list_customers(&CustomerQuery::default()).unwrap();
    assert_eq!((names(&page), page.total), (vec!["Alpha", "Bravo", "charlie"], 3));
    let inactive = ws.list_customers(&CustomerQuery { filter: StatusFilter::Inactive, ..Default::default() }).unwrap();
    assert_eq!(names(&inactive), vec!["delta"]);
}

#[test]
fn c5_search_is_case_and_accent_insensitive_over_five_fields() {
    let ws = ws();
    ws.create_customer(NewCustomer { contact: Some("Zoë Müller".into()), ..NewCustomer::named("Café Crème") }).unwrap();
    ws.create_customer(NewCustomer {
        code: Some("XY-9".into()),
        phone: Some("+61 400".into()),
        ..NewCustomer::named("Bakery")
    })
    .unwrap();
    with_email(&ws, "Grocer", "Buyer@Grocer.example");
    let search = |term: &str| {
        let page = ws.list_customers(&CustomerQuery { search: Some(term.into()), ..Default::default() }).unwrap();
        names(&page).into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    assert_eq!(search("CAFE creme"), vec!["Café Crème"]);
    assert_eq!(search("zoe mull"), vec!["Café Crème"]);
    assert_eq!(search("xy-9"), vec!["Bakery"]);
    assert_eq!(search("+61"), vec!["Bakery"]);
    assert_eq!(search("BUYER@"), vec!["Grocer"]);
    assert_eq!(search("   ").len(), 3, "a blank term is no filter");
    assert!(search("nothing like it").is_empty());
}

#[test]
fn c5_sort_by_any_column_is_stable_and_paginates() {
    let ws = ws();
    for (n, phone) in [("Echo", "3"), ("alpha", "1"), ("Charlie", "2"), ("bravo", "2"), ("Delta", "")] {
        ws.create_customer(NewCustomer { phone: Some(phone.into()), ..NewCustomer::named(n) }).unwrap();
    }
    let by_phone = ws.list_customers(&CustomerQuery { sort: SortKey::Phone, ..Default::default() }).unwrap();
    // Equal phones fall back to name; a missing phone sorts last.
    assert_eq!(names(&by_phone), vec!["alpha", "bravo", "Charlie", "Echo", "Delta"]);
    let desc = ws.list_customers(&CustomerQuery { descending: true, ..Default::default() }).unwrap();
    assert_eq!(names(&desc), vec!["Echo", "Delta", "Charlie", "bravo", "alpha"]);
    let page2 = ws.list_customers(&CustomerQuery { offset: 2, limit: 2, ..Default::default() }).unwrap();
    assert_eq!((names(&page2), page2.total), (vec!["Charlie", "Delta"], 5));
    let err = ws.list_customers(&CustomerQuery { limit: 0, ..Default::default() }).unwrap_err();
    assert_eq!(err.code(), "INVALID_ARGUMENT");
}

#[test]
fn c6_guest_sees_only_the_customers_it_manages() {
    let ws = ws();
    let rep = UserId(uuid::Uuid::from_u128(11));
    let other = UserId(uuid::Uuid::from_u128(12));
    ws.create_customer(NewCustomer { managed_by: Some(rep), ..NewCustomer::named("Mine") }).unwrap();
    ws.create_customer(NewCustomer { managed_by: Some(other), ..NewCustomer::named("Theirs") }).unwrap();
    customer(&ws, "Nobody's");
    let guest = ws.list_customers(&CustomerQuery { viewer: Viewer::Guest(rep), ..Default::default() }).unwrap();
    assert_eq!((names(&guest), guest.total), (vec!["Mine"], 1));
    assert_eq!(ws.list_customers(&CustomerQuery::default()).unwrap().total, 3, "admins see all");
}

#[test]
fn c7_deactivating_is_the_way_for_customers_with_orders() {
    // The refusal itself is a store-contract check (conformance::c7_delete_refused_with_orders);
    // here: deactivating keeps the record and its link answers "account inactive".
    let ws = ws();
    let c = customer(&ws, "Old Customer");
    ws.update_customer(c.id, CustomerPatch { active: Some(false), ..patch() }).unwrap();
    let d = ws.open_link(c.link_code.as_str(), None).unwrap();
    assert_eq!(d.reason, Some(DenyReason::AccountInactive));
}

#[test]
fn l1_every_customer_gets_a_distinct_permanent_code() {
    let ws = ws();
    let workspace_code = ws.settings().unwrap().link_code;
    let codes: HashSet<LinkCode> = (0..500).map(|i| customer(&ws, &format!("C{i}")).link_code).collect();
    assert_eq!(codes.len(), 500);
    assert!(!codes.contains(&workspace_code));
    let c = customer(&ws, "Permanent");
    let c2 = ws
        .update_customer(c.id, CustomerPatch { name: Some("Renamed".into()), active: Some(false), ..patch() })
        .unwrap();
    assert_eq!(c2.link_code, c.link_code, "edits never change the code");
}

#[test]
fn l2_codes_are_26_crockford_chars_from_the_injected_csprng() {
    let ws = ws();
    let c = customer(&ws, "A");
    let code = c.link_code.as_str();
    assert_eq!(code.len(), LINK_CODE_LEN);
    assert!(code.chars().all(|ch| "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(ch)), "{code}");
    // The same seed gives the same codes; another seed, others: the code comes from the source.
    let again = ws_with(NewWorkspace::named("Acme Wholesale")).0;
    assert_eq!(customer(&again, "A").link_code, c.link_code);
    let (env, _) = env(8);
    let other = Workspace::create(Arc::new(MemoryStore::new()), env, NewWorkspace::named("X")).unwrap();
    assert_ne!(customer(&other, "A").link_code, c.link_code);
}
use orderlink::link::LINK_CODE_LEN;

#[test]
fn l2_codes_do_not_follow_creation_order_or_names() {
    let ws = ws();
    let a = customer(&ws, "Same Name").link_code;
    let b = customer(&ws, "Same Name").link_code;
    let differing = a.as_str().chars().zip(b.as_str().chars()).filter(|(x, y)| x != y).count();
    assert!(differing > 15, "consecutive codes share too much: {a} {b}");
}

#[test]
fn l3_link_url_is_base_order_code() {
    let (ws, _) = ws_with(NewWorkspace { base_url: "https://shop.example/".into(), ..NewWorkspace::named("Acme") });
    let c = customer(&ws, "A");
    assert_eq!(ws.link_url(c.id).unwrap(), format!("https://shop.example/order/{}", c.link_code));
    let wl = ws.workspace_link_url().unwrap();
    assert_eq!(wl, format!("https://shop.example/order/{}", ws.settings().unwrap().link_code));
    // The code decides, whatever the host and case.
    let elsewhere = wl.to_lowercase().replace("https://shop.example", "https://other.example");
    assert!(ws.open_link(&elsewhere, None).unwrap().is_workspace_link);
}

#[test]
fn l3_malformed_input_is_refused_before_the_store_is_asked() {
    let ws = ws();
    let err = ws.resolve_link("https://x.example/order/short").unwrap_err();
    assert_eq!(err.code(), "LINK_MALFORMED");
    let huge = "Z".repeat(1 << 20);
    let err = ws.open_link(&huge, None).unwrap_err();
    assert_eq!(err.code(), "LINK_MALFORMED");
    assert!(err.to_string().len() < 300, "the error does not echo a megabyte of input");
}

#[test]
fn l4_resolve_answers_customer_workspace_or_unknown() {
    let ws = ws();
    let c = customer(&ws, "A");
    assert_eq!(ws.resolve_link(c.link_code.as_str()).unwrap(), LinkTarget::Customer { customer_id: c.id });
    assert_eq!(ws.resolve_link(&ws.workspace_link_url().unwrap()).unwrap(), LinkTarget::Workspace);
    assert_eq!(ws.resolve_link("ZZZZZZZZZZZZZZZZZZZZZZZZZW").unwrap(), LinkTarget::Unknown);
}

#[test]
fn l5_rotate_unknown_customer_is_not_found() {
    let ws = ws();
    let err = ws.rotate_link(CustomerId(uuid::Uuid::from_u128(5)), None, None).unwrap_err();
    assert_eq!(err.code(), "CUSTOMER_NOT_FOUND");
}

#[test]
fn a1_active_and_blocked_are_independent_controls() {
    let ws = ws();
    let c = customer(&ws, "A");
    let blocked = ws.update_customer(c.id, CustomerPatch { order_web_blocked: Some(true), ..patch() }).unwrap();
    assert_eq!(blocked.order_web_access(), OrderWebAccess::Blocked);
    let inactive = ws.update_customer(c.id, CustomerPatch { active: Some(false), ..patch() }).unwrap();
    assert_eq!((inactive.order_web_access(), inactive.order_web_blocked), (OrderWebAccess::BlockedInactive, true));
    let back = ws.update_customer(c.id, CustomerPatch { active: Some(true), ..patch() }).unwrap();
    assert_eq!(back.order_web_access(), OrderWebAccess::Blocked, "reactivating keeps the local block");
}

#[test]
fn a2_trial_expired_keeps_view_and_says_why() {
    let (ws, _) = ws_with(NewWorkspace { trial_expired: true, ..NewWorkspace::named("Acme Wholesale") });
    let c = customer(&ws, "A");
    let d = ws.open_link(c.link_code.as_str(), None).unwrap();
    assert!(d.may_view && !d.may_submit);
    assert_eq!(d.message.as_deref(), Some(DenyReason::TrialExpired.message("Acme Wholesale").as_str()));
    assert!(d.message.unwrap().contains("cart will be kept"));
}

#[test]
fn a3_strict_mode_full_flow() {
    let (ws, _) = ws_with(NewWorkspace { strict_security: true, ..NewWorkspace::named("Acme") });
    let c = with_email(&ws, "Deli", "Buyer@Deli.Example");
    let url = ws.link_url(c.id).unwrap();
    let before = ws.open_link(&url, None).unwrap();
    assert!(before.needs_verification && !before.may_view);
    let start = ws.start_verification(&url).unwrap();
    assert_eq!(start.email.as_str(), "Buyer@deli.example");
    assert_eq!(start.options.len(), 4);
    assert_eq!(start.options.iter().collect::<HashSet<_>>().len(), 4, "four different pictures");
    assert!(start.options.contains(&start.code_word));
    let session = ws.complete_verification(start.challenge_id, &start.code_word.to_uppercase()).unwrap();
    let after = ws.open_link(&url, Some(&session.token)).unwrap();
    assert!(after.may_view && after.may_submit && !after.needs_verification);
    // A session is for one customer only.
    let other = with_email(&ws, "Other", "o@other.example");
    assert!(ws.open_link(other.link_code.as_str(), Some(&session.token)).unwrap().needs_verification);
}

#[test]
fn a3_challenge_expires() {
    let (ws, clock) = ws_with(NewWorkspace { strict_security: true, ..NewWorkspace::named("Acme") });
    let c = with_email(&ws, "Deli", "b@deli.example");
    let start = ws.start_verification(c.link_code.as_str()).unwrap();
    clock.advance(Duration::seconds(VerificationPolicy::default().challenge_ttl_secs as i64));
    assert_eq!(ws.complete_verification(start.challenge_id, &start.code_word).unwrap_err().code(), "CHALLENGE_EXPIRED");
}

#[test]
fn a3_a_new_challenge_replaces_the_open_one() {
    let (ws, _) = ws_with(NewWorkspace { strict_security: true, ..NewWorkspace::named("Acme") });
    let c = with_email(&ws, "Deli", "b@deli.example");
    let first = ws.start_verification(c.link_code.as_str()).unwrap();
    let second = ws.start_verification(c.link_code.as_str()).unwrap();
    assert_eq!(
        ws.complete_verification(first.challenge_id, &first.code_word).unwrap_err().code(),
        "CHALLENGE_NOT_FOUND"
    );
    ws.complete_verification(second.challenge_id, &second.code_word).unwrap();
}

#[test]
fn a3_refusals_each_have_their_code() {
    let (ws, _) = ws_with(NewWorkspace { strict_security: true, ..NewWorkspace::named("Acme") });
    let no_email = customer(&ws, "No Email");
    assert_eq!(ws.start_verification(no_email.link_code.as_str()).unwrap_err().code(), "NO_EMAIL_ON_FILE");
    let blocked = ws
        .create_customer(NewCustomer {
            email: Some("b@x.example".into()),
            order_web_blocked: true,
            ..NewCustomer::named("B")
        })
        .unwrap();
    let err = ws.start_verification(blocked.link_code.as_str()).unwrap_err();
    assert_eq!((err.code(), err.kind()), ("ORDERING_UNAVAILABLE", ErrorKind::Access));
    let wl = ws.workspace_link_url().unwrap();
    assert_eq!(ws.start_verification(&wl).unwrap_err().code(), "VERIFICATION_NOT_REQUIRED");
    assert_eq!(ws.start_verification("ZZZZZZZZZZZZZZZZZZZZZZZZZW").unwrap_err().code(), "LINK_NOT_FOUND");
    let lax = ws_with(NewWorkspace::named("Lax")).0;
    let c = with_email(&lax, "Deli", "b@deli.example");
    assert_eq!(lax.start_verification(c.link_code.as_str()).unwrap_err().code(), "VERIFICATION_NOT_REQUIRED");
}

#[test]
fn a3_the_answer_is_not_kept_in_plain_text() {
    let (ws, _) = ws_with(NewWorkspace { strict_security: true, ..NewWorkspace::named("Acme") });
    let c = with_email(&ws, "Deli", "b@deli.example");
    let start = ws.start_verification(c.link_code.as_str()).unwrap();
    let kept = ws.store().take_challenge(start.challenge_id).unwrap().unwrap();
    let dump = format!("{kept:?}");
    assert!(!dump.contains(&start.code_word), "{dump}");
}

#[test]
fn a4_blocked_links_still_greet_and_say_why_in_plain_words() {
    let ws = ws();
    let c = ws.create_customer(NewCustomer { order_web_blocked: true, ..NewCustomer::named("Corner Deli") }).unwrap();
    let d = ws.open_link(c.link_code.as_str(), None).unwrap();
    assert_eq!(d.greeting.as_deref(), Some("Welcome back, Corner Deli"));
    assert_eq!(
        d.message.as_deref(),
        Some("Ordering is temporarily unavailable for this account. Please contact Acme Wholesale.")
    );
}

fn synced(phone_mapped: bool) -> Workspace {
    let (ws, _) = ws_with(NewWorkspace::named("Acme"));
    ws.update_settings(SettingsPatch {
        contacts_sync: Some(ContactsSync { enabled: true, connected: true, phone_mapped }.into()),
        ..Default::default()
    })
    .unwrap();
    ws
}

fn sync_record(id: &str, name: &str) -> SyncRecord {
    SyncRecord::new(id, name)
}

#[test]
fn s1_locked_fields_refuse_local_edits_but_same_value_is_no_edit() {
    let ws = synced(true);
    let c = ws.get_customer(ws.apply_contacts_sync(&[sync_record("x1", "Synced Co")]).unwrap().created[0]).unwrap();
    for (p, field) in [
        (CustomerPatch { name: Some("Other".into()), ..patch() }, "name"),
        (CustomerPatch { code: Some(Some("K".into())), ..patch() }, "code"),
        (CustomerPatch { email: Some(Some("a@b.example".into())), ..patch() }, "email"),
        (CustomerPatch { active: Some(false), ..patch() }, "active"),
        (CustomerPatch { phone: Some(Some("1".into())), ..patch() }, "phone"),
    ] {
        let err = ws.update_customer(c.id, p).unwrap_err();
        assert_eq!((err.code(), err.kind()), ("FIELD_LOCKED", ErrorKind::ContactsSync));
        assert!(err.to_string().starts_with(field), "{err}");
    }
    let same = ws.update_customer(c.id, CustomerPatch { name: Some(" Synced Co ".into()), ..patch() }).unwrap();
    assert_eq!(same.version, c.version, "no change, no write");
    let edited = ws
        .update_customer(
            c.id,
            CustomerPatch {
                order_web_blocked: Some(true),
                tags: Some(vec!["vip".into()]),
                price_group: Some(Some("Trade".into())),
                ..patch()
            },
        )
        .unwrap();
    assert!(edited.order_web_blocked);
}

#[test]
fn s2_create_and_delete_of_synced_customers_are_refused() {
    let ws = synced(false);
    let err = ws.create_customer(NewCustomer::named("Local")).unwrap_err();
    assert_eq!(err.code(), "SOURCE_OF_TRUTH_EXTERNAL");
    assert!(err.to_string().contains("Sync Contacts"));
    let id = ws.apply_contacts_sync(&[sync_record("x1", "Synced Co")]).unwrap().created[0];
    assert_eq!(ws.delete_customer(id).unwrap_err().code(), "SOURCE_OF_TRUTH_EXTERNAL");
}

#[test]
fn s3_sync_needs_sync_active_and_valid_unique_records() {
    let ws = ws();
    assert_eq!(ws.apply_contacts_sync(&[sync_record("x1", "A")]).unwrap_err().code(), "SYNC_NOT_ACTIVE");
    let ws = synced(false);
    let err = ws.apply_contacts_sync(&[sync_record("x1", "Fine"), sync_record("x2", " ")]).unwrap_err();
    assert_eq!(err.code(), "NAME_REQUIRED");
    assert!(err.to_string().contains("x2"), "names the record: {err}");
    let err = ws.apply_contacts_sync(&[sync_record("x1", "A"), sync_record(" x1 ", "B")]).unwrap_err();
    assert_eq!(err.code(), "EXTERNAL_ID_DUPLICATE");
    assert_eq!(ws.list_customers(&all()).unwrap().total, 0, "nothing half-written");
}

#[test]
fn s3_phone_follows_the_external_system_only_when_mapped() {
    for mapped in [false, true] {
        let ws = synced(mapped);
        let mut r = sync_record("x1", "Co");
        r.phone = Some("111".into());
        let id = ws.apply_contacts_sync(&[r.clone()]).unwrap().created[0];
        if !mapped {
            ws.update_customer(id, CustomerPatch { phone: Some(Some("local".into())), ..patch() }).unwrap();
        }
        r.phone = Some("222".into());
        ws.apply_contacts_sync(&[r]).unwrap();
        let want = if mapped { "222" } else { "local" };
        assert_eq!(ws.get_customer(id).unwrap().phone.as_deref(), Some(want), "mapped={mapped}");
    }
}

#[test]
fn s1_a_partial_sync_patch_changes_only_the_flags_given() {
    let ws = synced(true);
    let patch = ContactsSyncPatch { connected: Some(false), ..Default::default() };
    let s = ws.update_settings(SettingsPatch { contacts_sync: Some(patch), ..Default::default() }).unwrap();
    assert_eq!(s.contacts_sync, ContactsSync { enabled: true, connected: false, phone_mapped: true });
    let limits = VerificationPolicyPatch { max_challenges: Some(0), ..Default::default() };
    let err = ws.update_settings(SettingsPatch { verification: Some(limits), ..Default::default() }).unwrap_err();
    assert_eq!(err.code(), "INVALID_ARGUMENT");
}

#[test]
fn s1_unknown_nested_settings_keys_are_refused_not_read_as_false() {
    let typo = serde_json::json!({ "name": "Acme", "contacts_sync": { "enabeld": true } });
    assert!(serde_json::from_value::<NewWorkspace>(typo).is_err());
    let clock = ManualClock::new("2026-01-01T00:00:00Z".parse().unwrap());
    clock.advance(Duration::MAX);
    assert_eq!(clock.now().to_rfc3339(), "2026-01-01T00:00:00+00:00", "an overflowing move is refused, not a panic");
}
