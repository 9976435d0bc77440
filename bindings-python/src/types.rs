//! Result objects: each wraps the core value and exposes it read-only, with a readable repr.

use chrono::{DateTime, Utc};
use orderlink as core;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rust_decimal::Decimal;

/// Python's repr of a str: 'text'.
fn q(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// Python's repr of an optional str.
fn qo(s: Option<&str>) -> String {
    s.map_or_else(|| "None".to_owned(), q)
}

/// Python's repr of a bool.
fn b(v: bool) -> &'static str {
    if v {
        "True"
    } else {
        "False"
    }
}

fn enum_str<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}

/// A customer record.
#[pyclass(frozen, name = "Customer", module = "orderlink")]
#[derive(Clone)]
pub struct Customer {
    pub inner: core::Customer,
}

#[pymethods]
impl Customer {
    #[getter]
    fn id(&self) -> uuid::Uuid {
        self.inner.id.0
    }
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }
    #[getter]
    fn code(&self) -> Option<&str> {
        self.inner.code.as_deref()
    }
    #[getter]
    fn email(&self) -> Option<&str> {
        self.inner.email.as_ref().map(|e| e.as_str())
    }
    #[getter]
    fn phone(&self) -> Option<&str> {
        self.inner.phone.as_deref()
    }
    #[getter]
    fn contact(&self) -> Option<&str> {
        self.inner.contact.as_deref()
    }
    #[getter]
    fn active(&self) -> bool {
        self.inner.active
    }
    #[getter]
    fn order_web_blocked(&self) -> bool {
        self.inner.order_web_blocked
    }
    /// A1: "available", "blocked" or "blocked_inactive".
    #[getter]
    fn order_web_access(&self) -> &'static str {
        self.inner.order_web_access().as_str()
    }
    #[getter]
    fn link_code(&self) -> &str {
        self.inner.link_code.as_str()
    }
    #[getter]
    fn price_group(&self) -> Option<&str> {
        self.inner.price_group.as_deref()
    }
    #[getter]
    fn order_template(&self) -> Option<String> {
        self.inner.order_template.as_ref().map(enum_str)
    }
    #[getter]
    fn checkout_mode(&self) -> Option<String> {
        self.inner.checkout_mode.as_ref().map(enum_str)
    }
    #[getter]
    fn managed_by(&self) -> Option<uuid::Uuid> {
        self.inner.managed_by.map(|u| u.0)
    }
    #[getter]
    fn tags(&self) -> Vec<String> {
        self.inner.tags.clone()
    }
    #[getter]
    fn external_id(&self) -> Option<&str> {
        self.inner.external_id.as_deref()
    }
    #[getter]
    fn created_at(&self) -> DateTime<Utc> {
        self.inner.created_at
    }
    #[getter]
    fn updated_at(&self) -> DateTime<Utc> {
        self.inner.updated_at
    }
    /// Number of orders placed.
    #[getter]
    fn orders(&self) -> u64 {
        self.inner.stats.orders
    }
    /// Total of those orders, as ``decimal.Decimal``.
    #[getter]
    fn amount(&self) -> Decimal {
        self.inner.stats.amount
    }
    #[getter]
    fn last_order_at(&self) -> Option<DateTime<Utc>> {
        self.inner.stats.last_order_at
    }
    #[getter]
    fn version(&self) -> u64 {
        self.inner.version
    }
    fn __eq__(&self, other: &Self) -> bool {
        self.inner == other.inner
    }
    fn __repr__(&self) -> String {
        format!(
            "Customer(name={}, code={}, email={}, active={}, access={})",
            q(&self.inner.name),
            qo(self.inner.code.as_deref()),
            qo(self.email()),
            b(self.inner.active),
            q(self.inner.order_web_access().as_str())
        )
    }
}

/// A page of customers and the total matching (C5).
#[pyclass(frozen, name = "CustomerPage", module = "orderlink")]
pub struct CustomerPage {
    pub items: Vec<core::Customer>,
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
}

#[pymethods]
impl CustomerPage {
    #[getter]
    fn items(&self) -> Vec<Customer> {
        self.items.iter().cloned().map(|inner| Customer { inner }).collect()
    }
    #[getter]
    fn total(&self) -> usize {
        self.total
    }
    #[getter]
    fn offset(&self) -> usize {
        self.offset
    }
    #[getter]
    fn limit(&self) -> usize {
        self.limit
    }
    fn __len__(&self) -> usize {
        self.items.len()
    }
    fn __iter__(slf: PyRef<'_, Self>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let list = pyo3::types::PyList::new(py, slf.items())?;
        Ok(list.call_method0("__iter__")?.unbind())
    }
    fn __repr__(&self) -> String {
        let names: Vec<String> = self.items.iter().map(|c| q(&c.name)).collect();
        format!("CustomerPage(total={}, offset={}, names=[{}])", self.total, self.offset, names.join(", "))
    }
}

