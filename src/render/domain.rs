//! Life situations, institutions, the glossary and courses: their pages and list pages.

use serde_json::{Value, json};

use crate::model::{ObjKey, Step};
use crate::render::Renderer;
use crate::render::chrome::Chrome;
use crate::schema::Kind;
use crate::text::collate;
use crate::url::{paths, relative};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

fn area_crumb(r: &Renderer, key: &str, folder: &str) -> (String, Option<String>) {
    (
        r.site.ui.get(key).to_string(),
        Some(format!("{folder}/index.html")),
    )
}

/// Title and intro body of a generated area (its `_index.md`, if any).
fn intro<'a>(
    r: &'a Renderer,
    id: &str,
    fallback: &'a str,
) -> (String, Option<String>, std::borrow::Cow<'a, str>) {
    match r.site.find(Kind::Page, id) {
        Some(i) => {
            let p = &r.site.content.pages[i];
            (
                p.title.clone(),
                p.summary.clone(),
                r.body(ObjKey::new(Kind::Page, i)),
            )
        }
        None => (fallback.to_string(), None, "".into()),
    }
}

/// A list page's view with the page facts (its source) of its intro page `id`.
fn with_intro_meta(r: &Renderer, id: &str, mut view: Value) -> Value {
    if let Some(i) = r.site.find(Kind::Page, id) {
        view["meta"] = r.meta(&r.site.content.pages[i].doc);
    }
    view
}

fn steps(r: &Renderer, si: usize, name: &str, list: &[Step], url: &str) -> Vec<Value> {
    let site = r.site;
    let key = ObjKey::new(Kind::Situation, si);
    list.iter()
        .enumerate()
        .map(|(n, step)| {
            let services: Vec<Value> = step
                .services
                .iter()
                .filter_map(|s| site.find(Kind::Service, &s.id))
                .map(|i| {
                    let svc = &site.content.services[i];
                    json!({
                        "title": svc.title,
                        "url": relative(url, &svc.doc.url),
                        "holder": site.institution_label(&svc.holder.id),
                    })
                })
                .collect();
            json!({
                "title": step.title,
                "text": site.fragments.get(&(key, format!("{name}.{n}"))),
                "services": services,
            })
        })
        .collect()
}

pub(crate) fn situation(r: &Renderer, i: usize, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let s = &site.content.situations[i];
    let key = ObjKey::new(Kind::Situation, i);
    let mut m = r.chrome(Chrome {
        url,
        title: &s.title,
        kind: "situation",
        description: s.summary.as_deref(),
        crumbs: vec![area_crumb(r, "situation.title", paths::SITUATIONS)],
        nav_section: None,
        jsonld: Vec::new(),
    });
    // Services that declare this situation without being in a step are listed too.
    let in_steps: Vec<usize> = s
        .service_refs()
        .filter_map(|x| site.find(Kind::Service, &x.id))
        .collect();
    let extra: Vec<Value> = r
        .facets()
        .services_of_situation(&s.doc.id)
        .iter()
        .filter(|x| !in_steps.contains(x))
        .map(|&x| r.link(ObjKey::new(Kind::Service, x), url))
        .collect();
    m.insert(
        "page".into(),
        json!({
            "title": s.title,
            "summary": s.summary,
            "body": r.body(key),
            "coordinator": s.coordinator.as_ref().and_then(|c| r.link_id(Kind::Institution, &c.id, url)),
            "circumstances": s.circumstances,
            "steps": steps(r, i, "steps", &s.steps, url),
            "groups": steps(r, i, "groups", &s.groups, url),
            "extra_services": extra,
            "related": s.related.iter().filter_map(|x| r.link_id(Kind::Situation, &x.id, url)).collect::<Vec<_>>(),
        }),
    );
    m.insert("meta".into(), r.meta(&s.doc));
    m.insert("backlinks".into(), r.backlinks(key, url));
    ("situation.html", Value::Object(m))
}

/// A list page with groups of `{title, url, summary, meta}` items.
fn list_page(
    r: &Renderer,
    url: &str,
    kind: &str,
    title: &str,
    summary: Option<String>,
    body: &str,
    groups: Vec<Value>,
) -> Value {
    let mut m = r.chrome(Chrome {
        url,
        title,
        kind,
        description: summary.as_deref(),
        crumbs: Vec::new(),
        nav_section: None,
        jsonld: Vec::new(),
    });
    m.insert(
        "page".into(),
        json!({"title": title, "summary": summary, "body": body, "groups": groups}),
    );
    Value::Object(m)
}

