//! What the report's charts claim, checked against the tables they draw: a
//! ranking colours an outlet by the side its interval in `outlets.csv`
//! supports, not by its point; the variants heat map prints the uses each
//! slot's shares rest on and hatches the shares of few uses; the frames heat
//! map names each lexicon's rows and gives each scale a legend.

use std::path::Path;

use crate::util::{put, read_csv, root, slant};

/// Lines of no framing, one per document, so that no line repeats across
/// documents (a line in 3 of them would be left out as boilerplate).
const FILLER: [&str; 18] = [
    "Farmers near the river counted losses after the storm.",
    "A new bridge opened to traffic on Tuesday morning.",
    "Teachers asked for smaller classes and better pay.",
    "The central bank held its rate steady this quarter.",
    "Rail workers ended a strike that lasted nine days.",
    "A museum reopened its hall of medieval armour.",
    "Fishermen reported the best catch in a decade.",
    "The city council voted to plant ten thousand trees.",
    "Doctors warned of an early flu season this year.",
    "A choir from the north won the national contest.",
    "Exporters complained about delays at the border.",
    "The weather service forecast a dry, warm spring.",
    "Students marched for cheaper public transport.",
    "An old shipyard will become a housing district.",
    "Miners in the east received their back pay.",
    "The football club sold its stadium naming rights.",
    "Bakers raised bread prices for the second time.",
    "A startup unveiled a cheaper electric scooter.",
];

const KREMLIN: [&str; 5] = [
    "Russia said the special military operation in Ukraine would go on.",
    "Moscow described its special military operation in Ukraine as proceeding to plan.",
    "The Kremlin insisted the special military operation in Ukraine was succeeding.",
    "In a statement, Russia called the fighting in Ukraine a special military operation.",
    "Officials in Moscow repeated that the special military operation in Ukraine continued.",
];

const WEST: [&str; 6] = [
    "Russia's full-scale invasion of Ukraine entered another winter, officials in Kyiv said.",
    "Aid groups in Kyiv said the full-scale invasion by Russia displaced millions in Ukraine.",
    "Ukraine's leaders in Kyiv called for more air defence against the full-scale invasion by Russia.",
    "Since the full-scale invasion, Russia has struck power plants across Ukraine, Kyiv said.",
    "Diplomats in Kyiv said Russia's full-scale invasion of Ukraine had united Europe.",
    "Kyiv marked the anniversary of Russia's full-scale invasion of Ukraine.",
];

