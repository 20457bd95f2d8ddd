//! Parses YAML (front matter or a registry file) into a tree of values that remember their
//! line and column, with budgets against alias bombs and deep nesting (serde-saphyr).

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::ui::Ui;

/// A YAML value with its position in the file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) pos: Pos,
    pub(crate) value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its position.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Key {
    pub(crate) pos: Pos,
    pub(crate) name: String,
}

impl Value {
    /// How a value is described in "found …" messages, in `ui`'s language.
    pub(crate) fn describe(&self, ui: &Ui) -> String {
        let (key, fact) = match self {
            Value::Null => ("diagnostics.found_nothing", String::new()),
            Value::Bool(b) => ("diagnostics.found_bool", b.to_string()),
            Value::Int(i) => ("diagnostics.found_number", i.to_string()),
            Value::Float(f) => ("diagnostics.found_number", f.to_string()),
            Value::Str(s) => {
                let short: String = s.chars().take(60).collect();
                let more = if s.chars().count() > 60 { "…" } else { "" };
                ("diagnostics.found_text", format!("{short}{more}"))
            }
            Value::Seq(items) => ("diagnostics.found_list", ui.count(items.len(), "items")),
            Value::Map(_) => ("diagnostics.found_mapping", String::new()),
        };
        ui.get(key).replace("{value}", &fact)
    }
}

