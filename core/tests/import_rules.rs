//! Import and export rules (I1–I6, E1) through the public API. Every I3 issue code has a
//! fixture here; the shared vectors (tests/vectors/import.json) cover them again in each
//! language.

use orderlink::import::{validate_import, ImportField, ImportFormat, ImportOptions, IssueCode, RowAction};
use orderlink::store::CustomerWrite;
use orderlink::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

fn ws() -> Workspace {
    Workspace::in_memory(NewWorkspace::named("Acme Wholesale")).unwrap()
}

fn codes(report: &ImportReport) -> Vec<(Option<u32>, &'static str)> {
    report.issues.iter().map(|i| (i.row, i.code.as_str())).collect()
}

fn validate(text: &str) -> ImportReport {
    validate_import(text.as_bytes(), &ImportOptions::default()).unwrap()
}

/// A workbook written by a real spreadsheet writer: one row of cells per slice.
enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    Bool(bool),
    Date(u16, u8, u8),
    Formula(&'a str),
    Empty,
}

fn xlsx(sheets: &[(&str, &[&[Cell]])]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let sheet = wb.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Cell::Text(t) => sheet.write_string(r, c, *t).map(|_| ()),
                    Cell::Number(n) => sheet.write_number(r, c, *n).map(|_| ()),
                    Cell::Bool(b) => sheet.write_boolean(r, c, *b).map(|_| ()),
                    Cell::Date(y, m, d) => {
                        let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        sheet.write_datetime_with_format(r, c, &dt, &date).map(|_| ())
                    }
                    Cell::Formula(f) => {
                        sheet.write_formula(r, c, rust_xlsxwriter::Formula::new(*f).set_result("#N/A")).map(|_| ())
                    }
                    Cell::Empty => Ok(()),
                }
                .unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

/// The workbook with its formulas' calculated values taken out, as a writer that does not
/// calculate (openpyxl) leaves them.
fn without_cached_values(bytes: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().to_owned();
        let mut text = Vec::new();
        file.read_to_end(&mut text).unwrap();
        if name.starts_with("xl/worksheets/") {
            let mut xml = String::from_utf8(text).unwrap();
            while let Some(at) = xml.find("</f><v>") {
                let end = at + xml[at..].find("</v>").unwrap() + "</v>".len();
                xml.replace_range(at + "</f>".len()..end, "");
            }
            text = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&text).unwrap();
    }
    out.finish().unwrap().into_inner()
}

// --- I1: readers -------------------------------------------------------------------------------

#[test]
fn i1_xlsx_codes_stored_as_numbers_read_as_codes_and_dates_as_iso() {
    use Cell::*;
    let bytes = xlsx(&[(
        "Customers",
        &[
            &[Text("Customer Name"), Text("Customer Code"), Text("Contact Person"), Text("Active")],
            &[Text("Corner Deli"), Number(1001.0), Date(2024, 3, 9), Bool(true)],
            &[Text("Pier Seafood"), Number(12.5), Empty, Bool(false)],
        ],
    )]);
    assert_eq!(ImportFormat::detect(&bytes), ImportFormat::Xlsx);
    let ws = ws();
    let preview = ws.preview_import(&bytes, None, None).unwrap();
    assert_eq!(preview.report.valid_rows, 2, "{:?}", preview.report.issues);
    ws.confirm_import(&preview).unwrap();
    let all = ws.list_customers(&CustomerQuery { filter: StatusFilter::All, ..Default::default() }).unwrap();
    let deli = all.items.iter().find(|c| c.name == "Corner Deli").unwrap();
    assert_eq!(deli.code.as_deref(), Some("1001"));
    assert_eq!(deli.contact.as_deref(), Some("2024-03-09"));
    let pier = all.items.iter().find(|c| c.name == "Pier Seafood").unwrap();
    assert_eq!(pier.code.as_deref(), Some("12.5"));
    assert!(!pier.active);
}

