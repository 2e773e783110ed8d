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
