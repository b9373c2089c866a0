//! What every check needs besides the learner's answer: a seed, time limits and data.

use rand::rngs::StdRng;
use rand::SeedableRng;
use std::time::Duration;

/// The seed behind every random input and every train/test split, so a verdict is
/// the same on every run and every machine.
pub const SEED: u64 = 42;

/// The context checks run in. Build one with [`Grader::new`] (math and dl checks) and
/// add data with `Grader::with_data` (data and ml checks; `ferrolab::grading::grader()`
/// does both).
#[derive(Clone)]
pub struct Grader {
    seed: u64,
    time_scale: f64,
    #[cfg(feature = "data")]
    data: Option<std::sync::Arc<dyn crate::data_source::DataSource>>,
    #[cfg(feature = "dl")]
    images: Option<std::sync::Arc<dyn crate::image_source::ImageSource>>,
}

impl std::fmt::Debug for Grader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Grader")
            .field("seed", &self.seed)
            .field("time_scale", &self.time_scale)
            .finish()
    }
}

impl Default for Grader {
    fn default() -> Self {
        Grader::new()
    }
}

impl Grader {
    /// Seed [`SEED`]; time limits as written, times `FERROLAB_CHECK_TIME_SCALE` if set
    /// (for slow machines: `FERROLAB_CHECK_TIME_SCALE=3`).
    pub fn new() -> Grader {
        let time_scale = std::env::var(ferrolab_course::env::FERROLAB_CHECK_TIME_SCALE)
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s > 0.0)
            .unwrap_or(1.0);
        Grader {
            seed: SEED,
            time_scale,
            #[cfg(feature = "data")]
            data: None,
            #[cfg(feature = "dl")]
            images: None,
        }
    }

    /// Use `source` for the data sets data and ml checks need.
    #[cfg(feature = "data")]
    pub fn with_data(mut self, source: impl crate::data_source::DataSource + 'static) -> Grader {
        self.data = Some(std::sync::Arc::new(source));
        self
    }

    /// Use `source` for the image sets model-level dl checks train and test on.
    #[cfg(feature = "dl")]
    pub fn with_images(
        mut self,
        source: impl crate::image_source::ImageSource + 'static,
    ) -> Grader {
        self.images = Some(std::sync::Arc::new(source));
        self
    }

    /// Multiply every time limit by `scale` (tests shorten them to prove timeouts quickly).
    pub fn with_time_scale(mut self, scale: f64) -> Grader {
        if scale.is_finite() && scale > 0.0 {
            self.time_scale = scale;
        }
        self
    }

    /// The seed of random inputs and splits.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// A random number generator seeded with [`Grader::seed`]; `stream` gives
    /// independent sequences to different uses within one check.
    pub fn rng(&self, stream: u64) -> StdRng {
        StdRng::seed_from_u64(self.seed.wrapping_mul(1_000_003).wrapping_add(stream))
    }

    /// A check's time limit, scaled for this machine.
    pub fn limit(&self, base: Duration) -> Duration {
        base.mul_f64(self.time_scale)
    }

    /// The data source, or the verdict that says none was given.
    #[cfg(feature = "data")]
    pub(crate) fn data(&self) -> Result<&dyn crate::data_source::DataSource, crate::Verdict> {
        self.data.as_deref().ok_or_else(|| crate::Verdict::CannotGrade {
            reason: "this check needs a data set, but the grader has none: use `ferrolab::grading::grader()`".into(),
        })
    }

    /// The image source, or the verdict that says none was given.
    #[cfg(feature = "dl")]
    pub(crate) fn images(&self) -> Result<&dyn crate::image_source::ImageSource, crate::Verdict> {
        self.images.as_deref().ok_or_else(|| crate::Verdict::CannotGrade {
            reason: "this check needs an image set, but the grader has none: use `ferrolab::grading::grader()`".into(),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn the_same_stream_gives_the_same_numbers() {
        let grader = Grader::new();
        let a: f64 = grader.rng(1).gen();
        let b: f64 = grader.rng(1).gen();
        let c: f64 = grader.rng(2).gen();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
