//! I1, I5: the readers. Each walks its input once, row by row, handing every row to the
//! checker; nothing here decides what a valid row is.

use super::columns::Columns;
use super::mapping::ColumnMapping;
use super::rows::{Cells, Checked, RowChecker, RowValues};
use super::xlsx::{Book, LineBuf, Step};
use super::{
    ImportFormat, ImportIssue, ImportOptions, ImportProgress, ImportReport, IssueCode, RejectedRow, PROGRESS_EVERY,
    PROGRESS_EVERY_BYTES, SHEET_MAX_COLUMNS,
};
use crate::error::{Error, Result};
use std::io::{Read, Seek};

/// I1, R2: what an import reads: bytes the caller holds, or a file it named by path (opened and
/// checked by [`super::path::Opened::open`]), which is read through the byte limit and, when it
/// is a workbook, never held whole: its parts are read from the file as they are needed.
pub(crate) enum Input<'b> {
    /// The file's bytes.
    Bytes(&'b [u8]),
    /// A regular file no larger than the byte limit, opened from a path.
    File(super::path::Opened),
}

/// Called with each valid row: its sheet row number, its values and its cells.
pub(crate) type OnValid<'f> = dyn FnMut(u32, &RowValues<'_>, &dyn Cells) + 'f;

/// Reads a whole input: the report, and the matched columns unless the file was refused.
/// File-level problems end up in the report (`refused`); `Err` only for a cancelled read.
///
/// A file named by path is an `Err` when it cannot be read (`FILE_UNREADABLE`, or
/// `FILE_TOO_LARGE` when it grew past the limit while it was read), as [`super::read_path`] is.
pub(crate) fn read(
    input: Input<'_>,
    options: &ImportOptions,
    checker: &mut RowChecker,
    on_valid: &mut OnValid<'_>,
    progress: &mut dyn FnMut(ImportProgress) -> bool,
) -> Result<(ImportReport, Option<Columns>)> {
    let mut input = input;
    let format = match (&mut input, options.format) {
        (_, Some(format)) => format,
        (Input::Bytes(bytes), None) => ImportFormat::detect(bytes),
        (Input::File(f), None) => ImportFormat::detect(&f.peek(4)?),
    };
    // A workbook named by path is read from the file, a part at a time; anything else is read
    // whole (a CSV is read in one pass, and its repeats again from the bytes).
    let owned;
    let (bytes, file) = match input {
        Input::Bytes(bytes) => (bytes, None),
        Input::File(f) if format == ImportFormat::Xlsx => (&[][..], Some(f)),
        Input::File(f) => {
            owned = f.read_all()?;
            (&owned[..], None)
        }
    };
    let len = file.as_ref().map_or(bytes.len() as u64, |f| f.len());
    let mut report = ImportReport::empty(format);
    let limits = options.limits;
    if len > limits.max_bytes as u64 {
        report.refuse(ImportIssue::new(
            IssueCode::FileTooLarge,
            None,
            format!("the file is {len} bytes; the limit is {} bytes. Split it into smaller files", limits.max_bytes),
        ));
        return Ok((report, None));
    }
    // Room for a row every 16 bytes (an XLSX row can take under 50): reserved memory costs
    // nothing until it is written, while growing copies everything noted so far.
    checker.reserve(limits.max_rows.min(usize::try_from(len / 16).unwrap_or(usize::MAX)));
    let mut walk = Walk {
        report,
        columns: None,
        checker,
        on_valid,
        progress,
        max_rows: limits.max_rows,
        max_columns: limits.max_columns.min(SHEET_MAX_COLUMNS),
        max_issues: limits.max_issues_per_code,
        kept_issues: [0; IssueCode::ALL.len()],
        bytes_read: 0,
        bytes_total: len,
        reported: (0, 0),
        mapping: options.mapping.as_ref(),
    };
    let sheet = options.sheet.as_deref();
    match (format, file) {
        (_, Some(file)) => walk.xlsx(file.reader(), sheet, &limits)?,
        (ImportFormat::Csv, None) => walk.csv(bytes, None)?,
        (ImportFormat::Pasted, None) => walk.csv(bytes, Some(b'\t'))?,
        (ImportFormat::Xlsx, None) => walk.xlsx(std::io::Cursor::new(bytes), sheet, &limits)?,
    }
    let (mut report, columns) = (walk.report, walk.columns);
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
        let issues = &self.issues;
        self.issues_dropped.retain(|code, _| issues.iter().any(|i| i.code == *code));
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
    /// R2: the column limit, never past a spreadsheet's.
    max_columns: usize,
    /// R2: issues kept per code.
    max_issues: usize,
    /// R2: issues kept so far, by code.
    kept_issues: [usize; IssueCode::ALL.len()],
    /// R2: bytes of the input read so far, as far as the reader can tell (0 when it cannot).
    bytes_read: u64,
    bytes_total: u64,
    /// Rows and bytes read when progress was last reported.
    reported: (usize, u64),
    /// I7: the explicit column mapping, if any.
    mapping: Option<&'a ColumnMapping>,
}

