//! Seeded randomness, so that every run of a lesson gives the same numbers.

use rand::rngs::StdRng;
use rand::SeedableRng;

/// A generator written out in full (ferrolab's MNIST split and the benchmarks' batches use
/// it), for when a Python program must draw the same numbers.
pub use ferrolab_data::splitmix::SplitMix64;

/// A random number generator that always produces the same sequence for the same seed.
pub fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

/// Seed everything a lesson may use (libtorch's generators too, with the `dl` feature)
/// and return a generator for ndarray/rand code.
pub fn seed_everything(seed: u64) -> StdRng {
    #[cfg(feature = "dl")]
    tch::manual_seed(seed as i64);
    rng(seed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn same_seed_same_numbers() {
        let a: Vec<u32> = (0..5).map(|_| rng(7).gen()).collect();
        let mut r = rng(7);
        let b: u32 = r.gen();
        assert_eq!(a[0], b);
        assert_ne!(rng(7).gen::<u64>(), rng(8).gen::<u64>());
    }
}
