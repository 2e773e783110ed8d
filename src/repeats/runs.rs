//! Repeated runs within a document: a run of [`RUN_WORDS`] words found
//! [`RUN_TIMES`] times or more in one document, such as a photo gallery's
//! caption header repeated before each of its 44 pictures, is masked as
//! boilerplate (see [`super::lines`]). Runs are found from the document's
//! [`word_hashes`](super::words::word_hashes), which the MinHash signature shares.

use std::ops::Range;

use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_64;

use crate::text::tokens;

/// Per input position, the runs repeated within that document (only the
/// documents that have any), as [`runs_of`] finds them.
pub type WithinRuns = FxHashMap<usize, Vec<Range<usize>>>;

/// Words in a run that repeats within a document.
pub const RUN_WORDS: usize = 8;
/// Times a run must occur in one document to be masked.
pub const RUN_TIMES: usize = 3;

/// Runs of [`RUN_WORDS`] words that occur [`RUN_TIMES`] times or more in
/// `text`, whose [`word_hashes`](super::words::word_hashes) are `words`, each occurrence from its
/// first word's start to its last's end, occurrences that overlap or touch
/// joined into one range.
pub fn runs_of(text: &str, words: &[u64]) -> Vec<Range<usize>> {
    runs_at(words, || tokens(text))
}

/// [`runs_of`] words whose hashes are `words` and whose byte
/// ranges `toks` yields, one a word, in order.
///
/// A run found [`RUN_TIMES`] times holds only pairs of words (a word and
/// the next) found as often, so only the runs of pairs that may be that
/// frequent are hashed and counted (in news text a small share of them;
/// see `repeated`). The runs are walked again
/// rather than kept, so that what is held stays a few bytes a word (the
/// word hashes, a table of `u8` counts, two bits a word and the runs
/// found often enough), where keeping every run's position, hash and count took about
/// 60 bytes a run, 10 bytes per byte of a long text of frequent words.
/// First each run's hash is counted in a table indexed by its low bits;
/// then the runs whose slot reached [`RUN_TIMES`] (every run that repeats
/// that often, and a few that share its slot) are counted exactly by
/// hash; a last walk, which reads the words' positions, keeps the runs
/// found [`RUN_TIMES`] times: the same runs as counting every run exactly.
pub fn runs_at<T>(words: &[u64], toks: impl FnOnce() -> T) -> Vec<Range<usize>>
where
    T: Iterator<Item = Range<usize>>,
{
    let Some((counts, ends_may_repeat)) = repeated(words) else {
        return Vec::new();
    };
    // the start of each of the last RUN_WORDS words, by word index modulo
    // RUN_WORDS
    let mut starts = [0usize; RUN_WORDS];
    let mut found: Vec<Range<usize>> = Vec::new();
    for (i, tok) in toks().enumerate().take(words.len()) {
        starts[i % RUN_WORDS] = tok.start;
        if ends_may_repeat.get(i) && counts.contains_key(&run_hash(words, i)) {
            // the run's first word, i + 1 - RUN_WORDS, modulo RUN_WORDS
            let start = starts[(i + 1) % RUN_WORDS];
            match found.last_mut() {
                Some(last) if start <= last.end => last.end = last.end.max(tok.end),
                _ => found.push(start..tok.end),
            }
        }
    }
    found
}

/// Whether a run of [`RUN_WORDS`] of `words` (hashes) is found
/// [`RUN_TIMES`] times, runs compared by `hash` (any hash under which
/// equal runs hash alike): if a run is, three runs of words found
/// [`RUN_TIMES`] times each end a streak of that many frequent words
/// ([`Bits::frequent_words`]), and three of the sorted hashes of such
/// runs are equal. The hashes of the runs of frequent words are kept
/// (eight bytes a run, at most a word's hash each) and sorted, rather than
/// counted in two walks as [`runs_at`] does, whose runs' hash is the xxh3
/// of their words.
pub(super) fn repeats_by(words: &[u64], hash: impl Fn(&[u64; RUN_WORDS]) -> u64) -> bool {
    if words.len() < RUN_WORDS * RUN_TIMES {
        return false;
    }
    let (frequent, runs) = Bits::frequent_words(words);
    if runs < RUN_TIMES {
        return false;
    }
    let mut hashes: Vec<u64> = run_ends(words, |i| frequent.get(i), RUN_WORDS)
        .filter_map(|i| <&[u64; RUN_WORDS]>::try_from(&words[i + 1 - RUN_WORDS..=i]).ok())
        .map(hash)
        .collect();
    hashes.sort_unstable();
    hashes.windows(RUN_TIMES).any(|w| w[0] == w[RUN_TIMES - 1])
}

