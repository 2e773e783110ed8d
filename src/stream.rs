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

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::corpus::batches::while_reading;
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
///
/// The batches go through a pipeline of two steps, each of which keeps the
/// worker threads and this thread busy at once:
///
/// 1. the workers run [`DocHook::prepare`] on batch k while this thread
///    reads batch k + 2;
/// 2. the workers match batch k + 1 while this thread hands batch k to
///    [`DocHook::consume`], in input order, and then reads on in batch
///    k + 2.
///
/// This thread reads only while the workers are busy, and finishes batch
/// k + 2 after the second step if it is not full by then; the batches
/// hold the same documents however the reading was split between the
/// steps. `prepare` on batch k runs after `consume` on batch k - 1, as it
/// would one batch at a time, and `consume` sees every document in input
/// order: what a hook keeps or writes is the same whatever the number of
/// threads. Memory holds three batches of texts (the one consumed, the
/// one matched and the one read).
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
    run_edited(docs, &|_, _| None, matcher, hook, progress)
}

/// An edit of a document before it is matched (see [`run_edited`]): it
/// may give the paragraphs of the text it made, when it found them, so
/// that the matcher need not find them again.
pub type Edit<'a> = dyn Fn(usize, &mut Document) -> Option<Vec<Range<usize>>> + Sync + 'a;

/// [`run`], each document first edited by `edit`, told its position in
/// `docs` (0 for the first document read): on the worker threads, as the
/// document is matched, rather than on this thread as it is read. A
/// document's text is then what `edit` made of it for the matcher and
/// every hook. `edit` sees each document once, whatever the number of
/// threads, and must depend on nothing but the document and its position;
/// the paragraphs it gives must be those `text::paragraphs` finds in the
/// text it made.
pub fn run_edited<I, H>(
    docs: I,
    edit: &Edit<'_>,
    matcher: &Matcher,
    hook: &mut H,
    progress: &dyn Fn(u64, u64),
) -> Result<Streamed, StreamError>
where
    I: Iterator<Item = Result<Document, CorpusError>>,
    H: DocHook,
{
    let mut seen = Streamed::default();
    // The position of the first document of the batch matched next.
    let mut at = 0;
    let mut docs = Filling::new(docs);
    let mut first = docs.take()?;
    let (matched, ()) = while_busy(
        || match_batch(matcher, edit, at, &mut first),
        |busy| docs.fill(busy),
    );
    at += first.len();
    let mut next = docs.take();
    let mut current = (first, matched);
    while !current.0.is_empty() {
        let (batch, matched) = current;
        let shared: &H = hook;
        let (items, ()) = while_busy(
            || prepare_batch(shared, &batch, &matched),
            |busy| docs.fill(busy),
        );
        // A read error stops the run after the documents before its
        // batch, as it did when batches were read one after the other.
        let mut upcoming = std::mem::replace(&mut next, Ok(Vec::new()));
        let (next_matched, folded) = while_busy(
            || match &mut upcoming {
                Ok(b) => match_batch(matcher, edit, at, b),
                Err(_) => Vec::new(),
            },
            |busy| {
                let folded = consume_batch(hook, batch, matched, items, &mut seen);
                docs.fill(busy);
                folded
            },
        );
        folded.map_err(StreamError::Write)?;
        progress(seen.documents, seen.bytes);
        next = docs.take();
        let upcoming = upcoming?;
        at += upcoming.len();
        current = (upcoming, next_matched);
    }
    Ok(seen)
}

/// The first documents of `docs`, read before a pass starts: up to a
/// batch, and nothing after an error. [`run`] on these documents followed
/// by the rest of `docs` makes the same batches as on `docs` alone.
pub fn read_ahead<I>(docs: &mut I) -> Vec<Result<Document, CorpusError>>
where
    I: Iterator<Item = Result<Document, CorpusError>>,
{
    let mut read = Vec::new();
    let mut bytes = 0;
    while read.len() < BATCH_DOCS && bytes < BATCH_BYTES {
        match docs.next() {
            None => break,
            Some(Err(e)) => {
                read.push(Err(e));
                break;
            }
            Some(Ok(d)) => {
                bytes += d.text.len();
                read.push(Ok(d));
            }
        }
    }
    read
}

