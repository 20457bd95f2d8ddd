//! Life situations, institutions, the glossary and courses: their pages and list pages.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::{Value, json};

use crate::model::{ObjKey, Step};
use crate::render::catalogue::{LetterLink, ListItem, letter_anchor, letter_index};
use crate::render::chrome::{Chrome, MetaItem};
use crate::render::pager::{self, Pager};
use crate::render::{KindLink, Link, Neighbours, PageView, Renderer, view_value};
use crate::resolve::markdown::Heading;
use crate::schema::{AUDIENCE, Kind};
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

/// The page facts (its source) of a list page's intro page `id`, if it has one.
fn intro_meta<'r>(r: &'r Renderer, id: &str) -> Option<Vec<MetaItem<'r>>> {
    r.site
        .find(Kind::Page, id)
        .map(|i| r.meta_items(&r.site.content.pages[i].doc))
}

/// A step (or need group) of a life situation and the services it takes.
#[derive(Serialize)]
struct StepView<'a> {
    title: &'a str,
    text: Option<&'a str>,
    services: Vec<StepService<'a>>,
}

#[derive(Serialize)]
struct StepService<'a> {
    title: &'a str,
    url: String,
    holder: String,
}

fn steps<'a>(
    r: &'a Renderer,
    si: usize,
    name: &str,
    list: &'a [Step],
    url: &str,
) -> Vec<StepView<'a>> {
    let site = r.site;
    let key = ObjKey::new(Kind::Situation, si);
    list.iter()
        .enumerate()
        .map(|(n, step)| StepView {
            title: &step.title,
            text: site
                .fragments
                .get(&(key, format!("{name}.{n}")))
                .map(String::as_str),
            services: step
                .services
                .iter()
                .filter_map(|s| site.find(Kind::Service, &s.id))
                .map(|i| {
                    let svc = &site.content.services[i];
                    StepService {
                        title: &svc.title,
                        url: relative(url, &svc.doc.url),
                        holder: site.institution_label(&svc.holder.id),
                    }
                })
                .collect(),
        })
        .collect()
}

/// A life situation's page.
#[derive(Serialize)]
struct SituationPage<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    body: Cow<'a, str>,
    coordinator: Option<Link<'a>>,
    circumstances: &'a [String],
    steps: Vec<StepView<'a>>,
    groups: Vec<StepView<'a>>,
    /// Services that declare the situation without being in one of its steps.
    extra_services: Vec<Link<'a>>,
    related: Vec<Link<'a>>,
}

