//! Customer addresses: several per customer, one default for billing and one for shipping, and
//! searchable from the advanced list search (`CustomerQuery::address`).
//!
//! Addresses live on the customer record, so every change is a versioned write of the customer
//! and a store needs nothing new to keep them. The rules are functions from one address list to
//! the next; the workspace methods at the bottom apply them.

use crate::customer::{double_option, validate_lines, validate_text, Customer};
use crate::error::{Error, Result};
use crate::ids::AddressId;
use crate::normalize::search_fold;
use serde::{Deserialize, Serialize};

/// The most addresses one customer may hold.
pub const MAX_ADDRESSES: usize = 50;
/// The longest an address line may be, in characters.
pub const LINE_MAX_LEN: usize = 200;
/// The longest a label, city, region or country may be, in characters.
pub const FIELD_MAX_LEN: usize = 100;
/// The longest a postal code may be, in characters.
pub const POSTAL_CODE_MAX_LEN: usize = 20;

/// What an address is the default for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AddressKind {
    /// The address invoices go to.
    Billing,
    /// The address goods go to.
    Shipping,
}

/// One of a customer's addresses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// Unique for the customer; names the address in `update_address` and `remove_address`.
    pub id: AddressId,
    /// A name people know it by ("Head office", "Warehouse").
    pub label: Option<String>,
    /// The first line (street and number); never blank.
    pub line1: String,
    /// A second line, if any.
    pub line2: Option<String>,
    /// The town or city.
    pub city: Option<String>,
    /// The state, province or county.
    pub region: Option<String>,
    /// The postal or ZIP code.
    pub postal_code: Option<String>,
    /// The country, as written (not checked against a list).
    pub country: Option<String>,
    /// The customer's default billing address (exactly one while it has any).
    pub default_billing: bool,
    /// The customer's default shipping address (exactly one while it has any).
    pub default_shipping: bool,
}

impl Address {
    /// Whether the address is the default for `kind`.
    pub fn is_default(&self, kind: AddressKind) -> bool {
        match kind {
            AddressKind::Billing => self.default_billing,
            AddressKind::Shipping => self.default_shipping,
        }
    }

    fn set_default(&mut self, kind: AddressKind, on: bool) {
        match kind {
            AddressKind::Billing => self.default_billing = on,
            AddressKind::Shipping => self.default_shipping = on,
        }
    }

    /// The text fields, for search.
    fn fields(&self) -> [Option<&str>; 7] {
        [
            self.label.as_deref(),
            Some(self.line1.as_str()),
            self.line2.as_deref(),
            self.city.as_deref(),
            self.region.as_deref(),
            self.postal_code.as_deref(),
            self.country.as_deref(),
        ]
    }

    /// Advanced search: whether any field holds `folded_term` (already [`search_fold`]ed).
    pub fn matches(&self, folded_term: &str) -> bool {
        self.fields().into_iter().flatten().any(|f| search_fold(f).contains(folded_term))
    }
}

/// A new address. Text is trimmed; blank optional text means absent; `line1` is required.
///
/// ```
/// use orderlink::NewAddress;
/// let a = NewAddress { city: Some("Fremantle".into()), ..NewAddress::line("12 Pier St") };
/// assert!(!a.default_billing);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAddress {
    /// A name people know it by ("Head office", "Warehouse").
    #[serde(default)]
    pub label: Option<String>,
    /// The first line (street and number); required, at most 200 characters.
    pub line1: String,
    /// A second line, if any.
    #[serde(default)]
    pub line2: Option<String>,
    /// The town or city.
    #[serde(default)]
    pub city: Option<String>,
    /// The state, province or county.
    #[serde(default)]
    pub region: Option<String>,
    /// The postal or ZIP code, at most 20 characters.
    #[serde(default)]
    pub postal_code: Option<String>,
    /// The country, as written (not checked against a list).
    #[serde(default)]
    pub country: Option<String>,
    /// Make it the default billing address (the first address is, whatever this says).
    #[serde(default)]
    pub default_billing: bool,
    /// Make it the default shipping address (the first address is, whatever this says).
    #[serde(default)]
    pub default_shipping: bool,
}

impl NewAddress {
    /// An address with only its first line.
    pub fn line(line1: impl Into<String>) -> Self {
        NewAddress { line1: line1.into(), ..Default::default() }
    }
}

/// A partial change of an address: `None` keeps a field; for optional fields `Some(None)`
/// clears it. Defaults are changed with `set_default_address`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddressPatch {
    /// A new label, or `Some(None)` to clear it.
    #[serde(default, with = "double_option")]
    pub label: Option<Option<String>>,
    /// A new first line (required, so it cannot be cleared).
    #[serde(default)]
    pub line1: Option<String>,
    /// A new second line, or `Some(None)` to clear it.
    #[serde(default, with = "double_option")]
    pub line2: Option<Option<String>>,
    /// A new city, or `Some(None)` to clear it.
    #[serde(default, with = "double_option")]
    pub city: Option<Option<String>>,
    /// A new region, or `Some(None)` to clear it.
    #[serde(default, with = "double_option")]
    pub region: Option<Option<String>>,
    /// A new postal code, or `Some(None)` to clear it.
    #[serde(default, with = "double_option")]
    pub postal_code: Option<Option<String>>,
    /// A new country, or `Some(None)` to clear it.
    #[serde(default, with = "double_option")]
    pub country: Option<Option<String>>,
}

