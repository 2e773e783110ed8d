//! Old reports that a commit moved aside and a kill left there: a commit
//! renames the old report to `STAGING.old`, the new one onto the target,
//! and then removes the old one's files. Killed (SIGKILL, a power cut)
//! between the two renames, it leaves no report at the target and the last
//! one aside; killed after them, an old report nobody needs.

use std::fs;
use std::path::{Path, PathBuf};

use super::live;
use super::{carry_litter, check_target, remove_report};

/// What a commit appends to its staging folder's name to name the old
/// report it moves aside.
pub(super) const ASIDE: &str = ".old";

/// Deals with the old reports in `parent` that commits of dead runs set
/// aside, `target` being the report this run is to write. One goes back
/// where it came from if nothing is there now (it is the last report, and
/// the only copy); otherwise its files are removed if they are slant's,
/// unchanged, as its marker lists them (the folder too, if that empties
/// it). An aside folder of a live run, of another machine, or whose name
/// does not say where it came from, stays as it is; so does anything
/// else the folder holds. Failures are ignored: this is tidying, and must
/// not stop a run.
pub(super) fn recover(parent: &Path, target: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let aside = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let Some(from) = entry.file_name().to_str().and_then(|n| origin(n, target)) else {
            continue;
        };
        if !is_dir || !live::dead_by_name(&aside) {
            continue;
        }
        let from = parent.join(from);
        match fs::symlink_metadata(&from) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let _ = fs::rename(&aside, &from);
            }
            _ => {
                if let Ok(Some(names)) = check_target(&aside) {
                    carry_litter(&aside, &from);
                    remove_report(&aside, names);
                }
            }
        }
    }
}

/// The name of the folder that the aside folder `name`
/// (`.NAME.slant-HOST-PID-XXXXXX.old`) was moved from. Staging names hold
/// a long `NAME` cut short, so one that may have been cut is known only if
/// it is `target`'s.
fn origin(name: &str, target: &Path) -> Option<PathBuf> {
    let staged = name.strip_suffix(ASIDE)?.strip_prefix('.')?;
    let cut = &staged[..staged.rfind(".slant-")?];
    let target_name = target.file_name()?.to_str()?;
    if cut == live::cut(target_name, live::NAME_KEPT) {
        Some(target_name.into())
    } else if cut.len() + 4 <= live::NAME_KEPT && !cut.is_empty() {
        // cut on a character boundary, so a cut name is within 3 bytes of
        // the limit
        Some(cut.into())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_aside_folder_names_where_it_came_from() {
        let long = "é".repeat(100);
        let long_cut = live::cut(&long, live::NAME_KEPT);
        let cases = [
            (".out.slant-abcd1234-77-XyZ123.old", "out", Some("out")),
            (".out.slant-abcd1234-77-XyZ123.old", "rep", Some("out")),
            (
                ".a.slant-b.slant-abcd1234-77-XyZ123.old",
                "x",
                Some("a.slant-b"),
            ),
            (".out.slant-abcd1234-77-XyZ123", "out", None),
            ("out.slant-abcd1234-77-XyZ123.old", "out", None),
            (".slant-abcd1234-77-XyZ123.old", "out", None),
            (".out.old", "out", None),
        ];
        for (name, target, want) in cases {
            assert_eq!(
                origin(name, Path::new(target)),
                want.map(PathBuf::from),
                "{name} for {target}"
            );
        }
        let aside = format!(".{long_cut}.slant-abcd1234-77-XyZ123.old");
        assert_eq!(origin(&aside, Path::new(&long)), Some(PathBuf::from(&long)));
        assert_eq!(origin(&aside, Path::new("other")), None, "may be cut");
    }

    /// The name of a staging folder for `target` of process `pid` on this
    /// machine, and of the aside folder its commit makes.
    fn names_of(target: &str, pid: u32) -> Option<(String, String)> {
        let tag = live::host_tag()?;
        let staged = format!(".{target}.slant-{tag}-{pid}-abc123");
        Some((staged.clone(), format!("{staged}{ASIDE}")))
    }

    /// Every file under `dir` and its bytes.
    fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().into_string().unwrap(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    }

    /// Writes a report of `names` (each file holding its name) into `dir`.
    fn report(dir: &Path, names: &[&str]) {
        let s = super::super::Staging::new(dir).unwrap();
        for n in names {
            s.write(n, n.as_bytes()).unwrap();
        }
        s.commit().unwrap();
    }

    // i32::MAX is above any pid_max Linux allows, so never running.
    const DEAD: u32 = i32::MAX as u32;

    #[cfg(target_os = "linux")]
    #[test]
    fn killed_between_the_renames_the_last_report_is_put_back() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        report(&out, &["results.json", "a.csv"]);
        let last = files(&out);
        let Some((staged, aside)) = names_of("out", DEAD) else {
            return; // no machine name: nothing is ever recovered
        };
        // The state a kill after `out -> aside`, before `staged -> out`,
        // leaves: no report, the last one aside, the new one sealed.
        fs::rename(&out, root.path().join(&aside)).unwrap();
        report(&root.path().join("new"), &["results.json"]);
        fs::rename(root.path().join("new"), root.path().join(&staged)).unwrap();
        // The same for another report in the same folder, of a live run
        // and of another machine: theirs to finish.
        let live_aside = names_of("other", std::process::id()).unwrap().1;
        let elsewhere = format!(".other.slant-0000beef-{DEAD}-abc123{ASIDE}");
        for name in [&live_aside, &elsewhere] {
            report(&root.path().join(name), &["results.json"]);
        }

        let s = super::super::Staging::new(&out).unwrap();
        assert_eq!(files(&out), last, "the last report is back, byte for byte");
        drop(s);
        let mut want = vec![elsewhere, live_aside, "out".to_string()];
        want.sort();
        let mut left: Vec<String> = fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left, want,
            "the dead run's new report removed, the rest kept"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn killed_after_the_renames_only_slants_unchanged_files_go() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        report(&out, &["results.json"]);
        let Some((_, aside)) = names_of("out", DEAD) else {
            return;
        };
        let aside = root.path().join(aside);
        // Killed while removing the old report's files: one gone already.
        report(&aside, &["results.json", "a.csv", "b.csv"]);
        fs::remove_file(aside.join("a.csv")).unwrap();
        // Killed likewise for report `two`, whose old report the user had
        // edited after the commit's check.
        let two = root.path().join("two");
        report(&two, &["results.json"]);
        let edited = root.path().join(names_of("two", DEAD).unwrap().1);
        report(&edited, &["results.json", "a.csv"]);
        fs::write(edited.join("a.csv"), b"my edit").unwrap();

        let s = super::super::Staging::new(&out).unwrap();
        drop(s);
        assert!(!aside.exists(), "slant's old report removed");
        assert_eq!(
            fs::read(edited.join("a.csv")).unwrap(),
            b"my edit",
            "an edited old report kept whole"
        );
        assert!(edited.join(super::super::MARKER).exists());
        assert_eq!(files(&out).len(), 2, "the report itself untouched");
    }
}
