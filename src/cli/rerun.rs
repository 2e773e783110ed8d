//! `slant rerun REPORT_DIR`: the analysis recorded in a report's
//! `results.json` run again, and every output compared byte for byte, for a
//! reviewer who asks "can I reproduce table 3?".

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context};

/// Run a report's analysis again and say whether every output is byte-identical.
///
/// Reads the command line recorded in REPORT_DIR/results.json (`run.args`),
/// runs it again from the current folder into a new folder, and compares
/// every file. Run it from the folder the report was made in, so that
/// relative inputs resolve the same. Exits 0 when every output is identical,
/// 1 when some differ, 2 on an error.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A report folder written by analyze, score or compare
    #[arg(value_name = "REPORT_DIR")]
    dir: PathBuf,

    /// Keep the new run in this folder (default: a temporary folder,
    /// removed afterwards)
    #[arg(short, long, value_name = "DIR")]
    out: Option<PathBuf>,

    /// Worker threads for the new run [default: all cores]; results do not
    /// depend on it
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,

    /// Nothing on standard error but warnings and errors
    #[arg(short, long)]
    quiet: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let results = args.dir.join("results.json");
    let text = std::fs::read_to_string(&results)
        .with_context(|| format!("cannot read {}", results.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not JSON", results.display()))?;
    let run = &json["run"];
    let Some(recorded) = run["args"].as_array().filter(|a| !a.is_empty()) else {
        bail!(
            "{} records no command line (`run.args`): it was written by a slant older than this one, or by the library",
            results.display()
        );
    };
    let recorded: Vec<String> = recorded
        .iter()
        .map(|a| a.as_str().map(String::from))
        .collect::<Option<_>>()
        .with_context(|| format!("{}: run.args holds a non-string", results.display()))?;
    let version = run["slant_version"].as_str().unwrap_or("unknown");
    if version != env!("CARGO_PKG_VERSION") {
        eprintln!(
            "slant: warning: the report was made by slant {version}, this is {}: outputs may differ for that reason alone",
            env!("CARGO_PKG_VERSION")
        );
    }
    let (out, temp) = match &args.out {
        Some(o) => (o.clone(), None),
        None => {
            let t = tempfile::Builder::new()
                .prefix("slant-rerun-")
                .tempdir()
                .context("cannot create a temporary folder")?;
            (t.path().join("report"), Some(t))
        }
    };
    if !args.quiet {
        eprintln!("slant: running again: slant {}", recorded.join(" "));
    }
    let mut cmd = Command::new(std::env::current_exe().context("cannot find slant itself")?);
    cmd.args(&recorded).arg("--out").arg(&out).arg("-q");
    if let Some(j) = args.threads {
        cmd.arg("-j").arg(j.to_string());
    }
    let status = cmd
        .stdout(Stdio::null())
        .status()
        .context("cannot run slant again")?;
    if !status.success() {
        bail!("the run again failed ({status}); its error is above");
    }
    let differ = compare(&args.dir, &out)?;
    drop(temp);
    if differ > 0 {
        std::process::exit(1);
    }
    Ok(())
}

/// Compares the two folders file by file and prints what differs; returns
/// how many files differ or are in one folder only.
fn compare(old: &Path, new: &Path) -> anyhow::Result<usize> {
    let names = |dir: &Path| -> anyhow::Result<BTreeSet<String>> {
        let mut names = BTreeSet::new();
        for e in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
            let e = e?;
            if e.file_type()?.is_file() {
                names.insert(e.file_name().to_string_lossy().into_owned());
            }
        }
        Ok(names)
    };
    let (a, b) = (names(old)?, names(new)?);
    let mut same = 0;
    let mut differ = Vec::new();
    for name in a.union(&b) {
        let state = match (a.contains(name), b.contains(name)) {
            (true, false) => "only in the report",
            (false, true) => "only in the new run",
            _ if std::fs::read(old.join(name))? == std::fs::read(new.join(name))? => {
                same += 1;
                continue;
            }
            _ => "differs",
        };
        differ.push(format!("  {name}: {state}"));
    }
    let mut out = std::io::stdout().lock();
    if differ.is_empty() {
        writeln!(
            out,
            "identical: all {same} files of {} are byte-identical",
            old.display()
        )?;
    } else {
        writeln!(
            out,
            "{} of {} files differ from {}:",
            differ.len(),
            same + differ.len(),
            old.display()
        )?;
        for d in &differ {
            writeln!(out, "{d}")?;
        }
    }
    out.flush()?;
    Ok(differ.len())
}
