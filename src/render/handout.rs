//! The course handout: one printable page with the course's own text, its lessons flowing on
//! one after another, and the glossary terms they use with their short definitions.

use rustc_hash::FxHashSet as HashSet;
use serde::Serialize;
use serde_json::Value;

use crate::model::ObjKey;
use crate::render::chrome::Chrome;
use crate::render::domain::{position_label, total_duration};
use crate::render::{Link, PageView, Renderer, view_value};
use crate::schema::Kind;
use crate::text::collate;
use crate::url::relative;

/// The in-page anchor of the course's `k`-th lesson (from 1).
fn lesson_anchor(k: usize) -> String {
    format!("nodarbiba-{k}")
}

/// The prefix of the ids in the `k`-th lesson's body.
fn lesson_ids(k: usize) -> String {
    format!("n{k}-")
}

/// `html` with its links to the lesson pages `files` (file, position) turned into links to
/// the lessons' places in the handout: `02-x.html` → `#nodarbiba-2`, `02-x.html#y` → `#n2-y`.
fn to_lesson_places(html: &str, files: &[(String, usize)]) -> String {
    let mut out = html.to_string();
    for (file, k) in files {
        out = out
            .replace(
                &format!("href=\"{file}\""),
                &format!("href=\"#{}\"", lesson_anchor(*k)),
            )
            .replace(
                &format!("href=\"{file}#"),
                &format!("href=\"#{}", lesson_ids(*k)),
            );
    }
    out
}

/// The handout's page: the course's text, its lessons and the terms they use.
#[derive(Serialize)]
struct HandoutPage<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    body: String,
    audience: Vec<&'a str>,
    objectives: &'a [String],
    /// Minutes.
    total_duration: i64,
    lessons: Vec<HandoutLesson<'a>>,
    terms: Vec<TermUsed<'a>>,
    course_url: String,
}

/// A lesson in the handout, at its anchor.
#[derive(Serialize)]
struct HandoutLesson<'a> {
    title: &'a str,
    anchor: String,
    position: String,
    /// Minutes.
    duration: Option<i64>,
    objectives: &'a [String],
    prerequisites: Vec<Link<'a>>,
    body: String,
}

/// A glossary term a handout's text uses, with its short definition.
#[derive(Serialize)]
struct TermUsed<'a> {
    title: &'a str,
    url: String,
    abbreviations: String,
    short: &'a str,
}

/// Bodies are rendered for the course and lesson pages, which live in the handout's folder,
/// so their relative links stay valid here.
pub(crate) fn handout(r: &Renderer, i: usize, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let c = &site.content.courses[i];
    let course_key = ObjKey::new(Kind::Course, i);
    let chrome = r.chrome_view(Chrome {
        url,
        title: &c.title,
        kind: "handout",
        description: c.summary.as_deref(),
        crumbs: Vec::new(),
        nav_section: None,
        jsonld: Vec::new(),
    });
    let course_lessons = &site.course_lessons[i];
    let n = course_lessons.len();
    // Links to the course's lesson pages lead to the lessons' places in the handout.
    let lesson_files: Vec<(String, usize)> = course_lessons
        .iter()
        .enumerate()
        .map(|(k, &l)| (relative(url, &site.content.lessons[l].doc.url), k + 1))
        .collect();
    let in_handout = |html: &str| to_lesson_places(html, &lesson_files);
    let lessons = course_lessons
        .iter()
        .enumerate()
        .map(|(k, &l)| {
            let lesson = &site.content.lessons[l];
            // A prerequisite in this course points to its place in the handout.
            let prerequisites = lesson
                .prerequisites
                .iter()
                .filter_map(|p| {
                    let key = site.key(Kind::Lesson, &p.id)?;
                    let place = course_lessons.iter().position(|&x| x == key.idx as usize);
                    Some(match place {
                        Some(pos) => Link {
                            title: site.title(key),
                            url: format!("#{}", lesson_anchor(pos + 1)),
                        },
                        None => r.link(key, url),
                    })
                })
                .collect();
            HandoutLesson {
                title: &lesson.title,
                anchor: lesson_anchor(k + 1),
                position: position_label(r, k + 1, n),
                duration: lesson.duration,
                objectives: &lesson.objectives,
                prerequisites,
                body: in_handout(&demote_headings(
                    &r.body(ObjKey::new(Kind::Lesson, l)),
                    &lesson_ids(k + 1),
                )),
            }
        })
        .collect();
    let keys: Vec<ObjKey> = std::iter::once(course_key)
        .chain(course_lessons.iter().map(|&l| ObjKey::new(Kind::Lesson, l)))
        .collect();
    let page = HandoutPage {
        title: &c.title,
        summary: c.summary.as_deref(),
        body: in_handout(&prefix_ids(&r.body(course_key), "k-")),
        audience: c
            .audience
            .iter()
            .map(|a| site.ui.value(crate::schema::AUDIENCE.name, a))
            .collect(),
        objectives: &c.objectives,
        total_duration: total_duration(r, i),
        lessons,
        terms: terms_used(r, &keys, url),
        course_url: relative(url, &c.doc.url),
    };
    view_value("handout.html", &PageView::new(chrome, page))
}

