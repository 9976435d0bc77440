//! I2: matching a file's header row to customer fields.

use super::mapping::ColumnMapping;
use super::{ImportIssue, IssueCode};
use crate::customer::{CustomerField, CODE_MAX_LEN, CONTACT_MAX_LEN, PHONE_MAX_LEN, PRICE_GROUP_MAX_LEN};
use serde::{Deserialize, Serialize};

/// A customer field an import column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportField {
    /// C1: Name (also "Customer Name"); the one column a file must have.
    Name,
    /// C2: Code (also "Customer Code").
    Code,
    /// C3: Email (also "Email Address").
    Email,
    /// Phone (also "Phone Number").
    Phone,
    /// Contact (also "Contact Person").
    Contact,
    /// A1: Active, a yes/no cell.
    Active,
    /// A1: Order Web Blocked, a yes/no cell.
    OrderWebBlocked,
    /// PR1: Price Group, by name.
    PriceGroup,
    /// I8: Record ID, the customer's id as export writes it; a row is matched by it first.
    RecordId,
}

impl ImportField {
    /// Every field, in export column order.
    pub const ALL: [ImportField; 9] = [
        ImportField::Name,
        ImportField::Code,
        ImportField::Email,
        ImportField::Phone,
        ImportField::Contact,
        ImportField::Active,
        ImportField::OrderWebBlocked,
        ImportField::PriceGroup,
        ImportField::RecordId,
    ];

    /// The header export writes (E1), which import reads back.
    pub fn header(self) -> &'static str {
        match self {
            ImportField::Name => "Customer Name",
            ImportField::Code => "Customer Code",
            ImportField::Email => "Email Address",
            ImportField::Phone => "Phone Number",
            ImportField::Contact => "Contact Person",
            ImportField::Active => "Active",
            ImportField::OrderWebBlocked => "Order Web Blocked",
            ImportField::PriceGroup => "Price Group",
            ImportField::RecordId => "Record ID",
        }
    }

    /// I2: the headers that mean this field, in [`header_key`] form.
    pub(crate) fn aliases(self) -> &'static [&'static str] {
        match self {
            ImportField::Name => &["customername", "name", "businessname", "companyname", "company"],
            ImportField::Code => &["customercode", "code", "accountcode", "customerid"],
            ImportField::Email => &["emailaddress", "email", "emailaddr"],
            ImportField::Phone => &["phonenumber", "phone", "telephone", "tel"],
            ImportField::Contact => &["contactperson", "contact", "contactname"],
            ImportField::Active => &["active", "isactive"],
            ImportField::OrderWebBlocked => &["orderwebblocked", "webblocked", "blocked"],
            ImportField::PriceGroup => &["pricegroup", "pricinggroup"],
            ImportField::RecordId => &["recordid"],
        }
    }

    /// I2: the field a header means by its name or an alias, if any.
    pub fn for_header(header: &str) -> Option<ImportField> {
        let key = header_key(header);
        ImportField::ALL.into_iter().find(|f| f.aliases().contains(&key.as_str()))
    }

    /// The customer field it fills (`None` for [`ImportField::RecordId`], which matches a row
    /// to its customer and fills nothing).
    pub fn customer_field(self) -> Option<CustomerField> {
        Some(match self {
            ImportField::Name => CustomerField::Name,
            ImportField::Code => CustomerField::Code,
            ImportField::Email => CustomerField::Email,
            ImportField::Phone => CustomerField::Phone,
            ImportField::Contact => CustomerField::Contact,
            ImportField::Active => CustomerField::Active,
            ImportField::OrderWebBlocked => CustomerField::OrderWebBlocked,
            ImportField::PriceGroup => CustomerField::PriceGroup,
            ImportField::RecordId => return None,
        })
    }

    /// The longest text the column takes, for `CELL_TOO_LONG` (name and email have their own
    /// codes and limits).
    pub(crate) fn max_len(self) -> Option<usize> {
        match self {
            ImportField::Code => Some(CODE_MAX_LEN),
            ImportField::Phone => Some(PHONE_MAX_LEN),
            ImportField::Contact => Some(CONTACT_MAX_LEN),
            ImportField::PriceGroup => Some(PRICE_GROUP_MAX_LEN),
            _ => None,
        }
    }

    /// The field's name as every language spells it.
    pub fn as_str(self) -> &'static str {
        self.customer_field().map_or("record_id", CustomerField::as_str)
    }
}

/// I2: a header compared without case, spacing or punctuation ("E-mail  Address" → "emailaddress").
pub fn header_key(header: &str) -> String {
    header.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The matched columns of a file: for each field, the index of its column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Columns {
    pub index: [Option<usize>; ImportField::ALL.len()],
    pub headers: Vec<String>,
}

impl Columns {
    pub fn of(&self, field: ImportField) -> Option<usize> {
        self.index[field as usize]
    }

    pub fn header(&self, field: ImportField) -> &str {
        self.of(field).and_then(|i| self.headers.get(i)).map_or(field.header(), String::as_str)
    }

    /// I2, I7: matches a header row, by `mapping` first when one is given, then by the
    /// fields' names and aliases. Unknown columns are warnings (not for columns the mapping
    /// leaves out); a missing Name column or two columns for one field are file-level errors.
    pub fn match_headers(
        headers: Vec<String>,
        mapping: Option<&ColumnMapping>,
        issues: &mut Vec<ImportIssue>,
    ) -> (Columns, Vec<Option<ImportField>>) {
        let mut columns = Columns { index: [None; ImportField::ALL.len()], headers };
        let mut fields = Vec::with_capacity(columns.headers.len());
        for (i, header) in columns.headers.iter().enumerate() {
            let key = header_key(header);
            let mapped = mapping.and_then(|m| m.field_for(header));
            let field = mapped.unwrap_or_else(|| ImportField::for_header(header));
            fields.push(field);
            match field {
                None if key.is_empty() || mapped.is_some() => {}
                None => issues.push(
                    ImportIssue::new(
                        IssueCode::HeaderUnknown,
                        None,
                        format!("column '{}' is not a customer field and is not imported", header.trim()),
                    )
                    .at(header, header),
                ),
                Some(f) => match columns.index[f as usize] {
                    Some(first) => issues.push(
                        ImportIssue::new(
                            IssueCode::HeaderDuplicate,
                            None,
                            format!(
                                "columns '{}' and '{}' both mean {}; keep one",
                                columns.headers[first].trim(),
                                header.trim(),
                                f.header()
                            ),
                        )
                        .at(header, header),
                    ),
                    None => columns.index[f as usize] = Some(i),
                },
            }
        }
        if columns.of(ImportField::Name).is_none() {
            issues.push(ImportIssue::new(
                IssueCode::HeaderMissing,
                None,
                "there is no Customer Name column; the first row must be the headers, such as Customer Name, \
                 Customer Code, Email Address",
            ));
        }
        (columns, fields)
    }
}
