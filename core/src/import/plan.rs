//! I4, I6: preview and confirm against a workspace.

use super::batch::{BatchRow, FieldChange, FieldValue, ImportBatch};
use super::columns::{Columns, ImportField};
use super::mapping::{ColumnMapping, MappedColumn};
use super::rows::{issue_of, Checked, RowChecker, RowValues};
use super::{ImportIssue, ImportReport, IssueCode};
use crate::customer::{apply_patch, code_key, Customer, CustomerField, CustomerPatch, NewCustomer};
use crate::error::Result;
use crate::ids::{CustomerId, ImportBatchId};
use crate::normalize::normalize_name;
use crate::store::CustomerWrite;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// I4: what confirming would do with a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum RowAction {
    /// A new customer.
    Create,
    /// The row's Record ID (I8), or else its code, is an existing customer's; `changes` lists
    /// the fields that would change (none: the row matches the customer as it is).
    Update {
        /// The customer the row updates.
        customer_id: CustomerId,
        /// The fields whose values would change.
        changes: Vec<CustomerField>,
    },
    /// The row has an error and will not be imported.
    Error,
}

impl RowAction {
    /// `"create"`, `"update"` or `"error"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            RowAction::Create => "create",
            RowAction::Update { .. } => "update",
            RowAction::Error => "error",
        }
    }
}

/// I4: one non-blank row of a preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    /// The row number the spreadsheet shows.
    pub row: u32,
    /// What confirming would do with it.
    pub action: RowAction,
}

/// A valid row's cells, kept so confirm can check it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct KeptRow {
    pub(crate) row: u32,
    pub(crate) cells: Vec<String>,
}

/// I4: a file read against a workspace. Nothing is saved until
/// [`Workspace::confirm_import`](crate::Workspace::confirm_import). It serializes, so a web backend can keep it between the
/// preview request and the confirm; confirm checks every row again whatever it is given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    /// Counts and issues, the workspace's checks included.
    pub report: ImportReport,
    /// Every non-blank row, in file order.
    pub rows: Vec<PreviewRow>,
    /// I7: every column of the file, the field it filled and what decided it.
    #[serde(default)]
    pub mapping: Vec<MappedColumn>,
    /// I7: the saved mapping used, by name, when one was.
    #[serde(default)]
    pub mapping_name: Option<String>,
    pub(crate) columns: Columns,
    pub(crate) kept: Vec<KeptRow>,
}

/// I7: the mapping a preview reads a file with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MappingChoice {
    /// An explicit mapping.
    Columns(ColumnMapping),
    /// A mapping the workspace saved under this name (`IMPORT_MAPPING_NOT_FOUND` if none).
    Saved(String),
}

impl ImportPreview {
    /// Rows that would create a customer.
    pub fn creates(&self) -> usize {
        self.rows.iter().filter(|r| r.action == RowAction::Create).count()
    }
    /// Rows that would update a customer (with changes or not).
    pub fn updates(&self) -> usize {
        self.rows.iter().filter(|r| matches!(r.action, RowAction::Update { .. })).count()
    }
    /// Rows that would update a customer with no change.
    pub fn unchanged(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| matches!(&r.action, RowAction::Update { changes, .. } if changes.is_empty()))
            .count()
    }
    /// Rows that will not be imported.
    pub fn errors(&self) -> usize {
        self.rows.iter().filter(|r| r.action == RowAction::Error).count()
    }
}

/// I4: what a confirm wrote. `created + updated + unchanged + error_rows + blank_rows` is
/// `rows_read`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportResult {
    /// I9: the batch, for `undo_import`.
    pub batch_id: ImportBatchId,
    /// The customers the rows created, in row order.
    pub created: Vec<CustomerId>,
    /// The customers the rows changed, in row order.
    pub updated: Vec<CustomerId>,
    /// Rows that matched their customer exactly: nothing written.
    pub unchanged: Vec<CustomerId>,
    /// The rows not imported (they had errors at preview).
    pub error_rows: Vec<u32>,
    /// Data rows with every cell blank: skipped.
    pub blank_rows: usize,
    /// Data rows read, blank ones included.
    pub rows_read: usize,
}

