//! The rows of a partial after its header, and their canonical form: the
//! one order, with equal keys combined, that makes a merge a function of
//! the rows alone (see the module overview in [`crate::partial`]).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Which side of an axis an evidence sentence is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Positive net weight: the strongest is the largest.
    Positive,
    /// Negative net weight: the strongest is the smallest.
    Negative,
}

/// One row of a partial. Sections come in the order of the variants.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "section", rename_all = "lowercase")]
pub enum Row {
    /// An integer count, summed on merge: matches of a lexicon form
    /// (`kind` "form", key [entry, form]), an n-gram of an outlet ("ngram",
    /// [outlet, text]), bytes read ("bytes", []), ...
    Count {
        /// What is counted.
        kind: String,
        /// Of what.
        key: Vec<String>,
        /// How many.
        n: u64,
    },
    /// A first sighting: merge keeps the `keep` earliest (record,
    /// position) of each key. Metadata field names, the example unreadable
    /// date, the texts of repeated lines.
    First {
        /// What was seen.
        kind: String,
        /// Which.
        key: Vec<String>,
        /// The global record number it was first seen in.
        record: u64,
        /// Its position within that record.
        position: u64,
        /// What goes with the sighting (an unreadable date's text), if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<Value>,
        /// Sightings kept per key (1, the first, unless said).
        #[serde(default = "one", skip_serializing_if = "is_one")]
        keep: u32,
    },
    /// An evidence candidate: merge keeps the strongest `evidence` (a
    /// header option) per outlet, axis and side.
    Evidence {
        /// Outlet.
        outlet: String,
        /// Axis index.
        axis: u32,
        /// Side.
        side: Side,
        /// Net weight; finite.
        net: f64,
        /// Global record number of its document.
        record: u64,
        /// Sentence index within the document.
        sentence: u32,
        /// The sentence as the report shows it.
        data: Value,
    },
    /// A ranked candidate (a sentence the model is most sure of): merge
    /// keeps the `keep` highest `score` of each key, ties going to the
    /// earlier (record, position), as analyze's stable sort does.
    Top {
        /// What is ranked.
        kind: String,
        /// Within which group (outlet and class).
        key: Vec<String>,
        /// The ranking score, higher first; finite.
        score: f64,
        /// The global record number it was found in.
        record: u64,
        /// Its position within that record.
        position: u64,
        /// Candidates kept per key.
        keep: u32,
        /// The candidate as the report shows it.
        data: Value,
    },
    /// A per-document row (the document, its matches.csv rows, its
    /// signature, a skipped record), kept as is and sorted by record.
    Doc {
        /// Global record number.
        record: u64,
        /// What the row is ("doc", "match", "sentence", "skipped", ...).
        kind: String,
        /// Its place among the record's rows of this kind.
        seq: u32,
        /// The document id, on the one row per document that names it:
        /// ids are unique over a merged partial.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        /// The row.
        data: Value,
    },
}

/// The row on `line`, as `serde_json::from_str::<Row>` reads it.
///
/// `Row` is internally tagged, which serde reads by first buffering the
/// whole row into a tree of its own and then reading the variant from
/// that: about twice the work of reading the fields straight. Slant
/// writes every row with its `section` first, so a line starting
/// `{"section":"count",`, `"first",` or `"doc",` (the variants a partial
/// holds many of) is read straight into that variant's fields; any line
/// the straight road does not read (another variant, keys in another
/// order, a duplicated `section`, any error) is read by the derived road,
/// so that what is accepted, and every error message, stays as it was.
pub fn parse(line: &str) -> Result<Row, serde_json::Error> {
    match straight(line) {
        Some(row) => Ok(row),
        None => serde_json::from_str(line),
    }
}

/// The row on `line` read straight into its variant's fields, if it
/// starts with one of the hot sections and reads without error.
fn straight(line: &str) -> Option<Row> {
    let rest = line.strip_prefix("{\"section\":\"")?;
    let (name, _) = rest.split_once('"')?;
    match name {
        "count" => serde_json::from_str::<CountRow>(line).ok()?.row(),
        "first" => serde_json::from_str::<FirstRow>(line).ok()?.row(),
        "doc" => serde_json::from_str::<DocRow>(line).ok()?.row(),
        _ => None,
    }
}

