//! The offline package: a zip of the whole built site (everything but the zip itself), with
//! fixed timestamps and sorted entries so two builds of the same content are identical.
//! Entries are compressed in parallel, a batch of small in-memory zips at a time (so memory
//! stays bounded on large sites), and merged in order into the package without recompressing.
//! A file that a fresh build shares with the previous site (a hard link, see `write`) keeps
//! its compressed entry from the previous package, copied as it is when its size and CRC-32
//! still match: a rebuild compresses only what changed, and makes the same bytes.

use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use zip::write::SimpleFileOptions;
use zip::{ZipArchive, ZipWriter};

use crate::write::Linked;

/// Deflate level: 2 (zlib-rs's "fast" strategy, no lazy matching) compresses the HTML of a
/// site several times faster than the default 6, for an archive about a fifth larger.
const LEVEL: i64 = 2;
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

/// The previous build's site and its package.
struct Previous<'a> {
    site: &'a Path,
    package: ZipArchive<SharedFile>,
}

impl Previous<'_> {
    /// Whether `path` (the new site's file `name`) is the previous site's file itself.
    #[cfg(unix)]
    fn shares(&self, name: &str, path: &Path) -> bool {
        use std::os::unix::fs::MetadataExt;
        let id = |p: &Path| std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()));
        id(path).is_some_and(|new| Some(new) == id(&self.site.join(name)))
    }

    #[cfg(not(unix))]
    fn shares(&self, _name: &str, _path: &Path) -> bool {
        false
    }
}

/// The CRC-32 of a file's bytes, read a piece at a time.
fn crc32_of(path: &Path) -> std::io::Result<u32> {
    let mut file = File::open(path)?;
    let mut crc = crc32fast::Hasher::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match file.read(&mut buf)? {
            0 => return Ok(crc.finalize()),
            n => crc.update(&buf[..n]),
        }
    }
}

/// One in-memory zip holding `files`, entries named `katalogs/<name>`.
fn part(
    files: &[(String, PathBuf, u64)],
    previous: Option<&Previous>,
    linked: &Linked,
) -> std::io::Result<ZipArchive<Cursor<Vec<u8>>>> {
    let mut old = previous.map(|p| p.package.clone());
    let deflated = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(LEVEL))
        .last_modified_time(zip::DateTime::default());
    let stored = deflated
        .compression_method(zip::CompressionMethod::Stored)
        .compression_level(None);
    let size: u64 = files.iter().map(|(_, _, n)| n).sum();
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity((size / 4) as usize)));
    for (name, path, size) in files {
        let options = if is_compressed(name) {
            stored
        } else {
            deflated
        };
        let entry = format!("katalogs/{name}");
        // Files are read in pieces, never whole: the largest export is hundreds of MB.
        // A file shared with the previous site whose previous entry still has its CRC: the
        // build knows the CRC of the files it linked; others are read for it.
        if let (Some(p), Some(old)) = (previous, old.as_mut())
            && let Ok(f) = old.by_name_raw(entry.as_bytes())
            && f.size() == *size
            && match linked.get(name) {
                Some(&crc) => f.crc32() == crc,
                None => p.shares(name, path) && f.crc32() == crc32_of(path)?,
            }
        {
            zip.raw_copy_file(f).map_err(std::io::Error::other)?;
            continue;
        }
        zip.start_file(entry, options)
            .map_err(std::io::Error::other)?;
        std::io::copy(&mut File::open(path)?, &mut zip)?;
    }
    zip.finish_into_readable().map_err(std::io::Error::other)
}

