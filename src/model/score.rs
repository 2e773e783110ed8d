//! Scoring with a model: probabilities per sentence and document as the
//! corpus streams past, then per outlet the mean probability of each class
//! with a percentile-bootstrap interval, and on a two-pole axis a model
//! score in [-1, 1] (mean p(positive) - p(negative)).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use ndarray::Array2;
use rand::Rng;
use serde::Serialize;

use super::design::Passage;
use super::vocab::ngrams;
use super::{Model, Unit};
use crate::corpus::Document;
use crate::features::{columns, lexicon_row};
use crate::lexicon::LexiconSet;
use crate::matching::MatchedDoc;
use crate::pipeline::DocHook;
use crate::scores::{quantile, stream, ScoreOptions};

/// Probabilities of one document.
#[derive(Debug, Clone)]
pub struct DocProbs {
    /// Document id.
    pub id: String,
    /// Outlet.
    pub outlet: String,
    /// Per class.
    pub p: Vec<f64>,
    /// Per sentence: token count and per-class probabilities.
    pub sentences: Vec<(u32, Vec<f64>)>,
}

/// A sentence the model is most sure of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopSentence {
    /// Document id.
    pub doc_id: String,
    /// Sentence index.
    pub sentence: u32,
    /// Probability of the class.
    pub p: f64,
    /// The sentence.
    pub text: String,
}

/// Scores documents as they stream past, writing `sentences.csv`.
pub struct Scorer<'a> {
    model: &'a Model,
    set: &'a LexiconSet,
    width: usize,
    out: Option<csv::Writer<BufWriter<File>>>,
    keep: usize,
    /// Every document's probabilities, in input order.
    pub docs: Vec<DocProbs>,
    /// Per (outlet, class index): the sentences most probably of the class.
    pub top: BTreeMap<(String, usize), Vec<TopSentence>>,
}

impl<'a> Scorer<'a> {
    /// A scorer; with `sentences_csv`, every sentence's probabilities are
    /// written there. `keep` sentences per outlet and class are kept.
    pub fn new(
        model: &'a Model,
        set: &'a LexiconSet,
        sentences_csv: Option<&Path>,
        keep: usize,
    ) -> std::io::Result<Self> {
        let out = match sentences_csv {
            None => None,
            Some(p) => {
                let mut w =
                    csv::Writer::from_writer(BufWriter::with_capacity(1 << 16, File::create(p)?));
                let mut header: Vec<String> = ["doc_id", "outlet", "sentence", "tokens"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect();
                header.extend(model.classes.iter().map(|c| format!("p_{c}")));
                if model.axis.is_some() {
                    header.push("model_score".into());
                }
                header.push("text".into());
                w.write_record(&header)?;
                Some(w)
            }
        };
        Ok(Scorer {
            model,
            set,
            width: columns(set).len(),
            out,
            keep,
            docs: Vec::new(),
            top: BTreeMap::new(),
        })
    }

    /// Flushes `sentences.csv`.
    pub fn finish(&mut self) -> std::io::Result<()> {
        if let Some(w) = &mut self.out {
            w.flush()?;
        }
        Ok(())
    }

    fn passage(
        &self,
        text: &str,
        spans: &[std::ops::Range<usize>],
        hits: &[&crate::matching::Hit],
        tokens: u64,
    ) -> Passage {
        let mut row = vec![0.0; self.width];
        lexicon_row(self.set, hits.iter().copied(), tokens, &mut row);
        Passage::new(
            &row,
            ngrams(
                text,
                spans,
                &[],
                self.model.design.vocabulary.options.ngrams,
            ),
        )
    }

    fn predict(&self, passages: &[Passage]) -> Array2<f64> {
        let refs: Vec<&Passage> = passages.iter().collect();
        self.model
            .classifier
            .predict_proba(&self.model.design.matrix(&refs))
    }
}

/// Token-weighted mean of rows (plain mean when there are no tokens).
fn weighted_mean(rows: &[(u32, Vec<f64>)], k: usize) -> Vec<f64> {
    let total: f64 = rows.iter().map(|r| f64::from(r.0)).sum();
    let mut out = vec![0.0; k];
    for (w, p) in rows {
        let w = if total > 0.0 {
            f64::from(*w) / total
        } else {
            1.0 / rows.len() as f64
        };
        for c in 0..k {
            out[c] += w * p[c];
        }
    }
    out
}

impl DocHook for Scorer<'_> {
    type Item = (Vec<f64>, Vec<(u32, Vec<f64>)>);

    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Self::Item {
        let k = self.model.classes.len();
        let passages: Vec<Passage> = m
            .layout
            .sentences
            .iter()
            .enumerate()
            .map(|(s, span)| {
                let hits: Vec<_> = m.hits.iter().filter(|h| h.sentence as usize == s).collect();
                self.passage(
                    &doc.text,
                    std::slice::from_ref(span),
                    &hits,
                    u64::from(m.layout.sentence_tokens[s]),
                )
            })
            .collect();
        let probs = self.predict(&passages);
        let sentences: Vec<(u32, Vec<f64>)> = m
            .layout
            .sentence_tokens
            .iter()
            .zip(probs.rows())
            .map(|(&t, r)| (t, r.to_vec()))
            .collect();
        let doc_p = match self.model.unit {
            Unit::Sentence => weighted_mean(&sentences, k),
            Unit::Document => {
                let hits: Vec<_> = m.hits.iter().collect();
                let whole = self.passage(&doc.text, &m.layout.sentences, &hits, m.layout.tokens());
                self.predict(std::slice::from_ref(&whole)).row(0).to_vec()
            }
        };
        (doc_p, sentences)
    }

