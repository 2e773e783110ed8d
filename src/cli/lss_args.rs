//! The `--lss` options shared by `analyze`, `score` and `compare`
//! (`--lss-polarity` alone is shared with `map` and `report`).

use std::path::PathBuf;

use slant::lss::LssParams;
use slant::run::lss::LssPlan;

/// Latent Semantic Scaling
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Latent Semantic Scaling")]
pub struct LssArgs {
    /// Also scale every document and outlet by LSS: word polarities learned from the corpus's sentences and seed words (the pole terms of a stance axis), written to lss_*.csv and a report section
    #[arg(long)]
    pub lss: bool,

    /// Take the seed words from the poles of this axis [default: the first axis]
    #[arg(
        long,
        value_name = "AXIS",
        requires = "lss",
        conflicts_with = "lss_seeds"
    )]
    pub lss_axis: Option<String>,

    /// Take the seed words from this file instead: one TERM,WEIGHT a line (weight + for the positive end, - for the negative; TERM* a prefix; # comments)
    #[arg(long, value_name = "FILE", requires = "lss")]
    pub lss_seeds: Option<PathBuf>,

    /// Dimensions of the word vectors (LSX's k)
    #[arg(long, value_name = "K", default_value_t = LssParams::default().k, requires = "lss")]
    pub lss_dims: usize,

    /// A word must occur this many times in the corpus to be scaled
    #[arg(long, value_name = "N", default_value_t = LssParams::default().min_count, requires = "lss")]
    pub lss_min_count: u64,

    /// Fit the word vectors on these inputs (a larger corpus, read as the corpus is) instead of the analyzed corpus; the scores are still of the analyzed corpus
    #[arg(long, value_name = "INPUT", num_args = 1.., requires = "lss")]
    pub lss_background: Vec<PathBuf>,

    /// Save the fitted scale (words, polarities, seeds, options, and the mean and SD of this run's document scores) to this file, for --lss-polarity here and in slant map and report
    #[arg(long, value_name = "FILE", requires = "lss")]
    pub lss_save: Option<PathBuf>,

    /// Score with a scale saved by --lss-save instead of fitting one (implies --lss): each document is scored on its own, standardized with the saved mean and SD
    #[arg(long, value_name = "FILE", conflicts_with_all = ["lss_seeds", "lss_axis", "lss_background", "lss_save", "lss_dims", "lss_min_count"])]
    pub lss_polarity: Option<PathBuf>,
}

impl LssArgs {
    /// The plan, when `--lss` was given. Refuses, before any work, a
    /// `--lss-save` file that cannot be written or that exists and is not
    /// a saved scale: it is easily given the path of something else.
    pub fn plan(&self) -> anyhow::Result<Option<LssPlan>> {
        if let Some(save) = &self.lss_save {
            let exists = slant::output::file_target(save)?;
            if exists && slant::lss::saved::SavedScale::read(save).is_err() {
                anyhow::bail!(
                    "--lss-save {}: the file exists and is not a saved LSS scale; slant will not replace it: choose another file, or remove it first",
                    save.display()
                );
            }
        }
        Ok(self.plan_unchecked())
    }

    fn plan_unchecked(&self) -> Option<LssPlan> {
        (self.lss || self.lss_polarity.is_some()).then(|| LssPlan {
            axis: self.lss_axis.clone(),
            seed_file: self.lss_seeds.clone(),
            params: LssParams {
                k: self.lss_dims,
                min_count: self.lss_min_count,
                ..LssParams::default()
            },
            background: self.lss_background.clone(),
            save: self.lss_save.clone(),
            polarity: self.lss_polarity.clone(),
        })
    }
}
