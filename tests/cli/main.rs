//! Integration tests: the `slant` binary on real files in temporary folders.

mod analyze;
mod chart_names;
mod compare;
mod dictionaries;
mod evidence;
mod inputs;
mod lexicon;
mod model;
mod output;
mod util;
