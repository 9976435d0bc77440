//! The workspace's own settings: its public link, currency, flags and policies.

use crate::customer::{CheckoutMode, Customer, Freight, OrderTemplate};
use crate::error::{Error, Result};
use crate::import::ImportLimits;
use crate::link::LinkCode;
use serde::{Deserialize, Serialize};

/// Contacts sync flags. Sync is *active* (the external system is the customer source of truth)
/// only when it is both enabled and connected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContactsSync {
    /// The workspace has turned contacts sync on.
    pub enabled: bool,
    /// The external system is connected. Sync is active only when this and `enabled` are both set.
    pub connected: bool,
    /// The phone number is mapped to a field of the external system (S1).
    pub phone_mapped: bool,
}

impl ContactsSync {
    /// S1/S2: whether the external system is the customer source of truth.
    pub fn is_active(&self) -> bool {
        self.enabled && self.connected
    }
}

/// A3: the strict-mode challenge policy: what a challenge shows, how often a link may ask for
/// one, and when repeated failures lock the link.
///
/// A guesser holding only the link passes one challenge with probability
/// `1 / options_shown ^ rounds`; [`crate::verification::guess_odds`] turns a policy into the
/// odds of passing within a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VerificationPolicy {
    /// How long a challenge may be answered, in seconds.
    pub challenge_ttl_secs: u64,
    /// At most this many challenges per link …
    pub max_challenges: u32,
    /// … within this many seconds.
    pub window_secs: u64,
    /// How long a passed verification lets the buyer in, in seconds.
    pub session_ttl_secs: u64,
    /// Pictures shown per round (2 to the 16 pictures there are; 4 by default).
    pub options_shown: u32,
    /// Rounds per challenge (1 to 8; 1 by default). A challenge passes only when every round's
    /// pick is right; a wrong pick ends it.
    pub rounds: u32,
    /// After this many failed challenges in a row (at least 1; 3 by default) the link is locked.
    pub lockout_after_failures: u32,
    /// How long a lock lasts, in seconds (24 hours by default), unless the supplier lifts it.
    pub lockout_secs: u64,
}

impl VerificationPolicy {
    /// The fewest pictures a round may show.
    pub const MIN_OPTIONS: u32 = 2;
    /// The most rounds a challenge may have (so `options_shown ^ rounds` fits 32 bits).
    pub const MAX_ROUNDS: u32 = 8;
    /// The longest any of the policy's times may be: 10 years, in seconds (so every time it
    /// adds to or takes from now stays a date).
    pub const MAX_SECS: u64 = 10 * 36_525 * 864;

    /// A3: checks every limit; `INVALID_ARGUMENT` naming the first one out of range.
    ///
    /// ```
    /// use orderlink::VerificationPolicy;
    /// assert!(VerificationPolicy::default().validate().is_ok());
    /// assert!(VerificationPolicy { options_shown: 1, ..Default::default() }.validate().is_err());
    /// assert!(VerificationPolicy { options_shown: 17, ..Default::default() }.validate().is_err());
    /// assert!(VerificationPolicy { rounds: 0, ..Default::default() }.validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<()> {
        let bad = |why: String| Err(Error::invalid("verification policy", why));
        let pictures = crate::verification::PICTURES.len() as u32;
        if !(Self::MIN_OPTIONS..=pictures).contains(&self.options_shown) {
            return bad(format!(
                "options_shown must be from {} to {pictures} (the pictures there are), not {}",
                Self::MIN_OPTIONS,
                self.options_shown
            ));
        }
        if !(1..=Self::MAX_ROUNDS).contains(&self.rounds) {
            return bad(format!("rounds must be from 1 to {}, not {}", Self::MAX_ROUNDS, self.rounds));
        }
        let named = [
            ("challenge_ttl_secs", self.challenge_ttl_secs),
            ("max_challenges", u64::from(self.max_challenges)),
            ("window_secs", self.window_secs),
            ("session_ttl_secs", self.session_ttl_secs),
            ("lockout_after_failures", u64::from(self.lockout_after_failures)),
            ("lockout_secs", self.lockout_secs),
        ];
        if let Some((name, _)) = named.iter().find(|(_, v)| *v == 0) {
            return bad(format!("{name} must be above zero"));
        }
        if let Some((name, v)) = named.iter().find(|(name, v)| name.ends_with("_secs") && *v > Self::MAX_SECS) {
            return bad(format!("{name} must be at most {} (10 years), not {v}", Self::MAX_SECS));
        }
        Ok(())
    }
}

