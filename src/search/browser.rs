//! The browser index: the same documents and analysis as the tantivy index, written as
//! JavaScript files that call `katalogsIndex(name, data)`, so they load with `<script>`
//! elements from `file://` as well as over HTTP.
//!
//! What a query costs decides the layout (issue 22: code and index data for the first results
//! page at most half of Pagefind's on the same site, without compression, since `file://`
//! has none). Every file a query loads is sized by the query, not by the site:
//!
//! - `search/meta.js`: document count, the kinds of documents as runs of document numbers
//!   (documents are written kind by kind, so the kind tabs count a query's results without a
//!   per-document file), the first characters that have a route file, the vocabulary keys,
//!   UI strings and the query limits of [`bounds`](crate::search::bounds); a few KiB
//!   whatever the site's size;
//! - `search/k/<c>.js`: the shard keys starting with the character `c` (a route: a query
//!   loads the lists of its words' first characters);
//! - `search/t/<key>.js`: postings of every term whose longest matching shard key is `<key>`,
//!   `{term: "…"}`, the string pairs of document delta and BM25F score (field boosts
//!   precomputed at build time) as numbers in 64 digits ([`push_number`]: about three
//!   characters a posting, against seven in JSON numbers); a shard that grows past
//!   [`MAX_SHARD_BYTES`] is split by one more character, so a query loads a few small files
//!   however large the site is;
//! - `search/d/<n>.js`: kind, URL, title, context and snippet text of a document (chunks of
//!   `doc_chunk_size`, one by default), with the aliases that also count as an exact title
//!   match when there are any: a results page loads the rows it ranks by kind and shows (20,
//!   and 20 more a click), never a neighbour's;
//! - `search/f.js`: per-document facet codes and the facets' labels, loaded only when the
//!   results page's filters are opened or the address chose a filter;
//! - `search/v/<key>.js`: the vocabulary for typo correction (see [`lexicon`]); meta.js lists
//!   the keys that have a file (`vocab`), with the question words (`stop`), definition
//!   openings (`defs`) and irregular roots (`irregular`) of
//!   [`analysis`](crate::text::analysis); only a word that matches nothing loads two of them;
//! - in a term shard, a key `" " + term` holds the glossary expansions whose phrase starts
//!   with that term (see [`lexicon`]);
//! - `search/index/lexicon.json`: the same vocabulary and expansions for the tantivy side.
//!
//! The built-in theme's `search.js` and `analyzer.js` are shipped without indentation and
//! comment lines (`render::theme`).

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
use crate::search::INDEX_DIR;
use crate::search::bounds::{MAX_QUERY_CHARS, MAX_QUERY_WORDS, MIN_PREFIX_CHARS};
use crate::search::documents::SearchDoc;
use crate::search::engine::{
    BOOSTS, CORRECTED_WEIGHT, EXPANSION_WEIGHT, FAMILY_WEIGHT, METHODOLOGY, METHODOLOGY_FACTOR,
};
use crate::search::language::{Analysis, OTHER_MARK};
use crate::search::lexicon::{self, LEXICON_FILE, Lexicon, Word};
use crate::text::analysis::{
    DEFINITION_OPENERS, IRREGULAR_ROOTS, STOPWORDS, typo_keys, with_analyzed_word, word_ranges,
};

/// A shard larger than this is split by one more character of its terms.
pub(crate) const MAX_SHARD_BYTES: usize = 16 * 1024;
/// The 64 digits of the postings encoding (see [`push_number`]), none escaped in JSON.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
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

/// Appends a number in the postings encoding: five bits a digit, lowest first, a digit of 32
/// or more saying that another follows (`search.js` `decode` reads it back).
fn push_number(s: &mut String, mut v: u32) {
    loop {
        let low = (v & 31) as usize;
        v >>= 5;
        if v == 0 {
            s.push(char::from(DIGITS[low]));
            return;
        }
        s.push(char::from(DIGITS[low | 32]));
    }
}

/// A term's documents in order, with the term's frequency in each of the four text fields,
/// as they are gathered: per document the gap from the previous one, then the four
/// frequencies, each a LEB128 varint (about 6 bytes a posting, where a `(u32, [u16; 4])` took
/// 12: at 100,000 services the postings were the index's largest part of the build's peak
/// memory).
#[derive(Default)]
struct Postings {
    bytes: Vec<u8>,
    /// The last document added.
    last: u32,
    /// How many documents.
    len: u32,
}

