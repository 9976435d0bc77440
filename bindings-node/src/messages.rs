//! Sending links (B1, B2) and portal activity (AC1) on `Workspace`: message templates, a
//! message for one customer, a bulk send with who was skipped and why, "last sent", engagement
//! events and their summary. The core decides everything; this module reads arguments and
//! shapes answers.

use crate::convert::{array, date, from_json, object, object_json, opt_object, parse_id, prop, text};
use crate::error::{invalid, run, Result};
use crate::workspace::{guest_to_viewer, Workspace};
use chrono::{DateTime, NaiveDate, Utc};
use napi::bindgen_prelude::{Env, Unknown};
use napi_derive::napi;
use orderlink as core;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// What `renderMessage` takes (and `planBulkSend`, with `filter`).
pub(crate) const SPEC_KEYS: &[&str] = &["template", "subject", "body"];
pub(crate) const BULK_KEYS: &[&str] = &["filter", "template", "subject", "body"];
/// What a message given back to `recordDelivery` holds: a `Message` as `renderMessage` made it.
pub(crate) const MESSAGE_KEYS: &[&str] = &["customer_id", "template", "email", "subject", "body", "link_url"];
pub(crate) const SUMMARY_KEYS: &[&str] = &["start", "end", "filter", "search", "guest"];

/// B1: a message template. Default, Short and Friendly are in every workspace.
#[napi(object)]
pub struct MessageTemplate {
    /// The name (compared without case).
    pub name: String,
    /// The subject as written, with its `{placeholders}`.
    pub subject: String,
    /// The body as written, with its `{placeholders}`.
    pub body: String,
    /// One of the three built-ins, which cannot be changed or removed.
    pub built_in: bool,
}

impl From<core::MessageTemplate> for MessageTemplate {
    fn from(t: core::MessageTemplate) -> Self {
        MessageTemplate { name: t.name, subject: t.subject, body: t.body, built_in: t.built_in }
    }
}

/// B1: a message built for one customer, ready for your mailer (orderlink sends no mail).
#[napi(object)]
pub struct Message {
    /// The customer it is for.
    pub customer_id: String,
    /// The name of the template it came from.
    pub template: String,
    /// Where to send it: the customer's email.
    pub email: String,
    /// The subject, on one line.
    pub subject: String,
    /// The body.
    pub body: String,
    /// The customer's order link, as the body has it.
    pub link_url: String,
}

impl From<core::Message> for Message {
    fn from(m: core::Message) -> Self {
        Message {
            customer_id: m.customer_id.to_string(),
            template: m.template,
            email: m.email.as_str().to_owned(),
            subject: m.subject,
            body: m.body,
            link_url: m.link_url,
        }
    }
}

/// B2: a record that a message was built for sending; "last sent" is the newest.
#[napi(object)]
pub struct Delivery {
    /// The customer it was for.
    pub customer_id: String,
    /// The template's name.
    pub template: String,
    /// The address it was built for.
    pub email: String,
    /// When.
    pub at: DateTime<Utc>,
}

impl From<core::Delivery> for Delivery {
    fn from(d: core::Delivery) -> Self {
        Delivery {
            customer_id: d.customer_id.to_string(),
            template: d.template,
            email: d.email.as_str().to_owned(),
            at: d.at,
        }
    }
}

/// B2: why a customer of a bulk send got no message.
#[napi(string_enum = "snake_case")]
pub enum SkipReason {
    /// The id is not a customer (deleted since it was selected, say).
    NotFound,
    /// Inactive, and the selection was not made under the `all` filter.
    Inactive,
    /// Order web access is blocked: the link would not work.
    OrderWebBlocked,
    /// No email address on file.
    NoEmail,
}

impl From<core::SkipReason> for SkipReason {
    fn from(r: core::SkipReason) -> Self {
        match r {
            core::SkipReason::NotFound => SkipReason::NotFound,
            core::SkipReason::Inactive => SkipReason::Inactive,
            core::SkipReason::OrderWebBlocked => SkipReason::OrderWebBlocked,
            core::SkipReason::NoEmail => SkipReason::NoEmail,
        }
    }
}

/// B2: a customer a bulk send left out, and why.
#[napi(object, use_nullable = true)]
pub struct Skipped {
    /// The id as selected.
    pub customer_id: String,
    /// The customer's name; `null` when the id is not a customer.
    pub name: Option<String>,
    /// The first rule that applies: inactive, then blocked, then no email.
    pub reason: SkipReason,
}

