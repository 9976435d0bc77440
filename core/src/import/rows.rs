//! I3: the one row check, used by `validate_import`, `preview_import` and `confirm_import`.

use super::columns::{Columns, ImportField};
use super::{ImportIssue, IssueCode};
use crate::customer::{check_name, check_text, code_key_into};
use crate::email::Email;
use crate::error::Error;
use crate::normalize::{normalize_name, trim};
use std::collections::HashSet;

/// A row's cells, however the reader holds them.
pub(crate) trait Cells {
    /// The cell's text ("" past the end of the row).
    fn cell(&self, i: usize) -> &str;
    /// How many cells the row has.
    fn width(&self) -> usize;
    /// A cell that held a spreadsheet error value (#N/A …).
    fn is_error(&self, _i: usize) -> bool {
        false
    }
    /// The row's cells as owned strings (for the error file).
    fn to_strings(&self) -> Vec<String> {
        (0..self.width()).map(|i| self.cell(i).to_owned()).collect()
    }
}

impl Cells for csv::StringRecord {
    fn cell(&self, i: usize) -> &str {
        self.get(i).unwrap_or("")
    }
    fn width(&self) -> usize {
        self.len()
    }
}

impl Cells for Vec<String> {
    fn cell(&self, i: usize) -> &str {
        self.get(i).map_or("", String::as_str)
    }
    fn width(&self) -> usize {
        self.len()
    }
}

/// E1: export marks a cell a spreadsheet would run as a formula with a leading apostrophe;
/// import reads the mark back off, so an export re-imports unchanged.
pub(crate) fn unmark(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// A row's values after the checks, borrowed from its cells. For each field: `None` when the
/// file has no such column; `Some(None)` when the cell is blank.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RowValues<'a> {
    pub name: &'a str,
    pub code: Option<Option<&'a str>>,
    pub email: Option<Option<&'a str>>,
    pub phone: Option<Option<&'a str>>,
    pub contact: Option<Option<&'a str>>,
    pub active: Option<Option<bool>>,
    pub order_web_blocked: Option<Option<bool>>,
    pub price_group: Option<Option<&'a str>>,
}

/// The outcome of checking one row.
pub(crate) enum Checked<'a> {
    /// Every cell blank: not imported, not an error.
    Blank,
    Valid(RowValues<'a>),
    /// At least one error; the issues were pushed.
    Invalid,
}

/// Yes/no cells: yes, no, true, false, y, n, 1, 0 (any case).
fn parse_bool(cell: &str) -> Option<bool> {
    const YES: [&str; 4] = ["yes", "true", "y", "1"];
    const NO: [&str; 4] = ["no", "false", "n", "0"];
    if YES.iter().any(|y| cell.eq_ignore_ascii_case(y)) {
        Some(true)
    } else if NO.iter().any(|n| cell.eq_ignore_ascii_case(n)) {
        Some(false)
    } else {
        None
    }
}

/// The issue a core validation error makes in an import.
pub(crate) fn issue_of(e: &Error, row: u32) -> ImportIssue {
    let code = match e {
        Error::NameRequired => IssueCode::NameRequired,
        Error::NameTooLong { .. } => IssueCode::NameTooLong,
        Error::EmailInvalid { .. } => IssueCode::EmailInvalid,
        Error::FieldTooLong { .. } => IssueCode::CellTooLong,
        Error::OrderWebBlockedRequiresActive => IssueCode::OrderWebBlockedRequiresActive,
        Error::NameTaken { .. } => IssueCode::NameDuplicate,
        Error::PriceGroupNotFound { .. } => IssueCode::PriceGroupUnknown,
        _ => IssueCode::CellInvalid,
    };
    ImportIssue::new(code, Some(row), e.to_string())
}

/// The keys of one kind (codes, or names) noted as a file is read; which rows repeat an
/// earlier row is settled once the whole file is read, by sorting the keys' hashes. The read
/// itself never looks anything up in a table too large for the cache (at a million rows that
/// lookup was most of the time). A small bit filter tells, as each key is noted, whether it
/// may have been seen before; only such rows keep a copy of their cells, for the error file.
#[derive(Default)]
pub(crate) struct KeyNotes {
    hasher: foldhash::fast::RandomState,
    /// One bit per hash bucket, set once a key in that bucket is noted.
    filter: Vec<u64>,
    /// log2 of the filter's bit count.
    filter_bits: u32,
    notes: Vec<Note>,
    /// The noted keys, back to back.
    keys: String,
}

struct Note {
    hash: u64,
    start: usize,
    row: u32,
    len: u32,
}

impl KeyNotes {
    /// Sizes the filter for about `rows` keys (8 bits a key: about 6 in 100 new keys look seen).
    fn reserve(&mut self, rows: usize) {
        let bits = (rows.saturating_mul(8)).clamp(1 << 12, 1 << 30).next_power_of_two();
        self.filter = vec![0; bits / 64];
        self.filter_bits = bits.trailing_zeros();
        self.notes.reserve(rows);
    }

