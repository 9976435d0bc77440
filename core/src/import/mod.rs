//! Import and export of customers (I1–I6, E1).
//!
//! A file is read once, row by row, by [`validate_import`] (no workspace: what a script runs
//! over a supplier's spreadsheet) or by [`crate::Workspace::preview_import`], which adds what
//! only a workspace knows (existing codes, price groups, names) and classifies every row as a
//! create, an update or an error. [`crate::Workspace::confirm_import`] re-runs the same checks
//! against the workspace as it is then, refuses as stale if any row would now come out
//! differently, and writes every valid row in one atomic store call.
//!
//! ```
//! use orderlink::import::{validate_import, ImportOptions};
//! let csv = "Customer Name,Email Address\nCorner Deli,orders@deli.example\n,bad@\n";
//! let report = validate_import(csv.as_bytes(), &ImportOptions::default()).unwrap();
//! assert_eq!((report.rows_read, report.valid_rows, report.error_rows), (2, 1, 1));
//! assert_eq!(report.issues[0].code.as_str(), "NAME_REQUIRED");
//! assert_eq!(report.issues[0].row, Some(3));
//! ```

pub(crate) mod batch;
pub(crate) mod columns;
mod errfile;
pub(crate) mod export;
pub(crate) mod mapping;
pub(crate) mod path;
pub(crate) mod plan;
pub(crate) mod read;
pub(crate) mod rows;
mod xlsx;

pub use batch::{
    plan_undo, BatchRow, FieldChange, FieldValue, ImportBatch, KeptReason, UndoKept, UndoPlan, UndoReport,
};
pub use columns::ImportField;
pub use export::{neutralise_cell, EXPORT_FIELDS};
pub use mapping::{
    check_mapping_name, mapping_name_key, suggest_mapping, ColumnMapping, FieldCandidate, MappedColumn, MappingEntry,
    MappingSuggestion, MatchedBy, SavedMapping,
};
pub use path::read_path;
pub use plan::{ImportPreview, ImportResult, MappingChoice, PreviewRow, RowAction};

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// I1: the kinds of input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    /// Comma, semicolon or tab separated, detected from the header line.
    Csv,
    /// The first sheet of a workbook, or the one named in [`ImportOptions::sheet`].
    Xlsx,
    /// Rows copied from a spreadsheet: tab separated.
    Pasted,
}

impl ImportFormat {
    /// XLSX when the bytes are a zip archive, CSV otherwise.
    pub fn detect(bytes: &[u8]) -> ImportFormat {
        if bytes.starts_with(b"PK\x03\x04") {
            ImportFormat::Xlsx
        } else {
            ImportFormat::Csv
        }
    }

    /// The format a file's name says, when it says more than its bytes do: `.tsv` and `.txt`
    /// are pasted rows; anything else is left to [`ImportFormat::detect`].
    ///
    /// ```
    /// use orderlink::import::ImportFormat;
    /// assert_eq!(ImportFormat::for_path(std::path::Path::new("rows.TSV")), Some(ImportFormat::Pasted));
    /// assert_eq!(ImportFormat::for_path(std::path::Path::new("customers.csv")), None);
    /// ```
    pub fn for_path(path: &std::path::Path) -> Option<ImportFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        matches!(ext.as_str(), "tsv" | "txt").then_some(ImportFormat::Pasted)
    }

    /// The name every language uses.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportFormat::Csv => "csv",
            ImportFormat::Xlsx => "xlsx",
            ImportFormat::Pasted => "pasted",
        }
    }
}

impl std::str::FromStr for ImportFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(ImportFormat::Csv),
            "xlsx" => Ok(ImportFormat::Xlsx),
            "pasted" | "paste" | "tsv" => Ok(ImportFormat::Pasted),
            _ => Err(Error::invalid("format", format!("'{s}' is not one of csv, xlsx, pasted"))),
        }
    }
}

