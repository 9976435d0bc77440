//! The workspace's entry points for import plan (moved from `crate::import::plan`, which keeps the rules).

use crate::error::{Error, Result};
use crate::ids::ImportBatchId;
use crate::import::columns::Columns;
#[allow(unused_imports)]
use crate::import::plan::*;
use crate::import::read;
use crate::import::rows::Cells;
use crate::import::{
    check_mapping_name, mapping_name_key, suggest_mapping, ColumnMapping, ImportBatch, ImportFormat, ImportOptions,
    ImportProgress, MappedColumn, MappingSuggestion, MatchedBy, SavedMapping, Severity, UndoReport,
};
use crate::store::CustomerWrite;
use crate::workspace::Workspace;
use std::collections::{HashMap, HashSet};

/// What the workspace knows that rows are checked against.
fn load_context(ws: &Workspace) -> Result<Context> {
    let settings = ws.settings()?;
    let customers = ws.store().all_customers()?;
    let names = settings.unique_names.then(|| customers.iter().map(|c| (c.name_key(), c.id)).collect());
    let by_code = customers.iter().filter_map(|c| Some((c.code_key()?, c.id))).collect();
    let by_id = customers.into_iter().map(|c| (c.id, c)).collect();
    let groups = ws.price_book()?.groups().iter().map(|g| crate::pricing::group_key(&g.name)).collect();
    Ok(Context { by_id, by_code, names, groups, unique_names: settings.unique_names })
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
        self.preview_import_mapped(bytes, format, sheet, None, progress)
    }

    /// I7: [`Workspace::preview_import_with_progress`] reading the headers with `mapping` (an
    /// explicit one, or one saved under a name). Headers the mapping does not name are matched
    /// by the I2 names and aliases; it never guesses. The preview reports the mapping it used
    /// ([`ImportPreview::mapping`]).
    pub fn preview_import_mapped(
        &self,
        bytes: &[u8],
        format: Option<ImportFormat>,
        sheet: Option<&str>,
        mapping: Option<MappingChoice>,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<ImportPreview> {
        self.preview(read::Input::Bytes(bytes), format, sheet, mapping, progress)
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
        self.preview_import_path_mapped(path, format, sheet, None, progress)
    }

    /// I7: [`Workspace::preview_import_path_with_progress`] reading the headers with `mapping`,
    /// as [`Workspace::preview_import_mapped`] does.
    pub fn preview_import_path_mapped(
        &self,
        path: &std::path::Path,
        format: Option<ImportFormat>,
        sheet: Option<&str>,
        mapping: Option<MappingChoice>,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<ImportPreview> {
        let settings = self.settings()?;
        if settings.contacts_sync.is_active() {
            return Err(Error::SourceOfTruthExternal);
        }
        let file = crate::import::path::Opened::open(path, &settings.import_limits)?;
        let format = format.or_else(|| ImportFormat::for_path(path));
        self.preview(read::Input::File(file), format, sheet, mapping, progress)
    }

    fn preview(
        &self,
        input: read::Input<'_>,
        format: Option<ImportFormat>,
        sheet: Option<&str>,
        mapping: Option<MappingChoice>,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<ImportPreview> {
        let settings = self.settings()?;
        if settings.contacts_sync.is_active() {
            return Err(Error::SourceOfTruthExternal);
        }
        let (mapping, mapping_name) = match mapping {
            None => (None, None),
            Some(MappingChoice::Columns(m)) => (Some(m), None),
            Some(MappingChoice::Saved(name)) => {
                let saved = self.import_mapping(&name)?.ok_or(Error::ImportMappingNotFound { name })?;
                (Some(saved.mapping), Some(saved.name))
            }
        };
        let ctx = load_context(self)?;
        let options = ImportOptions {
            format,
            sheet: sheet.map(str::to_owned),
            limits: settings.import_limits,
            unique_names: ctx.unique_names,
            price_groups: None,
            mapping,
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
        let used = report
            .headers
            .iter()
            .zip(&report.columns)
            .map(|(header, field)| MappedColumn {
                header: header.clone(),
                field: *field,
                matched_by: match (options.mapping.as_ref().and_then(|m| m.field_for(header)), field) {
                    (Some(_), _) => MatchedBy::Mapping,
                    (None, Some(_)) => MatchedBy::Header,
                    (None, None) => MatchedBy::Unmatched,
                },
            })
            .collect();
        Ok(ImportPreview { report, rows, mapping: used, mapping_name, columns, kept })
    }

    /// I4, I9: saves exactly the valid rows the preview showed, in one atomic store call, with
    /// the batch record of what each row did (its id is [`ImportResult::batch_id`], for
    /// [`Workspace::undo_import`]). Refused
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
            let batch = batch_of(ImportBatchId::random(self.env.random.as_ref()), self.now(), &ctx, &writes);
            let writes: Vec<CustomerWrite> = writes.into_iter().map(|(_, w)| w).collect();
            match self.store().write_import(&writes, &Self::uniqueness(&settings), &batch) {
                Err(Error::StaleWrite | Error::CodeTaken { .. } | Error::NameTaken { .. } | Error::LinkCodeTaken)
                    if attempt < 5 =>
                {
                    continue
                }
                Err(e) => return Err(e),
                Ok(()) => {}
            }
            let mut result = ImportResult {
                batch_id: batch.id,
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

    /// I9: undoes a confirmed import in one atomic store call: customers it created are
    /// deleted unless they have orders now (then kept and reported); fields it changed get
    /// their prior values back unless changed again since (then kept and reported). The report
    /// is kept on the batch ([`Workspace::import_batch`]), the audit of the undo. A batch is
    /// undone at most once (`IMPORT_ALREADY_UNDONE`); an unknown batch is
    /// `IMPORT_BATCH_NOT_FOUND`. Refused while contacts sync is active (I6).
    pub fn undo_import(&self, batch_id: ImportBatchId) -> Result<UndoReport> {
        let settings = self.settings()?;
        if settings.contacts_sync.is_active() {
            return Err(Error::SourceOfTruthExternal);
        }
        self.store().undo_import(batch_id, self.now(), &Self::uniqueness(&settings))
    }

    /// I9: a confirmed import's batch: what each row did, and its undo once undone.
    pub fn import_batch(&self, batch_id: ImportBatchId) -> Result<ImportBatch> {
        self.store().import_batch(batch_id)?.ok_or(Error::ImportBatchNotFound { batch_id: batch_id.to_string() })
    }

    /// I7: saves `mapping` under `name` (trimmed, 1–100 characters), replacing a mapping of the
    /// same name (compared without case), for next month's file from the same supplier.
    pub fn save_mapping(&self, name: &str, mapping: &ColumnMapping) -> Result<SavedMapping> {
        let name = check_mapping_name(name)?;
        let saved = SavedMapping { name, mapping: mapping.clone(), saved_at: self.now() };
        self.store().save_import_mapping(&saved)?;
        Ok(saved)
    }

    /// I7: the workspace's saved import mappings, by name.
    pub fn import_mappings(&self) -> Result<Vec<SavedMapping>> {
        self.store().import_mappings()
    }

    /// I7: the saved mapping of this name (compared without case), if any.
    pub fn import_mapping(&self, name: &str) -> Result<Option<SavedMapping>> {
        let key = mapping_name_key(name);
        Ok(self.store().import_mappings()?.into_iter().find(|m| mapping_name_key(&m.name) == key))
    }

    /// I7: deletes the saved mapping of this name; whether there was one.
    pub fn delete_import_mapping(&self, name: &str) -> Result<bool> {
        self.store().delete_import_mapping(name)
    }

    /// I7: [`crate::import::suggest_mapping`]: ranked candidate fields for the headers that
    /// match no field.
    pub fn suggest_mapping<S: AsRef<str>>(&self, headers: &[S]) -> Vec<MappingSuggestion> {
        suggest_mapping(headers)
    }
}
