//! Property tests: invariants that must hold for every input, not just the examples.

use orderlink::*;
use proptest::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;

const CROCKFORD: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

fn any_text() -> impl Strategy<Value = String> {
    // Arbitrary Unicode plus the characters that break naive code: white space of every kind,
    // combining marks, compatibility forms, @ and / and quotes.
    prop_oneof![
        any::<String>(),
        proptest::string::string_regex("[ \\t\\n\\u{a0}\\u{3000}a-zA-Z0-9@./\"'<>\\u{301}\\u{fb01}ßẞİıΣς-]{0,40}")
            .expect("regex"),
    ]
}

fn workspace(seed: u64) -> Workspace {
    let env = Env::new(Arc::new(SystemClock), Arc::new(SeededRandom::new(seed)));
    Workspace::create(Arc::new(MemoryStore::new()), env, NewWorkspace::named("Props")).expect("workspace")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// L2: every code is 26 Crockford characters and parses back to itself, in any case.
    #[test]
    fn l2_codes_well_formed_and_case_insensitively_parseable(seed in any::<u64>()) {
        let code = LinkCode::generate(&SeededRandom::new(seed));
        prop_assert_eq!(code.as_str().len(), 26);
        prop_assert!(code.as_str().chars().all(|c| CROCKFORD.contains(c)));
        prop_assert_eq!(&LinkCode::parse(code.as_str()).expect("canonical"), &code);
        prop_assert_eq!(&LinkCode::parse(&code.as_str().to_lowercase()).expect("lower"), &code);
        prop_assert_eq!(&LinkCode::parse(&code.url("https://a.example")).expect("url"), &code);
    }

    /// L3: parsing any text never panics, and what it accepts is canonical.
    #[test]
    fn l3_parse_never_panics(input in any_text()) {
        if let Ok(code) = LinkCode::parse(&input) {
            prop_assert_eq!(LinkCode::parse(code.as_str()).expect("reparse"), code);
        }
    }

    /// N1: normalisation is idempotent.
    #[test]
    fn n1_normalisation_idempotent(input in any_text()) {
        let name = normalize_name(&input);
        prop_assert_eq!(normalize_name(&name), name.clone());
        prop_assert!(!name.starts_with(' ') && !name.ends_with(' ') && !name.contains("  "));
        let email = normalize_email(&input);
        prop_assert_eq!(normalize_email(&email), email);
        let folded = search_fold(&input);
        prop_assert_eq!(search_fold(&folded), folded);
    }

    /// C3: an accepted email re-parses to itself and never contains white space.
    #[test]
    fn c3_email_parse_never_panics(input in any_text()) {
        if let Ok(email) = Email::parse(&input) {
            prop_assert!(!email.as_str().chars().any(char::is_whitespace));
            prop_assert_eq!(Email::parse(email.as_str()).expect("reparse"), email);
        }
    }

    /// C1–C3: no input makes create or update panic; a refused write leaves the store as it was.
    #[test]
    fn c1_c3_validation_never_panics(
        name in any_text(), code in any_text(), email in any_text(), phone in any_text(), search in any_text()
    ) {
        let ws = workspace(1);
        let kept = ws.create_customer(NewCustomer::named("Kept")).expect("kept");
        let input = NewCustomer {
            code: Some(code.clone()), email: Some(email.clone()), phone: Some(phone), ..NewCustomer::named(name.clone())
        };
        let before = ws.list_customers(&CustomerQuery { filter: StatusFilter::All, ..Default::default() }).expect("list");
        match ws.create_customer(input) {
            Ok(c) => prop_assert_eq!(c.name, name.trim()),
            Err(e) => {
                prop_assert!(e.kind() == ErrorKind::Validation || e.code() == "CODE_TAKEN", "{}", e.code());
                let after = ws.list_customers(&CustomerQuery { filter: StatusFilter::All, ..Default::default() }).expect("list");
                prop_assert_eq!(after, before);
            }
        }
        let patch = CustomerPatch { name: Some(name), email: Some(Some(email)), code: Some(Some(code)), ..Default::default() };
        let _ = ws.update_customer(kept.id, patch);
        // R4: a search is answered, or refused as TEXT_INVALID exactly when it holds a control
        // character inside the white space around it.
        let controlled = search.trim().chars().any(orderlink::text::is_control);
        match ws.list_customers(&CustomerQuery { search: Some(search), ..Default::default() }) {
            Ok(_) => prop_assert!(!controlled),
            Err(e) => prop_assert!(controlled && e.code() == "TEXT_INVALID", "{}", e.code()),
        }
    }
}

/// L1/L2: no two codes alike over a large sample from the OS CSPRNG.
#[test]
fn l2_codes_unique_over_a_large_sample() {
    let n = 200_000;
    let codes: HashSet<String> = (0..n).map(|_| LinkCode::generate(&OsRandom).as_str().to_owned()).collect();
    assert_eq!(codes.len(), n);
}

mod import_never_panics {
    use orderlink::import::{validate_import, ImportFormat, ImportLimits, ImportOptions};
    use proptest::prelude::*;

