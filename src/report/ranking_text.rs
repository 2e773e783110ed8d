//! The rankings in `report.md`: per axis, the ranked outlets shown, those
//! with too little evidence, and those without any match; then the
//! sentences behind the scores of the outlets shown.

use std::fmt::Write;

use super::figures::Figures;
use super::md::{chart_link, code, esc, interval, signed};
use super::selection;
use super::Report;
use crate::aggregate::Evidence;
use crate::text::{NegationPolicy, Voice};

/// Evidence sentences per outlet, axis and side in `report.md`, at most.
const EVIDENCE_SHOWN: usize = 3;

pub(super) fn axis_section(md: &mut String, rep: &Report, ax: usize, charts: &Figures) {
    let axis = &rep.set.axes[ax];
    let o = &rep.meta.options;
    let _ = writeln!(md, "## {} (axis `{}`)\n", esc(&axis.label), axis.id);
    if let Some(d) = &axis.description {
        let _ = writeln!(md, "{}\n", esc(d));
    }
    let v = selection::axis_view(&rep.tables().outlet_rows, &axis.id, &rep.meta.highlight);
    let ranked = match v.n_ranked {
        0 => "No outlet is ranked".to_string(),
        n => super::md::count(n as u64, "outlet is ranked", "outlets are ranked"),
    };
    let _ = writeln!(
        md,
        "From -1 ({}) to +1 ({}). {ranked}: ranking takes at least {} and {} \
         (`--min-docs`, `--min-matches`). {} too little evidence to rank ({} \
         without any pole match, so without a score). Every outlet is in `outlets.csv` \
         (columns `rank` and `status`).\n",
        esc(&axis.negative.label),
        esc(&axis.positive.label),
        super::md::count(o.min_docs as u64, "document", "documents"),
        super::md::count(o.min_matches, "pole match", "pole matches"),
        super::md::count(v.n_unranked() as u64, "has", "have"),
        v.no_matches.len()
    );
    if !v.ranked.is_empty() {
        if v.ranked.len() < v.n_ranked {
            let _ = writeln!(
                md,
                "The {} highest and {} lowest ranked, and any highlighted:\n",
                selection::EACH_END,
                selection::EACH_END
            );
        }
        ranking_table(md, &v, true);
        let all = super::ranked(&rep.tables().outlet_rows, &axis.id);
        if let Some(c) = order_caution(&all) {
            let _ = writeln!(md, "{c}\n");
        }
    }
    if !v.thin.is_empty() {
        let _ = writeln!(
            md,
            "**Too little evidence to rank.** Their scores rest on too few documents or matches \
             to be read as a ranking{}:\n",
            if v.thin_left_out() > 0 {
                format!(
                    "; those with the most matches ({} of {}), and any highlighted",
                    v.thin.len(),
                    v.n_thin
                )
            } else {
                String::new()
            }
        );
        ranking_table(md, &v, false);
    }
    if let Some(n) = documents_note(&v) {
        let _ = writeln!(md, "{n}\n");
    }
    no_match_line(md, &v);
    negation_line(md, rep, &axis.id);
    chart_link(
        md,
        charts,
        &format!("axis_{}", axis.id),
        &format!("{} ranking", axis.label),
    );
}

/// What the intervals say of a ranking's order, in plain text (for
/// `report.md` and the page alike); none with fewer than two ranked.
/// Ranks order the scores, and outlets whose intervals overlap are not
/// shown to differ: at 117 outlets the first of 12 had an interval
/// overlapping those of the next nine.
pub(super) fn order_caution(ranked: &[&crate::scores::tables::OutletRow]) -> Option<String> {
    let s = selection::separation(ranked);
    if s.pairs == 0 {
        return None;
    }
    Some(format!(
        "Ranks order the scores, not differences between them. Of the {} of ranked \
         outlets, {} 95% intervals that do not overlap, and {} of the {} of \
         neighbouring ranks. Outlets whose intervals overlap are not shown to differ; intervals \
         apart are a check on one pair, and across many pairs some are apart by chance (slant \
         compare --outlets A B tests a pair).",
        super::md::count(s.pairs as u64, "pair", "pairs"),
        super::md::count(s.apart as u64, "has", "have"),
        s.neighbours_apart,
        super::md::count(s.neighbours as u64, "pair", "pairs"),
    ))
}

