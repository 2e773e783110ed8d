//! The per-document rows of `slant map` that come from files written in
//! the matching pass (the streamed tables, the skipped records), and the
//! records of the few documents other rows quote by id.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::json;

use super::{io, SKIPPED};
use crate::aggregate::Aggregate;
use crate::corpus::SkippedList;
use crate::error::Error;
use crate::partial::spill::Spill;
use crate::partial::Row;

/// The records of the documents of `agg` (whose records are `records`,
/// in order) whose ids are `wanted`.
pub(super) fn records_of(
    agg: &Aggregate,
    records: &[u64],
    wanted: BTreeSet<&str>,
) -> Result<BTreeMap<String, u64>, Error> {
    let mut found = BTreeMap::new();
    if wanted.is_empty() {
        return Ok(found);
    }
    for (text, &record) in agg.texts.read().map_err(io)?.zip(records) {
        let id = text.map_err(io)?.id;
        if wanted.contains(id.as_str()) {
            found.insert(id, record);
        }
    }
    Ok(found)
}

/// A row per skipped record, numbered from `first` in the order read,
/// into `rows`.
pub(super) fn skipped_rows(
    skipped: &SkippedList,
    first: u64,
    rows: &mut Spill,
) -> Result<(), Error> {
    for (s, record) in skipped.iter().map_err(io)?.zip(first..) {
        let data = serde_json::to_value(s.map_err(io)?).map_err(|e| io(e.into()))?;
        rows.push(Row::Doc {
            record,
            kind: SKIPPED.into(),
            seq: 0,
            id: None,
            data,
        })
        .map_err(io)?;
    }
    Ok(())
}

/// The rows of the streamed table `name` at `path`: its header once, and
/// each row under its document's record, in order. The table lists the
/// documents of `agg` (whose records are `records`) in their order, so
/// each row's id is found by reading the documents alongside.
pub(super) fn table_rows(
    rows: &mut Spill,
    name: &str,
    path: &Path,
    agg: &Aggregate,
    records: &[u64],
) -> Result<(), Error> {
    let mut csv = csv::Reader::from_path(path).map_err(|e| io(std::io::Error::other(e)))?;
    let columns: Vec<String> = csv
        .headers()
        .map_err(|e| io(std::io::Error::other(e)))?
        .iter()
        .map(String::from)
        .collect();
    rows.push(Row::First {
        kind: "columns".into(),
        key: vec![name.to_string()],
        record: 0,
        position: 0,
        value: Some(json!(columns)),
        keep: 1,
    })
    .map_err(io)?;
    let mut docs = agg.texts.read().map_err(io)?.zip(records);
    let mut at: Option<(String, u64)> = None;
    let mut seq: (u64, u32) = (u64::MAX, 0);
    for rec in csv.records() {
        let rec = rec.map_err(|e| io(std::io::Error::other(e)))?;
        let fields: Vec<&str> = rec.iter().collect();
        // Every streamed table starts with its document's id.
        let id = fields.first().copied().unwrap_or_default();
        while at.as_ref().is_none_or(|(seen, _)| seen != id) {
            let Some((text, &record)) = docs.next() else {
                return Err(Error::Invalid(format!(
                    "a {name}.csv row of an unknown document"
                )));
            };
            at = Some((text.map_err(io)?.id, record));
        }
        let record = at.as_ref().map_or(0, |(_, r)| *r);
        seq = if seq.0 == record {
            (record, seq.1 + 1)
        } else {
            (record, 0)
        };
        rows.push(Row::Doc {
            record,
            kind: name.to_string(),
            seq: seq.1,
            id: None,
            data: json!(fields),
        })
        .map_err(io)?;
    }
    Ok(())
}
