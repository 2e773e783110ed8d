//! The marker a report folder holds ([`MARKER`]): each file slant wrote
//! there, with its size and SHA-256, so that a rerun replaces only files
//! that are still as slant wrote them. A marker of the first format lists
//! names alone (slant up to b3d5d1a).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

/// The file slant writes into every report folder: its version and the
/// files it wrote, each with its size and SHA-256, so that a rerun knows
/// what it may replace.
pub const MARKER: &str = ".slant-report";

/// The first line of a [`MARKER`] slant writes.
const FORMAT: &str = "slant-report/2";

/// The first line of a [`MARKER`] of the first format: names only.
const FORMAT_NAMES: &str = "slant-report/1";

/// A file as slant wrote it: its size and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Written {
    size: u64,
    sha256: [u8; 32],
}

impl Written {
    /// The size and SHA-256 of the file at `path`.
    pub(super) fn of(path: &Path) -> io::Result<Written> {
        let mut file = fs::File::open(path)?;
        let mut hasher = Sha256::new();
        let size = io::copy(&mut file, &mut hasher)?;
        Ok(Written {
            size,
            sha256: hasher.finalize().into(),
        })
    }

    /// Whether the file at `path` still holds what slant wrote. The size
    /// is compared first, so most changed files are not read at all.
    pub(super) fn matches(&self, path: &Path) -> bool {
        fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == self.size)
            && Written::of(path).is_ok_and(|now| now == *self)
    }

    fn hex(&self) -> String {
        self.sha256.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Reads `SHA256 SIZE` as [`marker_text`] writes them.
    fn parse(sha256: &str, size: &str) -> Option<Written> {
        if sha256.len() != 64 || !sha256.is_ascii() {
            return None;
        }
        let mut digest = [0u8; 32];
        for (i, byte) in digest.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&sha256[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Written {
            size: size.parse().ok()?,
            sha256: digest,
        })
    }
}

/// What a marker says slant wrote.
#[derive(Debug)]
pub(super) enum Marker {
    /// Each file with its size and SHA-256: a file that no longer matches
    /// is not slant's to replace.
    Hashed(BTreeMap<String, Written>),
    /// Names only, from the first format: trusted only for files a report
    /// could hold (see `check_target`).
    Named(BTreeSet<String>),
}

impl Marker {
    /// Reads a marker; `None` if `text` is not one.
    pub(super) fn parse(text: &str) -> Option<Marker> {
        let mut lines = text.lines();
        let format = lines.next()?;
        lines.next()?.strip_prefix("slant ")?;
        let files = lines.filter(|l| !l.starts_with('#'));
        match format {
            FORMAT => files
                .map(|line| {
                    let mut parts = line.splitn(3, ' ');
                    let (sha256, size, name) = (parts.next()?, parts.next()?, parts.next()?);
                    Some((name.to_string(), Written::parse(sha256, size)?))
                })
                .collect::<Option<_>>()
                .map(Marker::Hashed),
            FORMAT_NAMES => Some(Marker::Named(files.map(String::from).collect())),
            _ => None,
        }
    }
}

/// The marker for a report of the files `names` in `dir`: each file's
/// SHA-256, size and name, sorted by name, so that the same files give the
/// same bytes and reports stay identical across identical runs. A file
/// `hashed` already, still of the size it had, is not read again.
pub(super) fn marker_text(
    dir: &Path,
    mut names: Vec<String>,
    hashed: &BTreeMap<String, Written>,
) -> io::Result<String> {
    names.sort();
    let mut text = format!(
        "{FORMAT}\nslant {}\n\
         # The files slant wrote into this folder: SHA-256, size in bytes, name.\n\
         # A new run replaces the folder only while it holds these files as they\n\
         # are listed and nothing else: keep your own files and edits elsewhere.\n",
        env!("CARGO_PKG_VERSION")
    );
    // The files are hashed on the worker threads (the largest tables take
    // most of the time); the lines keep the names' order.
    let listed: Vec<&String> = names.iter().filter(|n| *n != MARKER).collect();
    let written = listed
        .par_iter()
        .map(|name| {
            let path = dir.join(name);
            match hashed.get(name.as_str()) {
                Some(w) if fs::metadata(&path).is_ok_and(|m| m.len() == w.size) => Ok(w.clone()),
                _ => Written::of(&path),
            }
        })
        .collect::<io::Result<Vec<Written>>>()?;
    for (name, written) in listed.iter().zip(written) {
        text.push_str(&format!("{} {} {name}\n", written.hex(), written.size));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_reads_back_what_it_lists() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a b.csv"), b"abc").unwrap();
        fs::write(dir.path().join("e.png"), b"").unwrap();
        let text = marker_text(
            dir.path(),
            vec!["e.png".into(), "a b.csv".into()],
            &BTreeMap::new(),
        )
        .unwrap();
        // SHA-256 of "abc" and of nothing, as `sha256sum` prints them.
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert!(text.ends_with(&format!("{abc} 3 a b.csv\n{empty} 0 e.png\n")));
        let Some(Marker::Hashed(files)) = Marker::parse(&text) else {
            panic!("{text}");
        };
        assert_eq!(files.keys().collect::<Vec<_>>(), ["a b.csv", "e.png"]);
        assert!(files["a b.csv"].matches(&dir.path().join("a b.csv")));
        fs::write(dir.path().join("a b.csv"), b"abd").unwrap();
        assert!(
            !files["a b.csv"].matches(&dir.path().join("a b.csv")),
            "same size, other bytes"
        );
        assert!(!files["e.png"].matches(&dir.path().join("gone.png")));
    }

    #[test]
    fn markers_are_told_from_other_text() {
        let hashed = format!("{FORMAT}\nslant 0.1.0\n# c\n{} 1 a.csv\n", "0".repeat(64));
        let cases = [
            (hashed.as_str(), Some("hashed")),
            ("slant-report/1\nslant 0.1.0\n# c\na.csv\n", Some("named")),
            ("slant-report/2\nslant 0.1.0\na.csv\n", None),
            ("slant-report/2\nslant 0.1.0\nxyz 1 a.csv\n", None),
            ("slant-report/2\nnot slant\n", None),
            ("slant-report/3\nslant 0.1.0\n", None),
            ("hello", None),
        ];
        for (text, want) in cases {
            let got = Marker::parse(text).map(|m| match m {
                Marker::Hashed(_) => "hashed",
                Marker::Named(_) => "named",
            });
            assert_eq!(got, want, "{text:?}");
        }
    }
}
