//! Gathering training units while the corpus is matched: weakly labelled
//! sentences, the documents of reference outlets, or the documents and
//! sentences a labels file names (see [`super::labels`]). Documents
//! off-topic for the axis give no weak-label unit; reference outlets and
//! labels files are taken as given.

use std::collections::BTreeSet;
use std::ops::Range;

use super::counter::GramCounter;
use super::design::Passage;
use super::grams::GramTable;
use super::labels::Supervision;
use super::vocab::ngrams;
use super::ModelError;
use crate::corpus::Document;
use crate::features::{columns, lexicon_row, off_topic_for_model};
use crate::lexicon::LexiconSet;
use crate::matching::{Hit, MatchedDoc};
use crate::stream::DocHook;
use crate::text::QuoteWeight;

/// One training unit.
#[derive(Debug, Clone)]
pub struct TrainingUnit {
    /// Index of its document in input order (the group for validation).
    pub doc: u32,
    /// Its document's id.
    pub doc_id: String,
    /// Its document's key ([`super::seen::document_key`]).
    pub key: u64,
    /// Its outlet.
    pub outlet: String,
    /// Its sentence, for sentence units.
    pub sentence: Option<u32>,
    /// Its class name.
    pub class: String,
    /// Its features, before the vocabulary.
    pub passage: Passage,
}

/// Gathers training units as documents are matched.
pub struct UnitCollector<'a> {
    set: &'a LexiconSet,
    supervision: &'a Supervision,
    ngrams: usize,
    quote_weight: QuoteWeight,
    width: usize,
    docs: u32,
    /// The units, in input order.
    pub units: Vec<TrainingUnit>,
    /// Labels or references that found their document or outlet.
    found: BTreeSet<String>,
    /// Every outlet seen, for messages.
    outlets: BTreeSet<String>,
    problems: Vec<String>,
    /// When set, each unit's n-grams are counted as it arrives and its
    /// strings dropped (see [`UnitCollector::counting`]).
    counter: Option<GramCounter>,
}

impl<'a> UnitCollector<'a> {
    /// A collector for `supervision`; `ngrams` as in the text options.
    pub fn new(
        set: &'a LexiconSet,
        supervision: &'a Supervision,
        ngrams: usize,
        quote_weight: QuoteWeight,
    ) -> Self {
        UnitCollector {
            set,
            supervision,
            ngrams,
            quote_weight,
            width: columns(set).len(),
            docs: 0,
            units: Vec::new(),
            found: BTreeSet::new(),
            outlets: BTreeSet::new(),
            problems: Vec::new(),
            counter: None,
        }
    }

    /// Counts each unit's n-grams as it arrives and drops its strings, so
    /// that all units' strings are never held at once; read the units with
    /// [`UnitCollector::finish_counted`].
    pub fn counting(mut self) -> Self {
        self.counter = Some(GramCounter::default());
        self
    }

    fn passage<'h>(
        &self,
        text: &str,
        spans: &[Range<usize>],
        masked: &[Range<usize>],
        hits: impl Iterator<Item = &'h Hit>,
        tokens: u64,
    ) -> Passage {
        let mut row = vec![0.0; self.width];
        lexicon_row(self.set, hits, tokens, &mut row);
        Passage::new(&row, ngrams(text, spans, masked, self.ngrams))
    }

    /// The weakly labelled sentences of `m` on `axis`: (sentence, pole id,
    /// passage with the pole matches masked).
    fn weak(
        &self,
        doc: &Document,
        m: &MatchedDoc,
        axis: usize,
    ) -> Vec<(Option<u32>, String, Passage)> {
        let ax = &self.set.axes[axis];
        let mut out = Vec::new();
        for (s, span) in m.layout.sentences.iter().enumerate() {
            let hits: Vec<&Hit> = m.sentence_hits(s).iter().collect();
            let (mut pos, mut neg) = (0.0, 0.0);
            let mut masked = Vec::new();
            for h in &hits {
                for p in self.set.entries[h.term.entry as usize]
                    .poles
                    .iter()
                    .filter(|p| p.axis == axis)
                {
                    // A negated match labels as the run's policy says:
                    // by default ("not an invasion") it labels nothing.
                    let w = p.weight * self.quote_weight.of(h.voice);
                    let signed = if p.positive { w } else { -w };
                    let counted = self.set.negation.policy.apply(signed, h.negated);
                    if counted > 0.0 {
                        pos += counted;
                    } else if counted < 0.0 {
                        neg -= counted;
                    }
                    masked.push(h.term.start..h.term.end);
                }
            }
            let pole = match (pos > 0.0, neg > 0.0) {
                (true, false) => &ax.positive.id,
                (false, true) => &ax.negative.id,
                _ => continue,
            };
            let kept = hits
                .iter()
                .copied()
                .filter(|h| !masked.contains(&(h.term.start..h.term.end)));
            let tokens = u64::from(m.layout.sentence_tokens[s]);
            let passage =
                self.passage(&doc.text, std::slice::from_ref(span), &masked, kept, tokens);
            out.push((Some(s as u32), pole.clone(), passage));
        }
        out
    }
}

