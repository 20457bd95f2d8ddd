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
    let mut h = ContentHasher::default();
    h.update(bytes);
    h.finish()
}

/// Bytes hashed a block at a time, so a file streamed in pieces of any size hashes like the
/// same bytes written at once.
#[derive(Default)]
struct ContentHasher {
    hasher: rustc_hash::FxHasher,
    block: Vec<u8>,
    len: usize,
}

impl ContentHasher {
    const BLOCK: usize = 64 * 1024;

    fn update(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len();
        while !bytes.is_empty() {
            if self.block.is_empty() && bytes.len() >= Self::BLOCK {
                self.hasher.write(&bytes[..Self::BLOCK]);
                bytes = &bytes[Self::BLOCK..];
                continue;
            }
            let take = (Self::BLOCK - self.block.len()).min(bytes.len());
            self.block.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.block.len() == Self::BLOCK {
                self.hasher.write(&self.block);
                self.block.clear();
            }
        }
    }

    fn finish(mut self) -> u64 {
        if !self.block.is_empty() {
            self.hasher.write(&self.block);
        }
        self.hasher.write_usize(self.len);
        self.hasher.finish()
    }
}

/// A file being streamed into a fresh build: written as it comes, hashed, and compared with
/// the previous build's file of the same path, which it replaces by a hard link when every
/// byte turned out the same.
struct StreamedFile {
    file: std::fs::File,
    hasher: ContentHasher,
    crc: crc32fast::Hasher,
    /// The previous build's file while it still matches what was written.
    previous: Option<(PathBuf, std::io::BufReader<std::fs::File>)>,
    scratch: Vec<u8>,
}

impl StreamedFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        use std::io::{Read, Write};
        self.file.write_all(bytes)?;
        self.hasher.update(bytes);
        if let Some((_, old)) = &mut self.previous {
            self.crc.update(bytes);
            self.scratch.resize(bytes.len(), 0);
            if old.read_exact(&mut self.scratch).is_err() || self.scratch != bytes {
                self.previous = None;
            }
        }
        Ok(())
    }
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
    /// Files of a fresh build hard-linked to the previous build's, with the CRC-32 of their
    /// bytes: the offline package copies their entries from the previous package when its
    /// CRC agrees, without reading the files again.
    linked: Mutex<Linked>,
    /// Folders made so far (each file's folder is made once, not asked for per file).
    folders: Mutex<rustc_hash::FxHashSet<PathBuf>>,
    changed: std::sync::atomic::AtomicUsize,
}

