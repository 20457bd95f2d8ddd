//! Render: every output page as a [`Job`], turned into HTML by Tera with a context made by one
//! small function per page kind. All links in a context are relative to the page, so the site
//! works from `file://`. Jobs are independent, so the build renders them in parallel and
//! writes each page as soon as it is made.

mod catalogue;
pub(crate) mod charts;
mod chrome;
pub(crate) mod dependencies;
mod domain;
mod handout;
mod history;
pub(crate) mod i18n;
pub(crate) mod pager;
mod pages;
mod print;
mod reading;
pub(crate) mod reference;
pub(crate) mod theme;

use serde::Serialize;
use serde_json::Value;

use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::model::ObjKey;
use crate::resolve::Site;
use crate::schema::Kind;
use crate::url::{paths, relative};
pub(crate) use catalogue::Facets;

/// One output page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Job {
    Home,
    Page(usize),
    Section(usize),
    Service(usize),
    Catalogue,
    Facet(usize, usize),
    Situation(usize),
    Situations,
    Institution(usize),
    Institutions,
    Glossary,
    Term(usize),
    Courses,
    Course(usize),
    Lesson(usize),
    Handout(usize),
    Fields,
    Overview,
    /// Which cards lack what (the internal profile only).
    Completeness,
    Search,
    Data,
    NotFound,
    /// Page `n` (from 2) of a long list whose first page is the job in the box (the
    /// catalogue, a facet value, an institution, the situation, institution and glossary
    /// lists): see [`pager`].
    More(Box<Job>, usize),
    /// The catalogue's filter data: every listed service's title, address and facet codes, a
    /// script the catalogue's filters load when one is used.
    CatalogueData,
}

/// Pages listing more services than this are made one at a time ([`Renderer::is_long_list`]);
/// a list page shows at most `[lists] page_size` (at most 1,000).
const LONG_LIST: usize = 1_000;

/// A view that is not a map of names to values (a bug in a view function).
#[derive(Debug)]
struct ViewNotAMap;

impl std::fmt::Display for ViewNotAMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the page's view is not a map")
    }
}

impl std::error::Error for ViewNotAMap {}

/// A view as Tera's value, taken apart as it is converted, so a long page's view is not
/// held twice (and without serde's round trip through a serializer).
fn tera_value(value: Value) -> tera::Value {
    match value {
        Value::Null => tera::Value::none(),
        Value::Bool(b) => b.into(),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => u.into(),
            (None, Some(i)) => i.into(),
            (None, None) => n.as_f64().unwrap_or(f64::NAN).into(),
        },
        Value::String(s) => s.into(),
        Value::Array(items) => items.into_iter().map(tera_value).collect::<Vec<_>>().into(),
        Value::Object(fields) => {
            let mut map = tera::Map::with_capacity(fields.len());
            for (name, value) in fields {
                map.insert(field_name(name), tera_value(value));
            }
            map.into()
        }
    }
}

/// A view's field name as Tera's map key, shared: views use a few dozen names, so each is
/// allocated once per thread, not once per map it appears in.
fn field_name(name: String) -> tera::value::Key<'static> {
    thread_local! {
        static NAMES: std::cell::RefCell<rustc_hash::FxHashMap<String, tera::value::Key<'static>>> =
            Default::default();
    }
    /// Names remembered per thread (a view keyed by content would otherwise grow it).
    const REMEMBERED: usize = 4_096;
    NAMES.with_borrow_mut(|names| match names.get(&name) {
        Some(key) => key.clone(),
        None if names.len() >= REMEMBERED => tera::value::Key::from(name),
        None => {
            let key = tera::value::Key::from(name.clone());
            names.insert(name, key.clone());
            key
        }
    })
}

/// A link to a page: its title and its address relative to the page that shows it.
#[derive(Serialize)]
pub(crate) struct Link<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: String,
}

