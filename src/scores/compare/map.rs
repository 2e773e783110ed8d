//! A 2-D map of outlets: their first two principal components, from a
//! symmetric eigendecomposition (cyclic Jacobi) that cannot panic and gives
//! the same numbers whatever the thread count.
//!
//! The rows (outlets) are centred column by column. The eigenvectors come
//! from the smaller of the Gram matrix `Xc Xc^T` (outlets by outlets) and
//! the scatter matrix `Xc^T Xc` (features by features); both have the same
//! nonzero eigenvalues. Coordinates are the projections of the centred rows
//! on the two leading directions, so outlets with the same rates get the
//! same coordinates to the bit. A component's share of variance is its
//! eigenvalue over the trace (the total variance).

use ndarray::{Array2, ArrayView1};
use serde::Serialize;

/// Outlets on their first two principal components.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Map {
    /// Per outlet: (name, first component, second component).
    pub points: Vec<(String, f64, f64)>,
    /// Share of the total variance each component explains.
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

/// Below this share of the leading eigenvalue a second eigenvalue is
/// rounding noise and the outlets differ along one direction only (the
/// cut-off linfa-linalg borrows from scipy: machine epsilon x 1e6).
const RANK_CUTOFF: f64 = f64::EPSILON * 1e6;

/// Centring rows that are equal up to rounding leaves residues of about
/// machine epsilon per cell (the data scaled to at most 1); a total
/// variance below this many epsilons per cell, squared, is no variance.
const NOISE_EPS: f64 = 16.0;

/// Jacobi sweeps before giving up; it converges quadratically, in well
/// under 20 sweeps for the matrices seen here.
const MAX_SWEEPS: usize = 100;

/// Principal components of the rows of `x` (outlets by features), each
/// column centred. When the outlets differ along one direction only, the
/// second component is 0 and explains nothing. An error says why there is
/// no map: fewer than three outlets or two features, rows that are all the
/// same, or input that is not finite.
pub fn pca_map(names: &[String], x: &Array2<f64>) -> Result<Map, NoMap> {
    let (n, p) = x.dim();
    if n < 3 {
        return Err(NoMap::FewOutlets(n));
    }
    if p < 2 {
        return Err(NoMap::FewWords(p));
    }
    if x.iter().any(|v| !v.is_finite()) {
        return Err(NoMap::Failed);
    }
    // Scaled to at most 1 so that squares neither overflow nor underflow
    // whatever the magnitude; coordinates are scaled back at the end.
    let scale = x.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    if scale == 0.0 {
        return Err(NoMap::NoVariance);
    }
    let mut xc = x.mapv(|v| v / scale);
    let mean = xc.mean_axis(ndarray::Axis(0)).ok_or(NoMap::Failed)?;
    xc -= &mean;
    let total: f64 = xc.iter().map(|v| v * v).sum();
    if total <= (n * p) as f64 * (NOISE_EPS * f64::EPSILON).powi(2) {
        return Err(NoMap::NoVariance);
    }
    let [(l1, v1), (l2, v2)] = leading_directions(&xc).ok_or(NoMap::Failed)?;
    let one_direction = l2 <= l1 * RANK_CUTOFF;
    let explained = if one_direction {
        [1.0, 0.0]
    } else {
        [l1 / total, l2 / total]
    };
    let pc1 = oriented(xc.dot(&v1));
    let pc2 = if one_direction {
        vec![0.0; n]
    } else {
        oriented(xc.dot(&v2))
    };
    let points: Vec<(String, f64, f64)> = names
        .iter()
        .zip(pc1.iter().zip(&pc2))
        .map(|(name, (a, b))| (name.clone(), a * scale, b * scale))
        .collect();
    let finite = points.iter().all(|p| p.1.is_finite() && p.2.is_finite())
        && explained.iter().all(|e| e.is_finite());
    if !finite || points.len() != n {
        return Err(NoMap::Failed);
    }
    Ok(Map { points, explained })
}

