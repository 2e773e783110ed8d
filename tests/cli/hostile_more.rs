//! More of issue 9's hostile inputs (the audit's F5, F7, F8, F10, F12 and
//! the `train -o` caveat): cases that need a trained model, a symbolic
//! link, a FIFO, another user or a generated corpus, and so do not fit the
//! table of `hostile.rs`.

use std::path::Path;

use serde_json::Value;

use crate::hostile::listing;
use crate::util::{put, seeds, slant, snapshot};

/// Two small documents with matches on both poles.
fn good(dir: &Path) {
    put(
        dir,
        "good.jsonl",
        concat!(
            "{\"id\":\"1\",\"outlet\":\"A\",\"text\":\"Kyiv said the illegal annexation of Crimea was a breach.\"}\n",
            "{\"id\":\"2\",\"outlet\":\"B\",\"text\":\"Kiev said Crimea voted to join Russia.\"}\n"
        )
        .as_bytes(),
    );
}

const REPORT: &[&str] = &["--no-model", "--bootstrap", "100", "--min-docs", "1", "-q"];

/// A model trained on the seeds, as JSON.
fn trained(dir: &Path) -> Value {
    let seeds = seeds();
    slant(
        dir,
        &["train", seeds.to_str().unwrap(), "-o", "m.json", "-q"],
    )
    .ok();
    serde_json::from_slice(&std::fs::read(dir.join("m.json")).unwrap()).unwrap()
}

#[test]
fn a_model_whose_axis_the_lexicons_lack_is_refused_naming_the_field() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    good(dir);
    let mut args = vec!["analyze", "good.jsonl", "--out", "prev"];
    args.extend(REPORT);
    slant(dir, &args).ok();
    let prev = snapshot(&dir.join("prev"));
    let model = trained(dir);

    // The audit's F5: an axis no lexicon defines scored with exit 0 and an
    // empty model_score.
    let mut bad = model.clone();
    bad["axis"]["axis"] = "nope".into();
    put(dir, "bad.json", &serde_json::to_vec(&bad).unwrap());
    let score = [
        "score",
        "--model",
        "bad.json",
        "good.jsonl",
        "--min-docs",
        "1",
        "--bootstrap",
        "100",
        "-q",
        "--out",
        "prev",
    ];
    slant(dir, &score)
        .fails_with("axis.axis is `nope`, which no loaded lexicon defines (axes: russia_ukraine)");
    assert_eq!(snapshot(&dir.join("prev")), prev, "previous report kept");

    // Poles swapped: the classes exist, but the score would flip sign.
    let mut swapped = model.clone();
    let (neg, pos) = (
        model["axis"]["negative"].clone(),
        model["axis"]["positive"].clone(),
    );
    swapped["axis"]["negative"] = pos.clone();
    swapped["axis"]["positive"] = neg;
    put(dir, "bad.json", &serde_json::to_vec(&swapped).unwrap());
    let class = model["classes"][pos.as_u64().unwrap() as usize]
        .as_str()
        .unwrap()
        .to_string();
    slant(dir, &score).fails_with(&format!(
        "axis.negative is class `{class}`, but the negative pole of axis `russia_ukraine`"
    ));
    assert_eq!(snapshot(&dir.join("prev")), prev, "previous report kept");

    // The model as trained scores.
    let mut ok = score.to_vec();
    ok[2] = "m.json";
    slant(dir, &ok).ok();
}

#[test]
fn train_q_leaves_standard_error_empty() {
    // The seeds give notes (the model does not beat guessing on held-out
    // documents), which the audit's F10 found printed under -q.
    let tmp = tempfile::tempdir().unwrap();
    let seeds = seeds();
    let loud = slant(
        tmp.path(),
        &["train", seeds.to_str().unwrap(), "-o", "m.json"],
    )
    .ok();
    assert!(loud.stderr.contains("slant: note:"), "{}", loud.stderr);
    let quiet = slant(
        tmp.path(),
        &["train", seeds.to_str().unwrap(), "-o", "m.json", "-q"],
    )
    .ok();
    assert_eq!(quiet.stderr, "", "train -q printed on stderr");
}

#[cfg(unix)]
#[test]
fn train_o_writes_through_a_symlink_to_a_model() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut old = trained(dir);
    old["slant_version"] = "0.0.0-old".into();
    put(dir, "models/v1.json", &serde_json::to_vec(&old).unwrap());
    std::os::unix::fs::symlink("models/v1.json", dir.join("current.json")).unwrap();
    let seeds = seeds();
    slant(
        dir,
        &["train", seeds.to_str().unwrap(), "-o", "current.json", "-q"],
    )
    .ok();
    let link = std::fs::symlink_metadata(dir.join("current.json")).unwrap();
    assert!(
        link.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    let new: Value =
        serde_json::from_slice(&std::fs::read(dir.join("models/v1.json")).unwrap()).unwrap();
    assert_ne!(
        new["slant_version"], "0.0.0-old",
        "the model the link names was not rewritten"
    );
}

