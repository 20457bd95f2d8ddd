//! What every page shares: site identity, UI strings, the top navigation, the wiki tree
//! (expanded along the current page's path only, so it stays small on large sites),
//! breadcrumbs with their schema.org `BreadcrumbList`, and links to the generated pages.

use serde_json::{Map, Value, json};

use crate::render::Renderer;
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

/// JSON for a `<script type="application/ld+json">` block that cannot end the script early:
/// every `<` (only ever inside a string) is written `\u003c`, which stays valid JSON.
pub(crate) fn script_json(value: &Value) -> String {
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
        let base = self.site.config.base_url.as_deref()?;
        Some(format!("{}/{}", base.trim_end_matches('/'), path))
    }

    pub(crate) fn chrome(&self, c: Chrome) -> Map<String, Value> {
        let site = self.site;
        let url = c.url;
        let rel = |to: &str| relative(url, to);
        let mut m = Map::new();
        m.insert("lang".into(), json!(site.ui.language));
        m.insert(
            "site".into(),
            json!({
                "title": site.config.title,
                "description": site.config.description,
                "publisher": site.config.publisher,
            }),
        );
        m.insert("root".into(), json!(root_prefix(url)));
        m.insert("page_title".into(), json!(c.title));
        // Printed under the site's name at the top of paper copies.
        m.insert("print_url".into(), json!(self.public_address(url)));
        m.insert("kind".into(), json!(c.kind));
        m.insert("description".into(), json!(c.description));
        m.insert("home_url".into(), json!(rel(paths::HOME)));
        m.insert("search_url".into(), json!(rel(paths::SEARCH_PAGE)));
        m.insert("data_url".into(), json!(rel(paths::DATA_PAGE)));
        m.insert("fields_url".into(), json!(rel(paths::FIELDS)));
        m.insert("overview_url".into(), json!(rel(paths::OVERVIEW)));
        m.insert(
            "offline_url".into(),
            json!(
                site.config
                    .data
                    .offline_package
                    .then(|| rel(crate::url::paths::OFFLINE_PACKAGE))
            ),
        );
        m.insert("feed_url".into(), json!(rel(crate::url::paths::FEED)));
        m.insert(
            "profile".into(),
            json!(format!("{:?}", site.profile).to_lowercase()),
        );
        m.insert("areas".into(), Value::Array(self.areas(url)));
        m.insert(
            "nav".into(),
            Value::Array(match c.nav_section {
                Some(sec) => self.nav_tree(url, sec),
                None => Vec::new(),
            }),
        );
        let mut crumbs = Vec::new();
        if url != paths::HOME {
            crumbs.push((
                site.ui.get("site.home").to_string(),
                Some(paths::HOME.to_string()),
            ));
        }
        crumbs.extend(c.crumbs);
        let mut jsonld = c.jsonld;
        if !crumbs.is_empty() {
            crumbs.push((c.title.to_string(), None));
            jsonld.push(self.breadcrumb_jsonld(url, &crumbs));
            m.insert(
                "breadcrumbs".into(),
                Value::Array(
                    crumbs
                        .iter()
                        .map(|(t, u)| json!({"title": t, "url": u.as_deref().map(rel)}))
                        .collect(),
                ),
            );
        }
        m.insert(
            "jsonld".into(),
            Value::Array(
                jsonld
                    .iter()
                    .map(|v| Value::String(script_json(v)))
                    .collect(),
            ),
        );
        m
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
    fn areas(&self, url: &str) -> Vec<Value> {
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
                json!({
                    "title": title,
                    "url": relative(url, &to),
                    "current": url.contains('/') && top == current_top,
                })
            })
            .collect()
    }

    /// The wiki tree: top sections always, children only along the path to `section`.
    fn nav_tree(&self, url: &str, section: usize) -> Vec<Value> {
        let sections = &self.site.sections;
        let path = sections.ancestors(section);
        let root = 0;
        self.nav_children(url, root, &path, 0)
    }

    fn nav_children(&self, url: &str, sec: usize, path: &[usize], depth: usize) -> Vec<Value> {
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
            out.push(json!({
                "title": c.title,
                "url": relative(url, &c.url),
                "current": c.url == url,
                "open": open,
                "children": children,
            }));
        }
        if depth > 0 {
            for &p in &s.pages {
                let page = &site.content.pages[p];
                out.push(json!({
                    "title": page.title,
                    "url": relative(url, &page.doc.url),
                    "current": page.doc.url == url,
                    "open": false,
                    "children": [],
                }));
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
    pub(crate) fn meta(&self, doc: &crate::model::Doc) -> Value {
        let ui = &self.site.ui;
        let mut meta = Vec::new();
        if let Some(s) = self.site.source_label(doc) {
            meta.push(json!({"label": ui.get("site.source"), "value": s}));
        }
        Value::Array(meta)
    }

    /// "What links here" for an object.
    pub(crate) fn backlinks(&self, key: crate::model::ObjKey, from: &str) -> Value {
        let site = self.site;
        let list = site.backlinks.get(&key).map(Vec::as_slice).unwrap_or(&[]);
        Value::Array(
            list.iter()
                .map(|&k| {
                    json!({
                        "title": site.title(k),
                        "url": relative(from, site.url(k)),
                        "kind": site.ui.kind(k.kind),
                    })
                })
                .collect(),
        )
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