/// A lock's value, also after a thread panicked holding it (the maps stay consistent: each
/// update is one insert or remove).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// CRC-32 of every file shared with the previous build, by site-relative path.
pub type Linked = rustc_hash::FxHashMap<String, u32>;

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
            linked: Mutex::new(Linked::default()),
            folders: Default::default(),
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
            linked: Mutex::new(Linked::default()),
            folders: Default::default(),
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
        let rewritten = lock(&self.written).insert(rel.to_string(), hash).is_some();
        if let Some(previous) = &self.previous
            && previous.get(rel) == Some(&hash)
            && path.is_file()
        {
            return Ok(());
        }
        self.make_folder_of(&path)?;
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
                self.forget_link(rel);
            }
            if let Some(previous) = &self.reuse
                && link_if_same(&previous.join(&rel_path), &path, bytes)
            {
                self.record_link(rel, crc32fast::hash(bytes));
                return Ok(());
            }
            std::fs::write(&path, bytes)
        }
    }

    /// Writes one file at a site-relative path from pieces `fill` hands to its sink, without
    /// holding the whole file in memory (a large export) except in an in-place rebuild.
    /// Returns the file's size.
    pub fn write_streamed(&self, rel: &str, fill: impl FnOnce(&mut Sink<'_>)) -> io::Result<u64> {
        if self.is_in_place() {
            let mut sink = Sink::new(None);
            fill(&mut sink);
            let bytes = sink.finish();
            self.write(rel, &bytes)?;
            return Ok(bytes.len() as u64);
        }
        let rel_path = safe_relative(rel)?;
        let path = self.tmp.join(&rel_path);
        self.make_folder_of(&path)?;
        if lock(&self.written).contains_key(rel) {
            std::fs::remove_file(&path)?;
            self.forget_link(rel);
        }
        let previous = self.reuse.as_ref().and_then(|site| {
            let old = site.join(&rel_path);
            let file = std::fs::symlink_metadata(&old)
                .is_ok_and(|m| m.is_file())
                .then(|| std::fs::File::open(&old).ok())??;
            Some((old, std::io::BufReader::with_capacity(1 << 16, file)))
        });
        let mut streamed = StreamedFile {
            file: std::fs::File::create(&path)?,
            hasher: ContentHasher::default(),
            crc: crc32fast::Hasher::new(),
            previous,
            scratch: Vec::new(),
        };
        let mut failed = None;
        let mut spill = |bytes: &[u8]| {
            if failed.is_none()
                && let Err(e) = streamed.write(bytes)
            {
                failed = Some(e);
            }
        };
        let mut sink = Sink::new(Some(&mut spill));
        fill(&mut sink);
        sink.finish();
        if let Some(e) = failed {
            return Err(e);
        }
        let len = streamed.hasher.len as u64;
        let hash = streamed.hasher.finish();
        // The same bytes as the previous file, and nothing after them: share it instead.
        if let Some((old, mut reader)) = streamed.previous {
            use std::io::Read;
            if reader.read(&mut [0u8; 1])? == 0 {
                drop(streamed.file);
                std::fs::remove_file(&path)?;
                if std::fs::hard_link(&old, &path).is_ok() {
                    self.record_link(rel, streamed.crc.finalize());
                } else {
                    std::fs::copy(&old, &path)?;
                }
            }
        }
        lock(&self.written).insert(rel.to_string(), hash);
        self.changed
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(len)
    }

    /// Makes the folder of a file about to be written, unless this build made it already.
    fn make_folder_of(&self, path: &Path) -> io::Result<()> {
        let Some(dir) = path.parent() else {
            return Ok(());
        };
        if lock(&self.folders).contains(dir) {
            return Ok(());
        }
        std::fs::create_dir_all(dir)?;
        lock(&self.folders).insert(dir.to_path_buf());
        Ok(())
    }

    fn record_link(&self, rel: &str, crc: u32) {
        lock(&self.linked).insert(rel.to_string(), crc);
    }

    fn forget_link(&self, rel: &str) {
        lock(&self.linked).remove(rel);
    }

    /// The files this fresh build shares with the previous one, with their CRC-32s.
    pub fn linked_files(&self) -> Linked {
        lock(&self.linked).clone()
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
        let mut written = lock(&self.written);
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
        let written = std::mem::take(&mut *lock(&self.written));
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
            remove_tree(&old)?;
        }
        Ok(written)
    }
}

/// Removes a folder and everything in it, its files on every core: a large site's previous
/// build is a hundred thousand files, and each removal is a system call.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files
        .par_iter()
        .try_for_each(|f| match std::fs::remove_file(f) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        })?;
    std::fs::remove_dir_all(dir)
}

/// Where a streamed file's bytes are gathered: handed on in pieces of about
/// [`Sink::PIECE`] bytes when it has somewhere to send them, else kept whole.
pub struct Sink<'a> {
    bytes: Vec<u8>,
    spill: Option<Spill<'a>>,
}

/// Where a [`Sink`] sends its pieces.
pub type Spill<'a> = &'a mut dyn FnMut(&[u8]);

impl<'a> Sink<'a> {
    pub const PIECE: usize = 1 << 20;

    pub fn new(spill: Option<Spill<'a>>) -> Self {
        Sink {
            bytes: Vec::new(),
            spill,
        }
    }

    /// Hands on what was gathered once it is a piece's worth (writers call this between
    /// records).
    pub fn spill_if_full(&mut self) {
        if self.bytes.len() >= Self::PIECE
            && let Some(spill) = &mut self.spill
        {
            spill(&self.bytes);
            self.bytes.clear();
        }
    }

    /// Hands on the rest; returns the bytes when there was nowhere to send them.
    pub fn finish(mut self) -> Vec<u8> {
        match &mut self.spill {
            Some(spill) => {
                spill(&self.bytes);
                Vec::new()
            }
            None => std::mem::take(&mut self.bytes),
        }
    }
}

impl std::ops::Deref for Sink<'_> {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        &self.bytes
    }
}

