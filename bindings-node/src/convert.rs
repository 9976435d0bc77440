//! Arranging only: JS arguments to Rust values and to the JSON the core's serde input types
//! read. Every argument arrives as `Unknown` and is read here, so a value of the wrong type is
//! the core's `INVALID_ARGUMENT` (never napi's own `StringExpected`), and the core decides
//! everything about the values themselves.
//!
//! Object keys are camelCase in JS and snake_case in the core: `phoneMapped` → `phone_mapped`.
//! A property that is `undefined` is left out (absent), one that is `null` is kept (in a patch,
//! "clear this field").

use crate::error::{invalid, napi, Result};
use chrono::{DateTime, Utc};
use napi::bindgen_prelude::{JsObjectValue, JsValue, Object, Unknown};
use napi::ValueType;
use rust_decimal::Decimal;
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

fn type_of(v: &Unknown<'_>) -> Result<ValueType> {
    v.get_type().map_err(napi("argument"))
}

fn type_name(t: ValueType) -> &'static str {
    match t {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "a boolean",
        ValueType::Number => "a number",
        ValueType::String => "a string",
        ValueType::Symbol => "a symbol",
        ValueType::Object => "an object",
        ValueType::Function => "a function",
        ValueType::External => "an external",
        ValueType::BigInt => "a bigint",
        _ => "an unknown value",
    }
}

fn wrong(what: &'static str, expected: &str, got: ValueType) -> orderlink::Error {
    invalid(what, format!("expected {expected}, got {}", type_name(got)))
}

/// Whether an optional argument was left out (`undefined` or `null`).
pub fn is_absent(v: &Unknown<'_>) -> Result<bool> {
    Ok(matches!(type_of(v)?, ValueType::Undefined | ValueType::Null))
}

/// A string argument.
pub fn text(what: &'static str, v: &Unknown<'_>) -> Result<String> {
    match type_of(v)? {
        ValueType::String => {
            v.coerce_to_string().and_then(|s| s.into_utf8()).and_then(|s| s.into_owned()).map_err(napi(what))
        }
        other => Err(wrong(what, "a string", other)),
    }
}

/// An optional string argument (`undefined` or `null` → `None`).
pub fn opt_text(what: &'static str, v: Option<&Unknown<'_>>) -> Result<Option<String>> {
    match v {
        Some(v) if !is_absent(v)? => text(what, v).map(Some),
        _ => Ok(None),
    }
}

/// A money argument: a decimal string, or a JS number read through its shortest round-trip
/// decimal text (what JavaScript prints: `0.1` is `0.1`, never `0.1000000000000000055…`), or
/// a `BigInt` as its exact integer. The rules are the core's (`orderlink::money`): a number
/// whose text has more places than any amount may (`0.1 + 0.2` is `0.30000000000000004`) is
/// `AMOUNT_OUT_OF_RANGE`, as that string would be; text is read exactly, never rounded; `NaN`
/// and `±Infinity` are `INVALID_ARGUMENT`. The range for the field is checked where the value
/// enters the core.
pub fn money(what: &'static str, v: &Unknown<'_>) -> Result<Decimal> {
    match type_of(v)? {
        ValueType::String => orderlink::money::parse_decimal(what, &text(what, v)?),
        ValueType::Number => {
            let n = v.coerce_to_number().and_then(|n| n.get_double()).map_err(napi(what))?;
            orderlink::money::decimal_from_f64(what, n)
        }
        ValueType::BigInt => orderlink::money::parse_decimal(
            what,
            &v.coerce_to_string().and_then(|s| s.into_utf8()).and_then(|s| s.into_owned()).map_err(napi(what))?,
        ),
        other => Err(wrong(what, "a decimal string or a number", other)),
    }
}

/// A finite number argument.
pub fn number(what: &'static str, v: &Unknown<'_>) -> Result<f64> {
    let n = match type_of(v)? {
        ValueType::Number => v.coerce_to_number().and_then(|n| n.get_double()).map_err(napi(what))?,
        other => return Err(wrong(what, "a number", other)),
    };
    if n.is_finite() {
        Ok(n)
    } else {
        Err(invalid(what, format!("expected a finite number, got {n}")))
    }
}

/// An optional number argument (`undefined` or `null` → `None`).
pub fn opt_number(what: &'static str, v: Option<&Unknown<'_>>) -> Result<Option<f64>> {
    match v {
        Some(v) if !is_absent(v)? => number(what, v).map(Some),
        _ => Ok(None),
    }
}

/// A property of an options object, `None` when it is `undefined` or `null`.
pub fn prop<'env>(key: &'static str, obj: &Object<'env>) -> Result<Option<Unknown<'env>>> {
    match obj.get::<Unknown>(key).map_err(napi(key))? {
        Some(v) if !is_absent(&v)? => Ok(Some(v)),
        _ => Ok(None),
    }
}

/// An optional boolean argument (`undefined` or `null` → `None`).
pub fn opt_bool(what: &'static str, v: Option<&Unknown<'_>>) -> Result<Option<bool>> {
    match v {
        Some(v) if !is_absent(v)? => match type_of(v)? {
            ValueType::Boolean => v.coerce_to_bool().map(Some).map_err(napi(what)),
            other => Err(wrong(what, "a boolean", other)),
        },
        _ => Ok(None),
    }
}

