//! The words before a match that a negation cue could still reach it from,
//! read backwards from the match into one buffer reused from match to
//! match. A scope is looked for before every match, and almost always no
//! cue is near: read from the match back, the words stop mattering at the
//! first one a cue cannot reach across, a few words back, where splitting
//! the whole look-back forward (what this replaced) read up to 400 bytes
//! of the sentence for each match.

use std::ops::Range;

use super::super::normalize::is_word_char;

/// Lower-case words read backwards from a match, each a stretch of one
/// string: the word read `k`-th (0: the one nearest the match) ends at
/// `ends[k]` and starts where the one read before it ends. Reuse one value
/// for many matches to keep its buffers.
#[derive(Debug, Clone, Default)]
pub struct OpenWords {
    text: String,
    ends: Vec<usize>,
    /// How many of the words read, from the nearest, are kept: the
    /// farthest one read may be left out ([`OpenWords::keep`]).
    kept: usize,
}

impl OpenWords {
    /// Forgets every word.
    pub(super) fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.kept = 0;
    }

    /// Reads `word` (a word of the text: letters and digits, with
    /// apostrophes inside) as the next one back from the match, in lower
    /// case with `’` as `'`, keeps it, and gives it back.
    pub(super) fn push(&mut self, word: &str) -> &str {
        let from = self.text.len();
        if word.is_ascii() {
            self.text.push_str(word);
            self.text[from..].make_ascii_lowercase();
        } else {
            for c in word.chars() {
                if is_word_char(c) {
                    self.text.extend(c.to_lowercase());
                } else {
                    // the only other characters of a word: its apostrophes
                    self.text.push('\'');
                }
            }
        }
        self.ends.push(self.text.len());
        self.kept = self.ends.len();
        &self.text[from..]
    }

    /// Forgets the word read last.
    pub(super) fn pop(&mut self) {
        self.ends.pop();
        self.text.truncate(self.ends.last().copied().unwrap_or(0));
        self.kept = self.ends.len();
    }

    /// How many words were read.
    pub(super) fn read(&self) -> usize {
        self.ends.len()
    }

    /// Keeps only the `n` words read first, those nearest the match.
    pub(super) fn keep(&mut self, n: usize) {
        self.kept = n.min(self.ends.len());
    }

    /// How many words are kept.
    pub(super) fn len(&self) -> usize {
        self.kept
    }

    /// Word `i` of those kept, counted in the text's order: 0 is the
    /// farthest from the match, `len() - 1` the nearest.
    pub(super) fn get(&self, i: usize) -> &str {
        let k = self.kept - 1 - i;
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
        let end = loop {
            let (i, c) = self.char_before(self.at)?;
            if is_word_char(c) {
                break self.at;
            }
            if ends_scope(c) {
                self.at = self.start;
                return None;
            }
            self.at = i;
        };
        let bytes = self.text.as_bytes();
        loop {
            // a run of ASCII letters and digits, the most of a word
            while self.at > self.start && bytes[self.at - 1].is_ascii_alphanumeric() {
                self.at -= 1;
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
            words.push(&text[r]);
        }
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
