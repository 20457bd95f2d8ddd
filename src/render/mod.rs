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
mod pages;
mod print;
mod reading;
pub(crate) mod reference;
pub(crate) mod theme;

use serde_json::{Value, json};

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
    Search,
    Data,
    NotFound,
}

/// Pages listing more services than this are made one at a time ([`Renderer::is_long_list`]).
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
        }
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
    pub(crate) fn jobs(&self) -> Vec<Job> {
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
        jobs.extend([
            Job::Fields,
            Job::Overview,
            Job::Search,
            Job::Data,
            Job::NotFound,
        ]);
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
        let mut taken: std::collections::HashMap<String, &Job> = std::collections::HashMap::new();
        let jobs = self.jobs();
        let mut out = Vec::new();
        for job in &jobs {
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
            Job::Search => paths::SEARCH_PAGE.to_string(),
            Job::Data => paths::DATA_PAGE.to_string(),
            Job::NotFound => paths::NOT_FOUND.to_string(),
        }
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
        let services = match job {
            Job::Catalogue => self.facets().order.len(),
            Job::Facet(f, v) => self.facets().list[*f].values[*v].services.len(),
            Job::Institution(i) => {
                self.site.held_services[*i].len() + self.site.provided_services[*i].len()
            }
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
            Job::Home => pages::home(self, &url),
            Job::Page(i) => pages::guidance(self, *i, &url),
            Job::Section(i) => pages::section(self, *i, &url),
            Job::Service(i) => catalogue::service(self, *i, &url),
            Job::Catalogue => catalogue::catalogue(self, &url),
            Job::Facet(f, v) => catalogue::facet(self, *f, *v, &url),
            Job::Situation(i) => domain::situation(self, *i, &url),
            Job::Situations => domain::situations(self, &url),
            Job::Institution(i) => domain::institution(self, *i, &url),
            Job::Institutions => domain::institutions(self, &url),
            Job::Glossary => domain::glossary(self, &url),
            Job::Term(i) => domain::term(self, *i, &url),
            Job::Courses => domain::courses(self, &url),
            Job::Course(i) => domain::course(self, *i, &url),
            Job::Lesson(i) => domain::lesson(self, *i, &url),
            Job::Handout(i) => handout::handout(self, *i, &url),
            Job::Fields => reference::fields(self, &url),
            Job::Overview => reference::overview(self, &url),
            Job::Search => reference::search(self, &url),
            Job::Data => reference::data(self, &url),
            Job::NotFound => reference::not_found(self, &url),
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
            print::with_print_addresses(html, self.site.config.base_url.as_deref(), url)
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
    pub(crate) fn link(&self, key: ObjKey, from: &str) -> Value {
        json!({
            "title": self.site.title(key),
            "url": relative(from, self.site.url(key)),
        })
    }

    /// Link to an object by kind and id, if it exists.
    pub(crate) fn link_id(&self, kind: Kind, id: &str, from: &str) -> Option<Value> {
        self.site.key(kind, id).map(|k| self.link(k, from))
    }

    /// The rendered body HTML of an object, on its own page.
    pub(crate) fn body(&self, key: ObjKey) -> std::borrow::Cow<'_, str> {
        self.site.bodies.get(&key).map_or("".into(), |b| {
            b.html_on(self.site.url(key), &self.site.glossary)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
