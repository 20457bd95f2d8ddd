//! Write: a full build goes into a temporary folder beside the output, which replaces the
//! output only when the whole build succeeded; a preview rebuild writes in place, only the
//! files whose bytes changed, each atomically. A failed build leaves the previous `site/`
//! exactly as it was; nothing is ever written outside the output folder.

use std::hash::Hasher;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostics::{Diagnostic, Pos};

/// The error of a file that could not be written at a site-relative path.
pub fn write_error(path: &str, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(path, Pos::FILE, format!("cannot write: {e}"))
}

/// Content hash of every file a build wrote, by site-relative path.
pub type Written = rustc_hash::FxHashMap<String, u64>;

fn content_hash(bytes: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.write_usize(bytes.len());
    h.finish()
}

/// A build's output folder under construction.
pub struct Output {
    final_dir: PathBuf,
    /// Where files go: a temporary folder, or the output itself when writing in place.
    tmp: PathBuf,
    committed: bool,
    /// The previous build's files when writing in place.
    previous: Option<Written>,
    /// A fresh build's predecessor: files with unchanged bytes are hard-linked from it.
    reuse: Option<PathBuf>,
    written: Mutex<Written>,
    changed: std::sync::atomic::AtomicUsize,
}

/// Checks that a site-relative path stays inside the output folder.
pub fn safe_relative(rel: &str) -> io::Result<PathBuf> {
    let path = Path::new(rel);
    let ok = !rel.is_empty()
        && !rel.contains('\\')
        && !rel.contains('\0')
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(path.to_path_buf())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output folder: {rel:?}"),
        ))
    }
}

/// Hard-links `previous` to `path` when it is a regular file holding exactly `bytes`. An
/// unchanged page then costs a read instead of a new file, and replacing the old site frees
/// no inodes: repeated builds are not slowed by the file system's churn. False when anything
/// differs or the file system has no hard links (the caller writes the file).
fn link_if_same(previous: &Path, path: &Path, bytes: &[u8]) -> bool {
    let same = std::fs::symlink_metadata(previous)
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(previous).is_ok_and(|old| old == bytes);
    same && std::fs::hard_link(previous, path).is_ok()
}

/// Which folder `path` is (device and inode on Unix), so a live preview can tell the output
/// folder it wrote last from one that replaced it (another build swapped in, a deleted and
/// recreated folder): only its own folder is rebuilt in place.
pub fn folder_identity(path: &Path) -> Option<(u64, u64)> {
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        meta.created().ok().map(|t| {
            let d = t.duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            (d.as_secs(), u64::from(d.subsec_nanos()))
        })
    }
}

/// A file every build writes; its presence marks a folder as a previous build.
const BUILD_MARKER: &str = "search/meta.js";

/// `path` made absolute with symlinks resolved as far as it exists, the rest added lexically.
fn resolved(path: &Path) -> io::Result<PathBuf> {
    let abs = std::path::absolute(path)?;
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize()?;
    for name in rest.into_iter().rev() {
        if name == ".." {
            out.pop();
        } else if name != "." {
            out.push(name);
        }
    }
    Ok(out)
}

