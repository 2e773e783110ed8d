//! Sentences that may be aligned across outlets ("the same fact, told by
//! each outlet"): each reduced to its fact keys (numbers and dates, names,
//! content words) as the corpus streams past. Grouping them is the scores
//! stage's work (`scores::compare::align`).

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use crate::features::words::{fold_into, is_stopword};
use crate::features::AxisTally;
use crate::text::tokens;

/// How sentences are aligned.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AlignOptions {
    /// Weighted cosine similarity a pair needs, and a sentence's mean
    /// similarity to a group's members to join it (default 0.2).
    pub threshold: f64,
    /// Only keys in at most this many sentences propose pairs; similarity
    /// itself counts every key (default 50).
    pub max_postings: usize,
    /// At most this many sentences are considered, in input order
    /// (default 100,000); the report says when the cap is reached.
    pub max_sentences: usize,
    /// Sentences with fewer word tokens are left out (default 6).
    pub min_tokens: usize,
}

impl Default for AlignOptions {
    fn default() -> Self {
        AlignOptions {
            threshold: 0.2,
            max_postings: 50,
            max_sentences: 100_000,
            min_tokens: 6,
        }
    }
}

/// What a key is, and its weight beside its rarity.
fn kind_weight(key: &str) -> f64 {
    match key.as_bytes().first() {
        Some(b'#') => 2.0,
        Some(b'@') => 1.5,
        _ => 1.0,
    }
}

/// The fact keys of a sentence: `#<number>`, `@<name>` for capitalized
/// words not at the start, and other content words (lower case, not
/// function words, a plural `s` dropped).
pub fn fact_keys(sentence: &str) -> Vec<String> {
    let mut keys = Vec::new();
    // one buffer for every token's folded form: only kept keys allocate
    let mut folded = String::new();
    for (i, t) in tokens(sentence).enumerate() {
        let tok = &sentence[t];
        // an ASCII digit is one byte, and no byte of another character is one
        let digits = tok.bytes().filter(u8::is_ascii_digit).count();
        if digits > 0 && digits * 2 >= tok.len() {
            let mut key = String::with_capacity(digits + 1);
            key.push('#');
            key.extend(tok.chars().filter(char::is_ascii_digit));
            keys.push(key);
            continue;
        }
        folded.clear();
        fold_into(tok, &mut folded);
        let w = folded.strip_suffix("'s").unwrap_or(&folded);
        if w.chars().count() < 3 || is_stopword(w) {
            continue;
        }
        if i > 0 && tok.chars().next().is_some_and(char::is_uppercase) {
            keys.push(format!("@{w}"));
            continue;
        }
        let stem = match w.strip_suffix('s') {
            Some(s) if s.len() > 3 && !s.ends_with('s') => s,
            _ => w,
        };
        keys.push(stem.to_string());
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// A lexicon match in an aligned sentence.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct AlignedTerm {
    /// The matched text.
    pub text: String,
    /// Pole ids on the axis, `|`-separated (empty: none).
    pub pole: String,
    /// Byte offset in the sentence.
    pub start: usize,
    /// Where it ends.
    pub end: usize,
}

/// A sentence that may be aligned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// Outlet.
    pub outlet: String,
    /// Document id.
    pub doc_id: String,
    /// Sentence index.
    pub sentence: u32,
    /// The sentence.
    pub text: String,
    /// Its lexicon matches.
    pub terms: Vec<AlignedTerm>,
    /// Its voice-weighted pole matches on the axis (`None` without an axis).
    #[serde(skip)]
    pub tally: Option<AxisTally>,
    /// Fact keys, interned.
    #[serde(skip)]
    pub keys: Vec<u32>,
}

/// Sentences that may be aligned, gathered as documents stream past, with
/// their fact keys interned.
#[derive(Debug, Clone, Default)]
pub struct SentencePool {
    ids: HashMap<String, u32>,
    /// Per key id, its weight beside its rarity (numbers count most).
    pub kinds: Vec<f64>,
    /// Per key id, whether it is a name (`@...`).
    pub names: Vec<bool>,
    /// The candidates, in input order.
    pub candidates: Vec<Candidate>,
    /// Sentences left out by the cap.
    pub dropped: u64,
}

impl SentencePool {
    /// Adds a sentence with its fact keys, unless the cap is reached.
    pub fn add(&mut self, mut c: Candidate, keys: Vec<String>, max: usize) {
        if self.candidates.len() >= max {
            self.dropped += 1;
            return;
        }
        c.keys = keys
            .into_iter()
            .map(|k| match self.ids.get(&k) {
                Some(&id) => id,
                None => {
                    let id = self.ids.len() as u32;
                    self.kinds.push(kind_weight(&k));
                    self.names.push(k.starts_with('@'));
                    self.ids.insert(k, id);
                    id
                }
            })
            .collect();
        c.keys.sort_unstable();
        self.candidates.push(c);
    }

    /// Counts `n` sentences left out by the cap, which is reached.
    pub fn leave_out(&mut self, n: u64) {
        self.dropped += n;
    }
}

#[cfg(test)]
mod tests {
    use super::super::ngrams::STOPWORDS;
    use super::*;

    /// `fact_keys` as it was written before: strings for every token.
    fn fact_keys_by_strings(sentence: &str) -> Vec<String> {
        let mut keys = Vec::new();
        for (i, t) in tokens(sentence).enumerate() {
            let tok = &sentence[t];
            let digits: String = tok.chars().filter(char::is_ascii_digit).collect();
            if !digits.is_empty() && digits.len() * 2 >= tok.len() {
                keys.push(format!("#{digits}"));
                continue;
            }
            let w: String = tok
                .chars()
                .flat_map(char::to_lowercase)
                .map(|c| if c == '\u{2019}' { '\'' } else { c })
                .collect();
            let w = w.strip_suffix("'s").unwrap_or(&w).to_string();
            if w.chars().count() < 3 || STOPWORDS.contains(&w.as_str()) {
                continue;
            }
            if i > 0 && tok.chars().next().is_some_and(char::is_uppercase) {
                keys.push(format!("@{w}"));
                continue;
            }
            let stem = match w.strip_suffix('s') {
                Some(s) if s.len() > 3 && !s.ends_with('s') => s.to_string(),
                _ => w,
            };
            keys.push(stem);
        }
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    proptest::proptest! {
        #![proptest_config(crate::fuzz::config(512, "tests/fixtures/proptest/fact_keys.txt"))]

        /// Sentences of words (function words among them), names,
        /// plurals, possessives, numbers and letters beyond ASCII: the
        /// keys are the ones the string-per-token road gave.
        #[test]
        fn fact_keys_are_what_the_string_road_gave(
            words in proptest::collection::vec(
                "(The|the|said|Kiev|Kyiv\u{2019}s|talks|class|2014|17,000|a1b2c|ÉLYSÉE|\u{130}stanbul|bus|ss|[A-Za-z]{1,6}s?)",
                0..14,
            ),
        ) {
            let sentence = words.join(" ");
            proptest::prop_assert_eq!(fact_keys(&sentence), fact_keys_by_strings(&sentence));
        }
    }

    #[test]
    fn fact_keys_table() {
        assert_eq!(
            fact_keys("Crimea was annexed by Russia in 2014 following an invasion."),
            [
                "#2014",
                "@russia",
                "annexed",
                "crimea",
                "following",
                "invasion"
            ]
        );
        assert_eq!(fact_keys("On April 17, talks"), ["#17", "@april", "talk"]);
    }
}