/// Zips every file under `dir` except the paths starting with one of `exclude`
/// (site-relative) into `target`. `previous` is the previous build's site, whose package
/// (at the same place as `target`) lends the entries of files the two sites share;
/// `linked` are the files the build knows it shares, with their CRC-32s.
pub fn write_zip(
    dir: &Path,
    target: &Path,
    exclude: &[&str],
    previous: Option<&Path>,
    linked: &Linked,
) -> std::io::Result<u64> {
    let previous = previous.and_then(|site| {
        let file = File::open(site.join(target.strip_prefix(dir).ok()?)).ok()?;
        let file = SharedFile::new(file).ok()?;
        Some(Previous {
            site,
            package: ZipArchive::new(file).ok()?,
        })
    });
    let mut files: Vec<(String, PathBuf, u64)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("under dir");
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let size = e.metadata().map_or(0, |m| m.len());
            (name, e.path().to_path_buf(), size)
        })
        .filter(|(name, _, _)| !exclude.iter().any(|x| name.starts_with(x)))
        .collect();
    files.sort();
    // Consecutive files in parts of about PART_BYTES.
    let mut parts: Vec<&[(String, PathBuf, u64)]> = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, (_, _, n)) in files.iter().enumerate() {
        bytes += n;
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
            .map(|files| part(files, previous.as_ref(), linked))
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
        write_zip(&site, &a, &["skip.zip"], None, &Linked::default()).unwrap();
        write_zip(&site, &b, &["skip.zip"], None, &Linked::default()).unwrap();
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
    fn site(root: &Path, name: &str, files: &[(&str, String)]) -> PathBuf {
        let site = root.join(name);
        for (rel, body) in files {
            let path = site.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, body).unwrap();
        }
        site
    }

    #[test]
    fn a_rebuild_copies_shared_files_entries_and_makes_the_same_package() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<(String, String)> = (0..30)
            .map(|i| {
                (
                    format!("d{}/f{i:02}.html", i % 3),
                    format!("<p>{i}</p>").repeat(300),
                )
            })
            .collect();
        let refs: Vec<(&str, String)> =
            files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
        let old = site(dir.path(), "old", &refs);
        std::fs::create_dir_all(old.join("dati")).unwrap();
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
        // The new site: f00–f09 hard links, f10 a link whose bytes no longer match the old
        // entry, f11–f19 copies with the same bytes, f20 changed, f21–f29 gone, one file new.
        let new = dir.path().join("new");
        for (i, (name, body)) in files.iter().enumerate().take(21) {
            let path = new.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            match i {
                0..=10 => std::fs::hard_link(old.join(name), &path).unwrap(),
                11..=19 => std::fs::write(&path, body).unwrap(),
                _ => std::fs::write(&path, "<p>changed</p>").unwrap(),
            }
        }
        std::fs::write(old.join(&files[10].0), "<p>edited after the build</p>").unwrap();
        std::fs::write(new.join("d0/new.html"), "<p>new</p>").unwrap();
        std::fs::create_dir_all(new.join("dati")).unwrap();
        let target = new.join("dati/p.zip");
        // What the build knows it linked is trusted without reading the file: f11 (as if
        // linked) is copied; f12's recorded CRC is not the old entry's, so it is compressed.
        let crc = |i: usize| crc32fast::hash(files[i].1.as_bytes());
        let linked: Linked = [
            (files[0].0.clone(), crc(0)),
            (files[11].0.clone(), crc(11)),
            (files[12].0.clone(), crc(12) ^ 1),
        ]
        .into_iter()
        .collect();
        write_zip(&new, &target, &["dati/"], Some(&old), &linked).unwrap();
        let mut archive = ZipArchive::new(std::fs::File::open(&target).unwrap()).unwrap();
        assert_eq!(archive.len(), 22);
        for i in 0..archive.len() {
            let mut f = archive.by_index(i).unwrap();
            let name = f
                .name()
                .unwrap()
                .trim_start_matches("katalogs/")
                .to_string();
            let copied = files[..10]
                .iter()
                .chain(&files[11..12])
                .any(|(n, _)| *n == name);
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
        write_zip(&old, &old_zip, &["dati/"], None, &Linked::default()).unwrap();
        std::fs::write(old.join(&files[10].0), &files[10].1).unwrap();
        write_zip(&old, &old_zip, &["dati/"], None, &Linked::default()).unwrap();
        write_zip(&new, &target, &["dati/"], Some(&old), &Linked::default()).unwrap();
        let fresh = dir.path().join("fresh.zip");
        write_zip(&new, &fresh, &["dati/"], None, &Linked::default()).unwrap();
        assert_eq!(
            std::fs::read(&target).unwrap(),
            std::fs::read(&fresh).unwrap()
        );
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
