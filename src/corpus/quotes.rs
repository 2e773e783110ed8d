//! CSV quotes left open. The csv crate reads a quoted field that runs to the
//! end of the file, or on over lines that are rows of their own, without a
//! word: one document then swallows the rows after it. These are the checks
//! that catch it, shared by CSV/TSV inputs and `manifest.csv`.

/// Where a CSV stream stands, byte by byte: inside a quoted field or not,
/// and where the current record began. It follows the csv crate's defaults:
/// a quote opens a field only as the field's first byte, `""` inside a
/// quoted field is a quote, and LF, CR or CRLF end a record.
#[derive(Debug)]
pub(crate) struct QuoteScan {
    delimiter: u8,
    state: State,
    prev_cr: bool,
    /// 1-based line of the next byte.
    line: u64,
    /// Line where the quoted field now open (if any) opened.
    opened: u64,
    /// Bytes scanned.
    seen: u64,
    /// Byte offset where the current record began.
    record_start: u64,
    /// Line where the current record began.
    record_line: u64,
    /// The most bytes a record may take, its line end included.
    limit: u64,
    /// The line of the first record that took more.
    too_large: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the field's end, or the first half of
    /// `""`.
    QuoteInQuoted,
}

impl QuoteScan {
    pub(crate) fn new(delimiter: u8, limit: u64) -> QuoteScan {
        QuoteScan {
            delimiter,
            state: State::FieldStart,
            prev_cr: false,
            line: 1,
            opened: 0,
            seen: 0,
            record_start: 0,
            record_line: 1,
            limit,
            too_large: None,
        }
    }

    /// Follows the next `chunk` of the stream.
    pub(crate) fn scan(&mut self, chunk: &[u8]) {
        for &b in chunk {
            let line_end = b == b'\n' || b == b'\r';
            self.state = match (self.state, b) {
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::Quoted, _) => State::Quoted,
                (State::QuoteInQuoted, b'"') => State::Quoted,
                (State::FieldStart, b'"') => {
                    self.opened = self.line;
                    State::Quoted
                }
                (_, b) if b == self.delimiter || line_end => State::FieldStart,
                _ => State::Unquoted,
            };
            self.seen += 1;
            if b == b'\r' || (b == b'\n' && !self.prev_cr) {
                self.line += 1;
            }
            self.prev_cr = b == b'\r';
            if line_end && self.state != State::Quoted {
                self.check_length();
                self.record_start = self.seen;
                self.record_line = self.line;
            }
        }
        self.check_length();
    }

    fn check_length(&mut self) {
        if self.too_large.is_none() && self.seen - self.record_start > self.limit {
            self.too_large = Some(self.record_line);
        }
    }

    /// The line where a quoted field opened, when the stream so far ends
    /// inside it.
    pub(crate) fn open_quote(&self) -> Option<u64> {
        (self.state == State::Quoted).then_some(self.opened)
    }

    /// The line where the current record, not yet complete, began.
    pub(crate) fn record_line(&self) -> u64 {
        self.record_line
    }

    /// The line of the first record longer than the limit, once one is
    /// seen (its end need not be).
    pub(crate) fn too_large(&self) -> Option<u64> {
        self.too_large
    }
}

/// Whether `bytes`, read as a whole CSV file, ends inside a quoted field;
/// if so, the line where that field opened.
pub(crate) fn open_quote_at_end(bytes: &[u8], delimiter: u8) -> Option<u64> {
    let mut scan = QuoteScan::new(delimiter, u64::MAX);
    scan.scan(bytes);
    scan.open_quote()
}

