//! Round trips through every writable format, on the fixtures and on
//! random dictionaries, and readers fed arbitrary text.

use std::collections::BTreeSet;

use proptest::prelude::*;

use super::tests::{fixture, read_ok};
use super::toml_out::canonical;
use super::*;
use crate::lexicon::{load_str, LexiconError, Severity};

const READABLE: &[(&str, DictFormat)] = &[
    ("liwc_quirks.dic", DictFormat::Liwc),
    ("liwc_crlf.dic", DictFormat::Liwc),
    ("liwc_cr.dic", DictFormat::Liwc),
    ("liwc2007_markers.dic", DictFormat::Liwc),
    ("liwc_hierarchical.dic", DictFormat::Liwc),
    ("mfd2_sample.dic", DictFormat::Liwc),
    ("laver_garry_sample.cat", DictFormat::WordStat),
    ("issue459.cat", DictFormat::WordStat),
    ("lsd_sample.lc3", DictFormat::Lexicoder),
    ("ltd_spaced.lc3", DictFormat::Lexicoder),
    ("quanteda.yml", DictFormat::Yaml),
    ("words.txt", DictFormat::WordList),
    ("hu_liu_sample.txt", DictFormat::WordList),
];

/// `d` without line numbers and without weights of 1 (no writable format
/// but WordStat keeps them).
fn plain(d: &Dictionary) -> Dictionary {
    let mut d = d.clone();
    for t in d.categories.iter_mut().flat_map(|c| c.terms.iter_mut()) {
        t.line = 0;
        t.weight = t.weight.filter(|w| *w != 1.0);
    }
    d
}

/// Category names with their terms as sorted sets (LIWC keeps one line per
/// term, so the order of terms within a category is not kept).
fn as_sets(d: &Dictionary) -> Vec<(String, BTreeSet<String>)> {
    d.categories
        .iter()
        .map(|c| {
            (
                c.name.clone(),
                c.terms.iter().map(|t| t.text.clone()).collect(),
            )
        })
        .collect()
}

/// The categories sorted by name.
fn by_name(d: &Dictionary) -> Vec<Category> {
    let mut c = d.categories.clone();
    c.sort_by(|a, b| a.name.cmp(&b.name));
    c
}

/// Checks every writer and `to_toml` on `d`, which was read from `source`.
fn round_trips(d: &Dictionary, source: &str) -> Result<(), TestCaseError> {
    let p = plain(d);
    if let Ok(y) = write_yaml(d) {
        let back = read(&y, DictFormat::Yaml, "back.yml", &d.name);
        let back = back.map_err(|e| TestCaseError::fail(format!("{e:?}\n{y}")))?;
        // Children follow their parent in YAML: compare categories by name.
        prop_assert_eq!(by_name(&plain(&back.0)), by_name(&p), "YAML:\n{}", y);
    }
    if let Ok(l) = write_liwc(d) {
        let back = read(&l, DictFormat::Liwc, "back.dic", &d.name);
        let back = back.map_err(|e| TestCaseError::fail(format!("{e:?}\n{l}")))?;
        prop_assert_eq!(as_sets(&back.0), as_sets(&p), "LIWC:\n{}", l);
    }
    if let (Ok(w), [c]) = (write_wordlist(d), d.categories.as_slice()) {
        let back = read(&w, DictFormat::WordList, "back.txt", &c.name);
        let back = back.map_err(|e| TestCaseError::fail(format!("{e:?}\n{w}")))?;
        let terms = |d: &Dictionary| {
            d.categories
                .iter()
                .map(|c| c.terms.clone())
                .collect::<Vec<_>>()
        };
        prop_assert_eq!(terms(&plain(&back.0)), terms(&p), "word list:\n{}", w);
    }
    let toml = to_toml(d, source, true).text;
    let loaded = match load_str(&[(source, &toml)]) {
        Ok(l) => l,
        Err(LexiconError::Invalid(diags)) => {
            let msgs: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
            return Err(TestCaseError::fail(format!("{msgs:#?}\n{toml}")));
        }
        Err(e) => return Err(TestCaseError::fail(format!("{e}\n{toml}"))),
    };
    // a dictionary of no convertible term loads, saying it matches nothing
    let empty = loaded.set.entries.is_empty();
    let noisy: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .filter(|d| !(empty && d.line.is_none() && d.message.contains("holds no terms")))
        .map(|d| d.to_string())
        .collect();
    prop_assert!(noisy.is_empty(), "{:#?}\n{}", noisy, toml);
    let (back, _lost) = from_set(&loaded.set, 0);
    // Every convertible term is in each of its categories (ignoring case:
    // spellings slant holds to be the same term become one entry).
    let lower = |c: &Category| -> BTreeSet<(String, bool)> {
        c.terms
            .iter()
            .filter_map(|t| canonical(&t.text).ok())
            .map(|(stem, glob)| (crate::text::normalize_form(&stem, true), glob))
            .collect()
    };
    let want: Vec<(String, BTreeSet<(String, bool)>)> = d
        .categories
        .iter()
        .map(|c| (c.name.clone(), lower(c)))
        .collect();
    let got: Vec<(String, BTreeSet<(String, bool)>)> = back
        .categories
        .iter()
        .map(|c| (c.name.clone(), lower(c)))
        .collect();
    let names: BTreeSet<&String> = want.iter().map(|w| &w.0).collect();
    if names.len() == want.len() && back.categories.len() == want.len() {
        prop_assert_eq!(got, want, "{}", toml);
    }
    Ok(())
}

