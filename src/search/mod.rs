//! Index: the Latvian analysis shared by every search path, the searchable documents, the
//! prebuilt tantivy index and the browser index shards; the query side serves
//! `katalogs search` and the preview server's `/api/search`.

pub(crate) mod bounds;
pub(crate) mod browser;
pub(crate) mod documents;
pub(crate) mod engine;
pub(crate) mod language;
pub(crate) mod lexicon;

use crate::diagnostics::BuildFailure;
use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::resolve::Site;
use crate::write::{Output, write_error};

/// Where the tantivy index lives inside the site.
pub(crate) const INDEX_DIR: &str = "search/index";

/// Up to this many documents the two indexes are made side by side; above it, one after the
/// other, so their working memory is never held at once (at 100,000 services, ~90,000
/// documents, side by side they raised the build's peak by about 80 MB, past 1.5 GiB).
const INDEXES_SIDE_BY_SIDE_UP_TO: usize = 50_000;

/// What the preview keeps of the search indexes between rebuilds.
#[derive(Default)]
pub(crate) struct SearchMemo {
    live: Option<engine::LiveIndex>,
    analysed: browser::AnalysisCache,
}

/// Writes the tantivy index and the browser index of `site` into the output. With a memo
/// (the preview, writing in place) only changed documents are analysed and indexed again.
pub(crate) fn write_indexes(
    site: &Site,
    texts: crate::resolve::SearchTexts,
    out: &Output,
    memo: Option<&mut SearchMemo>,
    counterpart: Option<&Site>,
) -> Result<browser::IndexStats, BuildFailure> {
    let docs = documents::documents_with(site, texts, counterpart);
    let (own, other) = language::analyses(site);
    let langs = engine::Languages {
        own,
        other: other.unwrap_or(own),
    };
    let (live, analysed) = match memo {
        Some(m) if out.is_in_place() => (Some(&mut m.live), Some(&mut m.analysed)),
        Some(m) => {
            // A fresh build: its index lives in a new folder.
            m.live = None;
            (None, Some(&mut m.analysed))
        }
        None => (None, None),
    };
    let browser_index = || {
        browser::build(
            site,
            &docs,
            &site.config.search,
            analysed,
            &mut |path, text| {
                let path = format!("{}{path}", site.edition.prefix);
                out.write(&path, text.as_bytes())
                    .map_err(|e| write_error(&path, e).into())
            },
        )
    };
    if docs.len() > INDEXES_SIDE_BY_SIDE_UP_TO {
        let stats = browser_index()?;
        write_tantivy(out, &site.edition.prefix, &docs, live, langs)?;
        return Ok(stats);
    }
    // tantivy's writer hands the documents to its indexing thread and waits on it: on a thread
    // of its own, it leaves rayon's workers to the browser index and the exports beside it
    // (as a rayon task it held a worker, and the browser index and it ran one after the other).
    std::thread::scope(|s| {
        let tantivy = s.spawn(|| write_tantivy(out, &site.edition.prefix, &docs, live, langs));
        let browser = browser_index();
        tantivy
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        browser
    })
}

/// Writes the tantivy index of `docs` into the output: updated document by document through
/// the preview's live index when there is one, else written whole.
fn write_tantivy(
    out: &Output,
    prefix: &str,
    docs: &[documents::SearchDoc],
    live: Option<&mut Option<engine::LiveIndex>>,
    langs: engine::Languages,
) -> Result<(), BuildFailure> {
    let failed = |e: &dyn std::fmt::Display| {
        Diagnostic::new(Code::SearchIndexFailed, INDEX_DIR, Pos::FILE).arg("detail", e)
    };
    let dir = out.dir().join(prefix).join(INDEX_DIR);
    match live {
        Some(live) => {
            if live.is_none() {
                *live = Some(engine::LiveIndex::open(&dir).map_err(|e| failed(&e))?);
            }
            let index = live.as_mut().expect("opened above");
            if let Err(e) = index.update(docs) {
                *live = None;
                return Err(failed(&e).into());
            }
        }
        None => engine::write_index(&dir, docs, langs).map_err(|e| failed(&e))?,
    }
    Ok(())
}
