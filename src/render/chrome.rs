//! What every page shares: site identity, UI strings, the top navigation, the wiki tree
//! (expanded along the current page's path only, so it stays small on large sites),
//! breadcrumbs with their schema.org `BreadcrumbList`, and links to the generated pages.

use serde::Serialize;
use serde_json::{Value, json};

use crate::render::{KindLink, Renderer};
use crate::url::{paths, relative, root_prefix};

/// A breadcrumb: title and site-relative path (`None` for the current page).
pub(crate) type Crumb = (String, Option<String>);

/// Options for the shared part of a page.
pub(crate) struct Chrome<'c> {
    pub(crate) url: &'c str,
    pub(crate) title: &'c str,
    /// Body class, e.g. `service`.
    pub(crate) kind: &'c str,
    pub(crate) description: Option<&'c str>,
    pub(crate) crumbs: Vec<Crumb>,
    /// The wiki section whose branch the side navigation expands.
    pub(crate) nav_section: Option<usize>,
    /// Extra JSON-LD blocks for the head.
    pub(crate) jsonld: Vec<Value>,
}

/// The shared part of every page's view (see [`Renderer::chrome_view`]).
#[derive(Serialize)]
pub(crate) struct ChromeView<'a> {
    lang: &'a str,
    assets_root: String,
    /// The language of the page's text where it is not the edition's.
    #[serde(skip_serializing_if = "Option::is_none")]
    content_lang: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    untranslated: bool,
    /// The language switcher and the head's alternates (a site with several editions).
    #[serde(skip_serializing_if = "Option::is_none")]
    languages: Option<Vec<LanguageLink>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    alternates: Option<Vec<Alternate>>,
    site: SiteIdentity<'a>,
    root: String,
    page_title: &'a str,
    print_url: Option<String>,
    kind: &'a str,
    description: Option<&'a str>,
    home_url: String,
    search_url: String,
    data_url: String,
    fields_url: String,
    overview_url: String,
    offline_url: Option<String>,
    feed_url: String,
    profile: String,
    areas: Vec<NavItem>,
    nav: Vec<NavItem>,
    /// Every page but the home page.
    #[serde(skip_serializing_if = "Option::is_none")]
    breadcrumbs: Option<Vec<Breadcrumb>>,
    /// JSON-LD blocks, each ready for its script element.
    jsonld: Vec<String>,
}

#[derive(Serialize)]
struct LanguageLink {
    lang: String,
    name: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    url: String,
}

#[derive(Serialize)]
struct SiteIdentity<'a> {
    title: &'a str,
    description: &'a str,
    publisher: Option<&'a str>,
}

/// An entry of the top navigation (`open` and `children` only in the wiki tree).
#[derive(Serialize)]
struct NavItem {
    title: String,
    url: String,
    current: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    open: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    children: Option<Vec<NavItem>>,
}

#[derive(Serialize)]
struct Breadcrumb {
    title: String,
    url: Option<String>,
}

/// A "what links here" list names this many pages: a term listed on thousands of service
/// cards would otherwise make its page grow with the catalogue.
const BACKLINKS_SHOWN: usize = 100;

/// "What links here" on a page (flattened into its view): the first [`BACKLINKS_SHOWN`]
/// pages and, past them, how many more there are.
#[derive(Serialize, Default)]
pub(crate) struct Backlinks<'a> {
    backlinks: Vec<KindLink<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    backlinks_more: Option<String>,
}

/// A line of page facts (`{label, value}`).
#[derive(Serialize)]
pub(crate) struct MetaItem<'a> {
    pub(crate) label: &'a str,
    pub(crate) value: String,
}

/// JSON for a `<script type="application/ld+json">` block that cannot end the script early:
/// every `<` (only ever inside a string) is written `\u003c`, which stays valid JSON.
pub(crate) fn script_json(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .expect("JSON values serialise")
        .replace('<', "\\u003c")
}

