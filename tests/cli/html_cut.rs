//! A page whose frames and variants tables hold more rows than it shows
//! (2,000, `src/report/html/table.rs`): it keeps whole outlets, those its
//! charts show first (the largest and the highlighted), then the rest by
//! size, where it once kept the first rows of the alphabet; it says how
//! many rows it left out and that the CSV holds them; and in a browser a
//! filter for an outlet left out says its rows are in the CSV.

use std::path::Path;

use super::html::{page_table, same_rows_as_csv, MAX_ROWS};
use super::html_browser::{browser, dump_dom, ran_without_error};
use crate::util::{put, slant};

/// Ten frames of one term each and a slot of ten variants: every outlet
/// that uses them all has ten rows in `frames.csv` and ten in
/// `variants.csv` (a variant it did not use has a share of 0).
const LEXICON: &str = r#"[lexicon]
name = "fruit"

[[frame]]
id = "f0"
[[frame.term]]
text = "apple"

[[frame]]
id = "f1"
[[frame.term]]
text = "banana"

[[frame]]
id = "f2"
[[frame.term]]
text = "cherry"

[[frame]]
id = "f3"
[[frame.term]]
text = "damson"

[[frame]]
id = "f4"
[[frame.term]]
text = "elderberry"

[[frame]]
id = "f5"
[[frame.term]]
text = "fig"

[[frame]]
id = "f6"
[[frame.term]]
text = "grape"

[[frame]]
id = "f7"
[[frame.term]]
text = "hazelnut"

[[frame]]
id = "f8"
[[frame.term]]
text = "kiwi"

[[frame]]
id = "f9"
[[frame.term]]
text = "lemon"

[[slot]]
id = "colour"
label = "Colour"
"#;

const COLOURS: [&str; 10] = [
    "red", "orange", "yellow", "green", "blue", "indigo", "violet", "black", "white", "grey",
];

/// 250 outlets "Outlet 000" to "Outlet 249", outlet `i` with `1 + i % 3`
/// documents, and "Zz Largest" with 6: the largest outlet is last by
/// name. Every document names every fruit and one colour.
fn corpus(dir: &Path) -> std::path::PathBuf {
    let mut lexicon = LEXICON.to_string();
    for c in COLOURS {
        lexicon.push_str(&format!(
            "\n[[slot.variant]]\nlabel = \"{c}\"\ntext = \"{c}\"\n"
        ));
    }
    put(dir, "fruit.toml", lexicon.as_bytes());
    let outlets = (0..250)
        .map(|i| (format!("Outlet {i:03}"), 1 + i % 3))
        .chain([("Zz Largest".to_string(), 6)]);
    let mut s = String::new();
    for (o, n) in outlets {
        for d in 0..n {
            let text = format!(
                "The market sold apple, banana, cherry, damson, elderberry, fig, grape, \
                 hazelnut, kiwi and lemon. The stall was {}.",
                COLOURS[d % COLOURS.len()]
            );
            let rec = serde_json::json!({"id": format!("{o}-{d}"), "outlet": o, "text": text});
            s.push_str(&format!("{rec}\n"));
        }
    }
    put(dir, "corpus.jsonl", s.as_bytes())
}

/// The outlets of a page table's rows, each once, in the order shown.
fn outlets_shown(rows: &[(bool, Vec<String>)], at: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, r) in rows {
        if out.last() != Some(&r[at]) {
            out.push(r[at].clone());
        }
    }
    out
}

#[test]
fn a_cut_table_keeps_the_largest_outlets_and_says_where_the_rest_are() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let input = corpus(d);
    let args = [
        "analyze",
        input.to_str().unwrap(),
        "--lexicon",
        "fruit.toml",
        "--highlight",
        "Outlet 249",
        "--no-model",
        "--no-compare",
        "--out",
        "rep",
        "-q",
    ];
    slant(d, &args).ok();
    let rep = d.join("rep");
    let html = std::fs::read_to_string(rep.join("report.html")).unwrap();
    // 251 outlets of 10 rows each: 2,000 rows are 200 whole outlets. By
    // size: Zz Largest (6 documents), the 83 outlets of 3 and the 83 of 2
    // (i % 3 = 2 and 1), then the 84 of one document (i % 3 = 0), which
    // tie on tokens and go by name. The charts show the 20 largest and the
    // highlighted Outlet 249 (one document); then come the other outlets
    // of 3 and 2 documents (146), and of the one-document outlets the
    // first 32 by name: Outlet 000 to Outlet 093. Left out: the 51 others,
    // Outlet 096 to Outlet 246.
    for (id, file) in [("frames", "frames.csv"), ("variants", "variants.csv")] {
        let rows = same_rows_as_csv(&html, &rep, id, file);
        assert_eq!(rows.len(), 2_510, "{file}: 251 outlets of 10 rows");
        let t = page_table(&html, id);
        assert_eq!(t.rows.len(), MAX_ROWS, "{id}");
        let at = t.columns.iter().position(|c| c == "outlet").unwrap();
        let shown = outlets_shown(&t.rows, at);
        assert_eq!(shown.len(), 200, "{id}: whole outlets, each once");
        assert_eq!(shown[0], "Zz Largest", "{id}: the largest first");
        assert!(
            shown[..21].contains(&"Outlet 249".to_string()),
            "{id}: highlighted among the charted"
        );
        assert!(shown.contains(&"Outlet 093".to_string()), "{id}");
        for gone in ["Outlet 096", "Outlet 246"] {
            assert!(!shown.contains(&gone.to_string()), "{id}: {gone} left out");
        }
        let what = match id {
            "frames" => "Of the 2510 rows with a match, 2000 are shown",
            _ => "2000 of 2510 rows are shown",
        };
        let note = format!(
            "{what}: the rows of 200 outlets, the 21 shown in the chart above, then the \
             largest (most documents, then tokens), in that order. The 510 rows of the other 51 \
             outlets are only in <code>{file}</code>."
        );
        assert!(html.contains(&note), "{id}: {note}");
        assert!(html.contains(&format!(
            "id=\"{id}\" data-file=\"{file}\" data-rows=\"2510\" data-left-out=\"510\" data-cut="
        )));
    }
    let Some(chrome) = browser() else { return };
    for (hash, id, count) in [
        (
            "frames-filter=Outlet%20246",
            "frames",
            "0 of 2000 rows shown; 10 rows for this filter are only in frames.csv (left out of this page).",
        ),
        ("frames-filter=zz%20largest", "frames", "10 of 2000 rows shown."),
        (
            "variants-filter=outlet%2009",
            "variants",
            // Outlet 090 to 099: 096 and 099 (one document) left out
            "80 of 2000 rows shown; 20 rows for this filter are only in variants.csv (left out of this page).",
        ),
    ] {
        let dom = dump_dom(&chrome, d, &rep, hash);
        ran_without_error(&dom);
        let span = format!("<span class=\"count\" id=\"{id}-count\">{count}</span>");
        assert!(dom.contains(&span), "{hash}: {span}");
    }
}
