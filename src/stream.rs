//! The streaming engine: a corpus is read in batches; each batch is
//! matched in parallel (rayon) and handed to a [`DocHook`], which does its
//! own work on each document in parallel ([`DocHook::prepare`]) and then
//! sees the documents in input order ([`DocHook::consume`]). Memory holds
//! two batches of texts at a time (the next is read while the workers match
//! this one), and what a hook keeps or writes does not depend on the number
//! of threads.
//!
//! The engine counts and weighs nothing itself: the aggregate, the model's
//! training units and predictions, keyword-in-context rows and the streamed
//! tables are all hooks.

use rayon::prelude::*;

use crate::corpus::batches::{next_batch, while_reading};
use crate::corpus::{CorpusError, Document};
use crate::matching::{MatchedDoc, Matcher};

/// Documents per batch.
const BATCH_DOCS: usize = 512;
/// Text bytes per batch.
const BATCH_BYTES: usize = 16 << 20;

/// Work done on each matched document. `prepare` runs in parallel, one
/// document at a time; `consume` then sees every document with its
/// prepared item, in input order.
pub trait DocHook: Sync {
    /// What `prepare` hands to `consume`.
    type Item: Send;
    /// Work on one document that can run on any thread.
    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Self::Item;
    /// Work that must see documents in order.
    fn consume(&mut self, doc: &Document, m: &MatchedDoc, item: Self::Item) -> std::io::Result<()>;
}

/// No extra work.
impl DocHook for () {
    type Item = ();
    fn prepare(&self, _: &Document, _: &MatchedDoc) {}
    fn consume(&mut self, _: &Document, _: &MatchedDoc, _: ()) -> std::io::Result<()> {
        Ok(())
    }
}

/// A borrowed hook.
impl<H: DocHook> DocHook for &mut H {
    type Item = H::Item;
    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Self::Item {
        (**self).prepare(doc, m)
    }
    fn consume(&mut self, doc: &Document, m: &MatchedDoc, item: Self::Item) -> std::io::Result<()> {
        (**self).consume(doc, m, item)
    }
}

/// A hook that may be absent.
impl<H: DocHook> DocHook for Option<H> {
    type Item = Option<H::Item>;
    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Self::Item {
        self.as_ref().map(|h| h.prepare(doc, m))
    }
    fn consume(&mut self, doc: &Document, m: &MatchedDoc, item: Self::Item) -> std::io::Result<()> {
        match (self, item) {
            (Some(h), Some(i)) => h.consume(doc, m, i),
            _ => Ok(()),
        }
    }
}

/// Two hooks, run one after the other.
impl<A: DocHook, B: DocHook> DocHook for (A, B) {
    type Item = (A::Item, B::Item);
    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Self::Item {
        (self.0.prepare(doc, m), self.1.prepare(doc, m))
    }
    fn consume(&mut self, doc: &Document, m: &MatchedDoc, item: Self::Item) -> std::io::Result<()> {
        self.0.consume(doc, m, item.0)?;
        self.1.consume(doc, m, item.1)
    }
}

/// How much a stream held.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Streamed {
    /// Documents.
    pub documents: u64,
    /// Bytes of text.
    pub bytes: u64,
}

/// Matches every document of `docs` and hands it to `hook`; `progress`
/// hears (documents, bytes) after each batch.
pub fn run<I, H>(
    docs: I,
    matcher: &Matcher,
    hook: &mut H,
    progress: &dyn Fn(u64, u64),
) -> Result<Streamed, StreamError>
where
    I: Iterator<Item = Result<Document, CorpusError>>,
    H: DocHook,
{
    let mut seen = Streamed::default();
    let mut docs = docs;
    let mut batch = next_batch(&mut docs, BATCH_DOCS, BATCH_BYTES)?;
    while !batch.is_empty() {
        let shared: &H = hook;
        let (matched, next) = while_reading(
            || {
                batch
                    .par_iter()
                    .map(|d| {
                        let m = matcher.match_document(&d.text);
                        let item = shared.prepare(d, &m);
                        (m, item)
                    })
                    .collect::<Vec<(MatchedDoc, H::Item)>>()
            },
            || next_batch(&mut docs, BATCH_DOCS, BATCH_BYTES),
        );
        for (doc, (m, item)) in batch.drain(..).zip(matched) {
            hook.consume(&doc, &m, item).map_err(StreamError::Write)?;
            seen.documents += 1;
            seen.bytes += doc.text.len() as u64;
        }
        progress(seen.documents, seen.bytes);
        // A read error stops the run after the documents before its batch,
        // as it did when batches were read one after the other.
        batch = next?;
    }
    Ok(seen)
}

/// Why a stream stopped.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    /// Reading the corpus failed.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// A hook could not write its output.
    #[error("cannot write the outputs: {0}")]
    Write(std::io::Error),
}
