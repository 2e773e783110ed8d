//! The comparison views on the seed corpus, and on degenerate corpora
//! (identical texts, empty texts, one outlet, one word...) that must give
//! a result or a note, never a panic or a NaN.

use super::*;
use crate::aggregate::words::WordCollector;
use crate::aggregate::Aggregator;
use crate::corpus::{ReadOptions, Reader};
use crate::lexicon::{load, LexiconSource};
use crate::matching::Matcher;
use crate::params::ParamGuard;
use crate::scores::tables;
use crate::stream;

fn compare_seeds(opts: &CompareParams) -> Result<Comparison, CompareError> {
    let set = load(&LexiconSource::defaults()).unwrap().set;
    let matcher = Matcher::new(&set).unwrap();
    let seeds = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let reader = Reader::open(&[seeds], ReadOptions::default()).unwrap();
    let scores = ScoreValidParams::default();
    let opts = opts.clone().check().unwrap();
    let words = WordCollector::new(&set, opts.max_n, opts.align);
    let mut hook = (Aggregator::new(&set, scores.quote_weight(), 0), words);
    stream::run(reader, &matcher, &mut hook, &|_, _| {}).unwrap();
    let (aggregator, words) = hook;
    let mut a = aggregator.finish().unwrap();
    let (counts, runs, sentences) = words.finish().unwrap();
    a.words = Some(counts);
    a.word_runs = runs;
    a.sentences = sentences;
    let t = tables::build(&set, &a, &scores);
    build(&set, &a, &t, &opts, &scores)
}

#[test]
fn kiev_is_among_rts_most_over_used_terms() {
    let opts = CompareParams {
        keyness: KeynessOptions {
            min_count: 3,
            ..KeynessOptions::default()
        },
        ..CompareParams::default()
    };
    let cmp = compare_seeds(&opts).unwrap();
    let rt: Vec<&str> = cmp
        .keyness
        .iter()
        .filter(|r| r.target == "RT" && r.z > 0.0)
        .take(10)
        .map(|r| r.term.as_str())
        .collect();
    assert!(rt.contains(&"kiev"), "RT's top over-used terms: {rt:?}");
    let kiev = cmp
        .keyness
        .iter()
        .find(|r| r.target == "RT" && r.term == "kiev")
        .unwrap();
    // RT writes "Kiev" 6 times; nobody else does
    assert_eq!((kiev.count_target, kiev.count_reference), (6, 0));
    let bloomberg: Vec<&str> = cmp
        .keyness
        .iter()
        .filter(|r| r.target == "Bloomberg" && r.z > 0.0)
        .map(|r| r.term.as_str())
        .collect();
    assert!(!bloomberg.contains(&"kiev"));
}

#[test]
fn the_2014_group_is_found() {
    let cmp = compare_seeds(&CompareParams::default()).unwrap();
    let group = cmp
        .groups
        .iter()
        .find(|g| {
            g.members
                .iter()
                .any(|m| m.outlet == "RT" && m.text.contains("voted to join Russia in 2014"))
        })
        .unwrap_or_else(|| panic!("no group with RT's 2014 sentence: {:#?}", cmp.groups));
    let outlets: Vec<&str> = group.members.iter().map(|m| m.outlet.as_str()).collect();
    for o in ["Bloomberg", "Caliber.Az", "RT"] {
        assert!(outlets.contains(&o), "{o} missing from {outlets:?}");
    }
    let bloomberg = group
        .members
        .iter()
        .find(|m| m.outlet == "Bloomberg")
        .unwrap();
    assert!(
        bloomberg.text.contains("taken by the Kremlin in 2014"),
        "{}",
        bloomberg.text
    );
    let caliber = group
        .members
        .iter()
        .find(|m| m.outlet == "Caliber.Az")
        .unwrap();
    assert!(
        caliber.text.contains("annexed by Russia in 2014"),
        "{}",
        caliber.text
    );
    // RT's sentence leans Kremlin-ward, Bloomberg's the other way
    let rt = group.members.iter().find(|m| m.outlet == "RT").unwrap();
    let (rt_score, bloomberg_score) = (rt.score.unwrap(), bloomberg.score.unwrap());
    assert!(rt_score > 0.0 && bloomberg_score < 0.0);
    // the spread of the scored sentences: RT's is the highest, and the
    // lowest is Bloomberg's or Caliber.Az's
    let lowest = caliber
        .score
        .map_or(bloomberg_score, |c| c.min(bloomberg_score));
    assert!((group.divergence.unwrap() - (rt_score - lowest)).abs() < 1e-9);
    assert!(
        rt.terms
            .iter()
            .any(|t| t.text == "Western-backed coup" && t.pole == "kremlin"),
        "{:?}",
        rt.terms
    );
    for t in &rt.terms {
        assert_eq!(
            &rt.text[t.start..t.end],
            t.text,
            "offsets within the sentence"
        );
    }
    for g in &cmp.groups {
        let mut o: Vec<&str> = g.members.iter().map(|m| m.outlet.as_str()).collect();
        o.dedup();
        assert_eq!(o.len(), g.members.len(), "one sentence per outlet");
    }
}

