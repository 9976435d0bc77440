//! The customer detail extras: tags, notes and addresses on `Workspace`, the `Note` and `Address`
//! result objects, and `Customer.addresses` / `Customer.kind`. The core decides every rule (the
//! 5-minute note window, one default address of each kind); this file reads and wraps.

use crate::convert::{from_dict, given_json, id, kwargs_json, patch_from_kwargs, text as read_text, to_json};
use crate::error::{call, invalid};
use crate::types::{b, q, qo, Customer};
use crate::workspace::PyWorkspace;
use chrono::{DateTime, Utc};
use orderlink as core;
use pyo3::prelude::*;
use pyo3::types::PyDict;

fn customer(inner: core::Customer) -> Customer {
    Customer { inner }
}

/// The customer and the address an address call is about.
fn address_ids(
    customer_id: &Bound<'_, PyAny>,
    address_id: &Bound<'_, PyAny>,
) -> PyResult<(core::CustomerId, core::AddressId)> {
    Ok((id(customer_id, "customer_id")?, id(address_id, "address_id")?))
}

#[pymethods]
impl PyWorkspace {
    /// Adds a tag to a customer (trimmed, at most 50 characters; a tag it already has, in any
    /// case, is not added twice) and returns the customer. Tags stay local under contacts sync.
    ///
    /// >>> ws.add_tag(deli.id, "VIP").tags
    /// ['VIP']
    /// >>> [c.name for c in ws.list_customers(tag="vip")]
    /// ['Corner Deli']
    fn add_tag(&self, customer_id: &Bound<'_, PyAny>, tag: &Bound<'_, PyAny>) -> PyResult<Customer> {
        let id = id(customer_id, "customer_id")?;
        let tag = read_text(tag, "tag")?;
        Ok(customer(call(|| self.inner.add_tag(id, &tag))?))
    }

    /// Removes a tag (compared without case) and returns the customer; a tag it does not have
    /// changes nothing.
    fn remove_tag(&self, customer_id: &Bound<'_, PyAny>, tag: &Bound<'_, PyAny>) -> PyResult<Customer> {
        let id = id(customer_id, "customer_id")?;
        let tag = read_text(tag, "tag")?;
        Ok(customer(call(|| self.inner.remove_tag(id, &tag))?))
    }

    /// Adds a note to a customer, by ``author``, at the workspace clock's time. Blank text or
    /// author raise ValidationError ``INVALID_ARGUMENT``.
    ///
    /// >>> note = ws.add_note(deli.id, "sam@harbour", "Deliveries before 7am")
    /// >>> note.author, note.edited_at
    /// ('sam@harbour', None)
    fn add_note(
        &self,
        customer_id: &Bound<'_, PyAny>,
        author: &Bound<'_, PyAny>,
        text: &Bound<'_, PyAny>,
    ) -> PyResult<Note> {
        let id = id(customer_id, "customer_id")?;
        let (author, body) = (read_text(author, "author")?, read_text(text, "text")?);
        Ok(Note { inner: call(|| self.inner.add_note(id, &author, &body))? })
    }

    /// Changes a note's text, only within 5 minutes of it being added; after that
    /// ConflictError ``NOTE_EDIT_WINDOW_CLOSED`` (add a new note instead).
    fn edit_note(&self, note_id: &Bound<'_, PyAny>, text: &Bound<'_, PyAny>) -> PyResult<Note> {
        let id = id(note_id, "note_id")?;
        let text = read_text(text, "text")?;
        Ok(Note { inner: call(|| self.inner.edit_note(id, &text))? })
    }

    /// A customer's notes, newest first.
    fn notes(&self, customer_id: &Bound<'_, PyAny>) -> PyResult<Vec<Note>> {
        let customer_id = id(customer_id, "customer_id")?;
        let notes = call(|| self.inner.notes(customer_id))?;
        Ok(notes.into_iter().map(|inner| Note { inner }).collect())
    }