/// Whether to keep reading.
enum Next {
    More,
    Stop,
}

impl Walk<'_, '_> {
    /// R2: refuses the file when a row (`None`: the header) has more cells than the column
    /// limit, before they are kept anywhere. Whether it was refused.
    fn too_wide(&mut self, width: usize, row: Option<u32>) -> bool {
        if width <= self.max_columns {
            return false;
        }
        let which = row.map_or_else(|| "the header row".to_owned(), |r| format!("row {r}"));
        self.report.refuse(ImportIssue::new(
            IssueCode::TooManyColumns,
            None,
            format!(
                "{which} has {width} cells; the limit is {} columns. Remove the extra columns (or the \
                 delimiters at the ends of the lines)",
                self.max_columns
            ),
        ));
        true
    }

    /// The header row.
    fn header<C: Cells + ?Sized>(&mut self, cells: &C) -> Next {
        if self.too_wide(cells.width(), None) {
            return Next::Stop;
        }
        let headers: Vec<String> = (0..cells.width()).map(|i| cells.cell(i).trim().to_owned()).collect();
        let before = self.report.issues.len();
        let (columns, fields) = Columns::match_headers(headers.clone(), self.mapping, &mut self.report.issues);
        self.report.cap_issues(before, self.max_issues, &mut self.kept_issues);
        self.report.headers = headers;
        self.report.columns = fields;
        if self.report.issues.iter().any(|i| i.severity == super::Severity::Error) {
            self.report.refused = true;
            return Next::Stop;
        }
        self.columns = Some(columns);
        Next::More
    }

    /// One data row. `done` (its byte offset in a CSV) is also where [`Walk::settle`]'s fetch
    /// finds it again.
    fn row<C: Cells>(&mut self, row: u32, cells: &C, done: u64, total: u64) -> Result<Next> {
        if self.columns.is_none() || self.too_wide(cells.width(), Some(row)) {
            return Ok(Next::Stop);
        }
        let Some(columns) = &self.columns else { return Ok(Next::Stop) };
        let report = &mut self.report;
        if report.rows_read >= self.max_rows {
            report.refuse(ImportIssue::new(
                IssueCode::TooManyRows,
                None,
                format!(
                    "the file has more than {} rows; the limit is {}. Split it into smaller files",
                    self.max_rows, self.max_rows
                ),
            ));
            return Ok(Next::Stop);
        }
        report.rows_read += 1;
        let before = report.issues.len();
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
        if report.issues.len() > before {
            report.cap_issues(before, self.max_issues, &mut self.kept_issues);
        }
        self.tick(done, total)?;
        Ok(Next::More)
    }

    /// R2: reports progress when [`PROGRESS_EVERY`] rows or [`PROGRESS_EVERY_BYTES`] bytes
    /// were read since it was last reported; `IMPORT_CANCELLED` when the callback says stop.
    fn tick(&mut self, done: u64, total: u64) -> Result<()> {
        let rows = self.report.rows_read;
        if rows - self.reported.0 < PROGRESS_EVERY
            && self.bytes_read.saturating_sub(self.reported.1) < PROGRESS_EVERY_BYTES
        {
            return Ok(());
        }
        self.reported = (rows, self.bytes_read);
        let p =
            ImportProgress { rows_read: rows, done, total, bytes_read: self.bytes_read, bytes_total: self.bytes_total };
        if (self.progress)(p) {
            Ok(())
        } else {
            Err(Error::ImportCancelled)
        }
    }

