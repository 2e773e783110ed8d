//! The options of the comparison views (distinctive terms, aligned
//! sentences, the head-to-head test), shared by `analyze`, `compare` and
//! `report`.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

/// How outlets are compared.
#[derive(Debug, Args)]
#[command(next_help_heading = "Comparison")]
pub struct CompareArgs {
    /// Leave out terms with fewer occurrences than this (in target and reference together)
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub min_count: u64,

    /// Size a_0 of the informative Dirichlet prior of the log-odds ratio
    #[arg(long, value_name = "A0", default_value_t = 1000.0)]
    pub prior_size: f64,

    /// Distinctive terms kept per outlet and direction
    #[arg(long, value_name = "N", default_value_t = 25)]
    pub keyness_top: usize,

    /// Rank single function words ("the", "said") among distinctive terms too
    #[arg(long)]
    pub function_words: bool,

    /// Leave a word or phrase (and every n-gram holding it) out of the distinctive terms; repeatable
    #[arg(long = "exclude-term", value_name = "TERM")]
    pub exclude_terms: Vec<String>,

    /// Leave out the stop terms of FILE (one per line, `#` comments)
    #[arg(long, value_name = "FILE")]
    pub stopterms: Option<PathBuf>,

    /// Similarity two sentences need to be aligned as the same fact
    #[arg(long, value_name = "SIM", default_value_t = 0.2)]
    pub align_threshold: f64,

    /// Permutations of the head-to-head test
    #[arg(long, value_name = "R", default_value_t = 9999)]
    pub permutations: usize,

    /// (outlet, n-gram) pairs counted in memory before they are spilled to sorted runs on disk (the views are the same)
    #[arg(long, value_name = "PAIRS", default_value_t = slant::scores::compare::NGRAM_PAIRS as u64, value_parser = clap::value_parser!(u64).range(1..))]
    pub ngram_pairs: u64,
}

impl CompareArgs {
    pub fn params(
        &self,
        align: bool,
        pair: Option<(String, String)>,
    ) -> anyhow::Result<slant::scores::compare::CompareParams> {
        use slant::aggregate::sentences::AlignOptions;
        use slant::scores::compare::keyness::KeynessOptions;
        Ok(slant::scores::compare::CompareParams {
            keyness: KeynessOptions {
                prior_size: self.prior_size,
                min_count: self.min_count,
                top: self.keyness_top,
                function_words: self.function_words,
                exclude: self.stop_terms()?,
            },
            max_n: 3,
            align: align.then(|| AlignOptions {
                threshold: self.align_threshold,
                ..AlignOptions::default()
            }),
            pair,
            permutations: self.permutations,
            ngram_pairs: usize::try_from(self.ngram_pairs).unwrap_or(usize::MAX),
        })
    }

    /// `--exclude-term` values, then the terms of `--stopterms`.
    fn stop_terms(&self) -> anyhow::Result<Vec<String>> {
        let mut terms = self.exclude_terms.clone();
        if let Some(path) = &self.stopterms {
            let shown = path.display();
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read stop terms {shown}"))?;
            let text = std::str::from_utf8(&bytes).map_err(|e| {
                let line = bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1;
                anyhow::anyhow!("{shown}:{line}: not UTF-8 text")
            })?;
            let more = slant::scores::compare::keyness::parse_stopterms(text)
                .map_err(|(line, why)| anyhow::anyhow!("{shown}:{line}: {why}"))?;
            terms.extend(more);
        }
        Ok(terms)
    }
}
