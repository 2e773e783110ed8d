//! Degenerate inputs (empty, NaN, ragged, single, hundreds, very long labels) must not
//! panic: they draw a chart or return an error.

use super::*;

fn long(n: usize) -> String {
    let base = "The Extremely Long Name of a Regional Broadcaster and Its Online Edition ";
    base.chars().cycle().take(n).collect()
}

fn outlets(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("Outlet number {i}")).collect()
}

#[test]
fn ranking_degenerate_inputs() {
    let empty = Ranking {
        dividers: Vec::new(),
        title: String::new(),
        negative_label: String::new(),
        positive_label: String::new(),
        outlets: Vec::new(),
        note: None,
    };
    check(&ranking(&empty).expect("no-data chart"));

    let mut odd = sample_ranking();
    odd.outlets[0].score = f64::NAN;
    odd.outlets[1].ci = Some((f64::NAN, 0.2));
    odd.outlets[2].ci = Some((0.3, -0.9));
    odd.outlets[3].score = 4.0;
    odd.outlets[3].ci = Some((-7.0, f64::INFINITY));
    odd.outlets[4].outlet = long(80);
    odd.negative_label = long(80);
    odd.positive_label = long(70);
    odd.note = Some(long(400));
    let chart = ranking(&odd).expect("draws");
    check(&chart);
    assert_has(&chart.svg, &[label(&long(80)).as_str(), "no score", "4.00"]);
    preview("ranking-degenerate", &chart);

    let sixty = RankedOutlet {
        outlet: long(60),
        score: 0.1,
        ci: Some((0.1, 0.1)),
        flagged: false,
    };
    let single = Ranking {
        outlets: vec![sixty],
        ..sample_ranking()
    };
    let chart = ranking(&single).expect("draws");
    let (w, _) = check(&chart);
    assert!(w <= 1100, "width {w}");
    assert_has(&chart.svg, &[long(60).trim_end()]);
    preview("ranking-single-long", &chart);

    let many = Ranking {
        outlets: outlets(100)
            .into_iter()
            .enumerate()
            .map(|(i, o)| RankedOutlet {
                outlet: o,
                score: 1.0 - i as f64 / 50.0,
                ci: Some((0.9 - i as f64 / 50.0, 1.1 - i as f64 / 50.0)),
                flagged: i % 7 == 0,
            })
            .collect(),
        ..sample_ranking()
    };
    let chart = ranking(&many).expect("draws");
    let (_, h) = check(&chart);
    assert!(h >= 60 + 28 * 100);
    preview("ranking-100", &chart);
}

#[test]
fn heatmap_degenerate_inputs() {
    let mut h = sample_heatmap();
    h.values.pop();
    assert!(heatmap(&h).is_err(), "ragged input is an error");

    let empty = Heatmap {
        rows: Vec::new(),
        columns: Vec::new(),
        values: Vec::new(),
        ..sample_heatmap()
    };
    check(&heatmap(&empty).expect("no-data chart"));

    let all_nan = Heatmap {
        rows: vec!["only".into()],
        columns: vec!["one".into()],
        values: vec![vec![f64::NAN]],
        ..sample_heatmap()
    };
    check(&heatmap(&all_nan).expect("draws"));
    let zeros = Heatmap {
        values: vec![vec![0.0; 5]; 6],
        diverging: true,
        decimals: 99,
        ..sample_heatmap()
    };
    check(&heatmap(&zeros).expect("draws"));

    let cols = outlets(40);
    let wide = Heatmap {
        scale_groups: Vec::new(),
        title: long(200),
        rows: vec![long(80), "Naming".into()],
        columns: cols.clone(),
        values: vec![
            (0..40).map(|i| i as f64 * 0.37).collect(),
            (0..40).map(|i| 12.0 - i as f64 * 0.5).collect(),
        ],
        unit: "matches per 1,000 tokens".into(),
        decimals: 1,
        diverging: true,
        ..Default::default()
    };
    let chart = heatmap(&wide).expect("draws");
    check(&chart);
    let names: Vec<&str> = cols.iter().map(String::as_str).collect();
    assert_has(&chart.svg, &names);
    preview("heatmap-wide", &chart);
}

