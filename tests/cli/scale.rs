//! A report at 500 outlets: generated into a temporary folder with large,
//! small, single-document and zero-match outlets, and read back from the
//! files a researcher would open.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use super::util::{read_csv, slant};

/// A sentence on the kremlin pole of the default lexicon (weight 1).
const KREMLIN: &str = "Officials in Moscow cited the Kosovo precedent for Ukraine.";
/// A sentence on the ukraine_west pole (weight 1).
const WEST: &str = "Leaders in Kyiv called the Russian commanders war criminals.";
/// A sentence with no lexicon term and no topic word.
const PLAIN: &str = "The city council met on Tuesday to discuss the school budget.";

/// The kinds of outlets in the generated corpus, in the order generated.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Kind {
    /// Enough documents and matches to be ranked.
    Large,
    /// Two or three documents with a few matches.
    Small,
    /// One document with one match.
    Single,
    /// Documents without any lexicon term.
    Silent,
}

/// One generated outlet: its name, kind and documents.
pub(super) struct Outlet {
    name: String,
    kind: Kind,
    docs: Vec<String>,
}

/// 500 outlets: 40 large (6 to 12 documents, leaning from one pole to the
/// other with the outlet's number), 160 small, 150 single-document and 150
/// silent. Two silent outlets are the largest of all: "Zz Wire" and "Aa
/// Wire" with 30 documents each, Zz's longer, so that by size Zz comes
/// first although Aa comes first by name.
pub(super) fn outlets() -> Vec<Outlet> {
    let mut out = Vec::new();
    for i in 0..40 {
        let docs = (0..6 + i % 7)
            .map(|d| {
                let k = (i + d) % 5;
                let mut t = String::new();
                for s in 0..4 {
                    t.push_str(if s < k { KREMLIN } else { WEST });
                    t.push(' ');
                }
                t + PLAIN
            })
            .collect();
        out.push((format!("Large Outlet {i:03}"), Kind::Large, docs));
    }
    for i in 0..160 {
        let docs = (0..2 + i % 2)
            .map(|d| format!("{} {PLAIN}", if (i + d) % 2 == 0 { KREMLIN } else { WEST }))
            .collect();
        out.push((format!("Small Outlet {i:03}"), Kind::Small, docs));
    }
    for i in 0..150 {
        let t = if i % 3 == 0 { KREMLIN } else { WEST };
        out.push((
            format!("Single {i:03}"),
            Kind::Single,
            vec![format!("{t} {PLAIN}")],
        ));
    }
    for i in 0..148 {
        out.push((
            format!("Silent {i:03}"),
            Kind::Silent,
            vec![PLAIN.to_string(); 1 + i % 3],
        ));
    }
    out.push(("Aa Wire".into(), Kind::Silent, vec![PLAIN.to_string(); 30]));
    out.push((
        "Zz Wire".into(),
        Kind::Silent,
        vec![format!("{PLAIN} {PLAIN}"); 30],
    ));
    out.into_iter()
        .map(|(name, kind, docs)| Outlet { name, kind, docs })
        .collect()
}

/// Writes the corpus as JSONL into `dir`.
pub(super) fn write_corpus(dir: &Path, outlets: &[Outlet]) -> std::path::PathBuf {
    let mut s = String::new();
    for o in outlets {
        for (d, text) in o.docs.iter().enumerate() {
            let id = format!("{}-{d}", o.name.replace(' ', "-"));
            let _ = writeln!(
                s,
                "{}",
                serde_json::json!({"id": id, "outlet": o.name, "text": text})
            );
        }
    }
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, s).unwrap();
    path
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(path: &Path) -> (u32, u32) {
    let b = std::fs::read(path).unwrap();
    assert_eq!(&b[1..4], b"PNG", "{} is a PNG", path.display());
    let n = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    (n(16), n(20))
}

