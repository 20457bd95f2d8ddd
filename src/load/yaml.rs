//! Parses YAML (front matter or a registry file) into a tree of values that remember their
//! line and column, with budgets against alias bombs and deep nesting (serde-saphyr).

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, Pos};

/// A YAML value with its position in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
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
pub struct Key {
    pub pos: Pos,
    pub name: String,
}

impl Value {
    /// How a value is described in "found …" messages.
    pub fn describe(&self) -> String {
        match self {
            Value::Null => "nothing (an empty value)".to_string(),
            Value::Bool(b) => format!("the boolean `{b}`"),
            Value::Int(i) => format!("the number `{i}`"),
            Value::Float(f) => format!("the number `{f}`"),
            Value::Str(s) => {
                let short: String = s.chars().take(60).collect();
                let more = if s.chars().count() > 60 { "…" } else { "" };
                format!("the text \"{short}{more}\"")
            }
            Value::Seq(items) => format!("a list of {} item(s)", items.len()),
            Value::Map(_) => "a mapping of keys to values".to_string(),
        }
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
pub fn parse(file: &str, yaml: &str, line_offset: u32) -> Result<Node, Diagnostic> {
    if yaml.trim().is_empty() {
        return Ok(Node {
            pos: Pos::new(line_offset + 1, 1),
            value: Value::Map(Vec::new()),
        });
    }
    match serde_saphyr::from_str_with_options::<Spanned<Raw>>(yaml, options()) {
        Ok(raw) => Ok(convert(raw, line_offset)),
        Err(e) => {
            let pos = e
                .location()
                .map_or(Pos::new(line_offset + 1, 1), |l| pos_of(&l, line_offset));
            let (message, expected) = explain(&e.to_string());
            let mut d = Diagnostic::error(file, pos, message);
            if let Some(x) = expected {
                d = d.expected(x);
            }
            Err(d)
        }
    }
}

/// Turns a serde-saphyr message into ours: drops its own position prefix and names the
/// resource limits in plain words.
fn explain(raw: &str) -> (String, Option<String>) {
    let first = raw.lines().next().unwrap_or(raw);
    let bare = first.strip_prefix("error: ").unwrap_or(first);
    let bare = match bare.strip_prefix("line ") {
        Some(rest) => rest.split_once(": ").map_or(bare, |(_, m)| m),
        None => bare,
    };
    if bare.contains("budget breached") {
        return (
            format!("YAML is too large or too deeply nested ({bare})"),
            Some("plain front matter without alias expansion bombs or deep nesting".to_string()),
        );
    }
    (format!("malformed YAML: {bare}"), None)
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

    #[test]
    fn malformed_yaml_names_its_position() {
        let d = parse("a.md", "title: [unclosed\nfoo: bar\n", 1).unwrap_err();
        assert_eq!(d.line, 3);
        assert!(d.message.starts_with("malformed YAML"), "{}", d.message);
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
        assert!(d.message.contains("too large"), "{}", d.message);
        assert!(started.elapsed().as_secs() < 2);
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let d = parse("a.md", "a: 1\na: 2\n", 1).unwrap_err();
        assert_eq!(d.line, 3);
        assert!(d.message.contains("duplicate"), "{}", d.message);
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
        assert!(d.message.contains("too deeply nested"), "{}", d.message);
    }

    #[test]
    fn empty_front_matter_is_an_empty_mapping() {
        assert_eq!(parse("a.md", "\n", 1).unwrap().value, Value::Map(vec![]));
    }
}