#[test]
fn i1_xlsx_reads_the_named_sheet_and_reports_a_missing_one() {
    use Cell::*;
    let bytes = xlsx(&[
        ("Notes", &[&[Text("nothing here")]]),
        ("Customers", &[&[Text("Name")], &[Text("Corner Deli")], &[Text("")]]),
    ]);
    let named = ImportOptions { sheet: Some("Customers".into()), ..Default::default() };
    let report = validate_import(&bytes, &named).unwrap();
    assert_eq!((report.rows_read, report.valid_rows), (1, 1), "{:?}", report.issues);
    let first = validate_import(&bytes, &ImportOptions::default()).unwrap();
    assert!(first.refused, "the first sheet has no Name column");
    assert_eq!(codes(&first), vec![(None, "HEADER_UNKNOWN"), (None, "HEADER_MISSING")]);
    let missing = ImportOptions { sheet: Some("Clients".into()), ..Default::default() };
    let report = validate_import(&bytes, &missing).unwrap();
    assert_eq!(codes(&report), vec![(None, "FILE_UNREADABLE")]);
    assert!(report.issues[0].message.contains("Notes, Customers"), "{}", report.issues[0].message);
}

#[test]
fn i1_xlsx_row_numbers_are_the_sheets_own() {
    use Cell::*;
    // The table starts on row 3 of the sheet (two empty rows above it).
    let bytes = xlsx(&[("S", &[&[], &[], &[Text("Name"), Text("Email")], &[Text("Deli"), Text("bad")]])]);
    let report = validate_import(&bytes, &ImportOptions::default()).unwrap();
    assert_eq!(codes(&report), vec![(Some(4), "EMAIL_INVALID")]);
}

#[test]
fn i3_xlsx_repeated_codes_are_rejected_with_their_own_cells() {
    use Cell::*;
    // The table starts on row 2; the error file must get the repeat's cells, not a neighbour's.
    let bytes = xlsx(&[(
        "S",
        &[
            &[],
            &[Text("Name"), Text("Code")],
            &[Text("Deli"), Number(1001.0)],
            &[Text("Bakery"), Text("1002")],
            &[Text("Grocer"), Text("1001")],
            &[Text("Cafe"), Text("1003")],
        ],
    )]);
    let report = validate_import(&bytes, &ImportOptions::default()).unwrap();
    assert_eq!(codes(&report), vec![(Some(5), "CODE_DUPLICATE_IN_FILE")]);
    assert!(report.issues[0].message.contains("also on row 3"), "{}", report.issues[0].message);
    let rejected: Vec<_> = report.rejected.iter().map(|r| (r.row, r.cells.clone())).collect();
    assert_eq!(rejected, vec![(5, vec!["Grocer".to_owned(), "1001".to_owned()])]);
}

#[test]
fn i1_xlsx_columns_are_the_sheets_own_and_empty_rows_are_blank_rows() {
    use Cell::*;
    // The table starts at B2; row 4 of the sheet is empty between two customers.
    let bytes = xlsx(&[(
        "S",
        &[
            &[],
            &[Empty, Text("Name"), Text("Email")],
            &[Empty, Text("Deli"), Text("orders@deli.example")],
            &[],
            &[Empty, Text("Bakery"), Text("bad")],
        ],
    )]);
    let report = validate_import(&bytes, &ImportOptions::default()).unwrap();
    assert_eq!((report.rows_read, report.blank_rows, report.valid_rows, report.error_rows), (3, 1, 1, 1));
    assert_eq!(report.headers, vec!["", "Name", "Email"]);
    assert_eq!(codes(&report), vec![(Some(5), "EMAIL_INVALID")]);
    assert_eq!(report.issues[0].column.as_deref(), Some("Email"));
    // The error file puts the row's cells back in their own columns.
    assert_eq!(report.rejected[0].cells, vec!["", "Bakery", "bad"]);
}

#[test]
fn i1_xlsx_rows_out_of_order_are_file_unreadable() {
    use std::io::{Read, Write};
    use Cell::*;
    let bytes = xlsx(&[("S", &[&[Text("Name")], &[Text("Deli")], &[Text("Bakery")]])]);
    // Swap the sheet's second and third <row> elements: no spreadsheet writer lists rows so.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().to_owned();
        let mut text = Vec::new();
        file.read_to_end(&mut text).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(text).unwrap();
            let row = |r: u32| {
                let start = xml.find(&format!("<row r=\"{r}\"")).unwrap();
                let end = start + xml[start..].find("</row>").unwrap() + "</row>".len();
                start..end
            };
            let (two, three) = (row(2), row(3));
            let swapped =
                format!("{}{}{}{}", &xml[..two.start], &xml[three.clone()], &xml[two.clone()], &xml[three.end..]);
            text = swapped.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&text).unwrap();
    }
    let bytes = out.finish().unwrap().into_inner();
    let report = validate_import(&bytes, &ImportOptions::default()).unwrap();
    assert!(report.refused);
    assert_eq!(codes(&report), vec![(None, "FILE_UNREADABLE")]);
    assert!(report.issues[0].message.contains("lists row 2 after row 3"), "{}", report.issues[0].message);
}

