//! The workspace: one supplier's tenant over a store, and every entry point of this slice.

use crate::access::{decide, LinkDecision, Target};
use crate::customer::{
    apply_patch, changed_fields, Customer, CustomerField, CustomerPatch, NewCustomer, OrderStats, ValidFields,
};
use crate::env::{Clock, OsRandom, RandomSource, SystemClock};
use crate::error::{Error, Result};
use crate::ids::{ChallengeId, CustomerId, WorkspaceId};
use crate::link::{LinkCode, LinkTarget};
use crate::listing::{CustomerQuery, Page};
use crate::settings::{NewWorkspace, SettingsPatch, WorkspaceSettings};
use crate::store::CustomerWrite;
use crate::store::{LinkRotation, MemoryStore, PlatformStore, Store, Uniqueness};
use crate::sync::{self, SyncRecord, SyncReport};
use crate::verification::{
    self, ChallengeStart, Lockout, RateLimit, VerificationLock, VerificationLockEvent, VerifiedSession,
};
use chrono::Duration;
use std::collections::HashSet;
use std::sync::Arc;

/// How many times a write is retried when it loses a race (a fresh link code after a collision,
/// a re-applied patch after a concurrent update).
pub(crate) const WRITE_ATTEMPTS: usize = 5;

/// Where a workspace gets time and randomness from.
///
/// ```
/// use orderlink::{Env, ManualClock, SeededRandom};
/// use std::sync::Arc;
/// // Production:
/// let env = Env::system();
/// // Tests: a clock that moves when told, a reproducible CSPRNG.
/// let clock = Arc::new(ManualClock::new("2026-01-01T00:00:00Z".parse().unwrap()));
/// let env = Env::new(clock.clone(), Arc::new(SeededRandom::new(7)));
/// ```
#[derive(Clone)]
pub struct Env {
    /// What "now" is for every rule that needs a time (expiry, windows, timestamps).
    pub clock: Arc<dyn Clock>,
    /// L2 / A3: the CSPRNG behind link codes, ids and challenge secrets.
    pub random: Arc<dyn RandomSource>,
}

impl Env {
    /// The system clock and the OS CSPRNG.
    pub fn system() -> Self {
        Env { clock: Arc::new(SystemClock), random: Arc::new(OsRandom) }
    }

    /// A given clock and random source.
    pub fn new(clock: Arc<dyn Clock>, random: Arc<dyn RandomSource>) -> Self {
        Env { clock, random }
    }
}

impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Env").finish_non_exhaustive()
    }
}

/// One supplier's workspace over a store.
///
/// ```
/// use orderlink::{NewCustomer, NewWorkspace, Workspace};
/// let ws = Workspace::in_memory(NewWorkspace::named("Acme Wholesale")).unwrap();
/// let c = ws.create_customer(NewCustomer::named("Corner Deli")).unwrap();
/// let decision = ws.open_link(&ws.link_url(c.id).unwrap(), None).unwrap();
/// assert!(decision.may_submit);
/// assert_eq!(decision.greeting.as_deref(), Some("Welcome back, Corner Deli"));
/// ```
#[derive(Clone)]
pub struct Workspace {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) env: Env,
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace").finish_non_exhaustive()
    }
}

impl Workspace {
    /// A new workspace in a fresh in-memory store, with the system clock and OS randomness.
    pub fn in_memory(settings: NewWorkspace) -> Result<Workspace> {
        Workspace::create(Arc::new(MemoryStore::new()), Env::system(), settings)
    }

    /// Creates a workspace in a store that holds none: validates the settings and issues the
    /// workspace link code. Refuses a store that already holds a workspace with
    /// `WORKSPACE_EXISTS` (use [`Workspace::open`]; a store of many workspaces adds one with
    /// [`Platform::create_workspace`]).
    pub fn create(store: Arc<dyn PlatformStore>, env: Env, settings: NewWorkspace) -> Result<Workspace> {
        if store.workspace_count()? > 0 {
            return Err(Error::WorkspaceExists);
        }
        Platform::new(store, env).create_workspace(settings)
    }

