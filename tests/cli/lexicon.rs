//! `slant lexicon check`.

use crate::util::{put, seeds, slant};

#[test]
fn shipped_lexicons_check_clean() {
    let tmp = tempfile::tempdir().unwrap();
    for name in ["russia-ukraine", "sourcing"] {
        let run = slant(tmp.path(), &["lexicon", "check", name]).ok();
        assert!(run.stdout.contains("0 warnings"), "{}", run.stdout);
    }
}

#[test]
fn check_reports_errors_with_lines_and_fails() {
    let tmp = tempfile::tempdir().unwrap();
    put(
        tmp.path(),
        "l.toml",
        b"[lexicon]\nname = \"l\"\n[[frame]]\nid = \"f\"\n[[frame.term]]\ntext = \"Kiev\"\nnote = \"n\"\n[[frame.term]]\ntext = \"kiev\"\nnote = \"dup\"\n[[frame.term]]\ntext = \"x\"\npole = \"p\"\n",
    );
    let run = slant(tmp.path(), &["lexicon", "check", "l.toml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout
            .contains("l.toml:9: error: `kiev` is the same form as `Kiev` (line 6)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("l.toml:13: error: unknown pole `p`"),
        "{}",
        run.stdout
    );
}

#[test]
fn check_on_a_corpus_lists_terms_that_matched_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    put(
        tmp.path(),
        "l.toml",
        b"[lexicon]\nname = \"l\"\n[[frame]]\nid = \"f\"\n[[frame.term]]\ntext = \"Kyiv\"\nnote = \"n\"\n[[frame.term]]\ntext = [\"zebra crossing\", \"Crimea\"]\nnote = \"n\"\n",
    );
    let run = slant(
        tmp.path(),
        &["lexicon", "check", "l.toml", seeds().to_str().unwrap()],
    )
    .ok();
    assert!(
        run.stdout
            .contains("tried on 5 documents; 2 of 3 forms matched"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("l.toml:9: warning: `zebra crossing` matched nothing"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("`Kyiv` matched nothing"),
        "{}",
        run.stdout
    );
}

#[test]
fn check_lists_overlaps_when_verbose() {
    let tmp = tempfile::tempdir().unwrap();
    put(
        tmp.path(),
        "l.toml",
        b"[lexicon]\nname = \"l\"\n[[frame]]\nid = \"f\"\n[[frame.term]]\ntext = \"annexation\"\nnote = \"n\"\n[[frame.term]]\ntext = \"illegal annexation\"\nnote = \"n\"\n",
    );
    let run = slant(tmp.path(), &["lexicon", "check", "l.toml", "-v"]).ok();
    assert!(
        run.stdout
            .contains("l.toml:9: note: `illegal annexation` contains `annexation` (line 6)"),
        "{}",
        run.stdout
    );
}
