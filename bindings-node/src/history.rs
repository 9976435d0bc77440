//! Order history (H1, H2): `Workspace.orderHistory` and its result objects. The core decides
//! paging, drafts and availability; this file reads the page and shapes the answer.

use crate::convert::{number, object_json, opt_object, parse_id, prop};
use crate::error::{invalid, run};
use crate::pending::{OrderLine, OrderStatus};
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};
use napi::bindgen_prelude::{Env, Unknown};
use napi_derive::napi;
use orderlink as core;

fn n(v: usize) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// H2: whether a product ordered before can be ordered again, and if not, the first reason.
#[napi(string_enum = "snake_case")]
pub enum Availability {
    /// It can be ordered.
    Available,
    /// No product has this SKU any more.
    NotInCatalogue,
    /// The product is inactive.
    Inactive,
    /// The product is out of stock.
    OutOfStock,
    /// PR1: no tier gives this customer a price.
    NoPrice,
    /// The unit it was last ordered in is not the product's unit any more.
    UomGone,
}

impl From<core::Availability> for Availability {
    fn from(a: core::Availability) -> Self {
        match a {
            core::Availability::Available => Availability::Available,
            core::Availability::NotInCatalogue => Availability::NotInCatalogue,
            core::Availability::Inactive => Availability::Inactive,
            core::Availability::OutOfStock => Availability::OutOfStock,
            core::Availability::NoPrice => Availability::NoPrice,
            core::Availability::UomGone => Availability::UomGone,
        }
    }
}

/// H1: one past order as the Past Orders list shows it.
#[napi(object, use_nullable = true)]
pub struct PastOrder {
    /// The order's id.
    pub id: String,
    /// The order number people quote.
    pub number: String,
    /// When it was placed.
    pub placed_at: DateTime<Utc>,
    /// Draft, confirmed or invoiced.
    pub status: OrderStatus,
    /// The total: a decimal string.
    pub total: String,
    /// The number of line items.
    pub items: i64,
    /// The lines.
    pub lines: Vec<OrderLine>,
    /// H1: `false` for a draft, which is listed but cannot be opened.
    pub selectable: bool,
}

/// H2: one product the customer ordered before.
#[napi(object, use_nullable = true)]
pub struct ProductHistory {
    /// The product's SKU.
    pub sku: String,
    /// The product's name now; `null` when no product has the SKU any more.
    pub name: Option<String>,
    /// When the newest order with it was placed.
    pub last_ordered_at: DateTime<Utc>,
    /// How many separate orders included it.
    pub times_ordered: i64,
    /// The quantity in the newest order with it: a decimal string.
    pub last_qty: String,
    /// The unit it was last ordered in; `null` when the order did not say.
    pub uom: Option<String>,
    /// PR1, PR5: the customer's price now for `lastQty` (a decimal string), or `null`.
    pub price: Option<String>,
    /// PR8: the unit price paid on the newest order with it (frozen at intake), or `null` for
    /// an order that carries no frozen price.
    pub last_price_paid: Option<String>,
    /// `'available'`, or the first reason it is not.
    pub availability: Availability,
    /// Whether it can be ordered again.
    pub available: bool,
}

/// H1, H2: one page of past orders and the products ordered before.
#[napi(object, use_nullable = true)]
pub struct OrderHistory {
    /// H1: this page's orders, newest first; drafts listed but not selectable.
    pub orders: Vec<PastOrder>,
    /// The page number, from 1.
    pub page: i64,
    /// How many orders the customer has in all.
    pub total_orders: i64,
    /// Whether an older page follows ("Load more").
    pub has_more: bool,
    /// H2: up to 50 products ordered before (drafts do not count), most recent first.
    pub products: Vec<ProductHistory>,
}

impl From<core::OrderHistory> for OrderHistory {
    fn from(h: core::OrderHistory) -> Self {
        OrderHistory {
            orders: h
                .orders
                .into_iter()
                .map(|o| PastOrder {
                    id: o.id.to_string(),
                    items: n(o.items()),
                    number: o.number,
                    placed_at: o.placed_at,
                    status: o.status.into(),
                    total: o.total.to_string(),
                    lines: o.lines.into_iter().map(Into::into).collect(),
                    selectable: o.selectable,
                })
                .collect(),
            page: n(h.page),
            total_orders: n(h.total_orders),
            has_more: h.has_more,
            products: h
                .products
                .into_iter()
                .map(|p| ProductHistory {
                    sku: p.sku,
                    name: p.name,
                    last_ordered_at: p.last_ordered_at,
                    times_ordered: i64::try_from(p.times_ordered).unwrap_or(i64::MAX),
                    last_qty: p.last_qty.to_string(),
                    uom: p.uom,
                    price: p.price.map(|a| a.to_string()),
                    last_price_paid: p.last_price_paid.map(|a| a.to_string()),
                    available: p.availability.is_available(),
                    availability: p.availability.into(),
                })
                .collect(),
        }
    }
}

#[napi]
impl Workspace {
    /// H1, H2: one page (`page` from 1, the default) of a customer's past orders, newest first,
    /// 10 to a page, drafts listed but not selectable; and up to 50 products it ordered before,
    /// most recent first, each with whether it can be ordered again (inactive, out of stock,
    /// no price for this customer, or a unit the product no longer has make it unavailable).
    ///
    /// ```js
    /// const h = ws.orderHistory(deli.id, { page: 2 })
    /// h.orders.map((o) => o.number); h.hasMore; h.products[0].availability // 'available'
    /// ```
    #[napi(ts_args_type = "customerId: string, options?: { page?: number }")]
    pub fn order_history(
        &self,
        env: Env,
        customer_id: Unknown<'_>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<OrderHistory> {
        run(&env, || {
            let id = parse_id("customerId", &customer_id)?;
            let page = match opt_object("options", options.as_ref())? {
                Some(o) => {
                    object_json("history options", &o, &["page"], &[])?;
                    match prop("page", &o)? {
                        Some(p) => whole_page(number("page", &p)?)?,
                        None => 1,
                    }
                }
                None => 1,
            };
            Ok(self.inner.order_history(id, page)?.into())
        })
    }
}

/// A page number: a whole number (the core refuses 0).
pub(crate) fn whole_page(p: f64) -> crate::error::Result<usize> {
    if p < 0.0 || p.fract() != 0.0 || p > 9_007_199_254_740_991.0 {
        return Err(invalid("page", format!("expected a whole page number from 1, got {p}")));
    }
    Ok(p as usize)
}
