//! The customer detail extras on `Workspace`: tags, notes and addresses, with the `Note` and
//! `Address` objects. The core decides every rule (the 5-minute note window, one default
//! address of each kind); this file reads the arguments and shapes the answers.

use crate::convert::{from_json, object, object_json, parse_id, text};
use crate::error::{invalid, run, Result};
use crate::types::Customer;
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};
use napi::bindgen_prelude::{Env, Unknown};
use napi_derive::napi;
use orderlink as core;

/// What `addAddress` takes.
pub(crate) const ADDRESS_KEYS: &[&str] =
    &["label", "line1", "line2", "city", "region", "postal_code", "country", "default_billing", "default_shipping"];
/// What `updateAddress` changes (defaults change with `setDefaultAddress`).
pub(crate) const ADDRESS_CHANGE_KEYS: &[&str] =
    &["label", "line1", "line2", "city", "region", "postal_code", "country"];

/// The customer and the address an address call is about.
pub(crate) fn address_ids(
    customer_id: &Unknown<'_>,
    address_id: &Unknown<'_>,
) -> Result<(core::CustomerId, core::AddressId)> {
    Ok((parse_id("customerId", customer_id)?, parse_id("addressId", address_id)?))
}

/// Leads versus customers: a lead has not placed an order yet (drafts do not count).
#[napi(string_enum = "snake_case")]
pub enum CustomerKind {
    /// No placed order yet.
    Lead,
    /// At least one placed order.
    Customer,
}

impl From<core::CustomerKind> for CustomerKind {
    fn from(k: core::CustomerKind) -> Self {
        match k {
            core::CustomerKind::Lead => CustomerKind::Lead,
            core::CustomerKind::Customer => CustomerKind::Customer,
        }
    }
}

/// What an address is the default for.
#[napi(string_enum = "snake_case")]
pub enum AddressKind {
    Billing,
    Shipping,
}

/// A note on a customer, editable until `editableUntil` (5 minutes after it was added).
#[napi(object, use_nullable = true)]
pub struct Note {
    /// The note's id.
    pub id: String,
    /// The customer it is on.
    pub customer_id: String,
    /// Who wrote it.
    pub author: String,
    /// The note, trimmed.
    pub text: String,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// When it was last edited; `null` if never.
    pub edited_at: Option<DateTime<Utc>>,
    /// The moment it stops being editable.
    pub editable_until: DateTime<Utc>,
}

impl From<core::Note> for Note {
    fn from(n: core::Note) -> Self {
        Note {
            id: n.id.to_string(),
            customer_id: n.customer_id.to_string(),
            editable_until: n.editable_until(),
            author: n.author,
            text: n.text,
            created_at: n.created_at,
            edited_at: n.edited_at,
        }
    }
}

/// One of a customer's addresses.
#[napi(object, use_nullable = true)]
pub struct Address {
    /// The address's id.
    pub id: String,
    /// A name people know it by ("Head office").
    pub label: Option<String>,
    /// The first line.
    pub line1: String,
    /// The second line.
    pub line2: Option<String>,
    /// The city.
    pub city: Option<String>,
    /// The region or state.
    pub region: Option<String>,
    /// The postal code.
    pub postal_code: Option<String>,
    /// The country.
    pub country: Option<String>,
    /// Whether it is the customer's default billing address.
    pub default_billing: bool,
    /// Whether it is the customer's default shipping address.
    pub default_shipping: bool,
}

impl From<core::Address> for Address {
    fn from(a: core::Address) -> Self {
        Address {
            id: a.id.to_string(),
            label: a.label,
            line1: a.line1,
            line2: a.line2,
            city: a.city,
            region: a.region,
            postal_code: a.postal_code,
            country: a.country,
            default_billing: a.default_billing,
            default_shipping: a.default_shipping,
        }
    }
}

#[napi]
impl Workspace {
    /// Adds a tag to a customer (trimmed, at most 50 characters; one it has in any case is not
    /// added twice) and returns the customer. Tags stay local under contacts sync.
    #[napi(ts_args_type = "customerId: string, tag: string")]
    pub fn add_tag(&self, env: Env, customer_id: Unknown<'_>, tag: Unknown<'_>) -> napi::Result<Customer> {
        run(&env, || Ok(self.inner.add_tag(parse_id("customerId", &customer_id)?, &text("tag", &tag)?)?.into()))
    }

    /// Removes a tag (without case) and returns the customer; one it does not have changes
    /// nothing.
    #[napi(ts_args_type = "customerId: string, tag: string")]
    pub fn remove_tag(&self, env: Env, customer_id: Unknown<'_>, tag: Unknown<'_>) -> napi::Result<Customer> {
        run(&env, || Ok(self.inner.remove_tag(parse_id("customerId", &customer_id)?, &text("tag", &tag)?)?.into()))
    }

