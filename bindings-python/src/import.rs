//! Import checks for scripts (I1–I3, I5, E1): `validate_import` at module level and the report
//! it returns. Reading runs with the GIL released; progress calls back into Python.

use crate::convert::{flag, from_dict, text};
use crate::error::{call, guarded, invalid, Raise};
use crate::types::{q, qo};
use orderlink::import as core;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyList, PyMemoryView, PyString};
use std::path::PathBuf;

/// R5: the file argument. Bytes-like (`bytes`, `bytearray`, `memoryview`) and `str` (pasted
/// rows or CSV text) are always content; only an `os.PathLike` (`pathlib.Path`) is a path, read
/// by the core's `read_path` (R2: a regular file, never past `limits.max_bytes`).
pub fn file_bytes(
    py: Python<'_>,
    file: &Bound<'_, PyAny>,
    limits: &core::ImportLimits,
) -> PyResult<(Vec<u8>, Option<PathBuf>)> {
    if let Ok(b) = file.cast::<PyBytes>() {
        return Ok((b.as_bytes().to_vec(), None));
    }
    if let Ok(b) = file.cast::<PyByteArray>() {
        return Ok((b.to_vec(), None));
    }
    if file.is_instance_of::<PyMemoryView>() {
        let b = file.call_method0("tobytes")?;
        return Ok((b.cast::<PyBytes>()?.as_bytes().to_vec(), None));
    }
    if let Ok(s) = file.cast::<PyString>() {
        return Ok((s.to_cow()?.as_bytes().to_vec(), None));
    }
    if !file.hasattr("__fspath__")? {
        return Err(invalid("file", "expected bytes, str (the file's text) or a path (pathlib.Path, os.PathLike)"));
    }
    let path: PathBuf = file.extract().map_err(|_| invalid("file", "the path is not a file system path"))?;
    let bytes = py.detach(|| core::read_path(&path, limits)).py()?;
    Ok((bytes, Some(path)))
}

/// The format of a file from its keyword, else its path's extension (.tsv/.txt: pasted rows).
pub fn format_of(format: Option<&Bound<'_, PyAny>>, path: Option<&PathBuf>) -> PyResult<Option<core::ImportFormat>> {
    if let Some(f) = format.filter(|f| !f.is_none()) {
        return text(f, "format")?.parse().map(Some).py();
    }
    Ok(path.and_then(|p| core::ImportFormat::for_path(p)))
}

/// Runs `read` without the GIL, calling `progress(rows_read, done, total, bytes_read,
/// bytes_total)` from Python every 1,000 rows or 64 KiB of input; an exception raised by
/// `progress` stops the read and is raised again here; returning `False` stops it with
/// `IMPORT_CANCELLED`.
pub fn with_progress<T: Send>(
    py: Python<'_>,
    progress: Option<&Bound<'_, PyAny>>,
    read: impl FnOnce(&mut dyn FnMut(core::ImportProgress) -> bool) -> orderlink::Result<T> + Send,
) -> PyResult<T> {
    let callback = progress.filter(|p| !p.is_none()).map(|p| p.clone().unbind());
    let mut raised: Option<PyErr> = None;
    let out = py.detach(|| {
        // R1: a panic inside the read is `INTERNAL`, as in every other call (error::call).
        guarded(|| {
            read(&mut |p| match &callback {
                None => true,
                Some(cb) => Python::attach(|py| {
                    match cb.call1(py, (p.rows_read, p.done, p.total, p.bytes_read, p.bytes_total)) {
                        // Only False stops: None (a function that returns nothing) and anything else go on.
                        Ok(r) => !r.bind(py).cast::<PyBool>().is_ok_and(|b| !b.is_true()),
                        Err(e) => {
                            raised = Some(e);
                            false
                        }
                    }
                }),
            })
        })
    });
    match (out, raised) {
        (_, Some(e)) => Err(e),
        (out, None) => out.py(),
    }
}

