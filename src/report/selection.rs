//! Which outlets a bounded chart or table of the report shows. At 500
//! outlets nothing can show them all, so every view shows a bounded part:
//! a ranking the highest and lowest ranked outlets, a table by outlet the
//! largest (most documents, then tokens), each with the outlets named by
//! `--highlight`, and says how many it leaves out. The CSV and JSON tables
//! hold every outlet. Which outlets are ranked is decided in `scores`
//! ([`Standing`]); this module only picks among them.

use crate::aggregate::Aggregate;
use crate::scores::tables::OutletRow;
use crate::scores::Standing;

/// Ranked outlets shown at each end of a ranking (highest and lowest).
pub const EACH_END: usize = 10;
/// Outlets with too little evidence (but some) shown under a ranking.
pub const THIN_SHOWN: usize = 8;
/// Outlets in a table or chart by outlet (the largest).
pub const LARGEST: usize = 20;
/// Outlets in the comparison's per-outlet tables (distinctive terms, the
/// divergence matrix): fewer, as each is a table or a matrix column.
pub const TABLE_COMPARE: usize = 10;

/// Outlets by size, largest first: documents, then tokens, then name.
/// Counted from the documents, so that a run without an axis (and so
/// without outlet rows) orders by size too, not by name.
pub fn by_size(a: &Aggregate) -> Vec<String> {
    let sizes = a.docs.outlets().iter();
    let mut v: Vec<(&str, (usize, u64))> =
        sizes.map(|(o, d)| (&**o, (d.n_docs, d.tokens))).collect();
    v.sort_by(|a, b| {
        b.1 .0
            .cmp(&a.1 .0)
            .then(b.1 .1.cmp(&a.1 .1))
            .then(a.0.cmp(b.0))
    });
    v.into_iter().map(|(o, _)| o.to_string()).collect()
}

/// The `n` largest of `largest` (sorted by size) and every highlighted
/// outlet among them, in size order.
pub fn largest_with(largest: &[String], n: usize, highlight: &[String]) -> Vec<String> {
    largest
        .iter()
        .enumerate()
        .filter(|(i, o)| *i < n || highlight.contains(o))
        .map(|(_, o)| o.clone())
        .collect()
}

/// `shown` (the outlets a chart shows, in its order), then the other
/// outlets of `largest` by size: the order in which a table that cannot
/// hold every outlet keeps their rows.
pub fn shown_first(shown: &[String], largest: &[String]) -> Vec<String> {
    let mut out = shown.to_vec();
    out.extend(largest.iter().filter(|o| !shown.contains(o)).cloned());
    out
}

/// What a ranking on one axis shows.
#[derive(Debug)]
pub struct AxisView<'a> {
    /// Ranked outlets shown, by rank: the highest and lowest [`EACH_END`]
    /// and the highlighted ones. A jump in `rank` marks outlets left out.
    pub ranked: Vec<&'a OutletRow>,
    /// Ranked outlets in all.
    pub n_ranked: usize,
    /// Outlets with some pole match but too little evidence, shown: the
    /// highlighted and those with most matches, up to [`THIN_SHOWN`];
    /// highest score first.
    pub thin: Vec<&'a OutletRow>,
    /// Outlets with some pole match but too little evidence, in all.
    pub n_thin: usize,
    /// Outlets without any pole match: the highlighted, then by name.
    pub no_matches: Vec<&'a OutletRow>,
}

impl AxisView<'_> {
    /// Outlets with too little evidence to rank, matches or not.
    pub fn n_unranked(&self) -> usize {
        self.n_thin + self.no_matches.len()
    }

    /// Ranked outlets left out just before shown row `i`.
    pub fn gap_before(&self, i: usize) -> usize {
        let rank = |k: usize| self.ranked[k].rank.unwrap_or(0);
        match i {
            0 => 0,
            i if i < self.ranked.len() => rank(i).saturating_sub(rank(i - 1) + 1),
            _ => self
                .n_ranked
                .saturating_sub(self.ranked.last().map_or(0, |_| rank(i - 1))),
        }
    }

    /// Outlets with too little evidence left out of the view.
    pub fn thin_left_out(&self) -> usize {
        self.n_thin - self.thin.len()
    }
}

