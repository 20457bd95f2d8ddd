//! Translation files: `name.<lang>.md` beside `name.md` (and `_index.<lang>.md`), and
//! `content/iestades.<lang>.yaml` for the institutions. A translation carries free text only
//! (which fields, per kind: [`allowed`]); anything else it sets is reported here, with its
//! line and column. Matching a translation to its original is left to the editions
//! (the `edition` module), which see every loaded object.

use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::load::yaml::{self, Node, Value};
use crate::model::{Translated, Translation};
use crate::schema::Kind;
use crate::ui::Ui;

/// The free-text fields a translation of `kind` may set (besides `updated`, the date the
/// translation was last revised).
pub(crate) fn allowed(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Service => &["title", "summary", "keywords"],
        Kind::Situation => &["title", "summary", "keywords", "circumstances", "steps"],
        Kind::Term => &["term", "short", "abbreviations"],
        Kind::Institution => &["id", "name", "short_name", "description"],
        Kind::Page | Kind::Course | Kind::Lesson => &["title", "summary"],
    }
}

/// Fields whose value is a list of texts.
const LISTS: &[&str] = &["keywords", "circumstances", "abbreviations"];

/// The language and the original's file name of a translation's file name:
/// `a.en.md` → (`en`, `a.md`), `iestades.en.yaml` → (`en`, `iestades.yaml`). A language is
/// two or three lowercase ASCII letters (ISO 639).
pub(crate) fn split_name(name: &str) -> Option<(&str, String)> {
    let (stem, ext) = name.rsplit_once('.')?;
    if !(ext.eq_ignore_ascii_case("md") || ext == "yaml") {
        return None;
    }
    let (base, lang) = stem.rsplit_once('.')?;
    let is_lang = (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase());
    (is_lang && !base.is_empty()).then(|| (lang, format!("{base}.{ext}")))
}

fn wrong(file: &str, key: &str, pos: Pos, expected: &str, found: String) -> Diagnostic {
    Diagnostic::new(Code::TranslationValue, file, pos)
        .field(key)
        .arg("key", key)
        .arg("expected", expected)
        .arg("found", found)
}

fn not_allowed(file: &str, key: &str, pos: Pos, kind: Kind, original: &str) -> Diagnostic {
    Diagnostic::new(Code::TranslationField, file, pos)
        .field(key)
        .arg("key", key)
        .arg("allowed", {
            let mut a: Vec<&str> = allowed(kind).to_vec();
            if kind != Kind::Institution {
                a.push("updated");
            }
            a.join(", ")
        })
        .arg("original", original)
}

fn list_of_text(ui: &Ui) -> String {
    ui.get("diagnostics.ty_list")
        .replace("{inner}", ui.get("diagnostics.ty_text"))
}

fn text_of(node: &Node) -> Option<String> {
    match &node.value {
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        _ => None,
    }
}

