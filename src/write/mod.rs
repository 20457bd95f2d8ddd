//! Write: a full build goes into a temporary folder beside the output, which replaces the
//! output in one atomic exchange only when the whole build succeeded; a preview rebuild
//! writes in place, only the files whose bytes changed, each atomically. A failed or killed
//! build leaves the previous `site/` exactly as it was; nothing is ever written outside the
//! output folder.

mod fault;
pub(crate) mod manifest;
mod swap;

use std::hash::Hasher;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostics::{Code, Diagnostic, Pos};
pub(crate) use manifest::{FileRecord, Stamp, Written};

/// The error of a file that could not be written at a site-relative path.
pub(crate) fn write_error(path: &str, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::new(Code::WriteFailed, path, Pos::FILE).arg("detail", e)
}

/// Removes a file; one that is not there is not an error.
fn remove_if_present(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// The record of `bytes` (no stamp yet).
fn record_of(bytes: &[u8]) -> FileRecord {
    let mut h = ContentHasher::default();
    h.update(bytes);
    h.finish()
}

/// Bytes hashed a block at a time, so a file streamed in pieces of any size hashes like the
/// same bytes written at once; and their CRC-32, which the offline package needs.
#[derive(Default)]
struct ContentHasher {
    hasher: rustc_hash::FxHasher,
    crc: crc32fast::Hasher,
    block: Vec<u8>,
    len: usize,
}

impl ContentHasher {
    const BLOCK: usize = 64 * 1024;

    fn update(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len();
        self.crc.update(bytes);
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

    fn finish(mut self) -> FileRecord {
        if !self.block.is_empty() {
            self.hasher.write(&self.block);
        }
        self.hasher.write_usize(self.len);
        FileRecord {
            len: self.len as u64,
            hash: self.hasher.finish(),
            crc: self.crc.finalize(),
            stamp: None,
        }
    }
}

/// A file being streamed into a fresh build: written as it comes, hashed, and compared with
/// the previous build's file of the same path (by its record when the manifest has one, else
/// byte by byte as it comes), which it replaces by a hard link when every byte turned out
/// the same.
struct StreamedFile {
    file: std::fs::File,
    hasher: ContentHasher,
    /// The previous build's file, read alongside while it still matches what was written
    /// (when there is no record to compare with).
    reader: Option<std::io::BufReader<std::fs::File>>,
    scratch: Vec<u8>,
}

impl StreamedFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        use std::io::{Read, Write};
        self.file.write_all(bytes)?;
        self.hasher.update(bytes);
        if let Some(old) = &mut self.reader {
            self.scratch.resize(bytes.len(), 0);
            if old.read_exact(&mut self.scratch).is_err() || self.scratch != bytes {
                self.reader = None;
            }
        }
        Ok(())
    }
}

/// A build's output folder under construction.
pub(crate) struct Output {
    final_dir: PathBuf,
    /// Where files go: a temporary folder, or the output itself when writing in place.
    tmp: PathBuf,
    committed: bool,
    /// The previous build's files when writing in place.
    previous: Option<Written>,
    /// A fresh build's predecessor: files with unchanged bytes are hard-linked from it.
    reuse: Option<PathBuf>,
    /// The predecessor's manifest: its files' records, trusted for a file whose stamp still
    /// matches and that has not changed since the manifest was written (see
    /// [`manifest::Manifest::describes`]), so an unchanged file is known without reading it.
    known: manifest::Manifest,
    written: Mutex<Written>,
    /// Files made straight in the folder (not through [`Output::write`]) whose record goes
    /// into the manifest, so the next build can trust them (the offline package).
    made: Mutex<Written>,
    /// Site-relative paths of the user's own files that every build keeps (`build.keep`).
    keep: Vec<String>,
    /// What the build did beside writing that the report should say (cleared leftovers).
    notes: Vec<String>,
    /// Folders made so far (each file's folder is made once, not asked for per file).
    folders: Mutex<rustc_hash::FxHashSet<PathBuf>>,
    changed: std::sync::atomic::AtomicUsize,
    /// An in-place rebuild's files not yet in the live folder: each final path with the part
    /// file beside it that holds its new bytes, renamed over it by [`Output::publish`] (or on
    /// commit) and removed if the build fails, so the preview keeps serving the last good
    /// build's pages.
    staged: Mutex<rustc_hash::FxHashMap<PathBuf, PathBuf>>,
    /// Files published before the build knew it would succeed ([`Output::publish_early`]),
    /// each with a link to the file it replaced (`None`: there was none), put back if the
    /// build fails.
    provisional: Mutex<Vec<(PathBuf, Option<PathBuf>)>>,
}

