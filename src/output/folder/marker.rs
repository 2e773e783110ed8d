//! The marker a report folder holds ([`MARKER`]): each file slant wrote
//! there, with its size and digest, so that a rerun replaces only files
//! that are still as slant wrote them. The digest is XXH3-128, as rsync
//! (3.2 and later) checks files by default: it tells an edited file from
//! slant's at memory speed, where SHA-256 cost a rerun of a dictionary
//! over a large corpus about 3% of its time (every table hashed twice:
//! the old folder's before it is replaced, the new one's for its marker).
//! It guards against edits, not forgery: whoever could forge a marker
//! could delete the files. Markers of the second format (SHA-256, slant up
//! to 888219a) are still read, and checked with SHA-256; of the first,
//! names alone (slant up to b3d5d1a).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Read};
use std::path::Path;

use rayon::prelude::*;
use sha2::{Digest as _, Sha256};
use xxhash_rust::xxh3::Xxh3;

/// The file slant writes into every report folder: its version and the
/// files it wrote, each with its size and digest, so that a rerun knows
/// what it may replace.
pub const MARKER: &str = ".slant-report";

/// The first line of a [`MARKER`] slant writes: XXH3-128 digests.
const FORMAT: &str = "slant-report/3";

/// The first line of a [`MARKER`] of the second format: SHA-256 digests.
const FORMAT_SHA256: &str = "slant-report/2";

/// The first line of a [`MARKER`] of the first format: names only.
const FORMAT_NAMES: &str = "slant-report/1";

/// A file's digest, of the kind its marker lists.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Digest {
    /// XXH3-128, its canonical (big-endian) bytes, as `xxhsum -H2` prints.
    Xxh3([u8; 16]),
    /// SHA-256, from a marker of the second format.
    Sha256([u8; 32]),
}

impl Digest {
    /// The digest of the same kind as `self` of what `from` reads, and
    /// how many bytes that was.
    fn of_kind(&self, mut from: impl Read) -> io::Result<(u64, Digest)> {
        match self {
            Digest::Xxh3(_) => xxh3_of(from),
            Digest::Sha256(_) => {
                let mut hasher = Sha256::new();
                let size = io::copy(&mut from, &mut hasher)?;
                Ok((size, Digest::Sha256(hasher.finalize().into())))
            }
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Digest::Xxh3(b) => b,
            Digest::Sha256(b) => b,
        }
    }
}

/// The XXH3-128 of what `from` reads, and how many bytes that was.
fn xxh3_of(mut from: impl Read) -> io::Result<(u64, Digest)> {
    let mut hasher = Xxh3::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((size, Digest::Xxh3(hasher.digest128().to_be_bytes())))
}

/// A file as slant wrote it: its size and digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Written {
    size: u64,
    digest: Digest,
}

impl Written {
    /// The size and XXH3-128 of the file at `path`.
    pub(super) fn of(path: &Path) -> io::Result<Written> {
        let (size, digest) = xxh3_of(fs::File::open(path)?)?;
        Ok(Written { size, digest })
    }

    /// Whether the file at `path` still holds what slant wrote, by the
    /// kind of digest its marker lists. The size is compared first, so
    /// most changed files are not read at all.
    pub(super) fn matches(&self, path: &Path) -> bool {
        fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == self.size)
            && fs::File::open(path)
                .and_then(|f| self.digest.of_kind(f))
                .is_ok_and(|(size, digest)| size == self.size && digest == self.digest)
    }

    fn hex(&self) -> String {
        self.digest
            .bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Reads `DIGEST SIZE` as [`marker_text`] writes them, the digest of
    /// the kind `sha256` says (SHA-256 or XXH3-128).
    fn parse(digest: &str, size: &str, sha256: bool) -> Option<Written> {
        let digest = if sha256 {
            Digest::Sha256(unhex(digest)?)
        } else {
            Digest::Xxh3(unhex(digest)?)
        };
        Some(Written {
            size: size.parse().ok()?,
            digest,
        })
    }
}

