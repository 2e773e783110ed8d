//! Memory of a streaming run as the corpus grows (issue 9: "memory flat in
//! the number of records for the streaming outputs"): the peak heap of a
//! lexicon-only run of a generated corpus, measured by a counting
//! allocator, at N and 2N documents. A document's id, title, address and
//! pass-through fields and its full tally are spilled to the staging
//! folder (src/aggregate/texts.rs, src/aggregate/docs.rs); what stays in
//! memory per outlet is sums and the distinct tallies the bootstrap
//! resamples; the per-document tables are written row by row, and the
//! search for wire copy spills its signatures and band keys
//! (src/repeats/spill.rs). The duplicate-id check and the boilerplate
//! search count through an external sort (src/extsort.rs, runs of 4,096
//! records, fewer than the documents added here, so the measurement sees
//! them spilled).
//!
//! A test binary of its own: the allocator counts every allocation of the
//! process, so nothing else may run beside the measurement.

use std::path::{Path, PathBuf};

use slant::corpus::OnError;
use slant::partial::merge::Output;
use slant::partial::spill::RUN_BYTES;
use slant::partial::Row;
use slant::repeats::DuplicatePolicy;
use slant::run::map::{decide, map, MapConfig};
use slant::run::report::{report, ReportConfig};
use slant::run::{Config, ModelPlan};

mod counting;

/// What the corpus repeats, and how the run treats it.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// No two records share an id or a text.
    Distinct,
    /// One record in 100 repeats the id of the record before, read with
    /// `--on-error skip` (the repeats are left out; each is a row of
    /// `skipped.csv`).
    RepeatedIds,
    /// Nine records in ten have no text, read with `--on-error skip`:
    /// each is a row of `skipped.csv`, of report.md's list and of
    /// results.json's, spilled as read (src/corpus/skipped.rs); held in
    /// memory they took about 150 bytes a skipped record.
    MostlyBad,
    /// The second half copies the texts of the first, word for word, read
    /// with `--duplicates drop` (`duplicates.csv` has a row per copy).
    Copies,
    /// The first [`ORIGINALS`] records are distinct; every later one
    /// copies one of them word for word (`i % ORIGINALS`), so what grows is
    /// the copies alone: no new text, line or word.
    MostlyCopies,
}

/// The distinct texts of [`Kind::MostlyCopies`]: prime to the 50 outlets,
/// so each text is spread over every outlet (about 1% of an outlet's
/// documents, no line boilerplate).
const ORIGINALS: usize = 97;

