//! The reader: documents from every input in turn, with the user's
//! policies for bad records and missing outlets applied, and duplicate ids
//! caught across inputs.

use std::path::PathBuf;
use std::sync::Arc;

use super::ids::{IdCheck, IdSort, RepeatedId, SeenIds};
use super::{
    dates::normalize as normalize_date, dir, input_format, jsonl, records, CorpusError, Document,
    InputFormat, MissingOutlet, OnError, Origin, ProblemKind, ReadOptions, RecordProblem, Skipped,
    Source, SourceError,
};

/// How a reader checks ids ([`IdCheck`]), with what it keeps.
enum Ids {
    /// In memory as read, with the records skipped for a repeated id.
    AsRead {
        seen: SeenIds,
        repeats: Vec<RepeatedId>,
    },
    /// Once the reading is done (`None` once done).
    AtEnd(Option<IdSort>),
    /// Known from an earlier pass.
    Known(Arc<[RepeatedId]>),
}

/// Reads documents from inputs one at a time, applying the policies.
pub struct Reader {
    /// Every input, to name them when none holds a document.
    all: Vec<PathBuf>,
    inputs: std::collections::VecDeque<PathBuf>,
    current: Option<Source>,
    options: ReadOptions,
    ids: Ids,
    /// Records whose ids were checked so far.
    checked: u64,
    skipped: Vec<Skipped>,
    missing: Vec<Origin>,
    missing_total: usize,
    read: usize,
    done: bool,
}

