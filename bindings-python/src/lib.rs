//! The Python binding of orderlink: thin wrappers over the core, which decides everything.
#![forbid(unsafe_code)]

mod convert;
mod error;
mod types;

use convert::{from_json, kwargs_json, to_json, uuid_arg};
use error::{invalid, IntoPy};
use orderlink as core;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde_json::{json, Value};
use std::sync::Arc;
use types::*;

/// A controllable clock for tests: time moves only when told to.
///
/// >>> import datetime, orderlink
/// >>> clock = orderlink.ManualClock(datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
/// >>> clock.advance(300)
/// >>> clock.now().isoformat()
/// '2026-01-01T00:05:00+00:00'
#[pyclass(frozen, name = "ManualClock", module = "orderlink")]
struct PyManualClock {
    inner: Arc<core::ManualClock>,
}

#[pymethods]
impl PyManualClock {
    #[new]
    fn new(start: chrono::DateTime<chrono::Utc>) -> Self {
        PyManualClock { inner: Arc::new(core::ManualClock::new(start)) }
    }

    /// The clock's current time (UTC).
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        core::Clock::now(self.inner.as_ref())
    }

    /// Moves the clock forward by `seconds` (fractions allowed; negative moves it back).
    fn advance(&self, seconds: f64) -> PyResult<()> {
        if !seconds.is_finite() || seconds.abs() > 1e12 {
            return Err(invalid("seconds", "must be a finite number of seconds"));
        }
        self.inner.advance(chrono::Duration::milliseconds((seconds * 1000.0).round() as i64));
        Ok(())
    }

    /// Sets the clock to `to`.
    fn set(&self, to: chrono::DateTime<chrono::Utc>) {
        self.inner.set(to)
    }

    fn __repr__(&self) -> String {
        format!("ManualClock({})", core::Clock::now(self.inner.as_ref()).to_rfc3339())
    }
}

/// One supplier's workspace over the in-memory store.
///
/// ``seed`` makes codes and ids reproducible: for tests only, since a known seed makes every
/// link guessable. ``clock`` takes a :class:`ManualClock`.
///
/// >>> import orderlink
/// >>> ws = orderlink.Workspace("Harbour Foods")
/// >>> deli = ws.create_customer("Corner Deli", email="orders@deli.example")
/// >>> ws.open_link(ws.link_url(deli.id)).greeting
/// 'Welcome back, Corner Deli'
#[pyclass(frozen, name = "Workspace", module = "orderlink")]
struct PyWorkspace {
    inner: core::Workspace,
}

const SETTINGS_KEYS: [&str; 8] = [
    "base_url",
    "currency",
    "contacts_sync",
    "strict_security",
    "trial_expired",
    "unique_names",
    "verification",
    "defaults",
];

fn check_keys(what: &'static str, map: &serde_json::Map<String, Value>, allowed: &[&str]) -> PyResult<()> {
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(invalid(what, format!("unknown keyword '{k}'; expected one of {}", allowed.join(", ")))),
        None => Ok(()),
    }
}

#[pymethods]
impl PyWorkspace {
    #[new]
    #[pyo3(signature = (name, *, seed=None, clock=None, **settings))]
    fn new(
        name: &Bound<'_, PyAny>,
        seed: Option<u64>,
        clock: Option<&Bound<'_, PyManualClock>>,
        settings: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let mut map = kwargs_json(settings)?;
        check_keys("workspace setting", &map, &SETTINGS_KEYS)?;
        map.insert("name".into(), to_json(name)?);
        let new: core::NewWorkspace = from_json("workspace settings", Value::Object(map))?;
        let random: Arc<dyn core::RandomSource> = match seed {
            Some(s) => Arc::new(core::SeededRandom::new(s)),
            None => Arc::new(core::OsRandom),
        };
        let clock: Arc<dyn core::Clock> = match clock {
            Some(c) => c.get().inner.clone(),
            None => Arc::new(core::SystemClock),
        };
        let env = core::Env::new(clock, random);
        let inner = core::Workspace::create(Arc::new(core::MemoryStore::new()), env, new).py()?;
        Ok(PyWorkspace { inner })
    }

    /// The workspace settings.
    #[getter]
    fn settings(&self) -> PyResult<WorkspaceSettings> {
        Ok(WorkspaceSettings { inner: self.inner.settings().py()? })
    }

