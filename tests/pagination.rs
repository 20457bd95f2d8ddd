//! Long lists paginated statically (issue 22), on a copy of the bundled content with
//! `[lists] page_size = 10`: the catalogue, facet values, institutions and the glossary
//! split into pages that keep the first page's address, link each other and resolve from
//! `file://`, list every entry once, appear in the sitemap and are the same in the English
//! edition; the filter data lists every service; a bad page size is a clear error.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{Site, attributes, copy_dir, katalogs, link_problems, repo, scratch};
use serde_json::Value;

const PAGE_SIZE: usize = 10;

/// The bundled content with a small page size, built once per test binary.
fn built() -> &'static PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = scratch("pagination");
        let root = dir.join("src");
        for part in ["content", "glossary"] {
            copy_dir(&repo().join(part), &root.join(part));
        }
        let config = std::fs::read_to_string(repo().join("katalogs.toml")).expect("config");
        std::fs::write(
            root.join("katalogs.toml"),
            format!("{config}\n[lists]\npage_size = {PAGE_SIZE}\n"),
        )
        .expect("write config");
        let out = dir.join("site");
        let r = katalogs(
            &root,
            &["build", "-q", "--output", out.to_str().expect("UTF-8")],
        );
        assert!(
            r.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&r.stderr)
        );
        out
    })
}

fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The pages of a list whose first page is `first`: `a/index.html`, `a/2.html` … or
/// `a/b.html`, `a/b/2.html` …, as many as exist.
fn pages_of(site: &Path, first: &str) -> Vec<String> {
    let mut pages = vec![first.to_string()];
    let stem = first
        .strip_suffix("index.html")
        .map(str::to_string)
        .unwrap_or_else(|| format!("{}/", first.trim_end_matches(".html")));
    for n in 2.. {
        let page = format!("{stem}{n}.html");
        if !site.join(&page).is_file() {
            break;
        }
        pages.push(page);
    }
    pages
}

