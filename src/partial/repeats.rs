//! The repeated-text phase as partial rows (`slant map --repeats-only`),
//! and what the merged rows say of the whole corpus: the boilerplate lines
//! and copy groups analyze's detection pass finds, exactly.
//!
//! A shard counts, per outlet, its documents and the documents holding
//! each line; keeps the text of the first `min_docs` documents holding a
//! line (analyze shows the line as the `min_docs`-th document has it); and
//! writes each document's MinHash signature, which are grouped in record
//! order once merged.
//!
//! Bounded (see [`super::lines`]), a shard first writes only the lines it
//! proposes ([`Collect::Propose`]), then, once the proposals are merged,
//! counts only the candidates ([`Collect::Only`]): the same boilerplate,
//! from partials whose line rows do not grow with the documents.

use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::{json, Value};

use super::lines::{hex, proposal_rows, unhex};
use super::rows::Row;
use super::spill::Spill;
use crate::corpus::Document;
use crate::repeats::lines::{doc_lines, line_hash, LineCounts, SHOWN_CHARS};
use crate::repeats::{
    BoilerplateLine, DuplicateFinder, DuplicateRow, LineRule, RepeatOptions, Signature,
};

/// The `kind` of a document's signature row.
const SIGNATURE: &str = "signature";

/// Which lines a collector counts.
#[derive(Debug, Clone, Default)]
pub enum Collect {
    /// Every line, with the texts of the first documents holding it, and
    /// the signatures (`map --repeats-only`).
    #[default]
    All,
    /// Only the lines the shard proposes, as counts alone
    /// (`--propose-lines`).
    Propose,
    /// Only these lines per outlet, with their texts, and the signatures
    /// (`--line-candidates`).
    Only(FxHashMap<String, FxHashSet<u64>>),
}

/// Gathers the repeated-text rows of a shard, one document at a time.
pub struct RepeatCollector {
    keep: u32,
    rule: LineRule,
    collect: Collect,
    docs: FxHashMap<String, u64>,
    lines: FxHashMap<(String, u64), u32>,
    rows: Spill,
}

impl RepeatCollector {
    /// A collector for `opts`, counting the lines `collect` says, its
    /// per-document rows going to `rows` as they are made.
    pub fn new(opts: &RepeatOptions, collect: Collect, rows: Spill) -> RepeatCollector {
        RepeatCollector {
            keep: opts.rule.min_docs.max(1) as u32,
            rule: opts.rule,
            collect,
            docs: FxHashMap::default(),
            lines: FxHashMap::default(),
            rows,
        }
    }

    /// Adds the document with global record number `record`.
    pub fn add(&mut self, record: u64, doc: &Document) -> std::io::Result<()> {
        *self.docs.entry(doc.outlet.clone()).or_default() += 1;
        let only = match &self.collect {
            Collect::Propose => {
                for h in doc_lines(&doc.text) {
                    *self.lines.entry((doc.outlet.clone(), h)).or_default() += 1;
                }
                return Ok(());
            }
            Collect::Only(lines) => Some(lines.get(&doc.outlet)),
            Collect::All => None,
        };
        let counted = |h: &u64| only.is_none_or(|set| set.is_some_and(|s| s.contains(h)));
        let mut wanted: Vec<u64> = Vec::new();
        for h in doc_lines(&doc.text).into_iter().filter(counted) {
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
                })?;
            }
        }
        let sig = Signature::of(&doc.text).map(|s| json!([s.exact, s.mins.to_vec()]));
        self.rows.push(Row::Doc {
            record,
            kind: SIGNATURE.into(),
            seq: 0,
            id: None,
            data: json!({"id": doc.id, "outlet": doc.outlet, "signature": sig}),
        })
    }

    /// The rows gathered.
    pub fn finish(self) -> std::io::Result<Spill> {
        let mut rows = self.rows;
        if let Collect::Propose = self.collect {
            rows.extend(proposal_rows(&self.rule, &self.docs, &self.lines))?;
            return Ok(rows);
        }
        for (outlet, n) in self.docs {
            rows.push(count("outlet_docs", vec![outlet], n))?;
        }
        for ((outlet, h), n) in self.lines {
            rows.push(count("line", vec![outlet, hex(h)], u64::from(n)))?;
        }
        Ok(rows)
    }
}