/// B2: what a bulk send built, both lists in selection order. A delivery was recorded for
/// every message.
#[napi(object)]
pub struct BulkSendPlan {
    /// One message per customer that gets one.
    pub messages: Vec<Message>,
    /// Each customer left out, with its reason.
    pub skipped: Vec<Skipped>,
    /// When the deliveries were recorded.
    pub at: DateTime<Utc>,
}

impl From<core::BulkSendPlan> for BulkSendPlan {
    fn from(p: core::BulkSendPlan) -> Self {
        BulkSendPlan {
            messages: p.messages.into_iter().map(Into::into).collect(),
            skipped: p
                .skipped
                .into_iter()
                .map(|s| Skipped { customer_id: s.customer_id.to_string(), name: s.name, reason: s.reason.into() })
                .collect(),
            at: p.at,
        }
    }
}

/// AC1: what a buyer did on the portal, in the order a buyer meets the steps.
#[napi(string_enum = "snake_case")]
pub enum ActivityKind {
    /// The order link was opened (a click, a view).
    LinkOpened,
    /// CT3: a checkout link was opened; counted as a click and a view like `link_opened`.
    CheckoutLinkOpened,
    /// "Is this you? Yes, Start Ordering" was confirmed.
    ConfirmationPassed,
    /// A3: the strict-mode email verification was passed.
    VerificationPassed,
    /// Checkout was started.
    CheckoutStarted,
    /// An order was submitted.
    OrderSubmitted,
}

impl From<core::ActivityKind> for ActivityKind {
    fn from(k: core::ActivityKind) -> Self {
        match k {
            core::ActivityKind::LinkOpened => ActivityKind::LinkOpened,
            core::ActivityKind::CheckoutLinkOpened => ActivityKind::CheckoutLinkOpened,
            core::ActivityKind::ConfirmationPassed => ActivityKind::ConfirmationPassed,
            core::ActivityKind::VerificationPassed => ActivityKind::VerificationPassed,
            core::ActivityKind::CheckoutStarted => ActivityKind::CheckoutStarted,
            core::ActivityKind::OrderSubmitted => ActivityKind::OrderSubmitted,
        }
    }
}

/// AC1: one recorded portal event.
#[napi(object)]
pub struct ActivityEvent {
    /// The customer.
    pub customer_id: String,
    /// What the buyer did.
    pub kind: ActivityKind,
    /// When, by the workspace clock.
    pub at: DateTime<Utc>,
}

impl From<core::ActivityEvent> for ActivityEvent {
    fn from(e: core::ActivityEvent) -> Self {
        ActivityEvent { customer_id: e.customer_id.to_string(), kind: e.kind.into(), at: e.at }
    }
}

/// AC1: one customer's activity in the summary's range.
#[napi(object, use_nullable = true)]
pub struct CustomerActivity {
    /// The customer.
    pub customer_id: String,
    /// The customer's name.
    pub name: String,
    /// The last time the link was opened, or `null`.
    pub last_click: Option<DateTime<Utc>>,
    /// The time of the newest event.
    pub last_activity_at: DateTime<Utc>,
    /// How many times the link was opened.
    pub views: u32,
    /// Views per day over the summary's `trendDays`, oldest first (7 numbers).
    pub trend: Vec<u32>,
    /// The furthest step reached.
    pub furthest_step: ActivityKind,
    /// Opened the link or started checkout, and submitted no order since.
    pub stalled: bool,
}

/// AC1: engagement over a date range: five counters and each active customer.
#[napi(object)]
pub struct ActivitySummary {
    /// The range's start.
    pub start: DateTime<Utc>,
    /// The range's end (exclusive).
    pub end: DateTime<Utc>,
    /// Customers who opened their link at least once.
    pub customers_with_clicks: u32,
    /// Link opens, all told.
    pub total_views: u32,
    /// Customers who passed email verification.
    pub verified: u32,
    /// Customers who started checkout.
    pub checkout_started: u32,
    /// Orders submitted, all told.
    pub orders_submitted: u32,
    /// The 7 UTC days of each `trend` (midnight UTC `Date`s), oldest first: the range's last 7.
    pub trend_days: Vec<DateTime<Utc>>,
    /// Each customer with activity, the most recently active first.
    pub customers: Vec<CustomerActivity>,
}

/// A count for JS: numbers this large never come from one workspace's events.
pub(crate) fn count(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_time(chrono::NaiveTime::MIN).and_utc()
}