    /// Changes settings by keyword (``trial_expired=True``, ``contacts_sync={...}``); every
    /// value is validated before anything is saved.
    #[pyo3(signature = (**changes))]
    fn update_settings(&self, changes: Option<&Bound<'_, PyDict>>) -> PyResult<WorkspaceSettings> {
        let mut map = kwargs_json(changes)?;
        check_keys("workspace setting", &map, &[&SETTINGS_KEYS[..], &["name"]].concat())?;
        // A patch replaces nested settings whole; start from the current ones so a partial
        // dict (contacts_sync={"enabled": True}) means "these keys", as it does at creation.
        let current = serde_json::to_value(self.inner.settings().py()?).map_err(|e| invalid("settings", e))?;
        for key in ["contacts_sync", "verification", "defaults"] {
            if let (Some(Value::Object(given)), Some(Value::Object(base))) = (map.get(key).cloned(), current.get(key)) {
                let mut merged = base.clone();
                merged.extend(given);
                map.insert(key.into(), Value::Object(merged));
            }
        }
        let patch: core::SettingsPatch = from_json("workspace settings", Value::Object(map))?;
        Ok(WorkspaceSettings { inner: self.inner.update_settings(patch).py()? })
    }

    /// C1–C4, L1: creates a customer (refused while contacts sync is the source of truth).
    #[pyo3(signature = (name, **fields))]
    fn create_customer(&self, name: &Bound<'_, PyAny>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<Customer> {
        let mut map = kwargs_json(fields)?;
        map.insert("name".into(), to_json(name)?);
        let input: core::NewCustomer = from_json("customer", Value::Object(map))?;
        Ok(Customer { inner: self.inner.create_customer(input).py()? })
    }

