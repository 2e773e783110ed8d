//! A saved LSS scale (`--lss-save`, `--lss-polarity`): applied to the
//! corpus it was fitted on it gives the fit's tables byte for byte; shards
//! mapped with it, merged and reported give analyze's LSS files byte for
//! byte; partials of another scale are refused; and a background corpus
//! (`--lss-background`) moves a word's polarity the way its company there
//! says.

use super::partial::{assert_same_report, corpus, map_merge_report};
use super::util::{put, read_csv, slant, snapshot};

const LSS_FILES: [&str; 4] = [
    "lss_outlets.csv",
    "lss_words.csv",
    "lss_documents.csv",
    "lss_evidence.csv",
];

/// The analyze run that fits the scale and the runs that apply it share:
/// one corpus, no model or comparison views, a bootstrap of 200.
const ANALYZE: [&str; 7] = [
    "analyze",
    "corpus.jsonl",
    "--no-model",
    "--no-compare",
    "--no-charts",
    "--bootstrap",
    "200",
];

/// The corpus of the partial tests (boilerplate and copies included) and
/// the scale fitted on it, seeded by the default axis's pole terms.
fn fitted(d: &std::path::Path, n: usize) -> Vec<String> {
    let lines = corpus(n, 21);
    std::fs::write(d.join("corpus.jsonl"), lines.join("\n") + "\n").unwrap();
    let more = [
        "--lss",
        "--lss-dims",
        "8",
        "--lss-min-count",
        "2",
        "--lss-save",
        "w.json",
        "--out",
        "fit",
        "-q",
    ];
    slant(d, &[&ANALYZE[..], &more].concat()).ok();
    lines
}

#[test]
fn a_saved_scale_applied_to_its_own_corpus_gives_the_fits_tables() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fitted(d, 120);
    for j in ["1", "2"] {
        let out = format!("saved{j}");
        let more = ["--lss-polarity", "w.json", "--out", &out, "-q", "-j", j];
        slant(d, &[&ANALYZE[..], &more].concat()).ok();
        let (a, b) = (snapshot(&d.join("fit")), snapshot(&d.join(&out)));
        for name in LSS_FILES {
            assert!(a[name] == b[name], "{name} differs (-j {j})");
        }
        let md = std::fs::read_to_string(d.join(&out).join("report.md")).unwrap();
        assert!(md.contains("w.json"), "the report names the polarity file");
    }
    assert!(!read_csv(&d.join("fit/lss_evidence.csv")).is_empty());
}

#[test]
fn shards_scored_with_a_saved_scale_report_as_analyze_does() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines = fitted(d, 300);
    let common = [
        "--bootstrap",
        "200",
        "--no-compare",
        "--lss-polarity",
        "w.json",
    ];
    let mut args = vec![
        "analyze",
        "corpus.jsonl",
        "--no-model",
        "--out",
        "single",
        "-q",
    ];
    args.extend(common);
    slant(d, &args).ok();
    assert!(!read_csv(&d.join("single/lss_outlets.csv")).is_empty());
    for k in [1, 3, 4] {
        let map = ["--lss-polarity", "w.json", "--no-compare"];
        map_merge_report(d, &lines, k, 500 + k as u64, &map, &common);
        assert_same_report(&d.join("single"), &d.join(format!("k{k}-report")));
    }
}

