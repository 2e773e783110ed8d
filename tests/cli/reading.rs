//! The report read as a researcher reads it: what it says must be what the
//! tables hold, with nothing empty, orphaned or rounded away.

use std::path::Path;

use super::util::{put, seeds, slant};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_dictionary_run_has_no_empty_score_sections_and_a_named_variants_header() {
    let tmp = tempfile::tempdir().unwrap();
    // A LIWC dictionary: categories, no axis, no variant slot.
    let dic = put(
        tmp.path(),
        "two.dic",
        b"%\n1\tplaces\n2\tsaying\n%\nCrimea\t1\nKyiv\t1\nsaid\t2\n",
    );
    slant(
        tmp.path(),
        &[
            "analyze",
            seeds().to_str().unwrap(),
            "--lexicon",
            dic.to_str().unwrap(),
            "--no-model",
            "--no-compare",
            "--out",
            "rep",
        ],
    )
    .ok();
    let rep = tmp.path().join("rep");
    // variants.csv names its columns though it has no row (it was `""`).
    assert_eq!(
        read(&rep.join("variants.csv")),
        "slot,variant,entry_id,outlet,count,count_own,share\n"
    );
    let md = read(&rep.join("report.md"));
    // No axis: no evidence, no flags, no slant index to explain (they were
    // there, empty or describing numbers the run did not compute).
    for absent in [
        "## Evidence",
        "## Flags",
        "Lexicon slant index",
        "95% interval",
    ] {
        assert!(!md.contains(absent), "{absent:?} in:\n{md}");
    }
    assert!(md.contains("The lexicons define no variant slots"), "{md}");
    assert!(md.contains("## Frames"), "{md}");
    // The methods end in a paragraph, then the files' section as its own block.
    assert!(md.contains(".\n\n## Files\n"), "{md}");
    let html = read(&rep.join("report.html"));
    for absent in [
        "id=\"rankings\"",
        "id=\"evidence\"",
        "id=\"flags\"",
        "href=\"#evidence\"",
    ] {
        assert!(!html.contains(absent), "{absent:?} in the page");
    }
    assert!(html.contains("id=\"outlets\""));
    assert!(html.contains("define no variant slots"));
}

/// A sentence on the kremlin pole of the default lexicon (weight 1).
const KREMLIN: &str = "Officials in Moscow cited the Kosovo precedent for Ukraine.";
/// A sentence on the ukraine_west pole (weight 1).
const WEST: &str = "Leaders in Kyiv called the Russian commanders war criminals.";
/// A topic word (the lexicon counts terms only near one) and no term.
const TOPIC: &str = "The story concerns Ukraine.";
/// A sentence with no lexicon term and no topic word: off-topic.
const PLAIN: &str = "The city council met on Tuesday to discuss the school budget.";

/// A JSONL corpus of `(outlet, document texts)`.
fn corpus<S: AsRef<str>>(dir: &Path, outlets: &[(S, Vec<String>)]) -> std::path::PathBuf {
    let mut lines = String::new();
    let mut id = 0;
    for (outlet, docs) in outlets {
        for text in docs {
            id += 1;
            lines.push_str(
                &serde_json::json!({"id": format!("d{id}"), "outlet": outlet.as_ref(), "text": text})
                    .to_string(),
            );
            lines.push('\n');
        }
    }
    put(dir, "corpus.jsonl", lines.as_bytes())
}

