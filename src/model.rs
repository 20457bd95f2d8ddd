//! The domain objects a site is made of: guidance pages, service cards, life situations,
//! glossary terms, institutions, courses and lessons, as typed values after validation.

use jiff::civil::Date;

use crate::diagnostics::Pos;
use crate::schema::{ELECTRONIC_CHANNELS, ESERVICE_CHANNELS, Kind, STAGE, stored_fields};

/// A reference to another object by id, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub(crate) struct Ref {
    pub(crate) id: String,
    #[serde(skip)]
    pub(crate) pos: Pos,
}

/// Which fields a build may show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Profile {
    /// Everything a citizen may see; internal fields are dropped when loading.
    #[default]
    Public,
    /// Adds service managers, maturity, KPIs, process notes and resources.
    Internal,
}

/// What every Markdown-backed object has.
#[derive(Debug, Clone)]
pub(crate) struct Doc {
    pub(crate) id: String,
    /// Source path relative to the site root, `/`-separated.
    pub(crate) file: String,
    /// Where the object is declared (its `id:` line, else the front matter's first line).
    pub(crate) pos: Pos,
    /// Markdown source after the front matter (shared: a variant and the load cache hold
    /// the same text).
    pub(crate) body: std::sync::Arc<str>,
    /// Lines in the file before the body.
    pub(crate) body_line: u32,
    /// The body was copied from a unified template (its problems are reported there).
    pub(crate) body_inherited: bool,
    /// Output path relative to the site root, e.g. `pakalpojumi/pases-izsniegsana.html`.
    pub(crate) url: String,
    pub(crate) updated: Option<Date>,
    /// The id of the document the object is based on, in the source registry.
    pub(crate) source: Option<Ref>,
}

