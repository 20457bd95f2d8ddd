//! UI strings: every word the site and the field reference show that does not come from
//! content, loaded from one file per language (`src/ui/<language>.toml`).

use crate::schema::Kind;

/// The UI strings of one language.
#[derive(Debug, Clone)]
pub struct Ui {
    pub language: String,
    table: toml::Table,
    json: serde_json::Value,
}

const LATVIAN: &str = include_str!("lv.toml");

impl Ui {
    /// Strings for `language`; only Latvian ships today.
    pub fn for_language(language: &str) -> Result<Ui, String> {
        let text = match language {
            "lv" => LATVIAN,
            other => {
                return Err(format!(
                    "no UI strings for language `{other}`; available: lv (add src/ui/{other}.toml)"
                ));
            }
        };
        let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let json = serde_json::to_value(&table).map_err(|e| e.to_string())?;
        Ok(Ui {
            language: language.to_string(),
            table,
            json,
        })
    }

    /// All strings as one JSON object, for templates (`t.site.home`).
    pub fn json(&self) -> &serde_json::Value {
        &self.json
    }

    /// A string by dotted path (`site.home`); the path itself if missing, so a gap is visible.
    pub fn get<'a>(&'a self, path: &'a str) -> &'a str {
        let mut parts = path.splitn(2, '.');
        let (Some(group), Some(key)) = (parts.next(), parts.next()) else {
            return path;
        };
        self.table
            .get(group)
            .and_then(|g| g.get(key))
            .and_then(|v| v.as_str())
            .unwrap_or(path)
    }

    /// (label, meaning) of a field; `key` may be `parent.child` for record fields.
    pub fn field<'a>(&'a self, kind: Kind, key: &'a str) -> (&'a str, &'a str) {
        self.field_in(kind.slug(), key)
    }

    /// (label, meaning) of a field of a group of fields: a kind's slug or `source`.
    pub fn field_in<'a>(&'a self, group: &str, key: &'a str) -> (&'a str, &'a str) {
        let pair = self
            .table
            .get("field")
            .and_then(|f| f.get(group))
            .and_then(|k| k.get(key))
            .and_then(|v| v.as_array());
        match pair.map(|a| a.as_slice()) {
            Some([label, meaning]) => (
                label.as_str().unwrap_or(key),
                meaning.as_str().unwrap_or(""),
            ),
            _ => (key, ""),
        }
    }

    /// How diagnostics name a field: the key with its Latvian label, `holder (Pakalpojuma turētājs)`.
    pub fn field_name(&self, kind: Kind, key: &str) -> String {
        self.field_name_in(kind.slug(), key)
    }

    /// [`Ui::field_name`] for a group of fields: a kind's slug or `source`.
    pub fn field_name_in(&self, group: &str, key: &str) -> String {
        let (label, _) = self.field_in(group, key);
        let last = key.rsplit('.').next().unwrap_or(key);
        if label == key || label == last {
            key.to_string()
        } else {
            format!("{key} ({label})")
        }
    }

    /// Label of an allowed value (`values.channel.latvija-lv`), the value itself if unlabelled.
    pub fn value<'a>(&'a self, enum_name: &str, value: &'a str) -> &'a str {
        self.table
            .get("values")
            .and_then(|v| v.get(enum_name))
            .and_then(|e| e.get(value))
            .and_then(|s| s.as_str())
            .unwrap_or(value)
    }

    pub fn kind(&self, kind: Kind) -> &str {
        self.kind_in(kind.slug())
    }

    /// The name of a group of fields: a kind's slug or `source`.
    pub fn kind_in<'a>(&'a self, group: &'a str) -> &'a str {
        self.table
            .get("kind")
            .and_then(|k| k.get(group))
            .and_then(|s| s.as_str())
            .unwrap_or(group)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{ENUMS, Ty};

    #[test]
    fn every_field_and_value_has_a_latvian_label() {
        let ui = Ui::for_language("lv").unwrap();
        for kind in Kind::ALL {
            for field in kind.fields() {
                let (label, meaning) = ui.field(kind, field.key);
                assert_ne!(
                    label,
                    field.key,
                    "{}.{} has no label",
                    kind.slug(),
                    field.key
                );
                assert!(
                    !meaning.is_empty(),
                    "{}.{} has no meaning",
                    kind.slug(),
                    field.key
                );
                if let Ty::List(Ty::Record(sub)) = &field.ty {
                    for s in *sub {
                        let key = format!("{}.{}", field.key, s.key);
                        assert_ne!(ui.field(kind, &key).0, key.as_str(), "{key} has no label");
                    }
                }
            }
        }
        for e in ENUMS {
            for v in e.values {
                assert_ne!(ui.value(e.name, v), *v, "{}.{v} has no label", e.name);
            }
        }
    }

    #[test]
    fn diagnostics_name_fields_with_their_label() {
        let ui = Ui::for_language("lv").unwrap();
        assert_eq!(
            ui.field_name(Kind::Service, "holder"),
            "holder (Pakalpojuma turētājs)"
        );
        assert!(Ui::for_language("xx").is_err());
    }
}