pub(crate) fn situation(r: &Renderer, i: usize, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let s = &site.content.situations[i];
    let key = ObjKey::new(Kind::Situation, i);
    let chrome = r.chrome_view(Chrome {
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
    let extra_services = r
        .facets()
        .services_of_situation(&s.doc.id)
        .iter()
        .filter(|x| !in_steps.contains(x))
        .map(|&x| r.link(ObjKey::new(Kind::Service, x), url))
        .collect();
    let page = SituationPage {
        title: &s.title,
        summary: s.summary.as_deref(),
        body: r.body(key),
        coordinator: s
            .coordinator
            .as_ref()
            .and_then(|c| r.link_id(Kind::Institution, &c.id, url)),
        circumstances: &s.circumstances,
        steps: steps(r, i, "steps", &s.steps, url),
        groups: steps(r, i, "groups", &s.groups, url),
        extra_services,
        related: s
            .related
            .iter()
            .filter_map(|x| r.link_id(Kind::Situation, &x.id, url))
            .collect(),
    };
    let view = PageView {
        meta: Some(r.meta_items(&s.doc)),
        backlinks: Some(r.backlink_list(key, url)),
        ..PageView::new(chrome, page)
    };
    view_value("situation.html", &view)
}

/// An entry of a list page.
#[derive(Serialize)]
struct ListEntry {
    title: String,
    url: String,
    summary: Option<String>,
    meta: Option<String>,
}

/// A titled group of a list page's entries.
#[derive(Serialize)]
struct ListGroup {
    title: Option<String>,
    anchor: Option<String>,
    items: Vec<ListEntry>,
}

/// A list page (life situations, institutions, courses): an intro and groups of entries.
#[derive(Serialize)]
struct ListPage<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    body: &'a str,
    groups: Vec<ListGroup>,
    pager: Option<Pager>,
}

/// The entries of page `n` of a list in groups: `entries` is every entry in order, each with
/// its group's key; a group split over pages has its heading on each.
fn page_of_groups<G: PartialEq + Clone, T>(
    entries: &[(G, T)],
    size: usize,
    n: usize,
) -> Vec<(G, Vec<&T>)> {
    let mut groups: Vec<(G, Vec<&T>)> = Vec::new();
    for (g, item) in &entries[pager::page_range(entries.len(), size, n)] {
        match groups.last_mut() {
            Some((last, list)) if last == g => list.push(item),
            _ => groups.push((g.clone(), vec![item])),
        }
    }
    groups
}

/// A list page with groups of `{title, url, summary, meta}` items, page `n` of `count`, with
/// the page facts of its intro page `intro` (if the site has one).
#[allow(clippy::too_many_arguments)]
fn list_page(
    r: &Renderer,
    url: &str,
    kind: &str,
    title: &str,
    summary: Option<String>,
    body: &str,
    groups: Vec<ListGroup>,
    (first, n, count): (&str, usize, usize),
    intro: Option<&str>,
) -> (&'static str, Value) {
    let page_title = pager::paged_title(&r.site.ui, title, n, count);
    let chrome = r.chrome_view(Chrome {
        url,
        title: &page_title,
        kind,
        description: summary.as_deref(),
        crumbs: Vec::new(),
        nav_section: None,
        jsonld: Vec::new(),
    });
    let page = ListPage {
        title,
        summary: summary.as_deref(),
        body: if n == 1 { body } else { "" },
        groups,
        pager: Pager::new(&r.site.ui, first, url, n, count),
    };
    let view = PageView {
        meta: intro.and_then(|id| intro_meta(r, id)),
        ..PageView::new(chrome, page)
    };
    view_value("list.html", &view)
}

pub(crate) fn situations(r: &Renderer, url: &str, n: usize) -> (&'static str, Value) {
    let site = r.site;
    let (title, summary, body) = intro(r, paths::SITUATIONS, site.ui.get("situation.title"));
    let mut idx: Vec<usize> = (0..site.content.situations.len()).collect();
    collate::sort_by_key_in(&site.ui.language, &mut idx, |&i| {
        site.content.situations[i].title.as_str()
    });
    let size = r.page_size();
    let items: Vec<ListEntry> = idx[pager::page_range(idx.len(), size, n)]
        .iter()
        .map(|&i| {
            let s = &site.content.situations[i];
            ListEntry {
                title: s.title.clone(),
                url: relative(url, &s.doc.url),
                summary: s.summary.clone(),
                meta: None,
            }
        })
        .collect();
    let groups = vec![ListGroup {
        title: None,
        anchor: None,
        items,
    }];
    let first = format!("{}/index.html", paths::SITUATIONS);
    let count = pager::page_count(idx.len(), size);
    list_page(
        r,
        url,
        "situations",
        &title,
        summary,
        &body,
        groups,
        (&first, n, count),
        Some(paths::SITUATIONS),
    )
}

/// The services an institution holds and, apart from those, the ones it provides, each A–Z.
/// The services an institution's pages list: held, then provided and not held.
pub(crate) type InstitutionLists = (Vec<usize>, Vec<usize>);

pub(super) fn institution_services(site: &crate::resolve::Site, i: usize) -> InstitutionLists {
    let sorted = |list: &[usize]| {
        let mut v = list.to_vec();
        collate::sort_by_key_in(&site.ui.language, &mut v, |&x| {
            site.content.services[x].title.as_str()
        });
        v
    };
    let held = sorted(&site.held_services[i]);
    let is_held: rustc_hash::FxHashSet<usize> = held.iter().copied().collect();
    let provided: Vec<usize> = sorted(&site.provided_services[i])
        .into_iter()
        .filter(|x| !is_held.contains(x))
        .collect();
    (held, provided)
}

/// How many services an institution's pages list (as [`institution_services`], unsorted).
pub(super) fn institution_service_count(site: &crate::resolve::Site, i: usize) -> usize {
    let held = &site.held_services[i];
    let is_held: rustc_hash::FxHashSet<usize> = held.iter().copied().collect();
    held.len()
        + site.provided_services[i]
            .iter()
            .filter(|x| !is_held.contains(x))
            .count()
}

/// A page of an institution: who it is (on the first page) and its services, held then
/// provided, paginated together.
#[derive(Serialize)]
struct InstitutionPage<'a> {
    title: &'a str,
    short_name: Option<&'a str>,
    kind_label: Option<&'a str>,
    parent: Option<Link<'a>>,
    website: Option<&'a str>,
    description: Option<&'a String>,
    children: Vec<Link<'a>>,
    /// Services held, in all; this page's part of them.
    held_count: usize,
    held: Vec<ListItem>,
    provided_count: usize,
    provided: Vec<ListItem>,
    coordinates: Vec<Link<'a>>,
    /// Whether this is the first page (the one with the facts and description).
    first_page: bool,
    pager: Option<Pager>,
}

