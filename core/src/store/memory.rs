//! The embedded default: every workspace's records in memory, each workspace behind its own
//! lock so each trait call is atomic, and one index of every link code the store has issued
//! (W2), shared by its workspaces.

use super::customer_index::Customers;
use super::{FoundCheckout, FoundLink, LinkRotation, PlatformStore, Store, StoreLink, Uniqueness};
use crate::activity::ActivityEvent;
use crate::carts::{Cart, CartHead, CartState, CartSubmission};
use crate::customer::{Customer, OrderStats};
use crate::error::{Error, Result};
use crate::ids::CartId;
use crate::ids::{ChallengeId, CustomerId, ImportBatchId, NoteId, OrderId, PendingId, WorkspaceId};
use crate::import::{mapping_name_key, plan_undo, ImportBatch, KeptReason, SavedMapping, UndoKept, UndoReport};
use crate::link::LinkCode;
use crate::listing::{CustomerQuery, Page};
use crate::messages::Delivery;
use crate::notes::Note;
use crate::orders::{stats_of, OrderOwner, OrderRef, OrderStatus};
use crate::pending::{
    check_remap, AuditEntry, IntakeOutcome, Mapping, MatchKey, PendingBuyer, PendingState, ReviewAction,
};
use crate::pricing::PriceBook;
use crate::settings::WorkspaceSettings;
use crate::store::CustomerWrite;
use crate::verification::{Challenge, Lockout, RateLimit, SessionRecord, VerificationLock, VerificationLockEvent};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// A thread-safe in-memory store of any number of workspaces (W1).
///
/// ```
/// use orderlink::{MemoryStore, NewWorkspace, Workspace, Env};
/// use std::sync::Arc;
/// let ws = Workspace::create(Arc::new(MemoryStore::new()), Env::system(), NewWorkspace::named("Acme")).unwrap();
/// assert_eq!(ws.settings().unwrap().name, "Acme");
/// ```
#[derive(Debug, Default)]
pub struct MemoryStore {
    codes: Arc<Mutex<Codes>>,
    workspaces: RwLock<Workspaces>,
}

#[derive(Debug, Default)]
struct Workspaces {
    /// Oldest first.
    list: Vec<Arc<MemoryWorkspace>>,
    by_id: HashMap<WorkspaceId, usize>,
}

/// W2, L1: every link code the store has issued (customers' and workspaces'), with its
/// workspace and whether it is current. Codes are never removed: a retired code is never
/// issued again, in any workspace.
#[derive(Debug, Default)]
struct Codes {
    owner: HashMap<LinkCode, (WorkspaceId, bool)>,
}

impl Codes {
    fn check_free(&self, code: &LinkCode) -> Result<()> {
        if self.owner.contains_key(code) {
            return Err(Error::LinkCodeTaken);
        }
        Ok(())
    }

    fn issue(&mut self, code: &LinkCode, ws: WorkspaceId) {
        self.owner.insert(code.clone(), (ws, true));
    }

    fn retire(&mut self, code: &LinkCode) {
        if let Some(entry) = self.owner.get_mut(code) {
            entry.1 = false;
        }
    }
}

fn lock_codes(codes: &Mutex<Codes>) -> MutexGuard<'_, Codes> {
    // Every change checks before it mutates, so a poisoned lock holds no half-made change.
    codes.lock().unwrap_or_else(|p| p.into_inner())
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn read_workspaces(&self) -> RwLockReadGuard<'_, Workspaces> {
        self.workspaces.read().unwrap_or_else(|p| p.into_inner())
    }
}

impl PlatformStore for MemoryStore {
    fn create_workspace(&self, settings: &WorkspaceSettings) -> Result<Arc<dyn Store>> {
        let mut all = self.workspaces.write().unwrap_or_else(|p| p.into_inner());
        if all.by_id.contains_key(&settings.id) {
            return Err(Error::WorkspaceExists);
        }
        let mut codes = lock_codes(&self.codes);
        codes.check_free(&settings.link_code)?;
        codes.issue(&settings.link_code, settings.id);
        let ws = Arc::new(MemoryWorkspace {
            id: settings.id,
            codes: self.codes.clone(),
            state: RwLock::new(State { settings: Some(settings.clone()), ..State::default() }),
        });
        let at = all.list.len();
        all.list.push(ws.clone());
        all.by_id.insert(settings.id, at);
        Ok(ws)
    }

    fn workspace(&self, id: WorkspaceId) -> Result<Option<Arc<dyn Store>>> {
        let all = self.read_workspaces();
        Ok(all.by_id.get(&id).map(|i| all.list[*i].clone() as Arc<dyn Store>))
    }

    fn workspaces(&self) -> Result<Vec<WorkspaceSettings>> {
        let all = self.read_workspaces().list.clone();
        Ok(all.iter().filter_map(|ws| ws.read().settings.clone()).collect())
    }

    fn workspace_count(&self) -> Result<usize> {
        Ok(self.read_workspaces().list.len())
    }

    fn find_link(&self, code: &LinkCode) -> Result<Option<FoundLink>> {
        let owner = match lock_codes(&self.codes).owner.get(code) {
            Some((ws, true)) => *ws,
            _ => return Ok(None),
        };
        let ws = {
            let all = self.read_workspaces();
            match all.by_id.get(&owner) {
                Some(i) => all.list[*i].clone(),
                None => return Ok(None),
            }
        };
        let (settings, customer) = ws.link_target(code)?;
        Ok(match settings {
            Some(settings) if customer.is_some() || settings.link_code == *code => {
                Some(FoundLink { store: ws, settings, customer })
            }
            _ => None,
        })
    }

