//! `slant merge`: partial results of shards combine whatever their order,
//! and partials that do not belong together are refused with the field
//! that differs.

use super::util::slant;

/// A plain-text partial of records `first..end` holding one form count.
fn partial(first: u64, end: u64, evidence: u64, n: u64) -> String {
    format!(
        concat!(
            r#"{{"format":"slant-partial","version":7,"slant":"{}","phase":"match","#,
            r#""lexicons":[{{"name":"crimea","sha256":"ab"}}],"options":{{"evidence":{}}},"#,
            r#""records":[[{},{}]]}}"#,
            "\n",
            r#"{{"section":"count","kind":"form","key":["0","0"],"n":{}}}"#,
            "\n",
            r#"{{"trailer":"slant-partial","rows":1}}"#,
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
    // version 6 did not record the reading options of repeats files nor
    // the records the repeats covered: refused, with what to do
    let v6 = partial(10, 20, 5, 3).replace(r#""version":7"#, r#""version":6"#);
    std::fs::write(d.join("v6.jsonl"), v6).unwrap();
    slant(d, &["merge", "a.jsonl", "v6.jsonl", "-o", "m.gz"]).fails_with(
        "v6.jsonl: partial format version 6; this slant reads version 7: map the shards again",
    );
    std::fs::write(d.join("corpus.jsonl"), "{\"id\":\"a\",\"text\":\"x\"}\n").unwrap();
    slant(d, &["merge", "corpus.jsonl", "-o", "m.gz"])
        .fails_with("corpus.jsonl: not a slant partial result");
    assert!(!d.join("m.gz").exists(), "nothing written on refusal");
}

/// The seeds' sentences: the material of the generated corpus, so that
/// its documents match the shipped lexicons.
fn seed_sentences() -> Vec<String> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(super::util::seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        out.extend(
            text.split(". ")
                .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|s| s.len() > 40),
        );
    }
    out
}

/// Rows of each kind in the partial at `path`.
pub(super) fn kinds(path: &std::path::Path) -> std::collections::BTreeMap<String, usize> {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let mut out = std::collections::BTreeMap::new();
    for line in text
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with("{\"trailer\""))
    {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let kind = v["kind"].as_str().unwrap_or_default().to_string();
        *out.entry(kind).or_default() += 1;
    }
    out
}

/// A JSONL corpus of `n` documents, one line each: six outlets, five
/// distinct seed sentences per document; a sign-off line that two outlets
/// repeat (boilerplate), wire copy (every 23rd document repeats an earlier
/// one's text under another outlet), some unreadable dates, addresses and
/// pass-through fields, one of which first appears late (its column must
/// still come where analyze puts it).
pub(super) fn corpus(n: usize, seed: u64) -> Vec<String> {
    use rand::seq::SliceRandom;
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let sentences = seed_sentences();
    let outlets = ["RT", "BBC", "TASS", "Kyiv Independent", "Reuters", "Meduza"];
    let mut texts: Vec<String> = Vec::new();
    (0..n)
        .map(|i| {
            let outlet = outlets[rng.gen_range(0..outlets.len())];
            let picked: Vec<&String> = sentences.choose_multiple(&mut rng, 5).collect();
            let mut text = format!(
                "{}. Dispatch {i} filed at hour {}.",
                picked.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(". "),
                rng.gen_range(0..24)
            );
            if i % 23 == 22 {
                text = texts[i - 11].clone();
            } else if (outlet == "RT" || outlet == "TASS") && rng.gen_bool(0.6) {
                text.push_str(&format!("\n\nFollow {outlet} on Telegram for the latest news on the conflict."));
            }
            texts.push(text.clone());
            let mut doc = serde_json::json!({
                "id": format!("doc-{i:05}"),
                "outlet": outlet,
                "date": if i % 97 == 5 { "spring 2024".to_string() } else { format!("2024-03-{:02}", 1 + i % 28) },
                "title": format!("Story {i}"),
                "text": text,
            });
            if i % 3 == 0 {
                doc["url"] = format!("https://example.org/{i}").into();
            }
            if i % 5 == 1 {
                doc["section"] = "world".into();
            }
            if i > n / 2 && i % 7 == 0 {
                doc["author"] = format!("writer {}", i % 4).into();
            }
            doc.to_string()
        })
        .collect()
}

/// Merges `parts` with `slant merge` in a random grouping; returns the
/// merged file.
fn merge_randomly(
    d: &std::path::Path,
    mut parts: Vec<String>,
    tag: &str,
    rng: &mut impl rand::Rng,
) -> String {
    let mut step = 0;
    while parts.len() > 1 {
        let at = rng.gen_range(0..parts.len() - 1);
        let take = rng.gen_range(2..=(parts.len() - at).min(3));
        let group: Vec<String> = parts.drain(at..at + take).collect();
        let out = format!("{tag}-merge{step}.gz");
        step += 1;
        let mut args = vec!["merge"];
        args.extend(group.iter().rev().map(String::as_str));
        args.extend(["-o", &out]);
        slant(d, &args).ok();
        parts.insert(at, out);
    }
    parts.remove(0)
}

