//! UI strings: every word the site and the field reference show that does not come from
//! content, one TOML file per language (`i18n/<language>.toml` of a theme); the default
//! theme's files are compiled in, and Latvian (`lv.toml`) is the reference every other
//! file is checked and completed against.

use std::collections::BTreeSet;

use include_dir::{Dir, include_dir};

use crate::schema::Kind;

/// The UI strings of one language.
#[derive(Debug, Clone)]
pub(crate) struct Ui {
    pub(crate) language: String,
    table: toml::Table,
    json: serde_json::Value,
}

/// The default theme's language files, compiled in.
static BUILT_IN: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default/i18n");

/// The folder of language files, in a theme and in a site.
pub(crate) const I18N_DIR: &str = "i18n";

/// The language whose file has every key: the reference for the others and the fallback
/// for their gaps.
pub(crate) const REFERENCE_LANGUAGE: &str = "lv";

/// The file of `language` under a theme's or site's [`I18N_DIR`]: `i18n/lv.toml`.
pub(crate) fn file_name(language: &str) -> String {
    format!("{I18N_DIR}/{language}.toml")
}

/// The text of the built-in file of `language`, if the default theme ships one.
pub(crate) fn built_in_file(language: &str) -> Option<&'static str> {
    BUILT_IN
        .get_file(format!("{language}.toml"))
        .and_then(|f| f.contents_utf8())
}

/// The languages the default theme ships, sorted.
pub(crate) fn built_in_languages() -> Vec<&'static str> {
    let mut out: Vec<&str> = BUILT_IN
        .files()
        .filter_map(|f| f.path().to_str()?.strip_suffix(".toml"))
        .collect();
    out.sort_unstable();
    out
}

