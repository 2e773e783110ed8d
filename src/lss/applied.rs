//! A corpus scored with a saved scale ([`super::saved`]), one document at
//! a time: each document's raw score and scaled words, and per outlet and
//! direction the sentences that move their documents' scores furthest
//! from the saved mean. Everything here is per document or a top-k under
//! a total order, so the scores of shards merge into the scores of the
//! whole corpus exactly.

use std::collections::BTreeMap;

use super::saved::{DocSums, ScaleIndex};

/// A sentence that may be shown as what drives its outlet's score.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Candidate {
    /// Outlet of its document.
    pub outlet: String,
    /// Whether it pushes toward the positive end (shown for an outlet
    /// that leans positive) or the negative one.
    pub positive: bool,
    /// See [`ScaleIndex::contribution`].
    pub contribution: f64,
    /// Its document's record number (place in the corpus).
    pub record: u64,
    /// Sentence number in the document.
    pub sentence: u32,
    /// Document id.
    pub id: String,
    /// The sentence, whitespace collapsed.
    pub text: String,
}

impl Candidate {
    /// The ranking: strongest first, then the earlier (record, sentence),
    /// which is the order a stable sort of the corpus's sentences keeps.
    pub fn before(&self, other: &Candidate) -> std::cmp::Ordering {
        let strength = |c: &Candidate| {
            if c.positive {
                c.contribution
            } else {
                -c.contribution
            }
        };
        strength(other)
            .total_cmp(&strength(self))
            .then_with(|| (self.record, self.sentence).cmp(&(other.record, other.sentence)))
    }
}

/// Per (outlet, direction), at most `keep` of the best candidates.
#[derive(Debug, Clone, Default)]
pub struct TopCandidates {
    keep: usize,
    lists: BTreeMap<(String, bool), Vec<Candidate>>,
}

impl TopCandidates {
    /// Keeping `keep` per outlet and direction.
    pub fn new(keep: usize) -> TopCandidates {
        TopCandidates {
            keep,
            lists: BTreeMap::new(),
        }
    }

    /// Candidates kept per outlet and direction.
    pub fn keep(&self) -> usize {
        self.keep
    }

    /// Adds a candidate.
    pub fn add(&mut self, c: Candidate) {
        let list = self
            .lists
            .entry((c.outlet.clone(), c.positive))
            .or_default();
        let at = list.partition_point(|x| x.before(&c).is_lt());
        if at < self.keep {
            list.insert(at, c);
            list.truncate(self.keep);
        }
    }

    /// The candidates of `outlet` in direction `positive`, best first.
    pub fn of(&self, outlet: &str, positive: bool) -> &[Candidate] {
        self.lists
            .get(&(outlet.to_string(), positive))
            .map_or(&[], Vec::as_slice)
    }

    /// Every candidate kept, by outlet, direction and rank.
    pub fn into_vec(self) -> Vec<Candidate> {
        self.lists.into_values().flatten().collect()
    }
}

/// A document's candidates: per direction, its `keep` sentences that move
/// its score furthest that way from the saved mean (the only ones that
/// can be among its outlet's best). `text(s)` gives sentence `s`'s text.
pub fn doc_candidates(
    index: &ScaleIndex,
    sums: &DocSums,
    (outlet, record, id): (&str, u64, &str),
    keep: usize,
    text: impl Fn(u32) -> String,
) -> Vec<Candidate> {
    let mut top = TopCandidates::new(keep);
    for &(s, sum, n) in &sums.sentences {
        let contribution = index.contribution(sum, n, sums.words);
        if contribution == 0.0 || contribution.is_nan() {
            continue;
        }
        top.add(Candidate {
            outlet: outlet.to_string(),
            positive: contribution > 0.0,
            contribution,
            record,
            sentence: s,
            id: id.to_string(),
            text: String::new(),
        });
    }
    let mut out = top.into_vec();
    for c in &mut out {
        c.text = text(c.sentence);
    }
    out
}

/// What a corpus scored with a saved scale leaves: every document in
/// order, and the best candidates.
#[derive(Debug, Clone, Default)]
pub struct ScoredDocs {
    /// Document ids, in corpus order.
    pub ids: Vec<String>,
    /// Each document's outlet.
    pub outlets: Vec<String>,
    /// Each document's raw score (`None`: no scaled word) and scaled
    /// words.
    pub docs: Vec<(Option<f64>, u64)>,
    /// The best candidates per outlet and direction.
    pub candidates: TopCandidates,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(outlet: &str, contribution: f64, record: u64, sentence: u32) -> Candidate {
        Candidate {
            outlet: outlet.into(),
            positive: contribution > 0.0,
            contribution,
            record,
            sentence,
            id: format!("d{record}"),
            text: String::new(),
        }
    }

    #[test]
    fn the_top_is_the_same_whatever_the_order_of_adding() {
        let all = [
            c("A", 0.5, 3, 0),
            c("A", 0.5, 1, 2),
            c("A", 0.9, 7, 1),
            c("A", 0.1, 0, 0),
            c("A", -0.4, 2, 0),
            c("B", 0.2, 5, 0),
        ];
        let top = |order: &[usize]| {
            let mut t = TopCandidates::new(2);
            for &i in order {
                t.add(all[i].clone());
            }
            t.into_vec()
        };
        let a = top(&[0, 1, 2, 3, 4, 5]);
        assert_eq!(a, top(&[5, 4, 3, 2, 1, 0]));
        assert_eq!(a, top(&[3, 0, 5, 2, 4, 1]));
        // A's positive: 0.9, then the tie at 0.5 goes to record 1.
        let got: Vec<(&str, bool, u64)> = a
            .iter()
            .map(|c| (c.outlet.as_str(), c.positive, c.record))
            .collect();
        assert_eq!(
            got,
            vec![
                ("A", false, 2),
                ("A", true, 7),
                ("A", true, 1),
                ("B", true, 5)
            ]
        );
    }
}