impl From<core::ActivitySummary> for ActivitySummary {
    fn from(s: core::ActivitySummary) -> Self {
        ActivitySummary {
            start: s.start,
            end: s.end,
            customers_with_clicks: count(s.customers_with_clicks),
            total_views: count(s.total_views),
            verified: count(s.verified),
            checkout_started: count(s.checkout_started),
            orders_submitted: count(s.orders_submitted),
            trend_days: s.trend_days.into_iter().map(midnight).collect(),
            customers: s
                .customers
                .into_iter()
                .map(|c| CustomerActivity {
                    customer_id: c.customer_id.to_string(),
                    name: c.name,
                    last_click: c.last_click,
                    last_activity_at: c.last_activity_at,
                    views: count(c.views),
                    trend: c.trend.into_iter().map(count).collect(),
                    furthest_step: c.furthest_step.into(),
                    stalled: c.stalled,
                })
                .collect(),
        }
    }
}

/// An options object read against `keys` (`undefined` or `null`: no options).
pub(crate) fn options(what: &'static str, v: Option<&Unknown<'_>>, keys: &[&str]) -> Result<Map<String, Value>> {
    match opt_object(what, v)? {
        Some(o) => object_json(what, &o, keys, &[]),
        None => Ok(Map::new()),
    }
}

pub(crate) fn ids(what: &'static str, v: &Unknown<'_>) -> Result<Vec<core::CustomerId>> {
    array(what, v)?.iter().map(|id| parse_id(what, id)).collect()
}

#[napi]
impl Workspace {
    /// B1: every message template: Default, Short and Friendly, then the workspace's own.
    #[napi]
    pub fn message_templates(&self, env: Env) -> napi::Result<Vec<MessageTemplate>> {
        run(&env, || Ok(self.inner.message_templates()?.into_iter().map(Into::into).collect()))
    }

    /// B1: adds a template, or replaces the one of the same name (without case). It is checked
    /// now: a misspelt placeholder is `TEMPLATE_PLACEHOLDER_UNKNOWN` naming it, a brace left
    /// open `TEMPLATE_INVALID`. Placeholders: `{customer_name}`, `{contact_name}` (the contact,
    /// else the customer's name), `{customer_code}`, `{workspace_name}`, `{link_url}`; `{{` and
    /// `}}` are literal braces.
    #[napi(ts_args_type = "name: string, subject: string, body: string")]
    pub fn set_message_template(
        &self,
        env: Env,
        name: Unknown<'_>,
        subject: Unknown<'_>,
        body: Unknown<'_>,
    ) -> napi::Result<MessageTemplate> {
        run(&env, || {
            let (name, subject, body) = (text("name", &name)?, text("subject", &subject)?, text("body", &body)?);
            Ok(self.inner.set_message_template(&name, &subject, &body)?.into())
        })
    }

    /// B1: removes a workspace template: `TEMPLATE_NOT_FOUND` if there is none,
    /// `TEMPLATE_INVALID` for a built-in.
    #[napi(ts_args_type = "name: string")]
    pub fn remove_message_template(&self, env: Env, name: Unknown<'_>) -> napi::Result<()> {
        run(&env, || self.inner.remove_message_template(&text("name", &name)?))
    }

    /// B1, B2: the message for one customer, to show and edit before sending: the template's
    /// (default `'Default'`) subject and body, or the `subject` and `body` given (their
    /// placeholders are filled too), for this customer, workspace and link. Writes nothing: call
    /// `recordDelivery` once it is sent. `EMAIL_REQUIRED` when the customer has no email,
    /// `TEMPLATE_NOT_FOUND` for an unknown template.
    ///
    /// ```js
    /// ws.renderMessage(deli.id, { template: 'Short' }).subject // 'Order from Harbour Foods'
    /// ```
    #[napi(ts_args_type = "customerId: string, options?: { template?: string; subject?: string; body?: string }")]
    pub fn render_message(
        &self,
        env: Env,
        customer_id: Unknown<'_>,
        options_: Option<Unknown<'_>>,
    ) -> napi::Result<Message> {
        run(&env, || {
            let id = parse_id("customerId", &customer_id)?;
            let spec: core::MessageSpec = from_json("message", options("message", options_.as_ref(), SPEC_KEYS)?)?;
            Ok(self.inner.render_message(id, &spec)?.into())
        })
    }

    /// B2: records that a message from `renderMessage` was sent now, so "last sent" shows it.
    #[napi(ts_args_type = "message: Message")]
    pub fn record_delivery(&self, env: Env, message: Unknown<'_>) -> napi::Result<Delivery> {
        run(&env, || {
            let map = object_json("message", &object("message", &message)?, MESSAGE_KEYS, &[])?;
            let message: core::Message = from_json("message", map)?;
            Ok(self.inner.record_delivery(&message)?.into())
        })
    }

