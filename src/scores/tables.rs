//! The tables of a run, one documented row struct each: these fields are
//! the column dictionary that notebooks rely on. Computed from an
//! [`Aggregate`]; the report renders them.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::aggregate::{Aggregate, AxisDocs, OutletDocs};
use crate::features::{rate, DocTally};
use crate::lexicon::LexiconSet;

use super::{
    score_outlet, tally_index, AxisScore, Flag, OutletEvidence, ScoreValidParams, Standing,
};

/// `outlets.csv`: one row per outlet and axis.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OutletRow {
    /// Outlet name.
    pub outlet: String,
    /// Axis id.
    pub axis: String,
    /// Rank among the outlets with enough evidence on the axis (1 = highest
    /// score; ties by name); empty for the others.
    pub rank: Option<usize>,
    /// `ranked`, or why not: `no_matches`, `few_documents`, `few_matches`
    /// (the first that applies).
    pub status: Standing,
    /// Lexicon slant index in [-1, 1]: (pos - neg) / (pos + neg + k) on the
    /// outlet's pooled, voice-weighted pole counts; empty without any pole
    /// match (no evidence is not a neutral 0).
    pub score: Option<f64>,
    /// Lower end of the 95% percentile-bootstrap interval (empty when it
    /// cannot be computed: one document with one sentence).
    pub ci_low: Option<f64>,
    /// Upper end of the interval.
    pub ci_high: Option<f64>,
    /// Documents of the outlet.
    pub n_docs: usize,
    /// Word tokens in them.
    pub n_tokens: u64,
    /// Matches on either pole of the axis.
    pub n_matches: u32,
    /// Pole matches inside the scope of a negation ("not an invasion"):
    /// left out of `n_matches` and the score under `--negation ignore` (the
    /// default), counted under `count`, counted for the other pole under
    /// `flip`.
    pub n_negated: u32,
    /// Fewer documents than `--min-docs`: the interval is unreliable.
    pub few_documents: bool,
    /// Fewer pole matches than `--min-matches`: the interval is unreliable.
    pub few_matches: bool,
    /// No match on either pole: no score.
    pub no_matches: bool,
    /// One document: the interval resamples its sentences, not the
    /// outlet's coverage.
    pub sentence_bootstrap: bool,
    /// Voice-weighted count on the positive pole (`pos`).
    pub weight_pos: f64,
    /// Voice-weighted count on the negative pole (`neg`).
    pub weight_neg: f64,
    /// Documents of the outlet off-topic for the axis (no word of its topic
    /// context): left out of the score, its interval and `n_matches`.
    pub off_topic_docs: usize,
    /// Boilerplate lines found in the outlet's documents (`boilerplate.csv`);
    /// left out of matching unless `--keep-boilerplate`.
    pub boilerplate_lines: usize,
    /// Documents of the outlet that copy an earlier document of the corpus
    /// (`duplicates.csv`); left out with `--duplicates drop`.
    pub copies: usize,
}

impl OutletRow {
    /// The cautions that apply, in table order: each is a column of its
    /// own in `outlets.csv`, one value per cell.
    pub fn flags(&self) -> Vec<Flag> {
        [
            (self.few_documents, Flag::FewDocuments),
            (self.few_matches, Flag::FewMatches),
            (self.no_matches, Flag::NoMatches),
            (self.sentence_bootstrap, Flag::SentenceBootstrap),
        ]
        .into_iter()
        .filter_map(|(on, f)| on.then_some(f))
        .collect()
    }
}

/// `frames.csv`: one row per outlet and frame (long format).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrameRow {
    /// Outlet name.
    pub outlet: String,
    /// Frame id.
    pub frame: String,
    /// Matches of the frame's terms, own voice plus quotation.
    pub count: u64,
    /// Own-voice matches.
    pub count_own: u64,
    /// Quoted matches.
    pub count_quote: u64,
    /// Word tokens of the outlet.
    pub tokens: u64,
    /// `count` per 1,000 tokens.
    pub rate: f64,
    /// `count_own` per 1,000 tokens.
    pub rate_own: f64,
}

/// `outlets.csv` of a run without an axis (a dictionary such as LIWC's):
/// one row per outlet and category, long form, outlets by name and
/// categories in the lexicons' order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryRow {
    /// Outlet name.
    pub outlet: String,
    /// Category (frame) id: the column name in `document_counts.csv`.
    pub category: String,
    /// The category's name as the dictionary gives it (`economy.jobs`,
    /// where the id is `economy_jobs`).
    pub label: String,
    /// Matches of the category's entries, own voice plus quotation.
    pub count: u64,
    /// Own-voice matches.
    pub own_voice_count: u64,
    /// `count` per 1,000 word tokens of the outlet.
    pub rate_per_1000_tokens: f64,
    /// Documents of the outlet.
    pub documents: usize,
    /// Word tokens of the outlet.
    pub tokens: u64,
}