#[test]
fn i3_xlsx_error_values_are_cell_invalid() {
    use Cell::*;
    let bytes = xlsx(&[("S", &[&[Text("Name"), Text("Email")], &[Text("Deli"), Formula("=NA()")]])]);
    let report = validate_import(&bytes, &ImportOptions::default()).unwrap();
    assert_eq!(codes(&report), vec![(Some(2), "CELL_INVALID")]);
    assert_eq!(report.issues[0].column.as_deref(), Some("Email"));
}

#[test]
fn i5_xlsx_past_the_row_limit_is_refused_before_rows_are_checked() {
    use Cell::*;
    let rows: Vec<Vec<Cell>> = std::iter::once(vec![Text("Name")]).chain((0..5).map(|_| vec![Text("x")])).collect();
    let rows: Vec<&[Cell]> = rows.iter().map(Vec::as_slice).collect();
    let bytes = xlsx(&[("S", &rows)]);
    let options = ImportOptions { limits: ImportLimits { max_rows: 4, ..Default::default() }, ..Default::default() };
    let report = validate_import(&bytes, &options).unwrap();
    assert!(report.refused);
    assert_eq!(codes(&report), vec![(None, "TOO_MANY_ROWS")]);
    assert_eq!(report.rows_read, 0);
}

// --- I3: one fixture per code ------------------------------------------------------------------