impl DocHook for UnitCollector<'_> {
    type Item = Vec<(Option<u32>, String, Passage)>;

    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Self::Item {
        let whole = || {
            self.passage(
                &doc.text,
                &m.layout.sentences,
                &[],
                m.hits.iter(),
                m.layout.tokens(),
            )
        };
        match self.supervision {
            Supervision::Weak { axis } if off_topic_for_model(self.set, m, Some(*axis)) => {
                Vec::new()
            }
            Supervision::Weak { axis } => self.weak(doc, m, *axis),
            Supervision::References(refs) => refs
                .iter()
                .find(|(o, _)| *o == doc.outlet)
                .map(|(_, c)| vec![(None, c.clone(), whole())])
                .unwrap_or_default(),
            Supervision::Labels(file) => {
                let mut out = Vec::new();
                if let Some((c, _)) = file.labels.get(&(doc.id.clone(), None)) {
                    out.push((None, c.clone(), whole()));
                }
                for (s, span) in m.layout.sentences.iter().enumerate() {
                    if let Some((c, _)) = file.labels.get(&(doc.id.clone(), Some(s as u32))) {
                        let hits = m.sentence_hits(s).iter();
                        let tokens = u64::from(m.layout.sentence_tokens[s]);
                        out.push((
                            Some(s as u32),
                            c.clone(),
                            self.passage(&doc.text, std::slice::from_ref(span), &[], hits, tokens),
                        ));
                    }
                }
                out
            }
        }
    }

    fn consume(&mut self, doc: &Document, m: &MatchedDoc, item: Self::Item) -> std::io::Result<()> {
        match self.supervision {
            Supervision::References(refs) if refs.iter().any(|(o, _)| *o == doc.outlet) => {
                self.found.insert(doc.outlet.clone());
            }
            Supervision::Labels(file) => {
                for ((id, s), (_, line)) in &file.labels {
                    if *id == doc.id {
                        self.found.insert(id.clone());
                        if let Some(s) = s {
                            if *s as usize >= m.layout.sentences.len() {
                                self.problems.push(format!(
                                    "{}:{line}: document `{id}` has {} sentences, so sentence {s} does not exist (sentences count from 0, as in matches.csv)",
                                    file.path,
                                    m.layout.sentences.len()
                                ));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        let key = (!item.is_empty()).then(|| super::seen::document_key(&doc.id, &doc.text));
        for (sentence, class, mut passage) in item {
            if let Some(counter) = &mut self.counter {
                counter.add(&std::mem::take(&mut passage.grams));
            }
            self.units.push(TrainingUnit {
                doc: self.docs,
                doc_id: doc.id.clone(),
                key: key.unwrap_or_default(),
                outlet: doc.outlet.clone(),
                sentence,
                class,
                passage,
            });
        }
        self.docs += 1;
        if !self.outlets.contains(&doc.outlet) {
            self.outlets.insert(doc.outlet.clone());
        }
        Ok(())
    }
}

impl UnitCollector<'_> {
    /// The units (with their n-gram strings unless counting) after
    /// checking that every label and reference found its document or outlet.
    pub fn finish(mut self) -> Result<Vec<TrainingUnit>, ModelError> {
        let counter = self.counter.take();
        let units = self.check()?;
        match counter {
            // counted units lost their strings: their n-grams are in the counter
            Some(_) => Err(ModelError::Training(
                "internal: counted units read without their counts".into(),
            )),
            None => Ok(units),
        }
    }

    /// The units and their n-gram table (n-grams in at least `min_df`
    /// units), after the checks of [`UnitCollector::finish`].
    pub fn finish_counted(
        mut self,
        min_df: usize,
    ) -> Result<(Vec<TrainingUnit>, GramTable), ModelError> {
        let counter = self.counter.take();
        let mut units = self.check()?;
        let table = match counter {
            Some(c) => c.finish(min_df),
            None => GramTable::build_taking(&mut grams_of(&mut units), min_df),
        };
        Ok((units, table))
    }

    /// Checks that every label and reference found its document or outlet.
    fn check(self) -> Result<Vec<TrainingUnit>, ModelError> {
        let outlets: Vec<&str> = self.outlets.iter().map(String::as_str).collect();
        let mut problems = self.problems;
        match self.supervision {
            Supervision::References(refs) => {
                let missing: Vec<&str> = refs
                    .iter()
                    .map(|(o, _)| o.as_str())
                    .filter(|o| !self.found.contains(*o))
                    .collect();
                if !missing.is_empty() {
                    problems.push(format!(
                        "reference outlet{} not in the corpus: {} (outlets: {})",
                        if missing.len() == 1 { "" } else { "s" },
                        missing.join(", "),
                        outlets.join(", ")
                    ));
                }
            }
            Supervision::Labels(file) => {
                let mut missing: Vec<(u64, &str)> = file
                    .labels
                    .iter()
                    .filter(|((id, _), _)| !self.found.contains(id))
                    .map(|((id, _), (_, line))| (*line, id.as_str()))
                    .collect();
                missing.sort_unstable();
                for (line, id) in missing.iter().take(20) {
                    problems.push(format!(
                        "{}:{line}: document `{id}` is not in the corpus",
                        file.path
                    ));
                }
                if missing.len() > 20 {
                    problems.push(format!(
                        "... and {} more unknown documents",
                        missing.len() - 20
                    ));
                }
            }
            Supervision::Weak { .. } => {}
        }
        if problems.is_empty() {
            Ok(self.units)
        } else {
            Err(ModelError::Labels(problems.join("\n")))
        }
    }
}

/// Each unit's n-grams, to be counted (and taken) by
/// [`GramTable::build_taking`].
pub(super) fn grams_of(units: &mut [TrainingUnit]) -> Vec<&mut super::vocab::Grams> {
    units.iter_mut().map(|u| &mut u.passage.grams).collect()
}