#[test]
fn a_ranking_says_which_differences_its_intervals_bear_and_counts_the_scored_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let n = std::cell::Cell::new(0);
    let doc = |pole: &str| {
        n.set(n.get() + 1);
        format!("Dispatch {} was filed. {TOPIC} {pole}", n.get())
    };
    let plain =
        |k: usize| -> Vec<String> { (0..k).map(|i| format!("{PLAIN} Item {i}.")).collect() };
    // KREMLIN is one pole match, WEST two: Alpha and Gamma lean to the
    // kremlin pole with overlapping intervals, Beta stands apart.
    let mut alpha: Vec<String> = (0..10).map(|_| doc(KREMLIN)).collect();
    alpha.push(doc(WEST));
    let mut beta: Vec<String> = (0..6).map(|_| doc(WEST)).collect();
    beta.extend(plain(4));
    let mut gamma: Vec<String> = (0..8).map(|_| doc(KREMLIN)).collect();
    gamma.push(doc(WEST));
    let mut delta: Vec<String> = (0..3).map(|_| doc(KREMLIN)).collect();
    delta.extend(plain(10));
    let input = corpus(
        tmp.path(),
        &[
            ("Alpha", alpha),
            ("Beta", beta),
            ("Gamma", gamma),
            ("Delta", delta),
        ],
    );
    slant(
        tmp.path(),
        &[
            "analyze",
            input.to_str().unwrap(),
            "--no-model",
            "--no-compare",
            // the documents repeat the same few sentences, which would be
            // taken for boilerplate
            "--keep-boilerplate",
            "--bootstrap",
            "200",
            "--out",
            "rep",
        ],
    )
    .ok();
    let rep = tmp.path().join("rep");
    let rows = super::util::read_csv(&rep.join("outlets.csv"));
    let get = |o: &str| rows.iter().find(|r| r["outlet"] == o).expect(o);
    assert_eq!(get("Beta")["n_docs"], "10");
    assert_eq!(get("Beta")["off_topic_docs"], "4");
    assert_eq!(get("Delta")["status"], "few_documents");
    assert_eq!(get("Delta")["n_docs"], "13");

    // The separation, counted here from outlets.csv.
    let mut ranked: Vec<(usize, f64, f64)> = rows
        .iter()
        .filter(|r| !r["rank"].is_empty())
        .map(|r| {
            (
                r["rank"].parse().unwrap(),
                r["ci_low"].parse().unwrap(),
                r["ci_high"].parse().unwrap(),
            )
        })
        .collect();
    ranked.sort_by_key(|r| r.0);
    assert_eq!(ranked.len(), 3, "{rows:?}");
    let apart = |a: &(usize, f64, f64), b: &(usize, f64, f64)| a.2 < b.1 || b.2 < a.1;
    let mut all = 0;
    for i in 0..3 {
        for j in i + 1..3 {
            all += usize::from(apart(&ranked[i], &ranked[j]));
        }
    }
    let next = (0..2)
        .filter(|&i| apart(&ranked[i], &ranked[i + 1]))
        .count();
    assert!(all < 3, "some pair overlaps, or the sentence says little");
    let verb = if all == 1 { "has" } else { "have" };
    let want = format!(
        "Of the 3 pairs of ranked outlets, {all} {verb} 95% intervals that do not overlap, and \
         {next} of the 2 pairs of neighbouring ranks."
    );
    let md = read(&rep.join("report.md"));
    assert!(md.contains(&want), "{want:?} not in:\n{md}");
    let html = read(&rep.join("report.html"));
    assert!(html.contains(&want), "{want:?} not in the page");

    // The documents column counts the documents behind the score: Beta's
    // 6 on-topic ones, Delta's 3 (few_documents under --min-docs 5; the
    // 13 shown before contradicted its status).
    let row = |o: &str| {
        md.lines()
            .find(|l| l.contains(&format!("| {o} |")))
            .unwrap_or_else(|| panic!("{o} row in:\n{md}"))
            .split('|')
            .map(str::trim)
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(row("Beta")[5], "6", "{:?}", row("Beta"));
    assert_eq!(row("Delta")[5], "3", "{:?}", row("Delta"));
    assert!(md.contains("Documents: those on the axis's topic"), "{md}");
    assert!(html.contains("<td class=\"n\">3</td>"));
}