/// Refuses an output folder whose replacement would destroy more than a previous build: the
/// site itself or a folder holding it, a folder inside its sources (`sources`, relative to
/// `root`), or an existing non-empty folder that no build wrote. `Err` says why.
pub fn check_output_dir(out: &Path, root: &Path, sources: &[&str]) -> Result<(), String> {
    let o = resolved(out).map_err(|e| format!("cannot resolve {}: {e}", out.display()))?;
    let r = resolved(root).map_err(|e| format!("cannot resolve {}: {e}", root.display()))?;
    if r.starts_with(&o) {
        return Err(format!("{} holds the site itself", o.display()));
    }
    if let Some(src) = sources.iter().find(|s| o.starts_with(r.join(s))) {
        return Err(format!(
            "{} is inside the sources folder `{src}`",
            o.display()
        ));
    }
    let is_empty_or_ours = match std::fs::read_dir(&o) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => true,
        Err(e) => return Err(format!("cannot read {}: {e}", o.display())),
        Ok(mut entries) => {
            entries.next().is_none()
                || std::fs::read(o.join(BUILD_MARKER))
                    .is_ok_and(|b| b.starts_with(b"katalogsIndex("))
        }
    };
    if !is_empty_or_ours {
        return Err(format!(
            "{} is not empty and holds no previous build",
            o.display()
        ));
    }
    Ok(())
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
        let reuse = final_dir
            .join(BUILD_MARKER)
            .is_file()
            .then(|| final_dir.to_path_buf());
        Ok(Output {
            final_dir: final_dir.to_path_buf(),
            tmp,
            committed: false,
            previous: None,
            reuse,
            written: Mutex::new(Written::default()),
            changed: Default::default(),
        })
    }

    /// Rebuilds over the previous build in `dir`, whose files are `previous`: unchanged files
    /// are not touched, changed ones are replaced atomically, vanished ones removed on commit.
    pub fn in_place(dir: &Path, previous: Written) -> io::Result<Output> {
        std::fs::create_dir_all(dir)?;
        Ok(Output {
            final_dir: dir.to_path_buf(),
            tmp: dir.to_path_buf(),
            committed: false,
            previous: Some(previous),
            reuse: None,
            written: Mutex::new(Written::default()),
            changed: Default::default(),
        })
    }

    /// Whether files go straight into the live output.
    pub fn is_in_place(&self) -> bool {
        self.previous.is_some()
    }

    /// How many files this build actually wrote.
    pub fn changed(&self) -> usize {
        self.changed.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A fresh build's predecessor, from which unchanged files are hard-linked.
    pub fn previous_site(&self) -> Option<&Path> {
        self.reuse.as_deref()
    }

    /// The folder being written.
    pub fn dir(&self) -> &Path {
        &self.tmp
    }

    /// Writes one file at a site-relative path.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let rel_path = safe_relative(rel)?;
        let path = self.tmp.join(&rel_path);
        let hash = content_hash(bytes);
        let rewritten = self
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), hash)
            .is_some();
        if let Some(previous) = &self.previous
            && previous.get(rel) == Some(&hash)
            && path.is_file()
        {
            return Ok(());
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        self.changed
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if self.is_in_place() {
            // Readers of the live site see the old file or the new one, never half of it.
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let part = path.with_file_name(format!(".{name}.part-{}", std::process::id()));
            std::fs::write(&part, bytes)?;
            std::fs::rename(&part, &path)
        } else {
            if rewritten {
                // The first write may be a link to the live site's file: never write through it.
                std::fs::remove_file(&path)?;
            }
            if let Some(previous) = &self.reuse
                && link_if_same(&previous.join(&rel_path), &path, bytes)
            {
                return Ok(());
            }
            std::fs::write(&path, bytes)
        }
    }

    /// Whether the previous build wrote a file at `rel` that can be kept as it is. An
    /// in-place rebuild trusts its record of the folder (see [`folder_identity`]): with
    /// thousands of unchanged pages, asking the file system about each costs more than the
    /// rest of a small rebuild.
    pub fn can_keep(&self, rel: &str) -> bool {
        self.previous.as_ref().is_some_and(|p| p.contains_key(rel))
    }

    /// Keeps the previous build's files at `rels` as they are (each one [`Output::can_keep`]).
    pub fn keep<'a>(&self, rels: impl IntoIterator<Item = &'a str>) {
        let Some(previous) = &self.previous else {
            return;
        };
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        for rel in rels {
            if let Some(hash) = previous.get(rel) {
                written.insert(rel.to_string(), *hash);
            }
        }
    }

    /// Copies a file into the output.
    pub fn copy(&self, rel: &str, src: &Path) -> io::Result<()> {
        self.write(rel, &std::fs::read(src)?)
    }

    /// Finishes the build: a fresh build replaces the output folder; an in-place rebuild
    /// removes the files the new build no longer has. Returns the files written.
    pub fn commit(mut self) -> io::Result<Written> {
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        if let Some(previous) = &self.previous {
            for rel in previous.keys().filter(|r| !written.contains_key(*r)) {
                match std::fs::remove_file(self.final_dir.join(safe_relative(rel)?)) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                    _ => {}
                }
            }
            self.committed = true;
            return Ok(written);
        }
        let old = self.final_dir.with_file_name(format!(
            ".{}.old-{}",
            self.final_dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
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
        Ok(written)
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.committed
            && !self.is_in_place()
            && self.tmp.exists()
            && let Err(e) = std::fs::remove_dir_all(&self.tmp)
        {
            eprintln!("warning: could not remove {}: {e}", self.tmp.display());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_output() {
        for bad in [
            "../x.html",
            "/etc/passwd",
            "a/../../b",
            "a\\..\\b",
            "",
            "./a",
        ] {
            assert!(safe_relative(bad).is_err(), "{bad}");
        }
        assert!(safe_relative("pakalpojumi/a.html").is_ok());
    }

    #[test]
    fn only_new_empty_or_built_folders_may_be_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("content/sub")).unwrap();
        let ok = |out: PathBuf| check_output_dir(&out, &root, &["content", "glossary"]);
        assert!(ok(root.join("site")).is_ok());
        assert!(ok(dir.path().join("elsewhere/new")).is_ok());
        for bad in [
            root.clone(),
            root.join("."),
            dir.path().to_path_buf(),
            root.join("content"),
            root.join("content/sub/x"),
            root.join("content/../content/new"),
            root.join("site/../.."),
        ] {
            assert!(ok(bad.clone()).is_err(), "{}", bad.display());
        }
        let other = dir.path().join("other");
        std::fs::create_dir_all(&other).unwrap();
        assert!(ok(other.clone()).is_ok(), "empty folders may be used");
        std::fs::write(other.join("keep.txt"), "keep").unwrap();
        assert!(ok(other.clone()).unwrap_err().contains("not empty"));
        std::fs::create_dir_all(other.join("search")).unwrap();
        std::fs::write(other.join(BUILD_MARKER), "katalogsIndex(\"meta\",{});").unwrap();
        assert!(ok(other).is_ok(), "a previous build may be replaced");
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
        assert_eq!(
            std::fs::read_to_string(site.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let out = Output::create(&site).unwrap();
        out.write("index.html", b"new").unwrap();
        out.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(site.join("index.html")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn unchanged_files_are_shared_with_the_previous_build_and_never_written_through() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let out = Output::create(&site).unwrap();
        out.write(BUILD_MARKER, b"katalogsIndex(\"meta\",{});")
            .unwrap();
        out.write("same.html", b"same").unwrap();
        out.write("twice.html", b"first").unwrap();
        out.write("changed.html", b"old").unwrap();
        out.commit().unwrap();
        let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
        let text = |name: &str| std::fs::read_to_string(site.join(name)).unwrap();
        let same_before = ino(&site.join("same.html"));
        let out = Output::create(&site).unwrap();
        out.write(BUILD_MARKER, b"katalogsIndex(\"meta\",{});")
            .unwrap();
        out.write("same.html", b"same").unwrap();
        out.write("changed.html", b"new").unwrap();
        // Linked from the live site first, then written again: the live file must not change.
        out.write("twice.html", b"first").unwrap();
        out.write("twice.html", b"second").unwrap();
        assert_eq!(text("twice.html"), "first");
        assert_eq!(text("changed.html"), "old");
        out.commit().unwrap();
        assert_eq!(
            ino(&site.join("same.html")),
            same_before,
            "shared, not rewritten"
        );
        assert_eq!(text("same.html"), "same");
        assert_eq!(text("twice.html"), "second");
        assert_eq!(text("changed.html"), "new");
        assert_eq!(
            std::fs::metadata(site.join("same.html")).unwrap().nlink(),
            1
        );
    }

    #[test]
    fn an_in_place_rebuild_writes_only_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let out = Output::create(&site).unwrap();
        out.write("a.html", b"a").unwrap();
        out.write("b/b.html", b"b").unwrap();
        out.write("gone.html", b"x").unwrap();
        let written = out.commit().unwrap();
        let before = std::fs::metadata(site.join("a.html"))
            .unwrap()
            .modified()
            .unwrap();
        let out = Output::in_place(&site, written).unwrap();
        out.write("a.html", b"a").unwrap();
        out.write("b/b.html", b"B").unwrap();
        assert_eq!(out.changed(), 1);
        let written = out.commit().unwrap();
        assert_eq!(written.len(), 2);
        assert_eq!(
            std::fs::metadata(site.join("a.html"))
                .unwrap()
                .modified()
                .unwrap(),
            before
        );
        assert_eq!(std::fs::read_to_string(site.join("b/b.html")).unwrap(), "B");
        assert!(
            !site.join("gone.html").exists(),
            "a page that is gone is removed"
        );
        let names: Vec<_> = std::fs::read_dir(site.join("b"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "no partial files left: {names:?}");
    }
}
