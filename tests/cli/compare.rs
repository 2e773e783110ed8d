//! `slant compare`, `slant kwic` and `slant lexicon suggest`.

use crate::util::{put, read_csv, root, seeds, slant};

#[test]
fn compare_writes_keyness_alignment_and_head_to_head() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("cmp");
    slant(
        &root(),
        &[
            "compare",
            seeds().to_str().unwrap(),
            "--align",
            "--outlets",
            "RT",
            "Bloomberg",
            "--min-count",
            "3",
            "--out",
            out.to_str().unwrap(),
            "-q",
        ],
    )
    .ok();
    let keyness = read_csv(&out.join("keyness.csv"));
    let rt: Vec<&str> = keyness
        .iter()
        .filter(|r| {
            r["target"] == "RT"
                && r["reference"] == "all others"
                && r["z"].parse::<f64>().unwrap() > 0.0
        })
        .take(5)
        .map(|r| r["term"].as_str())
        .collect();
    assert!(rt.contains(&"kiev"), "{rt:?}");
    assert!(
        keyness
            .iter()
            .any(|r| r["target"] == "RT" && r["reference"] == "Bloomberg"),
        "the pair's keyness"
    );
    let aligned = read_csv(&out.join("aligned.csv"));
    // the text of an aligned sentence is in sentences.csv, once
    let text = |r: &std::collections::BTreeMap<String, String>| {
        read_csv(&out.join("sentences.csv"))
            .into_iter()
            .find(|s| s["doc_id"] == r["doc_id"] && s["sentence"] == r["sentence"])
            .map(|s| s["text"].clone())
            .expect("aligned sentence in sentences.csv")
    };
    let group = aligned
        .iter()
        .find(|r| r["outlet"] == "RT" && text(r).contains("voted to join Russia in 2014"))
        .expect("RT's 2014 sentence is aligned")["group"]
        .clone();
    let outlets: Vec<&str> = aligned
        .iter()
        .filter(|r| r["group"] == group)
        .map(|r| r["outlet"].as_str())
        .collect();
    for o in ["Bloomberg", "Caliber.Az", "RT"] {
        assert!(
            outlets.contains(&o),
            "{o} not in the 2014 group: {outlets:?}"
        );
    }
    // a sentence without a pole match has an empty score, not 0, and a
    // group's divergence spans only the scored sentences: empty with fewer
    // than two, else their highest minus lowest (the seeds hold groups of
    // both kinds)
    let mut groups: std::collections::BTreeMap<&str, Vec<&_>> = Default::default();
    for r in &aligned {
        groups.entry(r["group"].as_str()).or_default().push(r);
    }
    let (mut silent, mut spread) = (false, false);
    for rows in groups.values() {
        let scores: Vec<f64> = rows
            .iter()
            .filter_map(|r| r["score"].parse().ok())
            .collect();
        silent |= scores.len() < rows.len();
        let divergence = &rows[0]["divergence"];
        if scores.len() < 2 {
            assert_eq!(divergence, "", "{rows:?}");
        } else {
            spread = true;
            let hi = scores.iter().copied().fold(f64::MIN, f64::max);
            let lo = scores.iter().copied().fold(f64::MAX, f64::min);
            let d: f64 = divergence.parse().unwrap();
            assert!((d - (hi - lo)).abs() < 1e-12, "{rows:?}");
        }
    }
    assert!(silent && spread, "{aligned:?}");
    let h2h = read_csv(&out.join("head_to_head.csv"));
    assert_eq!(h2h[0]["a"], "RT");
    assert!(h2h[0]["p_value"].parse::<f64>().unwrap() < 0.05, "{h2h:?}");
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    for section in [
        "## Distinctive terms",
        "## How close the outlets are",
        "## The same fact, told by each outlet",
        "## Head to head: RT and Bloomberg",
    ] {
        assert!(md.contains(section), "{section}");
    }
    // how every number was computed, with the sources
    for method in [
        "Monroe, Colaresi and Quinn 2008",
        "Yates' continuity correction",
        "Jensen-Shannon divergence (base-2",
        "permutation test",
    ] {
        assert!(md.contains(method), "methods: {method}");
    }
    for chart in [
        "keyness_rt.png",
        "keyness_rt.svg",
        "similarity.png",
        "outlet_map.png",
    ] {
        assert!(out.join(chart).is_file(), "{chart}");
    }
    let similarity = read_csv(&out.join("similarity.csv"));
    assert_eq!(similarity.len(), 10, "5 outlets: 5 * 4 / 2 pairs");
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("results.json")).unwrap()).unwrap();
    let groups = v["comparison"]["aligned_groups"].as_u64().unwrap();
    assert!(groups > 0, "aligned groups counted");
    assert_eq!(
        v["tables"]["aligned.csv"].as_u64(),
        Some(aligned.len() as u64),
        "results.json points to aligned.csv"
    );
    assert!(
        v.get("model").is_none(),
        "compare trains no model unless asked"
    );
}

