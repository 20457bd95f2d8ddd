//! Render: every output page as a [`Job`], turned into HTML by Tera with a context made by one
//! small function per page kind. All links in a context are relative to the page, so the site
//! works from `file://`. Jobs are independent, so the build renders them in parallel and
//! writes each page as soon as it is made.

mod catalogue;
pub mod charts;
mod chrome;
pub mod dependencies;
mod domain;
mod pages;
pub mod reference;
pub mod theme;

use serde_json::{Value, json};

use crate::diagnostics::{Diagnostic, Pos};
use crate::model::ObjKey;
use crate::resolve::Site;
use crate::schema::Kind;
use crate::url::{paths, relative};
pub use catalogue::Facets;

/// One output page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
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

/// Renders jobs for one site.
pub struct Renderer<'a> {
    pub site: &'a Site,
    tera: tera::Tera,
    pub facets: Facets,
    /// Size and link of every export, for the Dati page (filled by the write stage).
    pub exports: Vec<reference::Export>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, mut tera: tera::Tera) -> Self {
        // The UI strings are the same on every page: converted to a Tera value once and shared
        // through the global context, not copied into (and converted with) every page's view.
        tera.global_context()
            .insert_value("t", tera::Value::from_serializable(site.ui.json()));
        Renderer {
            facets: Facets::build(site),
            site,
            tera,
            exports: Vec::new(),
        }
    }

    pub fn set_exports(&mut self, exports: Vec<reference::Export>) {
        self.exports = exports;
    }

    /// Every page of the site.
    pub fn jobs(&self) -> Vec<Job> {
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
        for (f, facet) in self.facets.list.iter().enumerate() {
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
    pub fn path_collisions(&self) -> Vec<Diagnostic> {
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
                Diagnostic::error(file, pos, "page would overwrite a generated page")
                    .field("id")
                    .expected(
                        "an id other than the names of the generated pages beside it (index, …)",
                    )
                    .found(format!("`{url}`")),
            );
        }
        out
    }

    /// The output path of a job.
    pub fn url(&self, job: &Job) -> String {
        let site = self.site;
        let c = &site.content;
        match job {
            Job::Home => paths::HOME.to_string(),
            Job::Page(i) => c.pages[*i].doc.url.clone(),
            Job::Section(i) => site.sections.list[*i].url.clone(),
            Job::Service(i) => c.services[*i].doc.url.clone(),
            Job::Catalogue => format!("{}/index.html", paths::SERVICES),
            Job::Facet(f, v) => self.facets.list[*f].values[*v].url.clone(),
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
    pub fn updated(&self, job: &Job) -> Option<jiff::civil::Date> {
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
    pub fn render(&self, job: &Job) -> Result<String, Diagnostic> {
        let url = self.url(job);
        let (template, view) = self.view(job, &url);
        self.render_view(&url, template, &view)
    }

    /// The template and the data a job's page is made of: everything that decides its HTML.
    pub fn view(&self, job: &Job, url: &str) -> (&'static str, Value) {
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
            Job::Handout(i) => domain::handout(self, *i, &url),
            Job::Fields => reference::fields(self, &url),
            Job::Overview => reference::overview(self, &url),
            Job::Search => reference::search(self, &url),
            Job::Data => reference::data(self, &url),
            Job::NotFound => reference::not_found(self, &url),
        }
    }

    /// Renders a job's view with its template.
    pub fn render_view(
        &self,
        url: &str,
        template: &str,
        view: &Value,
    ) -> Result<String, Diagnostic> {
        let context =
            tera::Context::from_serialize(view).map_err(|e| self.error(url, template, &e))?;
        self.tera
            .render(template, &context)
            .map_err(|e| self.error(url, template, &e))
    }

    fn error(&self, url: &str, template: &str, e: &dyn std::error::Error) -> Diagnostic {
        Diagnostic::error(
            format!("templates/{template}"),
            Pos::FILE,
            format!("cannot render {url}: {}", theme::error_chain(e)),
        )
    }

    /// `{title, url}` of an object, the URL relative to `from`.
    pub fn link(&self, key: ObjKey, from: &str) -> Value {
        json!({
            "title": self.site.title(key),
            "url": relative(from, self.site.url(key)),
        })
    }

    /// Link to an object by kind and id, if it exists.
    pub fn link_id(&self, kind: Kind, id: &str, from: &str) -> Option<Value> {
        self.site.key(kind, id).map(|k| self.link(k, from))
    }

    /// Label of an allowed value.
    pub fn value_label(&self, enum_name: &str, value: &str) -> String {
        self.site.ui.value(enum_name, value).to_string()
    }

    /// The rendered body HTML of an object, on its own page.
    pub fn body(&self, key: ObjKey) -> std::borrow::Cow<'_, str> {
        self.site.bodies.get(&key).map_or("".into(), |b| {
            b.html_on(self.site.url(key), &self.site.glossary)
        })
    }
}