/// Reads the translated fields of one mapping (front matter or a registry entry).
#[allow(clippy::too_many_arguments)]
fn read_fields(
    file: &str,
    original: &str,
    kind: Kind,
    map: &[(yaml::Key, Node)],
    ui: &Ui,
    t: &mut Translation,
    diags: &mut Vec<Diagnostic>,
) {
    for (key, node) in map {
        let name = key.name.as_str();
        if name == "updated" && kind != Kind::Institution {
            match text_of(node).and_then(|s| crate::load::validate::parse_date(&s)) {
                Some(d) => t.updated = Some(d),
                None => diags.push(wrong(
                    file,
                    name,
                    node.pos,
                    "YYYY-MM-DD",
                    node.value.describe(ui),
                )),
            }
            continue;
        }
        let Some(&key) = allowed(kind).iter().find(|k| **k == name) else {
            diags.push(not_allowed(file, name, key.pos, kind, original));
            continue;
        };
        if key == "id" {
            t.id = text_of(node);
            t.pos = key_pos(map, "id").unwrap_or(t.pos);
            continue;
        }
        let value = if key == "steps" {
            read_steps(file, original, node, ui, diags).map(Translated::Steps)
        } else if LISTS.contains(&key) {
            match &node.value {
                Value::Seq(items) => {
                    let texts: Option<Vec<String>> = items.iter().map(text_of).collect();
                    match texts {
                        Some(t) => Some(Translated::List(t)),
                        None => {
                            diags.push(wrong(
                                file,
                                key,
                                node.pos,
                                &list_of_text(ui),
                                node.value.describe(ui),
                            ));
                            None
                        }
                    }
                }
                Value::Null => Some(Translated::List(Vec::new())),
                _ => {
                    diags.push(wrong(
                        file,
                        key,
                        node.pos,
                        &list_of_text(ui),
                        node.value.describe(ui),
                    ));
                    None
                }
            }
        } else {
            match text_of(node) {
                Some(s) => Some(Translated::Text(s.trim().to_string())),
                None => {
                    diags.push(wrong(
                        file,
                        key,
                        node.pos,
                        ui.get("diagnostics.ty_text"),
                        node.value.describe(ui),
                    ));
                    None
                }
            }
        };
        if let Some(v) = value {
            t.fields.push((key, v, node.pos));
        }
    }
}

fn key_pos(map: &[(yaml::Key, Node)], name: &str) -> Option<Pos> {
    map.iter().find(|(k, _)| k.name == name).map(|(k, _)| k.pos)
}

