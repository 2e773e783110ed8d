//! The hostile-input suite's rows for outlet names that print like others
//! (issue 9): zero-width and invisible characters are refused with file and
//! line wherever a name is read (records, `manifest.csv`,
//! `--missing-outlet as:NAME`, `--outlets`, `--highlight`); joiners and
//! variation selectors where writing needs them still read; white space of
//! every kind (no-break, narrow, ideographic, tabs, runs) is one space, so
//! `Fox News` typed with any of them is one outlet.

use super::hostile::{analyze, case, jsonl, run_all, with, Case, Want};

fn failing() -> Vec<Case> {
    vec![
        case(
            "an outlet name with a zero-width space",
            &[("n.jsonl", format!("{}{}", jsonl("1", "Fox", "Kyiv."), jsonl("2", "Fox\\u200b", "Kiev.")).as_bytes())],
            &analyze("n.jsonl"),
            Want::Fails("n.jsonl:2: document `2`: outlet name holds U+200B, an invisible character"),
        ),
        case(
            "an outlet name with a word joiner",
            &[("n.jsonl", format!("{}{}", jsonl("1", "Fox", "Kyiv."), jsonl("2", "F\\u2060ox", "Kiev.")).as_bytes())],
            &analyze("n.jsonl"),
            Want::Fails("n.jsonl:2: document `2`: outlet name holds U+2060"),
        ),
        case(
            "an outlet name with a byte-order mark inside",
            &[("n.jsonl", format!("{}{}", jsonl("1", "Fox", "Kyiv."), jsonl("2", "Fox\\ufeffNews", "Kiev.")).as_bytes())],
            &analyze("n.jsonl"),
            Want::Fails("n.jsonl:2: document `2`: outlet name holds U+FEFF"),
        ),
        case(
            "an outlet name with a soft hyphen",
            &[("n.jsonl", format!("{}{}", jsonl("1", "Fox", "Kyiv."), jsonl("2", "F\\u00adox", "Kiev.")).as_bytes())],
            &analyze("n.jsonl"),
            Want::Fails("n.jsonl:2: document `2`: outlet name holds U+00AD"),
        ),
        case(
            "an outlet name with a joiner that joins nothing",
            &[("n.jsonl", format!("{}{}", jsonl("1", "Fox", "Kyiv."), jsonl("2", "Fox\\u200d", "Kiev.")).as_bytes())],
            &analyze("n.jsonl"),
            Want::Fails("n.jsonl:2: document `2`: outlet name holds U+200D, a joiner or variation selector that acts on nothing here"),
        ),
        case(
            "an outlet name with a variation selector after a Latin letter",
            &[("n.jsonl", format!("{}{}", jsonl("1", "Fox", "Kyiv."), jsonl("2", "Fox\\ufe0f", "Kiev.")).as_bytes())],
            &analyze("n.jsonl"),
            Want::Fails("n.jsonl:2: document `2`: outlet name holds U+FE0F"),
        ),
        case(
            "an outlet name with a right-to-left mark",
            &[("n.jsonl", format!("{}{}", jsonl("1", "Fox", "Kyiv."), jsonl("2", "Fox\\u200f", "Kiev.")).as_bytes())],
            &analyze("n.jsonl"),
            Want::Fails("n.jsonl:2: document `2`: outlet name holds U+200F, a bidirectional control"),
        ),
        case(
            "a manifest outlet name with a zero-width space",
            &[
                ("c/manifest.csv", "file,outlet\na.txt,Fox\nb.txt,Fox\u{200b}\n".as_bytes()),
                ("c/a.txt", b"Kyiv said."),
                ("c/b.txt", b"Kiev said."),
            ],
            &analyze("c"),
            Want::Fails("manifest.csv:3: outlet name holds U+200B, an invisible character"),
        ),
        case(
            "--highlight with a zero-width space",
            &[("n.jsonl", format!("{}{}", jsonl("1", "Fox", "Kyiv."), jsonl("2", "B", "Kiev.")).as_bytes())],
            &with(analyze("n.jsonl"), &["--highlight", "Fox\u{200b}"]),
            Want::Fails("outlet name holds U+200B"),
        ),
        case(
            "--outlets with a zero-width space",
            &[("n.jsonl", format!("{}{}", jsonl("1", "Fox", "Kyiv."), jsonl("2", "B", "Kiev.")).as_bytes())],
            &["compare", "n.jsonl", "--outlets", "Fox\u{200b}", "B", "-q"],
            Want::Fails("outlet name holds U+200B"),
        ),
        case(
            "an outlet name with a line break",
            &[("n.jsonl", format!("{}{}", jsonl("1", "A", "Kyiv."), jsonl("2", "R\\nT", "Kiev.")).as_bytes())],
            &analyze("n.jsonl"),
            Want::Fails("n.jsonl:2: document `2`: outlet name holds U+000A, a control character"),
        ),
        case(
            "a --missing-outlet name with a zero-width space",
            &[("n.jsonl", format!("{}{}", jsonl("1", "Fox", "Kyiv."), "{\"id\":\"2\",\"text\":\"Kiev.\"}\n").as_bytes())],
            &with(analyze("n.jsonl"), &["--missing-outlet", "as:Fox\u{200b}"]),
            Want::Fails("outlet name holds U+200B"),
        ),
    ]
}

