//! Dictionaries in other formats: `lexicon stats`, `lexicon convert`, and
//! LIWC/WordStat/Lexicoder/YAML/word-list files used as `--lexicon`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::util::{put, read_csv, root, seeds, slant};

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/dictionaries").join(name)
}

fn arg(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// `lexicon stats --format json` of `file`, parsed.
fn stats_json(dir: &Path, file: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["lexicon", "stats", "--format", "json", file];
    args.extend_from_slice(extra);
    let run = slant(dir, &args).ok();
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}:\n{}", run.stdout))
}

/// Per category: (name, terms, phrases, wildcards), from stats JSON.
fn per_category(v: &serde_json::Value) -> Vec<(String, u64, u64, u64)> {
    v["per_category"]
        .as_array()
        .expect("per_category")
        .iter()
        .filter(|c| c["terms"].as_u64() != Some(0))
        .map(|c| {
            (
                c["name"].as_str().expect("name").to_string(),
                c["terms"].as_u64().expect("terms"),
                c["phrases"].as_u64().expect("phrases"),
                c["wildcards"].as_u64().expect("wildcards"),
            )
        })
        .collect()
}

#[test]
fn stats_json_counts_categories_terms_and_entries() {
    let tmp = tempfile::tempdir().unwrap();
    let v = stats_json(tmp.path(), arg(&fixture("quanteda.yml")), &[]);
    // Counted by hand from the fixture: 10 keys hold patterns (economy 3,
    // social policy 2, single 1, NO 2, KE 1, TZ 2, EUROPE's `__` 1, UA 3,
    // nested_in_list 1, its child 2 = 18 entries, all distinct); with the
    // parents regions, AFRICA, EAST and the empty key there are 14.
    assert_eq!(v["format"], "yaml");
    assert_eq!(v["categories"], 10);
    assert_eq!(v["categories_all"], 14);
    assert_eq!(v["terms"], 18);
    assert_eq!(v["entries"], 18);
    assert!(v["categories_counted"].as_str().unwrap().contains("hold"));
    let cats = per_category(&v);
    assert!(cats.contains(&("economy".into(), 3, 1, 2)), "{cats:?}");
    assert!(
        cats.contains(&("regions.AFRICA.EAST.TZ".into(), 2, 1, 0)),
        "{cats:?}"
    );

    // Rolled up to two levels, AFRICA holds KE and TZ.
    let v = stats_json(tmp.path(), arg(&fixture("quanteda.yml")), &["--level", "2"]);
    assert_eq!(v["entries"], 18);
    assert!(per_category(&v).contains(&("regions.AFRICA".into(), 3, 1, 0)));

    // A LIWC word in two categories is one term and two entries.
    let dic = put(
        tmp.path(),
        "two.dic",
        b"%\n1\tgood\n2\tbad\n%\nmixed\t1 2\nfine\t1\n",
    );
    let v = stats_json(tmp.path(), arg(&dic), &[]);
    assert_eq!(
        (v["terms"].as_u64(), v["entries"].as_u64()),
        (Some(2), Some(3))
    );

    // The text table says what it counts.
    let run = slant(tmp.path(), &["lexicon", "stats", arg(&dic)]).ok();
    assert!(
        run.stdout.contains(
            "2 categories with terms (2 in all), 2 distinct terms, 3 term-category entries"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn every_fixture_reads_or_fails_with_a_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = root().join("tests/fixtures/dictionaries");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(names.len() >= 15, "{names:?}");
    for p in names {
        let run = slant(
            tmp.path(),
            &["lexicon", "stats", "--format", "json", arg(&p)],
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        if run.code != 0 {
            // A refusal names the file and a line.
            let name = p.file_name().unwrap().to_str().unwrap();
            let line = run
                .stderr
                .lines()
                .find(|l| l.contains(name) && l.contains("error"))
                .unwrap_or_else(|| panic!("{name}: no located error:\n{}", run.stderr));
            let after = &line[line.find(name).unwrap() + name.len()..];
            assert!(
                after.starts_with(':') && after[1..].starts_with(|c: char| c.is_ascii_digit()),
                "{line}"
            );
        }
    }
}

#[test]
fn a_dictionary_counts_what_kwic_finds() {
    let tmp = tempfile::tempdir().unwrap();
    let words = put(
        tmp.path(),
        "words.txt",
        b"# a word list\nKiev\nannex*\nCrimea\n",
    );
    slant(
        tmp.path(),
        &[
            "analyze",
            arg(&seeds()),
            "--lexicon",
            arg(&words),
            "--no-model",
            "--no-compare",
            // kwic reads the text as it is; so must the counts it is held to
            // (a seed repeats a photo caption five times).
            "--keep-boilerplate",
            "--out",
            "rep",
        ],
    )
    .ok();
    let frames = read_csv(&tmp.path().join("rep/frames.csv"));
    let counted: BTreeMap<String, u64> = frames
        .iter()
        .filter(|r| r["frame"] == "words")
        .map(|r| (r["outlet"].clone(), r["count"].parse().unwrap()))
        .collect();
    assert_eq!(counted.len(), 5, "{frames:?}");

    let run = slant(
        tmp.path(),
        &[
            "kwic",
            "Kiev",
            "-e",
            "annex*",
            "-e",
            "Crimea",
            arg(&seeds()),
            "--format",
            "csv",
            "-o",
            "hits.csv",
        ],
    )
    .ok();
    let mut found: BTreeMap<String, u64> = counted.keys().map(|k| (k.clone(), 0)).collect();
    for r in read_csv(&tmp.path().join("hits.csv")) {
        *found.get_mut(&r["outlet"]).expect("known outlet") += 1;
    }
    assert_eq!(counted, found, "{}", run.stderr);
    // RT alone writes "Kiev", six times (see the compare tests).
    assert!(found["RT"] >= 6, "{found:?}");
}

#[test]
fn format_prefix_and_from_name_a_format_the_extension_hides() {
    let tmp = tempfile::tempdir().unwrap();
    let hidden = put(
        tmp.path(),
        "mfd.data",
        b"%\n1\tcare.virtue\n2\tsovereignty.claims\n%\nprotect*\t1\nsovereign*\t2\n",
    );
    slant(tmp.path(), &["lexicon", "stats", arg(&hidden)])
        .fails_with("cannot tell the dictionary format of");
    let v = stats_json(tmp.path(), arg(&hidden), &["--from", "liwc"]);
    assert_eq!(v["entries"], 2);

    let run = slant(
        tmp.path(),
        &[
            "analyze",
            arg(&seeds()),
            "--lexicon",
            &format!("liwc:{}", arg(&hidden)),
            "--no-model",
            "--no-compare",
            "--out",
            "rep",
        ],
    )
    .ok();
    let frames = read_csv(&tmp.path().join("rep/frames.csv"));
    let sovereignty: u64 = frames
        .iter()
        .filter(|r| r["frame"] == "sovereignty_claims")
        .map(|r| r["count"].parse::<u64>().unwrap())
        .sum();
    assert!(sovereignty > 0, "{frames:?}\n{}", run.stderr);
    // The report names the category by its own name.
    let report = std::fs::read_to_string(tmp.path().join("rep/report.md")).unwrap();
    assert!(report.contains("| sovereignty.claims |"), "{report}");

    slant(
        tmp.path(),
        &["lexicon", "stats", "--from", "klingon", arg(&hidden)],
    )
    .fails_with("unknown dictionary format `klingon`");
}

#[test]
fn an_overlay_puts_imported_categories_on_an_axis() {
    let tmp = tempfile::tempdir().unwrap();
    let dic = put(
        tmp.path(),
        "sides.dic",
        b"%\n1\trussian.framing\n2\tukrainian.framing\n%\nKiev\t1\nKyiv\t2\nillegal*\t2\n",
    );
    let overlay = put(
        tmp.path(),
        "overlay.toml",
        br#"[lexicon]
name = "overlay"

[[axis]]
id = "side"
negative = { id = "ua", label = "Ukrainian" }
positive = { id = "ru", label = "Russian" }

[[assign]]
frame = "russian.framing"
pole = "ru"

[[assign]]
frame = "ukrainian.framing"
pole = "ua"
"#,
    );
    slant(
        tmp.path(),
        &[
            "analyze",
            arg(&seeds()),
            "--lexicon",
            arg(&dic),
            "--add-lexicon",
            arg(&overlay),
            "--no-model",
            "--no-compare",
            "--out",
            "rep",
        ],
    )
    .ok();
    let outlets = read_csv(&tmp.path().join("rep/outlets.csv"));
    let score = |outlet: &str| -> f64 {
        let row = outlets
            .iter()
            .find(|r| r["outlet"] == outlet && r["axis"] == "side")
            .unwrap_or_else(|| panic!("{outlet}: {outlets:?}"));
        row["score"].parse().unwrap()
    };
    // RT writes "Kiev" and the others "Kyiv": RT leans to the pole the
    // overlay calls Russian, Ukrainska Pravda away from it.
    assert!(score("RT") > 0.0, "{outlets:?}");
    assert!(score("Ukrainska Pravda") < 0.0, "{outlets:?}");
}

#[test]
fn convert_round_trips_through_every_written_format() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let original = stats_json(d, arg(&fixture("mfd2_sample.dic")), &[]);

    // LIWC -> TOML -> YAML -> LIWC -> word list of one category.
    let steps = [
        (fixture("mfd2_sample.dic"), d.join("a.toml")),
        (d.join("a.toml"), d.join("b.yml")),
        (d.join("b.yml"), d.join("c.dic")),
    ];
    for (from, to) in &steps {
        let run = slant(d, &["lexicon", "convert", arg(from), arg(to)]).ok();
        assert!(run.stderr.contains("slant: wrote"), "{}", run.stderr);
        let now = stats_json(d, arg(to), &[]);
        for key in ["categories", "terms", "entries"] {
            assert_eq!(now[key], original[key], "{key} after {}", to.display());
        }
        assert_eq!(
            per_category(&now),
            per_category(&original),
            "{}",
            to.display()
        );
    }
    // The round trip is exact: the LIWC written back lists the same lines.
    let lines = |p: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
        v.sort();
        v
    };
    assert_eq!(lines(&d.join("c.dic")), lines(&fixture("mfd2_sample.dic")));

    // The shipped lexicon converts out and back with its descriptive terms.
    let shipped = root().join("lexicons/russia-ukraine.toml");
    slant(d, &["lexicon", "convert", arg(&shipped), "ru.yml"]).ok();
    slant(d, &["lexicon", "convert", "ru.yml", "ru.toml"]).ok();
    let a = stats_json(d, arg(&shipped), &[]);
    let b = stats_json(d, "ru.toml", &[]);
    assert_eq!(a["entries"], b["entries"]);
    assert_eq!(per_category(&a), per_category(&b));
    // The converted file is a lexicon slant loads cleanly.
    let run = slant(d, &["lexicon", "check", "ru.toml"]).ok();
    assert!(run.stdout.contains("0 warnings"), "{}", run.stdout);
}

#[test]
fn convert_says_what_it_cannot_write_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // Laver and Garry weights have no place in YAML: refused, no file.
    slant(
        d,
        &[
            "lexicon",
            "convert",
            arg(&fixture("laver_garry_sample.cat")),
            "lg.yml",
        ],
    )
    .fails_with("weight 2");
    assert!(!d.join("lg.yml").exists());
    // slant does not write WordStat.
    slant(
        d,
        &["lexicon", "convert", arg(&fixture("words.txt")), "w.cat"],
    )
    .fails_with("does not write");
    assert!(!d.join("w.cat").exists());

    // A term slant cannot express is named, with its line, and left out.
    let yml = put(d, "q.yml", b"fraud:\n  - \"*deceit*\"\n  - cheat*\n");
    let run = slant(d, &["lexicon", "convert", arg(&yml), "q.toml"]).ok();
    assert!(run.stderr.contains("q.yml:2: warning"), "{}", run.stderr);
    assert!(run.stderr.contains("*deceit*"), "{}", run.stderr);
    assert!(run.stderr.contains("1 terms left out"), "{}", run.stderr);
    let v = stats_json(d, "q.toml", &[]);
    assert_eq!(v["entries"], 1);
    // The same warning when the dictionary is used directly.
    let run = slant(
        d,
        &[
            "analyze",
            arg(&seeds()),
            "--lexicon",
            arg(&yml),
            "--no-model",
            "--no-compare",
            "--out",
            "rep",
        ],
    )
    .ok();
    assert!(run.stderr.contains("q.yml:2: warning"), "{}", run.stderr);

    // An old file is replaced whole or not at all.
    put(d, "keep.yml", b"old: [x]\n");
    slant(
        d,
        &[
            "lexicon",
            "convert",
            arg(&fixture("laver_garry_sample.cat")),
            "keep.yml",
            "--force",
        ],
    )
    .fails_with("weight 2");
    assert_eq!(std::fs::read(d.join("keep.yml")).unwrap(), b"old: [x]\n");
    // An output folder that does not exist is an error naming it.
    slant(d, &["lexicon", "convert", arg(&yml), "no/such/dir/q.toml"])
        .fails_with("no/such/dir/q.toml");
}

