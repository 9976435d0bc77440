//! The workspace's entry points for import plan (moved from `crate::import::plan`, which keeps the rules).

use crate::error::{Error, Result};
use crate::import::columns::Columns;
#[allow(unused_imports)]
use crate::import::plan::*;
use crate::import::read;
use crate::import::rows::Cells;
use crate::import::{ImportFormat, ImportOptions, ImportProgress, Severity};
use crate::store::CustomerWrite;
use crate::workspace::Workspace;
use std::collections::{HashMap, HashSet};

/// What the workspace knows that rows are checked against.
fn load_context(ws: &Workspace) -> Result<Context> {
    let settings = ws.settings()?;
    let customers = ws.store().all_customers()?;
    let names = settings.unique_names.then(|| customers.iter().map(|c| (c.name_key(), c.id)).collect());
    let by_code = customers.into_iter().filter_map(|c| Some((c.code_key()?, c))).collect();
    let groups = ws.price_book()?.groups().iter().map(|g| crate::pricing::group_key(&g.name)).collect();
    Ok(Context { by_code, names, groups, unique_names: settings.unique_names })
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
    /// [`crate::import::validate_import_path`] does (a regular file within the workspace's byte
    /// limit; a workbook read from the file a part at a time, never held whole). Without
    /// `format`, a `.tsv` or `.txt` name means pasted rows, and otherwise the first bytes decide.
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
        let file = crate::import::path::Opened::open(path, &settings.import_limits)?;
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
        let ctx = load_context(self)?;
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
        let (planned, issues, _) = plan_kept(
            &Maker { now: self.now(), new_customer: &|c| self.new_customer_record(c) },
            &ctx,
            &columns,
            &kept,
        );
        // Rows the workspace turned into errors move from valid to rejected.
        let failed: HashSet<u32> = planned.iter().filter(|r| r.action == RowAction::Error).map(|r| r.row).collect();
        kept.retain(|k| {
            if failed.contains(&k.row) {
                report.rejected.push(crate::import::RejectedRow { row: k.row, cells: k.cells.clone() });
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
            let ctx = load_context(self)?;
            let (planned, issues, writes) = plan_kept(
                &Maker { now: self.now(), new_customer: &|c| self.new_customer_record(c) },
                &ctx,
                &preview.columns,
                &preview.kept,
            );
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
