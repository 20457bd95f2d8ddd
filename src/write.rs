//! Write: every file goes into a temporary folder beside the output, which replaces the
//! output only when the whole build succeeded. A failed build leaves the previous `site/`
//! exactly as it was; nothing is ever written outside the output folder.

use std::io;
use std::path::{Component, Path, PathBuf};

/// A build's output folder under construction.
pub struct Output {
    final_dir: PathBuf,
    tmp: PathBuf,
    committed: bool,
}

/// Checks that a site-relative path stays inside the output folder.
pub fn safe_relative(rel: &str) -> io::Result<PathBuf> {
    let path = Path::new(rel);
    let ok = !rel.is_empty()
        && !rel.contains('\\')
        && !rel.contains('\0')
        && path
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(path.to_path_buf())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output folder: {rel:?}"),
        ))
    }
}

impl Output {
    /// Starts a build into a fresh temporary folder next to `final_dir`.
    pub fn create(final_dir: &Path) -> io::Result<Output> {
        let parent = final_dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = final_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".to_string());
        let tmp = parent.join(format!(".{name}.building-{}", std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)?;
        }
        std::fs::create_dir_all(&tmp)?;
        Ok(Output {
            final_dir: final_dir.to_path_buf(),
            tmp,
            committed: false,
        })
    }

    /// The folder being written.
    pub fn dir(&self) -> &Path {
        &self.tmp
    }

    /// Writes one file at a site-relative path.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.tmp.join(safe_relative(rel)?);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, bytes)
    }

    /// Copies a file into the output.
    pub fn copy(&self, rel: &str, src: &Path) -> io::Result<()> {
        let path = self.tmp.join(safe_relative(rel)?);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::copy(src, &path).map(|_| ())
    }

    /// Replaces the output folder with the finished build.
    pub fn commit(mut self) -> io::Result<()> {
        let old = self.final_dir.with_file_name(format!(
            ".{}.old-{}",
            self.final_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            std::process::id()
        ));
        if self.final_dir.exists() {
            if old.exists() {
                std::fs::remove_dir_all(&old)?;
            }
            std::fs::rename(&self.final_dir, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.final_dir) {
            // Put the previous build back.
            if old.exists() {
                let _ = std::fs::rename(&old, &self.final_dir);
            }
            return Err(e);
        }
        self.committed = true;
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.committed && self.tmp.exists() {
            if let Err(e) = std::fs::remove_dir_all(&self.tmp) {
                eprintln!("warning: could not remove {}: {e}", self.tmp.display());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_output() {
        for bad in ["../x.html", "/etc/passwd", "a/../../b", "a\\..\\b", "", "./a"] {
            assert!(safe_relative(bad).is_err(), "{bad}");
        }
        assert!(safe_relative("pakalpojumi/a.html").is_ok());
    }

    #[test]
    fn a_dropped_build_leaves_the_old_site_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        std::fs::write(site.join("index.html"), "old").unwrap();
        {
            let out = Output::create(&site).unwrap();
            out.write("index.html", b"new").unwrap();
        }
        assert_eq!(std::fs::read_to_string(site.join("index.html")).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let out = Output::create(&site).unwrap();
        out.write("index.html", b"new").unwrap();
        out.commit().unwrap();
        assert_eq!(std::fs::read_to_string(site.join("index.html")).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
