//! Tests: sample charts render to valid PNG/SVG with every label and number, output is
//! deterministic, and degenerate inputs do not panic.

use super::*;

mod degenerate;
mod groups;

const OUTLETS: [&str; 5] = [
    "Ukrainska Pravda",
    "Bloomberg",
    "Caliber.Az",
    "RT",
    "Inter Bellum News",
];

const FRAMES: [&str; 6] = [
    "Legality and international law",
    "Sovereignty and territory",
    "Security and guarantees",
    "Diplomacy and deal-making",
    "Military action",
    "Naming",
];

fn sample_ranking() -> Ranking {
    let data = [
        ("RT", 0.71, (0.58, 0.83), false),
        ("Inter Bellum News", -0.05, (-0.31, 0.22), true),
        ("Caliber.Az", -0.35, (-0.52, -0.17), false),
        ("Bloomberg", -0.48, (-0.61, -0.33), false),
        ("Ukrainska Pravda", -0.62, (-0.74, -0.49), false),
    ];
    Ranking {
        dividers: Vec::new(),
        title: "Russia–Ukraine: lexicon slant index".into(),
        negative_label: "Ukraine/West-aligned".into(),
        positive_label: "Kremlin-aligned".into(),
        outlets: data
            .iter()
            .map(|&(o, s, ci, f)| RankedOutlet {
                outlet: o.into(),
                score: s,
                ci: Some(ci),
                flagged: f,
            })
            .collect(),
        note: Some(
            "hollow marker: flagged (thin evidence); whiskers: 95% bootstrap interval".into(),
        ),
    }
}

fn sample_heatmap() -> Heatmap {
    let values = vec![
        vec![4.21, 2.10, 1.35, 0.42, 0.88],
        vec![3.05, 1.92, 2.64, 1.10, 0.00],
        vec![1.44, 2.87, 0.95, 2.31, 1.02],
        vec![0.61, 3.40, 1.77, 2.95, 1.50],
        vec![5.12, 1.23, 2.08, 4.67, f64::NAN],
        vec![0.95, 0.31, 0.48, 1.86, 0.20],
    ];
    Heatmap {
        scale_groups: Vec::new(),
        title: "Frames per outlet".into(),
        rows: FRAMES.iter().map(|s| s.to_string()).collect(),
        columns: OUTLETS.iter().map(|s| s.to_string()).collect(),
        values,
        unit: "matches per 1,000 tokens".into(),
        decimals: 2,
        diverging: false,
        ..Default::default()
    }
}

fn sample_variants() -> Vec<VariantPanel> {
    vec![
        VariantPanel {
            title: "Spelling of Ukraine's capital".into(),
            variants: vec![
                ("Kyiv".into(), Side::Negative),
                ("Kiev".into(), Side::Positive),
            ],
            outlets: OUTLETS.iter().map(|s| s.to_string()).collect(),
            counts: vec![
                vec![212, 0],
                vec![97, 3],
                vec![41, 18],
                vec![2, 156],
                vec![0, 0],
            ],
        },
        VariantPanel {
            title: "Name for the conflict".into(),
            variants: vec![
                ("full-scale invasion".into(), Side::Negative),
                ("war".into(), Side::Negative),
                ("conflict".into(), Side::Neutral),
                ("special military operation".into(), Side::Positive),
            ],
            outlets: OUTLETS.iter().map(|s| s.to_string()).collect(),
            counts: vec![
                vec![64, 120, 8, 0],
                vec![22, 88, 31, 0],
                vec![3, 40, 52, 6],
                vec![0, 5, 37, 91],
                vec![1, 6, 4, 2],
            ],
        },
    ]
}

fn sample_bars() -> DivergingBars {
    let terms = [
        ("special military operation", 3.42, Side::Positive),
        ("Kiev regime", 2.81, Side::Positive),
        ("neo-Nazis", 1.95, Side::Positive),
        ("security guarantees", 0.40, Side::Neutral),
        ("occupied territories", -1.76, Side::Negative),
        ("full-scale invasion", -2.64, Side::Negative),
        ("Russian aggression", -3.10, Side::Negative),
    ];
    DivergingBars {
        title: "RT: distinctive terms vs. all outlets".into(),
        labels: terms.iter().map(|t| t.0.to_string()).collect(),
        values: terms.iter().map(|t| t.1).collect(),
        sides: terms.iter().map(|t| t.2).collect(),
        x_label: "log-odds ratio (positive = over-used)".into(),
    }
}

