//! `analyze`, `score` and `compare` as one library call: a corpus in, a
//! report folder out. [`Config::validate`] checks everything before any
//! document is read; [`Ready::run`] streams the corpus, scores it and
//! writes the report, which replaces its folder only when complete.
//!
//! With a saved model the corpus is read once: matching and prediction go
//! together. Training in-process (weak labels, the default) reads it twice:
//! the first pass aggregates and gathers training units, the second
//! predicts with the fitted model. Standard input is copied aside in the
//! first pass so that the second can read it.

use std::path::PathBuf;

use super::lss::{Gathered, LssCollector, LssPlan, PreparedLss, EVIDENCE_PER_OUTLET};
use super::lss_saved::LssScorer;
use super::{pass_from, pass_with};
use crate::aggregate::dfm::DfmCollector;
use crate::aggregate::words::WordCollector;
use crate::aggregate::{Aggregate, Aggregator};
use crate::corpus::{ReadOptions, Reader};
use crate::error::Error;
use crate::lexicon::{self, Diagnostic, LexiconSet, LexiconSource};
use crate::matching::Matcher;
use crate::model::{train, Supervision, TrainParams, TrainValidParams, UnitCollector};
use crate::output::Staging;
use crate::params::ParamGuard;
use crate::repeats::{RepeatOptions, Repeats};
use crate::report::matches::MatchWriter;
use crate::report::sentences::{self, SentenceTextWriter};
use crate::report::{CorpusSummary, OutputOptions, ReportError, TableList};
use crate::scores::compare::{CompareParams, CompareValidParams};
use crate::scores::lss::LssView;
use crate::scores::model::ModelSource;
use crate::scores::{ScoreParams, ScoreValidParams, Scores};

mod model;
mod prediction;
mod reuse;
mod write;

use model::{prepare_model, PreparedModel};
use prediction::Prediction;
pub use reuse::RepeatFiles;

/// Which model, if any, a report run uses.
#[derive(Debug, Clone)]
pub enum ModelPlan {
    /// Lexicon scores only.
    None,
    /// Train from weak labels on this axis (the first axis when `None`).
    Weak {
        /// Axis id.
        axis: Option<String>,
        /// Training parameters.
        params: TrainParams,
    },
    /// A model saved by `slant train`.
    Saved(PathBuf),
}

/// Everything a report run needs, as given; [`Config::validate`] checks it.
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
    /// How scores are computed.
    pub scores: ScoreParams,
    /// Evidence sentences per outlet, axis and side (default 5).
    pub evidence: usize,
    /// Whether to draw charts.
    pub charts: bool,
    /// The model.
    pub model: ModelPlan,
    /// Comparison views (`None`: skip them).
    pub compare: Option<CompareParams>,
    /// Optional outputs, and whether the large tables are gzipped.
    pub outputs: OutputOptions,
    /// Outlets to show in every bounded chart and table of the report.
    pub highlight: Vec<String>,
    /// Boilerplate and wire copy.
    pub repeats: RepeatOptions,
    /// A file to save the repeats found in, or to read them from.
    pub repeat_files: RepeatFiles,
    /// The command line that asked for the run, without what only decides
    /// where the report goes and how the run is shown (`--out`, `-q`,
    /// `-j`): recorded in `results.json` for `slant rerun`.
    pub args: Vec<String>,
    /// Latent Semantic Scaling (`None`: not run).
    pub lss: Option<LssPlan>,
}

impl Config {
    /// A report of `inputs` into `out` with the shipped lexicons and every
    /// default: weak-label model, comparison views, charts.
    pub fn new(inputs: Vec<PathBuf>, out: PathBuf) -> Config {
        Config {
            inputs,
            read: ReadOptions::default(),
            lexicons: LexiconSource::defaults(),
            out,
            scores: ScoreParams::default(),
            evidence: 5,
            charts: true,
            model: ModelPlan::Weak {
                axis: None,
                params: TrainParams::default(),
            },
            compare: Some(CompareParams::default()),
            outputs: OutputOptions::default(),
            highlight: Vec::new(),
            repeats: RepeatOptions::default(),
            repeat_files: RepeatFiles::default(),
            args: Vec::new(),
            lss: None,
        }
    }
}

