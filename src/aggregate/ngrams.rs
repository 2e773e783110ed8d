//! Word n-gram counts per outlet (1 to 3 words), the raw material of
//! keyness and similarity. Words are interned and an n-gram is packed into
//! one `u64`, so the counts of a large corpus stay compact. Phrases (2 and
//! 3 words) that begin or end with a function word ("of the", "the Kremlin
//! said") are not counted: they are common everywhere and crowd out the
//! phrases that carry framing.

use rustc_hash::FxHashMap as HashMap;

use crate::features::words::is_stopword;
use crate::text::tokens;

/// Bits per word id in a packed n-gram.
pub(super) const BITS: u32 = 21;
/// Word ids must stay below this.
const MAX_WORDS: u32 = (1 << BITS) - 1;

/// Common English function words (shared with LSS, [`crate::text::STOPWORDS`]).
pub use crate::text::STOPWORDS;

/// A word as counted: lower case, one apostrophe ([`crate::features::words::fold`]).
pub use crate::features::words::fold as fold_word;

/// The lower-cased words of each of `spans` (sentences) of `text`.
pub fn sentence_words(text: &str, spans: &[std::ops::Range<usize>]) -> Vec<Vec<String>> {
    spans
        .iter()
        .map(|s| {
            tokens(&text[s.clone()])
                .map(|t| fold_word(&text[s.start + t.start..s.start + t.end]))
                .collect()
        })
        .collect()
}

/// Word interning and packed n-grams.
#[derive(Debug, Default, Clone)]
pub struct Words {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    stop: Vec<bool>,
}

impl Words {
    /// The id of `w`, added if new (`None` past the id space).
    pub fn intern(&mut self, w: &str) -> Option<u32> {
        if let Some(&id) = self.ids.get(w) {
            return Some(id);
        }
        let id = self.words.len() as u32 + 1;
        if id >= MAX_WORDS {
            return None;
        }
        self.ids.insert(w.to_string(), id);
        self.words.push(w.to_string());
        self.stop.push(is_stopword(w));
        Some(id)
    }

    /// How many words are interned; ids run from 1 to this.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether no word is interned.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The word of id `id` (from 1), if interned.
    pub fn word(&self, id: u32) -> Option<&str> {
        let i = (id as usize).checked_sub(1)?;
        self.words.get(i).map(String::as_str)
    }

    /// The id of `w`, if known.
    pub fn id(&self, w: &str) -> Option<u32> {
        self.ids.get(w).copied()
    }

    fn is_stop(&self, id: u32) -> bool {
        self.stop[id as usize - 1]
    }

    /// Whether a packed unigram is a function word.
    pub fn is_function_word(&self, key: u64) -> bool {
        let first = (key & u64::from(MAX_WORDS)) as u32;
        first != 0 && self.is_stop(first)
    }

