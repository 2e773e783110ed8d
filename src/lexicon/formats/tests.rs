//! Tests of the dictionary readers against fixtures in
//! `tests/fixtures/dictionaries`, one or more per quirk.

use super::*;
use crate::lexicon::Severity;

pub(super) fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/dictionaries/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub(super) fn read_ok(name: &str, format: DictFormat) -> (Dictionary, Vec<String>) {
    match read(&fixture(name), format, name, "test") {
        Ok((d, diags)) => (d, diags.iter().map(|d| d.to_string()).collect()),
        Err(diags) => panic!("{name}: {diags:#?}"),
    }
}

pub(super) fn read_err(name: &str, format: DictFormat) -> Vec<String> {
    match read(&fixture(name), format, name, "test") {
        Ok((d, _)) => panic!("{name} should fail, read {d:#?}"),
        Err(diags) => {
            assert!(diags.iter().any(|d| d.severity == Severity::Error));
            diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| d.to_string())
                .collect()
        }
    }
}

/// Categories as (name, [(term, line)]).
pub(super) fn shape(d: &Dictionary) -> Vec<(&str, Vec<(&str, usize)>)> {
    d.categories
        .iter()
        .map(|c| {
            let terms = c.terms.iter().map(|t| (t.text.as_str(), t.line)).collect();
            (c.name.as_str(), terms)
        })
        .collect()
}

fn has(diags: &[String], needle: &str) -> bool {
    diags.iter().any(|d| d.contains(needle))
}

#[test]
fn liwc_quirks_of_old_files() {
    let (d, w) = read_ok("liwc_quirks.dic", DictFormat::Liwc);
    let social = vec![
        ("abandon*", 11),
        ("do unto others", 12),
        ("friend*", 13),
        ("me", 16),
        ("kind hearted", 18),
    ];
    let posemo = vec![
        ("abandon*", 11),
        ("do unto others", 12),
        ("friend*", 13),
        ("happy", 15),
        ("love", 17),
        ("kind hearted", 18),
    ];
    assert_eq!(
        shape(&d),
        vec![
            ("Pronoun", vec![("i", 9), ("me", 10)]),
            ("I", vec![("i", 9), ("me", 10)]),
            ("Social processes", social),
            ("Posemo", posemo),
            ("Never used", vec![]),
        ]
    );
    assert!(d
        .categories
        .iter()
        .flat_map(|c| &c.terms)
        .all(|t| t.weight.is_none()));
    // The repeated `me` merges its ids, with a warning at its line.
    assert!(
        has(
            &w,
            "liwc_quirks.dic:16: warning: `me` is also listed at line 10"
        ),
        "{w:?}"
    );
    assert_eq!(w.len(), 1, "{w:?}");
}

#[test]
fn liwc_line_ends_crlf_and_bare_cr() {
    let want = vec![
        ("posemo", vec![("happy", 5), ("bittersweet", 7)]),
        ("negemo", vec![("sad*", 6), ("bittersweet", 7)]),
    ];
    for name in ["liwc_crlf.dic", "liwc_cr.dic"] {
        let (d, w) = read_ok(name, DictFormat::Liwc);
        assert_eq!(shape(&d), want, "{name}");
        assert!(w.is_empty(), "{name}: {w:?}");
    }
}

