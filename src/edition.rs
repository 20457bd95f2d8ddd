//! Editions: one site per language of `languages` in katalogs.toml. The default language's
//! is the site as loaded; every other is the same content with its translations laid over
//! it (free text only), resolved again with that language's UI strings, and written under
//! `<language>/` of the output with the same paths. What a translation may not do, and what
//! an edition shows where nobody translated, is decided here.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::config::{Config, MissingTranslation};
use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::model::{Content, Translated, Translation};
use crate::schema::Kind;

/// The output path of an edition's page that the edition leaves out points at the default
/// edition's page: one folder up from the edition's own.
pub(crate) const TO_DEFAULT: &str = "../";

/// Which language a site is, and where each edition's pages are.
#[derive(Debug, Clone, Default)]
pub(crate) struct Edition {
    /// This edition's language.
    pub(crate) lang: String,
    /// This edition's folder in the output: empty for the default language, `en/` else.
    pub(crate) prefix: String,
    /// Every edition of the site (language, folder), the default first.
    pub(crate) all: Vec<(String, String)>,
    /// Output paths (edition-relative) of pages shown wholly in the default language.
    pub(crate) untranslated: HashSet<String>,
    /// Output paths of pages whose title is translated but whose body is not.
    pub(crate) body_untranslated: HashSet<String>,
    /// Per language: the output paths its edition leaves out (`missing_translation = "omit"`).
    pub(crate) omitted: HashMap<String, HashSet<String>>,
    /// Per language: its own name (`site.language_name` of its UI strings).
    pub(crate) names: HashMap<String, String>,
}

impl Edition {
    /// The one edition of a site in `config`'s default language.
    pub(crate) fn single(config: &Config) -> Edition {
        let lang = config.default_language().to_string();
        Edition {
            all: vec![(lang.clone(), String::new())],
            lang,
            ..Edition::default()
        }
    }

    pub(crate) fn is_default(&self) -> bool {
        self.prefix.is_empty()
    }

    /// The default language.
    pub(crate) fn default_lang(&self) -> &str {
        self.all.first().map_or(&self.lang, |(l, _)| l.as_str())
    }

    /// `../` from this edition's folder to the output's root (shared assets and exports).
    pub(crate) fn up(&self) -> String {
        "../".repeat(self.prefix.matches('/').count())
    }

    /// The language the text of the page at `url` is in.
    pub(crate) fn content_lang(&self, url: &str) -> &str {
        if self.untranslated.contains(url) {
            self.default_lang()
        } else {
            &self.lang
        }
    }

    /// The editions that have the page at (edition-relative) `url`: (language, path from
    /// the output's root).
    pub(crate) fn counterparts(&self, url: &str) -> Vec<(String, String)> {
        self.all
            .iter()
            .filter(|(lang, _)| {
                *lang == self.lang || !self.omitted.get(lang).is_some_and(|o| o.contains(url))
            })
            .map(|(lang, prefix)| (lang.clone(), format!("{prefix}{url}")))
            .collect()
    }
}

/// Where each object's source is, for matching translations to originals.
fn originals(content: &Content) -> HashMap<&str, (Kind, usize, Option<jiff::civil::Date>)> {
    let mut m = HashMap::default();
    for (i, p) in content.pages.iter().enumerate() {
        m.insert(p.doc.file.as_str(), (Kind::Page, i, p.doc.updated));
    }
    for (i, p) in content.services.iter().enumerate() {
        m.insert(p.doc.file.as_str(), (Kind::Service, i, p.doc.updated));
    }
    for (i, p) in content.situations.iter().enumerate() {
        m.insert(p.doc.file.as_str(), (Kind::Situation, i, p.doc.updated));
    }
    for (i, p) in content.terms.iter().enumerate() {
        m.insert(p.doc.file.as_str(), (Kind::Term, i, p.doc.updated));
    }
    for (i, p) in content.courses.iter().enumerate() {
        m.insert(p.doc.file.as_str(), (Kind::Course, i, p.doc.updated));
    }
    for (i, p) in content.lessons.iter().enumerate() {
        m.insert(p.doc.file.as_str(), (Kind::Lesson, i, p.doc.updated));
    }
    m
}

