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

/// Writes the tantivy index and the browser index of `site` into the output.
pub fn write_indexes(site: &Site, out: &Output) -> Result<browser::IndexStats, BuildFailure> {
    let docs = documents::documents(site);
    let (files, stats) = browser::build(site, &docs, &site.config.search);
    for (path, text) in &files {
        out.write(path, text.as_bytes())
            .map_err(|e| Diagnostic::error(path.as_str(), Pos::FILE, format!("cannot write: {e}")))?;
    }
    engine::write_index(&out.dir().join(INDEX_DIR), &docs)
        .map_err(|e| Diagnostic::error(INDEX_DIR, Pos::FILE, format!("cannot write the search index: {e}")))?;
    Ok(stats)
}
