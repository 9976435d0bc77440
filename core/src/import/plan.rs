//! I4, I6: preview and confirm against a workspace.

use super::columns::Columns;
use super::read;
use super::rows::{issue_of, Cells, Checked, RowChecker, RowValues};
use super::{ImportFormat, ImportIssue, ImportOptions, ImportProgress, ImportReport, IssueCode, Severity};
use crate::customer::{apply_patch, code_key, Customer, CustomerField, CustomerPatch, NewCustomer};
use crate::error::{Error, Result};
use crate::ids::CustomerId;
use crate::normalize::normalize_name;
use crate::store::CustomerWrite;
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// I4: what confirming would do with a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum RowAction {
    /// A new customer.
    Create,
    /// The row's code is an existing customer's; `changes` lists the fields that would change
    /// (none: the row matches the customer as it is).
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
struct KeptRow {
    row: u32,
    cells: Vec<String>,
}

/// I4: a file read against a workspace. Nothing is saved until
/// [`Workspace::confirm_import`]. It serializes, so a web backend can keep it between the
/// preview request and the confirm; confirm checks every row again whatever it is given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    /// Counts and issues, the workspace's checks included.
    pub report: ImportReport,
    /// Every non-blank row, in file order.
    pub rows: Vec<PreviewRow>,
    columns: Columns,
    kept: Vec<KeptRow>,
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
struct Context {
    by_code: HashMap<String, Customer>,
    /// C4: name key → customer, when names are unique.
    names: Option<HashMap<String, CustomerId>>,
    groups: HashSet<String>,
    unique_names: bool,
}

impl Context {
    fn load(ws: &Workspace) -> Result<Context> {
        let settings = ws.settings()?;
        let customers = ws.store().all_customers()?;
        let names = settings.unique_names.then(|| customers.iter().map(|c| (c.name_key(), c.id)).collect());
        let by_code = customers.into_iter().filter_map(|c| Some((c.code_key()?, c))).collect();
        let groups = ws.price_book()?.groups().iter().map(|g| crate::pricing::group_key(&g.name)).collect();
        Ok(Context { by_code, names, groups, unique_names: settings.unique_names })
    }

    fn checker(&self) -> RowChecker {
        RowChecker::new(self.unique_names, Some(self.groups.clone()))
    }
}

fn text(v: Option<Option<&str>>) -> Option<Option<String>> {
    v.map(|v| v.map(str::to_owned))
}

/// The one planning step after the row check: update when the code is a customer's, else
/// create; the core's own create and patch validation decide the rest.
fn plan_row(
    ws: &Workspace,
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
    let existing = v.code.flatten().and_then(|c| ctx.by_code.get(&code_key(c)));
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
                    next.updated_at = ws.now();
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
            match ws.new_customer_record(input) {
                Ok(customer) => Some((RowAction::Create, Some(CustomerWrite::Insert(customer)))),
                Err(e) => {
                    issues.push(issue_of(&e, row));
                    None
                }
            }
        }
    }
}