/// What is wrong with the translations of `content`: unknown languages, translations
/// without an original, lists of another length, translations older than their originals.
pub(crate) fn check(content: &Content, config: &Config) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let languages = config.languages();
    let others = &languages[1..];
    let by_file = originals(content);
    for t in &content.translations {
        if !others.contains(&t.lang) {
            diags.push(
                Diagnostic::new(Code::TranslationLanguage, &t.file, Pos::FILE)
                    .arg("language", &t.lang)
                    .arg("allowed", others.join(", ")),
            );
            continue;
        }
        if t.kind == Kind::Institution {
            let id = t.id.as_deref().unwrap_or_default();
            if !content.institutions.iter().any(|i| i.id == id) {
                diags.push(
                    Diagnostic::new(Code::TranslationOrphan, &t.file, t.pos)
                        .field("id")
                        .arg("original", format!("{}: id {id}", t.original))
                        .arg("language", &t.lang),
                );
            }
            continue;
        }
        let Some(&(_, idx, original_updated)) = by_file.get(t.original.as_str()) else {
            diags.push(
                Diagnostic::new(Code::TranslationOrphan, &t.file, Pos::FILE)
                    .arg("original", &t.original)
                    .arg("language", &t.lang),
            );
            continue;
        };
        if t.kind == Kind::Situation {
            let s = &content.situations[idx];
            for (key, original_len) in [
                ("circumstances", s.circumstances.len()),
                ("steps", s.steps.len()),
            ] {
                let (len, pos) = match t.fields.iter().find(|(k, _, _)| *k == key) {
                    Some((_, Translated::List(l), pos)) => (l.len(), *pos),
                    Some((_, Translated::Steps(l), pos)) => (l.len(), *pos),
                    _ => continue,
                };
                if len != original_len {
                    diags.push(
                        Diagnostic::new(Code::TranslationLength, &t.file, pos)
                            .field(key)
                            .arg("key", key)
                            .arg("expected", original_len)
                            .arg("found", len)
                            .arg("original", &t.original),
                    );
                }
            }
        }
        if let (Some(original), Some(translated)) = (original_updated, t.updated)
            && original > translated
        {
            diags.push(
                Diagnostic::new(Code::TranslationOutdated, &t.file, Pos::FILE)
                    .field("updated")
                    .arg("original_updated", original)
                    .arg("found", translated)
                    .arg("original", &t.original),
            );
        }
    }
    diags
}

