//! "How these numbers were computed" in `report.md`: the text, the
//! matching and the rates; with an axis the slant index, its interval and
//! the negation rule; the comparison's methods; the lexicons' hashes.

use std::fmt::Write;

use super::md::{code, esc};
use super::Report;

/// Appends the section, for the numbers this run computed.
pub(super) fn section(md: &mut String, rep: &Report) {
    let _ = writeln!(md, "## How these numbers were computed\n");
    let _ = writeln!(
        md,
        "- **Text.** Each document is split into paragraphs (a line break ends one unless the \
         next line starts in lower case), sentences and word tokens (runs of letters and digits, \
         joined across an apostrophe between letters and across `.` or `,` between digits). A \
         quotation runs from an opening to a closing double quote (or a curly single quote \
         opened at a word start), across sentences; a quote left open ends with its paragraph \
         unless the next paragraph reopens it.\n\
         - **Matching.** Text and lexicon forms are normalized alike (Unicode NFC, case folding \
         except for case-sensitive forms, dashes and white space to one space, one apostrophe \
         and one double quote). Forms match on word boundaries; a trailing `*` matches any \
         word ending; overlapping matches resolve leftmost, then longest; exclusions veto \
         the matches they overlap. A lexicon may declare a topic context: its terms then \
         count only within the allowed number of paragraphs of a context word, since many \
         framing words mean something else in other stories. See `lexicons/README.md`.\n\
         - **Frame rate** = matches of the frame's terms / word tokens x 1,000, per document \
         and per outlet (the outlet's documents pooled).\n"
    );
    slant_index(md, rep);
    rank_agreement(md, rep);
    negation(md, rep);
    if let Some(c) = rep.comparison() {
        // The comparison's items continue the list above.
        if md.ends_with("\n\n") {
            md.pop();
        }
        super::compare_text::methods(md, c);
        md.push('\n');
    }
    let _ = writeln!(
        md,
        "Lexicons used (the SHA-256 identifies the exact file):\n"
    );
    for l in &rep.meta.lexicons {
        let _ = writeln!(
            md,
            "- {} {} from {}, sha256 {}",
            code(&l.name),
            l.version
                .as_deref()
                .map_or(String::new(), |v| format!("version {}", esc(v))),
            code(&l.source),
            code(&l.sha256)
        );
    }
    let _ = writeln!(md, "\nslant {}.\n", rep.meta.slant_version);
}

/// How the model's outlet ranking is set against the lexicon's, when the
/// report gives that correlation.
fn rank_agreement(md: &mut String, rep: &Report) {
    let Some(m) = rep.model().filter(|m| m.scores.spearman.is_some()) else {
        return;
    };
    if md.ends_with("\n\n") {
        md.pop();
    }
    let o = &rep.meta.options;
    let _ = writeln!(
        md,
        "- **Model and lexicon rankings.** Spearman's rank correlation of the outlets' lexicon \
         index and model score on `{axis}` (average ranks for ties), over the outlets with both. \
         Its 95% interval is a percentile bootstrap over the outlets: the (lexicon, model) \
         pairs are resampled with replacement {b} times, the correlation recomputed each time \
         (a resample whose ranks do not vary is set aside; with more than half set aside there \
         is no interval), and the 2.5th and 97.5th percentiles taken, widened to hold the \
         estimate. It says how much the agreement depends on which outlets are in the corpus; \
         the documents within an outlet are not resampled for it. With fewer than {few} \
         outlets, or when every resample gives the same correlation (an interval of no width), \
         the report says the interval is not informative: a resample of a few outlets holds \
         fewer still distinct ones, and a few outlets ranked alike repeat the same correlation. \
         Seed {seed}, on its own \
         stream named `model/spearman`, so it does not depend on thread count.\n",
        axis = m.scores.model.axis.as_ref().map_or("", |a| a.axis.as_str()),
        b = o.bootstrap,
        few = crate::scores::model::SPEARMAN_MIN_OUTLETS,
        seed = o.seed
    );
}

/// What the negation rule does, what this run made of negated matches, and
/// what the rule cannot see.
fn negation(md: &mut String, rep: &Report) {
    if rep.set.axes.is_empty() {
        return;
    }
    let o = &rep.meta.options;
    let done = super::ranking_text::negation_done(o.negation);
    if md.ends_with("\n\n") {
        md.pop();
    }
    let _ = writeln!(
        md,
        "- **Negation.** A match up to {w} words after a negation cue in its sentence (\"not\", \
         \"no\", \"never\", a word ending in \"n't\", \"without\", \"denied\", \"far from\", ...) is \
         `negated` in `{matches}` when only function words stand between them: \"not an \
         invasion\", \"denied that it was an annexation\", \"no evidence of a coup\". Any other \
         word takes the negation for itself: \"wouldn't recognize any occupied territories\" \
         still calls them occupied. A comma, a turning word (\"but\", \"however\") or a \
         quotation mark ends a cue's reach, and two cues over one word cancel. In this run \
         negated pole matches were {done} (`--negation {p}`); frames and variant slots count \
         every mention, since a denial still brings the frame up. The rule reads word order, \
         not grammar or irony (\"what is this, if not an act of aggression?\" is marked): read \
         the marked matches before relying on a shift that negation makes. A lexicon sets its \
         own cues and window (`[negation]`, see `lexicons/README.md`).\n",
        w = rep.set.negation.rules.window,
        matches = rep.outputs().table_name("matches"),
        p = o.negation.as_str(),
    );
}

/// The slant index, its interval and the document score: with an axis
/// only, as a dictionary's categories have no poles to score.
fn slant_index(md: &mut String, rep: &Report) {
    if rep.set.axes.is_empty() {
        return;
    }
    let o = &rep.meta.options;
    if md.ends_with("\n\n") {
        md.pop();
    }
    let _ = writeln!(
        md,
        "- **Lexicon slant index** = (pos - neg) / (pos + neg + k), where pos and neg sum the \
         pole weights of the matches, a match in the outlet's own voice counting 1 and a \
         quoted match {q}; k = {k} keeps a single match from reading as certainty. An outlet's \
         index pools the counts of its documents. This is the relative proportional \
         difference of dictionary-based position scores (Laver and Garry 2000, *AJPS* 44(3)), \
         smoothed.\n\
         - **95% interval.** Percentile bootstrap (Efron and Tibshirani 1993): the outlet's \
         documents are resampled with replacement {b} times (its sentences, when it has one \
         document), the index recomputed each time, and the 2.5th and 97.5th percentiles \
         taken (linear interpolation between order statistics), widened to hold the index of \
         all the units in the rare skewed sample whose percentiles leave it out. Seed {seed}; each outlet and \
         axis draws from its own stream derived from the seed and their names, so results do \
         not depend on order or thread count.\n\
         - **Document score** (`documents.csv`): the same index on one document's counts.\n",
        q = o.quote_weight,
        k = o.smoothing,
        b = o.bootstrap,
        seed = o.seed
    );
}
