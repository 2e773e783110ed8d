//! `report.html` in a real headless Chromium: at 500 outlets the page
//! stays bounded, its script runs without error, sorts and filters from
//! the address, and a screenshot is drawn; an LSS run's page shows its
//! outlet scores and words. Without Chromium the browser part is skipped
//! with a notice, so that `cargo test` runs on a fresh machine, unless
//! `SLANT_REQUIRE_BROWSER=1` (CI sets it), when its absence fails. Split
//! from `html.rs`, whose helpers it uses.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::html::{analyze, attr, csv_rows, fetches_nothing, page_table, same_rows_as_csv};

#[test]
fn a_page_at_500_outlets_stays_bounded_and_sorts_in_a_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let outlets = super::scale::outlets();
    let input = super::scale::write_corpus(tmp.path(), &outlets);
    let rep = analyze(
        tmp.path(),
        &input,
        &[
            "--keep-boilerplate",
            "--bootstrap",
            "100",
            "--highlight",
            "Single 003",
        ],
    );
    let html = std::fs::read_to_string(rep.join("report.html")).unwrap();
    // Bounded: the charts and the evidence are bounded as in report.md,
    // and each table shows at most MAX_ROWS rows (measured: 2.3 MB here,
    // of which the outlets table 0.5 MB and the similarity chart 0.2 MB).
    assert!(
        html.len() < 3_000_000,
        "report.html is {} bytes",
        html.len()
    );
    fetches_nothing(&html);
    let rows = same_rows_as_csv(&html, &rep, "outlets", "outlets.csv");
    assert_eq!(rows.len(), 500);
    for (id, file) in [("frames", "frames.csv"), ("variants", "variants.csv")] {
        same_rows_as_csv(&html, &rep, id, file);
    }
    if rep.join("keyness.csv").exists() {
        same_rows_as_csv(&html, &rep, "keyness", "keyness.csv");
    }
    // Evidence for the outlets the ranking shows: the 10 highest and 10
    // lowest of the 40 ranked, up to 8 with too little evidence, and the
    // highlighted one (src/report/selection.rs).
    let articles = html.matches("<article class=\"ev\"").count();
    assert!(
        (20..=29).contains(&articles),
        "{articles} outlets with evidence"
    );
    assert!(html.contains("… 20 more ranked (outlets table)"));
    assert!(
        html.contains(">Single 003</a>"),
        "the highlighted outlet is shown"
    );

    let Some(chrome) = browser() else { return };
    let dom = dump_dom(
        &chrome,
        tmp.path(),
        &rep,
        "outlets-sort=score:desc&outlets-filter=large%20outlet",
    );
    ran_without_error(&dom);
    let t = page_table(&dom, "outlets");
    assert_eq!(t.rows.len(), 500, "every row in the DOM");
    let score = t.columns.iter().position(|c| c == "score").unwrap();
    let shown: Vec<f64> = t
        .rows
        .iter()
        .filter(|(hidden, _)| !hidden)
        .map(|(_, r)| r[score].parse().unwrap())
        .collect();
    // The generator makes 40 "Large Outlet" outlets, each with a score.
    assert_eq!(shown.len(), 40);
    assert_eq!(attr(&t.attrs, "data-shown"), Some("40"));
    assert!(
        shown.windows(2).all(|w| w[0] >= w[1]),
        "descending: {shown:?}"
    );
    let top = rows
        .iter()
        .filter(|r| r[0].starts_with("Large Outlet"))
        .map(|r| r[4].parse::<f64>().unwrap())
        .fold(f64::MIN, f64::max);
    assert_eq!(shown[0], top, "the highest score of outlets.csv first");
    let png = tmp.path().join("shot.png");
    screenshot(&chrome, tmp.path(), &rep, &png);
    let bytes = std::fs::read(&png).expect("a screenshot");
    assert_eq!(&bytes[1..4], b"PNG");
    assert!(bytes.len() > 20_000, "a screenshot with content");
}

