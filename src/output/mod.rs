//! Every file slant writes is written atomically, through this module: a
//! single file into a temporary file beside its target, renamed over it when
//! complete ([`write_atomic`], [`AtomicFile`] for streams); a report folder
//! into a hidden staging folder beside the target, which replaces the target
//! only when complete ([`Staging`]). A failed run leaves whatever was there
//! as it was, and no partial output.
//!
//! Nothing a user made is removed: a report folder is replaced only while it
//! holds nothing but what slant wrote there, unchanged, as its [`MARKER`]
//! file lists with each file's size and XXH3-128 (see [`Staging::new`]). A run stopped by a signal removes its unfinished
//! files when the binary calls [`remove_unfinished`]; a run killed outright
//! leaves a staging folder, or a temporary file, that the next run writing
//! the same target removes, and a run killed between the two renames of a
//! commit leaves the old report aside, which the next run into the same
//! folder puts back or removes (see [`Staging::new`]). Copies of standard input get the same care
//! ([`StdinSpool`]).

mod folder;
mod live;
mod spool;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

pub use folder::{Staging, LEGACY_EXTENSIONS, LEGACY_NAMES, MARKER, RESULTS};
pub use live::remove_unfinished;
pub use spool::{Scratch, StdinSpool, SCRATCH, SPOOL};

/// Why an output cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The folder or its staging copy cannot be created.
    #[error("cannot write to output folder {path}: {source}")]
    Create {
        /// The folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The target exists and holds something other than a slant report.
    #[error("output folder {path} exists and is not a slant report: it holds {entries}; choose a new or empty folder with --out")]
    NotAReport {
        /// The folder.
        path: PathBuf,
        /// The first few of its entries.
        entries: String,
    },
    /// The target is a slant report, but also holds entries slant did not
    /// write.
    #[error("output folder {path} holds files slant did not write: {entries}; slant never removes those, so move them out of the folder, or choose another --out")]
    Foreign {
        /// The folder.
        path: PathBuf,
        /// The first few of the foreign entries.
        entries: String,
    },
    /// The target is a slant report, but files its marker lists are no
    /// longer as slant wrote them: edited since, or never slant's (a copied
    /// or forged marker).
    #[error("output folder {path} holds files that differ from what slant wrote there: {entries}; they may be your edits, and slant never overwrites those: move them out of the folder (or delete them if the changes are not wanted), or choose another --out")]
    Edited {
        /// The folder.
        path: PathBuf,
        /// The first few of the changed files.
        entries: String,
    },
    /// The target gained foreign entries, or its files were changed, while
    /// the report was being written, so the new report could not replace
    /// it.
    #[error("output folder {path} gained or changed files during the run, which slant did not write: {entries}; it was left as it was, and the new report is in {staged}: move it where you want it")]
    Changed {
        /// The folder.
        path: PathBuf,
        /// The first few of the foreign entries.
        entries: String,
        /// Where the new report was left.
        staged: PathBuf,
    },
    /// The target is a symbolic link.
    #[error("output folder {path} is a symbolic link (to {link}); slant replaces the folder it writes, which would break the link: give the real folder with --out, or choose another")]
    Symlink {
        /// The link.
        path: PathBuf,
        /// Where it points.
        link: PathBuf,
    },
    /// The target is named by `.` or `..`, which no folder can be renamed
    /// onto.
    #[error("output folder {path} ends in `.` or `..`, a name slant cannot replace a folder by; give the folder its own name, as in --out {named}")]
    DotName {
        /// The folder as given.
        path: PathBuf,
        /// The same folder by its own name.
        named: PathBuf,
    },
    /// The target is a report whose files cannot be removed (a read-only
    /// folder), so a new report could replace it only by leaving a copy of
    /// it behind.
    #[error("output folder {path} is a slant report whose files cannot be replaced ({source}): make it writable (chmod u+w {path}) or choose another --out")]
    ReadOnly {
        /// The folder.
        path: PathBuf,
        /// Why a file cannot be made in it.
        source: std::io::Error,
    },
    /// The target is a file, not a folder.
    #[error("output folder {0} is a file, not a folder; choose another --out")]
    NotAFolder(PathBuf),
    /// A file is to be written where a folder is.
    #[error("cannot write {0}: it is a folder; give a file name")]
    IsAFolder(PathBuf),
    /// Something on the way to the target is a file, not a folder.
    #[error("cannot write {path}: {parent} is a file, not a folder; choose another place")]
    ParentNotAFolder {
        /// What was to be written.
        path: PathBuf,
        /// The file in the way.
        parent: PathBuf,
    },
    /// The folder a file is to be written into does not exist.
    #[error("cannot write {path}: folder {parent} does not exist; create it first")]
    NoFolder {
        /// What was to be written.
        path: PathBuf,
        /// The missing folder.
        parent: PathBuf,
    },
    /// A part of the path is longer than a file name may be.
    #[error("cannot write {path}: its name `{name}…` is {bytes} bytes, longer than the {MAX_NAME} bytes a file name may have; choose a shorter name")]
    NameTooLong {
        /// What was to be written.
        path: PathBuf,
        /// The start of the long name.
        name: String,
        /// Its length.
        bytes: usize,
    },
    /// No file can be made in the folder a file is to be written into.
    #[error("cannot write {path}: no file can be made in folder {parent} ({source}); choose another place, or make the folder writable")]
    FolderNotWritable {
        /// What was to be written.
        path: PathBuf,
        /// The folder.
        parent: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A symbolic link to write through points nowhere.
    #[error("cannot write {path}: it is a symbolic link to {link}, which does not exist; remove the link or create its target's folder")]
    DanglingLink {
        /// The link.
        path: PathBuf,
        /// Where it points.
        link: PathBuf,
    },
    /// The run was stopped by a signal and its files removed.
    #[error("{0} was not written: the run was interrupted")]
    Interrupted(PathBuf),
    /// A file cannot be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// Writes one file atomically: into a temporary file beside `path`, renamed
/// over it only when complete, so a failure leaves any old file as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let file = AtomicFile::create(path)?;
    let mut w = file.writer()?;
    w.write_all(bytes)
        .and_then(|()| w.flush())
        .map_err(|source| OutputError::Write {
            path: path.to_path_buf(),
            source,
        })?;
    file.commit()
}

/// The most bytes one name in a path may have (Linux, macOS, Windows).
const MAX_NAME: usize = 255;

/// Refuses a path one of whose names is longer than [`MAX_NAME`] bytes,
/// which the system would refuse with a bare "File name too long".
fn check_name_lengths(path: &Path) -> Result<(), OutputError> {
    for part in path.iter() {
        let bytes = part.as_encoded_bytes().len();
        if bytes > MAX_NAME {
            let name = part.to_string_lossy();
            return Err(OutputError::NameTooLong {
                path: path.to_path_buf(),
                name: name.chars().take(40).collect(),
                bytes,
            });
        }
    }
    Ok(())
}

/// The file a write to `path` goes to: `path` itself, or the file a
/// symbolic link there points to. A link is written through, as the shell's
/// `>` does, so a link to a model stays a link to the new model.
pub fn through_link(path: &Path) -> Result<PathBuf, OutputError> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            fs::canonicalize(path).map_err(|_| OutputError::DanglingLink {
                path: path.to_path_buf(),
                link: fs::read_link(path).unwrap_or_default(),
            })
        }
        _ => Ok(path.to_path_buf()),
    }
}

