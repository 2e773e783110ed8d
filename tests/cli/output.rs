//! What slant may overwrite: report folders only while they hold nothing
//! but slant's files, models and dictionaries only when asked; file modes
//! kept; no staging folder left by a signal or a dead run.

use std::path::Path;

use crate::util::{put, root, seeds, slant, snapshot};

/// A corpus of three short documents, quick to analyze.
pub(super) fn small(dir: &Path) {
    put(
        dir,
        "small.jsonl",
        b"{\"id\":\"1\",\"outlet\":\"A\",\"text\":\"The Kiev regime.\"}\n\
          {\"id\":\"2\",\"outlet\":\"B\",\"text\":\"In Kyiv, the illegal annexation.\"}\n\
          {\"id\":\"3\",\"outlet\":\"B\",\"text\":\"Kyiv said so.\"}\n",
    );
}

/// `slant analyze small.jsonl --out out`, lexicon scores only.
pub(super) fn analyze(dir: &Path) -> crate::util::Run {
    slant(
        dir,
        &[
            "analyze",
            "small.jsonl",
            "--out",
            "out",
            "--no-model",
            "--no-compare",
            "-q",
        ],
    )
}

/// The names in `dir`, sorted.
pub(super) fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Hidden staging folders in `dir`.
fn staging(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.starts_with('.') && n.contains(".slant-"))
        .collect()
}

#[test]
fn a_report_gets_a_marker_and_is_replaced_on_a_rerun() {
    let tmp = tempfile::tempdir().unwrap();
    small(tmp.path());
    analyze(tmp.path()).ok();
    let out = tmp.path().join("out");
    let marker = std::fs::read_to_string(out.join(".slant-report")).unwrap();
    // XXH3-128, size, name (see output_marker.rs)
    let mut listed: Vec<&str> = marker
        .lines()
        .skip(2)
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.splitn(3, ' ').nth(2))
        .collect();
    listed.push(".slant-report");
    listed.sort();
    assert_eq!(listed, names(&out), "the marker lists every other file");
    let before = snapshot(&out);
    analyze(tmp.path()).ok();
    assert!(before == snapshot(&out), "a rerun writes the same bytes");
    assert_eq!(names(tmp.path()), ["out", "small.jsonl"]);
}

#[test]
fn notes_added_to_a_report_stop_the_rerun_and_stay() {
    let tmp = tempfile::tempdir().unwrap();
    small(tmp.path());
    analyze(tmp.path()).ok();
    let out = tmp.path().join("out");
    let before = snapshot(&out);
    put(&out, "notes.md", b"my notes");
    put(&out, "nb/analysis.ipynb", b"{}");
    let run = analyze(tmp.path()).fails_with("holds files slant did not write: nb/, notes.md");
    assert!(run.stderr.contains("out"), "{}", run.stderr);
    assert!(
        run.stderr.contains("choose another --out"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(out.join("notes.md")).unwrap(), b"my notes");
    assert_eq!(std::fs::read(out.join("nb/analysis.ipynb")).unwrap(), b"{}");
    let mut now = snapshot(&out);
    now.remove("notes.md");
    assert!(before == now, "the report is untouched");
    assert_eq!(staging(tmp.path()), Vec::<String>::new());

    // Moved out, the rerun goes ahead.
    std::fs::remove_file(out.join("notes.md")).unwrap();
    std::fs::remove_dir_all(out.join("nb")).unwrap();
    analyze(tmp.path()).ok();
}

#[test]
fn a_folder_without_a_marker_is_replaced_only_if_slant_wrote_it() {
    let tmp = tempfile::tempdir().unwrap();
    small(tmp.path());
    let out = tmp.path().join("out");
    // A results.json slant did not write: not a report, whatever else.
    put(&out, "results.json", b"{}");
    put(&out, "survey.csv", b"q1,q2\n");
    put(&out, "report.md", b"# my report\n");
    let before = snapshot(&out);
    analyze(tmp.path()).fails_with(
        "output folder out exists and is not a slant report: it holds report.md, results.json, survey.csv; choose a new or empty folder with --out",
    );
    assert!(before == snapshot(&out), "untouched");
    assert_eq!(names(tmp.path()), ["out", "small.jsonl"], "nothing staged");

    // A real report with its marker removed, as reports before markers
    // were: replaced, unless it holds something else.
    std::fs::remove_dir_all(&out).unwrap();
    analyze(tmp.path()).ok();
    std::fs::remove_file(out.join(".slant-report")).unwrap();
    put(&out, "survey.csv", b"q1,q2\n");
    put(&out, "src/main.py", b"print(1)");
    analyze(tmp.path()).fails_with("holds files slant did not write: src/, survey.csv");
    assert_eq!(std::fs::read(out.join("survey.csv")).unwrap(), b"q1,q2\n");
    assert!(out.join("src/main.py").is_file());
    std::fs::remove_file(out.join("survey.csv")).unwrap();
    std::fs::remove_dir_all(out.join("src")).unwrap();
    put(&out, "old.png", b"a chart of an older run");
    analyze(tmp.path()).ok();
    assert!(out.join(".slant-report").is_file());
    assert!(
        !out.join("old.png").exists(),
        "the old report replaced whole"
    );
}

#[cfg(unix)]
#[test]
fn an_out_ending_in_a_slash_or_a_dot_is_checked_before_work() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    small(d);
    std::fs::create_dir(d.join("real")).unwrap();
    std::os::unix::fs::symlink("real", d.join("link")).unwrap();
    let run = |out: &str| {
        slant(
            d,
            &["analyze", "small.jsonl", "--out", out, "--no-model", "-q"],
        )
    };
    // The slash would have the link followed: it is still a link.
    run("link/").fails_with("output folder link is a symbolic link (to real)");
    assert_eq!(names(&d.join("real")), Vec::<String>::new());
    // `.` and `..` name a folder no report can be renamed onto.
    let here = std::fs::canonicalize(d).unwrap();
    for out in [".", "real/.."] {
        let failed = run(out).fails_with(&format!("output folder {out} ends in `.` or `..`"));
        let want = format!(
            "give the folder its own name, as in --out {}",
            here.display()
        );
        assert!(failed.stderr.contains(&want), "{}", failed.stderr);
    }
    assert_eq!(names(d), ["link", "real", "small.jsonl"], "nothing staged");
    // A trailing `.` or slash names the folder itself, which is written.
    run("./rep/.").ok();
    run("rep/").ok();
    assert!(d.join("rep/.slant-report").is_file());
    assert_eq!(names(d), ["link", "real", "rep", "small.jsonl"]);
}

