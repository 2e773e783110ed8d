//! Copies of standard input (`map -`, `merge -`, `train -`, `lexicon
//! suggest -` read it twice): removed when a signal stops the run; after a kill, removed by
//! the next run that copies standard input; never a live run's, another
//! machine's or a user's.

#![cfg(target_os = "linux")]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::put;

/// One record of a corpus, as a line of JSONL.
const RECORD: &str =
    "{\"id\":\"ID\",\"outlet\":\"A\",\"text\":\"In Kyiv, the illegal annexation.\"}\n";

/// The entries of `dir` whose names start as slant names its copies.
fn spools(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("slant-stdin-"))
        .collect();
    v.sort();
    v
}

/// What slant names this machine in its file names: the first eight hex
/// digits of the SHA-256 of its host name (src/output/live.rs).
fn host_tag() -> String {
    use sha2::{Digest, Sha256};
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").expect("host name");
    let digest = Sha256::digest(host.trim().as_bytes());
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// `slant COMMAND - -o out` with `TMPDIR=tmp`, standard input an open pipe.
fn run_stdin(dir: &Path, tmp: &Path, command: &str, out: &str) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_slant"))
        .args([command, "-", "-o", out, "-q"])
        .current_dir(dir)
        .env("TMPDIR", tmp)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run slant")
}

/// The first copy of standard input in `tmp`, not one of `others`, once a
/// file in it holds bytes.
fn written_copy(tmp: &Path, others: &[String]) -> Option<String> {
    spools(tmp)
        .into_iter()
        .filter(|n| !others.contains(n))
        .find(|c| {
            std::fs::read_dir(tmp.join(c)).is_ok_and(|files| {
                files
                    .flatten()
                    .any(|f| f.metadata().is_ok_and(|m| m.is_file() && m.len() > 0))
            })
        })
}

/// What `command` reads on standard input: the first part is fed before the
/// signal, with the pipe left open; the whole is fed to the run after a kill.
struct Feed {
    command: &'static str,
    part: Vec<u8>,
    whole: Vec<u8>,
}

/// A corpus for `map -`, and for `merge -` a partial that map wrote of it.
fn feeds(d: &Path) -> Vec<Feed> {
    let records: String = (0..3)
        .map(|i| RECORD.replace("ID", &i.to_string()))
        .collect();
    put(d, "corpus.jsonl", records.as_bytes());
    crate::util::slant(d, &["map", "corpus.jsonl", "-o", "shard.gz", "-q"]).ok();
    let partial = std::fs::read(d.join("shard.gz")).expect("partial written");
    vec![
        Feed {
            command: "map",
            part: records.as_bytes().to_vec(),
            whole: RECORD.replace("ID", "9").into_bytes(),
        },
        Feed {
            command: "merge",
            part: partial[..partial.len() / 2].to_vec(),
            whole: partial,
        },
    ]
}