/// The raw tree as serde-saphyr hands it over.
enum Raw {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<String>, Spanned<Raw>)>),
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RawVisitor;
        impl<'de> Visitor<'de> for RawVisitor {
            type Value = Raw;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a YAML value")
            }
            fn visit_unit<E>(self) -> Result<Raw, E> {
                Ok(Raw::Null)
            }
            fn visit_none<E>(self) -> Result<Raw, E> {
                Ok(Raw::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
                Raw::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
                Ok(Raw::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
                Ok(Raw::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
                Ok(i64::try_from(v).map_or(Raw::Float(v as f64), Raw::Int))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Raw, E> {
                Ok(Raw::Float(v as f64))
            }
            fn visit_u128<E>(self, v: u128) -> Result<Raw, E> {
                Ok(Raw::Float(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
                Ok(Raw::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
                Ok(Raw::Str(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Raw, E> {
                Ok(Raw::Str(v))
            }
            fn visit_bytes<E: serde::de::Error>(self, _: &[u8]) -> Result<Raw, E> {
                Err(E::custom("binary values are not supported"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
                let mut out = Vec::new();
                while let Some(x) = a.next_element::<Spanned<Raw>>()? {
                    out.push(x);
                }
                Ok(Raw::Seq(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = a.next_key::<Spanned<String>>()? {
                    let v = a.next_value::<Spanned<Raw>>()?;
                    out.push((k, v));
                }
                Ok(Raw::Map(out))
            }
        }
        d.deserialize_any(RawVisitor)
    }
}

fn pos_of(loc: &serde_saphyr::Location, line_offset: u32) -> Pos {
    Pos::new(loc.line() as u32 + line_offset, loc.column() as u32)
}

fn convert(raw: Spanned<Raw>, line_offset: u32) -> Node {
    let pos = pos_of(&raw.referenced, line_offset);
    let value = match raw.value {
        Raw::Null => Value::Null,
        Raw::Bool(b) => Value::Bool(b),
        Raw::Int(i) => Value::Int(i),
        Raw::Float(f) => Value::Float(f),
        Raw::Str(s) => Value::Str(s),
        Raw::Seq(items) => Value::Seq(items.into_iter().map(|i| convert(i, line_offset)).collect()),
        Raw::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    (
                        Key {
                            pos: pos_of(&k.referenced, line_offset),
                            name: k.value,
                        },
                        convert(v, line_offset),
                    )
                })
                .collect(),
        ),
    };
    Node { pos, value }
}

/// Limits for content YAML: far above any real card, far below what hurts.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 200_000,
            max_aliases: 200,
            max_anchors: 200,
            max_depth: 16,
            max_nodes: 100_000,
            max_total_scalar_bytes: 16 * 1024 * 1024,
            max_documents: 1,
            max_recorded_anchor_events: 20_000,
            max_recorded_anchor_bytes: 1024 * 1024,
        },
    }
}

/// Parses `yaml` whose first line is line `line_offset + 1` of `file`.
pub(crate) fn parse(file: &str, yaml: &str, line_offset: u32) -> Result<Node, Diagnostic> {
    if yaml.trim().is_empty() {
        return Ok(Node {
            pos: Pos::new(line_offset + 1, 1),
            value: Value::Map(Vec::new()),
        });
    }
    match serde_saphyr::from_str_with_options::<Spanned<Raw>>(yaml, options()) {
        Ok(raw) => Ok(convert(raw, line_offset)),
        Err(e) => {
            let at = e.location().map_or(Pos::new(1, 1), |l| pos_of(&l, 0));
            let mistake = explain(yaml, &e.to_string(), at);
            let mut d = Diagnostic::new(mistake.code, file, mistake.pos.below(line_offset));
            for (name, value) in mistake.args {
                d = d.arg(name, value);
            }
            Err(d)
        }
    }
}

/// A YAML syntax error in plain words: which common mistake it is, where its character is
/// (within the YAML text), and the facts its message needs.
#[derive(Debug, PartialEq)]
struct Mistake {
    code: Code,
    pos: Pos,
    args: Vec<(&'static str, String)>,
}

impl Mistake {
    fn new(code: Code, pos: Pos) -> Self {
        Mistake {
            code,
            pos,
            args: Vec::new(),
        }
    }

    fn arg(mut self, name: &'static str, value: String) -> Self {
        self.args.push((name, value));
        self
    }
}

/// Recognises the common mistakes behind a parser error from the text itself (the parser's
/// own words are not shown): a tab in the indentation, an unclosed quote or bracket, a key
/// written twice, a colon inside an unquoted value, an indentation that does not fit.
fn explain(yaml: &str, raw: &str, at: Pos) -> Mistake {
    let lines: Vec<&str> = yaml.lines().collect();
    let upto = (at.line as usize).clamp(1, lines.len().max(1));
    if raw.contains("budget") {
        return Mistake::new(Code::YamlTooLarge, at);
    }
    if raw.contains("duplicate") {
        let line = lines.get(upto - 1).copied().unwrap_or("");
        let key = line.trim_start().trim_start_matches("- ");
        let key = key.split(':').next().unwrap_or("").trim();
        let key = if key.is_empty() {
            raw.split("key: ")
                .nth(1)
                .and_then(|k| k.split(',').next())
                .unwrap_or("")
        } else {
            key
        };
        let column = indent_of(line) + 1 + usize::from(line.trim_start().starts_with("- ")) * 2;
        return Mistake::new(Code::YamlDuplicateKey, Pos::new(upto as u32, column as u32))
            .arg("key", key.trim_matches(['"', '\'']).to_string());
    }
    // A tab in the indentation: the nearest one before the error, else the first after it
    // (the parser may stop a line early).
    for n in (0..upto).rev().chain(upto..lines.len()) {
        let line = lines[n];
        let lead: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        if let Some(i) = lead.find('\t') {
            return Mistake::new(Code::YamlTab, Pos::new(n as u32 + 1, i as u32 + 1));
        }
    }
    // An opening quote or bracket of a value that its line does not close.
    for (n, line) in lines.iter().enumerate().take(upto) {
        if let Some((i, open)) = unclosed(line) {
            let pos = Pos::new(n as u32 + 1, line[..i].chars().count() as u32 + 1);
            return match open {
                '"' | '\'' => {
                    Mistake::new(Code::YamlUnclosedQuote, pos).arg("quote", format!("{open}"))
                }
                _ => Mistake::new(Code::YamlUnclosedBracket, pos),
            };
        }
    }
    let line = lines.get(upto - 1).copied().unwrap_or("");
    if let Some((key, value, colon)) = colon_in_value(line) {
        let pos = Pos::new(upto as u32, line[..colon].chars().count() as u32 + 1);
        let indent = &line[..indent_of(line)];
        let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
        return Mistake::new(Code::YamlColonInValue, pos)
            .arg("suggestion", format!("`{indent}{key}: \"{quoted}\"`"));
    }
    if raw.contains("mapping values")
        || raw.contains("block mapping")
        || raw.contains("block sequence")
        || raw.contains("expected key")
        || raw.contains("indentation")
    {
        // The line whose indentation breaks the pattern: the reported one, or the first
        // line before it that is indented deeper than a plain value allows.
        let n = (1..upto)
            .find(|&n| {
                let prev = lines[n - 1];
                indent_of(lines[n]) > indent_of(prev)
                    && !prev.trim_end().ends_with(':')
                    && !lines[n].trim().is_empty()
                    && !prev.trim().is_empty()
            })
            .unwrap_or(upto - 1);
        let line = lines.get(n).copied().unwrap_or("");
        return Mistake::new(
            Code::YamlIndentation,
            Pos::new(n as u32 + 1, indent_of(line) as u32 + 1),
        );
    }
    Mistake::new(Code::YamlSyntax, at)
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// The byte offset and character of a quote or bracket that opens a value on `line` and is
/// not closed on it.
fn unclosed(line: &str) -> Option<(usize, char)> {
    let body = line.trim_start().trim_start_matches("- ");
    let start = line.len() - body.len();
    let value_at = match body.find(": ") {
        Some(i) if !body.starts_with(['"', '\'', '[', '{']) => start + i + 2,
        _ if body.starts_with(['"', '\'', '[', '{']) => start,
        _ => return None,
    };
    let value = line[value_at..].trim_start();
    let at = line.len() - value.len();
    let open = value.chars().next()?;
    let closed = match open {
        '"' => {
            let mut escaped = false;
            value[1..].chars().any(|c| {
                let end = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                end
            })
        }
        '\'' => value[1..].contains('\''),
        '[' | '{' => {
            let close = if open == '[' { ']' } else { '}' };
            let depth = value.chars().fold(0i32, |d, c| {
                if c == open {
                    d + 1
                } else if c == close {
                    d - 1
                } else {
                    d
                }
            });
            depth <= 0
        }
        _ => return None,
    };
    (!closed).then_some((at, open))
}

/// `key: some value: more` — an unquoted value holding `: `. Returns the key, the whole
/// value and the byte offset of the value's colon.
fn colon_in_value(line: &str) -> Option<(&str, &str, usize)> {
    let body = line.trim_start().trim_start_matches("- ");
    let start = line.len() - body.len();
    let (key, rest) = body.split_once(": ")?;
    if key.is_empty() || key.contains(['"', '\'', '[', '{', '#']) {
        return None;
    }
    let value = rest.trim();
    if value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!']) {
        return None;
    }
    let inner = value
        .find(": ")
        .or_else(|| value.strip_suffix(':').map(|v| v.len()))?;
    let value_at = start + key.len() + 2 + (rest.len() - rest.trim_start().len());
    Some((key, value, value_at + inner))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_file_lines() {
        let n = parse("a.md", "title: A\ntags:\n  - x\n", 1).unwrap();
        let Value::Map(entries) = n.value else {
            panic!()
        };
        assert_eq!(entries[0].0.pos, Pos::new(2, 1));
        assert_eq!(entries[0].1.pos, Pos::new(2, 8));
        let Value::Seq(items) = &entries[1].1.value else {
            panic!()
        };
        assert_eq!(items[0].pos, Pos::new(4, 5));
    }

    /// (code, line, column, message, help) of the error in `yaml` (front matter from line 2).
    fn mistake(yaml: &str) -> (&'static str, u32, u32, String, Option<String>) {
        let d = parse("a.md", yaml, 1).unwrap_err();
        (d.code.id(), d.line, d.column, d.message, d.help)
    }

    #[test]
    fn common_mistakes_are_named_in_plain_words_at_their_character() {
        let (code, line, column, message, help) = mistake("title: [unclosed\nfoo: bar\n");
        assert_eq!((code, line, column), ("K0207", 2, 8));
        assert_eq!(message, "saraksts vai kartējums nav aizvērts");
        assert!(help.unwrap().contains("`tags: [a, b]`"));

        let (code, line, column, message, help) =
            mistake("title: Pieteikums: iesniegšana\nsummary: S\n");
        assert_eq!((code, line, column), ("K0203", 2, 18));
        assert_eq!(
            message,
            "vērtībā ir kols ar atstarpi (`: `), ko YAML uztver kā jauna lauka sākumu"
        );
        assert_eq!(
            help.as_deref(),
            Some("ielieciet vērtību pēdiņās: `title: \"Pieteikums: iesniegšana\"`")
        );

        let (code, line, column, message, _) = mistake("title: A\ntags:\n\t- x\n");
        assert_eq!((code, line, column), ("K0204", 4, 1));
        assert_eq!(message, "atkāpē ir tabulācijas rakstzīme");

        let (code, line, column, message, _) = mistake("title: \"Pakalpojums\nsummary: S\n");
        assert_eq!((code, line, column), ("K0205", 2, 8));
        assert_eq!(message, "pēdiņas nav aizvērtas");

        let (code, line, column, message, help) =
            mistake("title: A\nchannels: [pasts]\nchannels: [latvija-lv]\n");
        assert_eq!((code, line, column), ("K0206", 4, 1));
        assert_eq!(message, "lauks `channels` ir norādīts divreiz");
        assert!(help.unwrap().contains("`channels: [a, b]`"));

        let (code, line, column, message, _) = mistake("title: A\n  summary: S\n");
        assert_eq!((code, line, column), ("K0202", 3, 3));
        assert_eq!(message, "rindas atkāpe neatbilst laukiem ap to");

        let (code, line, column, _, _) = mistake("title: A\nsteps:\n  - title: B\n text: C\n");
        assert_eq!((code, line), ("K0202", 5), "{column}");
    }

    #[test]
    fn no_parser_words_reach_the_author() {
        for yaml in [
            "title: A\n  summary: S\n",
            "a: b: c\n",
            "a: 1\na: 2\n",
            "a: [x\n",
            "a:\n  - b\n c: d\n",
            "- a\nb: c\n",
        ] {
            let d = parse("a.md", yaml, 1).unwrap_err();
            let text = format!("{} {:?} {:?}", d.message, d.expected, d.help);
            for jargon in [
                "mapping values",
                "block mapping",
                "DuplicateKeyPolicy",
                "Options",
                "scalar",
            ] {
                assert!(!text.contains(jargon), "{yaml:?}: {text}");
            }
        }
    }

    #[test]
    fn alias_bombs_stop_at_the_budget() {
        let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (name, prev) in [
            ("b", "a"),
            ("c", "b"),
            ("d", "c"),
            ("e", "d"),
            ("f", "e"),
            ("g", "f"),
        ] {
            let refs = vec![format!("*{prev}"); 9].join(",");
            bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let started = std::time::Instant::now();
        let d = parse("a.md", &bomb, 1).unwrap_err();
        assert_eq!(d.code, Code::YamlTooLarge, "{}", d.message);
        assert!(started.elapsed().as_secs() < 2);
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let d = parse("a.md", "a: 1\na: 2\n", 1).unwrap_err();
        assert_eq!((d.line, d.column), (3, 1));
        assert_eq!(d.code, Code::YamlDuplicateKey);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!("a: {}{}", "[".repeat(500), "]".repeat(500));
        assert!(parse("a.md", &deep, 1).is_err());
    }

    #[test]
    fn deep_flow_mappings_are_refused_within_a_worker_stack() {
        // Parsing runs on rayon workers (2 MiB stacks); in debug builds each level of
        // nesting costs about 30 KiB of stack, so the limit must stop well before 64 levels.
        // Half a worker's stack must be enough.
        let deep = format!("a: {}b{}", "{a: ".repeat(10_000), "}".repeat(10_000));
        let d = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(move || parse("a.md", &deep, 1).unwrap_err())
            .unwrap()
            .join()
            .expect("no stack overflow");
        assert_eq!(d.code, Code::YamlTooLarge, "{}", d.message);
    }

    #[test]
    fn empty_front_matter_is_an_empty_mapping() {
        assert_eq!(parse("a.md", "\n", 1).unwrap().value, Value::Map(vec![]));
    }
}
