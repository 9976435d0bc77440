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
const VALIDATE_KEYS: &[&str] = &["format", "sheet", "limits", "unique_names", "price_groups"];
/// The options of `previewImport`: the workspace decides the rest.
pub(crate) const PREVIEW_KEYS: &[&str] = &["format", "sheet"];

pub(crate) fn options(v: Option<&Unknown<'_>>, allowed: &[&str]) -> Result<core::ImportOptions> {
    match opt_object("options", v)? {
        None => Ok(core::ImportOptions::default()),
        Some(obj) => from_json("options", object_json("options", &obj, allowed, &["progress"])?),
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
/// here, and returning `false` stops it with `IMPORT_CANCELLED`. This call blocks;
/// `validateImportAsync` does the same work off the main thread.
///
/// `validateImport(Buffer.from('Name\n,\n')).issues[0].code` → `'NAME_REQUIRED'`
#[napi(
    ts_args_type = "file: Uint8Array | string | { path: string }, options?: { format?: 'csv' | 'xlsx' | 'pasted', sheet?: string, limits?: { maxRows?: number, maxBytes?: number, maxPartBytes?: number, maxInflatedBytes?: number, maxSharedStrings?: number, maxSharedStringBytes?: number, maxColumns?: number, maxIssuesPerCode?: number }, uniqueNames?: boolean, priceGroups?: string[], progress?: (rowsRead: number, done: number, total: number, bytesRead: number, bytesTotal: number) => boolean | void }"
)]
pub fn validate_import(env: Env, file: Unknown<'_>, options_: Option<Unknown<'_>>) -> napi::Result<ImportReport> {
    let (file, options, progress) = run(&env, || {
        let options = options(options_.as_ref(), VALIDATE_KEYS)?;
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
    ts_args_type = "file: Uint8Array | string | { path: string }, options?: { format?: 'csv' | 'xlsx' | 'pasted', sheet?: string, limits?: { maxRows?: number, maxBytes?: number, maxPartBytes?: number, maxInflatedBytes?: number, maxSharedStrings?: number, maxSharedStringBytes?: number, maxColumns?: number, maxIssuesPerCode?: number }, uniqueNames?: boolean, priceGroups?: string[] }",
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
            options: options(options_.as_ref(), VALIDATE_KEYS)?,
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
}

/// I4: what a confirm wrote; the counts add up to `rowsRead`.
#[napi(object)]
pub struct ImportResult {
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
    /// workspace's import limits.
    #[napi(
        ts_args_type = "file: Uint8Array | string | { path: string }, options?: { format?: 'csv' | 'xlsx' | 'pasted', sheet?: string, progress?: (rowsRead: number, done: number, total: number, bytesRead: number, bytesTotal: number) => boolean | void }"
    )]
    pub fn preview_import(
        &self,
        env: Env,
        file: Unknown<'_>,
        options_: Option<Unknown<'_>>,
    ) -> napi::Result<ImportPreview> {
        let (bytes, o, progress) = run(&env, || {
            let mut o = options(options_.as_ref(), PREVIEW_KEYS)?;
            let limits = self.inner.settings()?.import_limits;
            let bytes = File::read(&file)?.bytes(&mut o.format, &limits)?;
            Ok((bytes, o, progress(options_.as_ref())?))
        })?;
        let inner = with_progress(&env, progress, |p| {
            self.inner.preview_import_with_progress(&bytes, o.format, o.sheet.as_deref(), p)
        })?;
        Ok(ImportPreview { inner })
    }

    /// I4: saves exactly the valid rows the preview showed, in one atomic write. Throws
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
}
