//! Column mappings (I7) and import batches with undo (I9): `suggest_mapping`,
//! `Workspace.save_mapping`, `import_mappings`, `delete_import_mapping`, `undo_import`,
//! `import_batch`, and the `mapping=` argument of `preview_import` / `validate_import`. The core
//! decides everything; this file converts.

use crate::convert::{id, json_to_py, text, texts};
use crate::error::{call, invalid, Raise};
use crate::types::q;
use crate::workspace::PyWorkspace;
use chrono::{DateTime, Utc};
use orderlink::import as core;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

/// I7: the ``mapping=`` argument: a dict ``{header: field}`` (a field as ``"name"``, ``"code"``,
/// ``"email"``, ``"phone"``, ``"contact"``, ``"active"``, ``"order_web_blocked"``,
/// ``"price_group"``, ``"record_id"``, or ``None`` to leave the column out), or, where there
/// is a workspace (`saved_ok`), the name of a mapping it saved.
pub fn mapping_arg(obj: Option<&Bound<'_, PyAny>>, saved_ok: bool) -> PyResult<Option<core::MappingChoice>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else { return Ok(None) };
    if let Ok(name) = obj.cast::<PyString>() {
        if !saved_ok {
            return Err(invalid("mapping", "a saved mapping's name needs a workspace; pass a dict of header to field"));
        }
        return Ok(Some(core::MappingChoice::Saved(name.to_cow()?.into_owned())));
    }
    Ok(Some(core::MappingChoice::Columns(column_mapping(obj)?)))
}

/// I7: a dict ``{header: field or None}`` as a checked mapping (`IMPORT_MAPPING_INVALID`).
pub fn column_mapping(obj: &Bound<'_, PyAny>) -> PyResult<core::ColumnMapping> {
    let dict = obj
        .cast::<PyDict>()
        .map_err(|_| invalid("mapping", "expected a dict of header to field name (None leaves a column out)"))?;
    let mut pairs = Vec::with_capacity(dict.len());
    for (k, v) in dict.iter() {
        let field = if v.is_none() { String::new() } else { text(&v, "mapping")? };
        pairs.push((text(&k, "mapping")?, field));
    }
    core::ColumnMapping::parse(pairs).py()
}

/// A mapping as a dict ``{header: field or None}``, in its order.
fn mapping_dict<'py>(py: Python<'py>, m: &core::ColumnMapping) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for e in m.entries() {
        d.set_item(&e.header, e.field.map(|f| f.as_str()))?;
    }
    Ok(d)
}

/// A saved mapping as ``{"name": str, "mapping": {header: field}, "saved_at": datetime}``.
fn saved_dict<'py>(py: Python<'py>, s: &core::SavedMapping) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("name", &s.name)?;
    d.set_item("mapping", mapping_dict(py, &s.mapping)?)?;
    d.set_item("saved_at", s.saved_at)?;
    Ok(d)
}

/// I7: for each header that matches no field by name, the fields it may mean, best first:
/// ``[{"header": str, "candidates": [{"field": str, "confidence": float, "reason": str}]}]``.
/// Confidence runs from 0 to 1 (0.95 a known synonym); fields another header already has are
/// not suggested; no network.
///
/// >>> [(s["header"], s["candidates"][0]["field"]) for s in orderlink.suggest_mapping(["Trading Name", "Acct No.", "Email"])]
/// [('Trading Name', 'name'), ('Acct No.', 'code')]
#[pyfunction]
pub fn suggest_mapping<'py>(py: Python<'py>, headers: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let headers = texts(headers, "headers")?;
    let value = serde_json::to_value(core::suggest_mapping(&headers)).map_err(|e| invalid("headers", e.to_string()))?;
    json_to_py(py, &value)
}

/// I9: what an undo did.
#[pyclass(frozen, eq, name = "UndoReport", module = "orderlink")]
#[derive(PartialEq)]
pub struct UndoReport {
    pub inner: core::UndoReport,
}

