//! The workspace's entry points for addresses (moved from `crate::addresses`, which keeps the rules).

#[allow(unused_imports)]
use crate::addresses::*;
use crate::customer::Customer;
use crate::error::Result;
use crate::ids::{AddressId, CustomerId};
use crate::workspace::Workspace;

impl Workspace {
    /// Adds an address to a customer and returns it (with its new id). The first address is
    /// the default for billing and shipping; a later one becomes a default when `input` asks.
    ///
    /// ```
    /// use orderlink::*;
    /// let ws = Workspace::in_memory(NewWorkspace::named("Harbour Foods")).unwrap();
    /// let c = ws.create_customer(NewCustomer::named("Pier Seafood")).unwrap();
    /// let a = ws.add_address(c.id, NewAddress::line("12 Pier St")).unwrap();
    /// assert!(a.default_billing && a.default_shipping);
    /// ```
    pub fn add_address(&self, customer_id: CustomerId, input: NewAddress) -> Result<Address> {
        let id = AddressId::random(self.env.random.as_ref());
        let saved = self.change_customer(customer_id, |c| {
            Ok(Customer { addresses: add(&c.addresses, &input, id)?, ..c.clone() })
        })?;
        find(&saved, id)
    }

    /// Changes the fields of one of a customer's addresses (`ADDRESS_NOT_FOUND` if it has no
    /// such address) and returns it.
    pub fn update_address(
        &self,
        customer_id: CustomerId,
        address_id: AddressId,
        patch: AddressPatch,
    ) -> Result<Address> {
        let saved = self.change_customer(customer_id, |c| {
            Ok(Customer { addresses: update(&c.addresses, address_id, &patch)?, ..c.clone() })
        })?;
        find(&saved, address_id)
    }

    /// Removes one of a customer's addresses. A default it was passes to the oldest address
    /// left, so a customer with addresses always has both defaults.
    pub fn remove_address(&self, customer_id: CustomerId, address_id: AddressId) -> Result<()> {
        self.change_customer(customer_id, |c| {
            Ok(Customer { addresses: remove(&c.addresses, address_id)?, ..c.clone() })
        })?;
        Ok(())
    }

    /// Makes one of a customer's addresses its default for billing or shipping, and returns it.
    pub fn set_default_address(
        &self,
        customer_id: CustomerId,
        address_id: AddressId,
        kind: AddressKind,
    ) -> Result<Address> {
        let saved = self.change_customer(customer_id, |c| {
            Ok(Customer { addresses: set_default(&c.addresses, address_id, kind)?, ..c.clone() })
        })?;
        find(&saved, address_id)
    }

    /// A customer's addresses, oldest first.
    pub fn addresses(&self, customer_id: CustomerId) -> Result<Vec<Address>> {
        Ok(self.get_customer(customer_id)?.addresses)
    }
}
