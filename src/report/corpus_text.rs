//! What the report says of the corpus under its totals, before any score:
//! warnings from reading, matches not counted for lack of topic, outlets
//! named with `--highlight` that the corpus lacks, boilerplate and wire
//! copy, and documents off an axis's topic. `report.md` and `report.html`
//! both render these caveats, from one [`CorpusSummary`], so that a reader
//! of either learns that not every document or match feeds the scores.

use std::fmt::Write;

use super::{CorpusSummary, Report};

/// A run of text in a caveat.
#[derive(Debug, PartialEq)]
pub(super) enum Span {
    /// Prose, escaped by each format.
    Text(String),
    /// A file, column or option name, shown as code.
    Code(String),
}

/// A caveat: a paragraph, or a list of items.
#[derive(Debug, PartialEq)]
pub(super) enum Block {
    /// A paragraph.
    Para(Vec<Span>),
    /// A list.
    List(Vec<Vec<Span>>),
}

fn t(s: impl Into<String>) -> Span {
    Span::Text(s.into())
}

fn c(s: impl Into<String>) -> Span {
    Span::Code(s.into())
}

/// The caveats of `s`, in the order the report gives them.
pub(super) fn caveats(rep: &Report, s: &CorpusSummary) -> Vec<Block> {
    let mut out = Vec::new();
    input_warnings(&mut out, &s.input_warnings);
    if s.out_of_context > 0 {
        out.push(Block::Para(vec![
            t(format!(
                "{} further matches were not counted: their terms need the lexicon's topic \
                 nearby (within the paragraphs its context allows) and it was not there (",
                s.out_of_context
            )),
            c(rep.outputs().table_name("documents")),
            t(", column "),
            c("out_of_context"),
            t(")."),
        ]));
    }
    let unknown = super::selection::unknown_highlights(&rep.tables().outlets, &rep.meta.highlight);
    for (name, near) in unknown {
        out.push(Block::Para(vec![
            c(format!("--highlight {name}")),
            t(format!(
                ": the corpus has no such outlet (nearest: {}).",
                near.join(", ")
            )),
        ]));
    }
    repeats(&mut out, s);
    empty_documents(&mut out, s, rep.outputs().table_name("documents"));
    for (axis, n) in s.off_topic.iter().filter(|(_, n)| *n > 0) {
        out.push(Block::Para(vec![
            t(format!(
                "{n} of {} documents are off-topic for ",
                s.documents
            )),
            c(axis.as_str()),
            t(
                ": no word of its topic context occurs in them, so they have no score on it, \
               from the lexicon or the model, and count in no outlet's score (",
            ),
            c(rep.outputs().table_name("documents")),
            t(", column "),
            c(format!("off_topic_{axis}")),
            t("; "),
            c("outlets.csv"),
            t(", column "),
            c("off_topic_docs"),
            t(")."),
        ]));
    }
    out
}

/// What the reading found that may be wrong: a paragraph and a list.
fn input_warnings(out: &mut Vec<Block>, w: &crate::corpus::ReadWarnings) {
    if w.is_empty() {
        return;
    }
    out.push(Block::Para(vec![t(format!(
        "Reading the input gave {} warning{} (not errors: check the lines named):",
        w.total,
        if w.total == 1 { "" } else { "s" }
    ))]));
    let mut items: Vec<Vec<Span>> = w
        .listed
        .iter()
        .map(|one| {
            vec![
                c(format!("{}:{}", one.file, one.line)),
                t(format!(": {}", one.message)),
            ]
        })
        .collect();
    if w.more() > 0 {
        items.push(vec![t(format!("and {} more", w.more()))]);
    }
    out.push(Block::List(items));
}

