//! Unfinished output: the staging folders and temporary files this process
//! is writing, listed so that a signal handler can remove them, and the
//! staging folders and temporary files of runs that died, found by the
//! process id they hold or are named by.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The paths being written, and whether a signal handler has already
/// removed them (after which nothing new may start or be put in place).
#[derive(Debug, Default)]
pub(super) struct Registry {
    paths: Vec<PathBuf>,
    pub(super) closed: bool,
}

impl Registry {
    /// Removes every listed path and refuses new ones. A folder is retried
    /// a few times because the run may still be creating files in it.
    fn remove_all(&mut self) {
        self.closed = true;
        for path in self.paths.drain(..) {
            for _ in 0..5 {
                let gone = match fs::symlink_metadata(&path) {
                    Ok(m) if m.is_dir() => fs::remove_dir_all(&path),
                    Ok(_) => fs::remove_file(&path),
                    Err(e) => Err(e),
                };
                if gone.is_ok() || !path.exists() {
                    break;
                }
            }
        }
    }
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    paths: Vec::new(),
    closed: false,
});

/// The registry, locked. A panic elsewhere while it was held does not stop
/// the cleanup, hence no poisoning.
pub(super) fn lock() -> MutexGuard<'static, Registry> {
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes every staging folder and temporary file this process is still
/// writing, and refuses to start or put in place any other: for a signal
/// handler to call before it exits. A report being put in place at that
/// moment is first finished, so the target is never left half-replaced.
pub fn remove_unfinished() {
    lock().remove_all();
}

/// A path listed in the registry for as long as this lives.
#[derive(Debug)]
pub(super) struct Live(PathBuf);

impl Live {
    /// Lists `path`; fails if the registry was already emptied by a signal.
    pub(super) fn register(path: &Path) -> Result<Live, ()> {
        let mut registry = lock();
        if registry.closed {
            return Err(());
        }
        registry.paths.push(path.to_path_buf());
        Ok(Live(path.to_path_buf()))
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        lock().paths.retain(|p| *p != self.0);
    }
}

/// The file in a staging folder that says which process writes it.
pub(super) const PID_FILE: &str = ".pid";

/// What [`PID_FILE`] holds: this process's id and the machine's name,
/// because on a shared file system a process id means nothing elsewhere.
pub(super) fn pid_file_contents() -> String {
    format!("{}\n{}\n", std::process::id(), host().unwrap_or_default())
}

/// The machine's name, where the system says it.
fn host() -> Option<String> {
    let name = fs::read_to_string("/proc/sys/kernel/hostname").ok()?;
    Some(name.trim().to_string()).filter(|n| !n.is_empty())
}

/// Whether `name` is that of a staging folder ([`super::Staging`] names
/// them `.NAME.slant-XXXXXX`).
pub(super) fn is_staging_name(name: &str) -> bool {
    name.starts_with('.') && name.contains(".slant-") && !name.ends_with(".old")
}