/// A lock's value, also after a thread panicked holding it (the maps stay consistent: each
/// update is one insert or remove).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Checks that a site-relative path stays inside the output folder.
pub(crate) fn safe_relative(rel: &str) -> io::Result<PathBuf> {
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

/// A finished build: the files it wrote, and what happened beside that which its report
/// should say (warnings in plain words).
pub(crate) struct Committed {
    pub(crate) written: Written,
    pub(crate) notes: Vec<String>,
}

/// The previous build's file at a path, as a fresh build finds it.
struct PreviousFile {
    path: PathBuf,
    stamp: Stamp,
    /// Its record in the previous build's manifest, when the file is still the one recorded.
    known: Option<FileRecord>,
}

/// Writes a new file and returns its stamp.
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<Stamp> {
    use std::io::Write;
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    Ok(Stamp::of(&file.metadata()?))
}

/// Which folder `path` is (device and inode on Unix), so a live preview can tell the output
/// folder it wrote last from one that replaced it (another build swapped in, a deleted and
/// recreated folder): only its own folder is rebuilt in place.
pub(crate) fn folder_identity(path: &Path) -> Option<(u64, u64)> {
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
pub(crate) fn check_output_dir(out: &Path, root: &Path, sources: &[&str]) -> Result<(), String> {
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

/// The folder a build of `out` replaces: `out` itself, or the folder it links to when it is
/// a symbolic link (the link stays, and the build is written where it points).
fn output_folder(out: &Path) -> io::Result<PathBuf> {
    match std::fs::symlink_metadata(out) {
        Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(out) {
            Ok(target) if target.is_dir() => Ok(target),
            Ok(target) => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "the output folder is a symbolic link to {}, which is not a folder",
                    target.display()
                ),
            )),
            Err(e) => Err(io::Error::new(
                e.kind(),
                format!(
                    "the output folder is a symbolic link to {}, which cannot be used ({e}); \
                     create that folder or remove the link",
                    std::fs::read_link(out).unwrap_or_default().display()
                ),
            )),
        },
        _ => Ok(out.to_path_buf()),
    }
}