#[test]
fn variants_degenerate_inputs() {
    check(&variants(&[]).expect("no-data chart"));
    let mut bad = sample_variants();
    bad[0].counts[0].push(1);
    assert!(variants(&bad).is_err(), "ragged counts are an error");

    let odd = vec![
        VariantPanel {
            title: "No variants".into(),
            variants: Vec::new(),
            outlets: vec!["RT".into()],
            counts: vec![Vec::new()],
        },
        VariantPanel {
            title: long(150),
            variants: (0..7)
                .map(|i| {
                    let side = [Side::Negative, Side::Positive, Side::Neutral][i % 3];
                    (format!("variant {i} {}", long(i * 6)), side)
                })
                .collect(),
            outlets: vec![long(80), "RT".into(), "Nobody".into()],
            counts: vec![
                vec![5, 1, 1, 9, 0, 3, 2],
                vec![u64::MAX / 2, 1, 0, 0, 0, 0, 0],
                vec![0; 7],
            ],
        },
        VariantPanel {
            title: "No outlets".into(),
            variants: vec![("Kyiv".into(), Side::Negative)],
            outlets: Vec::new(),
            counts: Vec::new(),
        },
    ];
    let chart = variants(&odd).expect("draws");
    check(&chart);
    preview("variants-degenerate", &chart);

    let many = vec![VariantPanel {
        title: "Spelling of Ukraine's capital".into(),
        variants: vec![
            ("Kyiv".into(), Side::Negative),
            ("Kiev".into(), Side::Positive),
        ],
        outlets: outlets(100),
        counts: (0..100).map(|i| vec![i, 100 - i]).collect(),
    }];
    check(&variants(&many).expect("draws"));
}

#[test]
fn bars_points_paired_degenerate_inputs() {
    let mut b = sample_bars();
    b.sides.pop();
    assert!(
        diverging_bars(&b).is_err(),
        "mismatched lengths are an error"
    );
    let empty = DivergingBars {
        labels: Vec::new(),
        values: Vec::new(),
        sides: Vec::new(),
        ..sample_bars()
    };
    check(&diverging_bars(&empty).expect("no-data chart"));
    let odd = DivergingBars {
        labels: vec![long(80), "zero".into(), "nan".into(), "huge".into()],
        values: vec![0.0, 0.0, f64::NAN, 1e6],
        sides: vec![
            Side::Negative,
            Side::Neutral,
            Side::Positive,
            Side::Positive,
        ],
        ..sample_bars()
    };
    let chart = diverging_bars(&odd).expect("draws");
    check(&chart);
    preview("bars-degenerate", &chart);
    let zeros = DivergingBars {
        values: vec![0.0; 7],
        ..sample_bars()
    };
    check(&diverging_bars(&zeros).expect("draws"));

    let none = PointMap {
        points: Vec::new(),
        ..sample_points()
    };
    check(&point_map(&none).expect("no-data chart"));
    let same = PointMap {
        points: vec![
            ("a".into(), 1.0, 1.0),
            ("b".into(), 1.0, 1.0),
            ("c".into(), f64::NAN, 0.0),
        ],
        ..sample_points()
    };
    let long_axes = PointMap {
        title: long(300),
        x_label: long(80),
        y_label: long(80),
        ..sample_points()
    };
    let chart = point_map(&long_axes).expect("draws");
    check(&chart);
    preview("points-long-labels", &chart);
    let chart = point_map(&same).expect("draws");
    check(&chart);
    preview("points-degenerate", &chart);
    let line = PointMap {
        points: (0..200)
            .map(|i| (format!("Outlet {i}"), f64::from(i), f64::from(i % 3) * 1e-3))
            .collect(),
        ..sample_points()
    };
    let chart = point_map(&line).expect("draws");
    check(&chart);
    preview("points-200", &chart);
    let extreme = PointMap {
        points: vec![
            ("big".into(), f64::MAX, -f64::MAX),
            ("small".into(), -f64::MAX, 0.0),
        ],
        ..sample_points()
    };
    check(&point_map(&extreme).expect("draws"));

    let mut p = sample_paired();
    p.values.pop();
    assert!(
        paired_ranking(&p).is_err(),
        "mismatched lengths are an error"
    );
    let empty = PairedRanking {
        outlets: Vec::new(),
        values: Vec::new(),
        ..sample_paired()
    };
    check(&paired_ranking(&empty).expect("no-data chart"));
    let odd = PairedRanking {
        outlets: vec![long(80)],
        values: vec![[None, Some((f64::NAN, Some((f64::NAN, f64::NAN))))]],
        ..sample_paired()
    };
    check(&paired_ranking(&odd).expect("draws"));
}

#[test]
fn label_and_number_helpers() {
    assert_eq!(label(&long(80)).chars().count(), MAX_LABEL_CHARS);
    assert!(label(&long(80)).ends_with('…'));
    assert_eq!(label("a\nb\u{0}"), "a b");
    assert_eq!(super::super::text::number(-0.001, 2), "0.00");
    assert_eq!(super::super::text::number(-0.62, 2), "\u{2212}0.62");
    assert_eq!(super::super::text::number(f64::NAN, 2), "n/a");
}

fn label(s: &str) -> String {
    super::super::text::label(s)
}
