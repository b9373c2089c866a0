//! Where the dl checks get their images: the same loaders the lessons use.
//!
//! Like [`DataSource`](crate::DataSource) for tables: this crate cannot depend on
//! `ferrolab`, so `ferrolab::grading` implements [`ImageSource`] with `ferrolab::data`
//! and hands it to the [`Grader`](crate::Grader).

/// Labelled images, flattened: image `i` is `pixels[i * height * width..][..height * width]`.
#[derive(Debug, Clone)]
pub struct Images {
    /// Grey levels in 0..1, row-major, image after image.
    pub pixels: Vec<f32>,
    /// Height and width of every image.
    pub size: (usize, usize),
    /// The class of each image, `0..classes.len()`.
    pub labels: Vec<i64>,
    /// Class names by label.
    pub classes: Vec<String>,
}

impl Images {
    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The images `rows` as a `[rows.len(), height * width]` float tensor, and their labels.
    pub fn tensors(&self, rows: &[usize]) -> (tch::Tensor, tch::Tensor) {
        let area = self.size.0 * self.size.1;
        let mut pixels = Vec::with_capacity(rows.len() * area);
        for &row in rows {
            pixels.extend_from_slice(&self.pixels[row * area..(row + 1) * area]);
        }
        let labels: Vec<i64> = rows.iter().map(|&row| self.labels[row]).collect();
        (
            tch::Tensor::from_slice(&pixels).reshape([rows.len() as i64, area as i64]),
            tch::Tensor::from_slice(&labels),
        )
    }
}

/// A supplier of the course's image sets by name (`mnist`, `fashion-mnist`): the train
/// and test splits as the lessons load them; the error says how to install a missing set.
pub trait ImageSource: Send + Sync {
    /// `(train, test)` of set `name`.
    fn images(&self, name: &str) -> Result<(Images, Images), String>;
}