fn sample_points() -> PointMap {
    PointMap {
        labelled: Vec::new(),
        hollow: Vec::new(),
        note: None,
        fence_outliers: false,
        title: "Outlets on the first two principal components of frame rates".into(),
        x_label: "PC1 (48% of variance)".into(),
        y_label: "PC2 (21% of variance)".into(),
        points: vec![
            ("Ukrainska Pravda".into(), -2.10, 0.42),
            ("Bloomberg".into(), -0.85, -1.10),
            ("Caliber.Az".into(), -0.40, 0.95),
            ("RT".into(), 2.75, 0.30),
            ("Inter Bellum News".into(), 0.60, -0.57),
        ],
    }
}

fn sample_paired() -> PairedRanking {
    PairedRanking {
        flagged: Vec::new(),
        dividers: Vec::new(),
        note: None,
        title: "Lexicon index and model score".into(),
        series: ["Lexicon index".into(), "Model score".into()],
        negative_label: "Ukraine/West-aligned".into(),
        positive_label: "Kremlin-aligned".into(),
        outlets: [
            "RT",
            "Inter Bellum News",
            "Caliber.Az",
            "Bloomberg",
            "Ukrainska Pravda",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        values: vec![
            [
                Some((0.71, Some((0.58, 0.83)))),
                Some((0.64, Some((0.50, 0.77)))),
            ],
            [Some((-0.05, Some((-0.31, 0.22)))), None],
            [
                Some((-0.35, Some((-0.52, -0.17)))),
                Some((-0.21, Some((-0.40, -0.02)))),
            ],
            [Some((-0.48, Some((-0.61, -0.33)))), Some((-0.52, None))],
            [
                Some((-0.62, Some((-0.74, -0.49)))),
                Some((-0.70, Some((-0.81, -0.58)))),
            ],
        ],
    }
}

/// Decodes the PNG and checks signature and size against the SVG's declared size.
fn check(chart: &Chart) -> (u32, u32) {
    assert!(chart
        .png
        .starts_with(&[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a]));
    let img = image::load_from_memory(&chart.png).expect("PNG decodes");
    let (w, h) = (img.width(), img.height());
    let header = format!("width=\"{w}\" height=\"{h}\"");
    assert!(
        chart.svg.contains(&header),
        "SVG size differs from PNG {w}x{h}"
    );
    assert!(chart.svg.starts_with("<svg"));
    assert!(chart.svg.trim_end().ends_with("</svg>"));
    (w, h)
}

/// SVG text as it appears after XML escaping.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('\'', "&apos;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn assert_has(svg: &str, items: &[&str]) {
    for item in items {
        assert!(svg.contains(&esc(item)), "SVG lacks {item:?}");
    }
}

/// Writes the chart to `$SLANT_CHART_PREVIEW/<name>.png|svg` when that variable is set,
/// to look at the output (e.g. `SLANT_CHART_PREVIEW=/tmp/charts-preview cargo test charts`).
fn preview(name: &str, chart: &Chart) {
    let Some(dir) = std::env::var_os("SLANT_CHART_PREVIEW") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join(format!("{name}.png")), &chart.png);
        let _ = std::fs::write(dir.join(format!("{name}.svg")), &chart.svg);
    }
}

#[test]
fn ranking_renders() {
    let chart = ranking(&sample_ranking()).expect("draws");
    let (w, h) = check(&chart);
    assert!((900..=1100).contains(&w), "width {w}");
    assert!(h >= 60 + 28 * 5, "height {h}");
    assert_has(&chart.svg, &OUTLETS);
    assert_has(
        &chart.svg,
        &[
            "0.71",
            "\u{2212}0.05",
            "\u{2212}0.35",
            "\u{2212}0.48",
            "\u{2212}0.62",
        ],
    );
    assert_has(&chart.svg, &["← Ukraine/West-aligned", "Kremlin-aligned →"]);
    assert_has(
        &chart.svg,
        &["Russia–Ukraine: lexicon slant index", "thin evidence"],
    );
    preview("ranking", &chart);
}

#[test]
fn heatmap_renders() {
    let h = sample_heatmap();
    let chart = heatmap(&h).expect("draws");
    check(&chart);
    assert_has(&chart.svg, &FRAMES);
    assert_has(
        &chart.svg,
        &["Ukrainska", "Pravda", "Bloomberg", "Caliber.Az", "RT"],
    );
    assert_has(
        &chart.svg,
        &["4.21", "5.12", "0.20", "matches per 1,000 tokens"],
    );
    // the cell of exactly zero reads "0", not "0.00"
    assert!(chart.svg.contains("\n0\n</text>"), "a zero cell");
    assert_has(&chart.svg, &["no value"]);
    preview("heatmap", &chart);

    let similarity = Heatmap {
        scale_groups: Vec::new(),
        title: "Frame-profile similarity (cosine, centred)".into(),
        rows: OUTLETS.iter().map(|s| s.to_string()).collect(),
        columns: OUTLETS.iter().map(|s| s.to_string()).collect(),
        values: vec![
            vec![1.0, 0.62, 0.35, -0.71, 0.12],
            vec![0.62, 1.0, 0.41, -0.38, 0.27],
            vec![0.35, 0.41, 1.0, -0.12, 0.33],
            vec![-0.71, -0.38, -0.12, 1.0, 0.05],
            vec![0.12, 0.27, 0.33, 0.05, 1.0],
        ],
        unit: "cosine similarity".into(),
        decimals: 2,
        diverging: true,
        ..Default::default()
    };
    let chart = heatmap(&similarity).expect("draws");
    check(&chart);
    assert_has(
        &chart.svg,
        &["\u{2212}0.71", "0.62", "1.00", "cosine similarity"],
    );
    preview("heatmap-diverging", &chart);
}

