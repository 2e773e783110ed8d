//! The same fact, told by each outlet: sentences from different outlets
//! that report the same thing, found by what they share (numbers and dates,
//! names, content words, each weighted by how rare it is), grouped so that
//! a group holds at most one sentence per outlet, and laid side by side
//! with their framing terms and how far their framing diverges.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::ngrams::{fold_word, STOPWORDS};
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
    for (i, t) in tokens(sentence).enumerate() {
        let tok = &sentence[t];
        let digits: String = tok.chars().filter(char::is_ascii_digit).collect();
        if !digits.is_empty() && digits.len() * 2 >= tok.len() {
            keys.push(format!("#{digits}"));
            continue;
        }
        let w = fold_word(tok);
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

/// A lexicon match in an aligned sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// Its slant index on the axis (0 without pole terms).
    pub score: f64,
    /// Fact keys, interned.
    #[serde(skip)]
    pub keys: Vec<u32>,
}

/// Collects candidates as documents stream past.
#[derive(Debug, Default)]
pub struct Aligner {
    ids: HashMap<String, u32>,
    kinds: Vec<f64>,
    names: Vec<bool>,
    /// The candidates, in input order.
    pub candidates: Vec<Candidate>,
    /// Sentences left out by the cap.
    pub dropped: u64,
}

/// One group of aligned sentences.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// 1-based group number.
    pub group: usize,
    /// Its sentences, one per outlet, ordered by outlet name.
    pub members: Vec<Candidate>,
    /// Mean pairwise similarity of its members.
    pub similarity: f64,
    /// Highest minus lowest slant index of its members (0 to 2).
    pub divergence: f64,
}

impl Aligner {
    /// Adds a sentence with its fact keys, unless the cap is reached.
    pub fn add(&mut self, mut c: Candidate, keys: Vec<String>, max: usize) {
        if self.candidates.len() >= max {
            self.dropped += 1;
            return;
        }
        c.keys = keys
            .into_iter()
            .map(|k| {
                let next = self.ids.len() as u32;
                *self.ids.entry(k.clone()).or_insert_with(|| {
                    self.kinds.push(kind_weight(&k));
                    self.names.push(k.starts_with('@'));
                    next
                })
            })
            .collect();
        c.keys.sort_unstable();
        self.candidates.push(c);
    }

