//! Tests of report folders: staging, markers, and what is never replaced.

use super::*;

fn put(dir: &Path, name: &str, bytes: &[u8]) {
    let p = dir.join(name);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, bytes).unwrap();
}

/// Writes a report of `files` into `target` and returns its marker.
fn report(target: &Path, files: &[&str]) -> String {
    let s = Staging::new(target).unwrap();
    for f in files {
        s.write(f, f.as_bytes()).unwrap();
    }
    s.commit().unwrap();
    fs::read_to_string(target.join(MARKER)).unwrap()
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn commit_replaces_a_report_and_drop_leaves_nothing() {
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("out");
    report(&target, &[RESULTS, "a.csv"]);
    assert_eq!(fs::read(target.join("a.csv")).unwrap(), b"a.csv");

    let s = Staging::new(&target).unwrap();
    s.write("a.csv", b"half").unwrap();
    drop(s); // a failed run
    assert_eq!(fs::read(target.join("a.csv")).unwrap(), b"a.csv");
    assert_eq!(names(root.path()), ["out"], "no staging folder left");

    report(&target, &[RESULTS]);
    assert!(!target.join("a.csv").exists(), "old files replaced");
    assert_eq!(names(root.path()), ["out"], "nothing set aside left");
}

#[test]
fn the_marker_lists_the_files_written_sorted_and_nothing_else() {
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("out");
    let marker = report(&target, &["b.csv", RESULTS, "a.png"]);
    // Each file holds its own name; the digests are XXH3-128, `printf a.png
    // | xxhsum -H2` (or Python's `xxhash.xxh3_128_hexdigest(b"a.png")`) and
    // so on.
    let want = format!(
        "slant-report/3\nslant {}\n\
         # The files slant wrote into this folder: XXH3-128, size in bytes, name.\n\
         # A new run replaces the folder only while it holds these files as they\n\
         # are listed and nothing else: keep your own files and edits elsewhere.\n\
         cba71cc9643b03d259a0a178a44e60e3 5 a.png\n\
         1a21376256d59ec5df1c8f911b54e46f 5 b.csv\n\
         e2784c7e4d1afeaad7639e440e5a07cd 12 results.json\n",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(marker, want);
    assert_eq!(
        names(&target),
        [MARKER, "a.png", "b.csv", "results.json"],
        "no pid file in the report"
    );
    assert_eq!(report(&target, &["b.csv", RESULTS, "a.png"]), want);
}

/// A folder's entries: name (ending in `/` for a folder) and content.
type Files<'a> = &'a [(&'a str, &'a str)];

/// What `check_target` says about a folder of `files`.
fn verdict(files: Files) -> Result<(), String> {
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("out");
    fs::create_dir(&target).unwrap();
    for (name, text) in files {
        match name.strip_suffix('/') {
            Some(dir) => fs::create_dir_all(target.join(dir)).unwrap(),
            None => put(&target, name, text.as_bytes()),
        }
    }
    check_target(&target).map(drop).map_err(|e| match e {
        OutputError::Foreign { entries, .. } => format!("foreign: {entries}"),
        OutputError::NotAReport { entries, .. } => format!("not a report: {entries}"),
        OutputError::Edited { entries, .. } => format!("edited: {entries}"),
        other => other.to_string(),
    })
}

/// A `results.json` as slant wrote it before markers (ed7e765 to
/// 9709fff^): the fields every version wrote, the rest left out.
const OLD: &str = r#"{"run": {"slant_version": "0.1.0", "command": "analyze",
  "inputs": ["a.jsonl"], "options": {}, "lexicons": []},
 "corpus": {"documents": 3, "outlets": 2, "tokens": 9},
 "lexicon": {"axes": [], "frames": []}, "outlets": [], "evidence": []}"#;

/// The same with the `tables` list later versions write.
const LISTED: &str = r#"{"run": {"slant_version": "0.1.0", "command": "analyze",
  "inputs": ["-"], "lexicons": []}, "corpus": {"documents": 3, "outlets": 2},
 "lexicon": {"axes": []}, "tables": {"outlets.csv.gz": 2, "dfm.mtx": 5}, "outlets": []}"#;

