//! The workspace's entry points for import export (moved from `crate::import::export`, which keeps the rules).

use crate::error::{Error, Result};
#[allow(unused_imports)]
use crate::import::export::*;
use crate::listing::{CustomerQuery, MAX_PAGE_SIZE};
use crate::workspace::Workspace;

impl Workspace {
    /// E1, I8: every customer of the view (`query`'s filter, search, sort and viewer; its paging
    /// is ignored) as CSV with the import's headers, so an export re-imports as updates with no
    /// changes. Formula-like cells are neutralised. The last column, `Record ID`, is each
    /// customer's id, which import matches first (I8), so customers without a code re-import
    /// as updates too.
    ///
    /// ```
    /// use orderlink::{CustomerQuery, NewCustomer, NewWorkspace, Workspace};
    /// let ws = Workspace::in_memory(NewWorkspace::named("Acme")).unwrap();
    /// ws.create_customer(NewCustomer { code: Some("C1".into()), ..NewCustomer::named("=Deli") }).unwrap();
    /// let csv = String::from_utf8(ws.export_customers(&CustomerQuery::default()).unwrap()).unwrap();
    /// assert!(csv.starts_with("Customer Name,Customer Code,Email Address,Phone Number,Contact Person,Active,Order Web Blocked,Price Group,Record ID\r\n'=Deli,C1,"));
    /// ```
    pub fn export_customers(&self, query: &CustomerQuery) -> Result<Vec<u8>> {
        query.validate()?;
        let fail = |e: csv::Error| Error::invalid("export", e.to_string());
        // Exported fields are short (C1, field limits): the default buffer.
        let mut out = csv_writer(Vec::new(), 0);
        out.write_record(EXPORT_FIELDS.iter().map(|f| f.header())).map_err(fail)?;
        // Page through the whole view, so a store that pushes queries down serves it too.
        let mut page = CustomerQuery { offset: 0, limit: MAX_PAGE_SIZE, ..query.clone() };
        loop {
            let items = self.store().list_customers(&page)?.items;
            for c in &items {
                out.write_record(EXPORT_FIELDS.iter().map(|f| neutralise_cell(&cell(c, *f)).into_owned()))
                    .map_err(fail)?;
            }
            if items.len() < MAX_PAGE_SIZE {
                break;
            }
            page.offset += MAX_PAGE_SIZE;
        }
        out.into_inner().map_err(|e| Error::invalid("export", e.to_string()))
    }
}