    /// Opens the one workspace a store holds (a file or database written before). An empty
    /// store is refused with `WORKSPACE_NOT_FOUND`, a store of several workspaces with
    /// `WORKSPACE_AMBIGUOUS` (open one by id with [`Platform::workspace`]).
    pub fn open(store: Arc<dyn PlatformStore>, env: Env) -> Result<Workspace> {
        let all = store.workspaces()?;
        match all.as_slice() {
            [] => Err(Error::WorkspaceNotFound),
            [one] => Platform::new(store, env).workspace(one.id),
            many => Err(Error::WorkspaceAmbiguous { count: many.len() }),
        }
    }

    /// A workspace over a store handle already bound to it (what [`PlatformStore::workspace`]
    /// hands out). A handle whose workspace has no settings is refused with
    /// `WORKSPACE_NOT_FOUND`.
    pub fn over(store: Arc<dyn Store>, env: Env) -> Result<Workspace> {
        if store.settings()?.is_none() {
            return Err(Error::WorkspaceNotFound);
        }
        Ok(Workspace { store, env })
    }

    /// W1: this workspace's id in its store.
    pub fn id(&self) -> Result<WorkspaceId> {
        Ok(self.settings()?.id)
    }

    /// The store underneath, for embedders that share it.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// The time now, by the workspace's clock.
    pub(crate) fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.env.clock.now()
    }

    /// The current settings.
    pub fn settings(&self) -> Result<WorkspaceSettings> {
        self.store.settings()?.ok_or_else(|| Error::store("the workspace settings are missing"))
    }

    /// Changes settings; every value given is validated before anything is saved.
    pub fn update_settings(&self, patch: SettingsPatch) -> Result<WorkspaceSettings> {
        let mut settings = self.settings()?;
        settings.apply(patch)?;
        self.store.save_settings(&settings)?;
        Ok(settings)
    }

    pub(crate) fn uniqueness(settings: &WorkspaceSettings) -> Uniqueness {
        Uniqueness { unique_names: settings.unique_names, workspace_code: settings.link_code.clone() }
    }

    // --- customers (C1–C7) -------------------------------------------------------------------

    /// C1–C4, L1: creates a customer with a fresh link code.
    /// Refused with `SOURCE_OF_TRUTH_EXTERNAL` while contacts sync is active (S2).
    pub fn create_customer(&self, input: NewCustomer) -> Result<Customer> {
        let settings = self.settings()?;
        if settings.contacts_sync.is_active() {
            return Err(Error::SourceOfTruthExternal);
        }
        let mut customer = self.new_customer_record(input)?;
        self.insert_with_fresh_link(&mut customer, &Self::uniqueness(&settings))?;
        Ok(customer)
    }

    /// C1–C3, L1: a validated new customer record with fresh id and link code, not yet stored.
    pub(crate) fn new_customer_record(&self, input: NewCustomer) -> Result<Customer> {
        let fields = ValidFields::validate(
            &input.name,
            input.code.as_deref(),
            input.email.as_deref(),
            input.phone.as_deref(),
            input.contact.as_deref(),
        )?;
        if input.order_web_blocked && !input.active {
            return Err(Error::OrderWebBlockedRequiresActive);
        }
        let now = self.env.clock.now();
        Ok(Customer {
            id: CustomerId::random(self.env.random.as_ref()),
            name: fields.name,
            code: fields.code,
            email: fields.email,
            phone: fields.phone,
            contact: fields.contact,
            active: input.active,
            order_web_blocked: input.order_web_blocked,
            link_code: LinkCode::generate(self.env.random.as_ref()),
            price_group: crate::customer::validate_text(
                "price_group",
                input.price_group.as_deref(),
                crate::customer::PRICE_GROUP_MAX_LEN,
            )?,
            order_template: input.order_template,
            checkout_mode: input.checkout_mode,
            freight: input.freight.map(|f| f.check().map(|()| f)).transpose()?,
            managed_by: input.managed_by,
            tags: crate::customer::validate_tags(&input.tags)?,
            external_id: None,
            created_at: now,
            updated_at: now,
            stats: OrderStats::default(),
            addresses: Vec::new(),
            version: 1,
        })
    }

    /// Inserts, drawing a new link code if the store reports a collision (L1: never reused).
    fn insert_with_fresh_link(&self, customer: &mut Customer, u: &Uniqueness) -> Result<()> {
        for _ in 1..WRITE_ATTEMPTS {
            match self.store.insert_customer(customer, u) {
                Err(Error::LinkCodeTaken) => customer.link_code = LinkCode::generate(self.env.random.as_ref()),
                other => return other,
            }
        }
        self.store.insert_customer(customer, u)
    }

    /// C1–C4, S1: applies a partial update. A field locked by contacts sync may not change;
    /// sending its current value is not a change. A concurrent update is not lost: the patch
    /// is re-applied to the newer record.
    pub fn update_customer(&self, id: CustomerId, patch: CustomerPatch) -> Result<Customer> {
        self.change_customer(id, |current| Ok(apply_patch(current, &patch)?.0))
    }

    /// Saves `change(current)` as the customer's next version and returns it. A field locked by
    /// contacts sync (S1) may not change; no change writes nothing; a concurrent write makes
    /// `change` run again on the newer record, so nothing another writer did is lost.
    pub(crate) fn change_customer(
        &self,
        id: CustomerId,
        change: impl Fn(&Customer) -> Result<Customer>,
    ) -> Result<Customer> {
        let settings = self.settings()?;
        let locked = sync::locked_fields(&settings.contacts_sync);
        let u = Self::uniqueness(&settings);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let current = self.get_customer(id)?;
            let mut next = change(&current)?;
            if let Some(field) = changed_fields(&current, &next).into_iter().find(|f| locked.contains(f)) {
                return Err(Error::FieldLocked { field });
            }
            if next == current {
                return Ok(current);
            }
            next.version = current.version + 1;
            next.updated_at = self.env.clock.now();
            match self.store.replace_customer(&next, current.version, &u) {
                Err(Error::StaleWrite) if attempt < WRITE_ATTEMPTS => continue,
                Err(e) => return Err(e),
                Ok(()) => return Ok(next),
            }
        }
    }

    /// One customer, or `CUSTOMER_NOT_FOUND`.
    pub fn get_customer(&self, id: CustomerId) -> Result<Customer> {
        self.store.customer(id)?.ok_or_else(|| Error::CustomerNotFound { id: id.to_string() })
    }

    /// C7: deletes a customer without orders; one with orders is refused (deactivate it).
    /// A customer that contacts sync manages is refused while sync is active (S2).
    pub fn delete_customer(&self, id: CustomerId) -> Result<()> {
        let customer = self.get_customer(id)?;
        if customer.external_id.is_some() && self.settings()?.contacts_sync.is_active() {
            return Err(Error::SourceOfTruthExternal);
        }
        self.store.delete_customer(id)
    }

    /// C5, C6: a page of customers and the total matching.
    pub fn list_customers(&self, query: &CustomerQuery) -> Result<Page<Customer>> {
        query.validate()?;
        self.store.list_customers(query)
    }

    // --- contacts sync (S1–S3) ---------------------------------------------------------------

    /// S1: the fields of this customer that may be edited locally now.
    pub fn editable_fields(&self, id: CustomerId) -> Result<Vec<CustomerField>> {
        let customer = self.get_customer(id)?;
        Ok(sync::editable_fields(&self.settings()?.contacts_sync, &customer))
    }

    /// S3: upserts a batch of external contacts by external id, atomically. New contacts get
    /// link codes; existing ones get the synced fields; order_web_blocked is never touched.
    /// An invalid record refuses the whole batch, naming the record.
    pub fn apply_contacts_sync(&self, records: &[SyncRecord]) -> Result<SyncReport> {
        let settings = self.settings()?;
        if !settings.contacts_sync.is_active() {
            return Err(Error::SyncNotActive);
        }
        let mut valid = Vec::with_capacity(records.len());
        let mut seen = HashSet::new();
        for record in records {
            let (external_id, fields) = sync::validate_record(record)?;
            if !seen.insert(external_id.clone()) {
                return Err(Error::ExternalIdDuplicate { external_id });
            }
            valid.push((external_id, fields, record.active));
        }
        let u = Self::uniqueness(&settings);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let ids: Vec<String> = valid.iter().map(|(e, _, _)| e.clone()).collect();
            let existing = self.store.customers_by_external_id(&ids)?;
            let (writes, report) = self.plan_sync(&valid, &existing, &settings);
            match self.store.write_customers(&writes, &u) {
                Err(Error::StaleWrite | Error::LinkCodeTaken) if attempt < WRITE_ATTEMPTS => continue,
                Err(e) => return Err(e),
                Ok(()) => return Ok(report),
            }
        }
    }

    fn plan_sync(
        &self,
        records: &[(String, ValidFields, bool)],
        existing: &[Customer],
        settings: &WorkspaceSettings,
    ) -> (Vec<CustomerWrite>, SyncReport) {
        let now = self.env.clock.now();
        let mut writes = Vec::new();
        let mut report = SyncReport::default();
        for (external_id, fields, active) in records {
            match existing.iter().find(|c| c.external_id.as_deref() == Some(external_id)) {
                Some(current) => {
                    let mut next = sync::merge(current, fields, *active, &settings.contacts_sync);
                    if changed_fields(current, &next).is_empty() {
                        report.unchanged.push(current.id);
                        continue;
                    }
                    next.version = current.version + 1;
                    next.updated_at = now;
                    report.updated.push(current.id);
                    writes.push(CustomerWrite::Update { customer: next, expected_version: current.version });
                }
                None => {
                    let customer = Customer {
                        id: CustomerId::random(self.env.random.as_ref()),
                        name: fields.name.clone(),
                        code: fields.code.clone(),
                        email: fields.email.clone(),
                        phone: fields.phone.clone(),
                        contact: fields.contact.clone(),
                        active: *active,
                        order_web_blocked: false,
                        link_code: LinkCode::generate(self.env.random.as_ref()),
                        price_group: None,
                        order_template: None,
                        checkout_mode: None,
                        freight: None,
                        managed_by: None,
                        tags: Vec::new(),
                        external_id: Some(external_id.clone()),
                        created_at: now,
                        updated_at: now,
                        stats: OrderStats::default(),
                        addresses: Vec::new(),
                        version: 1,
                    };
                    report.created.push(customer.id);
                    writes.push(CustomerWrite::Insert(customer));
                }
            }
        }
        (writes, report)
    }

    // --- links (L1–L5) -----------------------------------------------------------------------

    /// L3: the customer's order link URL.
    pub fn link_url(&self, id: CustomerId) -> Result<String> {
        let customer = self.get_customer(id)?;
        Ok(customer.link_code.url(&self.settings()?.base_url))
    }

    /// L3: the workspace's public order link URL.
    pub fn workspace_link_url(&self) -> Result<String> {
        Ok(self.settings()?.link_url())
    }

    /// L3, L4: what a link (URL or bare code) points at. Malformed input is refused with
    /// `LINK_MALFORMED` before the store is asked anything.
    pub fn resolve_link(&self, code_or_url: &str) -> Result<LinkTarget> {
        let code = LinkCode::parse(code_or_url)?;
        let (settings, customer, checkout) = self.store.link_or_checkout(&code)?;
        let settings = settings.ok_or_else(|| Error::store("the workspace settings are missing"))?;
        Ok(match (customer, checkout) {
            _ if code == settings.link_code => LinkTarget::Workspace,
            (Some(c), _) => LinkTarget::Customer { customer_id: c.id },
            // CT3: a checkout code shares the link-code space.
            (None, Some((cart, c))) => LinkTarget::Checkout { customer_id: c.id, cart_id: cart.id },
            (None, None) => LinkTarget::Unknown,
        })
    }

    /// (the settings, is the workspace code, the customer it belongs to), read together (one
    /// round trip on a database store: the settings are read once per call).
    pub(crate) fn target(&self, code: &LinkCode) -> Result<(WorkspaceSettings, bool, Option<Customer>)> {
        let (settings, customer) = self.store.link_target(code)?;
        let settings = settings.ok_or_else(|| Error::store("the workspace settings are missing"))?;
        if *code == settings.link_code {
            return Ok((settings, true, None));
        }
        Ok((settings, false, customer))
    }

    /// A1–A4: what opening this link allows. `session_token` is the token of a passed
    /// verification (A3), if the buyer's browser holds one.
    pub fn open_link(&self, code_or_url: &str, session_token: Option<&str>) -> Result<LinkDecision> {
        let code = LinkCode::parse(code_or_url)?;
        // One read for any link (one round trip on a database store): an order link's customer,
        // or a checkout link's cart head and customer.
        let (settings, customer, checkout) = self.store.link_or_checkout(&code)?;
        let settings = settings.ok_or_else(|| Error::store("the workspace settings are missing"))?;
        let is_workspace = code == settings.link_code;
        let customer = customer.filter(|_| !is_workspace);
        if customer.is_none() && !is_workspace {
            // CT3: a checkout code shares the link-code space.
            return match checkout {
                Some((cart, c)) => self.decide_checkout(&settings, &c, &cart, session_token),
                None => Ok(decide(&settings, Target::Unknown, false)),
            };
        }
        let verified = match (&customer, session_token) {
            (Some(c), Some(token)) => self.session_valid(c.id, token)?,
            _ => false,
        };
        let target = match (&customer, is_workspace) {
            (Some(c), _) => Target::Customer(c),
            (None, true) => Target::Workspace,
            (None, false) => Target::Unknown,
        };
        Ok(decide(&settings, target, verified))
    }

    pub(crate) fn session_valid(&self, customer_id: CustomerId, token: &str) -> Result<bool> {
        let now = self.env.clock.now();
        Ok(self
            .store
            .session(&verification::token_hash(token))?
            .is_some_and(|s| s.customer_id == customer_id && s.expires_at > now))
    }

    /// L5: gives a customer a new link code on purpose (a leaked link). The old code answers
    /// as unknown from then on and is never issued again; the rotation is audited.
    pub fn rotate_link(&self, id: CustomerId, by: Option<&str>, reason: Option<&str>) -> Result<Customer> {
        let settings = self.settings()?;
        let u = Self::uniqueness(&settings);
        for attempt in 1..=WRITE_ATTEMPTS {
            let current = self.get_customer(id)?;
            let now = self.env.clock.now();
            let mut next = current.clone();
            next.link_code = LinkCode::generate(self.env.random.as_ref());
            next.version = current.version + 1;
            next.updated_at = now;
            let rotation = LinkRotation {
                customer_id: id,
                old_code: current.link_code.clone(),
                new_code: next.link_code.clone(),
                at: now,
                by: crate::text::optional("by", by, crate::text::Lines::Single)?,
                reason: crate::text::optional("reason", reason, crate::text::Lines::Multi)?,
            };
            match self.store.rotate_link(&next, current.version, &rotation, &u) {
                Err(Error::StaleWrite | Error::LinkCodeTaken) if attempt < WRITE_ATTEMPTS => continue,
                Err(e) => return Err(e),
                Ok(()) => return Ok(next),
            }
        }
        Err(Error::StaleWrite)
    }

    /// L5: the audit trail of a customer's link rotations, oldest first.
    pub fn link_rotations(&self, id: CustomerId) -> Result<Vec<LinkRotation>> {
        self.get_customer(id)?;
        self.store.link_rotations(id)
    }

    // --- strict-mode verification (A3) -------------------------------------------------------

    /// A3: starts an email challenge for a customer link. Returns the code word(s) to email and
    /// the pictures to show, as the workspace's policy sets them. Refused when strict mode is
    /// off or the link is not a usable customer link, when there is no email on file, while the
    /// link is locked (`VERIFICATION_LOCKED`), and past the rate limit.
    pub fn start_verification(&self, code_or_url: &str) -> Result<ChallengeStart> {
        let code = LinkCode::parse(code_or_url)?;
        let (settings, _, customer) = self.target(&code)?;
        let Some(customer) = customer else {
            return Err(if code == settings.link_code { Error::VerificationNotRequired } else { Error::LinkNotFound });
        };
        if !settings.strict_security {
            return Err(Error::VerificationNotRequired);
        }
        let decision = decide(&settings, Target::Customer(&customer), false);
        if let Some(reason @ (crate::DenyReason::AccountInactive | crate::DenyReason::OrderingUnavailable)) =
            decision.reason
        {
            return Err(Error::AccessBlocked { reason: reason.code(), message: reason.message(&settings.name) });
        }
        let email = customer.email.clone().ok_or(Error::NoEmailOnFile)?;
        let now = self.env.clock.now();
        if let Some(until) = self.store.verification_lock(customer.id)?.locked_at(now) {
            return Err(Error::VerificationLocked { until });
        }
        let policy = settings.verification;
        let (challenge, start) =
            verification::new_challenge(customer.id, email, now, &policy, self.env.random.as_ref());
        let limit = RateLimit { max: policy.max_challenges, window: secs(policy.window_secs) };
        self.store.insert_challenge(&challenge, &limit)?;
        Ok(start)
    }

    /// A3: checks the buyer's pick of a one-round challenge (see
    /// [`Workspace::complete_verification_rounds`]).
    pub fn complete_verification(&self, challenge_id: ChallengeId, picked: &str) -> Result<VerifiedSession> {
        self.complete_verification_rounds(challenge_id, &[picked])
    }

    /// A3: checks the buyer's picks, one per round in order. The challenge is used up whatever
    /// the answer; a pass resets the link's failure count and records a verified session whose
    /// token `open_link` accepts. A wrong pick in any round, or a wrong number of picks, fails
    /// the whole challenge (`VERIFICATION_FAILED`, without saying which round) and counts
    /// toward the lockout; the failure that locks the link answers `VERIFICATION_LOCKED`, as
    /// does any answer while it is locked. A late answer (`CHALLENGE_EXPIRED`) is not a failure.
    pub fn complete_verification_rounds(&self, challenge_id: ChallengeId, picks: &[&str]) -> Result<VerifiedSession> {
        let challenge = self.store.take_challenge(challenge_id)?.ok_or(Error::ChallengeNotFound)?;
        let now = self.env.clock.now();
        let customer_id = challenge.customer_id;
        if let Some(until) = self.store.verification_lock(customer_id)?.locked_at(now) {
            return Err(Error::VerificationLocked { until });
        }
        if now >= challenge.expires_at {
            return Err(Error::ChallengeExpired);
        }
        let policy = self.settings()?.verification;
        if !verification::is_answer(&challenge, picks) {
            let state = self.store.record_verification_failure(customer_id, now, &Lockout::of(&policy))?;
            return Err(match state.locked_at(now) {
                Some(until) => Error::VerificationLocked { until },
                None => Error::VerificationFailed,
            });
        }
        let (state, counted) = self.store.record_verification_pass(customer_id, now)?;
        if let (false, Some(until)) = (counted, state.locked_at(now)) {
            return Err(Error::VerificationLocked { until });
        }
        let ttl = secs(policy.session_ttl_secs);
        let (session, record) = verification::new_session(customer_id, now, ttl, self.env.random.as_ref());
        self.store.insert_session(&record)?;
        Ok(session)
    }

    /// A3: a customer link's lockout state now: failures in a row since the last pass, lock or
    /// lift, and the end of the lock in force (`None` when the link is not locked).
    pub fn verification_lock(&self, customer_id: CustomerId) -> Result<VerificationLock> {
        self.get_customer(customer_id)?;
        let state = self.store.verification_lock(customer_id)?;
        Ok(VerificationLock { locked_until: state.locked_at(self.env.clock.now()), ..state })
    }

    /// A3: the supplier lifts a customer link's verification lock (and clears its failure
    /// count), so the buyer may start a challenge at once. Audited with `by` when a lock was in
    /// force; returns that event, or `None` when the link was not locked.
    pub fn lift_verification_lock(
        &self,
        customer_id: CustomerId,
        by: Option<&str>,
    ) -> Result<Option<VerificationLockEvent>> {
        self.get_customer(customer_id)?;
        let by = crate::normalize::optional_text(by);
        self.store.lift_verification_lock(customer_id, self.env.clock.now(), by.as_deref())
    }

    /// A3: the audit trail of a customer link's verification locks and lifts, oldest first.
    pub fn verification_lock_events(&self, customer_id: CustomerId) -> Result<Vec<VerificationLockEvent>> {
        self.get_customer(customer_id)?;
        self.store.verification_lock_events(customer_id)
    }
}

fn secs(s: u64) -> Duration {
    verification::secs(s)
}

mod activity;
mod carts;
pub use carts::{CheckoutView, IssuedCheckout};
mod platform;
pub use platform::{Platform, PlatformLink};
mod addresses;
mod export;
mod history;
mod import;
mod intake;
mod messages;
mod notes;
pub(crate) mod pricing;
mod tags;
