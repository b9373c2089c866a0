//! The course's image sets, for the model-level dl checks: read with the loaders the
//! lessons use (checksums verified), so a model is graded on exactly the digits the
//! notebook shows.

use ferrolab_grade::{ImageSource, Images};

/// The installed image sets, as lessons load them.
pub struct CourseImages;

impl ImageSource for CourseImages {
    fn images(&self, name: &str) -> Result<(Images, Images), String> {
        let split = match name {
            "mnist" => crate::data::mnist(),
            "fashion-mnist" => crate::data::fashion_mnist(),
            other => return Err(format!("`{other}` is not an image set the checks know")),
        }
        .map_err(|e| e.to_string())?;
        Ok((flatten(&split.train), flatten(&split.test)))
    }
}

fn flatten(set: &crate::data::ImageSet) -> Images {
    let (_, height, width) = set.images.dim();
    Images {
        pixels: set.images.iter().copied().collect(),
        size: (height, width),
        labels: set.labels.iter().map(|&l| l as i64).collect(),
        classes: set.classes.clone(),
    }
}
