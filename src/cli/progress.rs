//! What a run says: how chatty it is on standard error (`-q`, `-v`, a
//! terminal or not), the progress line naming the stage, and at the end its
//! summary and warnings, with the outlet table on standard output when asked.

/// What a report run says on standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chatter {
    /// Errors only (`-q`).
    Quiet,
    /// Warnings; progress and the summary only on a terminal.
    Normal,
    /// Warnings and the summary wherever standard error goes (`-v`).
    Verbose,
}

impl Chatter {
    /// Whether warnings (and, on a terminal, progress) are shown.
    pub fn chatty(self) -> bool {
        self != Chatter::Quiet
    }

    /// Whether the one-line summary of the run is shown: on a terminal, or
    /// with `-v`; a log or a pipeline gets warnings only.
    pub fn summary(self) -> bool {
        use std::io::IsTerminal;
        match self {
            Chatter::Quiet => false,
            Chatter::Normal => std::io::stderr().is_terminal(),
            Chatter::Verbose => true,
        }
    }
}

/// Prints on standard error what the reading of a corpus found that may
/// be wrong: the first in full, then how many more (counted in `counted`,
/// when an output counts them).
pub fn input_warnings(warnings: &slant::corpus::ReadWarnings, counted: Option<&str>) {
    for w in &warnings.listed {
        eprintln!("slant: warning: {w}");
    }
    let more = warnings.more();
    match counted {
        _ if more == 0 => {}
        Some(file) => eprintln!("slant: warning: and {more} more like these (counted in {file})"),
        None => eprintln!("slant: warning: and {more} more like these"),
    }
}

/// Prints on standard error the lexicons' warnings met on loading (terms
/// left out, duplicates, terms that can never match); notes are left to
/// `slant lexicon check`.
pub fn lexicon_warnings(diagnostics: &[slant::lexicon::Diagnostic]) {
    for d in diagnostics
        .iter()
        .filter(|d| d.severity >= slant::lexicon::Severity::Warning)
    {
        eprintln!("slant: {d}");
    }
}

/// A progress spinner on standard error, drawn only when it is a terminal.
pub fn progress_bar(chatty: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !(chatty && std::io::stderr().is_terminal()) {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} {pos} documents, {msg} [{elapsed}]")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// The progress of a report run: on a terminal, a spinner naming the stage
/// (reading and matching, training, comparison views, writing) with the
/// documents and megabytes read; with `-v`, each stage's time on standard
/// error as it ends, wherever that goes.
pub struct RunProgress {
    bar: indicatif::ProgressBar,
    verbose: bool,
    current: std::sync::Mutex<Option<(slant::run::Stage, std::time::Instant)>>,
}

impl RunProgress {
    pub fn new(chatter: Chatter) -> RunProgress {
        use std::io::IsTerminal;
        let bar = if chatter.chatty() && std::io::stderr().is_terminal() {
            let bar = indicatif::ProgressBar::new_spinner();
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{spinner} {prefix}{msg} [{elapsed}]")
            {
                bar.set_style(style);
            }
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        RunProgress {
            bar,
            verbose: chatter == Chatter::Verbose,
            current: std::sync::Mutex::new(None),
        }
    }

    /// Ends the last stage and clears the spinner.
    pub fn finish(&self) {
        self.end_stage();
        self.bar.finish_and_clear();
    }

    fn end_stage(&self) {
        let Ok(mut current) = self.current.lock() else {
            return;
        };
        if let (Some((stage, start)), true) = (current.take(), self.verbose) {
            self.bar.suspend(|| {
                eprintln!(
                    "slant: {}: {:.1} s",
                    stage.describe(),
                    start.elapsed().as_secs_f64()
                )
            });
        }
    }
}

impl slant::run::Progress for RunProgress {
    fn stage(&self, stage: slant::run::Stage) {
        self.end_stage();
        if let Ok(mut current) = self.current.lock() {
            *current = Some((stage, std::time::Instant::now()));
        }
        if stage != slant::run::Stage::Matching {
            // back to a spinner: the stages after matching have no measure
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{spinner} {prefix}{msg} [{elapsed}]")
            {
                self.bar.set_style(style);
            }
        }
        self.bar.set_message("");
        self.bar.set_prefix(stage.describe().to_string());
    }

    fn total(&self, _documents: u64, bytes: u64) {
        // the matching pass reads what the repeated-text pass read: a bar
        // with the time left
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} {prefix}{msg} {wide_bar} {percent}% [{elapsed}, {eta} left]",
        ) {
            self.bar.set_style(style);
        }
        self.bar.set_length(bytes.max(1));
        self.bar.set_position(0);
    }

    fn advance(&self, documents: u64, bytes: u64) {
        self.bar.set_position(bytes);
        self.bar.set_message(format!(
            ": {documents} documents, {:.1} MB",
            bytes as f64 / 1e6
        ));
    }
}

/// The output of a report run on standard error, and the outlet table on
/// standard output when asked.
pub fn finish_report(
    outcome: &slant::run::Outcome,
    format: Option<TableFormat>,
    chatter: Chatter,
) -> anyhow::Result<()> {
    use std::io::Write;
    let s = &outcome.summary;
    if chatter.summary() {
        eprintln!(
            "slant: {} documents, {} outlets, {} matches -> {}",
            s.documents,
            s.outlets,
            s.matches,
            outcome.out.display()
        );
    }
    if chatter.chatty() {
        if let Some(m) = &outcome.scores.model {
            if let Some(c) = &m.model.validation.caution {
                eprintln!("slant: warning: model: {c}");
            }
            for w in &m.model.validation.warnings {
                eprintln!("slant: model: {w}");
            }
        }
        if let Some(note) = &outcome.model_note {
            eprintln!("slant: no model: {note}");
        }
        for p in &outcome.chart_problems {
            eprintln!("slant: warning: chart not drawn: {p}");
        }
        if let Some((id, date)) = &s.unreadable_date_example {
            eprintln!(
                "slant: warning: {} dates could not be read and are kept as given (the first: {date:?}, document {id}); dates are read as ISO 8601, 12/30/17 (--date-order mdy|dmy) or with a month name",
                s.unreadable_dates
            );
        }
        input_warnings(
            &s.input_warnings,
            Some("results.json, corpus.input_warnings"),
        );
        if s.empty_documents > 0 {
            eprintln!(
                "slant: warning: {} of {} documents have no word token to match{} (documents.csv, tokens 0)",
                s.empty_documents,
                s.documents,
                if s.boilerplate_masked && s.boilerplate_lines > 0 {
                    " once boilerplate was left out; check boilerplate.csv, or --keep-boilerplate"
                } else {
                    ""
                }
            );
        }
        if s.skipped > 0 {
            eprintln!(
                "slant: {} records skipped, listed in skipped.csv",
                s.skipped
            );
        }
    }
    if let Some(f) = format {
        use slant::report::Format;
        let model = slant::report::model::ModelView::of(&outcome.scores, &outcome.aggregate);
        let table = slant::report::model::outlets_csv(&outcome.scores.tables, model)?;
        let bytes = match f {
            TableFormat::Csv => slant::report::Csv.render(&table)?,
            TableFormat::Json => slant::report::Json.render(&table)?,
        };
        let mut out = std::io::stdout().lock();
        out.write_all(&bytes)?;
        out.flush()?;
    }
    Ok(())
}

/// A table format for standard output.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum TableFormat {
    Csv,
    Json,
}
