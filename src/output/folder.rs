//! Report folders: written into a hidden staging folder beside the target,
//! which replaces the target only when complete, and only if the target
//! holds nothing slant did not write.

use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::live::{self, Live, PID_FILE};
use super::{interrupted, nearest_existing, parent_of, OutputError};
use legacy::Legacy;
pub use legacy::{LEGACY_EXTENSIONS, LEGACY_NAMES};
pub use marker::MARKER;
use marker::{marker_text, Marker, Written};

/// The report's full results; a folder holding slant's own (its structure
/// checked) but no [`MARKER`] is a report written before slant wrote
/// markers.
pub const RESULTS: &str = "results.json";

/// How many foreign entries an error names before it counts the rest.
const NAMED: usize = 3;

/// A report folder being written.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    dir: tempfile::TempDir,
    // Declared after `dir`, so dropped after it: the signal handler finds
    // the folder listed until it is gone.
    live: Live,
    /// Files hashed before the marker is written ([`Staging::hash_ahead`]).
    hashed: std::sync::Mutex<std::collections::BTreeMap<String, Written>>,
}

impl Staging {
    /// Prepares to write `target`, failing early if it cannot be, or if
    /// replacing it could lose something slant did not write. `target` may
    /// be missing or empty; a report slant wrote ([`MARKER`]) holding only
    /// files its marker lists, each still of the size and digest listed
    /// (an edited file is refused: [`OutputError::Edited`]); a report whose
    /// marker lists names only (slant up to b3d5d1a), holding only files
    /// it lists that such a report holds, beside slant's own [`RESULTS`];
    /// or a report from before markers (a [`RESULTS`] file) holding only
    /// plain files with names slant gives (`*.csv`, `*.png`, `*.svg`,
    /// `report.md`, `results.json`). It may not be a symbolic link.
    ///
    /// First, in the same parent, old reports that a commit of a dead run
    /// moved aside are put back, or removed if their new report is in
    /// place (see `aside::recover`), and staging folders of runs that died
    /// are removed (see [`super::remove_unfinished`] for those of runs
    /// stopped by a signal).
    pub fn new(target: &Path) -> Result<Staging, OutputError> {
        let target = &plain_name(target)?;
        let parent = parent_of(target);
        aside::recover(parent, target);
        live::remove_stale(parent);
        if check_target(target)?.is_some_and(|old| !old.is_empty()) {
            check_writable(target)?;
        }
        fs::create_dir_all(parent).map_err(|source| OutputError::Create {
            path: parent.to_path_buf(),
            source,
        })?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "report".into());
        // The machine and process in the name as well as in the pid file: a
        // run killed between creating the folder and writing the file still
        // leaves a folder the next run can tell is dead.
        let prefix = live::staging_prefix(&name);
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix);
        // A report is for reading: 0755 less the umask, not tempfile's 0700.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o755));
        }
        let dir = builder
            .tempdir_in(parent)
            .map_err(|source| OutputError::Create {
                path: target.to_path_buf(),
                source,
            })?;
        let live = Live::register(dir.path()).map_err(|()| interrupted(target))?;
        let staging = Staging {
            target: target.to_path_buf(),
            dir,
            live,
            hashed: Default::default(),
        };
        staging.write(PID_FILE, live::pid_file_contents().as_bytes())?;
        Ok(staging)
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

    /// Hashes the files `names` of the staging folder for the [`MARKER`]
    /// now rather than when the report is complete: files slant has
    /// finished writing (the tables streamed during a pass), hashed on a
    /// worker thread while the rest of the report is written. A file that
    /// cannot be read, or whose size has changed by then, is hashed with
    /// the others.
    pub fn hash_ahead<'a>(&self, names: impl IntoIterator<Item = &'a str>) {
        for name in names {
            if let Ok(w) = Written::of(&self.path().join(name)) {
                let mut hashed = self.hashed.lock().unwrap_or_else(|e| e.into_inner());
                hashed.insert(name.to_string(), w);
            }
        }
    }

    /// Writes the [`MARKER`] and replaces the target with the staging
    /// folder. The old report is moved aside first and its files removed
    /// only once the new one is in place. A replaced folder keeps its
    /// permissions.
    pub fn commit(self) -> Result<PathBuf, OutputError> {
        self.seal()?;
        let Staging {
            target, dir, live, ..
        } = self;
        // Held until the new report is in place, so that a signal handler
        // never removes the staging folder between the two renames.
        let registry = live::lock();
        if registry.closed {
            return Err(interrupted(&target));
        }
        // Checked again: the user may have added files during a long run.
        let old = match check_target(&target) {
            Ok(old) => old,
            Err(OutputError::Foreign { path, entries })
            | Err(OutputError::Edited { path, entries })
            | Err(OutputError::NotAReport { path, entries }) => {
                let staged = dir.keep();
                return Err(OutputError::Changed {
                    path,
                    entries,
                    staged,
                });
            }
            Err(e) => return Err(e),
        };
        let err = |source| OutputError::Create {
            path: target.clone(),
            source,
        };
        let staged = dir.keep();
        let aside = match old {
            Some(_) => {
                let mut aside = staged.clone().into_os_string();
                aside.push(aside::ASIDE);
                let aside = PathBuf::from(aside);
                if let Err(e) = fs::rename(&target, &aside) {
                    let _ = fs::remove_dir_all(&staged);
                    return Err(err(e));
                }
                Some(aside)
            }
            None => None,
        };
        if let Err(e) = fs::rename(&staged, &target) {
            if let Some(aside) = &aside {
                let _ = fs::rename(aside, &target);
            }
            let _ = fs::remove_dir_all(&staged);
            return Err(err(e));
        }
        drop(registry);
        drop(live);
        if let (Some(aside), Some(names)) = (aside, old) {
            carry_litter(&aside, &target);
            remove_report(&aside, names);
        }
        Ok(target)
    }

    /// Makes the staging folder what the report will be: no pid file, a
    /// marker listing the rest, the permissions of the folder it replaces.
    fn seal(&self) -> Result<(), OutputError> {
        let pid = self.path().join(PID_FILE);
        fs::remove_file(&pid).map_err(|source| OutputError::Write { path: pid, source })?;
        let names = fs::read_dir(self.path())
            .and_then(|d| {
                d.map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
                    .collect::<Result<Vec<_>, _>>()
            })
            .map_err(|source| OutputError::Write {
                path: self.path().to_path_buf(),
                source,
            })?;
        let hashed = std::mem::take(&mut *self.hashed.lock().unwrap_or_else(|e| e.into_inner()));
        let marker =
            marker_text(self.path(), names, &hashed).map_err(|source| OutputError::Write {
                path: self.path().join(MARKER),
                source,
            })?;
        self.write(MARKER, marker.as_bytes())?;
        if let Ok(old) = fs::symlink_metadata(&self.target) {
            if old.is_dir() {
                fs::set_permissions(self.path(), old.permissions()).map_err(|source| {
                    OutputError::Create {
                        path: self.target.clone(),
                        source,
                    }
                })?;
            }
        }
        Ok(())
    }
}

