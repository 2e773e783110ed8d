//! The one-pass reading against the serde road: same documents, same
//! errors, on records of the common shape and on odd ones.

use std::sync::Arc;

use proptest::prelude::*;

use super::super::super::records::FieldMap;
use super::super::super::{Document, Origin, SourceError};
use super::super::value::{parse_json_line, parse_serde};
use super::{entries, marks_any, scan, scan_with, Entries};

/// A line read by `parse_json_line` (one pass where it can) and by the
/// serde road alone, each written out with its error if it has one.
fn both(line: &[u8]) -> (String, String) {
    let origin = Origin {
        file: Arc::from("c.jsonl"),
        line: Some(4),
    };
    let map = FieldMap::default();
    let fast = parse_json_line(line, origin.clone(), &map, "c");
    let slow = parse_serde(line, origin, &map, "c");
    (written(fast), written(slow))
}

fn written(read: Result<Document, SourceError>) -> String {
    match read {
        Ok(doc) => format!("{doc:?}"),
        Err(SourceError::Record(p)) => format!("{p:?}"),
        Err(SourceError::Fatal(e)) => format!("fatal {e}"),
        Err(SourceError::Warning(w)) => format!("warning {w}"),
    }
}

#[test]
fn common_records_are_read_in_one_pass_as_serde_reads_them() {
    for line in [
        r#"{"id": "a1", "outlet": " Wire ", "date": "2020-01-02", "text": "Said \"x\"\n\u00e9", "k": "v"}"#,
        r#"{"text":"t","outlet":"O","title":null,"url":"","z":"1","a":"2"}"#,
        "{\"text\": \"caf\u{e9} \u{201C}q\u{201D} \u{1F600}\", \"outlet\": \"\u{e9}\"}\r",
        r#"  { "te\u0078t" : "a\ud83d\ude00\"b\\ \/ \t" , "outlet" : "O" }  "#,
        r#"{"text": "t\u0000", "outlet": "O"}"#,
        r#"{"outlet": "O"}"#,
        "{}",
        "{ }",
    ] {
        assert!(entries(line.as_bytes()).is_some(), "{line}");
        let (fast, slow) = both(line.as_bytes());
        assert_eq!(fast, slow, "{line}");
    }
}

#[test]
fn odd_records_go_the_serde_road() {
    for line in [
        &br#"{"text": "t", "outlet": "O", "id": 7}"#[..],
        br#"{"text": "first", "outlet": "O", "text": "second"}"#,
        br#"{"text": "\ud800", "outlet": "O"}"#,
        br#"{"text": "t", "outlet": "O", "k": "\x"}"#,
        br#"{"text": "t", "outlet": "O"} x"#,
        br#"{"text": "t", "outlet": "O""#,
        br#"{"text": "t", "outlet": "O",}"#,
        br#"{"text": "t", "outlet": true}"#,
        br#"["text", "t"]"#,
        b"{\"text\": \"a\nb\", \"outlet\": \"O\"}",
        b"{\"text\": \"a\xff\", \"outlet\": \"O\"}",
        b"\xEF\xBB\xBF{\"text\": \"t\", \"outlet\": \"O\"}",
        b"{\"text\": \"t\\",
        b"{\"text\": nul}",
        b"",
    ] {
        assert!(entries(line).is_none(), "{}", String::from_utf8_lossy(line));
        let (fast, slow) = both(line);
        assert_eq!(fast, slow, "{}", String::from_utf8_lossy(line));
    }
}

/// Pieces of a string's body as written in JSON: plain text, every
/// escape (good, bad, surrogates alone and in pairs), raw control
/// characters, non-ASCII, bad UTF-8, a quote and a backslash alone.
const BODY: &[&[u8]] = &[
    b"a",
    b"Wire",
    b" ",
    b"\\n",
    b"\\\"",
    b"\\\\",
    b"\\/",
    b"\\t\\b\\f\\r",
    b"\\u00e9",
    b"\\u00E9",
    b"\\u0000",
    b"\\ud83d\\ude00",
    b"\\ud800",
    b"\\udc00",
    b"\\ud800\\u0041",
    b"\\x",
    b"\\u12",
    b"\\u12g4",
    b"\n",
    b"\x00",
    b"\x1f",
    b"\x7f",
    "\u{e9}".as_bytes(),
    "\u{2019}".as_bytes(),
    "\u{1F600}".as_bytes(),
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\"",
    b"\\",
];

/// Values other than strings, and near misses of `null`.
const OTHER: &[&[u8]] = &[
    b"null",
    b"nul",
    b"nulll",
    b"NULL",
    b"12",
    b"-1",
    b"1.50",
    b"12345678901234567890123",
    b"true",
    b"false",
    b"[\"a\"]",
    b"{\"a\":1}",
    b"\"\"",
];

