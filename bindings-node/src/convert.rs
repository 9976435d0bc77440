//! Arranging only: JS input objects to the JSON the core's serde types read (camelCase keys to
//! snake_case, `undefined` properties left out, `null` kept), and core values to JS shapes.

use crate::error::{invalid, napi, JsResult};
use napi::bindgen_prelude::{Object, Unknown};
use napi::ValueType;
use serde_json::{Map, Value};

/// `phoneMapped` → `phone_mapped`.
pub fn snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn snake_keys(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.into_iter().map(|(k, v)| (snake(&k), snake_keys(v))).collect()),
        Value::Array(a) => Value::Array(a.into_iter().map(snake_keys).collect()),
        other => other,
    }
}

/// An input object's properties as JSON, skipping `undefined` ones. `skip` names properties
/// the caller reads itself (a clock instance, say).
pub fn object_json(obj: &Object<'_>, skip: &[&str]) -> JsResult<Map<String, Value>> {
    let mut map = Map::new();
    for key in Object::keys(obj).map_err(napi)? {
        if skip.contains(&key.as_str()) {
            continue;
        }
        let Some(raw) = obj.get::<Unknown>(&key).map_err(napi)? else { continue };
        if raw.get_type().map_err(napi)? == ValueType::Undefined {
            continue;
        }
        let value: Value = obj.get::<Value>(&key).map_err(napi)?.unwrap_or(Value::Null);
        map.insert(snake(&key), snake_keys(value));
    }
    Ok(map)
}

/// An optional input object as JSON (absent → empty).
pub fn options_json(obj: Option<&Object<'_>>, skip: &[&str]) -> JsResult<Map<String, Value>> {
    obj.map_or_else(|| Ok(Map::new()), |o| object_json(o, skip))
}

/// A core input type from JSON; serde's message becomes INVALID_ARGUMENT.
pub fn from_json<T: serde::de::DeserializeOwned>(what: &'static str, value: Value) -> JsResult<T> {
    serde_json::from_value(value).map_err(|e| invalid(what, e))
}

/// An id given as a string.
pub fn uuid_arg(text: &str) -> JsResult<uuid::Uuid> {
    uuid::Uuid::parse_str(text.trim()).map_err(|_| invalid("id", format!("'{text}' is not a UUID")))
}

/// A core enum's serde name ("pay_now").
pub fn enum_str<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}