pub(crate) fn institution(r: &Renderer, i: usize, url: &str, n: usize) -> (&'static str, Value) {
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
    let (held, provided) = r.institution_lists(i);
    let size = r.page_size();
    let total = held.len() + provided.len();
    let count = pager::page_count(total, size);
    let page_title = pager::paged_title(&site.ui, &inst.name, n, count);
    let chrome = r.chrome_view(Chrome {
        url,
        title: &page_title,
        kind: "institution",
        description: None,
        crumbs: vec![area_crumb(r, "institution.title", paths::INSTITUTIONS)],
        nav_section: None,
        jsonld,
    });
    let range = pager::page_range(total, size, n);
    let held_here = &held[range.start.min(held.len())..range.end.min(held.len())];
    let provided_here =
        &provided[range.start.saturating_sub(held.len())..range.end.saturating_sub(held.len())];
    let first_page = n == 1;
    let page = InstitutionPage {
        title: &inst.name,
        short_name: inst.short_name.as_deref(),
        kind_label: inst
            .kind
            .as_ref()
            .map(|k| site.ui.value("institution_kind", k)),
        parent: inst
            .parent
            .as_ref()
            .and_then(|p| r.link_id(Kind::Institution, &p.id, url)),
        website: inst.website.as_deref(),
        description: site.fragments.get(&(key, "description".to_string())),
        children: site.child_institutions[i]
            .iter()
            .map(|&c| r.link(ObjKey::new(Kind::Institution, c), url))
            .collect(),
        held_count: held.len(),
        held: r.facets().entries(held_here, site, url),
        provided_count: provided.len(),
        provided: r.facets().entries(provided_here, site, url),
        coordinates: site.coordinated_situations[i]
            .iter()
            .map(|&s| r.link(ObjKey::new(Kind::Situation, s), url))
            .collect(),
        first_page,
        pager: Pager::new(&site.ui, &inst.url, url, n, count),
    };
    let view = PageView {
        backlinks: Some(r.backlink_list(key, url)),
        ..PageView::new(chrome, page)
    };
    view_value("institution.html", &view)
}

pub(crate) fn institutions(r: &Renderer, url: &str, n: usize) -> (&'static str, Value) {
    let site = r.site;
    let ui = &site.ui;
    // Every institution with its kind (the group it is listed under), kinds in their order.
    let mut entries: Vec<(Option<&str>, usize)> = Vec::new();
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
        collate::sort_by_key_in(&site.ui.language, &mut idx, |&i| {
            site.content.institutions[i].name.as_str()
        });
        entries.extend(idx.into_iter().map(|i| (kind, i)));
    }
    let size = r.page_size();
    let groups: Vec<ListGroup> = page_of_groups(&entries, size, n)
        .into_iter()
        .map(|(kind, list)| ListGroup {
            title: kind.map(|k| ui.value("institution_kind", k).to_string()),
            anchor: Some(kind.unwrap_or("citas").to_string()),
            items: list
                .into_iter()
                .map(|&i| {
                    let inst = &site.content.institutions[i];
                    let held = site.held_services[i].len();
                    ListEntry {
                        title: inst.name.clone(),
                        url: relative(url, &inst.url),
                        summary: None,
                        meta: Some(format!(
                            "{}{held} {}",
                            inst.short_name
                                .as_ref()
                                .map(|s| format!("{s} · "))
                                .unwrap_or_default(),
                            ui.get("site.count_services")
                        )),
                    }
                })
                .collect(),
        })
        .collect();
    let title = ui.get("institution.title");
    let first = format!("{}/index.html", paths::INSTITUTIONS);
    let count = pager::page_count(entries.len(), size);
    list_page(
        r,
        url,
        "institutions",
        title,
        None,
        "",
        groups,
        (&first, n, count),
        None,
    )
}

/// A term in the glossary's list.
#[derive(Serialize)]
struct GlossaryEntry<'a> {
    title: &'a str,
    url: String,
    abbreviations: String,
    short: &'a str,
}

#[derive(Serialize)]
struct GlossaryGroup<'a> {
    letter: String,
    anchor: String,
    terms: Vec<GlossaryEntry<'a>>,
}

/// A page of the glossary.
#[derive(Serialize)]
struct GlossaryPage<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    body: &'a str,
    /// Every letter, linked to the page that holds its first term.
    letters: Vec<LetterLink>,
    groups: Vec<GlossaryGroup<'a>>,
    pager: Option<Pager>,
}

