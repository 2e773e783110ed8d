//! Keyed JSONL on standard input: `N<TAB>{json}` per line, `N` the
//! record's global number, as Spark's `zipWithIndex` numbers the records of
//! a corpus and `RDD.pipe` hands a partition to a command. [`unkey`] copies
//! such lines without their keys (plain JSONL lines pass as they are) and
//! says which number the first record carries, so that `slant map -` needs
//! no `--first-record` per partition.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::sync::Arc;

use super::{CorpusError, Origin};

/// What [`unkey`] copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unkeyed {
    /// Lines that are not blank: the records.
    pub records: u64,
    /// The key of the first record, when the lines are keyed.
    pub first: Option<u64>,
}

/// The key of a keyed line (`digits<TAB>`) and where its record starts.
fn key_of(line: &[u8]) -> Option<(Option<u64>, usize)> {
    let digits = line.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || line.get(digits) != Some(&b'\t') {
        return None;
    }
    // digits only, so UTF-8; too many of them for a u64 is a bad key, and
    // so is u64::MAX, as the records end after the last key
    let key = std::str::from_utf8(&line[..digits])
        .ok()?
        .parse()
        .ok()
        .filter(|&k| k < u64::MAX);
    Some((key, digits + 1))
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// Copies the lines of `input` (named `-` in errors) to `out`. The first
/// line that is not blank decides: when it starts with a key (`N<TAB>`),
/// every record must carry one, numbered one after another from the first
/// (the records of a partition, blank lines left out), and the keys are
/// left out of the copy, and a key before a blank line is refused (the
/// blank is no record); otherwise the lines are copied as they are. Blank
/// lines are copied, so a line keeps its number in errors.
///
/// `out` is flushed whenever `input` has nothing buffered, before a read
/// that may wait: a copy holds every line read so far while its writer
/// waits for more (a run stopped then leaves what came), and a fast input
/// is still written in blocks, not a line at a time.
pub fn unkey<R: Read>(
    input: &mut BufReader<R>,
    mut out: impl Write,
) -> Result<Unkeyed, CorpusError> {
    let read = |source| CorpusError::Read {
        path: PathBuf::from("-"),
        source,
    };
    let mut done = Unkeyed {
        records: 0,
        first: None,
    };
    let mut keyed = None;
    let mut line = Vec::new();
    let mut number = 0u64;
    loop {
        line.clear();
        if input.buffer().is_empty() {
            out.flush().map_err(read)?;
        }
        if input.read_until(b'\n', &mut line).map_err(read)? == 0 {
            out.flush().map_err(read)?;
            return Ok(done);
        }
        number += 1;
        if is_blank(&line) {
            out.write_all(&line).map_err(read)?;
            continue;
        }
        let key = key_of(&line);
        let keyed = *keyed.get_or_insert(key.is_some());
        let start = match (keyed, key) {
            (false, _) => 0,
            (true, Some((Some(k), start)))
                if done
                    .first
                    .is_none_or(|f| f.checked_add(done.records) == Some(k))
                    && !is_blank(&line[start..]) =>
            {
                done.first.get_or_insert(k);
                start
            }
            (true, key) => {
                let found = match key {
                    Some((Some(k), start)) if is_blank(&line[start..]) => {
                        format!("the key {k} before a blank line, no record")
                    }
                    Some((Some(k), _)) => format!("the key {k}"),
                    Some((None, _)) => "a key too large for a record number".to_string(),
                    None => "no key".to_string(),
                };
                let due = match done.first.map(|f| f.checked_add(done.records)) {
                    Some(Some(due)) => format!(" where {due} was due"),
                    Some(None) => " past the largest record number".to_string(),
                    None => String::new(),
                };
                return Err(CorpusError::Keyed {
                    origin: Origin {
                        file: Arc::from("-"),
                        line: Some(number),
                    },
                    message: format!(
                        "{found}{due}: keyed lines (`N<TAB>{{json}}`, N the record's global number) number the records one after another"
                    ),
                });
            }
        };
        out.write_all(&line[start..]).map_err(read)?;
        done.records += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str) -> (Result<Unkeyed, String>, String) {
        let mut out = Vec::new();
        let got = unkey(&mut BufReader::new(input.as_bytes()), &mut out).map_err(|e| e.to_string());
        (got, String::from_utf8(out).unwrap())
    }

    #[test]
    fn keys_are_left_out_and_the_first_is_kept() {
        let (got, out) = run("7\t{\"a\":1}\n\n8\t{\"b\":\"x\\ty\"}\n9\t{}");
        let want = Unkeyed {
            records: 3,
            first: Some(7),
        };
        assert_eq!(got, Ok(want));
        // the blank line stays, so the records keep their line numbers
        assert_eq!(out, "{\"a\":1}\n\n{\"b\":\"x\\ty\"}\n{}");
    }

    #[test]
    fn plain_lines_pass_as_they_are() {
        let input = "{\"a\":1}\r\n  \n{\"b\":2}\n";
        let (got, out) = run(input);
        let want = Unkeyed {
            records: 2,
            first: None,
        };
        assert_eq!(got, Ok(want));
        assert_eq!(out, input);
    }

    #[test]
    fn nothing_in_is_no_record() {
        let none = Unkeyed {
            records: 0,
            first: None,
        };
        assert_eq!(run(""), (Ok(none), String::new()));
        assert_eq!(run("\n \n"), (Ok(none), "\n \n".to_string()));
    }

    #[test]
    fn a_gap_a_missing_key_or_a_huge_one_is_refused_at_its_line() {
        let (got, _) = run("4\t{}\n6\t{}\n");
        let e = got.unwrap_err();
        assert!(
            e.starts_with("-:2: the key 6 where 5 was due: keyed lines"),
            "{e}"
        );
        let (got, _) = run("4\t{}\n\n{}\n");
        assert!(got.unwrap_err().starts_with("-:3: no key where 5 was due"));
        let (got, _) = run("4\t{}\n5\t \r\n");
        assert!(got
            .unwrap_err()
            .starts_with("-:2: the key 5 before a blank line, no record"));
        let (got, _) = run("18446744073709551614\t{}\n18446744073709551615\t{}\n");
        let e = got.unwrap_err();
        assert!(
            e.starts_with(
                "-:2: a key too large for a record number where 18446744073709551615 was due"
            ),
            "{e}"
        );
        let (got, _) = run("99999999999999999999\t{}\n");
        let e = got.unwrap_err();
        assert!(
            e.starts_with("-:1: a key too large for a record number: "),
            "{e}"
        );
    }
}
