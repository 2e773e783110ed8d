//! slant: compare how news outlets frame the same story.
//!
//! The data takes one road, and each module is one stage of it; an earlier
//! stage never imports a later one:
//!
//! ```text
//! corpus -> text -> lexicon -> matching -> features -> model -> aggregate -> scores -> report
//! ```
//!
//! - [`corpus`] reads [`corpus::Document`]s one at a time from directories
//!   with a manifest, JSONL or CSV.
//! - [`text`] normalizes text for matching and lays out sentences, tokens
//!   and quotations; [`text::QuoteWeight`] is how much a quoted match counts.
//! - [`lexicon`] loads and checks [`lexicon::LexiconSet`]s: frames, stance
//!   axes, variant slots.
//! - [`matching`] finds lexicon terms with a [`matching::Matcher`].
//! - [`features`] turns matches into tallies and ndarray feature matrices.
//! - [`stream`] runs a corpus through matching in parallel batches and hands
//!   each document to [`stream::DocHook`]s, in input order.
//! - [`model`] trains a stance classifier (linfa) with honest validation and
//!   predicts class probabilities for sentences and documents.
//! - [`aggregate`] gathers everything the outputs need into an
//!   [`aggregate::Aggregate`]: per-document tallies, evidence sentences, word
//!   counts, sentences to align, model predictions.
//! - [`scores`] computes every statistic from the aggregate
//!   ([`scores::Scores`]): slant indices with bootstrap intervals and flags,
//!   the tables, the model's outlet probabilities, and the comparison views
//!   (distinctive terms, similarity, aligned facts, head to head).
//! - [`report`] renders tables, charts, `report.md` and `report.html`; it
//!   computes nothing.
//! - [`run`] joins the stages: [`run::Config`] (a report), [`run::train_on`]
//!   (a model), [`run::suggest()`] (candidate terms).
//!
//! Beside the road: [`params`] (checked parameters: `*Params` into
//! `*ValidParams`), [`output`] (every file written atomically), [`random`]
//! (named, seeded random streams), [`kwic`] (matches in context),
//! [`partial`] (partial results of shards, merged across machines) and
//! [`error`].
//!
//! # Example
//!
//! A whole analysis of the seed corpus, from Rust:
//!
//! ```
//! use slant::run::{Config, ModelPlan};
//!
//! # fn main() -> Result<(), slant::Error> {
//! let out = tempfile::tempdir().unwrap();
//! let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
//! let mut config = Config::new(vec![seeds], out.path().join("report"));
//! config.model = ModelPlan::None; // lexicon scores only; the default trains a model too
//! config.scores.bootstrap = 200;
//! let outcome = config.validate()?.run("analyze", &|_, _| {})?;
//!
//! let rt = outcome.scores.tables.outlet_rows.iter().find(|r| r.outlet == "RT").unwrap();
//! // Empty (`None`) for an outlet without any pole match.
//! assert!(rt.score.is_some_and(|s| s > 0.0), "RT leans to the `kremlin` pole");
//! assert!(outcome.out.join("report.md").exists());
//! # Ok(())
//! # }
//! ```
//!
//! Matching alone:
//!
//! ```
//! use slant::lexicon::{load, LexiconSource};
//! use slant::matching::Matcher;
//!
//! let set = load(&LexiconSource::defaults()).unwrap().set;
//! let matcher = Matcher::new(&set).unwrap();
//! let text = "The peninsula voted to join Russia after a Western-backed coup in Kiev.";
//! let found: Vec<&str> = matcher.find(text).iter().map(|m| &text[m.start..m.end]).collect();
//! assert!(found.contains(&"Western-backed coup"));
//! ```

pub mod aggregate;
pub mod corpus;
pub mod error;
pub mod extsort;
pub mod features;
pub mod kwic;
pub mod lexicon;
pub mod lss;
pub mod matching;
pub mod model;
pub mod output;
pub mod params;
pub mod partial;
pub mod random;
pub mod repeats;
pub mod report;
pub mod run;
pub mod scores;
pub mod stream;
pub mod text;

pub use error::Error;

#[cfg(test)]
pub(crate) mod fuzz;
