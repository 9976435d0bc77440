//! The workspace's entry points for orders and pending buyers (P1–P8).

use crate::access::{decide, Target};
use crate::customer::NewCustomer;
use crate::error::{Error, Result};
use crate::ids::{CustomerId, OrderId, PendingId};
use crate::link::LinkCode;
use crate::orders::{NewOrder, OrderOwner, OrderRef, OrderStatus};
use crate::pending::{
    self, AuditEntry, Buyer, IntakeOutcome, Mapping, MatchKey, PendingBuyer, PendingState, ReviewAction, Suggestion,
};
use crate::workspace::Workspace;

impl Workspace {
    /// P1–P3: takes in an order placed through a link.
    ///
    /// On a customer link the order attaches to that customer (P1; `buyer` may be `None`). On
    /// the workspace link `buyer` is required: a key mapped to an active customer auto-links
    /// (P2); otherwise the order waits on the placeholder under the open pending record for
    /// the key, made now if there is none (P3). A link that may not submit (unknown, inactive,
    /// blocked, trial expired) is refused with its reason's code, and nothing is written.
    ///
    /// PR8: each line's price is frozen at the order's `placed_at` (see
    /// [`OrderRef::freeze_prices`]): the caller's unit price, kept and marked given, else the
    /// buyer's price for the line's quantity. A total that is not the sum of lines that all
    /// carry given prices is `ORDER_TOTAL_MISMATCH`.
    ///
    /// ```
    /// use orderlink::*;
    /// use rust_decimal::Decimal;
    /// let ws = Workspace::in_memory(NewWorkspace::named("Harbour Foods")).unwrap();
    /// let link = ws.workspace_link_url().unwrap();
    /// let buyer = Buyer::new("Pier Seafood", "orders@pier.example");
    /// let out = ws.intake_order(&link, Some(&buyer), NewOrder::new("W-1", Decimal::new(4200, 2))).unwrap();
    /// assert!(matches!(out, IntakeOutcome::Pending { new_record: true, .. }));
    /// ```
    pub fn intake_order(&self, link: &str, buyer: Option<&Buyer>, order: NewOrder) -> Result<IntakeOutcome> {
        let code = LinkCode::parse(link)?;
        // One read (one round trip on a database store): the link's target and the price book
        // the lines are frozen from (PR8).
        let (settings, customer, book) = self.store.intake_reads(&code)?;
        let settings = settings.ok_or_else(|| Error::store("the workspace settings are missing"))?;
        let is_workspace = code == settings.link_code;
        let customer = customer.filter(|_| !is_workspace);
        let target = match (&customer, is_workspace) {
            (Some(c), _) => Target::Customer(c),
            (None, true) => Target::Workspace,
            (None, false) => Target::Unknown,
        };
        // Verification is the portal's step before this call; here only what bars submitting.
        let decision = decide(&settings, target, true);
        if !decision.may_submit {
            return Err(match decision.reason {
                Some(reason) if decision.found => {
                    Error::AccessBlocked { reason: reason.code(), message: reason.message(&settings.name) }
                }
                _ => Error::LinkNotFound,
            });
        }
        let now = self.env.clock.now();
        let id = OrderId::random(self.env.random.as_ref());
        // PR8: prices are frozen on the lines at `placed_at`, before anything is written.
        if let Some(c) = customer {
            let mut order = order.into_ref(id, OrderOwner::Customer(c.id), now, None)?;
            order.freeze_prices(&book, c.price_group.as_deref(), &settings.currency)?;
            self.store.attach_order(&order)?;
            return Ok(IntakeOutcome::Customer { order_id: id, customer_id: c.id });
        }
        let buyer = buyer.ok_or_else(|| {
            Error::invalid("buyer", "an order on the workspace link needs the buyer's business name and email")
        })?;
        let (business_name, email, phone) = buyer.validate()?;
        let key = MatchKey::new(&business_name, email.as_str());
        let mut order = order.into_ref(id, OrderOwner::Placeholder, now, Some(key.clone()))?;
        // PR2: a buyer not yet mapped orders at the workspace link's prices.
        order.freeze_prices(&book, None, &settings.currency)?;
        let new_pending = PendingBuyer {
            id: PendingId::random(self.env.random.as_ref()),
            business_name,
            email,
            phone,
            key: key.clone(),
            orders: Vec::new(),
            state: PendingState::Open,
            created_at: now,
            updated_at: now,
        };
        self.store.intake(&order, &key, &new_pending)
    }

    /// P4: the review queue (open records), or every record when `include_closed`.
    pub fn pending_buyers(&self, include_closed: bool) -> Result<Vec<PendingBuyer>> {
        self.store.pending_buyers(!include_closed)
    }

