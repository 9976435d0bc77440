//! I1, I5: the readers. Each walks its input once, row by row, handing every row to the
//! checker; nothing here decides what a valid row is.

use super::columns::Columns;
use super::rows::{Cells, Checked, RowChecker, RowValues};
use super::{
    ImportFormat, ImportIssue, ImportOptions, ImportProgress, ImportReport, IssueCode, RejectedRow, PROGRESS_EVERY,
};
use crate::error::{Error, Result};
use calamine::{Data, Reader};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

/// Called with each valid row: its sheet row number, its values and its cells.
pub(crate) type OnValid<'f> = dyn FnMut(u32, &RowValues<'_>, &dyn CellsDyn) + 'f;

/// Object-safe view of a row's cells for [`OnValid`].
pub(crate) trait CellsDyn {
    fn cells_owned(&self) -> Vec<String>;
}

impl<C: Cells + ?Sized> CellsDyn for C {
    fn cells_owned(&self) -> Vec<String> {
        self.to_strings()
    }
}

/// Reads a whole input: the report, and the matched columns unless the file was refused.
/// File-level problems end up in the report (`refused`); `Err` only for a cancelled read.
pub(crate) fn read(
    bytes: &[u8],
    options: &ImportOptions,
    checker: &mut RowChecker,
    on_valid: &mut OnValid<'_>,
    progress: &mut dyn FnMut(ImportProgress) -> bool,
    split: bool,
) -> Result<(ImportReport, Option<Columns>)> {
    let format = options.format.unwrap_or_else(|| ImportFormat::detect(bytes));
    let mut report = ImportReport::empty(format);
    let limits = options.limits;
    if bytes.len() > limits.max_bytes {
        report.refuse(ImportIssue::new(
            IssueCode::FileTooLarge,
            None,
            format!(
                "the file is {} bytes; the limit is {} bytes. Split it into smaller files",
                bytes.len(),
                limits.max_bytes
            ),
        ));
        return Ok((report, None));
    }
    // A CSV row is rarely under 64 bytes; an XLSX row takes less, and the sets grow then.
    checker.reserve(limits.max_rows.min(bytes.len() / 64));
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let delimiter = match format {
        ImportFormat::Pasted => b'\t',
        _ => detect_delimiter(body),
    };
    let mut walk = Walk { report, columns: None, checker, on_valid, progress, max_rows: limits.max_rows };
    match format {
        ImportFormat::Csv | ImportFormat::Pasted => walk.csv(body, delimiter, split)?,
        ImportFormat::Xlsx => walk.xlsx(bytes, options.sheet.as_deref())?,
    }
    let (mut report, columns) = (walk.report, walk.columns);
    if let (false, Some(columns)) = (report.refused, &columns) {
        // Only a CSV read in two parts leaves a repeat's cells to read again.
        report.add_repeats(checker.finish(columns, &mut |at| reread_csv(body, delimiter, at)));
    }
    if report.headers.is_empty() && !report.refused {
        report.refuse(ImportIssue::new(
            IssueCode::HeaderMissing,
            None,
            "the file is empty; the first row must be the headers, such as Customer Name, Email Address",
        ));
    }
    Ok(if report.refused { (report, None) } else { (report, columns) })
}

impl ImportReport {
    /// I3: rows found to repeat an earlier row once the file was read: their issues, and the
    /// ones that were valid become errors.
    fn add_repeats(&mut self, repeats: Vec<super::rows::RepeatRow>) {
        if repeats.is_empty() {
            return;
        }
        let mut newly = Vec::new();
        for r in repeats {
            if self.rejected.binary_search_by_key(&r.row, |x| x.row).is_err() {
                newly.push(RejectedRow { row: r.row, cells: r.cells });
            }
            self.issues.extend(r.issues);
        }
        self.valid_rows = self.valid_rows.saturating_sub(newly.len());
        self.error_rows += newly.len();
        self.rejected.extend(newly);
        self.rejected.sort_by_key(|x| x.row);
    }

    /// A file-level error: the file is refused whole, and nothing of its rows is kept.
    pub(crate) fn refuse(&mut self, issue: ImportIssue) {
        self.refused = true;
        self.rows_read = 0;
        self.blank_rows = 0;
        self.valid_rows = 0;
        self.error_rows = 0;
        self.rejected.clear();
        self.issues.retain(|i| i.row.is_none());
        self.issues.push(issue);
    }
}

