//! Entry points for the `cargo fuzz` targets in `fuzz/`: each runs one input path of the
//! pipeline on arbitrary bytes and panics when something that must hold for every input does
//! not (a panic inside the pipeline is a finding too). Not a stable API.

use std::sync::OnceLock;

use crate::config::RawHtml;
use crate::diagnostics::Diagnostic;
use crate::load;
use crate::model::{Content, ObjKey, Profile};
use crate::resolve::glossary::{GlossaryMatcher, TermInfo};
use crate::resolve::markdown::{
    self, LinkError, LinkResolver, LinkTarget, RenderContext, Rendered,
};
use crate::schema::{Kind, is_valid_id};
use crate::search::bounds::bounded;
use crate::search::browser::shard_file;
use crate::search::documents::SearchDoc;
use crate::search::engine::{Hit, Searcher, searcher_in_ram};
use crate::text::analysis::{analyze_word, word_ranges};
use crate::ui::Ui;
use crate::write::safe_relative;

fn ui() -> &'static Ui {
    static UI: OnceLock<Ui> = OnceLock::new();
    UI.get_or_init(|| Ui::for_language("lv").expect("the bundled Latvian UI strings load"))
}

/// The first byte chooses the place (and so the kind) of the file and the build profile;
/// the rest is the file.
const PLACES: &[&str] = &[
    "content/vadlinijas/lapa.md",
    "content/_index.md",
    "content/pakalpojumi/vid/karte.md",
    "content/pakalpojumi/_index.md",
    "content/dzives-situacijas/situacija.md",
    "glossary/termins.md",
    "content/kursi/ievads/_index.md",
    "content/kursi/ievads/01-nodarbiba.md",
    "content/iestades.yaml",
    "content/Metodika/Pārvaldība/_index.md",
];

/// Loads one source file of any kind from `data` and checks that every diagnostic names the
/// file at a line inside it, and that every object loaded has a valid id and an output path
/// inside the output folder.
pub fn front_matter(data: &[u8]) {
    front_matter_checked(data);
}

fn front_matter_checked(data: &[u8]) -> Vec<Diagnostic> {
    let Some((&selector, bytes)) = data.split_first() else {
        return Vec::new();
    };
    let file = PLACES[usize::from(selector & 0x7f) % PLACES.len()];
    let profile = if selector & 0x80 == 0 {
        Profile::Public
    } else {
        Profile::Internal
    };
    let loaded = load::load_source(file, bytes, ui(), profile);
    // Lines as the decoder counts them: `\n`, `\r\n` and a lone `\r` each end one.
    let lines = 1 + bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count() as u32;
    for d in &loaded.diagnostics {
        assert_eq!(d.file, file, "{d:?}");
        assert!(
            d.line <= lines + 1,
            "diagnostic past the end of a {lines}-line file: {d:?}"
        );
        assert!(!d.message.is_empty(), "{d:?}");
    }
    for (id, url) in object_paths(&loaded.content) {
        assert!(is_valid_id(id), "invalid id {id:?} for {url:?}");
        assert!(
            safe_relative(url).is_ok(),
            "output path leaves the output: {url:?}"
        );
        assert!(url.ends_with(".html"), "{url:?}");
        for part in url.split('/') {
            let stem = part.strip_suffix(".html").unwrap_or(part);
            assert!(!stem.is_empty(), "empty path segment in {url:?}");
            assert!(
                !crate::text::slug::is_reserved_name(stem),
                "reserved name in {url:?}"
            );
        }
    }
    for service in &loaded.content.services {
        spreadsheet_safe(&[
            &service.title,
            service.summary.as_deref().unwrap_or(""),
            service.cost.as_deref().unwrap_or(""),
            service.processing_time.as_deref().unwrap_or(""),
            service.output.as_deref().unwrap_or(""),
        ]);
    }
    loaded.diagnostics
}