/// A checked [`Config`]: parameters valid, lexicons loaded, model loaded or
/// planned, matcher built, output writable.
pub struct Ready {
    inputs: Vec<PathBuf>,
    read: ReadOptions,
    scores: ScoreValidParams,
    evidence: usize,
    charts: bool,
    compare: Option<CompareValidParams>,
    outputs: OutputOptions,
    set: LexiconSet,
    matcher: Matcher,
    warnings: Vec<Diagnostic>,
    staging: Staging,
    model: PreparedModel,
    highlight: Vec<String>,
    repeats: RepeatOptions,
    /// Where to save the repeats found.
    save_repeats: Option<PathBuf>,
    /// Repeats read from a file, in place of the repeat pass.
    loaded: Option<reuse::Loaded>,
    args: Vec<String>,
    lss: Option<PreparedLss>,
}

/// What a finished run returns.
pub struct Outcome {
    /// The report folder.
    pub out: PathBuf,
    /// Everything gathered from the corpus; the documents' texts and
    /// tallies ([`Aggregate::texts`], [`Aggregate::docs`]) were spilled in
    /// the staging folder and are discarded once the report is written
    /// (the per-outlet sums stay).
    pub aggregate: Aggregate,
    /// Every statistic computed from it.
    pub scores: Scores,
    /// Why there is no model, when one was planned.
    pub model_note: Option<String>,
    /// Corpus totals.
    pub summary: CorpusSummary,
    /// Lexicon warnings met on loading.
    pub warnings: Vec<Diagnostic>,
    /// Charts that could not be drawn, with why.
    pub chart_problems: Vec<String>,
    /// LSS, when asked for and fitted.
    pub lss: Option<LssView>,
    /// Why LSS could not be fitted, when asked for.
    pub lss_note: Option<String>,
}

impl Config {
    /// Checks every parameter and loads everything before any document is
    /// read.
    pub fn validate(self) -> Result<Ready, Error> {
        let scores = self.scores.check()?;
        let compare = self.compare.map(ParamGuard::check).transpose()?;
        let loaded = lexicon::load_to_count(&self.lexicons)?;
        let mut set = loaded.set;
        set.negation.policy = scores.negation();
        let model = prepare_model(&self.model, &set)?;
        let matcher = Matcher::new(&set)?;
        let lss = self
            .lss
            .as_ref()
            .map(|p| p.prepare(&set, scores.seed()))
            .transpose()?;
        Reader::open(&self.inputs, self.read.clone())?;
        if let Some(path) = &self.repeat_files.save {
            reuse::check_target(path)?;
        }
        let reused = self
            .repeat_files
            .reuse
            .as_deref()
            .map(|p| reuse::Loaded::read(p, &self.repeats, &self.read, &self.inputs))
            .transpose()?;
        let staging = Staging::new(&self.out)?;
        Ok(Ready {
            inputs: self.inputs,
            read: self.read,
            scores,
            evidence: self.evidence,
            charts: self.charts,
            compare,
            outputs: self.outputs,
            set,
            matcher,
            warnings: loaded.diagnostics,
            staging,
            model,
            highlight: self.highlight,
            repeats: self.repeats,
            save_repeats: self.repeat_files.save,
            loaded: reused,
            args: self.args,
            lss,
        })
    }
}

/// The documents' ids, titles and other written-out fields, spilled in
/// the staging folder during the first pass and removed once the report
/// is written (see [`crate::aggregate::texts`]); their tallies go beside
/// it, with `.tally` added (see [`crate::aggregate::docs`]).
pub(super) const DOC_SPILL: &str = ".documents.spill";

impl Ready {
    /// Warnings from loading the lexicons.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The loaded lexicons.
    pub fn lexicons(&self) -> &LexiconSet {
        &self.set
    }