pub(crate) fn situations(r: &Renderer, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let (title, summary, body) = intro(r, paths::SITUATIONS, site.ui.get("situation.title"));
    let mut idx: Vec<usize> = (0..site.content.situations.len()).collect();
    collate::sort_by_key(&mut idx, |&i| site.content.situations[i].title.as_str());
    let items: Vec<Value> = idx
        .iter()
        .map(|&i| {
            let s = &site.content.situations[i];
            json!({"title": s.title, "url": relative(url, &s.doc.url), "summary": s.summary})
        })
        .collect();
    let groups = vec![json!({"title": null, "items": items})];
    (
        "list.html",
        with_intro_meta(
            r,
            paths::SITUATIONS,
            list_page(r, url, "situations", &title, summary, &body, groups),
        ),
    )
}

pub(crate) fn institution(r: &Renderer, i: usize, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let inst = &site.content.institutions[i];
    let key = ObjKey::new(Kind::Institution, i);
    let jsonld = vec![json!({
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": inst.name,
        "alternateName": inst.short_name,
        "url": inst.website.clone().unwrap_or_else(|| r.href_for_data(url, &inst.url)),
        "parentOrganization": inst.parent.as_ref().and_then(|p| site.find(Kind::Institution, &p.id)).map(|p| json!({
            "@type": "GovernmentOrganization",
            "name": site.content.institutions[p].name,
        })),
    })];
    let mut m = r.chrome(Chrome {
        url,
        title: &inst.name,
        kind: "institution",
        description: None,
        crumbs: vec![area_crumb(r, "institution.title", paths::INSTITUTIONS)],
        nav_section: None,
        jsonld,
    });
    let sorted = |list: &[usize]| {
        let mut v = list.to_vec();
        collate::sort_by_key(&mut v, |&x| site.content.services[x].title.as_str());
        v
    };
    let held = sorted(&site.held_services[i]);
    let is_held: rustc_hash::FxHashSet<usize> = held.iter().copied().collect();
    let provided: Vec<usize> = sorted(&site.provided_services[i])
        .into_iter()
        .filter(|x| !is_held.contains(x))
        .collect();
    m.insert(
        "page".into(),
        json!({
            "title": inst.name,
            "short_name": inst.short_name,
            "kind_label": inst.kind.as_ref().map(|k| site.ui.value("institution_kind", k)),
            "parent": inst.parent.as_ref().and_then(|p| r.link_id(Kind::Institution, &p.id, url)),
            "website": inst.website,
            "description": site.fragments.get(&(key, "description".to_string())),
            "children": site.child_institutions[i].iter().map(|&c| r.link(ObjKey::new(Kind::Institution, c), url)).collect::<Vec<_>>(),
            "held": r.facets().entries(&held, site, url),
            "provided": r.facets().entries(&provided, site, url),
            "coordinates": site.coordinated_situations[i].iter().map(|&s| r.link(ObjKey::new(Kind::Situation, s), url)).collect::<Vec<_>>(),
        }),
    );
    m.insert("backlinks".into(), r.backlinks(key, url));
    ("institution.html", Value::Object(m))
}

pub(crate) fn institutions(r: &Renderer, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let ui = &site.ui;
    let mut groups = Vec::new();
    for kind in crate::schema::INSTITUTION_KIND
        .values
        .iter()
        .map(|k| Some(*k))
        .chain([None])
    {
        let mut idx: Vec<usize> = site
            .content
            .institutions
            .iter()
            .enumerate()
            .filter(|(_, inst)| inst.kind.as_deref() == kind)
            .map(|(i, _)| i)
            .collect();
        if idx.is_empty() {
            continue;
        }
        collate::sort_by_key(&mut idx, |&i| site.content.institutions[i].name.as_str());
        let items: Vec<Value> = idx
            .iter()
            .map(|&i| {
                let inst = &site.content.institutions[i];
                let n = site.held_services[i].len();
                json!({
                    "title": inst.name,
                    "url": relative(url, &inst.url),
                    "meta": format!("{}{n} {}", inst.short_name.as_ref().map(|s| format!("{s} · ")).unwrap_or_default(), ui.get("site.count_services")),
                })
            })
            .collect();
        let title = kind.map(|k| ui.value("institution_kind", k).to_string());
        groups.push(json!({"title": title, "anchor": kind.unwrap_or("citas"), "items": items}));
    }
    let title = ui.get("institution.title");
    (
        "list.html",
        list_page(r, url, "institutions", title, None, "", groups),
    )
}