#[test]
fn a_broken_dictionary_fails_analyze_with_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = put(tmp.path(), "bad.dic", b"%\n1\tgood\n%\nfine\t1\nworse\t7\n");
    let run = slant(
        tmp.path(),
        &[
            "analyze",
            arg(&seeds()),
            "--lexicon",
            arg(&bad),
            "--no-model",
            "--out",
            "rep",
        ],
    )
    .fails_with("bad.dic:5");
    assert!(!tmp.path().join("rep").exists(), "{}", run.stderr);
    // A category that another lexicon also has: both places are named, by
    // the lines of the files the user has (the word list's category is
    // its file name).
    put(tmp.path(), "a.dic", b"%\n1\tsecurity\n%\n\nguard\t1\n");
    put(tmp.path(), "security.txt", b"# words\nwall\n");
    slant(
        tmp.path(),
        &[
            "analyze",
            arg(&seeds()),
            "--lexicon",
            "a.dic",
            "--lexicon",
            "security.txt",
            "--no-model",
            "--out",
            "rep",
        ],
    )
    .fails_with("security.txt:2: error: frame `security` is defined twice (first at a.dic:5)");
    let latin1 = put(tmp.path(), "latin1.txt", b"caf\xe9\n");
    slant(tmp.path(), &["lexicon", "stats", arg(&latin1)]).fails_with("latin1.txt");
}

