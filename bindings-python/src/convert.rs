//! Arranging only: Python values into the core's input types and core values into Python ones.
//!
//! Structured input (customer fields, patches, sync records, settings) is read by the core's own
//! serde definitions, so field names, defaults, "None clears / absent leaves" and unknown-field
//! errors all come from the core. What this file adds is Python's side of it: which Python types
//! are accepted, and an error that names the keyword it is about. No rule lives here.

use crate::error::{invalid, shielded, Raise};
use chrono::{DateTime, Duration, Utc};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyBytes, PyDateTime, PyDelta, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType, PyTzInfo,
};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use std::str::FromStr;

/// Deeper input than this is refused instead of recursed into (no input here nests past 3).
const MAX_DEPTH: usize = 8;

/// The type's name, for messages.
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "object".to_owned())
}

pub fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    DECIMAL.import(py, "decimal", "Decimal")
}

/// A `str`, or `INVALID_ARGUMENT` naming `what`.
pub fn text(obj: &Bound<'_, PyAny>, what: &'static str) -> PyResult<String> {
    shielded(what, || {
        if !obj.is_instance_of::<PyString>() {
            return Err(invalid(what, format!("expected str, got {}", type_name(obj))));
        }
        // Fails only for text Rust cannot hold (a lone surrogate such as "\ud800").
        obj.extract::<String>().map_err(|_| invalid(what, "the text is not valid Unicode (it holds a lone surrogate)"))
    })
}

/// An optional `str`: absent and `None` are both `None`.
pub fn opt_text(obj: Option<&Bound<'_, PyAny>>, what: &'static str) -> PyResult<Option<String>> {
    obj.filter(|o| !o.is_none()).map(|o| text(o, what)).transpose()
}

/// A list (or any iterable but text) of `str`, such as SKUs. A lone `str` is refused rather than
/// read as its characters.
pub fn texts(obj: &Bound<'_, PyAny>, what: &'static str) -> PyResult<Vec<String>> {
    shielded(what, || {
        let expected = || invalid(what, format!("expected a list of str, got {}", type_name(obj)));
        if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyDict>() {
            return Err(expected());
        }
        obj.try_iter().map_err(|_| expected())?.map(|item| text(&item?, what)).collect()
    })
}

/// Entries by SKU from a dict ``{sku: entry}``, in the dict's order. An entry is a price, read
/// as every amount is (`to_json`: Decimal, int or str, floats refused; text read exactly by the
/// core's `money::parse_decimal`), or None (remove the entry), or PR5/PR6 breaks: a list of
/// ``{"min_qty", "price", "starts_at", "ends_at"}`` dicts, or ``{"breaks": [...], "starts_at",
/// "ends_at"}`` (read by the core's `PriceEntry::from_json`).
pub fn price_entries(obj: &Bound<'_, PyAny>, what: &'static str) -> PyResult<Vec<(String, orderlink::PriceEntry)>> {
    shielded(what, || {
        let entries = obj
            .cast::<PyDict>()
            .map_err(|_| invalid(what, format!("expected a dict of SKU to price, got {}", type_name(obj))))?;
        entries
            .iter()
            .map(|(sku, price)| {
                let sku = text(&sku, what).map_err(|_| invalid(what, "the SKUs (dictionary keys) must be str"))?;
                // R3: decimal text is read exactly by the core (never rounded); ints are exact.
                let entry = match to_json(&price, what, &sku)? {
                    Value::Null => orderlink::PriceEntry::Remove,
                    Value::String(t) => {
                        Some(orderlink::money::parse_decimal(what, &t).map_err(crate::error::to_py)?).into()
                    }
                    value @ (Value::Array(_) | Value::Object(_)) => {
                        orderlink::PriceEntry::from_json(&sku, value).map_err(crate::error::to_py)?
                    }
                    value => serde_json::from_value::<Option<Decimal>>(value)
                        .map_err(|e| invalid(what, format!("'{sku}': {e}")))?
                        .into(),
                };
                Ok((sku, entry))
            })
            .collect()
    })
}