    /// Notes `key` on `row`; `true` when it may repeat an earlier key.
    fn note(&mut self, key: &str, row: u32) -> bool {
        use std::hash::BuildHasher;
        if self.filter.is_empty() {
            self.reserve(0);
        }
        let hash = self.hasher.hash_one(key);
        let bit = (hash >> (64 - self.filter_bits)) as usize;
        let word = &mut self.filter[bit / 64];
        let seen = *word & (1 << (bit % 64)) != 0;
        *word |= 1 << (bit % 64);
        self.notes.push(Note { hash, start: self.keys.len(), row, len: u32::try_from(key.len()).unwrap_or(u32::MAX) });
        self.keys.push_str(key);
        seen
    }

    /// Every row whose key an earlier row has, with that earlier row: (row, first row).
    fn repeats(&mut self) -> Vec<(u32, u32)> {
        let mut notes = std::mem::take(&mut self.notes);
        // Stable: rows stay in file order within one hash.
        notes.sort_by_key(|n| n.hash);
        let key = |n: &Note| self.keys.get(n.start..n.start + n.len as usize).unwrap_or("");
        let mut found = Vec::new();
        for same_hash in notes.chunk_by(|a, b| a.hash == b.hash).filter(|g| g.len() > 1) {
            for (i, later) in same_hash.iter().enumerate().skip(1) {
                if let Some(first) = same_hash[..i].iter().find(|n| key(n) == key(later)) {
                    found.push((later.row, first.row));
                }
            }
        }
        found
    }
}

/// A row found, once the file was read, to repeat an earlier row's code or name: its issues
/// and its cells (for the error file).
pub(crate) struct RepeatRow {
    pub row: u32,
    pub issues: Vec<ImportIssue>,
    pub cells: Vec<String>,
}

/// Checks rows one at a time, remembering what within-file rules need (codes and names seen).
pub(crate) struct RowChecker {
    unique_names: bool,
    /// Group keys, sorted, when groups are checked (a workspace has few).
    groups: Option<Vec<String>>,
    codes: KeyNotes,
    names: KeyNotes,
    /// Cells of the rows whose code or name may repeat an earlier row's, in row order.
    maybe_repeats: Vec<(u32, Vec<String>)>,
    key: String,
}

impl RowChecker {
    pub fn new(unique_names: bool, groups: Option<HashSet<String>>) -> RowChecker {
        let groups = groups.map(|g| {
            let mut g: Vec<String> = g.into_iter().collect();
            g.sort_unstable();
            g
        });
        RowChecker {
            unique_names,
            groups,
            codes: KeyNotes::default(),
            names: KeyNotes::default(),
            maybe_repeats: Vec::new(),
            key: String::new(),
        }
    }

    /// Room for about `rows` rows' keys.
    pub fn reserve(&mut self, rows: usize) {
        self.codes.reserve(rows);
        if self.unique_names {
            self.names.reserve(rows);
        }
    }

