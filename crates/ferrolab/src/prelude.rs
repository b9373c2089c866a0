//! The one `use` every lesson starts with: `use ferrolab::prelude::*;`.
//!
//! Names are listed one by one rather than glob-imported from each library, so
//! two libraries never fight over a name and a learner can read here what they
//! got. Whole crates are re-exported too (`ndarray::...`, `polars::...`,
//! `tch::...`, `plotters::...`) for anything not listed.

pub use crate::display::{show, Progress, ProgressExt, RichDisplay};
pub use crate::plot::{self, Chart, Figure, Image};
pub use crate::random::{rng, seed_everything};
pub use crate::{check, hint, solution};

pub use ndarray::{
    self, array, concatenate, s, stack, Array, Array1, Array2, Array3, ArrayD, ArrayView1,
    ArrayView2, ArrayViewMut1, ArrayViewMut2, Axis, Ix1, Ix2, Ix3, IxDyn, Zip,
};
pub use ndarray_rand::rand_distr::{
    self, Bernoulli, Distribution, Normal, StandardNormal, Uniform,
};
pub use ndarray_rand::RandomExt;
pub use rand::rngs::StdRng;
pub use rand::seq::SliceRandom;
pub use rand::{self, Rng, SeedableRng};

pub use plotters;
pub use serde::{self, Deserialize, Serialize};
pub use serde_json;

pub use crate::convert::{ArrayToDataset, ConvertError};

#[cfg(feature = "data")]
pub use crate::convert::FrameToArray;
#[cfg(feature = "data")]
pub use polars::{
    self,
    prelude::{
        col, df, lit, when, CsvReadOptions, CsvWriter, DataFrame, DataType, IntoLazy, JoinArgs,
        JoinType, LazyCsvReader, LazyFileListReader, LazyFrame, ParquetReader, ParquetWriter,
        PolarsError, PolarsResult, SerReader, SerWriter, Series, SortMultipleOptions,
    },
};

#[cfg(feature = "ml")]
pub use linfa::{
    self,
    prelude::{
        Dataset, DatasetBase, Fit, Float, Predict, Records, SingleTargetRegression,
        ToConfusionMatrix, Transformer,
    },
    traits::FitWith,
};
#[cfg(feature = "ml")]
pub use {
    linfa_bayes::{self, GaussianNb, MultinomialNb},
    linfa_clustering::{self, Dbscan, KMeans},
    linfa_elasticnet::{self, ElasticNet},
    linfa_linear::{self, LinearRegression},
    linfa_logistic::{self, LogisticRegression, MultiLogisticRegression},
    linfa_nn::{self, distance::L2Dist, CommonNearestNeighbour, NearestNeighbour},
    linfa_reduction::{self, Pca},
    linfa_svm::{self, Svm},
    linfa_trees::{self, DecisionTree, SplitQuality},
    linfa_tsne::{self, TSneParams},
};

#[cfg(feature = "dl")]
pub use crate::convert::{ArrayToTensor, TensorToArray};
#[cfg(feature = "dl")]
pub use crate::device::{device, DeviceInfo};
#[cfg(feature = "dl")]
pub use tch::{
    self,
    nn::{self, Module, ModuleT, OptimizerConfig, RNN},
    Device, IndexOp, Kind, Reduction, TchError, Tensor,
};