/// The marker slant writes for a folder of `files`.
fn marker_of(files: Files) -> String {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        put(dir.path(), name, text.as_bytes());
    }
    marker_text(
        dir.path(),
        files.iter().map(|f| f.0.to_string()).collect(),
        &Default::default(),
    )
    .unwrap()
}

/// A marker as slant up to b3d5d1a wrote it: names only.
const NAMES_ONLY: &str = "slant-report/1\nslant 0.1.0\n\
    # The files slant wrote into this folder. A new run replaces the folder\n\
    # only while it holds nothing else: keep your own files elsewhere.\n\
    outlets.csv\nreport.md\nresults.json\nthesis.tex\nx.png\n";

#[test]
fn what_may_be_replaced() {
    let marker = marker_of(&[(RESULTS, "{}"), ("a.csv", "")]);
    let m = marker.as_str();
    // A marker copied from elsewhere, or forged, naming a user's file.
    let forged = marker_of(&[(RESULTS, "{}"), ("thesis.tex", "slant's")]);
    let forged = forged.as_str();
    let v1 = NAMES_ONLY;
    let cut = &OLD[..OLD.len() - 1];
    let unnamed = OLD.replace("\"0.1.0\"", "\"\"");
    let unnamed = unnamed.as_str();
    let mistyped = OLD.replace("\"outlets\": []", "\"outlets\": {}");
    let mistyped = mistyped.as_str();
    let cases: &[(Files, Result<(), &str>)] = &[
        (&[], Ok(())),
        (&[(MARKER, m), (RESULTS, "{}"), ("a.csv", "")], Ok(())),
        (&[(MARKER, m), (RESULTS, "{}")], Ok(())),
        (
            &[(MARKER, m), (RESULTS, "{}"), ("notes.md", ""), ("nb/", "")],
            Err("foreign: nb/, notes.md"),
        ),
        // Listed by name, but now a folder: someone else's.
        (&[(MARKER, m), ("a.csv/", "")], Err("foreign: a.csv/")),
        // Listed, but no longer as slant wrote it: edited, or never slant's.
        (
            &[(MARKER, m), (RESULTS, "{}"), ("a.csv", "my edit")],
            Err("edited: a.csv"),
        ),
        (
            &[(MARKER, m), (RESULTS, "{ }"), ("a.csv", "")],
            Err("edited: results.json"),
        ),
        (
            &[
                (MARKER, forged),
                (RESULTS, "{}"),
                ("thesis.tex", "my thesis"),
            ],
            Err("edited: thesis.tex"),
        ),
        (
            &[(MARKER, m), ("a.csv", "x"), ("notes.md", "")],
            Err("foreign: notes.md"),
        ),
        // A marker of the first format (names only): the files it lists
        // that a report holds, beside slant's own results.json.
        (
            &[
                (MARKER, v1),
                (RESULTS, OLD),
                ("outlets.csv", "1"),
                ("report.md", "edited, undetectably"),
                ("x.png", ""),
            ],
            Ok(()),
        ),
        (
            &[(MARKER, v1), (RESULTS, OLD), ("thesis.tex", "mine")],
            Err("foreign: thesis.tex"),
        ),
        (
            &[
                (MARKER, v1),
                (RESULTS, OLD),
                ("y.png", ""),
                ("notes.md", ""),
            ],
            Err("foreign: notes.md, y.png"),
        ),
        (
            &[(MARKER, v1), (RESULTS, "{}"), ("outlets.csv", "")],
            Err("not a report: .slant-report, outlets.csv, results.json"),
        ),
        // Legacy reports: slant's results.json, and files such a report
        // holds.
        (
            &[
                (RESULTS, OLD),
                ("report.md", ""),
                ("outlets.csv", ""),
                ("x.svg", ""),
                ("y.png", ""),
            ],
            Ok(()),
        ),
        (
            &[(RESULTS, OLD), ("src/main.py", ""), ("thesis.tex", "")],
            Err("foreign: src/, thesis.tex"),
        ),
        (
            &[(RESULTS, OLD), ("notes.md", ""), ("outlets.csv/", "")],
            Err("foreign: notes.md, outlets.csv/"),
        ),
        // A table no old version wrote.
        (
            &[(RESULTS, OLD), ("survey.csv", "")],
            Err("foreign: survey.csv"),
        ),
        // Later reports list their tables; those alone go.
        (
            &[
                (RESULTS, LISTED),
                ("outlets.csv.gz", ""),
                ("dfm.mtx", ""),
                ("report.html", ""),
            ],
            Ok(()),
        ),
        (
            &[(RESULTS, LISTED), ("outlets.csv", "")],
            Err("foreign: outlets.csv"),
        ),
        // A results.json slant did not write makes a folder someone else's.
        (
            &[(RESULTS, "{}"), ("survey.csv", ""), ("report.md", "")],
            Err("not a report: report.md, results.json, survey.csv"),
        ),
        (
            &[(RESULTS, cut), ("report.md", "")],
            Err("not a report: report.md, results.json"),
        ),
        (
            &[(RESULTS, unnamed), ("report.md", "")],
            Err("not a report: report.md, results.json"),
        ),
        (&[(RESULTS, mistyped)], Err("not a report: results.json")),
        // A marker slant cannot read makes it a legacy report at best.
        (
            &[(MARKER, "hello"), (RESULTS, OLD)],
            Err("foreign: .slant-report"),
        ),
        (
            &[(MARKER, "hello"), (RESULTS, "{}")],
            Err("not a report: .slant-report, results.json"),
        ),
        (
            &[("a", ""), ("b", ""), ("c", ""), ("d", ""), ("e", "")],
            Err("not a report: a, b, c and 2 more"),
        ),
    ];
    for (files, want) in cases {
        assert_eq!(
            verdict(files),
            want.map_err(String::from),
            "{:?}",
            files.iter().map(|f| f.0).collect::<Vec<_>>()
        );
    }
}

