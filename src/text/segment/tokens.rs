//! Word tokens, as byte ranges of the text: runs of letters and digits,
//! joined across an apostrophe between letters, across `.` or `,` between
//! digits, and through the periods of an abbreviation of single letters.

use std::ops::Range;

use super::alnum::{alnum_run_end, ALNUM};

/// Word tokens: runs of letters and digits, joined across an apostrophe
/// between letters (`Kyiv's`, `don't`), across `.` or `,` between digits
/// (`1,000`, `2.5`), and through the periods of an abbreviation of single
/// letters (`U.S.`, `U.K.`, `e.g.`, `a.m.`), final period included, so
/// that "U.S." is one token and not "u" and "s".
pub fn tokens(text: &str) -> Tokens<'_> {
    Tokens { text, at: 0 }
}

/// The iterator of [`tokens`]. It steps over ASCII a byte at a time and
/// decodes a character only where a byte is beyond ASCII: news text is
/// ASCII but for a curly quote here and there, and decoding all of it
/// took a good share of a run.
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    text: &'a str,
    /// Where the search for the next token starts: a character boundary.
    at: usize,
}

impl Iterator for Tokens<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.at) {
            let token = if ALNUM[usize::from(b)] {
                ascii_token(self.text, self.at)
            } else if b.is_ascii() {
                self.at += 1;
                continue;
            } else if punctuation_at(bytes, self.at).is_some() {
                self.at += PUNCTUATION_LEN;
                continue;
            } else {
                let c = self.text[self.at..].chars().next()?;
                if !c.is_alphanumeric() {
                    self.at += c.len_utf8();
                    continue;
                }
                char_token(self.text, self.at)
            };
            // A token ends where the next search starts: whatever follows
            // it was looked at and did not join it.
            self.at = token.end;
            return Some(token);
        }
        None
    }
}

/// The token starting at byte `start` (an ASCII letter or digit), read a
/// run of ASCII letters and digits at a time while it stays ASCII; where a character beyond ASCII
/// could change it, [`char_token`] reads it again.
///
/// Most words end at the first byte after their run of letters and digits
/// that is ASCII and neither `.`, `,` nor `'` (nor at the end of the
/// text): that word is known here, in line in [`Tokens`]; the others
/// (joins, abbreviations, characters beyond ASCII) are read by
/// [`ascii_token_joined`], which gives the same for these too.
#[inline(always)]
fn ascii_token(text: &str, start: usize) -> Range<usize> {
    let b = text.as_bytes();
    let end = alnum_run_end(b, start + 1);
    match b.get(end) {
        Some(&c) if c.is_ascii() && !matches!(c, b'.' | b',' | b'\'') => start..end,
        None => start..end,
        Some(_) => ascii_token_joined(text, start),
    }
}

/// [`ascii_token`] of a word that may join across `.`, `,`, `'` or a
/// character beyond ASCII.
#[inline(never)]
fn ascii_token_joined(text: &str, start: usize) -> Range<usize> {
    let b = text.as_bytes();
    let mut i = start + 1;
    let (mut run, mut dotted) = (1usize, false);
    loop {
        let end = alnum_run_end(b, i);
        run += end - i;
        i = end;
        let Some(&c) = b.get(i) else { break };
        if !c.is_ascii() {
            // After a letter or digit, the punctuation news text holds ends
            // the token, but for `’` between two letters, which joins as
            // `'` does; any other character is read by `char_token`.
            let after = b.get(i + PUNCTUATION_LEN).copied();
            match punctuation_at(b, i) {
                None => return char_token(text, start),
                Some(RIGHT_SINGLE_QUOTE) if after.is_some_and(|a| !a.is_ascii()) => {
                    return char_token(text, start)
                }
                Some(RIGHT_SINGLE_QUOTE)
                    if b[i - 1].is_ascii_alphabetic()
                        && after.is_some_and(|a| a.is_ascii_alphabetic()) =>
                {
                    i += PUNCTUATION_LEN;
                    continue;
                }
                Some(_) => break,
            }
        }
        if c == b'.' && b[i - 1].is_ascii_alphabetic() && run == 1 && (dotted || i == start + 1) {
            match abbreviation_period(text, i, dotted) {
                Period::Joins => {
                    (run, dotted) = (0, true);
                    i += 1;
                    continue;
                }
                Period::Ends => return start..i + 1,
                Period::No => break,
            }
        }
        let after = b.get(i + 1).copied();
        let joins = match c {
            // a letter beyond ASCII after an apostrophe joins too
            b'\'' if after.is_some_and(|a| !a.is_ascii()) => return char_token(text, start),
            b'\'' => {
                b[i - 1].is_ascii_alphabetic() && after.is_some_and(|a| a.is_ascii_alphabetic())
            }
            b'.' | b',' => b[i - 1].is_ascii_digit() && after.is_some_and(|a| a.is_ascii_digit()),
            _ => false,
        };
        if !joins {
            break;
        }
        i += 1;
    }
    start..i
}

