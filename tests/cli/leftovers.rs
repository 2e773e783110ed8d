//! Researcher inputs once handled silently: a lexicon with nothing to
//! match, dictionary categories that differ only in case, a folder given
//! as a lexicon, and a labels file's column names in messages.

use std::path::Path;

use crate::util::{put, seeds, slant, Run};

/// `analyze seeds --lexicon L...` into `out`, in `dir`.
fn analyze(dir: &Path, lexicons: &[&str], out: &str) -> Run {
    let seeds = seeds();
    let mut args = vec!["analyze", seeds.to_str().unwrap()];
    for l in lexicons {
        args.extend(["--lexicon", l]);
    }
    args.extend(["--no-model", "--no-compare", "--out", out]);
    slant(dir, &args)
}

/// Panics unless `text` holds `needle`.
fn says(text: &str, needle: &str) {
    assert!(text.contains(needle), "lacks {needle:?}:\n{text}");
}

/// A lexicon file with nothing to match, in every format slant reads.
const EMPTY: &[(&str, &[u8])] = &[
    ("cats.dic", b"%\n1\tpos\n2\tneg\n%\n"),
    ("bare.toml", b"[lexicon]\nname = \"bare\"\n"),
    (
        "frames.toml",
        b"[lexicon]\nname = \"frames\"\n\n[[frame]]\nid = \"war\"\n",
    ),
    ("empty.txt", b""),
    ("comments.txt", b"# nothing yet\n"),
    ("heads.lc3", b"+positive\n+negative\n"),
    ("parents.cat", b"POSITIVE\nNEGATIVE\n"),
    ("keys.yml", b"pos: []\nneg:\n"),
    // every term left out: slant allows `*` only at a term's end
    ("inside.dic", b"%\n1\tpos\n%\n*deceit*\t1\n"),
];

#[test]
fn a_lexicon_with_nothing_to_match_is_refused_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, body) in EMPTY {
        put(tmp.path(), name, body);
        let out = format!("out-{name}");
        analyze(tmp.path(), &[name], &out).fails_with(&format!(
            "{name}: error: the lexicon holds no terms or variants, so there is nothing to count"
        ));
        assert!(!tmp.path().join(&out).exists(), "{name}: nothing written");
        let partial = format!("{name}.gz");
        let seeds = seeds();
        slant(
            tmp.path(),
            &[
                "map",
                seeds.to_str().unwrap(),
                "--lexicon",
                name,
                "-o",
                &partial,
            ],
        )
        .fails_with(&format!("{name}: error: the lexicon holds no terms"));
        assert!(!tmp.path().join(&partial).exists(), "{name}: no partial");
    }
    // several, all empty: each named
    let run = analyze(tmp.path(), &["cats.dic", "bare.toml"], "out-both");
    let run = run.fails_with("cats.dic: error: none of the 2 lexicons holds a term or variant");
    says(&run.stderr, "bare.toml: error: none of the 2 lexicons");
}

#[test]
fn an_empty_lexicon_beside_others_is_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    put(tmp.path(), "words.txt", b"war\npeace\n");
    for (name, body) in EMPTY {
        put(tmp.path(), name, body);
    }
    let alone = analyze(tmp.path(), &["words.txt"], "alone").ok();
    assert!(!alone.stderr.contains("warning"), "{}", alone.stderr);
    for name in ["bare.toml", "frames.toml", "inside.dic"] {
        let out = format!("with-{name}");
        let run = analyze(tmp.path(), &["words.txt", name], &out).ok();
        let said = format!(
            "{name}: warning: the lexicon holds no terms or variants: nothing in it is matched"
        );
        says(&run.stderr, &said);
        if name == "frames.toml" {
            continue; // its frame is a column of nothing, as it says
        }
        // the tables are the word list's alone
        for table in ["frames.csv", "outlets.csv", "matches.csv"] {
            let read = |dir: &str| std::fs::read(tmp.path().join(dir).join(table)).unwrap();
            assert_eq!(read("alone"), read(&out), "{name}: {table}");
        }
    }
    // a dictionary's reader already says it holds no terms: said once
    for name in ["cats.dic", "comments.txt"] {
        let run = analyze(tmp.path(), &["words.txt", name], &format!("with-{name}")).ok();
        let said = format!("{name}: warning: the dictionary holds no terms");
        says(&run.stderr, &said);
        assert_eq!(run.stderr.matches(name).count(), 1, "{}", run.stderr);
    }
}

#[test]
fn an_overlay_without_terms_of_its_own_is_not_warned_about() {
    let tmp = tempfile::tempdir().unwrap();
    put(
        tmp.path(),
        "sides.dic",
        b"%\n1\tru\n2\tua\n%\nKiev\t1\nKyiv\t2\n",
    );
    let overlay = b"[lexicon]\nname = \"overlay\"\n\n[[axis]]\nid = \"side\"\n\
negative = { id = \"neg\", label = \"UA\" }\npositive = { id = \"pos\", label = \"RU\" }\n\n\
[[assign]]\nframe = \"ru\"\npole = \"pos\"\n\n[[assign]]\nframe = \"ua\"\npole = \"neg\"\n";
    put(tmp.path(), "overlay.toml", overlay);
    let run = analyze(tmp.path(), &["sides.dic", "overlay.toml"], "out").ok();
    assert!(!run.stderr.contains("holds no terms"), "{}", run.stderr);
}