    // --- carts (CT3, W2): one code look-up and one workspace read for any link ---------------
    fn find_any_link(&self, code: &LinkCode) -> Result<Option<StoreLink>> {
        let owner = match lock_codes(&self.codes).owner.get(code) {
            Some((ws, true)) => *ws,
            _ => return Ok(None),
        };
        let ws = {
            let all = self.read_workspaces();
            match all.by_id.get(&owner) {
                Some(i) => all.list[*i].clone(),
                None => return Ok(None),
            }
        };
        let state = ws.read();
        let Some(settings) = state.settings.clone() else { return Ok(None) };
        let customer = state.by_link.get(code).and_then(|id| state.customers.get(id)).cloned();
        if settings.link_code == *code || customer.is_some() {
            drop(state);
            return Ok(Some(StoreLink::Order(FoundLink { store: ws, settings, customer })));
        }
        let checkout = state
            .cart_by_code
            .get(code)
            .and_then(|head| state.customers.get(&head.customer_id).map(|c| (head.clone(), c.clone())));
        drop(state);
        Ok(checkout.map(|(cart, customer)| {
            StoreLink::Checkout(Box::new(FoundCheckout { store: ws, settings, cart, customer }))
        }))
    }
}

/// One workspace of a [`MemoryStore`]: the [`Store`] handle its workspace works through.
#[derive(Debug)]
pub struct MemoryWorkspace {
    id: WorkspaceId,
    codes: Arc<Mutex<Codes>>,
    state: RwLock<State>,
}

#[derive(Debug, Default, Clone)]
struct State {
    settings: Option<WorkspaceSettings>,
    /// W4: kept with the indexes listing them needs.
    customers: Customers,
    by_link: HashMap<LinkCode, CustomerId>,
    by_code: HashMap<String, CustomerId>,
    by_name: HashMap<String, HashSet<CustomerId>>,
    by_external: HashMap<String, CustomerId>,
    /// L1: codes once issued are never issued again.
    retired_links: HashSet<LinkCode>,
    rotations: Vec<LinkRotation>,
    challenges: HashMap<ChallengeId, Challenge>,
    challenge_log: HashMap<CustomerId, Vec<DateTime<Utc>>>,
    sessions: HashMap<[u8; 32], SessionRecord>,
    /// A3: lockout state by customer.
    locks: HashMap<CustomerId, VerificationLock>,
    /// A3: lock events, in the order recorded.
    lock_events: Vec<VerificationLockEvent>,
    orders: HashMap<OrderId, OrderRef>,
    orders_by_owner: HashMap<OrderOwner, HashSet<OrderId>>,
    orders_by_key: HashMap<MatchKey, Vec<OrderId>>,
    pending: HashMap<PendingId, PendingBuyer>,
    pending_seq: Vec<PendingId>,
    open_by_key: HashMap<MatchKey, PendingId>,
    mappings: HashMap<MatchKey, Mapping>,
    audit: Vec<AuditEntry>,
    price_book: Arc<PriceBook>,
    /// B2: by customer, oldest first.
    deliveries: HashMap<CustomerId, Vec<Delivery>>,
    /// AC1: in the order recorded.
    activity: Vec<ActivityEvent>,
    notes: HashMap<NoteId, Note>,
    // --- carts (CT1–CT5) -----------------------------------------------------------------------
    /// CT1: every cart, open and closed.
    carts: HashMap<CartId, Cart>,
    /// CT1: cart ids, oldest first.
    cart_seq: Vec<CartId>,
    /// CT1: the one open cart of each customer that has one.
    open_cart: HashMap<CustomerId, CartId>,
    /// CT3: current checkout codes and their carts' heads (retired codes are only in the
    /// store-wide `Codes`): opening a checkout link is one look-up here, then its customer.
    cart_by_code: HashMap<LinkCode, CartHead>,
    /// CT4: the cart each submitted order came from.
    cart_by_order: HashMap<OrderId, CartId>,
    // --- end carts -----------------------------------------------------------------------------
    // --- I7, I9 (import mappings and batches) ---
    /// I7: saved import mappings, by name key.
    import_mappings: std::collections::BTreeMap<String, SavedMapping>,
    /// I9: confirmed import batches (shared, so a state copy does not copy them).
    import_batches: HashMap<ImportBatchId, Arc<ImportBatch>>,
    // --- end I7, I9 ---
}

impl MemoryWorkspace {
    /// The workspace's id.
    pub fn id(&self) -> WorkspaceId {
        self.id
    }

    fn read(&self) -> RwLockReadGuard<'_, State> {
        // A panic while holding the lock cannot leave a half-written state (every write checks
        // before it mutates), so a poisoned lock is safe to keep using.
        self.state.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(|p| p.into_inner())
    }
}

// --- I9: customer writes with something more in the same atomic step ---
impl MemoryWorkspace {
    /// [`Store::write_customers`], with `also` applied to the new state before it is swapped
    /// in (I9: the batch record of an import).
    fn write_customers_and(
        &self,
        writes: &[CustomerWrite],
        u: &Uniqueness,
        also: impl FnOnce(&mut State),
    ) -> Result<()> {
        let mut state = self.write();
        let mut codes = lock_codes(&self.codes);
        // Apply to a copy and swap it in only if every write succeeded: all or nothing.
        let mut next = state.clone();
        for w in writes {
            match w {
                CustomerWrite::Insert(c) => {
                    codes.check_free(&c.link_code)?;
                    next.insert(c, u)?
                }
                CustomerWrite::Update { customer, expected_version } => next.replace(customer, *expected_version, u)?,
            }
        }
        also(&mut next);
        *state = next;
        for w in writes {
            if let CustomerWrite::Insert(c) = w {
                codes.issue(&c.link_code, self.id);
            }
        }
        Ok(())
    }
}
// --- end I9 ---