/// The service links of a page's list (`<ul class="service-list">` entries), in order.
fn listed(html: &str) -> Vec<String> {
    html.split("<ul class=\"service-list\">")
        .skip(1)
        .flat_map(|list| {
            let list = list.split("</ul>").next().unwrap_or_default();
            attributes(list, "href")
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The catalogue's filter data, `katalogsCatalogueData({…});`.
fn filter_data(site: &Path, edition: &str) -> Value {
    let js = read(site, &format!("{edition}pakalpojumi/atlase.js"));
    let json = js
        .split_once("katalogsCatalogueData(")
        .and_then(|(_, rest)| rest.trim_end().strip_suffix(");"))
        .expect("a call of katalogsCatalogueData");
    serde_json::from_str(json).expect("the filter data is JSON")
}

#[test]
fn the_catalogue_is_split_into_pages_listing_every_service_once() {
    let site = built();
    for edition in ["", "en/"] {
        let data = filter_data(site, edition);
        let services: Vec<String> = data["s"]
            .as_array()
            .expect("services")
            .iter()
            .map(|s| s[1].as_str().expect("address").to_string())
            .collect();
        assert!(
            services.len() > 3 * PAGE_SIZE,
            "{} services",
            services.len()
        );
        let pages = pages_of(site, &format!("{edition}pakalpojumi/index.html"));
        assert_eq!(pages.len(), services.len().div_ceil(PAGE_SIZE), "{pages:?}");
        let mut all = Vec::new();
        for (k, page) in pages.iter().enumerate() {
            let html = read(site, page);
            let here = listed(&html);
            assert!(
                here.len() == PAGE_SIZE || k + 1 == pages.len(),
                "{page}: {} entries",
                here.len()
            );
            // Title and pager say which page it is, the pager is a labelled landmark.
            let n = k + 1;
            let of = if edition.is_empty() {
                format!("{n}. lapa no {}", pages.len())
            } else {
                format!("page {n} of {}", pages.len())
            };
            let title = html
                .split("<title>")
                .nth(1)
                .and_then(|t| t.split("</title>").next())
                .expect("title");
            assert!(title.contains(&of), "{page}: title {title:?} lacks {of:?}");
            let label = if edition.is_empty() {
                "Saraksta lapas"
            } else {
                "List pages"
            };
            assert!(
                html.contains(&format!("<nav class=\"pager\" aria-label=\"{label}\"")),
                "{page}: no pager landmark"
            );
            assert_eq!(
                html.matches("aria-current=\"page\"><span class=\"visually-hidden\">")
                    .count(),
                1,
                "{page}: one current page"
            );
            assert_eq!(html.contains("rel=\"prev\""), n > 1, "{page}: rel=prev");
            assert_eq!(
                html.contains("rel=\"next\""),
                n < pages.len(),
                "{page}: rel=next"
            );
            all.extend(here);
        }
        assert_eq!(
            all, services,
            "{edition}: the pages list the data's services in order"
        );
        // The first page kept its address and leads to the second.
        let first = read(site, &format!("{edition}pakalpojumi/index.html"));
        assert!(first.contains("<a href=\"2.html\" rel=\"next\">"));
        let second = read(site, &format!("{edition}pakalpojumi/2.html"));
        assert!(second.contains("<a href=\"index.html\" rel=\"prev\">"));
    }
}

#[test]
fn every_link_of_every_page_resolves() {
    let problems = link_problems(built());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_letter_index_leads_to_the_page_holding_each_letter() {
    let site = built();
    for first in ["pakalpojumi/index.html", "glosarijs/index.html"] {
        let pages = pages_of(site, first);
        assert!(pages.len() > 1, "{first} is paginated");
        for page in &pages {
            let html = read(site, page);
            let letters = html
                .split("<nav class=\"letters\"")
                .nth(1)
                .and_then(|n| n.split("</nav>").next())
                .expect("a letter index");
            let links = attributes(letters, "href");
            assert!(links.len() > 3, "{page}: {links:?}");
            let folder = Path::new(page).parent().expect("folder");
            let mut firsts = BTreeSet::new();
            for link in links {
                let (file, anchor) = link.split_once('#').expect("an anchor");
                let target = if file.is_empty() {
                    page.clone()
                } else {
                    folder.join(file).to_string_lossy().into_owned()
                };
                let target_html = read(site, &target);
                assert!(
                    target_html.contains(&format!("id=\"{anchor}\"")),
                    "{page}: {link} has no heading there"
                );
                firsts.insert(target);
            }
            assert!(firsts.len() > 1, "{page}: letters on several pages");
        }
    }
}

#[test]
fn facet_values_and_institutions_are_paginated_too() {
    let site = built();
    for first in [
        "pakalpojumi/merkauditorija/iedzivotaji.html",
        "iestades/vid.html",
        "en/iestades/vid.html",
        "glosarijs/index.html",
    ] {
        let pages = pages_of(site, first);
        assert!(pages.len() > 1, "{first}: {pages:?}");
        let mut seen = BTreeSet::new();
        for page in &pages {
            let html = read(site, page);
            assert!(html.contains("class=\"pager\""), "{page}");
            if first.starts_with("glosarijs") {
                continue;
            }
            for link in listed(&html) {
                // Relative to the page: resolve against its folder.
                let abs = Path::new(page)
                    .parent()
                    .expect("folder")
                    .join(&link)
                    .to_string_lossy()
                    .into_owned();
                assert!(seen.insert(abs.clone()), "{page}: {link} listed twice");
            }
        }
        assert!(
            first.starts_with("glosarijs") || seen.len() > PAGE_SIZE,
            "{first}: {} services",
            seen.len()
        );
    }
    // An institution's facts are on its first page only.
    let vid = read(site, "iestades/vid.html");
    let vid2 = read(site, "iestades/vid/2.html");
    assert!(vid.contains("<dl class=\"facts\">") && !vid2.contains("<dl class=\"facts\">"));
}

#[test]
fn later_pages_are_in_the_sitemap_and_the_filter_data_is_not() {
    let sitemap = read(built(), "sitemap.xml");
    for page in [
        "pakalpojumi/2.html",
        "en/pakalpojumi/2.html",
        "iestades/vid/2.html",
        "glosarijs/2.html",
        "pakalpojumi/merkauditorija/iedzivotaji/2.html",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://katalogs.example.lv/{page}</loc>")),
            "{page} not in the sitemap"
        );
    }
    assert!(!sitemap.contains("atlase.js"));
}

#[test]
fn a_short_list_has_one_page_and_no_pager() {
    let s = Site::minimal();
    let site = s.build_ok(&[]);
    let catalogue = read(&site, "pakalpojumi/index.html");
    assert!(!catalogue.contains("class=\"pager\""));
    assert!(!site.join("pakalpojumi/2.html").exists());
    assert!(site.join("pakalpojumi/atlase.js").is_file());
}

#[test]
fn a_page_size_out_of_range_is_an_error_naming_the_line() {
    let s = Site::minimal();
    for bad in ["0", "-3", "5000"] {
        s.write(
            "katalogs.toml",
            &format!("title = \"Tests\"\n\n[lists]\npage_size = {bad}\n"),
        );
        let (code, diags) = s.check();
        assert_ne!(code, 0, "{bad}");
        let d = common::find(&diags, "K0518");
        assert_eq!(d["file"], "katalogs.toml");
        assert_eq!(d["line"], 4, "{d:#}");
        assert_eq!(d["field"], "lists.page_size");
        let text = d.to_string();
        assert!(text.contains(bad) && text.contains("1000"), "{d:#}");
    }
    s.write(
        "katalogs.toml",
        "title = \"Tests\"\n[lists]\npage_size = 1\n",
    );
    let site = s.build_ok(&[]);
    assert!(site.join("pakalpojumi/index.html").is_file());
}
