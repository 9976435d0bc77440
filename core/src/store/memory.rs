//! The embedded default: every record in memory behind one lock, so each trait call is atomic.

use super::{LinkRotation, Store, Uniqueness};
use crate::customer::Customer;
use crate::error::{Error, Result};
use crate::ids::{ChallengeId, CustomerId};
use crate::link::LinkCode;
use crate::settings::WorkspaceSettings;
use crate::sync::SyncWrite;
use crate::verification::{Challenge, RateLimit, SessionRecord};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

/// A thread-safe in-memory store.
///
/// ```
/// use orderlink::{MemoryStore, NewWorkspace, Workspace, Env};
/// use std::sync::Arc;
/// let ws = Workspace::create(Arc::new(MemoryStore::new()), Env::system(), NewWorkspace::named("Acme")).unwrap();
/// assert_eq!(ws.settings().unwrap().name, "Acme");
/// ```
#[derive(Debug, Default)]
pub struct MemoryStore {
    state: RwLock<State>,
}

#[derive(Debug, Default, Clone)]
struct State {
    settings: Option<WorkspaceSettings>,
    customers: HashMap<CustomerId, Customer>,
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
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
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
        self.customers.insert(c.id, c.clone());
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
        self.customers.insert(c.id, c.clone());
        Ok(())
    }
}

impl Store for MemoryStore {
    fn settings(&self) -> Result<Option<WorkspaceSettings>> {
        Ok(self.read().settings.clone())
    }

    fn save_settings(&self, settings: &WorkspaceSettings) -> Result<()> {
        self.write().settings = Some(settings.clone());
        Ok(())
    }

    fn insert_customer(&self, customer: &Customer, u: &Uniqueness) -> Result<()> {
        self.write().insert(customer, u)
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
        state.customers.remove(&id);
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

    fn apply_sync(&self, writes: &[SyncWrite], u: &Uniqueness) -> Result<()> {
        let mut state = self.write();
        // Apply to a copy and swap it in only if every write succeeded: all or nothing.
        let mut next = state.clone();
        for w in writes {
            match w {
                SyncWrite::Insert(c) => next.insert(c, u)?,
                SyncWrite::Update { customer, expected_version } => next.replace(customer, *expected_version, u)?,
            }
        }
        *state = next;
        Ok(())
    }

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
        state.by_link.remove(&current.link_code);
        state.retired_links.insert(current.link_code.clone());
        state.unindex(&current);
        state.index(customer);
        state.customers.insert(customer.id, customer.clone());
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
}
