//! `lexicon suggest` as a library call: candidate lexicon terms: the words and phrases each outlet over-uses
//! that no lexicon form matches, with examples in context, for a researcher
//! to review. The corpus is read twice: once to count, once to find the
//! examples (standard input is copied aside in the first pass).

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::PathBuf;

use serde::Serialize;

use super::{pass, Spooled};
use crate::aggregate::words::WordCollector;
use crate::corpus::{Document, IdCheck, ReadOptions, ReadWarnings};
use crate::error::Error;
use crate::features::words::fold_into;
use crate::kwic::{row_at, KwicRow};
use crate::lexicon::{self, LexiconSource};
use crate::matching::{MatchedDoc, Matcher};
use crate::scores::compare::keyness::{all_outlets, KeynessOptions, KeynessRow};
use crate::stream::DocHook;
use crate::text::tokens;

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
    let mut found = examples(&best, &inputs, second, &matcher, config.examples)?;
    for (term, s) in &mut best {
        // the outlet's own uses first, then the others', each in input order
        let mut rows = found.remove(term).unwrap_or_default();
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

/// A second pass over the corpus: uses of each candidate in context, the
/// candidate's outlet's first `keep` and the other outlets' first `keep`,
/// in input order.
fn examples(
    best: &BTreeMap<String, Suggestion>,
    inputs: &[PathBuf],
    read: ReadOptions,
    matcher: &Matcher,
    keep: usize,
) -> Result<BTreeMap<String, Vec<KwicRow>>, Error> {
    let mut uses = Uses {
        terms: best
            .iter()
            .map(|(t, s)| (t.clone(), s.outlet.clone()))
            .collect(),
        longest: best.keys().map(|t| t.split(' ').count()).max().unwrap_or(1),
        window: 8,
        keep,
        found: HashMap::new(),
    };
    pass(inputs, read, matcher, &mut uses, &|_, _| {})?;
    Ok(uses
        .found
        .into_iter()
        .map(|(term, (mut own, other))| {
            own.extend(other);
            (term, own)
        })
        .collect())
}

/// The uses of candidate terms, found as they were counted: within each
/// sentence, its tokens folded, every run of up to `longest` words
/// ([`crate::aggregate::words::WordCollector`]'s n-grams). Candidates
/// overlap ("quokka", "quokka delegation", "delegation arrived"): finding
/// one pattern per place, as `kwic` does, gave each place to the longest
/// candidate there and left the others without the examples they have.
struct Uses {
    /// Each candidate, with the outlet that over-uses it.
    terms: HashMap<String, String>,
    /// Words in the longest candidate.
    longest: usize,
    /// Tokens of context either side.
    window: usize,
    /// Uses kept per candidate, of its outlet and of the others.
    keep: usize,
    /// Per candidate, its outlet's uses and the others', in input order.
    found: HashMap<String, (Vec<KwicRow>, Vec<KwicRow>)>,
}

impl DocHook for Uses {
    type Item = Vec<KwicRow>;

    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Vec<KwicRow> {
        let mut rows = Vec::new();
        let mut toks: Option<Vec<Range<usize>>> = None;
        let mut words: Vec<(String, Range<usize>)> = Vec::new();
        let mut key = String::new();
        for span in &m.layout.sentences {
            words.clear();
            for t in tokens(&doc.text[span.clone()]) {
                let at = span.start + t.start..span.start + t.end;
                let mut w = String::new();
                fold_into(&doc.text[at.clone()], &mut w);
                words.push((w, at));
            }
            for i in 0..words.len() {
                key.clear();
                for n in 1..=self.longest.min(words.len() - i) {
                    if n > 1 {
                        key.push(' ');
                    }
                    key.push_str(&words[i + n - 1].0);
                    if self.terms.contains_key(key.as_str()) {
                        let toks = toks.get_or_insert_with(|| tokens(&doc.text).collect());
                        let hit = words[i].1.start..words[i + n - 1].1.end;
                        rows.push(row_at(doc, toks, hit, self.window, &key));
                    }
                }
            }
        }
        rows
    }

    fn consume(&mut self, _: &Document, _: &MatchedDoc, rows: Vec<KwicRow>) -> std::io::Result<()> {
        for r in rows {
            let Some(outlet) = self.terms.get(&r.pattern) else {
                continue;
            };
            let (own, other) = self.found.entry(r.pattern.clone()).or_default();
            let list = if r.outlet == *outlet { own } else { other };
            if list.len() < self.keep {
                list.push(r);
            }
        }
        Ok(())
    }
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
