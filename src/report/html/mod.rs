//! `report.html`: the report for the browser, one self-contained file (the
//! styles, the script and the SVG charts inline; a content security policy
//! forbids any request). It renders the tables written as CSV and the
//! evidence `report.md` shows, and computes nothing.

mod cut;
mod evidence;
mod lss;
mod table;

use std::fmt::Write;

use super::figures::Figures;
use super::format::Table;
use super::heat_figures;
use super::selection;
use super::slug::Slugs;
use super::Report;
use cut::Order;

const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// The tables the page shows, as written to their CSV files.
pub(super) struct Tables<'a> {
    /// `outlets.csv`.
    pub outlets: &'a Table,
    /// `frames.csv`.
    pub frames: &'a Table,
    /// `variants.csv`.
    pub variants: &'a Table,
    /// `keyness.csv`, when the comparison ran.
    pub keyness: Option<&'a Table>,
    /// `lss_outlets.csv` and `lss_words.csv`, when LSS ran.
    pub lss: Option<(&'a Table, &'a Table)>,
}

/// Escapes text for HTML, in content and in quoted attributes alike.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A number with its sign and two decimals, as in `report.md`.
fn signed(x: f64) -> String {
    format!("{x:+.2}")
}

/// Renders the page.
pub(super) fn render(rep: &Report, charts: &Figures, tables: &Tables, slugs: &Slugs) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>slant report</title>\n<style>\n{STYLE}</style></head>\n<body>"
    );
    opening(&mut out, rep, tables);
    rankings(&mut out, rep, charts, tables, slugs);
    let t = rep.tables();
    section_head(&mut out, "frames", "Frames");
    if t.frames.iter().all(|r| r.count == 0) {
        out.push_str("<p>No term of any frame occurs in the corpus.</p>\n");
    } else {
        out.push_str(
            "<p>Matches of each frame's terms per 1,000 word tokens of each outlet (column \
             <code>rate</code>; own voice alone in <code>rate_own</code>).</p>\n",
        );
        figure(&mut out, charts, "frames", "frames.csv");
    }
    let largest = selection::by_size(rep.aggregate);
    let frames_shown = heat_figures::frames_columns(rep, &largest);
    let frames_order = order(
        &frames_shown,
        charts.has("frames"),
        "the chart above",
        &largest,
    );
    table::render_nonzero(
        &mut out,
        ("frames", "frames.csv"),
        tables.frames,
        "count",
        table::MAX_ROWS,
        Some(&frames_order),
    );
    out.push_str("</section>\n");
    section_head(&mut out, "variants", "Variant choices");
    out.push_str(if rep.set.slots.is_empty() {
        "<p>The lexicons define no variant slots (competing names for one thing, such as \
         “Kyiv” or “Kiev”), so there are no choices to compare.</p>\n"
    } else {
        "<p>Which of the competing names each outlet used: uses and share of the outlet's uses \
         of the slot (outlets that never named a slot are left out).</p>\n"
    });
    figure(&mut out, charts, "variants", "variants.csv");
    let variants_shown = heat_figures::variants_columns(rep, &largest);
    let variants_order = order(
        &variants_shown,
        charts.has("variants"),
        "the chart above",
        &largest,
    );
    table::render(
        &mut out,
        "variants",
        "variants.csv",
        tables.variants,
        table::MAX_ROWS,
        Some(&variants_order),
    );
    out.push_str("</section>\n");
    other_charts(&mut out, rep, charts, tables, &largest);
    lss::section(&mut out, rep, charts, tables.lss, &largest);
    // Evidence and flags are of scores on an axis; a dictionary's
    // categories have none.
    if !rep.set.axes.is_empty() {
        evidence::section(&mut out, rep, slugs);
        flags_section(&mut out, rep);
    }
    closing(&mut out, rep, charts);
    let _ = writeln!(out, "<script>\n{SCRIPT}</script>\n</body></html>");
    out
}

/// The order in which a table by outlet keeps its rows when they do not
/// all fit: the outlets `shown` by a chart (when it was drawn) first, then
/// the rest of `largest` (every outlet, by size).
fn order<'a>(shown: &[String], drawn: bool, shown_by: &'a str, largest: &[String]) -> Order<'a> {
    let shown = if drawn { shown } else { &[] };
    Order {
        column: "outlet",
        outlets: selection::shown_first(shown, largest),
        charted: shown.len(),
        shown_by,
    }
}

fn section_head(out: &mut String, id: &str, title: &str) {
    let _ = writeln!(out, "<section id=\"{id}\"><h2>{title}</h2>");
}

