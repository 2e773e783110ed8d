//! Latent Semantic Scaling in the report: `lss_words.csv`,
//! `lss_documents.csv`, `lss_outlets.csv` and `lss_evidence.csv`, the
//! chart of LSS outlet scores beside the lexicon index (drawn from the
//! rows of `lss_outlets.csv`), the `report.md` section and the
//! `results.json` member. Everything shown was computed in
//! `scores::lss`.

use std::fmt::Write;

use serde::Serialize;

use super::figures::Figures;
use super::lss_chart::{shown, CHART};
use super::md::{chart_link, code, esc, interval, signed};
use super::sink::Sink;
use super::{Csv, Format, OutputOptions, Report, ReportError, Table, TableList};
use crate::output::Staging;
use crate::scores::lss::{LssOutletRow, LssView};

/// Words shown per side in `report.md` (`lss_words.csv` has more).
const WORDS_SHOWN: usize = 15;

/// Writes the LSS tables into the staging folder; returns the outlets'
/// and the words' tables, which the page shows too.
pub(super) fn write_tables(
    staging: &Staging,
    o: &OutputOptions,
    v: &LssView,
    tables: &mut TableList,
) -> Result<(Table, Table), ReportError> {
    let mut put = |name: String, t: &Table, gzip: bool| -> Result<(), ReportError> {
        Sink::write_all_to(&staging.path().join(&name), gzip, &Csv.render(t)?)?;
        tables.insert(name, t.rows.len() as u64);
        Ok(())
    };
    let words = Table::from_rows(&v.words)?;
    put("lss_words.csv".into(), &words, false)?;
    // A row per document: gzipped with `--gzip`, as documents.csv is.
    let docs = Table::from_rows(&v.documents)?;
    put(o.table_name("lss_documents"), &docs, o.gzip)?;
    let outlets = Table::from_rows(&v.outlets)?;
    put("lss_outlets.csv".into(), &outlets, false)?;
    let evidence = Table::from_rows(&v.evidence)?;
    put("lss_evidence.csv".into(), &evidence, false)?;
    Ok((outlets, words))
}

/// The `report.md` section: what LSS does and does not measure, the
/// seeds, the outlets, the words and the sentences behind the scores.
pub(super) fn section(md: &mut String, rep: &Report, figures: &Figures) {
    if let Some(why) = rep.lss_note {
        let _ = writeln!(
            md,
            "## Latent Semantic Scaling\n\nLSS was asked for but could not be fitted: {}\n",
            esc(why)
        );
    }
    let Some(v) = rep.lss else { return };
    let _ = writeln!(md, "## Latent Semantic Scaling\n");
    let _ = writeln!(
        md,
        "LSS (Watanabe 2021, as in the R package LSX) {}: every sentence is a row of word counts, \
         a truncated SVD ({} dimensions, {} sentences, {} words seen {} times or more) turns words \
         into vectors, and a word's polarity is its cosine similarity to the seed words of the {} \
         end minus that to the {} end's (seeds: {}). A document's score is the mean polarity of \
         its words, standardized {}; an outlet's is the mean of its documents', with a 95% \
         bootstrap interval over documents ({} resamples, seed {}).\n",
        learned_from(v),
        v.dims,
        v.sentences,
        v.vocabulary,
        v.min_count,
        esc(&v.positive_label),
        esc(&v.negative_label),
        esc(&v.seeds_from),
        standardized(v),
        rep.meta.options.bootstrap(),
        v.seed
    );
    let _ = writeln!(
        md,
        "What it does not measure: LSS scores how much an outlet's words keep the company of the \
         seed words, and that is topic as much as framing: an outlet that covers more of the \
         stories where one side's seed words occur leans that way even when it reports them \
         neutrally. Its zero is an average document, not neutrality, and its scores are not \
         comparable across corpora. This run has no labels, so nothing in it says whether LSS \
         tells framing apart better than counting its own seed words; the README (\"Does it beat \
         its own seed words?\") measures that on a labelled benchmark, where it did not. Read it \
         as exploratory, and check the words below for nonsense.\n"
    );
    seeds_paragraph(md, v);
    outlets_table(md, v);
    chart_link(
        md,
        figures,
        CHART,
        "LSS outlet scores beside the lexicon index",
    );
    words_lists(md, v);
    evidence_list(md, v);
}

