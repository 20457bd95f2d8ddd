//! Guidance pages, section indexes and the home page.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::json;

use crate::model::{Area, ObjKey};
use crate::render::chrome::Chrome;
use crate::render::{Link, Neighbours, PageView, Renderer, view_value};
use crate::resolve::markdown::Heading;
use crate::schema::Kind;
use crate::url::{paths, relative};

/// A guidance page.
#[derive(Serialize)]
struct Guidance<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    body: Cow<'a, str>,
    /// Empty when the page turns its table of contents off.
    toc: &'a [Heading],
}

pub(crate) fn guidance(r: &Renderer, i: usize, url: &str) -> (&'static str, serde_json::Value) {
    let site = r.site;
    let p = &site.content.pages[i];
    let key = ObjKey::new(Kind::Page, i);
    let sec = site.sections.of_page(i);
    let chrome = r.chrome_view(Chrome {
        url,
        title: &p.title,
        kind: "page",
        description: p.summary.as_deref(),
        crumbs: sec.map(|s| r.section_crumbs(s)).unwrap_or_default(),
        nav_section: sec,
        jsonld: Vec::new(),
    });
    let (prev, next) = site.sections.prev_next(i, &site.content.pages);
    let body = site.bodies.get(&key);
    let page = Guidance {
        title: &p.title,
        summary: p.summary.as_deref(),
        body: r.body(key),
        toc: match body {
            Some(b) if p.toc.unwrap_or(true) => &b.toc,
            _ => &[],
        },
    };
    let view = PageView {
        meta: Some(r.meta_items(&p.doc)),
        backlinks: Some(r.backlink_list(key, url)),
        neighbours: Some(Neighbours {
            prev: prev.map(|p| r.link(ObjKey::new(Kind::Page, p), url)),
            next: next.map(|p| r.link(ObjKey::new(Kind::Page, p), url)),
            prev_label: site.ui.get("site.previous"),
            next_label: site.ui.get("site.next"),
        }),
        ..PageView::new(chrome, page)
    };
    view_value("page.html", &view)
}

/// A section or page listed on a section's page.
#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    url: String,
    summary: Option<&'a str>,
}

fn entry<'a>(title: &'a str, to: &str, summary: Option<&'a str>, from: &str) -> Entry<'a> {
    Entry {
        title,
        url: relative(from, to),
        summary,
    }
}

/// A section's page: its index page's text, its subsections and its pages.
#[derive(Serialize)]
struct Section<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    body: Cow<'a, str>,
    children: Vec<Entry<'a>>,
    pages: Vec<Entry<'a>>,
}

pub(crate) fn section(r: &Renderer, sec: usize, url: &str) -> (&'static str, serde_json::Value) {
    let site = r.site;
    let s = &site.sections.list[sec];
    let index = s.index.map(|i| &site.content.pages[i]);
    let mut crumbs = r.section_crumbs(sec);
    crumbs.pop();
    let chrome = r.chrome_view(Chrome {
        url,
        title: &s.title,
        kind: "section",
        description: index.and_then(|p| p.summary.as_deref()),
        crumbs,
        nav_section: Some(sec),
        jsonld: Vec::new(),
    });
    let children = s
        .children
        .iter()
        .map(|&c| {
            let cs = &site.sections.list[c];
            let summary = cs
                .index
                .and_then(|i| site.content.pages[i].summary.as_deref());
            entry(&cs.title, &cs.url, summary, url)
        })
        .collect();
    let pages = s
        .pages
        .iter()
        .map(|&p| {
            let page = &site.content.pages[p];
            entry(&page.title, &page.doc.url, page.summary.as_deref(), url)
        })
        .collect();
    let key = s.index.map(|i| ObjKey::new(Kind::Page, i));
    let page = Section {
        title: &s.title,
        summary: index.and_then(|p| p.summary.as_deref()),
        body: key.map(|k| r.body(k)).unwrap_or_default(),
        children,
        pages,
    };
    let view = PageView {
        meta: Some(index.map(|p| r.meta_items(&p.doc)).unwrap_or_default()),
        backlinks: Some(key.map(|k| r.backlink_list(k, url)).unwrap_or_default()),
        ..PageView::new(chrome, page)
    };
    view_value("section.html", &view)
}

