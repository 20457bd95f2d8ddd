//! Bad input gets a clear error naming file, line, column, field, expected and found; every
//! error of a build is reported at once; a failed build leaves the previous site as it was.

mod common;

use common::{Site, find};
use serde_json::Value;

fn at(d: &Value) -> (String, u64, u64) {
    (
        d["file"].as_str().unwrap_or("").to_string(),
        d["line"].as_u64().unwrap_or(0),
        d["column"].as_u64().unwrap_or(0),
    )
}

/// (code, file, line, column, message) of a diagnostic.
fn said(d: &Value) -> (String, String, u64, u64, String) {
    let (file, line, column) = at(d);
    (
        d["code"].as_str().unwrap_or("").to_string(),
        file,
        line,
        column,
        d["message"].as_str().unwrap_or("").to_string(),
    )
}

fn owned(text: &str) -> String {
    text.to_string()
}

fn fails_with(site: &Site, needle: &str) -> Value {
    let (code, diags) = site.check();
    assert_eq!(code, 1, "check must fail: {diags:#?}");
    find(&diags, needle).clone()
}

#[test]
fn the_minimal_site_is_clean() {
    let (code, diags) = Site::minimal().check();
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}");
}

#[test]
fn unclosed_front_matter() {
    let s = Site::minimal();
    s.write(
        "content/vadlinijas/x.md",
        "---\ntitle: X\n\nBody without closing line.\n",
    );
    let d = fails_with(&s, "K0106");
    assert_eq!(
        said(&d),
        (
            owned("K0106"),
            owned("content/vadlinijas/x.md"),
            1,
            1,
            owned("galvene nav aizvērta")
        )
    );
    assert_eq!(d["found"], "faila beigas");
}

#[test]
fn malformed_yaml_names_its_line() {
    let s = Site::minimal();
    s.write(
        "content/vadlinijas/x.md",
        "---\ntitle: X\ntags: [a, b\nweight: 1\n---\n",
    );
    let d = fails_with(&s, "K0207");
    assert_eq!(
        said(&d),
        (
            owned("K0207"),
            owned("content/vadlinijas/x.md"),
            3,
            7,
            owned("saraksts vai kartējums nav aizvērts")
        )
    );
}

#[test]
fn alias_bomb_is_refused_quickly() {
    let s = Site::minimal();
    let mut yaml = String::from("---\ntitle: X\na: &a [x,x,x,x,x,x,x,x,x,x]\n");
    let mut prev = 'a';
    for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] {
        yaml.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 10].join(",")
        ));
        prev = name;
    }
    yaml.push_str("---\n");
    s.write("content/vadlinijas/bomb.md", &yaml);
    let started = std::time::Instant::now();
    let d = fails_with(&s, "K0208");
    assert!(started.elapsed().as_secs() < 10);
    assert_eq!(d["file"], "content/vadlinijas/bomb.md");
}

#[test]
fn missing_required_field() {
    let s = Site::minimal();
    s.write(
        "content/pakalpojumi/x.md",
        "---\ntitle: X\nsummary: S\n---\n",
    );
    let d = fails_with(&s, "K0304");
    assert_eq!(
        said(&d),
        (
            owned("K0304"),
            owned("content/pakalpojumi/x.md"),
            2,
            1,
            owned("trūkst obligātā lauka")
        )
    );
    assert_eq!(d["field"], "holder");
    assert_eq!(d["label"], "Pakalpojuma turētājs");
}

#[test]
fn unknown_field_with_suggestion() {
    let s = Site::minimal();
    s.write(
        "content/pakalpojumi/x.md",
        "---\ntitle: X\nholdr: vid\nholder: vid\n---\n",
    );
    let d = fails_with(&s, "K0302");
    assert_eq!(
        said(&d),
        (
            owned("K0302"),
            owned("content/pakalpojumi/x.md"),
            3,
            1,
            owned("nezināms lauks")
        )
    );
    assert_eq!(d["help"], "vai domājāt `holder`?");
    assert_eq!(d["found"], "`holdr`");
}