/// A link to an object with the name of its kind (backlinks, a term's uses).
#[derive(Serialize)]
pub(crate) struct KindLink<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: String,
    pub(crate) kind: &'a str,
}

/// The previous and next page of a sequence (a section's pages, a course's lessons).
#[derive(Serialize)]
pub(crate) struct Neighbours<'a> {
    pub(crate) prev: Option<Link<'a>>,
    pub(crate) next: Option<Link<'a>>,
    pub(crate) prev_label: &'a str,
    pub(crate) next_label: &'a str,
}

/// A page made from one object or generated: the shared part, the page's own data and,
/// where the page shows them, its facts (source), what links to it and its neighbours.
#[derive(Serialize)]
pub(crate) struct PageView<'a, P> {
    #[serde(flatten)]
    pub(crate) chrome: chrome::ChromeView<'a>,
    pub(crate) page: P,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) meta: Option<Vec<chrome::MetaItem<'a>>>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub(crate) backlinks: Option<chrome::Backlinks<'a>>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub(crate) neighbours: Option<Neighbours<'a>>,
}

impl<'a, P> PageView<'a, P> {
    /// A page with only the shared part and its own data.
    pub(crate) fn new(chrome: chrome::ChromeView<'a>, page: P) -> Self {
        PageView {
            chrome,
            page,
            meta: None,
            backlinks: None,
            neighbours: None,
        }
    }
}

/// A typed view as the value templates are given (field names as the struct spells them,
/// fields a `skip_serializing_if` leaves out absent).
pub(crate) fn view_value(template: &'static str, view: &impl Serialize) -> (&'static str, Value) {
    let value = serde_json::to_value(view).unwrap_or_else(|e| {
        // Only a map with non-string keys fails, which no view has.
        Value::String(e.to_string())
    });
    (template, value)
}

/// Renders jobs for one site.
pub(crate) struct Renderer<'a> {
    pub(crate) site: &'a Site,
    tera: tera::Tera,
    /// Made when a page first needs them: the renderer for the page made after the indexes
    /// (the Dati page) never does.
    facets: std::sync::OnceLock<Facets>,
    /// Size and link of every export, for the Dati page (filled by the write stage).
    pub(crate) exports: Vec<reference::Export>,
    /// When each source file was last committed, read when a page first needs it.
    history: std::sync::OnceLock<history::History>,
    /// Per institution: the services its pages list, held then provided, sorted once for
    /// all of its pages.
    institution_lists: std::sync::OnceLock<Vec<std::sync::OnceLock<domain::InstitutionLists>>>,
    /// Every page of the site, listed once per renderer (a build asks for them four times).
    jobs: std::sync::OnceLock<Vec<Job>>,
}

impl<'a> Renderer<'a> {
    pub(crate) fn new(site: &'a Site, mut tera: tera::Tera) -> Self {
        // The UI strings are the same on every page: converted to a Tera value once and shared
        // through the global context, not copied into (and converted with) every page's view.
        tera.global_context()
            .insert_value("t", tera::Value::from_serializable(site.ui.json()));
        Renderer {
            facets: std::sync::OnceLock::new(),
            site,
            tera,
            exports: Vec::new(),
            history: std::sync::OnceLock::new(),
            institution_lists: std::sync::OnceLock::new(),
            jobs: std::sync::OnceLock::new(),
        }
    }

    /// The services institution `i`'s pages list: held, then provided and not held, each in
    /// alphabetical order.
    pub(crate) fn institution_lists(&self, i: usize) -> &domain::InstitutionLists {
        let all = self.institution_lists.get_or_init(|| {
            (0..self.site.content.institutions.len())
                .map(|_| std::sync::OnceLock::new())
                .collect()
        });
        all[i].get_or_init(|| domain::institution_services(self.site, i))
    }

    /// The catalogue's facets and its A–Z order.
    pub(crate) fn facets(&self) -> &Facets {
        self.facets.get_or_init(|| Facets::build(self.site))
    }

