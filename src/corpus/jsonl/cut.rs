//! The lines of a JSONL input, cut from blocks read straight into a
//! batch's buffer: the reading thread finds line ends with `memchr` and
//! records each line's place and number, and copies no line, so that what
//! it does per byte is the read itself. Lines end at LF, CRLF or a bare
//! CR, and none may be longer than the limit: a longer one is refused
//! before more than a block past the limit is held.

use std::io::Read;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use super::{RawLine, SourceError};
use crate::corpus::{read_error, CorpusError, Origin};

/// Bytes asked of the input at a time.
const READ_BYTES: usize = 1 << 18;

/// How the input ended.
enum End {
    /// At its end.
    Eof,
    /// With a read error, told once the lines before it are cut.
    Failed(std::io::Error),
    /// The error was told: nothing more comes.
    Told,
}

/// Cuts an input's lines into batches ([`Cutter::cut`]).
pub(super) struct Cutter {
    rdr: Box<dyn Read>,
    limit: u64,
    label: Arc<str>,
    pub(super) path: PathBuf,
    /// Lines cut so far, blank ones included.
    pub(super) line_no: u64,
    /// Bytes read past the last line cut: the start of the next batch.
    carry: Vec<u8>,
    end: Option<End>,
}

/// Where a batch stops.
pub(super) struct BatchLimit {
    /// Lines.
    pub(super) lines: usize,
    /// Bytes of lines (a batch ends after the line that reaches it).
    pub(super) bytes: usize,
}

impl Cutter {
    pub(super) fn new(rdr: Box<dyn Read>, limit: u64, path: PathBuf) -> Cutter {
        Cutter {
            rdr,
            limit,
            label: Arc::from(path.display().to_string()),
            path,
            line_no: 0,
            carry: Vec::new(),
            end: None,
        }
    }

    /// Cuts the next lines that are not blank into `lines`, their bytes
    /// into `bytes`, up to `max`; an error of the input ends them, after
    /// the lines before it. `bytes` is used as it comes, its length kept
    /// (what lies past the lines is left over from earlier batches): it
    /// is zeroed only where it grows. Returns whether the input ended.
    pub(super) fn cut(
        &mut self,
        bytes: &mut Vec<u8>,
        lines: &mut Vec<Result<RawLine, SourceError>>,
        max: &BatchLimit,
    ) -> bool {
        let mut filled = self.carry.len();
        if bytes.len() < filled {
            bytes.resize(filled, 0);
        }
        bytes[..filled].copy_from_slice(&self.carry);
        self.carry.clear();
        // where the next line starts; no line end lies in at..scan
        let (mut at, mut scan, mut total) = (0, 0, 0);
        loop {
            while lines.len() < max.lines && total < max.bytes {
                let eof = self.end.is_some();
                let Some((end, next)) = line_end(&bytes[..filled], at, &mut scan, eof) else {
                    break;
                };
                if (end - at) as u64 > self.limit {
                    lines.push(Err(self.too_large()));
                    return true;
                }
                total += self.line(bytes, at..end, lines);
                at = next;
            }
            if lines.len() >= max.lines || total >= max.bytes {
                break;
            }
            if (scan - at) as u64 > self.limit {
                lines.push(Err(self.too_large()));
                return true;
            }
            match self.end.take() {
                None => {}
                Some(End::Eof) => {
                    // the last line, without a line end
                    if at < filled {
                        self.line(bytes, at..filled, lines);
                    }
                    self.end = Some(End::Eof);
                    return true;
                }
                Some(End::Failed(source)) => {
                    let e = read_error(&self.path, self.line_no, source);
                    lines.push(Err(SourceError::Fatal(e)));
                    self.end = Some(End::Told);
                    return true;
                }
                Some(End::Told) => {
                    self.end = Some(End::Told);
                    return true;
                }
            }
            if bytes.len() < filled + READ_BYTES {
                bytes.resize(filled + READ_BYTES, 0);
            }
            match self.rdr.read(&mut bytes[filled..filled + READ_BYTES]) {
                Ok(0) => self.end = Some(End::Eof),
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => self.end = Some(End::Failed(e)),
            }
        }
        self.carry.extend_from_slice(&bytes[at..filled]);
        false
    }

    /// Counts the line at `at` of `bytes` and lists it unless it is
    /// blank; returns its length as listed.
    fn line(
        &mut self,
        bytes: &[u8],
        at: Range<usize>,
        lines: &mut Vec<Result<RawLine, SourceError>>,
    ) -> usize {
        self.line_no += 1;
        let mut from = at.start;
        // A byte-order mark opens the file, or a file joined after
        // another with `cat`: either way not part of the record.
        if bytes[at.clone()].starts_with(b"\xEF\xBB\xBF") {
            from += 3;
        }
        if bytes[from..at.end].iter().all(u8::is_ascii_whitespace) {
            return 0;
        }
        let origin = Origin {
            file: self.label.clone(),
            line: Some(self.line_no),
        };
        lines.push(Ok(RawLine {
            at: from..at.end,
            origin,
        }));
        at.end - from
    }

    /// The error of the line after the last one cut, longer than the
    /// limit; nothing more is read.
    fn too_large(&mut self) -> SourceError {
        self.end = Some(End::Told);
        SourceError::Fatal(CorpusError::TooLarge {
            origin: Origin {
                file: self.label.clone(),
                line: Some(self.line_no + 1),
            },
            limit: self.limit,
        })
    }
}