#[test]
fn wrong_type() {
    let s = Site::minimal();
    s.write(
        "content/vadlinijas/x.md",
        "---\ntitle: X\nweight: smags\ntags: viens\n---\n",
    );
    let (_, diags) = s.check();
    let weight = diags.iter().find(|d| d["line"] == 3).expect("weight error");
    assert_eq!(
        said(weight),
        (
            owned("K0313"),
            owned("content/vadlinijas/x.md"),
            3,
            9,
            owned("nepareizs vērtības veids")
        )
    );
    assert_eq!(weight["found"], "teksts \"smags\"");
    let tags = diags.iter().find(|d| d["line"] == 4).expect("tags error");
    assert_eq!(tags["expected"], "saraksts, katrs elements — teksts");
}

#[test]
fn duplicate_ids_across_files() {
    let s = Site::minimal();
    std::thread::sleep(std::time::Duration::from_millis(20));
    s.write(
        "content/pakalpojumi/cits/deklaracija.md",
        "---\ntitle: Cita\nholder: vid\n---\n",
    );
    // The newer file is the duplicate, though it comes first in path order; it names the
    // older one. Its output path is the same too, but that is not a second error.
    let (code, diags) = s.check();
    assert_eq!((code, diags.len()), (1, 1), "{diags:#?}");
    let d = &diags[0];
    assert_eq!(
        said(d),
        (
            owned("K0401"),
            owned("content/pakalpojumi/cits/deklaracija.md"),
            1,
            1,
            owned("identifikators `deklaracija` jau ir aizņemts (service)")
        )
    );
    assert_eq!(
        d["found"],
        "`deklaracija`, jau izmantots failā content/pakalpojumi/deklaracija.md:1:1"
    );
}

#[test]
fn file_names_differing_only_in_case_or_diacritics_collide() {
    let s = Site::minimal();
    s.write("glossary/Pārvaldība.md", "---\nterm: Pārvaldība\n---\nA.\n");
    s.write("glossary/parvaldiba.md", "---\nterm: Parvaldiba\n---\nB.\n");
    fails_with(&s, "K0401");
}

#[test]
fn dangling_wiki_link_has_its_position() {
    let s = Site::minimal();
    s.write(
        "content/vadlinijas/x.md",
        "---\ntitle: X\n---\nPirmā rinda.\n\nOtrā ar [[nav-tads|saiti]].\n",
    );
    let d = fails_with(&s, "K0418");
    assert_eq!(
        said(&d),
        (
            owned("K0418"),
            owned("content/vadlinijas/x.md"),
            6,
            9,
            owned("vikisaite nekur neved")
        )
    );
    assert_eq!(d["found"], "[[nav-tads]]");
}

#[test]
fn ambiguous_wiki_link_suggests_qualified_forms() {
    let s = Site::minimal();
    s.write("glossary/vid.md", "---\nterm: VID\n---\nA.\n");
    s.write("content/vadlinijas/x.md", "---\ntitle: X\n---\n[[vid]]\n");
    let d = fails_with(&s, "K0419");
    assert!(d["help"].as_str().unwrap().contains("[[term:vid]]"), "{d}");
}

#[test]
fn invalid_utf8() {
    let s = Site::minimal();
    s.write_bytes(
        "content/vadlinijas/x.md",
        b"---\ntitle: X\n---\nLabi\nslikti \xFF\xFE\n",
    );
    let d = fails_with(&s, "K0103");
    assert_eq!(
        said(&d),
        (
            owned("K0103"),
            owned("content/vadlinijas/x.md"),
            5,
            8,
            owned("fails nav UTF-8 kodējumā")
        )
    );
    assert_eq!(d["found"], "baits 0xFF");
}

#[test]
fn empty_file() {
    let s = Site::minimal();
    s.write("content/vadlinijas/x.md", "");
    let d = fails_with(&s, "K0107");
    assert_eq!(
        said(&d),
        (
            owned("K0107"),
            owned("content/vadlinijas/x.md"),
            1,
            1,
            owned("fails ir tukšs")
        )
    );
}

