//! The sentence that says how many of the documents a saved model scored
//! it was trained on, where `report.md` and `report.html` show the model's
//! scores: their probabilities are in-sample, and the held-out estimate
//! from the model's own validation is the one to read beside them.

use crate::model::seen::TrainingOverlap;
use crate::model::Model;
use crate::scores::model::ModelSource;

/// The note for a model from `source`, as plain text (each report escapes
/// it); none for a model trained in this run (see README "The
/// classifier": its documents' scores come from its final fit).
pub fn note(model: &Model, source: &ModelSource) -> Option<String> {
    let ModelSource::File(_, overlap) = source else {
        return None;
    };
    Some(match overlap {
        TrainingOverlap::Counted(o) if o.in_training == 0 => format!(
            "None of the {} scored documents was in the model's training set.",
            o.scored
        ),
        TrainingOverlap::Counted(o) => format!(
            "{} of {} scored documents ({} of {} outlets entirely) were in the model's training set: their probabilities are in-sample, and flatter the model; {}.",
            o.in_training,
            o.scored,
            o.outlets_entirely,
            o.outlets_scored,
            held_out(model)
        ),
        TrainingOverlap::Unknown => format!(
            "The model file lists no training documents (written before slant recorded them): whether the scored documents were in its training set is unknown, and the probabilities of any that were are in-sample; {}. Train it again to record them.",
            held_out(model)
        ),
        TrainingOverlap::NotCounted => format!(
            "Which scored documents were in the model's training set is not counted in this report from partial results: they were mapped by a slant that did not record it (map them again to count it); the probabilities of any that were are in-sample; {}.",
            held_out(model)
        ),
    })
}

/// `the model's held-out estimate is accuracy 0.61, macro-F1 0.58 (whole
/// outlets held out, from its validation)`.
fn held_out(model: &Model) -> String {
    match model.validation.headline() {
        Some(s) => match &s.model {
            Some(m) => format!(
                "the model's held-out estimate is accuracy {:.2}, macro-F1 {:.2} ({}, from its validation)",
                m.accuracy, m.macro_f1, s.scheme
            ),
            None => format!(
                "the model has no held-out estimate (no split of its validation ran: {})",
                s.scheme
            ),
        },
        None => "the model has no held-out estimate (its validation ran no scheme)".to_string(),
    }
}