impl Default for VerificationPolicy {
    /// The product's form (four pictures, one pick), five challenges an hour, and a lock for a
    /// day after three failures in a row: a buyer who mistaps twice still gets in, a guesser
    /// gets three picks a day instead of 120.
    fn default() -> Self {
        VerificationPolicy {
            challenge_ttl_secs: 10 * 60,
            max_challenges: 5,
            window_secs: 60 * 60,
            session_ttl_secs: 12 * 60 * 60,
            options_shown: 4,
            rounds: 1,
            lockout_after_failures: 3,
            lockout_secs: 24 * 60 * 60,
        }
    }
}

/// ST1: the workspace's defaults for what a customer may override.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OrderDefaults {
    /// ST1: the order template customers without an override get; `None` leaves the system
    /// default (E-commerce).
    pub order_template: Option<OrderTemplate>,
    /// `Inherit` here means "no workspace default".
    pub checkout_mode: Option<CheckoutMode>,
    /// ST1: the freight customers without an override get; `None` leaves the system default
    /// (to be confirmed).
    pub freight: Option<Freight>,
    /// Card payments are set up; when not, checkout is forced to Pay later.
    pub card_payments_ready: bool,
}

/// Where an effective setting came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingSource {
    /// The customer's own override.
    Customer,
    /// The workspace default.
    Workspace,
    /// The system default, neither the customer nor the workspace setting one.
    System,
}

/// ST1: a customer's effective order template, checkout mode and freight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EffectiveSettings {
    /// ST1: the storefront layout the customer sees.
    pub order_template: OrderTemplate,
    /// Where `order_template` came from.
    pub order_template_from: SettingSource,
    /// Never `Inherit`.
    pub checkout_mode: CheckoutMode,
    /// Where `checkout_mode` came from (the mode chosen, before Pay later was forced).
    pub checkout_mode_from: SettingSource,
    /// Pay now was chosen but card payments are not ready, so Pay later applies.
    pub pay_later_forced: bool,
    /// ST1: how freight is charged.
    pub freight: Freight,
    /// Where `freight` came from.
    pub freight_from: SettingSource,
}

impl EffectiveSettings {
    /// ST1: the customer's override, else the workspace default, else the system default
    /// (E-commerce template, Pay later, freight to be confirmed).
    pub fn of(customer: &Customer, defaults: &OrderDefaults) -> EffectiveSettings {
        fn pick<T: Copy>(own: Option<T>, ws: Option<T>, system: T) -> (T, SettingSource) {
            match (own, ws) {
                (Some(v), _) => (v, SettingSource::Customer),
                (None, Some(v)) => (v, SettingSource::Workspace),
                (None, None) => (system, SettingSource::System),
            }
        }
        let not_inherit = |m: Option<CheckoutMode>| m.filter(|m| *m != CheckoutMode::Inherit);
        let (order_template, order_template_from) =
            pick(customer.order_template, defaults.order_template, OrderTemplate::Ecommerce);
        let (mode, checkout_mode_from) =
            pick(not_inherit(customer.checkout_mode), not_inherit(defaults.checkout_mode), CheckoutMode::PayLater);
        let pay_later_forced = mode == CheckoutMode::PayNow && !defaults.card_payments_ready;
        let checkout_mode = if pay_later_forced { CheckoutMode::PayLater } else { mode };
        let (freight, freight_from) = pick(customer.freight, defaults.freight, Freight::ToBeConfirmed);
        EffectiveSettings {
            order_template,
            order_template_from,
            checkout_mode,
            checkout_mode_from,
            pay_later_forced,
            freight,
            freight_from,
        }
    }
}