/// The keys of a language file as dotted paths (`site.home`, `field.service.title`). The
/// plural forms under `[count.NOUN]` differ by language, so `count.NOUN` is one key.
pub(crate) fn keys(table: &toml::Table) -> BTreeSet<String> {
    fn walk(prefix: &str, table: &toml::Table, out: &mut BTreeSet<String>) {
        for (k, v) in table {
            let path = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match v {
                toml::Value::Table(t) if prefix != "count" => walk(&path, t, out),
                _ => {
                    out.insert(path);
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    walk("", table, &mut out);
    out
}

/// Puts every string of `over` into `base`, key by key (a `[count.NOUN]` table whole).
pub(crate) fn merge(base: &mut toml::Table, over: toml::Table) {
    fn walk(parent: &str, base: &mut toml::Table, over: toml::Table) {
        for (k, v) in over {
            match (base.get_mut(&k), v) {
                (Some(toml::Value::Table(b)), toml::Value::Table(o)) if parent != "count" => {
                    walk(&k, b, o)
                }
                (_, v) => {
                    base.insert(k, v);
                }
            }
        }
    }
    walk("", base, over);
}

/// The reference language's strings as a table.
pub(crate) fn reference_table() -> &'static toml::Table {
    static TABLE: std::sync::OnceLock<toml::Table> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        built_in_file(REFERENCE_LANGUAGE)
            .and_then(|t| toml::from_str(t).ok())
            .expect("the built-in Latvian UI strings parse")
    })
}

impl Ui {
    /// The built-in strings of `language` (the default theme's file), completed from the
    /// reference language; an error lists the languages that ship.
    pub(crate) fn for_language(language: &str) -> Result<Ui, String> {
        let Some(text) = built_in_file(language) else {
            return Err(format!(
                "no built-in UI strings for language `{language}`; available: {}",
                built_in_languages().join(", ")
            ));
        };
        let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        Ok(Ui::from_table(language, table))
    }

    /// The strings of `language` from `table`; keys it lacks keep the reference language's
    /// text, so a gap shows a readable word rather than a key.
    pub(crate) fn from_table(language: &str, table: toml::Table) -> Ui {
        let mut full = reference_table().clone();
        merge(&mut full, table);
        let json = serde_json::to_value(&full).expect("TOML strings are JSON");
        Ui {
            language: language.to_string(),
            table: full,
            json,
        }
    }

    /// All strings as one JSON object, for templates (`t.site.home`).
    pub(crate) fn json(&self) -> &serde_json::Value {
        &self.json
    }

    /// A string by dotted path (`site.home`); the path itself if missing, so a gap is visible.
    pub(crate) fn get<'a>(&'a self, path: &'a str) -> &'a str {
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
    pub(crate) fn field<'a>(&'a self, kind: Kind, key: &'a str) -> (&'a str, &'a str) {
        self.field_in(kind.slug(), key)
    }

    /// (label, meaning) of a field of a group of fields: a kind's slug or `source`.
    pub(crate) fn field_in<'a>(&'a self, group: &str, key: &'a str) -> (&'a str, &'a str) {
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
    pub(crate) fn value<'a>(&'a self, enum_name: &str, value: &'a str) -> &'a str {
        self.table
            .get("values")
            .and_then(|v| v.get(enum_name))
            .and_then(|e| e.get(value))
            .and_then(|s| s.as_str())
            .unwrap_or(value)
    }

    /// The built-in strings of the default language, for messages made before (or without)
    /// a site's configuration.
    pub(crate) fn builtin() -> &'static Ui {
        static BUILTIN: std::sync::OnceLock<Ui> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| Ui::for_language("lv").expect("the Latvian UI strings parse"))
    }

    /// One text of a diagnostic (`[diagnostic.KEY]`, part `message`, `expected`, `found` or
    /// `help`), with `{name}` placeholders.
    pub(crate) fn diagnostic_text(&self, key: &str, part: &str) -> Option<&str> {
        self.table
            .get("diagnostic")
            .and_then(|d| d.get(key))
            .and_then(|k| k.get(part))
            .and_then(|v| v.as_str())
    }

    /// `n` with the plural form of `[count.NOUN]` that the language's CLDR rule picks for it:
    /// "1 kļūda", "2 kļūdas", "10 kļūdu", "21 kļūda".
    pub(crate) fn count(&self, n: usize, noun: &str) -> String {
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

    pub(crate) fn kind(&self, kind: Kind) -> &str {
        self.kind_in(kind.slug())
    }

    /// The name of a group of fields: a kind's slug or `source`.
    pub(crate) fn kind_in<'a>(&'a self, group: &'a str) -> &'a str {
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
        assert!(built_in_languages().contains(&REFERENCE_LANGUAGE));
    }

    #[test]
    fn every_language_file_has_every_key() {
        let reference = keys(reference_table());
        assert!(reference.contains("site.home") && reference.contains("count.errors"));
        for language in built_in_languages() {
            let table: toml::Table = toml::from_str(built_in_file(language).unwrap())
                .unwrap_or_else(|e| panic!("i18n/{language}.toml: {e}"));
            let own = keys(&table);
            let missing: Vec<_> = reference.difference(&own).collect();
            let unknown: Vec<_> = own.difference(&reference).collect();
            assert!(missing.is_empty(), "i18n/{language}.toml lacks {missing:?}");
            assert!(
                unknown.is_empty(),
                "i18n/{language}.toml has unknown {unknown:?}"
            );
        }
    }

    #[test]
    fn merging_changes_single_strings_and_keeps_the_rest() {
        let over: toml::Table =
            toml::from_str("[site]\nhome = \"Uz sākumu\"\n[count.errors]\nother = \"{n}\"\n")
                .unwrap();
        let ui = Ui::from_table("lv", over);
        assert_eq!(ui.get("site.home"), "Uz sākumu");
        assert_eq!(ui.get("site.menu"), "Izvēlne");
        assert_eq!(ui.json()["site"]["home"], "Uz sākumu");
        // A `[count.NOUN]` table is replaced whole: plural forms belong together.
        assert_eq!(ui.count(1, "errors"), "1");
        assert_eq!(ui.count(1, "warnings"), "1 brīdinājums");
    }
}
