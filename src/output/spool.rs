//! Copies of standard input that a run reads more than once: each in a
//! folder of its own, named [`SPOOL`] and the machine and process, in the
//! system's temporary folder. The folder goes when the run ends, when a
//! signal stops it ([`super::remove_unfinished`]), or, after a kill, at
//! the next run that copies standard input.

use std::io;
use std::path::{Path, PathBuf};

pub use super::live::SPOOL;
use super::live::{self, Live};

/// A folder holding copies of standard input, removed when dropped.
#[derive(Debug)]
pub struct StdinSpool {
    dir: tempfile::TempDir,
    // Declared after `dir`, so dropped after it: the signal handler finds
    // the folder listed until it is gone.
    _live: Live,
}

impl StdinSpool {
    /// Makes the folder in the system's temporary folder (`TMPDIR`).
    pub fn new() -> io::Result<StdinSpool> {
        StdinSpool::new_in(&std::env::temp_dir())
    }

    /// Makes the folder in `parent`, after removing there the folders of
    /// runs that died (a live run's, another machine's and anything not
    /// named by [`SPOOL`] stay).
    pub fn new_in(parent: &Path) -> io::Result<StdinSpool> {
        live::remove_stale_spools(parent);
        let dir = tempfile::Builder::new()
            .prefix(&live::spool_prefix())
            .tempdir_in(parent)?;
        let live = Live::register(dir.path())
            .map_err(|()| io::Error::new(io::ErrorKind::Interrupted, "the run was interrupted"))?;
        Ok(StdinSpool { dir, _live: live })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Where the copy of standard input goes: `stdin.jsonl` in the folder.
    pub fn file(&self) -> PathBuf {
        self.dir.path().join("stdin.jsonl")
    }
}
