//! The workspace's entry points for carts and checkout links (CT1–CT5): read from the store,
//! call the rules in `crate::carts`, write back.

use super::{Workspace, WRITE_ATTEMPTS};
use crate::access::{DenyReason, LinkDecision};
use crate::carts::{
    self, Cart, CartActor, CartEdit, CartHead, CartQuery, CartSource, CartState, CartSubmission, CheckoutLink,
    OpenCart, PricedCart,
};
use crate::error::{Error, Result};
use crate::ids::{CartId, CustomerId, OrderId};
use crate::link::LinkCode;
use crate::listing::Page;
use crate::orders::{NewOrder, OrderOwner};
use crate::pricing::Product;
use crate::settings::WorkspaceSettings;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// CT3: a checkout link as issued: its URL (`{base_url}/order/{code}`, L3), code and expiry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuedCheckout {
    /// The URL to send the customer.
    pub url: String,
    /// The link itself.
    pub link: CheckoutLink,
    /// The cart as saved with it.
    pub cart: Cart,
}

/// CT3: what opening a checkout link shows: the decision (A1–A3, the cart's state and the
/// link's expiry), and, when it may be viewed, the cart exactly as configured, priced for the
/// customer now (PR1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckoutView {
    /// What opening the link allows (`cart_id` names the cart).
    pub decision: LinkDecision,
    /// The cart, when it may be viewed.
    pub cart: Option<Cart>,
    /// Its lines priced now, when it may be viewed.
    pub priced: Option<PricedCart>,
}

impl Workspace {
    /// CT1, CT2: the customer's open cart, opened now by `by` (attributed to `by` and `channel`,
    /// CT4) when it has none. A customer has at most one open cart: two concurrent calls answer
    /// the same cart.
    pub fn open_cart(&self, customer_id: CustomerId, by: &CartActor, channel: Option<&str>) -> Result<Cart> {
        self.get_customer(customer_id)?;
        let source = CartSource::of(by, channel)?;
        for attempt in 1..=WRITE_ATTEMPTS {
            if let Some(open) = self.store.open_cart_of(customer_id)? {
                return Ok(open);
            }
            let cart = Cart::new(
                CartId::random(self.env.random.as_ref()),
                customer_id,
                by.clone(),
                source.clone(),
                self.now(),
            );
            match self.store.insert_cart(&cart) {
                Ok(()) => return Ok(cart),
                Err(Error::CartAlreadyOpen { .. }) if attempt < WRITE_ATTEMPTS => continue,
                Err(e) => return Err(e),
            }
        }
        Err(Error::StaleWrite)
    }

    /// CT1: one cart, open or closed.
    pub fn get_cart(&self, cart_id: CartId) -> Result<Cart> {
        self.store.cart(cart_id)?.ok_or_else(|| Error::CartNotFound { id: cart_id.to_string() })
    }

    /// CT1: a customer's carts, its open one and its closed ones, oldest first.
    pub fn customer_carts(&self, customer_id: CustomerId) -> Result<Vec<Cart>> {
        self.get_customer(customer_id)?;
        self.store.carts_of(customer_id)
    }

    /// CT2: active products whose SKU or name contains `term` (without case or accents), in SKU
    /// order, at most `limit` (1 to 500).
    pub fn search_products(&self, term: &str, limit: usize) -> Result<Vec<Product>> {
        if limit == 0 || limit > 500 {
            return Err(Error::invalid("limit", "1 to 500 products"));
        }
        let book = self.store.price_book()?;
        Ok(carts::search_products(&book, term, limit).into_iter().cloned().collect())
    }

    /// CT1, CT2, R3: applies `edits` (add, set quantity, remove; a product by SKU or name) to an
    /// open cart, all or nothing, each recorded with `by`. A concurrent change is not lost: the
    /// edits are applied again to the newer cart.
    pub fn update_cart(&self, cart_id: CartId, edits: &[CartEdit], by: &CartActor) -> Result<Cart> {
        self.change_cart(cart_id, |cart| carts::apply_edits(cart, edits, &*self.store.price_book()?, by, self.now()))
    }

    /// Saves `change(current)` as the cart's next version; a concurrent write makes it run again.
    fn change_cart(&self, cart_id: CartId, change: impl Fn(&Cart) -> Result<Cart>) -> Result<Cart> {
        for attempt in 1..=WRITE_ATTEMPTS {
            let current = self.get_cart(cart_id)?;
            let next = change(&current)?;
            if next == current {
                return Ok(current);
            }
            match self.store.save_cart(&next, current.version) {
                Err(Error::StaleWrite | Error::LinkCodeTaken) if attempt < WRITE_ATTEMPTS => continue,
                Err(e) => return Err(e),
                Ok(()) => return Ok(next),
            }
        }
        Err(Error::StaleWrite)
    }

