//! Truncated SVD of a sparse matrix by a randomized range finder (Halko,
//! Martinsson & Tropp 2011, algorithms 4.4 and 5.1), run on `Aᵀ` so that
//! no dense matrix of sentences by dimensions is ever held: every product
//! with `A` is taken a block of sentences at a time.
//!
//! With `A` sentences by words and `l = k + oversample`:
//!
//! 1. `Q = orth(Aᵀ A Ω)`, `Ω` words by `l`, standard normal, seeded: its
//!    columns span the range of `Aᵀ` (the product with `Aᵀ A` is the
//!    first power iteration, and spares drawing a sentences-by-`l` `Ω`).
//! 2. `power` times, `Q = orth(Aᵀ (A Q))`.
//! 3. `G = Qᵀ Aᵀ A Q` (`l` by `l`) = `W Λ Wᵀ`; singular values `√λ`, right
//!    singular vectors `V = Q W`, the top `k` kept.
//!
//! `orth` is taken from the Gram matrix (`Yᵀ Y = U Λ Uᵀ`, `Q = Y U Λ^-½`,
//! directions with `λ` below `1e-10 λ_max` dropped), twice over, as
//! Cholesky-QR2 does: it runs on blocked matrix products, where
//! linfa-linalg's Householder QR of a words-by-300 matrix is a loop of
//! rank-one updates. Each sum runs in a fixed order, whatever the number
//! of threads: the result depends on the seed only.

use linfa_linalg::eigh::{EigSort, Eigh};
use ndarray::{s, Array2, Axis};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;

use super::matrix::Csr;
use super::LssError;

/// Sentences per block of a product with `A`.
const BLOCK_ROWS: usize = 8192;
/// Relative size below which a direction of the range is dropped.
const RANK_TOLERANCE: f64 = 1e-10;

/// The top singular values and right singular vectors of a matrix.
#[derive(Debug, Clone)]
pub struct Svd {
    /// Singular values, largest first.
    pub values: Vec<f64>,
    /// Right singular vectors, one column each: columns by `values.len()`.
    pub vectors: Array2<f64>,
}

/// The top `k` singular values and right singular vectors of `a`, with
/// `oversample` extra directions in the range finder and `power` power
/// iterations; fewer than `k` when `a` has lower rank.
pub fn truncated_svd(
    a: &Csr,
    k: usize,
    oversample: usize,
    power: usize,
    seed: u64,
) -> Result<Svd, LssError> {
    let n = a.ncols;
    let l = (k + oversample).min(n).min(a.nrows());
    if l == 0 {
        return Err(LssError::Empty);
    }
    // Each words-by-l matrix is dropped as soon as the next is made: they
    // are most of the memory LSS takes.
    let mut q = {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let omega = Array2::from_shape_simple_fn((n, l), || StandardNormal.sample(&mut rng));
        let y = ata_times(a, &omega);
        drop(omega);
        orth(&y)?
    };
    for _ in 0..power {
        let y = ata_times(a, &q);
        drop(q);
        q = orth(&y)?;
    }
    let y = ata_times(a, &q);
    let g = q.t().dot(&y);
    drop(y);
    // Qᵀ Aᵀ A Q is symmetric up to rounding; eigh reads one triangle.
    let g = (&g + &g.t()) * 0.5;
    let (lambda, w) = g.eigh().map_err(linalg)?.sort_eig_desc();
    let keep = k.min(lambda.iter().filter(|&&x| x > 0.0).count());
    let vectors = q.dot(&w.slice(s![.., ..keep]));
    let values = lambda.iter().take(keep).map(|x| x.sqrt()).collect();
    Ok(Svd { values, vectors })
}

/// An orthonormal basis of the columns of `y`, from its Gram matrix,
/// taken twice (the second pass restores orthogonality lost to rounding).
fn orth(y: &Array2<f64>) -> Result<Array2<f64>, LssError> {
    let once = orth_once(y)?;
    orth_once(&once)
}

fn orth_once(y: &Array2<f64>) -> Result<Array2<f64>, LssError> {
    let g = y.t().dot(y);
    let g = (&g + &g.t()) * 0.5;
    let (lambda, u) = g.eigh().map_err(linalg)?.sort_eig_desc();
    let top = lambda.first().copied().unwrap_or(0.0);
    let rank = lambda
        .iter()
        .take_while(|&&x| x > RANK_TOLERANCE * top && x > 0.0)
        .count();
    if rank == 0 {
        return Err(LssError::Empty);
    }
    let mut scaled = u.slice(s![.., ..rank]).to_owned();
    for (mut col, &x) in scaled.axis_iter_mut(Axis(1)).zip(lambda.iter()) {
        col /= x.sqrt();
    }
    Ok(y.dot(&scaled))
}