/// `n` short documents in 50 outlets, each with a 200-byte title, an
/// address and a 1,000-byte pass-through field; every fourth is off-topic
/// for the shipped axis (no word of its topic context). Each text names
/// its number twice, so that no two are copies unless `kind` says.
fn corpus(path: &Path, n: usize, kind: Kind) {
    let bodies = [
        "Russia annexed Crimea after a Western-backed coup, the Kremlin said.",
        "Kyiv condemned the full-scale invasion of Ukraine and the occupied territories.",
        "The Kiev regime shelled Donbass; Moscow called it a provocation.",
        "The city council met on Tuesday to discuss the budget and the new library.",
    ];
    let mut out = String::new();
    for i in 0..n {
        let id = match kind {
            Kind::RepeatedIds if i % 100 == 99 => i - 1,
            _ => i,
        };
        if kind == Kind::MostlyBad && i % 10 != 0 {
            let record = serde_json::json!({
                "id": format!("doc-{i:07}"),
                "outlet": format!("Outlet {}", i % 50),
            });
            out.push_str(&record.to_string());
            out.push('\n');
            continue;
        }
        let t = match kind {
            Kind::Copies if i >= n / 2 => i - n / 2,
            Kind::MostlyCopies => i % ORIGINALS,
            _ => i,
        };
        let record = serde_json::json!({
            "id": format!("doc-{id:07}"),
            "outlet": format!("Outlet {}", i % 50),
            "title": format!("{i:07} {}", "t".repeat(192)),
            "url": format!("https://example.org/{i}"),
            "section": "s".repeat(1000),
            "text": format!("Report {t}: {} Filed as {t}.", bodies[t % 4]),
        });
        out.push_str(&record.to_string());
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

/// The peak heap of a lexicon-only, streaming run of `n` documents.
fn peak_of_run(dir: &Path, n: usize, kind: Kind) -> usize {
    let input = dir.join(format!("c{n}.jsonl"));
    corpus(&input, n, kind);
    let mut config = Config::new(vec![input], dir.join(format!("r{n}")));
    config.model = ModelPlan::None;
    config.compare = None;
    config.charts = false;
    if matches!(kind, Kind::RepeatedIds | Kind::MostlyBad) {
        config.read.on_error = OnError::Skip;
    }
    if matches!(kind, Kind::Copies | Kind::MostlyCopies) {
        config.repeats.duplicates = DuplicatePolicy::Drop;
    }
    let ready = config.validate().unwrap();
    // one thread: with two, how many batches are in flight when the peak
    // falls varies from run to run by about 100 kB, 16 bytes a document
    let (outcome, peak) = counting::one_thread_peak(ready);
    let kept = match kind {
        Kind::Distinct => n,
        Kind::RepeatedIds => n - n / 100,
        Kind::MostlyBad => n / 10,
        Kind::Copies => n / 2,
        Kind::MostlyCopies => ORIGINALS,
    };
    assert_eq!(outcome.summary.documents, kept);
    if kind == Kind::Copies {
        assert_eq!(outcome.summary.duplicate_copies, n / 2);
    }
    assert_eq!(outcome.summary.metadata_fields, ["url", "section"]);
    if kind == Kind::MostlyBad {
        assert_eq!(outcome.summary.skipped, n - n / 10);
        let csv = std::fs::read_to_string(dir.join(format!("r{n}/skipped.csv"))).unwrap();
        assert_eq!(
            csv.lines().count(),
            1 + n - n / 10,
            "a header and a row a record"
        );
    }
    peak
}

/// Bytes of peak heap per added document allowed: measured 0 (the peak
/// at 12,000 documents was 17 kB below the peak at 6,000); 50 while the
/// duplicate-id check and the line counts were hash tables, 425 while
/// every document's tally stayed in memory, about 780 before the search
/// for wire copy spilled to disk. A vector of one `u64` per document would
/// add about 11 (its capacity doubles from 8,192 to 16,384).
const PER_DOC: usize = 12;

/// The peak heap per document added from 6,000 to 12,000 documents.
fn per_added_doc(dir: &Path, kind: Kind) -> (usize, usize, usize) {
    let n = 6_000;
    let small = peak_of_run(dir, n, kind);
    let large = peak_of_run(dir, 2 * n, kind);
    (small, large, large.saturating_sub(small) / n)
}

/// Which `slant map` phase a measurement runs.
#[derive(Clone, Copy, Debug)]
enum MapPhase {
    /// The default phase: documents, tables, evidence, repeated text
    /// found in the shard.
    Match,
    /// `--repeats-only`: line counts and a signature row per document.
    RepeatsOnly,
}

/// The peak heap of `slant map` (the library call, writing a gzip
/// partial) over `n` documents of `kind` (`Distinct` or `Copies`, whose
/// copies it keeps and lists, a row of `duplicates.csv` each).
fn peak_of_map(dir: &Path, n: usize, phase: MapPhase, kind: Kind) -> usize {
    let input = dir.join(format!("m{n}.jsonl"));
    corpus(&input, n, kind);
    let mut config = MapConfig::new(vec![input]);
    config.repeats_only = matches!(phase, MapPhase::RepeatsOnly);
    // Without the comparison views, as analyze is measured above: each
    // record here names its number, so its n-grams are new terms, whose
    // counts stay in memory as analyze's do (per term, not per document);
    // with them the peak grew by 2,371 bytes per added document.
    config.compare = false;
    let out = dir.join(format!("m{n}.gz"));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let before = counting::start();
    pool.install(|| map(&config, &Output::File(out.clone())).unwrap());
    let peak = counting::peak_since(before);
    // a row per document at least, each document's row under its record
    let (_, rows) = slant::partial::stream::iter(&out).unwrap();
    let rows: Vec<Row> = rows.map(Result::unwrap).collect();
    let docs = rows
        .iter()
        .filter(
            |r| matches!(r, Row::Doc { seq: 0, kind, .. } if kind == "doc" || kind == "signature"),
        )
        .count();
    assert_eq!(docs, n);
    // a row of duplicates.csv each: n / 2 groups of the first and a copy
    let listed = match (phase, kind) {
        (MapPhase::Match, Kind::Copies) => n,
        _ => 0,
    };
    assert_eq!(of_kind(&rows, "duplicate"), listed);
    peak
}

/// How many rows of `rows` are of `kind`.
fn of_kind(rows: &[Row], kind: &str) -> usize {
    rows.iter()
        .filter(|r| matches!(r, Row::First { kind: k, .. } | Row::Doc { kind: k, .. } if k == kind))
        .count()
}

/// Bytes of peak heap per added document allowed for `slant map`:
/// measured 23 with the default phase (14.28 MB at 6,000 documents, 14.43
/// MB at 12,000) and 0 with `--repeats-only`. Of the 23, about 11 are the
/// one number per document map still holds, each document's record (a
/// vector of `u64` whose capacity doubles from 8,192 to 16,384 here); the
/// rest is which run of rows the peak falls in. The rows themselves are
/// spilled in sorted runs of about 8 MB (src/partial/spill.rs); while the
/// aggregate kept the documents' texts and tallies in memory, 2,224 bytes
/// per added document. Before the spill every row of the partial was held
/// as a JSON value (about 8 kB per tiny record from the command line).
const MAP_PER_DOC: usize = 32;

/// One test, so that nothing runs beside a measurement. Repeated ids
/// with `--on-error skip` (a check as read held about 70 bytes per id), a
/// corpus of mostly bad records with `--on-error skip`
/// and a corpus half copies with `--duplicates drop` (a row of
/// `duplicates.csv`, its group and the copy's position were held per copy)
/// stay within the same bound.
#[test]
fn peak_memory_stays_flat_as_documents_are_added() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    for kind in [
        Kind::Distinct,
        Kind::RepeatedIds,
        Kind::MostlyBad,
        Kind::Copies,
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (small, large, per_doc) = per_added_doc(dir.path(), kind);
        eprintln!("peak heap {small} -> {large}: {per_doc} bytes per added document");
        // Each record carries about 1,300 bytes that are only written out
        // (title, address, field, id); kept in memory, with documents.csv
        // built as cells, they cost about 2,600 bytes per document on tiny
        // records and more on these. The outlet and tally (about 450 bytes
        // with the shipped lexicons, allocations included) go to a spill
        // file too, and the id's hash (about 40 bytes in a hash table) and
        // the document's one line (about 14) to the external sort's runs.
        assert!(
            per_doc < PER_DOC,
            "peak heap grew by {per_doc} bytes per added document ({small} -> {large})"
        );
        // and the spill file is gone from the report folder
        let report = dir.path().join(format!("r{}", 12_000));
        let names: Vec<String> = std::fs::read_dir(&report)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.contains("spill")), "{names:?}");
    }
    for (phase, kind) in [
        (MapPhase::Match, Kind::Distinct),
        (MapPhase::RepeatsOnly, Kind::Distinct),
        (MapPhase::Match, Kind::Copies),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let n = 6_000;
        let small = peak_of_map(dir.path(), n, phase, kind);
        let large = peak_of_map(dir.path(), 2 * n, phase, kind);
        let per_doc = large.saturating_sub(small) / n;
        eprintln!(
            "map {phase:?}: peak heap {small} -> {large}: {per_doc} bytes per added document"
        );
        assert!(
            per_doc < MAP_PER_DOC,
            "map {phase:?}: peak heap grew by {per_doc} bytes per added document ({small} -> {large})"
        );
    }
    for kind in [Kind::Distinct, Kind::MostlyBad] {
        let dir = tempfile::tempdir().unwrap();
        let n = 6_000;
        let small = peak_of_report(dir.path(), n, kind);
        let large = peak_of_report(dir.path(), 2 * n, kind);
        let per_doc = large.saturating_sub(small) / n;
        eprintln!("report: peak heap {small} -> {large}: {per_doc} bytes per added record");
        // Measured 11 bytes per added record with every record a
        // document, 0 with nine in ten skipped: the size of one vector of
        // an 8-byte value per document live at the peak (its capacity
        // doubling from 8,192 to 16,384 adds 10.9 bytes a document); the
        // allocation was not located. Read whole, as before, the rows of
        // the partial were each a JSON value in memory, and the
        // documents' texts and tallies stayed there besides (705 MB at
        // 50,000 of these records, /usr/bin/time, against 28 MB now).
        assert!(
            per_doc < PER_DOC,
            "report's peak heap grew by {per_doc} bytes per added record ({small} -> {large})"
        );
        let report = dir.path().join(format!("rep{}", 2 * n));
        let names: Vec<String> = std::fs::read_dir(&report)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.contains("spill")), "{names:?}");
    }
}

