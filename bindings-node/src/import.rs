//! Import checks (I1–I3, I5, E1): `validateImport` and its Promise form, run off the main
//! thread, and the report they return.

use crate::convert::{from_json, object_json, opt_object, text};
use crate::error::{invalid, napi, run, Result};
use crate::workspace::Workspace;
use napi::bindgen_prelude::{
    AsyncTask, Buffer, BufferSlice, ClassInstance, Env, FnArgs, FromNapiValue, Function, JsValue, Uint8Array, Unknown,
};
use napi::{Task, ValueType};
use napi_derive::napi;
use orderlink::import as core;
use std::path::PathBuf;

/// R5: the file argument. A `Buffer` (any `Uint8Array`) or a `string` is always the file's
/// content (a string: CSV text or pasted rows); a path is only `{ path: '…' }`, read here (or on
/// the worker thread, for the Promise form) by the core's `read_path`.
pub(crate) enum File {
    Bytes(Vec<u8>),
    Path(PathBuf),
}

impl File {
    pub(crate) fn read(v: &Unknown<'_>) -> Result<File> {
        if v.get_type().map_err(napi("file"))? == ValueType::String {
            return Ok(File::Bytes(text("file", v)?.into_bytes()));
        }
        if v.is_buffer().map_err(napi("file"))? {
            let slice = BufferSlice::from_unknown(*v).map_err(napi("file"))?;
            return Ok(File::Bytes(slice.to_vec()));
        }
        if v.is_typedarray().map_err(napi("file"))? {
            if let Ok(array) = Uint8Array::from_unknown(*v) {
                return Ok(File::Bytes(array.to_vec()));
            }
        }
        if v.get_type().map_err(napi("file"))? == ValueType::Object {
            let obj = crate::convert::object("file", v)?;
            let path = object_json("file", &obj, &["path"], &[])?;
            if let Some(serde_json::Value::String(p)) = path.get("path") {
                return Ok(File::Path(PathBuf::from(p)));
            }
        }
        Err(invalid("file", "expected the file's content (a Buffer, Uint8Array or string) or { path: string }"))
    }

    /// I1–I3, R2: the file checked as `validateImport` does. A path is opened by the core and a
    /// workbook read from it a part at a time, never held whole (its format from its extension
    /// when `format` is not set).
    pub(crate) fn validate(
        self,
        options: &core::ImportOptions,
        progress: &mut dyn FnMut(core::ImportProgress) -> bool,
    ) -> Result<core::ImportReport> {
        match self {
            File::Bytes(b) => core::validate_import_with_progress(&b, options, progress),
            File::Path(p) => core::validate_import_path_with_progress(&p, options, progress),
        }
    }

    /// The bytes; a path is read by the core (R2: a regular file, never past `limits.max_bytes`)
    /// and also gives its format when `format` is not set (`.tsv`: pasted rows).
    pub(crate) fn bytes(self, format: &mut Option<core::ImportFormat>, limits: &core::ImportLimits) -> Result<Vec<u8>> {
        match self {
            File::Bytes(b) => Ok(b),
            File::Path(p) => {
                let bytes = core::read_path(&p, limits)?;
                *format = format.or_else(|| core::ImportFormat::for_path(&p));
                Ok(bytes)
            }
        }
    }
}

/// The options of `validateImport`: all of the core's `ImportOptions` keys.
const VALIDATE_KEYS: &[&str] = &["format", "sheet", "limits", "unique_names", "price_groups", "mapping"];
/// The options of `previewImport`: the workspace decides the rest.
pub(crate) const PREVIEW_KEYS: &[&str] = &["format", "sheet", "mapping"];

/// The options object; `mapping` is read by [`mapping_choice`] (its keys are headers, never
/// camelCased), `progress` by the caller.
pub(crate) fn options(v: Option<&Unknown<'_>>, allowed: &[&str]) -> Result<core::ImportOptions> {
    match opt_object("options", v)? {
        None => Ok(core::ImportOptions::default()),
        Some(obj) => {
            let mut map = object_json("options", &obj, allowed, &["progress", "mapping"])?;
            map.remove("mapping");
            from_json("options", map)
        }
    }
}

