//! Paragraphs, sentences and word tokens, as byte ranges of the original text.
//!
//! News text arrives as one paragraph per line far more often than wrapped at
//! a fixed width, so a line break ends a paragraph unless the next line
//! starts in lower case (a wrapped line). Sentences never cross paragraphs.
//!
//! Text with line breaks but no punctuation (one word per line, a list of
//! names) would otherwise be one sentence as long as the document, and every
//! per-sentence output would grow with the square of its length. So a line
//! break ends a sentence once the sentence is past [`MAX_WRAPPED_SENTENCE`]
//! bytes: sentences stay bounded and outputs linear in the input.

use std::ops::Range;

mod abbreviation;
mod alnum;
mod count;
mod marks;
mod tokens;
use abbreviation::is_abbreviation;
#[cfg(test)]
use abbreviation::{is_abbreviation_by_chars, ABBREVIATIONS, LONGEST_ABBREVIATION};
#[cfg(test)]
use alnum::alnum_bytes;
use alnum::ALNUM;
pub use count::count_tokens;
pub(super) use count::SentenceTokens;
use marks::SENTENCE_ENDS;
pub(super) use marks::{Bits, QUOTE_LEADS};
#[cfg(test)]
use tokens::char_token;
pub use tokens::{punctuation_at, tokens, PUNCTUATION_LEN};

/// Paragraphs: runs of lines joined where a line continues the one before.
/// A line starting with a capital starts a paragraph (a headline, a byline,
/// a list item), except in text set one word per line, where a run of
/// single-word lines is one paragraph whatever their case.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    // room for a news article's paragraphs, saving the first few growths
    let mut out: Vec<Range<usize>> = Vec::with_capacity(16);
    let mut continues = false;
    let mut single_before = false;
    for line in lines(text) {
        let body = trim_range(text, line);
        if body.is_empty() {
            continues = false;
            continue;
        }
        let words = &text[body.clone()];
        let lower_start = match words.as_bytes().first() {
            Some(b) if b.is_ascii() => b.is_ascii_lowercase(),
            _ => words.chars().next().is_some_and(char::is_lowercase),
        };
        let single = !has_white_space(words);
        match out.last_mut() {
            Some(last) if continues && (lower_start || single && single_before) => {
                last.end = body.end
            }
            _ => out.push(body),
        }
        continues = true;
        single_before = single;
    }
    out
}

/// Whether `s` holds white space: its ASCII bytes are read one by one up
/// to the first that is white space (in news text, the end of the first
/// word) or beyond ASCII, from where [`str::contains`] reads characters.
fn has_white_space(s: &str) -> bool {
    let b = s.as_bytes();
    match b
        .iter()
        .position(|&c| ascii_white_space(c) || !c.is_ascii())
    {
        None => false,
        Some(i) if b[i].is_ascii() => true,
        Some(i) => s[i..].contains(char::is_whitespace),
    }
}

/// Whether `b` is an ASCII byte that [`char::is_whitespace`] takes for
/// white space: the space, and tab to carriage return.
fn ascii_white_space(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

/// Lines, split at LF, CRLF or a bare CR, without their line ends. A line
/// that is empty (half the lines of news text, between its paragraphs)
/// is known from its first byte, without a search.
fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        let first = *bytes.get(start)?;
        let off = if first == b'\n' || first == b'\r' {
            Some(0)
        } else {
            memchr::memchr2(b'\n', b'\r', &bytes[start..])
        };
        let Some(off) = off else {
            let line = start..bytes.len();
            start = bytes.len();
            return Some(line);
        };
        let i = start + off;
        let line = start..i;
        start = i + if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            2
        } else {
            1
        };
        Some(line)
    })
}

/// `r` without the white space at either end (empty, at its start, when
/// it is all white space). Most sentences and paragraphs start and end in
/// ASCII that is no white space (a capital, a period) or in a curly quote
/// or dash: that is read from their end bytes, inline in the caller, where
/// the call itself cost a good part of the trimming, and so is an empty
/// range (the empty lines between paragraphs); the rest go to
/// [`trim_range_by_steps`], kept out of line so that what is inlined stays
/// a few instructions.
#[inline(always)]
fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    match text.as_bytes().get(r.clone()) {
        Some(b @ &[first, .., last]) if solid_start(first, b) && solid_end(last, b) => r,
        // an empty line, between paragraphs: half of news text's lines
        Some([]) => r,
        _ => trim_range_by_steps(text, r),
    }
}

/// Whether `b` is an ASCII byte that is no white space: a range that starts
/// and ends with one has nothing to trim.
#[inline]
fn solid_ascii(b: u8) -> bool {
    b.is_ascii() && !ascii_white_space(b)
}

/// The third bytes of the characters `E2 80 90` to `E2 80 A7` (U+2010 to
/// U+2027: dashes, curly quotes, the ellipsis), none of them white space
/// (U+2028 is): a sentence of news text opens or ends with one of them
/// (a quotation) more often than with any other character beyond ASCII.
const SOLID_PUNCTUATION: std::ops::RangeInclusive<u8> = 0x90..=0xA7;