impl Renderer<'_> {
    /// The absolute address of a site path when a base URL is configured, else the path
    /// relative to `from`.
    pub(crate) fn href_for_data(&self, from: &str, to: &str) -> String {
        self.public_address(to)
            .unwrap_or_else(|| relative(from, to))
    }

    /// The absolute address of a site path, when a base URL is configured.
    pub(crate) fn public_address(&self, path: &str) -> Option<String> {
        let prefix = &self.site.edition.prefix;
        let full = match path.strip_prefix(crate::edition::TO_DEFAULT) {
            Some(in_default) if !prefix.is_empty() => in_default.to_string(),
            _ => format!("{prefix}{path}"),
        };
        self.root_address(&full)
    }

    /// The absolute address of a path from the output's root, when a base URL is configured.
    pub(crate) fn root_address(&self, path: &str) -> Option<String> {
        let base = self.site.config.base_url.as_deref()?;
        Some(format!("{}/{}", base.trim_end_matches('/'), path))
    }

    /// The link from the page at `from` (edition-relative) to a file every edition shares
    /// at the output's root (exports, the feed, the offline package).
    pub(crate) fn shared(&self, from: &str, to: &str) -> String {
        format!("{}{}", self.site.edition.up(), relative(from, to))
    }

    /// The shared part of a page, flattened into every page's view.
    pub(crate) fn chrome_view<'s>(&'s self, c: Chrome<'s>) -> ChromeView<'s> {
        let site = self.site;
        let url = c.url;
        let rel = |to: &str| relative(url, to);
        let edition = &site.edition;
        let content_lang = edition.content_lang(url);
        let translated = content_lang == edition.lang;
        let (languages, alternates) = if edition.all.len() > 1 {
            let here = format!("{}{url}", edition.prefix);
            let counterparts = edition.counterparts(url);
            let languages = counterparts
                .iter()
                .map(|(lang, path)| LanguageLink {
                    name: edition.names.get(lang).map_or(lang.clone(), String::clone),
                    url: relative(&here, path),
                    current: *lang == edition.lang,
                    lang: lang.clone(),
                })
                .collect();
            let alternates = counterparts
                .into_iter()
                .map(|(lang, path)| Alternate {
                    url: self
                        .root_address(&path)
                        .unwrap_or_else(|| relative(&here, &path)),
                    lang,
                })
                .collect();
            (Some(languages), Some(alternates))
        } else {
            (None, None)
        };
        let mut crumbs = Vec::new();
        if url != paths::HOME {
            crumbs.push((
                site.ui.get("site.home").to_string(),
                Some(paths::HOME.to_string()),
            ));
        }
        crumbs.extend(c.crumbs);
        let mut jsonld = c.jsonld;
        let breadcrumbs = (!crumbs.is_empty()).then(|| {
            crumbs.push((c.title.to_string(), None));
            jsonld.push(self.breadcrumb_jsonld(url, &crumbs));
            crumbs
                .iter()
                .map(|(t, u)| Breadcrumb {
                    title: t.clone(),
                    url: u.as_deref().map(rel),
                })
                .collect()
        });
        ChromeView {
            lang: &site.ui.language,
            // Theme files and exports are shared by the editions, at the output's root.
            assets_root: format!("{}{}", root_prefix(url), edition.up()),
            content_lang: (!translated).then_some(content_lang),
            untranslated: !translated,
            languages,
            alternates,
            site: SiteIdentity {
                title: &site.config.title,
                description: &site.config.description,
                publisher: site.config.publisher.as_deref(),
            },
            root: root_prefix(url),
            page_title: c.title,
            // Printed under the site's name at the top of paper copies.
            print_url: self.public_address(url),
            kind: c.kind,
            description: c.description,
            home_url: rel(paths::HOME),
            search_url: rel(paths::SEARCH_PAGE),
            data_url: rel(paths::DATA_PAGE),
            fields_url: rel(paths::FIELDS),
            overview_url: rel(paths::OVERVIEW),
            offline_url: site
                .config
                .data
                .offline_package
                .then(|| self.shared(url, crate::url::paths::OFFLINE_PACKAGE)),
            feed_url: self.shared(url, crate::url::paths::FEED),
            profile: format!("{:?}", site.profile).to_lowercase(),
            areas: self.areas(url),
            nav: match c.nav_section {
                Some(sec) => self.nav_tree(url, sec),
                None => Vec::new(),
            },
            breadcrumbs,
            jsonld: jsonld.iter().map(script_json).collect(),
        }
    }

    fn breadcrumb_jsonld(&self, url: &str, crumbs: &[Crumb]) -> Value {
        let items: Vec<Value> = crumbs
            .iter()
            .enumerate()
            .map(|(i, (title, target))| {
                let target = target.as_deref().unwrap_or(url);
                json!({
                    "@type": "ListItem",
                    "position": i + 1,
                    "name": title,
                    "item": self.href_for_data(url, target),
                })
            })
            .collect();
        json!({
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": items,
        })
    }

    /// The top navigation: catalogue areas, the wiki's top sections, glossary, courses.
    fn areas(&self, url: &str) -> Vec<NavItem> {
        let site = self.site;
        let ui = &site.ui;
        let mut items: Vec<(String, String)> = vec![
            (
                ui.get("home.browse_catalogue").to_string(),
                format!("{}/index.html", paths::SERVICES),
            ),
            (
                ui.get("home.browse_situations").to_string(),
                format!("{}/index.html", paths::SITUATIONS),
            ),
        ];
        if let Some(root) = site.sections.root() {
            for &child in &root.children {
                let s = &site.sections.list[child];
                items.push((s.title.clone(), s.url.clone()));
            }
        }
        items.push((
            ui.get("home.browse_glossary").to_string(),
            format!("{}/index.html", paths::GLOSSARY),
        ));
        if !site.content.courses.is_empty() {
            items.push((
                ui.get("home.browse_courses").to_string(),
                format!("{}/index.html", paths::COURSES),
            ));
        }
        items.push((
            ui.get("home.browse_institutions").to_string(),
            format!("{}/index.html", paths::INSTITUTIONS),
        ));
        let current_top = url.split('/').next().unwrap_or("");
        items
            .into_iter()
            .map(|(title, to)| {
                let top = to.split('/').next().unwrap_or("");
                NavItem {
                    current: url.contains('/') && top == current_top,
                    url: relative(url, &to),
                    title,
                    open: None,
                    children: None,
                }
            })
            .collect()
    }

    /// The wiki tree: top sections always, children only along the path to `section`.
    fn nav_tree(&self, url: &str, section: usize) -> Vec<NavItem> {
        let sections = &self.site.sections;
        let path = sections.ancestors(section);
        let root = 0;
        self.nav_children(url, root, &path, 0)
    }

    fn nav_children(&self, url: &str, sec: usize, path: &[usize], depth: usize) -> Vec<NavItem> {
        let site = self.site;
        let s = &site.sections.list[sec];
        let mut out = Vec::new();
        for &child in &s.children {
            let c = &site.sections.list[child];
            let open = path.contains(&child);
            let children = if open && depth < 3 {
                self.nav_children(url, child, path, depth + 1)
            } else {
                Vec::new()
            };
            out.push(NavItem {
                title: c.title.clone(),
                url: relative(url, &c.url),
                current: c.url == url,
                open: Some(open),
                children: Some(children),
            });
        }
        if depth > 0 {
            for &p in &s.pages {
                let page = &site.content.pages[p];
                out.push(NavItem {
                    title: page.title.clone(),
                    url: relative(url, &page.doc.url),
                    current: page.doc.url == url,
                    open: Some(false),
                    children: Some(Vec::new()),
                });
            }
        }
        out
    }

    /// Breadcrumbs of the wiki section `sec` (excluding the root).
    pub(crate) fn section_crumbs(&self, sec: usize) -> Vec<Crumb> {
        let sections = &self.site.sections;
        sections
            .ancestors(sec)
            .into_iter()
            .filter(|&s| s != 0)
            .map(|s| {
                (
                    sections.list[s].title.clone(),
                    Some(sections.list[s].url.clone()),
                )
            })
            .collect()
    }

    /// The "source" line under a page (its updated date is shown by every page, see `reading`).
    pub(crate) fn meta_items(&self, doc: &crate::model::Doc) -> Vec<MetaItem<'_>> {
        let ui = &self.site.ui;
        self.site
            .source_label(doc)
            .map(|value| MetaItem {
                label: ui.get("site.source"),
                value,
            })
            .into_iter()
            .collect()
    }

    /// "What links here" for an object: the first [`BACKLINKS_SHOWN`] and how many more.
    pub(crate) fn backlink_list(&self, key: crate::model::ObjKey, from: &str) -> Backlinks<'_> {
        let site = self.site;
        let list = site.backlinks.get(&key).map(Vec::as_slice).unwrap_or(&[]);
        Backlinks {
            backlinks: list
                .iter()
                .take(BACKLINKS_SHOWN)
                .map(|&k| self.kind_link(k, from))
                .collect(),
            backlinks_more: (list.len() > BACKLINKS_SHOWN).then(|| {
                site.ui.fill(
                    "site.backlinks_more",
                    &[("n", (list.len() - BACKLINKS_SHOWN).to_string())],
                )
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_end_its_script_and_stays_valid_json() {
        let v = serde_json::json!({"name": "</script><script>alert(1)</script> <!-- x"});
        let s = script_json(&v);
        assert!(!s.contains('<'), "{s}");
        assert_eq!(serde_json::from_str::<Value>(&s).unwrap(), v);
    }
}
