//! `slant analyze` on the seed corpus: the scores the seeds must show, the
//! evidence behind them, and byte-identical outputs.

use std::collections::BTreeMap;

use crate::util::{read_csv, seeds, slant, snapshot};

fn analyze_seeds(out: &std::path::Path, extra: &[&str]) {
    let seeds = seeds();
    let mut args = vec![
        "analyze",
        seeds.to_str().expect("utf-8 path"),
        "--out",
        out.to_str().expect("utf-8 path"),
        "-q",
    ];
    args.extend_from_slice(extra);
    slant(&crate::util::root(), &args).ok();
}

/// The seed documents' texts by id, as slant reads them.
fn seed_texts() -> BTreeMap<String, String> {
    let mut texts = BTreeMap::new();
    for e in std::fs::read_dir(seeds()).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_none_or(|x| x != "txt") {
            continue;
        }
        let raw = std::fs::read_to_string(&path).unwrap();
        // the inline date line is not part of the text
        let text = match raw.trim_start().strip_prefix("date ") {
            Some(rest) => rest[10..].trim_start().to_string(),
            None => raw,
        };
        let id = path.file_stem().unwrap().to_str().unwrap().to_string();
        texts.insert(id, text);
    }
    texts
}

/// `matches.csv` rows joined with their outlet (`documents.csv`), their
/// `text` (the document's characters `char_start..char_end`) and, per pole
/// of the entry (`entries.csv`), its `pole`; an entry on no pole keeps one
/// row with `pole` empty.
fn joined_matches(out: &std::path::Path) -> Vec<BTreeMap<String, String>> {
    let texts = seed_texts();
    let outlet: BTreeMap<String, String> = read_csv(&out.join("documents.csv"))
        .into_iter()
        .map(|d| (d["id"].clone(), d["outlet"].clone()))
        .collect();
    let mut poles: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in read_csv(&out.join("entries.csv")) {
        let list = poles.entry(e["entry_id"].clone()).or_default();
        if !e["pole"].is_empty() {
            list.push(e["pole"].clone());
        }
    }
    let mut rows = Vec::new();
    for m in read_csv(&out.join("matches.csv")) {
        let mut m = m;
        m.insert("outlet".into(), outlet[&m["doc_id"]].clone());
        let (cs, ce): (usize, usize) = (
            m["char_start"].parse().unwrap(),
            m["char_end"].parse().unwrap(),
        );
        let text: String = texts[&m["doc_id"]].chars().skip(cs).take(ce - cs).collect();
        m.insert("text".into(), text);
        let ps = poles.get(&m["entry_id"]).cloned().unwrap_or_default();
        if ps.is_empty() {
            m.insert("pole".into(), String::new());
            rows.push(m);
            continue;
        }
        for p in ps {
            let mut r = m.clone();
            r.insert("pole".into(), p);
            rows.push(r);
        }
    }
    rows
}

#[test]
fn seeds_rank_rt_highest_and_bloomberg_and_pravda_negative() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("seeds");
    analyze_seeds(&out, &[]);
    let rows = read_csv(&out.join("outlets.csv"));
    let score: BTreeMap<String, f64> = rows
        .iter()
        .filter(|r| r["axis"] == "russia_ukraine")
        .map(|r| {
            (
                r["outlet"].clone(),
                r["score"].parse::<f64>().expect("score"),
            )
        })
        .collect();
    assert_eq!(score.len(), 5, "{score:?}");
    let rt = score["RT"];
    assert!(rt > 0.0, "RT positive: {score:?}");
    for (outlet, s) in &score {
        if outlet != "RT" {
            assert!(*s < rt, "RT highest: {score:?}");
        }
    }
    assert!(score["Bloomberg"] < 0.0, "{score:?}");
    assert!(score["Ukrainska Pravda"] < 0.0, "{score:?}");
    for r in &rows {
        // one document per outlet: flagged, and the interval resamples sentences
        assert_eq!(r["few_documents"], "true", "{r:?}");
        assert_eq!(r["sentence_bootstrap"], "true", "{r:?}");
        let (lo, hi, s): (f64, f64, f64) = (
            r["ci_low"].parse().unwrap(),
            r["ci_high"].parse().unwrap(),
            r["score"].parse().unwrap(),
        );
        assert!(lo <= hi && -1.0 <= lo && hi <= 1.0, "{r:?}");
        let _ = s;
    }
}

