//! The sentence-by-word count matrix LSS factorizes: each sentence of the
//! corpus a row, each kept word a column, stored sparse (compressed rows).
//! Words are the lower-cased word tokens of [`crate::text::tokens`], with
//! one apostrophe form; numbers, one-letter tokens and common function
//! words are left out, and so are words seen fewer than `min_count` times
//! in the whole corpus (LSX's tutorial trims at 5 as well).

use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;

use crate::text::tokens;

/// Words left out of the matrix besides the shared function words
/// ([`crate::text::STOPWORDS`], the keyness tables' list): a few
/// contractions and modal verbs. Function words are everywhere and
/// would pull every word vector toward one direction.
pub const MORE_STOPWORDS: &[&str] = &[
    "mrs", "it's", "he's", "she's", "that's", "don't", "didn't", "doesn't", "isn't", "wasn't",
    "can't", "won't", "i'm", "we're", "they're", "may", "might", "must", "us", "am", "let", "yet",
    "many", "much", "like", "get", "got",
];

/// A word as LSS counts it: lower case, one apostrophe form (the model's
/// tokenizer folds words the same way, `model::vocab`).
pub fn fold(token: &str) -> String {
    token
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == '\u{2019}' { '\'' } else { c })
        .collect()
}

/// Whether a folded word is kept as a column (before the count cut-off).
pub fn is_content(word: &str) -> bool {
    let mut chars = word.chars();
    let one_char = chars.next().is_some() && chars.next().is_none();
    !one_char
        && word.chars().any(char::is_alphabetic)
        && !word.chars().next().is_some_and(|c| c.is_ascii_digit())
        && !crate::text::STOPWORDS.contains(&word)
        && !MORE_STOPWORDS.contains(&word)
}

/// The content words of each sentence span of `text`, folded.
pub fn sentence_words(text: &str, spans: &[Range<usize>]) -> Vec<Vec<String>> {
    spans
        .iter()
        .map(|s| {
            tokens(&text[s.clone()])
                .map(|t| fold(&text[s.start + t.start..s.start + t.end]))
                .filter(|w| is_content(w))
                .collect()
        })
        .collect()
}

/// A sparse matrix in compressed rows: row `r` holds the columns
/// `cols[ptr[r]..ptr[r + 1]]` (ascending) with counts `vals[..]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Csr {
    /// Row starts, one more than the rows.
    pub ptr: Vec<usize>,
    /// Column of each stored value.
    pub cols: Vec<u32>,
    /// The stored values.
    pub vals: Vec<f64>,
    /// Number of columns.
    pub ncols: usize,
}

impl Csr {
    /// A matrix of no rows and `ncols` columns.
    pub fn empty(ncols: usize) -> Csr {
        Csr {
            ptr: vec![0],
            cols: Vec::new(),
            vals: Vec::new(),
            ncols,
        }
    }

    /// Number of rows.
    pub fn nrows(&self) -> usize {
        self.ptr.len() - 1
    }

    /// Appends a row of (column, value) pairs; columns need not be sorted
    /// and may repeat (repeats add up).
    pub fn push_row(&mut self, mut entries: Vec<(u32, f64)>) {
        entries.sort_unstable_by_key(|e| e.0);
        for (c, v) in entries {
            if self.cols.len() > *self.ptr.last().unwrap_or(&0) && self.cols.last() == Some(&c) {
                if let Some(last) = self.vals.last_mut() {
                    *last += v;
                }
            } else {
                self.cols.push(c);
                self.vals.push(v);
            }
        }
        self.ptr.push(self.cols.len());
    }

    /// The (columns, values) of row `r`.
    pub fn row(&self, r: usize) -> (&[u32], &[f64]) {
        let span = self.ptr[r]..self.ptr[r + 1];
        (&self.cols[span.clone()], &self.vals[span])
    }
}

/// The corpus as LSS sees it: the sentence-by-word counts, which document
/// each sentence is from, and the words of the columns.
#[derive(Debug, Clone)]
pub struct SentenceMatrix {
    /// Sentences by words.
    pub counts: Csr,
    /// Document index of each row.
    pub doc_of: Vec<u32>,
    /// Sentence number (within its document) of each row.
    pub sentence_of: Vec<u32>,
    /// Number of documents, those without any kept word included.
    pub documents: usize,
    /// The word of each column, in first-seen order.
    pub words: Vec<String>,
    /// Corpus count of each column's word.
    pub frequency: Vec<u64>,
}

/// Gathers documents' sentences one at a time, interning words in the
/// order they are first seen (so that the matrix does not depend on
/// thread count or hash order).
#[derive(Debug, Default)]
pub struct MatrixBuilder {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    frequency: Vec<u64>,
    rows: Csr,
    doc_of: Vec<u32>,
    sentence_of: Vec<u32>,
    documents: usize,
}

impl MatrixBuilder {
    /// An empty builder.
    pub fn new() -> MatrixBuilder {
        MatrixBuilder {
            rows: Csr::empty(0),
            ..MatrixBuilder::default()
        }
    }

    /// Adds one document, given the content words of its sentences
    /// ([`sentence_words`]); returns its index. Sentences without a word
    /// are not rows.
    pub fn add_document(&mut self, sentences: Vec<Vec<String>>) -> usize {
        let doc = self.documents;
        self.documents += 1;
        for (s, words) in sentences.into_iter().enumerate() {
            if words.is_empty() {
                continue;
            }
            let entries = words.into_iter().map(|w| (self.intern(w), 1.0)).collect();
            self.rows.push_row(entries);
            self.doc_of.push(doc as u32);
            self.sentence_of.push(s as u32);
        }
        doc
    }