/// Checks and plans the kept rows against `ctx`: the rows' actions, their issues and the writes.
fn plan_kept(
    ws: &Workspace,
    ctx: &Context,
    columns: &Columns,
    kept: &[KeptRow],
) -> (Vec<PreviewRow>, Vec<ImportIssue>, Vec<CustomerWrite>) {
    let mut checker = ctx.checker();
    checker.reserve(kept.len());
    let mut rows = Vec::with_capacity(kept.len());
    let mut issues = Vec::new();
    let mut writes = Vec::new();
    for (i, k) in kept.iter().enumerate() {
        let action = match checker.check(columns, k.row, i as u64, &k.cells, &mut issues) {
            Checked::Valid(v) => match plan_row(ws, ctx, k.row, &v, &mut issues) {
                Some((action, write)) => {
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
    (rows, issues, writes.into_iter().map(|(_, w)| w).collect())
}

impl Workspace {
    /// I4: reads a file against this workspace and says what each row would do; saves nothing.
    /// The workspace's import limits, unique-names policy and price groups apply.
    /// Refused with `SOURCE_OF_TRUTH_EXTERNAL` while contacts sync is active (I6).
    pub fn preview_import(
        &self,
        bytes: &[u8],
        format: Option<ImportFormat>,
        sheet: Option<&str>,
    ) -> Result<ImportPreview> {
        self.preview_import_with_progress(bytes, format, sheet, &mut |_| true)
    }

    /// [`Workspace::preview_import`] calling `progress` as it reads.
    pub fn preview_import_with_progress(
        &self,
        bytes: &[u8],
        format: Option<ImportFormat>,
        sheet: Option<&str>,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<ImportPreview> {
        self.preview(read::Input::Bytes(bytes), format, sheet, progress)
    }

    /// R2, R5: [`Workspace::preview_import`] of the file at `path`, opened and read as
    /// [`super::validate_import_path`] does (a regular file within the workspace's byte limit;
    /// a workbook read from the file a part at a time, never held whole). Without `format`, a
    /// `.tsv` or `.txt` name means pasted rows, and otherwise the first bytes decide.
    pub fn preview_import_path(
        &self,
        path: &std::path::Path,
        format: Option<ImportFormat>,
        sheet: Option<&str>,
    ) -> Result<ImportPreview> {
        self.preview_import_path_with_progress(path, format, sheet, &mut |_| true)
    }

    /// [`Workspace::preview_import_path`] calling `progress` as it reads.
    pub fn preview_import_path_with_progress(
        &self,
        path: &std::path::Path,
        format: Option<ImportFormat>,
        sheet: Option<&str>,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<ImportPreview> {
        let settings = self.settings()?;
        if settings.contacts_sync.is_active() {
            return Err(Error::SourceOfTruthExternal);
        }
        let file = super::path::Opened::open(path, &settings.import_limits)?;
        let format = format.or_else(|| ImportFormat::for_path(path));
        self.preview(read::Input::File(file), format, sheet, progress)
    }

    fn preview(
        &self,
        input: read::Input<'_>,
        format: Option<ImportFormat>,
        sheet: Option<&str>,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<ImportPreview> {
        let settings = self.settings()?;
        if settings.contacts_sync.is_active() {
            return Err(Error::SourceOfTruthExternal);
        }
        let ctx = Context::load(self)?;
        let options = ImportOptions {
            format,
            sheet: sheet.map(str::to_owned),
            limits: settings.import_limits,
            unique_names: ctx.unique_names,
            price_groups: None,
        };
        let mut checker = ctx.checker();
        let mut kept = Vec::new();
        let (mut report, columns) = read::read(
            input,
            &options,
            &mut checker,
            &mut |row, _, cells: &dyn Cells| kept.push(KeptRow { row, cells: cells.to_strings() }),
            progress,
        )?;
        let columns = columns.unwrap_or_else(|| {
            kept.clear();
            Columns::default()
        });
        // Rows that turned out to repeat an earlier row were rejected after they were kept.
        kept.retain(|k| report.rejected.binary_search_by_key(&k.row, |r| r.row).is_err());
        let (planned, issues, _) = plan_kept(self, &ctx, &columns, &kept);
        // Rows the workspace turned into errors move from valid to rejected.
        let failed: HashSet<u32> = planned.iter().filter(|r| r.action == RowAction::Error).map(|r| r.row).collect();
        kept.retain(|k| {
            if failed.contains(&k.row) {
                report.rejected.push(super::RejectedRow { row: k.row, cells: k.cells.clone() });
                false
            } else {
                true
            }
        });
        report.valid_rows = report.valid_rows.saturating_sub(failed.len());
        report.error_rows += failed.len();
        report.rejected.sort_by_key(|r| r.row);
        report.issues.extend(issues.into_iter().filter(|i| i.severity == Severity::Error || i.row.is_none()));
        report.issues.sort_by_key(|i| (i.row.is_some(), i.row));
        report.cap_all_issues(options.limits.max_issues_per_code);
        let mut rows: Vec<PreviewRow> = planned.into_iter().filter(|r| r.action != RowAction::Error).collect();
        rows.extend(report.rejected.iter().map(|r| PreviewRow { row: r.row, action: RowAction::Error }));
        rows.sort_by_key(|r| r.row);
        Ok(ImportPreview { report, rows, columns, kept })
    }

    /// I4: saves exactly the valid rows the preview showed, in one atomic store call. Refused
    /// as `IMPORT_STALE` when a row would now come out differently (its code taken or freed,
    /// its price group removed, its customer changed), and with `SOURCE_OF_TRUTH_EXTERNAL`
    /// while contacts sync is active (I6).
    pub fn confirm_import(&self, preview: &ImportPreview) -> Result<ImportResult> {
        if preview.report.refused {
            let message = preview
                .report
                .issues
                .iter()
                .find(|i| i.row.is_none())
                .map_or_else(|| "the file could not be read".to_owned(), |i| i.message.clone());
            return Err(Error::ImportRefused { message });
        }
        let mut attempt = 0;
        loop {
            attempt += 1;
            let settings = self.settings()?;
            if settings.contacts_sync.is_active() {
                return Err(Error::SourceOfTruthExternal);
            }
            let ctx = Context::load(self)?;
            let (planned, issues, writes) = plan_kept(self, &ctx, &preview.columns, &preview.kept);
            let shown: HashMap<u32, &RowAction> = preview.rows.iter().map(|r| (r.row, &r.action)).collect();
            for row in &planned {
                if shown.get(&row.row) != Some(&&row.action) {
                    let reason = issues.iter().find(|i| i.row == Some(row.row)).map_or_else(
                        || match (&row.action, shown.get(&row.row)) {
                            (RowAction::Create, Some(RowAction::Update { .. })) => {
                                "the customer with its code is gone, so it would now be created".to_owned()
                            }
                            (RowAction::Update { .. }, Some(RowAction::Create)) => {
                                "its code now belongs to a customer, so it would now update it".to_owned()
                            }
                            _ => "the customer it updates has changed".to_owned(),
                        },
                        |i| format!("{}: {}", i.code, i.message),
                    );
                    return Err(Error::ImportStale { row: row.row, reason });
                }
            }
            match self.store().write_customers(&writes, &Self::uniqueness(&settings)) {
                Err(Error::StaleWrite | Error::CodeTaken { .. } | Error::NameTaken { .. } | Error::LinkCodeTaken)
                    if attempt < 5 =>
                {
                    continue
                }
                Err(e) => return Err(e),
                Ok(()) => {}
            }
            let mut result = ImportResult {
                error_rows: preview.rows.iter().filter(|r| r.action == RowAction::Error).map(|r| r.row).collect(),
                blank_rows: preview.report.blank_rows,
                rows_read: preview.report.rows_read,
                ..ImportResult::default()
            };
            for row in planned {
                match row.action {
                    RowAction::Create => {}
                    RowAction::Update { customer_id, changes } if changes.is_empty() => {
                        result.unchanged.push(customer_id)
                    }
                    RowAction::Update { customer_id, .. } => result.updated.push(customer_id),
                    RowAction::Error => {}
                }
            }
            result.created = writes
                .iter()
                .filter_map(|w| match w {
                    CustomerWrite::Insert(c) => Some(c.id),
                    CustomerWrite::Update { .. } => None,
                })
                .collect();
            return Ok(result);
        }
    }
}
