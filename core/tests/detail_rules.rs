//! Rule tests for the customer detail extras: tags, notes, addresses, and leads versus
//! customers. SPEC names tags in the customer model and C5 the list they filter; the rest comes
//! from the product docs, so these tests are named by the feature (`tags_`, `notes_`,
//! `addresses_`) or by C5 where they filter the list.

use chrono::Duration;
use orderlink::*;
use rust_decimal::Decimal;
use std::sync::Arc;

fn ws_with(settings: NewWorkspace) -> (Workspace, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new("2026-03-01T09:00:00Z".parse().expect("time")));
    let env = Env::new(clock.clone(), Arc::new(SeededRandom::new(13)));
    (Workspace::create(Arc::new(MemoryStore::new()), env, settings).expect("ws"), clock)
}

fn ws() -> (Workspace, Arc<ManualClock>) {
    ws_with(NewWorkspace::named("Harbour Foods"))
}

fn customer(ws: &Workspace, name: &str) -> Customer {
    ws.create_customer(NewCustomer::named(name)).expect("create")
}

fn names(ws: &Workspace, q: CustomerQuery) -> Vec<String> {
    ws.list_customers(&q).expect("list").items.into_iter().map(|c| c.name).collect()
}

fn order(ws: &Workspace, c: &Customer, number: &str, status: OrderStatus) -> OrderId {
    let o = NewOrder { status, ..NewOrder::new(number, Decimal::ONE) };
    match ws.intake_order(&ws.link_url(c.id).expect("url"), None, o).expect("intake") {
        IntakeOutcome::Customer { order_id, .. } => order_id,
        other => panic!("customer intake expected, got {other:?}"),
    }
}

// --- tags -------------------------------------------------------------------------------------

#[test]
fn tags_added_and_removed_without_case() {
    let (ws, _) = ws();
    let c = customer(&ws, "Pier Seafood");
    ws.add_tag(c.id, " VIP ").expect("add");
    let c2 = ws.add_tag(c.id, "Wholesale").expect("add");
    assert_eq!(c2.tags, ["VIP", "Wholesale"]);
    let same = ws.add_tag(c.id, "vip").expect("again");
    assert_eq!((same.tags.len(), same.version), (2, c2.version), "a tag it has is not added, nothing written");
    let removed = ws.remove_tag(c.id, "WHOLESALE").expect("remove");
    assert_eq!(removed.tags, ["VIP"]);
    let untouched = ws.remove_tag(c.id, "never had it").expect("remove absent");
    assert_eq!(untouched, removed, "removing a tag it does not have changes nothing");
}

#[test]
fn tags_blank_or_too_long_refused() {
    let (ws, _) = ws();
    let c = customer(&ws, "Pier Seafood");
    assert_eq!(ws.add_tag(c.id, "   ").unwrap_err().code(), "INVALID_ARGUMENT");
    assert_eq!(ws.add_tag(c.id, &"t".repeat(51)).unwrap_err().code(), "FIELD_TOO_LONG");
    assert_eq!(ws.get_customer(c.id).expect("get"), c, "nothing written");
    let unknown = CustomerId(uuid::Uuid::from_u128(9));
    assert_eq!(ws.add_tag(unknown, "VIP").unwrap_err().code(), "CUSTOMER_NOT_FOUND");
}

#[test]
fn tags_stay_local_under_contacts_sync() {
    let sync = ContactsSync { enabled: true, connected: true, phone_mapped: false };
    let (ws, _) = ws_with(NewWorkspace { contacts_sync: sync, ..NewWorkspace::named("Synced") });
    let report = ws.apply_contacts_sync(&[SyncRecord::new("x-1", "Pier Seafood")]).expect("sync");
    let id = report.created[0];
    assert_eq!(ws.add_tag(id, "VIP").expect("tag a synced customer").tags, ["VIP"]);
    ws.apply_contacts_sync(&[SyncRecord::new("x-1", "Pier Seafood Renamed")]).expect("sync again");
    assert_eq!(ws.get_customer(id).expect("get").tags, ["VIP"], "sync leaves tags alone");
}

