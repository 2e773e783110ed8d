//! A quick "certainly not in this list" for the short word lists of the
//! negation rules (cues, scope enders, words a cue reaches across). Every
//! word before every match is tested against them, and almost no word of
//! news text is in them: a test of two bits, by the word's length and its
//! first and last bytes, turns most words away before any string is
//! compared.

/// The lengths (1 to 31, 32 and more in one bit) of a list's words, per
/// first byte and per last byte. A word whose length bit is clear in
/// either table is in no list that built it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Sieve {
    first: [u32; 256],
    last: [u32; 256],
}

impl Default for Sieve {
    fn default() -> Self {
        Sieve {
            first: [0; 256],
            last: [0; 256],
        }
    }
}

/// The bit of a word of `len` bytes.
fn length_bit(len: usize) -> u32 {
    1 << len.min(31)
}

impl Sieve {
    /// A sieve that lets every word of `words` through.
    pub(super) fn of<'a>(words: impl IntoIterator<Item = &'a str>) -> Sieve {
        let mut s = Sieve::default();
        for w in words {
            s.add(w);
        }
        s
    }

    /// Lets `word` through too.
    pub(super) fn add(&mut self, word: &str) {
        let b = word.as_bytes();
        let (Some(&f), Some(&l)) = (b.first(), b.last()) else {
            return;
        };
        let bit = length_bit(b.len());
        self.first[usize::from(f)] |= bit;
        self.last[usize::from(l)] |= bit;
    }

    /// Whether `word` may be in the list: `false` only for a word that is
    /// not (the empty word is in no list).
    pub(super) fn may_hold(&self, word: &str) -> bool {
        let b = word.as_bytes();
        let (Some(&f), Some(&l)) = (b.first(), b.last()) else {
            return false;
        };
        self.holds(f, l, b.len())
    }

    /// [`Sieve::may_hold`] for a word of `len` bytes (at least one) that
    /// starts with byte `first` and ends with byte `last`: a word of ASCII
    /// letters is tested in lower case without being lower-cased whole.
    pub(super) fn holds(&self, first: u8, last: u8, len: usize) -> bool {
        let bit = length_bit(len);
        self.first[usize::from(first)] & self.last[usize::from(last)] & bit != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_of_the_list_passes_and_most_others_do_not() {
        let s = Sieve::of([
            "not",
            "never",
            "far",
            "a-very-long-word-of-forty-bytes-or-so",
        ]);
        for w in [
            "not",
            "never",
            "far",
            "a-very-long-word-of-forty-bytes-or-so",
        ] {
            assert!(s.may_hold(w), "{w}");
        }
        // no word of the list has its length with its first byte, or with
        // its last byte
        for w in ["", "no", "ever", "nuts", "invasion", "nevel"] {
            assert!(!s.may_hold(w), "{w}");
        }
        // the length with the first byte of one word and the last byte of
        // another ("nor": "not" and "far"): let through, then compared
        for w in ["nut", "nor", "fat"] {
            assert!(s.may_hold(w), "{w}");
        }
    }

    proptest::proptest! {
        /// No word of the list is ever turned away.
        #[test]
        fn no_word_of_the_list_is_turned_away(
            words in proptest::collection::vec("[a-z'\u{e9}]{1,40}", 0..20),
        ) {
            let s = Sieve::of(words.iter().map(String::as_str));
            for w in &words {
                proptest::prop_assert!(s.may_hold(w));
            }
        }
    }
}
