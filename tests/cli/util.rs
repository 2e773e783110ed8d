//! Running the binary and reading what it wrote.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root (where `seeds/` is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed corpus.
pub fn seeds() -> PathBuf {
    root().join("seeds")
}

/// The result of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    /// Panics with the whole output unless the run succeeded.
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "slant failed\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Panics unless the run failed with status 2 and `needle` on stderr.
    pub fn fails_with(self, needle: &str) -> Run {
        assert_eq!(
            self.code, 2,
            "expected exit 2\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        self
    }
}

/// The names of the entries of folder `dir`, sorted.
pub fn entries(dir: &Path) -> Vec<std::ffi::OsString> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    names
}

/// Runs `slant args...` in `dir`.
pub fn slant(dir: &Path, args: &[&str]) -> Run {
    slant_stdin(dir, args, None)
}

/// Runs `slant args...` in `dir` with `input` on standard input.
pub fn slant_stdin(dir: &Path, args: &[&str], input: Option<&[u8]>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_slant"));
    cmd.args(args)
        .current_dir(dir)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run slant");
    if let Some(bytes) = input {
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(bytes)
            .expect("write stdin");
    }
    Run::from(child.wait_with_output().expect("wait for slant"))
}

/// A CSV file as rows of column -> value.
pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = r.headers().expect("header").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            headers
                .iter()
                .map(String::from)
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// Every file under `dir`, relative path -> bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let p = entry.expect("entry").path();
        if p.is_file() {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            out.insert(name, std::fs::read(&p).expect("read"));
        }
    }
    out
}

/// Trains a document model on the seeds to `model`, with RT as the
/// kremlin reference and Bloomberg and Ukrainska Pravda as ukraine_west.
pub fn train_reference_model(model: &Path) -> Run {
    slant(
        &root(),
        &[
            "train",
            seeds().to_str().unwrap(),
            "-o",
            model.to_str().unwrap(),
            "--reference",
            "RT=kremlin",
            "--reference",
            "Bloomberg=ukraine_west",
            "--reference",
            "Ukrainska Pravda=ukraine_west",
            "--min-df",
            "1",
        ],
    )
    .ok()
}

/// Writes `bytes` to `dir/name`, creating folders.
pub fn put(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&p, bytes).expect("write");
    p
}

/// Sends `signal` (`-INT`, `-KILL`, ...) to a running slant and waits for
/// it to end.
#[cfg(unix)]
pub fn stop(child: std::process::Child, signal: &str) -> std::process::Output {
    let kill = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(kill.success());
    child.wait_with_output().expect("wait for slant")
}