/// Why the documents of a ranking table are fewer than `n_docs`, when
/// some outlet shown has documents off the axis's topic; in plain text.
pub(super) fn documents_note(v: &selection::AxisView) -> Option<String> {
    v.ranked
        .iter()
        .chain(&v.thin)
        .any(|r| r.off_topic_docs > 0)
        .then(|| {
            "Documents: those on the axis's topic, which the score, its interval and \
             --min-docs count (outlets.csv: n_docs - off_topic_docs)."
                .to_string()
        })
}

/// What a run made of negated pole matches, in the words of report.md's
/// axis sections and its methods alike.
pub(super) fn negation_done(policy: NegationPolicy) -> &'static str {
    match policy {
        NegationPolicy::Ignore => "counted for neither pole",
        NegationPolicy::Count => "counted for their pole, as if not negated",
        NegationPolicy::Flip => "counted for the opposite pole, with the same weight",
    }
}

/// How many pole matches on the axis stood in the scope of a negation,
/// what the run made of them, and the outlets with the most.
fn negation_line(md: &mut String, rep: &Report, axis: &str) {
    let mut rows: Vec<(&str, u32)> = rep
        .tables()
        .outlet_rows
        .iter()
        .filter(|r| r.axis == axis && r.n_negated > 0)
        .map(|r| (r.outlet.as_str(), r.n_negated))
        .collect();
    let total: u32 = rows.iter().map(|r| r.1).sum();
    if total == 0 {
        let _ = writeln!(
            md,
            "No pole match on this axis stood in the scope of a negation.\n"
        );
        return;
    }
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let done = negation_done(rep.meta.options.negation);
    let most: Vec<String> = rows
        .iter()
        .take(5)
        .map(|(o, n)| format!("{} ({n})", esc(o)))
        .collect();
    let _ = writeln!(
        md,
        "**Negation** (`--negation {}`): {total} pole {} in the scope of a negation (\"not an \
         invasion\") and {} {done}: {}. `outlets.csv` has each outlet's count \
         (`n_negated`) and `{}` marks each match (`negated`).\n",
        rep.meta.options.negation.as_str(),
        if total == 1 {
            "match stood"
        } else {
            "matches stood"
        },
        if total == 1 { "was" } else { "were" },
        match rows.len() {
            n if n > most.len() => format!("{n} outlets, most in {}", most.join(", ")),
            _ => most.join(", "),
        },
        rep.outputs().table_name("matches")
    );
}

