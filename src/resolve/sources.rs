//! The source registry: one entry per id, every `source:` naming an entry, and the line a
//! page shows for its source ("VARAM, Valsts pārvaldes … novērtējums (2021)").

use rustc_hash::FxHashMap;

use crate::diagnostics::{Code, Diagnostic, closest};
use crate::model::Ref;
use crate::model::{Content, Doc, Source};
use crate::schema::Kind;
use crate::ui::Ui;

/// Registry entries by id.
#[derive(Default)]
pub(crate) struct SourceIds(FxHashMap<String, usize>);

impl SourceIds {
    pub(crate) fn get(&self, id: &str) -> Option<usize> {
        self.0.get(id).copied()
    }
}

/// Indexes the registry; a second entry with an id is an error naming the first.
pub(crate) fn index(c: &Content, diags: &mut Vec<Diagnostic>) -> SourceIds {
    let mut ids = SourceIds::default();
    for (i, s) in c.sources.iter().enumerate() {
        if let Some(&first) = ids.0.get(&s.id) {
            let f = &c.sources[first];
            diags.push(
                Diagnostic::new(Code::DuplicateSource, &s.file, s.pos)
                    .field("id")
                    .arg("id", &s.id)
                    .arg(
                        "first",
                        format!("{}:{}:{}", f.file, f.pos.line, f.pos.column),
                    ),
            );
            continue;
        }
        ids.0.insert(s.id.clone(), i);
    }
    ids
}

/// Every object's document with the kind it belongs to (institutions name no source).
fn docs(c: &Content) -> impl Iterator<Item = (Kind, &Doc)> {
    let pages = c.pages.iter().map(|x| (Kind::Page, &x.doc));
    let services = c.services.iter().map(|x| (Kind::Service, &x.doc));
    let situations = c.situations.iter().map(|x| (Kind::Situation, &x.doc));
    let terms = c.terms.iter().map(|x| (Kind::Term, &x.doc));
    let courses = c.courses.iter().map(|x| (Kind::Course, &x.doc));
    let lessons = c.lessons.iter().map(|x| (Kind::Lesson, &x.doc));
    pages
        .chain(services)
        .chain(situations)
        .chain(terms)
        .chain(courses)
        .chain(lessons)
}

/// Reports every `source:` that names no registry entry, with a "did you mean".
pub(crate) fn check(c: &Content, ids: &SourceIds, ui: &Ui, diags: &mut Vec<Diagnostic>) {
    if c.broken_sources.is_some() {
        // The registry's own error says what is wrong; every `source:` would repeat it.
        return;
    }
    for (kind, doc) in docs(c) {
        let Some(r) = &doc.source else { continue };
        if ids.get(&r.id).is_some() {
            continue;
        }
        let d = Diagnostic::new(Code::UnknownSource, &doc.file, r.pos)
            .field_of(ui, kind, "source")
            .arg("registry", crate::load::SOURCES_FILE)
            .arg("id", &r.id)
            .arg_opt(
                "suggestion",
                closest(&r.id, c.sources.iter().map(|s| s.id.as_str())),
            );
        diags.push(d);
    }
}

/// How a page names its source: who issued it, its title and year, and who wrote it when
/// that is someone else — only what the registry gives.
pub(crate) fn label(s: &Source, ui: &Ui) -> String {
    let mut out = String::new();
    if let Some(p) = s.publisher.as_ref().or(s.author.as_ref()) {
        out.push_str(p);
        out.push_str(", ");
    }
    out.push_str(&s.title);
    if let Some(y) = s.year {
        out.push_str(&format!(" ({y})"));
    }
    if let (Some(_), Some(a)) = (&s.publisher, &s.author) {
        out.push_str(&format!("; {} {a}", ui.get("site.source_author")));
    }
    out
}

/// The label of the source `r` names, if it is in the registry.
pub(crate) fn label_of(c: &Content, ids: &SourceIds, r: &Ref, ui: &Ui) -> Option<String> {
    ids.get(&r.id).map(|i| label(&c.sources[i], ui))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;

    fn source(publisher: Option<&str>, author: Option<&str>, year: Option<i64>) -> Source {
        Source {
            id: "a".into(),
            file: "content/avoti.yaml".into(),
            pos: Pos::new(1, 1),
            title: "Novērtējums".into(),
            author: author.map(Into::into),
            publisher: publisher.map(Into::into),
            year,
        }
    }

    #[test]
    fn labels_say_only_what_the_registry_gives() {
        let ui = Ui::for_language("lv").unwrap();
        assert_eq!(
            label(&source(Some("VARAM"), None, Some(2021)), &ui),
            "VARAM, Novērtējums (2021)"
        );
        assert_eq!(label(&source(None, None, None), &ui), "Novērtējums");
        assert_eq!(
            label(&source(None, Some("SIA X"), None), &ui),
            "SIA X, Novērtējums"
        );
        assert_eq!(
            label(&source(Some("VARAM"), Some("SIA X"), Some(2020)), &ui),
            "VARAM, Novērtējums (2020); autors: SIA X"
        );
    }
}
