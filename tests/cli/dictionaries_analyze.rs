//! Dictionaries of other formats used as `--lexicon`: an overlay puts
//! imported categories on an axis, a broken one fails with file and line,
//! levels roll up, and `train`, `map` and `report` show their warnings.

use super::dictionaries::arg;
use crate::util::{put, read_csv, seeds, slant};

#[test]
fn an_overlay_puts_imported_categories_on_an_axis() {
    let tmp = tempfile::tempdir().unwrap();
    let dic = put(
        tmp.path(),
        "sides.dic",
        b"%\n1\trussian.framing\n2\tukrainian.framing\n%\nKiev\t1\nKyiv\t2\nillegal*\t2\n",
    );
    let overlay = put(
        tmp.path(),
        "overlay.toml",
        br#"[lexicon]
name = "overlay"

[[axis]]
id = "side"
negative = { id = "ua", label = "Ukrainian" }
positive = { id = "ru", label = "Russian" }

[[assign]]
frame = "russian.framing"
pole = "ru"

[[assign]]
frame = "ukrainian.framing"
pole = "ua"
"#,
    );
    slant(
        tmp.path(),
        &[
            "analyze",
            arg(&seeds()),
            "--lexicon",
            arg(&dic),
            "--add-lexicon",
            arg(&overlay),
            "--no-model",
            "--no-compare",
            "--out",
            "rep",
        ],
    )
    .ok();
    let outlets = read_csv(&tmp.path().join("rep/outlets.csv"));
    let score = |outlet: &str| -> f64 {
        let row = outlets
            .iter()
            .find(|r| r["outlet"] == outlet && r["axis"] == "side")
            .unwrap_or_else(|| panic!("{outlet}: {outlets:?}"));
        row["score"].parse().unwrap()
    };
    // RT writes "Kiev" and the others "Kyiv": RT leans to the pole the
    // overlay calls Russian, Ukrainska Pravda away from it.
    assert!(score("RT") > 0.0, "{outlets:?}");
    assert!(score("Ukrainska Pravda") < 0.0, "{outlets:?}");
}

#[test]
fn a_broken_dictionary_fails_analyze_with_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = put(tmp.path(), "bad.dic", b"%\n1\tgood\n%\nfine\t1\nworse\t7\n");
    let run = slant(
        tmp.path(),
        &[
            "analyze",
            arg(&seeds()),
            "--lexicon",
            arg(&bad),
            "--no-model",
            "--out",
            "rep",
        ],
    )
    .fails_with("bad.dic:5");
    assert!(!tmp.path().join("rep").exists(), "{}", run.stderr);
    // A category that another lexicon also has: both places are named, by
    // the lines of the files the user has (the word list's category is
    // its file name).
    put(tmp.path(), "a.dic", b"%\n1\tsecurity\n%\n\nguard\t1\n");
    put(tmp.path(), "security.txt", b"# words\nwall\n");
    slant(
        tmp.path(),
        &[
            "analyze",
            arg(&seeds()),
            "--lexicon",
            "a.dic",
            "--lexicon",
            "security.txt",
            "--no-model",
            "--out",
            "rep",
        ],
    )
    .fails_with("security.txt:2: error: frame `security` is defined twice (first at a.dic:5)");
    let latin1 = put(tmp.path(), "latin1.txt", b"caf\xe9\n");
    slant(tmp.path(), &["lexicon", "stats", arg(&latin1)]).fails_with("latin1.txt");
}

#[test]
fn stats_analyze_and_convert_agree_on_the_terms_slant_leaves_out() {
    // `*deceit*` (a leading wildcard) is a LIWC term slant cannot express:
    // analyze and convert to .toml leave it out with a warning at its line,
    // and stats must say the same rather than count it silently.
    let tmp = tempfile::tempdir().unwrap();
    let dic = put(
        tmp.path(),
        "t.dic",
        b"%\n1\tneg\n2\tpos\n%\n*deceit*\t1\nhappy\t2\nKyiv\t2\n",
    );
    let warning = "t.dic:5: warning: term `*deceit*` of category `neg` left out";
    let stats = slant(
        tmp.path(),
        &["lexicon", "stats", arg(&dic), "--format", "json"],
    )
    .ok();
    assert!(stats.stderr.contains(warning), "{}", stats.stderr);
    let json: serde_json::Value = serde_json::from_str(&stats.stdout).unwrap();
    assert_eq!(json["terms"], 3, "the dictionary's own count");
    assert_eq!(json["slant_terms"], 2);
    assert_eq!(json["left_out"][0]["line"], 5);
    let analyze = slant(
        tmp.path(),
        &[
            "analyze",
            arg(&seeds()),
            "--lexicon",
            arg(&dic),
            "--no-model",
            "--no-compare",
            "--out",
            "rep",
        ],
    )
    .ok();
    assert!(analyze.stderr.contains(warning), "{}", analyze.stderr);
    let convert = slant(tmp.path(), &["lexicon", "convert", arg(&dic), "t.toml"]).ok();
    assert!(convert.stderr.contains(warning), "{}", convert.stderr);
    let toml = std::fs::read_to_string(tmp.path().join("t.toml")).unwrap();
    assert!(toml.contains("text = \"happy\"") && !toml.contains("text = \"*deceit*\""));
}

