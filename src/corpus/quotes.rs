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
    /// Lines where a quoted field that opened on an earlier line closed
    /// with more of the field after its closing quote, not yet asked for.
    bad_closes: std::collections::VecDeque<u64>,
    /// Where the first quoted field of the current record that closed badly
    /// opened: when the record then runs to the end of the file, that quote
    /// is the one left open, and the one open at the end is its partner.
    first_bad_open: Option<u64>,
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
            bad_closes: std::collections::VecDeque::new(),
            first_bad_open: None,
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
                // Well-formed CSV ends a quoted field at a delimiter or line
                // end; more text after the quote means the quoting is off.
                (State::QuoteInQuoted, b) if b != self.delimiter && !line_end => {
                    if self.opened < self.line {
                        self.bad_closes.push_back(self.line);
                        self.first_bad_open.get_or_insert(self.opened);
                    }
                    State::Unquoted
                }
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
                self.first_bad_open = None;
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
    /// inside it (or inside its partner, after it closed badly).
    pub(crate) fn open_quote(&self) -> Option<u64> {
        (self.state == State::Quoted).then_some(self.first_bad_open.unwrap_or(self.opened))
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

    /// Whether a quoted field that spans lines closed badly (text after its
    /// closing quote) on a line from `first` to `last`. Asks must go
    /// forward through the file: earlier bad closes are forgotten.
    pub(crate) fn bad_close_within(&mut self, first: u64, last: u64) -> bool {
        while self.bad_closes.front().is_some_and(|&l| l < first) {
            self.bad_closes.pop_front();
        }
        self.bad_closes.front().is_some_and(|&l| l <= last)
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
/// its cells (split at the delimiter as a record of its own, see
/// [`split_cells`]) pass `is_row`, which each caller makes strict (see
/// [`RowShape`]; a manifest's `.txt` file that exists). The other arguments
/// are the line where the field opened, counted from the record's first
/// line, and how many lines into the field the line is.
pub(crate) fn swallowed_row(
    rec: &csv::ByteRecord,
    delimiter: u8,
    mut is_row: impl FnMut(&[&[u8]], u64, u64) -> bool,
) -> Option<(u64, u64)> {
    let mut field_line = 0;
    for field in rec {
        let lines = split_lines(field);
        for (k, line) in lines.iter().enumerate().skip(1) {
            if is_row(&split_cells(line, delimiter), field_line, k as u64) {
                return Some((field_line, field_line + k as u64));
            }
        }
        field_line += lines.len() as u64 - 1;
    }
    None
}

/// The line breaks inside the fields of `rec`: it spans that many lines
/// after its first.
pub(crate) fn line_breaks(rec: &csv::ByteRecord) -> u64 {
    let mut breaks = 0;
    for field in rec {
        let mut prev_cr = false;
        for &b in field {
            breaks += u64::from(b == b'\r' || (b == b'\n' && !prev_cr));
            prev_cr = b == b'\r';
        }
    }
    breaks
}

/// The columns of a CSV/TSV file that tell a row from a line of prose.
#[derive(Debug, Clone)]
pub(crate) struct RowShape {
    /// The header's column count.
    pub width: usize,
    /// The id column, if the file has one.
    pub id: Option<usize>,
    /// The outlet column, if the file has one.
    pub outlet: Option<usize>,
}

impl RowShape {
    /// Whether `cells`, a line read as a record of its own, look like a row
    /// of this file as a CSV writer makes one: exactly the header's number
    /// of cells, none starting with white space or a closing quote (prose
    /// puts a space after its commas), an id without white space and an
    /// outlet of at most six words with a letter in it, both short (read
    /// without the quotes and white space around them).
    pub(crate) fn fits(&self, cells: &[&[u8]]) -> bool {
        // What follows a comma in prose: a space, or the quote or bracket
        // that closes a clause (`itself,” he said`).
        let starts_like_prose = |c: &&[u8]| {
            String::from_utf8_lossy(c)
                .chars()
                .next()
                .is_some_and(|ch| ch.is_whitespace() || "”’»)]".contains(ch))
        };
        let id_like =
            |c: &[u8]| !c.is_empty() && c.len() <= 64 && !c.iter().any(u8::is_ascii_whitespace);
        let outlet_like = |c: &[u8]| {
            let words = c.split(u8::is_ascii_whitespace).count();
            c.len() <= 100
                && words <= 6
                && String::from_utf8_lossy(c).chars().any(char::is_alphabetic)
        };
        cells.len() == self.width
            && !cells.iter().any(starts_like_prose)
            && self.id.is_none_or(|i| id_like(unquote(cells[i])))
            && self.outlet.is_none_or(|i| outlet_like(unquote(cells[i])))
    }
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

/// The cells of one line read as a CSV record of its own, quotes kept: a
/// quote that opens a cell runs to the next quote (`""` is a quote), or to
/// the end of the line when it is not closed there.
pub(crate) fn split_cells(line: &[u8], delimiter: u8) -> Vec<&[u8]> {
    let mut cells = Vec::new();
    let (mut start, mut quoted, mut at_start) = (0, false, true);
    let mut i = 0;
    while i < line.len() {
        let b = line[i];
        if quoted {
            if b == b'"' && line.get(i + 1) == Some(&b'"') {
                i += 1;
            } else if b == b'"' {
                quoted = false;
            }
        } else if b == delimiter {
            cells.push(&line[start..i]);
            start = i + 1;
            at_start = true;
            i += 1;
            continue;
        } else if b == b'"' && at_start {
            quoted = true;
        }
        at_start = false;
        i += 1;
    }
    cells.push(&line[start..]);
    cells
}

/// A cell without surrounding white space and quotes.
pub(crate) fn unquote(cell: &[u8]) -> &[u8] {
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
    fn cells_of_a_line_read_as_a_record() {
        let cases: &[(&[u8], &[&[u8]])] = &[
            (b"xyz,B,Kiev said", &[b"xyz", b"B", b"Kiev said"]),
            (b"xyz,B,\"Kiev, said\"", &[b"xyz", b"B", b"\"Kiev, said\""]),
            (b"pqr,C,\"Kyiv, said", &[b"pqr", b"C", b"\"Kyiv, said"]),
            (
                b"a,\"say \"\"x,y\"\"\",",
                &[b"a", b"\"say \"\"x,y\"\"\"", b""],
            ),
            (b"5\" screen, 3,2", &[b"5\" screen", b" 3", b"2"]),
        ];
        for (line, want) in cases {
            assert_eq!(
                split_cells(line, b','),
                *want,
                "{}",
                String::from_utf8_lossy(line)
            );
        }
    }

    #[test]
    fn rows_and_prose() {
        let full = RowShape {
            width: 3,
            id: Some(0),
            outlet: Some(1),
        };
        let no_id = RowShape {
            width: 2,
            id: None,
            outlet: Some(0),
        };
        let cases: &[(&RowShape, &[u8], bool)] = &[
            (&full, b"xyz,B,Kiev said", true),
            (&full, b"pqr,C,\"Kyiv, said", true),
            (&full, b"7,\"Beta News\",\"Kyiv\"", true),
            (&full, b"In Moscow, officials, disagreed", false),
            (&full, b"1,000,000 people marched", false),
            (&full, b"two words,B,text", false),
            (&full, b"xyz,B,Kiev said,and more", false),
            (&full, b"xyz,,Kiev said", false),
            (&no_id, b"B,Kiev said", true),
            (&no_id, b"Kyiv, said", false),
            (
                &no_id,
                "\u{201c}Every nation has a right to defend itself,\u{201d} he said.".as_bytes(),
                false,
            ),
            (
                &no_id,
                b"Every sovereign nation on Earth has a right,to defend",
                false,
            ),
            (&no_id, b"Radio Free Europe/Radio Liberty,text", true),
            // The shape alone takes this prose for a row: hence the bad
            // close that the CSV reader asks for as well.
            (&no_id, b"Inflation hit 3,5% in March", true),
            (&no_id, b"12,000", false),
        ];
        for (shape, line, want) in cases {
            assert_eq!(
                shape.fits(&split_cells(line, b',')),
                *want,
                "{}",
                String::from_utf8_lossy(line)
            );
        }
    }

    #[test]
    fn bad_closes_of_multi_line_fields() {
        let mut scan = QuoteScan::new(b',', u64::MAX);
        scan.scan(b"id,text\n1,\"a \"b\" c\"\n2,\"multi\nline\"\n3,\"open\n4,\"x\"\n");
        assert!(!scan.bad_close_within(1, 2), "one line: not a swallow");
        assert!(!scan.bad_close_within(3, 4), "closed at the line end");
        assert!(scan.bad_close_within(5, 6), "closed on line 6 by 4's quote");
        assert!(!scan.bad_close_within(7, 9), "asked for once");
    }

    #[test]
    fn line_breaks_in_fields() {
        let rec = csv::ByteRecord::from(vec!["a\r\nb\nc", "d\re", "f"]);
        assert_eq!(line_breaks(&rec), 3);
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