/// A workspace's settings as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceSettings {
    /// W1: the workspace's id in its store. Documents written before W1 have none; the store
    /// answers with the id it keeps the workspace under.
    #[serde(default)]
    pub id: crate::ids::WorkspaceId,
    /// The supplier's name, as buyers see it (A4: "Welcome to {name}").
    pub name: String,
    /// The public workspace link's code (L1: unique against every customer code).
    pub link_code: LinkCode,
    /// Base of every order link, without a trailing slash (L3).
    pub base_url: String,
    /// ISO 4217 code of the workspace currency (PR3).
    pub currency: String,
    /// S1/S2: whether the external system is the customer source of truth.
    pub contacts_sync: ContactsSync,
    /// A3: customer links need an email challenge before the catalogue loads.
    pub strict_security: bool,
    /// A2: buyers may look but not submit.
    pub trial_expired: bool,
    /// C4: customer names are unique in the workspace.
    pub unique_names: bool,
    /// A3: the challenge policy of strict security mode.
    pub verification: VerificationPolicy,
    /// ST1 defaults.
    #[serde(default)]
    pub defaults: OrderDefaults,
    /// I5: how large an import may be.
    #[serde(default)]
    pub import_limits: ImportLimits,
    /// B1: the workspace's own message templates (the built-ins are not stored), each checked
    /// when it was set; change them with `Workspace::set_message_template`.
    #[serde(default)]
    pub message_templates: Vec<crate::messages::MessageTemplate>,
}

/// What is needed to create a workspace; everything but the name has a default.
///
/// ```
/// use orderlink::NewWorkspace;
/// let ws = NewWorkspace { base_url: "https://shop.example".into(), ..NewWorkspace::named("Acme Wholesale") };
/// assert_eq!(ws.currency, "USD");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewWorkspace {
    /// The supplier's name, as buyers see it (A4: "Welcome to {name}").
    pub name: String,
    /// L3: the base of every order link, e.g. `https://shop.example` (default
    /// `https://orderverse.io`).
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// PR3: the ISO 4217 code of the workspace currency (default `USD`).
    #[serde(default = "default_currency")]
    pub currency: String,
    /// S1/S2: contacts sync flags; off by default.
    #[serde(default)]
    pub contacts_sync: ContactsSync,
    /// A3: customer links need an email challenge before the catalogue loads.
    #[serde(default)]
    pub strict_security: bool,
    /// A2: buyers may look but not submit.
    #[serde(default)]
    pub trial_expired: bool,
    /// C4: customer names are unique in the workspace.
    #[serde(default)]
    pub unique_names: bool,
    /// A3: the challenge policy of strict security mode.
    #[serde(default)]
    pub verification: VerificationPolicy,
    /// ST1: the defaults customers inherit.
    #[serde(default)]
    pub defaults: OrderDefaults,
    /// I5 / R2: how large an import may be.
    #[serde(default)]
    pub import_limits: ImportLimits,
}

fn default_base_url() -> String {
    "https://orderverse.io".to_owned()
}

fn default_currency() -> String {
    "USD".to_owned()
}

impl NewWorkspace {
    /// A workspace with default settings.
    pub fn named(name: impl Into<String>) -> Self {
        NewWorkspace {
            name: name.into(),
            base_url: default_base_url(),
            currency: default_currency(),
            contacts_sync: ContactsSync::default(),
            strict_security: false,
            trial_expired: false,
            unique_names: false,
            verification: VerificationPolicy::default(),
            defaults: OrderDefaults::default(),
            import_limits: ImportLimits::default(),
        }
    }
}

