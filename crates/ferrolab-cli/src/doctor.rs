//! `ferrolab doctor`: check every moving part and print a fix for each problem.

use crate::evcxr_build::{self, Frontend, EVCXR_VERSION};
use crate::flavors::{FlavorName, FLAVORS};
use crate::kernel;
use crate::project::{self, Project, TORCH_VERSION};
use anyhow::Result;
use ferrolab_data::{catalogue, dirs, DataError};
use std::process::Command;

/// One finding.
#[derive(Debug)]
pub struct Finding {
    /// What was checked.
    pub what: String,
    /// What was found.
    pub found: String,
    /// How to fix it; `None` when all is well.
    pub fix: Option<String>,
}

impl Finding {
    fn ok(what: &str, found: impl Into<String>) -> Finding {
        Finding {
            what: what.into(),
            found: found.into(),
            fix: None,
        }
    }
    fn bad(what: &str, found: impl Into<String>, fix: impl Into<String>) -> Finding {
        Finding {
            what: what.into(),
            found: found.into(),
            fix: Some(fix.into()),
        }
    }
}

fn python_probe(project: &Project, code: &str) -> Result<String, String> {
    let output = Command::new(project.python())
        .args(["-c", code])
        .env("PYTHONWARNINGS", "ignore")
        .output()
        .map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(stderr.lines().last().unwrap_or("failed").to_string())
    }
}

/// Fixing a half-finished setup is always the same advice.
const SETUP_FIX: &str = "run `./ferrolab setup`";

/// Run every check, in the order they are printed.
pub fn findings(project: &Project) -> Vec<Finding> {
    let mut out = toolchain_findings(project);
    out.extend(python_findings(project));
    out.extend(kernel_findings(project));
    out.extend(data_findings());
    out
}

/// Rust's side: rust-src, the kernels' crates, the linker.
fn toolchain_findings(project: &Project) -> Vec<Finding> {
    let mut out = Vec::new();
    out.push(if project::rust_src_present() {
        Finding::ok("rust-src", "installed")
    } else {
        Finding::bad(
            "rust-src",
            "missing (evcxr cannot infer variable types)",
            "rustup component add rust-src",
        )
    });
    out.push(kernel_crates_finding(project));
    let linker = kernel::linker();
    out.push(if linker == "system" {
        Finding::bad(
            "fast linker",
            "none (cells link ~10 % slower)",
            "sudo apt-get install mold",
        )
    } else {
        Finding::ok("fast linker", linker)
    });
    out
}

/// Python's side: the venv, torch (libtorch), CUDA, and the links tch builds against.
fn python_findings(project: &Project) -> Vec<Finding> {
    let mut out = Vec::new();
    if !project.python().exists() {
        out.push(Finding::bad(
            "python venv",
            format!("missing at {}", project.venv().display()),
            SETUP_FIX,
        ));
    } else {
        out.push(Finding::ok(
            "python venv",
            project.venv().display().to_string(),
        ));
        match python_probe(
            project,
            "import torch; print(torch.__version__); print(torch.ones(3).sum().item())",
        ) {
            Ok(text) => {
                let version = text.lines().next().unwrap_or_default().to_string();
                if version.split('+').next() == Some(TORCH_VERSION) {
                    out.push(Finding::ok(
                        "torch / libtorch",
                        format!("{version}, loads and computes"),
                    ));
                } else {
                    out.push(Finding::bad(
                        "torch / libtorch",
                        format!("{version}, but tch 0.24 needs {TORCH_VERSION}"),
                        format!(".venv/bin/pip install torch=={TORCH_VERSION}"),
                    ));
                }
            }
            Err(error) => out.push(Finding::bad("torch / libtorch", error, SETUP_FIX)),
        }
        match python_probe(project, "import torch; print(torch.cuda.device_count())") {
            Ok(count) if count != "0" => out.push(Finding::ok(
                "CUDA",
                format!("{count} device(s) visible: tch will use cuda:0"),
            )),
            Ok(_) => out.push(Finding::ok(
                "CUDA",
                "no GPU visible: tch runs on the CPU (fine for every lesson)",
            )),
            Err(error) => out.push(Finding::bad(
                "CUDA",
                error,
                "check the NVIDIA driver (nvidia-smi)",
            )),
        }
    }
    let libtorch = project.libtorch();
    out.push(if libtorch.join("lib/libtorch_cpu.so").exists() {
        Finding::ok("libtorch links", libtorch.display().to_string())
    } else {
        Finding::bad(
            "libtorch links",
            format!("{}/lib/libtorch_cpu.so missing", libtorch.display()),
            SETUP_FIX,
        )
    });
    out
}

