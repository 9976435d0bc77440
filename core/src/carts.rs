//! Carts and checkout links (CT1–CT5): the rules over values. A sales agent (or the customer)
//! fills a customer's cart, a checkout link opens exactly that cart, and submitting it is an
//! intake whose lines and prices come from the cart. No store, no clock, no `Workspace` here:
//! the entry points in `crate::workspace::carts` read, call these rules, and write back.

use crate::access::{decide, DenyReason, LinkDecision, Target};
use crate::customer::Customer;
use crate::error::{Error, Result};
use crate::ids::{CartId, CustomerId, OrderId};
use crate::link::LinkCode;
use crate::normalize::search_fold;
use crate::orders::{OrderLine, UOM_MAX_LEN};
use crate::pricing::{minor_units, PriceBook, PriceTier, Product};
use crate::settings::WorkspaceSettings;
use chrono::{DateTime, Duration, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// R3: the most lines a cart may hold; an edit past it is refused (`INVALID_ARGUMENT`).
pub const CART_MAX_LINES: usize = 500;
/// CT2: the longest agent name or channel a cart records, in characters.
pub const CART_ACTOR_MAX_LEN: usize = 100;
/// CT5: a cart with no change for this long is shown as stalled, unless the query says otherwise.
pub const DEFAULT_STALLED_AFTER_SECS: u64 = 3 * 24 * 3600;

/// CT1: where a cart is in its life. An open cart may change; a closed one (submitted or
/// abandoned) is kept as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CartState {
    /// Being filled; at most one per customer.
    Open,
    /// CT4: submitted as an order (`Cart::order_id`).
    Submitted,
    /// CT5: closed without an order.
    Abandoned,
}

impl CartState {
    /// The name every language uses.
    pub fn as_str(self) -> &'static str {
        match self {
            CartState::Open => "open",
            CartState::Submitted => "submitted",
            CartState::Abandoned => "abandoned",
        }
    }
}

/// CT2: who made a change to a cart.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum CartActor {
    /// An admin or sales agent, as the caller names them (a user id or a name).
    Agent(String),
    /// The customer, through its checkout link or its own order link.
    Customer,
}

impl CartActor {
    /// CT2: an agent named by `name` (trimmed, one line, 1 to 100 characters).
    pub fn agent(name: &str) -> Result<CartActor> {
        Ok(CartActor::Agent(actor_text("agent", name)?))
    }

    /// The agent's name, `None` for the customer.
    pub fn agent_name(&self) -> Option<&str> {
        match self {
            CartActor::Agent(name) => Some(name),
            CartActor::Customer => None,
        }
    }
}

fn actor_text(field: &'static str, value: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > CART_ACTOR_MAX_LEN {
        return Err(Error::invalid(field, format!("must be 1 to {CART_ACTOR_MAX_LEN} characters")));
    }
    crate::text::check_name(field, v)?;
    Ok(v.to_owned())
}

/// CT4: where a cart came from, kept for commissions and channel reports: the agent who
/// prepared it (none when the customer started it) and the channel.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CartSource {
    /// The agent who opened the cart, `None` when the customer did.
    pub agent: Option<String>,
    /// The channel it was prepared through (`"agent"`, `"phone"`, `"portal"` …, as the caller
    /// names it; `"agent"` when an agent opens it without naming one, `"portal"` for the customer).
    pub channel: String,
}

impl CartSource {
    /// CT4: the attribution of a cart opened by `by`, in `channel` when given.
    pub fn of(by: &CartActor, channel: Option<&str>) -> Result<CartSource> {
        let channel = match channel.map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) => actor_text("channel", c)?,
            None => match by {
                CartActor::Agent(_) => "agent".to_owned(),
                CartActor::Customer => "portal".to_owned(),
            },
        };
        Ok(CartSource { agent: by.agent_name().map(str::to_owned), channel })
    }
}

/// CT1: one line of a cart: a product by SKU, a quantity and the unit it is ordered in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    /// The product's SKU.
    pub sku: String,
    /// R3: the quantity, above 0 up to 1,000,000,000 with at most 3 places.
    pub qty: Decimal,
    /// The unit of measure (the product's when the edit named none).
    pub uom: String,
}

