//! Fair turns for optimistic customer writes within one store value.
//!
//! Two threads updating one customer in a loop (read, patch, write at the read version) race
//! every round, and with a database in between the winner is systematically one round trip
//! ahead: it re-reads while the loser is still rolling back, so the loser can lose again and
//! again until the core's retries run out (`STALE_WRITE`). Here a thread whose write lost
//! (`StaleWrite`) gets the next turn at that customer: other threads of this store wait for its
//! retry (at most [`TURN_WAIT`]) before they write the customer. Writers in other processes are
//! not affected; between instances the versions alone decide.

use orderlink::ids::CustomerId;
use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

/// The longest a writer waits for a turn it does not hold: the holder may have given up.
const TURN_WAIT: Duration = Duration::from_millis(200);

#[derive(Default)]
pub(crate) struct Turns {
    holders: Mutex<HashMap<CustomerId, ThreadId>>,
    released: Condvar,
}

impl Turns {
    fn lock(&self) -> MutexGuard<'_, HashMap<CustomerId, ThreadId>> {
        // A map of plain values, changed by single calls: never half-written.
        self.holders.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits while another thread holds the turn at `id`.
    pub(crate) fn wait(&self, id: CustomerId) {
        let me = std::thread::current().id();
        let deadline = Instant::now() + TURN_WAIT;
        let mut holders = self.lock();
        while holders.get(&id).is_some_and(|t| *t != me) {
            let now = Instant::now();
            if now >= deadline {
                holders.remove(&id);
                break;
            }
            holders = self.released.wait_timeout(holders, deadline - now).unwrap_or_else(|p| p.into_inner()).0;
        }
    }

    /// After a write of `id` by this thread: it takes the next turn when the write lost to a
    /// newer version, and gives back a turn it held otherwise.
    pub(crate) fn after_write(&self, id: CustomerId, lost: bool) {
        let me = std::thread::current().id();
        let mut holders = self.lock();
        if lost {
            holders.entry(id).or_insert(me);
        } else if holders.get(&id) == Some(&me) {
            holders.remove(&id);
            drop(holders);
            self.released.notify_all();
        }
    }
}