    fn options(format: Option<ImportFormat>) -> ImportOptions {
        ImportOptions { format, unique_names: true, price_groups: Some(vec!["Trade".into()]), ..Default::default() }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// I5: arbitrary bytes given to every reader never panic, and the counts add up.
        #[test]
        fn i5_arbitrary_bytes_never_panic_any_reader(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            for format in [None, Some(ImportFormat::Csv), Some(ImportFormat::Xlsx), Some(ImportFormat::Pasted)] {
                let report = validate_import(&bytes, &options(format)).expect("only bad options are errors");
                prop_assert_eq!(report.rows_read, report.blank_rows + report.valid_rows + report.error_rows);
                let _ = report.error_file_csv().expect("error file");
                let _ = report.summary_text();
            }
        }

        /// I5: CSV-shaped text (headers, quotes, separators, odd characters) never panics, every
        /// issue with a row points at a row of the file, and rows past the limit are refused whole.
        #[test]
        fn i5_csv_like_text_never_panics(
            rows in proptest::collection::vec(proptest::collection::vec("[a-zA-Z0-9 @.,;\t\"'=+é\r\n-]{0,12}", 0..6), 0..40),
            max_rows in 1usize..50,
        ) {
            let mut text = String::from("Customer Name,Code,Email,Active,Order Web Blocked,Price Group,Extra\n");
            for r in &rows {
                text.push_str(&r.join(","));
                text.push('\n');
            }
            let opts = ImportOptions { limits: ImportLimits { max_rows, ..Default::default() }, ..options(None) };
            let report = validate_import(text.as_bytes(), &opts).expect("validate");
            prop_assert_eq!(report.rows_read, report.blank_rows + report.valid_rows + report.error_rows);
            prop_assert!(report.rows_read <= max_rows);
            // I3a: CR LF, CR alone and LF alone each end a line.
            let lines = text.replace("\r\n", "\n").replace('\r', "\n").lines().count() as u32 + 1;
            for issue in &report.issues {
                if let Some(row) = issue.row {
                    prop_assert!(row >= 2 && row <= lines, "row {} of {} lines", row, lines);
                }
            }
        }

        /// I3: repeated codes and names are found exactly (each later row names the first row
        /// with that key, as a plain map would say), however many rows there are and whatever
        /// else is wrong with them; a repeating row is an error row with its cells kept.
        #[test]
        fn i3_repeats_found_exactly(
            rows in proptest::collection::vec(("(a\nb|[ab]{0,2})", "[AaBb]{1,2}", "[xy@.]{0,3}"), 0..300),
            bom in any::<bool>(),
            semicolons in any::<bool>(),
        ) {
            use std::collections::HashMap;
            // Names quoted, some with a newline inside: sheet rows are not lines.
            let d = if semicolons { ';' } else { ',' };
            let mut text = String::from(if bom { "\u{feff}" } else { "" });
            text.push_str(&format!("Customer Name{d}Code{d}Email\n"));
            for (name, code, email) in &rows {
                text.push_str(&format!("\"{name}\"{d}{code}{d}{email}\n"));
            }
            let report = validate_import(text.as_bytes(), &options(Some(ImportFormat::Csv))).expect("validate");
            prop_assert_eq!(report.rows_read, report.blank_rows + report.valid_rows + report.error_rows);
            prop_assert_eq!(report.rejected.len(), report.error_rows);
            let mut expected: Vec<(u32, &str, u32)> = Vec::new();
            let (mut codes, mut names) = (HashMap::new(), HashMap::new());
            for (i, (name, code, email)) in rows.iter().enumerate() {
                let row = i as u32 + 2;
                if name.is_empty() && code.is_empty() && email.is_empty() {
                    continue;
                }
                if let Some(first) = codes.get(&code.to_lowercase()) {
                    expected.push((row, "CODE_DUPLICATE_IN_FILE", *first));
                } else {
                    codes.insert(code.to_lowercase(), row);
                }
                // R4: a line break inside a name is TEXT_INVALID, so it is no name to repeat.
                if !name.is_empty() && !name.contains('\n') {
                    match names.get(name) {
                        Some(first) => expected.push((row, "NAME_DUPLICATE", *first)),
                        None => { names.insert(name.clone(), row); }
                    }
                }
            }
            let found: Vec<(u32, &str, u32)> = report
                .issues
                .iter()
                .filter(|i| matches!(i.code.as_str(), "CODE_DUPLICATE_IN_FILE" | "NAME_DUPLICATE"))
                .map(|i| {
                    let first = i.message.split("also on row ").nth(1).and_then(|r| r.split(';').next()).and_then(|r| r.parse().ok()).unwrap_or(0);
                    (i.row.unwrap_or(0), i.code.as_str(), first)
                })
                .collect();
            prop_assert_eq!(&found, &expected);
            // The error file gets the repeat's own cells.
            for (row, _, _) in &expected {
                let (name, code, email) = &rows[*row as usize - 2];
                let rejected = report.rejected.iter().find(|r| r.row == *row);
                prop_assert_eq!(rejected.map(|r| r.cells.clone()), Some(vec![name.clone(), code.clone(), email.clone()]));
            }
        }
    }
}
