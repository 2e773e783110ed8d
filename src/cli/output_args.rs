//! The options that choose which large tables a report writes, and how,
//! shared by `analyze`, `score` and `compare`.

use slant::report::{OutputOptions, SentenceText};

/// Which sentences `sentences.csv` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SentencesArg {
    /// No sentences.csv
    None,
    /// The sentences the report cites (evidence, the model's surest, aligned)
    Cited,
    /// Every sentence with a lexicon match
    Matched,
    /// Every sentence
    All,
}

/// Output options.
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// Which sentences sentences.csv holds, each once
    #[arg(long, value_enum, value_name = "WHICH", default_value = "cited")]
    sentences: SentencesArg,

    /// Also write sentence_scores.csv: the model's probabilities for every sentence
    #[arg(long)]
    sentence_scores: bool,

    /// Also write dfm.mtx, a sparse document-by-word count matrix (Matrix Market), with dfm_rows.csv and dfm_terms.csv
    #[arg(long)]
    dfm: bool,

    /// Write the large tables gzipped (.csv.gz, dfm.mtx.gz)
    #[arg(long)]
    gzip: bool,
}

impl OutputArgs {
    /// The checked options.
    pub fn options(&self) -> OutputOptions {
        OutputOptions {
            gzip: self.gzip,
            sentences: match self.sentences {
                SentencesArg::None => SentenceText::None,
                SentencesArg::Cited => SentenceText::Cited,
                SentencesArg::Matched => SentenceText::Matched,
                SentencesArg::All => SentenceText::All,
            },
            sentence_scores: self.sentence_scores,
            dfm: self.dfm,
        }
    }
}
