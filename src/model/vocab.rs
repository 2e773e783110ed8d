//! Text features: word n-grams of a passage, and a vocabulary fitted on the
//! training units (document-frequency cut-offs, a cap on its size, smoothed
//! IDF weights) that turns any passage into a fixed-length TF-IDF vector.
//! The vocabulary is fitted once, on training data, and stored with the
//! model; it is never refitted on the data being scored.

use std::collections::HashMap;
use std::ops::Range;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::features::words::fold_into;
use crate::text::tokens;

/// The longest n-grams a vocabulary may hold.
pub const MAX_NGRAMS: usize = 3;

/// How text becomes n-grams and which n-grams are kept.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TextOptions {
    /// Longest n-gram (1 = words only, 2 = words and word pairs).
    pub ngrams: usize,
    /// An n-gram must occur in at least this many training units.
    pub min_df: usize,
    /// ... and in at most this share of them.
    pub max_df: f64,
    /// At most this many n-grams are kept, the most frequent first.
    pub max_features: usize,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            ngrams: 2,
            min_df: 2,
            max_df: 0.9,
            max_features: 2000,
        }
    }
}

/// The n-grams of a passage, with repeats, packed into one string (one
/// n-gram per line): a few thousand small strings per document would cost
/// more in allocation overhead than the text itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grams(String);

impl Grams {
    /// Adds one n-gram (which holds no line break).
    pub fn push(&mut self, gram: &str) {
        self.0.push_str(gram);
        self.0.push('\n');
    }

    /// The n-grams in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.split_terminator('\n')
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Grams {
    fn from_iter<I: IntoIterator<Item = S>>(it: I) -> Self {
        let mut g = Grams::default();
        for s in it {
            g.push(s.as_ref());
        }
        g
    }
}

/// Appends the word of a token as a feature to `out`: lower case, one
/// apostrophe, and numbers folded into one symbol (they rarely carry
/// framing).
fn word_into(token: &str, out: &mut String) {
    // an ASCII byte test, as the test of each character was: no byte of a
    // character beyond ASCII is a digit, a comma or a period
    if token
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
    {
        out.push_str("<num>");
    } else {
        fold_into(token, out);
    }
}

/// The n-grams of `text` within `spans` (sentences), leaving out tokens that
/// overlap a `masked` range. N-grams never cross a sentence or a masked
/// token, so a masked term leaves no trace.
pub fn ngrams(text: &str, spans: &[Range<usize>], masked: &[Range<usize>], n: usize) -> Grams {
    let mut out = Grams::default();
    // the run's words, one after the other in `words`, each at its range
    let mut words = String::new();
    let mut run: Vec<Range<usize>> = Vec::new();
    let flush = |words: &mut String, run: &mut Vec<Range<usize>>, out: &mut Grams| {
        for len in 2..=n {
            for w in run.windows(len) {
                for (i, r) in w.iter().enumerate() {
                    if i > 0 {
                        out.0.push(' ');
                    }
                    out.0.push_str(&words[r.clone()]);
                }
                out.0.push('\n');
            }
        }
        run.clear();
        words.clear();
    };
    for span in spans {
        for t in tokens(&text[span.clone()]) {
            let (s, e) = (span.start + t.start, span.start + t.end);
            if masked.iter().any(|m| m.start < e && s < m.end) {
                flush(&mut words, &mut run, &mut out);
                continue;
            }
            let start = words.len();
            word_into(&text[s..e], &mut words);
            out.push(&words[start..]);
            run.push(start..words.len());
        }
        flush(&mut words, &mut run, &mut out);
    }
    // a training unit keeps its n-grams until they are counted: without
    // the slack a growing string leaves, they take up to half the memory
    out.0.shrink_to_fit();
    out
}

/// A fitted vocabulary: the n-grams kept, in column order, with their IDF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vocabulary {
    /// How it was fitted.
    pub options: TextOptions,
    /// The n-grams, sorted.
    pub terms: Vec<String>,
    /// `ln((1 + n) / (1 + df)) + 1` per term, `n` training units.
    #[serde(deserialize_with = "super::integrity::numbers")]
    pub idf: Vec<f64>,
    #[serde(skip)]
    index: FxHashMap<String, usize>,
}