/// The hashes of the runs of `words` found [`RUN_TIMES`] times or more,
/// with the count of each, and a bit for each word at which a run that
/// may be one of them ends; none when no run is found that often.
///
/// A run found that often holds [`RUN_WORDS`] - 1 pairs of words (a word
/// and the next) each found as often, so only the runs that end a streak
/// of that many frequent pairs ([`Bits::frequent_pairs`]) are hashed:
/// where a streak of frequent words (`the`, `of`, `said`) is common in a
/// long story, a streak of frequent pairs is rare, and most documents stop
/// at the count of pairs. The runs kept are counted exactly by hash, so
/// the result is the same as counting every run (the earlier road, by
/// frequent words, is kept in the tests and compared).
fn repeated(words: &[u64]) -> Option<(FxHashMap<u64, u32>, Bits)> {
    if words.len() < RUN_WORDS * RUN_TIMES {
        return None;
    }
    let (frequent, runs) = Bits::frequent_pairs(words);
    counted(words, |i| frequent.get(i), RUN_WORDS - 1, runs)
}

/// [`repeated`], the runs hashed being those that end a streak of `need`
/// words that are `frequent`, `runs` of them.
fn counted(
    words: &[u64],
    frequent: impl Fn(usize) -> bool + Copy,
    need: usize,
    runs: usize,
) -> Option<(FxHashMap<u64, u32>, Bits)> {
    if runs < RUN_TIMES {
        return None;
    }
    let slots = slot_counts(
        run_ends(words, frequent, need).map(|i| run_hash(words, i)),
        runs,
    );
    let slot_mask = slots.len() - 1;
    let may_repeat = |h: u64| usize::from(slots[(h as usize) & slot_mask]) >= RUN_TIMES;
    let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
    // whether a run that may repeat ends at each word
    let mut ends_may_repeat = Bits::new(words.len());
    for i in run_ends(words, frequent, need) {
        let h = run_hash(words, i);
        if may_repeat(h) {
            *counts.entry(h).or_insert(0) += 1;
            ends_may_repeat.set(i);
        }
    }
    counts.retain(|_, c| *c as usize >= RUN_TIMES);
    (!counts.is_empty()).then_some((counts, ends_may_repeat))
}

/// The road [`repeated`] took before pairs: runs of frequent words.
#[cfg(test)]
fn repeated_by_words(words: &[u64]) -> Option<(FxHashMap<u64, u32>, Bits)> {
    if words.len() < RUN_WORDS * RUN_TIMES {
        return None;
    }
    let (frequent, runs) = Bits::frequent_words(words);
    counted(words, |i| frequent.get(i), RUN_WORDS, runs)
}

/// The index of the last word of each run of [`RUN_WORDS`] words of
/// `words` that ends a streak of `need` indices that are all `frequent`,
/// in order: `streak` counts the frequent indices that end at word `i`.
fn run_ends<'a>(
    words: &'a [u64],
    frequent: impl Fn(usize) -> bool + 'a,
    need: usize,
) -> impl Iterator<Item = usize> + 'a {
    let mut streak = 0;
    (0..words.len()).filter(move |&i| {
        streak = if frequent(i) { streak + 1 } else { 0 };
        streak >= need && i + 1 >= RUN_WORDS
    })
}

/// A bit for each word of a text.
struct Bits(Vec<u64>);