struct Walk<'a, 'f> {
    report: ImportReport,
    columns: Option<Columns>,
    checker: &'a mut RowChecker,
    on_valid: &'a mut OnValid<'f>,
    progress: &'a mut dyn FnMut(ImportProgress) -> bool,
    max_rows: usize,
}

/// Whether to keep reading.
enum Next {
    More,
    Stop,
}

impl Walk<'_, '_> {
    /// The header row; `on_header` is told the columns when they are good.
    fn header<C: Cells + ?Sized>(&mut self, cells: &C, on_header: &mut dyn FnMut(&Columns)) -> Next {
        let headers: Vec<String> = (0..cells.width()).map(|i| cells.cell(i).trim().to_owned()).collect();
        let (columns, fields) = Columns::match_headers(headers.clone(), &mut self.report.issues);
        self.report.headers = headers;
        self.report.columns = fields;
        if self.report.issues.iter().any(|i| i.severity == super::Severity::Error) {
            self.report.refused = true;
            return Next::Stop;
        }
        on_header(&columns);
        self.columns = Some(columns);
        Next::More
    }

    /// One data row.
    fn row<C: Cells>(&mut self, row: u32, cells: &C, done: u64, total: u64) -> Result<Next> {
        let Some(columns) = &self.columns else { return Ok(Next::Stop) };
        let report = &mut self.report;
        if report.rows_read >= self.max_rows {
            report.refuse(too_many_rows(self.max_rows));
            return Ok(Next::Stop);
        }
        report.rows_read += 1;
        match self.checker.check(columns, row, done, cells, &mut report.issues) {
            Checked::Blank => report.blank_rows += 1,
            Checked::Valid(values) => {
                report.valid_rows += 1;
                (self.on_valid)(row, &values, cells);
            }
            Checked::Invalid => {
                report.error_rows += 1;
                report.rejected.push(RejectedRow { row, cells: cells.to_strings() });
            }
        }
        if report.rows_read % PROGRESS_EVERY == 0
            && !(self.progress)(ImportProgress { rows_read: report.rows_read, done, total })
        {
            return Err(Error::ImportCancelled);
        }
        Ok(Next::More)
    }

    fn finish(&mut self, total: u64) -> Result<()> {
        if (self.progress)(ImportProgress { rows_read: self.report.rows_read, done: total, total }) {
            Ok(())
        } else {
            Err(Error::ImportCancelled)
        }
    }

    /// CSV (or pasted rows, with `delimiter` tab), `bytes` without a BOM. When `split`, a large
    /// input is read in two parts on two threads (see [`split_point`]).
    fn csv(&mut self, bytes: &[u8], delimiter: u8, split: bool) -> Result<()> {
        let total = bytes.len() as u64;
        let boundary = if split { split_point(bytes) } else { None };
        let Some(boundary) = boundary else {
            return match self.csv_part(bytes, delimiter, Cursor::START, None, &mut |_| {})? {
                Part::Stopped => Ok(()),
                Part::Ended | Part::AtBoundary(_) => self.finish(total),
            };
        };
        let cancel = AtomicBool::new(false);
        let (format, max_rows) = (self.report.format, self.max_rows);
        let mut later_checker = Some(self.checker.fresh());
        std::thread::scope(|scope| {
            let mut later = None;
            // The later part starts once the header is known, on another thread.
            let mut start_later = |columns: &Columns| {
                let (columns, cancel) = (columns.clone(), &cancel);
                let Some(mut checker) = later_checker.take() else { return };
                later = Some(scope.spawn(move || {
                    let mut walk = Walk {
                        report: ImportReport::empty(format),
                        columns: Some(columns),
                        checker: &mut checker,
                        on_valid: &mut |_, _, _| {},
                        progress: &mut |_| !cancel.load(Ordering::Relaxed),
                        max_rows,
                    };
                    let cursor = Cursor { at: boundary, lines_before: 0, inner_newlines: 0, header_done: true };
                    let part = walk.csv_part(bytes, delimiter, cursor, None, &mut |_| {});
                    (part, walk.report, checker)
                }));
            };
            let part = self.csv_part(bytes, delimiter, Cursor::START, Some(boundary), &mut start_later);
            let joined = match (part, later.take()) {
                (Ok(Part::AtBoundary(cursor)), Some(handle)) => match handle.join() {
                    // The later part read cleanly: its rows follow on.
                    Ok((Ok(Part::Ended), report, checker)) if !report.refused => {
                        self.join_later(report, checker, cursor);
                        return self.finish(total);
                    }
                    // Anything else (an unreadable record, a limit): read it here, in order,
                    // so the report says it as a one-thread read would.
                    _ => cursor,
                },
                (part, handle) => {
                    cancel.store(true, Ordering::Relaxed);
                    if let Some(handle) = handle {
                        let _ = handle.join();
                    }
                    match part? {
                        Part::Stopped => return Ok(()),
                        Part::Ended => return self.finish(total),
                        Part::AtBoundary(cursor) => cursor,
                    }
                }
            };
            match self.csv_part(bytes, delimiter, joined, None, &mut |_| {})? {
                Part::Stopped => Ok(()),
                Part::Ended | Part::AtBoundary(_) => self.finish(total),
            }
        })
    }