#[test]
fn similarity_is_symmetric_and_zero_on_the_diagonal() {
    let cmp = compare_seeds(&CompareParams::default()).unwrap();
    assert_eq!(cmp.similarity.len(), 25);
    for r in &cmp.similarity {
        let back = cmp
            .similarity
            .iter()
            .find(|x| x.outlet_a == r.outlet_b && x.outlet_b == r.outlet_a)
            .unwrap();
        let (jsd, back_jsd) = (r.terms_jsd.unwrap(), back.terms_jsd.unwrap());
        assert!((jsd - back_jsd).abs() < 1e-12);
        if r.outlet_a == r.outlet_b {
            assert!(jsd.abs() < 1e-12 && (r.terms_cosine.unwrap() - 1.0).abs() < 1e-12);
        } else {
            assert!(jsd > 0.0 && jsd <= 1.0);
        }
    }
    let mut order = cmp.order.clone();
    order.sort();
    assert_eq!(
        order,
        [
            "Bloomberg",
            "Caliber.Az",
            "Inter Bellum News",
            "RT",
            "Ukrainska Pravda"
        ]
    );
    let map = cmp.map.expect("five outlets give a map");
    assert_eq!(map.points.len(), 5);
}

#[test]
fn head_to_head_and_unknown_outlets() {
    let opts = CompareParams {
        pair: Some(("RT".into(), "Bloomberg".into())),
        permutations: 999,
        ..CompareParams::default()
    };
    let cmp = compare_seeds(&opts).unwrap();
    let pair = cmp.pair.unwrap();
    let t = &pair.tests[0];
    assert_eq!(
        (t.a.as_str(), t.b.as_str(), t.units.as_str()),
        ("RT", "Bloomberg", "sentences")
    );
    assert!(t.difference > 1.0, "{t:?}");
    assert!(t.p_value.unwrap() < 0.05, "{t:?}");
    assert!(pair.keyness.iter().any(|r| r.term == "kiev" && r.z > 0.0));
    assert!(
        !pair.groups.is_empty(),
        "RT and Bloomberg share the 2014 group"
    );
    let bad = CompareParams {
        pair: Some(("RT".into(), "Fox".into())),
        ..CompareParams::default()
    };
    let err = compare_seeds(&bad).unwrap_err().to_string();
    assert_eq!(err, "outlet `Fox` is not in the corpus (outlets: Bloomberg, Caliber.Az, Inter Bellum News, RT, Ukrainska Pravda)");
}

/// A tiny corpus, one JSONL record per (outlet, text), run through the
/// whole analysis (lexicon scores, comparison with alignment and a head to
/// head of the first and last outlets, report) in a temporary folder.
/// Empty texts are skipped, as with `--on-error skip`.
fn analyze_tiny(docs: &[(&str, &str)], charts: bool) -> Result<(Comparison, String), crate::Error> {
    use crate::corpus::OnError;
    use crate::run::{Config, ModelPlan};
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("corpus.jsonl");
    let lines: Vec<String> = docs
        .iter()
        .enumerate()
        .map(|(i, (outlet, text))| {
            serde_json::json!({"id": format!("d{i}"), "outlet": outlet, "text": text}).to_string()
        })
        .collect();
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let mut config = Config::new(vec![input], dir.path().join("report"));
    config.model = ModelPlan::None;
    config.read.on_error = OnError::Skip;
    config.scores.bootstrap = 50;
    config.charts = charts;
    // Outlets whose texts are all empty are skipped, and unknown to the pair.
    let kept: Vec<&str> = docs
        .iter()
        .filter(|d| !d.1.trim().is_empty())
        .map(|d| d.0)
        .collect();
    let pair = match (kept.first(), kept.last()) {
        (Some(a), Some(b)) if a != b => Some((a.to_string(), b.to_string())),
        _ => None,
    };
    config.compare = Some(CompareParams {
        pair,
        permutations: 99,
        ..CompareParams::default()
    });
    let outcome = config.validate()?.run("analyze", &|_, _| {})?;
    let md = std::fs::read_to_string(outcome.out.join("report.md")).unwrap();
    Ok((outcome.scores.comparison.expect("asked for"), md))
}