/// `N` bytes from `2 * N` hex digits; `None` for anything else.
fn unhex<const N: usize>(hex: &str) -> Option<[u8; N]> {
    if hex.len() != 2 * N || !hex.is_ascii() {
        return None;
    }
    let mut bytes = [0u8; N];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(bytes)
}

/// What a marker says slant wrote.
#[derive(Debug)]
pub(super) enum Marker {
    /// Each file with its size and digest: a file that no longer matches
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
        let sha256 = match format {
            FORMAT => false,
            FORMAT_SHA256 => true,
            FORMAT_NAMES => return Some(Marker::Named(files.map(String::from).collect())),
            _ => return None,
        };
        files
            .map(|line| {
                let mut parts = line.splitn(3, ' ');
                let (digest, size, name) = (parts.next()?, parts.next()?, parts.next()?);
                Some((name.to_string(), Written::parse(digest, size, sha256)?))
            })
            .collect::<Option<_>>()
            .map(Marker::Hashed)
    }
}

/// The marker for a report of the files `names` in `dir`: each file's
/// XXH3-128, size and name, sorted by name, so that the same files give the
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
         # The files slant wrote into this folder: XXH3-128, size in bytes, name.\n\
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
                Some(w)
                    if matches!(w.digest, Digest::Xxh3(_))
                        && fs::metadata(&path).is_ok_and(|m| m.len() == w.size) =>
                {
                    Ok(w.clone())
                }
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
        // XXH3-128 of "abc" and of nothing, as `xxhsum -H2` prints them
        // (and Python's `xxhash.xxh3_128_hexdigest`).
        let abc = "06b05ab6733a618578af5f94892f3950";
        let empty = "99aa06d3014798d86001c324468d497f";
        assert!(text.starts_with("slant-report/3\n"), "{text}");
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

    /// A marker of the second format (SHA-256, slant up to 888219a) is
    /// still read, and its files checked with SHA-256: a report written
    /// before the change is replaced, and an edit in it still seen.
    #[test]
    fn a_marker_of_sha256_digests_is_checked_with_sha256() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a b.csv"), b"abc").unwrap();
        fs::write(dir.path().join("e.png"), b"").unwrap();
        // SHA-256 of "abc" and of nothing, as `sha256sum` prints them.
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let text = format!("slant-report/2\nslant 0.1.0\n# c\n{abc} 3 a b.csv\n{empty} 0 e.png\n");
        let Some(Marker::Hashed(files)) = Marker::parse(&text) else {
            panic!("{text}");
        };
        assert!(files["a b.csv"].matches(&dir.path().join("a b.csv")));
        assert!(files["e.png"].matches(&dir.path().join("e.png")));
        fs::write(dir.path().join("a b.csv"), b"abd").unwrap();
        assert!(
            !files["a b.csv"].matches(&dir.path().join("a b.csv")),
            "same size, other bytes"
        );
        // the new marker of the same files lists their XXH3-128
        let new = marker_text(dir.path(), vec!["e.png".into()], &files).unwrap();
        assert!(
            new.ends_with("99aa06d3014798d86001c324468d497f 0 e.png\n"),
            "{new}"
        );
    }

    #[test]
    fn markers_are_told_from_other_text() {
        let xxh3 = format!("{FORMAT}\nslant 0.1.0\n# c\n{} 1 a.csv\n", "0".repeat(32));
        let sha256 = format!(
            "slant-report/2\nslant 0.1.0\n# c\n{} 1 a.csv\n",
            "0".repeat(64)
        );
        let cases = [
            (xxh3.as_str(), Some("hashed")),
            (sha256.as_str(), Some("hashed")),
            ("slant-report/1\nslant 0.1.0\n# c\na.csv\n", Some("named")),
            ("slant-report/2\nslant 0.1.0\na.csv\n", None),
            ("slant-report/2\nslant 0.1.0\nxyz 1 a.csv\n", None),
            (&sha256.replace("slant-report/2", "slant-report/3"), None),
            (&xxh3.replace("slant-report/3", "slant-report/2"), None),
            ("slant-report/3\nslant 0.1.0\nxyz 1 a.csv\n", None),
            ("slant-report/2\nnot slant\n", None),
            ("slant-report/4\nslant 0.1.0\n", None),
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