/// The workspace settings.
#[pyclass(frozen, name = "WorkspaceSettings", module = "orderlink")]
pub struct WorkspaceSettings {
    pub inner: core::WorkspaceSettings,
}

#[pymethods]
impl WorkspaceSettings {
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }
    #[getter]
    fn link_code(&self) -> &str {
        self.inner.link_code.as_str()
    }
    #[getter]
    fn link_url(&self) -> String {
        self.inner.link_url()
    }
    #[getter]
    fn base_url(&self) -> &str {
        &self.inner.base_url
    }
    #[getter]
    fn currency(&self) -> &str {
        &self.inner.currency
    }
    /// ``{"enabled": bool, "connected": bool, "phone_mapped": bool}``
    #[getter]
    fn contacts_sync<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("enabled", self.inner.contacts_sync.enabled)?;
        d.set_item("connected", self.inner.contacts_sync.connected)?;
        d.set_item("phone_mapped", self.inner.contacts_sync.phone_mapped)?;
        Ok(d)
    }
    #[getter]
    fn strict_security(&self) -> bool {
        self.inner.strict_security
    }
    #[getter]
    fn trial_expired(&self) -> bool {
        self.inner.trial_expired
    }
    #[getter]
    fn unique_names(&self) -> bool {
        self.inner.unique_names
    }
    fn __repr__(&self) -> String {
        format!(
            "WorkspaceSettings(name={}, currency={}, strict_security={}, trial_expired={}, contacts_sync_active={})",
            q(&self.inner.name),
            q(&self.inner.currency),
            b(self.inner.strict_security),
            b(self.inner.trial_expired),
            b(self.inner.contacts_sync.is_active())
        )
    }
}

/// L4: what a link points at.
#[pyclass(frozen, name = "LinkTarget", module = "orderlink")]
pub struct LinkTarget {
    pub inner: core::LinkTarget,
}

#[pymethods]
impl LinkTarget {
    /// "customer", "workspace" or "unknown".
    #[getter]
    fn kind(&self) -> &'static str {
        match self.inner {
            core::LinkTarget::Customer { .. } => "customer",
            core::LinkTarget::Workspace => "workspace",
            core::LinkTarget::Unknown => "unknown",
        }
    }
    #[getter]
    fn customer_id(&self) -> Option<uuid::Uuid> {
        match self.inner {
            core::LinkTarget::Customer { customer_id } => Some(customer_id.0),
            _ => None,
        }
    }
    fn __repr__(&self) -> String {
        match self.customer_id() {
            Some(id) => format!("LinkTarget(kind='customer', customer_id='{id}')"),
            None => format!("LinkTarget(kind={})", q(self.kind())),
        }
    }
}

/// A2: what opening a link allows.
#[pyclass(frozen, name = "LinkDecision", module = "orderlink")]
pub struct LinkDecision {
    pub inner: core::LinkDecision,
}

#[pymethods]
impl LinkDecision {
    #[getter]
    fn customer_id(&self) -> Option<uuid::Uuid> {
        self.inner.customer_id.map(|c| c.0)
    }
    #[getter]
    fn is_workspace_link(&self) -> bool {
        self.inner.is_workspace_link
    }
    #[getter]
    fn found(&self) -> bool {
        self.inner.found
    }
    #[getter]
    fn access(&self) -> Option<&'static str> {
        self.inner.access.map(core::OrderWebAccess::as_str)
    }
    #[getter]
    fn may_view(&self) -> bool {
        self.inner.may_view
    }
    #[getter]
    fn may_submit(&self) -> bool {
        self.inner.may_submit
    }
    #[getter]
    fn needs_verification(&self) -> bool {
        self.inner.needs_verification
    }
    #[getter]
    fn greeting(&self) -> Option<&str> {
        self.inner.greeting.as_deref()
    }
    /// The reason's stable code, e.g. "ACCOUNT_INACTIVE", or None.
    #[getter]
    fn reason(&self) -> Option<&'static str> {
        self.inner.reason.map(core::DenyReason::code)
    }
    #[getter]
    fn message(&self) -> Option<&str> {
        self.inner.message.as_deref()
    }
    fn __repr__(&self) -> String {
        format!(
            "LinkDecision(may_view={}, may_submit={}, needs_verification={}, reason={})",
            b(self.inner.may_view),
            b(self.inner.may_submit),
            b(self.inner.needs_verification),
            qo(self.reason())
        )
    }
}

