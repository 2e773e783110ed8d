//! What a report folder's marker lets a rerun replace (issue 9, "Data
//! loss"): only files still as slant wrote them (each listed with its size
//! and XXH3-128; SHA-256 in a marker of the second format), never a file a forged or copied marker names, not the
//! user's edits; a report with a names-only marker (slant up to b3d5d1a)
//! is still replaced; an old report a killed commit left aside is put back.

use std::path::{Path, PathBuf};

use super::output::{analyze, names, small};
use crate::util::{put, snapshot};

fn marker(out: &Path) -> String {
    std::fs::read_to_string(out.join(".slant-report")).expect("a marker")
}

/// A temporary folder with the small corpus analyzed into `out`.
fn analyzed() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    small(tmp.path());
    analyze(tmp.path()).ok();
    let out = tmp.path().join("out");
    (tmp, out)
}

/// The marker slant wrote up to b3d5d1a (format 1, names only) for every
/// file in `out` but the marker.
fn names_only(out: &Path) -> String {
    let listed: String = names(out)
        .iter()
        .filter(|n| *n != ".slant-report")
        .map(|n| format!("{n}\n"))
        .collect();
    format!(
        "slant-report/1\nslant 0.1.0\n\
         # The files slant wrote into this folder. A new run replaces the folder\n\
         # only while it holds nothing else: keep your own files elsewhere.\n{listed}"
    )
}

#[test]
fn the_marker_holds_each_files_digest_and_size() {
    let (tmp, out) = analyzed();
    let text = marker(&out);
    assert!(text.starts_with("slant-report/3\n"), "{text}");
    let mut listed = vec![".slant-report".to_string()];
    for line in text.lines().skip(2).filter(|l| !l.starts_with('#')) {
        let mut parts = line.splitn(3, ' ');
        let (digest, size, name) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert_eq!(size, bytes.len().to_string(), "{name}");
        assert_eq!(digest.len(), 32, "XXH3-128 in hex: {line}");
        listed.push(name.to_string());
    }
    listed.sort();
    assert_eq!(listed, names(&out), "every other file listed");
    analyze(tmp.path()).ok();
    assert_eq!(marker(&out), text, "the same inputs give the same marker");
}

#[test]
fn an_edited_report_stops_the_rerun_and_stays() {
    let (tmp, out) = analyzed();
    let mut md = std::fs::read(out.join("report.md")).unwrap();
    md.extend_from_slice(b"\nMy reading of it: ...\n");
    put(&out, "report.md", &md);
    let before = snapshot(&out);
    let run = analyze(tmp.path()).fails_with(
        "output folder out holds files that differ from what slant wrote there: report.md;",
    );
    assert!(
        run.stderr.contains("move them out of the folder"),
        "{}",
        run.stderr
    );
    assert!(before == snapshot(&out), "the edited report byte-identical");
    assert_eq!(names(tmp.path()), ["out", "small.jsonl"], "nothing staged");

    // Moved away, the rerun goes ahead.
    std::fs::rename(out.join("report.md"), tmp.path().join("mine.md")).unwrap();
    analyze(tmp.path()).ok();
    assert!(out.join("report.md").is_file());
    assert_eq!(std::fs::read(tmp.path().join("mine.md")).unwrap(), md);
}

#[test]
fn a_forged_marker_cannot_give_a_users_file_away() {
    let (tmp, out) = analyzed();
    put(&out, "thesis.tex", b"\\documentclass{article}\n");
    let real = marker(&out);
    // A marker naming the thesis, as if slant had written it (the digest
    // is the XXH3-128 of nothing, `xxhsum -H2 /dev/null`), and one of the
    // names-only format.
    let forged = format!("{real}99aa06d3014798d86001c324468d497f 0 thesis.tex\n");
    let names_only = names_only(&out);
    for (text, want) in [
        (
            forged,
            "holds files that differ from what slant wrote there: thesis.tex;",
        ),
        (names_only, "holds files slant did not write: thesis.tex;"),
    ] {
        put(&out, ".slant-report", text.as_bytes());
        let before = snapshot(&out);
        analyze(tmp.path()).fails_with(want);
        assert!(before == snapshot(&out), "untouched");
    }
    assert_eq!(
        std::fs::read(out.join("thesis.tex")).unwrap(),
        b"\\documentclass{article}\n"
    );
}

