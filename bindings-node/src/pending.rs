//! Orders and pending buyers (P1–P8) on `Workspace`: intake through a link, the review queue,
//! mappings with their audit trail, suggestions, and the orders themselves.

use crate::convert::{from_json, object, object_json, opt_bool, opt_object, opt_text, parse_id, text};
use crate::error::run;
use crate::workspace::{Workspace, CUSTOMER_KEYS};
use chrono::{DateTime, Utc};
use napi::bindgen_prelude::{Env, Unknown};
use napi_derive::napi;
use orderlink as core;

/// What `intakeOrder` takes as the order.
pub(crate) const ORDER_KEYS: &[&str] = &["number", "total", "placed_at", "status", "lines"];
/// Who placed an order on the workspace link.
pub(crate) const BUYER_KEYS: &[&str] = &["business_name", "email", "phone"];

/// P1–P3: where an intake put the order.
#[napi(string_enum = "snake_case")]
pub enum IntakeKind {
    /// P1: on the customer link's own customer.
    Customer,
    /// P2: the buyer's key was mapped to an active customer.
    AutoLinked,
    /// P3: on the placeholder, under a pending record.
    Pending,
}

/// P1–P3: the outcome of `intakeOrder`.
#[napi(object, use_nullable = true)]
pub struct IntakeOutcome {
    /// Where the order went.
    pub kind: IntakeKind,
    /// The new order's id.
    pub order_id: String,
    /// The customer it attached to (P1, P2).
    pub customer_id: Option<String>,
    /// The pending record that holds it (P3).
    pub pending_id: Option<String>,
    /// P3: this intake opened a new pending record.
    pub new_record: bool,
}