    /// C1–C4, S1: changes the given fields; ``None`` clears an optional field.
    #[pyo3(signature = (customer_id, **changes))]
    fn update_customer(
        &self,
        customer_id: &Bound<'_, PyAny>,
        changes: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Customer> {
        let patch: core::CustomerPatch = from_json("customer update", Value::Object(kwargs_json(changes)?))?;
        Ok(Customer { inner: self.inner.update_customer(uuid_arg(customer_id)?.into(), patch).py()? })
    }

    /// One customer (NotFoundError ``CUSTOMER_NOT_FOUND`` when there is none).
    fn get_customer(&self, customer_id: &Bound<'_, PyAny>) -> PyResult<Customer> {
        Ok(Customer { inner: self.inner.get_customer(uuid_arg(customer_id)?.into()).py()? })
    }

    /// C7: deletes a customer without orders.
    fn delete_customer(&self, customer_id: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inner.delete_customer(uuid_arg(customer_id)?.into()).py()
    }

    /// C5, C6: a page of customers. ``filter`` is active / inactive / all; ``sort`` a grid
    /// column; ``guest`` a user id to see only the customers that user manages.
    #[pyo3(signature = (*, filter="active", search=None, sort="name", descending=false, offset=0, limit=50, guest=None))]
    #[allow(clippy::too_many_arguments)]
    fn list_customers(
        &self,
        filter: &str,
        search: Option<String>,
        sort: &str,
        descending: bool,
        offset: usize,
        limit: usize,
        guest: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<CustomerPage> {
        let viewer = match guest {
            None => json!({"role": "admin"}),
            Some(user) => json!({"role": "guest", "user_id": uuid_arg(user)?.to_string()}),
        };
        let query: core::CustomerQuery = from_json(
            "list query",
            json!({"filter": filter, "search": search, "sort": sort, "descending": descending,
                   "offset": offset, "limit": limit, "viewer": viewer}),
        )?;
        let page = self.inner.list_customers(&query).py()?;
        Ok(CustomerPage { items: page.items, total: page.total, offset: page.offset, limit: page.limit })
    }

    /// S1: the fields of this customer that may be edited locally now.
    fn editable_fields(&self, customer_id: &Bound<'_, PyAny>) -> PyResult<Vec<&'static str>> {
        let fields = self.inner.editable_fields(uuid_arg(customer_id)?.into()).py()?;
        Ok(fields.into_iter().map(core::CustomerField::as_str).collect())
    }

    /// S3: upserts external contacts (dicts with external_id, name, code, email, phone,
    /// contact, active) by external id, all or nothing.
    fn apply_contacts_sync(&self, records: &Bound<'_, PyList>) -> PyResult<SyncReport> {
        let records: Vec<core::SyncRecord> = from_json("sync records", to_json(records.as_any())?)?;
        Ok(SyncReport { inner: self.inner.apply_contacts_sync(&records).py()? })
    }

    /// L3: the customer's order link.
    fn link_url(&self, customer_id: &Bound<'_, PyAny>) -> PyResult<String> {
        self.inner.link_url(uuid_arg(customer_id)?.into()).py()
    }

    /// L3: the workspace's public order link.
    fn workspace_link_url(&self) -> PyResult<String> {
        self.inner.workspace_link_url().py()
    }

    /// L3, L4: what a link or code points at (ValidationError ``LINK_MALFORMED`` if it is none).
    fn resolve_link(&self, code_or_url: &str) -> PyResult<LinkTarget> {
        Ok(LinkTarget { inner: self.inner.resolve_link(code_or_url).py()? })
    }

    /// A1–A4: what opening the link allows; ``session_token`` from a passed verification.
    #[pyo3(signature = (code_or_url, session_token=None))]
    fn open_link(&self, code_or_url: &str, session_token: Option<&str>) -> PyResult<LinkDecision> {
        Ok(LinkDecision { inner: self.inner.open_link(code_or_url, session_token).py()? })
    }

    /// A3: starts a strict-mode email challenge: the code word to email, the pictures to show.
    fn start_verification(&self, code_or_url: &str) -> PyResult<ChallengeStart> {
        Ok(ChallengeStart { inner: self.inner.start_verification(code_or_url).py()? })
    }

    /// A3: checks the buyer's pick; the challenge is used up either way.
    fn complete_verification(&self, challenge_id: &Bound<'_, PyAny>, picked: &str) -> PyResult<VerifiedSession> {
        Ok(VerifiedSession { inner: self.inner.complete_verification(uuid_arg(challenge_id)?.into(), picked).py()? })
    }

    /// L5: gives a customer a new link code on purpose; the old one stops working.
    #[pyo3(signature = (customer_id, *, by=None, reason=None))]
    fn rotate_link(
        &self,
        customer_id: &Bound<'_, PyAny>,
        by: Option<&str>,
        reason: Option<&str>,
    ) -> PyResult<Customer> {
        Ok(Customer { inner: self.inner.rotate_link(uuid_arg(customer_id)?.into(), by, reason).py()? })
    }

    /// L5: the customer's link rotations, oldest first.
    fn link_rotations(&self, customer_id: &Bound<'_, PyAny>) -> PyResult<Vec<LinkRotation>> {
        let trail = self.inner.link_rotations(uuid_arg(customer_id)?.into()).py()?;
        Ok(trail.into_iter().map(|inner| LinkRotation { inner }).collect())
    }

    /// P1–P3: takes in an order placed through a link. ``order`` keywords: number, total
    /// (Decimal, int or str), placed_at, status, lines. On the workspace link ``buyer`` is a
    /// dict with business_name, email and optionally phone.
    #[pyo3(signature = (link, *, buyer=None, **order))]
    fn intake_order(
        &self,
        link: &str,
        buyer: Option<&Bound<'_, PyDict>>,
        order: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<IntakeOutcome> {
        let order: core::NewOrder = from_json("order", Value::Object(kwargs_json(order)?))?;
        let buyer: Option<core::Buyer> = match buyer {
            Some(b) => Some(from_json("buyer", to_json(b.as_any())?)?),
            None => None,
        };
        Ok(IntakeOutcome { inner: self.inner.intake_order(link, buyer.as_ref(), order).py()? })
    }

    /// P4: the open review queue, or every record with ``include_closed=True``.
    #[pyo3(signature = (*, include_closed=false))]
    fn pending_buyers(&self, include_closed: bool) -> PyResult<Vec<PendingBuyer>> {
        Ok(self.inner.pending_buyers(include_closed).py()?.into_iter().map(|inner| PendingBuyer { inner }).collect())
    }

    /// One pending record.
    fn get_pending(&self, pending_id: &Bound<'_, PyAny>) -> PyResult<PendingBuyer> {
        Ok(PendingBuyer { inner: self.inner.get_pending(uuid_arg(pending_id)?.into()).py()? })
    }

    /// P4: maps an open record to an existing customer, moving its orders; returns the audit entry.
    #[pyo3(signature = (pending_id, customer_id, *, actor=None))]
    fn map_pending(
        &self,
        pending_id: &Bound<'_, PyAny>,
        customer_id: &Bound<'_, PyAny>,
        actor: Option<&str>,
    ) -> PyResult<AuditEntry> {
        let entry = self.inner.map_pending(uuid_arg(pending_id)?.into(), uuid_arg(customer_id)?.into(), actor).py()?;
        Ok(AuditEntry { inner: entry })
    }

    /// P4: creates a customer from the record (or from the keywords given, as for
    /// ``create_customer``) and maps the record to it; refused under contacts sync.
    #[pyo3(signature = (pending_id, *, actor=None, **customer))]
    fn create_and_map(
        &self,
        pending_id: &Bound<'_, PyAny>,
        actor: Option<&str>,
        customer: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<AuditEntry> {
        let fields = kwargs_json(customer)?;
        let input: Option<core::NewCustomer> =
            if fields.is_empty() { None } else { Some(from_json("customer", Value::Object(fields))?) };
        Ok(AuditEntry { inner: self.inner.create_and_map(uuid_arg(pending_id)?.into(), input, actor).py()? })
    }

    /// P4: takes an open record out of the queue, keeping it and its orders.
    #[pyo3(signature = (pending_id, *, actor=None))]
    fn ignore_pending(&self, pending_id: &Bound<'_, PyAny>, actor: Option<&str>) -> PyResult<AuditEntry> {
        Ok(AuditEntry { inner: self.inner.ignore_pending(uuid_arg(pending_id)?.into(), actor).py()? })
    }

    /// P5: points the key (business name + email) at another customer and moves its orders.
    #[pyo3(signature = (business_name, email, customer_id, *, actor=None))]
    fn remap(
        &self,
        business_name: &str,
        email: &str,
        customer_id: &Bound<'_, PyAny>,
        actor: Option<&str>,
    ) -> PyResult<AuditEntry> {
        Ok(AuditEntry { inner: self.inner.remap(business_name, email, uuid_arg(customer_id)?.into(), actor).py()? })
    }

    /// P5: every mapping of a key to a customer.
    fn mappings(&self) -> PyResult<Vec<Mapping>> {
        Ok(self.inner.mappings().py()?.into_iter().map(|inner| Mapping { inner }).collect())
    }

    /// P4/P5: every review action, oldest first.
    fn audit_trail(&self) -> PyResult<Vec<AuditEntry>> {
        Ok(self.inner.audit_trail().py()?.into_iter().map(|inner| AuditEntry { inner }).collect())
    }

    /// P8: ranked candidate customers for a pending record; never maps anything.
    fn suggest_customers(&self, pending_id: &Bound<'_, PyAny>) -> PyResult<Vec<Suggestion>> {
        let found = self.inner.suggest_customers(uuid_arg(pending_id)?.into()).py()?;
        Ok(found.into_iter().map(|inner| Suggestion { inner }).collect())
    }

    /// One order.
    fn get_order(&self, order_id: &Bound<'_, PyAny>) -> PyResult<Order> {
        Ok(Order { inner: self.inner.get_order(uuid_arg(order_id)?.into()).py()? })
    }

    /// A customer's orders, oldest first.
    fn customer_orders(&self, customer_id: &Bound<'_, PyAny>) -> PyResult<Vec<Order>> {
        let orders = self.inner.customer_orders(uuid_arg(customer_id)?.into()).py()?;
        Ok(orders.into_iter().map(|inner| Order { inner }).collect())
    }

    /// P6: marks an order invoiced (``CUSTOMER_MAPPING_REQUIRED`` while on the placeholder).
    fn invoice_order(&self, order_id: &Bound<'_, PyAny>) -> PyResult<Order> {
        Ok(Order { inner: self.inner.invoice_order(uuid_arg(order_id)?.into()).py()? })
    }

    /// P6: the order, ready for an accounting sync (``CUSTOMER_MAPPING_REQUIRED`` while on the placeholder).
    fn order_for_sync(&self, order_id: &Bound<'_, PyAny>) -> PyResult<Order> {
        Ok(Order { inner: self.inner.order_for_sync(uuid_arg(order_id)?.into()).py()? })
    }

    fn __repr__(&self) -> PyResult<String> {
        Ok(format!("Workspace(name='{}')", self.inner.settings().py()?.name))
    }
}

/// N1: the normalised business name.
#[pyfunction]
fn normalize_name(name: &str) -> String {
    core::normalize_name(name)
}

/// N1: the normalised email.
#[pyfunction]
fn normalize_email(email: &str) -> String {
    core::normalize_email(email)
}

/// C5: case- and accent-insensitive folding, as search uses.
#[pyfunction]
fn search_fold(text: &str) -> String {
    core::search_fold(text)
}

/// L3: the canonical link code in a URL or code (ValidationError ``LINK_MALFORMED``).
#[pyfunction]
fn parse_link_code(code_or_url: &str) -> PyResult<String> {
    Ok(core::LinkCode::parse(code_or_url).py()?.as_str().to_owned())
}

#[pymodule]
fn _orderlink(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyWorkspace>()?;
    m.add_class::<PyManualClock>()?;
    types::register(m)?;
    types::register_pending(m)?;
    m.add_function(wrap_pyfunction!(normalize_name, m)?)?;
    m.add_function(wrap_pyfunction!(normalize_email, m)?)?;
    m.add_function(wrap_pyfunction!(search_fold, m)?)?;
    m.add_function(wrap_pyfunction!(parse_link_code, m)?)?;
    Ok(())
}
