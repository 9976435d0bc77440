//! Pending buyers (N1, P1–P8): buyers from the workspace link held until an admin maps them to
//! a customer by business name + email.

use crate::customer::Customer;
use crate::email::Email;
use crate::error::Result;
use crate::ids::{CustomerId, OrderId, PendingId};
use crate::normalize::{normalize_email, normalize_name, optional_text};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// N1: the pair a buyer is recognised by. One email may serve several businesses, so the key is
/// the pair, never the email alone.
///
/// ```
/// use orderlink::MatchKey;
/// let a = MatchKey::new("  Corner  DELI ", "Orders@Deli.Example");
/// assert_eq!(a, MatchKey::new("corner deli", "orders@deli.example"));
/// assert_ne!(a, MatchKey::new("Corner Deli North", "orders@deli.example"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MatchKey {
    /// The normalised business name.
    pub name: String,
    /// The normalised email.
    pub email: String,
}

impl MatchKey {
    /// N1 applied to a raw name and email.
    pub fn new(business_name: &str, email: &str) -> MatchKey {
        MatchKey { name: normalize_name(business_name), email: normalize_email(email) }
    }
}

/// Who placed an order on the workspace link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Buyer {
    /// The business name the buyer typed at checkout (C1's rule: required, at most 200 characters).
    pub business_name: String,
    /// The buyer's email (C3's rule: a valid address). With the name, it makes the match key (N1).
    pub email: String,
    /// Optional; trimmed, kept on the pending record.
    #[serde(default)]
    pub phone: Option<String>,
}

impl Buyer {
    /// A buyer with a business name and email.
    pub fn new(business_name: impl Into<String>, email: impl Into<String>) -> Self {
        Buyer { business_name: business_name.into(), email: email.into(), phone: None }
    }

    /// The buyer validated: a business name (C1's rule) and a valid email (C3's rule).
    pub(crate) fn validate(&self) -> Result<(String, Email, Option<String>)> {
        let name = crate::customer::validate_name(&self.business_name)?;
        let email = Email::parse(&self.email)?;
        let phone = optional_text(self.phone.as_deref());
        if let Some(p) = &phone {
            // R4: no control character at intake, as in a customer's phone.
            crate::text::check("phone", p, crate::text::Lines::Single)?;
        }
        Ok((name, email, phone))
    }
}

/// Where a pending record stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", content = "customer_id", rename_all = "snake_case")]
pub enum PendingState {
    /// Waiting in the review queue.
    Open,
    /// Mapped to a customer.
    Mapped(CustomerId),
    /// Out of the queue, kept with its orders and trail.
    Ignored,
}

/// A buyer held for review (P3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingBuyer {
    /// Unique in the store; names the record in the review actions.
    pub id: PendingId,
    /// The business name as the buyer gave it (trimmed).
    pub business_name: String,
    /// The buyer's email, its domain lower-cased (C3).
    pub email: Email,
    /// The buyer's phone, if given.
    pub phone: Option<String>,
    /// N1: the normalised name and email orders are matched by. At most one open record per key
    /// (P3); a store must enforce that even between concurrent intakes.
    pub key: MatchKey,
    /// Orders taken in under this record, oldest first.
    pub orders: Vec<OrderId>,
    /// P4: open, mapped to a customer, or ignored.
    pub state: PendingState,
    /// When the first order opened the record.
    pub created_at: DateTime<Utc>,
    /// When the record last changed (an order added, mapped, ignored).
    pub updated_at: DateTime<Utc>,
}

/// P5: a key's current customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    /// N1: the business name and email this mapping answers for; at most one mapping per key.
    pub key: MatchKey,
    /// P2: the customer new orders with this key auto-link to.
    pub customer_id: CustomerId,
    /// When the key was first mapped.
    pub created_at: DateTime<Utc>,
    /// When the key was last mapped or remapped (P5).
    pub updated_at: DateTime<Utc>,
}

/// What a review action did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// P4: an open record was mapped to an existing customer.
    Map,
    /// P4: a new customer was created and the record mapped to it.
    CreateAndMap,
    /// P4: an open record was taken out of the queue.
    Ignore,
    /// P5: a mapped key was pointed at another customer.
    Remap,
}

