//! Builds the typed domain objects of [`crate::model`] from validated fields, one small
//! function per kind; internal fields are dropped here in the public profile, so no later
//! stage can leak them.

use crate::load::validate::Fields;
use crate::model::Ref;
use crate::model::{
    Area, Course, Doc, Institution, Internal, Kpi, Lesson, Page, Profile, Service, Situation, Step,
    Term,
};
use crate::schema::{Kind, STAGE, stored_fields};

pub(crate) fn page(
    doc: Doc,
    f: &Fields,
    section: Vec<String>,
    is_index: bool,
    area: Option<Area>,
) -> Page {
    Page {
        title: f.text("title").unwrap_or_else(|| doc.id.clone()),
        summary: f.text("summary"),
        weight: f.int("weight").unwrap_or(0),
        toc: f.bool("toc").unwrap_or(true),
        section,
        is_index,
        area,
        doc,
    }
}

/// A stored field's value read from validated front matter; absent values are empty.
trait FromFields {
    fn from_fields(f: &Fields, key: &str) -> Self;
}

impl FromFields for String {
    fn from_fields(f: &Fields, key: &str) -> Self {
        f.text(key).unwrap_or_default()
    }
}

impl FromFields for Option<String> {
    fn from_fields(f: &Fields, key: &str) -> Self {
        f.text(key)
    }
}

impl FromFields for Vec<String> {
    fn from_fields(f: &Fields, key: &str) -> Self {
        f.texts(key)
    }
}

impl FromFields for bool {
    fn from_fields(f: &Fields, key: &str) -> Self {
        f.bool(key).unwrap_or(false)
    }
}

impl FromFields for Option<i64> {
    fn from_fields(f: &Fields, key: &str) -> Self {
        f.int(key)
    }
}

impl FromFields for Vec<i64> {
    fn from_fields(f: &Fields, key: &str) -> Self {
        f.ints(key)
    }
}

/// A required reference; when missing (already reported), an empty id at the object.
impl FromFields for Ref {
    fn from_fields(f: &Fields, key: &str) -> Self {
        f.reference(key).unwrap_or(Ref {
            id: String::new(),
            pos: f.pos,
        })
    }
}

impl FromFields for Option<Ref> {
    fn from_fields(f: &Fields, key: &str) -> Self {
        f.reference(key)
    }
}

impl FromFields for Vec<Ref> {
    fn from_fields(f: &Fields, key: &str) -> Self {
        f.references(key)
    }
}

/// Per-stage channels, in stage order.
impl FromFields for Vec<(String, Vec<String>)> {
    fn from_fields(f: &Fields, key: &str) -> Self {
        let mut stages = f.text_lists_by_key(key);
        stages.sort_by_key(|(s, _)| STAGE.values.iter().position(|v| v == s));
        stages
    }
}

impl FromFields for Vec<Kpi> {
    fn from_fields(f: &Fields, key: &str) -> Self {
        f.records(key)
            .iter()
            .map(|k| Kpi {
                name: k.text("name").unwrap_or_default(),
                target: k.text("target"),
                value: k.text("value"),
            })
            .collect()
    }
}

/// The loading function of a kind's stored fields, from its declaration in [`crate::schema`].
macro_rules! load_service {
    ([] [$({ $(#[$cm:meta])* $card:ident : $cty:ty = $ckey:literal [$($copt:ident)*] })*]
        [$({ $(#[$im:meta])* $internal:ident : $ity:ty = $ikey:literal [$($iopt:ident)*] })*]) => {
        pub(crate) fn service(doc: Doc, f: &Fields, profile: Profile) -> Service {
            let internal = Internal {
                $($internal: FromFields::from_fields(f, $ikey),)*
            };
            Service {
                $($card: FromFields::from_fields(f, $ckey),)*
                internal: match profile {
                    Profile::Internal => Some(internal),
                    Profile::Public => None,
                },
                present: f
                    .keys()
                    .filter(|k| {
                        !crate::schema::internal_keys(Kind::Service).any(|i| i == *k)
                            || profile == Profile::Internal
                    })
                    .collect(),
                doc,
            }
        }
    };
}

crate::schema::service_fields!(stored_fields load_service);

fn steps(f: &Fields, key: &str) -> Vec<Step> {
    f.records(key)
        .iter()
        .map(|s| Step {
            title: s.text("title").unwrap_or_default(),
            text: s.text("text"),
            services: s.references("services"),
        })
        .collect()
}

pub(crate) fn situation(doc: Doc, f: &Fields) -> Situation {
    Situation {
        title: f.text("title").unwrap_or_else(|| doc.id.clone()),
        summary: f.text("summary"),
        coordinator: f.reference("coordinator"),
        circumstances: f.texts("circumstances"),
        steps: steps(f, "steps"),
        groups: steps(f, "groups"),
        related: f.references("related"),
        keywords: f.texts("keywords"),
        doc,
    }
}

pub(crate) fn term(doc: Doc, f: &Fields) -> Term {
    Term {
        term: f.text("term").unwrap_or_else(|| doc.id.clone()),
        abbreviations: f.texts("abbreviations"),
        synonyms: f.texts("synonyms"),
        english: f.text("english"),
        related: f.references("related"),
        short: f.text("short"),
        doc,
    }
}

pub(crate) fn institution(file: &str, url: String, f: &Fields) -> Institution {
    let id = f.text("id").unwrap_or_default();
    Institution {
        pos: f.pos_of("id"),
        name: f.text("name").unwrap_or_else(|| id.clone()),
        short_name: f.text("short_name"),
        kind: f.text("kind"),
        parent: f.reference("parent"),
        website: f.text("url"),
        description: f.text("description"),
        file: file.to_string(),
        url,
        id,
    }
}

pub(crate) fn course(doc: Doc, f: &Fields) -> Course {
    Course {
        title: f.text("title").unwrap_or_else(|| doc.id.clone()),
        summary: f.text("summary"),
        weight: f.int("weight").unwrap_or(0),
        audience: f.texts("audience"),
        objectives: f.texts("objectives"),
        doc,
    }
}

pub(crate) fn lesson(doc: Doc, f: &Fields, course: String) -> Lesson {
    Lesson {
        title: f.text("title").unwrap_or_else(|| doc.id.clone()),
        summary: f.text("summary"),
        weight: f.int("weight"),
        duration: f.int("duration"),
        objectives: f.texts("objectives"),
        prerequisites: f.references("prerequisites"),
        course,
        doc,
    }
}