#[test]
fn a_folder_that_is_not_a_report_names_what_it_holds() {
    let tmp = tempfile::tempdir().unwrap();
    small(tmp.path());
    for name in ["a.tex", "b.tex", "c.tex", "d.tex"] {
        put(&tmp.path().join("out"), name, b"precious");
    }
    let run = analyze(tmp.path()).fails_with("is not a slant report");
    assert!(
        run.stderr.contains("a.tex, b.tex, c.tex and 1 more"),
        "{}",
        run.stderr
    );
    assert_eq!(names(&tmp.path().join("out")).len(), 4);
}

#[cfg(unix)]
#[test]
fn an_out_that_is_a_link_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    small(tmp.path());
    std::fs::create_dir(tmp.path().join("real")).unwrap();
    std::os::unix::fs::symlink("real", tmp.path().join("out")).unwrap();
    analyze(tmp.path()).fails_with("output folder out is a symbolic link (to real)");
    assert!(tmp.path().join("out").is_symlink());
    assert_eq!(names(&tmp.path().join("real")), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_report_folder_is_0755_and_a_replaced_one_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    small(tmp.path());
    analyze(tmp.path()).ok();
    let out = tmp.path().join("out");
    assert_eq!(mode(&out), 0o755 & !umask());
    assert_eq!(mode(&out.join("results.json")), 0o644 & !umask());
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o700)).unwrap();
    analyze(tmp.path()).ok();
    assert_eq!(mode(&out), 0o700);
}

#[test]
fn train_replaces_a_model_but_nothing_else_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    put(d, "m.json", b"precious");
    // Refused before any work: the corpus, which does not exist, is not read.
    let run = slant(d, &["train", "no-such-corpus", "-o", "m.json"])
        .fails_with("m.json exists and is not a slant model");
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(std::fs::read(d.join("m.json")).unwrap(), b"precious");
    // --force lets it through to the corpus, where this run fails.
    slant(d, &["train", "no-such-corpus", "-o", "m.json", "--force"]).fails_with("no-such-corpus");
    assert_eq!(std::fs::read(d.join("m.json")).unwrap(), b"precious");
    slant(d, &["train", "no-such-corpus", "-o", "m.json/x.json"])
        .fails_with("m.json is a file, not a folder");

    // A slant model is replaced without asking, and keeps its mode.
    put(d, "model.json", b"{\"format\": \"slant-model/1\"}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perm = std::fs::Permissions::from_mode(0o600);
        std::fs::set_permissions(d.join("model.json"), perm).unwrap();
    }
    slant(
        &root(),
        &[
            "train",
            seeds().to_str().unwrap(),
            "-o",
            d.join("model.json").to_str().unwrap(),
            "-q",
        ],
    )
    .ok();
    let model = std::fs::read_to_string(d.join("model.json")).unwrap();
    assert!(model.contains("\"classifier\""), "a whole model now");
    #[cfg(unix)]
    assert_eq!(mode(&d.join("model.json")), 0o600);
}

