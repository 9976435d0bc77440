//! `--db`: where a workspace is kept. A path (or `sqlite:PATH`) is a SQLite file; a URL names
//! a server store by its scheme. Adding a store is one arm here.

use orderlink::{Env, Error, Store, Workspace};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

/// A store location as `--db` takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file: `shop.db`, `sqlite:shop.db` or `sqlite://shop.db`.
    Sqlite(PathBuf),
    /// `postgres://…` or `postgresql://…`.
    Postgres(String),
}

impl FromStr for Location {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s.is_empty() {
            return Err("an empty --db; give a file path or a URL".into());
        }
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            return Ok(Location::Postgres(s.to_owned()));
        }
        if let Some(path) = s.strip_prefix("sqlite://").or_else(|| s.strip_prefix("sqlite:")) {
            return Ok(Location::Sqlite(PathBuf::from(path)));
        }
        if let Some((scheme, _)) = s.split_once("://") {
            return Err(format!("'{scheme}://' is not a store orderlink knows; give a file path or a postgres:// URL"));
        }
        Ok(Location::Sqlite(PathBuf::from(s)))
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            // The URL may carry a password: show only where it points.
            Location::Postgres(url) => {
                let rest = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
                write!(f, "postgres://{}", rest.rsplit('@').next().unwrap_or(rest))
            }
        }
    }
}

impl Location {
    /// The store there. `create`: a missing file is made (new workspaces); otherwise a missing
    /// file is an error, so a typo does not leave an empty file behind.
    pub fn open(&self, create: bool) -> Result<Arc<dyn Store>, String> {
        match self {
            Location::Sqlite(path) => {
                let store = if create {
                    orderlink_sqlite::SqliteStore::open(path)
                } else {
                    orderlink_sqlite::SqliteStore::open_existing(path)
                };
                Ok(Arc::new(store.map_err(|e| e.to_string())?))
            }
            // The server keeps what it has: `create` changes nothing here.
            Location::Postgres(url) => {
                Ok(Arc::new(orderlink_postgres::PostgresStore::connect(url).map_err(|e| format!("{self}: {e}"))?))
            }
        }
    }

    /// The workspace kept there.
    pub fn workspace(&self) -> Result<Workspace, String> {
        Workspace::open(self.open(false)?, Env::system()).map_err(|e| match e {
            Error::WorkspaceNotFound => {
                format!("{self} holds no workspace yet; make one with `orderlink workspace create NAME --db {self}`")
            }
            e => format!("{self}: {e}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_by_scheme() {
        assert_eq!("shop.db".parse(), Ok(Location::Sqlite("shop.db".into())));
        assert_eq!("sqlite:data/shop.db".parse(), Ok(Location::Sqlite("data/shop.db".into())));
        assert_eq!("sqlite:///var/shop.db".parse(), Ok(Location::Sqlite("/var/shop.db".into())));
        assert_eq!("postgres://u:p@db/shop".parse(), Ok(Location::Postgres("postgres://u:p@db/shop".into())));
        assert!("mysql://db/shop".parse::<Location>().unwrap_err().contains("'mysql://'"));
        assert_eq!(Location::Postgres("postgres://u:secret@db/shop".into()).to_string(), "postgres://db/shop");
    }
}
