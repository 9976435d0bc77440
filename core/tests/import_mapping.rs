//! I7 column mappings, I8 record ids and I9 undo through the public API, with the two property
//! tests of issue 18: export then import previews every row as an update with no changes, and
//! confirm then undo leaves the customers as they were.

use orderlink::import::{validate_import, ColumnMapping, ImportField, KeptReason, MatchedBy, RowAction};
use orderlink::*;
use proptest::prelude::*;
use std::sync::Arc;

fn ws() -> Workspace {
    let env = Env::new(Arc::new(ManualClock::new(chrono::DateTime::UNIX_EPOCH)), Arc::new(SeededRandom::new(3)));
    Workspace::create(Arc::new(MemoryStore::new()), env, NewWorkspace::named("Harbour Foods")).unwrap()
}

const SUPPLIER: &str = "Trading Name,Acct No.,Buyer e-mail,Notes\nCorner Deli,CD-1,orders@deli.example,call first\n";

fn mapped(ws: &Workspace, csv: &str, mapping: Option<MappingChoice>) -> Result<ImportPreview> {
    ws.preview_import_mapped(csv.as_bytes(), None, None, mapping, &mut |_| true)
}

#[test]
fn i7_an_explicit_mapping_reads_headers_nobody_listed() {
    let ws = ws();
    let without = mapped(&ws, SUPPLIER, None).unwrap();
    assert!(without.report.refused, "no Name column without a mapping");
    let m = ColumnMapping::parse([
        ("Trading Name", "name"),
        ("Acct No.", "code"),
        ("Buyer e-mail", "email"),
        ("Notes", ""),
    ])
    .unwrap();
    let preview = mapped(&ws, SUPPLIER, Some(MappingChoice::Columns(m))).unwrap();
    assert_eq!(preview.creates(), 1);
    assert!(
        preview.report.issues.is_empty(),
        "a column the mapping leaves out is no warning: {:?}",
        preview.report.issues
    );
    let used: Vec<(&str, Option<ImportField>, MatchedBy)> =
        preview.mapping.iter().map(|c| (c.header.as_str(), c.field, c.matched_by)).collect();
    assert_eq!(
        used,
        vec![
            ("Trading Name", Some(ImportField::Name), MatchedBy::Mapping),
            ("Acct No.", Some(ImportField::Code), MatchedBy::Mapping),
            ("Buyer e-mail", Some(ImportField::Email), MatchedBy::Mapping),
            ("Notes", None, MatchedBy::Mapping),
        ]
    );
    let result = ws.confirm_import(&preview).unwrap();
    let c = ws.get_customer(result.created[0]).unwrap();
    assert_eq!(
        (c.code.as_deref(), c.email.map(|e| e.as_str().to_owned())),
        (Some("CD-1"), Some("orders@deli.example".into()))
    );
}

#[test]
fn i7_an_explicit_mapping_never_guesses() {
    let ws = ws();
    // "Acct No." is a strong suggestion for Code, but the mapping does not name it: not read.
    let m = ColumnMapping::parse([("Trading Name", "name")]).unwrap();
    let preview = mapped(&ws, SUPPLIER, Some(MappingChoice::Columns(m))).unwrap();
    let used: Vec<(&str, MatchedBy)> = preview.mapping.iter().map(|c| (c.header.as_str(), c.matched_by)).collect();
    assert_eq!(used[1], ("Acct No.", MatchedBy::Unmatched));
    let unknown: Vec<&str> = preview
        .report
        .issues
        .iter()
        .filter(|i| i.code.as_str() == "HEADER_UNKNOWN")
        .filter_map(|i| i.column.as_deref())
        .collect();
    assert_eq!(unknown, vec!["Acct No.", "Buyer e-mail", "Notes"]);
    // A header the mapping does not name is still read by its own name (I2).
    let preview = mapped(
        &ws,
        "Trading Name,Email\nDeli,d@x.example\n",
        Some(MappingChoice::Columns(ColumnMapping::parse([("Trading Name", "name")]).unwrap())),
    )
    .unwrap();
    assert_eq!(preview.mapping[1].matched_by, MatchedBy::Header);
}

