//! The repeated-text phase as partial rows (`slant map --repeats-only`),
//! and what the merged rows say of the whole corpus: the boilerplate lines
//! and copy groups analyze's detection pass finds, exactly.
//!
//! A shard counts, per outlet, its documents and the documents holding
//! each line; keeps the text of the first `min_docs` documents holding a
//! line (analyze shows the line as the `min_docs`-th document has it); and
//! writes each document's MinHash signature, which are grouped in record
//! order once merged.

use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::{json, Value};

use super::rows::Row;
use crate::corpus::Document;
use crate::repeats::lines::{doc_lines, line_hash, LineCounts, SHOWN_CHARS};
use crate::repeats::{BoilerplateLine, DuplicateFinder, DuplicateRow, RepeatOptions, Signature};

/// The `kind` of a document's signature row.
const SIGNATURE: &str = "signature";

/// Gathers the repeated-text rows of a shard, one document at a time.
pub struct RepeatCollector {
    keep: u32,
    docs: FxHashMap<String, u64>,
    lines: FxHashMap<(String, u64), u32>,
    rows: Vec<Row>,
}

impl RepeatCollector {
    /// A collector for `opts`.
    pub fn new(opts: &RepeatOptions) -> RepeatCollector {
        RepeatCollector {
            keep: opts.rule.min_docs.max(1) as u32,
            docs: FxHashMap::default(),
            lines: FxHashMap::default(),
            rows: Vec::new(),
        }
    }

    /// Adds the document with global record number `record`.
    pub fn add(&mut self, record: u64, doc: &Document) {
        *self.docs.entry(doc.outlet.clone()).or_default() += 1;
        let mut wanted: Vec<u64> = Vec::new();
        for h in doc_lines(&doc.text) {
            let c = self.lines.entry((doc.outlet.clone(), h)).or_default();
            *c += 1;
            if *c <= self.keep {
                wanted.push(h);
            }
        }
        for p in crate::text::paragraphs(&doc.text) {
            let h = line_hash(&doc.text[p.clone()]);
            if let Some(i) = wanted.iter().position(|&w| w == h) {
                wanted.swap_remove(i);
                let shown: String = doc.text[p].chars().take(SHOWN_CHARS).collect();
                self.rows.push(Row::First {
                    kind: "line_text".into(),
                    key: vec![doc.outlet.clone(), hex(h)],
                    record,
                    position: 0,
                    value: Some(json!(shown)),
                    keep: self.keep,
                });
            }
        }
        let sig = Signature::of(&doc.text).map(|s| json!([s.exact, s.mins.to_vec()]));
        self.rows.push(Row::Doc {
            record,
            kind: SIGNATURE.into(),
            seq: 0,
            id: None,
            data: json!({"id": doc.id, "outlet": doc.outlet, "signature": sig}),
        });
    }

    /// The rows gathered.
    pub fn finish(self) -> Vec<Row> {
        let mut rows = self.rows;
        for (outlet, n) in self.docs {
            rows.push(count("outlet_docs", vec![outlet], n));
        }
        for ((outlet, h), n) in self.lines {
            rows.push(count("line", vec![outlet, hex(h)], u64::from(n)));
        }
        rows
    }
}

fn count(kind: &str, key: Vec<String>, n: u64) -> Row {
    Row::Count {
        kind: kind.into(),
        key,
        n,
    }
}

fn hex(h: u64) -> String {
    format!("{h:016x}")
}

fn unhex(s: &str) -> Result<u64, String> {
    u64::from_str_radix(s, 16).map_err(|_| format!("a line hash {s:?}"))
}

/// Repeated text over the whole corpus.
#[derive(Debug, Clone)]
pub struct CorpusRepeats {
    /// Per outlet, its boilerplate line hashes.
    pub lines: FxHashMap<String, FxHashSet<u64>>,
    /// The rows of `boilerplate.csv`.
    pub boilerplate: Vec<BoilerplateLine>,
    /// The rows of `duplicates.csv`.
    pub duplicates: Vec<DuplicateRow>,
    /// Global record numbers of the later copies, sorted.
    pub copies: Vec<usize>,
}