/// I1–I3, I5: reads a customer file (CSV, XLSX or pasted rows) and reports every issue, with no
/// workspace: for scripts that check a supplier's file before it is loaded.
///
/// ``file`` is the file's content, ``bytes`` or ``str`` (a ``str`` is never taken as a path), or
/// a path given as ``pathlib.Path`` (any ``os.PathLike``), which is read only if it is a regular
/// file no larger than ``limits["max_bytes"]``. ``limits`` is a dict of the ``ImportLimits``
/// keys (``max_rows``, ``max_bytes``, ``max_columns``, ``max_issues_per_code`` …).
/// ``price_groups``, when given, are the groups that exist. ``progress(rows_read, done, total,
/// bytes_read, bytes_total)`` is called every 1,000 rows or 64 KiB of input; raising from it or
/// returning ``False`` stops the read (``IMPORT_CANCELLED`` when it returned False). The GIL is
/// released while the file is read. ``mapping`` (I7), a dict ``{header: field}``, reads the
/// headers it names as it says (``None`` leaves a column out).
///
/// >>> r = orderlink.validate_import(b"Customer Name,Email Address\nCorner Deli,orders@deli.example\n,bad@\n")
/// >>> (r.rows_read, r.valid_rows, r.error_rows)
/// (2, 1, 1)
/// >>> r.issues[0].code, r.issues[0].row
/// ('NAME_REQUIRED', 3)
#[pyfunction]
#[pyo3(signature = (file, *, format=None, sheet=None, limits=None, unique_names=None, price_groups=None, progress=None, mapping=None))]
#[allow(clippy::too_many_arguments)]
pub fn validate_import(
    py: Python<'_>,
    file: &Bound<'_, PyAny>,
    format: Option<&Bound<'_, PyAny>>,
    sheet: Option<&Bound<'_, PyAny>>,
    limits: Option<&Bound<'_, PyDict>>,
    unique_names: Option<&Bound<'_, PyAny>>,
    price_groups: Option<&Bound<'_, PyAny>>,
    progress: Option<&Bound<'_, PyAny>>,
    mapping: Option<&Bound<'_, PyAny>>,
) -> PyResult<ImportReport> {
    let mapping = match crate::import_batches::mapping_arg(mapping, false)? {
        Some(core::MappingChoice::Columns(m)) => Some(m),
        _ => None,
    };
    let limits = match limits {
        None => core::ImportLimits::default(),
        Some(d) => {
            from_dict("limits", &core::ImportLimits::default(), crate::convert::kwargs_json(Some(d), "limits")?)?
        }
    };
    // R2: a path is opened by the core and a workbook read from it a part at a time.
    let path: Option<PathBuf> = match file.hasattr("__fspath__")? && !file.is_instance_of::<PyString>() {
        true => Some(file.extract().map_err(|_| invalid("file", "the path is not a file system path"))?),
        false => None,
    };
    let bytes = match &path {
        Some(_) => Vec::new(),
        None => file_bytes(py, file, &limits)?.0,
    };
    let price_groups = match price_groups.filter(|g| !g.is_none()) {
        None => None,
        Some(g) => Some(
            g.try_iter()
                .map_err(|_| invalid("price_groups", "expected a list of names"))?
                .map(|n| text(&n?, "price_groups"))
                .collect::<PyResult<Vec<String>>>()?,
        ),
    };
    let options = core::ImportOptions {
        format: format_of(format, path.as_ref())?,
        sheet: crate::convert::opt_text(sheet, "sheet")?,
        limits,
        unique_names: unique_names
            .filter(|u| !u.is_none())
            .map(|u| flag(u, "unique_names"))
            .transpose()?
            .unwrap_or(false),
        price_groups,
        mapping,
    };
    let report = with_progress(py, progress, |p| match &path {
        Some(path) => core::validate_import_path_with_progress(path, &options, p),
        None => core::validate_import_with_progress(&bytes, &options, p),
    })?;
    Ok(ImportReport { inner: report })
}

