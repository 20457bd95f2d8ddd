//! Editions in two languages (`languages = ["lv", "en"]`) on the fixture
//! `tests/fixtures/translations/`: one translated service, one untranslated, a translated life
//! situation, page, home and institution. Both ways to show an untranslated page (the Latvian
//! text with a notice, or left out), what a translation may not do, an outdated translation,
//! and search across the two languages on the command line.

mod common;

use common::{Site, find, link_problems};
use serde_json::Value;

fn read(site: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_english_edition_shows_translations_and_falls_back_to_latvian_with_a_notice() {
    let s = Site::fixture("translations");
    let site = s.build_ok(&[]);
    // The translated service: English text, its counterpart linked both ways.
    let en = read(&site, "en/pakalpojumi/bezdarbnieka-pabalsts.html");
    assert!(en.contains("<html lang=\"en\""));
    assert!(en.contains("<h1>Unemployment benefit</h1>"), "{en}");
    assert!(en.contains("The benefit is granted while you are unemployed."));
    assert!(!en.contains("untranslated-notice"));
    assert!(en.contains("href=\"../../pakalpojumi/bezdarbnieka-pabalsts.html\" hreflang=\"lv\""));
    assert!(en.contains(
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/katalogs/en/pakalpojumi/bezdarbnieka-pabalsts.html\">"
    ));
    // Shared theme files at the top, the edition's own search index in en/search/.
    assert!(en.contains("href=\"../../assets/site.css\""));
    assert!(en.contains("data-root=\"../\""));
    assert!(site.join("en/search/meta.js").is_file());
    assert!(site.join("en/search/index").is_dir());
    // The UI in English, the institution's translated name.
    assert!(en.contains("How to get it"));
    assert!(en.contains("State Revenue Service"));
    let lv = read(&site, "pakalpojumi/bezdarbnieka-pabalsts.html");
    assert!(lv.contains("<html lang=\"lv\""));
    assert!(lv.contains("href=\"../en/pakalpojumi/bezdarbnieka-pabalsts.html\" hreflang=\"en\""));
    // The untranslated service: the Latvian text, marked as such, with a visible notice.
    let untranslated = read(&site, "en/pakalpojumi/izzinas.html");
    assert!(untranslated.contains("<html lang=\"en\""));
    assert!(untranslated.contains(
        "<p class=\"untranslated-notice\">This page is not yet translated. It is shown in Latvian.</p>"
    ));
    assert!(untranslated.contains("<div lang=\"lv\">"));
    assert!(untranslated.contains("Izziņu izsniegšana"));
    // A translation without a body: the Latvian body, marked, under the English title.
    let situation = read(&site, "en/dzives-situacijas/darbs.html");
    assert!(situation.contains("Losing a job"));
    assert!(situation.contains("Apply for the benefit"));
    assert!(situation.contains("Your employment has ended"));
    assert!(situation.contains("This text is not yet translated"));
    assert!(situation.contains("<div lang=\"lv\"><p>Ko darīt, zaudējot darbu.</p>"));
    // Wiki links in a translated body lead to the edition's pages.
    let page = read(&site, "en/vadlinijas/lapa.html");
    assert!(page.contains("href=\"../pakalpojumi/bezdarbnieka-pabalsts.html\""));
    // Every link of both editions resolves, from file:// too.
    let problems = link_problems(&site);
    assert!(problems.is_empty(), "{problems:#?}");
    // The sitemap names each page's editions.
    let sitemap = read(&site, "sitemap.xml");
    assert!(sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/katalogs/en/pakalpojumi/izzinas.html\"/>"));
}

#[test]
fn left_out_pages_send_their_links_to_the_latvian_page() {
    let s = Site::fixture("translations");
    let config = read(s.path(), "katalogs.toml").replace(
        "languages = [\"lv\", \"en\"]",
        "languages = [\"lv\", \"en\"]\nmissing_translation = \"omit\"",
    );
    s.write("katalogs.toml", &config);
    let site = s.build_ok(&[]);
    assert!(!site.join("en/pakalpojumi/izzinas.html").exists());
    assert!(
        site.join("en/pakalpojumi/bezdarbnieka-pabalsts.html")
            .is_file()
    );
    let catalogue = read(&site, "en/pakalpojumi/index.html");
    assert!(
        catalogue.contains("href=\"../../pakalpojumi/izzinas.html\""),
        "{catalogue}"
    );
    // The Latvian page has no English counterpart to switch to.
    let lv = read(&site, "pakalpojumi/izzinas.html");
    assert!(!lv.contains("hreflang=\"en\""), "{lv}");
    let problems = link_problems(&site);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_translation_may_not_change_a_structured_field() {
    let s = Site::fixture("translations");
    s.write(
        "content/pakalpojumi/izzinas.en.md",
        "---\ntitle: Certificates\nholder: vid\n---\n",
    );
    let (code, diags) = s.check();
    assert_eq!(code, 1, "{diags:#?}");
    let d = find(&diags, "`holder`");
    assert_eq!(d["code"], "K0601");
    assert_eq!(d["file"], "content/pakalpojumi/izzinas.en.md");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(d["field"], "holder");
}

#[test]
fn a_translation_needs_an_original_and_lists_of_the_same_length() {
    let s = Site::fixture("translations");
    s.write(
        "content/pakalpojumi/nav.en.md",
        "---\ntitle: Nothing\n---\n",
    );
    s.write(
        "content/dzives-situacijas/darbs.en.md",
        "---\ntitle: Losing a job\nsteps:\n  - title: Apply\n---\n",
    );
    s.write("content/vadlinijas/lapa.de.md", "---\ntitle: Seite\n---\n");
    let (code, diags) = s.check();
    assert_eq!(code, 1, "{diags:#?}");
    let orphan = find(&diags, "oriģināla");
    assert_eq!(orphan["code"], "K0603");
    assert_eq!(orphan["file"], "content/pakalpojumi/nav.en.md");
    let length = find(&diags, "`steps`");
    assert_eq!(length["code"], "K0604");
    assert_eq!(length["line"], 4);
    let language = find(&diags, "`de`");
    assert_eq!(language["code"], "K0605");
}

#[test]
fn a_translation_older_than_its_original_is_a_warning() {
    let s = Site::fixture("translations");
    let (code, diags) = s.check();
    assert_eq!(code, 0, "{diags:#?}");
    let d = find(&diags, "pēc tulkojuma");
    assert_eq!(d["code"], "K0606");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "content/vadlinijas/lapa.en.md");
    assert_eq!(d["field"], "updated");
    assert_eq!(diags.len(), 1, "{diags:#?}");
}

