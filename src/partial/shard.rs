//! A shard's [`Aggregate`] as partial rows, and the rows of a merged
//! partial as the aggregate of the whole corpus: the two halves of
//! `slant map` and `slant report`.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::rows::{Row, Side};
use super::spill::Spill;
use super::stream::ReadError;
use super::warnings::WarningReader;
use crate::aggregate::docs::DocSpill;
use crate::aggregate::texts::TextSpill;
use crate::aggregate::{Aggregate, DocSummary, DocText, Evidence};
use crate::features::DocTally;
use crate::lexicon::LexiconSet;

/// The `kind` of the one row per document.
pub const DOC: &str = "doc";

/// A document as a partial holds it: what the statistics need and what is
/// written out.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct DocRow {
    outlet: String,
    tally: DocTally,
    text: DocText,
}

/// The rows of `agg`, the aggregate of a shard whose documents have
/// global record numbers `records`, in order, into `out`. Only the
/// records of the documents that evidence quotes are looked up.
pub fn rows_of(agg: &Aggregate, records: &[u64], out: &mut Spill) -> std::io::Result<()> {
    let quoted: HashSet<&str> = agg
        .evidence
        .values()
        .flat_map(|set| set.positive.iter().chain(&set.negative))
        .map(|e| e.doc_id.as_str())
        .collect();
    let mut record_of: HashMap<String, u64> = HashMap::new();
    for ((doc, text), &record) in agg.docs.read()?.zip(agg.texts.read()?).zip(records) {
        let (doc, text) = (doc?, text?);
        doc_rows(out, record, &text)?;
        if quoted.contains(text.id.as_str()) {
            record_of.insert(text.id.clone(), record);
        }
        let row = DocRow {
            outlet: doc.outlet.to_string(),
            tally: doc.tally,
            text,
        };
        out.push(Row::Doc {
            record,
            kind: DOC.into(),
            seq: 0,
            id: Some(row.text.id.clone()),
            data: to_value(&row)?,
        })?;
    }
    for (e, forms) in agg.form_counts.iter().enumerate() {
        for (f, &n) in forms.iter().enumerate().filter(|(_, &n)| n > 0) {
            out.push(count("form", vec![e.to_string(), f.to_string()], n))?;
        }
    }
    out.push(count("bytes", Vec::new(), agg.bytes))?;
    for ((outlet, axis), set) in &agg.evidence {
        // A group with no evidence on either side still exists in analyze.
        out.push(count(
            "evidence_group",
            vec![outlet.clone(), axis.to_string()],
            1,
        ))?;
        let sides = [
            (Side::Positive, &set.positive),
            (Side::Negative, &set.negative),
        ];
        for (side, list) in sides {
            for e in list {
                out.push(Row::Evidence {
                    outlet: outlet.clone(),
                    axis: *axis as u32,
                    side,
                    net: e.net,
                    record: record_of.get(&e.doc_id).copied().unwrap_or_default(),
                    sentence: e.sentence,
                    data: to_value(e)?,
                })?;
            }
        }
    }
    Ok(())
}

/// The first sightings and counts one document adds: its fields (for the
/// column order of `documents.csv`) and an unreadable date.
fn doc_rows(rows: &mut Spill, record: u64, text: &DocText) -> std::io::Result<()> {
    let seen = |kind: &str, key: Vec<String>, position: u64, value: Option<Value>| Row::First {
        kind: kind.into(),
        key,
        record,
        position,
        value,
        keep: 1,
    };
    if text.url.is_some() {
        rows.push(seen("url", Vec::new(), 0, None))?;
    }
    for (p, (k, _)) in text.meta.iter().enumerate() {
        rows.push(seen("field", vec![k.clone()], p as u64, None))?;
    }
    if let Some(date) = text
        .date
        .as_deref()
        .filter(|d| !crate::corpus::is_iso_date(d))
    {
        rows.push(count("unreadable_dates", Vec::new(), 1))?;
        rows.push(seen(
            "unreadable_date",
            Vec::new(),
            0,
            Some(json!([text.id, date])),
        ))?;
    }
    Ok(())
}

fn count(kind: &str, key: Vec<String>, n: u64) -> Row {
    Row::Count {
        kind: kind.into(),
        key,
        n,
    }
}

fn to_value<T: Serialize>(v: &T) -> std::io::Result<Value> {
    serde_json::to_value(v).map_err(std::io::Error::other)
}

fn from_value<T: for<'de> Deserialize<'de>>(v: &Value, what: &str) -> Result<T, String> {
    T::deserialize(v).map_err(|e| format!("a {what} row: {e}"))
}

/// Gathers the aggregate of the corpus from the rows of its merged
/// partial, streamed in canonical order: documents in record order, their
/// tallies and texts spilled as analyze spills them ([`spill_to`](Self::spill_to))
/// or in memory.
pub struct AggregateReader {
    agg: Aggregate,
    docs: DocSpill,
    texts: TextSpill,
    outlets: HashMap<String, Arc<str>>,
    /// Outlets in order of first appearance.
    order: Vec<Arc<str>>,
    fields: Vec<(u64, u64, String)>,
    any_url: bool,
    warnings: WarningReader,
}

