//! Lesson 6, sequences (notebooks/04-dl/06-sequences.ipynb): a series cut into training
//! windows, the seasonal-naive forecast every model must beat, and one step of an LSTM
//! cell written by hand.

use super::{random_matrix, read, same, shape_text, tensor1, tensor2, Output, LIMIT};
use crate::checks::{incorrect, known_mistake};
use crate::compare::list;
use crate::sandbox::run_cases;
use crate::{Grader, Report, Verdict};
use ndarray::{Array1, Array2, Axis, Slice};
use rand::Rng;
use std::time::Duration;
use tch::Tensor;

/// `dl/sliding-windows`.
pub const SLIDING_WINDOWS: &str = "dl/sliding-windows";

/// `fn sliding_windows(series: &[f32], width: usize) -> (Tensor, Tensor)`: every run of
/// `width` consecutive values as a row of `x`, and the value right after it in `y`.
pub fn sliding_windows<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[f32], usize) -> (Tensor, Tensor) + Send + 'static,
{
    let mut rng = grader.rng(61);
    let mut series = |n: usize| {
        (0..n)
            .map(|_| rng.gen_range(-5.0f32..5.0))
            .collect::<Vec<_>>()
    };
    // A width of 1 (one value predicts the next), a window that leaves a single target,
    // and a long series with the lesson's width of 12.
    let cases: Vec<(Vec<f32>, usize)> = vec![
        (series(10), 3),
        (series(6), 1),
        (series(5), 4),
        (series(40), 12),
    ];
    let describe = |c: &(Vec<f32>, usize)| {
        let values: Vec<f64> = c.0.iter().map(|&v| f64::from(v)).collect();
        format!(
            "the series {} ({} values), width {}",
            list(&values),
            c.0.len(),
            c.1
        )
    };
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |c| {
        let (x, y) = learner(&c.0, c.1);
        (read(&x), read(&y))
    });
    for (case, (x, y)) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_windows(case, &describe(case), &x, &y) {
            return Report::new(SLIDING_WINDOWS, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(SLIDING_WINDOWS, verdict);
    }
    Report::new(
        SLIDING_WINDOWS,
        Verdict::Passed {
            summary: "4 series: every window of `width` values, each with the value after it"
                .into(),
        },
    )
}

/// The grader's windows: the rows of `x` and the targets `y`, each target `shift` places
/// before the value after its window (1 is the known mistake of the window's own last value).
fn windows(series: &[f32], width: usize, shift: usize) -> (Vec<f64>, Vec<f64>) {
    let n = series.len() - width;
    let x = (0..n)
        .flat_map(|i| series[i..i + width].iter().map(|&v| f64::from(v)))
        .collect();
    let y = (0..n)
        .map(|i| f64::from(series[i + width - shift]))
        .collect();
    (x, y)
}

fn judge_windows(case: &(Vec<f32>, usize), input: &str, x: &Output, y: &Output) -> Option<Verdict> {
    let (series, width) = (&case.0, case.1);
    let n = (series.len() - width) as i64;
    let shapes = ([n, width as i64], [n]);
    if x.shape != shapes.0 || y.shape != shapes.1 {
        let short = x.shape == [n - 1, width as i64];
        let message = format!(
            "for input {input} expected x of shape {} and y of shape {}, got {} and {}: {}",
            shape_text(&shapes.0),
            shape_text(&shapes.1),
            shape_text(&x.shape),
            shape_text(&y.shape),
            if short {
                "one window short. A series of n values has n − width windows that have a \
                 next value: the last window ends at the next-to-last value and its target \
                 is the last one"
            } else {
                "one row of x per window (width values each), one target in y per window"
            }
        );
        return Some(Verdict::Incorrect { message });
    }
    let (expected_x, expected_y) = windows(series, width, 0);
    if !same(&expected_x, x) {
        return Some(incorrect(
            &format!("{input}, the rows of x"),
            &list(&expected_x),
            &list(&x.values),
            None,
        ));
    }
    if !same(&expected_y, y) {
        let own_last = same(&windows(series, width, 1).1, y);
        let mistake = own_last.then(|| {
            known_mistake("each target is the window's own last value: the target is the value right after the window, series[i + width]")
        });
        return Some(incorrect(
            &format!("{input}, y"),
            &list(&expected_y),
            &list(&y.values),
            mistake,
        ));
    }
    None
}

