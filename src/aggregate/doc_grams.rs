//! One document's n-grams, counted on a worker thread so that the thread
//! that sees documents in order ([`Counts::add_doc`]) only interns the
//! document's distinct words and adds its distinct n-grams. What it adds is
//! what [`Counts::add`] adds for the same sentences, in the same order: the
//! words are interned in order of first use and each n-gram enters its
//! outlet's table at its first use, so the tables are the same, entry for
//! entry and in the same layout.

use std::cell::RefCell;
use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap};

use super::ngrams::{Counts, BITS};
use crate::features::words::{fold_into, is_stopword};
use crate::text::tokens;

/// A document's distinct words and n-grams, each in order of first use.
#[derive(Debug, Default)]
pub struct DocGrams {
    /// Distinct words (lower case, one apostrophe), in order of first use,
    /// one after the other: word `i` ends at `ends[i]` (one allocation
    /// for all of them, made and freed on different threads).
    text: String,
    /// Where each word of `text` ends.
    ends: Vec<u32>,
    /// Distinct n-grams as indices into the words (unused places 0, used
    /// ones index + 1), with their number of words and uses.
    grams: Vec<([u32; 3], u8, u32)>,
}

impl DocGrams {
    /// The distinct words in order of first use.
    fn words(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(a, &b)| &self.text[a as usize..b as usize])
    }

    /// Word `id` (from 1).
    fn word(&self, id: u32) -> &str {
        let i = id as usize - 1;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }
}

/// The tables [`DocGrams::of`] works in, kept per thread and cleared for
/// each document, so that they do not grow from empty every time.
#[derive(Default)]
struct Scratch {
    /// The document's word ids (from 1), found by a word's hash and
    /// compared by its text in [`DocGrams::text`].
    ids_of: HashTable<u32>,
    /// Per id, whether the word is a function word.
    stop: Vec<bool>,
    /// An n-gram to its place in `grams`.
    at: HashMap<[u32; 3], usize>,
    /// The current sentence's word ids.
    ids: Vec<u32>,
    /// The current token, folded.
    word: String,
}

/// A word's hash in [`Scratch::ids_of`].
fn fx(word: &str) -> u64 {
    FxBuildHasher.hash_one(word)
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

impl DocGrams {
    /// The n-grams of 1 to `max_n` words within each of `spans`
    /// (sentences) of `text`; phrases that begin or end with a function
    /// word are left out, as [`Counts::add`] leaves them out.
    pub fn of(text: &str, spans: &[std::ops::Range<usize>], max_n: usize) -> DocGrams {
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => Self::of_in(&mut scratch, text, spans, max_n, fx),
            // never re-entered; a fresh table would give the same result
            Err(_) => Self::of_in(&mut Scratch::default(), text, spans, max_n, fx),
        })
    }

    fn of_in(
        sc: &mut Scratch,
        text: &str,
        spans: &[std::ops::Range<usize>],
        max_n: usize,
        hash: fn(&str) -> u64,
    ) -> DocGrams {
        let mut doc = DocGrams::default();
        sc.ids_of.clear();
        sc.stop.clear();
        sc.at.clear();
        for s in spans {
            sc.ids.clear();
            for t in tokens(&text[s.clone()]) {
                sc.word.clear();
                fold_into(&text[s.start + t.start..s.start + t.end], &mut sc.word);
                let id = doc.intern(sc, hash);
                sc.ids.push(id);
            }
            let ids = &sc.ids;
            for start in 0..ids.len() {
                let mut key = [0u32; 3];
                for n in 1..=max_n.min(3).min(ids.len() - start) {
                    let last = ids[start + n - 1];
                    key[n - 1] = last;
                    let first = ids[start];
                    let edge = |id: u32| sc.stop[id as usize - 1];
                    if n > 1 && (edge(first) || edge(last)) {
                        continue;
                    }
                    match sc.at.get(&key) {
                        Some(&i) => doc.grams[i].2 += 1,
                        None => {
                            sc.at.insert(key, doc.grams.len());
                            doc.grams.push((key, n as u8, 1));
                        }
                    }
                }
            }
        }
        doc
    }

    /// The id of `sc.word` (hashed by `hash`), added if new.
    fn intern(&mut self, sc: &mut Scratch, hash: fn(&str) -> u64) -> u32 {
        let w = sc.word.as_str();
        let h = hash(w);
        if let Some(&id) = sc.ids_of.find(h, |&id| self.word(id) == w) {
            return id;
        }
        let id = self.ends.len() as u32 + 1;
        self.text.push_str(w);
        self.ends.push(self.text.len() as u32);
        sc.stop.push(is_stopword(w));
        sc.ids_of.insert_unique(h, id, |&id| hash(self.word(id)));
        id
    }
}

