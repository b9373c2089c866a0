//! Wrong answers to dl lesson 6, sequences: notebooks/04-dl/06-sequences.ipynb.

use crate::wrong::Wrong;
use ferrolab::grade::checks;
use ferrolab::prelude::*;

/// This lesson's entries in the proof's wrong-answer table.
pub fn answers() -> Vec<Wrong> {
    vec![
        Wrong {
            id: "dl/sliding-windows",
            what: "stops one window early",
            grade: |g| checks::dl::sliding_windows(g, windows_one_short),
            says: "one window short",
        },
        Wrong {
            id: "dl/sliding-windows",
            what: "takes each window's last value as its target",
            grade: |g| checks::dl::sliding_windows(g, windows_own_last),
            says: "the target is the value right after the window",
        },
        Wrong {
            id: "dl/seasonal-naive",
            what: "repeats the last value",
            grade: |g| checks::dl::seasonal_naive(g, naive),
            says: "that repeats the last value (the naive forecast)",
        },
        Wrong {
            id: "dl/seasonal-naive",
            what: "repeats the first season",
            grade: |g| checks::dl::seasonal_naive(g, first_season),
            says: "repeat the last one",
        },
        Wrong {
            id: "dl/lstm-cell",
            what: "reads the gates in the order i, f, o, g",
            grade: |g| checks::dl::lstm_cell(g, cell_gates_ifog),
            says: "PyTorch and tch stack them as input, forget, cell (g), output",
        },
        Wrong {
            id: "dl/lstm-cell",
            what: "forgets the tanh on the new cell state",
            grade: |g| checks::dl::lstm_cell(g, cell_without_tanh),
            says: "h is o · tanh(c_next)",
        },
        Wrong {
            id: "dl/lstm-cell",
            what: "adds the candidate without the input gate",
            grade: |g| checks::dl::lstm_cell(g, cell_without_input_gate),
            says: "the input gate is missing",
        },
        Wrong {
            id: "dl/lstm-cell",
            what: "returns (c, h)",
            grade: |g| checks::dl::lstm_cell(g, cell_swapped),
            says: "h and c came back swapped",
        },
    ]
}

pub fn windows_one_short(series: &[f32], width: usize) -> (Tensor, Tensor) {
    let n = series.len() - width - 1;
    let rows: Vec<f32> = (0..n).flat_map(|i| series[i..i + width].to_vec()).collect();
    let x = Tensor::from_slice(&rows).view([n as i64, width as i64]);
    (x, Tensor::from_slice(&series[width..width + n]))
}

pub fn windows_own_last(series: &[f32], width: usize) -> (Tensor, Tensor) {
    let n = series.len() - width;
    let rows: Vec<f32> = (0..n).flat_map(|i| series[i..i + width].to_vec()).collect();
    let x = Tensor::from_slice(&rows).view([n as i64, width as i64]);
    (x, Tensor::from_slice(&series[width - 1..series.len() - 1]))
}

pub fn naive(history: &[f64], _season: usize, horizon: usize) -> Vec<f64> {
    vec![history[history.len() - 1]; horizon]
}

pub fn first_season(history: &[f64], season: usize, horizon: usize) -> Vec<f64> {
    (0..horizon).map(|h| history[h % season]).collect()
}

/// The learner's step with the gate blocks taken from `order` (chunk of i, f, g, o),
/// optionally without the tanh on c or the input gate, optionally returned swapped.
fn cell(
    [x, h, c, w_ih, w_hh, b_ih, b_hh]: [&Tensor; 7],
    order: [usize; 4],
    tanh_c: bool,
    input_gate: bool,
) -> (Tensor, Tensor) {
    let blocks = (x.matmul(&w_ih.tr()) + b_ih + h.matmul(&w_hh.tr()) + b_hh).chunk(4, -1);
    let (i, f) = (blocks[order[0]].sigmoid(), blocks[order[1]].sigmoid());
    let (g, o) = (blocks[order[2]].tanh(), blocks[order[3]].sigmoid());
    let c_next = if input_gate { f * c + i * g } else { f * c + g };
    let h_next = if tanh_c {
        o * c_next.tanh()
    } else {
        o * &c_next
    };
    (h_next, c_next)
}

type Step = (Tensor, Tensor);

pub fn cell_gates_ifog(
    x: &Tensor,
    h: &Tensor,
    c: &Tensor,
    w_ih: &Tensor,
    w_hh: &Tensor,
    b_ih: &Tensor,
    b_hh: &Tensor,
) -> Step {
    cell([x, h, c, w_ih, w_hh, b_ih, b_hh], [0, 1, 3, 2], true, true)
}

pub fn cell_without_tanh(
    x: &Tensor,
    h: &Tensor,
    c: &Tensor,
    w_ih: &Tensor,
    w_hh: &Tensor,
    b_ih: &Tensor,
    b_hh: &Tensor,
) -> Step {
    cell([x, h, c, w_ih, w_hh, b_ih, b_hh], [0, 1, 2, 3], false, true)
}

pub fn cell_without_input_gate(
    x: &Tensor,
    h: &Tensor,
    c: &Tensor,
    w_ih: &Tensor,
    w_hh: &Tensor,
    b_ih: &Tensor,
    b_hh: &Tensor,
) -> Step {
    cell([x, h, c, w_ih, w_hh, b_ih, b_hh], [0, 1, 2, 3], true, false)
}

pub fn cell_swapped(
    x: &Tensor,
    h: &Tensor,
    c: &Tensor,
    w_ih: &Tensor,
    w_hh: &Tensor,
    b_ih: &Tensor,
    b_hh: &Tensor,
) -> Step {
    let (h_next, c_next) = cell([x, h, c, w_ih, w_hh, b_ih, b_hh], [0, 1, 2, 3], true, true);
    (c_next, h_next)
}
