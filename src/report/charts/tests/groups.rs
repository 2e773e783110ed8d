//! Tests: scores coloured by the side their interval supports, with a key; heat
//! map rows in named groups, each colour scale with its numbers; cells on few
//! observations hatched; long row labels wrapped whole.

use super::*;

#[test]
fn a_score_is_coloured_by_the_side_its_interval_supports() {
    // 497 outlets: Christian Science Monitor (part 3), +0.61 with the
    // interval [-0.60, +0.71] (outlets.csv), had been drawn red.
    let cases = [
        (Some((-0.60, 0.71)), Side::Neutral),
        // an end on zero: the interval includes it
        (Some((0.0, 0.25)), Side::Neutral),
        (Some((-0.92, 0.0)), Side::Neutral),
        (Some((0.01, 0.30)), Side::Positive),
        (Some((0.30, 0.01)), Side::Positive),
        (Some((-0.65, -0.14)), Side::Negative),
        (None, Side::Neutral),
        (Some((f64::NAN, 0.5)), Side::Neutral),
    ];
    for (ci, want) in cases {
        assert_eq!(interval_side(ci, 0.0), want, "{ci:?}");
    }
    // about another centre line
    assert_eq!(interval_side(Some((0.55, 0.9)), 0.5), Side::Positive);
    assert_eq!(interval_side(Some((0.45, 0.9)), 0.5), Side::Neutral);
}

#[test]
fn a_point_whose_interval_crosses_zero_is_drawn_grey() {
    let one = |ci| Ranking {
        outlets: vec![RankedOutlet {
            outlet: "Christian Science Monitor (part 3)".into(),
            score: 0.61,
            ci: Some(ci),
            flagged: false,
        }],
        ..sample_ranking()
    };
    // Whiskers are the only stroked lines in the score's colour (the pole
    // labels and the colour key are text and filled dots).
    let red = "stroke=\"#B2182B\"";
    let grey = "stroke=\"#808080\"";
    let crossing = ranking(&one((-0.60, 0.71))).expect("draws");
    assert!(!crossing.svg.contains(red) && crossing.svg.contains(grey));
    let above = ranking(&one((0.20, 0.71))).expect("draws");
    assert!(above.svg.contains(red) && !above.svg.contains(grey));
    // the key says what the colours mean
    assert_has(
        &crossing.svg,
        &[
            "whole interval above 0 (Kremlin-aligned)",
            "whole interval below 0 (Ukraine/West-aligned)",
            "interval includes 0, or no interval",
        ],
    );
    preview("ranking-crossing", &crossing);
    // the same rule in the paired ranking and the panels
    let paired = paired_ranking(&PairedRanking {
        outlets: vec!["A".into()],
        values: vec![[Some((0.61, Some((-0.6, 0.71)))), Some((0.3, None))]],
        ..sample_paired()
    })
    .expect("draws");
    assert!(!paired.svg.contains(red));
    let panels = panel_ranking(&PanelRanking {
        title: "LSS".into(),
        negative_label: "Ukraine/West-aligned".into(),
        positive_label: "Kremlin-aligned".into(),
        outlets: vec!["A".into()],
        panels: vec![Panel {
            title: "LSS score".into(),
            range: (-2.0, 2.0),
            center: 0.0,
            decimals: 1,
            values: vec![Some((1.2, Some((-0.1, 1.9))))],
            flagged: Vec::new(),
        }],
        dividers: Vec::new(),
        note: None,
    })
    .expect("draws");
    assert!(!panels.svg.contains(red) && panels.svg.contains(grey));
    assert_has(&panels.svg, &["interval includes 0, or no interval"]);
    preview("panels-crossing", &panels);
}

#[test]
fn cells_on_few_observations_are_hatched_and_keyed() {
    let plain = sample_heatmap();
    let mut thin = vec![vec![false; 5]; 6];
    thin[0][0] = true;
    let hatched = Heatmap {
        thin,
        thin_note: "hatched: a share of fewer than 5 uses of the slot (n)".into(),
        ..sample_heatmap()
    };
    let (a, b) = (
        heatmap(&plain).expect("draws"),
        heatmap(&hatched).expect("draws"),
    );
    check(&b);
    let lines = |svg: &str| svg.matches("<polyline").count();
    assert!(lines(&b.svg) > lines(&a.svg) + 3, "hatching drawn");
    assert!(!a.svg.contains("hatched"));
    assert_has(
        &b.svg,
        &["hatched: a share of fewer than 5 uses of the slot (n)"],
    );
    preview("heatmap-thin", &b);
}

#[test]
fn heatmap_sections_name_groups_and_each_scale_has_numbers() {
    // The seeds' frames: two lexicons, each its own scale. The same 14.9
    // is dark on the sourcing scale (max 15.5) and mid on the
    // russia-ukraine one (max 36.3); each legend prints its numbers.
    let h = Heatmap {
        rows: vec![
            "Naming".into(),
            "Diplomacy".into(),
            "Attribution".into(),
            "Hedging and distancing".into(),
        ],
        columns: vec!["RT".into(), "Bloomberg".into()],
        values: vec![
            vec![14.9, 10.4],
            vec![19.9, 36.3],
            vec![14.9, 15.5],
            vec![14.9, 1.0],
        ],
        scale_groups: vec![0, 0, 1, 1],
        scale_names: vec!["russia-ukraine".into(), "sourcing".into()],
        sections: vec![
            RowSection {
                before: 0,
                title: "russia-ukraine lexicon".into(),
                column_notes: Vec::new(),
            },
            RowSection {
                before: 2,
                title: "sourcing lexicon".into(),
                column_notes: vec!["n=12".into(), String::new()],
            },
        ],
        ..sample_heatmap()
    };
    let chart = heatmap(&h).expect("draws");
    check(&chart);
    assert_has(
        &chart.svg,
        &[
            "russia-ukraine lexicon",
            "sourcing lexicon",
            "n=12",
            "russia-ukraine: matches per 1,000 tokens",
            "sourcing: matches per 1,000 tokens",
        ],
    );
    // ticks of each scale: 0 to 36.3 and 0 to 15.5
    for tick in ["\n30\n</text>", "\n15\n</text>"] {
        assert!(chart.svg.contains(tick), "legend tick {tick:?}");
    }
    preview("heatmap-sections", &chart);
}

#[test]
fn a_long_row_label_wraps_to_two_lines_whole() {
    let long = "Spelling of Zelensky's surname (house style, not framing): Zelenskyy, Zelensky or Zelenskiy";
    let h = Heatmap {
        rows: vec![long.into(), "Naming".into()],
        columns: vec!["RT".into()],
        values: vec![vec![1.0], vec![2.0]],
        ..sample_heatmap()
    };
    let chart = heatmap(&h).expect("draws");
    check(&chart);
    // every word is drawn, none cut with an ellipsis
    assert!(!chart.svg.contains('…'));
    assert_has(&chart.svg, &["Spelling of Zelensky's", "Zelenskiy"]);
}
