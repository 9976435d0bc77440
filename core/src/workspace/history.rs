//! The workspace's entry points for history (moved from `crate::history`, which keeps the rules).

use crate::error::Result;
#[allow(unused_imports)]
use crate::history::*;
use crate::ids::CustomerId;
use crate::orders::OrderOwner;
use crate::workspace::Workspace;

impl Workspace {
    /// H1, H2: one page (from 1) of a customer's past orders, newest first, 10 to a page, with
    /// drafts listed but not selectable; and up to 50 products it ordered before, each with
    /// when it was last ordered, how many orders had it, the last quantity, the customer's
    /// price now for that quantity beside the last price paid (PR8), and whether it can be
    /// ordered again (PR1's price resolution decides "no
    /// price"). Page 0 is refused with `INVALID_ARGUMENT`.
    ///
    /// ```
    /// use orderlink::*;
    /// use rust_decimal::Decimal;
    /// let ws = Workspace::in_memory(NewWorkspace::named("Harbour Foods")).unwrap();
    /// ws.upsert_products(vec![Product::new("EGGS-12", "Eggs", Some(Decimal::new(700, 2)))]).unwrap();
    /// let c = ws.create_customer(NewCustomer::named("Pier Seafood")).unwrap();
    /// let line = OrderLine::new("EGGS-12", Decimal::from(3));
    /// let order = NewOrder { lines: vec![line], ..NewOrder::new("SO-1", Decimal::new(2100, 2)) };
    /// ws.intake_order(&ws.link_url(c.id).unwrap(), None, order).unwrap();
    /// let h = ws.order_history(c.id, 1).unwrap();
    /// assert_eq!((h.orders.len(), h.products[0].times_ordered), (1, 1));
    /// assert!(h.products[0].availability.is_available());
    /// assert_eq!(h.products[0].last_price_paid, Some(Decimal::new(700, 2)), "PR8: frozen at intake");
    /// ```
    pub fn order_history(&self, customer_id: CustomerId, page: usize) -> Result<OrderHistory> {
        let customer = self.get_customer(customer_id)?;
        let orders = self.store.orders_of(OrderOwner::Customer(customer_id))?;
        let book = self.store.price_book()?;
        history(orders, page, &book, customer.price_group.as_deref(), self.env.clock.now())
    }
}