#[test]
fn bom_crlf_and_front_matter_only_files_are_fine() {
    let s = Site::minimal();
    s.write_bytes(
        "content/vadlinijas/bom.md",
        "\u{feff}---\r\ntitle: Ar BOM\r\n---\r\nTeksts.\r\n".as_bytes(),
    );
    s.write(
        "content/vadlinijas/tikai.md",
        "---\ntitle: Tikai front matter\n---",
    );
    let (code, diags) = s.check();
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}");
    // Positions after CRLF lines are still right.
    s.write_bytes(
        "content/vadlinijas/crlf.md",
        b"---\r\ntitle: X\r\nholdr: 1\r\n---\r\n",
    );
    let d = fails_with(&s, "K0302");
    assert_eq!(at(&d), ("content/vadlinijas/crlf.md".into(), 3, 1));
}

#[test]
fn domain_references_are_checked() {
    let s = Site::minimal();
    s.write(
        "content/pakalpojumi/x.md",
        "---\ntitle: X\nholder: vidd\nlife_situations: [nav]\nterms: [nav-termina]\nchannels: [latvia-lv]\nupdated: 2024-13-45\n---\n",
    );
    let (code, diags) = s.check();
    assert_eq!(code, 1);
    let holder = find(&diags, "K0405");
    assert_eq!(
        said(holder),
        (
            owned("K0405"),
            owned("content/pakalpojumi/x.md"),
            3,
            9,
            owned("nezināms identifikators")
        )
    );
    assert_eq!(holder["help"], "vai domājāt `vid`?");
    assert_eq!(holder["field"], "holder");
    assert_eq!(holder["label"], "Pakalpojuma turētājs");
    let unknown: Vec<(u64, &str)> = diags
        .iter()
        .filter(|d| d["code"] == "K0405")
        .map(|d| (d["line"].as_u64().unwrap(), d["field"].as_str().unwrap()))
        .collect();
    assert_eq!(
        unknown,
        [(3, "holder"), (4, "life_situations"), (5, "terms")]
    );
    let channel = find(&diags, "K0310");
    assert!(
        channel["expected"]
            .as_str()
            .unwrap()
            .contains("latvija-lv (E-pakalpojums portālā Latvija.lv)")
    );
    assert_eq!(channel["help"], "vai domājāt `latvija-lv`?");
    let date = find(&diags, "K0306");
    assert_eq!(date["line"], 7);
    assert_eq!(
        date["expected"],
        "datums formā GGGG-MM-DD, piemēram, 2026-11-20"
    );
    assert_eq!(date.get("help"), None, "no date to suggest for 2024-13-45");
}

#[test]
fn an_unknown_source_id_names_the_registry_and_a_close_id() {
    let s = Site::minimal();
    s.write(
        "content/avoti.yaml",
        "- id: vpps-novertejums\n  title: Novērtējums\n  publisher: VARAM\n  year: 2021\n- id: vpps-novertejums\n  title: Otrs\n",
    );
    s.write(
        "glossary/termins.md",
        "---\nterm: Termins\nsource: vpps-novertejum\n---\nTeksts.\n",
    );
    s.write(
        "content/vadlinijas/faila-vards.md",
        "---\ntitle: X\nsource: 003_0c84cda1a48bf619.txt\n---\n",
    );
    let (code, diags) = s.check();
    assert_eq!(code, 1);
    let d = find(&diags, "K0425");
    assert_eq!(d["message"], "nezināms avots");
    assert_eq!(at(d), ("glossary/termins.md".into(), 3, 9));
    assert_eq!(d["field"], "source");
    assert_eq!(d["label"], "Avots");
    assert_eq!(d["expected"], "avota identifikators no content/avoti.yaml");
    assert_eq!(d["found"], "`vpps-novertejum`");
    assert_eq!(d["help"], "vai domājāt `vpps-novertejums`?");
    // A file name where an id belongs is refused as an id.
    let file_name = find(&diags, "K0308");
    assert_eq!(file_name["file"], "content/vadlinijas/faila-vards.md");
    let dup = find(&diags, "K0424");
    assert_eq!(at(dup), ("content/avoti.yaml".into(), 5, 7));
    assert_eq!(
        dup["found"],
        "`vpps-novertejums`, jau izmantots content/avoti.yaml:1:7"
    );
}

