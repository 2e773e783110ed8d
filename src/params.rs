//! Parse, validate, run: every stage takes parameters that were checked
//! before any work started. Unchecked `*Params` (plain fields, defaults
//! documented) turn into `*ValidParams` through [`ParamGuard::check`], as in
//! linfa; a bad value fails with a [`ParamError`] naming its field, which
//! the command line maps to its flag.

/// An option value that cannot be used, named by its field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("`{field}` {message}")]
pub struct ParamError {
    /// The field, as the library names it (`quote_weight`, `fit.alpha`).
    pub field: &'static str,
    /// What is wrong with its value, e.g. `must be between 0 and 1, not 2`.
    pub message: String,
}

impl ParamError {
    /// An error about `field`.
    pub fn new(field: &'static str, message: impl Into<String>) -> ParamError {
        ParamError {
            field,
            message: message.into(),
        }
    }
}

/// Unchecked parameters that check into valid ones.
pub trait ParamGuard {
    /// The checked parameters.
    type Checked;
    /// Checks the values.
    fn check(self) -> Result<Self::Checked, ParamError>;
}

/// `Ok` when `ok`, else an error about `field`.
pub(crate) fn ensure(
    ok: bool,
    field: &'static str,
    message: impl FnOnce() -> String,
) -> Result<(), ParamError> {
    if ok {
        Ok(())
    } else {
        Err(ParamError::new(field, message()))
    }
}
