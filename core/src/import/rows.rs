//! I3: the one row check, used by `validate_import`, `preview_import` and `confirm_import`.

use super::columns::{Columns, ImportField};
use super::{ImportIssue, IssueCode};
use crate::customer::{check_name, check_text, code_key_into};
use crate::email::Email;
use crate::error::Error;
use crate::normalize::normalize_name;
use std::collections::{HashMap, HashSet};

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

/// The keys seen so far in a file and the row of each: exact, and cheap at a million rows
/// (keys live in one arena; the index holds 64-bit hashes, and a rare hash collision between
/// different keys falls back to an ordinary map).
#[derive(Default)]
pub(crate) struct SeenKeys {
    arena: String,
    /// (start, end, row) of each key in `arena`.
    spans: Vec<(usize, usize, u32)>,
    index: HashMap<u64, usize, foldhash::fast::RandomState>,
    collided: HashMap<String, u32>,
}

impl SeenKeys {
    /// The row `key` was first seen on, or `None` (and `row` is remembered).
    pub fn first_row(&mut self, key: &str, row: u32) -> Option<u32> {
        use std::hash::BuildHasher;
        let hash = self.index.hasher().hash_one(key);
        match self.index.get(&hash) {
            Some(&i) => {
                let (start, end, first) = self.spans[i];
                if &self.arena[start..end] == key {
                    return Some(first);
                }
                match self.collided.entry(key.to_owned()) {
                    std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(row);
                        None
                    }
                }
            }
            None => {
                let start = self.arena.len();
                self.arena.push_str(key);
                self.spans.push((start, self.arena.len(), row));
                self.index.insert(hash, self.spans.len() - 1);
                None
            }
        }
    }
}

/// Checks rows one at a time, remembering what within-file rules need (codes and names seen).
pub(crate) struct RowChecker {
    unique_names: bool,
    /// Group keys, when groups are checked.
    groups: Option<HashSet<String, foldhash::fast::RandomState>>,
    codes: SeenKeys,
    names: SeenKeys,
    key: String,
}

impl RowChecker {
    pub fn new(unique_names: bool, groups: Option<HashSet<String>>) -> RowChecker {
        let groups = groups.map(|g| g.into_iter().collect());
        RowChecker { unique_names, groups, codes: SeenKeys::default(), names: SeenKeys::default(), key: String::new() }
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
        if (0..width).all(|i| cells.cell(i).trim().is_empty() && !cells.is_error(i)) {
            return Checked::Blank;
        }
        let before = issues.len();
        let headers = columns.headers.len();
        if width > headers && (headers..width).any(|i| !cells.cell(i).trim().is_empty()) {
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
            let text = unmark(cells.cell(i).trim());
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

        if let Some(Some(code)) = code {
            code_key_into(code, &mut self.key);
            if let Some(first) = self.codes.first_row(&self.key, row) {
                issues.push(at(
                    ImportIssue::new(
                        IssueCode::CodeDuplicateInFile,
                        Some(row),
                        format!("code '{code}' is also on row {first}; each customer code may appear once"),
                    ),
                    ImportField::Code,
                    code,
                ));
            }
        }
        if let (Some(groups), Some(Some(group))) = (&self.groups, price_group) {
            code_key_into(group, &mut self.key);
            if !groups.contains(self.key.as_str()) {
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
        if self.unique_names && !name.is_empty() {
            if let Some(first) = self.names.first_row(&normalize_name(name), row) {
                issues.push(at(
                    ImportIssue::new(
                        IssueCode::NameDuplicate,
                        Some(row),
                        format!("the name '{name}' is also on row {first}; names must be unique in this workspace"),
                    ),
                    ImportField::Name,
                    name,
                ));
            }
        }

        if issues[before..].iter().any(|i| i.severity == super::Severity::Error) {
            return Checked::Invalid;
        }
        Checked::Valid(RowValues { name, code, email, phone, contact, active, order_web_blocked, price_group })
    }
}