/// Writes `values` as a CSV row the way the service list does and checks that it reads back
/// as the same values, none of them a cell a spreadsheet would run as a formula.
fn spreadsheet_safe(values: &[&str]) {
    use crate::export::table::{FORMULA_STARTS, neutralised};
    let mut bytes = Vec::new();
    {
        let mut w = csv::WriterBuilder::new().from_writer(&mut bytes);
        w.write_record(values.iter().map(|v| neutralised(v.to_string())))
            .expect("writing to memory");
        w.flush().expect("writing to memory");
    }
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    let row = r.records().next().expect("one row").expect("a CSV row");
    assert_eq!(row.len(), values.len(), "{values:?}");
    for (cell, value) in row.iter().zip(values) {
        assert!(!cell.starts_with(FORMULA_STARTS), "{cell:?}");
        assert!(
            cell == *value || cell.strip_prefix('\'') == Some(value),
            "{cell:?} for {value:?}"
        );
    }
}

fn object_paths(c: &Content) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    out.extend(c.pages.iter().map(|x| &x.doc));
    out.extend(c.services.iter().map(|x| &x.doc));
    out.extend(c.situations.iter().map(|x| &x.doc));
    out.extend(c.terms.iter().map(|x| &x.doc));
    out.extend(c.courses.iter().map(|x| &x.doc));
    out.extend(c.lessons.iter().map(|x| &x.doc));
    let mut paths: Vec<(&str, &str)> = out
        .into_iter()
        .map(|d| (d.id.as_str(), d.url.as_str()))
        .collect();
    paths.extend(
        c.institutions
            .iter()
            .map(|i| (i.id.as_str(), i.url.as_str())),
    );
    paths
}

/// Wiki-link targets of the Markdown target; one title carries markup that must come out
/// escaped.
struct Links;

impl LinkResolver for Links {
    fn resolve(&self, target: &str, _from: &str) -> Result<LinkTarget, LinkError> {
        let (kind, id) = match target.split_once(':') {
            Some((k, id)) => (Kind::ALL.iter().copied().find(|x| x.slug() == k), id),
            None => (None, target),
        };
        let found = [
            (
                Kind::Page,
                0,
                "sistema",
                "metodika/sistema.html",
                "Pārvaldības sistēma",
            ),
            (
                Kind::Service,
                0,
                "deklaracija",
                "pakalpojumi/deklaracija.html",
                "Deklarācija",
            ),
            (
                Kind::Term,
                0,
                "pakalpojums",
                "glosarijs/pakalpojums.html",
                "Pakalpojums",
            ),
            (
                Kind::Page,
                1,
                "xss",
                "a/b/xss.html",
                "<script>alert(1)</script>\"><img src=x onerror=alert(2)>",
            ),
        ]
        .into_iter()
        .find(|(k, _, i, _, _)| *i == id && kind.is_none_or(|want| want == *k));
        match found {
            Some((k, n, _, url, title)) => Ok(LinkTarget {
                key: ObjKey::new(k, n),
                url: url.into(),
                title: title.into(),
            }),
            None => Err(LinkError::new(crate::diagnostics::Code::WikiLinkNothing)),
        }
    }
}

fn glossary() -> &'static GlossaryMatcher {
    static G: OnceLock<GlossaryMatcher> = OnceLock::new();
    G.get_or_init(|| {
        let info = |id: &str, title: &str, short: &str| TermInfo {
            id: id.into(),
            url: format!("glosarijs/{id}.html"),
            title: title.into(),
            short: short.into(),
        };
        GlossaryMatcher::new(
            vec![
                info("pakalpojums", "Pakalpojums", "Darbība, ko iestāde veic."),
                info(
                    "pakalpojuma-turetajs",
                    "Pakalpojuma turētājs",
                    "Iestāde, kas atbild.",
                ),
                info("vid", "Valsts ieņēmumu dienests", "Nodokļu iestāde."),
                info(
                    "e-pakalpojums",
                    "E-pakalpojums",
                    "Elektronisks pakalpojums.",
                ),
                info(
                    "xss",
                    "<script>alert(3)</script>",
                    "\"><img src=x onerror=alert(4)>",
                ),
            ],
            &[
                vec!["Pakalpojums".into()],
                vec![
                    "Pakalpojuma turētājs".into(),
                    "pakalpojuma saimnieks".into(),
                ],
                vec!["Valsts ieņēmumu dienests".into()],
                vec!["E-pakalpojums".into()],
                vec!["skripts".into(), "<b>skripts</b>".into()],
            ],
            &[
                vec![],
                vec![],
                vec!["VID".into()],
                vec![],
                vec!["XSS".into()],
            ],
        )
    })
}