/// The view of `axis`: ranked outlets first, then those with too little
/// evidence.
pub fn axis_view<'a>(rows: &'a [OutletRow], axis: &str, highlight: &[String]) -> AxisView<'a> {
    let on_axis = rows.iter().filter(|r| r.axis == axis);
    let mut ranked: Vec<&OutletRow> = on_axis.clone().filter(|r| r.rank.is_some()).collect();
    ranked.sort_by_key(|r| r.rank);
    let n_ranked = ranked.len();
    let hl = |r: &OutletRow| highlight.contains(&r.outlet);
    ranked = ranked
        .into_iter()
        .enumerate()
        .filter(|(i, r)| *i < EACH_END || *i + EACH_END >= n_ranked || hl(r))
        .map(|(_, r)| r)
        .collect();
    let mut thin: Vec<&OutletRow> = on_axis
        .clone()
        .filter(|r| r.rank.is_none() && r.status != Standing::NoMatches)
        .collect();
    let n_thin = thin.len();
    // The most evidence first, the highlighted before all.
    thin.sort_by(|a, b| {
        hl(b)
            .cmp(&hl(a))
            .then(b.n_matches.cmp(&a.n_matches))
            .then(b.n_docs.cmp(&a.n_docs))
            .then(a.outlet.cmp(&b.outlet))
    });
    let keep = THIN_SHOWN.max(thin.iter().filter(|r| hl(r)).count());
    thin.truncate(keep);
    thin.sort_by(|a, b| {
        b.score
            .unwrap_or(0.0)
            .total_cmp(&a.score.unwrap_or(0.0))
            .then(a.outlet.cmp(&b.outlet))
    });
    let mut no_matches: Vec<&OutletRow> = on_axis
        .filter(|r| r.status == Standing::NoMatches)
        .collect();
    // The highlighted first, so that a list cut short still names them.
    no_matches.sort_by(|a, b| hl(b).cmp(&hl(a)).then(a.outlet.cmp(&b.outlet)));
    AxisView {
        ranked,
        n_ranked,
        thin,
        n_thin,
        no_matches,
    }
}

/// Documents behind an outlet's score on its axis: those on the axis's
/// topic. Off-topic documents count in `n_docs` but not in the score, its
/// interval or `--min-docs`.
pub fn scored_docs(r: &OutletRow) -> usize {
    r.n_docs.saturating_sub(r.off_topic_docs)
}

/// How far a ranking's order is borne out by its intervals: pairs of
/// ranked outlets, and those whose 95% intervals do not overlap, among
/// all pairs and among neighbouring ranks.
#[derive(Debug, PartialEq, Eq)]
pub struct Separation {
    /// Pairs of ranked outlets.
    pub pairs: usize,
    /// Of them, pairs whose intervals do not overlap.
    pub apart: usize,
    /// Pairs of neighbouring ranks.
    pub neighbours: usize,
    /// Of them, pairs whose intervals do not overlap.
    pub neighbours_apart: usize,
}

/// [`Separation`] of `ranked`, sorted by rank. An outlet without an
/// interval overlaps every other: nothing shows it apart.
pub fn separation(ranked: &[&OutletRow]) -> Separation {
    let apart = |a: &OutletRow, b: &OutletRow| match (a.ci_low, a.ci_high, b.ci_low, b.ci_high) {
        (Some(al), Some(ah), Some(bl), Some(bh)) => ah < bl || bh < al,
        _ => false,
    };
    let n = ranked.len();
    let mut s = Separation {
        pairs: n * n.saturating_sub(1) / 2,
        apart: 0,
        neighbours: n.saturating_sub(1),
        neighbours_apart: 0,
    };
    for i in 0..n {
        for j in i + 1..n {
            if apart(ranked[i], ranked[j]) {
                s.apart += 1;
                if j == i + 1 {
                    s.neighbours_apart += 1;
                }
            }
        }
    }
    s
}