    /// Takes in the later part's rows, read on another thread, whose row numbers start where
    /// `cursor` (this part's end) says.
    fn join_later(&mut self, later: ImportReport, checker: RowChecker, cursor: Cursor) {
        let offset = u32::try_from(cursor.lines_before.saturating_sub(cursor.inner_newlines)).unwrap_or(u32::MAX);
        let report = &mut self.report;
        report.rows_read += later.rows_read;
        report.blank_rows += later.blank_rows;
        report.valid_rows += later.valid_rows;
        report.error_rows += later.error_rows;
        report.issues.extend(later.issues.into_iter().map(|i| ImportIssue { row: i.row.map(|r| r + offset), ..i }));
        report.rejected.extend(later.rejected.into_iter().map(|r| RejectedRow { row: r.row + offset, ..r }));
        self.checker.absorb(checker, offset);
        if report.rows_read > self.max_rows {
            report.refuse(too_many_rows(self.max_rows));
        }
    }

    /// Reads records from `cursor` on: to the end, to a stop, or (with `stop_at`) to the record
    /// that starts at that byte.
    fn csv_part(
        &mut self,
        bytes: &[u8],
        delimiter: u8,
        cursor: Cursor,
        stop_at: Option<usize>,
        on_header: &mut dyn FnMut(&Columns),
    ) -> Result<Part> {
        let part = bytes.get(cursor.at..).unwrap_or_default();
        let total = bytes.len() as u64;
        let mut reader =
            csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(part);
        let mut record = csv::ByteRecord::new();
        // Sheet rows are lines less the newlines inside quoted cells of earlier rows (none
        // when nothing is quoted).
        let quoted = memchr::memchr(b'"', part).is_some();
        let mut inner_newlines = cursor.inner_newlines;
        let mut first = !cursor.header_done;
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let line = cursor.lines_before + e.position().map_or(0, |p| p.line());
                    self.report.refuse(ImportIssue::new(
                        IssueCode::FileUnreadable,
                        None,
                        format!("the file cannot be read as CSV near line {line}: {e}"),
                    ));
                    return Ok(Part::Stopped);
                }
            }
            let line = cursor.lines_before + record.position().map_or(0, |p| p.line());
            let done = cursor.at as u64 + record.position().map_or(0, |p| p.byte());
            if stop_at.is_some_and(|b| b as u64 == done) {
                return Ok(Part::AtBoundary(Cursor {
                    at: cursor.at + (done as usize - cursor.at),
                    lines_before: line - 1,
                    inner_newlines,
                    header_done: true,
                }));
            }
            let row = u32::try_from(line.saturating_sub(inner_newlines)).unwrap_or(u32::MAX);
            if quoted {
                inner_newlines += memchr::memchr_iter(b'\n', record.as_slice()).count() as u64;
            }
            // The record moves through the UTF-8 check and back, keeping its buffers.
            let next = match csv::StringRecord::from_byte_record(record) {
                Ok(text) => {
                    let next =
                        if first { Ok(self.header(&text, on_header)) } else { self.row(row, &text, done, total) };
                    record = text.into_byte_record();
                    next?
                }
                Err(e) => {
                    let bad = e.into_byte_record();
                    let next = if first {
                        self.report.refuse(ImportIssue::new(
                            IssueCode::EncodingInvalid,
                            None,
                            "the header row is not UTF-8 text; save the file as \"CSV UTF-8\"",
                        ));
                        Next::Stop
                    } else {
                        let lossy: Vec<String> = bad.iter().map(|c| String::from_utf8_lossy(c).into_owned()).collect();
                        self.bad_encoding(row, lossy)?
                    };
                    record = bad;
                    next
                }
            };
            first = false;
            if let Next::Stop = next {
                return Ok(Part::Stopped);
            }
        }
        Ok(Part::Ended)
    }

    /// A row that is not UTF-8: one issue, and the row (decoded with replacement characters)
    /// kept for the error file.
    fn bad_encoding(&mut self, row: u32, cells: Vec<String>) -> Result<Next> {
        let report = &mut self.report;
        if report.rows_read >= self.max_rows {
            return self.row(row, &cells, 0, 0);
        }
        report.rows_read += 1;
        report.error_rows += 1;
        report.issues.push(ImportIssue::new(
            IssueCode::EncodingInvalid,
            Some(row),
            "the row is not UTF-8 text; save the file as \"CSV UTF-8\" and import it again",
        ));
        report.rejected.push(RejectedRow { row, cells });
        Ok(Next::More)
    }

    /// XLSX: the named sheet or the first.
    fn xlsx(&mut self, bytes: &[u8], sheet: Option<&str>) -> Result<()> {
        let unreadable = |report: &mut ImportReport, message: String| {
            report.refuse(ImportIssue::new(IssueCode::FileUnreadable, None, message));
        };
        let mut workbook = match calamine::Xlsx::new(std::io::Cursor::new(bytes)) {
            Ok(w) => w,
            Err(e) => {
                unreadable(&mut self.report, format!("the file cannot be opened as an XLSX workbook: {e}"));
                return Ok(());
            }
        };
        let names = workbook.sheet_names();
        let name = match sheet {
            Some(wanted) => match names.iter().find(|n| n.as_str() == wanted) {
                Some(n) => n.clone(),
                None => {
                    unreadable(
                        &mut self.report,
                        format!("the workbook has no sheet named '{wanted}'; its sheets are: {}", names.join(", ")),
                    );
                    return Ok(());
                }
            },
            None => match names.first() {
                Some(n) => n.clone(),
                None => {
                    unreadable(&mut self.report, "the workbook has no sheets".to_owned());
                    return Ok(());
                }
            },
        };
        let range = match workbook.worksheet_range(&name) {
            Ok(r) => r,
            Err(e) => {
                unreadable(&mut self.report, format!("sheet '{name}' cannot be read: {e}"));
                return Ok(());
            }
        };
        let first_row = range.start().map_or(0, |(r, _)| r);
        let height = range.height() as u64;
        if height.saturating_sub(1) > self.max_rows as u64 {
            self.report.refuse(ImportIssue::new(
                IssueCode::TooManyRows,
                None,
                format!(
                    "sheet '{name}' has {} rows; the limit is {}. Split it into smaller files",
                    height.saturating_sub(1),
                    self.max_rows
                ),
            ));
            return Ok(());
        }
        let mut line = LineBuf::default();
        for (i, cells) in range.rows().enumerate() {
            line.fill(cells);
            let row = first_row.saturating_add(i as u32).saturating_add(1);
            let next = if i == 0 { self.header(&line, &mut |_| {}) } else { self.row(row, &line, i as u64, height)? };
            if let Next::Stop = next {
                return Ok(());
            }
        }
        self.finish(height)
    }
}

