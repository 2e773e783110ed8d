//! What the comparison views read of the n-gram counts: each outlet's
//! distinctive terms, the head-to-head pair's, the outlets' counts of the
//! words compared for similarity, and their rates of the map's words.
//! From the tables in memory ([`GramViews::of_counts`]), or, when the
//! tables passed their budget and were spilled
//! ([`crate::aggregate::gram_runs`]), from one merge of the runs
//! ([`GramViews::of_runs`]): each n-gram arrives with its corpus count and
//! its count in every outlet, and each outlet keeps only the terms it may
//! still rank. Both give the same numbers: the same statistics of the
//! same counts, ranked by the same total order.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::keyness::{
    self, by_z_desc, most_over_and_under, passes_gate, stop_ids, KeynessOptions, KeynessRow,
    Scored, Sides,
};
use super::SIMILARITY_WORDS;
use crate::aggregate::gram_runs::{Gram, GramRuns};
use crate::aggregate::ngrams::{order, Counts};

/// Content words on the map.
const MAP_WORDS: usize = 300;

/// N-grams scored at a time from the runs, in parallel over outlets.
const BATCH: usize = 1 << 16;

/// The n-gram side of the comparison views.
pub(super) struct GramViews {
    /// Each outlet against all others, in outlet-name order.
    pub keyness: Vec<KeynessRow>,
    /// The head-to-head pair's, when asked for.
    pub pair: Option<Vec<KeynessRow>>,
    /// Words compared for similarity ([`similarity_vocab`]).
    pub vocab: usize,
    /// Per outlet of the counts, its counts of those words.
    pub terms: Vec<Vec<f64>>,
    /// Per outlet of the counts, its rates per 1,000 words of the map's
    /// words ([`map_words`]).
    pub map: Vec<Vec<f64>>,
}

impl GramViews {
    /// The views from the tables in memory; `pair`: the head-to-head
    /// outlets' indices.
    pub fn of_counts(
        counts: &Counts,
        opts: &KeynessOptions,
        pair: Option<(usize, usize)>,
    ) -> GramViews {
        // The corpus counts of every n-gram, once for all the views.
        let overall = counts.overall();
        let keyness = keyness::all_outlets_of(counts, &overall, opts);
        let pair = pair.map(|(a, b)| {
            let terms = keyness::candidates(counts, &overall, opts);
            keyness::keyness(counts, &terms, a, Some(b), opts)
        });
        let vocab = similarity_vocab(&overall, opts.min_count);
        let words = map_words(counts, &overall);
        let count = |o: usize, k: &u64| counts.counts[o].get(k).copied().unwrap_or(0);
        let outlets = 0..counts.outlets.len();
        let terms = outlets
            .clone()
            .map(|o| vocab.iter().map(|k| f64::from(count(o, k))).collect())
            .collect();
        let map = outlets
            .map(|o| {
                let total = counts.totals[o][0].max(1) as f64;
                words
                    .iter()
                    .map(|k| f64::from(count(o, k)) * 1000.0 / total)
                    .collect()
            })
            .collect();
        GramViews {
            keyness,
            pair,
            vocab: vocab.len(),
            terms,
            map,
        }
    }

    /// The views from spilled `runs` (the tables of `counts` are empty;
    /// its words, outlets and totals hold), read once.
    pub fn of_runs(
        counts: &Counts,
        runs: &GramRuns,
        opts: &KeynessOptions,
        pair: Option<(usize, usize)>,
    ) -> std::io::Result<GramViews> {
        let n = counts.outlets.len();
        let unigrams = runs.unigrams();
        let vocab = similarity_vocab(&unigrams, opts.min_count);
        let words = map_words(counts, &unigrams);
        let map_column: FxHashMap<u64, usize> =
            words.iter().enumerate().map(|(c, &k)| (k, c)).collect();
        let mut terms = vec![vec![0.0; vocab.len()]; n];
        let mut map = vec![vec![0.0; words.len()]; n];
        let stop = stop_ids(counts, &opts.exclude);
        let ranked = if n >= 2 { n } else { 0 };
        let mut each: Vec<Ranking> = (0..ranked)
            .map(|o| Ranking::new(Sides::new(counts, o, None), (o, None), opts.top))
            .collect();
        let mut head =
            pair.map(|(a, b)| Ranking::new(Sides::new(counts, a, Some(b)), (a, Some(b)), opts.top));
        runs.read(BATCH, |batch| {
            for g in batch.iter().filter(|g| order(g.key) == 1) {
                let column = vocab.binary_search(&g.key).ok();
                for &(o, c) in &g.outlets {
                    let o = o as usize;
                    if let Some(col) = column {
                        terms[o][col] = c as f64;
                    }
                    if let Some(&col) = map_column.get(&g.key) {
                        let total = counts.totals[o][0].max(1) as f64;
                        map[o][col] = c as f64 * 1000.0 / total;
                    }
                }
            }
            let gated: Vec<&Gram> = batch
                .iter()
                .filter(|g| passes_gate(counts, &stop, g.key, g.total, opts))
                .collect();
            each.par_iter_mut()
                .chain(head.as_mut())
                .for_each(|r| r.add_all(&gated, opts));
        })?;
        let mut by_name: Vec<&Ranking> = each.iter().collect();
        by_name.sort_by(|a, b| counts.outlets[a.target].cmp(&counts.outlets[b.target]));
        Ok(GramViews {
            keyness: by_name.into_iter().flat_map(Ranking::rows).collect(),
            pair: head.as_ref().map(Ranking::rows),
            vocab: vocab.len(),
            terms,
            map,
        })
    }
}

