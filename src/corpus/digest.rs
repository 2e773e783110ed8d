//! What a reading of the inputs read, byte for byte: per file its name, its
//! size and an xxh3-128 digest of its bytes as read (before any gzip is
//! undone), so that a later run can tell whether it reads the same corpus
//! (`analyze --save-repeats` and `--repeats`).

use std::io::Read;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

/// One file as a reading read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputDigest {
    /// The file as named on the command line (`-`: standard input), or
    /// within a folder input.
    pub name: String,
    /// Bytes read.
    pub bytes: u64,
    /// xxh3-128 of those bytes, hex.
    pub xxh3: String,
}

/// Where the readings sharing it record each file they read, in the order
/// they finish reading them. Cloned, it is the same record.
#[derive(Debug, Clone, Default)]
pub struct Digests(Arc<Mutex<Vec<InputDigest>>>);

impl Digests {
    /// A new, empty record.
    pub fn new() -> Digests {
        Digests::default()
    }

    /// The files read so far.
    pub fn list(&self) -> Vec<InputDigest> {
        self.0.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Records `bytes`, read whole from the file `name`.
    pub(super) fn push_bytes(&self, name: &str, bytes: &[u8]) {
        self.push(InputDigest {
            name: name.to_string(),
            bytes: bytes.len() as u64,
            xxh3: hex(xxhash_rust::xxh3::xxh3_128(bytes)),
        });
    }

    fn push(&self, d: InputDigest) {
        if let Ok(mut l) = self.0.lock() {
            l.push(d);
        }
    }

    /// `inner`, its bytes recorded as `name` once it is dropped.
    pub(super) fn reading<R: Read>(&self, name: &str, inner: R) -> Hashed<R> {
        Hashed {
            inner,
            name: name.to_string(),
            bytes: 0,
            hasher: Xxh3::new(),
            sink: self.clone(),
        }
    }
}

fn hex(h: u128) -> String {
    format!("{h:032x}")
}

/// A reader whose bytes are hashed as they pass, recorded when dropped.
pub(super) struct Hashed<R> {
    inner: R,
    name: String,
    bytes: u64,
    hasher: Xxh3,
    sink: Digests,
}

impl<R: Read> Read for Hashed<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

impl<R> Drop for Hashed<R> {
    fn drop(&mut self) {
        self.sink.push(InputDigest {
            name: std::mem::take(&mut self.name),
            bytes: self.bytes,
            xxh3: hex(self.hasher.digest128()),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_records_what_it_read_when_dropped() {
        let d = Digests::new();
        let mut r = d.reading("a.jsonl", &b"hello\nworld\n"[..]);
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        assert!(d.list().is_empty(), "recorded only once dropped");
        drop(r);
        d.push_bytes("b.txt", b"hello\nworld\n");
        let l = d.list();
        assert_eq!(l.len(), 2);
        assert_eq!((l[0].name.as_str(), l[0].bytes), ("a.jsonl", 12));
        // the streamed digest is the one-shot digest of the same bytes
        assert_eq!(l[0].xxh3, l[1].xxh3);
        d.push_bytes("c.txt", b"hello\nworld!");
        assert_ne!(d.list()[2].xxh3, l[0].xxh3);
    }
}