    /// Adds a note to a customer by `author`, at the workspace clock's time. Blank text or
    /// author: `INVALID_ARGUMENT`.
    #[napi(ts_args_type = "customerId: string, author: string, text: string")]
    pub fn add_note(
        &self,
        env: Env,
        customer_id: Unknown<'_>,
        author: Unknown<'_>,
        text_: Unknown<'_>,
    ) -> napi::Result<Note> {
        run(&env, || {
            let id = parse_id("customerId", &customer_id)?;
            Ok(self.inner.add_note(id, &text("author", &author)?, &text("text", &text_)?)?.into())
        })
    }

    /// Changes a note's text, only within 5 minutes of it being added; after that
    /// `NOTE_EDIT_WINDOW_CLOSED` (add a new note instead).
    #[napi(ts_args_type = "noteId: string, text: string")]
    pub fn edit_note(&self, env: Env, note_id: Unknown<'_>, text_: Unknown<'_>) -> napi::Result<Note> {
        run(&env, || Ok(self.inner.edit_note(parse_id("noteId", &note_id)?, &text("text", &text_)?)?.into()))
    }

    /// A customer's notes, newest first.
    #[napi(ts_args_type = "customerId: string")]
    pub fn notes(&self, env: Env, customer_id: Unknown<'_>) -> napi::Result<Vec<Note>> {
        run(&env, || Ok(self.inner.notes(parse_id("customerId", &customer_id)?)?.into_iter().map(Into::into).collect()))
    }

    /// Adds an address and returns it. `line1` is required. The first address is the default
    /// for billing and shipping; a later one becomes a default when asked. At most 50.
    #[napi(
        ts_args_type = "customerId: string, address: { line1: string; label?: string | null; line2?: string | null; city?: string | null; region?: string | null; postalCode?: string | null; country?: string | null; defaultBilling?: boolean; defaultShipping?: boolean }"
    )]
    pub fn add_address(&self, env: Env, customer_id: Unknown<'_>, address: Unknown<'_>) -> napi::Result<Address> {
        run(&env, || {
            let id = parse_id("customerId", &customer_id)?;
            let map = object_json("address", &object("address", &address)?, ADDRESS_KEYS, &[])?;
            Ok(self.inner.add_address(id, from_json("address", map)?)?.into())
        })
    }

    /// Changes an address's fields; `null` clears an optional one, an absent key keeps it.
    /// `ADDRESS_NOT_FOUND` if the customer has no such address.
    #[napi(
        ts_args_type = "customerId: string, addressId: string, changes: { line1?: string; label?: string | null; line2?: string | null; city?: string | null; region?: string | null; postalCode?: string | null; country?: string | null }"
    )]
    pub fn update_address(
        &self,
        env: Env,
        customer_id: Unknown<'_>,
        address_id: Unknown<'_>,
        changes: Unknown<'_>,
    ) -> napi::Result<Address> {
        run(&env, || {
            let (customer, address) = address_ids(&customer_id, &address_id)?;
            let map = object_json("address change", &object("changes", &changes)?, ADDRESS_CHANGE_KEYS, &[])?;
            Ok(self.inner.update_address(customer, address, crate::convert::patch_json("address change", map)?)?.into())
        })
    }

    /// Removes an address; a default it was passes to the oldest address left.
    #[napi(ts_args_type = "customerId: string, addressId: string")]
    pub fn remove_address(&self, env: Env, customer_id: Unknown<'_>, address_id: Unknown<'_>) -> napi::Result<()> {
        run(&env, || {
            let (customer, address) = address_ids(&customer_id, &address_id)?;
            self.inner.remove_address(customer, address)
        })
    }

    /// Makes an address the customer's default for `kind` (the previous one stops being it)
    /// and returns it.
    #[napi(ts_args_type = "customerId: string, addressId: string, kind: AddressKind")]
    pub fn set_default_address(
        &self,
        env: Env,
        customer_id: Unknown<'_>,
        address_id: Unknown<'_>,
        kind: Unknown<'_>,
    ) -> napi::Result<Address> {
        run(&env, || {
            let (customer, address) = address_ids(&customer_id, &address_id)?;
            let kind: core::AddressKind = serde_json::from_value(serde_json::Value::String(text("kind", &kind)?))
                .map_err(|_| invalid("kind", "expected 'billing' or 'shipping'"))?;
            Ok(self.inner.set_default_address(customer, address, kind)?.into())
        })
    }

    /// A customer's addresses, oldest first.
    #[napi(ts_args_type = "customerId: string")]
    pub fn addresses(&self, env: Env, customer_id: Unknown<'_>) -> napi::Result<Vec<Address>> {
        run(&env, || {
            Ok(self.inner.addresses(parse_id("customerId", &customer_id)?)?.into_iter().map(Into::into).collect())
        })
    }
}