/// Files that file browsers write into a folder they show (Finder's
/// `.DS_Store`, Windows Explorer's `Thumbs.db` and `desktop.ini`, KDE's
/// `.directory`): a report folder opened in one is still slant's, and the
/// files are the browser's, so a rerun keeps them (see [`carry_litter`]).
const LITTER: [&str; 6] = [
    ".DS_Store",
    "._.DS_Store",
    "Thumbs.db",
    "ehthumbs.db",
    "desktop.ini",
    ".directory",
];

/// Whether `name` is one of the [`LITTER`] files.
fn is_litter(name: &OsString) -> bool {
    name.to_str().is_some_and(|n| LITTER.contains(&n))
}

/// Moves the [`LITTER`] files of the old report `from` into the new one
/// `to`; one that cannot be moved stays where it is, with its folder.
fn carry_litter(from: &Path, to: &Path) {
    let Ok(entries) = fs::read_dir(from) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        if is_litter(&name) && e.file_type().is_ok_and(|t| t.is_file()) {
            let dest = to.join(&name);
            if fs::symlink_metadata(&dest).is_err() {
                let _ = fs::rename(e.path(), dest);
            }
        }
    }
}

/// Removes the entries `names` of the old report `dir`, checked as slant's,
/// then the folder if that emptied it: whatever appeared since stays.
/// `results.json` and then the marker go last, so that a run killed on the
/// way leaves a folder the next run can still tell is slant's
/// ([`aside::recover`]).
fn remove_report(dir: &Path, mut names: Vec<OsString>) {
    names.sort_by_key(|n| (*n == MARKER, *n == RESULTS));
    for name in names {
        let _ = fs::remove_file(dir.join(name));
    }
    let _ = fs::remove_dir(dir);
}

/// `target` as a name a folder can be renamed onto: without trailing
/// slashes and `.` (with which `link/` would name the folder a link points
/// to, not the link); an error if it ends in `..` or is `.`.
fn plain_name(target: &Path) -> Result<PathBuf, OutputError> {
    use std::path::Component;
    super::check_name_lengths(target)?;
    let plain: PathBuf = target.components().collect();
    match plain.components().next_back() {
        Some(Component::CurDir | Component::ParentDir) => Err(OutputError::DotName {
            path: target.to_path_buf(),
            named: fs::canonicalize(target).unwrap_or_else(|_| "another-folder".into()),
        }),
        _ => Ok(plain),
    }
}

/// One entry of an existing folder.
struct Entry {
    name: OsString,
    /// A plain file, not a folder or a link.
    file: bool,
    dir: bool,
}

impl Entry {
    fn shown(&self) -> String {
        let name = self.name.to_string_lossy();
        if self.dir {
            format!("{name}/")
        } else {
            name.into_owned()
        }
    }
}

