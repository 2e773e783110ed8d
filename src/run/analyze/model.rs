//! The model a checked run will use: none, weak labels on an axis, or
//! a saved model loaded and checked against the lexicons.

use super::ModelPlan;
use crate::error::Error;
use crate::lexicon::LexiconSet;
use crate::model::{Model, TrainValidParams};
use crate::params::ParamGuard;
use crate::run::pick_axis;

/// The model a checked run will use.
pub(super) enum PreparedModel {
    None,
    Weak {
        axis: usize,
        params: TrainValidParams,
    },
    Saved {
        model: Box<Model>,
        path: String,
    },
    /// Wanted, but impossible; the report says why.
    Unavailable(String),
}

pub(super) fn prepare_model(plan: &ModelPlan, set: &LexiconSet) -> Result<PreparedModel, Error> {
    Ok(match plan {
        ModelPlan::None => PreparedModel::None,
        ModelPlan::Saved(path) => {
            let model = Model::load(path)?;
            let label = path.display().to_string();
            model.check(set, &label)?;
            PreparedModel::Saved {
                model: Box::new(model),
                path: label,
            }
        }
        ModelPlan::Weak { axis, params } => {
            let params = params.check()?;
            match pick_axis(set, axis.as_deref())? {
                Some(axis) => PreparedModel::Weak { axis, params },
                None => PreparedModel::Unavailable(
                    "the lexicons have no stance axis to take weak labels from".into(),
                ),
            }
        }
    })
}
