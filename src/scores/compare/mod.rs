//! The comparison stage: views across outlets that no single score gives.
//!
//! - [`keyness`]: the words and phrases each outlet over- and under-uses
//!   against the others (or against one other outlet).
//! - [`similarity`]: how close outlets are in frames and in words, the
//!   clustering order, and a principal-components map.
//! - [`align`]: the same fact told by each outlet, side by side.
//! - [`pair`]: two outlets head to head: bootstrap interval and p-value.
//!
//! The counting happened while the corpus streamed past
//! ([`crate::aggregate::words`]); [`build`] computes the views from the
//! aggregate.

pub mod align;
mod grams;
pub mod keyness;
pub mod map;
pub mod pair;
mod profiles;
pub mod similarity;

use serde::Serialize;

pub use crate::aggregate::gram_runs::NGRAM_PAIRS;
use crate::aggregate::ngrams::Counts;
use crate::aggregate::sentences::AlignOptions;
use crate::aggregate::{Aggregate, DocSummary};
use crate::lexicon::LexiconSet;
use crate::params::{ensure, ParamError, ParamGuard};

use super::tables::Tables;
use super::{tally_index, ScoreValidParams};
use align::Group;
use grams::GramViews;
use keyness::{KeynessOptions, KeynessRow};
use pair::PairTest;
use profiles::{Matrix, Profiles};
use similarity::{cluster_order, pca_map, Map};

/// Words in the distributions compared between outlets: the most frequent.
pub const SIMILARITY_WORDS: usize = 5000;

/// What to compare, as given: checked by [`ParamGuard::check`] into
/// [`CompareValidParams`].
#[derive(Debug, Clone, PartialEq)]
pub struct CompareParams {
    /// Distinctive terms.
    pub keyness: KeynessOptions,
    /// Longest n-gram counted (default 3).
    pub max_n: usize,
    /// Align sentences across outlets (`None`: do not).
    pub align: Option<AlignOptions>,
    /// Two outlets head to head.
    pub pair: Option<(String, String)>,
    /// Permutations of the head-to-head test (default 9999).
    pub permutations: usize,
    /// (outlet, n-gram) pairs counted in memory before the tables are
    /// spilled to sorted runs in the staging folder (default
    /// [`NGRAM_PAIRS`]); the views are the same either way.
    pub ngram_pairs: usize,
}

impl Default for CompareParams {
    fn default() -> Self {
        CompareParams {
            keyness: KeynessOptions::default(),
            max_n: 3,
            align: Some(AlignOptions::default()),
            pair: None,
            permutations: 9999,
            ngram_pairs: NGRAM_PAIRS,
        }
    }
}

impl ParamGuard for CompareParams {
    type Checked = CompareValidParams;

    fn check(self) -> Result<CompareValidParams, ParamError> {
        let k = &self.keyness;
        ensure(
            k.prior_size.is_finite() && k.prior_size > 0.0,
            "keyness.prior_size",
            || format!("must be a number > 0, not {}", k.prior_size),
        )?;
        ensure((1..=3).contains(&self.max_n), "max_n", || {
            format!("must be 1, 2 or 3, not {}", self.max_n)
        })?;
        ensure(self.ngram_pairs > 0, "ngram_pairs", || {
            "must be at least 1, not 0".to_string()
        })?;
        if let Some(a) = &self.align {
            ensure(
                (0.0..=1.0).contains(&a.threshold),
                "align.threshold",
                || format!("must be between 0 and 1, not {}", a.threshold),
            )?;
        }
        Ok(CompareValidParams(self))
    }
}

/// What to compare, checked; reads as [`CompareParams`].
#[derive(Debug, Clone, PartialEq)]
pub struct CompareValidParams(CompareParams);

impl std::ops::Deref for CompareValidParams {
    type Target = CompareParams;
    fn deref(&self) -> &CompareParams {
        &self.0
    }
}

/// Why a comparison cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// A named outlet is not in the corpus.
    #[error("outlet `{0}` is not in the corpus (outlets: {1})")]
    UnknownOutlet(String, String),
    /// The documents' tallies could not be read back from the staging
    /// folder.
    #[error("reading the documents' tallies back: {0}")]
    Io(#[from] std::io::Error),
    /// The n-gram counts spilled to the staging folder could not be read
    /// back.
    #[error("reading the spilled n-gram counts back: {0}")]
    GramRuns(std::io::Error),
}