pub(crate) fn glossary(r: &Renderer, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let (title, summary, body) = intro(r, paths::GLOSSARY, site.ui.get("glossary.title"));
    let terms = &site.content.terms;
    let mut idx: Vec<usize> = (0..terms.len()).collect();
    collate::sort_by_key(&mut idx, |&i| terms[i].term.as_str());
    let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
    for i in idx {
        let t = &terms[i];
        let letter = collate::letter(&t.term);
        let item = json!({
            "title": t.term,
            "url": relative(url, &t.doc.url),
            "abbreviations": t.abbreviations.join(", "),
            "short": site.glossary.terms.get(i).map(|x| x.short.as_str()).unwrap_or_default(),
        });
        match groups.last_mut() {
            Some((l, list)) if *l == letter => list.push(item),
            _ => groups.push((letter, vec![item])),
        }
    }
    let groups: Vec<Value> = groups
        .into_iter()
        .map(|(l, list)| {
            let anchor: String = l.chars().map(|c| format!("{:x}", c as u32)).collect();
            json!({"letter": l, "anchor": anchor, "terms": list})
        })
        .collect();
    let term_set: Vec<Value> = terms
        .iter()
        .map(|t| json!({"@type": "DefinedTerm", "name": t.term, "url": r.href_for_data(url, &t.doc.url)}))
        .collect();
    let mut m = r.chrome(Chrome {
        url,
        title: &title,
        kind: "glossary",
        description: summary.as_deref(),
        crumbs: Vec::new(),
        nav_section: None,
        jsonld: vec![json!({
            "@context": "https://schema.org",
            "@type": "DefinedTermSet",
            "name": title,
            "hasDefinedTerm": term_set,
        })],
    });
    m.insert(
        "page".into(),
        json!({"title": title, "summary": summary, "body": body, "groups": groups}),
    );
    ("glossary.html", Value::Object(m))
}

/// A term's "used in" list names this many pages; the rest are found by searching for it (a
/// common term is used on thousands of service cards).
const USED_IN_SHOWN: usize = 100;

pub(crate) fn term(r: &Renderer, i: usize, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let t = &site.content.terms[i];
    let key = ObjKey::new(Kind::Term, i);
    let short = site
        .glossary
        .terms
        .get(i)
        .map(|x| x.short.clone())
        .unwrap_or_default();
    let glossary_url = format!("{}/index.html", paths::GLOSSARY);
    let jsonld = vec![json!({
        "@context": "https://schema.org",
        "@type": "DefinedTerm",
        "name": t.term,
        "description": short,
        "alternateName": t.abbreviations.iter().chain(&t.synonyms).collect::<Vec<_>>(),
        "url": r.href_for_data(url, &t.doc.url),
        "inDefinedTermSet": r.href_for_data(url, &glossary_url),
    })];
    let mut m = r.chrome(Chrome {
        url,
        title: &t.term,
        kind: "term",
        description: Some(&short),
        crumbs: vec![area_crumb(r, "glossary.title", paths::GLOSSARY)],
        nav_section: None,
        jsonld,
    });
    let uses = &site.term_uses[i];
    let used_in: Vec<Value> = uses
        .iter()
        .take(USED_IN_SHOWN)
        .map(|&k| json!({"title": site.title(k), "url": relative(url, site.url(k)), "kind": site.ui.kind(k.kind)}))
        .collect();
    m.insert(
        "page".into(),
        json!({
            "title": t.term,
            "abbreviations": t.abbreviations,
            "synonyms": t.synonyms,
            "english": t.english,
            "source": site.source_label(&t.doc),
            "body": r.body(key),
            "related": t.related.iter().filter_map(|x| r.link_id(Kind::Term, &x.id, url)).collect::<Vec<_>>(),
            "used_in": used_in,
            "used_in_more": (uses.len() > USED_IN_SHOWN).then(|| site.ui.get("glossary.used_in_more").replace("{n}", &(uses.len() - USED_IN_SHOWN).to_string())),
            "search_url": format!("{}?q={}", relative(url, paths::SEARCH_PAGE), utf8_percent_encode(&t.term, NON_ALPHANUMERIC)),
        }),
    );
    m.insert("backlinks".into(), r.backlinks(key, url));
    ("term.html", Value::Object(m))
}

pub(crate) fn courses(r: &Renderer, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let (title, summary, body) = intro(r, paths::COURSES, site.ui.get("course.title"));
    let mut idx: Vec<usize> = (0..site.content.courses.len()).collect();
    idx.sort_by_key(|&i| {
        (
            site.content.courses[i].weight,
            site.content.courses[i].doc.file.clone(),
        )
    });
    let items: Vec<Value> = idx
        .iter()
        .map(|&i| {
            let c = &site.content.courses[i];
            let n = site.course_lessons[i].len();
            json!({"title": c.title, "url": relative(url, &c.doc.url), "summary": c.summary, "meta": format!("{n} {}", site.ui.get("course.lessons").to_lowercase())})
        })
        .collect();
    let groups = vec![json!({"title": null, "items": items})];
    (
        "list.html",
        with_intro_meta(
            r,
            paths::COURSES,
            list_page(r, url, "courses", &title, summary, &body, groups),
        ),
    )
}