#[test]
fn fixtures_round_trip() {
    for (name, format) in READABLE {
        let (d, _) = read_ok(name, *format);
        if let Err(e) = round_trips(&d, name) {
            panic!("{name}: {e}");
        }
    }
}

#[test]
fn weights_stop_the_formats_without_them() {
    let (d, _) = read_ok("laver_garry_sample.cat", DictFormat::WordStat);
    for e in [write_yaml(&d), write_liwc(&d)] {
        let e = e.expect_err("weight 2 cannot be written");
        assert!(e.contains("`ASSIST`") && e.contains("weight 2"), "{e}");
    }
    assert!(write_wordlist(&d).unwrap_err().contains("one category"));
    let toml = to_toml(&d, "LaverGarry.cat", false).text;
    assert!(toml.contains("line 12, weight 2"), "{toml}");
    assert!(
        toml.contains("text = \"ART\"\nalso = [\"economy_state_3\"]"),
        "{toml}"
    );
}

#[test]
fn to_toml_skips_what_slant_cannot_hold() {
    let term = |text: &str, line| DictTerm {
        text: text.into(),
        weight: None,
        line,
    };
    let d = Dictionary {
        name: "Populism (Rooduijn & Pauwels)".into(),
        categories: vec![
            Category {
                name: "populism".into(),
                terms: vec![
                    term("*deceit*", 1),
                    term("ab*", 2),
                    term("!!!", 3),
                    term("elit **", 4),
                ],
            },
            Category {
                name: "Populism".into(),
                terms: vec![term("ELIT*", 5), term("people", 6)],
            },
            Category {
                name: "only odd".into(),
                terms: vec![term("*x", 7)],
            },
        ],
    };
    let TomlOut {
        text: toml,
        omitted,
        renamed,
        lines,
    } = to_toml(&d, "populism.yml", false);
    assert_eq!(lines.len(), toml.lines().count());
    // `elit **` (line 4) and `ELIT*` (line 5) are one entry: its lines map
    // to the first.
    let at = toml.lines().position(|l| l == "text = \"elit*\"").unwrap();
    assert_eq!(lines[at], Some(4));
    assert_eq!(omitted.len(), 4, "{omitted:?}");
    assert!(omitted
        .iter()
        .all(|o| o.file == "populism.yml" && o.line.is_some()));
    let renamed = renamed.expect("a made-up frame id").message;
    assert!(renamed.contains("`Populism` is `populism_2`"), "{renamed}");
    assert!(toml.contains("# Not converted (4 terms"), "{toml}");
    assert!(
        toml.contains("name = \"populism_rooduijn_pauwels\""),
        "{toml}"
    );
    assert!(
        toml.contains("text = \"elit*\"\nalso = [\"populism_2\"]"),
        "{toml}"
    );
    assert!(toml.contains("Written `elit **` at line 4."), "{toml}");
    assert!(
        !toml.contains("only_odd"),
        "a category left with no terms has no frame"
    );
    let loaded = load_str(&[("populism.toml", &toml)]).expect("loads");
    assert!(loaded
        .diagnostics
        .iter()
        .all(|d| d.severity < Severity::Warning));
    assert_eq!(loaded.set.entries.len(), 2);
    assert_eq!(loaded.set.entries[0].frames, vec![0, 1]);
}

/// A category name component: no `.`, trimmed, not `__`.
fn component() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9éüжЖ中Ω _&!'()+#:%\"@,?<>~-]{1,10}".prop_filter_map("empty", |s| {
        let s = s.trim().to_string();
        (!s.is_empty() && s != "__").then_some(s)
    })
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[a-zA-Zéüßжщ中0-9'&-][a-zA-Zéüßжщ中0-9'&-]{0,7}",
        1 => prop::sample::select(vec!["yes", "No", "null", "~", "true", "1984", "-x", "&y"])
            .prop_map(String::from),
    ]
}

fn term() -> impl Strategy<Value = String> {
    (prop::collection::vec(word(), 1..4), any::<bool>()).prop_map(|(w, glob)| {
        // Terms may end in numbers (`catch 22`, `A 1 1`): the LIWC writer
        // numbers categories around them, so they round-trip too.
        let mut t = w.join(" ");
        if glob {
            t.push('*');
        }
        t
    })
}

