//! Order links (L1–L3): codes, URLs and parsing.

use crate::env::{random_array, RandomSource};
use crate::error::{Error, Result};
use data_encoding::{Encoding, Specification};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

/// Bytes of CSPRNG output in a link code: 128 bits (W3C capability URLs, OWASP tokens).
pub const LINK_CODE_BYTES: usize = 16;
/// Characters in a link code: 128 bits in Crockford base32.
pub const LINK_CODE_LEN: usize = 26;

/// Crockford base32 as data-encoding spells it: no I, L, O or U; lower case and the look-alikes
/// (i, l → 1; o → 0) are read as Crockford says; trailing bits must be zero, so every code has
/// exactly one spelling.
fn crockford() -> &'static Encoding {
    static ENC: OnceLock<Encoding> = OnceLock::new();
    ENC.get_or_init(|| {
        let mut spec = Specification::new();
        spec.symbols.push_str("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
        spec.translate.from.push_str("abcdefghjkmnpqrstvwxyzIiLlOo");
        spec.translate.to.push_str("ABCDEFGHJKMNPQRSTVWXYZ111100");
        spec.check_trailing_bits = true;
        // The spec is a constant; a failure here is a bug caught by every test run.
        #[allow(clippy::expect_used)]
        spec.encoding().expect("the Crockford base32 specification is valid")
    })
}

/// An order-link code (L1, L2): 26 characters of Crockford base32 carrying 128 bits from a
/// CSPRNG. A value of this type is always well-formed and in canonical (upper-case) spelling.
///
/// ```
/// use orderlink::LinkCode;
/// let code = LinkCode::parse("https://shop.example/order/7ZQ4MXD0N5W8K3JY6HBVRT2CA0").unwrap();
/// assert_eq!(code.as_str(), "7ZQ4MXD0N5W8K3JY6HBVRT2CA0");
/// // Case and Crockford look-alikes are forgiven; anything else is refused.
/// assert_eq!(LinkCode::parse("7zq4mxdon5w8k3jy6hbvrt2ca0").unwrap(), code);
/// assert_eq!(LinkCode::parse("not-a-code").unwrap_err().code(), "LINK_MALFORMED");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct LinkCode(String);

impl LinkCode {
    /// A fresh code from `random`.
    pub fn generate(random: &dyn RandomSource) -> LinkCode {
        LinkCode(crockford().encode(&random_array::<LINK_CODE_BYTES>(random)))
    }

    /// L3: parses an order-link URL (`…/order/{code}`) or a bare code. Case is normalised;
    /// anything that is not exactly one well-formed code is refused here, before any store
    /// look-up.
    pub fn parse(input: &str) -> Result<LinkCode> {
        let trimmed = input.trim();
        let malformed = |reason| Error::LinkMalformed { input: clip(trimmed), reason };
        let raw = if trimmed.contains('/') {
            code_from_url(trimmed).ok_or_else(|| malformed("not a …/order/{code} link"))?
        } else {
            trimmed.to_owned()
        };
        if raw.len() != LINK_CODE_LEN {
            return Err(malformed("a link code has 26 characters"));
        }
        let bytes = crockford()
            .decode(raw.as_bytes())
            .map_err(|_| malformed("a link code uses only 0-9 and A-Z without I, L, O, U"))?;
        if bytes.len() != LINK_CODE_BYTES {
            return Err(malformed("a link code carries 128 bits"));
        }
        Ok(LinkCode(crockford().encode(&bytes)))
    }

    /// The canonical spelling.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// L3: the order link URL for this code under `base_url`.
    pub fn url(&self, base_url: &str) -> String {
        format!("{}/order/{}", base_url.trim_end_matches('/'), self.0)
    }
}

/// Inputs echoed in errors are clipped so that a megabyte of junk does not become a megabyte of
/// error message.
pub(crate) fn clip(input: &str) -> String {
    const MAX: usize = 80;
    if input.chars().count() <= MAX {
        input.to_owned()
    } else {
        format!("{}…", input.chars().take(MAX).collect::<String>())
    }
}

/// The code part of `…/order/{code}`, whether given as an absolute URL or as a path.
fn code_from_url(input: &str) -> Option<String> {
    let path = if input.contains("://") {
        let url = url::Url::parse(input).ok()?;
        if !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        url.path().to_owned()
    } else {
        input.split(['?', '#']).next()?.to_owned()
    };
    let mut segments = path.trim_end_matches('/').rsplit('/');
    let code = segments.next()?;
    (segments.next()? == "order").then(|| code.to_owned())
}

impl fmt::Display for LinkCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for LinkCode {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        LinkCode::parse(s)
    }
}

impl<'de> Deserialize<'de> for LinkCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        LinkCode::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// L4: what a link code points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LinkTarget {
    /// A customer's own link.
    Customer {
        /// The customer the link belongs to.
        customer_id: crate::CustomerId,
    },
    /// The workspace's public link.
    Workspace,
    /// CT3: a checkout link: one cart of one customer.
    Checkout {
        /// The customer the cart belongs to.
        customer_id: crate::CustomerId,
        /// The cart it opens.
        cart_id: crate::CartId,
    },
    /// Well-formed, but nobody's (never issued, or rotated away).
    Unknown,
}
