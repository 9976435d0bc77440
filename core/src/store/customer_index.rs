//! W4: the memory store's customers of one workspace, kept with what listing them needs, so a
//! page costs what the query matches rather than what the workspace holds, and only the page is
//! cloned:
//! - every customer's searchable fields (C5), folded once when the record is written;
//! - trigram posting lists over those folded bytes, so a search term of three bytes or more
//!   reads only the customers holding each of its trigrams;
//! - a name-ordered index, so a page by name walks names in order instead of sorting.
//!
//! The answer is exactly [`crate::listing::list`]'s: the same filter ([`CustomerQuery::matches`]
//! for everything but the search term, which is matched against the same folded fields), the
//! same order ([`crate::listing::ordering`]).

use crate::customer::{Customer, CustomerKind, OrderStats};
use crate::error::Result;
use crate::ids::{CustomerId, UserId};
use crate::listing::{self, CustomerQuery, Page, SortKey, StatusFilter, Viewer};
use crate::normalize::search_fold;
use memchr::memmem::Finder;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

/// One customer with its folded searchable fields.
#[derive(Debug, Clone)]
struct Slot {
    customer: Customer,
    /// The folded fields of [`listing::search_fields`], each followed by a NUL: a term is in a
    /// field exactly when it is in `hay`, as no term holds a NUL (R4: `CustomerQuery::validate`
    /// refuses one).
    hay: Box<str>,
    /// Where each field's NUL is.
    ends: [u32; 5],
    /// Bit `i` set: field `i` is present (an absent field is kept as an empty one).
    present: u8,
}

impl Slot {
    fn new(customer: Customer) -> Slot {
        let mut hay = String::new();
        let mut ends = [0u32; 5];
        let mut present = 0u8;
        for (i, field) in listing::search_fields(&customer).into_iter().enumerate() {
            if let Some(f) = field {
                hay.push_str(&search_fold(f));
                present |= 1 << i;
            }
            ends[i] = u32::try_from(hay.len()).unwrap_or(u32::MAX);
            hay.push('\0');
        }
        Slot { customer, hay: hay.into_boxed_str(), ends, present }
    }

    /// Field `i` ([`listing::search_fields`]' order), folded; `None` when absent.
    fn field(&self, i: usize) -> Option<&str> {
        if self.present & (1 << i) == 0 {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize + 1 };
        self.hay.get(start..self.ends[i] as usize)
    }

    /// The folded name.
    fn name(&self) -> &str {
        self.field(0).unwrap_or_default()
    }

    /// C5: whether any present field contains the folded term.
    fn contains(&self, term: &Finder<'_>) -> bool {
        term.find(self.hay.as_bytes()).is_some()
    }
}

/// What the status, viewer and kind filters read, kept apart from the records so that a scan
/// of every customer reads a few bytes each.
#[derive(Debug, Clone, Copy, Default)]
struct Row {
    live: bool,
    active: bool,
    kind: Option<CustomerKind>,
    managed_by: Option<UserId>,
}

impl Row {
    fn of(c: &Customer) -> Row {
        Row { live: true, active: c.active, kind: Some(c.kind()), managed_by: c.managed_by }
    }

    /// [`CustomerQuery::matches`] without the search term, the tag and the address.
    fn matches(&self, query: &CustomerQuery) -> bool {
        let status_ok = match query.filter {
            StatusFilter::Active => self.active,
            StatusFilter::Inactive => !self.active,
            StatusFilter::All => true,
        };
        let viewer_ok = match query.viewer {
            Viewer::Admin => true,
            Viewer::Guest(user) => self.managed_by == Some(user),
        };
        self.live && status_ok && viewer_ok && query.kind.is_none_or(|k| self.kind == Some(k))
    }
}