#[test]
fn tags_concurrent_edits_lose_nothing() {
    let (ws, _) = ws();
    let c = customer(&ws, "Busy");
    // A write that loses five races in a row is refused with STALE_WRITE (README); every write
    // that succeeded must be in the final record.
    let (tagged, phones) = std::thread::scope(|s| {
        let ws1 = ws.clone();
        let tags = s.spawn(move || {
            let mut done = Vec::new();
            for i in 0..20 {
                match ws1.add_tag(c.id, &format!("t{i}")) {
                    Ok(_) => done.push(format!("t{i}")),
                    Err(e) => assert_eq!(e.code(), "STALE_WRITE"),
                }
            }
            done
        });
        let ws2 = ws.clone();
        let phones = s.spawn(move || {
            let mut last = None;
            for i in 0..20 {
                let patch = CustomerPatch { phone: Some(Some(format!("p{i}"))), ..Default::default() };
                match ws2.update_customer(c.id, patch) {
                    Ok(_) => last = Some(format!("p{i}")),
                    Err(e) => assert_eq!(e.code(), "STALE_WRITE"),
                }
            }
            last
        });
        (tags.join().expect("tags"), phones.join().expect("phones"))
    });
    let end = ws.get_customer(c.id).expect("get");
    assert_eq!(end.tags, tagged);
    assert_eq!(end.phone, phones);
    assert!(!tagged.is_empty());
}

#[test]
fn c5_list_filtered_by_tag() {
    let (ws, _) = ws();
    let a = customer(&ws, "Alpha");
    let b = customer(&ws, "Beta");
    customer(&ws, "Gamma");
    ws.add_tag(a.id, "VIP").expect("tag");
    ws.add_tag(b.id, "vip").expect("tag");
    ws.add_tag(b.id, "Café").expect("tag");
    let by = |tag: &str| names(&ws, CustomerQuery { tag: Some(tag.into()), ..Default::default() });
    assert_eq!(by(" Vip "), ["Alpha", "Beta"]);
    assert_eq!(by("CAFÉ"), ["Beta"]);
    assert!(by("VI").is_empty(), "a tag matches whole, not as a substring");
    assert_eq!(by("  ").len(), 3, "a blank tag is no filter");
    let csv = ws.export_customers(&CustomerQuery { tag: Some("café".into()), ..Default::default() }).expect("export");
    assert_eq!(String::from_utf8(csv).expect("utf8").lines().count(), 2, "E1: the export is the filtered view");
}

// --- notes ------------------------------------------------------------------------------------

#[test]
fn notes_added_with_author_and_time_newest_first() {
    let (ws, clock) = ws();
    let c = customer(&ws, "Pier Seafood");
    let first = ws.add_note(c.id, " sam@harbour ", " Delivers before 7am ").expect("note");
    assert_eq!((first.author.as_str(), first.text.as_str()), ("sam@harbour", "Delivers before 7am"));
    assert_eq!((first.created_at, first.edited_at, first.customer_id), (clock.now(), None, c.id));
    clock.advance(Duration::hours(2));
    let second = ws.add_note(c.id, "kim@harbour", "Asked about a trade account").expect("note");
    assert_eq!(ws.notes(c.id).expect("notes"), vec![second, first]);
    assert!(ws.notes(customer(&ws, "Other").id).expect("none").is_empty());
}