/// What the workspace knows that rows are checked against.
pub(crate) struct Context {
    /// I8: every customer, by id.
    pub(crate) by_id: HashMap<CustomerId, Customer>,
    /// C2: code key → customer.
    pub(crate) by_code: HashMap<String, CustomerId>,
    /// C4: name key → customer, when names are unique.
    pub(crate) names: Option<HashMap<String, CustomerId>>,
    pub(crate) groups: HashSet<String>,
    pub(crate) unique_names: bool,
}

impl Context {
    pub(crate) fn checker(&self) -> RowChecker {
        RowChecker::new(self.unique_names, Some(self.groups.clone()))
    }
}

fn text(v: Option<Option<&str>>) -> Option<Option<String>> {
    v.map(|v| v.map(str::to_owned))
}

/// What planning takes from the workspace: the time of the writes, and how a new customer's
/// record is made (ids and link codes come from the workspace's randomness).
pub(crate) struct Maker<'a> {
    /// When the planned writes happen.
    pub(crate) now: chrono::DateTime<chrono::Utc>,
    /// C1–C3: a new customer's record, validated, with its id and link code.
    pub(crate) new_customer: &'a dyn Fn(NewCustomer) -> Result<Customer>,
}

/// The one planning step after the row check: update when the code is a customer's, else
/// create; the core's own create and patch validation decide the rest.
fn plan_row(
    make: &Maker<'_>,
    ctx: &Context,
    row: u32,
    v: &RowValues<'_>,
    issues: &mut Vec<ImportIssue>,
) -> Option<(RowAction, Option<CustomerWrite>)> {
    let name_clash = |id: Option<CustomerId>| -> bool {
        let Some(names) = &ctx.names else { return false };
        matches!(names.get(&normalize_name(v.name)), Some(owner) if Some(*owner) != id)
    };
    let clash_issue = || {
        ImportIssue::new(
            IssueCode::NameDuplicate,
            Some(row),
            format!("a customer named '{}' already exists; names must be unique in this workspace", v.name),
        )
    };
    // I8: by record id first, then by code.
    let by_code = v.code.flatten().and_then(|c| ctx.by_code.get(&code_key(c))).and_then(|id| ctx.by_id.get(id));
    let existing = match v.record_id.flatten() {
        None => by_code,
        Some(id) => match (ctx.by_id.get(&id), by_code) {
            (None, _) => {
                issues.push(ImportIssue::new(
                    IssueCode::RecordUnknown,
                    Some(row),
                    format!("no customer of this workspace has the Record ID {id}; leave the cell empty to create a new customer"),
                ).at(ImportField::RecordId.header(), &id.to_string()));
                return None;
            }
            (Some(by_id), Some(other)) if other.id != by_id.id => {
                issues.push(
                    ImportIssue::new(
                        IssueCode::RecordCodeConflict,
                        Some(row),
                        format!(
                        "the Record ID is the customer '{}' but the code {} is the customer '{}'; correct one of them",
                        by_id.name,
                        v.code.flatten().unwrap_or(""),
                        other.name
                    ),
                    )
                    .at(ImportField::RecordId.header(), &id.to_string()),
                );
                return None;
            }
            (Some(by_id), _) => Some(by_id),
        },
    };
    match existing {
        Some(current) => {
            let patch = CustomerPatch {
                name: Some(v.name.to_owned()),
                code: text(v.code),
                email: text(v.email),
                phone: text(v.phone),
                contact: text(v.contact),
                active: v.active.flatten(),
                order_web_blocked: v.order_web_blocked.flatten(),
                price_group: text(v.price_group),
                ..CustomerPatch::default()
            };
            match apply_patch(current, &patch) {
                Err(e) => {
                    issues.push(issue_of(&e, row));
                    None
                }
                Ok((_, changes)) if changes.contains(&CustomerField::Name) && name_clash(Some(current.id)) => {
                    issues.push(clash_issue());
                    None
                }
                Ok((mut next, changes)) => {
                    let action = RowAction::Update { customer_id: current.id, changes: changes.clone() };
                    if changes.is_empty() {
                        return Some((action, None));
                    }
                    next.version = current.version + 1;
                    next.updated_at = make.now;
                    Some((action, Some(CustomerWrite::Update { customer: next, expected_version: current.version })))
                }
            }
        }
        None => {
            if name_clash(None) {
                issues.push(clash_issue());
                return None;
            }
            let input = NewCustomer {
                code: v.code.flatten().map(str::to_owned),
                email: v.email.flatten().map(str::to_owned),
                phone: v.phone.flatten().map(str::to_owned),
                contact: v.contact.flatten().map(str::to_owned),
                active: v.active.flatten().unwrap_or(true),
                order_web_blocked: v.order_web_blocked.flatten().unwrap_or(false),
                price_group: v.price_group.flatten().map(str::to_owned),
                ..NewCustomer::named(v.name)
            };
            match (make.new_customer)(input) {
                Ok(customer) => Some((RowAction::Create, Some(CustomerWrite::Insert(customer)))),
                Err(e) => {
                    issues.push(issue_of(&e, row));
                    None
                }
            }
        }
    }
}

