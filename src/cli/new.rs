//! `katalogs new` writes a starter file for one object, its unknowns as `‹…›` placeholders
//! that fail `check` until filled; `katalogs init` creates a new site with one example of each
//! kind that builds as it is (the theme is the built-in one).

use std::path::{Path, PathBuf};

use crate::cli::{EXIT_CONTENT, EXIT_IO, EXIT_OK, EXIT_USAGE, NewKind, Ui, site_root};
use crate::diagnostics::closest;
use crate::load::validate::placeholder;
use crate::load::{CONTENT_DIR, COURSES_DIR, GLOSSARY_DIR, SERVICES_DIR, SITUATIONS_DIR};
use crate::model::{Content, ObjKey, Profile};
use crate::schema::{AUDIENCE, CHANNEL, EnumDef, Kind, SERVICE_SUBTYPE, SERVICE_TYPE};
use crate::text::slug::slugify;

/// What `katalogs new` was asked for.
pub struct Request<'a> {
    /// What to write.
    pub kind: NewKind,
    /// The title; the file name and id are made from it.
    pub name: &'a str,
    /// Folder under the kind's own folder.
    pub section: Option<&'a str>,
    /// A service's holder (institution id or name); its folder by default.
    pub holder: Option<&'a str>,
    /// A lesson's course.
    pub course: Option<&'a str>,
    /// An id other than the one made from the name.
    pub id: Option<&'a str>,
}

fn today() -> String {
    jiff::Zoned::now().date().to_string()
}

/// A YAML double-quoted string.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("strings serialise")
}

/// A quoted placeholder asking for `hint`.
fn ask(hint: &str) -> String {
    quoted(&placeholder(hint))
}

/// A placeholder for a field with a fixed list of values: its label and the values.
fn ask_one_of(ui: &crate::ui::Ui, kind: Kind, field: &str, values: &EnumDef) -> String {
    ask(&format!(
        "{}: {}",
        ui.field(kind, field).0,
        values.values.join(" | ")
    ))
}

/// The folder a kind's files live in, relative to the site.
fn home_of(kind: NewKind) -> PathBuf {
    match kind {
        NewKind::Page => PathBuf::from(CONTENT_DIR),
        NewKind::Service => Path::new(CONTENT_DIR).join(SERVICES_DIR),
        NewKind::Situation => Path::new(CONTENT_DIR).join(SITUATIONS_DIR),
        NewKind::Term => PathBuf::from(GLOSSARY_DIR),
        NewKind::Course | NewKind::Lesson => Path::new(CONTENT_DIR).join(COURSES_DIR),
    }
}