    /// The words of a packed n-gram, joined by spaces.
    pub fn text(&self, key: u64) -> String {
        unpack(key)
            .into_iter()
            .map(|id| self.words[id as usize - 1].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Packs up to three word ids (each `> 0`).
pub fn pack(ids: &[u32]) -> u64 {
    ids.iter()
        .enumerate()
        .fold(0u64, |k, (i, &id)| k | (u64::from(id) << (BITS * i as u32)))
}

/// The word ids of a packed n-gram.
pub fn unpack(key: u64) -> Vec<u32> {
    (0..3)
        .map(|i| ((key >> (BITS * i)) & u64::from(MAX_WORDS)) as u32)
        .take_while(|&id| id != 0)
        .collect()
}

/// How many words a packed n-gram has (as many as [`unpack`] gives,
/// without collecting them: this runs on every n-gram of the corpus).
pub fn order(key: u64) -> usize {
    (0..3)
        .take_while(|i| (key >> (BITS * i)) & u64::from(MAX_WORDS) != 0)
        .count()
}

/// N-gram counts per outlet.
#[derive(Debug, Default, Clone)]
pub struct Counts {
    /// Interned words.
    pub words: Words,
    /// Outlet names, in order of first appearance.
    pub outlets: Vec<String>,
    index: HashMap<String, usize>,
    /// Per outlet, counts of packed n-grams.
    pub counts: Vec<HashMap<u64, u32>>,
    /// Per outlet, total n-grams of each order (1, 2, 3 words).
    pub totals: Vec<[u64; 3]>,
}

impl Counts {
    /// The index of `outlet`, added if new.
    pub fn outlet(&mut self, outlet: &str) -> usize {
        if let Some(&i) = self.index.get(outlet) {
            return i;
        }
        self.index.insert(outlet.to_string(), self.outlets.len());
        self.outlets.push(outlet.to_string());
        self.counts.push(HashMap::default());
        self.totals.push([0; 3]);
        self.outlets.len() - 1
    }

    /// Counts the n-grams (1 to `max_n` words) of one document's sentences.
    pub fn add(&mut self, outlet: &str, sentences: &[Vec<String>], max_n: usize) {
        let o = self.outlet(outlet);
        for words in sentences {
            let ids: Vec<Option<u32>> = words.iter().map(|w| self.words.intern(w)).collect();
            for start in 0..ids.len() {
                // The grams from `start` grow one word at a time, so a word
                // past the id space ends them where it is first met; the
                // gram is read in place rather than collected (this runs
                // on the thread that sees documents in order, and an
                // allocation per gram took a good share of a default run).
                let mut key = 0u64;
                for n in 1..=max_n.min(ids.len() - start) {
                    let Some(last) = ids[start + n - 1] else {
                        break;
                    };
                    key |= u64::from(last) << (BITS * (n as u32 - 1));
                    let first = ids[start].unwrap_or(last);
                    if n > 1 && (self.words.is_stop(first) || self.words.is_stop(last)) {
                        continue;
                    }
                    *self.counts[o].entry(key).or_insert(0) += 1;
                    self.totals[o][n - 1] += 1;
                }
            }
        }
    }

    /// (outlet, n-gram) pairs in the tables.
    pub fn pairs(&self) -> usize {
        self.counts.iter().map(HashMap::len).sum()
    }

    /// Total count of each n-gram over all outlets.
    pub fn overall(&self) -> HashMap<u64, u64> {
        let mut all: HashMap<u64, u64> = HashMap::default();
        for c in &self.counts {
            for (&k, &v) in c {
                *all.entry(k).or_insert(0) += u64::from(v);
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_the_number_of_words_unpacked() {
        // the words up to the first empty place, as `unpack` reads them
        let keys = [
            0,
            pack(&[5]),
            pack(&[5, 7]),
            pack(&[5, 7, 9]),
            pack(&[MAX_WORDS - 1, MAX_WORDS - 1, MAX_WORDS - 1]),
            7 << BITS,
            5 | (9 << (2 * BITS)),
        ];
        for key in keys {
            assert_eq!(order(key), unpack(key).len(), "{key:#x}");
        }
        assert_eq!(keys.map(order), [0, 1, 2, 3, 3, 0, 1]);
    }

    #[test]
    fn packs_and_counts_phrases_without_function_word_edges() {
        assert_eq!(unpack(pack(&[5, 7, 9])), [5, 7, 9]);
        assert_eq!(unpack(pack(&[5])), [5]);
        let mut c = Counts::default();
        let s = sentence_words("The Kiev regime said. Kiev regime!", &[0..21, 22..34]);
        assert_eq!(s[0], ["the", "kiev", "regime", "said"]);
        c.add("RT", &s, 3);
        let count = |t: &str| {
            let ids: Vec<u32> = t.split(' ').map(|w| c.words.id(w).unwrap()).collect();
            c.counts[0].get(&pack(&ids)).copied().unwrap_or(0)
        };
        assert_eq!(count("kiev regime"), 2);
        assert_eq!(count("kiev"), 2);
        assert_eq!(count("the kiev"), 0, "starts with a function word");
        assert_eq!(count("kiev regime said"), 0, "ends with one");
        // 6 words; bigrams kiev-regime x2; trigram none kept
        assert_eq!(c.totals[0], [6, 2, 0]);
        let key = pack(&[c.words.id("kiev").unwrap(), c.words.id("regime").unwrap()]);
        assert_eq!(c.words.text(key), "kiev regime");
        assert_eq!(order(key), 2);
    }
}
