//! The common record, an object whose fields are all strings or null, each
//! named once, read in one pass over its line's bytes: no `from_utf8` of
//! the whole line first, no serde_json reading each value raw and
//! [`unescape`] scanning it again. Each string's end and escapes are
//! found in one `memchr2` pass, its text checked once (no control
//! character, UTF-8), and its escapes read by [`unescape::escape`], as the
//! serde road reads them.
//!
//! Anything else gives `None`, and the line goes the serde road
//! ([`super::value`]), which gives what it gave before: a number, `true`,
//! an array, a field named twice, a surrogate not in a pair, a control
//! character, bad UTF-8, a byte-order mark, anything after the object.
//! So this reading only ever takes lines that the serde road reads as an
//! object of strings, and gives the same fields.

use std::borrow::Cow;

use super::unescape;

/// A record's fields in order, each value a string or null (`None`).
pub(super) type Entries<'a> = Vec<(Cow<'a, str>, Option<Cow<'a, str>>)>;

/// The fields of `line` where it is an object of strings and nulls (see
/// the module doc), else `None`.
pub(super) fn entries(line: &[u8]) -> Option<Entries<'_>> {
    let mut at = Cursor {
        b: line,
        i: 0,
        escapes: Vec::new(),
    };
    at.spaces();
    at.eat(b'{')?;
    at.spaces();
    let mut entries: Entries = Vec::with_capacity(8);
    if at.peek() == Some(b'}') {
        at.i += 1;
    } else {
        loop {
            at.eat(b'"')?;
            let key = at.string()?;
            if entries.iter().any(|(k, _)| *k == key) {
                return None;
            }
            at.spaces();
            at.eat(b':')?;
            at.spaces();
            let value = match at.peek()? {
                b'"' => {
                    at.i += 1;
                    Some(at.string()?)
                }
                b'n' => {
                    at.eat_all(b"null")?;
                    None
                }
                _ => return None,
            };
            entries.push((key, value));
            at.spaces();
            match at.peek()? {
                b',' => at.i += 1,
                b'}' => {
                    at.i += 1;
                    break;
                }
                _ => return None,
            }
            at.spaces();
        }
    }
    at.spaces();
    (at.i == line.len()).then_some(entries)
}

/// A place in a line's bytes.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
    /// Where the escapes of the string being read start, from its start.
    escapes: Vec<usize>,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Past JSON's whitespace (serde_json's: space, tab, line feed,
    /// carriage return).
    fn spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.i += 1)
    }

    fn eat_all(&mut self, word: &[u8]) -> Option<()> {
        let rest = self.b.get(self.i..)?;
        rest.starts_with(word).then(|| self.i += word.len())
    }

    /// The string whose opening quote was just read, and past its closing
    /// one. Its end is found in one `memchr2` pass, which notes where its
    /// escapes are; the text is then checked once, and copied with the
    /// escapes read only where it has some.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let start = self.i;
        self.escapes.clear();
        // where the next quote or backslash may be one of the string's own
        // (the byte after a backslash is escaped: `\"` does not close it)
        let mut next = 0;
        let mut end = None;
        for at in memchr::memchr2_iter(b'"', b'\\', self.b.get(start..)?) {
            if at < next {
                continue;
            }
            if self.b[start + at] == b'"' {
                end = Some(start + at);
                break;
            }
            self.escapes.push(at);
            next = at + 2;
        }
        let end = end?;
        self.i = end + 1;
        let inner = plain_text(&self.b[start..end])?;
        if self.escapes.is_empty() {
            return Some(Cow::Borrowed(inner));
        }
        let mut out = String::with_capacity(inner.len());
        let mut from = 0;
        for &at in &self.escapes {
            // within an escape read already (a surrogate pair's second)
            if at < from {
                continue;
            }
            out.push_str(inner.get(from..at)?);
            let (c, rest) = unescape::escape(inner.get(at + 1..)?)?;
            out.push(c);
            from = inner.len() - rest.len();
        }
        out.push_str(inner.get(from..)?);
        Some(Cow::Owned(out))
    }
}

/// `bytes` as text where they are UTF-8 without a control character
/// (which JSON strings must escape).
fn plain_text(bytes: &[u8]) -> Option<&str> {
    let mut chunks = bytes.chunks_exact(32);
    for chunk in chunks.by_ref() {
        if has_control(chunk) {
            return None;
        }
    }
    if has_control(chunks.remainder()) {
        return None;
    }
    simdutf8::basic::from_utf8(bytes).ok()
}

/// Whether `bytes` has a byte below 0x20 (every byte looked at, so that
/// the loop is vectorised).
fn has_control(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |found, &b| found | (b < 0x20))
}

#[cfg(test)]
mod tests;