impl AuditAction {
    /// The name every language uses.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Map => "map",
            AuditAction::CreateAndMap => "create_and_map",
            AuditAction::Ignore => "ignore",
            AuditAction::Remap => "remap",
        }
    }
}

/// P4/P5: one entry of the audit trail: who, when, what changed, from → to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// When the action was applied.
    pub at: DateTime<Utc>,
    /// Who did it, as the caller names them.
    pub actor: Option<String>,
    /// Map, create-and-map, ignore or remap.
    pub action: AuditAction,
    /// The pending record acted on; `None` for a remap, which acts on the key.
    pub pending_id: Option<PendingId>,
    /// N1: the key whose mapping changed (for ignore, the record's key).
    pub key: MatchKey,
    /// The customer the key mapped to before (None when it mapped to nobody).
    pub from: Option<CustomerId>,
    /// The customer it maps to after (None for ignore).
    pub to: Option<CustomerId>,
    /// The orders that moved.
    pub orders_moved: Vec<OrderId>,
}

/// Where an intake put the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IntakeOutcome {
    /// P1: the customer link's own customer.
    Customer {
        /// The new order.
        order_id: OrderId,
        /// The link's customer, who now owns the order.
        customer_id: CustomerId,
    },
    /// P2: the key was mapped to an active customer.
    AutoLinked {
        /// The new order.
        order_id: OrderId,
        /// The customer the key maps to, who now owns the order.
        customer_id: CustomerId,
    },
    /// P3: held on the placeholder under a pending record (`new_record` when it was opened now).
    Pending {
        /// The new order, held on the placeholder.
        order_id: OrderId,
        /// The open pending record that holds it.
        pending_id: PendingId,
        /// Whether this intake opened the record (else it joined the open one for its key).
        new_record: bool,
    },
}

/// A review action, applied by the store as one atomic call.
#[derive(Debug, Clone, PartialEq)]
pub enum ReviewAction {
    /// P4: map an open record to an existing customer.
    Map {
        /// The open record to map.
        pending_id: PendingId,
        /// An existing, real customer (never the placeholder).
        customer_id: CustomerId,
    },
    /// P4: insert this new customer, then map the record to it.
    CreateAndMap {
        /// The open record to map.
        pending_id: PendingId,
        /// The customer to insert, validated and with its link code issued by the core.
        customer: Box<Customer>,
        /// What the insert must respect, as for [`crate::store::Store::insert_customer`].
        uniqueness: crate::store::Uniqueness,
    },
    /// P4: take an open record out of the queue.
    Ignore {
        /// The open record to take out of the queue.
        pending_id: PendingId,
    },
    /// P5: point a mapped key at another customer and move its orders there.
    Remap {
        /// A key that is mapped now (else `MAPPING_NOT_FOUND`).
        key: MatchKey,
        /// The customer it maps to from now on.
        customer_id: CustomerId,
    },
}

impl ReviewAction {
    /// P4/P5: the audit entry of this action once a store has applied it. `key`, `from` and
    /// `orders_moved` are what the store found and did; the kind, the record and the customer
    /// it maps to follow from the action.
    pub fn audit_entry(
        &self,
        at: DateTime<Utc>,
        actor: Option<String>,
        key: MatchKey,
        from: Option<CustomerId>,
        orders_moved: Vec<OrderId>,
    ) -> AuditEntry {
        let (action, pending_id, to) = match self {
            ReviewAction::Map { pending_id, customer_id } => (AuditAction::Map, Some(*pending_id), Some(*customer_id)),
            ReviewAction::CreateAndMap { pending_id, customer, .. } => {
                (AuditAction::CreateAndMap, Some(*pending_id), Some(customer.id))
            }
            ReviewAction::Ignore { pending_id } => (AuditAction::Ignore, Some(*pending_id), None),
            ReviewAction::Remap { customer_id, .. } => (AuditAction::Remap, None, Some(*customer_id)),
        };
        AuditEntry { at, actor, action, pending_id, key, from, to, orders_moved }
    }
}

