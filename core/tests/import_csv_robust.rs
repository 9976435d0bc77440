//! CSV, pasted rows, paths and progress (I3a, R2, R5) through the public API.

use orderlink::import::{
    read_path, validate_import, validate_import_with_progress, ImportFormat, ImportLimits, ImportOptions, IssueCode,
    PROGRESS_EVERY,
};
use orderlink::ImportReport;
use proptest::prelude::*;

fn validate(text: &str) -> ImportReport {
    validate_import(text.as_bytes(), &ImportOptions::default()).unwrap()
}

/// The row issues (the file-level HEADER_UNKNOWN warning of a Notes column aside).
fn rows_of(report: &ImportReport) -> Vec<(Option<u32>, &'static str)> {
    report.issues.iter().filter(|i| i.code != IssueCode::HeaderUnknown).map(|i| (i.row, i.code.as_str())).collect()
}

/// One line of a generated sheet.
#[derive(Debug, Clone, Copy)]
enum Line {
    Empty,
    Valid { multiline: bool },
    NoName { multiline: bool },
    BadEmail,
}

/// The sheet as CSV (or pasted rows), each line ending with the next of `ends` in turn; a
/// multi-line cell (in a Notes column, which is not imported: no imported field allows line
/// breaks, R4) breaks with the one after. A CR followed by an LF is one line
/// break, however it came about, so an LF that would follow a CR ending is written as CR LF.
fn encode(lines: &[Line], ends: &[&str], delimiter: char, last_end: bool) -> String {
    let mut next = ends.iter().cycle();
    let mut out = format!("Name{delimiter}Email{delimiter}Notes");
    let end = |out: &mut String, e: &str| {
        if out.ends_with('\r') && e == "\n" {
            out.push_str("\r\n");
        } else {
            out.push_str(e);
        }
    };
    let d = delimiter;
    for line in lines {
        end(&mut out, next.next().unwrap());
        let contact = |multiline: bool, next: &mut dyn Iterator<Item = &&str>| {
            if multiline {
                format!("\"Jo{}Smith\"", next.next().unwrap())
            } else {
                "Jo".to_owned()
            }
        };
        match *line {
            Line::Empty => {}
            Line::Valid { multiline } => {
                out.push_str(&format!("Deli{d}a@x.example{d}{}", contact(multiline, &mut next)))
            }
            Line::NoName { multiline } => out.push_str(&format!("{d}b@x.example{d}{}", contact(multiline, &mut next))),
            Line::BadEmail => out.push_str(&format!("Pier{d}bad{d}Jo")),
        }
    }
    if last_end {
        end(&mut out, next.next().unwrap());
    }
    out
}

fn line() -> impl Strategy<Value = Line> {
    prop_oneof![
        Just(Line::Empty),
        any::<bool>().prop_map(|multiline| Line::Valid { multiline }),
        any::<bool>().prop_map(|multiline| Line::NoName { multiline }),
        Just(Line::BadEmail),
    ]
}

fn end() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("\n"), Just("\r\n"), Just("\r")]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// I3a: re-encoding a file's line endings (LF, CRLF, CR, any mix, inside quoted cells too)
    /// never changes its row numbers, which are the sheet's: the header is row 1 and every
    /// line after it, empty or not, is the next row.
    #[test]
    fn i3a_reencoding_line_endings_never_changes_row_numbers(
        lines in proptest::collection::vec(line(), 0..24),
        ends in proptest::collection::vec(end(), 1..8),
        last_end in any::<bool>(),
        pasted in any::<bool>(),
    ) {
        let (delimiter, format) = if pasted { ('\t', Some(ImportFormat::Pasted)) } else { (',', None) };
        let options = ImportOptions { format, ..Default::default() };
        let lf = validate_import(encode(&lines, &["\n"], delimiter, last_end).as_bytes(), &options).unwrap();
        let other = validate_import(encode(&lines, &ends, delimiter, last_end).as_bytes(), &options).unwrap();
        let expected: Vec<(Option<u32>, &str)> = lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| {
                let row = Some(i as u32 + 2);
                match l {
                    Line::NoName { .. } => Some((row, "NAME_REQUIRED")),
                    Line::BadEmail => Some((row, "EMAIL_INVALID")),
                    _ => None,
                }
            })
            .collect();
        prop_assert_eq!(rows_of(&lf), expected.clone());
        prop_assert_eq!(rows_of(&other), expected);
        prop_assert_eq!(
            (lf.rows_read, lf.valid_rows, lf.error_rows, lf.blank_rows),
            (other.rows_read, other.valid_rows, other.error_rows, other.blank_rows)
        );
        // Empty lines up to the last row with something in it are blank rows.
        let used = lines.iter().rposition(|l| !matches!(l, Line::Empty)).map_or(0, |i| i + 1);
        prop_assert_eq!(lf.rows_read, used);
    }
}

