//! slant: compare how news outlets frame the same story.
//!
//! The data takes one road, and each module is one stage of it:
//!
//! ```text
//! corpus -> text -> lexicon match -> features -> scores -> report
//! ```
//!
//! - [`corpus`] reads [`corpus::Document`]s one at a time from directories
//!   with a manifest, JSONL or CSV.
//! - [`text`] normalizes text for matching and lays out sentences, tokens
//!   and quotations.
//! - [`lexicon`] loads and checks [`lexicon::LexiconSet`]s: frames, stance
//!   axes, variant slots.
//! - [`matching`] finds lexicon terms with a [`matching::Matcher`].
//! - [`features`] turns matches into tallies and ndarray feature matrices.
//! - [`model`] trains and applies a stance classifier (linfa) with honest
//!   validation.
//! - [`scores`] computes slant indices with bootstrap intervals.
//! - [`pipeline`] streams a corpus through matching in parallel batches.
//! - [`compare`] builds views across outlets: distinctive terms, similarity,
//!   the same fact told by each outlet, two outlets head to head.
//! - [`report`] writes tables, charts and `report.md`, atomically.
//! - [`analyze`] is the whole road as one call.
//!
//! # Example
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
pub mod features;
pub mod kwic;
pub mod lexicon;
pub mod matching;
pub mod model;
pub mod output;
pub mod params;
pub mod report;
pub mod run;
pub mod scores;
pub mod stream;
pub mod text;

pub use error::Error;
