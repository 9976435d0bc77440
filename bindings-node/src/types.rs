//! The shapes values take in JS: plain objects (`#[napi(object)]`, so `index.d.ts` types every
//! field; an absent optional value is `null`, never a missing key) and string unions for the
//! core's enums, each spelt as the core's serde spells it.
//! Conversions are exhaustive matches, so a new core variant does not compile until it has a
//! JS name.

use chrono::{DateTime, Utc};
use napi_derive::napi;
use orderlink as core;

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A1: a customer's order web access.
#[napi(string_enum = "snake_case")]
pub enum OrderWebAccess {
    /// Active and not blocked: the link works.
    Available,
    /// Active, but order web access is blocked locally.
    Blocked,
    /// Not active (this wins over the local block).
    BlockedInactive,
}

impl From<core::OrderWebAccess> for OrderWebAccess {
    fn from(a: core::OrderWebAccess) -> Self {
        match a {
            core::OrderWebAccess::Available => OrderWebAccess::Available,
            core::OrderWebAccess::Blocked => OrderWebAccess::Blocked,
            core::OrderWebAccess::BlockedInactive => OrderWebAccess::BlockedInactive,
        }
    }
}

/// ST1: the storefront layout a customer sees.
#[napi(string_enum = "snake_case")]
pub enum OrderTemplate {
    /// E-commerce style (the system default).
    Ecommerce,
    /// A quantity grid.
    QuantityGrid,
}

impl From<core::OrderTemplate> for OrderTemplate {
    fn from(t: core::OrderTemplate) -> Self {
        match t {
            core::OrderTemplate::Ecommerce => OrderTemplate::Ecommerce,
            core::OrderTemplate::QuantityGrid => OrderTemplate::QuantityGrid,
        }
    }
}

/// ST1: how a customer pays at checkout.
#[napi(string_enum = "snake_case")]
pub enum CheckoutMode {
    /// Pay by card at checkout.
    PayNow,
    /// Invoice later.
    PayLater,
    /// Use the workspace's mode.
    Inherit,
}

impl From<core::CheckoutMode> for CheckoutMode {
    fn from(m: core::CheckoutMode) -> Self {
        match m {
            core::CheckoutMode::PayNow => CheckoutMode::PayNow,
            core::CheckoutMode::PayLater => CheckoutMode::PayLater,
            core::CheckoutMode::Inherit => CheckoutMode::Inherit,
        }
    }
}

/// ST1: how freight is charged.
#[napi(string_enum = "snake_case")]
pub enum FreightKind {
    /// A flat `amount` per order.
    FlatRate,
    /// Free at or over `threshold`, else `amount`.
    FreeOver,
    /// Entered by the supplier per order.
    Manual,
    /// Quoted after the order (the system default).
    ToBeConfirmed,
}

/// ST1: a customer's freight override. Amounts are decimal strings.
#[napi(object, use_nullable = true)]
pub struct Freight {
    /// How freight is charged.
    pub kind: FreightKind,
    /// The charge, for `flat_rate` and `free_over`.
    pub amount: Option<String>,
    /// The order total from which freight is free, for `free_over`.
    pub threshold: Option<String>,
}

impl From<core::Freight> for Freight {
    fn from(f: core::Freight) -> Self {
        let text = |d: rust_decimal::Decimal| Some(d.to_string());
        match f {
            core::Freight::FlatRate { amount } => {
                Freight { kind: FreightKind::FlatRate, amount: text(amount), threshold: None }
            }
            core::Freight::FreeOver { threshold, amount } => {
                Freight { kind: FreightKind::FreeOver, amount: text(amount), threshold: text(threshold) }
            }
            core::Freight::Manual => Freight { kind: FreightKind::Manual, amount: None, threshold: None },
            core::Freight::ToBeConfirmed => Freight { kind: FreightKind::ToBeConfirmed, amount: None, threshold: None },
        }
    }
}

/// C5: which customers a list shows by status (`listCustomers({ filter })`).
#[napi(string_enum = "snake_case")]
pub enum StatusFilter {
    /// Active customers only (the default).
    Active,
    /// Inactive customers only.
    Inactive,
    /// Every customer.
    All,
}

impl From<core::StatusFilter> for StatusFilter {
    fn from(f: core::StatusFilter) -> Self {
        match f {
            core::StatusFilter::Active => StatusFilter::Active,
            core::StatusFilter::Inactive => StatusFilter::Inactive,
            core::StatusFilter::All => StatusFilter::All,
        }
    }
}