impl Bits {
    /// `n` bits, all clear.
    fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }

    /// Which of `words` are found [`RUN_TIMES`] times or more, or share a
    /// slot of [`word_counts`] with words that together are, and how many
    /// runs of [`RUN_WORDS`] such words there are ([`run_ends`]): the
    /// count table (four bytes a word) is dropped once these bits (an
    /// eighth of a byte a word) are read from it. Without branches: in
    /// news text whether a word is frequent is close to a coin toss, and
    /// a branch on it was mispredicted often enough to make this loop
    /// cost as much as hashing the words.
    fn frequent_words(words: &[u64]) -> (Bits, usize) {
        let table = word_counts(words);
        let mask = table.len() - 1;
        let mut bits = Bits::new(words.len());
        let (mut streak, mut runs) = (0usize, 0usize);
        for (chunk, out) in words.chunks(64).zip(bits.0.iter_mut()) {
            let mut set = 0u64;
            for (k, &w) in chunk.iter().enumerate() {
                let frequent = usize::from(usize::from(table[(w as usize) & mask]) >= RUN_TIMES);
                set |= (frequent as u64) << k;
                streak = (streak + 1) * frequent;
                runs += usize::from(streak >= RUN_WORDS);
            }
            *out = set;
        }
        (bits, runs)
    }

    /// Which pairs of `words` (a word and the one before it, bit `i` for
    /// the pair that ends at word `i`; never bit 0) are found
    /// [`RUN_TIMES`] times or more, or share a slot of a count table of
    /// pairs ([`slot_counts`] of [`pair_hash`]) with pairs that together
    /// are, and how many runs of [`RUN_WORDS`] words end a streak of
    /// [`RUN_WORDS`] - 1 such pairs ([`run_ends`]). Without branches, as
    /// [`Bits::frequent_words`].
    fn frequent_pairs(words: &[u64]) -> (Bits, usize) {
        let table = slot_counts(words.windows(2).map(|w| pair_hash(w[0], w[1])), words.len());
        let mask = table.len() - 1;
        let mut bits = Bits::new(words.len());
        let (mut streak, mut runs) = (0usize, 0usize);
        for (i, w) in words.windows(2).enumerate() {
            let at = i + 1;
            let frequent = usize::from(
                usize::from(table[(pair_hash(w[0], w[1]) as usize) & mask]) >= RUN_TIMES,
            );
            bits.0[at / 64] |= (frequent as u64) << (at % 64);
            streak = (streak + 1) * frequent;
            runs += usize::from(streak >= RUN_WORDS - 1);
        }
        (bits, runs)
    }

    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn get(&self, i: usize) -> bool {
        self.0[i / 64] >> (i % 64) & 1 == 1
    }
}

/// A value of the pair of words whose hashes are `a` then `b`, equal for
/// equal pairs; its low bits (a slot of the count table) mix the high bits
/// of `a` with the low bits of `b` (xxh3 hashes, evenly spread).
#[inline(always)]
fn pair_hash(a: u64, b: u64) -> u64 {
    a.rotate_left(32) ^ b
}

/// The hash of the run of [`RUN_WORDS`] words of `words` that ends at word
/// `end`.
fn run_hash(words: &[u64], end: usize) -> u64 {
    let run = &words[end + 1 - RUN_WORDS..=end];
    <&[u64; RUN_WORDS]>::try_from(run).map_or_else(|_| hash_run(run), hash_fixed)
}

/// Per slot of a table indexed by the low bits of word hashes (xxh3,
/// evenly spread), how many of `words` fall in it (counts stop at 255).
/// A word found [`RUN_TIMES`] times has a count at least that; another
/// word sharing its slot may too, which only hashes a few more runs,
/// each counted exactly (by its run hash) in [`runs_at`]. With four
/// slots a word the table stays in the first-level cache for a news
/// story, and no key is stored or compared.
fn word_counts(words: &[u64]) -> Vec<u8> {
    slot_counts(words.iter().copied(), words.len())
}

