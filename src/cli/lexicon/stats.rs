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
    /// Distinct terms slant matches: `terms` less those left out.
    slant_terms: usize,
    /// Terms slant cannot express, left out by `analyze` and `convert`
    /// with the same warnings.
    left_out: Vec<LeftOut>,
}

/// A term slant leaves out, and why.
#[derive(serde::Serialize)]
struct LeftOut {
    line: Option<usize>,
    message: String,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let imported = read_dictionary(&args.file, args.from, args.level)?;
    let s = formats::stats(&imported.dictionary);
    // The same check analyze and convert make, so that the three agree on
    // which terms slant leaves out, and say so with the same warnings.
    let label = args.file.display().to_string();
    let left_out = formats::to_toml(&imported.dictionary, &label, false).omitted;
    if super::chatty() {
        for d in &left_out {
            eprintln!("slant: {d}");
        }
    }
    let slant_terms = s.terms.saturating_sub(left_out.len());
    let mut out = std::io::stdout().lock();
    if args.format == "json" {
        let json = Json {
            file: args.file.display().to_string(),
            format: imported.format.name(),
            categories_counted:
                "categories that hold at least one term; categories_all counts every category",
            stats: &s,
            slant_terms,
            left_out: left_out
                .iter()
                .map(|d| LeftOut {
                    line: d.line,
                    message: d.message.clone(),
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut out, &json)?;
        writeln!(out)?;
    } else {
        let usable = if left_out.is_empty() {
            String::new()
        } else {
            format!(
                " ({slant_terms} that slant matches; {} left out by analyze and by convert to .toml, listed above)",
                left_out.len()
            )
        };
        writeln!(
            out,
            "{} ({}): {} categories with terms ({} in all), {} distinct terms{usable}, {} term-category entries\n",
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