#[test]
fn a_signal_removes_the_copy_of_standard_input_and_the_next_run_one_a_kill_left() {
    let root = tempfile::tempdir().unwrap();
    let d = root.path();
    let tmp = d.join("tmp");
    // Not a dead run's copy on this machine: all stay.
    let tag = host_tag();
    let live = format!("slant-stdin-{tag}-{}-live01", std::process::id());
    let elsewhere = "slant-stdin-0000beef-2147483647-else01".to_string();
    let user = "slant-stdin-notes".to_string();
    for kept in [&live, &elsewhere, &user] {
        put(&tmp.join(kept), "stdin.jsonl", b"kept");
    }
    let others = {
        let mut v = vec![live, elsewhere, user];
        v.sort();
        v
    };
    for feed in feeds(d) {
        for signal in ["-INT", "-TERM", "-KILL"] {
            let what = format!("{} {signal}", feed.command);
            let mut child = run_stdin(d, &tmp, feed.command, "p.gz");
            let mut stdin = child.stdin.take().expect("stdin");
            // Fed in part: the run copies what came and waits for more.
            stdin.write_all(&feed.part).expect("write stdin");
            stdin.flush().expect("flush");
            let deadline = Instant::now() + Duration::from_secs(120);
            let copy = loop {
                if let Some(c) = written_copy(&tmp, &others) {
                    break c;
                }
                let done = child.try_wait().expect("poll slant");
                assert!(done.is_none(), "{what}: ended before the signal: {done:?}");
                assert!(
                    Instant::now() < deadline,
                    "{what}: no copy of standard input appeared"
                );
                std::thread::sleep(Duration::from_millis(5));
            };
            assert!(
                copy.starts_with(&format!("slant-stdin-{tag}-{}-", child.id())),
                "{what}: named by machine and process: {copy}"
            );
            let done = crate::util::stop(child, signal);
            drop(stdin);
            assert!(!d.join("p.gz").exists(), "{what}: no partial written");
            if signal == "-KILL" {
                assert_eq!(done.status.code(), None, "killed by a signal");
                assert!(tmp.join(&copy).is_dir(), "{what}: a kill leaves the copy");
                // The next run that copies standard input removes it.
                let mut next = run_stdin(d, &tmp, feed.command, "q.gz");
                let mut input = next.stdin.take().expect("stdin");
                input.write_all(&feed.whole).unwrap();
                drop(input);
                let run = next.wait_with_output().expect("wait for slant");
                let err = String::from_utf8_lossy(&run.stderr);
                assert!(run.status.success(), "{what}: {err}");
                assert!(d.join("q.gz").is_file());
                std::fs::remove_file(d.join("q.gz")).unwrap();
            } else {
                assert_eq!(
                    done.status.code(),
                    Some(130),
                    "{what}: {}",
                    String::from_utf8_lossy(&done.stderr)
                );
            }
            assert_eq!(spools(&tmp), others, "{what}: the run's copy removed");
        }
    }
    for kept in &others {
        let text = std::fs::read(tmp.join(kept).join("stdin.jsonl")).unwrap();
        assert_eq!(text, b"kept", "{kept}");
    }
}

/// What a killed `map -o` or `merge -o` leaves (the partial being written,
/// `.NAME.slant-part-HOST-PID-*` beside the target, and its scratch folders,
/// `slant-tmp-HOST-PID-*` in `TMPDIR`) is removed by the next map into the
/// same places; a live run's and another machine's stay.
#[test]
fn the_next_map_removes_what_a_killed_map_left() {
    let d = tempfile::tempdir().expect("tempdir");
    let (dir, tmp) = (d.path().join("work"), d.path().join("tmp"));
    std::fs::create_dir_all(&tmp).expect("tmp");
    let tag = host_tag();
    // i32::MAX is above any pid_max Linux allows, so never running
    let dead_part = dir.join(format!(".p.gz.slant-part-{tag}-{}-abc123", i32::MAX));
    let dead_scratch = tmp.join(format!("slant-tmp-{tag}-{}-abc123", i32::MAX));
    let live_scratch = tmp.join(format!("slant-tmp-{tag}-{}-abc123", std::process::id()));
    let other_machine = tmp.join(format!("slant-tmp-0000beef-{}-abc123", i32::MAX));
    put(&dir, "c.jsonl", RECORD.replace("ID", "1").as_bytes());
    std::fs::write(&dead_part, b"half a partial").expect("part");
    for folder in [&dead_scratch, &live_scratch, &other_machine] {
        std::fs::create_dir_all(folder).expect("scratch");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_slant"))
        .args(["map", "c.jsonl", "-o", "p.gz", "-q"])
        .current_dir(&dir)
        .env("TMPDIR", &tmp)
        .output()
        .expect("run slant");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.join("p.gz").is_file());
    assert!(!dead_part.exists(), "a dead run's part file removed");
    assert!(
        !dead_scratch.exists(),
        "a dead run's scratch folder removed"
    );
    assert!(live_scratch.is_dir(), "a live run's scratch folder kept");
    assert!(
        other_machine.is_dir(),
        "another machine's scratch folder kept"
    );
}