/// Maps `lines` cut into `k` shards (each numbered from its first record)
/// in both phases, merges the partials in random groupings and orders, and
/// reports with `report_flags` into `k{k}-report`.
pub(super) fn map_merge_report(
    d: &std::path::Path,
    lines: &[String],
    k: usize,
    seed: u64,
    map_flags: &[&str],
    report_flags: &[&str],
) {
    let size = lines.len().div_ceil(k);
    let mut shards = Vec::new();
    for (j, shard) in lines.chunks(size).enumerate() {
        let name = format!("k{k}-shard{j}.jsonl");
        std::fs::write(d.join(&name), shard.join("\n") + "\n").unwrap();
        shards.push((name, j * size));
    }
    let mut report = vec!["--input-name", "corpus.jsonl"];
    report.extend(report_flags);
    map_shards(d, &shards, &format!("k{}", k), seed, map_flags, &report);
}

/// Maps the shard files `shards` (each with its first record's number) in
/// both phases, in a shuffled order, merges the partials in random
/// groupings, and reports with `report_flags` into `{tag}-report`.
pub(super) fn map_shards(
    d: &std::path::Path,
    shards: &[(String, usize)],
    tag: &str,
    seed: u64,
    map_flags: &[&str],
    report_flags: &[&str],
) {
    use rand::seq::SliceRandom;
    use rand::SeedableRng;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut order: Vec<usize> = (0..shards.len()).collect();
    let map_all = |order: &[usize], phase: &[&str], stem: &str| -> Vec<String> {
        let mut outs = Vec::new();
        for &j in order {
            let (name, first) = (&shards[j].0, shards[j].1.to_string());
            let out = format!("{tag}-{stem}{j}.gz");
            let mut args = vec!["map", name, "-o", &out, "--first-record", &first];
            args.extend(phase);
            args.extend(map_flags);
            slant(d, &args).ok();
            outs.push(out);
        }
        outs
    };
    order.shuffle(&mut rng);
    let repeats = map_all(&order, &["--repeats-only"], "repeats");
    let merged_repeats = merge_randomly(d, repeats, &format!("{tag}-r"), &mut rng);
    order.shuffle(&mut rng);
    let parts = map_all(&order, &["--repeats", &merged_repeats], "part");
    let merged = merge_randomly(d, parts, &format!("{tag}-m"), &mut rng);
    let out = format!("{tag}-report");
    let mut args = vec!["report", &merged, "--out", &out, "-q"];
    args.extend(report_flags);
    slant(d, &args).ok();
}

/// Every file of `got` equals `want`'s byte for byte, but results.json's
/// `run.command` and `run.args` (the command line that made it), and so
/// the marker's line for results.json (its digest and size).
pub(super) fn assert_same_report(want: &std::path::Path, got: &std::path::Path) {
    let (a, b) = (super::util::snapshot(want), super::util::snapshot(got));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        if name == "results.json" {
            let strip = |bytes: &[u8]| {
                let mut v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
                let run = v["run"].as_object_mut().unwrap();
                run.remove("command");
                run.remove("args");
                v
            };
            assert_eq!(
                strip(bytes),
                strip(&b[name]),
                "results.json of {}",
                got.display()
            );
        } else if name == ".slant-report" {
            let strip = |bytes: &[u8]| {
                let text = String::from_utf8(bytes.to_vec()).unwrap();
                let lines = text.lines().filter(|l| !l.ends_with(" results.json"));
                lines.map(String::from).collect::<Vec<_>>()
            };
            assert_eq!(strip(bytes), strip(&b[name]), "marker of {}", got.display());
        } else {
            assert!(bytes == &b[name], "{name} differs in {}", got.display());
        }
    }
}

