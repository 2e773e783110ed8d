//! Loading and checking lexicons: each problem reported at its line.

use super::*;

const HEAD: &str = r#"[lexicon]
name = "t"

[[axis]]
id = "ax"
negative = { id = "neg", label = "Negative" }
positive = { id = "pos", label = "Positive" }
"#;

fn errors(body: &str) -> Vec<String> {
    let text = format!("{HEAD}{body}");
    match load_str(&[("t.toml", &text)]) {
        Ok(_) => Vec::new(),
        Err(LexiconError::Invalid(d)) => d
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.to_string())
            .collect(),
        Err(e) => vec![e.to_string()],
    }
}

/// The 1-based line in `HEAD + body` where `needle` first appears.
fn line_of_text(body: &str, needle: &str) -> usize {
    let text = format!("{HEAD}{body}");
    text[..text.find(needle).expect("needle")]
        .matches('\n')
        .count()
        + 1
}

#[test]
fn shipped_lexicons_load_cleanly() {
    let loaded = load(&LexiconSource::defaults()).expect("shipped lexicons load");
    let set = &loaded.set;
    assert_eq!(set.lexicons.len(), 2);
    assert!(set.axis("russia_ukraine").is_some());
    let ru: Vec<_> = set.entries.iter().filter(|e| e.lexicon == 0).collect();
    assert!(ru.len() > 100, "well over 100 terms, got {}", ru.len());
    assert!(
        ru.iter()
            .all(|e| e.note.as_deref().is_some_and(|n| !n.trim().is_empty())),
        "every term has a note"
    );
    for id in [
        "legality",
        "sovereignty",
        "security",
        "diplomacy",
        "military",
        "humanitarian",
        "sanctions",
        "history",
    ] {
        assert!(set.frames.iter().any(|f| f.id == id), "frame {id}");
    }
    let warnings: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .collect();
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn a_valid_lexicon_resolves() {
    let body = r#"
[[frame]]
id = "f"
pole = "pos"
weight = 0.5

[[frame.term]]
text = ["alpha", "beta*"]
note = "n"

[[frame.term]]
text = "gamma"
pole = "neg"
note = "n"

[[slot]]
id = "s"
frame = "f"

[[slot.variant]]
label = "A"
text = "delta"
note = "n"

[[slot.variant]]
label = "B"
text = "epsilon"
poles = { pos = 2.0 }
note = "n"
"#;
    let set = load_str(&[("t.toml", &format!("{HEAD}{body}"))])
        .expect("loads")
        .set;
    let e = &set.entries;
    assert_eq!(e.len(), 4);
    assert_eq!(e[0].forms.len(), 2);
    assert!(e[0].forms[1].glob);
    assert_eq!(e[0].forms[1].text, "beta");
    // inherited from the frame
    assert_eq!((e[0].poles[0].positive, e[0].poles[0].weight), (true, 0.5));
    // own pole overrides; the frame's weight stays the default
    assert_eq!((e[1].poles[0].positive, e[1].poles[0].weight), (false, 0.5));
    assert!(e[2].poles.is_empty());
    assert_eq!(e[2].frames, [0]);
    assert_eq!(e[3].poles[0].weight, 2.0);
    assert_eq!(set.slots[0].variants, [2, 3]);
}

#[test]
fn errors_name_their_line() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "[[frame]]\nid = \"f\"\n[[frame.term]]\ntext = \"x\"\npole = \"nope\"\n",
            "pole = \"nope\"",
            "unknown pole `nope`",
        ),
        ("[[frame]]\nid = \"Bad-Id\"\n", "id = \"Bad-Id\"", "frame id `Bad-Id`"),
        (
            "[[frame]]\nid = \"f\"\n[[frame.term]]\ntext = \"x\"\nweight = -1\npole = \"pos\"\n",
            "weight = -1",
            "weight must be a number > 0",
        ),
        (
            "[[frame]]\nid = \"f\"\n[[frame.term]]\ntext = \"a*b\"\n",
            "text = \"a*b\"",
            "`*` is allowed only at the end",
        ),
        (
            "[[frame]]\nid = \"f\"\n[[frame.term]]\ntext = \"--\"\n",
            "text = \"--\"",
            "cannot match",
        ),
        (
            "[[frame]]\nid = \"f\"\n[[frame.term]]\ntext = \"Kiev\"\nexclude = [\"kiev\"]\n",
            "text = \"Kiev\"",
            "vetoed by its own exclusion",
        ),
        (
            "[[frame]]\nid = \"f\"\n[[frame.term]]\ntext = \"x\"\n[[frame.term]]\ntext = \"X\"\n",
            "text = \"X\"",
            "same form as `x`",
        ),
        (
            "[[frame]]\nid = \"f\"\n[[frame.term]]\ntext = \"Western-backed\"\n[[frame.term]]\ntext = \"western backed\"\n",
            "text = \"western backed\"",
            "same form",
        ),
        ("[[frame]]\nid = \"f\"\nnonsense = 1\n", "nonsense", "unknown field `nonsense`"),
        ("[[frame]]\nid = \"f\"\n[[frame]]\nid = \"f\" # again\n", "id = \"f\" # again", "defined twice"),
        ("[[slot]]\nid = \"s\"\nframe = \"nope\"\n[[slot.variant]]\ntext = \"a\"\n[[slot.variant]]\ntext = \"b\"\n", "frame = \"nope\"", "unknown frame `nope`"),
        ("[[slot]]\nid = \"s\"\n[[slot.variant]]\ntext = \"a\"\n", "id = \"s\"", "at least two variants"),
        ("[[slot]]\nid = \"s\"\n[[slot.variant]]\nlabel = \"A\"\ntext = \"a\"\n[[slot.variant]]\nlabel = \"A\"\ntext = \"b\"\n", "text = \"b\"", "two entries are named `s/A`"),
        ("[[frame]]\nid = \"f\"\n[[frame.term]]\ntext = 3\n", "text = 3", "`text` must be a string"),
        ("[[frame]]\nid = \"f\"\n[[frame.term]]\ntext = \"x\"\npole = \"pos\"\npoles = { neg = 1.0 }\n", "poles =", "either `pole` or `poles`"),
        ("[[frame\n", "[[frame\n", "expected `]]`"),
        ("[[frame]]\nid = \"f\"\ncontext = \"nope\"\n", "context = \"nope\"", "unknown context `nope`"),
        ("[[context]]\nid = \"c\"\ntext = \"x\"\nscope = \"chapter\"\n", "scope = \"chapter\"", "scope must be"),
        ("[[context]]\nid = \"c\"\ntext = \"x\"\nwindow = -2\n", "window = -2", "window must be 0 to 100"),
        ("[[context]]\nid = \"none\"\ntext = \"x\"\n", "id = \"none\"", "`none` is reserved"),
    ];
    for (body, at, want) in cases {
        let errs = errors(body);
        let line = line_of_text(body, at);
        let prefix = format!("t.toml:{line}: error:");
        assert!(
            errs.iter()
                .any(|e| e.starts_with(&prefix) && e.contains(want)),
            "case {body:?}: want `{prefix} ...{want}...`, got {errs:#?}"
        );
    }
}

