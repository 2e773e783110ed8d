//! The repeated-text side of `slant map`: the first phase (`--repeats-only`,
//! and its bounded steps `--propose-lines` and `--line-candidates`), what
//! `merge --decide` keeps of the merged first phase, and the second
//! phase's reading of either.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};

use super::inputs::{first_difference, sizes_match};
use super::{io, MapConfig};
use crate::corpus::digest::{Digests, InputDigest};
use crate::corpus::{
    DateOrder, IdCheck, InputFormat, MissingOutlet, OnError, ReadOptions, ReadWarnings, Reader,
};
use crate::error::Error;
use crate::output::Scratch;
use crate::partial::lines::LineCandidates;
use crate::partial::merge::{self, Input, Output};
use crate::partial::repeats::{Collect, CorpusRepeats, Deciding, ListedReader, RepeatCollector};
use crate::partial::spill::Spill;
use crate::partial::stream::{MergedFile, PassError, ReadError};
use crate::partial::{Header, Partial, Phase, ShardInput};
use crate::repeats::copies::PositionWriter;
use crate::repeats::{CopyPositions, DuplicatePolicy, LineRule, RepeatOptions, Repeats};

/// The first phase: line counts, line texts and signatures of the shard;
/// with `--propose-lines` only the lines it proposes; with
/// `--line-candidates` only the candidates' counts and texts; written to
/// `output`; the warnings of the shard's reading.
pub(super) fn map_repeats(config: &MapConfig, output: &Output) -> Result<ReadWarnings, Error> {
    let mut options = BTreeMap::from([
        ("repeats".to_string(), repeat_options(&config.repeats)),
        ("reading".to_string(), reading_options(&config.read)),
    ]);
    let mut covered = u64::MAX;
    let (collect, phase) = match (&config.line_candidates, config.propose_lines) {
        (Some(path), _) => {
            let (c, end) = line_candidates(config, path)?;
            covered = end;
            let recorded = json!({"lines": c.len(), "proposed": c.proposed, "digest": c.digest()});
            options.insert("line_candidates".into(), recorded);
            (Collect::Only(c.lines), Phase::Repeats)
        }
        (None, true) => (Collect::Propose, Phase::Proposals),
        (None, false) => (Collect::All, Phase::Repeats),
    };
    let mut collector = RepeatCollector::new(&config.repeats, collect, Spill::new().map_err(io)?);
    let digests = Digests::new();
    let read = ReadOptions {
        ids: IdCheck::AtEnd(None),
        digests: Some(digests.clone()),
        ..config.read.clone()
    };
    let mut reader = Reader::open(&config.inputs, read)?;
    let mut n = 0u64;
    for doc in &mut reader {
        collector.add(config.first_record + n, &doc?).map_err(io)?;
        n += 1;
    }
    let first = config.first_record;
    let end = first + n + reader.skipped().len() as u64;
    let warnings = reader.take_warnings();
    // each file's digest is recorded once its reader is dropped
    drop(reader);
    if let (Some(path), true) = (&config.line_candidates, covered < first + n) {
        return Err(Error::Invalid(format!(
            "{}: the proposals cover {}, not this shard's {} ({})",
            path.display(),
            crate::partial::shown_records(&[(0, covered)]),
            crate::partial::shown_records(&[(first, first + n)]),
            crate::partial::COUNTED_FROM_0
        )));
    }
    let header = Header {
        inputs: ShardInput::of_shard(first, as_given(config, &digests)),
        ..Header::new(phase, Vec::new(), options, first, end)
    };
    collector.finish().map_err(io)?.finish(&header, output)?;
    Ok(warnings)
}

/// The files a reading recorded in `digests`, named as given: standard
/// input is read from its copy, named `-`.
fn as_given(config: &MapConfig, digests: &Digests) -> Vec<InputDigest> {
    let copy = config
        .read
        .stdin_copy
        .as_ref()
        .map(|p| p.display().to_string());
    let files = digests.list().into_iter().map(|mut f| {
        if Some(&f.name) == copy.as_ref() {
            f.name = "-".into();
        }
        f
    });
    files.collect()
}