#[cfg(unix)]
#[test]
fn manifest_entries_that_are_not_regular_files_say_what_they_are() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    put(dir, "c/manifest.csv", b"file,outlet\na.txt,A\nb.txt,B\n");
    put(dir, "c/a.txt", b"Kyiv said.");
    let mut args = vec!["analyze", "c", "--out", "o"];
    args.extend(REPORT);

    std::os::unix::fs::symlink("/dev/zero", dir.join("c/b.txt")).unwrap();
    slant(dir, &args).fails_with(
        "c/manifest.csv:3: manifest names `b.txt`, which is a device, not a regular file",
    );

    std::fs::remove_file(dir.join("c/b.txt")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("c/b.txt"))
        .status();
    if made.is_ok_and(|s| s.success()) {
        slant(dir, &args).fails_with(
            "c/manifest.csv:3: manifest names `b.txt`, which is a named pipe (FIFO), not a regular file",
        );
        std::fs::remove_file(dir.join("c/b.txt")).unwrap();
    } else {
        eprintln!("mkfifo not available: the FIFO case is not run");
    }

    // A symlink inside the folder is followed wherever it points: placing
    // it is the user's act (README, Input).
    put(dir, "elsewhere/b.txt", b"Kiev said.");
    std::os::unix::fs::symlink("../elsewhere/b.txt", dir.join("c/b.txt")).unwrap();
    slant(dir, &args).ok();
}

#[test]
fn an_out_name_longer_than_a_file_name_may_be_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    good(tmp.path());
    let out = "r".repeat(300);
    let mut args = vec!["analyze", "good.jsonl", "--out", &out];
    args.extend(REPORT);
    slant(tmp.path(), &args).fails_with(
        "is 300 bytes, longer than the 255 bytes a file name may have; choose a shorter name",
    );
}

/// The audit's F8: one long text without sentence ends was quoted whole in
/// several places (a 4.6 MB document gave a 62 MB report). 40,000 words
/// drawn from the lexicon's terms and fillers, about 280 KB.
#[test]
fn a_sentence_without_end_is_quoted_by_a_window() {
    let words = [
        "Kyiv",
        "Kiev",
        "Crimea",
        "annexation",
        "illegal",
        "referendum",
        "Russia",
        "Ukraine",
        "voted",
        "join",
        "occupation",
        "said",
        "the",
        "of",
        "a",
        "and",
        "in",
        "to",
    ];
    // a fixed LCG, so the text is the same on every run
    let mut x: u64 = 3;
    let text: Vec<&str> = (0..40_000)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            words[(x >> 33) as usize % words.len()]
        })
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let short = "Kiev said Crimea voted to join Russia.";
    put(
        dir,
        "long.jsonl",
        format!(
            "{{\"id\":\"1\",\"outlet\":\"A\",\"text\":\"{}\"}}\n{{\"id\":\"2\",\"outlet\":\"B\",\"text\":\"{short}\"}}\n",
            text.join(" ")
        )
        .as_bytes(),
    );
    let input = std::fs::metadata(dir.join("long.jsonl")).unwrap().len();
    let mut args = vec!["analyze", "long.jsonl", "--out", "o"];
    args.extend(REPORT);
    slant(dir, &args).ok();
    // Before the window each of these held the sentence once or more, and
    // its marks: results.json 5 times the input, report.html 4, report.md 2.
    let size = |file: &str| std::fs::metadata(dir.join("o").join(file)).unwrap().len();
    for file in ["results.json", "report.md", "sentences.csv"] {
        assert!(
            size(file) < input / 4,
            "{file}: {} bytes of {input}",
            size(file)
        );
    }
    // report.html embeds its charts, about 90 KB whatever the corpus
    assert!(size("report.html") < 150_000, "{}", size("report.html"));
    let results: Value =
        serde_json::from_slice(&std::fs::read(dir.join("o/results.json")).unwrap()).unwrap();
    let evidence = results["evidence"].as_array().unwrap();
    for e in evidence {
        let text = e["text"].as_str().unwrap();
        match e["outlet"].as_str().unwrap() {
            // 1,000 bytes and the cut marks
            "A" => {
                assert!(text.len() <= 1000 + 2 * '…'.len_utf8(), "{}", text.len());
                assert!(text.ends_with('…'), "{text}");
                for m in e["marks"].as_array().unwrap() {
                    let (s, t) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
                    assert!(text.is_char_boundary(s as usize) && t as usize <= text.len());
                }
            }
            // a sentence under the cap is quoted whole
            _ => assert_eq!(text, short),
        }
    }
    assert!(evidence.iter().any(|e| e["outlet"] == "A"));
}

/// The audit's F7: a read-only report folder was replaced, and its old copy
/// (`.rep.slant-….old`) left beside it at every run. It is now refused
/// before any work. Root may write into a read-only folder, so as root the
/// runs are made as `nobody` with setpriv (as the audit did); without
/// setpriv, root skips the check, saying so.
#[cfg(unix)]
#[test]
fn a_read_only_report_folder_is_refused_and_leaves_nothing_beside_it() {
    use std::os::unix::fs::PermissionsExt;
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    let setpriv = root
        && std::process::Command::new("setpriv")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
    if root && !setpriv {
        eprintln!("running as root without setpriv: a read-only folder is writable, not checked");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    good(dir);
    let run = || {
        let mut cmd = if setpriv {
            let mut c = std::process::Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(env!("CARGO_BIN_EXE_slant"));
            c
        } else {
            std::process::Command::new(env!("CARGO_BIN_EXE_slant"))
        };
        cmd.args(["analyze", "good.jsonl", "--out", "rep"])
            .args(REPORT)
            .current_dir(dir)
            .output()
            .unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let rep = dir.join("rep");
    std::fs::set_permissions(&rep, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = snapshot(&rep);
    let entries = listing(dir);
    for _ in 0..2 {
        let again = run();
        let stderr = String::from_utf8_lossy(&again.stderr);
        assert_eq!(again.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("output folder rep is a slant report whose files cannot be replaced")
                && stderr.contains("chmod u+w rep"),
            "{stderr}"
        );
        assert_eq!(listing(dir), entries, "left beside the report");
        assert_eq!(snapshot(&rep), before, "report changed");
    }
    std::fs::set_permissions(&rep, std::fs::Permissions::from_mode(0o755)).unwrap();
}