#[test]
fn contexts_inherit_from_lexicon_frame_and_entry() {
    let body = "[[context]]\nid = \"c\"\ntext = \"Ukraine\"\n[[context]]\nid = \"d\"\ntext = \"Crimea\"\nscope = \"document\"\n\
        [[frame]]\nid = \"f\"\ncontext = \"d\"\n[[frame.term]]\ntext = \"a\"\nnote = \"n\"\n[[frame.term]]\ntext = \"b\"\ncontext = \"none\"\nnote = \"n\"\n\
        [[frame]]\nid = \"g\"\n[[frame.term]]\ntext = \"c\"\nnote = \"n\"\n";
    let text = format!("{HEAD}{body}").replacen("name = \"t\"", "name = \"t\"\ncontext = \"c\"", 1);
    let set = load_str(&[("t.toml", &text)]).expect("loads").set;
    let ctx: Vec<Option<usize>> = set.entries.iter().map(|e| e.context).collect();
    assert_eq!(ctx, [Some(1), None, Some(0)], "frame's, none, lexicon's");
    assert_eq!(set.contexts[0].scope, Scope::Paragraphs(1));
    assert_eq!(set.contexts[1].scope, Scope::Document);
}

#[test]
fn missing_notes_are_warnings() {
    let text = format!("{HEAD}[[frame]]\nid = \"f\"\n[[frame.term]]\ntext = \"x\"\n");
    let loaded = load_str(&[("t.toml", &text)]).expect("loads");
    assert!(loaded
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Warning && d.message.contains("no note")));
}

#[test]
fn cross_file_references_and_collisions() {
    let overlay = "[lexicon]\nname = \"o\"\n[[frame]]\nid = \"g\"\npole = \"pos\"\n[[frame.term]]\ntext = \"y\"\nnote = \"n\"\n";
    let base = format!("{HEAD}[[frame]]\nid = \"f\"\n");
    let set = load_str(&[("t.toml", &base), ("o.toml", overlay)])
        .expect("overlay uses base's pole")
        .set;
    assert_eq!(set.entries[0].poles[0].axis, 0);
    let clash = "[lexicon]\nname = \"o\"\n[[frame]]\nid = \"f\"\n";
    let err = load_str(&[("t.toml", &base), ("o.toml", clash)]).unwrap_err();
    assert!(
        err.to_string()
            .contains("o.toml:4: error: frame `f` is defined twice"),
        "{err}"
    );
}

