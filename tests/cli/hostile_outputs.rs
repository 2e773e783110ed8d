//! The hostile-input suite's rows for files and folders slant did not write
//! (issue 9, "Data loss"): an `--out` folder holding a project, a report
//! folder with the user's notes in it, an `--out` under a regular file, and
//! `-o` naming a file that is not slant's (`train`, `map`, `merge`). Each
//! fails before any work, naming the file and what to do, and every file is
//! left as it was (checked by the suite for every row).

use super::hostile::{analyze, case, jsonl, run_all, with, Case, Want};

/// A corpus of two outlets.
fn corpus() -> String {
    format!(
        "{}{}",
        jsonl("1", "A", "Kyiv said."),
        jsonl("2", "B", "Kiev said.")
    )
}

fn failing(corpus: &[u8]) -> Vec<Case> {
    let thesis: &[u8] = b"\\documentclass{article}\n";
    let seeds: &'static str =
        Box::leak(crate::util::seeds().display().to_string().into_boxed_str());
    vec![
        case(
            "--out a project folder slant did not write",
            &[
                ("n.jsonl", corpus),
                ("project/results.json", b"{}"),
                ("project/src/main.py", b"print()\n"),
                ("project/thesis.tex", thesis),
            ],
            &with(analyze("n.jsonl"), &["--out", "project"]),
            Want::Fails("output folder project exists and is not a slant report: it holds results.json, src/, thesis.tex"),
        ),
        case(
            "a report folder with the user's notes in it",
            &[
                ("n.jsonl", corpus),
                ("prev/notes.md", b"# my notes\n"),
                ("prev/nb/look.ipynb", b"{}"),
            ],
            &analyze("n.jsonl"),
            Want::Fails("output folder prev holds files slant did not write: nb/, notes.md"),
        ),
        case(
            "--out under a regular file",
            &[("n.jsonl", corpus), ("file.txt", b"x")],
            &with(analyze("n.jsonl"), &["--out", "file.txt/report"]),
            Want::Fails("cannot write file.txt/report: file.txt is a file, not a folder"),
        ),
        case(
            "train -o a file that is not a model",
            &[("thesis.tex", thesis)],
            &["train", seeds, "-o", "thesis.tex", "-q"],
            Want::Fails("thesis.tex exists and is not a slant model"),
        ),
        case(
            "map -o a file that is not a partial",
            &[("n.jsonl", corpus), ("thesis.tex", thesis)],
            &["map", "n.jsonl", "-o", "thesis.tex", "-q"],
            Want::Fails("thesis.tex exists and is not a slant partial result"),
        ),
        case(
            "merge -o a file that is not a partial",
            &[("thesis.tex", thesis)],
            &["merge", "thesis.tex", "-o", "thesis.tex", "-q"],
            Want::Fails("thesis.tex exists and is not a slant partial result"),
        ),
    ]
}

#[test]
fn folders_and_files_slant_did_not_write_are_refused_and_kept() {
    let corpus = corpus();
    let cases: Vec<Case> = failing(corpus.as_bytes());
    run_all(&cases);
}