/// [`Row::Count`]'s fields and its `section` key, declared so that a
/// second `section` key is an error here as it is on the derived road.
/// Unknown keys are refused (the derived road takes them): a value
/// skipped unread here is read there, and may be an error there.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountRow<'a> {
    #[serde(borrow)]
    section: &'a str,
    kind: String,
    key: Vec<String>,
    n: u64,
}

impl CountRow<'_> {
    fn row(self) -> Option<Row> {
        (self.section == "count").then_some(Row::Count {
            kind: self.kind,
            key: self.key,
            n: self.n,
        })
    }
}

/// [`Row::First`]'s fields (with its defaults) and its `section` key.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FirstRow<'a> {
    #[serde(borrow)]
    section: &'a str,
    kind: String,
    key: Vec<String>,
    record: u64,
    position: u64,
    #[serde(default)]
    value: Option<Value>,
    #[serde(default = "one")]
    keep: u32,
}

impl FirstRow<'_> {
    fn row(self) -> Option<Row> {
        (self.section == "first").then_some(Row::First {
            kind: self.kind,
            key: self.key,
            record: self.record,
            position: self.position,
            value: self.value,
            keep: self.keep,
        })
    }
}

/// [`Row::Doc`]'s fields (with its defaults) and its `section` key.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocRow<'a> {
    #[serde(borrow)]
    section: &'a str,
    record: u64,
    kind: String,
    seq: u32,
    #[serde(default)]
    id: Option<String>,
    data: Value,
}

impl DocRow<'_> {
    fn row(self) -> Option<Row> {
        (self.section == "doc").then_some(Row::Doc {
            record: self.record,
            kind: self.kind,
            seq: self.seq,
            id: self.id,
            data: self.data,
        })
    }
}