#[test]
fn overlaps_are_reported() {
    let text = format!(
        "{HEAD}[[frame]]\nid = \"f\"\n[[frame.term]]\ntext = \"annex*\"\nnote = \"n\"\n[[frame.term]]\ntext = \"illegal annexation\"\nnote = \"n\"\n[[frame.term]]\ntext = \"annexation\"\nnote = \"n\"\n"
    );
    let set = load_str(&[("t.toml", &text)]).expect("loads").set;
    let notes: Vec<String> = overlaps(&set).into_iter().map(|d| d.message).collect();
    assert!(
        notes
            .iter()
            .any(|m| m.contains("`illegal annexation` contains `annexation`")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|m| m.contains("`annex*`") && m.contains("`annexation`")),
        "{notes:?}"
    );
}

#[test]
fn unknown_names_and_missing_files() {
    assert!(matches!(
        LexiconSource::parse("no-such-lexicon"),
        Err(LexiconError::Unknown(_))
    ));
    assert!(matches!(
        LexiconSource::parse("missing.toml"),
        Err(LexiconError::Read { .. })
    ));
    assert_eq!(
        LexiconSource::parse("sourcing").unwrap(),
        LexiconSource::Embedded("sourcing".into())
    );
}

#[test]
fn non_utf8_lexicon_names_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.toml");
    std::fs::write(&p, b"[lexicon]\nname = \"x\"\n# caf\xe9\n").unwrap();
    let err = load(&[LexiconSource::File(p)]).unwrap_err();
    let err = err.to_string();
    assert!(
        err.contains("bad.toml:3: lexicon is not valid UTF-8 (byte 26)\n"),
        "{err}"
    );
    // and how to convert a Latin-1 or Windows-1252 file
    assert!(err.contains("iconv -f WINDOWS-1252 -t UTF-8"), "{err}");
}

#[test]
fn an_entry_can_count_in_several_frames() {
    let body = "[[frame]]\nid = \"f\"\n[[frame.term]]\ntext = \"fear*\"\nalso = [\"g\"]\nnote = \"n\"\n[[frame]]\nid = \"g\"\n";
    let set = load_str(&[("t.toml", &format!("{HEAD}{body}"))])
        .expect("loads")
        .set;
    assert_eq!(set.entries[0].frames, [0, 1]);
    let err = load_str(&[(
        "t.toml",
        &format!("{HEAD}[[frame]]\nid = \"f\"\n[[frame.term]]\ntext = \"x\"\nalso = [\"nope\"]\n"),
    )])
    .unwrap_err()
    .to_string();
    assert!(err.contains("unknown frame `nope`"), "{err}");
}

#[test]
fn an_overlay_puts_another_files_frames_on_poles() {
    let dict = "[lexicon]\nname = \"mfd\"\n[[frame]]\nid = \"care_virtue\"\nlabel = \"care.virtue\"\n[[frame.term]]\ntext = \"kindness\"\nnote = \"n\"\n[[frame.term]]\ntext = \"compassion\"\npole = \"harm\"\nnote = \"already placed\"\n[[frame]]\nid = \"care_vice\"\n[[frame.term]]\ntext = \"cruel*\"\nnote = \"n\"\n";
    let overlay = "[lexicon]\nname = \"overlay\"\n[[axis]]\nid = \"care\"\nnegative = { id = \"harm\" }\npositive = { id = \"care\" }\n[[assign]]\nframe = \"care.virtue\"\npole = \"care\"\n[[assign]]\nframe = \"care_vice\"\npole = \"harm\"\nweight = 0.5\n";
    let set = load_str(&[("mfd.toml", dict), ("overlay.toml", overlay)])
        .expect("loads")
        .set;
    let pole = |i: usize| {
        set.entries[i]
            .poles
            .iter()
            .map(|p| (set.pole_id(p).to_string(), p.weight))
            .collect::<Vec<_>>()
    };
    assert_eq!(pole(0), [("care".to_string(), 1.0)], "by label");
    assert_eq!(
        pole(1),
        [("harm".to_string(), 1.0)],
        "an entry's own pole wins"
    );
    assert_eq!(pole(2), [("harm".to_string(), 0.5)], "by id, with a weight");
    let bad = "[lexicon]\nname = \"overlay\"\n[[axis]]\nid = \"care\"\nnegative = { id = \"harm\" }\npositive = { id = \"care\" }\n[[assign]]\nframe = \"nope\"\npole = \"care\"\n";
    let err = load_str(&[("mfd.toml", dict), ("overlay.toml", bad)])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("overlay.toml:8: error: unknown frame `nope` (by id or label)"),
        "{err}"
    );
}