/// Bytes of peak heap per added copy allowed for `merge --decide`, `map
/// --repeats DECIDED` and `report` on a corpus of copies
/// ([`Kind::MostlyCopies`]): the bound map has per document
/// ([`MAP_PER_DOC`]: its one number per document, the record, and which
/// run of rows the peak falls in). The copy groups and later copies pass
/// as a row each (spilled in sorted runs) and are kept in temporary files
/// (src/partial/repeats.rs). Measured 278, 244 and 5 bytes per added
/// copy from 6,000 to 12,000 records, most of it the rows filling the
/// first spill run (RUN_BYTES), which the test allows besides; from 12,000
/// to 24,000 (run once) 144, 8 and 0. As one row of the
/// partial (format version 3) the groups were a JSON value that each step
/// held whole: about 3.3 kB per copy for map (388 MB for `tiny.py 100000
/// --copies`, from the command line).
const PER_COPY: usize = MAP_PER_DOC;

/// The peak heaps of `merge --decide`, `map --repeats DECIDED` and
/// `report` (library calls, one thread, no comparison views) over `n`
/// documents of which all but the first [`ORIGINALS`] are copies, mapped
/// as one shard.
fn peaks_of_copies(dir: &Path, n: usize) -> [usize; 3] {
    let input = dir.join(format!("k{n}.jsonl"));
    corpus(&input, n, Kind::MostlyCopies);
    let name = format!("k{n}.jsonl");
    let first = format!("kr{n}.gz");
    slant(dir, &["map", &name, "--repeats-only", "-o", &first]);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let decided = dir.join(format!("kd{n}.gz"));
    let inputs = [slant::partial::merge::Input::File(dir.join(&first))];
    let before = counting::start();
    pool.install(|| decide(&inputs, &Output::File(decided.clone())).unwrap());
    let decide_peak = counting::peak_since(before);
    let (_, rows) = slant::partial::stream::iter(&decided).unwrap();
    let rows: Vec<Row> = rows.map(Result::unwrap).collect();
    // a row per document (each is in a group), a row per later copy
    assert_eq!(
        (of_kind(&rows, "duplicate"), of_kind(&rows, "copy")),
        (n, n - ORIGINALS)
    );
    drop(rows);
    let mut config = MapConfig::new(vec![input]);
    config.compare = false;
    config.corpus_repeats = Some(decided);
    let out = dir.join(format!("kp{n}.gz"));
    let before = counting::start();
    pool.install(|| map(&config, &Output::File(out.clone())).unwrap());
    let map_peak = counting::peak_since(before);
    let config = report_config(out, dir.join(format!("krep{n}")));
    let before = counting::start();
    let outcome = pool.install(|| report(config).unwrap());
    let report_peak = counting::peak_since(before);
    assert_eq!(outcome.summary.documents, n);
    assert_eq!(outcome.summary.duplicate_copies, n - ORIGINALS);
    let csv = std::fs::read_to_string(dir.join(format!("krep{n}/duplicates.csv"))).unwrap();
    assert_eq!(csv.lines().count(), 1 + n, "a header and a row a document");
    [decide_peak, map_peak, report_peak]
}