#[test]
fn i3_every_issue_code_has_a_fixture() {
    let long = "x".repeat(201);
    let fixtures: Vec<(IssueCode, ImportReport)> = vec![
        (IssueCode::NameRequired, validate("Name,Code\n,C1\n")),
        (IssueCode::NameTooLong, validate(&format!("Name\n{long}\n"))),
        (IssueCode::EmailInvalid, validate("Name,Email\nDeli,deli@\n")),
        (IssueCode::CodeDuplicateInFile, validate("Name,Code\nA,x1\nB,X1\n")),
        (
            IssueCode::NameDuplicate,
            validate_import(b"Name\nDeli\nDELI\n", &ImportOptions { unique_names: true, ..Default::default() })
                .unwrap(),
        ),
        (IssueCode::BooleanInvalid, validate("Name,Active\nDeli,sometimes\n")),
        (
            IssueCode::PriceGroupUnknown,
            validate_import(
                b"Name,Price Group\nDeli,Gold\n",
                &ImportOptions { price_groups: Some(vec!["Silver".into()]), ..Default::default() },
            )
            .unwrap(),
        ),
        (IssueCode::CellTooLong, validate(&format!("Name,Phone\nDeli,{}\n", "1".repeat(51)))),
        (IssueCode::CellInvalid, {
            use Cell::*;
            validate_import(&xlsx(&[("S", &[&[Text("Name")], &[Formula("=1/0")]])]), &ImportOptions::default()).unwrap()
        }),
        (IssueCode::OrderWebBlockedRequiresActive, validate("Name,Active,Order Web Blocked\nDeli,0,1\n")),
        (IssueCode::EncodingInvalid, validate_import(b"Name\nCaf\xe9\n", &ImportOptions::default()).unwrap()),
        (IssueCode::RowRagged, validate("Name\nDeli,surprise\n")),
        (
            IssueCode::TooManyRows,
            validate_import(
                b"Name\nA\nB\n",
                &ImportOptions { limits: ImportLimits { max_rows: 1, ..Default::default() }, ..Default::default() },
            )
            .unwrap(),
        ),
        (
            IssueCode::FileTooLarge,
            validate_import(
                b"Name\nA\n",
                &ImportOptions { limits: ImportLimits { max_bytes: 3, ..Default::default() }, ..Default::default() },
            )
            .unwrap(),
        ),
        (IssueCode::FileUnreadable, validate_import(b"PK\x03\x04garbage", &ImportOptions::default()).unwrap()),
        (IssueCode::HeaderMissing, validate("Email\nx@y.example\n")),
        (IssueCode::HeaderDuplicate, validate("Name,Business Name\nA,B\n")),
        (IssueCode::HeaderUnknown, validate("Name,Favourite Colour\nDeli,blue\n")),
        (
            IssueCode::TooManyColumns,
            validate_import(
                b"Name,A,B\nDeli,1,2\n",
                &ImportOptions { limits: ImportLimits { max_columns: 2, ..Default::default() }, ..Default::default() },
            )
            .unwrap(),
        ),
        // R4: a NUL in a cell (here the name) is refused at preview, never promised.
        (IssueCode::TextInvalid, validate("Name,Phone\nDe\0li,1\n")),
        (IssueCode::FormulaNotCalculated, {
            use Cell::*;
            let bytes = without_cached_values(&xlsx(&[("S", &[&[Text("Name")], &[Formula("=A1")]])]));
            validate_import(&bytes, &ImportOptions::default()).unwrap()
        }),
        (IssueCode::TooManyColumns, {
            let mut wb = Workbook::new();
            let sheet = wb.add_worksheet();
            sheet.write_string(0, 0, "Name").unwrap();
            sheet.write_string(0, 2000, "Far").unwrap();
            validate_import(&wb.save_to_buffer().unwrap(), &ImportOptions::default()).unwrap()
        }),
        (IssueCode::FileTooLargeInflated, {
            use Cell::*;
            validate_import(
                &xlsx(&[("S", &[&[Text("Name")], &[Text("Deli")]])]),
                &ImportOptions {
                    limits: ImportLimits { max_part_bytes: 64, ..Default::default() },
                    ..Default::default()
                },
            )
            .unwrap()
        }),
        // I8: a Record ID that is no record id; one no customer has; one and a code naming two
        // customers; two rows for one customer.
        (IssueCode::RecordUnknown, validate("Name,Record ID\nDeli,not-an-id\n")),
        (IssueCode::RecordCodeConflict, {
            let ws = ws();
            let a = ws.create_customer(NewCustomer { code: Some("A1".into()), ..NewCustomer::named("Alpha") }).unwrap();
            ws.create_customer(NewCustomer { code: Some("B1".into()), ..NewCustomer::named("Beta") }).unwrap();
            let csv = format!("Name,Code,Record ID\nAlpha,B1,{}\n", a.id);
            ws.preview_import(csv.as_bytes(), None, None).unwrap().report
        }),
        (IssueCode::RecordDuplicateInFile, {
            let ws = ws();
            let a = ws.create_customer(NewCustomer { code: Some("A1".into()), ..NewCustomer::named("Alpha") }).unwrap();
            let csv = format!("Name,Record ID\nAlpha,{}\nAlpha,{}\n", a.id, a.id);
            ws.preview_import(csv.as_bytes(), None, None).unwrap().report
        }),
    ];
    for code in IssueCode::ALL {
        let (_, report) = fixtures.iter().find(|(c, _)| c == code).unwrap_or_else(|| panic!("no fixture for {code}"));
        let issue =
            report.issues.iter().find(|i| i.code == *code).unwrap_or_else(|| panic!("{code}: {:?}", report.issues));
        assert_eq!(issue.severity, code.severity());
        assert!(!issue.message.is_empty());
    }
}

#[test]
fn i3_issues_carry_row_column_value_and_message() {
    let report = validate("Customer Name,E-mail Address\nCorner Deli,orders@deli\n");
    let issue = &report.issues[0];
    assert_eq!(issue.row, Some(2));
    assert_eq!(issue.column.as_deref(), Some("E-mail Address"));
    assert_eq!(issue.value.as_deref(), Some("orders@deli"));
    assert_eq!(issue.severity, Severity::Error);
    assert!(issue.message.contains("orders@deli"), "{}", issue.message);
}

#[test]
fn i3_summary_groups_repeats_so_a_person_can_read_them() {
    let mut text = String::from("Name,Email\n");
    for i in 0..220 {
        text.push_str(&format!("C{i},{}\n", if i % 7 == 0 || i == 1 { "bad" } else { "ok@x.example" }));
    }
    let report = validate(&text);
    let summary = report.summary();
    assert_eq!(summary.len(), 1);
    assert_eq!(summary[0].code, IssueCode::EmailInvalid);
    assert_eq!(summary[0].count, 33);
    assert_eq!(summary[0].text, "EMAIL_INVALID in rows 2, 3, 9 and 30 others");
    let one = validate("Name,Email\nA,bad\n").summary();
    assert_eq!(one[0].text, "EMAIL_INVALID in row 2");
    assert!(report.summary_text().starts_with("220 rows read: 187 valid, 33 with errors, 0 blank\n"));
}