fn line1(value: &str) -> Result<String> {
    validate_lines("line1", Some(value), LINE_MAX_LEN)?
        .ok_or_else(|| Error::invalid("address", "line1 is required and cannot be blank"))
}

/// Validates a new address into a record with id `id` (not yet default for anything).
fn validate_new(input: &NewAddress, id: AddressId) -> Result<Address> {
    Ok(Address {
        id,
        label: validate_text("label", input.label.as_deref(), FIELD_MAX_LEN)?,
        line1: line1(&input.line1)?,
        line2: validate_lines("line2", input.line2.as_deref(), LINE_MAX_LEN)?,
        city: validate_text("city", input.city.as_deref(), FIELD_MAX_LEN)?,
        region: validate_text("region", input.region.as_deref(), FIELD_MAX_LEN)?,
        postal_code: validate_text("postal_code", input.postal_code.as_deref(), POSTAL_CODE_MAX_LEN)?,
        country: validate_text("country", input.country.as_deref(), FIELD_MAX_LEN)?,
        default_billing: false,
        default_shipping: false,
    })
}

fn position(addresses: &[Address], id: AddressId) -> Result<usize> {
    addresses.iter().position(|a| a.id == id).ok_or_else(|| Error::AddressNotFound { id: id.to_string() })
}

/// Makes the address at `i` the only default for `kind`.
fn make_default(addresses: &mut [Address], i: usize, kind: AddressKind) {
    for (j, a) in addresses.iter_mut().enumerate() {
        a.set_default(kind, j == i);
    }
}

/// While there are addresses, each kind has a default: the oldest one when none is marked.
fn keep_defaults(addresses: &mut [Address]) {
    for kind in [AddressKind::Billing, AddressKind::Shipping] {
        if !addresses.is_empty() && !addresses.iter().any(|a| a.is_default(kind)) {
            make_default(addresses, 0, kind);
        }
    }
}

/// Adds an address; it becomes a default when asked, or when there was none of that kind.
pub(crate) fn add(addresses: &[Address], input: &NewAddress, id: AddressId) -> Result<Vec<Address>> {
    if addresses.len() >= MAX_ADDRESSES {
        return Err(Error::invalid("address", format!("a customer has at most {MAX_ADDRESSES} addresses")));
    }
    let mut next = addresses.to_vec();
    next.push(validate_new(input, id)?);
    let i = next.len() - 1;
    for (kind, asked) in
        [(AddressKind::Billing, input.default_billing), (AddressKind::Shipping, input.default_shipping)]
    {
        if asked {
            make_default(&mut next, i, kind);
        }
    }
    keep_defaults(&mut next);
    Ok(next)
}

/// Changes the fields of one address.
pub(crate) fn update(addresses: &[Address], id: AddressId, patch: &AddressPatch) -> Result<Vec<Address>> {
    let mut next = addresses.to_vec();
    let a = &mut next[position(addresses, id)?];
    let text = |field, value: &Option<String>, max| validate_text(field, value.as_deref(), max);
    if let Some(v) = &patch.label {
        a.label = text("label", v, FIELD_MAX_LEN)?;
    }
    if let Some(v) = &patch.line1 {
        a.line1 = line1(v)?;
    }
    if let Some(v) = &patch.line2 {
        a.line2 = validate_lines("line2", v.as_deref(), LINE_MAX_LEN)?;
    }
    if let Some(v) = &patch.city {
        a.city = text("city", v, FIELD_MAX_LEN)?;
    }
    if let Some(v) = &patch.region {
        a.region = text("region", v, FIELD_MAX_LEN)?;
    }
    if let Some(v) = &patch.postal_code {
        a.postal_code = text("postal_code", v, POSTAL_CODE_MAX_LEN)?;
    }
    if let Some(v) = &patch.country {
        a.country = text("country", v, FIELD_MAX_LEN)?;
    }
    Ok(next)
}

/// Removes an address; a default it was passes to the oldest address left.
pub(crate) fn remove(addresses: &[Address], id: AddressId) -> Result<Vec<Address>> {
    let mut next = addresses.to_vec();
    next.remove(position(addresses, id)?);
    keep_defaults(&mut next);
    Ok(next)
}

/// Makes one address the default for `kind` (the previous default stops being it).
pub(crate) fn set_default(addresses: &[Address], id: AddressId, kind: AddressKind) -> Result<Vec<Address>> {
    let mut next = addresses.to_vec();
    make_default(&mut next, position(addresses, id)?, kind);
    Ok(next)
}

/// The address `id` of a customer.
pub(crate) fn find(customer: &Customer, id: AddressId) -> Result<Address> {
    Ok(customer.addresses[position(&customer.addresses, id)?].clone())
}