    /// Once every row is read: the rows that repeat an earlier row, their cells read again
    /// by `fetch` from where they were.
    fn settle(&mut self, fetch: &mut dyn FnMut(u64) -> Vec<String>) {
        if let (false, Some(columns)) = (self.report.refused, &self.columns) {
            let repeats = self.checker.finish(columns, fetch);
            self.report.add_repeats(repeats);
        }
    }

    fn finish(&mut self, total: u64) -> Result<()> {
        self.bytes_read = self.bytes_total;
        let p = ImportProgress {
            rows_read: self.report.rows_read,
            done: total,
            total,
            bytes_read: self.bytes_total,
            bytes_total: self.bytes_total,
        };
        if (self.progress)(p) {
            Ok(())
        } else {
            Err(Error::ImportCancelled)
        }
    }

    /// CSV (or pasted rows, with `delimiter` tab).
    fn csv(&mut self, bytes: &[u8], delimiter: Option<u8>) -> Result<()> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let total = bytes.len() as u64;
        let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(bytes));
        let builder = || {
            let mut b = csv::ReaderBuilder::new();
            b.has_headers(false).flexible(true).delimiter(delimiter);
            b
        };
        let mut reader = builder().from_reader(bytes);
        let mut record = csv::ByteRecord::new();
        let mut rows = RowNumbers { bytes, row: 0 };
        let mut first = true;
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    self.report.refuse(ImportIssue::new(
                        IssueCode::FileUnreadable,
                        None,
                        format!("the file cannot be read as CSV near line {line}: {e}"),
                    ));
                    return Ok(());
                }
            }
            let done = record.position().map_or(0, |p| p.byte());
            self.bytes_read = done;
            let (row, blanks) = rows.next(done);
            // I3a: the empty lines before a row are blank rows (not before the header).
            if !first {
                for blank in row.saturating_sub(blanks)..row {
                    if let Next::Stop = self.row(blank, &Vec::<String>::new(), done, total)? {
                        return Ok(());
                    }
                }
            }
            if self.too_wide(record.len(), (!first).then_some(row)) {
                return Ok(());
            }
            // The record moves through the UTF-8 check and back, keeping its buffers.
            let next = match csv::StringRecord::from_byte_record(record) {
                Ok(text) => {
                    let next = if first { Ok(self.header(&text)) } else { self.row(row, &text, done, total) };
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
                        self.bad_encoding(row, lossy, done, total)?
                    };
                    record = bad;
                    next
                }
            };
            first = false;
            if let Next::Stop = next {
                return Ok(());
            }
        }
        // A row starts a record wherever it is, so it reads the same from there.
        // A small buffer: each seek refills it, and a row is about a hundred bytes.
        let mut again = builder().buffer_capacity(512).from_reader(std::io::Cursor::new(bytes));
        self.settle(&mut |at| {
            let mut position = csv::Position::new();
            position.set_byte(at);
            match again.seek(position).map(|()| again.read_byte_record(&mut record)) {
                Ok(Ok(true)) => record.iter().map(|c| String::from_utf8_lossy(c).into_owned()).collect(),
                _ => Vec::new(),
            }
        });
        self.finish(total)
    }

    /// A row that is not UTF-8: one issue, and the row (decoded with replacement characters)
    /// kept for the error file.
    fn bad_encoding(&mut self, row: u32, cells: Vec<String>, done: u64, total: u64) -> Result<Next> {
        let report = &mut self.report;
        if report.rows_read >= self.max_rows {
            return self.row(row, &cells, 0, 0);
        }
        report.rows_read += 1;
        report.error_rows += 1;
        let before = report.issues.len();
        report.issues.push(ImportIssue::new(
            IssueCode::EncodingInvalid,
            Some(row),
            "the row is not UTF-8 text; save the file as \"CSV UTF-8\" and import it again",
        ));
        report.cap_issues(before, self.max_issues, &mut self.kept_issues);
        report.rejected.push(RejectedRow { row, cells });
        self.tick(done, total)?;
        Ok(Next::More)
    }

    /// XLSX: the named sheet or the first, streamed a row at a time by our own bounded reader
    /// (R2: every part counted as it inflates; see `xlsx/`).
    fn xlsx<R: Read + Seek>(&mut self, source: R, sheet: Option<&str>, limits: &super::ImportLimits) -> Result<()> {
        let mut book = match Book::open(source, limits) {
            Ok(b) => b,
            Err(e) => {
                self.report.refuse(e.issue());
                return Ok(());
            }
        };
        let mut reader = match book.sheet(sheet) {
            Ok(s) => s,
            Err(e) => {
                self.report.refuse(e.issue());
                return Ok(());
            }
        };
        // Columns are the sheet's own (A first); rows start at the first row with a value,
        // which is the header. Progress is in bytes of the sheet once inflated; a row's place
        // is where its <row> element starts, from where it is read again.
        let mut rows = SheetRows::default();
        loop {
            match reader.next() {
                Ok(Step::Row(row)) => {
                    let (at, total) = (reader.row_at(), reader.total());
                    (self.bytes_read, self.bytes_total) = (reader.done(), total);
                    if let Next::Stop = self.sheet_row(&mut rows, row, reader.line(), at, total)? {
                        return Ok(());
                    }
                }
                // A giant row still lets the caller stop the read.
                Ok(Step::Tick) => {
                    let (done, total) = (reader.done(), reader.total());
                    (self.bytes_read, self.bytes_total) = (done, total);
                    let progress = ImportProgress {
                        rows_read: self.report.rows_read,
                        done,
                        total,
                        bytes_read: done,
                        bytes_total: total,
                    };
                    if !(self.progress)(progress) {
                        return Err(Error::ImportCancelled);
                    }
                }
                Ok(Step::End) => break,
                Err(e) => {
                    self.report.refuse(e.issue());
                    return Ok(());
                }
            }
        }
        let total = reader.done();
        self.bytes_total = total;
        drop(reader);
        // The rows that repeat an earlier row are read again from where they start, in one
        // more pass over the sheet that inflates it but parses only those rows.
        match book.sheet(sheet) {
            Ok(mut again) => self.settle(&mut |at| again.cells_at(at)),
            Err(_) => self.settle(&mut |_| Vec::new()),
        }
        self.finish(total)
    }

    /// A row of the sheet with a value (0-based `row`): the blank rows since the last row with
    /// a value, then this one. `done` (where its `<row>` element starts) is unique to the row.
    fn sheet_row(&mut self, sheet: &mut SheetRows, row: u32, line: &LineBuf, done: u64, total: u64) -> Result<Next> {
        let Some(last) = sheet.last.replace(row) else { return Ok(self.header(line)) };
        for blank in last.saturating_add(1)..row {
            if let Next::Stop = self.row(blank.saturating_add(1), &LineBuf::default(), done, total)? {
                return Ok(Next::Stop);
            }
        }
        self.row(row.saturating_add(1), line, done, total)
    }
}

