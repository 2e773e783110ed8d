//! A JSON string's text from its raw JSON (quotes and escapes as written),
//! read by serde_json as a [`serde_json::value::RawValue`]: borrowed where
//! it has no escape, else unescaped into a string of the right size at
//! once. serde_json's own reading of an escaped string grows a buffer from
//! nothing for every record and copies it again into the string.

use std::borrow::Cow;

/// The text of the JSON string `raw` (quotes included, its syntax checked
/// by serde_json), or `None` where serde_json's own reading must decide:
/// not a string, or an escape this reading does not take (a surrogate not
/// in a pair, which serde_json refuses).
pub(super) fn json_str(raw: &str) -> Option<Cow<'_, str>> {
    inner(raw.strip_prefix('"')?.strip_suffix('"')?)
}

/// The text of a JSON string whose quotes are taken off (`inner`), as
/// [`json_str`] reads it.
fn inner(inner: &str) -> Option<Cow<'_, str>> {
    if memchr::memchr(b'\\', inner.as_bytes()).is_none() {
        return Some(Cow::Borrowed(inner));
    }
    let mut out = String::with_capacity(inner.len());
    let mut rest = inner;
    while let Some(i) = memchr::memchr(b'\\', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        let (c, after) = escape(rest.get(i + 1..)?)?;
        rest = after;
        out.push(c);
    }
    out.push_str(rest);
    Some(Cow::Owned(out))
}

/// The character of the escape whose backslash comes just before `rest`,
/// and what follows it; `None` for an escape [`json_str`] does not take.
pub(super) fn escape(rest: &str) -> Option<(char, &str)> {
    let letter = *rest.as_bytes().first()?;
    // the escape's letter is ASCII: the rest starts on a character
    let rest = rest.get(1..)?;
    let c = match letter {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => return code_point(rest),
        _ => return None,
    };
    Some((c, rest))
}

/// The character of a `\u` escape whose four hex digits start `s` (with
/// the low surrogate's escape after a high one), and what follows it.
fn code_point(s: &str) -> Option<(char, &str)> {
    let (unit, rest) = hex4(s)?;
    match unit {
        0xD800..=0xDBFF => {
            let (low, rest) = hex4(rest.strip_prefix("\\u")?)?;
            if !(0xDC00..=0xDFFF).contains(&low) {
                return None;
            }
            let c = 0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
            Some((char::from_u32(c)?, rest))
        }
        0xDC00..=0xDFFF => None,
        _ => Some((char::from_u32(u32::from(unit))?, rest)),
    }
}

/// The four hex digits that start `s`, and what follows them.
fn hex4(s: &str) -> Option<(u16, &str)> {
    let digits = s.get(..4)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some((u16::from_str_radix(digits, 16).ok()?, &s[4..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde_json reads of `raw` as a string, where it reads one.
    fn serde(raw: &str) -> Option<String> {
        serde_json::from_str::<String>(raw).ok()
    }

    #[test]
    fn escapes_read_as_serde_json_reads_them() {
        for raw in [
            r#""plain""#,
            r#""""#,
            r#""a\"b\\c\/d\be\ff\ng\rh\ti""#,
            r#""caf\u00e9 \u00E9 \u2019 \u0000""#,
            r#""\ud83d\ude00 pair""#,
            r#""\u00e9\u00e9\\u00e9""#,
            "\"\u{201C}quoted\u{201D}\\n\"",
        ] {
            assert_eq!(json_str(raw).map(Cow::into_owned), serde(raw), "{raw}");
        }
        // surrogates out of a pair: serde_json refuses them, and this
        // reading leaves them to it
        for raw in [
            r#""\ud800""#,
            r#""\udc00 x""#,
            r#""\ud800\u0041""#,
            r#""\ud800\n""#,
        ] {
            assert_eq!(json_str(raw), None, "{raw}");
            assert_eq!(serde(raw), None, "{raw}");
        }
        assert_eq!(json_str("12"), None);
        assert_eq!(json_str("null"), None);
    }

    proptest::proptest! {
        #![proptest_config(crate::fuzz::config(512, "tests/fixtures/proptest/unescape.txt"))]

        /// Any text, written by serde_json (escaping quotes, backslashes
        /// and control characters) or with every character as `\u`
        /// escapes (pairs beyond the first plane), reads back as
        /// serde_json reads it.
        #[test]
        fn any_string_reads_back_as_serde_json_reads_it(text in "[a\"\\\\/\u{0}-\u{1F}\u{7F}\u{E9}\u{2019}\u{1F600}]{0,24}") {
            let written = serde_json::to_string(&text).unwrap();
            proptest::prop_assert_eq!(json_str(&written).map(Cow::into_owned), serde(&written));
            let mut escaped = String::from("\"");
            for unit in text.encode_utf16() {
                escaped.push_str(&format!("\\u{unit:04x}"));
            }
            escaped.push('"');
            proptest::prop_assert_eq!(json_str(&escaped).map(Cow::into_owned), serde(&escaped));
            proptest::prop_assert_eq!(serde(&escaped), Some(text));
        }
    }
}
