//! Order history (H1, H2): `Workspace.order_history` and its result objects, wrapping the core
//! values read-only. The core decides paging, drafts and availability.

use crate::convert::{id, serde_name, whole};
use crate::error::{call, invalid};
use crate::types::{b, q};
use crate::workspace::PyWorkspace;
use chrono::{DateTime, Utc};
use orderlink as core;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rust_decimal::Decimal;

/// Order lines as dicts ``{"sku": str, "qty": Decimal, "uom": str | None, "unit_price": Decimal
/// | None, "price_tier": str | None, "price_break": Decimal | None, "currency": str | None,
/// "price_given": bool}`` (PR8: the price frozen at intake).
pub(crate) fn line_dicts<'py>(py: Python<'py>, lines: &[core::OrderLine]) -> PyResult<Vec<Bound<'py, PyDict>>> {
    lines
        .iter()
        .map(|line| {
            let d = PyDict::new(py);
            d.set_item("sku", &line.sku)?;
            d.set_item("qty", line.qty)?;
            d.set_item("uom", line.uom.as_deref())?;
            d.set_item("unit_price", line.unit_price)?;
            d.set_item("price_tier", line.price_tier.map(core::PriceTier::as_str))?;
            d.set_item("price_break", line.price_break)?;
            d.set_item("currency", line.currency.as_deref())?;
            d.set_item("price_given", line.price_given)?;
            Ok(d)
        })
        .collect()
}

#[pymethods]
impl PyWorkspace {
    /// H1, H2: one page of a customer's past orders, newest first, 10 to a page (``page``
    /// counts from 1; a page past the end is empty), drafts listed but not selectable; and up
    /// to 50 products it ordered before, most recent first, each with whether it can be
    /// ordered again (inactive, out of stock, no price for this customer, or a unit of measure
    /// the product no longer has make it unavailable).
    ///
    /// >>> ws.upsert_products([{"sku": "EGGS-12", "name": "Eggs", "base_price": "7.00"}])
    /// >>> _ = ws.intake_order(ws.link_url(deli.id), number="SO-1", total="14.00",
    /// ...                     lines=[{"sku": "EGGS-12", "qty": 2}])
    /// >>> h = ws.order_history(deli.id)
    /// >>> [o.number for o in h.orders], h.has_more
    /// (['SO-1'], False)
    /// >>> h.products
    /// [ProductHistory(sku='EGGS-12', times_ordered=1, last_qty=Decimal('2'), availability='available')]
    #[pyo3(signature = (customer_id, page=None), text_signature = "(self, customer_id, page=1)")]
    fn order_history(&self, customer_id: &Bound<'_, PyAny>, page: Option<&Bound<'_, PyAny>>) -> PyResult<OrderHistory> {
        let page = match page.filter(|p| !p.is_none()) {
            None => 1,
            Some(p) => {
                usize::try_from(whole(p, "page")?).map_err(|_| invalid("page", "the page number is too large"))?
            }
        };
        let customer_id = id(customer_id, "customer_id")?;
        Ok(OrderHistory { inner: call(|| self.inner.order_history(customer_id, page))? })
    }
}

/// H1, H2: one page of past orders and the products ordered before.
#[pyclass(frozen, eq, name = "OrderHistory", module = "orderlink")]
#[derive(PartialEq)]
pub struct OrderHistory {
    pub inner: core::OrderHistory,
}

#[pymethods]
impl OrderHistory {
    /// H1: this page's orders, newest first.
    #[getter]
    fn orders(&self) -> Vec<PastOrder> {
        self.inner.orders.iter().cloned().map(|inner| PastOrder { inner }).collect()
    }
    /// The page number, from 1.
    #[getter]
    fn page(&self) -> usize {
        self.inner.page
    }
    /// How many orders the customer has in all.
    #[getter]
    fn total_orders(&self) -> usize {
        self.inner.total_orders
    }
    /// Whether an older page follows ("Load more").
    #[getter]
    fn has_more(&self) -> bool {
        self.inner.has_more
    }
    /// H2: up to 50 products ordered before (drafts do not count), most recently ordered first.
    #[getter]
    fn products(&self) -> Vec<ProductHistory> {
        self.inner.products.iter().cloned().map(|inner| ProductHistory { inner }).collect()
    }
    fn __repr__(&self) -> String {
        format!(
            "OrderHistory(page={}, orders={}, total_orders={}, has_more={}, products={})",
            self.inner.page,
            self.inner.orders.len(),
            self.inner.total_orders,
            b(self.inner.has_more),
            self.inner.products.len()
        )
    }
}