#[test]
fn i7_a_bad_mapping_is_refused_when_given() {
    for (pairs, why) in [
        (vec![("A", "name"), ("B", "name")], "two headers to one field"),
        (vec![("A", "favourite_colour")], "an unknown field"),
        (vec![("  ", "name")], "a blank header"),
        (vec![("Trading Name", "name"), ("trading-name", "code")], "one header twice"),
    ] {
        let err = ColumnMapping::parse(pairs).expect_err(why);
        assert_eq!(err.code(), "IMPORT_MAPPING_INVALID", "{why}");
        assert_eq!(err.kind(), ErrorKind::Validation);
    }
    // Fields by their export header too.
    assert_eq!(ColumnMapping::parse([("X", "Customer Name")]).unwrap().field_for("x"), Some(Some(ImportField::Name)));
    // A mapping that sends a header to a field another header has by name: HEADER_DUPLICATE.
    let m = ColumnMapping::parse([("Trading Name", "name")]).unwrap();
    let preview = mapped(&ws(), "Trading Name,Name\nA,B\n", Some(MappingChoice::Columns(m))).unwrap();
    assert!(preview.report.refused);
    assert_eq!(preview.report.issues[0].code.as_str(), "HEADER_DUPLICATE");
}

#[test]
fn i7_saved_mappings_by_name() {
    let ws = ws();
    let m = ColumnMapping::parse([("Trading Name", "name"), ("Acct No.", "code")]).unwrap();
    ws.save_mapping("Harbour", &m).unwrap();
    let preview = mapped(&ws, SUPPLIER, Some(MappingChoice::Saved("HARBOUR".into()))).unwrap();
    assert_eq!((preview.creates(), preview.mapping_name.as_deref()), (1, Some("Harbour")));
    let err = mapped(&ws, SUPPLIER, Some(MappingChoice::Saved("Nobody".into()))).unwrap_err();
    assert_eq!(err.code(), "IMPORT_MAPPING_NOT_FOUND");
    assert_eq!(ws.save_mapping("   ", &m).unwrap_err().code(), "IMPORT_MAPPING_INVALID");
    assert_eq!(ws.save_mapping(&"x".repeat(101), &m).unwrap_err().code(), "IMPORT_MAPPING_INVALID");
}

#[test]
fn i7_validate_import_takes_a_mapping() {
    let options = ImportOptions {
        mapping: Some(ColumnMapping::parse([("Trading Name", "name"), ("Buyer e-mail", "email")]).unwrap()),
        ..Default::default()
    };
    let report = validate_import(b"Trading Name,Buyer e-mail\nDeli,bad@\n", &options).unwrap();
    assert_eq!((report.rows_read, report.error_rows), (1, 1));
    assert_eq!(
        (report.issues[0].code.as_str(), report.issues[0].column.as_deref()),
        ("EMAIL_INVALID", Some("Buyer e-mail"))
    );
}

#[test]
fn i7_suggestions_rank_and_skip_matched_headers() {
    let s = import::suggest_mapping(&["Customer Name", "Trading Name", "Acct No.", "Zzz"]);
    let headers: Vec<&str> = s.iter().map(|s| s.header.as_str()).collect();
    assert_eq!(headers, vec!["Trading Name", "Acct No.", "Zzz"]);
    assert!(s[0].candidates.iter().all(|c| c.field != ImportField::Name), "Name is taken by Customer Name");
    assert_eq!((s[1].candidates[0].field, s[1].candidates[0].confidence), (ImportField::Code, 0.95));
    assert!(s[2].candidates.is_empty());
    for sug in &s {
        assert!(sug.candidates.len() <= 3);
        assert!(sug.candidates.windows(2).all(|w| w[0].confidence >= w[1].confidence));
        assert!(sug.candidates.iter().all(|c| (0.4..=1.0).contains(&c.confidence)));
    }
    // A very long header gets no candidates and costs nothing much.
    assert!(import::suggest_mapping(&["x".repeat(100_000)])[0].candidates.is_empty());
}