pub(super) fn total_duration(r: &Renderer, course: usize) -> i64 {
    r.site.course_lessons[course]
        .iter()
        .filter_map(|&l| r.site.content.lessons[l].duration)
        .sum()
}

fn lesson_position(r: &Renderer, lesson: usize) -> (usize, usize) {
    let site = r.site;
    match site.lesson_course[lesson] {
        Some(c) => {
            let list = &site.course_lessons[c];
            (
                list.iter().position(|&l| l == lesson).map_or(0, |p| p + 1),
                list.len(),
            )
        }
        None => (1, 1),
    }
}

pub(super) fn position_label(r: &Renderer, k: usize, n: usize) -> String {
    r.site
        .ui
        .get("course.lesson_of")
        .replace("{k}", &k.to_string())
        .replace("{n}", &n.to_string())
}

pub(crate) fn course(r: &Renderer, i: usize, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let c = &site.content.courses[i];
    let key = ObjKey::new(Kind::Course, i);
    let mut m = r.chrome(Chrome {
        url,
        title: &c.title,
        kind: "course",
        description: c.summary.as_deref(),
        crumbs: vec![area_crumb(r, "course.title", paths::COURSES)],
        nav_section: None,
        jsonld: Vec::new(),
    });
    let lessons: Vec<Value> = site.course_lessons[i]
        .iter()
        .map(|&l| {
            let lesson = &site.content.lessons[l];
            json!({"title": lesson.title, "url": relative(url, &lesson.doc.url), "duration": lesson.duration, "objectives": lesson.objectives})
        })
        .collect();
    m.insert(
        "page".into(),
        json!({
            "title": c.title,
            "summary": c.summary,
            "body": r.body(key),
            "audience": c.audience.iter().map(|a| site.ui.value("audience", a)).collect::<Vec<_>>(),
            "objectives": c.objectives,
            "lessons": lessons,
            "total_duration": total_duration(r, i),
            "handout_url": relative(url, &c.doc.url.replace("index.html", paths::HANDOUT)),
        }),
    );
    m.insert("backlinks".into(), r.backlinks(key, url));
    ("course.html", Value::Object(m))
}

pub(crate) fn lesson(r: &Renderer, i: usize, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let l = &site.content.lessons[i];
    let key = ObjKey::new(Kind::Lesson, i);
    let course = site.lesson_course[i];
    let mut crumbs = vec![area_crumb(r, "course.title", paths::COURSES)];
    if let Some(c) = course {
        let co = &site.content.courses[c];
        crumbs.push((co.title.clone(), Some(co.doc.url.clone())));
    }
    let mut m = r.chrome(Chrome {
        url,
        title: &l.title,
        kind: "lesson",
        description: l.summary.as_deref(),
        crumbs,
        nav_section: None,
        jsonld: Vec::new(),
    });
    let (k, n) = lesson_position(r, i);
    let siblings = course
        .map(|c| site.course_lessons[c].as_slice())
        .unwrap_or(&[]);
    let prev = k
        .checked_sub(2)
        .and_then(|p| siblings.get(p))
        .map(|&p| r.link(ObjKey::new(Kind::Lesson, p), url));
    let next = siblings
        .get(k)
        .map(|&p| r.link(ObjKey::new(Kind::Lesson, p), url));
    m.insert(
        "page".into(),
        json!({
            "title": l.title,
            "summary": l.summary,
            "body": r.body(key),
            "toc": site.bodies.get(&key).map(|b| json!(b.toc)).unwrap_or(json!([])),
            "course": course.map(|c| r.link(ObjKey::new(Kind::Course, c), url)),
            "position": position_label(r, k, n),
            "duration": l.duration,
            "objectives": l.objectives,
            "prerequisites": l.prerequisites.iter().filter_map(|p| site.prerequisite(i, &p.id)).map(|p| r.link(ObjKey::new(Kind::Lesson, p), url)).collect::<Vec<_>>(),
        }),
    );
    m.insert("prev".into(), json!(prev));
    m.insert("next".into(), json!(next));
    m.insert("prev_label".into(), json!(site.ui.get("site.previous")));
    m.insert("next_label".into(), json!(site.ui.get("site.next")));
    m.insert("meta".into(), r.meta(&l.doc));
    m.insert("backlinks".into(), r.backlinks(key, url));
    ("lesson.html", Value::Object(m))
}
