//! The similarity of every pair of outlets: each outlet's profile of
//! frames and compared words, and the four measures of every pair
//! (`similarity.csv`).

use rayon::prelude::*;

use super::similarity::{cosine, distribution, jsd, SMOOTHING};
use super::{a_few, SimilarityRow};
use crate::lexicon::LexiconSet;
use crate::scores::tables::{FrameRow, Tables};

/// Each outlet's frames and words as the similarity measures read them,
/// one row per outlet of the frames table.
pub(super) struct Profiles {
    /// Outlet x frame rates.
    frame_rates: Vec<Vec<f64>>,
    /// Outlet x frame counts, as distributions.
    frame_dist: Vec<Vec<f64>>,
    /// Outlet x word counts over the similarity vocabulary.
    terms: Vec<Vec<f64>>,
    /// The same, as distributions.
    term_dist: Vec<Vec<f64>>,
}

impl Profiles {
    /// The profiles of the outlets of the frames table, with their counts
    /// of the compared words `terms` (one row per outlet, in the same
    /// order).
    pub(super) fn of(set: &LexiconSet, tables: &Tables, terms: Vec<Vec<f64>>) -> Profiles {
        let frame_counts = frame_table(set, tables, |r| r.count as f64);
        let frame_rates = frame_table(set, tables, |r| r.rate);
        let term_dist = terms.iter().map(|v| distribution(v, SMOOTHING)).collect();
        let frame_dist = frame_counts
            .iter()
            .map(|v| distribution(v, SMOOTHING))
            .collect();
        Profiles {
            frame_rates,
            frame_dist,
            terms,
            term_dist,
        }
    }

    /// Frames cosine, frames divergence, terms cosine, terms divergence of
    /// outlets `i` and `j`; `None` where either has nothing to compare (a
    /// divergence of two empty profiles would read as "identical").
    fn measures(&self, i: usize, j: usize) -> [Option<f64>; 4] {
        let frames = has_mass(&self.frame_rates[i]) && has_mass(&self.frame_rates[j]);
        let terms = has_mass(&self.terms[i]) && has_mass(&self.terms[j]);
        [
            cosine(&self.frame_rates[i], &self.frame_rates[j]),
            frames.then(|| jsd(&self.frame_dist[i], &self.frame_dist[j])),
            cosine(&self.terms[i], &self.terms[j]),
            terms.then(|| jsd(&self.term_dist[i], &self.term_dist[j])),
        ]
    }

    /// Notes on the outlets `names` whose similarities are left empty:
    /// without compared words (`vocab` of them, gated at `min_count`), or
    /// without frame matches.
    pub(super) fn notes(
        &self,
        names: &[String],
        vocab: usize,
        min_count: u64,
        notes: &mut Vec<String>,
    ) {
        let without = |rows: &[Vec<f64>]| -> Vec<&str> {
            names
                .iter()
                .zip(rows)
                .filter(|(_, r)| !has_mass(r))
                .map(|(n, _)| n.as_str())
                .collect()
        };
        if names.len() < 2 {
            notes.push("no similarity between outlets: it needs at least two outlets".into());
            return;
        }
        if vocab == 0 {
            notes.push(format!(
                "no word similarity: no word occurs at least {min_count} times in the corpus, so the word columns of similarity.csv are empty"
            ));
        } else {
            let none = without(&self.terms);
            if !none.is_empty() {
                notes.push(format!(
                    "word similarity left empty for {} outlets that use none of the compared words: {}",
                    none.len(),
                    a_few(&none)
                ));
            }
        }
        let none = without(&self.frame_rates);
        if none.len() == names.len() {
            notes.push(
                "no frame similarity: no outlet has a frame match, so the frame columns of similarity.csv are empty"
                    .into(),
            );
        } else if !none.is_empty() {
            notes.push(format!(
                "frame similarity left empty for {} outlets without frame matches: {}",
                none.len(),
                a_few(&none)
            ));
        }
    }
}

/// Whether a profile holds anything (an all-zero one has nothing to compare).
fn has_mass(v: &[f64]) -> bool {
    v.iter().any(|x| *x > 0.0)
}

/// Outlet x frame table of one value of the frames table (0 where an
/// outlet has no row for a frame).
fn frame_table(set: &LexiconSet, tables: &Tables, value: fn(&FrameRow) -> f64) -> Vec<Vec<f64>> {
    tables
        .outlets
        .iter()
        .map(|o| {
            set.frames
                .iter()
                .map(|f| {
                    tables
                        .frames
                        .iter()
                        .find(|r| r.outlet == *o && r.frame == f.id)
                        .map_or(0.0, value)
                })
                .collect()
        })
        .collect()
}

/// The [`Profiles::measures`] of every ordered pair of `n` outlets.
pub(super) struct Matrix {
    pub(super) n: usize,
    /// Row-major, `n` x `n`.
    cells: Vec<[Option<f64>; 4]>,
}

impl Matrix {
    pub(super) fn of(profiles: &Profiles, n: usize) -> Matrix {
        // Each unordered pair once (the measures are symmetric), in parallel.
        let pairs: Vec<(usize, usize)> = (0..n).flat_map(|i| (i..n).map(move |j| (i, j))).collect();
        let measures: Vec<[Option<f64>; 4]> = pairs
            .par_iter()
            .map(|&(i, j)| profiles.measures(i, j))
            .collect();
        let mut cells = vec![[None; 4]; n * n];
        for (&(i, j), m) in pairs.iter().zip(measures) {
            cells[i * n + j] = m;
            cells[j * n + i] = m;
        }
        Matrix { n, cells }
    }

    pub(super) fn at(&self, i: usize, j: usize) -> [Option<f64>; 4] {
        self.cells[i * self.n + j]
    }

    /// `similarity.csv`, the outlets `names` in table order.
    pub(super) fn rows(&self, names: &[String]) -> Vec<SimilarityRow> {
        let mut rows = Vec::with_capacity(self.n * self.n);
        for (i, a) in names.iter().enumerate() {
            for (j, b) in names.iter().enumerate() {
                let m = self.at(i, j);
                rows.push(SimilarityRow {
                    outlet_a: a.clone(),
                    outlet_b: b.clone(),
                    frames_cosine: m[0],
                    frames_jsd: m[1],
                    terms_cosine: m[2],
                    terms_jsd: m[3],
                });
            }
        }
        rows
    }
}
