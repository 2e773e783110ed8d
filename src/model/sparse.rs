//! The design matrix kept sparse: raw rows (lexicon features and TF-IDF)
//! in compressed sparse row form, standardized implicitly by the scaler's
//! mean `mu` and standard deviation `sigma`. Standardizing a sparse matrix
//! in place would make it dense (every zero becomes `-mu / sigma`), so the
//! products a fit needs are taken on the raw rows instead:
//!
//! ```text
//! X_std W   = X (W / sigma) - 1 (mu . (W / sigma))
//! X_std' R  = (X' R - mu (1' R)) / sigma
//! ```
//!
//! which are the products of the dense standardized matrix up to the order
//! of floating-point additions, at the cost of the non-zero cells only (a
//! TF-IDF row of a 2,000-term vocabulary has a few hundred).

use ndarray::{Array1, Array2, ArrayView2};

use super::design::Scaler;

/// Raw rows in compressed sparse row form, with the scaler that
/// standardizes them.
#[derive(Debug, Clone, PartialEq)]
pub struct SparseDesign {
    ncols: usize,
    /// Row `i`'s cells are `indptr[i]..indptr[i + 1]`.
    indptr: Vec<usize>,
    /// Column of each cell, increasing within a row.
    indices: Vec<u32>,
    /// Raw value of each cell.
    values: Vec<f64>,
    scaler: Scaler,
}

impl SparseDesign {
    /// An empty matrix of `ncols` columns, standardized by `scaler` (set
    /// later with [`SparseDesign::set_scaler`] when it is fitted on the
    /// rows themselves).
    pub fn new(ncols: usize, scaler: Scaler) -> SparseDesign {
        SparseDesign {
            ncols,
            indptr: vec![0],
            indices: Vec::new(),
            values: Vec::new(),
            scaler,
        }
    }

    /// As [`SparseDesign::new`], with room for `rows` rows and `cells`
    /// cells: the matrix is the largest thing a fit holds, and a vector
    /// grown by doubling would hold up to twice its cells.
    pub fn with_capacity(ncols: usize, scaler: Scaler, rows: usize, cells: usize) -> SparseDesign {
        let mut indptr = Vec::with_capacity(rows + 1);
        indptr.push(0);
        SparseDesign {
            ncols,
            indptr,
            indices: Vec::with_capacity(cells),
            values: Vec::with_capacity(cells),
            scaler,
        }
    }

    /// Appends a row of (column, raw value) cells, columns increasing and
    /// below the width.
    pub fn push_row(&mut self, cells: impl IntoIterator<Item = (u32, f64)>) {
        for (c, v) in cells {
            debug_assert!((c as usize) < self.ncols);
            self.indices.push(c);
            self.values.push(v);
        }
        self.indptr.push(self.indices.len());
    }

    /// The rows of a dense matrix that is already standardized (mean 0,
    /// standard deviation 1 stand for the scaler).
    pub fn from_dense(x: &Array2<f64>) -> SparseDesign {
        let p = x.ncols();
        let identity = Scaler {
            mean: vec![0.0; p],
            std: vec![1.0; p],
        };
        let mut m = SparseDesign::new(p, identity);
        for row in x.rows() {
            m.push_row(
                row.iter()
                    .enumerate()
                    .filter(|(_, v)| **v != 0.0)
                    .map(|(j, v)| (j as u32, *v)),
            );
        }
        m
    }

    /// Number of rows.
    pub fn nrows(&self) -> usize {
        self.indptr.len() - 1
    }

    /// Number of columns.
    pub fn ncols(&self) -> usize {
        self.ncols
    }

    /// Number of stored (non-zero raw) cells.
    pub fn nnz(&self) -> usize {
        self.values.len()
    }

    /// The scaler.
    pub fn scaler(&self) -> &Scaler {
        &self.scaler
    }

    /// Replaces the scaler.
    pub fn set_scaler(&mut self, scaler: Scaler) {
        self.scaler = scaler;
    }

    /// Row `i`'s columns and raw values.
    pub fn row(&self, i: usize) -> (&[u32], &[f64]) {
        let r = self.indptr[i]..self.indptr[i + 1];
        (&self.indices[r.clone()], &self.values[r])
    }

    /// The rows `rows`, in that order, with the same scaler.
    pub fn select(&self, rows: &[usize]) -> SparseDesign {
        let cells = rows
            .iter()
            .map(|&i| self.indptr[i + 1] - self.indptr[i])
            .sum();
        let mut m = SparseDesign::with_capacity(self.ncols, self.scaler.clone(), rows.len(), cells);
        for &i in rows {
            let (c, v) = self.row(i);
            m.push_row(c.iter().copied().zip(v.iter().copied()));
        }
        m
    }

    /// Per-column mean and standard deviation of the raw rows, computed in
    /// the same order as [`Scaler::fit`] on the dense matrix (row by row,
    /// zeros included), so both give the same numbers to the last bit.
    pub fn fit_scaler(&self) -> Scaler {
        let (n, p) = (self.nrows().max(1) as f64, self.ncols);
        let mut sum = vec![0.0; p];
        for (&c, &v) in self.indices.iter().zip(&self.values) {
            sum[c as usize] += v;
        }
        let mean: Vec<f64> = sum.iter().map(|s| s / n).collect();
        let mut var = vec![0.0; p];
        for i in 0..self.nrows() {
            let (cols, vals) = self.row(i);
            let mut cells = cols.iter().zip(vals).peekable();
            for (j, (acc, m)) in var.iter_mut().zip(&mean).enumerate() {
                let v = match cells.peek() {
                    Some((&c, &v)) if c as usize == j => {
                        cells.next();
                        v
                    }
                    _ => 0.0,
                };
                *acc += (v - m) * (v - m);
            }
        }
        let std = var
            .iter()
            .map(|v| {
                let s = (v / n).sqrt();
                if s > super::design::MIN_STD {
                    s
                } else {
                    1.0
                }
            })
            .collect();
        Scaler { mean, std }
    }

