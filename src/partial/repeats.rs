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
use super::stream::ReadError;
use crate::corpus::Document;
use crate::repeats::copies::{PositionWriter, RowWriter};
use crate::repeats::lines::{doc_lines, line_hash, LineCounts, SHOWN_CHARS};
use crate::repeats::{
    BoilerplateLine, CopyPositions, DuplicateFinder, DuplicateList, DuplicateRow, LineRule,
    RepeatOptions, Signature, WithinRuns,
};
use serde::Deserialize;

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

/// Repeated text over the whole corpus. The copy groups and the later
/// copies are on disk (anonymous temporary files), so a corpus of copies
/// is not held a row per copy.
#[derive(Debug, Clone, Default)]
pub struct CorpusRepeats {
    /// Per outlet, its boilerplate line hashes.
    pub lines: FxHashMap<String, FxHashSet<u64>>,
    /// The rows of `boilerplate.csv`.
    pub boilerplate: Vec<BoilerplateLine>,
    /// The rows of `duplicates.csv`.
    pub duplicates: DuplicateList,
    /// Global record numbers of the later copies, sorted.
    pub copies: CopyPositions,
    /// Per input position, the runs repeated within the document, in the
    /// files `analyze --save-repeats` writes (empty in the others; whether
    /// a file holds them is told by analyze's record in its header).
    pub runs: WithinRuns,
}

/// What merged repeated-text rows say, gathered a row at a time (so a
/// merged partial can be read as a stream): per outlet its documents and
/// line counts, the texts to show, and the signatures, spilled.
pub struct Deciding {
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
    /// Nothing read yet.
    pub fn new() -> Result<Deciding, String> {
        Ok(Deciding {
            outlets: FxHashMap::default(),
            texts: FxHashMap::default(),
            seen_in_group: 0,
            last_key: None,
            finder: DuplicateFinder::new(None).map_err(spill)?,
        })
    }