#[test]
fn notes_editable_within_five_minutes_then_refused() {
    let (ws, clock) = ws();
    let c = customer(&ws, "Pier Seafood");
    let note = ws.add_note(c.id, "sam", "Call on Mondays").expect("note");
    clock.advance(Duration::seconds(4 * 60 + 59));
    let edited = ws.edit_note(note.id, "Call on Tuesdays").expect("within the window");
    assert_eq!((edited.text.as_str(), edited.edited_at), ("Call on Tuesdays", Some(clock.now())));
    assert_eq!(edited.created_at, note.created_at, "editing does not restart the window");
    clock.advance(Duration::seconds(1)); // exactly 5 minutes after it was added
    let err = ws.edit_note(note.id, "Call on Fridays").unwrap_err();
    assert_eq!((err.code(), err.kind()), ("NOTE_EDIT_WINDOW_CLOSED", ErrorKind::Conflict));
    assert!(err.to_string().contains("5 minutes"), "{err}");
    assert!(matches!(err, Error::NoteEditWindowClosed { added_at, .. } if added_at == note.created_at));
    assert_eq!(ws.notes(c.id).expect("notes"), vec![edited], "the refused edit wrote nothing");
    // A new note has its own window.
    let later = ws.add_note(c.id, "sam", "Call on Fridays").expect("note");
    ws.edit_note(later.id, "Call on Fridays, not Saturdays").expect("new window");
}

#[test]
fn notes_blank_unknown_or_too_long_refused() {
    let (ws, _) = ws();
    let c = customer(&ws, "Pier Seafood");
    assert_eq!(ws.add_note(c.id, "sam", "  ").unwrap_err().code(), "INVALID_ARGUMENT");
    assert_eq!(ws.add_note(c.id, " ", "text").unwrap_err().code(), "INVALID_ARGUMENT");
    assert_eq!(ws.add_note(c.id, "sam", &"n".repeat(5001)).unwrap_err().code(), "FIELD_TOO_LONG");
    let unknown = CustomerId(uuid::Uuid::from_u128(9));
    assert_eq!(ws.add_note(unknown, "sam", "text").unwrap_err().code(), "CUSTOMER_NOT_FOUND");
    assert_eq!(ws.notes(unknown).unwrap_err().code(), "CUSTOMER_NOT_FOUND");
    assert!(ws.notes(c.id).expect("notes").is_empty());
    let note = ws.add_note(c.id, "sam", "text").expect("note");
    assert_eq!(ws.edit_note(note.id, " ").unwrap_err().code(), "INVALID_ARGUMENT");
    assert_eq!(ws.edit_note(NoteId(uuid::Uuid::from_u128(4)), "x").unwrap_err().code(), "NOTE_NOT_FOUND");
}

// --- addresses --------------------------------------------------------------------------------

#[test]
fn addresses_first_is_the_default_for_both() {
    let (ws, _) = ws();
    let c = customer(&ws, "Pier Seafood");
    let input = NewAddress {
        label: Some(" Head office ".into()),
        city: Some("Fremantle".into()),
        postal_code: Some("6160".into()),
        country: Some("  ".into()),
        ..NewAddress::line(" 12 Pier St ")
    };
    let a = ws.add_address(c.id, input).expect("add");
    assert_eq!((a.label.as_deref(), a.line1.as_str(), a.country.as_deref()), (Some("Head office"), "12 Pier St", None));
    assert!(a.default_billing && a.default_shipping);
    let b = ws.add_address(c.id, NewAddress::line("3 Dock Rd")).expect("add");
    assert!(!b.default_billing && !b.default_shipping, "a later address is not a default unless asked");
    assert_eq!(ws.addresses(c.id).expect("list").iter().map(|a| a.id).collect::<Vec<_>>(), [a.id, b.id]);
}

#[test]
fn addresses_one_default_billing_and_one_default_shipping() {
    let (ws, _) = ws();
    let c = customer(&ws, "Pier Seafood");
    let office = ws.add_address(c.id, NewAddress::line("12 Pier St")).expect("office");
    let store =
        ws.add_address(c.id, NewAddress { default_shipping: true, ..NewAddress::line("3 Dock Rd") }).expect("2");
    let list = ws.addresses(c.id).expect("list");
    assert_eq!(defaults(&list), (vec![office.id], vec![store.id]));
    let warehouse = ws.add_address(c.id, NewAddress::line("Unit 4, 8 Quay Ln")).expect("3");
    ws.set_default_address(c.id, warehouse.id, AddressKind::Billing).expect("billing");
    assert_eq!(defaults(&ws.addresses(c.id).expect("list")), (vec![warehouse.id], vec![store.id]));
    let both = NewAddress { default_billing: true, default_shipping: true, ..NewAddress::line("New HQ") };
    let hq = ws.add_address(c.id, both).expect("hq");
    assert_eq!(defaults(&ws.addresses(c.id).expect("list")), (vec![hq.id], vec![hq.id]));
}