    /// Adds an address and returns it. ``line1`` is required; the other fields are optional
    /// text. The first address is the default for billing and shipping; a later one becomes a
    /// default when ``default_billing`` / ``default_shipping`` is True. At most 50 per customer.
    ///
    /// >>> a = ws.add_address(deli.id, "12 Pier St", city="Fremantle")
    /// >>> a.default_billing, a.default_shipping
    /// (True, True)
    /// >>> [c.name for c in ws.list_customers(address="fremantle")]
    /// ['Corner Deli']
    #[pyo3(
        signature = (customer_id, line1, *, label=None, line2=None, city=None, region=None, postal_code=None,
                     country=None, default_billing=None, default_shipping=None),
        text_signature = "(self, customer_id, line1, *, label=None, line2=None, city=None, region=None, \
                          postal_code=None, country=None, default_billing=False, default_shipping=False)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn add_address(
        &self,
        customer_id: &Bound<'_, PyAny>,
        line1: &Bound<'_, PyAny>,
        label: Option<&Bound<'_, PyAny>>,
        line2: Option<&Bound<'_, PyAny>>,
        city: Option<&Bound<'_, PyAny>>,
        region: Option<&Bound<'_, PyAny>>,
        postal_code: Option<&Bound<'_, PyAny>>,
        country: Option<&Bound<'_, PyAny>>,
        default_billing: Option<&Bound<'_, PyAny>>,
        default_shipping: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Address> {
        const WHAT: &str = "address";
        let id = id(customer_id, "customer_id")?;
        let mut fields = given_json(
            &[
                ("label", label),
                ("line2", line2),
                ("city", city),
                ("region", region),
                ("postal_code", postal_code),
                ("country", country),
                ("default_billing", default_billing),
                ("default_shipping", default_shipping),
            ],
            WHAT,
        )?;
        fields.insert("line1".into(), to_json(line1, WHAT, "line1")?);
        let input: core::NewAddress = from_dict(WHAT, &core::NewAddress::line("sample"), fields)?;
        Ok(Address { inner: call(|| self.inner.add_address(id, input))? })
    }

    /// Changes an address's fields by keyword (the names of :meth:`add_address`, less the
    /// defaults); None clears an optional field, a keyword left out is kept. NotFoundError
    /// ``ADDRESS_NOT_FOUND`` if the customer has no such address.
    #[pyo3(signature = (customer_id, address_id, **changes))]
    fn update_address(
        &self,
        customer_id: &Bound<'_, PyAny>,
        address_id: &Bound<'_, PyAny>,
        changes: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Address> {
        const WHAT: &str = "address update";
        let (customer, address) = address_ids(customer_id, address_id)?;
        let patch: core::AddressPatch = patch_from_kwargs(WHAT, kwargs_json(changes, WHAT)?)?;
        Ok(Address { inner: call(|| self.inner.update_address(customer, address, patch))? })
    }

    /// Removes an address. A default it was passes to the oldest address left.
    fn remove_address(&self, customer_id: &Bound<'_, PyAny>, address_id: &Bound<'_, PyAny>) -> PyResult<()> {
        let (customer, address) = address_ids(customer_id, address_id)?;
        call(|| self.inner.remove_address(customer, address))
    }

    /// Makes an address the customer's default for ``kind``, ``"billing"`` or ``"shipping"``
    /// (the previous default stops being it), and returns it.
    fn set_default_address(
        &self,
        customer_id: &Bound<'_, PyAny>,
        address_id: &Bound<'_, PyAny>,
        kind: &Bound<'_, PyAny>,
    ) -> PyResult<Address> {
        let (customer, address) = address_ids(customer_id, address_id)?;
        let kind: core::AddressKind = serde_json::from_value(serde_json::Value::String(read_text(kind, "kind")?))
            .map_err(|_| invalid("kind", "expected 'billing' or 'shipping'"))?;
        Ok(Address { inner: call(|| self.inner.set_default_address(customer, address, kind))? })
    }

    /// A customer's addresses, oldest first.
    fn addresses(&self, customer_id: &Bound<'_, PyAny>) -> PyResult<Vec<Address>> {
        let customer_id = id(customer_id, "customer_id")?;
        let found = call(|| self.inner.addresses(customer_id))?;
        Ok(found.into_iter().map(|inner| Address { inner }).collect())
    }
}

#[pymethods]
impl Customer {
    /// ``"lead"`` until the customer has placed an order (drafts do not count), then
    /// ``"customer"``.
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind().as_str()
    }
    /// How many of its orders are drafts.
    #[getter]
    fn drafts(&self) -> u64 {
        self.inner.stats.drafts
    }
    /// Its addresses, oldest first.
    #[getter]
    fn addresses(&self) -> Vec<Address> {
        self.inner.addresses.iter().cloned().map(|inner| Address { inner }).collect()
    }
}