/// CT2: what a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CartChangeKind {
    /// The cart was opened.
    Opened,
    /// A product was added (or its quantity increased by an add).
    Added,
    /// A line's quantity was set.
    QuantitySet,
    /// A line was removed.
    Removed,
    /// CT3: a checkout link was issued.
    CheckoutIssued,
    /// CT3: the checkout link was rotated (the old code answers as unknown from then on).
    CheckoutRotated,
    /// CT4: the cart was submitted.
    Submitted,
    /// CT5: the cart was abandoned.
    Abandoned,
}

/// CT2: one change to a cart, with its author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartChange {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub by: CartActor,
    /// What.
    pub kind: CartChangeKind,
    /// The line's SKU, for line changes.
    pub sku: Option<String>,
    /// The line's quantity after the change, for adds and sets.
    pub qty: Option<Decimal>,
}

/// CT3: a cart's checkout link: a capability code from the store-wide link-code space (L2, W2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutLink {
    /// The code; the URL is `{base_url}/order/{code}`, like an order link (L3).
    pub code: LinkCode,
    /// When it was issued.
    pub issued_at: DateTime<Utc>,
    /// After this instant the link no longer opens the cart; `None`: no expiry.
    pub expires_at: Option<DateTime<Utc>>,
}

impl CheckoutLink {
    /// Whether the link has expired at `now`.
    pub fn expired_at(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|e| now >= e)
    }
}

/// CT1: a customer's cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    /// The cart's id.
    pub id: CartId,
    /// The customer it belongs to.
    pub customer_id: CustomerId,
    /// Open, submitted or abandoned.
    pub state: CartState,
    /// The lines, in the order first added.
    pub lines: Vec<CartLine>,
    /// CT4: who prepared it and through which channel.
    pub source: CartSource,
    /// CT3: the current checkout link, when one was issued.
    pub checkout: Option<CheckoutLink>,
    /// When it was opened.
    pub created_at: DateTime<Utc>,
    /// CT5: its last change.
    pub updated_at: DateTime<Utc>,
    /// When it was submitted or abandoned.
    pub closed_at: Option<DateTime<Utc>>,
    /// CT4: the order it became.
    pub order_id: Option<OrderId>,
    /// CT2: every change, oldest first, with its author.
    pub changes: Vec<CartChange>,
    /// Bumped by every saved change; stores refuse a save against an older version.
    pub version: u64,
}

/// CT3: what deciding a checkout link needs of its cart, without its lines and change log: what
/// a link look-up reads and copies (opening a checkout link costs what opening an order link
/// costs, not what the cart's history weighs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartHead {
    /// The cart's id.
    pub id: CartId,
    /// The customer it belongs to.
    pub customer_id: CustomerId,
    /// Open, submitted or abandoned.
    pub state: CartState,
    /// The current checkout link.
    pub checkout: Option<CheckoutLink>,
    /// The order it became.
    pub order_id: Option<OrderId>,
    /// The stored version.
    pub version: u64,
}

impl Cart {
    /// CT3: the cart's head.
    pub fn head(&self) -> CartHead {
        CartHead {
            id: self.id,
            customer_id: self.customer_id,
            state: self.state,
            checkout: self.checkout.clone(),
            order_id: self.order_id,
            version: self.version,
        }
    }

    /// CT1: a new, empty open cart.
    pub fn new(id: CartId, customer_id: CustomerId, by: CartActor, source: CartSource, at: DateTime<Utc>) -> Cart {
        Cart {
            id,
            customer_id,
            state: CartState::Open,
            lines: Vec::new(),
            source,
            checkout: None,
            created_at: at,
            updated_at: at,
            closed_at: None,
            order_id: None,
            changes: vec![CartChange { at, by, kind: CartChangeKind::Opened, sku: None, qty: None }],
            version: 1,
        }
    }

    /// `CART_CLOSED` unless the cart is open.
    pub fn check_open(&self) -> Result<()> {
        match self.state {
            CartState::Open => Ok(()),
            state => Err(Error::CartClosed { state: state.as_str() }),
        }
    }

    /// The next version with `change` recorded.
    fn touched(&self, at: DateTime<Utc>, by: &CartActor, kind: CartChangeKind) -> Cart {
        let mut next = self.clone();
        next.version = self.version + 1;
        next.updated_at = at.max(self.updated_at);
        next.changes.push(CartChange { at, by: by.clone(), kind, sku: None, qty: None });
        next
    }