/// I7: `options.mapping`: an object `{ header: field }` (a field as `'name'`, `'code'`,
/// `'email'`, `'phone'`, `'contact'`, `'active'`, `'order_web_blocked'`, `'price_group'`,
/// `'record_id'`; `null` leaves a column out), or the name of a mapping the workspace saved.
pub(crate) fn mapping_choice(v: Option<&Unknown<'_>>) -> Result<Option<core::MappingChoice>> {
    let Some(obj) = opt_object("options", v)? else { return Ok(None) };
    match obj.get::<serde_json::Value>("mapping").map_err(napi("options.mapping"))? {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(name)) => Ok(Some(core::MappingChoice::Saved(name))),
        Some(other) => Ok(Some(core::MappingChoice::Columns(column_mapping(other)?))),
    }
}

/// I7: `{ header: field | null }` as a checked mapping (`IMPORT_MAPPING_INVALID`).
pub(crate) fn column_mapping(value: serde_json::Value) -> Result<core::ColumnMapping> {
    let serde_json::Value::Object(map) = value else {
        return Err(invalid("mapping", "expected an object of header to field name (null leaves a column out)"));
    };
    let mut pairs = Vec::with_capacity(map.len());
    for (header, field) in map {
        let field = match field {
            serde_json::Value::String(f) => f,
            serde_json::Value::Null => String::new(),
            _ => return Err(invalid("mapping", format!("the field for '{header}' must be a field name or null"))),
        };
        pairs.push((header, field));
    }
    core::ColumnMapping::parse(pairs)
}

/// I7: `options.mapping` where only an explicit mapping can be used (no workspace).
fn explicit_mapping(v: Option<&Unknown<'_>>) -> Result<Option<core::ColumnMapping>> {
    match mapping_choice(v)? {
        None => Ok(None),
        Some(core::MappingChoice::Columns(m)) => Ok(Some(m)),
        Some(core::MappingChoice::Saved(_)) => Err(invalid(
            "options.mapping",
            "a saved mapping's name needs a workspace; pass an object of header to field",
        )),
    }
}

/// `progress(rowsRead, done, total, bytesRead, bytesTotal)`, called as a read goes (every 1,000
/// rows or 64 KiB of input).
type Progress<'env> = Function<'env, FnArgs<(u32, f64, f64, f64, f64)>, Unknown<'env>>;

/// The `progress` option of the blocking calls, when given.
fn progress<'env>(v: Option<&Unknown<'env>>) -> Result<Option<Progress<'env>>> {
    let Some(obj) = opt_object("options", v)? else { return Ok(None) };
    let Some(f) = obj.get::<Unknown>("progress").map_err(napi("options.progress"))? else { return Ok(None) };
    match f.get_type().map_err(napi("options.progress"))? {
        ValueType::Undefined | ValueType::Null => Ok(None),
        ValueType::Function => Ok(Some(Progress::from_unknown(f).map_err(napi("options.progress"))?)),
        _ => Err(invalid("options.progress", "must be a function (rowsRead, done, total, bytesRead, bytesTotal)")),
    }
}

/// Runs `read` calling `progress` every 1,000 rows or 64 KiB; an exception thrown by `progress`
/// stops the read and is thrown again to the caller, and returning `false` stops it with
/// `IMPORT_CANCELLED`.
fn with_progress<T>(
    env: &Env,
    progress: Option<Progress<'_>>,
    read: impl FnOnce(&mut dyn FnMut(core::ImportProgress) -> bool) -> Result<T>,
) -> napi::Result<T> {
    let mut thrown = None;
    // R1: a panic inside the read is `INTERNAL`, as everywhere else (error::run).
    let result = crate::error::guarded(|| {
        read(&mut |p| match &progress {
            None => true,
            Some(f) => match f.call(
                (count(p.rows_read), p.done as f64, p.total as f64, p.bytes_read as f64, p.bytes_total as f64).into(),
            ) {
                // Only `false` stops: a function that returns nothing goes on.
                Ok(r) => !matches!(r.get_type(), Ok(ValueType::Boolean)) || bool::from_unknown(r).unwrap_or(true),
                Err(e) => {
                    thrown = Some(e);
                    false
                }
            },
        })
    });
    match thrown {
        Some(e) => Err(e),
        None => result.map_err(|e| crate::error::to_js(env, &e)),
    }
}