fn running() -> Vec<Case> {
    vec![
        case(
            "outlet names with joiners and selectors where writing needs them",
            &[(
                "names.jsonl",
                format!(
                    "{}{}{}",
                    jsonl(
                        "1",
                        "\u{645}\u{6cc}\u{200c}\u{62e}\u{648}\u{627}\u{647}\u{645}",
                        "Kyiv said."
                    ),
                    jsonl("2", "\u{915}\u{94d}\u{200d}\u{937} News", "Kiev said."),
                    jsonl("3", "\u{2764}\u{fe0f}\u{200d}\u{1f525} TV", "Kyiv said.")
                )
                .as_bytes(),
            )],
            &with(analyze("names.jsonl"), &["--min-docs", "1"]),
            Want::Runs(Some(3)),
        ),
        // White space: every kind a reader cannot tell from a space is one.
        case(
            "one outlet written with a space, a no-break space and a tab",
            &[(
                "fox.jsonl",
                format!(
                    "{}{}{}{}",
                    jsonl("1", "Fox News", "Kyiv said."),
                    jsonl("2", "Fox\\u00a0News", "Kiev said."),
                    jsonl("3", " Fox\\tNews\\u3000", "Kyiv said."),
                    jsonl("4", "B", "Kiev said.")
                )
                .as_bytes(),
            )],
            &with(analyze("fox.jsonl"), &["--min-docs", "1"]),
            Want::Runs(Some(2)),
        ),
        case(
            "one outlet in a CSV written with narrow, figure, em and doubled spaces",
            &[(
                "fox.csv",
                "id,outlet,text\n1,Fox News,Kyiv said.\n2,Fox\u{202f}News,Kiev said.\n3,Fox\u{2007}News,Kyiv.\n4,Fox\u{2003}News,Kiev.\n5,Fox  News,Kyiv.\n6,B,Kiev.\n".as_bytes(),
            )],
            &with(analyze("fox.csv"), &["--min-docs", "1"]),
            Want::Runs(Some(2)),
        ),
        case(
            "one outlet in a manifest written with a space and a no-break space",
            &[
                ("c/manifest.csv", "file,outlet\na.txt,Fox News\nb.txt,Fox\u{a0}News\nc.txt,B\n".as_bytes()),
                ("c/a.txt", b"Kyiv said."),
                ("c/b.txt", b"Kiev said."),
                ("c/c.txt", b"Kyiv said."),
            ],
            &with(analyze("c"), &["--min-docs", "1"]),
            Want::Runs(Some(2)),
        ),
        case(
            "--missing-outlet as:NAME with an ideographic space joins the outlet of that name",
            &[(
                "n.jsonl",
                format!("{}{}{}", jsonl("1", "Fox News", "Kyiv."), "{\"id\":\"2\",\"text\":\"Kiev.\"}\n", jsonl("3", "B", "Kyiv.")).as_bytes(),
            )],
            &with(analyze("n.jsonl"), &["--missing-outlet", "as:Fox\u{3000}News", "--min-docs", "1"]),
            Want::Runs(Some(2)),
        ),
        case(
            "--outlets with a no-break space names the outlet",
            &[("n.jsonl", format!("{}{}", jsonl("1", "Fox News", "Kyiv said."), jsonl("2", "B", "Kiev said.")).as_bytes())],
            &["compare", "n.jsonl", "--outlets", "Fox\u{a0}News", "B", "-q"],
            Want::Runs(None),
        ),
    ]
}

#[test]
fn invisible_characters_in_outlet_names_are_refused_and_joiners_that_act_kept() {
    let cases: Vec<Case> = failing().into_iter().chain(running()).collect();
    run_all(&cases);
}

#[test]
fn a_highlighted_outlet_is_found_however_its_spaces_were_typed() {
    let tmp = tempfile::tempdir().unwrap();
    let records = format!(
        "{}{}",
        jsonl("1", "Fox News", "Kyiv said."),
        jsonl("2", "B", "Kiev said.")
    );
    crate::util::put(tmp.path(), "n.jsonl", records.as_bytes());
    let run = crate::util::slant(
        tmp.path(),
        &with(
            vec!["analyze", "n.jsonl", "--no-model", "--bootstrap", "200"],
            &["--highlight", "Fox\u{202f}News", "--out", "r"],
        ),
    )
    .ok();
    assert!(!run.stderr.contains("no such outlet"), "{}", run.stderr);
    let unknown = crate::util::slant(
        tmp.path(),
        &[
            "analyze",
            "n.jsonl",
            "--no-model",
            "--bootstrap",
            "200",
            "--highlight",
            "Fax News",
            "--out",
            "r2",
        ],
    )
    .ok();
    assert!(
        unknown
            .stderr
            .contains("--highlight Fax News: no such outlet"),
        "the warning this test relies on: {}",
        unknown.stderr
    );
}

/// A control character given in an option's value is shown escaped in
/// clap's error (`\u{1b}`), never echoed raw for a terminal to act on:
/// a free-text option refused by slant's check (`--highlight`,
/// `--reference`) or a value clap itself refuses (`--bootstrap`).
#[test]
fn control_characters_in_options_are_shown_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = crate::util::seeds();
    let seeds = seeds.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["analyze", seeds, "--highlight", "a\u{1b}[31mb"],
            "invalid value 'a\\u{1b}[31mb' for '--highlight <OUTLET>': outlet name holds U+001B, a control character",
        ),
        (
            &["train", seeds, "-o", "m.json", "--reference", "A\u{7}=b"],
            "invalid value 'A\\u{7}=b' for '--reference <OUTLET=CLASS>'",
        ),
        (
            &["analyze", seeds, "--bootstrap", "1\u{1b}"],
            "invalid value '1\\u{1b}' for '--bootstrap <B>'",
        ),
    ];
    for (args, want) in cases {
        let run = crate::util::slant(tmp.path(), args).fails_with(want);
        assert!(
            !run.stderr.chars().any(|c| c.is_control() && c != '\n'),
            "{args:?}: {:?}",
            run.stderr
        );
    }
}
