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
    let d = fails_with(&s, "front matter is not closed");
    assert_eq!(at(&d), ("content/vadlinijas/x.md".into(), 1, 1));
    assert_eq!(d["found"], "end of file");
}

#[test]
fn malformed_yaml_names_its_line() {
    let s = Site::minimal();
    s.write(
        "content/vadlinijas/x.md",
        "---\ntitle: X\ntags: [a, b\nweight: 1\n---\n",
    );
    let d = fails_with(&s, "malformed YAML");
    assert_eq!(d["file"], "content/vadlinijas/x.md");
    assert!(d["line"].as_u64().unwrap() >= 3, "{d}");
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
    let d = fails_with(&s, "too large or too deeply nested");
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
    let d = fails_with(&s, "required field is missing");
    assert_eq!(d["field"], "holder (Pakalpojuma turētājs)");
    assert_eq!(d["file"], "content/pakalpojumi/x.md");
    assert_eq!(d["line"], 2);
}

#[test]
fn unknown_field_with_suggestion() {
    let s = Site::minimal();
    s.write(
        "content/pakalpojumi/x.md",
        "---\ntitle: X\nholdr: vid\nholder: vid\n---\n",
    );
    let d = fails_with(&s, "unknown field");
    assert_eq!(at(&d), ("content/pakalpojumi/x.md".into(), 3, 1));
    assert_eq!(d["help"], "did you mean `holder`?");
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
    assert_eq!(weight["message"], "wrong type of value");
    assert_eq!(weight["found"], "the text \"smags\"");
    let tags = diags.iter().find(|d| d["line"] == 4).expect("tags error");
    assert_eq!(tags["expected"], "a list of texts");
}

#[test]
fn duplicate_ids_across_files() {
    let s = Site::minimal();
    s.write(
        "content/pakalpojumi/cits/deklaracija.md",
        "---\ntitle: Cita\nholder: vid\n---\n",
    );
    // Files are read in path order; the second one is reported and names the first.
    let d = fails_with(&s, "duplicate service id");
    assert_eq!(d["file"], "content/pakalpojumi/deklaracija.md");
    assert!(
        d["found"]
            .as_str()
            .unwrap()
            .contains("content/pakalpojumi/cits/deklaracija.md:1:1"),
        "{d}"
    );
}

#[test]
fn file_names_differing_only_in_case_or_diacritics_collide() {
    let s = Site::minimal();
    s.write("glossary/Pārvaldība.md", "---\nterm: Pārvaldība\n---\nA.\n");
    s.write("glossary/parvaldiba.md", "---\nterm: Parvaldiba\n---\nB.\n");
    fails_with(&s, "duplicate term id");
}

#[test]
fn dangling_wiki_link_has_its_position() {
    let s = Site::minimal();
    s.write(
        "content/vadlinijas/x.md",
        "---\ntitle: X\n---\nPirmā rinda.\n\nOtrā ar [[nav-tads|saiti]].\n",
    );
    let d = fails_with(&s, "wiki link points to nothing");
    assert_eq!(at(&d), ("content/vadlinijas/x.md".into(), 6, 9));
    assert_eq!(d["found"], "[[nav-tads]]");
}

#[test]
fn ambiguous_wiki_link_suggests_qualified_forms() {
    let s = Site::minimal();
    s.write("glossary/vid.md", "---\nterm: VID\n---\nA.\n");
    s.write("content/vadlinijas/x.md", "---\ntitle: X\n---\n[[vid]]\n");
    let d = fails_with(&s, "wiki link is ambiguous");
    assert!(d["help"].as_str().unwrap().contains("[[term:vid]]"), "{d}");
}

#[test]
fn invalid_utf8() {
    let s = Site::minimal();
    s.write_bytes(
        "content/vadlinijas/x.md",
        b"---\ntitle: X\n---\nLabi\nslikti \xFF\xFE\n",
    );
    let d = fails_with(&s, "not valid UTF-8");
    assert_eq!(at(&d), ("content/vadlinijas/x.md".into(), 5, 8));
    assert_eq!(d["found"], "byte 0xFF");
}

#[test]
fn empty_file() {
    let s = Site::minimal();
    s.write("content/vadlinijas/x.md", "");
    let d = fails_with(&s, "file is empty");
    assert_eq!(at(&d), ("content/vadlinijas/x.md".into(), 1, 1));
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
    let d = fails_with(&s, "unknown field");
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
    let holder = find(&diags, "unknown institution");
    assert_eq!(at(holder), ("content/pakalpojumi/x.md".into(), 3, 9));
    assert_eq!(holder["help"], "did you mean `vid`?");
    assert_eq!(holder["field"], "holder (Pakalpojuma turētājs)");
    assert_eq!(find(&diags, "unknown situation")["line"], 4);
    assert_eq!(find(&diags, "unknown term")["line"], 5);
    let channel = find(&diags, "not one of the allowed values");
    assert!(
        channel["expected"]
            .as_str()
            .unwrap()
            .contains("latvija-lv (E-pakalpojums portālā Latvija.lv)")
    );
    assert_eq!(channel["help"], "did you mean `latvija-lv`?");
    let date = find(&diags, "not a date");
    assert_eq!(date["line"], 7);
    assert_eq!(date["expected"], "a date YYYY-MM-DD, e.g. 2026-11-20");
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
    let d = find(&diags, "unknown source");
    assert_eq!(at(d), ("glossary/termins.md".into(), 3, 9));
    assert_eq!(d["field"], "source (Avots)");
    assert_eq!(d["expected"], "the id of a source in content/avoti.yaml");
    assert_eq!(d["found"], "`vpps-novertejum`");
    assert_eq!(d["help"], "did you mean `vpps-novertejums`?");
    // A file name where an id belongs is refused as an id.
    let file_name = find(&diags, "not a valid id");
    assert_eq!(file_name["file"], "content/vadlinijas/faila-vards.md");
    let dup = find(&diags, "duplicate source id");
    assert_eq!(at(dup), ("content/avoti.yaml".into(), 5, 7));
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
    assert_eq!(find(&diags, "unknown service")["line"], 5);
    assert_eq!(
        find(&diags, "life situation has no services")["file"],
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
    let cycle = find(&diags, "template cycle");
    assert!(cycle["found"].as_str().unwrap().contains("→"), "{cycle}");
    assert_eq!(
        find(&diags, "variant of a missing template")["file"],
        "content/pakalpojumi/c.md"
    );
    assert_eq!(
        find(&diags, "template is not a unified template")["file"],
        "content/pakalpojumi/d.md"
    );
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
    let w = find(&diags, "life situation does not list this service");
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
    assert_eq!(d["help"], "did you mean `output`?");
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
    assert!(text.contains("did you mean `vid`?"), "{text}");
}
