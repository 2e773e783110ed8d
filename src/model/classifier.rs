//! The classifiers, fitted by linfa and applied by slant from their stored
//! parameters, in log space (log-sum-exp), so probabilities never overflow
//! and a saved model predicts exactly what the fitted one did.
//!
//! - Multinomial logistic regression, L2-penalized: linfa-logistic's
//!   objective, fitted by argmin's L-BFGS in the `solver` module. The gradient
//!   is recomputed here at the solution and compared with the tolerance, so
//!   a fit that stops short says so.
//! - Gaussian naive Bayes (`linfa-bayes`).
//!
//! Class priors are balanced by default: the fitted intercepts (log priors
//! for naive Bayes) are shifted so that every class has the same prior
//! (prior correction, King and Zeng 2001), because how many training units
//! a class has reflects how the labels were gathered, not how common the
//! class is.

use linfa::prelude::*;
use linfa_bayes::GaussianNb;
use ndarray::{Array1, Array2, Axis};
use serde::{Deserialize, Serialize};

use super::sparse::SparseDesign;
use super::ModelError;

/// Which classifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Multinomial logistic regression.
    Logistic,
    /// Gaussian naive Bayes.
    GaussianNb,
}

impl std::str::FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "logistic" => Ok(Kind::Logistic),
            "gaussian-nb" => Ok(Kind::GaussianNb),
            _ => Err(format!("`{s}` is not one of logistic, gaussian-nb")),
        }
    }
}

/// How a classifier is fitted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FitOptions {
    /// The classifier.
    pub kind: Kind,
    /// L2 penalty of logistic regression (default 100: on the held_out
    /// benchmark's training split, slant's own outlet-disjoint validation
    /// gave macro-F1 0.395 at 1, 0.401 at 10 and 0.418 at 100, once the
    /// fits converge; the held-out outlets were not used to choose it).
    pub alpha: f64,
    /// L-BFGS iteration limit (default 200).
    pub max_iter: u64,
    /// Convergence tolerance on the gradient norm, per training unit
    /// (default 1e-4).
    pub tolerance: f64,
    /// Equal class priors (default true), else the training shares.
    pub balanced: bool,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            kind: Kind::Logistic,
            alpha: 100.0,
            max_iter: 200,
            tolerance: 1e-4,
            balanced: true,
        }
    }
}

/// A fitted classifier's parameters, per class in class order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Classifier {
    /// `p(c | x) = softmax(w_c . x + b_c)`.
    Logistic {
        /// Per class, one weight per feature.
        #[serde(deserialize_with = "super::integrity::number_rows")]
        weights: Vec<Vec<f64>>,
        /// Per class.
        #[serde(deserialize_with = "super::integrity::numbers")]
        intercept: Vec<f64>,
    },
    /// `p(c | x) ~ prior_c * prod_j N(x_j; mean_cj, variance_cj)`.
    GaussianNb {
        /// Per class, per feature.
        #[serde(deserialize_with = "super::integrity::number_rows")]
        mean: Vec<Vec<f64>>,
        /// Per class, per feature.
        #[serde(deserialize_with = "super::integrity::number_rows")]
        variance: Vec<Vec<f64>>,
        /// Per class.
        #[serde(deserialize_with = "super::integrity::numbers")]
        log_prior: Vec<f64>,
    },
}

/// Whether the optimizer reached its tolerance.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Convergence {
    /// Gradient norm at or below the threshold.
    pub converged: bool,
    /// Norm of the objective's gradient at the solution.
    pub gradient_norm: f64,
    /// Tolerance x training units.
    pub threshold: f64,
    /// L-BFGS iterations run (0 in models saved before it was recorded).
    #[serde(default)]
    pub iterations: u64,
}

/// Fits a classifier on the rows of `x` (standardized) with classes `y`
/// (indices into `0..n_classes`; every class must occur).
pub fn fit(
    x: &Array2<f64>,
    y: &[usize],
    n_classes: usize,
    opts: &FitOptions,
) -> Result<(Classifier, Option<Convergence>), ModelError> {
    fit_sparse(&SparseDesign::from_dense(x), y, n_classes, opts)
}

