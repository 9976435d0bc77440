//! Customers (C1–C4, C7) and the fields contacts sync cares about (S1).

use crate::access::OrderWebAccess;
use crate::email::Email;
use crate::error::{Error, Result};
use crate::ids::{CustomerId, UserId};
use crate::link::LinkCode;
use crate::normalize::{normalize_name, optional_text};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// C1: the longest a customer name may be, in characters.
pub const NAME_MAX_LEN: usize = 200;
/// Limits for the other text fields (not in SPEC; chosen so a grid cell stays readable and a
/// database column can be sized).
pub const CODE_MAX_LEN: usize = 64;
/// See [`CODE_MAX_LEN`].
pub const PHONE_MAX_LEN: usize = 50;
/// See [`CODE_MAX_LEN`].
pub const CONTACT_MAX_LEN: usize = 200;
/// See [`CODE_MAX_LEN`].
pub const TAG_MAX_LEN: usize = 50;
/// See [`CODE_MAX_LEN`].
pub const PRICE_GROUP_MAX_LEN: usize = 100;

/// The storefront layout a customer sees (ST1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderTemplate {
    /// E-commerce style (the system default).
    Ecommerce,
    /// A quantity grid.
    QuantityGrid,
}

/// How a customer pays at checkout (ST1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckoutMode {
    /// Pay by card at checkout.
    PayNow,
    /// Invoice later.
    PayLater,
    /// Use the workspace's mode.
    Inherit,
}

/// How freight is charged (ST1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "FreightInput")]
pub enum Freight {
    /// A flat amount per order.
    FlatRate {
        /// The charge per order, in the workspace currency.
        amount: Decimal,
    },
    /// Free at or over `threshold`, else `amount`.
    FreeOver {
        /// The order total from which freight is free.
        threshold: Decimal,
        /// The charge per order below `threshold`.
        amount: Decimal,
    },
    /// Entered by the supplier per order.
    Manual,
    /// Quoted after the order (the system default).
    ToBeConfirmed,
}

impl Freight {
    /// R3: the freight's amount and threshold are within the stated range (and not negative).
    pub fn check(&self) -> Result<()> {
        let amount = |what, v: Decimal| {
            crate::money::check_amount(what, v)?;
            if v.is_sign_negative() && !v.is_zero() {
                return Err(Error::invalid(what, "must not be negative"));
            }
            Ok(())
        };
        match *self {
            Freight::FlatRate { amount: a } => amount("freight amount", a),
            Freight::FreeOver { threshold, amount: a } => {
                amount("freight threshold", threshold)?;
                amount("freight amount", a)
            }
            Freight::Manual | Freight::ToBeConfirmed => Ok(()),
        }
    }
}

/// Freight as it is read: each kind takes exactly the fields it needs, and an extra field is an
/// error (serde's `deny_unknown_fields` does not reach the unit variants of a tagged enum).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FreightInput {
    kind: FreightKind,
    #[serde(default, deserialize_with = "crate::money::exact::option")]
    amount: Option<Decimal>,
    #[serde(default, deserialize_with = "crate::money::exact::option")]
    threshold: Option<Decimal>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum FreightKind {
    FlatRate,
    FreeOver,
    Manual,
    ToBeConfirmed,
}

impl TryFrom<FreightInput> for Freight {
    type Error = String;
    fn try_from(f: FreightInput) -> std::result::Result<Self, String> {
        match (f.kind, f.amount, f.threshold) {
            (FreightKind::FlatRate, Some(amount), None) => Ok(Freight::FlatRate { amount }),
            (FreightKind::FreeOver, Some(amount), Some(threshold)) => Ok(Freight::FreeOver { threshold, amount }),
            (FreightKind::Manual, None, None) => Ok(Freight::Manual),
            (FreightKind::ToBeConfirmed, None, None) => Ok(Freight::ToBeConfirmed),
            _ => Err("freight: flat_rate takes amount; free_over takes threshold and amount; \
                      manual and to_be_confirmed take neither"
                .to_owned()),
        }
    }
}

/// Order statistics kept on the customer (grid columns Orders, Amount, Last Order).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderStats {
    /// Number of orders placed.
    pub orders: u64,
    /// Total value of those orders, in the workspace currency.
    pub amount: Decimal,
    /// When the newest order was placed.
    pub last_order_at: Option<DateTime<Utc>>,
    /// How many of `orders` are drafts (saved, not submitted). A customer whose every order is a
    /// draft has not placed one yet: it is a lead ([`CustomerKind`]).
    #[serde(default)]
    pub drafts: u64,
}

