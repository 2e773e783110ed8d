//! One table row per matching rule: (text, expected matches as
//! `form@matched text` in order). The lexicon below is built for these rows.

use super::*;
use crate::lexicon::load_str;

const LEXICON: &str = r#"
[lexicon]
name = "test"

[[axis]]
id = "ru_ua"
negative = { id = "ua" }
positive = { id = "ru" }

[[frame]]
id = "legality"

[[frame.term]]
text = "illegal annexation"
pole = "ua"
note = "n"

[[frame.term]]
text = "annex*"
note = "n"

[[frame.term]]
text = "annexation"
note = "exact form beats the glob on the same span"

[[frame.term]]
text = "Western-backed coup"
pole = "ru"
note = "n"

[[frame.term]]
text = "Kiev regime"
pole = "ru"
note = "n"

[[frame.term]]
text = "people's republic"
note = "n"

[[frame.term]]
text = "SMO"
case_sensitive = true
pole = "ru"
note = "n"

[[frame.term]]
text = "U.S."
note = "n"

[[slot]]
id = "capital"

[[slot.variant]]
label = "Kyiv"
text = "Kyiv"
pole = "ua"
note = "n"

[[slot.variant]]
label = "Kiev"
text = "Kiev"
pole = "ru"
exclude = ["Kievan Rus", "Chicken Kiev", "Dynamo Kiev"]
note = "n"
"#;

fn matcher() -> (Matcher, LexiconSet) {
    let set = load_str(&[("test.toml", LEXICON)])
        .expect("test lexicon")
        .set;
    (Matcher::new(&set).expect("matcher"), set)
}

fn found(m: &Matcher, set: &LexiconSet, text: &str) -> Vec<String> {
    m.find(text)
        .into_iter()
        .map(|x| {
            let f = &set.entries[x.entry as usize].forms[x.form as usize];
            format!("{}@{}", f.display(), &text[x.start..x.end])
        })
        .collect()
}

#[test]
fn matching_rules() {
    let (m, set) = matcher();
    let cases: &[(&str, &str, &[&str])] = &[
        ("single word", "in Kyiv today", &["Kyiv@Kyiv"]),
        ("case folded", "KYIV and kyiv", &["Kyiv@KYIV", "Kyiv@kyiv"]),
        ("word boundary", "Kievan princes", &[]),
        ("possessive", "Kyiv's army", &["Kyiv@Kyiv"]),
        (
            "longest wins",
            "an illegal annexation",
            &["illegal annexation@illegal annexation"],
        ),
        ("glob", "Russia annexed it", &["annex*@annexed"]),
        ("glob bare stem", "to annex land", &["annex*@annex"]),
        (
            "exact beats glob",
            "the annexation",
            &["annexation@annexation"],
        ),
        ("glob needs start boundary", "reannexed", &[]),
        (
            "hyphen",
            "a Western-backed coup",
            &["Western-backed coup@Western-backed coup"],
        ),
        (
            "space for hyphen",
            "a Western backed coup",
            &["Western-backed coup@Western backed coup"],
        ),
        (
            "en dash for hyphen",
            "a Western\u{2013}backed coup",
            &["Western-backed coup@Western\u{2013}backed coup"],
        ),
        (
            "line break inside phrase",
            "a Western-backed\r\ncoup",
            &["Western-backed coup@Western-backed\r\ncoup"],
        ),
        (
            "curly apostrophe",
            "Donetsk People\u{2019}s Republic",
            &["people's republic@People\u{2019}s Republic"],
        ),
        (
            "failed longer match does not hide shorter",
            "Kiev regimes",
            &["Kiev@Kiev"],
        ),
        (
            "longer phrase",
            "the Kiev regime",
            &["Kiev regime@Kiev regime"],
        ),
        ("exclusion vetoes", "Kievan Rus and Chicken Kiev", &[]),
        (
            "exclusion only vetoes what it overlaps",
            "Dynamo Kiev played in Kiev",
            &["Kiev@Kiev"],
        ),
        ("case sensitive", "the SMO began", &["SMO@SMO"]),
        ("case sensitive rejects", "smo or Smo", &[]),
        ("punctuation in form", "the U.S. said", &["U.S.@U.S."]),
        ("NFC", "Kyi\u{0301}v", &[]),
        (
            "soft hyphen dropped",
            "Ky\u{00AD}iv",
            &["Kyiv@Ky\u{00AD}iv"],
        ),
        ("empty", "", &[]),
    ];
    for (rule, text, want) in cases {
        assert_eq!(found(&m, &set, text), *want, "rule: {rule}; text {text:?}");
    }
}

