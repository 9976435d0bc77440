//! Text normalisation used by several rules, in one place.
//!
//! - N1 match keys: business names (NFKC, full case folding, inner white space collapsed,
//!   trimmed) and emails (trimmed, lower-cased).
//! - C5 search: case- and accent-insensitive folding for substring search and name sorting.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// N1: the normalised form of a business name.
///
/// ```
/// assert_eq!(orderlink::normalize_name("  ACME\u{00A0}Pty   Ltd "), "acme pty ltd");
/// assert_eq!(orderlink::normalize_name("Straße"), "strasse");
/// ```
pub fn normalize_name(name: &str) -> String {
    // ASCII fast path, exact: NFKC leaves ASCII as it is and folding ASCII is lower-casing.
    if name.is_ascii() {
        return collapse_whitespace(&name.to_ascii_lowercase());
    }
    // Fold, then NFKC again: case folding can produce sequences that are not in NFKC form, and
    // the second pass makes the function idempotent (NFKC_Casefold in spirit).
    let folded = caseless::default_case_fold_str(&name.nfkc().collect::<String>());
    collapse_whitespace(&folded.nfkc().collect::<String>())
}

/// N1: the normalised form of an email for matching: trimmed and lower-cased.
///
/// ```
/// assert_eq!(orderlink::normalize_email("  Orders@Example.COM "), "orders@example.com");
/// ```
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// C5: folds text for case- and accent-insensitive comparison ("Café" and "cafe" match).
///
/// ```
/// assert_eq!(orderlink::search_fold("Crème Brûlée"), "creme brulee");
/// ```
pub fn search_fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let stripped: String = text.nfkd().filter(|c| !is_combining_mark(*c)).collect();
    caseless::default_case_fold_str(&stripped)
}

/// Trims and collapses every run of Unicode white space to one ASCII space.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// [`str::trim`], without decoding when the text starts and ends with visible ASCII (as most
/// cells and fields do).
#[inline]
pub(crate) fn trim(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    let bytes = text.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        text
    } else {
        text.trim()
    }
}

/// Trims an optional text field; blank means absent (C2).
pub(crate) fn optional_text(value: Option<&str>) -> Option<String> {
    value.map(trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The fast trim is `str::trim` on any text.
        #[test]
        fn c2_fast_trim_is_str_trim(text in r"[ \t\u{0b}\u{a0}\u{2003}a-zé\n]{0,8}") {
            prop_assert_eq!(super::trim(&text), text.trim());
        }
    }
}