    /// CT3, PR1: a cart's lines priced for its customer now.
    pub fn price_cart(&self, cart_id: CartId) -> Result<PricedCart> {
        let cart = self.get_cart(cart_id)?;
        self.priced(&cart)
    }

    fn priced(&self, cart: &Cart) -> Result<PricedCart> {
        let reads = self.store.price_reads(Some(cart.customer_id))?;
        let settings = reads.settings.ok_or_else(|| Error::store("the workspace settings are missing"))?;
        let customer = reads.customer.ok_or_else(|| Error::CustomerNotFound { id: cart.customer_id.to_string() })?;
        carts::price_lines(&cart.lines, &reads.book, customer.price_group.as_deref(), &settings.currency, self.now())
    }

    /// CT3: the cart's checkout link: the current one when it has one that has not expired,
    /// else a new one (a fresh code from the store-wide space, L2, W2) expiring at `expires_at`
    /// (never, when `None`). Refused on a closed cart (`CART_CLOSED`).
    pub fn checkout_link(
        &self,
        cart_id: CartId,
        expires_at: Option<DateTime<Utc>>,
        by: &CartActor,
    ) -> Result<IssuedCheckout> {
        let now = self.now();
        let cart = self.get_cart(cart_id)?;
        cart.check_open()?;
        match &cart.checkout {
            Some(link) if !link.expired_at(now) => self.issued(cart.clone(), link.clone()),
            _ => self.rotate_checkout_link(cart_id, expires_at, by),
        }
    }

    /// CT3: a new checkout link for the cart; the old code answers as unknown from then on and is
    /// never issued again. The rotation is recorded among the cart's changes.
    pub fn rotate_checkout_link(
        &self,
        cart_id: CartId,
        expires_at: Option<DateTime<Utc>>,
        by: &CartActor,
    ) -> Result<IssuedCheckout> {
        if expires_at.is_some_and(|e| e <= self.now()) {
            return Err(Error::invalid("expires_at", "must be in the future"));
        }
        let cart = self.change_cart(cart_id, |cart| {
            let link =
                CheckoutLink { code: LinkCode::generate(self.env.random.as_ref()), issued_at: self.now(), expires_at };
            cart.with_checkout(link, by)
        })?;
        let link = cart.checkout.clone().ok_or_else(|| Error::store("the checkout link was not saved"))?;
        self.issued(cart, link)
    }

    fn issued(&self, cart: Cart, link: CheckoutLink) -> Result<IssuedCheckout> {
        Ok(IssuedCheckout { url: link.code.url(&self.settings()?.base_url), link, cart })
    }

    pub(crate) fn decide_checkout(
        &self,
        settings: &WorkspaceSettings,
        customer: &crate::Customer,
        cart: &CartHead,
        session_token: Option<&str>,
    ) -> Result<LinkDecision> {
        let verified = match session_token {
            Some(token) => self.session_valid(customer.id, token)?,
            None => false,
        };
        Ok(carts::decide_checkout(settings, customer, cart, verified, self.now()))
    }

    /// CT3: opens a checkout link (URL or bare code): the decision, and the cart priced for its
    /// customer now when it may be viewed. An order link or unknown code answers its decision
    /// with no cart. `session_token` is a passed verification (A3).
    pub fn open_checkout(&self, code_or_url: &str, session_token: Option<&str>) -> Result<CheckoutView> {
        let code = LinkCode::parse(code_or_url)?;
        let Some((head, customer)) = self.store.checkout_target(&code)? else {
            return Ok(CheckoutView {
                decision: self.open_link(code.as_str(), session_token)?,
                cart: None,
                priced: None,
            });
        };
        let settings = self.settings()?;
        let decision = self.decide_checkout(&settings, &customer, &head, session_token)?;
        if !decision.may_view {
            return Ok(CheckoutView { decision, cart: None, priced: None });
        }
        let cart = self.get_cart(head.id)?;
        let priced = carts::price_lines(
            &cart.lines,
            &*self.store.price_book()?,
            customer.price_group.as_deref(),
            &settings.currency,
            self.now(),
        )?;
        Ok(CheckoutView { decision, cart: Some(cart), priced: Some(priced) })
    }

