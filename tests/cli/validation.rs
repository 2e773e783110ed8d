//! Validation that can be trusted, through the binary: on a corpus whose
//! labels follow each outlet's house word, `train`, `score` and `evaluate`
//! warn that the model does not beat guessing on outlets it has not seen,
//! and report.md leads its model section with it; with words shared by
//! every outlet of a class, nothing is said.

use std::path::{Path, PathBuf};

use crate::util::{read_csv, slant};

/// Sixteen outlets: twelve to train on, four held out for `evaluate`.
const HOUSE: [&str; 16] = [
    "amberly",
    "brisco",
    "calloway",
    "dunmore",
    "elsworth",
    "farrow",
    "galbraith",
    "hollis",
    "ingram",
    "jessup",
    "kinsey",
    "lowell",
    "merriam",
    "norland",
    "ogilvy",
    "pemberton",
];
const FILLER: [&str; 16] = [
    "the",
    "council",
    "said",
    "on",
    "monday",
    "that",
    "plans",
    "would",
    "continue",
    "officials",
    "meeting",
    "week",
    "report",
    "city",
    "people",
    "new",
];
const STANCE: [[&str; 3]; 2] = [
    ["harvest", "wheat", "farmers"],
    ["factory", "steel", "workers"],
];

/// A fixed pseudo-random stream (a linear congruential generator).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize % n
    }
}

/// Outlets `outlets` as a corpus `name.jsonl` and its labels `name.csv`:
/// outlet `o` is of class `o % 2`, has its own word in every sentence, and
/// document `d` of every outlet has the same filler; with `stance`, every
/// sentence also has a word of its class.
fn corpus(
    dir: &Path,
    name: &str,
    outlets: std::ops::Range<usize>,
    stance: bool,
) -> (PathBuf, PathBuf) {
    let (mut lines, mut labels) = (Vec::new(), vec!["id,class".to_string()]);
    for o in outlets {
        let mut place = Lcg(o as u64 + 1000);
        for d in 0..10 {
            let mut filler = Lcg(d);
            let sentences: Vec<String> = (0..5)
                .map(|_| {
                    let mut words: Vec<&str> = (0..6).map(|_| FILLER[filler.next(16)]).collect();
                    words.insert(place.next(6), HOUSE[o]);
                    if stance {
                        words.insert(place.next(7), STANCE[o % 2][place.next(3)]);
                    }
                    format!("{}.", words.join(" "))
                })
                .collect();
            let id = format!("o{o}d{d}");
            let outlet = format!("The {} Courier", HOUSE[o]);
            lines.push(
                serde_json::json!({"id": id, "outlet": outlet, "text": sentences.join(" ")})
                    .to_string(),
            );
            labels.push(format!("{id},{}", ["left", "right"][o % 2]));
        }
    }
    let (c, l) = (
        dir.join(format!("{name}.jsonl")),
        dir.join(format!("{name}.csv")),
    );
    std::fs::write(&c, lines.join("\n")).unwrap();
    std::fs::write(&l, labels.join("\n")).unwrap();
    (c, l)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const CAUTION: &str = "does not beat guessing on outlets it was not trained on";

#[test]
fn house_style_is_caught_by_train_score_and_evaluate() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (train, labels) = corpus(dir, "train", 0..12, false);
    let (test, test_labels) = corpus(dir, "test", 12..16, false);
    let m = dir.join("m.json");
    let run = slant(
        dir,
        &["train", s(&train), "--labels", s(&labels), "-o", s(&m)],
    )
    .ok();
    assert!(
        run.stdout
            .contains("outlets held out: grouped 5-fold by outlet  (the number to cite)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("documents held out: grouped 5-fold by document"),
        "{}",
        run.stdout
    );
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("slant: warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "one plain warning: {}", run.stderr);
    assert!(warnings[0].contains(CAUTION), "{}", run.stderr);

    let out = dir.join("scored");
    let run = slant(
        dir,
        &[
            "score",
            "--model",
            s(&m),
            s(&train),
            "-o",
            s(&out),
            "--no-charts",
        ],
    )
    .ok();
    assert!(run.stderr.contains(CAUTION), "{}", run.stderr);
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let section = &md[md.find("## Model:").unwrap()..];
    let first = section.lines().nth(2).unwrap();
    assert!(
        first.starts_with("**Warning: the model does not beat guessing"),
        "{first}"
    );
    let rows = read_csv(&out.join("validation.csv"));
    let pooled: Vec<_> = rows.iter().filter(|r| r["split"] == "pooled").collect();
    assert_eq!(pooled[0]["holds_out"], "outlets");
    assert_eq!(pooled[0]["beats_baseline"], "false");
    assert_eq!(pooled[1]["holds_out"], "documents");
    assert_eq!(read_csv(&out.join("validation_outlets.csv")).len(), 12);

    let evaluate = [
        "evaluate",
        "--model",
        s(&m),
        "--labels",
        s(&test_labels),
        s(&test),
    ];
    let run = slant(dir, &[&evaluate[..], &["--json"]].concat()).ok();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["documents"], 40);
    assert_eq!(v["beats_baseline"], false);
    assert_eq!(v["outlets"].as_array().unwrap().len(), 4);
    assert!(
        run.stderr.contains(
            "slant: warning: on these labelled documents the model does not beat guessing"
        ),
        "{}",
        run.stderr
    );
    // -q leaves errors only (README, Commands)
    let run = slant(dir, &[&evaluate[..], &["-q"]].concat()).ok();
    assert_eq!(run.stderr, "", "evaluate -q printed on stderr");
}

#[test]
fn a_genuine_signal_passes_without_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (train, labels) = corpus(dir, "train", 0..12, true);
    let (test, test_labels) = corpus(dir, "test", 12..16, true);
    let m = dir.join("m.json");
    let run = slant(
        dir,
        &["train", s(&train), "--labels", s(&labels), "-o", s(&m)],
    )
    .ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(run.stdout.contains("-> beats both"), "{}", run.stdout);
    let run = slant(
        dir,
        &[
            "evaluate",
            "--model",
            s(&m),
            "--labels",
            s(&test_labels),
            s(&test),
        ],
    )
    .ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(
        run.stdout.contains("40 labelled documents scored"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("the model beats both"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("confusion (rows: true class; columns: predicted):"),
        "{}",
        run.stdout
    );
}

#[test]
fn evaluate_names_bad_labels_by_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (train, labels) = corpus(dir, "train", 0..12, true);
    let m = dir.join("m.json");
    slant(
        dir,
        &[
            "train",
            s(&train),
            "--labels",
            s(&labels),
            "-o",
            s(&m),
            "-q",
        ],
    )
    .ok();
    let cases = [
        (
            "id,class\no0d0,left\no0d1,centre\n",
            "bad.csv:3: class `centre` is not one of the model's (left, right)",
        ),
        (
            "id,class\no0d0,left\nnowhere,right\n",
            "bad.csv:3: document `nowhere` is not in the corpus",
        ),
        (
            "id,sentence,class\no0d0,1,left\n",
            "bad.csv:2: evaluate takes document labels",
        ),
    ];
    for (body, want) in cases {
        std::fs::write(dir.join("bad.csv"), body).unwrap();
        slant(
            dir,
            &[
                "evaluate",
                "--model",
                s(&m),
                "--labels",
                "bad.csv",
                s(&train),
                "-q",
            ],
        )
        .fails_with(want);
    }
}
