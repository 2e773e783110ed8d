//! The words before a match that a negation cue could still reach it from,
//! split into one buffer reused from match to match: a scope is looked for
//! before every match, and a string per word (what this replaced) cost a
//! good share of the matching road.

use super::super::normalize::is_word_char;
use super::super::segment::alnum_run_end;
use super::sieve::Sieve;

/// Lower-case words in order, each a stretch of one string: word `i` ends
/// at `ends[i]` and starts where the word before it ends. Reuse one value
/// for many calls of `OpenWords::split` to keep its buffers.
#[derive(Debug, Clone, Default)]
pub struct OpenWords {
    text: String,
    ends: Vec<usize>,
    /// Words left out at the front ([`OpenWords::skip_first`]).
    from: usize,
}

impl OpenWords {
    /// Replaces the words with those of `before` that follow its last
    /// scope-ending punctuation mark or `enders` word: runs of letters and
    /// digits, with an apostrophe inside (`'` or `’`, kept as `'`), in
    /// lower case. `sieve` lets every word of `enders` through.
    pub(super) fn split(&mut self, before: &str, enders: &[String], sieve: &Sieve) {
        self.text.clear();
        self.ends.clear();
        self.from = 0;
        let bytes = before.as_bytes();
        // Where the word being read starts in `text`; none is being read
        // when it is `text.len()`.
        let mut start = 0;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii_alphanumeric() {
                // A run of ASCII letters and digits in one go: its end
                // found eight bytes at a time, copied, lower-cased in place.
                let end = alnum_run_end(bytes, i + 1);
                let from = self.text.len();
                self.text.push_str(&before[i..end]);
                self.text[from..].make_ascii_lowercase();
                i = end;
                continue;
            }
            let c = if b.is_ascii() {
                char::from(b)
            } else {
                match before[i..].chars().next() {
                    Some(c) => c,
                    None => break,
                }
            };
            i += c.len_utf8();
            if is_word_char(c) {
                self.text.extend(c.to_lowercase());
                continue;
            }
            let in_word = self.text.len() > start;
            if in_word && matches!(c, '\'' | '\u{2019}') && word_at(before, i) {
                self.text.push('\'');
                continue;
            }
            if in_word {
                self.end_word(start, enders, sieve);
                start = self.text.len();
            }
            if ends_scope(c) {
                self.text.clear();
                self.ends.clear();
                start = 0;
            }
        }
        if self.text.len() > start {
            self.end_word(start, enders, sieve);
        }
    }

    /// Closes the word that started at `start`: kept, or, when it is one
    /// of `enders`, the end of every word so far.
    fn end_word(&mut self, start: usize, enders: &[String], sieve: &Sieve) {
        let word = &self.text[start..];
        if sieve.may_hold(word) && enders.iter().any(|e| e == word) {
            self.text.clear();
            self.ends.clear();
        } else {
            self.ends.push(self.text.len());
        }
    }

    /// Leaves the first word out.
    pub(super) fn skip_first(&mut self) {
        self.from = (self.from + 1).min(self.ends.len());
    }

    /// How many words there are.
    pub(super) fn len(&self) -> usize {
        self.ends.len() - self.from
    }

    /// Whether there are none.
    pub(super) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Word `i`.
    pub(super) fn get(&self, i: usize) -> &str {
        let k = self.from + i;
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

/// Whether the character at byte `i` of `s` belongs to a word.
fn word_at(s: &str, i: usize) -> bool {
    match s.as_bytes().get(i) {
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => s[i..].chars().next().is_some_and(is_word_char),
        None => false,
    }
}

/// The punctuation marks that end a scope inside a sentence.
pub(super) fn ends_scope(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '(' | ')' | '[' | ']' | '\u{2014}' | '\u{2013}'
    )
}

/// The byte after the last mark of [`ends_scope`] in `text[from..to]`
/// (`from` when there is none); `from` is a character boundary.
/// [`OpenWords::split`] forgets every word before such a mark, so the
/// words it keeps are those it finds after it: found from the end, the
/// mark spares splitting the words of the clauses before (a match's
/// sentence is a clause or two longer than its scope).
pub(super) fn after_last_scope_end(text: &str, from: usize, to: usize) -> usize {
    let hay = &text.as_bytes()[from..to];
    let mut i = hay.len();
    while i > 0 {
        i -= 1;
        match hay[i] {
            b',' | b';' | b':' | b'(' | b')' | b'[' | b']' => return from + i + 1,
            // the last byte of `–` (E2 80 93) or `—` (E2 80 94): behind a
            // character boundary, these three bytes are that character
            0x93 | 0x94 if i >= 2 && hay[i - 2] == 0xE2 && hay[i - 1] == 0x80 => {
                return from + i + 1
            }
            _ => {}
        }
    }
    from
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The mark found from the end is a mark of [`ends_scope`], and every
    /// such mark is found, whatever characters stand around it.
    #[test]
    fn the_last_mark_found_from_the_end_is_one_that_ends_a_scope() {
        let every = (0..0x3100u32)
            .chain(0xFE50..0xFF70)
            .filter_map(char::from_u32);
        for c in every {
            for text in [format!("a{c}b"), format!("{c}"), format!("\u{2014}x{c}")] {
                let first = text.chars().next().map_or(0, char::len_utf8);
                let want = match text.char_indices().rev().find(|&(_, c)| ends_scope(c)) {
                    Some((i, m)) => i + m.len_utf8(),
                    None => 0,
                };
                assert_eq!(after_last_scope_end(&text, 0, text.len()), want, "{text:?}");
                // from a later character boundary, marks before it are not seen
                let later = after_last_scope_end(&text, first, text.len());
                assert_eq!(later, want.max(first), "{text:?} from {first}");
            }
        }
    }
}
