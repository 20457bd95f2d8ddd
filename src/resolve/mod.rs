//! Resolve: turns loaded content into a [`Site`] whose every reference is known to hold.
//!
//! In order: ids per kind (duplicates refused) and output paths (collisions refused);
//! references from front matter (holders, providers, situations, terms, …) checked;
//! templates → municipal variants (cycles refused, fields inherited); life situations and
//! services linked both ways; courses and lessons ordered; the wiki section tree built;
//! then every Markdown body rendered once, which yields wiki links (→ backlinks) and glossary
//! matches (→ "used in"). Every dangling reference is an error.

pub(crate) mod completeness;
pub(crate) mod glossary;
mod links;
pub(crate) mod markdown;
pub(crate) mod refs;
pub(crate) mod sections;
mod sources;
mod variants;

use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;

use jiff::civil::Date;

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, closest};
use crate::model::{Content, ObjKey, Profile};
use crate::resolve::markdown::{LinkError, LinkResolver, LinkTarget, Rendered};
use crate::schema::Kind;
use crate::ui::Ui;
pub(crate) use links::{BodyCache, body_html};
pub(crate) use sections::Sections;

/// The plain text of each body, section by section, for the search indexes.
pub(crate) type SearchTexts = HashMap<ObjKey, Vec<markdown::TextSection>>;

/// A resolved site: content plus everything derived from it.
pub(crate) struct Site {
    pub(crate) root: PathBuf,
    pub(crate) config: Config,
    pub(crate) ui: Ui,
    pub(crate) profile: Profile,
    pub(crate) today: Date,
    pub(crate) content: Content,
    ids: refs::Ids,
    source_ids: sources::SourceIds,
    /// Rendered Markdown bodies of every object that has one.
    pub(crate) bodies: HashMap<ObjKey, std::sync::Arc<Rendered>>,
    /// Rendered Markdown fields, by object and field path (`steps.0`, `description`).
    pub(crate) fragments: HashMap<(ObjKey, String), String>,
    /// Who links to an object (wiki links and front-matter references), sorted.
    pub(crate) backlinks: HashMap<ObjKey, Vec<ObjKey>>,
    /// Per glossary term: the objects whose bodies use it.
    pub(crate) term_uses: Vec<Vec<ObjKey>>,
    pub(crate) glossary: glossary::GlossaryMatcher,
    pub(crate) sections: Sections,
    /// Per service: its municipal variants (for unified templates).
    pub(crate) variants: Vec<Vec<usize>>,
    /// Per service: the life situations it belongs to (declared on either side).
    pub(crate) service_situations: Vec<Vec<usize>>,
    /// Per course: its lessons in order.
    pub(crate) course_lessons: Vec<Vec<usize>>,
    /// Per lesson: its course.
    pub(crate) lesson_course: Vec<Option<usize>>,
    /// Per institution: services it holds, services it provides, situations it coordinates,
    /// institutions under it.
    pub(crate) held_services: Vec<Vec<usize>>,
    pub(crate) provided_services: Vec<Vec<usize>>,
    pub(crate) coordinated_situations: Vec<Vec<usize>>,
    pub(crate) child_institutions: Vec<Vec<usize>>,
    /// Which language this site is and where its editions are.
    pub(crate) edition: crate::edition::Edition,
    /// The default edition's site holds the others (its translations laid over it).
    pub(crate) editions: Vec<Site>,
}

impl Site {
    /// Every page is made: hands the bodies' text over to the search index and frees what
    /// only the pages needed (bodies, backlinks, glossary uses, Markdown fields). A site with
    /// other editions keeps them, and gives a copy: their indexes read its text after, as the
    /// other language's words of their pages.
    pub(crate) fn pages_made(&mut self) -> SearchTexts {
        if !self.editions.is_empty() {
            return self.search_texts();
        }
        let texts = self
            .bodies
            .drain()
            .map(|(key, mut body)| {
                // Moved out, or copied from a body a live preview keeps for its next build.
                let sections = match std::sync::Arc::get_mut(&mut body) {
                    Some(body) => std::mem::take(&mut body.sections),
                    None => body.sections.clone(),
                };
                (key, sections)
            })
            .collect();
        self.bodies = HashMap::default();
        self.backlinks = HashMap::default();
        self.fragments = HashMap::default();
        self.term_uses = Vec::new();
        texts
    }

    /// A copy of the bodies' text for the search indexes, the site left as it is.
    pub(crate) fn search_texts(&self) -> SearchTexts {
        self.bodies
            .iter()
            .map(|(key, body)| (*key, body.sections.clone()))
            .collect()
    }

