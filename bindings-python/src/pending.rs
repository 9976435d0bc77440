//! Result objects of pending buyers and orders (N1, P1–P8), wrapping the core values read-only.
//! The entry points are methods of `Workspace` (workspace.rs).

use crate::convert::serde_name;
use crate::types::{q, qo};
use chrono::{DateTime, Utc};
use orderlink as core;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rust_decimal::Decimal;

fn key(k: &core::MatchKey) -> (String, String) {
    (k.name.clone(), k.email.clone())
}

/// P1–P3: where an intake put the order. ``kind`` is ``"customer"`` (P1, a customer link),
/// ``"auto_linked"`` (P2, a mapped buyer) or ``"pending"`` (P3, held for review).
#[pyclass(frozen, eq, name = "IntakeOutcome", module = "orderlink")]
#[derive(PartialEq)]
pub struct IntakeOutcome {
    pub inner: core::IntakeOutcome,
}

#[pymethods]
impl IntakeOutcome {
    /// ``"customer"``, ``"auto_linked"`` or ``"pending"``.
    #[getter]
    fn kind(&self) -> String {
        serde_name(&self.inner, "kind")
    }
    /// The new order's id.
    #[getter]
    fn order_id(&self) -> uuid::Uuid {
        match self.inner {
            core::IntakeOutcome::Customer { order_id, .. }
            | core::IntakeOutcome::AutoLinked { order_id, .. }
            | core::IntakeOutcome::Pending { order_id, .. } => order_id.0,
        }
    }
    /// The customer the order went to, or None when it is pending.
    #[getter]
    fn customer_id(&self) -> Option<uuid::Uuid> {
        match self.inner {
            core::IntakeOutcome::Customer { customer_id, .. } | core::IntakeOutcome::AutoLinked { customer_id, .. } => {
                Some(customer_id.0)
            }
            core::IntakeOutcome::Pending { .. } => None,
        }
    }
    /// The pending record holding the buyer, or None.
    #[getter]
    fn pending_id(&self) -> Option<uuid::Uuid> {
        match self.inner {
            core::IntakeOutcome::Pending { pending_id, .. } => Some(pending_id.0),
            core::IntakeOutcome::Customer { .. } | core::IntakeOutcome::AutoLinked { .. } => None,
        }
    }
    /// True when this intake opened a new pending record (P3, P7).
    #[getter]
    fn new_record(&self) -> bool {
        matches!(self.inner, core::IntakeOutcome::Pending { new_record: true, .. })
    }
    fn __repr__(&self) -> String {
        format!("IntakeOutcome(kind={}, order_id=UUID('{}'))", q(&self.kind()), self.order_id())
    }
}

/// P3, P4: a buyer from the workspace link held for review.
#[pyclass(frozen, eq, name = "PendingBuyer", module = "orderlink")]
#[derive(PartialEq)]
pub struct PendingBuyer {
    pub inner: core::PendingBuyer,
}

#[pymethods]
impl PendingBuyer {
    /// The record's id.
    #[getter]
    fn id(&self) -> uuid::Uuid {
        self.inner.id.0
    }
    /// The business name as the buyer gave it (trimmed).
    #[getter]
    fn business_name(&self) -> &str {
        &self.inner.business_name
    }
    /// The buyer's email (C3 form).
    #[getter]
    fn email(&self) -> &str {
        self.inner.email.as_str()
    }
    /// The buyer's phone, or None.
    #[getter]
    fn phone(&self) -> Option<&str> {
        self.inner.phone.as_deref()
    }
    /// N1: the match key, (normalised name, normalised email).
    #[getter]
    fn key(&self) -> (String, String) {
        key(&self.inner.key)
    }
    /// The ids of the orders the record holds.
    #[getter]
    fn orders(&self) -> Vec<uuid::Uuid> {
        self.inner.orders.iter().map(|o| o.0).collect()
    }
    /// ``"open"``, ``"mapped"`` or ``"ignored"``.
    #[getter]
    fn state(&self) -> String {
        serde_name(&self.inner.state, "state")
    }
    /// The customer it was mapped to, when mapped.
    #[getter]
    fn customer_id(&self) -> Option<uuid::Uuid> {
        match self.inner.state {
            core::PendingState::Mapped(c) => Some(c.0),
            core::PendingState::Open | core::PendingState::Ignored => None,
        }
    }
    /// When the record was opened.
    #[getter]
    fn created_at(&self) -> DateTime<Utc> {
        self.inner.created_at
    }
    /// When the record last changed.
    #[getter]
    fn updated_at(&self) -> DateTime<Utc> {
        self.inner.updated_at
    }
    fn __repr__(&self) -> String {
        format!(
            "PendingBuyer(business_name={}, email={}, state={}, orders={})",
            q(&self.inner.business_name),
            q(self.inner.email.as_str()),
            q(&self.state()),
            self.inner.orders.len()
        )
    }
}

/// P5: a match key and the customer it maps to.
#[pyclass(frozen, eq, name = "Mapping", module = "orderlink")]
#[derive(PartialEq)]
pub struct Mapping {
    pub inner: core::Mapping,
}

#[pymethods]
impl Mapping {
    /// N1: (normalised name, normalised email).
    #[getter]
    fn key(&self) -> (String, String) {
        key(&self.inner.key)
    }
    /// The customer the key maps to.
    #[getter]
    fn customer_id(&self) -> uuid::Uuid {
        self.inner.customer_id.0
    }
    /// When the key was first mapped.
    #[getter]
    fn created_at(&self) -> DateTime<Utc> {
        self.inner.created_at
    }
    /// When it was last re-pointed.
    #[getter]
    fn updated_at(&self) -> DateTime<Utc> {
        self.inner.updated_at
    }
    fn __repr__(&self) -> String {
        format!(
            "Mapping(key=({}, {}), customer_id=UUID('{}'))",
            q(&self.inner.key.name),
            q(&self.inner.key.email),
            self.inner.customer_id
        )
    }
}

