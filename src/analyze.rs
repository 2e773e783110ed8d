//! `analyze`, `score` and `train` as library calls: a corpus in, a report
//! folder or a model out. Everything is checked before work starts
//! (lexicons, model, inputs, output folder); a report replaces its folder
//! only when complete.
//!
//! With a saved model the corpus is read once: matching and scoring go
//! together. Training in-process (weak labels, the default) reads it twice:
//! the first pass matches and gathers training units, the second scores
//! with the fitted model. Standard input is copied aside in the first pass
//! so that the second can read it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::compare::{self, CompareOptions, Comparison};
use crate::corpus::{ReadOptions, Reader};
use crate::error::Error;
use crate::lexicon::{self, Diagnostic, LexiconSet, LexiconSource};
use crate::matching::Matcher;
use crate::model::score::{outlet_probs, spearman, top_features, Scorer};
use crate::model::supervision::Collector;
use crate::model::{train, Model, Supervision, TrainOptions};
use crate::output::Staging;
use crate::pipeline::{self, RunOptions};
use crate::report::matches::MatchWriter;
use crate::report::model::ModelReport;
use crate::report::{tables, CorpusSummary, Report, ReportError, RunMeta, Tables};
use crate::scores::ScoreOptions;
use crate::text::QuoteWeight;

/// Which model, if any, a report run uses.
#[derive(Debug, Clone)]
pub enum ModelPlan {
    /// Lexicon scores only.
    None,
    /// Train from weak labels on this axis (the first axis when `None`).
    Weak {
        /// Axis id.
        axis: Option<String>,
        /// Training options.
        options: TrainOptions,
    },
    /// A model saved by `slant train`.
    Saved(PathBuf),
}

/// Everything a report run needs, checked by [`Config::validate`].
#[derive(Debug, Clone)]
pub struct Config {
    /// Corpus inputs.
    pub inputs: Vec<PathBuf>,
    /// How to read them.
    pub read: ReadOptions,
    /// Lexicons to load, in order.
    pub lexicons: Vec<LexiconSource>,
    /// The report folder.
    pub out: PathBuf,
    /// Score options.
    pub scores: ScoreOptions,
    /// Evidence sentences per outlet, axis and side (default 5).
    pub evidence: usize,
    /// Whether to draw charts.
    pub charts: bool,
    /// The model.
    pub model: ModelPlan,
    /// Comparison views (`None`: skip them).
    pub compare: Option<CompareOptions>,
}

enum Prepared {
    None,
    Weak { axis: usize, options: TrainOptions },
    Saved { model: Box<Model>, path: String },
    Unavailable(String),
}

/// A checked [`Config`]: lexicons loaded, model loaded or planned, matcher
/// built, output writable.
pub struct Ready {
    config: Config,
    set: LexiconSet,
    matcher: Matcher,
    warnings: Vec<Diagnostic>,
    staging: Staging,
    model: Prepared,
}

/// What a finished run returns.
pub struct Outcome {
    /// The report folder.
    pub out: PathBuf,
    /// The tables written.
    pub tables: Tables,
    /// The model's results, if any.
    pub model: Option<ModelReport>,
    /// Why there is no model, when one was planned.
    pub model_note: Option<String>,
    /// The comparison views, if computed.
    pub comparison: Option<Comparison>,
    /// Corpus totals.
    pub summary: CorpusSummary,
    /// Lexicon warnings met on loading.
    pub warnings: Vec<Diagnostic>,
    /// Charts that could not be drawn, with why.
    pub chart_problems: Vec<String>,
}

fn check_scores(s: &ScoreOptions) -> Result<(), Error> {
    if !(s.smoothing.is_finite() && s.smoothing >= 0.0) {
        return Err(Error::Invalid(format!(
            "--smoothing must be a number >= 0, not {}",
            s.smoothing
        )));
    }
    Ok(())
}

/// The axis named `id`, or the first axis.
fn pick_axis(set: &LexiconSet, id: Option<&str>) -> Result<Option<usize>, Error> {
    match id {
        Some(id) => set.axis(id).map(Some).ok_or_else(|| {
            let known: Vec<&str> = set.axes.iter().map(|a| a.id.as_str()).collect();
            Error::Invalid(format!(
                "no axis `{id}` in the loaded lexicons (axes: {})",
                if known.is_empty() {
                    "none".into()
                } else {
                    known.join(", ")
                }
            ))
        }),
        None => Ok((!set.axes.is_empty()).then_some(0)),
    }
}