/// The similarity of an ordered pair of outlets; `similarity.csv` holds
/// each pair once (`outlet_a < outlet_b`), as every measure is symmetric. A measure is
/// empty when either outlet has nothing to compare: no frame matches, or
/// none of the compared words (the comparison's notes say which).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimilarityRow {
    /// First outlet.
    pub outlet_a: String,
    /// Second outlet.
    pub outlet_b: String,
    /// Cosine similarity of their frame rates.
    pub frames_cosine: Option<f64>,
    /// Jensen-Shannon divergence of their frame distributions (0 to 1).
    pub frames_jsd: Option<f64>,
    /// Cosine similarity of their word counts.
    pub terms_cosine: Option<f64>,
    /// Jensen-Shannon divergence of their word distributions (0 to 1).
    pub terms_jsd: Option<f64>,
}

/// Two outlets head to head.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadToHead {
    /// Per axis, the test of the difference.
    pub tests: Vec<PairTest>,
    /// Terms the first over- and under-uses against the second.
    pub keyness: Vec<KeynessRow>,
    /// Numbers of the aligned groups holding both.
    pub groups: Vec<usize>,
}

/// Every comparison view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Each outlet against all others.
    pub keyness: Vec<KeynessRow>,
    /// Every ordered pair of outlets.
    pub similarity: Vec<SimilarityRow>,
    /// Outlets in clustering order (average linkage on word divergence).
    pub order: Vec<String>,
    /// The principal-components map, when the outlets can be mapped (the
    /// notes say why not).
    pub map: Option<Map>,
    /// Aligned sentence groups.
    pub groups: Vec<Group>,
    /// The head-to-head pair, when asked for.
    pub pair: Option<HeadToHead>,
    /// What a reader must know about these views.
    pub notes: Vec<String>,
    /// The keyness prior and gate used.
    pub options: KeynessOptions,
    /// The similarity threshold of alignment, when it ran.
    pub align_threshold: Option<f64>,
    /// Permutations of the head-to-head test, when it ran.
    pub permutations: Option<usize>,
}

/// Builds the views from the aggregate's word counts and sentences, and
/// the frames table.
pub fn build(
    set: &LexiconSet,
    aggregate: &Aggregate,
    tables: &Tables,
    opts: &CompareValidParams,
    scores: &ScoreValidParams,
) -> Result<Comparison, CompareError> {
    let empty = Counts::default();
    let counts = aggregate.words.as_ref().unwrap_or(&empty);
    let mut notes = Vec::new();
    let names = &tables.outlets;
    let pair_idx = pair_indices(counts, names, opts.pair.as_ref())?;
    // The n-gram views and the alignment read different parts of the
    // aggregate: they run side by side, each as it would alone, and the
    // alignment's notes keep their place after the others.
    let (views, (groups, align_notes)) = rayon::join(
        || match &aggregate.word_runs {
            Some(runs) => GramViews::of_runs(counts, runs, &opts.keyness, pair_idx),
            None => Ok(GramViews::of_counts(counts, &opts.keyness, pair_idx)),
        },
        || {
            let mut notes = Vec::new();
            let groups = aligned_groups(aggregate, opts, scores, &mut notes);
            (groups, notes)
        },
    );
    let views = views.map_err(CompareError::GramRuns)?;
    let keyness = views.keyness;
    keyness_notes(&keyness, names.len(), &opts.keyness, &mut notes);
    // An outlet of the tables missing from the word counts has no words.
    let by_name: Vec<Option<usize>> = names.iter().map(|n| outlet_index(counts, n)).collect();
    let terms: Vec<Vec<f64>> = by_name
        .iter()
        .map(|o| o.map_or_else(|| vec![0.0; views.vocab], |o| views.terms[o].clone()))
        .collect();
    let profiles = Profiles::of(set, tables, terms);
    profiles.notes(names, views.vocab, opts.keyness.min_count, &mut notes);
    let matrix = Matrix::of(&profiles, names.len());
    let similarity = matrix.rows(names);
    // Outlets without words to compare are as far apart as can be.
    let order: Vec<String> = cluster_order(matrix.n, |i, j| matrix.at(i, j)[3].unwrap_or(1.0))
        .into_iter()
        .map(|i| names[i].clone())
        .collect();
    // Per outlet of the tables, its rates of the map's words (all 0 for an
    // outlet without words).
    let columns = views.map.first().map_or(0, Vec::len);
    let map_input = ndarray::Array2::from_shape_fn((by_name.len(), columns), |(r, c)| {
        by_name[r].map_or(0.0, |o| views.map[o][c])
    });
    let map = pca_map(names, &map_input)
        .map_err(|why| notes.push(why.to_string()))
        .ok();
    notes.extend(align_notes);
    let pair = pair_idx.map(|(ia, ib)| -> Result<HeadToHead, CompareError> {
        let (a, b) = (&counts.outlets[ia], &counts.outlets[ib]);
        Ok(HeadToHead {
            tests: pair_tests(set, aggregate, tables, (a, b), opts.permutations, scores)?,
            keyness: views.pair.clone().unwrap_or_default(),
            groups: groups_holding(&groups, a, b),
        })
    });
    let pair = pair.transpose()?;
    Ok(Comparison {
        keyness,
        similarity,
        order,
        map,
        groups,
        pair,
        notes,
        options: opts.keyness.clone(),
        align_threshold: opts.align.as_ref().map(|a| a.threshold),
        permutations: opts.pair.as_ref().map(|_| opts.permutations),
    })
}