impl Vocabulary {
    /// Fits a vocabulary on the n-grams of each training unit.
    pub fn fit<'a>(units: impl Iterator<Item = &'a Grams>, options: TextOptions) -> Vocabulary {
        let mut df: HashMap<&str, usize> = HashMap::new();
        let mut n = 0usize;
        for grams in units {
            n += 1;
            let mut seen: Vec<&str> = grams.iter().collect();
            seen.sort_unstable();
            seen.dedup();
            for g in seen {
                *df.entry(g).or_insert(0) += 1;
            }
        }
        let max = (options.max_df * n as f64).floor().max(1.0) as usize;
        let mut kept: Vec<(&str, usize)> = df
            .into_iter()
            .filter(|&(_, d)| d >= options.min_df && d <= max)
            .collect();
        // Most frequent first, ties by the n-gram, so the cut is deterministic.
        kept.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        kept.truncate(options.max_features);
        kept.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let idf = kept
            .iter()
            .map(|&(_, d)| ((1.0 + n as f64) / (1.0 + d as f64)).ln() + 1.0)
            .collect();
        let mut v = Vocabulary {
            options,
            terms: kept.into_iter().map(|(t, _)| t.to_string()).collect(),
            idf,
            index: FxHashMap::default(),
        };
        v.reindex();
        v
    }

    /// A vocabulary of `terms` (sorted) with their IDF weights.
    pub fn new(options: TextOptions, terms: Vec<String>, idf: Vec<f64>) -> Vocabulary {
        let mut v = Vocabulary {
            options,
            terms,
            idf,
            index: FxHashMap::default(),
        };
        v.reindex();
        v
    }

    /// Rebuilds the term index (after deserializing).
    pub fn reindex(&mut self) {
        self.index = self
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i))
            .collect();
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether no term was kept.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Writes the L2-normalized TF-IDF vector of `grams` into `row` (zeroed,
    /// of length [`Vocabulary::len`]).
    ///
    /// Only the columns of the passage's terms can leave zero, so only they
    /// are summed (in column order) and divided: the columns left at zero
    /// would add `+0.0` to the sum and stay `+0.0` divided, so the row is
    /// the same, bit for bit, as summing and dividing all of it, at a few
    /// dozen columns a sentence rather than the vocabulary's thousands.
    pub fn transform(&self, grams: &Grams, row: &mut [f64]) {
        let mut touched = Vec::new();
        for g in grams.iter() {
            if let Some(&i) = self.index.get(g) {
                row[i] += self.idf[i];
                touched.push(i);
            }
        }
        touched.sort_unstable();
        touched.dedup();
        let norm = touched.iter().map(|&i| row[i] * row[i]).sum::<f64>().sqrt();
        if norm > 0.0 {
            touched.iter().for_each(|&i| row[i] /= norm);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ngrams` as it was written before: a string per word, each n-gram
    /// joined from them.
    fn ngrams_by_strings(
        text: &str,
        spans: &[Range<usize>],
        masked: &[Range<usize>],
        n: usize,
    ) -> Vec<String> {
        fn word(token: &str) -> String {
            if token
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
            {
                return "<num>".into();
            }
            token
                .chars()
                .flat_map(char::to_lowercase)
                .map(|c| if c == '\u{2019}' { '\'' } else { c })
                .collect()
        }
        let mut out = Vec::new();
        let mut run: Vec<String> = Vec::new();
        let flush = |run: &mut Vec<String>, out: &mut Vec<String>| {
            for len in 2..=n {
                for w in run.windows(len) {
                    out.push(w.join(" "));
                }
            }
            run.clear();
        };
        for span in spans {
            for t in tokens(&text[span.clone()]) {
                let (s, e) = (span.start + t.start, span.start + t.end);
                if masked.iter().any(|m| m.start < e && s < m.end) {
                    flush(&mut run, &mut out);
                    continue;
                }
                let w = word(&text[s..e]);
                out.push(w.clone());
                run.push(w);
            }
            flush(&mut run, &mut out);
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(crate::fuzz::config(256, "tests/fixtures/proptest/vocab.txt"))]

        /// Words with capitals, curly apostrophes, numbers and letters
        /// beyond ASCII, in sentences split at every period, with a mask:
        /// the n-grams are the ones the string-per-word road gave.
        #[test]
        fn ngrams_are_what_the_string_road_gave(
            text in "[A-Za-z\u{2019}'0-9,.É\u{130}ß \u{3A3}-]{0,80}",
            cut in 0usize..80,
            n in 1usize..=3,
        ) {
            let spans: Vec<Range<usize>> = {
                let mut out = Vec::new();
                let mut start = 0;
                for (i, c) in text.char_indices() {
                    if c == '.' {
                        out.push(start..i + 1);
                        start = i + 1;
                    }
                }
                out.push(start..text.len());
                out
            };
            let at = text.char_indices().map(|(i, _)| i).nth(cut).unwrap_or(text.len());
            let mask = at..(at + 3).min(text.len());
            let masked = std::slice::from_ref(&mask);
            let got: Vec<String> = ngrams(&text, &spans, masked, n).iter().map(String::from).collect();
            proptest::prop_assert_eq!(got, ngrams_by_strings(&text, &spans, masked, n));
        }
    }

    #[test]
    fn ngrams_respect_sentences_and_masks() {
        let text = "The Kiev regime fell. Kyiv's 2,000 troops";
        let spans = [0..21, 22..text.len()];
        let kiev = text.find("Kiev").unwrap();
        let kiev_span = kiev..kiev + 4;
        let got: Vec<String> = ngrams(text, &spans, std::slice::from_ref(&kiev_span), 2)
            .iter()
            .map(String::from)
            .collect();
        assert_eq!(
            got,
            [
                "the",
                "regime",
                "fell",
                "regime fell",
                "kyiv's",
                "<num>",
                "troops",
                "kyiv's <num>",
                "<num> troops"
            ]
        );
    }

    #[test]
    fn vocabulary_cuts_and_weighs() {
        let units: Vec<Grams> = [
            vec!["a", "b", "c"],
            vec!["a", "b"],
            vec!["a", "d"],
            vec!["a", "b", "e"],
        ]
        .into_iter()
        .map(|u| u.into_iter().collect())
        .collect();
        let opts = TextOptions {
            ngrams: 1,
            min_df: 2,
            max_df: 0.9,
            max_features: 10,
        };
        let v = Vocabulary::fit(units.iter(), opts);
        // "a" is in all 4 units (over 0.9 x 4 = 3.6), c, d, e in only one
        assert_eq!(v.terms, ["b"]);
        // idf = ln(5 / 4) + 1
        assert!((v.idf[0] - ((5.0f64 / 4.0).ln() + 1.0)).abs() < 1e-12);
        let mut row = vec![0.0];
        v.transform(&["b", "b", "z"].into_iter().collect(), &mut row);
        assert_eq!(row, [1.0], "L2-normalized");
    }

    /// `transform` as it was written before: every column summed and
    /// divided.
    fn transform_dense(v: &Vocabulary, grams: &Grams, row: &mut [f64]) {
        for g in grams.iter() {
            if let Some(&i) = v.index.get(g) {
                row[i] += v.idf[i];
            }
        }
        let norm = row.iter().map(|v| v * v).sum::<f64>().sqrt();
        if norm > 0.0 {
            row.iter_mut().for_each(|v| *v /= norm);
        }
    }

    proptest::proptest! {
        #[test]
        fn a_row_is_what_summing_and_dividing_every_column_gave(
            idf in proptest::collection::vec(
                proptest::prop_oneof![proptest::strategy::Just(0.0), proptest::strategy::Just(-0.0), -3.0..3.0f64, 1.0..1e300f64],
                1..12,
            ),
            picks in proptest::collection::vec(0usize..16, 0..30),
        ) {
            // terms "t0".."t11"; picks past the vocabulary are unknown words
            let terms: Vec<String> = (0..idf.len()).map(|i| format!("t{i}")).collect();
            let v = Vocabulary::new(TextOptions::default(), terms, idf.clone());
            let grams: Grams = picks.iter().map(|p| format!("t{p}")).collect();
            let (mut sparse, mut dense) = (vec![0.0; idf.len()], vec![0.0; idf.len()]);
            v.transform(&grams, &mut sparse);
            transform_dense(&v, &grams, &mut dense);
            let bits = |r: &[f64]| r.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            proptest::prop_assert_eq!(bits(&sparse), bits(&dense));
        }
    }

    #[test]
    fn the_cap_keeps_the_most_frequent_in_a_fixed_order() {
        let units: Vec<Grams> = (0..6)
            .map(|i| {
                if i < 3 {
                    ["x", "y", "z"].iter().collect()
                } else {
                    ["x", "y"].iter().collect()
                }
            })
            .collect();
        let opts = TextOptions {
            ngrams: 1,
            min_df: 1,
            max_df: 1.0,
            max_features: 2,
        };
        let v = Vocabulary::fit(units.iter(), opts);
        assert_eq!(v.terms, ["x", "y"]);
    }
}