impl Config {
    /// Loads and checks everything before any document is read.
    pub fn validate(self) -> Result<Ready, Error> {
        check_scores(&self.scores)?;
        let loaded = lexicon::load(&self.lexicons)?;
        let set = loaded.set;
        let model = match &self.model {
            ModelPlan::None => Prepared::None,
            ModelPlan::Saved(path) => {
                let model = Model::load(path)?;
                let label = path.display().to_string();
                model.check(&set, &label)?;
                Prepared::Saved {
                    model: Box::new(model),
                    path: label,
                }
            }
            ModelPlan::Weak { axis, options } => match pick_axis(&set, axis.as_deref())? {
                Some(axis) => Prepared::Weak {
                    axis,
                    options: *options,
                },
                None => Prepared::Unavailable(
                    "the lexicons have no stance axis to take weak labels from".into(),
                ),
            },
        };
        let matcher = Matcher::new(&set)?;
        Reader::open(&self.inputs, self.read.clone())?;
        let staging = Staging::new(&self.out)?;
        Ok(Ready {
            config: self,
            set,
            matcher,
            warnings: loaded.diagnostics,
            staging,
            model,
        })
    }
}

impl Ready {
    /// Warnings from loading the lexicons.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The loaded lexicons.
    pub fn lexicons(&self) -> &LexiconSet {
        &self.set
    }

    /// Runs the analysis and writes the report. `progress` hears
    /// (documents, bytes) as the first pass goes.
    pub fn run(self, command: &str, progress: &dyn Fn(u64, u64)) -> Result<Outcome, Error> {
        let Ready {
            config,
            set,
            matcher,
            warnings,
            staging,
            model: prepared,
        } = self;
        let io = |e: std::io::Error| Error::Report(ReportError::Io(e));
        const PART: &str = ".matches.json.part";
        let sentences_csv = staging.path().join("sentences.csv");
        let spool = staging.path().join(".stdin.jsonl");
        let mut read = config.read.clone();
        let two_passes = matches!(prepared, Prepared::Weak { .. });
        if two_passes && config.inputs.iter().any(|p| p.as_os_str() == "-") {
            read.spool = Some(spool.clone());
        }
        let run_opts = RunOptions {
            quote_weight: config.scores.quote_weight,
            evidence: config.evidence,
        };
        let mut writer = MatchWriter::new(&set, staging.path(), PART).map_err(io)?;
        let (saved, weak) = match &prepared {
            Prepared::Saved { model, .. } => (Some(model.as_ref()), None),
            Prepared::Weak { axis, options } => {
                (None, Some((Supervision::Weak { axis: *axis }, *options)))
            }
            _ => (None, None),
        };
        let scorer = match saved {
            Some(m) => Some(Scorer::new(m, &set, Some(&sentences_csv), 3).map_err(io)?),
            None => None,
        };
        let collector = weak
            .as_ref()
            .map(|(sup, o)| Collector::new(&set, sup, o.text.ngrams, config.scores.quote_weight));
        let comparer = config
            .compare
            .as_ref()
            .map(|o| compare::Collector::new(&set, o, config.scores));
        let mut hook = (&mut writer, ((scorer, collector), comparer));
        let mut reader = Reader::open(&config.inputs, read.clone())?;
        let analysis = pipeline::run(&mut reader, &set, &matcher, run_opts, &mut hook, progress)?;
        let (_, ((scorer, collector), comparer)) = hook;
        let tables = tables::build(&set, &analysis, &config.scores);
        let comparison = match (comparer, &config.compare) {
            (Some(c), Some(o)) => Some(compare::finish(c, &analysis, &tables, o, &config.scores)?),
            _ => None,
        };
        let (mut model_note, mut trained) = (None, None);
        if let Prepared::Unavailable(why) = &prepared {
            model_note = Some(why.clone());
        }
        if let (Some(c), Some((sup, options))) = (collector, &weak) {
            let units = c.finish(&tables.outlets)?;
            match train::train(&units, &set, sup, options) {
                Ok(m) => trained = Some(m),
                Err(e) => model_note = Some(e.to_string()),
            }
        }
        let mut scorer = match (scorer, &trained) {
            (Some(s), _) => Some(s),
            (None, Some(m)) => {
                // Second pass: score every document with the fitted model.
                let (inputs, second) = config.read.second_pass(&config.inputs, &spool);
                let mut s = Scorer::new(m, &set, Some(&sentences_csv), 3).map_err(io)?;
                pipeline::run(
                    Reader::open(&inputs, second)?,
                    &set,
                    &matcher,
                    run_opts,
                    &mut s,
                    &|_, _| {},
                )?;
                Some(s)
            }
            (None, None) => None,
        };
        if read.spool.is_some() {
            std::fs::remove_file(&spool).ok();
        }
        let model_report = match (&mut scorer, saved.or(trained.as_ref())) {
            (Some(s), Some(m)) => {
                s.finish().map_err(io)?;
                let source = match &prepared {
                    Prepared::Saved { path, .. } => path.clone(),
                    _ => "trained in this run".into(),
                };
                Some(model_report(m, source, s, &tables, &config.scores))
            }
            _ => None,
        };
        let (part, _) = writer.finish().map_err(io)?;
        let meta = RunMeta {
            slant_version: env!("CARGO_PKG_VERSION").to_string(),
            command: command.to_string(),
            inputs: config
                .inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            options: config.scores,
            evidence_per_side: config.evidence,
            lexicons: set.lexicons.clone(),
        };
        let report = Report {
            set: &set,
            analysis: &analysis,
            tables: &tables,
            meta: &meta,
            skipped: reader.skipped(),
            charts: config.charts,
            model: model_report.as_ref(),
            model_note: model_note.as_deref(),
            comparison: comparison.as_ref(),
        };
        let chart_problems = report.write(&staging, &part)?;
        let summary = report.summary();
        let out = staging.commit()?;
        Ok(Outcome {
            out,
            tables,
            model: model_report,
            model_note,
            comparison,
            summary,
            warnings,
            chart_problems,
        })
    }
}

