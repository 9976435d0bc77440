//! I9: what a confirmed import did, row by row, and how undoing it is decided. Values only:
//! a store runs [`plan_undo`] inside its one atomic undo call.

use crate::customer::{Customer, CustomerField};
use crate::email::Email;
use crate::ids::{CustomerId, ImportBatchId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// I9: a field's value as an import changed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FieldValue {
    /// A yes/no field (Active, Order Web Blocked).
    Flag(bool),
    /// A text field; `None` when absent.
    Text(Option<String>),
}

impl FieldValue {
    /// The value of `field` on `c` (the fields an import fills; others read as absent text).
    pub fn of(c: &Customer, field: CustomerField) -> FieldValue {
        let text = |v: &Option<String>| FieldValue::Text(v.clone());
        match field {
            CustomerField::Name => FieldValue::Text(Some(c.name.clone())),
            CustomerField::Code => text(&c.code),
            CustomerField::Email => FieldValue::Text(c.email.as_ref().map(|e| e.as_str().to_owned())),
            CustomerField::Phone => text(&c.phone),
            CustomerField::Contact => text(&c.contact),
            CustomerField::Active => FieldValue::Flag(c.active),
            CustomerField::OrderWebBlocked => FieldValue::Flag(c.order_web_blocked),
            CustomerField::PriceGroup => text(&c.price_group),
            _ => FieldValue::Text(None),
        }
    }

    /// Sets `field` on `c` to this value; `false` when the value does not fit the field (it
    /// is then left as it was).
    fn set(&self, c: &mut Customer, field: CustomerField) -> bool {
        match (field, self) {
            (CustomerField::Name, FieldValue::Text(Some(v))) => c.name = v.clone(),
            (CustomerField::Code, FieldValue::Text(v)) => c.code = v.clone(),
            (CustomerField::Email, FieldValue::Text(None)) => c.email = None,
            (CustomerField::Email, FieldValue::Text(Some(v))) => match Email::parse(v) {
                Ok(e) => c.email = Some(e),
                Err(_) => return false,
            },
            (CustomerField::Phone, FieldValue::Text(v)) => c.phone = v.clone(),
            (CustomerField::Contact, FieldValue::Text(v)) => c.contact = v.clone(),
            (CustomerField::Active, FieldValue::Flag(v)) => c.active = *v,
            (CustomerField::OrderWebBlocked, FieldValue::Flag(v)) => c.order_web_blocked = *v,
            (CustomerField::PriceGroup, FieldValue::Text(v)) => c.price_group = v.clone(),
            _ => return false,
        }
        true
    }
}

/// I9: one field an import changed: its value before and the value the import wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field.
    pub field: CustomerField,
    /// Its value before the import.
    pub before: FieldValue,
    /// The value the import wrote.
    pub after: FieldValue,
}

/// I9: what one row of a confirmed import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum BatchRow {
    /// The row created a customer.
    Created {
        /// The row number the spreadsheet shows.
        row: u32,
        /// The customer it created.
        customer_id: CustomerId,
    },
    /// The row changed a customer's fields.
    Updated {
        /// The row number the spreadsheet shows.
        row: u32,
        /// The customer it changed.
        customer_id: CustomerId,
        /// Each changed field, with its prior value.
        changes: Vec<FieldChange>,
    },
}

impl BatchRow {
    /// The customer the row created or changed.
    pub fn customer_id(&self) -> CustomerId {
        match self {
            BatchRow::Created { customer_id, .. } | BatchRow::Updated { customer_id, .. } => *customer_id,
        }
    }
}

/// I9: a confirmed import as the store keeps it: every row that wrote something, and the undo
/// once there has been one (the audit of it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportBatch {
    /// The batch id `confirm_import` returned.
    pub id: ImportBatchId,
    /// When the import was confirmed.
    pub confirmed_at: DateTime<Utc>,
    /// The rows that created or changed a customer, in row order.
    pub rows: Vec<BatchRow>,
    /// The undo, once undone (a batch is undone at most once).
    pub undo: Option<UndoReport>,
}

/// I9: why undo left a customer (or some of its fields) as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeptReason {
    /// The import created it and it has orders now: kept.
    HasOrders,
    /// The fields were changed again after the import: kept as they are now.
    ChangedSince,
    /// The prior values cannot be put back: another customer now holds the code or the name
    /// (unique-names policy).
    Conflict,
    /// The customer is gone (deleted since): nothing to undo.
    Gone,
}

impl KeptReason {
    /// `"has_orders"`, `"changed_since"`, `"conflict"` or `"gone"`.
    pub fn as_str(self) -> &'static str {
        match self {
            KeptReason::HasOrders => "has_orders",
            KeptReason::ChangedSince => "changed_since",
            KeptReason::Conflict => "conflict",
            KeptReason::Gone => "gone",
        }
    }
}

/// I9: a customer undo left alone, wholly or in part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndoKept {
    /// The customer.
    pub customer_id: CustomerId,
    /// Why.
    pub reason: KeptReason,
    /// The fields kept as they are (empty for a created customer kept whole).
    pub fields: Vec<CustomerField>,
}

/// I9: what an undo did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndoReport {
    /// The batch undone.
    pub batch_id: ImportBatchId,
    /// When.
    pub undone_at: DateTime<Utc>,
    /// Customers the import created, now deleted.
    pub deleted: Vec<CustomerId>,
    /// Customers the import changed that got (some of) their prior values back.
    pub restored: Vec<CustomerId>,
    /// Customers (or fields) left as they are, and why.
    pub kept: Vec<UndoKept>,
}

/// I9: what a store must write to undo a batch, decided from the customers as they are now.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UndoPlan {
    /// Created customers to delete (they have no orders).
    pub delete: Vec<CustomerId>,
    /// Changed customers with their prior values back: the record to write and the version it
    /// replaces.
    pub restore: Vec<(Customer, u64)>,
    /// What is left alone, and why.
    pub kept: Vec<UndoKept>,
}

/// I9: the undo of `batch` against the customers as they are now (`current`), at `now`. A
/// created customer is deleted unless it has orders; a changed field gets its prior value back
/// unless its value is no longer the one the import wrote.
pub fn plan_undo(
    batch: &ImportBatch,
    current: &dyn Fn(CustomerId) -> Option<Customer>,
    now: DateTime<Utc>,
) -> UndoPlan {
    let mut plan = UndoPlan::default();
    let kept = |customer_id, reason, fields| UndoKept { customer_id, reason, fields };
    for row in &batch.rows {
        let id = row.customer_id();
        let Some(c) = current(id) else {
            plan.kept.push(kept(id, KeptReason::Gone, Vec::new()));
            continue;
        };
        match row {
            BatchRow::Created { .. } if c.stats.orders > 0 => {
                plan.kept.push(kept(id, KeptReason::HasOrders, Vec::new()))
            }
            BatchRow::Created { .. } => plan.delete.push(id),
            BatchRow::Updated { changes, .. } => {
                let mut next = c.clone();
                let (mut restored, mut since) = (false, Vec::new());
                for ch in changes {
                    if FieldValue::of(&c, ch.field) == ch.after && ch.before.set(&mut next, ch.field) {
                        restored = true;
                    } else {
                        since.push(ch.field);
                    }
                }
                if restored {
                    next.version = c.version + 1;
                    next.updated_at = now;
                    plan.restore.push((next, c.version));
                }
                if !since.is_empty() {
                    plan.kept.push(kept(id, KeptReason::ChangedSince, since));
                }
            }
        }
    }
    plan
}
