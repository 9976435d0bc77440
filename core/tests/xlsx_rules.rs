//! R1, R2, I3b, I1: the XLSX reader against workbooks written part by part (what a hostile or
//! careless writer can produce), and the XLSX error file against what a sheet can hold.

use orderlink::import::{
    validate_import, validate_import_with_progress, ImportFormat, ImportOptions, ImportProgress, IssueCode,
};
use orderlink::*;
use std::io::{Read, Write};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Customers" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// A workbook of one sheet, "Customers", from its parts' XML: the sheet's `<sheetData>` body,
/// and the shared strings and styles when given.
fn book_with(sheet_data: &str, shared: Option<&str>, styles: Option<&str>) -> Vec<u8> {
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    let mut parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", ROOT_RELS.to_owned()),
        ("xl/workbook.xml", WORKBOOK.to_owned()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.to_owned()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    if let Some(s) = shared {
        parts.push(("xl/sharedStrings.xml", s.to_owned()));
    }
    if let Some(s) = styles {
        parts.push(("xl/styles.xml", s.to_owned()));
    }
    zip_parts(&parts.iter().map(|(n, t)| (*n, t.as_bytes())).collect::<Vec<_>>())
}

fn book(sheet_data: &str) -> Vec<u8> {
    book_with(sheet_data, None, None)
}

fn zip_parts(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflate = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        out.start_file(*name, deflate).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn sst(strings: &[&str]) -> String {
    let items: String = strings.iter().map(|s| format!("<si><t>{s}</t></si>")).collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">{items}</sst>"#,
        n = strings.len()
    )
}

fn inline(r: &str, text: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

fn codes(report: &ImportReport) -> Vec<(Option<u32>, &'static str)> {
    report.issues.iter().map(|i| (i.row, i.code.as_str())).collect()
}

fn with_limits(limits: ImportLimits) -> ImportOptions {
    ImportOptions { limits, ..Default::default() }
}

fn refused_with(report: &ImportReport, code: IssueCode) -> String {
    assert!(report.refused, "{:?}", report.issues);
    assert_eq!(report.issues.len(), 1, "{:?}", report.issues);
    assert_eq!(report.issues[0].code, code, "{:?}", report.issues);
    assert_eq!(report.rows_read, 0);
    report.issues[0].message.clone()
}

// --- R2: columns ----------------------------------------------------------------------------------

#[test]
fn r2_a_2kb_file_with_a_cell_far_past_the_last_column_is_refused_without_allocating_to_it() {
    // Under calamine this file aborted the process: the row was sized to the cell's column.
    for far in ["XFD1", "AAAA1", "ZZZZZZZZZZ1", "XFE1"] {
        let bytes = book(&format!(r#"<row r="1">{}{}</row>"#, inline("A1", "Name"), inline(far, "boom")));
        assert!(bytes.len() < 2048, "{} bytes", bytes.len());
        let report = validate_import(&bytes, &ImportOptions::default()).unwrap();
        let message = refused_with(&report, IssueCode::TooManyColumns);
        assert!(message.contains(far.trim_end_matches('1')) || message.contains("XFD"), "{message}");
    }
}

#[test]
fn r2_a_value_or_header_past_max_columns_is_too_many_columns() {
    let limits = ImportLimits { max_columns: 3, ..Default::default() };
    let header = book(&format!(r#"<row r="1">{}{}</row>"#, inline("A1", "Name"), inline("D1", "Extra")));
    let report = validate_import(&header, &with_limits(limits)).unwrap();
    let message = refused_with(&report, IssueCode::TooManyColumns);
    assert!(message.contains("D1") && message.contains("3 columns"), "{message}");
    let row = book(&format!(
        r#"<row r="1">{}</row><row r="2">{}{}</row>"#,
        inline("A1", "Name"),
        inline("A2", "Deli"),
        inline("E2", "far")
    ));
    refused_with(&validate_import(&row, &with_limits(limits)).unwrap(), IssueCode::TooManyColumns);
    // Three columns are allowed; an empty cell far to the right holds nothing and costs nothing.
    let fits = book(&format!(
        r#"<row r="1">{}{}</row><row r="2">{}<c r="XFD2" s="1"/></row>"#,
        inline("A1", "Name"),
        inline("C1", "Email"),
        inline("A2", "Deli")
    ));
    let report = validate_import(&fits, &with_limits(limits)).unwrap();
    assert_eq!((report.refused, report.valid_rows), (false, 1), "{:?}", report.issues);
    // No limit goes past a spreadsheet's own 16,384 columns.
    let limits = ImportLimits { max_columns: 1 << 30, ..Default::default() };
    let past = book(&format!(r#"<row r="1">{}{}</row>"#, inline("A1", "Name"), inline("XFE1", "x")));
    refused_with(&validate_import(&past, &with_limits(limits)).unwrap(), IssueCode::TooManyColumns);
}

// --- R2: shared strings ---------------------------------------------------------------------------

#[test]
fn r2_an_absurd_shared_strings_count_is_never_reserved() {
    let shared = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="18446744073709551615" uniqueCount="4294967295"><si><t>Name</t></si><si><r><t>Corner</t></r><r><rPr><b/></rPr><t xml:space="preserve"> Deli</t></r><rPh><t>phonetic</t></rPh></si></sst>"#;
    let bytes = book_with(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>"#,
        Some(shared),
        None,
    );
    assert!(bytes.len() < 2048);
    let report = validate_import(&bytes, &ImportOptions::default()).unwrap();
    assert_eq!((report.refused, report.valid_rows), (false, 1), "{:?}", report.issues);
    // Rich-text runs are joined; phonetic runs are not the cell's text.
    let ws = Workspace::in_memory(NewWorkspace::named("Acme")).unwrap();
    let preview = ws.preview_import(&bytes, None, None).unwrap();
    ws.confirm_import(&preview).unwrap();
    let all = ws.list_customers(&CustomerQuery { filter: StatusFilter::All, ..Default::default() }).unwrap();
    assert_eq!(all.items[0].name, "Corner Deli");
}

#[test]
fn r2_shared_strings_past_their_count_or_bytes_are_refused() {
    let sheet = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>"#;
    let bytes = book_with(sheet, Some(&sst(&["Name", "Deli", "Bakery"])), None);
    let limits = ImportLimits { max_shared_strings: 2, ..Default::default() };
    let message =
        refused_with(&validate_import(&bytes, &with_limits(limits)).unwrap(), IssueCode::FileTooLargeInflated);
    assert!(message.contains("shared strings"), "{message}");
    let limits = ImportLimits { max_shared_strings: 3, ..Default::default() };
    assert!(!validate_import(&bytes, &with_limits(limits)).unwrap().refused);
    let limits = ImportLimits { max_shared_string_bytes: 10, ..Default::default() };
    let message =
        refused_with(&validate_import(&bytes, &with_limits(limits)).unwrap(), IssueCode::FileTooLargeInflated);
    assert!(message.contains("bytes of text"), "{message}");
    let limits = ImportLimits { max_shared_string_bytes: 14, ..Default::default() };
    assert!(!validate_import(&bytes, &with_limits(limits)).unwrap().refused);
}

#[test]
fn r2_a_shared_strings_bomb_is_refused_small_on_disk() {
    // 8 MiB of shared strings in a file of a few KB.
    let one = "<si><t>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</t></si>";
    let shared = format!("<sst>{}</sst>", one.repeat(8 * 1024 * 1024 / one.len()));
    let bytes = book_with(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, Some(&shared), None);
    assert!(bytes.len() < 64 * 1024, "{} bytes", bytes.len());
    let limits = ImportLimits { max_part_bytes: 1024 * 1024, ..Default::default() };
    let message =
        refused_with(&validate_import(&bytes, &with_limits(limits)).unwrap(), IssueCode::FileTooLargeInflated);
    assert!(message.contains("xl/sharedStrings.xml") && message.contains("1048576"), "{message}");
    let limits = ImportLimits { max_shared_strings: 1000, ..Default::default() };
    refused_with(&validate_import(&bytes, &with_limits(limits)).unwrap(), IssueCode::FileTooLargeInflated);
}

// --- R2: inflated bytes ---------------------------------------------------------------------------

/// A sheet of `rows` rows of repeated cells (rows and cells need not say where they are):
/// megabytes once inflated, kilobytes on disk.
fn repeated_rows(rows: usize) -> String {
    let row = r#"<row><c t="inlineStr"><is><t>Corner Deli</t></is></c></row>"#;
    format!(r#"<row r="1">{}</row>{}"#, inline("A1", "Name"), row.repeat(rows))
}

#[test]
fn r2_a_sheet_past_max_part_bytes_is_refused_small_on_disk() {
    let bytes = book(&repeated_rows(100_000));
    assert!(bytes.len() < 64 * 1024, "{} bytes", bytes.len());
    let limits = ImportLimits { max_part_bytes: 1024 * 1024, max_rows: 1_000_000, ..Default::default() };
    let message =
        refused_with(&validate_import(&bytes, &with_limits(limits)).unwrap(), IssueCode::FileTooLargeInflated);
    assert!(message.contains("Customers") && message.contains("1048576"), "{message}");
    // All parts together: the sheet alone fits its own limit, not what is left of the total.
    let limits = ImportLimits {
        max_part_bytes: 64 << 20,
        max_inflated_bytes: 2 << 20,
        max_rows: 1_000_000,
        ..Default::default()
    };
    let message =
        refused_with(&validate_import(&bytes, &with_limits(limits)).unwrap(), IssueCode::FileTooLargeInflated);
    assert!(message.contains("in all"), "{message}");
    let limits = ImportLimits { max_rows: 1_000_000, ..Default::default() };
    let report = validate_import(&bytes, &with_limits(limits)).unwrap();
    assert_eq!((report.refused, report.valid_rows), (false, 100_000));
}

#[test]
fn r2_one_huge_cell_is_refused_before_it_is_gathered() {
    // 4 MiB of text in one cell: no spreadsheet cell holds that; the reader never gathers it.
    let huge = "y".repeat(4 * 1024 * 1024);
    let bytes = book(&format!(r#"<row r="1">{}</row><row r="2">{}</row>"#, inline("A1", "Name"), inline("A2", &huge)));
    assert!(bytes.len() < 64 * 1024, "{} bytes", bytes.len());
    let message =
        refused_with(&validate_import(&bytes, &ImportOptions::default()).unwrap(), IssueCode::FileTooLargeInflated);
    assert!(message.contains("in one piece"), "{message}");
    // The same cut into runs of rich text, each under the limit.
    let run = format!("<r><t>{}</t></r>", "y".repeat(64 * 1024));
    let bytes = book(&format!(
        r#"<row r="1">{}</row><row r="2"><c r="A2" t="inlineStr"><is>{}</is></c></row>"#,
        inline("A1", "Name"),
        run.repeat(32)
    ));
    let message =
        refused_with(&validate_import(&bytes, &ImportOptions::default()).unwrap(), IssueCode::FileTooLargeInflated);
    assert!(message.contains("a cell of over"), "{message}");
    // The same in the shared strings.
    let shared = format!("<sst><si><t>{huge}</t></si></sst>");
    let bytes = book_with(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, Some(&shared), None);
    refused_with(&validate_import(&bytes, &ImportOptions::default()).unwrap(), IssueCode::FileTooLargeInflated);
}

// --- R2: progress -------------------------------------------------------------------------------

#[test]
fn r2_progress_is_reported_in_bytes_and_inside_a_giant_row() {
    // One row of 1,000 cells of 3 KB: 3 MB and no row ends until the last byte.
    let mut data = format!(r#"<row r="1">{}</row><row r="2">"#, inline("A1", "Name"));
    let text = "z".repeat(3000);
    for c in 0..1000 {
        data.push_str(&inline(&format!("{}2", column(c)), &text));
    }
    data.push_str("</row>");
    let bytes = book(&data);
    let mut seen: Vec<ImportProgress> = Vec::new();
    let report = validate_import_with_progress(&bytes, &ImportOptions::default(), &mut |p| {
        seen.push(p);
        true
    })
    .unwrap();
    assert_eq!(report.rows_read, 1);
    let inside: Vec<&ImportProgress> = seen.iter().filter(|p| p.rows_read == 0).collect();
    assert!(inside.len() >= 2, "{seen:?}");
    assert!(inside.windows(2).all(|w| w[1].done >= w[0].done + 1024 * 1024), "{seen:?}");
    let last = seen.last().unwrap();
    assert_eq!(last.done, last.total);
    assert!(last.total > 3_000_000, "bytes, not rows: {last:?}");

    // Stopping at the first report stops the read inside the row.
    let mut calls = 0;
    let stopped = validate_import_with_progress(&bytes, &ImportOptions::default(), &mut |_| {
        calls += 1;
        false
    });
    assert_eq!(stopped.unwrap_err().code(), "IMPORT_CANCELLED");
    assert_eq!(calls, 1);
}

fn column(c: usize) -> String {
    let mut n = c + 1;
    let mut s = Vec::new();
    while n > 0 {
        s.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

// --- R1: broken files ---------------------------------------------------------------------------

#[test]
fn r1_broken_zip_or_xml_is_file_unreadable_never_a_panic() {
    let good = book(&format!(r#"<row r="1">{}</row><row r="2">{}</row>"#, inline("A1", "Name"), inline("A2", "Deli")));
    assert_eq!(validate_import(&good, &ImportOptions::default()).unwrap().valid_rows, 1);
    let broken: Vec<(&str, Vec<u8>)> = vec![
        ("truncated zip", good[..good.len() / 2].to_vec()),
        ("not a zip", b"PK\x03\x04 and then nothing".to_vec()),
        ("mismatched tags", book(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></row></c>"#)),
        ("sheet cut short", book(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Name"#)),
        ("bad cell name", book(r#"<row r="1"><c r="1A" t="inlineStr"><is><t>Name</t></is></c></row>"#)),
        ("row zero", book(r#"<row r="0"><c t="inlineStr"><is><t>Name</t></is></c></row>"#)),
        ("unknown entity", book(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>&bogus;</t></is></c></row>"#)),
        (
            "dangling shared string",
            book_with(r#"<row r="1"><c r="A1" t="s"><v>7</v></c></row>"#, Some(&sst(&["Name"])), None),
        ),
        ("no workbook", zip_parts(&[("hello.txt", b"hi")])),
        ("cells out of order", book(&format!(r#"<row r="1">{}{}</row>"#, inline("C1", "Email"), inline("A1", "Name")))),
    ];
    for (what, bytes) in &broken {
        let options = ImportOptions { format: Some(ImportFormat::Xlsx), ..Default::default() };
        let report = validate_import(bytes, &options).unwrap();
        assert_eq!(codes(&report), vec![(None, "FILE_UNREADABLE")], "{what}");
    }
}

#[test]
fn r1_mangled_workbooks_never_panic() {
    // Stored (not deflated) parts, so a flipped byte lands in the XML itself.
    let sheet = format!(
        r#"<?xml version="1.0"?><worksheet><sheetData><row r="1">{}{}<c r="C1" t="s"><v>0</v></c></row><row r="2">{}<c r="B2" t="b"><v>1</v></c><c r="C2" s="1"><v>45000.5</v></c><c r="D2"><f>A1</f></c></row></sheetData></worksheet>"#,
        inline("A1", "Name"),
        inline("B1", "Active"),
        inline("A2", "Deli &amp; Co")
    );
    let styles = r#"<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>"#;
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in [
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", &sheet),
        ("xl/sharedStrings.xml", &sst(&["Email"])),
        ("xl/styles.xml", styles),
    ] {
        out.start_file(name, stored).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    let good = out.finish().unwrap().into_inner();
    let report = validate_import(&good, &ImportOptions::default()).unwrap();
    assert_eq!(report.headers, vec!["Name", "Active", "Email"], "{:?}", report.issues);
    // A fixed pseudo-random walk: flip, drop or repeat bytes anywhere in the file.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let options = ImportOptions { format: Some(ImportFormat::Xlsx), ..Default::default() };
    // ORDERLINK_MANGLE_ROUNDS runs longer (by hand, in release: 1,000,000 rounds found nothing).
    let rounds: usize = std::env::var("ORDERLINK_MANGLE_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(3000);
    for _ in 0..rounds {
        let mut bytes = good.clone();
        for _ in 0..1 + next() % 4 {
            let at = (next() % bytes.len() as u64) as usize;
            match next() % 3 {
                0 => bytes[at] = next() as u8,
                1 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, bytes[at]),
            }
        }
        let report = validate_import(&bytes, &options).unwrap();
        if report.refused {
            assert!(!report.issues.is_empty());
        }
    }
}

// --- I3b: formulas with no calculated value -------------------------------------------------------

#[test]
fn i3b_a_formula_with_no_cached_value_is_formula_not_calculated() {
    // What openpyxl writes: the formula and no <v>; or an empty <v>.
    let bytes = book(&format!(
        r#"<row r="1">{}{}</row><row r="2">{}<c r="B2"><v>42</v></c></row><row r="3">{}<c r="B3"><f>SUM(B1:B2)</f></c></row><row r="4"><c r="B4" t="str"><f>"a"&amp;"b"</f><v></v></c></row>"#,
        inline("A1", "Name"),
        inline("B1", "Code"),
        inline("A2", "Deli"),
        inline("A3", "Bakery"),
    ));
    let report = validate_import(&bytes, &ImportOptions::default()).unwrap();
    assert_eq!(
        codes(&report),
        vec![(Some(3), "FORMULA_NOT_CALCULATED"), (Some(4), "NAME_REQUIRED"), (Some(4), "FORMULA_NOT_CALCULATED")]
    );
    let issue = &report.issues[0];
    assert!(issue.message.contains("B3"), "{}", issue.message);
    assert_eq!(issue.column.as_deref(), Some("Code"));
    assert_eq!(issue.value.as_deref(), Some("=SUM(B1:B2)"));
    assert!(report.issues[2].message.contains("B4"), "{}", report.issues[2].message);
    // Never read as blank: the row with only an uncalculated formula is an error row.
    assert_eq!((report.rows_read, report.blank_rows, report.valid_rows, report.error_rows), (3, 0, 1, 2));
    assert_eq!(report.rejected[0].cells, vec!["Bakery", "=SUM(B1:B2)"]);
}

#[test]
fn i3b_a_calculated_formula_reads_as_its_value() {
    let bytes = book(&format!(
        r#"<row r="1">{}{}</row><row r="2">{}<c r="B2" t="str"><f>"C"&amp;"7"</f><v>C7</v></c></row>"#,
        inline("A1", "Name"),
        inline("B1", "Code"),
        inline("A2", "Deli")
    ));
    let report = validate_import(&bytes, &ImportOptions::default()).unwrap();
    assert_eq!((report.valid_rows, report.issues.len()), (1, 0), "{:?}", report.issues);
}

// --- I3: repeats are read again from the sheet ------------------------------------------------------

#[test]
fn i3_xlsx_repeated_codes_are_read_again_from_where_their_rows_start() {
    // Over a megabyte of sheet; rows 3000 and 5002 repeat the codes of rows 2 and 11. Some rows
    // say their number, some leave it to their cells, some say nothing.
    let mut data =
        format!(r#"<row r="1">{}{}{}</row>"#, inline("A1", "Name"), inline("B1", "Code"), inline("C1", "Contact"));
    for r in 2..=6000u32 {
        let code = match r {
            3000 => "C2".to_owned(),
            5002 => "c11".to_owned(),
            _ => format!("C{r}"),
        };
        let notes = "n".repeat(150);
        let cells = format!(
            "{}{}{}",
            inline(&format!("A{r}"), &format!("Shop {r}")),
            inline(&format!("B{r}"), &code),
            inline(&format!("C{r}"), &notes)
        );
        data.push_str(&match r % 3 {
            0 => format!(r#"<row r="{r}">{cells}</row>"#),
            1 => format!("<row>{cells}</row>"),
            _ => format!(r#"<row spans="1:3">{cells}</row>"#),
        });
    }
    let bytes = book(&data);
    let report = validate_import(&bytes, &ImportOptions::default()).unwrap();
    assert_eq!(codes(&report), vec![(Some(3000), "CODE_DUPLICATE_IN_FILE"), (Some(5002), "CODE_DUPLICATE_IN_FILE")]);
    let rejected: Vec<_> = report.rejected.iter().map(|r| (r.row, r.cells[..2].to_vec())).collect();
    assert_eq!(
        rejected,
        vec![
            (3000, vec!["Shop 3000".to_owned(), "C2".to_owned()]),
            (5002, vec!["Shop 5002".to_owned(), "c11".to_owned()])
        ]
    );
    assert_eq!(report.rejected[0].cells[2].len(), 150);
}

#[test]
fn r1_a_cell_naming_another_row_than_its_own_is_file_unreadable() {
    let bytes = book(&format!(r#"<row r="1">{}</row><row r="2">{}</row>"#, inline("A1", "Name"), inline("A3", "Deli")));
    let report = validate_import(&bytes, &ImportOptions::default()).unwrap();
    assert_eq!(codes(&report), vec![(None, "FILE_UNREADABLE")]);
    assert!(report.issues[0].message.contains("A3 is inside row 2"), "{}", report.issues[0].message);
}

// --- I1: what a cell can hold ---------------------------------------------------------------------

#[test]
fn i1_xlsx_cell_types_read_as_text() {
    let styles = r#"<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="d/m/yyyy\ h:mm"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="4"/></cellXfs></styleSheet>"#;
    let bytes = book_with(
        &format!(
            r#"<row r="1">{}{}{}{}{}{}</row><row r="2">{}<c r="B2"><v>1001</v></c><c r="C2" t="b"><v>0</v></c><c r="D2" s="1"><v>45361</v></c><c r="E2" s="2"><v>45361.75</v></c><c r="F2" s="3"><v>12.5</v></c></row><row r="3"><c r="A3" t="str"><v>Pier &amp; Co</v></c><c r="B3"><v>1.0E3</v></c><c r="C3" t="b"><v>1</v></c><c r="D3" t="e"><v>#N/A</v></c><c r="F3" t="inlineStr"><is><r><t>a</t></r><r><t>_x0041_b</t></r></is></c></row>"#,
            inline("A1", "Name"),
            inline("B1", "Code"),
            inline("C1", "Active"),
            inline("D1", "Contact"),
            inline("E1", "Notes"),
            inline("F1", "Phone"),
            inline("A2", "Deli"),
        ),
        None,
        Some(styles),
    );
    let report = validate_import(&bytes, &ImportOptions::default()).unwrap();
    assert_eq!(codes(&report), vec![(None, "HEADER_UNKNOWN"), (Some(3), "CELL_INVALID")]);
    assert_eq!(report.rejected[0].cells, vec!["Pier & Co", "1000", "true", "#N/A", "", "aAb"]);
    let ws = Workspace::in_memory(NewWorkspace::named("Acme")).unwrap();
    let preview = ws.preview_import(&bytes, None, None).unwrap();
    ws.confirm_import(&preview).unwrap();
    let deli = ws.list_customers(&CustomerQuery { filter: StatusFilter::All, ..Default::default() }).unwrap().items;
    let deli = deli.iter().find(|c| c.name == "Deli").unwrap();
    assert_eq!(deli.code.as_deref(), Some("1001"));
    assert!(!deli.active);
    assert_eq!(deli.contact.as_deref(), Some("2024-03-10"));
    assert_eq!(deli.phone.as_deref(), Some("12.5"));
}

#[test]
fn i1_xlsx_a_date_with_a_time_keeps_it_and_1904_dates_count_from_1904() {
    let styles = r#"<styleSheet><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="22"/></cellXfs></styleSheet>"#;
    let sheet = format!(
        r#"<row r="1">{}{}</row><row r="2">{}<c r="B2" s="1"><v>45361.75</v></c></row>"#,
        inline("A1", "Name"),
        inline("B1", "Contact"),
        inline("A2", "Deli")
    );
    let contact = |bytes: &[u8]| {
        let ws = Workspace::in_memory(NewWorkspace::named("Acme")).unwrap();
        let preview = ws.preview_import(bytes, None, None).unwrap();
        ws.confirm_import(&preview).unwrap();
        let all = ws.list_customers(&CustomerQuery { filter: StatusFilter::All, ..Default::default() }).unwrap();
        all.items[0].contact.clone().unwrap()
    };
    assert_eq!(contact(&book_with(&sheet, None, Some(styles))), "2024-03-10T18:00:00");
    // The same serial in a 1904 workbook is four years and a day later.
    let bytes = book_with(&sheet, None, Some(styles));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut text = Vec::new();
        f.read_to_end(&mut text).unwrap();
        if f.name() == "xl/workbook.xml" {
            text = String::from_utf8(text).unwrap().replace("<sheets>", r#"<workbookPr date1904="1"/><sheets>"#).into();
        }
        parts.push((f.name().to_owned(), text));
    }
    let bytes = zip_parts(&parts.iter().map(|(n, t)| (n.as_str(), t.as_slice())).collect::<Vec<_>>());
    assert_eq!(contact(&bytes), "2028-03-11T18:00:00");
}

// --- I3 / R2: the XLSX error file never fails on a file that validated -----------------------------

fn read_sheet(book: &[u8]) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(book)).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

fn notes(book: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
    let mut all = String::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        if f.name().contains("comments") {
            f.read_to_string(&mut all).unwrap();
        }
    }
    all
}

#[test]
fn r2_error_file_xlsx_cuts_a_cell_longer_than_a_sheet_holds() {
    let long = "x".repeat(40_000);
    let report = validate_import(format!("Name,Notes\n,{long}\n").as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(report.error_rows, 1);
    let book = report.error_file_xlsx().unwrap();
    let rows = read_sheet(&book);
    assert_eq!(rows[0], vec!["Name", "Notes", "Issues"]);
    assert_eq!(rows[1][1].chars().count(), 32_767);
    assert!(rows[1][2].starts_with("NAME_REQUIRED"), "{:?}", rows[1][2]);
    assert!(notes(&book).contains("40000 characters and is cut to the first 32767"), "{}", notes(&book));
}

#[test]
fn r2_error_file_xlsx_with_more_columns_than_a_sheet_holds() {
    // 16,384 columns validate (the limit may be raised to a sheet's all); with Issues they are
    // one too many.
    let mut header: Vec<String> = vec!["Name".into()];
    header.extend((1..16_384).map(|i| format!("c{i}")));
    let mut row: Vec<String> = vec![String::new(); 16_384];
    row[16_383] = "last".into();
    let text = format!("{}\n{}\n", header.join(","), row.join(","));
    let options = ImportOptions {
        limits: orderlink::import::ImportLimits { max_columns: 16_384, ..Default::default() },
        ..Default::default()
    };
    let report = validate_import(text.as_bytes(), &options).unwrap();
    assert!(!report.refused, "{:?}", &report.issues);
    assert_eq!(report.error_rows, 1);
    let book = report.error_file_xlsx().unwrap();
    let rows = read_sheet(&book);
    assert_eq!(rows[0].len(), 16_384);
    assert_eq!(rows[0][16_383], "Issues");
    assert!(rows[1][16_383].contains("1 more cells are left out"), "{}", rows[1][16_383]);
    assert!(notes(&book).contains("1 more cells are left out"));
}

/// A workbook with shared strings, a repeated code (read again once the sheet is read) and a
/// bad email, as a file.
fn workbook_file(dir: &std::path::Path) -> (std::path::PathBuf, Vec<u8>) {
    let strings = sst(&["Name", "Code", "Email", "Deli", "C1", "Pier", "Shop", "bad@"]);
    let s = |r: &str, i: usize| format!(r#"<c r="{r}" t="s"><v>{i}</v></c>"#);
    let sheet = [
        format!(r#"<row r="1">{}{}{}</row>"#, s("A1", 0), s("B1", 1), s("C1", 2)),
        format!(r#"<row r="2">{}{}</row>"#, s("A2", 3), s("B2", 4)),
        format!(r#"<row r="3">{}{}{}</row>"#, s("A3", 5), s("B3", 4), s("C3", 7)),
        format!(r#"<row r="5">{}{}</row>"#, s("A5", 6), s("B5", 4)),
    ]
    .concat();
    let bytes = book_with(&sheet, Some(&strings), None);
    let path = dir.join("customers.xlsx");
    std::fs::write(&path, &bytes).unwrap();
    (path, bytes)
}

#[test]
fn r2_a_workbook_read_from_its_path_reports_as_its_bytes_do() {
    use orderlink::import::validate_import_path;
    let dir = tempfile::tempdir().unwrap();
    let (path, bytes) = workbook_file(dir.path());
    let from_path = validate_import_path(&path, &ImportOptions::default()).unwrap();
    let from_bytes = validate_import(&bytes, &ImportOptions::default()).unwrap();
    assert_eq!(from_path, from_bytes);
    assert_eq!(from_path.format, ImportFormat::Xlsx);
    assert_eq!(
        codes(&from_path),
        vec![(Some(3), "EMAIL_INVALID"), (Some(3), "CODE_DUPLICATE_IN_FILE"), (Some(5), "CODE_DUPLICATE_IN_FILE")]
    );
    assert_eq!(from_path.rejected.iter().map(|r| r.row).collect::<Vec<_>>(), vec![3, 5]);
    assert_eq!(from_path.rejected[1].cells, vec!["Shop", "C1"]);
    // The same file named .xlsx without a zip inside is refused as a report, as from bytes.
    std::fs::write(&path, b"PK\x03\x04garbage").unwrap();
    let broken = validate_import_path(&path, &ImportOptions::default()).unwrap();
    assert!(broken.refused);
    assert_eq!(codes(&broken), vec![(None, "FILE_UNREADABLE")]);
}

#[test]
fn r2_a_workbook_path_is_held_to_the_limits_and_previews_as_its_bytes_do() {
    use orderlink::import::validate_import_path;
    let dir = tempfile::tempdir().unwrap();
    let (path, bytes) = workbook_file(dir.path());
    // The byte limit, from the file's size: an error, as read_path gives.
    let small = ImportLimits { max_bytes: bytes.len() - 1, ..Default::default() };
    assert_eq!(validate_import_path(&path, &with_limits(small)).unwrap_err().code(), "FILE_TOO_LARGE");
    // The inflated limits still hold when the parts come from the file.
    let tight = ImportLimits { max_part_bytes: 200, ..Default::default() };
    let report = validate_import_path(&path, &with_limits(tight)).unwrap();
    assert_eq!(codes(&report), vec![(None, "FILE_TOO_LARGE_INFLATED")]);
    let few = ImportLimits { max_shared_strings: 3, ..Default::default() };
    assert_eq!(
        codes(&validate_import_path(&path, &with_limits(few)).unwrap()),
        vec![(None, "FILE_TOO_LARGE_INFLATED")]
    );
    // A workspace previews the file from its path as from its bytes.
    let ws = Workspace::in_memory(NewWorkspace::named("Acme")).unwrap();
    let from_path = ws.preview_import_path(&path, None, None).unwrap();
    let from_bytes = ws.preview_import(&bytes, None, None).unwrap();
    assert_eq!(from_path.rows, from_bytes.rows);
    assert_eq!(from_path.report, from_bytes.report);
    assert_eq!(ws.confirm_import(&from_path).unwrap().created.len(), 1);
    assert_eq!(ws.preview_import_path(dir.path(), None, None).unwrap_err().code(), "FILE_NOT_REGULAR");
}