/// The bytes of each character of [`punctuation_at`].
pub const PUNCTUATION_LEN: usize = 3;

/// The third byte of `’` (U+2019).
const RIGHT_SINGLE_QUOTE: u8 = 0x99;

/// The third byte of the character at byte `i` of `b` when it is one of
/// the punctuation marks beyond ASCII that news text holds most (`E2 80
/// xx`: en and em dash, curly single and double quotes, the ellipsis),
/// none of them a letter or digit: the tokenizer steps over them without
/// decoding them or asking Unicode's tables.
pub fn punctuation_at(b: &[u8], i: usize) -> Option<u8> {
    match b.get(i..i + PUNCTUATION_LEN)? {
        [0xE2, 0x80, third] if super::count::PUNCTUATION.contains(third) => Some(*third),
        _ => None,
    }
}

/// The token starting at byte `start` (a letter or digit), read a
/// character at a time.
pub(super) fn char_token(text: &str, start: usize) -> Range<usize> {
    let mut it = text[start..]
        .char_indices()
        .map(|(i, c)| (start + i, c))
        .peekable();
    let Some((_, first)) = it.next() else {
        return start..start;
    };
    let mut end = start + first.len_utf8();
    let mut prev = first;
    // letters since the last abbreviation period, and whether one was seen
    let (mut run, mut dotted) = (1usize, false);
    while let Some(&(i, c)) = it.peek() {
        if c.is_alphanumeric() {
            end = i + c.len_utf8();
            prev = c;
            run += 1;
            it.next();
            continue;
        }
        if c == '.' && prev.is_alphabetic() && run == 1 && (dotted || i == start + 1) {
            match abbreviation_period(text, i, dotted) {
                Period::Joins => {
                    (run, dotted) = (0, true);
                    it.next();
                    continue;
                }
                Period::Ends => return start..i + 1,
                Period::No => break,
            }
        }
        let joins = match c {
            '\'' | '\u{2019}' => prev.is_alphabetic(),
            '.' | ',' => prev.is_ascii_digit(),
            _ => false,
        };
        if !joins {
            break;
        }
        let after = text[i + c.len_utf8()..].chars().next();
        let ok = match c {
            '.' | ',' => after.is_some_and(|a| a.is_ascii_digit()),
            _ => after.is_some_and(char::is_alphabetic),
        };
        if !ok {
            break;
        }
        it.next();
    }
    start..end
}

/// What the period at byte `i` does to a token of single letters and
/// periods so far (`dotted`: it has had one).
#[derive(Debug, PartialEq)]
enum Period {
    /// Another single letter and period follow: `U.` of `U.S.`.
    Joins,
    /// The abbreviation's last period: `S.` of `U.S.`.
    Ends,
    /// Not an abbreviation's period.
    No,
}

/// A period after a single letter joins when one ASCII letter and another
/// period follow (`U.S`), and ends an abbreviation already joined when no
/// letter or digit follows it.
fn abbreviation_period(text: &str, i: usize, dotted: bool) -> Period {
    let b = text.as_bytes();
    if b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) && b.get(i + 2) == Some(&b'.') {
        return Period::Joins;
    }
    let word_follows = text[i + 1..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric);
    if dotted && !word_follows {
        Period::Ends
    } else {
        Period::No
    }
}