/// Fits a classifier on the standardized rows of `x` with classes `y`
/// (indices into `0..n_classes`; every class must occur). Naive Bayes
/// takes the rows dense.
pub fn fit_sparse(
    x: &SparseDesign,
    y: &[usize],
    n_classes: usize,
    opts: &FitOptions,
) -> Result<(Classifier, Option<Convergence>), ModelError> {
    let mut counts = vec![0usize; n_classes];
    for &c in y {
        counts[c] += 1;
    }
    if let Some(c) = counts.iter().position(|&n| n == 0) {
        return Err(ModelError::Training(format!(
            "class {c} has no training units"
        )));
    }
    let n = y.len() as f64;
    let log_share: Vec<f64> = counts.iter().map(|&c| (c as f64 / n).ln()).collect();
    match opts.kind {
        Kind::Logistic => {
            let threshold = opts.tolerance * n;
            let fitted =
                super::solver::fit_logistic(x, y, n_classes, opts.alpha, opts.max_iter, threshold)
                    .map_err(|e| ModelError::Training(format!("logistic regression: {e}")))?;
            let (w, b) = (fitted.weights, fitted.intercept);
            let gradient_norm = gradient_norm(x, y, &w, &b, opts.alpha);
            let mut intercept = b.to_vec();
            if opts.balanced {
                for (b, s) in intercept.iter_mut().zip(&log_share) {
                    *b -= s;
                }
            }
            let weights = w.t().rows().into_iter().map(|r| r.to_vec()).collect();
            Ok((
                Classifier::Logistic { weights, intercept },
                Some(Convergence {
                    converged: gradient_norm <= threshold,
                    gradient_norm,
                    threshold,
                    iterations: fitted.iterations,
                }),
            ))
        }
        Kind::GaussianNb => {
            let (dense, targets) = (x.to_dense(), Array1::from(y.to_vec()));
            let fitted = GaussianNb::<f64, usize>::params()
                .fit(&DatasetView::new(dense.view(), targets.view()))
                .map_err(|e| ModelError::Training(format!("naive Bayes: {e}")))?;
            let (mean, variance, log_prior) = nb_parameters(&fitted, n_classes)?;
            let log_prior = if opts.balanced {
                vec![(1.0 / n_classes as f64).ln(); n_classes]
            } else {
                log_prior
            };
            Ok((
                Classifier::GaussianNb {
                    mean,
                    variance,
                    log_prior,
                },
                None,
            ))
        }
    }
}

/// Norm of the gradient of linfa's objective `-sum log p(y|x) + alpha/2
/// |W|^2` at `(w, b)`: `X'(P - Y) + alpha W` and `sum(P - Y)`.
fn gradient_norm(
    x: &SparseDesign,
    y: &[usize],
    w: &Array2<f64>,
    b: &Array1<f64>,
    alpha: f64,
) -> f64 {
    let mut diff = softmax_rows(x.scores(w.view(), &b.to_vec()));
    for (mut row, &c) in diff.rows_mut().into_iter().zip(y) {
        row[c] -= 1.0;
    }
    let gw = x.t_dot(diff.view()) + &(w * alpha);
    let gb = diff.sum_axis(Axis(0));
    (gw.iter().map(|v| v * v).sum::<f64>() + gb.iter().map(|v| v * v).sum::<f64>()).sqrt()
}

/// Row-wise softmax of scores, via log-sum-exp: the largest score is
/// subtracted, so no exponential overflows and the sum is at least 1.
///
/// Scores past the range of `f64` (weights of a hand-edited model times
/// large features) are taken at their limit: a score that is not a number
/// (infinity minus infinity) counts as minus infinity, classes at plus
/// infinity share the probability, and a row of minus infinities is
/// uniform. Every row stays a distribution in [0, 1].
fn softmax_rows(mut z: Array2<f64>) -> Array2<f64> {
    for mut row in z.rows_mut() {
        row.mapv_inplace(|v| if v.is_nan() { f64::NEG_INFINITY } else { v });
        let max = row.fold(f64::NEG_INFINITY, |a, &b| a.max(b));
        if max.is_finite() {
            row.mapv_inplace(|v| (v - max).exp());
        } else {
            row.mapv_inplace(|v| if v == max { 1.0 } else { 0.0 });
        }
        let sum = row.sum();
        row.mapv_inplace(|v| (v / sum).min(1.0));
    }
    z
}