    fn intern(&mut self, w: String) -> u32 {
        let id = match self.ids.get(&w) {
            Some(&id) => id,
            None => {
                let id = self.words.len() as u32;
                self.words.push(w.clone());
                self.frequency.push(0);
                self.ids.insert(w, id);
                id
            }
        };
        self.frequency[id as usize] += 1;
        id
    }

    /// The matrix, with the columns of words seen fewer than `min_count`
    /// times dropped (and sentences left without a word dropped too).
    pub fn finish(self, min_count: u64) -> SentenceMatrix {
        let mut remap = vec![None; self.words.len()];
        let mut words = Vec::new();
        let mut frequency = Vec::new();
        for (i, (w, &f)) in self.words.into_iter().zip(&self.frequency).enumerate() {
            if f >= min_count {
                remap[i] = Some(words.len() as u32);
                words.push(w);
                frequency.push(f);
            }
        }
        let (counts, doc_of, sentence_of, _) = remap_rows(
            &self.rows,
            &self.doc_of,
            &self.sentence_of,
            &remap,
            words.len(),
        );
        SentenceMatrix {
            counts,
            doc_of,
            sentence_of,
            documents: self.documents,
            words,
            frequency,
        }
    }
}

impl SentenceMatrix {
    /// The same sentences on the columns of `words` (another corpus's
    /// vocabulary, e.g. a background corpus's): words not among them
    /// dropped, and sentences left without a word with them. Frequencies
    /// are counted in this matrix.
    pub fn on_vocabulary(&self, words: &[String]) -> SentenceMatrix {
        let at: HashMap<&str, u32> = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.as_str(), i as u32))
            .collect();
        let remap: Vec<Option<u32>> = self
            .words
            .iter()
            .map(|w| at.get(w.as_str()).copied())
            .collect();
        let (counts, doc_of, sentence_of, frequency) = remap_rows(
            &self.counts,
            &self.doc_of,
            &self.sentence_of,
            &remap,
            words.len(),
        );
        SentenceMatrix {
            counts,
            doc_of,
            sentence_of,
            documents: self.documents,
            words: words.to_vec(),
            frequency,
        }
    }
}

/// The rows of `rows` on new columns, column `c` becoming `remap[c]`
/// (`None` drops it), and the sentences left without a column dropped:
/// the new rows, their documents and sentence numbers, and each new
/// column's count.
fn remap_rows(
    rows: &Csr,
    doc_of: &[u32],
    sentence_of: &[u32],
    remap: &[Option<u32>],
    ncols: usize,
) -> (Csr, Vec<u32>, Vec<u32>, Vec<u64>) {
    let mut counts = Csr::empty(ncols);
    let mut frequency = vec![0u64; ncols];
    let (mut docs, mut sentences) = (Vec::new(), Vec::new());
    for r in 0..rows.nrows() {
        let (cols, vals) = rows.row(r);
        let kept: Vec<(u32, f64)> = cols
            .iter()
            .zip(vals)
            .filter_map(|(c, v)| remap[*c as usize].map(|n| (n, *v)))
            .collect();
        if kept.is_empty() {
            continue;
        }
        for &(c, v) in &kept {
            frequency[c as usize] += v as u64;
        }
        counts.push_row(kept);
        docs.push(doc_of[r]);
        sentences.push(sentence_of[r]);
    }
    (counts, docs, sentences, frequency)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &[&str]) -> Vec<String> {
        s.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn content_words_leave_out_function_words_numbers_and_letters() {
        let text = "The U.S. Army's 2,000 troops left Kyiv\u{2019}s port. A b c.";
        let spans = crate::text::sentences(text);
        let got = sentence_words(text, &spans);
        assert_eq!(
            got[0],
            words(&["u.s.", "army's", "troops", "left", "kyiv's", "port"])
        );
        assert!(
            got[1].is_empty(),
            "one-letter tokens are not words: {:?}",
            got[1]
        );
    }

    #[test]
    fn rare_words_and_empty_sentences_drop_out() {
        let mut b = MatrixBuilder::new();
        b.add_document(vec![words(&["war", "peace", "war"]), words(&["rare"])]);
        b.add_document(vec![vec![], words(&["peace"])]);
        let m = b.finish(2);
        assert_eq!(m.words, words(&["war", "peace"]));
        assert_eq!(m.frequency, vec![2, 2]);
        assert_eq!(m.documents, 2);
        // Row 0: war x2, peace x1; the "rare" sentence is gone; doc 1's
        // second sentence is row 1.
        assert_eq!(m.counts.row(0), (&[0u32, 1][..], &[2.0, 1.0][..]));
        assert_eq!(m.counts.row(1), (&[1u32][..], &[1.0][..]));
        assert_eq!(m.doc_of, vec![0, 1]);
        assert_eq!(m.sentence_of, vec![0, 1]);
    }

    #[test]
    fn another_vocabulary_keeps_its_words_in_its_order() {
        let mut b = MatrixBuilder::new();
        b.add_document(vec![words(&["war", "peace", "war"]), words(&["rare"])]);
        b.add_document(vec![words(&["peace", "truce"])]);
        let m = b.finish(1).on_vocabulary(&words(&["truce", "war", "calm"]));
        // Row 0: war x2 (column 1); "rare" alone leaves its sentence empty.
        assert_eq!(m.counts.row(0), (&[1u32][..], &[2.0][..]));
        assert_eq!(m.counts.row(1), (&[0u32][..], &[1.0][..]));
        assert_eq!((m.doc_of, m.sentence_of), (vec![0, 1], vec![0, 0]));
        assert_eq!(m.frequency, vec![1, 2, 0]);
        assert_eq!(m.documents, 2);
    }
}