impl Output {
    /// Starts a build into a fresh temporary folder next to `final_dir` (next to the folder
    /// it links to, when it is a symbolic link), after clearing what killed builds left
    /// there. `keep` lists site-relative paths of the user's own files that the build
    /// carries over from the previous output (names starting with `.` always are).
    pub(crate) fn create(final_dir: &Path, keep: &[String]) -> io::Result<Output> {
        for k in keep {
            safe_relative(k).map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "build.keep: {k:?} is not a path inside the output folder (expected \
                         a relative path such as \"CNAME\" or \"lejupielades/\")"
                    ),
                )
            })?;
        }
        let final_dir = output_folder(final_dir)?;
        let parent = final_dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let notes = swap::clear_leftovers(&final_dir);
        let tmp = swap::beside(&final_dir, swap::BUILDING);
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)?;
        }
        std::fs::create_dir_all(&tmp)?;
        let reuse = final_dir
            .join(BUILD_MARKER)
            .is_file()
            .then(|| final_dir.to_path_buf());
        Ok(Output {
            tmp,
            committed: false,
            previous: None,
            known: match &reuse {
                Some(site) => manifest::read(&manifest::path_of(site)),
                None => manifest::Manifest::default(),
            },
            reuse,
            final_dir,
            written: Mutex::new(Written::default()),
            made: Default::default(),
            keep: keep
                .iter()
                .map(|k| k.trim_end_matches('/').to_string())
                .collect(),
            notes,
            folders: Default::default(),
            changed: Default::default(),
            staged: Default::default(),
            provisional: Default::default(),
        })
    }

    /// Rebuilds over the previous build in `dir`, whose files are `previous`: unchanged files
    /// are not touched, changed ones are written beside and replaced atomically when
    /// published (see [`Output::publish`]), vanished ones removed on commit.
    pub(crate) fn in_place(dir: &Path, previous: Written) -> io::Result<Output> {
        std::fs::create_dir_all(dir)?;
        Ok(Output {
            final_dir: dir.to_path_buf(),
            tmp: dir.to_path_buf(),
            committed: false,
            previous: Some(previous),
            reuse: None,
            known: manifest::Manifest::default(),
            written: Mutex::new(Written::default()),
            made: Default::default(),
            keep: Vec::new(),
            notes: Vec::new(),
            folders: Default::default(),
            changed: Default::default(),
            staged: Default::default(),
            provisional: Default::default(),
        })
    }

    /// The files an in-place rebuild has staged so far, in path order (so what a reader sees
    /// mid-way is predictable).
    fn take_staged(&self) -> Vec<(PathBuf, PathBuf)> {
        let staged = std::mem::take(&mut *lock(&self.staged));
        let mut staged: Vec<(PathBuf, PathBuf)> = staged.into_iter().collect();
        staged.sort_unstable();
        staged
    }

    /// Puts the files an in-place rebuild has written so far into the live folder (each
    /// replaced in one rename), for good: the build calls it once the pages are made without
    /// error.
    pub(crate) fn publish(&self) -> io::Result<()> {
        for (path, part) in self.take_staged() {
            std::fs::rename(&part, &path)?;
        }
        for (_, old) in std::mem::take(&mut *lock(&self.provisional)) {
            if let Some(old) = old {
                remove_if_present(&old)?;
            }
        }
        Ok(())
    }

    /// Like [`Output::publish`], before the build knows it will succeed (the pages open in
    /// the preview, which reload at once): if it then fails, the files they replaced are
    /// put back.
    pub(crate) fn publish_early(&self) -> io::Result<()> {
        for (path, part) in self.take_staged() {
            let old = path.is_file().then(|| {
                path.with_file_name(format!(
                    ".{}.old-{}",
                    path.file_name().unwrap_or_default().to_string_lossy(),
                    std::process::id()
                ))
            });
            if let Some(old) = &old {
                remove_if_present(old)?;
                std::fs::hard_link(&path, old).or_else(|_| std::fs::copy(&path, old).map(drop))?;
            }
            lock(&self.provisional).push((path.clone(), old));
            std::fs::rename(&part, &path)?;
        }
        Ok(())
    }

    /// Whether files go straight into the live output.
    pub(crate) fn is_in_place(&self) -> bool {
        self.previous.is_some()
    }

    /// How many files this build actually wrote.
    pub(crate) fn changed(&self) -> usize {
        self.changed.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The folder being written.
    pub(crate) fn dir(&self) -> &Path {
        &self.tmp
    }

    /// Writes one file at a site-relative path.
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let rel_path = safe_relative(rel)?;
        let path = self.tmp.join(&rel_path);
        let record = record_of(bytes);
        let rewritten = lock(&self.written)
            .insert(rel.to_string(), record)
            .is_some();
        if let Some(previous) = &self.previous
            && previous.get(rel).is_some_and(|p| p.same_bytes(&record))
            && path.is_file()
        {
            return Ok(());
        }
        self.make_folder_of(&path)?;
        self.changed
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if self.is_in_place() {
            // Readers of the live site see the old file or the new one, never half of it,
            // and the new one only once the build has made it without error.
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let part = path.with_file_name(format!(".{name}.part-{}", std::process::id()));
            std::fs::write(&part, bytes)?;
            lock(&self.staged).insert(path, part);
            return Ok(());
        }
        if rewritten {
            // The first write may be a link to the live site's file: never write through it.
            std::fs::remove_file(&path)?;
        }
        // An unchanged file is the previous build's, hard-linked: it costs no new file, and
        // replacing the old site frees no inodes, so repeated builds are not slowed by the
        // file system's churn.
        if let Some(old) = self.previous_file(rel, &rel_path, Some(record.len)) {
            let same = match old.known {
                Some(known) => known.same_bytes(&record),
                None => std::fs::read(&old.path).is_ok_and(|b| b == bytes),
            };
            if same && std::fs::hard_link(&old.path, &path).is_ok() {
                self.stamp(rel, old.stamp);
                return Ok(());
            }
        }
        let stamp = write_new(&path, bytes)?;
        self.stamp(rel, stamp);
        Ok(())
    }

    /// The previous build's regular file at `rel` (of `len` bytes when given), if any.
    fn previous_file(&self, rel: &str, rel_path: &Path, len: Option<u64>) -> Option<PreviousFile> {
        let path = self.reuse.as_ref()?.join(rel_path);
        let meta = std::fs::symlink_metadata(&path)
            .ok()
            .filter(|m| m.is_file() && len.is_none_or(|n| m.len() == n))?;
        let stamp = Stamp::of(&meta);
        let known = self.known.describes(rel, &meta).copied();
        Some(PreviousFile { path, stamp, known })
    }

    /// The previous build's file at `rel` when the manifest vouches that it is still as that
    /// build left it (for a file made straight in the folder, see [`Output::record_made`]).
    pub(crate) fn trusted_previous(&self, rel: &str) -> Option<PathBuf> {
        let path = self.reuse.as_ref()?.join(safe_relative(rel).ok()?);
        let meta = std::fs::symlink_metadata(&path).ok()?;
        self.known.describes(rel, &meta).map(|_| path)
    }

    /// Records a file the build made straight in its folder at `rel` (the offline package),
    /// so the manifest vouches for it to the next build. Its record has no content hash: it
    /// is never compared by bytes, only trusted or not.
    pub(crate) fn record_made(&self, rel: &str) -> io::Result<()> {
        let meta = std::fs::metadata(self.tmp.join(safe_relative(rel)?))?;
        let record = FileRecord {
            len: meta.len(),
            hash: 0,
            crc: 0,
            stamp: Some(Stamp::of(&meta)),
        };
        lock(&self.made).insert(rel.to_string(), record);
        Ok(())
    }

    /// Records which file on disk a written path is.
    fn stamp(&self, rel: &str, stamp: Stamp) {
        if let Some(r) = lock(&self.written).get_mut(rel) {
            r.stamp = Some(stamp);
        }
    }

    /// Writes one file at a site-relative path from pieces `fill` hands to its sink, without
    /// holding the whole file in memory (a large export) except in an in-place rebuild.
    /// Returns the file's size.
    pub(crate) fn write_streamed(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut Sink<'_>),
    ) -> io::Result<u64> {
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
        }
        let previous = self.previous_file(rel, &rel_path, None);
        let reader = match &previous {
            Some(old) if old.known.is_none() => std::fs::File::open(&old.path)
                .ok()
                .map(|f| std::io::BufReader::with_capacity(1 << 16, f)),
            _ => None,
        };
        let mut streamed = StreamedFile {
            file: std::fs::File::create(&path)?,
            hasher: ContentHasher::default(),
            reader,
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
        let StreamedFile {
            file,
            hasher,
            reader,
            ..
        } = streamed;
        let mut record = hasher.finish();
        // The same bytes as the previous file (and nothing after them): share it instead.
        let same = match (&previous, reader) {
            (
                Some(PreviousFile {
                    known: Some(known), ..
                }),
                _,
            ) => known.same_bytes(&record),
            (Some(_), Some(mut reader)) => {
                use std::io::Read;
                reader.read(&mut [0u8; 1])? == 0
            }
            _ => false,
        };
        record.stamp = Some(Stamp::of(&file.metadata()?));
        drop(file);
        if let Some(old) = previous.filter(|_| same) {
            std::fs::remove_file(&path)?;
            if std::fs::hard_link(&old.path, &path).is_ok() {
                record.stamp = Some(old.stamp);
            } else {
                std::fs::copy(&old.path, &path)?;
                record.stamp = Some(Stamp::of(&std::fs::metadata(&path)?));
            }
        }
        lock(&self.written).insert(rel.to_string(), record);
        self.changed
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(record.len)
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

    /// How many files were written so far.
    pub(crate) fn file_count(&self) -> usize {
        lock(&self.written).len()
    }

    /// The records of the files written so far, sorted by path.
    pub(crate) fn files(&self) -> Vec<(String, FileRecord)> {
        let mut files: Vec<(String, FileRecord)> = lock(&self.written)
            .iter()
            .map(|(rel, r)| (rel.clone(), *r))
            .collect();
        files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        files
    }

    /// Whether the previous build wrote a file at `rel` that can be kept as it is. An
    /// in-place rebuild trusts its record of the folder (see [`folder_identity`]): with
    /// thousands of unchanged pages, asking the file system about each costs more than the
    /// rest of a small rebuild.
    pub(crate) fn can_keep(&self, rel: &str) -> bool {
        self.previous.as_ref().is_some_and(|p| p.contains_key(rel))
    }

    /// Keeps the previous build's files at `rels` as they are (each one [`Output::can_keep`]).
    pub(crate) fn keep<'a>(&self, rels: impl IntoIterator<Item = &'a str>) {
        let Some(previous) = &self.previous else {
            return;
        };
        let mut written = lock(&self.written);
        for rel in rels {
            if let Some(record) = previous.get(rel) {
                written.insert(rel.to_string(), *record);
            }
        }
    }

    /// Copies a file into the output.
    pub(crate) fn copy(&self, rel: &str, src: &Path) -> io::Result<()> {
        self.write(rel, &std::fs::read(src)?)
    }

    /// Finishes the build: a fresh build takes the place of the output folder in one atomic
    /// exchange, with the user's own files carried over (see [`swap`]), then the previous
    /// build is removed and the manifest written; an in-place rebuild removes the files the
    /// new build no longer has. `made_elsewhere` lists site-relative paths (or folders, with
    /// a trailing `/`) that the build made without [`Output::write`], so that only files no
    /// build made are reported when they are removed. An error means the output folder was
    /// left as it was; anything that fails after the exchange is a note.
    pub(crate) fn commit(mut self, made_elsewhere: &[&str]) -> io::Result<Committed> {
        let written = std::mem::take(&mut *lock(&self.written));
        let mut notes = std::mem::take(&mut self.notes);
        if let Some(previous) = &self.previous {
            self.publish()?;
            for rel in previous.keys().filter(|r| !written.contains_key(*r)) {
                remove_if_present(&self.final_dir.join(safe_relative(rel)?))?;
            }
            // The last full build's manifest no longer describes the folder.
            remove_if_present(&manifest::path_of(&self.final_dir))?;
            self.committed = true;
            return Ok(Committed { written, notes });
        }
        swap::carry_over(&self.final_dir, &self.tmp, &self.keep, &[manifest::FILE])?;
        let replaced = swap::put_in_place(&self.tmp, &self.final_dir)?;
        self.committed = true;
        let shown = self.final_dir.display();
        if let Some(old) = replaced {
            match swap::remove_tree(&old) {
                Ok(removed) => {
                    let made = |rel: &str| {
                        written.contains_key(rel)
                            || self.known.records.contains_key(rel)
                            || rel == manifest::FILE
                            || swap::is_kept(rel, &self.keep)
                            || made_elsewhere
                                .iter()
                                .any(|m| rel == *m || (m.ends_with('/') && rel.starts_with(m)))
                    };
                    let foreign: Vec<&String> = removed.iter().filter(|r| !made(r)).collect();
                    if !foreign.is_empty() {
                        let mut list: Vec<&str> =
                            foreign.iter().take(10).map(|r| r.as_str()).collect();
                        list.sort_unstable();
                        let more = foreign.len().saturating_sub(list.len());
                        notes.push(format!(
                            "removed {} file(s) from {shown} that the new build did not make: {}{}; \
                             to keep files of your own there, give them a name starting with `.` \
                             or list them under `keep` in the [build] table of katalogs.toml",
                            foreign.len(),
                            list.join(", "),
                            if more > 0 { format!(" and {more} more") } else { String::new() },
                        ));
                    }
                }
                Err(e) => notes.push(format!(
                    "the new build is in place in {shown}, but the previous build could not be \
                     removed from {} ({e}); the next build tries again, or remove it by hand",
                    old.display()
                )),
            }
        }
        // Written last, after every file's change time settled (see `Manifest::describes`):
        // without it the next build only reads more.
        let made = std::mem::take(&mut *lock(&self.made));
        let part = swap::beside(&self.final_dir, swap::MANIFEST);
        let path = manifest::path_of(&self.final_dir);
        if let Err(e) = manifest::write(&path, &part, &[&written, &made]) {
            notes.push(format!(
                "could not record the build's manifest in {shown} ({e}); the next build \
                 compares every file by reading it"
            ));
        }
        Ok(Committed { written, notes })
    }
}