/// The fitted naive Bayes parameters, read through linfa's serde form (the
/// fields are private), in class order.
#[allow(clippy::type_complexity)]
fn nb_parameters(
    fitted: &GaussianNb<f64, usize>,
    n_classes: usize,
) -> Result<(Vec<Vec<f64>>, Vec<Vec<f64>>, Vec<f64>), ModelError> {
    let bad = |what: &str| ModelError::Training(format!("cannot read naive Bayes {what}"));
    let v = serde_json::to_value(fitted).map_err(|_| bad("parameters"))?;
    let info = v
        .get("class_info")
        .and_then(|i| i.as_object())
        .ok_or_else(|| bad("classes"))?;
    let array = |node: &serde_json::Value| -> Option<Vec<f64>> {
        node.get("data")?
            .as_array()?
            .iter()
            .map(|x| x.as_f64())
            .collect()
    };
    let (mut mean, mut variance, mut log_prior) = (Vec::new(), Vec::new(), Vec::new());
    for c in 0..n_classes {
        let ci = info.get(&c.to_string()).ok_or_else(|| bad("class"))?;
        mean.push(
            ci.get("theta")
                .and_then(array)
                .ok_or_else(|| bad("means"))?,
        );
        variance.push(
            ci.get("sigma")
                .and_then(array)
                .ok_or_else(|| bad("variances"))?,
        );
        log_prior.push(
            ci.get("prior")
                .and_then(|p| p.as_f64())
                .ok_or_else(|| bad("priors"))?
                .ln(),
        );
    }
    Ok((mean, variance, log_prior))
}

impl Classifier {
    /// Number of classes.
    pub fn classes(&self) -> usize {
        match self {
            Classifier::Logistic { intercept, .. } => intercept.len(),
            Classifier::GaussianNb { log_prior, .. } => log_prior.len(),
        }
    }

    /// Class probabilities for each standardized row of `x`, as
    /// [`Classifier::predict_proba`] gives them for the dense rows (up to
    /// the order of floating-point additions).
    pub fn predict_proba_sparse(&self, x: &SparseDesign) -> Array2<f64> {
        match self {
            Classifier::Logistic { weights, intercept } => {
                let (k, p) = (weights.len(), x.ncols());
                let w = Array2::from_shape_fn((p, k), |(j, c)| {
                    weights[c].get(j).copied().unwrap_or(0.0)
                });
                softmax_rows(x.scores(w.view(), intercept))
            }
            Classifier::GaussianNb { .. } => self.predict_proba(&x.to_dense()),
        }
    }

    /// Class probabilities for each row of `x`; each row sums to one.
    pub fn predict_proba(&self, x: &Array2<f64>) -> Array2<f64> {
        let k = self.classes();
        let mut z = Array2::zeros((x.nrows(), k));
        match self {
            Classifier::Logistic { weights, intercept } => {
                for (mut zr, xr) in z.rows_mut().into_iter().zip(x.rows()) {
                    for c in 0..k {
                        zr[c] = intercept[c]
                            + weights[c]
                                .iter()
                                .zip(xr.iter())
                                .map(|(w, v)| w * v)
                                .sum::<f64>();
                    }
                }
            }
            Classifier::GaussianNb {
                mean,
                variance,
                log_prior,
            } => {
                let norm: Vec<f64> = variance
                    .iter()
                    .map(|v| {
                        -0.5 * v
                            .iter()
                            .map(|s| (2.0 * std::f64::consts::PI * s).ln())
                            .sum::<f64>()
                    })
                    .collect();
                for (mut zr, xr) in z.rows_mut().into_iter().zip(x.rows()) {
                    for c in 0..k {
                        let quad: f64 = xr
                            .iter()
                            .zip(&mean[c])
                            .zip(&variance[c])
                            .map(|((v, m), s)| (v - m) * (v - m) / s)
                            .sum();
                        zr[c] = log_prior[c] + norm[c] - 0.5 * quad;
                    }
                }
            }
        }
        softmax_rows(z)
    }

