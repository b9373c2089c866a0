//! tch tensors shown with shape, dtype and device before the values.

use super::Rich;
use tch::{Kind, Tensor};

/// Tensors larger than this show only their header and a few summary numbers.
pub const MAX_ELEMENTS: i64 = 10_000;

/// `Tensor [2, 3] Float cpu` followed by the values (as an ndarray display, which abbreviates).
pub fn tensor_rich(tensor: &Tensor) -> Rich {
    Rich {
        text: tensor_text(tensor),
        name: "tensor".into(),
        ..Rich::default()
    }
}

/// The text form of a tensor.
pub fn tensor_text(tensor: &Tensor) -> String {
    if !tensor.defined() {
        return "Tensor (undefined)".to_string();
    }
    let size = tensor.size();
    let kind = tensor.kind();
    let grad = if tensor.requires_grad() {
        ", requires_grad"
    } else {
        ""
    };
    let header = format!(
        "Tensor {size:?} {kind:?} {}{grad}",
        device_name(tensor.device())
    );
    let numeric = !matches!(
        kind,
        Kind::ComplexHalf | Kind::ComplexFloat | Kind::ComplexDouble
    );
    if !numeric {
        return header;
    }
    let values = tensor.detach().to_device(tch::Device::Cpu);
    if tensor.numel() as i64 > MAX_ELEMENTS {
        let as_f64 = values.to_kind(Kind::Double);
        let mean = as_f64.mean(Kind::Double).double_value(&[]);
        let min = as_f64.min().double_value(&[]);
        let max = as_f64.max().double_value(&[]);
        return format!(
            "{header}\n({} values; min {min:.4}, mean {mean:.4}, max {max:.4})",
            tensor.numel()
        );
    }
    let body = match kind {
        Kind::Bool => array_text::<bool>(&values),
        Kind::Int64 | Kind::Int | Kind::Int16 | Kind::Int8 | Kind::Uint8 => {
            array_text::<i64>(&values.to_kind(Kind::Int64))
        }
        _ => array_text::<f64>(&values.to_kind(Kind::Double)),
    };
    format!("{header}\n{body}")
}

fn array_text<T>(tensor: &Tensor) -> String
where
    T: tch::kind::Element + Copy + std::fmt::Display,
{
    let converted: Result<ndarray::ArrayD<T>, _> = tensor.try_into();
    match converted {
        Ok(array) => format!("{array}"),
        Err(error) => format!("(values unavailable: {error})"),
    }
}

/// `cpu` or `cuda:0`.
pub fn device_name(device: tch::Device) -> String {
    match device {
        tch::Device::Cpu => "cpu".to_string(),
        tch::Device::Cuda(i) => format!("cuda:{i}"),
        tch::Device::Mps => "mps".to_string(),
        tch::Device::Vulkan => "vulkan".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tensors_show_shape_kind_device_and_values() {
        let t = Tensor::from_slice(&[1.0f32, 2.0, 3.0, 4.0]).reshape([2, 2]);
        let text = tensor_text(&t);
        assert!(
            text.starts_with("Tensor [2, 2] Float cpu\n[[1, 2],"),
            "{text}"
        );
    }

    #[test]
    fn big_tensors_are_summarised() {
        let t = Tensor::ones([200, 200], (Kind::Float, tch::Device::Cpu));
        let text = tensor_text(&t);
        assert!(
            text.contains("40000 values; min 1.0000, mean 1.0000, max 1.0000"),
            "{text}"
        );
    }
}