/// A dictionary whose categories form a tree listed parent first.
fn tree_dictionary() -> impl Strategy<Value = Dictionary> {
    let node = (
        any::<prop::sample::Index>(),
        any::<bool>(),
        component(),
        prop::collection::vec(term(), 0..6),
    );
    prop::collection::vec(node, 1..8).prop_map(|nodes| {
        // (parent, component, terms) with parents earlier in the list
        let mut tree: Vec<(Option<usize>, String, Vec<String>)> = Vec::new();
        for (pick, root, comp, terms) in nodes {
            let parent = (!root && !tree.is_empty()).then(|| pick.index(tree.len()));
            // siblings apart by more than case: readers refuse such twins
            let lower = comp.to_lowercase();
            let taken = tree
                .iter()
                .any(|(p, c, _)| *p == parent && c.to_lowercase() == lower);
            if !taken {
                tree.push((parent, comp, terms));
            }
        }
        let mut cats = Vec::new();
        let mut stack: Vec<(usize, String)> = (0..tree.len())
            .rev()
            .filter(|&k| tree[k].0.is_none())
            .map(|k| (k, tree[k].1.clone()))
            .collect();
        while let Some((k, name)) = stack.pop() {
            let mut seen = BTreeSet::new();
            let terms = tree[k]
                .2
                .iter()
                .filter(|t| seen.insert(t.to_lowercase()))
                .map(|t| DictTerm {
                    text: t.clone(),
                    weight: None,
                    line: 0,
                })
                .collect();
            cats.push(Category {
                name: name.clone(),
                terms,
            });
            for c in (0..tree.len()).rev().filter(|&c| tree[c].0 == Some(k)) {
                stack.push((c, format!("{name}.{}", tree[c].1)));
            }
        }
        Dictionary {
            name: "random".into(),
            categories: cats,
        }
    })
}

/// Anything: names and terms from characters every format treats
/// specially, weights included.
fn wild_dictionary() -> impl Strategy<Value = Dictionary> {
    let text = "[a-zé中 *?.#%+()<>/\t\"'\\\\:\\[\\]{}-]{0,8}|[a-z]{1,3}\\*";
    let t = (text, prop::option::of(-3.0f64..3.0)).prop_map(|(text, weight)| DictTerm {
        text,
        weight,
        line: 1,
    });
    let c =
        (text, prop::collection::vec(t, 0..6)).prop_map(|(name, terms)| Category { name, terms });
    (text, prop::collection::vec(c, 0..6))
        .prop_map(|(name, categories)| Dictionary { name, categories })
}

/// Text made of the characters the formats give meaning to, often after a
/// start that gets a reader past its first line.
fn fuzz_text() -> impl Strategy<Value = String> {
    let body = "[%\t\n\r +#()0-9*:\\-\\[\\]{}aé\"'&!?<>/_.~|@`,]{0,120}";
    let start = prop::sample::select(vec![
        "",
        "%\n",
        "%\n1\tone\n02 two\n\t3\tthree\n%\n",
        "+cat#FF0000\n",
        "A\n\tB\n\t\tw (1)\n",
        "a:\n  - x\n  ",
        "a: [",
    ]);
    (start, body).prop_map(|(s, b)| format!("{s}{b}"))
}

/// Reads `text` in every foreign format: what reads round-trips, and what
/// does not is refused with errors that each name the file and a line of
/// it (lines end in LF, CRLF or CR).
fn read_located(text: &str) -> Result<(), TestCaseError> {
    for format in DictFormat::ALL
        .into_iter()
        .filter(|f| *f != DictFormat::Toml)
    {
        match read(text, format, "fuzz", "fuzz") {
            Ok((d, _)) => round_trips(&d, "fuzz")?,
            Err(diags) => crate::lexicon::fuzz_tests::located(&diags, "fuzz", text.as_bytes())
                .map_err(|e| TestCaseError::fail(format!("{format}: {e}")))?,
        }
    }
    Ok(())
}

proptest! {
    // Failing cases are kept with the test fixtures (the top level of the
    // repository is fixed), and re-run first.
    #![proptest_config(crate::fuzz::config(200, "tests/fixtures/proptest/formats.txt"))]

    #[test]
    fn tree_dictionaries_round_trip(d in tree_dictionary()) {
        prop_assert!(write_yaml(&d).is_ok(), "{:?}", write_yaml(&d));
        prop_assert!(write_liwc(&d).is_ok(), "{:?}", write_liwc(&d));
        // Listed parent first, the categories come back in the same order.
        let y = write_yaml(&d).unwrap_or_default();
        let back = read(&y, DictFormat::Yaml, "t.yml", "random").map(|b| plain(&b.0)).ok();
        prop_assert_eq!(back, Some(plain(&d)), "{}", y);
        round_trips(&d, "random.dic")?;
    }

    #[test]
    fn any_dictionary_converts_to_clean_toml(d in wild_dictionary()) {
        round_trips(&d, "wild \"source\"\n.dic")?;
        let _ = stats(&d);
        let _ = roll_up(&d, 2);
    }

    #[test]
    fn readers_never_panic(text in fuzz_text()) {
        read_located(&text)?;
    }

    #[test]
    fn readers_never_panic_on_any_text(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        read_located(&String::from_utf8_lossy(&bytes))?;
    }
}

#[test]
fn fixture_helper_reads_files() {
    assert!(fixture("quanteda.yml").contains("regions"));
}
