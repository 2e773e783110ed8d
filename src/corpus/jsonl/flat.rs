//! The common record, an object whose fields are all strings or null, each
//! named once, read in one pass over its line's bytes: no `from_utf8` of
//! the whole line first, no serde_json reading each value raw and
//! [`unescape`] scanning it again. Each string is found with `memchr2`
//! and checked once (no control character, UTF-8); one with escapes is
//! unescaped by [`unescape::inner`], as the serde road unescapes it.
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
    let mut at = Cursor { b: line, i: 0 };
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
    /// one.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let start = self.i;
        let mut escaped = false;
        let end = loop {
            let found = memchr::memchr2(b'"', b'\\', self.b.get(self.i..)?)? + self.i;
            if self.b[found] == b'"' {
                break found;
            }
            // the escaped byte is skipped: `\"` does not close the string
            escaped = true;
            self.i = found + 2;
        };
        self.i = end + 1;
        let inner = plain_text(&self.b[start..end])?;
        match escaped {
            false => Some(Cow::Borrowed(inner)),
            true => unescape::inner(inner),
        }
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
