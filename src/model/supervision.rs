//! Where training labels come from, and the hook that gathers training
//! units while the corpus is matched:
//!
//! - **weak labels** from the lexicon: a sentence whose pole matches on an
//!   axis all point to one pole is a unit of that pole, with those matches
//!   masked out of its text and lexicon features (Go, Bhayani and Huang
//!   2009), so the model learns the words around them;
//! - **reference outlets** (as in Wordscores): every document of a
//!   reference outlet is a unit of its class;
//! - **a labels file**: document ids, or document ids with sentence indices,
//!   each with a class.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::path::Path;

use serde::Serialize;

use super::design::Passage;
use super::vocab::ngrams;
use super::ModelError;
use crate::corpus::Document;
use crate::features::{columns, lexicon_row};
use crate::lexicon::LexiconSet;
use crate::matching::{Hit, MatchedDoc};
use crate::pipeline::DocHook;
use crate::text::QuoteWeight;

/// What a model classifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Sentences; a document's probabilities are the token-weighted mean of
    /// its sentences'.
    Sentence,
    /// Whole documents.
    Document,
}

/// Labels read from a file.
#[derive(Debug, Clone, Default)]
pub struct LabelFile {
    /// The file, as given.
    pub path: String,
    /// (document id, sentence) -> (class, line).
    pub labels: HashMap<(String, Option<u32>), (String, u64)>,
}

/// The source of a training run's labels.
#[derive(Debug, Clone)]
pub enum Supervision {
    /// Lexicon poles on this axis (index into the set's axes).
    Weak {
        /// The axis.
        axis: usize,
    },
    /// Outlet -> class.
    References(Vec<(String, String)>),
    /// A labels file.
    Labels(LabelFile),
}

impl Supervision {
    /// What the units are.
    pub fn unit(&self) -> Unit {
        match self {
            Supervision::Weak { .. } => Unit::Sentence,
            Supervision::References(_) => Unit::Document,
            Supervision::Labels(l) if l.labels.keys().any(|(_, s)| s.is_some()) => Unit::Sentence,
            Supervision::Labels(_) => Unit::Document,
        }
    }
}

/// Parses `OUTLET=CLASS`.
pub fn parse_reference(arg: &str) -> Result<(String, String), String> {
    match arg.rsplit_once('=') {
        Some((o, c)) if !o.trim().is_empty() && !c.trim().is_empty() => {
            Ok((o.trim().to_string(), c.trim().to_string()))
        }
        _ => Err(format!("`{arg}`: expected OUTLET=CLASS, e.g. RT=kremlin")),
    }
}