/// The next batch of a corpus, read a document at a time whenever this
/// thread has nothing else to do. A batch ends where
/// [`crate::corpus::batches::next_batch`] would end it; an empty batch ends
/// the corpus, and nothing is read after it or after an error.
struct Filling<I> {
    docs: I,
    batch: Vec<Document>,
    bytes: usize,
    /// The batch ends here: at the end of the corpus or an error.
    ended: bool,
    error: Option<CorpusError>,
}

impl<I> Filling<I>
where
    I: Iterator<Item = Result<Document, CorpusError>>,
{
    fn new(docs: I) -> Self {
        Filling {
            docs,
            batch: Vec::new(),
            bytes: 0,
            ended: false,
            error: None,
        }
    }

    fn full(&self) -> bool {
        self.ended || self.batch.len() >= BATCH_DOCS || self.bytes >= BATCH_BYTES
    }

    /// Reads on while `busy` holds and the batch is not full.
    fn fill(&mut self, busy: &AtomicBool) {
        while !self.full() && busy.load(Ordering::Acquire) {
            self.read_one();
        }
    }

    fn read_one(&mut self) {
        match self.docs.next() {
            None => self.ended = true,
            Some(Err(e)) => {
                self.ended = true;
                self.error = Some(e);
            }
            Some(Ok(d)) => {
                self.bytes += d.text.len();
                self.batch.push(d);
            }
        }
    }

    /// The batch, read to its end; the next starts empty. After an empty
    /// batch or an error, every batch is empty.
    fn take(&mut self) -> Result<Vec<Document>, CorpusError> {
        while !self.full() {
            self.read_one();
        }
        if let Some(e) = self.error.take() {
            self.batch.clear();
            return Err(e);
        }
        self.bytes = 0;
        Ok(std::mem::take(&mut self.batch))
    }
}

/// Runs `work` on the worker threads while this thread runs `read`, which
/// is told whether the work is still going ([`while_reading`]); returns
/// both results. With one worker thread the work comes first, and `read`
/// is told it is done.
fn while_busy<A, B>(work: impl FnOnce() -> A + Send, read: impl FnOnce(&AtomicBool) -> B) -> (A, B)
where
    A: Send,
{
    let busy = AtomicBool::new(true);
    let flag = &busy;
    let work = move || {
        let a = work();
        flag.store(false, Ordering::Release);
        a
    };
    while_reading(work, || read(&busy))
}

/// Every document of `batch`, whose first is at position `at`, edited by
/// `edit` and matched, on the worker threads.
fn match_batch(
    matcher: &Matcher,
    edit: &Edit<'_>,
    at: usize,
    batch: &mut [Document],
) -> Vec<MatchedDoc> {
    batch
        .par_iter_mut()
        .enumerate()
        .map(|(i, d)| {
            let paragraphs = edit(at + i, d);
            matcher.match_document_in(&d.text, paragraphs)
        })
        .collect()
}

/// `hook`'s prepared item for every document of `batch`, on the worker
/// threads.
fn prepare_batch<H: DocHook>(hook: &H, batch: &[Document], matched: &[MatchedDoc]) -> Vec<H::Item> {
    batch
        .par_iter()
        .zip(matched)
        .map(|(d, m)| hook.prepare(d, m))
        .collect()
}

/// Hands every document of `batch` to `hook`, in order, and counts it.
fn consume_batch<H: DocHook>(
    hook: &mut H,
    batch: Vec<Document>,
    matched: Vec<MatchedDoc>,
    items: Vec<H::Item>,
    seen: &mut Streamed,
) -> std::io::Result<()> {
    for ((doc, m), item) in batch.into_iter().zip(matched).zip(items) {
        hook.consume(&doc, &m, item)?;
        seen.documents += 1;
        seen.bytes += doc.text.len() as u64;
    }
    Ok(())
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