/// Removes the staging folders in `parent` left by runs that died. A folder
/// goes only if its [`PID_FILE`] names this machine and a process that is
/// not running; anything else (a live run, another machine, no pid file, a
/// system where liveness cannot be told) stays. Failures are ignored: this
/// is tidying, and must not stop a run.
pub(super) fn remove_stale(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let name = entry.file_name();
        if is_dir && is_staging_name(&name.to_string_lossy()) && is_dead(&entry.path()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// What names a temporary file of this process for the file `name`:
/// `.NAME.slant-part-HOST-PID-`, then random characters. The machine (a
/// short hash of its name) and process id let a later run tell a file left
/// by a killed run from one still being written ([`remove_stale_parts`]).
/// A long `name` is cut, on a character boundary, to keep within the 255
/// bytes a file name may have.
pub(super) fn part_prefix(name: &str) -> String {
    format!(
        ".{}{PART}{}-{}-",
        cut(name, NAME_KEPT),
        host_tag().unwrap_or_else(|| "unknown".into()),
        std::process::id()
    )
}

/// The infix of a temporary file's name, after the target's name.
const PART: &str = ".slant-part-";

/// How many bytes of a target's name the names of its temporary files and
/// staging folders keep.
pub(super) const NAME_KEPT: usize = 160;

/// The first `max` bytes of `name` or fewer, on a character boundary.
pub(super) fn cut(name: &str, max: usize) -> &str {
    let mut end = name.len().min(max);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// The first eight hex digits of the SHA-256 of the machine's name.
pub(super) fn host_tag() -> Option<String> {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(host()?.as_bytes());
    Some(digest[..4].iter().map(|b| format!("{b:02x}")).collect())
}

/// Removes, from `parent`, the temporary files for `name` that runs killed
/// outright (SIGKILL, a power cut) left behind: regular files named by
/// [`part_prefix`] for this machine and a process that no longer runs.
/// Failures are ignored, as in [`remove_stale`].
pub(super) fn remove_stale_parts(parent: &Path, name: &str) {
    let Some(tag) = host_tag() else {
        return;
    };
    let start = format!(".{}{PART}{tag}-", cut(name, NAME_KEPT));
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(rest) = file.to_str().and_then(|f| f.strip_prefix(&start)) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && pid.is_some_and(|pid| !is_running(pid)) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The start of a staging folder's name for the report `name`:
/// `.NAME.slant-HOST-PID-`, random characters to follow.
pub(super) fn staging_prefix(name: &str) -> String {
    format!(
        ".{}.slant-{}-{}-",
        cut(name, NAME_KEPT),
        host_tag().unwrap_or_else(|| "unknown".into()),
        std::process::id()
    )
}

/// Whether a staging folder's name (see [`staging_prefix`]) names this
/// machine and a process that no longer runs: for a folder whose pid file
/// was never written.
pub(super) fn dead_by_name(dir: &Path) -> bool {
    let Some(name) = dir.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.rfind(".slant-")
        .is_some_and(|at| dead_by_tag(&name[at + ".slant-".len()..]))
}

/// Whether `HOST-PID-...` names this machine and a process that no longer
/// runs.
fn dead_by_tag(rest: &str) -> bool {
    let mut parts = rest.split('-');
    let (Some(tag), Some(pid)) = (parts.next(), parts.next()) else {
        return false;
    };
    let pid = pid.parse::<u32>().ok();
    host_tag().is_some_and(|t| t == tag) && pid.is_some_and(|p| !is_running(p))
}

/// The start of a copy of standard input's folder name:
/// `slant-stdin-HOST-PID-`, then random characters (see `super::spool`).
pub const SPOOL: &str = "slant-stdin-";

/// The start of a run's scratch folder name (sorted runs, spills, merges
/// in passing): `slant-tmp-HOST-PID-`, then random characters.
pub const SCRATCH: &str = "slant-tmp-";

/// The start of a folder of `kind` ([`SPOOL`] or [`SCRATCH`]):
/// `KIND-HOST-PID-`, random characters to follow.
pub(super) fn spool_prefix(kind: &str) -> String {
    format!(
        "{}{}-{}-",
        kind,
        host_tag().unwrap_or_else(|| "unknown".into()),
        std::process::id()
    )
}

/// Removes, from `parent`, the folders of `kind` ([`SPOOL`] or
/// [`SCRATCH`]) that runs killed outright left: folders (not links) named
/// by [`spool_prefix`] for this machine and a process that no longer runs.
/// Failures are ignored, as in [`remove_stale`].
pub(super) fn remove_stale_spools(parent: &Path, kind: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(kind)) else {
            continue;
        };
        if entry.file_type().is_ok_and(|t| t.is_dir()) && dead_by_tag(rest) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether the staging folder `dir` was written by a process on this
/// machine that is no longer running.
fn is_dead(dir: &Path) -> bool {
    let Ok(text) = fs::read_to_string(dir.join(PID_FILE)) else {
        return dead_by_name(dir);
    };
    let mut lines = text.lines();
    let pid = lines.next().and_then(|l| l.trim().parse::<u32>().ok());
    match (pid, lines.next().map(str::trim)) {
        (Some(pid), Some(h)) => host().is_some_and(|me| me == h) && !is_running(pid),
        // written in part (a kill between making the file and filling it):
        // the folder's name says whose it is
        _ => dead_by_name(dir),
    }
}

/// Whether process `pid` runs. Linux lists live processes in `/proc`;
/// elsewhere every process counts as running, so nothing is removed.
fn is_running(pid: u32) -> bool {
    if cfg!(target_os = "linux") && Path::new("/proc/self").exists() {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_registry_removes_what_it_lists_and_refuses_more() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join(".out.slant-abc123");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("a.csv"), b"1").unwrap();
        let file = root.path().join(".tmpXYZ");
        fs::write(&file, b"1").unwrap();
        let mut r = Registry::default();
        r.paths.push(dir.clone());
        r.paths.push(file.clone());
        r.remove_all();
        assert!(!dir.exists() && !file.exists());
        assert!(r.closed && r.paths.is_empty());
    }

    #[test]
    fn only_parts_of_dead_runs_on_this_machine_are_removed() {
        let Some(tag) = host_tag() else {
            return; // no machine name: nothing is ever removed
        };
        let root = tempfile::tempdir().unwrap();
        let plant = |name: String| {
            let path = root.path().join(name);
            fs::write(&path, b"part").unwrap();
            path
        };
        // i32::MAX is above any pid_max Linux allows, so never running.
        let dead = plant(format!(".m.json{PART}{tag}-{}-abc", i32::MAX));
        let live = plant(format!("{}abc", part_prefix("m.json")));
        let elsewhere = plant(format!(".m.json{PART}0000beef-{}-abc", i32::MAX));
        let other_target = plant(format!(".n.json{PART}{tag}-{}-abc", i32::MAX));
        let user = plant(format!(".m.json{PART}{tag}-notapid"));
        remove_stale_parts(root.path(), "m.json");
        if cfg!(target_os = "linux") {
            assert!(!dead.exists(), "left by a dead run here");
        }
        for kept in [live, elsewhere, other_target, user] {
            assert!(kept.exists(), "{} kept", kept.display());
        }
    }

    #[test]
    fn staging_folders_without_a_pid_file_and_stdin_copies_are_told_by_name() {
        // A run killed after creating its staging folder and before writing
        // the pid file, or while copying standard input: the name alone
        // says whose folder it is.
        let Some(tag) = host_tag() else {
            return;
        };
        let root = tempfile::tempdir().unwrap();
        let plant = |name: String| {
            let path = root.path().join(name);
            fs::create_dir(&path).unwrap();
            fs::write(path.join("stdin.jsonl"), b"{}").unwrap();
            path
        };
        // i32::MAX is above any pid_max Linux allows, so never running.
        let dead = [
            plant(format!(".out.slant-{tag}-{}-abc123", i32::MAX)),
            plant(format!("slant-stdin-{tag}-{}-abc123", i32::MAX)),
            plant(format!("slant-tmp-{tag}-{}-abc123", i32::MAX)),
        ];
        let kept = [
            plant(format!("{}abc123", staging_prefix("out"))),
            plant(format!(".out.slant-0000beef-{}-abc123", i32::MAX)),
            plant(".out.slant-abc123".to_string()),
            plant(format!("{}abc123", spool_prefix(SPOOL))),
            plant(format!("{}abc123", spool_prefix(SCRATCH))),
            plant(format!("slant-stdin-0000beef-{}-abc123", i32::MAX)),
            plant(format!("stdin-{tag}-{}-abc123", i32::MAX)),
        ];
        let file = root
            .path()
            .join(format!("slant-stdin-{tag}-{}-file", i32::MAX));
        fs::write(&file, b"not a folder slant made").unwrap();
        remove_stale(root.path());
        remove_stale_spools(root.path(), SPOOL);
        remove_stale_spools(root.path(), SCRATCH);
        if cfg!(target_os = "linux") {
            for gone in dead {
                assert!(!gone.exists(), "{} left by a dead run here", gone.display());
            }
        }
        for kept in kept.iter().chain([&file]) {
            assert!(kept.exists(), "{} kept", kept.display());
        }
    }

    #[test]
    fn a_long_name_gives_a_prefix_a_file_system_takes() {
        let name = "é".repeat(200);
        let prefix = part_prefix(&name);
        assert!(prefix.len() + 6 <= 255, "{} bytes", prefix.len());
        assert!(prefix.starts_with(&format!(".{}", "é".repeat(80))));
    }

    #[test]
    fn staging_names_are_told_apart() {
        let cases = [
            (".out.slant-a1B2c3", true),
            (".seeds-compare.slant-XyZ987", true),
            (".out.slant-a1B2c3.old", false),
            ("out", false),
            ("slant-a1B2c3", false),
            (".git", false),
        ];
        for (name, want) in cases {
            assert_eq!(is_staging_name(name), want, "{name}");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn only_folders_of_dead_runs_on_this_machine_are_removed() {
        let root = tempfile::tempdir().unwrap();
        let host = host().unwrap_or_default();
        let plant = |name: &str, pid: Option<String>| {
            let dir = root.path().join(name);
            fs::create_dir(&dir).unwrap();
            fs::write(dir.join("a.csv"), b"1").unwrap();
            if let Some(pid) = pid {
                fs::write(dir.join(PID_FILE), pid).unwrap();
            }
            dir
        };
        // i32::MAX is above any pid_max Linux allows, so never running.
        let dead = plant(".a.slant-dead01", Some(format!("2147483647\n{host}\n")));
        let live = plant(
            ".a.slant-live01",
            Some(format!("{}\n{host}\n", std::process::id())),
        );
        let elsewhere = plant(".a.slant-else01", Some("2147483647\nother-host\n".into()));
        let no_pid = plant(".a.slant-nopid1", None);
        let garbled = plant(".b.slant-garble", Some("not a pid".into()));
        let aside = plant(".a.slant-dead01.old", Some(format!("2147483647\n{host}\n")));
        let user = plant("notes", Some(format!("2147483647\n{host}\n")));
        // killed between making its pid file and filling it: its name says
        let tag = host_tag().unwrap_or_default();
        let empty_pid = plant(
            &format!(".a.slant-{tag}-2147483647-abc123"),
            Some(String::new()),
        );
        remove_stale(root.path());
        assert!(!dead.exists(), "a dead run's folder goes");
        assert!(
            !empty_pid.exists(),
            "a dead run's folder with an empty pid file goes"
        );
        for kept in [live, elsewhere, no_pid, garbled, aside, user] {
            assert!(kept.exists(), "{} stays", kept.display());
        }
    }
}