/// A note on a customer. Editable (``Workspace.edit_note``) until ``editable_until``.
#[pyclass(frozen, eq, name = "Note", module = "orderlink")]
#[derive(PartialEq)]
pub struct Note {
    pub inner: core::Note,
}

#[pymethods]
impl Note {
    /// The note's id.
    #[getter]
    fn id(&self) -> uuid::Uuid {
        self.inner.id.0
    }
    /// The customer it is on.
    #[getter]
    fn customer_id(&self) -> uuid::Uuid {
        self.inner.customer_id.0
    }
    /// Who wrote it.
    #[getter]
    fn author(&self) -> &str {
        &self.inner.author
    }
    /// The note, trimmed.
    #[getter]
    fn text(&self) -> &str {
        &self.inner.text
    }
    /// When it was added (aware UTC ``datetime``).
    #[getter]
    fn created_at(&self) -> DateTime<Utc> {
        self.inner.created_at
    }
    /// When it was last edited, or None.
    #[getter]
    fn edited_at(&self) -> Option<DateTime<Utc>> {
        self.inner.edited_at
    }
    /// The moment it stops being editable: 5 minutes after it was added.
    #[getter]
    fn editable_until(&self) -> DateTime<Utc> {
        self.inner.editable_until()
    }
    fn __repr__(&self) -> String {
        format!("Note(author={}, text={})", q(&self.inner.author), q(&self.inner.text))
    }
}

/// One of a customer's addresses.
#[pyclass(frozen, eq, name = "Address", module = "orderlink")]
#[derive(PartialEq)]
pub struct Address {
    pub inner: core::Address,
}

#[pymethods]
impl Address {
    /// The address's id.
    #[getter]
    fn id(&self) -> uuid::Uuid {
        self.inner.id.0
    }
    /// A name people know it by ("Head office"), or None.
    #[getter]
    fn label(&self) -> Option<&str> {
        self.inner.label.as_deref()
    }
    /// The first line.
    #[getter]
    fn line1(&self) -> &str {
        &self.inner.line1
    }
    /// The second line, or None.
    #[getter]
    fn line2(&self) -> Option<&str> {
        self.inner.line2.as_deref()
    }
    /// The city, or None.
    #[getter]
    fn city(&self) -> Option<&str> {
        self.inner.city.as_deref()
    }
    /// The region or state, or None.
    #[getter]
    fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }
    /// The postal code, or None.
    #[getter]
    fn postal_code(&self) -> Option<&str> {
        self.inner.postal_code.as_deref()
    }
    /// The country, or None.
    #[getter]
    fn country(&self) -> Option<&str> {
        self.inner.country.as_deref()
    }
    /// Whether it is the customer's default billing address.
    #[getter]
    fn default_billing(&self) -> bool {
        self.inner.default_billing
    }
    /// Whether it is the customer's default shipping address.
    #[getter]
    fn default_shipping(&self) -> bool {
        self.inner.default_shipping
    }
    fn __repr__(&self) -> String {
        format!(
            "Address(line1={}, city={}, default_billing={}, default_shipping={})",
            q(&self.inner.line1),
            qo(self.inner.city.as_deref()),
            b(self.inner.default_billing),
            b(self.inner.default_shipping)
        )
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Note>()?;
    m.add_class::<Address>()?;
    Ok(())
}
