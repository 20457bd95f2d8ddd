//! The prebuilt tantivy index: written at build time into `site/search/index/`, read by
//! `katalogs search` and the preview server's `/api/search`. Every text field uses the one
//! Latvian analyser, registered as the tokenizer `lv`.

use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::Path;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, Occur, Query, TermQuery,
    TermSetQuery, Weight,
};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use crate::search::bounds::{MAX_PREFIX_TERMS, MIN_PREFIX_CHARS, bounded};
use crate::search::documents::SearchDoc;
use crate::text::analysis::{analyze_word, normalize_prefix, word_ranges};

/// The name every text field's analyser is registered under.
pub(crate) const TOKENIZER: &str = "lv";

/// Field boosts: title and term name above keywords above summary above body.
pub(crate) const BOOSTS: [(&str, f32); 4] = [
    ("title", 5.0),
    ("keywords", 3.0),
    ("summary", 2.0),
    ("body", 1.0),
];

/// The Latvian analyser as a tantivy tokenizer.
#[derive(Clone, Default)]
pub(crate) struct LatvianTokenizer;

pub(crate) struct LatvianTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for LatvianTokenizer {
    type TokenStream<'a> = LatvianTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> LatvianTokenStream {
        let tokens = word_ranges(text)
            .enumerate()
            .map(|(position, (from, to))| Token {
                offset_from: from,
                offset_to: to,
                position,
                text: analyze_word(&text[from..to]),
                position_length: 1,
            })
            .collect();
        LatvianTokenStream { tokens, next: 0 }
    }
}

impl TokenStream for LatvianTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// The fields of the index.
pub(crate) struct Fields {
    pub(crate) kind: Field,
    pub(crate) url: Field,
    pub(crate) title: Field,
    pub(crate) context: Field,
    pub(crate) summary: Field,
    pub(crate) body: Field,
    pub(crate) keywords: Field,
    pub(crate) holder: Field,
    pub(crate) audience: Field,
    pub(crate) channel: Field,
    pub(crate) situation: Field,
    /// Lowercased, folded title (and aliases) for exact-title boosting.
    pub(crate) title_exact: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored { o.set_stored() } else { o }
    };
    let fields = Fields {
        kind: b.add_text_field("kind", STRING | STORED),
        url: b.add_text_field("url", STRING | STORED),
        title: b.add_text_field("title", text(true)),
        context: b.add_text_field("context", STORED),
        summary: b.add_text_field("summary", text(true)),
        body: b.add_text_field("body", text(true)),
        keywords: b.add_text_field("keywords", text(false)),
        holder: b.add_text_field("holder", STRING | STORED),
        audience: b.add_text_field("audience", STRING | STORED),
        channel: b.add_text_field("channel", STRING | STORED),
        situation: b.add_text_field("situation", STRING | STORED),
        title_exact: b.add_text_field("title_exact", STRING),
    };
    (b.build(), fields)
}

fn fields_of(index: &Index) -> tantivy::Result<Fields> {
    let s = index.schema();
    Ok(Fields {
        kind: s.get_field("kind")?,
        url: s.get_field("url")?,
        title: s.get_field("title")?,
        context: s.get_field("context")?,
        summary: s.get_field("summary")?,
        body: s.get_field("body")?,
        keywords: s.get_field("keywords")?,
        holder: s.get_field("holder")?,
        audience: s.get_field("audience")?,
        channel: s.get_field("channel")?,
        situation: s.get_field("situation")?,
        title_exact: s.get_field("title_exact")?,
    })
}

/// The whole query text normalised for exact-title comparison.
pub(crate) fn exact_key(text: &str) -> String {
    word_ranges(text)
        .map(|(s, e)| normalize_prefix(&text[s..e]))
        .collect::<Vec<_>>()
        .join(" ")
}

fn document(f: &Fields, d: &SearchDoc) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.kind, d.kind().slug());
    doc.add_text(f.url, &d.url);
    doc.add_text(f.title, &d.title);
    doc.add_text(f.context, &d.context);
    doc.add_text(f.summary, &d.summary);
    doc.add_text(f.body, &d.body);
    doc.add_text(f.keywords, &d.keywords);
    doc.add_text(f.title_exact, exact_key(&d.title));
    for alias in &d.aliases {
        doc.add_text(f.title_exact, exact_key(alias));
    }
    if let Some(h) = &d.holder {
        doc.add_text(f.holder, h);
    }
    for a in &d.audience {
        doc.add_text(f.audience, a);
    }
    for c in &d.channels {
        doc.add_text(f.channel, c);
    }
    for s in &d.situations {
        doc.add_text(f.situation, s);
    }
    doc
}