/// Notes on distinctive terms that cannot be found: with one outlet there
/// is nothing to set it against; identical or very short texts set no
/// term apart.
fn keyness_notes(
    rows: &[KeynessRow],
    outlets: usize,
    opts: &KeynessOptions,
    notes: &mut Vec<String>,
) {
    if outlets < 2 {
        notes.push(
            "no distinctive terms: they need at least two outlets to set against each other".into(),
        );
    } else if rows.is_empty() {
        notes.push(format!(
            "no distinctive terms: no word or phrase occurring at least {} times is used more by one outlet than by the others (identical or very short texts)",
            opts.min_count
        ));
    }
}

/// Where outlet `o` sits in the word counts.
fn outlet_index(counts: &Counts, o: &str) -> Option<usize> {
    counts.outlets.iter().position(|x| x == o)
}

/// The word-count indices of the head-to-head pair, when asked for; an
/// outlet not in the corpus is an error naming the outlets that are.
fn pair_indices(
    counts: &Counts,
    names: &[String],
    pair: Option<&(String, String)>,
) -> Result<Option<(usize, usize)>, CompareError> {
    let Some((a, b)) = pair else {
        return Ok(None);
    };
    let known = names.join(", ");
    let ia = outlet_index(counts, a)
        .ok_or_else(|| CompareError::UnknownOutlet(a.clone(), known.clone()))?;
    let ib =
        outlet_index(counts, b).ok_or_else(|| CompareError::UnknownOutlet(b.clone(), known))?;
    Ok(Some((ia, ib)))
}

/// Outlet names for a note: a dozen at most, then how many more, since at
/// hundreds of outlets the whole list would fill a page (the empty cells
/// of similarity.csv show every one).
pub(super) fn a_few<S: AsRef<str>>(names: &[S]) -> String {
    let shown: Vec<&str> = names.iter().take(12).map(AsRef::as_ref).collect();
    match names.len().saturating_sub(12) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// The aligned sentence groups, when alignment was asked for and the
/// sentences were pooled; notes the sentences the cap left out.
fn aligned_groups(
    aggregate: &Aggregate,
    opts: &CompareValidParams,
    scores: &ScoreValidParams,
    notes: &mut Vec<String>,
) -> Vec<Group> {
    let (Some(a), Some(pool)) = (&opts.align, &aggregate.sentences) else {
        return Vec::new();
    };
    if pool.dropped > 0 {
        notes.push(format!(
            "alignment considered the first {} sentences and left out {} more (raise the cap to include them)",
            a.max_sentences, pool.dropped
        ));
    }
    // A sentence without a pole match has no score, as a document without
    // one has none in documents.csv.
    align::groups(pool, a, |c| {
        c.tally
            .as_ref()
            .filter(|t| t.n() > 0)
            .map(|t| tally_index(t, scores))
    })
}

/// Per axis of `set`, the test of outlets `a` and `b`, with their standing
/// from the outlet table.
fn pair_tests(
    set: &LexiconSet,
    aggregate: &Aggregate,
    tables: &Tables,
    (a, b): (&str, &str),
    permutations: usize,
    scores: &ScoreValidParams,
) -> Result<Vec<PairTest>, CompareError> {
    // Two outlets' documents in memory, read back from the spill.
    let both = aggregate.docs.of_outlets(&[a, b])?;
    let (da, db): (Vec<&DocSummary>, Vec<&DocSummary>) =
        (both[0].iter().collect(), both[1].iter().collect());
    let tests = set
        .axes
        .iter()
        .enumerate()
        .map(|(ax, axis)| {
            let status = |o: &str| {
                tables
                    .outlet_rows
                    .iter()
                    .find(|r| r.outlet == o && r.axis == axis.id)
                    .map_or("", |r| r.status.as_str())
            };
            let f = (status(a), status(b));
            pair::test(a, b, &da, &db, (ax, &axis.id), permutations, scores, f)
        })
        .collect();
    Ok(tests)
}

/// The numbers of the groups holding both `a` and `b`.
fn groups_holding(groups: &[Group], a: &str, b: &str) -> Vec<usize> {
    groups
        .iter()
        .filter(|g| {
            g.members.iter().any(|m| m.outlet == a) && g.members.iter().any(|m| m.outlet == b)
        })
        .map(|g| g.group)
        .collect()
}

#[cfg(test)]
mod tests;