/// The files the first phase read for the shard whose records start at
/// `first`, when the repeats file (header `h`) records its shards' files
/// (`merge --decide`, a merged first phase) and this shard reads them by
/// name (standard input where the first phase read `-`); refuses one whose
/// size differs before anything is read, and a file the first phase read
/// in a shard starting at another record (a wrong `--first-record`). A
/// shard of files the first phase did not read (the corpus cut otherwise)
/// is not checked by its files (`None`): its records are.
fn shard_files(
    h: &Header,
    first: u64,
    config: &MapConfig,
    path: &Path,
) -> Result<Option<Vec<InputDigest>>, Error> {
    let mut mine: Vec<&ShardInput> = h.inputs.iter().filter(|i| i.first == first).collect();
    mine.sort_by_key(|i| i.seq);
    let files: Vec<InputDigest> = mine.iter().map(|i| i.file.clone()).collect();
    let copy = config.read.stdin_copy.as_deref();
    let names: Vec<String> = config
        .inputs
        .iter()
        .map(|p| match Some(p.as_path()) == copy {
            true => "-".to_string(),
            false => p.display().to_string(),
        })
        .collect();
    let known = |n: &String| files.iter().any(|f| &f.name == n);
    if !files.is_empty() && names.iter().all(known) {
        sizes_match(path, &files, &config.inputs)?;
        return Ok(Some(files));
    }
    let elsewhere = h
        .inputs
        .iter()
        .find(|i| i.first != first && i.file.name != "-" && names.contains(&i.file.name));
    match elsewhere {
        Some(i) => Err(Error::Invalid(format!(
            "{}: its first phase read {} in the shard starting at record {}, not {first}: give the --first-record the first phase had",
            path.display(),
            i.file.name,
            i.first
        ))),
        None => Ok(None),
    }
}

/// The candidate lines of the merged `--propose-lines` partials at `path`,
/// and the end of the records they cover.
fn line_candidates(config: &MapConfig, path: &Path) -> Result<(LineCandidates, u64), Error> {
    let merged = Partial::read_merged(path)?;
    let bad = |why: String| Error::Invalid(format!("{}: {why}", path.display()));
    if merged.header.phase != Phase::Proposals {
        return Err(bad(
            "not a line proposal partial (slant map --repeats-only --propose-lines)".into(),
        ));
    }
    same_repeat_options(&merged.header, &config.repeats).map_err(bad)?;
    same_reading(&merged.header, &config.read).map_err(bad)?;
    let covers = merged.header.records.as_slice();
    if covers.len() != 1 || covers[0].0 != 0 || covers[0].1 <= config.first_record {
        return Err(bad(format!(
            "covers {}, not the whole corpus from record 0 through this shard's first record {} ({})",
            crate::partial::shown_records(covers),
            config.first_record,
            crate::partial::COUNTED_FROM_0
        )));
    }
    let candidates = LineCandidates::of(&merged.rows, &config.repeats.rule).map_err(bad)?;
    Ok((candidates, covers[0].1))
}

/// Refuses a first-phase partial made with other repeated-text options.
pub(crate) fn same_repeat_options(h: &Header, opts: &RepeatOptions) -> Result<(), String> {
    let theirs = h.options.get("repeats").cloned().unwrap_or_default();
    let ours = repeat_options(opts);
    match theirs == ours {
        true => Ok(()),
        false => Err(format!(
            "made with other repeated-text options ({theirs}, here {ours})"
        )),
    }
}

