//! `katalogs.toml` → [`Config`]: strict (a misspelt key is an error), with every default named
//! in [`defaults`], and the site root found by walking up from the current folder.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic, Pos, closest};

pub(crate) const CONFIG_FILE: &str = "katalogs.toml";

/// Every tunable default in one place.
pub(crate) mod defaults {
    pub(crate) fn title() -> String {
        "Katalogs".to_string()
    }
    pub(crate) fn language() -> String {
        "lv".to_string()
    }
    pub(crate) fn theme() -> String {
        "default".to_string()
    }
    pub(crate) fn output() -> String {
        "site".to_string()
    }
    pub(crate) fn licence() -> String {
        "Licence nav norādīta".to_string()
    }
    /// Terms of the browser index are sharded by their first characters.
    pub(crate) fn shard_prefix_len() -> usize {
        2
    }
    /// Documents per browser document chunk: a result list loads the chunks of the documents
    /// it shows: one a file, so a result costs its own row only (Pagefind's fragments do the
    /// same), however large the site.
    pub(crate) fn doc_chunk_size() -> usize {
        1
    }
    pub(crate) fn stale_after_days() -> u32 {
        365
    }
    /// Entries per page of a long list (the catalogue, a facet value, an institution's
    /// services, the glossary …): the pages after the first are `2.html`, `3.html` ….
    pub(crate) fn page_size() -> i64 {
        100
    }
    pub(crate) fn true_() -> bool {
        true
    }
}

/// How raw HTML inside Markdown is treated.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RawHtml {
    /// Pass through a sanitiser (ammonia): formatting survives, scripts and handlers never do.
    #[default]
    Sanitize,
    /// Show raw HTML as text.
    Escape,
    /// Drop raw HTML entirely.
    Strip,
}

/// What an edition does with a page that has no translation.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum MissingTranslation {
    /// Show the default language's text with a "not yet translated" notice.
    #[default]
    Fallback,
    /// Leave the page out; links go to the default language's page.
    Omit,
}