/// A3: a started challenge: the code word to email and the pictures to show.
#[pyclass(frozen, name = "ChallengeStart", module = "orderlink")]
pub struct ChallengeStart {
    pub inner: core::ChallengeStart,
}

#[pymethods]
impl ChallengeStart {
    #[getter]
    fn challenge_id(&self) -> uuid::Uuid {
        self.inner.challenge_id.0
    }
    #[getter]
    fn customer_id(&self) -> uuid::Uuid {
        self.inner.customer_id.0
    }
    #[getter]
    fn email(&self) -> &str {
        self.inner.email.as_str()
    }
    /// Send this to ``email``; never show it in the portal.
    #[getter]
    fn code_word(&self) -> &str {
        &self.inner.code_word
    }
    #[getter]
    fn options(&self) -> Vec<String> {
        self.inner.options.clone()
    }
    #[getter]
    fn expires_at(&self) -> DateTime<Utc> {
        self.inner.expires_at
    }
    fn __repr__(&self) -> String {
        let options: Vec<String> = self.inner.options.iter().map(|o| q(o)).collect();
        format!(
            "ChallengeStart(email={}, options=[{}], expires_at={})",
            q(self.inner.email.as_str()),
            options.join(", "),
            self.inner.expires_at
        )
    }
}

/// A3: a passed verification; give ``token`` to ``open_link``.
#[pyclass(frozen, name = "VerifiedSession", module = "orderlink")]
pub struct VerifiedSession {
    pub inner: core::VerifiedSession,
}

#[pymethods]
impl VerifiedSession {
    #[getter]
    fn token(&self) -> &str {
        &self.inner.token
    }
    #[getter]
    fn customer_id(&self) -> uuid::Uuid {
        self.inner.customer_id.0
    }
    #[getter]
    fn expires_at(&self) -> DateTime<Utc> {
        self.inner.expires_at
    }
    fn __repr__(&self) -> String {
        format!("VerifiedSession(customer_id='{}', expires_at={})", self.inner.customer_id, self.inner.expires_at)
    }
}

/// S3: what a sync batch did, by customer id.
#[pyclass(frozen, name = "SyncReport", module = "orderlink")]
pub struct SyncReport {
    pub inner: core::SyncReport,
}

#[pymethods]
impl SyncReport {
    #[getter]
    fn created(&self) -> Vec<uuid::Uuid> {
        self.inner.created.iter().map(|c| c.0).collect()
    }
    #[getter]
    fn updated(&self) -> Vec<uuid::Uuid> {
        self.inner.updated.iter().map(|c| c.0).collect()
    }
    #[getter]
    fn unchanged(&self) -> Vec<uuid::Uuid> {
        self.inner.unchanged.iter().map(|c| c.0).collect()
    }
    fn __repr__(&self) -> String {
        format!(
            "SyncReport(created={}, updated={}, unchanged={})",
            self.inner.created.len(),
            self.inner.updated.len(),
            self.inner.unchanged.len()
        )
    }
}

/// L5: one audited link rotation.
#[pyclass(frozen, name = "LinkRotation", module = "orderlink")]
pub struct LinkRotation {
    pub inner: core::LinkRotation,
}

