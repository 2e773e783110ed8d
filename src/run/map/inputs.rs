//! The files a repeats file was found in, checked against the files a run
//! reads: by name and size before reading (where a file is there to look
//! at), by xxh3-128 digest once read. `analyze --repeats` checks the whole
//! corpus; `map --repeats` checks its shard against the files the first
//! phase recorded for the shard starting at the same record.

use std::path::{Path, PathBuf};

use crate::corpus::digest::InputDigest;
use crate::error::Error;

fn invalid(path: &Path, why: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("{}: {why}", path.display()))
}

/// Refuses the file at `path` when an input file that is there to look at
/// has another size than `recorded`, the files the repeat pass read.
pub(crate) fn sizes_match(
    path: &Path,
    recorded: &[InputDigest],
    inputs: &[PathBuf],
) -> Result<(), Error> {
    for input in inputs {
        let name = input.display().to_string();
        let Some(r) = recorded.iter().find(|r| r.name == name) else {
            continue;
        };
        match std::fs::metadata(input) {
            Ok(m) if m.is_file() && m.len() != r.bytes => {
                return Err(invalid(
                    path,
                    format_args!(
                    "made from another corpus: {name} has {} bytes, {} when the repeats were saved",
                    m.len(),
                    r.bytes
                ),
                ))
            }
            _ => {}
        }
    }
    Ok(())
}

/// How the files `read` differ from `saved`, if they do.
pub(crate) fn first_difference(saved: &[InputDigest], read: &[InputDigest]) -> Option<String> {
    for (s, r) in saved.iter().zip(read) {
        if s.name != r.name {
            return Some(format!("{} was read where {} was", r.name, s.name));
        }
        if s.bytes != r.bytes {
            return Some(format!(
                "{} has {} bytes, {} when the repeats were saved",
                r.name, r.bytes, s.bytes
            ));
        }
        if s.xxh3 != r.xxh3 {
            return Some(format!(
                "{} holds other bytes than when the repeats were saved (same size, another digest)",
                r.name
            ));
        }
    }
    (saved.len() != read.len()).then(|| {
        format!(
            "{} files read, {} when the repeats were saved",
            read.len(),
            saved.len()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(name: &str, bytes: u64, xxh3: &str) -> InputDigest {
        InputDigest {
            name: name.into(),
            bytes,
            xxh3: xxh3.into(),
        }
    }

    #[test]
    fn each_kind_of_difference_is_named() {
        let saved = vec![d("a.jsonl", 10, "aa"), d("b.jsonl", 5, "bb")];
        assert_eq!(first_difference(&saved, &saved), None);
        let why = |read: Vec<InputDigest>| first_difference(&saved, &read).unwrap();
        assert!(why(vec![d("c.jsonl", 10, "aa"), d("b.jsonl", 5, "bb")])
            .contains("c.jsonl was read where a.jsonl was"));
        assert!(why(vec![d("a.jsonl", 11, "aa"), d("b.jsonl", 5, "bb")]).contains("11 bytes, 10"));
        assert!(why(vec![d("a.jsonl", 10, "ab"), d("b.jsonl", 5, "bb")]).contains("other bytes"));
        assert!(why(vec![d("a.jsonl", 10, "aa")]).contains("1 files read, 2"));
    }
}
