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
        let value = crate::normalize::trim(input);
        if plain_ascii_address(value) {
            return Ok(value);
        }
        // R4: a control character is TEXT_INVALID, as in every other field.
        crate::text::check("email", value, crate::text::Lines::Single)?;
        full_check(value)?;
        // The stored form lower-cases the domain, and some capitals lower-case into something
        // the check refuses ("İ" becomes "i" and a combining dot, which cannot end a label).
        // What is stored must parse again, so the lower-cased form is checked as well.
        let (local, domain) = value.rsplit_once('@').unwrap_or((value, ""));
        if !domain.is_ascii() {
            let lowered = format!("{local}@{}", domain.to_lowercase());
            if let Err(Error::EmailInvalid { reason, .. }) = full_check(&lowered) {
                return Err(Error::EmailInvalid { value: value.to_owned(), reason });
            }
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

/// Byte classes for the fast path: RFC 5322 `atext` in ASCII (letters, digits and
/// ``!#$%&'*+-/=?^_`{|}~``), and of those the letters and digits.
const ATEXT: u8 = 1;
const ALNUM: u8 = 2;

const fn class_table() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            t[b] = ATEXT | ALNUM;
        }
        b += 1;
    }
    let specials = b"!#$%&'*+-/=?^_`{|}~";
    let mut i = 0;
    while i < specials.len() {
        t[specials[i] as usize] = ATEXT;
        i += 1;
    }
    t
}

const CLASS: [u8; 256] = class_table();

/// The common address, accepted in one pass over its bytes: ASCII `atext` and dots only, one
/// `@`, a dot-atom local part of at most 64 bytes, and a domain of at most 254 bytes with a
/// dot, whose labels are 1 to 63 bytes starting and ending with a letter or digit.
///
/// Only ever says yes to what the full check (the `email_address` crate and the rules around
/// it in [`Email::check`]) accepts; anything else, valid or not, takes the full check. A
/// property test holds the two together.
fn plain_ascii_address(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.len() > EMAIL_MAX_LEN {
        return false;
    }
    let class = |b: u8| CLASS[usize::from(b)];
    // The local part: atoms of atext between single dots, up to the @.
    let mut atom_start = 0;
    let mut at = None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'@' => {
                at = Some(i);
                break;
            }
            b'.' if i == atom_start => return false,
            b'.' => atom_start = i + 1,
            _ if class(b) & ATEXT == 0 => return false,
            _ => {}
        }
    }
    let Some(at) = at else { return false };
    if at == atom_start || at > 64 {
        return false;
    }
    // The domain: labels of 1 to 63 atext bytes, a letter or digit at each end, at least two.
    let mut label_start = at + 1;
    let mut dots = 0;
    let label_ok = |start: usize, end: usize| {
        end > start && end - start <= 63 && class(bytes[start]) & ALNUM != 0 && class(bytes[end - 1]) & ALNUM != 0
    };
    for (i, &b) in bytes.iter().enumerate().skip(at + 1) {
        if b == b'.' {
            if !label_ok(label_start, i) {
                return false;
            }
            dots += 1;
            label_start = i + 1;
        } else if class(b) & ATEXT == 0 {
            return false;
        }
    }
    dots > 0 && label_ok(label_start, bytes.len())
}

/// The full check, for every address [`plain_ascii_address`] does not accept at once.
fn full_check(value: &str) -> Result<&str> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// C3: the fast path accepts only what the full check accepts, on address-like text
        /// (atext, dots, @, and a sprinkling of what is not allowed).
        #[test]
        fn c3_fast_path_agrees_with_the_full_check(
            value in r#"[a-zA-Z0-9.!#'`{}~é\[\]"-]{0,10}@?[a-zA-Z0-9-]{0,8}(\.[a-zA-Z0-9_-]{0,8}){0,3}[a-z ]?"#
        ) {
            if plain_ascii_address(&value) {
                prop_assert_eq!(full_check(&value), Ok(value.as_str()));
            }
        }
    }

    #[test]
    fn c3_an_address_whose_lower_cased_domain_is_invalid_is_refused() {
        // Found by the property test in CI: "İ" lower-cases to "i" and U+0307, which cannot
        // end a domain label, so the stored form would not parse again.
        let err = Email::parse("0@Aİ.0").unwrap_err();
        assert_eq!(err.code(), "EMAIL_INVALID");
        assert!(Email::check("0@Aİ.0").is_err(), "check and parse agree");
        // A non-ASCII domain whose lower-cased form is fine is still accepted.
        assert_eq!(Email::parse("jo@CAFÉ.example").unwrap().as_str(), "jo@café.example");
    }

    #[test]
    fn c3_fast_path_takes_the_common_address_and_leaves_the_rest() {
        assert!(plain_ascii_address("orders7@customer12.example"));
        assert!(plain_ascii_address("o'brien+x@sub-domain.example.com"));
        for odd in [
            "a@b",
            "a..b@x.com",
            ".a@x.com",
            "a@-x.com",
            "a@x-.com",
            "a@x..com",
            "a@b@c.com",
            "é@x.com",
            "\"a\"@x.com",
            "a@[1.2.3.4]",
            "a.@x.com",
            "@x.com",
            "a@x.com.",
            "a@.x.com",
            "a@xcom",
        ] {
            assert!(!plain_ascii_address(odd), "{odd}");
        }
        let long_label = format!("a@{}.com", "x".repeat(64));
        assert!(!plain_ascii_address(&long_label));
        assert!(full_check(&long_label).is_err());
    }
}
