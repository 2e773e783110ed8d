//! `slant report` streams its partial (src/partial/stream.rs): a file of
//! partials one after another (as `cat` joins them) or of rows out of
//! canonical order (as Hadoop Streaming sorts lines as text) is merged
//! first, and reports as its merge does; a row that is not one is refused
//! with its file and line, and no folder is written.

use super::partial::{assert_same_report, corpus};
use super::util::slant;

#[test]
fn joined_and_text_sorted_partials_report_as_their_merge() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines = corpus(200, 3);
    let (a, b) = lines.split_at(100);
    std::fs::write(d.join("s0.jsonl"), a.join("\n") + "\n").unwrap();
    std::fs::write(d.join("s1.jsonl"), b.join("\n") + "\n").unwrap();
    let map = |phase: &[&str], stem: &str| {
        for (j, first) in [(0, "0"), (1, "100")] {
            let (shard, out) = (format!("s{j}.jsonl"), format!("{stem}{j}.gz"));
            let mut args = vec!["map", &shard, "--first-record", first, "-o", &out, "-q"];
            args.extend(phase);
            slant(d, &args).ok();
        }
    };
    map(&["--repeats-only"], "r");
    slant(d, &["merge", "r0.gz", "r1.gz", "-o", "r.gz"]).ok();
    map(&["--repeats", "r.gz"], "p");
    slant(d, &["merge", "p0.gz", "p1.gz", "-o", "merged.gz"]).ok();
    let report = |partial: &str, out: &str| {
        let args = ["report", partial, "--out", out, "--no-charts", "-q"];
        slant(d, &[&args[..], &["--input-name", "corpus.jsonl"]].concat())
    };
    report("merged.gz", "want").ok();

    // two gzip members, one after the other
    let mut joined = std::fs::read(d.join("p0.gz")).unwrap();
    joined.extend(std::fs::read(d.join("p1.gz")).unwrap());
    std::fs::write(d.join("joined.gz"), joined).unwrap();
    report("joined.gz", "joined").ok();
    assert_same_report(&d.join("want"), &d.join("joined"));

    // the merged partial as plain text, its lines sorted as text (the
    // header, `{"format"`, sorts before every row, `{"section"`)
    let plain = slant(d, &["merge", "p1.gz", "p0.gz", "-o", "-"])
        .ok()
        .stdout;
    let mut rows: Vec<&str> = plain.lines().collect();
    let in_order = rows.clone();
    rows.sort_unstable();
    assert_ne!(rows, in_order, "text order is not canonical order");
    std::fs::write(d.join("sorted.jsonl"), rows.join("\n") + "\n").unwrap();
    report("sorted.jsonl", "sorted").ok();
    assert_same_report(&d.join("want"), &d.join("sorted"));

    // a broken row, as the file numbers its lines
    let mut broken = in_order.clone();
    broken[5] = r#"{"section":"count","kind":"#;
    std::fs::write(d.join("broken.jsonl"), broken.join("\n") + "\n").unwrap();
    report("broken.jsonl", "broken").fails_with("broken.jsonl:6: not a partial row");
    assert!(!d.join("broken").exists(), "nothing written");
}