fn defaults(list: &[Address]) -> (Vec<AddressId>, Vec<AddressId>) {
    let of = |kind| list.iter().filter(|a| a.is_default(kind)).map(|a| a.id).collect();
    (of(AddressKind::Billing), of(AddressKind::Shipping))
}

#[test]
fn addresses_removing_a_default_passes_it_to_the_oldest_left() {
    let (ws, _) = ws();
    let c = customer(&ws, "Pier Seafood");
    let a = ws.add_address(c.id, NewAddress::line("A St")).expect("a");
    let b = ws.add_address(c.id, NewAddress::line("B St")).expect("b");
    let cc = ws.add_address(c.id, NewAddress { default_shipping: true, ..NewAddress::line("C St") }).expect("c");
    ws.remove_address(c.id, a.id).expect("remove a");
    assert_eq!(defaults(&ws.addresses(c.id).expect("list")), (vec![b.id], vec![cc.id]));
    ws.remove_address(c.id, cc.id).expect("remove c");
    assert_eq!(defaults(&ws.addresses(c.id).expect("list")), (vec![b.id], vec![b.id]));
    ws.remove_address(c.id, b.id).expect("remove b");
    assert!(ws.addresses(c.id).expect("list").is_empty());
    assert_eq!(ws.remove_address(c.id, b.id).unwrap_err().code(), "ADDRESS_NOT_FOUND");
}

#[test]
fn addresses_update_checks_fields_and_ids() {
    let (ws, _) = ws();
    let c = customer(&ws, "Pier Seafood");
    let other = customer(&ws, "Bay Cafe");
    let a = ws.add_address(c.id, NewAddress { city: Some("Perth".into()), ..NewAddress::line("1 Hay St") }).expect("a");
    let patch = AddressPatch { city: Some(None), line2: Some(Some(" Level 2 ".into())), ..Default::default() };
    let changed = ws.update_address(c.id, a.id, patch).expect("update");
    assert_eq!(
        (changed.city.as_deref(), changed.line2.as_deref(), changed.line1.as_str()),
        (None, Some("Level 2"), "1 Hay St")
    );
    assert!(changed.default_billing, "an update keeps the defaults");
    let blank = AddressPatch { line1: Some("  ".into()), ..Default::default() };
    assert_eq!(ws.update_address(c.id, a.id, blank).unwrap_err().code(), "INVALID_ARGUMENT");
    let long = AddressPatch { postal_code: Some(Some("9".repeat(21))), ..Default::default() };
    assert_eq!(ws.update_address(c.id, a.id, long).unwrap_err().code(), "FIELD_TOO_LONG");
    assert_eq!(ws.addresses(c.id).expect("list"), vec![changed]);
    let code = |r: Result<Address>| r.unwrap_err().code();
    assert_eq!(code(ws.update_address(other.id, a.id, AddressPatch::default())), "ADDRESS_NOT_FOUND");
    assert_eq!(code(ws.set_default_address(other.id, a.id, AddressKind::Shipping)), "ADDRESS_NOT_FOUND");
    assert_eq!(ws.add_address(c.id, NewAddress::line(" ")).unwrap_err().code(), "INVALID_ARGUMENT");
}

#[test]
fn addresses_at_most_fifty_per_customer() {
    let (ws, _) = ws();
    let c = customer(&ws, "Many Sites");
    for i in 0..50 {
        ws.add_address(c.id, NewAddress::line(format!("{i} Long Rd"))).expect("add");
    }
    assert_eq!(ws.add_address(c.id, NewAddress::line("51 Long Rd")).unwrap_err().code(), "INVALID_ARGUMENT");
    assert_eq!(ws.addresses(c.id).expect("list").len(), 50);
}

