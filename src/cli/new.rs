//! `katalogs new` writes a valid starter file for one object; `katalogs init` creates a new
//! site with one example of each kind that builds as it is (the theme is the built-in one).

use std::path::{Path, PathBuf};

use crate::cli::{EXIT_CONTENT, EXIT_IO, EXIT_OK, EXIT_USAGE, NewKind, Ui, site_root};
use crate::load::slug::slugify;

fn today() -> String {
    jiff::Zoned::now().date().to_string()
}

/// A YAML double-quoted string.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("strings serialise")
}

fn first_id_in(path: &Path, key: &str) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines().find_map(|l| {
        l.trim_start_matches(['-', ' '])
            .strip_prefix(&format!("{key}:"))
            .map(|v| v.trim().trim_matches('"').to_string())
    })
}

fn first_service(root: &Path) -> Option<String> {
    let dir = root.join("content/pakalpojumi");
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.file_name() != "_index.md" && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| slugify(&e.path().file_stem().unwrap_or_default().to_string_lossy()))
        .next()
}

fn starter(
    root: &Path,
    kind: NewKind,
    name: &str,
    section: Option<&str>,
) -> Result<(PathBuf, String), String> {
    let id = slugify(name);
    if id.is_empty() {
        return Err(format!(
            "cannot make a file name from `{name}`; use Latin letters or digits"
        ));
    }
    let title = quoted(name);
    let date = today();
    Ok(match kind {
        NewKind::Page => {
            let mut dir = root.join("content");
            if let Some(s) = section {
                for part in s.split('/').filter(|p| !p.is_empty()) {
                    let part = slugify(part);
                    if part.is_empty() {
                        return Err(format!("`{s}` is not a usable folder name"));
                    }
                    dir.push(part);
                }
            }
            (
                dir.join(format!("{id}.md")),
                format!(
                    "---\ntitle: {title}\nsummary: \"\"\nweight: 100\nupdated: {date}\n---\n\nIevads.\n\n## Pirmā sadaļa\n\nTeksts.\n"
                ),
            )
        }
        NewKind::Service => {
            let holder = first_id_in(&root.join("content/iestades.yaml"), "id").ok_or(
                "add an institution to content/iestades.yaml first: a service card needs a holder",
            )?;
            (
                root.join("content/pakalpojumi").join(format!("{id}.md")),
                format!(
                    "---\ntitle: {title}\nsummary: \"\"\nholder: {holder}\naudience: [iedzivotaji]\ntype: publisks\nsubtype: individuala-labuma\nchannels: [klatiene]\nstages:\n  informacija: [iestades-vietne]\n  pieprasijums: [klatiene]\nkeywords: []\nupdated: {date}\n---\n\nKam pakalpojums paredzēts un ko saņēmējs iegūst.\n"
                ),
            )
        }
        NewKind::Term => (
            root.join("glossary").join(format!("{id}.md")),
            format!(
                "---\nterm: {title}\nabbreviations: []\nsynonyms: []\nenglish: \"\"\n# source: <avota id no content/avoti.yaml>\nupdated: {date}\n---\n\nDefinīcija vienā vai dažos teikumos.\n"
            ),
        ),
        NewKind::Situation => {
            let service = first_service(root)
                .ok_or("add a service card first: a life situation lists at least one service")?;
            (
                root.join("content/dzives-situacijas")
                    .join(format!("{id}.md")),
                format!(
                    "---\ntitle: {title}\nsummary: \"\"\ncircumstances: []\nsteps:\n  - title: Pirmais solis\n    services: [{service}]\nupdated: {date}\n---\n\nKad šī situācija rodas un kas jādara.\n"
                ),
            )
        }
    })
}

pub fn run(ui: &Ui, root: Option<&Path>, kind: NewKind, name: &str, section: Option<&str>) -> u8 {
    let root = match site_root(root) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let (path, text) = match starter(&root, kind, name, section) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
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
    if !ui.quiet {
        eprintln!("created {}", path.display());
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
