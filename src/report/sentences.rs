//! `sentences.csv`, written as the run goes: every sentence with the
//! model's class probabilities, so the corpus never has to be held in
//! memory.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use crate::corpus::Document;
use crate::matching::MatchedDoc;
use crate::model::predict::DocPrediction;
use crate::model::Model;

/// Streams `sentences.csv`: `doc_id, outlet, sentence, tokens`, then
/// `p_<class>` per class, `model_score` when the classes are an axis's
/// poles, and `text`.
pub struct SentenceWriter<'a> {
    model: &'a Model,
    csv: csv::Writer<BufWriter<File>>,
}

impl<'a> SentenceWriter<'a> {
    /// Creates `path` and writes the header.
    pub fn create(path: &Path, model: &'a Model) -> std::io::Result<Self> {
        let mut csv =
            csv::Writer::from_writer(BufWriter::with_capacity(1 << 16, File::create(path)?));
        csv.write_record(columns(model))?;
        Ok(SentenceWriter { model, csv })
    }

    /// Writes the sentences of one predicted document.
    pub fn document(
        &mut self,
        doc: &Document,
        m: &MatchedDoc,
        pred: &DocPrediction,
    ) -> std::io::Result<()> {
        for (s, (tokens, probs)) in pred.sentences.iter().enumerate() {
            let mut rec = vec![
                doc.id.clone(),
                doc.outlet.clone(),
                s.to_string(),
                tokens.to_string(),
            ];
            rec.extend(probs.iter().map(|v| v.to_string()));
            if let Some(score) = self.model.axis_score(probs) {
                rec.push(score.to_string());
            }
            rec.push(doc.text[m.layout.sentences[s].clone()].to_string());
            self.csv.write_record(&rec)?;
        }
        Ok(())
    }

    /// Flushes the file.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.csv.flush()
    }
}

/// The header of `sentences.csv` for `model`.
fn columns(model: &Model) -> Vec<String> {
    let mut header: Vec<String> = ["doc_id", "outlet", "sentence", "tokens"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(model.classes.iter().map(|c| format!("p_{c}")));
    if model.axis.is_some() {
        header.push("model_score".into());
    }
    header.push("text".into());
    header
}