    /// I3: every problem of one row, pushed onto `issues`; the values when there is none.
    pub fn check<'c, C: Cells + ?Sized>(
        &mut self,
        columns: &Columns,
        row: u32,
        cells: &'c C,
        issues: &mut Vec<ImportIssue>,
    ) -> Checked<'c> {
        let width = cells.width();
        if (0..width).all(|i| trim(cells.cell(i)).is_empty() && !cells.is_error(i)) {
            return Checked::Blank;
        }
        let before = issues.len();
        let headers = columns.headers.len();
        if width > headers && (headers..width).any(|i| !trim(cells.cell(i)).is_empty()) {
            issues.push(ImportIssue::new(
                IssueCode::RowRagged,
                Some(row),
                format!("the row has {width} cells but the header has {headers} columns; remove the extra cells or add headers"),
            ));
        }
        // A field's cell: None when there is no column; Some("") when blank; spreadsheet error
        // values are reported here, once.
        let cell = |field: ImportField, issues: &mut Vec<ImportIssue>| -> Option<Option<&'c str>> {
            let i = columns.of(field)?;
            if cells.is_error(i) {
                issues.push(
                    ImportIssue::new(
                        IssueCode::CellInvalid,
                        Some(row),
                        format!(
                            "{} holds a spreadsheet error; replace it with a value or leave it empty",
                            field.header()
                        ),
                    )
                    .at(columns.header(field), cells.cell(i)),
                );
                return Some(None);
            }
            let text = unmark(trim(cells.cell(i)));
            Some((!text.is_empty()).then_some(text))
        };
        let at = |issue: ImportIssue, field: ImportField, value: &str| issue.at(columns.header(field), value);

        let raw_name = cell(ImportField::Name, issues).flatten().unwrap_or("");
        let name = match check_name(raw_name) {
            Ok(name) => name,
            Err(e) => {
                issues.push(at(issue_of(&e, row), ImportField::Name, raw_name));
                ""
            }
        };

        let text = |field: ImportField, issues: &mut Vec<ImportIssue>| -> Option<Option<&'c str>> {
            let value = cell(field, issues)?;
            let max = field.max_len().unwrap_or(usize::MAX);
            match check_text(field.as_str(), value, max) {
                Ok(v) => Some(v),
                Err(e) => {
                    issues.push(at(issue_of(&e, row), field, value.unwrap_or("")));
                    Some(None)
                }
            }
        };
        let code = text(ImportField::Code, issues);
        let phone = text(ImportField::Phone, issues);
        let contact = text(ImportField::Contact, issues);
        let price_group = text(ImportField::PriceGroup, issues);

        let email = cell(ImportField::Email, issues).map(|v| {
            v.and_then(|v| match Email::check(v) {
                Ok(v) => Some(v),
                Err(e) => {
                    issues.push(at(issue_of(&e, row), ImportField::Email, v));
                    None
                }
            })
        });

        let flag = |field: ImportField, issues: &mut Vec<ImportIssue>| -> Option<Option<bool>> {
            let value = cell(field, issues)?;
            Some(value.and_then(|v| {
                let b = parse_bool(v);
                if b.is_none() {
                    issues.push(at(
                        ImportIssue::new(
                            IssueCode::BooleanInvalid,
                            Some(row),
                            format!("{} must be Yes or No (or true/false, 1/0)", field.header()),
                        ),
                        field,
                        v,
                    ));
                }
                b
            }))
        };
        let active = flag(ImportField::Active, issues);
        let order_web_blocked = flag(ImportField::OrderWebBlocked, issues);
        if order_web_blocked == Some(Some(true)) && active == Some(Some(false)) {
            issues.push(at(issue_of(&Error::OrderWebBlockedRequiresActive, row), ImportField::OrderWebBlocked, "yes"));
        }

        if let (Some(groups), Some(Some(group))) = (&self.groups, price_group) {
            code_key_into(group, &mut self.key);
            if groups.binary_search(&self.key).is_err() {
                issues.push(at(
                    ImportIssue::new(
                        IssueCode::PriceGroupUnknown,
                        Some(row),
                        format!("there is no price group '{group}'; create it first or correct the name"),
                    ),
                    ImportField::PriceGroup,
                    group,
                ));
            }
        }
        // I3 repeats within the file: noted now, settled by `finish` once the file is read.
        let mut maybe_repeat = false;
        if let Some(Some(code)) = code {
            code_key_into(code, &mut self.key);
            maybe_repeat |= self.codes.note(&self.key, row);
        }
        if self.unique_names && !name.is_empty() {
            maybe_repeat |= self.names.note(&normalize_name(name), row);
        }
        if maybe_repeat {
            self.maybe_repeats.push((row, cells.to_strings()));
        }

        if issues[before..].iter().any(|i| i.severity == super::Severity::Error) {
            return Checked::Invalid;
        }
        Checked::Valid(RowValues { name, code, email, phone, contact, active, order_web_blocked, price_group })
    }

    /// I3: the rows that repeat an earlier row's code (or name, when names are unique), in
    /// row order, once every row has been checked.
    pub fn finish(&mut self, columns: &Columns) -> Vec<RepeatRow> {
        let mut found: Vec<(u32, ImportField, u32)> =
            self.codes.repeats().into_iter().map(|(r, f)| (r, ImportField::Code, f)).collect();
        found.extend(self.names.repeats().into_iter().map(|(r, f)| (r, ImportField::Name, f)));
        found.sort_by_key(|&(row, field, _)| (row, field != ImportField::Code));
        let cells = std::mem::take(&mut self.maybe_repeats);
        let mut out: Vec<RepeatRow> = Vec::new();
        for (row, field, first) in found {
            // A repeat's key was seen before, so its row's cells were kept.
            let Ok(at) = cells.binary_search_by_key(&row, |(r, _)| *r) else { continue };
            let row_cells = &cells[at].1;
            let value = columns.of(field).map_or("", |i| unmark(trim(row_cells.cell(i))));
            let issue = match field {
                ImportField::Code => ImportIssue::new(
                    IssueCode::CodeDuplicateInFile,
                    Some(row),
                    format!("code '{value}' is also on row {first}; each customer code may appear once"),
                ),
                _ => ImportIssue::new(
                    IssueCode::NameDuplicate,
                    Some(row),
                    format!("the name '{value}' is also on row {first}; names must be unique in this workspace"),
                ),
            }
            .at(columns.header(field), value);
            match out.last_mut() {
                Some(last) if last.row == row => last.issues.push(issue),
                _ => out.push(RepeatRow { row, issues: vec![issue], cells: row_cells.clone() }),
            }
        }
        out
    }
}