#[test]
fn a_report_with_a_names_only_marker_is_replaced() {
    let (tmp, out) = analyzed();
    let want = snapshot(&out);
    // A chart it lists but the new run does not write is replaced too.
    put(&out, "old_chart.png", b"a chart an older run wrote");
    put(&out, ".slant-report", names_only(&out).as_bytes());
    analyze(tmp.path()).ok();
    assert!(
        want == snapshot(&out),
        "the report of today, marker and all"
    );
    assert_eq!(names(tmp.path()), ["out", "small.jsonl"]);
}

/// The marker slant wrote up to 888219a (format 2: SHA-256, size, name)
/// for every file in `out` but the marker, as they are now.
fn sha256_marker(out: &Path) -> String {
    use sha2::Digest;
    let listed: String = names(out)
        .iter()
        .filter(|n| *n != ".slant-report")
        .map(|n| {
            let bytes = std::fs::read(out.join(n)).unwrap();
            let hex: String = sha2::Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            format!("{hex} {} {n}\n", bytes.len())
        })
        .collect();
    format!(
        "slant-report/2\nslant 0.1.0\n\
         # The files slant wrote into this folder: SHA-256, size in bytes, name.\n{listed}"
    )
}

/// A report written before the marker listed XXH3-128 (its marker lists
/// SHA-256) is replaced, and gets today's marker; an edit in such a report
/// is still seen, and stops the rerun with nothing changed.
#[test]
fn a_report_with_a_sha256_marker_is_replaced_and_its_edits_seen() {
    let (tmp, out) = analyzed();
    let want = snapshot(&out);
    put(&out, ".slant-report", sha256_marker(&out).as_bytes());
    analyze(tmp.path()).ok();
    assert!(
        want == snapshot(&out),
        "the report of today, marker and all"
    );
    let mut md = std::fs::read(out.join("report.md")).unwrap();
    put(&out, ".slant-report", sha256_marker(&out).as_bytes());
    let last = md.len() - 1;
    md[last] ^= 1; // same size, one byte changed
    put(&out, "report.md", &md);
    let before = snapshot(&out);
    analyze(tmp.path()).fails_with(
        "output folder out holds files that differ from what slant wrote there: report.md;",
    );
    assert!(before == snapshot(&out), "untouched");
    assert_eq!(names(tmp.path()), ["out", "small.jsonl"]);
}

#[cfg(target_os = "linux")]
#[test]
fn a_report_a_killed_commit_left_aside_is_put_back() {
    let (tmp, out) = analyzed();
    let d = tmp.path();
    put(&out, "notes.md", b"mine");
    let last = snapshot(&out);
    // The state a kill between a commit's two renames leaves: `out` moved
    // aside, the new report not yet in place. The aside folder is named
    // for the machine (the first 8 hex digits of the SHA-256 of its name,
    // as slant names them) and a process that no longer runs (i32::MAX is
    // above any pid Linux hands out).
    use sha2::Digest;
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    let digest = sha2::Sha256::digest(host.trim().as_bytes());
    let tag: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    let staged = format!(".out.slant-{tag}-2147483647-abc123");
    std::fs::rename(&out, d.join(format!("{staged}.old"))).unwrap();
    put(d, &format!("{staged}/results.json"), b"{}");

    // Put back, and then, holding notes, refused as any such report.
    analyze(d).fails_with("holds files slant did not write: notes.md");
    assert!(
        last == snapshot(&out),
        "the last report back, byte for byte"
    );
    assert_eq!(names(d), ["out", "small.jsonl"], "nothing else left");
}