#[test]
fn liwc_ids_before_the_tab_after_a_space() {
    // `abandon* 1<TAB>2`: quanteda reads both ids; so does slant, with a
    // warning. `catch 22<TAB>1` keeps its number: 22 is no category.
    let text = "%\n1\tpos\n2\tneg\n%\nabandon* 1\t2\ncatch 22\t1\n";
    let (d, w) = read(text, DictFormat::Liwc, "s.dic", "s").expect("reads");
    let shape: Vec<(&str, Vec<&str>)> = d
        .categories
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.terms.iter().map(|t| t.text.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        vec![
            ("pos", vec!["abandon*", "catch 22"]),
            ("neg", vec!["abandon*"])
        ]
    );
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].line, Some(5));
    // `catch 22` is written back as it is (22 is no id). `catch 2` would
    // read back as `catch` in category 2, so the writer numbers the
    // categories 1 and 3: no term ends in an id.
    let back = read(&write_liwc(&d).unwrap(), DictFormat::Liwc, "b.dic", "s").unwrap();
    assert_eq!(back.0.categories[0].terms[1].text, "catch 22");
    let mut d = d;
    d.categories[0].terms[1].text = "catch 2".into();
    let text = write_liwc(&d).expect("written with ids that skip 2");
    assert!(text.starts_with("%\n1\tpos\n3\tneg\n%\n"), "{text}");
    let (back, w) = read(&text, DictFormat::Liwc, "b.dic", "s").unwrap();
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(back.categories[0].terms[1].text, "catch 2");
    assert_eq!(back.categories[1].terms[0].text, "abandon*");
}

#[test]
fn liwc2007_context_codes_are_left_out_by_line() {
    let (d, w) = read_ok("liwc2007_markers.dic", DictFormat::Liwc);
    let names: Vec<&str> = d.categories.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names.len(), 10);
    let all: Vec<&str> = d
        .categories
        .iter()
        .flat_map(|c| c.terms.iter().map(|t| t.text.as_str()))
        .collect();
    assert_eq!(all, vec!["good", "good", "maybe"]);
    for (line, word) in [(14, "like"), (15, "kind"), (16, "sort")] {
        let prefix = format!("liwc2007_markers.dic:{line}: warning: `{word}` is left out");
        assert!(has(&w, &prefix), "{prefix} in {w:?}");
    }
    assert!(has(&w, "context-dependent"));
}

#[test]
fn liwc_errors_name_the_line() {
    let e = read_err("liwc_undefined.dic", DictFormat::Liwc);
    assert_eq!(
        e,
        vec!["liwc_undefined.dic:5: error: `sad`: category id 2 is not in the category list"]
    );
    let e = read_err("liwc_encrypted.dic", DictFormat::Liwc);
    assert!(
        e[0].starts_with("liwc_encrypted.dic:1: error:") && e[0].contains("encrypted"),
        "{e:?}"
    );
    let e = read_err("liwc_unclosed.dic", DictFormat::Liwc);
    assert!(
        e[0].starts_with("liwc_unclosed.dic:1: error:") && e[0].contains("never closed"),
        "{e:?}"
    );
    let bad = "%\n1\tposemo\n%\nhappy\t1 x2\n";
    let e = read(bad, DictFormat::Liwc, "b.dic", "b").unwrap_err();
    assert_eq!(e[0].to_string(), "b.dic:4: error: `happy`: `x2` is not a category id (ids are numbers from the category list)");
    let e = read("{\\rtf1\\ansi\n", DictFormat::Liwc, "r.dic", "r").unwrap_err();
    assert!(e[0].message.contains("RTF"));
    let e = read(
        "%\n1\tposemo\n1\tnegemo\n%\n",
        DictFormat::Liwc,
        "d.dic",
        "d",
    )
    .unwrap_err();
    assert_eq!(
        e[0].to_string(),
        "d.dic:3: error: category id 1 is defined twice (also at line 2)"
    );
}

#[test]
fn liwc_hierarchy_by_leading_tabs() {
    let (d, w) = read_ok("liwc_hierarchical.dic", DictFormat::Liwc);
    assert_eq!(
        shape(&d),
        vec![
            ("affect", vec![("happy", 8), ("hate*", 9)]),
            ("affect.posemo", vec![("happy", 8)]),
            ("affect.negemo", vec![("hate*", 9)]),
            ("affect.negemo.anger", vec![("hate*", 9)]),
            ("social", vec![("friend", 10)]),
        ]
    );
    assert_eq!(
        w,
        vec!["liwc_hierarchical.dic:3: note: category lines indented with tabs are read as nested under the less indented one above (`affect.posemo`)"]
    );
}

