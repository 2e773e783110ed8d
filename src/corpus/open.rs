//! Opening an input of records: a plain or gzipped file, or standard input
//! (copied as it is read when a second pass needs it), with UTF-16 refused
//! by name.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use flate2::read::MultiGzDecoder;

use super::digest::Digests;
use super::{CorpusError, Origin};

/// Standard input, copied as it is read into `spool` when one is given.
struct Tee<R> {
    inner: R,
    copy: Option<std::io::BufWriter<File>>,
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(c) = &mut self.copy {
            std::io::Write::write_all(c, &buf[..n])?;
            if n == 0 {
                std::io::Write::flush(c)?;
            }
        }
        Ok(n)
    }
}

/// The bytes of `path` (`-`: standard input, copied to `spool` when one
/// is given), recorded in `digests` as read when given.
pub(super) fn open_bytes(
    path: &Path,
    spool: Option<&Path>,
    digests: Option<&Digests>,
) -> Result<Box<dyn Read>, CorpusError> {
    if path.as_os_str() == "-" {
        let copy = match spool {
            None => None,
            Some(p) => Some(std::io::BufWriter::new(File::create(p).map_err(
                |source| CorpusError::Read {
                    path: p.to_path_buf(),
                    source,
                },
            )?)),
        };
        let stdin: Box<dyn Read> = match digests {
            Some(d) => Box::new(d.reading("-", std::io::stdin().lock())),
            None => Box::new(std::io::stdin().lock()),
        };
        let stdin = Tee { inner: stdin, copy };
        return refuse_utf16(path, Box::new(stdin));
    }
    let f = File::open(path).map_err(|source| CorpusError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let f: Box<dyn Read> = match digests {
        Some(d) => Box::new(d.reading(&path.display().to_string(), f)),
        None => Box::new(f),
    };
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    refuse_utf16(
        path,
        if gz {
            Box::new(MultiGzDecoder::new(BufReader::with_capacity(1 << 16, f)))
        } else {
            Box::new(f)
        },
    )
}

/// `rdr`, after a look at its first bytes: a UTF-16 file is refused by
/// name, rather than read as columns or JSON full of NULs. The buffer holds
/// only those bytes, so larger reads pass through it unbuffered.
fn refuse_utf16(path: &Path, rdr: Box<dyn Read>) -> Result<Box<dyn Read>, CorpusError> {
    let mut rdr = BufReader::with_capacity(4, rdr);
    let head = rdr.fill_buf().map_err(|source| CorpusError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if super::decode::looks_utf16(head) {
        return Err(CorpusError::Header {
            origin: Origin {
                file: Arc::from(path.display().to_string()),
                line: Some(1),
            },
            message: super::decode::UTF16.to_string(),
        });
    }
    Ok(Box::new(rdr))
}

pub(super) fn stem(path: &Path) -> String {
    if path.as_os_str() == "-" {
        return "stdin".into();
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.rsplit_once('.').map_or(name, |(s, _)| s).to_string()
}