/// A decimal argument (a quantity): ``Decimal``, int or str, read exactly; floats and bools
/// refused.
pub fn decimal_arg(obj: &Bound<'_, PyAny>, what: &'static str) -> PyResult<Decimal> {
    match to_json(obj, what, what)? {
        Value::String(t) => orderlink::money::parse_decimal(what, &t).map_err(crate::error::to_py),
        value @ Value::Number(_) => serde_json::from_value(value).map_err(|e| invalid(what, e)),
        _ => Err(invalid(what, format!("expected decimal.Decimal, int or str, got {}", type_name(obj)))),
    }
}

/// A `bool` (an int is refused, although Python counts `bool` as one).
pub fn flag(obj: &Bound<'_, PyAny>, what: &'static str) -> PyResult<bool> {
    shielded(what, || {
        obj.cast::<PyBool>()
            .map(|b| b.is_true())
            .map_err(|_| invalid(what, format!("expected True or False, got {}", type_name(obj))))
    })
}

/// A whole number from 0 up (`bool` is refused, although Python counts it as an int).
pub fn whole(obj: &Bound<'_, PyAny>, what: &'static str) -> PyResult<u64> {
    shielded(what, || {
        if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
            return Err(invalid(what, format!("expected int, got {}", type_name(obj))));
        }
        obj.extract::<u64>().map_err(|_| invalid(what, "must be a whole number from 0 to 2**64 - 1"))
    })
}

/// An id given as `uuid.UUID` or as its text, parsed by the core's id type.
pub fn id<T>(obj: &Bound<'_, PyAny>, what: &'static str) -> PyResult<T>
where
    T: From<uuid::Uuid> + FromStr<Err = orderlink::Error>,
{
    shielded(what, || {
        if let Ok(u) = obj.extract::<uuid::Uuid>() {
            return Ok(T::from(u));
        }
        if obj.is_instance_of::<PyString>() {
            return text(obj, what)?.parse::<T>().py();
        }
        Err(invalid(what, format!("expected uuid.UUID or str, got {}", type_name(obj))))
    })
}

/// A list (or any iterable but text) of ids, each as [`id`] reads one. A lone id is refused
/// rather than read as a list.
pub fn ids<T>(obj: &Bound<'_, PyAny>, what: &'static str) -> PyResult<Vec<T>>
where
    T: From<uuid::Uuid> + FromStr<Err = orderlink::Error>,
{
    shielded(what, || {
        let expected = || invalid(what, format!("expected a list of ids, got {}", type_name(obj)));
        if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyDict>() || obj.extract::<uuid::Uuid>().is_ok() {
            return Err(expected());
        }
        obj.try_iter().map_err(|_| expected())?.map(|item| id(&item?, what)).collect()
    })
}

/// A time zone aware `datetime`, in UTC. A naive one is refused: guessing its zone would move
/// every expiry by the machine's offset.
pub fn utc(obj: &Bound<'_, PyAny>, what: &'static str) -> PyResult<DateTime<Utc>> {
    shielded(what, || {
        let py = obj.py();
        if !obj.is_instance_of::<PyDateTime>() {
            return Err(invalid(what, format!("expected datetime.datetime, got {}", type_name(obj))));
        }
        if obj.call_method0("utcoffset")?.is_none() {
            return Err(invalid(what, "the datetime has no time zone; give one, e.g. tzinfo=datetime.timezone.utc"));
        }
        let in_utc = obj.call_method1("astimezone", (PyTzInfo::utc(py)?,)).map_err(|e| invalid(what, e))?;
        in_utc.extract::<DateTime<Utc>>().map_err(|e| invalid(what, e))
    })
}