impl std::ops::DerefMut for Sink<'_> {
    fn deref_mut(&mut self) -> &mut Vec<u8> {
        &mut self.bytes
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
    fn a_file_hashes_the_same_however_it_is_cut() {
        let bytes: Vec<u8> = (0..300_000u32).map(|i| (i * 31 % 251) as u8).collect();
        for cut in [1, 7, 4096, 65_535, 65_536, 100_000, 299_999] {
            let mut h = ContentHasher::default();
            for piece in bytes.chunks(cut) {
                h.update(piece);
            }
            assert_eq!(h.finish(), content_hash(&bytes), "pieces of {cut}");
        }
        assert_ne!(content_hash(&bytes), content_hash(&bytes[1..]));
    }

    #[test]
    fn streamed_files_are_written_in_pieces_and_shared_when_unchanged() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        // Records of 100 bytes: the sink hands on about a mebibyte at a time.
        let big = |last: u8| {
            move |sink: &mut Sink<'_>| {
                for i in 0..30_000u32 {
                    sink.spill_if_full();
                    sink.extend_from_slice(&[b'a' + (i % 26) as u8; 99]);
                    sink.push(if i == 29_999 { last } else { b'\n' });
                }
            }
        };
        let build = |last: u8, extra: bool| {
            let out = Output::create(&site).unwrap();
            out.write(BUILD_MARKER, b"katalogsIndex(\"meta\",{});")
                .unwrap();
            assert_eq!(
                out.write_streamed("dati/big.json", big(last)).unwrap(),
                3_000_000
            );
            // One file is the other's beginning: never taken for the same.
            if extra {
                out.write_streamed("dati/prefix.json", big(b'\n')).unwrap();
            } else {
                out.write_streamed("dati/prefix.json", |s| {
                    s.extend_from_slice(&[b'a'; 99]);
                    s.push(b'\n');
                })
                .unwrap();
            }
            let linked = out.linked_files();
            let hashes = out.commit().unwrap();
            let bytes = std::fs::read(site.join("dati/big.json")).unwrap();
            assert_eq!(bytes.len(), 3_000_000);
            assert_eq!(bytes[2_999_999], last);
            assert_eq!(hashes["dati/big.json"], content_hash(&bytes));
            assert!(!linked.contains_key("dati/prefix.json"));
            linked
                .get("dati/big.json")
                .map(|&crc| (crc, crc32fast::hash(&bytes)))
        };
        let ino = |name: &str| std::fs::metadata(site.join(name)).unwrap().ino();
        assert_eq!(build(b'1', false), None, "nothing to share with");
        let first = ino("dati/big.json");
        let (recorded, actual) = build(b'1', true).expect("shared");
        assert_eq!(recorded, actual, "the CRC of the shared bytes is recorded");
        assert_eq!(
            ino("dati/big.json"),
            first,
            "unchanged: shared with the previous build"
        );
        let prefix = std::fs::read(site.join("dati/prefix.json")).unwrap();
        assert_eq!(prefix.len(), 3_000_000);
        build(b'2', false);
        assert_ne!(ino("dati/big.json"), first, "changed: written anew");
        let prefix = std::fs::read(site.join("dati/prefix.json")).unwrap();
        assert_eq!(prefix.len(), 100);
    }

    #[test]
    fn a_removed_tree_takes_nothing_outside_it() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside.txt");
        std::fs::write(&outside, "keep").unwrap();
        let tree = dir.path().join("old");
        for i in 0..50 {
            let sub = tree.join(format!("d{}/e{}", i % 5, i % 3));
            std::fs::create_dir_all(&sub).unwrap();
            std::fs::write(sub.join(format!("f{i}.html")), "x").unwrap();
        }
        std::fs::hard_link(&outside, tree.join("linked.txt")).unwrap();
        std::os::unix::fs::symlink(&outside, tree.join("d0/symlink.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), tree.join("d1/folder-link")).unwrap();
        remove_tree(&tree).unwrap();
        assert!(!tree.exists());
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep");
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
        let linked = out.linked_files();
        assert_eq!(linked.get("same.html"), Some(&crc32fast::hash(b"same")));
        assert!(
            !linked.contains_key("twice.html"),
            "written again: not shared"
        );
        assert!(!linked.contains_key("changed.html"));
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
