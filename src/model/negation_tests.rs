//! Weak labels under each negation policy, beside the document tally
//! that the lexicon index pools.

/// A pole match in the scope of a negation counts as the set's policy says,
/// in the document tally and in the weak labels alike.
#[test]
fn a_negated_pole_match_counts_as_the_policy_says() {
    use crate::model::{units::UnitCollector, Supervision};
    use crate::stream::DocHook;
    use crate::text::NegationPolicy;
    use crate::text::QuoteWeight;
    let text = "It was not red. Blue won.";
    let mut set = crate::lexicon::load_str(&[("t.toml", crate::features::tests::LEXICON)])
        .unwrap()
        .set;
    let m = crate::matching::Matcher::new(&set)
        .unwrap()
        .match_document(text);
    assert!(m.hits[0].negated && !m.hits[1].negated);
    let doc = crate::corpus::Document {
        id: "d".into(),
        outlet: "o".into(),
        text: text.into(),
        date: None,
        title: None,
        url: None,
        meta: Vec::new(),
        origin: crate::corpus::Origin {
            file: "t.jsonl".into(),
            line: Some(1),
        },
    };
    let sup = Supervision::Weak { axis: 0 };
    // (pos, neg) of the tally, and the weak label of each sentence.
    let mut seen = Vec::new();
    for policy in [
        NegationPolicy::Ignore,
        NegationPolicy::Count,
        NegationPolicy::Flip,
    ] {
        set.negation.policy = policy;
        let t = crate::features::DocTally::of(&set, &m);
        let (pos, neg) = t.axes[0].weighted(QuoteWeight::FULL);
        let units = UnitCollector::new(&set, &sup, 1, QuoteWeight::FULL);
        let labels: Vec<String> = units.prepare(&doc, &m).into_iter().map(|u| u.1).collect();
        seen.push((pos, neg, t.axes[0].negated, labels));
    }
    let l = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // "red" weighs 2 on pos, "blue" 1 on neg.
    assert_eq!(seen[0], (0.0, 1.0, 1, l(&["neg"])), "ignore");
    assert_eq!(seen[1], (2.0, 1.0, 1, l(&["pos", "neg"])), "count");
    assert_eq!(seen[2], (0.0, 3.0, 1, l(&["neg", "neg"])), "flip");
}
