//! Authoring without guesswork: starter files that fail until filled, `new` refusing taken
//! ids, course-scoped lesson ids and lesson order, and glossary links that respect compounds
//! and the author's case. Each diagnostic is checked for its exact message, file, line and
//! column.

mod common;

use common::{Site, find, katalogs};
use serde_json::Value;

/// (message, file, line, column) of a diagnostic.
fn at(d: &Value) -> (&str, &str, u64, u64) {
    (
        d["message"].as_str().unwrap_or(""),
        d["file"].as_str().unwrap_or(""),
        d["line"].as_u64().unwrap_or(0),
        d["column"].as_u64().unwrap_or(0),
    )
}

fn read(site: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The minimal site with two courses that both have a lesson `01-ievads`.
fn two_courses() -> Site {
    let s = Site::minimal();
    for course in ["pamati", "padziļinats"] {
        s.write(
            &format!("content/kursi/{course}/_index.md"),
            "---\ntitle: Kurss\n---\n",
        );
        s.write(
            &format!("content/kursi/{course}/01-ievads.md"),
            "---\ntitle: Ievads\nweight: 1\n---\nTeksts.\n",
        );
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Courses

#[test]
fn two_courses_may_both_have_a_lesson_with_the_same_id() {
    let s = two_courses();
    s.write(
        "content/kursi/pamati/02-turpinajums.md",
        "---\ntitle: Turpinājums\nweight: 2\nprerequisites: [01-ievads, padzilinats/01-ievads]\n---\nSkat. [[01-ievads]] un [[padzilinats/01-ievads|otra kursa ievadu]].\n",
    );
    let (code, diags) = s.check();
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}");
    let site = s.build_ok(&[]);
    let html = read(&site, "kursi/pamati/02-turpinajums.html");
    assert!(html.contains(r#"href="01-ievads.html""#), "own course first");
    assert!(html.contains(r#"href="../padzilinats/01-ievads.html""#), "qualified link");
}

#[test]
fn an_unqualified_link_to_a_lesson_id_of_two_courses_lists_the_candidates() {
    let s = two_courses();
    s.write(
        "content/vadlinijas/apmaciba.md",
        "---\ntitle: Apmācība\n---\nSāciet ar\n[[01-ievads]].\n",
    );
    let (code, diags) = s.check();
    assert_eq!(code, 1);
    let d = find(&diags, "wiki link is ambiguous");
    assert_eq!(
        at(d),
        (
            "wiki link is ambiguous",
            "content/vadlinijas/apmaciba.md",
            5,
            1
        )
    );
    assert_eq!(
        d["help"],
        "write [[padzilinats/01-ievads]] or [[pamati/01-ievads]]"
    );
    assert_eq!(diags.len(), 1, "{diags:#?}");
}

#[test]
fn a_prerequisite_naming_lessons_of_two_other_courses_is_an_error() {
    let s = two_courses();
    s.write("content/kursi/trešais/_index.md", "---\ntitle: Trešais\n---\n");
    s.write(
        "content/kursi/trešais/01-sakums.md",
        "---\ntitle: Sākums\nweight: 1\nprerequisites:\n  - 01-ievads\n---\n",
    );
    let (code, diags) = s.check();
    assert_eq!(code, 1);
    let d = find(&diags, "lesson id is used by several courses");
    assert_eq!(
        at(d),
        (
            "lesson id is used by several courses",
            "content/kursi/trešais/01-sakums.md",
            5,
            5
        )
    );
    assert_eq!(
        d["help"],
        "write `padzilinats/01-ievads` or `pamati/01-ievads`"
    );
}

#[test]
fn lessons_are_ordered_by_weight_then_file_and_a_missing_weight_is_a_warning() {
    let s = Site::minimal();
    s.write("content/kursi/k/_index.md", "---\ntitle: Kurss\n---\n");
    s.write("content/kursi/k/a.md", "---\ntitle: Bez svara\n---\n");
    s.write("content/kursi/k/b.md", "---\ntitle: Otrā\nweight: 2\n---\n");
    s.write("content/kursi/k/c.md", "---\ntitle: Pirmā\nweight: 1\n---\n");
    s.write("content/kursi/k/d.md", "---\ntitle: Arī otrā\nweight: 2\n---\n");
    let (code, diags) = s.check();
    assert_eq!(code, 0, "a warning only");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(
        at(&diags[0]),
        (
            "lesson has no weight while other lessons of its course have one",
            "content/kursi/k/a.md",
            1,
            1
        )
    );
    assert_eq!(diags[0]["severity"], "warning");
    let site = s.build_ok(&[]);
    let course = read(&site, "kursi/k/index.html");
    let order: Vec<usize> = ["c.html", "b.html", "d.html", "a.html"]
        .iter()
        .map(|f| course.find(&format!("href=\"{f}\"")).expect(f))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

#[test]
fn a_course_without_any_weight_is_ordered_by_file_name_without_warnings() {
    let s = Site::minimal();
    s.write("content/kursi/k/_index.md", "---\ntitle: Kurss\n---\n");
    s.write("content/kursi/k/02-b.md", "---\ntitle: B\n---\n");
    s.write("content/kursi/k/01-a.md", "---\ntitle: A\n---\n");
    let (code, diags) = s.check();
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}");
    let course = read(&s.build_ok(&[]), "kursi/k/index.html");
    assert!(course.find("01-a.html").unwrap() < course.find("02-b.html").unwrap());
}

#[test]
fn a_lesson_ordered_before_its_prerequisite_is_a_warning() {
    let s = Site::minimal();
    s.write("content/kursi/k/_index.md", "---\ntitle: Kurss\n---\n");
    s.write(
        "content/kursi/k/01-a.md",
        "---\ntitle: A\nweight: 1\nprerequisites: [02-b]\n---\n",
    );
    s.write("content/kursi/k/02-b.md", "---\ntitle: B\nweight: 2\n---\n");
    let (code, diags) = s.check();
    assert_eq!(code, 0);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(
        at(&diags[0]),
        (
            "lesson comes before its prerequisite",
            "content/kursi/k/01-a.md",
            4,
            17
        )
    );
    assert_eq!(diags[0]["severity"], "warning");
}

// ---------------------------------------------------------------------------------------------
// Glossary linking

#[test]
fn a_term_is_not_linked_inside_a_hyphenated_compound() {
    let s = Site::minimal();
    s.write(
        "content/vadlinijas/e.md",
        "---\ntitle: E\n---\nKatrs e-pakalpojums ir pakalpojums.\n",
    );
    let html = read(&s.build_ok(&[]), "vadlinijas/e.html");
    let p = html.find("Katrs").unwrap();
    assert!(
        html[p..].starts_with("Katrs e-pakalpojums ir <span class=\"term\"><a"),
        "{}",
        &html[p..p + 300]
    );
}

#[test]
fn a_wiki_link_to_a_term_keeps_the_authors_words() {
    let s = Site::minimal();
    s.write(
        "glossary/pakalpojuma-turetajs.md",
        "---\nterm: Pakalpojuma turētājs\n---\nIestāde.\n",
    );
    s.write("glossary/itil.md", "---\nterm: ITIL\n---\nPrakse.\n");
    s.write(
        "content/vadlinijas/t.md",
        "---\ntitle: T\n---\nKatrs [[pakalpojums]], [[Pakalpojums]], [[term:pakalpojums]], \
         [[pakalpojuma-turetajs]], [[pakalpojuma turētājs]], [[itil]], [[pakalpojums|savs]].\n",
    );
    let html = read(&s.build_ok(&[]), "vadlinijas/t.html");
    let texts: Vec<&str> = html
        .split("</a>")
        .filter_map(|a| a.rsplit_once('>').map(|(_, t)| t))
        .filter(|t| !t.is_empty() && *t != "#")
        .collect();
    let body: Vec<&str> = texts
        .iter()
        .copied()
        .skip_while(|t| *t != "pakalpojums")
        .take(7)
        .collect();
    assert_eq!(
        body,
        [
            "pakalpojums",
            "Pakalpojums",
            "pakalpojums",
            "Pakalpojuma turētājs",
            "pakalpojuma turētājs",
            "ITIL",
            "savs"
        ]
    );
}
