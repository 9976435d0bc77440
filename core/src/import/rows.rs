//! I3: the one row check, used by `validate_import`, `preview_import` and `confirm_import`.

use super::columns::{Columns, ImportField};
use super::{ImportIssue, IssueCode};
use crate::customer::{check_name, check_text, code_key_into};
use crate::email::Email;
use crate::error::Error;
use crate::ids::CustomerId;
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
    /// I3b: a spreadsheet formula cell that holds no calculated value.
    fn not_calculated(&self, _i: usize) -> bool {
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

/// E1: export marks a cell a spreadsheet would run as a formula with a leading apostrophe (and
/// a cell that itself begins with apostrophes before one of those characters with one more);
/// import reads one mark back off, so an export re-imports unchanged (I8).
pub(crate) fn unmark(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(super::export::FORMULA_START) => rest,
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
    /// I8: the Record ID cell, parsed (a malformed one is a `RECORD_UNKNOWN` error).
    pub record_id: Option<Option<CustomerId>>,
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
    let mut word = [0u8; 5];
    let lower = word.get_mut(..cell.len())?;
    lower.copy_from_slice(cell.as_bytes());
    lower.make_ascii_lowercase();
    match &*lower {
        b"yes" | b"true" | b"y" | b"1" => Some(true),
        b"no" | b"false" | b"n" | b"0" => Some(false),
        _ => None,
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
        Error::TextInvalid { .. } => IssueCode::TextInvalid,
        _ => IssueCode::CellInvalid,
    };
    ImportIssue::new(code, Some(row), e.to_string())
}

/// The keys of one kind (codes, or names) noted as a file is read; which rows repeat an
/// earlier row is settled once the whole file is read, by sorting the keys' hashes. The read
/// itself looks nothing up in a table too large for the cache (at a million rows such look-ups
/// were most of the time). A repeat's cells are read again from where its row was (`at`) when
/// the file is done; a reader that cannot do that (a streamed sheet) keeps the cells of rows a
/// small bit filter says may repeat.
#[derive(Default)]
pub(crate) struct KeyNotes {
    hasher: foldhash::fast::RandomState,
    /// Empty unless cells are kept: one bit per hash bucket, set once a key in it is noted.
    filter: Vec<u64>,
    /// log2 of the filter's bit count.
    filter_bits: u32,
    notes: Vec<Note>,
    /// The noted keys, back to back.
    keys: String,
    /// Bytes of keys kept at most (`u32::MAX` but in tests): past it, keys are compared by
    /// their 64-bit hash alone (over 4 GiB of codes or names, which only limits far past the
    /// defaults allow).
    max_keys: Option<u32>,
}

/// 24 bytes a row: the row's key ends where the next one starts.
struct Note {
    hash: u64,
    /// Where the reader can find the row again.
    at: u64,
    row: u32,
    /// Where the key ends in `keys` (it starts where the note before it ended);
    /// [`HASH_ONLY`] once the keys passed `max_keys`.
    end: u32,
}

/// A note whose key was not kept: compared by its hash.
const HASH_ONLY: u32 = u32::MAX;

/// A row whose key an earlier row has.
struct Repeat {
    row: u32,
    at: u64,
    first: u32,
}

impl KeyNotes {
    /// Room for about `rows` keys; with `filtered`, a filter of 8 bits a key (about 6 in 100
    /// new keys look seen).
    fn reserve(&mut self, rows: usize, filtered: bool) {
        self.notes.reserve(rows);
        self.keys.reserve(rows.saturating_mul(12));
        if filtered {
            let bits = (rows.saturating_mul(8)).clamp(1 << 12, 1 << 30).next_power_of_two();
            self.filter = vec![0; bits / 64];
            self.filter_bits = bits.trailing_zeros();
            // Keys noted before are in no filter: refill.
            for n in &self.notes {
                let bit = (n.hash >> (64 - self.filter_bits)) as usize;
                self.filter[bit / 64] |= 1 << (bit % 64);
            }
        }
    }

    /// Notes `key` on `row`, found at `at`; with a filter, `true` when it may repeat an
    /// earlier key.
    fn note(&mut self, key: &str, row: u32, at: u64) -> bool {
        use std::hash::BuildHasher;
        self.note_hashed(self.hasher.hash_one(key), key, row, at)
    }

    /// [`KeyNotes::note`] with the key's hash.
    fn note_hashed(&mut self, hash: u64, key: &str, row: u32, at: u64) -> bool {
        let max = self.max_keys.unwrap_or(HASH_ONLY - 1);
        // Once one key is not kept, none after it is (a kept key starts where the one before ended).
        let fits = self.notes.last().is_none_or(|n| n.end != HASH_ONLY)
            && u32::try_from(self.keys.len() + key.len()).is_ok_and(|end| end <= max);
        let end = if fits {
            self.keys.push_str(key);
            self.keys.len() as u32
        } else {
            HASH_ONLY
        };
        self.notes.push(Note { hash, at, row, end });
        if self.filter.is_empty() {
            return false;
        }
        let bit = (hash >> (64 - self.filter_bits)) as usize;
        let word = &mut self.filter[bit / 64];
        let seen = *word & (1 << (bit % 64)) != 0;
        *word |= 1 << (bit % 64);
        seen
    }

    /// Every row whose key an earlier row has, with that earlier row.
    fn repeats(&mut self) -> Vec<Repeat> {
        let notes = std::mem::take(&mut self.notes);
        let keys = std::mem::take(&mut self.keys);
        let key = |place: usize| {
            let start = place.checked_sub(1).map_or(0, |before| notes[before].end as usize);
            keys.get(start..notes[place].end as usize).unwrap_or("")
        };
        // Whether two notes (by place) have the same key.
        let same = |a: u32, b: u32| {
            let (a, b) = (a as usize, b as usize);
            if notes[a].end == HASH_ONLY || notes[b].end == HASH_ONLY {
                notes[a].hash == notes[b].hash
            } else {
                key(a) == key(b)
            }
        };
        // Split by the hash's top bits into buckets of about a thousand, in one pass that keeps
        // file order within a bucket; then each bucket is looked through with a small table
        // that stays in the cache.
        let bits = (notes.len() / 1024).max(1).next_power_of_two().trailing_zeros();
        let bucket = |hash: u64| if bits == 0 { 0 } else { (hash >> (64 - bits)) as usize };
        let mut starts = vec![0usize; (1 << bits) + 1];
        for n in &notes {
            starts[bucket(n.hash) + 1] += 1;
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        // The hash's low half and the note's place: 8 bytes a row (the top bits are the
        // bucket's; a match of the low half is confirmed on the keys).
        let mut split = vec![(0u32, 0u32); notes.len()];
        let mut next = starts.clone();
        for (place, n) in notes.iter().enumerate() {
            let slot = &mut next[bucket(n.hash)];
            split[*slot] = (n.hash as u32, place as u32);
            *slot += 1;
        }
        const FREE: u32 = u32::MAX;
        let mut table: Vec<(u32, u32)> = Vec::new();
        let mut found = Vec::new();
        for b in starts.windows(2) {
            let entries = &split[b[0]..b[1]];
            let size = (entries.len() * 2).next_power_of_two().max(16);
            table.clear();
            table.resize(size, (0, FREE));
            for (i, &(hash, place)) in entries.iter().enumerate() {
                // The low bits: the top ones are the bucket's.
                let mut slot = hash as usize & (size - 1);
                loop {
                    let (h, first) = table[slot];
                    if first == FREE {
                        table[slot] = (hash, place);
                        break;
                    }
                    if h == hash {
                        let first = if same(first, place) {
                            Some(first)
                        } else {
                            // Two keys with one hash: every earlier key with that hash.
                            entries[..i].iter().find(|&&(h, p)| h == hash && same(p, place)).map(|&(_, p)| p)
                        };
                        if let Some(first) = first {
                            let later = &notes[place as usize];
                            found.push(Repeat { row: later.row, at: later.at, first: notes[first as usize].row });
                        }
                        break;
                    }
                    slot = (slot + 1) & (size - 1);
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
    /// When the reader cannot read a row again: the cells of rows whose key may repeat an
    /// earlier row's, by where they were found.
    kept: Option<Vec<(u64, Vec<String>)>>,
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
            kept: None,
            key: String::new(),
        }
    }

    /// Room for about `rows` rows' keys.
    pub fn reserve(&mut self, rows: usize) {
        let filtered = self.kept.is_some();
        self.codes.reserve(rows, filtered);
        if self.unique_names {
            self.names.reserve(rows, filtered);
        }
    }

    /// I3: every problem of one row, pushed onto `issues`; the values when there is none.
    /// `found_at` is where the reader can find the row again (see [`RowChecker::finish`]).
    pub fn check<'c, C: Cells + ?Sized>(
        &mut self,
        columns: &Columns,
        row: u32,
        found_at: u64,
        cells: &'c C,
        issues: &mut Vec<ImportIssue>,
    ) -> Checked<'c> {
        let width = cells.width();
        if (0..width).all(|i| trim(cells.cell(i)).is_empty() && !cells.is_error(i) && !cells.not_calculated(i)) {
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
            if cells.not_calculated(i) {
                let at = format!("{}{row}", super::xlsx::column_name(i));
                issues.push(
                    ImportIssue::new(
                        IssueCode::FormulaNotCalculated,
                        Some(row),
                        format!(
                            "cell {at} ({}) holds a formula with no calculated value; open the file in a spreadsheet program and save it again, so that it calculates",
                            field.header()
                        ),
                    )
                    .at(columns.header(field), cells.cell(i)),
                );
                return Some(None);
            }
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
        let record_id = cell(ImportField::RecordId, issues).map(|v| {
            v.and_then(|v| match v.parse::<CustomerId>() {
                Ok(id) => Some(id),
                Err(_) => {
                    issues.push(at(
                        ImportIssue::new(
                            IssueCode::RecordUnknown,
                            Some(row),
                            "the Record ID is not a record id this program wrote; leave it as the export wrote it, or empty for a new customer",
                        ),
                        ImportField::RecordId,
                        v,
                    ));
                    None
                }
            })
        });
        // I3 repeats within the file: noted now, settled by `finish` once the file is read.
        let mut maybe_repeat = false;
        if let Some(Some(code)) = code {
            code_key_into(code, &mut self.key);
            maybe_repeat |= self.codes.note(&self.key, row, found_at);
        }
        if self.unique_names && !name.is_empty() {
            maybe_repeat |= self.names.note(&normalize_name(name), row, found_at);
        }
        if let (true, Some(kept)) = (maybe_repeat, &mut self.kept) {
            kept.push((found_at, cells.to_strings()));
        }

        if issues[before..].iter().any(|i| i.severity == super::Severity::Error) {
            return Checked::Invalid;
        }
        Checked::Valid(RowValues {
            name,
            code,
            email,
            phone,
            contact,
            active,
            order_web_blocked,
            price_group,
            record_id,
        })
    }

    /// I3: the rows that repeat an earlier row's code (or name, when names are unique), in
    /// row order, once every row has been checked. `fetch` reads a row's cells again from the
    /// `found_at` it was checked with (unless they were kept).
    pub fn finish(&mut self, columns: &Columns, fetch: &mut dyn FnMut(u64) -> Vec<String>) -> Vec<RepeatRow> {
        let mut found: Vec<(Repeat, ImportField)> =
            self.codes.repeats().into_iter().map(|r| (r, ImportField::Code)).collect();
        found.extend(self.names.repeats().into_iter().map(|r| (r, ImportField::Name)));
        found.sort_by_key(|(r, field)| (r.row, *field != ImportField::Code));
        let mut out: Vec<RepeatRow> = Vec::new();
        for (Repeat { row, at, first }, field) in found {
            if out.last().is_none_or(|last| last.row != row) {
                let kept = self.kept.as_mut().and_then(|k| {
                    let i = k.binary_search_by_key(&at, |(a, _)| *a).ok()?;
                    Some(std::mem::take(&mut k[i].1))
                });
                out.push(RepeatRow { row, issues: Vec::new(), cells: kept.unwrap_or_else(|| fetch(at)) });
            }
            let Some(last) = out.last_mut() else { continue };
            let value = columns.of(field).map_or("", |i| unmark(trim(last.cells.cell(i))));
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
            last.issues.push(issue);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_bool, KeyNotes};

    #[test]
    fn i3_yes_no_words_in_any_case() {
        for yes in ["yes", "YES", "Yes", "true", "TRUE", "y", "Y", "1"] {
            assert_eq!(parse_bool(yes), Some(true), "{yes}");
        }
        for no in ["no", "No", "false", "False", "n", "N", "0"] {
            assert_eq!(parse_bool(no), Some(false), "{no}");
        }
        for neither in ["", "maybe", "yess", "tru", "1.0", "né", "falsey", "ja"] {
            assert_eq!(parse_bool(neither), None, "{neither}");
        }
    }
    use std::collections::HashMap;

    /// Row and first row of every repeat, as a map from key to first row says.
    fn model(keys: &[String]) -> Vec<(u32, u32)> {
        let mut first = HashMap::new();
        let mut out = Vec::new();
        for (row, k) in keys.iter().enumerate() {
            match first.get(k) {
                Some(&f) => out.push((row as u32, f)),
                None => {
                    first.insert(k.clone(), row as u32);
                }
            }
        }
        out
    }

    fn found(notes: &mut KeyNotes) -> Vec<(u32, u32)> {
        let mut found: Vec<(u32, u32)> = notes.repeats().into_iter().map(|r| (r.row, r.first)).collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn i3_repeats_across_many_buckets_are_found_exactly() {
        // 50,000 keys: some 50 buckets, some keys four times.
        let keys: Vec<String> = (0..50_000u32).map(|i| format!("c{}", (i * 7919) % 40_000)).collect();
        let mut notes = KeyNotes::default();
        notes.reserve(keys.len(), false);
        for (row, k) in keys.iter().enumerate() {
            notes.note(k, row as u32, row as u64);
        }
        assert_eq!(found(&mut notes), model(&keys));
    }

    #[test]
    fn i3_repeats_are_exact_when_keys_share_a_hash() {
        // Every key hashed alike: a 64-bit collision, made many times over.
        let keys: Vec<String> = ["a", "b", "a", "c", "b", "b", "d", "c"].iter().map(|k| k.to_string()).collect();
        let mut notes = KeyNotes::default();
        for (row, k) in keys.iter().enumerate() {
            notes.note_hashed(42, k, row as u32, row as u64);
        }
        assert_eq!(found(&mut notes), model(&keys));
        assert_eq!(model(&keys), vec![(2, 0), (4, 1), (5, 1), (7, 3)]);
    }

    #[test]
    fn r2_repeats_are_found_when_keys_are_past_what_is_kept() {
        // Keys past the bytes kept are compared by their hash: the same repeats are found.
        let keys: Vec<String> = (0..5_000u32).map(|i| format!("code-{}", (i * 7919) % 4_000)).collect();
        let mut notes = KeyNotes { max_keys: Some(1_000), ..KeyNotes::default() };
        for (row, k) in keys.iter().enumerate() {
            notes.note(k, row as u32, row as u64);
        }
        assert!(notes.notes.iter().any(|n| n.end == super::HASH_ONLY));
        assert!(notes.keys.len() <= 1_000);
        assert_eq!(found(&mut notes), model(&keys));
    }
}
