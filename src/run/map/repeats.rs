//! The repeated-text side of `slant map`: the first phase (`--repeats-only`,
//! and its bounded steps `--propose-lines` and `--line-candidates`), what
//! `merge --decide` keeps of the merged first phase, and the second
//! phase's reading of either.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};

use super::{io, MapConfig};
use crate::corpus::digest::Digests;
use crate::corpus::{IdCheck, ReadOptions, ReadWarnings, Reader};
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
    let mut options = BTreeMap::from([("repeats".to_string(), repeat_options(&config.repeats))]);
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
            "{}: the proposals end at record {covered}, before this shard's {first}..{}",
            path.display(),
            first + n
        )));
    }
    // standard input is read from its copy: named `-` as given
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
    let header = Header {
        inputs: ShardInput::of_shard(first, files.collect()),
        ..Header::new(phase, Vec::new(), options, first, end)
    };
    collector.finish().map_err(io)?.finish(&header, output)?;
    Ok(warnings)
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
    let covers = merged.header.records.as_slice();
    if covers.len() != 1 || covers[0].0 != 0 || covers[0].1 <= config.first_record {
        return Err(bad(format!(
            "covers records {covers:?}, not the whole corpus from 0 through this shard"
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
/// lists of them (with the later copies' positions in the shard), and
/// whether they were found in the shard alone or in the whole corpus. The
/// merged partial is read as a stream and its copy groups and later copies
/// go to temporary files, so a corpus of copies is not held a row per
/// copy.
pub(super) fn shard_repeats(
    config: &MapConfig,
) -> Result<(Repeats, CorpusRepeats, &'static str), Error> {
    let local =
        super::super::find_repeats(&config.inputs, config.read.clone(), &config.repeats, None)?;
    let Some(path) = &config.corpus_repeats else {
        let listed = CorpusRepeats {
            lines: local.line_sets().clone(),
            boilerplate: local.boilerplate.clone(),
            duplicates: local.duplicates.clone(),
            copies: CopyPositions::default(),
        };
        return Ok((local, listed, "shard"));
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
    let mut corpus = match read_corpus(&file, decided, &config.repeats, &name)? {
        Some(corpus) => corpus,
        None => {
            // Not one partial in canonical order: merged first.
            file.merge_first()?;
            read_corpus(&file, decided, &config.repeats, &name)?
                .ok_or_else(|| bad("its merge is out of canonical order".into()))?
        }
    };
    let (first, read) = (config.first_record, local.read.0);
    let covers = file.header().records.as_slice();
    if covers.len() != 1 || covers[0].0 != 0 || covers[0].1 < first + read {
        return Err(bad(format!(
            "covers records {covers:?}, not the whole corpus from 0 through this shard's {}..{}",
            first,
            first + read
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
    Ok((repeats, corpus, "corpus"))
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
    let mut pass = file.pass()?;
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
    if header.phase != Phase::Repeats {
        return Err(Error::Invalid(
            "merge --decide takes repeated-text partials (map --repeats-only)".into(),
        ));
    }
    let opts = repeat_options_of(header.options.get("repeats")).map_err(Error::Invalid)?;
    let corpus = CorpusRepeats::of_stream(rows, &opts).map_err(Error::Invalid)?;
    let header = Header {
        phase: Phase::Decided,
        ..header
    };
    let mut rows = Spill::new().map_err(io)?;
    corpus.rows(true, |row| rows.push(row)).map_err(io)?;
    rows.finish(&header, output)?;
    Ok(())
}