/// A change to contacts sync flags; `None` leaves a flag as it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ContactsSyncPatch {
    /// Turn contacts sync on or off.
    pub enabled: Option<bool>,
    /// Mark the external system connected or not.
    pub connected: Option<bool>,
    /// S1: whether the phone is mapped to an external field (and so locked).
    pub phone_mapped: Option<bool>,
}

impl From<ContactsSync> for ContactsSyncPatch {
    fn from(s: ContactsSync) -> Self {
        ContactsSyncPatch { enabled: Some(s.enabled), connected: Some(s.connected), phone_mapped: Some(s.phone_mapped) }
    }
}

/// A change to the verification policy; `None` leaves a limit as it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VerificationPolicyPatch {
    /// See [`VerificationPolicy::challenge_ttl_secs`].
    pub challenge_ttl_secs: Option<u64>,
    /// See [`VerificationPolicy::max_challenges`].
    pub max_challenges: Option<u32>,
    /// See [`VerificationPolicy::window_secs`].
    pub window_secs: Option<u64>,
    /// See [`VerificationPolicy::session_ttl_secs`].
    pub session_ttl_secs: Option<u64>,
    /// See [`VerificationPolicy::options_shown`].
    pub options_shown: Option<u32>,
    /// See [`VerificationPolicy::rounds`].
    pub rounds: Option<u32>,
    /// See [`VerificationPolicy::lockout_after_failures`].
    pub lockout_after_failures: Option<u32>,
    /// See [`VerificationPolicy::lockout_secs`].
    pub lockout_secs: Option<u64>,
}

impl VerificationPolicyPatch {
    /// `current` with the limits given here.
    pub fn apply_to(&self, current: VerificationPolicy) -> VerificationPolicy {
        let c = current;
        VerificationPolicy {
            challenge_ttl_secs: self.challenge_ttl_secs.unwrap_or(c.challenge_ttl_secs),
            max_challenges: self.max_challenges.unwrap_or(c.max_challenges),
            window_secs: self.window_secs.unwrap_or(c.window_secs),
            session_ttl_secs: self.session_ttl_secs.unwrap_or(c.session_ttl_secs),
            options_shown: self.options_shown.unwrap_or(c.options_shown),
            rounds: self.rounds.unwrap_or(c.rounds),
            lockout_after_failures: self.lockout_after_failures.unwrap_or(c.lockout_after_failures),
            lockout_secs: self.lockout_secs.unwrap_or(c.lockout_secs),
        }
    }
}

impl From<VerificationPolicy> for VerificationPolicyPatch {
    fn from(v: VerificationPolicy) -> Self {
        VerificationPolicyPatch {
            challenge_ttl_secs: Some(v.challenge_ttl_secs),
            max_challenges: Some(v.max_challenges),
            window_secs: Some(v.window_secs),
            session_ttl_secs: Some(v.session_ttl_secs),
            options_shown: Some(v.options_shown),
            rounds: Some(v.rounds),
            lockout_after_failures: Some(v.lockout_after_failures),
            lockout_secs: Some(v.lockout_secs),
        }
    }
}

/// A change to a workspace's settings; `None` leaves a setting as it is. The workspace link
/// code is not a setting: it is issued once.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SettingsPatch {
    /// A new supplier name.
    pub name: Option<String>,
    /// L3: a new base for order links; every link URL follows it, the codes stay.
    pub base_url: Option<String>,
    /// PR3: a new ISO 4217 currency code.
    pub currency: Option<String>,
    /// Only the flags given change.
    pub contacts_sync: Option<ContactsSyncPatch>,
    /// A3: turn strict security mode on or off.
    pub strict_security: Option<bool>,
    /// A2: mark the trial expired or not.
    pub trial_expired: Option<bool>,
    /// C4: turn the unique-names policy on or off.
    pub unique_names: Option<bool>,
    /// Only the limits given change.
    pub verification: Option<VerificationPolicyPatch>,
    /// Replaced whole.
    pub defaults: Option<OrderDefaults>,
    /// Replaced whole; a limit not given takes its default.
    pub import_limits: Option<ImportLimits>,
}