/// A multi-line field of `rec` that swallowed a row of its own: the lines,
/// counted from the record's first line (0), where the field opened and
/// where the first swallowed row is.
///
/// A legitimate quoted text may hold line breaks and delimiters, so the
/// rule is conservative: a later line of the field counts as a row only when
/// splitting it at the delimiter gives at least `width` cells (the header's
/// column count) and the cell in the `key` column passes `is_key`, which each
/// caller makes strict (the next id of a numbered sequence; a manifest's
/// `.txt` file that exists). Prose that happens to hold enough commas does
/// not start with such a key, so it reads as before.
pub(crate) fn swallowed_row(
    rec: &csv::ByteRecord,
    delimiter: u8,
    width: usize,
    key: usize,
    is_key: impl Fn(&[u8], u64) -> bool,
) -> Option<(u64, u64)> {
    let mut field_line = 0;
    for field in rec {
        let lines = split_lines(field);
        for (k, line) in lines.iter().enumerate().skip(1) {
            let cells: Vec<&[u8]> = line.split(|&b| b == delimiter).collect();
            if cells.len() >= width && is_key(unquote(cells[key]), k as u64) {
                return Some((field_line, field_line + k as u64));
            }
        }
        field_line += lines.len() as u64 - 1;
    }
    None
}

/// Whether `candidate` looks like an id that follows `own` within `within`
/// steps: both are the same prefix and a number (`7`, `doc-0012`), and the
/// candidate's number is larger by at most `within`. Ids without a number
/// (hashes, slugs) never match, which keeps the rule from firing on prose.
pub(crate) fn next_id(own: &[u8], candidate: &[u8], within: u64) -> bool {
    let split = |id: &[u8]| -> Option<(Vec<u8>, u64)> {
        let id = unquote(id);
        let digits = id.iter().rev().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 18 {
            return None;
        }
        let (prefix, number) = id.split_at(id.len() - digits);
        let number = std::str::from_utf8(number).ok()?.parse().ok()?;
        Some((prefix.to_vec(), number))
    };
    match (split(own), split(candidate)) {
        (Some((p, a)), Some((q, b))) => p == q && b > a && b - a <= within,
        _ => false,
    }
}

/// The lines of `bytes`, split at LF, CRLF or CR.
fn split_lines(bytes: &[u8]) -> Vec<&[u8]> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' || bytes[i] == b'\r' {
            lines.push(&bytes[start..i]);
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    lines.push(&bytes[start..]);
    lines
}

/// A cell without surrounding white space and quotes.
fn unquote(cell: &[u8]) -> &[u8] {
    let cell = cell.trim_ascii();
    cell.strip_prefix(b"\"")
        .and_then(|c| c.strip_suffix(b"\""))
        .unwrap_or(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_quotes_at_the_end() {
        let cases: &[(&[u8], Option<u64>)] = &[
            (b"id,text\n1,\"closed\"\n", None),
            (b"id,text\n1,\"multi\nline, fine\"\n", None),
            (b"id,text\n1,\"Russia\n2,Kiev\n", Some(2)),
            (b"id,text\r\n1,\"a \"\"q\"\" b\r\n", Some(2)),
            (b"id,text\n1,5\" screen\n", None),
            (b"id,text\n1,\"a\"\"\"\n", None),
        ];
        for (bytes, want) in cases {
            assert_eq!(
                open_quote_at_end(bytes, b','),
                *want,
                "{}",
                String::from_utf8_lossy(bytes)
            );
        }
    }

    #[test]
    fn records_are_measured_from_their_start() {
        let mut scan = QuoteScan::new(b',', 6);
        scan.scan(b"id,text\r\n1,\"a\nb\"\n2,c\n");
        assert_eq!(scan.too_large(), Some(1), "the header takes 8 bytes");
        let mut scan = QuoteScan::new(b',', 10);
        scan.scan(b"id,text\r\n1,\"a\nb\"\n2,c\n");
        assert_eq!(scan.too_large(), None);
        scan.scan(b"3,\"0123456789");
        assert_eq!(scan.too_large(), Some(5), "a record not yet ended");
    }

    #[test]
    fn next_ids() {
        assert!(next_id(b"1", b"2", 1));
        assert!(next_id(b"doc-009", b"doc-010", 1));
        assert!(!next_id(b"1", b"2014", 3), "a year in prose");
        assert!(!next_id(b"2", b"1", 3));
        assert!(!next_id(b"a1", b"b2", 3));
        assert!(!next_id(b"abc", b"abd", 3));
    }
}
