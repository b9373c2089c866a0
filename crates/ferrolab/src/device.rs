//! Which device tensors should live on: the GPU when libtorch sees one, else the CPU.

use std::fmt;
use tch::{Cuda, Device};

/// What [`device`] found, for printing in a lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceInfo {
    /// The chosen device.
    pub device: Device,
    /// Number of CUDA devices libtorch can use.
    pub cuda_devices: i64,
    /// Whether cuDNN (fast convolutions) is available.
    pub cudnn: bool,
}

impl DeviceInfo {
    /// Look at the machine now.
    pub fn detect() -> DeviceInfo {
        let cuda_devices = if Cuda::is_available() {
            Cuda::device_count()
        } else {
            0
        };
        let device = if cuda_devices > 0 {
            Device::Cuda(0)
        } else {
            Device::Cpu
        };
        DeviceInfo {
            device,
            cuda_devices,
            cudnn: cuda_devices > 0 && Cuda::cudnn_is_available(),
        }
    }
}

impl fmt::Display for DeviceInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.device {
            Device::Cuda(i) => write!(
                f,
                "CUDA device {i} (of {}), cuDNN {}",
                self.cuda_devices,
                if self.cudnn { "on" } else { "off" }
            ),
            _ => write!(
                f,
                "CPU ({} threads; no CUDA device visible to libtorch)",
                tch::get_num_threads()
            ),
        }
    }
}

/// The device to put tensors and models on: `cuda:0` when available, else the CPU.
///
/// `FERROLAB_DEVICE=cpu` forces the CPU (e.g. to compare speeds).
pub fn device() -> Device {
    if std::env::var(ferrolab_course::env::FERROLAB_DEVICE).as_deref() == Ok("cpu") {
        return Device::Cpu;
    }
    DeviceInfo::detect().device
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detect_agrees_with_device_and_says_which() {
        let info = DeviceInfo::detect();
        assert_eq!(device(), info.device);
        let text = info.to_string();
        assert!(
            text.starts_with("CPU") || text.starts_with("CUDA"),
            "{text}"
        );
    }
}
