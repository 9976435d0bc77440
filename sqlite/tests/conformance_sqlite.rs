//! The core's store conformance suite, unchanged, against SQLite files.
//!
//! Each check gets a new file in a folder cargo gives integration tests
//! (`target/tmp`), cleared once per run.

use orderlink_sqlite::SqliteStore;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// A new, empty store in a file of its own.
fn fresh() -> Arc<dyn orderlink::PlatformStore> {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = DIR.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sqlite-conformance");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("test folder");
        dir
    });
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    Arc::new(SqliteStore::open(dir.join(format!("store-{n}.db"))).expect("open a new file"))
}

orderlink::store_conformance_tests!(fresh);