/// Every number of the comparison that reaches a table, checked finite.
fn assert_all_finite(c: &Comparison) {
    for r in &c.similarity {
        for v in [r.frames_cosine, r.frames_jsd, r.terms_cosine, r.terms_jsd]
            .into_iter()
            .flatten()
        {
            assert!(v.is_finite(), "{r:?}");
        }
    }
    if let Some(m) = &c.map {
        assert!(m.explained.iter().all(|e| e.is_finite()), "{m:?}");
        assert!(
            m.points.iter().all(|p| p.1.is_finite() && p.2.is_finite()),
            "{m:?}"
        );
    }
    let pair_keyness = c.pair.iter().flat_map(|p| &p.keyness);
    for r in c.keyness.iter().chain(pair_keyness) {
        assert!(
            [r.log_odds, r.z, r.chi2, r.g2]
                .iter()
                .all(|v| v.is_finite()),
            "{r:?}"
        );
    }
    for g in &c.groups {
        assert!(
            g.similarity.is_finite() && g.divergence.is_none_or(f64::is_finite),
            "{g:?}"
        );
        assert!(
            g.members.iter().all(|m| m.score.is_none_or(f64::is_finite)),
            "{g:?}"
        );
    }
    for t in c.pair.iter().flat_map(|p| &p.tests) {
        let optional = [t.ci_low, t.ci_high, t.p_value];
        assert!(
            [t.score_a, t.score_b, t.difference]
                .iter()
                .chain(optional.iter().flatten())
                .all(|v| v.is_finite()),
            "{t:?}"
        );
    }
}

/// A wire story, as outlets carry it unchanged.
const WIRE: &str = "Russia annexed Crimea in 2014. Kyiv says the referendum was illegal, officials said on Sunday.";

/// Why the map is missing, when three or more outlets all use the same words alike.
const SAME_WORDS: &str = "no outlet map: every outlet uses the same words at the same rates";

#[test]
fn degenerate_corpora_give_results_or_notes() {
    let five = |t: &'static str| -> Vec<(&'static str, &'static str)> {
        ["A", "B", "C", "D", "E"].iter().map(|o| (*o, t)).collect()
    };
    let other = "Kiev regime talks in Moscow with the Kremlin.";
    let no_frames = "no frame similarity: no outlet has a frame match";
    // (case, documents, whether there is a map, notes expected)
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, bool, Vec<&'a str>);
    let cases: Vec<Case> = vec![
        ("all documents identical (wire copy)", five(WIRE), false, vec![SAME_WORDS]),
        ("three identical", five(WIRE)[..3].to_vec(), false, vec![SAME_WORDS]),
        (
            "two texts among four outlets: a map along one direction",
            vec![("A", WIRE), ("B", WIRE), ("C", other), ("D", other)],
            true,
            vec![],
        ),
        (
            "empty texts",
            vec![("A", ""), ("B", "   "), ("C", WIRE), ("C", WIRE)],
            false,
            vec![
                "no outlet map: it needs at least three outlets, and there is one",
                "no distinctive terms: they need at least two outlets",
            ],
        ),
        (
            "texts without words",
            vec![("A", "..."), ("B", "!!!"), ("C", "\u{2014}")],
            false,
            vec![
                "no outlet map: it needs at least two content words to place outlets by, and the corpus has 0",
                "no word similarity: no word occurs at least 5 times",
                no_frames,
            ],
        ),
        (
            "a single outlet",
            vec![("A", WIRE), ("A", other)],
            false,
            vec![
                "no similarity between outlets: it needs at least two outlets",
                "no outlet map: it needs at least three outlets, and there is one",
            ],
        ),
        (
            "two outlets",
            vec![("A", WIRE), ("B", other)],
            false,
            vec!["no outlet map: it needs at least three outlets, and there are 2"],
        ),
        (
            "a single word",
            five("Crimea"),
            false,
            vec![
                "no outlet map: it needs at least two content words to place outlets by, and the corpus has 1",
                "no distinctive terms: no word or phrase",
            ],
        ),
        (
            "no words in common",
            vec![
                ("A", "alpha alpha alpha alpha alpha beta"),
                ("B", "delta delta delta delta delta zeta"),
                ("C", "theta theta theta theta theta iota"),
            ],
            true,
            vec![no_frames],
        ),
        (
            "all-zero frame counts",
            vec![
                ("A", "the cat sat on the mat"),
                ("B", "the dog sat on the log"),
                ("C", "a bird flew over the house"),
            ],
            true,
            vec![no_frames],
        ),
        (
            "one document",
            vec![("A", WIRE)],
            false,
            vec!["no outlet map: it needs at least three outlets, and there is one"],
        ),
    ];
    for (case, docs, has_map, notes) in cases {
        let (c, md) = analyze_tiny(&docs, true).unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_all_finite(&c);
        assert_eq!(c.map.is_some(), has_map, "{case}: {:?}", c.notes);
        for n in notes {
            assert!(
                c.notes.iter().any(|x| x.contains(n)),
                "{case}: no note {n:?} in {:?}",
                c.notes
            );
            assert!(md.contains(n), "{case}: report.md lacks {n:?}");
        }
        if !has_map {
            assert!(
                c.notes.iter().any(|x| x.starts_with("no outlet map")),
                "{case}: the map's absence is explained: {:?}",
                c.notes
            );
        }
        assert!(!md.contains("NaN"), "{case}: NaN in report.md");
    }
}