/// I5, R2: how much one import may hold and spend. Past a limit the file is refused whole, with
/// one issue; every limit is checked before the memory or work it guards is spent, against what
/// has been read, never against what the file says it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImportLimits {
    /// Data rows (the header not counted, blank rows counted).
    pub max_rows: usize,
    /// Size of the file in bytes (a path is never read past it).
    pub max_bytes: usize,
    /// XLSX: bytes once inflated, for any one part of the workbook (a sheet, the shared strings).
    pub max_part_bytes: usize,
    /// XLSX: bytes once inflated, every part read added together.
    pub max_inflated_bytes: usize,
    /// XLSX: entries in the shared-strings table.
    pub max_shared_strings: usize,
    /// XLSX: text of the shared-strings table, in bytes.
    pub max_shared_string_bytes: usize,
    /// Columns of the sheet (header or any row); never more than a spreadsheet's 16,384.
    pub max_columns: usize,
    /// Issues kept in the report for any one code; the rest are counted in the summary.
    pub max_issues_per_code: usize,
}

/// A spreadsheet's own column limit (XFD): no limit may go past it.
pub const SHEET_MAX_COLUMNS: usize = 16_384;

impl ImportLimits {
    /// R2: limits a workspace may keep: every one above zero, and columns never past a
    /// spreadsheet's 16,384 ([`SHEET_MAX_COLUMNS`]). `INVALID_ARGUMENT` otherwise.
    pub fn check(&self) -> Result<()> {
        let all = [
            self.max_rows,
            self.max_bytes,
            self.max_part_bytes,
            self.max_inflated_bytes,
            self.max_shared_strings,
            self.max_shared_string_bytes,
            self.max_columns,
            self.max_issues_per_code,
        ];
        if all.contains(&0) {
            return Err(Error::invalid("import limits", "every import limit must be above zero"));
        }
        if self.max_columns > SHEET_MAX_COLUMNS {
            return Err(Error::invalid(
                "import limits",
                format!("max_columns is at most {SHEET_MAX_COLUMNS}, a spreadsheet's columns"),
            ));
        }
        Ok(())
    }
}

/// 50,000 rows and 20 MiB: a large wholesaler's whole customer list, with room to spare. An
/// XLSX may inflate to 256 MiB in a part and 512 MiB in all (a 20 MiB sheet of short cells
/// inflates about tenfold); 1,000,000 shared strings of 64 MiB; 1,024 columns (the import has 8
/// fields); 1,000 issues per code.
impl Default for ImportLimits {
    fn default() -> Self {
        ImportLimits {
            max_rows: 50_000,
            max_bytes: 20 * 1024 * 1024,
            max_part_bytes: 256 * 1024 * 1024,
            max_inflated_bytes: 512 * 1024 * 1024,
            max_shared_strings: 1_000_000,
            max_shared_string_bytes: 64 * 1024 * 1024,
            max_columns: 1_024,
            max_issues_per_code: 1_000,
        }
    }
}

/// How [`validate_import`] reads a file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImportOptions {
    /// `None`: detected from the bytes (XLSX when a zip archive, else CSV).
    pub format: Option<ImportFormat>,
    /// XLSX: the sheet to read; the first one when `None`.
    pub sheet: Option<String>,
    /// I5 / R2: how much of the file may be read and kept before it is refused whole.
    pub limits: ImportLimits,
    /// C4: report names repeated in the file (`NAME_DUPLICATE`).
    pub unique_names: bool,
    /// When given, a Price Group not in this list is `PRICE_GROUP_UNKNOWN`. A workspace preview
    /// always checks against the workspace's groups.
    pub price_groups: Option<Vec<String>>,
    /// I7: an explicit column mapping; headers it does not name are matched by name (I2).
    pub mapping: Option<ColumnMapping>,
}

