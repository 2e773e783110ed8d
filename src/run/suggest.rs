//! `lexicon suggest` as a library call: candidate lexicon terms: the words and phrases each outlet over-uses
//! that no lexicon form matches, with examples in context, for a researcher
//! to review. The corpus is read twice: once to count, once to find the
//! examples (standard input is copied aside in the first pass).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::{pass, Spooled};
use crate::aggregate::words::WordCollector;
use crate::corpus::{IdCheck, ReadOptions, ReadWarnings};
use crate::error::Error;
use crate::kwic::{pattern_matcher, pattern_set, Kwic, KwicRow};
use crate::lexicon::{self, LexiconSource};
use crate::matching::Matcher;
use crate::scores::compare::keyness::{all_outlets, KeynessOptions, KeynessRow};

/// What to look for.
#[derive(Debug, Clone)]
pub struct SuggestConfig {
    /// Corpus inputs.
    pub inputs: Vec<PathBuf>,
    /// How to read them.
    pub read: ReadOptions,
    /// The lexicons whose gaps are sought.
    pub lexicons: Vec<LexiconSource>,
    /// Keyness prior and gate.
    pub keyness: KeynessOptions,
    /// Candidates per outlet (default 10).
    pub per_outlet: usize,
    /// Least z-score of a candidate (default 1.96).
    pub min_z: f64,
    /// Examples per candidate (default 2).
    pub examples: usize,
}

/// A candidate term.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    /// The outlet that over-uses it most.
    pub outlet: String,
    /// The word or phrase.
    pub term: String,
    /// Its keyness z-score for that outlet.
    pub z: f64,
    /// Occurrences in the outlet.
    pub count_target: u64,
    /// Occurrences in the other outlets.
    pub count_reference: u64,
    /// Where it occurs, the outlet's own uses first.
    pub examples: Vec<KwicRow>,
}

/// Finds candidate terms; with what the reading of the corpus found that
/// may be wrong.
pub fn suggest(config: &SuggestConfig) -> Result<(Vec<Suggestion>, ReadWarnings), Error> {
    let prior = config.keyness.prior_size;
    crate::params::ensure(
        prior.is_finite() && prior > 0.0,
        "keyness.prior_size",
        || format!("must be a number > 0, not {prior}"),
    )?;
    let set = lexicon::load(&config.lexicons)?.set;
    let matcher = Matcher::new(&set)?;
    let (spool, mut read) = Spooled::first_pass(&config.inputs, &config.read)?;
    let keyness = KeynessOptions {
        top: usize::MAX,
        ..config.keyness.clone()
    };
    // ids checked by a sort (memory flat in records), known to the second pass
    read.ids = IdCheck::AtEnd(None);
    let mut words = WordCollector::new(&set, 3, None);
    let mut reader = pass(&config.inputs, read, &matcher, &mut words, &|_, _| {})?;
    let known = reader.known_ids();
    let warnings = reader.take_warnings();
    drop(reader);
    let (counts, _, _) = words
        .finish()
        .map_err(|e| Error::Report(crate::report::ReportError::Io(e)))?;
    let mut best = uncovered(&all_outlets(&counts, &keyness), &matcher, config);
    if best.is_empty() || config.examples == 0 {
        return Ok((sorted(best), warnings));
    }
    let (inputs, mut second) = spool.second_pass(&config.inputs, &config.read);
    second.ids = known;
    let mut found = examples(&best, &inputs, second)?;
    for (term, s) in &mut best {
        let mut rows = found.remove(term).unwrap_or_default();
        // the outlet's own uses first, then input order (stable sort)
        rows.sort_by_key(|r| r.outlet != s.outlet);
        rows.truncate(config.examples);
        s.examples = rows;
    }
    Ok((sorted(best), warnings))
}

