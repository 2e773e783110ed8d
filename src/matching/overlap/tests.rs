//! The search in four walks against the library's overlapping search, on
//! texts long enough to be split, with occurrences across the middle.

use super::*;
use aho_corasick::MatchKind;
use proptest::prelude::*;

fn dfa(patterns: &[&str], prefilter: bool) -> DFA {
    DFA::builder()
        .match_kind(MatchKind::Standard)
        .prefilter(prefilter)
        .build(patterns)
        .unwrap()
}

fn both(dfa: &DFA, hay: &str) -> (Vec<Occurrence>, Vec<Occurrence>) {
    let (mut got, mut want) = (Vec::new(), Vec::new());
    occurrences(dfa, hay.as_bytes(), &mut got);
    reference(dfa, hay.as_bytes(), &mut want);
    (got, want)
}

#[test]
fn occurrences_across_the_middle_are_found_once() {
    // "kiev regime" straddles the middle (byte 300 of 600, the end of the
    // second part of four), "kiev" and "regime" inside it too, and "e"
    // everywhere.
    let d = dfa(&["kiev regime", "kiev", "regime", "e", "ime x"], false);
    let mut hay = "x".repeat(294);
    hay.push_str("kiev regime x");
    hay.push_str(&"y".repeat(600 - hay.len()));
    let (got, want) = both(&d, &hay);
    assert_eq!(got, want);
    let spans: Vec<(usize, usize)> = got.iter().map(|o| (o.start, o.end)).collect();
    assert!(spans.contains(&(294, 305)), "{spans:?}");
    assert!(spans.contains(&(299, 305)), "{spans:?}");
    assert_eq!(spans.iter().filter(|&&s| s == (294, 298)).count(), 1);
}

#[test]
fn short_texts_and_prefilters_take_the_library_road() {
    let d = dfa(&["ab", "b"], true);
    let (got, want) = both(&d, "abab");
    assert_eq!(got, want);
    assert_eq!(got.len(), 4);
    let d = dfa(&["ab", "b"], false);
    let hay = "ab".repeat(200);
    let (got, want) = both(&d, &hay);
    assert_eq!(got, want);
    assert_eq!(got.len(), 400);
}

/// Patterns and texts from a small alphabet (so that they meet often):
/// ASCII letters, space, quotes, a hyphen, CR and LF, and letters and
/// marks beyond ASCII.
fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("a"),
            Just("b"),
            Just("n"),
            Just(" "),
            Just("'"),
            Just("\""),
            Just("-"),
            Just("\r\n"),
            Just("\u{e9}"),
            Just("\u{2019}"),
            Just("\u{201C}"),
            Just("\u{0438}"),
        ],
        0..max,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn four_walks_equal_the_library(
        patterns in proptest::collection::vec(text(6), 1..12),
        hay in text(1200),
        prefilter in any::<bool>(),
    ) {
        let patterns: Vec<&str> = patterns.iter().map(String::as_str).filter(|p| !p.is_empty()).collect();
        prop_assume!(!patterns.is_empty());
        let d = dfa(&patterns, prefilter);
        let (got, want) = both(&d, &hay);
        prop_assert_eq!(got, want);
    }
}
