//! Deliveries (B2) and engagement events (AC1): append-only rows, read back by time and then
//! in the order recorded (`seq`); and customer notes.

use crate::pool::{Fail, Session, Tx};
use crate::records::{body, time_parts};
use crate::Scope;
use chrono::{DateTime, Utc};
use orderlink::ids::CustomerId;
use orderlink::notes::Note;
use orderlink::{ActivityEvent, Delivery, Error};
use std::collections::HashMap;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::Json;
use uuid::Uuid;

/// `Store::record_deliveries`: one statement, so every delivery or none; rows are inserted in
/// the order given, so `seq` keeps that order for equal times.
pub(crate) fn record_deliveries(s: &mut Session<'_>, w: &Scope, deliveries: &[Delivery]) -> Tx<()> {
    let customers: Vec<Uuid> = deliveries.iter().map(|d| d.customer_id.0).collect();
    let (seconds, nanos): (Vec<i64>, Vec<i32>) = deliveries.iter().map(|d| time_parts(d.at)).unzip();
    let bodies: Vec<Json<&Delivery>> = deliveries.iter().map(Json).collect();
    s.execute(
        "INSERT INTO deliveries (ws, customer_id, at_s, at_ns, body)
         SELECT $5, c, s, n, b FROM unnest($1::uuid[], $2::bigint[], $3::integer[], $4::jsonb[])
              WITH ORDINALITY AS d(c, s, n, b, i)
         ORDER BY i",
        &[&customers, &seconds, &nanos, &bodies, &w.ws],
    )?;
    Ok(())
}

/// `Store::deliveries_of`, oldest first.
pub(crate) fn deliveries_of(s: &mut Session<'_>, w: &Scope, customer_id: CustomerId) -> Tx<Vec<Delivery>> {
    s.query(
        "SELECT body FROM deliveries WHERE ws = $2 AND customer_id = $1 ORDER BY at_s, at_ns, seq",
        &[&customer_id.0, &w.ws],
    )?
    .iter()
    .map(|r| body(r, 0))
    .collect()
}

/// `Store::last_deliveries` in one query: the newest of each customer asked for, in the order
/// asked, once each.
pub(crate) fn last_deliveries(s: &mut Session<'_>, w: &Scope, customer_ids: &[CustomerId]) -> Tx<Vec<Delivery>> {
    let ids: Vec<Uuid> = customer_ids.iter().map(|c| c.0).collect();
    let rows = s.query(
        "SELECT DISTINCT ON (customer_id) customer_id, body FROM deliveries WHERE ws = $2 AND customer_id = ANY($1)
         ORDER BY customer_id, at_s DESC, at_ns DESC, seq DESC",
        &[&ids, &w.ws],
    )?;
    let mut newest: HashMap<Uuid, Delivery> =
        rows.iter().map(|r| Ok((r.try_get(0)?, body(r, 1)?))).collect::<Tx<_>>()?;
    Ok(ids.iter().filter_map(|id| newest.remove(id)).collect())
}

/// `Store::record_activity`.
pub(crate) fn record_activity(s: &mut Session<'_>, w: &Scope, event: &ActivityEvent) -> Tx<()> {
    let (at_s, at_ns) = time_parts(event.at);
    s.execute(
        "INSERT INTO activity (ws, at_s, at_ns, body) VALUES ($4, $1, $2, $3)",
        &[&at_s, &at_ns, &Json(event), &w.ws],
    )?;
    Ok(())
}

/// `Store::activity_between`: `start` or later, before `end`, oldest first.
pub(crate) fn activity_between(
    s: &mut Session<'_>,
    w: &Scope,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Tx<Vec<ActivityEvent>> {
    let (start_s, start_ns) = time_parts(start);
    let (end_s, end_ns) = time_parts(end);
    s.query(
        "SELECT body FROM activity WHERE ws = $5 AND (at_s, at_ns) >= ($1, $2) AND (at_s, at_ns) < ($3, $4)
         ORDER BY at_s, at_ns, seq",
        &[&start_s, &start_ns, &end_s, &end_ns, &w.ws],
    )?
    .iter()
    .map(|r| body(r, 0))
    .collect()
}

/// `Store::save_note`: adds the note or replaces the one with its id; the customer's row must
/// exist (a foreign key, so a customer deleted meanwhile is caught too).
pub(crate) fn save_note(s: &mut Session<'_>, w: &Scope, note: &Note) -> Tx<()> {
    let (created_s, created_ns) = time_parts(note.created_at);
    s.execute_or(
        "INSERT INTO notes (id, customer_id, created_s, created_ns, body, ws) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (ws, id) DO UPDATE SET customer_id = EXCLUDED.customer_id, created_s = EXCLUDED.created_s,
             created_ns = EXCLUDED.created_ns, body = EXCLUDED.body",
        &[&note.id.0, &note.customer_id.0, &created_s, &created_ns, &Json(note), &w.ws],
        |e| match e.code() {
            Some(c) if *c == SqlState::FOREIGN_KEY_VIOLATION => {
                Error::CustomerNotFound { id: note.customer_id.to_string() }.into()
            }
            _ => Fail::Db(e),
        },
    )?;
    Ok(())
}
