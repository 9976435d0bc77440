//! The Node binding of orderlink: thin wrappers over the core, which decides everything.
//! Errors are JS `Error`s whose `code` is the core's stable code.

mod convert;
mod error;

use chrono::{DateTime, Utc};
use convert::{enum_str, from_json, object_json, options_json, uuid_arg};
use error::{invalid, napi as napi_err, IntoJs, JsResult};
use napi::bindgen_prelude::{ClassInstance, Object};
use napi_derive::napi;
use orderlink as core;
use serde_json::{json, Value};
use std::sync::Arc;

/// A controllable clock for tests: time moves only when told to.
#[napi(js_name = "ManualClock")]
pub struct JsManualClock {
    inner: Arc<core::ManualClock>,
}

#[napi]
impl JsManualClock {
    /// A clock stopped at `start`.
    #[napi(constructor)]
    pub fn new(start: DateTime<Utc>) -> Self {
        JsManualClock { inner: Arc::new(core::ManualClock::new(start)) }
    }

    /// The clock's current time.
    #[napi]
    pub fn now(&self) -> DateTime<Utc> {
        core::Clock::now(self.inner.as_ref())
    }

    /// Moves the clock forward by `seconds` (fractions allowed; negative moves it back).
    #[napi]
    pub fn advance(&self, seconds: f64) -> napi::Result<(), String> {
        if !seconds.is_finite() || seconds.abs() > 1e12 {
            return Err(invalid("seconds", "must be a finite number of seconds"));
        }
        self.inner.advance(chrono::Duration::milliseconds((seconds * 1000.0).round() as i64));
        Ok(())
    }

    /// Sets the clock to `to`.
    #[napi]
    pub fn set(&self, to: DateTime<Utc>) {
        self.inner.set(to)
    }
}

/// A customer record.
#[napi(object)]
pub struct Customer {
    pub id: String,
    pub name: String,
    pub code: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub contact: Option<String>,
    pub active: bool,
    pub order_web_blocked: bool,
    /// A1: 'available' | 'blocked' | 'blocked_inactive'.
    pub order_web_access: String,
    pub link_code: String,
    pub price_group: Option<String>,
    pub order_template: Option<String>,
    pub checkout_mode: Option<String>,
    pub managed_by: Option<String>,
    pub tags: Vec<String>,
    pub external_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Number of orders placed.
    pub orders: i64,
    /// Total of those orders: a decimal string, never a float.
    pub amount: String,
    pub last_order_at: Option<DateTime<Utc>>,
    pub version: i64,
}

impl From<core::Customer> for Customer {
    fn from(c: core::Customer) -> Self {
        Customer {
            id: c.id.to_string(),
            order_web_access: c.order_web_access().as_str().to_owned(),
            name: c.name,
            code: c.code,
            email: c.email.map(|e| e.as_str().to_owned()),
            phone: c.phone,
            contact: c.contact,
            active: c.active,
            order_web_blocked: c.order_web_blocked,
            link_code: c.link_code.as_str().to_owned(),
            price_group: c.price_group,
            order_template: c.order_template.as_ref().map(enum_str),
            checkout_mode: c.checkout_mode.as_ref().map(enum_str),
            managed_by: c.managed_by.map(|u| u.to_string()),
            tags: c.tags,
            external_id: c.external_id,
            created_at: c.created_at,
            updated_at: c.updated_at,
            orders: i64::try_from(c.stats.orders).unwrap_or(i64::MAX),
            amount: c.stats.amount.to_string(),
            last_order_at: c.stats.last_order_at,
            version: i64::try_from(c.version).unwrap_or(i64::MAX),
        }
    }
}

/// A page of customers and the total matching (C5).
#[napi(object)]
pub struct CustomerPage {
    pub items: Vec<Customer>,
    pub total: u32,
    pub offset: u32,
    pub limit: u32,
}

