//! The browser index: the same documents and analysis as the tantivy index, written as
//! JavaScript files that call `katalogsIndex(name, data)`, so they load with `<script>`
//! elements from `file://` as well as over HTTP.
//!
//! - `search/meta.js`: document count, shard keys, facet labels, the query limits of
//!   [`bounds`](crate::search::bounds);
//! - `search/t/<key>.js`: postings of every term whose longest matching shard key is `<key>`,
//!   as `[doc delta, score, …]` with BM25F scores (field boosts) precomputed at build time;
//!   a shard that grows past [`MAX_SHARD_BYTES`] is split by one more character, so a query
//!   loads a few small files however large the site is;
//! - `search/d/<n>.js`: kind, URL, title, context and snippet text of documents in chunks,
//!   with the aliases that also count as an exact title match when there are any;
//! - `search/f.js`: per-document facet codes, loaded only by the results page's filters.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::config::SearchConfig;
use crate::resolve::Site;
use crate::schema::{AUDIENCE, CHANNEL, Kind};
use crate::search::bounds::{MAX_QUERY_CHARS, MAX_QUERY_WORDS, MIN_PREFIX_CHARS};
use crate::search::documents::SearchDoc;
use crate::search::engine::BOOSTS;
use crate::text::analysis::{with_analyzed_word, word_ranges};

/// A shard larger than this is split by one more character of its terms.
pub(crate) const MAX_SHARD_BYTES: usize = 48 * 1024;
/// Longest shard key.
const MAX_KEY_CHARS: usize = 5;
/// Documents analysed at a time (their term tables are dropped once gathered).
const ANALYSIS_CHUNK: usize = 2048;
/// Characters of document text kept for snippets.
const SNIPPET_CHARS: usize = 360;
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// The file a shard key is written to; `analyzer.js` computes the same name.
pub(crate) fn shard_file(key: &str) -> String {
    let mut name = String::new();
    for c in key.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            name.push(c);
        } else {
            let _ = write!(name, "_{:05x}", c as u32);
        }
    }
    format!("search/t/{name}.js")
}

/// A term's documents in order, with the term's frequency in each of the four text fields.
type Postings = Vec<(u32, [u16; 4])>;

/// Analysed documents by content hash, kept by the preview between rebuilds.
pub(crate) type AnalysisCache = HashMap<u64, Arc<Analysed>>;

/// Per-document term frequencies in the four text fields, and the fields' lengths.
pub(crate) struct Analysed {
    terms: HashMap<String, [u16; 4]>,
    lengths: [u32; 4],
}

fn analyse(doc: &SearchDoc) -> Analysed {
    let mut terms: HashMap<String, [u16; 4]> = HashMap::default();
    let mut lengths = [0u32; 4];
    let texts = [&doc.title, &doc.keywords, &doc.summary, &doc.body];
    for (f, text) in texts.iter().enumerate() {
        for (s, e) in word_ranges(text) {
            with_analyzed_word(&text[s..e], |t| match terms.get_mut(t) {
                Some(counts) => counts[f] = counts[f].saturating_add(1),
                None => {
                    let mut counts = [0; 4];
                    counts[f] = 1;
                    terms.insert(t.to_string(), counts);
                }
            });
            lengths[f] += 1;
        }
    }
    Analysed { terms, lengths }
}

fn kind_code(k: Kind) -> usize {
    Kind::ALL.iter().position(|x| *x == k).unwrap_or(0)
}

/// Plain text for a snippet, cut at a word boundary.
fn snippet_text(doc: &SearchDoc) -> String {
    let mut text = if doc.summary.is_empty() {
        doc.body.clone()
    } else if doc.body.is_empty() {
        doc.summary.clone()
    } else {
        format!("{} {}", doc.summary, doc.body)
    };
    text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > SNIPPET_CHARS {
        let cut: String = text.chars().take(SNIPPET_CHARS).collect();
        let end = cut.rfind(' ').unwrap_or(cut.len());
        text = format!("{}…", &cut[..end]);
    }
    text
}

fn js(name: &str, data: &Value) -> String {
    format!(
        "katalogsIndex({},{});\n",
        serde_json::to_string(name).expect("string"),
        serde_json::to_string(data).expect("json")
    )
}

/// Splits sorted terms into shards no larger than [`MAX_SHARD_BYTES`] where possible.
fn shard(
    terms: &[(String, String)],
    key_len: usize,
    out: &mut Vec<(String, Vec<usize>)>,
    indices: Vec<usize>,
    key: String,
) {
    let size: usize = indices
        .iter()
        .map(|&i| terms[i].0.len() + terms[i].1.len() + 4)
        .sum();
    if size <= MAX_SHARD_BYTES || key_len >= MAX_KEY_CHARS {
        out.push((key, indices));
        return;
    }
    let mut here = Vec::new();
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for i in indices {
        let t = &terms[i].0;
        if t.chars().count() <= key_len {
            here.push(i);
        } else {
            groups
                .entry(t.chars().take(key_len + 1).collect())
                .or_default()
                .push(i);
        }
    }
    if !here.is_empty() {
        out.push((key, here));
    }
    for (k, list) in groups {
        shard(terms, key_len + 1, out, list, k);
    }
}

