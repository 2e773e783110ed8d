//! The common record, an object whose fields are all strings or null, each
//! named once, read in one pass over its line's bytes: no `from_utf8` per
//! string, no serde_json reading each value raw and [`unescape`] scanning
//! it again. The line is checked as UTF-8 once, whole; each string's end
//! and escapes are then found in one pass that stops at its quotes,
//! backslashes and control characters ([`scan`]), 32 bytes at a time,
//! and its escapes read by [`unescape::escape`], as the serde road reads
//! them.
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
    // The whole line at once, rather than each string: a string ends and
    // starts at ASCII bytes, so in a line of UTF-8 every string is UTF-8;
    // and a line that is not UTF-8 either has its bad bytes in a string,
    // which the one-string-at-a-time check refused, or out of one, where
    // the syntax below refuses any byte beyond ASCII.
    let text = simdutf8::basic::from_utf8(line).ok()?;
    let mut at = Cursor {
        t: text,
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
    /// The line, checked as UTF-8.
    t: &'a str,
    /// Its bytes.
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
    /// one. Its end is found in one pass ([`scan`]) that notes where its
    /// escapes are and refuses a control character (JSON strings must
    /// escape them); the text is then borrowed, or copied with its escapes
    /// read where it has some.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let start = self.i;
        self.escapes.clear();
        let end = start + scan(self.b.get(start..)?, &mut self.escapes)?;
        self.i = end + 1;
        let inner = self.t.get(start..end)?;
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

/// Where the string that `b` starts with (its opening quote read) ends,
/// its escapes' backslashes noted in `escapes`; `None` at a control
/// character or where it does not end. The byte after a backslash is
/// escaped: `\"` does not end the string (nor is a control character
/// there refused here: [`unescape::escape`] refuses it). Compiled for
/// AVX2 where the processor has it (checked at run time).
fn scan(b: &[u8], escapes: &mut Vec<usize>) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        return unsafe { scan_avx2(b, escapes) };
    }
    scan_with(b, escapes, marks_any)
}

/// [`scan`] compiled for AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn scan_avx2(b: &[u8], escapes: &mut Vec<usize>) -> Option<usize> {
    scan_with(b, escapes, |c| marks_avx2(c))
}

/// [`scan`], 32 bytes at a time by `marks` (a bit for each quote,
/// backslash or control character), the last few a byte at a time. Each
/// step goes from mark to mark within its 32 bytes, so that a string's
/// escapes cost no new start of the scan.
#[inline(always)]
fn scan_with(
    b: &[u8],
    escapes: &mut Vec<usize>,
    marks: impl Fn(&[u8; 32]) -> u32,
) -> Option<usize> {
    let (chunks, tail) = b.as_chunks::<32>();
    // the first byte of this step is escaped (a backslash ended the last)
    let mut escaped = false;
    for (k, c) in chunks.iter().enumerate() {
        let mut m = marks(c) & !u32::from(escaped);
        escaped = false;
        while m != 0 {
            let i = m.trailing_zeros() as usize;
            m &= m - 1;
            match c[i] {
                b'"' => return Some(k * 32 + i),
                b'\\' => {
                    note(escapes, k * 32 + i);
                    match i {
                        31 => escaped = true,
                        _ => m &= !(1 << (i + 1)),
                    }
                }
                _ => return None,
            }
        }
    }
    let from = chunks.len() * 32;
    let mut i = usize::from(escaped);
    while let Some(&x) = tail.get(i) {
        match x {
            b'"' => return Some(from + i),
            b'\\' => {
                note(escapes, from + i);
                i += 2;
            }
            x if x < 0x20 => return None,
            _ => i += 1,
        }
    }
    None
}

/// Notes the escape at `at`. The first of a string makes room for many:
/// a text has tens (its paragraphs' line ends, its quotes), where growing
/// from nothing took five allocations.
fn note(escapes: &mut Vec<usize>, at: usize) {
    if escapes.capacity() == 0 {
        escapes.reserve(64);
    }
    escapes.push(at);
}

/// A bit for each byte of `c` that is a quote, a backslash or a control
/// character, the first byte's lowest: [`marks_avx2`] on any processor.
fn marks_any(c: &[u8; 32]) -> u32 {
    c.iter().enumerate().fold(0, |m, (i, &x)| {
        let special = x == b'"' || x == b'\\' || x < 0x20;
        m | u32::from(special) << i
    })
}

/// [`marks_any`], 32 bytes to a register.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn marks_avx2(c: &[u8; 32]) -> u32 {
    use std::arch::x86_64::*;
    // SAFETY: the load reads the 32 bytes of `c` (an unaligned load may
    // read any address).
    let v = unsafe { _mm256_loadu_si256(c.as_ptr().cast()) };
    let set = |b: u8| _mm256_set1_epi8(b as i8);
    let quote = _mm256_cmpeq_epi8(v, set(b'"'));
    let backslash = _mm256_cmpeq_epi8(v, set(b'\\'));
    // a byte below 0x20 is its own unsigned minimum with 0x1F
    let control = _mm256_cmpeq_epi8(_mm256_min_epu8(v, set(0x1F)), v);
    let any = _mm256_or_si256(_mm256_or_si256(quote, backslash), control);
    _mm256_movemask_epi8(any) as u32
}

#[cfg(test)]
mod tests;