fn search(s: &Site, site: &std::path::Path, args: &[&str]) -> Vec<Value> {
    let out = std::process::Command::new(common::BIN)
        .args(["search", "--json", "--site"])
        .arg(site)
        .args(args)
        .current_dir(s.path())
        .output()
        .expect("run katalogs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout).expect("JSON")["hits"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| serde_json::from_slice::<Vec<Value>>(&out.stdout).expect("hits"))
}

fn titles(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["title"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn each_edition_searches_its_own_language_first_and_the_other_as_a_fallback() {
    let s = Site::fixture("translations");
    let site = s.build_ok(&[]);
    // English words on the Latvian edition: through the English translation…
    let hits = search(&s, &site, &["unemployment benefits"]);
    assert_eq!(
        titles(&hits).first().map(String::as_str),
        Some("Bezdarbnieka pabalsts")
    );
    // … and through the glossary's English equivalent (the term, and the card naming it).
    let found = titles(&search(&s, &site, &["tax returns"]));
    assert!(found.contains(&"Deklarācija".to_string()), "{found:?}");
    assert!(
        found.contains(&"Bezdarbnieka pabalsts".to_string()),
        "{found:?}"
    );
    // The English edition stems English…
    let found = titles(&search(&s, &site, &["--lang", "en", "unemployed"]));
    assert_eq!(
        found.first().map(String::as_str),
        Some("Unemployment benefit")
    );
    // … and finds Latvian words in the originals.
    let found = titles(&search(
        &s,
        &site,
        &["--lang", "en", "bezdarbnieka pabalstu"],
    ));
    assert_eq!(
        found.first().map(String::as_str),
        Some("Unemployment benefit")
    );
    // An untranslated page is found by its Latvian text in the English edition.
    let found = titles(&search(&s, &site, &["--lang", "en", "izziņas"]));
    assert!(
        found.contains(&"Izziņu izsniegšana".to_string()),
        "{found:?}"
    );
}

#[test]
fn the_exports_carry_language_tagged_translations() {
    let s = Site::fixture("translations");
    let site = s.build_ok(&[]);
    let cpsv = read(&site, "dati/cpsv-ap.jsonld");
    assert!(
        cpsv.contains("{\"@language\":\"en\",\"@value\":\"Unemployment benefit\"}")
            || cpsv.contains("\"@language\": \"en\",\n"),
        "{cpsv}"
    );
    let json: Value = serde_json::from_str(&read(&site, "dati/katalogs.json")).expect("JSON");
    let service = json["services"]
        .as_array()
        .expect("services")
        .iter()
        .find(|s| s["id"] == "bezdarbnieka-pabalsts")
        .expect("the service");
    assert_eq!(
        service["translations"]["en"]["title"],
        "Unemployment benefit"
    );
    assert_eq!(
        service["translations"]["en"]["url"],
        "en/pakalpojumi/bezdarbnieka-pabalsts.html"
    );
    let untranslated = json["services"]
        .as_array()
        .expect("services")
        .iter()
        .find(|s| s["id"] == "izzinas")
        .expect("the service");
    assert!(untranslated.get("translations").is_none());
}

#[test]
fn the_internal_overview_shows_translation_coverage() {
    let s = Site::fixture("translations");
    let site = s.build_ok(&["--profile", "internal"]);
    let overview = read(&site, "parskats.html");
    assert!(overview.contains("Tulkojumu pārklājums"), "{overview}");
    // One of two services is translated.
    assert!(
        overview.contains("<th scope=\"row\">Pakalpojumi</th><td>1</td><td>2</td><td>50,0 %</td>")
    );
}