/// The first byte chooses the raw-HTML policy, glossary linking and the page's folder depth;
/// the rest is the Markdown body. Checks positions, heading ids and term indices; the caller
/// checks the HTML itself, as written on the page (glossary terms written out), which this
/// returns.
pub fn markdown(data: &[u8]) -> String {
    markdown_checked(data).html
}

fn markdown_checked(data: &[u8]) -> Rendered {
    let Some((&flags, bytes)) = data.split_first() else {
        return Rendered::default();
    };
    let body = String::from_utf8_lossy(bytes);
    let raw_html = [RawHtml::Sanitize, RawHtml::Escape, RawHtml::Strip][usize::from(flags & 3) % 3];
    let page_url = [
        "index.html",
        "metodika/pamati/lapa.html",
        "pakalpojumi/x.html",
        "glosarijs/pakalpojums.html",
    ][usize::from(flags >> 3) & 3];
    let body_line = 3;
    let ctx = RenderContext {
        file: "content/lapa.md",
        body_line,
        page_url,
        links: &Links,
        glossary: (flags & 4 != 0).then(glossary),
        own_term: (flags & 0x40 != 0).then_some(0),
        raw_html,
        ui: ui(),
    };
    let mut r = markdown::render(&body, &ctx);
    r.html = r.html_on(page_url, glossary()).into_owned();
    let lines = body.split('\n').count() as u32;
    for d in &r.diagnostics {
        assert!(
            d.line > body_line && d.line <= body_line + lines,
            "position outside the body: {d:?}"
        );
    }
    let mut ids: Vec<&str> = r.toc.iter().map(|h| h.id.as_str()).collect();
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate heading ids: {:?}", r.toc);
    for &t in &r.terms {
        assert!(t < glossary().terms.len() && ctx.own_term != Some(t), "{t}");
    }
    r
}

fn searcher() -> &'static Searcher {
    static S: OnceLock<Searcher> = OnceLock::new();
    S.get_or_init(|| {
        let doc = |kind: Kind, url: &str, title: &str, summary: &str, body: &str| SearchDoc {
            kind: Some(kind),
            url: url.into(),
            title: title.into(),
            summary: summary.into(),
            body: body.into(),
            keywords: String::new(),
            holder: Some("vid".into()),
            audience: vec!["iedzivotaji".into()],
            ..Default::default()
        };
        let docs = [
            doc(
                Kind::Service,
                "pakalpojumi/deklaracija.html",
                "Gada ienākumu deklarācijas iesniegšana",
                "Iedzīvotāji iesniedz deklarāciju VID.",
                "Deklarāciju iesniedz elektroniski EDS vai klātienē. Pārvaldības sistēma.",
            ),
            doc(
                Kind::Term,
                "glosarijs/pakalpojums.html",
                "Pakalpojums",
                "Darbība, ko iestāde veic.",
                "Pakalpojuma turētājs atbild par pakalpojumu. E-pakalpojums ir elektronisks.",
            ),
            doc(
                Kind::Page,
                "metodika/sistema.html#merki",
                "Mērķi",
                "",
                "Pārvaldības līmeņi un mērogs; RK1–RK11 ieteikumi 2020. gadā.",
            ),
            doc(
                Kind::Situation,
                "dzives-situacijas/bernins.html",
                "Bērna piedzimšana",
                "Ģimenes pabalsti un dzīvesvietas deklarēšana.",
                "Solis: reģistrēt bērnu dzimtsarakstu nodaļā. 日本語 Ελληνικά кириллица.",
            ),
        ];
        searcher_in_ram(&docs).expect("an index in memory builds")
    })
}