    /// CT3: the next version with a new checkout link (`CheckoutIssued`, or `CheckoutRotated`
    /// when it replaces one).
    pub fn with_checkout(&self, link: CheckoutLink, by: &CartActor) -> Result<Cart> {
        self.check_open()?;
        let kind =
            if self.checkout.is_some() { CartChangeKind::CheckoutRotated } else { CartChangeKind::CheckoutIssued };
        let mut next = self.touched(link.issued_at, by, kind);
        next.checkout = Some(link);
        Ok(next)
    }

    /// CT5: the next version, abandoned.
    pub fn abandoned(&self, at: DateTime<Utc>, by: &CartActor) -> Result<Cart> {
        self.check_open()?;
        let mut next = self.touched(at, by, CartChangeKind::Abandoned);
        next.state = CartState::Abandoned;
        next.closed_at = Some(at);
        Ok(next)
    }

    /// CT4: the next version, submitted as `order_id` (what a store saves in the same atomic
    /// call that records the order).
    pub fn submitted(&self, order_id: OrderId, at: DateTime<Utc>, by: &CartActor) -> Result<Cart> {
        self.check_open()?;
        let mut next = self.touched(at, by, CartChangeKind::Submitted);
        next.state = CartState::Submitted;
        next.closed_at = Some(at);
        next.order_id = Some(order_id);
        Ok(next)
    }
}

/// CT2: one change an agent or the customer asks for. `product` is a SKU, or a product's name
/// when exactly one product has it (compared without case or accents).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum CartEdit {
    /// Adds `qty` to the product's line (making it when there is none).
    Add {
        /// SKU or name.
        product: String,
        /// R3: above 0.
        #[serde(deserialize_with = "crate::money::exact::deserialize")]
        qty: Decimal,
        /// The unit; the product's when absent.
        #[serde(default)]
        uom: Option<String>,
    },
    /// Sets the product's line to `qty` (making it when there is none).
    Set {
        /// SKU or name.
        product: String,
        /// R3: above 0 (remove a line with `Remove`).
        #[serde(deserialize_with = "crate::money::exact::deserialize")]
        qty: Decimal,
        /// The unit; the product's when absent.
        #[serde(default)]
        uom: Option<String>,
    },
    /// Removes the product's line (in that unit, or in any unit when none is named).
    Remove {
        /// SKU or name.
        product: String,
        /// The unit; every line of the product when absent.
        #[serde(default)]
        uom: Option<String>,
    },
}

/// CT2: the product `text` names: the product with that SKU, else the one product whose name
/// is `text` (without case or accents). `PRODUCT_NOT_FOUND` for none; `INVALID_ARGUMENT` when
/// several products share the name (use the SKU).
pub fn find_product<'a>(book: &'a PriceBook, text: &str) -> Result<&'a Product> {
    if let Some(p) = book.product(text) {
        return Ok(p);
    }
    let folded = search_fold(text.trim());
    let mut named = book.products().iter().filter(|p| search_fold(&p.name) == folded);
    match (named.next(), named.next()) {
        (Some(p), None) => Ok(p),
        (Some(_), Some(_)) => Err(Error::invalid(
            "product",
            format!("several products are named '{}'; use the SKU", crate::link::clip(text.trim())),
        )),
        _ => Err(Error::ProductNotFound { sku: crate::link::clip(text.trim()) }),
    }
}

/// CT2: products whose SKU or name contains `term` (case- and accent-insensitive), active ones
/// only, in SKU order, at most `limit`.
pub fn search_products<'a>(book: &'a PriceBook, term: &str, limit: usize) -> Vec<&'a Product> {
    let term = search_fold(term.trim());
    book.products()
        .iter()
        .filter(|p| p.active && (search_fold(&p.sku).contains(&term) || search_fold(&p.name).contains(&term)))
        .take(limit)
        .collect()
}

