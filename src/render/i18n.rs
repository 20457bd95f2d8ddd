//! A site's UI language, read at build time: its theme's `i18n/<language>.toml` (the
//! built-in theme's when the site's theme has none), with single strings changed by the
//! site's own `i18n/<language>.toml`; unknown keys and gaps are reported.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, Pos, closest, display_path};
use crate::ui::{self, Ui};

/// How many missing keys a warning names before "…".
const MISSING_SHOWN: usize = 5;

/// One language file: where it came from and its strings.
struct Layer {
    file: String,
    table: toml::Table,
    /// False for the built-in files, which a test keeps complete.
    from_site: bool,
}

/// The UI strings of `language` for the site at `root` with theme `theme`, and warnings
/// about its language files; an error when no file for the language exists anywhere.
pub(crate) fn site_ui(
    root: &Path,
    theme: &str,
    language: &str,
) -> Result<(Ui, Vec<Diagnostic>), Diagnostic> {
    let name = ui::file_name(language);
    let theme_dir = root.join("themes").join(theme);
    let mut diagnostics = Vec::new();
    let mut layers = Vec::new();
    let theme_file = theme_dir.join(&name);
    if theme_file.is_file() {
        layers.push(read_layer(root, &theme_file, &mut diagnostics)?);
    } else if let Some(text) = ui::built_in_file(language) {
        layers.push(Layer {
            file: format!("(built-in theme)/{name}"),
            table: toml::from_str(text).expect("the built-in UI strings parse"),
            from_site: false,
        });
    }
    let site_file = root.join(&name);
    if site_file.is_file() {
        layers.push(read_layer(root, &site_file, &mut diagnostics)?);
    }
    let Some(base) = layers.first() else {
        return Err(
            Diagnostic::new(Code::UiLanguage, crate::config::CONFIG_FILE, Pos::FILE)
                .field("language")
                .arg("language", language)
                .arg("available", available(root, &theme_dir).join(", "))
                .arg("file", &name),
        );
    };
    let base_file = base.file.clone();
    let base_from_site = base.from_site;
    let mut table = toml::Table::new();
    for layer in layers {
        ui::merge(&mut table, layer.table);
    }
    if base_from_site {
        let present = ui::keys(&table);
        let missing: Vec<String> = ui::keys(ui::reference_table())
            .into_iter()
            .filter(|k| !present.contains(k))
            .collect();
        if !missing.is_empty() {
            let mut shown = missing[..missing.len().min(MISSING_SHOWN)].join(", ");
            if missing.len() > MISSING_SHOWN {
                shown.push_str(", …");
            }
            diagnostics.push(
                Diagnostic::new(Code::UiKeyMissing, base_file, Pos::FILE)
                    .arg("language", language)
                    .arg("count", missing.len())
                    .arg("keys", shown),
            );
        }
    }
    Ok((Ui::from_table(language, table), diagnostics))
}

/// The UI strings of the site at `root` in its configured language, else (no readable
/// configuration or language file) the built-in ones: for messages about the site itself.
pub(crate) fn site_ui_or_built_in(root: &Path) -> Ui {
    crate::config::Config::load(root)
        .ok()
        .and_then(|c| site_ui(root, &c.theme, &c.language).ok())
        .map_or_else(|| Ui::builtin().clone(), |(ui, _)| ui)
}

/// Reads and parses one of the site's language files; an unknown key is a warning.
fn read_layer(
    root: &Path,
    path: &PathBuf,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Layer, Diagnostic> {
    let file = display_path(root, path);
    let text = std::fs::read_to_string(path).map_err(|e| {
        Diagnostic::new(Code::FileUnreadable, file.clone(), Pos::FILE).arg("detail", e)
    })?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| {
        let pos = e
            .span()
            .map_or(Pos::new(1, 1), |s| Pos::of_offset(&text, s.start));
        Diagnostic::new(Code::UiFileInvalid, file.clone(), pos).arg("detail", e.message().trim())
    })?;
    let known = ui::keys(ui::reference_table());
    for key in ui::keys(&table) {
        if !known.contains(&key) {
            diagnostics.push(
                Diagnostic::new(Code::UiKeyUnknown, file.clone(), key_pos(&text, &key))
                    .arg("key", &key)
                    .arg_opt(
                        "suggestion",
                        closest(&key, known.iter().map(String::as_str)),
                    ),
            );
        }
    }
    Ok(Layer {
        file,
        table,
        from_site: true,
    })
}

/// The line of `key` (a dotted path) in a language file written as `[group]` tables with
/// `name = …` lines; the whole file when it is written otherwise.
fn key_pos(text: &str, key: &str) -> Pos {
    let mut table = String::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            table = header.trim().to_string();
            if table == key {
                return Pos::new(i as u32 + 1, 1);
            }
        } else if let Some((name, _)) = line.split_once('=') {
            let name = name.trim().trim_matches('"');
            let path = if table.is_empty() {
                name.to_string()
            } else {
                format!("{table}.{name}")
            };
            if path == key {
                return Pos::new(i as u32 + 1, 1);
            }
        }
    }
    Pos::FILE
}