pub(crate) fn glossary(r: &Renderer, url: &str, n: usize) -> (&'static str, Value) {
    let site = r.site;
    let (title, summary, body) = intro(r, paths::GLOSSARY, site.ui.get("glossary.title"));
    let terms = &site.content.terms;
    let mut idx: Vec<usize> = (0..terms.len()).collect();
    collate::sort_by_key_in(&site.ui.language, &mut idx, |&i| terms[i].term.as_str());
    let entries: Vec<(String, usize)> = idx
        .into_iter()
        .map(|i| (collate::letter_in(&site.ui.language, &terms[i].term), i))
        .collect();
    let size = r.page_size();
    let count = pager::page_count(entries.len(), size);
    let first = format!("{}/index.html", paths::GLOSSARY);
    let letters: Vec<String> = entries.iter().map(|(l, _)| l.clone()).collect();
    let groups: Vec<GlossaryGroup> = page_of_groups(&entries, size, n)
        .into_iter()
        .map(|(letter, list)| GlossaryGroup {
            anchor: letter_anchor(&letter),
            letter,
            terms: list
                .into_iter()
                .map(|&i| {
                    let t = &terms[i];
                    GlossaryEntry {
                        title: &t.term,
                        url: relative(url, &t.doc.url),
                        abbreviations: t.abbreviations.join(", "),
                        short: site
                            .glossary
                            .terms
                            .get(i)
                            .map(|x| x.short.as_str())
                            .unwrap_or_default(),
                    }
                })
                .collect(),
        })
        .collect();
    // The terms of this page (a set of thousands would weigh on every page).
    let term_set: Vec<Value> = entries[pager::page_range(entries.len(), size, n)]
        .iter()
        .map(|&(_, i)| {
            let t = &terms[i];
            json!({"@type": "DefinedTerm", "name": t.term, "url": r.href_for_data(url, &t.doc.url)})
        })
        .collect();
    let page_title = pager::paged_title(&site.ui, &title, n, count);
    let chrome = r.chrome_view(Chrome {
        url,
        title: &page_title,
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
    let page = GlossaryPage {
        title: &title,
        summary: summary.as_deref(),
        body: if n == 1 { &body } else { "" },
        letters: letter_index(&letters, size, &first, url),
        groups,
        pager: Pager::new(&site.ui, &first, url, n, count),
    };
    view_value("glossary.html", &PageView::new(chrome, page))
}

/// A term's "used in" list names this many pages; the rest are found by searching for it (a
/// common term is used on thousands of service cards).
const USED_IN_SHOWN: usize = 100;

/// A glossary term's page.
#[derive(Serialize)]
struct TermPage<'a> {
    title: &'a str,
    abbreviations: &'a [String],
    synonyms: &'a [String],
    english: Option<&'a str>,
    source: Option<String>,
    body: Cow<'a, str>,
    related: Vec<Link<'a>>,
    /// The first pages that use the term ([`USED_IN_SHOWN`]), and how many more there are.
    used_in: Vec<KindLink<'a>>,
    used_in_more: Option<String>,
    /// The search for the term, which finds every page using it.
    search_url: String,
}

pub(crate) fn term(r: &Renderer, i: usize, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let t = &site.content.terms[i];
    let key = ObjKey::new(Kind::Term, i);
    let short = site.glossary.terms.get(i).map_or("", |x| x.short.as_str());
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
    let chrome = r.chrome_view(Chrome {
        url,
        title: &t.term,
        kind: Kind::Term.slug(),
        description: Some(short),
        crumbs: vec![area_crumb(r, "glossary.title", paths::GLOSSARY)],
        nav_section: None,
        jsonld,
    });
    let uses = &site.term_uses[i];
    let page = TermPage {
        title: &t.term,
        abbreviations: &t.abbreviations,
        synonyms: &t.synonyms,
        english: t.english.as_deref(),
        source: site.source_label(&t.doc),
        body: r.body(key),
        related: t
            .related
            .iter()
            .filter_map(|x| r.link_id(Kind::Term, &x.id, url))
            .collect(),
        used_in: uses
            .iter()
            .take(USED_IN_SHOWN)
            .map(|&k| r.kind_link(k, url))
            .collect(),
        used_in_more: (uses.len() > USED_IN_SHOWN).then(|| {
            site.ui
                .get("glossary.used_in_more")
                .replace("{n}", &(uses.len() - USED_IN_SHOWN).to_string())
        }),
        search_url: format!(
            "{}?q={}",
            relative(url, paths::SEARCH_PAGE),
            utf8_percent_encode(&t.term, NON_ALPHANUMERIC)
        ),
    };
    let view = PageView {
        backlinks: Some(r.backlink_list(key, url)),
        ..PageView::new(chrome, page)
    };
    view_value("term.html", &view)
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
    let items: Vec<ListEntry> = idx
        .iter()
        .map(|&i| {
            let c = &site.content.courses[i];
            let n = site.course_lessons[i].len();
            ListEntry {
                title: c.title.clone(),
                url: relative(url, &c.doc.url),
                summary: c.summary.clone(),
                meta: Some(format!(
                    "{n} {}",
                    site.ui.get("course.lessons").to_lowercase()
                )),
            }
        })
        .collect();
    let groups = vec![ListGroup {
        title: None,
        anchor: None,
        items,
    }];
    list_page(
        r,
        url,
        "courses",
        &title,
        summary,
        &body,
        groups,
        (url, 1, 1),
        Some(paths::COURSES),
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

/// A lesson as its course's page lists it.
#[derive(Serialize)]
struct LessonEntry<'a> {
    title: &'a str,
    url: String,
    /// Minutes.
    duration: Option<i64>,
    objectives: &'a [String],
}

/// A course's page.
#[derive(Serialize)]
struct CoursePage<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    body: Cow<'a, str>,
    audience: Vec<&'a str>,
    objectives: &'a [String],
    lessons: Vec<LessonEntry<'a>>,
    /// Minutes, the lessons' durations added up.
    total_duration: i64,
    handout_url: String,
}

pub(crate) fn course(r: &Renderer, i: usize, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let c = &site.content.courses[i];
    let key = ObjKey::new(Kind::Course, i);
    let chrome = r.chrome_view(Chrome {
        url,
        title: &c.title,
        kind: "course",
        description: c.summary.as_deref(),
        crumbs: vec![area_crumb(r, "course.title", paths::COURSES)],
        nav_section: None,
        jsonld: Vec::new(),
    });
    let lessons = site.course_lessons[i]
        .iter()
        .map(|&l| {
            let lesson = &site.content.lessons[l];
            LessonEntry {
                title: &lesson.title,
                url: relative(url, &lesson.doc.url),
                duration: lesson.duration,
                objectives: &lesson.objectives,
            }
        })
        .collect();
    let page = CoursePage {
        title: &c.title,
        summary: c.summary.as_deref(),
        body: r.body(key),
        audience: c
            .audience
            .iter()
            .map(|a| site.ui.value(AUDIENCE.name, a))
            .collect(),
        objectives: &c.objectives,
        lessons,
        total_duration: total_duration(r, i),
        handout_url: relative(url, &c.doc.url.replace("index.html", paths::HANDOUT)),
    };
    let view = PageView {
        backlinks: Some(r.backlink_list(key, url)),
        ..PageView::new(chrome, page)
    };
    view_value("course.html", &view)
}

/// A lesson's page.
#[derive(Serialize)]
struct LessonPage<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    body: Cow<'a, str>,
    toc: &'a [Heading],
    course: Option<Link<'a>>,
    /// "Lesson k of n".
    position: String,
    /// Minutes.
    duration: Option<i64>,
    objectives: &'a [String],
    prerequisites: Vec<Link<'a>>,
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
    let chrome = r.chrome_view(Chrome {
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
    let page = LessonPage {
        title: &l.title,
        summary: l.summary.as_deref(),
        body: r.body(key),
        toc: site.bodies.get(&key).map_or(&[], |b| b.toc.as_slice()),
        course: course.map(|c| r.link(ObjKey::new(Kind::Course, c), url)),
        position: position_label(r, k, n),
        duration: l.duration,
        objectives: &l.objectives,
        prerequisites: l
            .prerequisites
            .iter()
            .filter_map(|p| site.prerequisite(i, &p.id))
            .map(|p| r.link(ObjKey::new(Kind::Lesson, p), url))
            .collect(),
    };
    let view = PageView {
        meta: Some(r.meta_items(&l.doc)),
        backlinks: Some(r.backlink_list(key, url)),
        neighbours: Some(Neighbours {
            prev: k
                .checked_sub(2)
                .and_then(|p| siblings.get(p))
                .map(|&p| r.link(ObjKey::new(Kind::Lesson, p), url)),
            next: siblings
                .get(k)
                .map(|&p| r.link(ObjKey::new(Kind::Lesson, p), url)),
            prev_label: site.ui.get("site.previous"),
            next_label: site.ui.get("site.next"),
        }),
        ..PageView::new(chrome, page)
    };
    view_value("lesson.html", &view)
}