/// C5: the grid columns a list can be sorted by (`listCustomers({ sort })`).
#[napi(string_enum = "snake_case")]
pub enum SortKey {
    /// Name (the default), accent- and case-insensitive.
    Name,
    /// Customer code.
    Code,
    /// Email.
    Email,
    /// Phone.
    Phone,
    /// Contact person.
    Contact,
    /// Active first.
    Active,
    /// Order web access (A1).
    OrderWebAccess,
    /// Number of orders.
    Orders,
    /// Total amount ordered.
    Amount,
    /// Date of the last order.
    LastOrder,
    /// Creation time.
    CreatedAt,
}

impl From<core::SortKey> for SortKey {
    fn from(k: core::SortKey) -> Self {
        match k {
            core::SortKey::Name => SortKey::Name,
            core::SortKey::Code => SortKey::Code,
            core::SortKey::Email => SortKey::Email,
            core::SortKey::Phone => SortKey::Phone,
            core::SortKey::Contact => SortKey::Contact,
            core::SortKey::Active => SortKey::Active,
            core::SortKey::OrderWebAccess => SortKey::OrderWebAccess,
            core::SortKey::Orders => SortKey::Orders,
            core::SortKey::Amount => SortKey::Amount,
            core::SortKey::LastOrder => SortKey::LastOrder,
            core::SortKey::CreatedAt => SortKey::CreatedAt,
        }
    }
}

/// S1: a customer field, as `editableFields` names it.
#[napi(string_enum = "snake_case")]
pub enum CustomerField {
    /// Name.
    Name,
    /// Customer code.
    Code,
    /// Email.
    Email,
    /// Phone.
    Phone,
    /// Contact person.
    Contact,
    /// Active.
    Active,
    /// Order web blocked.
    OrderWebBlocked,
    /// Price group.
    PriceGroup,
    /// Order template override.
    OrderTemplate,
    /// Checkout mode override.
    CheckoutMode,
    /// Freight override.
    Freight,
    /// Managing user.
    ManagedBy,
    /// Tags.
    Tags,
}

impl From<core::CustomerField> for CustomerField {
    fn from(f: core::CustomerField) -> Self {
        use core::CustomerField as F;
        match f {
            F::Name => CustomerField::Name,
            F::Code => CustomerField::Code,
            F::Email => CustomerField::Email,
            F::Phone => CustomerField::Phone,
            F::Contact => CustomerField::Contact,
            F::Active => CustomerField::Active,
            F::OrderWebBlocked => CustomerField::OrderWebBlocked,
            F::PriceGroup => CustomerField::PriceGroup,
            F::OrderTemplate => CustomerField::OrderTemplate,
            F::CheckoutMode => CustomerField::CheckoutMode,
            F::Freight => CustomerField::Freight,
            F::ManagedBy => CustomerField::ManagedBy,
            F::Tags => CustomerField::Tags,
        }
    }
}

/// A2, A3: why a link cannot be used fully, or at all (stable codes).
#[napi(string_enum = "UPPER_SNAKE")]
pub enum DenyReason {
    /// The code belongs to nobody.
    LinkNotFound,
    /// The customer is inactive.
    AccountInactive,
    /// Order web access is blocked locally.
    OrderingUnavailable,
    /// The supplier's trial has expired: look, but no submitting.
    TrialExpired,
    /// Strict mode: an email verification must pass first.
    VerificationRequired,
    /// Strict mode, but there is no email to verify against.
    NoEmailOnFile,
    /// CT3: the checkout link's cart was submitted or abandoned.
    CheckoutClosed,
    /// CT3: the checkout link is past its expiry.
    CheckoutExpired,
}

impl From<core::DenyReason> for DenyReason {
    fn from(r: core::DenyReason) -> Self {
        match r {
            core::DenyReason::LinkNotFound => DenyReason::LinkNotFound,
            core::DenyReason::AccountInactive => DenyReason::AccountInactive,
            core::DenyReason::OrderingUnavailable => DenyReason::OrderingUnavailable,
            core::DenyReason::TrialExpired => DenyReason::TrialExpired,
            core::DenyReason::VerificationRequired => DenyReason::VerificationRequired,
            core::DenyReason::NoEmailOnFile => DenyReason::NoEmailOnFile,
            core::DenyReason::CheckoutClosed => DenyReason::CheckoutClosed,
            core::DenyReason::CheckoutExpired => DenyReason::CheckoutExpired,
        }
    }
}