/// Checks that `target` may become a report folder. Returns `None` if it
/// does not exist, or the names of its entries, all slant's, to remove once
/// the new report is in place.
fn check_target(target: &Path) -> Result<Option<Vec<OsString>>, OutputError> {
    if let Some((found, false)) = nearest_existing(parent_of(target)) {
        return Err(OutputError::ParentNotAFolder {
            path: target.to_path_buf(),
            parent: found,
        });
    }
    let create = |source| OutputError::Create {
        path: target.to_path_buf(),
        source,
    };
    let meta = match fs::symlink_metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(create(e)),
    };
    if meta.file_type().is_symlink() {
        return Err(OutputError::Symlink {
            path: target.to_path_buf(),
            link: fs::read_link(target).unwrap_or_default(),
        });
    }
    if !meta.is_dir() {
        return Err(OutputError::NotAFolder(target.to_path_buf()));
    }
    let mut entries = fs::read_dir(target)
        .and_then(|d| {
            d.map(|e| {
                let e = e?;
                let t = e.file_type()?;
                Ok(Entry {
                    name: e.file_name(),
                    file: t.is_file(),
                    dir: t.is_dir(),
                })
            })
            .collect::<std::io::Result<Vec<_>>>()
        })
        .map_err(create)?;
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    // What a file browser leaves in a folder it shows is neither slant's
    // nor the user's work: it is carried into the new report, never
    // removed, and does not make the folder foreign.
    entries.retain(|e| !(e.file && is_litter(&e.name)));
    let has = |name: &str| entries.iter().any(|e| e.file && e.name == name);
    let marker = if has(MARKER) {
        fs::read_to_string(target.join(MARKER)).ok()
    } else {
        None
    };
    let not_a_report = || OutputError::NotAReport {
        path: target.to_path_buf(),
        entries: name_some(&entries.iter().collect::<Vec<_>>()),
    };
    let mut edited = Vec::new();
    let foreign: Vec<&Entry> = match marker.as_deref().and_then(Marker::parse) {
        Some(Marker::Hashed(listed)) => {
            let mut foreign = Vec::new();
            let mut check = Vec::new();
            for e in entries.iter().filter(|e| !(e.file && e.name == MARKER)) {
                match e.name.to_str().and_then(|n| listed.get(n)) {
                    Some(written) if e.file => check.push((e, written)),
                    _ => foreign.push(e),
                }
            }
            // hashed on the worker threads, kept in the entries' order
            let unchanged: Vec<bool> = check
                .par_iter()
                .map(|(e, written)| written.matches(&target.join(&e.name)))
                .collect();
            edited.extend(
                check
                    .iter()
                    .zip(unchanged)
                    .filter(|(_, same)| !same)
                    .map(|((e, _), _)| *e),
            );
            foreign
        }
        // Names alone prove nothing (a copied or forged marker lists
        // anything): each must also be a file a report holds, beside
        // slant's own results.json.
        Some(Marker::Named(listed)) => {
            let legacy = Legacy::read(target).ok_or_else(not_a_report)?;
            let listed = |e: &Entry| e.name.to_str().is_some_and(|n| listed.contains(n));
            entries
                .iter()
                .filter(|e| !((e.file && e.name == MARKER) || (listed(e) && legacy.wrote(e))))
                .collect()
        }
        None if entries.is_empty() => Vec::new(),
        None => match has(RESULTS).then(|| Legacy::read(target)).flatten() {
            Some(legacy) => entries.iter().filter(|e| !legacy.wrote(e)).collect(),
            None => return Err(not_a_report()),
        },
    };
    if !foreign.is_empty() {
        return Err(OutputError::Foreign {
            path: target.to_path_buf(),
            entries: name_some(&foreign),
        });
    }
    if !edited.is_empty() {
        return Err(OutputError::Edited {
            path: target.to_path_buf(),
            entries: name_some(&edited),
        });
    }
    Ok(Some(entries.into_iter().map(|e| e.name).collect()))
}

/// Checks that the files of the report `target` can be removed once a new
/// report replaces it: a read-only folder would be moved aside and then
/// left there whole, a copy of the old report at every run. A file is made
/// and removed again to find out, as the permissions alone do not say what
/// this user may do (root, ACLs, read-only mounts).
fn check_writable(target: &Path) -> Result<(), OutputError> {
    match tempfile::Builder::new()
        .prefix(".slant-probe-")
        .tempfile_in(target)
    {
        Ok(_) => Ok(()),
        Err(source) => Err(OutputError::ReadOnly {
            path: target.to_path_buf(),
            source,
        }),
    }
}

/// The first few entries, and how many more.
fn name_some(entries: &[&Entry]) -> String {
    let mut text = entries
        .iter()
        .take(NAMED)
        .map(|e| e.shown())
        .collect::<Vec<_>>()
        .join(", ");
    if entries.len() > NAMED {
        text.push_str(&format!(" and {} more", entries.len() - NAMED));
    }
    text
}

mod aside;
mod legacy;
mod marker;
#[cfg(test)]
mod tests;