/// A `Date` argument (an invalid `Date` is refused, not read as 1970).
pub fn date(what: &'static str, v: &Unknown<'_>) -> Result<DateTime<Utc>> {
    if !v.is_date().map_err(napi(what))? {
        return Err(wrong(what, "a Date", type_of(v)?));
    }
    let millis = v.coerce_to_number().and_then(|n| n.get_double()).map_err(napi(what))?;
    if !millis.is_finite() {
        return Err(invalid(what, "the Date is invalid"));
    }
    // A valid JS Date is within ±8.64e15 ms, so the cast is exact.
    DateTime::from_timestamp_millis(millis as i64).ok_or_else(|| invalid(what, "the Date is out of range"))
}

/// A plain-object argument (not an array, not `null`).
pub fn object<'env>(what: &'static str, v: &Unknown<'env>) -> Result<Object<'env>> {
    match type_of(v)? {
        ValueType::Object if !v.is_array().map_err(napi(what))? => v.coerce_to_object().map_err(napi(what)),
        ValueType::Object => Err(invalid(what, "expected an object, got an array")),
        other => Err(wrong(what, "an object", other)),
    }
}

/// An optional object argument (`undefined` or `null` → `None`).
pub fn opt_object<'env>(what: &'static str, v: Option<&Unknown<'env>>) -> Result<Option<Object<'env>>> {
    match v {
        Some(v) if !is_absent(v)? => object(what, v).map(Some),
        _ => Ok(None),
    }
}

/// The elements of an array argument.
pub fn array<'env>(what: &'static str, v: &Unknown<'env>) -> Result<Vec<Unknown<'env>>> {
    if type_of(v)? != ValueType::Object || !v.is_array().map_err(napi(what))? {
        return Err(wrong(what, "an array", type_of(v)?));
    }
    let arr = v.coerce_to_object().map_err(napi(what))?;
    let len = arr.get_array_length().map_err(napi(what))?;
    (0..len).map(|i| arr.get_element::<Unknown>(i).map_err(napi(what))).collect()
}

/// An array of strings (SKUs, say); a lone string is refused rather than read as one.
pub fn texts(what: &'static str, v: &Unknown<'_>) -> Result<Vec<String>> {
    array(what, v)?.iter().map(|item| text(what, item)).collect()
}

/// An object's enumerable properties as JSON with snake_case keys, leaving out `undefined` ones and
/// the `skip`ped ones the caller reads itself (a clock instance, say). Keys not in `allowed`
/// are refused, so a typo never passes silently.
pub fn object_json(
    what: &'static str,
    obj: &Object<'_>,
    allowed: &[&str],
    skip: &[&str],
) -> Result<Map<String, Value>> {
    let mut map = Map::new();
    for key in Object::keys(obj).map_err(napi(what))? {
        if skip.contains(&key.as_str()) {
            continue;
        }
        let name = snake(&key);
        // camelCase only: `order_web_blocked` beside `orderWebBlocked` would be two spellings.
        if !allowed.contains(&name.as_str()) || camel(&name) != key {
            let known: Vec<String> = allowed.iter().map(|k| camel(k)).collect();
            return Err(invalid(what, format!("unknown key '{key}'; expected one of {}", known.join(", "))));
        }
        let Some(raw) = obj.get::<Unknown>(&key).map_err(napi(what))? else { continue };
        if type_of(&raw)? == ValueType::Undefined {
            continue;
        }
        // A `Date` crosses as the RFC 3339 text the core's serde reads for a time.
        let value = if raw.is_date().map_err(napi(what))? {
            Value::String(date(what, &raw)?.to_rfc3339())
        } else {
            snake_keys(obj.get::<Value>(&key).map_err(napi(what))?.unwrap_or(Value::Null))
        };
        map.insert(name, value);
    }
    Ok(map)
}

/// `phone_mapped` → `phoneMapped`, for messages.
fn camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A core input type from JSON; serde's message becomes `INVALID_ARGUMENT`.
pub fn from_json<T: serde::de::DeserializeOwned>(what: &'static str, value: Map<String, Value>) -> Result<T> {
    serde_json::from_value(Value::Object(value)).map_err(|e| invalid(what, e))
}

/// A partial update (`CustomerPatch`, `SettingsPatch`, `AddressPatch`) from JSON. On top of
/// [`from_json`]: a key given as `null` must mean something to the core (clear an optional
/// field); where it would mean nothing (`{ name: null }`), it is refused rather than ignored,
/// as Python refuses `name=None` (the core decides which, R1).
pub fn patch_json<T>(what: &'static str, value: Map<String, Value>) -> Result<T>
where
    T: serde::de::DeserializeOwned + Default + PartialEq,
{
    if let Some(key) = orderlink::boundary::null_without_meaning::<T>(&value) {
        return Err(invalid(what, format!("'{}' cannot be null; leave it out to keep the current value", camel(key))));
    }
    from_json(what, value)
}

/// An id argument, parsed by the core (`INVALID_ARGUMENT` when it is not a UUID).
pub fn parse_id<T: std::str::FromStr<Err = orderlink::Error>>(what: &'static str, v: &Unknown<'_>) -> Result<T> {
    text(what, v)?.parse()
}

/// An id argument that may be `null`, and only `null`: `undefined` (a variable that was never
/// set) is refused rather than read as "none".
pub fn nullable_id<T: std::str::FromStr<Err = orderlink::Error>>(
    what: &'static str,
    v: &Unknown<'_>,
) -> Result<Option<T>> {
    match type_of(v)? {
        ValueType::Null => Ok(None),
        ValueType::String => parse_id(what, v).map(Some),
        other => Err(wrong(what, "an id string or null", other)),
    }
}