    /// A site large enough that its build trades time for memory: bodies' HTML made again
    /// for each page rather than held from resolving to rendering, the search indexes and the
    /// exports made one after the other rather than side by side. (At 100,000 services both
    /// kept the build under 1 GiB; at 10,000, where memory is a quarter of that, they would
    /// only slow it.)
    pub(crate) fn is_large(&self) -> bool {
        const LARGE_FROM_SERVICES: usize = 50_000;
        self.content.services.len() >= LARGE_FROM_SERVICES
    }

    /// Index of the object of `kind` with `id`.
    pub(crate) fn find(&self, kind: Kind, id: &str) -> Option<usize> {
        self.ids.get(kind, id)
    }

    /// The lesson a prerequisite of lesson `of` names (a plain id: a lesson of its course).
    pub(crate) fn prerequisite(&self, of: usize, id: &str) -> Option<usize> {
        match self
            .ids
            .lessons_named(id, Some(&self.content.lessons[of].course))
            .as_slice()
        {
            [one] => Some(*one),
            _ => None,
        }
    }

    pub(crate) fn key(&self, kind: Kind, id: &str) -> Option<ObjKey> {
        self.find(kind, id).map(|i| ObjKey::new(kind, i))
    }

    pub(crate) fn title(&self, key: ObjKey) -> &str {
        let c = &self.content;
        let i = key.idx as usize;
        match key.kind {
            Kind::Page => &c.pages[i].title,
            Kind::Service => &c.services[i].title,
            Kind::Situation => &c.situations[i].title,
            Kind::Term => &c.terms[i].term,
            Kind::Institution => &c.institutions[i].name,
            Kind::Course => &c.courses[i].title,
            Kind::Lesson => &c.lessons[i].title,
        }
    }

    pub(crate) fn url(&self, key: ObjKey) -> &str {
        match self.content.doc(key) {
            Some(doc) => &doc.url,
            None => &self.content.institutions[key.idx as usize].url,
        }
    }

    pub(crate) fn summary(&self, key: ObjKey) -> Option<&str> {
        let c = &self.content;
        let i = key.idx as usize;
        match key.kind {
            Kind::Page => c.pages[i].summary.as_deref(),
            Kind::Service => c.services[i].summary.as_deref(),
            Kind::Situation => c.situations[i].summary.as_deref(),
            Kind::Term => c.terms[i].short.as_deref(),
            Kind::Institution => c.institutions[i].short_name.as_deref(),
            Kind::Course => c.courses[i].summary.as_deref(),
            Kind::Lesson => c.lessons[i].summary.as_deref(),
        }
    }

    pub(crate) fn id(&self, key: ObjKey) -> &str {
        self.content.id(key)
    }

    /// How a page names the document `doc` is based on; `None` without a known source.
    pub(crate) fn source_label(&self, doc: &crate::model::Doc) -> Option<String> {
        let r = doc.source.as_ref()?;
        sources::label_of(&self.content, &self.source_ids, r, &self.ui)
    }

    pub(crate) fn institution_label(&self, id: &str) -> String {
        self.find(Kind::Institution, id)
            .map(|i| self.content.institutions[i].label().to_string())
            .unwrap_or_else(|| id.to_string())
    }

    /// How many objects of `kind` the site has.
    pub(crate) fn count(&self, kind: Kind) -> usize {
        self.content.count(kind)
    }

    /// All objects, kind by kind (in the order of [`Kind::ALL`]).
    pub(crate) fn keys(&self) -> impl Iterator<Item = ObjKey> + '_ {
        Kind::ALL
            .into_iter()
            .flat_map(move |k| (0..self.count(k)).map(move |i| ObjKey::new(k, i)))
    }
}

impl LinkResolver for Site {
    fn resolve(&self, target: &str, from: &str) -> Result<LinkTarget, LinkError> {
        let key = self.link_target(target, from)?;
        Ok(LinkTarget {
            key,
            url: self.url(key).to_string(),
            title: self.title(key).to_string(),
        })
    }
}