#[test]
fn i3_error_file_has_the_users_rows_and_their_issues() {
    let report = validate("Name,Email,Notes\nDeli,bad,keep me\nPier,ok@pier.example,\n=cmd,,x\n,x@y.example,\n");
    let csv = String::from_utf8(report.error_file_csv().unwrap()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "Name,Email,Notes,Issues");
    assert!(lines[1].starts_with("Deli,bad,keep me,EMAIL_INVALID: "), "{}", lines[1]);
    assert!(lines[2].starts_with(",x@y.example,,NAME_REQUIRED: "), "{}", lines[2]);
    assert_eq!(lines.len(), 3, "valid rows are not in the error file: {csv}");

    // The error file is itself importable once fixed: same headers, the Issues column ignored
    // with a warning.
    let again = validate(&csv);
    assert!(!again.refused);
    assert!(again.issues.iter().any(|i| i.code == IssueCode::HeaderUnknown));

    let book = report.error_file_xlsx().unwrap();
    let read = validate_import(&book, &ImportOptions::default()).unwrap();
    assert_eq!(read.rows_read, 2);
    assert_eq!(codes(&read).iter().filter(|(r, _)| r.is_some()).count(), 2);
}

// --- I4: preview, confirm ----------------------------------------------------------------------

const FILE: &str = "Customer Name,Customer Code,Email Address,Price Group\n\
                    Corner Deli,C1,orders@deli.example,\n\
                    Pier Seafood,C2,bad-email,\n\
                    ,,,\n\
                    Harbour Cafe,C3,,Trade\n";

#[test]
fn i4_preview_classifies_rows_and_saves_nothing() {
    let ws = ws();
    ws.upsert_price_group("Trade", true).unwrap();
    let existing =
        ws.create_customer(NewCustomer { code: Some("c3".into()), ..NewCustomer::named("Harbour") }).unwrap();
    let preview = ws.preview_import(FILE.as_bytes(), None, None).unwrap();
    let actions: Vec<(u32, &str)> = preview.rows.iter().map(|r| (r.row, r.action.as_str())).collect();
    assert_eq!(actions, vec![(2, "create"), (3, "error"), (5, "update")]);
    assert_eq!(
        preview.rows[2].action,
        RowAction::Update {
            customer_id: existing.id,
            changes: vec![CustomerField::Name, CustomerField::Code, CustomerField::PriceGroup]
        }
    );
    assert_eq!((preview.creates(), preview.updates(), preview.errors()), (1, 1, 1));
    assert_eq!(preview.report.blank_rows, 1);
    assert_eq!(ws.list_customers(&CustomerQuery::default()).unwrap().total, 1, "preview saved nothing");
}

#[test]
fn i4_confirm_writes_exactly_the_valid_rows_and_counts_add_up() {
    let ws = ws();
    ws.upsert_price_group("Trade", true).unwrap();
    let existing =
        ws.create_customer(NewCustomer { code: Some("C3".into()), ..NewCustomer::named("Harbour") }).unwrap();
    let preview = ws.preview_import(FILE.as_bytes(), None, None).unwrap();
    let result = ws.confirm_import(&preview).unwrap();
    assert_eq!(result.created.len(), 1);
    assert_eq!(result.updated, vec![existing.id]);
    assert_eq!(result.error_rows, vec![3]);
    assert_eq!(result.blank_rows, 1);
    assert_eq!(
        result.created.len()
            + result.updated.len()
            + result.unchanged.len()
            + result.error_rows.len()
            + result.blank_rows,
        result.rows_read
    );
    let harbour = ws.get_customer(existing.id).unwrap();
    assert_eq!((harbour.name.as_str(), harbour.price_group.as_deref()), ("Harbour Cafe", Some("Trade")));
    let deli = ws.get_customer(result.created[0]).unwrap();
    assert_eq!(deli.email.as_ref().map(Email::as_str), Some("orders@deli.example"));
    assert!(deli.active, "Active defaults to yes when the file has no Active column");
}