/// The trigrams of `bytes` that hold no NUL, sorted, each once.
fn trigrams(bytes: &[u8]) -> Vec<u32> {
    let mut all: Vec<u32> = bytes
        .windows(3)
        .filter(|w| !w.contains(&0))
        .map(|w| (u32::from(w[0]) << 16) | (u32::from(w[1]) << 8) | u32::from(w[2]))
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// The customers of one workspace, indexed for listing.
///
/// Slots are only appended: a customer whose folded fields change moves to a new slot, so every
/// posting list stays sorted; dead slots are dropped by a rebuild once they outnumber the live.
#[derive(Debug, Clone, Default)]
pub(super) struct Customers {
    slots: Vec<Option<Slot>>,
    /// By slot, beside `slots`.
    rows: Vec<Row>,
    by_id: HashMap<CustomerId, u32>,
    /// Live slots by folded name, then id: the default order.
    by_name: BTreeMap<(Box<str>, CustomerId), u32>,
    /// Trigram → the slots whose folded fields hold it, ascending (dead slots included).
    postings: HashMap<u32, Vec<u32>>,
    live: usize,
}

impl Customers {
    fn slot(&self, s: u32) -> Option<&Slot> {
        self.slots.get(s as usize).and_then(Option::as_ref)
    }

    /// One customer by id.
    pub(super) fn get(&self, id: &CustomerId) -> Option<&Customer> {
        self.by_id.get(id).and_then(|s| self.slot(*s)).map(|slot| &slot.customer)
    }

    /// Whether a customer with this id is kept.
    pub(super) fn contains_key(&self, id: &CustomerId) -> bool {
        self.by_id.contains_key(id)
    }

    /// Every customer, in no particular order.
    pub(super) fn values(&self) -> impl Iterator<Item = &Customer> {
        self.slots.iter().flatten().map(|slot| &slot.customer)
    }

    /// Adds a customer, or replaces the one with its id.
    pub(super) fn insert(&mut self, customer: Customer) {
        let slot = Slot::new(customer);
        if let Some(s) = self.by_id.get(&slot.customer.id).copied() {
            if let Some(Some(old)) = self.slots.get_mut(s as usize) {
                if old.hay == slot.hay {
                    // The same folded fields (so the same name): only the record changes.
                    old.customer = slot.customer;
                    self.rows[s as usize] = Row::of(&old.customer);
                    return;
                }
            }
            self.kill(s);
            self.push(slot);
            self.compact_if_sparse();
            return;
        }
        self.push(slot);
    }

    /// Removes a customer, returning it.
    pub(super) fn remove(&mut self, id: &CustomerId) -> Option<Customer> {
        let s = self.by_id.get(id).copied()?;
        let slot = self.kill(s);
        self.compact_if_sparse();
        slot.map(|slot| slot.customer)
    }

    /// Sets a customer's order stats, a new version of the record (the searchable fields stay).
    pub(super) fn set_stats(&mut self, id: CustomerId, stats: OrderStats) {
        let Some(s) = self.by_id.get(&id).copied() else { return };
        if let Some(Some(slot)) = self.slots.get_mut(s as usize) {
            slot.customer.stats = stats;
            slot.customer.version += 1;
            self.rows[s as usize] = Row::of(&slot.customer);
        }
    }

    fn push(&mut self, slot: Slot) {
        let s = u32::try_from(self.slots.len()).unwrap_or(u32::MAX);
        for t in trigrams(slot.hay.as_bytes()) {
            self.postings.entry(t).or_default().push(s);
        }
        self.by_name.insert((slot.name().into(), slot.customer.id), s);
        self.by_id.insert(slot.customer.id, s);
        self.rows.push(Row::of(&slot.customer));
        self.slots.push(Some(slot));
        self.live += 1;
    }

    /// Takes a slot out of every index but the posting lists (a dead slot there is skipped).
    fn kill(&mut self, s: u32) -> Option<Slot> {
        let slot = self.slots.get_mut(s as usize)?.take()?;
        self.rows[s as usize] = Row::default();
        self.by_name.remove(&(slot.name().into(), slot.customer.id));
        self.by_id.remove(&slot.customer.id);
        self.live -= 1;
        Some(slot)
    }

    fn compact_if_sparse(&mut self) {
        if self.slots.len() > 2 * self.live + 1024 {
            let slots = std::mem::take(&mut self.slots);
            *self = Customers::default();
            for slot in slots.into_iter().flatten() {
                self.push(slot);
            }
        }
    }

    /// The live slots that may hold `term`: those holding every trigram of it; `None` when the
    /// term has no trigram to look up (shorter than three bytes).
    fn candidates(&self, term: &str) -> Option<Vec<u32>> {
        let grams = trigrams(term.as_bytes());
        if grams.is_empty() {
            return None;
        }
        let mut lists = Vec::with_capacity(grams.len());
        for g in &grams {
            match self.postings.get(g) {
                Some(list) => lists.push(list),
                None => return Some(Vec::new()),
            }
        }
        lists.sort_by_key(|l| l.len());
        let mut found: Vec<u32> = lists[0].iter().copied().filter(|s| self.rows[*s as usize].live).collect();
        for list in &lists[1..] {
            if found.is_empty() {
                break;
            }
            found.retain(|s| list.binary_search(s).is_ok());
        }
        Some(found)
    }

    /// How two slots compare on the query's column.
    fn primary(key: SortKey, a: &Slot, b: &Slot) -> Ordering {
        match listing::sort_field(key) {
            Some(i) => listing::absent_last(a.field(i), b.field(i)),
            None => listing::compare_column(key, &a.customer, &b.customer),
        }
    }

    /// The posting list of the term's rarest trigram: every slot holding the term is in it.
    /// `None` when the term has no trigram to look up; an empty list when a trigram is in no
    /// customer.
    fn rarest(&self, term: &str) -> Option<&[u32]> {
        let mut best: Option<&[u32]> = None;
        for g in trigrams(term.as_bytes()) {
            let list = self.postings.get(&g).map_or(&[][..], Vec::as_slice);
            if best.is_none_or(|b| list.len() < b.len()) {
                best = Some(list);
            }
        }
        best
    }

    /// C5/C6, W4: the same page as [`listing::list`] over every customer.
    pub(super) fn list(&self, query: &CustomerQuery) -> Result<Page<Customer>> {
        query.validate()?;
        let folded = listing::folded_term(query.search.as_deref());
        // The folded term, ready to look for.
        let term = folded.as_deref().map(|t| Finder::new(t.as_bytes()));
        // The tag and address filters read the record (rarely asked; the core's own test).
        let details = query.tag.is_some() || query.address.is_some();
        let keep = |s: u32| {
            self.rows[s as usize].matches(query)
                && (term.is_none() && !details
                    || self.slot(s).is_some_and(|slot| {
                        term.as_ref().is_none_or(|t| slot.contains(t))
                            && (!details || query.matches(&slot.customer, None))
                    }))
        };
        let all = || 0..self.rows.len() as u32;
        if query.count_limit.is_some() {
            // W4: count up to one past the limit along the cheapest source of candidates (the
            // rarest trigram's posting list, else every slot), in slot order.
            let cap = query.count_cap();
            let source: &mut dyn Iterator<Item = u32> = match folded.as_deref().and_then(|t| self.rarest(t)) {
                Some(list) => &mut list.iter().copied(),
                None => &mut all(),
            };
            let mut matched = Vec::new();
            let mut read = 0usize;
            for s in &mut *source {
                read += 1;
                if keep(s) {
                    matched.push(s);
                    if matched.len() == cap {
                        break;
                    }
                }
            }
            if matched.len() == cap {
                // More match than the limit: the page from the name order, walked until it is
                // full, when that looks cheaper than finding every match; a walk that reads
                // more than finishing the source would (its matches are rarer than they
                // looked) gives up and finishes instead.
                let (total, total_exact) = query.bounded_total(matched.len());
                if query.sort == SortKey::Name {
                    let rarest = folded.as_deref().and_then(|t| self.rarest(t));
                    let left = rarest.map_or(self.rows.len(), <[u32]>::len) - read;
                    // The rarest trigram's customers as a bit set: a name the walk passes is
                    // tested against the term only when it holds that trigram.
                    let member = rarest.map(|list| {
                        let mut bits = vec![0u64; self.slots.len().div_ceil(64)];
                        for s in list {
                            bits[*s as usize / 64] |= 1 << (s % 64);
                        }
                        bits
                    });
                    let is_member =
                        |s: u32| member.as_ref().is_none_or(|bits| bits[s as usize / 64] & (1 << (s % 64)) != 0);
                    if let Some(page) = self.walk_names(query, &is_member, &keep, left.max(256)) {
                        let items = page.into_iter().map(|slot| slot.customer.clone()).collect();
                        return Ok(Page { items, total, total_exact, offset: query.offset, limit: query.limit });
                    }
                }
                matched.extend((&mut *source).filter(|s| keep(*s)));
                let page = self.page_of(query, matched);
                let items = page.into_iter().map(|slot| slot.customer.clone()).collect();
                return Ok(Page { items, total, total_exact, offset: query.offset, limit: query.limit });
            }
            let (total, total_exact) = query.bounded_total(matched.len());
            let items = self.page_of(query, matched).into_iter().map(|slot| slot.customer.clone()).collect();
            return Ok(Page { items, total, total_exact, offset: query.offset, limit: query.limit });
        }
        let matched: Vec<u32> = match folded.as_deref().and_then(|t| self.candidates(t)) {
            Some(candidates) => candidates.into_iter().filter(|s| keep(*s)).collect(),
            None => all().filter(|s| keep(*s)).collect(),
        };
        let (total, total_exact) = query.bounded_total(matched.len());
        let items = self.page_of(query, matched).into_iter().map(|slot| slot.customer.clone()).collect();
        Ok(Page { items, total, total_exact, offset: query.offset, limit: query.limit })
    }

    /// W4: the page of a name-sorted query, walking the name order (backwards, descending)
    /// and keeping the matches until the page is full; `None` when that tests more than
    /// `budget` customers with `keep` (those `pre`, a cheap test every match passes, lets
    /// through).
    fn walk_names(
        &self,
        query: &CustomerQuery,
        pre: &dyn Fn(u32) -> bool,
        keep: &dyn Fn(u32) -> bool,
        budget: usize,
    ) -> Option<Vec<&Slot>> {
        let end = query.offset.saturating_add(query.limit);
        let mut found = 0usize;
        let mut page = Vec::with_capacity(query.limit);
        let mut steps = 0usize;
        let mut take = |s: u32| -> Option<bool> {
            if !pre(s) {
                return Some(false);
            }
            steps += 1;
            if steps > budget {
                return None;
            }
            if keep(s) {
                if found >= query.offset {
                    page.extend(self.slot(s));
                }
                found += 1;
            }
            Some(found >= end)
        };
        if query.descending {
            // Names from the last down, equal names still by id ascending (listing::ordering).
            let mut names = self.by_name.iter().rev().peekable();
            let mut run: Vec<u32> = Vec::new();
            while let Some(((name, _), s)) = names.next() {
                run.push(*s);
                if names.peek().is_some_and(|((next, _), _)| next == name) {
                    continue;
                }
                for s in run.drain(..).rev() {
                    if take(s)? {
                        return Some(page);
                    }
                }
            }
        } else {
            for s in self.by_name.values() {
                if take(*s)? {
                    return Some(page);
                }
            }
        }
        Some(page)
    }

    /// C5: the query's page of every matching slot.
    fn page_of(&self, query: &CustomerQuery, mut matched: Vec<u32>) -> Vec<&Slot> {
        let found = matched.len();
        let end = query.offset.saturating_add(query.limit).min(found);
        if query.offset >= found {
            Vec::new()
        } else if query.sort == SortKey::Name
            && !query.descending
            && end.saturating_mul(self.live) <= found.saturating_mul(found).saturating_mul(2)
        {
            // Walk names in order, keeping the matched ones: about end × live / found steps.
            let mut member = vec![0u64; self.slots.len().div_ceil(64)];
            for s in &matched {
                member[*s as usize / 64] |= 1 << (s % 64);
            }
            self.by_name
                .values()
                .filter(|s| member[**s as usize / 64] & (1 << (**s % 64)) != 0)
                .skip(query.offset)
                .take(end - query.offset)
                .filter_map(|s| self.slot(*s))
                .collect()
        } else {
            let mut rows: Vec<&Slot> = matched.drain(..).filter_map(|s| self.slot(s)).collect();
            let cmp = |a: &&Slot, b: &&Slot| {
                let primary = Self::primary(query.sort, a, b);
                listing::ordering(query, primary, (a.name(), a.customer.id), (b.name(), b.customer.id))
            };
            if end < rows.len() {
                rows.select_nth_unstable_by(end, cmp);
                rows.truncate(end);
            }
            // Ids are unique, so the order is total and an unstable sort gives the one answer.
            rows.sort_unstable_by(cmp);
            rows.drain(..query.offset.min(rows.len()));
            rows
        }
    }
}