#[test]
fn refusing_removes_nothing_and_creates_nothing() {
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("out");
    report(&target, &[RESULTS, "a.csv"]);
    put(&target, "notes.md", b"mine");
    let err = Staging::new(&target).unwrap_err();
    assert!(matches!(err, OutputError::Foreign { .. }), "{err}");
    assert!(err.to_string().contains("notes.md"), "{err}");
    assert_eq!(names(&target), [MARKER, "a.csv", "notes.md", RESULTS]);
    assert_eq!(names(root.path()), ["out"]);
}

#[test]
fn files_added_during_a_run_stop_the_commit_and_keep_both() {
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("out");
    report(&target, &[RESULTS]);
    let s = Staging::new(&target).unwrap();
    s.write(RESULTS, b"new").unwrap();
    put(&target, "notes.md", b"mine");
    let err = s.commit().unwrap_err();
    let OutputError::Changed { staged, .. } = &err else {
        panic!("{err}");
    };
    assert_eq!(fs::read(target.join("notes.md")).unwrap(), b"mine");
    assert_eq!(fs::read(target.join(RESULTS)).unwrap(), RESULTS.as_bytes());
    assert_eq!(fs::read(staged.join(RESULTS)).unwrap(), b"new");
    assert!(err.to_string().contains(&staged.display().to_string()));
}

#[test]
fn an_edited_file_is_refused_before_work_and_during_a_run() {
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("out");
    report(&target, &[RESULTS, "report.md"]);
    put(&target, "report.md", b"report.md and my notes");
    let err = Staging::new(&target).unwrap_err();
    assert!(matches!(err, OutputError::Edited { .. }), "{err}");
    assert!(err.to_string().contains(": report.md; "), "{err}");
    assert_eq!(
        fs::read(target.join("report.md")).unwrap(),
        b"report.md and my notes"
    );
    assert_eq!(names(root.path()), ["out"], "nothing staged");

    // Edited while a run writes the new report: both are kept.
    put(&target, "report.md", b"report.md");
    let s = Staging::new(&target).unwrap();
    s.write("report.md", b"new").unwrap();
    put(&target, "report.md", b"report.md, edited");
    let err = s.commit().unwrap_err();
    let OutputError::Changed {
        staged, entries, ..
    } = &err
    else {
        panic!("{err}");
    };
    assert_eq!(entries, "report.md");
    assert_eq!(
        fs::read(target.join("report.md")).unwrap(),
        b"report.md, edited"
    );
    assert_eq!(fs::read(staged.join("report.md")).unwrap(), b"new");
}