/// Per slot of a table of four slots for each of `n` hashes (a power of
/// two), how many of `hashes` fall in it by their low bits (counts stop
/// at 255).
fn slot_counts(hashes: impl Iterator<Item = u64>, n: usize) -> Vec<u8> {
    let size = (4 * n).next_power_of_two();
    let mask = size - 1;
    let mut counts = vec![0u8; size];
    for h in hashes {
        let c = &mut counts[(h as usize) & mask];
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
    use crate::repeats::words::word_hashes;

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
            // occurrences that overlap are one range: the same bytes masked
            let mut joined: Vec<Range<usize>> = Vec::new();
            for r in found {
                match joined.last_mut() {
                    Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                    _ => joined.push(r),
                }
            }
            // kept and sorted, the runs' hashes say the same
            proptest::prop_assert_eq!(repeats_by(&words, hash_fixed), !joined.is_empty());
            proptest::prop_assert_eq!(runs_at(&words, || toks.iter().cloned()), joined);
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::fuzz::config(256, "tests/fixtures/proptest/runs.txt"))]

        /// The bits and runs of frequent words, found without branches, are
        /// those of a word-by-word count with them, on texts shorter and
        /// longer than a word of bits, of words often frequent, and of
        /// words sharing slots of the table.
        #[test]
        fn frequent_words_are_those_counted_word_by_word(
            words in proptest::collection::vec(proptest::prop_oneof![
                6 => 0u64..3,
                2 => 3u64..1000,
                1 => proptest::strategy::Strategy::prop_map(2u64..1000, |k| k << 40),
            ], 0..300)
        ) {
            let table = word_counts(&words);
            let mask = table.len() - 1;
            let frequent: Vec<bool> = words
                .iter()
                .map(|&w| usize::from(table[(w as usize) & mask]) >= RUN_TIMES)
                .collect();
            let (mut streak, mut runs) = (0, 0);
            for &f in &frequent {
                streak = if f { streak + 1 } else { 0 };
                runs += usize::from(streak >= RUN_WORDS);
            }
            let (bits, found) = Bits::frequent_words(&words);
            proptest::prop_assert_eq!(found, runs);
            for (i, &f) in frequent.iter().enumerate() {
                proptest::prop_assert_eq!(bits.get(i), f, "word {}", i);
            }
            // no bit beyond the last word
            let last = bits.0.last().copied().unwrap_or(0);
            let used = words.len() % 64;
            proptest::prop_assert!(used == 0 || last >> used == 0);
        }
    }

    /// The words at which a run found [`RUN_TIMES`] times ends, as
    /// `found` (from [`repeated`] or the old road) says.
    fn found_ends(words: &[u64], found: &Option<(FxHashMap<u64, u32>, Bits)>) -> Vec<usize> {
        let Some((counts, ends)) = found else {
            return Vec::new();
        };
        (RUN_WORDS - 1..words.len())
            .filter(|&i| ends.get(i) && counts.contains_key(&run_hash(words, i)))
            .collect()
    }

    /// Word hashes of up to 400 words: a few words often, others, and
    /// words whose hashes (and pairs' values) share the low bits of a slot.
    fn mixed_words() -> impl proptest::strategy::Strategy<Value = Vec<u64>> {
        use proptest::strategy::Strategy;
        let word = proptest::prop_oneof![
            6 => 0u64..3,
            2 => 3u64..1000,
            1 => (2u64..1000).prop_map(|k| k << 40),
            1 => (2u64..1000).prop_map(|k| k << 8 | k << 40),
            1 => (0u64..4).prop_map(|k| k.rotate_right(32)),
        ];
        proptest::collection::vec(word, 0..400)
    }

    proptest::proptest! {
        #![proptest_config(crate::fuzz::config(512, "tests/fixtures/proptest/runs.txt"))]

        /// Runs ending streaks of frequent pairs are counted as the old
        /// road, by streaks of frequent words, counted them: the same
        /// counts and the same words where a repeated run ends, on texts of
        /// runs copied among other words ([`mixed_words`]).
        #[test]
        fn frequent_pairs_find_what_frequent_words_found(
            words in mixed_words(),
            runs in proptest::collection::vec((0usize..400, 0usize..4), 0..6),
        ) {
            // runs of the text's own words copied elsewhere in it
            let mut words = words;
            for (at, from) in runs {
                if words.len() >= 2 * RUN_WORDS {
                    let at = at % (words.len() - RUN_WORDS);
                    let from = from * RUN_WORDS % (words.len() - RUN_WORDS);
                    let run: Vec<u64> = words[from..from + RUN_WORDS].to_vec();
                    words[at..at + RUN_WORDS].copy_from_slice(&run);
                }
            }
            let new = repeated(&words);
            let old = repeated_by_words(&words);
            proptest::prop_assert_eq!(
                new.as_ref().map(|(c, _)| c.clone()),
                old.as_ref().map(|(c, _)| c.clone())
            );
            proptest::prop_assert_eq!(found_ends(&words, &new), found_ends(&words, &old));
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
        let ranges = mask_ranges(&text, None, None, &runs_of(&text, &word_hashes(&text)));
        let mut masked = text.clone();
        blank(&mut masked, &ranges);
        assert_eq!(
            masked.split_whitespace().collect::<Vec<_>>(),
            ["one.", "two.", "three.", "Ukraine", "crisis", "talk."]
        );
        let twice = format!("{caption} one. {caption} two.");
        assert!(
            runs_of(&twice, &word_hashes(&twice)).is_empty(),
            "twice is not enough"
        );
    }
}