/// I3: how bad an issue is. Rows with an error are not imported; warnings are for reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The row cannot be imported (or, for a file-level issue, the file cannot).
    Error,
    /// Worth reading, but the row is still imported (e.g. `HEADER_UNKNOWN`).
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! issue_codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal, $severity:ident;)*) => {
        /// I3: the stable code of an import issue.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum IssueCode {
            $($(#[$doc])* $variant,)*
        }

        impl IssueCode {
            /// Every code, in the order of this list.
            pub const ALL: &'static [IssueCode] = &[$(IssueCode::$variant,)*];

            /// The code as every language spells it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(IssueCode::$variant => $code,)*
                }
            }

            /// Whether the issue stops the row (or the file) from being imported.
            pub fn severity(self) -> Severity {
                match self {
                    $(IssueCode::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

issue_codes! {
    /// C1: the name cell is blank.
    NameRequired = "NAME_REQUIRED", Error;
    /// C1: the name is over 200 characters.
    NameTooLong = "NAME_TOO_LONG", Error;
    /// C3: the email is not a valid address.
    EmailInvalid = "EMAIL_INVALID", Error;
    /// C2: an earlier row of the file has the same code (compared without case).
    CodeDuplicateInFile = "CODE_DUPLICATE_IN_FILE", Error;
    /// C4 (unique-names policy): another row, or another customer, has this name.
    NameDuplicate = "NAME_DUPLICATE", Error;
    /// Active / Order Web Blocked is not one of yes, no, true, false, y, n, 1, 0.
    BooleanInvalid = "BOOLEAN_INVALID", Error;
    /// The price group does not exist.
    PriceGroupUnknown = "PRICE_GROUP_UNKNOWN", Error;
    /// A cell is longer than its column allows (code 64, phone 50, contact 200, price group 100).
    CellTooLong = "CELL_TOO_LONG", Error;
    /// A spreadsheet error value (#N/A, #REF! …) or a cell that cannot be read.
    CellInvalid = "CELL_INVALID", Error;
    /// S1: an inactive customer cannot have its order web blocked.
    OrderWebBlockedRequiresActive = "ORDER_WEB_BLOCKED_REQUIRES_ACTIVE", Error;
    /// The row is not valid UTF-8 (save the file as "CSV UTF-8").
    EncodingInvalid = "ENCODING_INVALID", Error;
    /// The row has more cells than the header has columns.
    RowRagged = "ROW_RAGGED", Error;
    /// I5: more data rows than the limit; the file is refused.
    TooManyRows = "TOO_MANY_ROWS", Error;
    /// I5: the file is larger than the limit; the file is refused.
    FileTooLarge = "FILE_TOO_LARGE", Error;
    /// The file cannot be read at all (a broken workbook, a missing sheet, a CSV syntax error).
    FileUnreadable = "FILE_UNREADABLE", Error;
    /// I2: there is no header row, or no Name column.
    HeaderMissing = "HEADER_MISSING", Error;
    /// I2: two columns mean the same field.
    HeaderDuplicate = "HEADER_DUPLICATE", Error;
    /// I2: a column that is not imported.
    HeaderUnknown = "HEADER_UNKNOWN", Warning;
    /// I3b: an XLSX formula cell that holds no calculated value (the file was written by a
    /// program that does not calculate); open and save it in a spreadsheet program.
    FormulaNotCalculated = "FORMULA_NOT_CALCULATED", Error;
    /// R2: more columns than the limit (never past a spreadsheet's 16,384); the file is refused.
    TooManyColumns = "TOO_MANY_COLUMNS", Error;
    /// R2: the workbook inflates past a limit (a part, all parts, or its shared strings); the
    /// file is refused.
    FileTooLargeInflated = "FILE_TOO_LARGE_INFLATED", Error;
    /// R4: a cell holds a NUL or another control character that no field allows.
    TextInvalid = "TEXT_INVALID", Error;
    /// I8: the Record ID is no customer's of this workspace (or is not a record id at all).
    RecordUnknown = "RECORD_UNKNOWN", Error;
    /// I8: the Record ID and the Code point at two different customers.
    RecordCodeConflict = "RECORD_CODE_CONFLICT", Error;
    /// I8: an earlier row of the file updates the same customer (by its Record ID or code).
    RecordDuplicateInFile = "RECORD_DUPLICATE_IN_FILE", Error;
}

impl std::fmt::Display for IssueCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// I3: one problem, where the user will look for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportIssue {
    /// The row number the spreadsheet shows (the header is row 1 in a file that starts with
    /// it); `None` for the file as a whole.
    pub row: Option<u32>,
    /// The column's header as written in the file.
    pub column: Option<String>,
    /// I3: the stable code (e.g. `EMAIL_INVALID`), the same in every language.
    pub code: IssueCode,
    /// What is wrong and what to do, for a person.
    pub message: String,
    /// The offending value, as read.
    pub value: Option<String>,
    /// Whether the row (or the file) can still be imported.
    pub severity: Severity,
}

impl ImportIssue {
    pub(crate) fn new(code: IssueCode, row: Option<u32>, message: impl Into<String>) -> ImportIssue {
        ImportIssue { row, column: None, code, message: message.into(), value: None, severity: code.severity() }
    }

    pub(crate) fn at(mut self, column: &str, value: &str) -> ImportIssue {
        self.column = Some(column.to_owned());
        self.value = Some(value.to_owned());
        self
    }
}

/// I3: the issues of one code, grouped so a person can read them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssueGroup {
    /// The code the issues share.
    pub code: IssueCode,
    /// The code's severity.
    pub severity: Severity,
    /// How many issues had this code, including any past
    /// [`ImportLimits::max_issues_per_code`] that were counted but not kept (R2).
    pub count: usize,
    /// Every row with this code, ascending (empty for file-level issues).
    pub rows: Vec<u32>,
    /// "EMAIL_INVALID in rows 2, 4, 9 and 212 others", or the message of a file-level issue.
    pub text: String,
}

/// A user's row that was not imported, kept for the error file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedRow {
    /// The row number the spreadsheet shows.
    pub row: u32,
    /// The cells as read, one per header column (and any extra cells of a ragged row).
    pub cells: Vec<String>,
}

/// What reading and checking a file found (I1–I3, I5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// I1: the format read (given, or detected).
    pub format: ImportFormat,
    /// The header cells as written.
    pub headers: Vec<String>,
    /// The field each header column was matched to (I2), `None` for unknown columns.
    pub columns: Vec<Option<ImportField>>,
    /// Data rows read, blank ones included: `blank_rows + valid_rows + error_rows`.
    pub rows_read: usize,
    /// Data rows with every cell blank: skipped, never an error.
    pub blank_rows: usize,
    /// Rows with no error (they may have warnings).
    pub valid_rows: usize,
    /// Rows with at least one error: none of them will be imported.
    pub error_rows: usize,
    /// Every issue kept, the file-level ones first, then by row: at most
    /// [`ImportLimits::max_issues_per_code`] of each code (R2), the first ones by row.
    pub issues: Vec<ImportIssue>,
    /// R2: for each code with more issues than the limit keeps, how many more there were
    /// (issues not in [`ImportReport::issues`]). [`ImportReport::summary`] counts them: a
    /// group's `count` is kept plus dropped, and its text says "and N others". A code with
    /// none dropped is absent.
    #[serde(default)]
    pub issues_dropped: BTreeMap<IssueCode, usize>,
    /// A file-level error: nothing in this file can be imported.
    pub refused: bool,
    /// The rows with an error, as the user wrote them (for [`ImportReport::error_file_csv`]).
    pub rejected: Vec<RejectedRow>,
}