#[test]
fn convert_overwrites_only_with_force() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let words = root().join("tests/fixtures/dictionaries/words.txt");
    let words = words.to_str().unwrap();
    put(d, "mine.yml", b"mine: [x]\n");
    let run = slant(d, &["lexicon", "convert", words, "mine.yml"])
        .fails_with("mine.yml exists; slant will not overwrite it");
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(std::fs::read(d.join("mine.yml")).unwrap(), b"mine: [x]\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perm = std::fs::Permissions::from_mode(0o640);
        std::fs::set_permissions(d.join("mine.yml"), perm).unwrap();
    }
    slant(d, &["lexicon", "convert", words, "mine.yml", "--force"]).ok();
    assert_ne!(std::fs::read(d.join("mine.yml")).unwrap(), b"mine: [x]\n");
    slant(d, &["lexicon", "convert", words, "new.yml"]).ok();
    #[cfg(unix)]
    {
        assert_eq!(mode(&d.join("mine.yml")), 0o640, "mode kept");
        assert_eq!(mode(&d.join("new.yml")), 0o644 & !umask(), "not 0600");
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The umask slant inherits from this process (Linux says it; elsewhere
/// the usual 022 is assumed).
#[cfg(unix)]
fn umask() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|m| u32::from_str_radix(m.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}

/// A corpus big enough that analyzing it takes seconds: distinct
/// documents, so that every stage has work.
#[cfg(unix)]
fn big(dir: &Path) {
    let mut text = Vec::new();
    for i in 0..1500 {
        let body = format!(
            "Report {i}. In Kyiv officials said the illegal annexation of Crimea {i} \
             was a breach, while Moscow spoke of the Kiev regime and a special military \
             operation near {}. Analysts in Bloomberg number {} disagreed. ",
            i * 7,
            i % 13
        )
        .repeat(20);
        let line =
            serde_json::json!({"id": i.to_string(), "outlet": format!("O{}", i % 5), "text": body});
        text.extend_from_slice(line.to_string().as_bytes());
        text.push(b'\n');
    }
    put(dir, "big.jsonl", &text);
}

#[cfg(unix)]
#[test]
fn a_signal_or_a_kill_never_touches_the_old_report_and_leaves_nothing_for_long() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let tmp = tempfile::tempdir().unwrap();
    small(tmp.path());
    big(tmp.path());
    analyze(tmp.path()).ok();
    let before = snapshot(&tmp.path().join("out"));
    for signal in ["-INT", "-TERM", "-KILL"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_slant"))
            .args(["analyze", "big.jsonl", "--out", "out", "-q"])
            .current_dir(tmp.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run slant");
        // The staging folder appears once the run has checked its inputs
        // and is about to read the corpus: interrupt it then.
        let deadline = Instant::now() + Duration::from_secs(120);
        while staging(tmp.path()).is_empty() {
            let done = child.try_wait().expect("poll slant");
            assert!(done.is_none(), "slant ended before the signal: {done:?}");
            assert!(Instant::now() < deadline, "no staging folder appeared");
            std::thread::sleep(Duration::from_millis(5));
        }
        let done = crate::util::stop(child, signal);
        assert!(before == snapshot(&tmp.path().join("out")), "{signal}");
        if signal == "-KILL" {
            // Killed outright, slant can remove nothing: its staging folder
            // stays until the next run into the same folder removes it.
            assert_eq!(done.status.code(), None, "killed by a signal");
            assert_eq!(staging(tmp.path()).len(), 1, "the dead run's folder");
            analyze(tmp.path()).ok();
            assert_eq!(staging(tmp.path()), Vec::<String>::new(), "removed");
            continue;
        }
        assert_eq!(
            done.status.code(),
            Some(130),
            "{signal}: {}",
            String::from_utf8_lossy(&done.stderr)
        );
        assert_eq!(staging(tmp.path()), Vec::<String>::new(), "{signal}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn the_next_run_removes_staging_folders_of_dead_runs_only() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    small(d);
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    let host = host.trim();
    // i32::MAX is above any pid Linux hands out, so that run is dead.
    let dead = format!("2147483647\n{host}\n");
    let live = format!("{}\n{host}\n", std::process::id());
    put(d, ".out.slant-dead01/.pid", dead.as_bytes());
    put(d, ".out.slant-dead01/outlets.csv", b"half");
    put(d, ".other.slant-dead02/.pid", dead.as_bytes());
    put(d, ".out.slant-live01/.pid", live.as_bytes());
    put(
        d,
        ".out.slant-nopid1/outlets.csv",
        b"no pid: not ours to judge",
    );
    analyze(d).ok();
    assert_eq!(
        staging(d),
        [".out.slant-live01", ".out.slant-nopid1"],
        "dead runs' folders removed, a live run's kept"
    );
}
