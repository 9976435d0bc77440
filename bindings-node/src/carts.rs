//! Carts and checkout links (CT1–CT5) on `Workspace`, and their objects. The core decides every
//! rule (one open cart, the code space, the atomic submission); this file reads the arguments
//! and shapes the answers. Money and quantities cross as decimal strings.

use crate::convert::{array, date, from_json, money, object, object_json, opt_object, parse_id, prop, text};
use crate::error::{invalid, run, Result};
pub(crate) use crate::pricing::Product;
use crate::types::LinkDecision;
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};
use napi::bindgen_prelude::{Env, Unknown};
use napi_derive::napi;
use orderlink as core;

/// What an edit object holds.
pub(crate) const EDIT_KEYS: &[&str] = &["op", "product", "qty", "uom"];
/// What `openCarts` takes.
pub(crate) const QUERY_KEYS: &[&str] =
    &["customer_id", "agent", "min_age_secs", "stalled_only", "stalled_after_secs", "sort", "offset", "limit"];

/// CT2: `{ agent?, channel? }` of an options object (absent: the customer; no channel).
pub(crate) fn options(
    what: &'static str,
    v: Option<&Unknown<'_>>,
    keys: &[&str],
) -> Result<(core::CartActor, Option<String>, Option<DateTime<Utc>>)> {
    let Some(obj) = opt_object(what, v)? else { return Ok((core::CartActor::Customer, None, None)) };
    let skip: &[&str] = if keys.contains(&"expires_at") { &["expiresAt"] } else { &[] };
    object_json(what, &obj, keys, skip)?;
    let agent = crate::convert::opt_text("agent", prop("agent", &obj)?.as_ref())?;
    let channel = crate::convert::opt_text("channel", prop("channel", &obj)?.as_ref())?;
    let expires = match prop("expiresAt", &obj)? {
        Some(e) if !crate::convert::is_absent(&e)? => Some(date("expiresAt", &e)?),
        _ => None,
    };
    let by = match agent {
        Some(name) => core::CartActor::agent(&name)?,
        None => core::CartActor::Customer,
    };
    Ok((by, channel, expires))
}

/// CT2: the edits of `updateCart`, each `{ op, product, qty?, uom? }`; `qty` a decimal string or
/// a number, read as money is (`0.1 + 0.2` is refused, never rounded).
pub(crate) fn edits(v: &Unknown<'_>) -> Result<Vec<core::CartEdit>> {
    const WHAT: &str = "cart edit";
    let mut out = Vec::new();
    for item in array(WHAT, v)? {
        let obj = object(WHAT, &item)?;
        let mut map = object_json(WHAT, &obj, EDIT_KEYS, &["qty"])?;
        if let Some(q) = prop("qty", &obj)? {
            if !crate::convert::is_absent(&q)? {
                map.insert("qty".into(), serde_json::Value::String(money("qty", &q)?.to_string()));
            }
        }
        out.push(from_json(WHAT, map)?);
    }
    Ok(out)
}

/// CT1: one cart line.
#[napi(object)]
pub struct CartLine {
    /// The product's SKU.
    pub sku: String,
    /// The quantity, a decimal string.
    pub qty: String,
    /// The unit.
    pub uom: String,
}

/// CT2: one change to a cart, with its author.
#[napi(object, use_nullable = true)]
pub struct CartChange {
    /// When.
    pub at: DateTime<Utc>,
    /// The agent who made it; `null`: the customer.
    pub agent: Option<String>,
    /// What it did.
    #[napi(
        ts_type = "'opened' | 'added' | 'quantity_set' | 'removed' | 'checkout_issued' | 'checkout_rotated' | 'submitted' | 'abandoned'"
    )]
    pub kind: String,
    /// The line's SKU, for line changes.
    pub sku: Option<String>,
    /// The line's quantity after the change (decimal string), for adds and sets.
    pub qty: Option<String>,
}