#[test]
fn i8_codeless_customers_reimport_as_unchanged() {
    let ws = ws();
    ws.create_customer(NewCustomer::named("Codeless Cafe")).unwrap();
    ws.create_customer(NewCustomer { code: Some("C2".into()), ..NewCustomer::named("Coded Deli") }).unwrap();
    let csv = ws.export_customers(&CustomerQuery::default()).unwrap();
    assert!(String::from_utf8_lossy(&csv).lines().next().unwrap().ends_with(",Record ID"));
    let preview = ws.preview_import(&csv, None, None).unwrap();
    assert_eq!((preview.rows.len(), preview.unchanged()), (2, 2));
    let result = ws.confirm_import(&preview).unwrap();
    assert!(result.created.is_empty());
    assert_eq!(ws.list_customers(&CustomerQuery::default()).unwrap().total, 2, "no second Codeless Cafe");
}

#[test]
fn i8_names_that_begin_with_an_apostrophe_round_trip() {
    let ws = ws();
    for name in ["'=Deli", "'+Plus", "'-Minus", "'@At", "'Plain", "''=Two"] {
        ws.create_customer(NewCustomer::named(name)).unwrap();
    }
    let csv = ws.export_customers(&CustomerQuery::default()).unwrap();
    let preview = ws.preview_import(&csv, None, None).unwrap();
    assert_eq!(preview.unchanged(), 6, "{:?}", preview.rows);
}

