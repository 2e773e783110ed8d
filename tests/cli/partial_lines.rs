//! Bounded repeated-text partials (`map --repeats-only --propose-lines`,
//! merged, then `map --repeats-only --line-candidates MERGED`): the
//! boilerplate and copies analyze finds, a line rare in every shard but
//! boilerplate over the corpus included, from partials whose line rows
//! stay within a bound set by the outlets as the documents grow.

use std::path::Path;

use super::partial::{assert_same_report, corpus, kinds};
use super::util::{read_csv, slant};

/// A footer Meduza runs under 4 stories, one in each quarter of the
/// corpus: 4 of its 40-odd documents, boilerplate (3 and 5% of them), but
/// once in a shard of a quarter.
const RARE: &str = "Meduza is blocked in Russia: read us through a mirror.";
/// A footer under 2 of Meduza's stories: below 3 documents, not
/// boilerplate.
const TWICE: &str = "Support independent journalism with a monthly donation.";

/// `corpus(n, seed)` with [`RARE`] under Meduza's first story of each
/// quarter and [`TWICE`] under its last story of the first two quarters.
fn corpus_with_footers(n: usize, seed: u64) -> Vec<String> {
    let mut docs: Vec<serde_json::Value> = corpus(n, seed)
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let quarter = n / 4;
    for q in 0..4 {
        let meduza: Vec<usize> = (q * quarter..(q + 1) * quarter)
            .filter(|&i| docs[i]["outlet"] == "Meduza")
            .collect();
        let mut add = |i: usize, footer: &str| {
            let text = format!("{}\n\n{footer}", docs[i]["text"].as_str().unwrap());
            docs[i]["text"] = text.into();
        };
        add(meduza[0], RARE);
        if q < 2 {
            add(meduza[meduza.len() - 1], TWICE);
        }
    }
    docs.iter().map(|d| d.to_string()).collect()
}

/// Maps `shards` (file names, each with its first record) with the extra
/// arguments `extra` and merges the partials; returns the merged file.
fn map_and_merge(d: &Path, shards: &[(String, usize)], extra: &[&str], tag: &str) -> String {
    map_and_merge_with(d, shards, extra, tag, &[])
}

/// [`map_and_merge`], giving merge `merge_flags`.
fn map_and_merge_with(
    d: &Path,
    shards: &[(String, usize)],
    extra: &[&str],
    tag: &str,
    merge_flags: &[&str],
) -> String {
    let mut parts = Vec::new();
    // in reverse: merge depends on no order
    for (j, (file, first)) in shards.iter().enumerate().rev() {
        let out = format!("{tag}{j}.gz");
        let first = first.to_string();
        let mut args = vec!["map", file, "--first-record", &first, "-o", &out, "-q"];
        args.extend(extra);
        slant(d, &args).ok();
        parts.push(out);
    }
    let merged = format!("{tag}.gz");
    let mut args = vec!["merge"];
    args.extend(parts.iter().map(String::as_str));
    args.extend(["-o", &merged]);
    args.extend(merge_flags);
    slant(d, &args).ok();
    merged
}

/// The bounded repeated-text phase over `shards`: proposals, merged;
/// candidates counted, merged (given `merge_flags`). Returns the merged
/// proposals and counts.
fn bounded_repeats(
    d: &Path,
    shards: &[(String, usize)],
    tag: &str,
    merge_flags: &[&str],
) -> (String, String) {
    let proposals = map_and_merge(
        d,
        shards,
        &["--repeats-only", "--propose-lines"],
        &format!("{tag}-l"),
    );
    let counted = ["--repeats-only", "--line-candidates", &proposals];
    let repeats = map_and_merge_with(d, shards, &counted, &format!("{tag}-r"), merge_flags);
    (proposals, repeats)
}