/// I1–I3, I5: reads a customer file (CSV, XLSX or pasted rows) and reports every issue, with no
/// workspace. `file` is the file's content, a `Buffer` (any `Uint8Array`) or a `string` (never
/// taken as a path), or `{ path }`, read only if it is a regular file no larger than
/// `limits.maxBytes`. `options.progress(rowsRead, done, total, bytesRead, bytesTotal)` is called
/// every 1,000 rows or 64 KiB of input; an exception it throws stops the read and is thrown
/// here, and returning `false` stops it with `IMPORT_CANCELLED`. `options.mapping` (I7), an
/// object `{ header: field }`, reads the headers it names as it says. This call blocks;
/// `validateImportAsync` does the same work off the main thread.
///
/// `validateImport(Buffer.from('Name\n,\n')).issues[0].code` → `'NAME_REQUIRED'`
#[napi(
    ts_args_type = "file: Uint8Array | string | { path: string }, options?: { format?: 'csv' | 'xlsx' | 'pasted', sheet?: string, limits?: { maxRows?: number, maxBytes?: number, maxPartBytes?: number, maxInflatedBytes?: number, maxSharedStrings?: number, maxSharedStringBytes?: number, maxColumns?: number, maxIssuesPerCode?: number }, uniqueNames?: boolean, priceGroups?: string[], mapping?: Record<string, string | null>, progress?: (rowsRead: number, done: number, total: number, bytesRead: number, bytesTotal: number) => boolean | void }"
)]
pub fn validate_import(env: Env, file: Unknown<'_>, options_: Option<Unknown<'_>>) -> napi::Result<ImportReport> {
    let (file, options, progress) = run(&env, || {
        let mut options = options(options_.as_ref(), VALIDATE_KEYS)?;
        options.mapping = explicit_mapping(options_.as_ref())?;
        Ok((File::read(&file)?, options, progress(options_.as_ref())?))
    })?;
    let inner = with_progress(&env, progress, |p| file.validate(&options, p))?;
    Ok(ImportReport { inner })
}

/// The work of `validateImportAsync`, on a libuv worker thread.
pub struct ValidateTask {
    file: Option<File>,
    options: core::ImportOptions,
}

impl Task for ValidateTask {
    type Output = Result<core::ImportReport>;
    type JsValue = ImportReport;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let file = self.file.take().ok_or_else(|| napi::Error::from_reason("the task ran twice"))?;
        Ok(file.validate(&self.options, &mut |_| true))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<ImportReport> {
        run(&env, || output.map(|inner| ImportReport { inner }))
    }
}

/// `validateImport` as a Promise, read and checked off the main thread, so the event loop keeps
/// running while a large file is read.
#[napi(
    ts_args_type = "file: Uint8Array | string | { path: string }, options?: { format?: 'csv' | 'xlsx' | 'pasted', sheet?: string, limits?: { maxRows?: number, maxBytes?: number, maxPartBytes?: number, maxInflatedBytes?: number, maxSharedStrings?: number, maxSharedStringBytes?: number, maxColumns?: number, maxIssuesPerCode?: number }, uniqueNames?: boolean, priceGroups?: string[], mapping?: Record<string, string | null> }",
    ts_return_type = "Promise<ImportReport>"
)]
pub fn validate_import_async(
    env: Env,
    file: Unknown<'_>,
    options_: Option<Unknown<'_>>,
) -> napi::Result<AsyncTask<ValidateTask>> {
    run(&env, || {
        Ok(AsyncTask::new(ValidateTask {
            file: Some(File::read(&file)?),
            options: core::ImportOptions {
                mapping: explicit_mapping(options_.as_ref())?,
                ..options(options_.as_ref(), VALIDATE_KEYS)?
            },
        }))
    })
}

/// E1: the text with a leading apostrophe when a spreadsheet would run it as a formula.
#[napi(ts_args_type = "text: string")]
pub fn neutralise_cell(env: Env, text_: Unknown<'_>) -> napi::Result<String> {
    run(&env, || Ok(core::neutralise_cell(&text("text", &text_)?).into_owned()))
}