#[test]
fn outlets_along_one_direction_are_mapped_on_one_component() {
    let other = "Kiev regime talks in Moscow with the Kremlin.";
    let (c, _) = analyze_tiny(&[("A", WIRE), ("B", WIRE), ("C", other)], false).unwrap();
    let m = c.map.expect("a map");
    // two distinct texts: the centred rates have rank 1, so all the
    // variance is on the first component and the second is 0
    assert_eq!(m.explained, [1.0, 0.0]);
    assert!(m.points.iter().all(|p| p.2 == 0.0), "{m:?}");
    assert_eq!(m.points[0].1, m.points[1].1, "A and B carry the same text");
}

#[test]
fn no_words_in_common_is_the_largest_divergence() {
    let (c, _) = analyze_tiny(
        &[
            ("A", "alpha alpha alpha alpha alpha"),
            ("B", "delta delta delta delta delta"),
            ("C", "theta theta theta theta theta"),
        ],
        false,
    )
    .unwrap();
    let ab = c
        .similarity
        .iter()
        .find(|r| r.outlet_a == "A" && r.outlet_b == "B")
        .unwrap();
    // disjoint distributions: JSD = 1 bit (less a trace: the smoothing
    // gives each zero cell 1e-6), cosine 0; no frames: empty
    assert_eq!(ab.terms_cosine, Some(0.0));
    assert!((ab.terms_jsd.unwrap() - 1.0).abs() < 1e-4, "{ab:?}");
    assert_eq!((ab.frames_cosine, ab.frames_jsd), (None, None));
}

/// Texts drawn from a tiny vocabulary: nothing, punctuation, the wire copy
/// that outlets share, framing terms, one repeated word, plain words.
const TINY: [&str; 8] = [
    "",
    "...",
    WIRE,
    "Kiev regime talks in Moscow.",
    "The illegal annexation of Crimea.",
    "Crimea Crimea Crimea",
    "alpha beta gamma delta",
    "the cat sat on the mat",
];

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 24, ..Default::default() })]
    #[test]
    fn small_random_corpora_never_panic_and_give_finite_numbers(
        outlets in proptest::collection::vec(
            proptest::collection::vec(0usize..TINY.len(), 1..=4),
            1..=6,
        ),
    ) {
        let names = ["A", "B", "C", "D", "E", "F"];
        let docs: Vec<(&str, &str)> = outlets
            .iter()
            .enumerate()
            .flat_map(|(o, texts)| texts.iter().map(move |&t| (names[o], TINY[t])))
            .collect();
        match analyze_tiny(&docs, false) {
            Ok((c, md)) => {
                assert_all_finite(&c);
                proptest::prop_assert!(!md.contains("NaN"));
                proptest::prop_assert!(
                    c.map.is_some() || c.notes.iter().any(|n| n.starts_with("no outlet map")),
                    "{:?}",
                    c.notes
                );
            }
            // every text empty: a clean error, not a panic
            Err(e) => proptest::prop_assert!(docs.iter().all(|d| d.1.trim().is_empty()), "{}", e),
        }
    }
}
