//! The text stage: normalization for matching, and the layout of a
//! document (sentences, tokens, quotations) as byte ranges of its original
//! text.

mod negation;
mod normalize;
mod quotes;
mod segment;

use std::ops::Range;

use crate::params::ParamError;

pub use negation::{Negation, NegationPolicy, NegationRules, OpenWords};
pub use normalize::{
    ascii_len, is_word_char, normalize, normalize_form, normalize_into, Normalized,
};
pub use quotes::{inside, quote_spans, quote_spans_in};
pub use segment::{
    count_tokens, paragraphs, punctuation_at, sentences, sentences_in, tokens, PUNCTUATION_LEN,
};

/// Where a passage speaks: the outlet itself, or a quotation it reports.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
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

/// How much a match inside a quotation counts, relative to the outlet's own
/// voice (which counts 1). One value carries `--quote-weight` from the
/// command line to every place that weighs a match, and [`QuoteWeight::of`]
/// is the one rule that weighs it.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct QuoteWeight(f64);

impl QuoteWeight {
    /// Quotations count half (`--quote-weight 0.5`).
    pub const DEFAULT: QuoteWeight = QuoteWeight(0.5);
    /// Quotations count as much as the outlet's own words.
    pub const FULL: QuoteWeight = QuoteWeight(1.0);

    /// A weight in [0, 1].
    pub fn new(q: f64) -> Result<QuoteWeight, ParamError> {
        crate::params::ensure((0.0..=1.0).contains(&q), "quote_weight", || {
            format!("must be between 0 and 1, not {q}")
        })?;
        Ok(QuoteWeight(q))
    }

    /// The weight of a quoted match.
    pub fn get(self) -> f64 {
        self.0
    }

    /// What one match in `voice` counts.
    pub fn of(self, voice: Voice) -> f64 {
        match voice {
            Voice::Own => 1.0,
            Voice::Quote => self.0,
        }
    }
}

impl Default for QuoteWeight {
    fn default() -> Self {
        QuoteWeight::DEFAULT
    }
}

impl TryFrom<f64> for QuoteWeight {
    type Error = ParamError;
    fn try_from(q: f64) -> Result<Self, ParamError> {
        QuoteWeight::new(q)
    }
}

impl From<QuoteWeight> for f64 {
    fn from(q: QuoteWeight) -> f64 {
        q.0
    }
}

impl std::fmt::Display for QuoteWeight {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
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
    /// Segments `text`. Each sentence's tokens are counted as the
    /// sentence is found, from marks set in one pass over the whole text
    /// (a pass over each sentence cost as much again in setting up and
    /// padding its last bytes as in reading them).
    pub fn of(text: &str) -> Layout {
        Layout::with_paragraphs(text, paragraphs(text))
    }

    /// [`Layout::of`] `text`, whose paragraphs, found already, are
    /// `paragraphs` (what [`paragraphs`] gives for it).
    pub fn with_paragraphs(text: &str, paragraphs: Vec<Range<usize>>) -> Layout {
        // news sentences run about 130 bytes: room for most texts' sentences
        let room = text.len() / 128 + 4;
        let mut sentences = Vec::with_capacity(room);
        let mut sentence_tokens = Vec::with_capacity(room);
        let tokens = segment::SentenceTokens::new(text);
        segment::each_sentence(text, &paragraphs, |s| {
            sentence_tokens.push(tokens.count(s.clone()) as u32);
            sentences.push(s);
        });
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

/// Common English function words: left out of keyness, alignment and
/// LSS's word vectors.
pub const STOPWORDS: &[&str] = &[
    "a", "about", "after", "against", "all", "also", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did",
    "do", "does", "during", "each", "for", "from", "had", "has", "have", "having", "he", "her",
    "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "me",
    "more", "most", "my", "no", "nor", "not", "now", "of", "on", "once", "only", "or", "other",
    "our", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that",
    "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to",
    "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "whom", "why", "will", "with", "would", "you", "your", "said", "says", "s",
    "mr", "ms", "also", "however", "one", "two",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The layout as it was found before the passes were fused: the
    /// sentences gathered per paragraph and bounded afterwards, then the
    /// tokens of each sentence counted in a pass of their own.
    fn layout_by_passes(text: &str) -> Layout {
        let paragraphs = paragraphs(text);
        let sentences = segment::tests::sentences_in_two_steps(text, &paragraphs);
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

    fn ranges(l: &Layout) -> [Vec<Range<usize>>; 3] {
        [l.paragraphs.clone(), l.sentences.clone(), l.quotes.clone()]
    }

    proptest::proptest! {
        #![proptest_config(crate::fuzz::config(1024, "tests/fixtures/proptest/layout.txt"))]

        /// One pass gives the ranges and counts the passes gave, on text
        /// of the bytes segmentation turns on: curly quotes, CJK,
        /// combining marks, CRLF and lone CR, abbreviations, and
        /// sentences long enough to be bounded at line breaks.
        #[test]
        fn one_pass_is_the_passes(
            parts in proptest::collection::vec(proptest::prop_oneof![
                "[aAmMrRUS29 .,!?'\"()\u{2026}\u{201C}\u{201D}\u{2018}\u{2019}\u{2014}\u{e9}\u{301}\u{4e2d}\u{a0}\n\r-]{0,24}",
                proptest::strategy::Just("Mr. Smith said \u{201C}no.\u{201D} Then".to_string()),
                proptest::strategy::Just("word ".repeat(230)),
                proptest::strategy::Just("\r\n".to_string()),
            ], 0..12),
            cut in 0usize..8,
        ) {
            let text = parts.concat();
            // text cut in odd places: at any character boundary near the end
            let mut end = text.len().saturating_sub(cut);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let text = &text[..end];
            let (got, want) = (Layout::of(text), layout_by_passes(text));
            proptest::prop_assert_eq!(ranges(&got), ranges(&want), "{:?}", text);
            proptest::prop_assert_eq!(got.sentence_tokens, want.sentence_tokens, "{:?}", text);
        }
    }
}