impl Site {
    /// The object a wiki link's `target` names, seen from the page at `from` (the work of
    /// [`LinkResolver::resolve`] without copying the target's address and title).
    pub(crate) fn link_target(&self, target: &str, from: &str) -> Result<ObjKey, LinkError> {
        let (kind, id) = match target.split_once(':') {
            Some((k, id)) => match Kind::from_slug(k.trim()) {
                Some(kind) => (Some(kind), id.trim()),
                None => {
                    let mut e = LinkError::new(Code::WikiLinkKind)
                        .arg("kind", k)
                        .arg("allowed", Kind::ALL.map(|k| k.slug()).join(", "));
                    if let Some(s) = closest(k, Kind::ALL.map(|k| k.slug())) {
                        e = e.arg("suggestion", s);
                    }
                    return Err(e);
                }
            },
            None => (None, target),
        };
        // The course of the linking page: its lessons are named by their plain ids.
        let course = from
            .strip_prefix(crate::url::paths::COURSES)
            .and_then(|rest| rest.strip_prefix('/'))
            .and_then(|rest| rest.split_once('/'))
            .map(|(course, _)| course);
        let lookup = |id: &str| -> Vec<ObjKey> {
            let kinds = match kind {
                Some(kind) => vec![kind],
                None => Kind::ALL.to_vec(),
            };
            kinds
                .into_iter()
                .flat_map(|k| match k {
                    Kind::Lesson => self
                        .ids
                        .lessons_named(id, course)
                        .into_iter()
                        .map(|i| ObjKey::new(k, i))
                        .collect(),
                    _ => self.key(k, id).into_iter().collect::<Vec<_>>(),
                })
                .collect()
        };
        let mut found = lookup(id);
        // A target written as the name an id is made from: `[[Pakalpojuma turētājs]]` (words
        // only: nothing path-like is ever read as a name).
        let is_name = || {
            id.chars()
                .all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
        };
        if found.is_empty() && is_name() {
            let slug = crate::text::slug::slugify(id);
            if !slug.is_empty() && slug != id {
                found = lookup(&slug);
            }
        }
        match found.as_slice() {
            [key] => Ok(*key),
            [] => {
                let mut e = LinkError::new(Code::WikiLinkNothing);
                e.depends_on_broken = self.content.is_broken(kind, id);
                if let Some(s) = closest(id, self.ids.all()) {
                    e = e.arg("suggestion", s);
                }
                Err(e)
            }
            many => Err(LinkError::new(Code::WikiLinkAmbiguous).arg(
                "choices",
                many.iter()
                    .map(|k| self.qualified_link(*k))
                    .collect::<Vec<_>>()
                    .join(" / "),
            )),
        }
    }

    /// A wiki link that names one object whatever else shares its id: `[[kind:id]]`, or
    /// `[[course/lesson]]` for a lesson.
    fn qualified_link(&self, key: ObjKey) -> String {
        match key.kind {
            Kind::Lesson => {
                let l = &self.content.lessons[key.idx as usize];
                format!("[[{}]]", refs::lesson_key(&l.course, &l.doc.id))
            }
            kind => format!("[[{}:{}]]", kind.slug(), self.id(key)),
        }
    }
}

/// Resolves loaded content into a site (diagnostics include every dangling reference),
/// reusing rendered bodies from a previous build where they still hold.
pub(crate) fn resolve_with(
    root: PathBuf,
    config: Config,
    ui: Ui,
    profile: Profile,
    mut content: Content,
    bodies: Option<&mut BodyCache>,
) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    sort_content(&mut content);
    let ids = refs::index_ids(&content, &root, &mut diags);
    let source_ids = sources::index(&content, &mut diags);
    sources::check(&content, &source_ids, &ui, &mut diags);
    let today = config.today();
    let mut site = Site {
        root,
        config,
        ui,
        profile,
        today,
        content,
        ids,
        source_ids,
        bodies: HashMap::default(),
        fragments: HashMap::default(),
        backlinks: HashMap::default(),
        term_uses: Vec::new(),
        glossary: glossary::GlossaryMatcher::default(),
        sections: Sections::default(),
        variants: Vec::new(),
        service_situations: Vec::new(),
        course_lessons: Vec::new(),
        lesson_course: Vec::new(),
        held_services: Vec::new(),
        provided_services: Vec::new(),
        coordinated_situations: Vec::new(),
        child_institutions: Vec::new(),
        edition: crate::edition::Edition::default(),
        editions: Vec::new(),
    };
    site.edition = crate::edition::Edition::single(&site.config);
    refs::check_output_paths(&site, &mut diags);
    refs::check_references(&site, &mut diags);
    variants::resolve_variants(&mut site, &mut diags);
    refs::link_situations(&mut site, &mut diags);
    refs::group_by_institution(&mut site);
    refs::order_courses(&mut site, &mut diags);
    site.sections = sections::build(&site.content);
    site.glossary = links::glossary_matcher(&site, &mut diags);
    links::render_bodies(&mut site, &mut diags, bodies);
    (site, diags)
}

/// Objects in file order, so every build of the same content is the same.
fn sort_content(c: &mut Content) {
    c.pages.sort_by(|a, b| a.doc.file.cmp(&b.doc.file));
    c.services.sort_by(|a, b| a.doc.file.cmp(&b.doc.file));
    c.situations.sort_by(|a, b| a.doc.file.cmp(&b.doc.file));
    c.terms.sort_by(|a, b| a.doc.file.cmp(&b.doc.file));
    c.courses.sort_by(|a, b| a.doc.file.cmp(&b.doc.file));
    c.lessons.sort_by(|a, b| a.doc.file.cmp(&b.doc.file));
    c.assets.sort_by(|a, b| a.url.cmp(&b.url));
}
