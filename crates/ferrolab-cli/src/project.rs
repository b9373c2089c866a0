//! Where the course and its tools live, and the environment programs need to find libtorch.

use anyhow::{bail, Context, Result};
use ferrolab_data::dirs;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// The PyTorch release tch 0.24 is built against.
pub const TORCH_VERSION: &str = "2.11.0";
/// The target the workspace and the kernels build for (`.cargo/config.toml` sets it).
pub const HOST_TARGET: &str = "x86_64-unknown-linux-gnu";

/// A checkout of the course.
#[derive(Debug, Clone)]
pub struct Project {
    /// The repository root (holds `Cargo.toml`, `crates/`, `notebooks/`).
    pub root: PathBuf,
}

impl Project {
    /// Find the course: `FERROLAB_ROOT`, else the checkout this binary was built from,
    /// else the nearest parent of the current directory that looks like one.
    pub fn locate() -> Result<Project> {
        let mut candidates = Vec::new();
        if let Some(root) = std::env::var_os(ferrolab_course::env::FERROLAB_ROOT) {
            candidates.push(PathBuf::from(root));
        }
        candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."));
        if let Ok(mut dir) = std::env::current_dir() {
            loop {
                candidates.push(dir.clone());
                if !dir.pop() {
                    break;
                }
            }
        }
        for candidate in candidates {
            if candidate.join("crates/ferrolab/Cargo.toml").is_file() {
                let root = candidate.canonicalize().unwrap_or(candidate);
                return Ok(Project { root });
            }
        }
        bail!("could not find the ferrolab course; run this inside the repository or set FERROLAB_ROOT")
    }

    /// The project's Python virtual environment (torch, JupyterLab): `FERROLAB_VENV` or `.venv`.
    pub fn venv(&self) -> PathBuf {
        std::env::var_os(ferrolab_course::env::FERROLAB_VENV)
            .map(PathBuf::from)
            .unwrap_or_else(|| self.root.join(".venv"))
    }

    /// The venv's Python.
    pub fn python(&self) -> PathBuf {
        self.venv().join("bin/python")
    }

    /// A program installed in the venv (`jupyter`, `pip`).
    pub fn venv_bin(&self, name: &str) -> PathBuf {
        self.venv().join("bin").join(name)
    }

    /// `.venv/libtorch`: links to the wheel's include/ and lib/, plus build-version (made by setup).
    pub fn libtorch(&self) -> PathBuf {
        std::env::var_os("LIBTORCH")
            .map(PathBuf::from)
            .unwrap_or_else(|| self.venv().join("libtorch"))
    }

    /// libtorch's shared libraries, resolved through links.
    pub fn libtorch_lib(&self) -> PathBuf {
        let lib = self.libtorch().join("lib");
        lib.canonicalize().unwrap_or(lib)
    }

    /// The course notebooks.
    pub fn notebooks(&self) -> PathBuf {
        self.root.join("notebooks")
    }

    /// The crate the kernels load: the prelude built as one shared library.
    pub fn prelude_crate(&self) -> PathBuf {
        self.root.join("crates/ferrolab-dylib")
    }

    /// Kernel build directories, one set per checkout (two clones must not share a build).
    pub fn kernels_cache(&self) -> PathBuf {
        let mut hasher = DefaultHasher::new();
        self.root.hash(&mut hasher);
        dirs::cache_dir()
            .join("kernels")
            .join(format!("{:016x}", hasher.finish()))
    }

    /// Where cargo keeps compiled crates (`build.build-dir` in `.cargo/config.toml`):
    /// `CARGO_BUILD_BUILD_DIR`, else `$CARGO_HOME/ferrolab-build`. Kernels build into it too.
    pub fn build_dir(&self) -> PathBuf {
        match std::env::var_os("CARGO_BUILD_BUILD_DIR") {
            Some(dir) if Path::new(&dir).is_absolute() => PathBuf::from(dir),
            Some(dir) => self.root.join(dir),
            None => cargo_home().join("ferrolab-build"),
        }
    }

    /// The requirements file for the venv.
    pub fn requirements(&self) -> PathBuf {
        self.root.join("kernel/requirements.txt")
    }
}

/// The directory holding `cargo` and `rustc`, so kernels started by Jupyter find them.
pub fn cargo_bin_dir() -> Result<PathBuf> {
    let output = std::process::Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .context("running `rustc --print sysroot` (is Rust installed? see https://rustup.rs)")?;
    let sysroot = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let in_sysroot = Path::new(&sysroot).join("bin");
    if in_sysroot.join("cargo").exists() {
        return Ok(in_sysroot);
    }
    which("cargo")
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .context("cargo is not on PATH")
}

/// The first `name` on PATH.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The rust-src component evcxr needs for type inference and completion.
pub fn rust_src_present() -> bool {
    std::process::Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .map(|o| {
            Path::new(String::from_utf8_lossy(&o.stdout).trim())
                .join("lib/rustlib/src/rust/library/core")
                .is_dir()
        })
        .unwrap_or(false)
}

/// `<sysroot>/lib/rustlib/<host>/lib`, where `libstd-*.so` lives.
pub fn rust_std_lib_dir() -> Option<PathBuf> {
    let output = std::process::Command::new("rustc")
        .args(["--print", "target-libdir"])
        .output()
        .ok()?;
    let dir = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    dir.is_dir().then_some(dir)
}

/// True when this process runs as root (containers, cloud machines, CI).
pub fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// cargo's home: `CARGO_HOME`, else `~/.cargo`.
pub fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_dir_is_the_one_cargo_config_names() {
        let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.cargo/config.toml");
        let text = std::fs::read_to_string(&config).expect("reading .cargo/config.toml");
        let table: toml::Table = text.parse().expect("valid TOML");
        assert_eq!(
            table["build"]["build-dir"].as_str(),
            Some("{cargo-cache-home}/ferrolab-build"),
            "Project::build_dir assumes this value"
        );
        if std::env::var_os("CARGO_BUILD_BUILD_DIR").is_none() {
            let project = Project {
                root: "/course".into(),
            };
            assert_eq!(project.build_dir(), cargo_home().join("ferrolab-build"));
        }
    }
}