    /// How strongly each feature pushes toward each class (classes x
    /// features): for logistic regression a class's weight minus the mean
    /// weight over classes; for naive Bayes the class mean minus the mean
    /// over classes, in pooled standard deviations.
    pub fn feature_weights(&self) -> Array2<f64> {
        let (rows, scale): (&Vec<Vec<f64>>, Option<&Vec<Vec<f64>>>) = match self {
            Classifier::Logistic { weights, .. } => (weights, None),
            Classifier::GaussianNb { mean, variance, .. } => (mean, Some(variance)),
        };
        let k = rows.len();
        let p = rows.first().map_or(0, Vec::len);
        let mut out = Array2::zeros((k, p));
        for j in 0..p {
            let avg = rows.iter().map(|r| r[j]).sum::<f64>() / k as f64;
            let sd = scale.map_or(1.0, |v| {
                (v.iter().map(|r| r[j]).sum::<f64>() / k as f64)
                    .sqrt()
                    .max(1e-12)
            });
            for c in 0..k {
                out[[c, j]] = (rows[c][j] - avg) / sd;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two well-separated groups on feature 0; feature 1 is noise.
    fn data() -> (Array2<f64>, Vec<usize>) {
        let x = Array2::from_shape_vec(
            (8, 2),
            vec![
                -2.0, 0.1, -1.5, -0.3, -1.8, 0.2, -2.2, -0.1, 2.0, 0.2, 1.6, -0.2, 1.9, 0.3, 2.1,
                -0.3,
            ],
        )
        .unwrap();
        (x, vec![0, 0, 0, 0, 1, 1, 1, 1])
    }

    #[test]
    fn both_classifiers_separate_and_sum_to_one() {
        let (x, y) = data();
        for kind in [Kind::Logistic, Kind::GaussianNb] {
            let opts = FitOptions {
                kind,
                ..FitOptions::default()
            };
            let (c, conv) = fit(&x, &y, 2, &opts).unwrap();
            let p = c.predict_proba(&x);
            for (row, &truth) in p.rows().into_iter().zip(&y) {
                assert!((row.sum() - 1.0).abs() < 1e-12);
                assert!(row[truth] > 0.5, "{kind:?}: {row}");
            }
            let w = c.feature_weights();
            assert!(
                w[[1, 0]] > 0.0 && w[[0, 0]] < 0.0,
                "{kind:?}: feature 0 points to class 1"
            );
            if kind == Kind::Logistic {
                assert!(conv.unwrap().converged, "{conv:?}");
            }
        }
    }

    #[test]
    fn non_convergence_is_detected() {
        let (x, y) = data();
        let opts = FitOptions {
            alpha: 1e-6,
            max_iter: 1,
            tolerance: 1e-9,
            ..FitOptions::default()
        };
        let (_, conv) = fit(&x, &y, 2, &opts).unwrap();
        let conv = conv.unwrap();
        assert!(
            !conv.converged && conv.gradient_norm > conv.threshold,
            "{conv:?}"
        );
    }

    #[test]
    fn huge_inputs_do_not_overflow() {
        let (x, y) = data();
        let (c, _) = fit(
            &x,
            &y,
            2,
            &FitOptions {
                kind: Kind::GaussianNb,
                ..FitOptions::default()
            },
        )
        .unwrap();
        let far = Array2::from_shape_vec((1, 2), vec![1e6, -1e6]).unwrap();
        let p = c.predict_proba(&far);
        assert!(
            p.iter().all(|v| v.is_finite()) && (p.sum() - 1.0).abs() < 1e-12,
            "{p}"
        );
    }

    #[test]
    fn scores_past_the_range_of_f64_stay_distributions() {
        let (inf, nan) = (f64::INFINITY, f64::NAN);
        let cases: &[(&[f64], &[f64])] = &[
            // a huge intercept: all mass on its class, exactly 1
            (&[1e300, 0.0], &[1.0, 0.0]),
            (&[inf, 0.0, inf], &[0.5, 0.0, 0.5]),
            (&[nan, 2.0], &[0.0, 1.0]),
            (&[-inf, -inf], &[0.5, 0.5]),
            (&[nan, nan], &[0.5, 0.5]),
        ];
        for (z, want) in cases {
            let p = softmax_rows(Array2::from_shape_vec((1, z.len()), z.to_vec()).unwrap());
            assert_eq!(p.row(0).to_vec(), *want, "{z:?}");
        }
    }

    #[test]
    fn balanced_priors_shift_intercepts() {
        let (x, mut y) = data();
        y[4] = 0; // 5 of class 0, 3 of class 1
        let (bal, _) = fit(&x, &y, 2, &FitOptions::default()).unwrap();
        let (emp, _) = fit(
            &x,
            &y,
            2,
            &FitOptions {
                balanced: false,
                ..FitOptions::default()
            },
        )
        .unwrap();
        let (Classifier::Logistic { intercept: a, .. }, Classifier::Logistic { intercept: b, .. }) =
            (&bal, &emp)
        else {
            panic!("logistic")
        };
        // shift = ln(5/8) - ln(3/8) = ln(5/3) between the classes
        assert!(((b[0] - b[1]) - (a[0] - a[1]) - (5.0f64 / 3.0).ln()).abs() < 1e-9);
    }
}