/// Where the scale was learned, as the section's first sentence says it.
fn learned_from(v: &LssView) -> String {
    let background = |files: &[String]| {
        let names: Vec<String> = files.iter().map(|f| code(f)).collect();
        format!("the background corpus {}", names.join(", "))
    };
    match (&v.saved, v.background.is_empty()) {
        (Some(s), true) => format!(
            "scores this corpus with a scale saved in {} (sha256 {}), learned from the corpus it was fitted on",
            code(&s.file),
            &s.sha256[..12.min(s.sha256.len())]
        ),
        (Some(s), false) => format!(
            "scores this corpus with a scale saved in {} (sha256 {}), learned from {}",
            code(&s.file),
            &s.sha256[..12.min(s.sha256.len())],
            background(&v.background)
        ),
        (None, true) => "learns a scale from this corpus".into(),
        (None, false) => format!(
            "learns a scale from {} and scores this corpus with it",
            background(&v.background)
        ),
    }
}

/// What a standardized score's zero and unit are.
fn standardized(v: &LssView) -> String {
    match &v.saved {
        Some(s) => format!(
            "with the mean and standard deviation saved with the scale (0 = the average of the {} \
             documents of the run that fitted it, 1 = one standard deviation there)",
            s.documents
        ),
        None => {
            "over this corpus (0 = the average document here, 1 = one standard deviation)".into()
        }
    }
}

fn seeds_paragraph(md: &mut String, v: &LssView) {
    let list: Vec<String> = v
        .seeds
        .iter()
        .map(|s| format!("{} {:+.3}", code(&s.word), s.weight))
        .collect();
    let _ = writeln!(
        md,
        "Seed words found (weight; each end's sum to 1): {}.",
        list.join(", ")
    );
    if !v.missing_seeds.is_empty() {
        let _ = writeln!(
            md,
            "Seeds not found {} times or more: {}.",
            v.min_count,
            capped(&v.missing_seeds)
        );
    }
    if !v.phrases.is_empty() {
        let _ = writeln!(
            md,
            "Left out as more than one word (LSS scales single words): {}.",
            capped(&v.phrases)
        );
    }
    if v.dims * 2 > v.vocabulary {
        let _ = writeln!(
            md,
            "\n**This corpus is too small for LSS**: {} dimensions for {} words reduce almost \
             nothing, so words barely share vectors and polarities stay near zero.",
            v.dims, v.vocabulary
        );
    }
    md.push('\n');
}

/// Up to `LISTED` terms as code, and how many more (results.json has all).
fn capped(terms: &[String]) -> String {
    const LISTED: usize = 20;
    let mut s = terms
        .iter()
        .take(LISTED)
        .map(|t| code(t))
        .collect::<Vec<_>>()
        .join(", ");
    if terms.len() > LISTED {
        let _ = write!(
            s,
            " and {} more (results.json lists them)",
            terms.len() - LISTED
        );
    }
    s
}

fn outlets_table(md: &mut String, v: &LssView) {
    let (rows, left_out, divider) = shown(v);
    let _ = writeln!(md, "| outlet | LSS score | 95% interval | documents | lexicon index | 95% interval | flags |\n|---|---:|---|---:|---:|---|---|");
    for (i, r) in rows.iter().enumerate() {
        if divider == Some(i) {
            let _ = writeln!(
                md,
                "| \u{2026} {left_out} more outlets (lss_outlets.csv) | | | | | | |"
            );
        }
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} |",
            esc(&r.outlet),
            r.score.map_or("n/a".into(), signed),
            interval(r.ci_low, r.ci_high),
            r.n_docs,
            r.lexicon_index.map_or("n/a".into(), signed),
            interval(r.lexicon_ci_low, r.lexicon_ci_high),
            esc(&r.flags)
        );
    }
    if divider == Some(rows.len()) {
        let _ = writeln!(
            md,
            "| \u{2026} {left_out} more outlets (lss_outlets.csv) | | | | | | |"
        );
    }
    md.push('\n');
}

fn words_lists(md: &mut String, v: &LssView) {
    for (side, label) in [
        ("positive", &v.positive_label),
        ("negative", &v.negative_label),
    ] {
        let words: Vec<String> = v
            .words
            .iter()
            .filter(|w| w.side == side)
            .take(WORDS_SHOWN)
            .map(|w| format!("{} {:+.3}", code(&w.word), w.polarity))
            .collect();
        let _ = writeln!(
            md,
            "Words most toward {} (lss_words.csv has {} each way): {}.\n",
            esc(label),
            crate::scores::lss::TOP_WORDS,
            words.join(", ")
        );
    }
}

