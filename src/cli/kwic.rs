//! `slant kwic PATTERN INPUT...`: every hit of a pattern with its context.

use std::io::Write;
use std::path::PathBuf;

use slant::corpus::Reader;
use slant::kwic::{pattern_matcher, pattern_set, Kwic, KwicRow};
use slant::stream;

use slant::output::AtomicFile;

use super::common::{set_threads, CorpusArgs};

/// Keyword in context.
///
/// Prints every hit of PATTERN (lexicon syntax: a word or phrase, a
/// trailing * for any ending; hyphen, dash and quote variants match alike)
/// with the words around it, in quanteda's kwic columns: docname, from, to,
/// pre, keyword, post, pattern (then outlet and byte offsets).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The pattern, e.g. "illegal annex*"
    #[arg(value_name = "PATTERN")]
    pattern: String,

    /// Directories of .txt files with a manifest.csv, .jsonl or .csv/.tsv files (optionally .gz), or - for JSONL on standard input
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Another pattern (repeatable)
    #[arg(short = 'e', long = "also", value_name = "PATTERN")]
    also: Vec<String>,

    /// Words of context on each side
    #[arg(short, long, value_name = "N", default_value_t = 5)]
    window: usize,

    /// Match the case of the pattern exactly
    #[arg(long)]
    case_sensitive: bool,

    /// Output format: an aligned text table, CSV, or JSON lines
    #[arg(long, value_name = "text|csv|jsonl", default_value = "text", value_parser = ["text", "csv", "jsonl"])]
    format: String,

    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Worker threads [default: all cores]
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,

    /// Nothing on standard error but errors (no hit count)
    #[arg(short, long)]
    quiet: bool,

    #[command(flatten)]
    corpus: CorpusArgs,
}

const COLUMNS: [&str; 10] = [
    "docname", "from", "to", "pre", "keyword", "post", "pattern", "outlet", "start", "end",
];

pub fn run(args: Args) -> anyhow::Result<()> {
    set_threads(args.threads)?;
    let mut patterns = vec![args.pattern.clone()];
    patterns.extend(args.also.iter().cloned());
    let set = pattern_set(&patterns, args.case_sensitive).map_err(anyhow::Error::msg)?;
    let matcher = pattern_matcher(&set)?;
    // Rows are written as documents are read: the ids are checked in a
    // reading of their own first (memory flat in records), so that a
    // repeated id stops the rows where a check as read would.
    let read = slant::corpus::ReadOptions {
        ids: slant::corpus::IdCheck::Ahead(None),
        ..args.corpus.options()?
    };
    let mut reader = Reader::open(&args.inputs, read)?;
    // A file is written beside its target and renamed when complete.
    let (out, file): (Box<dyn Write + Send + Sync>, Option<AtomicFile>) = match &args.output {
        Some(path) => {
            let file = AtomicFile::create(path)?;
            (
                Box::new(std::io::BufWriter::new(file.writer()?)),
                Some(file),
            )
        }
        None => (Box::new(std::io::BufWriter::new(std::io::stdout())), None),
    };
    let mut sink = Sink::new(out, &args.format)?;
    let mut hits = 0usize;
    {
        let mut hook = Kwic::new(&set, args.window, |rows: Vec<KwicRow>| {
            hits += rows.len();
            rows.iter().try_for_each(|r| sink.row(r))
        });
        stream::run(&mut reader, &matcher, &mut hook, &|_, _| {})?;
    }
    sink.finish()?;
    if let Some(file) = file {
        file.commit()?;
    }
    if !args.quiet {
        super::progress::input_warnings(&reader.take_warnings(), None);
        eprintln!("slant: {hits} {}", if hits == 1 { "hit" } else { "hits" });
    }
    Ok(())
}

/// Where KWIC rows go, in one of three formats.
enum Sink {
    Csv(Box<csv::Writer<Box<dyn Write + Send + Sync>>>),
    Lines {
        out: Box<dyn Write + Send + Sync>,
        json: bool,
    },
}

impl Sink {
    fn new(out: Box<dyn Write + Send + Sync>, format: &str) -> anyhow::Result<Sink> {
        Ok(match format {
            "csv" => {
                let mut w = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(out);
                w.write_record(COLUMNS)?;
                Sink::Csv(Box::new(w))
            }
            f => Sink::Lines {
                out,
                json: f == "jsonl",
            },
        })
    }

    fn row(&mut self, r: &KwicRow) -> std::io::Result<()> {
        match self {
            // an I/O error stays one, so that a closed pipe is seen as such
            Sink::Csv(w) => w.serialize(r).map_err(|e| {
                // said in words, not as Rust's debug form of the error
                if !e.is_io_error() {
                    return std::io::Error::other(e.to_string());
                }
                match e.into_kind() {
                    csv::ErrorKind::Io(io) => io,
                    _ => std::io::Error::other("writing a CSV row failed"),
                }
            }),
            Sink::Lines { out, json: true } => {
                serde_json::to_writer(&mut *out, r)?;
                out.write_all(b"\n")
            }
            Sink::Lines { out, json: false } => writeln!(
                out,
                "[{}, {}:{}] {:>40} | {} | {}",
                r.docname,
                r.from,
                r.to,
                tail(&r.pre, 40),
                r.keyword,
                head(&r.post, 40)
            ),
        }
    }

    fn finish(self) -> std::io::Result<()> {
        match self {
            Sink::Csv(mut w) => w.flush(),
            Sink::Lines { mut out, .. } => out.flush(),
        }
    }
}

fn tail(s: &str, n: usize) -> String {
    let count = s.chars().count();
    if count <= n {
        s.to_string()
    } else {
        format!("...{}", s.chars().skip(count - n + 3).collect::<String>())
    }
}

fn head(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}...", s.chars().take(n - 3).collect::<String>())
    }
}
