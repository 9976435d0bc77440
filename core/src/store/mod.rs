//! Storage behind one trait.
//!
//! The core makes every decision (validation, normalisation, access, which fields change); a
//! store keeps records and enforces the invariants a database would enforce with unique
//! indexes and transactions. Each method is one atomic unit: a SQL store makes each call one
//! transaction, and nothing a call refuses is half-written.
//!
//! The conformance suite in [`crate::conformance`] runs the same behavioural tests against any
//! store; every store should pass it unchanged.

mod customer_index;
mod memory;

pub use memory::{MemoryStore, MemoryWorkspace};

use crate::activity::ActivityEvent;
use crate::customer::Customer;
use crate::error::Result;
use crate::ids::{ChallengeId, CustomerId, ImportBatchId, NoteId, OrderId, PendingId, WorkspaceId};
use crate::import::{ImportBatch, SavedMapping, UndoReport};
use crate::link::LinkCode;
use crate::listing::{CustomerQuery, Page};
use crate::messages::Delivery;
use crate::notes::Note;
use crate::orders::{OrderOwner, OrderRef, OrderStatus};
use crate::pending::{AuditEntry, IntakeOutcome, Mapping, MatchKey, PendingBuyer, ReviewAction};
use crate::pricing::PriceBook;
use crate::settings::WorkspaceSettings;
use crate::verification::{Challenge, Lockout, RateLimit, SessionRecord, VerificationLock, VerificationLockEvent};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The uniqueness a write must respect, beyond what every store always enforces (unique ids,
/// link codes never reused, customer codes unique without case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uniqueness {
    /// C4: names unique after N1 normalisation.
    pub unique_names: bool,
    /// L1: customer link codes may not equal the workspace's code.
    pub workspace_code: LinkCode,
}

/// One customer write of an atomic batch (a contacts sync, an import confirm): the store
/// applies every write of the batch, or none.
#[derive(Debug, Clone, PartialEq)]
pub enum CustomerWrite {
    /// A new customer, as [`Store::insert_customer`] adds it: its code (C2), name under C4 and
    /// link code (L1) must be free, else the whole batch is refused.
    Insert(Customer),
    /// A change to an existing customer, as [`Store::replace_customer`] makes it.
    Update {
        /// The customer as it is to be stored, its version already bumped by the core. Its
        /// link code is unchanged (a rotation goes through [`Store::rotate_link`]).
        customer: Customer,
        /// The version the change was made from: a store refuses the whole batch with
        /// `StaleWrite` when the stored customer is at another version.
        expected_version: u64,
    },
}

/// L5: an audited rotation of a customer's link code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkRotation {
    /// The customer whose link was rotated.
    pub customer_id: CustomerId,
    /// The code retired by the rotation: it answers as unknown from then on, and is never reused.
    pub old_code: LinkCode,
    /// The code issued in its place.
    pub new_code: LinkCode,
    /// When the rotation happened.
    pub at: DateTime<Utc>,
    /// Who rotated it, as the caller names them.
    pub by: Option<String>,
    /// Why, as the caller gives it (e.g. "sent to the wrong address").
    pub reason: Option<String>,
}

/// What [`Store::price_reads`] reads together.
#[derive(Debug, Clone)]
pub struct PriceReads {
    /// The workspace settings, `None` in an empty store.
    pub settings: Option<WorkspaceSettings>,
    /// The customer asked for, `None` when none was asked for or it does not exist.
    pub customer: Option<Customer>,
    /// The current price book.
    pub book: Arc<PriceBook>,
}

/// W2: what a link code found anywhere in a store answers: the workspace that owns it (a handle
/// on it), and what opening the link reads first.
#[derive(Clone)]
pub struct FoundLink {
    /// The owning workspace's store handle.
    pub store: Arc<dyn Store>,
    /// The owning workspace's settings.
    pub settings: WorkspaceSettings,
    /// The customer whose current link code it is; `None` when it is the workspace's own code.
    pub customer: Option<Customer>,
}

