//! Result objects. Each wraps the core value and shows it read-only, with a readable repr and
//! `==` by value. Ids cross as `uuid.UUID`, times as aware UTC `datetime`, money as
//! `decimal.Decimal`, enums as their snake_case names.

use crate::convert::{json_to_py, serde_name};
use chrono::{DateTime, Utc};
use orderlink as core;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyIterator, PyList};
use rust_decimal::Decimal;

/// Python's repr of a str: 'text'.
pub(crate) fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Python's repr of an optional str.
pub(crate) fn qo(s: Option<&str>) -> String {
    s.map_or_else(|| "None".to_owned(), q)
}

/// Python's repr of a bool.
pub(crate) fn b(v: bool) -> &'static str {
    if v {
        "True"
    } else {
        "False"
    }
}

/// Freight as a dict: ``{"kind": ...}`` plus its amounts as ``decimal.Decimal`` (the shape
/// ``freight=`` takes, so it can be given back).
pub(crate) fn freight_dict<'py>(py: Python<'py>, freight: &core::Freight) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("kind", serde_name(freight, "kind"))?;
    let amounts: &[(&str, Decimal)] = match *freight {
        core::Freight::FlatRate { amount } => &[("amount", amount)],
        core::Freight::FreeOver { threshold, amount } => &[("threshold", threshold), ("amount", amount)],
        core::Freight::Manual | core::Freight::ToBeConfirmed => &[],
    };
    for (key, value) in amounts {
        d.set_item(*key, *value)?;
    }
    Ok(d)
}

/// A customer record (C1–C7). Read-only: change it with ``Workspace.update_customer``.
///
/// >>> ws = orderlink.Workspace("Harbour Foods")
/// >>> ws.create_customer("Corner Deli", code="C-1", email="a@b.co")
/// Customer(name='Corner Deli', code='C-1', email='a@b.co', active=True, access='available')
#[pyclass(frozen, eq, name = "Customer", module = "orderlink")]
#[derive(Clone, PartialEq)]
pub struct Customer {
    pub inner: core::Customer,
}

