//! `slant merge A B ... -o C`: combines partial results that `slant map`
//! wrote for shards of one corpus. Any order and grouping give the same
//! bytes; partials made with other lexicons, options or versions are
//! refused, naming the field that differs.

use std::path::PathBuf;

use slant::partial::merge;

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

    /// Replace the -o file even if it is not a slant partial result
    #[arg(long)]
    force: bool,

    /// With repeated-text partials (map --repeats-only): write only what they decide, the boilerplate lines and copy groups, which map --repeats reads instead of every line count and signature (a decided partial merges no further)
    #[arg(long)]
    decide: bool,

    #[command(flatten)]
    run: super::common::RunArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let chatter = args.run.start()?;
    super::common::check_partial_output(&args.output, args.force)?;
    let input = |p: &PathBuf| match p.as_os_str() == "-" {
        true => merge::Input::Stdin,
        false => merge::Input::File(p.clone()),
    };
    let inputs: Vec<merge::Input> = args.inputs.iter().map(input).collect();
    let output = match args.output.as_os_str() == "-" {
        true => merge::Output::Stdout,
        false => merge::Output::File(args.output.clone()),
    };
    if args.decide {
        slant::run::map::decide(&inputs, &output).map_err(super::common::cli_error)?;
    } else {
        let merged = merge::merge_files(&inputs, &output)?;
        if chatter.chatty() {
            super::progress::input_warnings(&merged.input_warnings, None);
        }
    }
    Ok(())
}