/// Leads versus customers: a lead has not placed an order yet (none, or only drafts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerKind {
    /// No placed order yet.
    Lead,
    /// At least one placed (not draft) order.
    Customer,
}

impl CustomerKind {
    /// The name every language uses.
    pub fn as_str(self) -> &'static str {
        match self {
            CustomerKind::Lead => "lead",
            CustomerKind::Customer => "customer",
        }
    }
}

/// A customer record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    /// Unique in the store, never reused; the record's key.
    pub id: CustomerId,
    /// C1: the business name, trimmed, not blank, at most 200 characters.
    pub name: String,
    /// C2: the customer's code, unique in the workspace without case; `None` when it has none.
    pub code: Option<String>,
    /// C3: a valid address, its domain lower-cased.
    pub email: Option<Email>,
    /// C2: trimmed; `None` when blank. Locked under S1 when the phone is mapped.
    pub phone: Option<String>,
    /// C2: the person to ask for, trimmed; `None` when blank.
    pub contact: Option<String>,
    /// A1: an inactive customer cannot use its link, and is left out of the default listing
    /// (C5) and of bulk sends not made under the All filter (B2).
    pub active: bool,
    /// A1: ordering through the link is blocked locally; independent of `active`, and never
    /// changed by contacts sync (S3).
    pub order_web_blocked: bool,
    /// L1: the customer's order link code: issued at creation, unique, never reused; changed only
    /// by an audited rotation (L5).
    pub link_code: LinkCode,
    /// PR1: the price group whose prices apply, by name; an inactive group is ignored (PR2a).
    pub price_group: Option<String>,
    /// ST1: overrides the workspace's order template; `None` inherits it.
    pub order_template: Option<OrderTemplate>,
    /// ST1: overrides the workspace's checkout mode; `None` inherits it.
    pub checkout_mode: Option<CheckoutMode>,
    /// ST1: overrides the workspace's freight; `None` inherits it.
    pub freight: Option<Freight>,
    /// C6: the guest user who manages this customer and so may see it.
    pub managed_by: Option<UserId>,
    /// Free labels: trimmed, blanks and duplicates (without case) dropped, order kept.
    pub tags: Vec<String>,
    /// Set when the customer came from contacts sync (S3).
    pub external_id: Option<String>,
    /// When the customer was created.
    pub created_at: DateTime<Utc>,
    /// When an edit, import or sync last changed the record (order stats moving do not count).
    pub updated_at: DateTime<Utc>,
    /// Order count, total and last order date. The store keeps them as orders attach and move
    /// (P1–P5), and a stats change is a new `version` of the record, not a new `updated_at`.
    pub stats: OrderStats,
    /// Billing and shipping addresses, oldest first; at most one default of each kind.
    #[serde(default)]
    pub addresses: Vec<crate::addresses::Address>,
    /// Bumped on every write; stores refuse a write whose expected version is not current.
    pub version: u64,
}

impl Customer {
    /// A1: the customer's order web access.
    pub fn order_web_access(&self) -> OrderWebAccess {
        OrderWebAccess::of(self.active, self.order_web_blocked)
    }

    /// A lead until it has placed an order (drafts do not count).
    pub fn kind(&self) -> CustomerKind {
        if self.stats.orders > self.stats.drafts {
            CustomerKind::Customer
        } else {
            CustomerKind::Lead
        }
    }

    /// C2: the key codes are compared by (trimmed, case-folded).
    pub fn code_key(&self) -> Option<String> {
        self.code.as_deref().map(code_key)
    }

    /// C4: the key names are compared by (N1).
    pub fn name_key(&self) -> String {
        normalize_name(&self.name)
    }
}

/// C2: the comparison key of a customer code.
pub fn code_key(code: &str) -> String {
    let mut key = String::new();
    code_key_into(code, &mut key);
    key
}

/// [`code_key`] into a reused buffer. ASCII text is folded without Unicode tables (full case
/// folding of ASCII is lower-casing), so the common case costs no allocation.
pub(crate) fn code_key_into(code: &str, key: &mut String) {
    let code = crate::normalize::trim(code);
    key.clear();
    if code.is_ascii() {
        key.push_str(code);
        key.make_ascii_lowercase();
    } else {
        key.extend(caseless::Caseless::default_case_fold(code.chars()));
    }
}

