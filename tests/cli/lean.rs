//! Lean, tidy outputs: text stored once, one value per cell, sizes linear
//! in the input, per-document counts, the dfm and gzipped tables.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use crate::util::{put, read_csv, root, seeds, slant};

fn arg(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn analyze(dir: &Path, input: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec!["analyze", arg(input), "--out", arg(out), "-q"];
    args.extend_from_slice(extra);
    slant(dir, &args).ok();
}

/// A JSONL corpus of one document per outlet, each `words` words of the
/// default lexicons' vocabulary, one word per line and no punctuation.
/// Returns the file and the bytes of text in it.
fn one_word_per_line(
    dir: &Path,
    name: &str,
    docs: usize,
    words: usize,
) -> (std::path::PathBuf, usize) {
    let vocab = [
        "said",
        "kiev",
        "kyiv",
        "annexation",
        "crimea",
        "officials",
        "the",
        "war",
    ];
    let mut jsonl = String::new();
    let mut bytes = 0;
    for d in 0..docs {
        let text: Vec<&str> = (0..words)
            .map(|i| vocab[(i * 7 + d) % vocab.len()])
            .collect();
        let text = text.join("\n");
        bytes += text.len();
        let line =
            serde_json::json!({"id": format!("d{d}"), "outlet": format!("o{d}"), "text": text});
        jsonl.push_str(&line.to_string());
        jsonl.push('\n');
    }
    (put(dir, name, jsonl.as_bytes()), bytes)
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn one_word_per_line_gives_bounded_sentences_and_linear_outputs() {
    // Before sentences were bounded, each of these documents was one
    // sentence, every match repeated it, and matches.csv grew with the
    // square of the document: 80 KB of input gave 557 MB.
    let tmp = tempfile::tempdir().unwrap();
    let opts = [
        // the generated text repeats itself every 8 words, which the
        // within-document boilerplate rule would blank
        "--keep-boilerplate",
        "--no-model",
        "--no-compare",
        "--no-charts",
        "--sentences",
        "matched",
    ];
    let mut sizes = Vec::new();
    for words in [6_000, 12_000] {
        let (input, bytes) = one_word_per_line(tmp.path(), &format!("c{words}.jsonl"), 2, words);
        let out = tmp.path().join(format!("r{words}"));
        analyze(tmp.path(), &input, &out, &opts);
        let sentences = read_csv(&out.join("sentences.csv"));
        // no sentence is much longer than the bound (1,000 bytes and a line)
        let longest = sentences.iter().map(|s| s["text"].len()).max().unwrap();
        assert!(longest <= 1_000 + "annexation".len(), "longest {longest}");
        let docs = read_csv(&out.join("documents.csv"));
        let n: usize = docs
            .iter()
            .map(|d| d["sentences"].parse::<usize>().unwrap())
            .sum();
        // every sentence but each document's last ends past 1,000 bytes
        assert!(n >= bytes / 1_012, "{n} sentences in {bytes} bytes");
        assert!(n <= bytes / 1_000 + 2, "{n} sentences in {bytes} bytes");
        sizes.push(size(&out.join("matches.csv")) + size(&out.join("sentences.csv")));
    }
    // twice the words, about twice the output (offsets grow a digit)
    let ratio = sizes[1] as f64 / sizes[0] as f64;
    assert!((1.8..2.3).contains(&ratio), "{sizes:?}");
}

/// A LIWC dictionary in which `hate*` is in two categories.
const TWO_CATEGORIES: &[u8] = b"%\n1\tnegemo\n2\tanger\n%\nhate*\t1\t2\nsad\t1\n";

#[test]
fn an_entry_in_two_categories_is_two_rows_never_a_joined_cell() {
    let tmp = tempfile::tempdir().unwrap();
    put(tmp.path(), "mini.dic", TWO_CATEGORIES);
    let corpus =
        "{\"id\":\"a\",\"outlet\":\"A\",\"text\":\"They hate it. We hated that. So sad.\"}\n\
                  {\"id\":\"b\",\"outlet\":\"B\",\"text\":\"Nothing here. Sad, sad day.\"}\n";
    let input = put(tmp.path(), "c.jsonl", corpus.as_bytes());
    let out = tmp.path().join("r");
    analyze(
        tmp.path(),
        &input,
        &out,
        &["--lexicon", "mini.dic", "--no-model"],
    );
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            for row in read_csv(&path) {
                for (col, cell) in &row {
                    assert!(!cell.contains('|'), "{}: {col} = {cell}", path.display());
                }
            }
        }
    }
    let entries = read_csv(&out.join("entries.csv"));
    let hate: Vec<&str> = entries
        .iter()
        .filter(|e| e["entry"] == "hate*" || e["entry"] == "hate")
        .map(|e| e["frame"].as_str())
        .collect();
    assert_eq!(hate, ["negemo", "anger"], "{entries:?}");
    // document_counts.csv: a column per category, equal to the matches
    // joined with their entries' frames
    let mut want: BTreeMap<(String, String), u64> = BTreeMap::new();
    for m in read_csv(&out.join("matches.csv")) {
        for e in entries.iter().filter(|e| e["entry_id"] == m["entry_id"]) {
            *want
                .entry((m["doc_id"].clone(), e["frame"].clone()))
                .or_default() += 1;
        }
    }
    let counts = read_csv(&out.join("document_counts.csv"));
    assert_eq!(counts.len(), 2);
    for row in &counts {
        for frame in ["negemo", "anger"] {
            let got: u64 = row[frame].parse().unwrap();
            let expect = want.get(&(row["doc_id"].clone(), frame.to_string()));
            assert_eq!(got, expect.copied().unwrap_or(0), "{row:?}");
        }
    }
    // a: hate, hated (negemo and anger), sad (negemo); b: sad twice
    let a = &counts[0];
    assert_eq!((a["negemo"].as_str(), a["anger"].as_str()), ("3", "2"));
    assert_eq!(
        (counts[1]["negemo"].as_str(), counts[1]["anger"].as_str()),
        ("2", "0")
    );
}