/// A corpus half copies through the split road: `merge --decide`, `map
/// --repeats DECIDED` and `report` each hold a bounded amount per added
/// copy. A test of its own, so that the measurements above stay as they
/// were; the test harness runs tests of one binary one at a time only
/// with `--test-threads 1`, so it shares [`ONE_AT_A_TIME`].
#[test]
fn copy_groups_pass_as_rows_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let n = 6_000;
    let small = peaks_of_copies(dir.path(), n);
    let large = peaks_of_copies(dir.path(), 2 * n);
    for (step, (s, l)) in ["merge --decide", "map --repeats", "report"]
        .iter()
        .zip(small.iter().zip(large))
    {
        // n more copies from n to 2n; the rows of the partial written
        // are held up to one run (RUN_BYTES) before they are spilled, a
        // budget that these n rows fill only part of, so the peaks may
        // differ by up to a run besides what grows per copy
        let per_copy = l.saturating_sub(*s) / n;
        eprintln!("{step}: peak heap {s} -> {l}: {per_copy} bytes per added copy");
        assert!(
            l.saturating_sub(*s) < RUN_BYTES + PER_COPY * n,
            "{step}: peak heap grew by {per_copy} bytes per added copy ({s} -> {l})"
        );
    }
}

/// Held by each test while it measures: the allocator counts the whole
/// process.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A lexicon-only report (no model, no comparison views, no charts) of
/// the partial at `partial` into `out`.
fn report_config(partial: PathBuf, out: PathBuf) -> ReportConfig {
    let mut config = Config::new(Vec::new(), PathBuf::new());
    config.model = ModelPlan::None;
    ReportConfig {
        partial,
        out,
        lexicons: config.lexicons,
        scores: config.scores,
        charts: false,
        outputs: config.outputs,
        highlight: Vec::new(),
        input_names: Vec::new(),
        args: Vec::new(),
        model: None,
        lss_polarity: None,
        compare: None,
    }
}