/// Reads a labels file: CSV (columns `id`, optional `sentence`, `class`;
/// `doc_id` and `label` are accepted too) or JSONL with the same fields.
pub fn read_labels(path: &Path) -> Result<LabelFile, ModelError> {
    let label = path.display().to_string();
    let err = |line: u64, msg: String| ModelError::Labels(format!("{label}:{line}: {msg}"));
    let bytes =
        std::fs::read(path).map_err(|e| ModelError::Labels(format!("cannot read {label}: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        err(line, "not valid UTF-8".into())
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let mut rows: Vec<(u64, String, Option<String>, String)> = Vec::new();
    let is_jsonl = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"));
    let pick =
        |get: &dyn Fn(&str) -> Option<String>, names: &[&str]| names.iter().find_map(|n| get(n));
    if is_jsonl {
        for (i, line) in text.lines().enumerate() {
            let ln = i as u64 + 1;
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(line)
                .map_err(|e| err(ln, format!("malformed JSON record: {e}")))?;
            let get = |k: &str| -> Option<String> {
                match v.get(k)? {
                    serde_json::Value::String(s) => Some(s.clone()),
                    serde_json::Value::Null => None,
                    other => Some(other.to_string()),
                }
            };
            let id = pick(&get, &["id", "doc_id"])
                .ok_or_else(|| err(ln, "missing field `id`".into()))?;
            let class = pick(&get, &["class", "label"])
                .ok_or_else(|| err(ln, "missing field `class`".into()))?;
            rows.push((ln, id, get("sentence"), class));
        }
    } else {
        let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let headers: Vec<String> = rdr
            .headers()
            .map_err(|e| err(1, format!("cannot read the header: {e}")))?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
        let (Some(id_col), Some(class_col)) = (col(&["id", "doc_id"]), col(&["class", "label"]))
        else {
            return Err(err(
                1,
                format!(
                    "needs columns `id` and `class` (found: {})",
                    headers.join(", ")
                ),
            ));
        };
        let sent_col = col(&["sentence"]);
        for rec in rdr.records() {
            let rec = rec.map_err(|e| {
                let line = e.position().map_or(0, |p| {
                    crate::corpus::line_of_byte(text.as_bytes(), p.byte())
                });
                err(
                    line,
                    format!("malformed CSV record: {}", crate::corpus::csv_message(&e)),
                )
            })?;
            let ln = rec.position().map_or(0, |p| {
                crate::corpus::line_of_byte(text.as_bytes(), p.byte())
            });
            let get = |c: Option<usize>| {
                c.and_then(|c| rec.get(c))
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
            };
            rows.push((
                ln,
                get(Some(id_col)).unwrap_or("").to_string(),
                get(sent_col).map(String::from),
                get(Some(class_col)).unwrap_or("").to_string(),
            ));
        }
    }
    let mut labels = HashMap::new();
    for (ln, id, sentence, class) in rows {
        if id.trim().is_empty() {
            return Err(err(ln, "empty id".into()));
        }
        if class.trim().is_empty() {
            return Err(err(ln, format!("document `{id}` has an empty class")));
        }
        let sentence = match sentence {
            None => None,
            Some(s) => Some(s.trim().parse::<u32>().map_err(|_| {
                err(
                    ln,
                    format!("sentence must be a whole number (as in matches.csv), not `{s}`"),
                )
            })?),
        };
        if let Some((_, first)) = labels.insert(
            (id.trim().to_string(), sentence),
            (class.trim().to_string(), ln),
        ) {
            return Err(err(
                ln,
                format!("document `{id}` is labelled twice (first at line {first})"),
            ));
        }
    }
    if labels.is_empty() {
        return Err(ModelError::Labels(format!("{label}: no labels")));
    }
    let sentences = labels.keys().filter(|(_, s)| s.is_some()).count();
    if sentences > 0 && sentences < labels.len() {
        return Err(ModelError::Labels(format!(
            "{label}: label either documents or sentences, not both ({sentences} of {} rows give a sentence)",
            labels.len()
        )));
    }
    Ok(LabelFile {
        path: label,
        labels,
    })
}

/// One training unit.
#[derive(Debug, Clone)]
pub struct TrainingUnit {
    /// Index of its document in input order (the group for validation).
    pub doc: u32,
    /// Its document's id.
    pub doc_id: String,
    /// Its outlet.
    pub outlet: String,
    /// Its sentence, for sentence units.
    pub sentence: Option<u32>,
    /// Its class name.
    pub class: String,
    /// Its features, before the vocabulary.
    pub passage: Passage,
}

/// Gathers training units as documents are matched.
pub struct Collector<'a> {
    set: &'a LexiconSet,
    supervision: &'a Supervision,
    ngrams: usize,
    quote_weight: QuoteWeight,
    width: usize,
    docs: u32,
    /// The units, in input order.
    pub units: Vec<TrainingUnit>,
    /// Labels or references that found their document or outlet.
    found: BTreeSet<String>,
    problems: Vec<String>,
}

impl<'a> Collector<'a> {
    /// A collector for `supervision`; `ngrams` as in the text options.
    pub fn new(
        set: &'a LexiconSet,
        supervision: &'a Supervision,
        ngrams: usize,
        quote_weight: QuoteWeight,
    ) -> Self {
        Collector {
            set,
            supervision,
            ngrams,
            quote_weight,
            width: columns(set).len(),
            docs: 0,
            units: Vec::new(),
            found: BTreeSet::new(),
            problems: Vec::new(),
        }
    }

    fn passage<'h>(
        &self,
        text: &str,
        spans: &[Range<usize>],
        masked: &[Range<usize>],
        hits: impl Iterator<Item = &'h Hit>,
        tokens: u64,
    ) -> Passage {
        let mut row = vec![0.0; self.width];
        lexicon_row(self.set, hits, tokens, &mut row);
        Passage::new(&row, ngrams(text, spans, masked, self.ngrams))
    }

    /// The weakly labelled sentences of `m` on `axis`: (sentence, pole id,
    /// passage with the pole matches masked).
    fn weak(
        &self,
        doc: &Document,
        m: &MatchedDoc,
        axis: usize,
    ) -> Vec<(Option<u32>, String, Passage)> {
        let ax = &self.set.axes[axis];
        let mut out = Vec::new();
        for (s, span) in m.layout.sentences.iter().enumerate() {
            let hits: Vec<&Hit> = m.hits.iter().filter(|h| h.sentence as usize == s).collect();
            let (mut pos, mut neg) = (0.0, 0.0);
            let mut masked = Vec::new();
            for h in &hits {
                for p in self.set.entries[h.m.entry as usize]
                    .poles
                    .iter()
                    .filter(|p| p.axis == axis)
                {
                    let w = p.weight * self.quote_weight.of(h.voice);
                    if p.positive {
                        pos += w;
                    } else {
                        neg += w;
                    }
                    masked.push(h.m.start..h.m.end);
                }
            }
            let pole = match (pos > 0.0, neg > 0.0) {
                (true, false) => &ax.positive.id,
                (false, true) => &ax.negative.id,
                _ => continue,
            };
            let kept = hits
                .iter()
                .copied()
                .filter(|h| !masked.contains(&(h.m.start..h.m.end)));
            let tokens = u64::from(m.layout.sentence_tokens[s]);
            let passage =
                self.passage(&doc.text, std::slice::from_ref(span), &masked, kept, tokens);
            out.push((Some(s as u32), pole.clone(), passage));
        }
        out
    }
}

impl DocHook for Collector<'_> {
    type Item = Vec<(Option<u32>, String, Passage)>;

    fn prepare(&self, doc: &Document, m: &MatchedDoc) -> Self::Item {
        let whole = || {
            self.passage(
                &doc.text,
                &m.layout.sentences,
                &[],
                m.hits.iter(),
                m.layout.tokens(),
            )
        };
        match self.supervision {
            Supervision::Weak { axis } => self.weak(doc, m, *axis),
            Supervision::References(refs) => refs
                .iter()
                .find(|(o, _)| *o == doc.outlet)
                .map(|(_, c)| vec![(None, c.clone(), whole())])
                .unwrap_or_default(),
            Supervision::Labels(file) => {
                let mut out = Vec::new();
                if let Some((c, _)) = file.labels.get(&(doc.id.clone(), None)) {
                    out.push((None, c.clone(), whole()));
                }
                for (s, span) in m.layout.sentences.iter().enumerate() {
                    if let Some((c, _)) = file.labels.get(&(doc.id.clone(), Some(s as u32))) {
                        let hits = m.hits.iter().filter(|h| h.sentence as usize == s);
                        let tokens = u64::from(m.layout.sentence_tokens[s]);
                        out.push((
                            Some(s as u32),
                            c.clone(),
                            self.passage(&doc.text, std::slice::from_ref(span), &[], hits, tokens),
                        ));
                    }
                }
                out
            }
        }
    }

    fn consume(&mut self, doc: &Document, m: &MatchedDoc, item: Self::Item) -> std::io::Result<()> {
        match self.supervision {
            Supervision::References(refs) if refs.iter().any(|(o, _)| *o == doc.outlet) => {
                self.found.insert(doc.outlet.clone());
            }
            Supervision::Labels(file) => {
                for ((id, s), (_, line)) in &file.labels {
                    if *id == doc.id {
                        self.found.insert(id.clone());
                        if let Some(s) = s {
                            if *s as usize >= m.layout.sentences.len() {
                                self.problems.push(format!(
                                    "{}:{line}: document `{id}` has {} sentences, so sentence {s} does not exist (sentences count from 0, as in matches.csv)",
                                    file.path,
                                    m.layout.sentences.len()
                                ));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        for (sentence, class, passage) in item {
            self.units.push(TrainingUnit {
                doc: self.docs,
                doc_id: doc.id.clone(),
                outlet: doc.outlet.clone(),
                sentence,
                class,
                passage,
            });
        }
        self.docs += 1;
        Ok(())
    }
}

impl Collector<'_> {
    /// Checks that every label and reference found its document or outlet;
    /// `outlets` are all outlets of the corpus, for the message.
    pub fn finish(self, outlets: &[String]) -> Result<Vec<TrainingUnit>, ModelError> {
        let mut problems = self.problems;
        match self.supervision {
            Supervision::References(refs) => {
                let missing: Vec<&str> = refs
                    .iter()
                    .map(|(o, _)| o.as_str())
                    .filter(|o| !self.found.contains(*o))
                    .collect();
                if !missing.is_empty() {
                    problems.push(format!(
                        "reference outlet{} not in the corpus: {} (outlets: {})",
                        if missing.len() == 1 { "" } else { "s" },
                        missing.join(", "),
                        outlets.join(", ")
                    ));
                }
            }
            Supervision::Labels(file) => {
                let mut missing: Vec<(u64, &str)> = file
                    .labels
                    .iter()
                    .filter(|((id, _), _)| !self.found.contains(id))
                    .map(|((id, _), (_, line))| (*line, id.as_str()))
                    .collect();
                missing.sort_unstable();
                for (line, id) in missing.iter().take(20) {
                    problems.push(format!(
                        "{}:{line}: document `{id}` is not in the corpus",
                        file.path
                    ));
                }
                if missing.len() > 20 {
                    problems.push(format!(
                        "... and {} more unknown documents",
                        missing.len() - 20
                    ));
                }
            }
            Supervision::Weak { .. } => {}
        }
        if problems.is_empty() {
            Ok(self.units)
        } else {
            Err(ModelError::Labels(problems.join("\n")))
        }
    }
}
