//! Partials cut short are refused, never read as a smaller corpus: each
//! kind of partial (a shard's matches, a first phase of repeated text, line
//! proposals, a decided partial from `merge --decide` or `analyze
//! --save-repeats`) cut at a line end in the middle, just before its closing
//! line, inside its header or inside a row, plain or gzip-compressed, is
//! refused by every command that reads it, with exit 2, the file named and
//! nothing written.

use std::io::{Read, Write};
use std::path::Path;

use super::util::{entries, put, slant};

/// The decompressed text of the partial at `path`.
pub(super) fn text_of(path: &Path) -> String {
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn gzip(text: &str) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text.as_bytes()).unwrap();
    gz.finish().unwrap()
}

/// The cuts of the partial at `path`, written beside it as
/// `{stem}-{cut}.{ext}`: their names.
fn cuts(d: &Path, stem: &str) -> Vec<String> {
    let whole = d.join(format!("{stem}.gz"));
    let text = text_of(&whole);
    let lines: Vec<&str> = text.lines().collect();
    let n = lines.len();
    assert!(n > 6, "{stem}: rows to cut ({n} lines)");
    assert!(
        lines[n - 1].starts_with("{\"trailer\""),
        "{stem}: the closing line is last"
    );
    let upto = |k: usize| lines[..k].join("\n") + "\n";
    let middle = upto(n / 2);
    let before_trailer = upto(n - 1);
    let cut_row = format!("{middle}{}", &lines[n / 2][..lines[n / 2].len() / 2]);
    let cut_header = lines[0][..lines[0].len() / 2].to_string();
    let bytes = std::fs::read(&whole).unwrap();
    let files: Vec<(String, Vec<u8>)> = vec![
        (format!("{stem}-middle.jsonl"), middle.clone().into_bytes()),
        (format!("{stem}-middle.gz"), gzip(&middle)),
        (
            format!("{stem}-before-trailer.jsonl"),
            before_trailer.clone().into_bytes(),
        ),
        (format!("{stem}-before-trailer.gz"), gzip(&before_trailer)),
        (format!("{stem}-header.jsonl"), cut_header.into_bytes()),
        (format!("{stem}-row.jsonl"), cut_row.into_bytes()),
        (
            format!("{stem}-bytes.gz"),
            bytes[..bytes.len() / 2].to_vec(),
        ),
    ];
    for (name, body) in &files {
        put(d, name, body);
    }
    files.into_iter().map(|(name, _)| name).collect()
}

/// Runs `args` with `{}` replaced by each cut of `stem`: each must fail
/// naming the cut, and leave the folder as it was.
fn refused(d: &Path, stem: &str, args: &[&str]) {
    for cut in cuts(d, stem) {
        let before = entries(d);
        let args: Vec<&str> = args
            .iter()
            .map(|a| if *a == "{}" { cut.as_str() } else { a })
            .collect();
        let run = slant(d, &args).fails_with(&cut);
        // gzip data broken off is named cut short, as a plain cut is, with
        // where it breaks off (not the decoder's words alone)
        if cut.ends_with("-bytes.gz") {
            let said = format!("{cut}: cut short or damaged: its gzip data breaks off ");
            assert!(run.stderr.contains(&said), "{args:?}: {}", run.stderr);
        }
        assert_eq!(entries(d), before, "{args:?}: nothing written");
    }
}