impl Postings {
    fn push(&mut self, d: u32, tf: [u16; 4]) {
        let gap = d - self.last;
        self.last = d;
        self.len += 1;
        for mut v in std::iter::once(gap).chain(tf.map(u32::from)) {
            while v >= 0x80 {
                self.bytes.push((v as u8 & 0x7f) | 0x80);
                v >>= 7;
            }
            self.bytes.push(v as u8);
        }
    }

    /// The documents and frequencies in order.
    fn iter(&self) -> impl Iterator<Item = (u32, [u16; 4])> + '_ {
        let mut bytes = self.bytes.iter();
        let mut next = move || -> Option<u32> {
            let mut v = 0u32;
            let mut shift = 0;
            loop {
                let b = *bytes.next()?;
                v |= u32::from(b & 0x7f) << shift;
                if b < 0x80 {
                    return Some(v);
                }
                shift += 7;
            }
        };
        let mut d = 0u32;
        std::iter::from_fn(move || {
            d += next()?;
            let mut tf = [0u16; 4];
            for f in &mut tf {
                *f = next()? as u16;
            }
            Some((d, tf))
        })
    }
}

/// Analysed documents by content hash, kept by the preview between rebuilds.
pub(crate) type AnalysisCache = HashMap<u64, Arc<Analysed>>;

/// Per-document term frequencies in the four text fields, and the fields' lengths.
pub(crate) struct Analysed {
    /// Term → frequencies and the lowercased word form first seen for it.
    terms: HashMap<String, ([u16; 4], Box<str>)>,
    lengths: [u32; 4],
}

