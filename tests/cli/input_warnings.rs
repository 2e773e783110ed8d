//! Warnings on reading (issue 9, F1): a CSV quote that closes cleanly at a
//! line end after swallowing a line that reads as a row of its own is read
//! as one multi-line record, as legitimate text may be, and the run says
//! so on standard error (not with `-q`), in `report.md` and in
//! `results.json`, the first 20 in full and the rest counted.

use crate::util::{put, slant};

/// 25 records, each a text that holds a line shaped like a row: an id
/// shaped like the records' ids (`z07` like `a07`), an outlet no record
/// uses, the header's three fields.
fn swallowing_csv() -> String {
    let mut csv = String::from("id,outlet,text\n");
    for i in 0..25 {
        let outlet = if i % 2 == 0 { "A" } else { "C" };
        csv.push_str(&format!(
            "a{i:02},{outlet},\"Kyiv said {i}.\nz{i:02},Zed,Kiev said\"\n"
        ));
    }
    csv
}

#[test]
fn rows_inside_quoted_fields_are_read_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    put(tmp.path(), "w.csv", swallowing_csv().as_bytes());
    let args = [
        "analyze",
        "w.csv",
        "--no-model",
        "--bootstrap",
        "200",
        "--min-docs",
        "1",
    ];
    let run = slant(tmp.path(), &[&args[..], &["--out", "r"]].concat()).ok();
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("slant: warning: w.csv:"))
        .collect();
    assert_eq!(warnings.len(), 20, "{}", run.stderr);
    // Record i starts on line 2i + 2; its text holds line 2i + 3.
    assert!(
        warnings[0].starts_with(
            "slant: warning: w.csv:2: a quoted field opens here and holds line 3, which reads as a row of its own"
        ),
        "{}",
        warnings[0]
    );
    assert!(warnings[19]
        .starts_with("slant: warning: w.csv:40: a quoted field opens here and holds line 41"));
    assert!(
        run.stderr.contains("slant: warning: and 5 more like these"),
        "{}",
        run.stderr
    );

    let md = std::fs::read_to_string(tmp.path().join("r/report.md")).unwrap();
    assert!(md.contains("Reading the input gave 25 warnings"), "{md}");
    assert!(
        md.contains("- `w.csv:2`: a quoted field opens here and holds line 3"),
        "{md}"
    );
    assert!(md.contains("- and 5 more\n"), "{md}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("r/results.json")).unwrap()).unwrap();
    let w = &json["corpus"]["input_warnings"];
    assert_eq!(w["total"], 25);
    assert_eq!(w["listed"].as_array().unwrap().len(), 20);
    assert_eq!(w["listed"][1]["file"], "w.csv");
    assert_eq!(w["listed"][1]["line"], 4);
    let docs = crate::util::read_csv(&tmp.path().join("r/documents.csv"));
    assert_eq!(docs.len(), 25, "each record read whole, as before");

    let quiet = slant(tmp.path(), &[&args[..], &["--out", "q", "-q"]].concat()).ok();
    assert!(!quiet.stderr.contains("warning"), "-q: {}", quiet.stderr);
    let again = std::fs::read(tmp.path().join("q/results.json")).unwrap();
    let first = std::fs::read(tmp.path().join("r/results.json")).unwrap();
    let strip = |b: &[u8]| -> serde_json::Value {
        let mut v: serde_json::Value = serde_json::from_slice(b).unwrap();
        v["run"] = serde_json::Value::Null;
        v
    };
    assert_eq!(
        strip(&again)["corpus"],
        strip(&first)["corpus"],
        "the same warnings, listed alike"
    );
}

#[test]
fn a_clean_csv_has_no_input_warnings_in_results() {
    let tmp = tempfile::tempdir().unwrap();
    put(
        tmp.path(),
        "c.csv",
        b"id,outlet,text\nd1,A,\"Kyiv said.\n\nSecond paragraph, with commas, here.\"\nd2,B,Kiev said\n",
    );
    let run = slant(
        tmp.path(),
        &[
            "analyze",
            "c.csv",
            "--no-model",
            "--bootstrap",
            "200",
            "--min-docs",
            "1",
            "--out",
            "r",
        ],
    )
    .ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("r/results.json")).unwrap()).unwrap();
    assert!(
        json["corpus"].get("input_warnings").is_none(),
        "left out when empty"
    );
}

