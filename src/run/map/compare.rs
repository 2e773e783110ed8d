//! The comparison views' material in the map step: analyze's
//! [`WordCollector`] (n-grams up to three words, sentences to align with
//! the default options), and after each document how many words the shard
//! has interned, from which each word's first sighting is known.

use serde_json::{json, Value};

use crate::aggregate::sentences::{AlignOptions, SentencePool};
use crate::aggregate::words::WordCollector;
use crate::aggregate::Counts;
use crate::corpus::Document;
use crate::lexicon::LexiconSet;
use crate::matching::MatchedDoc;
use crate::stream::DocHook;

/// Longest n-gram counted, as analyze counts them.
pub const MAX_N: usize = 3;

/// The map-time options of the comparison views, as the header records
/// them: what report needs to know the partial was gathered with.
pub fn options() -> Value {
    let a = AlignOptions::default();
    json!({"max_n": MAX_N, "min_tokens": a.min_tokens, "max_sentences": a.max_sentences})
}

/// Counts words and gathers sentences to align, noting the words each
/// document interns first.
pub struct Gathering<'a> {
    inner: WordCollector<'a>,
    new_words: Vec<usize>,
}

/// What [`Gathering`] leaves: the counts, the sentences to align, and the
/// words interned after each document.
pub struct Gathered {
    /// N-gram counts per outlet.
    pub counts: Counts,
    /// Sentences to align.
    pub pool: SentencePool,
    /// Words interned once each document was counted, in order.
    pub new_words: Vec<usize>,
}

impl<'a> Gathering<'a> {
    /// A collector as analyze's default comparison makes it.
    pub fn new(set: &'a LexiconSet) -> Self {
        Gathering {
            inner: WordCollector::new(set, MAX_N, Some(AlignOptions::default())),
            new_words: Vec::new(),
        }
    }

    /// What was gathered (in memory: a partial's rows are every pair).
    pub fn finish(self) -> std::io::Result<Gathered> {
        let (counts, _, pool) = self.inner.finish()?;
        Ok(Gathered {
            counts,
            pool: pool.unwrap_or_default(),
            new_words: self.new_words,
        })
    }
}

impl<'a> DocHook for Gathering<'a> {
    type Item = <WordCollector<'a> as DocHook>::Item;

    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Self::Item {
        self.inner.prepare(doc, m)
    }

    fn consume(&mut self, doc: &Document, m: &MatchedDoc, item: Self::Item) -> std::io::Result<()> {
        self.inner.consume(doc, m, item)?;
        // counted here (the collector does not fold aside), so known
        let interned = self.inner.counts().map_or(0, |c| c.words.len());
        self.new_words.push(interned);
        Ok(())
    }
}
