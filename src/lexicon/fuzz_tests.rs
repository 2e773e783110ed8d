//! Lexicon TOML fuzzed: the shipped `sourcing` lexicon, edited anywhere, is
//! refused with diagnostics that name the file and lines inside it, or
//! loads and matches text; nothing panics.

use proptest::prelude::*;

use super::*;
use crate::fuzz::{apply, config, edits};
use crate::matching::Matcher;

const SOURCING: &str = include_str!("../../lexicons/sourcing.toml");

fn load_edited(bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("edited.toml");
    std::fs::write(&path, bytes).unwrap();
    let source = LexiconSource::parse(path.to_str().unwrap()).expect("a file source");
    let lines = bytes.split(|&b| b == b'\n').count();
    match load(&[source]) {
        Ok(loaded) => {
            if let Ok(m) = Matcher::new(&loaded.set) {
                let _ =
                    m.match_document("According to officials, he said the claim was unverified.");
            }
        }
        Err(LexiconError::Invalid(diagnostics)) => {
            for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
                prop_assert!(d.file.contains("edited.toml"), "{d}");
                if let Some(line) = d.line {
                    prop_assert!(
                        line >= 1 && line <= lines + 1,
                        "line {line} of {lines}: {d}"
                    );
                }
            }
        }
        Err(e) => prop_assert!(e.to_string().contains("edited.toml"), "{e}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(48, "tests/fixtures/proptest/lexicon.txt"))]

    #[test]
    fn an_edited_lexicon_is_refused_with_lines_or_loads(e in edits()) {
        load_edited(&apply(SOURCING.as_bytes(), &e))?;
    }
}
