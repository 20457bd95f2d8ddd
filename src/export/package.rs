//! The offline package: a zip of the whole built site (everything but the zip itself), with
//! fixed timestamps and sorted entries so two builds of the same content are identical.

use std::io::Write;
use std::path::Path;

use zip::write::SimpleFileOptions;

/// Zips every file under `dir` except the paths starting with one of `exclude`
/// (site-relative) into `target`.
pub fn write_zip(dir: &Path, target: &Path, exclude: &[&str]) -> std::io::Result<u64> {
    let mut files: Vec<(String, std::path::PathBuf)> = walkdir::WalkDir::new(dir)
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
            (name, e.path().to_path_buf())
        })
        .filter(|(name, _)| !exclude.iter().any(|x| name.starts_with(x)))
        .collect();
    files.sort();
    let file = std::fs::File::create(target)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let deflated = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(zip::DateTime::default());
    let stored = deflated
        .compression_method(zip::CompressionMethod::Stored)
        .compression_level(None);
    for (name, path) in files {
        let bytes = std::fs::read(&path)?;
        // Already-compressed formats are stored as they are.
        let options = if [
            ".zip", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf", ".woff2",
        ]
        .iter()
        .any(|x| name.ends_with(x))
        {
            stored
        } else {
            deflated
        };
        zip.start_file(format!("katalogs/{name}"), options)
            .map_err(std::io::Error::other)?;
        zip.write_all(&bytes)?;
    }
    let inner = zip.finish().map_err(std::io::Error::other)?;
    let file = inner.into_inner().map_err(|e| e.into_error())?;
    Ok(file.metadata()?.len())
}
