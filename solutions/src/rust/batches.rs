//! Exercise `rust/batches`: your own iterator, the way a data loader hands out mini-batches.

use std::ops::Range;

/// The index ranges of the mini-batches of `n` samples: `0..size`, `size..2*size`, ...,
/// and a last, shorter batch when `size` does not divide `n`. No empty batch, ever.
#[derive(Debug, Clone)]
pub struct Batches {
    n: usize,
    size: usize,
    start: usize,
}

impl Batches {
    /// Batches of `size` (at least 1) over `n` samples.
    pub fn new(n: usize, size: usize) -> Batches {
        Batches { n, size, start: 0 }
    }
}

impl Iterator for Batches {
    type Item = Range<usize>;

    /// The next batch's range, or `None` when every sample has been handed out.
    fn next(&mut self) -> Option<Range<usize>> {
        // BEGIN SOLUTION
        if self.start >= self.n {
            return None;
        }
        let end = (self.start + self.size).min(self.n);
        let batch = self.start..end;
        self.start = end;
        Some(batch)
        // END SOLUTION
    }
}