/// CT1, CT2, R3: the cart after `edits`, applied in order, all or nothing; each change recorded
/// with `by` at `at`. An inactive product cannot be added.
pub fn apply_edits(
    cart: &Cart,
    edits: &[CartEdit],
    book: &PriceBook,
    by: &CartActor,
    at: DateTime<Utc>,
) -> Result<Cart> {
    cart.check_open()?;
    let mut next = cart.clone();
    for edit in edits {
        let (product, uom) = match edit {
            CartEdit::Add { product, uom, .. }
            | CartEdit::Set { product, uom, .. }
            | CartEdit::Remove { product, uom } => {
                (find_product(book, product)?, crate::customer::validate_text("uom", uom.as_deref(), UOM_MAX_LEN)?)
            }
        };
        let same = |l: &CartLine, uom: &str| l.sku == product.sku && search_fold(&l.uom) == search_fold(uom);
        let (kind, qty) = match edit {
            CartEdit::Remove { .. } => {
                let before = next.lines.len();
                next.lines.retain(|l| !(l.sku == product.sku && uom.as_deref().is_none_or(|u| same(l, u))));
                if next.lines.len() == before {
                    return Err(Error::invalid("cart line", format!("the cart has no line of {}", product.sku)));
                }
                (CartChangeKind::Removed, None)
            }
            CartEdit::Add { qty, .. } | CartEdit::Set { qty, .. } => {
                crate::money::check_quantity("quantity", *qty)?;
                if !product.active {
                    return Err(Error::invalid(
                        "product",
                        format!("{} is not active and cannot be ordered", product.sku),
                    ));
                }
                let uom = uom.unwrap_or_else(|| product.uom.clone());
                let add = matches!(edit, CartEdit::Add { .. });
                let qty = match next.lines.iter_mut().find(|l| same(l, &uom)) {
                    Some(line) => {
                        let total = if add { line.qty.checked_add(*qty).unwrap_or(Decimal::MAX) } else { *qty };
                        line.qty = crate::money::check_quantity("quantity", total)?;
                        total
                    }
                    None => {
                        if next.lines.len() >= CART_MAX_LINES {
                            return Err(Error::invalid("cart", format!("a cart holds at most {CART_MAX_LINES} lines")));
                        }
                        next.lines.push(CartLine { sku: product.sku.clone(), qty: *qty, uom });
                        *qty
                    }
                };
                (if add { CartChangeKind::Added } else { CartChangeKind::QuantitySet }, Some(qty))
            }
        };
        next.changes.push(CartChange { at, by: by.clone(), kind, sku: Some(product.sku.clone()), qty });
    }
    if next.lines != cart.lines {
        next.version = cart.version + 1;
        next.updated_at = at.max(cart.updated_at);
        Ok(next)
    } else {
        Ok(cart.clone())
    }
}

/// CT3: one cart line priced for the customer now (PR1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedLine {
    /// The product's SKU.
    pub sku: String,
    /// The product's name (the SKU when the product is gone).
    pub name: String,
    /// The quantity in the cart.
    pub qty: Decimal,
    /// The unit.
    pub uom: String,
    /// PR1: the unit price now, `None` when the product has no price or is gone.
    pub unit_price: Option<Decimal>,
    /// PR4: the tier the price came from.
    pub tier: Option<PriceTier>,
    /// `qty × unit_price`, rounded to the currency's minor unit (half away from zero).
    pub line_total: Option<Decimal>,
    /// Whether the line can be ordered now (the product exists, is active and has a price).
    pub available: bool,
}

/// CT3, CT5: the cart priced for the customer now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedCart {
    /// Every line, in the cart's order.
    pub lines: Vec<PricedLine>,
    /// The sum of the available lines.
    pub total: Decimal,
    /// PR3: the workspace currency.
    pub currency: String,
}

impl PricedCart {
    /// The lines that cannot be ordered now.
    pub fn unavailable(&self) -> impl Iterator<Item = &PricedLine> {
        self.lines.iter().filter(|l| !l.available)
    }
}