#[test]
fn every_reader_refuses_every_kind_of_partial_cut_short() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let corpus = super::partial::corpus(60, 5);
    std::fs::write(d.join("c.jsonl"), corpus.join("\n") + "\n").unwrap();
    let map = |flags: &[&str], out: &str| {
        let args = [&["map", "c.jsonl", "-q", "-o", out][..], flags].concat();
        slant(d, &args).ok();
    };
    map(&["--repeats-only"], "first.gz");
    map(&["--repeats-only", "--propose-lines"], "lines.gz");
    slant(d, &["merge", "first.gz", "--decide", "-o", "decided.gz"]).ok();
    let save = ["--out", "rep", "--save-repeats", "saved.gz"];
    slant(
        d,
        &[&["analyze", "c.jsonl", "--no-model", "-q"][..], &save].concat(),
    )
    .ok();
    map(&["--repeats", "decided.gz"], "match.gz");
    std::fs::remove_dir_all(d.join("rep")).unwrap();

    // a shard's matches: merge and report
    refused(d, "match", &["merge", "{}", "-o", "m.gz"]);
    refused(d, "match", &["report", "{}", "--out", "r", "-q"]);
    // a first phase: merge, merge --decide, map --repeats
    refused(d, "first", &["merge", "{}", "-o", "m.gz"]);
    refused(d, "first", &["merge", "{}", "--decide", "-o", "m.gz"]);
    let second = ["map", "c.jsonl", "-q", "-o", "m.gz", "--repeats", "{}"];
    refused(d, "first", &second);
    // line proposals: map --line-candidates
    let lines = ["map", "c.jsonl", "-q", "--repeats-only", "-o", "m.gz"];
    refused(
        d,
        "lines",
        &[&lines[..], &["--line-candidates", "{}"]].concat(),
    );
    // decided partials: map --repeats and analyze --repeats
    let analyze = ["analyze", "c.jsonl", "--no-model", "-q", "--out", "r"];
    for stem in ["decided", "saved"] {
        refused(d, stem, &second);
        refused(d, stem, &[&analyze[..], &["--repeats", "{}"]].concat());
    }
}

/// A partial as `cat` joins two, cut after the first one's closing line:
/// the second's header without its rows is refused, and so are rows
/// after a closing line that start no partial.
#[test]
fn a_joined_file_cut_after_its_first_partial_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let corpus = super::partial::corpus(40, 3);
    std::fs::write(d.join("c.jsonl"), corpus.join("\n") + "\n").unwrap();
    std::fs::write(d.join("a.jsonl"), corpus[..20].join("\n") + "\n").unwrap();
    std::fs::write(d.join("b.jsonl"), corpus[20..].join("\n") + "\n").unwrap();
    slant(
        d,
        &["map", "c.jsonl", "-q", "--repeats-only", "-o", "first.gz"],
    )
    .ok();
    slant(d, &["merge", "first.gz", "--decide", "-o", "decided.gz"]).ok();
    for (shard, first) in [("a", "0"), ("b", "20")] {
        let (input, out) = (format!("{shard}.jsonl"), format!("{shard}.gz"));
        let args = ["map", &input, "-q", "-o", &out, "--first-record", first];
        slant(d, &[&args[..], &["--repeats", "decided.gz"]].concat()).ok();
    }
    let (a, b) = (text_of(&d.join("a.gz")), text_of(&d.join("b.gz")));
    let header_b = b.lines().next().unwrap();
    put(d, "joined.jsonl", format!("{a}{b}").as_bytes());
    slant(d, &["report", "joined.jsonl", "--out", "whole", "-q"]).ok();
    put(d, "cut.jsonl", format!("{a}{header_b}\n").as_bytes());
    slant(d, &["report", "cut.jsonl", "--out", "r", "-q"])
        .fails_with("cut.jsonl: cut short: 2 partials begin in it, 1 end");
    let row_b = b.lines().nth(1).unwrap();
    put(d, "after.jsonl", format!("{a}{row_b}\n").as_bytes());
    let at = a.lines().count() + 1;
    slant(d, &["report", "after.jsonl", "--out", "r", "-q"]).fails_with(&format!(
        "after.jsonl:{at}: a line after the partial's closing line"
    ));
    slant(d, &["merge", "after.jsonl", "-o", "m.gz"]).fails_with("after.jsonl:");
    assert!(!d.join("r").exists() && !d.join("m.gz").exists());
}