    /// When each source file was last committed (one `git log` per renderer).
    fn history(&self) -> &history::History {
        self.history
            .get_or_init(|| history::History::of(&self.site.root))
    }

    /// The template set, to make another renderer with once this one is dropped.
    pub(crate) fn into_tera(self) -> tera::Tera {
        self.tera
    }

    pub(crate) fn set_exports(&mut self, exports: Vec<reference::Export>) {
        self.exports = exports;
    }

    /// Every page of the site.
    pub(crate) fn jobs(&self) -> &[Job] {
        self.jobs.get_or_init(|| self.list_jobs())
    }

    fn list_jobs(&self) -> Vec<Job> {
        let c = &self.site.content;
        let mut jobs = vec![Job::Home];
        for (i, p) in c.pages.iter().enumerate() {
            if p.area.is_none() && !p.is_index {
                jobs.push(Job::Page(i));
            }
        }
        for i in 1..self.site.sections.list.len() {
            jobs.push(Job::Section(i));
        }
        jobs.extend((0..c.services.len()).map(Job::Service));
        jobs.push(Job::Catalogue);
        for (f, facet) in self.facets().list.iter().enumerate() {
            jobs.extend((0..facet.values.len()).map(|v| Job::Facet(f, v)));
        }
        jobs.extend((0..c.situations.len()).map(Job::Situation));
        jobs.push(Job::Situations);
        jobs.extend((0..c.institutions.len()).map(Job::Institution));
        jobs.push(Job::Institutions);
        jobs.push(Job::Glossary);
        jobs.extend((0..c.terms.len()).map(Job::Term));
        jobs.push(Job::Courses);
        jobs.extend((0..c.courses.len()).map(Job::Course));
        jobs.extend((0..c.courses.len()).map(Job::Handout));
        jobs.extend((0..c.lessons.len()).map(Job::Lesson));
        // An edition leaves out the pages nobody translated (`missing_translation = "omit"`):
        // their links go to the default edition's.
        jobs.retain(|j| match self.source(j) {
            Some(_) => !self.url(j).starts_with(crate::edition::TO_DEFAULT),
            None => !matches!(j, Job::Handout(i) if self.site.content.courses[*i].doc.url.starts_with(crate::edition::TO_DEFAULT)),
        });
        // The pages after the first of each long list, each after its first page.
        let mut paged = Vec::with_capacity(jobs.len());
        for job in jobs {
            let count = self.page_count(&job);
            let more: Vec<Job> = (2..=count)
                .map(|n| Job::More(Box::new(job.clone()), n))
                .collect();
            let is_catalogue = job == Job::Catalogue;
            paged.push(job);
            paged.extend(more);
            if is_catalogue {
                paged.push(Job::CatalogueData);
            }
        }
        let mut jobs = paged;
        jobs.extend([
            Job::Fields,
            Job::Overview,
            Job::Search,
            Job::Data,
            Job::NotFound,
        ]);
        if self.site.profile == crate::model::Profile::Internal {
            jobs.push(Job::Completeness);
        }
        jobs
    }

    /// The source file of a job made from one content object; `None` for generated pages.
    fn source(&self, job: &Job) -> Option<(&str, Pos)> {
        let c = &self.site.content;
        let doc = match *job {
            Job::Page(i) => &c.pages[i].doc,
            Job::Service(i) => &c.services[i].doc,
            Job::Situation(i) => &c.situations[i].doc,
            Job::Term(i) => &c.terms[i].doc,
            Job::Course(i) => &c.courses[i].doc,
            Job::Lesson(i) => &c.lessons[i].doc,
            Job::Institution(i) => {
                let inst = &c.institutions[i];
                return Some((&inst.file, inst.pos));
            }
            _ => return None,
        };
        Some((&doc.file, doc.pos))
    }

