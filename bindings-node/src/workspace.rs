//! `Workspace`: one supplier's tenant over the in-memory store. Each method reads its
//! arguments, calls the core method of the same name, and shapes the answer; the core decides.

use crate::clock::ManualClock;
use crate::convert::{
    array, from_json, object, object_json, opt_number, opt_object, opt_text, parse_id, prop, text, texts,
};
use crate::error::{invalid, run, Result};
use crate::pricing::SheetCache;
use crate::store::{store_arg, store_in};
use crate::types::{
    ChallengeStart, Customer, CustomerField, CustomerPage, LinkDecision, LinkRotation, LinkTarget, SyncReport,
    VerificationLock, VerificationLockEvent, VerifiedSession, WorkspaceSettings,
};
use napi::bindgen_prelude::{ClassInstance, Env, JsValue, Object, ObjectFinalize, Unknown};
use napi_derive::napi;
use orderlink as core;
use serde_json::{json, Map, Value};
use std::cell::RefCell;
use std::sync::Arc;

/// Settings a workspace is created with (snake_case, as the core's `NewWorkspace` names them).
pub(crate) const OPTION_KEYS: &[&str] = &[
    "base_url",
    "currency",
    "contacts_sync",
    "strict_security",
    "trial_expired",
    "unique_names",
    "verification",
    "defaults",
    "import_limits",
];
/// What `createCustomer` and `updateCustomer` take.
pub(crate) const CUSTOMER_KEYS: &[&str] = &[
    "name",
    "code",
    "email",
    "phone",
    "contact",
    "active",
    "order_web_blocked",
    "price_group",
    "order_template",
    "checkout_mode",
    "freight",
    "managed_by",
    "tags",
];
/// What one contacts-sync record holds.
pub(crate) const SYNC_KEYS: &[&str] = &["external_id", "name", "code", "email", "phone", "contact", "active"];
/// What `listCustomers` takes.
const QUERY_KEYS: &[&str] =
    &["filter", "search", "sort", "descending", "offset", "limit", "guest", "tag", "kind", "address", "count_limit"];

/// Who rotated a link and why (L5).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Audit {
    #[serde(default)]
    pub(crate) by: Option<String>,
    #[serde(default)]
    pub(crate) reason: Option<String>,
}

/// One supplier's workspace, kept in `store` (a `SqliteStore` file, say; a new `MemoryStore`
/// when not given), which must hold no workspace yet (`WORKSPACE_EXISTS`; open that one with
/// `Workspace.open`).
///
/// `seed` makes codes, ids and challenges reproducible: **for tests only**, since anyone who
/// knows the seed can guess every link. Without it codes come from the OS CSPRNG (L2).
/// `clock` takes a `ManualClock`; without it the system clock is used.
///
/// ```js
/// const ws = new Workspace('Harbour Foods', { baseUrl: 'https://shop.example' })
/// const deli = ws.createCustomer({ name: 'Corner Deli', email: 'orders@deli.example' })
/// ws.openLink(ws.linkUrl(deli.id)).greeting // 'Welcome back, Corner Deli'
/// ```
#[napi(custom_finalize)]
pub struct Workspace {
    pub(crate) inner: core::Workspace,
    /// PR4: what `resolvePrices` keeps between calls.
    pub(crate) sheets: RefCell<SheetCache>,
}

/// The list query of `listCustomers` (and `exportCustomers`): camelCase keys, `guest` a user id.
pub(crate) fn customer_query(query: Option<&Unknown<'_>>) -> Result<core::CustomerQuery> {
    let mut map = match opt_object("query", query)? {
        Some(q) => object_json("list query", &q, QUERY_KEYS, &[])?,
        None => Map::new(),
    };
    guest_to_viewer(&mut map)?;
    from_json("list query", map)
}

/// C6: an options object's `guest` (a user id, or absent for an admin) as the core's `viewer`.
pub(crate) fn guest_to_viewer(map: &mut Map<String, Value>) -> Result<()> {
    let viewer = match map.remove("guest") {
        Some(Value::String(user)) => {
            let user: core::UserId = user.parse()?;
            json!({"role": "guest", "user_id": user})
        }
        Some(Value::Null) | None => json!({"role": "admin"}),
        Some(other) => return Err(invalid("guest", format!("expected a user id string, got {other}"))),
    };
    map.insert("viewer".into(), viewer);
    Ok(())
}

