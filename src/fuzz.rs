//! Fuzzing every reader on stable Rust: proptest edits valid files with
//! the bytes that break parsers (quotes, line breaks, brackets, NUL, bad
//! UTF-8, byte-order marks, bidi controls) and the readers' tests assert
//! that each edited file gives a parse or an error with a location, never a
//! panic.
//!
//! `cargo test` runs a bounded budget. For a longer run, set
//! `SLANT_FUZZ_CASES`, e.g. `SLANT_FUZZ_CASES=20000 cargo test --release
//! fuzz`. Failing cases are kept in `tests/fixtures/proptest/` and re-run
//! first.

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};

/// The cases per fuzz test: `default`, or `SLANT_FUZZ_CASES`.
pub(crate) fn config(default: u32, fixture: &'static str) -> Config {
    let cases = std::env::var("SLANT_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(fixture))),
        ..Config::default()
    }
}

/// What edits insert: the bytes that parsers of CSV, JSON, TOML and model
/// files trip on.
const PIECES: &[&[u8]] = &[
    b"\"",
    b"\"\"",
    b"\n",
    b"\r\n",
    b"\r",
    b",",
    b"\t",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"\\",
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    "\u{202e}".as_bytes(),
    b"null",
    b"1e999",
    b"-1",
    b"=",
    b"#",
    b"'",
    b"*",
    b"%",
    b" ",
    b"0",
    b"[[",
    b"]]",
    b"\\u0000",
    b"NaN",
];

/// One edit at a position: insert a piece, delete some bytes, or repeat a
/// stretch (which grows a file the way a copy-and-paste slip does).
#[derive(Debug, Clone)]
pub(crate) enum Edit {
    Insert(prop::sample::Index, prop::sample::Index),
    Delete(prop::sample::Index, usize),
    Repeat(prop::sample::Index, usize),
}

/// A few edits anywhere in a file.
pub(crate) fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        3 => (any::<prop::sample::Index>(), any::<prop::sample::Index>()).prop_map(|(a, b)| Edit::Insert(a, b)),
        1 => (any::<prop::sample::Index>(), 1usize..40).prop_map(|(a, n)| Edit::Delete(a, n)),
        1 => (any::<prop::sample::Index>(), 1usize..80).prop_map(|(a, n)| Edit::Repeat(a, n)),
    ];
    prop::collection::vec(edit, 1..6)
}

/// `base` with `edits` applied in turn.
pub(crate) fn apply(base: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = base.to_vec();
    for e in edits {
        let at = |i: &prop::sample::Index, len: usize| i.index(len + 1);
        match e {
            Edit::Insert(i, p) => {
                let piece = PIECES[p.index(PIECES.len())];
                let at = at(i, out.len());
                out.splice(at..at, piece.iter().copied());
            }
            Edit::Delete(i, n) => {
                let at = at(i, out.len());
                let end = (at + n).min(out.len());
                out.drain(at..end);
            }
            Edit::Repeat(i, n) => {
                let at = at(i, out.len());
                let end = (at + n).min(out.len());
                let stretch = out[at..end].to_vec();
                out.splice(at..at, stretch);
            }
        }
    }
    out
}

/// The line numbers an error message cites as `FILE:LINE`.
pub(crate) fn cited_lines(message: &str, file: &str) -> Vec<usize> {
    let tag = format!("{file}:");
    message
        .match_indices(&tag)
        .filter_map(|(i, _)| {
            let rest = &message[i + tag.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cited_lines_are_read_from_messages() {
        assert_eq!(cited_lines("x.csv:12: bad, see x.csv:3:", "x.csv"), [12, 3]);
        assert!(cited_lines("x.csv: empty", "x.csv").is_empty());
    }
}