/// P5: a remap points a key at another customer; pointing it where it already points is
/// refused (`INVALID_ARGUMENT`), not recorded as a change.
pub fn check_remap(from: CustomerId, to: CustomerId) -> Result<()> {
    if from == to {
        return Err(crate::Error::invalid("customer_id", "the key already maps to this customer"));
    }
    Ok(())
}

/// P8: why a customer was suggested.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum SuggestionReason {
    /// Same business name and email after N1.
    SameKey,
    /// Same email, another name.
    SameEmail,
    /// A similar name once legal suffixes are dropped; `score` in 0..=1.
    SimilarName {
        /// Jaro-Winkler similarity of the names, 1 for the same; at least
        /// [`SIMILAR_NAME_THRESHOLD`].
        score: f64,
    },
}

/// P8: a candidate customer for a pending record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// The customer suggested.
    pub customer_id: CustomerId,
    /// Its name, to show the reviewer.
    pub name: String,
    /// P8: why it was suggested; suggestions are ranked by this.
    pub reason: SuggestionReason,
}

/// The least name similarity (Jaro-Winkler, after suffixes are dropped) worth suggesting.
pub const SIMILAR_NAME_THRESHOLD: f64 = 0.85;
/// The most suggestions returned.
pub const MAX_SUGGESTIONS: usize = 10;

/// Legal-form words dropped before names are compared (P8).
const LEGAL_SUFFIXES: &[&str] = &[
    "pty",
    "ltd",
    "limited",
    "llc",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "gmbh",
    "ag",
    "kg",
    "plc",
    "llp",
    "lp",
    "bv",
    "nv",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "oy",
    "ab",
    "as",
    "kk",
    "pte",
    "pvt",
    "nz",
    "au",
    "the",
    "and",
    "&",
];

/// P8: a name with punctuation turned to spaces and legal suffixes dropped, after N1.
///
/// ```
/// assert_eq!(orderlink::pending::name_core("Corner Deli Pty. Ltd."), "corner deli");
/// assert_eq!(orderlink::pending::name_core("Müller GmbH & Co. KG"), "müller");
/// ```
pub fn name_core(name: &str) -> String {
    let spaced: String =
        normalize_name(name).chars().map(|c| if c.is_alphanumeric() || c == '&' { c } else { ' ' }).collect();
    let words: Vec<&str> = spaced.split_whitespace().collect();
    // Drop legal words from the end (and a leading "the"), keeping at least one word.
    let mut end = words.len();
    while end > 1 && LEGAL_SUFFIXES.contains(&words[end - 1]) {
        end -= 1;
    }
    let start = usize::from(end > 1 && words.first() == Some(&"the"));
    words[start..end].join(" ")
}

/// P8: candidates for a pending record, best first: same key, then same email, then similar
/// names. Ties keep the order of `customers` sorted by name.
pub fn suggest(pending: &PendingBuyer, customers: &[Customer]) -> Vec<Suggestion> {
    let core = name_core(&pending.business_name);
    let email = pending.email.match_key();
    let mut ranked: Vec<(u8, f64, String, Suggestion)> = Vec::new();
    for c in customers {
        let same_email = c.email.as_ref().is_some_and(|e| e.match_key() == email);
        let reason = if same_email && c.name_key() == pending.key.name {
            SuggestionReason::SameKey
        } else if same_email {
            SuggestionReason::SameEmail
        } else {
            let score = strsim::jaro_winkler(&core, &name_core(&c.name));
            if score < SIMILAR_NAME_THRESHOLD {
                continue;
            }
            SuggestionReason::SimilarName { score }
        };
        let (tier, score) = match reason {
            SuggestionReason::SameKey => (0, 1.0),
            SuggestionReason::SameEmail => (1, 1.0),
            SuggestionReason::SimilarName { score } => (2, score),
        };
        ranked.push((
            tier,
            score,
            crate::search_fold(&c.name),
            Suggestion { customer_id: c.id, name: c.name.clone(), reason },
        ));
    }
    ranked.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then_with(|| a.2.cmp(&b.2)));
    ranked.into_iter().take(MAX_SUGGESTIONS).map(|r| r.3).collect()
}
