//! Result objects of messages (B1, B2) and portal activity (AC1), wrapping the core values
//! read-only, and the argument readers their `Workspace` methods share (workspace.rs).

use crate::convert::{from_dict, given_json, text};
use crate::types::{b, q, qo};
use chrono::{DateTime, NaiveDate, Utc};
use orderlink as core;
use pyo3::prelude::*;

/// B1: the template, subject and body arguments as the core's `MessageSpec`.
pub(crate) fn message_spec(
    template: Option<&Bound<'_, PyAny>>,
    subject: Option<&Bound<'_, PyAny>>,
    body: Option<&Bound<'_, PyAny>>,
) -> PyResult<core::MessageSpec> {
    const WHAT: &str = "message";
    let given = given_json(&[("template", template), ("subject", subject), ("body", body)], WHAT)?;
    from_dict(WHAT, &core::MessageSpec::default(), given)
}

/// AC1: an activity kind by name.
pub(crate) fn activity_kind(kind: &Bound<'_, PyAny>) -> PyResult<core::ActivityKind> {
    use crate::error::Raise;
    core::ActivityKind::parse(&text(kind, "kind")?).py()
}

/// B1: a message template. The built-ins (Default, Short, Friendly) are in every workspace;
/// add your own with ``Workspace.set_message_template``.
///
/// >>> ws.message_templates()[1]
/// MessageTemplate(name='Short', subject='Order from {workspace_name}', built_in=True)
#[pyclass(frozen, eq, name = "MessageTemplate", module = "orderlink")]
#[derive(PartialEq)]
pub struct MessageTemplate {
    pub inner: core::MessageTemplate,
}

#[pymethods]
impl MessageTemplate {
    /// The template's name (compared without case).
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }
    /// The subject as written, with its ``{placeholders}``.
    #[getter]
    fn subject(&self) -> &str {
        &self.inner.subject
    }
    /// The body as written, with its ``{placeholders}``.
    #[getter]
    fn body(&self) -> &str {
        &self.inner.body
    }
    /// One of the three every workspace has (they cannot be changed or removed).
    #[getter]
    fn built_in(&self) -> bool {
        self.inner.built_in
    }
    fn __repr__(&self) -> String {
        let t = &self.inner;
        format!("MessageTemplate(name={}, subject={}, built_in={})", q(&t.name), q(&t.subject), b(t.built_in))
    }
}

/// B1: a message built for one customer, ready for your mailer. orderlink does not send mail.
///
/// >>> m = ws.render_message(deli.id, template="Short")
/// >>> m.email, m.subject
/// ('orders@deli.example', 'Order from Harbour Foods')
#[pyclass(frozen, eq, name = "Message", module = "orderlink")]
#[derive(PartialEq)]
pub struct Message {
    pub inner: core::Message,
}

#[pymethods]
impl Message {
    /// The customer it is for (``uuid.UUID``).
    #[getter]
    fn customer_id(&self) -> uuid::Uuid {
        self.inner.customer_id.0
    }
    /// The name of the template it came from.
    #[getter]
    fn template(&self) -> &str {
        &self.inner.template
    }
    /// Where to send it: the customer's email.
    #[getter]
    fn email(&self) -> &str {
        self.inner.email.as_str()
    }
    /// The subject, on one line.
    #[getter]
    fn subject(&self) -> &str {
        &self.inner.subject
    }
    /// The body.
    #[getter]
    fn body(&self) -> &str {
        &self.inner.body
    }
    /// The customer's order link, as the body has it.
    #[getter]
    fn link_url(&self) -> &str {
        &self.inner.link_url
    }
    fn __repr__(&self) -> String {
        let m = &self.inner;
        format!("Message(email={}, template={}, subject={})", q(m.email.as_str()), q(&m.template), q(&m.subject))
    }
}

/// B2: a record that a message was built for sending: who, which template, to what address,
/// when. "Last sent" is the newest.
#[pyclass(frozen, eq, name = "Delivery", module = "orderlink")]
#[derive(PartialEq)]
pub struct Delivery {
    pub inner: core::Delivery,
}

