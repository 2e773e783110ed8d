//! More bad inputs of `hostile.rs`'s suite: the rows an audit of issue 9
//! added (outlet names capped, manifest rows confined and held to
//! `--max-record-mb`, UTF-16 named as such, `-o` checked before work, a
//! quoted field past the limit). Each must fail, naming where.

use super::hostile::{analyze, case, jsonl, with, Case, Want};

/// The audit's bad inputs.
pub(super) fn failing() -> Vec<Case> {
    vec![
        // issue 9 audit, F3: outlet names capped at 1,000 bytes in every
        // reader, and manifest rows held to --max-record-mb
        case(
            "a manifest row over --max-record-mb",
            &[
                ("c/manifest.csv", format!("file,outlet\na.txt,{}\n", "a".repeat(1_100_000)).as_bytes()),
                ("c/a.txt", b"Kyiv said."),
            ],
            &with(analyze("c"), &["--max-record-mb", "1"]),
            Want::Fails("c/manifest.csv:2: a record larger than 1 MB, the most slant reads in one (raise the limit with --max-record-mb)"),
        ),
        case(
            "a JSONL outlet name of 1,001 bytes",
            &[("long.jsonl", jsonl("1", &"a".repeat(1001), "Kyiv said.").as_bytes())],
            &analyze("long.jsonl"),
            Want::Fails("long.jsonl:1: document `1`: outlet name of 1001 bytes, longer than 1000"),
        ),
        case(
            "a CSV outlet name of 3,000 bytes",
            &[("long.csv", format!("id,outlet,text\n1,{},Kyiv said\n", "\u{e9}".repeat(1500)).as_bytes())],
            &analyze("long.csv"),
            Want::Fails("long.csv:2: document `1`: outlet name of 3000 bytes, longer than 1000"),
        ),
        case(
            "a manifest outlet name of 2,000 bytes",
            &[
                ("c/manifest.csv", format!("file,outlet\na.txt,{}\n", "a".repeat(2000)).as_bytes()),
                ("c/a.txt", b"Kyiv said."),
            ],
            &analyze("c"),
            Want::Fails("c/manifest.csv:2: outlet name of 2000 bytes"),
        ),
        case(
            "--missing-outlet as:NAME of 1,001 bytes",
            &[("good.jsonl", jsonl("1", "A", "Kyiv said.").as_bytes())],
            &with(analyze("good.jsonl"), &["--missing-outlet", leak(format!("as:{}", "a".repeat(1001)))]),
            Want::Fails("outlet name of 1001 bytes, longer than 1000"),
        ),
        case(
            // the id, which would be the outlet, is refused first, as an id
            "--missing-outlet document with an id of 1,001 bytes",
            &[("noout.jsonl", format!("{{\"id\":\"{}\",\"text\":\"Kyiv said.\"}}\n", "i".repeat(1001)).as_bytes())],
            &with(analyze("noout.jsonl"), &["--missing-outlet", "document"]),
            Want::Fails("noout.jsonl:1: document id of 1001 bytes, longer than 1000"),
        ),
        case(
            "--highlight of 1,001 bytes",
            &[("good.jsonl", jsonl("1", "A", "Kyiv said.").as_bytes())],
            &with(analyze("good.jsonl"), &["--highlight", leak("h".repeat(1001))]),
            Want::Fails("outlet name of 1001 bytes, longer than 1000"),
        ),
        // F11: a manifest names files inside its folder only
        case(
            "a manifest naming /etc/passwd",
            &[
                ("c/manifest.csv", b"file,outlet\na.txt,A\n/etc/passwd,B\n"),
                ("c/a.txt", b"Kyiv said."),
            ],
            &with(analyze("c"), &["--sentences", "all"]),
            Want::Fails("c/manifest.csv:3: manifest names `/etc/passwd`, outside the manifest's folder"),
        ),
        case(
            "a manifest naming sub/../../x.txt",
            &[
                ("c/manifest.csv", b"file,outlet\na.txt,A\nsub/../../x.txt,B\n"),
                ("c/a.txt", b"Kyiv said."),
                ("x.txt", b"Kiev said."),
            ],
            &analyze("c"),
            Want::Fails("c/manifest.csv:3: manifest names `sub/../../x.txt`, outside the manifest's folder"),
        ),
        case(
            "a manifest naming a folder",
            &[
                ("c/manifest.csv", b"file,outlet\na.txt,A\nsub,B\n"),
                ("c/a.txt", b"Kyiv said."),
                ("c/sub/b.txt", b"Kiev said."),
            ],
            &analyze("c"),
            Want::Fails("c/manifest.csv:3: manifest names `sub`, which is a directory, not a regular file"),
        ),
        // F12: UTF-16 named as such, in every reader
        case(
            "a UTF-16 CSV",
            &[("u16.csv", &utf16("id,outlet,text\n1,A,Kyiv said\n"))],
            &analyze("u16.csv"),
            Want::Fails("u16.csv:1: is UTF-16 text, and slant reads UTF-8: convert it first, e.g. `iconv -f UTF-16 -t UTF-8"),
        ),
        case(
            "a UTF-16 JSONL file",
            &[("u16.jsonl", &utf16(&jsonl("1", "A", "Kyiv said.")))],
            &analyze("u16.jsonl"),
            Want::Fails("u16.jsonl:1: is UTF-16 text"),
        ),
        case(
            "a UTF-16 manifest",
            &[
                ("c/manifest.csv", &utf16("file,outlet\na.txt,A\n")),
                ("c/a.txt", b"Kyiv said."),
            ],
            &analyze("c"),
            Want::Fails("c/manifest.csv:1: manifest is UTF-16 text"),
        ),
        case(
            "a UTF-16 article",
            &[("c/a.txt", &utf16("Kyiv said."))],
            &analyze("c"),
            Want::Fails("c/a.txt:1: document `a`: is UTF-16 text"),
        ),
        // F12 and the caveat: -o names and folders checked before any work
        case(
            "train -o with a name of 300 bytes",
            &[("good.jsonl", jsonl("1", "A", "Kyiv said.").as_bytes())],
            &["train", "good.jsonl", "-q", "-o", leak(format!("{}.json", "m".repeat(295)))],
            Want::Fails("its name `mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm…` is 300 bytes, longer than the 255 bytes a file name may have; choose a shorter name"),
        ),
        case(
            "train -o into a folder no file can be made in",
            &[("good.jsonl", jsonl("1", "A", "Kyiv said.").as_bytes())],
            &["train", "good.jsonl", "-q", "-o", "/proc/m.json"],
            Want::Fails("cannot write /proc/m.json: no file can be made in folder /proc"),
        ),
        // F2: a quoted field that closes, but past the limit, names the limit
        case(
            "a closed quoted CSV field larger than --max-record-mb",
            &[("bigq.csv", leak(format!("id,outlet,text\n1,A,Kyiv\n2,B,\"{}\"\n3,A,Kyiv\n", "word ".repeat(220_000))).as_bytes())],
            &with(analyze("bigq.csv"), &["--max-record-mb", "1"]),
            Want::Fails("bigq.csv:3: a record larger than 1 MB, the most slant reads in one (raise the limit with --max-record-mb)"),
        ),
        // a second audit: a document id is held to 1,000 bytes (MAX_ID_BYTES)
        // and not echoed; one of 1,000 bytes (line 1) still reads
        case(
            "a JSONL document id of 1,001 bytes",
            &[("hid.jsonl", leak(jsonl(&"i".repeat(1000), "A", "Kyiv said.") + &jsonl(&"j".repeat(1001), "B", "Kiev said."))
                .as_bytes())],
            &with(analyze("hid.jsonl"), &["--min-docs", "1"]),
            Want::Fails("hid.jsonl:2: document id of 1001 bytes, longer than 1000, the most slant reads (is a text in the id column?)"),
        ),
        case(
            "a CSV document id of 5,000 bytes",
            &[("hid.csv", leak(format!("id,outlet,text\n1,A,Kyiv said\n{},B,Kiev said\n", "7".repeat(5000))).as_bytes())],
            &with(analyze("hid.csv"), &["--min-docs", "1"]),
            Want::Fails("hid.csv:3: document id of 5000 bytes, longer than 1000"),
        ),
    ]
}

/// A string for a case's arguments, built at run time.
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// `text` in UTF-16 with a byte-order mark, as Windows "Unicode" saves it.
fn utf16(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    bytes
}