impl std::fmt::Debug for FoundLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FoundLink")
            .field("workspace", &self.settings.id)
            .field("customer", &self.customer.as_ref().map(|c| c.id))
            .finish_non_exhaustive()
    }
}

// --- carts (CT1–CT5) ----------------------------------------------------------------------------

/// CT3, W2: a checkout code found anywhere in a store: the owning workspace (a handle on it),
/// its settings, the cart the code opens and the cart's customer, read together.
#[derive(Clone)]
pub struct FoundCheckout {
    /// The owning workspace's store handle.
    pub store: Arc<dyn Store>,
    /// The owning workspace's settings.
    pub settings: WorkspaceSettings,
    /// The head of the cart whose current checkout code it is (open or closed).
    pub cart: crate::carts::CartHead,
    /// The cart's customer.
    pub customer: Customer,
}

impl std::fmt::Debug for FoundCheckout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FoundCheckout")
            .field("workspace", &self.settings.id)
            .field("cart", &self.cart.id)
            .finish_non_exhaustive()
    }
}

/// What [`Store::intake_reads`] answers: the workspace's settings, the customer whose link the
/// code is (none for the workspace's own code or an unknown one) and the current price book.
pub type IntakeReads = (Option<WorkspaceSettings>, Option<Customer>, Arc<PriceBook>);

/// CT3, L4: what a code opens in one workspace, read together (see
/// [`Store::link_or_checkout`]): the workspace's settings, the customer whose order-link code it
/// is, or the cart whose current checkout code it is (its head) with that cart's customer.
pub type WorkspaceLinkTarget =
    (Option<WorkspaceSettings>, Option<Customer>, Option<(crate::carts::CartHead, Customer)>);

/// W2, CT3: any link a code found in a store can be: an order link (a customer's or a
/// workspace's, as [`PlatformStore::find_link`] answers) or a checkout link.
#[derive(Debug, Clone)]
// The order link, the common answer, stays unboxed: no allocation on the hot path.
#[allow(clippy::large_enum_variant)]
pub enum StoreLink {
    /// L4: a customer's or a workspace's order link.
    Order(FoundLink),
    /// CT3: a cart's checkout link (boxed: a cart is much larger than an order link's answer).
    Checkout(Box<FoundCheckout>),
}

/// W1, W2: a store that holds any number of workspaces and hands out a [`Store`] bound to each.
///
/// Link codes are one space across the store (W2): a code a customer or workspace of one
/// workspace holds, or once held, is never issued in another, and the store answers which
/// workspace a code belongs to without being told. Everything else is per workspace (W3).
/// The shipped stores ([`MemoryStore`], the SQLite and PostgreSQL stores) implement both
/// sides; an embedder's single-workspace [`Store`] can be served through
/// [`SingleWorkspace`].
pub trait PlatformStore: Send + Sync {
    /// W1: adds a workspace with these settings (its id and link code already chosen) and
    /// returns its handle. Refuses a link code used anywhere in the store (`LinkCodeTaken`;
    /// the caller draws another) and an id already used (`WorkspaceExists`).
    fn create_workspace(&self, settings: &WorkspaceSettings) -> Result<Arc<dyn Store>>;
    /// W1: the handle on one workspace, `None` when the store holds no workspace with that id.
    fn workspace(&self, id: WorkspaceId) -> Result<Option<Arc<dyn Store>>>;
    /// W1: every workspace's settings, oldest first.
    fn workspaces(&self) -> Result<Vec<WorkspaceSettings>>;
    /// W1: how many workspaces the store holds. The default counts [`PlatformStore::workspaces`].
    fn workspace_count(&self) -> Result<usize> {
        Ok(self.workspaces()?.len())
    }
    /// W2: the workspace and link a code belongs to, read together (a database store answers
    /// in one round trip); `None` for a code no workspace holds now (never issued, or retired
    /// by a rotation).
    fn find_link(&self, code: &LinkCode) -> Result<Option<FoundLink>>;
    /// W2, CT3: what [`PlatformStore::find_link`] answers, or the checkout link a code is, read
    /// together (one round trip on a database store). The default knows only order links: a
    /// store that keeps carts answers checkout codes too.
    fn find_any_link(&self, code: &LinkCode) -> Result<Option<StoreLink>> {
        Ok(self.find_link(code)?.map(StoreLink::Order))
    }
}

