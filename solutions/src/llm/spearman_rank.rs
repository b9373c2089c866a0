//! Exercise `llm/spearman-rank`: Spearman's rank correlation, how word vectors are scored
//! against people's similarity judgements.

/// Spearman's rank correlation of `x` and `y`: the Pearson correlation of their ranks.
/// The smallest value has rank 1; values that are tied share the mean of the ranks they
/// span (two values tied for 2nd and 3rd place both get 2.5). `x` and `y` have the same
/// length, at least 2, and neither is constant. The result is in −1..=1.
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    // BEGIN SOLUTION
    fn ranks(values: &[f64]) -> Vec<f64> {
        let mut order: Vec<usize> = (0..values.len()).collect();
        order.sort_by(|&i, &j| values[i].total_cmp(&values[j]));
        let mut ranks = vec![f64::NAN; values.len()];
        let mut start = 0;
        while start < order.len() {
            let mut end = start;
            while end < order.len() && values[order[end]] == values[order[start]] {
                end += 1;
            }
            // Places start..end hold ranks start + 1 ..= end; their mean:
            let shared = (start + end + 1) as f64 / 2.0;
            for &i in &order[start..end] {
                ranks[i] = shared;
            }
            start = end;
        }
        ranks
    }
    let (rx, ry) = (ranks(x), ranks(y));
    let mean = (x.len() as f64 + 1.0) / 2.0;
    let centred = |r: &[f64]| r.iter().map(|v| v - mean).collect::<Vec<f64>>();
    let (cx, cy) = (centred(&rx), centred(&ry));
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(p, q)| p * q).sum::<f64>();
    dot(&cx, &cy) / (dot(&cx, &cx) * dot(&cy, &cy)).sqrt()
    // END SOLUTION
}