/// Time and randomness from the `seed` and `clock` options: a seeded CSPRNG (tests only) or
/// the OS's; a `ManualClock` or the system clock.
fn env_of(options: Option<&Object<'_>>) -> Result<core::Env> {
    let seed = match options {
        Some(o) => opt_number("seed", prop("seed", o)?.as_ref())?,
        None => None,
    };
    let random: Arc<dyn core::RandomSource> = match seed {
        Some(s) if s >= 0.0 && s.fract() == 0.0 && s <= 9_007_199_254_740_991.0 => {
            Arc::new(core::SeededRandom::new(s as u64))
        }
        Some(_) => return Err(invalid("seed", "must be a whole number from 0 to 2^53 - 1")),
        None => Arc::new(core::OsRandom),
    };
    let clock: Arc<dyn core::Clock> = match options {
        Some(o) if prop("clock", o)?.is_some() => {
            let not_a_clock = || invalid("clock", "must be a ManualClock");
            let c = o.get::<ClassInstance<ManualClock>>("clock").map_err(|_| not_a_clock())?;
            c.ok_or_else(not_a_clock)?.inner.clone()
        }
        _ => Arc::new(core::SystemClock),
    };
    Ok(core::Env::new(clock, random))
}

/// Time and randomness from an options object that may hold only `allowed` of `seed` and
/// `clock` (`store.workspace`, `store.openLink`).
pub(crate) fn env_options(what: &'static str, options: Option<&Unknown<'_>>, allowed: &[&str]) -> Result<core::Env> {
    let options = opt_object(what, options)?;
    if let Some(o) = &options {
        object_json(what, o, &[], allowed)?;
    }
    env_of(options.as_ref())
}

/// What `new Workspace(name, options)` reads from its arguments: the store, time and
/// randomness, and the settings (shared with `Workspace.createAsync`).
pub(crate) fn creation(
    name: &Unknown<'_>,
    options: Option<&Unknown<'_>>,
) -> Result<(Arc<dyn core::PlatformStore>, core::Env, core::NewWorkspace)> {
    let name = text("name", name)?;
    let options = opt_object("workspace options", options)?;
    let mut map = match &options {
        Some(o) => object_json("workspace option", o, OPTION_KEYS, &["seed", "clock", "store"])?,
        None => Map::new(),
    };
    map.insert("name".into(), Value::String(name));
    let new: core::NewWorkspace = from_json("workspace options", map)?;
    let store = match &options {
        Some(o) => store_in(o)?,
        None => None,
    };
    let store = store.unwrap_or_else(|| Arc::new(core::MemoryStore::new()));
    Ok((store, env_of(options.as_ref())?, new))
}

/// What `Workspace.open(store, options)` reads (shared with `Workspace.openAsync`).
pub(crate) fn opening(
    env: &Env,
    store: Unknown<'_>,
    options: Option<&Unknown<'_>>,
) -> Result<(Arc<dyn core::PlatformStore>, core::Env)> {
    let store = store_arg(env, store)?;
    let options = opt_object("open options", options)?;
    if let Some(o) = &options {
        object_json("open option", o, &[], &["seed", "clock"])?;
    }
    Ok((store, env_of(options.as_ref())?))
}

impl ObjectFinalize for Workspace {
    fn finalize(self, env: Env) -> napi::Result<()> {
        self.sheets.into_inner().release(&env)
    }
}

