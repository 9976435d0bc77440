//! R4: what the CLI prints cannot drive the terminal. Cell values, headers, issue values, file
//! names and messages can hold control characters from a file (an ANSI escape sequence, a
//! carriage return that overwrites a line, a bidi override that reorders one); each is shown
//! escaped instead: `\x1b` for C0 controls and DEL, `\u{9b}` for C1 controls and the bidi
//! controls. Tab is kept. JSON output escapes them the JSON way (`\u001b`), so it stays valid.

use std::borrow::Cow;

/// Whether `c` would act on a terminal rather than show: a control character (C0 but tab,
/// DEL, C1) or a bidirectional override, embedding or isolate.
fn acts(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character that would act on a terminal escaped (see the module).
pub fn text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !acts(c) => out.push(c),
            c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

/// Serialised JSON with the characters serde_json leaves raw (C1 controls, bidi controls;
/// it escapes C0 itself) written as `\uXXXX` escapes: still valid JSON, and the same string
/// once parsed. They can only occur inside strings, as JSON's own syntax is ASCII.
pub fn json(serialised: &str) -> Cow<'_, str> {
    // ASCII controls are serde_json's to escape (inside strings) or layout (line breaks between).
    let raw = |c: char| !c.is_ascii() && acts(c);
    if !serialised.chars().any(raw) {
        return Cow::Borrowed(serialised);
    }
    let mut out = String::with_capacity(serialised.len() + 8);
    for c in serialised.chars() {
        if raw(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r4_controls_are_escaped_and_plain_text_is_borrowed() {
        assert!(matches!(text("Corner Deli\tcafé"), Cow::Borrowed(_)));
        assert_eq!(text("\u{1b}[31mred\u{1b}[0m"), "\\x1b[31mred\\x1b[0m");
        assert_eq!(text("a\rb\nc\u{7f}"), "a\\x0db\\x0ac\\x7f");
        assert_eq!(text("\u{9b}2J \u{202e}txt.exe"), "\\u{9b}2J \\u{202e}txt.exe");
        let j = json("{\n\"v\":\"\u{9b}x\u{202e}\"}");
        assert_eq!(j, "{\n\"v\":\"\\u009bx\\u202e\"}");
        let back: serde_json::Value = serde_json::from_str(&j).unwrap();
        assert_eq!(back["v"], "\u{9b}x\u{202e}");
    }
}