#[test]
fn c5_advanced_search_by_address_fields() {
    let (ws, _) = ws();
    let a = customer(&ws, "Alpha");
    let b = customer(&ws, "Beta");
    customer(&ws, "Gamma");
    ws.add_address(a.id, NewAddress { city: Some("Fremantle".into()), ..NewAddress::line("12 Pier St") }).expect("a");
    ws.add_address(b.id, NewAddress { city: Some("Perth".into()), ..NewAddress::line("1 Hay St") }).expect("b1");
    ws.add_address(b.id, NewAddress { region: Some("Québec".into()), ..NewAddress::line("9 Rue Saint-Jean") })
        .expect("b2");
    let by = |term: &str| names(&ws, CustomerQuery { address: Some(term.into()), ..Default::default() });
    assert_eq!(by("FREMANT"), ["Alpha"]);
    assert_eq!(by(" st "), ["Alpha", "Beta"], "any line of any address, partial");
    assert_eq!(by("quebec"), ["Beta"], "accents and case ignored, second address searched");
    assert!(by("Gamma").is_empty(), "the name is not an address");
    let both = CustomerQuery { address: Some("st".into()), search: Some("beta".into()), ..Default::default() };
    assert_eq!(names(&ws, both), ["Beta"], "combines with the plain search");
}

// --- leads ------------------------------------------------------------------------------------

#[test]
fn c5_leads_have_no_placed_order_and_the_list_filters_by_kind() {
    let (ws, _) = ws();
    let buyer = customer(&ws, "Buyer");
    let drafter = customer(&ws, "Drafter");
    customer(&ws, "Newcomer");
    order(&ws, &buyer, "SO-1", OrderStatus::Confirmed);
    let draft = order(&ws, &drafter, "D-1", OrderStatus::Draft);
    assert_eq!(ws.get_customer(buyer.id).expect("get").kind(), CustomerKind::Customer);
    assert_eq!(ws.get_customer(drafter.id).expect("get").kind(), CustomerKind::Lead, "a draft is not a purchase");
    let by = |kind| names(&ws, CustomerQuery { kind: Some(kind), ..Default::default() });
    assert_eq!(by(CustomerKind::Lead), ["Drafter", "Newcomer"]);
    assert_eq!(by(CustomerKind::Customer), ["Buyer"]);
    assert_eq!(names(&ws, CustomerQuery::default()).len(), 3, "no kind: both");
    ws.invoice_order(draft).expect("the draft goes through");
    assert_eq!(by(CustomerKind::Customer), ["Buyer", "Drafter"]);
}

#[test]
fn c5_lead_filter_combines_with_status_and_tag() {
    let (ws, _) = ws();
    let a = customer(&ws, "Alpha");
    let b = customer(&ws, "Beta");
    ws.add_tag(a.id, "trade").expect("tag");
    ws.add_tag(b.id, "trade").expect("tag");
    ws.update_customer(b.id, CustomerPatch { active: Some(false), ..Default::default() }).expect("deactivate");
    let q = CustomerQuery { kind: Some(CustomerKind::Lead), tag: Some("TRADE".into()), ..Default::default() };
    assert_eq!(names(&ws, q.clone()), ["Alpha"]);
    assert_eq!(names(&ws, CustomerQuery { filter: StatusFilter::All, ..q }), ["Alpha", "Beta"]);
}

#[test]
fn c5_query_with_detail_filters_reads_from_json() {
    let q: CustomerQuery = serde_json::from_str(r#"{"tag": "vip", "kind": "lead", "address": "pier"}"#).expect("q");
    assert_eq!((q.tag.as_deref(), q.kind, q.address.as_deref()), (Some("vip"), Some(CustomerKind::Lead), Some("pier")));
    assert!(serde_json::from_str::<CustomerQuery>(r#"{"kind": "prospect"}"#).is_err());
    let old: Customer = {
        let (ws, _) = ws();
        let mut v = serde_json::to_value(customer(&ws, "Old Record")).expect("json");
        v.as_object_mut().expect("object").remove("addresses");
        serde_json::from_value(v).expect("a record stored before addresses existed")
    };
    assert!(old.addresses.is_empty());
}