    /// Content objects whose output file is also a generated page's (`id: index` beside a
    /// folder's generated index, a lesson named like the course handout…). Two sources
    /// sharing a file are reported by resolve.
    pub(crate) fn path_collisions(&self) -> Vec<Diagnostic> {
        let mut taken: rustc_hash::FxHashMap<String, &Job> = rustc_hash::FxHashMap::default();
        let jobs = self.jobs();
        let mut out = Vec::new();
        for job in jobs {
            let url = self.url(job);
            let Some(first) = taken.get(url.as_str()) else {
                taken.insert(url, job);
                continue;
            };
            let (file, pos) = match (self.source(first), self.source(job)) {
                (Some(_), Some(_)) => continue,
                (Some(src), None) | (None, Some(src)) => src,
                (None, None) => ("", Pos::FILE),
            };
            out.push(
                Diagnostic::new(Code::OverwritesGeneratedPage, file, pos)
                    .field("id")
                    .arg("url", url),
            );
        }
        out
    }

    /// The output path of a job.
    pub(crate) fn url(&self, job: &Job) -> String {
        let site = self.site;
        let c = &site.content;
        match job {
            Job::Home => paths::HOME.to_string(),
            Job::Page(i) => c.pages[*i].doc.url.clone(),
            Job::Section(i) => site.sections.list[*i].url.clone(),
            Job::Service(i) => c.services[*i].doc.url.clone(),
            Job::Catalogue => format!("{}/index.html", paths::SERVICES),
            Job::Facet(f, v) => self.facets().list[*f].values[*v].url.clone(),
            Job::Situation(i) => c.situations[*i].doc.url.clone(),
            Job::Situations => format!("{}/index.html", paths::SITUATIONS),
            Job::Institution(i) => c.institutions[*i].url.clone(),
            Job::Institutions => format!("{}/index.html", paths::INSTITUTIONS),
            Job::Glossary => format!("{}/index.html", paths::GLOSSARY),
            Job::Term(i) => c.terms[*i].doc.url.clone(),
            Job::Courses => format!("{}/index.html", paths::COURSES),
            Job::Course(i) => c.courses[*i].doc.url.clone(),
            Job::Lesson(i) => c.lessons[*i].doc.url.clone(),
            Job::Handout(i) => c.courses[*i].doc.url.replace("index.html", paths::HANDOUT),
            Job::Fields => paths::FIELDS.to_string(),
            Job::Overview => paths::OVERVIEW.to_string(),
            Job::Completeness => paths::COMPLETENESS.to_string(),
            Job::Search => paths::SEARCH_PAGE.to_string(),
            Job::Data => paths::DATA_PAGE.to_string(),
            Job::NotFound => paths::NOT_FOUND.to_string(),
            Job::More(first, n) => pager::page_url(&self.url(first), *n),
            Job::CatalogueData => paths::CATALOGUE_DATA.to_string(),
        }
    }

    /// Entries per page of a long list.
    pub(crate) fn page_size(&self) -> usize {
        self.site.config.lists.page_size()
    }

    /// How many entries the list a job's first page starts has; `None` for a page that is
    /// not a list.
    pub(crate) fn list_len(&self, job: &Job) -> Option<usize> {
        let site = self.site;
        let c = &site.content;
        Some(match job {
            Job::Catalogue => self.facets().order.len(),
            Job::Facet(f, v) => self.facets().list[*f].values[*v].services.len(),
            // Counted, not sorted: only the pages made need their lists in order.
            Job::Institution(i) => domain::institution_service_count(site, *i),
            Job::Situations => c.situations.len(),
            Job::Institutions => c.institutions.len(),
            Job::Glossary => c.terms.len(),
            _ => return None,
        })
    }

    /// How many pages a job's list takes (1 for a page that is not a list).
    pub(crate) fn page_count(&self, job: &Job) -> usize {
        self.list_len(job)
            .map_or(1, |len| pager::page_count(len, self.page_size()))
    }