pub(crate) fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// I3: one problem in a file, where the user will look for it.
#[napi(object, use_nullable = true)]
pub struct ImportIssue {
    /// The row number the spreadsheet shows; null for the file as a whole.
    pub row: Option<u32>,
    /// The column's header as written in the file.
    pub column: Option<String>,
    /// The stable code, such as `'EMAIL_INVALID'`.
    pub code: String,
    pub message: String,
    /// The offending value as read.
    pub value: Option<String>,
    #[napi(ts_type = "'error' | 'warning'")]
    pub severity: String,
}

/// I3: the issues of one code, grouped so a person can read them.
#[napi(object)]
pub struct IssueGroup {
    pub code: String,
    #[napi(ts_type = "'error' | 'warning'")]
    pub severity: String,
    pub count: u32,
    /// The rows, ascending (empty for a file-level issue).
    pub rows: Vec<u32>,
    /// "EMAIL_INVALID in rows 2, 4, 9 and 212 others".
    pub text: String,
}

/// What reading and checking a file found (I1–I3, I5).
#[napi]
pub struct ImportReport {
    inner: core::ImportReport,
}

#[napi]
impl ImportReport {
    /// `'csv'`, `'xlsx'` or `'pasted'`.
    #[napi(getter, ts_return_type = "'csv' | 'xlsx' | 'pasted'")]
    pub fn format(&self) -> &'static str {
        self.inner.format.as_str()
    }
    /// The header cells as written.
    #[napi(getter)]
    pub fn headers(&self) -> Vec<String> {
        self.inner.headers.clone()
    }
    /// Data rows read, blank ones included.
    #[napi(getter)]
    pub fn rows_read(&self) -> u32 {
        count(self.inner.rows_read)
    }
    /// Rows with every cell blank.
    #[napi(getter)]
    pub fn blank_rows(&self) -> u32 {
        count(self.inner.blank_rows)
    }
    /// Rows with no error.
    #[napi(getter)]
    pub fn valid_rows(&self) -> u32 {
        count(self.inner.valid_rows)
    }
    /// Rows with at least one error.
    #[napi(getter)]
    pub fn error_rows(&self) -> u32 {
        count(self.inner.error_rows)
    }
    /// True when the file was refused whole.
    #[napi(getter)]
    pub fn refused(&self) -> bool {
        self.inner.refused
    }
    /// True when the file or any row has an error.
    #[napi(getter)]
    pub fn has_errors(&self) -> bool {
        self.inner.has_errors()
    }
    /// R2: for each code with more issues than were kept (`limits.maxIssuesPerCode`), how many
    /// more there were (`{ EMAIL_INVALID: 4900 }`); empty when none were dropped. `summary()`
    /// counts them.
    #[napi(getter, ts_return_type = "Record<string, number>")]
    pub fn issues_dropped(&self) -> std::collections::HashMap<String, u32> {
        self.inner.issues_dropped.iter().map(|(c, n)| (c.as_str().to_owned(), count(*n))).collect()
    }
    /// Every issue kept: file-level first, then by row; at most `limits.maxIssuesPerCode` of
    /// each code (R2), the rest counted in `issuesDropped` and `summary()`.
    #[napi(getter)]
    pub fn issues(&self) -> Vec<ImportIssue> {
        self.inner
            .issues
            .iter()
            .map(|i| ImportIssue {
                row: i.row,
                column: i.column.clone(),
                code: i.code.as_str().to_owned(),
                message: i.message.clone(),
                value: i.value.clone(),
                severity: i.severity.as_str().to_owned(),
            })
            .collect()
    }
    /// The issues grouped by code, errors first.
    #[napi]
    pub fn summary(&self) -> Vec<IssueGroup> {
        self.inner
            .summary()
            .into_iter()
            .map(|g| IssueGroup {
                code: g.code.as_str().to_owned(),
                severity: g.severity.as_str().to_owned(),
                count: count(g.count),
                rows: g.rows,
                text: g.text,
            })
            .collect()
    }
    /// The summary as text for a terminal or a log.
    #[napi]
    pub fn summary_text(&self) -> String {
        self.inner.summary_text()
    }
    /// The rows with errors as CSV: the file's headers plus an Issues column.
    #[napi(ts_return_type = "Uint8Array")]
    pub fn error_file_csv(&self, env: Env) -> napi::Result<Buffer> {
        run(&env, || self.inner.error_file_csv().map(Buffer::from))
    }
    /// The rows with errors as an XLSX workbook, offending cells marked with a note.
    #[napi(ts_return_type = "Uint8Array")]
    pub fn error_file_xlsx(&self, env: Env) -> napi::Result<Buffer> {
        run(&env, || self.inner.error_file_xlsx().map(Buffer::from))
    }
}