#[test]
fn hits_carry_sentence_and_voice() {
    let (m, _) = matcher();
    let text = "Kyiv said so. He called it \u{201C}the Kiev regime. A Western-backed coup.\u{201D} Then Kiev.";
    let doc = m.match_document(text);
    let got: Vec<(u32, Voice)> = doc.hits.iter().map(|h| (h.sentence, h.voice)).collect();
    assert_eq!(
        got,
        [
            (0, Voice::Own),
            (1, Voice::Quote),
            (2, Voice::Quote),
            (3, Voice::Own)
        ]
    );
}

#[test]
fn empty_lexicon_matches_nothing() {
    let set = LexiconSet::default();
    let m = Matcher::new(&set).expect("matcher");
    assert!(m.find("Kyiv").is_empty());
}

const CONTEXT_LEXICON: &str = r#"
[lexicon]
name = "ctx"
context = "war"

[[context]]
id = "war"
text = ["Ukrain*", "Kremlin"]
window = 1

[[context]]
id = "doc"
text = ["Crimea"]
scope = "document"

[[frame]]
id = "f"

[[frame.term]]
text = "occupation"
note = "needs the lexicon's context"

[[frame.term]]
text = "referendum"
context = "doc"
note = "needs Crimea anywhere in the document"

[[frame.term]]
text = "ceasefire"
context = "none"
note = "counts anywhere"
"#;

#[test]
fn context_gates_entries() {
    let set = load_str(&[("ctx.toml", CONTEXT_LEXICON)])
        .expect("lexicon")
        .set;
    let m = Matcher::new(&set).expect("matcher");
    let cases: &[(&str, &str, &[&str], u32)] = &[
        ("no context", "The occupation of the West Bank.", &[], 1),
        (
            "same paragraph",
            "The occupation of Ukraine.",
            &["occupation"],
            0,
        ),
        (
            "context in the match's own paragraph via a glob",
            "Ukrainians fear occupation.",
            &["occupation"],
            0,
        ),
        (
            "next paragraph",
            "The occupation began.\n\nThe Kremlin denied it.",
            &["occupation"],
            0,
        ),
        (
            "two paragraphs away",
            "The occupation began.\n\nNothing.\n\nThe Kremlin denied it.",
            &[],
            1,
        ),
        (
            "document scope",
            "A referendum.\n\nA.\n\nB.\n\nIn Crimea.",
            &["referendum"],
            0,
        ),
        (
            "document scope missing",
            "A referendum in Scotland.",
            &[],
            1,
        ),
        (
            "no context needed",
            "A ceasefire in Gaza.",
            &["ceasefire"],
            0,
        ),
        (
            "partial word is no context",
            "The occupation of Ukrainetown.",
            &["occupation"],
            0,
        ),
        (
            "context must be a whole word",
            "The occupation of Kremlinology.",
            &[],
            1,
        ),
    ];
    for (rule, text, want, dropped) in cases {
        let doc = m.match_document(text);
        let got: Vec<&str> = doc
            .hits
            .iter()
            .map(|h| &text[h.term.start..h.term.end])
            .collect();
        assert_eq!(
            (got.as_slice(), doc.out_of_context),
            (*want, *dropped),
            "rule: {rule}"
        );
        let direct: Vec<&str> = m.find(text).iter().map(|x| &text[x.start..x.end]).collect();
        assert_eq!(direct, *want, "find agrees with match_document: {rule}");
    }
}

