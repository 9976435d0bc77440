//! Contacts sync (S1–S3): what an external customer master locks, and the one path that may
//! change the locked fields.

use crate::customer::{Customer, CustomerField, ValidFields};
use crate::error::{Error, Result};
use crate::ids::CustomerId;
use crate::settings::ContactsSync;
use serde::{Deserialize, Serialize};

/// One contact from the external system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncRecord {
    /// S3: the contact's id in the external system; customers are matched by it, and it must
    /// appear once per batch.
    pub external_id: String,
    /// C1: the contact's name (locked for local edits while sync is active, S1).
    pub name: String,
    /// C2: the contact's code, unique in the workspace without case.
    #[serde(default)]
    pub code: Option<String>,
    /// C3: the contact's email, a valid address when present.
    #[serde(default)]
    pub email: Option<String>,
    /// The contact's phone: new customers take it; existing ones only when the phone is mapped
    /// (S1).
    #[serde(default)]
    pub phone: Option<String>,
    /// The contact person, written on new customers only (it stays a local field).
    #[serde(default)]
    pub contact: Option<String>,
    /// A1: whether the customer is active (default `true`).
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

impl SyncRecord {
    /// An active contact with only an external id and a name.
    ///
    /// ```
    /// let r = orderlink::SyncRecord { code: Some("C-9".into()), ..orderlink::SyncRecord::new("xero-1", "Pier Seafood") };
    /// assert!(r.active);
    /// ```
    pub fn new(external_id: impl Into<String>, name: impl Into<String>) -> Self {
        SyncRecord {
            external_id: external_id.into(),
            name: name.into(),
            code: None,
            email: None,
            phone: None,
            contact: None,
            active: true,
        }
    }
}

/// What a sync batch did, by customer id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// Customers the batch created (with new link codes, L1), in batch order.
    pub created: Vec<CustomerId>,
    /// Customers whose synced fields changed.
    pub updated: Vec<CustomerId>,
    /// Customers the batch matched with nothing to change.
    pub unchanged: Vec<CustomerId>,
}

/// S1: the fields local edits may not change while sync is active.
pub fn locked_fields(sync: &ContactsSync) -> Vec<CustomerField> {
    if !sync.is_active() {
        return Vec::new();
    }
    let mut locked = vec![CustomerField::Name, CustomerField::Code, CustomerField::Email, CustomerField::Active];
    if sync.phone_mapped {
        locked.push(CustomerField::Phone);
    }
    locked
}

/// S1: the fields of `customer` that may be edited locally now. order_web_blocked is editable
/// only while the customer is active, whether or not sync is on.
pub fn editable_fields(sync: &ContactsSync, customer: &Customer) -> Vec<CustomerField> {
    let locked = locked_fields(sync);
    CustomerField::ALL
        .into_iter()
        .filter(|f| !locked.contains(f))
        .filter(|f| *f != CustomerField::OrderWebBlocked || customer.active)
        .collect()
}

/// S3: the validated external record as a customer's synced fields.
pub(crate) fn validate_record(record: &SyncRecord) -> Result<(String, ValidFields)> {
    let external_id = record.external_id.trim().to_owned();
    let wrap = |e: Error| Error::SyncRecordInvalid { external_id: external_id.clone(), source: Box::new(e) };
    if external_id.is_empty() {
        return Err(wrap(Error::invalid("external_id", "every sync record needs an external id")));
    }
    crate::text::check("external_id", &external_id, crate::text::Lines::Single).map_err(wrap)?;
    let fields = ValidFields::validate(
        &record.name,
        record.code.as_deref(),
        record.email.as_deref(),
        record.phone.as_deref(),
        record.contact.as_deref(),
    )
    .map_err(wrap)?;
    Ok((external_id, fields))
}

/// S3: an existing customer with the synced fields applied. Phone is taken from the external
/// system only when it is mapped there; contact and order_web_blocked stay local.
pub(crate) fn merge(current: &Customer, fields: &ValidFields, active: bool, sync: &ContactsSync) -> Customer {
    let mut next = current.clone();
    next.name = fields.name.clone();
    next.code = fields.code.clone();
    next.email = fields.email.clone();
    next.active = active;
    if sync.phone_mapped {
        next.phone = fields.phone.clone();
    }
    next
}