#[test]
fn wire_copy_in_five_outlets_is_reported_not_a_crash() {
    // Five outlets carrying one agency story word for word used to panic
    // in the outlet map (principal components of identical rows).
    let tmp = tempfile::tempdir().unwrap();
    let wire = "Russia annexed Crimea in 2014. Kyiv says the referendum was illegal, officials said on Sunday.";
    let lines: String = ["AP", "Reuters", "Yahoo", "MSN", "Local Herald"]
        .iter()
        .enumerate()
        .map(|(i, o)| format!("{{\"id\":\"w{i}\",\"outlet\":\"{o}\",\"text\":\"{wire}\"}}\n"))
        .collect();
    let input = put(tmp.path(), "wire.jsonl", lines.as_bytes());
    let out = tmp.path().join("report");
    let run = slant(
        tmp.path(),
        &[
            "analyze",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "-q",
        ],
    )
    .ok();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("no outlet map: every outlet uses the same words at the same rates"),
        "report.md does not say why the map is missing:\n{md}"
    );
    assert!(!out.join("outlet_map.csv").exists());
    let similarity = read_csv(&out.join("similarity.csv"));
    assert_eq!(similarity.len(), 10, "5 outlets: 5 * 4 / 2 pairs");
    for r in &similarity {
        assert!(
            r["terms_jsd"].parse::<f64>().unwrap().abs() < 1e-12,
            "{r:?}"
        );
    }
}

#[test]
fn compare_names_unknown_outlets() {
    let tmp = tempfile::tempdir().unwrap();
    slant(tmp.path(), &["compare", seeds().to_str().unwrap(), "--outlets", "RT", "Fox"])
        .fails_with("outlet `Fox` is not in the corpus (outlets: Bloomberg, Caliber.Az, Inter Bellum News, RT, Ukrainska Pravda)");
    assert!(!tmp.path().join("reports").join("seeds-compare").exists());
    slant(
        tmp.path(),
        &[
            "compare",
            seeds().to_str().unwrap(),
            "--outlets",
            "RT",
            "RT",
        ],
    )
    .fails_with("two different outlets");
}

#[test]
fn kwic_lists_every_hit_in_context() {
    let tmp = tempfile::tempdir().unwrap();
    let run = slant(
        tmp.path(),
        &[
            "kwic",
            "Kiev",
            seeds().to_str().unwrap(),
            "--format",
            "csv",
            "-e",
            "illegal annex*",
        ],
    )
    .ok();
    let mut r = csv::Reader::from_reader(run.stdout.as_bytes());
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        &headers[..7],
        ["docname", "from", "to", "pre", "keyword", "post", "pattern"]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let kiev: Vec<&csv::StringRecord> = rows.iter().filter(|x| &x[6] == "Kiev").collect();
    assert_eq!(kiev.len(), 6, "RT writes Kiev six times");
    assert!(kiev.iter().all(|x| &x[7] == "RT"));
    assert!(rows
        .iter()
        .any(|x| &x[4] == "illegal annexation" && &x[7] == "Bloomberg"));
    assert!(
        run.stderr.contains("8 hits") || run.stderr.contains("7 hits"),
        "{}",
        run.stderr
    );
    let file = tmp.path().join("k.jsonl");
    slant(
        tmp.path(),
        &[
            "kwic",
            "Kyiv",
            seeds().to_str().unwrap(),
            "--format",
            "jsonl",
            "-o",
            file.to_str().unwrap(),
        ],
    )
    .ok();
    let lines = std::fs::read_to_string(&file).unwrap();
    let first: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(first["keyword"], "Kyiv");
    slant(tmp.path(), &["kwic", "a*b", seeds().to_str().unwrap()])
        .fails_with("`*` is allowed only at the end");
}