/// A single-workspace [`Store`] served as a [`PlatformStore`] holding at most one workspace:
/// how an embedder's own store (see docs/writing-a-store.md) works with
/// [`crate::Workspace::create`] and [`crate::Workspace::open`].
pub struct SingleWorkspace {
    store: Arc<dyn Store>,
}

impl SingleWorkspace {
    /// Serves `store`, empty or holding its one workspace.
    pub fn new(store: Arc<dyn Store>) -> Self {
        SingleWorkspace { store }
    }
}

impl std::fmt::Debug for SingleWorkspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SingleWorkspace").finish_non_exhaustive()
    }
}

impl PlatformStore for SingleWorkspace {
    fn create_workspace(&self, settings: &WorkspaceSettings) -> Result<Arc<dyn Store>> {
        if self.store.settings()?.is_some() {
            return Err(crate::Error::WorkspaceExists);
        }
        self.store.save_settings(settings)?;
        Ok(self.store.clone())
    }

    fn workspace(&self, id: WorkspaceId) -> Result<Option<Arc<dyn Store>>> {
        Ok(self.store.settings()?.filter(|s| s.id == id).map(|_| self.store.clone()))
    }

    fn workspaces(&self) -> Result<Vec<WorkspaceSettings>> {
        Ok(self.store.settings()?.into_iter().collect())
    }

    fn find_link(&self, code: &LinkCode) -> Result<Option<FoundLink>> {
        let (settings, customer) = self.store.link_target(code)?;
        Ok(match settings {
            Some(settings) if customer.is_some() || settings.link_code == *code => {
                Some(FoundLink { store: self.store.clone(), settings, customer })
            }
            _ => None,
        })
    }

    fn find_any_link(&self, code: &LinkCode) -> Result<Option<StoreLink>> {
        if let Some(found) = self.find_link(code)? {
            return Ok(Some(StoreLink::Order(found)));
        }
        let Some((cart, customer)) = self.store.checkout_target(code)? else { return Ok(None) };
        let Some(settings) = self.store.settings()? else { return Ok(None) };
        Ok(Some(StoreLink::Checkout(Box::new(FoundCheckout { store: self.store.clone(), settings, cart, customer }))))
    }
}

/// One workspace's data. Implementations must be safe to share between threads.
///
/// Conflicts are reported with the core's error variants: `CodeTaken`, `NameTaken`,
/// `LinkCodeTaken`, `StaleWrite`, `CustomerHasOrders`, `CustomerNotFound`, `RateLimited`;
/// backend failures with [`crate::Error::Store`].
pub trait Store: Send + Sync {
    /// The workspace settings, or `None` for an empty store.
    fn settings(&self) -> Result<Option<WorkspaceSettings>>;
    /// Writes the settings (creating them in an empty store).
    fn save_settings(&self, settings: &WorkspaceSettings) -> Result<()>;