/// The title, what was read, and the links to the sections.
fn opening(out: &mut String, rep: &Report, tables: &Tables) {
    let s = rep.summary();
    let has_axes = !rep.set.axes.is_empty();
    let inputs: Vec<String> = rep
        .meta
        .inputs
        .iter()
        .map(|i| format!("<code>{}</code>", esc(i)))
        .collect();
    let lexicons: Vec<String> = rep
        .meta
        .lexicons
        .iter()
        .map(|l| format!("<code>{}</code>", esc(&l.name)))
        .collect();
    let _ = writeln!(
        out,
        "<header><h1>slant report</h1>\n<p>{} documents from {} outlets ({} word tokens, {} \
         lexicon matches), read from {}. Lexicons: {}. {} records skipped.</p>\n{}\
         <p>Scores count the framing terms the lexicons list, nothing else: a score is as good \
         as the lexicon and as stable as the evidence behind it. Check the flags (hover them) \
         and read the sentences before citing a number. <code>report.md</code> says how every \
         number was computed.</p>\n<nav>{}<a href=\"#outlets\">Outlets</a>\
         <a href=\"#frames\">Frames</a><a href=\"#variants\">Variants</a>{}{}{}</nav></header>",
        s.documents,
        s.outlets,
        s.tokens,
        s.matches,
        inputs.join(", "),
        lexicons.join(", "),
        s.skipped,
        // The same caveats as report.md's, from the same summary: not every
        // document or match counts in the scores.
        crate::report::corpus_text::html(&crate::report::corpus_text::caveats(rep, &s), &esc),
        if has_axes {
            "<a href=\"#rankings\">Rankings</a>"
        } else {
            ""
        },
        if tables.keyness.is_some() {
            "<a href=\"#comparison\">Comparison</a>"
        } else {
            ""
        },
        if rep.lss.is_some() || rep.lss_note.is_some() {
            "<a href=\"#lss\">LSS</a>"
        } else {
            ""
        },
        if has_axes {
            "<a href=\"#evidence\">Evidence</a><a href=\"#flags\">Flags</a>"
        } else {
            ""
        }
    );
}

/// An SVG chart drawn for the report, inline, with its note and the table
/// that holds its numbers.
fn figure(out: &mut String, charts: &Figures, name: &str, file: &str) {
    let Some((_, chart)) = charts.drawn.iter().find(|(n, _)| n == name) else {
        return;
    };
    // Inline SVG needs no namespace; dropping it keeps the page free of
    // any address.
    let svg = chart
        .svg
        .replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1);
    let note = charts
        .note(name)
        .map_or(String::new(), |n| format!("The chart {}. ", esc(n)));
    let _ = writeln!(
        out,
        "<figure id=\"chart-{name}\">{svg}<figcaption>{note}Its numbers are in \
         <code>{file}</code>; also as <a href=\"{name}.svg\">{name}.svg</a>.</figcaption></figure>"
    );
}

/// Per axis, the ranking chart and the outlets it shows; then every
/// outlet-axis row.
fn rankings(out: &mut String, rep: &Report, charts: &Figures, tables: &Tables, slugs: &Slugs) {
    // A dictionary's categories rank nothing: its outlets table stands alone.
    if !rep.set.axes.is_empty() {
        rankings_only(out, rep, charts, slugs);
    }
    section_head(out, "outlets", "Outlets");
    out.push_str(if rep.set.axes.is_empty() {
        "<p>Every outlet and category (<code>outlets.csv</code>): filter by name, sort by \
         rate.</p>\n"
    } else {
        "<p>Every outlet on every axis (<code>outlets.csv</code>): filter by name, sort by \
         score. Flag columns explain themselves on hover.</p>\n"
    });
    // The outlets the rankings show, axis by axis, in their order.
    let mut ranked_shown: Vec<String> = Vec::new();
    for axis in &rep.set.axes {
        let v = selection::axis_view(&rep.tables().outlet_rows, &axis.id, &rep.meta.highlight);
        for r in v.ranked.iter().chain(&v.thin) {
            if !ranked_shown.contains(&r.outlet) {
                ranked_shown.push(r.outlet.clone());
            }
        }
    }
    let largest = selection::by_size(rep.aggregate);
    let order = order(&ranked_shown, true, "the rankings above", &largest);
    table::render(
        out,
        "outlets",
        "outlets.csv",
        tables.outlets,
        table::MAX_OUTLET_ROWS,
        Some(&order),
    );
    out.push_str("</section>\n");
}