/// Steps: `{title, text?}` each; a step's services come from the original.
fn read_steps(
    file: &str,
    original: &str,
    node: &Node,
    ui: &Ui,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<(String, Option<String>)>> {
    let Value::Seq(items) = &node.value else {
        diags.push(wrong(
            file,
            "steps",
            node.pos,
            &ui.get("diagnostics.ty_list").replace(
                "{inner}",
                &ui.get("diagnostics.ty_record")
                    .replace("{fields}", "title, text"),
            ),
            node.value.describe(ui),
        ));
        return None;
    };
    let mut steps = Vec::new();
    let mut ok = true;
    for item in items {
        let (title, text) = match &item.value {
            Value::Str(s) => (Some(s.clone()), None),
            Value::Map(m) => {
                let mut title = None;
                let mut text = None;
                for (k, v) in m {
                    match k.name.as_str() {
                        "title" => title = text_of(v),
                        "text" => text = text_of(v),
                        other => {
                            diags.push(
                                not_allowed(file, other, k.pos, Kind::Situation, original)
                                    .field(format!("steps.{other}"))
                                    .arg("allowed", "title, text"),
                            );
                            ok = false;
                        }
                    }
                }
                (title, text)
            }
            _ => (None, None),
        };
        match title {
            Some(t) => steps.push((t, text)),
            None => {
                diags.push(wrong(
                    file,
                    "steps",
                    item.pos,
                    "title: …",
                    item.value.describe(ui),
                ));
                ok = false;
            }
        }
    }
    ok.then_some(steps)
}

/// Reads a Markdown translation of an object of `kind` whose source is `original`.
pub(crate) fn read_markdown(
    file: &str,
    lang: &str,
    original: &str,
    kind: Kind,
    text: &str,
    ui: &Ui,
) -> (Option<Translation>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let split = match crate::load::source::split(file, text) {
        Ok(s) => s,
        Err(d) => return (None, vec![d]),
    };
    let mut t = Translation {
        lang: lang.to_string(),
        file: file.to_string(),
        pos: Pos::new(1, 1),
        original: original.to_string(),
        kind,
        id: None,
        fields: Vec::new(),
        body: split.body.trim_start_matches('\n').into(),
        body_line: split.body_line_offset
            + (split.body.len() - split.body.trim_start_matches('\n').len()) as u32,
        updated: None,
    };
    if split.has_front_matter && !split.yaml.trim().is_empty() {
        let node = match yaml::parse(file, &split.yaml, split.yaml_line_offset) {
            Ok(n) => n,
            Err(d) => return (None, vec![d]),
        };
        match &node.value {
            Value::Map(m) => read_fields(file, original, kind, m, ui, &mut t, &mut diags),
            Value::Null => {}
            other => diags.push(wrong(
                file,
                "",
                node.pos,
                ui.get("diagnostics.found_mapping"),
                other.describe(ui),
            )),
        }
    }
    (Some(t), diags)
}

/// Reads a registry's translation: a list of `{id, name, short_name?, description?}`.
pub(crate) fn read_registry(
    file: &str,
    lang: &str,
    original: &str,
    text: &str,
    ui: &Ui,
) -> (Vec<Translation>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let node = match yaml::parse(file, text, 0) {
        Ok(n) => n,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let items = match node.value {
        Value::Seq(items) => items,
        Value::Null => Vec::new(),
        other => {
            diags.push(
                Diagnostic::new(Code::RegistryNotList, file, node.pos)
                    .arg("found", other.describe(ui)),
            );
            return (Vec::new(), diags);
        }
    };
    let mut out = Vec::new();
    for item in items {
        let Value::Map(m) = &item.value else {
            diags.push(
                Diagnostic::new(Code::RegistryNotList, file, item.pos)
                    .arg("found", item.value.describe(ui)),
            );
            continue;
        };
        let mut t = Translation {
            lang: lang.to_string(),
            file: file.to_string(),
            pos: item.pos,
            original: original.to_string(),
            kind: Kind::Institution,
            id: None,
            fields: Vec::new(),
            body: "".into(),
            body_line: 0,
            updated: None,
        };
        read_fields(file, original, Kind::Institution, m, ui, &mut t, &mut diags);
        if t.id.is_some() {
            out.push(t);
        } else {
            diags.push(wrong(
                file,
                "id",
                item.pos,
                "id: …",
                item.value.describe(ui),
            ));
        }
    }
    (out, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation_names_give_language_and_original() {
        assert_eq!(split_name("a.en.md"), Some(("en", "a.md".to_string())));
        assert_eq!(
            split_name("_index.en.md"),
            Some(("en", "_index.md".to_string()))
        );
        assert_eq!(
            split_name("iestades.en.yaml"),
            Some(("en", "iestades.yaml".to_string()))
        );
        assert_eq!(split_name("a.md"), None);
        assert_eq!(split_name("v1.2.md"), None);
        assert_eq!(split_name("a.EN.md"), None);
        assert_eq!(split_name(".en.md"), None);
    }

    #[test]
    fn structured_fields_are_refused_with_their_position() {
        let ui = Ui::builtin();
        let text =
            "---\ntitle: Unemployment benefit\nholder: vsaa\nkeywords: [jobless]\n---\nBody.\n";
        let (t, diags) = read_markdown(
            "content/pakalpojumi/a.en.md",
            "en",
            "content/pakalpojumi/a.md",
            Kind::Service,
            text,
            ui,
        );
        let t = t.unwrap();
        assert_eq!(t.text("title").as_deref(), Some("Unemployment benefit"));
        assert_eq!(t.list("keywords").unwrap(), ["jobless"]);
        assert_eq!(&*t.body, "Body.\n");
        assert_eq!(diags.len(), 1);
        let d = &diags[0];
        assert_eq!(d.code, Code::TranslationField);
        assert_eq!((d.line, d.column), (3, 1));
        assert_eq!(d.field.as_deref(), Some("holder"));
    }

    #[test]
    fn steps_keep_their_services_in_the_original() {
        let ui = Ui::builtin();
        let text = "---\nsteps:\n  - title: Register\n    services: [a]\n---\n";
        let (_, diags) = read_markdown(
            "content/dzives-situacijas/a.en.md",
            "en",
            "content/dzives-situacijas/a.md",
            Kind::Situation,
            text,
            ui,
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::TranslationField);
        assert_eq!(diags[0].line, 4);
    }
}