/// I1: the delimiter of a CSV file, from its first line: whichever of comma, semicolon and tab
/// appears most outside quotes (comma on a tie).
fn detect_delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in bytes.iter().take(64 * 1024) {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// Inputs at least this large are validated in two parts on two threads.
const SPLIT_AT: usize = 4 << 20;

/// Where a CSV read starts: a byte offset in the input (a record's start), the lines and the
/// newlines inside quoted cells before it, and whether the header was read.
#[derive(Debug, Clone, Copy)]
struct Cursor {
    at: usize,
    lines_before: u64,
    inner_newlines: u64,
    header_done: bool,
}

impl Cursor {
    const START: Cursor = Cursor { at: 0, lines_before: 0, inner_newlines: 0, header_done: false };
}

/// How a part of a CSV read ended.
enum Part {
    Ended,
    Stopped,
    /// At the record starting at the split point.
    AtBoundary(Cursor),
}

/// Where a large CSV input may be cut in two for two threads: the start of the first line past
/// the middle at which the quotes before it are balanced (outside any quoted cell) and which
/// is not blank. `None` for small inputs or one core. Should the cut still fall inside a record
/// as the reader sees it (a stray quote in an unquoted cell), the first part reads past it
/// and the second part's work is dropped; the result is the same, only slower.
fn split_point(bytes: &[u8]) -> Option<usize> {
    if bytes.len() < SPLIT_AT || std::thread::available_parallelism().map_or(1, usize::from) < 2 {
        return None;
    }
    let middle = bytes.len() / 2;
    let mut quoted = memchr::memchr_iter(b'"', &bytes[..middle]).count() % 2 == 1;
    for (i, &b) in bytes[middle..].iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                let at = middle + i + 1;
                return match bytes.get(at) {
                    Some(b'\n' | b'\r') | None => None,
                    Some(_) => Some(at),
                };
            }
            _ => {}
        }
    }
    None
}