/// The home page: the site's introduction, its sections and life situations, and how much
/// the catalogue holds.
#[derive(Serialize)]
struct Home<'a> {
    #[serde(flatten)]
    chrome: crate::render::chrome::ChromeView<'a>,
    page: HomeText<'a>,
    sections: Vec<Link<'a>>,
    /// Life situations as chips: all of them, or the [`HOME_SITUATIONS`] with the most
    /// services (in their order) and a last chip to the list of all.
    situations: Vec<Link<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    situations_all: Option<String>,
    counts: Counts,
    links: HomeLinks,
}

#[derive(Serialize)]
struct HomeText<'a> {
    title: &'a str,
    summary: &'a str,
    body: Cow<'a, str>,
}

#[derive(Serialize)]
struct Counts {
    services: usize,
    situations: usize,
    institutions: usize,
    terms: usize,
    courses: usize,
}

#[derive(Serialize)]
struct HomeLinks {
    catalogue: String,
    situations: String,
    institutions: String,
    glossary: String,
    courses: String,
    overview: String,
}

/// Life situations the home page names: a large site has hundreds, and the home page stays
/// small on every site.
const HOME_SITUATIONS: usize = 40;

/// The life situations the home page names, in their order: all of them, or the
/// [`HOME_SITUATIONS`] that take the most services.
fn home_situations(r: &Renderer) -> Vec<usize> {
    let situations = &r.site.content.situations;
    let mut shown: Vec<usize> = (0..situations.len()).collect();
    if shown.len() > HOME_SITUATIONS {
        let facets = r.facets();
        shown.sort_by_key(|&i| {
            std::cmp::Reverse(facets.services_of_situation(&situations[i].doc.id).len())
        });
        shown.truncate(HOME_SITUATIONS);
        shown.sort_unstable();
    }
    shown
}

pub(crate) fn home(r: &Renderer, url: &str) -> (&'static str, serde_json::Value) {
    let site = r.site;
    let c = &site.content;
    let home = c.pages.iter().position(|p| p.area == Some(Area::Home));
    let title = home.map_or(site.config.title.as_str(), |i| c.pages[i].title.as_str());
    let chrome = r.chrome_view(Chrome {
        url,
        title,
        kind: "home",
        description: Some(&site.config.description),
        crumbs: Vec::new(),
        nav_section: None,
        jsonld: vec![json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": site.config.title,
            "description": site.config.description,
        })],
    });
    let sections = site
        .sections
        .root()
        .map(|root| {
            root.children
                .iter()
                .map(|&s| {
                    let sec = &site.sections.list[s];
                    Link {
                        title: &sec.title,
                        url: relative(url, &sec.url),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let situations: Vec<Link> = home_situations(r)
        .into_iter()
        .map(|i| r.link(ObjKey::new(Kind::Situation, i), url))
        .collect();
    let situations_all = (situations.len() < c.situations.len()).then(|| {
        site.ui.fill(
            "home.all_situations",
            &[("count", c.situations.len().to_string())],
        )
    });
    let area = |folder: &str| relative(url, &format!("{folder}/index.html"));
    let view = Home {
        chrome,
        page: HomeText {
            title,
            summary: home
                .and_then(|i| c.pages[i].summary.as_deref())
                .unwrap_or(&site.config.description),
            body: home
                .map(|i| r.body(ObjKey::new(Kind::Page, i)))
                .unwrap_or_default(),
        },
        sections,
        situations,
        situations_all,
        counts: Counts {
            services: c.services.iter().filter(|s| !s.is_variant()).count(),
            situations: c.situations.len(),
            institutions: c.institutions.len(),
            terms: c.terms.len(),
            courses: c.courses.len(),
        },
        links: HomeLinks {
            catalogue: area(paths::SERVICES),
            situations: area(paths::SITUATIONS),
            institutions: area(paths::INSTITUTIONS),
            glossary: area(paths::GLOSSARY),
            courses: area(paths::COURSES),
            overview: relative(url, paths::OVERVIEW),
        },
    };
    view_value("home.html", &view)
}
