//! Guidance pages, section indexes and the home page.

use serde_json::{Value, json};

use crate::model::{Area, ObjKey};
use crate::render::Renderer;
use crate::render::chrome::Chrome;
use crate::schema::Kind;
use crate::url::{paths, relative};

pub(crate) fn guidance(r: &Renderer, i: usize, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let p = &site.content.pages[i];
    let key = ObjKey::new(Kind::Page, i);
    let sec = site.sections.of_page(i);
    let mut m = r.chrome(Chrome {
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
    m.insert(
        "page".into(),
        json!({
            "title": p.title,
            "summary": p.summary,
            "body": r.body(key),
            "toc": if p.toc.unwrap_or(true) { body.map(|b| json!(b.toc)).unwrap_or(json!([])) } else { json!([]) },
        }),
    );
    m.insert(
        "prev".into(),
        json!(prev.map(|p| r.link(ObjKey::new(Kind::Page, p), url))),
    );
    m.insert(
        "next".into(),
        json!(next.map(|p| r.link(ObjKey::new(Kind::Page, p), url))),
    );
    m.insert("prev_label".into(), json!(site.ui.get("site.previous")));
    m.insert("next_label".into(), json!(site.ui.get("site.next")));
    m.insert("meta".into(), r.meta(&p.doc));
    m.insert("backlinks".into(), r.backlinks(key, url));
    ("page.html", Value::Object(m))
}

fn entry(r: &Renderer, title: &str, to: &str, summary: Option<&str>, from: &str) -> Value {
    let _ = r;
    json!({"title": title, "url": relative(from, to), "summary": summary})
}

pub(crate) fn section(r: &Renderer, sec: usize, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let s = &site.sections.list[sec];
    let index = s.index.map(|i| &site.content.pages[i]);
    let mut crumbs = r.section_crumbs(sec);
    crumbs.pop();
    let mut m = r.chrome(Chrome {
        url,
        title: &s.title,
        kind: "section",
        description: index.and_then(|p| p.summary.as_deref()),
        crumbs,
        nav_section: Some(sec),
        jsonld: Vec::new(),
    });
    let children: Vec<Value> = s
        .children
        .iter()
        .map(|&c| {
            let cs = &site.sections.list[c];
            let summary = cs
                .index
                .and_then(|i| site.content.pages[i].summary.as_deref());
            entry(r, &cs.title, &cs.url, summary, url)
        })
        .collect();
    let pages: Vec<Value> = s
        .pages
        .iter()
        .map(|&p| {
            let page = &site.content.pages[p];
            entry(r, &page.title, &page.doc.url, page.summary.as_deref(), url)
        })
        .collect();
    let key = s.index.map(|i| ObjKey::new(Kind::Page, i));
    m.insert(
        "page".into(),
        json!({
            "title": s.title,
            "summary": index.and_then(|p| p.summary.clone()),
            "body": key.map(|k| r.body(k)).unwrap_or_default(),
            "children": children,
            "pages": pages,
        }),
    );
    m.insert(
        "meta".into(),
        index.map(|p| r.meta(&p.doc)).unwrap_or(json!([])),
    );
    m.insert(
        "backlinks".into(),
        key.map(|k| r.backlinks(k, url)).unwrap_or(json!([])),
    );
    ("section.html", Value::Object(m))
}

pub(crate) fn home(r: &Renderer, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let c = &site.content;
    let home = c.pages.iter().position(|p| p.area == Some(Area::Home));
    let title = home
        .map(|i| c.pages[i].title.clone())
        .unwrap_or_else(|| site.config.title.clone());
    let mut m = r.chrome(Chrome {
        url,
        title: &title,
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
    let sections: Vec<Value> = site
        .sections
        .root()
        .map(|root| {
            root.children
                .iter()
                .map(|&s| {
                    let sec = &site.sections.list[s];
                    json!({"title": sec.title, "url": relative(url, &sec.url)})
                })
                .collect()
        })
        .unwrap_or_default();
    let situations: Vec<Value> = c
        .situations
        .iter()
        .enumerate()
        .map(|(i, _)| r.link(ObjKey::new(Kind::Situation, i), url))
        .collect();
    let catalogue_size = c.services.iter().filter(|s| !s.is_variant()).count();
    m.insert(
        "page".into(),
        json!({
            "title": title,
            "summary": home.and_then(|i| c.pages[i].summary.clone()).unwrap_or_else(|| site.config.description.clone()),
            "body": home.map(|i| r.body(ObjKey::new(Kind::Page, i))).unwrap_or_default(),
        }),
    );
    m.insert("sections".into(), Value::Array(sections));
    m.insert("situations".into(), Value::Array(situations));
    m.insert(
        "counts".into(),
        json!({
            "services": catalogue_size,
            "situations": c.situations.len(),
            "institutions": c.institutions.len(),
            "terms": c.terms.len(),
            "courses": c.courses.len(),
        }),
    );
    m.insert(
        "links".into(),
        json!({
            "catalogue": relative(url, &format!("{}/index.html", paths::SERVICES)),
            "situations": relative(url, &format!("{}/index.html", paths::SITUATIONS)),
            "institutions": relative(url, &format!("{}/index.html", paths::INSTITUTIONS)),
            "glossary": relative(url, &format!("{}/index.html", paths::GLOSSARY)),
            "courses": relative(url, &format!("{}/index.html", paths::COURSES)),
            "overview": relative(url, paths::OVERVIEW),
        }),
    );
    ("home.html", Value::Object(m))
}