/// Where a streamed file's bytes are gathered: handed on in pieces of about
/// [`Sink::PIECE`] bytes when it has somewhere to send them, else kept whole.
pub(crate) struct Sink<'a> {
    bytes: Vec<u8>,
    spill: Option<Spill<'a>>,
}

/// Where a [`Sink`] sends its pieces.
pub(crate) type Spill<'a> = &'a mut dyn FnMut(&[u8]);

impl<'a> Sink<'a> {
    pub(crate) const PIECE: usize = 1 << 20;

    pub(crate) fn new(spill: Option<Spill<'a>>) -> Self {
        Sink {
            bytes: Vec::new(),
            spill,
        }
    }

    /// Hands on what was gathered once it is a piece's worth (writers call this between
    /// records).
    pub(crate) fn spill_if_full(&mut self) {
        if self.bytes.len() >= Self::PIECE
            && let Some(spill) = &mut self.spill
        {
            spill(&self.bytes);
            self.bytes.clear();
        }
    }

    /// Hands on the rest; returns the bytes when there was nowhere to send them.
    pub(crate) fn finish(mut self) -> Vec<u8> {
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
        // A failed in-place rebuild: its unpublished files never reach the live folder, and
        // those it published early are replaced by the ones they replaced.
        for part in lock(&self.staged).values() {
            let _ = std::fs::remove_file(part);
        }
        for (path, old) in lock(&self.provisional).drain(..) {
            let _ = match old {
                Some(old) => std::fs::rename(old, &path),
                None => std::fs::remove_file(&path),
            };
        }
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
            let out = Output::create(&site, &[]).unwrap();
            out.write("index.html", b"new").unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(site.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let out = Output::create(&site, &[]).unwrap();
        out.write("index.html", b"new").unwrap();
        out.commit(&[]).unwrap();
        assert_eq!(
            std::fs::read_to_string(site.join("index.html")).unwrap(),
            "new"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["site"]);
    }

    #[test]
    fn a_file_hashes_the_same_however_it_is_cut() {
        let bytes: Vec<u8> = (0..300_000u32).map(|i| (i * 31 % 251) as u8).collect();
        for cut in [1, 7, 4096, 65_535, 65_536, 100_000, 299_999] {
            let mut h = ContentHasher::default();
            for piece in bytes.chunks(cut) {
                h.update(piece);
            }
            assert_eq!(h.finish(), record_of(&bytes), "pieces of {cut}");
        }
        assert_eq!(record_of(&bytes).crc, crc32fast::hash(&bytes));
        assert_eq!(record_of(&bytes).len, 300_000);
        assert!(!record_of(&bytes).same_bytes(&record_of(&bytes[1..])));
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
            let out = Output::create(&site, &[]).unwrap();
            // Without a manifest, the previous file is compared as the new one is streamed.
            if last == b'3' {
                std::fs::remove_file(manifest::path_of(&site)).unwrap();
            }
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
            let written = out.commit(&[]).unwrap().written;
            let bytes = std::fs::read(site.join("dati/big.json")).unwrap();
            assert_eq!(bytes.len(), 3_000_000);
            assert_eq!(bytes[2_999_999], last);
            let record = written["dati/big.json"];
            assert!(record.same_bytes(&record_of(&bytes)));
            assert_eq!(
                record.stamp,
                Some(Stamp::of(
                    &std::fs::metadata(site.join("dati/big.json")).unwrap()
                )),
                "the stamp of the file on disk"
            );
        };
        let ino = |name: &str| std::fs::metadata(site.join(name)).unwrap().ino();
        build(b'1', false);
        let first = ino("dati/big.json");
        let first_prefix = ino("dati/prefix.json");
        build(b'1', true);
        assert_eq!(
            ino("dati/big.json"),
            first,
            "unchanged: shared with the previous build"
        );
        assert_ne!(
            ino("dati/prefix.json"),
            first_prefix,
            "a longer file is new"
        );
        let prefix = std::fs::read(site.join("dati/prefix.json")).unwrap();
        assert_eq!(prefix.len(), 3_000_000);
        build(b'2', false);
        assert_ne!(ino("dati/big.json"), first, "changed: written anew");
        let prefix = std::fs::read(site.join("dati/prefix.json")).unwrap();
        assert_eq!(prefix.len(), 100);
        let second = ino("dati/big.json");
        build(b'2', false);
        assert_eq!(
            ino("dati/big.json"),
            second,
            "shared by the manifest's record"
        );
        build(b'3', false);
        assert_ne!(ino("dati/big.json"), second, "changed, found by reading");
        let third = ino("dati/big.json");
        build(b'3', true);
        assert_eq!(ino("dati/big.json"), third, "unchanged, found by reading");
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
        swap::remove_tree(&tree).unwrap();
        assert!(!tree.exists());
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep");
    }

