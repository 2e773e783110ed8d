//! What the comparison views need, gathered as documents stream past: word
//! n-gram counts per outlet, and the sentences that may be aligned.

use super::doc_grams::DocGrams;
use super::gram_fold::GramFold;
use super::gram_runs::{GramRuns, GramSpill};
use super::ngrams::Counts;
use super::sentences::{fact_keys, AlignOptions, AlignedTerm, Candidate, SentencePool};
use crate::corpus::Document;
use crate::features::DocTally;
use crate::lexicon::LexiconSet;
use crate::matching::MatchedDoc;
use crate::stream::DocHook;

/// Counts words and gathers sentences to align.
pub struct WordCollector<'a> {
    set: &'a LexiconSet,
    axis: Option<usize>,
    max_n: usize,
    align: Option<AlignOptions>,
    /// The n-gram counts, folded here or aside.
    fold: GramFold,
    pool: SentencePool,
}

impl<'a> WordCollector<'a> {
    /// A collector of n-grams up to `max_n` words, and with `align` of
    /// sentences to align (their pole terms taken on the first axis).
    pub fn new(set: &'a LexiconSet, max_n: usize, align: Option<AlignOptions>) -> Self {
        WordCollector {
            set,
            axis: (!set.axes.is_empty()).then_some(0),
            max_n,
            align,
            fold: GramFold::here(None),
            pool: SentencePool::default(),
        }
    }

    /// Spills the n-gram tables as sorted runs to anonymous files in
    /// `dir` each time they hold `budget` (outlet, n-gram) pairs, instead
    /// of holding every pair in memory ([`super::gram_runs`]). Called
    /// before any document is counted.
    pub fn spill_to(mut self, dir: &std::path::Path, budget: usize) -> Self {
        self.fold = GramFold::here(Some(GramSpill::new(budget, dir)));
        self
    }

    /// Counts the n-grams on a thread of its own, which receives the
    /// documents in order (the same counts, word ids and tables), when
    /// the run has two worker threads or more: the thread that hands the
    /// documents on in order then only sends them. With one worker thread
    /// the counting stays on that thread, so that the run keeps to one
    /// core. Called before any document is counted, after
    /// [`WordCollector::spill_to`]; [`WordCollector::counts`] is then
    /// `None` until the end.
    pub fn fold_aside(mut self) -> std::io::Result<Self> {
        if rayon::current_num_threads() < 2 {
            return Ok(self);
        }
        if let GramFold::Here(_, spill) = &mut self.fold {
            self.fold = GramFold::aside(spill.take())?;
        }
        Ok(self)
    }

    /// The n-gram counts so far; `None` when they are counted aside
    /// ([`WordCollector::fold_aside`]).
    pub fn counts(&self) -> Option<&Counts> {
        self.fold.counts()
    }

    /// The n-gram counts, their spilled runs when they passed the budget
    /// (then the counts' tables are empty), and the sentence pool when
    /// alignment was asked for.
    pub fn finish(self) -> std::io::Result<(Counts, Option<GramRuns>, Option<SentencePool>)> {
        let (counts, runs) = self.fold.finish()?;
        Ok((counts, runs, self.align.map(|_| self.pool)))
    }

    fn candidates(
        &self,
        doc: &Document,
        m: &MatchedDoc,
        align: &AlignOptions,
    ) -> Vec<(Candidate, Vec<String>)> {
        let tallied = DocTally::of(self.set, m);
        eligible(m, align)
            .map(|(s, span)| {
                let text = &doc.text[span.clone()];
                let terms = m
                    .sentence_hits(s)
                    .iter()
                    .map(|h| {
                        let e = &self.set.entries[h.term.entry as usize];
                        let pole = e
                            .poles
                            .iter()
                            .filter(|p| Some(p.axis) == self.axis)
                            .map(|p| self.set.pole_id(p))
                            .collect::<Vec<_>>()
                            .join("|");
                        AlignedTerm {
                            text: doc.text[h.term.start..h.term.end].to_string(),
                            pole,
                            start: h.term.start.saturating_sub(span.start),
                            end: h.term.end.min(span.end).saturating_sub(span.start),
                        }
                    })
                    .collect();
                let tally = self.axis.map(|a| {
                    // sorted by (sentence, axis)
                    let key = (s, a);
                    let at = tallied
                        .sentence_axes
                        .partition_point(|(si, ax, _)| (*si as usize, usize::from(*ax)) < key);
                    tallied
                        .sentence_axes
                        .get(at)
                        .filter(|(si, ax, _)| (*si as usize, usize::from(*ax)) == key)
                        .map_or_else(Default::default, |(_, _, t)| *t)
                });
                (
                    Candidate {
                        outlet: doc.outlet.clone(),
                        doc_id: doc.id.clone(),
                        sentence: s as u32,
                        text: super::evidence::clip(text),
                        terms,
                        tally,
                        keys: Vec::new(),
                    },
                    fact_keys(text),
                )
            })
            .collect()
    }
}