#[test]
fn i3a_rows_after_a_multiline_cell_and_blank_lines_keep_the_sheets_numbers() {
    let r = validate("Name,Notes\r\n\"Deli\",\"Jo\r\n\r\nSmith\"\r\n\r\n,x\r\n");
    assert_eq!(rows_of(&r), vec![(Some(4), "NAME_REQUIRED")]);
    assert_eq!((r.rows_read, r.blank_rows), (3, 1));
}

#[test]
fn r2_a_header_of_a_million_unknown_columns_is_one_issue() {
    let mut text = String::from("Name");
    for i in 0..1_000_000 {
        text.push_str(&format!(",x{i}"));
    }
    text.push_str("\nDeli\n");
    let options = ImportOptions {
        limits: ImportLimits { max_bytes: 64 * 1024 * 1024, ..Default::default() },
        ..Default::default()
    };
    let r = validate_import(text.as_bytes(), &options).unwrap();
    assert!(r.refused);
    assert_eq!(rows_of(&r), vec![(None, "TOO_MANY_COLUMNS")]);
    assert!(r.headers.is_empty());
    assert!(r.issues[0].message.contains("1000001 cells"), "{}", r.issues[0].message);
}

#[test]
fn r2_the_column_limit_never_passes_a_spreadsheets() {
    let header = format!("Name{}\nDeli\n", ",".repeat(20_000));
    let options =
        ImportOptions { limits: ImportLimits { max_columns: usize::MAX, ..Default::default() }, ..Default::default() };
    let r = validate_import(header.as_bytes(), &options).unwrap();
    assert_eq!(rows_of(&r), vec![(None, "TOO_MANY_COLUMNS")]);
    // At the limit is fine: blank headers are ignored, not warned about.
    let header = format!("Name{}\nDeli\n", ",".repeat(1_023));
    let r = validate(&header);
    assert!(!r.refused && r.valid_rows == 1, "{:?}", r.issues);
}

#[test]
fn r2_unknown_headers_are_capped_per_code_and_counted() {
    let mut text = String::from("Name");
    for i in 0..50 {
        text.push_str(&format!(",x{i}"));
    }
    text.push_str("\nDeli\n");
    let options =
        ImportOptions { limits: ImportLimits { max_issues_per_code: 10, ..Default::default() }, ..Default::default() };
    let r = validate_import(text.as_bytes(), &options).unwrap();
    assert_eq!(r.issues.len(), 10);
    assert_eq!(r.issues_dropped.get(&IssueCode::HeaderUnknown), Some(&40));
    let summary = r.summary();
    assert_eq!(summary.iter().filter(|g| g.code == IssueCode::HeaderUnknown).map(|g| g.count).sum::<usize>(), 50);
    assert!(summary.iter().any(|g| g.text.contains("40 more")), "{summary:?}");
}

#[test]
fn r2_row_issues_are_capped_per_code_and_the_summary_counts_every_one() {
    let mut text = String::from("Name,Email\n");
    for i in 0..5_000 {
        text.push_str(&format!("C{i},bad{i}\n"));
    }
    let options =
        ImportOptions { limits: ImportLimits { max_issues_per_code: 100, ..Default::default() }, ..Default::default() };
    let r = validate_import(text.as_bytes(), &options).unwrap();
    assert_eq!(r.error_rows, 5_000);
    assert_eq!(r.rejected.len(), 5_000);
    assert_eq!(r.issues.len(), 100);
    assert_eq!(r.issues.last().and_then(|i| i.row), Some(101));
    assert_eq!(r.issues_dropped.get(&IssueCode::EmailInvalid), Some(&4_900));
    let summary = r.summary();
    assert_eq!(summary.len(), 1);
    assert_eq!(summary[0].count, 5_000);
    assert_eq!(summary[0].text, "EMAIL_INVALID in rows 2, 3, 4 and 4997 others");
    // The same through a workspace preview.
    let ws = orderlink::Workspace::in_memory(orderlink::NewWorkspace {
        import_limits: ImportLimits { max_issues_per_code: 100, ..Default::default() },
        ..orderlink::NewWorkspace::named("Caps")
    })
    .unwrap();
    let p = ws.preview_import(text.as_bytes(), None, None).unwrap();
    assert_eq!(p.report.issues.len(), 100);
    assert_eq!(p.report.summary()[0].count, 5_000);
}