#[test]
fn every_chart_the_folder_holds_is_shown_in_report_md() {
    let tmp = tempfile::tempdir().unwrap();
    // 14 outlets, each with words of its own: more than the 10 whose
    // distinctive terms report.md shows (12 keyness charts were drawn,
    // two linked from nowhere).
    let outlets: Vec<(String, Vec<String>)> = (0..14)
        .map(|i| {
            let own = [
                "harbour", "granite", "lantern", "meadow", "orchard", "quarry", "saddle",
            ]
            .map(|w| format!("{w}{}", (b'a' + i as u8) as char));
            let docs = (0..2 + i % 3)
                .map(|d| {
                    format!(
                        "Dispatch {i} {d}. {TOPIC} {KREMLIN} {WEST} {}",
                        own.iter()
                            .map(|w| format!("The {w} {w} {w} stood there."))
                            .collect::<Vec<_>>()
                            .join(" ")
                    )
                })
                .collect();
            (format!("Outlet {i:02}"), docs)
        })
        .collect();
    let input = corpus(tmp.path(), &outlets);
    slant(
        tmp.path(),
        &[
            "analyze",
            input.to_str().unwrap(),
            "--no-model",
            "--keep-boilerplate",
            "--bootstrap",
            "50",
            "--out",
            "rep",
        ],
    )
    .ok();
    let rep = tmp.path().join("rep");
    let md = read(&rep.join("report.md"));
    let mut keyness = 0;
    for e in std::fs::read_dir(&rep).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        if let Some(stem) = name.strip_suffix(".png") {
            keyness += usize::from(stem.starts_with("keyness_"));
            assert!(
                md.contains(&format!("]({name})")),
                "{name} not in report.md"
            );
        }
    }
    assert_eq!(keyness, 10, "one chart per outlet report.md shows");
    assert_eq!(md.matches("distinctive terms](keyness_").count(), 10);
}

/// `slant score` with `model` on `input` into `dir/rep`: its report.md.
fn score_report(dir: &Path, model: &str, input: &str, extra: &[&str]) -> String {
    let mut args = vec!["score", "--model", model, input, "--out", "rep", "-q"];
    args.extend_from_slice(extra);
    slant(dir, &args).ok();
    read(&dir.join("rep/report.md"))
}

#[test]
fn a_document_model_says_what_it_was_trained_on_once() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("m.json");
    let seeds = seeds();
    super::util::train_reference_model(&m);
    let md = score_report(
        tmp.path(),
        m.to_str().unwrap(),
        seeds.to_str().unwrap(),
        &[],
    );
    // The three reference outlets' documents are the units; it read "on 3
    // documents from 3 documents".
    assert!(
        md.contains("on 3 documents (1 `kremlin`, 2 `ukraine_west`)"),
        "{md}"
    );
    assert!(!md.contains("documents from 3 documents"), "{md}");
}

#[test]
fn a_model_without_an_axis_says_its_outlet_table_shows_the_largest() {
    let tmp = tempfile::tempdir().unwrap();
    // 22 outlets (more than the 20 a table by outlet shows), labelled
    // left or right: classes that are no axis's poles.
    let outlets: Vec<(String, Vec<String>)> = (0..22)
        .map(|i| {
            let side = if i % 2 == 0 {
                "tax cuts"
            } else {
                "health care"
            };
            let docs = (0..1 + i % 3)
                .map(|d| format!("Dispatch {i} {d}. {TOPIC} The debate on {side} went on."))
                .collect();
            (format!("Outlet {i:02}"), docs)
        })
        .collect();
    let input = corpus(tmp.path(), &outlets);
    let mut labels = String::from("id,class\n");
    let mut id = 0;
    for (i, (_, docs)) in outlets.iter().enumerate() {
        for _ in docs {
            id += 1;
            let class = if i % 2 == 0 { "right" } else { "left" };
            labels.push_str(&format!("d{id},{class}\n"));
        }
    }
    let labels = put(tmp.path(), "labels.csv", labels.as_bytes());
    let m = tmp.path().join("m.json");
    let (input, labels, m) = (
        input.to_str().unwrap(),
        labels.to_str().unwrap(),
        m.to_str().unwrap(),
    );
    slant(
        tmp.path(),
        &[
            "train", input, "--labels", labels, "-o", m, "--min-df", "1", "-q",
        ],
    )
    .ok();
    let md = score_report(
        tmp.path(),
        m,
        input,
        &["--keep-boilerplate", "--no-compare"],
    );
    assert!(
        md.contains("20 of 22 outlets, the largest (most documents, then tokens)"),
        "{md}"
    );
    assert!(!md.contains("those of the lexicon ranking"), "{md}");
}
