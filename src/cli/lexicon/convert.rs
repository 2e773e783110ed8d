//! `slant lexicon convert`: a dictionary from one format to another.

use std::path::PathBuf;

use slant::lexicon::formats::{self, DictFormat};
use slant::lexicon::import::{format_of, write_dictionary};

use super::{read_dictionary, warn};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dictionary to read: slant TOML, LIWC .dic, WordStat .cat, Lexicoder .lc3, quanteda .yml or a .txt word list
    #[arg(value_name = "IN")]
    input: PathBuf,

    /// The file to write: .toml (slant), .yml (quanteda), .dic (LIWC) or .txt (word list)
    #[arg(value_name = "OUT")]
    output: PathBuf,

    /// The input's format, when its extension does not say
    #[arg(long, value_name = "FORMAT")]
    from: Option<DictFormat>,

    /// The output's format, when its extension does not say: toml, yaml, liwc, wordlist
    #[arg(long, value_name = "FORMAT")]
    to: Option<DictFormat>,

    /// Replace OUT if it exists
    #[arg(long)]
    force: bool,

    /// Roll hierarchical categories (parent.child) up to this many levels
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    level: Option<u16>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    // Before reading anything: an existing OUT is most often a slip of the
    // argument order, and what it holds cannot be told apart from a
    // dictionary someone edited by hand.
    if slant::output::file_target(&args.output)? && !args.force {
        anyhow::bail!(
            "{} exists; slant will not overwrite it: choose another OUT, or pass --force to replace it",
            args.output.display()
        );
    }
    let imported = read_dictionary(&args.input, args.from, args.level)?;
    let to = format_of(&args.output, args.to)?;
    let source = args.input.display().to_string();
    let (text, omitted) = write_dictionary(&imported.dictionary, to, &source).map_err(|e| {
        anyhow::anyhow!(
            "cannot write {} as {}: {e}",
            args.output.display(),
            to.name()
        )
    })?;
    slant::output::write_atomic(&args.output, text.as_bytes())?;
    warn(&omitted);
    if !super::chatty() {
        return Ok(());
    }
    for l in &imported.lost {
        eprintln!("slant: {source}: warning: not carried over: {l}");
    }
    let s = formats::stats(&imported.dictionary);
    eprintln!(
        "slant: wrote {} ({}): {} categories, {} distinct terms, {} entries{}",
        args.output.display(),
        to.name(),
        s.categories,
        s.terms,
        s.entries,
        if omitted.is_empty() {
            String::new()
        } else {
            format!(" ({} terms left out, listed above)", omitted.len())
        }
    );
    Ok(())
}
