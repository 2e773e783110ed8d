//! `report.html` states the corpus caveats `report.md` states under its
//! totals (documents off-topic, matches not counted, boilerplate and wire
//! copy left out, a `--highlight` the corpus lacks), word for word and
//! number for number: a reader of the page alone must not take every
//! document for one that feeds the scores.

use std::path::Path;

use super::html::unescape;
use crate::util::{put, read_csv, slant};

const KREMLIN: &str = "Officials in Moscow cited the Kosovo precedent for Ukraine.";
const WEST: &str = "Leaders in Kyiv called the Russian commanders war criminals.";
/// No word of the `russia_ukraine` topic context.
const PLAIN: &str = "The city council met on Tuesday to discuss the school budget.";
/// A pole term ("war criminals") with no topic word near it.
const NO_TOPIC: &str = "The mayor called the gang leaders war criminals.";
/// A line every document of an outlet ends with.
const FOOTER: &str = "Subscribe to our newsletter for the latest updates from our newsroom.";

/// Three outlets of six documents each, the last two of each off the
/// axis's topic (one match of "war criminals" each, not counted), every
/// document ending with the same footer; and one text sent by wire to two
/// of them.
fn corpus(dir: &Path) -> std::path::PathBuf {
    let mut s = String::new();
    for o in ["Alpha", "Beta", "Gamma"] {
        for d in 0..6 {
            let body = match d {
                0..4 if d % 2 == 0 => vec![KREMLIN],
                0..4 => vec![WEST],
                _ => vec![PLAIN, NO_TOPIC],
            };
            let story = format!("Story {o} {d} about the day.");
            let text = [body, vec![story.as_str(), FOOTER]].concat().join("\n\n");
            let rec = serde_json::json!({"id": format!("{o}-{d}"), "outlet": o, "text": text});
            s.push_str(&format!("{rec}\n"));
        }
    }
    let wire = format!("{KREMLIN} {WEST} Talks resume next week.");
    for (i, o) in ["Alpha", "Beta"].iter().enumerate() {
        let rec = serde_json::json!({"id": format!("wire-{i}"), "outlet": o, "text": wire});
        s.push_str(&format!("{rec}\n"));
    }
    put(dir, "corpus.jsonl", s.as_bytes())
}

/// `report.md`'s paragraphs between the totals and "Scores count", as
/// plain text (code spans and escapes undone).
fn md_caveats(md: &str) -> Vec<String> {
    let paras: Vec<&str> = md.split("\n\n").collect();
    let end = paras
        .iter()
        .position(|p| p.starts_with("Scores count"))
        .expect("the closing paragraph of the opening");
    paras[2..end]
        .iter()
        .map(|p| p.replace(['`', '\\'], ""))
        .collect()
}

/// The page's paragraphs between the totals and "Scores count", as plain
/// text (tags dropped, entities undone).
fn html_caveats(html: &str) -> Vec<String> {
    let header = &html[html.find("<header>").expect("header")..];
    let header = &header[..header.find("</header>").expect("header closed")];
    let paras: Vec<String> = header
        .split("<p>")
        .skip(1)
        .map(|p| {
            let p = &p[..p.find("</p>").expect("p closed")];
            let mut text = String::new();
            let mut in_tag = false;
            for ch in p.chars() {
                match ch {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            unescape(&text)
        })
        .collect();
    let end = paras
        .iter()
        .position(|p| p.starts_with("Scores count"))
        .expect("the closing paragraph of the opening");
    paras[1..end].to_vec()
}

#[test]
fn the_page_states_the_corpus_caveats_of_report_md() {
    let tmp = tempfile::tempdir().unwrap();
    let input = corpus(tmp.path());
    let common = ["--no-model", "--no-compare", "--bootstrap", "50"];
    let runs: [(&str, &[&str]); 2] = [
        ("rep", &["--highlight", "Delta"]),
        ("kept", &["--keep-boilerplate", "--duplicates", "drop"]),
    ];
    for (name, extra) in runs {
        let input = input.to_str().unwrap();
        let head = ["analyze", input, "--out", name, "-q"];
        let args: Vec<&str> = head.iter().chain(&common).chain(extra).copied().collect();
        slant(tmp.path(), &args).ok();
        let rep = tmp.path().join(name);
        let md = std::fs::read_to_string(rep.join("report.md")).unwrap();
        let html = std::fs::read_to_string(rep.join("report.html")).unwrap();
        let want = md_caveats(&md);
        assert_eq!(
            html_caveats(&html),
            want,
            "{name}: the caveats of report.md"
        );
        let has = |s: &str| {
            assert!(
                want.iter().any(|p| p.contains(s)),
                "{name}: {s:?} in {want:#?}"
            )
        };
        // Two of each outlet's six documents hold no topic word: 6 of 20
        // (18 and the 2 wire copies; 19 when the copy is dropped) are
        // off-topic, and the "war criminals" of each of them is not
        // counted.
        let documents = if name == "rep" { 20 } else { 19 };
        has(&format!(
            "6 of {documents} documents are off-topic for russia_ukraine"
        ));
        has("6 further matches were not counted");
        // The wire text in Alpha and again in Beta.
        has("Wire copy: 1 text was found again, identical or nearly, in 1 more document");
        // However many lines the pass for repeated text found, both say
        // the number of boilerplate.csv (the footer among them).
        let lines = read_csv(&rep.join("boilerplate.csv")).len();
        assert!(
            lines >= 3,
            "{name}: the footer of each outlet ({lines} lines)"
        );
        has(&format!("Boilerplate: {lines} lines repeated"));
        if name == "rep" {
            has("were left out of matching, keyness and the model");
            has("every outlet's copy counts");
            has("--highlight Delta: the corpus has no such outlet");
        } else {
            has("were found and kept (--keep-boilerplate)");
            has("only the first copy of each was counted (--duplicates drop)");
        }
    }
}