fn one() -> u32 {
    1
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

impl Row {
    fn section(&self) -> u8 {
        match self {
            Row::Count { .. } => 0,
            Row::First { .. } => 1,
            Row::Evidence { .. } => 2,
            Row::Top { .. } => 3,
            Row::Doc { .. } => 4,
        }
    }

    /// The global record number the row is of (a document's, or where a
    /// term or sentence was found); `None` for a count, which sums over
    /// records.
    pub fn record(&self) -> Option<u64> {
        match self {
            Row::Count { .. } => None,
            Row::First { record, .. }
            | Row::Evidence { record, .. }
            | Row::Top { record, .. }
            | Row::Doc { record, .. } => Some(*record),
        }
    }
}

/// The canonical order of rows: by group (the rows that combine), then
/// by rank within it. Evidence sorts strongest first within its group,
/// then by record and sentence: the order in which analyze, whose stable
/// sort keeps the earlier of equals, ranks them.
pub fn order(a: &Row, b: &Row) -> Ordering {
    group_order(a, b).then_with(|| rank_order(a, b))
}

/// The order of groups: rows of one count, one sighting's key, one
/// evidence group, one ranked group or one document row compare equal.
fn group_order(a: &Row, b: &Row) -> Ordering {
    use Row::*;
    match (a, b) {
        (
            Count { kind, key, .. },
            Count {
                kind: k2, key: y2, ..
            },
        )
        | (
            First { kind, key, .. },
            First {
                kind: k2, key: y2, ..
            },
        )
        | (
            Top { kind, key, .. },
            Top {
                kind: k2, key: y2, ..
            },
        ) => (kind, key).cmp(&(k2, y2)),
        (
            Evidence {
                outlet, axis, side, ..
            },
            Evidence {
                outlet: o2,
                axis: a2,
                side: s2,
                ..
            },
        ) => (outlet, axis, side).cmp(&(o2, a2, s2)),
        (
            Doc {
                record, kind, seq, ..
            },
            Doc {
                record: r2,
                kind: k2,
                seq: s2,
                ..
            },
        ) => (record, kind, seq).cmp(&(r2, k2, s2)),
        _ => a.section().cmp(&b.section()),
    }
}

/// The order within a group: the earliest sighting, the strongest
/// evidence, the highest ranked candidate first, ties to the earlier
/// (record, position).
fn rank_order(a: &Row, b: &Row) -> Ordering {
    use Row::*;
    match (a, b) {
        (
            First {
                record, position, ..
            },
            First {
                record: r2,
                position: p2,
                ..
            },
        ) => (record, position).cmp(&(r2, p2)),
        (
            Evidence {
                side,
                net,
                record,
                sentence,
                ..
            },
            Evidence {
                net: n2,
                record: r2,
                sentence: t2,
                ..
            },
        ) => match side {
            Side::Positive => n2.total_cmp(net),
            Side::Negative => net.total_cmp(n2),
        }
        .then_with(|| (record, sentence).cmp(&(r2, t2))),
        (
            Top {
                score,
                record,
                position,
                ..
            },
            Top {
                score: s2,
                record: r2,
                position: p2,
                ..
            },
        ) => s2
            .total_cmp(score)
            .then_with(|| (record, position).cmp(&(r2, p2))),
        _ => Ordering::Equal,
    }
}

/// `rows` in canonical form: sorted, counts of one key summed, only the
/// earliest sighting of a key kept, and at most `top` evidence rows per
/// outlet, axis and side (all when `None`).
pub fn canonical(mut rows: Vec<Row>, top: Option<usize>) -> Vec<Row> {
    rows.sort_by(order);
    let mut fold = Fold::new(top);
    let mut out: Vec<Row> = Vec::with_capacity(rows.len());
    out.extend(rows.into_iter().filter_map(|row| fold.push(row)));
    out.extend(fold.finish());
    out
}

/// Rows in canonical order folded into canonical form as they come: a
/// count's rows summed, the `keep` first of a sighting or ranked group
/// kept, the `top` first of an evidence group. It holds one row, so a
/// merge of sorted streams can fold without holding them.
#[derive(Debug)]
pub struct Fold {
    top: Option<usize>,
    last: Option<Row>,
    in_group: usize,
}

impl Fold {
    /// A fold keeping `top` evidence rows per group (all when `None`).
    pub fn new(top: Option<usize>) -> Fold {
        Fold {
            top,
            last: None,
            in_group: 0,
        }
    }

    /// Takes the next row (in canonical order); returns the row before it
    /// once no later row can change it.
    pub fn push(&mut self, row: Row) -> Option<Row> {
        if self.top == Some(0) && matches!(row, Row::Evidence { .. }) {
            return None;
        }
        let Some(last) = self.last.as_mut() else {
            self.in_group = 1;
            self.last = Some(row);
            return None;
        };
        if group_order(last, &row) != Ordering::Equal {
            self.in_group = 1;
            return self.last.replace(row);
        }
        let kept = match &row {
            Row::Count { n: more, .. } => {
                if let Row::Count { n, .. } = last {
                    *n += more;
                }
                false
            }
            Row::Evidence { .. } => self.top.is_none_or(|k| self.in_group < k),
            Row::First { keep, .. } | Row::Top { keep, .. } => self.in_group < *keep as usize,
            // Records being disjoint, the same document row again.
            Row::Doc { .. } => false,
        };
        if !kept {
            return None;
        }
        self.in_group += 1;
        self.last.replace(row)
    }

    /// The last row held.
    pub fn finish(self) -> Option<Row> {
        self.last
    }
}

/// The first document id found on two records, if any: `(id, first
/// record, second record)`.
pub fn repeated_id(rows: &[Row]) -> Option<(String, u64, u64)> {
    let mut seen: BTreeMap<&str, u64> = BTreeMap::new();
    for r in rows {
        if let Row::Doc {
            record,
            id: Some(id),
            ..
        } = r
        {
            if let Some(first) = seen.insert(id, *record) {
                return Some((id.clone(), first.min(*record), first.max(*record)));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests;
