//! The workspace's entry points for tags (moved from `crate::tags`, which keeps the rules).

use crate::customer::{code_key, validate_tags, validate_text, Customer, TAG_MAX_LEN};
use crate::error::{Error, Result};
use crate::ids::CustomerId;
#[allow(unused_imports)]
use crate::tags::*;
use crate::workspace::Workspace;

impl Workspace {
    /// Adds a tag to a customer (trimmed, at most 50 characters). A tag it already has, in any
    /// case, is not added twice. A concurrent edit of the customer is not lost.
    ///
    /// ```
    /// use orderlink::*;
    /// let ws = Workspace::in_memory(NewWorkspace::named("Harbour Foods")).unwrap();
    /// let c = ws.create_customer(NewCustomer::named("Pier Seafood")).unwrap();
    /// ws.add_tag(c.id, "VIP").unwrap();
    /// assert_eq!(ws.add_tag(c.id, " vip ").unwrap().tags, vec!["VIP"]);
    /// ```
    pub fn add_tag(&self, customer_id: CustomerId, tag: &str) -> Result<Customer> {
        let tag = validate_text("tag", Some(tag), TAG_MAX_LEN)?
            .ok_or_else(|| Error::invalid("tag", "a tag cannot be blank"))?;
        self.change_customer(customer_id, |c| {
            let mut tags = c.tags.clone();
            tags.push(tag.clone());
            Ok(Customer { tags: validate_tags(&tags)?, ..c.clone() })
        })
    }

    /// Removes a tag from a customer, compared without case. Removing a tag the customer does
    /// not have changes nothing.
    pub fn remove_tag(&self, customer_id: CustomerId, tag: &str) -> Result<Customer> {
        let key = code_key(tag);
        self.change_customer(customer_id, |c| {
            Ok(Customer { tags: c.tags.iter().filter(|t| code_key(t) != key).cloned().collect(), ..c.clone() })
        })
    }
}