#[test]
fn stats_analyze_and_convert_agree_on_the_terms_slant_leaves_out() {
    // `*deceit*` (a leading wildcard) is a LIWC term slant cannot express:
    // analyze and convert to .toml leave it out with a warning at its line,
    // and stats must say the same rather than count it silently.
    let tmp = tempfile::tempdir().unwrap();
    let dic = put(
        tmp.path(),
        "t.dic",
        b"%\n1\tneg\n2\tpos\n%\n*deceit*\t1\nhappy\t2\nKyiv\t2\n",
    );
    let warning = "t.dic:5: warning: term `*deceit*` of category `neg` left out";
    let stats = slant(
        tmp.path(),
        &["lexicon", "stats", arg(&dic), "--format", "json"],
    )
    .ok();
    assert!(stats.stderr.contains(warning), "{}", stats.stderr);
    let json: serde_json::Value = serde_json::from_str(&stats.stdout).unwrap();
    assert_eq!(json["terms"], 3, "the dictionary's own count");
    assert_eq!(json["slant_terms"], 2);
    assert_eq!(json["left_out"][0]["line"], 5);
    let analyze = slant(
        tmp.path(),
        &[
            "analyze",
            arg(&seeds()),
            "--lexicon",
            arg(&dic),
            "--no-model",
            "--no-compare",
            "--out",
            "rep",
        ],
    )
    .ok();
    assert!(analyze.stderr.contains(warning), "{}", analyze.stderr);
    let convert = slant(tmp.path(), &["lexicon", "convert", arg(&dic), "t.toml"]).ok();
    assert!(convert.stderr.contains(warning), "{}", convert.stderr);
    let toml = std::fs::read_to_string(tmp.path().join("t.toml")).unwrap();
    assert!(toml.contains("text = \"happy\"") && !toml.contains("text = \"*deceit*\""));
}