    fn consume(
        &mut self,
        doc: &Document,
        m: &MatchedDoc,
        (p, sentences): Self::Item,
    ) -> std::io::Result<()> {
        let axis = self.model.axis.clone();
        for (s, (tokens, probs)) in sentences.iter().enumerate() {
            let text = &doc.text[m.layout.sentences[s].clone()];
            if let Some(w) = &mut self.out {
                let mut rec = vec![
                    doc.id.clone(),
                    doc.outlet.clone(),
                    s.to_string(),
                    tokens.to_string(),
                ];
                rec.extend(probs.iter().map(|v| v.to_string()));
                if let Some(a) = &axis {
                    rec.push((probs[a.positive] - probs[a.negative]).to_string());
                }
                rec.push(text.to_string());
                w.write_record(&rec)?;
            }
            for (c, &pc) in probs.iter().enumerate() {
                let list = self.top.entry((doc.outlet.clone(), c)).or_default();
                if list.len() < self.keep || list.last().is_some_and(|t| pc > t.p) {
                    list.push(TopSentence {
                        doc_id: doc.id.clone(),
                        sentence: s as u32,
                        p: pc,
                        text: text.to_string(),
                    });
                    // stable: earlier sentences win ties
                    list.sort_by(|a, b| b.p.total_cmp(&a.p));
                    list.truncate(self.keep);
                }
            }
        }
        self.docs.push(DocProbs {
            id: doc.id.clone(),
            outlet: doc.outlet.clone(),
            p,
            sentences,
        });
        Ok(())
    }
}

/// An outlet's model probabilities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutletProbs {
    /// Outlet.
    pub outlet: String,
    /// Documents scored.
    pub n_docs: usize,
    /// Mean probability per class.
    pub p: Vec<f64>,
    /// 95% interval per class.
    pub ci: Vec<Option<(f64, f64)>>,
    /// Mean p(positive) - p(negative), when the classes are an axis's poles.
    pub score: Option<f64>,
    /// Its 95% interval.
    pub score_ci: Option<(f64, f64)>,
}

