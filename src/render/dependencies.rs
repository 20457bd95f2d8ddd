//! Which pages a change reaches: for one build, the objects each source file holds and, per
//! object page, the pages that show something of it (links both ways, holders, situations,
//! variants, glossary uses, section and course neighbours), plus a hash of everything each
//! catalogue list page shows. The preview renders only the pages a changed file reaches, in
//! the build before the change and in the build after it.

use rustc_hash::{FxHashMap, FxHashSet};
use std::hash::{Hash, Hasher};

use crate::model::ObjKey;
use crate::render::{Job, Renderer};
use crate::schema::Kind;

/// The dependency map of one build.
///
/// Nodes are numbered: first every object page (its output path in `urls`), then one node
/// per group of pages that all show each other (a section's pages, a course with its
/// lessons), so a group of n pages costs n edges, not n².
#[derive(Default)]
pub(crate) struct PageDeps {
    /// Output path of each object page, by node.
    urls: Vec<String>,
    /// Output path → node.
    node_of: FxHashMap<String, u32>,
    /// Source file → nodes of the objects it holds.
    by_file: FxHashMap<String, Vec<u32>>,
    /// Node → the nodes it is shown on (an object page) or that belong to it (a group).
    edges: Vec<Vec<u32>>,
    /// Everything every page shows: navigation, section tree, course outline.
    layout: u64,
    /// Catalogue and facet pages → a hash of everything they show.
    lists: FxHashMap<String, u64>,
    /// The first page of a paginated list → its other pages, made whenever it is.
    more: FxHashMap<String, Vec<String>>,
}

/// Feeds a value's JSON form to a hasher (no text is built).
pub(crate) fn hash_json(h: &mut impl Hasher, value: &impl serde::Serialize) {
    struct Feed<'a, H: Hasher>(&'a mut H);
    impl<H: Hasher> std::io::Write for Feed<'_, H> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    serde_json::to_writer(Feed(h), value).expect("a value serialises");
}

impl PageDeps {
    /// The map of the site `r` renders.
    pub(crate) fn of(r: &Renderer) -> PageDeps {
        let site = r.site;
        let c = &site.content;
        // Object pages are numbered kind by kind, as `site.keys()` lists them.
        let mut base = [0u32; Kind::ALL.len()];
        for k in 1..Kind::ALL.len() {
            base[k] = base[k - 1] + site.count(Kind::ALL[k - 1]) as u32;
        }
        let node = |k: ObjKey| {
            base[Kind::ALL
                .iter()
                .position(|&x| x == k.kind)
                .expect("every kind")]
                + k.idx
        };
        let objects = site.keys().count();
        let groups = site.sections.list.len() + c.courses.len();
        let mut deps = PageDeps {
            edges: vec![Vec::new(); objects + groups],
            ..PageDeps::default()
        };
        let edges = &mut deps.edges;
        let mut link = |a: u32, b: u32| {
            if a != b {
                edges[a as usize].push(b);
                edges[b as usize].push(a);
            }
        };
        for (to, froms) in &site.backlinks {
            for from in froms {
                link(node(*to), node(*from));
            }
        }
        for (t, users) in site.term_uses.iter().enumerate() {
            for u in users {
                link(node(ObjKey::new(Kind::Term, t)), node(*u));
            }
        }
        let institution = |id: &str| site.key(Kind::Institution, id).map(node);
        for (i, s) in c.services.iter().enumerate() {
            let me = node(ObjKey::new(Kind::Service, i));
            for inst in std::iter::once(&s.holder).chain(&s.providers) {
                if let Some(n) = institution(&inst.id) {
                    link(me, n);
                }
            }
            if let Some(k) = s
                .template
                .as_ref()
                .and_then(|t| site.key(Kind::Service, &t.id))
            {
                link(me, node(k));
            }
            for &v in &site.variants[i] {
                // A template's lists show its variant count: a variant reaches them too.
                let variant = node(ObjKey::new(Kind::Service, v));
                link(me, variant);
                if let Some(n) = institution(&s.holder.id) {
                    link(variant, n);
                }
                for &sit in &site.service_situations[i] {
                    link(variant, node(ObjKey::new(Kind::Situation, sit)));
                }
            }
            for &sit in &site.service_situations[i] {
                link(me, node(ObjKey::new(Kind::Situation, sit)));
            }
        }
        for (i, sit) in c.situations.iter().enumerate() {
            if let Some(n) = sit.coordinator.as_ref().and_then(|x| institution(&x.id)) {
                link(node(ObjKey::new(Kind::Situation, i)), n);
            }
        }
        for (i, inst) in c.institutions.iter().enumerate() {
            if let Some(n) = inst.parent.as_ref().and_then(|x| institution(&x.id)) {
                link(node(ObjKey::new(Kind::Institution, i)), n);
            }
        }
        // Previous/next and section listings: pages of one section show each other; a
        // course and its lessons show each other.
        let mut group = objects as u32;
        for s in &site.sections.list {
            for &p in &s.pages {
                link(group, node(ObjKey::new(Kind::Page, p)));
            }
            group += 1;
        }
        for (course, lessons) in site.course_lessons.iter().enumerate() {
            link(group, node(ObjKey::new(Kind::Course, course)));
            for &l in lessons {
                link(group, node(ObjKey::new(Kind::Lesson, l)));
            }
            group += 1;
        }
        deps.urls.reserve(objects);
        for key in site.keys() {
            let (file, _) = c.source(key);
            let n = node(key);
            debug_assert_eq!(n as usize, deps.urls.len());
            deps.by_file.entry(file.to_string()).or_default().push(n);
            deps.urls.push(site.url(key).to_string());
        }
        deps.node_of = (0..).zip(&deps.urls).map(|(n, u)| (u.clone(), n)).collect();
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
        let jobs = r.jobs();
        for job in jobs {
            if let Job::More(first, _) = job {
                deps.more.entry(r.url(first)).or_default().push(r.url(job));
            }
        }
        deps.lists = jobs
            .iter()
            .filter_map(|job| Some((r.url(job), r.facets().list_hash(r, job)?)))
            .collect();
        deps
    }

