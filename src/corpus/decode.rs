//! Bytes to text: BOM, binary detection, UTF-8 validation with the line of
//! the first bad byte, and the inline ` date YYYY-MM-DD` prefix.

use super::quotes::QuoteScan;
use super::ProblemKind;

/// Decodes a whole text file. Line ends are kept as they are, so offsets
/// into the text are offsets into the file (after a BOM).
pub(crate) fn decode(bytes: Vec<u8>) -> Result<String, (ProblemKind, Option<u64>)> {
    let mut bytes = bytes;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if looks_utf16(&bytes) {
        return Err((ProblemKind::Utf16, Some(1)));
    }
    if let Some(at) = memchr_nul(&bytes) {
        return Err((ProblemKind::Binary, Some(line_at(&bytes, at))));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        (
            ProblemKind::InvalidUtf8 { offset: at as u64 },
            Some(line_at(&bytes, at)),
        )
    })
}

/// Whether a file starting with `head` is UTF-16 (or UTF-32): a UTF-16
/// byte-order mark, or two ASCII characters each paired with a NUL, as
/// Windows tools ("Unicode" in Excel and Notepad) write text.
pub(crate) fn looks_utf16(head: &[u8]) -> bool {
    let ascii = |b: u8| b != 0 && b.is_ascii();
    match head {
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => true,
        [a, 0, b, 0, ..] | [0, a, 0, b, ..] => ascii(*a) && ascii(*b),
        _ => false,
    }
}

/// What to say of a UTF-16 file.
pub(crate) const UTF16: &str = "is UTF-16 text, and slant reads UTF-8: convert it first, e.g. `iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8` (or save it from Excel as \"CSV UTF-8\")";

/// What to add to a problem of kind `kind` to say how to fix it: for
/// invalid UTF-8, how to convert the encoding text in the wild is most
/// often in instead.
pub(crate) fn hint(kind: &ProblemKind) -> &'static str {
    match kind {
        ProblemKind::InvalidUtf8 { .. } | ProblemKind::InvalidUtf8Field { .. } => LATIN1,
        _ => "",
    }
}

/// What to say of a file that is not UTF-8.
pub(crate) const LATIN1: &str = "\n(slant reads UTF-8; a file saved as Latin-1 or Windows-1252, as Excel saves plain \"CSV\" and older tools save text, converts with `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8`)";

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

/// 1-based line of byte `at`, counting LF, CRLF and bare CR line ends. A
/// CRLF counts at its CR, so a position on its LF (where the csv crate
/// starts the next record) is already on the next line.
pub(crate) fn line_at(bytes: &[u8], at: usize) -> u64 {
    let mut lines = LineIndex::default();
    lines.scan(&bytes[..at.min(bytes.len())]);
    lines.line_at(at as u64)
}

/// Line ends seen so far in a stream, to turn byte offsets into lines.
#[derive(Debug, Default)]
pub(crate) struct LineIndex {
    /// Offsets of line ends not yet passed by a query.
    ends: std::collections::VecDeque<u64>,
    /// Line ends already passed.
    passed: u64,
    /// Bytes scanned.
    seen: u64,
    prev_cr: bool,
}

impl LineIndex {
    /// Records the line ends in the next `chunk` of the stream.
    pub(crate) fn scan(&mut self, chunk: &[u8]) {
        for (i, &b) in chunk.iter().enumerate() {
            let at = self.seen + i as u64;
            match b {
                b'\r' => self.ends.push_back(at),
                b'\n' if !self.prev_cr => self.ends.push_back(at),
                _ => {}
            }
            self.prev_cr = b == b'\r';
        }
        self.seen += chunk.len() as u64;
    }

    /// The line of byte `at`. Queries must not go backwards.
    pub(crate) fn line_at(&mut self, at: u64) -> u64 {
        while self.ends.front().is_some_and(|&e| e < at) {
            self.ends.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }
}

/// A reader that indexes the line ends of what passes through it, follows
/// its CSV quoting, and fails with [`RecordTooLarge`] once one record
/// outgrows the scan's limit.
pub(crate) struct Counted<R> {
    pub inner: R,
    pub index: std::rc::Rc<std::cell::RefCell<LineIndex>>,
    pub quotes: std::rc::Rc<std::cell::RefCell<QuoteScan>>,
}

impl<R: std::io::Read> std::io::Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.index.borrow_mut().scan(&buf[..n]);
        let mut quotes = self.quotes.borrow_mut();
        quotes.scan(&buf[..n]);
        match quotes.too_large() {
            Some(line) => Err(std::io::Error::other(RecordTooLarge { line })),
            None => Ok(n),
        }
    }
}

/// The read error of a [`Counted`] reader whose record outgrew its limit.
#[derive(Debug)]
pub(crate) struct RecordTooLarge {
    /// The line the record begins on.
    pub line: u64,
}

impl std::fmt::Display for RecordTooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the record on line {} is too large", self.line)
    }
}

impl std::error::Error for RecordTooLarge {}

/// Splits an inline date prefix (` date 2025-04-19 The...`) off the start of
/// a text file. Returns the date and the byte offset where the text begins.
pub(crate) fn inline_date(text: &str) -> Option<(String, usize)> {
    let lead = text.len() - text.trim_start().len();
    let rest = text[lead..].strip_prefix("date")?;
    let after_kw = rest.trim_start_matches([' ', '\t']);
    if after_kw.len() == rest.len() {
        return None;
    }
    let date = after_kw.get(..10)?;
    if !is_iso_date(date) {
        return None;
    }
    let tail = &after_kw[10..];
    if !tail.is_empty() && !tail.starts_with(char::is_whitespace) {
        return None;
    }
    let body = tail.trim_start();
    Some((date.to_string(), text.len() - body.len()))
}

/// Whether `s` is `YYYY-MM-DD` with a plausible month and day.
pub(crate) fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return false;
    }
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_bom_and_keeps_line_ends() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFa\r\nb".to_vec()).ok().as_deref(),
            Some("a\r\nb")
        );
    }

    #[test]
    fn invalid_utf8_names_line() {
        let err = decode(b"one\ntwo\r\nth\xFFree".to_vec()).unwrap_err();
        assert_eq!(err.1, Some(3));
        assert!(matches!(err.0, ProblemKind::InvalidUtf8 { offset: 11 }));
    }

    #[test]
    fn bare_cr_counts_as_line_end() {
        assert_eq!(line_at(b"a\rb\rc", 4), 3);
        assert_eq!(line_at(b"a\r\nb", 3), 2);
        assert_eq!(line_at(b"a\r\nb", 2), 2, "on the LF of a CRLF");
        assert_eq!(line_at(b"a\r\nb", 1), 1, "on the CR");
    }

    #[test]
    fn binary_is_refused() {
        let err = decode(b"PK\x03\x04\x00\x00".to_vec()).unwrap_err();
        assert!(matches!(err.0, ProblemKind::Binary));
    }

    #[test]
    fn inline_dates() {
        let t = " date 2025-04-19 The United States";
        let (d, at) = inline_date(t).expect("date");
        assert_eq!((d.as_str(), &t[at..]), ("2025-04-19", "The United States"));
        assert!(inline_date("The date 2025-04-19 is").is_none());
        assert!(inline_date("date 2025-13-01 x").is_none());
        assert!(inline_date("dated 2025-04-01 x").is_none());
        assert!(inline_date("date 2025-04-019").is_none());
    }
}