/// H1: one past order as the Past Orders list shows it.
#[pyclass(frozen, eq, name = "PastOrder", module = "orderlink")]
#[derive(PartialEq)]
pub struct PastOrder {
    pub inner: core::PastOrder,
}

#[pymethods]
impl PastOrder {
    /// The order's id.
    #[getter]
    fn id(&self) -> uuid::Uuid {
        self.inner.id.0
    }
    /// The order number people quote.
    #[getter]
    fn number(&self) -> &str {
        &self.inner.number
    }
    /// When it was placed (aware UTC ``datetime``).
    #[getter]
    fn placed_at(&self) -> DateTime<Utc> {
        self.inner.placed_at
    }
    /// ``"draft"``, ``"confirmed"`` or ``"invoiced"``.
    #[getter]
    fn status(&self) -> String {
        serde_name(&self.inner.status, "status")
    }
    /// The order total (``decimal.Decimal``).
    #[getter]
    fn total(&self) -> Decimal {
        self.inner.total
    }
    /// The number of line items.
    #[getter]
    fn items(&self) -> usize {
        self.inner.items()
    }
    /// The lines, as dicts ``{"sku": str, "qty": Decimal, "uom": str | None}``.
    #[getter]
    fn lines<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        line_dicts(py, &self.inner.lines)
    }
    /// H1: False for a draft, which is listed but cannot be opened.
    #[getter]
    fn selectable(&self) -> bool {
        self.inner.selectable
    }
    fn __repr__(&self) -> String {
        format!(
            "PastOrder(number={}, status={}, total=Decimal('{}'), selectable={})",
            q(&self.inner.number),
            q(&self.status()),
            self.inner.total,
            b(self.inner.selectable)
        )
    }
}

/// H2: one product the customer ordered before, and whether it can be ordered again.
#[pyclass(frozen, eq, name = "ProductHistory", module = "orderlink")]
#[derive(PartialEq)]
pub struct ProductHistory {
    pub inner: core::ProductHistory,
}

#[pymethods]
impl ProductHistory {
    /// The product's SKU.
    #[getter]
    fn sku(&self) -> &str {
        &self.inner.sku
    }
    /// The product's name now, or None when no product has the SKU any more.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }
    /// When the newest order with this product was placed.
    #[getter]
    fn last_ordered_at(&self) -> DateTime<Utc> {
        self.inner.last_ordered_at
    }
    /// How many separate orders included it.
    #[getter]
    fn times_ordered(&self) -> u64 {
        self.inner.times_ordered
    }
    /// The quantity in the newest order with it (``decimal.Decimal``).
    #[getter]
    fn last_qty(&self) -> Decimal {
        self.inner.last_qty
    }
    /// The unit of measure it was last ordered in, or None when the order did not say.
    #[getter]
    fn uom(&self) -> Option<&str> {
        self.inner.uom.as_deref()
    }
    /// PR1, PR5: the customer's price now for ``last_qty`` (``decimal.Decimal``), or None.
    #[getter]
    fn price(&self) -> Option<Decimal> {
        self.inner.price
    }
    /// PR8: the unit price paid on the newest order with it (frozen at intake), or None for an
    /// order that carries no frozen price.
    #[getter]
    fn last_price_paid(&self) -> Option<Decimal> {
        self.inner.last_price_paid
    }
    /// ``"available"``, or why not: ``"not_in_catalogue"``, ``"inactive"``,
    /// ``"out_of_stock"``, ``"no_price"`` or ``"uom_gone"`` (the first that holds).
    #[getter]
    fn availability(&self) -> &'static str {
        self.inner.availability.as_str()
    }
    /// Whether it can be ordered again.
    #[getter]
    fn available(&self) -> bool {
        self.inner.availability.is_available()
    }
    fn __repr__(&self) -> String {
        format!(
            "ProductHistory(sku={}, times_ordered={}, last_qty=Decimal('{}'), availability={})",
            q(&self.inner.sku),
            self.inner.times_ordered,
            self.inner.last_qty,
            q(self.availability())
        )
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<OrderHistory>()?;
    m.add_class::<PastOrder>()?;
    m.add_class::<ProductHistory>()?;
    Ok(())
}
