//! The reader: documents from every input in turn, with the user's
//! policies for bad records and missing outlets applied, and duplicate ids
//! caught across inputs.

use std::path::PathBuf;
use std::sync::Arc;

use super::ids::{IdCheck, IdSort, KnownRepeats, RepeatedId, SeenIds};
use super::known_ids::Cursor;
use super::{
    dates::normalize as normalize_date, dir, input_format, jsonl, records, CorpusError, Document,
    InputFormat, MissingOutlet, OnError, Origin, ProblemKind, ReadOptions, ReadWarnings,
    RecordProblem, Skipped, SkippedList, Source, SourceError,
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
    /// Gathered for a later reading, never a problem here (`None` once
    /// handed over).
    Gather(Option<IdSort>),
    /// Known from an earlier pass.
    Known(Cursor),
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
    skipped: SkippedList,
    warnings: ReadWarnings,
    /// The outlets read, to warn of names that differ only in case.
    cases: super::outlet_case::OutletCases,
    missing: Vec<Origin>,
    missing_total: usize,
    read: usize,
    done: bool,
    /// Standard input copied aside by the reading of the ids ahead, when
    /// the options had no spool for it; removed with the reader.
    _stdin_copy: Option<crate::output::StdinSpool>,
    /// The copy of standard input read in its place, named `-` in origins.
    stdin_at: Option<PathBuf>,
    /// Whether the current input is that copy.
    reading_stdin: bool,
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
        let ahead = match &options.ids {
            IdCheck::AtEnd(dir) if options.on_error == OnError::Skip => Some(dir),
            IdCheck::Ahead(dir) => Some(dir),
            _ => None,
        };
        if let Some(dir) = ahead {
            return Reader::ids_ahead(inputs, options.clone(), dir.as_deref());
        }
        let ids = match &options.ids {
            IdCheck::AtEnd(dir) => Ids::AtEnd(Some(IdSort::new(dir.as_deref())?)),
            IdCheck::Known(known) => Ids::Known(Cursor::new(known.clone())),
            _ => Ids::AsRead {
                seen: SeenIds::default(),
                repeats: Vec::new(),
            },
        };
        Ok(Reader::with_ids(inputs, options, ids))
    }

    fn with_ids(inputs: &[PathBuf], options: ReadOptions, ids: Ids) -> Reader {
        let stdin_at = options.stdin_copy.clone();
        Reader {
            all: inputs.to_vec(),
            inputs: inputs.iter().cloned().collect(),
            current: None,
            options,
            ids,
            checked: 0,
            skipped: SkippedList::default(),
            warnings: ReadWarnings::default(),
            cases: Default::default(),
            missing: Vec::new(),
            missing_total: 0,
            read: 0,
            done: false,
            _stdin_copy: None,
            stdin_at,
            reading_stdin: false,
        }
    }

    /// A reader whose ids were checked in a reading of their own
    /// ([`IdCheck::Ahead`]), which stops where the inputs first fail: the
    /// documents' reading fails there too, and no record after it counts.
    /// Standard input is copied aside by that reading and read from the
    /// copy.
    fn ids_ahead(
        inputs: &[PathBuf],
        mut options: ReadOptions,
        dir: Option<&std::path::Path>,
    ) -> Result<Reader, CorpusError> {
        let stdin = inputs.iter().any(|p| p.as_os_str() == "-");
        let mut copy = None;
        if stdin && options.spool.is_none() {
            // read again as JSONL, as standard input is (`stdin.jsonl`)
            let made = match dir {
                Some(d) => crate::output::StdinSpool::new_in(d),
                None => crate::output::StdinSpool::new(),
            };
            let spool = made.map_err(|source| CorpusError::Read {
                path: dir.map_or_else(std::env::temp_dir, |d| d.to_path_buf()),
                source,
            })?;
            options.spool = Some(spool.file());
            copy = Some(spool);
        }
        let sort = IdSort::new(dir)?;
        let mut gather = Reader::with_ids(inputs, options.clone(), Ids::Gather(Some(sort)));
        let failed = gather.find_map(Result::err);
        let known = match &mut gather.ids {
            Ids::Gather(sort) => match sort.take() {
                Some(sort) => sort.repeats()?,
                None => KnownRepeats::none(),
            },
            _ => KnownRepeats::none(),
        };
        // The reading stops at the first repeat, before this error, or
        // fails with it as this reading did.
        if let Some(e) = failed {
            if known.is_empty() || options.on_error == OnError::Skip {
                return Err(e);
            }
        }
        let stdin_at = options.spool.clone().filter(|_| stdin);
        let (inputs, options) = match &stdin_at {
            Some(spool) => options.second_pass(inputs, spool),
            None => (inputs.to_vec(), options),
        };
        // The reading of the ids ahead recorded what it read (standard
        // input as `-`, not its copy).
        let options = ReadOptions {
            ids: IdCheck::Known(Arc::new(known)),
            digests: None,
            ..options
        };
        let mut reader = Reader::open(&inputs, options)?;
        reader.all = gather.all;
        reader._stdin_copy = copy;
        reader.stdin_at = stdin_at;
        Ok(reader)
    }

    /// Records read so far: documents handed out and records skipped.
    pub fn records_read(&self) -> u64 {
        self.read as u64 + self.skipped.len() as u64
    }

    /// Records skipped so far.
    pub fn skipped(&self) -> &SkippedList {
        &self.skipped
    }

    /// Records skipped so far, taken from the reader.
    pub fn take_skipped(&mut self) -> SkippedList {
        std::mem::take(&mut self.skipped)
    }

    /// The warnings of the reading so far, taken from the reader.
    pub fn take_warnings(&mut self) -> ReadWarnings {
        std::mem::take(&mut self.warnings)
    }

    /// Lists `p` among the records skipped.
    fn skip(&mut self, p: &RecordProblem) -> Result<(), CorpusError> {
        self.skipped
            .push(&Skipped::from(p))
            .map_err(|source| CorpusError::Read {
                path: std::env::temp_dir().join("(the list of skipped records)"),
                source,
            })
    }

    /// What this reading learnt of the ids, for a later pass over the same
    /// inputs with the same options: the records that repeat an id. Valid
    /// once every record was read without error.
    pub fn known_ids(&self) -> IdCheck {
        IdCheck::Known(match &self.ids {
            Ids::AsRead { repeats, .. } => Arc::new(KnownRepeats::from(repeats.clone())),
            // a reading checked at the end that ended without error has none
            Ids::AtEnd(_) | Ids::Gather(_) => Arc::new(KnownRepeats::none()),
            Ids::Known(cursor) => cursor.known.clone(),
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
            Ids::AtEnd(sort) | Ids::Gather(sort) => {
                if let Some(sort) = sort {
                    sort.push(&doc.id, &doc.origin)?;
                }
                Ok(None)
            }
            Ids::Known(cursor) => cursor.at(index).map_err(|source| CorpusError::Read {
                path: std::env::temp_dir(),
                source,
            }),
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
        self.reading_stdin = self.stdin_at.as_ref() == Some(&path);
        Some(input_format(&path, self.options.format).and_then(|fmt| {
            let (fields, limit) = (self.options.fields.clone(), self.options.max_record_bytes);
            let digests = self.options.digests.as_ref();
            let spool = self.options.spool.as_deref();
            match fmt {
                InputFormat::Dir => dir::open(&path, limit, digests),
                InputFormat::Jsonl => jsonl::open_jsonl(&path, fields, spool, limit, digests),
                InputFormat::Csv => records::open_csv(&path, b',', fields, limit, digests),
                InputFormat::Tsv => records::open_csv(&path, b'\t', fields, limit, digests),
            }
        }))
    }

    /// Where there was nothing to read: ` in INPUT, ...`.
    fn nothing_in(&self) -> String {
        let name = |p: &PathBuf| {
            if p.as_os_str() == "-" || self.stdin_at.as_ref() == Some(p) {
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
            OnError::Skip => self.skip(&p).err(),
        }
    }

    fn accept(&mut self, mut doc: Document) -> Result<Option<Document>, CorpusError> {
        // an outlet per document, named by its id, has no other spellings
        let per_document = doc.outlet.trim().is_empty()
            && matches!(self.options.missing_outlet, MissingOutlet::Document);
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
                    self.skip(&RecordProblem {
                        origin: doc.origin.clone(),
                        id: Some(doc.id.clone()),
                        kind: ProblemKind::MissingOutlet,
                    })?;
                    return Ok(None);
                }
                MissingOutlet::Document => {
                    if let Err(kind) = super::check_outlet_length(doc.id.trim()) {
                        let problem = RecordProblem {
                            origin: doc.origin.clone(),
                            id: None,
                            kind,
                        };
                        return self.problem(problem).map_or(Ok(None), Err);
                    }
                    doc.outlet = doc.id.clone()
                }
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
        if !per_document {
            if let Some(w) = self.cases.record(&doc.outlet, &doc.origin) {
                self.warnings.push(w);
            }
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
            let mut next = source.next();
            if self.reading_stdin {
                match &mut next {
                    Some(Ok(doc)) => doc.origin.file = "-".into(),
                    Some(Err(SourceError::Record(p))) => p.origin.file = "-".into(),
                    _ => {}
                }
            }
            let outcome = match next {
                None => {
                    self.current = None;
                    continue;
                }
                Some(Ok(doc)) => self.accept(doc),
                Some(Err(SourceError::Record(p))) => self.problem(p).map_or(Ok(None), Err),
                Some(Err(SourceError::Fatal(e))) => Err(e),
                Some(Err(SourceError::Warning(w))) => {
                    self.warnings.push(w);
                    Ok(None)
                }
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
