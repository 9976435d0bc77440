//! E1: export of the customer list as the import reads it.

use super::columns::ImportField;
use crate::customer::Customer;
use std::borrow::Cow;

/// The columns of an export, in order; their headers are [`ImportField::header`].
pub const EXPORT_FIELDS: [ImportField; 9] = ImportField::ALL;

/// E1: a cell a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return) gets a leading apostrophe; import takes it off again. A cell that
/// begins with apostrophes before one of those characters gets one more, so that taking one
/// off gives it back whole (I8: the apostrophe round trip).
///
/// ```
/// use orderlink::import::neutralise_cell;
/// assert_eq!(neutralise_cell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
/// assert_eq!(neutralise_cell("+61 2 9999 0000"), "'+61 2 9999 0000");
/// assert_eq!(neutralise_cell("Corner Deli"), "Corner Deli");
/// assert_eq!(neutralise_cell("'=Deli"), "''=Deli");
/// assert_eq!(neutralise_cell("''+Deli"), "'''+Deli");
/// assert_eq!(neutralise_cell("'Deli"), "'Deli");
/// ```
pub fn neutralise_cell(cell: &str) -> Cow<'_, str> {
    if cell.trim_start_matches('\'').starts_with(FORMULA_START) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// E1: what a cell a spreadsheet would run as a formula starts with.
pub(crate) const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A CSV writer for cells of at most `longest` bytes. csv_core quotes a field by searching the
/// rest of it for each buffer it fills, so a field much longer than the buffer costs its length
/// squared (a 19 MB cell took 44 s); a buffer that holds the longest field quoted (every byte a
/// doubled quote at worst) writes each field in one pass.
pub(crate) fn csv_writer<W: std::io::Write>(w: W, longest: usize) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .buffer_capacity(longest.saturating_mul(2).saturating_add(3).max(8 * 1024))
        .from_writer(w)
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "Yes"
    } else {
        "No"
    }
}

/// A customer's cell in an export column.
pub(crate) fn cell(c: &Customer, field: ImportField) -> Cow<'_, str> {
    Cow::Borrowed(match field {
        ImportField::RecordId => return Cow::Owned(c.id.to_string()),
        ImportField::Name => &c.name,
        ImportField::Code => c.code.as_deref().unwrap_or(""),
        ImportField::Email => c.email.as_ref().map_or("", |e| e.as_str()),
        ImportField::Phone => c.phone.as_deref().unwrap_or(""),
        ImportField::Contact => c.contact.as_deref().unwrap_or(""),
        ImportField::Active => yes_no(c.active),
        ImportField::OrderWebBlocked => yes_no(c.order_web_blocked),
        ImportField::PriceGroup => c.price_group.as_deref().unwrap_or(""),
    })
}