proptest::proptest! {
    /// On any text made of lexicon forms, filler words and punctuation:
    /// matches are in order, do not overlap, sit on word boundaries, and
    /// each one normalizes to the form it claims.
    #[test]
    fn matches_are_ordered_disjoint_and_true_to_their_form(
        pieces in proptest::collection::vec(0usize..16, 0..40),
    ) {
        const PIECES: &[&str] = &[
            "Kyiv", "KIEV", "Kievan Rus", "illegal annexation", "annexed", "Western-backed coup",
            "Western\u{2013}backed  coup", "People\u{2019}s Republic", "SMO", "smo", "the", ",", ".",
            "\u{201C}", "\u{201D}", "\n",
        ];
        let (m, set) = matcher();
        let text: String = pieces.iter().map(|&i| PIECES[i]).collect::<Vec<_>>().join(" ");
        let found = m.find(&text);
        let mut last_end = 0;
        for x in &found {
            proptest::prop_assert!(x.start >= last_end && x.start < x.end, "{found:?}");
            last_end = x.end;
            let before = text[..x.start].chars().next_back();
            let after = text[x.end..].chars().next();
            proptest::prop_assert!(!before.is_some_and(char::is_alphanumeric), "start boundary {x:?}");
            proptest::prop_assert!(!after.is_some_and(char::is_alphanumeric), "end boundary {x:?}");
            let e = &set.entries[x.entry as usize];
            let f = &e.forms[x.form as usize];
            let got = normalize_form(&text[x.start..x.end], !e.case_sensitive);
            let want = normalize_form(&f.text, !e.case_sensitive);
            if f.glob {
                proptest::prop_assert!(got.starts_with(&want), "{got} vs {want}*");
            } else {
                proptest::prop_assert_eq!(got, want);
            }
        }
        // `sentence_hits` relies on hits coming in sentence order, and must
        // give every hit once.
        let doc = m.match_document(&text);
        let order: Vec<u32> = doc.hits.iter().map(|h| h.sentence).collect();
        proptest::prop_assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
        let per_sentence: usize = (0..doc.layout.sentences.len()).map(|s| doc.sentence_hits(s).len()).sum();
        proptest::prop_assert_eq!(per_sentence, doc.hits.len());
    }
}

/// A document that repeats an excluded phrase and its entry `n` times:
/// how many exclusions the check for them looked at, and how many matches
/// were kept (the bare "Kiev" of each repeat).
fn exclusion_work(m: &Matcher, n: usize) -> (usize, usize) {
    let text = "Dynamo Kiev beat Kiev. ".repeat(n);
    let before = super::exclusions::PROBES.with(std::cell::Cell::get);
    let kept = m.find(&text).len();
    let after = super::exclusions::PROBES.with(std::cell::Cell::get);
    (after - before, kept)
}

/// Each candidate is checked against the exclusions with a binary search:
/// 8 times the repeats cost 8 times the candidates, each looking at about
/// log2 of 8 times the exclusions (3 more of each candidate's 12 at 2,000
/// repeats). Comparing each candidate with every exclusion looked at
/// n² of them: 64 times as many for 8 times the text.
#[test]
fn exclusions_cost_linearithmic_work_in_a_text_that_repeats_them() {
    let (m, _) = matcher();
    let (small, kept) = exclusion_work(&m, 2_000);
    assert_eq!(kept, 2_000);
    let (large, kept) = exclusion_work(&m, 16_000);
    assert_eq!(kept, 16_000);
    eprintln!("exclusions looked at: {small} at 2,000 repeats, {large} at 16,000");
    // candidates: both "Kiev"s of each repeat
    assert!(small <= 2 * 2_000 * 13, "{small}");
    assert!(large <= 8 * small * 3 / 2, "{small} -> {large}");
}

/// [`leftmost_longest`] as it was, into a new list: the road the one in
/// place is held to.
fn leftmost_longest_into_new(mut cands: Vec<Candidate>) -> Vec<Candidate> {
    cands.sort_unstable_by_key(|c| (c.start, Reverse(c.end), c.glob, c.entry, c.form));
    let mut out = Vec::with_capacity(cands.len());
    let mut last_end = 0;
    for c in cands {
        if c.start >= last_end {
            last_end = c.end;
            out.push(c);
        }
    }
    out
}

proptest::proptest! {
    #![proptest_config(crate::fuzz::config(512, "tests/fixtures/proptest/leftmost_longest.txt"))]

    /// Choosing among overlapping candidates in place keeps the
    /// candidates, in the order, that choosing into a new list kept.
    #[test]
    fn leftmost_longest_in_place_is_into_new(
        spans in proptest::collection::vec((0usize..20, 1usize..6, proptest::bool::ANY, 0u32..3, 0u16..2), 0..24)
    ) {
        let cands: Vec<Candidate> = spans
            .iter()
            .map(|&(start, len, glob, entry, form)| Candidate { start, end: start + len, glob, entry, form })
            .collect();
        let want = leftmost_longest_into_new(cands.clone());
        let mut got = cands;
        leftmost_longest(&mut got);
        let key = |c: &Candidate| (c.start, c.end, c.glob, c.entry, c.form);
        proptest::prop_assert_eq!(got.iter().map(key).collect::<Vec<_>>(), want.iter().map(key).collect::<Vec<_>>());
    }
}
