//! `slant merge A B ... -o C`: combines partial results that `slant map`
//! wrote for shards of one corpus. Any order and grouping give the same
//! bytes; partials made with other lexicons, options or versions are
//! refused, naming the field that differs.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use slant::partial::Partial;

/// Merge partial results.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Partial results (`-` reads standard input); a file may hold several
    /// one after another, as `cat` joins them
    #[arg(value_name = "PARTIAL", required = true)]
    inputs: Vec<PathBuf>,
    /// The merged partial (`-` writes plain JSON Lines to standard output)
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,

    #[command(flatten)]
    run: super::common::RunArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    args.run.start()?;
    let mut parts = Vec::new();
    for path in &args.inputs {
        let name = path.display().to_string();
        let read = if path.as_os_str() == "-" {
            Partial::read_all(std::io::stdin().lock(), Path::new("standard input"))
        } else {
            let file = std::fs::File::open(path).with_context(|| format!("cannot open {name}"))?;
            Partial::read_all(file, path)
        }?;
        let n = read.len();
        parts.extend(read.into_iter().enumerate().map(|(i, p)| match n {
            1 => (name.clone(), p),
            _ => (format!("{name} (partial {})", i + 1), p),
        }));
    }
    let Some(merged) = Partial::merge_all(parts)? else {
        anyhow::bail!("no partial results to merge");
    };
    if args.output.as_os_str() == "-" {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        merged.write_lines(&mut out)?;
        out.flush()?;
    } else {
        merged.write(&args.output)?;
    }
    Ok(())
}