/// Statistics of a written browser index.
#[derive(Debug, Clone, Default)]
pub(crate) struct IndexStats {
    pub(crate) documents: usize,
    pub(crate) terms: usize,
    pub(crate) shards: usize,
    pub(crate) bytes: usize,
}

/// Builds every file of the browser index, handing each to `emit` (site-relative path,
/// contents) as soon as it is made.
pub(crate) fn build<E>(
    site: &Site,
    docs: &[SearchDoc],
    cfg: &SearchConfig,
    cache: Option<&mut AnalysisCache>,
    emit: &mut dyn FnMut(&str, &str) -> Result<(), E>,
) -> Result<IndexStats, E> {
    let mut bytes = 0;
    let mut emit = |path: &str, text: &str| {
        bytes += text.len();
        emit(path, text)
    };
    // Documents are analysed a chunk at a time and their terms gathered into postings at
    // once, so the per-document term tables of a large site are never all held together.
    let mut ids: HashMap<String, u32> = HashMap::default();
    let mut postings: Vec<(String, Postings)> = Vec::new();
    let mut lengths: Vec<[u32; 4]> = Vec::with_capacity(docs.len());
    let mut kept = cache.as_ref().map(|_| AnalysisCache::default());
    for part in docs.chunks(ANALYSIS_CHUNK) {
        let analysed: Vec<(u64, Arc<Analysed>)> = part
            .par_iter()
            .map(|d| match cache.as_deref() {
                None => (0, Arc::new(analyse(d))),
                Some(cache) => {
                    let mut h = rustc_hash::FxHasher::default();
                    d.hash(&mut h);
                    let key = h.finish();
                    let a = cache
                        .get(&key)
                        .cloned()
                        .unwrap_or_else(|| Arc::new(analyse(d)));
                    (key, a)
                }
            })
            .collect();
        for (key, a) in analysed {
            let d = lengths.len() as u32;
            lengths.push(a.lengths);
            for (t, tf) in &a.terms {
                let id = match ids.get(t.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = postings.len() as u32;
                        ids.insert(t.clone(), id);
                        postings.push((t.clone(), Vec::new()));
                        id
                    }
                };
                postings[id as usize].1.push((d, *tf));
            }
            if let Some(kept) = &mut kept {
                kept.insert(key, a);
            }
        }
    }
    if let (Some(cache), Some(kept)) = (cache, kept) {
        *cache = kept;
    }
    drop(ids);
    let n = docs.len().max(1);
    let mut avg = [0f64; 4];
    for l in &lengths {
        for (f, l) in l.iter().enumerate() {
            avg[f] += f64::from(*l);
        }
    }
    for v in &mut avg {
        *v = (*v / n as f64).max(1.0);
    }
    let weights: Vec<f64> = BOOSTS.iter().map(|(_, w)| f64::from(*w)).collect();
    let mut encoded: Vec<(String, String)> = postings
        .into_par_iter()
        .map(|(term, list)| {
            // Documents were added in order: every list is sorted by document already.
            let df = list.len() as f64;
            let idf = (1.0 + (n as f64 - df + 0.5) / (df + 0.5)).ln();
            let mut s = String::with_capacity(list.len() * 6);
            s.push('[');
            let mut prev = 0u32;
            for (i, (d, tf)) in list.iter().enumerate() {
                let lengths = &lengths[*d as usize];
                let mut score = 0.0;
                for f in 0..4 {
                    if tf[f] > 0 {
                        let tf = f64::from(tf[f]);
                        let norm = 1.0 - B + B * f64::from(lengths[f]) / avg[f];
                        score += weights[f] * tf * (K1 + 1.0) / (tf + K1 * norm);
                    }
                }
                let q = ((idf * score * 10.0).round() as u32).max(1);
                if i > 0 {
                    s.push(',');
                }
                let _ = write!(s, "{},{q}", d - prev);
                prev = *d;
            }
            s.push(']');
            (term, s)
        })
        .collect();
    encoded.sort_by(|a, b| a.0.cmp(&b.0));
    let mut shards: Vec<(String, Vec<usize>)> = Vec::new();
    let mut by_first: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let first_len = cfg.shard_prefix_len.max(1);
    for (i, (t, _)) in encoded.iter().enumerate() {
        by_first
            .entry(t.chars().take(first_len).collect())
            .or_default()
            .push(i);
    }
    for (k, list) in by_first {
        shard(&encoded, first_len, &mut shards, list, k);
    }
    let terms = encoded.len();
    let mut keys = Vec::new();
    for (key, list) in &shards {
        let mut body = String::from("{");
        for (j, &i) in list.iter().enumerate() {
            if j > 0 {
                body.push(',');
            }
            let _ = write!(
                body,
                "{}:{}",
                serde_json::to_string(&encoded[i].0).expect("string"),
                // Each term is in one shard: its postings are not needed again.
                std::mem::take(&mut encoded[i].1)
            );
        }
        body.push('}');
        emit(
            &shard_file(key),
            &format!(
                "katalogsIndex({},{body});\n",
                serde_json::to_string(&format!("t:{key}")).expect("string")
            ),
        )?;
        keys.push(key.clone());
    }
    drop(encoded);
    // Document chunks.
    let chunk = cfg.doc_chunk_size.max(1);
    for (c, part) in docs.chunks(chunk).enumerate() {
        let rows: Vec<Value> = part
            .iter()
            .map(|d| {
                let mut row = json!([
                    kind_code(d.kind()),
                    d.url,
                    d.title,
                    d.context,
                    snippet_text(d)
                ]);
                if !d.aliases.is_empty() {
                    row.as_array_mut().expect("array").push(json!(d.aliases));
                }
                row
            })
            .collect();
        emit(
            &format!("search/d/{c}.js"),
            &js(&format!("d:{c}"), &Value::Array(rows)),
        )?;
    }
    // Facets.
    let c = &site.content;
    let holder_ids: Vec<&str> = c.institutions.iter().map(|i| i.id.as_str()).collect();
    let situation_ids: Vec<&str> = c.situations.iter().map(|s| s.doc.id.as_str()).collect();
    let bitmask = |values: &[String], all: &[&str]| -> u32 {
        values
            .iter()
            .filter_map(|v| all.iter().position(|x| x == v))
            .fold(0, |m, p| m | (1 << p))
    };
    let facets = json!({
        "k": docs.iter().map(|d| kind_code(d.kind())).collect::<Vec<_>>(),
        "h": docs.iter().map(|d| d.holder.as_deref().and_then(|h| holder_ids.iter().position(|x| *x == h)).map_or(-1, |p| p as i64)).collect::<Vec<_>>(),
        "a": docs.iter().map(|d| bitmask(&d.audience, AUDIENCE.values)).collect::<Vec<_>>(),
        "c": docs.iter().map(|d| bitmask(&d.channels, CHANNEL.values)).collect::<Vec<_>>(),
        "s": docs.iter().map(|d| d.situations.iter().filter_map(|s| situation_ids.iter().position(|x| x == s)).collect::<Vec<_>>()).collect::<Vec<_>>(),
    });
    emit("search/f.js", &js("f", &facets))?;
    let ui = &site.ui;
    let meta = json!({
        "v": 1,
        "n": docs.len(),
        "chunk": chunk,
        "prefixMin": MIN_PREFIX_CHARS,
        "maxQueryChars": MAX_QUERY_CHARS,
        "maxQueryWords": MAX_QUERY_WORDS,
        "shards": keys,
        "kinds": Kind::ALL.iter().map(|k| json!([k.slug(), ui.kind(*k)])).collect::<Vec<_>>(),
        "holders": c.institutions.iter().map(|i| json!([i.id, i.name])).collect::<Vec<_>>(),
        "audiences": AUDIENCE.values.iter().map(|a| json!([a, ui.value("audience", a)])).collect::<Vec<_>>(),
        "channels": CHANNEL.values.iter().map(|a| json!([a, ui.value("channel", a)])).collect::<Vec<_>>(),
        "situations": c.situations.iter().map(|s| json!([s.doc.id, s.title])).collect::<Vec<_>>(),
        "strings": ui.json().get("search").cloned().unwrap_or(Value::Null),
        "facetTitles": {
            "kind": ui.get("search.kind"),
            "holder": ui.get("catalogue.facet_holder"),
            "audience": ui.get("catalogue.facet_audience"),
            "channel": ui.get("catalogue.facet_channel"),
            "situation": ui.get("catalogue.facet_situation"),
        },
    });
    emit("search/meta.js", &js("meta", &meta))?;
    Ok(IndexStats {
        documents: docs.len(),
        terms,
        shards: keys.len(),
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_files_are_safe_names() {
        assert_eq!(shard_file("pa"), "search/t/pa.js");
        assert_eq!(shard_file("дa"), "search/t/_00434a.js");
    }

    #[test]
    fn large_shards_split_by_one_more_character() {
        let big = "1,1,".repeat(MAX_SHARD_BYTES / 8);
        let terms: Vec<(String, String)> = vec![
            ("pa".into(), "[1,1]".into()),
            ("pakalpojum".into(), format!("[{big}1]")),
            ("parvaldib".into(), format!("[{big}1]")),
        ];
        let mut out = Vec::new();
        shard(&terms, 2, &mut out, vec![0, 1, 2], "pa".into());
        let keys: Vec<&str> = out.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["pa", "pak", "par"]);
    }
}