/// Gathers a model's results for the report.
fn model_report(
    model: &Model,
    source: String,
    s: &mut Scorer,
    tables: &Tables,
    opts: &ScoreOptions,
) -> ModelReport {
    let outlets = outlet_probs(model, &s.docs, opts);
    let spearman = model.axis.as_ref().and_then(|a| {
        let lex: BTreeMap<&str, f64> = tables
            .outlet_rows
            .iter()
            .filter(|r| r.axis == a.axis)
            .map(|r| (r.outlet.as_str(), r.score))
            .collect();
        let pairs: Vec<(f64, f64)> = outlets
            .iter()
            .filter_map(|o| Some((*lex.get(o.outlet.as_str())?, o.score?)))
            .collect();
        let (a, b): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
        spearman(&a, &b)
    });
    ModelReport {
        model: model.clone(),
        source,
        outlets,
        docs: std::mem::take(&mut s.docs),
        top_sentences: std::mem::take(&mut s.top),
        features: top_features(model, 15),
        spearman,
    }
}

/// What [`train_on`] needs.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Corpus inputs.
    pub inputs: Vec<PathBuf>,
    /// How to read them.
    pub read: ReadOptions,
    /// Lexicons.
    pub lexicons: Vec<LexiconSource>,
    /// Where labels come from; `None` = weak labels on `axis`.
    pub supervision: Option<Supervision>,
    /// Axis for weak labels (default: the first).
    pub axis: Option<String>,
    /// Weight of a quoted pole match in weak labels (0 leaves quotations out).
    pub quote_weight: QuoteWeight,
    /// Training options.
    pub options: TrainOptions,
}

/// Reads a corpus, gathers training units and trains a model.
pub fn train_on(
    config: &TrainConfig,
    progress: &dyn Fn(u64, u64),
) -> Result<(Model, Vec<Diagnostic>), Error> {
    let loaded = lexicon::load(&config.lexicons)?;
    let set = loaded.set;
    let supervision = match &config.supervision {
        Some(s) => s.clone(),
        None => match pick_axis(&set, config.axis.as_deref())? {
            Some(axis) => Supervision::Weak { axis },
            None => {
                return Err(Error::Invalid(
                    "the lexicons have no stance axis: give --labels or --reference".into(),
                ))
            }
        },
    };
    let matcher = Matcher::new(&set)?;
    let reader = Reader::open(&config.inputs, config.read.clone())?;
    let mut collector = Collector::new(
        &set,
        &supervision,
        config.options.text.ngrams,
        config.quote_weight,
    );
    let run_opts = RunOptions {
        quote_weight: config.quote_weight,
        evidence: 0,
    };
    let analysis = pipeline::run(reader, &set, &matcher, run_opts, &mut collector, progress)?;
    let mut outlets: Vec<String> = analysis.docs.iter().map(|d| d.outlet.clone()).collect();
    outlets.sort_unstable();
    outlets.dedup();
    let units = collector.finish(&outlets)?;
    let model = train::train(&units, &set, &supervision, &config.options)?;
    Ok((model, loaded.diagnostics))
}