impl CorpusRepeats {
    /// What the merged repeated-text `rows` (canonical order, records
    /// 0..n) say under `opts`.
    pub fn of(rows: &[Row], opts: &RepeatOptions) -> Result<CorpusRepeats, String> {
        let mut outlets: FxHashMap<String, (usize, FxHashMap<u64, u32>)> = FxHashMap::default();
        let mut texts: FxHashMap<(String, u64), String> = FxHashMap::default();
        let mut seen_in_group = 0u32;
        let mut last_key: Option<&[String]> = None;
        let spill = |e: std::io::Error| format!("spilling wire-copy signatures: {e}");
        let mut finder = DuplicateFinder::new(None).map_err(spill)?;
        for row in rows {
            match row {
                Row::Count { kind, key, n } => match (kind.as_str(), key.as_slice()) {
                    ("outlet_docs", [o]) => outlets.entry(o.clone()).or_default().0 = *n as usize,
                    ("line", [o, h]) => {
                        let counts = &mut outlets.entry(o.clone()).or_default().1;
                        counts.insert(unhex(h)?, *n as u32);
                    }
                    _ => return Err(format!("a `{kind}` count in a repeated-text partial")),
                },
                Row::First {
                    key, value, keep, ..
                } => {
                    seen_in_group = if last_key == Some(key.as_slice()) {
                        seen_in_group + 1
                    } else {
                        1
                    };
                    last_key = Some(key.as_slice());
                    // Analyze keeps the text of the `min_docs`-th document.
                    if let ([o, h], true) = (key.as_slice(), seen_in_group == *keep) {
                        let text = value.as_ref().and_then(Value::as_str).unwrap_or_default();
                        texts.insert((o.clone(), unhex(h)?), text.to_string());
                    }
                }
                Row::Doc { kind, data, .. } if kind == SIGNATURE => {
                    let (id, outlet, sig) = signature(data)?;
                    finder.add(&id, &outlet, sig).map_err(spill)?;
                }
                _ => {}
            }
        }
        let (lines, boilerplate) = LineCounts::from_parts(outlets, texts).finish(&opts.rule);
        let (duplicates, copies) = finder.finish(opts.similarity).map_err(spill)?;
        Ok(CorpusRepeats {
            lines,
            boilerplate,
            duplicates,
            copies,
        })
    }

    /// What a report needs of them, as one value: the lists and the
    /// boilerplate line hashes per outlet, sorted.
    pub fn listed(&self) -> Value {
        let lines: std::collections::BTreeMap<&String, Vec<String>> = self
            .lines
            .iter()
            .map(|(o, set)| {
                let mut hs: Vec<u64> = set.iter().copied().collect();
                hs.sort_unstable();
                (o, hs.into_iter().map(hex).collect())
            })
            .collect();
        json!({"boilerplate": self.boilerplate, "duplicates": self.duplicates, "lines": lines})
    }

    /// The lists and line hashes of [`CorpusRepeats::listed`] read back.
    pub fn from_listed(v: &Value) -> Result<CorpusRepeats, String> {
        let bad = |e: serde_json::Error| format!("the repeated-text lists: {e}");
        let lines: std::collections::BTreeMap<String, Vec<String>> =
            serde_json::from_value(v["lines"].clone()).map_err(bad)?;
        let mut sets = FxHashMap::default();
        for (o, hs) in lines {
            let set: FxHashSet<u64> = hs.iter().map(|h| unhex(h)).collect::<Result<_, _>>()?;
            sets.insert(o, set);
        }
        Ok(CorpusRepeats {
            lines: sets,
            boilerplate: serde_json::from_value(v["boilerplate"].clone()).map_err(bad)?,
            duplicates: serde_json::from_value(v["duplicates"].clone()).map_err(bad)?,
            copies: Vec::new(),
        })
    }
}

fn signature(data: &Value) -> Result<(String, String, Option<Signature>), String> {
    let text = |k: &str| data[k].as_str().map(String::from);
    let (Some(id), Some(outlet)) = (text("id"), text("outlet")) else {
        return Err("a signature row without id or outlet".into());
    };
    let sig = match &data["signature"] {
        Value::Null => None,
        v => {
            let (exact, mins): (u64, Vec<u32>) =
                serde_json::from_value(v.clone()).map_err(|e| format!("a signature: {e}"))?;
            let mins = mins
                .try_into()
                .map_err(|_| "a signature of the wrong length")?;
            Some(Signature { exact, mins })
        }
    };
    Ok((id, outlet, sig))
}
