//! The hostile-input suite's rows for outlet names that print like others
//! (issue 9): zero-width and invisible characters are refused with file and
//! line wherever a name is read (records, `manifest.csv`,
//! `--missing-outlet as:NAME`, `--outlets`, `--highlight`); joiners and
//! variation selectors where writing needs them still read.

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
    vec![case(
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
    )]
}

#[test]
fn invisible_characters_in_outlet_names_are_refused_and_joiners_that_act_kept() {
    let cases: Vec<Case> = failing().into_iter().chain(running()).collect();
    run_all(&cases);
}