#[test]
fn links_files_and_files_in_the_way_are_refused() {
    let root = tempfile::tempdir().unwrap();
    put(root.path(), "file", b"x");
    let err = Staging::new(&root.path().join("file")).unwrap_err();
    assert!(matches!(err, OutputError::NotAFolder(_)), "{err}");
    let err = Staging::new(&root.path().join("file/out")).unwrap_err();
    assert!(
        matches!(&err, OutputError::ParentNotAFolder { parent, .. } if parent.ends_with("file")),
        "{err}"
    );
    #[cfg(unix)]
    {
        let real = root.path().join("real");
        report(&real, &[RESULTS]);
        let link = root.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let err = Staging::new(&link).unwrap_err();
        assert!(matches!(err, OutputError::Symlink { .. }), "{err}");
        assert!(real.join(RESULTS).exists());
    }
}

#[cfg(unix)]
#[test]
fn a_new_report_is_0755_and_a_replaced_one_keeps_its_mode() {
    use super::super::tests::{mode, umask};
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("out");
    report(&target, &[RESULTS]);
    assert_eq!(mode(&target), 0o755 & !umask(), "not tempfile's 0700");
    assert_eq!(mode(&target.join(RESULTS)), 0o644 & !umask());
    fs::set_permissions(&target, fs::Permissions::from_mode(0o750)).unwrap();
    report(&target, &[RESULTS]);
    assert_eq!(mode(&target), 0o750, "mode kept");
}

#[test]
fn a_file_browsers_files_are_carried_into_the_new_report() {
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("out");
    report(&target, &[RESULTS, "a.csv"]);
    // Finder and Explorer write these into a folder they show
    put(&target, ".DS_Store", b"finder");
    put(&target, "Thumbs.db", b"explorer");
    report(&target, &[RESULTS, "b.csv"]);
    assert_eq!(
        names(&target),
        [".DS_Store", MARKER, "Thumbs.db", "b.csv", RESULTS],
        "the old report's files replaced, the browser's kept"
    );
    assert_eq!(fs::read(target.join(".DS_Store")).unwrap(), b"finder");
    assert_eq!(fs::read(target.join("Thumbs.db")).unwrap(), b"explorer");
    assert_eq!(names(root.path()), ["out"], "nothing set aside left");
    // not listed as slant's, so carried again the next time
    assert!(!fs::read_to_string(target.join(MARKER))
        .unwrap()
        .contains(".DS_Store"));

    // a folder holding only a browser's file is as good as empty
    let only = root.path().join("only");
    put(&only, ".DS_Store", b"finder");
    report(&only, &[RESULTS]);
    assert_eq!(fs::read(only.join(".DS_Store")).unwrap(), b"finder");

    // a user's own file beside them still stops the run
    put(&target, "notes.md", b"mine");
    assert!(matches!(
        Staging::new(&target),
        Err(OutputError::Foreign { .. })
    ));
}

/// Files hashed ahead give the marker the lines hashing them at the end
/// gives; a file whose size changed after is hashed again.
#[test]
fn files_hashed_ahead_give_the_same_marker() {
    let root = tempfile::tempdir().unwrap();
    let marker = |ahead: &[&str], rewrite: bool| {
        let target = root.path().join("out");
        let s = Staging::new(&target).unwrap();
        s.write("a.csv", b"a.csv").unwrap();
        s.write("b.csv", b"first").unwrap();
        s.hash_ahead(ahead.iter().copied().chain(["missing.csv"]));
        if rewrite {
            s.write("b.csv", b"b.csv, longer").unwrap();
        }
        s.write(RESULTS, b"{}").unwrap();
        s.commit().unwrap();
        fs::read_to_string(target.join(MARKER)).unwrap()
    };
    let plain = marker(&[], false);
    assert!(
        plain.contains(" 5 a.csv\n") && plain.contains(" 5 b.csv\n"),
        "{plain}"
    );
    assert_eq!(marker(&["a.csv", "b.csv"], false), plain);
    let rewritten = marker(&[], true);
    assert_ne!(rewritten, plain);
    assert_eq!(marker(&["a.csv", "b.csv"], true), rewritten);
}