/// `home` with the folders of `section` under it; a leading `content/` or the kind's own
/// folder name in `section` is dropped (`pakalpojumi/vsaa` and `vsaa` are the same).
fn section_dir(home: &Path, section: &str) -> Result<PathBuf, String> {
    let mut parts: Vec<&str> = section
        .split(['/', '\\'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.first() == Some(&CONTENT_DIR) {
        parts.remove(0);
    }
    let own = home.file_name().map(|n| n.to_string_lossy().into_owned());
    if home != Path::new(CONTENT_DIR) && parts.first().copied() == own.as_deref() {
        parts.remove(0);
    }
    let mut dir = home.to_path_buf();
    for part in parts {
        let slug = slugify(part);
        if slug.is_empty() {
            return Err(format!("`{section}` is not a usable folder name"));
        }
        dir.push(slug);
    }
    Ok(dir)
}

/// The id of the institution `given` names: its id, short name or name.
fn holder_id(content: &Content, given: &str) -> Result<String, String> {
    let wanted = given.trim();
    let found = content.institutions.iter().find(|i| {
        i.id.eq_ignore_ascii_case(wanted)
            || i.short_name
                .as_deref()
                .is_some_and(|s| s.to_lowercase() == wanted.to_lowercase())
            || i.name.to_lowercase() == wanted.to_lowercase()
    });
    match found {
        Some(i) => Ok(i.id.clone()),
        None => {
            let help = closest(wanted, content.institutions.iter().map(|i| i.id.as_str()))
                .map(|h| format!(" (did you mean `{h}`?)"))
                .unwrap_or_default();
            Err(format!(
                "no institution `{wanted}` in content/iestades.yaml{help}; add it there first (`- id: …`, `name: …`, see docs/authoring.md)"
            ))
        }
    }
}

/// The folder of the course `given` (its id or folder name).
fn course_dir(root: &Path, content: &Content, given: &str) -> Result<(String, PathBuf), String> {
    let home = home_of(NewKind::Course);
    let folder_of = |c: &crate::model::Course| {
        Path::new(&c.doc.file)
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    match content
        .courses
        .iter()
        .find(|c| c.doc.id == given || folder_of(c) == given || slugify(&folder_of(c)) == given)
    {
        Some(c) => Ok((slugify(&folder_of(c)), root.join(&home).join(folder_of(c)))),
        None => {
            let ids: Vec<&str> = content.courses.iter().map(|c| c.doc.id.as_str()).collect();
            Err(if ids.is_empty() {
                format!("no course `{given}`; start one with `katalogs new course \"Nosaukums\"`")
            } else {
                format!("no course `{given}`; the courses are: {}", ids.join(", "))
            })
        }
    }
}

/// The number and weight of the next lesson in a course folder: one past the highest file
/// number and the highest weight.
fn next_lesson(content: &Content, course: &str, dir: &Path) -> (u32, i64) {
    let numbers = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u32>().ok()
        });
    let number = numbers.max().unwrap_or(0) + 1;
    let weight = content
        .lessons
        .iter()
        .filter(|l| l.course == course)
        .filter_map(|l| l.weight)
        .max()
        .map_or(i64::from(number), |w| w + 1);
    (number, weight)
}

/// Where a new object's file goes and what it says.
fn starter(
    root: &Path,
    content: &Content,
    ui: &crate::ui::Ui,
    req: &Request,
) -> Result<(PathBuf, String, String), String> {
    let id = req.id.map_or_else(|| slugify(req.name), str::to_string);
    if id.is_empty() || !crate::schema::is_valid_id(&id) {
        return Err(format!(
            "cannot make an id from `{}`; use Latin letters or digits, or pass --id",
            req.id.unwrap_or(req.name)
        ));
    }
    if matches!(req.kind, NewKind::Course | NewKind::Lesson) && req.section.is_some() {
        return Err(
            "a course is a folder of content/kursi/ and its lessons live in it: use --course ID for a lesson, no --section"
                .to_string(),
        );
    }
    if req.holder.is_some() && !matches!(req.kind, NewKind::Service) {
        return Err("--holder is for a service".to_string());
    }
    if req.course.is_some() && !matches!(req.kind, NewKind::Lesson) {
        return Err("--course is for a lesson".to_string());
    }
    let title = quoted(req.name);
    let date = today();
    let t = |key: &str| ui.get(&format!("new.{key}")).to_string();
    let home = home_of(req.kind);
    let dir = |default: PathBuf| -> Result<PathBuf, String> {
        match req.section {
            Some(s) => section_dir(&home, s).map(|d| root.join(d)),
            None => Ok(root.join(default)),
        }
    };
    Ok(match req.kind {
        NewKind::Page => (
            dir(home.clone())?.join(format!("{id}.md")),
            format!(
                "---\ntitle: {title}\nsummary: {}\nweight: 100\nupdated: {date}\n---\n\n<!-- {} -->\n",
                ask(&t("page_summary")),
                t("page_body"),
            ),
            id,
        ),
        NewKind::Service => {
            let holder = req.holder.map(|h| holder_id(content, h)).transpose()?;
            let folder = match &holder {
                Some(h) => home.join(h),
                None => home.clone(),
            };
            let s = Kind::Service;
            (
                dir(folder)?.join(format!("{id}.md")),
                format!(
                    "---\ntitle: {title}\nsummary: {}\nholder: {}\naudience: [{}]\ntype: {}\nsubtype: {}\nchannels: [{}]\nupdated: {date}\n---\n\n<!-- {} -->\n",
                    ask(&t("service_summary")),
                    holder.unwrap_or_else(|| ask(&t("holder"))),
                    ask_one_of(ui, s, "audience", &AUDIENCE),
                    ask_one_of(ui, s, "type", &SERVICE_TYPE),
                    ask_one_of(ui, s, "subtype", &SERVICE_SUBTYPE),
                    ask_one_of(ui, s, "channels", &CHANNEL),
                    t("service_body"),
                ),
                id,
            )
        }
        NewKind::Term => (
            dir(home.clone())?.join(format!("{id}.md")),
            format!(
                "---\nterm: {title}\nshort: {}\nsource: {}\nupdated: {date}\n---\n\n<!-- {} -->\n",
                ask(&t("term_short")),
                ask(&t("term_source")),
                t("term_body"),
            ),
            id,
        ),
        NewKind::Situation => (
            dir(home.clone())?.join(format!("{id}.md")),
            format!(
                "---\ntitle: {title}\nsummary: {}\nsteps:\n  - title: {}\n    services: [{}]\nupdated: {date}\n---\n\n<!-- {} -->\n",
                ask(&t("situation_summary")),
                ask(&t("step_title")),
                ask(&t("step_services")),
                t("situation_body"),
            ),
            id,
        ),
        NewKind::Course => (
            root.join(&home).join(&id).join("_index.md"),
            format!(
                "---\ntitle: {title}\nsummary: {}\nobjectives: [{}]\nupdated: {date}\n---\n\n<!-- {} -->\n",
                ask(&t("course_summary")),
                ask(&t("course_objectives")),
                t("course_body").replace("{course}", &id),
            ),
            id,
        ),
        NewKind::Lesson => {
            let Some(given) = req.course else {
                return Err(
                    "a lesson belongs to a course: pass --course ID (`katalogs new course` starts one)"
                        .to_string(),
                );
            };
            let (course, folder) = course_dir(root, content, given)?;
            let (number, weight) = next_lesson(content, &course, &folder);
            let file = match req.id {
                Some(_) => id.clone(),
                None => format!("{number:02}-{id}"),
            };
            (
                folder.join(format!("{file}.md")),
                format!(
                    "---\ntitle: {title}\nweight: {weight}\nduration: {}\nobjectives: [{}]\nprerequisites: []\nupdated: {date}\n---\n\n<!-- {} -->\n",
                    ask(&t("lesson_duration")),
                    ask(&t("lesson_objectives")),
                    t("lesson_body"),
                ),
                format!("{course}/{file}"),
            )
        }
    })
}

/// The object that already has `id` (for a lesson, `course/lesson`): its kind and file. A
/// lesson's id is taken by any other kind and by a lesson of its own course; any other
/// object's id, by an object of any kind (a lesson of any course too).
fn taken<'c>(content: &'c Content, id: &str) -> Option<(Kind, &'c str)> {
    let (course, own) = match id.split_once('/') {
        Some((c, l)) => (Some(c), l),
        None => (None, id),
    };
    Kind::ALL.into_iter().find_map(|kind| {
        (0..content.count(kind)).find_map(|i| {
            let key = ObjKey::new(kind, i);
            let same_course =
                kind != Kind::Lesson || course.is_none_or(|c| content.lessons[i].course == c);
            (content.id(key) == own && same_course).then(|| (kind, content.source(key).0))
        })
    })
}

