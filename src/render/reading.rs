//! Reading aids added to every page made from a source file: when it was last updated (front
//! matter `updated`, else the file's last commit), the "edit this page" link from
//! `edit_url`, and the title and summary of each object its body links to (link previews).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::model::{Area, ObjKey};
use crate::render::chrome::script_json;
use crate::render::{Job, Renderer};
use crate::schema::Kind;
use crate::url::relative;

/// Characters of a path written as they are in an edit link; others are percent-encoded.
fn path_char_is_plain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~')
}

/// `pattern` with `{path}` replaced by `file`, percent-encoded.
pub(crate) fn edit_link(pattern: &str, file: &str) -> String {
    let mut path = String::with_capacity(file.len());
    for &b in file.as_bytes() {
        if path_char_is_plain(b) {
            path.push(b as char);
        } else {
            path.push_str(&format!("%{b:02X}"));
        }
    }
    pattern.replace(crate::config::EDIT_PATH, &path)
}

/// What a link preview shows of the object a link leads to. Its fields are in the order
/// the previews' JSON has always had them (A–Z, as a JSON map orders its keys).
#[derive(Serialize)]
struct Preview<'a> {
    kind: &'a str,
    summary: Option<&'a str>,
    title: &'a str,
}

impl Renderer<'_> {
    /// The content object a job's page is made from (its body, its front matter).
    fn made_from(&self, job: &Job) -> Option<ObjKey> {
        let c = &self.site.content;
        let area = |a: Area| c.pages.iter().position(|p| p.area == Some(a));
        let (kind, i) = match *job {
            Job::Page(i) => (Kind::Page, i),
            Job::Section(s) => (Kind::Page, self.site.sections.list[s].index?),
            Job::Home => (Kind::Page, area(Area::Home)?),
            Job::Catalogue => (Kind::Page, area(Area::Catalogue)?),
            Job::Situations => (Kind::Page, area(Area::Situations)?),
            Job::Glossary => (Kind::Page, area(Area::Glossary)?),
            Job::Courses => (Kind::Page, area(Area::Courses)?),
            Job::Service(i) => (Kind::Service, i),
            Job::Situation(i) => (Kind::Situation, i),
            Job::Term(i) => (Kind::Term, i),
            Job::Institution(i) => (Kind::Institution, i),
            Job::Course(i) | Job::Handout(i) => (Kind::Course, i),
            Job::Lesson(i) => (Kind::Lesson, i),
            _ => return None,
        };
        Some(ObjKey::new(kind, i))
    }

    /// Adds `page_updated` (an ISO date), `edit_url` and `link_previews` (JSON for a script
    /// element) to a page's view when its page is made from a source file.
    pub(super) fn add_reading_aids(&self, job: &Job, url: &str, view: &mut Value) {
        let (Some(key), Value::Object(m)) = (self.made_from(job), view) else {
            return;
        };
        let site = self.site;
        let (file, _) = site.content.source(key);
        let i = key.idx as usize;
        let c = &site.content;
        let front_matter = match key.kind {
            Kind::Page => c.pages[i].doc.updated,
            Kind::Service => c.services[i].doc.updated,
            Kind::Situation => c.situations[i].doc.updated,
            Kind::Term => c.terms[i].doc.updated,
            Kind::Institution => None,
            Kind::Course => c.courses[i].doc.updated,
            Kind::Lesson => c.lessons[i].doc.updated,
        };
        let updated = front_matter.or_else(|| self.history().last_change(file));
        m.insert("page_updated".into(), updated.map(|d| d.to_string()).into());
        m.insert(
            "page_updated_text".into(),
            updated.map(|d| self.site.ui.date(d)).into(),
        );
        if let Some(pattern) = &site.config.edit_url {
            m.insert("edit_url".into(), edit_link(pattern, file).into());
        }
        if let Some(previews) = self.link_previews(key, url) {
            m.insert("link_previews".into(), previews.into());
        }
    }

    /// Title, kind and summary of every other object the body of `key` links to, by the
    /// link's address on this page: a JSON object safe inside a `<script>` element.
    fn link_previews(&self, key: ObjKey, url: &str) -> Option<String> {
        let site = self.site;
        let body = site.bodies.get(&key)?;
        let mut previews = BTreeMap::new();
        for &target in body.links.iter().filter(|&&t| t != key) {
            let summary = match target.kind {
                Kind::Term => Some(site.glossary.terms[target.idx as usize].short.as_str()),
                _ => site.summary(target),
            };
            previews.insert(
                relative(url, site.url(target)),
                Preview {
                    kind: site.ui.kind(target.kind),
                    summary,
                    title: site.title(target),
                },
            );
        }
        (!previews.is_empty()).then(|| script_json(&previews))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_links_put_the_encoded_path_in_the_pattern() {
        assert_eq!(
            edit_link(
                "https://example.org/edit/main/{path}",
                "content/pakalpojumi/pase.md"
            ),
            "https://example.org/edit/main/content/pakalpojumi/pase.md"
        );
        assert_eq!(
            edit_link("https://example.org/{path}?plain=1", "content/ā b\".md"),
            "https://example.org/content/%C4%81%20b%22.md?plain=1"
        );
    }
}