/// The fields of a customer that can be edited, as S1 and `editable_fields` name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerField {
    /// C1: the business name.
    Name,
    /// C2: the customer's code.
    Code,
    /// C3: the email address.
    Email,
    /// The phone number (locked under S1 when it is mapped to an external field).
    Phone,
    /// The contact person (stays editable under S1).
    Contact,
    /// A1: whether the customer is active.
    Active,
    /// A1: the local block on ordering through the link.
    OrderWebBlocked,
    /// PR1: the price group.
    PriceGroup,
    /// ST1: the order template override.
    OrderTemplate,
    /// ST1: the checkout mode override.
    CheckoutMode,
    /// ST1: the freight override.
    Freight,
    /// C6: the guest user who manages the customer.
    ManagedBy,
    /// The customer's tags (stay editable under S1).
    Tags,
}

impl CustomerField {
    /// Every editable field, in grid order.
    pub const ALL: [CustomerField; 13] = [
        CustomerField::Name,
        CustomerField::Code,
        CustomerField::Email,
        CustomerField::Phone,
        CustomerField::Contact,
        CustomerField::Active,
        CustomerField::OrderWebBlocked,
        CustomerField::PriceGroup,
        CustomerField::OrderTemplate,
        CustomerField::CheckoutMode,
        CustomerField::Freight,
        CustomerField::ManagedBy,
        CustomerField::Tags,
    ];

    /// The field's name as every language spells it (snake_case).
    pub fn as_str(self) -> &'static str {
        match self {
            CustomerField::Name => "name",
            CustomerField::Code => "code",
            CustomerField::Email => "email",
            CustomerField::Phone => "phone",
            CustomerField::Contact => "contact",
            CustomerField::Active => "active",
            CustomerField::OrderWebBlocked => "order_web_blocked",
            CustomerField::PriceGroup => "price_group",
            CustomerField::OrderTemplate => "order_template",
            CustomerField::CheckoutMode => "checkout_mode",
            CustomerField::Freight => "freight",
            CustomerField::ManagedBy => "managed_by",
            CustomerField::Tags => "tags",
        }
    }
}

impl std::str::FromStr for CustomerField {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        CustomerField::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| Error::invalid("field", format!("'{s}' is not a customer field")))
    }
}

/// The input to create a customer. Text is trimmed; blank optional text means absent.
///
/// ```
/// use orderlink::NewCustomer;
/// let input = NewCustomer { code: Some("C-001".into()), ..NewCustomer::named("Acme Pty Ltd") };
/// assert_eq!(input.name, "Acme Pty Ltd");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCustomer {
    /// C1: required; trimmed, at most 200 characters.
    pub name: String,
    /// C2: optional; unique in the workspace without case.
    #[serde(default)]
    pub code: Option<String>,
    /// C3: optional; must be a valid address when present.
    #[serde(default)]
    pub email: Option<String>,
    /// The phone number; optional, trimmed.
    #[serde(default)]
    pub phone: Option<String>,
    /// The contact person; optional, trimmed.
    #[serde(default)]
    pub contact: Option<String>,
    /// A1: `true` unless given; an inactive customer cannot order.
    #[serde(default = "yes")]
    pub active: bool,
    /// A1: block ordering through the link from the start (default `false`).
    #[serde(default)]
    pub order_web_blocked: bool,
    /// PR1: the price group, by name.
    #[serde(default)]
    pub price_group: Option<String>,
    /// ST1: an override of the workspace's order template; `None` inherits it.
    #[serde(default)]
    pub order_template: Option<OrderTemplate>,
    /// ST1: an override of the workspace's checkout mode; `None` inherits it.
    #[serde(default)]
    pub checkout_mode: Option<CheckoutMode>,
    /// ST1: an override of the workspace's freight; `None` inherits it.
    #[serde(default)]
    pub freight: Option<Freight>,
    /// C6: the guest user who manages the customer.
    #[serde(default)]
    pub managed_by: Option<UserId>,
    /// Free labels: trimmed, blanks and duplicates (without case) dropped.
    #[serde(default)]
    pub tags: Vec<String>,
}

fn yes() -> bool {
    true
}

impl NewCustomer {
    /// An active customer with only a name.
    pub fn named(name: impl Into<String>) -> Self {
        NewCustomer {
            name: name.into(),
            code: None,
            email: None,
            phone: None,
            contact: None,
            active: true,
            order_web_blocked: false,
            price_group: None,
            order_template: None,
            checkout_mode: None,
            freight: None,
            managed_by: None,
            tags: Vec::new(),
        }
    }
}

