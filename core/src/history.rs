//! Order history (H1, H2): a customer's past orders, newest first in pages of 10, and the
//! products it ordered before with whether each can be ordered again.
//!
//! [`history`] is a pure function over the customer's orders and the price book, so the rule
//! is one piece of code whatever the store; [`Workspace::order_history`](crate::Workspace::order_history) feeds it.

use crate::customer::code_key;
use crate::error::{Error, Result};
use crate::ids::OrderId;
use crate::orders::{OrderLine, OrderRef, OrderStatus};
use crate::pricing::{PriceBook, Product};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::HashMap;

/// H1: past orders come in pages of this many.
pub const HISTORY_PAGE_SIZE: usize = 10;
/// H2: at most this many previously ordered products are listed.
pub const HISTORY_PRODUCTS_MAX: usize = 50;

/// H1: one past order as the Past Orders list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastOrder {
    /// The order's id.
    pub id: OrderId,
    /// The order number people quote.
    pub number: String,
    /// When it was placed.
    pub placed_at: DateTime<Utc>,
    /// Draft, confirmed or invoiced.
    pub status: OrderStatus,
    /// Order total in the workspace currency.
    pub total: Decimal,
    /// Its lines, as ordered.
    pub lines: Vec<OrderLine>,
    /// H1: drafts are listed but cannot be opened.
    pub selectable: bool,
}

impl PastOrder {
    /// The number of line items.
    pub fn items(&self) -> usize {
        self.lines.len()
    }
}

/// H2: whether a previously ordered product can be ordered again, and if not, why. When more
/// than one reason holds, the first in this order is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    /// It can be ordered.
    Available,
    /// No product has this SKU any more.
    NotInCatalogue,
    /// The product is inactive.
    Inactive,
    /// The product is out of stock.
    OutOfStock,
    /// PR1: no tier gives the customer a price.
    NoPrice,
    /// The unit of measure it was last ordered in is not the product's unit any more.
    UomGone,
}

impl Availability {
    /// The name every language uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Availability::Available => "available",
            Availability::NotInCatalogue => "not_in_catalogue",
            Availability::Inactive => "inactive",
            Availability::OutOfStock => "out_of_stock",
            Availability::NoPrice => "no_price",
            Availability::UomGone => "uom_gone",
        }
    }

    /// Whether the product can be ordered.
    pub fn is_available(self) -> bool {
        self == Availability::Available
    }

    /// H2: the availability of `product` (None: not in the catalogue) at `price` (the customer's
    /// resolved price, PR1) for a buyer who last ordered it in `uom`.
    pub fn of(product: Option<&Product>, price: Option<Decimal>, uom: Option<&str>) -> Availability {
        let Some(p) = product else { return Availability::NotInCatalogue };
        if !p.active {
            Availability::Inactive
        } else if !p.in_stock {
            Availability::OutOfStock
        } else if price.is_none() {
            Availability::NoPrice
        } else if uom.is_some_and(|u| code_key(u) != code_key(&p.uom)) {
            Availability::UomGone
        } else {
            Availability::Available
        }
    }
}

/// H2: one product the customer ordered before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductHistory {
    /// The product's SKU as it was ordered.
    pub sku: String,
    /// The product's name now (None when it is not in the catalogue).
    pub name: Option<String>,
    /// When the newest order with this product was placed.
    pub last_ordered_at: DateTime<Utc>,
    /// How many separate orders included it.
    pub times_ordered: u64,
    /// The quantity in the newest order with it (its lines for the SKU in that unit, summed).
    pub last_qty: Decimal,
    /// The unit of measure it was last ordered in, when the order said.
    pub uom: Option<String>,
    /// PR1/PR5: the customer's price now for `last_qty`, or None.
    pub price: Option<Decimal>,
    /// PR8: the unit price paid on the newest order with it (the frozen price of its first
    /// line for the SKU), or None when that order's line carries no frozen price.
    pub last_price_paid: Option<Decimal>,
    /// H2: whether it can be ordered again, and if not the first reason why.
    pub availability: Availability,
}