#[pymethods]
impl LinkRotation {
    #[getter]
    fn customer_id(&self) -> uuid::Uuid {
        self.inner.customer_id.0
    }
    #[getter]
    fn old_code(&self) -> &str {
        self.inner.old_code.as_str()
    }
    #[getter]
    fn new_code(&self) -> &str {
        self.inner.new_code.as_str()
    }
    #[getter]
    fn at(&self) -> DateTime<Utc> {
        self.inner.at
    }
    #[getter]
    fn by(&self) -> Option<&str> {
        self.inner.by.as_deref()
    }
    #[getter]
    fn reason(&self) -> Option<&str> {
        self.inner.reason.as_deref()
    }
    fn __repr__(&self) -> String {
        format!("LinkRotation(at={}, by={}, reason={})", self.inner.at, qo(self.by()), qo(self.reason()))
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Customer>()?;
    m.add_class::<CustomerPage>()?;
    m.add_class::<WorkspaceSettings>()?;
    m.add_class::<LinkTarget>()?;
    m.add_class::<LinkDecision>()?;
    m.add_class::<ChallengeStart>()?;
    m.add_class::<VerifiedSession>()?;
    m.add_class::<SyncReport>()?;
    m.add_class::<LinkRotation>()?;
    Ok(())
}

/// P1–P3: where an intake put the order.
#[pyclass(frozen, name = "IntakeOutcome", module = "orderlink")]
pub struct IntakeOutcome {
    pub inner: core::IntakeOutcome,
}

#[pymethods]
impl IntakeOutcome {
    /// "customer" (P1), "auto_linked" (P2) or "pending" (P3).
    #[getter]
    fn kind(&self) -> &'static str {
        match self.inner {
            core::IntakeOutcome::Customer { .. } => "customer",
            core::IntakeOutcome::AutoLinked { .. } => "auto_linked",
            core::IntakeOutcome::Pending { .. } => "pending",
        }
    }
    #[getter]
    fn order_id(&self) -> uuid::Uuid {
        match self.inner {
            core::IntakeOutcome::Customer { order_id, .. }
            | core::IntakeOutcome::AutoLinked { order_id, .. }
            | core::IntakeOutcome::Pending { order_id, .. } => order_id.0,
        }
    }
    #[getter]
    fn customer_id(&self) -> Option<uuid::Uuid> {
        match self.inner {
            core::IntakeOutcome::Customer { customer_id, .. } | core::IntakeOutcome::AutoLinked { customer_id, .. } => {
                Some(customer_id.0)
            }
            core::IntakeOutcome::Pending { .. } => None,
        }
    }
    #[getter]
    fn pending_id(&self) -> Option<uuid::Uuid> {
        match self.inner {
            core::IntakeOutcome::Pending { pending_id, .. } => Some(pending_id.0),
            _ => None,
        }
    }
    /// True when this intake opened a new pending record.
    #[getter]
    fn new_record(&self) -> bool {
        matches!(self.inner, core::IntakeOutcome::Pending { new_record: true, .. })
    }
    fn __repr__(&self) -> String {
        format!("IntakeOutcome(kind={}, order_id='{}')", q(self.kind()), self.order_id())
    }
}

fn state_parts(state: core::PendingState) -> (&'static str, Option<uuid::Uuid>) {
    match state {
        core::PendingState::Open => ("open", None),
        core::PendingState::Mapped(c) => ("mapped", Some(c.0)),
        core::PendingState::Ignored => ("ignored", None),
    }
}

/// P3/P4: a buyer held for review.
#[pyclass(frozen, name = "PendingBuyer", module = "orderlink")]
pub struct PendingBuyer {
    pub inner: core::PendingBuyer,
}

#[pymethods]
impl PendingBuyer {
    #[getter]
    fn id(&self) -> uuid::Uuid {
        self.inner.id.0
    }
    #[getter]
    fn business_name(&self) -> &str {
        &self.inner.business_name
    }
    #[getter]
    fn email(&self) -> &str {
        self.inner.email.as_str()
    }
    #[getter]
    fn phone(&self) -> Option<&str> {
        self.inner.phone.as_deref()
    }
    /// N1: (normalised name, normalised email).
    #[getter]
    fn key(&self) -> (String, String) {
        (self.inner.key.name.clone(), self.inner.key.email.clone())
    }
    #[getter]
    fn orders(&self) -> Vec<uuid::Uuid> {
        self.inner.orders.iter().map(|o| o.0).collect()
    }
    /// "open", "mapped" or "ignored".
    #[getter]
    fn state(&self) -> &'static str {
        state_parts(self.inner.state).0
    }
    /// The customer it is mapped to, when mapped.
    #[getter]
    fn customer_id(&self) -> Option<uuid::Uuid> {
        state_parts(self.inner.state).1
    }
    #[getter]
    fn created_at(&self) -> DateTime<Utc> {
        self.inner.created_at
    }
    fn __repr__(&self) -> String {
        format!(
            "PendingBuyer(business_name={}, email={}, state={}, orders={})",
            q(&self.inner.business_name),
            q(self.inner.email.as_str()),
            q(self.state()),
            self.inner.orders.len()
        )
    }
}

/// P5: a key's current customer.
#[pyclass(frozen, name = "Mapping", module = "orderlink")]
pub struct Mapping {
    pub inner: core::Mapping,
}

