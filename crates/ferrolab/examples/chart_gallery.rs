//! Writes one SVG per chart kind into the directory given as the first argument,
//! for looking at the charts by eye (the tests check their bytes).

use ferrolab::plot;
use ferrolab::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "chart-gallery".into());
    std::fs::create_dir_all(&dir)?;
    let mut rng = rng(1);
    let normal = Normal::new(0.0, 1.0)?;
    let xs: Vec<f64> = (0..200).map(|_| normal.sample(&mut rng)).collect();
    let ys: Vec<f64> = xs
        .iter()
        .map(|x| 2.0 * x + normal.sample(&mut rng) * 0.5)
        .collect();
    let labels: Vec<&str> = xs
        .iter()
        .map(|x| if *x > 0.0 { "positive" } else { "negative" })
        .collect();
    let charts = [
        (
            "line",
            plot::loss_curves(&[
                ("train", vec![2.3, 1.2, 0.8, 0.6, 0.5]),
                ("test", vec![2.4, 1.4, 1.0, 0.9, 0.9]),
            ]),
        ),
        (
            "scatter",
            plot::scatter(&xs, &ys)
                .groups(&labels)
                .title("y = 2x + noise")
                .x_label("x")
                .y_label("y"),
        ),
        (
            "hist",
            plot::hist(&xs, 20)
                .title("200 draws from N(0, 1)")
                .x_label("value"),
        ),
        (
            "bar",
            plot::bar(&["1st", "2nd", "3rd"], [0.62, 0.43, 0.26])
                .title("Survival rate by class")
                .y_label("rate"),
        ),
        (
            "confusion",
            plot::confusion_matrix(
                array![[50usize, 2, 1], [3, 45, 4], [0, 5, 40]],
                &["setosa", "versicolor", "virginica"],
            ),
        ),
    ];
    for (name, chart) in &charts {
        chart.save(format!("{dir}/{name}.svg"))?;
    }
    let panels: Vec<Chart> = charts.iter().map(|(_, c)| c.clone()).collect();
    plot::grid(panels, 3)
        .title("Every chart kind")
        .save(format!("{dir}/grid.svg"))?;
    Ok(())
}