/// The table of the ranked outlets shown (with a line where some are left
/// out), or of those with too little evidence.
fn ranking_table(md: &mut String, v: &selection::AxisView, ranked: bool) {
    let _ = writeln!(
        md,
        "| {} | outlet | score | 95% interval | documents | pole matches | weighted + / - | flags |\n|---:|---|---:|---|---:|---:|---|---|",
        if ranked { "rank" } else { "status" }
    );
    let rows = if ranked { &v.ranked } else { &v.thin };
    for (i, r) in rows.iter().enumerate() {
        let gap = if ranked { v.gap_before(i) } else { 0 };
        if gap > 0 {
            let _ = writeln!(md, "| | *{gap} more* | | | | | | |");
        }
        let first = match r.rank {
            Some(k) => k.to_string(),
            None => r.status.as_str().to_string(),
        };
        let _ = writeln!(
            md,
            "| {first} | {} | {} | {} | {} | {} | {:.2} / {:.2} | {} |",
            esc(&r.outlet),
            r.score.map_or("".into(), signed),
            interval(r.ci_low, r.ci_high),
            selection::scored_docs(r),
            r.n_matches,
            r.weight_pos,
            r.weight_neg,
            r.flags()
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let tail = if ranked {
        v.gap_before(v.ranked.len())
    } else {
        v.thin_left_out()
    };
    if tail > 0 {
        let _ = writeln!(md, "| | *{tail} more in `outlets.csv`* | | | | | | |");
    }
    md.push('\n');
}

/// The outlets without any pole match: named when few, counted otherwise.
fn no_match_line(md: &mut String, v: &selection::AxisView) {
    const NAMED: usize = 12;
    let n = v.no_matches.len();
    if n == 0 {
        return;
    }
    let names: Vec<String> = v
        .no_matches
        .iter()
        .take(NAMED)
        .map(|r| esc(&r.outlet))
        .collect();
    let more = if n > NAMED {
        format!(
            " and {} more (`outlets.csv`, status `no_matches`)",
            n - NAMED
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        md,
        "No pole match at all, so no score ({n}): {}{more}.\n",
        names.join(", ")
    );
}

/// The sentence with its matches in bold, each followed by its signed
/// weight; quoted matches are marked `q`.
fn marked(e: &Evidence) -> String {
    let mut out = String::new();
    for (text, mark) in e.pieces() {
        match mark {
            None => out.push_str(&esc(text)),
            Some(m) => {
                let q = if m.voice == Voice::Quote { ", q" } else { "" };
                let q = if m.negated {
                    format!("{q}, negated")
                } else {
                    q.to_string()
                };
                let _ = write!(
                    out,
                    "**{}** <sub>[{}{q}]</sub>",
                    esc(text),
                    signed(m.weight)
                );
            }
        }
    }
    out
}

pub(super) fn evidence_section(md: &mut String, rep: &Report) {
    let set = rep.set;
    let _ = writeln!(md, "## Evidence: the sentences behind each score\n");
    let _ = writeln!(
        md,
        "For each outlet in the rankings above and each axis, the sentences that push its score \
         hardest toward each pole (up to {} per side; every outlet's are in `results.json`). Matched terms are in bold with their signed pole weight; `q` marks \
         a match inside a quotation, which counts {} as much as the outlet's own words, and \
         `negated` one in the scope of a negation. Every \
         match is listed in `{}`.\n",
        rep.meta.evidence_per_side.min(EVIDENCE_SHOWN),
        rep.meta.options.quote_weight,
        rep.outputs().table_name("matches")
    );
    for (ax, axis) in set.axes.iter().enumerate() {
        let v = selection::axis_view(&rep.tables().outlet_rows, &axis.id, &rep.meta.highlight);
        for r in v.ranked.iter().chain(&v.thin) {
            let standing = match r.rank {
                Some(k) => format!("rank {k} of {}", v.n_ranked),
                None => format!("not ranked: {}", r.status.as_str()),
            };
            let _ = writeln!(
                md,
                "### {} on {}: {} {} ({standing})\n",
                esc(&r.outlet),
                esc(&axis.label),
                r.score.map_or("no score".into(), signed),
                interval(r.ci_low, r.ci_high)
            );
            let Some(ev) = rep.aggregate.evidence.get(&(r.outlet.clone(), ax)) else {
                let _ = writeln!(md, "No sentence matches either pole.\n");
                continue;
            };
            for (list, pole) in [
                (&ev.positive, &axis.positive),
                (&ev.negative, &axis.negative),
            ] {
                if list.is_empty() {
                    continue;
                }
                let _ = writeln!(md, "Toward *{}*:\n", esc(&pole.label));
                for (i, e) in list.iter().take(EVIDENCE_SHOWN).enumerate() {
                    let _ = writeln!(
                        md,
                        "{}. {} <sub>({}, sentence {}, net {})</sub>",
                        i + 1,
                        marked(e),
                        code(&e.doc_id),
                        e.sentence,
                        signed(e.net)
                    );
                }
                md.push('\n');
            }
        }
    }
}
