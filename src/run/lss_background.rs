//! A background corpus for LSS (`--lss-background FILES...`): read with
//! the scored corpus's reading options, every document's sentences laid
//! into a sentence-by-word matrix of its own, on which the word vectors
//! are fitted; the scores are still of the scored corpus. Documents are
//! tokenized in parallel a batch at a time and added in input order, so
//! the matrix does not depend on the thread count.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::corpus::{IdCheck, ReadOptions, Reader};
use crate::error::Error;
use crate::lss::{sentence_words, MatrixBuilder, SentenceMatrix};

/// Documents tokenized at once.
const BATCH: usize = 512;

/// The matrix of the documents of `inputs`, words seen fewer than
/// `min_count` times there dropped.
pub fn matrix(
    inputs: &[PathBuf],
    read: ReadOptions,
    min_count: u64,
) -> Result<SentenceMatrix, Error> {
    // Ids checked by the sort, as the scored corpus's readings check them:
    // memory stays flat in the number of background documents.
    let mut reader = Reader::open(
        inputs,
        ReadOptions {
            spool: None,
            ids: IdCheck::AtEnd(None),
            ..read
        },
    )?;
    let mut builder = MatrixBuilder::new();
    loop {
        let batch: Vec<_> = reader.by_ref().take(BATCH).collect::<Result<_, _>>()?;
        if batch.is_empty() {
            break;
        }
        let words: Vec<Vec<Vec<String>>> = batch
            .par_iter()
            .map(|d| sentence_words(&d.text, &crate::text::sentences(&d.text)))
            .collect();
        for w in words {
            builder.add_document(w);
        }
    }
    Ok(builder.finish(min_count))
}