/// Boilerplate and wire copy found before matching.
fn repeats(out: &mut Vec<Block>, s: &CorpusSummary) {
    let (lines, masked) = (s.boilerplate_lines, s.boilerplate_masked);
    if lines > 0 {
        let mut p = vec![
            t(format!(
                "Boilerplate: {lines} {} repeated in at least 3 documents and 5% of an outlet's (",
                if lines == 1 { "line" } else { "lines" },
            )),
            c("boilerplate.csv"),
            t(
                "), and runs of 8 words repeated 3 times or more within a document (such as \
               gallery captions), were ",
            ),
        ];
        if masked {
            p.push(t("left out of matching, keyness and the model."));
        } else {
            p.extend([t("found and kept ("), c("--keep-boilerplate"), t(").")]);
        }
        out.push(Block::Para(p));
    }
    let (groups, copies, dropped) = (s.duplicate_groups, s.duplicate_copies, s.duplicates_dropped);
    if groups > 0 {
        let mut p = vec![
            t(format!(
                "Wire copy: {groups} {} found again, identical or nearly, in {copies} more {} (",
                if groups == 1 {
                    "text was"
                } else {
                    "texts were"
                },
                if copies == 1 { "document" } else { "documents" },
            )),
            c("duplicates.csv"),
        ];
        if dropped {
            p.extend([
                t("); only the first copy of each was counted ("),
                c("--duplicates drop"),
                t(")."),
            ]);
        } else {
            p.extend([
                t("); every outlet's copy counts ("),
                c("--duplicates drop"),
                t(" keeps only the first)."),
            ]);
        }
        out.push(Block::Para(p));
    }
}

/// Documents with no word token to match, if any: an outlet whose
/// documents repeat the same lines (differing only in their numbers, which
/// line matching reads as alike) can lose every word of them to
/// boilerplate, and its rows of zeros would otherwise pass unremarked.
fn empty_documents(out: &mut Vec<Block>, s: &CorpusSummary, documents: String) {
    let n = s.empty_documents;
    if n == 0 {
        return;
    }
    let (docs, have) = if n == 1 {
        ("document", "has")
    } else {
        ("documents", "have")
    };
    let masked = s.boilerplate_masked && s.boilerplate_lines > 0;
    let mut p = vec![t(format!(
        "{n} of {} {docs} {have} no word token{} (",
        s.documents,
        if masked {
            " left once boilerplate was left out of matching"
        } else {
            ""
        }
    ))];
    p.extend([
        c(documents),
        t(", column "),
        c("tokens"),
        t(" 0): they add nothing to any count or score."),
    ]);
    if masked {
        p.extend([
            t(" Check "),
            c("boilerplate.csv"),
            t(" for lines that are an outlet's text rather than its page furniture, or run with "),
            c("--keep-boilerplate"),
            t("."),
        ]);
    }
    out.push(Block::Para(p));
}

/// The caveats as Markdown, each block followed by a blank line.
pub(super) fn markdown(blocks: &[Block]) -> String {
    use super::md::{code, esc};
    let line = |spans: &[Span]| -> String {
        spans
            .iter()
            .map(|s| match s {
                Span::Text(x) => esc(x),
                Span::Code(x) => code(x),
            })
            .collect()
    };
    let mut md = String::new();
    for b in blocks {
        match b {
            Block::Para(p) => md.push_str(&line(p)),
            Block::List(items) => {
                let items: Vec<String> = items.iter().map(|i| format!("- {}", line(i))).collect();
                md.push_str(&items.join("\n"));
            }
        }
        md.push_str("\n\n");
    }
    md
}

/// The caveats as HTML paragraphs and lists.
pub(super) fn html(blocks: &[Block], esc: &dyn Fn(&str) -> String) -> String {
    let line = |spans: &[Span]| -> String {
        spans
            .iter()
            .map(|s| match s {
                Span::Text(x) => esc(x),
                Span::Code(x) => format!("<code>{}</code>", esc(x)),
            })
            .collect()
    };
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Para(p) => {
                let _ = writeln!(out, "<p>{}</p>", line(p));
            }
            Block::List(items) => {
                out.push_str("<ul>");
                for i in items {
                    let _ = write!(out, "<li>{}</li>", line(i));
                }
                out.push_str("</ul>\n");
            }
        }
    }
    out
}