impl WorkspaceSettings {
    pub(crate) fn create(
        id: crate::ids::WorkspaceId,
        input: NewWorkspace,
        link_code: LinkCode,
    ) -> Result<WorkspaceSettings> {
        let mut settings = WorkspaceSettings {
            id,
            name: String::new(),
            link_code,
            base_url: String::new(),
            currency: String::new(),
            contacts_sync: input.contacts_sync,
            strict_security: input.strict_security,
            trial_expired: input.trial_expired,
            unique_names: input.unique_names,
            verification: input.verification,
            defaults: input.defaults,
            import_limits: ImportLimits::default(),
            message_templates: Vec::new(),
        };
        settings.apply(SettingsPatch {
            import_limits: Some(input.import_limits),
            verification: Some(input.verification.into()),
            name: Some(input.name),
            base_url: Some(input.base_url),
            currency: Some(input.currency),
            ..SettingsPatch::default()
        })?;
        Ok(settings)
    }

    /// Applies a patch, validating every value given.
    pub(crate) fn apply(&mut self, patch: SettingsPatch) -> Result<()> {
        if let Some(name) = patch.name {
            let name = name.trim();
            if name.is_empty() {
                return Err(Error::invalid("workspace name", "a workspace name is required"));
            }
            // R4: no control character, and something a person can see.
            crate::text::check_name("workspace name", name)?;
            self.name = name.to_owned();
        }
        if let Some(base_url) = patch.base_url {
            self.base_url = validate_base_url(&base_url)?;
        }
        if let Some(currency) = patch.currency {
            let c = currency.trim().to_ascii_uppercase();
            if iso_currency::Currency::from_code(&c).is_none() {
                return Err(Error::invalid("currency", format!("'{currency}' is not an ISO 4217 code such as USD")));
            }
            self.currency = c;
        }
        if let Some(p) = patch.contacts_sync {
            let s = &mut self.contacts_sync;
            s.enabled = p.enabled.unwrap_or(s.enabled);
            s.connected = p.connected.unwrap_or(s.connected);
            s.phone_mapped = p.phone_mapped.unwrap_or(s.phone_mapped);
        }
        if let Some(v) = patch.strict_security {
            self.strict_security = v;
        }
        if let Some(v) = patch.trial_expired {
            self.trial_expired = v;
        }
        if let Some(v) = patch.unique_names {
            self.unique_names = v;
        }
        if let Some(p) = patch.verification {
            let v = p.apply_to(self.verification);
            v.validate()?;
            self.verification = v;
        }
        if let Some(d) = patch.defaults {
            // R3: freight amounts are amounts.
            if let Some(f) = &d.freight {
                f.check()?;
            }
            self.defaults = d;
        }
        if let Some(limits) = patch.import_limits {
            limits.check()?;
            self.import_limits = limits;
        }
        Ok(())
    }

    /// L3: the workspace's public order link.
    pub fn link_url(&self) -> String {
        self.link_code.url(&self.base_url)
    }
}

/// L3: an http(s) URL with a host, in the URL parser's normal form (scheme and host lower-cased,
/// default port dropped, path percent-encoded), kept without a trailing slash. Link URLs are
/// built from this form. R4: a tab, CR or LF anywhere (which the parser would silently drop) is
/// refused as `TEXT_INVALID`, like any control character; credentials, a query or a fragment
/// are refused as `INVALID_ARGUMENT`.
fn validate_base_url(input: &str) -> Result<String> {
    let trimmed = crate::normalize::trim(input);
    crate::text::check("base_url", trimmed, crate::text::Lines::Single)?;
    let trimmed = trimmed.trim_end_matches('/');
    let bad = |why: &str| Error::invalid("base_url", format!("'{}' {why}", crate::link::clip(trimmed)));
    let url = url::Url::parse(trimmed).map_err(|_| bad("is not a URL"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(bad("must be an http or https URL with a host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not hold a user name or password"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not have a query or fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}