/// Checks, before any work, that one file can be written at `path`: its
/// name fits, its folder exists and a file can be made there, and `path` is
/// not a folder. A symbolic link is followed ([`through_link`]). Returns
/// whether a file is there already, for the caller to decide whether it may
/// be replaced.
pub fn file_target(path: &Path) -> Result<bool, OutputError> {
    check_name_lengths(path)?;
    let path = &through_link(path)?;
    let parent = parent_of(path);
    match nearest_existing(parent) {
        Some((found, false)) => {
            return Err(OutputError::ParentNotAFolder {
                path: path.to_path_buf(),
                parent: found,
            })
        }
        Some((found, true)) if found == parent => {}
        _ => {
            return Err(OutputError::NoFolder {
                path: path.to_path_buf(),
                parent: parent.to_path_buf(),
            })
        }
    }
    if let Err(source) = tempfile::Builder::new()
        .prefix(".slant-probe-")
        .tempfile_in(parent)
    {
        return Err(OutputError::FolderNotWritable {
            path: path.to_path_buf(),
            parent: parent.to_path_buf(),
            source,
        });
    }
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => Err(OutputError::IsAFolder(path.to_path_buf())),
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(OutputError::Write {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// The folder `path` is in; `.` for a bare name.
fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The nearest of `dir` and its ancestors that exists, and whether it is a
/// folder (following links, as the system will when writing through it).
fn nearest_existing(dir: &Path) -> Option<(PathBuf, bool)> {
    dir.ancestors()
        .filter(|p| !p.as_os_str().is_empty())
        .find_map(|p| fs::metadata(p).ok().map(|m| (p.to_path_buf(), m.is_dir())))
}

/// One file written as a stream: bytes go into a temporary file beside the
/// target, which [`AtomicFile::commit`] renames over it. Dropped without a
/// commit, it leaves the target as it was and removes the temporary file.
///
/// The file gets the permissions of the file it replaces; a new file gets
/// `0644` less the umask (the temporary file alone would be `0600`).
#[derive(Debug)]
pub struct AtomicFile {
    path: PathBuf,
    tmp: tempfile::NamedTempFile,
    // Declared after `tmp`, so dropped after it: the signal handler finds
    // the temporary file listed until it is gone.
    _live: live::Live,
}

impl AtomicFile {
    /// Prepares to write `path`, failing early if its folder is not
    /// writable. A symbolic link is written through ([`through_link`]).
    pub fn create(path: &Path) -> Result<AtomicFile, OutputError> {
        check_name_lengths(path)?;
        let path = &through_link(path)?;
        let err = |source| OutputError::Write {
            path: path.to_path_buf(),
            source,
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        live::remove_stale_parts(parent_of(path), &name);
        let prefix = live::part_prefix(&name);
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o644));
        }
        let tmp = builder.tempfile_in(parent_of(path)).map_err(err)?;
        let live = live::Live::register(tmp.path()).map_err(|()| interrupted(path))?;
        if let Ok(old) = fs::metadata(path) {
            tmp.as_file()
                .set_permissions(old.permissions())
                .map_err(err)?;
        }
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp,
            _live: live,
        })
    }

    /// A second handle on the temporary file, to write through.
    pub fn writer(&self) -> Result<fs::File, OutputError> {
        self.tmp.reopen().map_err(|source| OutputError::Write {
            path: self.path.clone(),
            source,
        })
    }

    /// Puts the written file in place of the target.
    pub fn commit(self) -> Result<(), OutputError> {
        let AtomicFile { path, tmp, _live } = self;
        // Held through the rename, so that a signal handler either removes
        // the temporary file before it or finds it gone after.
        let registry = live::lock();
        if registry.closed {
            return Err(interrupted(&path));
        }
        let done = tmp
            .persist(&path)
            .map_err(|e| OutputError::Write {
                path: path.clone(),
                source: e.error,
            })
            .map(drop);
        drop(registry);
        done
    }
}