/// A partial update: `None` leaves a field as it is; for optional fields `Some(None)` clears it.
///
/// ```
/// use orderlink::CustomerPatch;
/// let patch = CustomerPatch { email: Some(None), active: Some(false), ..Default::default() };
/// assert!(patch.email == Some(None));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerPatch {
    /// C1: a new name (required, so it cannot be cleared).
    #[serde(default)]
    pub name: Option<String>,
    /// C2: a new code, or `Some(None)` to clear it.
    #[serde(default, with = "double_option")]
    pub code: Option<Option<String>>,
    /// C3: a new email, or `Some(None)` to clear it.
    #[serde(default, with = "double_option")]
    pub email: Option<Option<String>>,
    /// A new phone number, or `Some(None)` to clear it.
    #[serde(default, with = "double_option")]
    pub phone: Option<Option<String>>,
    /// A new contact person, or `Some(None)` to clear it.
    #[serde(default, with = "double_option")]
    pub contact: Option<Option<String>>,
    /// A1: activate or deactivate.
    #[serde(default)]
    pub active: Option<bool>,
    /// A1: block or unblock ordering through the link (S1: only while active).
    #[serde(default)]
    pub order_web_blocked: Option<bool>,
    /// PR1: a new price group, or `Some(None)` to remove it.
    #[serde(default, with = "double_option")]
    pub price_group: Option<Option<String>>,
    /// ST1: a new order template override, or `Some(None)` to inherit again.
    #[serde(default, with = "double_option")]
    pub order_template: Option<Option<OrderTemplate>>,
    /// ST1: a new checkout mode override, or `Some(None)` to inherit again.
    #[serde(default, with = "double_option")]
    pub checkout_mode: Option<Option<CheckoutMode>>,
    /// ST1: a new freight override, or `Some(None)` to inherit again.
    #[serde(default, with = "double_option")]
    pub freight: Option<Option<Freight>>,
    /// C6: a new managing guest user, or `Some(None)` for none.
    #[serde(default, with = "double_option")]
    pub managed_by: Option<Option<UserId>>,
    /// The whole new list of tags, replacing the old one.
    #[serde(default)]
    pub tags: Option<Vec<String>>,
}

/// serde: a present `null` is `Some(None)`, an absent key is `None`.
pub(crate) mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    pub fn serialize<T: Serialize, S: Serializer>(v: &Option<Option<T>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            None => s.serialize_none(),
            Some(inner) => inner.serialize(s),
        }
    }
    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }
}

/// The validated, normalised text fields of a customer (C1–C3).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValidFields {
    pub name: String,
    pub code: Option<String>,
    pub email: Option<Email>,
    pub phone: Option<String>,
    pub contact: Option<String>,
}

/// C1: a valid name, trimmed.
pub fn validate_name(name: &str) -> Result<String> {
    check_name(name).map(str::to_owned)
}

/// C1 without allocating: the trimmed name, or why it is not valid.
pub(crate) fn check_name(name: &str) -> Result<&str> {
    let name = crate::normalize::trim(name);
    if name.is_empty() {
        return Err(Error::NameRequired);
    }
    // R4: no control character, and something a person can see.
    crate::text::check_name("name", name)?;
    // A char is at most 4 bytes, so a short byte length needs no count.
    if name.len() > NAME_MAX_LEN {
        let len = name.chars().count();
        if len > NAME_MAX_LEN {
            return Err(Error::NameTooLong { len, max: NAME_MAX_LEN });
        }
    }
    Ok(name)
}

/// An optional text field: trimmed, blank → absent, length-checked.
pub(crate) fn validate_text(field: &'static str, value: Option<&str>, max: usize) -> Result<Option<String>> {
    Ok(check_text(field, value, max)?.map(str::to_owned))
}

/// [`validate_text`] for a field that holds lines (notes, address lines): tab, CR and LF are
/// allowed inside it (R4).
pub(crate) fn validate_lines(field: &'static str, value: Option<&str>, max: usize) -> Result<Option<String>> {
    Ok(check_text_as(field, value, max, crate::text::Lines::Multi)?.map(str::to_owned))
}

/// [`validate_text`] without allocating.
pub(crate) fn check_text<'a>(field: &'static str, value: Option<&'a str>, max: usize) -> Result<Option<&'a str>> {
    check_text_as(field, value, max, crate::text::Lines::Single)
}

/// [`check_text`] for a field of one line or of lines. R4: no control character the field does
/// not take.
pub(crate) fn check_text_as<'a>(
    field: &'static str,
    value: Option<&'a str>,
    max: usize,
    lines: crate::text::Lines,
) -> Result<Option<&'a str>> {
    let value = value.map(crate::normalize::trim).filter(|v| !v.is_empty());
    if let Some(v) = value {
        crate::text::check(field, v, lines)?;
        if v.len() > max {
            let len = v.chars().count();
            if len > max {
                return Err(Error::FieldTooLong { field, len, max });
            }
        }
    }
    Ok(value)
}

