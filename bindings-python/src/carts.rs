//! Carts and checkout links (CT1–CT5) on `Workspace`, and their result objects. The core decides
//! every rule (one open cart, the code space, the atomic submission); this file reads and wraps.

use crate::convert::{id, kwargs_json, opt_text, text, to_json, utc, whole};
use crate::error::{call, invalid};
use crate::pricing::Product;
use crate::types::{b, q, qo, LinkDecision};
use crate::workspace::PyWorkspace;
use chrono::{DateTime, Utc};
use orderlink as core;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rust_decimal::Decimal;

/// CT2: who makes a change: the agent named, or the customer when None.
fn actor(agent: Option<&Bound<'_, PyAny>>) -> PyResult<core::CartActor> {
    match opt_text(agent, "agent")? {
        Some(name) => call(|| core::CartActor::agent(&name)),
        None => Ok(core::CartActor::Customer),
    }
}

fn cart(inner: core::Cart) -> Cart {
    Cart { inner }
}

#[pymethods]
impl PyWorkspace {
    /// CT1, CT2: the customer's open cart, opened now when it has none, by ``agent`` (a sales
    /// agent's name; None: the customer) through ``channel`` (``"phone"`` …; ``"agent"`` or
    /// ``"portal"`` when None). A customer has at most one open cart.
    ///
    /// >>> ws.upsert_products([{"sku": "EGGS-12", "name": "Eggs", "base_price": Decimal("7.00")}])
    /// >>> cart = ws.open_cart(deli.id, agent="Sam", channel="phone")
    /// >>> cart = ws.update_cart(cart.id, [{"op": "add", "product": "eggs", "qty": 4}], agent="Sam")
    /// >>> [(l.sku, l.qty) for l in cart.lines], cart.agent, cart.channel
    /// ([('EGGS-12', Decimal('4'))], 'Sam', 'phone')
    /// >>> link = ws.checkout_link(cart.id, agent="Sam")
    /// >>> ws.resolve_link(link.url).kind, ws.open_checkout(link.url).priced.total
    /// ('checkout', Decimal('28.00'))
    /// >>> s = ws.submit_cart(link.url, "SO-1")
    /// >>> s.created, ws.submit_cart(link.url, "SO-1").order_id == s.order_id
    /// (True, True)
    #[pyo3(signature = (customer_id, *, agent=None, channel=None))]
    fn open_cart(
        &self,
        customer_id: &Bound<'_, PyAny>,
        agent: Option<&Bound<'_, PyAny>>,
        channel: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Cart> {
        let id = id(customer_id, "customer_id")?;
        let by = actor(agent)?;
        let channel = opt_text(channel, "channel")?;
        Ok(cart(call(|| self.inner.open_cart(id, &by, channel.as_deref()))?))
    }

    /// CT1, CT2, R3: applies ``edits`` to an open cart, all or nothing, each recorded with its
    /// author (``agent``; None: the customer). An edit is a dict: ``{"op": "add" | "set",
    /// "product": SKU or name, "qty": Decimal | int | str, "uom": optional}`` or ``{"op":
    /// "remove", "product": ..., "uom": optional}``.
    #[pyo3(signature = (cart_id, edits, *, agent=None))]
    fn update_cart(
        &self,
        cart_id: &Bound<'_, PyAny>,
        edits: &Bound<'_, PyAny>,
        agent: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Cart> {
        const WHAT: &str = "cart edit";
        let id = id(cart_id, "cart_id")?;
        let edits: Vec<core::CartEdit> =
            serde_json::from_value(to_json(edits, WHAT, "edits")?).map_err(|e| invalid(WHAT, e.to_string()))?;
        let by = actor(agent)?;
        Ok(cart(call(|| self.inner.update_cart(id, &edits, &by))?))
    }

    /// CT1: one cart, open or closed; NotFoundError ``CART_NOT_FOUND``.
    fn get_cart(&self, cart_id: &Bound<'_, PyAny>) -> PyResult<Cart> {
        let id = id(cart_id, "cart_id")?;
        Ok(cart(call(|| self.inner.get_cart(id))?))
    }

    /// CT1: a customer's carts, open and closed, oldest first.
    fn customer_carts(&self, customer_id: &Bound<'_, PyAny>) -> PyResult<Vec<Cart>> {
        let id = id(customer_id, "customer_id")?;
        Ok(call(|| self.inner.customer_carts(id))?.into_iter().map(cart).collect())
    }

    /// CT2: active products whose SKU or name contains ``term`` (without case or accents).
    #[pyo3(signature = (term, limit=None), text_signature = "(self, term, limit=20)")]
    fn search_products(&self, term: &Bound<'_, PyAny>, limit: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<Product>> {
        let term = text(term, "term")?;
        let limit = match limit.filter(|l| !l.is_none()) {
            Some(l) => usize::try_from(whole(l, "limit")?).unwrap_or(usize::MAX),
            None => 20,
        };
        Ok(call(|| self.inner.search_products(&term, limit))?.into_iter().map(|inner| Product { inner }).collect())
    }

    /// CT3, PR1: the cart's lines priced for its customer now.
    fn price_cart(&self, cart_id: &Bound<'_, PyAny>) -> PyResult<PricedCart> {
        let id = id(cart_id, "cart_id")?;
        Ok(PricedCart { inner: call(|| self.inner.price_cart(id))? })
    }

    /// CT3: the cart's checkout link: the current one while it works, else a new code from the
    /// store-wide link-code space, expiring at ``expires_at`` (an aware ``datetime``; never when
    /// None). ConflictError ``CART_CLOSED`` on a closed cart.
    #[pyo3(signature = (cart_id, *, expires_at=None, agent=None))]
    fn checkout_link(
        &self,
        cart_id: &Bound<'_, PyAny>,
        expires_at: Option<&Bound<'_, PyAny>>,
        agent: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<CheckoutLink> {
        let id = id(cart_id, "cart_id")?;
        let expires = expires_at.filter(|e| !e.is_none()).map(|e| utc(e, "expires_at")).transpose()?;
        let by = actor(agent)?;
        Ok(CheckoutLink { inner: call(|| self.inner.checkout_link(id, expires, &by))? })
    }

    /// CT3: a new checkout link for the cart; the old code answers as unknown from then on.
    #[pyo3(signature = (cart_id, *, expires_at=None, agent=None))]
    fn rotate_checkout_link(
        &self,
        cart_id: &Bound<'_, PyAny>,
        expires_at: Option<&Bound<'_, PyAny>>,
        agent: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<CheckoutLink> {
        let id = id(cart_id, "cart_id")?;
        let expires = expires_at.filter(|e| !e.is_none()).map(|e| utc(e, "expires_at")).transpose()?;
        let by = actor(agent)?;
        Ok(CheckoutLink { inner: call(|| self.inner.rotate_checkout_link(id, expires, &by))? })
    }

    /// CT3, A1–A3: opens a checkout link: the decision, and the cart priced now when it may be
    /// viewed.
    #[pyo3(signature = (code_or_url, session_token=None))]
    fn open_checkout(
        &self,
        code_or_url: &Bound<'_, PyAny>,
        session_token: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<CheckoutView> {
        let code = text(code_or_url, "code_or_url")?;
        let token = opt_text(session_token, "session_token")?;
        Ok(CheckoutView { inner: call(|| self.inner.open_checkout(&code, token.as_deref()))? })
    }

    /// CT4, P1: submits the cart of a checkout link (or of a customer's own link: its open cart)
    /// as order ``number``, priced now; the cart closes in the same atomic step. A second
    /// submission answers the same order with ``created`` False.
    fn submit_cart(&self, code_or_url: &Bound<'_, PyAny>, number: &Bound<'_, PyAny>) -> PyResult<CartSubmission> {
        let code = text(code_or_url, "code_or_url")?;
        let number = text(number, "number")?;
        Ok(CartSubmission { inner: call(|| self.inner.submit_cart(&code, &number))? })
    }

    /// CT5: closes an open cart as abandoned (by ``agent``; None: the customer).
    #[pyo3(signature = (cart_id, *, agent=None))]
    fn abandon_cart(&self, cart_id: &Bound<'_, PyAny>, agent: Option<&Bound<'_, PyAny>>) -> PyResult<Cart> {
        let id = id(cart_id, "cart_id")?;
        let by = actor(agent)?;
        Ok(cart(call(|| self.inner.abandon_cart(id, &by))?))
    }

    /// CT5: open carts with customer, agent, value at today's prices, age and last change.
    /// Keywords: ``customer_id``, ``agent``, ``min_age_secs``, ``stalled_only``,
    /// ``stalled_after_secs`` (3 days when absent), ``sort`` (``"last_change"``, ``"age"``,
    /// ``"value"``, ``"customer"``, ``"agent"``), ``offset``, ``limit`` (1–500, 50).
    #[pyo3(signature = (**query))]
    fn open_carts(&self, query: Option<&Bound<'_, PyDict>>) -> PyResult<OpenCartPage> {
        const WHAT: &str = "cart query";
        let mut given = kwargs_json(query, WHAT)?;
        given.retain(|_, v| !v.is_null());
        let query: core::CartQuery =
            serde_json::from_value(serde_json::Value::Object(given)).map_err(|e| invalid(WHAT, e.to_string()))?;
        Ok(OpenCartPage { inner: call(|| self.inner.open_carts(&query))? })
    }

    /// CT4: ``{"agent": ..., "channel": ...}`` of the cart an order came from, or None.
    fn order_attribution<'py>(
        &self,
        py: Python<'py>,
        order_id: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyDict>>> {
        let id = id(order_id, "order_id")?;
        let Some(source) = call(|| self.inner.order_attribution(id))? else { return Ok(None) };
        let d = PyDict::new(py);
        d.set_item("agent", source.agent)?;
        d.set_item("channel", source.channel)?;
        Ok(Some(d))
    }
}

/// CT1: a customer's cart.
#[pyclass(frozen, eq, name = "Cart", module = "orderlink")]
#[derive(PartialEq)]
pub struct Cart {
    pub inner: core::Cart,
}

#[pymethods]
impl Cart {
    /// The cart's id.
    #[getter]
    fn id(&self) -> uuid::Uuid {
        self.inner.id.0
    }
    /// The customer it belongs to.
    #[getter]
    fn customer_id(&self) -> uuid::Uuid {
        self.inner.customer_id.0
    }
    /// ``"open"``, ``"submitted"`` or ``"abandoned"``.
    #[getter]
    fn state(&self) -> &'static str {
        self.inner.state.as_str()
    }
    /// Its lines, in the order first added.
    #[getter]
    fn lines(&self) -> Vec<CartLine> {
        self.inner.lines.iter().cloned().map(|inner| CartLine { inner }).collect()
    }
    /// CT4: the agent who prepared it, or None.
    #[getter]
    fn agent(&self) -> Option<&str> {
        self.inner.source.agent.as_deref()
    }
    /// CT4: the channel it came through.
    #[getter]
    fn channel(&self) -> &str {
        &self.inner.source.channel
    }
    /// CT3: the current checkout code, or None.
    #[getter]
    fn checkout_code(&self) -> Option<&str> {
        self.inner.checkout.as_ref().map(|l| l.code.as_str())
    }
    /// CT3: when the checkout link expires, or None.
    #[getter]
    fn checkout_expires_at(&self) -> Option<DateTime<Utc>> {
        self.inner.checkout.as_ref().and_then(|l| l.expires_at)
    }
    /// When it was opened.
    #[getter]
    fn created_at(&self) -> DateTime<Utc> {
        self.inner.created_at
    }
    /// Its last change.
    #[getter]
    fn updated_at(&self) -> DateTime<Utc> {
        self.inner.updated_at
    }
    /// When it was submitted or abandoned, or None.
    #[getter]
    fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.inner.closed_at
    }
    /// CT4: the order it became, or None.
    #[getter]
    fn order_id(&self) -> Option<uuid::Uuid> {
        self.inner.order_id.map(|o| o.0)
    }
    /// CT2: every change, oldest first, with its author.
    #[getter]
    fn changes(&self) -> Vec<CartChange> {
        self.inner.changes.iter().cloned().map(|inner| CartChange { inner }).collect()
    }
    /// The stored version.
    #[getter]
    fn version(&self) -> u64 {
        self.inner.version
    }
    fn __repr__(&self) -> String {
        format!(
            "Cart(state={}, lines={}, agent={}, channel={})",
            q(self.state()),
            self.inner.lines.len(),
            qo(self.agent()),
            q(self.channel())
        )
    }
}

/// CT1: one cart line.
#[pyclass(frozen, eq, name = "CartLine", module = "orderlink")]
#[derive(PartialEq)]
pub struct CartLine {
    pub inner: core::CartLine,
}

#[pymethods]
impl CartLine {
    /// The product's SKU.
    #[getter]
    fn sku(&self) -> &str {
        &self.inner.sku
    }
    /// The quantity (``decimal.Decimal``).
    #[getter]
    fn qty(&self) -> Decimal {
        self.inner.qty
    }
    /// The unit.
    #[getter]
    fn uom(&self) -> &str {
        &self.inner.uom
    }
    fn __repr__(&self) -> String {
        format!("CartLine(sku={}, qty=Decimal('{}'), uom={})", q(&self.inner.sku), self.inner.qty, q(&self.inner.uom))
    }
}

/// CT2: one change to a cart.
#[pyclass(frozen, eq, name = "CartChange", module = "orderlink")]
#[derive(PartialEq)]
pub struct CartChange {
    pub inner: core::CartChange,
}

#[pymethods]
impl CartChange {
    /// When.
    #[getter]
    fn at(&self) -> DateTime<Utc> {
        self.inner.at
    }
    /// The agent who made it; None: the customer.
    #[getter]
    fn agent(&self) -> Option<&str> {
        self.inner.by.agent_name()
    }
    /// ``"opened"``, ``"added"``, ``"quantity_set"``, ``"removed"``, ``"checkout_issued"``,
    /// ``"checkout_rotated"``, ``"submitted"`` or ``"abandoned"``.
    #[getter]
    fn kind(&self) -> String {
        crate::convert::serde_name(&self.inner.kind, "kind")
    }
    /// The line's SKU, for line changes.
    #[getter]
    fn sku(&self) -> Option<&str> {
        self.inner.sku.as_deref()
    }
    /// The line's quantity after the change, for adds and sets.
    #[getter]
    fn qty(&self) -> Option<Decimal> {
        self.inner.qty
    }
    fn __repr__(&self) -> String {
        format!("CartChange(kind={}, agent={}, sku={})", q(&self.kind()), qo(self.agent()), qo(self.sku()))
    }
}

/// CT3: a cart line priced now.
#[pyclass(frozen, eq, name = "PricedLine", module = "orderlink")]
#[derive(PartialEq)]
pub struct PricedLine {
    pub inner: core::PricedLine,
}

#[pymethods]
impl PricedLine {
    /// The product's SKU.
    #[getter]
    fn sku(&self) -> &str {
        &self.inner.sku
    }
    /// The product's name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }
    /// The quantity.
    #[getter]
    fn qty(&self) -> Decimal {
        self.inner.qty
    }
    /// The unit.
    #[getter]
    fn uom(&self) -> &str {
        &self.inner.uom
    }
    /// The unit price now, or None.
    #[getter]
    fn unit_price(&self) -> Option<Decimal> {
        self.inner.unit_price
    }
    /// ``"group"``, ``"default_list"``, ``"base"`` or None.
    #[getter]
    fn tier(&self) -> Option<&'static str> {
        self.inner.tier.map(core::PriceTier::as_str)
    }
    /// ``qty × unit_price`` rounded to the currency, or None.
    #[getter]
    fn line_total(&self) -> Option<Decimal> {
        self.inner.line_total
    }
    /// Whether it can be ordered now.
    #[getter]
    fn available(&self) -> bool {
        self.inner.available
    }
    fn __repr__(&self) -> String {
        format!(
            "PricedLine(sku={}, qty=Decimal('{}'), available={})",
            q(&self.inner.sku),
            self.inner.qty,
            b(self.inner.available)
        )
    }
}

/// CT3: a cart priced now.
#[pyclass(frozen, eq, name = "PricedCart", module = "orderlink")]
#[derive(PartialEq)]
pub struct PricedCart {
    pub inner: core::PricedCart,
}

#[pymethods]
impl PricedCart {
    /// Every line.
    #[getter]
    fn lines(&self) -> Vec<PricedLine> {
        self.inner.lines.iter().cloned().map(|inner| PricedLine { inner }).collect()
    }
    /// The sum of the available lines.
    #[getter]
    fn total(&self) -> Decimal {
        self.inner.total
    }
    /// The workspace currency.
    #[getter]
    fn currency(&self) -> &str {
        &self.inner.currency
    }
    fn __repr__(&self) -> String {
        format!("PricedCart(total=Decimal('{}'), currency={})", self.inner.total, q(&self.inner.currency))
    }
}

/// CT3: a checkout link as issued.
#[pyclass(frozen, eq, name = "CheckoutLink", module = "orderlink")]
#[derive(PartialEq)]
pub struct CheckoutLink {
    pub inner: core::IssuedCheckout,
}

#[pymethods]
impl CheckoutLink {
    /// The URL to send (``{base_url}/order/{code}``).
    #[getter]
    fn url(&self) -> &str {
        &self.inner.url
    }
    /// The code.
    #[getter]
    fn code(&self) -> &str {
        self.inner.link.code.as_str()
    }
    /// When it expires, or None.
    #[getter]
    fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.inner.link.expires_at
    }
    /// The cart as saved with it.
    #[getter]
    fn cart(&self) -> Cart {
        cart(self.inner.cart.clone())
    }
    fn __repr__(&self) -> String {
        format!("CheckoutLink(url={})", q(&self.inner.url))
    }
}

/// CT3: what opening a checkout link shows.
#[pyclass(frozen, eq, name = "CheckoutView", module = "orderlink")]
#[derive(PartialEq)]
pub struct CheckoutView {
    pub inner: core::CheckoutView,
}

#[pymethods]
impl CheckoutView {
    /// What opening the link allows.
    #[getter]
    fn decision(&self) -> LinkDecision {
        LinkDecision { inner: self.inner.decision.clone() }
    }
    /// The cart, when it may be viewed.
    #[getter]
    fn cart(&self) -> Option<Cart> {
        self.inner.cart.clone().map(cart)
    }
    /// The cart priced now, when it may be viewed.
    #[getter]
    fn priced(&self) -> Option<PricedCart> {
        self.inner.priced.clone().map(|inner| PricedCart { inner })
    }
    fn __repr__(&self) -> String {
        format!(
            "CheckoutView(may_view={}, may_submit={})",
            b(self.inner.decision.may_view),
            b(self.inner.decision.may_submit)
        )
    }
}

/// CT4: what a submission answered.
#[pyclass(frozen, eq, name = "CartSubmission", module = "orderlink")]
#[derive(PartialEq)]
pub struct CartSubmission {
    pub inner: core::CartSubmission,
}

#[pymethods]
impl CartSubmission {
    /// The cart submitted.
    #[getter]
    fn cart_id(&self) -> uuid::Uuid {
        self.inner.cart_id.0
    }
    /// The order it became.
    #[getter]
    fn order_id(&self) -> uuid::Uuid {
        self.inner.order_id.0
    }
    /// The order's customer.
    #[getter]
    fn customer_id(&self) -> uuid::Uuid {
        self.inner.customer_id.0
    }
    /// Whether this call made the order (False for a repeat submission).
    #[getter]
    fn created(&self) -> bool {
        self.inner.created
    }
    fn __repr__(&self) -> String {
        format!("CartSubmission(order_id=UUID('{}'), created={})", self.inner.order_id, b(self.inner.created))
    }
}

/// CT5: one open cart as the list shows it.
#[pyclass(frozen, eq, name = "OpenCart", module = "orderlink")]
#[derive(PartialEq)]
pub struct OpenCart {
    pub inner: core::OpenCart,
}

#[pymethods]
impl OpenCart {
    /// The cart.
    #[getter]
    fn cart_id(&self) -> uuid::Uuid {
        self.inner.cart_id.0
    }
    /// Its customer.
    #[getter]
    fn customer_id(&self) -> uuid::Uuid {
        self.inner.customer_id.0
    }
    /// The customer's name.
    #[getter]
    fn customer_name(&self) -> &str {
        &self.inner.customer_name
    }
    /// The agent who prepared it, or None.
    #[getter]
    fn agent(&self) -> Option<&str> {
        self.inner.agent.as_deref()
    }
    /// The channel.
    #[getter]
    fn channel(&self) -> &str {
        &self.inner.channel
    }
    /// How many lines.
    #[getter]
    fn lines(&self) -> usize {
        self.inner.lines
    }
    /// Its value at today's prices.
    #[getter]
    fn value(&self) -> Decimal {
        self.inner.value
    }
    /// The workspace currency.
    #[getter]
    fn currency(&self) -> &str {
        &self.inner.currency
    }
    /// When it was opened.
    #[getter]
    fn created_at(&self) -> DateTime<Utc> {
        self.inner.created_at
    }
    /// Its last change.
    #[getter]
    fn last_change_at(&self) -> DateTime<Utc> {
        self.inner.last_change_at
    }
    /// Seconds since it was opened.
    #[getter]
    fn age_secs(&self) -> u64 {
        self.inner.age_secs
    }
    /// No change for the stalled time.
    #[getter]
    fn stalled(&self) -> bool {
        self.inner.stalled
    }
    /// Whether a working checkout link was issued.
    #[getter]
    fn has_checkout_link(&self) -> bool {
        self.inner.has_checkout_link
    }
    fn __repr__(&self) -> String {
        format!(
            "OpenCart(customer_name={}, agent={}, value=Decimal('{}'), stalled={})",
            q(&self.inner.customer_name),
            qo(self.agent()),
            self.inner.value,
            b(self.inner.stalled)
        )
    }
}

/// CT5: a page of open carts and the total matching; iterable.
#[pyclass(frozen, eq, name = "OpenCartPage", module = "orderlink")]
#[derive(PartialEq)]
pub struct OpenCartPage {
    pub inner: core::Page<core::OpenCart>,
}

#[pymethods]
impl OpenCartPage {
    /// This page's rows.
    #[getter]
    fn items(&self) -> Vec<OpenCart> {
        self.inner.items.iter().cloned().map(|inner| OpenCart { inner }).collect()
    }
    /// How many match in all.
    #[getter]
    fn total(&self) -> usize {
        self.inner.total
    }
    /// The offset asked for.
    #[getter]
    fn offset(&self) -> usize {
        self.inner.offset
    }
    /// The page size asked for.
    #[getter]
    fn limit(&self) -> usize {
        self.inner.limit
    }
    fn __len__(&self) -> usize {
        self.inner.items.len()
    }
    fn __iter__(slf: PyRef<'_, Self>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let list = pyo3::types::PyList::new(py, slf.items())?;
        Ok(list.try_iter()?.into_any().unbind())
    }
    fn __repr__(&self) -> String {
        format!("OpenCartPage(total={}, offset={}, limit={})", self.inner.total, self.inner.offset, self.inner.limit)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Cart>()?;
    m.add_class::<CartLine>()?;
    m.add_class::<CartChange>()?;
    m.add_class::<PricedLine>()?;
    m.add_class::<PricedCart>()?;
    m.add_class::<CheckoutLink>()?;
    m.add_class::<CheckoutView>()?;
    m.add_class::<CartSubmission>()?;
    m.add_class::<OpenCart>()?;
    m.add_class::<OpenCartPage>()?;
    Ok(())
}