#[napi]
impl Workspace {
    /// A new workspace in `options.store`, or in a fresh in-memory store.
    #[napi(
        constructor,
        ts_args_type = "name: string, options?: { baseUrl?: string; currency?: string; contactsSync?: { enabled?: boolean; connected?: boolean; phoneMapped?: boolean }; strictSecurity?: boolean; trialExpired?: boolean; uniqueNames?: boolean; /** A3: the challenge policy; only the keys given change. */ verification?: { challengeTtlSecs?: number; maxChallenges?: number; windowSecs?: number; sessionTtlSecs?: number; optionsShown?: number; rounds?: number; lockoutAfterFailures?: number; lockoutSecs?: number }; /** ST1: what customers inherit; replaced whole. */ defaults?: { orderTemplate?: OrderTemplate | null; checkoutMode?: CheckoutMode | null; freight?: { kind: FreightKind; amount?: string | number; threshold?: string | number } | null; cardPaymentsReady?: boolean }; /** I5: import limits (rows, bytes); past them a file is refused whole. */ importLimits?: { maxRows?: number; maxBytes?: number }; /** Tests only: a known seed makes every link guessable. */ seed?: number; clock?: ManualClock; /** Where the workspace is kept (a new MemoryStore when not given). */ store?: SqliteStore | MemoryStore | PostgresStore }"
    )]
    pub fn new(env: Env, name: Unknown<'_>, options: Option<Unknown<'_>>) -> napi::Result<Self> {
        run(&env, || {
            let (store, env, new) = creation(&name, options.as_ref())?;
            Ok(Workspace { inner: core::Workspace::create(store, env, new)?, sheets: RefCell::default() })
        })
    }

    /// Opens the workspace a store already holds (a file written before, say); `seed` and
    /// `clock` as for the constructor. `WORKSPACE_NOT_FOUND` when the store is empty.
    ///
    /// ```js
    /// const ws = Workspace.open(new SqliteStore('shop.db'), { clock })
    /// ```
    #[napi(
        factory,
        ts_args_type = "store: SqliteStore | MemoryStore | PostgresStore, options?: { /** Tests only: a known seed makes every link guessable. */ seed?: number; clock?: ManualClock }"
    )]
    pub fn open(env: Env, store: Unknown<'_>, options: Option<Unknown<'_>>) -> napi::Result<Self> {
        run(&env, || {
            let (store, env) = opening(&env, store, options.as_ref())?;
            Ok(Workspace { inner: core::Workspace::open(store, env)?, sheets: RefCell::default() })
        })
    }

    /// W1: this workspace's id in its store: what `store.workspace(id)` opens it by (a method,
    /// as `settings()` is: it reads the store).
    #[napi]
    pub fn id(&self, env: Env) -> napi::Result<String> {
        run(&env, || Ok(self.inner.id()?.to_string()))
    }

    /// The workspace settings.
    #[napi]
    pub fn settings(&self, env: Env) -> napi::Result<WorkspaceSettings> {
        run(&env, || Ok(self.inner.settings()?.into()))
    }

    /// Changes settings, e.g. `{ trialExpired: true }`. A nested object changes only the keys
    /// it gives (`{ contactsSync: { connected: false } }` keeps `enabled`); an absent key leaves
    /// a setting as it is, and `null` is refused (`INVALID_ARGUMENT`) where it cannot clear
    /// anything (`{ name: null }`), as Python refuses `None`; `defaults` (ST1) is replaced whole. Every value is
    /// validated before anything is saved.
    #[napi(
        ts_args_type = "changes: { name?: string; baseUrl?: string; currency?: string; contactsSync?: { enabled?: boolean; connected?: boolean; phoneMapped?: boolean }; strictSecurity?: boolean; trialExpired?: boolean; uniqueNames?: boolean; /** A3: the challenge policy; only the keys given change. */ verification?: { challengeTtlSecs?: number; maxChallenges?: number; windowSecs?: number; sessionTtlSecs?: number; optionsShown?: number; rounds?: number; lockoutAfterFailures?: number; lockoutSecs?: number }; /** ST1: what customers inherit; replaced whole. */ defaults?: { orderTemplate?: OrderTemplate | null; checkoutMode?: CheckoutMode | null; freight?: { kind: FreightKind; amount?: string | number; threshold?: string | number } | null; cardPaymentsReady?: boolean }; importLimits?: { maxRows?: number; maxBytes?: number } }"
    )]
    pub fn update_settings(&self, env: Env, changes: Unknown<'_>) -> napi::Result<WorkspaceSettings> {
        run(&env, || {
            // `updateSettings` may change the options and the name.
            let keys: Vec<&str> = std::iter::once("name").chain(OPTION_KEYS.iter().copied()).collect();
            let map = object_json("settings change", &object("changes", &changes)?, &keys, &[])?;
            let patch: core::SettingsPatch = crate::convert::patch_json("settings change", map)?;
            Ok(self.inner.update_settings(patch)?.into())
        })
    }

    /// C1–C4, L1: creates a customer with a fresh link code. Refused with
    /// `SOURCE_OF_TRUTH_EXTERNAL` while contacts sync is active (S2).
    #[napi(
        ts_args_type = "input: { name: string; code?: string | null; email?: string | null; phone?: string | null; contact?: string | null; active?: boolean; orderWebBlocked?: boolean; priceGroup?: string | null; orderTemplate?: OrderTemplate | null; checkoutMode?: CheckoutMode | null; freight?: { kind: FreightKind; amount?: string | number; threshold?: string | number } | null; managedBy?: string | null; tags?: string[] }"
    )]
    pub fn create_customer(&self, env: Env, input: Unknown<'_>) -> napi::Result<Customer> {
        run(&env, || {
            let map = object_json("customer", &object("input", &input)?, CUSTOMER_KEYS, &[])?;
            Ok(self.inner.create_customer(from_json("customer", map)?)?.into())
        })
    }

    /// C1–C4, S1: changes the given fields. A key set to `null` clears an optional field; an
    /// absent or `undefined` key leaves it as it is. Under contacts sync the locked fields are
    /// refused with `FIELD_LOCKED`.
    #[napi(
        ts_args_type = "id: string, changes: { name?: string; code?: string | null; email?: string | null; phone?: string | null; contact?: string | null; active?: boolean; orderWebBlocked?: boolean; priceGroup?: string | null; orderTemplate?: OrderTemplate | null; checkoutMode?: CheckoutMode | null; freight?: { kind: FreightKind; amount?: string | number; threshold?: string | number } | null; managedBy?: string | null; tags?: string[] }"
    )]
    pub fn update_customer(&self, env: Env, id: Unknown<'_>, changes: Unknown<'_>) -> napi::Result<Customer> {
        run(&env, || {
            let id = parse_id("id", &id)?;
            let map = object_json("customer change", &object("changes", &changes)?, CUSTOMER_KEYS, &[])?;
            Ok(self.inner.update_customer(id, crate::convert::patch_json("customer change", map)?)?.into())
        })
    }

    /// One customer, or `CUSTOMER_NOT_FOUND`.
    #[napi(ts_args_type = "id: string")]
    pub fn get_customer(&self, env: Env, id: Unknown<'_>) -> napi::Result<Customer> {
        run(&env, || Ok(self.inner.get_customer(parse_id("id", &id)?)?.into()))
    }

    /// C7: deletes a customer without orders; one with orders is refused with
    /// `CUSTOMER_HAS_ORDERS` (deactivate it instead).
    #[napi(ts_args_type = "id: string")]
    pub fn delete_customer(&self, env: Env, id: Unknown<'_>) -> napi::Result<()> {
        run(&env, || self.inner.delete_customer(parse_id("id", &id)?))
    }

    /// C5, C6: a page of customers and the total matching. By default the first 50 active
    /// customers by name. `guest` is a user id: that user sees only the customers it manages.
    /// `tag` keeps customers with that tag (without case); `kind` is `'lead'` (no placed order
    /// yet) or `'customer'`; `address` is the advanced search, a substring of any field of any
    /// of the customer's addresses. `countLimit` (W4) counts matches only up to that many, so a
    /// page of a large workspace costs what the page needs: past it `total` is `countLimit` and
    /// `totalExact` is false (the items are the right page either way).
    #[napi(
        ts_args_type = "query?: { filter?: StatusFilter; search?: string; sort?: SortKey; descending?: boolean; offset?: number; limit?: number; guest?: string | null; tag?: string | null; kind?: CustomerKind | null; address?: string | null; /** W4: count matches only up to this many (`totalExact` false past it); none: an exact total. */ countLimit?: number | null }"
    )]
    pub fn list_customers(&self, env: Env, query: Option<Unknown<'_>>) -> napi::Result<CustomerPage> {
        run(&env, || Ok(self.inner.list_customers(&customer_query(query.as_ref())?)?.into()))
    }

    /// S1: the fields of this customer that may be edited locally now, as snake_case names
    /// (`'order_web_blocked'`).
    #[napi(ts_args_type = "id: string")]
    pub fn editable_fields(&self, env: Env, id: Unknown<'_>) -> napi::Result<Vec<CustomerField>> {
        run(&env, || Ok(self.inner.editable_fields(parse_id("id", &id)?)?.into_iter().map(Into::into).collect()))
    }

    /// S3: upserts contacts from the external system by `externalId`, all or nothing. New
    /// ones get link codes; `orderWebBlocked` is never touched. `SYNC_NOT_ACTIVE` unless
    /// contacts sync is enabled and connected.
    #[napi(
        ts_args_type = "records: Array<{ externalId: string; name: string; code?: string | null; email?: string | null; phone?: string | null; contact?: string | null; active?: boolean }>"
    )]
    pub fn apply_contacts_sync(&self, env: Env, records: Unknown<'_>) -> napi::Result<SyncReport> {
        run(&env, || {
            let records: Vec<core::SyncRecord> = array("records", &records)?
                .iter()
                .map(|r| from_json("sync record", object_json("sync record", &object("record", r)?, SYNC_KEYS, &[])?))
                .collect::<Result<_>>()?;
            Ok(self.inner.apply_contacts_sync(&records)?.into())
        })
    }

    /// L3: the customer's order link, `{baseUrl}/order/{code}`.
    #[napi(ts_args_type = "id: string")]
    pub fn link_url(&self, env: Env, id: Unknown<'_>) -> napi::Result<String> {
        run(&env, || self.inner.link_url(parse_id("id", &id)?))
    }

    /// L3: the workspace's public order link.
    #[napi]
    pub fn workspace_link_url(&self, env: Env) -> napi::Result<String> {
        run(&env, || self.inner.workspace_link_url())
    }

    /// L3, L4: what a link (URL or bare code) points at. Malformed input is refused with
    /// `LINK_MALFORMED` before the store is asked anything.
    #[napi(ts_args_type = "codeOrUrl: string")]
    pub fn resolve_link(&self, env: Env, code_or_url: Unknown<'_>) -> napi::Result<LinkTarget> {
        run(&env, || Ok(self.inner.resolve_link(&text("codeOrUrl", &code_or_url)?)?.into()))
    }

    /// A1–A4: what opening this link allows. `sessionToken` is the token of a passed
    /// verification (A3), if the buyer's browser holds one.
    #[napi(ts_args_type = "codeOrUrl: string, sessionToken?: string | null")]
    pub fn open_link(
        &self,
        env: Env,
        code_or_url: Unknown<'_>,
        session_token: Option<Unknown<'_>>,
    ) -> napi::Result<LinkDecision> {
        run(&env, || {
            let link = text("codeOrUrl", &code_or_url)?;
            let token = opt_text("sessionToken", session_token.as_ref())?;
            Ok(self.inner.open_link(&link, token.as_deref())?.into())
        })
    }

    /// A3: starts a strict-mode email challenge for a customer link: the code word(s) to email
    /// and the pictures to show, as the `verification` policy sets them. `NO_EMAIL_ON_FILE`,
    /// `VERIFICATION_LOCKED`, `RATE_LIMITED`, `VERIFICATION_NOT_REQUIRED` when it cannot start.
    #[napi(ts_args_type = "codeOrUrl: string")]
    pub fn start_verification(&self, env: Env, code_or_url: Unknown<'_>) -> napi::Result<ChallengeStart> {
        run(&env, || Ok(self.inner.start_verification(&text("codeOrUrl", &code_or_url)?)?.into()))
    }

    /// A3: checks the buyer's pick: a string, or with a several-round policy an array of
    /// strings, one pick per round in order. The challenge is used up whatever the answer
    /// (`VERIFICATION_FAILED`, then `CHALLENGE_NOT_FOUND`); a wrong pick in any round, or the
    /// wrong number of picks, fails it and counts toward the lockout. The failure that locks the
    /// link, and any answer while it is locked, throw `VERIFICATION_LOCKED`;
    /// `CHALLENGE_EXPIRED` past its time (not counted).
    #[napi(ts_args_type = "challengeId: string, picked: string | string[]")]
    pub fn complete_verification(
        &self,
        env: Env,
        challenge_id: Unknown<'_>,
        picked: Unknown<'_>,
    ) -> napi::Result<VerifiedSession> {
        run(&env, || {
            let challenge: core::ChallengeId = parse_id("challengeId", &challenge_id)?;
            let picks = if picked.is_array().unwrap_or(false) {
                texts("picked", &picked)?
            } else {
                vec![text("picked", &picked)?]
            };
            Ok(self.inner.complete_verification_rounds(challenge, &strs(&picks))?.into())
        })
    }

    /// A3: the customer link's lockout state now: `failures` in a row since the last pass,
    /// lock or lift, and `lockedUntil` (`null` when not locked).
    #[napi(ts_args_type = "id: string")]
    pub fn verification_lock(&self, env: Env, id: Unknown<'_>) -> napi::Result<VerificationLock> {
        run(&env, || Ok(self.inner.verification_lock(parse_id("id", &id)?)?.into()))
    }

    /// A3: lifts the customer link's verification lock (and clears its failure count) so the
    /// buyer may start a challenge at once. Returns the audited event, or `null` when the link
    /// was not locked.
    #[napi(ts_args_type = "id: string, audit?: { by?: string | null }")]
    pub fn lift_verification_lock(
        &self,
        env: Env,
        id: Unknown<'_>,
        audit: Option<Unknown<'_>>,
    ) -> napi::Result<Option<VerificationLockEvent>> {
        run(&env, || {
            let id = parse_id("id", &id)?;
            let audit: Audit = match opt_object("audit", audit.as_ref())? {
                Some(a) => from_json("lift audit", object_json("lift audit", &a, &["by"], &[])?)?,
                None => Audit { by: None, reason: None },
            };
            Ok(self.inner.lift_verification_lock(id, audit.by.as_deref())?.map(Into::into))
        })
    }

    /// A3: the customer link's audited locks and lifts, oldest first.
    #[napi(ts_args_type = "id: string")]
    pub fn verification_lock_events(&self, env: Env, id: Unknown<'_>) -> napi::Result<Vec<VerificationLockEvent>> {
        run(&env, || {
            Ok(self.inner.verification_lock_events(parse_id("id", &id)?)?.into_iter().map(Into::into).collect())
        })
    }

    /// L5: gives a customer a new link code on purpose (a leaked link). The old code answers
    /// as unknown from then on; the rotation is audited.
    #[napi(ts_args_type = "id: string, audit?: { by?: string | null; reason?: string | null }")]
    pub fn rotate_link(&self, env: Env, id: Unknown<'_>, audit: Option<Unknown<'_>>) -> napi::Result<Customer> {
        run(&env, || {
            let id = parse_id("id", &id)?;
            let audit: Audit = match opt_object("audit", audit.as_ref())? {
                Some(a) => from_json("rotation audit", object_json("rotation audit", &a, &["by", "reason"], &[])?)?,
                None => Audit { by: None, reason: None },
            };
            Ok(self.inner.rotate_link(id, audit.by.as_deref(), audit.reason.as_deref())?.into())
        })
    }

    /// L5: the customer's link rotations, oldest first.
    #[napi(ts_args_type = "id: string")]
    pub fn link_rotations(&self, env: Env, id: Unknown<'_>) -> napi::Result<Vec<LinkRotation>> {
        run(&env, || Ok(self.inner.link_rotations(parse_id("id", &id)?)?.into_iter().map(Into::into).collect()))
    }
}

/// The picks of a challenge answer as the core takes them.
pub(crate) fn strs(picks: &[String]) -> Vec<&str> {
    picks.iter().map(String::as_str).collect()
}