/// `variants.csv`: one row per variant slot, variant and outlet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariantRow {
    /// Slot id.
    pub slot: String,
    /// Variant label.
    pub variant: String,
    /// The variant's lexicon entry: `entry_id` in `entries.csv`, which
    /// lists its poles one per row (a variant may sit on poles of several
    /// axes, and a cell holds one value).
    pub entry_id: usize,
    /// Outlet name.
    pub outlet: String,
    /// Times the outlet used this variant, own voice plus quotation.
    pub count: u64,
    /// Own-voice uses.
    pub count_own: u64,
    /// This variant's share of the outlet's uses of the slot (empty when the
    /// outlet never used any variant of the slot).
    pub share: Option<f64>,
}

/// Every table of a run, built from the same computation.
#[derive(Debug, Clone)]
pub struct Tables {
    /// Outlet names, sorted.
    pub outlets: Vec<String>,
    /// `outlets.csv`.
    pub outlet_rows: Vec<OutletRow>,
    /// `frames.csv`.
    pub frames: Vec<FrameRow>,
    /// `outlets.csv` when the lexicons have no axis: per outlet and
    /// category (empty when there is an axis).
    pub categories: Vec<CategoryRow>,
    /// `variants.csv`.
    pub variants: Vec<VariantRow>,
}

/// What `documents.csv` computes for one document: its counts and slant
/// indexes. Built one document at a time
/// ([`document_row`]) as the table is written, so that a corpus of
/// millions of documents never holds every row at once; the document's
/// id, outlet and pass-through fields come from the aggregate.
#[derive(Debug, Clone, PartialEq)]
pub struct DocRow {
    /// Word tokens.
    pub tokens: u64,
    /// Sentences.
    pub sentences: u32,
    /// Lexicon matches.
    pub matches: u32,
    /// Matches not counted for lack of topic context.
    pub out_of_context: u32,
    /// Per axis, the document's slant index (`score_<axis>`); `None` when
    /// the document is off-topic for the axis.
    pub scores: Vec<Option<f64>>,
    /// Per axis, whether the document is off-topic for it
    /// (`off_topic_<axis>`).
    pub off_topic: Vec<bool>,
}

/// Builds the tables of `a`.
pub fn build(set: &LexiconSet, a: &Aggregate, opts: &ScoreValidParams) -> Tables {
    let by_outlet: BTreeMap<&str, &OutletDocs> =
        a.docs.outlets().iter().map(|(o, d)| (&**o, d)).collect();
    let outlets: Vec<String> = by_outlet.keys().map(|s| s.to_string()).collect();
    let jobs: Vec<(&str, usize)> = by_outlet
        .keys()
        .flat_map(|o| (0..set.axes.len()).map(move |ax| (*o, ax)))
        .collect();
    let scores: Vec<AxisScore> = jobs
        .par_iter()
        .map(|&(o, ax)| {
            let ev = outlet_evidence(by_outlet[o].axes.get(ax));
            score_outlet(&ev, &[o, &set.axes[ax].id], opts)
        })
        .collect();
    let mut outlet_rows: Vec<OutletRow> = jobs
        .iter()
        .zip(scores)
        .map(|(&(o, ax), s)| {
            let docs = &by_outlet[o];
            OutletRow {
                outlet: o.to_string(),
                axis: set.axes[ax].id.clone(),
                rank: None,
                status: Standing::of(&s.flags),
                score: s.score,
                ci_low: s.ci_low,
                ci_high: s.ci_high,
                n_docs: docs.n_docs,
                n_tokens: docs.tokens,
                n_matches: s.n_matches,
                n_negated: s.n_negated,
                few_documents: s.flags.contains(&Flag::FewDocuments),
                few_matches: s.flags.contains(&Flag::FewMatches),
                no_matches: s.flags.contains(&Flag::NoMatches),
                sentence_bootstrap: s.flags.contains(&Flag::SentenceBootstrap),
                weight_pos: s.weight_pos,
                weight_neg: s.weight_neg,
                off_topic_docs: docs.axes.get(ax).map_or(0, |x| x.off_topic),
                boilerplate_lines: a.repeats.lines_of(o),
                copies: a.repeats.copies_of(o),
            }
        })
        .collect();
    rank(&mut outlet_rows);
    let frames = frame_rows(set, &by_outlet);
    Tables {
        categories: if set.axes.is_empty() {
            category_rows(set, &frames, &by_outlet)
        } else {
            Vec::new()
        },
        frames,
        variants: variant_rows(set, &by_outlet),
        outlets,
        outlet_rows,
    }
}

/// Numbers the ranked rows of each axis from the highest score down, ties
/// by name, so that a rank never depends on input order.
fn rank(rows: &mut [OutletRow]) {
    let mut order: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].status == Standing::Ranked)
        .collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&rows[a], &rows[b]);
        a.axis
            .cmp(&b.axis)
            .then(b.score.unwrap_or(0.0).total_cmp(&a.score.unwrap_or(0.0)))
            .then_with(|| a.outlet.cmp(&b.outlet))
    });
    let mut n = 0;
    for (k, &i) in order.iter().enumerate() {
        let same_axis = k > 0 && rows[order[k - 1]].axis == rows[i].axis;
        n = if same_axis { n + 1 } else { 1 };
        rows[i].rank = Some(n);
    }
}