/// The kernels: evcxr, the kernel specs, the prelude's pre-build.
fn kernel_findings(project: &Project) -> Vec<Finding> {
    let mut out = Vec::new();
    out.push(if Frontend::Jupyter.binary().exists() {
        Finding::ok(
            "evcxr_jupyter",
            format!(
                "{EVCXR_VERSION} with ferrolab's patch (fast cells, live output) at {}",
                evcxr_build::evcxr_root().display()
            ),
        )
    } else {
        Finding::bad(
            "evcxr_jupyter",
            format!("evcxr_jupyter {EVCXR_VERSION} not built"),
            SETUP_FIX,
        )
    });
    out.push(if Frontend::Repl.binary().exists() {
        Finding::ok("evcxr REPL", "installed")
    } else {
        Finding::ok("evcxr REPL", "installed on first `./ferrolab repl`")
    });
    for flavor in FLAVORS {
        let spec = kernel::spec_root(project, false)
            .join(flavor.spec)
            .join("kernel.json");
        out.push(if spec.exists() {
            Finding::ok(
                &format!("kernel {}", flavor.spec),
                spec.display().to_string(),
            )
        } else {
            Finding::bad(
                &format!("kernel {}", flavor.spec),
                "not installed",
                SETUP_FIX,
            )
        });
    }
    let built = std::fs::read_to_string(kernel::template_stamp(project)).ok();
    out.push(match (built, kernel::prelude_fingerprint(project).ok()) {
        (Some(a), Some(b)) if a == b => Finding::ok("prelude pre-build", "current"),
        _ if kernel::prebuild_running(project) => Finding::ok(
            "prelude pre-build",
            format!(
                "being built now ({})",
                std::fs::read_to_string(kernel::prebuild_status(project))
                    .ok()
                    .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
                    .and_then(|status| {
                        Some(format!(
                            "{}: {}",
                            status["flavor"].as_str()?,
                            status["message"].as_str()?
                        ))
                    })
                    .unwrap_or_else(|| "starting".into())
            ),
        ),
        (Some(_), _) => Finding::bad(
            "prelude pre-build",
            "older than the prelude's sources",
            SETUP_FIX,
        ),
        (None, _) => Finding::bad(
            "prelude pre-build",
            last_prebuild_failure(project).unwrap_or_else(|| {
                "not built (the first notebook would compile for minutes)".into()
            }),
            SETUP_FIX,
        ),
    });
    out
}

/// The data checks: every installed set re-hashed; missing setup sets named.
fn data_findings() -> Vec<Finding> {
    let root = dirs::data_dir();
    let mut findings = Vec::new();
    let mut verified = 0;
    let mut missing = Vec::new();
    let mut on_demand = Vec::new();
    for spec in &catalogue().sets {
        match ferrolab_data::verify_set(&root, &spec.name) {
            Ok(problems) if problems.is_empty() => verified += 1,
            Ok(problems) => findings.push(Finding {
                what: format!("data {}", spec.name),
                found: problems
                    .iter()
                    .map(|p| format!("{}: {}", p.file.display(), p.reason))
                    .collect::<Vec<_>>()
                    .join("; "),
                fix: Some(ferrolab_data::repair_command(&spec.name)),
            }),
            Err(DataError::NotInstalled { .. }) if spec.large => on_demand.push(spec.name.as_str()),
            Err(DataError::NotInstalled { .. }) => missing.push(spec.name.as_str()),
            Err(error) => findings.push(Finding {
                what: format!("data {}", spec.name),
                found: error.to_string(),
                fix: Some(ferrolab_data::repair_command(&spec.name)),
            }),
        }
    }
    let on_demand = if on_demand.is_empty() {
        String::new()
    } else {
        format!("; on demand, not installed: {}", on_demand.join(", "))
    };
    findings.insert(
        0,
        Finding {
            what: "data sets".into(),
            found: format!(
                "{verified} installed and verified in {}{on_demand}",
                root.display()
            ),
            fix: None,
        },
    );
    if !missing.is_empty() {
        findings.insert(
            1,
            Finding {
                what: "data sets missing".into(),
                found: missing.join(", "),
                fix: Some(format!("./ferrolab data fetch {}", missing.join(" "))),
            },
        );
    }
    findings
}

/// Kernels build offline: every crate of their graph must be downloaded, at the lock's versions.
fn kernel_crates_finding(project: &Project) -> Finding {
    let what = "kernel crates";
    let full = FlavorName::Full.flavor();
    let checked = tempfile::tempdir()
        .map_err(anyhow::Error::from)
        .and_then(|dir| crate::crates::check_kernel_resolves_offline(project, full, dir.path()));
    match checked {
        Ok(count) => Finding::ok(
            what,
            format!("all {count} downloaded, at Cargo.lock's versions"),
        ),
        Err(error) => Finding::bad(
            what,
            format!("kernels build offline and would fail: {}", first_lines(&error.to_string(), 4)),
            "run `./ferrolab setup` with access to crates.io (its `crate sources` step downloads them)",
        ),
    }
}

/// What the last failed pre-build said, if it failed.
fn last_prebuild_failure(project: &Project) -> Option<String> {
    let text = std::fs::read_to_string(crate::prebuild::failure_note(project)).ok()?;
    Some(format!(
        "not built; the last try failed:\n{}",
        first_lines(&text, 8)
    ))
}

fn first_lines(text: &str, n: usize) -> String {
    text.lines().take(n).collect::<Vec<_>>().join("\n")
}

/// Print the findings; exit status 1 if anything needs fixing.
pub fn run(project: &Project) -> Result<bool> {
    let all = findings(project);
    let width = all.iter().map(|f| f.what.len()).max().unwrap_or(10);
    let mut healthy = true;
    for finding in &all {
        match &finding.fix {
            None => println!("✓ {:width$}  {}", finding.what, finding.found),
            Some(fix) => {
                healthy = false;
                println!(
                    "✗ {:width$}  {}\n  {:width$}  fix: {fix}",
                    finding.what, finding.found, ""
                );
            }
        }
    }
    println!(
        "{}",
        if healthy {
            "\nAll good."
        } else {
            "\nSome parts need attention (see fix: lines)."
        }
    );
    Ok(healthy)
}