#[test]
fn analyze_rolls_up_levels_and_keeps_dictionary_names() {
    // A quanteda YAML tree: ukraine.naming (Kyiv, Kiev) and ukraine.war
    // (invasion, annex*). Rolled up to one level, the two become `ukraine`,
    // whose count is their sum, outlet by outlet.
    let tmp = tempfile::tempdir().unwrap();
    let yml = put(
        tmp.path(),
        "h.yml",
        b"ukraine:\n  naming:\n    - Kyiv\n    - Kiev\n  war:\n    - invasion\n    - annex*\n",
    );
    let seeds = seeds();
    let run = |out: &str, extra: &[&str]| {
        let mut args = vec![
            "analyze",
            arg(&seeds),
            "--lexicon",
            arg(&yml),
            "--no-model",
            "--no-compare",
            "-q",
            "--out",
            out,
        ];
        args.extend_from_slice(extra);
        slant(tmp.path(), &args).ok();
        read_csv(&tmp.path().join(out).join("outlets.csv"))
    };
    let leaves = run("leaves", &[]);
    let labels: std::collections::BTreeSet<(&str, &str)> = leaves
        .iter()
        .map(|r| (r["category"].as_str(), r["label"].as_str()))
        .collect();
    assert_eq!(
        labels.into_iter().collect::<Vec<_>>(),
        [
            ("ukraine_naming", "ukraine.naming"),
            ("ukraine_war", "ukraine.war")
        ]
    );
    let top = run("top", &["--level", "1"]);
    assert!(top.iter().all(|r| r["category"] == "ukraine"), "{top:?}");
    for r in &top {
        let sum: u64 = leaves
            .iter()
            .filter(|l| l["outlet"] == r["outlet"])
            .map(|l| l["count"].parse::<u64>().unwrap())
            .sum();
        assert_eq!(r["count"].parse::<u64>().unwrap(), sum, "{}", r["outlet"]);
    }
    let total: u64 = top.iter().map(|r| r["count"].parse::<u64>().unwrap()).sum();
    assert!(total > 0, "the seeds name Kyiv and the invasion");
    // --level with no dictionary is refused, not ignored
    slant(tmp.path(), &["analyze", arg(&seeds), "--level", "1"])
        .fails_with("no dictionary is given");
}