/// The evidence of an outlet's documents on an axis, off-topic documents
/// left out.
pub(crate) fn outlet_evidence(axis: Option<&AxisDocs>) -> OutletEvidence {
    let Some(axis) = axis else {
        return OutletEvidence::default();
    };
    OutletEvidence {
        n_docs: axis.on_topic,
        total: axis.total,
        docs: axis.weight_counts(),
        sentences: axis.single.clone(),
    }
}

fn frame_rows(set: &LexiconSet, by_outlet: &BTreeMap<&str, &OutletDocs>) -> Vec<FrameRow> {
    let mut rows = Vec::new();
    for (outlet, docs) in by_outlet {
        let tokens = docs.tokens;
        for (f, frame) in set.frames.iter().enumerate() {
            let own = docs.frame_own.get(f).copied().unwrap_or(0);
            let quote = docs.frame_quote.get(f).copied().unwrap_or(0);
            rows.push(FrameRow {
                outlet: outlet.to_string(),
                frame: frame.id.clone(),
                count: own + quote,
                count_own: own,
                count_quote: quote,
                tokens,
                rate: rate((own + quote) as f64, tokens),
                rate_own: rate(own as f64, tokens),
            });
        }
    }
    rows
}

/// The category table: the frame counts with each outlet's documents.
fn category_rows(
    set: &LexiconSet,
    frames: &[FrameRow],
    by_outlet: &BTreeMap<&str, &OutletDocs>,
) -> Vec<CategoryRow> {
    let labels: BTreeMap<&str, &str> = set
        .frames
        .iter()
        .map(|f| (f.id.as_str(), f.label.as_str()))
        .collect();
    frames
        .iter()
        .map(|f| CategoryRow {
            outlet: f.outlet.clone(),
            category: f.frame.clone(),
            label: labels.get(f.frame.as_str()).unwrap_or(&"").to_string(),
            count: f.count,
            own_voice_count: f.count_own,
            rate_per_1000_tokens: f.rate,
            documents: by_outlet.get(f.outlet.as_str()).map_or(0, |d| d.n_docs),
            tokens: f.tokens,
        })
        .collect()
}

fn variant_rows(set: &LexiconSet, by_outlet: &BTreeMap<&str, &OutletDocs>) -> Vec<VariantRow> {
    let mut rows = Vec::new();
    for slot in &set.slots {
        for (outlet, docs) in by_outlet {
            let counts: Vec<(u64, u64)> = slot
                .variants
                .iter()
                .map(|&e| {
                    let key = u32::try_from(e).ok();
                    let c = key.and_then(|k| docs.entries.get(&k));
                    c.map_or((0, 0), |&(own, quote)| (own + quote, own))
                })
                .collect();
            let total: u64 = counts.iter().map(|c| c.0).sum();
            for (&e, (count, own)) in slot.variants.iter().zip(counts) {
                let entry = &set.entries[e];
                rows.push(VariantRow {
                    slot: slot.id.clone(),
                    variant: entry.label.clone(),
                    entry_id: e,
                    outlet: outlet.to_string(),
                    count,
                    count_own: own,
                    share: (total > 0).then(|| count as f64 / total as f64),
                });
            }
        }
    }
    rows
}

/// The row of `documents.csv` of a document with tally `t`.
pub fn document_row(t: &DocTally, opts: &ScoreValidParams) -> DocRow {
    DocRow {
        tokens: t.tokens,
        sentences: t.sentences,
        matches: t.matches,
        out_of_context: t.out_of_context,
        scores: t
            .axes
            .iter()
            .zip(&t.off_topic)
            // no pole match is no evidence, not a neutral 0
            .map(|(ax, &off)| (!off && ax.n() > 0).then(|| tally_index(ax, opts)))
            .collect(),
        off_topic: t.off_topic.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(outlet: &str, axis: &str, status: Standing, score: Option<f64>) -> OutletRow {
        OutletRow {
            outlet: outlet.into(),
            axis: axis.into(),
            status,
            score,
            ..OutletRow::default()
        }
    }

    #[test]
    fn ranks_count_only_ranked_outlets_per_axis_ties_by_name() {
        let mut rows = vec![
            row("b", "x", Standing::Ranked, Some(0.5)),
            row("a", "x", Standing::Ranked, Some(0.5)),
            row("c", "x", Standing::FewMatches, Some(0.9)),
            row("d", "x", Standing::Ranked, Some(-0.2)),
            row("e", "x", Standing::NoMatches, None),
            row("a", "y", Standing::Ranked, Some(-0.1)),
            row("b", "y", Standing::Ranked, Some(0.3)),
        ];
        rank(&mut rows);
        let got: Vec<(&str, &str, Option<usize>)> = rows
            .iter()
            .map(|r| (r.outlet.as_str(), r.axis.as_str(), r.rank))
            .collect();
        assert_eq!(
            got,
            [
                ("b", "x", Some(2)),
                ("a", "x", Some(1)),
                ("c", "x", None),
                ("d", "x", Some(3)),
                ("e", "x", None),
                ("a", "y", Some(2)),
                ("b", "y", Some(1)),
            ]
        );
    }
}