impl Counts {
    /// Adds one document's n-grams ([`DocGrams::of`]) to `outlet`'s
    /// counts: the same counts, added in the same order, as [`Counts::add`]
    /// of its sentences' words.
    pub fn add_doc(&mut self, outlet: &str, doc: &DocGrams) {
        let o = self.outlet(outlet);
        let ids: Vec<Option<u32>> = doc.words().map(|w| self.words.intern(w)).collect();
        'grams: for &(local, n, uses) in &doc.grams {
            let n = usize::from(n);
            let mut key = 0u64;
            for (i, &l) in local[..n].iter().enumerate() {
                // A gram holding a word past the id space is not counted.
                let Some(id) = ids[l as usize - 1] else {
                    continue 'grams;
                };
                key |= u64::from(id) << (BITS * i as u32);
            }
            *self.counts[o].entry(key).or_insert(0) += uses;
            self.totals[o][n - 1] += u64::from(uses);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::ngrams::sentence_words;
    use super::*;

    /// Sentences with repeated words and phrases, function words at the
    /// edges and inside, a curly apostrophe and capitals.
    const TEXT: &str = "The Kiev regime said the Kiev regime would talk. \
        Kiev\u{2019}s regime! Officials of the Kiev regime said so, said so. \
        A regime of the Kiev regime said.";

    fn spans(text: &str) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if matches!(c, '.' | '!') {
                out.push(start..i + 1);
                start = i + 1;
            }
        }
        out
    }

    /// Every table entry in iteration order: equal only when the tables
    /// hold the same entries in the same layout.
    fn entries(c: &Counts) -> Vec<Vec<(u64, u32)>> {
        c.counts
            .iter()
            .map(|m| m.iter().map(|(&k, &v)| (k, v)).collect())
            .collect()
    }

    #[test]
    fn words_whose_hashes_clash_stay_apart() {
        // every word hashed alike: each one after the first is a clash
        let spans = spans(TEXT);
        let clashing = DocGrams::of_in(&mut Scratch::default(), TEXT, &spans, 3, |_| 7);
        let plain = DocGrams::of(TEXT, &spans, 3);
        assert_eq!(
            clashing.words().collect::<Vec<_>>(),
            plain.words().collect::<Vec<_>>()
        );
        assert_eq!(clashing.grams, plain.grams);
        // TEXT's distinct words, in order of first use
        let words = [
            "the",
            "kiev",
            "regime",
            "said",
            "would",
            "talk",
            "kiev's",
            "officials",
            "of",
            "so",
            "a",
        ];
        assert_eq!(plain.words().collect::<Vec<_>>(), words);
    }

    #[test]
    fn a_document_at_a_time_adds_what_its_sentences_add() {
        let docs = [TEXT, "Kiev said. The regime talks of Kiev.", TEXT];
        for max_n in 1..=3 {
            let (mut whole, mut by_doc) = (Counts::default(), Counts::default());
            for (i, text) in docs.iter().enumerate() {
                let outlet = if i == 1 { "B" } else { "A" };
                let spans = spans(text);
                whole.add(outlet, &sentence_words(text, &spans), max_n);
                by_doc.add_doc(outlet, &DocGrams::of(text, &spans, max_n));
            }
            assert_eq!(entries(&whole), entries(&by_doc), "max_n {max_n}");
            assert_eq!(whole.totals, by_doc.totals, "max_n {max_n}");
            assert_eq!(whole.outlets, by_doc.outlets);
            let words = |c: &Counts| {
                (1..=c.words.len() as u32)
                    .map(|i| c.words.word(i).map(String::from))
                    .collect::<Vec<_>>()
            };
            assert_eq!(words(&whole), words(&by_doc), "words in the same order");
            // "kiev regime": 4 times in each of outlet A's two copies of TEXT
            let k = |c: &Counts, w: &str| c.words.id(w).unwrap();
            let key = u64::from(k(&by_doc, "kiev")) | u64::from(k(&by_doc, "regime")) << BITS;
            if max_n >= 2 {
                assert_eq!(by_doc.counts[0].get(&key), Some(&8));
            }
        }
    }
}