/// L4: what a link code points at.
#[napi(string_enum = "snake_case")]
pub enum LinkKind {
    /// A customer's own link.
    Customer,
    /// The workspace's public link.
    Workspace,
    /// CT3: a checkout link: one cart of one customer.
    Checkout,
    /// Well-formed, but nobody's (never issued, or rotated away).
    Unknown,
}

/// A customer record.
#[napi(object, use_nullable = true)]
pub struct Customer {
    /// The customer's id (a UUID).
    pub id: String,
    /// C1: trimmed, 1 to 200 characters.
    pub name: String,
    /// C2: unique in the workspace without case.
    pub code: Option<String>,
    /// C3: a valid address, domain lower-cased.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Contact person.
    pub contact: Option<String>,
    /// Whether the customer is active.
    pub active: bool,
    /// Order web access blocked locally (independent of `active`).
    pub order_web_blocked: bool,
    /// A1: the effective order web access.
    pub order_web_access: OrderWebAccess,
    /// L1, L2: the customer's order link code (26 characters, Crockford base32).
    pub link_code: String,
    /// The customer's price group, by name.
    pub price_group: Option<String>,
    /// ST1: the customer's own order template, if it overrides the workspace's.
    pub order_template: Option<OrderTemplate>,
    /// ST1: the customer's own checkout mode, if it overrides the workspace's.
    pub checkout_mode: Option<CheckoutMode>,
    /// ST1: the customer's own freight, if it overrides the workspace's.
    pub freight: Option<Freight>,
    /// C6: the id of the user who manages this customer.
    pub managed_by: Option<String>,
    /// Tags, trimmed and without duplicates.
    pub tags: Vec<String>,
    /// S3: the id in the external system, when the customer came from contacts sync.
    pub external_id: Option<String>,
    /// When the customer was created.
    pub created_at: DateTime<Utc>,
    /// When the customer last changed.
    pub updated_at: DateTime<Utc>,
    /// Number of orders placed.
    pub orders: i64,
    /// Total of those orders in the workspace currency: a decimal string, never a float.
    pub amount: String,
    /// When the newest order was placed.
    pub last_order_at: Option<DateTime<Utc>>,
    /// Bumped on every write.
    pub version: i64,
    /// `'lead'` until the customer has placed an order (drafts do not count), then `'customer'`.
    pub kind: crate::details::CustomerKind,
    /// How many of its orders are drafts.
    pub drafts: i64,
    /// Its addresses, oldest first.
    pub addresses: Vec<crate::details::Address>,
}

impl From<core::Customer> for Customer {
    fn from(c: core::Customer) -> Self {
        Customer {
            id: c.id.to_string(),
            order_web_access: c.order_web_access().into(),
            kind: c.kind().into(),
            name: c.name,
            code: c.code,
            email: c.email.map(|e| e.as_str().to_owned()),
            phone: c.phone,
            contact: c.contact,
            active: c.active,
            order_web_blocked: c.order_web_blocked,
            link_code: c.link_code.as_str().to_owned(),
            price_group: c.price_group,
            order_template: c.order_template.map(Into::into),
            checkout_mode: c.checkout_mode.map(Into::into),
            freight: c.freight.map(Into::into),
            managed_by: c.managed_by.map(|u| u.to_string()),
            tags: c.tags,
            external_id: c.external_id,
            created_at: c.created_at,
            updated_at: c.updated_at,
            orders: count(c.stats.orders),
            amount: c.stats.amount.to_string(),
            last_order_at: c.stats.last_order_at,
            version: count(c.version),
            drafts: count(c.stats.drafts),
            addresses: c.addresses.into_iter().map(Into::into).collect(),
        }
    }
}

/// C5: a page of customers and the total matching.
#[napi(object, use_nullable = true)]
pub struct CustomerPage {
    /// The customers on this page.
    pub items: Vec<Customer>,
    /// How many customers match the query, on every page; with `countLimit` and more
    /// matching, the limit.
    pub total: i64,
    /// W4: whether `total` is the exact count (false only when `countLimit` was reached).
    pub total_exact: bool,
    /// The offset asked for.
    pub offset: i64,
    /// The page size asked for.
    pub limit: i64,
}