/// A span of time: seconds as int or float, or a `datetime.timedelta`.
pub fn duration(obj: &Bound<'_, PyAny>, what: &'static str) -> PyResult<Duration> {
    shielded(what, || {
        if obj.is_instance_of::<PyDelta>() {
            return obj.extract::<Duration>().map_err(|e| invalid(what, e));
        }
        if obj.is_instance_of::<PyBool>() || !(obj.is_instance_of::<PyInt>() || obj.is_instance_of::<PyFloat>()) {
            return Err(invalid(
                what,
                format!("expected seconds (int or float) or datetime.timedelta, got {}", type_name(obj)),
            ));
        }
        // About 3,000 years either way: far past any test, and well inside chrono's range.
        const LIMIT: f64 = 1e11;
        match obj.extract::<f64>() {
            Ok(s) if s.is_finite() && s.abs() <= LIMIT => Ok(Duration::microseconds((s * 1e6).round() as i64)),
            _ => Err(invalid(what, "must be a finite number of seconds within ±1e11")),
        }
    })
}

/// A Python value as the JSON the core's serde types read: `None`, `bool`, `int`, `str`,
/// `decimal.Decimal` and `uuid.UUID` (as their text), aware `datetime` (as RFC 3339 in UTC),
/// lists, tuples and str-keyed dicts.
/// Floats are refused: money is decimal (PR3), and nothing else here is fractional.
pub fn to_json(obj: &Bound<'_, PyAny>, what: &'static str, key: &str) -> PyResult<Value> {
    shielded(what, || to_json_at(obj, what, key, 0))
}