#[test]
fn situation_service_references_and_empty_situations() {
    let s = Site::minimal();
    s.write(
        "content/dzives-situacijas/x.md",
        "---\ntitle: X\nsteps:\n  - title: A\n    services: [nav-pakalpojuma]\n---\n",
    );
    s.write(
        "content/dzives-situacijas/tuksa.md",
        "---\ntitle: Tukša\n---\n",
    );
    let (_, diags) = s.check();
    assert_eq!(find(&diags, "K0405")["line"], 5);
    assert_eq!(
        find(&diags, "K0408")["file"],
        "content/dzives-situacijas/tuksa.md"
    );
}

#[test]
fn templates_must_exist_be_unified_and_not_cycle() {
    let s = Site::minimal();
    s.write(
        "content/pakalpojumi/a.md",
        "---\ntitle: A\nholder: vid\nunified: true\ntemplate: b\n---\n",
    );
    s.write(
        "content/pakalpojumi/b.md",
        "---\ntitle: B\nholder: vid\nunified: true\ntemplate: a\n---\n",
    );
    s.write(
        "content/pakalpojumi/c.md",
        "---\nholder: vid\ntemplate: nav-sablona\n---\n",
    );
    s.write(
        "content/pakalpojumi/d.md",
        "---\nholder: vid\ntemplate: deklaracija\n---\n",
    );
    let (_, diags) = s.check();
    let cycle = find(&diags, "K0416");
    assert!(cycle["found"].as_str().unwrap().contains("→"), "{cycle}");
    assert_eq!(find(&diags, "K0413")["file"], "content/pakalpojumi/c.md");
    assert_eq!(find(&diags, "K0415")["file"], "content/pakalpojumi/d.md");
}

