//! The words before a match that a negation cue could still reach it from,
//! read backwards from the match into one buffer reused from match to
//! match. A scope is looked for before every match, and almost always no
//! cue is near: read from the match back, the words stop mattering at the
//! first one a cue cannot reach across, a few words back, where splitting
//! the whole look-back forward (what this replaced) read up to 400 bytes
//! of the sentence for each match.

use std::ops::Range;

use super::super::normalize::is_word_char;

/// Words read backwards from a match: first only where each is in the
/// text, then, for the few matches a cue may reach, the nearest of them in
/// lower case, each a stretch of one string: the word `k`-th from the
/// match (0: the nearest) ends at `ends[k]` and starts where the one
/// before it ends. Reuse one value for many matches to keep its buffers.
#[derive(Debug, Clone, Default)]
pub struct OpenWords {
    /// Where the words read are in the text, the nearest the match first.
    spans: Vec<Range<usize>>,
    /// The words kept, in lower case, the nearest the match first.
    text: String,
    /// Where each word kept ends in `text`.
    ends: Vec<usize>,
    /// A word that is not ASCII, lower-cased for the quick tests.
    scratch: String,
}

impl OpenWords {
    /// Forgets every word.
    pub(super) fn clear(&mut self) {
        self.spans.clear();
        self.text.clear();
        self.ends.clear();
    }

    /// A string to lower-case a word into, kept from match to match.
    pub(super) fn scratch(&mut self) -> &mut String {
        &mut self.scratch
    }

    /// Notes the word at `span` of the text as the next one back from the
    /// match.
    pub(super) fn push(&mut self, span: Range<usize>) {
        self.spans.push(span);
    }

    /// How many words were read.
    pub(super) fn read(&self) -> usize {
        self.spans.len()
    }

    /// Keeps the `n` words of `text` read first, those nearest the match,
    /// in lower case with `’` as `'`.
    pub(super) fn keep(&mut self, text: &str, n: usize) {
        self.text.clear();
        self.ends.clear();
        for span in self.spans.iter().take(n) {
            if let Some(word) = text.get(span.clone()) {
                fold_into(&mut self.text, word);
            }
            self.ends.push(self.text.len());
        }
    }

    /// How many words are kept.
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Word `i` of those kept, counted in the text's order: 0 is the
    /// farthest from the match, `len() - 1` the nearest.
    pub(super) fn get(&self, i: usize) -> &str {
        let k = self.len() - 1 - i;
        let start = match k {
            0 => 0,
            _ => self.ends[k - 1],
        };
        &self.text[start..self.ends[k]]
    }

    /// Whether the words from `at` on begin with `phrase`.
    pub(super) fn starts_at(&self, at: usize, phrase: &[String]) -> bool {
        at + phrase.len() <= self.len()
            && phrase
                .iter()
                .enumerate()
                .all(|(k, p)| self.get(at + k) == p)
    }
}

/// Appends `word` (a word of the text: letters and digits, with
/// apostrophes inside) to `out` in lower case, with `’` as `'`.
pub(super) fn fold_into(out: &mut String, word: &str) {
    if word.is_ascii() {
        let from = out.len();
        out.push_str(word);
        out[from..].make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        if is_word_char(c) {
            out.extend(c.to_lowercase());
        } else {
            // the only other characters of a word: its apostrophes
            out.push('\'');
        }
    }
}

/// The words of a stretch of text, from its end back: runs of letters and
/// digits with an apostrophe (`'` or `’`) between two of them, as a split
/// from the front would find them (an apostrophe belongs to a word when a
/// letter or digit of the stretch stands on each side of it, whichever
/// way the text is read). Reading stops at the stretch's start and at the
/// first punctuation mark of [`ends_scope`] met.
pub(super) struct Backwards<'a> {
    text: &'a str,
    /// The stretch's start, a character boundary.
    start: usize,
    /// Where reading goes on back from.
    at: usize,
}

impl<'a> Backwards<'a> {
    /// The words of `text[start..end]` from its end, `start` and `end`
    /// being character boundaries.
    pub(super) fn of(text: &'a str, start: usize, end: usize) -> Backwards<'a> {
        Backwards {
            text,
            start: start.min(end),
            at: end,
        }
    }

    /// The byte range of the next word back, or none at the stretch's
    /// start or at a mark that ends a scope.
    pub(super) fn next_word(&mut self) -> Option<Range<usize>> {
        let bytes = self.text.as_bytes();
        let end = loop {
            if self.at <= self.start {
                return None;
            }
            let b = *bytes.get(self.at - 1)?;
            if b.is_ascii_alphanumeric() {
                break self.at;
            }
            let (i, c) = match b.is_ascii() {
                true => (self.at - 1, char::from(b)),
                false => self.char_before(self.at)?,
            };
            if is_word_char(c) {
                break self.at;
            }
            if ends_scope(c) {
                self.at = self.start;
                return None;
            }
            self.at = i;
        };
        loop {
            // a run of ASCII letters and digits, the most of a word
            while self.at > self.start && bytes[self.at - 1].is_ascii_alphanumeric() {
                self.at -= 1;
            }
            if self.at <= self.start {
                break;
            }
            // what ends most words: an ASCII character other than `'`
            let b = bytes[self.at - 1];
            if b.is_ascii() && b != b'\'' {
                break;
            }
            match self.char_before(self.at) {
                Some((i, c)) if is_word_char(c) => self.at = i,
                Some((i, '\'' | '\u{2019}'))
                    if self.char_before(i).is_some_and(|(_, p)| is_word_char(p)) =>
                {
                    self.at = i
                }
                _ => break,
            }
        }
        Some(self.at..end)
    }

    /// The character that ends at byte `at`, and where it starts, unless
    /// `at` is the stretch's start.
    fn char_before(&self, at: usize) -> Option<(usize, char)> {
        if at <= self.start {
            return None;
        }
        let b = *self.text.as_bytes().get(at - 1)?;
        if b.is_ascii() {
            return Some((at - 1, char::from(b)));
        }
        let mut i = at - 1;
        while i > self.start && !self.text.is_char_boundary(i) {
            i -= 1;
        }
        let c = self.text.get(i..at)?.chars().next()?;
        Some((i, c))
    }
}

/// The punctuation marks that end a scope inside a sentence.
pub(super) fn ends_scope(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '(' | ')' | '[' | ']' | '\u{2014}' | '\u{2013}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of a text read backwards, as strings in the text's order.
    fn backwards(text: &str, start: usize) -> Vec<String> {
        let mut back = Backwards::of(text, start, text.len());
        let mut words = OpenWords::default();
        while let Some(r) = back.next_word() {
            words.push(r);
        }
        words.keep(text, words.read());
        (0..words.len()).map(|i| words.get(i).to_string()).collect()
    }

    #[test]
    fn words_read_backwards_stop_at_a_mark_and_keep_inner_apostrophes() {
        assert_eq!(
            backwards("It isn’t an Invasion", 0),
            ["it", "isn't", "an", "invasion"]
        );
        assert_eq!(backwards("no, it isn't' 'an", 0), ["it", "isn't", "an"]);
        assert_eq!(backwards("a — b c", 0), ["b", "c"]);
        assert_eq!(backwards("STRAßE İx 9’", 0), ["straße", "i\u{307}x", "9"]);
        // from a later start, what is before it is not seen
        assert_eq!(backwards("cannot x", 3), ["not", "x"]);
        assert_eq!(backwards("a'b", 1), ["b"]);
        assert_eq!(backwards("", 0), Vec::<String>::new());
    }
}