#[test]
fn shards_mapped_merged_and_reported_equal_one_analyze() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines = corpus(400, 7);
    std::fs::write(d.join("corpus.jsonl"), lines.join("\n") + "\n").unwrap();
    // Charts take seconds each in a debug build: drawn for k = 1 and 8.
    // k = 5 drops the later copies instead of keeping them.
    // The comparison views (keyness, similarity, the outlet map,
    // alignment) are in every report but k = 5's.
    let single = |out: &str, extra: &[&str]| {
        let mut args = vec!["analyze", "corpus.jsonl", "--no-model", "-q"];
        args.extend(["--bootstrap", "200", "--out", out]);
        args.extend(extra);
        slant(d, &args).ok();
    };
    single("single", &[]);
    single("single-nc", &["--no-charts"]);
    let drop = ["--no-charts", "--duplicates", "drop", "--no-compare"];
    single("single-drop", &drop);
    let keyness = super::util::read_csv(&d.join("single/keyness.csv"));
    assert!(keyness.len() > 50, "distinctive terms to compare");
    let aligned = super::util::read_csv(&d.join("single/aligned.csv"));
    assert!(aligned.len() > 10, "and aligned sentences");
    let want = super::util::read_csv(&d.join("single/outlets.csv"));
    let total = |col: &str| -> u64 { want.iter().map(|r| r[col].parse::<u64>().unwrap()).sum() };
    assert!(
        total("boilerplate_lines") >= 2,
        "the corpus has boilerplate"
    );
    assert!(total("copies") >= 10, "and wire copy");
    for k in 1..=8 {
        let (map_flags, want): (&[&str], &str) = match k {
            1 | 8 => (&[], "single"),
            5 => (&["--duplicates", "drop", "--no-compare"], "single-drop"),
            _ => (&[], "single-nc"),
        };
        let mut report_flags = vec!["--bootstrap", "200"];
        report_flags.extend((want != "single").then_some("--no-charts"));
        report_flags.extend((k == 5).then_some("--no-compare"));
        map_merge_report(d, &lines, k, 100 + k as u64, map_flags, &report_flags);
        assert_same_report(&d.join(want), &d.join(format!("k{k}-report")));
    }
}

#[test]
fn the_seeds_mapped_and_reported_equal_analyze() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let seeds = super::util::seeds();
    let seeds = seeds.to_str().unwrap();
    slant(
        d,
        &[
            "analyze",
            seeds,
            "--no-model",
            "--no-charts",
            "--out",
            "single",
            "-q",
        ],
    )
    .ok();
    slant(d, &["map", seeds, "--repeats-only", "-o", "r.gz"]).ok();
    slant(d, &["map", seeds, "--repeats", "r.gz", "-o", "seeds.gz"]).ok();
    slant(
        d,
        &[
            "report",
            "seeds.gz",
            "--no-charts",
            "--input-name",
            seeds,
            "--out",
            "mapped",
            "-q",
        ],
    )
    .ok();
    assert_same_report(&d.join("single"), &d.join("mapped"));
}

#[test]
fn a_shard_mapped_without_corpus_repeats_does_not_merge() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines = corpus(20, 3);
    std::fs::write(d.join("a.jsonl"), lines[..10].join("\n")).unwrap();
    std::fs::write(d.join("b.jsonl"), lines[10..].join("\n")).unwrap();
    slant(d, &["map", "a.jsonl", "-o", "a.gz"]).ok();
    slant(d, &["map", "b.jsonl", "--first-record", "10", "-o", "b.gz"]).ok();
    slant(d, &["merge", "a.gz", "b.gz", "-o", "m.gz"]).fails_with("mapped without --repeats");
    slant(d, &["map", "a.jsonl", "--repeats-only", "-o", "ra.gz"]).ok();
    slant(
        d,
        &[
            "map",
            "a.jsonl",
            "--repeats",
            "ra.gz",
            "--keep-boilerplate",
            "-o",
            "x.gz",
        ],
    )
    .fails_with("ra.gz: made with other repeated-text options");
    slant(
        d,
        &[
            "map",
            "b.jsonl",
            "--first-record",
            "10",
            "--repeats",
            "ra.gz",
            "-o",
            "x.gz",
        ],
    )
    .fails_with("not the whole corpus");
}

#[test]
fn records_skipped_in_shards_are_listed_as_analyze_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut lines = corpus(90, 17);
    // A line that is not JSON, a document without text and an id given
    // twice within a shard, spread over the three shards of 31 lines.
    lines.insert(5, "{not json".to_string());
    let empty = serde_json::json!({"id": "empty-1", "outlet": "RT", "text": " "});
    lines.insert(40, empty.to_string());
    let again = lines[70].clone();
    lines.insert(75, again);
    let mut shards = Vec::new();
    for (j, shard) in lines.chunks(31).enumerate() {
        let name = format!("shard{j}.jsonl");
        std::fs::write(d.join(&name), shard.join("\n") + "\n").unwrap();
        shards.push((name, j * 31));
    }
    let names: Vec<&str> = shards.iter().map(|(n, _)| n.as_str()).collect();
    let mut args = vec!["analyze", "--no-model", "--no-charts", "--on-error", "skip"];
    args.extend(&names);
    args.extend(["--bootstrap", "100", "--out", "single", "-q"]);
    slant(d, &args).ok();
    let skipped = super::util::read_csv(&d.join("single/skipped.csv"));
    assert_eq!(skipped.len(), 3, "one bad record per shard");
    let mut report = vec!["--no-charts", "--bootstrap", "100"];
    for n in &names {
        report.extend(["--input-name", n]);
    }
    map_shards(d, &shards, "bad", 5, &["--on-error", "skip"], &report);
    assert_same_report(&d.join("single"), &d.join("bad-report"));
}