    /// Adds a new customer. Refuses a taken code (C2), a taken name when `u.unique_names`
    /// (C4), and a link code in use, retired or equal to the workspace code (L1).
    fn insert_customer(&self, customer: &Customer, u: &Uniqueness) -> Result<()>;
    /// Replaces a customer whose stored version is `expected_version` (else `StaleWrite`),
    /// with the same uniqueness as insert, ignoring the record itself. The link code may not
    /// change here (see `rotate_link`).
    fn replace_customer(&self, customer: &Customer, expected_version: u64, u: &Uniqueness) -> Result<()>;
    /// C7: deletes a customer with no orders; refuses one with orders (`CustomerHasOrders`).
    /// The link code stays retired; the customer's notes go with it.
    fn delete_customer(&self, id: CustomerId) -> Result<()>;
    /// One customer by id.
    fn customer(&self, id: CustomerId) -> Result<Option<Customer>>;
    /// L4: the customer whose current link code is `code`.
    fn customer_by_link_code(&self, code: &LinkCode) -> Result<Option<Customer>>;
    /// L3, L4: the settings and the customer whose current link code is `code` (none when
    /// `code` is the workspace's own), read together: what opening a link or taking an order
    /// reads first. A database store answers in one round trip; the default asks
    /// [`Store::settings`] and [`Store::customer_by_link_code`].
    fn link_target(&self, code: &LinkCode) -> Result<(Option<WorkspaceSettings>, Option<Customer>)> {
        let settings = self.settings()?;
        if settings.as_ref().is_some_and(|s| s.link_code == *code) {
            return Ok((settings, None));
        }
        Ok((settings, self.customer_by_link_code(code)?))
    }
    /// P1, PR8: what taking an order reads before it writes, read together:
    /// [`Store::link_target`] and the price book the order's lines are frozen from. A database
    /// store answers in one round trip; the default asks [`Store::link_target`] and
    /// [`Store::price_book`].
    fn intake_reads(&self, code: &LinkCode) -> Result<IntakeReads> {
        let (settings, customer) = self.link_target(code)?;
        Ok((settings, customer, self.price_book()?))
    }
    /// S3: the customers with any of these external ids.
    fn customers_by_external_id(&self, external_ids: &[String]) -> Result<Vec<Customer>>;
    /// Every customer (for listing and export).
    fn all_customers(&self) -> Result<Vec<Customer>>;
    /// C5/C6. The default runs the core's listing over `all_customers`; a store may push the
    /// query down as long as the answer is the same (the conformance suite checks).
    fn list_customers(&self, query: &CustomerQuery) -> Result<Page<Customer>> {
        crate::listing::list(self.all_customers()?, query)
    }

    /// S3, I4: applies a batch of customer writes atomically: every insert and update, or none.
    fn write_customers(&self, writes: &[CustomerWrite], u: &Uniqueness) -> Result<()>;

    /// L5: gives a customer (at `expected_version`) a new link code, retires the old one and
    /// records the rotation, atomically. `customer` carries the new code and version.
    fn rotate_link(
        &self,
        customer: &Customer,
        expected_version: u64,
        rotation: &LinkRotation,
        u: &Uniqueness,
    ) -> Result<()>;
    /// L5: a customer's rotations, oldest first.
    fn link_rotations(&self, id: CustomerId) -> Result<Vec<LinkRotation>>;

    /// A3: stores a new challenge unless the customer already had `limit.max` challenges
    /// created in the `limit.window` before `challenge.created_at` (`RateLimited`). A new
    /// challenge replaces any open one for the same customer.
    fn insert_challenge(&self, challenge: &Challenge, limit: &RateLimit) -> Result<()>;
    /// A3: removes and returns a challenge: whatever the answer, it cannot be used again.
    fn take_challenge(&self, id: ChallengeId) -> Result<Option<Challenge>>;
    /// A3: records a verified session.
    fn insert_session(&self, session: &SessionRecord) -> Result<()>;
    /// A3: a session by token hash.
    fn session(&self, token_hash: &[u8; 32]) -> Result<Option<SessionRecord>>;
    /// A3: a customer link's lockout state (the default state when none was kept).
    fn verification_lock(&self, customer_id: CustomerId) -> Result<VerificationLock>;
    /// A3, atomically: counts one failed challenge at `at` and, when it is the
    /// `rule.after_failures`-th in a row, locks the link and records the lock event
    /// ([`VerificationLock::after_failure`]). Returns the new state.
    fn record_verification_failure(
        &self,
        customer_id: CustomerId,
        at: DateTime<Utc>,
        rule: &Lockout,
    ) -> Result<VerificationLock>;
    /// A3, atomically: a passed challenge at `at` resets the count, unless a lock is in force
    /// ([`VerificationLock::after_pass`]). Returns the state and whether the pass counted.
    fn record_verification_pass(&self, customer_id: CustomerId, at: DateTime<Utc>) -> Result<(VerificationLock, bool)>;
    /// A3, atomically: the supplier lifts the link's lock and clears its count
    /// ([`VerificationLock::after_lift`]), recording the event when a lock was in force.
    fn lift_verification_lock(
        &self,
        customer_id: CustomerId,
        at: DateTime<Utc>,
        by: Option<&str>,
    ) -> Result<Option<VerificationLockEvent>>;
    /// A3: a customer's lock events, oldest first.
    fn verification_lock_events(&self, customer_id: CustomerId) -> Result<Vec<VerificationLockEvent>>;

