//! `Workspace` and `ManualClock`: every call reads its arguments, asks the core, and wraps the
//! answer. The core decides everything.

use crate::convert::{
    decimal_arg, duration, flag, from_dict, from_dict_in, given_json, id, ids, kwargs_json, opt_text,
    patch_from_kwargs, price_entries, text, texts, to_json, utc, whole,
};
use crate::error::{call, invalid};
use crate::messages::{
    activity_kind, message_spec, ActivityEvent, ActivitySummary, BulkSendPlan, Delivery, Message, MessageTemplate,
};
use crate::pending::{AuditEntry, IntakeOutcome, Mapping, Order, PendingBuyer, Suggestion};
use crate::pricing::{
    break_dicts, AmountCache, EffectiveSettings, MacroReport, PriceExplanation, PriceGroup, PriceSheet, Product,
    ResolvedPrice,
};
use crate::store::PyStore;
use crate::types::{
    ChallengeStart, Customer, CustomerPage, LinkDecision, LinkRotation, LinkTarget, SyncReport, VerificationLock,
    VerificationLockEvent, VerifiedSession, WorkspaceSettings,
};
use chrono::{DateTime, Datelike, Utc};
use orderlink as core;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// A clock that moves only when told to, for tests and examples: expiry windows are tested
/// without sleeping. Give it to ``Workspace(..., clock=...)``; the workspace shares it.
///
/// >>> import datetime, orderlink
/// >>> clock = orderlink.ManualClock(datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
/// >>> clock.advance(300)
/// >>> clock.now().isoformat()
/// '2026-01-01T00:05:00+00:00'
#[pyclass(frozen, name = "ManualClock", module = "orderlink")]
pub struct PyManualClock {
    inner: Arc<core::ManualClock>,
}

#[pymethods]
impl PyManualClock {
    /// A clock stopped at ``start`` (a time zone aware ``datetime``).
    #[new]
    fn new(start: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(PyManualClock { inner: Arc::new(core::ManualClock::new(utc(start, "start")?)) })
    }

    /// The clock's current time (aware UTC ``datetime``).
    fn now(&self) -> DateTime<Utc> {
        core::Clock::now(self.inner.as_ref())
    }

    /// Moves the clock by ``seconds`` (int or float; negative moves it back) or by a
    /// ``datetime.timedelta``.
    fn advance(&self, seconds: &Bound<'_, PyAny>) -> PyResult<()> {
        let by = duration(seconds, "seconds")?;
        // Python's datetime ends at year 9999 (and the core's clock would panic past chrono's
        // range): refuse a move that leaves it, rather than fail on every later read.
        let to = self.now().checked_add_signed(by);
        if !to.is_some_and(|t| (1..=9999).contains(&t.year())) {
            return Err(invalid("seconds", "the clock would leave the years 1 to 9999 that datetime can show"));
        }
        self.inner.advance(by);
        Ok(())
    }

    /// Sets the clock to ``to`` (a time zone aware ``datetime``).
    fn set(&self, to: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inner.set(utc(to, "to")?);
        Ok(())
    }

    fn __repr__(&self) -> String {
        format!("ManualClock('{}')", self.now().to_rfc3339())
    }
}

/// One supplier's workspace: customers, their order links, who may use a link, and what
/// contacts sync locks. Kept in ``store`` (a :class:`SqliteStore` file, say; a new
/// :class:`MemoryStore` when not given), which must hold no workspace yet: ConflictError
/// ``WORKSPACE_EXISTS`` otherwise (open that one with :meth:`Workspace.open`).
///
/// Settings are keywords: ``base_url`` and ``currency`` (the core's defaults when None),
/// ``contacts_sync`` as ``{"enabled": bool, "connected": bool, "phone_mapped": bool}`` (missing
/// keys are False), ``strict_security``, ``trial_expired``, ``unique_names``, and ``defaults``,
/// the ST1 order defaults customers inherit: ``{"order_template": ..., "checkout_mode": ...,
/// "freight": {...}, "card_payments_ready": bool}`` (missing keys are None / False), and
/// ``verification``, the A3 challenge policy: ``{"options_shown": 4, "rounds": 1,
/// "max_challenges": 5, "window_secs": 3600, "lockout_after_failures": 3, "lockout_secs": 86400,
/// "challenge_ttl_secs": 600, "session_ttl_secs": 43200}`` (missing keys take these defaults).
///
/// ``seed`` is for tests and examples only: it draws ids and link codes from a seeded CSPRNG
/// so runs repeat, which makes every link guessable by anyone who knows the seed. Without it
/// the operating system's CSPRNG is used. ``clock`` takes a :class:`ManualClock`; without it
/// the system clock is used.
///
/// >>> import orderlink
/// >>> ws = orderlink.Workspace("Harbour Foods", base_url="https://shop.example")
/// >>> deli = ws.create_customer("Corner Deli", email="orders@deli.example")
/// >>> ws.open_link(ws.link_url(deli.id)).greeting
/// 'Welcome back, Corner Deli'
#[pyclass(frozen, name = "Workspace", module = "orderlink")]
pub struct PyWorkspace {
    pub(crate) inner: core::Workspace,
    /// W1: the workspace's id in its store (it never changes, so it is read once).
    id: uuid::Uuid,
    /// The Decimals of resolved amounts, shared between price sheets (pricing.rs).
    amounts: Mutex<AmountCache>,
}

/// The keywords `update_settings` takes: the constructor's, less `seed`, `clock` and `store`.
const SETTING_KEYWORDS: [&str; 10] = [
    "name",
    "base_url",
    "currency",
    "contacts_sync",
    "strict_security",
    "trial_expired",
    "unique_names",
    "defaults",
    "import_limits",
    "verification",
];

/// Whose price: a customer's by id, or the workspace link's when `None` (PR2).
fn price_for(customer_id: &Bound<'_, PyAny>) -> PyResult<core::PriceFor> {
    if customer_id.is_none() {
        return Ok(core::PriceFor::WorkspaceLink);
    }
    Ok(core::PriceFor::Customer(id(customer_id, "customer_id")?))
}

/// PR5/PR6: the quantity (default 1) and instant (default: the clock's now) asked about.
fn price_query(qty: Option<&Bound<'_, PyAny>>, at: Option<&Bound<'_, PyAny>>) -> PyResult<core::PriceQuery> {
    let mut query = core::PriceQuery::default();
    if let Some(q) = qty.filter(|q| !q.is_none()) {
        query.qty = decimal_arg(q, "qty")?;
    }
    if let Some(t) = at.filter(|t| !t.is_none()) {
        query.at = Some(utc(t, "at")?);
    }
    Ok(query)
}