#[test]
fn one_sided_situation_links_are_warnings() {
    let s = Site::minimal();
    s.write(
        "content/pakalpojumi/viens.md",
        "---\ntitle: Viens\nholder: vid\nlife_situations: [darbs]\n---\n",
    );
    let (code, diags) = s.check();
    assert_eq!(code, 0, "warnings alone do not fail check");
    let w = find(&diags, "K0410");
    assert_eq!(
        w["message"],
        "dzīves situācijā nav norādīts šis pakalpojums"
    );
    assert_eq!(w["severity"], "warning");
    let strict = s.run(&["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn all_errors_are_reported_at_once() {
    let s = Site::minimal();
    s.write("content/vadlinijas/a.md", "---\ntitle: A\nholdr: 1\n---\n");
    s.write("content/vadlinijas/b.md", "");
    s.write(
        "content/pakalpojumi/c.md",
        "---\ntitle: C\nholder: nav\n---\n[[nav]]\n",
    );
    let (_, diags) = s.check();
    let files: std::collections::BTreeSet<&str> =
        diags.iter().filter_map(|d| d["file"].as_str()).collect();
    assert!(files.contains("content/vadlinijas/a.md"));
    assert!(files.contains("content/vadlinijas/b.md"));
    assert!(
        diags
            .iter()
            .filter(|d| d["file"] == "content/pakalpojumi/c.md")
            .count()
            >= 2,
        "{diags:#?}"
    );
}

#[test]
fn failed_build_leaves_the_previous_site_untouched() {
    let s = Site::minimal();
    let out = s.build_ok(&[]);
    let before = common::files(&out);
    s.write(
        "content/vadlinijas/lapa.md",
        "---\ntitle: Salauzta\n---\n[[nav]]\n",
    );
    let failed = s.run(&["build"]);
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("content/vadlinijas/lapa.md:4:1"),
        "{stderr}"
    );
    assert_eq!(
        common::files(&out),
        before,
        "site/ changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(s.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("building") || n.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn config_errors_have_positions_and_suggestions() {
    let s = Site::minimal();
    s.write("katalogs.toml", "title = \"T\"\n[build]\noutptu = \"x\"\n");
    let (code, diags) = s.check();
    assert_eq!(code, 1);
    let d = &diags[0];
    assert_eq!(
        (d["file"].as_str().unwrap(), d["line"].as_u64().unwrap()),
        ("katalogs.toml", 3)
    );
    assert_eq!(d["code"], "K0501");
    assert_eq!(d["help"], "vai domājāt `output`?");
}

#[test]
fn human_output_shows_the_source_line() {
    let s = Site::minimal();
    s.write(
        "content/pakalpojumi/x.md",
        "---\ntitle: X\nholder: vidd\n---\n",
    );
    let out = s.run(&["check"]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("content/pakalpojumi/x.md:3:9"), "{text}");
    assert!(text.contains("holder: vidd"), "{text}");
    assert!(
        text.contains("kļūda[K0405]: holder (Pakalpojuma turētājs): nezināms identifikators"),
        "{text}"
    );
    assert!(text.contains("padoms: vai domājāt `vid`?"), "{text}");
    assert!(text.contains("1 kļūda, 0 brīdinājumu"), "{text}");
}

#[test]
fn yaml_mistakes_are_explained_with_a_hint_at_their_character() {
    // (front matter, code, line, column, message, help)
    let cases = [
        (
            "title: X\n  summary: S\n",
            "K0202",
            3,
            3,
            "rindas atkāpe neatbilst laukiem ap to",
            "pārbaudiet atstarpes šīs un iepriekšējās rindas sākumā; ja šī rinda turpina \
             iepriekšējās vērtību, ielieciet visu vērtību pēdiņās",
        ),
        (
            "title: Pieteikums: iesniegšana\n",
            "K0203",
            2,
            18,
            "vērtībā ir kols ar atstarpi (`: `), ko YAML uztver kā jauna lauka sākumu",
            "ielieciet vērtību pēdiņās: `title: \"Pieteikums: iesniegšana\"`",
        ),
        (
            "title: X\ntags:\n\t- a\n",
            "K0204",
            4,
            1,
            "atkāpē ir tabulācijas rakstzīme",
            "aizstājiet tabulāciju ar atstarpēm; YAML atkāpēs tabulāciju neatļauj",
        ),
        (
            "title: \"X\ntags: [a]\n",
            "K0205",
            2,
            8,
            "pēdiņas nav aizvērtas",
            "aizveriet pēdiņas tās pašas vērtības beigās; ja tekstā ir pēdiņa, rakstiet to \
             divreiz ('') vai lietojiet citas pēdiņas",
        ),
        (
            "title: X\ntags: [a]\ntags: [b]\n",
            "K0206",
            4,
            1,
            "lauks `tags` ir norādīts divreiz",
            "atstājiet vienu `tags:` rindu; vairākas vērtības rakstiet sarakstā, piemēram, \
             `tags: [a, b]`",
        ),
    ];
    for (yaml, code, line, column, message, help) in cases {
        let site = Site::minimal();
        site.write(
            "content/vadlinijas/x.md",
            &format!("---\n{yaml}---\nTeksts.\n"),
        );
        let (status, diags) = site.check();
        assert_eq!((status, diags.len()), (1, 1), "{yaml:?}: {diags:#?}");
        let d = &diags[0];
        assert_eq!(
            said(d),
            (
                owned(code),
                owned("content/vadlinijas/x.md"),
                line,
                column,
                owned(message)
            ),
            "{yaml:?}"
        );
        assert_eq!(d["help"], help, "{yaml:?}");
        let all = d.to_string();
        for jargon in ["mapping", "scalar", "DuplicateKeyPolicy", "Options"] {
            assert!(!all.contains(jargon), "{yaml:?}: {all}");
        }
    }
}

#[test]
fn one_yaml_error_in_a_lesson_is_the_only_error_of_the_build() {
    let site = Site::minimal();
    site.write(
        "content/kursi/ievads/_index.md",
        "---\ntitle: Ievads\n---\n",
    );
    site.write(
        "content/kursi/ievads/01-pamati.md",
        "---\ntitle: Pamati\nweight: 1\n---\nTālāk: [[02-turpinajums]].\n",
    );
    site.write(
        "content/kursi/ievads/02-turpinajums.md",
        "---\ntitle: Turpinājums: otrā daļa\nweight: 2\n---\nTeksts.\n",
    );
    site.write(
        "content/kursi/ievads/03-beigas.md",
        "---\ntitle: Beigas\nweight: 3\nprerequisites: [02-turpinajums]\n---\n",
    );
    site.write(
        "content/vadlinijas/macibas.md",
        "---\ntitle: Mācības\n---\nSk. [[lesson:02-turpinajums]].\n",
    );
    let (status, diags) = site.check();
    assert_eq!((status, diags.len()), (1, 1), "{diags:#?}");
    assert_eq!(
        said(&diags[0]),
        (
            owned("K0203"),
            owned("content/kursi/ievads/02-turpinajums.md"),
            2,
            19,
            owned("vērtībā ir kols ar atstarpi (`: `), ko YAML uztver kā jauna lauka sākumu")
        )
    );
    let json = site.run(&["check", "--format", "json"]);
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        (report["errors"].as_u64(), report["warnings"].as_u64()),
        (Some(1), Some(0))
    );
}

#[test]
fn dates_addresses_and_institution_names_get_suggestions() {
    let site = Site::minimal();
    site.write(
        "content/pakalpojumi/x.md",
        "---\ntitle: X\nholder: Valsts ieņēmumu dienests\nproviders: [VID]\n\
         updated: 02.12.2026\neservice_url: www.latvija.lv/lv/pakalpojumi\n---\n",
    );
    let (_, diags) = site.check();
    let help = |line: u64| {
        let d = diags
            .iter()
            .find(|d| d["line"] == line)
            .expect("a diagnostic");
        (said(d), d["help"].as_str().unwrap_or("").to_string())
    };
    let file = || owned("content/pakalpojumi/x.md");
    assert_eq!(
        help(3),
        (
            (
                owned("K0308"),
                file(),
                3,
                9,
                owned("tas nav derīgs identifikators")
            ),
            owned("vai domājāt `vid`?")
        )
    );
    assert_eq!(
        help(4),
        (
            (
                owned("K0308"),
                file(),
                4,
                13,
                owned("tas nav derīgs identifikators")
            ),
            owned("vai domājāt `vid`?")
        )
    );
    assert_eq!(
        help(5),
        (
            (
                owned("K0306"),
                file(),
                5,
                10,
                owned("tas nav datums formā GGGG-MM-DD")
            ),
            owned("vai domājāt `2026-12-02`?")
        )
    );
    assert_eq!(
        help(6),
        (
            (
                owned("K0307"),
                file(),
                6,
                15,
                owned("tā nav pilna tīmekļa adrese")
            ),
            owned("vai domājāt `https://www.latvija.lv/lv/pakalpojumi`?")
        )
    );
    // A valid-looking id made from the institution's full name also points at its id.
    site.write(
        "content/pakalpojumi/x.md",
        "---\ntitle: X\nholder: valsts-ienemumu-dienests\n---\n",
    );
    let (_, diags) = site.check();
    let d = find(&diags, "K0405");
    assert_eq!(at(d), (file(), 3, 9));
    assert_eq!(d["help"], "vai domājāt `vid`?");
}

#[test]
fn references_to_a_file_that_failed_to_load_are_not_reported_again() {
    let site = Site::minimal();
    // The card everything points to breaks; the situation listing it, the page linking it
    // and the card using it as a template say nothing more.
    site.write(
        "content/pakalpojumi/deklaracija.md",
        "---\ntitle: Deklarācija\n\tholder: vid\n---\n",
    );
    site.write(
        "content/pakalpojumi/variants.md",
        "---\nholder: vid\ntemplate: deklaracija\n---\n",
    );
    let (_, diags) = site.check();
    let codes: Vec<(&str, &str)> = diags
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["file"].as_str().unwrap()))
        .collect();
    assert_eq!(codes, [("K0204", "content/pakalpojumi/deklaracija.md")]);
    // A broken registry: no institution reference is reported as unknown.
    std::fs::remove_file(site.path().join("content/pakalpojumi/variants.md")).unwrap();
    site.write(
        "content/pakalpojumi/deklaracija.md",
        "---\ntitle: Deklarācija\nholder: vid\nlife_situations: [darbs]\n---\n",
    );
    site.write("content/iestades.yaml", "- id: vid\n  name: \"VID\n");
    let (_, diags) = site.check();
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["K0205"], "{diags:#?}");
}