/// The shard's repeats as the matching pass applies them, what the report
/// lists of them (with the later copies' positions in the shard), whether
/// they were found in the shard alone or in the whole corpus, and in the
/// latter case the end of the corpus's records they were found over (the
/// merged second phase must cover `0..end`, so that a shard's partial left
/// out or cut off is refused, not reported as a smaller corpus). The
/// merged partial is read as a stream and its copy groups and later copies
/// go to temporary files, so a corpus of copies is not held a row per
/// copy.
pub(super) fn shard_repeats(
    config: &MapConfig,
) -> Result<(Repeats, CorpusRepeats, &'static str, Option<u64>), Error> {
    let find = |read| super::super::find_repeats(&config.inputs, read, &config.repeats, None);
    let Some(path) = &config.corpus_repeats else {
        let local = find(config.read.clone())?;
        let listed = CorpusRepeats {
            lines: local.line_sets().clone(),
            boilerplate: local.boilerplate.clone(),
            duplicates: local.duplicates.clone(),
            copies: CopyPositions::default(),
            runs: Default::default(),
        };
        return Ok((local, listed, "shard", None));
    };
    let mut file = MergedFile::open(path)?;
    let name = path.display().to_string();
    let bad = |why: String| Error::Invalid(format!("{name}: {why}"));
    let decided = match file.header().phase {
        Phase::Repeats => false,
        Phase::Decided => true,
        _ => {
            return Err(bad(
                "not a repeated-text partial (slant map --repeats-only, or merge --decide)".into(),
            ))
        }
    };
    same_repeat_options(file.header(), &config.repeats).map_err(bad)?;
    same_reading(file.header(), &config.read).map_err(bad)?;
    // the records and files of the whole file, merged if it holds several
    let mut corpus = match read_corpus(&file, decided, &config.repeats, &name)? {
        Some(corpus) => corpus,
        None => {
            // Not one partial in canonical order: merged first.
            file.merge_first()?;
            read_corpus(&file, decided, &config.repeats, &name)?
                .ok_or_else(|| bad("its merge is out of canonical order".into()))?
        }
    };
    let covers = file.header().records.as_slice();
    let first = config.first_record;
    if covers.len() != 1 || covers[0].0 != 0 || covers[0].1 <= first {
        return Err(bad(format!(
            "covers {}, not the whole corpus from record 0 through this shard's first record {first} ({})",
            crate::partial::shown_records(covers),
            crate::partial::COUNTED_FROM_0
        )));
    }
    let files = shard_files(file.header(), config.first_record, config, path)?;
    let digests = Digests::new();
    let local = find(ReadOptions {
        digests: files.as_ref().map(|_| digests.clone()),
        ..config.read.clone()
    })?;
    if let Some(why) = files.and_then(|f| first_difference(&f, &as_given(config, &digests))) {
        return Err(bad(format!(
            "made from another shard: {why}; map the first phase's shards, or find the repeats again"
        )));
    }
    let read = local.read.0;
    if covers[0].1 < first + read {
        return Err(bad(format!(
            "covers {}, not the whole corpus from record 0 through this shard's {} ({})",
            crate::partial::shown_records(covers),
            crate::partial::shown_records(&[(first, first + read)]),
            crate::partial::COUNTED_FROM_0
        )));
    }
    let mut mine = PositionWriter::new(None).map_err(io)?;
    corpus
        .copies
        .for_each(|c| match c as u64 {
            c if c >= first && c < first + read => mine.push((c - first) as usize),
            _ => Ok(()),
        })
        .map_err(io)?;
    let mine = mine.finish().map_err(io)?;
    let repeats = local.with_corpus(
        corpus.lines.clone(),
        corpus.boilerplate.clone(),
        mine.clone(),
    );
    corpus.copies = mine;
    Ok((repeats, corpus, "corpus", Some(covers[0].1)))
}

/// What the rows of a repeated-text partial say, read one at a time: the
/// counts and signatures of a merged first phase, or a decided partial's
/// lists.
enum Reading {
    Counted(Deciding),
    Decided(ListedReader),
}