/// The glossary terms the bodies of `keys` use (auto-linked or linked on purpose), A–Z, each
/// with its short definition.
fn terms_used<'a>(r: &'a Renderer, keys: &[ObjKey], url: &str) -> Vec<TermUsed<'a>> {
    let site = r.site;
    let mut seen = HashSet::default();
    let mut terms: Vec<usize> = Vec::new();
    for body in keys.iter().filter_map(|k| site.bodies.get(k)) {
        let linked = body
            .links
            .iter()
            .filter(|k| k.kind == Kind::Term)
            .map(|k| k.idx as usize);
        for t in body.terms.iter().copied().chain(linked) {
            if seen.insert(t) {
                terms.push(t);
            }
        }
    }
    let all = &site.content.terms;
    collate::sort_by_key_in(&site.ui.language, &mut terms, |&t| all[t].term.as_str());
    terms
        .into_iter()
        .map(|t| TermUsed {
            title: &all[t].term,
            url: relative(url, &all[t].doc.url),
            abbreviations: all[t].abbreviations.join(", "),
            short: site
                .glossary
                .terms
                .get(t)
                .map(|x| x.short.as_str())
                .unwrap_or_default(),
        })
        .collect()
}

/// Pushes headings one level down (a lesson's `h2` becomes `h3` under the lesson's `h2`) and
/// prefixes their ids, so several lessons fit one valid page.
fn demote_headings(html: &str, id_prefix: &str) -> String {
    let mut out = html.to_string();
    for level in (2..=5).rev() {
        out = out
            .replace(&format!("<h{level} "), &format!("<h{} ", level + 1))
            .replace(&format!("<h{level}>"), &format!("<h{}>", level + 1))
            .replace(&format!("</h{level}>"), &format!("</h{}>", level + 1));
    }
    prefix_ids(&out, id_prefix)
}

/// Prefixes a body's ids and the references to them, so it cannot clash with the others
/// on the page.
fn prefix_ids(html: &str, id_prefix: &str) -> String {
    html.replace(" id=\"", &format!(" id=\"{id_prefix}"))
        .replace("href=\"#", &format!("href=\"#{id_prefix}"))
        .replace(
            "aria-describedby=\"",
            &format!("aria-describedby=\"{id_prefix}"),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_the_course_lessons_stay_in_the_handout() {
        let files = [("01-a.html".to_string(), 1), ("02-b.html".to_string(), 2)];
        let html =
            r#"<a href="02-b.html">b</a> <a href="01-a.html#x">a</a> <a href="../../c.html">c</a>"#;
        assert_eq!(
            to_lesson_places(html, &files),
            r##"<a href="#nodarbiba-2">b</a> <a href="#n1-x">a</a> <a href="../../c.html">c</a>"##
        );
    }

    #[test]
    fn lesson_bodies_are_moved_one_level_down_with_their_own_ids() {
        let html = r##"<h2 id="a">A</h2><p><a href="#a">A</a></p>"##;
        assert_eq!(
            demote_headings(html, &lesson_ids(3)),
            r##"<h3 id="n3-a">A</h3><p><a href="#n3-a">A</a></p>"##
        );
    }
}
