//! The same fact, told by each outlet: sentences from different outlets
//! that report the same thing, found by what they share (numbers and dates,
//! names, content words, each weighted by how rare it is), grouped so that
//! a group holds at most one sentence per outlet, and laid side by side
//! with their framing terms and how far their framing diverges.

use rayon::prelude::*;
use serde::Serialize;

use crate::aggregate::sentences::{AlignOptions, AlignedTerm, Candidate, SentencePool};

/// An aligned sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
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
    /// Its slant index on the axis; `None` without a pole match: a
    /// sentence that takes no stance in the lexicon's terms is no evidence
    /// of where its outlet stands, not a neutral 0 (as document and outlet
    /// scores are left empty).
    pub score: Option<f64>,
}

impl Member {
    fn of(c: &Candidate, score: Option<f64>) -> Member {
        Member {
            outlet: c.outlet.clone(),
            doc_id: c.doc_id.clone(),
            sentence: c.sentence,
            text: c.text.clone(),
            terms: c.terms.clone(),
            score,
        }
    }
}

/// One group of aligned sentences.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// 1-based group number.
    pub group: usize,
    /// Its sentences, one per outlet, ordered by outlet name.
    pub members: Vec<Member>,
    /// Mean pairwise similarity of its members.
    pub similarity: f64,
    /// Highest minus lowest slant index of its members that have one (0 to
    /// 2); `None` when fewer than two have one. A sentence without a pole
    /// match does not count: read as 0, it would make a group of one
    /// Ukraine-leaning sentence and three silent ones diverge as much as a
    /// group of two opposed sentences.
    pub divergence: Option<f64>,
}

/// Groups the sentences of `pool`; `score` gives a sentence's slant index,
/// `None` when it has no pole match.
pub fn groups(
    pool: &SentencePool,
    opts: &AlignOptions,
    score: impl Fn(&Candidate) -> Option<f64>,
) -> Vec<Group> {
    let keys = WeightedKeys::of(pool);
    let pairs = close_pairs(
        &keys,
        &keys.candidate_pairs(opts.max_postings),
        opts.threshold,
    );
    let mut out: Vec<Group> = greedy_groups(&keys, pairs, opts.threshold)
        .into_iter()
        .map(|ids| group(&keys, ids, &score))
        .collect();
    number_in_order(&mut out);
    out
}

/// The sentences' fact keys, each weighted by how rare it is (idf) times
/// its kind's weight, and the similarity of two sentences over them.
struct WeightedKeys<'a> {
    pool: &'a SentencePool,
    /// Per key, the sentences holding it, in pool order.
    postings: Vec<Vec<u32>>,
    /// Per key, its inverse document frequency (0 for keys in every sentence).
    idf: Vec<f64>,
    /// Per sentence, the length of its weighted key vector.
    norm: Vec<f64>,
}