#[pymethods]
impl Customer {
    /// The customer's id (``uuid.UUID``).
    #[getter]
    fn id(&self) -> uuid::Uuid {
        self.inner.id.0
    }
    /// C1: the name, trimmed.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }
    /// C2: the customer code, or None.
    #[getter]
    fn code(&self) -> Option<&str> {
        self.inner.code.as_deref()
    }
    /// C3: the email, with its domain lower-cased, or None.
    #[getter]
    fn email(&self) -> Option<&str> {
        self.inner.email.as_ref().map(|e| e.as_str())
    }
    /// The phone number, or None.
    #[getter]
    fn phone(&self) -> Option<&str> {
        self.inner.phone.as_deref()
    }
    /// The contact person, or None.
    #[getter]
    fn contact(&self) -> Option<&str> {
        self.inner.contact.as_deref()
    }
    /// Whether the customer is active (A1: inactive blocks its link).
    #[getter]
    fn active(&self) -> bool {
        self.inner.active
    }
    /// Whether order web access is blocked locally (A1).
    #[getter]
    fn order_web_blocked(&self) -> bool {
        self.inner.order_web_blocked
    }
    /// A1: ``"available"``, ``"blocked"`` or ``"blocked_inactive"``.
    #[getter]
    fn order_web_access(&self) -> &'static str {
        self.inner.order_web_access().as_str()
    }
    /// L1, L2: the permanent link code (26 Crockford base32 characters).
    #[getter]
    fn link_code(&self) -> &str {
        self.inner.link_code.as_str()
    }
    /// The price group's name, or None.
    #[getter]
    fn price_group(&self) -> Option<&str> {
        self.inner.price_group.as_deref()
    }
    /// The storefront layout override: ``"ecommerce"``, ``"quantity_grid"`` or None.
    #[getter]
    fn order_template(&self) -> Option<String> {
        self.inner.order_template.as_ref().map(|t| serde_name(t, "kind"))
    }
    /// The checkout override: ``"pay_now"``, ``"pay_later"``, ``"inherit"`` or None.
    #[getter]
    fn checkout_mode(&self) -> Option<String> {
        self.inner.checkout_mode.as_ref().map(|m| serde_name(m, "kind"))
    }
    /// The freight override as a dict, e.g. ``{"kind": "flat_rate", "amount": Decimal("9.50")}``
    /// (kinds: flat_rate, free_over, manual, to_be_confirmed), or None.
    #[getter]
    fn freight<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        self.inner.freight.as_ref().map(|f| freight_dict(py, f)).transpose()
    }
    /// C6: the back-office user who manages this customer (``uuid.UUID``), or None.
    #[getter]
    fn managed_by(&self) -> Option<uuid::Uuid> {
        self.inner.managed_by.map(|u| u.0)
    }
    /// Tags, trimmed, without duplicates.
    #[getter]
    fn tags(&self) -> Vec<String> {
        self.inner.tags.clone()
    }
    /// S3: the external system's id when the customer came from contacts sync, else None.
    #[getter]
    fn external_id(&self) -> Option<&str> {
        self.inner.external_id.as_deref()
    }
    /// When the customer was created (aware UTC ``datetime``).
    #[getter]
    fn created_at(&self) -> DateTime<Utc> {
        self.inner.created_at
    }
    /// When the customer last changed (aware UTC ``datetime``).
    #[getter]
    fn updated_at(&self) -> DateTime<Utc> {
        self.inner.updated_at
    }
    /// Number of orders placed.
    #[getter]
    fn orders(&self) -> u64 {
        self.inner.stats.orders
    }
    /// Total of those orders in the workspace currency (``decimal.Decimal``).
    #[getter]
    fn amount(&self) -> Decimal {
        self.inner.stats.amount
    }
    /// When the newest order was placed, or None.
    #[getter]
    fn last_order_at(&self) -> Option<DateTime<Utc>> {
        self.inner.stats.last_order_at
    }
    /// Bumped on every write.
    #[getter]
    fn version(&self) -> u64 {
        self.inner.version
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

/// C5: one page of customers, and how many match in all. Iterable, with ``len()``.
///
/// >>> page = ws.list_customers(search="deli", limit=10)
/// >>> page.total, [c.name for c in page]
/// (1, ['Corner Deli'])
#[pyclass(frozen, eq, name = "CustomerPage", module = "orderlink")]
#[derive(PartialEq)]
pub struct CustomerPage {
    pub inner: core::Page<core::Customer>,
}

#[pymethods]
impl CustomerPage {
    /// The customers on this page.
    #[getter]
    fn items(&self) -> Vec<Customer> {
        self.inner.items.iter().cloned().map(|inner| Customer { inner }).collect()
    }
    /// How many customers match the query, over every page; with ``count_limit`` and more
    /// matching, the limit.
    #[getter]
    fn total(&self) -> usize {
        self.inner.total
    }
    /// W4: whether ``total`` is the exact count (``False`` only when ``count_limit`` was
    /// reached).
    #[getter]
    fn total_exact(&self) -> bool {
        self.inner.total_exact
    }
    /// The offset this page starts at.
    #[getter]
    fn offset(&self) -> usize {
        self.inner.offset
    }
    /// The page size asked for.
    #[getter]
    fn limit(&self) -> usize {
        self.inner.limit
    }
    fn __len__(&self) -> usize {
        self.inner.items.len()
    }
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        PyList::new(py, self.items())?.try_iter()
    }
    fn __repr__(&self) -> String {
        let names: Vec<String> = self.inner.items.iter().map(|c| q(&c.name)).collect();
        format!(
            "CustomerPage(total={}{}, offset={}, limit={}, names=[{}])",
            self.inner.total,
            if self.inner.total_exact { "" } else { ", total_exact=False" },
            self.inner.offset,
            self.inner.limit,
            names.join(", ")
        )
    }
}

/// The workspace's settings. Change them with ``Workspace.update_settings``.
#[pyclass(frozen, eq, name = "WorkspaceSettings", module = "orderlink")]
#[derive(PartialEq)]
pub struct WorkspaceSettings {
    pub inner: core::WorkspaceSettings,
}