impl State {
    /// Every uniqueness check for `c`, ignoring the record with id `c.id` itself.
    fn check_unique(&self, c: &Customer, u: &Uniqueness) -> Result<()> {
        if let Some(key) = c.code_key() {
            if self.by_code.get(&key).is_some_and(|id| *id != c.id) {
                return Err(Error::CodeTaken { code: c.code.clone().unwrap_or_default() });
            }
        }
        if u.unique_names && self.by_name.get(&c.name_key()).is_some_and(|ids| ids.iter().any(|id| *id != c.id)) {
            return Err(Error::NameTaken { name: c.name.clone() });
        }
        if let Some(ext) = &c.external_id {
            if self.by_external.get(ext).is_some_and(|id| *id != c.id) {
                return Err(Error::ExternalIdDuplicate { external_id: ext.clone() });
            }
        }
        Ok(())
    }

    fn check_new_link(&self, code: &LinkCode, u: &Uniqueness) -> Result<()> {
        if *code == u.workspace_code || self.by_link.contains_key(code) || self.retired_links.contains(code) {
            return Err(Error::LinkCodeTaken);
        }
        Ok(())
    }

    fn unindex(&mut self, c: &Customer) {
        if let Some(key) = c.code_key() {
            self.by_code.remove(&key);
        }
        if let Some(ids) = self.by_name.get_mut(&c.name_key()) {
            ids.remove(&c.id);
            if ids.is_empty() {
                self.by_name.remove(&c.name_key());
            }
        }
        if let Some(ext) = &c.external_id {
            self.by_external.remove(ext);
        }
    }

    fn index(&mut self, c: &Customer) {
        if let Some(key) = c.code_key() {
            self.by_code.insert(key, c.id);
        }
        self.by_name.entry(c.name_key()).or_default().insert(c.id);
        if let Some(ext) = &c.external_id {
            self.by_external.insert(ext.clone(), c.id);
        }
        self.by_link.insert(c.link_code.clone(), c.id);
    }

    fn insert(&mut self, c: &Customer, u: &Uniqueness) -> Result<()> {
        if self.customers.contains_key(&c.id) {
            return Err(Error::store(format!("customer id {} already exists", c.id)));
        }
        self.check_new_link(&c.link_code, u)?;
        self.check_unique(c, u)?;
        self.index(c);
        self.customers.insert(c.clone());
        Ok(())
    }

    fn current(&self, id: CustomerId, expected_version: u64) -> Result<&Customer> {
        let current = self.customers.get(&id).ok_or_else(|| Error::CustomerNotFound { id: id.to_string() })?;
        if current.version != expected_version {
            return Err(Error::StaleWrite);
        }
        Ok(current)
    }

    fn replace(&mut self, c: &Customer, expected_version: u64, u: &Uniqueness) -> Result<()> {
        let current = self.current(c.id, expected_version)?.clone();
        if current.link_code != c.link_code {
            return Err(Error::store("replace_customer may not change the link code; use rotate_link"));
        }
        self.check_unique(c, u)?;
        self.unindex(&current);
        self.index(c);
        self.customers.insert(c.clone());
        Ok(())
    }
}

impl State {
    /// R3: the stats `id` would have with `extra` orders added, checked before anything is
    /// written, so a sum that could not be kept refuses the write instead of half-doing it.
    fn stats_with(&self, id: CustomerId, extra: &[&OrderRef]) -> Result<OrderStats> {
        let owned = self.orders_by_owner.get(&OrderOwner::Customer(id));
        stats_of(owned.into_iter().flatten().filter_map(|o| self.orders.get(o)).chain(extra.iter().copied()))
    }

    /// R3: [`State::stats_with`] for orders about to move to `to`.
    fn check_move(&self, ids: &[OrderId], to: OrderOwner) -> Result<()> {
        if let OrderOwner::Customer(id) = to {
            let moving: Vec<&OrderRef> = ids.iter().filter_map(|o| self.orders.get(o)).collect();
            self.stats_with(id, &moving)?;
        }
        Ok(())
    }

    fn add_order(&mut self, order: &OrderRef) -> Result<()> {
        if let OrderOwner::Customer(id) = order.owner {
            self.stats_with(id, &[order])?;
        }
        self.orders_by_owner.entry(order.owner).or_default().insert(order.id);
        if let Some(key) = &order.via_key {
            self.orders_by_key.entry(key.clone()).or_default().push(order.id);
        }
        self.orders.insert(order.id, order.clone());
        if let OrderOwner::Customer(id) = order.owner {
            self.refresh_stats(id);
        }
        Ok(())
    }

    /// Stats follow every attach and move, and a stats change is a new version of the record,
    /// so a concurrent customer update cannot write stale stats back.
    fn refresh_stats(&mut self, id: CustomerId) {
        let owned = self.orders_by_owner.get(&OrderOwner::Customer(id));
        // Every write that adds to a customer's orders checked this sum first (`stats_with`), so
        // it is always Ok here; were it not, the stats are left as they were, never a panic.
        let Ok(stats) = stats_of(owned.into_iter().flatten().filter_map(|o| self.orders.get(o))) else { return };
        self.customers.set_stats(id, stats);
    }

