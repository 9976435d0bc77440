//! C3: email addresses.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The longest address SMTP can carry (RFC 5321 forward-path limit).
pub const EMAIL_MAX_LEN: usize = 254;

/// A valid email address, stored trimmed with a lower-cased domain (C3). A value of this type
/// is always valid: the only way to make one is [`Email::parse`].
///
/// ```
/// use orderlink::Email;
/// let e = Email::parse("  Jo.Bloggs@Example.COM ").unwrap();
/// assert_eq!(e.as_str(), "Jo.Bloggs@example.com");
/// assert_eq!(Email::parse("jo@localhost").unwrap_err().code(), "EMAIL_INVALID");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Validates and normalises an address: trimmed, no white space anywhere, a practical
    /// RFC 5322 address (no quoted local parts, no display names, no IP-literal domains), and a
    /// domain with a dot.
    pub fn parse(input: &str) -> Result<Email> {
        let value = Email::check(input)?;
        let (local, domain) = value.rsplit_once('@').unwrap_or((value, ""));
        Ok(Email(format!("{local}@{}", domain.to_lowercase())))
    }

    /// [`Email::parse`]'s checks without building the value: the trimmed address, or why it is
    /// not valid.
    pub fn check(input: &str) -> Result<&str> {
        let value = input.trim();
        let invalid = |reason| Error::EmailInvalid { value: value.to_owned(), reason };
        if value.len() > EMAIL_MAX_LEN && value.chars().count() > EMAIL_MAX_LEN {
            return Err(invalid("longer than 254 characters"));
        }
        // The same set as char::is_whitespace, without decoding when the text is ASCII.
        let white = |s: &str| {
            if s.is_ascii() {
                s.bytes().any(|b| b.is_ascii_whitespace() || b == 0x0B)
            } else {
                s.chars().any(char::is_whitespace)
            }
        };
        if white(value) {
            return Err(invalid("contains white space"));
        }
        let (local, domain) = value.rsplit_once('@').ok_or_else(|| invalid("no @"))?;
        if local.starts_with('"') || domain.starts_with('[') {
            return Err(invalid("quoted local parts and IP-literal domains are not accepted"));
        }
        let options = email_address::Options::default().without_display_text();
        email_address::EmailAddress::parse_with_options(value, options)
            .map_err(|_| invalid("not of the form name@example.com"))?;
        if !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
            return Err(invalid("the domain needs a dot, as in example.com"));
        }
        Ok(value)
    }

    /// The address as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address for N1 matching (fully lower-cased).
    pub fn match_key(&self) -> String {
        crate::normalize::normalize_email(&self.0)
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Email {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Email::parse(s)
    }
}

impl<'de> Deserialize<'de> for Email {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Email::parse(&raw).map_err(serde::de::Error::custom)
    }
}