/// `Aᵀ (A X)` for `X` columns by `l`, a block of rows of `A` at a time.
/// Within a block, `A X` is computed row by row and `Aᵀ` of it column
/// range by column range, each in parallel; every entry of the result
/// sums its terms in row order, so the threads change nothing.
pub(crate) fn ata_times(a: &Csr, x: &Array2<f64>) -> Array2<f64> {
    let x = x.as_standard_layout();
    let (n, l) = x.dim();
    let xs = x.as_slice().unwrap_or(&[]);
    let mut out = vec![0.0; n * l];
    let ranges = (rayon::current_num_threads() * 4).max(1);
    let words_per_range = n.div_ceil(ranges).max(1);
    let mut z = Vec::new();
    for start in (0..a.nrows()).step_by(BLOCK_ROWS) {
        let rows = start..(start + BLOCK_ROWS).min(a.nrows());
        z.clear();
        z.resize(rows.len() * l, 0.0);
        z.par_chunks_mut(l).enumerate().for_each(|(i, zr)| {
            let (cols, vals) = a.row(rows.start + i);
            for (&c, &v) in cols.iter().zip(vals) {
                let xr = &xs[c as usize * l..(c as usize + 1) * l];
                zr.iter_mut().zip(xr).for_each(|(o, &xv)| *o += v * xv);
            }
        });
        out.par_chunks_mut(words_per_range * l)
            .enumerate()
            .for_each(|(chunk, yr)| {
                let w0 = chunk * words_per_range;
                let w1 = w0 + yr.len() / l;
                for (i, zr) in z.chunks(l).enumerate() {
                    let (cols, vals) = a.row(rows.start + i);
                    for (&c, &v) in cols.iter().zip(vals) {
                        let c = c as usize;
                        if c < w0 || c >= w1 {
                            continue;
                        }
                        let o = &mut yr[(c - w0) * l..(c - w0 + 1) * l];
                        o.iter_mut().zip(zr).for_each(|(o, &zv)| *o += v * zv);
                    }
                }
            });
    }
    Array2::from_shape_vec((n, l), out).unwrap_or_else(|_| Array2::zeros((n, l)))
}

fn linalg(e: linfa_linalg::LinalgError) -> LssError {
    LssError::Linalg(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sparse copy of a dense matrix.
    fn csr(d: &Array2<f64>) -> Csr {
        let mut m = Csr::empty(d.ncols());
        for row in d.rows() {
            let e = row
                .iter()
                .enumerate()
                .filter(|(_, v)| **v != 0.0)
                .map(|(c, v)| (c as u32, *v))
                .collect();
            m.push_row(e);
        }
        m
    }

    /// A 60 x 40 matrix of rank 3 with singular values 10, 5 and 2: built
    /// as U diag(s) Vᵀ from orthonormal U and V (Gram-Schmidt of seeded
    /// normal columns), so the expected values are known by construction.
    fn low_rank() -> (Array2<f64>, Array2<f64>) {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut draw = |r, c| {
            let m = Array2::from_shape_simple_fn((r, c), || StandardNormal.sample(&mut rng));
            orth(&m).unwrap()
        };
        let (u, v) = (draw(60, 3), draw(40, 3));
        let s = Array2::from_diag(&ndarray::arr1(&[10.0, 5.0, 2.0]));
        (u.dot(&s).dot(&v.t()), v)
    }

    #[test]
    fn recovers_a_known_low_rank_matrix() {
        let (d, v) = low_rank();
        let svd = truncated_svd(&csr(&d), 3, 5, 2, 1).unwrap();
        for (got, want) in svd.values.iter().zip([10.0, 5.0, 2.0]) {
            assert!((got - want).abs() < 1e-8, "{got} vs {want}");
        }
        // Singular vectors are known up to sign.
        for j in 0..3 {
            let dot = svd.vectors.column(j).dot(&v.column(j));
            assert!((dot.abs() - 1.0).abs() < 1e-8, "vector {j}: |cos| = {dot}");
        }
    }

    #[test]
    fn asks_for_more_than_the_rank_get_the_rank() {
        let (d, _) = low_rank();
        let svd = truncated_svd(&csr(&d), 10, 5, 1, 1).unwrap();
        // Directions past rank 3 are at rounding level.
        assert!(svd.values[..3].iter().all(|&x| x > 1.0));
        assert!(
            svd.values[3..].iter().all(|&x| x < 1e-6),
            "{:?}",
            svd.values
        );
    }

    #[test]
    fn same_seed_same_result_whatever_the_threads() {
        let (d, _) = low_rank();
        let m = csr(&d);
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let three = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let a = one.install(|| truncated_svd(&m, 3, 5, 2, 9).unwrap());
        let b = three.install(|| truncated_svd(&m, 3, 5, 2, 9).unwrap());
        assert_eq!(a.values, b.values);
        assert_eq!(a.vectors, b.vectors);
    }

    #[test]
    fn ata_times_matches_the_dense_product() {
        let (d, _) = low_rank();
        let x = Array2::from_shape_fn((40, 4), |(i, j)| (i * 4 + j) as f64 / 10.0);
        let want = d.t().dot(&d.dot(&x));
        let got = ata_times(&csr(&d), &x);
        assert!((&got - &want).iter().all(|e| e.abs() < 1e-9));
    }
}