/// Writes the index of `docs` into `dir`.
pub(crate) fn write_index(dir: &Path, docs: &[SearchDoc]) -> tantivy::Result<()> {
    std::fs::create_dir_all(dir)?;
    let (schema, f) = schema();
    let index = Index::create_in_dir(dir, schema)?;
    add_documents(&index, &f, docs)
}

/// An index of `docs` held in memory, opened for searching (for fuzzing and tests).
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) fn searcher_in_ram(docs: &[SearchDoc]) -> tantivy::Result<Searcher> {
    let (schema, f) = schema();
    let index = Index::create_in_ram(schema);
    add_documents(&index, &f, docs)?;
    Searcher::from_index(index)
}

fn add_documents(index: &Index, f: &Fields, docs: &[SearchDoc]) -> tantivy::Result<()> {
    index.tokenizers().register(TOKENIZER, LatvianTokenizer);
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 64 * 1024 * 1024)?;
    for d in docs {
        writer.add_document(document(f, d))?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}

/// The preview's index, kept open between rebuilds and updated document by document:
/// only documents whose content changed are deleted and added again.
pub(crate) struct LiveIndex {
    writer: IndexWriter,
    f: Fields,
    /// Per URL: a hash of the documents with that URL.
    docs: HashMap<String, u64>,
}

impl LiveIndex {
    /// Opens the index a build wrote into `dir`; the first update replaces its contents.
    pub(crate) fn open(dir: &Path) -> tantivy::Result<LiveIndex> {
        let index = Index::open_in_dir(dir)?;
        index.tokenizers().register(TOKENIZER, LatvianTokenizer);
        let f = fields_of(&index)?;
        let writer: IndexWriter = index.writer_with_num_threads(1, 32 * 1024 * 1024)?;
        writer.delete_all_documents()?;
        Ok(LiveIndex {
            writer,
            f,
            docs: HashMap::new(),
        })
    }

    /// Brings the index to `docs`; returns how many URLs changed.
    pub(crate) fn update(&mut self, docs: &[SearchDoc]) -> tantivy::Result<usize> {
        let mut by_url: HashMap<&str, (u64, Vec<&SearchDoc>)> = HashMap::new();
        for d in docs {
            let e = by_url.entry(d.url.as_str()).or_insert((0, Vec::new()));
            let mut h = rustc_hash::FxHasher::default();
            (e.0, d).hash(&mut h);
            e.0 = h.finish();
            e.1.push(d);
        }
        let mut changed = 0;
        for url in self
            .docs
            .keys()
            .filter(|u| !by_url.contains_key(String::as_str(u)))
        {
            self.writer
                .delete_term(Term::from_field_text(self.f.url, url));
            changed += 1;
        }
        for (url, (hash, list)) in &by_url {
            if self.docs.get(*url) == Some(hash) {
                continue;
            }
            if self.docs.contains_key(*url) {
                self.writer
                    .delete_term(Term::from_field_text(self.f.url, url));
            }
            for d in list {
                self.writer.add_document(document(&self.f, d))?;
            }
            changed += 1;
        }
        if changed > 0 {
            self.writer.commit()?;
        }
        self.docs = by_url
            .into_iter()
            .map(|(u, (h, _))| (u.to_string(), h))
            .collect();
        Ok(changed)
    }
}

/// The terms a prefix expanded to, matched with one constant score (as a prefix query
/// scores) and left out of the snippets' highlights, which mark whole words only.
#[derive(Clone, Debug)]
struct Expansion(ConstScoreQuery);

impl Expansion {
    fn new(terms: Vec<Term>, score: f32) -> Expansion {
        Expansion(ConstScoreQuery::new(
            Box::new(TermSetQuery::new(terms)),
            score,
        ))
    }
}

impl Query for Expansion {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        self.0.weight(scoring)
    }
}

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Hit {
    pub(crate) kind: String,
    pub(crate) title: String,
    pub(crate) context: String,
    /// Site-relative path with optional anchor.
    pub(crate) url: String,
    pub(crate) score: f32,
    /// Plain text around the matches.
    pub(crate) snippet: String,
    /// Byte ranges of the matches in `snippet`.
    pub(crate) highlights: Vec<(usize, usize)>,
    pub(crate) holder: Option<String>,
    pub(crate) audience: Vec<String>,
    pub(crate) channels: Vec<String>,
    pub(crate) situations: Vec<String>,
}

/// An opened index.
pub(crate) struct Searcher {
    reader: tantivy::IndexReader,
    f: Fields,
}

impl Searcher {
    pub(crate) fn open(dir: &Path) -> tantivy::Result<Searcher> {
        Searcher::from_index(Index::open_in_dir(dir)?)
    }