/// A free id like `id`: `id-2`, `id-3`, …
fn free_id(content: &Content, id: &str) -> String {
    (2..)
        .map(|n| format!("{id}-{n}"))
        .find(|c| taken(content, c).is_none())
        .expect("some number is free")
}

/// `katalogs new`: writes a starter file for one object; returns the exit code.
pub fn run(out: &Ui, root: Option<&Path>, req: &Request) -> u8 {
    let root = match site_root(root) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let (theme, language) = crate::config::Config::load(&root)
        .map(|c| (c.theme, c.language))
        .unwrap_or_else(|_| ("default".to_string(), "lv".to_string()));
    let ui = match crate::render::i18n::site_ui(&root, &theme, &language) {
        Ok((ui, _)) => ui,
        Err(d) => {
            crate::cli::print_diagnostics(&root, &[d], false);
            return EXIT_USAGE;
        }
    };
    let content = crate::load::load(&root, &ui, Profile::Public).content;
    let (path, text, id) = match starter(&root, &content, &ui, req) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}; nothing written");
            return EXIT_USAGE;
        }
    };
    if let Some((kind, file)) = taken(&content, &id) {
        let own = id.rsplit('/').next().unwrap_or(&id);
        let free = free_id(&content, &id);
        let free = free.rsplit('/').next().unwrap_or(&free);
        eprintln!(
            "error: the id `{own}` is taken by the {} in {file}; nothing written\n  help: pass another id, e.g. --id {free}",
            kind.slug()
        );
        return EXIT_CONTENT;
    }
    if path.exists() {
        eprintln!("error: {} already exists; nothing written", path.display());
        return EXIT_CONTENT;
    }
    if let Err(e) = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|_| std::fs::write(&path, text))
    {
        eprintln!("error: cannot write {}: {e}", path.display());
        return EXIT_IO;
    }
    if !out.quiet {
        eprintln!(
            "created {}\nnext: replace each `‹…›` with the value it asks for (or delete lines the sources do not give); `katalogs check` lists the ones left",
            path.display()
        );
        if matches!(req.kind, NewKind::Course) {
            eprintln!("lessons: katalogs new lesson \"Nosaukums\" --course {id}");
        }
    }
    EXIT_OK
}