/// E1: the text with a leading apostrophe when a spreadsheet would run it as a formula.
///
/// >>> orderlink.neutralise_cell("=1+2")
/// "'=1+2"
#[pyfunction]
pub fn neutralise_cell(text: &Bound<'_, PyAny>) -> PyResult<String> {
    let text = crate::convert::text(text, "text")?;
    guarded(|| Ok(core::neutralise_cell(&text).into_owned())).py()
}

/// I3: one problem in a file, where the user will look for it.
#[pyclass(frozen, eq, name = "ImportIssue", module = "orderlink")]
#[derive(PartialEq)]
pub struct ImportIssue {
    pub inner: core::ImportIssue,
}

#[pymethods]
impl ImportIssue {
    /// The row number the spreadsheet shows, or None for the file as a whole.
    #[getter]
    fn row(&self) -> Option<u32> {
        self.inner.row
    }
    /// The column's header as written in the file, or None.
    #[getter]
    fn column(&self) -> Option<&str> {
        self.inner.column.as_deref()
    }
    /// The stable code, such as ``"EMAIL_INVALID"``.
    #[getter]
    fn code(&self) -> &'static str {
        self.inner.code.as_str()
    }
    /// What is wrong and what to do.
    #[getter]
    fn message(&self) -> &str {
        &self.inner.message
    }
    /// The offending value as read, or None.
    #[getter]
    fn value(&self) -> Option<&str> {
        self.inner.value.as_deref()
    }
    /// ``"error"`` or ``"warning"``.
    #[getter]
    fn severity(&self) -> &'static str {
        self.inner.severity.as_str()
    }
    fn __repr__(&self) -> String {
        format!(
            "ImportIssue(row={}, column={}, code={}, severity={})",
            self.inner.row.map_or("None".to_owned(), |r| r.to_string()),
            qo(self.inner.column.as_deref()),
            q(self.inner.code.as_str()),
            q(self.inner.severity.as_str())
        )
    }
}

/// I3: the issues of one code, grouped so a person can read them.
#[pyclass(frozen, eq, name = "IssueGroup", module = "orderlink")]
#[derive(PartialEq)]
pub struct IssueGroup {
    pub inner: core::IssueGroup,
}

#[pymethods]
impl IssueGroup {
    /// The code.
    #[getter]
    fn code(&self) -> &'static str {
        self.inner.code.as_str()
    }
    /// ``"error"`` or ``"warning"``.
    #[getter]
    fn severity(&self) -> &'static str {
        self.inner.severity.as_str()
    }
    /// How many issues.
    #[getter]
    fn count(&self) -> usize {
        self.inner.count
    }
    /// The rows, ascending (empty for a file-level issue).
    #[getter]
    fn rows(&self) -> Vec<u32> {
        self.inner.rows.clone()
    }
    /// "EMAIL_INVALID in rows 2, 4, 9 and 212 others".
    #[getter]
    fn text(&self) -> &str {
        &self.inner.text
    }
    fn __repr__(&self) -> String {
        format!("IssueGroup({})", q(&self.inner.text))
    }
}

/// What reading and checking a file found (I1–I3, I5).
#[pyclass(frozen, eq, name = "ImportReport", module = "orderlink")]
#[derive(PartialEq)]
pub struct ImportReport {
    pub inner: core::ImportReport,
}

