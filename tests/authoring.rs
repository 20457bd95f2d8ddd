//! Authoring without guesswork: starter files that fail until filled, `new` refusing taken
//! ids, course-scoped lesson ids and lesson order, and glossary links that respect compounds
//! and the author's case. Each diagnostic is checked for its exact message, file, line and
//! column.

mod common;

use common::{Site, find};
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
    assert!(
        html.contains(r#"href="01-ievads.html""#),
        "own course first"
    );
    assert!(
        html.contains(r#"href="../padzilinats/01-ievads.html""#),
        "qualified link"
    );
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
    let d = find(&diags, "K0419");
    assert_eq!(
        at(d),
        (
            "vikisaite ir neviennozīmīga",
            "content/vadlinijas/apmaciba.md",
            5,
            1
        )
    );
    assert_eq!(
        d["help"],
        "rakstiet [[padzilinats/01-ievads]] / [[pamati/01-ievads]]"
    );
    assert_eq!(diags.len(), 1, "{diags:#?}");
}

#[test]
fn a_prerequisite_naming_lessons_of_two_other_courses_is_an_error() {
    let s = two_courses();
    s.write(
        "content/kursi/trešais/_index.md",
        "---\ntitle: Trešais\n---\n",
    );
    s.write(
        "content/kursi/trešais/01-sakums.md",
        "---\ntitle: Sākums\nweight: 1\nprerequisites:\n  - 01-ievads\n---\n",
    );
    let (code, diags) = s.check();
    assert_eq!(code, 1);
    let d = find(&diags, "K0421");
    assert_eq!(
        at(d),
        (
            "nodarbības identifikators ir vairākos kursos",
            "content/kursi/trešais/01-sakums.md",
            5,
            5
        )
    );
    assert_eq!(
        d["help"],
        "rakstiet `padzilinats/01-ievads` / `pamati/01-ievads`"
    );
}

#[test]
fn lessons_are_ordered_by_weight_then_file_and_a_missing_weight_is_a_warning() {
    let s = Site::minimal();
    s.write("content/kursi/k/_index.md", "---\ntitle: Kurss\n---\n");
    s.write("content/kursi/k/a.md", "---\ntitle: Bez svara\n---\n");
    s.write("content/kursi/k/b.md", "---\ntitle: Otrā\nweight: 2\n---\n");
    s.write(
        "content/kursi/k/c.md",
        "---\ntitle: Pirmā\nweight: 1\n---\n",
    );
    s.write(
        "content/kursi/k/d.md",
        "---\ntitle: Arī otrā\nweight: 2\n---\n",
    );
    let (code, diags) = s.check();
    assert_eq!(code, 0, "a warning only");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(
        at(&diags[0]),
        (
            "nodarbībai nav `weight`, lai gan citām šī kursa nodarbībām tas ir",
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
            "nodarbība ir pirms nodarbības, kas jāapgūst iepriekš",
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

// ---------------------------------------------------------------------------------------------
// Starter files

/// `katalogs new …` in the site: exit code and what it printed.
fn new(s: &Site, args: &[&str]) -> (i32, String) {
    let out = s.run(&[&["new"], args].concat());
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_new_service_fails_check_on_each_placeholder_with_what_to_write() {
    let s = Site::minimal();
    assert_eq!(new(&s, &["service", "Slimības pabalsts"]).0, 0);
    let file = "content/pakalpojumi/slimibas-pabalsts.md";
    let text = read(s.path(), file);
    assert!(
        !text.contains("holder: vid") && !text.contains("summary: \"\""),
        "{text}"
    );
    let (code, diags) = s.check();
    assert_eq!(code, 1);
    let got: Vec<_> = diags
        .iter()
        .map(|d| (at(d), d["expected"].as_str().unwrap()))
        .collect();
    let msg = "vietturis nav aizpildīts";
    assert_eq!(
        got,
        [
            ((msg, file, 3, 10), "viens teikums: ko saņēmējs iegūst"),
            (
                (msg, file, 4, 9),
                "pakalpojuma turētāja iestādes id no content/iestades.yaml"
            ),
            (
                (msg, file, 5, 12),
                "Pakalpojuma saņēmēji: iedzivotaji | uznemeji | iestades"
            ),
            (
                (msg, file, 6, 7),
                "Pakalpojuma veids: publisks | starpiestazu"
            ),
            (
                (msg, file, 7, 10),
                "Pakalpojuma apakšveids: individuala-labuma | vispareja-labuma | koplietosanas | individualas-lietosanas"
            ),
            (
                (msg, file, 8, 12),
                "Kanāli: klatiene | vpvkac | latvija-lv | iestades-vietne | e-pasts | e-adrese | pasts | talrunis"
            ),
        ]
    );
}

#[test]
fn a_new_situation_asks_for_its_services_instead_of_borrowing_one() {
    let s = Site::minimal();
    assert_eq!(new(&s, &["situation", "Slimība"]).0, 0);
    let file = "content/dzives-situacijas/slimiba.md";
    assert!(!read(s.path(), file).contains("deklaracija"));
    let (code, diags) = s.check();
    assert_eq!(code, 1);
    let got: Vec<_> = diags.iter().map(at).collect();
    let msg = "vietturis nav aizpildīts";
    assert_eq!(
        got,
        [(msg, file, 3, 10), (msg, file, 5, 12), (msg, file, 6, 16)]
    );
    assert_eq!(
        diags[2]["expected"],
        "pakalpojuma id no content/pakalpojumi/"
    );
}

#[test]
fn a_new_service_goes_in_its_holders_folder_or_the_given_section() {
    let s = Site::minimal();
    assert_eq!(new(&s, &["service", "Atmaksa", "--holder", "VID"]).0, 0);
    let text = read(s.path(), "content/pakalpojumi/vid/atmaksa.md");
    assert!(text.contains("\nholder: vid\n"), "{text}");
    assert_eq!(
        new(
            &s,
            &["service", "Pabalsts", "--section", "pakalpojumi/vsaa"]
        )
        .0,
        0
    );
    assert!(
        s.path()
            .join("content/pakalpojumi/vsaa/pabalsts.md")
            .is_file()
    );
    assert_eq!(new(&s, &["term", "Termins", "--section", "pamati"]).0, 0);
    assert!(s.path().join("glossary/pamati/termins.md").is_file());
    let (code, err) = new(&s, &["service", "Cits", "--holder", "vidd"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "kļūda: content/iestades.yaml nav iestādes `vidd` (vai domājāt `vid`?); vispirms pievienojiet to tur (`- id: …`, `name: …`, skatīt docs/authoring.md); nekas nav ierakstīts\n"
    );
}

#[test]
fn new_refuses_an_id_any_kind_has_and_suggests_a_free_one() {
    let s = Site::minimal();
    // `pakalpojums` is a glossary term; a service may not take its id.
    let (code, err) = new(&s, &["service", "Pakalpojums"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "kļūda: id `pakalpojums` jau ir aizņemts (termins, glossary/pakalpojums.md); nekas nav ierakstīts\n  padoms: norādiet citu id, piemēram, --id pakalpojums-2\n"
    );
    assert!(!s.path().join("content/pakalpojumi/pakalpojums.md").exists());
    // In another folder too.
    let (code, err) = new(&s, &["service", "Deklarācija", "--section", "cits"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("aizņemts (pakalpojums, content/pakalpojumi/deklaracija.md)"),
        "{err}"
    );
    assert_eq!(
        new(&s, &["service", "Pakalpojums", "--id", "pakalpojums-2"]).0,
        0
    );
    assert!(
        s.path()
            .join("content/pakalpojumi/pakalpojums-2.md")
            .is_file()
    );
}

#[test]
fn new_course_and_lessons_number_and_weigh_the_next_lesson() {
    let s = Site::minimal();
    assert_eq!(new(&s, &["course", "Pamati"]).0, 0);
    assert_eq!(
        new(&s, &["lesson", "Kas ir pakalpojums", "--course", "pamati"]).0,
        0
    );
    assert_eq!(new(&s, &["lesson", "Veidi", "--course", "pamati"]).0, 0);
    let second = read(s.path(), "content/kursi/pamati/02-veidi.md");
    assert!(second.contains("\nweight: 2\n"), "{second}");
    assert!(
        s.path()
            .join("content/kursi/pamati/01-kas-ir-pakalpojums.md")
            .is_file()
    );
    // After hand-written lessons the numbering and weights continue from the highest.
    s.write(
        "content/kursi/pamati/07-beigas.md",
        "---\ntitle: Beigas\nweight: 70\n---\n",
    );
    assert_eq!(new(&s, &["lesson", "Pielikums", "--course", "pamati"]).0, 0);
    let next = read(s.path(), "content/kursi/pamati/08-pielikums.md");
    assert!(next.contains("\nweight: 71\n"), "{next}");
    let (code, diags) = s.check();
    assert_eq!(code, 1);
    assert!(
        diags
            .iter()
            .all(|d| d["message"] == "vietturis nav aizpildīts"),
        "{diags:#?}"
    );
    // A lesson needs an existing course.
    let (code, err) = new(&s, &["lesson", "X", "--course", "nav"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "kļūda: nav kursa `nav`; kursi: pamati; nekas nav ierakstīts\n"
    );
    let (code, err) = new(&s, &["lesson", "X"]);
    assert_eq!(code, 2);
    assert!(err.contains("norādiet --course ID"), "{err}");
}
