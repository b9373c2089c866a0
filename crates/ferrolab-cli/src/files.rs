//! Small file-system helpers shared by the verbs, so each is written (and fixed) once.

use anyhow::{Context, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// Write a file only if its content differs, creating its folder if needed.
///
/// An unchanged file keeps its modification time, so cargo and Jupyter see nothing new
/// and nothing rebuilds needlessly. Returns whether the file was written.
pub fn write_if_changed(path: &Path, content: &str) -> Result<bool> {
    if fs::read_to_string(path).ok().as_deref() == Some(content) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    fs::write(path, content).with_context(|| format!("writing {}", path.display()))?;
    Ok(true)
}

/// `target` relative to `base` (both absolute), e.g. `../lib/python3.11/site-packages/torch/lib`;
/// `None` when they share no leading component.
pub fn relative_path(target: &Path, base: &Path) -> Option<PathBuf> {
    let target: Vec<_> = target.components().collect();
    let base: Vec<_> = base.components().collect();
    let common = target.iter().zip(&base).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for part in &target[common..] {
        out.push(part);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_files_are_not_rewritten_and_new_ones_get_their_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/file.txt");
        assert!(write_if_changed(&path, "one").unwrap());
        assert!(!write_if_changed(&path, "one").unwrap());
        assert!(write_if_changed(&path, "two").unwrap());
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
    }

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        assert_eq!(
            relative_path(
                Path::new("/venv/lib/python3.11/site-packages/torch/lib"),
                Path::new("/venv/libtorch")
            ),
            Some(PathBuf::from("../lib/python3.11/site-packages/torch/lib"))
        );
        assert_eq!(
            relative_path(Path::new("/a/b"), Path::new("/a/b")),
            Some(PathBuf::new())
        );
    }
}
