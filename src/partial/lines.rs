//! Bounded repeated-text partials: the lines a shard proposes as possible
//! boilerplate, and the candidates their union leaves to count exactly.
//!
//! A line is boilerplate in an outlet of N documents when it is in
//! `c >= max(min_docs, ceil(s x N))` of them (`s` =
//! [`LineRule::min_share`], 0.05). With the outlet's documents split over
//! shards, `N = sum N_i` and `c = sum c_i`, so `c >= s x N` means that
//! some shard has `c_i >= s x N_i`: were every `c_i` below `s x N_i`, the
//! sum would be below `s x N`. A shard therefore proposes, per outlet, the
//! lines in at least [`proposal_need`] of its documents of that outlet:
//! no more than (distinct lines per document) / `s` of them, 20 times the
//! lines of an average document, however many documents the shard holds.
//! (A shard with fewer than 1 / `s` documents of an outlet proposes each of
//! its lines, since one document is then enough.)
//!
//! The union of the proposals holds every boilerplate line. It is pruned
//! before counting: a shard that did not propose a line holds it in at
//! most `need_i - 1` documents (its *slack*), so a line's count is at most
//! the slack summed over every shard of the outlet plus, over the shards
//! that proposed it, how far `c_i` passed theirs (its *excess*). Both are
//! sums, so they merge as every count does; a line whose bound stays
//! below the outlet's threshold cannot be boilerplate and is not counted
//! (a line proposed by one small shard alone, say, seen once).

use rustc_hash::{FxHashMap, FxHashSet};

use super::rows::Row;
use crate::repeats::LineRule;

/// The `kind` of an outlet's documents in a shard, summed on merge.
pub const OUTLET_DOCS: &str = "outlet_docs";
/// The `kind` of an outlet's slack: per shard, the most documents of the
/// outlet a line it did not propose can be in, summed on merge.
pub const SLACK: &str = "line_slack";
/// The `kind` of a proposed line's excess: per shard that proposed it, its
/// documents less the shard's slack, summed on merge.
pub const EXCESS: &str = "line_excess";

/// The fewest documents of an outlet that a line must be in for a shard
/// holding `docs` documents of the outlet to propose it: `s x docs`,
/// rounded up, at least 1. The product is lowered by a billionth first,
/// so that rounding in floating point never lifts it above the share the
/// corpus-wide threshold rounds (proposing a few lines more is harmless;
/// one fewer would not be).
pub fn proposal_need(rule: &LineRule, docs: u64) -> u64 {
    let share = rule.min_share * docs as f64 * (1.0 - 1e-9);
    (share.ceil() as u64).max(1)
}

/// The proposal rows of a shard, from its documents per outlet and the
/// documents holding each (outlet, line hash).
pub fn proposal_rows(
    rule: &LineRule,
    docs: &FxHashMap<String, u64>,
    lines: &FxHashMap<(String, u64), u32>,
) -> Vec<Row> {
    let count = |kind: &str, key: Vec<String>, n: u64| Row::Count {
        kind: kind.into(),
        key,
        n,
    };
    let mut rows = Vec::new();
    for (outlet, &n) in docs {
        rows.push(count(OUTLET_DOCS, vec![outlet.clone()], n));
        rows.push(count(
            SLACK,
            vec![outlet.clone()],
            proposal_need(rule, n) - 1,
        ));
    }
    for ((outlet, h), &c) in lines {
        let need = docs.get(outlet).map_or(1, |&n| proposal_need(rule, n));
        if u64::from(c) >= need {
            let excess = u64::from(c) - (need - 1);
            rows.push(count(EXCESS, vec![outlet.clone(), hex(*h)], excess));
        }
    }
    rows
}

/// The lines left to count: per outlet, the proposed line hashes whose
/// bound reaches the outlet's threshold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineCandidates {
    /// Per outlet, the candidate line hashes.
    pub lines: FxHashMap<String, FxHashSet<u64>>,
    /// Lines proposed (before pruning).
    pub proposed: u64,
}

impl LineCandidates {
    /// The candidates of merged proposal rows under `rule`.
    pub fn of(rows: &[Row], rule: &LineRule) -> Result<LineCandidates, String> {
        let mut docs: FxHashMap<&str, u64> = FxHashMap::default();
        let mut slack: FxHashMap<&str, u64> = FxHashMap::default();
        let mut excess: Vec<(&str, u64, u64)> = Vec::new();
        for row in rows {
            let Row::Count { kind, key, n } = row else {
                return Err("a line proposal partial holds only counts".into());
            };
            match (kind.as_str(), key.as_slice()) {
                (OUTLET_DOCS, [o]) => *docs.entry(o).or_default() += n,
                (SLACK, [o]) => *slack.entry(o).or_default() += n,
                (EXCESS, [o, h]) => excess.push((o, unhex(h)?, *n)),
                _ => return Err(format!("a `{kind}` count in a line proposal partial")),
            }
        }
        let mut out = LineCandidates {
            proposed: excess.len() as u64,
            ..LineCandidates::default()
        };
        for (o, h, e) in excess {
            let n = docs.get(o).copied().unwrap_or_default();
            let bound = slack.get(o).copied().unwrap_or_default() + e;
            if bound >= rule.threshold(n as usize) as u64 {
                out.lines.entry(o.to_string()).or_default().insert(h);
            }
        }
        Ok(out)
    }

