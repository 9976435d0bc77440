//! Who may use a link (A1, A2, A4).

use crate::customer::Customer;
use crate::ids::CustomerId;
use crate::settings::WorkspaceSettings;
use serde::{Deserialize, Serialize};

/// A1: the effective order web access of a customer.
///
/// ```
/// use orderlink::OrderWebAccess;
/// // Inactive wins over the local block; the two controls are independent.
/// assert_eq!(OrderWebAccess::of(false, true), OrderWebAccess::BlockedInactive);
/// assert_eq!(OrderWebAccess::of(true, true), OrderWebAccess::Blocked);
/// assert_eq!(OrderWebAccess::of(true, false), OrderWebAccess::Available);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderWebAccess {
    /// Both controls allow ordering: the link may be viewed and submitted.
    Available,
    /// Active, but order web access is blocked locally: no view, no submit.
    Blocked,
    /// The customer is not active; this wins over the local block.
    BlockedInactive,
}

impl OrderWebAccess {
    /// A1: `BlockedInactive` when not active (it wins), else `Blocked` when order web blocked,
    /// else `Available`.
    pub fn of(active: bool, order_web_blocked: bool) -> Self {
        match (active, order_web_blocked) {
            (false, _) => OrderWebAccess::BlockedInactive,
            (true, true) => OrderWebAccess::Blocked,
            (true, false) => OrderWebAccess::Available,
        }
    }

    /// The name every language uses.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderWebAccess::Available => "available",
            OrderWebAccess::Blocked => "blocked",
            OrderWebAccess::BlockedInactive => "blocked_inactive",
        }
    }
}

/// A2/A3: why a link cannot be used (fully, or at all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DenyReason {
    /// The code belongs to nobody.
    LinkNotFound,
    /// The customer is inactive (A1 `BlockedInactive`).
    AccountInactive,
    /// Order web access is blocked locally (A1 `Blocked`).
    OrderingUnavailable,
    /// The supplier's trial has expired: look, but no submitting.
    TrialExpired,
    /// Strict mode: an email verification must pass first (A3).
    VerificationRequired,
    /// Strict mode, but there is no email to verify against (A3).
    NoEmailOnFile,
}

impl DenyReason {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            DenyReason::LinkNotFound => "LINK_NOT_FOUND",
            DenyReason::AccountInactive => "ACCOUNT_INACTIVE",
            DenyReason::OrderingUnavailable => "ORDERING_UNAVAILABLE",
            DenyReason::TrialExpired => "TRIAL_EXPIRED",
            DenyReason::VerificationRequired => "VERIFICATION_REQUIRED",
            DenyReason::NoEmailOnFile => "NO_EMAIL_ON_FILE",
        }
    }

    /// A4: the words a buyer sees.
    pub fn message(self, supplier: &str) -> String {
        match self {
            DenyReason::LinkNotFound => {
                "This order link is not valid. Please check the link, or ask your supplier for a new one.".to_owned()
            }
            DenyReason::AccountInactive => {
                format!("This account is not active. Please contact {supplier} to reactivate it.")
            }
            DenyReason::OrderingUnavailable => {
                format!("Ordering is temporarily unavailable for this account. Please contact {supplier}.")
            }
            DenyReason::TrialExpired => format!(
                "{supplier} is temporarily unavailable for new orders. You can keep browsing, and your cart will be kept."
            ),
            DenyReason::VerificationRequired => {
                "Please confirm your email address to continue.".to_owned()
            }
            DenyReason::NoEmailOnFile => format!(
                "This account has no email address on file, so it cannot be verified. Please contact {supplier}."
            ),
        }
    }
}

/// A2: what opening a link allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkDecision {
    /// The customer whose link this is; `None` for the workspace link or an unknown code.
    pub customer_id: Option<CustomerId>,
    /// Whether this is the workspace's public link.
    pub is_workspace_link: bool,
    /// Whether the code was found at all.
    pub found: bool,
    /// The customer's A1 state, on a customer link.
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
    /// The reason in a buyer's words (A4).
    pub message: Option<String>,
}

/// A2–A4 as a pure function of the settings, the customer the link belongs to (if any) and
/// whether the buyer holds a verified session for that customer.
/// L4: what opening a code no workspace holds allows: nothing, whatever the workspace.
pub(crate) fn unknown_link() -> LinkDecision {
    let reason = DenyReason::LinkNotFound;
    LinkDecision {
        customer_id: None,
        is_workspace_link: false,
        found: false,
        access: None,
        may_view: false,
        may_submit: false,
        needs_verification: false,
        greeting: None,
        reason: Some(reason),
        message: Some(reason.message("")),
    }
}

pub(crate) fn decide(settings: &WorkspaceSettings, target: Target<'_>, verified: bool) -> LinkDecision {
    let supplier = settings.name.as_str();
    let mut d = LinkDecision {
        customer_id: None,
        is_workspace_link: false,
        found: true,
        access: None,
        may_view: true,
        may_submit: true,
        needs_verification: false,
        greeting: None,
        reason: None,
        message: None,
    };
    let deny = |d: &mut LinkDecision, reason: DenyReason, view: bool| {
        d.may_view &= view;
        d.may_submit = false;
        d.reason = Some(reason);
        d.message = Some(reason.message(supplier));
    };
    match target {
        Target::Unknown => return unknown_link(),
        Target::Workspace => {
            d.is_workspace_link = true;
            d.greeting = Some(format!("Welcome to {supplier}"));
            if settings.trial_expired {
                deny(&mut d, DenyReason::TrialExpired, true);
            }
        }
        Target::Customer(c) => {
            let access = c.order_web_access();
            d.customer_id = Some(c.id);
            d.access = Some(access);
            d.greeting = Some(format!("Welcome back, {}", c.name));
            match access {
                OrderWebAccess::BlockedInactive => deny(&mut d, DenyReason::AccountInactive, false),
                OrderWebAccess::Blocked => deny(&mut d, DenyReason::OrderingUnavailable, false),
                OrderWebAccess::Available if settings.strict_security && !verified => {
                    d.needs_verification = true;
                    let reason =
                        if c.email.is_some() { DenyReason::VerificationRequired } else { DenyReason::NoEmailOnFile };
                    deny(&mut d, reason, false);
                }
                OrderWebAccess::Available if settings.trial_expired => deny(&mut d, DenyReason::TrialExpired, true),
                OrderWebAccess::Available => {}
            }
        }
    }
    d
}

/// What a link code resolved to, with the customer loaded.
pub(crate) enum Target<'a> {
    Customer(&'a Customer),
    Workspace,
    Unknown,
}
