//! Dictionary formats researchers already have (placeholder: being written).