/// The lines of `stderr` that are input warnings of `file`.
fn warnings_of<'a>(stderr: &'a str, file: &str) -> Vec<&'a str> {
    let start = format!("slant: warning: {file}:");
    stderr.lines().filter(|l| l.starts_with(&start)).collect()
}

/// Every command that reads a corpus prints its warnings as analyze does
/// (the first 20, then how many more: 25 records of `swallowing_csv`
/// warn), and none with `-q`.
#[test]
fn every_command_that_reads_a_corpus_prints_them() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    put(d, "w.csv", swallowing_csv().as_bytes());
    // ids a00..a24, outlets A (even) and C (odd)
    let labels: String = (0..25)
        .map(|i| format!("a{i:02},{}\n", if i % 2 == 0 { "x" } else { "y" }))
        .collect();
    put(d, "labels.csv", format!("id,class\n{labels}").as_bytes());
    let commands: &[&[&str]] = &[
        &["kwic", "Kyiv", "w.csv"],
        &["lexicon", "suggest", "w.csv"],
        &["lexicon", "check", "russia-ukraine", "w.csv"],
        &["map", "w.csv", "-o", "p.gz", "--force"],
        &["map", "w.csv", "--repeats-only", "-o", "r.gz", "--force"],
        &[
            "train",
            "w.csv",
            "--reference",
            "A=x",
            "--reference",
            "C=y",
            "-o",
            "m.json",
            "--force",
        ],
        &[
            "evaluate",
            "--model",
            "m.json",
            "w.csv",
            "--labels",
            "labels.csv",
        ],
    ];
    for args in commands {
        let run = slant(d, args).ok();
        let listed = warnings_of(&run.stderr, "w.csv");
        assert_eq!(listed.len(), 20, "{args:?}: {}", run.stderr);
        assert!(
            listed[0].contains("w.csv:2: a quoted field opens here and holds line 3"),
            "{args:?}: {}",
            listed[0]
        );
        assert!(
            run.stderr
                .contains("slant: warning: and 5 more like these\n"),
            "{args:?}: {}",
            run.stderr
        );
        // `lexicon` takes -q before its subcommand
        let quiet = match args[0] {
            "lexicon" => [&["lexicon", "-q"], &args[1..]].concat(),
            _ => [*args, &["-q"]].concat(),
        };
        let run = slant(d, &quiet).ok();
        assert!(!run.stderr.contains("warning"), "{quiet:?}: {}", run.stderr);
    }
}