impl From<core::Page<core::Customer>> for CustomerPage {
    fn from(page: core::Page<core::Customer>) -> Self {
        let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
        CustomerPage {
            total: n(page.total),
            total_exact: page.total_exact,
            offset: n(page.offset),
            limit: n(page.limit),
            items: page.items.into_iter().map(Customer::from).collect(),
        }
    }
}

/// S1–S3: contacts sync flags. Sync is active when it is both enabled and connected.
#[napi(object, use_nullable = true)]
pub struct ContactsSync {
    /// Sync is switched on.
    pub enabled: bool,
    /// The external system is connected.
    pub connected: bool,
    /// The phone number is mapped to an external field (then it is locked too).
    pub phone_mapped: bool,
}

/// A3: the strict-mode challenge policy.
#[napi(object, use_nullable = true)]
pub struct VerificationPolicy {
    /// How long a challenge may be answered, in seconds.
    pub challenge_ttl_secs: i64,
    /// At most this many challenges per link …
    pub max_challenges: i64,
    /// … within this many seconds.
    pub window_secs: i64,
    /// How long a passed verification lets the buyer in, in seconds.
    pub session_ttl_secs: i64,
    /// Pictures shown per round (2 to 16; 4 by default).
    pub options_shown: i64,
    /// Rounds per challenge (1 to 8; 1 by default); every pick must be right.
    pub rounds: i64,
    /// This many failed challenges in a row lock the link (3 by default) …
    pub lockout_after_failures: i64,
    /// … for this many seconds (24 h by default), unless the supplier lifts the lock.
    pub lockout_secs: i64,
}

impl From<core::VerificationPolicy> for VerificationPolicy {
    fn from(v: core::VerificationPolicy) -> Self {
        VerificationPolicy {
            challenge_ttl_secs: count(v.challenge_ttl_secs),
            max_challenges: i64::from(v.max_challenges),
            window_secs: count(v.window_secs),
            session_ttl_secs: count(v.session_ttl_secs),
            options_shown: i64::from(v.options_shown),
            rounds: i64::from(v.rounds),
            lockout_after_failures: i64::from(v.lockout_after_failures),
            lockout_secs: count(v.lockout_secs),
        }
    }
}

/// A workspace's settings.
#[napi(object, use_nullable = true)]
pub struct WorkspaceSettings {
    /// W1: the workspace's id in its store.
    pub id: String,
    /// The supplier's name, as buyers see it.
    pub name: String,
    /// L1: the public workspace link's code.
    pub link_code: String,
    /// L3: the public workspace link.
    pub link_url: String,
    /// L3: the base of every order link.
    pub base_url: String,
    /// PR3: ISO 4217 code of the workspace currency.
    pub currency: String,
    /// S1–S3: contacts sync flags.
    pub contacts_sync: ContactsSync,
    /// A3: customer links need an email challenge before the catalogue loads.
    pub strict_security: bool,
    /// A2: buyers may look but not submit.
    pub trial_expired: bool,
    /// C4: customer names are unique in the workspace.
    pub unique_names: bool,
    /// A3: challenge limits.
    pub verification: VerificationPolicy,
    /// ST1: the order settings customers inherit unless they override them.
    pub defaults: OrderDefaults,
}

/// ST1: a workspace's defaults for what a customer may override; `null` means the system
/// default.
#[napi(object, use_nullable = true)]
pub struct OrderDefaults {
    /// The storefront layout customers get.
    pub order_template: Option<OrderTemplate>,
    /// The checkout mode customers get (`'inherit'` here means none).
    pub checkout_mode: Option<CheckoutMode>,
    /// The freight customers get.
    pub freight: Option<Freight>,
    /// Card payments are set up; while they are not, Pay now is forced to Pay later.
    pub card_payments_ready: bool,
}

impl From<core::OrderDefaults> for OrderDefaults {
    fn from(d: core::OrderDefaults) -> Self {
        OrderDefaults {
            order_template: d.order_template.map(Into::into),
            checkout_mode: d.checkout_mode.map(Into::into),
            freight: d.freight.map(Into::into),
            card_payments_ready: d.card_payments_ready,
        }
    }
}

impl From<core::WorkspaceSettings> for WorkspaceSettings {
    fn from(s: core::WorkspaceSettings) -> Self {
        WorkspaceSettings {
            id: s.id.to_string(),
            defaults: s.defaults.into(),
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
            verification: s.verification.into(),
        }
    }
}

