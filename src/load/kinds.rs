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

/// A whole number; 0 when absent (a weight).
impl FromFields for i64 {
    fn from_fields(f: &Fields, key: &str) -> Self {
        f.int(key).unwrap_or(0)
    }
}

impl FromFields for Option<bool> {
    fn from_fields(f: &Fields, key: &str) -> Self {
        f.bool(key)
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

/// The steps (or groups) of a life situation.
impl FromFields for Vec<Step> {
    fn from_fields(f: &Fields, key: &str) -> Self {
        f.records(key)
            .iter()
            .map(|s| Step {
                title: s.text("title").unwrap_or_default(),
                text: s.text("text"),
                services: s.references("services"),
            })
            .collect()
    }
}

/// The loading function of a kind without internal fields, from its declaration in
/// [`crate::schema`]: `name(params) f -> Kind { members }` names the function, what it
/// takes before the validated fields (named `f` here) and how the members that are not fields
/// are set.
macro_rules! load_object {
    ([$fn:ident ($($param:ident : $pty:ty),*) $f:ident -> $name:ident
        { $($extra:ident $(: $eval:expr)?),* $(,)? }]
        [$({ $(#[$cm:meta])* $card:ident : $cty:ty = $ckey:literal [$($copt:ident)*] })*]
        []) => {
        pub(crate) fn $fn($($param: $pty,)* $f: &Fields) -> $name {
            $name {
                $($card: FromFields::from_fields($f, $ckey),)*
                $($extra $(: $eval)?,)*
            }
        }
    };
}

crate::schema::page_fields!(stored_fields load_object
    page(doc: Doc, section: Vec<String>, is_index: bool, area: Option<Area>) f -> Page {
        doc, section, is_index, area
    }
);
crate::schema::situation_fields!(stored_fields load_object situation(doc: Doc) f -> Situation { doc });
crate::schema::term_fields!(stored_fields load_object term(doc: Doc) f -> Term { doc });
crate::schema::institution_fields!(stored_fields load_object
    institution(file: &str, url: String) f -> Institution {
        pos: f.pos_of("id"),
        file: file.to_string(),
        url,
    }
);
crate::schema::course_fields!(stored_fields load_object course(doc: Doc) f -> Course { doc });
crate::schema::lesson_fields!(stored_fields load_object
    lesson(doc: Doc, course: String) f -> Lesson { doc, course }
);