fn interrupted(path: &Path) -> OutputError {
    OutputError::Interrupted(path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The umask this process runs with (Linux reports it; elsewhere the
    /// usual 022 is assumed).
    #[cfg(unix)]
    pub(super) fn umask() -> u32 {
        fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("Umask:"))
                    .and_then(|m| u32::from_str_radix(m.trim(), 8).ok())
            })
            .unwrap_or(0o022)
    }

    #[cfg(unix)]
    pub(super) fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_0644_and_a_replaced_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let new = root.path().join("new.json");
        write_atomic(&new, b"1").unwrap();
        assert_eq!(mode(&new), 0o644 & !umask(), "not tempfile's 0600");

        for old_mode in [0o600, 0o640, 0o755] {
            let old = root.path().join(format!("old{old_mode:o}.json"));
            fs::write(&old, b"old").unwrap();
            fs::set_permissions(&old, fs::Permissions::from_mode(old_mode)).unwrap();
            write_atomic(&old, b"new").unwrap();
            assert_eq!(fs::read(&old).unwrap(), b"new");
            assert_eq!(mode(&old), old_mode, "mode kept");
        }
    }

    #[test]
    fn a_file_target_is_checked_before_any_work() {
        let root = tempfile::tempdir().unwrap();
        let free = root.path().join("m.json");
        assert!(!file_target(&free).unwrap());
        fs::write(&free, b"{}").unwrap();
        assert!(file_target(&free).unwrap(), "a file is there");

        let err = file_target(root.path()).unwrap_err();
        assert!(matches!(err, OutputError::IsAFolder(_)), "{err}");
        let err = file_target(&free.join("x.json")).unwrap_err();
        assert!(
            matches!(&err, OutputError::ParentNotAFolder { parent, .. } if *parent == free),
            "{err}"
        );
        let err = file_target(&root.path().join("no/such/x.json")).unwrap_err();
        assert!(err.to_string().contains("no/such"), "{err}");
        assert!(err.to_string().contains("does not exist"), "{err}");
    }

    #[test]
    fn a_dropped_file_leaves_the_old_one() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("keep.txt");
        fs::write(&path, b"old").unwrap();
        let file = AtomicFile::create(&path).unwrap();
        file.writer().unwrap().write_all(b"half").unwrap();
        drop(file);
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(
            fs::read_dir(root.path()).unwrap().count(),
            1,
            "no temp file"
        );
    }
}
