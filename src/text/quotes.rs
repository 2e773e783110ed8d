//! Quotation spans: where a text reports someone else's words.
//!
//! Double quotes (curly, straight, low-9 and guillemets) open and close
//! quotations; a curly single quote opens one only at the start of a word
//! and closes at a `’` that does not continue a word, so apostrophes are not
//! taken for quotes. A quotation may run across sentences. Following the
//! printers' convention, a paragraph that opens a quote while the previous
//! one is still open continues the same quotation; otherwise an unclosed
//! quote ends with its paragraph, so one stray mark cannot swallow the rest
//! of the text. Straight single quotes are too ambiguous to use.

use std::ops::Range;

use super::segment::{paragraphs, Bits, QUOTE_LEADS};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Double,
    Single,
}

fn opens_double(c: char) -> bool {
    matches!(c, '\u{201C}' | '\u{201E}' | '\u{00AB}')
}

/// A quote mark, as [`quote_spans_in`] reads it.
#[derive(Clone, Copy)]
enum Mark {
    /// `"`, which opens or closes a double quotation.
    Straight,
    /// `“`, `„` or `«`.
    OpenDouble,
    /// `”` or `»`.
    CloseDouble,
    /// `‘`.
    OpenSingle,
    /// `’`, an apostrophe more often than not.
    CloseSingle,
}

/// The quote mark that `bytes` (valid UTF-8) start with and its length in
/// bytes, from the bytes themselves: `"`, the three-byte curly quotes
/// `E2 80 98`..`E2 80 9E`, and the two-byte guillemets `C2 AB`, `C2 BB`.
#[inline]
fn mark_at(bytes: &[u8]) -> Option<(Mark, usize)> {
    match *bytes {
        [b'"', ..] => Some((Mark::Straight, 1)),
        [0xE2, 0x80, third, ..] => match third {
            0x9C | 0x9E => Some((Mark::OpenDouble, 3)),
            0x9D => Some((Mark::CloseDouble, 3)),
            0x98 => Some((Mark::OpenSingle, 3)),
            0x99 => Some((Mark::CloseSingle, 3)),
            _ => None,
        },
        [0xC2, 0xAB, ..] => Some((Mark::OpenDouble, 2)),
        [0xC2, 0xBB, ..] => Some((Mark::CloseDouble, 2)),
        _ => None,
    }
}

/// Byte ranges of quotations, quote marks included, in order.
pub fn quote_spans(text: &str) -> Vec<Range<usize>> {
    quote_spans_in(text, &paragraphs(text))
}

/// Quotation spans of `text`, given its paragraphs. The bytes a quote
/// mark can start with are noted in one pass over the text first (a
/// bitmap), not searched for again from each one: news text holds one
/// every few tens of bytes (its apostrophes and dashes are curly too),
/// and a search that short spent more on its start than on its bytes.
pub fn quote_spans_in(text: &str, paras: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let leads = Bits::of(text.as_bytes(), QUOTE_LEADS);
    let mut open: Option<(usize, Kind)> = None;
    for (p, para) in paras.iter().enumerate() {
        let s = &text[para.clone()];
        let bytes = s.as_bytes();
        let mut i = 0;
        // A quote left open by the previous paragraph continues here only
        // if this paragraph opens with a double quote, which is consumed.
        if open.is_some() {
            if let Some(c) = s.chars().next().filter(|&c| opens_double(c) || c == '"') {
                i = c.len_utf8();
            }
        }
        // The next byte that can start a quote mark: `"` or the lead byte
        // of a curly quote or guillemet. Which mark it starts is read from
        // its bytes, and a stop at no mark (a dash, `…`, a no-break space)
        // or at one that means nothing in the state (a `’` with no single
        // quote open, most of them apostrophes) goes on without decoding
        // a character.
        while let Some(at) = leads.next_in(para.start + i, para.end) {
            i = at - para.start;
            let mark = i;
            let at = para.start + i;
            let Some((m, len)) = mark_at(&bytes[i..]) else {
                i += 1;
                continue;
            };
            i += len;
            match (open, m) {
                (None, Mark::Straight | Mark::OpenDouble) => open = Some((at, Kind::Double)),
                (None, Mark::OpenSingle)
                    if !s[..mark]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric) =>
                {
                    open = Some((at, Kind::Single))
                }
                (Some((start, Kind::Double)), Mark::Straight | Mark::CloseDouble) => {
                    spans.push(start..at + len);
                    open = None;
                }
                (Some((start, Kind::Single)), Mark::CloseSingle)
                    if !s[i..].chars().next().is_some_and(char::is_alphanumeric) =>
                {
                    spans.push(start..at + len);
                    open = None;
                }
                _ => {}
            }
        }
        if let Some((start, kind)) = open {
            let continues = kind == Kind::Double
                && paras
                    .get(p + 1)
                    .and_then(|n| text[n.clone()].chars().next())
                    .is_some_and(|c| opens_double(c) || c == '"');
            if !continues {
                spans.push(start..para.end);
                open = None;
            }
        }
    }
    spans
}