fn evidence_list(md: &mut String, v: &LssView) {
    let (rows, _, _) = shown(v);
    if v.evidence.is_empty() {
        return;
    }
    let _ = writeln!(md, "### Sentences that drive each outlet's LSS score\n");
    for r in rows {
        let ev: Vec<_> = v.evidence.iter().filter(|e| e.outlet == r.outlet).collect();
        if ev.is_empty() {
            continue;
        }
        let _ = writeln!(
            md,
            "**{}** ({}):\n",
            esc(&r.outlet),
            r.score.map_or("n/a".into(), signed)
        );
        for e in ev {
            let _ = writeln!(
                md,
                "- \u{201c}{}\u{201d} ({}, sentence {}, {:+.3})",
                esc(&e.text),
                code(&e.id),
                e.sentence + 1,
                e.contribution
            );
        }
        md.push('\n');
    }
}

/// What `results.json` holds of LSS: everything but the document rows
/// (in `lss_documents.csv`).
#[derive(Serialize)]
pub(super) struct LssJson<'a> {
    seeds_from: &'a str,
    negative_label: &'a str,
    positive_label: &'a str,
    dims: usize,
    sentences: usize,
    vocabulary: usize,
    min_count: u64,
    seed: u64,
    seeds: &'a [crate::lss::SeedWord],
    missing_seeds: &'a [String],
    phrases: &'a [String],
    outlets: &'a [LssOutletRow],
    words: &'a [crate::scores::lss::LssWordRow],
    evidence: &'a [crate::scores::lss::LssEvidenceRow],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    background: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    saved: Option<&'a crate::scores::lss::SavedFrom>,
}

/// The `results.json` member.
pub(super) fn json(v: &LssView) -> LssJson<'_> {
    LssJson {
        seeds_from: &v.seeds_from,
        negative_label: &v.negative_label,
        positive_label: &v.positive_label,
        dims: v.dims,
        sentences: v.sentences,
        vocabulary: v.vocabulary,
        min_count: v.min_count,
        seed: v.seed,
        seeds: &v.seeds,
        missing_seeds: &v.missing_seeds,
        phrases: &v.phrases,
        outlets: &v.outlets,
        words: &v.words,
        evidence: &v.evidence,
        background: &v.background,
        saved: v.saved.as_ref(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scores::Standing;

    fn view(ranked: usize, thin: usize) -> LssView {
        let row = |i: usize, standing| LssOutletRow {
            outlet: format!("o{i:03}"),
            n_docs: 5,
            n_words: 10,
            score: Some(i as f64),
            ci_low: None,
            ci_high: None,
            flags: String::new(),
            standing,
            lexicon_index: None,
            lexicon_ci_low: None,
            lexicon_ci_high: None,
            model_score: None,
            model_ci_low: None,
            model_ci_high: None,
        };
        let mut outlets: Vec<LssOutletRow> =
            (0..ranked).map(|i| row(i, Standing::Ranked)).collect();
        outlets.extend((ranked..ranked + thin).map(|i| row(i, Standing::FewDocuments)));
        LssView {
            seeds_from: String::new(),
            negative_label: "neg".into(),
            positive_label: "pos".into(),
            dims: 2,
            sentences: 0,
            vocabulary: 0,
            min_count: 5,
            seed: 42,
            seeds: vec![],
            missing_seeds: vec![],
            phrases: vec![],
            words: vec![],
            documents: vec![],
            outlets,
            evidence: vec![],
            background: vec![],
            saved: None,
        }
    }

    #[test]
    fn many_ranked_outlets_show_the_highest_and_lowest_ranked() {
        let v = view(40, 3);
        let (rows, left_out, divider) = shown(&v);
        let names: Vec<&str> = rows.iter().map(|r| r.outlet.as_str()).collect();
        // Ranked o000..o039 by score, highest first: o039..o025, then
        // o014..o000; the thin outlets (o040..o042) are not among them.
        assert_eq!(
            (names[0], names[14], names[15], names[29]),
            ("o039", "o025", "o014", "o000")
        );
        assert_eq!((rows.len(), left_out, divider), (30, 13, Some(15)));
    }

    #[test]
    fn few_ranked_outlets_are_followed_by_the_thin_ones() {
        let v = view(5, 3);
        let (rows, left_out, divider) = shown(&v);
        let names: Vec<&str> = rows.iter().map(|r| r.outlet.as_str()).collect();
        assert_eq!(
            names,
            ["o004", "o003", "o002", "o001", "o000", "o007", "o006", "o005"]
        );
        assert_eq!((left_out, divider), (0, None));
        // 25 ranked and 5 of the 10 thin fill the 30 rows; the line after.
        let v = view(25, 10);
        let (rows, left_out, divider) = shown(&v);
        assert_eq!((rows.len(), left_out, divider), (30, 5, Some(30)));
        assert_eq!(rows[25].outlet, "o034");
    }
}
