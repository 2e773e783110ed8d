//! `document_counts.csv`: one row per document and one count column per
//! frame (a dictionary's category) and per pole, as LIWC writes its
//! output, for notebooks that model documents.

use std::io::Write;

use super::format::{Cell, CsvRows, FormatError};
use crate::aggregate::Aggregate;
use crate::lexicon::LexiconSet;

/// The fixed columns, in order.
const FIXED: [&str; 3] = ["doc_id", "outlet", "tokens"];

/// The count columns: each frame's id, in lexicon order (prefixed `frame.`
/// if it would repeat a fixed column), then `<axis>.<pole>` for each axis,
/// positive pole first. Ids are lowercase letters, digits and `_`, so a
/// name with a dot is never a frame's, and no two columns share a name.
pub fn count_columns(set: &LexiconSet) -> Vec<String> {
    let frames = set.frames.iter().map(|f| {
        if FIXED.contains(&f.id.as_str()) {
            format!("frame.{}", f.id)
        } else {
            f.id.clone()
        }
    });
    let poles = set
        .axes
        .iter()
        .flat_map(|a| [&a.positive.id, &a.negative.id].map(|p| format!("{}.{}", a.id, p)));
    frames.chain(poles).collect()
}

/// Writes the table to `out`, one row at a time: per document, its id,
/// outlet, word tokens, and the matches of each frame and pole (own voice
/// plus quotation, unweighted). Returns the rows written.
pub fn write(out: impl Write, set: &LexiconSet, a: &Aggregate) -> Result<u64, FormatError> {
    let mut columns: Vec<String> = FIXED.iter().map(|s| s.to_string()).collect();
    columns.extend(count_columns(set));
    let mut csv = CsvRows::new(out, &columns)?;
    let mut row = Vec::with_capacity(columns.len());
    for (d, text) in a.docs.read()?.zip(a.texts.read()?) {
        let d = d?;
        row.clear();
        row.extend([
            Cell::Text(text?.id),
            Cell::Text(d.outlet.to_string()),
            Cell::Int(d.tally.tokens as i64),
        ]);
        row.extend((0..set.frames.len()).map(|f| Cell::Int(i64::from(d.tally.frame_total(f)))));
        row.extend(
            d.tally
                .pole_counts(set)
                .into_iter()
                .map(|n| Cell::Int(i64::from(n))),
        );
        csv.row(&row)?;
    }
    csv.finish()
}