#[test]
fn analyze_rolls_up_levels_and_keeps_dictionary_names() {
    // A quanteda YAML tree: ukraine.naming (Kyiv, Kiev) and ukraine.war
    // (invasion, annex*). Rolled up to one level, the two become `ukraine`,
    // whose count is their sum, outlet by outlet.
    let tmp = tempfile::tempdir().unwrap();
    let yml = put(
        tmp.path(),
        "h.yml",
        b"ukraine:\n  naming:\n    - Kyiv\n    - Kiev\n  war:\n    - invasion\n    - annex*\n",
    );
    let seeds = seeds();
    let run = |out: &str, extra: &[&str]| {
        let mut args = vec![
            "analyze",
            arg(&seeds),
            "--lexicon",
            arg(&yml),
            "--no-model",
            "--no-compare",
            "-q",
            "--out",
            out,
        ];
        args.extend_from_slice(extra);
        slant(tmp.path(), &args).ok();
        read_csv(&tmp.path().join(out).join("outlets.csv"))
    };
    let leaves = run("leaves", &[]);
    let labels: std::collections::BTreeSet<(&str, &str)> = leaves
        .iter()
        .map(|r| (r["category"].as_str(), r["label"].as_str()))
        .collect();
    assert_eq!(
        labels.into_iter().collect::<Vec<_>>(),
        [
            ("ukraine_naming", "ukraine.naming"),
            ("ukraine_war", "ukraine.war")
        ]
    );
    let top = run("top", &["--level", "1"]);
    assert!(top.iter().all(|r| r["category"] == "ukraine"), "{top:?}");
    for r in &top {
        let sum: u64 = leaves
            .iter()
            .filter(|l| l["outlet"] == r["outlet"])
            .map(|l| l["count"].parse::<u64>().unwrap())
            .sum();
        assert_eq!(r["count"].parse::<u64>().unwrap(), sum, "{}", r["outlet"]);
    }
    let total: u64 = top.iter().map(|r| r["count"].parse::<u64>().unwrap()).sum();
    assert!(total > 0, "the seeds name Kyiv and the invasion");
    // --level with no dictionary is refused, not ignored
    slant(tmp.path(), &["analyze", arg(&seeds), "--level", "1"])
        .fails_with("no dictionary is given");
}

/// `train`, `map` and `report` show the lexicons' warnings on loading as
/// `analyze` does (the same line of `t.dic`, as in the test above), and not
/// with `-q`.
#[test]
fn train_map_and_report_show_the_lexicons_warnings_and_quiet_silences_them() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    put(
        d,
        "t.dic",
        b"%\n1\tneg\n2\tpos\n%\n*deceit*\t1\nhappy\t2\nKyiv\t2\n",
    );
    let corpus: String = (0..24)
        .map(|i| {
            let (outlet, words) = if i % 2 == 0 {
                ("A", "happy Kyiv happy")
            } else {
                ("C", "deceit sad Kyiv")
            };
            format!(
                "{{\"id\":\"d{i}\",\"outlet\":\"{outlet}\",\"text\":\"Document {i} says {words} today.\"}}\n"
            )
        })
        .collect();
    put(d, "c.jsonl", corpus.as_bytes());
    let warning = "slant: t.dic:5: warning: term `*deceit*` of category `neg` left out";
    let lexicon = ["--lexicon", "t.dic"];
    let references = ["--reference", "A=x", "--reference", "C=y"];
    let train = [
        &["train", "c.jsonl", "-o", "m.json", "--force"][..],
        &lexicon,
        &references,
    ]
    .concat();
    let map = [&["map", "c.jsonl", "-o", "p.gz", "--force"][..], &lexicon].concat();
    let report = [
        &["report", "p.gz", "--out", "r", "--no-charts"][..],
        &lexicon,
    ]
    .concat();
    for args in [&train, &map, &report] {
        let run = slant(d, args).ok();
        assert!(run.stderr.contains(warning), "{args:?}: {}", run.stderr);
        let run = slant(d, &[&args[..], &["-q"]].concat()).ok();
        assert!(!run.stderr.contains("t.dic"), "{args:?}: {}", run.stderr);
    }
}