#[test]
fn suggest_and_check_take_an_empty_lexicon_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    put(tmp.path(), "bare.toml", b"[lexicon]\nname = \"bare\"\n");
    let seeds = seeds();
    let run = slant(
        tmp.path(),
        &[
            "lexicon",
            "suggest",
            seeds.to_str().unwrap(),
            "--lexicon",
            "bare.toml",
        ],
    )
    .ok();
    assert!(
        run.stdout.contains("z ="),
        "candidates proposed: {}",
        run.stdout
    );
    let run = slant(tmp.path(), &["lexicon", "check", "bare.toml"]).ok();
    let said =
        "bare.toml: warning: the lexicon holds no terms or variants: nothing in it is matched";
    says(&run.stdout, said);
}

#[test]
fn a_folder_given_as_a_lexicon_is_named_as_one() {
    let tmp = tempfile::tempdir().unwrap();
    put(tmp.path(), "lexicons/a.dic", b"%\n1\tpos\n%\nwar\t1\n");
    for arg in ["lexicons", "lexicons/", "liwc:lexicons"] {
        analyze(tmp.path(), &[arg], "out").fails_with(&format!(
            "{} is a folder, not a lexicon: name each lexicon file in it",
            arg.trim_start_matches("liwc:")
        ));
    }
    assert!(!tmp.path().join("out").exists());
    let folder = "lexicons is a folder, not a lexicon";
    slant(tmp.path(), &["lexicon", "stats", "lexicons"]).fails_with(folder);
    slant(tmp.path(), &["lexicon", "convert", "lexicons", "x.yml"]).fails_with(folder);
    slant(tmp.path(), &["lexicon", "check", "lexicons"]).fails_with(folder);
}

/// Two categories whose names differ only in case, in each format: the
/// file, the second's line, and the first's line in the message.
#[test]
fn categories_that_differ_only_in_case_are_an_error_naming_both_lines() {
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "case.dic",
            b"%\n1\tPos\n2\tpos\n%\nwar\t1\npeace\t2\n",
            "case.dic:3: error: category `pos` differs from `Pos` (line 2) only in letter case",
        ),
        (
            "case.cat",
            b"POS\n    WAR (1)\npos\n    PEACE (1)\n",
            "case.cat:3: error: category `pos` differs from `POS` (line 1) only in letter case",
        ),
        (
            "case.lc3",
            b"+pos\nwar\n+POS\npeace\n",
            "case.lc3:3: error: category `POS` differs from `pos` (line 1) only in letter case",
        ),
        (
            "case.yml",
            b"Pos:\n  - war\npos:\n  - peace\n",
            "case.yml:3: error: category `pos` differs from `Pos` (line 1) only in letter case",
        ),
        (
            "nested.dic",
            b"%\n1\tEmotion\n\t2\tpos\n3\temotion\n%\nwar\t2\n",
            "nested.dic:4: error: category `emotion` differs from `Emotion` (line 2)",
        ),
    ];
    let tmp = tempfile::tempdir().unwrap();
    for (name, body, want) in cases {
        put(tmp.path(), name, body);
        analyze(tmp.path(), &[name], "out").fails_with(want);
        assert!(!tmp.path().join("out").exists());
        slant(tmp.path(), &["lexicon", "stats", name]).fails_with(want);
    }
    // the same name twice is one category, as before: a warning
    put(
        tmp.path(),
        "twice.dic",
        b"%\n1\tpos\n2\tpos\n%\nwar\t1\npeace\t2\n",
    );
    let run = analyze(tmp.path(), &["twice.dic"], "twice").ok();
    says(&run.stderr, "category `pos` is also defined at line 2");
}

#[test]
fn labels_errors_name_columns_as_written() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = seeds();
    let train = |labels: &str| {
        slant(
            tmp.path(),
            &[
                "train",
                seeds.to_str().unwrap(),
                "--labels",
                labels,
                "-o",
                "m.json",
            ],
        )
    };
    put(tmp.path(), "cols.csv", b"Doc ID,Klasse\na,b\n");
    train("cols.csv")
        .fails_with("cols.csv:1: needs columns `id` and `class` (found: Doc ID, Klasse)");
    put(tmp.path(), "twice.csv", b"ID,Class,id\na,b,c\n");
    train("twice.csv").fails_with(
        "twice.csv:1: the columns `ID` and `id` (columns 1 and 3) both read as `id` (which to read?)",
    );
    put(tmp.path(), "same.csv", b"Class,id,Class\na,b,c\n");
    train("same.csv").fails_with("same.csv:1: the column `Class` is given twice (which to read?)");
}

#[test]
fn frames_labelled_apart_only_by_case_convert_to_a_dictionary_that_reads_back() {
    let tmp = tempfile::tempdir().unwrap();
    let toml = b"[lexicon]\nname = \"two\"\n\n[[frame]]\nid = \"up\"\nlabel = \"Pos\"\n\n\
[[frame.term]]\ntext = \"war\"\n\n[[frame]]\nid = \"down\"\nlabel = \"pos\"\n\n\
[[frame.term]]\ntext = \"peace\"\n";
    put(tmp.path(), "two.toml", toml);
    for out in ["two.dic", "two.yml"] {
        slant(tmp.path(), &["lexicon", "convert", "two.toml", out]).ok();
        let text = std::fs::read_to_string(tmp.path().join(out)).unwrap();
        assert!(
            text.contains("Pos (up)") && text.contains("pos (down)"),
            "{text}"
        );
        let stats = slant(tmp.path(), &["lexicon", "stats", out]).ok();
        assert!(
            stats.stdout.contains("2 categories with terms"),
            "{}",
            stats.stdout
        );
    }
}
