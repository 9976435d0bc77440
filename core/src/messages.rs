//! Messages that carry order links (B1, B2).
//!
//! Three built-in templates (Default, Short, Friendly) and a workspace's own render a subject and
//! a body from the customer, the workspace and the link. A template is checked when it is set,
//! so a misspelt placeholder is an error then, never a blank in a sent mail. A bulk send is
//! planned over a selection: each skipped customer is listed with its reason, and each message
//! built leaves a delivery record, so "last sent" can be shown. orderlink builds messages; it
//! does not send mail.

use crate::customer::Customer;
use crate::email::Email;
use crate::error::{Error, Result};
use crate::ids::CustomerId;
use crate::link::clip;
use crate::listing::StatusFilter;
use crate::normalize::{collapse_whitespace, search_fold};
use crate::settings::WorkspaceSettings;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// B2: the most customers one bulk send may take.
pub const BULK_SEND_MAX: usize = 300;
/// The longest a template name may be, in characters.
pub const TEMPLATE_NAME_MAX_LEN: usize = 50;
/// The longest a subject may be, in characters (as written, before placeholders are filled).
pub const SUBJECT_MAX_LEN: usize = 200;
/// The longest a body may be, in characters (as written, before placeholders are filled).
pub const BODY_MAX_LEN: usize = 10_000;
/// The template used when none is named.
pub const DEFAULT_TEMPLATE: &str = "Default";

/// B1: what a template may name, written `{name}` in a subject or body (`{{` and `}}` are
/// literal braces).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Placeholder {
    /// The customer's name.
    CustomerName,
    /// The contact person, or the customer's name when there is none (so "Hello {contact_name}"
    /// always greets someone).
    ContactName,
    /// The customer code, or nothing when there is none.
    CustomerCode,
    /// The supplier's (workspace's) name.
    WorkspaceName,
    /// The customer's order link (L3).
    LinkUrl,
}

impl Placeholder {
    /// Every placeholder, in the order error messages list them.
    pub const ALL: [Placeholder; 5] = [
        Placeholder::CustomerName,
        Placeholder::ContactName,
        Placeholder::CustomerCode,
        Placeholder::WorkspaceName,
        Placeholder::LinkUrl,
    ];

    /// The name written between braces.
    pub fn as_str(self) -> &'static str {
        match self {
            Placeholder::CustomerName => "customer_name",
            Placeholder::ContactName => "contact_name",
            Placeholder::CustomerCode => "customer_code",
            Placeholder::WorkspaceName => "workspace_name",
            Placeholder::LinkUrl => "link_url",
        }
    }

    fn value<'a>(self, to: &'a Recipient<'_>) -> &'a str {
        let c = to.customer;
        match self {
            Placeholder::CustomerName => &c.name,
            Placeholder::ContactName => c.contact.as_deref().unwrap_or(&c.name),
            Placeholder::CustomerCode => c.code.as_deref().unwrap_or(""),
            Placeholder::WorkspaceName => to.workspace_name,
            Placeholder::LinkUrl => &to.link_url,
        }
    }
}

/// The names of every placeholder, braced, for messages: `{customer_name}, {contact_name}, …`.
pub(crate) fn placeholder_list() -> String {
    Placeholder::ALL.iter().map(|p| format!("{{{}}}", p.as_str())).collect::<Vec<_>>().join(", ")
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Text(String),
    Slot(Placeholder),
}

/// Which part of a message a text is, for errors.
#[derive(Debug, Clone, Copy)]
enum Part {
    Subject,
    Body,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::Subject => "subject",
            Part::Body => "body",
        }
    }

    fn max_len(self) -> usize {
        match self {
            Part::Subject => SUBJECT_MAX_LEN,
            Part::Body => BODY_MAX_LEN,
        }
    }
}

