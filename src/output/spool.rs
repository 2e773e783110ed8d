//! Folders a run writes in passing, in the system's temporary folder:
//! copies of standard input that a run reads more than once
//! ([`StdinSpool`], named [`SPOOL`]) and scratch folders for sorted runs,
//! spills and merges ([`Scratch`], named [`SCRATCH`]), each named by the
//! machine and process. A folder goes when the run ends, when a signal
//! stops it ([`super::remove_unfinished`]), or, after a kill, at the next
//! run that makes a folder of its kind there.

use std::io;
use std::path::{Path, PathBuf};

use super::live::{self, Live};
pub use super::live::{SCRATCH, SPOOL};

/// A folder of the run, removed when dropped.
#[derive(Debug)]
pub struct Scratch {
    dir: tempfile::TempDir,
    // Declared after `dir`, so dropped after it: the signal handler finds
    // the folder listed until it is gone.
    _live: Live,
}

impl Scratch {
    /// Makes a scratch folder in the system's temporary folder (`TMPDIR`).
    pub fn new() -> io::Result<Scratch> {
        Scratch::new_in(&std::env::temp_dir())
    }

    /// Makes a scratch folder in `parent` (named [`SCRATCH`]).
    pub fn new_in(parent: &Path) -> io::Result<Scratch> {
        Scratch::of_kind(parent, SCRATCH)
    }

    /// Makes a folder named `kind` in `parent`, after removing there the
    /// folders of that kind of runs that died (a live run's, another
    /// machine's and anything not so named stay).
    fn of_kind(parent: &Path, kind: &str) -> io::Result<Scratch> {
        live::remove_stale_spools(parent, kind);
        let dir = tempfile::Builder::new()
            .prefix(&live::spool_prefix(kind))
            .tempdir_in(parent)?;
        let live = Live::register(dir.path())
            .map_err(|()| io::Error::new(io::ErrorKind::Interrupted, "the run was interrupted"))?;
        Ok(Scratch { dir, _live: live })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// A folder holding copies of standard input, removed when dropped.
#[derive(Debug)]
pub struct StdinSpool(Scratch);

impl StdinSpool {
    /// Makes the folder in the system's temporary folder (`TMPDIR`).
    pub fn new() -> io::Result<StdinSpool> {
        StdinSpool::new_in(&std::env::temp_dir())
    }

    /// Makes the folder in `parent` (named [`SPOOL`]), after removing there
    /// the folders of runs that died.
    pub fn new_in(parent: &Path) -> io::Result<StdinSpool> {
        Scratch::of_kind(parent, SPOOL).map(StdinSpool)
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// Where the copy of standard input goes: `stdin.jsonl` in the folder.
    pub fn file(&self) -> PathBuf {
        self.0.path().join("stdin.jsonl")
    }
}