impl ImportReport {
    pub(crate) fn empty(format: ImportFormat) -> ImportReport {
        ImportReport {
            format,
            headers: Vec::new(),
            columns: Vec::new(),
            rows_read: 0,
            blank_rows: 0,
            valid_rows: 0,
            error_rows: 0,
            issues: Vec::new(),
            issues_dropped: BTreeMap::new(),
            refused: false,
            rejected: Vec::new(),
        }
    }

    /// Whether any row or the file has an error.
    pub fn has_errors(&self) -> bool {
        self.refused || self.error_rows > 0
    }

    /// R2: keeps at most `max` issues of each code among `issues[from..]`, `kept` counting
    /// each code's issues kept so far (indexed by `code as usize`); the rest are counted in
    /// [`ImportReport::issues_dropped`]. Costs only the issues from `from` on.
    pub(crate) fn cap_issues(&mut self, from: usize, max: usize, kept: &mut [usize; IssueCode::ALL.len()]) {
        let mut write = from;
        for read in from..self.issues.len() {
            let code = self.issues[read].code;
            let count = &mut kept[code as usize];
            if *count < max {
                *count += 1;
                self.issues.swap(write, read);
                write += 1;
            } else {
                *self.issues_dropped.entry(code).or_default() += 1;
            }
        }
        self.issues.truncate(write);
    }