/// Whether the range `b` (between character boundaries), whose first byte
/// is `first`, starts with no white space: in an ASCII byte, or in one
/// of the marks of [`SOLID_PUNCTUATION`].
#[inline(always)]
fn solid_start(first: u8, b: &[u8]) -> bool {
    solid_ascii(first) || matches!(b, [0xE2, 0x80, third, ..] if SOLID_PUNCTUATION.contains(third))
}

/// Whether the range `b` (between character boundaries), whose last byte
/// is `last`, ends in no white space: in an ASCII byte, or in one of the
/// marks of [`SOLID_PUNCTUATION`] (its lead byte `E2` three bytes from
/// the end, since a range ends between characters).
#[inline(always)]
fn solid_end(last: u8, b: &[u8]) -> bool {
    solid_ascii(last) || matches!(b, [.., 0xE2, 0x80, third] if SOLID_PUNCTUATION.contains(third))
}

/// [`trim_range`] of any range. The ASCII white space at each end is
/// stepped over a byte at a time, and [`str::trim_start`] and
/// [`str::trim_end`] read characters only from a byte beyond ASCII on.
#[inline(never)]
fn trim_range_by_steps(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let b = s.as_bytes();
    let mut lead = b.iter().take_while(|&&c| ascii_white_space(c)).count();
    if b.get(lead).is_some_and(|c| !c.is_ascii()) {
        let rest = &s[lead..];
        lead += rest.len() - rest.trim_start().len();
    }
    if lead == s.len() {
        return r.start..r.start;
    }
    let mut trail = b
        .iter()
        .rev()
        .take_while(|&&c| ascii_white_space(c))
        .count();
    if !b[b.len() - trail - 1].is_ascii() {
        let rest = &s[..s.len() - trail];
        trail += rest.len() - rest.trim_end().len();
    }
    r.start + lead..r.end - trail
}

const CLOSERS: &[char] = &['"', '\'', '\u{201D}', '\u{2019}', ')', ']', '\u{00BB}'];
const OPENERS: &[char] = &[
    '"', '\'', '\u{201C}', '\u{2018}', '\u{201E}', '(', '[', '\u{00AB}',
];

/// Sentences of `text`, trimmed of white space, in order.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    sentences_in(text, &paragraphs(text))
}

/// Sentences of `text`, given its paragraphs.
pub fn sentences_in(text: &str, paragraphs: &[Range<usize>]) -> Vec<Range<usize>> {
    // news sentences run about 130 bytes: room for most texts' sentences
    let mut out = Vec::with_capacity(text.len() / 128 + 4);
    each_sentence(text, paragraphs, |s| out.push(s));
    out
}

/// Hands each sentence of `text`, given its paragraphs, to `found` in
/// order, as it is found: [`super::Layout::of`] counts its tokens there
/// and then, while its bytes are at hand. Each piece a paragraph splits
/// into is trimmed and bounded at once (the pieces were gathered into a
/// list of their own first, one more list per document). The marks that
/// may end a sentence are noted in one pass over the text first ([`Bits`]),
/// not searched for again from each one.
pub(super) fn each_sentence(
    text: &str,
    paragraphs: &[Range<usize>],
    mut found: impl FnMut(Range<usize>),
) {
    let ends = Bits::of(text.as_bytes(), SENTENCE_ENDS);
    for para in paragraphs {
        split_paragraph_by_bits(text, para.clone(), &ends, &mut |piece| {
            let s = trim_range(text, piece);
            if !s.is_empty() {
                bound_at_line_breaks(text, s, &mut found);
            }
        });
    }
}

/// Past this many bytes, a line break ends a sentence even without
/// punctuation. News sentences are far shorter (a 1,000-byte sentence is
/// about 170 words), so punctuated prose is not affected.
pub const MAX_WRAPPED_SENTENCE: usize = 1_000;

/// Splits `s` at the first line break past [`MAX_WRAPPED_SENTENCE`] bytes,
/// and again in what follows. A sentence with no line break stays whole.
fn bound_at_line_breaks(text: &str, s: Range<usize>, out: &mut impl FnMut(Range<usize>)) {
    let mut start = s.start;
    while s.end - start > MAX_WRAPPED_SENTENCE {
        let from = start + MAX_WRAPPED_SENTENCE;
        let Some(off) = text.as_bytes()[from..s.end]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
        else {
            break;
        };
        push_trimmed(text, start..from + off, out);
        start = from + off;
    }
    push_trimmed(text, start..s.end, out);
}

const ELLIPSIS: &str = "\u{2026}";