impl<'a> WeightedKeys<'a> {
    fn of(pool: &'a SentencePool) -> WeightedKeys<'a> {
        let n = pool.candidates.len();
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); pool.kinds.len()];
        for (i, c) in pool.candidates.iter().enumerate() {
            for &k in &c.keys {
                postings[k as usize].push(i as u32);
            }
        }
        let idf: Vec<f64> = postings
            .iter()
            .map(|p| (n as f64 / p.len().max(1) as f64).ln().max(0.0))
            .collect();
        // The norms read the weights, so they are filled in last.
        let mut keys = WeightedKeys {
            pool,
            postings,
            idf,
            norm: Vec::new(),
        };
        keys.norm = pool
            .candidates
            .iter()
            .map(|c| {
                c.keys
                    .iter()
                    .map(|&k| keys.weight(k).powi(2))
                    .sum::<f64>()
                    .sqrt()
            })
            .collect();
        keys
    }

    fn weight(&self, k: u32) -> f64 {
        self.idf[k as usize] * self.pool.kinds[k as usize]
    }

    fn outlet(&self, i: u32) -> &str {
        self.pool.candidates[i as usize].outlet.as_str()
    }

    /// Pairs of sentences from different outlets sharing a rare key (one in
    /// at most `max_postings` sentences), each once, sorted. Only these are
    /// scored, so that a common key does not pair everything with
    /// everything; their similarity then counts every key.
    fn candidate_pairs(&self, max_postings: usize) -> Vec<(u32, u32)> {
        let mut candidates: Vec<(u32, u32)> = Vec::new();
        for list in &self.postings {
            if list.len() < 2 || list.len() > max_postings {
                continue;
            }
            for (x, &i) in list.iter().enumerate() {
                for &j in &list[x + 1..] {
                    if self.outlet(i) != self.outlet(j) {
                        candidates.push((i, j));
                    }
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
    }

    /// The weighted cosine of sentences `i` and `j` over all their keys,
    /// and how many keys they share.
    fn overlap(&self, i: u32, j: u32) -> (f64, usize) {
        let (a, b) = (
            &self.pool.candidates[i as usize].keys,
            &self.pool.candidates[j as usize].keys,
        );
        let (mut x, mut y, mut shared, mut keys, mut facts) = (0, 0, 0.0, 0, 0);
        while x < a.len() && y < b.len() {
            match a[x].cmp(&b[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    shared += self.weight(a[x]).powi(2);
                    keys += 1;
                    if !self.pool.names[a[x] as usize] {
                        facts += 1;
                    }
                    x += 1;
                    y += 1;
                }
            }
        }
        // The same people are not yet the same fact: a number or a
        // content word must be shared too.
        let d = self.norm[i as usize] * self.norm[j as usize];
        let sim = if d > 0.0 && facts > 0 {
            shared / d
        } else {
            0.0
        };
        (sim, keys)
    }

    /// The weighted cosine of sentences `i` and `j` over all their keys.
    fn sim(&self, i: u32, j: u32) -> f64 {
        self.overlap(i, j).0
    }
}

/// The `candidates` at least `threshold` similar and sharing two keys or
/// more, as (similarity, i, j), most similar first, ties in sentence order.
///
/// One shared thing, however rare, is not yet the same fact: two short
/// sentences sharing only "10,000" (a storm's fallen trees, a bank
/// withdrawal) are close by cosine alone. Such a pair proposes no group;
/// a sentence that joins a group through another pair still has its
/// similarity to every member counted.
fn close_pairs(
    keys: &WeightedKeys,
    candidates: &[(u32, u32)],
    threshold: f64,
) -> Vec<(f64, u32, u32)> {
    let mut pairs: Vec<(f64, u32, u32)> = candidates
        .par_iter()
        .filter_map(|&(i, j)| {
            let (sim, shared) = keys.overlap(i, j);
            (sim >= threshold && shared >= 2).then_some((sim, i, j))
        })
        .collect();
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    pairs
}

/// Groups of sentence indices, built greedily from the closest `pairs`: a
/// pair of ungrouped sentences opens a group; a sentence joins its
/// partner's group when that group has no sentence of its outlet and it is
/// on average at least `threshold` similar to the members.
fn greedy_groups(
    keys: &WeightedKeys,
    pairs: Vec<(f64, u32, u32)>,
    threshold: f64,
) -> Vec<Vec<u32>> {
    let mut group_of: Vec<Option<usize>> = vec![None; keys.pool.candidates.len()];
    let mut groups: Vec<Vec<u32>> = Vec::new();
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
                let fits = members.iter().all(|&m| keys.outlet(m) != keys.outlet(new))
                    && members.iter().map(|&m| keys.sim(m, new)).sum::<f64>()
                        / members.len() as f64
                        >= threshold;
                if fits {
                    group_of[new as usize] = Some(g);
                    groups[g].push(new);
                }
            }
            (Some(_), Some(_)) => {}
        }
    }
    groups
}

/// The group of sentences `ids`, ordered by outlet, scored, not yet numbered.
fn group(
    keys: &WeightedKeys,
    mut ids: Vec<u32>,
    score: impl Fn(&Candidate) -> Option<f64>,
) -> Group {
    ids.sort_by(|&a, &b| keys.outlet(a).cmp(keys.outlet(b)));
    let mut total = 0.0;
    let mut count = 0;
    for (x, &a) in ids.iter().enumerate() {
        for &b in &ids[x + 1..] {
            total += keys.sim(a, b);
            count += 1;
        }
    }
    let members: Vec<Member> = ids
        .iter()
        .map(|&i| {
            let c = &keys.pool.candidates[i as usize];
            Member::of(c, score(c))
        })
        .collect();
    Group {
        group: 0,
        similarity: total / count.max(1) as f64,
        divergence: divergence(&members),
        members,
    }
}

/// Highest minus lowest score of the `members` that have one; `None` when
/// fewer than two have one (a spread needs two sentences that take a
/// stance).
fn divergence(members: &[Member]) -> Option<f64> {
    let scores: Vec<f64> = members.iter().filter_map(|m| m.score).collect();
    if scores.len() < 2 {
        return None;
    }
    let lo = scores.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Some(hi - lo)
}