const KEYS: &[&[u8]] = &[
    b"\"id\"",
    b"\"outlet\"",
    b"\"text\"",
    b"\"title\"",
    b"\"date\"",
    b"\"url\"",
    b"\"k\"",
    b"\"te\\u0078t\"",
    b"\"\"",
    b"\"\\ud800\"",
    b"\"k\xff\"",
    b"id",
];

const SPACES: &[&[u8]] = &[b"", b"", b" ", b"\t", b"\r", b"\n", b"\x0c"];
const STARTS: &[&[u8]] = &[b"{", b"{", b"{", b" {", b"\xEF\xBB\xBF{", b"[", b""];
const SEPARATORS: &[&[u8]] = &[b",", b",", b",", b", ", b",,", b"", b";"];
const ENDS: &[&[u8]] = &[b"}", b"}", b"}", b"} ", b"}\r", b"}x", b"},", b"", b"}}"];

fn pick(table: &'static [&'static [u8]]) -> impl Strategy<Value = Vec<u8>> {
    prop::sample::select(table).prop_map(<[u8]>::to_vec)
}

fn value() -> impl Strategy<Value = Vec<u8>> {
    let string = prop::collection::vec(pick(BODY), 0..6).prop_map(|body| {
        let mut s = vec![b'"'];
        s.extend(body.concat());
        s.push(b'"');
        s
    });
    prop_oneof![5 => string, 1 => pick(OTHER)]
}

fn field() -> impl Strategy<Value = Vec<u8>> {
    (pick(KEYS), pick(SPACES), pick(SPACES), value())
        .prop_map(|(k, a, b, v)| [k, a, b":".to_vec(), b, v].concat())
}

fn record() -> impl Strategy<Value = Vec<u8>> {
    (
        pick(STARTS),
        prop::collection::vec((field(), pick(SEPARATORS)), 0..7),
        pick(ENDS),
    )
        .prop_map(|(start, fields, end)| {
            let mut line = start;
            let n = fields.len();
            for (i, (field, sep)) in fields.into_iter().enumerate() {
                line.extend(field);
                if i + 1 < n {
                    line.extend(sep);
                }
            }
            line.extend(end);
            line
        })
}

proptest! {
    #![proptest_config(crate::fuzz::config(2048, "tests/fixtures/proptest/jsonl_flat.txt"))]

    /// Any record built of good and odd pieces reads as the serde road
    /// reads it: the same document or the same error.
    #[test]
    fn any_record_reads_as_the_serde_road_reads_it(line in record()) {
        let (fast, slow) = both(&line);
        prop_assert_eq!(fast, slow, "{}", String::from_utf8_lossy(&line));
    }
}

/// The one-pass reading as it was before each string's scan stopped at
/// control characters and the line was checked as UTF-8 whole: each
/// string's end and escapes found by `memchr2`, then its text checked for
/// control characters and UTF-8. The oracle of [`entries`].
mod oracle {
    use std::borrow::Cow;

    use super::super::super::unescape;
    use super::Entries;

    pub(super) fn entries(line: &[u8]) -> Option<Entries<'_>> {
        let mut at = Cursor {
            b: line,
            i: 0,
            escapes: Vec::new(),
        };
        at.spaces();
        at.eat(b'{')?;
        at.spaces();
        let mut entries: Entries = Vec::new();
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

