//! `report.html`: the page holds the same rows as the CSV files, the same
//! evidence as `report.md`, no address to fetch, and escapes hostile names.
//! At 500 outlets and in a real browser: `html_browser.rs`, which uses the
//! helpers here.

use std::path::{Path, PathBuf};

use super::html_browser::{browser, dump_dom, ran_without_error};
use crate::util::{put, seeds, slant};

/// Rows a table of the page shows at most, the keyness table, and the
/// outlets table (`src/report/html/table.rs`).
pub(super) const MAX_ROWS: usize = 2_000;
const MAX_KEYNESS_ROWS: usize = 500;
const MAX_OUTLET_ROWS: usize = 5_000;

/// HTML entities the page writes, undone (`&amp;` last).
pub(super) fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in a tag's attribute text.
pub(super) fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = attrs.find(&key)? + key.len();
    Some(&attrs[at..at + attrs[at..].find('"')?])
}

/// A table of the page: its id's `<table>` attributes, its column names,
/// and its rows, hidden or not; each cell its exact value (`data-v`, else
/// its text). Works on the page as written and as Chromium dumps it.
pub(super) struct PageTable {
    pub(super) attrs: String,
    pub(super) columns: Vec<String>,
    pub(super) rows: Vec<(bool, Vec<String>)>,
}

pub(super) fn page_table(html: &str, id: &str) -> PageTable {
    let open = format!("<table class=\"data\" id=\"{id}\"");
    let start = html.find(&open).unwrap_or_else(|| panic!("no table {id}"));
    let html = &html[start..];
    let end = html.find("</table>").expect("table closed");
    let table = &html[..end];
    let attrs = table[..table.find('>').expect("tag")].to_string();
    let head = &table[..table.find("</thead>").expect("thead")];
    let columns = head
        .split("<th")
        .skip(2)
        .map(|th| {
            let inner = &th[th.find('>').expect("th") + 1..];
            unescape(&inner[..inner.find("</th>").expect("th closed")])
        })
        .collect();
    let body = &table[table.find("<tbody>").expect("tbody")..];
    let rows = body
        .split("<tr")
        .skip(1)
        .map(|tr| {
            let tag = &tr[..tr.find('>').expect("tr")];
            let cells = tr
                .split("<td")
                .skip(1)
                .map(|td| {
                    let (attrs, rest) = td.split_once('>').expect("td");
                    let text = &rest[..rest.find("</td>").expect("td closed")];
                    unescape(attr(attrs, "data-v").unwrap_or(text))
                })
                .collect();
            (tag.contains("hidden"), cells)
        })
        .collect();
    PageTable {
        attrs,
        columns,
        rows,
    }
}

/// A CSV file's header and rows, in order.
pub(super) fn csv_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("record").iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// Checks that `shown` is a share of every group of `rows` (rows with the
/// same first cell, listed together): the first `k` rows of each, for one
/// `k`, at most `max` rows in all, no group left out.
pub(super) fn shared_rows_of(shown: &[Vec<String>], rows: &[Vec<String>], max: usize) {
    assert!(shown.len() <= max, "{} rows shown", shown.len());
    // each CSV row's place within its group
    let mut place = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let p = match i {
            0 => 0,
            _ if rows[i - 1][0] == r[0] => place[i - 1] + 1,
            _ => 0,
        };
        place.push(p);
    }
    let k = 1 + rows
        .iter()
        .zip(&place)
        .filter(|(r, _)| shown.contains(r))
        .map(|(_, &p)| p)
        .max()
        .expect("rows shown");
    let want: Vec<&Vec<String>> = rows
        .iter()
        .zip(&place)
        .filter(|(_, &p)| p < k)
        .map(|(r, _)| r)
        .collect();
    let got: Vec<&Vec<String>> = shown.iter().collect();
    assert_eq!(got, want, "the first {k} rows of every group");
    let groups = |rs: &[&Vec<String>]| {
        rs.iter()
            .map(|r| r[0].clone())
            .collect::<std::collections::BTreeSet<_>>()
    };
    let all: Vec<&Vec<String>> = rows.iter().collect();
    assert_eq!(groups(&got), groups(&all), "every group has its share");
}