    /// CT4, P1: submits a cart as an order of its customer, through its checkout link or the
    /// customer's own order link (its open cart). The order's lines are the cart's, their
    /// prices frozen as an intake freezes them (PR8: the customer's price at each line's
    /// quantity at the submission instant, with tier, break and currency), numbered `number`; the cart closes in the same atomic store call. A cart already
    /// submitted answers its order (`created: false`): a double click or a second tab makes one
    /// order. A link that may not submit is refused with its reason (trial expired, blocked:
    /// the cart is kept untouched, CT1); an empty cart with `CART_EMPTY`; a line that cannot be
    /// ordered now with `CART_LINE_UNAVAILABLE`.
    pub fn submit_cart(&self, code_or_url: &str, number: &str) -> Result<CartSubmission> {
        let code = LinkCode::parse(code_or_url)?;
        for attempt in 1..=WRITE_ATTEMPTS {
            let (settings, is_workspace, customer) = self.target(&code)?;
            let (cart, customer) = match (customer, is_workspace) {
                (Some(c), _) => {
                    let cart = self
                        .store
                        .open_cart_of(c.id)?
                        .ok_or_else(|| Error::CartNotFound { id: format!("(no open cart for customer {})", c.id) })?;
                    (cart, c)
                }
                (None, true) => {
                    return Err(Error::invalid("link", "the workspace link has no cart; use a checkout link"))
                }
                (None, false) => {
                    let (head, customer) = self.store.checkout_target(&code)?.ok_or(Error::LinkNotFound)?;
                    (self.get_cart(head.id)?, customer)
                }
            };
            if let (CartState::Submitted, Some(order_id)) = (cart.state, cart.order_id) {
                return Ok(CartSubmission {
                    cart_id: cart.id,
                    order_id,
                    customer_id: cart.customer_id,
                    created: false,
                });
            }
            cart.check_open()?;
            // Verification is the portal's step before this call; here only what bars submitting.
            let decision = carts::decide_checkout(&settings, &customer, &cart.head(), true, self.now());
            if !decision.may_submit {
                let reason = decision.reason.unwrap_or(DenyReason::LinkNotFound);
                return Err(Error::AccessBlocked { reason: reason.code(), message: reason.message(&settings.name) });
            }
            if cart.lines.is_empty() {
                return Err(Error::CartEmpty);
            }
            // PR8: one book and one instant price the cart and freeze its lines, so the total
            // is the sum of the frozen lines.
            let now = self.now();
            let book = self.store.price_book()?;
            let group = customer.price_group.as_deref();
            let priced = carts::price_lines(&cart.lines, &book, group, &settings.currency, now)?;
            if let Some(line) = priced.unavailable().next() {
                return Err(Error::CartLineUnavailable { sku: line.sku.clone() });
            }
            let order_id = OrderId::random(self.env.random.as_ref());
            let mut order = NewOrder { lines: carts::order_lines(&cart), ..NewOrder::new(number, priced.total) }
                .into_ref(order_id, OrderOwner::Customer(customer.id), now, None)?;
            // The same freezing an intake does (PR8): the buyer's price at the line's quantity
            // at the submission instant, with its tier, break and currency.
            order.freeze_prices(&book, group, &settings.currency)?;
            let submitted = cart.submitted(order_id, now, &CartActor::Customer)?;
            match self.store.submit_cart(&submitted, cart.version, &order) {
                Err(Error::StaleWrite) if attempt < WRITE_ATTEMPTS => continue,
                other => return other,
            }
        }
        Err(Error::StaleWrite)
    }

    /// CT5: closes an open cart as abandoned; its checkout link stops working.
    pub fn abandon_cart(&self, cart_id: CartId, by: &CartActor) -> Result<Cart> {
        self.change_cart(cart_id, |cart| cart.abandoned(self.now(), by))
    }

    /// CT5: open carts across the workspace, each with its customer, agent, value at today's
    /// prices, age, last change and whether it has stalled; filtered, sorted and paged.
    pub fn open_carts(&self, query: &CartQuery) -> Result<Page<OpenCart>> {
        let now = self.now();
        let settings = self.settings()?;
        let book = self.store.price_book()?;
        let mut rows = Vec::new();
        for cart in self.store.open_carts()? {
            if query.customer_id.is_some_and(|c| c != cart.customer_id) {
                continue;
            }
            let Some(customer) = self.store.customer(cart.customer_id)? else { continue };
            let priced =
                carts::price_lines(&cart.lines, &book, customer.price_group.as_deref(), &settings.currency, now)?;
            rows.push(carts::open_cart_row(&cart, &customer, &priced, query, now));
        }
        carts::list_open(rows, query)
    }

    /// CT4: the attribution (agent, channel) of the cart an order came from; `None` for an order
    /// that did not come from a cart.
    pub fn order_attribution(&self, order_id: OrderId) -> Result<Option<CartSource>> {
        self.get_order(order_id)?;
        Ok(self.store.cart_of_order(order_id)?.map(|c| c.source))
    }
}