    fn move_orders(&mut self, ids: &[OrderId], to: OrderOwner) {
        let mut touched = HashSet::new();
        for id in ids {
            let Some(order) = self.orders.get_mut(id) else { continue };
            let from = std::mem::replace(&mut order.owner, to);
            if let Some(set) = self.orders_by_owner.get_mut(&from) {
                set.remove(id);
            }
            self.orders_by_owner.entry(to).or_default().insert(*id);
            touched.extend([from, to]);
        }
        for owner in touched {
            if let OrderOwner::Customer(id) = owner {
                self.refresh_stats(id);
            }
        }
    }

    fn open_pending(&self, id: PendingId) -> Result<&PendingBuyer> {
        let p = self.pending.get(&id).ok_or_else(|| Error::PendingNotFound { id: id.to_string() })?;
        match p.state {
            PendingState::Open => Ok(p),
            PendingState::Mapped(_) => Err(Error::PendingNotOpen { state: "mapped" }),
            PendingState::Ignored => Err(Error::PendingNotOpen { state: "ignored" }),
        }
    }

    fn require_customer(&self, id: CustomerId) -> Result<()> {
        if self.customers.contains_key(&id) {
            Ok(())
        } else {
            Err(Error::CustomerNotFound { id: id.to_string() })
        }
    }

    /// P4: the open record's placeholder orders move to the customer; the key maps to it.
    /// Every check is done by the caller before this runs, so it cannot fail half-way.
    fn map_record(
        &mut self,
        pending_id: PendingId,
        customer_id: CustomerId,
        at: DateTime<Utc>,
    ) -> Result<(MatchKey, Option<CustomerId>, Vec<OrderId>)> {
        if let Some(p) = self.pending.get(&pending_id) {
            let moving: Vec<OrderId> = p.orders.clone();
            self.check_move(&moving, OrderOwner::Customer(customer_id))?;
        }
        let (key, order_ids) = match self.pending.get_mut(&pending_id) {
            Some(p) => {
                p.state = PendingState::Mapped(customer_id);
                p.updated_at = at;
                (p.key.clone(), p.orders.clone())
            }
            None => return Ok((MatchKey { name: String::new(), email: String::new() }, None, Vec::new())),
        };
        self.open_by_key.remove(&key);
        let moving: Vec<OrderId> = order_ids
            .into_iter()
            .filter(|o| self.orders.get(o).is_some_and(|o| o.owner == OrderOwner::Placeholder))
            .collect();
        self.move_orders(&moving, OrderOwner::Customer(customer_id));
        let from = self.set_mapping(&key, customer_id, at);
        Ok((key, from, moving))
    }

    fn set_mapping(&mut self, key: &MatchKey, customer_id: CustomerId, at: DateTime<Utc>) -> Option<CustomerId> {
        match self.mappings.get_mut(key) {
            Some(m) => {
                let from = m.customer_id;
                m.customer_id = customer_id;
                m.updated_at = at;
                Some(from)
            }
            None => {
                self.mappings
                    .insert(key.clone(), Mapping { key: key.clone(), customer_id, created_at: at, updated_at: at });
                None
            }
        }
    }
}

impl Store for MemoryWorkspace {
    fn settings(&self) -> Result<Option<WorkspaceSettings>> {
        Ok(self.read().settings.clone())
    }

    fn save_settings(&self, settings: &WorkspaceSettings) -> Result<()> {
        let mut state = self.write();
        let mut codes = lock_codes(&self.codes);
        let old = state.settings.as_ref().map(|s| s.link_code.clone());
        if old.as_ref() != Some(&settings.link_code) {
            codes.check_free(&settings.link_code)?;
            codes.issue(&settings.link_code, self.id);
            if let Some(old) = &old {
                codes.retire(old);
            }
        }
        state.settings = Some(WorkspaceSettings { id: self.id, ..settings.clone() });
        Ok(())
    }

    fn insert_customer(&self, customer: &Customer, u: &Uniqueness) -> Result<()> {
        let mut state = self.write();
        let mut codes = lock_codes(&self.codes);
        codes.check_free(&customer.link_code)?;
        state.insert(customer, u)?;
        codes.issue(&customer.link_code, self.id);
        Ok(())
    }

    fn replace_customer(&self, customer: &Customer, expected_version: u64, u: &Uniqueness) -> Result<()> {
        self.write().replace(customer, expected_version, u)
    }

    fn delete_customer(&self, id: CustomerId) -> Result<()> {
        let mut state = self.write();
        let current = state.customers.get(&id).ok_or_else(|| Error::CustomerNotFound { id: id.to_string() })?;
        if current.stats.orders > 0 {
            return Err(Error::CustomerHasOrders { orders: current.stats.orders });
        }
        let current = current.clone();
        state.unindex(&current);
        state.by_link.remove(&current.link_code);
        state.retired_links.insert(current.link_code.clone());
        lock_codes(&self.codes).retire(&current.link_code);
        state.customers.remove(&id);
        state.notes.retain(|_, n| n.customer_id != id);
        // CT1: a deleted customer's carts go with it; their checkout codes stay retired.
        let gone: Vec<CartId> = state.carts.values().filter(|c| c.customer_id == id).map(|c| c.id).collect();
        let mut codes = lock_codes(&self.codes);
        for cart_id in gone {
            if let Some(cart) = state.carts.remove(&cart_id) {
                if let Some(link) = &cart.checkout {
                    state.cart_by_code.remove(&link.code);
                    codes.retire(&link.code);
                }
            }
            state.cart_seq.retain(|c| *c != cart_id);
        }
        state.open_cart.remove(&id);
        Ok(())
    }