    /// B2: the messages of a bulk send over `customerIds` (at most 300, else
    /// `BULK_SEND_TOO_LARGE` and nothing is built). Customers without email, inactive ones
    /// (unless `filter`, the grid's filter the selection was made under, is `'all'`; default
    /// `'active'`) and ones with order web blocked are skipped, each listed with its reason; an
    /// id given twice gets one message. A delivery is recorded for every message.
    ///
    /// ```js
    /// const plan = ws.planBulkSend([deli.id, walkIn.id], { template: 'Friendly' })
    /// plan.skipped // [{ customerId: walkIn.id, name: 'Walk-in', reason: 'no_email' }]
    /// ```
    #[napi(
        ts_args_type = "customerIds: string[], options?: { filter?: StatusFilter; template?: string; subject?: string; body?: string }"
    )]
    pub fn plan_bulk_send(
        &self,
        env: Env,
        customer_ids: Unknown<'_>,
        options_: Option<Unknown<'_>>,
    ) -> napi::Result<BulkSendPlan> {
        run(&env, || {
            let ids = ids("customerIds", &customer_ids)?;
            let mut map = options("bulk send", options_.as_ref(), BULK_KEYS)?;
            let filter = match map.remove("filter") {
                Some(f) => serde_json::from_value(f).map_err(|e| invalid("filter", e))?,
                None => core::StatusFilter::Active,
            };
            let spec: core::MessageSpec = from_json("bulk send", map)?;
            Ok(self.inner.plan_bulk_send(&ids, filter, &spec)?.into())
        })
    }

    /// B2: "last sent": the newest delivery of each of these customers that has one, keyed by
    /// customer id.
    #[napi(ts_args_type = "customerIds: string[]", ts_return_type = "Record<string, Delivery>")]
    pub fn last_sent(&self, env: Env, customer_ids: Unknown<'_>) -> napi::Result<HashMap<String, Delivery>> {
        run(&env, || {
            let found = self.inner.last_sent(&ids("customerIds", &customer_ids)?)?;
            Ok(found.into_iter().map(|d| (d.customer_id.to_string(), d.into())).collect())
        })
    }

    /// B2: every delivery of one customer, oldest first.
    #[napi(ts_args_type = "customerId: string")]
    pub fn deliveries(&self, env: Env, customer_id: Unknown<'_>) -> napi::Result<Vec<Delivery>> {
        run(&env, || {
            Ok(self.inner.deliveries(parse_id("customerId", &customer_id)?)?.into_iter().map(Into::into).collect())
        })
    }

    /// AC1: records what a buyer just did on the portal, at the workspace clock's time.
    #[napi(ts_args_type = "customerId: string, kind: ActivityKind")]
    pub fn record_activity(
        &self,
        env: Env,
        customer_id: Unknown<'_>,
        kind: Unknown<'_>,
    ) -> napi::Result<ActivityEvent> {
        run(&env, || {
            let id = parse_id("customerId", &customer_id)?;
            let kind = core::ActivityKind::parse(&text("kind", &kind)?)?;
            Ok(self.inner.record_activity(id, kind)?.into())
        })
    }

    /// AC1: engagement from `start` until (not including) `end`: the five counters, and per
    /// customer its last click, views, a 7-day daily trend (the range's last 7 UTC days),
    /// furthest step and whether it stalled. `filter` (default `'all'`), `search` and `guest`
    /// select customers as `listCustomers` does.
    ///
    /// ```js
    /// const s = ws.activitySummary({ start: new Date('2026-03-01'), end: new Date('2026-03-08') })
    /// s.customersWithClicks, s.totalViews, s.customers[0].stalled
    /// ```
    #[napi(
        ts_args_type = "query: { start: Date; end: Date; filter?: StatusFilter; search?: string | null; guest?: string | null }"
    )]
    pub fn activity_summary(&self, env: Env, query: Unknown<'_>) -> napi::Result<ActivitySummary> {
        run(&env, || {
            let obj = object("activity query", &query)?;
            let mut map = object_json("activity query", &obj, SUMMARY_KEYS, &["start", "end"])?;
            for key in ["start", "end"] {
                let at = prop(key, &obj)?.ok_or_else(|| invalid(key, "a Date is required"))?;
                map.insert(key.into(), Value::String(date(key, &at)?.to_rfc3339()));
            }
            guest_to_viewer(&mut map)?;
            let query: core::ActivityQuery = from_json("activity query", map)?;
            Ok(self.inner.activity_summary(&query)?.into())
        })
    }
}
