//! The text stage: normalization for matching, and the layout of a
//! document (sentences, tokens, quotations) as byte ranges of its original
//! text.

mod normalize;
mod quotes;
mod segment;

use std::ops::Range;

pub use normalize::{is_word_char, normalize, normalize_form, Normalized};
pub use quotes::{inside, quote_spans, quote_spans_in};
pub use segment::{count_tokens, paragraphs, sentences, sentences_in, tokens};

/// Where a passage speaks: the outlet itself, or a quotation it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Voice {
    /// The outlet's own words.
    Own,
    /// Inside quotation marks.
    Quote,
}

impl Voice {
    /// The name used in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Voice::Own => "own",
            Voice::Quote => "quote",
        }
    }
}

/// The layout of one document's text.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Paragraphs, trimmed, in order.
    pub paragraphs: Vec<Range<usize>>,
    /// Sentences, trimmed, in order.
    pub sentences: Vec<Range<usize>>,
    /// Word tokens in each sentence.
    pub sentence_tokens: Vec<u32>,
    /// Quotations, quote marks included, in order.
    pub quotes: Vec<Range<usize>>,
}

impl Layout {
    /// Segments `text`.
    pub fn of(text: &str) -> Layout {
        let paragraphs = paragraphs(text);
        let sentences = sentences_in(text, &paragraphs);
        let sentence_tokens = sentences
            .iter()
            .map(|r| count_tokens(&text[r.clone()]) as u32)
            .collect();
        Layout {
            quotes: quote_spans_in(text, &paragraphs),
            paragraphs,
            sentences,
            sentence_tokens,
        }
    }

    /// Word tokens in the whole document (those inside sentences).
    pub fn tokens(&self) -> u64 {
        self.sentence_tokens.iter().map(|&t| u64::from(t)).sum()
    }

    /// Index of the sentence holding byte offset `at` (the one before it
    /// when `at` falls between sentences).
    pub fn sentence_of(&self, at: usize) -> usize {
        self.sentences
            .partition_point(|s| s.start <= at)
            .saturating_sub(1)
    }

    /// The voice at byte offset `at`.
    pub fn voice_at(&self, at: usize) -> Voice {
        if inside(&self.quotes, at) {
            Voice::Quote
        } else {
            Voice::Own
        }
    }
}