#[pymethods]
impl WorkspaceSettings {
    /// W1: the workspace's id in its store (a ``uuid.UUID``).
    #[getter]
    fn id(&self) -> uuid::Uuid {
        self.inner.id.0
    }
    /// The supplier's name, as buyers see it ("Welcome to …").
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }
    /// L1: the public workspace link's code.
    #[getter]
    fn link_code(&self) -> &str {
        self.inner.link_code.as_str()
    }
    /// L3: the base of every order link, without a trailing slash.
    #[getter]
    fn base_url(&self) -> &str {
        &self.inner.base_url
    }
    /// PR3: the ISO 4217 currency code.
    #[getter]
    fn currency(&self) -> &str {
        &self.inner.currency
    }
    /// S1–S3: ``{"enabled": bool, "connected": bool, "phone_mapped": bool}`` (a new dict each
    /// time; sync is active when enabled and connected).
    #[getter]
    fn contacts_sync<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value =
            serde_json::to_value(self.inner.contacts_sync).map_err(|e| crate::error::invalid("contacts_sync", e))?;
        json_to_py(py, &value)
    }
    /// A3: customer links need an email verification first.
    #[getter]
    fn strict_security(&self) -> bool {
        self.inner.strict_security
    }
    /// A2: buyers may browse but not submit orders.
    #[getter]
    fn trial_expired(&self) -> bool {
        self.inner.trial_expired
    }
    /// C4: customer names are unique in the workspace.
    #[getter]
    fn unique_names(&self) -> bool {
        self.inner.unique_names
    }
    /// ST1: the workspace's order defaults, ``{"order_template": str | None, "checkout_mode":
    /// str | None, "freight": dict | None, "card_payments_ready": bool}`` (a new dict each time,
    /// in the shape ``defaults=`` takes). None means the system default.
    #[getter]
    fn defaults<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let s = &self.inner.defaults;
        let d = PyDict::new(py);
        d.set_item("order_template", s.order_template.as_ref().map(|t| serde_name(t, "kind")))?;
        d.set_item("checkout_mode", s.checkout_mode.as_ref().map(|m| serde_name(m, "kind")))?;
        d.set_item("freight", s.freight.as_ref().map(|f| freight_dict(py, f)).transpose()?)?;
        d.set_item("card_payments_ready", s.card_payments_ready)?;
        Ok(d)
    }
    /// I5: the import limits, ``{"max_rows": int, "max_bytes": int}`` (a new dict each time, in
    /// the shape ``import_limits=`` takes).
    #[getter]
    fn import_limits<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("max_rows", self.inner.import_limits.max_rows)?;
        d.set_item("max_bytes", self.inner.import_limits.max_bytes)?;
        Ok(d)
    }
    /// A3: the challenge policy, ``{"challenge_ttl_secs", "max_challenges", "window_secs",
    /// "session_ttl_secs", "options_shown", "rounds", "lockout_after_failures", "lockout_secs"}``
    /// as ints (a new dict each time, in the shape ``verification=`` takes).
    #[getter]
    fn verification<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value =
            serde_json::to_value(self.inner.verification).map_err(|e| crate::error::invalid("verification", e))?;
        json_to_py(py, &value)
    }
    /// L3: the workspace's public order link.
    #[getter]
    fn link_url(&self) -> String {
        self.inner.link_url()
    }
    fn __repr__(&self) -> String {
        let s = &self.inner;
        format!(
            "WorkspaceSettings(name={}, base_url={}, currency={}, contacts_sync_active={}, strict_security={}, \
             trial_expired={}, unique_names={})",
            q(&s.name),
            q(&s.base_url),
            q(&s.currency),
            b(s.contacts_sync.is_active()),
            b(s.strict_security),
            b(s.trial_expired),
            b(s.unique_names)
        )
    }
}

/// L4: what a link points at: ``kind`` is ``"customer"`` (with ``customer_id``),
/// ``"workspace"``, ``"checkout"`` (CT3, with ``customer_id`` and ``cart_id``) or ``"unknown"``.
#[pyclass(frozen, eq, name = "LinkTarget", module = "orderlink")]
#[derive(PartialEq)]
pub struct LinkTarget {
    pub inner: core::LinkTarget,
}