#[test]
fn i4_confirm_refuses_as_stale_when_a_code_was_taken_since_the_preview() {
    let ws = ws();
    let preview = ws.preview_import(b"Name,Code\nCorner Deli,C1\nPier,C2\n", None, None).unwrap();
    ws.create_customer(NewCustomer { code: Some("c2".into()), ..NewCustomer::named("Someone Else") }).unwrap();
    let err = ws.confirm_import(&preview).unwrap_err();
    assert_eq!(err.code(), "IMPORT_STALE");
    assert!(err.to_string().contains("row 3"), "{err}");
    assert_eq!(ws.list_customers(&CustomerQuery::default()).unwrap().total, 1, "nothing written");
}

#[test]
fn i4_confirm_refuses_as_stale_when_a_price_group_was_removed() {
    let ws = ws();
    ws.upsert_price_group("Trade", true).unwrap();
    let preview = ws.preview_import(b"Name,Price Group\nCorner Deli,Trade\n", None, None).unwrap();
    assert_eq!(preview.creates(), 1);
    ws.remove_price_group("Trade").unwrap();
    let err = ws.confirm_import(&preview).unwrap_err();
    assert_eq!(err.code(), "IMPORT_STALE");
    assert!(err.to_string().contains("PRICE_GROUP_UNKNOWN"), "{err}");
}

#[test]
fn i4_unrelated_changes_do_not_make_a_preview_stale() {
    let ws = ws();
    let preview = ws.preview_import(b"Name,Code\nCorner Deli,C1\n", None, None).unwrap();
    ws.create_customer(NewCustomer::named("Unrelated")).unwrap();
    assert_eq!(ws.confirm_import(&preview).unwrap().created.len(), 1);
}

#[test]
fn i4_preview_checks_names_against_the_workspace_under_the_policy() {
    let ws = Workspace::in_memory(NewWorkspace { unique_names: true, ..NewWorkspace::named("Acme") }).unwrap();
    ws.create_customer(NewCustomer::named("Corner Deli")).unwrap();
    let preview = ws.preview_import(b"Name\ncorner  DELI\nPier\n", None, None).unwrap();
    let codes: Vec<_> = preview.report.issues.iter().map(|i| (i.row, i.code)).collect();
    assert_eq!(codes, vec![(Some(2), IssueCode::NameDuplicate)]);
    assert_eq!((preview.report.valid_rows, preview.report.error_rows), (1, 1));
    assert_eq!(preview.report.rejected.len(), 1);
}

/// A store that fails the batch write part-way: it applies the first write itself, then fails.
/// The memory store's atomic batch must leave nothing behind either way.
struct FailMidway {
    inner: Arc<dyn Store>,
    armed: AtomicBool,
}

macro_rules! delegate {
    ($($name:ident(&self $(, $arg:ident: $ty:ty)*) -> $ret:ty;)*) => {
        $(fn $name(&self $(, $arg: $ty)*) -> $ret { self.inner.$name($($arg),*) })*
    };
}