#[test]
fn i9_undo_through_the_workspace() {
    let ws = ws();
    let c = ws.create_customer(NewCustomer { code: Some("P1".into()), ..NewCustomer::named("Pier") }).unwrap();
    let preview = ws.preview_import(b"Name,Code,Active\nPier,P1,no\nNew,N1,\n", None, None).unwrap();
    let result = ws.confirm_import(&preview).unwrap();
    assert_ne!(result.batch_id, ImportBatchId::default());
    assert!(!ws.get_customer(c.id).unwrap().active);
    let report = ws.undo_import(result.batch_id).unwrap();
    assert_eq!((report.deleted.len(), report.restored, report.kept.len()), (1, vec![c.id], 0));
    assert!(ws.get_customer(c.id).unwrap().active);
    assert_eq!(ws.undo_import(result.batch_id).unwrap_err().code(), "IMPORT_ALREADY_UNDONE");
    // I6: refused while contacts sync is the source of truth.
    let result = ws.confirm_import(&ws.preview_import(b"Name\nLater\n", None, None).unwrap()).unwrap();
    ws.update_settings(SettingsPatch {
        contacts_sync: Some(ContactsSync { enabled: true, connected: true, phone_mapped: false }.into()),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(ws.undo_import(result.batch_id).unwrap_err().code(), "SOURCE_OF_TRUTH_EXTERNAL");
}

#[test]
fn i9_the_batch_records_prior_values() {
    let ws = ws();
    let c = ws
        .create_customer(NewCustomer { code: Some("P1".into()), phone: Some("1".into()), ..NewCustomer::named("Pier") })
        .unwrap();
    let result = ws.confirm_import(&ws.preview_import(b"Name,Code,Phone\nPier,P1,\n", None, None).unwrap()).unwrap();
    let batch = ws.import_batch(result.batch_id).unwrap();
    assert_eq!(
        serde_json::to_value(&batch.rows).unwrap(),
        serde_json::json!([{"action": "updated", "row": 2, "customer_id": c.id,
            "changes": [{"field": "phone", "before": "1", "after": null}]}])
    );
    let _ = KeptReason::Gone;
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z][A-Za-z0-9 '&.-]{0,20}",
        "['=+@-][A-Za-z ]{1,10}",
        "''?[=+@-]?[a-z]{1,5}",
        "[\\PC&&[^\\s]]{1,6}",
    ]
}

fn new_customers() -> impl Strategy<Value = Vec<NewCustomer>> {
    prop::collection::vec(
        (
            name(),
            prop::option::of("[A-Z0-9-]{1,6}"),
            prop::option::of("[a-z]{1,6}@[a-z]{1,6}\\.example"),
            prop::option::of("[+]?[0-9 ]{1,12}"),
            prop::option::of("[A-Za-z ='+-]{1,12}"),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(n, code, email, phone, contact, active, blocked)| NewCustomer {
                code,
                email,
                phone,
                contact,
                active,
                order_web_blocked: active && blocked,
                ..NewCustomer::named(&n)
            }),
        0..12,
    )
}

/// The customers as a person sees them (the version and update time move with every write).
fn seen(ws: &Workspace) -> Vec<Customer> {
    let q = CustomerQuery { filter: StatusFilter::All, limit: 1000, ..Default::default() };
    let mut all = ws.list_customers(&q).unwrap().items;
    for c in &mut all {
        c.version = 0;
        c.updated_at = chrono::DateTime::UNIX_EPOCH;
    }
    all.sort_by_key(|c| c.id);
    all
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// E1, I8: for any set of customers, export then import previews every row as an update
    /// with no changes.
    #[test]
    fn i8_export_then_import_previews_every_row_unchanged(customers in new_customers()) {
        let ws = ws();
        let mut made = 0;
        for c in customers {
            made += usize::from(ws.create_customer(c).is_ok());
        }
        let csv = ws.export_customers(&CustomerQuery { filter: StatusFilter::All, ..Default::default() }).unwrap();
        let preview = ws.preview_import(&csv, None, None).unwrap();
        prop_assert_eq!(preview.rows.len(), made);
        for r in &preview.rows {
            prop_assert!(matches!(&r.action, RowAction::Update { changes, .. } if changes.is_empty()), "{:?} {:?}", r, preview.report.issues);
        }
    }

    /// I9: confirm then undo leaves the customers exactly as before when nothing else changed
    /// them (the record version and update time aside, which every write moves on).
    #[test]
    fn i9_confirm_then_undo_restores_exactly(before in new_customers(), file in new_customers()) {
        let ws = ws();
        for c in before {
            let _ = ws.create_customer(c);
        }
        let was = seen(&ws);
        // A file that updates some customers by record id and creates others.
        let mut csv = String::from("Name,Code,Email,Phone,Contact,Active,Order Web Blocked,Record ID\n");
        let existing: Vec<Customer> = was.clone();
        for (i, c) in file.iter().enumerate() {
            let id = existing.get(i).filter(|_| i % 2 == 0).map(|c| c.id.to_string()).unwrap_or_default();
            let code = if id.is_empty() { c.code.clone().map(|k| format!("F{i}{k}")) } else { existing[i].code.clone() };
            let cell = |s: &str| format!("\"{}\"", import::neutralise_cell(s).replace('"', "\"\""));
            csv.push_str(&format!(
                "{},{},{},{},{},{},{},{}\n",
                cell(&c.name),
                cell(code.as_deref().unwrap_or("")),
                cell(c.email.as_deref().unwrap_or("")),
                cell(c.phone.as_deref().unwrap_or("")),
                cell(c.contact.as_deref().unwrap_or("")),
                if c.active { "yes" } else { "no" },
                if c.order_web_blocked { "yes" } else { "no" },
                id
            ));
        }
        let preview = ws.preview_import(csv.as_bytes(), None, None).unwrap();
        let result = ws.confirm_import(&preview).unwrap();
        let report = ws.undo_import(result.batch_id).unwrap();
        prop_assert!(report.kept.is_empty(), "{:?}", report.kept);
        prop_assert_eq!(seen(&ws), was);
    }
}