/// Contacts sync flags.
#[napi(object)]
pub struct ContactsSync {
    pub enabled: bool,
    pub connected: bool,
    pub phone_mapped: bool,
}

/// The workspace settings.
#[napi(object)]
pub struct WorkspaceSettings {
    pub name: String,
    pub link_code: String,
    pub link_url: String,
    pub base_url: String,
    pub currency: String,
    pub contacts_sync: ContactsSync,
    pub strict_security: bool,
    pub trial_expired: bool,
    pub unique_names: bool,
}

impl From<core::WorkspaceSettings> for WorkspaceSettings {
    fn from(s: core::WorkspaceSettings) -> Self {
        WorkspaceSettings {
            link_url: s.link_url(),
            name: s.name,
            link_code: s.link_code.as_str().to_owned(),
            base_url: s.base_url,
            currency: s.currency,
            contacts_sync: ContactsSync {
                enabled: s.contacts_sync.enabled,
                connected: s.contacts_sync.connected,
                phone_mapped: s.contacts_sync.phone_mapped,
            },
            strict_security: s.strict_security,
            trial_expired: s.trial_expired,
            unique_names: s.unique_names,
        }
    }
}

/// L4: what a link points at.
#[napi(object)]
pub struct LinkTarget {
    /// 'customer' | 'workspace' | 'unknown'.
    pub kind: String,
    pub customer_id: Option<String>,
}

/// A2: what opening a link allows.
#[napi(object)]
pub struct LinkDecision {
    pub customer_id: Option<String>,
    pub is_workspace_link: bool,
    pub found: bool,
    pub access: Option<String>,
    pub may_view: bool,
    pub may_submit: bool,
    pub needs_verification: bool,
    pub greeting: Option<String>,
    /// The reason's stable code, e.g. 'ACCOUNT_INACTIVE'.
    pub reason: Option<String>,
    pub message: Option<String>,
}

/// A3: the code word to email and the pictures to show.
#[napi(object)]
pub struct ChallengeStart {
    pub challenge_id: String,
    pub customer_id: String,
    pub email: String,
    /// Send this to `email`; never show it in the portal.
    pub code_word: String,
    pub options: Vec<String>,
    pub expires_at: DateTime<Utc>,
}

/// A3: a passed verification; give `token` to `openLink`.
#[napi(object)]
pub struct VerifiedSession {
    pub token: String,
    pub customer_id: String,
    pub expires_at: DateTime<Utc>,
}

/// S3: what a sync batch did, by customer id.
#[napi(object)]
pub struct SyncReport {
    pub created: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: Vec<String>,
}

/// L5: one audited link rotation.
#[napi(object)]
pub struct LinkRotation {
    pub customer_id: String,
    pub old_code: String,
    pub new_code: String,
    pub at: DateTime<Utc>,
    pub by: Option<String>,
    pub reason: Option<String>,
}

/// P1–P3: where an intake put the order.
#[napi(object)]
pub struct IntakeOutcome {
    /// 'customer' (P1) | 'auto_linked' (P2) | 'pending' (P3).
    pub kind: String,
    pub order_id: String,
    pub customer_id: Option<String>,
    pub pending_id: Option<String>,
    /// This intake opened a new pending record.
    pub new_record: bool,
}

impl From<core::IntakeOutcome> for IntakeOutcome {
    fn from(o: core::IntakeOutcome) -> Self {
        let (kind, order_id, customer_id, pending_id, new_record) = match o {
            core::IntakeOutcome::Customer { order_id, customer_id } => {
                ("customer", order_id, Some(customer_id), None, false)
            }
            core::IntakeOutcome::AutoLinked { order_id, customer_id } => {
                ("auto_linked", order_id, Some(customer_id), None, false)
            }
            core::IntakeOutcome::Pending { order_id, pending_id, new_record } => {
                ("pending", order_id, None, Some(pending_id), new_record)
            }
        };
        IntakeOutcome {
            kind: kind.into(),
            order_id: order_id.to_string(),
            customer_id: customer_id.map(|c| c.to_string()),
            pending_id: pending_id.map(|p| p.to_string()),
            new_record,
        }
    }
}