/// I4: a file read against a workspace; pass it to `workspace.confirmImport`.
#[napi]
pub struct ImportPreview {
    pub(crate) inner: core::ImportPreview,
}

/// I4: one non-blank row of a preview.
#[napi(object, use_nullable = true)]
pub struct PreviewRow {
    /// The row number the spreadsheet shows.
    pub row: u32,
    #[napi(ts_type = "'create' | 'update' | 'error'")]
    pub action: String,
    /// The customer an update writes to.
    pub customer_id: Option<String>,
    /// The fields an update changes (empty: the row matches the customer).
    pub changes: Vec<String>,
}

#[napi]
impl ImportPreview {
    /// Counts and issues, the workspace's checks included.
    #[napi(getter)]
    pub fn report(&self) -> ImportReport {
        ImportReport { inner: self.inner.report.clone() }
    }
    /// Every non-blank row, in file order.
    #[napi(getter)]
    pub fn rows(&self) -> Vec<PreviewRow> {
        self.inner
            .rows
            .iter()
            .map(|r| {
                let (customer_id, changes) = match &r.action {
                    core::RowAction::Update { customer_id, changes } => {
                        (Some(customer_id.to_string()), changes.iter().map(|f| f.as_str().to_owned()).collect())
                    }
                    core::RowAction::Create | core::RowAction::Error => (None, Vec::new()),
                };
                PreviewRow { row: r.row, action: r.action.as_str().to_owned(), customer_id, changes }
            })
            .collect()
    }
    /// Rows that would create a customer.
    #[napi(getter)]
    pub fn creates(&self) -> u32 {
        count(self.inner.creates())
    }
    /// Rows that would update a customer (with changes or not).
    #[napi(getter)]
    pub fn updates(&self) -> u32 {
        count(self.inner.updates())
    }
    /// Updates that change nothing.
    #[napi(getter)]
    pub fn unchanged(&self) -> u32 {
        count(self.inner.unchanged())
    }
    /// Rows that will not be imported.
    #[napi(getter)]
    pub fn errors(&self) -> u32 {
        count(self.inner.errors())
    }
    /// I7: how each column was read.
    #[napi(getter)]
    pub fn mapping(&self) -> Vec<MappedColumn> {
        self.inner
            .mapping
            .iter()
            .map(|c| MappedColumn {
                header: c.header.clone(),
                field: c.field.map(|f| f.as_str().to_owned()),
                matched_by: c.matched_by.as_str().to_owned(),
            })
            .collect()
    }
    /// I7: the saved mapping used, by name, or null.
    #[napi(getter)]
    pub fn mapping_name(&self) -> Option<String> {
        self.inner.mapping_name.clone()
    }
}

/// I7: one column of a file as a preview read it.
#[napi(object, use_nullable = true)]
pub struct MappedColumn {
    /// The header as written in the file.
    pub header: String,
    /// The field it filled, or null.
    pub field: Option<String>,
    /// Whether the mapping or the header's own name decided it.
    #[napi(ts_type = "'mapping' | 'header' | 'unmatched'")]
    pub matched_by: String,
}

/// I7: a field a header may mean.
#[napi(object)]
pub struct FieldCandidate {
    /// The field, as the core spells it (`'name'`, `'order_web_blocked'` …).
    pub field: String,
    /// From 0 to 1, two decimals (0.95: a known synonym).
    pub confidence: f64,
    #[napi(ts_type = "'synonym' | 'contains' | 'similar'")]
    pub reason: String,
}

/// I7: the candidates for one header that matched no field, best first.
#[napi(object)]
pub struct MappingSuggestion {
    pub header: String,
    pub candidates: Vec<FieldCandidate>,
}

/// I7: a mapping the workspace saved under a name.
#[napi(object)]
pub struct SavedMapping {
    pub name: String,
    /// `{ header: field | null }`, in the order given.
    #[napi(ts_type = "Record<string, string | null>")]
    pub mapping: serde_json::Value,
    pub saved_at: chrono::DateTime<chrono::Utc>,
}