/// Outlets of `highlight` that the corpus does not have, each with up to
/// three outlets whose names are nearest (case-insensitive edit distance).
pub fn unknown_highlights(outlets: &[String], highlight: &[String]) -> Vec<(String, Vec<String>)> {
    highlight
        .iter()
        .filter(|h| !outlets.contains(h))
        .map(|h| {
            let key = h.to_lowercase();
            let mut near: Vec<(usize, &String)> = outlets
                .iter()
                .map(|o| (distance(&key, &o.to_lowercase()), o))
                .collect();
            near.sort();
            let near = near.into_iter().take(3).map(|(_, o)| o.clone()).collect();
            (h.clone(), near)
        })
        .collect()
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(outlet: &str, rank: Option<usize>, status: Standing, n_matches: u32) -> OutletRow {
        OutletRow {
            outlet: outlet.into(),
            axis: "x".into(),
            rank,
            status,
            score: (status != Standing::NoMatches).then(|| -(rank.unwrap_or(0) as f64) / 100.0),
            n_matches,
            ..OutletRow::default()
        }
    }

    #[test]
    fn a_long_ranking_shows_both_ends_and_the_highlighted() {
        let rows: Vec<OutletRow> = (1..=50)
            .map(|i| row(&format!("o{i:02}"), Some(i), Standing::Ranked, 20))
            .chain((0..30).map(|i| row(&format!("t{i:02}"), None, Standing::FewMatches, i)))
            .chain((0..7).map(|i| row(&format!("z{i}"), None, Standing::NoMatches, 0)))
            .collect();
        let v = axis_view(&rows, "x", &["o25".into(), "t00".into(), "z5".into()]);
        assert_eq!(v.no_matches[0].outlet, "z5", "highlighted named first");
        assert_eq!(v.no_matches[1].outlet, "z0");
        let ranks: Vec<usize> = v.ranked.iter().filter_map(|r| r.rank).collect();
        // the top EACH_END, the highlighted 25, the bottom EACH_END
        let want: Vec<usize> = (1..=EACH_END)
            .chain([25])
            .chain(51 - EACH_END..=50)
            .collect();
        assert_eq!(ranks, want);
        assert_eq!(
            v.gap_before(EACH_END),
            24 - EACH_END,
            "ranks EACH_END+1..=24 left out"
        );
        assert_eq!(
            v.gap_before(EACH_END + 1),
            25 - EACH_END,
            "ranks 26..=50-EACH_END left out"
        );
        assert_eq!(v.gap_before(v.ranked.len()), 0);
        assert_eq!((v.n_ranked, v.n_thin, v.no_matches.len()), (50, 30, 7));
        assert_eq!(v.thin.len(), THIN_SHOWN);
        assert!(v.thin.iter().any(|r| r.outlet == "t00"), "highlighted kept");
        assert!(
            v.thin.iter().any(|r| r.outlet == "t29"),
            "most matches kept"
        );
        assert!(!v.thin.iter().any(|r| r.outlet == "t01"));
        assert_eq!(v.thin_left_out(), 30 - THIN_SHOWN);
    }

    #[test]
    fn shown_first_puts_a_charts_outlets_before_the_rest_by_size() {
        let largest = ["a", "b", "c", "d"].map(String::from);
        let shown = ["b", "d"].map(String::from);
        assert_eq!(shown_first(&shown, &largest), ["b", "d", "a", "c"]);
    }

    #[test]
    fn separation_counts_pairs_whose_intervals_do_not_overlap() {
        let with = |name: &str, rank: usize, lo: f64, hi: f64| OutletRow {
            ci_low: Some(lo),
            ci_high: Some(hi),
            ..row(name, Some(rank), Standing::Ranked, 20)
        };
        // a [0.5, 0.9], b [0.4, 0.6] overlap; c [-0.2, 0.1] is apart from
        // both; d has no interval, so it is apart from none.
        let rows = [
            with("a", 1, 0.5, 0.9),
            with("b", 2, 0.4, 0.6),
            with("c", 3, -0.2, 0.1),
            row("d", Some(4), Standing::Ranked, 20),
        ];
        let ranked: Vec<&OutletRow> = rows.iter().collect();
        assert_eq!(
            separation(&ranked),
            Separation {
                pairs: 6,
                apart: 2,
                neighbours: 3,
                neighbours_apart: 1
            }
        );
        assert_eq!(separation(&ranked[..1]).pairs, 0);
        let off = OutletRow {
            n_docs: 18,
            off_topic_docs: 14,
            ..row("e", None, Standing::FewDocuments, 5)
        };
        assert_eq!(scored_docs(&off), 4);
    }

    #[test]
    fn unknown_highlights_name_the_nearest_outlets() {
        let outlets = ["RT", "Reuters", "The Intercept"].map(String::from);
        let got = unknown_highlights(&outlets, &["the intercep".into(), "RT".into()]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "the intercep");
        assert_eq!(got[0].1[0], "The Intercept");
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