/// The languages a site can choose: the built-in ones and those of its theme and its own
/// `i18n/` folder.
fn available(root: &Path, theme_dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = ui::built_in_languages()
        .into_iter()
        .map(String::from)
        .collect();
    for dir in [theme_dir.join(ui::I18N_DIR), root.join(ui::I18N_DIR)] {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if let Some(lang) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".toml"))
            {
                out.push(lang.to_string());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    #[test]
    fn a_site_without_language_files_gets_the_built_in_ones() {
        let dir = site(&[]);
        let (ui, diags) = site_ui(dir.path(), "default", "lv").unwrap();
        assert!(diags.is_empty());
        assert_eq!(ui.get("site.home"), "Sākums");
    }

    #[test]
    fn a_site_override_changes_single_strings_over_the_built_in_file() {
        let dir = site(&[("i18n/lv.toml", "[site]\nhome = \"Uz sākumu\"\n")]);
        let (ui, diags) = site_ui(dir.path(), "default", "lv").unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(ui.get("site.home"), "Uz sākumu");
        // A key the override leaves out keeps the theme's text.
        assert_eq!(ui.get("site.menu"), "Izvēlne");
        assert_eq!(ui.count(2, "errors"), "2 kļūdas");
    }

    #[test]
    fn an_unknown_key_in_an_override_is_reported_with_its_line_and_the_closest_key() {
        let dir = site(&[(
            "i18n/lv.toml",
            "[site]\nmenu = \"Saturs\"\nhomee = \"Sākums\"\n",
        )]);
        let (_, diags) = site_ui(dir.path(), "default", "lv").unwrap();
        assert_eq!(diags.len(), 1, "{diags:?}");
        let d = &diags[0];
        assert_eq!(d.code, Code::UiKeyUnknown);
        assert_eq!(d.location(), "i18n/lv.toml:3:1");
        assert!(d.message.contains("site.homee"), "{}", d.message);
        assert!(
            d.help.as_deref().unwrap_or("").contains("site.home"),
            "{d:?}"
        );
    }

    #[test]
    fn a_new_language_from_the_site_is_used_and_its_gaps_are_reported() {
        let dir = site(&[(
            "i18n/en.toml",
            "[site]\nhome = \"Home\"\n\n[count.errors]\none = \"{n} error\"\nother = \"{n} errors\"\n",
        )]);
        let (ui, diags) = site_ui(dir.path(), "default", "en").unwrap();
        assert_eq!(ui.language, "en");
        assert_eq!(ui.get("site.home"), "Home");
        assert_eq!(ui.count(1, "errors"), "1 error");
        assert_eq!(ui.count(3, "errors"), "3 errors");
        // A gap shows the Latvian text, and the warning says which keys are missing.
        assert_eq!(ui.get("site.menu"), "Izvēlne");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, Code::UiKeyMissing);
        assert_eq!(diags[0].file, "i18n/en.toml");
        assert!(diags[0].message.contains("site.menu") || diags[0].message.contains('…'));
    }

    #[test]
    fn a_site_theme_supplies_its_language_file_and_the_site_overrides_it() {
        let lv = ui::built_in_file("lv").unwrap();
        let theme_lv = lv.replace("home = \"Sākums\"", "home = \"Mājas\"");
        let dir = site(&[
            ("themes/cita/i18n/lv.toml", theme_lv.as_str()),
            ("i18n/lv.toml", "[site]\nmenu = \"Saturs\"\n"),
        ]);
        let (ui, diags) = site_ui(dir.path(), "cita", "lv").unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(ui.get("site.home"), "Mājas");
        assert_eq!(ui.get("site.menu"), "Saturs");
    }

    #[test]
    fn a_language_without_a_file_anywhere_says_where_to_put_one_in_latvian() {
        let dir = site(&[]);
        let Err(d) = site_ui(dir.path(), "default", "en") else {
            panic!("en has no file");
        };
        assert_eq!(d.code, Code::UiLanguage);
        assert_eq!(d.file, "katalogs.toml");
        let expected = d.expected.as_deref().unwrap_or("");
        assert!(expected.contains("i18n/en.toml"), "{expected}");
        assert!(expected.contains("lv"), "{expected}");
        assert!(d.message.contains("valodai `en`"), "{}", d.message);
    }

    #[test]
    fn a_broken_language_file_is_an_error_at_its_line() {
        let dir = site(&[("i18n/lv.toml", "[site]\nhome = \n")]);
        let Err(d) = site_ui(dir.path(), "default", "lv") else {
            panic!("the file does not parse");
        };
        assert_eq!(d.code, Code::UiFileInvalid);
        assert_eq!(d.file, "i18n/lv.toml");
        assert_eq!(d.line, 2);
    }
}