    fn customer(&self, id: CustomerId) -> Result<Option<Customer>> {
        Ok(self.read().customers.get(&id).cloned())
    }

    fn customer_by_link_code(&self, code: &LinkCode) -> Result<Option<Customer>> {
        let state = self.read();
        Ok(state.by_link.get(code).and_then(|id| state.customers.get(id)).cloned())
    }

    fn customers_by_external_id(&self, external_ids: &[String]) -> Result<Vec<Customer>> {
        let state = self.read();
        Ok(external_ids
            .iter()
            .filter_map(|e| state.by_external.get(e))
            .filter_map(|id| state.customers.get(id))
            .cloned()
            .collect())
    }

    fn all_customers(&self) -> Result<Vec<Customer>> {
        Ok(self.read().customers.values().cloned().collect())
    }

    fn list_customers(&self, query: &CustomerQuery) -> Result<Page<Customer>> {
        self.read().customers.list(query)
    }

    fn write_customers(&self, writes: &[CustomerWrite], u: &Uniqueness) -> Result<()> {
        self.write_customers_and(writes, u, |_| ())
    }

    // --- I7, I9: import mappings and batches ---
    fn write_import(&self, writes: &[CustomerWrite], u: &Uniqueness, batch: &ImportBatch) -> Result<()> {
        let batch = Arc::new(batch.clone());
        self.write_customers_and(writes, u, |next| {
            next.import_batches.insert(batch.id, batch);
        })
    }

    fn import_batch(&self, id: ImportBatchId) -> Result<Option<ImportBatch>> {
        Ok(self.read().import_batches.get(&id).map(|b| (**b).clone()))
    }

    fn undo_import(&self, id: ImportBatchId, at: DateTime<Utc>, u: &Uniqueness) -> Result<UndoReport> {
        let mut state = self.write();
        let batch =
            state.import_batches.get(&id).cloned().ok_or(Error::ImportBatchNotFound { batch_id: id.to_string() })?;
        if let Some(undo) = &batch.undo {
            return Err(Error::ImportAlreadyUndone { batch_id: id.to_string(), undone_at: undo.undone_at });
        }
        let plan = plan_undo(&batch, &|c| state.customers.get(&c).cloned(), at);
        let mut next = state.clone();
        let mut report =
            UndoReport { batch_id: id, undone_at: at, deleted: Vec::new(), restored: Vec::new(), kept: plan.kept };
        let mut retired = Vec::new();
        for cid in plan.delete {
            let Some(current) = next.customers.remove(&cid) else { continue };
            next.unindex(&current);
            next.by_link.remove(&current.link_code);
            next.retired_links.insert(current.link_code.clone());
            next.notes.retain(|_, n| n.customer_id != cid);
            retired.push(current.link_code);
            report.deleted.push(cid);
        }
        for (customer, version) in plan.restore {
            match next.replace(&customer, version, u) {
                Ok(()) => report.restored.push(customer.id),
                Err(Error::CodeTaken { .. } | Error::NameTaken { .. } | Error::ExternalIdDuplicate { .. }) => {
                    report.kept.retain(|k| k.customer_id != customer.id);
                    report.kept.push(UndoKept {
                        customer_id: customer.id,
                        reason: KeptReason::Conflict,
                        fields: Vec::new(),
                    })
                }
                Err(e) => return Err(e),
            }
        }
        let mut undone = (*batch).clone();
        undone.undo = Some(report.clone());
        next.import_batches.insert(id, Arc::new(undone));
        *state = next;
        let mut codes = lock_codes(&self.codes);
        for code in &retired {
            codes.retire(code);
        }
        Ok(report)
    }

    fn save_import_mapping(&self, mapping: &SavedMapping) -> Result<()> {
        self.write().import_mappings.insert(mapping_name_key(&mapping.name), mapping.clone());
        Ok(())
    }

    fn import_mappings(&self) -> Result<Vec<SavedMapping>> {
        Ok(self.read().import_mappings.values().cloned().collect())
    }

    fn delete_import_mapping(&self, name: &str) -> Result<bool> {
        Ok(self.write().import_mappings.remove(&mapping_name_key(name)).is_some())
    }
    // --- end I7, I9 ---

    fn rotate_link(
        &self,
        customer: &Customer,
        expected_version: u64,
        rotation: &LinkRotation,
        u: &Uniqueness,
    ) -> Result<()> {
        let mut state = self.write();
        let current = state.current(customer.id, expected_version)?.clone();
        state.check_new_link(&customer.link_code, u)?;
        let mut codes = lock_codes(&self.codes);
        codes.check_free(&customer.link_code)?;
        codes.issue(&customer.link_code, self.id);
        codes.retire(&current.link_code);
        drop(codes);
        state.by_link.remove(&current.link_code);
        state.retired_links.insert(current.link_code.clone());
        state.unindex(&current);
        state.index(customer);
        state.customers.insert(customer.clone());
        state.rotations.push(rotation.clone());
        Ok(())
    }

    fn link_rotations(&self, id: CustomerId) -> Result<Vec<LinkRotation>> {
        Ok(self.read().rotations.iter().filter(|r| r.customer_id == id).cloned().collect())
    }

