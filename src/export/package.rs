//! The offline package: a zip of the whole built site (everything but the zip itself), with
//! fixed timestamps and sorted entries so two builds of the same content are identical.
//! Entries are compressed in parallel, a batch of small in-memory zips at a time (so memory
//! stays bounded on large sites), and merged in order into the package without recompressing.
//! A file whose size and CRC-32 (which the build recorded as it wrote it, see `write`) are
//! those of its entry in the previous package keeps that compressed entry, copied as it is:
//! a rebuild compresses only what changed, and makes the same bytes. When nothing changed,
//! the package is the previous one.

use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use zip::write::SimpleFileOptions;
use zip::{ZipArchive, ZipWriter};

/// A file of the site to package, as the build recorded it.
#[derive(Clone, Debug)]
pub(crate) struct PackageFile {
    /// Site-relative path.
    pub(crate) name: String,
    pub(crate) len: u64,
    pub(crate) crc: u32,
}

/// Deflate level: 1 (zlib-rs's "quick" strategy). A cold build spends most of its last
/// stage here: at 10,000 services level 1 took the package from 1.25 to 0.87 s (of a 5 s
/// build) for an archive a quarter larger than level 2's (113 against 89 MB; level 2 was
/// about a fifth larger than the default 6). A build over a previous site compresses only
/// the files that changed.
const LEVEL: i64 = 1;
/// Uncompressed bytes per in-memory part (a part is compressed by one thread).
const PART_BYTES: u64 = 4 * 1024 * 1024;
/// Parts compressed in parallel before they are merged into the package.
const PARTS_PER_BATCH: usize = 16;

/// Already-compressed formats are stored as they are.
fn is_compressed(name: &str) -> bool {
    [
        ".zip", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf", ".woff2",
    ]
    .iter()
    .any(|x| name.ends_with(x))
}

/// A file each clone reads at its own position (positioned reads), so the threads that
/// compress parts share the previous package without holding it in memory. Small reads
/// (the zip headers' fields) are served from a window read ahead, not one call each.
#[derive(Clone)]
struct SharedFile {
    file: Arc<File>,
    pos: u64,
    len: u64,
    window: Vec<u8>,
    window_at: u64,
}

/// Bytes read ahead for small reads.
const WINDOW: usize = 64 * 1024;

impl SharedFile {
    fn new(file: File) -> std::io::Result<SharedFile> {
        Ok(SharedFile {
            len: file.metadata()?.len(),
            file: Arc::new(file),
            pos: 0,
            window: Vec::new(),
            window_at: 0,
        })
    }

    fn read_at(&self, buf: &mut [u8], at: u64) -> std::io::Result<usize> {
        #[cfg(unix)]
        return std::os::unix::fs::FileExt::read_at(&*self.file, buf, at);
        #[cfg(windows)]
        return std::os::windows::fs::FileExt::seek_read(&*self.file, buf, at);
    }
}