    /// Groups the candidates.
    pub fn groups(self, opts: &AlignOptions) -> Vec<Group> {
        let n = self.candidates.len();
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); self.kinds.len()];
        for (i, c) in self.candidates.iter().enumerate() {
            for &k in &c.keys {
                postings[k as usize].push(i as u32);
            }
        }
        let idf: Vec<f64> = postings
            .iter()
            .map(|p| (n as f64 / p.len().max(1) as f64).ln().max(0.0))
            .collect();
        let weight = |k: u32| idf[k as usize] * self.kinds[k as usize];
        let norm: Vec<f64> = self
            .candidates
            .iter()
            .map(|c| {
                c.keys
                    .iter()
                    .map(|&k| weight(k).powi(2))
                    .sum::<f64>()
                    .sqrt()
            })
            .collect();
        // Pairs of sentences from different outlets sharing a rare key are
        // candidates; their similarity is the weighted cosine over all keys.
        let mut candidates: Vec<(u32, u32)> = Vec::new();
        for list in &postings {
            if list.len() < 2 || list.len() > opts.max_postings {
                continue;
            }
            for (x, &i) in list.iter().enumerate() {
                for &j in &list[x + 1..] {
                    if self.candidates[i as usize].outlet != self.candidates[j as usize].outlet {
                        candidates.push((i, j));
                    }
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let sim = |i: u32, j: u32| -> f64 {
            let (a, b) = (
                &self.candidates[i as usize].keys,
                &self.candidates[j as usize].keys,
            );
            let (mut x, mut y, mut shared, mut facts) = (0, 0, 0.0, 0);
            while x < a.len() && y < b.len() {
                match a[x].cmp(&b[y]) {
                    std::cmp::Ordering::Less => x += 1,
                    std::cmp::Ordering::Greater => y += 1,
                    std::cmp::Ordering::Equal => {
                        shared += weight(a[x]).powi(2);
                        if !self.names[a[x] as usize] {
                            facts += 1;
                        }
                        x += 1;
                        y += 1;
                    }
                }
            }
            // The same people are not yet the same fact: a number or a
            // content word must be shared too.
            let d = norm[i as usize] * norm[j as usize];
            if d > 0.0 && facts > 0 {
                shared / d
            } else {
                0.0
            }
        };
        let mut pairs: Vec<(f64, u32, u32)> = candidates
            .par_iter()
            .map(|&(i, j)| (sim(i, j), i, j))
            .filter(|p| p.0 >= opts.threshold)
            .collect();
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut group_of: Vec<Option<usize>> = vec![None; n];
        let mut groups: Vec<Vec<u32>> = Vec::new();
        let outlet = |i: u32| self.candidates[i as usize].outlet.as_str();
        for (_, i, j) in pairs {
            match (group_of[i as usize], group_of[j as usize]) {
                (None, None) => {
                    group_of[i as usize] = Some(groups.len());
                    group_of[j as usize] = Some(groups.len());
                    groups.push(vec![i, j]);
                }
                (Some(g), None) | (None, Some(g)) => {
                    let new = if group_of[i as usize].is_none() { i } else { j };
                    let members = &groups[g];
                    let fits = members.iter().all(|&m| outlet(m) != outlet(new))
                        && members.iter().map(|&m| sim(m, new)).sum::<f64>() / members.len() as f64
                            >= opts.threshold;
                    if fits {
                        group_of[new as usize] = Some(g);
                        groups[g].push(new);
                    }
                }
                (Some(_), Some(_)) => {}
            }
        }
        let mut out: Vec<Group> = groups
            .into_iter()
            .map(|mut ids| {
                ids.sort_by(|&a, &b| outlet(a).cmp(outlet(b)));
                let mut total = 0.0;
                let mut count = 0;
                for (x, &a) in ids.iter().enumerate() {
                    for &b in &ids[x + 1..] {
                        total += sim(a, b);
                        count += 1;
                    }
                }
                let members: Vec<Candidate> = ids
                    .iter()
                    .map(|&i| self.candidates[i as usize].clone())
                    .collect();
                let (lo, hi) = members
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), m| {
                        (l.min(m.score), h.max(m.score))
                    });
                Group {
                    group: 0,
                    similarity: total / count.max(1) as f64,
                    divergence: hi - lo,
                    members,
                }
            })
            .collect();
        // Most outlets first, then the closest match, then input order.
        out.sort_by(|a, b| {
            b.members
                .len()
                .cmp(&a.members.len())
                .then(b.similarity.total_cmp(&a.similarity))
                .then(
                    (&a.members[0].doc_id, a.members[0].sentence)
                        .cmp(&(&b.members[0].doc_id, b.members[0].sentence)),
                )
        });
        for (k, g) in out.iter_mut().enumerate() {
            g.group = k + 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(outlet: &str, text: &str) -> (Candidate, Vec<String>) {
        (
            Candidate {
                outlet: outlet.into(),
                doc_id: format!("{outlet}-1"),
                sentence: 0,
                text: text.into(),
                terms: Vec::new(),
                score: 0.0,
                keys: Vec::new(),
            },
            fact_keys(text),
        )
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

    #[test]
    fn the_same_fact_is_grouped_and_unrelated_sentences_are_not() {
        let mut a = Aligner::default();
        for (o, t) in [
            ("Bloomberg", "Crimea was taken by the Kremlin in 2014 following an invasion and subsequent referendum held under occupation."),
            ("Caliber", "Crimea was annexed by Russia in 2014 following an invasion and a disputed referendum held under occupation."),
            ("RT", "The peninsula overwhelmingly voted to join Russia in 2014 following a Western-backed coup in Kiev."),
            ("RT", "Trump said the talks were going well in Washington on Friday."),
            ("Bloomberg", "Markets rallied as oil prices fell sharply in Asian trading."),
            ("Caliber", "The weather in Baku was sunny for the holiday weekend."),
            ("AP", "Lawmakers debated the budget bill late into the night."),
            ("AP", "The central bank held interest rates steady this month."),
            ("Reuters", "Shares of the carmaker jumped after strong quarterly sales."),
            ("Reuters", "A storm closed schools across the northern region."),
            ("DW", "The festival drew record crowds to the old town square."),
            ("DW", "Train strikes disrupted travel across the country on Monday."),
        ] {
            let (c, k) = cand(o, t);
            a.add(c, k, 100);
        }
        let groups = a.groups(&AlignOptions::default());
        assert_eq!(groups.len(), 1, "{groups:#?}");
        let outlets: Vec<&str> = groups[0]
            .members
            .iter()
            .map(|m| m.outlet.as_str())
            .collect();
        assert_eq!(outlets, ["Bloomberg", "Caliber", "RT"]);
    }

    #[test]
    fn a_group_holds_one_sentence_per_outlet_and_the_cap_is_counted() {
        let mut a = Aligner::default();
        for (o, t) in [
            ("A", "Russia fired 35 missiles at Sumy on Sunday morning."),
            (
                "A",
                "Russia fired 35 missiles at Sumy, officials said on Sunday.",
            ),
            ("B", "Russian forces fired 35 missiles at Sumy on Sunday."),
        ] {
            let (c, k) = cand(o, t);
            a.add(c, k, 2);
        }
        assert_eq!(a.dropped, 1);
        let groups = a.groups(&AlignOptions::default());
        for g in &groups {
            let mut o: Vec<&str> = g.members.iter().map(|m| m.outlet.as_str()).collect();
            o.dedup();
            assert_eq!(o.len(), g.members.len());
        }
    }
}
