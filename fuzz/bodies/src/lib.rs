//! The bodies of orderlink's fuzz targets (issue 13 part 10; SPEC R1, R2).
//!
//! Each target is one function taking the fuzzer's bytes. `fuzz/fuzz_targets/*.rs` call them
//! under libFuzzer (nightly); `core/tests/fuzz_replay.rs` calls them on every file under
//! `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/` on the stable toolchain, so a crash
//! once found stays fixed. A body asserts invariants, not just "no panic": a failed assertion is
//! a finding like any panic.
#![forbid(unsafe_code)]

mod xlsx;

use orderlink::import::{
    validate_import, ImportFormat, ImportLimits, ImportOptions, ImportReport, IssueCode, Severity,
};
use orderlink::pricing::PriceMacro;
use orderlink::{LinkCode, LinkTarget, NewWorkspace, Product, SettingsPatch, Workspace};
use rust_decimal::Decimal;

pub use xlsx::{build_workbook, WorkbookSpec};

/// Checks of defects already known and being fixed, which an exploring run may skip so the
/// fuzzer gets past them to what is not known yet: `ORDERLINK_FUZZ_KNOWN=rows,errfile,r4,r2cols,farcells,sstcount`
/// (`make fuzz FUZZ_KNOWN=…`). The replay test never sets it: there every check runs.
///
/// - `rows`: I3a row numbers (rows sharing a number, so rejected rows, preview rows and
///   confirm's counts collapse)
/// - `errfile`: I3 both error files are written for every report
/// - `r4`: R4 no control characters stored or in link URLs, no invisible names
/// - `r2cols`: R2 `max_columns` past 16,384 accepted in settings
/// - `farcells`: the structured XLSX generator keeps cell references within 16,384 columns
/// - `sstcount`: the structured XLSX generator keeps shared-string counts under 1,024
pub fn known(defect: &str) -> bool {
    static KNOWN: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    KNOWN
        .get_or_init(|| {
            std::env::var("ORDERLINK_FUZZ_KNOWN")
                .map(|v| v.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
                .unwrap_or_default()
        })
        .iter()
        .any(|k| k == defect)
}

/// A target's body.
pub type Body = fn(&[u8]);

/// Every target, by the name cargo-fuzz and the corpus folders use.
pub const TARGETS: &[(&str, Body)] = &[
    ("import_csv", import_csv),
    ("import_pasted", import_pasted),
    ("import_xlsx_raw", import_xlsx_raw),
    ("import_xlsx_structured", import_xlsx_structured),
    ("link_parse", link_parse),
    ("price_macro", price_macro),
    ("settings_patch", settings_patch),
];

/// Runs the target called `name` on `data`; `false` when there is no such target.
pub fn run(name: &str, data: &[u8]) -> bool {
    match TARGETS.iter().find(|(n, _)| *n == name) {
        Some((_, body)) => {
            body(data);
            true
        }
        None => false,
    }
}

/// CSV bytes: validated, both error files written, then previewed against an empty in-memory
/// workspace and confirmed.
pub fn import_csv(data: &[u8]) {
    import(data, ImportFormat::Csv, ImportLimits::default());
}

/// Pasted rows (tab separated): as [`import_csv`].
pub fn import_pasted(data: &[u8]) {
    import(data, ImportFormat::Pasted, ImportLimits::default());
}

/// Raw bytes read as an XLSX workbook. The inflate limits are smaller than the defaults so a
/// small input that inflates a lot is refused quickly rather than read for seconds; the code
/// paths are the same.
pub fn import_xlsx_raw(data: &[u8]) {
    import(data, ImportFormat::Xlsx, fuzz_xlsx_limits());
}

/// A workbook description decoded from the bytes (cells far right or down, shared strings with
/// lying counts, inline, formula, boolean and error cells, lying zip sizes, stored or deflated
/// entries, odd XML), built into a real zip and imported as [`import_xlsx_raw`] does.
pub fn import_xlsx_structured(data: &[u8]) {
    let mut u = arbitrary::Unstructured::new(data);
    let Ok(spec) = u.arbitrary::<WorkbookSpec>() else { return };
    let small = spec.small_limits;
    let bytes = build_workbook(&spec);
    // Triage: `ORDERLINK_FUZZ_DUMP=out.xlsx` keeps the workbook an input builds.
    if let Ok(path) = std::env::var("ORDERLINK_FUZZ_DUMP") {
        let _ = std::fs::write(path, &bytes);
    }
    let limits = if small { small_limits() } else { fuzz_xlsx_limits() };
    import(&bytes, ImportFormat::Xlsx, limits);
}

/// The limits the XLSX targets use: the defaults, with inflating bounded to what a fuzzer's
/// iteration can afford.
pub fn fuzz_xlsx_limits() -> ImportLimits {
    ImportLimits {
        max_part_bytes: 16 << 20,
        max_inflated_bytes: 32 << 20,
        max_shared_string_bytes: 4 << 20,
        ..ImportLimits::default()
    }
}

/// Small limits, so the paths past each limit are reached by small inputs.
pub fn small_limits() -> ImportLimits {
    ImportLimits {
        max_rows: 50,
        max_bytes: 1 << 20,
        max_part_bytes: 64 << 10,
        max_inflated_bytes: 128 << 10,
        max_shared_strings: 100,
        max_shared_string_bytes: 4 << 10,
        max_columns: 16,
        max_issues_per_code: 5,
    }
}

fn import(data: &[u8], format: ImportFormat, limits: ImportLimits) {
    let options = ImportOptions { format: Some(format), limits, ..ImportOptions::default() };
    // File problems are issues, never an Err: the only errors are bad options (there are none).
    let report = match validate_import(data, &options) {
        Ok(r) => r,
        Err(e) => panic!("validate_import failed on a file: {} ({e})", e.code()),
    };
    check_report(&report, "validate");
    if !known("errfile") {
        check_error_files(&report);
    }

    let settings = NewWorkspace { import_limits: limits, ..NewWorkspace::named("Fuzz Wholesale") };
    let ws = Workspace::in_memory(settings).expect("an in-memory workspace");
    let preview = match ws.preview_import(data, Some(format), None) {
        Ok(p) => p,
        Err(e) => panic!("preview_import failed on a file: {} ({e})", e.code()),
    };
    let p = &preview.report;
    check_report(p, "preview");
    assert_eq!(p.refused, report.refused, "preview and validate disagree on refusing the file");
    assert_eq!(p.rows_read, report.rows_read, "preview and validate read different rows");
    assert_eq!(p.blank_rows, report.blank_rows, "preview and validate disagree on blank rows");
    if !known("rows") {
        assert_eq!(preview.rows.len(), p.valid_rows + p.error_rows, "a preview row for every non-blank row");
    }
    assert_eq!(
        preview.creates() + preview.updates() + preview.errors(),
        preview.rows.len(),
        "every preview row is a create, an update or an error"
    );
    assert_eq!(preview.updates(), 0, "an empty workspace has nothing to update");
    if !known("rows") {
        assert_eq!(preview.errors(), p.error_rows, "preview errors are the report's error rows");
    }
    if !known("errfile") {
        check_error_files(p);
    }

    if p.refused {
        let e = ws.confirm_import(&preview).expect_err("a refused file cannot be confirmed");
        assert_eq!(e.code(), "IMPORT_REFUSED");
        return;
    }
    // R4: a preview never promises a row that confirm cannot write.
    let result = match ws.confirm_import(&preview) {
        Ok(r) => r,
        Err(e) => panic!("confirm_import failed after a clean preview: {} ({e})", e.code()),
    };
    assert_eq!(result.created.len(), preview.creates(), "confirm wrote what the preview promised");
    if !known("rows") {
        assert_eq!(
            result.created.len()
                + result.updated.len()
                + result.unchanged.len()
                + result.error_rows.len()
                + result.blank_rows,
            result.rows_read,
            "confirm's counts add up"
        );
    }
    // R4: what validation accepted, every store can store: no control characters (tab and line
    // breaks aside) in any text written, and a name with something visible in it.
    for id in result.created.iter().filter(|_| !known("r4")) {
        let c = ws.get_customer(*id).expect("a created customer");
        let email = c.email.as_ref().map(|e| e.to_string());
        for (field, text) in [
            ("name", Some(&c.name)),
            ("code", c.code.as_ref()),
            ("email", email.as_ref()),
            ("phone", c.phone.as_ref()),
            ("contact", c.contact.as_ref()),
            ("price group", c.price_group.as_ref()),
        ] {
            let text = text.map(String::as_str).unwrap_or_default();
            assert!(
                !text.chars().any(|ch| ch.is_control() && !matches!(ch, '\t' | '\n' | '\r')),
                "R4: a control character was stored in {field}: {text:?}"
            );
        }
        assert!(c.name.chars().any(visible), "R4: an invisible name was stored: {:?}", c.name);
    }
}

/// Whether a character shows: not white space, not a control, not one of the zero-width or
/// filler characters (a name of only these looks blank).
fn visible(ch: char) -> bool {
    !ch.is_whitespace()
        && !ch.is_control()
        && !matches!(ch, '\u{00AD}' | '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{180E}' | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}')
}

/// The invariants of any import report.
pub fn check_report(r: &ImportReport, what: &str) {
    assert_eq!(r.blank_rows + r.valid_rows + r.error_rows, r.rows_read, "{what}: blank + valid + error = rows read");
    if !known("rows") {
        assert!(r.rejected.windows(2).all(|w| w[0].row < w[1].row), "{what}: rejected rows ascending, once each");
    }
    for issue in &r.issues {
        assert!(IssueCode::ALL.contains(&issue.code), "{what}: unknown issue code {:?}", issue.code);
        assert_eq!(issue.severity, issue.code.severity(), "{what}: {} has the wrong severity", issue.code);
        if let Some(row) = issue.row {
            assert!(row >= 1, "{what}: {} at row 0", issue.code);
        }
    }
    if r.refused {
        assert!(r.rejected.is_empty(), "{what}: a refused file keeps no rows");
        assert_eq!(r.rows_read, 0, "{what}: a refused file reports no rows");
        assert!(r.issues.iter().any(|i| i.severity == Severity::Error), "{what}: refused without an error issue");
    } else {
        assert_eq!(r.rejected.len(), r.error_rows, "{what}: one rejected row per error row");
        for issue in r.issues.iter().filter(|i| i.severity == Severity::Error) {
            if let Some(row) = issue.row {
                assert!(
                    r.rejected.binary_search_by_key(&row, |x| x.row).is_ok(),
                    "{what}: {} on row {row}, which is not among the rejected rows",
                    issue.code
                );
            }
        }
    }
    // A report serialises (bindings hand it on as JSON-like values).
    if let Err(e) = serde_json::to_string(r) {
        panic!("{what}: the report does not serialise: {e}");
    }
    let _ = r.summary_text();
}

/// I3: both error files are produced for any report, and the CSV one reads back with a record
/// for the header, each rejected row and a refused file's line.
pub fn check_error_files(r: &ImportReport) {
    let csv_bytes = match r.error_file_csv() {
        Ok(b) => b,
        Err(e) => panic!("error_file_csv failed: {} ({e})", e.code()),
    };
    if let Err(e) = r.error_file_xlsx() {
        panic!("error_file_xlsx failed: {} ({e})", e.code());
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(&csv_bytes[..]);
    let records = reader.byte_records().collect::<Result<Vec<_>, _>>().expect("the CSV error file reads back");
    let expected = 1 + r.rejected.len() + usize::from(r.refused);
    assert_eq!(records.len(), expected, "CSV error file: header + rejected rows (+ the refusal line)");
}

/// L3: a code or a URL. A code that parses has one canonical spelling, survives its own URL,
/// and resolves on a workspace exactly when it parses.
pub fn link_parse(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let parsed = LinkCode::parse(&input);
    match &parsed {
        Ok(code) => {
            let s = code.as_str();
            assert_eq!(s.len(), orderlink::link::LINK_CODE_LEN);
            assert!(s.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()), "non-canonical code {s}");
            assert_eq!(LinkCode::parse(s).as_ref().ok(), Some(code), "a canonical code parses to itself");
            let url = code.url("https://shop.example/");
            assert_eq!(LinkCode::parse(&url).as_ref().ok(), Some(code), "a code survives its own URL");
        }
        Err(e) => {
            assert_eq!(e.code(), "LINK_MALFORMED");
            assert!(e.to_string().len() < 1024, "an error echoes at most a clipped input");
        }
    }
    WORKSPACE.with(|ws| match ws.resolve_link(&input) {
        Ok(target) => {
            assert!(parsed.is_ok(), "resolved a link that does not parse");
            assert!(matches!(target, LinkTarget::Unknown | LinkTarget::Workspace), "no customers here");
        }
        Err(e) => {
            assert!(parsed.is_err(), "a well-formed code failed to resolve: {} ({e})", e.code());
            assert_eq!(e.code(), "LINK_MALFORMED");
        }
    });
}

thread_local! {
    static WORKSPACE: Workspace = Workspace::in_memory(NewWorkspace::named("Fuzz Wholesale")).expect("a workspace");
}

/// PR2b: `MACRO\nPRICE\nPRICE…` (or the bytes split at the first NUL). The macro is parsed and
/// applied to every price on its own and through a workspace (products and a group). Applying
/// never panics; a result is rounded to the places asked for; a failure has a known code.
pub fn price_macro(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split(['\n', '\0']);
    let macro_text = lines.next().unwrap_or_default();
    let prices: Vec<Decimal> = lines.take(8).filter_map(|l| l.trim().parse::<Decimal>().ok()).collect();
    let parsed = macro_text.parse::<PriceMacro>();
    match &parsed {
        Ok(m) => {
            let json = serde_json::to_string(m).expect("a macro serialises");
            let back: PriceMacro = serde_json::from_str(&json).expect("a macro reads back");
            assert_eq!(&back, m, "a macro survives JSON");
            let _ = m.inverse();
            for price in &prices {
                for dp in [0, 2, 3] {
                    if let Some(out) = m.apply(*price, dp) {
                        assert!(out.scale() <= dp, "{m:?} on {price} gave {out} with more than {dp} places");
                    }
                }
            }
        }
        Err(e) => assert_eq!(e.code(), "PRICE_MACRO_INVALID"),
    }
    // Through a workspace: all or nothing, with a known error code.
    let ws = Workspace::in_memory(NewWorkspace::named("Fuzz Wholesale")).expect("a workspace");
    let products: Vec<Product> = prices
        .iter()
        .enumerate()
        .map(|(i, p)| Product::new(format!("SKU-{i}"), format!("Item {i}"), Some(*p)))
        .collect();
    if ws.upsert_products(products).is_err() {
        return; // a price refused where it enters (R3) is not this target's business
    }
    ws.upsert_price_group("Trade", true).expect("a price group");
    let before = ws.price_book().expect("a price book");
    match ws.apply_price_macro("Trade", macro_text, None) {
        Ok(report) => assert!(report.changed + report.skipped.len() <= prices.len()),
        Err(e) => {
            assert_ne!(e.code(), "INTERNAL", "a macro failed as a defect: {e}");
            let after = ws.price_book().expect("a price book");
            assert_eq!(*before, *after, "a failed macro changed nothing");
        }
    }
}

/// The settings patch a binding passes for arbitrary JSON, applied to a workspace. A patch is
/// applied whole or not at all; what is stored is what a later read returns; the link URL still
/// parses to the workspace's code and carries no control characters (R4); the import limits never
/// exceed a spreadsheet's columns (R2).
pub fn settings_patch(data: &[u8]) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    let Ok(patch) = serde_json::from_value::<SettingsPatch>(value) else { return };
    let ws = Workspace::in_memory(NewWorkspace::named("Fuzz Wholesale")).expect("a workspace");
    let before = ws.settings().expect("settings");
    match ws.update_settings(patch) {
        Ok(after) => {
            assert_eq!(ws.settings().expect("settings"), after, "what is stored is what was returned");
            let url = after.link_url();
            if !known("r4") {
                assert!(!url.chars().any(char::is_control), "R4: control characters in the link URL {url:?}");
            }
            assert_eq!(LinkCode::parse(&url).ok().as_ref(), Some(&after.link_code), "the link URL parses: {url:?}");
            assert!(!after.name.trim().is_empty(), "an empty workspace name was stored");
            assert!(
                known("r2cols") || after.import_limits.max_columns <= orderlink::import::SHEET_MAX_COLUMNS,
                "R2: max_columns {} past a spreadsheet's 16,384",
                after.import_limits.max_columns
            );
        }
        Err(e) => {
            assert_ne!(e.code(), "INTERNAL", "a patch failed as a defect: {e}");
            assert_eq!(ws.settings().expect("settings"), before, "a refused patch changed nothing");
        }
    }
}
