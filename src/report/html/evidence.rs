//! The rankings and the sentences behind them on the page: per axis, the
//! outlets `report.md` shows (the highest and lowest ranked, those with too
//! little evidence that have most matches, the highlighted), and for each
//! its evidence sentences with the matched terms marked and their voice.

use std::fmt::Write;

use super::{esc, signed};
use crate::aggregate::Evidence;
use crate::report::selection::{self, AxisView};
use crate::report::slug::Slugs;
use crate::report::Report;
use crate::text::Voice;

/// Evidence sentences per outlet, axis and side shown, at most: as many as
/// `report.md` shows.
const EVIDENCE_SHOWN: usize = 3;

/// The anchor of an outlet's evidence on axis `ax`.
fn anchor(slugs: &Slugs, ax: usize, outlet: &str) -> String {
    format!("ev-{ax}-{}", slugs.get(outlet).unwrap_or("outlet"))
}

fn interval(lo: Option<f64>, hi: Option<f64>) -> String {
    match (lo, hi) {
        (Some(l), Some(h)) => format!("[{}, {}]", signed(l), signed(h)),
        _ => "n/a".into(),
    }
}

/// The flags of a row, each explained on hover.
fn flags(r: &crate::scores::tables::OutletRow) -> String {
    r.flags()
        .iter()
        .map(|f| {
            format!(
                "<span class=\"flag\" title=\"{}\">{}</span>",
                esc(f.meaning()),
                f.as_str()
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The table of the outlets a ranking shows, each linked to its evidence.
pub(super) fn ranking_table(out: &mut String, v: &AxisView, ax: usize, slugs: &Slugs) {
    out.push_str(
        "<table class=\"ranking\"><thead><tr><th class=\"n\">rank</th><th>outlet</th><th class=\"n\">score</th>\
         <th>95% interval</th><th class=\"n\">documents</th><th class=\"n\">pole matches</th><th>flags</th></tr></thead><tbody>\n",
    );
    let gap_row = |out: &mut String, n: usize| {
        let _ = writeln!(
            out,
            "<tr><td></td><td colspan=\"6\" class=\"note\">… {n} more ranked (outlets table)</td></tr>"
        );
    };
    for (i, r) in v.ranked.iter().chain(&v.thin).enumerate() {
        if i < v.ranked.len() && v.gap_before(i) > 0 {
            gap_row(out, v.gap_before(i));
        }
        if i == v.ranked.len() {
            let tail = v.gap_before(i);
            if tail > 0 {
                gap_row(out, tail);
            }
            let _ = writeln!(
                out,
                "<tr><td colspan=\"7\" class=\"note\">Too little evidence to rank ({} of {} shown):</td></tr>",
                v.thin.len(),
                v.n_thin
            );
        }
        let first = r
            .rank
            .map_or_else(|| r.status.as_str().to_string(), |k| k.to_string());
        let _ = writeln!(
            out,
            "<tr><td class=\"n\">{first}</td><td><a href=\"#{}\">{}</a></td><td class=\"n\">{}</td>\
             <td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&anchor(slugs, ax, &r.outlet)),
            esc(&r.outlet),
            r.score.map_or(String::new(), signed),
            interval(r.ci_low, r.ci_high),
            selection::scored_docs(r),
            r.n_matches,
            flags(r)
        );
    }
    out.push_str("</tbody></table>\n");
}

/// The sentence with its matches marked: the pole as colour, the signed
/// weight after the term, and a `quote` badge inside a quotation.
fn marked(rep: &Report, e: &Evidence) -> String {
    let mut out = String::new();
    for (text, mark) in e.pieces() {
        let Some(m) = mark else {
            out.push_str(&esc(text));
            continue;
        };
        let entry = rep
            .set
            .entries
            .get(m.entry as usize)
            .map_or("", |e| e.label.as_str());
        let pole = if m.weight > 0.0 { "pos" } else { "neg" };
        let (class, voice) = match m.voice {
            Voice::Quote => (" quote", "inside a quotation"),
            Voice::Own => ("", "the outlet's own voice"),
        };
        let _ = write!(
            out,
            "<mark class=\"{pole}{class}\" title=\"{}: weight {}, {voice}\">{}</mark><sup class=\"w\">{}</sup>",
            esc(entry),
            signed(m.weight),
            esc(text),
            signed(m.weight)
        );
        if m.voice == Voice::Quote {
            out.push_str("<sup class=\"q\" title=\"inside a quotation\">quote</sup>");
        }
        if m.negated {
            out.push_str("<sup class=\"q\" title=\"in the scope of a negation\">negated</sup>");
        }
    }
    out
}

/// The evidence of the outlets shown in each ranking.
pub(super) fn section(out: &mut String, rep: &Report, slugs: &Slugs) {
    let _ = writeln!(
        out,
        "<section id=\"evidence\"><h2>Evidence: the sentences behind each score</h2>\n\
         <p>For each outlet in the rankings above, the sentences that push its score hardest \
         toward each pole (up to {} per side; every outlet's are in <code>results.json</code>). \
         Matched terms are marked in the colour of their pole with their signed weight; a dashed \
         box and <sup class=\"q\">quote</sup> mark a match inside a quotation, which counts {} as \
         much as the outlet's own words; <sup class=\"q\">negated</sup> marks one in the scope of \
         a negation. Hover a term for its lexicon entry.</p>",
        rep.meta.evidence_per_side.min(EVIDENCE_SHOWN),
        rep.meta.options.quote_weight
    );
    for (ax, axis) in rep.set.axes.iter().enumerate() {
        let v = selection::axis_view(&rep.tables().outlet_rows, &axis.id, &rep.meta.highlight);
        for r in v.ranked.iter().chain(&v.thin) {
            let standing = match r.rank {
                Some(k) => format!("rank {k} of {}", v.n_ranked),
                None => format!("not ranked: {}", r.status.as_str()),
            };
            let _ = writeln!(
                out,
                "<article class=\"ev\" id=\"{}\"><h3>{} on {}: {} {} ({standing})</h3>",
                esc(&anchor(slugs, ax, &r.outlet)),
                esc(&r.outlet),
                esc(&axis.label),
                r.score.map_or("no score".into(), signed),
                interval(r.ci_low, r.ci_high)
            );
            match rep.aggregate.evidence.get(&(r.outlet.clone(), ax)) {
                Some(ev) => {
                    for (list, pole) in [
                        (&ev.positive, &axis.positive),
                        (&ev.negative, &axis.negative),
                    ] {
                        sentences(out, rep, list, &pole.label);
                    }
                }
                None => out.push_str("<p>No sentence matches either pole.</p>\n"),
            }
            out.push_str("</article>\n");
        }
    }
    out.push_str("</section>\n");
}

fn sentences(out: &mut String, rep: &Report, list: &[Evidence], pole: &str) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "<p>Toward <em>{}</em>:</p><ol>", esc(pole));
    for e in list.iter().take(EVIDENCE_SHOWN) {
        let _ = writeln!(
            out,
            "<li>{} <span class=\"src\">({}, sentence {}, net {})</span></li>",
            marked(rep, e),
            esc(&e.doc_id),
            e.sentence,
            signed(e.net)
        );
    }
    out.push_str("</ol>\n");
}