/// One pass over `file`'s rows for what they decide under `opts`; `None`
/// when the file is not one partial in canonical order (merge it first).
pub(crate) fn read_corpus(
    file: &MergedFile,
    decided: bool,
    opts: &RepeatOptions,
    name: &str,
) -> Result<Option<CorpusRepeats>, Error> {
    let bad = |why: String| Error::Invalid(format!("{name}: {why}"));
    let mut reading = match decided {
        true => Reading::Decided(ListedReader::new(None).map_err(io)?),
        false => Reading::Counted(Deciding::new().map_err(bad)?),
    };
    let mut pass = file.pass_ahead()?;
    loop {
        let row = match pass.next_row() {
            Ok(Some(row)) => row,
            Ok(None) => break,
            Err(PassError::Unmerged) => return Ok(None),
            Err(PassError::Partial(e)) => return Err(e.into()),
        };
        match &mut reading {
            Reading::Counted(d) => d.push(row).map_err(bad)?,
            Reading::Decided(l) => l.push(row).map_err(|e| read_error(e, name))?,
        }
    }
    match reading {
        Reading::Counted(d) => d.finish(opts).map_err(bad),
        Reading::Decided(l) => l.finish().map_err(|e| read_error(e, name)),
    }
    .map(Some)
}

fn read_error(e: ReadError, name: &str) -> Error {
    match e {
        ReadError::Invalid(why) => Error::Invalid(format!("{name}: {why}")),
        ReadError::Io(e) => io(e),
    }
}

/// The repeated-text options, as both map phases record them.
pub(crate) fn repeat_options(r: &RepeatOptions) -> Value {
    json!({
        "mask_boilerplate": r.mask_boilerplate,
        "min_docs": r.rule.min_docs,
        "min_share": r.rule.min_share,
        "drop_duplicates": r.duplicates == crate::repeats::DuplicatePolicy::Drop,
        "similarity": r.similarity,
    })
}

/// The reading options that decide what the records are and what their
/// text is, keyed by their command-line names: every repeats file records
/// them (`options.reading`: the first phase, so `merge` refuses shards read
/// otherwise, `merge --decide` and `analyze --save-repeats`), and every run
/// that reads one refuses other reading options, naming the first that
/// differs.
pub(crate) fn reading_options(read: &ReadOptions) -> Value {
    const MB: u64 = 1 << 20;
    let f = &read.fields;
    let format = read.format.map(|f| match f {
        InputFormat::Dir => "dir",
        InputFormat::Jsonl => "jsonl",
        InputFormat::Csv => "csv",
        InputFormat::Tsv => "tsv",
    });
    let missing = match &read.missing_outlet {
        MissingOutlet::Error => "error".to_string(),
        MissingOutlet::Skip => "skip".to_string(),
        MissingOutlet::Document => "document".to_string(),
        MissingOutlet::Assign(name) => format!("as:{name}"),
    };
    json!({
        "field": {"id": f.id, "outlet": f.outlet, "date": f.date, "title": f.title, "url": f.url, "text": f.text},
        "input-format": format,
        "on-error": match read.on_error { OnError::Stop => "stop", OnError::Skip => "skip" },
        "missing-outlet": missing,
        "max-record-mb": match read.max_record_bytes % MB {
            0 => json!(read.max_record_bytes / MB),
            _ => json!(read.max_record_bytes as f64 / MB as f64),
        },
        "date-order": match read.date_order { DateOrder::Mdy => "mdy", DateOrder::Dmy => "dmy" },
    })
}