    /// When the content behind a job last changed, if its source says.
    pub(crate) fn updated(&self, job: &Job) -> Option<jiff::civil::Date> {
        let c = &self.site.content;
        match job {
            Job::Page(i) => c.pages[*i].doc.updated,
            Job::Section(i) => self.site.sections.list[*i]
                .index
                .and_then(|p| c.pages[p].doc.updated),
            Job::Service(i) => c.services[*i].doc.updated,
            Job::Situation(i) => c.situations[*i].doc.updated,
            Job::Term(i) => c.terms[*i].doc.updated,
            Job::Course(i) | Job::Handout(i) => c.courses[*i].doc.updated,
            Job::Lesson(i) => c.lessons[*i].doc.updated,
            _ => None,
        }
    }

    /// Renders one job to HTML.
    pub(crate) fn render(&self, job: &Job) -> Result<String, Diagnostic> {
        let url = self.url(job);
        let (template, view) = self.view(job, &url);
        self.render_view(&url, template, view)
    }

    /// Whether a job's page (the catalogue, a facet value, an institution) lists more services
    /// than [`LONG_LIST`]: the build makes such pages one at a time, so two of them never hold
    /// their entries in memory at once.
    pub(crate) fn is_long_list(&self, job: &Job) -> bool {
        let (first, n) = match job {
            Job::More(first, n) => (first.as_ref(), *n),
            Job::CatalogueData => return self.facets().order.len() > LONG_LIST,
            _ => (job, 1),
        };
        let services = match first {
            Job::Catalogue | Job::Facet(..) | Job::Institution(_) => self
                .list_len(first)
                .map_or(0, |len| pager::page_range(len, self.page_size(), n).len()),
            _ => 0,
        };
        services > LONG_LIST
    }

    /// The template and the data a job's page is made of: everything that decides its HTML.
    pub(crate) fn view(&self, job: &Job, url: &str) -> (&'static str, Value) {
        let (template, mut view) = self.page_view(job, url);
        self.add_reading_aids(job, url, &mut view);
        (template, view)
    }

    /// The view of a job's page as its kind makes it.
    fn page_view(&self, job: &Job, url: &str) -> (&'static str, Value) {
        let url = url.to_string();
        match job {
            Job::More(first, n) => self.list_view(first, *n, &url),
            Job::Catalogue
            | Job::Facet(..)
            | Job::Institution(_)
            | Job::Situations
            | Job::Institutions
            | Job::Glossary => self.list_view(job, 1, &url),
            Job::CatalogueData => catalogue::catalogue_data(self, &url),
            Job::Home => pages::home(self, &url),
            Job::Page(i) => pages::guidance(self, *i, &url),
            Job::Section(i) => pages::section(self, *i, &url),
            Job::Service(i) => catalogue::service(self, *i, &url),
            Job::Situation(i) => domain::situation(self, *i, &url),
            Job::Term(i) => domain::term(self, *i, &url),
            Job::Courses => domain::courses(self, &url),
            Job::Course(i) => domain::course(self, *i, &url),
            Job::Lesson(i) => domain::lesson(self, *i, &url),
            Job::Handout(i) => handout::handout(self, *i, &url),
            Job::Fields => reference::fields(self, &url),
            Job::Overview => reference::overview(self, &url),
            Job::Completeness => reference::completeness_page(self, &url),
            Job::Search => reference::search(self, &url),
            Job::Data => reference::data(self, &url),
            Job::NotFound => reference::not_found(self, &url),
        }
    }

    /// Page `n` of a list page's view (the job of its first page).
    fn list_view(&self, first: &Job, n: usize, url: &str) -> (&'static str, Value) {
        match *first {
            Job::Catalogue => catalogue::catalogue(self, url, n),
            Job::Facet(f, v) => catalogue::facet(self, f, v, url, n),
            Job::Institution(i) => domain::institution(self, i, url, n),
            Job::Situations => domain::situations(self, url, n),
            Job::Institutions => domain::institutions(self, url, n),
            Job::Glossary => domain::glossary(self, url, n),
            _ => reference::not_found(self, url),
        }
    }

