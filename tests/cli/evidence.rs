//! Evidence before ranking: off-topic documents, boilerplate lines, wire
//! copy and stop terms, on corpora generated here.

use std::collections::BTreeMap;
use std::path::Path;

use crate::util::{put, read_csv, root, slant};

/// One JSONL record.
fn record(id: &str, outlet: &str, text: &str) -> String {
    serde_json::json!({"id": id, "outlet": outlet, "text": text}).to_string()
}

/// `n` spelled in letters ("bc" for 12), so that texts differ in words:
/// boilerplate detection reads digits as alike.
fn letters(n: usize) -> String {
    n.to_string()
        .bytes()
        .map(|b| char::from(b'a' + (b - b'0')))
        .collect()
}

/// An on-topic paragraph with a Kremlin-pole term ("Kosovo precedent",
/// weight 1.0 in the shipped lexicon) or a Ukraine/West-pole term ("crime of
/// aggression", weight 1.0), varied by `i` so that no two are alike.
fn on_topic(i: usize, kremlin: bool) -> String {
    let term = if kremlin {
        "the Kosovo precedent"
    } else {
        "the crime of aggression"
    };
    format!(
        "Report {} from Moscow on day {}: officials in Russia spoke of {term} again, \
         while the weather in district {} stayed mild.",
        letters(i),
        letters(i * 7 + 3),
        letters(i * 13 % 97)
    )
}

/// An off-topic paragraph: a pole term of the lexicon, but no word of its
/// topic context (no Ukraine, Russia, Kremlin ...).
fn off_topic(i: usize) -> String {
    format!(
        "County board meeting {} in Ohio discussed the Kosovo precedent in zoning law, \
         and voters in ward {} turned out early.",
        letters(i),
        letters(i * 11 % 89)
    )
}

fn analyze(dir: &Path, corpus: &Path, out: &str, extra: &[&str]) -> std::path::PathBuf {
    let out = dir.join(out);
    let mut args = vec![
        "analyze",
        corpus.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ];
    args.extend_from_slice(extra);
    slant(&root(), &args).ok();
    out
}

fn rows_by(path: &Path, key: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    read_csv(path)
        .into_iter()
        .map(|r| (r[key].clone(), r))
        .collect()
}

#[test]
fn off_topic_documents_get_no_score_and_are_counted() {
    let tmp = tempfile::tempdir().unwrap();
    let mut lines = Vec::new();
    // Mixed: 6 on-topic documents (4 Kremlin-pole, 2 West-pole) and 4
    // off-topic ones that carry the Kremlin-pole term outside the topic.
    for i in 0..6 {
        lines.push(record(&format!("m{i}"), "Mixed", &on_topic(i, i < 4)));
    }
    for i in 0..4 {
        lines.push(record(&format!("mo{i}"), "Mixed", &off_topic(i)));
    }
    // Two more outlets on the topic, so that weak labels have both poles
    // in enough documents to train the model.
    for (o, name) in ["Wire", "Daily"].iter().enumerate() {
        for i in 0..12 {
            let n = 100 * (o + 1) + i;
            lines.push(record(
                &format!("{name}{i}"),
                name,
                &on_topic(n, i % 2 == 0),
            ));
        }
    }
    // Local: every document off-topic.
    for i in 0..5 {
        lines.push(record(&format!("l{i}"), "Local", &off_topic(10 + i)));
    }
    let corpus = put(tmp.path(), "c.jsonl", lines.join("\n").as_bytes());
    let out = analyze(tmp.path(), &corpus, "out", &["--no-compare"]);

    let docs = rows_by(&out.join("documents.csv"), "id");
    let off: Vec<&str> = docs
        .iter()
        .filter(|(_, r)| r["off_topic_russia_ukraine"] == "true")
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(
        off,
        ["l0", "l1", "l2", "l3", "l4", "mo0", "mo1", "mo2", "mo3"]
    );
    for id in &off {
        assert_eq!(
            docs[*id]["score_russia_ukraine"], "",
            "{id}: no lexicon score"
        );
        assert_eq!(docs[*id]["p_kremlin"], "", "{id}: no model probability");
    }
    assert_ne!(docs["m0"]["score_russia_ukraine"], "");
    assert_ne!(
        docs["m0"]["p_kremlin"], "",
        "the model was trained and scores on-topic text"
    );
    assert_eq!(docs["m0"]["off_topic_russia_ukraine"], "false");

    let outlets = rows_by(&out.join("outlets.csv"), "outlet");
    assert_eq!(outlets["Mixed"]["off_topic_docs"], "4");
    assert_eq!(outlets["Mixed"]["n_docs"], "10");
    // Only the 6 on-topic documents count: 4 Kremlin + 2 West matches.
    assert_eq!(outlets["Mixed"]["n_matches"], "6");
    assert_eq!(outlets["Mixed"]["weight_pos"], "4.0");
    assert_eq!(outlets["Local"]["off_topic_docs"], "5");
    assert_eq!(outlets["Local"]["n_matches"], "0");
    assert_eq!(outlets["Local"]["no_matches"], "true");

    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("9 of 39 documents are off-topic for `russia_ukraine`"),
        "{md}"
    );
}