impl From<core::IntakeOutcome> for IntakeOutcome {
    fn from(o: core::IntakeOutcome) -> Self {
        let (kind, order_id, customer_id, pending_id, new_record) = match o {
            core::IntakeOutcome::Customer { order_id, customer_id } => {
                (IntakeKind::Customer, order_id, Some(customer_id), None, false)
            }
            core::IntakeOutcome::AutoLinked { order_id, customer_id } => {
                (IntakeKind::AutoLinked, order_id, Some(customer_id), None, false)
            }
            core::IntakeOutcome::Pending { order_id, pending_id, new_record } => {
                (IntakeKind::Pending, order_id, None, Some(pending_id), new_record)
            }
        };
        IntakeOutcome {
            kind,
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
    /// The normalised business name.
    pub name: String,
    /// The normalised email.
    pub email: String,
}

impl From<core::MatchKey> for MatchKey {
    fn from(k: core::MatchKey) -> Self {
        MatchKey { name: k.name, email: k.email }
    }
}

/// P4: where a pending record stands.
#[napi(string_enum = "snake_case")]
pub enum PendingState {
    /// Waiting in the review queue.
    Open,
    /// Mapped to a customer.
    Mapped,
    /// Out of the queue, kept with its orders and trail.
    Ignored,
}

/// P3, P4: a buyer held for review.
#[napi(object, use_nullable = true)]
pub struct PendingBuyer {
    /// The record's id.
    pub id: String,
    /// The business name as the buyer gave it.
    pub business_name: String,
    /// The buyer's email.
    pub email: String,
    /// The buyer's phone, if given.
    pub phone: Option<String>,
    /// N1: the key the record is held under.
    pub key: MatchKey,
    /// Ids of the orders taken in under this record, oldest first.
    pub orders: Vec<String>,
    /// Open, mapped or ignored.
    pub state: PendingState,
    /// The customer it is mapped to, when mapped.
    pub customer_id: Option<String>,
    /// When the record was opened.
    pub created_at: DateTime<Utc>,
    /// When the record last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<core::PendingBuyer> for PendingBuyer {
    fn from(p: core::PendingBuyer) -> Self {
        let (state, customer_id) = match p.state {
            core::PendingState::Open => (PendingState::Open, None),
            core::PendingState::Mapped(c) => (PendingState::Mapped, Some(c.to_string())),
            core::PendingState::Ignored => (PendingState::Ignored, None),
        };
        PendingBuyer {
            id: p.id.to_string(),
            business_name: p.business_name,
            email: p.email.as_str().to_owned(),
            phone: p.phone,
            key: p.key.into(),
            orders: p.orders.iter().map(ToString::to_string).collect(),
            state,
            customer_id,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// P5: a key's current customer.
#[napi(object)]
pub struct Mapping {
    /// The buyer key.
    pub key: MatchKey,
    /// The customer it maps to.
    pub customer_id: String,
    /// When the key was first mapped.
    pub created_at: DateTime<Utc>,
    /// When it was last remapped.
    pub updated_at: DateTime<Utc>,
}

impl From<core::Mapping> for Mapping {
    fn from(m: core::Mapping) -> Self {
        Mapping {
            key: m.key.into(),
            customer_id: m.customer_id.to_string(),
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// P4, P5: what a review action did.
#[napi(string_enum = "snake_case")]
pub enum AuditAction {
    /// Mapped to an existing customer.
    Map,
    /// Created a customer and mapped to it.
    CreateAndMap,
    /// Taken out of the queue.
    Ignore,
    /// A mapped key pointed at another customer.
    Remap,
}

impl From<core::AuditAction> for AuditAction {
    fn from(a: core::AuditAction) -> Self {
        match a {
            core::AuditAction::Map => AuditAction::Map,
            core::AuditAction::CreateAndMap => AuditAction::CreateAndMap,
            core::AuditAction::Ignore => AuditAction::Ignore,
            core::AuditAction::Remap => AuditAction::Remap,
        }
    }
}

/// P4, P5: one entry of the audit trail: who, when, what, from → to.
#[napi(object, use_nullable = true)]
pub struct AuditEntry {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it, as the caller named them.
    pub actor: Option<String>,
    /// What was done.
    pub action: AuditAction,
    /// The pending record acted on (absent for a remap).
    pub pending_id: Option<String>,
    /// The buyer key.
    pub key: MatchKey,
    /// The customer the key mapped to before.
    pub from_customer: Option<String>,
    /// The customer it maps to after (absent for ignore).
    pub to_customer: Option<String>,
    /// Ids of the orders that moved.
    pub orders_moved: Vec<String>,
}

impl From<core::AuditEntry> for AuditEntry {
    fn from(e: core::AuditEntry) -> Self {
        AuditEntry {
            at: e.at,
            actor: e.actor,
            action: e.action.into(),
            pending_id: e.pending_id.map(|p| p.to_string()),
            key: e.key.into(),
            from_customer: e.from.map(|c| c.to_string()),
            to_customer: e.to.map(|c| c.to_string()),
            orders_moved: e.orders_moved.iter().map(ToString::to_string).collect(),
        }
    }
}

/// P8: why a customer was suggested.
#[napi(string_enum = "snake_case")]
pub enum SuggestionReason {
    /// Same business name and email after N1.
    SameKey,
    /// Same email, another name.
    SameEmail,
    /// A similar name once legal suffixes are dropped.
    SimilarName,
}

/// P8: a candidate customer for a pending record.
#[napi(object)]
pub struct Suggestion {
    /// The candidate.
    pub customer_id: String,
    /// Its name.
    pub name: String,
    /// Why it was suggested.
    pub reason: SuggestionReason,
    /// Name similarity in 0..1 for `similar_name`; 1 otherwise.
    pub score: f64,
}

impl From<core::Suggestion> for Suggestion {
    fn from(s: core::Suggestion) -> Self {
        let (reason, score) = match s.reason {
            core::SuggestionReason::SameKey => (SuggestionReason::SameKey, 1.0),
            core::SuggestionReason::SameEmail => (SuggestionReason::SameEmail, 1.0),
            core::SuggestionReason::SimilarName { score } => (SuggestionReason::SimilarName, score),
        };
        Suggestion { customer_id: s.customer_id.to_string(), name: s.name, reason, score }
    }
}

/// An order's status.
#[napi(string_enum = "snake_case")]
pub enum OrderStatus {
    /// Saved but not submitted.
    Draft,
    /// Submitted and accepted (the default).
    Confirmed,
    /// Invoiced (P6: never while on the placeholder).
    Invoiced,
}

impl From<core::OrderStatus> for OrderStatus {
    fn from(s: core::OrderStatus) -> Self {
        match s {
            core::OrderStatus::Draft => OrderStatus::Draft,
            core::OrderStatus::Confirmed => OrderStatus::Confirmed,
            core::OrderStatus::Invoiced => OrderStatus::Invoiced,
        }
    }
}

/// One line of an order, with the price frozen on it at intake (PR8). Fields without a value
/// are left out.
#[napi(object)]
pub struct OrderLine {
    /// The product's SKU.
    pub sku: String,
    /// Quantity ordered: a decimal string.
    pub qty: String,
    /// The unit of measure it was ordered in, when the order said.
    pub uom: Option<String>,
    /// PR8: the unit price frozen on the line, a decimal string: the caller's when given, else
    /// the one resolved at `placedAt`; `null` when neither (no price, an unknown SKU, or a line
    /// stored before PR8).
    pub unit_price: Option<String>,
    /// PR8: the tier the frozen price came from; `null` for a given price or none.
    pub price_tier: Option<crate::pricing::PriceTier>,
    /// PR8/PR5: the minimum quantity of the break that won, a decimal string; `null` for the
    /// base price, a given price or none.
    pub price_break: Option<String>,
    /// PR8: the currency of `unitPrice`.
    pub currency: Option<String>,
    /// PR8: the caller gave `unitPrice`; the library kept it.
    pub price_given: bool,
}

impl From<core::OrderLine> for OrderLine {
    fn from(l: core::OrderLine) -> Self {
        OrderLine {
            sku: l.sku,
            qty: l.qty.to_string(),
            uom: l.uom,
            unit_price: l.unit_price.map(|p| p.to_string()),
            price_tier: l.price_tier.map(Into::into),
            price_break: l.price_break.map(|p| p.to_string()),
            currency: l.currency,
            price_given: l.price_given,
        }
    }
}

/// An order reference: enough for stats, reassignment and history.
#[napi(object, use_nullable = true)]
pub struct Order {
    /// The order's id.
    pub id: String,
    /// The order number people quote.
    pub number: String,
    /// The owning customer; `null` while on the `PENDING_MAPPING` placeholder.
    pub customer_id: Option<String>,
    /// P6: still on the placeholder (cannot be invoiced or synced).
    pub on_placeholder: bool,
    /// When it was placed.
    pub placed_at: DateTime<Utc>,
    /// Draft, confirmed or invoiced.
    pub status: OrderStatus,
    /// The total in the workspace currency: a decimal string.
    pub total: String,
    /// The lines.
    pub lines: Vec<OrderLine>,
}

impl From<core::OrderRef> for Order {
    fn from(o: core::OrderRef) -> Self {
        let customer_id = match o.owner {
            core::OrderOwner::Customer(c) => Some(c.to_string()),
            core::OrderOwner::Placeholder => None,
        };
        Order {
            id: o.id.to_string(),
            number: o.number,
            on_placeholder: customer_id.is_none(),
            customer_id,
            placed_at: o.placed_at,
            status: o.status.into(),
            total: o.total.to_string(),
            lines: o.lines.into_iter().map(Into::into).collect(),
        }
    }
}

#[napi]
impl Workspace {
    /// P1–P3: takes in an order placed through a link (URL or code). On a customer link it
    /// attaches to that customer; on the workspace link `buyer` is required and the order
    /// auto-links to a mapped customer or is held pending. Money is a decimal string (numbers
    /// are accepted). A link that may not submit is refused with its reason's code
    /// (`ORDERING_UNAVAILABLE`, `TRIAL_EXPIRED` …) and nothing is written.
    #[napi(
        ts_args_type = "link: string, order: { number: string; total: string | number; placedAt?: Date; status?: OrderStatus; lines?: Array<{ sku: string; qty: string | number; uom?: string | null; unitPrice?: string | number | null }> }, buyer?: { businessName: string; email: string; phone?: string | null } | null"
    )]
    pub fn intake_order(
        &self,
        env: Env,
        link: Unknown<'_>,
        order: Unknown<'_>,
        buyer: Option<Unknown<'_>>,
    ) -> napi::Result<IntakeOutcome> {
        run(&env, || {
            let link = text("link", &link)?;
            let order: core::NewOrder =
                from_json("order", object_json("order", &object("order", &order)?, ORDER_KEYS, &[])?)?;
            let buyer: Option<core::Buyer> = match opt_object("buyer", buyer.as_ref())? {
                Some(b) => Some(from_json("buyer", object_json("buyer", &b, BUYER_KEYS, &[])?)?),
                None => None,
            };
            Ok(self.inner.intake_order(&link, buyer.as_ref(), order)?.into())
        })
    }

    /// P4: the open review queue, oldest first; every record with `includeClosed`.
    #[napi(ts_args_type = "includeClosed?: boolean")]
    pub fn pending_buyers(&self, env: Env, include_closed: Option<Unknown<'_>>) -> napi::Result<Vec<PendingBuyer>> {
        run(&env, || {
            let all = opt_bool("includeClosed", include_closed.as_ref())?.unwrap_or(false);
            Ok(self.inner.pending_buyers(all)?.into_iter().map(Into::into).collect())
        })
    }

    /// One pending record, or `PENDING_NOT_FOUND`.
    #[napi(ts_args_type = "pendingId: string")]
    pub fn get_pending(&self, env: Env, pending_id: Unknown<'_>) -> napi::Result<PendingBuyer> {
        run(&env, || Ok(self.inner.get_pending(parse_id("pendingId", &pending_id)?)?.into()))
    }

    /// P4: maps an open record to an existing customer: its orders move from the placeholder
    /// to the customer and the key maps to the customer, atomically. Returns the audit entry.
    #[napi(ts_args_type = "pendingId: string, customerId: string, actor?: string | null")]
    pub fn map_pending(
        &self,
        env: Env,
        pending_id: Unknown<'_>,
        customer_id: Unknown<'_>,
        actor: Option<Unknown<'_>>,
    ) -> napi::Result<AuditEntry> {
        run(&env, || {
            let pending = parse_id("pendingId", &pending_id)?;
            let customer = parse_id("customerId", &customer_id)?;
            let actor = opt_text("actor", actor.as_ref())?;
            Ok(self.inner.map_pending(pending, customer, actor.as_deref())?.into())
        })
    }

    /// P4: creates a customer from the record (its business name, email and phone, or
    /// `customer` when given) and maps the record to it, atomically. Refused with
    /// `SOURCE_OF_TRUTH_EXTERNAL` while contacts sync is active (S2).
    #[napi(
        ts_args_type = "pendingId: string, customer?: { name: string; code?: string | null; email?: string | null; phone?: string | null; contact?: string | null; active?: boolean; orderWebBlocked?: boolean; priceGroup?: string | null; orderTemplate?: OrderTemplate | null; checkoutMode?: CheckoutMode | null; freight?: { kind: FreightKind; amount?: string | number; threshold?: string | number } | null; managedBy?: string | null; tags?: string[] } | null, actor?: string | null"
    )]
    pub fn create_and_map(
        &self,
        env: Env,
        pending_id: Unknown<'_>,
        customer: Option<Unknown<'_>>,
        actor: Option<Unknown<'_>>,
    ) -> napi::Result<AuditEntry> {
        run(&env, || {
            let pending = parse_id("pendingId", &pending_id)?;
            let input: Option<core::NewCustomer> = match opt_object("customer", customer.as_ref())? {
                Some(c) => Some(from_json("customer", object_json("customer", &c, CUSTOMER_KEYS, &[])?)?),
                None => None,
            };
            let actor = opt_text("actor", actor.as_ref())?;
            Ok(self.inner.create_and_map(pending, input, actor.as_deref())?.into())
        })
    }

    /// P4: takes an open record out of the queue, keeping it, its orders and its trail.
    #[napi(ts_args_type = "pendingId: string, actor?: string | null")]
    pub fn ignore_pending(
        &self,
        env: Env,
        pending_id: Unknown<'_>,
        actor: Option<Unknown<'_>>,
    ) -> napi::Result<AuditEntry> {
        run(&env, || {
            let pending = parse_id("pendingId", &pending_id)?;
            let actor = opt_text("actor", actor.as_ref())?;
            Ok(self.inner.ignore_pending(pending, actor.as_deref())?.into())
        })
    }

    /// P5: points a mapped key (business name + email, normalised by N1) at another customer
    /// and moves the orders that came in under it. `MAPPING_NOT_FOUND` for a key never mapped.
    #[napi(ts_args_type = "businessName: string, email: string, customerId: string, actor?: string | null")]
    pub fn remap(
        &self,
        env: Env,
        business_name: Unknown<'_>,
        email: Unknown<'_>,
        customer_id: Unknown<'_>,
        actor: Option<Unknown<'_>>,
    ) -> napi::Result<AuditEntry> {
        run(&env, || {
            let name = text("businessName", &business_name)?;
            let email = text("email", &email)?;
            let customer = parse_id("customerId", &customer_id)?;
            let actor = opt_text("actor", actor.as_ref())?;
            Ok(self.inner.remap(&name, &email, customer, actor.as_deref())?.into())
        })
    }

    /// P5: every mapping of a key to a customer.
    #[napi]
    pub fn mappings(&self, env: Env) -> napi::Result<Vec<Mapping>> {
        run(&env, || Ok(self.inner.mappings()?.into_iter().map(Into::into).collect()))
    }

    /// P4, P5: every map, create-and-map, ignore and remap, oldest first.
    #[napi]
    pub fn audit_trail(&self, env: Env) -> napi::Result<Vec<AuditEntry>> {
        run(&env, || Ok(self.inner.audit_trail()?.into_iter().map(Into::into).collect()))
    }

    /// P8: candidate customers for a pending record, best first (same key, same email, similar
    /// names). Never maps anything.
    #[napi(ts_args_type = "pendingId: string")]
    pub fn suggest_customers(&self, env: Env, pending_id: Unknown<'_>) -> napi::Result<Vec<Suggestion>> {
        run(&env, || {
            let found = self.inner.suggest_customers(parse_id("pendingId", &pending_id)?)?;
            Ok(found.into_iter().map(Into::into).collect())
        })
    }

    /// One order, or `ORDER_NOT_FOUND`.
    #[napi(ts_args_type = "orderId: string")]
    pub fn get_order(&self, env: Env, order_id: Unknown<'_>) -> napi::Result<Order> {
        run(&env, || Ok(self.inner.get_order(parse_id("orderId", &order_id)?)?.into()))
    }

    /// A customer's orders, oldest first.
    #[napi(ts_args_type = "customerId: string")]
    pub fn customer_orders(&self, env: Env, customer_id: Unknown<'_>) -> napi::Result<Vec<Order>> {
        run(&env, || {
            let orders = self.inner.customer_orders(parse_id("customerId", &customer_id)?)?;
            Ok(orders.into_iter().map(Into::into).collect())
        })
    }

    /// P6: marks an order invoiced; `CUSTOMER_MAPPING_REQUIRED` while it is on the placeholder.
    #[napi(ts_args_type = "orderId: string")]
    pub fn invoice_order(&self, env: Env, order_id: Unknown<'_>) -> napi::Result<Order> {
        run(&env, || Ok(self.inner.invoice_order(parse_id("orderId", &order_id)?)?.into()))
    }

    /// P6: the order, ready for an accounting sync; `CUSTOMER_MAPPING_REQUIRED` while it is on
    /// the placeholder.
    #[napi(ts_args_type = "orderId: string")]
    pub fn order_for_sync(&self, env: Env, order_id: Unknown<'_>) -> napi::Result<Order> {
        run(&env, || Ok(self.inner.order_for_sync(parse_id("orderId", &order_id)?)?.into()))
    }
}