/// I9: a customer undo left alone, wholly or in part.
#[napi(object)]
pub struct UndoKept {
    pub customer_id: String,
    #[napi(ts_type = "'has_orders' | 'changed_since' | 'conflict' | 'gone'")]
    pub reason: String,
    /// The fields kept as they are (empty for a created customer kept whole).
    pub fields: Vec<String>,
}

/// I9: what an undo did.
#[napi(object)]
pub struct UndoReport {
    pub batch_id: String,
    pub undone_at: chrono::DateTime<chrono::Utc>,
    /// Customers the import created, now deleted.
    pub deleted: Vec<String>,
    /// Customers the import changed that got (some of) their prior values back.
    pub restored: Vec<String>,
    pub kept: Vec<UndoKept>,
}

/// I9: one field an import changed.
#[napi(object)]
pub struct FieldChange {
    pub field: String,
    /// Its value before the import (text, a boolean, or null).
    #[napi(ts_type = "string | boolean | null")]
    pub before: serde_json::Value,
    /// The value the import wrote.
    #[napi(ts_type = "string | boolean | null")]
    pub after: serde_json::Value,
}

/// I9: what one row of a confirmed import did.
#[napi(object)]
pub struct BatchRow {
    #[napi(ts_type = "'created' | 'updated'")]
    pub action: String,
    /// The row number the spreadsheet shows.
    pub row: u32,
    pub customer_id: String,
    /// The fields an update changed (empty for a created customer).
    pub changes: Vec<FieldChange>,
}

/// I9: a confirmed import as the store keeps it.
#[napi(object, use_nullable = true)]
pub struct ImportBatch {
    pub id: String,
    pub confirmed_at: chrono::DateTime<chrono::Utc>,
    pub rows: Vec<BatchRow>,
    /// The undo, once undone (the audit of it).
    pub undo: Option<UndoReport>,
}

/// I9: a batch as a Node object.
pub(crate) fn import_batch(b: &core::ImportBatch) -> ImportBatch {
    let value = |v: &core::FieldValue| serde_json::to_value(v).unwrap_or(serde_json::Value::Null);
    ImportBatch {
        id: b.id.to_string(),
        confirmed_at: b.confirmed_at,
        rows: b
            .rows
            .iter()
            .map(|r| match r {
                core::BatchRow::Created { row, customer_id } => BatchRow {
                    action: "created".into(),
                    row: *row,
                    customer_id: customer_id.to_string(),
                    changes: Vec::new(),
                },
                core::BatchRow::Updated { row, customer_id, changes } => BatchRow {
                    action: "updated".into(),
                    row: *row,
                    customer_id: customer_id.to_string(),
                    changes: changes
                        .iter()
                        .map(|c| FieldChange {
                            field: c.field.as_str().to_owned(),
                            before: value(&c.before),
                            after: value(&c.after),
                        })
                        .collect(),
                },
            })
            .collect(),
        undo: b.undo.as_ref().map(undo_report),
    }
}

/// I7: suggestions as Node objects.
pub(crate) fn suggestions(headers: &[String]) -> Vec<MappingSuggestion> {
    core::suggest_mapping(headers)
        .into_iter()
        .map(|s| MappingSuggestion {
            header: s.header,
            candidates: s
                .candidates
                .into_iter()
                .map(|c| FieldCandidate {
                    field: c.field.as_str().to_owned(),
                    confidence: c.confidence,
                    reason: c.reason,
                })
                .collect(),
        })
        .collect()
}

/// I7: a saved mapping as a Node object.
pub(crate) fn saved_mapping(s: &core::SavedMapping) -> SavedMapping {
    let mapping = s
        .mapping
        .entries()
        .iter()
        .map(|e| (e.header.clone(), e.field.map_or(serde_json::Value::Null, |f| f.as_str().into())))
        .collect::<serde_json::Map<_, _>>();
    SavedMapping { name: s.name.clone(), mapping: serde_json::Value::Object(mapping), saved_at: s.saved_at }
}