    /// Runs the analysis and writes the report. `progress` hears each
    /// [`Stage`](super::Stage) as it begins and (documents, bytes) as the
    /// matching pass goes.
    pub fn run(mut self, command: &str, progress: &dyn super::Progress) -> Result<Outcome, Error> {
        use super::Stage;
        let spool = self.staging.path().join(".stdin.jsonl");
        let mut read = self.read.clone();
        let weak = match &self.model {
            PreparedModel::Weak { axis, params } => {
                Some((Supervision::Weak { axis: *axis }, *params))
            }
            _ => None,
        };
        // Repeated text is found in a pass of its own, so standard input is
        // read again, unless the repeats were read from a file and no pass
        // after the matching pass reads the corpus.
        let stdin = self.inputs.iter().any(|p| p.as_os_str() == "-");
        let loaded = self.loaded.take();
        let reread = weak.is_some() || self.lss.is_some();
        if stdin && (loaded.is_none() || reread) {
            read.spool = Some(spool.clone());
        }
        // What each input was, as the first pass read it.
        let digests = crate::corpus::digest::Digests::new();
        let (mut repeats, later, (inputs, read), total, ahead) =
            self.repeats_for(loaded.as_ref(), read, &spool, &digests, progress)?;
        progress.stage(Stage::Matching);
        if let Some((documents, bytes)) = total {
            progress.total(documents, bytes);
        }
        let advance = |d, b| progress.advance(d, b);
        // The groups of copies are found on a worker thread while the
        // corpus is read again: that pass needs only the boilerplate.
        let mut copies = None;
        let first = rayon::in_place_scope(|s| {
            if let Some(later) = later {
                let copies = &mut copies;
                s.spawn(move |_| *copies = Some(later.finish()));
            }
            let reading = match ahead {
                Some(ahead) => Reading::Ahead(Box::new(ahead)),
                None => Reading::Open(&inputs, Box::new(read)),
            };
            self.first_pass(reading, weak.as_ref(), &repeats, &advance)
        });
        if let Some(found) = copies {
            repeats.duplicates = found?;
        }
        let first = first?;
        if let Some(l) = &loaded {
            l.verify(&digests.list(), first.records)?;
            repeats.ids = first.ids.clone();
        }
        if let Some(path) = &self.save_repeats {
            reuse::save(path, &repeats, &self.repeats, &self.read, digests.list())?;
        }
        let FirstPass {
            mut aggregate,
            skipped,
            mut streamed,
            units,
            saved,
            lss,
            ..
        } = first;
        let mut model_note = match &self.model {
            PreparedModel::Unavailable(why) => Some(why.clone()),
            _ => None,
        };
        let mut model = None;
        let mut in_training = None;
        if let (Some((saved, table, overlap, docs)), PreparedModel::Saved { model: m, path }) =
            (saved, &self.model)
        {
            in_training = docs;
            aggregate.predictions = Some(saved);
            streamed.extend(table);
            model = Some(((**m).clone(), ModelSource::File(path.clone(), overlap)));
        }
        if let (Some(units), Some((sup, params))) = (units, &weak) {
            progress.stage(Stage::Training);
            let (units, table) = units.finish_counted(params.text.min_df)?;
            match train::train_counted(&units, table, &self.set, sup, params) {
                Ok(m) => {
                    progress.stage(Stage::Predicting);
                    let (predictions, table) = self.second_pass(&m, &spool, &repeats)?;
                    aggregate.predictions = Some(predictions);
                    streamed.extend(table);
                    model = Some((m, ModelSource::TrainedInThisRun));
                }
                Err(e) => model_note = Some(e.to_string()),
            }
        }
        aggregate.repeats = repeats;
        progress.stage(Stage::Scoring);
        let mut scores = Scores::of(
            &self.set,
            &aggregate,
            &self.scores,
            self.compare.as_ref(),
            model,
        )?;
        if let Some(m) = &mut scores.model {
            m.in_training_docs = in_training;
        }
        let again = self.read.second_pass(&self.inputs, &spool);
        let corpus = (again.0.as_slice(), again.1, &aggregate.repeats);
        let lss = super::lss::scale(lss, self.lss.as_ref(), &self.scores, &scores, corpus)?;
        if stdin {
            std::fs::remove_file(&spool).ok();
        }
        progress.stage(Stage::Writing);
        let notes = (model_note, lss);
        self.write(command, aggregate, scores, notes, &skipped, &streamed)
    }

