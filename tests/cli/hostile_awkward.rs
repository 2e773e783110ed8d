//! Awkward inputs that must run (the other half of `hostile.rs`'s suite):
//! each runs with exit status 0, no panic, and leaves its own files and
//! the previous report as they were.

use super::hostile::{analyze, case, jsonl, with, Case, Want};

/// Awkward inputs that must run.
pub(super) fn running() -> Vec<Case> {
    let wire = "Russia annexed Crimea in 2014, the agency reported from Kyiv.";
    let same: String = ["A", "B", "C", "D"]
        .iter()
        .enumerate()
        .map(|(i, o)| jsonl(&i.to_string(), o, wire))
        .collect();
    vec![
        case(
            "wire copy: four outlets with one text",
            &[("w.jsonl", same.as_bytes())],
            &with(analyze("w.jsonl"), &["--min-docs", "1"]),
            Want::Runs(Some(4)),
        ),
        case(
            "wire copy through compare",
            &[("w.jsonl", same.as_bytes())],
            &["compare", "w.jsonl", "-q"],
            Want::Runs(None),
        ),
        case(
            "a single outlet",
            &[(
                "one.jsonl",
                format!(
                    "{}{}",
                    jsonl("1", "A", "Kyiv said."),
                    jsonl("2", "A", "Kiev said.")
                )
                .as_bytes(),
            )],
            &analyze("one.jsonl"),
            Want::Runs(None),
        ),
        case(
            "a multi-line quoted CSV text field",
            &[(
                "ml.csv",
                b"id,outlet,text\n1,A,\"Kyiv said.\n\nA second paragraph.\"\n2,B,Kiev said\n",
            )],
            &with(analyze("ml.csv"), &["--min-docs", "1"]),
            Want::Runs(Some(2)),
        ),
        case(
            "a multi-line CSV text field with commas and a line shaped like a row",
            &[(
                "ml.csv",
                b"id,outlet,text\nabc,A,\"Kyiv said, and Moscow, too.\nIn Crimea, officials said,\nThe end,really,yes\"\nxyz,B,Kiev said\n",
            )],
            &with(analyze("ml.csv"), &["--min-docs", "1"]),
            Want::Runs(Some(2)),
        ),
        case(
            "a multi-line CSV text whose row-shaped line names no outlet of the file",
            &[(
                "ml.csv",
                b"id,outlet,text\nk1,A,Kyiv\nk2,B,Kiev\nabc,A,\"Kyiv said, and Moscow, too.\nThe end,really,yes\"\nxyz,B,Kiev said\n",
            )],
            &with(analyze("ml.csv"), &["--min-docs", "1"]),
            Want::Runs(Some(2)),
        ),
        case(
            "a multi-line CSV text with a dateline line of its own",
            &[(
                "ml.csv",
                b"outlet,text\nA,Kyiv\nKyiv Post,\"KYIV, Ukraine\nKyiv,Ukraine (Reuters)\nThe minister said.\"\nB,Kiev said\n",
            )],
            &with(analyze("ml.csv"), &["--min-docs", "1"]),
            Want::Runs(Some(3)),
        ),
        case(
            "a CSV as pandas writes it: multi-paragraph texts, doubled quotes, CRLF",
            &[(
                "pd.csv",
                b",id,outlet,date,text\r\n0,1,A,2022-02-24,\"Russia invaded Ukraine.\n\nIn Kyiv, \"\"sirens\"\" sounded,\nA said.\"\r\n1,2,B,2022-02-24,\"Kiev, the capital.\n\n2,B,2022\"\r\n2,3,A,2022-02-25,Kyiv again\r\n",
            )],
            &with(analyze("pd.csv"), &["--min-docs", "1"]),
            Want::Runs(Some(2)),
        ),
        case(
            "a CSV as Excel writes it: every text quoted, CRLF, a BOM",
            &[(
                "xl.csv",
                b"\xEF\xBB\xBFid,outlet,text\r\nd1,A,\"Kyiv said.\r\nSecond paragraph, with commas, here.\"\r\nd2,B,\"Kiev said.\r\nd9,Z,quoted in the text\"\r\nd3,A,\"Kyiv\"\r\n",
            )],
            &with(analyze("xl.csv"), &["--min-docs", "1"]),
            Want::Runs(Some(2)),
        ),
        case(
            "one outlet written in NFC and NFD",
            &[(
                "cafe.jsonl",
                format!(
                    "{}{}",
                    jsonl("1", "Caf\u{e9}", "Kyiv said."),
                    jsonl("2", "Cafe\u{301}", "Kiev said.")
                )
                .as_bytes(),
            )],
            &with(analyze("cafe.jsonl"), &["--min-docs", "1"]),
            Want::Runs(Some(1)),
        ),
        case(
            "a document of one word per line",
            &[(
                "lines.jsonl",
                jsonl("1", "A", &"Kyiv\\n".repeat(5000)).as_bytes(),
            )],
            &analyze("lines.jsonl"),
            Want::Runs(None),
        ),
        case(
            "an outlet name of exactly 1,000 bytes",
            &[(
                "long.jsonl",
                format!("{}{}", jsonl("1", &"a".repeat(1000), "Kyiv said."), jsonl("2", "B", "Kiev said.")).as_bytes(),
            )],
            &with(analyze("long.jsonl"), &["--min-docs", "1"]),
            Want::Runs(Some(2)),
        ),
        case(
            "a manifest naming ./a.txt and sub/b.txt",
            &[
                ("c/manifest.csv", b"file,outlet\n./a.txt,A\nsub/b.txt,B\n"),
                ("c/a.txt", b"Kyiv said."),
                ("c/sub/b.txt", b"Kiev said."),
            ],
            &with(analyze("c"), &["--min-docs", "1"]),
            Want::Runs(Some(2)),
        ),
        // F1 rest: a quote left open that closes at a line end, after a
        // row-shaped line whose id is not numbered and whose outlet no
        // record uses, reads as one record (with a warning, see
        // input_warnings.rs): it cannot be told from text.
        case(
            "a CSV quote that swallows a row-shaped line and closes at a line end",
            &[("f1.csv", b"id,outlet,text\nabc,A,\"Russia annexed Crimea\nxyz,B,Kiev said\"\npqr,C,Kyiv said\n")],
            &with(analyze("f1.csv"), &["--min-docs", "1"]),
            Want::Runs(Some(2)),
        ),
    ]
}
