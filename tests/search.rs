//! Search relevance on the bundled content through `katalogs search --json`: inflected
//! queries, queries without diacritics, multi-word and citizen wording, prefix of the word being
//! typed, deep links to guidance sections, `--kind` and `--limit`. Expectations come from
//! reading the content: the object a person typing the query is looking for.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{build_bundled, ids, katalogs, scratch};
use katalogs::{analyze_word, normalize_prefix};
use serde_json::Value;

fn site() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| build_bundled(&scratch("search-bundled").join("site"), &[]))
}

fn search(query: &str, extra: &[&str]) -> Vec<Value> {
    common::search(site(), query, extra)
}

fn urls(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["url"].as_str().unwrap_or("").to_string())
        .collect()
}

/// The shared relevance table (`tests/js/relevance.json`): (query, expected URL) of a group.
fn cases(group: &str) -> (usize, Vec<(String, String)>) {
    let text = std::fs::read_to_string(common::repo().join("tests/js/relevance.json"))
        .expect("relevance table");
    let table: Value = serde_json::from_str(&text).expect("relevance table is JSON");
    let list = table["groups"][group]
        .as_array()
        .unwrap_or_else(|| panic!("no group {group}"));
    assert!(list.len() >= 2, "group {group} is nearly empty");
    let pairs = list
        .iter()
        .map(|c| {
            (
                c[0].as_str().unwrap().to_string(),
                c[1].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (table["top"].as_u64().unwrap() as usize, pairs)
}

/// Every query of a group finds its expected page among the first `top` results; the
/// failures of the whole group are reported together.
fn group_in_top(group: &str) {
    let (top, cases) = cases(group);
    let mut wrong = Vec::new();
    for (query, expected) in &cases {
        let hits = urls(&search(query, &[]));
        if !hits.iter().take(top).any(|u| u == expected) {
            wrong.push(format!(
                "{query:?}: expected {expected} in the top {top}, got {:?}",
                &hits[..hits.len().min(6)]
            ));
        }
        assert!(
            site().join(expected.split('#').next().unwrap()).is_file(),
            "{expected} is not a page of the site"
        );
    }
    assert!(wrong.is_empty(), "{group}: {wrong:#?}");
}

#[test]
fn inflected_queries_find_the_base_form() {
    // Dative, locative plural, accusative, genitive: the term or card in its base form.
    group_in_top("inflected");
}

#[test]
fn queries_without_diacritics_find_the_same() {
    group_in_top("without_diacritics");
    // Diacritics are optional, not merely tolerated: the two queries rank alike.
    for (with, without) in [
        ("dzīves situācijās", "dzives situacijas"),
        ("slimības pabalsts", "slimibas pabalsts"),
        ("Ģimenes valsts pabalsts", "gimenes valsts pabalsts"),
    ] {
        assert_eq!(
            urls(&search(with, &[])),
            urls(&search(without, &[])),
            "{with} / {without}"
        );
    }
}

#[test]
fn multi_word_and_everyday_wording_find_the_object() {
    // What a citizen types: card keywords, synonyms, abbreviations and English names.
    group_in_top("everyday_wording");
}

#[test]
fn the_last_word_matches_as_a_prefix_while_typing() {
    group_in_top("prefix_while_typing");
    // Fewer than three letters are not expanded: "pa" matches the word "pa", not "pabalsts".
    let hits = search("pa", &["--limit", "30"]);
    assert!(!hits.is_empty());
    for h in &hits {
        let snippet = h["snippet"].as_str().unwrap();
        for r in h["highlights"].as_array().unwrap() {
            let word = &snippet[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize];
            assert_eq!(
                analyze_word(word),
                "pa",
                "a two-letter prefix expanded to {word:?}"
            );
        }
    }
}

#[test]
fn a_guidance_section_hit_deep_links_to_its_anchor() {
    group_in_top("guidance_sections");
    let (top, cases) = cases("guidance_sections");
    for (query, expected) in cases {
        let hits = search(&query, &[]);
        let hit = hits
            .iter()
            .take(top)
            .find(|h| h["url"] == expected.as_str())
            .expect("checked above");
        assert_eq!(hit["kind"], "page");
        let (page, anchor) = expected.split_once('#').expect("a section URL");
        let html = std::fs::read_to_string(site().join(page)).unwrap();
        assert!(
            ids(&html).contains(anchor),
            "{page} has no element with id {anchor:?}"
        );
        // Titled by its heading, with the page it belongs to as context.
        let heading = &html[html.find(&format!("id=\"{anchor}\"")).unwrap()..];
        let heading = &heading[heading.find('>').unwrap() + 1..];
        let title = hit["title"].as_str().unwrap();
        assert!(
            heading.starts_with(title),
            "section hit titled {title:?}, heading is {:?}",
            &heading[..heading.len().min(80)]
        );
        assert!(
            html.contains(&format!("<h1>{}</h1>", hit["context"].as_str().unwrap())),
            "context {} is not the page title",
            hit["context"]
        );
    }
}

#[test]
fn kind_filters_and_limits() {
    let terms = search("pakalpojums", &["--kind", "term", "--limit", "50"]);
    assert!(
        terms.len() > 5 && terms.iter().all(|h| h["kind"] == "term"),
        "{:#?}",
        urls(&terms)
    );
    let services = search("pabalsts", &["--kind", "service", "--limit", "100"]);
    assert!(
        services.len() > 10
            && services.iter().all(|h| h["kind"] == "service"
                && h["url"].as_str().unwrap().starts_with("pakalpojumi/"))
    );
    let situations = search("pabalsts", &["--kind", "situation"]);
    assert!(!situations.is_empty() && situations.iter().all(|h| h["kind"] == "situation"));
    // Without a filter the same query mixes kinds.
    let all = search("pabalsts", &["--limit", "100"]);
    assert!(all.iter().any(|h| h["kind"] != "service"));
    assert!(all.len() > services.len());
    // --limit caps the list; the default is 10; ranks are stable across limits.
    assert_eq!(search("pabalsts", &[]).len(), 10);
    let two = search("pabalsts", &["--limit", "2"]);
    assert_eq!(two.len(), 2);
    assert_eq!(urls(&two), urls(&all)[..2]);
    // An unknown kind is a usage error that lists the kinds.
    let out = katalogs(
        site(),
        &[
            "search",
            "pabalsts",
            "--kind",
            "pakalpojums",
            "--site",
            site().to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("service"));
}

#[test]
fn hits_carry_snippets_with_real_matches_and_facets() {
    let query = "slimības pabalstu";
    let stems: Vec<String> = query.split_whitespace().map(analyze_word).collect();
    let hits = search(query, &[]);
    assert!(!hits.is_empty());
    let mut highlighted = 0;
    for h in &hits {
        assert!(h["score"].as_f64().unwrap() > 0.0);
        let snippet = h["snippet"].as_str().unwrap();
        for range in h["highlights"].as_array().unwrap() {
            let (s, e) = (
                range[0].as_u64().unwrap() as usize,
                range[1].as_u64().unwrap() as usize,
            );
            let word = snippet
                .get(s..e)
                .unwrap_or_else(|| panic!("highlight {s}..{e} outside {snippet:?}"));
            let last = normalize_prefix(query.split_whitespace().last().unwrap());
            assert!(
                stems.contains(&analyze_word(word)) || normalize_prefix(word).starts_with(&last),
                "{word:?} highlighted for {query:?}"
            );
            highlighted += 1;
        }
    }
    assert!(highlighted > 0, "no highlighted match in any snippet");
    let card = hits
        .iter()
        .find(|h| h["url"] == "pakalpojumi/slimibas-pabalsts.html")
        .unwrap();
    assert_eq!(card["holder"], "vsaa");
    assert!(card["channels"].as_array().is_some_and(|c| !c.is_empty()));
    assert!(
        card["situations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "slimiba-un-darbnespeja")
    );
}

#[test]
fn exact_titles_come_first_and_nonsense_finds_nothing() {
    for (query, url) in [
        ("Vecuma pensija", "pakalpojumi/vecuma-pensija.html"),
        ("Slimības pabalsts", "pakalpojumi/slimibas-pabalsts.html"),
        ("Medības", "dzives-situacijas/medibas.html"),
    ] {
        assert_eq!(urls(&search(query, &[]))[0], url, "{query}");
    }
    assert!(search("qwxzvj", &[]).is_empty());
    assert!(search("  ", &[]).is_empty());
}