impl Read for SharedFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let in_window =
            self.pos >= self.window_at && self.pos < self.window_at + self.window.len() as u64;
        if !in_window {
            if buf.len() >= WINDOW {
                let n = self.read_at(buf, self.pos)?;
                self.pos += n as u64;
                return Ok(n);
            }
            let mut window = std::mem::take(&mut self.window);
            window.resize(WINDOW, 0);
            let n = self.read_at(&mut window, self.pos)?;
            window.truncate(n);
            (self.window, self.window_at) = (window, self.pos);
        }
        let from = (self.pos - self.window_at) as usize;
        let n = buf.len().min(self.window.len() - from);
        buf[..n].copy_from_slice(&self.window[from..from + n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for SharedFile {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let pos = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = pos.ok_or_else(|| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
        Ok(self.pos)
    }
}

/// The name of a file's entry in the package.
fn entry_name(name: &str) -> String {
    format!("katalogs/{name}")
}

/// The index of the previous package's entry for `file`, when it holds the same bytes.
fn same_entry(package: &ZipArchive<SharedFile>, file: &PackageFile, entry: &str) -> Option<usize> {
    let i = package.index_for_name_raw(entry.as_bytes())?;
    let old = package.by_index_data(i).ok()?;
    (old.size() == file.len && old.crc32() == file.crc).then_some(i)
}

/// One in-memory zip holding `files` (read from `dir`).
fn part(
    dir: &Path,
    files: &[PackageFile],
    previous: Option<&ZipArchive<SharedFile>>,
) -> std::io::Result<ZipArchive<Cursor<Vec<u8>>>> {
    let mut old = previous.cloned();
    let deflated = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(LEVEL))
        .last_modified_time(zip::DateTime::default());
    let stored = deflated
        .compression_method(zip::CompressionMethod::Stored)
        .compression_level(None);
    let size: u64 = files.iter().map(|f| f.len).sum();
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity((size / 4) as usize)));
    for file in files {
        let options = if is_compressed(&file.name) {
            stored
        } else {
            deflated
        };
        let entry = entry_name(&file.name);
        if let Some(old) = old.as_mut()
            && let Some(i) = same_entry(old, file, &entry)
        {
            let f = old.by_index_raw(i).map_err(std::io::Error::other)?;
            zip.raw_copy_file(f).map_err(std::io::Error::other)?;
            continue;
        }
        zip.start_file(entry, options)
            .map_err(std::io::Error::other)?;
        // Files are read in pieces, never whole: the largest export is hundreds of MB.
        std::io::copy(&mut File::open(dir.join(&file.name))?, &mut zip)?;
    }
    zip.finish_into_readable().map_err(std::io::Error::other)
}

