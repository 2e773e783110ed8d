//! Help that teaches: every subcommand's `--help` ends with examples, the
//! examples on the seeds run as printed, completions and man pages come from
//! the same definitions, and a closed output pipe is never an error.

use std::path::Path;
use std::process::{Command, Stdio};

use super::util::{root, slant};

/// Every subcommand, as typed after `slant`.
const SUBCOMMANDS: [&[&str]; 16] = [
    &["analyze"],
    &["train"],
    &["score"],
    &["evaluate"],
    &["compare"],
    &["kwic"],
    &["lexicon", "check"],
    &["lexicon", "suggest"],
    &["lexicon", "stats"],
    &["lexicon", "convert"],
    &["rerun"],
    // in this order: report's examples read merge's output, merge's map's
    &["map"],
    &["merge"],
    &["report"],
    &["completions"],
    &["man"],
];

/// The example command lines of a help text: the `slant ...` lines after
/// its "Examples:" heading.
fn examples(help: &str) -> Vec<String> {
    let Some(tail) = help.split("\nExamples:\n").nth(1) else {
        return Vec::new();
    };
    tail.lines()
        .map(str::trim)
        .filter(|l| l.starts_with("slant "))
        .map(String::from)
        .collect()
}

fn help_of(sub: &[&str]) -> String {
    let mut args = sub.to_vec();
    args.push("--help");
    slant(&root(), &args).ok().stdout
}

#[test]
fn every_subcommand_help_ends_with_examples() {
    for sub in SUBCOMMANDS {
        let help = help_of(sub);
        let ex = examples(&help);
        assert!(ex.len() >= 2, "{sub:?}: {} examples\n{help}", ex.len());
        for line in &ex {
            let words: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(&words[1..=sub.len()], sub, "{sub:?}: {line}");
        }
    }
}

/// Copies `from` (a folder of files) to `to`.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn the_examples_on_the_seeds_run_as_printed() {
    // In a copy of the repository's seeds and lexicons, with `slant` on the
    // PATH, through bash with pipefail so that a piped example fails if
    // slant does. Examples naming files a clone does not hold (corpus.jsonl,
    // mydict.dic, ...) are for the reader's own data and are not run.
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("seeds"), &tmp.path().join("seeds"));
    copy_dir(&root().join("lexicons"), &tmp.path().join("lexicons"));
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_slant"), bin.join("slant")).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // train first: score's examples read its model.json
    let mut ran = 0;
    for sub in SUBCOMMANDS.iter().filter(|s| s[0] != "man") {
        for line in examples(&help_of(sub)) {
            let own_data = [
                "corpus.",
                "mydict",
                "articles.csv",
                "labels.csv",
                "held_out",
                "~",
            ];
            if own_data.iter().any(|f| line.contains(f)) {
                continue;
            }
            let out = Command::new("bash")
                .args(["-o", "pipefail", "-c", &line])
                .current_dir(tmp.path())
                .env("PATH", &path)
                .stdin(Stdio::null())
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{line}: {:?}\n{stderr}", out.status);
            assert!(!stderr.contains("slant: error"), "{line}\n{stderr}");
            assert!(!stderr.contains("panicked"), "{line}\n{stderr}");
            ran += 1;
        }
    }
    assert!(ran >= 12, "{ran} examples ran");
}

#[test]
fn completions_and_man_pages_come_from_the_definitions() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = slant(&root(), &["completions", shell]).ok().stdout;
        assert!(
            out.contains("analyze") && out.contains("no-model"),
            "{shell}"
        );
    }
    let page = slant(&root(), &["man"]).ok().stdout;
    assert!(page.contains(".TH slant 1"), "{page}");
    assert!(page.contains("analyze"));
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("man1");
    slant(tmp.path(), &["man", "--dir", dir.to_str().unwrap()]).ok();
    for page in ["slant.1", "slant-analyze.1", "slant-lexicon-convert.1"] {
        let text = std::fs::read_to_string(dir.join(page)).unwrap();
        assert!(text.contains(".TH"), "{page}");
    }
}

#[test]
fn a_closed_output_pipe_is_not_an_error() {
    // The reading end is closed before slant writes, so its first write to
    // standard output fails with EPIPE, as under `| head -1` on a long run.
    let tmp = tempfile::tempdir().unwrap();
    let seeds = root().join("seeds");
    let seeds = seeds.to_str().unwrap();
    let model = tmp.path().join("model.json");
    let model = model.to_str().unwrap();
    let sourcing = root().join("lexicons/sourcing.toml");
    let sourcing = sourcing.to_str().unwrap();
    let train = [
        "train",
        seeds,
        "--reference",
        "RT=kremlin",
        "--reference",
        "Ukrainska Pravda=ukraine_west",
        "-o",
        model,
        "--json",
        "-q",
    ];
    // labels for evaluate: RT's article kremlin, the others ukraine_west
    let labels = tmp.path().join("labels.csv");
    std::fs::write(
        &labels,
        "id,class\n000_2538526a9351dcaa,ukraine_west\n001_fd332f55689a63d7,ukraine_west\n\
         002_d991ddc071562a65,ukraine_west\n003_74092aee7592dc1e,kremlin\n004_f7e35050f519e149,ukraine_west\n",
    )
    .unwrap();
    let labels = labels.to_str().unwrap();
    let runs: Vec<Vec<&str>> = vec![
        train.to_vec(),
        vec![
            "analyze",
            seeds,
            "--out",
            "a",
            "--format",
            "csv",
            "-q",
            "--no-charts",
        ],
        vec![
            "score", seeds, "--model", model, "--out", "s", "--format", "csv", "-q",
        ],
        vec!["compare", seeds, "--out", "c", "--format", "csv", "-q"],
        vec![
            "evaluate", "--model", model, "--labels", labels, seeds, "-q",
        ],
        vec!["rerun", "a", "-q"],
        vec!["kwic", "the", seeds, "-q"],
        vec!["kwic", "the", seeds, "--format", "csv", "-q"],
        vec!["lexicon", "check", "russia-ukraine", seeds],
        vec!["lexicon", "suggest", seeds],
        vec!["lexicon", "stats", sourcing],
        vec!["completions", "bash"],
        vec!["man"],
    ];
    for args in runs {
        let mut child = Command::new(env!("CARGO_BIN_EXE_slant"))
            .args(&args)
            .current_dir(tmp.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}\n{stderr}");
        assert!(!stderr.contains("slant: error"), "{args:?}\n{stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}\n{stderr}");
    }
}