impl Store for FailMidway {
    fn write_customers(&self, writes: &[CustomerWrite], u: &Uniqueness) -> Result<()> {
        if self.armed.load(Ordering::SeqCst) && writes.len() > 1 {
            // Half the batch with a conflict planted at the end: the batch must fail whole.
            let mut poisoned = writes.to_vec();
            if let (Some(CustomerWrite::Insert(first)), Some(CustomerWrite::Insert(last))) =
                (writes.first().cloned(), poisoned.last_mut())
            {
                last.code = first.code.clone();
            }
            let result = self.inner.write_customers(&poisoned, u);
            assert!(result.is_err(), "the planted conflict must fail the batch");
            return Err(Error::store("disk full"));
        }
        self.inner.write_customers(writes, u)
    }
    delegate! {
        settings(&self) -> Result<Option<WorkspaceSettings>>;
        save_settings(&self, s: &WorkspaceSettings) -> Result<()>;
        insert_customer(&self, c: &Customer, u: &Uniqueness) -> Result<()>;
        replace_customer(&self, c: &Customer, v: u64, u: &Uniqueness) -> Result<()>;
        delete_customer(&self, id: CustomerId) -> Result<()>;
        customer(&self, id: CustomerId) -> Result<Option<Customer>>;
        customer_by_link_code(&self, code: &LinkCode) -> Result<Option<Customer>>;
        customers_by_external_id(&self, ids: &[String]) -> Result<Vec<Customer>>;
        all_customers(&self) -> Result<Vec<Customer>>;
        rotate_link(&self, c: &Customer, v: u64, r: &LinkRotation, u: &Uniqueness) -> Result<()>;
        link_rotations(&self, id: CustomerId) -> Result<Vec<LinkRotation>>;
        insert_challenge(&self, c: &verification::Challenge, l: &verification::RateLimit) -> Result<()>;
        take_challenge(&self, id: ChallengeId) -> Result<Option<verification::Challenge>>;
        insert_session(&self, s: &verification::SessionRecord) -> Result<()>;
        session(&self, h: &[u8; 32]) -> Result<Option<verification::SessionRecord>>;
        verification_lock(&self, c: CustomerId) -> Result<VerificationLock>;
        record_verification_failure(&self, c: CustomerId, at: chrono::DateTime<chrono::Utc>, r: &verification::Lockout) -> Result<VerificationLock>;
        record_verification_pass(&self, c: CustomerId, at: chrono::DateTime<chrono::Utc>) -> Result<(VerificationLock, bool)>;
        lift_verification_lock(&self, c: CustomerId, at: chrono::DateTime<chrono::Utc>, by: Option<&str>) -> Result<Option<VerificationLockEvent>>;
        verification_lock_events(&self, c: CustomerId) -> Result<Vec<VerificationLockEvent>>;
        attach_order(&self, o: &OrderRef) -> Result<()>;
        intake(&self, o: &OrderRef, k: &MatchKey, p: &PendingBuyer) -> Result<IntakeOutcome>;
        review(&self, a: &pending::ReviewAction, at: chrono::DateTime<chrono::Utc>, actor: Option<&str>) -> Result<AuditEntry>;
        pending(&self, id: PendingId) -> Result<Option<PendingBuyer>>;
        pending_buyers(&self, open_only: bool) -> Result<Vec<PendingBuyer>>;
        mappings(&self) -> Result<Vec<Mapping>>;
        audit_trail(&self) -> Result<Vec<AuditEntry>>;
        order(&self, id: OrderId) -> Result<Option<OrderRef>>;
        orders_of(&self, owner: OrderOwner) -> Result<Vec<OrderRef>>;
        set_order_status(&self, id: OrderId, s: OrderStatus) -> Result<OrderRef>;
        price_book(&self) -> Result<Arc<pricing::PriceBook>>;
        save_price_book(&self, b: &pricing::PriceBook, v: u64) -> Result<()>;
        record_deliveries(&self, d: &[Delivery]) -> Result<()>;
        deliveries_of(&self, id: CustomerId) -> Result<Vec<Delivery>>;
        record_activity(&self, e: &ActivityEvent) -> Result<()>;
        activity_between(&self, start: chrono::DateTime<chrono::Utc>, end: chrono::DateTime<chrono::Utc>) -> Result<Vec<ActivityEvent>>;
        save_note(&self, n: &Note) -> Result<()>;
        note(&self, id: NoteId) -> Result<Option<Note>>;
        notes_of(&self, id: CustomerId) -> Result<Vec<Note>>;
    }
}

#[test]
fn i4_confirm_is_all_or_nothing_when_the_store_fails_midway() {
    let env = Env::new(Arc::new(SystemClock), Arc::new(SeededRandom::new(7)));
    let made = Workspace::create(Arc::new(MemoryStore::new()), env.clone(), NewWorkspace::named("Acme")).unwrap();
    let store = Arc::new(FailMidway { inner: made.store().clone(), armed: AtomicBool::new(false) });
    let ws = Workspace::over(store.clone(), env).unwrap();
    let mut text = String::from("Name,Code\n");
    for i in 0..500 {
        text.push_str(&format!("Customer {i},K{i}\n"));
    }
    let preview = ws.preview_import(text.as_bytes(), None, None).unwrap();
    assert_eq!(preview.creates(), 500);
    store.armed.store(true, Ordering::SeqCst);
    assert_eq!(ws.confirm_import(&preview).unwrap_err().code(), "STORE_FAILURE");
    let all = CustomerQuery { filter: StatusFilter::All, ..Default::default() };
    assert_eq!(ws.list_customers(&all).unwrap().total, 0, "no customer written");
    store.armed.store(false, Ordering::SeqCst);
    assert_eq!(ws.confirm_import(&preview).unwrap().created.len(), 500);
}

