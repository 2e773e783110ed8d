//! `analyze` as a library call: corpus in, report folder out. Everything is
//! checked before work starts (lexicons, inputs, output folder); the report
//! replaces its folder only when complete.

use std::path::PathBuf;

use crate::corpus::{ReadOptions, Reader};
use crate::error::Error;
use crate::lexicon::{self, Diagnostic, LexiconSet, LexiconSource};
use crate::matching::Matcher;
use crate::pipeline::{self, RunOptions};
use crate::report::matches::MatchWriter;
use crate::report::{tables, CorpusSummary, Report, RunMeta, Staging, Tables};
use crate::scores::ScoreOptions;

/// Everything an analyze run needs, checked by [`Config::validate`].
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
}

/// A checked [`Config`]: lexicons loaded, matcher built, output writable.
pub struct Ready {
    config: Config,
    set: LexiconSet,
    matcher: Matcher,
    warnings: Vec<Diagnostic>,
    staging: Staging,
}

/// What a finished run returns.
pub struct Outcome {
    /// The report folder.
    pub out: PathBuf,
    /// The tables written.
    pub tables: Tables,
    /// Corpus totals.
    pub summary: CorpusSummary,
    /// Lexicon warnings met on loading.
    pub warnings: Vec<Diagnostic>,
    /// Charts that could not be drawn, with why.
    pub chart_problems: Vec<String>,
}

impl Config {
    /// Loads and checks everything before any document is read.
    pub fn validate(self) -> Result<Ready, Error> {
        let q = self.scores.quote_weight;
        if !(0.0..=1.0).contains(&q) {
            return Err(Error::Invalid(format!(
                "--quote-weight must be between 0 and 1, not {q}"
            )));
        }
        if !(self.scores.smoothing.is_finite() && self.scores.smoothing >= 0.0) {
            return Err(Error::Invalid(format!(
                "--smoothing must be a number >= 0, not {}",
                self.scores.smoothing
            )));
        }
        let loaded = lexicon::load(&self.lexicons)?;
        let matcher = Matcher::new(&loaded.set)?;
        // Opening the reader checks that every input exists and has a format.
        Reader::open(&self.inputs, self.read.clone())?;
        let staging = Staging::new(&self.out)?;
        Ok(Ready {
            config: self,
            set: loaded.set,
            matcher,
            warnings: loaded.diagnostics,
            staging,
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
    /// (documents, bytes) as the run goes.
    pub fn run(self, command: &str, progress: &dyn Fn(u64, u64)) -> Result<Outcome, Error> {
        let Ready {
            config,
            set,
            matcher,
            warnings,
            staging,
        } = self;
        let mut reader = Reader::open(&config.inputs, config.read.clone())?;
        const PART: &str = ".matches.json.part";
        let mut writer =
            MatchWriter::new(staging.path(), PART).map_err(crate::report::ReportError::Io)?;
        let analysis = pipeline::run(
            &mut reader,
            &set,
            &matcher,
            RunOptions {
                quote_weight: config.scores.quote_weight,
                evidence: config.evidence,
            },
            |doc, m| writer.document(&set, doc, m),
            progress,
        )?;
        let (part, _) = writer.finish().map_err(crate::report::ReportError::Io)?;
        let tables = tables::build(&set, &analysis, &config.scores);
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
        };
        let chart_problems = report.write(&staging, &part)?;
        let summary = report.summary();
        let out = staging.commit()?;
        Ok(Outcome {
            out,
            tables,
            summary,
            warnings,
            chart_problems,
        })
    }
}