/// The rankings section: per axis, the chart and the outlets it shows.
fn rankings_only(out: &mut String, rep: &Report, charts: &Figures, slugs: &Slugs) {
    section_head(out, "rankings", "Rankings");
    let o = &rep.meta.options;
    for (ax, axis) in rep.set.axes.iter().enumerate() {
        let v = selection::axis_view(&rep.tables().outlet_rows, &axis.id, &rep.meta.highlight);
        let _ = writeln!(
            out,
            "<h3>{} (axis <code>{}</code>)</h3>\n<p>{}From −1 ({}) to +1 ({}). {}: ranking takes at least {} and {}. {} too little \
             evidence to rank ({} without any pole match, so without a score).</p>",
            esc(&axis.label),
            esc(&axis.id),
            axis.description
                .as_deref()
                .map_or(String::new(), |d| format!("{} ", esc(d))),
            esc(&axis.negative.label),
            esc(&axis.positive.label),
            super::md::count(v.n_ranked as u64, "outlet is ranked", "outlets are ranked"),
            super::md::count(o.min_docs as u64, "document", "documents"),
            super::md::count(o.min_matches, "pole match", "pole matches"),
            super::md::count(v.n_unranked() as u64, "has", "have"),
            v.no_matches.len()
        );
        figure(out, charts, &format!("axis_{}", axis.id), "outlets.csv");
        if !v.ranked.is_empty() || !v.thin.is_empty() {
            evidence::ranking_table(out, &v, ax, slugs);
        }
        let all = crate::report::ranked(&rep.tables().outlet_rows, &axis.id);
        let notes = crate::report::ranking_text::order_caution(&all)
            .into_iter()
            .chain(crate::report::ranking_text::documents_note(&v));
        for n in notes {
            let _ = writeln!(out, "<p>{}</p>", esc(&n));
        }
    }
    out.push_str("</section>\n");
}

/// The model's chart and the comparison's charts and keyness table.
fn other_charts(
    out: &mut String,
    rep: &Report,
    charts: &Figures,
    tables: &Tables,
    largest: &[String],
) {
    let model: Vec<&str> = charts
        .drawn
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| n.starts_with("model_"))
        .collect();
    if !model.is_empty() {
        section_head(out, "model", "Model");
        out.push_str(
            "<p>The lexicon index beside the model's score (<code>outlets.csv</code>, columns \
             <code>model_*</code>); validation in <code>validation.csv</code>.</p>\n",
        );
        // how many scored documents a saved model was trained on
        let note = rep
            .model()
            .and_then(|m| super::in_training::note(&m.model, &m.source));
        if let Some(n) = note {
            let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(&n));
        }
        for name in model {
            figure(out, charts, name, "outlets.csv");
        }
        out.push_str("</section>\n");
    }
    let Some(keyness) = tables.keyness else {
        return;
    };
    section_head(out, "comparison", "Comparison");
    if let Some(c) = rep.comparison() {
        for note in &c.notes {
            let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(note));
        }
    }
    for (name, file) in [
        ("similarity", "similarity.csv"),
        ("outlet_map", "outlet_map.csv"),
    ] {
        figure(out, charts, name, file);
    }
    out.push_str(
        "<h3>Distinctive terms (keyness)</h3>\n<p>Terms each outlet uses more (or less) than \
         the others, by log odds with an informative prior (<code>keyness.csv</code>).</p>\n",
    );
    for (name, _) in charts
        .drawn
        .iter()
        .filter(|(n, _)| n.starts_with("keyness_"))
    {
        figure(out, charts, name, "keyness.csv");
    }
    // The keyness charts are of the largest outlets and any highlighted.
    let keyness_shown =
        selection::largest_with(largest, selection::TABLE_COMPARE, &rep.meta.highlight);
    let drawn = charts.drawn.iter().any(|(n, _)| n.starts_with("keyness_"));
    let order = order(&keyness_shown, drawn, "the charts above", largest);
    table::render_shared(
        out,
        "keyness",
        "keyness.csv",
        keyness,
        table::MAX_KEYNESS_ROWS,
        Some(&order),
    );
    out.push_str("</section>\n");
}

fn flags_section(out: &mut String, rep: &Report) {
    let o = &rep.meta.options;
    section_head(out, "flags", "Flags");
    let _ = writeln!(
        out,
        "<p>Flagged scores are reported, not hidden. Thresholds: at least {} and {} per outlet \
         and axis.</p><ul>",
        super::md::count(o.min_docs as u64, "document", "documents"),
        super::md::count(o.min_matches, "pole match", "pole matches")
    );
    for name in [
        "few_documents",
        "few_matches",
        "no_matches",
        "sentence_bootstrap",
    ] {
        let n = rep
            .tables()
            .outlet_rows
            .iter()
            .filter(|r| r.flags().iter().any(|f| f.as_str() == name))
            .count();
        let _ = writeln!(
            out,
            "<li><code>{name}</code> ({n} outlet-axis rows): {}</li>",
            table::flag_meaning(name).unwrap_or("")
        );
    }
    out.push_str("</ul></section>\n");
}

/// Charts that could not be drawn, and the version.
fn closing(out: &mut String, rep: &Report, charts: &Figures) {
    if !charts.problems.is_empty() {
        section_head(out, "not-drawn", "Charts not drawn");
        out.push_str("<ul>");
        for p in &charts.problems {
            let _ = write!(out, "<li>{}</li>", esc(p));
        }
        out.push_str("</ul></section>\n");
    }
    let _ = writeln!(
        out,
        "<footer class=\"note\"><p>slant {}. The tables above are the CSV files beside this \
         page; <code>report.md</code> holds the methods and <code>results.json</code> \
         everything.</p></footer>",
        esc(&rep.meta.slant_version)
    );
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }
}