#[test]
fn partials_of_another_scale_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fitted(d, 120);
    let mut other: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("w.json")).unwrap()).unwrap();
    other["mean"] = serde_json::json!(0.5);
    put(d, "other.json", other.to_string().as_bytes());
    slant(d, &["map", "corpus.jsonl", "--repeats-only", "-o", "r.gz"]).ok();
    let map = |out: &str, extra: &[&str]| {
        let mut args = vec!["map", "corpus.jsonl", "--repeats", "r.gz", "-o", out];
        args.extend(extra);
        slant(d, &args).ok();
    };
    map("w.gz", &["--lss-polarity", "w.json", "--no-compare"]);
    map(
        "other.gz",
        &["--lss-polarity", "other.json", "--no-compare"],
    );
    map("none.gz", &["--no-compare"]);
    let report = |partial: &str, extra: &[&str]| {
        let mut args = vec![
            "report",
            partial,
            "--out",
            "rep",
            "--no-charts",
            "--no-compare",
            "-q",
        ];
        args.extend(extra);
        slant(d, &args)
    };
    report("w.gz", &["--lss-polarity", "other.json"])
        .fails_with("it was mapped with another LSS polarity file (sha256 ");
    report("none.gz", &["--lss-polarity", "w.json"])
        .fails_with("it was mapped without --lss-polarity");
    report("w.gz", &["--lss-polarity", "w.json"]).ok();
    assert!(d.join("rep/lss_outlets.csv").exists());
    slant(d, &["merge", "w.gz", "other.gz", "-o", "x.gz"])
        .fails_with("the partials differ in `options.lss_polarity`");
    put(d, "bad.json", b"{\"format\": \"slant-lss-polarity\"}");
    slant(
        d,
        &[
            "analyze",
            "corpus.jsonl",
            "--lss-polarity",
            "bad.json",
            "-o",
            "x",
        ],
    )
    .fails_with("bad.json: not a slant LSS polarity file");
}

/// `n` documents of eight sentences alternating between the sunny and
/// the stormy kind, with "harbor" added to every other sentence of the
/// kind `harbor_with` (0 sunny, 1 stormy), as JSON Lines.
fn alternating(n: usize, seed: u64, harbor_with: usize) -> String {
    use super::lss::{sentence, Draw, STORMY, SUNNY};
    let mut d = Draw(seed);
    let mut out = String::new();
    for doc in 0..n {
        let text: Vec<String> = (0..8)
            .map(|s| {
                let kind = (s + doc) % 2;
                let mut t = match kind {
                    0 => sentence(&mut d, &SUNNY, "good"),
                    _ => sentence(&mut d, &STORMY, "bad"),
                };
                if kind == harbor_with && s % 4 < 2 {
                    t = format!("Harbor {}", t.to_lowercase());
                }
                t
            })
            .collect();
        let outlet = ["North", "South", "East", "West"][doc % 4];
        let line = serde_json::json!({"id": format!("s{seed}-{doc}"), "outlet": outlet, "text": text.join(" ")});
        out.push_str(&format!("{line}\n"));
    }
    out
}

/// `analyze corpus.jsonl` in `d` with LSS seeded by `seeds.txt` (5
/// dimensions, 100 bootstrap draws, no model, comparison or charts) into
/// `out`, and `extra`.
fn lss_run(d: &std::path::Path, out: &str, extra: &[&str]) -> super::util::Run {
    let args = super::lss::lss_args(out, "100");
    slant(d, &[&args[..], &["--no-charts", "-q"], extra].concat())
}

#[test]
fn a_background_corpus_gives_a_word_the_sign_of_its_company_there() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // In the scored corpus "harbor" keeps stormy company; in the
    // background, sunny company only.
    put(d, "corpus.jsonl", alternating(24, 3, 1).as_bytes());
    put(d, "background.jsonl", alternating(60, 9, 0).as_bytes());
    put(d, "seeds.txt", b"good,1\nbad,-1\n");
    let run = |out: &str, extra: &[&str]| {
        lss_run(d, out, extra).ok();
    };
    let side = |out: &str| {
        let words = read_csv(&d.join(out).join("lss_words.csv"));
        let row = words.iter().find(|r| r["word"] == "harbor").cloned();
        row.unwrap_or_else(|| panic!("harbor not listed in {out}"))["side"].clone()
    };
    run("own", &[]);
    assert_eq!(side("own"), "negative", "its company in the corpus");
    run("bg1", &["--lss-background", "background.jsonl", "-j", "1"]);
    run("bg2", &["--lss-background", "background.jsonl", "-j", "2"]);
    assert_eq!(side("bg1"), "positive", "its company in the background");
    let (a, b) = (snapshot(&d.join("bg1")), snapshot(&d.join("bg2")));
    for name in LSS_FILES {
        assert!(a[name] == b[name], "{name} differs between -j 1 and -j 2");
    }
    // Scores are of the scored corpus: its 24 documents, its 4 outlets.
    assert_eq!(read_csv(&d.join("bg1/lss_documents.csv")).len(), 24);
    assert_eq!(read_csv(&d.join("bg1/lss_outlets.csv")).len(), 4);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("bg1/results.json")).unwrap()).unwrap();
    assert_eq!(json["lss"]["background"][0], "background.jsonl");
    let md = std::fs::read_to_string(d.join("bg1/report.md")).unwrap();
    assert!(
        md.contains("learns a scale from the background corpus `background.jsonl`"),
        "{md}"
    );
}