    /// One pending record.
    pub fn get_pending(&self, id: PendingId) -> Result<PendingBuyer> {
        self.store.pending(id)?.ok_or_else(|| Error::PendingNotFound { id: id.to_string() })
    }

    /// P4: maps an open record to an existing customer: its orders move from the placeholder
    /// to the customer, the customer's stats follow, and the key maps to the customer, in one
    /// atomic step. Returns the audit entry.
    pub fn map_pending(
        &self,
        pending_id: PendingId,
        customer_id: CustomerId,
        actor: Option<&str>,
    ) -> Result<AuditEntry> {
        self.review(&ReviewAction::Map { pending_id, customer_id }, actor)
    }

    /// P4: creates a customer from the record (its business name, email and phone, or `input`
    /// when given) and maps the record to it, atomically. Refused with
    /// `SOURCE_OF_TRUTH_EXTERNAL` while contacts sync is active (S2).
    pub fn create_and_map(
        &self,
        pending_id: PendingId,
        input: Option<NewCustomer>,
        actor: Option<&str>,
    ) -> Result<AuditEntry> {
        let settings = self.settings()?;
        if settings.contacts_sync.is_active() {
            return Err(Error::SourceOfTruthExternal);
        }
        let record = self.get_pending(pending_id)?;
        let input = input.unwrap_or_else(|| NewCustomer {
            email: Some(record.email.as_str().to_owned()),
            phone: record.phone.clone(),
            ..NewCustomer::named(record.business_name.clone())
        });
        let customer = self.new_customer_record(input)?;
        let uniqueness = Self::uniqueness(&settings);
        self.review(&ReviewAction::CreateAndMap { pending_id, customer: Box::new(customer), uniqueness }, actor)
    }

    /// P4: takes an open record out of the queue, keeping it, its orders and its trail.
    pub fn ignore_pending(&self, pending_id: PendingId, actor: Option<&str>) -> Result<AuditEntry> {
        self.review(&ReviewAction::Ignore { pending_id }, actor)
    }

    /// P5: points a mapped key (business name + email, normalised by N1) at another customer
    /// and moves the orders that came in under that key from the old customer to the new one.
    pub fn remap(
        &self,
        business_name: &str,
        email: &str,
        customer_id: CustomerId,
        actor: Option<&str>,
    ) -> Result<AuditEntry> {
        self.review(&ReviewAction::Remap { key: MatchKey::new(business_name, email), customer_id }, actor)
    }

    fn review(&self, action: &ReviewAction, actor: Option<&str>) -> Result<AuditEntry> {
        let actor = crate::text::optional("actor", actor, crate::text::Lines::Single)?;
        self.store.review(action, self.env.clock.now(), actor.as_deref())
    }

    /// P5: every mapping of a key to a customer.
    pub fn mappings(&self) -> Result<Vec<Mapping>> {
        self.store.mappings()
    }

    /// P4/P5: every map, create-and-map, ignore and remap, oldest first.
    pub fn audit_trail(&self) -> Result<Vec<AuditEntry>> {
        self.store.audit_trail()
    }

    /// P8: customers to suggest to a reviewer for a pending record, best first: same key, same
    /// email, then similar names with legal suffixes dropped. Never maps anything.
    pub fn suggest_customers(&self, pending_id: PendingId) -> Result<Vec<Suggestion>> {
        let record = self.get_pending(pending_id)?;
        Ok(pending::suggest(&record, &self.store.all_customers()?))
    }

    /// One order reference.
    pub fn get_order(&self, id: OrderId) -> Result<OrderRef> {
        self.store.order(id)?.ok_or_else(|| Error::OrderNotFound { id: id.to_string() })
    }

    /// A customer's orders, oldest first.
    pub fn customer_orders(&self, customer_id: CustomerId) -> Result<Vec<OrderRef>> {
        self.get_customer(customer_id)?;
        self.store.orders_of(OrderOwner::Customer(customer_id))
    }

    /// P6: marks an order invoiced; refused with `CUSTOMER_MAPPING_REQUIRED` while it is on the
    /// placeholder.
    pub fn invoice_order(&self, id: OrderId) -> Result<OrderRef> {
        self.store.set_order_status(id, OrderStatus::Invoiced)
    }

    /// P6: the order, ready to hand to an accounting sync; refused with
    /// `CUSTOMER_MAPPING_REQUIRED` while it is on the placeholder.
    pub fn order_for_sync(&self, id: OrderId) -> Result<OrderRef> {
        let order = self.get_order(id)?;
        if order.owner == OrderOwner::Placeholder {
            return Err(Error::CustomerMappingRequired { number: order.number });
        }
        Ok(order)
    }
}
