//! Tests of the YAML and word-list readers, stats, roll-up, format names
//! and `from_set`.

use super::tests::{read_err, read_ok, shape};
use super::*;

#[test]
fn quanteda_yaml_nesting_and_styles() {
    let (d, w) = read_ok("quanteda.yml", DictFormat::Yaml);
    assert_eq!(
        shape(&d),
        vec![
            (
                "economy",
                vec![("tax*", 2), ("budget deficit", 2), ("spend*", 2)]
            ),
            ("social policy", vec![("welfare", 4), ("pension*", 5)]),
            ("single", vec![("one term", 6)]),
            ("NO", vec![("norway", 7), ("norweg*", 7)]),
            ("regions", vec![]),
            ("regions.AFRICA", vec![]),
            ("regions.AFRICA.EAST", vec![]),
            ("regions.AFRICA.EAST.KE", vec![("Kenya", 11)]),
            (
                "regions.AFRICA.EAST.TZ",
                vec![("Tanzania", 12), ("Dar es Salaam", 12)]
            ),
            ("regions.EUROPE", vec![("europ*", 14)]),
            (
                "regions.EUROPE.UA",
                vec![("Україна", 15), ("Київ", 15), ("Kyiv", 15)]
            ),
            ("nested_in_list", vec![("own", 17)]),
            ("nested_in_list.child", vec![("x1", 18), ("x2", 18)]),
            ("empty", vec![]),
        ]
    );
    assert!(w.is_empty(), "{w:?}");
    let e = read_err("yaml_duplicate_key.yml", DictFormat::Yaml);
    assert_eq!(
        e,
        vec!["yaml_duplicate_key.yml:3: error: key `a` appears twice in this map (also at line 1)"]
    );
    let e = read_err("yaml_syntax_error.yml", DictFormat::Yaml);
    assert!(
        e[0].starts_with("yaml_syntax_error.yml:") && e[0].contains("YAML syntax"),
        "{e:?}"
    );
    for (text, needle) in [
        ("- a\n- b\n", "top level must be a map"),
        ("a: &x [b]\nc: *x\n", "anchors and aliases"),
        ("a: [b]\n---\nc: [d]\n", "second YAML document"),
        ("a: [[b]]\n", "a list in a list"),
        ("? [a]\n: b\n", "a key must be a name"),
    ] {
        let e = read(text, DictFormat::Yaml, "y.yml", "y").unwrap_err();
        assert!(
            e.iter().any(|d| d.message.contains(needle)),
            "{text:?}: {e:?}"
        );
    }
    let deep: String = (0..40)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect();
    assert!(read(&deep, DictFormat::Yaml, "deep.yml", "y").is_err());
}

#[test]
fn word_lists_with_comments() {
    let (d, w) = read_ok("words.txt", DictFormat::WordList);
    assert_eq!(
        shape(&d),
        vec![(
            "test",
            vec![
                ("elit*", 2),
                ("consensus*", 3),
                ("undemocratic*", 6),
                ("referend*", 7),
                ("corrupt*", 8),
                ("über*", 9)
            ]
        )]
    );
    assert_eq!(
        w,
        vec!["words.txt:10: warning: `ELIT*` is already in category `test` (line 2); this repeat is skipped"]
    );
    let (d, w) = read_ok("hu_liu_sample.txt", DictFormat::WordList);
    assert_eq!(
        shape(&d),
        vec![("test", vec![("a+", 7), ("abound", 8), (";)", 9)])]
    );
    assert!(w.is_empty(), "{w:?}");
    let e = read_err("afinn_like.txt", DictFormat::WordList);
    assert!(
        e[0].starts_with("afinn_like.txt:1: error:") && e[0].contains("table"),
        "{e:?}"
    );
}

#[test]
fn stats_counted_by_hand() {
    let (d, _) = read_ok("liwc_quirks.dic", DictFormat::Liwc);
    let s = stats(&d);
    assert_eq!(
        (s.categories, s.categories_all, s.terms, s.entries),
        (4, 5, 8, 15)
    );
    let row = |name: &str, terms, phrases, wildcards| CategoryStats {
        name: name.into(),
        terms,
        phrases,
        wildcards,
    };
    assert_eq!(
        s.per_category,
        vec![
            row("Pronoun", 2, 0, 0),
            row("I", 2, 0, 0),
            row("Social processes", 5, 2, 2),
            row("Posemo", 6, 2, 2),
            row("Never used", 0, 0, 0),
        ]
    );
    let json = serde_json::to_value(&s).expect("stats serialize");
    assert_eq!(json["per_category"][2]["phrases"], 2);
}

#[test]
fn roll_up_merges_levels() {
    let (d, _) = read_ok("mfd2_sample.dic", DictFormat::Liwc);
    let r = roll_up(&d, 1);
    let got: Vec<(&str, Vec<&str>)> = r
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
        got,
        vec![
            ("care", vec!["compassion", "protect", "harm"]),
            ("fairness", vec!["do unto others", "fair", "equal", "cheat"]),
        ]
    );
    let (h, _) = read_ok("liwc_hierarchical.dic", DictFormat::Liwc);
    let r = roll_up(&h, 2);
    let names: Vec<&str> = r.categories.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["affect", "affect.posemo", "affect.negemo", "social"]
    );
    assert_eq!(
        r.categories[2].terms.len(),
        1,
        "hate* once in affect.negemo"
    );
    assert_eq!(roll_up(&d, 0), roll_up(&d, 1));
    assert_eq!(roll_up(&d, 9), d);
}