/// Whether byte offset `at` lies inside one of `spans` (sorted, disjoint).
pub fn inside(spans: &[Range<usize>], at: usize) -> bool {
    let k = spans.partition_point(|s| s.start <= at);
    k > 0 && at < spans[k - 1].end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        quote_spans(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn quote_table() {
        let cases: &[(&str, &[&str])] = &[
            (
                "He said \u{201C}no deal\u{201D} today.",
                &["\u{201C}no deal\u{201D}"],
            ),
            ("He said \"no deal\" today.", &["\"no deal\""]),
            ("\u{00AB}Kiev\u{00BB} x", &["\u{00AB}Kiev\u{00BB}"]),
            (
                "\u{201C}One. Two.\u{201D} he said.",
                &["\u{201C}One. Two.\u{201D}"],
            ),
            (
                "They call it a \u{2018}reassurance force\u{2019} now.",
                &["\u{2018}reassurance force\u{2019}"],
            ),
            ("Kyiv\u{2019}s army and Ukrainians\u{2019} land", &[]),
            (
                "\u{201C}a \u{2018}finish it off.\u{2019} b\u{201D} c",
                &["\u{201C}a \u{2018}finish it off.\u{2019} b\u{201D}"],
            ),
            (
                "\u{201C}First paragraph.\n\u{201C}Second.\u{201D} Own voice.",
                &["\u{201C}First paragraph.\n\u{201C}Second.\u{201D}"],
            ),
            (
                "\u{201C}Never closed.\nOwn voice here.",
                &["\u{201C}Never closed."],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(quoted(text), *want, "input {text:?}");
        }
    }

    #[test]
    fn inside_spans() {
        let spans = [2..5, 8..9];
        let got: Vec<bool> = (0..10).map(|i| inside(&spans, i)).collect();
        assert_eq!(
            got,
            [false, false, true, true, true, false, false, false, true, false]
        );
    }

    fn closes_double(c: char) -> bool {
        matches!(c, '\u{201D}' | '\u{00BB}')
    }

    /// [`quote_spans_in`] as it was, decoding the character at each stop and
    /// matching it against the marks: the road it is held to.
    fn quote_spans_by_chars(text: &str, paras: &[Range<usize>]) -> Vec<Range<usize>> {
        let mut spans = Vec::new();
        let mut open: Option<(usize, Kind)> = None;
        for (p, para) in paras.iter().enumerate() {
            let s = &text[para.clone()];
            let bytes = s.as_bytes();
            let mut i = 0;
            // A quote left open by the previous paragraph continues here only
            // if this paragraph opens with a double quote, which is consumed.
            if open.is_some() {
                if let Some(c) = s.chars().next().filter(|&c| opens_double(c) || c == '"') {
                    i = c.len_utf8();
                }
            }
            // The next byte that can start a quote mark: `"` or the lead byte
            // of a curly quote or guillemet.
            while let Some(off) = memchr::memchr3(b'"', 0xE2, 0xC2, &bytes[i..]) {
                i += off;
                let Some(c) = s[i..].chars().next() else {
                    break;
                };
                let at = para.start + i;
                // The characters either side are read only for the marks they
                // decide: most marks met are apostrophes inside no quotation.
                let prev = |i: usize| s[..i].chars().next_back();
                let next = |i: usize| s[i..].chars().next();
                let mark = i;
                i += c.len_utf8();
                match open {
                    None if opens_double(c) => open = Some((at, Kind::Double)),
                    None if c == '"' => open = Some((at, Kind::Double)),
                    None if c == '\u{2018}' && !prev(mark).is_some_and(char::is_alphanumeric) => {
                        open = Some((at, Kind::Single))
                    }
                    Some((start, Kind::Double)) if closes_double(c) || c == '"' => {
                        spans.push(start..at + c.len_utf8());
                        open = None;
                    }
                    Some((start, Kind::Single))
                        if c == '\u{2019}' && !next(i).is_some_and(char::is_alphanumeric) =>
                    {
                        spans.push(start..at + c.len_utf8());
                        open = None;
                    }
                    _ => {}
                }
            }
            if let Some((start, kind)) = open {
                let continues = kind == Kind::Double
                    && paras
                        .get(p + 1)
                        .and_then(|n| text[n.clone()].chars().next())
                        .is_some_and(|c| opens_double(c) || c == '"');
                if !continues {
                    spans.push(start..para.end);
                    open = None;
                }
            }
        }
        spans
    }

    proptest::proptest! {
        #![proptest_config(crate::fuzz::config(1024, "tests/fixtures/proptest/quotes.txt"))]

        /// Marks read from their bytes give the spans that decoded
        /// characters gave, on text of quotes of every kind (straight,
        /// curly, low-9, guillemets), apostrophes inside and after words,
        /// dashes, the ellipsis, no-break spaces, other characters with
        /// the same lead or last bytes, paragraph breaks, and text cut at
        /// any character boundary near its end.
        #[test]
        fn marks_by_bytes_are_by_characters(
            parts in proptest::collection::vec(proptest::prop_oneof![
                "[aZ9 .\"'\u{201C}\u{201D}\u{2018}\u{2019}\u{201E}\u{201A}\u{201B}\u{201F}\u{AB}\u{BB}\u{2013}\u{2014}\u{2026}\u{A0}\u{E9}\u{41D}\u{43B}\u{4e2d}\u{2009}]{0,16}",
                proptest::strategy::Just("\n".to_string()),
                proptest::strategy::Just("\n\n".to_string()),
                proptest::strategy::Just("\r\n".to_string()),
                proptest::strategy::Just("Kyiv\u{2019}s".to_string()),
                proptest::strategy::Just(" \u{2018}a\u{2019} ".to_string()),
            ], 0..16),
            cut in 0usize..4,
        ) {
            let text = parts.concat();
            let mut end = text.len().saturating_sub(cut);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let text = &text[..end];
            let paras = paragraphs(text);
            proptest::prop_assert_eq!(
                quote_spans_in(text, &paras),
                quote_spans_by_chars(text, &paras),
                "{:?}", text
            );
        }
    }
}