/// Runs the slant binary in `dir`.
fn slant(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_slant"))
        .current_dir(dir)
        .args(args)
        .arg("-q")
        .status()
        .unwrap();
    assert!(status.success(), "slant {args:?}");
}

/// The peak heap of `slant report` (lexicon-only: no model, no
/// comparison views, no charts) on the merged partial of `n` documents,
/// mapped by the slant binary in two shards of `n / 2` (both phases) and
/// merged.
fn peak_of_report(dir: &Path, n: usize, kind: Kind) -> usize {
    let input = dir.join(format!("p{n}.jsonl"));
    corpus(&input, n, kind);
    let text = std::fs::read_to_string(&input).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut shards = Vec::new();
    for (j, part) in lines.chunks(n / 2).enumerate() {
        let name = format!("s{n}-{j}.jsonl");
        std::fs::write(dir.join(&name), part.join("\n") + "\n").unwrap();
        shards.push((name, (j * (n / 2)).to_string()));
    }
    let map = |phase: &[&str], stem: &str| -> Vec<String> {
        let mut outs = Vec::new();
        for (j, (name, first)) in shards.iter().enumerate() {
            let out = format!("{stem}{n}-{j}.gz");
            let mut args = vec!["map", name, "--first-record", first, "-o", &out];
            args.extend(["--no-compare", "--on-error", "skip"]);
            args.extend(phase);
            slant(dir, &args);
            outs.push(out);
        }
        outs
    };
    let merge = |parts: Vec<String>, out: &str| {
        let mut args: Vec<&str> = vec!["merge"];
        args.extend(parts.iter().map(String::as_str));
        args.extend(["-o", out]);
        slant(dir, &args);
    };
    let repeats = format!("repeats{n}.gz");
    merge(map(&["--repeats-only"], "r"), &repeats);
    let merged = format!("merged{n}.gz");
    merge(map(&["--repeats", &repeats], "m"), &merged);
    let config = report_config(dir.join(&merged), dir.join(format!("rep{n}")));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let before = counting::start();
    let outcome = pool.install(|| report(config).unwrap());
    let peak = counting::peak_since(before);
    let kept = match kind {
        Kind::MostlyBad => n / 10,
        _ => n,
    };
    assert_eq!(outcome.summary.documents, kept);
    assert_eq!(outcome.summary.skipped, n - kept);
    assert_eq!(outcome.summary.metadata_fields, ["url", "section"]);
    peak
}