/// `content` as the edition in `lang` shows it, and which pages stay untranslated.
pub(crate) fn overlay(
    content: &Content,
    lang: &str,
    mode: MissingTranslation,
) -> (Content, HashSet<String>, HashSet<String>) {
    let mut c = content.clone();
    c.translations.clear();
    let mut untranslated = HashSet::default();
    let mut body_untranslated = HashSet::default();
    let mine: HashMap<&str, &Translation> = content
        .translations
        .iter()
        .filter(|t| t.lang == lang && t.kind != Kind::Institution)
        .map(|t| (t.original.as_str(), t))
        .collect();
    let institutions: HashMap<&str, &Translation> = content
        .translations
        .iter()
        .filter(|t| t.lang == lang && t.kind == Kind::Institution)
        .filter_map(|t| Some((t.id.as_deref()?, t)))
        .collect();
    // Lays a translation's body over `doc`; `None` when the object has no translation.
    let mut apply_doc = |doc: &mut crate::model::Doc, omittable: bool| -> Option<&Translation> {
        let Some(t) = mine.get(doc.file.as_str()).copied() else {
            if omittable && mode == MissingTranslation::Omit {
                doc.url = format!("{TO_DEFAULT}{}", doc.url);
            } else {
                untranslated.insert(doc.url.clone());
            }
            return None;
        };
        if !t.body.trim().is_empty() {
            doc.body = t.body.clone();
            doc.body_line = t.body_line;
            doc.file = t.file.clone();
        } else if !doc.body.trim().is_empty() {
            body_untranslated.insert(doc.url.clone());
        }
        if t.updated.is_some() {
            doc.updated = t.updated;
        }
        Some(t)
    };
    for p in &mut c.pages {
        let omittable = p.area.is_none() && !p.is_index;
        if let Some(t) = apply_doc(&mut p.doc, omittable) {
            set(&mut p.title, t.text("title"));
            set_opt(&mut p.summary, t.text("summary"));
        }
    }
    for s in &mut c.services {
        if let Some(t) = apply_doc(&mut s.doc, true) {
            set(&mut s.title, t.text("title"));
            set_opt(&mut s.summary, t.text("summary"));
            set(&mut s.keywords, t.list("keywords"));
        }
    }
    for s in &mut c.situations {
        if let Some(t) = apply_doc(&mut s.doc, true) {
            set(&mut s.title, t.text("title"));
            set_opt(&mut s.summary, t.text("summary"));
            set(&mut s.keywords, t.list("keywords"));
            if let Some(list) = t.list("circumstances")
                && list.len() == s.circumstances.len()
            {
                s.circumstances = list;
            }
            if let Some(Translated::Steps(steps)) = t.get("steps")
                && steps.len() == s.steps.len()
            {
                for (step, (title, text)) in s.steps.iter_mut().zip(steps) {
                    step.title = title.clone();
                    if text.is_some() {
                        step.text = text.clone();
                    }
                }
            }
        }
    }
    for term in &mut c.terms {
        if let Some(t) = apply_doc(&mut term.doc, true) {
            set(&mut term.term, t.text("term"));
            set_opt(&mut term.short, t.text("short"));
            set(&mut term.abbreviations, t.list("abbreviations"));
        }
    }
    for course in &mut c.courses {
        if let Some(t) = apply_doc(&mut course.doc, true) {
            set(&mut course.title, t.text("title"));
            set_opt(&mut course.summary, t.text("summary"));
        }
    }
    for l in &mut c.lessons {
        if let Some(t) = apply_doc(&mut l.doc, true) {
            set(&mut l.title, t.text("title"));
            set_opt(&mut l.summary, t.text("summary"));
        }
    }
    for i in &mut c.institutions {
        match institutions.get(i.id.as_str()) {
            Some(t) => {
                set(&mut i.name, t.text("name"));
                set_opt(&mut i.short_name, t.text("short_name"));
                set_opt(&mut i.description, t.text("description"));
            }
            None => {
                untranslated.insert(i.url.clone());
            }
        }
    }
    (c, untranslated, body_untranslated)
}

fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *field = v;
    }
}

fn set_opt<T>(field: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *field = value;
    }
}

/// How many objects of each kind the edition in `lang` translates, of how many: for the
/// internal profile's coverage table.
pub(crate) fn coverage(content: &Content, lang: &str) -> Vec<(Kind, usize, usize)> {
    let by_file = originals(content);
    let mut done: HashMap<Kind, usize> = HashMap::default();
    for t in content.translations.iter().filter(|t| t.lang == lang) {
        let known = if t.kind == Kind::Institution {
            content
                .institutions
                .iter()
                .any(|i| Some(i.id.as_str()) == t.id.as_deref())
        } else {
            by_file.contains_key(t.original.as_str())
        };
        if known {
            *done.entry(t.kind).or_default() += 1;
        }
    }
    Kind::ALL
        .into_iter()
        .map(|k| (k, done.get(&k).copied().unwrap_or(0), content.count(k)))
        .filter(|(_, _, total)| *total > 0)
        .collect()
}