#[pymethods]
impl Delivery {
    /// The customer it was for (``uuid.UUID``).
    #[getter]
    fn customer_id(&self) -> uuid::Uuid {
        self.inner.customer_id.0
    }
    /// The template's name.
    #[getter]
    fn template(&self) -> &str {
        &self.inner.template
    }
    /// The address it was built for.
    #[getter]
    fn email(&self) -> &str {
        self.inner.email.as_str()
    }
    /// When (aware UTC ``datetime``).
    #[getter]
    fn at(&self) -> DateTime<Utc> {
        self.inner.at
    }
    fn __repr__(&self) -> String {
        let d = &self.inner;
        format!("Delivery(email={}, template={}, at='{}')", q(d.email.as_str()), q(&d.template), d.at.to_rfc3339())
    }
}

/// B2: a customer a bulk send left out, and why: ``"inactive"``, ``"order_web_blocked"``,
/// ``"no_email"`` or ``"not_found"`` (the id is not a customer).
#[pyclass(frozen, eq, name = "Skipped", module = "orderlink")]
#[derive(PartialEq)]
pub struct Skipped {
    pub inner: core::Skipped,
}

#[pymethods]
impl Skipped {
    /// The customer's id (``uuid.UUID``), as selected.
    #[getter]
    fn customer_id(&self) -> uuid::Uuid {
        self.inner.customer_id.0
    }
    /// The customer's name, or None when the id is not a customer.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }
    /// Why it got no message (the first rule that applies: inactive, blocked, no email).
    #[getter]
    fn reason(&self) -> &'static str {
        self.inner.reason.as_str()
    }
    fn __repr__(&self) -> String {
        format!("Skipped(name={}, reason={})", qo(self.name()), q(self.reason()))
    }
}

/// B2: what a bulk send built: ``messages`` (one per customer that gets one) and ``skipped``
/// (each customer left out, with its reason), both in selection order. A delivery was recorded
/// for every message.
///
/// >>> bakery = ws.create_customer("Bakery")
/// >>> plan = ws.plan_bulk_send([deli.id, bakery.id])
/// >>> [m.email for m in plan.messages], plan.skipped
/// (['orders@deli.example'], [Skipped(name='Bakery', reason='no_email')])
#[pyclass(frozen, eq, name = "BulkSendPlan", module = "orderlink")]
#[derive(PartialEq)]
pub struct BulkSendPlan {
    pub inner: core::BulkSendPlan,
}

#[pymethods]
impl BulkSendPlan {
    /// The messages, in selection order.
    #[getter]
    fn messages(&self) -> Vec<Message> {
        self.inner.messages.iter().map(|m| Message { inner: m.clone() }).collect()
    }
    /// The customers left out, in selection order.
    #[getter]
    fn skipped(&self) -> Vec<Skipped> {
        self.inner.skipped.iter().map(|s| Skipped { inner: s.clone() }).collect()
    }
    /// When the deliveries were recorded (aware UTC ``datetime``).
    #[getter]
    fn at(&self) -> DateTime<Utc> {
        self.inner.at
    }
    fn __repr__(&self) -> String {
        format!("BulkSendPlan(messages={}, skipped={})", self.inner.messages.len(), self.inner.skipped.len())
    }
}

/// AC1: one recorded portal event.
#[pyclass(frozen, eq, name = "ActivityEvent", module = "orderlink")]
#[derive(PartialEq)]
pub struct ActivityEvent {
    pub inner: core::ActivityEvent,
}

#[pymethods]
impl ActivityEvent {
    /// The customer (``uuid.UUID``).
    #[getter]
    fn customer_id(&self) -> uuid::Uuid {
        self.inner.customer_id.0
    }
    /// ``"link_opened"``, ``"confirmation_passed"``, ``"verification_passed"``,
    /// ``"checkout_started"`` or ``"order_submitted"``.
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind.as_str()
    }
    /// When, by the workspace clock (aware UTC ``datetime``).
    #[getter]
    fn at(&self) -> DateTime<Utc> {
        self.inner.at
    }
    fn __repr__(&self) -> String {
        format!("ActivityEvent(kind={}, at='{}')", q(self.kind()), self.inner.at.to_rfc3339())
    }
}

/// AC1: one customer's activity in the summary's range.
#[pyclass(frozen, eq, name = "CustomerActivity", module = "orderlink")]
#[derive(PartialEq)]
pub struct CustomerActivity {
    pub inner: core::CustomerActivity,
}

