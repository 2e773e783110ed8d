//! The `slant` binary: parse, dispatch, map errors to exit codes (0 ok,
//! 2 error, 130 stopped by a signal; a closed output pipe is not an error).

mod cli;

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by the signal handler before it removes the run's unfinished files.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

fn main() -> ExitCode {
    // Without a handler, Ctrl-C or SIGTERM ends slant at once and leaves
    // its hidden staging folder beside the output.
    if let Err(e) = ctrlc::set_handler(|| {
        INTERRUPTED.store(true, Ordering::SeqCst);
        slant::output::remove_unfinished();
        std::process::exit(130);
    }) {
        eprintln!("slant: warning: cannot catch Ctrl-C ({e}): an interrupted run may leave a hidden staging folder, which the next run into the same folder removes");
    }
    match cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        // The error is most likely the handler removing files under the
        // run; the handler is about to exit with 130, so say nothing.
        Err(_) if INTERRUPTED.load(Ordering::SeqCst) => loop {
            std::thread::park();
        },
        Err(e) => {
            eprintln!("slant: error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