    fn from_index(index: Index) -> tantivy::Result<Searcher> {
        index.tokenizers().register(TOKENIZER, LatvianTokenizer);
        let reader = index.reader()?;
        let f = fields_of(&index)?;
        Ok(Searcher { reader, f })
    }

    fn text_fields(&self) -> [(Field, f32); 4] {
        let f = &self.f;
        [
            (f.title, BOOSTS[0].1),
            (f.keywords, BOOSTS[1].1),
            (f.summary, BOOSTS[2].1),
            (f.body, BOOSTS[3].1),
        ]
    }

    /// The indexed terms of `field` that start with `prefix`: at most [`MAX_PREFIX_TERMS`],
    /// found by walking the term dictionary from `prefix` on, so the work grows with the terms
    /// visited, never with the length of `prefix` (a word longer than every indexed term
    /// stops at the first step).
    fn terms_starting_with(
        searcher: &tantivy::Searcher,
        field: Field,
        prefix: &str,
    ) -> tantivy::Result<Vec<Term>> {
        let mut found: BTreeSet<Vec<u8>> = BTreeSet::new();
        'segments: for segment in searcher.segment_readers() {
            let index = segment.inverted_index(field)?;
            let mut terms = index.terms().range().ge(prefix.as_bytes()).into_stream()?;
            while terms.advance() {
                let key = terms.key();
                if !key.starts_with(prefix.as_bytes()) {
                    break;
                }
                found.insert(key.to_vec());
                if found.len() >= MAX_PREFIX_TERMS {
                    break 'segments;
                }
            }
        }
        Ok(found
            .into_iter()
            .filter_map(|key| String::from_utf8(key).ok())
            .map(|key| Term::from_field_text(field, &key))
            .collect())
    }

    /// The query: every word must match some field (inflected forms and missing diacritics
    /// included), the last word also as a prefix while typing, an exact title match first.
    /// Only the [`bounded`] part of `text` is searched.
    fn query(
        &self,
        searcher: &tantivy::Searcher,
        text: &str,
        kind: Option<&str>,
        all_words: bool,
    ) -> tantivy::Result<Option<Box<dyn Query>>> {
        let text = bounded(text);
        let words: Vec<(usize, usize)> = word_ranges(text).collect();
        if words.is_empty() {
            return Ok(None);
        }
        let typing = !text.ends_with(char::is_whitespace);
        let mut word_clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (n, &(s, e)) in words.iter().enumerate() {
            let word = &text[s..e];
            let stem = analyze_word(word);
            let prefix = normalize_prefix(word);
            let expand =
                n + 1 == words.len() && typing && prefix.chars().count() >= MIN_PREFIX_CHARS;
            let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for (field, boost) in self.text_fields() {
                let term = Term::from_field_text(field, &stem);
                alternatives.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                        boost,
                    )),
                ));
                if !expand {
                    continue;
                }
                for p in [&prefix, &stem] {
                    let terms = Self::terms_starting_with(searcher, field, p)?;
                    if !terms.is_empty() {
                        alternatives
                            .push((Occur::Should, Box::new(Expansion::new(terms, boost * 0.5))));
                    }
                }
            }
            let occur = if all_words {
                Occur::Must
            } else {
                Occur::Should
            };
            word_clauses.push((occur, Box::new(BooleanQuery::new(alternatives))));
        }
        // The words are one required clause, so a kind filter never matches on its own.
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, Box::new(BooleanQuery::new(word_clauses)))];
        clauses.push((
            Occur::Should,
            Box::new(BoostQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(self.f.title_exact, &exact_key(text)),
                    IndexRecordOption::Basic,
                )),
                50.0,
            )),
        ));
        if let Some(k) = kind {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.f.kind, k),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        Ok(Some(Box::new(BooleanQuery::new(clauses))))
    }

    /// Ranked hits for `text`: all words first; if nothing has them all, any word. Only the
    /// [`bounded`] part of `text` is searched, so any text answers in bounded time and memory.
    pub(crate) fn search(
        &self,
        text: &str,
        kind: Option<&str>,
        limit: usize,
    ) -> tantivy::Result<Vec<Hit>> {
        let searcher = self.reader.searcher();
        // Never more room for hits than there are documents.
        let limit = usize::try_from(searcher.num_docs()).map_or(limit, |n| limit.min(n));
        for all_words in [true, false] {
            let Some(query) = self.query(&searcher, text, kind, all_words)? else {
                return Ok(Vec::new());
            };
            let top =
                searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
            if top.is_empty() {
                continue;
            }
            let mut body_snippets = SnippetGenerator::create(&searcher, &*query, self.f.body)?;
            body_snippets.set_max_num_chars(200);
            let mut summary_snippets =
                SnippetGenerator::create(&searcher, &*query, self.f.summary)?;
            summary_snippets.set_max_num_chars(200);
            let f = &self.f;
            let mut hits = Vec::with_capacity(top.len());
            for (score, address) in top {
                let doc: TantivyDocument = searcher.doc(address)?;
                let get = |field: Field| {
                    doc.get_first(field)
                        .and_then(|v| v.as_str())
                        .unwrap_or("")
                        .to_string()
                };
                let all = |field: Field| {
                    doc.get_all(field)
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect::<Vec<_>>()
                };
                let mut snippet = body_snippets.snippet_from_doc(&doc);
                if snippet.highlighted().is_empty() {
                    let s = summary_snippets.snippet_from_doc(&doc);
                    if !s.highlighted().is_empty() || snippet.fragment().is_empty() {
                        snippet = s;
                    }
                }
                hits.push(Hit {
                    kind: get(f.kind),
                    title: get(f.title),
                    context: get(f.context),
                    url: get(f.url),
                    score,
                    snippet: snippet.fragment().to_string(),
                    highlights: snippet
                        .highlighted()
                        .iter()
                        .map(|r| (r.start, r.end))
                        .collect(),
                    holder: doc
                        .get_first(f.holder)
                        .and_then(|v| v.as_str())
                        .map(str::to_string),
                    audience: all(f.audience),
                    channels: all(f.channel),
                    situations: all(f.situation),
                });
            }
            return Ok(hits);
        }
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Kind;

    fn doc(kind: Kind, url: &str, title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            kind: Some(kind),
            url: url.into(),
            title: title.into(),
            body: body.into(),
            ..Default::default()
        }
    }

    fn urls(hits: &[Hit]) -> Vec<&str> {
        hits.iter().map(|h| h.url.as_str()).collect()
    }

    #[test]
    fn the_word_being_typed_matches_as_a_prefix_however_long() {
        let s = searcher_in_ram(&[doc(
            Kind::Service,
            "b.html",
            "Deklarācija",
            "Iesniegšana elektroniski.",
        )])
        .unwrap();
        assert_eq!(urls(&s.search("dekl", None, 10).unwrap()), ["b.html"]);
        assert_eq!(
            urls(&s.search("iesniegšana elektr", None, 10).unwrap()),
            ["b.html"]
        );
        assert!(
            s.search("dekl ", None, 10).unwrap().is_empty(),
            "a finished word is no prefix"
        );
        let started = std::time::Instant::now();
        let long = format!("dekl{}", "a".repeat(1 << 20));
        assert!(s.search(&long, None, 10).unwrap().is_empty());
        let long = format!("deklarācija {}", "ā".repeat(1 << 20));
        assert_eq!(urls(&s.search(&long, None, 10).unwrap()), ["b.html"]);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn a_prefix_expands_to_a_bounded_number_of_terms() {
        let body: Vec<String> = (0..MAX_PREFIX_TERMS + 500)
            .map(|n| format!("pre{n:05}x"))
            .collect();
        let s = searcher_in_ram(&[doc(Kind::Page, "a.html", "A", &body.join(" "))]).unwrap();
        let searcher = s.reader.searcher();
        let terms = Searcher::terms_starting_with(&searcher, s.f.body, "pre").unwrap();
        assert_eq!(terms.len(), MAX_PREFIX_TERMS);
        assert_eq!(terms[0].value().as_str(), Some("pre00000x"));
        assert_eq!(urls(&s.search("pre", None, 10).unwrap()), ["a.html"]);
        let none = Searcher::terms_starting_with(&searcher, s.f.body, &"p".repeat(1 << 20));
        assert!(none.unwrap().is_empty());
    }

    #[test]
    fn a_kind_filter_alone_matches_nothing() {
        let s = searcher_in_ram(&[
            doc(
                Kind::Page,
                "a.html",
                "Pārvaldības sistēma",
                "Līmeņi un mērogi.",
            ),
            doc(
                Kind::Service,
                "b.html",
                "Deklarācija",
                "Iesniegšana elektroniski.",
            ),
        ])
        .unwrap();
        assert!(s.search("qqqzzz", Some("page"), 10).unwrap().is_empty());
        assert!(
            s.search("deklaracija", Some("page"), 10)
                .unwrap()
                .is_empty()
        );
        let hits = s.search("parvaldiba zzz", Some("page"), 10).unwrap();
        assert_eq!(
            hits.iter().map(|h| h.url.as_str()).collect::<Vec<_>>(),
            ["a.html"]
        );
        let hits = s.search("deklarācijas", None, 10).unwrap();
        assert_eq!(
            hits.iter().map(|h| h.url.as_str()).collect::<Vec<_>>(),
            ["b.html"]
        );
    }
}