    fn insert_challenge(&self, challenge: &Challenge, limit: &RateLimit) -> Result<()> {
        let mut state = self.write();
        let since = challenge.created_at - limit.window;
        let log = state.challenge_log.entry(challenge.customer_id).or_default();
        log.retain(|t| *t > since);
        if log.len() >= limit.max as usize {
            let oldest = log.iter().min().copied().unwrap_or(challenge.created_at);
            let retry = (oldest + limit.window - challenge.created_at).num_seconds().max(1);
            return Err(Error::RateLimited { retry_after_secs: retry as u64 });
        }
        log.push(challenge.created_at);
        state.challenges.retain(|_, c| c.customer_id != challenge.customer_id);
        state.challenges.insert(challenge.id, challenge.clone());
        Ok(())
    }

    fn take_challenge(&self, id: ChallengeId) -> Result<Option<Challenge>> {
        Ok(self.write().challenges.remove(&id))
    }

    fn insert_session(&self, session: &SessionRecord) -> Result<()> {
        self.write().sessions.insert(session.token_hash, session.clone());
        Ok(())
    }

    fn session(&self, token_hash: &[u8; 32]) -> Result<Option<SessionRecord>> {
        Ok(self.read().sessions.get(token_hash).cloned())
    }

    fn verification_lock(&self, customer_id: CustomerId) -> Result<VerificationLock> {
        Ok(self.read().locks.get(&customer_id).copied().unwrap_or_default())
    }

    fn record_verification_failure(
        &self,
        customer_id: CustomerId,
        at: DateTime<Utc>,
        rule: &Lockout,
    ) -> Result<VerificationLock> {
        let mut state = self.write();
        let current = state.locks.get(&customer_id).copied().unwrap_or_default();
        let (next, event) = current.after_failure(customer_id, at, rule);
        state.locks.insert(customer_id, next);
        state.lock_events.extend(event);
        Ok(next)
    }

    fn record_verification_pass(&self, customer_id: CustomerId, at: DateTime<Utc>) -> Result<(VerificationLock, bool)> {
        let mut state = self.write();
        let (next, counted) = state.locks.get(&customer_id).copied().unwrap_or_default().after_pass(at);
        state.locks.insert(customer_id, next);
        Ok((next, counted))
    }

    fn lift_verification_lock(
        &self,
        customer_id: CustomerId,
        at: DateTime<Utc>,
        by: Option<&str>,
    ) -> Result<Option<VerificationLockEvent>> {
        let mut state = self.write();
        let (next, event) = state.locks.get(&customer_id).copied().unwrap_or_default().after_lift(customer_id, at, by);
        state.locks.insert(customer_id, next);
        state.lock_events.extend(event.clone());
        Ok(event)
    }

    fn verification_lock_events(&self, customer_id: CustomerId) -> Result<Vec<VerificationLockEvent>> {
        Ok(self.read().lock_events.iter().filter(|e| e.customer_id == customer_id).cloned().collect())
    }

    fn attach_order(&self, order: &OrderRef) -> Result<()> {
        let mut state = self.write();
        let OrderOwner::Customer(id) = order.owner else {
            return Err(Error::store("attach_order takes an order owned by a customer"));
        };
        state.require_customer(id)?;
        state.add_order(order)
    }

    fn intake(&self, order: &OrderRef, key: &MatchKey, new_pending: &PendingBuyer) -> Result<IntakeOutcome> {
        let mut state = self.write();
        let mapped = state.mappings.get(key).map(|m| m.customer_id);
        if let Some(customer_id) = mapped.filter(|id| state.customers.get(id).is_some_and(|c| c.active)) {
            state.add_order(&OrderRef { owner: OrderOwner::Customer(customer_id), ..order.clone() })?;
            return Ok(IntakeOutcome::AutoLinked { order_id: order.id, customer_id });
        }
        state.add_order(&OrderRef { owner: OrderOwner::Placeholder, ..order.clone() })?;
        if let Some(pending_id) = state.open_by_key.get(key).copied() {
            if let Some(p) = state.pending.get_mut(&pending_id) {
                p.orders.push(order.id);
                p.updated_at = order.placed_at.max(p.updated_at);
            }
            return Ok(IntakeOutcome::Pending { order_id: order.id, pending_id, new_record: false });
        }
        let record = PendingBuyer { orders: vec![order.id], state: PendingState::Open, ..new_pending.clone() };
        state.open_by_key.insert(key.clone(), record.id);
        state.pending_seq.push(record.id);
        state.pending.insert(record.id, record);
        Ok(IntakeOutcome::Pending { order_id: order.id, pending_id: new_pending.id, new_record: true })
    }