/// Sorts and numbers the groups: most outlets first, then the closest
/// match, then input order.
fn number_in_order(groups: &mut [Group]) {
    groups.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then(b.similarity.total_cmp(&a.similarity))
            .then(
                (&a.members[0].doc_id, a.members[0].sentence)
                    .cmp(&(&b.members[0].doc_id, b.members[0].sentence)),
            )
    });
    for (k, g) in groups.iter_mut().enumerate() {
        g.group = k + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::sentences::fact_keys;

    fn cand(outlet: &str, text: &str) -> (Candidate, Vec<String>) {
        (
            Candidate {
                outlet: outlet.into(),
                doc_id: format!("{outlet}-1"),
                sentence: 0,
                text: text.into(),
                terms: Vec::new(),
                tally: None,
                keys: Vec::new(),
            },
            fact_keys(text),
        )
    }

    #[test]
    fn the_same_fact_is_grouped_and_unrelated_sentences_are_not() {
        let mut a = SentencePool::default();
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
        let groups = groups(&a, &AlignOptions::default(), |_| None);
        assert_eq!(groups.len(), 1, "{groups:#?}");
        let outlets: Vec<&str> = groups[0]
            .members
            .iter()
            .map(|m| m.outlet.as_str())
            .collect();
        assert_eq!(outlets, ["Bloomberg", "Caliber", "RT"]);
    }

    #[test]
    fn sentences_sharing_one_number_only_are_not_the_same_fact() {
        // news-10k's first group before this rule: three outlets' unrelated
        // sentences whose one key in common was "10,000" (similarity 0.29,
        // over the 0.2 threshold).
        // Among 60 sentences the number is rarer than most words, so it
        // weighs enough for a cosine over the threshold on its own.
        let mut a = SentencePool::default();
        for (o, t) in [
            (
                "Times of India",
                "The storm uprooted 10,000 trees in the city.",
            ),
            (
                "Chicago Tribune",
                "Hastert withdrew 10,000 dollars from the bank.",
            ),
            ("Politico", "Students paid 10,000 for the seminars."),
        ] {
            let (c, k) = cand(o, t);
            a.add(c, k, 100);
        }
        for i in 0..57 {
            let t = format!("Nothing here{i}x ties filler{i}x words{i}x together{i}x.");
            let (c, k) = cand(&format!("Outlet {i}"), &t);
            a.add(c, k, 100);
        }
        let keys = WeightedKeys::of(&a);
        let (sim, shared) = keys.overlap(0, 1);
        assert!(
            sim >= AlignOptions::default().threshold,
            "close by cosine alone: {sim}"
        );
        assert_eq!(shared, 1);
        let groups = groups(&a, &AlignOptions::default(), |_| None);
        assert!(groups.is_empty(), "{groups:#?}");
    }

    #[test]
    fn a_group_holds_one_sentence_per_outlet_and_the_cap_is_counted() {
        let mut a = SentencePool::default();
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
        let groups = groups(&a, &AlignOptions::default(), |_| None);
        for g in &groups {
            let mut o: Vec<&str> = g.members.iter().map(|m| m.outlet.as_str()).collect();
            o.dedup();
            assert_eq!(o.len(), g.members.len());
        }
    }

    fn member(outlet: &str, score: Option<f64>) -> Member {
        Member {
            outlet: outlet.into(),
            doc_id: format!("{outlet}-1"),
            sentence: 0,
            text: String::new(),
            terms: Vec::new(),
            score,
        }
    }

    #[test]
    fn sentences_without_a_pole_match_do_not_count_in_the_divergence() {
        // seeds group 4 before this rule: one sentence at -1/3 (as one
        // quoted match scores: -0.5 / (0.5 + k), quote weight 0.5, k = 1)
        // and three without a match read as 0, a spread of 0.33 that no
        // two framings make
        let lone = [
            member("A", None),
            member("B", None),
            member("C", None),
            member("D", Some(-1.0 / 3.0)),
        ];
        assert_eq!(divergence(&lone), None);
        assert_eq!(divergence(&lone[..3]), None, "no sentence takes a stance");
        // two scored sentences, -0.5 and +0.25, spread 0.75 by hand; the
        // silent one in between (and one outside the range, had it been 0)
        // changes nothing
        let two = [
            member("A", Some(-0.5)),
            member("B", None),
            member("C", Some(0.25)),
        ];
        assert_eq!(divergence(&two), Some(0.75));
        let same = [
            member("A", Some(0.5)),
            member("B", Some(0.5)),
            member("C", None),
        ];
        assert_eq!(divergence(&same), Some(0.0), "0 = two sentences that agree");
    }
}
