//! The one-pass reading against the serde road: same documents, same
//! errors, on records of the common shape and on odd ones.

use std::sync::Arc;

use proptest::prelude::*;

use super::super::super::records::FieldMap;
use super::super::super::{Document, Origin, SourceError};
use super::super::value::{parse_json_line, parse_serde};
use super::entries;

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