    fn review(&self, action: &ReviewAction, at: DateTime<Utc>, actor: Option<&str>) -> Result<AuditEntry> {
        let mut state = self.write();
        let (key, from, moved) = match action {
            ReviewAction::Map { pending_id, customer_id } => {
                state.open_pending(*pending_id)?;
                state.require_customer(*customer_id)?;
                state.map_record(*pending_id, *customer_id, at)?
            }
            ReviewAction::CreateAndMap { pending_id, customer, uniqueness } => {
                state.open_pending(*pending_id)?;
                // R3: a new customer starts with no orders; its sum is checked before the insert.
                if let Some(p) = state.pending.get(pending_id) {
                    let moving: Vec<&OrderRef> = p.orders.iter().filter_map(|o| state.orders.get(o)).collect();
                    stats_of(moving)?;
                }
                state.insert(customer, uniqueness)?;
                state.map_record(*pending_id, customer.id, at)?
            }
            ReviewAction::Ignore { pending_id } => {
                let key = state.open_pending(*pending_id)?.key.clone();
                state.open_by_key.remove(&key);
                if let Some(p) = state.pending.get_mut(pending_id) {
                    p.state = PendingState::Ignored;
                    p.updated_at = at;
                }
                (key, None, Vec::new())
            }
            ReviewAction::Remap { key, customer_id } => {
                let from = state.mappings.get(key).map(|m| m.customer_id).ok_or(Error::MappingNotFound)?;
                state.require_customer(*customer_id)?;
                check_remap(from, *customer_id)?;
                let moving: Vec<OrderId> = state
                    .orders_by_key
                    .get(key)
                    .into_iter()
                    .flatten()
                    .filter(|o| state.orders.get(o).is_some_and(|o| o.owner == OrderOwner::Customer(from)))
                    .copied()
                    .collect();
                state.check_move(&moving, OrderOwner::Customer(*customer_id))?;
                state.move_orders(&moving, OrderOwner::Customer(*customer_id));
                state.set_mapping(key, *customer_id, at);
                for p in state.pending.values_mut().filter(|p| p.key == *key && p.state == PendingState::Mapped(from)) {
                    p.state = PendingState::Mapped(*customer_id);
                    p.updated_at = at;
                }
                (key.clone(), Some(from), moving)
            }
        };
        let entry = action.audit_entry(at, actor.map(str::to_owned), key, from, moved);
        state.audit.push(entry.clone());
        Ok(entry)
    }

    fn pending(&self, id: PendingId) -> Result<Option<PendingBuyer>> {
        Ok(self.read().pending.get(&id).cloned())
    }

    fn pending_buyers(&self, open_only: bool) -> Result<Vec<PendingBuyer>> {
        let state = self.read();
        Ok(state
            .pending_seq
            .iter()
            .filter_map(|id| state.pending.get(id))
            .filter(|p| !open_only || p.state == PendingState::Open)
            .cloned()
            .collect())
    }

    fn mappings(&self) -> Result<Vec<Mapping>> {
        let mut all: Vec<Mapping> = self.read().mappings.values().cloned().collect();
        all.sort_by(|a, b| a.created_at.cmp(&b.created_at).then_with(|| a.key.cmp(&b.key)));
        Ok(all)
    }

    fn audit_trail(&self) -> Result<Vec<AuditEntry>> {
        Ok(self.read().audit.clone())
    }

    fn order(&self, id: OrderId) -> Result<Option<OrderRef>> {
        Ok(self.read().orders.get(&id).cloned())
    }

    fn orders_of(&self, owner: OrderOwner) -> Result<Vec<OrderRef>> {
        let state = self.read();
        let mut orders: Vec<OrderRef> = state
            .orders_by_owner
            .get(&owner)
            .into_iter()
            .flatten()
            .filter_map(|id| state.orders.get(id))
            .cloned()
            .collect();
        orders.sort_by_key(|o| (o.placed_at, o.id));
        Ok(orders)
    }

    fn set_order_status(&self, id: OrderId, status: OrderStatus) -> Result<OrderRef> {
        let mut state = self.write();
        let order = state.orders.get_mut(&id).ok_or_else(|| Error::OrderNotFound { id: id.to_string() })?;
        if order.owner == OrderOwner::Placeholder && status == OrderStatus::Invoiced {
            return Err(Error::CustomerMappingRequired { number: order.number.clone() });
        }
        let drafts_change = (order.status == OrderStatus::Draft) != (status == OrderStatus::Draft);
        order.status = status;
        let order = order.clone();
        if let (true, OrderOwner::Customer(customer_id)) = (drafts_change, order.owner) {
            state.refresh_stats(customer_id);
        }
        Ok(order)
    }

    fn save_note(&self, note: &Note) -> Result<()> {
        let mut state = self.write();
        state.require_customer(note.customer_id)?;
        state.notes.insert(note.id, note.clone());
        Ok(())
    }

    fn note(&self, id: NoteId) -> Result<Option<Note>> {
        Ok(self.read().notes.get(&id).cloned())
    }

    fn notes_of(&self, customer_id: CustomerId) -> Result<Vec<Note>> {
        let state = self.read();
        let mut notes: Vec<Note> = state.notes.values().filter(|n| n.customer_id == customer_id).cloned().collect();
        notes.sort_by_key(|n| (n.created_at, n.id));
        Ok(notes)
    }

    fn price_book(&self) -> Result<Arc<PriceBook>> {
        Ok(self.read().price_book.clone())
    }

    fn save_price_book(&self, book: &PriceBook, expected_version: u64) -> Result<()> {
        let mut state = self.write();
        if state.price_book.version != expected_version {
            return Err(Error::StaleWrite);
        }
        let mut saved = book.clone();
        saved.version = expected_version + 1;
        state.price_book = Arc::new(saved);
        Ok(())
    }

    fn record_deliveries(&self, deliveries: &[Delivery]) -> Result<()> {
        let mut state = self.write();
        for d in deliveries {
            let mine = state.deliveries.entry(d.customer_id).or_default();
            // Kept sorted by time; a delivery goes after every one of the same time (stable).
            let at = mine.partition_point(|old| old.at <= d.at);
            mine.insert(at, d.clone());
        }
        Ok(())
    }

    fn deliveries_of(&self, customer_id: CustomerId) -> Result<Vec<Delivery>> {
        Ok(self.read().deliveries.get(&customer_id).cloned().unwrap_or_default())
    }

    fn record_activity(&self, event: &ActivityEvent) -> Result<()> {
        self.write().activity.push(event.clone());
        Ok(())
    }