impl Reader {
    /// Prepares to read `inputs` in order. Checks that each exists and has a
    /// known format before anything is read.
    pub fn open(inputs: &[PathBuf], options: ReadOptions) -> Result<Reader, CorpusError> {
        for p in inputs {
            if p.as_os_str() != "-" && !p.exists() {
                return Err(CorpusError::Read {
                    path: p.clone(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "no such file or directory",
                    ),
                });
            }
            input_format(p, options.format)?;
        }
        if inputs.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
            return Err(CorpusError::UnknownFormat(PathBuf::from(
                "- (standard input can be read only once)",
            )));
        }
        let as_read = || Ids::AsRead {
            seen: SeenIds::default(),
            repeats: Vec::new(),
        };
        let ids = match &options.ids {
            IdCheck::AtEnd(_) if options.on_error == OnError::Skip => as_read(),
            IdCheck::AtEnd(dir) => Ids::AtEnd(Some(IdSort::new(dir.as_deref())?)),
            IdCheck::AsRead => as_read(),
            IdCheck::Known(known) => Ids::Known(known.clone()),
        };
        Ok(Reader {
            all: inputs.to_vec(),
            inputs: inputs.iter().cloned().collect(),
            current: None,
            options,
            ids,
            checked: 0,
            skipped: Vec::new(),
            missing: Vec::new(),
            missing_total: 0,
            read: 0,
            done: false,
        })
    }

    /// Records skipped so far.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// What this reading learnt of the ids, for a later pass over the same
    /// inputs with the same options: the records that repeat an id. Valid
    /// once every record was read without error.
    pub fn known_ids(&self) -> IdCheck {
        IdCheck::Known(match &self.ids {
            Ids::AsRead { repeats, .. } => repeats.as_slice().into(),
            // a reading checked at the end that ended without error has none
            Ids::AtEnd(_) => Arc::from([]),
            Ids::Known(known) => known.clone(),
        })
    }

    /// Where the id of `doc` was first used, if an earlier record used it.
    fn check_id(&mut self, doc: &Document) -> Result<Option<Origin>, CorpusError> {
        let index = self.checked;
        self.checked += 1;
        match &mut self.ids {
            Ids::AsRead { seen, repeats } => {
                let first = seen.first(&doc.id);
                match &first {
                    Some(first) => repeats.push(RepeatedId {
                        index,
                        first: first.clone(),
                    }),
                    None => seen.insert(&doc.id, &doc.origin),
                }
                Ok(first)
            }
            Ids::AtEnd(sort) => {
                if let Some(sort) = sort {
                    sort.push(&doc.id, &doc.origin)?;
                }
                Ok(None)
            }
            Ids::Known(known) => Ok(known
                .binary_search_by_key(&index, |r| r.index)
                .ok()
                .map(|k| known[k].first.clone())),
        }
    }

    /// With ids checked at the end, the first repeated id, which stops the
    /// reading before anything after it (`None` otherwise, and when done).
    fn ids_at_end(&mut self) -> Option<CorpusError> {
        let Ids::AtEnd(sort) = &mut self.ids else {
            return None;
        };
        match sort.take()?.finish() {
            Ok(Some(p)) => Some(CorpusError::Record(p)),
            Ok(None) => None,
            Err(e) => Some(e),
        }
    }

    /// Ends the reading with `e`, or with an earlier repeated id.
    fn fail(&mut self, e: CorpusError) -> Option<Result<Document, CorpusError>> {
        self.done = true;
        Some(Err(self.ids_at_end().unwrap_or(e)))
    }

    fn open_next(&mut self) -> Option<Result<Source, CorpusError>> {
        let path = self.inputs.pop_front()?;
        Some(input_format(&path, self.options.format).and_then(|fmt| {
            let (fields, limit) = (self.options.fields.clone(), self.options.max_record_bytes);
            match fmt {
                InputFormat::Dir => dir::open(&path, limit),
                InputFormat::Jsonl => {
                    jsonl::open_jsonl(&path, fields, self.options.spool.as_deref(), limit)
                }
                InputFormat::Csv => records::open_csv(&path, b',', fields, limit),
                InputFormat::Tsv => records::open_csv(&path, b'\t', fields, limit),
            }
        }))
    }

    /// Where there was nothing to read: ` in INPUT, ...`.
    fn nothing_in(&self) -> String {
        let name = |p: &PathBuf| {
            if p.as_os_str() == "-" {
                "standard input".to_string()
            } else if p.is_dir() {
                format!("{} (a directory without .txt files)", p.display())
            } else {
                p.display().to_string()
            }
        };
        let names: Vec<String> = self.all.iter().map(name).collect();
        format!(" in {}", names.join(", "))
    }

    /// Applies the policies to one problem: `Some(err)` stops the run.
    fn problem(&mut self, p: RecordProblem) -> Option<CorpusError> {
        match self.options.on_error {
            OnError::Stop => Some(CorpusError::Record(p)),
            OnError::Skip => {
                self.skipped.push(Skipped::from(&p));
                None
            }
        }
    }

    fn accept(&mut self, mut doc: Document) -> Result<Option<Document>, CorpusError> {
        if doc.outlet.trim().is_empty() {
            match &self.options.missing_outlet {
                MissingOutlet::Error => {
                    self.missing_total += 1;
                    if self.missing.len() < 20 {
                        self.missing.push(doc.origin.clone());
                    }
                    return Ok(None);
                }
                MissingOutlet::Skip => {
                    self.skipped.push(Skipped::from(&RecordProblem {
                        origin: doc.origin.clone(),
                        id: Some(doc.id.clone()),
                        kind: ProblemKind::MissingOutlet,
                    }));
                    return Ok(None);
                }
                MissingOutlet::Document => doc.outlet = doc.id.clone(),
                MissingOutlet::Assign(name) => doc.outlet = name.clone(),
            }
        }
        doc.outlet = doc.outlet.trim().to_string();
        // an unreadable date is kept as given; the run counts and reports it
        if let Some(iso) = doc
            .date
            .as_deref()
            .and_then(|d| normalize_date(d, self.options.date_order))
        {
            doc.date = Some(iso);
        }
        if doc.text.trim().is_empty() {
            return self
                .problem(RecordProblem {
                    origin: doc.origin,
                    id: Some(doc.id),
                    kind: ProblemKind::Empty,
                })
                .map_or(Ok(None), Err);
        }
        if let Some(first) = self.check_id(&doc)? {
            let p = RecordProblem {
                origin: doc.origin,
                id: Some(doc.id),
                kind: ProblemKind::DuplicateId { first },
            };
            return self.problem(p).map_or(Ok(None), Err);
        }
        if self.missing_total > 0 {
            return Ok(None); // the run will fail; read on only to list them all
        }
        self.read += 1;
        Ok(Some(doc))
    }
}

impl Iterator for Reader {
    type Item = Result<Document, CorpusError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let Some(source) = &mut self.current else {
                match self.open_next() {
                    Some(Ok(s)) => self.current = Some(s),
                    Some(Err(e)) => return self.fail(e),
                    None => {
                        if let Some(e) = self.ids_at_end() {
                            return self.fail(e);
                        }
                        self.done = true;
                        if self.missing_total > 0 {
                            return Some(Err(CorpusError::MissingOutlets {
                                shown: std::mem::take(&mut self.missing),
                                total: self.missing_total,
                            }));
                        }
                        if self.read == 0 {
                            let why = if self.skipped.is_empty() {
                                self.nothing_in()
                            } else {
                                format!(
                                    "{}: all {} records were skipped",
                                    self.nothing_in(),
                                    self.skipped.len()
                                )
                            };
                            return Some(Err(CorpusError::Empty(why)));
                        }
                    }
                }
                continue;
            };
            let outcome = match source.next() {
                None => {
                    self.current = None;
                    continue;
                }
                Some(Ok(doc)) => self.accept(doc),
                Some(Err(SourceError::Record(p))) => self.problem(p).map_or(Ok(None), Err),
                Some(Err(SourceError::Fatal(e))) => Err(e),
            };
            match outcome {
                Ok(Some(doc)) => return Some(Ok(doc)),
                Ok(None) => {}
                Err(e) => return self.fail(e),
            }
        }
        None
    }
}