/// B1: a subject or body, trimmed and checked: not blank, within its length, a subject on one
/// line, every brace closed and every placeholder known.
fn parse(part: Part, text: &str) -> Result<(String, Vec<Segment>)> {
    let field = part.name();
    let invalid = |message: String| Error::TemplateInvalid { field, message };
    let text = text.trim();
    if text.is_empty() {
        return Err(invalid("is blank".into()));
    }
    let len = text.chars().count();
    if len > part.max_len() {
        return Err(invalid(format!("is {len} characters long; at most {} are allowed", part.max_len())));
    }
    if matches!(part, Part::Subject) && text.contains(['\n', '\r']) {
        return Err(invalid("must be one line".into()));
    }
    // R4: no NUL or other control character (a body's tabs and line breaks aside).
    let lines = if matches!(part, Part::Body) { crate::text::Lines::Multi } else { crate::text::Lines::Single };
    crate::text::check(field, text, lines)?;
    let mut segments = Vec::new();
    let mut literal = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some('{') | None => {
                            return Err(invalid(format!(
                                "'{{{}' is not closed; write {{{{ for a literal brace",
                                clip(&name)
                            )))
                        }
                        Some(c) => name.push(c),
                    }
                }
                let Some(p) = Placeholder::ALL.into_iter().find(|p| p.as_str() == name.trim()) else {
                    return Err(Error::TemplatePlaceholderUnknown { placeholder: clip(name.trim()), field });
                };
                if !literal.is_empty() {
                    segments.push(Segment::Text(std::mem::take(&mut literal)));
                }
                segments.push(Segment::Slot(p));
            }
            '}' => return Err(invalid("has a '}' that closes nothing; write }} for a literal brace".into())),
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        segments.push(Segment::Text(literal));
    }
    Ok((text.to_owned(), segments))
}

/// Everything a message is rendered from.
struct Recipient<'a> {
    customer: &'a Customer,
    workspace_name: &'a str,
    link_url: String,
}

fn fill(segments: &[Segment], to: &Recipient<'_>) -> String {
    let mut out = String::new();
    for s in segments {
        match s {
            Segment::Text(t) => out.push_str(t),
            Segment::Slot(p) => out.push_str(p.value(to)),
        }
    }
    out
}

/// B1: a message template: a name, a subject and a body, each checked when it was made.
///
/// ```
/// use orderlink::{NewWorkspace, Workspace};
/// let ws = Workspace::in_memory(NewWorkspace::named("Harbour Foods")).unwrap();
/// let names: Vec<String> = ws.message_templates().unwrap().into_iter().map(|t| t.name).collect();
/// assert_eq!(names, ["Default", "Short", "Friendly"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageTemplate {
    /// Unique in the workspace, compared without case or accents.
    pub name: String,
    /// One line, not blank, at most 200 characters; placeholders like `{customer_name}` are
    /// filled in for each customer.
    pub subject: String,
    /// The message text, not blank, at most 10,000 characters, with the same placeholders as
    /// the subject (`{link_url}` is the customer's order link).
    pub body: String,
    /// One of the three that every workspace has; these cannot be changed or removed.
    #[serde(default)]
    pub built_in: bool,
}

pub(crate) const BUILT_IN: [(&str, &str, &str); 3] = [
    (
        "Default",
        "Your order link for {workspace_name}",
        "Hello {contact_name},\n\n\
         You can place orders with {workspace_name} at any time using your own order link:\n\n\
         {link_url}\n\n\
         No login is needed. Please keep this link to yourself: it is for {customer_name} only.\n\n\
         Thank you,\n{workspace_name}",
    ),
    ("Short", "Order from {workspace_name}", "Order from {workspace_name} here: {link_url}"),
    (
        "Friendly",
        "Ordering from {workspace_name} just got easier",
        "Hi {contact_name}!\n\n\
         Great news: you can now send us your orders online, any time, from any device. \
         Just open your link, pick what you need and submit:\n\n\
         {link_url}\n\n\
         It is set up for {customer_name} with your usual prices, no password needed.\n\n\
         Cheers,\nThe team at {workspace_name}",
    ),
];

