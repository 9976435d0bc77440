//! What the bindings share at their boundary (R1), so each rule there is written once.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// R1: the first key of a partial update (`CustomerPatch`, `SettingsPatch`, `AddressPatch`) that
/// is given as null where null means nothing to `T`: a field that cannot be cleared, such as a
/// name. A binding refuses such a key (`INVALID_ARGUMENT`) rather than ignore it, so Python's
/// `name=None` and Node's `{ name: null }` are refused alike; a null that clears an optional
/// field (`email`) passes.
///
/// ```
/// use orderlink::{boundary::null_without_meaning, CustomerPatch};
/// let given = serde_json::json!({"email": null, "name": null});
/// assert_eq!(null_without_meaning::<CustomerPatch>(given.as_object().unwrap()), Some("name"));
/// ```
pub fn null_without_meaning<T>(given: &Map<String, Value>) -> Option<&str>
where
    T: DeserializeOwned + Default + PartialEq,
{
    given.iter().find_map(|(key, value)| {
        let alone: Map<String, Value> = [(key.clone(), Value::Null)].into_iter().collect();
        let means_nothing =
            value.is_null() && serde_json::from_value::<T>(Value::Object(alone)).is_ok_and(|p| p == T::default());
        means_nothing.then_some(key.as_str())
    })
}
