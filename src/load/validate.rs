//! Checks a YAML tree against a kind's field definitions and turns it into typed [`Fields`]:
//! unknown keys (with "did you mean"), missing required fields, wrong types, values outside
//! their list, bad dates and URLs — every problem reported, none stopping the others.

use jiff::civil::Date;

use crate::diagnostics::{Code, Diagnostic, Pos, closest};
use crate::load::yaml::{Node, Value};
use crate::model::Ref;
use crate::schema::{Field, Kind, Req, Ty, is_valid_id};
use crate::ui::Ui;

/// A checked value with the position it came from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub(crate) pos: Pos,
    pub(crate) value: Val,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    Text(String),
    Bool(bool),
    Int(i64),
    Date(Date),
    List(Vec<Item>),
    Record(Fields),
    Map(Vec<(String, Item)>),
}

/// The checked fields of one object (or of one record inside it).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Fields {
    /// Where the mapping starts.
    pub(crate) pos: Pos,
    items: Vec<(&'static str, Item)>,
}

/// A starter file's placeholder: `<what to write here>`, the whole value in angle brackets.
pub(crate) fn placeholder(hint: &str) -> String {
    format!("‹{hint}›")
}

/// What a placeholder asks for, if `value` is one.
pub(crate) fn placeholder_hint(value: &str) -> Option<&str> {
    value
        .trim()
        .strip_prefix('‹')?
        .strip_suffix('›')
        .filter(|hint| !hint.contains(['‹', '›']))
}

impl Fields {
    pub(crate) fn get(&self, key: &str) -> Option<&Item> {
        self.items.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    pub(crate) fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub(crate) fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.items.iter().map(|(k, _)| *k)
    }

    pub(crate) fn pos_of(&self, key: &str) -> Pos {
        self.get(key).map_or(self.pos, |i| i.pos)
    }

    pub(crate) fn text(&self, key: &str) -> Option<String> {
        match &self.get(key)?.value {
            Val::Text(s) => Some(s.clone()),
            _ => None,
        }
    }

    pub(crate) fn texts(&self, key: &str) -> Vec<String> {
        self.list(key)
            .iter()
            .filter_map(|i| match &i.value {
                Val::Text(s) => Some(s.clone()),
                _ => None,
            })
            .collect()
    }

    pub(crate) fn reference(&self, key: &str) -> Option<Ref> {
        let item = self.get(key)?;
        match &item.value {
            Val::Text(s) => Some(Ref {
                id: s.clone(),
                pos: item.pos,
            }),
            _ => None,
        }
    }

    pub(crate) fn references(&self, key: &str) -> Vec<Ref> {
        self.list(key)
            .iter()
            .filter_map(|i| match &i.value {
                Val::Text(s) => Some(Ref {
                    id: s.clone(),
                    pos: i.pos,
                }),
                _ => None,
            })
            .collect()
    }