    /// R2: [`ImportReport::cap_issues`] over every issue, in the order they are in (once
    /// sorted by row: the first rows' issues are kept).
    pub(crate) fn cap_all_issues(&mut self, max: usize) {
        self.cap_issues(0, max, &mut [0; IssueCode::ALL.len()]);
    }

    /// I3: the issues grouped by code, errors first, each with its rows and a readable line.
    /// Issues dropped by the per-code limit (R2) are counted: in their code's group of rows,
    /// or, for a file-level code, in one more group saying how many were not listed.
    pub fn summary(&self) -> Vec<IssueGroup> {
        let mut groups: Vec<IssueGroup> = Vec::new();
        for issue in &self.issues {
            match issue.row {
                None => groups.push(IssueGroup {
                    code: issue.code,
                    severity: issue.severity,
                    count: 1,
                    rows: Vec::new(),
                    text: format!("{}: {}", issue.code, issue.message),
                }),
                Some(row) => match groups.iter_mut().find(|g| g.code == issue.code && !g.rows.is_empty()) {
                    Some(g) => {
                        g.count += 1;
                        if g.rows.last() != Some(&row) {
                            g.rows.push(row);
                        }
                    }
                    None => groups.push(IssueGroup {
                        code: issue.code,
                        severity: issue.severity,
                        count: 1,
                        rows: vec![row],
                        text: String::new(),
                    }),
                },
            }
        }
        for (&code, &dropped) in &self.issues_dropped {
            match groups.iter_mut().find(|g| g.code == code && !g.rows.is_empty()) {
                Some(g) => g.count += dropped,
                None => groups.push(IssueGroup {
                    code,
                    severity: code.severity(),
                    count: dropped,
                    rows: Vec::new(),
                    text: format!("{code}: {dropped} more like the above, not listed"),
                }),
            }
        }
        for g in groups.iter_mut().filter(|g| !g.rows.is_empty()) {
            g.rows.sort_unstable();
            g.rows.dedup();
            let dropped = self.issues_dropped.get(&g.code).copied().unwrap_or(0);
            g.text = format!("{} in {}", g.code, rows_text(&g.rows, dropped));
        }
        groups.sort_by_key(|g| (g.severity, g.rows.is_empty() as u8 ^ 1, g.rows.first().copied()));
        groups
    }

    /// The summary as lines of text, for a terminal or a log.
    pub fn summary_text(&self) -> String {
        let mut out = format!(
            "{} rows read: {} valid, {} with errors, {} blank\n",
            self.rows_read, self.valid_rows, self.error_rows, self.blank_rows
        );
        for g in self.summary() {
            out.push_str(&format!("{}: {}\n", g.severity.as_str(), g.text));
        }
        out
    }
}

/// "row 7", "rows 2, 4 and 9", "rows 2, 4, 9 and 212 others"; `dropped` issues (R2) not in
/// `rows` are among the others.
fn rows_text(rows: &[u32], dropped: usize) -> String {
    const SHOWN: usize = 3;
    let list = |rs: &[u32]| rs.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
    match rows.len() {
        1 if dropped == 0 => format!("row {}", rows[0]),
        n if n <= SHOWN + 1 && dropped == 0 => format!("rows {} and {}", list(&rows[..n - 1]), rows[n - 1]),
        n => {
            let shown = &rows[..n.min(SHOWN)];
            let word = if shown.len() == 1 { "row" } else { "rows" };
            format!("{word} {} and {} others", list(shown), n - shown.len() + dropped)
        }
    }
}