/// H1, H2: one page of past orders and the previously ordered products.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderHistory {
    /// H1: this page's orders, newest first; drafts included, marked not selectable.
    pub orders: Vec<PastOrder>,
    /// The page number, from 1.
    pub page: usize,
    /// How many orders the customer has in all.
    pub total_orders: usize,
    /// Whether an older page follows ("Load more").
    pub has_more: bool,
    /// H2: up to 50 products ordered before, most recently ordered first. Drafts do not count:
    /// a draft was never ordered.
    pub products: Vec<ProductHistory>,
}

/// H1, H2 over a customer's `orders` (any order), its price `group`, and the price `book`.
/// `page` counts from 1; a page past the end is empty.
/// Prices now are resolved at `now` (PR6).
pub fn history(
    mut orders: Vec<OrderRef>,
    page: usize,
    book: &PriceBook,
    group: Option<&str>,
    now: DateTime<Utc>,
) -> Result<OrderHistory> {
    if page == 0 {
        return Err(Error::invalid("page", "pages are numbered from 1"));
    }
    // Newest first; the id breaks ties so every store pages the same way.
    orders.sort_by_key(|o| Reverse((o.placed_at, o.id)));
    let products = product_history(&orders, book, group, now);
    let total_orders = orders.len();
    let start = (page - 1).saturating_mul(HISTORY_PAGE_SIZE);
    let listed = orders
        .into_iter()
        .skip(start)
        .take(HISTORY_PAGE_SIZE)
        .map(|o| PastOrder {
            id: o.id,
            selectable: o.status != OrderStatus::Draft,
            number: o.number,
            placed_at: o.placed_at,
            status: o.status,
            total: o.total,
            lines: o.lines,
        })
        .collect();
    Ok(OrderHistory {
        orders: listed,
        page,
        total_orders,
        has_more: start.saturating_add(HISTORY_PAGE_SIZE) < total_orders,
        products,
    })
}

/// H2 over orders sorted newest first.
fn product_history(
    newest_first: &[OrderRef],
    book: &PriceBook,
    group: Option<&str>,
    now: DateTime<Utc>,
) -> Vec<ProductHistory> {
    let mut rows: Vec<ProductHistory> = Vec::new();
    let mut seen: HashMap<&str, (usize, OrderId)> = HashMap::new();
    for order in newest_first.iter().filter(|o| o.status != OrderStatus::Draft) {
        for line in &order.lines {
            match seen.get_mut(line.sku.as_str()) {
                Some((row, counted_in)) => {
                    if *counted_in != order.id {
                        *counted_in = order.id;
                        rows[*row].times_ordered += 1;
                    }
                }
                None => {
                    seen.insert(&line.sku, (rows.len(), order.id));
                    rows.push(first_seen(order, line, book, group, now));
                }
            }
        }
    }
    rows.truncate(HISTORY_PRODUCTS_MAX);
    rows
}

/// The row of a product from the newest order that has it.
fn first_seen(
    order: &OrderRef,
    line: &OrderLine,
    book: &PriceBook,
    group: Option<&str>,
    now: DateTime<Utc>,
) -> ProductHistory {
    let unit = line.uom.as_deref().map(code_key);
    let last_qty =
        order.lines.iter().filter(|l| l.sku == line.sku && l.uom.as_deref().map(code_key) == unit).map(|l| l.qty).sum();
    let product = book.product(&line.sku);
    // The price now for the quantity last ordered, so it compares with the price paid (PR5);
    // a last quantity outside the quantity range (summed lines) asks for one unit.
    let qty = if crate::money::check_quantity("quantity", last_qty).is_ok() { last_qty } else { Decimal::ONE };
    let price = product.and_then(|_| book.resolve(&line.sku, group, qty, now).ok()).and_then(|r| r.amount);
    ProductHistory {
        sku: line.sku.clone(),
        name: product.map(|p| p.name.clone()),
        last_ordered_at: order.placed_at,
        times_ordered: 1,
        last_qty,
        uom: line.uom.clone(),
        price,
        last_price_paid: line.unit_price,
        availability: Availability::of(product, price, line.uom.as_deref()),
    }
}
