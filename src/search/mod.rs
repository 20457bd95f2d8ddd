//! Index: the Latvian analysis shared by every search path, the searchable documents, the
//! prebuilt tantivy index and the browser index shards; the query side serves
//! `katalogs search` and the preview server's `/api/search`.

pub mod analysis;
pub mod browser;
pub mod documents;
pub mod engine;

use crate::build::BuildFailure;
use crate::diagnostics::{Diagnostic, Pos};
use crate::resolve::Site;
use crate::write::Output;

/// Where the tantivy index lives inside the site.
pub const INDEX_DIR: &str = "search/index";
/// Where a preview rebuild prepares the next index before swapping it in.
const INDEX_NEXT: &str = "search/.index-next";

/// Writes the tantivy index and the browser index of `site` into the output.
pub fn write_indexes(site: &Site, out: &Output) -> Result<browser::IndexStats, BuildFailure> {
    let docs = documents::documents(site);
    let (files, stats) = browser::build(site, &docs, &site.config.search);
    for (path, text) in &files {
        out.write(path, text.as_bytes()).map_err(|e| {
            Diagnostic::error(path.as_str(), Pos::FILE, format!("cannot write: {e}"))
        })?;
    }
    let failed = |e: &dyn std::fmt::Display| {
        Diagnostic::error(
            INDEX_DIR,
            Pos::FILE,
            format!("cannot write the search index: {e}"),
        )
    };
    let dir = out.dir().join(INDEX_DIR);
    if out.is_in_place() {
        // The live index is replaced whole, once the new one is complete.
        let fresh = out.dir().join(INDEX_NEXT);
        if fresh.exists() {
            std::fs::remove_dir_all(&fresh).map_err(|e| failed(&e))?;
        }
        engine::write_index(&fresh, &docs).map_err(|e| failed(&e))?;
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| failed(&e))?;
        }
        std::fs::rename(&fresh, &dir).map_err(|e| failed(&e))?;
    } else {
        engine::write_index(&dir, &docs).map_err(|e| failed(&e))?;
    }
    Ok(stats)
}