/// A document's sentences to align, as `prepare` hands them on.
pub enum Sentences {
    /// The sentences long enough to align, with their fact keys.
    Candidates(Vec<(Candidate, Vec<String>)>),
    /// The pool was full before the document: only how many sentences
    /// were long enough, all of them left out.
    LeftOut(u64),
}

/// The sentences of `m` long enough to align, with their index.
fn eligible<'m>(
    m: &'m MatchedDoc,
    align: &AlignOptions,
) -> impl Iterator<Item = (usize, &'m std::ops::Range<usize>)> + 'm {
    let min = align.min_tokens;
    m.layout
        .sentences
        .iter()
        .enumerate()
        .filter(move |(s, _)| m.layout.sentence_tokens[*s] as usize >= min)
}

impl DocHook for WordCollector<'_> {
    /// The document's n-grams, counted here on any thread, and its
    /// sentences to align.
    type Item = (DocGrams, Sentences);

    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Self::Item {
        let grams = DocGrams::of(&doc.text, &m.layout.sentences, self.max_n);
        let cands = match &self.align {
            // `prepare` runs after the documents before this one's batch
            // were consumed, and the pool only grows: once it is full,
            // every later sentence is left out, and only counted.
            Some(a) if self.pool.candidates.len() >= a.max_sentences => {
                Sentences::LeftOut(eligible(m, a).count() as u64)
            }
            Some(a) => Sentences::Candidates(self.candidates(doc, m, a)),
            None => Sentences::Candidates(Vec::new()),
        };
        (grams, cands)
    }

    fn consume(
        &mut self,
        doc: &Document,
        _: &MatchedDoc,
        (grams, cands): Self::Item,
    ) -> std::io::Result<()> {
        self.fold.add(&doc.outlet, grams)?;
        let max = self.align.map_or(0, |a| a.max_sentences);
        match cands {
            Sentences::Candidates(cands) => {
                for (c, keys) in cands {
                    self.pool.add(c, keys, max);
                }
            }
            Sentences::LeftOut(n) => self.pool.leave_out(n),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{ReadOptions, Reader};
    use crate::lexicon::{load, LexiconSource};
    use crate::matching::Matcher;

    /// The seeds, one document prepared and consumed after the other (so
    /// that `prepare` sees the pool full once it is), into a pool of at
    /// most `max` sentences.
    fn pool_of_seeds(max: usize) -> SentencePool {
        let set = load(&LexiconSource::defaults()).unwrap().set;
        let matcher = Matcher::new(&set).unwrap();
        let seeds = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let align = AlignOptions {
            max_sentences: max,
            ..AlignOptions::default()
        };
        let mut words = WordCollector::new(&set, 3, Some(align));
        for doc in Reader::open(&[seeds], ReadOptions::default()).unwrap() {
            let doc = doc.unwrap();
            let m = matcher.match_document(&doc.text);
            let item = words.prepare(&doc, &m);
            words.consume(&doc, &m, item).unwrap();
        }
        words.finish().unwrap().2.unwrap()
    }

    #[test]
    fn a_full_pool_counts_what_it_leaves_out() {
        let all = pool_of_seeds(usize::MAX);
        assert_eq!(all.dropped, 0);
        // a cap a few sentences in: later documents are only counted
        let cap = 7;
        assert!(
            all.candidates.len() > 3 * cap,
            "the seeds hold enough sentences"
        );
        let capped = pool_of_seeds(cap);
        assert_eq!(capped.candidates, all.candidates[..cap]);
        assert_eq!(capped.dropped as usize, all.candidates.len() - cap);
    }
}