/// `map` records the warnings in its partial; `merge` and `report` show
/// the first 20 of the whole corpus in input order over the shards
/// (whatever order the partials are merged in) and count the rest.
#[test]
fn partials_carry_them_to_merge_and_report() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // Records 0..12 (lines 2..25) in s0.csv, 12..25 in s1.csv: each warns.
    let csv = swallowing_csv();
    let lines: Vec<&str> = csv.lines().collect();
    let shard = |rows: &[&str]| format!("{}\n{}\n", lines[0], rows.join("\n"));
    put(d, "s0.csv", shard(&lines[1..25]).as_bytes());
    put(d, "s1.csv", shard(&lines[25..]).as_bytes());
    let map = |shard: &str, first: &str, phase: &[&str], out: &str| {
        let args = [&["map", shard, "--first-record", first, "-o", out], phase].concat();
        slant(d, &args).ok()
    };
    map("s0.csv", "0", &["--repeats-only"], "r0.gz");
    map("s1.csv", "12", &["--repeats-only"], "r1.gz");
    slant(d, &["merge", "r1.gz", "r0.gz", "-o", "r.gz"]).ok();
    let m0 = map("s0.csv", "0", &["--repeats", "r.gz"], "p0.gz");
    assert_eq!(warnings_of(&m0.stderr, "s0.csv").len(), 12, "{}", m0.stderr);
    let m1 = map("s1.csv", "12", &["--repeats", "r.gz"], "p1.gz");
    assert_eq!(warnings_of(&m1.stderr, "s1.csv").len(), 13, "{}", m1.stderr);

    let merged = slant(d, &["merge", "p1.gz", "p0.gz", "-o", "m.gz"]).ok();
    let listed: Vec<&str> = merged
        .stderr
        .lines()
        .filter(|l| l.starts_with("slant: warning: s"))
        .collect();
    // s0.csv's 12 (record i opens on line 2i + 2), then s1.csv's first 8
    // (its record j opens on line 2j + 2 of s1.csv)
    assert_eq!(listed.len(), 20, "{}", merged.stderr);
    assert!(
        listed[11].starts_with("slant: warning: s0.csv:24: "),
        "{}",
        listed[11]
    );
    assert!(
        listed[12].starts_with("slant: warning: s1.csv:2: "),
        "{}",
        listed[12]
    );
    assert!(
        listed[19].starts_with("slant: warning: s1.csv:16: "),
        "{}",
        listed[19]
    );
    assert!(
        merged
            .stderr
            .contains("slant: warning: and 5 more like these\n"),
        "{}",
        merged.stderr
    );
    let quiet = slant(d, &["merge", "p0.gz", "p1.gz", "-o", "q.gz", "-q"]).ok();
    assert!(!quiet.stderr.contains("warning"), "{}", quiet.stderr);

    let args = ["--bootstrap", "200", "--min-docs", "1"];
    let report = slant(
        d,
        &[&["report", "m.gz", "--out", "rep"], &args[..]].concat(),
    )
    .ok();
    let shown: Vec<&str> = report
        .stderr
        .lines()
        .filter(|l| l.starts_with("slant: warning: s"))
        .collect();
    assert_eq!(shown, listed, "report lists what merge listed");
    assert!(
        report.stderr.contains(
            "slant: warning: and 5 more like these (counted in results.json, corpus.input_warnings)"
        ),
        "{}",
        report.stderr
    );
    let md = std::fs::read_to_string(d.join("rep/report.md")).unwrap();
    assert!(md.contains("Reading the input gave 25 warnings"), "{md}");
    assert!(
        md.contains("- `s1.csv:2`: a quoted field opens here"),
        "{md}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("rep/results.json")).unwrap()).unwrap();
    let w = &json["corpus"]["input_warnings"];
    assert_eq!(w["total"], 25);
    assert_eq!(w["listed"][12]["file"], "s1.csv");
    assert_eq!(w["listed"][12]["line"], 2);
}

/// A manifest's quoted field holding a line that reads as a row naming a
/// `.txt` file the folder does not hold warns, as the CSV reader would;
/// naming one it holds is an error, as before.
#[test]
fn a_manifest_warns_where_a_csv_file_would() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join("c")).unwrap();
    put(&d.join("c"), "a.txt", b"Kyiv said so.");
    put(&d.join("c"), "b.txt", b"Kiev said so.");
    let manifest =
        "file,outlet,title\na.txt,A,\"Kyiv said\nz.txt,Zed,Kiev said\"\nb.txt,B,Second\n";
    put(&d.join("c"), "manifest.csv", manifest.as_bytes());
    let run = slant(d, &["kwic", "said", "c"]).ok();
    let listed = warnings_of(&run.stderr, "c/manifest.csv");
    assert_eq!(listed.len(), 1, "{}", run.stderr);
    assert!(
        listed[0].starts_with(
            "slant: warning: c/manifest.csv:2: a quoted field opens here and holds line 3, which reads as a row of its own (the header's number of fields, a `.txt` file name, an outlet)"
        ),
        "{}",
        listed[0]
    );
    assert_eq!(
        run.stdout.lines().count(),
        2,
        "both articles read: {}",
        run.stdout
    );

    // Prose in the field, or no outlet column: nothing to warn of.
    let prose =
        "file,outlet,title\na.txt,A,\"Kyiv said, in z.txt,\nthat Kiev said\"\nb.txt,B,Second\n";
    put(&d.join("c"), "manifest.csv", prose.as_bytes());
    let run = slant(d, &["kwic", "said", "c"]).ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let no_outlet = "file,title\na.txt,\"Kyiv said\nz.txt,Kiev said\"\nb.txt,Second\n";
    put(&d.join("c"), "manifest.csv", no_outlet.as_bytes());
    let run = slant(d, &["kwic", "said", "c", "--missing-outlet", "as:X"]).ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);

    // z.txt in the folder: the quote swallowed its row, an error.
    put(&d.join("c"), "z.txt", b"Zed.");
    put(&d.join("c"), "manifest.csv", manifest.as_bytes());
    slant(d, &["kwic", "said", "c"]).fails_with("c/manifest.csv:2");
}