fn count(kind: &str, key: Vec<String>, n: u64) -> Row {
    Row::Count {
        kind: kind.into(),
        key,
        n,
    }
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

/// What merged repeated-text rows say, gathered a row at a time (so a
/// merged partial can be read as a stream): per outlet its documents and
/// line counts, the texts to show, and the signatures, spilled.
struct Deciding {
    outlets: FxHashMap<String, (usize, FxHashMap<u64, u32>)>,
    texts: FxHashMap<(String, u64), String>,
    seen_in_group: u32,
    last_key: Option<Vec<String>>,
    finder: DuplicateFinder,
}

fn spill(e: std::io::Error) -> String {
    format!("spilling wire-copy signatures: {e}")
}

impl Deciding {
    fn new() -> Result<Deciding, String> {
        Ok(Deciding {
            outlets: FxHashMap::default(),
            texts: FxHashMap::default(),
            seen_in_group: 0,
            last_key: None,
            finder: DuplicateFinder::new(None).map_err(spill)?,
        })
    }

    /// Takes the next row, in canonical order.
    fn push(&mut self, row: &Row) -> Result<(), String> {
        match row {
            Row::Count { kind, key, n } => match (kind.as_str(), key.as_slice()) {
                ("outlet_docs", [o]) => self.outlets.entry(o.clone()).or_default().0 = *n as usize,
                ("line", [o, h]) => {
                    let counts = &mut self.outlets.entry(o.clone()).or_default().1;
                    counts.insert(unhex(h)?, *n as u32);
                }
                _ => return Err(format!("a `{kind}` count in a repeated-text partial")),
            },
            Row::First {
                key, value, keep, ..
            } => {
                self.seen_in_group = if self.last_key.as_ref() == Some(key) {
                    self.seen_in_group + 1
                } else {
                    self.last_key = Some(key.clone());
                    1
                };
                // Analyze keeps the text of the `min_docs`-th document.
                if let ([o, h], true) = (key.as_slice(), self.seen_in_group == *keep) {
                    let text = value.as_ref().and_then(Value::as_str).unwrap_or_default();
                    self.texts.insert((o.clone(), unhex(h)?), text.to_string());
                }
            }
            Row::Doc { kind, data, .. } if kind == SIGNATURE => {
                let (id, outlet, sig) = signature(data)?;
                self.finder.add(&id, &outlet, sig).map_err(spill)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn finish(self, opts: &RepeatOptions) -> Result<CorpusRepeats, String> {
        let counts = LineCounts::from_parts(self.outlets, self.texts);
        let (lines, boilerplate) = counts.finish(&opts.rule);
        let (duplicates, copies) = self.finder.finish(opts.similarity).map_err(spill)?;
        Ok(CorpusRepeats {
            lines,
            boilerplate,
            duplicates,
            copies,
        })
    }
}

impl CorpusRepeats {
    /// What the merged repeated-text `rows` (canonical order, records
    /// 0..n) say under `opts`.
    pub fn of(rows: &[Row], opts: &RepeatOptions) -> Result<CorpusRepeats, String> {
        let mut deciding = Deciding::new()?;
        for row in rows {
            deciding.push(row)?;
        }
        deciding.finish(opts)
    }

    /// [`CorpusRepeats::of`] the rows of a stream, read one at a time.
    pub fn of_stream<E: std::fmt::Display>(
        rows: impl Iterator<Item = Result<Row, E>>,
        opts: &RepeatOptions,
    ) -> Result<CorpusRepeats, String> {
        let mut deciding = Deciding::new()?;
        for row in rows {
            deciding.push(&row.map_err(|e| e.to_string())?)?;
        }
        deciding.finish(opts)
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

    /// The lists and line hashes of [`CorpusRepeats::listed`] read back,
    /// with the later copies' records when the value lists them (`copies`,
    /// as a decided partial does).
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
            copies: match v.get("copies") {
                Some(c) => serde_json::from_value(c.clone()).map_err(bad)?,
                None => Vec::new(),
            },
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