    /// Streams the corpus once: matches to their table, the aggregate, word
    /// counts, training units or a saved model's predictions.
    fn first_pass<'a>(
        &'a self,
        reading: Reading,
        weak: Option<&'a (Supervision, TrainValidParams)>,
        repeats: &Repeats,
        progress: &dyn Fn(u64, u64),
    ) -> Result<FirstPass<'a>, Error> {
        let (set, staging, outputs) = (&self.set, &self.staging, &self.outputs);
        let lss = match &self.lss {
            Some(PreparedLss::Fit(_)) => Some(LssCollector::new()),
            _ => None,
        };
        let scorer = match &self.lss {
            Some(PreparedLss::Saved(s)) => Some(LssScorer::new(s, EVIDENCE_PER_OUTLET)),
            _ => None,
        };
        let matches_name = outputs.table_name("matches");
        let mut matches =
            MatchWriter::new(&staging.path().join(&matches_name), outputs.gzip).map_err(io)?;
        let sentences_name = outputs.table_name("sentences");
        let mut texts = sentences::streamed(outputs.sentences)
            .map(|all| {
                SentenceTextWriter::create(&staging.path().join(&sentences_name), outputs.gzip, all)
            })
            .transpose()
            .map_err(io)?;
        let mut dfm = outputs.dfm.then(DfmCollector::default);
        let saved = match &self.model {
            PreparedModel::Saved { model, .. } => {
                let scoring = Prediction::new(model, set, staging, outputs).map_err(io)?;
                Some(scoring.counting_training(model))
            }
            _ => None,
        };
        let units = weak.map(|(sup, p)| {
            UnitCollector::new(set, sup, p.text.ngrams, self.scores.quote_weight()).counting()
        });
        let words = self
            .compare
            .as_ref()
            .map(|c| {
                WordCollector::new(set, c.max_n, c.align)
                    .spill_to(staging.path(), c.ngram_pairs)
                    .fold_aside()
            })
            .transpose()
            .map_err(io)?;
        let aggregator = Aggregator::new(set, self.scores.quote_weight(), self.evidence)
            .spill_to(&staging.path().join(DOC_SPILL))
            .map_err(io)?;
        let mut hook = (
            ((&mut matches, (&mut texts, &mut dfm)), (lss, scorer)),
            (aggregator, (words, (units, saved))),
        );
        let mut reader = match reading {
            Reading::Open(inputs, read) => pass_with(
                inputs,
                *read,
                &self.matcher,
                &mut hook,
                progress,
                Some(repeats),
            )?,
            Reading::Ahead(ahead) => {
                pass_from((*ahead)?, &self.matcher, &mut hook, progress, Some(repeats))?
            }
        };
        let ((_, (lss, scorer)), (aggregator, (words, (units, saved)))) = hook;
        let lss = match (lss, scorer) {
            (Some(c), _) => Some(Gathered::Matrix(Box::new(c))),
            (_, Some(s)) => Some(Gathered::Scored(s.finish())),
            _ => None,
        };
        let mut aggregate = aggregator.finish().map_err(io)?;
        aggregate.dfm = dfm.map(DfmCollector::finish);
        aggregate.read_warnings = reader.take_warnings();
        let mut streamed = TableList::new();
        streamed.insert(matches_name, matches.finish().map_err(io)?);
        if let Some(t) = texts {
            streamed.insert(sentences_name, t.finish().map_err(io)?);
        }
        if let Some(words) = words {
            let (counts, runs, sentences) = words.finish().map_err(io)?;
            aggregate.words = Some(counts);
            aggregate.word_runs = runs;
            aggregate.sentences = sentences;
        }
        Ok(FirstPass {
            records: reader.records_read(),
            ids: reader.known_ids(),
            aggregate,
            // The reader remembers every id it has seen: dropped here, so
            // that the ids are not held through scoring and the report.
            skipped: reader.take_skipped(),
            streamed,
            units,
            saved: saved
                .map(Prediction::finish_counted)
                .transpose()
                .map_err(io)?,
            lss,
        })
    }
}

/// How the first pass reads the corpus: inputs to open, or a reader
/// opened while the repeats were decided.
enum Reading<'a> {
    Open(&'a [PathBuf], Box<ReadOptions>),
    Ahead(Box<Result<super::ReadAhead, Error>>),
}

/// What the first pass over the corpus leaves.
struct FirstPass<'a> {
    aggregate: Aggregate,
    /// Records skipped on reading.
    skipped: crate::corpus::SkippedList,
    /// The tables streamed during the pass, with their rows.
    streamed: TableList,
    units: Option<UnitCollector<'a>>,
    saved: Option<crate::run::scoring::Counted>,
    lss: Option<Gathered>,
    /// Records read: documents and records skipped.
    records: u64,
    /// What the pass learnt of the ids, for the passes after it.
    ids: crate::corpus::IdCheck,
}

fn io(e: std::io::Error) -> Error {
    Error::Report(ReportError::Io(e))
}
