//! `slant completions SHELL` and `slant man`: shell completion scripts and
//! man pages generated from the same clap definitions as `--help`.

use std::io::Write;
use std::path::PathBuf;

use clap::CommandFactory;

use super::Cli;

/// Print a shell completion script.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_name = "SHELL")]
    shell: clap_complete::Shell,
}

/// Print the man page, or write one page per subcommand.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write slant.1 and a page per subcommand (slant-analyze.1, ...) into
    /// this folder instead of printing slant.1
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub fn completions(args: CompletionsArgs) -> anyhow::Result<()> {
    // generated into memory first: the generator panics on a write error,
    // and a closed pipe is not an error
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "slant", &mut script);
    write_stdout(&script)
}

pub fn man(args: ManArgs) -> anyhow::Result<()> {
    let cmd = Cli::command();
    match args.dir {
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
            clap_mangen::generate_to(cmd, &dir)
                .map_err(|e| anyhow::anyhow!("cannot write man pages to {}: {e}", dir.display()))?;
            eprintln!("slant: wrote man pages to {}", dir.display());
            Ok(())
        }
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut page)?;
            write_stdout(&page)
        }
    }
}

fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}