/// Checks and plans the kept rows against `ctx`: the rows' actions, their issues and the
/// writes (each with its row).
pub(crate) fn plan_kept(
    make: &Maker<'_>,
    ctx: &Context,
    columns: &Columns,
    kept: &[KeptRow],
) -> (Vec<PreviewRow>, Vec<ImportIssue>, Vec<(u32, CustomerWrite)>) {
    let mut checker = ctx.checker();
    checker.reserve(kept.len());
    let mut rows = Vec::with_capacity(kept.len());
    let mut issues = Vec::new();
    let mut writes = Vec::new();
    // I8: the row that first updates each customer.
    let mut touched: HashMap<CustomerId, u32> = HashMap::new();
    for (i, k) in kept.iter().enumerate() {
        let action = match checker.check(columns, k.row, i as u64, &k.cells, &mut issues) {
            Checked::Valid(v) => match plan_row(make, ctx, k.row, &v, &mut issues) {
                Some((RowAction::Update { customer_id, .. }, _)) if touched.contains_key(&customer_id) => {
                    issues.push(ImportIssue::new(
                        IssueCode::RecordDuplicateInFile,
                        Some(k.row),
                        format!(
                            "row {} already updates this customer; keep one row for each customer",
                            touched[&customer_id]
                        ),
                    ));
                    RowAction::Error
                }
                Some((action, write)) => {
                    if let RowAction::Update { customer_id, .. } = &action {
                        touched.insert(*customer_id, k.row);
                    }
                    writes.extend(write.map(|w| (k.row, w)));
                    action
                }
                None => RowAction::Error,
            },
            Checked::Blank | Checked::Invalid => RowAction::Error,
        };
        rows.push(PreviewRow { row: k.row, action });
    }
    // Kept rows repeat no other kept row (the preview rejected repeats); should one, it is an
    // error here too, and not written.
    let fetch =
        &mut |at: u64| kept.get(usize::try_from(at).unwrap_or(usize::MAX)).map(|k| k.cells.clone()).unwrap_or_default();
    for repeat in checker.finish(columns, fetch) {
        if let Ok(i) = rows.binary_search_by_key(&repeat.row, |r| r.row) {
            rows[i].action = RowAction::Error;
        }
        writes.retain(|(row, _)| *row != repeat.row);
        issues.extend(repeat.issues);
    }
    (rows, issues, writes)
}

/// I9: the batch record of planned writes: what each row did, with each changed field's
/// prior value (from `ctx`, the customers the plan was made against).
pub(crate) fn batch_of(
    id: ImportBatchId,
    at: chrono::DateTime<chrono::Utc>,
    ctx: &Context,
    writes: &[(u32, CustomerWrite)],
) -> ImportBatch {
    let rows = writes
        .iter()
        .map(|(row, w)| match w {
            CustomerWrite::Insert(c) => BatchRow::Created { row: *row, customer_id: c.id },
            CustomerWrite::Update { customer, .. } => {
                let changes = match ctx.by_id.get(&customer.id) {
                    Some(before) => crate::customer::CustomerField::ALL
                        .into_iter()
                        .filter(|f| ImportField::ALL.iter().any(|i| i.customer_field() == Some(*f)))
                        .filter_map(|field| {
                            let (b, a) = (FieldValue::of(before, field), FieldValue::of(customer, field));
                            (b != a).then_some(FieldChange { field, before: b, after: a })
                        })
                        .collect(),
                    None => Vec::new(),
                };
                BatchRow::Updated { row: *row, customer_id: customer.id, changes }
            }
        })
        .collect();
    ImportBatch { id, confirmed_at: at, rows, undo: None }
}