/// R2: progress of a long read: called every [`PROGRESS_EVERY`] rows or
/// [`PROGRESS_EVERY_BYTES`] bytes of input, whichever comes first, and once at the end.
/// Returning `false` from the callback stops the read with `IMPORT_CANCELLED`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportProgress {
    /// Data rows read so far (blank rows included).
    pub rows_read: usize,
    /// How far through the input, in bytes of `total`: the file's (CSV, pasted rows) or the
    /// sheet's once inflated (XLSX).
    pub done: u64,
    /// The end of `done`: the input's bytes (CSV) or the sheet's inflated bytes as best known
    /// (XLSX: its declared size until the sheet ends, then what it really inflated to).
    pub total: u64,
    /// Bytes of the input read so far (CSV and pasted rows: up to the row just read; XLSX: of
    /// the sheet once inflated).
    pub bytes_read: u64,
    /// Bytes of the whole input (XLSX: of the sheet once inflated, as `total`).
    pub bytes_total: u64,
}

/// How often progress is reported, in rows (or sooner, see [`PROGRESS_EVERY_BYTES`]).
pub const PROGRESS_EVERY: usize = 1_000;

/// How often progress is reported, in bytes of input read (or sooner, see [`PROGRESS_EVERY`]).
pub const PROGRESS_EVERY_BYTES: u64 = 64 * 1024;

/// I1–I3, I5 without a workspace: reads `bytes` and reports every issue. File problems are
/// issues in the report, never an `Err`; the only errors are bad options.
pub fn validate_import(bytes: &[u8], options: &ImportOptions) -> Result<ImportReport> {
    validate_import_with_progress(bytes, options, &mut |_| true)
}

/// [`validate_import`] calling `progress` as it goes; returning `false` from it stops the read
/// with `IMPORT_CANCELLED`.
pub fn validate_import_with_progress(
    bytes: &[u8],
    options: &ImportOptions,
    progress: &mut dyn FnMut(ImportProgress) -> bool,
) -> Result<ImportReport> {
    validate(read::Input::Bytes(bytes), options, progress)
}

/// R2, R5: [`validate_import`] of the file at `path`, opened and checked as [`read_path`] does
/// (a regular file, never read past `limits.max_bytes`; `FILE_NOT_REGULAR`, `FILE_TOO_LARGE`
/// or `FILE_UNREADABLE` as an `Err` otherwise). A workbook is read from the file a part at a
/// time rather than whole, so memory holds its shared strings and the report, not its bytes.
/// Without [`ImportOptions::format`], a `.tsv` or `.txt` name means pasted rows
/// ([`ImportFormat::for_path`]), and otherwise the first bytes decide.
///
/// ```
/// use orderlink::import::{validate_import_path, ImportOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let file = dir.path().join("c.csv");
/// std::fs::write(&file, "Name\nDeli\n").unwrap();
/// assert_eq!(validate_import_path(&file, &ImportOptions::default()).unwrap().valid_rows, 1);
/// assert_eq!(validate_import_path(dir.path(), &ImportOptions::default()).unwrap_err().code(), "FILE_NOT_REGULAR");
/// ```
pub fn validate_import_path(path: &std::path::Path, options: &ImportOptions) -> Result<ImportReport> {
    validate_import_path_with_progress(path, options, &mut |_| true)
}

/// [`validate_import_path`] calling `progress` as it goes; returning `false` from it stops the
/// read with `IMPORT_CANCELLED`.
pub fn validate_import_path_with_progress(
    path: &std::path::Path,
    options: &ImportOptions,
    progress: &mut dyn FnMut(ImportProgress) -> bool,
) -> Result<ImportReport> {
    let file = path::Opened::open(path, &options.limits)?;
    let mut options = std::borrow::Cow::Borrowed(options);
    if options.format.is_none() {
        options.to_mut().format = ImportFormat::for_path(path);
    }
    validate(read::Input::File(file), &options, progress)
}

fn validate(
    input: read::Input<'_>,
    options: &ImportOptions,
    progress: &mut dyn FnMut(ImportProgress) -> bool,
) -> Result<ImportReport> {
    let groups = options.price_groups.as_ref().map(|g| g.iter().map(|n| crate::pricing::group_key(n)).collect());
    let mut checker = rows::RowChecker::new(options.unique_names, groups);
    let (mut report, _) = read::read(input, options, &mut checker, &mut |_, _, _| {}, progress)?;
    report.issues.sort_by_key(|i| (i.row.is_some(), i.row));
    report.cap_all_issues(options.limits.max_issues_per_code);
    Ok(report)
}
