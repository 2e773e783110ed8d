//! Lexicon files fuzzed: the shipped `sourcing` lexicon and a dictionary of
//! every foreign format (LIWC `.dic`, WordStat `.cat`, Lexicoder `.lc3`,
//! quanteda `.yml`, a word list), edited anywhere, are refused with errors
//! that each name the file and a line inside it, or load and match text;
//! nothing panics.

use proptest::prelude::*;

use super::*;
use crate::fuzz::{apply, config, edits};
use crate::matching::Matcher;

const SOURCING: &str = include_str!("../../lexicons/sourcing.toml");

/// One dictionary of each foreign format, from the test fixtures.
const FOREIGN: &[(&str, &str)] = &[
    (
        "edited.dic",
        include_str!("../../tests/fixtures/dictionaries/liwc_hierarchical.dic"),
    ),
    (
        "edited.cat",
        include_str!("../../tests/fixtures/dictionaries/laver_garry_sample.cat"),
    ),
    (
        "edited.lc3",
        include_str!("../../tests/fixtures/dictionaries/lsd_sample.lc3"),
    ),
    (
        "edited.yml",
        include_str!("../../tests/fixtures/dictionaries/quanteda.yml"),
    ),
    (
        "edited.txt",
        include_str!("../../tests/fixtures/dictionaries/words.txt"),
    ),
];

/// Loads `bytes` saved as `name` and matches a text with it if it loads;
/// if it does not, every error must name `name` and a line of it.
fn load_edited(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let source = LexiconSource::parse(path.to_str().unwrap()).expect("a file source");
    let lines = bytes.split(|&b| b == b'\n' || b == b'\r').count();
    match load(&[source]) {
        Ok(loaded) => {
            if let Ok(m) = Matcher::new(&loaded.set) {
                let _ =
                    m.match_document("According to officials, he said the claim was unverified.");
            }
        }
        Err(LexiconError::Invalid(diagnostics)) => located(&diagnostics, name, bytes)?,
        Err(e @ LexiconError::Encoding { .. }) => {
            let message = e.to_string();
            let cited = crate::fuzz::cited_lines(&message, name);
            prop_assert!(
                cited.iter().all(|&l| l >= 1 && l <= lines + 1) && !cited.is_empty(),
                "{message}"
            );
        }
        Err(e) => prop_assert!(false, "not a located error: {e}"),
    }
    Ok(())
}

/// Whether `diagnostics`, which refused `text` read as `file`, hold an
/// error and each error names `file` (its path ends so) and a line of the
/// text (or the one after its last, where a missing end is reported).
pub(crate) fn located(
    diagnostics: &[Diagnostic],
    file: &str,
    text: &[u8],
) -> Result<(), TestCaseError> {
    let lines = text.split(|&b| b == b'\n' || b == b'\r').count();
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    prop_assert!(!errors.is_empty(), "{file}: refused without an error");
    for d in errors {
        prop_assert!(d.file.ends_with(file), "{d}");
        prop_assert!(
            d.line.is_some_and(|line| line >= 1 && line <= lines + 1),
            "no line (or past the {lines} of the file): {d}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(48, "tests/fixtures/proptest/lexicon.txt"))]

    #[test]
    fn an_edited_lexicon_is_refused_with_lines_or_loads(e in edits()) {
        load_edited("edited.toml", &apply(SOURCING.as_bytes(), &e))?;
    }

    #[test]
    fn an_edited_dictionary_is_refused_with_lines_or_loads(
        which in 0..FOREIGN.len(),
        e in edits(),
    ) {
        let (name, text) = FOREIGN[which];
        load_edited(name, &apply(text.as_bytes(), &e))?;
    }
}