/// The site's identity in one edition's language.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EditionConfig {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// The place in an `edit_url` pattern the source file's path goes.
pub(crate) const EDIT_PATH: &str = "{path}";

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Config {
    #[serde(default = "defaults::title")]
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) description: String,
    /// UI language: selects `i18n/<language>.toml` (the site's theme's, else the built-in one).
    #[serde(default = "defaults::language")]
    pub(crate) language: String,
    /// The site's editions, the default language first (`["lv", "en"]`); empty: one edition
    /// in `language`. The others are written under `<language>/` of the output.
    #[serde(default)]
    pub languages: Vec<String>,
    /// What an edition other than the default does with a page nobody translated.
    #[serde(default)]
    pub missing_translation: MissingTranslation,
    /// Per edition other than the default: the site's title and description in its language.
    #[serde(default)]
    pub edition: std::collections::BTreeMap<String, EditionConfig>,
    /// Theme folder under `themes/`.
    #[serde(default = "defaults::theme")]
    pub(crate) theme: String,
    /// Public address of the site; enables `sitemap.xml`, `robots.txt` and absolute feed links.
    #[serde(default)]
    pub(crate) base_url: Option<String>,
    /// Base IRI for linked-data identifiers (CPSV-AP export); defaults to `base_url`.
    #[serde(default)]
    pub(crate) base_iri: Option<String>,
    /// Publisher named in exports and the footer.
    #[serde(default)]
    pub(crate) publisher: Option<String>,
    /// Address of a page's "edit this page" link, `{path}` standing for its source file's
    /// path from the site root (`https://example.org/edit/main/{path}`); no link when unset.
    #[serde(default)]
    pub(crate) edit_url: Option<String>,
    #[serde(default)]
    pub(crate) build: BuildConfig,
    #[serde(default)]
    pub(crate) search: SearchConfig,
    #[serde(default)]
    pub(crate) data: DataConfig,
    #[serde(default)]
    pub(crate) lists: ListsConfig,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BuildConfig {
    #[serde(default = "defaults::output")]
    pub(crate) output: String,
    #[serde(default)]
    pub(crate) raw_html: RawHtml,
    /// The date the build treats as today (YYYY-MM-DD), for reproducible staleness reports.
    #[serde(default)]
    pub(crate) today: Option<String>,
    /// A card not updated for more than this many days is reported as stale.
    #[serde(default = "defaults::stale_after_days")]
    pub(crate) stale_after_days: u32,
    /// Link glossary terms in guidance and card bodies.
    #[serde(default = "defaults::true_")]
    pub(crate) glossary_links: bool,
    /// Files and folders of the user's own in the output folder (site-relative paths) that
    /// every build carries over; names starting with `.` always are.
    #[serde(default)]
    pub(crate) keep: Vec<String>,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            output: defaults::output(),
            raw_html: RawHtml::default(),
            today: None,
            stale_after_days: defaults::stale_after_days(),
            glossary_links: true,
            keep: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SearchConfig {
    #[serde(default = "defaults::shard_prefix_len")]
    pub(crate) shard_prefix_len: usize,
    #[serde(default = "defaults::doc_chunk_size")]
    pub(crate) doc_chunk_size: usize,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            shard_prefix_len: defaults::shard_prefix_len(),
            doc_chunk_size: defaults::doc_chunk_size(),
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DataConfig {
    /// Licence named on the Dati page and in exports.
    #[serde(default = "defaults::licence")]
    pub(crate) licence: String,
    /// Write the offline zip package of the whole site.
    #[serde(default = "defaults::true_")]
    pub(crate) offline_package: bool,
    /// Timestamp for the Atom feed's `updated` element; by default the newest card date.
    #[serde(default)]
    pub(crate) feed_updated: Option<String>,
}

impl Default for DataConfig {
    fn default() -> Self {
        DataConfig {
            licence: defaults::licence(),
            offline_package: true,
            feed_updated: None,
        }
    }
}

/// Long lists, paginated statically.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListsConfig {
    /// Entries per page ([`ListsConfig::PAGE_SIZES`]); checked by [`Config::parse`].
    #[serde(default = "defaults::page_size")]
    page_size: i64,
}

impl ListsConfig {
    /// The page sizes a site may choose.
    pub(crate) const PAGE_SIZES: std::ops::RangeInclusive<i64> = 1..=1_000;

    /// Entries per page of a long list.
    pub(crate) fn page_size(&self) -> usize {
        usize::try_from(self.page_size).unwrap_or(1).max(1)
    }
}

impl Default for ListsConfig {
    fn default() -> Self {
        ListsConfig {
            page_size: defaults::page_size(),
        }
    }
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "language",
    "languages",
    "missing_translation",
    "edition",
    "theme",
    "base_url",
    "base_iri",
    "publisher",
    "edit_url",
    "build",
    "search",
    "data",
    "output",
    "raw_html",
    "today",
    "stale_after_days",
    "glossary_links",
    "keep",
    "shard_prefix_len",
    "doc_chunk_size",
    "licence",
    "offline_package",
    "feed_updated",
    "lists",
    "page_size",
];

impl Config {
    /// Parses configuration text; errors carry the line and column of the offending key.
    pub(crate) fn parse(text: &str) -> Result<Config, Diagnostic> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let pos = e
                .span()
                .map_or(Pos::new(1, 1), |s| Pos::of_offset(text, s.start));
            let message = e.message().trim().to_string();
            let suggestion = message
                .strip_prefix("unknown field `")
                .and_then(|s| s.split('`').next())
                .and_then(|unknown| closest(unknown, KNOWN_KEYS.iter().copied()));
            Diagnostic::new(Code::ConfigInvalid, CONFIG_FILE, pos)
                .arg("detail", message)
                .arg_opt("suggestion", suggestion)
        })?;
        if let Some(today) = &config.build.today
            && today.parse::<jiff::civil::Date>().is_err()
        {
            return Err(Diagnostic::new(Code::ConfigToday, CONFIG_FILE, Pos::FILE)
                .field("build.today")
                .arg("found", today));
        }
        if let Some(pattern) = &config.edit_url
            && !pattern.contains(EDIT_PATH)
        {
            return Err(Diagnostic::new(Code::ConfigEditUrl, CONFIG_FILE, Pos::FILE)
                .field("edit_url")
                .arg("placeholder", EDIT_PATH)
                .arg("found", pattern));
        }
        let langs = config.languages.clone();
        let repeated = langs
            .iter()
            .enumerate()
            .any(|(i, l)| langs[..i].contains(l));
        let bad_first = langs.first().is_some_and(|first| {
            *first != config.language
                && text
                    .lines()
                    .any(|l| l.trim_start().starts_with("language "))
        });
        if repeated || bad_first || langs.iter().any(|l| l.is_empty()) {
            return Err(
                Diagnostic::new(Code::ConfigLanguages, CONFIG_FILE, Pos::FILE)
                    .field("languages")
                    .arg("found", format!("{langs:?}")),
            );
        }
        let mut config = config;
        if let Some(first) = langs.first() {
            config.language = first.clone();
        }
        if !ListsConfig::PAGE_SIZES.contains(&config.lists.page_size) {
            // The line of the key, when it is written (it is: the default is in range).
            let pos = text
                .lines()
                .enumerate()
                .find_map(|(n, line)| {
                    let col = line.find("page_size")?;
                    line[..col]
                        .trim()
                        .is_empty()
                        .then(|| Pos::new(n as u32 + 1, col as u32 + 1))
                })
                .unwrap_or(Pos::FILE);
            return Err(Diagnostic::new(Code::ConfigPageSize, CONFIG_FILE, pos)
                .field("lists.page_size")
                .arg("min", ListsConfig::PAGE_SIZES.start())
                .arg("max", ListsConfig::PAGE_SIZES.end())
                .arg("found", config.lists.page_size));
        }
        if config.search.shard_prefix_len == 0 || config.search.doc_chunk_size == 0 {
            return Err(Diagnostic::new(Code::ConfigSearch, CONFIG_FILE, Pos::FILE));
        }
        Ok(config)
    }

    /// Reads `katalogs.toml` in `root`.
    pub(crate) fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|e| {
            Diagnostic::new(Code::FileUnreadable, CONFIG_FILE, Pos::FILE).arg("detail", e)
        })?;
        // The content decoder: UTF-8 with the position of a bad byte, no NUL, BOM dropped.
        Config::parse(&crate::load::source::decode(CONFIG_FILE, &bytes)?)
    }

    /// The site's languages, the default first.
    pub(crate) fn languages(&self) -> Vec<String> {
        if self.languages.is_empty() {
            vec![self.language.clone()]
        } else {
            self.languages.clone()
        }
    }

    /// The default language (the root edition's).
    pub(crate) fn default_language(&self) -> &str {
        self.languages.first().unwrap_or(&self.language)
    }

    /// The date the build treats as today.
    pub(crate) fn today(&self) -> jiff::civil::Date {
        self.build
            .today
            .as_deref()
            .and_then(|t| t.parse().ok())
            .unwrap_or_else(|| jiff::Zoned::now().date())
    }

    /// Base IRI for linked data, always ending in `/`.
    pub(crate) fn base_iri(&self) -> String {
        let base = self
            .base_iri
            .clone()
            .or_else(|| self.base_url.clone())
            .unwrap_or_else(|| "https://example.invalid/katalogs/".to_string());
        if base.ends_with('/') {
            base
        } else {
            format!("{base}/")
        }
    }
}