/// The first byte chooses a kind filter and the result limit; the rest is the query text.
/// Checks the hits, that only the bounded start of a long query counts, and that the browser
/// index names a shard file inside the output for every term of the query.
pub fn search_query(data: &[u8]) {
    search_query_checked(data);
}

fn search_query_checked(data: &[u8]) -> Vec<Hit> {
    let Some((&flags, bytes)) = data.split_first() else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(bytes);
    let kind = match flags & 7 {
        0 => None,
        k => Kind::ALL.get(usize::from(k) - 1).map(|k| k.slug()),
    };
    let limit = usize::from(flags >> 3);
    let hits = searcher()
        .search(&text, kind, limit)
        .expect("searching an in-memory index");
    assert!(hits.len() <= limit.max(1));
    for h in &hits {
        assert!(kind.is_none_or(|k| h.kind == k), "{h:?}");
        assert!(h.score.is_finite(), "{h:?}");
        for &(s, e) in &h.highlights {
            assert!(
                s <= e && h.snippet.get(s..e).is_some(),
                "bad highlight {s}..{e} in {:?}",
                h.snippet
            );
        }
    }
    let searched = bounded(&text);
    if searched.len() < text.len() {
        let again = searcher()
            .search(searched, kind, limit)
            .expect("searching an in-memory index");
        let urls = |hits: &[Hit]| hits.iter().map(|h| h.url.clone()).collect::<Vec<_>>();
        assert_eq!(urls(&hits), urls(&again), "only the bounded query counts");
    }
    for (s, e) in word_ranges(searched) {
        let term = analyze_word(&searched[s..e]);
        for n in 1..=term.chars().count().min(5) {
            let key: String = term.chars().take(n).collect();
            let file = shard_file(&key);
            assert!(
                safe_relative(&file).is_ok() && file.starts_with("search/t/"),
                "{file:?}"
            );
            assert!(
                file["search/t/".len()..]
                    .bytes()
                    .all(|b| b.is_ascii_lowercase()
                        || b.is_ascii_digit()
                        || b == b'_'
                        || b == b'.'),
                "{file:?}"
            );
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_points_run_on_real_input() {
        let d = front_matter_checked(b"\x00---\ntitle: A\n---\nBody [[sistema]].\n");
        assert!(d.is_empty(), "{d:?}");
        let d = front_matter_checked(b"\x02---\ntitle: A\nholdr: vid\n---\n");
        assert!(
            d.iter()
                .any(|d| d.code == crate::diagnostics::Code::UnknownField),
            "{d:?}"
        );
        let r = markdown_checked(b"\x04Pakalpojuma turetajs and [[xss]] and [[nav]].\n");
        assert_eq!(r.terms, [1]);
        assert!(
            r.html.contains("&lt;script&gt;") && !r.html.contains("<script"),
            "{}",
            r.html
        );
        assert_eq!(r.diagnostics.len(), 1);
        let hits = search_query_checked(b"\x50deklaracija");
        assert_eq!(hits[0].url, "pakalpojumi/deklaracija.html");
        assert!(
            search_query_checked(b"\x51deklaracija").is_empty(),
            "page filter"
        );
        let long = [&b"\x50deklaracija "[..], &[b'A'; 1 << 20]].concat();
        let started = std::time::Instant::now();
        let hits = search_query_checked(&long);
        assert_eq!(hits[0].url, "pakalpojumi/deklaracija.html");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "a 1 MiB query took {:?}",
            started.elapsed()
        );
    }
}