/// Zips `files` (sorted by name, under `dir`) into `target`. `previous` is the previous
/// build's package, which lends the entries of files whose bytes did not change; when none
/// did and none came or went, it is the package. The caller vouches that it is the package
/// the previous build made (entries are copied by the size and CRC-32 in its directory).
pub(crate) fn write_zip(
    dir: &Path,
    target: &Path,
    files: &[PackageFile],
    previous: Option<&Path>,
) -> std::io::Result<u64> {
    let old_path = previous;
    let previous = old_path.and_then(|path| {
        let file = SharedFile::new(File::open(path).ok()?).ok()?;
        ZipArchive::new(file).ok()
    });
    if let (Some(old), Some(old_path)) = (&previous, &old_path)
        && old.len() == files.len()
        && files
            .iter()
            .enumerate()
            .all(|(i, f)| same_entry(old, f, &entry_name(&f.name)) == Some(i))
        && std::fs::hard_link(old_path, target).is_ok()
    {
        return Ok(std::fs::metadata(target)?.len());
    }
    // Consecutive files in parts of about PART_BYTES.
    let mut parts: Vec<&[PackageFile]> = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, f) in files.iter().enumerate() {
        bytes += f.len;
        if bytes >= PART_BYTES {
            parts.push(&files[start..=i]);
            start = i + 1;
            bytes = 0;
        }
    }
    if start < files.len() {
        parts.push(&files[start..]);
    }
    let file = std::fs::File::create(target)?;
    let mut zip = ZipWriter::new(std::io::BufWriter::new(file));
    for batch in parts.chunks(PARTS_PER_BATCH) {
        let zips: Vec<std::io::Result<ZipArchive<Cursor<Vec<u8>>>>> = batch
            .par_iter()
            .map(|files| part(dir, files, previous.as_ref()))
            .collect();
        for z in zips {
            zip.merge_archive(z?).map_err(std::io::Error::other)?;
        }
    }
    let inner = zip.finish().map_err(std::io::Error::other)?;
    let mut file = inner.into_inner().map_err(|e| e.into_error())?;
    file.flush()?;
    Ok(file.metadata()?.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// The files under `site` as a build would record them, but those starting with `skip`.
    fn listed(site: &Path, skip: &str) -> Vec<PackageFile> {
        let mut files: Vec<PackageFile> = walkdir::WalkDir::new(site)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let bytes = std::fs::read(e.path()).unwrap();
                PackageFile {
                    name: e
                        .path()
                        .strip_prefix(site)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                    len: bytes.len() as u64,
                    crc: crc32fast::hash(&bytes),
                }
            })
            .filter(|f| !f.name.starts_with(skip))
            .collect();
        files.sort_by(|a, b| a.name.cmp(&b.name));
        files
    }

    #[test]
    fn parts_merge_into_one_sorted_deterministic_archive() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let mut expected = Vec::new();
        for i in 0..40 {
            let name = format!("d{}/f{i:02}.html", i % 3);
            // Some files large enough to fill parts on their own.
            let body = format!("<p>{i}</p>").repeat(if i % 7 == 0 { 500_000 } else { 10 });
            std::fs::create_dir_all(site.join(format!("d{}", i % 3))).unwrap();
            std::fs::write(site.join(&name), &body).unwrap();
            expected.push((name, body));
        }
        std::fs::write(site.join("skip.zip"), b"old").unwrap();
        expected.sort();
        let a = dir.path().join("a.zip");
        let b = dir.path().join("b.zip");
        let files = listed(&site, "skip.zip");
        write_zip(&site, &a, &files, None).unwrap();
        write_zip(&site, &b, &files, None).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        let mut archive = ZipArchive::new(std::fs::File::open(&a).unwrap()).unwrap();
        assert_eq!(archive.len(), expected.len());
        for (i, (name, body)) in expected.iter().enumerate() {
            let mut f = archive.by_index(i).unwrap();
            assert_eq!(f.name().unwrap(), format!("katalogs/{name}"));
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            assert_eq!(&s, body);
        }
    }

    /// A site folder of `files` with its package at `dati/p.zip`.
    fn site(root: &Path, name: &str, files: &[(String, String)]) -> std::path::PathBuf {
        let site = root.join(name);
        for (rel, body) in files {
            let path = site.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, body).unwrap();
        }
        std::fs::create_dir_all(site.join("dati")).unwrap();
        site
    }

    fn thirty_files() -> Vec<(String, String)> {
        (0..30)
            .map(|i| {
                (
                    format!("d{}/f{i:02}.html", i % 3),
                    format!("<p>{i}</p>").repeat(300),
                )
            })
            .collect()
    }

    #[test]
    fn a_rebuild_copies_the_entries_of_unchanged_files_and_makes_the_same_package() {
        let dir = tempfile::tempdir().unwrap();
        let files = thirty_files();
        let old = site(dir.path(), "old", &files);
        let old_zip = old.join("dati/p.zip");
        // The previous package stores every entry, so a copied entry shows.
        {
            let mut zip = ZipWriter::new(std::fs::File::create(&old_zip).unwrap());
            let stored = SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored)
                .last_modified_time(zip::DateTime::default());
            for (name, body) in &files {
                zip.start_file(format!("katalogs/{name}"), stored).unwrap();
                zip.write_all(body.as_bytes()).unwrap();
            }
            zip.finish().unwrap();
        }
        // The new site: f00–f19 unchanged, f20 changed, f21–f29 gone, one file new.
        let mut changed = files[..21].to_vec();
        changed[20].1 = "<p>changed</p>".to_string();
        changed.push(("d0/new.html".to_string(), "<p>new</p>".to_string()));
        let new = site(dir.path(), "new", &changed);
        let target = new.join("dati/p.zip");
        let mut listing = listed(&new, "dati/");
        // A file whose recorded CRC is not its old entry's is compressed anew (f05 as if
        // its bytes had changed without changing its size).
        let f05 = listing.iter_mut().find(|f| f.name == files[5].0).unwrap();
        f05.crc ^= 1;
        write_zip(&new, &target, &listing, Some(&old.join("dati/p.zip"))).unwrap();
        let mut archive = ZipArchive::new(std::fs::File::open(&target).unwrap()).unwrap();
        assert_eq!(archive.len(), 22);
        for i in 0..archive.len() {
            let mut f = archive.by_index(i).unwrap();
            let name = f
                .name()
                .unwrap()
                .trim_start_matches("katalogs/")
                .to_string();
            let copied = files[..20]
                .iter()
                .any(|(n, _)| *n == name && *n != files[5].0);
            let method = f.compression();
            let mut text = String::new();
            f.read_to_string(&mut text).unwrap();
            assert_eq!(
                text,
                std::fs::read_to_string(new.join(&name)).unwrap(),
                "{name}"
            );
            let expected = if copied {
                zip::CompressionMethod::Stored
            } else {
                zip::CompressionMethod::Deflated
            };
            assert_eq!(method, expected, "{name}");
        }
        // With a previous package made the same way, the copy is the fresh package exactly.
        std::fs::remove_file(&old_zip).unwrap();
        write_zip(&old, &old_zip, &listed(&old, "dati/"), None).unwrap();
        std::fs::remove_file(&target).unwrap();
        let listing = listed(&new, "dati/");
        write_zip(&new, &target, &listing, Some(&old.join("dati/p.zip"))).unwrap();
        let fresh = dir.path().join("fresh.zip");
        write_zip(&new, &fresh, &listing, None).unwrap();
        assert_eq!(
            std::fs::read(&target).unwrap(),
            std::fs::read(&fresh).unwrap()
        );
    }

    #[test]
    fn an_unchanged_site_keeps_its_package_and_any_change_makes_a_new_one() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let files = thirty_files();
        let old = site(dir.path(), "old", &files);
        let old_zip = old.join("dati/p.zip");
        write_zip(&old, &old_zip, &listed(&old, "dati/"), None).unwrap();
        let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
        let package = |name: &str, files: &[(String, String)]| {
            let new = site(dir.path(), name, files);
            let target = new.join("dati/p.zip");
            let listing = listed(&new, "dati/");
            write_zip(&new, &target, &listing, Some(&old.join("dati/p.zip"))).unwrap();
            let fresh = dir.path().join(format!("{name}.zip"));
            write_zip(&new, &fresh, &listing, None).unwrap();
            assert_eq!(
                std::fs::read(&target).unwrap(),
                std::fs::read(&fresh).unwrap(),
                "{name}: the bytes of a fresh package"
            );
            ino(&target)
        };
        assert_eq!(
            package("same", &files),
            ino(&old_zip),
            "the previous package"
        );
        let mut one_changed = files.clone();
        one_changed[29].1.push('!');
        assert_ne!(package("changed", &one_changed), ino(&old_zip));
        assert_ne!(package("fewer", &files[1..]), ino(&old_zip));
        let mut renamed = files.clone();
        renamed[0].0 = "d0/g00.html".to_string();
        assert_ne!(package("renamed", &renamed), ino(&old_zip));
    }

    #[test]
    fn a_shared_file_reads_and_seeks_as_the_bytes_do() {
        let dir = tempfile::tempdir().unwrap();
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let path = dir.path().join("f");
        std::fs::write(&path, &bytes).unwrap();
        let mut shared = SharedFile::new(File::open(&path).unwrap()).unwrap();
        let mut cursor = Cursor::new(bytes.as_slice());
        let steps: [(SeekFrom, usize); 9] = [
            (SeekFrom::Start(0), 1),
            (SeekFrom::Current(10), 7),
            (SeekFrom::Start(65_530), 30),
            (SeekFrom::Current(-100), 100_000),
            (SeekFrom::End(-22), 22),
            (SeekFrom::End(-5), 100),
            (SeekFrom::Start(199_999), 10),
            (SeekFrom::Start(300_000), 10),
            (SeekFrom::Start(131_070), 5),
        ];
        // Up to `len` bytes, or to the end: reads may be short.
        fn take(r: &mut impl Read, len: usize) -> Vec<u8> {
            let mut out = Vec::new();
            r.take(len as u64).read_to_end(&mut out).unwrap();
            out
        }
        for (to, len) in steps {
            assert_eq!(shared.seek(to).unwrap(), cursor.seek(to).unwrap());
            assert_eq!(
                take(&mut shared, len),
                take(&mut cursor, len),
                "{to:?} {len}"
            );
            let (mut c, mut d) = (Vec::new(), Vec::new());
            shared.clone().read_to_end(&mut c).unwrap();
            cursor.clone().read_to_end(&mut d).unwrap();
            assert_eq!(c, d, "the rest after {to:?} {len}");
        }
        assert!(shared.seek(SeekFrom::Current(-1_000_000)).is_err());
    }
}
