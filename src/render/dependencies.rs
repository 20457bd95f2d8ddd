//! Which pages a change reaches: for one build, the objects each source file holds and, per
//! object page, the pages that show something of it (links both ways, holders, situations,
//! variants, glossary uses, section and course neighbours). The preview renders only the
//! pages a changed file reaches, in the build before the change and in the build after it.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use crate::model::ObjKey;
use crate::render::{Job, Renderer};
use crate::schema::Kind;

/// The dependency map of one build.
#[derive(Default)]
pub struct PageDeps {
    /// Source file → output paths of the objects it holds.
    by_file: HashMap<String, Vec<String>>,
    /// Object page → pages that show something of it.
    shown_on: HashMap<String, HashSet<String>>,
    /// Everything every page shows: navigation, section tree, course outline.
    layout: u64,
}

impl PageDeps {
    /// The map of the site `r` renders.
    pub fn of(r: &Renderer) -> PageDeps {
        let site = r.site;
        let c = &site.content;
        let mut deps = PageDeps::default();
        let mut link = |a: &str, b: &str| {
            if a != b {
                deps.shown_on
                    .entry(a.to_string())
                    .or_default()
                    .insert(b.to_string());
                deps.shown_on
                    .entry(b.to_string())
                    .or_default()
                    .insert(a.to_string());
            }
        };
        let url = |k: ObjKey| site.url(k).to_string();
        for (to, froms) in &site.backlinks {
            for from in froms {
                link(&url(*to), &url(*from));
            }
        }
        for (t, users) in site.term_uses.iter().enumerate() {
            for u in users {
                link(&url(ObjKey::new(Kind::Term, t)), &url(*u));
            }
        }
        for (i, s) in c.services.iter().enumerate() {
            let me = url(ObjKey::new(Kind::Service, i));
            for inst in std::iter::once(&s.holder).chain(&s.providers) {
                if let Some(k) = site.key(Kind::Institution, &inst.id) {
                    link(&me, &url(k));
                }
            }
            if let Some(k) = s
                .template
                .as_ref()
                .and_then(|t| site.key(Kind::Service, &t.id))
            {
                link(&me, &url(k));
            }
            for &v in &site.variants[i] {
                // A template's lists show its variant count: a variant reaches them too.
                let variant = url(ObjKey::new(Kind::Service, v));
                link(&me, &variant);
                if let Some(k) = site.key(Kind::Institution, &s.holder.id) {
                    link(&variant, &url(k));
                }
                for &sit in &site.service_situations[i] {
                    link(&variant, &url(ObjKey::new(Kind::Situation, sit)));
                }
            }
            for &sit in &site.service_situations[i] {
                link(&me, &url(ObjKey::new(Kind::Situation, sit)));
            }
        }
        for (i, sit) in c.situations.iter().enumerate() {
            if let Some(k) = sit
                .coordinator
                .as_ref()
                .and_then(|x| site.key(Kind::Institution, &x.id))
            {
                link(&url(ObjKey::new(Kind::Situation, i)), &url(k));
            }
        }
        for (i, inst) in c.institutions.iter().enumerate() {
            if let Some(k) = inst
                .parent
                .as_ref()
                .and_then(|x| site.key(Kind::Institution, &x.id))
            {
                link(&url(ObjKey::new(Kind::Institution, i)), &url(k));
            }
        }
        // Previous/next and section listings: pages of one section show each other.
        for s in &site.sections.list {
            for &a in &s.pages {
                for &b in &s.pages {
                    link(&c.pages[a].doc.url, &c.pages[b].doc.url);
                }
            }
        }
        for (course, lessons) in site.course_lessons.iter().enumerate() {
            let course_url = url(ObjKey::new(Kind::Course, course));
            for &a in lessons {
                link(&course_url, &c.lessons[a].doc.url);
                for &b in lessons {
                    link(&c.lessons[a].doc.url, &c.lessons[b].doc.url);
                }
            }
        }
        for key in site.keys() {
            let file = match key.kind {
                Kind::Institution => c.institutions[key.idx as usize].file.clone(),
                Kind::Page => c.pages[key.idx as usize].doc.file.clone(),
                Kind::Service => c.services[key.idx as usize].doc.file.clone(),
                Kind::Situation => c.situations[key.idx as usize].doc.file.clone(),
                Kind::Term => c.terms[key.idx as usize].doc.file.clone(),
                Kind::Course => c.courses[key.idx as usize].doc.file.clone(),
                Kind::Lesson => c.lessons[key.idx as usize].doc.file.clone(),
            };
            deps.by_file.entry(file).or_default().push(url(key));
        }
        let mut h = rustc_hash::FxHasher::default();
        for s in &site.sections.list {
            (&s.url, &s.title, &s.pages, &s.children).hash(&mut h);
        }
        for p in &c.pages {
            (&p.doc.url, &p.title).hash(&mut h);
        }
        for (i, x) in c.courses.iter().enumerate() {
            (&x.doc.url, &x.title, &site.course_lessons[i]).hash(&mut h);
        }
        for l in &c.lessons {
            (&l.doc.url, &l.title).hash(&mut h);
        }
        deps.layout = h.finish();
        deps
    }

    /// Pages that may differ after `changed` source files (site-relative paths) changed from
    /// `old` to `self`; `None` when any page may (the layout changed, or a file holds no
    /// known object).
    pub fn dirty(&self, old: &PageDeps, changed: &[String]) -> Option<HashSet<String>> {
        if self.layout != old.layout {
            return None;
        }
        let mut objects = HashSet::new();
        for file in changed {
            let (a, b) = (self.by_file.get(file), old.by_file.get(file));
            if a.is_none() && b.is_none() {
                return None;
            }
            objects.extend(a.into_iter().chain(b).flatten().cloned());
        }
        let mut pages = objects.clone();
        for o in &objects {
            for map in [&self.shown_on, &old.shown_on] {
                pages.extend(map.get(o).into_iter().flatten().cloned());
            }
        }
        Some(pages)
    }
}

/// Whether a job's page belongs to one object (and so may be left alone when the object
/// and everything it shows are unchanged); list, facet and reference pages are always made.
pub fn is_object_page(job: &Job) -> bool {
    matches!(
        job,
        Job::Page(_)
            | Job::Service(_)
            | Job::Situation(_)
            | Job::Institution(_)
            | Job::Term(_)
            | Job::Course(_)
            | Job::Lesson(_)
    )
}
