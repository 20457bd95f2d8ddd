//! The offline package: a zip of the whole built site (everything but the zip itself), with
//! fixed timestamps and sorted entries so two builds of the same content are identical.
//! Entries are compressed in parallel, a batch of small in-memory zips at a time (so memory
//! stays bounded on large sites), and merged in order into the package without recompressing.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use zip::write::SimpleFileOptions;
use zip::{ZipArchive, ZipWriter};

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

/// One in-memory zip holding `files`, entries named `katalogs/<name>`.
fn part(files: &[(String, PathBuf, u64)]) -> std::io::Result<ZipArchive<Cursor<Vec<u8>>>> {
    let deflated = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(LEVEL))
        .last_modified_time(zip::DateTime::default());
    let stored = deflated
        .compression_method(zip::CompressionMethod::Stored)
        .compression_level(None);
    let size: u64 = files.iter().map(|(_, _, n)| n).sum();
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity((size / 4) as usize)));
    for (name, path, _) in files {
        let options = if is_compressed(name) {
            stored
        } else {
            deflated
        };
        zip.start_file(format!("katalogs/{name}"), options)
            .map_err(std::io::Error::other)?;
        let mut file = std::fs::File::open(path)?;
        std::io::copy(&mut file, &mut zip)?;
    }
    zip.finish_into_readable().map_err(std::io::Error::other)
}

/// Zips every file under `dir` except the paths starting with one of `exclude`
/// (site-relative) into `target`.
pub fn write_zip(dir: &Path, target: &Path, exclude: &[&str]) -> std::io::Result<u64> {
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
        let zips: Vec<std::io::Result<ZipArchive<Cursor<Vec<u8>>>>> =
            batch.par_iter().map(|files| part(files)).collect();
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
        write_zip(&site, &a, &["skip.zip"]).unwrap();
        write_zip(&site, &b, &["skip.zip"]).unwrap();
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
}
