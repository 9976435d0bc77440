//! The workspace's entry points for messages (moved from `crate::messages`, which keeps the rules).

use crate::error::{Error, Result};
use crate::ids::CustomerId;
use crate::link::clip;
use crate::listing::StatusFilter;
#[allow(unused_imports)]
use crate::messages::*;
use crate::workspace::Workspace;
use std::collections::HashSet;

impl Workspace {
    /// B1: every message template: Default, Short and Friendly, then the workspace's own in the
    /// order they were added.
    pub fn message_templates(&self) -> Result<Vec<MessageTemplate>> {
        Ok(all_templates(&self.settings()?))
    }

    /// B1: adds a template, or replaces the one of the same name (compared without case). It is
    /// checked now ([`MessageTemplate::new`]): a misspelt placeholder is
    /// `TEMPLATE_PLACEHOLDER_UNKNOWN` here, never a blank in a sent mail.
    ///
    /// ```
    /// use orderlink::*;
    /// let ws = Workspace::in_memory(NewWorkspace::named("Harbour Foods")).unwrap();
    /// ws.set_message_template("Reminder", "Orders close Friday", "Hi {contact_name}, order here: {link_url}").unwrap();
    /// let c = ws.create_customer(NewCustomer { email: Some("jo@deli.example".into()), ..NewCustomer::named("Deli") }).unwrap();
    /// let spec = MessageSpec { template: Some("reminder".into()), ..Default::default() };
    /// let m = ws.render_message(c.id, &spec).unwrap();
    /// assert_eq!(m.body, format!("Hi Deli, order here: {}", m.link_url));
    /// ```
    pub fn set_message_template(&self, name: &str, subject: &str, body: &str) -> Result<MessageTemplate> {
        let template = MessageTemplate::new(name, subject, body)?;
        let mut settings = self.settings()?;
        match settings.message_templates.iter_mut().find(|t| same_name(&t.name, &template.name)) {
            Some(existing) => *existing = template.clone(),
            None => settings.message_templates.push(template.clone()),
        }
        self.store.save_settings(&settings)?;
        Ok(template)
    }

    /// B1: removes a workspace template. `TEMPLATE_NOT_FOUND` when there is none of that name;
    /// a built-in cannot be removed (`TEMPLATE_INVALID`).
    pub fn remove_message_template(&self, name: &str) -> Result<()> {
        let mut settings = self.settings()?;
        if let Some(b) = BUILT_IN.iter().find(|(b, _, _)| same_name(b, name)) {
            return Err(Error::TemplateInvalid {
                field: "name",
                message: format!("'{}' is a built-in template and cannot be removed", b.0),
            });
        }
        let before = settings.message_templates.len();
        settings.message_templates.retain(|t| !same_name(&t.name, name));
        if settings.message_templates.len() == before {
            return Err(Error::TemplateNotFound { name: clip(name.trim()) });
        }
        self.store.save_settings(&settings)
    }

    /// B1, B2: the message for one customer, to show and edit before sending: the template's
    /// subject and body (or the spec's own) with the customer's, workspace's and link's values
    /// filled in. Writes nothing; call [`Workspace::record_delivery`] once it is sent. A single
    /// send needs an email (`EMAIL_REQUIRED`); `TEMPLATE_NOT_FOUND` for an unknown template.
    ///
    /// ```
    /// use orderlink::*;
    /// let ws = Workspace::in_memory(NewWorkspace::named("Harbour Foods")).unwrap();
    /// let c = ws.create_customer(NewCustomer { email: Some("jo@deli.example".into()), ..NewCustomer::named("Deli") }).unwrap();
    /// let spec = MessageSpec { template: Some("Short".into()), ..Default::default() };
    /// let m = ws.render_message(c.id, &spec).unwrap();
    /// assert_eq!(m.subject, "Order from Harbour Foods");
    /// assert_eq!(m.body, format!("Order from Harbour Foods here: {}", ws.link_url(c.id).unwrap()));
    /// ```
    pub fn render_message(&self, id: CustomerId, spec: &MessageSpec) -> Result<Message> {
        let settings = self.settings()?;
        let prepared = Prepared::new(&settings, spec)?;
        let customer = self.get_customer(id)?;
        let email = customer.email.clone().ok_or_else(|| Error::EmailRequired { name: clip(&customer.name) })?;
        Ok(prepared.render(&customer, email, &settings))
    }

