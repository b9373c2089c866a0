//! Conversions learners need constantly, with errors that name both sides.
//!
//! - ndarray → tch: [`ArrayToTensor::to_tensor`] (any layout, any element type tch knows).
//! - tch → ndarray: [`TensorToArray::to_array1`] / `to_array2` / `to_array3` / `to_arrayd`,
//!   which check the number of dimensions and the dtype instead of converting silently.
//! - polars → ndarray: [`FrameToArray::to_array`] (chosen columns, as `f64`) and
//!   [`FrameToArray::to_column`].
//! - ndarray → linfa: [`ArrayToDataset::into_dataset`].

use thiserror::Error;

/// A conversion that cannot be done as asked; the message says what was found and what was expected.
#[derive(Debug, Error)]
pub enum ConvertError {
    /// The number of dimensions or the sizes do not match.
    #[error("shape mismatch: expected {expected}, got {found}")]
    Shape {
        /// What the conversion needs, e.g. "a 2-D tensor".
        expected: String,
        /// What it was given, e.g. "shape [2, 3, 4]".
        found: String,
    },
    /// The element type does not match.
    #[error("dtype mismatch: expected {expected}, got {found}; {fix}")]
    Dtype {
        /// The element type asked for.
        expected: String,
        /// The element type found.
        found: String,
        /// How to fix it.
        fix: String,
    },
    /// A DataFrame column is missing or cannot become a number.
    #[error("column `{column}`: {problem}")]
    Column {
        /// The column's name.
        column: String,
        /// What is wrong with it.
        problem: String,
    },
    /// libtorch refused the operation.
    #[cfg(feature = "dl")]
    #[error("libtorch: {0}")]
    Torch(#[from] tch::TchError),
    /// polars refused the operation.
    #[cfg(feature = "data")]
    #[error("polars: {0}")]
    Polars(#[from] polars::prelude::PolarsError),
}

/// Turn feature rows and targets into a linfa [`linfa::Dataset`].
pub trait ArrayToDataset<T> {
    /// Pair these records (rows = samples) with `targets` (one per row).
    #[cfg(feature = "ml")]
    fn into_dataset(
        self,
        targets: ndarray::Array1<T>,
    ) -> Result<linfa::Dataset<f64, T, ndarray::Ix1>, ConvertError>;
}

impl<T> ArrayToDataset<T> for ndarray::Array2<f64> {
    #[cfg(feature = "ml")]
    fn into_dataset(
        self,
        targets: ndarray::Array1<T>,
    ) -> Result<linfa::Dataset<f64, T, ndarray::Ix1>, ConvertError> {
        if self.nrows() != targets.len() {
            return Err(ConvertError::Shape {
                expected: format!("one target per row ({} rows)", self.nrows()),
                found: format!("{} targets", targets.len()),
            });
        }
        Ok(linfa::Dataset::new(self, targets))
    }
}

#[cfg(feature = "dl")]
mod torch {
    use super::ConvertError;
    use ndarray::{ArrayBase, ArrayD, Data, Dimension, Ix1, Ix2, Ix3};
    use tch::kind::Element;
    use tch::{Kind, Tensor};

    /// ndarray → tch. Works for views and non-contiguous arrays too (they are copied into order).
    pub trait ArrayToTensor {
        /// A tensor with the same shape and element type, on the CPU.
        fn to_tensor(&self) -> Result<Tensor, ConvertError>;
    }

    impl<S, D> ArrayToTensor for ArrayBase<S, D>
    where
        S: Data,
        S::Elem: Element + Copy,
        D: Dimension,
    {
        fn to_tensor(&self) -> Result<Tensor, ConvertError> {
            let standard = self.as_standard_layout();
            let values = standard.as_slice().ok_or_else(|| ConvertError::Shape {
                expected: "an array that can be laid out in memory order".into(),
                found: format!("shape {:?}", self.shape()),
            })?;
            let shape: Vec<i64> = self.shape().iter().map(|&s| s as i64).collect();
            Ok(Tensor::f_from_slice(values)?.f_reshape(shape)?)
        }
    }

    /// tch → ndarray, checking dimensions and dtype.
    pub trait TensorToArray {
        /// Any number of dimensions.
        fn to_arrayd<T: Element + Copy>(&self) -> Result<ArrayD<T>, ConvertError>;
        /// Exactly one dimension.
        fn to_array1<T: Element + Copy>(&self) -> Result<ndarray::Array1<T>, ConvertError>;
        /// Exactly two dimensions.
        fn to_array2<T: Element + Copy>(&self) -> Result<ndarray::Array2<T>, ConvertError>;
        /// Exactly three dimensions.
        fn to_array3<T: Element + Copy>(&self) -> Result<ndarray::Array3<T>, ConvertError>;
    }

    fn rust_name(kind: Kind) -> &'static str {
        match kind {
            Kind::Float => "f32",
            Kind::Double => "f64",
            Kind::Int64 => "i64",
            Kind::Int => "i32",
            Kind::Int16 => "i16",
            Kind::Int8 => "i8",
            Kind::Uint8 => "u8",
            Kind::Bool => "bool",
            Kind::Half => "f16",
            Kind::BFloat16 => "bf16",
            _ => "an unsupported type",
        }
    }

    fn checked<T: Element + Copy, D: Dimension>(
        tensor: &Tensor,
        dims: Option<usize>,
    ) -> Result<ndarray::Array<T, D>, ConvertError> {
        let size = tensor.size();
        if let Some(dims) = dims {
            if size.len() != dims {
                return Err(ConvertError::Shape {
                    expected: format!("a {dims}-D tensor"),
                    found: format!("a {}-D tensor of shape {size:?}", size.len()),
                });
            }
        }
        let found = tensor.kind();
        if found != T::KIND {
            return Err(ConvertError::Dtype {
                expected: format!("{:?} ({})", T::KIND, rust_name(T::KIND)),
                found: format!("{found:?} ({})", rust_name(found)),
                fix: format!(
                    "convert first with .to_kind(Kind::{:?}) or ask for {}",
                    T::KIND,
                    rust_name(found)
                ),
            });
        }
        let cpu = tensor.f_to_device(tch::Device::Cpu)?.f_contiguous()?;
        let numel = cpu.numel();
        let mut values = vec![T::ZERO; numel];
        cpu.f_copy_data(&mut values, numel)?;
        let shape: Vec<usize> = size.iter().map(|&s| s as usize).collect();
        let array = ArrayD::from_shape_vec(shape, values).map_err(|e| ConvertError::Shape {
            expected: format!("{numel} elements"),
            found: e.to_string(),
        })?;
        array
            .into_dimensionality::<D>()
            .map_err(|e| ConvertError::Shape {
                expected: format!(
                    "{} dimensions",
                    D::NDIM.map_or("any".to_string(), |n| n.to_string())
                ),
                found: e.to_string(),
            })
    }

    impl TensorToArray for Tensor {
        fn to_arrayd<T: Element + Copy>(&self) -> Result<ArrayD<T>, ConvertError> {
            checked(self, None)
        }
        fn to_array1<T: Element + Copy>(&self) -> Result<ndarray::Array1<T>, ConvertError> {
            checked::<T, Ix1>(self, Some(1))
        }
        fn to_array2<T: Element + Copy>(&self) -> Result<ndarray::Array2<T>, ConvertError> {
            checked::<T, Ix2>(self, Some(2))
        }
        fn to_array3<T: Element + Copy>(&self) -> Result<ndarray::Array3<T>, ConvertError> {
            checked::<T, Ix3>(self, Some(3))
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use ndarray::array;

        #[test]
        fn round_trip_keeps_shape_and_values() {
            let a = array![[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.0]];
            let t = a.to_tensor().unwrap();
            assert_eq!(t.size(), vec![2, 3]);
            assert_eq!(t.to_array2::<f32>().unwrap(), a);
        }

        #[test]
        fn transposed_views_convert_in_logical_order() {
            let a = array![[1.0f64, 2.0], [3.0, 4.0]];
            let t = a.t().to_tensor().unwrap();
            assert_eq!(
                t.to_array2::<f64>().unwrap(),
                array![[1.0, 3.0], [2.0, 4.0]]
            );
        }

        #[test]
        fn wrong_dims_name_both_shapes() {
            let t = Tensor::zeros([2, 3, 4], (Kind::Float, tch::Device::Cpu));
            let err = t.to_array2::<f32>().unwrap_err();
            assert_eq!(
                err.to_string(),
                "shape mismatch: expected a 2-D tensor, got a 3-D tensor of shape [2, 3, 4]"
            );
        }

        #[test]
        fn wrong_dtype_names_both_dtypes_and_the_fix() {
            let t = Tensor::zeros([2], (Kind::Double, tch::Device::Cpu));
            let err = t.to_array1::<f32>().unwrap_err();
            assert_eq!(
                err.to_string(),
                "dtype mismatch: expected Float (f32), got Double (f64); convert first with .to_kind(Kind::Float) or ask for f64"
            );
        }
    }
}
#[cfg(feature = "dl")]
pub use torch::{ArrayToTensor, TensorToArray};

#[cfg(feature = "data")]
mod frames {
    use super::ConvertError;
    use ndarray::{Array1, Array2};
    use polars::prelude::{DataFrame, DataType};

    /// polars → ndarray, for model inputs.
    pub trait FrameToArray {
        /// The named columns as a rows × columns `f64` matrix. Nulls are an error (impute first).
        fn to_array(&self, columns: &[&str]) -> Result<Array2<f64>, ConvertError>;
        /// One column as an `f64` vector.
        fn to_column(&self, column: &str) -> Result<Array1<f64>, ConvertError>;
    }

    fn column_f64(frame: &DataFrame, name: &str) -> Result<Vec<f64>, ConvertError> {
        let column = frame.column(name).map_err(|_| ConvertError::Column {
            column: name.to_string(),
            problem: format!(
                "no such column; the frame has {}",
                frame
                    .get_column_names()
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })?;
        let nulls = column.null_count();
        if nulls > 0 {
            return Err(ConvertError::Column {
                column: name.to_string(),
                problem: format!(
                    "{nulls} missing values; fill them (e.g. fill_null) or drop those rows first"
                ),
            });
        }
        let dtype = column.dtype().clone();
        if !(dtype.is_primitive_numeric() || dtype == DataType::Boolean) {
            return Err(ConvertError::Dtype {
                expected: "a numeric or boolean column".into(),
                found: format!("{dtype}"),
                fix: "encode text columns as numbers first (e.g. one-hot with to_dummies)".into(),
            });
        }
        let cast = column.cast(&DataType::Float64)?;
        let values = cast.f64()?;
        Ok(values.into_no_null_iter().collect())
    }

    impl FrameToArray for DataFrame {
        fn to_array(&self, columns: &[&str]) -> Result<Array2<f64>, ConvertError> {
            let rows = self.height();
            let mut out = Array2::<f64>::zeros((rows, columns.len()));
            for (j, name) in columns.iter().enumerate() {
                let values = column_f64(self, name)?;
                for (i, v) in values.into_iter().enumerate() {
                    out[[i, j]] = v;
                }
            }
            Ok(out)
        }

        fn to_column(&self, column: &str) -> Result<Array1<f64>, ConvertError> {
            Ok(Array1::from(column_f64(self, column)?))
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use polars::prelude::*;

        #[test]
        fn numeric_columns_become_a_matrix() {
            let frame =
                df!("age" => [22.0, 38.0], "class" => [3i64, 1], "male" => [true, false]).unwrap();
            let x = frame.to_array(&["age", "class", "male"]).unwrap();
            assert_eq!(x, ndarray::array![[22.0, 3.0, 1.0], [38.0, 1.0, 0.0]]);
        }

        #[test]
        fn problems_name_the_column_and_the_fix() {
            let frame = df!("age" => [Some(22.0), None], "name" => ["Ann", "Bo"]).unwrap();
            let missing = frame.to_array(&["fare"]).unwrap_err().to_string();
            assert_eq!(
                missing,
                "column `fare`: no such column; the frame has `age`, `name`"
            );
            let nulls = frame.to_column("age").unwrap_err().to_string();
            assert!(nulls.contains("1 missing values"), "{nulls}");
            let text = frame.to_column("name").unwrap_err().to_string();
            assert!(
                text.starts_with("dtype mismatch: expected a numeric or boolean column, got str"),
                "{text}"
            );
        }
    }
}
#[cfg(feature = "data")]
pub use frames::FrameToArray;

#[cfg(all(test, feature = "ml"))]
mod tests {
    use super::*;

    #[test]
    fn datasets_need_one_target_per_row() {
        let x = ndarray::Array2::<f64>::zeros((3, 2));
        let err = x.into_dataset(ndarray::array![1usize, 0]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "shape mismatch: expected one target per row (3 rows), got 2 targets"
        );
    }
}