/// Components have no inherent sign; fix it so that the first outlet not
/// at the centre (up to rounding) sits on the positive side, and maps do
/// not flip between runs.
fn oriented(scores: ndarray::Array1<f64>) -> Vec<f64> {
    let largest = scores.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let first = scores
        .iter()
        .find(|v| v.abs() > largest * 1e-9)
        .copied()
        .unwrap_or(0.0);
    let sign = if first < 0.0 { -1.0 } else { 1.0 };
    // adding 0.0 turns -0.0 into 0.0
    scores.iter().map(|v| v * sign + 0.0).collect()
}

/// The two largest eigenvalues of `Xc^T Xc` with their unit eigenvectors
/// (feature space), by way of the smaller of the two product matrices.
fn leading_directions(xc: &Array2<f64>) -> Option<[(f64, ndarray::Array1<f64>); 2]> {
    let (n, p) = xc.dim();
    let gram = n <= p;
    let m = if gram {
        xc.dot(&xc.t())
    } else {
        xc.t().dot(xc)
    };
    let (values, vectors) = symmetric_eigen(m)?;
    let mut order: Vec<usize> = (0..values.len()).collect();
    // largest first; ties in index order, so the result is deterministic
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    let direction = |k: usize| -> (f64, ndarray::Array1<f64>) {
        let col = vectors.column(order[k]);
        let lambda = values[order[k]].max(0.0);
        if !gram {
            return (lambda, col.to_owned());
        }
        // v = Xc^T u / |Xc^T u|: the feature-space direction of u
        let v = xc.t().dot(&col);
        let norm = norm(v.view());
        let v = if norm > 0.0 { v / norm } else { v };
        (lambda, v)
    };
    Some([direction(0), direction(1)])
}

fn norm(v: ArrayView1<f64>) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// Eigenvalues and eigenvectors (columns) of the symmetric matrix `a` by
/// the cyclic Jacobi method: plane rotations, a fixed order of pivots,
/// no randomness. `None` when it does not converge in [`MAX_SWEEPS`].
fn symmetric_eigen(mut a: Array2<f64>) -> Option<(Vec<f64>, Array2<f64>)> {
    let n = a.nrows();
    let mut v = Array2::<f64>::eye(n);
    let frobenius: f64 = a.iter().map(|x| x * x).sum();
    for _ in 0..MAX_SWEEPS {
        let off: f64 = (0..n)
            .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
            .map(|(i, j)| a[[i, j]] * a[[i, j]])
            .sum();
        if off <= frobenius * (f64::EPSILON * f64::EPSILON) {
            return Some(((0..n).map(|i| a[[i, i]]).collect(), v));
        }
        for p in 0..n {
            for q in p + 1..n {
                rotate(&mut a, &mut v, p, q);
            }
        }
    }
    None
}

/// One Jacobi rotation `A <- J^T A J`, `V <- V J`, chosen to zero `a[p][q]`.
fn rotate(a: &mut Array2<f64>, v: &mut Array2<f64>, p: usize, q: usize) {
    let apq = a[[p, q]];
    if apq == 0.0 {
        return;
    }
    let theta = (a[[q, q]] - a[[p, p]]) / (2.0 * apq);
    // the smaller root of t^2 + 2 t theta - 1 = 0, stable for large theta
    let t = if theta.abs() > 1e150 {
        0.5 / theta
    } else {
        theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt())
    };
    let c = 1.0 / (t * t + 1.0).sqrt();
    let s = t * c;
    let n = a.nrows();
    for k in 0..n {
        let (akp, akq) = (a[[k, p]], a[[k, q]]);
        a[[k, p]] = c * akp - s * akq;
        a[[k, q]] = s * akp + c * akq;
    }
    for k in 0..n {
        let (apk, aqk) = (a[[p, k]], a[[q, k]]);
        a[[p, k]] = c * apk - s * aqk;
        a[[q, k]] = s * apk + c * aqk;
    }
    // exactly zero by construction; rounding would leave a residue
    a[[p, q]] = 0.0;
    a[[q, p]] = 0.0;
    for k in 0..n {
        let (vkp, vkq) = (v[[k, p]], v[[k, q]]);
        v[[k, p]] = c * vkp - s * vkq;
        v[[k, q]] = s * vkp + c * vkq;
    }
}

#[cfg(test)]
mod tests;