/// P4, P5: one review action in the audit trail: who, when, what, from which customer to which.
#[pyclass(frozen, eq, name = "AuditEntry", module = "orderlink")]
#[derive(PartialEq)]
pub struct AuditEntry {
    pub inner: core::AuditEntry,
}

#[pymethods]
impl AuditEntry {
    /// When (aware UTC ``datetime``).
    #[getter]
    fn at(&self) -> DateTime<Utc> {
        self.inner.at
    }
    /// Who, as the caller named them, or None.
    #[getter]
    fn actor(&self) -> Option<&str> {
        self.inner.actor.as_deref()
    }
    /// ``"map"``, ``"create_and_map"``, ``"ignore"`` or ``"remap"``.
    #[getter]
    fn action(&self) -> &'static str {
        self.inner.action.as_str()
    }
    /// The pending record acted on (None for a remap).
    #[getter]
    fn pending_id(&self) -> Option<uuid::Uuid> {
        self.inner.pending_id.map(|p| p.0)
    }
    /// N1: the match key acted on.
    #[getter]
    fn key(&self) -> (String, String) {
        key(&self.inner.key)
    }
    /// The customer the key mapped to before, or None.
    #[getter]
    #[allow(clippy::wrong_self_convention)] // a Python attribute name, not a constructor
    fn from_customer(&self) -> Option<uuid::Uuid> {
        self.inner.from.map(|c| c.0)
    }
    /// The customer it maps to now, or None (ignore).
    #[getter]
    fn to_customer(&self) -> Option<uuid::Uuid> {
        self.inner.to.map(|c| c.0)
    }
    /// The orders that moved.
    #[getter]
    fn orders_moved(&self) -> Vec<uuid::Uuid> {
        self.inner.orders_moved.iter().map(|o| o.0).collect()
    }
    fn __repr__(&self) -> String {
        format!(
            "AuditEntry(action={}, actor={}, orders_moved={})",
            q(self.action()),
            qo(self.actor()),
            self.inner.orders_moved.len()
        )
    }
}

/// P8: a customer suggested for a pending record, and why. Suggestions never map anything.
#[pyclass(frozen, eq, name = "Suggestion", module = "orderlink")]
#[derive(PartialEq)]
pub struct Suggestion {
    pub inner: core::Suggestion,
}

#[pymethods]
impl Suggestion {
    /// The suggested customer.
    #[getter]
    fn customer_id(&self) -> uuid::Uuid {
        self.inner.customer_id.0
    }
    /// Its name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }
    /// ``"same_key"``, ``"same_email"`` or ``"similar_name"`` (best first).
    #[getter]
    fn reason(&self) -> String {
        serde_name(&self.inner.reason, "reason")
    }
    /// Name similarity from 0 to 1 for ``"similar_name"``; 1.0 otherwise.
    #[getter]
    fn score(&self) -> f64 {
        match self.inner.reason {
            core::SuggestionReason::SimilarName { score } => score,
            core::SuggestionReason::SameKey | core::SuggestionReason::SameEmail => 1.0,
        }
    }
    fn __repr__(&self) -> String {
        format!("Suggestion(name={}, reason={})", q(&self.inner.name), q(&self.reason()))
    }
}

/// An order reference: enough of an order for stats, reassignment and history.
#[pyclass(frozen, eq, name = "Order", module = "orderlink")]
#[derive(PartialEq)]
pub struct Order {
    pub inner: core::OrderRef,
}

#[pymethods]
impl Order {
    /// The order's id.
    #[getter]
    fn id(&self) -> uuid::Uuid {
        self.inner.id.0
    }
    /// The order number people quote.
    #[getter]
    fn number(&self) -> &str {
        &self.inner.number
    }
    /// The owning customer, or None while it is on the ``PENDING_MAPPING`` placeholder.
    #[getter]
    fn customer_id(&self) -> Option<uuid::Uuid> {
        match self.inner.owner {
            core::OrderOwner::Customer(c) => Some(c.0),
            core::OrderOwner::Placeholder => None,
        }
    }
    /// P3, P6: whether the order waits on the placeholder for its buyer to be mapped.
    #[getter]
    fn on_placeholder(&self) -> bool {
        self.inner.owner == core::OrderOwner::Placeholder
    }
    /// When the order was placed.
    #[getter]
    fn placed_at(&self) -> DateTime<Utc> {
        self.inner.placed_at
    }
    /// ``"draft"``, ``"confirmed"`` or ``"invoiced"``.
    #[getter]
    fn status(&self) -> String {
        serde_name(&self.inner.status, "status")
    }
    /// The order total (``decimal.Decimal``).
    #[getter]
    fn total(&self) -> Decimal {
        self.inner.total
    }
    /// The lines, as dicts ``{"sku": str, "qty": Decimal, "uom": str | None}``.
    #[getter]
    fn lines<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        crate::history::line_dicts(py, &self.inner.lines)
    }
    fn __repr__(&self) -> String {
        format!(
            "Order(number={}, status={}, total=Decimal('{}'))",
            q(&self.inner.number),
            q(&self.status()),
            self.inner.total
        )
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<IntakeOutcome>()?;
    m.add_class::<PendingBuyer>()?;
    m.add_class::<Mapping>()?;
    m.add_class::<AuditEntry>()?;
    m.add_class::<Suggestion>()?;
    m.add_class::<Order>()?;
    Ok(())
}
