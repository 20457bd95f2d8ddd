//! The prebuilt tantivy index: written at build time into `site/search/index/`, read by
//! `katalogs search` and the preview server's `/api/search`. Every text field uses the one
//! Latvian analyser, registered as the tokenizer `lv`.

use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::Path;

use serde::Serialize;
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, Occur, Query, TermQuery,
    TermSetQuery, Weight,
};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{DocAddress, Index, IndexWriter, TantivyDocument, Term};

use crate::search::bounds::{MAX_PREFIX_TERMS, MIN_PREFIX_CHARS, bounded};
use crate::search::documents::SearchDoc;
use crate::search::language::Analysis;
use crate::search::lexicon::{LEXICON_FILE, Lexicon};
use crate::text::analysis::{definition_opener, family_prefixes, is_stopword, root};
use crate::text::analysis::{normalize_prefix, word_ranges};

/// The name every text field's analyser is registered under.
pub(crate) const TOKENIZER: &str = "lv";

/// Field boosts: title and term name above keywords above summary above body.
pub(crate) const BOOSTS: [(&str, f32); 4] = [
    ("title", 5.0),
    ("keywords", 3.0),
    ("summary", 2.0),
    ("body", 1.0),
];

/// The boost of a match in the other edition's language: below the title and the keywords
/// in the edition's own language, above its summary and body.
pub(crate) const OTHER_BOOST: f32 = 2.5;

/// The tokens of one text, each word analysed.
pub(crate) struct WordTokens {
    tokens: Vec<Token>,
    next: usize,
}

/// A language's analysis as a tantivy tokenizer (Latvian under [`TOKENIZER`], the others
/// under their names).
#[derive(Clone)]
pub(crate) struct LanguageTokenizer(pub(crate) Analysis);

impl Tokenizer for LanguageTokenizer {
    type TokenStream<'a> = WordTokens;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokens {
        let analysis = self.0;
        let tokens = word_ranges(text)
            .enumerate()
            .map(|(position, (from, to))| Token {
                offset_from: from,
                offset_to: to,
                position,
                text: analysis.analyze_word(&text[from..to]),
                position_length: 1,
            })
            .collect();
        WordTokens { tokens, next: 0 }
    }
}

/// Registers every language's tokenizer on `index`: its schema names the one of each field.
fn register_tokenizers(index: &Index) {
    index
        .tokenizers()
        .register(TOKENIZER, LanguageTokenizer(Analysis::Latvian));
    let en = Analysis::English;
    index
        .tokenizers()
        .register(en.name(), LanguageTokenizer(en));
}

impl TokenStream for WordTokens {
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
    /// Text in the other edition's language, analysed as that language (absent in indexes
    /// written before editions).
    pub(crate) other: Option<Field>,
}

/// The languages of an index: its edition's own, and the other edition's (the fallback).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Languages {
    pub own: Analysis,
    pub other: Analysis,
}

impl Default for Languages {
    fn default() -> Self {
        Languages {
            own: Analysis::Latvian,
            other: Analysis::Latvian,
        }
    }
}

fn schema(langs: Languages) -> (Schema, Fields) {
    let mut b = Schema::builder();
    let analysed = |analysis: Analysis, stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analysis.name())
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored { o.set_stored() } else { o }
    };
    let text = |stored: bool| analysed(langs.own, stored);
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
        other: Some(b.add_text_field("other", analysed(langs.other, false))),
    };
    (b.build(), fields)
}

/// The analysis a field of `index` was written with.
fn analysis_of(index: &Index, field: Option<Field>) -> Option<Analysis> {
    let entry = index.schema().get_field_entry(field?).clone();
    let tokenizer = match entry.field_type() {
        tantivy::schema::FieldType::Str(o) => o.get_indexing_options()?.tokenizer().to_string(),
        _ => return None,
    };
    Some(Analysis::of(&tokenizer))
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
        other: s.get_field("other").ok(),
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
    if let Some(other) = f.other
        && !d.other.is_empty()
    {
        doc.add_text(other, &d.other);
    }
    doc
}

