//! The map against linfa-reduction's PCA on well-conditioned inputs, and
//! on the degenerate inputs where linfa's eigensolver panics or drops
//! components.

use super::*;
use linfa::prelude::*;
use linfa_reduction::Pca;
use ndarray::Array1;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("o{i}")).collect()
}

/// `n` by `p` with independent columns of decreasing spread (1, 1/2,
/// 1/3, ...), so that the leading eigenvalues are well separated.
fn well_conditioned(seed: u64, n: usize, p: usize) -> Array2<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    Array2::from_shape_fn((n, p), |(_, c)| {
        10.0 + rng.gen_range(-1.0..1.0) * 5.0 / (c + 1) as f64
    })
}

/// linfa's coordinates, each component's sign fixed as ours is.
fn linfa_points(x: &Array2<f64>) -> (Array2<f64>, Vec<f64>) {
    let pca = Pca::params(2)
        .fit(&DatasetBase::from(x.clone()))
        .expect("linfa fits a well-conditioned matrix");
    let mut y = pca.predict(x);
    for k in 0..2 {
        let col = y.column(k).to_owned();
        y.column_mut(k).assign(&Array1::from(oriented(col)));
    }
    (y, pca.explained_variance_ratio().to_vec())
}

#[test]
fn same_map_as_linfa_on_well_conditioned_inputs() {
    // outlets fewer than words (Gram matrix) and more (scatter matrix)
    for (seed, n, p) in [
        (1, 8, 5),
        (2, 6, 30),
        (3, 40, 12),
        (4, 25, 300),
        (5, 120, 40),
    ] {
        let x = well_conditioned(seed, n, p);
        let m = pca_map(&names(n), &x).expect("a map");
        let (y, linfa_ratio) = linfa_points(&x);
        let largest = y.iter().fold(0.0f64, |a, v| a.max(v.abs()));
        for (i, pt) in m.points.iter().enumerate() {
            for (k, ours) in [pt.1, pt.2].into_iter().enumerate() {
                let diff = (ours - y[[i, k]]).abs();
                assert!(
                    diff <= 1e-6 * largest,
                    "{n}x{p} outlet {i} pc{}: {ours} vs linfa {}",
                    k + 1,
                    y[[i, k]]
                );
            }
        }
        // linfa normalizes over the two components it keeps; ours are
        // shares of the total variance, so compare their proportion
        let ours = m.explained[0] / (m.explained[0] + m.explained[1]);
        assert!(
            (ours - linfa_ratio[0]).abs() < 1e-6,
            "{ours} vs {linfa_ratio:?}"
        );
        // and each share is the variance of its coordinates over the total
        let centred = &x - &x.mean_axis(ndarray::Axis(0)).unwrap();
        let total: f64 = centred.iter().map(|v| v * v).sum();
        let pc1: f64 = m.points.iter().map(|p| p.1 * p.1).sum();
        let pc2: f64 = m.points.iter().map(|p| p.2 * p.2).sum();
        assert!((m.explained[0] - pc1 / total).abs() < 1e-9, "{m:?}");
        assert!((m.explained[1] - pc2 / total).abs() < 1e-9, "{m:?}");
    }
}

/// What a degenerate case should give.
enum Want {
    No(NoMap),
    /// A map along one direction: the second component is 0.
    Line,
    /// A map on two components.
    Plane,
}

fn line_of(n: usize, p: usize, t: impl Fn(usize) -> f64) -> Array2<f64> {
    Array2::from_shape_fn((n, p), |(r, c)| {
        3.0 + c as f64 + t(r) * (1.0 + (c % 3) as f64)
    })
}

fn nearly_identical(n: usize, p: usize) -> Array2<f64> {
    let mut rng = StdRng::seed_from_u64(7);
    Array2::from_shape_fn((n, p), |(_, c)| {
        let base = [412.0, 37.5, 3.25, 0.5, 0.125][c % 5];
        base + rng.gen_range(-1.0..1.0) * 1e-9
    })
}

