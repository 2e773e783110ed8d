//! Negation end to end: a match in the scope of a negation is marked in
//! `matches.csv`, counts for neither pole by default, for its pole with
//! `--negation count` and for the other pole with `flip`, and the report
//! says how many it affected per outlet. A lexicon's `[negation]` table
//! changes the rules.

use std::path::Path;

use crate::util::{put, read_csv, slant};

const LEXICON: &str = r#"
[lexicon]
name = "negtest"

[[axis]]
id = "war"
negative = { id = "peace", label = "Peace" }
positive = { id = "war_side", label = "War" }

[[frame]]
id = "conflict"

[[frame.term]]
text = "invasion"
pole = "war_side"

[[frame.term]]
text = "peace deal"
pole = "peace"
"#;

/// Outlet A says "invasion" three times, once negated; B denies it twice
/// and names a "peace deal" once.
fn corpus(dir: &Path) -> std::path::PathBuf {
    let docs = [
        ("a1", "A", "Troops crossed the border. It was an invasion."),
        ("a2", "A", "Officials called the invasion a crime."),
        ("a3", "A", "Moscow said it was not an invasion."),
        ("b1", "B", "Moscow denied that it was an invasion."),
        (
            "b2",
            "B",
            "There is no evidence of an invasion, but a peace deal is near.",
        ),
    ];
    let lines: Vec<String> = docs
        .iter()
        .map(|(id, o, t)| format!(r#"{{"id":"{id}","outlet":"{o}","text":"{t}"}}"#))
        .collect();
    put(dir, "c.jsonl", (lines.join("\n") + "\n").as_bytes())
}

fn run(
    dir: &Path,
    lexicon: &str,
    out: &str,
    extra: &[&str],
) -> Vec<(String, String, String, String)> {
    put(dir, "lex.toml", lexicon.as_bytes());
    let mut args = vec![
        "analyze",
        "c.jsonl",
        "--lexicon",
        "lex.toml",
        "--out",
        out,
        "--no-model",
        "--no-compare",
        "--min-docs",
        "1",
        "--min-matches",
        "1",
        "--no-charts",
        "-q",
    ];
    args.extend_from_slice(extra);
    slant(dir, &args).ok();
    read_csv(&dir.join(out).join("outlets.csv"))
        .into_iter()
        .map(|r| {
            (
                r["outlet"].clone(),
                r["score"].clone(),
                r["n_matches"].clone(),
                r["n_negated"].clone(),
            )
        })
        .collect()
}

#[test]
fn negated_matches_are_marked_and_counted_as_the_policy_says() {
    let dir = tempfile::tempdir().expect("tempdir");
    corpus(dir.path());
    // k = 1 (the default smoothing). Ignore: A has 2 war matches, B only
    // its peace deal: (2 - 0) / (2 + 0 + 1) and (0 - 1) / (0 + 1 + 1).
    let ignore = run(dir.path(), LEXICON, "ignore", &[]);
    assert_eq!(
        ignore[0],
        (
            "A".into(),
            (2.0f64 / 3.0).to_string(),
            "2".into(),
            "1".into()
        )
    );
    assert_eq!(
        ignore[1],
        ("B".into(), "-0.5".into(), "1".into(), "2".into())
    );
    // Count: what slant did before negation, A 3 war, B 2 war and 1 peace.
    let count = run(dir.path(), LEXICON, "count", &["--negation", "count"]);
    assert_eq!(count[0].1, (3.0f64 / 4.0).to_string());
    assert_eq!(count[1].1, (1.0f64 / 4.0).to_string());
    // Flip: a negated "invasion" counts for peace. A 2 war, 1 peace; B 3 peace.
    let flip = run(dir.path(), LEXICON, "flip", &["--negation", "flip"]);
    assert_eq!(flip[0].1, (1.0f64 / 4.0).to_string());
    assert_eq!(flip[1].1, (-3.0f64 / 4.0).to_string());
    assert_eq!(flip[1].2, "3");

    let matches = read_csv(&dir.path().join("ignore/matches.csv"));
    let negated: Vec<&str> = matches
        .iter()
        .filter(|m| m["negated"] == "1")
        .map(|m| m["doc_id"].as_str())
        .collect();
    assert_eq!(
        negated,
        ["a3", "b1", "b2"],
        "the peace deal after `but` is not negated"
    );
    let md = std::fs::read_to_string(dir.path().join("ignore/report.md")).expect("report");
    assert!(
        md.contains("3 pole matches stood in the scope of a negation"),
        "{md}"
    );
    assert!(
        md.contains("counted for neither pole: B (2), A (1)"),
        "{md}"
    );
    assert!(md.contains("`--negation ignore`"));
    let json = std::fs::read_to_string(dir.path().join("flip/results.json")).expect("json");
    assert!(
        json.contains("\"negation\": \"flip\""),
        "results.json records the policy"
    );
}

#[test]
fn a_lexicon_replaces_or_extends_the_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    corpus(dir.path());
    let none = format!("{LEXICON}\n[negation]\nreplace = true\n");
    let off = run(dir.path(), &none, "none", &[]);
    assert!(off.iter().all(|r| r.3 == "0"), "no cue at all: {off:?}");
    // A window of 2 words: "not an invasion" (one word between) is still
    // negated; "no evidence of an invasion" (three) and "denied that it was
    // an invasion" (four) are out of reach.
    let narrow = format!("{LEXICON}\n[negation]\nwindow = 2\n");
    let n = run(dir.path(), &narrow, "narrow", &[]);
    assert_eq!(n[0].3, "1");
    assert_eq!(n[1].3, "0");
    let bad = format!("{LEXICON}\n[negation]\nwindow = 500\n");
    put(dir.path(), "lex.toml", bad.as_bytes());
    slant(
        dir.path(),
        &[
            "analyze",
            "c.jsonl",
            "--lexicon",
            "lex.toml",
            "--out",
            "bad",
            "--no-model",
        ],
    )
    .fails_with("lex.toml:")
    .fails_with("window must be 0 to 50 words, not 500");
    assert!(!dir.path().join("bad").exists());
}
