//! UI strings are read at build time: a site changes single strings with `i18n/lv.toml`,
//! adds a language with `i18n/<language>.toml`, and a language with no file anywhere is a
//! Latvian error that says where the file goes — all without rebuilding katalogs.

mod common;

use common::{Site, find};

fn home(site: &std::path::Path) -> String {
    std::fs::read_to_string(site.join("index.html")).expect("home page")
}

#[test]
fn a_site_override_changes_one_string_of_the_built_pages() {
    let s = Site::minimal();
    let before = home(&s.build_ok(&[]));
    assert!(before.contains("Pāriet uz saturu"));
    s.write(
        "i18n/lv.toml",
        "[site]\nskip_link = \"Uz galveno saturu\"\n",
    );
    let (code, diags) = s.check();
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}");
    let after = home(&s.build_ok(&[]));
    assert!(after.contains("Uz galveno saturu"));
    assert!(!after.contains("Pāriet uz saturu"));
    // Every other string stays the theme's.
    assert!(after.contains("Izvēlne"));
}

#[test]
fn a_language_without_a_file_is_an_error_naming_where_to_put_it() {
    let s = Site::minimal();
    s.write(
        "katalogs.toml",
        "title = \"Tests\"\nlanguage = \"de\"\n[build]\ntoday = \"2026-11-01\"\n",
    );
    let (code, diags) = s.check();
    assert_eq!(code, 1);
    let d = find(&diags, "valodai `de`");
    assert_eq!(d["code"], "K0504");
    assert_eq!(d["file"], "katalogs.toml");
    assert_eq!(
        d["expected"],
        "en, lv (vai pievienojiet vietnes mapē failu i18n/de.toml)"
    );
}

#[test]
fn a_language_the_site_adds_builds_and_its_gaps_are_a_warning() {
    let s = Site::minimal();
    s.write(
        "katalogs.toml",
        "title = \"Tests\"\nlanguage = \"de\"\n[build]\ntoday = \"2026-11-01\"\n",
    );
    s.write("i18n/de.toml", "[site]\nskip_link = \"Zum Inhalt\"\n");
    let (code, diags) = s.check();
    assert_eq!(code, 0, "{diags:#?}");
    let d = find(&diags, "valodas `de`");
    assert_eq!(d["code"], "K0517");
    assert_eq!(d["file"], "i18n/de.toml");
    let page = home(&s.build_ok(&[]));
    assert!(page.contains("<html lang=\"de\""));
    assert!(page.contains("Zum Inhalt"));
}

#[test]
fn an_unknown_key_in_a_site_file_is_a_warning_at_its_line() {
    let s = Site::minimal();
    s.write("i18n/lv.toml", "[site]\n\nskip_lnk = \"Uz saturu\"\n");
    let (code, diags) = s.check();
    assert_eq!(code, 0, "{diags:#?}");
    let d = find(&diags, "site.skip_lnk");
    assert_eq!(d["code"], "K0516");
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64()),
        (Some("i18n/lv.toml"), Some(3))
    );
    assert_eq!(d["help"], "varbūt domāta atslēga `site.skip_link`");
}