/// Chromium, if installed. Without it the browser checks are skipped with
/// a notice on standard error, unless `SLANT_REQUIRE_BROWSER=1` (set by
/// `.ci/run`), when they fail.
pub(super) fn browser() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = ["chromium", "chromium-browser"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var("SLANT_REQUIRE_BROWSER").as_deref() != Ok("1"),
            "no chromium on PATH, and SLANT_REQUIRE_BROWSER=1: install it \
             (apt-get install chromium)"
        );
        eprintln!(
            "NOTE: no chromium on PATH: the headless-browser checks of report.html \
             were skipped (apt-get install chromium to run them; CI requires them)"
        );
    }
    found
}

fn headless(chrome: &Path, dir: &Path) -> Command {
    let mut cmd = Command::new(chrome);
    cmd.args(["--headless", "--disable-gpu", "--no-sandbox"])
        .arg(format!(
            "--user-data-dir={}",
            dir.join("chrome-profile").display()
        ));
    cmd
}

fn url(rep: &Path, hash: &str) -> String {
    format!("file://{}#{hash}", rep.join("report.html").display())
}

/// The page's DOM after its script ran, opened at `#hash`.
pub(super) fn dump_dom(chrome: &Path, dir: &Path, rep: &Path, hash: &str) -> String {
    let out = headless(chrome, dir)
        .arg("--dump-dom")
        .arg(url(rep, hash))
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 DOM")
}

/// The script set `data-ready` and caught no error.
pub(super) fn ran_without_error(dom: &str) {
    let body = &dom[dom.find("<body").expect("body")..];
    let tag = &body[..body.find('>').expect("body tag")];
    assert!(!tag.contains("data-error"), "the script failed: {tag}");
    assert!(
        tag.contains("data-ready=\"1\""),
        "the script did not run: {tag}"
    );
}

fn screenshot(chrome: &Path, dir: &Path, rep: &Path, png: &Path) {
    let out = headless(chrome, dir)
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=1280,2000")
        .arg(url(rep, ""))
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_lss_run_shows_its_outlet_scores_chart_and_words() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    super::lss::corpus(d);
    super::lss::analyze(d, "rep", &["-q"]);
    let rep = d.join("rep");
    let html = std::fs::read_to_string(rep.join("report.html")).unwrap();
    fetches_nothing(&html);
    assert!(html.contains("<a href=\"#lss\">LSS</a>") && html.contains("<section id=\"lss\">"));
    // The scores with their intervals: every row of lss_outlets.csv.
    let rows = same_rows_as_csv(&html, &rep, "lss-outlets", "lss_outlets.csv");
    assert_eq!(rows.len(), 7);
    assert!(html.contains("<figure id=\"chart-lss_outlets\"><svg "));
    // The words: rows of lss_words.csv, both ends, the strongest first.
    let (header, words) = csv_rows(&rep.join("lss_words.csv"));
    let t = page_table(&html, "lss-words");
    assert_eq!(t.columns, header);
    let shown: Vec<Vec<String>> = t.rows.into_iter().map(|(_, r)| r).collect();
    assert!(!shown.is_empty() && shown.len() <= 40);
    for side in ["positive", "negative"] {
        let first = words.iter().find(|r| r[0] == side).unwrap();
        assert!(shown.contains(first), "the strongest {side} word is shown");
    }
    assert!(shown.iter().all(|r| words.contains(r)));
    if let Some(chrome) = browser() {
        let dom = dump_dom(&chrome, d, &rep, "lss-outlets-sort=score:desc");
        ran_without_error(&dom);
        let t = page_table(&dom, "lss-outlets");
        let s = t.columns.iter().position(|c| c == "score").unwrap();
        let scores: Vec<f64> = t.rows.iter().map(|(_, r)| r[s].parse().unwrap()).collect();
        assert!(
            scores.windows(2).all(|w| w[0] >= w[1]),
            "sorted: {scores:?}"
        );
    }
}