#[pymethods]
impl Mapping {
    #[getter]
    fn key(&self) -> (String, String) {
        (self.inner.key.name.clone(), self.inner.key.email.clone())
    }
    #[getter]
    fn customer_id(&self) -> uuid::Uuid {
        self.inner.customer_id.0
    }
    #[getter]
    fn created_at(&self) -> DateTime<Utc> {
        self.inner.created_at
    }
    #[getter]
    fn updated_at(&self) -> DateTime<Utc> {
        self.inner.updated_at
    }
    fn __repr__(&self) -> String {
        format!(
            "Mapping(key=({}, {}), customer_id='{}')",
            q(&self.inner.key.name),
            q(&self.inner.key.email),
            self.inner.customer_id
        )
    }
}

/// P4/P5: one audit entry: who, when, what, from → to.
#[pyclass(frozen, name = "AuditEntry", module = "orderlink")]
pub struct AuditEntry {
    pub inner: core::AuditEntry,
}

#[pymethods]
impl AuditEntry {
    #[getter]
    fn at(&self) -> DateTime<Utc> {
        self.inner.at
    }
    #[getter]
    fn actor(&self) -> Option<&str> {
        self.inner.actor.as_deref()
    }
    /// "map", "create_and_map", "ignore" or "remap".
    #[getter]
    fn action(&self) -> &'static str {
        self.inner.action.as_str()
    }
    #[getter]
    fn pending_id(&self) -> Option<uuid::Uuid> {
        self.inner.pending_id.map(|p| p.0)
    }
    #[getter]
    fn key(&self) -> (String, String) {
        (self.inner.key.name.clone(), self.inner.key.email.clone())
    }
    /// The customer the key mapped to before.
    #[getter]
    #[allow(clippy::wrong_self_convention)] // the Python attribute reads as "from customer"
    fn from_customer(&self) -> Option<uuid::Uuid> {
        self.inner.from.map(|c| c.0)
    }
    #[getter]
    fn to_customer(&self) -> Option<uuid::Uuid> {
        self.inner.to.map(|c| c.0)
    }
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

/// P8: a suggested customer and why.
#[pyclass(frozen, name = "Suggestion", module = "orderlink")]
pub struct Suggestion {
    pub inner: core::Suggestion,
}

#[pymethods]
impl Suggestion {
    #[getter]
    fn customer_id(&self) -> uuid::Uuid {
        self.inner.customer_id.0
    }
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }
    /// "same_key", "same_email" or "similar_name".
    #[getter]
    fn reason(&self) -> &'static str {
        match self.inner.reason {
            core::SuggestionReason::SameKey => "same_key",
            core::SuggestionReason::SameEmail => "same_email",
            core::SuggestionReason::SimilarName { .. } => "similar_name",
        }
    }
    /// Name similarity in 0..1 for "similar_name"; 1.0 otherwise.
    #[getter]
    fn score(&self) -> f64 {
        match self.inner.reason {
            core::SuggestionReason::SimilarName { score } => score,
            _ => 1.0,
        }
    }
    fn __repr__(&self) -> String {
        format!("Suggestion(name={}, reason={})", q(&self.inner.name), q(self.reason()))
    }
}

/// An order reference.
#[pyclass(frozen, name = "Order", module = "orderlink")]
pub struct Order {
    pub inner: core::OrderRef,
}

#[pymethods]
impl Order {
    #[getter]
    fn id(&self) -> uuid::Uuid {
        self.inner.id.0
    }
    #[getter]
    fn number(&self) -> &str {
        &self.inner.number
    }
    /// The owning customer, or None while it is on the PENDING_MAPPING placeholder.
    #[getter]
    fn customer_id(&self) -> Option<uuid::Uuid> {
        match self.inner.owner {
            core::OrderOwner::Customer(c) => Some(c.0),
            core::OrderOwner::Placeholder => None,
        }
    }
    #[getter]
    fn on_placeholder(&self) -> bool {
        self.inner.owner == core::OrderOwner::Placeholder
    }
    #[getter]
    fn placed_at(&self) -> DateTime<Utc> {
        self.inner.placed_at
    }
    #[getter]
    fn status(&self) -> String {
        enum_str(&self.inner.status)
    }
    #[getter]
    fn total(&self) -> Decimal {
        self.inner.total
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

pub fn register_pending(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<IntakeOutcome>()?;
    m.add_class::<PendingBuyer>()?;
    m.add_class::<Mapping>()?;
    m.add_class::<AuditEntry>()?;
    m.add_class::<Suggestion>()?;
    m.add_class::<Order>()?;
    Ok(())
}
