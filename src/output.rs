//! Every file slant writes is written atomically, through this module: a
//! single file into a temporary file beside its target, renamed over it when
//! complete ([`write_atomic`], [`AtomicFile`] for streams); a report folder
//! into a hidden staging folder beside the target, which replaces the target
//! only when complete ([`Staging`]). A failed run leaves whatever was there
//! as it was, and no partial output.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file whose presence marks a folder as a slant report, safe to replace.
pub const MARKER: &str = "results.json";

/// Why the output folder cannot be written.
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
    #[error("output folder {0} exists and is not a slant report (no {MARKER}); choose a new or empty folder with --out")]
    NotAReport(PathBuf),
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

/// One file written as a stream: bytes go into a temporary file beside the
/// target, which [`AtomicFile::commit`] renames over it. Dropped without a
/// commit, it leaves the target as it was and removes the temporary file.
#[derive(Debug)]
pub struct AtomicFile {
    path: PathBuf,
    tmp: tempfile::NamedTempFile,
}

impl AtomicFile {
    /// Prepares to write `path`, failing early if its folder is not writable.
    pub fn create(path: &Path) -> Result<AtomicFile, OutputError> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|source| OutputError::Write {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp,
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
        let path = self.path;
        self.tmp
            .persist(&path)
            .map_err(|e| OutputError::Write {
                path: path.clone(),
                source: e.error,
            })
            .map(drop)
    }
}

/// A report folder being written.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    dir: tempfile::TempDir,
}

impl Staging {
    /// Prepares to write `target`, failing early if it cannot be.
    pub fn new(target: &Path) -> Result<Staging, OutputError> {
        if target.exists() {
            let is_report = target.join(MARKER).is_file();
            let is_empty = fs::read_dir(target)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if !target.is_dir() || !(is_report || is_empty) {
                return Err(OutputError::NotAReport(target.to_path_buf()));
            }
        }
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|source| OutputError::Create {
            path: parent.to_path_buf(),
            source,
        })?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "report".into());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.slant-"))
            .tempdir_in(parent)
            .map_err(|source| OutputError::Create {
                path: target.to_path_buf(),
                source,
            })?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
        })
    }

    /// The staging folder: write here.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The final folder.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes one file into the staging folder.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.dir.path().join(name);
        let mut f = fs::File::create(&path).map_err(|source| OutputError::Write {
            path: path.clone(),
            source,
        })?;
        f.write_all(bytes)
            .and_then(|()| f.flush())
            .map_err(|source| OutputError::Write { path, source })
    }

    /// Opens one file of the staging folder for writing.
    pub fn create(&self, name: &str) -> Result<std::io::BufWriter<fs::File>, OutputError> {
        let path = self.dir.path().join(name);
        fs::File::create(&path)
            .map(|f| std::io::BufWriter::with_capacity(1 << 16, f))
            .map_err(|source| OutputError::Write { path, source })
    }

    /// Replaces the target with the staging folder. The old report is moved
    /// aside first and removed only once the new one is in place.
    pub fn commit(self) -> Result<PathBuf, OutputError> {
        let err = |source| OutputError::Create {
            path: self.target.clone(),
            source,
        };
        let staged = self.dir.keep();
        let aside = if self.target.exists() {
            let aside = staged.with_extension("old");
            fs::rename(&self.target, &aside).map_err(err)?;
            Some(aside)
        } else {
            None
        };
        if let Err(e) = fs::rename(&staged, &self.target) {
            if let Some(aside) = &aside {
                let _ = fs::rename(aside, &self.target);
            }
            let _ = fs::remove_dir_all(&staged);
            return Err(err(e));
        }
        if let Some(aside) = aside {
            let _ = fs::remove_dir_all(aside);
        }
        Ok(self.target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_a_report_and_drop_leaves_nothing() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out");
        let s = Staging::new(&target).unwrap();
        s.write(MARKER, b"{}").unwrap();
        s.write("a.csv", b"1").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read(target.join("a.csv")).unwrap(), b"1");

        let s = Staging::new(&target).unwrap();
        s.write("a.csv", b"half").unwrap();
        drop(s); // a failed run
        assert_eq!(fs::read(target.join("a.csv")).unwrap(), b"1");
        let left: Vec<_> = fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no staging folder left behind");

        let s = Staging::new(&target).unwrap();
        s.write(MARKER, b"{}").unwrap();
        s.commit().unwrap();
        assert!(!target.join("a.csv").exists(), "old files replaced");
    }

    #[test]
    fn refuses_a_folder_that_is_not_a_report() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("thesis.tex"), "x").unwrap();
        let err = Staging::new(root.path()).unwrap_err();
        assert!(matches!(err, OutputError::NotAReport(_)));
    }
}
