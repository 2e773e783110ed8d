//! The comparison views on the seed corpus.

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
    let mut a = aggregator.finish();
    let (counts, sentences) = words.finish();
    a.words = Some(counts);
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
    assert!(rt.score > 0.0 && bloomberg.score < 0.0);
    assert!(
        (group.divergence - (rt.score - bloomberg.score.min(caliber.score))).abs() < 1e-9
            || group.divergence >= rt.score - bloomberg.score
    );
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