/// The background's ids are checked by the sort the other readings use
/// (not a table in memory): a repeated id stops the run naming both lines,
/// as a check as read did, and with `--on-error skip` the repeat alone is
/// left out: the scale is the one fitted without that line.
#[test]
fn a_repeated_id_in_the_background_stops_or_is_skipped_as_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d, "corpus.jsonl", alternating(24, 3, 1).as_bytes());
    let clean = alternating(40, 9, 0);
    // line 31 repeats the id of line 6 (s9-5) with the text of another
    // document, so leaving it out or not changes the matrix
    let other = alternating(1, 11, 1);
    let mut repeat: serde_json::Value = serde_json::from_str(other.trim()).unwrap();
    repeat["id"] = "s9-5".into();
    let mut lines: Vec<String> = clean.lines().map(String::from).collect();
    lines.insert(30, repeat.to_string());
    put(d, "clean.jsonl", clean.as_bytes());
    put(d, "repeated.jsonl", (lines.join("\n") + "\n").as_bytes());
    repeat["id"] = "fresh".into();
    lines[30] = repeat.to_string();
    put(d, "fresh.jsonl", (lines.join("\n") + "\n").as_bytes());
    put(d, "seeds.txt", b"good,1\nbad,-1\n");
    let run = |out: &str, background: &str, skip: bool| {
        let on_error = if skip { "skip" } else { "stop" };
        let extra = ["--lss-background", background, "--on-error", on_error];
        lss_run(d, out, &extra)
    };
    run("stopped", "repeated.jsonl", false).fails_with(
        "repeated.jsonl:31: document `s9-5`: duplicate id, first used at repeated.jsonl:6",
    );
    assert!(!d.join("stopped").exists(), "no report from a failed run");
    run("skipped", "repeated.jsonl", true).ok();
    run("clean", "clean.jsonl", true).ok();
    run("fresh", "fresh.jsonl", true).ok();
    let (a, b) = (snapshot(&d.join("skipped")), snapshot(&d.join("clean")));
    let kept = snapshot(&d.join("fresh"));
    for name in LSS_FILES {
        assert!(a[name] == b[name], "{name}: the repeat was not left out");
    }
    // the line counts: under an id of its own it moves the words' scores
    assert!(kept["lss_words.csv"] != b["lss_words.csv"]);
}

/// `--lss-save` replaces a saved scale (a second fit into the same file
/// runs) but no other file, refused before any work and left as it was.
#[test]
fn lss_save_replaces_only_a_saved_scale() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fitted(d, 60);
    fitted(d, 60);
    std::fs::write(d.join("thesis.tex"), "\\documentclass{article}\n").unwrap();
    let more = ["--lss", "--lss-save", "thesis.tex", "--out", "again", "-q"];
    slant(d, &[&ANALYZE[..], &more].concat())
        .fails_with("--lss-save thesis.tex: the file exists and is not a saved LSS scale");
    let tex = std::fs::read_to_string(d.join("thesis.tex")).unwrap();
    assert_eq!(tex, "\\documentclass{article}\n");
    assert!(!d.join("again").exists(), "refused before any work");
}
