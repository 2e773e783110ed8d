//! How close outlets are: cosine similarity and Jensen-Shannon divergence
//! between their frame profiles and their word distributions, an order of
//! outlets from hierarchical clustering (average linkage on the divergence);
//! the 2-D map from principal components is in [`super::map`].

pub use super::map::{pca_map, Map, NoMap};

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
}