/// Three outlets of six documents: "Mixed" leans Kremlin in five (one
/// "special military operation" each, and "Kiev" once) and Ukraine/West in
/// the sixth (four "full-scale invasion"), so its pooled index is above zero
/// while resamples heavy in the sixth fall below it; "Firm" is Kremlin-aligned
/// throughout and "West" Ukraine/West-aligned, writing "Kyiv" six times.
fn corpus() -> String {
    let mut docs: Vec<(&str, String)> = Vec::new();
    for (i, line) in KREMLIN.iter().enumerate() {
        let kiev = if i == 0 {
            " Its envoy spoke of talks in Kiev."
        } else {
            ""
        };
        docs.push(("Mixed", format!("{} {line}{kiev}", FILLER[i])));
    }
    docs.push((
        "Mixed",
        format!(
            "{} Russia's full-scale invasion of Ukraine goes on. Analysts say the full-scale \
             invasion reshaped Europe. Critics of the full-scale invasion gathered in Warsaw. \
             Ukraine marked a year of the full-scale invasion.",
            FILLER[5]
        ),
    ));
    for i in 0..6 {
        let mut text = format!(
            "{} {}",
            FILLER[6 + i],
            KREMLIN[i % 5].replace("Russia", "Russian officials")
        );
        if i % 2 == 0 {
            text.push_str(
                " State television in Russia also praised the special military operation in Ukraine.",
            );
        }
        docs.push(("Firm", text));
    }
    for (i, line) in WEST.iter().enumerate() {
        let mut text = format!("{} {line}", FILLER[12 + i]);
        if i % 2 == 0 {
            text.push_str(" Europe condemned the full-scale invasion of Ukraine by Russia.");
        }
        docs.push(("West", text));
    }
    docs.iter()
        .enumerate()
        .map(|(k, (outlet, text))| {
            let record = serde_json::json!({
                "id": format!("d{k}"),
                "outlet": outlet,
                "date": format!("2025-04-{:02}", k + 1),
                "title": format!("t{k}"),
                "text": text,
            });
            format!("{record}\n")
        })
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn charts_say_what_their_tables_support() {
    let tmp = tempfile::tempdir().unwrap();
    let input = put(tmp.path(), "three.jsonl", corpus().as_bytes());
    let out = tmp.path().join("out");
    let args = [
        "analyze",
        input.to_str().unwrap(),
        "--no-model",
        "--no-compare",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ];
    slant(&root(), &args).ok();

    // Ranking colours, from outlets.csv's interval columns.
    let rows = read_csv(&out.join("outlets.csv"));
    let num = |r: &std::collections::BTreeMap<String, String>, k: &str| -> f64 {
        r[k].parse().unwrap_or_else(|_| panic!("{k} of {r:?}"))
    };
    let mixed = rows.iter().find(|r| r["outlet"] == "Mixed").unwrap();
    let (score, lo, hi) = (
        num(mixed, "score"),
        num(mixed, "ci_low"),
        num(mixed, "ci_high"),
    );
    // The case the reviewer found: a point well above zero (it had been
    // drawn red past 0.05), an interval across it.
    assert!(score > 0.05 && lo < 0.0 && hi > 0.0, "{mixed:?}");
    let (mut red, mut blue, mut grey) = (0, 0, 0);
    for r in &rows {
        let (lo, hi) = (num(r, "ci_low"), num(r, "ci_high"));
        // each whisker is wide enough to be drawn
        assert!(hi - lo > 0.01, "{r:?}");
        if lo > 0.0 {
            red += 1;
        } else if hi < 0.0 {
            blue += 1;
        } else {
            grey += 1;
        }
    }
    assert_eq!((red, blue, grey), (1, 1, 1));
    // A whisker is three stroked lines (the bar and its two caps) in the
    // outlet's colour; nothing else in the chart is stroked in these.
    let svg = read(&out.join("axis_russia_ukraine.svg"));
    let strokes = |hex: &str| {
        svg.matches(&format!("<polyline fill=\"none\" stroke=\"{hex}\""))
            .count()
    };
    assert_eq!(strokes("#B2182B"), 3 * red, "red whiskers");
    assert_eq!(strokes("#2166AC"), 3 * blue, "blue whiskers");
    assert_eq!(strokes("#808080"), 3 * grey, "grey whiskers");
    assert!(svg.contains("interval includes 0, or no interval"));
    let md = read(&out.join("report.md"));
    assert!(
        md.contains(
            "colours a score red or blue only when its whole 95% interval is on that side of 0"
        ),
        "report.md says what the colours mean"
    );

    // Variants: the uses each share rests on, from variants.csv.
    let variants = read_csv(&out.join("variants.csv"));
    let uses = |outlet: &str| -> u64 {
        variants
            .iter()
            .filter(|r| r["slot"] == "capital_spelling" && r["outlet"] == outlet)
            .map(|r| r["count"].parse::<u64>().unwrap())
            .sum()
    };
    assert_eq!((uses("Mixed"), uses("West")), (1, 6));
    let svg = read(&out.join("variants.svg"));
    for text in [
        "n=1",
        "n=6",
        "Spelling of Ukraine&apos;s capital",
        "Kiev (kremlin)",
        "hatched: a share of fewer than 5 uses of the slot (n)",
    ] {
        assert!(svg.contains(text), "variants.svg lacks {text:?}");
    }
    assert!(md.contains("hatches the shares that rest on fewer than 5"));

    // Frames: each lexicon's rows named, each scale its legend.
    let svg = read(&out.join("frames.svg"));
    for text in [
        "russia-ukraine lexicon (its own colour scale)",
        "sourcing lexicon (its own colour scale)",
        "russia-ukraine: matches per 1,000 tokens",
        "sourcing: matches per 1,000 tokens",
    ] {
        assert!(svg.contains(text), "frames.svg lacks {text:?}");
    }
}
