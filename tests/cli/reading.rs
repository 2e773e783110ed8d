//! The report read as a researcher reads it: what it says must be what the
//! tables hold, with nothing empty, orphaned or rounded away.

use std::path::Path;

use super::util::{put, seeds, slant};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_dictionary_run_has_no_empty_score_sections_and_a_named_variants_header() {
    let tmp = tempfile::tempdir().unwrap();
    // A LIWC dictionary: categories, no axis, no variant slot.
    let dic = put(
        tmp.path(),
        "two.dic",
        b"%\n1\tplaces\n2\tsaying\n%\nCrimea\t1\nKyiv\t1\nsaid\t2\n",
    );
    slant(
        tmp.path(),
        &[
            "analyze",
            seeds().to_str().unwrap(),
            "--lexicon",
            dic.to_str().unwrap(),
            "--no-model",
            "--no-compare",
            "--out",
            "rep",
        ],
    )
    .ok();
    let rep = tmp.path().join("rep");
    // variants.csv names its columns though it has no row (it was `""`).
    assert_eq!(
        read(&rep.join("variants.csv")),
        "slot,variant,entry_id,outlet,count,count_own,share\n"
    );
    let md = read(&rep.join("report.md"));
    // No axis: no evidence, no flags, no slant index to explain (they were
    // there, empty or describing numbers the run did not compute).
    for absent in [
        "## Evidence",
        "## Flags",
        "Lexicon slant index",
        "95% interval",
    ] {
        assert!(!md.contains(absent), "{absent:?} in:\n{md}");
    }
    assert!(md.contains("The lexicons define no variant slots"), "{md}");
    assert!(md.contains("## Frames"), "{md}");
    // The methods end in a paragraph, then the files' section as its own block.
    assert!(md.contains(".\n\n## Files\n"), "{md}");
    let html = read(&rep.join("report.html"));
    for absent in [
        "id=\"rankings\"",
        "id=\"evidence\"",
        "id=\"flags\"",
        "href=\"#evidence\"",
    ] {
        assert!(!html.contains(absent), "{absent:?} in the page");
    }
    assert!(html.contains("id=\"outlets\""));
    assert!(html.contains("define no variant slots"));
}
