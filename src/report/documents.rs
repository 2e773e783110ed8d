//! `documents.csv` laid out and written one document at a time: the fixed
//! columns, the record's other fields (`url` and any slant does not use,
//! in input order), `score_<axis>` and `rate_<frame>` from the scores
//! stage's [`document_row`], with a model its `p_<class>` (and
//! `model_score`) columns, and last `in_training`.

use std::io::Write;

use super::format::{Cell, CsvRows, FormatError};
use super::model::{document_cells, model_columns, ModelView};
use crate::aggregate::{Aggregate, DocSummary, DocText};
use crate::lexicon::LexiconSet;
use crate::scores::tables::document_row;
use crate::scores::ScoreValidParams;

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

/// The last column: whether a saved model was trained on the document.
const IN_TRAINING: &str = "in_training";

/// The columns of `documents.csv`: `id, outlet, date, title, tokens,
/// sentences, matches, out_of_context` (matches not counted for lack of
/// topic context), then a column per metadata field (`fields`, see
/// [`Aggregate::metadata_fields`]), then `score_<axis>` for each axis (the
/// document's slant index, empty when off-topic or without a pole match),
/// then `off_topic_<axis>` for each axis (`true` when no word of the
/// axis's topic context occurs in the document), then the model's columns,
/// then `in_training`, always there: `true` or `false` when a saved model
/// (`analyze --model`) lists its training documents (whether it was trained
/// on this document, by id and text), empty when that is not known (no
/// saved model, a model file that does not list them, a report from
/// partials). A field named like a column of slant's own is written as
/// `meta_<field>`.
/// Counts per frame are in `document_counts.csv`, once: a rate per 1,000
/// tokens is a count over `tokens`, times 1,000.
pub fn columns(set: &LexiconSet, fields: &[String], model: Option<ModelView<'_>>) -> Vec<String> {
    let mut own: Vec<String> = COLUMNS.iter().map(|s| s.to_string()).collect();
    own.extend(set.axes.iter().map(|a| format!("score_{}", a.id)));
    own.extend(set.axes.iter().map(|a| format!("off_topic_{}", a.id)));
    if let Some(m) = model {
        own.extend(model_columns(m));
    }
    own.push(IN_TRAINING.to_string());
    let mut names: Vec<String> = Vec::with_capacity(fields.len());
    for f in fields {
        let mut name = f.clone();
        while own.contains(&name) || names.contains(&name) {
            name = format!("meta_{name}");
        }
        names.push(name);
    }
    let at = COLUMNS.len();
    own.splice(at..at, names);
    own
}

/// Writes `documents.csv` for the documents of `a` to `out`, one row at
/// a time; returns the rows written.
pub fn write(
    out: impl Write,
    set: &LexiconSet,
    a: &Aggregate,
    model: Option<ModelView<'_>>,
    opts: &ScoreValidParams,
) -> Result<u64, FormatError> {
    let fields = &a.metadata_fields;
    let mut csv = CsvRows::new(out, &columns(set, fields, model))?;
    // Predictions are in input order, so one walk finds each document's.
    let mut probs = model
        .iter()
        .flat_map(|m| m.predictions.docs.iter())
        .peekable();
    let in_training = model.and_then(|m| m.scores.in_training_docs.as_deref());
    let mut cells = Vec::new();
    for (i, (d, text)) in a.docs.read()?.zip(a.texts.read()?).enumerate() {
        cells.clear();
        row_cells(&mut cells, &d?, &text?, fields, opts);
        if let Some(m) = model {
            let p = probs.next_if(|p| p.doc == i);
            document_cells(&mut cells, m, p);
        }
        cells.push(match in_training.and_then(|seen| seen.get(i)) {
            Some(seen) => Cell::Text(seen.to_string()),
            None => Cell::Empty,
        });
        csv.row(&cells)?;
    }
    csv.finish()
}

/// The cells of one document before the model's.
fn row_cells(
    cells: &mut Vec<Cell>,
    d: &DocSummary,
    text: &DocText,
    fields: &[String],
    opts: &ScoreValidParams,
) {
    let r = document_row(&d.tally, opts);
    cells.extend([
        Cell::Text(text.id.clone()),
        Cell::Text(d.outlet.to_string()),
        Cell::opt_text(&text.date),
        Cell::opt_text(&text.title),
        Cell::Int(r.tokens as i64),
        Cell::Int(i64::from(r.sentences)),
        Cell::Int(i64::from(r.matches)),
        Cell::Int(i64::from(r.out_of_context)),
    ]);
    cells.extend(fields.iter().map(|f| {
        let v = match f.as_str() {
            "url" => text.url.as_deref(),
            _ => None,
        };
        let v = v.or_else(|| {
            text.meta
                .iter()
                .find(|(k, _)| k == f)
                .map(|(_, v)| v.as_str())
        });
        v.map_or(Cell::Empty, |v| Cell::Text(v.to_string()))
    }));
    cells.extend(r.scores.iter().map(|v| v.map_or(Cell::Empty, Cell::Float)));
    cells.extend(r.off_topic.iter().map(|o| Cell::Text(o.to_string())));
}