/// CT1: a customer's cart.
#[napi(object, use_nullable = true)]
pub struct Cart {
    /// The cart's id.
    pub id: String,
    /// The customer it belongs to.
    pub customer_id: String,
    /// Where it is in its life.
    #[napi(ts_type = "'open' | 'submitted' | 'abandoned'")]
    pub state: String,
    /// Its lines, in the order first added.
    pub lines: Vec<CartLine>,
    /// CT4: the agent who prepared it.
    pub agent: Option<String>,
    /// CT4: the channel it came through.
    pub channel: String,
    /// CT3: the current checkout code.
    pub checkout_code: Option<String>,
    /// CT3: when the checkout link expires.
    pub checkout_expires_at: Option<DateTime<Utc>>,
    /// When it was opened.
    pub created_at: DateTime<Utc>,
    /// Its last change.
    pub updated_at: DateTime<Utc>,
    /// When it was submitted or abandoned.
    pub closed_at: Option<DateTime<Utc>>,
    /// CT4: the order it became.
    pub order_id: Option<String>,
    /// CT2: every change, oldest first.
    pub changes: Vec<CartChange>,
    /// The stored version.
    pub version: i64,
}

impl From<core::Cart> for Cart {
    fn from(c: core::Cart) -> Self {
        Cart {
            id: c.id.to_string(),
            customer_id: c.customer_id.to_string(),
            state: c.state.as_str().to_owned(),
            lines: c.lines.into_iter().map(|l| CartLine { sku: l.sku, qty: l.qty.to_string(), uom: l.uom }).collect(),
            agent: c.source.agent,
            channel: c.source.channel,
            checkout_code: c.checkout.as_ref().map(|l| l.code.as_str().to_owned()),
            checkout_expires_at: c.checkout.as_ref().and_then(|l| l.expires_at),
            created_at: c.created_at,
            updated_at: c.updated_at,
            closed_at: c.closed_at,
            order_id: c.order_id.map(|o| o.to_string()),
            changes: c
                .changes
                .into_iter()
                .map(|ch| CartChange {
                    at: ch.at,
                    agent: ch.by.agent_name().map(str::to_owned),
                    kind: serde_json::to_value(ch.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    sku: ch.sku,
                    qty: ch.qty.map(|q| q.to_string()),
                })
                .collect(),
            version: i64::try_from(c.version).unwrap_or(i64::MAX),
        }
    }
}

/// CT3: a cart line priced now.
#[napi(object, use_nullable = true)]
pub struct PricedLine {
    /// The product's SKU.
    pub sku: String,
    /// The product's name.
    pub name: String,
    /// The quantity (decimal string).
    pub qty: String,
    /// The unit.
    pub uom: String,
    /// The unit price now (decimal string), or `null`.
    pub unit_price: Option<String>,
    /// The tier the price came from.
    #[napi(ts_type = "'group' | 'default_list' | 'base' | null")]
    pub tier: Option<String>,
    /// `qty × unitPrice`, rounded to the currency, or `null`.
    pub line_total: Option<String>,
    /// Whether the line can be ordered now.
    pub available: bool,
}

/// CT3: a cart priced now.
#[napi(object)]
pub struct PricedCart {
    /// Every line.
    pub lines: Vec<PricedLine>,
    /// The sum of the available lines (decimal string).
    pub total: String,
    /// The workspace currency.
    pub currency: String,
}

impl From<core::PricedCart> for PricedCart {
    fn from(p: core::PricedCart) -> Self {
        PricedCart {
            lines: p
                .lines
                .into_iter()
                .map(|l| PricedLine {
                    sku: l.sku,
                    name: l.name,
                    qty: l.qty.to_string(),
                    uom: l.uom,
                    unit_price: l.unit_price.map(|d| d.to_string()),
                    tier: l.tier.map(|t| t.as_str().to_owned()),
                    line_total: l.line_total.map(|d| d.to_string()),
                    available: l.available,
                })
                .collect(),
            total: p.total.to_string(),
            currency: p.currency,
        }
    }
}

/// CT3: a checkout link as issued.
#[napi(object, use_nullable = true)]
pub struct CheckoutLink {
    /// The URL to send (`{baseUrl}/order/{code}`).
    pub url: String,
    /// The code.
    pub code: String,
    /// When it expires.
    pub expires_at: Option<DateTime<Utc>>,
    /// The cart as saved with it.
    pub cart: Cart,
}

impl From<core::IssuedCheckout> for CheckoutLink {
    fn from(i: core::IssuedCheckout) -> Self {
        CheckoutLink {
            url: i.url,
            code: i.link.code.as_str().to_owned(),
            expires_at: i.link.expires_at,
            cart: i.cart.into(),
        }
    }
}

/// CT3: what opening a checkout link shows.
#[napi(object, use_nullable = true)]
pub struct CheckoutView {
    /// What opening the link allows (`cartId` names the cart).
    pub decision: LinkDecision,
    /// The cart, when it may be viewed.
    pub cart: Option<Cart>,
    /// Its lines priced now, when it may be viewed.
    pub priced: Option<PricedCart>,
}

impl From<core::CheckoutView> for CheckoutView {
    fn from(v: core::CheckoutView) -> Self {
        CheckoutView { decision: v.decision.into(), cart: v.cart.map(Into::into), priced: v.priced.map(Into::into) }
    }
}

/// CT4: what a submission answered.
#[napi(object)]
pub struct CartSubmission {
    /// The cart submitted.
    pub cart_id: String,
    /// The order it became.
    pub order_id: String,
    /// The order's customer.
    pub customer_id: String,
    /// Whether this call made the order (`false` for a repeat submission).
    pub created: bool,
}

impl From<core::CartSubmission> for CartSubmission {
    fn from(s: core::CartSubmission) -> Self {
        CartSubmission {
            cart_id: s.cart_id.to_string(),
            order_id: s.order_id.to_string(),
            customer_id: s.customer_id.to_string(),
            created: s.created,
        }
    }
}

/// CT5: one open cart as the list shows it.
#[napi(object, use_nullable = true)]
pub struct OpenCart {
    /// The cart.
    pub cart_id: String,
    /// Its customer.
    pub customer_id: String,
    /// The customer's name.
    pub customer_name: String,
    /// The agent who prepared it.
    pub agent: Option<String>,
    /// The channel.
    pub channel: String,
    /// How many lines.
    pub lines: u32,
    /// Its value at today's prices (decimal string).
    pub value: String,
    /// The workspace currency.
    pub currency: String,
    /// When it was opened.
    pub created_at: DateTime<Utc>,
    /// Its last change.
    pub last_change_at: DateTime<Utc>,
    /// Seconds since it was opened.
    pub age_secs: i64,
    /// No change for the stalled time.
    pub stalled: bool,
    /// Whether a working checkout link was issued.
    pub has_checkout_link: bool,
}

/// CT5: a page of open carts and the total matching.
#[napi(object)]
pub struct OpenCartPage {
    /// This page's rows.
    pub items: Vec<OpenCart>,
    /// How many match in all.
    pub total: u32,
    /// The offset asked for.
    pub offset: u32,
    /// The page size asked for.
    pub limit: u32,
}

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<core::Page<core::OpenCart>> for OpenCartPage {
    fn from(p: core::Page<core::OpenCart>) -> Self {
        OpenCartPage {
            items: p
                .items
                .into_iter()
                .map(|r| OpenCart {
                    cart_id: r.cart_id.to_string(),
                    customer_id: r.customer_id.to_string(),
                    customer_name: r.customer_name,
                    agent: r.agent,
                    channel: r.channel,
                    lines: u32_of(r.lines),
                    value: r.value.to_string(),
                    currency: r.currency,
                    created_at: r.created_at,
                    last_change_at: r.last_change_at,
                    age_secs: i64::try_from(r.age_secs).unwrap_or(i64::MAX),
                    stalled: r.stalled,
                    has_checkout_link: r.has_checkout_link,
                })
                .collect(),
            total: u32_of(p.total),
            offset: u32_of(p.offset),
            limit: u32_of(p.limit),
        }
    }
}

/// CT4: who prepared the cart an order came from, and through which channel.
#[napi(object, use_nullable = true)]
pub struct CartAttribution {
    /// The agent, or `null` when the customer started the cart.
    pub agent: Option<String>,
    /// The channel.
    pub channel: String,
}

#[napi]
impl Workspace {
    /// CT1, CT2: the customer's open cart, opened now when it has none, by `agent` (a sales
    /// agent's name; absent: the customer) through `channel`. At most one open cart per customer.
    #[napi(ts_args_type = "customerId: string, options?: { agent?: string | null; channel?: string | null } | null")]
    pub fn open_cart(&self, env: Env, customer_id: Unknown<'_>, options_: Option<Unknown<'_>>) -> napi::Result<Cart> {
        run(&env, || {
            let id = parse_id("customerId", &customer_id)?;
            let (by, channel, _) = options("options", options_.as_ref(), &["agent", "channel"])?;
            Ok(self.inner.open_cart(id, &by, channel.as_deref())?.into())
        })
    }