/// CT3, PR1, PR5, PR6, R3: `lines` priced from `book` for a buyer in `group`, each at its own
/// quantity (PR5 breaks) and at the instant `at` (PR6 windows) — the price PR8 freezes on an
/// order line placed at `at`.
pub fn price_lines(
    lines: &[CartLine],
    book: &PriceBook,
    group: Option<&str>,
    currency: &str,
    at: DateTime<Utc>,
) -> Result<PricedCart> {
    let dp = minor_units(currency);
    let mut priced = Vec::with_capacity(lines.len());
    for line in lines {
        let product = book.product(&line.sku);
        let resolved = match product {
            Some(p) if p.active => Some(book.resolve(&p.sku, group, line.qty, at)?),
            _ => None,
        };
        let unit_price = resolved.and_then(|r| r.amount);
        let line_total = match unit_price {
            Some(u) => Some(
                u.checked_mul(line.qty)
                    .map(|t| t.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero))
                    .ok_or_else(|| Error::AmountOutOfRange {
                    what: "cart line total",
                    value: format!("{} × {}", line.qty, u),
                    range: crate::money::AMOUNT_RANGE,
                })?,
            ),
            None => None,
        };
        priced.push(PricedLine {
            sku: line.sku.clone(),
            name: product.map_or_else(|| line.sku.clone(), |p| p.name.clone()),
            qty: line.qty,
            uom: line.uom.clone(),
            unit_price,
            tier: resolved.and_then(|r| r.tier),
            line_total,
            available: line_total.is_some(),
        });
    }
    let total = crate::money::checked_sum("cart total", priced.iter().filter_map(|l| l.line_total))?;
    Ok(PricedCart { lines: priced, total, currency: currency.to_owned() })
}

/// CT4: the order lines a submitted cart makes, not yet priced: the submission freezes their
/// prices as an intake does (PR8, [`crate::OrderRef::freeze_prices`]).
pub fn order_lines(cart: &Cart) -> Vec<OrderLine> {
    cart.lines.iter().map(|l| OrderLine { uom: Some(l.uom.clone()), ..OrderLine::new(l.sku.clone(), l.qty) }).collect()
}

/// CT3, A1–A3: what opening a checkout link allows. The customer's access decides first, as on
/// its order link (blocked and inactive win); then a closed cart (`CHECKOUT_CLOSED`) or an
/// expired link (`CHECKOUT_EXPIRED`) shows nothing; then verification and trial apply as on the
/// order link (a trial shows the cart but refuses submitting).
pub fn decide_checkout(
    settings: &WorkspaceSettings,
    customer: &Customer,
    cart: &CartHead,
    verified: bool,
    now: DateTime<Utc>,
) -> LinkDecision {
    let mut d = decide(settings, Target::Customer(customer), verified);
    d.cart_id = Some(cart.id);
    let closed = match (cart.state, &cart.checkout) {
        (CartState::Open, Some(link)) if link.expired_at(now) => Some(DenyReason::CheckoutExpired),
        (CartState::Open, _) => None,
        _ => Some(DenyReason::CheckoutClosed),
    };
    let blocked = matches!(d.reason, Some(DenyReason::AccountInactive | DenyReason::OrderingUnavailable));
    if let (Some(reason), false) = (closed, blocked) {
        d.may_view = false;
        d.may_submit = false;
        d.needs_verification = false;
        d.reason = Some(reason);
        d.message = Some(reason.message(&settings.name));
    }
    d
}

/// CT5: which carts to list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CartQuery {
    /// Only this customer's carts.
    #[serde(default)]
    pub customer_id: Option<CustomerId>,
    /// Only carts this agent prepared (the attribution's agent, compared without case).
    #[serde(default)]
    pub agent: Option<String>,
    /// Only carts opened at least this many seconds ago.
    #[serde(default)]
    pub min_age_secs: Option<u64>,
    /// Only stalled carts.
    #[serde(default)]
    pub stalled_only: bool,
    /// A cart with no change for this many seconds is stalled (3 days when absent).
    #[serde(default)]
    pub stalled_after_secs: Option<u64>,
    /// The order of the rows.
    #[serde(default)]
    pub sort: CartSort,
    /// Rows to skip.
    #[serde(default)]
    pub offset: usize,
    /// Page size, 1 to 500 (50 when absent).
    #[serde(default = "fifty")]
    pub limit: usize,
}

fn fifty() -> usize {
    50
}

impl Default for CartQuery {
    fn default() -> Self {
        CartQuery {
            customer_id: None,
            agent: None,
            min_age_secs: None,
            stalled_only: false,
            stalled_after_secs: None,
            sort: CartSort::default(),
            offset: 0,
            limit: fifty(),
        }
    }
}

/// CT5: how open carts are ordered (ties by cart id).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CartSort {
    /// Longest without a change first (the follow-up order).
    #[default]
    LastChange,
    /// Oldest first.
    Age,
    /// Highest value at today's prices first.
    Value,
    /// By customer name.
    Customer,
    /// By agent (carts without one last).
    Agent,
}