    /// The object pages node `n` is shown on, with the pages of the groups it belongs to.
    fn shown_on(&self, n: u32, pages: &mut FxHashSet<String>) {
        for &m in &self.edges[n as usize] {
            match self.urls.get(m as usize) {
                Some(url) => {
                    pages.insert(url.clone());
                }
                None => pages.extend(
                    self.edges[m as usize]
                        .iter()
                        .map(|&p| self.urls[p as usize].clone()),
                ),
            }
        }
    }

    /// Pages that may differ after `changed` source files (site-relative paths) changed from
    /// `old` to `self`; `None` when any page may (the layout changed, or a file holds no
    /// known object).
    pub(crate) fn dirty(&self, old: &PageDeps, changed: &[String]) -> Option<FxHashSet<String>> {
        if self.layout != old.layout {
            return None;
        }
        let mut objects = FxHashSet::default();
        for file in changed {
            let (a, b) = (self.by_file.get(file), old.by_file.get(file));
            if a.is_none() && b.is_none() {
                return None;
            }
            objects.extend(
                a.into_iter()
                    .flatten()
                    .map(|&n| self.urls[n as usize].clone()),
            );
            objects.extend(
                b.into_iter()
                    .flatten()
                    .map(|&n| old.urls[n as usize].clone()),
            );
        }
        let mut pages = objects.clone();
        for o in &objects {
            for map in [self, old] {
                if let Some(&n) = map.node_of.get(o) {
                    map.shown_on(n, &mut pages);
                }
            }
        }
        let more: Vec<String> = pages
            .iter()
            .filter_map(|p| self.more.get(p))
            .flatten()
            .cloned()
            .collect();
        pages.extend(more);
        pages.extend(
            self.lists
                .iter()
                .filter(|(url, hash)| old.lists.get(*url) != Some(hash))
                .map(|(url, _)| url.clone()),
        );
        Some(pages)
    }
}

/// Whether a job's page is tracked by [`PageDeps`] (and so may be left alone when nothing it
/// shows changed): object pages, the catalogue's list pages and its filter data. Overviews, section and
/// reference pages are always made.
pub(crate) fn is_tracked(job: &Job) -> bool {
    if let Job::More(first, _) = job {
        return is_tracked(first);
    }
    matches!(
        job,
        Job::Page(_)
            | Job::Service(_)
            | Job::Situation(_)
            | Job::Institution(_)
            | Job::Term(_)
            | Job::Course(_)
            | Job::Lesson(_)
            | Job::Catalogue
            | Job::Facet(..)
            | Job::CatalogueData
    )
}