    /// CT1, CT2, R3: applies edits to an open cart, all or nothing, each recorded with its
    /// author. An edit is `{ op: 'add' | 'set', product, qty, uom? }` or `{ op: 'remove',
    /// product, uom? }`; `product` is a SKU or a product's name.
    #[napi(
        ts_args_type = "cartId: string, edits: Array<{ op: 'add' | 'set' | 'remove'; product: string; qty?: string | number; uom?: string | null }>, options?: { agent?: string | null } | null"
    )]
    pub fn update_cart(
        &self,
        env: Env,
        cart_id: Unknown<'_>,
        edits_: Unknown<'_>,
        options_: Option<Unknown<'_>>,
    ) -> napi::Result<Cart> {
        run(&env, || {
            let id = parse_id("cartId", &cart_id)?;
            let list = edits(&edits_)?;
            let (by, _, _) = options("options", options_.as_ref(), &["agent"])?;
            Ok(self.inner.update_cart(id, &list, &by)?.into())
        })
    }

    /// CT1: one cart, open or closed; `CART_NOT_FOUND`.
    #[napi(ts_args_type = "cartId: string")]
    pub fn get_cart(&self, env: Env, cart_id: Unknown<'_>) -> napi::Result<Cart> {
        run(&env, || Ok(self.inner.get_cart(parse_id("cartId", &cart_id)?)?.into()))
    }

    /// CT1: a customer's carts, open and closed, oldest first.
    #[napi(ts_args_type = "customerId: string")]
    pub fn customer_carts(&self, env: Env, customer_id: Unknown<'_>) -> napi::Result<Vec<Cart>> {
        run(&env, || {
            let id = parse_id("customerId", &customer_id)?;
            Ok(self.inner.customer_carts(id)?.into_iter().map(Into::into).collect())
        })
    }

    /// CT2: active products whose SKU or name contains `term` (without case or accents).
    #[napi(ts_args_type = "term: string, limit?: number | null")]
    pub fn search_products(
        &self,
        env: Env,
        term: Unknown<'_>,
        limit: Option<Unknown<'_>>,
    ) -> napi::Result<Vec<Product>> {
        run(&env, || {
            let term = text("term", &term)?;
            let limit = match crate::convert::opt_number("limit", limit.as_ref())? {
                Some(n) if n.fract() == 0.0 && (1.0..=500.0).contains(&n) => n as usize,
                Some(_) => return Err(invalid("limit", "1 to 500 products")),
                None => 20,
            };
            Ok(self.inner.search_products(&term, limit)?.iter().map(Product::from).collect())
        })
    }

    /// CT3, PR1: the cart's lines priced for its customer now.
    #[napi(ts_args_type = "cartId: string")]
    pub fn price_cart(&self, env: Env, cart_id: Unknown<'_>) -> napi::Result<PricedCart> {
        run(&env, || Ok(self.inner.price_cart(parse_id("cartId", &cart_id)?)?.into()))
    }

    /// CT3: the cart's checkout link: the current one while it works, else a new code from the
    /// store-wide link-code space, expiring at `expiresAt` (never when absent). `CART_CLOSED` on
    /// a closed cart.
    #[napi(ts_args_type = "cartId: string, options?: { expiresAt?: Date | null; agent?: string | null } | null")]
    pub fn checkout_link(
        &self,
        env: Env,
        cart_id: Unknown<'_>,
        options_: Option<Unknown<'_>>,
    ) -> napi::Result<CheckoutLink> {
        run(&env, || {
            let id = parse_id("cartId", &cart_id)?;
            let (by, _, expires) = options("options", options_.as_ref(), &["agent", "expires_at"])?;
            Ok(self.inner.checkout_link(id, expires, &by)?.into())
        })
    }

    /// CT3: a new checkout link for the cart; the old code answers as unknown from then on.
    #[napi(ts_args_type = "cartId: string, options?: { expiresAt?: Date | null; agent?: string | null } | null")]
    pub fn rotate_checkout_link(
        &self,
        env: Env,
        cart_id: Unknown<'_>,
        options_: Option<Unknown<'_>>,
    ) -> napi::Result<CheckoutLink> {
        run(&env, || {
            let id = parse_id("cartId", &cart_id)?;
            let (by, _, expires) = options("options", options_.as_ref(), &["agent", "expires_at"])?;
            Ok(self.inner.rotate_checkout_link(id, expires, &by)?.into())
        })
    }

    /// CT3, A1–A3: opens a checkout link: the decision, and the cart priced now when it may be
    /// viewed.
    #[napi(ts_args_type = "codeOrUrl: string, sessionToken?: string | null")]
    pub fn open_checkout(
        &self,
        env: Env,
        code_or_url: Unknown<'_>,
        session_token: Option<Unknown<'_>>,
    ) -> napi::Result<CheckoutView> {
        run(&env, || {
            let link = text("codeOrUrl", &code_or_url)?;
            let token = crate::convert::opt_text("sessionToken", session_token.as_ref())?;
            Ok(self.inner.open_checkout(&link, token.as_deref())?.into())
        })
    }

    /// CT4, P1: submits the cart of a checkout link (or a customer's own link: its open cart) as
    /// order `number`, priced now; the cart closes in the same atomic step. A second submission
    /// answers the same order with `created: false`.
    #[napi(ts_args_type = "codeOrUrl: string, number: string")]
    pub fn submit_cart(&self, env: Env, code_or_url: Unknown<'_>, number: Unknown<'_>) -> napi::Result<CartSubmission> {
        run(&env, || {
            let link = text("codeOrUrl", &code_or_url)?;
            let number = text("number", &number)?;
            Ok(self.inner.submit_cart(&link, &number)?.into())
        })
    }

    /// CT5: closes an open cart as abandoned.
    #[napi(ts_args_type = "cartId: string, options?: { agent?: string | null } | null")]
    pub fn abandon_cart(&self, env: Env, cart_id: Unknown<'_>, options_: Option<Unknown<'_>>) -> napi::Result<Cart> {
        run(&env, || {
            let id = parse_id("cartId", &cart_id)?;
            let (by, _, _) = options("options", options_.as_ref(), &["agent"])?;
            Ok(self.inner.abandon_cart(id, &by)?.into())
        })
    }

    /// CT5: open carts with customer, agent, value at today's prices, age and last change;
    /// filtered by `customerId`, `agent`, `minAgeSecs`, `stalledOnly`; `stalledAfterSecs` (3
    /// days when absent); sorted by `sort`; paged by `offset` and `limit` (1–500, 50).
    #[napi(
        ts_args_type = "query?: { customerId?: string | null; agent?: string | null; minAgeSecs?: number | null; stalledOnly?: boolean; stalledAfterSecs?: number | null; sort?: 'last_change' | 'age' | 'value' | 'customer' | 'agent'; offset?: number; limit?: number } | null"
    )]
    pub fn open_carts(&self, env: Env, query: Option<Unknown<'_>>) -> napi::Result<OpenCartPage> {
        run(&env, || {
            let q: core::CartQuery = match opt_object("query", query.as_ref())? {
                Some(obj) => {
                    let mut map = object_json("query", &obj, QUERY_KEYS, &[])?;
                    map.retain(|_, v| !v.is_null());
                    from_json("query", map)?
                }
                None => core::CartQuery::default(),
            };
            Ok(self.inner.open_carts(&q)?.into())
        })
    }

    /// CT4: the attribution of the cart an order came from, or `null`.
    #[napi(ts_args_type = "orderId: string")]
    pub fn order_attribution(&self, env: Env, order_id: Unknown<'_>) -> napi::Result<Option<CartAttribution>> {
        run(&env, || {
            let id = parse_id("orderId", &order_id)?;
            Ok(self.inner.order_attribution(id)?.map(|s| CartAttribution { agent: s.agent, channel: s.channel }))
        })
    }
}