#[test]
fn the_evidence_behind_the_scores_is_in_the_report_and_the_matches() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("seeds");
    analyze_seeds(&out, &[]);
    let matches = joined_matches(&out);
    let rt: Vec<&str> = matches
        .iter()
        .filter(|m| m["outlet"] == "RT" && m["pole"] == "kremlin")
        .map(|m| m["text"].as_str())
        .collect();
    for want in ["Western-backed coup", "voted to join Russia", "Kiev"] {
        assert!(rt.contains(&want), "RT evidence lacks {want}: {rt:?}");
    }
    let west: Vec<(&str, &str)> = matches
        .iter()
        .filter(|m| m["pole"] == "ukraine_west")
        .map(|m| (m["outlet"].as_str(), m["text"].as_str()))
        .collect();
    for (outlet, want) in [
        ("Bloomberg", "illegal annexation"),
        ("Bloomberg", "under occupation"),
        ("Bloomberg", "Kyiv"),
        ("Ukrainska Pravda", "Kyiv"),
    ] {
        assert!(
            west.contains(&(outlet, want)),
            "{outlet} evidence lacks {want}: {west:?}"
        );
    }
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("### RT on "), "report has RT's evidence");
    assert!(
        md.contains("**Western\\-backed coup**") || md.contains("**Western-backed coup**"),
        "marked term in report"
    );
    assert!(md.contains("## How these numbers were computed"));
    for chart in ["axis_russia_ukraine.png", "frames.png", "variants.png"] {
        assert!(md.contains(chart), "report links {chart}");
        assert!(out.join(chart).is_file(), "{chart} written");
        assert!(
            out.join(chart.replace(".png", ".svg")).is_file(),
            "{chart} as SVG"
        );
    }
}

#[test]
fn match_offsets_slice_the_document_text() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("seeds");
    analyze_seeds(&out, &["--sentences", "all"]);
    let docs = read_csv(&out.join("documents.csv"));
    let texts = seed_texts();
    let sentences: BTreeMap<(String, String), String> = read_csv(&out.join("sentences.csv"))
        .into_iter()
        .map(|r| {
            (
                (r["doc_id"].clone(), r["sentence"].clone()),
                r["text"].clone(),
            )
        })
        .collect();
    let n_sentences: usize = docs
        .iter()
        .map(|d| d["sentences"].parse::<usize>().unwrap())
        .sum();
    assert_eq!(
        sentences.len(),
        n_sentences,
        "--sentences all: each sentence once"
    );
    let matches = joined_matches(&out);
    assert!(matches.len() > 50, "{}", matches.len());
    for m in &matches {
        let text = &texts[&m["doc_id"]];
        let (cs, ce): (usize, usize) = (
            m["char_start"].parse().unwrap(),
            m["char_end"].parse().unwrap(),
        );
        assert!(cs < ce && ce <= text.chars().count(), "{m:?}");
        let sentence = &sentences[&(m["doc_id"].clone(), m["sentence"].clone())];
        assert!(sentence.contains(&m["text"]), "{m:?} in {sentence}");
    }
    // the quoted Bloomberg sentence in Ukrainska Pravda is quotation, not own voice
    let up_force = matches
        .iter()
        .find(|m| m["outlet"] == "Ukrainska Pravda" && m["text"].contains("use of force"))
        .expect("UP quotes Bloomberg on the use of force");
    assert_eq!(up_force["voice"], "quote");
}