#[pymethods]
impl LinkTarget {
    /// ``"customer"``, ``"workspace"``, ``"checkout"`` or ``"unknown"``.
    #[getter]
    fn kind(&self) -> String {
        serde_name(&self.inner, "kind")
    }
    /// The customer whose link (or cart, for a checkout link) it is, or None.
    #[getter]
    fn customer_id(&self) -> Option<uuid::Uuid> {
        match self.inner {
            core::LinkTarget::Customer { customer_id } | core::LinkTarget::Checkout { customer_id, .. } => {
                Some(customer_id.0)
            }
            core::LinkTarget::Workspace | core::LinkTarget::Unknown => None,
        }
    }
    /// CT3: the cart a checkout link opens, or None.
    #[getter]
    fn cart_id(&self) -> Option<uuid::Uuid> {
        match self.inner {
            core::LinkTarget::Checkout { cart_id, .. } => Some(cart_id.0),
            _ => None,
        }
    }
    fn __repr__(&self) -> String {
        match self.customer_id() {
            Some(id) => format!("LinkTarget(kind={}, customer_id=UUID('{id}'))", q(&self.kind())),
            None => format!("LinkTarget(kind={})", q(&self.kind())),
        }
    }
}

/// A1–A4: what opening a link allows.
///
/// >>> d = ws.open_link(ws.link_url(deli.id))
/// >>> d.greeting, d.may_view, d.may_submit, d.reason
/// ('Welcome back, Corner Deli', True, True, None)
#[pyclass(frozen, eq, name = "LinkDecision", module = "orderlink")]
#[derive(PartialEq)]
pub struct LinkDecision {
    pub inner: core::LinkDecision,
}

#[pymethods]
impl LinkDecision {
    /// The customer whose link this is; None for the workspace link or an unknown code.
    #[getter]
    fn customer_id(&self) -> Option<uuid::Uuid> {
        self.inner.customer_id.map(|c| c.0)
    }
    /// Whether this is the workspace's public link.
    #[getter]
    fn is_workspace_link(&self) -> bool {
        self.inner.is_workspace_link
    }
    /// CT3: the cart a checkout link opens; None for any other link.
    #[getter]
    fn cart_id(&self) -> Option<uuid::Uuid> {
        self.inner.cart_id.map(|c| c.0)
    }
    /// Whether the code belongs to anything at all.
    #[getter]
    fn found(&self) -> bool {
        self.inner.found
    }
    /// A1: the customer's order web access on a customer link, else None.
    #[getter]
    fn access(&self) -> Option<&'static str> {
        self.inner.access.map(core::OrderWebAccess::as_str)
    }
    /// The catalogue may load.
    #[getter]
    fn may_view(&self) -> bool {
        self.inner.may_view
    }
    /// An order may be submitted.
    #[getter]
    fn may_submit(&self) -> bool {
        self.inner.may_submit
    }
    /// A3: an email verification must pass before the catalogue loads.
    #[getter]
    fn needs_verification(&self) -> bool {
        self.inner.needs_verification
    }
    /// A4: "Welcome back, {customer}" or "Welcome to {workspace}"; None for an unknown code.
    #[getter]
    fn greeting(&self) -> Option<&str> {
        self.inner.greeting.as_deref()
    }
    /// Why not everything is allowed, as a stable code (``"ACCOUNT_INACTIVE"``,
    /// ``"ORDERING_UNAVAILABLE"``, ``"TRIAL_EXPIRED"``, ``"VERIFICATION_REQUIRED"``,
    /// ``"NO_EMAIL_ON_FILE"``, ``"LINK_NOT_FOUND"``), or None.
    #[getter]
    fn reason(&self) -> Option<&'static str> {
        self.inner.reason.map(core::DenyReason::code)
    }
    /// A4: the reason in a buyer's words, or None.
    #[getter]
    fn message(&self) -> Option<&str> {
        self.inner.message.as_deref()
    }
    fn __repr__(&self) -> String {
        let d = &self.inner;
        format!(
            "LinkDecision(found={}, access={}, may_view={}, may_submit={}, needs_verification={}, reason={}, greeting={})",
            b(d.found),
            qo(self.access()),
            b(d.may_view),
            b(d.may_submit),
            b(d.needs_verification),
            qo(self.reason()),
            qo(d.greeting.as_deref())
        )
    }
}

/// A3: a started email challenge. Email ``code_word`` to ``email``; show ``options`` in the
/// portal; pass the buyer's pick to ``Workspace.complete_verification``.
#[pyclass(frozen, eq, name = "ChallengeStart", module = "orderlink")]
#[derive(PartialEq)]
pub struct ChallengeStart {
    pub inner: core::ChallengeStart,
}