#[test]
fn formats_by_name_and_extension() {
    use std::path::Path;
    for (path, f) in [
        ("a.TOML", DictFormat::Toml),
        ("mfd.dic", DictFormat::Liwc),
        ("LaverGarry.CAT", DictFormat::WordStat),
        ("LSD2015.lc3", DictFormat::Lexicoder),
        ("x.yml", DictFormat::Yaml),
        ("x.Yaml", DictFormat::Yaml),
        ("w.txt", DictFormat::WordList),
        ("w.lst", DictFormat::WordList),
    ] {
        assert_eq!(DictFormat::from_path(Path::new(path)), Some(f), "{path}");
        assert_eq!(f.name().parse::<DictFormat>(), Ok(f));
    }
    assert_eq!(DictFormat::from_path(Path::new("x.csv")), None);
    assert_eq!(DictFormat::from_path(Path::new("noext")), None);
    assert_eq!("LIWC".parse::<DictFormat>(), Ok(DictFormat::Liwc));
    assert_eq!("dic".parse::<DictFormat>(), Ok(DictFormat::Liwc));
    let e = "csv".parse::<DictFormat>().unwrap_err();
    assert!(
        e.contains("known: toml, liwc, wordstat, lexicoder, yaml, wordlist"),
        "{e}"
    );
    assert!(read("x", DictFormat::Toml, "x.toml", "x").is_err());
}

#[test]
fn from_set_reports_what_is_lost() {
    let loaded = crate::lexicon::load(&crate::lexicon::LexiconSource::defaults()).expect("load");
    let (d, lost) = from_set(&loaded.set, 0);
    assert_eq!(d.name, "russia-ukraine");
    let frames = loaded.set.frames.iter().filter(|f| f.lexicon == 0).count();
    assert_eq!(d.categories.len(), frames);
    assert!(d
        .categories
        .iter()
        .any(|c| c.terms.iter().any(|t| t.text.ends_with('*'))));
    for needle in [
        "axis `russia_ukraine`",
        "poles and weights: ",
        "variant slot `",
        "notes: ",
        "context `",
    ] {
        assert!(
            lost.iter().any(|l| l.contains(needle)),
            "{needle} in {lost:#?}"
        );
    }
}