    fn activity_between(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Vec<ActivityEvent>> {
        let mut found: Vec<ActivityEvent> =
            self.read().activity.iter().filter(|e| e.at >= start && e.at < end).cloned().collect();
        found.sort_by_key(|e| e.at); // stable: equal times keep the order recorded
        Ok(found)
    }

    // --- carts (CT1–CT5) -------------------------------------------------------------------------

    fn insert_cart(&self, cart: &Cart) -> Result<()> {
        let mut state = self.write();
        state.require_customer(cart.customer_id)?;
        if state.carts.contains_key(&cart.id) {
            return Err(Error::store(format!("cart id {} already exists", cart.id)));
        }
        if cart.state == CartState::Open {
            if let Some(open) = state.open_cart.get(&cart.customer_id) {
                return Err(Error::CartAlreadyOpen { cart_id: open.to_string() });
            }
        }
        let mut codes = lock_codes(&self.codes);
        if let Some(link) = &cart.checkout {
            codes.check_free(&link.code)?;
            codes.issue(&link.code, self.id);
            state.cart_by_code.insert(link.code.clone(), cart.head());
        }
        drop(codes);
        if cart.state == CartState::Open {
            state.open_cart.insert(cart.customer_id, cart.id);
        }
        state.cart_seq.push(cart.id);
        state.carts.insert(cart.id, cart.clone());
        Ok(())
    }

    fn save_cart(&self, cart: &Cart, expected_version: u64) -> Result<()> {
        let mut state = self.write();
        let current = state.carts.get(&cart.id).ok_or_else(|| Error::CartNotFound { id: cart.id.to_string() })?;
        current.check_open()?;
        if current.version != expected_version {
            return Err(Error::StaleWrite);
        }
        if current.customer_id != cart.customer_id {
            return Err(Error::store("save_cart may not move a cart to another customer"));
        }
        if cart.state == CartState::Submitted {
            return Err(Error::store("save_cart may not submit a cart; use submit_cart"));
        }
        let old = current.checkout.as_ref().map(|l| l.code.clone());
        let new = cart.checkout.as_ref().map(|l| l.code.clone());
        if old != new {
            let mut codes = lock_codes(&self.codes);
            if let Some(code) = &new {
                codes.check_free(code)?;
                codes.issue(code, self.id);
            }
            if let Some(code) = &old {
                codes.retire(code);
                state.cart_by_code.remove(code);
            }
        }
        if let Some(code) = &new {
            state.cart_by_code.insert(code.clone(), cart.head());
        }
        if cart.state != CartState::Open {
            state.open_cart.remove(&cart.customer_id);
        }
        state.carts.insert(cart.id, cart.clone());
        Ok(())
    }

    fn cart(&self, id: CartId) -> Result<Option<Cart>> {
        Ok(self.read().carts.get(&id).cloned())
    }

    fn open_cart_of(&self, customer_id: CustomerId) -> Result<Option<Cart>> {
        let state = self.read();
        Ok(state.open_cart.get(&customer_id).and_then(|id| state.carts.get(id)).cloned())
    }

    fn carts_of(&self, customer_id: CustomerId) -> Result<Vec<Cart>> {
        let state = self.read();
        Ok(state
            .cart_seq
            .iter()
            .filter_map(|id| state.carts.get(id))
            .filter(|c| c.customer_id == customer_id)
            .cloned()
            .collect())
    }

    fn open_carts(&self) -> Result<Vec<Cart>> {
        let state = self.read();
        Ok(state
            .cart_seq
            .iter()
            .filter_map(|id| state.carts.get(id))
            .filter(|c| c.state == CartState::Open)
            .cloned()
            .collect())
    }

    fn checkout_target(&self, code: &LinkCode) -> Result<Option<(CartHead, Customer)>> {
        let state = self.read();
        Ok(state
            .cart_by_code
            .get(code)
            .and_then(|head| state.customers.get(&head.customer_id).map(|c| (head.clone(), c.clone()))))
    }

    fn cart_of_order(&self, order_id: OrderId) -> Result<Option<Cart>> {
        let state = self.read();
        Ok(state.cart_by_order.get(&order_id).and_then(|id| state.carts.get(id)).cloned())
    }

    fn submit_cart(&self, submitted: &Cart, expected_version: u64, order: &OrderRef) -> Result<CartSubmission> {
        let mut state = self.write();
        let current =
            state.carts.get(&submitted.id).ok_or_else(|| Error::CartNotFound { id: submitted.id.to_string() })?;
        match (current.state, current.order_id) {
            (CartState::Submitted, Some(order_id)) => {
                return Ok(CartSubmission {
                    cart_id: current.id,
                    order_id,
                    customer_id: current.customer_id,
                    created: false,
                })
            }
            (CartState::Open, _) => {}
            (state, _) => return Err(Error::CartClosed { state: state.as_str() }),
        }
        if current.version != expected_version {
            return Err(Error::StaleWrite);
        }
        if order.owner != OrderOwner::Customer(current.customer_id) || submitted.order_id != Some(order.id) {
            return Err(Error::store(
                "submit_cart takes the cart's customer's order, and the cart closed as that order",
            ));
        }
        let customer_id = current.customer_id;
        state.require_customer(customer_id)?;
        state.add_order(order)?;
        state.open_cart.remove(&customer_id);
        state.cart_by_order.insert(order.id, submitted.id);
        if let Some(link) = &submitted.checkout {
            state.cart_by_code.insert(link.code.clone(), submitted.head());
        }
        state.carts.insert(submitted.id, submitted.clone());
        Ok(CartSubmission { cart_id: submitted.id, order_id: order.id, customer_id, created: true })
    }
}