/// C3: an optional email: trimmed, blank → absent, otherwise valid.
pub(crate) fn validate_email(value: Option<&str>) -> Result<Option<Email>> {
    optional_text(value).map(|v| Email::parse(&v)).transpose()
}

/// Tags: trimmed, blanks dropped, duplicates (without case) dropped, order kept.
pub(crate) fn validate_tags(tags: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        let Some(tag) = validate_text("tag", Some(tag), TAG_MAX_LEN)? else { continue };
        if !out.iter().any(|t| code_key(t) == code_key(&tag)) {
            out.push(tag);
        }
    }
    Ok(out)
}

impl ValidFields {
    /// C1–C3 over raw input.
    pub(crate) fn validate(
        name: &str,
        code: Option<&str>,
        email: Option<&str>,
        phone: Option<&str>,
        contact: Option<&str>,
    ) -> Result<ValidFields> {
        Ok(ValidFields {
            name: validate_name(name)?,
            code: validate_text("code", code, CODE_MAX_LEN)?,
            email: validate_email(email)?,
            phone: validate_text("phone", phone, PHONE_MAX_LEN)?,
            contact: validate_text("contact", contact, CONTACT_MAX_LEN)?,
        })
    }
}

/// Applies `patch` to `current`, validating every changed value. Returns the new record (same
/// id, link code, version) and the fields whose value actually changed.
pub(crate) fn apply_patch(current: &Customer, patch: &CustomerPatch) -> Result<(Customer, Vec<CustomerField>)> {
    let mut next = current.clone();
    if let Some(name) = &patch.name {
        next.name = validate_name(name)?;
    }
    if let Some(code) = &patch.code {
        next.code = validate_text("code", code.as_deref(), CODE_MAX_LEN)?;
    }
    if let Some(email) = &patch.email {
        next.email = validate_email(email.as_deref())?;
    }
    if let Some(phone) = &patch.phone {
        next.phone = validate_text("phone", phone.as_deref(), PHONE_MAX_LEN)?;
    }
    if let Some(contact) = &patch.contact {
        next.contact = validate_text("contact", contact.as_deref(), CONTACT_MAX_LEN)?;
    }
    if let Some(active) = patch.active {
        next.active = active;
    }
    if let Some(blocked) = patch.order_web_blocked {
        next.order_web_blocked = blocked;
    }
    if let Some(group) = &patch.price_group {
        next.price_group = validate_text("price_group", group.as_deref(), PRICE_GROUP_MAX_LEN)?;
    }
    if let Some(template) = patch.order_template {
        next.order_template = template;
    }
    if let Some(mode) = patch.checkout_mode {
        next.checkout_mode = mode;
    }
    if let Some(freight) = patch.freight {
        if let Some(f) = &freight {
            f.check()?;
        }
        next.freight = freight;
    }
    if let Some(user) = patch.managed_by {
        next.managed_by = user;
    }
    if let Some(tags) = &patch.tags {
        next.tags = validate_tags(tags)?;
    }
    let changed = changed_fields(current, &next);
    // S1: order_web_blocked changes only while the customer is (still, or now) active.
    if changed.contains(&CustomerField::OrderWebBlocked) && !next.active {
        return Err(Error::OrderWebBlockedRequiresActive);
    }
    Ok((next, changed))
}

/// The fields whose values differ between two versions of a customer.
pub(crate) fn changed_fields(a: &Customer, b: &Customer) -> Vec<CustomerField> {
    use CustomerField as F;
    let mut changed = Vec::new();
    let mut check = |differs: bool, field| {
        if differs {
            changed.push(field)
        }
    };
    check(a.name != b.name, F::Name);
    check(a.code != b.code, F::Code);
    check(a.email != b.email, F::Email);
    check(a.phone != b.phone, F::Phone);
    check(a.contact != b.contact, F::Contact);
    check(a.active != b.active, F::Active);
    check(a.order_web_blocked != b.order_web_blocked, F::OrderWebBlocked);
    check(a.price_group != b.price_group, F::PriceGroup);
    check(a.order_template != b.order_template, F::OrderTemplate);
    check(a.checkout_mode != b.checkout_mode, F::CheckoutMode);
    check(a.freight != b.freight, F::Freight);
    check(a.managed_by != b.managed_by, F::ManagedBy);
    check(a.tags != b.tags, F::Tags);
    changed
}