/// Checks that table `id` of the page holds the rows of `file` in `rep`
/// (the first [`MAX_ROWS`], with a note when cut; for keyness, a share of
/// every outlet); returns the CSV rows.
pub(super) fn same_rows_as_csv(html: &str, rep: &Path, id: &str, file: &str) -> Vec<Vec<String>> {
    let max = match id {
        "outlets" => MAX_OUTLET_ROWS,
        "keyness" => MAX_KEYNESS_ROWS,
        _ => MAX_ROWS,
    };
    let t = page_table(html, id);
    let (header, rows) = csv_rows(&rep.join(file));
    if id == "keyness" && rows.len() > max {
        let shown: Vec<Vec<String>> = t.rows.into_iter().map(|(_, r)| r).collect();
        shared_rows_of(&shown, &rows, max);
        assert!(html.contains(&format!(
            "of {} rows); <code>{file}</code> holds them all",
            rows.len()
        )));
        return rows;
    }
    assert_eq!(t.columns, header, "{id}: the columns of {file}");
    assert_eq!(
        attr(&t.attrs, "data-rows"),
        Some(rows.len().to_string().as_str())
    );
    // The frames an outlet never used are left out of the page (said in a
    // note); the CSV has them.
    let all = rows.len();
    let rows: Vec<Vec<String>> = match header.iter().position(|c| c == "count") {
        Some(c) if id == "frames" => rows.into_iter().filter(|r| r[c] != "0").collect(),
        _ => rows,
    };
    if rows.len() < all {
        assert!(html.contains(&format!(
            "{} rows with no match are left out here",
            all - rows.len()
        )));
    }
    let shown: Vec<Vec<String>> = t.rows.into_iter().map(|(_, r)| r).collect();
    if rows.len() <= max {
        assert_eq!(shown.len(), rows.len(), "{id}: rows of {file}");
        for (i, (got, want)) in shown.iter().zip(&rows).enumerate() {
            assert_eq!(got, want, "{id}: row {} of {file}", i + 1);
        }
        return rows;
    }
    // Cut: whole outlets' rows, at most `max`, and a note saying where the
    // rest are (which outlets: `html_cut.rs`).
    assert!(shown.len() <= max, "{id}: {} rows", shown.len());
    let at = header
        .iter()
        .position(|c| c == "outlet")
        .expect("an outlet column");
    let of = |rs: &[Vec<String>], o: &str| -> Vec<Vec<String>> {
        let mut v: Vec<Vec<String>> = rs.iter().filter(|r| r[at] == o).cloned().collect();
        v.sort();
        v
    };
    for r in &shown {
        assert_eq!(
            of(&shown, &r[at]),
            of(&rows, &r[at]),
            "{id}: every row of {}",
            r[at]
        );
    }
    let left = rows.len() - shown.len();
    assert!(
        html.contains(&format!("The {left} rows of the other "))
            && html.contains(&format!("outlets are only in <code>{file}</code>.")),
        "{id}: the note on the {left} rows left out"
    );
    rows
}

/// The page may fetch nothing: no address, no external script, style or
/// image. (Escaped text may say `src=`, never `src="`: quotes are escaped.)
pub(super) fn fetches_nothing(html: &str) {
    for needle in [
        "http://",
        "https://",
        "<script src",
        "<link",
        "src=\"",
        "url(",
        "@import",
    ] {
        assert!(!html.contains(needle), "report.html holds {needle:?}");
    }
}

pub(super) fn analyze(dir: &Path, input: &Path, extra: &[&str]) -> PathBuf {
    let mut args = vec![
        "analyze",
        input.to_str().expect("utf-8 path"),
        "--out",
        "rep",
        "-q",
    ];
    args.extend(extra);
    slant(dir, &args).ok();
    dir.join("rep")
}