#[test]
fn bounded_repeated_text_gives_analyzes_report_in_1_to_4_shards() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines = corpus_with_footers(240, 21);
    std::fs::write(d.join("corpus.jsonl"), lines.join("\n") + "\n").unwrap();
    let args = ["analyze", "corpus.jsonl", "--no-model", "--no-charts", "-q"];
    slant(d, &[&args[..], &["--out", "single"]].concat()).ok();
    let boilerplate = read_csv(&d.join("single/boilerplate.csv"));
    let line = |l: &str| boilerplate.iter().find(|r| r["line"] == l).cloned();
    assert_eq!(line(RARE).unwrap()["documents"], "4", "{boilerplate:?}");
    assert!(line(TWICE).is_none(), "2 documents are not boilerplate");
    assert!(boilerplate.len() >= 3, "the corpus's own footers too");
    for k in 1..=4 {
        let size = lines.len().div_ceil(k);
        let mut shards = Vec::new();
        for (j, shard) in lines.chunks(size).enumerate() {
            let name = format!("k{k}-shard{j}.jsonl");
            std::fs::write(d.join(&name), shard.join("\n") + "\n").unwrap();
            shards.push((name, j * size));
        }
        let tag = format!("k{k}");
        // k = 2 and 4: only the decisions go to the second phase; k = 3:
        // today's first phase, decided
        let decide: &[&str] = if k % 2 == 0 { &["--decide"] } else { &[] };
        let repeats = match k {
            3 => map_and_merge_with(d, &shards, &["--repeats-only"], "k3-r", &["--decide"]),
            _ => bounded_repeats(d, &shards, &tag, decide).1,
        };
        let merged = map_and_merge(d, &shards, &["--repeats", &repeats], &format!("{tag}-p"));
        let out = format!("{tag}-report");
        let args = ["report", &merged, "--out", &out, "--no-charts", "-q"];
        slant(d, &[&args[..], &["--input-name", "corpus.jsonl"]].concat()).ok();
        assert_same_report(&d.join("single"), &d.join(&out));
    }
}

#[test]
fn proposed_and_counted_lines_stay_bounded_as_documents_grow() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut rows = Vec::new();
    for n in [100, 400] {
        let lines = corpus(n, 9);
        std::fs::write(d.join("all.jsonl"), lines.join("\n") + "\n").unwrap();
        let tag = format!("n{n}");
        let all = [("all.jsonl".to_string(), 0)];
        let (proposals, counted) = bounded_repeats(d, &all, &tag, &[]);
        let today = map_and_merge(d, &all, &["--repeats-only"], &format!("{tag}-today"));
        let line_rows = |p: &str, kind: &str| kinds(&d.join(p)).get(kind).copied().unwrap_or(0);
        rows.push((
            line_rows(&proposals, "line_excess"),
            line_rows(&counted, "line"),
            line_rows(&today, "line"),
        ));
    }
    // 6 outlets; a document is one paragraph and at most a footer (2
    // lines): a shard proposes at most 2 / 0.05 = 40 lines per outlet
    for &(proposed, counted, _) in &rows {
        assert!(proposed <= 6 * 40, "{rows:?}");
        assert!(counted <= proposed, "{rows:?}");
    }
    // more documents, no more proposals (at 100, under 20 documents an
    // outlet, every line is proposed; at 400 only lines in 4 or more)
    assert!(rows[1].0 <= rows[0].0, "{rows:?}");
    // while today's counts hold every document's own paragraph
    assert!(rows[1].2 > 6 * 40, "{rows:?}");
}

#[test]
fn line_candidates_refuse_what_is_not_merged_proposals() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines = corpus(60, 3);
    std::fs::write(d.join("all.jsonl"), lines.join("\n") + "\n").unwrap();
    slant(d, &["map", "all.jsonl", "--repeats-only", "-o", "r.gz"]).ok();
    let counted = ["--repeats-only", "--line-candidates", "r.gz", "-o", "c.gz"];
    slant(d, &[&["map", "all.jsonl"][..], &counted].concat())
        .fails_with("r.gz: not a line proposal partial");
    let propose = ["--repeats-only", "--propose-lines", "-o", "l.gz"];
    slant(d, &[&["map", "all.jsonl"][..], &propose].concat()).ok();
    slant(d, &["map", "all.jsonl", "--repeats", "l.gz", "-o", "p.gz"])
        .fails_with("l.gz: not a repeated-text partial");
    slant(d, &["map", "all.jsonl", "--propose-lines", "-o", "x.gz"]).fails_with("--repeats-only");
    slant(d, &["merge", "r.gz", "-o", "dec.gz", "--decide"]).ok();
    slant(d, &["merge", "dec.gz", "r.gz", "-o", "m.gz"]).fails_with("does not merge further");
    slant(d, &["merge", "l.gz", "-o", "m.gz", "--decide"])
        .fails_with("merge --decide takes repeated-text partials");
}
