//! Integration tests: the `slant` binary on real files in temporary folders.

mod analyze;
mod batches;
mod chart_names;
mod compare;
mod dictionaries;
mod evidence;
mod help;
mod hostile;
mod html;
mod inputs;
mod lean;
mod lexicon;
mod lss;
mod lss_saved;
mod model;
mod negation;
mod numbers;
mod output;
mod partial;
mod partial_bounded;
mod partial_model;
mod real_corpus;
mod scale;
mod spark;
mod util;
mod validation;