#[test]
fn r2_repeats_found_at_the_end_are_capped_by_row() {
    let mut text = String::from("Name,Code\n");
    for i in 0..300 {
        text.push_str(&format!("N{i},C\n"));
    }
    let options =
        ImportOptions { limits: ImportLimits { max_issues_per_code: 5, ..Default::default() }, ..Default::default() };
    let r = validate_import(text.as_bytes(), &options).unwrap();
    let rows: Vec<Option<u32>> = r.issues.iter().map(|i| i.row).collect();
    assert_eq!(rows, vec![Some(3), Some(4), Some(5), Some(6), Some(7)]);
    assert_eq!(r.summary()[0].count, 299);
}

fn big_csv(rows: usize) -> Vec<u8> {
    let mut text = String::from("Name,Email\n");
    for i in 0..rows {
        text.push_str(&format!("Customer {i},c{i}@x.example\n"));
    }
    text.into_bytes()
}

#[test]
fn r2_progress_reports_bytes_often_and_ends_at_the_total() {
    let bytes = big_csv(20_000);
    let mut seen = Vec::new();
    let r = validate_import_with_progress(&bytes, &ImportOptions::default(), &mut |p| {
        seen.push(p);
        true
    })
    .unwrap();
    assert_eq!(r.rows_read, 20_000);
    let last = *seen.last().unwrap();
    assert_eq!((last.bytes_read, last.bytes_total, last.rows_read), (bytes.len() as u64, bytes.len() as u64, 20_000));
    // Every 1,000 rows or 64 KiB, whichever first: never more than that apart.
    for w in seen.windows(2) {
        assert!(w[1].rows_read - w[0].rows_read <= PROGRESS_EVERY, "{w:?}");
        assert!(w[1].bytes_read >= w[0].bytes_read);
        assert!(w[1].bytes_read - w[0].bytes_read <= 64 * 1024 + 64, "{w:?}");
    }
    assert!(seen.len() >= 20, "{}", seen.len());
}

#[test]
fn r2_progress_comes_by_bytes_when_rows_are_long() {
    // 400 rows of about 1 KiB each: 64 KiB comes well before 1,000 rows.
    let mut text = String::from("Name,Contact\n");
    for i in 0..400 {
        text.push_str(&format!("C{i},{}\n", "x".repeat(190)));
    }
    let mut calls = 0;
    let limits = ImportLimits { max_bytes: 1 << 20, ..Default::default() };
    validate_import_with_progress(text.as_bytes(), &ImportOptions { limits, ..Default::default() }, &mut |_| {
        calls += 1;
        true
    })
    .unwrap();
    assert!(calls >= 2, "{calls}");
}

#[test]
fn r2_progress_returning_false_stops_the_read_quickly() {
    let bytes = big_csv(50_000);
    let mut calls = 0;
    let mut rows_at_stop = 0;
    let e = validate_import_with_progress(&bytes, &ImportOptions::default(), &mut |p| {
        calls += 1;
        rows_at_stop = p.rows_read;
        false
    })
    .unwrap_err();
    assert_eq!(e.code(), "IMPORT_CANCELLED");
    assert_eq!(calls, 1);
    assert!(rows_at_stop <= PROGRESS_EVERY, "{rows_at_stop}");
}

#[test]
fn i3_csv_error_file_keeps_rows_wider_than_the_header() {
    // Trailing delimiters (as spreadsheets write) and a ragged row.
    let r = validate("Name,Email\nDeli,bad,,,\nPier,ok@x.example,extra\n,c@x.example\n");
    assert_eq!(r.error_rows, 3);
    let csv = String::from_utf8(r.error_file_csv().unwrap()).unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], "Name,Email,,,,Issues");
    assert!(lines[1].starts_with("Deli,bad,,,,EMAIL_INVALID"), "{}", lines[1]);
    assert!(lines[2].starts_with("Pier,ok@x.example,extra,,,ROW_RAGGED"), "{}", lines[2]);
    assert!(lines[3].starts_with(",c@x.example,,,,NAME_REQUIRED"), "{}", lines[3]);
    // The error file reads back: its extra columns have blank headers, which are ignored.
    let again = validate_import(csv.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(again.rows_read, 3);
}