    /// Takes the next row, in canonical order.
    pub fn push(&mut self, row: &Row) -> Result<(), String> {
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

    /// What the rows read say under `opts`.
    pub fn finish(self, opts: &RepeatOptions) -> Result<CorpusRepeats, String> {
        let counts = LineCounts::from_parts(self.outlets, self.texts);
        let (lines, boilerplate) = counts.finish(&opts.rule);
        let found = self.finder.finish_spilled(opts.similarity).map_err(spill)?;
        Ok(CorpusRepeats {
            lines,
            boilerplate,
            duplicates: found.rows,
            copies: found.copies,
            runs: WithinRuns::default(),
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

    /// What a report needs of them besides the copy groups, as one
    /// value: the boilerplate lines and their hashes per outlet, sorted.
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
        json!({"boilerplate": self.boilerplate, "lines": lines})
    }

    /// Hands `push` the rows that list them, a row at a time: the
    /// [`listed`](CorpusRepeats::listed) value (kind `repeats`), a row per
    /// row of `duplicates.csv` (kind `duplicate`, keyed by its place in the
    /// table, so the canonical order is the table's and equal rows of
    /// several shards fold into one), and with `copies` a row per later
    /// copy (kind `copy`, at its record), as a decided partial holds them,
    /// and a row per document with runs repeated within it (kind `runs`,
    /// at its record, the runs' byte ranges as pairs), in record order.
    pub fn rows(
        &self,
        copies: bool,
        mut push: impl FnMut(Row) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        push(first(LISTED, Vec::new(), self.listed()))?;
        let mut at = 0u64;
        self.duplicates.for_each(|d| {
            let value = serde_json::to_value(d).map_err(std::io::Error::other)?;
            at += 1;
            push(first(DUPLICATE, vec![format!("{:020}", at - 1)], value))
        })?;
        if copies {
            self.copies.for_each(|record| {
                push(Row::Doc {
                    record: record as u64,
                    kind: COPY.into(),
                    seq: 0,
                    id: None,
                    data: Value::Null,
                })
            })?;
        }
        let mut runs: Vec<_> = self.runs.iter().collect();
        runs.sort_unstable_by_key(|(at, _)| **at);
        for (at, ranges) in runs {
            let pairs: Vec<[usize; 2]> = ranges.iter().map(|r| [r.start, r.end]).collect();
            push(Row::Doc {
                record: *at as u64,
                kind: RUNS.into(),
                seq: 0,
                id: None,
                data: json!(pairs),
            })?;
        }
        Ok(())
    }
}

/// The `kind` of the row holding [`CorpusRepeats::listed`].
pub const LISTED: &str = "repeats";
/// The `kind` of a row of `duplicates.csv`.
const DUPLICATE: &str = "duplicate";
/// The `kind` of a later copy's row (decided partials).
const COPY: &str = "copy";
/// The `kind` of the row of a document's runs repeated within it
/// (`analyze --save-repeats`).
const RUNS: &str = "runs";

fn first(kind: &str, key: Vec<String>, value: Value) -> Row {
    Row::First {
        kind: kind.into(),
        key,
        record: 0,
        position: 0,
        value: Some(value),
        keep: 1,
    }
}

/// Reads the rows of [`CorpusRepeats::rows`] as they pass (other rows
/// pass by): the copy groups and later copies go to temporary files in
/// the folder given as they come, so memory holds the boilerplate alone.
pub struct ListedReader {
    /// The lists of the first row that holds them, read from the row as
    /// it passes (not copied); a fault in them is told at the end.
    listed: Option<Result<Lists, String>>,
    duplicates: RowWriter,
    copies: PositionWriter,
    runs: WithinRuns,
}

impl ListedReader {
    /// A reader spilling to `dir` (the system's temporary folder when
    /// `None`).
    pub fn new(dir: Option<&std::path::Path>) -> std::io::Result<ListedReader> {
        Ok(ListedReader {
            listed: None,
            duplicates: RowWriter::new(dir)?,
            copies: PositionWriter::new(dir)?,
            runs: WithinRuns::default(),
        })
    }

    /// Takes the next row, in canonical order.
    pub fn push(&mut self, row: &Row) -> Result<(), ReadError> {
        match row {
            Row::First { kind, value, .. } if kind == LISTED && self.listed.is_none() => {
                self.listed = Some(lists(value.as_ref()));
            }
            Row::First {
                kind,
                value: Some(v),
                ..
            } if kind == DUPLICATE => {
                let d = DuplicateRow::deserialize(v)
                    .map_err(|e| format!("a row of duplicates.csv: {e}"))?;
                self.duplicates.push(&d)?;
            }
            Row::Doc { kind, record, .. } if kind == COPY => self.copies.push(*record as usize)?,
            Row::Doc {
                kind, record, data, ..
            } if kind == RUNS => {
                let pairs = Vec::<[usize; 2]>::deserialize(data)
                    .map_err(|e| format!("the runs repeated within record {record}: {e}"))?;
                let at = usize::try_from(*record)
                    .map_err(|_| format!("a record number too large: {record}"))?;
                self.runs
                    .insert(at, pairs.into_iter().map(|[s, e]| s..e).collect());
            }
            _ => {}
        }
        Ok(())
    }

    /// What the rows listed; nothing when no row did (a partial of the
    /// bounded steps before the decisions).
    pub fn finish(self) -> Result<CorpusRepeats, ReadError> {
        let (lines, boilerplate) = self.listed.unwrap_or_else(|| lists(None))?;
        Ok(CorpusRepeats {
            lines,
            boilerplate,
            duplicates: self.duplicates.finish()?,
            copies: self.copies.finish()?,
            runs: self.runs,
        })
    }
}

/// Per outlet its boilerplate line hashes, and the rows of
/// `boilerplate.csv`.
type Lists = (FxHashMap<String, FxHashSet<u64>>, Vec<BoilerplateLine>);

/// The lists a [`LISTED`] row's value holds (none without a value),
/// deserialized from the value in place.
fn lists(v: Option<&Value>) -> Result<Lists, String> {
    let bad = |e: serde_json::Error| format!("the repeated-text lists: {e}");
    let lines: std::collections::BTreeMap<String, Vec<String>> =
        match v.and_then(|v| v.get("lines")) {
            Some(l) => Deserialize::deserialize(l).map_err(bad)?,
            None => Default::default(),
        };
    let mut sets = FxHashMap::default();
    for (o, hs) in lines {
        let set: FxHashSet<u64> = hs.iter().map(|h| unhex(h)).collect::<Result<_, _>>()?;
        sets.insert(o, set);
    }
    let boilerplate = match v.and_then(|v| v.get("boilerplate")) {
        Some(b) => Deserialize::deserialize(b).map_err(bad)?,
        None => Vec::new(),
    };
    Ok((sets, boilerplate))
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

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    /// The lists as read before, from a copy of the row's value.
    fn copied(v: Option<&Value>) -> Result<Lists, String> {
        let v = v.cloned().unwrap_or_default();
        let bad = |e: serde_json::Error| format!("the repeated-text lists: {e}");
        let lines: std::collections::BTreeMap<String, Vec<String>> = match v.get("lines") {
            Some(l) => serde_json::from_value(l.clone()).map_err(bad)?,
            None => Default::default(),
        };
        let mut sets = FxHashMap::default();
        for (o, hs) in lines {
            let set: FxHashSet<u64> = hs.iter().map(|h| unhex(h)).collect::<Result<_, _>>()?;
            sets.insert(o, set);
        }
        let boilerplate = match v.get("boilerplate") {
            Some(b) => serde_json::from_value(b.clone()).map_err(bad)?,
            None => Vec::new(),
        };
        Ok((sets, boilerplate))
    }

    /// Read in place, the lists and their faults are those read from a
    /// copy: whole, empty, missing, of the wrong types, bad hashes.
    #[test]
    fn lists_read_in_place_are_the_lists_copied() {
        let row = json!({"outlet": "A", "line": "Subscribe now", "documents": 7});
        let values = [
            json!({"lines": {"A": ["ff", "10"], "B": []}, "boilerplate": [row]}),
            json!({}),
            Value::Null,
            json!([1, 2]),
            json!("text"),
            json!({"lines": {"A": ["zz"]}, "boilerplate": 5}),
            json!({"lines": {"A": [3]}}),
            json!({"lines": 4, "boilerplate": [row]}),
            json!({"boilerplate": [{"outlet": "A"}]}),
            json!({"boilerplate": [{"outlet": "A", "line": 1, "documents": 2}]}),
            json!({"boilerplate": [{"outlet": "A", "line": "x", "documents": -2}]}),
            json!({"boilerplate": [["A", "x", 2]], "lines": {"A": ["1"]}}),
        ];
        for v in values.iter().map(Some).chain([None]) {
            assert_eq!(lists(v), copied(v), "{v:?}");
        }
    }
}