    /// B2: records that a message from [`Workspace::render_message`] was sent now, so "last
    /// sent" shows it. `CUSTOMER_NOT_FOUND` if the customer is gone.
    pub fn record_delivery(&self, message: &Message) -> Result<Delivery> {
        self.get_customer(message.customer_id)?;
        let delivery = Delivery {
            customer_id: message.customer_id,
            template: message.template.clone(),
            email: message.email.clone(),
            at: self.now(),
        };
        self.store.record_deliveries(std::slice::from_ref(&delivery))?;
        Ok(delivery)
    }

    /// B2: builds the messages of a bulk send over a selection of at most 300 customers (more
    /// is `BULK_SEND_TOO_LARGE`, and nothing is built). Customers without email, inactive ones
    /// (unless `filter` is All: the grid's filter the selection was made under) and ones with
    /// order web blocked are skipped, each listed with its reason; an id selected twice gets
    /// one message. Every message built leaves a delivery record, written in one atomic call.
    ///
    /// ```
    /// use orderlink::*;
    /// let ws = Workspace::in_memory(NewWorkspace::named("Harbour Foods")).unwrap();
    /// let with = ws.create_customer(NewCustomer { email: Some("jo@deli.example".into()), ..NewCustomer::named("Deli") }).unwrap();
    /// let without = ws.create_customer(NewCustomer::named("Bakery")).unwrap();
    /// let plan = ws.plan_bulk_send(&[with.id, without.id], StatusFilter::Active, &MessageSpec::default()).unwrap();
    /// assert_eq!(plan.messages.len(), 1);
    /// assert_eq!(plan.skipped[0].reason, SkipReason::NoEmail);
    /// assert_eq!(ws.last_sent(&[with.id]).unwrap()[0].template, "Default");
    /// ```
    pub fn plan_bulk_send(
        &self,
        customer_ids: &[CustomerId],
        filter: StatusFilter,
        spec: &MessageSpec,
    ) -> Result<BulkSendPlan> {
        let mut seen = HashSet::new();
        let ids: Vec<CustomerId> = customer_ids.iter().copied().filter(|id| seen.insert(*id)).collect();
        if ids.len() > BULK_SEND_MAX {
            return Err(Error::BulkSendTooLarge { count: ids.len(), max: BULK_SEND_MAX });
        }
        let settings = self.settings()?;
        let prepared = Prepared::new(&settings, spec)?;
        let at = self.now();
        let mut plan = BulkSendPlan { messages: Vec::new(), skipped: Vec::new(), at };
        for id in ids {
            let Some(customer) = self.store.customer(id)? else {
                plan.skipped.push(Skipped { customer_id: id, name: None, reason: SkipReason::NotFound });
                continue;
            };
            match (SkipReason::of(&customer, filter), customer.email.clone()) {
                (None, Some(email)) => plan.messages.push(prepared.render(&customer, email, &settings)),
                (reason, _) => plan.skipped.push(Skipped {
                    customer_id: id,
                    name: Some(customer.name.clone()),
                    reason: reason.unwrap_or(SkipReason::NoEmail),
                }),
            }
        }
        let deliveries: Vec<Delivery> = plan
            .messages
            .iter()
            .map(|m| Delivery { customer_id: m.customer_id, template: m.template.clone(), email: m.email.clone(), at })
            .collect();
        if !deliveries.is_empty() {
            self.store.record_deliveries(&deliveries)?;
        }
        Ok(plan)
    }

    /// B2: the newest delivery of each of these customers that has one, in the order asked.
    pub fn last_sent(&self, customer_ids: &[CustomerId]) -> Result<Vec<Delivery>> {
        self.store.last_deliveries(customer_ids)
    }

    /// B2: every delivery of one customer, oldest first.
    pub fn deliveries(&self, customer_id: CustomerId) -> Result<Vec<Delivery>> {
        self.store.deliveries_of(customer_id)
    }
}