    /// Renders a job's view with its template.
    pub(crate) fn render_view(
        &self,
        url: &str,
        template: &str,
        view: Value,
    ) -> Result<String, Diagnostic> {
        let Value::Object(fields) = view else {
            return Err(self.error(url, template, &ViewNotAMap));
        };
        let link_addresses = fields
            .get("kind")
            .and_then(Value::as_str)
            .is_some_and(print::prints_link_addresses);
        let mut context = tera::Context::new();
        for (name, value) in fields {
            context.insert_value(name, tera_value(value));
        }
        let html = self
            .tera
            .render(template, &context)
            .map_err(|e| self.error(url, template, &e))?;
        Ok(if link_addresses {
            let full = format!("{}{url}", self.site.edition.prefix);
            print::with_print_addresses(html, self.site.config.base_url.as_deref(), &full)
        } else {
            html
        })
    }

    fn error(&self, url: &str, template: &str, e: &dyn std::error::Error) -> Diagnostic {
        Diagnostic::new(
            Code::RenderFailed,
            format!("templates/{template}"),
            Pos::FILE,
        )
        .arg("url", url)
        .arg("detail", theme::error_chain(e))
    }

    /// `{title, url}` of an object, the URL relative to `from`.
    pub(crate) fn link(&self, key: ObjKey, from: &str) -> Link<'_> {
        Link {
            title: self.site.title(key),
            url: relative(from, self.site.url(key)),
        }
    }

    /// Link to an object by kind and id, if it exists.
    pub(crate) fn link_id(&self, kind: Kind, id: &str, from: &str) -> Option<Link<'_>> {
        self.site.key(kind, id).map(|k| self.link(k, from))
    }

    /// `{title, url, kind}` of an object, the URL relative to `from`.
    pub(crate) fn kind_link(&self, key: ObjKey, from: &str) -> KindLink<'_> {
        KindLink {
            title: self.site.title(key),
            url: relative(from, self.site.url(key)),
            kind: self.site.ui.kind(key.kind),
        }
    }

    /// The rendered body HTML of an object, on its own page.
    pub(crate) fn body(&self, key: ObjKey) -> std::borrow::Cow<'_, str> {
        let url = self.site.url(key);
        let html = match self.site.bodies.get(&key) {
            None => "".into(),
            Some(b) if b.html.is_empty() => {
                let html = crate::resolve::body_html(self.site, key);
                crate::resolve::markdown::expand_terms(&html, url, &self.site.glossary)
                    .into_owned()
                    .into()
            }
            Some(b) => b.html_on(url, &self.site.glossary),
        };
        let edition = &self.site.edition;
        if html.is_empty() || !edition.body_untranslated.contains(url) {
            return html;
        }
        // A translated page whose text nobody translated yet: the default language's, marked.
        format!(
            "<p class=\"untranslated-notice\">{}</p><div lang=\"{}\">{html}</div>",
            crate::resolve::markdown::escape(self.site.ui.get("site.body_untranslated")),
            edition.default_lang(),
        )
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn views_convert_to_the_values_serde_would_make() {
        let view = json!({
            "title": "Pakalpojums ar garu nosaukumu, kas nav īss",
            "none": null,
            "yes": true,
            "count": 7,
            "below": -3,
            "share": 0.25,
            "items": [{"title": "a", "url": "../a.html"}, [], {}],
            "nested": {"deeper": {"title": "<b>"}},
        });
        assert_eq!(
            tera_value(view.clone()),
            tera::Value::from_serializable(&view)
        );
        // Field names are shared, not copied, from the second map on: the same either way.
        let again = json!({"title": "a", "url": "b"});
        assert_eq!(
            tera_value(again.clone()),
            tera::Value::from_serializable(&again)
        );
    }
}