    /// Candidate lines over all outlets.
    pub fn len(&self) -> usize {
        self.lines.values().map(FxHashSet::len).sum()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A digest of the candidates (outlets and hashes, sorted), which the
    /// counting partials record so that only partials that counted the
    /// same lines merge.
    pub fn digest(&self) -> String {
        let mut all: Vec<(&String, u64)> = self
            .lines
            .iter()
            .flat_map(|(o, hs)| hs.iter().map(move |&h| (o, h)))
            .collect();
        all.sort_unstable();
        let text: Vec<String> = all
            .iter()
            .map(|(o, h)| format!("{o}\t{}", hex(*h)))
            .collect();
        format!(
            "{:016x}",
            xxhash_rust::xxh3::xxh3_64(text.join("\n").as_bytes())
        )
    }
}

/// A line hash as partials write it.
pub fn hex(h: u64) -> String {
    format!("{h:016x}")
}

/// A line hash read back.
pub fn unhex(s: &str) -> Result<u64, String> {
    u64::from_str_radix(s, 16).map_err(|_| format!("a line hash {s:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partial::rows::canonical;

    /// The proposal rows of one outlet's shards, each given as (documents,
    /// documents holding the line), merged.
    fn merged(rule: &LineRule, shards: &[(u64, u32)]) -> Vec<Row> {
        let mut rows = Vec::new();
        for &(n, c) in shards.iter().filter(|s| s.0 > 0) {
            let docs = FxHashMap::from_iter([("A".to_string(), n)]);
            let lines =
                FxHashMap::from_iter([(("A".to_string(), 7), c)].into_iter().filter(|_| c > 0));
            rows.extend(proposal_rows(rule, &docs, &lines));
        }
        canonical(rows, None)
    }

    #[test]
    fn a_line_once_in_each_small_shard_is_a_candidate() {
        let rule = LineRule::default();
        // 4 shards of 15 documents: once in each, 4 of 60, threshold 3
        let c = LineCandidates::of(&merged(&rule, &[(15, 1); 4]), &rule).unwrap();
        assert!(c.lines["A"].contains(&7));
        // once in two shards only: at most 2 of 60, below min_docs
        let two = [(15, 1), (15, 1), (15, 0), (15, 0)];
        let c = LineCandidates::of(&merged(&rule, &two), &rule).unwrap();
        assert_eq!((c.proposed, c.len()), (1, 0), "proposed, then pruned");
    }

    #[test]
    fn a_large_shard_proposes_only_its_frequent_lines() {
        let rule = LineRule::default();
        // 1,000 documents: 5% is 50
        assert_eq!(proposal_need(&rule, 1000), 50);
        assert_eq!(proposal_need(&rule, 19), 1);
        assert_eq!(proposal_need(&rule, 21), 2);
        assert_eq!(merged(&rule, &[(1000, 49)]).len(), 2, "docs and slack only");
        assert_eq!(merged(&rule, &[(1000, 50)]).len(), 3);
    }

    proptest::proptest! {
        #![proptest_config(crate::fuzz::config(512, "tests/fixtures/proptest/line_proposals.txt"))]

        /// Whatever the split, every boilerplate line is a candidate, and
        /// its count is within its bound.
        #[test]
        fn every_boilerplate_line_is_a_candidate(
            shards in proptest::collection::vec((0u64..70, 0u32..70), 1..9),
            min_docs in 1usize..5,
        ) {
            let rule = LineRule { min_docs, ..LineRule::default() };
            let shards: Vec<(u64, u32)> =
                shards.into_iter().map(|(n, c)| (n, c.min(n as u32))).collect();
            let n: u64 = shards.iter().map(|s| s.0).sum();
            let c: u32 = shards.iter().map(|s| s.1).sum();
            let rows = merged(&rule, &shards);
            let cands = LineCandidates::of(&rows, &rule).unwrap();
            let boilerplate = c > 0 && c as usize >= rule.threshold(n as usize);
            let candidate = cands.lines.get("A").is_some_and(|s| s.contains(&7));
            proptest::prop_assert!(!boilerplate || candidate, "{shards:?}");
        }
    }
}