/// The message of a file past its row limit.
fn too_many_rows(max_rows: usize) -> ImportIssue {
    ImportIssue::new(
        IssueCode::TooManyRows,
        None,
        format!("the file has more than {max_rows} rows; the limit is {max_rows}. Split it into smaller files"),
    )
}

/// The cells of the CSV record that starts at byte `at`.
fn reread_csv(bytes: &[u8], delimiter: u8, at: u64) -> Vec<String> {
    let part = usize::try_from(at).ok().and_then(|at| bytes.get(at..)).unwrap_or_default();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(part);
    let mut record = csv::ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => record.iter().map(|c| String::from_utf8_lossy(c).into_owned()).collect(),
        _ => Vec::new(),
    }
}

/// One spreadsheet row as text in one reused buffer.
#[derive(Default)]
struct LineBuf {
    text: String,
    ends: Vec<usize>,
    errors: Vec<bool>,
}

impl LineBuf {
    fn fill(&mut self, cells: &[Data]) {
        self.text.clear();
        self.ends.clear();
        self.errors.clear();
        for cell in cells {
            let mut error = false;
            match cell {
                Data::Empty => {}
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => self.text.push_str(s),
                // I1: a whole number stored as a float (a code such as 1001.0) reads as "1001".
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                    let _ = write!(self.text, "{}", *f as i64);
                }
                Data::Float(f) => {
                    let _ = write!(self.text, "{f}");
                }
                Data::Int(i) => {
                    let _ = write!(self.text, "{i}");
                }
                Data::Bool(b) => self.text.push_str(if *b { "true" } else { "false" }),
                // I1: dates as ISO dates; a date with a time of day keeps the time.
                Data::DateTime(d) => match d.as_datetime() {
                    Some(dt) if dt.time() == chrono::NaiveTime::MIN => {
                        let _ = write!(self.text, "{}", dt.date().format("%Y-%m-%d"));
                    }
                    Some(dt) => {
                        let _ = write!(self.text, "{}", dt.format("%Y-%m-%dT%H:%M:%S"));
                    }
                    None => {
                        let _ = write!(self.text, "{}", d.as_f64());
                    }
                },
                Data::Error(e) => {
                    error = true;
                    let _ = write!(self.text, "{e}");
                }
            }
            self.ends.push(self.text.len());
            self.errors.push(error);
        }
    }
}