/// Per outlet, the strongest over-used terms that no lexicon form matches
/// (numbers left out), keyed by term.
fn uncovered(
    rows: &[KeynessRow],
    matcher: &Matcher,
    config: &SuggestConfig,
) -> BTreeMap<String, Suggestion> {
    let mut best: BTreeMap<String, Suggestion> = BTreeMap::new();
    let mut per: BTreeMap<String, usize> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.z >= config.min_z) {
        let covered = !matcher.find(&r.term).is_empty();
        let numeric = r
            .term
            .split(' ')
            .all(|w| w.chars().all(|c| c.is_ascii_digit()));
        if covered || numeric || per.get(&r.target).is_some_and(|&n| n >= config.per_outlet) {
            continue;
        }
        if best.get(&r.term).is_some_and(|s| s.z >= r.z) {
            continue;
        }
        *per.entry(r.target.clone()).or_insert(0) += 1;
        best.insert(
            r.term.clone(),
            Suggestion {
                outlet: r.target.clone(),
                term: r.term.clone(),
                z: r.z,
                count_target: r.count_target,
                count_reference: r.count_reference,
                examples: Vec::new(),
            },
        );
    }
    best
}

/// A second pass over the corpus: every use of each candidate in context.
fn examples(
    best: &BTreeMap<String, Suggestion>,
    inputs: &[PathBuf],
    read: ReadOptions,
) -> Result<BTreeMap<String, Vec<KwicRow>>, Error> {
    let terms: Vec<String> = best.keys().cloned().collect();
    let patterns = pattern_set(&terms, false).map_err(Error::Invalid)?;
    let pm = pattern_matcher(&patterns)?;
    let mut found: BTreeMap<String, Vec<KwicRow>> = BTreeMap::new();
    pass(
        inputs,
        read,
        &pm,
        &mut Kwic::new(&patterns, 8, |rows: Vec<KwicRow>| {
            for r in rows {
                found.entry(r.pattern.clone()).or_default().push(r);
            }
            Ok(())
        }),
        &|_, _| {},
    )?;
    Ok(found)
}

fn sorted(best: BTreeMap<String, Suggestion>) -> Vec<Suggestion> {
    let mut out: Vec<Suggestion> = best.into_values().collect();
    out.sort_by(|a, b| {
        a.outlet
            .cmp(&b.outlet)
            .then(b.z.total_cmp(&a.z))
            .then(a.term.cmp(&b.term))
    });
    out
}

/// The candidates as a lexicon file to edit: one `candidates` frame whose
/// terms carry the evidence in their notes. It loads as it is, so a
/// researcher can check it, then give terms poles and rewrite the notes.
pub fn to_toml(suggestions: &[Suggestion]) -> Result<String, toml::ser::Error> {
    #[derive(Serialize)]
    struct File<'a> {
        lexicon: Meta,
        frame: [Frame<'a>; 1],
    }
    #[derive(Serialize)]
    struct Meta {
        name: &'static str,
        description: &'static str,
    }
    #[derive(Serialize)]
    struct Frame<'a> {
        id: &'static str,
        label: &'static str,
        description: &'static str,
        term: Vec<Term<'a>>,
    }
    #[derive(Serialize)]
    struct Term<'a> {
        text: &'a str,
        note: String,
    }
    let terms = suggestions
        .iter()
        .map(|s| {
            let example = s
                .examples
                .first()
                .map_or(String::new(), |e| format!("; e.g. \"... {} {} {} ...\" ({})", e.pre, e.keyword, e.post, e.docname));
            Term {
                text: &s.term,
                note: format!(
                    "CANDIDATE, review: over-used by {} (z = {:.2}; {} vs {} in the other outlets){example}",
                    s.outlet, s.z, s.count_target, s.count_reference
                ),
            }
        })
        .collect();
    let file = File {
        lexicon: Meta {
            name: "candidates",
            description: "Distinctive terms the loaded lexicons lack, proposed by slant lexicon suggest",
        },
        frame: [Frame {
            id: "candidates",
            label: "Candidates to review",
            description: "Keep a term only if it carries framing; move it to a frame, give it a pole if it has one, and rewrite its note.",
            term: terms,
        }],
    };
    let body = toml::to_string(&file)?;
    Ok(format!("# Candidate terms from `slant lexicon suggest`: none is a framing term until a researcher says so.\n{body}"))
}