/// L4: what a link points at.
#[napi(object, use_nullable = true)]
pub struct LinkTarget {
    /// Customer link, workspace link, checkout link, or unknown.
    pub kind: LinkKind,
    /// The customer, on a customer link (or the cart's, on a checkout link).
    pub customer_id: Option<String>,
    /// CT3: the cart, on a checkout link.
    pub cart_id: Option<String>,
}

impl From<core::LinkTarget> for LinkTarget {
    fn from(t: core::LinkTarget) -> Self {
        match t {
            core::LinkTarget::Customer { customer_id } => {
                LinkTarget { kind: LinkKind::Customer, customer_id: Some(customer_id.to_string()), cart_id: None }
            }
            core::LinkTarget::Checkout { customer_id, cart_id } => LinkTarget {
                kind: LinkKind::Checkout,
                customer_id: Some(customer_id.to_string()),
                cart_id: Some(cart_id.to_string()),
            },
            core::LinkTarget::Workspace => LinkTarget { kind: LinkKind::Workspace, customer_id: None, cart_id: None },
            core::LinkTarget::Unknown => LinkTarget { kind: LinkKind::Unknown, customer_id: None, cart_id: None },
        }
    }
}

/// A2–A4: what opening a link allows.
#[napi(object, use_nullable = true)]
pub struct LinkDecision {
    /// The customer whose link this is; absent on the workspace link or an unknown code.
    pub customer_id: Option<String>,
    /// Whether this is the workspace's public link.
    pub is_workspace_link: bool,
    /// CT3: the cart a checkout link opens; absent on any other link.
    pub cart_id: Option<String>,
    /// Whether the code was found at all.
    pub found: bool,
    /// A1: the customer's order web access, on a customer link.
    pub access: Option<OrderWebAccess>,
    /// The catalogue may load.
    pub may_view: bool,
    /// An order may be submitted.
    pub may_submit: bool,
    /// A3: an email challenge must pass before the catalogue loads.
    pub needs_verification: bool,
    /// A4: the confirmation step's greeting ("Welcome back, …" / "Welcome to …").
    pub greeting: Option<String>,
    /// Why not everything is allowed.
    pub reason: Option<DenyReason>,
    /// A4: the reason in a buyer's words.
    pub message: Option<String>,
}

impl From<core::LinkDecision> for LinkDecision {
    fn from(d: core::LinkDecision) -> Self {
        LinkDecision {
            customer_id: d.customer_id.map(|c| c.to_string()),
            is_workspace_link: d.is_workspace_link,
            cart_id: d.cart_id.map(|c| c.to_string()),
            found: d.found,
            access: d.access.map(Into::into),
            may_view: d.may_view,
            may_submit: d.may_submit,
            needs_verification: d.needs_verification,
            greeting: d.greeting,
            reason: d.reason.map(Into::into),
            message: d.message,
        }
    }
}

/// A3: a started challenge: the code word to email and the pictures to show.
#[napi(object, use_nullable = true)]
pub struct ChallengeStart {
    /// Give this back to `completeVerification`.
    pub challenge_id: String,
    /// The customer being verified.
    pub customer_id: String,
    /// Where to send the code word.
    pub email: String,
    /// What the email carries: the code word, or with several rounds the words in round order
    /// separated by spaces. Send it to `email`; never show it in the portal.
    pub code_word: String,
    /// The code word of each round, in order.
    pub code_words: Vec<String>,
    /// The pictures the portal shows in the first round, in display order.
    pub options: Vec<String>,
    /// The pictures of every round, in round order, each in display order.
    pub rounds: Vec<Vec<String>>,
    /// After this the challenge can no longer be answered.
    pub expires_at: DateTime<Utc>,
}

impl From<core::ChallengeStart> for ChallengeStart {
    fn from(s: core::ChallengeStart) -> Self {
        ChallengeStart {
            challenge_id: s.challenge_id.to_string(),
            customer_id: s.customer_id.to_string(),
            email: s.email.as_str().to_owned(),
            code_word: s.code_word,
            code_words: s.code_words,
            options: s.options,
            rounds: s.rounds,
            expires_at: s.expires_at,
        }
    }
}

/// A3: a passed verification. Give `token` to `openLink`.
#[napi(object, use_nullable = true)]
pub struct VerifiedSession {
    /// The session token the buyer's browser keeps.
    pub token: String,
    /// The customer verified.
    pub customer_id: String,
    /// When the session stops letting the buyer in.
    pub expires_at: DateTime<Utc>,
}