/// An optional list of SKUs: absent or `None` means every product.
fn opt_skus(skus: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<String>>> {
    skus.filter(|s| !s.is_none()).map(|s| texts(s, "skus")).transpose()
}

/// Time and randomness from the `seed` and `clock` keywords: a seeded CSPRNG (tests only) or
/// the OS's; a `ManualClock` or the system clock.
pub(crate) fn env(seed: Option<&Bound<'_, PyAny>>, clock: Option<&Bound<'_, PyAny>>) -> PyResult<core::Env> {
    let random: Arc<dyn core::RandomSource> = match seed.filter(|s| !s.is_none()) {
        Some(s) => Arc::new(core::SeededRandom::new(whole(s, "seed")?)),
        None => Arc::new(core::OsRandom),
    };
    let clock: Arc<dyn core::Clock> = match clock.filter(|c| !c.is_none()) {
        Some(c) => c
            .cast::<PyManualClock>()
            .map_err(|_| invalid("clock", "expected an orderlink.ManualClock"))?
            .get()
            .inner
            .clone(),
        None => Arc::new(core::SystemClock),
    };
    Ok(core::Env::new(clock, random))
}

/// W1: the settings of a new workspace from its name and the constructor's setting keywords
/// (`None` values are the core's defaults), for `Store.create_workspace`.
pub(crate) fn new_workspace_settings(
    name: &Bound<'_, PyAny>,
    settings: Option<&Bound<'_, PyDict>>,
) -> PyResult<core::NewWorkspace> {
    const WHAT: &str = "workspace settings";
    let mut fields = kwargs_json(settings, WHAT)?;
    fields.retain(|_, v| !v.is_null());
    if let Some(key) = fields.keys().find(|k| *k == "name" || !SETTING_KEYWORDS.contains(&k.as_str())) {
        let expected = SETTING_KEYWORDS[1..].join(", ");
        return Err(invalid(WHAT, format!("unknown keyword '{key}'; expected one of {expected}, seed, clock")));
    }
    fields.insert("name".into(), to_json(name, WHAT, "name")?);
    from_dict(WHAT, &core::NewWorkspace::named("sample"), fields)
}

impl PyWorkspace {
    /// Wraps a core workspace, reading its id once.
    pub(crate) fn wrap(inner: core::Workspace) -> PyResult<PyWorkspace> {
        let id = call(|| inner.id())?.0;
        Ok(PyWorkspace { inner, id, amounts: Mutex::default() })
    }
}

fn customer(inner: core::Customer) -> Customer {
    Customer { inner }
}

#[pymethods]
impl PyWorkspace {
    #[new]
    #[pyo3(
        signature = (name, *, base_url=None, currency=None, contacts_sync=None, strict_security=None,
                     trial_expired=None, unique_names=None, defaults=None, import_limits=None, verification=None,
                     seed=None, clock=None, store=None),
        text_signature = "(name, *, base_url=None, currency=None, contacts_sync=None, strict_security=False, \
                          trial_expired=False, unique_names=False, defaults=None, import_limits=None, \
                          verification=None, seed=None, clock=None, store=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        name: &Bound<'_, PyAny>,
        base_url: Option<&Bound<'_, PyAny>>,
        currency: Option<&Bound<'_, PyAny>>,
        contacts_sync: Option<&Bound<'_, PyAny>>,
        strict_security: Option<&Bound<'_, PyAny>>,
        trial_expired: Option<&Bound<'_, PyAny>>,
        unique_names: Option<&Bound<'_, PyAny>>,
        defaults: Option<&Bound<'_, PyAny>>,
        import_limits: Option<&Bound<'_, PyAny>>,
        verification: Option<&Bound<'_, PyAny>>,
        seed: Option<&Bound<'_, PyAny>>,
        clock: Option<&Bound<'_, PyAny>>,
        store: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        const WHAT: &str = "workspace settings";
        let mut fields = given_json(
            &[
                ("base_url", base_url),
                ("currency", currency),
                ("contacts_sync", contacts_sync),
                ("strict_security", strict_security),
                ("trial_expired", trial_expired),
                ("unique_names", unique_names),
                ("defaults", defaults),
                ("import_limits", import_limits),
                ("verification", verification),
            ],
            WHAT,
        )?;
        fields.insert("name".into(), to_json(name, WHAT, "name")?);
        let settings: core::NewWorkspace = from_dict(WHAT, &core::NewWorkspace::named("sample"), fields)?;
        let store = match store.filter(|s| !s.is_none()) {
            Some(s) => PyStore::of(s)?,
            None => Arc::new(core::MemoryStore::new()),
        };
        let env = env(seed, clock)?;
        let inner = call(|| core::Workspace::create(store, env, settings))?;
        PyWorkspace::wrap(inner)
    }

    /// Opens the workspace a store already holds (a file written before, say); ``clock`` and
    /// ``seed`` as for the constructor. NotFoundError ``WORKSPACE_NOT_FOUND`` when the store
    /// is empty.
    ///
    /// >>> store = orderlink.MemoryStore()
    /// >>> _ = orderlink.Workspace("Harbour Foods", store=store)
    /// >>> orderlink.Workspace.open(store).settings.name
    /// 'Harbour Foods'
    #[staticmethod]
    #[pyo3(signature = (store, *, seed=None, clock=None))]
    fn open(
        store: &Bound<'_, PyAny>,
        seed: Option<&Bound<'_, PyAny>>,
        clock: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let store = PyStore::of(store)?;
        let env = env(seed, clock)?;
        let inner = call(|| core::Workspace::open(store, env))?;
        PyWorkspace::wrap(inner)
    }

    /// W1: this workspace's id in its store (a ``uuid.UUID``): what
    /// :meth:`Store.workspace` opens it by.
    #[getter]
    fn id(&self) -> uuid::Uuid {
        self.id
    }

    /// The current settings (a snapshot; change them with :meth:`update_settings`).
    #[getter]
    fn settings(&self) -> PyResult<WorkspaceSettings> {
        Ok(WorkspaceSettings { inner: call(|| self.inner.settings())? })
    }

    /// Changes settings by keyword: ``name``, ``base_url``, ``currency``, ``contacts_sync``,
    /// ``strict_security``, ``trial_expired``, ``unique_names``, ``defaults`` (ST1, replaced
    /// whole), ``import_limits``, ``verification`` (A3; only the keys given change, e.g.
    /// ``verification={"options_shown": 6, "rounds": 2}``). Every value is checked before anything is saved; an unknown keyword is a
    /// ValidationError ``INVALID_ARGUMENT``.
    ///
    /// >>> ws.update_settings(trial_expired=True).trial_expired
    /// True
    #[pyo3(signature = (**changes))]
    fn update_settings(&self, changes: Option<&Bound<'_, PyDict>>) -> PyResult<WorkspaceSettings> {
        const WHAT: &str = "workspace settings";
        let changes = kwargs_json(changes, WHAT)?;
        if let Some(key) = changes.keys().find(|k| !SETTING_KEYWORDS.contains(&k.as_str())) {
            return Err(invalid(
                WHAT,
                format!("unknown keyword '{key}'; expected one of {}", SETTING_KEYWORDS.join(", ")),
            ));
        }
        let patch: core::SettingsPatch = patch_from_kwargs(WHAT, changes)?;
        Ok(WorkspaceSettings { inner: call(|| self.inner.update_settings(patch))? })
    }

    /// C1–C4, L1: creates a customer with a fresh, permanent link code. Text is trimmed and
    /// blank optional text means absent. ``order_template`` is ``"ecommerce"`` or
    /// ``"quantity_grid"``; ``checkout_mode`` ``"pay_now"``, ``"pay_later"`` or ``"inherit"``;
    /// ``freight`` a dict such as ``{"kind": "flat_rate", "amount": Decimal("9.50")}``;
    /// ``managed_by`` a user id. Refused with ContactsSyncError ``SOURCE_OF_TRUTH_EXTERNAL``
    /// while contacts sync is active (S2).
    ///
    /// >>> ws.create_customer("Corner Deli", code="C-1", email="Orders@Deli.EXAMPLE").email
    /// 'Orders@deli.example'
    #[pyo3(
        signature = (name, *, code=None, email=None, phone=None, contact=None, active=None,
                     order_web_blocked=None, price_group=None, order_template=None, checkout_mode=None,
                     freight=None, managed_by=None, tags=None),
        text_signature = "(self, name, *, code=None, email=None, phone=None, contact=None, active=True, \
                          order_web_blocked=False, price_group=None, order_template=None, checkout_mode=None, \
                          freight=None, managed_by=None, tags=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn create_customer(
        &self,
        name: &Bound<'_, PyAny>,
        code: Option<&Bound<'_, PyAny>>,
        email: Option<&Bound<'_, PyAny>>,
        phone: Option<&Bound<'_, PyAny>>,
        contact: Option<&Bound<'_, PyAny>>,
        active: Option<&Bound<'_, PyAny>>,
        order_web_blocked: Option<&Bound<'_, PyAny>>,
        price_group: Option<&Bound<'_, PyAny>>,
        order_template: Option<&Bound<'_, PyAny>>,
        checkout_mode: Option<&Bound<'_, PyAny>>,
        freight: Option<&Bound<'_, PyAny>>,
        managed_by: Option<&Bound<'_, PyAny>>,
        tags: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Customer> {
        const WHAT: &str = "customer";
        let mut fields = given_json(
            &[
                ("code", code),
                ("email", email),
                ("phone", phone),
                ("contact", contact),
                ("active", active),
                ("order_web_blocked", order_web_blocked),
                ("price_group", price_group),
                ("order_template", order_template),
                ("checkout_mode", checkout_mode),
                ("freight", freight),
                ("managed_by", managed_by),
                ("tags", tags),
            ],
            WHAT,
        )?;
        fields.insert("name".into(), to_json(name, WHAT, "name")?);
        let input: core::NewCustomer = from_dict(WHAT, &core::NewCustomer::named("sample"), fields)?;
        Ok(customer(call(|| self.inner.create_customer(input))?))
    }

    /// C1–C4, S1: changes the fields given by keyword (the names of :meth:`create_customer`).
    /// A keyword given as None clears an optional field; a keyword left out is kept. Fields
    /// locked by contacts sync raise ContactsSyncError ``FIELD_LOCKED``; an unknown keyword is
    /// a ValidationError ``INVALID_ARGUMENT``.
    ///
    /// >>> ws.update_customer(deli.id, phone="+61 2 5550 1234", email=None).email is None
    /// True
    #[pyo3(signature = (customer_id, **changes))]
    fn update_customer(
        &self,
        customer_id: &Bound<'_, PyAny>,
        changes: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Customer> {
        const WHAT: &str = "customer update";
        let id = id::<core::CustomerId>(customer_id, "customer_id")?;
        let patch: core::CustomerPatch = patch_from_kwargs(WHAT, kwargs_json(changes, WHAT)?)?;
        Ok(customer(call(|| self.inner.update_customer(id, patch))?))
    }

    /// One customer by id (``uuid.UUID`` or str); NotFoundError ``CUSTOMER_NOT_FOUND`` if none.
    fn get_customer(&self, customer_id: &Bound<'_, PyAny>) -> PyResult<Customer> {
        let customer_id = id(customer_id, "customer_id")?;
        Ok(customer(call(|| self.inner.get_customer(customer_id))?))
    }

    /// C7: deletes a customer that has no orders. One with orders is refused with
    /// ConflictError ``CUSTOMER_HAS_ORDERS``: deactivate it instead (``active=False``).
    fn delete_customer(&self, customer_id: &Bound<'_, PyAny>) -> PyResult<()> {
        let customer_id = id(customer_id, "customer_id")?;
        call(|| self.inner.delete_customer(customer_id))
    }

    /// C5, C6: one page of customers and the total matching.
    ///
    /// ``filter`` is ``"active"`` (default), ``"inactive"`` or ``"all"``; ``search`` matches
    /// name, code, email, phone or contact without case or accents; ``sort`` is a grid column
    /// (name, code, email, phone, contact, active, order_web_access, orders, amount,
    /// last_order, created_at); ``guest`` is a user id, who then sees only the customers it
    /// manages. ``tag`` keeps customers with that tag (without case); ``kind`` is ``"lead"``
    /// (no placed order yet) or ``"customer"``; ``address`` is the advanced search, a
    /// substring of any field of any of the customer's addresses. ``count_limit`` (W4) counts
    /// matches only up to that many, so a page of a large workspace costs what the page
    /// needs: past it ``total`` is ``count_limit`` and ``total_exact`` is ``False`` (the
    /// items are the right page either way); ``None`` (the default) counts every match.
    ///
    /// >>> [c.name for c in ws.list_customers(search="DELI", sort="created_at", descending=True)]
    /// ['Corner Deli']
    #[pyo3(
        signature = (*, filter=None, search=None, sort=None, descending=None, offset=None, limit=None, guest=None,
                     tag=None, kind=None, address=None, count_limit=None),
        text_signature = "(self, *, filter='active', search=None, sort='name', descending=False, offset=0, limit=50, \
                          guest=None, tag=None, kind=None, address=None, count_limit=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn list_customers(
        &self,
        filter: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        descending: Option<&Bound<'_, PyAny>>,
        offset: Option<&Bound<'_, PyAny>>,
        limit: Option<&Bound<'_, PyAny>>,
        guest: Option<&Bound<'_, PyAny>>,
        tag: Option<&Bound<'_, PyAny>>,
        kind: Option<&Bound<'_, PyAny>>,
        address: Option<&Bound<'_, PyAny>>,
        count_limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<CustomerPage> {
        let query = customer_query(
            "list query",
            &[
                ("filter", filter),
                ("search", search),
                ("sort", sort),
                ("descending", descending),
                ("offset", offset),
                ("limit", limit),
                ("tag", tag),
                ("kind", kind),
                ("address", address),
                ("count_limit", count_limit),
            ],
            guest,
        )?;
        Ok(CustomerPage { inner: call(|| self.inner.list_customers(&query))? })
    }

    /// S1: the fields of this customer that may be edited locally now, in grid order.
    fn editable_fields(&self, customer_id: &Bound<'_, PyAny>) -> PyResult<Vec<&'static str>> {
        let customer_id = id(customer_id, "customer_id")?;
        let fields = call(|| self.inner.editable_fields(customer_id))?;
        Ok(fields.into_iter().map(core::CustomerField::as_str).collect())
    }

    /// S3: upserts contacts from the external system by ``external_id``, all or nothing. Each
    /// record is a dict with ``external_id`` and ``name``, and optionally ``code``, ``email``,
    /// ``phone``, ``contact`` and ``active`` (default True). New contacts get link codes;
    /// ``order_web_blocked`` is never touched. ContactsSyncError ``SYNC_NOT_ACTIVE`` unless
    /// sync is enabled and connected.
    ///
    /// >>> synced = orderlink.Workspace("Harbour Foods", contacts_sync={"enabled": True, "connected": True})
    /// >>> report = synced.apply_contacts_sync([{"external_id": "xero-1", "name": "Pier Seafood"}])
    /// >>> len(report.created), synced.get_customer(report.created[0]).external_id
    /// (1, 'xero-1')
    fn apply_contacts_sync(&self, records: &Bound<'_, PyAny>) -> PyResult<SyncReport> {
        const WHAT: &str = "sync records";
        if !(records.is_instance_of::<PyList>() || records.is_instance_of::<PyTuple>()) {
            return Err(invalid(WHAT, "expected a list of dicts"));
        }
        let sample = core::SyncRecord::new("sample", "sample");
        let mut read = Vec::new();
        for (i, record) in records.try_iter()?.enumerate() {
            let record = record?;
            let record = record.cast::<PyDict>().map_err(|_| invalid(WHAT, format!("record {i} is not a dict")))?;
            let fields = kwargs_json(Some(record), WHAT)?;
            read.push(from_dict_in(WHAT, &format!("record {i}: "), &sample, fields)?);
        }
        Ok(SyncReport { inner: call(|| self.inner.apply_contacts_sync(&read))? })
    }

    /// L3: the customer's order link, ``{base_url}/order/{code}``.
    fn link_url(&self, customer_id: &Bound<'_, PyAny>) -> PyResult<String> {
        let customer_id = id(customer_id, "customer_id")?;
        call(|| self.inner.link_url(customer_id))
    }

    /// L3: the workspace's public order link.
    fn workspace_link_url(&self) -> PyResult<String> {
        call(|| self.inner.workspace_link_url())
    }

    /// L3, L4: what a link (URL or bare code, any case) points at. Malformed input raises
    /// ValidationError ``LINK_MALFORMED`` before anything is looked up.
    fn resolve_link(&self, code_or_url: &Bound<'_, PyAny>) -> PyResult<LinkTarget> {
        let code_or_url = text(code_or_url, "code_or_url")?;
        Ok(LinkTarget { inner: call(|| self.inner.resolve_link(&code_or_url))? })
    }

    /// A1–A4: what opening this link allows. ``session_token`` is the token of a passed
    /// verification (A3) if the buyer's browser holds one.
    #[pyo3(signature = (code_or_url, session_token=None))]
    fn open_link(
        &self,
        code_or_url: &Bound<'_, PyAny>,
        session_token: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<LinkDecision> {
        let token = opt_text(session_token, "session_token")?;
        let code_or_url = text(code_or_url, "code_or_url")?;
        let decision = call(|| self.inner.open_link(&code_or_url, token.as_deref()))?;
        Ok(LinkDecision { inner: decision })
    }

    /// A3: starts a strict-mode email challenge for a customer link: the code word(s) to email
    /// and the pictures to show, as the workspace's ``verification`` policy sets them.
    /// AccessError ``NO_EMAIL_ON_FILE`` without an email, ``VERIFICATION_LOCKED`` while the
    /// link is locked, ``RATE_LIMITED`` past the limit, ``VERIFICATION_NOT_REQUIRED`` when
    /// strict mode is off.
    fn start_verification(&self, code_or_url: &Bound<'_, PyAny>) -> PyResult<ChallengeStart> {
        let code_or_url = text(code_or_url, "code_or_url")?;
        Ok(ChallengeStart { inner: call(|| self.inner.start_verification(&code_or_url))? })
    }

    /// A3: checks the buyer's pick: a ``str``, or with a several-round policy a list of ``str``,
    /// one pick per round in order. The challenge is used up whatever the answer: a wrong pick
    /// (in any round, or the wrong number of picks) raises AccessError ``VERIFICATION_FAILED``
    /// and the challenge then answers NotFoundError ``CHALLENGE_NOT_FOUND``; a late one
    /// ``CHALLENGE_EXPIRED`` (not counted as a failure). The failure that reaches the policy's
    /// ``lockout_after_failures``, and any answer while the link is locked, raise AccessError
    /// ``VERIFICATION_LOCKED``.
    ///
    /// >>> ws.update_settings(strict_security=True).strict_security
    /// True
    /// >>> start = ws.start_verification(ws.link_url(deli.id))
    /// >>> session = ws.complete_verification(start.challenge_id, start.code_word)
    /// >>> ws.open_link(ws.link_url(deli.id), session_token=session.token).may_submit
    /// True
    fn complete_verification(
        &self,
        challenge_id: &Bound<'_, PyAny>,
        picked: &Bound<'_, PyAny>,
    ) -> PyResult<VerifiedSession> {
        let challenge = id(challenge_id, "challenge_id")?;
        let session = if picked.is_instance_of::<pyo3::types::PyString>() {
            let picked = text(picked, "picked")?;
            call(|| self.inner.complete_verification(challenge, &picked))?
        } else {
            let picks = texts(picked, "picked")?;
            call(|| {
                let picks: Vec<&str> = picks.iter().map(String::as_str).collect();
                self.inner.complete_verification_rounds(challenge, &picks)
            })?
        };
        Ok(VerifiedSession { inner: session })
    }

    /// A3: the customer link's lockout state now: ``failures`` in a row since the last pass,
    /// lock or lift, and ``locked_until`` (None when the link is not locked).
    fn verification_lock(&self, customer_id: &Bound<'_, PyAny>) -> PyResult<VerificationLock> {
        let customer_id = id(customer_id, "customer_id")?;
        Ok(VerificationLock { inner: call(|| self.inner.verification_lock(customer_id))? })
    }

    /// A3: lifts the customer link's verification lock (and clears its failure count) so the
    /// buyer may start a challenge at once. Returns the audited event, or None when the link
    /// was not locked.
    #[pyo3(signature = (customer_id, *, by=None))]
    fn lift_verification_lock(
        &self,
        customer_id: &Bound<'_, PyAny>,
        by: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<VerificationLockEvent>> {
        let by = opt_text(by, "by")?;
        let customer_id = id(customer_id, "customer_id")?;
        let event = call(|| self.inner.lift_verification_lock(customer_id, by.as_deref()))?;
        Ok(event.map(|inner| VerificationLockEvent { inner }))
    }

    /// A3: the customer link's audited locks and lifts, oldest first.
    fn verification_lock_events(&self, customer_id: &Bound<'_, PyAny>) -> PyResult<Vec<VerificationLockEvent>> {
        let customer_id = id(customer_id, "customer_id")?;
        let events = call(|| self.inner.verification_lock_events(customer_id))?;
        Ok(events.into_iter().map(|inner| VerificationLockEvent { inner }).collect())
    }

    /// L5: gives a customer a new link code on purpose (a leaked link). The old code answers as
    /// unknown from then on and is never issued again; the rotation is audited.
    #[pyo3(signature = (customer_id, *, by=None, reason=None))]
    fn rotate_link(
        &self,
        customer_id: &Bound<'_, PyAny>,
        by: Option<&Bound<'_, PyAny>>,
        reason: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Customer> {
        let id = id(customer_id, "customer_id")?;
        let by = opt_text(by, "by")?;
        let reason = opt_text(reason, "reason")?;
        Ok(customer(call(|| self.inner.rotate_link(id, by.as_deref(), reason.as_deref()))?))
    }

    /// L5: the customer's link rotations, oldest first.
    fn link_rotations(&self, customer_id: &Bound<'_, PyAny>) -> PyResult<Vec<LinkRotation>> {
        let customer_id = id(customer_id, "customer_id")?;
        let trail = call(|| self.inner.link_rotations(customer_id))?;
        Ok(trail.into_iter().map(|inner| LinkRotation { inner }).collect())
    }

    // --- sending links and activity (B1, B2, AC1): result classes in messages.rs -------------

    /// B1: every message template: Default, Short and Friendly, then the workspace's own.
    fn message_templates(&self) -> PyResult<Vec<MessageTemplate>> {
        Ok(call(|| self.inner.message_templates())?.into_iter().map(|inner| MessageTemplate { inner }).collect())
    }

    /// B1: adds a template, or replaces the one of the same name (without case). It is checked
    /// now: a misspelt placeholder raises ValidationError ``TEMPLATE_PLACEHOLDER_UNKNOWN``
    /// naming it, a brace left open ``TEMPLATE_INVALID``. Placeholders: ``{customer_name}``,
    /// ``{contact_name}`` (the contact, else the customer's name), ``{customer_code}``,
    /// ``{workspace_name}``, ``{link_url}``; ``{{`` and ``}}`` are literal braces.
    ///
    /// >>> ws.set_message_template("Reminder", "Orders close Friday", "Hi {contact_name}: {link_url}").name
    /// 'Reminder'
    fn set_message_template(
        &self,
        name: &Bound<'_, PyAny>,
        subject: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
    ) -> PyResult<MessageTemplate> {
        let (name, subject, body) = (text(name, "name")?, text(subject, "subject")?, text(body, "body")?);
        Ok(MessageTemplate { inner: call(|| self.inner.set_message_template(&name, &subject, &body))? })
    }

    /// B1: removes a workspace template; NotFoundError ``TEMPLATE_NOT_FOUND`` if there is none,
    /// ValidationError ``TEMPLATE_INVALID`` for a built-in.
    fn remove_message_template(&self, name: &Bound<'_, PyAny>) -> PyResult<()> {
        let name = text(name, "name")?;
        call(|| self.inner.remove_message_template(&name))
    }

    /// B1, B2: the message for one customer, to show and edit before sending: the template's
    /// subject and body (``subject`` and ``body`` replace them; their placeholders are filled
    /// too) for this customer, workspace and link. Writes nothing: call
    /// :meth:`record_delivery` once it is sent. ValidationError ``EMAIL_REQUIRED`` when the
    /// customer has no email; NotFoundError ``TEMPLATE_NOT_FOUND`` for an unknown template.
    ///
    /// >>> ws.render_message(deli.id, subject="Hello {customer_name}").subject
    /// 'Hello Corner Deli'
    #[pyo3(
        signature = (customer_id, template=None, subject=None, body=None),
        text_signature = "(self, customer_id, template='Default', subject=None, body=None)"
    )]
    fn render_message(
        &self,
        customer_id: &Bound<'_, PyAny>,
        template: Option<&Bound<'_, PyAny>>,
        subject: Option<&Bound<'_, PyAny>>,
        body: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Message> {
        let spec = message_spec(template, subject, body)?;
        let customer_id = id(customer_id, "customer_id")?;
        Ok(Message { inner: call(|| self.inner.render_message(customer_id, &spec))? })
    }

    /// B2: records that a message from :meth:`render_message` was sent now, so "last sent"
    /// shows it.
    ///
    /// >>> ws.record_delivery(ws.render_message(deli.id)).template
    /// 'Default'
    fn record_delivery(&self, message: &Bound<'_, PyAny>) -> PyResult<Delivery> {
        let message = message.cast::<Message>().map_err(|_| invalid("message", "expected an orderlink.Message"))?;
        let message = &message.get().inner;
        Ok(Delivery { inner: call(|| self.inner.record_delivery(message))? })
    }

    /// B2: the messages of a bulk send over ``customer_ids`` (at most 300, else ValidationError
    /// ``BULK_SEND_TOO_LARGE`` and nothing is built). Customers without email, inactive ones
    /// (unless ``filter``, the grid's filter the selection was made under, is ``"all"``) and
    /// ones with order web blocked are skipped, each listed with its reason; an id given twice
    /// gets one message. A delivery is recorded for every message. ``template``, ``subject`` and
    /// ``body`` as for :meth:`render_message`.
    #[pyo3(
        signature = (customer_ids, *, filter=None, template=None, subject=None, body=None),
        text_signature = "(self, customer_ids, *, filter='active', template='Default', subject=None, body=None)"
    )]
    fn plan_bulk_send(
        &self,
        customer_ids: &Bound<'_, PyAny>,
        filter: Option<&Bound<'_, PyAny>>,
        template: Option<&Bound<'_, PyAny>>,
        subject: Option<&Bound<'_, PyAny>>,
        body: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<BulkSendPlan> {
        let ids = ids(customer_ids, "customer_ids")?;
        let filter = customer_query("bulk send", &[("filter", filter)], None)?.filter;
        let spec = message_spec(template, subject, body)?;
        Ok(BulkSendPlan { inner: call(|| self.inner.plan_bulk_send(&ids, filter, &spec))? })
    }

    /// B2: "last sent": the newest delivery of each of these customers that has one, as a dict
    /// keyed by customer id (``uuid.UUID``), in the order asked.
    ///
    /// >>> plan = ws.plan_bulk_send([deli.id])
    /// >>> ws.last_sent([deli.id])[deli.id].at == plan.at
    /// True
    fn last_sent<'py>(&self, py: Python<'py>, customer_ids: &Bound<'_, PyAny>) -> PyResult<Bound<'py, PyDict>> {
        let customer_ids = ids(customer_ids, "customer_ids")?;
        let found = call(|| self.inner.last_sent(&customer_ids))?;
        let out = PyDict::new(py);
        for inner in found {
            out.set_item(inner.customer_id.0, Delivery { inner })?;
        }
        Ok(out)
    }

    /// B2: every delivery of one customer, oldest first.
    fn deliveries(&self, customer_id: &Bound<'_, PyAny>) -> PyResult<Vec<Delivery>> {
        let customer_id = id(customer_id, "customer_id")?;
        let found = call(|| self.inner.deliveries(customer_id))?;
        Ok(found.into_iter().map(|inner| Delivery { inner }).collect())
    }

    /// AC1: records what a buyer just did on the portal, at the workspace clock's time:
    /// ``kind`` is ``"link_opened"``, ``"confirmation_passed"``, ``"verification_passed"``,
    /// ``"checkout_started"`` or ``"order_submitted"``.
    ///
    /// >>> ws.record_activity(deli.id, "checkout_started").kind
    /// 'checkout_started'
    fn record_activity(&self, customer_id: &Bound<'_, PyAny>, kind: &Bound<'_, PyAny>) -> PyResult<ActivityEvent> {
        let (id, kind) = (id(customer_id, "customer_id")?, activity_kind(kind)?);
        Ok(ActivityEvent { inner: call(|| self.inner.record_activity(id, kind))? })
    }

    /// AC1: engagement from ``start`` until (not including) ``end`` (aware ``datetime``): the
    /// five counters, and per customer its last click, views, a 7-day daily trend (the range's
    /// last 7 UTC days) and furthest step, and whether it stalled. ``filter`` (default
    /// ``"all"``), ``search`` and ``guest`` select customers as :meth:`list_customers` does.
    #[pyo3(
        signature = (start, end, *, filter=None, search=None, guest=None),
        text_signature = "(self, start, end, *, filter='all', search=None, guest=None)"
    )]
    fn activity_summary(
        &self,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
        filter: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        guest: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<ActivitySummary> {
        let all = PyString::new(start.py(), "all").into_any();
        let filter = filter.filter(|f| !f.is_none()).unwrap_or(&all);
        let select = customer_query("activity query", &[("filter", Some(filter)), ("search", search)], guest)?;
        let query = core::ActivityQuery {
            start: utc(start, "start")?,
            end: utc(end, "end")?,
            filter: select.filter,
            search: select.search,
            viewer: select.viewer,
        };
        Ok(ActivitySummary { inner: call(|| self.inner.activity_summary(&query))? })
    }

    // --- pending buyers and orders (P1–P8) ----------------------------------------------------

    /// P1–P3: takes in an order placed through a link (URL or code). The order is given by
    /// keyword: ``number``, ``total`` (Decimal, int or str), and optionally ``placed_at`` (aware
    /// datetime; default now), ``status`` (``"draft"``, ``"confirmed"`` the default, or
    /// ``"invoiced"``) and ``lines`` (dicts with ``sku``, ``qty`` and optionally ``uom``, the
    /// unit of measure). On the workspace link, ``buyer`` is a dict with ``business_name``,
    /// ``email`` and optionally ``phone``. A link that may not submit is refused with its access
    /// code and nothing is written.
    ///
    /// >>> out = ws.intake_order(ws.workspace_link_url(), number="W-1", total=Decimal("42.00"),
    /// ...                       buyer={"business_name": "Pier Seafood", "email": "ap@pier.example"})
    /// >>> out.kind, out.new_record
    /// ('pending', True)
    #[pyo3(signature = (link, *, buyer=None, **order))]
    fn intake_order(
        &self,
        link: &Bound<'_, PyAny>,
        buyer: Option<&Bound<'_, PyAny>>,
        order: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<IntakeOutcome> {
        let sample = core::NewOrder::new("sample", rust_decimal::Decimal::ZERO);
        let order: core::NewOrder = from_dict("order", &sample, kwargs_json(order, "order")?)?;
        let buyer: Option<core::Buyer> = match buyer.filter(|b| !b.is_none()) {
            None => None,
            Some(b) => {
                let b =
                    b.cast::<PyDict>().map_err(|_| invalid("buyer", "expected a dict with business_name and email"))?;
                let sample = core::Buyer::new("sample", "sample@example.com");
                Some(from_dict("buyer", &sample, kwargs_json(Some(b), "buyer")?)?)
            }
        };
        let link = text(link, "link")?;
        Ok(IntakeOutcome { inner: call(|| self.inner.intake_order(&link, buyer.as_ref(), order))? })
    }

    /// P4: the open review queue, oldest first; every record with ``include_closed=True``.
    #[pyo3(signature = (*, include_closed=None), text_signature = "(self, *, include_closed=False)")]
    fn pending_buyers(&self, include_closed: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PendingBuyer>> {
        let include_closed = match include_closed.filter(|v| !v.is_none()) {
            None => false,
            Some(v) => crate::convert::flag(v, "include_closed")?,
        };
        let found = call(|| self.inner.pending_buyers(include_closed))?;
        Ok(found.into_iter().map(|inner| PendingBuyer { inner }).collect())
    }

    /// One pending record; NotFoundError ``PENDING_NOT_FOUND`` if none.
    fn get_pending(&self, pending_id: &Bound<'_, PyAny>) -> PyResult<PendingBuyer> {
        let pending_id = id(pending_id, "pending_id")?;
        Ok(PendingBuyer { inner: call(|| self.inner.get_pending(pending_id))? })
    }

    /// P4: maps an open record to an existing customer: its orders move from the placeholder to
    /// the customer and the key maps to the customer, atomically. Returns the audit entry.
    #[pyo3(signature = (pending_id, customer_id, *, actor=None))]
    fn map_pending(
        &self,
        pending_id: &Bound<'_, PyAny>,
        customer_id: &Bound<'_, PyAny>,
        actor: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<AuditEntry> {
        let (pending, customer) = (id(pending_id, "pending_id")?, id(customer_id, "customer_id")?);
        let actor = opt_text(actor, "actor")?;
        Ok(AuditEntry { inner: call(|| self.inner.map_pending(pending, customer, actor.as_deref()))? })
    }

    /// P4: creates a customer from the record (its name, email and phone) or from the keywords
    /// given (as for :meth:`create_customer`), and maps the record to it, atomically. Refused
    /// with ContactsSyncError ``SOURCE_OF_TRUTH_EXTERNAL`` while contacts sync is active (S2).
    #[pyo3(signature = (pending_id, *, actor=None, **customer))]
    fn create_and_map(
        &self,
        pending_id: &Bound<'_, PyAny>,
        actor: Option<&Bound<'_, PyAny>>,
        customer: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<AuditEntry> {
        let pending = id(pending_id, "pending_id")?;
        let actor = opt_text(actor, "actor")?;
        let fields = kwargs_json(customer, "customer")?;
        let input: Option<core::NewCustomer> = if fields.is_empty() {
            None
        } else {
            Some(from_dict("customer", &core::NewCustomer::named("sample"), fields)?)
        };
        Ok(AuditEntry { inner: call(|| self.inner.create_and_map(pending, input, actor.as_deref()))? })
    }

    /// P4: takes an open record out of the queue, keeping it, its orders and its audit trail.
    #[pyo3(signature = (pending_id, *, actor=None))]
    fn ignore_pending(&self, pending_id: &Bound<'_, PyAny>, actor: Option<&Bound<'_, PyAny>>) -> PyResult<AuditEntry> {
        let pending = id(pending_id, "pending_id")?;
        let actor = opt_text(actor, "actor")?;
        Ok(AuditEntry { inner: call(|| self.inner.ignore_pending(pending, actor.as_deref()))? })
    }

    /// P5: points the key (business name + email, normalised by N1) at another customer and
    /// moves the orders that came in under it.
    #[pyo3(signature = (business_name, email, customer_id, *, actor=None))]
    fn remap(
        &self,
        business_name: &Bound<'_, PyAny>,
        email: &Bound<'_, PyAny>,
        customer_id: &Bound<'_, PyAny>,
        actor: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<AuditEntry> {
        let (name, email) = (text(business_name, "business_name")?, text(email, "email")?);
        let customer = id(customer_id, "customer_id")?;
        let actor = opt_text(actor, "actor")?;
        Ok(AuditEntry { inner: call(|| self.inner.remap(&name, &email, customer, actor.as_deref()))? })
    }

    /// P5: every mapping of a key to a customer.
    fn mappings(&self) -> PyResult<Vec<Mapping>> {
        Ok(call(|| self.inner.mappings())?.into_iter().map(|inner| Mapping { inner }).collect())
    }

    /// P4, P5: every map, create-and-map, ignore and remap, oldest first.
    fn audit_trail(&self) -> PyResult<Vec<AuditEntry>> {
        Ok(call(|| self.inner.audit_trail())?.into_iter().map(|inner| AuditEntry { inner }).collect())
    }

    /// P8: customers to suggest for a pending record, best first (same key, same email, similar
    /// name). Never maps anything.
    fn suggest_customers(&self, pending_id: &Bound<'_, PyAny>) -> PyResult<Vec<Suggestion>> {
        let pending_id = id(pending_id, "pending_id")?;
        let found = call(|| self.inner.suggest_customers(pending_id))?;
        Ok(found.into_iter().map(|inner| Suggestion { inner }).collect())
    }

    /// One order; NotFoundError ``ORDER_NOT_FOUND`` if none.
    fn get_order(&self, order_id: &Bound<'_, PyAny>) -> PyResult<Order> {
        let order_id = id(order_id, "order_id")?;
        Ok(Order { inner: call(|| self.inner.get_order(order_id))? })
    }

    /// A customer's orders, oldest first.
    fn customer_orders(&self, customer_id: &Bound<'_, PyAny>) -> PyResult<Vec<Order>> {
        let customer_id = id(customer_id, "customer_id")?;
        let orders = call(|| self.inner.customer_orders(customer_id))?;
        Ok(orders.into_iter().map(|inner| Order { inner }).collect())
    }

    /// P6: marks an order invoiced; ConflictError ``CUSTOMER_MAPPING_REQUIRED`` while it is on
    /// the placeholder.
    fn invoice_order(&self, order_id: &Bound<'_, PyAny>) -> PyResult<Order> {
        let order_id = id(order_id, "order_id")?;
        Ok(Order { inner: call(|| self.inner.invoice_order(order_id))? })
    }

    /// P6: the order, ready for an accounting sync; ConflictError ``CUSTOMER_MAPPING_REQUIRED``
    /// while it is on the placeholder.
    fn order_for_sync(&self, order_id: &Bound<'_, PyAny>) -> PyResult<Order> {
        let order_id = id(order_id, "order_id")?;
        Ok(Order { inner: call(|| self.inner.order_for_sync(order_id))? })
    }

    // --- pricing and effective settings (PR1–PR4, ST1) ------------------------------------------

    /// PR1, PR2a: adds products, or replaces them by SKU, all or nothing. Each is a dict with
    /// ``sku`` and ``name``, and optionally ``uom`` (default ``"each"``), ``base_price``
    /// (``Decimal`` or str, excluding tax; None: no base price), ``active`` and ``in_stock``
    /// (default True) and ``allow_zero_price`` (default False). A negative price raises
    /// ValidationError ``PRICE_INVALID``; a zero one ``ZERO_PRICE_NOT_ALLOWED`` unless the
    /// product allows zero; a float ``INVALID_ARGUMENT`` (PR3: money is decimal).
    ///
    /// >>> ws.upsert_products([{"sku": "EGGS-12", "name": "Eggs", "base_price": Decimal("7.00")},
    /// ...                     {"sku": "SAMPLE", "name": "Taster", "base_price": "0", "allow_zero_price": True}])
    /// >>> [(p.sku, p.base_price) for p in ws.products()]
    /// [('EGGS-12', Decimal('7.00')), ('SAMPLE', Decimal('0'))]
    fn upsert_products(&self, products: &Bound<'_, PyAny>) -> PyResult<()> {
        const WHAT: &str = "products";
        if !(products.is_instance_of::<PyList>() || products.is_instance_of::<PyTuple>()) {
            return Err(invalid(WHAT, "expected a list of dicts"));
        }
        let sample = core::Product::new("sample", "sample", None);
        let mut read = Vec::new();
        for (i, product) in products.try_iter()?.enumerate() {
            let product = product?;
            let product = product.cast::<PyDict>().map_err(|_| invalid(WHAT, format!("product {i} is not a dict")))?;
            let fields = kwargs_json(Some(product), WHAT)?;
            read.push(from_dict_in(WHAT, &format!("product {i}: "), &sample, fields)?);
        }
        call(|| self.inner.upsert_products(read))
    }

    /// Every product, in SKU order.
    fn products(&self) -> PyResult<Vec<Product>> {
        Ok(call(|| self.inner.products())?.into_iter().map(|inner| Product { inner }).collect())
    }

    /// PR1, PR2, PR5, PR6: sets entries of the workspace default price list from a dict
    /// ``{sku: entry}``: a price (``Decimal`` or str; from any quantity, always), None (removes
    /// the SKU's entry), or quantity breaks: a list of ``{"min_qty", "price", "starts_at",
    /// "ends_at"}`` dicts (``min_qty`` defaults to 0; the window is optional, half-open, aware
    /// datetimes), or ``{"breaks": [...], "starts_at": ..., "ends_at": ...}`` for a window on
    /// the whole entry. Each entry replaces the SKU's entry whole. All or nothing: an unknown
    /// SKU raises NotFoundError ``PRODUCT_NOT_FOUND``; prices are checked as in
    /// :meth:`upsert_products`; breaks that cost more for more, repeat a minimum, or a window
    /// that ends before it starts raise ValidationError ``PRICE_INVALID``.
    ///
    /// >>> ws.upsert_products([{"sku": "FLOUR", "name": "Flour", "base_price": "6.00"}])
    /// >>> ws.set_default_prices({"FLOUR": [{"min_qty": 1, "price": "5.00"}, {"min_qty": 10, "price": "4.50"}]})
    /// >>> ws.resolve_price(None, "FLOUR", qty=12)
    /// ResolvedPrice(amount=Decimal('4.50'), tier='default_list')
    fn set_default_prices(&self, entries: &Bound<'_, PyAny>) -> PyResult<()> {
        let entries = price_entries(entries, "entries")?;
        call(|| self.inner.set_default_prices(&entries))
    }

    /// PR2a: creates a price group, or sets whether it is active (an inactive group is ignored:
    /// its customers fall back as if they had none). Names are compared without case.
    #[pyo3(signature = (name, active=None), text_signature = "(self, name, active=True)")]
    fn upsert_price_group(&self, name: &Bound<'_, PyAny>, active: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let active = active.filter(|a| !a.is_none()).map(|a| flag(a, "active")).transpose()?.unwrap_or(true);
        let name = text(name, "name")?;
        call(|| self.inner.upsert_price_group(&name, active))
    }

    /// Removes a price group and its prices; its customers fall back as if they had none.
    /// NotFoundError ``PRICE_GROUP_NOT_FOUND`` if there is no such group.
    fn remove_price_group(&self, name: &Bound<'_, PyAny>) -> PyResult<()> {
        let name = text(name, "name")?;
        call(|| self.inner.remove_price_group(&name))
    }

    /// Every price group.
    ///
    /// >>> ws.upsert_price_group("Trade")
    /// >>> ws.price_groups()
    /// [PriceGroup(name='Trade', active=True, entries=0)]
    fn price_groups(&self) -> PyResult<Vec<PriceGroup>> {
        Ok(call(|| self.inner.price_groups())?.into_iter().map(|inner| PriceGroup { inner }).collect())
    }

    /// PR1, PR5, PR6: sets entries in a group from a dict ``{sku: entry}``, as
    /// :meth:`set_default_prices` reads them (prices, None, or breaks with windows). All or
    /// nothing, checked the same way; NotFoundError ``PRICE_GROUP_NOT_FOUND`` for an unknown
    /// group.
    fn set_group_prices(&self, group: &Bound<'_, PyAny>, entries: &Bound<'_, PyAny>) -> PyResult<()> {
        let entries = price_entries(entries, "entries")?;
        let group = text(group, "group")?;
        call(|| self.inner.set_group_prices(&group, &entries))
    }

    /// PR2b, PR3: a bulk edit of a group's prices by ``macro``: ``"+10%"``, ``"-5%"``,
    /// ``"*1.15"``, ``"+2"`` or ``"-5"``, applied to each product's group price (every break,
    /// PR5), else its base price, and rounded to the currency's minor unit, half away from zero. ``skus`` limits it
    /// to those products. All or nothing: a malformed macro raises ValidationError
    /// ``PRICE_MACRO_INVALID``; a result below zero ``PRICE_INVALID``.
    ///
    /// >>> ws.upsert_products([{"sku": "EGGS-12", "name": "Eggs", "base_price": "19.99"}, {"sku": "CUSTOM", "name": "Quote"}])
    /// >>> ws.upsert_price_group("Trade")
    /// >>> ws.apply_price_macro("Trade", "+10%")
    /// MacroReport(changed=1, skipped=['CUSTOM'])
    /// >>> trade = ws.create_customer("Pier Seafood", price_group="Trade")
    /// >>> ws.resolve_price(trade.id, "EGGS-12")
    /// ResolvedPrice(amount=Decimal('21.99'), tier='group')
    #[pyo3(signature = (group, r#macro, skus=None))]
    fn apply_price_macro(
        &self,
        group: &Bound<'_, PyAny>,
        r#macro: &Bound<'_, PyAny>,
        skus: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<MacroReport> {
        let (group, text_of_macro, skus) = (text(group, "group")?, text(r#macro, "macro")?, opt_skus(skus)?);
        Ok(MacroReport { inner: call(|| self.inner.apply_price_macro(&group, &text_of_macro, skus.as_deref()))? })
    }

    /// PR1, PR2, PR5, PR6: one product's price for a customer (its group, else the default
    /// list, else the base price), or for the workspace link when ``customer_id`` is None (the
    /// default list, else the base price), for ``qty`` (default 1; ``Decimal``, int or str) at
    /// ``at`` (an aware datetime; default: the workspace clock's now). NotFoundError
    /// ``CUSTOMER_NOT_FOUND`` or ``PRODUCT_NOT_FOUND``; a quantity out of range ValidationError
    /// ``AMOUNT_OUT_OF_RANGE``.
    ///
    /// >>> ws.upsert_products([{"sku": "EGGS-12", "name": "Eggs", "base_price": "7.00"}])
    /// >>> ws.set_default_prices({"EGGS-12": "6.80"})
    /// >>> ws.resolve_price(deli.id, "EGGS-12")
    /// ResolvedPrice(amount=Decimal('6.80'), tier='default_list')
    #[pyo3(signature = (customer_id, sku, qty=None, at=None), text_signature = "(self, customer_id, sku, qty=1, at=None)")]
    fn resolve_price(
        &self,
        customer_id: &Bound<'_, PyAny>,
        sku: &Bound<'_, PyAny>,
        qty: Option<&Bound<'_, PyAny>>,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<ResolvedPrice> {
        let whose = price_for(customer_id)?;
        let sku = text(sku, "sku")?;
        let query = price_query(qty, at)?;
        Ok(ResolvedPrice { inner: call(|| self.inner.resolve_price_for(whose, &sku, &query))? })
    }

    /// PR4, PR5, PR6: every product's price for one buyer in one call, as a
    /// :class:`PriceSheet` (in SKU order), or only the ``skus`` listed (in their order), for
    /// ``qty`` at ``at`` as :meth:`resolve_price`; ``PriceSheet.breaks()`` gives each row's
    /// breaks (PR7). ``customer_id`` None means the workspace link. A SKU that is not a product
    /// raises NotFoundError ``PRODUCT_NOT_FOUND``.
    #[pyo3(signature = (customer_id, skus=None, qty=None, at=None), text_signature = "(self, customer_id, skus=None, qty=1, at=None)")]
    fn resolve_prices(
        &self,
        py: Python<'_>,
        customer_id: &Bound<'_, PyAny>,
        skus: Option<&Bound<'_, PyAny>>,
        qty: Option<&Bound<'_, PyAny>>,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PriceSheet> {
        let (whose, skus) = (price_for(customer_id)?, opt_skus(skus)?);
        let query = price_query(qty, at)?;
        let sheet = call(|| self.inner.resolve_prices_for(whose, skus.as_deref(), &query))?;
        // The sheet says which book version it was resolved from. Out of the lock while Python
        // objects are made, so no thread waits on it holding the GIL.
        let mut cache = std::mem::take(&mut *self.amount_cache());
        cache.for_version(sheet.book_version(), sheet.len());
        let made = PriceSheet::new(py, sheet, &mut cache);
        *self.amount_cache() = cache;
        made
    }

    /// PR4, PR5, PR6: the tier and break that won for ``qty`` at ``at`` (as
    /// :meth:`resolve_price`), why each higher tier did not apply, and the breaks that start
    /// later (``upcoming``), for admins and tests. ``customer_id`` None means the workspace
    /// link.
    #[pyo3(signature = (customer_id, sku, qty=None, at=None), text_signature = "(self, customer_id, sku, qty=1, at=None)")]
    fn explain_price(
        &self,
        customer_id: &Bound<'_, PyAny>,
        sku: &Bound<'_, PyAny>,
        qty: Option<&Bound<'_, PyAny>>,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PriceExplanation> {
        let whose = price_for(customer_id)?;
        let sku = text(sku, "sku")?;
        let query = price_query(qty, at)?;
        Ok(PriceExplanation { inner: call(|| self.inner.explain_price_for(whose, &sku, &query))? })
    }

    /// PR5, PR6: a product's entry as set, in the default list (``group`` None) or in a group:
    /// a list of ``{"min_qty", "price", "starts_at", "ends_at"}`` dicts, sorted by minimum
    /// then start; empty when there is none (a plain price is one break from 0).
    #[pyo3(signature = (sku, group=None))]
    fn price_entry<'py>(
        &self,
        py: Python<'py>,
        sku: &Bound<'_, PyAny>,
        group: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<Bound<'py, PyDict>>> {
        let sku = text(sku, "sku")?;
        let group = opt_text(group, "group")?;
        let breaks = call(|| self.inner.price_entry(&sku, group.as_deref()))?;
        break_dicts(py, &breaks)
    }

    /// ST1: the customer's order template, checkout mode and freight after overrides: its own,
    /// else the workspace's ``defaults``, else the system's.
    fn effective_settings(&self, customer_id: &Bound<'_, PyAny>) -> PyResult<EffectiveSettings> {
        let customer_id = id(customer_id, "customer_id")?;
        Ok(EffectiveSettings { inner: call(|| self.inner.effective_settings(customer_id))? })
    }

    fn __repr__(&self) -> PyResult<String> {
        let name = call(|| self.inner.settings())?.name;
        Ok(format!("Workspace(name='{}')", name.replace('\\', "\\\\").replace('\'', "\\'")))
    }

    // --- import and export (I4, I6, E1) ------------------------------------------------------

    /// I4: reads a file (its content as bytes or str, or a ``pathlib.Path``) against this workspace and says what each row would
    /// do: create, update (its code is a customer's) or error. Saves nothing. The workspace's
    /// import limits, unique-names policy and price groups apply. ``progress(rows_read, done,
    /// total, bytes_read, bytes_total)`` as for ``validate_import``; the GIL is released while reading. Refused with
    /// ``SOURCE_OF_TRUTH_EXTERNAL`` while contacts sync is active (I6).
    ///
    /// >>> p = ws.preview_import(b"Customer Name,Customer Code\nPier Seafood,P-1\n,P-2\n")
    /// >>> [(r.row, r.action) for r in p.rows]
    /// [(2, 'create'), (3, 'error')]
    ///
    /// I7: ``mapping`` reads the headers explicitly: a dict ``{header: field}`` (``None`` leaves a
    /// column out) or the name of a mapping saved with ``save_mapping``. Headers it does not
    /// name are matched by their own names; it never guesses. ``preview.mapping`` says how
    /// each column was read.
    #[pyo3(signature = (file, *, format=None, sheet=None, progress=None, mapping=None))]
    #[allow(clippy::too_many_arguments)]
    fn preview_import(
        &self,
        py: Python<'_>,
        file: &Bound<'_, PyAny>,
        format: Option<&Bound<'_, PyAny>>,
        sheet: Option<&Bound<'_, PyAny>>,
        progress: Option<&Bound<'_, PyAny>>,
        mapping: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crate::import::ImportPreview> {
        let limits = call(|| self.inner.settings())?.import_limits;
        let mapping = crate::import_batches::mapping_arg(mapping, true)?;
        let (bytes, path) = crate::import::file_bytes(py, file, &limits)?;
        let format = crate::import::format_of(format, path.as_ref())?;
        let sheet = crate::convert::opt_text(sheet, "sheet")?;
        let ws = &self.inner;
        let preview = crate::import::with_progress(py, progress, |p| {
            ws.preview_import_mapped(&bytes, format, sheet.as_deref(), mapping, p)
        })?;
        Ok(crate::import::ImportPreview { inner: preview })
    }

    /// I4, I9: saves exactly the valid rows the preview showed, in one atomic write, and
    /// records the batch (``result.batch_id``, for ``undo_import``). Raises
    /// ``IMPORT_STALE`` (a ConflictError) when a row would now come out differently, and
    /// ``IMPORT_REFUSED`` for a refused file; nothing is written then.
    fn confirm_import(&self, preview: &Bound<'_, PyAny>) -> PyResult<crate::import::ImportResult> {
        // Cast here, not by pyo3, so a wrong value is INVALID_ARGUMENT rather than a TypeError.
        let preview = preview
            .cast::<crate::import::ImportPreview>()
            .map_err(|_| invalid("preview", "expected an ImportPreview from preview_import"))?;
        let preview = &preview.get().inner;
        let ws = &self.inner;
        let result = call(|| ws.confirm_import(preview))?;
        Ok(crate::import::ImportResult { inner: result })
    }

    /// E1: the view (``filter``, ``search``, ``sort``, ``descending``, ``guest``, ``tag``,
    /// ``kind``, ``address`` as for ``list_customers``; not paged) as CSV bytes with the
    /// import's headers, so an export re-imports as updates with no change. Formula-like cells
    /// are neutralised.
    ///
    /// >>> ws.export_customers().decode().splitlines()[0]
    /// 'Customer Name,Customer Code,Email Address,Phone Number,Contact Person,Active,Order Web Blocked,Price Group,Record ID'
    #[pyo3(
        signature = (*, filter=None, search=None, sort=None, descending=None, guest=None, tag=None, kind=None, address=None),
        text_signature = "(self, *, filter='active', search=None, sort='name', descending=False, guest=None, tag=None, \
                          kind=None, address=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn export_customers<'py>(
        &self,
        py: Python<'py>,
        filter: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        descending: Option<&Bound<'_, PyAny>>,
        guest: Option<&Bound<'_, PyAny>>,
        tag: Option<&Bound<'_, PyAny>>,
        kind: Option<&Bound<'_, PyAny>>,
        address: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, pyo3::types::PyBytes>> {
        let args = [
            ("filter", filter),
            ("search", search),
            ("sort", sort),
            ("descending", descending),
            ("tag", tag),
            ("kind", kind),
            ("address", address),
        ];
        let query = customer_query("export query", &args, guest)?;
        Ok(pyo3::types::PyBytes::new(py, &call(|| self.inner.export_customers(&query))?))
    }
}

/// The query of `list_customers` and `export_customers`: the given keywords read by the core's
/// `CustomerQuery`, and `guest` (a user id) as the viewer.
fn customer_query(
    what: &'static str,
    args: &[(&str, Option<&Bound<'_, PyAny>>)],
    guest: Option<&Bound<'_, PyAny>>,
) -> PyResult<core::CustomerQuery> {
    let mut query: core::CustomerQuery = from_dict(what, &core::CustomerQuery::default(), given_json(args, what)?)?;
    if let Some(user) = guest.filter(|g| !g.is_none()) {
        query.viewer = core::Viewer::Guest(id(user, "guest")?);
    }
    Ok(query)
}

impl PyWorkspace {
    fn amount_cache(&self) -> MutexGuard<'_, AmountCache> {
        // The cache holds no invariant a panic could break: a poisoned lock is still usable.
        self.amounts.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
