//! Feature tallies and matrices on a hand-checked sentence.

use super::*;
use crate::lexicon::load_str;
use crate::matching::Matcher;

/// Also the lexicon of the weak-label test in `model::negation_tests`.
pub(crate) const LEXICON: &str = r#"
[lexicon]
name = "t"
[[axis]]
id = "ax"
negative = { id = "neg" }
positive = { id = "pos" }
[[frame]]
id = "f"
[[frame.term]]
text = "red"
pole = "pos"
weight = 2.0
note = "n"
[[frame.term]]
text = "blue"
pole = "neg"
note = "n"
[[frame]]
id = "g"
[[frame.term]]
text = "green"
note = "n"
"#;

fn setup(text: &str) -> (crate::lexicon::LexiconSet, MatchedDoc) {
    let set = load_str(&[("t.toml", LEXICON)]).unwrap().set;
    let m = Matcher::new(&set).unwrap().match_document(text);
    (set, m)
}

const TEXT: &str = "Red is here. They said \"blue red\" and green too.";

#[test]
fn tallies_by_voice() {
    // 10 tokens; red (own), "blue red" quoted, green (own)
    let (set, m) = setup(TEXT);
    let t = DocTally::of(&set, &m);
    assert_eq!(t.tokens, 10);
    assert_eq!(t.sentences, 2);
    assert_eq!(
        (t.frame_own.clone(), t.frame_quote.clone()),
        (vec![1, 1], vec![2, 0])
    );
    let ax = t.axes[0];
    assert_eq!(
        (ax.pos_own, ax.pos_quote, ax.neg_own, ax.neg_quote),
        (2.0, 2.0, 0.0, 1.0)
    );
    assert_eq!((ax.n_own, ax.n_quote), (1, 2));
    // sentence 0: red own; sentence 1: blue and red quoted
    assert_eq!(t.sentence_axes.len(), 2);
    assert_eq!(t.sentence_axes[1].2.pos_quote, 2.0);
    assert_eq!(t.sentence_axes[1].2.neg_quote, 1.0);
}

#[test]
fn document_matrix_has_named_columns() {
    let (set, m) = setup(TEXT);
    let t = DocTally::of(&set, &m);
    let fm = document_matrix(&set, [("d1", &t)].into_iter());
    assert_eq!(
        fm.columns,
        [
            "frame:f:own",
            "frame:f:quote",
            "frame:g:own",
            "frame:g:quote",
            "term:f/red:own",
            "term:f/red:quote",
            "term:f/blue:own",
            "term:f/blue:quote",
            "term:g/green:own",
            "term:g/green:quote",
        ]
    );
    // frame f: 1 own and 2 quoted matches in 10 tokens -> 100 and 200 per 1,000
    assert_eq!(
        fm.values.row(0).to_vec(),
        [100.0, 200.0, 100.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0]
    );
}

#[test]
fn sentence_rows_add_up_to_the_document() {
    let (set, m) = setup(TEXT);
    let sm = sentence_matrix(&set, "d1", &m);
    assert_eq!(sm.rows, ["d1#0", "d1#1"]);
    // sentence 0 has 3 tokens and one own-voice red: 1000 / 3 per 1,000
    assert!((sm.values[[0, 0]] - 1000.0 / 3.0).abs() < 1e-9);
    let fm = document_matrix(&set, [("d1", &DocTally::of(&set, &m))].into_iter());
    for c in 4..sm.columns.len() {
        assert_eq!(
            sm.values.column(c).sum(),
            fm.values[[0, c]],
            "term column {c}"
        );
    }
}

#[test]
fn rate_of_nothing_is_zero() {
    assert_eq!(rate(3.0, 0), 0.0);
    assert_eq!(rate(3.0, 1500), 2.0);
}