/// `n` outlets sharing a few texts: mixtures `a + f (b - a)` of two random
/// rate vectors in `k` proportions, plus `c - a` for every other three
/// outlets when `plane`. Rank 1 or 2 with many repeated rows: linfa's
/// eigensolver panics ("NaN values in array") on both at 500 by 12.
fn shared_texts(n: usize, p: usize, k: usize, plane: bool) -> Array2<f64> {
    let mut rng = StdRng::seed_from_u64(3);
    let mut v = || -> Vec<f64> { (0..p).map(|_| rng.gen_range(0.0..50.0)).collect() };
    let (a, b, c) = (v(), v(), v());
    Array2::from_shape_fn((n, p), |(r, j)| {
        let f = (r % k) as f64 / (k - 1) as f64;
        let g = if plane { ((r / 3) % 2) as f64 } else { 0.0 };
        a[j] + f * (b[j] - a[j]) + g * (c[j] - a[j])
    })
}

#[test]
fn degenerate_inputs_give_a_map_or_a_reason_never_a_panic() {
    let base = well_conditioned(11, 6, 4);
    let cases: Vec<(&str, Array2<f64>, Want)> = vec![
        (
            "identical rows",
            Array2::from_shape_fn((5, 4), |(_, c)| c as f64 * 10.0),
            Want::No(NoMap::NoVariance),
        ),
        (
            "all zeros",
            Array2::zeros((5, 4)),
            Want::No(NoMap::NoVariance),
        ),
        (
            "no columns",
            Array2::zeros((5, 0)),
            Want::No(NoMap::FewWords(0)),
        ),
        (
            "one column",
            Array2::zeros((5, 1)),
            Want::No(NoMap::FewWords(1)),
        ),
        (
            "two rows",
            Array2::ones((2, 4)),
            Want::No(NoMap::FewOutlets(2)),
        ),
        (
            "rank 1: rows on a line",
            line_of(7, 5, |r| r as f64),
            Want::Line,
        ),
        (
            "rank 1, many words",
            line_of(4, 50, |r| (r * r) as f64),
            Want::Line,
        ),
        (
            "one outlet differing",
            Array2::from_shape_fn((6, 4), |(r, c)| if r == 3 && c == 1 { 9.0 } else { 2.0 }),
            Want::Line,
        ),
        (
            "zero columns among varying ones",
            Array2::from_shape_fn(
                (6, 6),
                |(r, c)| if c % 2 == 0 { 0.0 } else { base[[r, c / 2]] },
            ),
            Want::Plane,
        ),
        (
            "500 nearly identical rows",
            nearly_identical(500, 5),
            Want::Plane,
        ),
        (
            "500 outlets, three texts on a line",
            shared_texts(500, 12, 3, false),
            Want::Line,
        ),
        (
            "500 outlets, six texts on a plane",
            shared_texts(500, 12, 3, true),
            Want::Plane,
        ),
        ("huge magnitudes", base.mapv(|v| v * 1e250), Want::Plane),
        ("tiny magnitudes", base.mapv(|v| v * 1e-250), Want::Plane),
        (
            "not finite",
            Array2::from_shape_fn((4, 3), |(r, c)| if r == c { f64::NAN } else { 1.0 }),
            Want::No(NoMap::Failed),
        ),
    ];
    for (case, x, want) in cases {
        let got = pca_map(&names(x.nrows()), &x);
        match (want, got) {
            (Want::No(why), got) => assert_eq!(got, Err(why), "{case}"),
            (_, Err(why)) => panic!("{case}: no map ({why})"),
            (want, Ok(m)) => {
                assert!(
                    m.points.iter().all(|p| p.1.is_finite() && p.2.is_finite()),
                    "{case}: {m:?}"
                );
                let first = m.points.iter().find(|p| p.1 != 0.0).expect("not all 0");
                assert!(first.1 > 0.0, "{case}: sign convention");
                let line = matches!(want, Want::Line);
                assert_eq!(m.points.iter().all(|p| p.2 == 0.0), line, "{case}: {m:?}");
                assert_eq!(m.explained == [1.0, 0.0], line, "{case}: {m:?}");
                assert!(m.explained[0] >= m.explained[1], "{case}: {m:?}");
                assert!(m.explained[0] + m.explained[1] <= 1.0 + 1e-12, "{case}");
            }
        }
    }
}

