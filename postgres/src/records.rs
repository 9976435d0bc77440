//! How records become rows: JSONB bodies, exact time columns, and serde forms for the core
//! types that have none.

use crate::pool::Tx;
use chrono::{DateTime, Utc};
use orderlink::ids::{ChallengeId, CustomerId};
use orderlink::verification::{Challenge, SessionRecord};
use orderlink::Error;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tokio_postgres::types::Json;
use tokio_postgres::Row;

/// Column `idx` of `row` read as a JSONB body.
pub(crate) fn body<T: DeserializeOwned>(row: &Row, idx: usize) -> Tx<T> {
    let Json(value) = row.try_get::<_, Json<T>>(idx)?;
    Ok(value)
}

/// A time as (seconds, nanoseconds): exact, and ordered as a row comparison in SQL. A
/// `timestamptz` would cut the clock's nanoseconds to microseconds.
pub(crate) fn time_parts(t: DateTime<Utc>) -> (i64, i32) {
    // subsec_nanos is below 2 * 10^9 (a leap second), which fits an i32.
    (t.timestamp(), t.timestamp_subsec_nanos() as i32)
}

/// The time back from [`time_parts`].
pub(crate) fn time_from_parts(seconds: i64, nanos: i32) -> Tx<DateTime<Utc>> {
    u32::try_from(nanos)
        .ok()
        .and_then(|n| DateTime::from_timestamp(seconds, n))
        .ok_or_else(|| Error::store(format!("stored time {seconds}.{nanos:09} is out of range")).into())
}

// The verification records have no serde form in the core (they never cross a binding), so
// the store gives them one here. `remote` makes the compiler check that these mirror every
// field.

#[derive(Serialize, Deserialize)]
#[serde(remote = "Challenge")]
struct ChallengeForm {
    id: ChallengeId,
    customer_id: CustomerId,
    salt: [u8; 16],
    answer_hash: [u8; 32],
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

/// A challenge as a JSONB body.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ChallengeBody(#[serde(with = "ChallengeForm")] pub(crate) Challenge);

#[derive(Serialize, Deserialize)]
#[serde(remote = "SessionRecord")]
struct SessionForm {
    token_hash: [u8; 32],
    customer_id: CustomerId,
    expires_at: DateTime<Utc>,
}

/// A verified session as a JSONB body.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct SessionBody(#[serde(with = "SessionForm")] pub(crate) SessionRecord);