/// One target's terms as the n-grams stream past: at most the `top` most
/// over-used and the `top` most under-used so far, and those added since
/// the last pruning, so the ranking at the end is that of every term.
struct Ranking<'a> {
    sides: Sides<'a>,
    target: usize,
    reference: Option<usize>,
    top: usize,
    kept: Vec<Scored>,
}

impl<'a> Ranking<'a> {
    fn new(
        sides: Sides<'a>,
        (target, reference): (usize, Option<usize>),
        top: usize,
    ) -> Ranking<'a> {
        Ranking {
            sides,
            target,
            reference,
            top,
            kept: Vec::new(),
        }
    }

    /// Scores the gated n-grams `grams`.
    fn add_all(&mut self, grams: &[&Gram], opts: &KeynessOptions) {
        for g in grams {
            let yi = g.count(self.target);
            let yj = self.reference.map_or(g.total - yi, |r| g.count(r));
            if let Some(s) = self.sides.score(g.key, g.total, yi, yj, opts) {
                self.kept.push(s);
                if self.kept.len() >= 4 * self.top + 64 {
                    self.prune();
                }
            }
        }
    }

    /// Keeps the `top` first and the `top` last by [`by_z_desc`]: every
    /// term [`most_over_and_under`] can still choose.
    fn prune(&mut self) {
        let top = self.top;
        if self.kept.len() <= 2 * top {
            return;
        }
        if top == 0 {
            self.kept.clear();
            return;
        }
        self.kept.select_nth_unstable_by(top - 1, by_z_desc);
        let rest = &mut self.kept[top..];
        let at = rest.len() - top;
        rest.select_nth_unstable_by(at, by_z_desc);
        self.kept.drain(top..top + at);
    }

    /// The rows of the terms chosen, as [`keyness::keyness`] makes them.
    fn rows(&self) -> Vec<KeynessRow> {
        most_over_and_under(self.kept.clone(), self.top)
            .into_iter()
            .map(|s| self.sides.row(s))
            .collect()
    }
}

/// The words of the distributions compared between outlets: the
/// [`SIMILARITY_WORDS`] most frequent unigrams common enough to count,
/// sorted by key. `overall`: corpus counts of at least every unigram.
fn similarity_vocab(overall: &FxHashMap<u64, u64>, min_count: u64) -> Vec<u64> {
    let mut vocab: Vec<(u64, u64)> = overall
        .iter()
        .filter(|(k, c)| order(**k) == 1 && **c >= min_count)
        .map(|(k, c)| (*k, *c))
        .collect();
    vocab.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    vocab.truncate(SIMILARITY_WORDS);
    let mut vocab: Vec<u64> = vocab.into_iter().map(|(k, _)| k).collect();
    vocab.sort_unstable();
    vocab
}

/// The map's words: the [`MAP_WORDS`] most frequent content words, most
/// first (ties by key). `overall`: corpus counts of at least every unigram.
fn map_words(counts: &Counts, overall: &FxHashMap<u64, u64>) -> Vec<u64> {
    let mut top: Vec<(u64, u64)> = overall
        .iter()
        .filter(|(k, _)| is_content_word(counts, **k))
        .map(|(k, c)| (*k, *c))
        .collect();
    top.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    top.truncate(MAP_WORDS);
    top.into_iter().map(|(k, _)| k).collect()
}

/// Whether a packed n-gram is a single content word: not one of
/// [`crate::text::STOPWORDS`], as the words' table marks them.
fn is_content_word(counts: &Counts, key: u64) -> bool {
    order(key) == 1 && !counts.words.is_function_word(key)
}