#[test]
fn outputs_are_byte_identical_whatever_the_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    analyze_seeds(&a, &["-j", "1"]);
    analyze_seeds(&b, &["-j", "2"]);
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (name, bytes) in &sa {
        assert!(bytes == &sb[name], "{name} differs between -j 1 and -j 2");
    }
    for name in [
        "outlets.csv",
        "documents.csv",
        "frames.csv",
        "variants.csv",
        "matches.csv",
        "entries.csv",
        "sentences.csv",
        "document_counts.csv",
        "results.json",
        "report.md",
    ] {
        assert!(sa.contains_key(name), "{name} written");
    }
}

#[test]
fn a_different_seed_changes_only_the_intervals() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    analyze_seeds(&a, &["--seed", "1"]);
    analyze_seeds(&b, &["--seed", "2"]);
    let (ra, rb) = (
        read_csv(&a.join("outlets.csv")),
        read_csv(&b.join("outlets.csv")),
    );
    for (x, y) in ra.iter().zip(&rb) {
        assert_eq!(x["score"], y["score"]);
    }
    assert_ne!(ra, rb, "intervals depend on the seed");
}

#[test]
fn results_json_holds_every_table_and_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("seeds");
    analyze_seeds(&out, &[]);
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("results.json")).unwrap()).unwrap();
    for key in [
        "run", "corpus", "lexicon", "tables", "outlets", "evidence", "skipped",
    ] {
        assert!(v.get(key).is_some(), "results.json has {key}");
    }
    // the per-match, per-document and per-frame rows are in their tables
    for key in ["matches", "documents", "frames", "variants"] {
        assert!(v.get(key).is_none(), "results.json repeats {key}");
    }
    assert_eq!(v["run"]["options"]["seed"], 42);
    assert_eq!(
        v["run"]["lexicons"][0]["sha256"].as_str().map(str::len),
        Some(64)
    );
    let tables = v["tables"].as_object().expect("tables map");
    for (name, rows) in tables {
        let n = read_csv(&out.join(name)).len();
        assert_eq!(rows.as_u64(), Some(n as u64), "{name}");
    }
    for name in ["matches.csv", "documents.csv", "entries.csv", "outlets.csv"] {
        assert!(tables.contains_key(name), "{name} listed");
    }
    assert_eq!(v["corpus"]["documents"], 5);
}

#[test]
fn format_prints_the_outlet_table() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    let run = slant(
        &crate::util::root(),
        &[
            "analyze",
            seeds().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "json",
            "-q",
        ],
    )
    .ok();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(v.as_array().map(Vec::len), Some(5));
    assert!(run.stderr.is_empty(), "quiet: {}", run.stderr);
    let run = slant(
        &crate::util::root(),
        &[
            "analyze",
            seeds().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "csv",
            "-q",
        ],
    )
    .ok();
    assert!(run.stdout.starts_with(
        "outlet,axis,rank,status,score,ci_low,ci_high,n_docs,n_tokens,n_matches,n_negated,few_documents,few_matches,no_matches,sentence_bootstrap"
    ));
}

#[test]
fn variants_join_entries_for_their_poles() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("seeds");
    analyze_seeds(&out, &["--no-model", "--no-compare", "--no-charts"]);
    let entries = read_csv(&out.join("entries.csv"));
    let variants = read_csv(&out.join("variants.csv"));
    assert!(!variants.is_empty());
    for v in &variants {
        let poles: Vec<&str> = entries
            .iter()
            .filter(|e| e["entry_id"] == v["entry_id"])
            .map(|e| e["pole"].as_str())
            .collect();
        assert!(!poles.is_empty(), "entry of {v:?} in entries.csv");
    }
    // RT wrote "Kiev", the kremlin pole's spelling (reports/seeds/matches.csv)
    let kiev = variants
        .iter()
        .find(|v| v["outlet"] == "RT" && v["variant"] == "Kiev")
        .expect("RT's Kiev row");
    assert!(entries
        .iter()
        .any(|e| e["entry_id"] == kiev["entry_id"] && e["pole"] == "kremlin"));
}
