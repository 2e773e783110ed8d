//! `slant merge`: partial results of shards combine whatever their order,
//! and partials that do not belong together are refused with the field
//! that differs.

use super::util::slant;

/// A plain-text partial of records `first..end` holding one form count.
fn partial(first: u64, end: u64, evidence: u64, n: u64) -> String {
    format!(
        concat!(
            r#"{{"format":"slant-partial","version":1,"slant":"{}","phase":"match","#,
            r#""lexicons":[{{"name":"crimea","sha256":"ab"}}],"options":{{"evidence":{}}},"#,
            r#""records":[[{},{}]]}}"#,
            "\n",
            r#"{{"section":"count","kind":"form","key":["0","0"],"n":{}}}"#,
            "\n"
        ),
        env!("CARGO_PKG_VERSION"),
        evidence,
        first,
        end,
        n
    )
}

fn merged_text(path: &std::path::Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let mut text = String::new();
    use std::io::Read;
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn merge_sums_in_any_order_to_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.jsonl"), partial(0, 10, 5, 3)).unwrap();
    std::fs::write(d.join("b.jsonl"), partial(10, 25, 5, 4)).unwrap();
    std::fs::write(d.join("c.jsonl"), partial(25, 30, 5, 1)).unwrap();
    slant(d, &["merge", "c.jsonl", "a.jsonl", "-o", "ca.gz"]).ok();
    slant(d, &["merge", "b.jsonl", "ca.gz", "-o", "one.gz"]).ok();
    slant(
        d,
        &["merge", "a.jsonl", "b.jsonl", "c.jsonl", "-o", "two.gz"],
    )
    .ok();
    let one = std::fs::read(d.join("one.gz")).unwrap();
    assert_eq!(one, std::fs::read(d.join("two.gz")).unwrap());
    let text = merged_text(&d.join("one.gz"));
    assert!(text.contains(r#""records":[[0,30]]"#), "{text}");
    // 3 + 4 + 1
    assert!(text.contains(r#""key":["0","0"],"n":8}"#), "{text}");
}

#[test]
fn merge_refuses_partials_that_do_not_belong_together() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.jsonl"), partial(0, 10, 5, 3)).unwrap();
    std::fs::write(d.join("other.jsonl"), partial(10, 20, 3, 3)).unwrap();
    slant(d, &["merge", "a.jsonl", "other.jsonl", "-o", "m.gz"])
        .fails_with("a.jsonl and other.jsonl: the partials differ in `options.evidence`: 5 vs 3");
    slant(d, &["merge", "a.jsonl", "a.jsonl", "-o", "m.gz"]).fails_with("both cover record 0");
    let v2 = partial(10, 20, 5, 3).replace(r#""version":1"#, r#""version":2"#);
    std::fs::write(d.join("v2.jsonl"), v2).unwrap();
    slant(d, &["merge", "a.jsonl", "v2.jsonl", "-o", "m.gz"])
        .fails_with("v2.jsonl: partial format version 2; this slant reads version 1");
    std::fs::write(d.join("corpus.jsonl"), "{\"id\":\"a\",\"text\":\"x\"}\n").unwrap();
    slant(d, &["merge", "corpus.jsonl", "-o", "m.gz"])
        .fails_with("corpus.jsonl: not a slant partial result");
    assert!(!d.join("m.gz").exists(), "nothing written on refusal");
}
