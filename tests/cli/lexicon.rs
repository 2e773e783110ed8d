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

/// A form that occurs only away from its entry's context is not "nothing in
/// the corpus": the warning says it was left out for want of the context,
/// so a reader who finds it with `kwic` is not misled.
#[test]
fn a_form_found_only_out_of_its_context_is_said_to_be_so() {
    let tmp = tempfile::tempdir().unwrap();
    put(
        tmp.path(),
        "l.toml",
        b"[lexicon]\nname = \"l\"\ncontext = \"topic\"\n[[context]]\nid = \"topic\"\nlabel = \"Crimea\"\nwindow = 0\ntext = [\"Crimea\"]\n[[frame]]\nid = \"f\"\n[[frame.term]]\ntext = \"occupation\"\nnote = \"n\"\n[[frame.term]]\ntext = \"annexation\"\nnote = \"n\"\n",
    );
    put(
        tmp.path(),
        "c.jsonl",
        b"{\"id\":\"a\",\"outlet\":\"A\",\"text\":\"The occupation of the West Bank went on.\"}\n{\"id\":\"b\",\"outlet\":\"B\",\"text\":\"The annexation of Crimea was condemned.\"}\n",
    );
    let run = slant(tmp.path(), &["lexicon", "check", "l.toml", "c.jsonl"]).ok();
    assert!(
        run.stdout.contains(
            "l.toml:12: warning: `occupation` matched nothing within reach of its context `topic` (in the same paragraph); occurrences elsewhere are left out"
        ),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("`annexation` matched nothing"),
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