/// A sheet being streamed: the last row handed on.
#[derive(Default)]
struct SheetRows {
    last: Option<u32>,
}

/// I3a: the sheet row of each CSV record, from the bytes between records. The csv crate skips
/// empty lines and counts lines its own way; here a line ends at CR LF, CR alone or LF alone,
/// every empty line is a row, and line breaks inside a quoted cell are not (they are inside a
/// record, never between two).
struct RowNumbers<'b> {
    bytes: &'b [u8],
    /// The row of the last record; 0 before the first.
    row: u32,
}

impl RowNumbers<'_> {
    /// The row of the record the csv reader began at byte `at` (anywhere in the line breaks
    /// after the previous record), and how many empty lines come just before it since the
    /// previous record (or the start, for the first). Costs only the line breaks between the
    /// two records: a record never starts or ends with a line break outside quotes.
    fn next(&mut self, at: u64) -> (u32, u32) {
        let bytes = self.bytes;
        let at = usize::try_from(at).unwrap_or(usize::MAX).min(bytes.len());
        let is_break = |b: &u8| *b == b'\n' || *b == b'\r';
        let start = if self.row == 0 { 0 } else { at - bytes[..at].iter().rev().take_while(|b| is_break(b)).count() };
        let end = at + bytes[at..].iter().take_while(|b| is_break(b)).count();
        let run = &bytes[start..end];
        // CR LF is one break; CR alone and LF alone are one each.
        let crlf = run.windows(2).filter(|w| w == b"\r\n").count();
        let breaks = u32::try_from(run.len() - crlf).unwrap_or(u32::MAX);
        let (row, blanks) = if self.row == 0 {
            (breaks.saturating_add(1), breaks)
        } else {
            (self.row.saturating_add(breaks.max(1)), breaks.saturating_sub(1))
        };
        self.row = row;
        (row, blanks)
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