impl AggregateReader {
    /// A reader of a partial mapped with the lexicons `set`, holding the
    /// documents in memory.
    pub fn new(set: &LexiconSet) -> AggregateReader {
        AggregateReader {
            agg: Aggregate {
                form_counts: set.entries.iter().map(|e| vec![0; e.forms.len()]).collect(),
                ..Aggregate::default()
            },
            docs: DocSpill::default(),
            texts: TextSpill::default(),
            outlets: HashMap::new(),
            order: Vec::new(),
            fields: Vec::new(),
            any_url: false,
            warnings: WarningReader::default(),
        }
    }

    /// The outlets of the documents read so far, in order of first
    /// appearance.
    pub fn outlets(&self) -> &[Arc<str>] {
        &self.order
    }

    /// Spills the documents' texts and tallies to new files at `path` (see
    /// [`crate::aggregate::spills_at`]) instead of holding them in memory.
    pub fn spill_to(mut self, path: &Path) -> std::io::Result<AggregateReader> {
        (self.docs, self.texts) = crate::aggregate::spills_at(path)?;
        Ok(self)
    }

    /// Reads one row (rows of other consumers pass); a document's row
    /// gives its outlet.
    pub fn push(&mut self, row: &Row) -> Result<Option<Arc<str>>, ReadError> {
        self.warnings.push(row)?;
        let agg = &mut self.agg;
        match row {
            Row::Doc { kind, data, .. } if kind == DOC => {
                let d: DocRow = from_value(data, "document")?;
                let outlet = match self.outlets.get(&d.outlet) {
                    Some(o) => o.clone(),
                    None => {
                        let o: Arc<str> = d.outlet.as_str().into();
                        self.outlets.insert(d.outlet, o.clone());
                        self.order.push(o.clone());
                        o
                    }
                };
                self.docs.add(DocSummary {
                    outlet: outlet.clone(),
                    tally: d.tally,
                })?;
                self.texts.add_text(d.text)?;
                return Ok(Some(outlet));
            }
            Row::Count { kind, key, n } => add_count(agg, kind, key, *n)?,
            Row::First {
                kind,
                key,
                record,
                position,
                value,
                ..
            } => match kind.as_str() {
                "url" => self.any_url = true,
                "field" => self.fields.push((*record, *position, key.concat())),
                "unreadable_date" => {
                    let (id, date): (String, String) =
                        from_value(value.as_ref().unwrap_or(&Value::Null), "unreadable date")?;
                    agg.unreadable_date_example = Some((id, date));
                }
                _ => {}
            },
            Row::Evidence {
                outlet,
                axis,
                side,
                data,
                ..
            } => {
                let e: Evidence = from_value(data, "evidence")?;
                let set = agg
                    .evidence
                    .entry((outlet.clone(), *axis as usize))
                    .or_default();
                match side {
                    Side::Positive => set.positive.push(e),
                    Side::Negative => set.negative.push(e),
                }
            }
            Row::Doc { .. } | Row::Top { .. } => {}
        }
        Ok(None)
    }

    /// The aggregate read; a spill is flushed and closed.
    pub fn finish(self) -> std::io::Result<Aggregate> {
        let mut agg = self.agg;
        let mut fields = self.fields;
        fields.sort();
        let fields = fields.into_iter().map(|(_, _, k)| k);
        agg.metadata_fields = match self.any_url {
            true => std::iter::once("url".to_string())
                .chain(fields.filter(|f| f != "url"))
                .collect(),
            false => fields.collect(),
        };
        agg.texts = self.texts.finish()?;
        agg.docs = self.docs.finish()?;
        agg.read_warnings = self.warnings.finish();
        Ok(agg)
    }
}

fn add_count(agg: &mut Aggregate, kind: &str, key: &[String], n: u64) -> Result<(), String> {
    let index = |i: usize| -> Result<usize, String> {
        key.get(i)
            .and_then(|k| k.parse().ok())
            .ok_or_else(|| format!("a `{kind}` count with key {key:?}"))
    };
    match kind {
        "bytes" => agg.bytes += n,
        "unreadable_dates" => agg.unreadable_dates += n as usize,
        "form" => {
            let (e, f) = (index(0)?, index(1)?);
            let slot = agg
                .form_counts
                .get_mut(e)
                .and_then(|forms| forms.get_mut(f))
                .ok_or_else(|| format!("form {e}/{f} is not in the lexicons"))?;
            *slot += n;
        }
        "evidence_group" => {
            let outlet = key.first().cloned().unwrap_or_default();
            agg.evidence.entry((outlet, index(1)?)).or_default();
        }
        _ => {}
    }
    Ok(())
}