    struct Cursor<'a> {
        b: &'a [u8],
        i: usize,
        escapes: Vec<usize>,
    }

    impl<'a> Cursor<'a> {
        fn peek(&self) -> Option<u8> {
            self.b.get(self.i).copied()
        }

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

        fn string(&mut self) -> Option<Cow<'a, str>> {
            let start = self.i;
            self.escapes.clear();
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
            let inner = self.b[start..end].iter().all(|&b| b >= 0x20);
            let inner = inner.then(|| std::str::from_utf8(&self.b[start..end]).ok())??;
            if self.escapes.is_empty() {
                return Some(Cow::Borrowed(inner));
            }
            let mut out = String::with_capacity(inner.len());
            let mut from = 0;
            for &at in &self.escapes {
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
}

/// A string's body long enough to cross the 32-byte steps of [`special`]
/// anywhere: runs of plain text of any length between the pieces of
/// [`BODY`].
fn long_body() -> impl Strategy<Value = Vec<u8>> {
    let run = (0usize..70, prop::sample::select(&[b'a', b' ', 0xC3][..])).prop_map(|(n, b)| {
        match b {
            // an accented letter, two bytes each
            0xC3 => "\u{e9}".repeat(n / 2).into_bytes(),
            b => vec![b; n],
        }
    });
    prop::collection::vec((run, pick(BODY)), 0..8).prop_map(|parts| {
        let mut s = vec![b'"'];
        for (run, piece) in parts {
            s.extend(run);
            s.extend(piece);
        }
        s.push(b'"');
        s
    })
}

/// A record of the common shape whose strings are long and odd.
fn long_record() -> impl Strategy<Value = Vec<u8>> {
    let field = (pick(KEYS), prop_oneof![4 => long_body(), 1 => value()]);
    (prop::collection::vec(field, 0..5), pick(ENDS)).prop_map(|(fields, end)| {
        let mut line = b"{".to_vec();
        for (i, (k, v)) in fields.into_iter().enumerate() {
            if i > 0 {
                line.extend(b", ");
            }
            line.extend(k);
            line.extend(b": ");
            line.extend(v);
        }
        line.extend(end);
        line
    })
}

proptest! {
    #![proptest_config(crate::fuzz::config(2048, "tests/fixtures/proptest/jsonl_flat_long.txt"))]

    /// Any record, with long strings as well as short ones, reads as the
    /// reading before it read it, and as the serde road reads it.
    #[test]
    fn any_record_reads_as_the_old_reading_did(line in prop_oneof![long_record(), record()]) {
        prop_assert_eq!(entries(&line), oracle::entries(&line), "{}", String::from_utf8_lossy(&line));
        let (fast, slow) = both(&line);
        prop_assert_eq!(fast, slow, "{}", String::from_utf8_lossy(&line));
    }

    /// The scan on this processor (AVX2 where it has it) ends a string
    /// where the scan of any processor does, with the same escapes, from
    /// any place in any bytes.
    #[test]
    fn the_scan_ends_where_any_processor_s_does(
        bytes in prop::collection::vec(prop::sample::select(&[b'a', b'"', b'\\', 0, 0x1F, b' ', 0x7F, 0x80, 0xFF][..]), 0..200),
        sparse in 0usize..8,
        from in 0usize..210,
    ) {
        // mostly plain bytes, so that many steps find nothing
        let bytes: Vec<u8> = bytes.iter().enumerate().map(|(i, &b)| if i % 8 < sparse { b'x' } else { b }).collect();
        let rest = bytes.get(from..).unwrap_or_default();
        prop_assert_eq!(scanned(rest), scanned_any(rest));
    }
}

/// The end and escapes of [`scan`] on this processor.
fn scanned(b: &[u8]) -> (Option<usize>, Vec<usize>) {
    let mut escapes = Vec::new();
    (scan(b, &mut escapes), escapes)
}

/// The end and escapes of [`scan`] on any processor.
fn scanned_any(b: &[u8]) -> (Option<usize>, Vec<usize>) {
    let mut escapes = Vec::new();
    (scan_with(b, &mut escapes, marks_any), escapes)
}

#[test]
fn the_scan_finds_each_kind_at_each_place_of_a_step() {
    for len in [0, 1, 31, 32, 33, 63, 64, 65, 100] {
        for at in 0..len {
            let mut bytes = vec![b'a'; len];
            bytes[at] = b'"';
            assert_eq!(scanned(&bytes), (Some(at), vec![]), "{len} {at}");
            for b in [0, b'\n', 0x1F] {
                bytes[at] = b;
                assert_eq!(scanned(&bytes), (None, vec![]), "{len} {at} {b}");
            }
            // an escaped quote, control character or backslash, then the
            // end; a backslash escaped, then the end
            for escaped in [&b"\\\""[..], b"\\\n", b"\\\\"] {
                let bytes = [&b"a".repeat(at), escaped, &b"a".repeat(len - at), b"\""].concat();
                assert_eq!(scanned(&bytes), (Some(len + 2), vec![at]), "{len} {at}");
            }
            let bytes = [&b"a".repeat(at), &b"\\\\\""[..]].concat();
            assert_eq!(scanned(&bytes), (Some(at + 2), vec![at]), "{len} {at}");
        }
        assert_eq!(scanned(&vec![0xC3; len]), (None, vec![]));
    }
}

#[test]
fn long_strings_are_read_whole() {
    let text = format!(
        "{}\\n{}\\u00e9\\\"{}",
        "a".repeat(40),
        "b ".repeat(50),
        "\u{e9}".repeat(33)
    );
    let line = format!("{{\"text\": \"{text}\", \"outlet\": \"O\"}}");
    let got: Option<Entries> = entries(line.as_bytes());
    assert_eq!(got, oracle::entries(line.as_bytes()));
    let want = format!(
        "{}\n{}\u{e9}\"{}",
        "a".repeat(40),
        "b ".repeat(50),
        "\u{e9}".repeat(33)
    );
    assert_eq!(got.unwrap()[0].1.as_deref(), Some(want.as_str()));
}
