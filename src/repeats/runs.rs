//! Repeated runs within a document: a run of [`RUN_WORDS`] words found
//! [`RUN_TIMES`] times or more in one document, such as a photo gallery's
//! caption header repeated before each of its 44 pictures, is masked as
//! boilerplate (see [`super::lines`]). Runs are found from the document's
//! [`word_hashes`], which the MinHash signature shares.

use std::ops::Range;

use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_64;

use super::words::word_hashes;

/// Words in a run that repeats within a document.
pub const RUN_WORDS: usize = 8;
/// Times a run must occur in one document to be masked.
pub const RUN_TIMES: usize = 3;

/// Runs of [`RUN_WORDS`] words that occur [`RUN_TIMES`] times or more in
/// `text`, each occurrence from its first word's start to its last's end.
pub fn repeated_runs(text: &str) -> Vec<Range<usize>> {
    let (toks, words) = word_hashes(text);
    runs_of(&toks, &words)
}

/// [`repeated_runs`] of a text whose [`word_hashes`] are `toks` and `words`.
/// A run found [`RUN_TIMES`] times holds only words found as often, so
/// only the runs of words that may be that frequent are hashed and
/// counted (in news text a small share of them): the same runs as
/// hashing every run.
pub fn runs_of(toks: &[Range<usize>], words: &[u64]) -> Vec<Range<usize>> {
    if toks.len() < RUN_WORDS * RUN_TIMES {
        return Vec::new();
    }
    let table = word_counts(words);
    let mask = table.len() - 1;
    // Each run of RUN_WORDS words, all frequent, in order: `streak` counts
    // the frequent words that end at word `i`.
    let mut runs: Vec<(usize, u64)> = Vec::new();
    let mut streak = 0;
    for (i, &w) in words.iter().enumerate() {
        let frequent = usize::from(table[(w as usize) & mask]) >= RUN_TIMES;
        streak = if frequent { streak + 1 } else { 0 };
        if streak >= RUN_WORDS {
            let start = i + 1 - RUN_WORDS;
            let run = &words[start..=i];
            let hash =
                <&[u64; RUN_WORDS]>::try_from(run).map_or_else(|_| hash_run(run), hash_fixed);
            runs.push((start, hash));
        }
    }
    if runs.len() < RUN_TIMES {
        return Vec::new();
    }
    let mut counts: FxHashMap<u64, usize> =
        FxHashMap::with_capacity_and_hasher(runs.len(), Default::default());
    for &(_, r) in &runs {
        *counts.entry(r).or_insert(0) += 1;
    }
    runs.iter()
        .filter(|(_, r)| counts[r] >= RUN_TIMES)
        .map(|&(i, _)| toks[i].start..toks[i + RUN_WORDS - 1].end)
        .collect()
}

/// Per slot of a table indexed by the low bits of word hashes (xxh3,
/// evenly spread), how many of `words` fall in it (counts stop at 255).
/// A word found [`RUN_TIMES`] times has a count at least that; another
/// word sharing its slot may too, which only hashes a few more runs,
/// each counted exactly (by its run hash) in [`runs_of`]. With four
/// slots a word the table stays in the first-level cache for a news
/// story, and no key is stored or compared.
fn word_counts(words: &[u64]) -> Vec<u8> {
    let size = (4 * words.len()).next_power_of_two();
    let mask = size - 1;
    let mut counts = vec![0u8; size];
    for &w in words {
        let c = &mut counts[(w as usize) & mask];
        *c = c.saturating_add(1);
    }
    counts
}

/// [`hash_run`] of `N` words (at most [`RUN_WORDS`]), `N` known when it
/// is compiled: in line, xxh3 of a known length compiles to its one road
/// for that length, with no call and no loop (the same value, tested).
#[inline(always)]
pub(super) fn hash_fixed<const N: usize>(words: &[u64; N]) -> u64 {
    const { assert!(N <= RUN_WORDS) };
    let mut bytes = [0u8; 8 * RUN_WORDS];
    for (b, h) in bytes.chunks_exact_mut(8).zip(words) {
        b.copy_from_slice(&h.to_le_bytes());
    }
    xxh3_64(&bytes[..8 * N])
}

/// The hash of a run of at most 8 word hashes, without allocating.
pub fn hash_run(words: &[u64]) -> u64 {
    let mut bytes = [0u8; 8 * RUN_WORDS];
    let n = words.len().min(RUN_WORDS);
    for (k, h) in words[..n].iter().enumerate() {
        bytes[8 * k..8 * k + 8].copy_from_slice(&h.to_le_bytes());
    }
    xxh3_64(&bytes[..8 * n])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repeats::lines::{blank, mask_ranges};

    proptest::proptest! {
        #![proptest_config(crate::fuzz::config(256, "tests/fixtures/proptest/runs.txt"))]

        /// Hashing only the runs of frequent words finds the runs that
        /// hashing every run finds, on texts of a few words repeated and
        /// of words whose hashes share their low bits (a slot of the
        /// count table).
        #[test]
        fn runs_of_frequent_words_are_all_the_runs(
            words in proptest::collection::vec(proptest::prop_oneof![
                8 => 0u64..2,
                1 => 2u64..1000,
                // low bits alike: every word shares one slot of the table
                1 => proptest::strategy::Strategy::prop_map(2u64..1000, |k| k << 40),
            ], 0..80)
        ) {
            let toks: Vec<Range<usize>> = (0..words.len()).map(|i| 2 * i..2 * i + 1).collect();
            let every: Vec<u64> = words.windows(RUN_WORDS).map(hash_run).collect();
            let found: Vec<Range<usize>> = every
                .iter()
                .enumerate()
                .filter(|(_, r)| every.iter().filter(|o| o == r).count() >= RUN_TIMES)
                .map(|(i, _)| toks[i].start..toks[i + RUN_WORDS - 1].end)
                .collect();
            let found = if toks.len() < RUN_WORDS * RUN_TIMES { Vec::new() } else { found };
            proptest::prop_assert_eq!(runs_of(&toks, &words), found);
        }
    }

    /// Runs hashed at a length known when compiled hash as [`hash_run`]
    /// hashes them.
    #[test]
    fn fixed_runs_hash_as_runs() {
        let mut x = 0xFEDC_BA98_7654_3210u64;
        let words: Vec<u64> = (0..40)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                x
            })
            .chain([0, u64::MAX, 1 << 63])
            .collect();
        for w in words.windows(RUN_WORDS) {
            let run: &[u64; RUN_WORDS] = w.try_into().unwrap();
            assert_eq!(hash_fixed(run), hash_run(w));
            let five: &[u64; 5] = w[..5].try_into().unwrap();
            assert_eq!(hash_fixed(five), hash_run(&w[..5]));
            assert_eq!(hash_fixed(&[w[0]]), hash_run(&w[..1]));
        }
    }

    #[test]
    fn a_run_repeated_three_times_in_a_document_is_masked() {
        let caption = "Photos: Crisis in Crimea and Ukraine captured by our teams";
        let text = format!("{caption} one. {caption} two. {caption} three. Ukraine crisis talk.");
        let ranges = mask_ranges(&text, None, &repeated_runs(&text));
        let mut masked = text.clone();
        blank(&mut masked, &ranges);
        assert_eq!(
            masked.split_whitespace().collect::<Vec<_>>(),
            ["one.", "two.", "three.", "Ukraine", "crisis", "talk."]
        );
        let twice = format!("{caption} one. {caption} two.");
        assert!(repeated_runs(&twice).is_empty(), "twice is not enough");
    }
}