#[pymethods]
impl ChallengeStart {
    /// The challenge's id (``uuid.UUID``).
    #[getter]
    fn challenge_id(&self) -> uuid::Uuid {
        self.inner.challenge_id.0
    }
    /// The customer being verified.
    #[getter]
    fn customer_id(&self) -> uuid::Uuid {
        self.inner.customer_id.0
    }
    /// Where to send the code word.
    #[getter]
    fn email(&self) -> &str {
        self.inner.email.as_str()
    }
    /// What the email carries: the code word, or with several rounds the words in round order
    /// separated by spaces. Send it to ``email``; never show it in the portal.
    #[getter]
    fn code_word(&self) -> &str {
        &self.inner.code_word
    }
    /// The code word of each round, in order.
    #[getter]
    fn code_words(&self) -> Vec<String> {
        self.inner.code_words.clone()
    }
    /// The pictures the portal shows in the first round, in display order.
    #[getter]
    fn options(&self) -> Vec<String> {
        self.inner.options.clone()
    }
    /// The pictures of every round, in round order, each in display order.
    #[getter]
    fn rounds(&self) -> Vec<Vec<String>> {
        self.inner.rounds.clone()
    }
    /// After this the challenge answers ``CHALLENGE_EXPIRED``.
    #[getter]
    fn expires_at(&self) -> DateTime<Utc> {
        self.inner.expires_at
    }
    fn __repr__(&self) -> String {
        // The code word is left out on purpose: reprs end up in logs.
        let options: Vec<String> = self.inner.options.iter().map(|o| q(o)).collect();
        format!(
            "ChallengeStart(email={}, options=[{}], expires_at='{}')",
            q(self.inner.email.as_str()),
            options.join(", "),
            self.inner.expires_at.to_rfc3339()
        )
    }
}

/// A3: a passed verification. Give ``token`` to ``Workspace.open_link(..., session_token=...)``.
#[pyclass(frozen, eq, name = "VerifiedSession", module = "orderlink")]
#[derive(PartialEq)]
pub struct VerifiedSession {
    pub inner: core::VerifiedSession,
}

#[pymethods]
impl VerifiedSession {
    /// The session token the buyer's browser keeps (kept by the store only as a hash).
    #[getter]
    fn token(&self) -> &str {
        &self.inner.token
    }
    /// The verified customer.
    #[getter]
    fn customer_id(&self) -> uuid::Uuid {
        self.inner.customer_id.0
    }
    /// When the session stops opening the link.
    #[getter]
    fn expires_at(&self) -> DateTime<Utc> {
        self.inner.expires_at
    }
    fn __repr__(&self) -> String {
        // The token is a credential: never in a repr.
        format!(
            "VerifiedSession(customer_id=UUID('{}'), expires_at='{}')",
            self.inner.customer_id,
            self.inner.expires_at.to_rfc3339()
        )
    }
}

/// S3: what a sync batch did, as lists of customer ids.
#[pyclass(frozen, eq, name = "SyncReport", module = "orderlink")]
#[derive(PartialEq)]
pub struct SyncReport {
    pub inner: core::SyncReport,
}

fn ids(list: &[core::CustomerId]) -> Vec<uuid::Uuid> {
    list.iter().map(|c| c.0).collect()
}