/// Per-outlet summaries of `docs`, outlets sorted by name. Documents are
/// resampled for the intervals (the sentences, weighted by tokens, when an
/// outlet has one document), `opts.bootstrap` times, each outlet and class
/// on its own seeded stream.
pub fn outlet_probs(model: &Model, docs: &[DocProbs], opts: &ScoreOptions) -> Vec<OutletProbs> {
    let mut by: BTreeMap<&str, Vec<&DocProbs>> = BTreeMap::new();
    for d in docs {
        by.entry(&d.outlet).or_default().push(d);
    }
    let k = model.classes.len();
    let value = |p: &[f64], c: Option<usize>| -> f64 {
        match (c, &model.axis) {
            (Some(c), _) => p[c],
            (None, Some(a)) => p[a.positive] - p[a.negative],
            (None, None) => 0.0,
        }
    };
    by.into_iter()
        .map(|(outlet, ds)| {
            // (weight, probabilities) units to resample
            let units: Vec<(f64, &[f64])> = match ds.as_slice() {
                [only] => only
                    .sentences
                    .iter()
                    .map(|(t, p)| (f64::from(*t), p.as_slice()))
                    .collect(),
                _ => ds.iter().map(|d| (1.0, d.p.as_slice())).collect(),
            };
            let per = |c: Option<usize>, name: &str| {
                let mut u: Vec<(f64, f64)> = units.iter().map(|(w, p)| (*w, value(p, c))).collect();
                u.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
                bootstrap_mean(&u, opts, &[outlet, "model", name])
            };
            let p: Vec<f64> = (0..k)
                .map(|c| ds.iter().map(|d| d.p[c]).sum::<f64>() / ds.len() as f64)
                .collect();
            let score = model.axis.as_ref().map(|_| value(&p, None));
            OutletProbs {
                outlet: outlet.to_string(),
                n_docs: ds.len(),
                ci: (0..k).map(|c| per(Some(c), &model.classes[c])).collect(),
                score_ci: score.and_then(|_| per(None, "score")),
                score,
                p,
            }
        })
        .collect()
}

/// Percentile-bootstrap 95% interval of a weighted mean.
fn bootstrap_mean(units: &[(f64, f64)], opts: &ScoreOptions, name: &[&str]) -> Option<(f64, f64)> {
    if units.len() < 2 || opts.bootstrap == 0 {
        return None;
    }
    let mut rng = stream(opts.seed, name);
    let n = units.len();
    let mut stats = Vec::with_capacity(opts.bootstrap);
    for _ in 0..opts.bootstrap {
        let (mut sw, mut sv) = (0.0, 0.0);
        for _ in 0..n {
            let (w, v) = units[rng.gen_range(0..n)];
            sw += w;
            sv += w * v;
        }
        stats.push(if sw > 0.0 { sv / sw } else { 0.0 });
    }
    stats.sort_by(f64::total_cmp);
    Some((quantile(&stats, 0.025), quantile(&stats, 0.975)))
}

/// Spearman's rank correlation of two paired samples (average ranks for
/// ties); `None` with fewer than three pairs or no variation.
pub fn spearman(a: &[f64], b: &[f64]) -> Option<f64> {
    if a.len() != b.len() || a.len() < 3 {
        return None;
    }
    let (ra, rb) = (ranks(a), ranks(b));
    let n = a.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma) * (x - ma)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb) * (y - mb)).sum();
    (va > 0.0 && vb > 0.0).then(|| cov / (va * vb).sqrt())
}

fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&i, &j| v[i].total_cmp(&v[j]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

/// The `n` features that push hardest toward each class: (class, feature,
/// weight), from the classifier's standardized weights.
pub fn top_features(model: &Model, n: usize) -> Vec<(String, Vec<(String, f64)>)> {
    let names = model.design.names();
    let w = model.classifier.feature_weights();
    model
        .classes
        .iter()
        .enumerate()
        .map(|(c, class)| {
            let mut row: Vec<(usize, f64)> = w
                .row(c)
                .iter()
                .copied()
                .enumerate()
                .filter(|(_, v)| *v > 0.0)
                .collect();
            row.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            (
                class.clone(),
                row.into_iter()
                    .take(n)
                    .map(|(j, v)| (names[j].clone(), v))
                    .collect(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_by_hand() {
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]), Some(1.0));
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]), Some(-1.0));
        // ranks a: 1 2 3 4; b: 1 3 2 4 -> rho = 1 - 6 * 2 / (4 * 15) = 0.8
        let rho = spearman(&[1.0, 2.0, 3.0, 4.0], &[1.0, 3.0, 2.0, 4.0]).unwrap();
        assert!((rho - 0.8).abs() < 1e-12);
        assert_eq!(spearman(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None);
        assert_eq!(ranks(&[5.0, 1.0, 5.0]), [2.5, 1.0, 2.5]);
    }

    #[test]
    fn weighted_means() {
        let rows = vec![(1, vec![1.0, 0.0]), (3, vec![0.0, 1.0])];
        assert_eq!(weighted_mean(&rows, 2), [0.25, 0.75]);
        let none = vec![(0, vec![1.0, 0.0]), (0, vec![0.0, 1.0])];
        assert_eq!(weighted_mean(&none, 2), [0.5, 0.5]);
    }
}
