//! `--db`: where a workspace is kept. A path (or `sqlite:PATH`) is a SQLite file; a URL names
//! a server store by its scheme. Adding a store is one arm here.

use orderlink::{Env, Error, PlatformStore, Workspace};
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
            // Only the scheme is named: the rest may hold a password.
            let scheme = scheme.rsplit(['@', ':', '/']).next().unwrap_or_default();
            return Err(format!("'{scheme}://' is not a store orderlink knows; give a file path or a postgres:// URL"));
        }
        Ok(Location::Sqlite(PathBuf::from(s)))
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            // R4: the URL may carry a password; it is never shown.
            Location::Postgres(url) => f.write_str(&redact(url)),
        }
    }
}

/// R4: a server URL with its password replaced by `***`, in the user info
/// (`postgres://app:***@db/shop`) and in a `password=` query parameter alike.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    // The user info ends at the last '@' before the path (a password may hold '@' or '/').
    let (userinfo, host) = match rest.rfind('@') {
        Some(at) => (Some(&rest[..at]), &rest[at + 1..]),
        None => (None, rest),
    };
    let mut out = format!("{scheme}://");
    if let Some(userinfo) = userinfo {
        match userinfo.split_once(':') {
            Some((user, _)) => out.push_str(&format!("{user}:***@")),
            None => out.push_str(&format!("{userinfo}@")),
        }
    }
    match host.split_once('?') {
        None => out.push_str(host),
        Some((before, query)) => {
            out.push_str(before);
            out.push('?');
            let params: Vec<String> = query
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => p.to_owned(),
                })
                .collect();
            out.push_str(&params.join("&"));
        }
    }
    out
}

/// The secrets of a server URL as they appear in it: the password of its user info and of a
/// `password=` parameter, so an error a driver words can be cleaned of them too.
fn secrets(url: &str) -> Vec<&str> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let mut found = Vec::new();
    if let Some(at) = rest.rfind('@') {
        if let Some((_, password)) = rest[..at].split_once(':') {
            found.push(password);
        }
    }
    if let Some((_, query)) = rest.split_once('?') {
        found.extend(
            query
                .split('&')
                .filter_map(|p| p.split_once('='))
                .filter(|(k, _)| k.eq_ignore_ascii_case("password"))
                .map(|(_, v)| v),
        );
    }
    found.retain(|s| !s.is_empty());
    found
}

/// `--db` as clap reads it: a refused value is reported without echoing it, since it may
/// carry a password (clap's own message quotes the value whole).
#[derive(Clone)]
pub struct LocationParser;

impl clap::builder::TypedValueParser for LocationParser {
    type Value = Location;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Location, clap::Error> {
        let refuse = |message: String| {
            clap::Error::raw(clap::error::ErrorKind::ValueValidation, format!("invalid --db: {message}\n"))
                .with_cmd(cmd)
        };
        let text = value.to_str().ok_or_else(|| refuse("not valid UTF-8".into()))?;
        text.parse().map_err(|message: String| refuse(crate::safe::text(&message).into_owned()))
    }
}

impl Location {
    /// The store there. `create`: a missing file is made (new workspaces); otherwise a missing
    /// file is an error, so a typo does not leave an empty file behind.
    pub fn open(&self, create: bool) -> Result<Arc<dyn PlatformStore>, String> {
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
                let connected = orderlink_postgres::PostgresStore::connect(url);
                Ok(Arc::new(connected.map_err(|e| self.scrub(format!("{self}: {e}")))?))
            }
        }
    }

    /// The workspace kept there.
    pub fn workspace(&self) -> Result<Workspace, String> {
        Workspace::open(self.open(false)?, Env::system()).map_err(|e| match e {
            Error::WorkspaceNotFound => {
                format!("{self} holds no workspace yet; make one with `orderlink workspace create NAME --db {self}`")
            }
            e => self.scrub(format!("{self}: {e}")),
        })
    }

    /// R4: a message with the URL's secrets cut out, whatever put them there.
    fn scrub(&self, mut message: String) -> String {
        if let Location::Postgres(url) = self {
            for secret in secrets(url) {
                message = message.replace(secret, "***");
            }
        }
        message
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
        assert_eq!(Location::Postgres("postgres://u:secret@db/shop".into()).to_string(), "postgres://u:***@db/shop");
    }

    #[test]
    fn r4_passwords_are_redacted() {
        let cases = [
            ("postgres://app:s3cr:t@db:5432/shop", "postgres://app:***@db:5432/shop"),
            ("postgresql://app@db/shop", "postgresql://app@db/shop"),
            ("postgres://db/shop?sslmode=require&password=hunter2", "postgres://db/shop?sslmode=require&***"),
            ("postgres://a:p@ss@word@db/shop", "postgres://a:***@db/shop"),
        ];
        for (url, shown) in cases {
            let shown = shown.replace("&***", "&password=***");
            assert_eq!(redact(url), shown);
            let location = Location::Postgres(url.into());
            let scrubbed = location.scrub(format!("failed for {url}: bad password"));
            for secret in ["s3cr:t", "hunter2", "p@ss@word"] {
                assert!(!scrubbed.contains(secret), "{scrubbed}");
            }
        }
    }
}