    #[test]
    fn unchanged_files_are_shared_with_the_previous_build_and_never_written_through() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let out = Output::create(&site, &[]).unwrap();
        out.write(BUILD_MARKER, b"katalogsIndex(\"meta\",{});")
            .unwrap();
        out.write("same.html", b"same").unwrap();
        out.write("twice.html", b"first").unwrap();
        out.write("changed.html", b"old").unwrap();
        out.commit(&[]).unwrap();
        let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
        let text = |name: &str| std::fs::read_to_string(site.join(name)).unwrap();
        let same_before = ino(&site.join("same.html"));
        let out = Output::create(&site, &[]).unwrap();
        out.write(BUILD_MARKER, b"katalogsIndex(\"meta\",{});")
            .unwrap();
        out.write("same.html", b"same").unwrap();
        out.write("changed.html", b"new").unwrap();
        // Linked from the live site first, then written again: the live file must not change.
        out.write("twice.html", b"first").unwrap();
        out.write("twice.html", b"second").unwrap();
        assert_eq!(text("twice.html"), "first");
        assert_eq!(text("changed.html"), "old");
        out.commit(&[]).unwrap();
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
    fn the_manifest_is_trusted_only_for_the_files_it_still_describes() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let build = || {
            let out = Output::create(&site, &[]).unwrap();
            out.write(BUILD_MARKER, b"katalogsIndex(\"meta\",{});")
                .unwrap();
            out.write("a.html", b"same").unwrap();
            out.write("b.html", b"same2").unwrap();
            out.commit(&[]).unwrap();
        };
        let ino = |name: &str| std::fs::metadata(site.join(name)).unwrap().ino();
        build();
        let (a, b) = (ino("a.html"), ino("b.html"));
        let manifest = manifest::path_of(&site);
        assert_eq!(manifest::read(&manifest).records.len(), 3);
        // A record that says a.html's bytes were others: believed, so a.html is written anew.
        let text = std::fs::read_to_string(&manifest).unwrap();
        let hash = format!("{:016x}", record_of(b"same").hash);
        std::fs::write(&manifest, text.replace(&hash, &"0".repeat(16))).unwrap();
        // Files changed in the same clock tick as the manifest are not trusted: make sure
        // the files it describes are older.
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(1);
        std::fs::File::options()
            .write(true)
            .open(&manifest)
            .unwrap()
            .set_modified(later)
            .unwrap();
        build();
        assert_ne!(ino("a.html"), a, "the record was trusted");
        assert_eq!(ino("b.html"), b, "unchanged, by its record");
        // b.html touched since: its record no longer describes it; read, found the same.
        let f = std::fs::File::options()
            .write(true)
            .open(site.join("b.html"))
            .unwrap();
        f.set_modified(std::time::SystemTime::UNIX_EPOCH).unwrap();
        build();
        assert_eq!(ino("b.html"), b, "the same bytes, found by reading");
        // b.html edited in the site (same size): never taken for the build's own bytes.
        std::fs::write(site.join("b.html"), "SAME2").unwrap();
        build();
        assert_eq!(
            std::fs::read_to_string(site.join("b.html")).unwrap(),
            "same2"
        );
        assert_ne!(ino("b.html"), b);
    }

    #[test]
    fn an_in_place_rebuild_shows_its_files_only_once_published_and_a_failed_one_none() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let out = Output::create(&site, &[]).unwrap();
        out.write("a.html", b"a").unwrap();
        out.write("b/b.html", b"b").unwrap();
        let written = out.commit(&[]).unwrap().written;
        let read = |rel: &str| std::fs::read_to_string(site.join(rel)).unwrap();
        let parts = || {
            walkdir::WalkDir::new(&site)
                .into_iter()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains(".part-") || n.contains(".old-"))
                .count()
        };
        // A rebuild that fails: nothing it wrote reaches the folder, nothing is left over.
        let out = Output::in_place(&site, written.clone()).unwrap();
        out.write("a.html", b"A").unwrap();
        out.write("b/b.html", b"B").unwrap();
        out.write("b/b.html", b"BB").unwrap();
        out.write("new.html", b"new").unwrap();
        assert_eq!((read("a.html"), read("b/b.html")), ("a".into(), "b".into()));
        drop(out);
        assert_eq!((read("a.html"), read("b/b.html")), ("a".into(), "b".into()));
        assert!(!site.join("new.html").exists());
        assert_eq!(parts(), 0);
        // One that publishes some files early and then fails: they are put back.
        let out = Output::in_place(&site, written.clone()).unwrap();
        out.write("a.html", b"A").unwrap();
        out.write("new.html", b"new").unwrap();
        out.publish_early().unwrap();
        assert_eq!(
            (read("a.html"), read("new.html")),
            ("A".into(), "new".into())
        );
        out.write("b/b.html", b"B").unwrap();
        drop(out);
        assert_eq!((read("a.html"), read("b/b.html")), ("a".into(), "b".into()));
        assert!(!site.join("new.html").exists());
        assert_eq!(parts(), 0);
        // One that publishes some early, the rest once its pages are made, and commits.
        let out = Output::in_place(&site, written).unwrap();
        out.write("a.html", b"A").unwrap();
        out.publish_early().unwrap();
        out.write("b/b.html", b"B").unwrap();
        assert_eq!((read("a.html"), read("b/b.html")), ("A".into(), "b".into()));
        out.publish().unwrap();
        out.write("c.html", b"C").unwrap();
        assert!(!site.join("c.html").exists());
        out.commit(&[]).unwrap();
        assert_eq!(
            (read("a.html"), read("b/b.html"), read("c.html")),
            ("A".into(), "B".into(), "C".into())
        );
        assert_eq!(parts(), 0);
    }

    #[test]
    fn an_in_place_rebuild_writes_only_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let out = Output::create(&site, &[]).unwrap();
        out.write("a.html", b"a").unwrap();
        out.write("b/b.html", b"b").unwrap();
        out.write("gone.html", b"x").unwrap();
        let written = out.commit(&[]).unwrap().written;
        assert!(
            manifest::path_of(&site).is_file(),
            "a full build leaves its manifest"
        );
        let before = std::fs::metadata(site.join("a.html"))
            .unwrap()
            .modified()
            .unwrap();
        let out = Output::in_place(&site, written).unwrap();
        out.write("a.html", b"a").unwrap();
        out.write("b/b.html", b"B").unwrap();
        assert_eq!(out.changed(), 1);
        let written = out.commit(&[]).unwrap().written;
        assert_eq!(written.len(), 2);
        assert!(
            !manifest::path_of(&site).exists(),
            "a manifest that no longer describes the folder is removed"
        );
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
