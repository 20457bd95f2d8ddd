//! Open data: the catalogue as CPSV-AP JSON-LD, plain JSON with its JSON Schema, CSV, the
//! Atom feed of changed cards, `sitemap.xml`/`robots.txt` (with a base URL) and the offline
//! zip package. Every export is deterministic: sorted records and keys, no build time.

mod cpsv;
mod feeds;
mod json;
mod package;
mod stream;
pub(crate) mod table;

use crate::diagnostics::BuildFailure;
use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::render::reference::Export;
use crate::resolve::Site;
use crate::url::paths;
use crate::write::{Output, Sink, write_error};

pub(crate) const CPSV_FILE: &str = "dati/cpsv-ap.jsonld";
pub(crate) const JSON_FILE: &str = "dati/katalogs.json";
pub(crate) const SCHEMA_FILE: &str = "dati/katalogs.schema.json";
pub(crate) const CSV_FILE: &str = "dati/pakalpojumi.csv";

/// The object of `kind` with `id` in every other edition that translates it: (language,
/// that edition's site, the object's index there).
pub(crate) fn translations<'a>(
    site: &'a Site,
    kind: crate::schema::Kind,
    id: &str,
) -> Vec<(&'a str, &'a Site, usize)> {
    site.editions
        .iter()
        .filter_map(|e| {
            let i = e.find(kind, id)?;
            let url = e.url(crate::model::ObjKey::new(kind, i));
            let translated = !e.edition.untranslated.contains(url)
                && !url.starts_with(crate::edition::TO_DEFAULT);
            translated.then_some((e.edition.lang.as_str(), e, i))
        })
        .collect()
}

fn write(out: &Output, path: &str, bytes: &[u8]) -> Result<u64, BuildFailure> {
    out.write(path, bytes).map_err(|e| write_error(path, e))?;
    Ok(bytes.len() as u64)
}

fn pretty(value: &serde_json::Value) -> Vec<u8> {
    let mut s = serde_json::to_vec_pretty(value).expect("JSON values serialise");
    s.push(b'\n');
    s
}

/// Writes a document a streaming writer makes, ending in a line break like [`pretty`];
/// returns its size.
fn write_streamed(
    out: &Output,
    path: &str,
    write: impl FnOnce(&mut Sink<'_>),
) -> Result<u64, BuildFailure> {
    out.write_streamed(path, |sink| {
        write(sink);
        sink.push(b'\n');
    })
    .map_err(|e| write_error(path, e).into())
}

fn export(name: &str, path: &str, format: &str, key: &str, bytes: u64) -> Export {
    Export {
        name: name.to_string(),
        path: path.to_string(),
        format: format.to_string(),
        description_key: key.to_string(),
        bytes,
    }
}

/// Writes every export but the offline package; returns them for the Dati page.
pub(crate) fn write_exports(
    site: &Site,
    out: &Output,
    pages: &[(String, Option<jiff::civil::Date>)],
) -> Result<Vec<Export>, BuildFailure> {
    let mut list = Vec::new();
    // The two large exports are made side by side, each streamed to its file.
    let (cpsv_size, json_size) = rayon::join(
        || write_streamed(out, CPSV_FILE, |b| cpsv::write(site, b)),
        || write_streamed(out, JSON_FILE, |b| json::write(site, b)),
    );
    let n = cpsv_size?;
    list.push(export(
        "cpsv-ap.jsonld",
        CPSV_FILE,
        "JSON-LD (CPSV-AP 3.2.0)",
        "data.cpsv",
        n,
    ));
    let n = json_size?;
    list.push(export("katalogs.json", JSON_FILE, "JSON", "data.json", n));
    let n = write(out, SCHEMA_FILE, &pretty(&json::schema()))?;
    list.push(export(
        "katalogs.schema.json",
        SCHEMA_FILE,
        "JSON Schema",
        "data.schema",
        n,
    ));
    let n = write(out, CSV_FILE, &table::services_csv(site))?;
    list.push(export(
        "pakalpojumi.csv",
        CSV_FILE,
        "CSV (UTF-8)",
        "data.csv",
        n,
    ));
    let n = write(out, paths::FEED, feeds::atom(site).as_bytes())?;
    list.push(export("izmainas.atom", paths::FEED, "Atom", "data.feed", n));
    if site.config.base_url.is_some() {
        let n = write(out, "sitemap.xml", feeds::sitemap(site, pages).as_bytes())?;
        write(out, "robots.txt", feeds::robots(site).as_bytes())?;
        list.push(export(
            "sitemap.xml",
            "sitemap.xml",
            "XML (Sitemaps 0.9)",
            "data.sitemap",
            n,
        ));
    }
    if site.config.data.offline_package {
        list.push(export(
            "katalogs-bezsaiste.zip",
            paths::OFFLINE_PACKAGE,
            "ZIP",
            "data.offline",
            0,
        ));
    }
    Ok(list)
}

/// What the offline package leaves out: itself, and the server-side search index (browsers
/// use the `search/*.js` index; the tantivy files differ between builds).
pub(crate) const PACKAGE_EXCLUDES: [&str; 2] = [paths::OFFLINE_PACKAGE, "search/index/"];

/// Zips every file the build wrote but the excluded ones (made last, after all of them).
pub(crate) fn write_offline_package(out: &Output) -> Result<u64, BuildFailure> {
    let target = out.dir().join(paths::OFFLINE_PACKAGE);
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir).map_err(|e| write_error(paths::OFFLINE_PACKAGE, e))?;
    }
    let files: Vec<package::PackageFile> = out
        .files()
        .into_iter()
        .filter(|(rel, _)| !PACKAGE_EXCLUDES.iter().any(|x| rel.starts_with(x)))
        .map(|(name, r)| package::PackageFile {
            name,
            len: r.len,
            crc: r.crc,
        })
        .collect();
    let failed = |e: std::io::Error| -> BuildFailure {
        Diagnostic::new(
            Code::OfflinePackageFailed,
            paths::OFFLINE_PACKAGE,
            Pos::FILE,
        )
        .arg("detail", e)
        .into()
    };
    // The previous package lends its entries only while the manifest vouches that it is as
    // that build left it: a package edited or damaged since is made anew.
    let previous = out.trusted_previous(paths::OFFLINE_PACKAGE);
    let len =
        package::write_zip(out.dir(), &target, &files, previous.as_deref()).map_err(failed)?;
    out.record_made(paths::OFFLINE_PACKAGE).map_err(failed)?;
    Ok(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes a streaming writer makes, spilled in pieces and put together again.
    fn streamed(write: impl FnOnce(&mut Sink<'_>)) -> Vec<u8> {
        let mut pieces = Vec::new();
        let mut spill = |b: &[u8]| pieces.push(b.to_vec());
        let mut sink = Sink::new(Some(&mut spill));
        write(&mut sink);
        sink.push(b'\n');
        sink.finish();
        pieces.concat()
    }

    /// The streamed exports are exactly the pretty-printed whole documents.
    #[test]
    fn streamed_exports_equal_the_whole_documents() {
        for root in ["tests/fixtures/full", "."] {
            let site = crate::build::test_site(root);
            assert_eq!(
                String::from_utf8(streamed(|b| cpsv::write(&site, b))).unwrap(),
                String::from_utf8(pretty(&cpsv::graph(&site))).unwrap(),
                "{root}: cpsv-ap.jsonld"
            );
            assert_eq!(
                String::from_utf8(streamed(|b| json::write(&site, b))).unwrap(),
                String::from_utf8(pretty(&json::catalogue(&site))).unwrap(),
                "{root}: katalogs.json"
            );
        }
    }
}
