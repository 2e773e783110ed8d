//! `documents.csv` laid out: the fixed columns, the record's other fields
//! (`url` and any slant does not use, in input order), `score_<axis>` and
//! `rate_<frame>` from the documents table, and with a model its
//! `p_<class>` (and `model_score`) columns.

use super::format::{Cell, Table};
use super::model::{extend_documents, ModelView};
use crate::lexicon::LexiconSet;
use crate::scores::tables::DocRow;

/// The fixed columns, in order.
const COLUMNS: [&str; 8] = [
    "id",
    "outlet",
    "date",
    "title",
    "tokens",
    "sentences",
    "matches",
    "out_of_context",
];

/// `documents.csv`: `id, outlet, date, title, tokens, sentences, matches,
/// out_of_context` (matches not counted for lack of topic context), then
/// the metadata columns ([`metadata_fields`]), then `score_<axis>` for each
/// axis (the document's slant index, empty when off-topic or without a
/// pole match), then
/// `off_topic_<axis>` for each axis (`true` when no word of the axis's topic
/// context occurs in the document), then
/// `rate_<frame>` for each frame (matches per 1,000 tokens), then the
/// model's columns.
pub fn table(set: &LexiconSet, docs: &[DocRow], model: Option<ModelView<'_>>) -> Table {
    let mut columns: Vec<String> = COLUMNS.iter().map(|s| s.to_string()).collect();
    columns.extend(set.axes.iter().map(|a| format!("score_{}", a.id)));
    columns.extend(set.axes.iter().map(|a| format!("off_topic_{}", a.id)));
    columns.extend(set.frames.iter().map(|f| format!("rate_{}", f.id)));
    let rows = docs
        .iter()
        .map(|d| {
            let mut row = vec![
                Cell::Text(d.id.clone()),
                Cell::Text(d.outlet.clone()),
                Cell::opt_text(&d.date),
                Cell::opt_text(&d.title),
                Cell::Int(d.tokens as i64),
                Cell::Int(i64::from(d.sentences)),
                Cell::Int(i64::from(d.matches)),
                Cell::Int(i64::from(d.out_of_context)),
            ];
            row.extend(d.scores.iter().map(|v| v.map_or(Cell::Empty, Cell::Float)));
            row.extend(d.off_topic.iter().map(|o| Cell::Text(o.to_string())));
            row.extend(d.rates.iter().map(|&v| Cell::Float(v)));
            row
        })
        .collect();
    let mut table = Table { columns, rows };
    if let Some(m) = model {
        extend_documents(&mut table, m);
    }
    insert_metadata(&mut table, docs);
    table
}

/// The metadata fields of `docs`: `url` when any document has one, then
/// every other field in the order first seen (input order).
pub fn metadata_fields(docs: &[DocRow]) -> Vec<String> {
    let mut fields: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    if docs.iter().any(|d| d.url.is_some()) {
        fields.push("url".into());
        seen.insert("url");
    }
    for d in docs {
        for (k, _) in &d.meta {
            if seen.insert(k.as_str()) {
                fields.push(k.clone());
            }
        }
    }
    fields
}

/// Inserts a column per metadata field after the fixed columns (empty
/// where a document lacks it); a field named like a column of slant's own
/// is written as `meta_<field>`.
fn insert_metadata(table: &mut Table, docs: &[DocRow]) {
    let fields = metadata_fields(docs);
    let at = COLUMNS.len();
    let mut names = Vec::with_capacity(fields.len());
    for f in &fields {
        let mut name = f.clone();
        while table.columns.contains(&name) || names.contains(&name) {
            name = format!("meta_{name}");
        }
        names.push(name);
    }
    table.columns.splice(at..at, names);
    for (row, d) in table.rows.iter_mut().zip(docs) {
        let cells = fields.iter().map(|f| {
            let v = match f.as_str() {
                "url" => d.url.as_deref(),
                _ => None,
            };
            let v = v.or_else(|| d.meta.iter().find(|(k, _)| k == f).map(|(_, v)| v.as_str()));
            v.map_or(Cell::Empty, |v| Cell::Text(v.to_string()))
        });
        row.splice(at..at, cells);
    }
}