fn small() -> ImportLimits {
    ImportLimits { max_bytes: 1024, ..Default::default() }
}

#[test]
fn r5_read_path_reads_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.csv");
    std::fs::write(&path, b"Name\nDeli\n").unwrap();
    assert_eq!(read_path(&path, &small()).unwrap(), b"Name\nDeli\n");
    let e = read_path(&dir.path().join("missing.csv"), &small()).unwrap_err();
    assert_eq!(e.code(), "FILE_UNREADABLE");
    assert!(e.to_string().contains("missing.csv"), "{e}");
}

#[test]
fn r5_read_path_refuses_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let e = read_path(dir.path(), &small()).unwrap_err();
    assert_eq!(e.code(), "FILE_NOT_REGULAR");
    assert_eq!(e.kind(), orderlink::ErrorKind::Validation);
}

#[cfg(unix)]
#[test]
fn r5_read_path_refuses_a_fifo_without_waiting_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let e = read_path(&fifo, &small()).unwrap_err();
    assert_eq!(e.code(), "FILE_NOT_REGULAR");
}

#[cfg(unix)]
#[test]
fn r5_read_path_refuses_a_device() {
    let e = read_path(std::path::Path::new("/dev/zero"), &small()).unwrap_err();
    assert_eq!(e.code(), "FILE_NOT_REGULAR");
}

#[test]
fn r2_read_path_refuses_a_2_gb_file_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    // Sparse: no disk is used, and reading it whole would take seconds and 2 GB.
    std::fs::File::create(&path).unwrap().set_len(2 << 30).unwrap();
    let started = std::time::Instant::now();
    let e = read_path(&path, &ImportLimits::default()).unwrap_err();
    assert_eq!(e.code(), "FILE_TOO_LARGE");
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    // One byte past the limit is refused; at the limit is read.
    std::fs::write(&path, vec![b'x'; 1025]).unwrap();
    assert_eq!(read_path(&path, &small()).unwrap_err().code(), "FILE_TOO_LARGE");
    std::fs::write(&path, vec![b'x'; 1024]).unwrap();
    assert_eq!(read_path(&path, &small()).unwrap().len(), 1024);
}

#[test]
fn r5_validate_import_path_refuses_what_read_path_refuses_and_reads_the_rest() {
    use orderlink::import::validate_import_path;
    let dir = tempfile::tempdir().unwrap();
    let options = ImportOptions { limits: small(), ..Default::default() };
    assert_eq!(validate_import_path(dir.path(), &options).unwrap_err().code(), "FILE_NOT_REGULAR");
    #[cfg(unix)]
    assert_eq!(
        validate_import_path(std::path::Path::new("/dev/zero"), &options).unwrap_err().code(),
        "FILE_NOT_REGULAR"
    );
    let missing = validate_import_path(&dir.path().join("missing.csv"), &options).unwrap_err();
    assert_eq!(missing.code(), "FILE_UNREADABLE");
    let big = dir.path().join("big.csv");
    std::fs::write(&big, vec![b'x'; 1025]).unwrap();
    assert_eq!(validate_import_path(&big, &options).unwrap_err().code(), "FILE_TOO_LARGE");
    // A CSV is read as its bytes are; a .tsv name means pasted rows unless a format is given.
    let csv = dir.path().join("c.csv");
    std::fs::write(&csv, "Name,Email\r\nDeli,bad@\r\n").unwrap();
    let report = validate_import_path(&csv, &options).unwrap();
    assert_eq!(report, validate_import(b"Name,Email\r\nDeli,bad@\r\n", &options).unwrap());
    assert_eq!(report.issues[0].row, Some(2));
    let tsv = dir.path().join("rows.tsv");
    std::fs::write(&tsv, "Name\tCode\nDeli\tC1\n").unwrap();
    let report = validate_import_path(&tsv, &options).unwrap();
    assert_eq!((report.format, report.valid_rows), (ImportFormat::Pasted, 1));
    let as_csv = ImportOptions { format: Some(ImportFormat::Csv), ..options.clone() };
    assert_eq!(validate_import_path(&tsv, &as_csv).unwrap().format, ImportFormat::Csv);
}