/// `train`, `map` and `report` show the lexicons' warnings on loading as
/// `analyze` does (the same line of `t.dic`, as in the test above), and not
/// with `-q`.
#[test]
fn train_map_and_report_show_the_lexicons_warnings_and_quiet_silences_them() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    put(
        d,
        "t.dic",
        b"%\n1\tneg\n2\tpos\n%\n*deceit*\t1\nhappy\t2\nKyiv\t2\n",
    );
    let corpus: String = (0..24)
        .map(|i| {
            let (outlet, words) = if i % 2 == 0 {
                ("A", "happy Kyiv happy")
            } else {
                ("C", "deceit sad Kyiv")
            };
            format!(
                "{{\"id\":\"d{i}\",\"outlet\":\"{outlet}\",\"text\":\"Document {i} says {words} today.\"}}\n"
            )
        })
        .collect();
    put(d, "c.jsonl", corpus.as_bytes());
    let warning = "slant: t.dic:5: warning: term `*deceit*` of category `neg` left out";
    let lexicon = ["--lexicon", "t.dic"];
    let references = ["--reference", "A=x", "--reference", "C=y"];
    let train = [
        &["train", "c.jsonl", "-o", "m.json", "--force"][..],
        &lexicon,
        &references,
    ]
    .concat();
    let map = [&["map", "c.jsonl", "-o", "p.gz", "--force"][..], &lexicon].concat();
    let report = [
        &["report", "p.gz", "--out", "r", "--no-charts"][..],
        &lexicon,
    ]
    .concat();
    for args in [&train, &map, &report] {
        let run = slant(d, args).ok();
        assert!(run.stderr.contains(warning), "{args:?}: {}", run.stderr);
        let run = slant(d, &[&args[..], &["-q"]].concat()).ok();
        assert!(!run.stderr.contains("t.dic"), "{args:?}: {}", run.stderr);
    }
}