/// CT5: one open cart as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenCart {
    /// The cart.
    pub cart_id: CartId,
    /// Its customer.
    pub customer_id: CustomerId,
    /// The customer's name.
    pub customer_name: String,
    /// The agent who prepared it.
    pub agent: Option<String>,
    /// The channel it came through.
    pub channel: String,
    /// How many lines.
    pub lines: usize,
    /// Its value at today's prices (available lines).
    pub value: Decimal,
    /// PR3: the workspace currency.
    pub currency: String,
    /// When it was opened.
    pub created_at: DateTime<Utc>,
    /// Its last change.
    pub last_change_at: DateTime<Utc>,
    /// Seconds since it was opened.
    pub age_secs: u64,
    /// No change for the stalled time.
    pub stalled: bool,
    /// Whether a checkout link that still works was issued.
    pub has_checkout_link: bool,
}

/// CT5: the rows for `carts` (open ones with their customer and value), filtered, sorted and
/// paged by `query` at `now`. `INVALID_ARGUMENT` for a page size outside 1–500.
pub fn list_open(mut rows: Vec<OpenCart>, query: &CartQuery) -> Result<crate::listing::Page<OpenCart>> {
    if query.limit == 0 || query.limit > 500 {
        return Err(Error::invalid("limit", "a page holds 1 to 500 carts"));
    }
    let agent = query.agent.as_deref().map(|a| search_fold(a.trim()));
    rows.retain(|r| {
        query.customer_id.is_none_or(|c| r.customer_id == c)
            && agent.as_deref().is_none_or(|a| r.agent.as_deref().is_some_and(|x| search_fold(x) == a))
            && query.min_age_secs.is_none_or(|m| r.age_secs >= m)
            && (!query.stalled_only || r.stalled)
    });
    match query.sort {
        CartSort::LastChange => {
            rows.sort_by(|a, b| a.last_change_at.cmp(&b.last_change_at).then(a.cart_id.cmp(&b.cart_id)))
        }
        CartSort::Age => rows.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.cart_id.cmp(&b.cart_id))),
        CartSort::Value => rows.sort_by(|a, b| b.value.cmp(&a.value).then(a.cart_id.cmp(&b.cart_id))),
        CartSort::Customer => rows.sort_by(|a, b| {
            search_fold(&a.customer_name).cmp(&search_fold(&b.customer_name)).then(a.cart_id.cmp(&b.cart_id))
        }),
        CartSort::Agent => rows.sort_by(|a, b| {
            let key = |r: &OpenCart| (r.agent.is_none(), r.agent.as_deref().map(search_fold));
            key(a).cmp(&key(b)).then(a.cart_id.cmp(&b.cart_id))
        }),
    }
    let total = rows.len();
    let items = rows.into_iter().skip(query.offset).take(query.limit).collect();
    Ok(crate::listing::Page { items, total, total_exact: true, offset: query.offset, limit: query.limit })
}

/// CT5: one open cart's row at `now`.
pub fn open_cart_row(
    cart: &Cart,
    customer: &Customer,
    priced: &PricedCart,
    query: &CartQuery,
    now: DateTime<Utc>,
) -> OpenCart {
    let stall = Duration::seconds(
        query.stalled_after_secs.unwrap_or(DEFAULT_STALLED_AFTER_SECS).min(i64::MAX as u64 / 1000) as i64,
    );
    OpenCart {
        cart_id: cart.id,
        customer_id: cart.customer_id,
        customer_name: customer.name.clone(),
        agent: cart.source.agent.clone(),
        channel: cart.source.channel.clone(),
        lines: cart.lines.len(),
        value: priced.total,
        currency: priced.currency.clone(),
        created_at: cart.created_at,
        last_change_at: cart.updated_at,
        age_secs: (now - cart.created_at).num_seconds().max(0) as u64,
        stalled: now - cart.updated_at >= stall,
        has_checkout_link: cart.checkout.as_ref().is_some_and(|l| !l.expired_at(now)),
    }
}

/// CT4: what a submission answered: the order, and whether this call made it (`false` for a
/// second submission of a cart already submitted: a double click gets the first order back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartSubmission {
    /// The cart submitted.
    pub cart_id: CartId,
    /// The order it became.
    pub order_id: OrderId,
    /// The customer the order belongs to (P1).
    pub customer_id: CustomerId,
    /// Whether this call made the order.
    pub created: bool,
}