fn to_json_at(obj: &Bound<'_, PyAny>, what: &'static str, key: &str, depth: usize) -> PyResult<Value> {
    let py = obj.py();
    if depth > MAX_DEPTH {
        return Err(invalid(what, format!("'{key}' is nested too deeply")));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        return obj
            .extract::<u64>()
            .map(Value::from)
            .map_err(|_| invalid(what, format!("'{key}': the integer is out of range")));
    }
    if obj.is_instance_of::<PyString>() {
        return obj
            .extract::<String>()
            .map(Value::String)
            .map_err(|_| invalid(what, format!("'{key}': the text is not valid Unicode (it holds a lone surrogate)")));
    }
    if obj.is_instance_of::<PyFloat>() {
        return Err(invalid(
            what,
            format!("'{key}': floats are not accepted; give amounts as decimal.Decimal or str, e.g. Decimal(\"9.50\")"),
        ));
    }
    if obj.is_instance(decimal_type(py)?)? {
        return Ok(Value::String(obj.str()?.extract::<String>()?));
    }
    if let Ok(u) = obj.extract::<uuid::Uuid>() {
        return Ok(Value::String(u.to_string()));
    }
    if obj.is_instance_of::<PyDateTime>() {
        let at = utc(obj, what).map_err(|_| invalid(what, format!("'{key}': give a time zone aware datetime")))?;
        return Ok(Value::String(at.to_rfc3339()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let k = text(&k, what).map_err(|_| invalid(what, format!("'{key}': dictionary keys must be str")))?;
            let value = to_json_at(&v, what, &format!("{key}.{k}"), depth + 1)?;
            map.insert(k, value);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (i, v) in obj.try_iter()?.enumerate() {
            items.push(to_json_at(&v?, what, &format!("{key}[{i}]"), depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    Err(invalid(what, format!("'{key}': values of type {} are not accepted", type_name(obj))))
}

/// Keyword arguments as a JSON object. `None` values are kept (a patch reads them as "clear").
pub fn kwargs_json(kwargs: Option<&Bound<'_, PyDict>>, what: &'static str) -> PyResult<Map<String, Value>> {
    shielded(what, || {
        let mut map = Map::new();
        if let Some(kwargs) = kwargs {
            for (k, v) in kwargs.iter() {
                let k = text(&k, what)?;
                let value = to_json(&v, what, &k)?;
                map.insert(k, value);
            }
        }
        Ok(map)
    })
}

/// Named optional arguments as a JSON object; a missing or `None` one is left out, so the core's
/// serde default applies.
pub fn given_json(args: &[(&str, Option<&Bound<'_, PyAny>>)], what: &'static str) -> PyResult<Map<String, Value>> {
    shielded(what, || {
        let mut map = Map::new();
        for (key, value) in args {
            if let Some(v) = value.filter(|v| !v.is_none()) {
                map.insert((*key).to_owned(), to_json(v, what, key)?);
            }
        }
        Ok(map)
    })
}

/// A core input type from `given`, by the core's serde definition.
///
/// When it does not deserialize, each key is tried alone on top of `sample` (a valid value of
/// the type), so that the error names the key at fault; serde's own message is kept. Unknown
/// keys, at any depth, are refused by the core's types themselves (`deny_unknown_fields`).
pub fn from_dict<T: Serialize + DeserializeOwned>(
    what: &'static str,
    sample: &T,
    given: Map<String, Value>,
) -> PyResult<T> {
    from_dict_in(what, "", sample, given)
}

/// [`from_dict`], with `place` ("record 2: ") before every message.
pub fn from_dict_in<T: Serialize + DeserializeOwned>(
    what: &'static str,
    place: &str,
    sample: &T,
    given: Map<String, Value>,
) -> PyResult<T> {
    shielded(what, || {
        let given = Value::Object(given);
        match serde_json::from_value::<T>(given.clone()) {
            Ok(value) => Ok(value),
            Err(whole) => {
                let base = serde_json::to_value(sample).map_err(|e| invalid(what, e))?;
                if let (Value::Object(given), Value::Object(base)) = (&given, base) {
                    for (key, value) in given {
                        let mut probe = base.clone();
                        probe.insert(key.clone(), value.clone());
                        if let Err(e) = serde_json::from_value::<T>(Value::Object(probe)) {
                            return Err(invalid(what, format!("{place}'{key}': {e}")));
                        }
                    }
                }
                Err(invalid(what, format!("{place}{whole}")))
            }
        }
    })
}

/// A partial update (`CustomerPatch`, `SettingsPatch`) from keyword arguments. On top of
/// [`from_dict`]: a keyword given as `None` must mean something to the core (clear an optional
/// field); where it would mean nothing (`name=None`), it is refused rather than ignored.
pub fn patch_from_kwargs<T>(what: &'static str, given: Map<String, Value>) -> PyResult<T>
where
    T: Serialize + DeserializeOwned + Default + PartialEq,
{
    shielded(what, || {
        if let Some(key) = orderlink::boundary::null_without_meaning::<T>(&given) {
            return Err(invalid(what, format!("'{key}' cannot be None; leave it out to keep the current value")));
        }
        from_dict(what, &T::default(), given)
    })
}

/// A core value's serde name: a unit variant's string, or the tag of an internally tagged enum.
pub fn serde_name<T: Serialize>(value: &T, tag: &str) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        Ok(Value::Object(m)) => m.get(tag).and_then(Value::as_str).unwrap_or_default().to_owned(),
        _ => String::new(),
    }
}

/// Plain JSON as Python values (for small settings dicts).
pub fn json_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    shielded("a value", || {
        Ok(match value {
            Value::Null => py.None().into_bound(py),
            Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
            Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => i.into_pyobject(py)?.into_any(),
                (None, Some(u)) => u.into_pyobject(py)?.into_any(),
                _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
            },
            Value::String(s) => PyString::new(py, s).into_any(),
            Value::Array(items) => {
                PyList::new(py, items.iter().map(|v| json_to_py(py, v)).collect::<PyResult<Vec<_>>>()?)?.into_any()
            }
            Value::Object(map) => {
                let d = PyDict::new(py);
                for (k, v) in map {
                    d.set_item(k, json_to_py(py, v)?)?;
                }
                d.into_any()
            }
        })
    })
}