/// Where the first [`ELLIPSIS`] in `bytes` starts. Its last byte, 0xA6,
/// is no ASCII byte and ends few characters of news text (`æ`, `¦`), and
/// none of its curly quotes and dashes, which share the ellipsis's first
/// two bytes: a search for that one byte, checked two bytes back, passes
/// them, where a search for the whole mark stopped at each to compare.
#[cfg(test)]
fn find_ellipsis(bytes: &[u8]) -> Option<usize> {
    let &[first, second, third] = ELLIPSIS.as_bytes() else {
        return None;
    };
    let mut from = 2;
    while let Some(off) = memchr::memchr(third, bytes.get(from..)?) {
        let at = from + off;
        if bytes[at - 2] == first && bytes[at - 1] == second {
            return Some(at - 2);
        }
        from = at + 1;
    }
    None
}

/// Length of the sentence-ending mark at the start of `s`, if any.
fn terminal_len(s: &str) -> Option<usize> {
    match s.as_bytes().first()? {
        b'.' | b'!' | b'?' => Some(1),
        0xE2 if s.starts_with(ELLIPSIS) => Some(ELLIPSIS.len()),
        _ => None,
    }
}

/// Splits one paragraph into pieces, handed to `out` untrimmed, stopping
/// only at the marks `ends` notes ([`SENTENCE_ENDS`] of the whole text).
/// An ellipsis is noted by its last byte, 0xA6, which ends few other
/// characters of news text (`æ`, `¦`) and none of the curly quotes and
/// dashes that share its first two bytes: a stop there checks the two
/// bytes before it and goes back to the mark's start.
fn split_paragraph_by_bits(
    text: &str,
    para: Range<usize>,
    ends: &Bits,
    out: &mut impl FnMut(Range<usize>),
) {
    let bytes = text.as_bytes();
    let (start, end) = (para.start, para.end);
    let next_mark = |i: usize| {
        let from = start + i;
        let mut at = from;
        loop {
            at = ends.next_in(at, end)?;
            if bytes[at] != 0xA6 {
                return Some(at - start);
            }
            // an ellipsis starts two bytes back, at or after `from`
            if at >= from + 2 && bytes[at - 2] == 0xE2 && bytes[at - 1] == 0x80 {
                return Some(at - 2 - start);
            }
            at += 1;
        }
    };
    split_paragraph_at(text, para, out, next_mark);
}

/// Splits one paragraph into pieces, handed to `out` untrimmed: the road
/// [`split_paragraph_by_bits`] is held to, searching for the marks from
/// each one to the next. The next '.', '!' or '?', and the next ellipsis,
/// are each searched for and searched again only once passed.
#[cfg(test)]
fn split_paragraph(text: &str, para: Range<usize>, out: &mut impl FnMut(Range<usize>)) {
    let bytes = &text.as_bytes()[para.clone()];
    let mut punct = memchr::memchr3(b'.', b'!', b'?', bytes);
    let mut dots = find_ellipsis(bytes);
    let next_mark = move |i: usize| {
        if punct.is_some_and(|p| p < i) {
            punct = memchr::memchr3(b'.', b'!', b'?', &bytes[i..]).map(|o| i + o);
        }
        if dots.is_some_and(|d| d < i) {
            dots = find_ellipsis(&bytes[i..]).map(|o| i + o);
        }
        match (punct, dots) {
            (Some(p), Some(d)) => Some(p.min(d)),
            (p, d) => p.or(d),
        }
    };
    split_paragraph_at(text, para, out, next_mark);
}

/// [`split_paragraph_by_bits`], where `next_mark(i)` is where the first
/// sentence-ending mark at or after byte `i` of the paragraph starts, or
/// a character boundary at or after `i` and before that mark.
fn split_paragraph_at(
    text: &str,
    para: Range<usize>,
    out: &mut impl FnMut(Range<usize>),
    mut next_mark: impl FnMut(usize) -> Option<usize>,
) {
    let s = &text[para.clone()];
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while let Some(t) = next_mark(i) {
        let Some(first) = terminal_len(&s[t..]) else {
            i = t + 1;
            continue;
        };
        let mut k = t + first;
        let mut marks = 1;
        while let Some(n) = terminal_len(&s[k..]) {
            k += n;
            marks += 1;
        }
        let lone_period = marks == 1 && bytes[t] == b'.';
        while let Some(c) = s[k..].chars().next().filter(|c| CLOSERS.contains(c)) {
            k += c.len_utf8();
        }
        let end = k;
        let rest = &s[k..];
        let next = k + (rest.len() - rest.trim_start().len());
        i = next.max(t + 1);
        if next == k || next == s.len() {
            continue;
        }
        let n = s[next..].chars().next().unwrap_or(' ');
        let starts_sentence =
            n.is_uppercase() || n.is_numeric() || OPENERS.contains(&n) || n == '\u{2014}';
        if starts_sentence && !(lone_period && is_abbreviation(&s[..t])) {
            out(para.start + start..para.start + end);
            start = next;
        }
    }
    out(para.start + start..para.end);
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut impl FnMut(Range<usize>)) {
    let t = trim_range(text, r);
    if !t.is_empty() {
        out(t);
    }
}

#[cfg(test)]
pub(super) mod tests;