/// Files of a new site.
fn init_files() -> Vec<(&'static str, String)> {
    let date = today();
    vec![
        ("katalogs.toml", "title = \"Mans katalogs\"\ndescription = \"Pakalpojumu katalogs un metodika\"\nlanguage = \"lv\"\n# The built-in theme; copy it to themes/default/ or put single templates in templates/ to change it.\ntheme = \"default\"\n# base_url = \"https://example.gov.lv/katalogs/\"\n\n[build]\noutput = \"site\"\n\n[data]\nlicence = \"CC BY 4.0\"\n".to_string()),
        ("content/_index.md", format!("---\ntitle: Mans katalogs\nsummary: Pakalpojumi, dzīves situācijas un metodika vienuviet.\nupdated: {date}\n---\n\nŠī ir jaunas katalogs vietnes sākumlapa. Rediģējiet `content/_index.md`.\n")),
        ("content/iestades.yaml", "- id: iestade\n  name: Piemēra iestāde\n  short_name: PI\n  kind: iestade\n".to_string()),
        ("content/avoti.yaml", "# Avoti: dokumenti, uz kuriem saturs balstīts; `source:` priekšvārdā norāda avota id.\n- id: piemera-avots\n  title: Piemēra dokuments\n  publisher: Piemēra iestāde\n".to_string()),
        ("content/vadlinijas/_index.md", format!("---\ntitle: Vadlīnijas\nsummary: Metodiskie norādījumi.\nweight: 10\nupdated: {date}\n---\n\nSadaļas ievads.\n")),
        ("content/vadlinijas/pirma-lapa.md", format!("---\ntitle: Pirmā lapa\nsummary: Piemērs vadlīniju lapai.\nweight: 1\nupdated: {date}\n---\n\nLapa ar saiti uz [[piemera-pakalpojums]] un terminu pakalpojums.\n\n> [!NOTE]\n> Piezīme.\n\n## Sadaļa\n\n| Kolonna | Vērtība |\n|---|---|\n| a | b |\n")),
        ("content/pakalpojumi/_index.md", format!("---\ntitle: Pakalpojumu katalogs\nsummary: Visi pakalpojumi.\nupdated: {date}\n---\n")),
        ("content/pakalpojumi/piemera-pakalpojums.md", format!("---\ntitle: Piemēra pakalpojums\nsummary: Ko saņēmējs iegūst.\nholder: iestade\naudience: [iedzivotaji]\ntype: publisks\nsubtype: individuala-labuma\nchannels: [klatiene, iestades-vietne]\nstages:\n  informacija: [iestades-vietne]\n  pieprasijums: [iestades-vietne, klatiene]\nlife_situations: [piemera-situacija]\nkeywords: [piemērs]\nupdated: {date}\n---\n\nPakalpojuma apraksts.\n")),
        ("content/dzives-situacijas/_index.md", format!("---\ntitle: Dzīves situācijas\nsummary: Pakalpojumi, sakārtoti pēc dzīves notikumiem.\nupdated: {date}\n---\n")),
        ("content/dzives-situacijas/piemera-situacija.md", format!("---\ntitle: Piemēra situācija\nsummary: Kad tā rodas.\ncoordinator: iestade\nsteps:\n  - title: Pirmais solis\n    services: [piemera-pakalpojums]\nupdated: {date}\n---\n\nSituācijas apraksts.\n")),
        ("content/kursi/_index.md", format!("---\ntitle: Mācību kursi\nsummary: Kursi darbiniekiem.\nupdated: {date}\n---\n")),
        ("content/kursi/ievads/_index.md", format!("---\ntitle: Ievada kurss\nsummary: Pirmais kurss.\nobjectives: [Iepazīt katalogu]\nupdated: {date}\n---\n")),
        ("content/kursi/ievads/01-sakums.md", format!("---\ntitle: Sākums\nweight: 1\nduration: 30\nobjectives: [Atrast pakalpojumu]\nupdated: {date}\n---\n\nNodarbības saturs.\n")),
        ("glossary/_index.md", format!("---\ntitle: Glosārijs\nsummary: Jēdzienu skaidrojumi.\nupdated: {date}\n---\n")),
        ("glossary/pakalpojums.md", format!("---\nterm: Pakalpojums\nenglish: service\nsource: piemera-avots\nupdated: {date}\n---\n\nDarbība, kas apmierina saņēmēja vajadzību.\n")),
        (".gitignore", "/site\n".to_string()),
    ]
}

/// `katalogs init`: creates a new buildable site in `dir`; returns the exit code.
pub fn init(ui: &Ui, dir: &Path) -> u8 {
    if dir.join(crate::config::CONFIG_FILE).exists() {
        eprintln!(
            "error: {} already holds a site; nothing written",
            dir.display()
        );
        return EXIT_CONTENT;
    }
    for (rel, text) in init_files() {
        let path = dir.join(rel);
        if path.exists() {
            continue;
        }
        if let Err(e) = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&path, text))
        {
            eprintln!("error: cannot write {}: {e}", path.display());
            return EXIT_IO;
        }
    }
    if !ui.quiet {
        eprintln!(
            "created a new site in {}\nnext: cd {} && katalogs serve",
            dir.display(),
            dir.display()
        );
    }
    EXIT_OK
}