/// Two outlets on one story; Fox's documents all end with its credits.
fn fox_corpus(dir: &Path) -> std::path::PathBuf {
    let mut lines = Vec::new();
    for i in 0..8 {
        let body = on_topic(i, i % 2 == 0);
        lines.push(record(
            &format!("f{i}"),
            "Fox",
            &format!("{body} Fox News reported the talks. The Associated Press contributed to this report."),
        ));
        lines.push(record(
            &format!("w{i}"),
            "Wire",
            &on_topic(50 + i, i % 2 == 1),
        ));
    }
    put(dir, "fox.jsonl", lines.join("\n").as_bytes())
}

fn fox_terms(out: &Path) -> Vec<String> {
    read_csv(&out.join("keyness.csv"))
        .into_iter()
        .filter(|r| r["target"] == "Fox")
        .map(|r| r["term"].clone())
        .collect()
}

#[test]
fn stop_terms_leave_keyness_with_every_ngram_that_holds_them() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = fox_corpus(tmp.path());
    let plain = analyze(tmp.path(), &corpus, "plain", &["--no-model"]);
    let terms = fox_terms(&plain);
    for t in ["fox news", "fox", "associated press contributed"] {
        assert!(terms.iter().any(|x| x == t), "{t} in {terms:?}");
    }
    let stop = put(
        tmp.path(),
        "stop.txt",
        b"# credits\n\nassociated press\n  contributed  \n",
    );
    let cleaned = analyze(
        tmp.path(),
        &corpus,
        "cleaned",
        &[
            "--no-model",
            "--exclude-term",
            "Fox",
            "--stopterms",
            stop.to_str().unwrap(),
        ],
    );
    let terms = fox_terms(&cleaned);
    for t in &terms {
        assert!(
            !t.contains("fox") && !t.contains("associated press") && !t.contains("contributed"),
            "{t} should be gone: {terms:?}"
        );
    }
    assert!(!terms.is_empty(), "other terms stay");
}

#[test]
fn a_bad_stop_terms_file_is_named_with_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = fox_corpus(tmp.path());
    let stop = put(
        tmp.path(),
        "stop.txt",
        b"# ok\nfox news\nfour words too many\n",
    );
    let out = tmp.path().join("o");
    slant(
        &root(),
        &[
            "analyze",
            corpus.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--stopterms",
            stop.to_str().unwrap(),
        ],
    )
    .fails_with("stop.txt:3: `four words too many` has 4 words");
    let missing = tmp.path().join("absent.txt");
    slant(
        &root(),
        &[
            "analyze",
            corpus.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--stopterms",
            missing.to_str().unwrap(),
        ],
    )
    .fails_with("cannot read stop terms");
}

/// A wire story of about 120 words, different for each `i`.
fn wire_story(i: usize) -> String {
    let words: Vec<String> = (0..110)
        .map(|k| format!("w{}", (k * 7919 + i * 104_729) % 100_003))
        .collect();
    format!(
        "Officials in Kyiv described the crime of aggression. {}.",
        words.join(" ")
    )
}

/// Outlet "Caption" carries a photo credit with a Kremlin-pole term in every
/// one of its 6 documents; a wire story appears in 3 outlets (one copy with
/// a different last word); Caption's own stories are on the topic.
fn repeats_corpus(dir: &Path) -> std::path::PathBuf {
    let credit = "Photo: Kremlin pool. The Kosovo precedent gallery.";
    let mut lines = Vec::new();
    for i in 0..6 {
        let text = format!("{}\n\n{credit}", on_topic(200 + i, false));
        lines.push(record(&format!("c{i}"), "Caption", &text));
    }
    let wire = wire_story(1);
    lines.push(record("a1", "AP", &wire));
    lines.push(record("b1", "Daily", &wire.to_uppercase()));
    lines.push(record("t1", "Times", &wire.replacen("w", "v", 1)));
    for (i, o) in ["AP", "Daily", "Times"].iter().enumerate() {
        lines.push(record(&format!("own{i}"), o, &wire_story(10 + i)));
    }
    put(dir, "repeats.jsonl", lines.join("\n").as_bytes())
}