    /// The standardized matrix, dense: `(x - mu) / sigma` cell by cell, as
    /// [`Scaler::apply`] computes it.
    pub fn to_dense(&self) -> Array2<f64> {
        let mut x = Array2::zeros((self.nrows(), self.ncols));
        for (i, mut row) in x.rows_mut().into_iter().enumerate() {
            let (cols, vals) = self.row(i);
            for (&c, &v) in cols.iter().zip(vals) {
                row[c as usize] = v;
            }
        }
        self.scaler.apply(&mut x);
        x
    }

    /// `X_std W + b`: `w` is features x classes, `b` per class.
    pub fn scores(&self, w: ArrayView2<f64>, b: &[f64]) -> Array2<f64> {
        let k = w.ncols();
        let mut scaled = w.to_owned();
        for (mut row, s) in scaled.rows_mut().into_iter().zip(&self.scaler.std) {
            row /= *s;
        }
        // The score every row starts from: b - mu . (W / sigma).
        let mut start = Array1::from(b.to_vec());
        for (row, m) in scaled.rows().into_iter().zip(&self.scaler.mean) {
            if *m != 0.0 {
                start.scaled_add(-*m, &row);
            }
        }
        let flat = scaled.as_standard_layout();
        let wf = flat.as_slice().unwrap_or(&[]);
        let mut z = Array2::zeros((self.nrows(), k));
        for (i, mut zr) in z.rows_mut().into_iter().enumerate() {
            zr.assign(&start);
            let Some(zr) = zr.as_slice_mut() else {
                continue;
            };
            let (cols, vals) = self.row(i);
            for (&c, &v) in cols.iter().zip(vals) {
                let wr = &wf[c as usize * k..(c as usize + 1) * k];
                for (z, w) in zr.iter_mut().zip(wr) {
                    *z += v * w;
                }
            }
        }
        z
    }

    /// `X_std' R`: `r` is rows x classes; the result features x classes.
    pub fn t_dot(&self, r: ArrayView2<f64>) -> Array2<f64> {
        let k = r.ncols();
        let mut g = vec![0.0; self.ncols * k];
        let mut total = vec![0.0; k];
        for (i, rr) in r.rows().into_iter().enumerate() {
            for (t, v) in total.iter_mut().zip(rr.iter()) {
                *t += v;
            }
            let (cols, vals) = self.row(i);
            for (&c, &v) in cols.iter().zip(vals) {
                let gr = &mut g[c as usize * k..(c as usize + 1) * k];
                for (g, r) in gr.iter_mut().zip(rr.iter()) {
                    *g += v * r;
                }
            }
        }
        let mut g = Array2::from_shape_vec((self.ncols, k), g).unwrap_or_default();
        for ((mut row, m), s) in g
            .rows_mut()
            .into_iter()
            .zip(&self.scaler.mean)
            .zip(&self.scaler.std)
        {
            for (v, t) in row.iter_mut().zip(&total) {
                *v = (*v - m * t) / s;
            }
        }
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small raw matrix with zeros, a constant column and a column that
    /// is zero everywhere.
    fn raw() -> Array2<f64> {
        ndarray::array![
            [1.0, 0.0, 2.0, 0.0, 5.0],
            [0.0, 3.0, 0.0, 0.0, 5.0],
            [4.0, 0.0, 0.5, 0.0, 5.0],
            [0.0, 0.0, 0.0, 0.0, 5.0],
            [2.5, 1.0, 0.0, 0.0, 5.0],
        ]
    }

    fn sparse_of(x: &Array2<f64>) -> SparseDesign {
        let mut s = SparseDesign::from_dense(x);
        let scaler = s.fit_scaler();
        s.set_scaler(scaler);
        s
    }

    #[test]
    fn the_scaler_and_the_standardized_rows_are_those_of_the_dense_path() {
        let x = raw();
        let s = sparse_of(&x);
        let dense = Scaler::fit(&x);
        assert_eq!(s.scaler(), &dense, "same numbers to the last bit");
        let mut want = x.clone();
        dense.apply(&mut want);
        assert_eq!(s.to_dense(), want);
        assert_eq!(s.nnz(), 12);
    }

    #[test]
    fn implicit_products_equal_the_dense_standardized_ones() {
        let x = raw();
        let s = sparse_of(&x);
        let xs = s.to_dense();
        let w = ndarray::array![
            [0.5, -1.0],
            [2.0, 0.25],
            [-0.75, 1.5],
            [3.0, -2.0],
            [1.0, 1.0]
        ];
        let b = [0.1, -0.2];
        let want = xs.dot(&w) + &Array1::from(b.to_vec());
        let got = s.scores(w.view(), &b);
        assert!((&got - &want).iter().all(|d| d.abs() < 1e-12), "{got}");
        let r = ndarray::array![[1.0, -1.0], [0.5, 0.0], [-2.0, 1.0], [0.0, 3.0], [1.0, 1.0]];
        let want = xs.t().dot(&r);
        let got = s.t_dot(r.view());
        assert!((&got - &want).iter().all(|d| d.abs() < 1e-12), "{got}");
    }

    #[test]
    fn selected_rows_keep_their_cells_and_the_scaler() {
        let s = sparse_of(&raw());
        let t = s.select(&[4, 0]);
        assert_eq!(t.nrows(), 2);
        assert_eq!(t.row(0), s.row(4));
        assert_eq!(t.row(1), s.row(0));
        assert_eq!(t.scaler(), s.scaler());
    }
}