impl MessageTemplate {
    /// B1: the three templates every workspace has: Default, Short and Friendly.
    pub fn built_ins() -> Vec<MessageTemplate> {
        BUILT_IN
            .iter()
            .map(|(name, subject, body)| MessageTemplate {
                name: (*name).to_owned(),
                subject: (*subject).to_owned(),
                body: (*body).to_owned(),
                built_in: true,
            })
            .collect()
    }

    /// B1: a workspace template, checked: a name of 1–50 characters that is not a built-in's,
    /// and a subject and body whose every placeholder is known (`TEMPLATE_PLACEHOLDER_UNKNOWN`
    /// names the one that is not) and whose braces are closed (`TEMPLATE_INVALID`).
    ///
    /// ```
    /// use orderlink::MessageTemplate;
    /// let err = MessageTemplate::new("Reminder", "Order by Friday", "Hi {contact_nmae}").unwrap_err();
    /// assert_eq!(err.code(), "TEMPLATE_PLACEHOLDER_UNKNOWN");
    /// assert!(err.to_string().contains("{contact_nmae}"));
    /// ```
    pub fn new(name: &str, subject: &str, body: &str) -> Result<MessageTemplate> {
        let name = collapse_whitespace(name);
        let invalid = |message: String| Error::TemplateInvalid { field: "name", message };
        if name.is_empty() {
            return Err(invalid("is required".into()));
        }
        crate::text::check_name("name", &name)?;
        let len = name.chars().count();
        if len > TEMPLATE_NAME_MAX_LEN {
            return Err(invalid(format!("is {len} characters long; at most {TEMPLATE_NAME_MAX_LEN} are allowed")));
        }
        if let Some(b) = BUILT_IN.iter().find(|(b, _, _)| same_name(b, &name)) {
            return Err(invalid(format!("'{}' is a built-in template; choose another name", b.0)));
        }
        let (subject, _) = parse(Part::Subject, subject)?;
        let (body, _) = parse(Part::Body, body)?;
        Ok(MessageTemplate { name, subject, body, built_in: false })
    }
}

pub(crate) fn same_name(a: &str, b: &str) -> bool {
    search_fold(&collapse_whitespace(a)) == search_fold(&collapse_whitespace(b))
}

/// B1: which template to use, and the caller's own subject and body in place of the template's.
/// An override is a template too: its placeholders are filled for each customer (so one edited
/// text serves a whole bulk send) and checked the same way; `{{` and `}}` are literal braces.
///
/// ```
/// let spec = orderlink::MessageSpec { template: Some("short".into()), ..Default::default() };
/// assert!(spec.subject.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MessageSpec {
    /// A template's name, without case; `None` means "Default".
    pub template: Option<String>,
    /// The subject to use instead of the template's.
    pub subject: Option<String>,
    /// The body to use instead of the template's.
    pub body: Option<String>,
}

/// B1: a message built for one customer, ready for the caller's mailer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    /// The customer it is for.
    pub customer_id: CustomerId,
    /// The name of the template it came from (as the workspace spells it).
    pub template: String,
    /// Where to send it: the customer's email.
    pub email: Email,
    /// One line: white space and line breaks from the customer's fields collapse to spaces.
    pub subject: String,
    /// The message text, placeholders filled in.
    pub body: String,
    /// The customer's order link, as the body has it.
    pub link_url: String,
}

/// B2: a record that a message was built for sending: who, which template, to what address, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    /// The customer the message was built for.
    pub customer_id: CustomerId,
    /// The name of the template used.
    pub template: String,
    /// The address it was for.
    pub email: Email,
    /// When it was built for sending ("last sent").
    pub at: DateTime<Utc>,
}

/// B2: why a customer of a bulk send got no message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// The id is not a customer (deleted since it was selected, say).
    NotFound,
    /// Inactive, and the selection was not made under the All filter.
    Inactive,
    /// Order web access is blocked: the link would not work.
    OrderWebBlocked,
    /// No email address on file.
    NoEmail,
}