#[pymethods]
impl CustomerActivity {
    /// The customer (``uuid.UUID``).
    #[getter]
    fn customer_id(&self) -> uuid::Uuid {
        self.inner.customer_id.0
    }
    /// The customer's name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }
    /// The last time the link was opened, or None.
    #[getter]
    fn last_click(&self) -> Option<DateTime<Utc>> {
        self.inner.last_click
    }
    /// The time of the newest event.
    #[getter]
    fn last_activity_at(&self) -> DateTime<Utc> {
        self.inner.last_activity_at
    }
    /// How many times the link was opened.
    #[getter]
    fn views(&self) -> u64 {
        self.inner.views
    }
    /// Views per day over the summary's ``trend_days``, oldest first (7 numbers).
    #[getter]
    fn trend(&self) -> Vec<u64> {
        self.inner.trend.clone()
    }
    /// The furthest step reached (an event kind, as ``ActivityEvent.kind``).
    #[getter]
    fn furthest_step(&self) -> &'static str {
        self.inner.furthest_step.as_str()
    }
    /// Opened the link or started checkout, and submitted no order since.
    #[getter]
    fn stalled(&self) -> bool {
        self.inner.stalled
    }
    fn __repr__(&self) -> String {
        let c = &self.inner;
        format!(
            "CustomerActivity(name={}, views={}, furthest_step={}, stalled={})",
            q(&c.name),
            c.views,
            q(c.furthest_step.as_str()),
            b(c.stalled)
        )
    }
}

/// AC1: engagement over a date range: five counters and each active customer.
///
/// >>> import datetime
/// >>> e = ws.record_activity(deli.id, "link_opened")
/// >>> s = ws.activity_summary(e.at - datetime.timedelta(days=7), e.at + datetime.timedelta(seconds=1))
/// >>> s.customers_with_clicks, s.total_views, s.customers[0].stalled
/// (1, 1, True)
#[pyclass(frozen, eq, name = "ActivitySummary", module = "orderlink")]
#[derive(PartialEq)]
pub struct ActivitySummary {
    pub inner: core::ActivitySummary,
}

#[pymethods]
impl ActivitySummary {
    /// The range's start (aware UTC ``datetime``).
    #[getter]
    fn start(&self) -> DateTime<Utc> {
        self.inner.start
    }
    /// The range's end, exclusive (aware UTC ``datetime``).
    #[getter]
    fn end(&self) -> DateTime<Utc> {
        self.inner.end
    }
    /// Customers who opened their link at least once.
    #[getter]
    fn customers_with_clicks(&self) -> u64 {
        self.inner.customers_with_clicks
    }
    /// Link opens, all told.
    #[getter]
    fn total_views(&self) -> u64 {
        self.inner.total_views
    }
    /// Customers who passed email verification.
    #[getter]
    fn verified(&self) -> u64 {
        self.inner.verified
    }
    /// Customers who started checkout.
    #[getter]
    fn checkout_started(&self) -> u64 {
        self.inner.checkout_started
    }
    /// Orders submitted, all told.
    #[getter]
    fn orders_submitted(&self) -> u64 {
        self.inner.orders_submitted
    }
    /// The 7 UTC days of each customer's ``trend`` (``datetime.date``), oldest first: the last
    /// 7 days of the range.
    #[getter]
    fn trend_days(&self) -> Vec<NaiveDate> {
        self.inner.trend_days.clone()
    }
    /// Each customer with activity, the most recently active first.
    #[getter]
    fn customers(&self) -> Vec<CustomerActivity> {
        self.inner.customers.iter().map(|c| CustomerActivity { inner: c.clone() }).collect()
    }
    fn __repr__(&self) -> String {
        let s = &self.inner;
        format!(
            "ActivitySummary(customers_with_clicks={}, total_views={}, verified={}, checkout_started={}, orders_submitted={})",
            s.customers_with_clicks, s.total_views, s.verified, s.checkout_started, s.orders_submitted
        )
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<MessageTemplate>()?;
    m.add_class::<Message>()?;
    m.add_class::<Delivery>()?;
    m.add_class::<Skipped>()?;
    m.add_class::<BulkSendPlan>()?;
    m.add_class::<ActivityEvent>()?;
    m.add_class::<CustomerActivity>()?;
    m.add_class::<ActivitySummary>()?;
    Ok(())
}