impl From<core::VerifiedSession> for VerifiedSession {
    fn from(s: core::VerifiedSession) -> Self {
        VerifiedSession { token: s.token, customer_id: s.customer_id.to_string(), expires_at: s.expires_at }
    }
}

/// S3: what a sync batch did, by customer id.
#[napi(object, use_nullable = true)]
pub struct SyncReport {
    /// Customers created by the batch.
    pub created: Vec<String>,
    /// Customers whose synced fields changed.
    pub updated: Vec<String>,
    /// Customers the batch left as they were.
    pub unchanged: Vec<String>,
}

impl From<core::SyncReport> for SyncReport {
    fn from(r: core::SyncReport) -> Self {
        let ids = |v: Vec<core::CustomerId>| v.into_iter().map(|c| c.to_string()).collect();
        SyncReport { created: ids(r.created), updated: ids(r.updated), unchanged: ids(r.unchanged) }
    }
}

/// A3: a customer link's verification lockout state.
#[napi(object, use_nullable = true)]
pub struct VerificationLock {
    /// Failed challenges in a row since the last pass, lock or lift.
    pub failures: i64,
    /// When the lock in force ends; `null` when the link is not locked.
    pub locked_until: Option<DateTime<Utc>>,
}

impl From<core::VerificationLock> for VerificationLock {
    fn from(l: core::VerificationLock) -> Self {
        VerificationLock { failures: i64::from(l.failures), locked_until: l.locked_until }
    }
}

/// A3: what happened to a link's verification lock.
#[napi(string_enum = "snake_case")]
pub enum LockAction {
    /// Failed challenges locked the link.
    Locked,
    /// The supplier lifted the lock before it ended.
    Lifted,
}

/// A3: one audited lock or lift of a customer link's verification.
#[napi(object, use_nullable = true)]
pub struct VerificationLockEvent {
    /// The customer whose link it is.
    pub customer_id: String,
    /// Locked or lifted.
    pub action: LockAction,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Locked: when the lock ends. Lifted: when it would have ended.
    pub until: DateTime<Utc>,
    /// Locked: the failures in a row that locked it. Lifted: 0.
    pub failures: i64,
    /// Lifted: who lifted it, as given.
    pub by: Option<String>,
}

impl From<core::VerificationLockEvent> for VerificationLockEvent {
    fn from(e: core::VerificationLockEvent) -> Self {
        VerificationLockEvent {
            customer_id: e.customer_id.to_string(),
            action: match e.action {
                core::LockAction::Locked => LockAction::Locked,
                core::LockAction::Lifted => LockAction::Lifted,
            },
            at: e.at,
            until: e.until,
            failures: i64::from(e.failures),
            by: e.by,
        }
    }
}

/// A3: the odds that a guesser holding only the link passes within some time.
#[napi(object, use_nullable = true)]
pub struct GuessOdds {
    /// One challenge passes with probability `1 / perChallengeOneIn`.
    pub per_challenge_one_in: i64,
    /// How many challenges the guesser can answer within the time.
    pub challenges: i64,
    /// The chance one of them passes.
    pub probability: f64,
    /// The chance every one fails (0 when too small for a double).
    pub all_fail: f64,
    /// The arithmetic, e.g. `3 challenges: 1 − (3/4)^3 = 0.578125`.
    pub text: String,
}

impl From<core::GuessOdds> for GuessOdds {
    fn from(o: core::GuessOdds) -> Self {
        GuessOdds {
            per_challenge_one_in: count(o.per_challenge_one_in),
            challenges: count(o.challenges),
            probability: o.probability,
            all_fail: o.all_fail,
            text: o.to_string(),
        }
    }
}

/// L5: one audited link rotation.
#[napi(object, use_nullable = true)]
pub struct LinkRotation {
    /// The customer whose link was rotated.
    pub customer_id: String,
    /// The retired code; it answers as unknown from then on.
    pub old_code: String,
    /// The code issued in its place.
    pub new_code: String,
    /// When the rotation happened.
    pub at: DateTime<Utc>,
    /// Who rotated it, as given.
    pub by: Option<String>,
    /// Why, as given.
    pub reason: Option<String>,
}

impl From<core::LinkRotation> for LinkRotation {
    fn from(r: core::LinkRotation) -> Self {
        LinkRotation {
            customer_id: r.customer_id.to_string(),
            old_code: r.old_code.as_str().to_owned(),
            new_code: r.new_code.as_str().to_owned(),
            at: r.at,
            by: r.by,
            reason: r.reason,
        }
    }
}