#[test]
fn suggest_proposes_terms_the_lexicon_lacks() {
    let tmp = tempfile::tempdir().unwrap();
    let run = slant(
        tmp.path(),
        &[
            "lexicon",
            "suggest",
            seeds().to_str().unwrap(),
            "--min-z",
            "1.5",
            "--format",
            "toml",
        ],
    )
    .ok();
    let file = put(tmp.path(), "cand.toml", run.stdout.as_bytes());
    let check = slant(tmp.path(), &["lexicon", "check", file.to_str().unwrap()]).ok();
    assert!(check.stdout.contains("candidates"), "{}", check.stdout);
    assert!(
        run.stdout.contains("text = \"wapo\""),
        "RT's source, which no lexicon lists: {}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("text = \"kiev\""),
        "Kiev is in the lexicon already"
    );
}

/// `--outlets` reads names as the corpus's are read (NFC): "Café" typed
/// with a combining accent names the outlet the corpus spells precomposed.
#[test]
fn outlets_named_with_combining_accents_are_found() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let text = "In Kyiv, the illegal annexation of Crimea. The Kiev regime said talks.";
    let jsonl: String = (0..6)
        .map(|i| {
            let outlet = if i % 2 == 1 { "Caf\u{e9}" } else { "B" };
            format!("{{\"id\":\"{i}\",\"outlet\":\"{outlet}\",\"text\":\"{text}\"}}\n")
        })
        .collect();
    put(d, "cafe.jsonl", jsonl.as_bytes());
    let args = [
        "compare",
        "cafe.jsonl",
        "--min-docs",
        "1",
        "-q",
        "--outlets",
    ];
    slant(
        d,
        &[&args[..], &["Cafe\u{301}", "B", "--out", "c"]].concat(),
    )
    .ok();
    slant(d, &[&args[..], &["A\u{1}", "B", "--out", "x"]].concat())
        .fails_with("a control character");
}

/// A term over-used by an outlet that used it once: its one example is its
/// own, and the next comes from another outlet, which the text says (a
/// reader must not take it for the outlet's words). Every candidate has its
/// examples, though they overlap ("quokka" inside "quokka delegation
/// arrived", which took the place's only example when the examples were
/// found one pattern per place).
#[test]
fn suggest_says_whose_example_is_from_another_outlet() {
    let tmp = tempfile::tempdir().unwrap();
    let filler = "the talks went on and the ministers met again today. ".repeat(40);
    let rows = [
        ("1", "A", "The quokka delegation arrived in Kyiv."),
        ("2", "B", format!("{filler} A quokka was seen.").as_str()),
        ("3", "B", format!("{filler} Another quokka.").as_str()),
        ("4", "C", filler.as_str()),
    ]
    .iter()
    .map(|(id, o, t)| format!("{{\"id\":\"{id}\",\"outlet\":\"{o}\",\"text\":\"{t}\"}}\n"))
    .collect::<String>();
    put(tmp.path(), "c.jsonl", rows.as_bytes());
    let run = slant(
        tmp.path(),
        &[
            "lexicon",
            "suggest",
            "c.jsonl",
            "--min-z",
            "0",
            "--min-count",
            "1",
        ],
    )
    .ok();
    let block: Vec<&str> = run
        .stdout
        .lines()
        .skip_while(|l| l.split_whitespace().take(2).collect::<Vec<_>>() != ["quokka", "z"])
        .take(3)
        .collect();
    assert_eq!(block.len(), 3, "{}", run.stdout);
    assert!(
        block[1].ends_with("(1)"),
        "A's own use first: {}",
        run.stdout
    );
    assert!(
        block[2].ends_with("(2, B)"),
        "B's use, marked: {}",
        run.stdout
    );
}