impl Cells for LineBuf {
    fn cell(&self, i: usize) -> &str {
        let Some(&end) = self.ends.get(i) else { return "" };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end).unwrap_or("")
    }
    fn width(&self) -> usize {
        self.ends.len()
    }
    fn is_error(&self, i: usize) -> bool {
        self.errors.get(i).copied().unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::rows::RowChecker;

    /// A CSV past `SPLIT_AT`: repeats across the cut, bad rows, quoted cells with commas and
    /// newlines, blank lines.
    fn big_csv() -> Vec<u8> {
        let mut text = String::from("Customer Name,Customer Code,Email Address,Active\n");
        let mut i = 0;
        while text.len() < SPLIT_AT + SPLIT_AT / 2 {
            let name = match i % 50 {
                0 => format!("\"Smith, Jones {i}\""),
                1 => format!("\"Two\nLines {i}\""),
                2 => format!("\"Quoted \"\"name\"\" {i}\""),
                3 => String::new(),
                _ => format!("Customer {i}"),
            };
            let code = if i % 97 == 0 { format!("R{}", i % 7) } else { format!("C{i}") };
            let email = if i % 31 == 0 { "nobody".to_owned() } else { format!("o{i}@x.example") };
            text.push_str(&format!("{name},{code},{email},{}\n", if i % 43 == 0 { "maybe" } else { "yes" }));
            if i % 1000 == 0 {
                text.push('\n');
            }
            i += 1;
        }
        text.into_bytes()
    }

    fn run(bytes: &[u8], split: bool) -> ImportReport {
        let options = ImportOptions {
            unique_names: true,
            limits: crate::import::ImportLimits { max_rows: 1_000_000, max_bytes: 1 << 30 },
            ..Default::default()
        };
        let mut checker = RowChecker::new(true, None);
        read(bytes, &options, &mut checker, &mut |_, _, _| {}, &mut |_| true, split).expect("read").0
    }

    #[test]
    fn i3_a_large_csv_read_on_two_threads_reports_as_one_thread_does() {
        let bytes = big_csv();
        assert!(split_point(&bytes).is_some() || std::thread::available_parallelism().map_or(1, usize::from) < 2);
        let (one, two) = (run(&bytes, false), run(&bytes, true));
        assert!(one.error_rows > 1000, "{}", one.error_rows);
        assert_eq!(one.issues.len(), two.issues.len());
        for (a, b) in one.issues.iter().zip(&two.issues) {
            assert_eq!(a, b);
        }
        assert_eq!(one, two);
    }

    #[test]
    fn i3_two_threads_on_the_benchmark_file() {
        let mut text =
            String::from("Customer Name,Customer Code,Email Address,Phone Number,Contact Person,Active,Price Group\n");
        for i in 0..60_000 {
            let mut r = [
                format!("Customer {i} Pty Ltd"),
                format!("C{i:07}"),
                format!("orders{i}@customer{}.example", i % 977),
                format!("+61 2 {:04} {:04}", i % 10_000, (i * 7) % 10_000),
                format!("Contact {}", i % 5000),
                if i % 10 == 0 { "No" } else { "Yes" }.to_owned(),
                ["Trade", "Retail", ""][i % 3].to_owned(),
            ];
            if i % 33 == 5 {
                match (i / 33) % 4 {
                    0 => r[2] = format!("orders{i}@nowhere"),
                    1 => r[0].clear(),
                    2 => r[5] = "maybe".to_owned(),
                    _ => r[1] = "C0000001".to_owned(),
                }
            }
            text.push_str(&r.join(","));
            text.push('\n');
        }
        let bytes = text.into_bytes();
        let (one, two) = (run(&bytes, false), run(&bytes, true));
        let rows = |r: &ImportReport| r.rejected.iter().map(|x| x.row).collect::<Vec<_>>();
        let (a, b) = (rows(&one), rows(&two));
        let missing: Vec<_> = a.iter().filter(|r| !b.contains(r)).collect();
        let extra: Vec<_> = b.iter().filter(|r| !a.contains(r)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "missing {missing:?} extra {extra:?} split {:?}",
            split_point(&bytes)
        );
        assert_eq!(one, two);
    }

    #[test]
    fn i3_a_cut_inside_a_record_falls_back_to_one_thread() {
        // Every line after the middle is inside one quoted cell, and a stray quote in an
        // unquoted cell throws the quote count off: no cut is clean.
        let mut text = String::from("Customer Name,Customer Code\n");
        while text.len() < SPLIT_AT / 2 {
            text.push_str("Name,C\n");
        }
        text.push_str("Stray\"quote,S\n\"Open");
        while text.len() < SPLIT_AT * 2 {
            text.push_str(" line\n");
        }
        text.push_str("\",Z\nLast,Y\n");
        let bytes = text.into_bytes();
        assert_eq!(run(&bytes, false), run(&bytes, true));
    }
}