#[test]
fn a_line_is_mapped_to_its_positions() {
    // rows a + t b: the first coordinate is (t - mean t) |b|, up to sign
    let t = [0.0, 1.0, 3.0, 7.0, 4.0];
    let x = line_of(5, 5, |r| t[r]);
    let m = pca_map(&names(5), &x).unwrap();
    let b_norm = (0..5)
        .map(|c| (1.0 + (c % 3) as f64).powi(2))
        .sum::<f64>()
        .sqrt();
    let mean = t.iter().sum::<f64>() / 5.0;
    let sign = (m.points[0].1 / ((t[0] - mean) * b_norm)).signum();
    for (p, ti) in m.points.iter().zip(t) {
        assert!((p.1 - sign * (ti - mean) * b_norm).abs() < 1e-9, "{m:?}");
    }
    // rows with the same rates share their coordinates exactly
    let x = Array2::from_shape_fn((5, 3), |(r, c)| if r % 2 == c % 2 { 5.0 } else { 1.0 });
    let m = pca_map(&names(5), &x).unwrap();
    assert_eq!(m.points[0].1, m.points[2].1);
    assert_eq!(m.points[1].1, m.points[3].1);
}

#[test]
fn magnitude_scales_the_map_and_not_its_shares() {
    let x = well_conditioned(12, 9, 7);
    let m = pca_map(&names(9), &x).unwrap();
    for s in [1e-200, 1e-3, 1e3, 1e200] {
        let ms = pca_map(&names(9), &x.mapv(|v| v * s)).unwrap();
        for (a, b) in m.points.iter().zip(&ms.points) {
            assert!((a.1 * s - b.1).abs() <= 1e-9 * s * 10.0, "{s}: {a:?} {b:?}");
            assert!((a.2 * s - b.2).abs() <= 1e-9 * s * 10.0, "{s}: {a:?} {b:?}");
        }
        assert!((m.explained[0] - ms.explained[0]).abs() < 1e-12);
    }
}
#[test]
fn pca_separates_two_groups() {
    let x = Array2::from_shape_vec(
        (4, 3),
        vec![1.0, 0.0, 0.1, 0.9, 0.1, 0.0, 0.0, 1.0, 0.1, 0.1, 0.9, 0.0],
    )
    .unwrap();
    let names: Vec<String> = ["a1", "a2", "b1", "b2"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let m = pca_map(&names, &x).expect("map");
    let pc1: Vec<f64> = m.points.iter().map(|p| p.1).collect();
    assert!(
        pc1[0].signum() == pc1[1].signum()
            && pc1[2].signum() == pc1[3].signum()
            && pc1[0].signum() != pc1[2].signum(),
        "{pc1:?}"
    );
    assert!(m.explained[0] > 0.8, "{:?}", m.explained);
    assert_eq!(
        pca_map(&names[..2], &x.slice(ndarray::s![..2, ..]).to_owned()),
        Err(NoMap::FewOutlets(2))
    );
}

#[test]
fn pca_of_identical_or_collinear_rows() {
    let names: Vec<String> = ["a", "b", "c", "d", "e"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    // wire copy: five outlets, one text
    let same = Array2::from_shape_fn((5, 4), |(_, c)| c as f64 * 10.0);
    assert_eq!(pca_map(&names, &same), Err(NoMap::NoVariance));
    // two texts shared among five outlets: the outlets lie on a line,
    // the second component is 0 and explains nothing
    let line = Array2::from_shape_fn((5, 3), |(r, c)| if r % 2 == c % 2 { 5.0 } else { 1.0 });
    let m = pca_map(&names, &line).expect("a map along one direction");
    assert_eq!(m.explained, [1.0, 0.0]);
    assert!(
        m.points.iter().all(|p| p.1.is_finite() && p.2 == 0.0),
        "{m:?}"
    );
    assert!(m.points[0].1 > 0.0);
    let narrow = Array2::from_shape_fn((4, 1), |(r, _)| r as f64);
    assert_eq!(pca_map(&names[..4], &narrow), Err(NoMap::FewWords(1)));
}