#[pymethods]
impl UndoReport {
    /// The batch undone.
    #[getter]
    fn batch_id(&self) -> uuid::Uuid {
        self.inner.batch_id.0
    }
    /// When.
    #[getter]
    fn undone_at(&self) -> DateTime<Utc> {
        self.inner.undone_at
    }
    /// Customers the import created, now deleted.
    #[getter]
    fn deleted(&self) -> Vec<uuid::Uuid> {
        self.inner.deleted.iter().map(|c| c.0).collect()
    }
    /// Customers the import changed that got (some of) their prior values back.
    #[getter]
    fn restored(&self) -> Vec<uuid::Uuid> {
        self.inner.restored.iter().map(|c| c.0).collect()
    }
    /// Customers left as they are: ``(customer_id, reason, fields)`` with reason
    /// ``"has_orders"``, ``"changed_since"``, ``"conflict"`` or ``"gone"`` and the fields kept.
    #[getter]
    fn kept(&self) -> Vec<(uuid::Uuid, &'static str, Vec<&'static str>)> {
        self.inner
            .kept
            .iter()
            .map(|k| (k.customer_id.0, k.reason.as_str(), k.fields.iter().map(|f| f.as_str()).collect()))
            .collect()
    }
    fn __repr__(&self) -> String {
        let r = &self.inner;
        format!(
            "UndoReport(batch_id={}, deleted={}, restored={}, kept={})",
            q(&r.batch_id.to_string()),
            r.deleted.len(),
            r.restored.len(),
            r.kept.len()
        )
    }
}

#[pymethods]
impl PyWorkspace {
    /// I7: :func:`orderlink.suggest_mapping` for this workspace's imports.
    fn suggest_mapping<'py>(&self, py: Python<'py>, headers: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        suggest_mapping(py, headers)
    }

    /// I7: saves a mapping (a dict ``{header: field or None}``) under ``name`` (1–100
    /// characters; names compare without case, and saving a name again replaces it), for
    /// ``preview_import(file, mapping=name)`` next month. Returns the saved mapping as a dict.
    ///
    /// >>> ws.save_mapping("Harbour", {"Trading Name": "name", "Acct No.": "code"})["mapping"]
    /// {'Trading Name': 'name', 'Acct No.': 'code'}
    fn save_mapping<'py>(
        &self,
        py: Python<'py>,
        name: &Bound<'py, PyAny>,
        mapping: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let name = text(name, "name")?;
        let mapping = column_mapping(mapping)?;
        let saved = call(|| self.inner.save_mapping(&name, &mapping))?;
        saved_dict(py, &saved)
    }

    /// I7: the saved mappings, by name: ``[{"name", "mapping", "saved_at"}]``.
    fn import_mappings<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        call(|| self.inner.import_mappings())?.iter().map(|s| saved_dict(py, s)).collect()
    }

    /// I7: deletes the saved mapping of this name; whether there was one.
    fn delete_import_mapping(&self, name: &Bound<'_, PyAny>) -> PyResult<bool> {
        let name = text(name, "name")?;
        call(|| self.inner.delete_import_mapping(&name))
    }

    /// I9: undoes a confirmed import (``ImportResult.batch_id``) in one atomic store call:
    /// customers it created are deleted unless they have orders now; fields it changed get
    /// their prior values back unless changed again since. What was kept is reported. Raises
    /// ``IMPORT_ALREADY_UNDONE`` (a ConflictError) the second time, ``IMPORT_BATCH_NOT_FOUND``
    /// for an unknown batch.
    fn undo_import(&self, batch_id: &Bound<'_, PyAny>) -> PyResult<UndoReport> {
        let batch_id = id(batch_id, "batch_id")?;
        Ok(UndoReport { inner: call(|| self.inner.undo_import(batch_id))? })
    }

    /// I9: a confirmed import as a dict: ``{"id", "confirmed_at", "rows": [...], "undo": ...}``,
    /// each row ``{"action": "created" | "updated", "row", "customer_id", "changes": [{"field",
    /// "before", "after"}]}`` (ids and times as text), ``undo`` the undo's report once undone.
    fn import_batch<'py>(&self, py: Python<'py>, batch_id: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let batch_id = id(batch_id, "batch_id")?;
        let batch = call(|| self.inner.import_batch(batch_id))?;
        let value = serde_json::to_value(&batch).map_err(|e| invalid("batch", e.to_string()))?;
        json_to_py(py, &value)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<UndoReport>()?;
    m.add_function(wrap_pyfunction!(suggest_mapping, m)?)?;
    Ok(())
}