#[pymethods]
impl ImportReport {
    /// ``"csv"``, ``"xlsx"`` or ``"pasted"``.
    #[getter]
    fn format(&self) -> &'static str {
        self.inner.format.as_str()
    }
    /// The header cells as written.
    #[getter]
    fn headers(&self) -> Vec<String> {
        self.inner.headers.clone()
    }
    /// Data rows read, blank ones included.
    #[getter]
    fn rows_read(&self) -> usize {
        self.inner.rows_read
    }
    /// Rows with every cell blank (not imported, not errors).
    #[getter]
    fn blank_rows(&self) -> usize {
        self.inner.blank_rows
    }
    /// Rows with no error.
    #[getter]
    fn valid_rows(&self) -> usize {
        self.inner.valid_rows
    }
    /// Rows with at least one error.
    #[getter]
    fn error_rows(&self) -> usize {
        self.inner.error_rows
    }
    /// True when the file was refused whole (see the file-level issue).
    #[getter]
    fn refused(&self) -> bool {
        self.inner.refused
    }
    /// True when the file or any row has an error.
    #[getter]
    fn has_errors(&self) -> bool {
        self.inner.has_errors()
    }
    /// Every issue kept: file-level first, then by row; at most ``limits["max_issues_per_code"]``
    /// of each code (R2), the rest counted in ``issues_dropped`` and in ``summary()``.
    #[getter]
    fn issues<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.inner.issues.iter().map(|i| ImportIssue { inner: i.clone() }))
    }
    /// R2: for each code with more issues than were kept, how many more there were
    /// (``{"EMAIL_INVALID": 4900}``); empty when none were dropped.
    #[getter]
    fn issues_dropped(&self) -> std::collections::BTreeMap<&'static str, usize> {
        self.inner.issues_dropped.iter().map(|(c, n)| (c.as_str(), *n)).collect()
    }
    /// The issues grouped by code, errors first.
    fn summary(&self) -> Vec<IssueGroup> {
        self.inner.summary().into_iter().map(|g| IssueGroup { inner: g }).collect()
    }
    /// The summary as text for a terminal or a log.
    fn summary_text(&self) -> String {
        self.inner.summary_text()
    }
    /// The rows with errors as CSV bytes, the file's headers plus an Issues column.
    fn error_file_csv<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        Ok(PyBytes::new(py, &call(|| self.inner.error_file_csv())?))
    }
    /// The rows with errors as XLSX bytes, offending cells marked with a note.
    fn error_file_xlsx<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        Ok(PyBytes::new(py, &call(|| self.inner.error_file_xlsx())?))
    }
    fn __repr__(&self) -> String {
        let r = &self.inner;
        format!(
            "ImportReport(rows_read={}, valid_rows={}, error_rows={}, blank_rows={}, refused={})",
            r.rows_read,
            r.valid_rows,
            r.error_rows,
            r.blank_rows,
            if r.refused { "True" } else { "False" }
        )
    }
}

/// I4: one non-blank row of a preview.
#[pyclass(frozen, eq, name = "PreviewRow", module = "orderlink")]
#[derive(PartialEq)]
pub struct PreviewRow {
    pub inner: core::PreviewRow,
}

#[pymethods]
impl PreviewRow {
    /// The row number the spreadsheet shows.
    #[getter]
    fn row(&self) -> u32 {
        self.inner.row
    }
    /// ``"create"``, ``"update"`` or ``"error"``.
    #[getter]
    fn action(&self) -> &'static str {
        self.inner.action.as_str()
    }
    /// The customer an update writes to, else None.
    #[getter]
    fn customer_id(&self) -> Option<uuid::Uuid> {
        match &self.inner.action {
            core::RowAction::Update { customer_id, .. } => Some(customer_id.0),
            core::RowAction::Create | core::RowAction::Error => None,
        }
    }
    /// The fields an update changes (empty: the row matches the customer).
    #[getter]
    fn changes(&self) -> Vec<&'static str> {
        match &self.inner.action {
            core::RowAction::Update { changes, .. } => changes.iter().map(|f| f.as_str()).collect(),
            core::RowAction::Create | core::RowAction::Error => Vec::new(),
        }
    }
    fn __repr__(&self) -> String {
        format!("PreviewRow(row={}, action={})", self.inner.row, q(self.inner.action.as_str()))
    }
}

/// I4: a file read against a workspace; pass it to ``Workspace.confirm_import``.
#[pyclass(frozen, eq, name = "ImportPreview", module = "orderlink")]
#[derive(PartialEq)]
pub struct ImportPreview {
    pub inner: core::ImportPreview,
}