    // --- orders and pending buyers (P1–P7) ---------------------------------------------------

    /// P1: records an order owned by an existing customer and updates that customer's stats.
    fn attach_order(&self, order: &OrderRef) -> Result<()>;
    /// P2/P3, atomically: if `key` maps to an active customer, the order goes to that customer
    /// (stats updated); otherwise it goes to the placeholder and onto the open pending record
    /// for `key`, or onto `new_pending` (inserted with this one order) when there is none. Two
    /// concurrent intakes of one new key make one record.
    fn intake(&self, order: &OrderRef, key: &MatchKey, new_pending: &PendingBuyer) -> Result<IntakeOutcome>;
    /// P4/P5, atomically: applies a review action (moving orders, updating stats, recording the
    /// mapping and record state) and appends the audit entry, whose `from`, `to`, `key`,
    /// `pending_id` and `orders_moved` the store fills in from what it did. Returns the entry.
    fn review(&self, action: &ReviewAction, at: DateTime<Utc>, actor: Option<&str>) -> Result<AuditEntry>;
    /// One pending record.
    fn pending(&self, id: PendingId) -> Result<Option<PendingBuyer>>;
    /// Pending records, oldest first; only open ones when `open_only`.
    fn pending_buyers(&self, open_only: bool) -> Result<Vec<PendingBuyer>>;
    /// P5: every mapping.
    fn mappings(&self) -> Result<Vec<Mapping>>;
    /// P4/P5: the audit trail, oldest first.
    fn audit_trail(&self) -> Result<Vec<AuditEntry>>;
    /// One order.
    fn order(&self, id: OrderId) -> Result<Option<OrderRef>>;
    /// The orders of one owner, oldest first.
    fn orders_of(&self, owner: OrderOwner) -> Result<Vec<OrderRef>>;
    /// P6: sets an order's status; an order on the placeholder may not become invoiced
    /// (`CustomerMappingRequired`). The owner's stats follow (a draft that stops being one).
    fn set_order_status(&self, id: OrderId, status: OrderStatus) -> Result<OrderRef>;

    // --- customer notes ------------------------------------------------------------------------

    /// Adds a note, or replaces the stored note with the same id. Refuses a note whose
    /// customer does not exist (`CustomerNotFound`).
    fn save_note(&self, note: &Note) -> Result<()>;
    /// One note by id.
    fn note(&self, id: NoteId) -> Result<Option<Note>>;
    /// A customer's notes, oldest first (by `created_at`, then id).
    fn notes_of(&self, customer_id: CustomerId) -> Result<Vec<Note>>;

    // --- pricing (PR1–PR4) -------------------------------------------------------------------

    /// The current price book (an empty one in a new store). Reads are frequent and must be
    /// cheap: the memory store hands out a shared snapshot.
    fn price_book(&self) -> Result<Arc<PriceBook>>;
    /// PR4: what a price sheet reads, read together: the settings, the customer (when one is
    /// named) and the price book. A database store answers in one round trip; the default asks
    /// [`Store::settings`], [`Store::customer`] and [`Store::price_book`].
    fn price_reads(&self, customer: Option<CustomerId>) -> Result<PriceReads> {
        Ok(PriceReads {
            settings: self.settings()?,
            customer: match customer {
                Some(id) => self.customer(id)?,
                None => None,
            },
            book: self.price_book()?,
        })
    }
    /// Saves a new book if the stored one is still at `expected_version` (else `StaleWrite`);
    /// the saved book's version is `expected_version + 1`.
    fn save_price_book(&self, book: &PriceBook, expected_version: u64) -> Result<()>;