// ---------------------------------------------------------------------------------

/// `dl/seasonal-naive`.
pub const SEASONAL_NAIVE: &str = "dl/seasonal-naive";

/// `fn seasonal_naive(history: &[f64], season: usize, horizon: usize) -> Vec<f64>`: the
/// next `horizon` values forecast by repeating the last full season of `history`.
pub fn seasonal_naive<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&[f64], usize, usize) -> Vec<f64> + Send + 'static,
{
    let mut rng = grader.rng(62);
    let mut history = |n: usize| {
        (0..n)
            .map(|_| rng.gen_range(100.0..200.0f64).round())
            .collect()
    };
    // Horizons shorter than, equal to and more than twice the season; a season of 1 (the
    // naive forecast); a history that is not a whole number of seasons long.
    let cases: Vec<(Vec<f64>, usize, usize)> = vec![
        (history(30), 12, 24),
        (history(10), 4, 3),
        (history(9), 4, 9),
        (history(5), 1, 3),
        (history(14), 7, 7),
    ];
    let describe = |c: &(Vec<f64>, usize, usize)| {
        format!("history {}, season {}, horizon {}", list(&c.0), c.1, c.2)
    };
    let run = run_cases(
        grader.limit(Duration::from_secs(5)),
        cases.clone(),
        describe,
        move |c| learner(&c.0, c.1, c.2),
    );
    for (case, got) in cases.iter().zip(run.outputs) {
        let (history, season, horizon) = (&case.0, case.1, case.2);
        let start = history.len() - season;
        let expected: Vec<f64> = (0..horizon).map(|h| history[start + h % season]).collect();
        if got != expected {
            let naive = vec![history[history.len() - 1]; horizon];
            let first: Vec<f64> = (0..horizon).map(|h| history[h % season]).collect();
            let mistake = if got == naive {
                Some(known_mistake("that repeats the last value (the naive forecast): repeat the last full season, so each forecast is the value one season before it"))
            } else if got == first {
                Some(known_mistake("that repeats the first season of the history: repeat the last one, history[len − season..]"))
            } else {
                None
            };
            let verdict = incorrect(&describe(case), &list(&expected), &list(&got), mistake);
            return Report::new(SEASONAL_NAIVE, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(SEASONAL_NAIVE, verdict);
    }
    Report::new(
        SEASONAL_NAIVE,
        Verdict::Passed {
            summary: "5 histories: the last season repeated for every horizon".into(),
        },
    )
}

// ---------------------------------------------------------------------------------

/// `dl/lstm-cell`.
pub const LSTM_CELL: &str = "dl/lstm-cell";

/// One step's inputs: `x` [batch, input], `h` and `c` [batch, hidden], the weights in
/// PyTorch's layout (`w_ih` [4·hidden, input], `w_hh` [4·hidden, hidden], two biases).
#[derive(Debug, Clone)]
struct CellCase {
    x: Array2<f32>,
    h: Array2<f32>,
    c: Array2<f32>,
    w_ih: Array2<f32>,
    w_hh: Array2<f32>,
    b_ih: Array1<f32>,
    b_hh: Array1<f32>,
}

type CellFn = dyn Fn(&Tensor, &Tensor, &Tensor, &Tensor, &Tensor, &Tensor, &Tensor) -> (Tensor, Tensor)
    + Send;

/// `fn lstm_cell(x, h, c, w_ih, w_hh, b_ih, b_hh) -> (Tensor, Tensor)`: the next hidden
/// and cell states, gates stacked in PyTorch's order (input, forget, cell, output).
pub fn lstm_cell<F>(grader: &Grader, learner: F) -> Report
where
    F: Fn(&Tensor, &Tensor, &Tensor, &Tensor, &Tensor, &Tensor, &Tensor) -> (Tensor, Tensor)
        + Send
        + 'static,
{
    lstm_cell_boxed(grader, Box::new(learner))
}

fn lstm_cell_boxed(grader: &Grader, learner: Box<CellFn>) -> Report {
    let mut rng = grader.rng(63);
    let mut case = |batch: usize, input: usize, hidden: usize| {
        let mut matrix = |rows, cols| random_matrix(&mut rng, rows, cols);
        let (x, h, c) = (
            matrix(batch, input),
            matrix(batch, hidden),
            matrix(batch, hidden),
        );
        let (w_ih, w_hh) = (
            matrix(4 * hidden, input) * 0.5,
            matrix(4 * hidden, hidden) * 0.5,
        );
        let biases = matrix(2, 4 * hidden);
        let b_ih = biases.row(0).to_owned();
        let b_hh = biases.row(1).to_owned();
        CellCase {
            x,
            h,
            c,
            w_ih,
            w_hh,
            b_ih,
            b_hh,
        }
    };
    let cases = vec![case(3, 5, 4), case(1, 2, 3)];
    let describe = |c: &CellCase| {
        format!(
            "a batch of {} inputs of {} features, hidden size {}",
            c.x.nrows(),
            c.x.ncols(),
            c.h.ncols()
        )
    };
    let run = run_cases(grader.limit(LIMIT), cases.clone(), describe, move |c| {
        let (h, c) = learner(
            &tensor2(&c.x),
            &tensor2(&c.h),
            &tensor2(&c.c),
            &tensor2(&c.w_ih),
            &tensor2(&c.w_hh),
            &tensor1(&c.b_ih),
            &tensor1(&c.b_hh),
        );
        (read(&h), read(&c))
    });
    for (case, (h, c)) in cases.iter().zip(run.outputs) {
        if let Some(verdict) = judge_cell(case, &describe(case), &h, &c) {
            return Report::new(LSTM_CELL, verdict);
        }
    }
    if let Some(verdict) = run.failure {
        return Report::new(LSTM_CELL, verdict);
    }
    Report::new(
        LSTM_CELL,
        Verdict::Passed {
            summary: "2 batches: h and c match an LSTM step with PyTorch's gate order".into(),
        },
    )
}

fn judge_cell(case: &CellCase, input: &str, h: &Output, c: &Output) -> Option<Verdict> {
    let shape = [case.h.nrows() as i64, case.h.ncols() as i64];
    if h.shape != shape || c.shape != shape {
        let message = format!(
            "for input {input} expected h and c of shape {}, got {} and {}: the new states have the old states' shape",
            shape_text(&shape),
            shape_text(&h.shape),
            shape_text(&c.shape)
        );
        return Some(Verdict::Incorrect { message });
    }
    let (expected_h, expected_c) = step(case, Cell::default());
    if same(&expected_h, h) && same(&expected_c, c) {
        return None;
    }
    let variant = |cell: Cell| {
        let (vh, vc) = step(case, cell);
        same(&vh, h) && same(&vc, c)
    };
    let swapped = same(&expected_c, h) && same(&expected_h, c);
    let mistake = if swapped {
        Some("h and c came back swapped: return (h_next, c_next)")
    } else if OTHER_ORDERS.iter().any(|&order| {
        variant(Cell {
            order,
            ..Cell::default()
        })
    }) {
        Some("the four gate blocks were read in another order: PyTorch and tch stack them as input, forget, cell (g), output, so chunk 0 is i, 1 is f, 2 is g and 3 is o")
    } else if variant(Cell {
        squash_c: false,
        ..Cell::default()
    }) {
        Some("h is o · tanh(c_next): the output gate multiplies the squashed cell state, not c_next itself")
    } else if variant(Cell {
        input_gate: false,
        ..Cell::default()
    }) {
        Some("the input gate is missing: the candidate g enters the cell through it, c_next = f · c + i · g")
    } else {
        None
    };
    let (what, expected, got) = if same(&expected_h, h) {
        ("c_next", expected_c, c)
    } else {
        ("h_next", expected_h, h)
    };
    Some(incorrect(
        &format!("{input}, {what}"),
        &list(&expected),
        &list(&got.values),
        mistake.map(known_mistake),
    ))
}

/// Gate orders other than PyTorch's (i, f, g, o) that a learner may know from elsewhere:
/// positions of i, f, g, o among the four chunks.
const OTHER_ORDERS: [[usize; 4]; 3] = [
    [0, 1, 3, 2], // i, f, o, g
    [0, 2, 1, 3], // i, g, f, o (TensorFlow's LSTMBlockCell)
    [1, 0, 2, 3], // f, i, g, o
];

/// LSTM steps: PyTorch's by default, each field one known mistake.
#[derive(Debug, Clone, Copy)]
struct Cell {
    /// The chunk index of i, f, g and o.
    order: [usize; 4],
    squash_c: bool,
    input_gate: bool,
}

impl Default for Cell {
    fn default() -> Self {
        Cell {
            order: [0, 1, 2, 3],
            squash_c: true,
            input_gate: true,
        }
    }
}

/// The grader's LSTM step in f64: (h_next, c_next), each row-major.
fn step(case: &CellCase, cell: Cell) -> (Vec<f64>, Vec<f64>) {
    let f64s = |a: &Array2<f32>| a.mapv(f64::from);
    let gates = f64s(&case.x).dot(&f64s(&case.w_ih).t())
        + f64s(&case.h).dot(&f64s(&case.w_hh).t())
        + case.b_ih.mapv(f64::from)
        + case.b_hh.mapv(f64::from);
    let hidden = case.h.ncols();
    let chunk = |k: usize| {
        gates
            .slice_axis(Axis(1), Slice::from(k * hidden..(k + 1) * hidden))
            .to_owned()
    };
    let sigmoid = |a: Array2<f64>| a.mapv(|v| 1.0 / (1.0 + (-v).exp()));
    let i = sigmoid(chunk(cell.order[0]));
    let f = sigmoid(chunk(cell.order[1]));
    let g = chunk(cell.order[2]).mapv(f64::tanh);
    let o = sigmoid(chunk(cell.order[3]));
    let c = f * f64s(&case.c) + if cell.input_gate { i * g } else { g };
    let h = o * if cell.squash_c {
        c.mapv(f64::tanh)
    } else {
        c.clone()
    };
    let flat = |a: Array2<f64>| a.into_iter().collect::<Vec<_>>();
    (flat(h), flat(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Grader;
    use tch::{Kind, Tensor};

    #[test]
    fn the_reference_step_is_libtorchs_lstm_cell() {
        let mut rng = Grader::new().rng(1);
        let mut matrix = |rows, cols| random_matrix(&mut rng, rows, cols);
        let case = CellCase {
            x: matrix(2, 3),
            h: matrix(2, 4),
            c: matrix(2, 4),
            w_ih: matrix(16, 3),
            w_hh: matrix(16, 4),
            b_ih: matrix(1, 16).row(0).to_owned(),
            b_hh: matrix(1, 16).row(0).to_owned(),
        };
        let (h, c) = tensor2(&case.x).lstm_cell(
            &[tensor2(&case.h), tensor2(&case.c)],
            &tensor2(&case.w_ih),
            &tensor2(&case.w_hh),
            Some(tensor1(&case.b_ih)),
            Some(tensor1(&case.b_hh)),
        );
        let (expected_h, expected_c) = step(&case, Cell::default());
        let values = |t: &Tensor| Vec::<f64>::try_from(&t.to_kind(Kind::Double).reshape([-1]));
        assert!(crate::compare::Tolerance::SINGLE.all_close(&expected_h, &values(&h).unwrap()));
        assert!(crate::compare::Tolerance::SINGLE.all_close(&expected_c, &values(&c).unwrap()));
    }

    #[test]
    fn the_lesson_windows_are_as_documented() {
        let (x, y) = windows(&[1.0, 2.0, 3.0, 4.0, 5.0], 3, 0);
        assert_eq!(x, vec![1.0, 2.0, 3.0, 2.0, 3.0, 4.0]);
        assert_eq!(y, vec![4.0, 5.0]);
    }
}