#[test]
fn rerun_says_whether_a_report_is_reproduced() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("seeds"), &tmp.path().join("seeds"));
    let args = [
        "analyze",
        "seeds",
        "--out",
        "rep",
        "--bootstrap",
        "200",
        "--no-model",
        "-q",
    ];
    slant(tmp.path(), &args).ok();
    let results = std::fs::read_to_string(tmp.path().join("rep/results.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&results).unwrap();
    // recorded without --out and -q, which do not change the outputs
    assert_eq!(
        json["run"]["args"],
        serde_json::json!(["analyze", "seeds", "--bootstrap", "200", "--no-model"])
    );
    let same = slant(tmp.path(), &["rerun", "rep", "-j", "1", "-q"]).ok();
    assert!(
        same.stdout.starts_with("identical: all "),
        "{}",
        same.stdout
    );
    // one changed article: the rerun differs and says where, exit 1
    let first = tmp.path().join("seeds/000_2538526a9351dcaa.txt");
    let text = std::fs::read_to_string(&first).unwrap();
    std::fs::write(&first, text.replace("Crimea", "the peninsula")).unwrap();
    let changed = slant(tmp.path(), &["rerun", "rep", "-q"]);
    assert_eq!(changed.code, 1, "{}{}", changed.stdout, changed.stderr);
    assert!(
        changed.stdout.contains("documents.csv: differs"),
        "{}",
        changed.stdout
    );
    // a folder without a record is an error naming it
    std::fs::create_dir(tmp.path().join("plain")).unwrap();
    std::fs::write(tmp.path().join("plain/results.json"), "{}").unwrap();
    slant(tmp.path(), &["rerun", "plain"]).fails_with("records no command line");
}

#[test]
fn a_log_gets_warnings_only_and_v_adds_the_summary() {
    // Standard error here is a pipe, not a terminal: no progress and no
    // summary unless -v; -q silences the warnings too.
    let tmp = tempfile::tempdir().unwrap();
    let seeds = root().join("seeds");
    let seeds = seeds.to_str().unwrap();
    let base = [
        "analyze",
        seeds,
        "--out",
        "rep",
        "--no-model",
        "--no-charts",
    ];
    let summary = "slant: 5 documents, 5 outlets, ";
    let plain = slant(tmp.path(), &base).ok();
    assert!(!plain.stderr.contains(summary), "{}", plain.stderr);
    let verbose = slant(tmp.path(), &[&base[..], &["-v"]].concat()).ok();
    assert!(verbose.stderr.contains(summary), "{}", verbose.stderr);
    let quiet = slant(tmp.path(), &[&base[..], &["-q"]].concat()).ok();
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
}

#[test]
fn v_times_every_stage_of_a_run() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = root().join("seeds");
    let run = slant(
        tmp.path(),
        &[
            "analyze",
            seeds.to_str().unwrap(),
            "--out",
            "rep",
            "--bootstrap",
            "200",
            "-v",
        ],
    )
    .ok();
    let stages = [
        "finding repeated text",
        "reading and matching",
        "training the model",
        "predicting with the model",
        "scores and comparison views",
        "writing tables, charts and the report",
    ];
    let mut at = 0;
    for s in stages {
        let found = run.stderr[at..].find(&format!("slant: {s}: "));
        assert!(found.is_some(), "{s} after byte {at}:\n{}", run.stderr);
        at += found.unwrap();
    }
}

#[test]
fn every_command_that_talks_on_standard_error_takes_q() {
    for sub in SUBCOMMANDS
        .iter()
        .filter(|s| !["completions", "man"].contains(&s[0]))
    {
        assert!(help_of(sub).contains("-q, --quiet"), "{sub:?} lacks -q");
    }
    // a conversion that warns about what it leaves behind, silenced
    let tmp = tempfile::tempdir().unwrap();
    let loud = slant(
        tmp.path(),
        &["lexicon", "convert", "russia-ukraine", "a.yml"],
    )
    .ok();
    assert!(
        loud.stderr.contains("warning: not carried over"),
        "{}",
        loud.stderr
    );
    let quiet = slant(
        tmp.path(),
        &["lexicon", "convert", "russia-ukraine", "b.yml", "-q"],
    )
    .ok();
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
    assert_eq!(
        std::fs::read(tmp.path().join("a.yml")).unwrap(),
        std::fs::read(tmp.path().join("b.yml")).unwrap()
    );
}