    // --- messages and activity (B2, AC1) -----------------------------------------------------

    /// B2: records the deliveries of one send, atomically: every one or none.
    fn record_deliveries(&self, deliveries: &[Delivery]) -> Result<()>;
    /// B2: one customer's deliveries, oldest first (in the order recorded when times are equal).
    fn deliveries_of(&self, customer_id: CustomerId) -> Result<Vec<Delivery>>;
    /// B2: the newest delivery of each customer given that has one, in the order given (a
    /// customer asked for twice answers once). Of deliveries with equal times, the one recorded
    /// last is the newest. The default asks `deliveries_of` once per customer; a store may
    /// answer in one query.
    fn last_deliveries(&self, customer_ids: &[CustomerId]) -> Result<Vec<Delivery>> {
        let mut seen = std::collections::HashSet::new();
        let mut last = Vec::new();
        for id in customer_ids.iter().filter(|id| seen.insert(**id)) {
            last.extend(self.deliveries_of(*id)?.pop());
        }
        Ok(last)
    }
    /// AC1: records one portal engagement event.
    fn record_activity(&self, event: &ActivityEvent) -> Result<()>;
    /// AC1: the events at `start` or later and before `end`, oldest first (in the order recorded
    /// when times are equal).
    fn activity_between(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Vec<ActivityEvent>>;

    // --- carts (CT1–CT5) ---------------------------------------------------------------------
    // Every method has a default that refuses, so a store written before carts still compiles;
    // the shipped stores implement them all and pass the conformance suite's CT checks.

    /// CT1: adds a new open cart. Refuses a second open cart of one customer
    /// (`CartAlreadyOpen`), a customer that does not exist (`CustomerNotFound`), and a
    /// checkout code used anywhere in the store (`LinkCodeTaken`, W2).
    fn insert_cart(&self, cart: &crate::carts::Cart) -> Result<()> {
        let _ = cart;
        Err(crate::Error::store("insert_cart: not supported by this store"))
    }
    /// CT1–CT3, CT5: replaces an open cart whose stored version is `expected_version` (else
    /// `StaleWrite`; a closed one is refused with `CartClosed`). A new checkout code must be
    /// free in the whole store (`LinkCodeTaken`); the code it replaces answers as unknown from
    /// then on and is never issued again (L1, W2).
    fn save_cart(&self, cart: &crate::carts::Cart, expected_version: u64) -> Result<()> {
        let _ = (cart, expected_version);
        Err(crate::Error::store("save_cart: not supported by this store"))
    }
    /// CT1: one cart by id.
    fn cart(&self, id: crate::ids::CartId) -> Result<Option<crate::carts::Cart>> {
        let _ = id;
        Err(crate::Error::store("cart: not supported by this store"))
    }
    /// CT1: the customer's open cart, if it has one.
    fn open_cart_of(&self, customer_id: CustomerId) -> Result<Option<crate::carts::Cart>> {
        let _ = customer_id;
        Err(crate::Error::store("open_cart_of: not supported by this store"))
    }
    /// CT1: a customer's carts, open and closed, oldest first.
    fn carts_of(&self, customer_id: CustomerId) -> Result<Vec<crate::carts::Cart>> {
        let _ = customer_id;
        Err(crate::Error::store("carts_of: not supported by this store"))
    }
    /// CT5: every open cart, oldest first.
    fn open_carts(&self) -> Result<Vec<crate::carts::Cart>> {
        Err(crate::Error::store("open_carts: not supported by this store"))
    }
    /// CT3: the head of the cart whose current checkout code is `code` (open or closed) and its
    /// customer, read together. The default answers `None`, the truth for a store that keeps no carts: it
    /// lets opening an unknown code on such a store answer "unknown" as before, not an error.
    fn checkout_target(&self, code: &LinkCode) -> Result<Option<(crate::carts::CartHead, Customer)>> {
        let _ = code;
        Ok(None)
    }
    /// CT3, L4: [`Store::link_target`], and when the code is neither the workspace's nor a
    /// customer's, [`Store::checkout_target`]: what opening a link in this workspace reads, in
    /// one round trip on a database store. The default makes the two calls.
    fn link_or_checkout(&self, code: &LinkCode) -> Result<WorkspaceLinkTarget> {
        let (settings, customer) = self.link_target(code)?;
        if customer.is_some() || settings.as_ref().is_some_and(|s| s.link_code == *code) {
            return Ok((settings, customer, None));
        }
        Ok((settings, None, self.checkout_target(code)?))
    }
    /// CT4: the cart that became this order (its attribution), if one did.
    fn cart_of_order(&self, order_id: OrderId) -> Result<Option<crate::carts::Cart>> {
        let _ = order_id;
        Err(crate::Error::store("cart_of_order: not supported by this store"))
    }
    /// CT4, P1, atomically: records `order` (owned by the cart's customer; stats follow, as
    /// [`Store::attach_order`]) and saves `submitted` (the cart closed as that order) in its
    /// place, if the stored cart is open at `expected_version`. A cart already submitted
    /// answers its order with `created: false` and writes nothing, so 16 concurrent
    /// submissions make one order; an abandoned one is `CartClosed`; an open one at another
    /// version is `StaleWrite` (the caller re-reads and prices again).
    fn submit_cart(
        &self,
        submitted: &crate::carts::Cart,
        expected_version: u64,
        order: &OrderRef,
    ) -> Result<crate::carts::CartSubmission> {
        let _ = (submitted, expected_version, order);
        Err(crate::Error::store("submit_cart: not supported by this store"))
    }

    // --- I7, I9: saved import mappings and import batches ------------------------------------
    // The memory, SQLite and PostgreSQL stores keep these; an embedder's store that does not
    // (yet) answers with the default bodies below.

    /// I9: [`Store::write_customers`] and the batch record of what it did, in one atomic call.
    /// The default writes the customers without keeping the batch (its undo is then refused
    /// by [`Store::undo_import`]'s default).
    fn write_import(&self, writes: &[CustomerWrite], u: &Uniqueness, batch: &ImportBatch) -> Result<()> {
        let _ = batch;
        self.write_customers(writes, u)
    }
    /// I9: a batch, with its undo once undone.
    fn import_batch(&self, id: ImportBatchId) -> Result<Option<ImportBatch>> {
        let _ = id;
        Err(crate::Error::store("import_batch: not supported by this store"))
    }
    /// I9: undoes a batch in one atomic call: runs [`crate::import::plan_undo`] against the
    /// customers as they are inside the call, deletes and restores what it says (a restore
    /// that would break a uniqueness rule is kept as [`crate::import::KeptReason::Conflict`]),
    /// and records the report on the batch. `IMPORT_BATCH_NOT_FOUND`, or
    /// `IMPORT_ALREADY_UNDONE` for a batch undone before.
    fn undo_import(&self, id: ImportBatchId, at: DateTime<Utc>, u: &Uniqueness) -> Result<UndoReport> {
        let _ = (id, at, u);
        Err(crate::Error::store("undo_import: not supported by this store"))
    }
    /// I7: saves a mapping, replacing one of the same name (compared without case).
    fn save_import_mapping(&self, mapping: &SavedMapping) -> Result<()> {
        let _ = mapping;
        Err(crate::Error::store("save_import_mapping: not supported by this store"))
    }
    /// I7: the saved mappings, by name.
    fn import_mappings(&self) -> Result<Vec<SavedMapping>> {
        Err(crate::Error::store("import_mappings: not supported by this store"))
    }
    /// I7: deletes the mapping of this name (compared without case); whether there was one.
    fn delete_import_mapping(&self, name: &str) -> Result<bool> {
        let _ = name;
        Err(crate::Error::store("delete_import_mapping: not supported by this store"))
    }
}
