//! Arranging only: Python values to the JSON the core's serde types read, and ids from Python.
//! No rule lives here; defaults, validation and unknown-field errors all come from the core.

use crate::error::invalid;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Value};

/// A Python value as JSON: None, bools, ints, floats, str, lists, tuples and str-keyed dicts;
/// anything else (uuid.UUID, decimal.Decimal) by its `str()`, a datetime by `isoformat()`.
pub fn to_json(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        return match obj.extract::<i64>() {
            Ok(i) => Ok(Value::from(i)),
            Err(_) => Err(invalid("number", "an integer out of range")),
        };
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return serde_json::Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| invalid("number", "not finite"));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.extract::<String>()?));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let key = k.cast::<PyString>().map_err(|_| invalid("key", "dictionary keys must be strings"))?;
            map.insert(key.extract::<String>()?, to_json(&v)?);
        }
        return Ok(Value::Object(map));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return l.iter().map(|v| to_json(&v)).collect::<PyResult<Vec<_>>>().map(Value::Array);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return t.iter().map(|v| to_json(&v)).collect::<PyResult<Vec<_>>>().map(Value::Array);
    }
    if obj.hasattr("isoformat")? {
        return Ok(Value::String(obj.call_method0("isoformat")?.extract::<String>()?));
    }
    Ok(Value::String(obj.str()?.extract::<String>()?))
}

/// Keyword arguments as a JSON object (absent → empty).
pub fn kwargs_json(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Map<String, Value>> {
    match kwargs {
        None => Ok(Map::new()),
        Some(k) => match to_json(k.as_any())? {
            Value::Object(m) => Ok(m),
            _ => Ok(Map::new()),
        },
    }
}

/// A core input type from JSON; serde's message (e.g. "unknown field `nmae`") becomes
/// INVALID_ARGUMENT.
pub fn from_json<T: serde::de::DeserializeOwned>(what: &'static str, value: Value) -> PyResult<T> {
    serde_json::from_value(value).map_err(|e| invalid(what, e))
}

/// An id given as `uuid.UUID` or as text.
pub fn uuid_arg(obj: &Bound<'_, PyAny>) -> PyResult<uuid::Uuid> {
    if let Ok(u) = obj.extract::<uuid::Uuid>() {
        return Ok(u);
    }
    let text = obj.extract::<String>().map_err(|_| invalid("id", "expected a uuid.UUID or a string"))?;
    uuid::Uuid::parse_str(text.trim()).map_err(|_| invalid("id", format!("'{text}' is not a UUID")))
}