/// The end of the line that starts at `at` in `bytes`, and where the next
/// starts, looking for it from `scan` on (no line end lies before it);
/// `None` while more bytes are needed to tell, with `scan` moved on. A CR
/// as the last byte ends a line only at the end of the input (`eof`):
/// before, an LF may follow it.
fn line_end(bytes: &[u8], at: usize, scan: &mut usize, eof: bool) -> Option<(usize, usize)> {
    let from = (*scan).max(at);
    let Some(i) = memchr::memchr2(b'\n', b'\r', &bytes[from..]) else {
        *scan = bytes.len();
        return None;
    };
    let i = from + i;
    let next = match (bytes[i], bytes.get(i + 1)) {
        (b'\r', Some(b'\n')) => i + 2,
        (b'\r', None) if !eof => {
            *scan = i;
            return None;
        }
        _ => i + 1,
    };
    *scan = next;
    Some((i, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads one byte at a time, then fails after `fail_at` bytes when
    /// given.
    struct Trickle {
        bytes: Vec<u8>,
        at: usize,
        fail_at: Option<usize>,
    }

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if Some(self.at) == self.fail_at {
                return Err(std::io::Error::other("cut short"));
            }
            let Some(b) = self.bytes.get(self.at) else {
                return Ok(0);
            };
            buf[0] = *b;
            self.at += 1;
            Ok(1)
        }
    }

    /// Every line of `input` as (line number, text) or an error's
    /// message, cut with `limit`, in batches of `per` lines, read a byte
    /// at a time or all at once.
    fn cut_all(
        input: &[u8],
        limit: u64,
        per: usize,
        trickle: bool,
        fail_at: Option<usize>,
    ) -> Vec<String> {
        let rdr: Box<dyn Read> = match trickle || fail_at.is_some() {
            true => Box::new(Trickle {
                bytes: input.to_vec(),
                at: 0,
                fail_at,
            }),
            false => Box::new(std::io::Cursor::new(input.to_vec())),
        };
        let mut c = Cutter::new(rdr, limit, PathBuf::from("c.jsonl"));
        let max = BatchLimit {
            lines: per,
            bytes: usize::MAX,
        };
        let mut got = Vec::new();
        let mut bytes = Vec::new();
        loop {
            let mut lines = Vec::new();
            let ended = c.cut(&mut bytes, &mut lines, &max);
            assert!(lines.len() <= per);
            for l in lines {
                got.push(match l {
                    Ok(l) => format!(
                        "{}:{}",
                        l.origin.line.unwrap_or(0),
                        String::from_utf8_lossy(&bytes[l.at])
                    ),
                    Err(SourceError::Fatal(e)) => e.to_string(),
                    Err(_) => "other".into(),
                });
            }
            if ended {
                return got;
            }
        }
    }

    #[test]
    fn lines_end_at_lf_crlf_or_cr_however_the_input_comes() {
        let cases: [(&[u8], &[&str]); 7] = [
            (b"a\nb\n", &["1:a", "2:b"]),
            (b"a\r\nb", &["1:a", "2:b"]),
            (b"a\rb\r", &["1:a", "2:b"]),
            (b"a\r\r\nb\n\n", &["1:a", "3:b"]),
            // blank lines count but are not listed; a BOM is left out
            (b"\n \t\n\xEF\xBB\xBFa\n\xEF\xBB\xBF\nb", &["3:a", "5:b"]),
            (b"", &[]),
            (b"\r\n\r", &[]),
        ];
        for (input, want) in cases {
            for (per, trickle) in [(1, true), (2, false), (100, true), (100, false)] {
                assert_eq!(
                    cut_all(input, 100, per, trickle, None),
                    want,
                    "{input:?} {per}"
                );
            }
        }
    }

    #[test]
    fn a_line_past_the_limit_stops_the_input_after_the_lines_before() {
        let want = ["1:abc", "c.jsonl:2: a record larger than 4 bytes, the most slant reads in one (raise the limit with --max-record-mb)"];
        for input in [
            &b"abc\nabcde\nx\n"[..],
            b"abc\r\nabcdefgh",
            b"abc\nabcdefgh\r\n",
        ] {
            for (per, trickle) in [(1, true), (100, false)] {
                assert_eq!(cut_all(input, 4, per, trickle, None), want, "{input:?}");
            }
        }
        // a CR that ends the line at the limit is no part of it
        assert_eq!(cut_all(b"abcd\r", 4, 1, true, None), ["1:abcd"]);
        assert_eq!(cut_all(b"abcd\r\nx", 4, 1, true, None), ["1:abcd", "2:x"]);
    }

    #[test]
    fn a_read_error_comes_after_the_complete_lines_and_names_the_last() {
        let got = cut_all(b"a\nb\r\nccc\nd\n", 100, 1, true, Some(7));
        assert_eq!(got[..2], ["1:a", "2:b"]);
        assert!(
            got[2].starts_with(
                "cannot read c.jsonl after line 2, the last complete record: cut short"
            ),
            "{got:?}"
        );
        assert_eq!(got.len(), 3);
        // a CR just before the error ends its line
        let got = cut_all(b"a\rb", 100, 1, true, Some(2));
        assert_eq!(got[0], "1:a");
        assert!(got[1].contains("after line 1,"), "{got:?}");
        let got = cut_all(b"a", 100, 1, true, Some(0));
        assert!(
            got[0].starts_with("cannot read c.jsonl: cut short"),
            "{got:?}"
        );
    }
}