/// I9: an undo report as a Node object.
pub(crate) fn undo_report(r: &core::UndoReport) -> UndoReport {
    let ids = |v: &[orderlink::CustomerId]| v.iter().map(|c| c.to_string()).collect();
    UndoReport {
        batch_id: r.batch_id.to_string(),
        undone_at: r.undone_at,
        deleted: ids(&r.deleted),
        restored: ids(&r.restored),
        kept: r
            .kept
            .iter()
            .map(|k| UndoKept {
                customer_id: k.customer_id.to_string(),
                reason: k.reason.as_str().to_owned(),
                fields: k.fields.iter().map(|f| f.as_str().to_owned()).collect(),
            })
            .collect(),
    }
}

/// I7: for each header that matches no field by name, the fields it may mean, best first, with
/// a confidence from 0 to 1; fields another header already has are not suggested; no network.
#[napi(ts_args_type = "headers: string[]")]
pub fn suggest_mapping(env: Env, headers: Unknown<'_>) -> napi::Result<Vec<MappingSuggestion>> {
    run(&env, || Ok(suggestions(&crate::convert::texts("headers", &headers)?)))
}

/// I4: what a confirm wrote; the counts add up to `rowsRead`.
#[napi(object)]
pub struct ImportResult {
    /// I9: the batch, for `undoImport`.
    pub batch_id: String,
    pub created: Vec<String>,
    pub updated: Vec<String>,
    /// Customers whose row matched them exactly: nothing written.
    pub unchanged: Vec<String>,
    /// The rows not imported (they had errors).
    pub error_rows: Vec<u32>,
    pub blank_rows: u32,
    pub rows_read: u32,
}

