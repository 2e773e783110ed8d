//! Charts named after outlets: outlets whose names make the same file name
//! (or one too long for a file system) each get their own chart file, and
//! report.md links it.

use std::collections::BTreeSet;
use std::path::Path;

use crate::util::{put, slant};

/// A name of over 300 bytes, with two-byte characters where it is cut.
fn long_name() -> String {
    let name = "Très Long Nom de Journal Quotidien ".repeat(9);
    assert!(name.len() > 300);
    name.trim_end().to_string()
}

/// A JSONL corpus: four documents per outlet, each outlet with a word of
/// its own, so every outlet has distinctive terms to chart.
fn corpus(dir: &Path, outlets: &[(&str, &str)]) {
    let mut lines = String::new();
    for (o, (outlet, word)) in outlets.iter().enumerate() {
        for d in 0..4 {
            let text = format!(
                "The market sold {word} on Monday. Traders said {word} prices rose again, \
                 and buyers wanted more {word} before the weekend. The town council met \
                 on Tuesday to discuss roads."
            );
            let record = serde_json::json!({
                "id": format!("{o}-{d}"),
                "outlet": outlet,
                "text": text,
            });
            lines.push_str(&record.to_string());
            lines.push('\n');
        }
    }
    put(dir, "corpus.jsonl", lines.as_bytes());
}

/// The chart files linked under each outlet's heading in "Distinctive
/// terms", as (heading, file) in report order.
fn keyness_links(md: &str) -> Vec<(String, String)> {
    let section = md
        .split("## Distinctive terms")
        .nth(1)
        .expect("a Distinctive terms section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut heading = None;
    let mut out = Vec::new();
    for line in section.lines() {
        if let Some(h) = line.strip_prefix("**").and_then(|l| l.strip_suffix("**")) {
            heading = Some(h.to_string());
        } else if line.starts_with("![") {
            let file = line
                .rsplit_once("](")
                .and_then(|(_, f)| f.strip_suffix(')'))
                .expect("an image link");
            out.push((heading.clone().expect("a heading"), file.to_string()));
        }
    }
    out
}

/// Every link target in `md` ending in `.png` or `.svg`.
fn chart_links(md: &str) -> Vec<&str> {
    md.split("](")
        .skip(1)
        .filter_map(|rest| rest.split_once(')').map(|(target, _)| target))
        .filter(|t| t.ends_with(".png") || t.ends_with(".svg"))
        .collect()
}

#[test]
fn outlets_with_colliding_names_each_link_their_own_chart() {
    let tmp = tempfile::tempdir().unwrap();
    let long = long_name();
    let outlets = [
        ("Foo", "apples"),
        ("foo", "bananas"),
        ("FOO", "cherries"),
        (long.as_str(), "durians"),
    ];
    corpus(tmp.path(), &outlets);
    slant(
        tmp.path(),
        &[
            "analyze",
            "corpus.jsonl",
            "--out",
            "out",
            "--no-model",
            // every document of an outlet is the same line, which would
            // otherwise be masked as boilerplate
            "--keep-boilerplate",
            "-q",
        ],
    )
    .ok();
    let out = tmp.path().join("out");
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();

    for file in chart_links(&md) {
        assert!(
            out.join(file).is_file(),
            "report.md links {file}, not written"
        );
    }
    let links = keyness_links(&md);
    let headings: BTreeSet<&str> = links.iter().map(|(h, _)| h.as_str()).collect();
    let want: BTreeSet<&str> = outlets.iter().map(|(o, _)| *o).collect();
    assert_eq!(headings, want, "one keyness chart per outlet: {links:?}");
    let files: BTreeSet<&str> = links.iter().map(|(_, f)| f.as_str()).collect();
    assert_eq!(files.len(), outlets.len(), "a file each: {links:?}");
    for (outlet, file) in &links {
        assert!(file.len() < 100, "{file}");
        let svg = file.replace(".png", ".svg");
        assert!(out.join(&svg).is_file(), "{svg}");
        // Each chart is the outlet's own: its title ends in the outlet's
        // name (a long title wraps, so only the last word is sure to be
        // on the line).
        let last = outlet.rsplit(' ').next().unwrap();
        let drawn = std::fs::read_to_string(out.join(&svg)).unwrap();
        assert!(
            drawn.contains(&format!("{last}: distinctive")),
            "{file} is not {outlet}'s chart"
        );
    }
}
