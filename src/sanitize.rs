//! Untrusted text on a terminal: values read from the directory (LDAP), certificates and files
//! may carry control characters (an ESC sequence can move the cursor, rewrite a line, set the
//! window title or, on some terminals, answer back). They are never printed raw: every control
//! character (C0, DEL, C1) and the Unicode bidirectional overrides are shown as `\u{…}` escapes,
//! the way `escape_debug` does, while ordinary text (accents included) is kept as is.

use std::borrow::Cow;

fn is_unsafe(c: char) -> bool {
    c.is_control()
        // Bidirectional embeddings, overrides and isolates ("Trojan Source"): they reorder what
        // the terminal shows.
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

fn escape(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) && !keep(c) {
            match c {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One value (a table cell, a name inside a message): every control character is escaped,
/// newlines and tabs included.
pub fn escape_control(s: &str) -> Cow<'_, str> {
    escape(s, |_| false)
}

/// A whole message for a terminal: control characters are escaped, but the message's own line
/// breaks and tabs are kept.
pub fn terminal_text(s: &str) -> Cow<'_, str> {
    escape(s, |c| c == '\n' || c == '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_obey() {
        assert_eq!(
            escape_control("CABINET\u{1b}[2J\u{1b}]0;pwned\u{7}X"),
            "CABINET\\u{1b}[2J\\u{1b}]0;pwned\\u{7}X"
        );
        assert_eq!(escape_control("a\nb\rc\td"), "a\\nb\\rc\\td");
        assert_eq!(escape_control("x\u{9b}31m\u{7f}"), "x\\u{9b}31m\\u{7f}");
        assert_eq!(escape_control("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(
            terminal_text("line 1\n\tline 2\u{1b}[1A"),
            "line 1\n\tline 2\\u{1b}[1A"
        );
    }

    #[test]
    fn plain_french_text_is_kept_borrowed() {
        let s = "PHARMACIE DE L'ÉGLISE — Saint-Étienne (42)";
        assert!(matches!(escape_control(s), Cow::Borrowed(_)));
        assert_eq!(escape_control(s), s);
    }
}