#[test]
fn every_sdg_field_is_checked_with_file_line_and_column() {
    let s = Site::minimal();
    s.write(
        "content/pakalpojumi/deklaracija.md",
        "---\n\
         title: Deklarācija\n\
         holder: vid\n\
         life_situations: [darbs]\n\
         authentication: [none, eparaksts]\n\
         payment_methods: [karte]\n\
         documents:\n  - Iesniegums\n  - once_only: true\n  - name: Izziņa\n    once_only: jā\n\
         appeal:\n  url: www.vid.gov.lv/apstridesana\n\
         contact:\n  phone: zvaniet darba laikā\n  email: info(at)vid.gov.lv\n  fax: 1\n\
         languages: [lv, LV, xx]\n\
         ---\nApraksts.\n",
    );
    s.write(
        "content/iestades.yaml",
        "- id: vid\n  name: Valsts ieņēmumu dienests\n  contact:\n    email: mailto:info@vid.gov.lv\n",
    );
    let (code, diags) = s.check();
    assert_eq!(code, 1, "{diags:#?}");
    let card = "content/pakalpojumi/deklaracija.md";
    let got: Vec<(String, String, u64, u64, String)> = diags
        .iter()
        .map(|d| {
            let (file, line, column) = at(d);
            (
                d["code"].as_str().unwrap_or("").to_string(),
                file,
                line,
                column,
                d["field"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let expect = [
        // `none` beside another method.
        ("K0317", card, 5, 18, "authentication"),
        ("K0310", card, 6, 19, "payment_methods"),
        // An input written as a mapping needs its name; once_only is true or false.
        ("K0304", card, 9, 5, "documents.name"),
        ("K0313", card, 11, 16, "documents.once_only"),
        // An appeal needs its text; its link is a full address.
        ("K0304", card, 13, 3, "appeal.text"),
        ("K0307", card, 13, 8, "appeal.url"),
        ("K0316", card, 15, 10, "contact.phone"),
        ("K0315", card, 16, 10, "contact.email"),
        ("K0302", card, 17, 3, "fax"),
        ("K0310", card, 18, 17, "languages"),
        ("K0310", card, 18, 21, "languages"),
        ("K0315", "content/iestades.yaml", 4, 12, "contact.email"),
    ];
    for (code, file, line, column, field) in expect {
        assert!(
            got.iter().any(|g| g
                == &(
                    code.to_string(),
                    file.to_string(),
                    line,
                    column,
                    field.to_string()
                )),
            "{code} at {file}:{line}:{column} ({field}) not in {got:#?}"
        );
    }
    let stand_alone = find(&diags, "K0317");
    assert!(
        stand_alone["message"]
            .as_str()
            .unwrap()
            .contains("`none` (Identifikācija nav vajadzīga)"),
        "{stand_alone:#?}"
    );
    // A `mailto:` address is the address it was meant as.
    let mailto = diags
        .iter()
        .find(|d| d["file"] == "content/iestades.yaml")
        .unwrap();
    assert!(
        mailto.to_string().contains("info@vid.gov.lv"),
        "{mailto:#?}"
    );
    // The same fields, written well, pass.
    s.write(
        "content/pakalpojumi/deklaracija.md",
        "---\n\
         title: Deklarācija\n\
         holder: vid\n\
         life_situations: [darbs]\n\
         authentication: [none]\n\
         payment_methods: [parskaitijums, maksajumu-karte]\n\
         documents:\n  - Iesniegums\n  - name: Izziņa\n    once_only: true\n\
         appeal: Lēmumu var apstrīdēt.\n\
         contact:\n  phone: \"+371 60000000\"\n  email: info@vid.example.lv\n\
         languages: [lv, en]\n\
         ---\nApraksts.\n",
    );
    s.write(
        "content/iestades.yaml",
        "- id: vid\n  name: Valsts ieņēmumu dienests\n  contact:\n    phone: 60000000\n",
    );
    let (code, diags) = s.check();
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}");
}