#[test]
fn wordstat_laver_garry_layout() {
    let (d, w) = read_ok("laver_garry_sample.cat", DictFormat::WordStat);
    assert_eq!(
        shape(&d),
        vec![
            ("CULTURE", vec![("SPORT", 7)]),
            ("CULTURE.CULTURE-HIGH", vec![("ART", 3), ("OPERA", 4)]),
            ("CULTURE.CULTURE-POPULAR", vec![("MEDIA", 6)]),
            ("ECONOMY", vec![]),
            (
                "ECONOMY.+STATE+",
                vec![("ACCOMMODATION", 10), ("AGE", 11), ("ASSIST", 12)]
            ),
            ("ECONOMY.=STATE=", vec![("ACCEPT*", 14)]),
            (
                "ECONOMY.-STATE-",
                vec![("ASSETS", 16), ("PRIVATE SECTOR", 17), ("art", 18)]
            ),
        ]
    );
    let weights: Vec<Option<f64>> = d.categories[4].terms.iter().map(|t| t.weight).collect();
    assert_eq!(weights, vec![Some(1.0), Some(1.0), Some(2.0)]);
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn wordstat_spaces_then_tabs() {
    let (d, w) = read_ok("issue459.cat", DictFormat::WordStat);
    assert_eq!(
        shape(&d),
        vec![
            ("SOUTH", vec![]),
            ("SOUTH.BW", vec![("Botswana", 3), ("Botswanan*", 4)]),
            ("SOUTH.NA", vec![("Namibia", 6), ("Windhoek", 7)]),
            ("SOUTH.ZA", vec![("South Africa", 9), ("S African*", 10)]),
        ]
    );
    assert!(w.is_empty(), "{w:?}");
    let e = read_err("wordstat_orphan.cat", DictFormat::WordStat);
    assert!(
        e[0].starts_with("wordstat_orphan.cat:1: error: `ART (1)` is a word"),
        "{e:?}"
    );
    // A leaf without words is most likely a word without its weight.
    let (_, w) = read("A\n\tB\n\t\tword\n", DictFormat::WordStat, "w.cat", "w").unwrap();
    assert!(
        w.iter()
            .any(|d| d.line == Some(3) && d.message.contains("needs a weight")),
        "{w:?}"
    );
}

#[test]
fn lexicoder_lsd_layout() {
    let (d, w) = read_ok("lsd_sample.lc3", DictFormat::Lexicoder);
    assert_eq!(
        shape(&d),
        vec![
            (
                "negative",
                vec![
                    ("a lie", 2),
                    ("abandon*", 3),
                    ("beyond the pale", 4),
                    ("heckl*", 5),
                    ("ire*", 6)
                ]
            ),
            (
                "positive",
                vec![("ability*", 8), ("best", 9), ("big heart*", 10)]
            ),
        ]
    );
    assert_eq!(w.len(), 1);
    assert!(has(
        &w,
        "lsd_sample.lc3:5: warning: `heckl**`: the repeated `*` is read as one"
    ));
    let e = read_err("lexicoder_orphan.lc3", DictFormat::Lexicoder);
    assert!(
        e[0].starts_with("lexicoder_orphan.lc3:1: error: `abandon*` comes before"),
        "{e:?}"
    );
}

#[test]
fn lexicoder_leading_spaces_mark_word_starts() {
    let (d, w) = read_ok("ltd_spaced.lc3", DictFormat::Lexicoder);
    assert_eq!(
        shape(&d),
        vec![
            (
                "macroeconomics",
                vec![
                    ("econom*", 2),
                    ("business cycle*", 3),
                    ("aggregate demand", 4),
                    ("food", 5),
                    ("tax*", 6)
                ]
            ),
            ("agriculture", vec![("farm", 8), ("crop", 9)]),
        ]
    );
    assert!(
        has(
            &w,
            "ltd_spaced.lc3:2: warning: 6 entries start with a space"
        ),
        "{w:?}"
    );
    assert!(has(&w, "2 of them do not end"), "{w:?}");
    assert!(
        has(
            &w,
            "ltd_spaced.lc3:9: warning: 1 entries do not start with a space"
        ),
        "{w:?}"
    );
}