#[test]
fn variants_render() {
    let chart = variants(&sample_variants()).expect("draws");
    check(&chart);
    assert_has(&chart.svg, &OUTLETS);
    assert_has(
        &chart.svg,
        &["Spelling of Ukraine's capital", "Kyiv", "Kiev"],
    );
    assert_has(
        &chart.svg,
        &["212", "97", "41", "18", "156", "no mention", "n = 212"],
    );
    assert_has(
        &chart.svg,
        &["special military operation", "full-scale invasion"],
    );
    preview("variants", &chart);
}

#[test]
fn diverging_bars_render() {
    let b = sample_bars();
    let chart = diverging_bars(&b).expect("draws");
    check(&chart);
    let labels: Vec<&str> = b.labels.iter().map(String::as_str).collect();
    assert_has(&chart.svg, &labels);
    assert_has(
        &chart.svg,
        &["3.42", "\u{2212}3.10", "0.40", "log-odds ratio"],
    );
    preview("bars", &chart);
}

#[test]
fn point_map_renders() {
    let chart = point_map(&sample_points()).expect("draws");
    check(&chart);
    assert_has(&chart.svg, &OUTLETS);
    assert_has(
        &chart.svg,
        &["PC1 (48% of variance)", "PC2 (21% of variance)"],
    );
    preview("points", &chart);
}

#[test]
fn point_map_draws_far_points_at_the_edge() {
    // 20 points in a unit square and two far out. x: quartiles 0.25 and
    // 0.75 (of 22 values), fences -1.25 and 2.25; y: 1/3 and 1, fences
    // -5/3 and 3. Only the two far points are beyond them.
    let mut points: Vec<(String, f64, f64)> = (0..20)
        .map(|i| {
            (
                format!("Bulk {i}"),
                f64::from(i % 5) / 4.0,
                f64::from(i / 5) / 3.0,
            )
        })
        .collect();
    points.push(("Far Left".into(), -100.0, 0.5));
    points.push(("Far Up".into(), 0.5, 60.0));
    let mut want = vec![false; 20];
    want.extend([true, true]);
    assert_eq!(points::outlying(&points), want);
    // too few points for a bulk: none is outlying
    assert!(!points::outlying(&points[11..]).contains(&true));
    let m = PointMap {
        points,
        fence_outliers: true,
        ..sample_points()
    };
    let chart = point_map(&m).expect("draws");
    check(&chart);
    assert_has(&chart.svg, &["Diamonds:", "Far Left"]);
    preview("points-outlying", &chart);
    let off = point_map(&PointMap {
        fence_outliers: false,
        ..m
    })
    .expect("draws");
    assert!(!off.svg.contains("Diamonds:"));
}

#[test]
fn paired_ranking_renders() {
    let chart = paired_ranking(&sample_paired()).expect("draws");
    check(&chart);
    assert_has(&chart.svg, &OUTLETS);
    assert_has(
        &chart.svg,
        &["Lexicon index", "Model score", "0.64", "\u{2212}0.70"],
    );
    assert_has(&chart.svg, &["no score"]);
    preview("paired", &chart);
}

#[test]
fn output_is_deterministic() {
    let pairs = [
        (ranking(&sample_ranking()), ranking(&sample_ranking())),
        (heatmap(&sample_heatmap()), heatmap(&sample_heatmap())),
        (variants(&sample_variants()), variants(&sample_variants())),
        (
            diverging_bars(&sample_bars()),
            diverging_bars(&sample_bars()),
        ),
        (point_map(&sample_points()), point_map(&sample_points())),
        (
            paired_ranking(&sample_paired()),
            paired_ranking(&sample_paired()),
        ),
    ];
    for (a, b) in pairs {
        let (a, b) = (a.expect("draws"), b.expect("draws"));
        assert_eq!(a.png, b.png);
        assert_eq!(a.svg, b.svg);
    }
}