impl SkipReason {
    /// The reason's name as every language spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::NotFound => "not_found",
            SkipReason::Inactive => "inactive",
            SkipReason::OrderWebBlocked => "order_web_blocked",
            SkipReason::NoEmail => "no_email",
        }
    }

    /// B2: whether (and why) a customer is left out of a bulk send under `filter`. One reason
    /// per customer, the first that applies: inactive, then blocked, then no email.
    pub fn of(customer: &Customer, filter: StatusFilter) -> Option<SkipReason> {
        if !customer.active && filter != StatusFilter::All {
            Some(SkipReason::Inactive)
        } else if customer.order_web_blocked {
            Some(SkipReason::OrderWebBlocked)
        } else if customer.email.is_none() {
            Some(SkipReason::NoEmail)
        } else {
            None
        }
    }
}

/// B2: a customer a bulk send left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The customer left out.
    pub customer_id: CustomerId,
    /// The customer's name (`None` when the id is not a customer).
    pub name: Option<String>,
    /// The first reason that applies.
    pub reason: SkipReason,
}

/// B2: what a bulk send built: a message per customer that gets one and the customers left out,
/// each in the order of the selection. A delivery record was written for every message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkSendPlan {
    /// B1: one message per customer that gets one, ready for the caller's mailer.
    pub messages: Vec<Message>,
    /// B2: the customers left out, each with its reason.
    pub skipped: Vec<Skipped>,
    /// When the deliveries were recorded.
    pub at: DateTime<Utc>,
}

/// A template resolved against a spec: what every message of one call is rendered from.
pub(crate) struct Prepared {
    template: String,
    subject: Vec<Segment>,
    body: Vec<Segment>,
}

impl Prepared {
    pub(crate) fn new(settings: &WorkspaceSettings, spec: &MessageSpec) -> Result<Prepared> {
        let wanted = spec.template.as_deref().unwrap_or(DEFAULT_TEMPLATE);
        let template = find_template(settings, wanted)?;
        let subject = parse(Part::Subject, spec.subject.as_deref().unwrap_or(&template.subject))?.1;
        let body = parse(Part::Body, spec.body.as_deref().unwrap_or(&template.body))?.1;
        Ok(Prepared { template: template.name, subject, body })
    }

    pub(crate) fn render(&self, customer: &Customer, email: Email, settings: &WorkspaceSettings) -> Message {
        let to = Recipient {
            customer,
            workspace_name: &settings.name,
            link_url: customer.link_code.url(&settings.base_url),
        };
        Message {
            customer_id: customer.id,
            template: self.template.clone(),
            email,
            subject: collapse_whitespace(&fill(&self.subject, &to)),
            body: fill(&self.body, &to),
            link_url: to.link_url.clone(),
        }
    }
}

/// Every template of a workspace: the built-ins, then its own in the order they were added.
pub(crate) fn all_templates(settings: &WorkspaceSettings) -> Vec<MessageTemplate> {
    let mut all = MessageTemplate::built_ins();
    all.extend(settings.message_templates.iter().cloned());
    all
}

fn find_template(settings: &WorkspaceSettings, name: &str) -> Result<MessageTemplate> {
    all_templates(settings)
        .into_iter()
        .find(|t| same_name(&t.name, name))
        .ok_or_else(|| Error::TemplateNotFound { name: clip(name.trim()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b1_built_in_templates_parse() {
        for t in MessageTemplate::built_ins() {
            parse(Part::Subject, &t.subject).expect("subject");
            parse(Part::Body, &t.body).expect("body");
        }
    }

    #[test]
    fn b1_braces_escape_and_unclosed_brace_is_invalid() {
        let (_, segs) = parse(Part::Body, "{{x}} {link_url}").expect("parse");
        assert_eq!(segs[0], Segment::Text("{x} ".into()));
        assert_eq!(segs[1], Segment::Slot(Placeholder::LinkUrl));
        assert_eq!(parse(Part::Body, "Hi {contact_name").unwrap_err().code(), "TEMPLATE_INVALID");
        assert_eq!(parse(Part::Body, "Hi }").unwrap_err().code(), "TEMPLATE_INVALID");
        assert_eq!(parse(Part::Body, "Hi { link_url }").expect("spaces").1[1], Segment::Slot(Placeholder::LinkUrl));
    }
}
