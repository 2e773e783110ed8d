//! The page's LSS section, when `--lss` ran: what the scale is and is
//! not, the chart of LSS outlet scores beside the other scores, the rows
//! of `lss_outlets.csv` (scores with their intervals) and the words of
//! strongest polarity from `lss_words.csv`.

use std::fmt::Write;

use super::{esc, figure, section_head, table};
use crate::report::format::Table;
use crate::report::Report;

/// Words shown, shared between the two sides.
const WORDS_SHOWN: usize = 40;

/// The section, when LSS was asked for.
pub(super) fn section(
    out: &mut String,
    rep: &Report,
    charts: &super::Figures,
    tables: Option<(&Table, &Table)>,
    largest: &[String],
) {
    if rep.lss.is_none() && rep.lss_note.is_none() {
        return;
    }
    section_head(out, "lss", "Latent Semantic Scaling");
    if let Some(why) = rep.lss_note {
        let _ = writeln!(
            out,
            "<p>LSS was asked for but could not be fitted: {}</p>",
            esc(why)
        );
    }
    let (Some(v), Some((outlets, words))) = (rep.lss, tables) else {
        out.push_str("</section>\n");
        return;
    };
    let _ = writeln!(
        out,
        "<p>Latent Semantic Scaling learns each word's polarity from the company it keeps with \
         the seed words ({}), from <b>{}</b> (−) to <b>{}</b> (+), and scores documents and \
         outlets by the polarity of all their words, so it reaches words no lexicon lists. An \
         outlet's score is the mean of its documents' standardized scores, in standard \
         deviations of document scores, with a 95% bootstrap interval \
         (<code>ci_low</code>, <code>ci_high</code>). It measures topic as much as framing, and \
         its zero is an average document, not neutrality: <code>report.md</code> says how it \
         was computed and what it does not measure.</p>",
        esc(&v.seeds_from),
        esc(&v.negative_label),
        esc(&v.positive_label)
    );
    figure(
        out,
        charts,
        crate::report::lss_chart::CHART,
        "lss_outlets.csv",
    );
    let shown: Vec<String> = crate::report::lss_chart::shown(v)
        .0
        .iter()
        .map(|r| r.outlet.clone())
        .collect();
    let drawn = charts.has(crate::report::lss_chart::CHART);
    let order = super::order(&shown, drawn, "the chart above", largest);
    table::render(
        out,
        "lss-outlets",
        "lss_outlets.csv",
        outlets,
        table::MAX_OUTLET_ROWS,
        Some(&order),
    );
    out.push_str(
        "<h3>Words of strongest polarity</h3>\n<p>What the scale learned, for a reader to check \
         for nonsense: the words most toward each end among words seen 10 times or more \
         (<code>seed_weight</code> marks the seeds).</p>\n",
    );
    // Words, not outlets: each side keeps its strongest.
    table::render_shared(out, "lss-words", "lss_words.csv", words, WORDS_SHOWN, None);
    out.push_str("</section>\n");
}