#[test]
fn i4_a_refused_file_cannot_be_confirmed() {
    let ws = ws();
    let preview = ws.preview_import(b"Email\nx@y.example\n", None, None).unwrap();
    assert!(preview.report.refused);
    assert_eq!(ws.confirm_import(&preview).unwrap_err().code(), "IMPORT_REFUSED");
}

#[test]
fn i4_the_workspace_limits_apply_to_previews() {
    let ws = ws();
    ws.update_settings(SettingsPatch {
        import_limits: Some(ImportLimits { max_rows: 1, ..Default::default() }),
        ..Default::default()
    })
    .unwrap();
    let preview = ws.preview_import(b"Name\nA\nB\n", None, None).unwrap();
    assert_eq!(preview.report.issues[0].code, IssueCode::TooManyRows);
    let zero =
        SettingsPatch { import_limits: Some(ImportLimits { max_rows: 0, ..Default::default() }), ..Default::default() };
    assert_eq!(ws.update_settings(zero).unwrap_err().code(), "INVALID_ARGUMENT");
}

// --- I6 ---------------------------------------------------------------------------------------

#[test]
fn i6_import_is_refused_while_contacts_sync_is_the_source_of_truth() {
    let ws = ws();
    let preview = ws.preview_import(b"Name\nCorner Deli\n", None, None).unwrap();
    ws.update_settings(SettingsPatch {
        contacts_sync: Some(ContactsSyncPatch { enabled: Some(true), connected: Some(true), ..Default::default() }),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(ws.preview_import(b"Name\nCorner Deli\n", None, None).unwrap_err().code(), "SOURCE_OF_TRUTH_EXTERNAL");
    assert_eq!(ws.confirm_import(&preview).unwrap_err().code(), "SOURCE_OF_TRUTH_EXTERNAL");
}

// --- E1 ---------------------------------------------------------------------------------------

#[test]
fn e1_export_reimports_as_updates_with_no_changes() {
    let ws = ws();
    ws.upsert_price_group("Trade", true).unwrap();
    for (name, code, phone) in
        [("=Deli", "C1", "+61 2 9999 0000"), ("Pier, \"Seafood\"", "C2", "-"), ("@home", "C3", "")]
    {
        ws.create_customer(NewCustomer {
            code: Some(code.into()),
            phone: Some(phone.into()),
            email: Some(format!("{code}@x.example")),
            price_group: Some("Trade".into()),
            ..NewCustomer::named(name)
        })
        .unwrap();
    }
    let inactive = ws
        .create_customer(NewCustomer { code: Some("C4".into()), active: false, ..NewCustomer::named("Old") })
        .unwrap();
    let all = CustomerQuery { filter: StatusFilter::All, ..Default::default() };
    let csv = ws.export_customers(&all).unwrap();
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(text.contains("'=Deli"), "{text}");
    assert!(text.contains("'+61 2 9999 0000"), "{text}");
    let preview = ws.preview_import(&csv, None, None).unwrap();
    assert!(preview.report.issues.is_empty(), "{:?}", preview.report.issues);
    assert_eq!(preview.rows.len(), 4);
    assert_eq!(preview.unchanged(), 4, "{:?}", preview.rows);
    let result = ws.confirm_import(&preview).unwrap();
    assert_eq!(result.unchanged.len(), 4);
    assert_eq!(ws.get_customer(inactive.id).unwrap().version, inactive.version, "nothing written");
}

#[test]
fn e1_export_is_the_current_view() {
    let ws = ws();
    ws.create_customer(NewCustomer::named("Corner Deli")).unwrap();
    ws.create_customer(NewCustomer::named("Pier Seafood")).unwrap();
    ws.create_customer(NewCustomer { active: false, ..NewCustomer::named("Closed Deli") }).unwrap();
    let view = CustomerQuery { search: Some("deli".into()), limit: 1, ..Default::default() };
    let text = String::from_utf8(ws.export_customers(&view).unwrap()).unwrap();
    assert_eq!(text.lines().count(), 2, "active filter and search apply, paging does not: {text}");
    assert!(text.contains("Corner Deli"));
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    assert_eq!(header, ImportField::ALL.iter().map(|f| f.header()).collect::<Vec<_>>());
}