#[test]
fn dfm_is_matrix_market_with_its_row_and_column_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    analyze(
        &root(),
        &seeds(),
        &out,
        &["--dfm", "--no-model", "--no-compare", "--no-charts"],
    );
    let mtx = std::fs::read_to_string(out.join("dfm.mtx")).unwrap();
    let mut lines = mtx.lines();
    assert_eq!(
        lines.next(),
        Some("%%MatrixMarket matrix coordinate integer general")
    );
    let mut lines = lines.filter(|l| !l.starts_with('%'));
    let dims: Vec<usize> = lines
        .next()
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    let cells: Vec<[usize; 3]> = lines
        .map(|l| {
            let v: Vec<usize> = l.split(' ').map(|v| v.parse().unwrap()).collect();
            [v[0], v[1], v[2]]
        })
        .collect();
    let docs = read_csv(&out.join("documents.csv"));
    let rows = read_csv(&out.join("dfm_rows.csv"));
    let terms = read_csv(&out.join("dfm_terms.csv"));
    assert_eq!(dims, [docs.len(), terms.len(), cells.len()]);
    let ids: Vec<&str> = rows.iter().map(|r| r["doc_id"].as_str()).collect();
    let doc_ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str()).collect();
    assert_eq!(ids, doc_ids, "rows in documents.csv order");
    let mut sorted: Vec<&str> = terms.iter().map(|t| t["term"].as_str()).collect();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), terms.len(), "each term once");
    assert!(
        terms.iter().any(|t| t["term"] == "kyiv"),
        "lower-cased words"
    );
    // 1-based, in range, and each row sums to the document's tokens
    let mut row_sum = vec![0usize; docs.len()];
    let mut col_sum = vec![0usize; terms.len()];
    for [i, j, n] in &cells {
        assert!(*i >= 1 && *j >= 1 && *n >= 1);
        row_sum[i - 1] += n;
        col_sum[j - 1] += n;
    }
    for (d, s) in docs.iter().zip(&row_sum) {
        assert_eq!(d["tokens"].parse::<usize>().unwrap(), *s, "{}", d["id"]);
    }
    for (t, s) in terms.iter().zip(&col_sum) {
        assert_eq!(t["count"].parse::<usize>().unwrap(), *s, "{}", t["term"]);
    }
}

fn gunzip(path: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_end(&mut out)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    out
}

#[test]
fn gzip_writes_the_same_large_tables_compressed_and_links_them() {
    let tmp = tempfile::tempdir().unwrap();
    let (plain, gz) = (tmp.path().join("plain"), tmp.path().join("gz"));
    let opts = [
        "--no-charts",
        "--sentences",
        "all",
        "--sentence-scores",
        "--dfm",
    ];
    analyze(&root(), &seeds(), &plain, &opts);
    let mut gz_opts = opts.to_vec();
    gz_opts.push("--gzip");
    analyze(&root(), &seeds(), &gz, &gz_opts);
    let large = [
        "matches.csv",
        "documents.csv",
        "document_counts.csv",
        "sentences.csv",
        "sentence_scores.csv",
        "dfm.mtx",
        "dfm_rows.csv",
        "dfm_terms.csv",
    ];
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(gz.join("results.json")).unwrap()).unwrap();
    let md = std::fs::read_to_string(gz.join("report.md")).unwrap();
    for name in large {
        let zipped = format!("{name}.gz");
        assert!(!gz.join(name).exists(), "{name} also written plain");
        assert_eq!(
            gunzip(&gz.join(&zipped)),
            std::fs::read(plain.join(name)).unwrap(),
            "{zipped}"
        );
        assert!(
            v["tables"].get(&zipped).is_some(),
            "results.json lists {zipped}"
        );
        assert!(
            md.contains(&format!("]({zipped})")),
            "report.md links {zipped}"
        );
    }
    // the small tables stay plain
    assert!(gz.join("outlets.csv").is_file());
    assert!(
        md.contains("`matches.csv.gz`"),
        "the evidence section names it"
    );
}