fn analyse(doc: &SearchDoc, own: Analysis, other: Option<Analysis>) -> Analysed {
    let mut terms: HashMap<String, ([u16; 4], Box<str>)> = HashMap::default();
    let mut lengths = [0u32; 4];
    let mut count = |f: usize, t: &str, word: &str| match terms.get_mut(t) {
        Some((counts, _)) => counts[f] = counts[f].saturating_add(1),
        None => {
            let mut counts = [0; 4];
            counts[f] = 1;
            terms.insert(t.to_string(), (counts, word.to_lowercase().into()));
        }
    };
    let texts = [&doc.title, &doc.keywords, &doc.summary, &doc.body];
    for (f, text) in texts.iter().enumerate() {
        for (s, e) in word_ranges(text) {
            let word = &text[s..e];
            if own == Analysis::Latvian {
                with_analyzed_word(word, |t| count(f, t, word));
            } else {
                count(f, &own.analyze_word(word), word);
            }
            lengths[f] += 1;
        }
    }
    // The other language's words count as keywords, marked as that language's terms.
    if let Some(other) = other {
        for (s, e) in word_ranges(&doc.other) {
            let word = &doc.other[s..e];
            let term = format!("{OTHER_MARK}{}", other.analyze_word(word));
            count(1, &term, word);
            lengths[1] += 1;
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

/// The file listing the shard keys that start with `c`: `search/k/<c>.js`.
pub(crate) fn route_file(c: char) -> String {
    shard_file(&c.to_string()).replacen("search/t/", "search/k/", 1)
}

/// The file of a vocabulary key (`typo_keys`): `search/v/<key>.js`.
pub(crate) fn vocabulary_file(key: &str) -> String {
    shard_file(key).replacen("search/t/", "search/v/", 1)
}

/// Writes the vocabulary for typo correction: per two-character key, `p` lists the word forms
/// whose term starts with it and `s` those whose term ends with it, as `[form, df, …]`. Terms
/// under three characters are left out (a correctable word has five letters).
fn emit_vocabulary<E>(
    words: &[Word],
    emit: &mut dyn FnMut(&str, &str) -> Result<(), E>,
) -> Result<Vec<String>, E> {
    let mut files: BTreeMap<String, (Vec<Value>, Vec<Value>)> = BTreeMap::new();
    for w in words.iter().filter(|w| w.term.chars().count() >= 3) {
        let (p, s) = typo_keys(&w.term);
        let entry = files.entry(p).or_default();
        entry.0.push(json!(w.form));
        entry.0.push(json!(w.df));
        let entry = files.entry(s).or_default();
        entry.1.push(json!(w.form));
        entry.1.push(json!(w.df));
    }
    let mut keys = Vec::with_capacity(files.len());
    for (key, (p, s)) in files {
        emit(
            &vocabulary_file(&key),
            &js(&format!("v:{key}"), &json!({ "p": p, "s": s })),
        )?;
        keys.push(key);
    }
    Ok(keys)
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
    // Per term, its word forms first seen in a document and in how many documents, for the
    // vocabulary (which shows the commonest).
    let mut forms: Vec<Vec<(Box<str>, u32)>> = Vec::new();
    let mut lengths: Vec<[u32; 4]> = Vec::with_capacity(docs.len());
    let mut kept = cache.as_ref().map(|_| AnalysisCache::default());
    let (own, other) = crate::search::language::analyses(site);
    for part in docs.chunks(ANALYSIS_CHUNK) {
        let analysed: Vec<(u64, Arc<Analysed>)> = part
            .par_iter()
            .map(|d| match cache.as_deref() {
                None => (0, Arc::new(analyse(d, own, other))),
                Some(cache) => {
                    let mut h = rustc_hash::FxHasher::default();
                    d.hash(&mut h);
                    let key = h.finish();
                    let a = cache
                        .get(&key)
                        .cloned()
                        .unwrap_or_else(|| Arc::new(analyse(d, own, other)));
                    (key, a)
                }
            })
            .collect();
        for (key, a) in analysed {
            let d = lengths.len() as u32;
            lengths.push(a.lengths);
            for (t, (tf, form)) in &a.terms {
                let id = match ids.get(t.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = postings.len() as u32;
                        ids.insert(t.clone(), id);
                        postings.push((t.clone(), Postings::default()));
                        forms.push(Vec::new());
                        id
                    }
                };
                let seen = &mut forms[id as usize];
                match seen.iter_mut().find(|(f, _)| f == form) {
                    Some((_, n)) => *n += 1,
                    None => seen.push((form.clone(), 1)),
                }
                postings[id as usize].1.push(d, *tf);
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
    let mut words: Vec<Word> = postings
        .iter()
        .zip(forms)
        .map(|((term, list), forms)| Word {
            form: forms
                .into_iter()
                .min_by(|a, b| {
                    b.1.cmp(&a.1)
                        .then(a.0.len().cmp(&b.0.len()))
                        .then(a.0.cmp(&b.0))
                })
                .map(|(f, _)| f.into())
                .unwrap_or_default(),
            term: term.clone(),
            df: list.len,
        })
        .collect();
    words.sort_by(|a, b| a.term.cmp(&b.term));
    let expansions = lexicon::expansions(site);
    emit(
        &format!("{INDEX_DIR}/{LEXICON_FILE}"),
        &Lexicon::to_json(&words, &expansions),
    )?;
    // The keys with a vocabulary file, one string: a misspelt word asks only for files that exist.
    let vocabulary_keys = emit_vocabulary(&words, &mut emit)?.join(" ");
    drop(words);
    let mut encoded: Vec<(String, String)> = postings
        .into_par_iter()
        .map(|(term, list)| {
            // Documents were added in order: every list is sorted by document already.
            let df = f64::from(list.len);
            let idf = (1.0 + (n as f64 - df + 0.5) / (df + 0.5)).ln();
            let mut s = String::with_capacity(list.len as usize * 3 + 2);
            s.push('"');
            let mut prev = 0u32;
            for (d, tf) in list.iter() {
                let lengths = &lengths[d as usize];
                let mut score = 0.0;
                for f in 0..4 {
                    if tf[f] > 0 {
                        let tf = f64::from(tf[f]);
                        let norm = 1.0 - B + B * f64::from(lengths[f]) / avg[f];
                        score += weights[f] * tf * (K1 + 1.0) / (tf + K1 * norm);
                    }
                }
                let q = ((idf * score * 10.0).round() as u32).max(1);
                push_number(&mut s, d - prev);
                push_number(&mut s, q);
                prev = d;
            }
            s.push('"');
            (term, s)
        })
        .collect();
    // Expansions ride in the shard of their phrase's first term, under `" " + term`.
    let mut by_first: BTreeMap<&str, Vec<&lexicon::Expansion>> = BTreeMap::new();
    for e in &expansions {
        by_first.entry(e.0[0].as_str()).or_default().push(e);
    }
    for (first, list) in by_first {
        encoded.push((
            format!("{first} "),
            serde_json::to_string(&list).expect("expansions"),
        ));
    }
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
            // An expansion entry (sorted as `term `) is keyed `" term"`.
            let key = match encoded[i].0.strip_suffix(' ') {
                Some(t) => format!(" {t}"),
                None => encoded[i].0.clone(),
            };
            let _ = write!(
                body,
                "{}:{}",
                serde_json::to_string(&key).expect("string"),
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
    // The shard keys by first character: a query asks for the lists of its words' first
    // characters, not for every key of the site.
    let mut routes: BTreeMap<char, Vec<&str>> = BTreeMap::new();
    for key in &keys {
        if let Some(c) = key.chars().next() {
            routes.entry(c).or_default().push(key);
        }
    }
    for (c, list) in &routes {
        emit(&route_file(*c), &js(&format!("k:{c}"), &json!(list)))?;
    }
    let routes: Vec<String> = routes.keys().map(char::to_string).collect();
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
    // Facets and their labels, loaded only when the results page's filters are opened or
    // the address chose one: a document's kind comes from `kindRuns` in meta.js instead.
    let ui = &site.ui;
    let facets = json!({
        "h": docs.iter().map(|d| d.holder.as_deref().and_then(|h| holder_ids.iter().position(|x| *x == h)).map_or(-1, |p| p as i64)).collect::<Vec<_>>(),
        "a": docs.iter().map(|d| bitmask(&d.audience, AUDIENCE.values)).collect::<Vec<_>>(),
        "c": docs.iter().map(|d| bitmask(&d.channels, CHANNEL.values)).collect::<Vec<_>>(),
        "s": docs.iter().map(|d| d.situations.iter().filter_map(|s| situation_ids.iter().position(|x| x == s)).collect::<Vec<_>>()).collect::<Vec<_>>(),
        "holders": c.institutions.iter().map(|i| json!([i.id, i.name])).collect::<Vec<_>>(),
        "audiences": AUDIENCE.values.iter().map(|a| json!([a, ui.value("audience", a)])).collect::<Vec<_>>(),
        "channels": CHANNEL.values.iter().map(|a| json!([a, ui.value("channel", a)])).collect::<Vec<_>>(),
        "situations": c.situations.iter().map(|s| json!([s.doc.id, s.title])).collect::<Vec<_>>(),
        "facetTitles": {
            "kind": ui.get("search.kind"),
            "holder": ui.get("catalogue.facet_holder"),
            "audience": ui.get("catalogue.facet_audience"),
            "channel": ui.get("catalogue.facet_channel"),
            "situation": ui.get("catalogue.facet_situation"),
        },
    });
    emit("search/f.js", &js("f", &facets))?;
    // Documents are written kind by kind: each run is [first document, kind].
    let mut kind_runs: Vec<[usize; 2]> = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let k = kind_code(d.kind());
        if kind_runs.last().is_none_or(|r| r[1] != k) {
            kind_runs.push([i, k]);
        }
    }
    let meta = json!({
        "v": 2,
        "n": docs.len(),
        "chunk": chunk,
        "prefixMin": MIN_PREFIX_CHARS,
        "maxQueryChars": MAX_QUERY_CHARS,
        "maxQueryWords": MAX_QUERY_WORDS,
        "stop": STOPWORDS,
        "defs": DEFINITION_OPENERS,
        "irregular": IRREGULAR_ROOTS,
        "vocab": vocabulary_keys,
        "weights": {
            "family": FAMILY_WEIGHT,
            "expansion": EXPANSION_WEIGHT,
            "corrected": CORRECTED_WEIGHT,
            "methodology": METHODOLOGY_FACTOR,
        },
        "methodology": METHODOLOGY,
        "routes": routes,
        // The analysis of the edition's language, and of the other edition's (terms marked `~`).
        "lang": own.name(),
        "other": other.map(Analysis::name),
        "kinds": Kind::ALL.iter().map(|k| json!([k.slug(), ui.kind(*k)])).collect::<Vec<_>>(),
        "kindRuns": kind_runs,
        "strings": ui.json().get("search").cloned().unwrap_or(Value::Null),
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
    fn postings_give_back_what_was_gathered() {
        let added = [
            (0, [1, 0, 0, 0]),
            (3, [0, 2, 0, 300]),
            (200, [0, 0, 0, 1]),
            (70_000, [u16::MAX, 0, 127, 128]),
            (u32::MAX, [0, 0, 0, 0]),
        ];
        let mut p = Postings::default();
        for (d, tf) in added {
            p.push(d, tf);
        }
        assert_eq!(p.len, 5);
        assert_eq!(p.iter().collect::<Vec<_>>(), added);
    }

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