#[test]
fn the_seed_page_holds_the_csv_tables_and_the_evidence_of_report_md() {
    let tmp = tempfile::tempdir().unwrap();
    let rep = analyze(tmp.path(), &seeds(), &[]);
    let html = std::fs::read_to_string(rep.join("report.html")).unwrap();
    fetches_nothing(&html);
    for (id, file) in [
        ("outlets", "outlets.csv"),
        ("frames", "frames.csv"),
        ("variants", "variants.csv"),
        ("keyness", "keyness.csv"),
    ] {
        same_rows_as_csv(&html, &rep, id, file);
    }
    // Every chart drawn is on the page, inline.
    for entry in std::fs::read_dir(&rep).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".svg") {
            assert!(
                html.contains(&format!("<figure id=\"chart-{stem}\"><svg ")),
                "{stem}"
            );
        }
    }
    // Every seed outlet has one document, so every row is flagged, and the
    // flag says why on hover (src/scores/outlet.rs, Flag::meaning).
    assert!(html.contains(
        "<span class=\"flag\" title=\"fewer documents than the minimum: the interval is unreliable\">few_documents</span>"
    ));
    // The same evidence as report.md: there each matched term is followed
    // by `<sub>[weight]</sub>`, with `, q` inside a quotation.
    let md = std::fs::read_to_string(rep.join("report.md")).unwrap();
    let terms = md.matches("<sub>[").count();
    assert!(terms > 10, "the seeds have evidence ({terms} terms)");
    assert_eq!(html.matches("<mark class=").count(), terms);
    let quoted = md.matches(", q]</sub>").count();
    assert!(quoted > 0, "a seed sentence quotes a term");
    assert_eq!(html.matches("<sup class=\"q\" title").count(), quoted);
    if let Some(chrome) = browser() {
        let dom = dump_dom(
            &chrome,
            tmp.path(),
            &rep,
            "keyness-sort=z:desc&keyness-filter=RT",
        );
        ran_without_error(&dom);
        let t = page_table(&dom, "keyness");
        let shown: Vec<&Vec<String>> = t.rows.iter().filter(|(h, _)| !h).map(|(_, r)| r).collect();
        assert!(!shown.is_empty() && shown.len() < t.rows.len(), "filtered");
        assert!(shown
            .iter()
            .all(|r| r.join(" ").to_lowercase().contains("rt")));
        let z = t.columns.iter().position(|c| c == "z").unwrap();
        let zs: Vec<f64> = shown.iter().map(|r| r[z].parse().unwrap()).collect();
        assert!(
            zs.windows(2).all(|w| w[0] >= w[1]),
            "sorted by z, descending: {zs:?}"
        );
    }
}

#[test]
fn compare_and_score_write_the_page_too() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = seeds();
    let seeds = seeds.to_str().unwrap();
    let args = [
        "compare",
        seeds,
        "--outlets",
        "RT",
        "Bloomberg",
        "--out",
        "cmp",
        "-q",
    ];
    slant(tmp.path(), &args).ok();
    let cmp = tmp.path().join("cmp");
    let html = std::fs::read_to_string(cmp.join("report.html")).unwrap();
    fetches_nothing(&html);
    // keyness.csv ends with the head-to-head pair's terms.
    let rows = same_rows_as_csv(&html, &cmp, "keyness", "keyness.csv");
    assert!(rows.iter().any(|r| r[0] == "RT" && r[1] == "Bloomberg"));
    slant(tmp.path(), &["train", seeds, "-o", "m.json", "-q"]).ok();
    let args = ["score", "--model", "m.json", seeds, "--out", "scored", "-q"];
    slant(tmp.path(), &args).ok();
    let scored = tmp.path().join("scored");
    let html = std::fs::read_to_string(scored.join("report.html")).unwrap();
    let (header, _) = csv_rows(&scored.join("outlets.csv"));
    assert!(header.iter().any(|c| c == "model_score"), "{header:?}");
    same_rows_as_csv(&html, &scored, "outlets", "outlets.csv");
    assert!(
        html.contains("<figure id=\"chart-model_"),
        "the model's chart"
    );
}

#[test]
fn hostile_outlet_names_and_sentences_are_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let names = [
        "<script>alert(\"x\")</script>",
        "A & B \"quoted\" 'single'",
        "</table><img src=x onerror=alert(1)>",
    ];
    let mut corpus = String::new();
    for (i, name) in names.iter().enumerate() {
        for d in 0..2 {
            let text = "Officials in <b>Moscow</b> cited the Kosovo precedent for Ukraine. \
                        Leaders in Kyiv called the Russian commanders war criminals.";
            corpus.push_str(
                &serde_json::json!({"id": format!("d{i}-{d}"), "outlet": name, "text": text})
                    .to_string(),
            );
            corpus.push('\n');
        }
    }
    let input = put(tmp.path(), "corpus.jsonl", corpus.as_bytes());
    let rep = analyze(tmp.path(), &input, &["--no-model", "--bootstrap", "50"]);
    let html = std::fs::read_to_string(rep.join("report.html")).unwrap();
    fetches_nothing(&html);
    for raw in ["<script>alert", "<img", "</table><img", "<b>"] {
        assert!(!html.contains(raw), "{raw:?} left unescaped");
    }
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert!(html.contains("A &amp; B &quot;quoted&quot; &#39;single&#39;"));
    assert!(
        html.contains("&lt;b&gt;Moscow&lt;/b&gt;"),
        "the sentence escaped"
    );
    let rows = same_rows_as_csv(&html, &rep, "outlets", "outlets.csv");
    assert_eq!(rows.len(), names.len());
}