#[test]
fn a_report_at_500_outlets_stays_readable_and_complete() {
    let tmp = tempfile::tempdir().unwrap();
    let outlets = outlets();
    assert_eq!(outlets.len(), 500);
    let corpus = write_corpus(tmp.path(), &outlets);
    let run = slant(
        tmp.path(),
        &[
            "analyze",
            corpus.to_str().unwrap(),
            "--out",
            "rep",
            // the generated outlets repeat the same few sentences, which
            // would be taken for boilerplate
            "--keep-boilerplate",
            "--bootstrap",
            "200",
            "--highlight",
            "Single 003",
            "--highlight",
            "Large Outlet 020",
            "--highlight",
            "Nowhere Times",
        ],
    )
    .ok();
    assert!(
        run.stderr
            .contains("--highlight Nowhere Times: no such outlet"),
        "{}",
        run.stderr
    );
    let rep = tmp.path().join("rep");

    // Every outlet in outlets.csv; ranks only for outlets with evidence.
    let rows = read_csv(&rep.join("outlets.csv"));
    let kinds: BTreeMap<&str, Kind> = outlets.iter().map(|o| (o.name.as_str(), o.kind)).collect();
    assert_eq!(rows.len(), 500, "one row per outlet on the one axis");
    for r in &rows {
        let kind = kinds[r["outlet"].as_str()];
        let ranked = !r["rank"].is_empty();
        assert_eq!(ranked, kind == Kind::Large, "{r:?}");
        assert_eq!(ranked, r["status"] == "ranked", "{r:?}");
        if ranked {
            for flag in ["few_documents", "few_matches", "no_matches"] {
                assert_eq!(r[flag], "false", "{r:?}");
            }
        }
        if kind == Kind::Silent {
            assert_eq!(r["status"], "no_matches");
            assert_eq!(r["score"], "", "no evidence is an empty score, not 0");
        } else {
            assert!(r["score"].parse::<f64>().is_ok(), "{r:?}");
        }
    }
    let mut ranks: Vec<usize> = rows.iter().filter_map(|r| r["rank"].parse().ok()).collect();
    ranks.sort();
    assert_eq!(ranks, (1..=40).collect::<Vec<_>>());

    // report.md is bounded, ranked outlets come first, the silent ones are
    // counted, not ranked.
    let md = std::fs::read_to_string(rep.join("report.md")).unwrap();
    let lines = md.lines().count();
    assert!(lines < 1500, "report.md has {lines} lines");
    assert!(
        md.contains("40 outlets are ranked: ranking takes at least 5 documents"),
        "{md}"
    );
    assert!(md.contains("`--highlight Nowhere Times`: the corpus has no such outlet"));
    assert!(md.contains("460 have too little evidence to rank (150 without any pole match"));
    assert!(
        md.contains("| Large Outlet 020 |"),
        "highlighted outlet in the table"
    );
    assert!(
        md.contains("| few_documents | Single 003 |"),
        "highlighted single in its table"
    );
    assert!(
        md.contains("### Single 003 on Russia–Ukraine"),
        "highlighted evidence"
    );
    assert!(!md.contains("+0.00 [+0.00, +0.00]"));
    let evidence_sections = md.matches("\n### ").count();
    assert!(evidence_sections < 60, "{evidence_sections} sections");

    // "Largest" is most documents, then tokens: Zz Wire before Aa Wire.
    let frames = md.split("## Frames").nth(1).unwrap();
    let first_rows: Vec<&str> = frames
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| outlet"))
        .take(2)
        .collect();
    assert!(first_rows[0].starts_with("| Zz Wire |"), "{first_rows:?}");
    assert!(first_rows[1].starts_with("| Aa Wire |"), "{first_rows:?}");

    // Charts of bounded size whatever the number of outlets.
    let mut pngs = 0;
    for e in std::fs::read_dir(&rep).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "png") {
            let (w, h) = png_size(&p);
            assert!(w <= 2600 && h <= 2600, "{}: {w} x {h}", p.display());
            pngs += 1;
        }
    }
    assert!(pngs >= 5, "{pngs} charts");
}

