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

    /// Label of an allowed value (`values.channel.latvija-lv`), the value itself if unlabelled.
    pub fn value<'a>(&'a self, enum_name: &str, value: &'a str) -> &'a str {
        self.table
            .get("values")
            .and_then(|v| v.get(enum_name))
            .and_then(|e| e.get(value))
            .and_then(|s| s.as_str())
            .unwrap_or(value)
    }

    /// The built-in strings of the default language, for messages made before (or without)
    /// a site's configuration.
    pub fn builtin() -> &'static Ui {
        static BUILTIN: std::sync::OnceLock<Ui> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| Ui::for_language("lv").expect("the Latvian UI strings parse"))
    }

    /// One text of a diagnostic (`[diagnostic.KEY]`, part `message`, `expected`, `found` or
    /// `help`), with `{name}` placeholders.
    pub fn diagnostic_text(&self, key: &str, part: &str) -> Option<&str> {
        self.table
            .get("diagnostic")
            .and_then(|d| d.get(key))
            .and_then(|k| k.get(part))
            .and_then(|v| v.as_str())
    }

    /// `n` with the plural form of `[count.NOUN]` that the language's CLDR rule picks for it:
    /// "1 kļūda", "2 kļūdas", "10 kļūdu", "21 kļūda".
    pub fn count(&self, n: usize, noun: &str) -> String {
        use icu_plurals::{PluralCategory, PluralRules};
        let category = self
            .language
            .parse::<icu_locale_core::Locale>()
            .ok()
            .and_then(|l| PluralRules::try_new_cardinal(l.into()).ok())
            .map_or(PluralCategory::Other, |rules| rules.category_for(n));
        let name = match category {
            PluralCategory::Zero => "zero",
            PluralCategory::One => "one",
            PluralCategory::Two => "two",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        };
        let forms = self.table.get("count").and_then(|c| c.get(noun));
        let form = forms
            .and_then(|f| f.get(name).or_else(|| f.get("other")))
            .and_then(|v| v.as_str())
            .unwrap_or(noun);
        form.replace("{n}", &n.to_string())
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
    fn counts_follow_the_latvian_plural_rule() {
        let ui = Ui::for_language("lv").unwrap();
        let errors: Vec<String> = [0, 1, 2, 10, 11, 21, 22]
            .iter()
            .map(|&n| ui.count(n, "errors"))
            .collect();
        assert_eq!(
            errors,
            [
                "0 kļūdu",
                "1 kļūda",
                "2 kļūdas",
                "10 kļūdu",
                "11 kļūdu",
                "21 kļūda",
                "22 kļūdas"
            ]
        );
        assert_eq!(ui.count(1, "warnings"), "1 brīdinājums");
        assert_eq!(ui.count(3, "warnings"), "3 brīdinājumi");
    }

    #[test]
    fn only_shipped_languages_load() {
        assert!(Ui::for_language("xx").is_err());
    }
}
