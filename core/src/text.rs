//! R4: what text validation accepts, every shipped store can store and every screen can show.
//!
//! Every text field is checked where it enters (customer fields, tags, notes, addresses, pending
//! buyers, price groups, products, templates, the workspace name, sync records, import cells):
//!
//! - **Control characters are refused** (`TEXT_INVALID`): NUL and the rest of C0
//!   (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F). PostgreSQL cannot store NUL in text
//!   at all, and the others are invisible in a grid and break CSV and e-mail headers. Fields
//!   that hold lines (notes, address lines, a template body) also take tab, CR and LF; other
//!   fields take none of them inside the text (leading and trailing ones are trimmed away first,
//!   as any white space is).
//! - **A name needs a visible character** (customer, business, workspace, price group, product):
//!   a letter, digit, punctuation mark or symbol. White space, format characters (Cf: zero-width
//!   space U+200B, word joiner U+2060, BOM U+FEFF, soft hyphen U+00AD …), combining marks with
//!   nothing to combine with, unassigned and private-use code points and the Hangul fillers are
//!   not, so a name made only of them is refused.
//!
//! Everything else is text like any other: accents, emoji, right-to-left scripts, and format
//! characters inside a name that also has visible ones (a ZWJ inside an emoji sequence).

use crate::error::{Error, Result};
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// Whether a field holds lines (tab, CR and LF allowed inside it) or one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// One line: no control character at all.
    Single,
    /// Lines: tab, CR and LF allowed, other control characters not.
    Multi,
}

/// R4: `text` if it holds no control character the field does not allow, else `TEXT_INVALID`.
///
/// ```
/// use orderlink::text::{check, Lines};
/// assert!(check("note", "line one\nline two", Lines::Multi).is_ok());
/// assert_eq!(check("name", "Acme\0", Lines::Single).unwrap_err().code(), "TEXT_INVALID");
/// ```
pub fn check<'a>(field: &'static str, text: &'a str, lines: Lines) -> Result<&'a str> {
    // Fast path: printable ASCII, which most fields are.
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Ok(text);
    }
    for c in text.chars() {
        if is_control(c) && !(lines == Lines::Multi && matches!(c, '\t' | '\n' | '\r')) {
            return Err(Error::TextInvalid { field, reason: reason(c, lines) });
        }
    }
    Ok(text)
}

/// R4: `name` if it holds no control character and at least one visible character, else
/// `TEXT_INVALID`. (A blank name is the caller's `NAME_REQUIRED` or its own message.)
///
/// ```
/// use orderlink::text::check_name;
/// assert!(check_name("name", "Café 🍰").is_ok());
/// assert_eq!(check_name("name", "\u{200B}\u{2060}").unwrap_err().code(), "TEXT_INVALID");
/// ```
pub fn check_name<'a>(field: &'static str, name: &'a str) -> Result<&'a str> {
    check(field, name, Lines::Single)?;
    if !name.is_empty() && !has_visible(name) {
        return Err(Error::TextInvalid { field, reason: "has no visible character" });
    }
    Ok(name)
}

/// An optional free-text value (an actor, a reason): trimmed, blank → absent, and checked.
pub(crate) fn optional(field: &'static str, value: Option<&str>, lines: Lines) -> Result<Option<String>> {
    let value = crate::normalize::optional_text(value);
    if let Some(v) = &value {
        check(field, v, lines)?;
    }
    Ok(value)
}

/// A C0 or C1 control character, or DEL (general category Cc).
pub fn is_control(c: char) -> bool {
    matches!(c, '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// A character a person sees: a letter, mark-free digit, punctuation or symbol (not white
/// space, a format character, a mark, an unassigned or private-use code point, or a Hangul
/// filler, which is a letter by category but shows nothing).
pub fn is_visible(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_graphic();
    }
    if matches!(c, '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}') {
        return false;
    }
    matches!(
        c.general_category_group(),
        GeneralCategoryGroup::Letter
            | GeneralCategoryGroup::Number
            | GeneralCategoryGroup::Punctuation
            | GeneralCategoryGroup::Symbol
    )
}

/// Whether `text` has at least one [visible](is_visible) character.
pub fn has_visible(text: &str) -> bool {
    text.chars().any(is_visible)
}

fn reason(c: char, lines: Lines) -> &'static str {
    match (c, lines) {
        ('\0', _) => "contains a NUL character",
        ('\t' | '\n' | '\r', Lines::Single) => "contains a tab or line break, which this field does not take",
        _ => "contains a control character",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r4_control_characters_are_refused() {
        for bad in ["a\0b", "a\u{1}b", "a\u{1b}[31mb", "a\u{7f}", "a\u{85}b", "a\u{9f}"] {
            for lines in [Lines::Single, Lines::Multi] {
                assert_eq!(check("f", bad, lines).unwrap_err().code(), "TEXT_INVALID", "{bad:?}");
            }
        }
        for lined in ["a\tb", "a\nb", "a\r\nb"] {
            assert!(check("f", lined, Lines::Multi).is_ok());
            assert_eq!(check("f", lined, Lines::Single).unwrap_err().code(), "TEXT_INVALID");
        }
    }

    #[test]
    fn r4_text_forms_validation_accepts() {
        for ok in ["Crème Brûlée", "مطعم الشرق", "שלום", "寿司", "👩‍🍳 Kitchen", "e\u{301}", "Zoë\u{200D}"]
        {
            assert!(check_name("name", ok).is_ok(), "{ok:?}");
        }
    }

    #[test]
    fn r4_invisible_only_names_are_refused() {
        for bad in ["\u{200B}", "\u{2060}", "\u{FEFF}", "\u{AD}", "\u{301}\u{308}", "\u{3164}", "\u{200B} \u{200C}"] {
            assert_eq!(check_name("name", bad).unwrap_err().code(), "TEXT_INVALID", "{bad:?}");
        }
    }
}