/// The struct of a kind from its declaration in [`crate::schema`]: the members given here
/// (what is not a front-matter field: the object's `Doc`, where it sits), then one member per
/// stored field, in declaration order.
macro_rules! object_struct {
    ([$(#[$sm:meta])* $name:ident { $($(#[$xm:meta])* $extra:ident : $ety:ty),* $(,)? }]
        [$({ $(#[$cm:meta])* $card:ident : $cty:ty = $ckey:literal [$($copt:ident)*] })*]
        []) => {
        $(#[$sm])*
        #[derive(Debug, Clone)]
        pub(crate) struct $name {
            $($(#[$xm])* pub(crate) $extra: $ety,)*
            $($(#[$cm])* pub(crate) $card: $cty,)*
        }
    };
}

/// The generated area an `_index.md` introduces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Area {
    Home,
    Catalogue,
    Situations,
    Glossary,
    Courses,
}

crate::schema::page_fields!(stored_fields object_struct
    /// A guidance page or a section's `_index.md`.
    Page {
        doc: Doc,
        /// Folder slugs from `content/` to the page's folder.
        section: Vec<String>,
        /// An `_index.md`: introduces its folder's section.
        is_index: bool,
        /// Set for the introductions of generated areas (home, catalogue, …).
        area: Option<Area>,
    }
);

#[derive(Debug, Clone, Default)]
pub(crate) struct Kpi {
    pub(crate) name: String,
    pub(crate) target: Option<String>,
    pub(crate) value: Option<String>,
}

/// A document or piece of information a service needs (`documents`).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Input {
    pub(crate) name: String,
    /// The institution obtains it itself (the once-only principle); the applicant does not
    /// bring it.
    pub(crate) once_only: bool,
}

/// How to appeal a decision (`appeal`).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Appeal {
    pub(crate) text: String,
    pub(crate) url: Option<String>,
}

/// Whom to contact (`contact` on a card or an institution).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Contact {
    pub(crate) phone: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) address: Option<String>,
    pub(crate) opening_hours: Option<String>,
}

impl Contact {
    pub(crate) fn is_empty(&self) -> bool {
        self.phone.is_none()
            && self.email.is_none()
            && self.address.is_none()
            && self.opening_hours.is_none()
    }
}

/// A stored field value as the JSON export writes it, and whether it is unset.
pub(crate) trait FieldValue {
    /// The value in the JSON export: references as their ids, a per-stage map as an object.
    fn to_json(&self) -> serde_json::Value;
    /// Absent (or empty) in front matter.
    fn is_unset(&self) -> bool;
}

impl FieldValue for String {
    fn to_json(&self) -> serde_json::Value {
        self.as_str().into()
    }
    fn is_unset(&self) -> bool {
        self.is_empty()
    }
}

impl FieldValue for bool {
    fn to_json(&self) -> serde_json::Value {
        (*self).into()
    }
    fn is_unset(&self) -> bool {
        !*self
    }
}

impl FieldValue for i64 {
    fn to_json(&self) -> serde_json::Value {
        (*self).into()
    }
    fn is_unset(&self) -> bool {
        false
    }
}

impl FieldValue for Ref {
    fn to_json(&self) -> serde_json::Value {
        self.id.as_str().into()
    }
    fn is_unset(&self) -> bool {
        self.id.is_empty()
    }
}

impl FieldValue for Kpi {
    fn to_json(&self) -> serde_json::Value {
        serde_json::json!({"name": self.name, "target": self.target, "value": self.value})
    }
    fn is_unset(&self) -> bool {
        false
    }
}

impl FieldValue for Input {
    fn to_json(&self) -> serde_json::Value {
        serde_json::json!({"name": self.name, "once_only": self.once_only})
    }
    fn is_unset(&self) -> bool {
        false
    }
}

impl FieldValue for Appeal {
    fn to_json(&self) -> serde_json::Value {
        serde_json::json!({"text": self.text, "url": self.url})
    }
    fn is_unset(&self) -> bool {
        false
    }
}

impl FieldValue for Contact {
    fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "phone": self.phone,
            "email": self.email,
            "address": self.address,
            "opening_hours": self.opening_hours,
        })
    }
    fn is_unset(&self) -> bool {
        self.is_empty()
    }
}

impl<T: FieldValue> FieldValue for Option<T> {
    fn to_json(&self) -> serde_json::Value {
        self.as_ref().map_or(serde_json::Value::Null, T::to_json)
    }
    fn is_unset(&self) -> bool {
        self.is_none()
    }
}

/// Lists export as JSON arrays.
macro_rules! list_value {
    ($($item:ty),*) => {$(
        impl FieldValue for Vec<$item> {
            fn to_json(&self) -> serde_json::Value {
                self.iter().map(FieldValue::to_json).collect()
            }
            fn is_unset(&self) -> bool {
                self.is_empty()
            }
        }
    )*};
}
list_value!(String, i64, Ref, Kpi, Input, Step);

impl FieldValue for Step {
    fn to_json(&self) -> serde_json::Value {
        let services: Vec<&str> = self.services.iter().map(|r| r.id.as_str()).collect();
        serde_json::json!({"title": self.title, "text": self.text, "services": services})
    }
    fn is_unset(&self) -> bool {
        false
    }
}

/// The stored fields of a kind as the JSON export writes them, from its declaration in
/// [`crate::schema`] (as `field_values` of a service).
macro_rules! object_values {
    ([$name:ident] [$({ $(#[$cm:meta])* $card:ident : $cty:ty = $ckey:literal [$($copt:ident)*] })*]
        []) => {
        impl $name {
            /// The keys of the fields kept on the object, in declaration order.
            pub(crate) const KEYS: &[&'static str] = &[$($ckey),*];

            /// The fields kept on the object, each as (key, value as the JSON export writes
            /// it), in declaration order.
            pub(crate) fn field_values(&self) -> Vec<(&'static str, serde_json::Value)> {
                vec![$(($ckey, self.$card.to_json())),*]
            }
        }
    };
}

crate::schema::situation_fields!(stored_fields object_values Situation);
crate::schema::term_fields!(stored_fields object_values Term);
crate::schema::institution_fields!(stored_fields object_values Institution);

/// Per-stage channels export as an object from stage to channels.
impl FieldValue for Vec<(String, Vec<String>)> {
    fn to_json(&self) -> serde_json::Value {
        self.iter()
            .map(|(stage, channels)| (stage.clone(), serde_json::json!(channels)))
            .collect::<serde_json::Map<_, _>>()
            .into()
    }
    fn is_unset(&self) -> bool {
        self.is_empty()
    }
}

/// The structs of a kind's stored fields, from its declaration in [`crate::schema`].
macro_rules! service_structs {
    ([] [$({ $(#[$cm:meta])* $card:ident : $cty:ty = $ckey:literal [$($copt:ident)*] })*]
        [$({ $(#[$im:meta])* $internal:ident : $ity:ty = $ikey:literal [$($iopt:ident)*] })*]) => {
        /// Fields that exist only in the internal profile.
        #[derive(Debug, Clone, Default)]
        pub(crate) struct Internal {
            $($(#[$im])* pub $internal: $ity,)*
        }

        impl Internal {
            pub(crate) fn is_empty(&self) -> bool {
                true $(&& self.$internal.is_unset())*
            }
        }

        #[derive(Debug, Clone)]
        pub(crate) struct Service {
            pub(crate) doc: Doc,
            $($(#[$cm])* pub $card: $cty,)*
            /// `None` in the public profile.
            pub(crate) internal: Option<Internal>,
            /// Front-matter keys written in this card's own file (a variant inherits the rest).
            pub(crate) present: Vec<&'static str>,
        }

        impl Service {
            /// The public fields kept on the card, each as (key, value as the JSON export
            /// writes it), in declaration order.
            pub(crate) fn field_values(&self) -> Vec<(&'static str, serde_json::Value)> {
                vec![$(($ckey, self.$card.to_json())),*]
            }

            /// One public field's value as [`Service::field_values`] gives it; `None` for a
            /// key the card does not keep.
            pub(crate) fn field_value(&self, key: &str) -> Option<serde_json::Value> {
                match key {
                    $($ckey => Some(self.$card.to_json()),)*
                    _ => None,
                }
            }
        }
    };
}

crate::schema::service_fields!(stored_fields service_structs);

impl Service {
    /// Channels of a stage.
    pub(crate) fn stage(&self, stage: &str) -> &[String] {
        self.stages
            .iter()
            .find(|(s, _)| s == stage)
            .map_or(&[], |(_, c)| c.as_slice())
    }

    /// Derived, never typed: every one of the five stages has an electronic channel.
    pub(crate) fn fully_electronic(&self) -> bool {
        STAGE.values.iter().all(|stage| {
            self.stage(stage)
                .iter()
                .any(|c| ELECTRONIC_CHANNELS.contains(&c.as_str()))
        })
    }

    /// All channels the card names, in the canonical channel order.
    pub(crate) fn all_channels(&self) -> Vec<&'static str> {
        crate::schema::CHANNEL
            .values
            .iter()
            .copied()
            .filter(|c| {
                self.channels.iter().any(|x| x == c)
                    || self.stages.iter().any(|(_, cs)| cs.iter().any(|x| x == c))
            })
            .collect()
    }

    /// Offered as an e-service on Latvija.lv or the institution's site.
    pub(crate) fn has_eservice(&self) -> bool {
        self.eservice_url.is_some()
            || self
                .all_channels()
                .iter()
                .any(|c| ESERVICE_CHANNELS.contains(c))
    }

    pub(crate) fn is_variant(&self) -> bool {
        self.template.is_some()
    }

    /// The contact to show: the card's own, else its holder's (`holder`, when known).
    pub(crate) fn contact_or<'a>(&'a self, holder: Option<&'a Institution>) -> Option<&'a Contact> {
        self.contact
            .as_ref()
            .or_else(|| holder.and_then(|h| h.contact.as_ref()))
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub(crate) title: String,
    pub(crate) text: Option<String>,
    pub(crate) services: Vec<Ref>,
}

crate::schema::situation_fields!(stored_fields object_struct
    /// A life situation: its circumstances and the steps (or groups) of services it takes.
    Situation { doc: Doc }
);

impl Situation {
    /// Every service reference in steps and groups, in order.
    pub(crate) fn service_refs(&self) -> impl Iterator<Item = &Ref> {
        self.steps
            .iter()
            .chain(&self.groups)
            .flat_map(|s| s.services.iter())
    }
}

crate::schema::term_fields!(stored_fields object_struct
    /// A glossary term.
    Term { doc: Doc }
);

crate::schema::institution_fields!(stored_fields object_struct
    /// An institution of the registry: holder or provider of services.
    Institution {
        /// The registry file and where the entry starts in it.
        file: String,
        pos: Pos,
        /// Output path of its page.
        url: String,
    }
);

impl Institution {
    /// The short name where there is one, else the full name.
    pub(crate) fn label(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }
}

crate::schema::course_fields!(stored_fields object_struct
    /// A course: its `_index.md` in `content/kursi/<course>/`.
    Course { doc: Doc }
);

crate::schema::lesson_fields!(stored_fields object_struct
    /// A lesson of a course.
    Lesson {
        doc: Doc,
        /// Id of the course whose folder holds the lesson.
        course: String,
    }
);

/// A file copied into the site unchanged (images, PDFs next to pages).
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    pub(crate) src: std::path::PathBuf,
    pub(crate) url: String,
}

/// Everything loaded from a site's files.
#[derive(Debug, Clone, Default)]
pub(crate) struct Content {
    /// The source registry: documents content is based on.
    pub(crate) sources: Vec<Source>,
    pub(crate) pages: Vec<Page>,
    pub(crate) services: Vec<Service>,
    pub(crate) situations: Vec<Situation>,
    pub(crate) terms: Vec<Term>,
    pub(crate) institutions: Vec<Institution>,
    pub(crate) courses: Vec<Course>,
    pub(crate) lessons: Vec<Lesson>,
    pub(crate) assets: Vec<Asset>,
    /// Files that could not be read into an object: references to them are not reported
    /// again as unknown (the file's own error says what is wrong).
    pub(crate) broken: Vec<Broken>,
    /// The source registry's file when it could not be read: `source:` ids are then not
    /// reported as unknown.
    pub(crate) broken_sources: Option<String>,
    /// Translations of objects into the site's other languages (applied per edition).
    pub(crate) translations: Vec<Translation>,
}

/// A translated free-text value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Translated {
    Text(String),
    List(Vec<String>),
    /// Life-situation steps: a title and an optional text each, in the original's order.
    Steps(Vec<(String, Option<String>)>),
}

/// One translation: a sibling `name.<lang>.md` of a Markdown file, or one entry of a
/// registry's translation (`iestades.<lang>.yaml`). Only free text; the rest comes from the
/// original.
#[derive(Debug, Clone)]
pub(crate) struct Translation {
    pub(crate) lang: String,
    pub(crate) file: String,
    /// Where the translation starts (an entry's `id:` line in a registry).
    pub(crate) pos: Pos,
    /// The original's source path (`content/pakalpojumi/a.md`).
    pub(crate) original: String,
    /// The kind of object it translates.
    pub(crate) kind: Kind,
    /// The translated object's id, for a registry entry.
    pub(crate) id: Option<String>,
    /// The translated fields by key, with the position of each value.
    pub(crate) fields: Vec<(&'static str, Translated, Pos)>,
    pub(crate) body: std::sync::Arc<str>,
    pub(crate) body_line: u32,
    pub(crate) updated: Option<Date>,
}

impl Translation {
    pub(crate) fn get(&self, key: &str) -> Option<&Translated> {
        self.fields
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, v, _)| v)
    }

    pub(crate) fn text(&self, key: &str) -> Option<String> {
        match self.get(key) {
            Some(Translated::Text(t)) => Some(t.clone()),
            _ => None,
        }
    }

    pub(crate) fn list(&self, key: &str) -> Option<Vec<String>> {
        match self.get(key) {
            Some(Translated::List(l)) => Some(l.clone()),
            _ => None,
        }
    }
}

/// A source file that failed to load, and the id it would most likely have had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Broken {
    pub(crate) kind: Kind,
    /// `None` for a registry (every id of the kind may have been in it).
    pub(crate) id: Option<String>,
    pub(crate) file: String,
}

impl Content {
    /// Whether `id` of `kind` (any kind when `None`) may be the id of a file that failed to
    /// load.
    pub(crate) fn is_broken(&self, kind: Option<Kind>, id: &str) -> bool {
        self.broken.iter().any(|b| {
            kind.is_none_or(|k| k == b.kind) && b.id.as_deref().is_none_or(|bid| bid == id)
        })
    }

    /// How many objects of `kind` there are.
    pub(crate) fn count(&self, kind: Kind) -> usize {
        match kind {
            Kind::Page => self.pages.len(),
            Kind::Service => self.services.len(),
            Kind::Situation => self.situations.len(),
            Kind::Term => self.terms.len(),
            Kind::Institution => self.institutions.len(),
            Kind::Course => self.courses.len(),
            Kind::Lesson => self.lessons.len(),
        }
    }

    /// The source file of an object and where in it the object is declared.
    pub(crate) fn source(&self, key: ObjKey) -> (&str, Pos) {
        let i = key.idx as usize;
        match key.kind {
            Kind::Page => (&self.pages[i].doc.file, self.pages[i].doc.pos),
            Kind::Service => (&self.services[i].doc.file, self.services[i].doc.pos),
            Kind::Situation => (&self.situations[i].doc.file, self.situations[i].doc.pos),
            Kind::Term => (&self.terms[i].doc.file, self.terms[i].doc.pos),
            Kind::Institution => (&self.institutions[i].file, self.institutions[i].pos),
            Kind::Course => (&self.courses[i].doc.file, self.courses[i].doc.pos),
            Kind::Lesson => (&self.lessons[i].doc.file, self.lessons[i].doc.pos),
        }
    }

    /// The id of an object.
    pub(crate) fn id(&self, key: ObjKey) -> &str {
        match self.doc(key) {
            Some(doc) => &doc.id,
            None => &self.institutions[key.idx as usize].id,
        }
    }

    /// The Markdown document of an object; `None` for an institution (an entry of a list,
    /// with no body).
    pub(crate) fn doc(&self, key: ObjKey) -> Option<&Doc> {
        let i = key.idx as usize;
        Some(match key.kind {
            Kind::Page => &self.pages[i].doc,
            Kind::Service => &self.services[i].doc,
            Kind::Situation => &self.situations[i].doc,
            Kind::Term => &self.terms[i].doc,
            Kind::Course => &self.courses[i].doc,
            Kind::Lesson => &self.lessons[i].doc,
            Kind::Institution => return None,
        })
    }
}

/// A document content is based on, as it names itself: `source:` in front matter names its id.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Source {
    pub(crate) id: String,
    pub(crate) file: String,
    pub(crate) pos: Pos,
    pub(crate) title: String,
    pub(crate) author: Option<String>,
    pub(crate) publisher: Option<String>,
    pub(crate) year: Option<i64>,
}

/// Identifies one object of any kind: its kind and its index in that kind's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct ObjKey {
    pub(crate) kind: Kind,
    pub(crate) idx: u32,
}

impl ObjKey {
    pub(crate) fn new(kind: Kind, idx: usize) -> Self {
        ObjKey {
            kind,
            idx: idx as u32,
        }
    }
}