#[test]
fn boilerplate_lines_are_left_out_of_matching_unless_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = repeats_corpus(tmp.path());
    let out = analyze(tmp.path(), &corpus, "out", &["--no-model"]);
    let rows = read_csv(&out.join("boilerplate.csv"));
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["outlet"], "Caption");
    assert_eq!(
        rows[0]["line"],
        "Photo: Kremlin pool. The Kosovo precedent gallery."
    );
    assert_eq!(rows[0]["documents"], "6");
    let outlets = rows_by(&out.join("outlets.csv"), "outlet");
    assert_eq!(outlets["Caption"]["boilerplate_lines"], "1");
    assert_eq!(outlets["AP"]["boilerplate_lines"], "0");
    // Each document has one West-pole match ("crime of aggression") of its
    // own; the credit's Kremlin-pole term is masked.
    assert_eq!(outlets["Caption"]["n_matches"], "6");
    assert_eq!(outlets["Caption"]["weight_pos"], "0.0");
    let entries = read_csv(&out.join("entries.csv"));
    let kosovo: Vec<&str> = entries
        .iter()
        .filter(|e| e["entry"].to_lowercase().contains("kosovo"))
        .map(|e| e["entry_id"].as_str())
        .collect();
    assert!(!kosovo.is_empty(), "the lexicon has the credit's term");
    let matches = read_csv(&out.join("matches.csv"));
    assert!(
        matches
            .iter()
            .all(|m| !kosovo.contains(&m["entry_id"].as_str())),
        "no match inside a boilerplate line"
    );

    let kept = analyze(
        tmp.path(),
        &corpus,
        "kept",
        &["--no-model", "--keep-boilerplate"],
    );
    let outlets = rows_by(&kept.join("outlets.csv"), "outlet");
    // 6 own matches plus the credit's "Kosovo precedent" in 6 documents.
    assert_eq!(outlets["Caption"]["n_matches"], "12");
    assert_eq!(outlets["Caption"]["weight_pos"], "6.0");
    assert!(std::fs::read_to_string(kept.join("report.md"))
        .unwrap()
        .contains("found and kept (`--keep-boilerplate`)"));
}

#[test]
fn wire_copy_is_listed_and_dropped_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = repeats_corpus(tmp.path());
    let out = analyze(tmp.path(), &corpus, "out", &["--no-model"]);
    let rows = read_csv(&out.join("duplicates.csv"));
    let got: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["group"].as_str(),
                r["doc_id"].as_str(),
                r["outlet"].as_str(),
                r["first"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("1", "a1", "AP", "true"),
            ("1", "b1", "Daily", "false"),
            ("1", "t1", "Times", "false"),
        ]
    );
    assert_eq!(rows[1]["similarity"], "1.0", "case does not matter");
    let sim: f64 = rows[2]["similarity"].parse().unwrap();
    assert!((0.9..1.0).contains(&sim), "one word changed: {sim}");
    let docs = read_csv(&out.join("documents.csv"));
    assert_eq!(docs.len(), 12, "keep: every copy counts");
    let outlets = rows_by(&out.join("outlets.csv"), "outlet");
    assert_eq!(outlets["Daily"]["copies"], "1");
    assert_eq!(outlets["AP"]["copies"], "0");
    assert_eq!(outlets["Daily"]["n_docs"], "2");

    let dropped = analyze(
        tmp.path(),
        &corpus,
        "dropped",
        &["--no-model", "--duplicates", "drop"],
    );
    let ids: Vec<String> = read_csv(&dropped.join("documents.csv"))
        .into_iter()
        .map(|r| r["id"].clone())
        .collect();
    assert!(ids.contains(&"a1".to_string()));
    assert!(!ids.contains(&"b1".to_string()) && !ids.contains(&"t1".to_string()));
    assert_eq!(ids.len(), 10);
    let outlets = rows_by(&dropped.join("outlets.csv"), "outlet");
    assert_eq!(outlets["Daily"]["n_docs"], "1");
    assert_eq!(outlets["Daily"]["copies"], "1");
}