/// N1: the normalised business name and email a buyer is recognised by.
#[napi(object)]
pub struct MatchKey {
    pub name: String,
    pub email: String,
}

fn key(k: &core::MatchKey) -> MatchKey {
    MatchKey { name: k.name.clone(), email: k.email.clone() }
}

/// P3/P4: a buyer held for review.
#[napi(object)]
pub struct PendingBuyer {
    pub id: String,
    pub business_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub key: MatchKey,
    pub orders: Vec<String>,
    /// 'open' | 'mapped' | 'ignored'.
    pub state: String,
    /// The customer it is mapped to, when mapped.
    pub customer_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<core::PendingBuyer> for PendingBuyer {
    fn from(p: core::PendingBuyer) -> Self {
        let (state, customer_id) = match p.state {
            core::PendingState::Open => ("open", None),
            core::PendingState::Mapped(c) => ("mapped", Some(c.to_string())),
            core::PendingState::Ignored => ("ignored", None),
        };
        PendingBuyer {
            id: p.id.to_string(),
            key: key(&p.key),
            business_name: p.business_name,
            email: p.email.as_str().to_owned(),
            phone: p.phone,
            orders: p.orders.iter().map(ToString::to_string).collect(),
            state: state.into(),
            customer_id,
            created_at: p.created_at,
        }
    }
}

/// P5: a key's current customer.
#[napi(object)]
pub struct Mapping {
    pub key: MatchKey,
    pub customer_id: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// P4/P5: one audit entry: who, when, what, from → to.
#[napi(object)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    /// 'map' | 'create_and_map' | 'ignore' | 'remap'.
    pub action: String,
    pub pending_id: Option<String>,
    pub key: MatchKey,
    pub from_customer: Option<String>,
    pub to_customer: Option<String>,
    pub orders_moved: Vec<String>,
}

impl From<core::AuditEntry> for AuditEntry {
    fn from(e: core::AuditEntry) -> Self {
        AuditEntry {
            at: e.at,
            actor: e.actor,
            action: e.action.as_str().into(),
            pending_id: e.pending_id.map(|p| p.to_string()),
            key: key(&e.key),
            from_customer: e.from.map(|c| c.to_string()),
            to_customer: e.to.map(|c| c.to_string()),
            orders_moved: e.orders_moved.iter().map(ToString::to_string).collect(),
        }
    }
}

/// P8: a suggested customer and why.
#[napi(object)]
pub struct Suggestion {
    pub customer_id: String,
    pub name: String,
    /// 'same_key' | 'same_email' | 'similar_name'.
    pub reason: String,
    /// Name similarity in 0..1 for 'similar_name'; 1 otherwise.
    pub score: f64,
}

/// An order reference.
#[napi(object)]
pub struct Order {
    pub id: String,
    pub number: String,
    /// The owning customer; absent while on the PENDING_MAPPING placeholder.
    pub customer_id: Option<String>,
    pub on_placeholder: bool,
    pub placed_at: DateTime<Utc>,
    /// 'draft' | 'confirmed' | 'invoiced'.
    pub status: String,
    /// A decimal string.
    pub total: String,
}

impl From<core::OrderRef> for Order {
    fn from(o: core::OrderRef) -> Self {
        let customer_id = match o.owner {
            core::OrderOwner::Customer(c) => Some(c.to_string()),
            core::OrderOwner::Placeholder => None,
        };
        Order {
            id: o.id.to_string(),
            on_placeholder: customer_id.is_none(),
            customer_id,
            placed_at: o.placed_at,
            status: enum_str(&o.status),
            total: o.total.to_string(),
            number: o.number,
        }
    }
}

fn ids(v: &[core::CustomerId]) -> Vec<String> {
    v.iter().map(ToString::to_string).collect()
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

fn check_keys(what: &'static str, map: &serde_json::Map<String, Value>, allowed: &[&str]) -> napi::Result<(), String> {
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(invalid(what, format!("unknown option '{k}'; expected one of {}", allowed.join(", ")))),
        None => Ok(()),
    }
}

/// One supplier's workspace over the in-memory store.
///
/// `seed` makes codes and ids reproducible: for tests only, since a known seed makes every
/// link guessable. `clock` takes a `ManualClock`.
#[napi(js_name = "Workspace")]
pub struct JsWorkspace {
    inner: core::Workspace,
}

#[napi]
impl JsWorkspace {
    #[napi(
        constructor,
        ts_args_type = "name: string, options?: { baseUrl?: string; currency?: string; contactsSync?: { enabled?: boolean; connected?: boolean; phoneMapped?: boolean }; strictSecurity?: boolean; trialExpired?: boolean; uniqueNames?: boolean; seed?: number; clock?: ManualClock }"
    )]
    pub fn new(name: String, options: Option<Object<'_>>) -> napi::Result<Self, String> {
        let mut map = options_json(options.as_ref(), &["clock", "seed"])?;
        check_keys("workspace option", &map, &SETTINGS_KEYS)?;
        map.insert("name".into(), Value::String(name));
        let new: core::NewWorkspace = from_json("workspace options", Value::Object(map))?;
        let seed = match &options {
            Some(o) => o.get::<f64>("seed").map_err(napi_err)?,
            None => None,
        };
        let random: Arc<dyn core::RandomSource> = match seed {
            Some(s) if s >= 0.0 && s.fract() == 0.0 && s <= 9_007_199_254_740_991.0 => {
                Arc::new(core::SeededRandom::new(s as u64))
            }
            Some(_) => return Err(invalid("seed", "must be a non-negative whole number")),
            None => Arc::new(core::OsRandom),
        };
        let clock: Arc<dyn core::Clock> = match &options {
            Some(o) => match o.get::<ClassInstance<JsManualClock>>("clock").map_err(napi_err)? {
                Some(c) => c.inner.clone(),
                None => Arc::new(core::SystemClock),
            },
            None => Arc::new(core::SystemClock),
        };
        let inner =
            core::Workspace::create(Arc::new(core::MemoryStore::new()), core::Env::new(clock, random), new).js()?;
        Ok(JsWorkspace { inner })
    }

    /// The workspace settings.
    #[napi]
    pub fn settings(&self) -> napi::Result<WorkspaceSettings, String> {
        Ok(self.inner.settings().js()?.into())
    }

    /// Changes settings (`{ trialExpired: true }`); every value is validated before anything is saved.
    #[napi(
        ts_args_type = "changes: { name?: string; baseUrl?: string; currency?: string; contactsSync?: { enabled?: boolean; connected?: boolean; phoneMapped?: boolean }; strictSecurity?: boolean; trialExpired?: boolean; uniqueNames?: boolean }"
    )]
    pub fn update_settings(&self, changes: Object<'_>) -> napi::Result<WorkspaceSettings, String> {
        let map = object_json(&changes, &[])?;
        check_keys("workspace option", &map, &[&SETTINGS_KEYS[..], &["name"]].concat())?;
        let patch: core::SettingsPatch = from_json("workspace settings", Value::Object(map))?;
        Ok(self.inner.update_settings(patch).js()?.into())
    }

    /// C1–C4, L1: creates a customer (refused while contacts sync is the source of truth).
    #[napi(
        ts_args_type = "input: { name: string; code?: string | null; email?: string | null; phone?: string | null; contact?: string | null; active?: boolean; orderWebBlocked?: boolean; priceGroup?: string | null; orderTemplate?: 'ecommerce' | 'quantity_grid' | null; checkoutMode?: 'pay_now' | 'pay_later' | 'inherit' | null; managedBy?: string | null; tags?: string[] }"
    )]
    pub fn create_customer(&self, input: Object<'_>) -> napi::Result<Customer, String> {
        let input: core::NewCustomer = from_json("customer", Value::Object(object_json(&input, &[])?))?;
        Ok(self.inner.create_customer(input).js()?.into())
    }

    /// C1–C4, S1: changes the given fields; `null` clears an optional field, an absent or
    /// `undefined` one is left as it is.
    #[napi(
        ts_args_type = "id: string, changes: { name?: string; code?: string | null; email?: string | null; phone?: string | null; contact?: string | null; active?: boolean; orderWebBlocked?: boolean; priceGroup?: string | null; orderTemplate?: 'ecommerce' | 'quantity_grid' | null; checkoutMode?: 'pay_now' | 'pay_later' | 'inherit' | null; managedBy?: string | null; tags?: string[] }"
    )]
    pub fn update_customer(&self, id: String, changes: Object<'_>) -> napi::Result<Customer, String> {
        let patch: core::CustomerPatch = from_json("customer update", Value::Object(object_json(&changes, &[])?))?;
        Ok(self.inner.update_customer(uuid_arg(&id)?.into(), patch).js()?.into())
    }

    /// One customer (`CUSTOMER_NOT_FOUND` when there is none).
    #[napi]
    pub fn get_customer(&self, id: String) -> napi::Result<Customer, String> {
        Ok(self.inner.get_customer(uuid_arg(&id)?.into()).js()?.into())
    }

    /// C7: deletes a customer without orders.
    #[napi]
    pub fn delete_customer(&self, id: String) -> napi::Result<(), String> {
        self.inner.delete_customer(uuid_arg(&id)?.into()).js()
    }

    /// C5, C6: a page of customers. `guest` is a user id: that user sees only the customers it manages.
    #[napi(
        ts_args_type = "query?: { filter?: 'active' | 'inactive' | 'all'; search?: string; sort?: 'name' | 'code' | 'email' | 'phone' | 'contact' | 'active' | 'order_web_access' | 'orders' | 'amount' | 'last_order' | 'created_at'; descending?: boolean; offset?: number; limit?: number; guest?: string }"
    )]
    pub fn list_customers(&self, query: Option<Object<'_>>) -> napi::Result<CustomerPage, String> {
        let mut map = options_json(query.as_ref(), &[])?;
        check_keys("list option", &map, &["filter", "search", "sort", "descending", "offset", "limit", "guest"])?;
        let viewer = match map.remove("guest") {
            Some(Value::String(user)) => json!({"role": "guest", "user_id": uuid_arg(&user)?.to_string()}),
            Some(Value::Null) | None => json!({"role": "admin"}),
            Some(other) => return Err(invalid("guest", format!("expected a user id string, got {other}"))),
        };
        map.insert("viewer".into(), viewer);
        let q: core::CustomerQuery = from_json("list query", Value::Object(map))?;
        let page = self.inner.list_customers(&q).js()?;
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Ok(CustomerPage {
            items: page.items.into_iter().map(Customer::from).collect(),
            total: n(page.total),
            offset: n(page.offset),
            limit: n(page.limit),
        })
    }

    /// S1: the fields of this customer that may be edited locally now (snake_case names).
    #[napi]
    pub fn editable_fields(&self, id: String) -> napi::Result<Vec<String>, String> {
        let fields = self.inner.editable_fields(uuid_arg(&id)?.into()).js()?;
        Ok(fields.into_iter().map(|f| f.as_str().to_owned()).collect())
    }

    /// S3: upserts external contacts by external id, all or nothing.
    #[napi(
        ts_args_type = "records: Array<{ externalId: string; name: string; code?: string | null; email?: string | null; phone?: string | null; contact?: string | null; active?: boolean }>"
    )]
    pub fn apply_contacts_sync(&self, records: Vec<Object<'_>>) -> napi::Result<SyncReport, String> {
        let records: Vec<core::SyncRecord> = records
            .iter()
            .map(|r| from_json("sync record", Value::Object(object_json(r, &[])?)))
            .collect::<JsResult<_>>()?;
        let r = self.inner.apply_contacts_sync(&records).js()?;
        Ok(SyncReport { created: ids(&r.created), updated: ids(&r.updated), unchanged: ids(&r.unchanged) })
    }

    /// L3: the customer's order link.
    #[napi]
    pub fn link_url(&self, id: String) -> napi::Result<String, String> {
        self.inner.link_url(uuid_arg(&id)?.into()).js()
    }

    /// L3: the workspace's public order link.
    #[napi]
    pub fn workspace_link_url(&self) -> napi::Result<String, String> {
        self.inner.workspace_link_url().js()
    }

    /// L3, L4: what a link or code points at (`LINK_MALFORMED` if it is neither).
    #[napi]
    pub fn resolve_link(&self, code_or_url: String) -> napi::Result<LinkTarget, String> {
        Ok(match self.inner.resolve_link(&code_or_url).js()? {
            core::LinkTarget::Customer { customer_id } => {
                LinkTarget { kind: "customer".into(), customer_id: Some(customer_id.to_string()) }
            }
            core::LinkTarget::Workspace => LinkTarget { kind: "workspace".into(), customer_id: None },
            core::LinkTarget::Unknown => LinkTarget { kind: "unknown".into(), customer_id: None },
        })
    }

    /// A1–A4: what opening the link allows; `sessionToken` from a passed verification.
    #[napi]
    pub fn open_link(&self, code_or_url: String, session_token: Option<String>) -> napi::Result<LinkDecision, String> {
        let d = self.inner.open_link(&code_or_url, session_token.as_deref()).js()?;
        Ok(LinkDecision {
            customer_id: d.customer_id.map(|c| c.to_string()),
            is_workspace_link: d.is_workspace_link,
            found: d.found,
            access: d.access.map(|a| a.as_str().to_owned()),
            may_view: d.may_view,
            may_submit: d.may_submit,
            needs_verification: d.needs_verification,
            greeting: d.greeting,
            reason: d.reason.map(|r| r.code().to_owned()),
            message: d.message,
        })
    }

    /// A3: starts a strict-mode challenge: the code word to email, the pictures to show.
    #[napi]
    pub fn start_verification(&self, code_or_url: String) -> napi::Result<ChallengeStart, String> {
        let s = self.inner.start_verification(&code_or_url).js()?;
        Ok(ChallengeStart {
            challenge_id: s.challenge_id.to_string(),
            customer_id: s.customer_id.to_string(),
            email: s.email.as_str().to_owned(),
            code_word: s.code_word,
            options: s.options,
            expires_at: s.expires_at,
        })
    }

    /// A3: checks the buyer's pick; the challenge is used up either way.
    #[napi]
    pub fn complete_verification(&self, challenge_id: String, picked: String) -> napi::Result<VerifiedSession, String> {
        let s = self.inner.complete_verification(uuid_arg(&challenge_id)?.into(), &picked).js()?;
        Ok(VerifiedSession { token: s.token, customer_id: s.customer_id.to_string(), expires_at: s.expires_at })
    }

    /// L5: gives a customer a new link code on purpose; the old one stops working.
    #[napi(ts_args_type = "id: string, audit?: { by?: string; reason?: string }")]
    pub fn rotate_link(&self, id: String, audit: Option<Object<'_>>) -> napi::Result<Customer, String> {
        let audit = options_json(audit.as_ref(), &[])?;
        check_keys("rotation option", &audit, &["by", "reason"])?;
        let text = |k: &str| audit.get(k).and_then(Value::as_str).map(str::to_owned);
        let (by, reason) = (text("by"), text("reason"));
        Ok(self.inner.rotate_link(uuid_arg(&id)?.into(), by.as_deref(), reason.as_deref()).js()?.into())
    }

    /// P1–P3: takes in an order placed through a link. On the workspace link `buyer` is required.
    #[napi(
        ts_args_type = "link: string, order: { number: string; total: string | number; placedAt?: string; status?: 'draft' | 'confirmed' | 'invoiced'; lines?: Array<{ sku: string; qty: string | number }> }, buyer?: { businessName: string; email: string; phone?: string }"
    )]
    pub fn intake_order(
        &self,
        link: String,
        order: Object<'_>,
        buyer: Option<Object<'_>>,
    ) -> napi::Result<IntakeOutcome, String> {
        let order: core::NewOrder = from_json("order", Value::Object(object_json(&order, &[])?))?;
        let buyer: Option<core::Buyer> = match &buyer {
            Some(b) => Some(from_json("buyer", Value::Object(object_json(b, &[])?))?),
            None => None,
        };
        Ok(self.inner.intake_order(&link, buyer.as_ref(), order).js()?.into())
    }

    /// P4: the open review queue, or every record with `includeClosed`.
    #[napi]
    pub fn pending_buyers(&self, include_closed: Option<bool>) -> napi::Result<Vec<PendingBuyer>, String> {
        Ok(self.inner.pending_buyers(include_closed.unwrap_or(false)).js()?.into_iter().map(Into::into).collect())
    }

    /// One pending record.
    #[napi]
    pub fn get_pending(&self, pending_id: String) -> napi::Result<PendingBuyer, String> {
        Ok(self.inner.get_pending(uuid_arg(&pending_id)?.into()).js()?.into())
    }

    /// P4: maps an open record to an existing customer, moving its orders.
    #[napi]
    pub fn map_pending(
        &self,
        pending_id: String,
        customer_id: String,
        actor: Option<String>,
    ) -> napi::Result<AuditEntry, String> {
        let entry =
            self.inner.map_pending(uuid_arg(&pending_id)?.into(), uuid_arg(&customer_id)?.into(), actor.as_deref());
        Ok(entry.js()?.into())
    }

    /// P4: creates a customer from the record (or from `customer`) and maps the record to it.
    #[napi(
        ts_args_type = "pendingId: string, customer?: { name: string; code?: string | null; email?: string | null; phone?: string | null; contact?: string | null } | null, actor?: string"
    )]
    pub fn create_and_map(
        &self,
        pending_id: String,
        customer: Option<Object<'_>>,
        actor: Option<String>,
    ) -> napi::Result<AuditEntry, String> {
        let input: Option<core::NewCustomer> = match &customer {
            Some(c) => Some(from_json("customer", Value::Object(object_json(c, &[])?))?),
            None => None,
        };
        Ok(self.inner.create_and_map(uuid_arg(&pending_id)?.into(), input, actor.as_deref()).js()?.into())
    }

    /// P4: takes an open record out of the queue, keeping it and its orders.
    #[napi]
    pub fn ignore_pending(&self, pending_id: String, actor: Option<String>) -> napi::Result<AuditEntry, String> {
        Ok(self.inner.ignore_pending(uuid_arg(&pending_id)?.into(), actor.as_deref()).js()?.into())
    }

    /// P5: points the key (business name + email) at another customer and moves its orders.
    #[napi]
    pub fn remap(
        &self,
        business_name: String,
        email: String,
        customer_id: String,
        actor: Option<String>,
    ) -> napi::Result<AuditEntry, String> {
        let entry = self.inner.remap(&business_name, &email, uuid_arg(&customer_id)?.into(), actor.as_deref());
        Ok(entry.js()?.into())
    }

    /// P5: every mapping of a key to a customer.
    #[napi]
    pub fn mappings(&self) -> napi::Result<Vec<Mapping>, String> {
        Ok(self
            .inner
            .mappings()
            .js()?
            .into_iter()
            .map(|m| Mapping {
                key: key(&m.key),
                customer_id: m.customer_id.to_string(),
                created_at: m.created_at,
                updated_at: m.updated_at,
            })
            .collect())
    }

    /// P4/P5: every review action, oldest first.
    #[napi]
    pub fn audit_trail(&self) -> napi::Result<Vec<AuditEntry>, String> {
        Ok(self.inner.audit_trail().js()?.into_iter().map(Into::into).collect())
    }

    /// P8: ranked candidate customers for a pending record; never maps anything.
    #[napi]
    pub fn suggest_customers(&self, pending_id: String) -> napi::Result<Vec<Suggestion>, String> {
        let found = self.inner.suggest_customers(uuid_arg(&pending_id)?.into()).js()?;
        Ok(found
            .into_iter()
            .map(|s| {
                let (reason, score) = match s.reason {
                    core::SuggestionReason::SameKey => ("same_key", 1.0),
                    core::SuggestionReason::SameEmail => ("same_email", 1.0),
                    core::SuggestionReason::SimilarName { score } => ("similar_name", score),
                };
                Suggestion { customer_id: s.customer_id.to_string(), name: s.name, reason: reason.into(), score }
            })
            .collect())
    }

    /// One order.
    #[napi]
    pub fn get_order(&self, order_id: String) -> napi::Result<Order, String> {
        Ok(self.inner.get_order(uuid_arg(&order_id)?.into()).js()?.into())
    }

    /// A customer's orders, oldest first.
    #[napi]
    pub fn customer_orders(&self, customer_id: String) -> napi::Result<Vec<Order>, String> {
        Ok(self.inner.customer_orders(uuid_arg(&customer_id)?.into()).js()?.into_iter().map(Into::into).collect())
    }

    /// P6: marks an order invoiced (`CUSTOMER_MAPPING_REQUIRED` while on the placeholder).
    #[napi]
    pub fn invoice_order(&self, order_id: String) -> napi::Result<Order, String> {
        Ok(self.inner.invoice_order(uuid_arg(&order_id)?.into()).js()?.into())
    }

    /// P6: the order, ready for an accounting sync (`CUSTOMER_MAPPING_REQUIRED` while on the placeholder).
    #[napi]
    pub fn order_for_sync(&self, order_id: String) -> napi::Result<Order, String> {
        Ok(self.inner.order_for_sync(uuid_arg(&order_id)?.into()).js()?.into())
    }

    /// L5: the customer's link rotations, oldest first.
    #[napi]
    pub fn link_rotations(&self, id: String) -> napi::Result<Vec<LinkRotation>, String> {
        let trail = self.inner.link_rotations(uuid_arg(&id)?.into()).js()?;
        Ok(trail
            .into_iter()
            .map(|r| LinkRotation {
                customer_id: r.customer_id.to_string(),
                old_code: r.old_code.as_str().to_owned(),
                new_code: r.new_code.as_str().to_owned(),
                at: r.at,
                by: r.by,
                reason: r.reason,
            })
            .collect())
    }
}

/// N1: the normalised business name.
#[napi]
pub fn normalize_name(name: String) -> String {
    core::normalize_name(&name)
}

/// N1: the normalised email.
#[napi]
pub fn normalize_email(email: String) -> String {
    core::normalize_email(&email)
}

/// C5: case- and accent-insensitive folding, as search uses.
#[napi]
pub fn search_fold(text: String) -> String {
    core::search_fold(&text)
}

/// L3: the canonical link code in a URL or code (`LINK_MALFORMED` otherwise).
#[napi]
pub fn parse_link_code(code_or_url: String) -> napi::Result<String, String> {
    Ok(core::LinkCode::parse(&code_or_url).js()?.as_str().to_owned())
}
