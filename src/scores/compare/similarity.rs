//! How close outlets are: cosine similarity and Jensen-Shannon divergence
//! between their frame profiles and their word distributions, an order of
//! outlets from hierarchical clustering (average linkage on the divergence),
//! and a 2-D map from principal components (linfa-reduction).

use linfa::prelude::*;
use linfa_reduction::Pca;
use ndarray::Array2;
use serde::Serialize;

/// Probability added to each zero cell before divergences are taken (then
/// renormalized), so every cell is positive.
pub const SMOOTHING: f64 = 1e-6;

/// Cosine similarity of two vectors; `None` when either is all zeros, as
/// an outlet with no frame matches is: it has no direction to compare.
pub fn cosine(a: &[f64], b: &[f64]) -> Option<f64> {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na = a.iter().map(|x| x * x).sum::<f64>().sqrt();
    let nb = b.iter().map(|x| x * x).sum::<f64>().sqrt();
    (na > 0.0 && nb > 0.0).then(|| dot / (na * nb))
}

/// `v` as a probability distribution, zero cells raised to [`SMOOTHING`].
pub fn distribution(v: &[f64], smoothing: f64) -> Vec<f64> {
    let total: f64 = v.iter().sum();
    if total <= 0.0 {
        return vec![1.0 / v.len().max(1) as f64; v.len()];
    }
    let p: Vec<f64> = v.iter().map(|x| (x / total).max(smoothing)).collect();
    let s: f64 = p.iter().sum();
    p.into_iter().map(|x| x / s).collect()
}

/// Jensen-Shannon divergence of two distributions, base-2 logarithms, so
/// that it lies in [0, 1]. Zero cells contribute nothing.
pub fn jsd(p: &[f64], q: &[f64]) -> f64 {
    let kl = |a: &[f64], m: &[f64]| -> f64 {
        a.iter()
            .zip(m)
            .filter(|(x, _)| **x > 0.0)
            .map(|(x, y)| x * (x / y).log2())
            .sum()
    };
    let m: Vec<f64> = p.iter().zip(q).map(|(a, b)| (a + b) / 2.0).collect();
    // An empty sum is -0.0; adding 0.0 keeps "-0.00" out of the tables.
    (kl(p, &m) / 2.0 + kl(q, &m) / 2.0).clamp(0.0, 1.0) + 0.0
}

/// The leaf order of an average-linkage clustering of `n` items with
/// pairwise `distance(i, j)`, so that similar items sit together.
pub fn cluster_order(n: usize, distance: impl Fn(usize, usize) -> f64) -> Vec<usize> {
    if n < 3 {
        return (0..n).collect();
    }
    let mut condensed = Vec::with_capacity(n * (n - 1) / 2);
    for i in 0..n {
        for j in i + 1..n {
            let d = distance(i, j);
            condensed.push(if d.is_finite() { d } else { 1.0 });
        }
    }
    let dendrogram = kodama::linkage(&mut condensed, n, kodama::Method::Average);
    let steps = dendrogram.steps();
    let mut order = Vec::with_capacity(n);
    let mut stack = vec![n + steps.len() - 1];
    while let Some(c) = stack.pop() {
        if c < n {
            order.push(c);
        } else {
            let s = &steps[c - n];
            // the smaller index first, for a stable picture
            let (x, y) = (s.cluster1.min(s.cluster2), s.cluster1.max(s.cluster2));
            stack.push(y);
            stack.push(x);
        }
    }
    order
}

/// Outlets on their first two principal components.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Map {
    /// Per outlet: (name, first component, second component).
    pub points: Vec<(String, f64, f64)>,
    /// Share of variance each component explains.
    pub explained: [f64; 2],
}

/// Why there is no map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoMap {
    /// Fewer than three outlets (how many there are).
    FewOutlets(usize),
    /// Fewer than two content words to place them by (how many there are).
    FewWords(usize),
    /// Every outlet uses the words at the same rates: nothing varies.
    NoVariance,
    /// The decomposition failed or gave no finite coordinates.
    Failed,
}

impl std::fmt::Display for NoMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoMap::FewOutlets(n) => write!(
                f,
                "no outlet map: it needs at least three outlets, and there {}",
                if *n == 1 {
                    "is one".to_string()
                } else {
                    format!("are {n}")
                }
            ),
            NoMap::FewWords(n) => write!(
                f,
                "no outlet map: it needs at least two content words to place outlets by, and the corpus has {n}"
            ),
            NoMap::NoVariance => write!(
                f,
                "no outlet map: every outlet uses the same words at the same rates (identical texts, as with wire copy), so there is no difference to map"
            ),
            NoMap::Failed => write!(
                f,
                "no outlet map: the principal components could not be computed from these word rates"
            ),
        }
    }
}