/// A second axis beside the shipped one: who is quoted, officials (in the
/// Kremlin-pole sentence) or leaders (in the Ukraine/West one).
const VOICES: &str = r#"[lexicon]
name = "voices"

[[axis]]
id = "voices"
label = "Voices"
negative = { id = "leaders", label = "Leaders" }
positive = { id = "officials", label = "Officials" }

[[frame]]
id = "who"
label = "Who speaks"

[[frame.term]]
text = "Officials"
pole = "officials"

[[frame.term]]
text = "Leaders"
pole = "leaders"
"#;

#[test]
fn a_two_axis_report_at_500_outlets_stays_within_bounds() {
    // The issue's target (report.md under 1,500 lines at 500 outlets) must
    // hold when every outlet appears once per axis, not only on one axis.
    let tmp = tempfile::tempdir().unwrap();
    let outlets = outlets();
    let corpus = write_corpus(tmp.path(), &outlets);
    let voices = tmp.path().join("voices.toml");
    std::fs::write(&voices, VOICES).unwrap();
    slant(
        tmp.path(),
        &[
            "analyze",
            corpus.to_str().unwrap(),
            "--add-lexicon",
            voices.to_str().unwrap(),
            "--out",
            "rep",
            "--keep-boilerplate",
            "--bootstrap",
            "200",
            "--no-model",
            "-q",
        ],
    )
    .ok();
    let rep = tmp.path().join("rep");
    let rows = read_csv(&rep.join("outlets.csv"));
    assert_eq!(rows.len(), 1000, "one row per outlet and axis");
    for axis in ["russia_ukraine", "voices"] {
        let mut ranks: Vec<usize> = rows
            .iter()
            .filter(|r| r["axis"] == axis && !r["rank"].is_empty())
            .map(|r| r["rank"].parse().unwrap())
            .collect();
        ranks.sort_unstable();
        // the 40 large outlets have 6+ documents with both sentences
        assert_eq!(ranks, (1..=40).collect::<Vec<_>>(), "{axis}");
    }
    let md = std::fs::read_to_string(rep.join("report.md")).unwrap();
    let lines = md.lines().count();
    assert!(lines < 1500, "report.md has {lines} lines");
    assert!(md.contains("Voices"), "the second axis is reported");
    let evidence_sections = md.matches("\n### ").count();
    assert!(evidence_sections < 120, "{evidence_sections} sections");
    for e in std::fs::read_dir(&rep).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "png") {
            let (w, h) = png_size(&p);
            assert!(w <= 2600 && h <= 2600, "{}: {w} x {h}", p.display());
        }
    }
}

#[test]
fn a_model_that_does_not_beat_its_baseline_says_so_in_report_and_chart() {
    // On the five seed articles the weak-label model's macro-F1 with
    // outlets held out (0.48) is below the majority-class baseline's
    // (1.00): report.md's model section opens with the warning, and the
    // chart says it.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("rep");
    slant(
        &super::util::root(),
        &[
            "analyze",
            super::util::seeds().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--bootstrap",
            "200",
            "-q",
        ],
    )
    .ok();
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let section = &md[md.find("## Model:").expect("model section")..];
    assert!(
        section.lines().nth(2).is_some_and(|l| l.starts_with(
            "**Warning: the model does not beat guessing on outlets it was not trained on"
        )),
        "{section}"
    );
    let svg = std::fs::read_to_string(out.join("model_russia_ukraine.svg")).unwrap();
    assert!(svg.contains("WARNING: on held-out outlets the model does not beat guessing"));
    // Five single-document outlets: none ranked, all listed with a score.
    assert!(md.contains("No outlet is ranked"));
    assert_eq!(md.matches("| few_documents |").count(), 5);
}
