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

/// Whether the error is a write to a closed pipe, wherever it was wrapped:
/// an I/O error, a stream's write error or a JSON writer's.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind;
    e.chain().any(|c| {
        let kind = if let Some(io) = c.downcast_ref::<std::io::Error>() {
            Some(io.kind())
        } else if let Some(slant::stream::StreamError::Write(io)) = c.downcast_ref() {
            Some(io.kind())
        } else if let Some(json) = c.downcast_ref::<serde_json::Error>() {
            json.io_error_kind()
        } else {
            None
        };
        kind == Some(ErrorKind::BrokenPipe)
    })
}
