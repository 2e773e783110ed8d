//! A saved model in the map step: loaded and checked against the
//! lexicons, hashed for the partial's header (merge refuses partials
//! scored with another model, report one given another), and applied to
//! each document as analyze applies it.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::lexicon::LexiconSet;
use crate::model::Model;

/// A saved model, checked, with the SHA-256 of its file.
pub struct SavedModel {
    /// The model.
    pub model: Model,
    /// Hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// The path as given, as the report names the model.
    pub label: String,
}

impl SavedModel {
    /// Loads the model at `path` and checks that it scores text matched
    /// with `set`.
    pub fn load(path: &PathBuf, set: &LexiconSet) -> Result<SavedModel, Error> {
        let model = Model::load(path)?;
        let label = path.display().to_string();
        model.check(set, &label)?;
        let bytes = std::fs::read(path)
            .map_err(|e| Error::Invalid(format!("{label}: cannot read: {e}")))?;
        Ok(SavedModel {
            model,
            sha256: format!("{:x}", Sha256::digest(&bytes)),
            label,
        })
    }
}