/// Finds the site root: `explicit` if given, else the nearest folder at or above `start`
/// holding `katalogs.toml`.
pub(crate) fn find_root(explicit: Option<&Path>, start: &Path) -> Result<PathBuf, String> {
    if let Some(root) = explicit {
        if root.join(CONFIG_FILE).is_file() {
            return Ok(root.to_path_buf());
        }
        return Err(format!(
            "{} has no {CONFIG_FILE}; is it a katalogs site? (`katalogs init DIR` creates one)",
            root.display()
        ));
    }
    let mut dir = Some(start);
    while let Some(d) = dir {
        if d.join(CONFIG_FILE).is_file() {
            return Ok(d.to_path_buf());
        }
        dir = d.parent();
    }
    Err(format!(
        "no {CONFIG_FILE} in {} or any folder above it; run inside a site, pass --root DIR, or create one with `katalogs init DIR`",
        start.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_takes_defaults() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.build.output, "site");
        assert_eq!(c.language, "lv");
        assert!(c.data.offline_package);
    }

    #[test]
    fn languages_list_the_default_first() {
        let c = Config::parse("languages = [\"lv\", \"en\"]\n").unwrap();
        assert_eq!(c.languages(), ["lv", "en"]);
        assert_eq!(c.default_language(), "lv");
        assert_eq!(c.missing_translation, MissingTranslation::Fallback);
        let c = Config::parse("missing_translation = \"omit\"\n").unwrap();
        assert_eq!(c.languages(), ["lv"]);
        assert_eq!(c.missing_translation, MissingTranslation::Omit);
        for bad in [
            "languages = [\"lv\", \"lv\"]",
            "language = \"lv\"\nlanguages = [\"en\", \"lv\"]",
        ] {
            assert_eq!(
                Config::parse(bad).unwrap_err().code,
                Code::ConfigLanguages,
                "{bad}"
            );
        }
    }

    #[test]
    fn misspelt_key_is_an_error_with_position_and_suggestion() {
        let d = Config::parse("title = \"x\"\ntitel = \"y\"\n").unwrap_err();
        assert_eq!(d.line, 2);
        assert_eq!(d.code.id(), "K0501");
        assert_eq!(d.help.as_deref(), Some("vai domājāt `title`?"));
    }

    #[test]
    fn an_edit_url_needs_a_place_for_the_path() {
        let c = Config::parse("edit_url = \"https://example.org/edit/{path}\"\n").unwrap();
        assert_eq!(
            c.edit_url.as_deref(),
            Some("https://example.org/edit/{path}")
        );
        let d = Config::parse("edit_url = \"https://example.org/edit/\"\n").unwrap_err();
        assert_eq!(d.field.as_deref(), Some("edit_url"));
        assert_eq!(d.code, Code::ConfigEditUrl);
    }

    #[test]
    fn page_size_is_a_positive_number_of_entries() {
        assert_eq!(Config::parse("").unwrap().lists.page_size(), 100);
        let c = Config::parse("[lists]\npage_size = 2\n").unwrap();
        assert_eq!(c.lists.page_size(), 2);
        for bad in ["0", "-5", "100000"] {
            let d = Config::parse(&format!("title = \"x\"\n[lists]\n  page_size = {bad}\n"))
                .unwrap_err();
            assert_eq!(d.code, Code::ConfigPageSize, "{bad}");
            assert_eq!((d.line, d.column), (3, 3), "{bad}");
            assert_eq!(d.field.as_deref(), Some("lists.page_size"));
        }
    }

    #[test]
    fn root_is_found_by_walking_up() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "").unwrap();
        let deep = dir.path().join("content/a/b");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(find_root(None, &deep).unwrap(), dir.path());
        assert!(find_root(Some(&deep), &deep).is_err());
    }
}