#[pymethods]
impl SyncReport {
    /// New customers, each with a fresh link code.
    #[getter]
    fn created(&self) -> Vec<uuid::Uuid> {
        ids(&self.inner.created)
    }
    /// Existing customers whose synced fields changed.
    #[getter]
    fn updated(&self) -> Vec<uuid::Uuid> {
        ids(&self.inner.updated)
    }
    /// Existing customers the batch left as they were.
    #[getter]
    fn unchanged(&self) -> Vec<uuid::Uuid> {
        ids(&self.inner.unchanged)
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

/// L5: one audited rotation of a customer's link code.
#[pyclass(frozen, eq, name = "LinkRotation", module = "orderlink")]
#[derive(PartialEq)]
pub struct LinkRotation {
    pub inner: core::LinkRotation,
}

#[pymethods]
impl LinkRotation {
    /// The customer whose link was rotated.
    #[getter]
    fn customer_id(&self) -> uuid::Uuid {
        self.inner.customer_id.0
    }
    /// The retired code (it answers as unknown from then on).
    #[getter]
    fn old_code(&self) -> &str {
        self.inner.old_code.as_str()
    }
    /// The code issued in its place.
    #[getter]
    fn new_code(&self) -> &str {
        self.inner.new_code.as_str()
    }
    /// When (aware UTC ``datetime``).
    #[getter]
    fn at(&self) -> DateTime<Utc> {
        self.inner.at
    }
    /// Who rotated it, as the caller named them, or None.
    #[getter]
    fn by(&self) -> Option<&str> {
        self.inner.by.as_deref()
    }
    /// Why, or None.
    #[getter]
    fn reason(&self) -> Option<&str> {
        self.inner.reason.as_deref()
    }
    fn __repr__(&self) -> String {
        format!("LinkRotation(at='{}', by={}, reason={})", self.inner.at.to_rfc3339(), qo(self.by()), qo(self.reason()))
    }
}

/// A3: a customer link's verification lockout state.
#[pyclass(frozen, eq, name = "VerificationLock", module = "orderlink")]
#[derive(PartialEq)]
pub struct VerificationLock {
    pub inner: core::VerificationLock,
}

#[pymethods]
impl VerificationLock {
    /// Failed challenges in a row since the last pass, lock or lift.
    #[getter]
    fn failures(&self) -> u32 {
        self.inner.failures
    }
    /// When the lock in force ends (aware UTC ``datetime``), or None when not locked.
    #[getter]
    fn locked_until(&self) -> Option<DateTime<Utc>> {
        self.inner.locked_until
    }
    fn __repr__(&self) -> String {
        let until = self.inner.locked_until.map(|t| q(&t.to_rfc3339()));
        format!("VerificationLock(failures={}, locked_until={})", self.inner.failures, qo(until.as_deref()))
    }
}

/// A3: one audited lock or lift of a customer link's verification.
#[pyclass(frozen, eq, name = "VerificationLockEvent", module = "orderlink")]
#[derive(PartialEq)]
pub struct VerificationLockEvent {
    pub inner: core::VerificationLockEvent,
}

#[pymethods]
impl VerificationLockEvent {
    /// The customer whose link it is.
    #[getter]
    fn customer_id(&self) -> uuid::Uuid {
        self.inner.customer_id.0
    }
    /// ``"locked"`` or ``"lifted"``.
    #[getter]
    fn action(&self) -> &'static str {
        self.inner.action.as_str()
    }
    /// When (aware UTC ``datetime``).
    #[getter]
    fn at(&self) -> DateTime<Utc> {
        self.inner.at
    }
    /// Locked: when the lock ends. Lifted: when it would have ended.
    #[getter]
    fn until(&self) -> DateTime<Utc> {
        self.inner.until
    }
    /// Locked: the failures in a row that locked it. Lifted: 0.
    #[getter]
    fn failures(&self) -> u32 {
        self.inner.failures
    }
    /// Lifted: who lifted it, as the caller named them, or None.
    #[getter]
    fn by(&self) -> Option<&str> {
        self.inner.by.as_deref()
    }
    fn __repr__(&self) -> String {
        format!(
            "VerificationLockEvent(action='{}', at='{}', until='{}', by={})",
            self.action(),
            self.inner.at.to_rfc3339(),
            self.inner.until.to_rfc3339(),
            qo(self.by())
        )
    }
}

/// A3: the odds that a guesser holding only the link passes within some time. ``str()`` gives
/// the arithmetic, e.g. ``3 challenges: 1 − (3/4)^3 = 0.578125``.
#[pyclass(frozen, name = "GuessOdds", module = "orderlink")]
pub struct GuessOdds {
    pub inner: core::GuessOdds,
}

#[pymethods]
impl GuessOdds {
    /// One challenge passes with probability ``1 / per_challenge_one_in``.
    #[getter]
    fn per_challenge_one_in(&self) -> u64 {
        self.inner.per_challenge_one_in
    }
    /// How many challenges the guesser can answer within the time.
    #[getter]
    fn challenges(&self) -> u64 {
        self.inner.challenges
    }
    /// The chance one of them passes.
    #[getter]
    fn probability(&self) -> f64 {
        self.inner.probability
    }
    /// The chance every one fails (0.0 when too small for a float).
    #[getter]
    fn all_fail(&self) -> f64 {
        self.inner.all_fail
    }
    fn __str__(&self) -> String {
        self.inner.to_string()
    }
    fn __repr__(&self) -> String {
        format!("GuessOdds({})", self.inner)
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
    m.add_class::<VerificationLock>()?;
    m.add_class::<VerificationLockEvent>()?;
    m.add_class::<GuessOdds>()?;
    Ok(())
}