#[pymethods]
impl ImportPreview {
    /// Counts and issues, the workspace's checks included.
    #[getter]
    fn report(&self) -> ImportReport {
        ImportReport { inner: self.inner.report.clone() }
    }
    /// Every non-blank row, in file order.
    #[getter]
    fn rows(&self) -> Vec<PreviewRow> {
        self.inner.rows.iter().map(|r| PreviewRow { inner: r.clone() }).collect()
    }
    /// Rows that would create a customer.
    #[getter]
    fn creates(&self) -> usize {
        self.inner.creates()
    }
    /// Rows that would update a customer (with changes or not).
    #[getter]
    fn updates(&self) -> usize {
        self.inner.updates()
    }
    /// Updates that change nothing.
    #[getter]
    fn unchanged(&self) -> usize {
        self.inner.unchanged()
    }
    /// Rows that will not be imported.
    #[getter]
    fn errors(&self) -> usize {
        self.inner.errors()
    }
    /// I7: how each column was read: ``(header, field or None, matched_by)`` with matched_by
    /// ``"mapping"``, ``"header"`` (its own name) or ``"unmatched"``.
    #[getter]
    fn mapping(&self) -> Vec<(String, Option<&'static str>, &'static str)> {
        self.inner
            .mapping
            .iter()
            .map(|c| (c.header.clone(), c.field.map(|f| f.as_str()), c.matched_by.as_str()))
            .collect()
    }
    /// I7: the saved mapping used, by name, or None.
    #[getter]
    fn mapping_name(&self) -> Option<&str> {
        self.inner.mapping_name.as_deref()
    }
    fn __repr__(&self) -> String {
        format!(
            "ImportPreview(creates={}, updates={}, errors={})",
            self.inner.creates(),
            self.inner.updates(),
            self.inner.errors()
        )
    }
}

/// I4: what a confirm wrote; the counts add up to ``rows_read``.
#[pyclass(frozen, eq, name = "ImportResult", module = "orderlink")]
#[derive(PartialEq)]
pub struct ImportResult {
    pub inner: core::ImportResult,
}

#[pymethods]
impl ImportResult {
    /// I9: the batch, for ``Workspace.undo_import``.
    #[getter]
    fn batch_id(&self) -> uuid::Uuid {
        self.inner.batch_id.0
    }
    /// Ids of the customers created.
    #[getter]
    fn created(&self) -> Vec<uuid::Uuid> {
        self.inner.created.iter().map(|c| c.0).collect()
    }
    /// Ids of the customers changed.
    #[getter]
    fn updated(&self) -> Vec<uuid::Uuid> {
        self.inner.updated.iter().map(|c| c.0).collect()
    }
    /// Ids of the customers whose row matched them exactly.
    #[getter]
    fn unchanged(&self) -> Vec<uuid::Uuid> {
        self.inner.unchanged.iter().map(|c| c.0).collect()
    }
    /// The rows not imported (they had errors).
    #[getter]
    fn error_rows(&self) -> Vec<u32> {
        self.inner.error_rows.clone()
    }
    /// Rows with every cell blank.
    #[getter]
    fn blank_rows(&self) -> usize {
        self.inner.blank_rows
    }
    /// Data rows in the file.
    #[getter]
    fn rows_read(&self) -> usize {
        self.inner.rows_read
    }
    fn __repr__(&self) -> String {
        let r = &self.inner;
        format!(
            "ImportResult(created={}, updated={}, unchanged={}, error_rows={}, blank_rows={})",
            r.created.len(),
            r.updated.len(),
            r.unchanged.len(),
            r.error_rows.len(),
            r.blank_rows
        )
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ImportPreview>()?;
    m.add_class::<PreviewRow>()?;
    m.add_class::<ImportResult>()?;
    m.add_class::<ImportReport>()?;
    m.add_class::<ImportIssue>()?;
    m.add_class::<IssueGroup>()?;
    m.add_function(wrap_pyfunction!(validate_import, m)?)?;
    m.add_function(wrap_pyfunction!(neutralise_cell, m)?)?;
    Ok(())
}