/// Refuses a repeats file (header `h`) whose records were read with other
/// reading options than `read`, naming the first option that differs.
pub(crate) fn same_reading(h: &Header, read: &ReadOptions) -> Result<(), String> {
    let ours = reading_options(read);
    let Some(theirs) = h.options.get("reading") else {
        return Err("records no reading options: not a repeats file of this slant".into());
    };
    let differs = |name: &str, there: &Value, here: &Value| {
        let shown = |v: &Value| match v {
            Value::Null => "(not given)".to_string(),
            Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        Err(format!(
            "made with other reading options: its records were read with --{name} {}, this run reads them with --{name} {}; give the reading options the repeats were found with (or find them again)",
            shown(there),
            shown(here)
        ))
    };
    for (k, here) in ours.as_object().into_iter().flatten() {
        let there = theirs.get(k).unwrap_or(&Value::Null);
        if there == here {
            continue;
        }
        if let (Some(t), Some(h)) = (there.as_object(), here.as_object()) {
            for (field, hv) in h {
                let tv = t.get(field).unwrap_or(&Value::Null);
                if tv != hv {
                    let pair =
                        |v: &Value| Value::String(format!("{field}={}", v.as_str().unwrap_or("?")));
                    return differs(k, &pair(tv), &pair(hv));
                }
            }
        }
        return differs(k, there, here);
    }
    match theirs.as_object().map(|o| o.len()) == ours.as_object().map(|o| o.len()) {
        true => Ok(()),
        false => Err(format!("its reading options {theirs} are not this slant's")),
    }
}

/// The repeated-text options a header records, read back.
fn repeat_options_of(v: Option<&Value>) -> Result<RepeatOptions, String> {
    let v = v.ok_or("its header records no repeated-text options")?;
    let bad = || format!("repeated-text options {v}");
    let flag = |k: &str| v[k].as_bool().ok_or_else(bad);
    let number = |k: &str| v[k].as_f64().ok_or_else(bad);
    let opts = RepeatOptions {
        mask_boilerplate: flag("mask_boilerplate")?,
        rule: LineRule {
            min_docs: v["min_docs"].as_u64().ok_or_else(bad)? as usize,
            min_share: number("min_share")?,
        },
        duplicates: match flag("drop_duplicates")? {
            true => DuplicatePolicy::Drop,
            false => DuplicatePolicy::Keep,
        },
        similarity: number("similarity")?,
    };
    match repeat_options(&opts) == *v {
        true => Ok(opts),
        false => Err(bad()),
    }
}

/// `slant merge --decide`: merges the repeated-text partials `inputs` and
/// writes to `output` only what they decide, the boilerplate lines, copy
/// groups and later copies' records (what `map --repeats` needs), as a
/// partial of phase `decided`: a row of boilerplate, a row per row of
/// `duplicates.csv` and a row per later copy. The merged rows are read as
/// a stream, so only the line counts are held (the signatures, copy
/// groups and copies are spilled).
pub fn decide(inputs: &[Input], output: &Output) -> Result<(), Error> {
    let tmp = match output {
        Output::File(p) => match p.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(dir) => Scratch::new_in(dir),
            None => Scratch::new_in(Path::new(".")),
        },
        Output::Stdout => Scratch::new(),
    }
    .map_err(io)?;
    let merged = tmp.path().join("merged.gz");
    merge::merge_files(inputs, &Output::File(merged.clone()))?;
    let (header, rows) = crate::partial::stream::iter(&merged)?;
    // The inputs, as an error names them: the merge's, not its file's.
    let named = |why: String| {
        let names: Vec<String> = inputs
            .iter()
            .map(|i| match i {
                Input::File(p) => p.display().to_string(),
                Input::Stdin => "standard input".to_string(),
            })
            .collect();
        Error::Invalid(format!("{}: {why}", names.join(" + ")))
    };
    if header.phase != Phase::Repeats {
        return Err(named(
            "merge --decide takes repeated-text partials (map --repeats-only)".into(),
        ));
    }
    let opts = repeat_options_of(header.options.get("repeats")).map_err(named)?;
    let corpus = CorpusRepeats::of_stream(rows, &opts).map_err(named)?;
    let header = Header {
        phase: Phase::Decided,
        ..header
    };
    let mut rows = Spill::new().map_err(io)?;
    corpus.rows(true, |row| rows.push(row)).map_err(io)?;
    rows.finish(&header, output)?;
    Ok(())
}