    pub(crate) fn bool(&self, key: &str) -> Option<bool> {
        match self.get(key)?.value {
            Val::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub(crate) fn int(&self, key: &str) -> Option<i64> {
        match self.get(key)?.value {
            Val::Int(i) => Some(i),
            _ => None,
        }
    }

    pub(crate) fn ints(&self, key: &str) -> Vec<i64> {
        self.list(key)
            .iter()
            .filter_map(|i| match i.value {
                Val::Int(n) => Some(n),
                _ => None,
            })
            .collect()
    }

    pub(crate) fn date(&self, key: &str) -> Option<Date> {
        match self.get(key)?.value {
            Val::Date(d) => Some(d),
            _ => None,
        }
    }

    pub(crate) fn records(&self, key: &str) -> Vec<Fields> {
        self.list(key)
            .iter()
            .filter_map(|i| match &i.value {
                Val::Record(f) => Some(f.clone()),
                _ => None,
            })
            .collect()
    }

    /// A mapping from enum keys to lists of text, in the order the keys were written.
    pub(crate) fn text_lists_by_key(&self, key: &str) -> Vec<(String, Vec<String>)> {
        match self.get(key).map(|i| &i.value) {
            Some(Val::Map(entries)) => entries
                .iter()
                .map(|(k, item)| {
                    let values = match &item.value {
                        Val::List(items) => items
                            .iter()
                            .filter_map(|i| match &i.value {
                                Val::Text(s) => Some(s.clone()),
                                _ => None,
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    (k.clone(), values)
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    fn list(&self, key: &str) -> &[Item] {
        match self.get(key).map(|i| &i.value) {
            Some(Val::List(items)) => items,
            _ => &[],
        }
    }
}

/// Checks one YAML mapping against a kind's fields (or a registry entry's, such as a source's).
pub(crate) struct Validator<'a> {
    pub(crate) file: &'a str,
    /// Where labels are looked up: a kind's slug, or `source` for the source registry.
    group: &'static str,
    fields: &'static [Field],
    pub(crate) ui: &'a Ui,
    pub(crate) diags: Vec<Diagnostic>,
}

impl<'a> Validator<'a> {
    pub(crate) fn new(file: &'a str, kind: Kind, ui: &'a Ui) -> Self {
        Self::for_fields(file, kind.slug(), kind.fields(), ui)
    }

    /// A validator for entries that are not objects of a kind (the source registry).
    pub(crate) fn for_fields(
        file: &'a str,
        group: &'static str,
        fields: &'static [Field],
        ui: &'a Ui,
    ) -> Self {
        Validator {
            file,
            group,
            fields,
            ui,
            diags: Vec::new(),
        }
    }

    /// Validates the top-level mapping of an object.
    pub(crate) fn object(&mut self, node: &Node) -> Fields {
        self.record(node, self.fields, "")
    }

    fn diag(&self, code: Code, pos: Pos, path: &str) -> Diagnostic {
        Diagnostic::new(code, self.file, pos).field_in(self.ui, self.group, path)
    }

    fn record(&mut self, node: &Node, fields: &'static [Field], prefix: &str) -> Fields {
        let Value::Map(entries) = &node.value else {
            let d = Diagnostic::new(Code::NotAMapping, self.file, node.pos)
                .arg("found", node.value.describe(self.ui));
            let d = if prefix.is_empty() {
                d
            } else {
                d.field_in(self.ui, self.group, prefix)
            };
            self.diags.push(d);
            return Fields {
                pos: node.pos,
                items: Vec::new(),
            };
        };
        let mut out = Fields {
            pos: node.pos,
            items: Vec::new(),
        };
        for (key, value) in entries {
            let Some(field) = fields.iter().find(|f| f.key == key.name) else {
                let keys = fields.iter().map(|f| f.key);
                let d = Diagnostic::new(Code::UnknownField, self.file, key.pos)
                    .field(key.name.clone())
                    .arg("kind", self.ui.kind_in(self.group))
                    .arg(
                        "allowed",
                        fields.iter().map(|f| f.key).collect::<Vec<_>>().join(", "),
                    )
                    .arg("key", &key.name)
                    .arg_opt("suggestion", closest(&key.name, keys));
                self.diags.push(d);
                continue;
            };
            let path = join(prefix, field.key);
            if matches!(value.value, Value::Null) {
                if field.req == Req::Yes {
                    let d = self
                        .diag(Code::RequiredEmpty, value.pos, &path)
                        .arg("expected", describe_ty(self.ui, &field.ty));
                    self.diags.push(d);
                }
                continue;
            }
            if let Some(v) = self.value(value, &field.ty, &path) {
                out.items.push((
                    field.key,
                    Item {
                        pos: value.pos,
                        value: v,
                    },
                ));
            }
        }
        let is_variant = out.has("template");
        for field in fields {
            let missing = !entries.iter().any(|(k, _)| k.name == field.key);
            let needed = match field.req {
                Req::Yes => true,
                Req::UnlessVariant => !is_variant,
                Req::No => false,
            };
            if missing && needed {
                let path = join(prefix, field.key);
                let pos = if prefix.is_empty() && entries.is_empty() {
                    Pos::new(node.pos.line.max(1), 1)
                } else {
                    node.pos
                };
                let d = self
                    .diag(Code::RequiredMissing, pos, &path)
                    .arg("key", field.key)
                    .arg("expected", describe_ty(self.ui, &field.ty));
                self.diags.push(d);
            }
        }
        out
    }

    fn value(&mut self, node: &Node, ty: &'static Ty, path: &str) -> Option<Val> {
        let found = || node.value.describe(self.ui);
        if let Value::Str(s) = &node.value
            && let Some(hint) = placeholder_hint(s)
        {
            let d = self
                .diag(Code::PlaceholderNotFilled, node.pos, path)
                .arg("expected", hint)
                .arg("found", s);
            self.diags.push(d);
            // A reference becomes an empty id, which nothing reports again.
            return matches!(ty, Ty::Ref(_)).then(|| Val::Text(String::new()));
        }
        match (ty, &node.value) {
            (Ty::Text | Ty::Markdown, Value::Str(s)) => Some(Val::Text(s.clone())),
            (Ty::Text | Ty::Markdown, Value::Int(i)) => Some(Val::Text(i.to_string())),
            (Ty::Text | Ty::Markdown, Value::Float(f)) => Some(Val::Text(f.to_string())),
            (Ty::Text | Ty::Markdown, Value::Bool(b)) => Some(Val::Text(b.to_string())),
            (Ty::Bool, Value::Bool(b)) => Some(Val::Bool(*b)),
            (Ty::Int { min, max }, Value::Int(i)) => {
                if i < min || i > max {
                    let d = self
                        .diag(Code::NumberOutOfRange, node.pos, path)
                        .arg("min", min)
                        .arg("max", max)
                        .arg("found", found());
                    self.diags.push(d);
                    None
                } else {
                    Some(Val::Int(*i))
                }
            }
            (Ty::Date, Value::Str(s)) => match parse_date(s) {
                Some(d) => Some(Val::Date(d)),
                None => {
                    let d = self
                        .diag(Code::NotADate, node.pos, path)
                        .arg("found", found())
                        .arg_opt("suggestion", date_suggestion(s));
                    self.diags.push(d);
                    None
                }
            },
            (Ty::Url, Value::Str(s)) => {
                let ok = (s.starts_with("https://") || s.starts_with("http://"))
                    && s.len() > "https://".len()
                    && !s
                        .chars()
                        .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>');
                if ok {
                    Some(Val::Text(s.clone()))
                } else {
                    let d = self
                        .diag(Code::NotAUrl, node.pos, path)
                        .arg("found", found())
                        .arg_opt("suggestion", url_suggestion(s));
                    self.diags.push(d);
                    None
                }
            }
            (Ty::Slug | Ty::Ref(_), Value::Str(s)) => {
                let qualified_lesson = matches!(ty, Ty::Ref(Kind::Lesson))
                    && s.split_once('/')
                        .is_some_and(|(course, lesson)| is_valid_id(course) && is_valid_id(lesson));
                if is_valid_id(s) || qualified_lesson {
                    Some(Val::Text(s.clone()))
                } else {
                    let slug = crate::text::slug::slugify(s);
                    let d = self
                        .diag(Code::InvalidId, node.pos, path)
                        .arg("found", found())
                        .arg("value", s)
                        .arg_opt(
                            "suggestion",
                            (!slug.is_empty() && slug != *s).then_some(slug),
                        );
                    self.diags.push(d);
                    None
                }
            }
            (Ty::Ref(_) | Ty::Slug, Value::Int(i)) => {
                let d = self.diag(Code::IdIsNumber, node.pos, path).arg("number", i);
                self.diags.push(d);
                None
            }
            (Ty::Enum(def), Value::Str(s)) => {
                if def.contains(s) {
                    Some(Val::Text(s.clone()))
                } else {
                    let allowed: Vec<String> = def
                        .values
                        .iter()
                        .map(|v| format!("{v} ({})", self.ui.value(def.name, v)))
                        .collect();
                    let d = self
                        .diag(Code::ValueNotAllowed, node.pos, path)
                        .arg("allowed", allowed.join(", "))
                        .arg("found", found())
                        .arg_opt("suggestion", closest(s, def.values.iter().copied()));
                    self.diags.push(d);
                    None
                }
            }
            (Ty::List(inner), Value::Seq(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    if matches!(item.value, Value::Null) {
                        let d = self
                            .diag(Code::EmptyListItem, item.pos, path)
                            .arg("expected", describe_ty(self.ui, inner));
                        self.diags.push(d);
                        continue;
                    }
                    if let Some(v) = self.value(item, inner, path) {
                        out.push(Item {
                            pos: item.pos,
                            value: v,
                        });
                    }
                }
                Some(Val::List(out))
            }
            (Ty::Record(fields), Value::Map(_)) => {
                Some(Val::Record(self.record(node, fields, path)))
            }
            (Ty::Map { keys, value }, Value::Map(entries)) => {
                let mut out = Vec::new();
                for (k, v) in entries {
                    if !keys.contains(&k.name) {
                        let allowed = keys
                            .values
                            .iter()
                            .map(|x| format!("{x} ({})", self.ui.value(keys.name, x)))
                            .collect::<Vec<_>>()
                            .join(", ");
                        let d = self
                            .diag(Code::UnknownKey, k.pos, path)
                            .arg("allowed", allowed)
                            .arg("key", &k.name)
                            .arg_opt("suggestion", closest(&k.name, keys.values.iter().copied()));
                        self.diags.push(d);
                        continue;
                    }
                    if matches!(v.value, Value::Null) {
                        continue;
                    }
                    if let Some(val) = self.value(v, value, path) {
                        out.push((
                            k.name.clone(),
                            Item {
                                pos: v.pos,
                                value: val,
                            },
                        ));
                    }
                }
                Some(Val::Map(out))
            }
            _ => {
                let d = self
                    .diag(Code::WrongType, node.pos, path)
                    .arg("expected", describe_ty(self.ui, ty))
                    .arg("found", found());
                self.diags.push(d);
                None
            }
        }
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Parses a strict `YYYY-MM-DD` date.
pub(crate) fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    s.parse::<Date>().ok()
}

/// A date written as `DD.MM.YYYY` (or with `/`), as `YYYY-MM-DD`.
pub(crate) fn date_suggestion(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.trim().split(['.', '/']).collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let (day, month, year) = (
        day.parse::<i8>().ok()?,
        month.parse::<i8>().ok()?,
        year.parse::<i16>().ok()?,
    );
    Date::new(year, month, day)
        .ok()
        .filter(|_| year >= 1000)
        .map(|d| d.to_string())
}

/// An address without a scheme (`www.latvija.lv/…`), with `https://`.
pub(crate) fn url_suggestion(s: &str) -> Option<String> {
    let s = s.trim();
    let host = s.split('/').next().unwrap_or("");
    let looks_like_host = host.contains('.')
        && !host.starts_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    let fine = !s.contains("://") && !s.chars().any(char::is_whitespace);
    (looks_like_host && fine).then(|| format!("https://{s}"))
}

/// How a type is described in "expected …" messages and on the field reference page, in
/// `ui`'s language.
pub(crate) fn describe_ty(ui: &Ui, ty: &Ty) -> String {
    let text = |key: &str| ui.get(key).to_string();
    match ty {
        Ty::Text => text("diagnostics.ty_text"),
        Ty::Markdown => text("diagnostics.ty_markdown"),
        Ty::Bool => text("diagnostics.ty_bool"),
        Ty::Int { min, max } => text("diagnostics.ty_int")
            .replace("{min}", &min.to_string())
            .replace("{max}", &max.to_string()),
        Ty::Date => text("diagnostics.ty_date"),
        Ty::Url => text("diagnostics.ty_url"),
        Ty::Slug => text("diagnostics.ty_slug"),
        Ty::Ref(kind) => {
            text("diagnostics.ty_ref").replace("{kind}", &ui.kind(*kind).to_lowercase())
        }
        Ty::Enum(def) => text("diagnostics.ty_enum").replace("{values}", &def.values.join(", ")),
        Ty::List(inner) => text("diagnostics.ty_list").replace("{inner}", &describe_ty(ui, inner)),
        Ty::Record(fields) => text("diagnostics.ty_record").replace(
            "{fields}",
            &fields.iter().map(|f| f.key).collect::<Vec<_>>().join(", "),
        ),
        Ty::Map { keys, value } => text("diagnostics.ty_map")
            .replace("{keys}", &keys.values.join(" / "))
            .replace("{value}", &describe_ty(ui, value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_starter_files_marks_are_placeholders() {
        assert_eq!(
            placeholder_hint(&placeholder("ko rakstīt")),
            Some("ko rakstīt")
        );
        // Content that merely looks like markup is content (escaped on output), not a hole.
        for value in [
            "<img src=x onerror=alert(1)>",
            "<b>treknraksts</b>",
            "a ‹b› c",
            "‹›x",
        ] {
            assert_eq!(placeholder_hint(value), None, "{value}");
        }
    }
    use crate::load::yaml;

    fn check(kind: Kind, src: &str) -> (Fields, Vec<Diagnostic>) {
        let ui = Ui::for_language("lv").unwrap();
        let node = yaml::parse("x.md", src, 1).unwrap();
        let mut v = Validator::new("x.md", kind, &ui);
        let f = v.object(&node);
        (f, v.diags)
    }

    #[test]
    fn every_problem_of_a_card_is_reported_at_once() {
        let (_, diags) = check(
            Kind::Service,
            "title: A\nholdr: vid\nchannels: [latvia-lv]\nupdated: 2024-13-45\nkey_service: maybe\nmaturity: 9\n",
        );
        let msgs: Vec<_> = diags.iter().map(|d| (d.line, d.code)).collect();
        assert!(msgs.contains(&(3, Code::UnknownField)), "{msgs:?}");
        assert!(msgs.contains(&(4, Code::ValueNotAllowed)));
        assert!(msgs.contains(&(5, Code::NotADate)));
        assert!(msgs.contains(&(6, Code::WrongType)));
        assert!(msgs.contains(&(7, Code::NumberOutOfRange)));
        assert!(msgs.iter().any(|(_, c)| *c == Code::RequiredMissing));
        let unknown = diags.iter().find(|d| d.code == Code::UnknownField).unwrap();
        assert_eq!(unknown.message, "nezināms lauks");
        assert_eq!(unknown.help.as_deref(), Some("vai domājāt `holder`?"));
        assert_eq!(unknown.column, 1);
        let channel = diags.iter().find(|d| d.line == 4).unwrap();
        assert_eq!(channel.help.as_deref(), Some("vai domājāt `latvija-lv`?"));
        assert_eq!(channel.field.as_deref(), Some("channels"));
        assert_eq!(channel.label.as_deref(), Some("Kanāli"));
    }

    #[test]
    fn wrong_type_names_expected_and_found() {
        let (_, diags) = check(Kind::Page, "title: A\ntags: one\nweight: heavy\n");
        assert_eq!(diags.len(), 2);
        assert_eq!(
            diags[0].expected.as_deref(),
            Some("saraksts, katrs elements — teksts")
        );
        assert_eq!(diags[0].found.as_deref(), Some("teksts \"one\""));
        assert_eq!(diags[1].line, 4);
    }

    #[test]
    fn variants_may_omit_the_title() {
        let (f, diags) = check(Kind::Service, "holder: riga\ntemplate: soc-pabalsts\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(f.reference("template").unwrap().id, "soc-pabalsts");
    }

    #[test]
    fn nested_records_and_stage_maps_are_checked() {
        let (f, diags) = check(
            Kind::Situation,
            "title: S\nsteps:\n  - title: One\n    services: [a, b]\n  - text: no title\n",
        );
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].field.as_deref(), Some("steps.title"));
        assert_eq!(diags[0].label.as_deref(), Some("Nosaukums"));
        assert_eq!(f.records("steps")[0].references("services").len(), 2);
        let (f, diags) = check(
            Kind::Service,
            "title: A\nholder: vid\nstages:\n  informacija: [latvija-lv]\n  pieteiksanas: [pasts]\n",
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 6);
        assert_eq!(f.text_lists_by_key("stages")[0].1, vec!["latvija-lv"]);
    }

    #[test]
    fn ids_must_be_slugs_with_a_suggestion() {
        let (_, diags) = check(Kind::Page, "id: Pārvaldība\ntitle: A\n");
        assert_eq!(diags[0].help.as_deref(), Some("vai domājāt `parvaldiba`?"));
        let (_, diags) = check(Kind::Page, "id: ../../etc\ntitle: A\n");
        assert_eq!(diags[0].code, Code::InvalidId);
    }

    #[test]
    fn front_matter_that_is_a_list_is_refused() {
        let (_, diags) = check(Kind::Page, "- a\n- b\n");
        assert_eq!(diags[0].code, Code::NotAMapping);
        assert_eq!(diags[0].message, "šeit jābūt laukiem `atslēga: vērtība`");
    }

    #[test]
    fn dates_and_addresses_get_the_form_they_were_meant_as() {
        let (_, diags) = check(
            Kind::Service,
            "title: A\nholder: vid\nupdated: 02.12.2026\neservice_url: www.latvija.lv/lv/pakalpojumi\n",
        );
        let date = diags.iter().find(|d| d.code == Code::NotADate).unwrap();
        assert_eq!((date.line, date.column), (4, 10));
        assert_eq!(date.message, "tas nav datums formā GGGG-MM-DD");
        assert_eq!(date.help.as_deref(), Some("vai domājāt `2026-12-02`?"));
        assert_eq!(date.field.as_deref(), Some("updated"));
        let url = diags.iter().find(|d| d.code == Code::NotAUrl).unwrap();
        assert_eq!((url.line, url.column), (5, 15));
        assert_eq!(
            url.help.as_deref(),
            Some("vai domājāt `https://www.latvija.lv/lv/pakalpojumi`?")
        );
        assert_eq!(date_suggestion("31.02.2026"), None, "no such day");
        assert_eq!(url_suggestion("zvaniet 8000"), None);
    }
}
