//! `slant lexicon stats`: what a dictionary holds.

use std::io::Write;
use std::path::PathBuf;

use slant::lexicon::formats::{self, DictFormat, Stats};

use super::read_dictionary;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dictionary: slant TOML, LIWC .dic, WordStat .cat, Lexicoder .lc3, quanteda .yml or a .txt word list
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// Its format, when the extension does not say: toml, liwc, wordstat, lexicoder, yaml, wordlist
    #[arg(long, value_name = "FORMAT")]
    from: Option<DictFormat>,

    /// Roll hierarchical categories (parent.child) up to this many levels
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    level: Option<u16>,

    /// Output: a readable table, or JSON
    #[arg(long, value_name = "text|json", default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

/// The JSON of `lexicon stats`.
#[derive(serde::Serialize)]
struct Json<'a> {
    file: String,
    format: &'static str,
    /// What `categories` counts.
    categories_counted: &'static str,
    #[serde(flatten)]
    stats: &'a Stats,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let imported = read_dictionary(&args.file, args.from, args.level)?;
    let s = formats::stats(&imported.dictionary);
    let mut out = std::io::stdout().lock();
    if args.format == "json" {
        let json = Json {
            file: args.file.display().to_string(),
            format: imported.format.name(),
            categories_counted:
                "categories that hold at least one term; categories_all counts every category",
            stats: &s,
        };
        serde_json::to_writer_pretty(&mut out, &json)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} ({}): {} categories with terms ({} in all), {} distinct terms, {} term-category entries\n",
            args.file.display(),
            imported.format.name(),
            s.categories,
            s.categories_all,
            s.terms,
            s.entries
        )?;
        let width = s
            .per_category
            .iter()
            .map(|c| c.name.chars().count())
            .max()
            .unwrap_or(0)
            .max(8);
        writeln!(
            out,
            "{:<width$}  {:>7}  {:>7}  {:>9}",
            "category", "terms", "phrases", "wildcards"
        )?;
        for c in &s.per_category {
            writeln!(
                out,
                "{:<width$}  {:>7}  {:>7}  {:>9}",
                c.name, c.terms, c.phrases, c.wildcards
            )?;
        }
    }
    out.flush()?;
    Ok(())
}