/// Writes the index of `docs` into `dir`.
pub(crate) fn write_index(dir: &Path, docs: &[SearchDoc], langs: Languages) -> tantivy::Result<()> {
    std::fs::create_dir_all(dir)?;
    let (schema, f) = schema(langs);
    let index = Index::create_in_dir(dir, schema)?;
    add_documents(&index, &f, docs)
}

/// An index of `docs` held in memory, opened for searching (for fuzzing and tests).
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) fn searcher_in_ram(docs: &[SearchDoc]) -> tantivy::Result<Searcher> {
    searcher_in_ram_with(docs, Lexicon::default())
}

/// [`searcher_in_ram`] with a lexicon.
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) fn searcher_in_ram_with(
    docs: &[SearchDoc],
    lexicon: Lexicon,
) -> tantivy::Result<Searcher> {
    let (schema, f) = schema(Languages::default());
    let index = Index::create_in_ram(schema);
    add_documents(&index, &f, docs)?;
    Searcher::from_index(index, lexicon)
}

fn add_documents(index: &Index, f: &Fields, docs: &[SearchDoc]) -> tantivy::Result<()> {
    register_tokenizers(index);
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
        register_tokenizers(&index);
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

/// How much a term of a query word's derivational family ([`root`]) counts next to the word's
/// own term.
pub(crate) const FAMILY_WEIGHT: f32 = 0.7;
/// How much a term found through a glossary expansion counts.
pub(crate) const EXPANSION_WEIGHT: f32 = 0.6;
/// How much the term a misspelt word was corrected to counts: exact matches stay above.
pub(crate) const CORRECTED_WEIGHT: f32 = 0.8;
/// Kinds of the methodology, ranked below services, life situations, terms and institutions
/// when scores are close.
pub(crate) const METHODOLOGY: [&str; 3] = ["page", "lesson", "course"];
/// The factor on a methodology document's score.
pub(crate) const METHODOLOGY_FACTOR: f32 = 0.7;
/// Most matching documents ranked per query.
const MAX_CANDIDATES: usize = 20_000;

/// One word of a query: the word as typed, the terms that count for it with their weights,
/// and the prefixes it is also searched by while being typed.
struct Slot {
    word: String,
    alts: Vec<(String, f32)>,
    prefixes: Vec<String>,
}

/// A query as the searcher understood it.
struct Understood {
    slots: Vec<Slot>,
    unmatched: Vec<String>,
    corrected: Vec<(String, String)>,
    /// The exact key of X in *kas ir X*.
    subject: Option<String>,
    exact: String,
}

/// Ranked hits and what the searcher made of the query.
#[derive(Debug, Clone, Serialize, Default)]
pub(crate) struct Report {
    pub(crate) hits: Vec<Hit>,
    /// Words that match nothing on the site (said, not silently dropped).
    pub(crate) unmatched: Vec<String>,
    /// Misspelt words and the vocabulary word searched instead.
    pub(crate) corrected: Vec<(String, String)>,
    /// Matching documents (at most 20,000 are counted).
    pub(crate) total: usize,
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
    lexicon: Lexicon,
    langs: Languages,
}

impl Searcher {
    /// Opens the index in `dir` with the lexicon written beside it (none: no typo correction
    /// and no expansions).
    pub(crate) fn open(dir: &Path) -> tantivy::Result<Searcher> {
        let lexicon = std::fs::read_to_string(dir.join(LEXICON_FILE))
            .ok()
            .and_then(|t| Lexicon::from_json(&t).ok())
            .unwrap_or_default();
        Searcher::from_index(Index::open_in_dir(dir)?, lexicon)
    }

    fn from_index(index: Index, lexicon: Lexicon) -> tantivy::Result<Searcher> {
        register_tokenizers(&index);
        let reader = index.reader()?;
        let f = fields_of(&index)?;
        let own = analysis_of(&index, Some(f.title)).unwrap_or(Analysis::Latvian);
        let langs = Languages {
            own,
            other: analysis_of(&index, f.other).unwrap_or(own),
        };
        Ok(Searcher {
            reader,
            f,
            lexicon,
            langs,
        })
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

    /// Whether some text field has `term`.
    fn has_term(&self, searcher: &tantivy::Searcher, term: &str) -> tantivy::Result<bool> {
        for (field, _) in self.text_fields() {
            if searcher.doc_freq(&Term::from_field_text(field, term))? > 0 {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The indexed terms of any text field that share the root of `stem` ([`root`]), `stem`
    /// left out.
    fn family(&self, searcher: &tantivy::Searcher, stem: &str) -> tantivy::Result<Vec<String>> {
        let r = root(stem);
        let mut out = BTreeSet::new();
        // A root of one or two letters (a word being begun) has no family worth the walk.
        if r.chars().count() < 3 {
            return Ok(Vec::new());
        }
        for p in family_prefixes(&r) {
            for (field, _) in self.text_fields() {
                for t in Self::terms_starting_with(searcher, field, p)? {
                    if let Some(t) = t.value().as_str()
                        && t != stem
                        && root(t) == r
                    {
                        out.insert(t.to_string());
                    }
                }
            }
        }
        Ok(out.into_iter().collect())
    }

    /// What a query searches: its words ([`bounded`]), question and filler words set aside,
    /// each word with the terms that count for it ([`Understood`]).
    fn understand(&self, searcher: &tantivy::Searcher, text: &str) -> tantivy::Result<Understood> {
        let text = bounded(text);
        let words: Vec<&str> = word_ranges(text).map(|(s, e)| &text[s..e]).collect();
        let typing = !text.ends_with(char::is_whitespace);
        let opener = definition_opener(&words).unwrap_or(0);
        let mut content: Vec<(usize, &str)> = words
            .iter()
            .enumerate()
            .skip(opener)
            .filter(|(_, w)| !is_stopword(w))
            .map(|(i, w)| (i, *w))
            .collect();
        if content.is_empty() {
            content = words
                .iter()
                .enumerate()
                .skip(opener)
                .map(|(i, w)| (i, *w))
                .collect();
        }
        if content.is_empty() {
            content = words.iter().enumerate().map(|(i, w)| (i, *w)).collect();
        }
        let stems: Vec<String> = content
            .iter()
            .map(|(_, w)| self.langs.own.analyze_word(w))
            .collect();
        let mut slots: Vec<Slot> = Vec::new();
        for (n, &(i, word)) in content.iter().enumerate() {
            let stem = &stems[n];
            let mut slot = Slot {
                word: word.to_string(),
                alts: Vec::new(),
                prefixes: Vec::new(),
            };
            if self.has_term(searcher, stem)? {
                slot.alts.push((stem.clone(), 1.0));
            }
            let prefix = normalize_prefix(word);
            if i + 1 == words.len() && typing && prefix.chars().count() >= MIN_PREFIX_CHARS {
                slot.prefixes = if prefix == *stem {
                    vec![prefix]
                } else {
                    vec![prefix, stem.clone()]
                };
            }
            // The word being typed finds its longer forms as a prefix: its family is looked up
            // only when neither finds anything (so typing costs no more than before).
            if slot.prefixes.is_empty()
                || (slot.alts.is_empty() && !self.prefix_matches(searcher, &slot)?)
            {
                for t in self.family(searcher, stem)? {
                    slot.alts.push((t, FAMILY_WEIGHT));
                }
            }
            slots.push(slot);
        }
        // Expansions from the glossary: a phrase of the query also searches its other names.
        for n in 0..stems.len() {
            for (from, to) in self.lexicon.expansions_from(&stems[n]) {
                if !stems[n..].starts_with(from) {
                    continue;
                }
                for t in to {
                    if self.has_term(searcher, t)? {
                        for slot in &mut slots[n..n + from.len()] {
                            if !slot.alts.iter().any(|(a, _)| a == t) {
                                slot.alts.push((t.clone(), EXPANSION_WEIGHT));
                            }
                        }
                    }
                }
            }
        }
        let mut unmatched = Vec::new();
        let mut corrected = Vec::new();
        for (n, slot) in slots.iter_mut().enumerate() {
            if !slot.alts.is_empty() || self.prefix_matches(searcher, slot)? {
                continue;
            }
            match self.lexicon.correct(&slot.word, &stems[n]) {
                Some(w) => {
                    corrected.push((slot.word.clone(), w.form.clone()));
                    slot.alts.push((w.term.clone(), CORRECTED_WEIGHT));
                    for t in self.family(searcher, &w.term)? {
                        slot.alts.push((t, CORRECTED_WEIGHT * FAMILY_WEIGHT));
                    }
                }
                None => unmatched.push(slot.word.clone()),
            }
        }
        slots.retain(|s| !s.alts.is_empty() || !s.prefixes.is_empty());
        let subject = (opener > 0).then(|| exact_key(&words[opener..].join(" ")));
        Ok(Understood {
            slots,
            unmatched,
            corrected,
            subject,
            exact: exact_key(text),
        })
    }

    /// Whether the prefixes of a slot (the word being typed) match some indexed term.
    fn prefix_matches(&self, searcher: &tantivy::Searcher, slot: &Slot) -> tantivy::Result<bool> {
        for p in &slot.prefixes {
            for (field, _) in self.text_fields() {
                if !Self::terms_starting_with(searcher, field, p)?.is_empty() {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// The scoring query of one slot: each of its terms in each field, weighted.
    fn slot_query(
        &self,
        searcher: &tantivy::Searcher,
        slot: &Slot,
    ) -> tantivy::Result<BooleanQuery> {
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // The word in the other edition's language: a translation, the original, or a
        // glossary term's English equivalent.
        if let Some(other) = self.f.other {
            let term = Term::from_field_text(other, &self.langs.other.analyze_word(&slot.word));
            alternatives.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                    OTHER_BOOST,
                )),
            ));
        }
        for (field, boost) in self.text_fields() {
            for (term, weight) in &slot.alts {
                alternatives.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(
                            Term::from_field_text(field, term),
                            IndexRecordOption::WithFreqs,
                        )),
                        boost * weight,
                    )),
                ));
            }
            for p in &slot.prefixes {
                let terms: Vec<Term> = Self::terms_starting_with(searcher, field, p)?
                    .into_iter()
                    .filter(|t| {
                        !slot
                            .alts
                            .iter()
                            .any(|(a, _)| Some(a.as_str()) == t.value().as_str())
                    })
                    .collect();
                if !terms.is_empty() {
                    alternatives
                        .push((Occur::Should, Box::new(Expansion::new(terms, boost * 0.5))));
                }
            }
        }
        Ok(BooleanQuery::new(alternatives))
    }

    fn kind_is(&self, kinds: &[&str]) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(
            kinds
                .iter()
                .map(|k| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(self.f.kind, k),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, q)
                })
                .collect(),
        ))
    }

    /// Ranked hits for `text` (see [`Searcher::search_report`]).
    #[cfg(any(test, feature = "fuzzing"))]
    pub(crate) fn search(
        &self,
        text: &str,
        kind: Option<&str>,
        limit: usize,
    ) -> tantivy::Result<Vec<Hit>> {
        Ok(self.search_report(text, kind, limit)?.hits)
    }

    /// Ranked hits for `text`, with the words that matched nothing and the corrected ones.
    /// Order: for a definition question (*kas ir X*) the glossary term X first; then documents
    /// matching more of the query's words (question and filler words aside); then score, with
    /// methodology pages, lessons and courses weighed down by [`METHODOLOGY_FACTOR`] so that
    /// services, life situations, terms and institutions come first when scores are close.
    /// Only the [`bounded`] part of `text` is searched, so any text answers in bounded time
    /// and memory.
    pub(crate) fn search_report(
        &self,
        text: &str,
        kind: Option<&str>,
        limit: usize,
    ) -> tantivy::Result<Report> {
        let searcher = self.reader.searcher();
        let u = self.understand(&searcher, text)?;
        let mut report = Report {
            hits: Vec::new(),
            unmatched: u.unmatched.clone(),
            corrected: u.corrected.clone(),
            total: 0,
        };
        if u.slots.is_empty() {
            return Ok(report);
        }
        let slot_queries: Vec<BooleanQuery> = u
            .slots
            .iter()
            .map(|s| self.slot_query(&searcher, s))
            .collect::<tantivy::Result<_>>()?;
        let words: Vec<(Occur, Box<dyn Query>)> = slot_queries
            .iter()
            .map(|q| (Occur::Should, Box::new(q.clone()) as Box<dyn Query>))
            .collect();
        // The words are one required clause, so a kind filter never matches on its own.
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, Box::new(BooleanQuery::new(words)))];
        clauses.push((
            Occur::Should,
            Box::new(BoostQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(self.f.title_exact, &u.exact),
                    IndexRecordOption::Basic,
                )),
                50.0,
            )),
        ));
        if let Some(k) = kind {
            clauses.push((Occur::Must, self.kind_is(&[k])));
        }
        let query = BooleanQuery::new(clauses);
        let num_docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let top = searcher.search(
            &query,
            &TopDocs::with_limit(num_docs.clamp(1, MAX_CANDIDATES)).order_by_score(),
        )?;
        report.total = top.len();
        let within = |q: Box<dyn Query>| -> tantivy::Result<std::collections::HashSet<DocAddress>> {
            searcher.search(
                &BooleanQuery::new(vec![
                    (Occur::Must, Box::new(query.clone()) as Box<dyn Query>),
                    (Occur::Must, q),
                ]),
                &DocSetCollector,
            )
        };
        let covered: Vec<std::collections::HashSet<DocAddress>> = slot_queries
            .iter()
            .map(|q| within(Box::new(q.clone())))
            .collect::<tantivy::Result<_>>()?;
        let methodology = within(self.kind_is(&METHODOLOGY))?;
        let defined = match &u.subject {
            Some(subject) => within(Box::new(BooleanQuery::new(vec![
                (Occur::Must, self.kind_is(&["term"])),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(self.f.title_exact, subject),
                        IndexRecordOption::Basic,
                    )),
                ),
            ])))?,
            None => Default::default(),
        };
        let mut ranked: Vec<(bool, usize, f32, DocAddress)> = top
            .into_iter()
            .map(|(score, a)| {
                let coverage = covered.iter().filter(|c| c.contains(&a)).count();
                let factor = if methodology.contains(&a) {
                    METHODOLOGY_FACTOR
                } else {
                    1.0
                };
                (defined.contains(&a), coverage, score * factor, a)
            })
            .collect();
        ranked.sort_by(|x, y| {
            y.0.cmp(&x.0)
                .then(y.1.cmp(&x.1))
                .then(y.2.total_cmp(&x.2))
                .then(x.3.cmp(&y.3))
        });
        ranked.truncate(limit.max(1));
        let mut body_snippets = SnippetGenerator::create(&searcher, &query, self.f.body)?;
        body_snippets.set_max_num_chars(200);
        let mut summary_snippets = SnippetGenerator::create(&searcher, &query, self.f.summary)?;
        summary_snippets.set_max_num_chars(200);
        let f = &self.f;
        for (_, _, score, address) in ranked {
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
            report.hits.push(Hit {
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
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Kind;
    use crate::text::analysis::analyze_word;

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

    fn public_site() -> Searcher {
        let mut term = doc(
            Kind::Term,
            "glosarijs/vpvkac.html",
            "Valsts un pašvaldību vienotais klientu apkalpošanas centrs",
            "Klātienes centrs.",
        );
        term.aliases = vec!["VPVKAC".into()];
        let docs = vec![
            doc(
                Kind::Service,
                "deklaresana.html",
                "Dzīvesvietas deklarēšana",
                "Dzīvesvietu deklarē elektroniski.",
            ),
            doc(
                Kind::Service,
                "bezdarbnieka-pabalsts.html",
                "Bezdarbnieka pabalsts",
                "Pabalstu izmaksā bezdarbniekam.",
            ),
            doc(
                Kind::Service,
                "slimibas-pabalsts.html",
                "Slimības pabalsts",
                "Pabalsts slimības laikā.",
            ),
            doc(
                Kind::Page,
                "metodika.html",
                "Pabalstu metodika",
                "Pabalsts un pabalsti metodikā.",
            ),
            doc(
                Kind::Service,
                "centrs.html",
                "Pieteikšanās klientu apkalpošanas centrā",
                "Centrs palīdz.",
            ),
            term,
        ];
        let words = {
            let mut seen: Vec<crate::search::lexicon::Word> = Vec::new();
            for d in &docs {
                for (s, e) in word_ranges(&format!("{} {}", d.title, d.body)) {
                    let text = format!("{} {}", d.title, d.body);
                    let form = text[s..e].to_lowercase();
                    let term = analyze_word(&form);
                    match seen.iter_mut().find(|w| w.term == term) {
                        Some(w) => w.df += 1,
                        None => seen.push(crate::search::lexicon::Word { form, term, df: 1 }),
                    }
                }
            }
            seen
        };
        let expansions = vec![
            (
                vec!["vpvkac".to_string()],
                crate::search::lexicon::phrase_terms(
                    "Valsts un pašvaldību vienotais klientu apkalpošanas centrs",
                ),
            ),
            (
                crate::search::lexicon::phrase_terms("unemployment benefit"),
                crate::search::lexicon::phrase_terms("bezdarbnieka pabalsts"),
            ),
        ];
        searcher_in_ram_with(&docs, Lexicon::new(words, expansions)).unwrap()
    }

    #[test]
    fn a_word_that_matches_nothing_is_reported_and_the_rest_still_ranks() {
        let s = public_site();
        let r = s
            .search_report("slimības pabalsts qqqzzx ", None, 10)
            .unwrap();
        assert_eq!(r.unmatched, ["qqqzzx"]);
        assert_eq!(r.hits[0].url, "slimibas-pabalsts.html");
        // Partial matches follow, ranked: all words first, then the most words.
        let r = s.search_report("slimības pabalsts ", None, 10).unwrap();
        assert_eq!(urls(&r.hits)[0], "slimibas-pabalsts.html");
        assert!(urls(&r.hits).contains(&"bezdarbnieka-pabalsts.html"));
    }

    #[test]
    fn question_words_do_not_steer_and_verbs_meet_their_nouns() {
        let s = public_site();
        let r = s
            .search_report("kā deklarēt dzīvesvietu ", None, 10)
            .unwrap();
        assert_eq!(urls(&r.hits), ["deklaresana.html"]);
        assert!(r.unmatched.is_empty(), "{:?}", r.unmatched);
    }

    #[test]
    fn a_misspelt_word_is_corrected_and_said_so() {
        let s = public_site();
        let r = s.search_report("bezdarbnika pabalsts ", None, 10).unwrap();
        assert_eq!(
            r.corrected,
            [("bezdarbnika".to_string(), "bezdarbnieka".to_string())]
        );
        assert_eq!(r.hits[0].url, "bezdarbnieka-pabalsts.html");
        // A correct word is never corrected.
        assert!(
            s.search_report("pabalsts ", None, 10)
                .unwrap()
                .corrected
                .is_empty()
        );
    }

    #[test]
    fn glossary_abbreviations_and_english_names_expand_the_query() {
        let s = public_site();
        let r = s.search_report("VPVKAC ", None, 10).unwrap();
        assert_eq!(r.hits[0].url, "glosarijs/vpvkac.html");
        assert!(
            urls(&r.hits).contains(&"centrs.html"),
            "{:?}",
            urls(&r.hits)
        );
        let r = s.search_report("unemployment benefit ", None, 10).unwrap();
        assert_eq!(r.hits[0].url, "bezdarbnieka-pabalsts.html");
    }

    #[test]
    fn a_definition_question_puts_the_term_first_and_services_lead_close_scores() {
        let s = public_site();
        let r = s.search_report("kas ir VPVKAC", None, 10).unwrap();
        assert_eq!(r.hits[0].url, "glosarijs/vpvkac.html");
        let r = s.search_report("pabalsts ", None, 10).unwrap();
        assert_eq!(
            r.hits.last().unwrap().url,
            "metodika.html",
            "{:?}",
            urls(&r.hits)
        );
    }
}