#[napi]
impl Workspace {
    /// I4: reads a file (its content as a `Buffer` or `string`, or `{ path }`) against this
    /// workspace and says what each row would do: create, update (its code is a customer's) or
    /// error. Saves nothing. Refused with `SOURCE_OF_TRUTH_EXTERNAL` while contacts sync is
    /// active (I6). `options.progress` as for `validateImport`; a path is read within the
    /// workspace's import limits. `options.mapping` (I7): an object `{ header: field }` (null
    /// leaves a column out) or the name of a saved mapping; headers it does not name are
    /// matched by their own names, never guessed. `preview.mapping` says how each column was read.
    #[napi(
        ts_args_type = "file: Uint8Array | string | { path: string }, options?: { format?: 'csv' | 'xlsx' | 'pasted', sheet?: string, mapping?: string | Record<string, string | null>, progress?: (rowsRead: number, done: number, total: number, bytesRead: number, bytesTotal: number) => boolean | void }"
    )]
    pub fn preview_import(
        &self,
        env: Env,
        file: Unknown<'_>,
        options_: Option<Unknown<'_>>,
    ) -> napi::Result<ImportPreview> {
        let (bytes, o, mapping, progress) = run(&env, || {
            let mut o = options(options_.as_ref(), PREVIEW_KEYS)?;
            let mapping = mapping_choice(options_.as_ref())?;
            let limits = self.inner.settings()?.import_limits;
            let bytes = File::read(&file)?.bytes(&mut o.format, &limits)?;
            Ok((bytes, o, mapping, progress(options_.as_ref())?))
        })?;
        let inner = with_progress(&env, progress, |p| {
            self.inner.preview_import_mapped(&bytes, o.format, o.sheet.as_deref(), mapping, p)
        })?;
        Ok(ImportPreview { inner })
    }

    /// I4, I9: saves exactly the valid rows the preview showed, in one atomic write, and records
    /// the batch (`result.batchId`, for `undoImport`). Throws
    /// `IMPORT_STALE` when a row would now come out differently, `IMPORT_REFUSED` for a refused
    /// file; nothing is written then.
    #[napi(ts_args_type = "preview: ImportPreview")]
    pub fn confirm_import(&self, env: Env, preview: Unknown<'_>) -> napi::Result<ImportResult> {
        run(&env, || {
            // Read here, not by napi, so a wrong value is INVALID_ARGUMENT rather than napi's InvalidArg.
            let preview = ClassInstance::<ImportPreview>::from_unknown(preview)
                .map_err(|_| invalid("preview", "expected an ImportPreview from previewImport"))?;
            let r = self.inner.confirm_import(&preview.inner)?;
            let ids = |v: &[orderlink::CustomerId]| v.iter().map(|c| c.to_string()).collect();
            Ok(ImportResult {
                batch_id: r.batch_id.to_string(),
                created: ids(&r.created),
                updated: ids(&r.updated),
                unchanged: ids(&r.unchanged),
                error_rows: r.error_rows,
                blank_rows: count(r.blank_rows),
                rows_read: count(r.rows_read),
            })
        })
    }

    /// E1: the view (the query of `listCustomers`; not paged) as CSV with the import's headers,
    /// so an export re-imports as updates with no change. Formula-like cells are neutralised.
    #[napi(
        ts_args_type = "query?: { filter?: StatusFilter; search?: string; sort?: SortKey; descending?: boolean; offset?: number; limit?: number; guest?: string | null; tag?: string | null; kind?: CustomerKind | null; address?: string | null }",
        ts_return_type = "Uint8Array"
    )]
    pub fn export_customers(&self, env: Env, query: Option<Unknown<'_>>) -> napi::Result<Buffer> {
        run(&env, || {
            let query = crate::workspace::customer_query(query.as_ref())?;
            Ok(Buffer::from(self.inner.export_customers(&query)?))
        })
    }

    /// I7: `suggestMapping` for this workspace's imports.
    #[napi(ts_args_type = "headers: string[]")]
    pub fn suggest_mapping(&self, env: Env, headers: Unknown<'_>) -> napi::Result<Vec<MappingSuggestion>> {
        run(&env, || Ok(suggestions(&crate::convert::texts("headers", &headers)?)))
    }

    /// I7: saves a mapping (`{ header: field | null }`) under `name` (1–100 characters; names
    /// compare without case, and saving a name again replaces it), for
    /// `previewImport(file, { mapping: name })` next month.
    #[napi(ts_args_type = "name: string, mapping: Record<string, string | null>")]
    pub fn save_mapping(&self, env: Env, name: Unknown<'_>, mapping: Unknown<'_>) -> napi::Result<SavedMapping> {
        run(&env, || {
            let name = text("name", &name)?;
            let mapping = column_mapping(serde_json::Value::from_unknown(mapping).map_err(napi("mapping"))?)?;
            let saved = self.inner.save_mapping(&name, &mapping)?;
            Ok(saved_mapping(&saved))
        })
    }

    /// I7: the saved mappings, by name.
    #[napi]
    pub fn import_mappings(&self, env: Env) -> napi::Result<Vec<SavedMapping>> {
        run(&env, || Ok(self.inner.import_mappings()?.iter().map(saved_mapping).collect()))
    }

    /// I7: deletes the saved mapping of this name; whether there was one.
    #[napi(ts_args_type = "name: string")]
    pub fn delete_import_mapping(&self, env: Env, name: Unknown<'_>) -> napi::Result<bool> {
        run(&env, || {
            let name = text("name", &name)?;
            self.inner.delete_import_mapping(&name)
        })
    }

    /// I9: undoes a confirmed import (`result.batchId`) in one atomic store call: customers it
    /// created are deleted unless they have orders now; fields it changed get their prior
    /// values back unless changed again since; what was kept is reported. Throws
    /// `IMPORT_ALREADY_UNDONE` the second time, `IMPORT_BATCH_NOT_FOUND` for an unknown batch.
    #[napi(ts_args_type = "batchId: string")]
    pub fn undo_import(&self, env: Env, batch_id: Unknown<'_>) -> napi::Result<UndoReport> {
        run(&env, || {
            let batch_id: orderlink::ImportBatchId = crate::convert::parse_id("batchId", &batch_id)?;
            let report = self.inner.undo_import(batch_id)?;
            Ok(undo_report(&report))
        })
    }

    /// I9: a confirmed import: what each row did (with each changed field's prior value) and
    /// its undo once undone.
    #[napi(ts_args_type = "batchId: string")]
    pub fn import_batch(&self, env: Env, batch_id: Unknown<'_>) -> napi::Result<ImportBatch> {
        run(&env, || {
            let batch_id: orderlink::ImportBatchId = crate::convert::parse_id("batchId", &batch_id)?;
            let batch = self.inner.import_batch(batch_id)?;
            Ok(import_batch(&batch))
        })
    }
}