/// Principal components of the rows of `x` (outlets by features), each
/// column centred (linfa-reduction's PCA). When the outlets differ along
/// one direction only, the second component is 0 and explains nothing.
/// An error says why there is no map: fewer than three outlets or two
/// features, rows that are all the same, or a failed decomposition.
pub fn pca_map(names: &[String], x: &Array2<f64>) -> Result<Map, NoMap> {
    if x.nrows() < 3 {
        return Err(NoMap::FewOutlets(x.nrows()));
    }
    if x.ncols() < 2 {
        return Err(NoMap::FewWords(x.ncols()));
    }
    if x.rows().into_iter().all(|r| r == x.row(0)) {
        return Err(NoMap::NoVariance);
    }
    let data = DatasetBase::from(x.clone());
    // linfa-linalg's eigendecomposition panics ("NaN values in array") on
    // some rank-deficient inputs, e.g. hundreds of outlets with nearly the
    // same few words; a map that cannot be computed is a note, not a crash.
    // The default hook would print the caught panic as if it were a crash.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let fit = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| Pca::params(2).fit(&data)));
    std::panic::set_hook(hook);
    let pca = fit.map_err(|_| NoMap::Failed)?.map_err(|_| NoMap::Failed)?;
    // The decomposition drops components without variance: rows that are
    // nearly the same leave none, rows along a line leave one.
    let mut y = pca.predict(x);
    let explained = match y.ncols() {
        0 => return Err(NoMap::NoVariance),
        1 => {
            y.push_column(ndarray::Array1::zeros(y.nrows()).view())
                .map_err(|_| NoMap::Failed)?;
            [1.0, 0.0]
        }
        _ => {
            let ratio = pca.explained_variance_ratio();
            [
                ratio.first().copied().unwrap_or(0.0),
                ratio.get(1).copied().unwrap_or(0.0),
            ]
        }
    };
    // Components have no inherent sign; fix it so that the first outlet
    // sits on the positive side, and maps do not flip between runs.
    for k in 0..2 {
        if y[[0, k]] < 0.0 {
            y.column_mut(k).mapv_inplace(|v| -v);
        }
    }
    let points = names
        .iter()
        .zip(y.rows())
        .map(|(n, r)| (n.clone(), r[0], r[1]))
        .collect::<Vec<_>>();
    let finite = points.iter().all(|p| p.1.is_finite() && p.2.is_finite())
        && explained.iter().all(|e| e.is_finite());
    if !finite {
        return Err(NoMap::Failed);
    }
    Ok(Map { points, explained })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jensen_shannon_by_hand() {
        // P = (1/2, 1/2), Q = (1, 0), M = (3/4, 1/4):
        // KL(P||M) = 1/2 log2(2/3) + 1/2 log2(2) = 0.5 - 0.5 log2(1.5)
        // KL(Q||M) = log2(4/3); JSD = the mean of the two
        let want = ((0.5 - 0.5 * 1.5f64.log2()) + (4.0f64 / 3.0).log2()) / 2.0;
        assert!((jsd(&[0.5, 0.5], &[1.0, 0.0]) - want).abs() < 1e-12);
        assert!((want - 0.311278).abs() < 1e-6);
        assert_eq!(jsd(&[0.2, 0.8], &[0.2, 0.8]), 0.0);
        assert!(
            (jsd(&[1.0, 0.0], &[0.0, 1.0]) - 1.0).abs() < 1e-12,
            "disjoint: 1 bit"
        );
    }

    #[test]
    fn cosine_and_smoothing() {
        assert!((cosine(&[1.0, 0.0], &[1.0, 1.0]).unwrap() - 1.0 / 2.0f64.sqrt()).abs() < 1e-12);
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 1.0]), None);
        let d = distribution(&[3.0, 1.0, 0.0], SMOOTHING);
        assert!((d.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(d[2] > 0.0 && d[2] < 1e-5);
    }

    #[test]
    fn clustering_puts_similar_outlets_together() {
        // two pairs: {0, 2} close, {1, 3} close
        let pos: [f64; 4] = [0.0, 10.0, 0.5, 10.4];
        let order = cluster_order(4, |i, j| (pos[i] - pos[j]).abs());
        let at = |x: usize| order.iter().position(|&o| o == x).unwrap();
        assert_eq!((at(0) as i64 - at(2) as i64).abs(), 1, "{order:?}");
        assert_eq!((at(1) as i64 - at(3) as i64).abs(), 1, "{order:?}");
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
}