fn dict(cats: &[(&str, &[&str])]) -> Dictionary {
    Dictionary {
        name: "d".into(),
        categories: cats
            .iter()
            .map(|(name, terms)| Category {
                name: (*name).into(),
                terms: terms
                    .iter()
                    .map(|t| DictTerm {
                        text: (*t).into(),
                        weight: None,
                        line: 1,
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[test]
fn liwc_punctuation_terms_are_not_codes() {
    let text = "%\n1\tnetspeak\n%\n:(\t1\n(i) think\t1\n<3\t1\nb4 1\n24/7\t1\n";
    let (d, w) = read(text, DictFormat::Liwc, "n.dic", "n").expect("reads");
    assert_eq!(
        shape(&d),
        vec![(
            "netspeak",
            vec![
                (":(", 4),
                ("(i) think", 5),
                ("<3", 6),
                ("b4", 7),
                ("24/7", 8)
            ]
        )]
    );
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn writers_say_what_they_cannot_hold() {
    let tab = dict(&[("a\tb", &["x"])]);
    assert!(write_liwc(&tab).unwrap_err().contains("tab"));
    let twice = dict(&[("a", &["x"]), ("a", &["y"])]);
    assert!(write_liwc(&twice).unwrap_err().contains("two categories"));
    assert!(write_yaml(&twice).unwrap_err().contains("two categories"));
    let marker = dict(&[("a", &["kind <of>"])]);
    assert!(write_liwc(&marker).unwrap_err().contains("LIWC syntax"));
    let case = dict(&[("a", &["Word", "word"])]);
    assert!(write_yaml(&case).unwrap_err().contains("twice"));
    assert!(write_wordlist(&case).unwrap_err().contains("twice"));
    let hashtag = dict(&[("a", &["#KyivNotKiev"])]);
    assert!(write_wordlist(&hashtag).unwrap_err().contains("comment"));
    assert!(write_liwc(&hashtag).is_ok() && write_yaml(&hashtag).is_ok());
    let own = dict(&[("a", &["x"]), ("a.__", &["y"])]);
    assert!(write_yaml(&own).unwrap_err().contains("`__`"));
}

#[test]
fn yaml_quotes_only_what_needs_it() {
    let d = dict(&[
        (
            "NO",
            &[
                "yes",
                "-x",
                "a: b",
                "#tag",
                "1984",
                "*deceit*",
                "ok word",
                "Київ*",
            ],
        ),
        ("plain key", &["tab\there", "quote\"s", "naïve"]),
    ]);
    let y = write_yaml(&d).expect("writes");
    for line in [
        "\"NO\":",
        "  - \"yes\"",
        "  - \"-x\"",
        "  - \"a: b\"",
        "  - \"#tag\"",
        "  - \"1984\"",
        "  - \"*deceit*\"",
        "  - ok word",
        "  - Київ*",
        "plain key:",
        "  - \"tab\\u0009here\"",
        "  - \"quote\\\"s\"",
        "  - naïve",
    ] {
        assert!(y.lines().any(|l| l == line), "{line} in\n{y}");
    }
    let (back, _) = read(&y, DictFormat::Yaml, "b.yml", "d").expect("reads back");
    let text: Vec<&str> = back.categories[1]
        .terms
        .iter()
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(text, vec!["tab\there", "quote\"s", "naïve"]);
}

#[test]
fn odd_weights_and_colours() {
    let (d, _) = read(
        "A\n\tx (0.5)\n\ty(-1)\n\tz (n/a)\n",
        DictFormat::WordStat,
        "w.cat",
        "w",
    )
    .expect("reads");
    let w: Vec<(&str, Option<f64>)> = d
        .categories
        .iter()
        .flat_map(|c| c.terms.iter().map(|t| (t.text.as_str(), t.weight)))
        .collect();
    assert_eq!(w, vec![("x", Some(0.5)), ("y", Some(-1.0))]);
    assert_eq!(
        d.categories[1].name, "A.z (n/a)",
        "not a weight: a category"
    );
    let (d, _) = read(
        "+pos #0f0\ngood\n+neg#C0FFEE1\nbad\n+section#add\nmore\n",
        DictFormat::Lexicoder,
        "l.lc3",
        "l",
    )
    .expect("reads");
    let names: Vec<&str> = d.categories.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["pos", "neg#C0FFEE1", "section#add"]);
}

#[test]
fn lexicoder_lines_with_a_tab_inside_are_tables_not_entries() {
    let errors = |text: &str| -> Vec<String> {
        let e = read(text, DictFormat::Lexicoder, "t.lc3", "t").expect_err("refused");
        e.iter().map(|d| d.to_string()).collect()
    };
    let e = errors("+pos\nabandon\t-2\npeace\n");
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("t.lc3:2: error: `abandon\\t-2` holds a tab: this looks like a table"),
        "{e:?}"
    );
    // a category line with its first entry beside it; the entries under
    // it are not errors of their own
    let e = errors("+pos\twar\npeace\n");
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("t.lc3:1: error: `+pos\\twar` holds a tab: a category line is `+name`"));
    let e = errors("+\npeace\n+neg\nbad\n");
    assert_eq!(
        e,
        vec!["t.lc3:1: error: a `+` category line without a name"]
    );
    // tabs around an entry are Lexicoder's word boundaries, as spaces are
    let (d, _) = read("+pos\n\tfood\t\n", DictFormat::Lexicoder, "t.lc3", "t").expect("reads");
    assert_eq!(d.categories[0].terms[0].text, "food");
}

#[test]
fn categories_apart_only_by_case_are_refused_on_reading_and_writing() {
    let e = read(
        "%\n1\tPos\n2\tpos\n%\nwar\t1\n",
        DictFormat::Liwc,
        "c.dic",
        "c",
    )
    .expect_err("refused");
    let e: Vec<String> = e.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        e,
        vec!["c.dic:3: error: category `pos` differs from `Pos` (line 2) only in letter case: frame ids are lower case, so name them apart by more than case, or merge them"]
    );
    let d = Dictionary {
        name: "d".into(),
        categories: ["Pos", "pos"]
            .iter()
            .map(|n| Category {
                name: (*n).into(),
                terms: vec![DictTerm {
                    text: format!("{n}word"),
                    weight: None,
                    line: 1,
                }],
            })
            .collect(),
    };
    let want = "categories `Pos` and `pos` differ only in letter case, which slant refuses on reading: rename one";
    assert_eq!(write_yaml(&d).unwrap_err(), want);
    assert_eq!(write_liwc(&d).unwrap_err(), want);
}

#[test]
fn frame_ids_made_unique_by_a_number_are_named() {
    let (d, _) = read(
        "%\n1\tpos!\n2\tpos?\n3\tпозитив\n4\tнегатив\n5\tneg\n%\na1\t1 2 3 4 5\n",
        DictFormat::Liwc,
        "u.dic",
        "u",
    )
    .expect("reads");
    let out = to_toml(&d, "u.dic", false);
    let said: Vec<String> = out.renamed.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        said,
        vec!["u.dic: warning: frame ids keep only a-z, 0-9 and `_`, and 2 categories reduce to an id already taken, so a number makes them unique: `pos?` is `pos_2`, `негатив` is `category_2` (the tables' `frame` column shows these ids; entries.csv the names)"]
    );
    let (d, _) = read(
        "%\n1\tpos\n2\tneg\n%\na1\t1 2\n",
        DictFormat::Liwc,
        "v.dic",
        "v",
    )
    .expect("reads");
    assert!(to_toml(&d, "v.dic", false).renamed.is_none());
}
