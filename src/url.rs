//! Links between output files, always relative to the page that holds them so the site
//! works from `file://` and from any folder of any web server.

/// Output folders of the generated areas and the files every build writes at the top.
pub(crate) mod paths {
    pub(crate) const SERVICES: &str = "pakalpojumi";
    pub(crate) const SITUATIONS: &str = "dzives-situacijas";
    pub(crate) const GLOSSARY: &str = "glosarijs";
    pub(crate) const INSTITUTIONS: &str = "iestades";
    pub(crate) const COURSES: &str = "kursi";
    pub(crate) const ASSETS: &str = "assets";
    pub(crate) const SEARCH_DATA: &str = "search";
    pub(crate) const DATA: &str = "dati";
    pub(crate) const HOME: &str = "index.html";
    pub(crate) const SEARCH_PAGE: &str = "meklet.html";
    pub(crate) const NOT_FOUND: &str = "404.html";
    pub(crate) const FIELDS: &str = "lauki.html";
    pub(crate) const OVERVIEW: &str = "parskats.html";
    /// The internal profile's completeness page.
    pub(crate) const COMPLETENESS: &str = "pilnigums.html";
    pub(crate) const DATA_PAGE: &str = "dati.html";
    pub(crate) const HANDOUT: &str = "izdales-materials.html";
    /// The catalogue's filter data (a script its filters load when one is used).
    pub(crate) const CATALOGUE_DATA: &str = "pakalpojumi/atlase.js";
    pub(crate) const FEED: &str = "dati/izmainas.atom";
    pub(crate) const OFFLINE_PACKAGE: &str = "dati/katalogs-bezsaiste.zip";

    /// Top-level folders no guidance section may use.
    pub(crate) const RESERVED_FOLDERS: &[&str] = &[
        SERVICES,
        SITUATIONS,
        GLOSSARY,
        INSTITUTIONS,
        COURSES,
        ASSETS,
        SEARCH_DATA,
        DATA,
    ];
    /// Top-level files only the generator writes.
    pub(crate) const RESERVED_FILES: &[&str] = &[
        SEARCH_PAGE,
        NOT_FOUND,
        FIELDS,
        OVERVIEW,
        COMPLETENESS,
        DATA_PAGE,
        "sitemap.xml",
        "robots.txt",
    ];
}

/// `../` repeated once per folder of `from` (a site-relative file path).
pub(crate) fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// The link from the page at `from` to the file at `to` (both site-relative paths). Made for
/// every link of every page, so it walks the paths instead of collecting their parts.
pub(crate) fn relative(from: &str, to: &str) -> String {
    let from_dirs = from.split('/').count() - 1;
    let to_dirs = to.split('/').count() - 1;
    let common = from
        .split('/')
        .take(from_dirs)
        .zip(to.split('/').take(to_dirs))
        .take_while(|(a, b)| a == b)
        .count();
    // What follows the shared folders of `to`, slashes and all.
    let rest = to.splitn(common + 1, '/').nth(common).unwrap_or_default();
    let mut out = String::with_capacity(3 * (from_dirs - common) + rest.len());
    for _ in common..from_dirs {
        out.push_str("../");
    }
    out.push_str(rest);
    out
}

/// The public address of a link written on the page at `from` (a site-relative file path)
/// under the site's address `base`: `../b/c.html#x` from `a/p.html` is `{base}/b/c.html#x`.
/// `None` for a link that does not stay in the site: to a place on the same page (`#x`), with a
/// scheme (`https:`, `mailto:`) or to another host (`//host/…`).
pub(crate) fn absolute(base: &str, from: &str, href: &str) -> Option<String> {
    if href.starts_with('#') || href.starts_with("//") {
        return None;
    }
    let path_end = href.find(['?', '#']).unwrap_or(href.len());
    let (path, suffix) = href.split_at(path_end);
    if path.contains(':') {
        return None;
    }
    let base = base.trim_end_matches('/');
    if let Some(from_root) = path.strip_prefix('/') {
        return Some(format!("{base}/{from_root}{suffix}"));
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    if path.is_empty() {
        // `?q=…` alone: the page itself.
        return Some(format!("{base}/{from}{suffix}"));
    }
    parts.pop(); // the page's own file name
    let mut segments = path.split('/').peekable();
    while let Some(segment) = segments.next() {
        match segment {
            ".." => {
                parts.pop();
            }
            "." | "" if segments.peek().is_some() => {}
            _ => parts.push(segment),
        }
    }
    Some(format!("{base}/{}{suffix}", parts.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_to_the_page() {
        assert_eq!(
            relative("index.html", "pakalpojumi/a.html"),
            "pakalpojumi/a.html"
        );
        assert_eq!(
            relative("pakalpojumi/a.html", "pakalpojumi/b.html"),
            "b.html"
        );
        assert_eq!(
            relative("pakalpojumi/a.html", "index.html"),
            "../index.html"
        );
        assert_eq!(
            relative("metodika/pamati/x.html", "metodika/sistema/index.html"),
            "../sistema/index.html"
        );
        assert_eq!(
            relative("kursi/k/l.html", "assets/site.css"),
            "../../assets/site.css"
        );
        assert_eq!(root_prefix("kursi/k/l.html"), "../../");
        // The parts-collecting form this replaces, as the oracle.
        fn by_parts(from: &str, to: &str) -> String {
            let from_dirs: Vec<&str> = from.split('/').collect();
            let from_dirs = &from_dirs[..from_dirs.len() - 1];
            let to_parts: Vec<&str> = to.split('/').collect();
            let common = from_dirs
                .iter()
                .zip(&to_parts[..to_parts.len() - 1])
                .take_while(|(a, b)| a == b)
                .count();
            let mut out = "../".repeat(from_dirs.len() - common);
            out.push_str(&to_parts[common..].join("/"));
            out
        }
        let paths = [
            "index.html",
            "a.html",
            "a/index.html",
            "a/b.html",
            "a/b/c.html",
            "a/b/index.html",
            "ab/b.html",
            "a/bc/c.html",
            "a//b.html",
            "/x.html",
            "a/",
            "",
            "a/b/c/d/e.html",
        ];
        for from in paths {
            for to in paths {
                assert_eq!(relative(from, to), by_parts(from, to), "{from} → {to}");
            }
        }
        assert_eq!(root_prefix("index.html"), "");
    }

    #[test]
    fn links_resolve_to_the_public_address() {
        let base = "https://katalogs.example.lv/";
        let from = "pakalpojumi/vsaa/a.html";
        let abs = |href| absolute(base, from, href);
        assert_eq!(
            abs("../../glosarijs/pakalpojums.html").as_deref(),
            Some("https://katalogs.example.lv/glosarijs/pakalpojums.html")
        );
        assert_eq!(
            abs("b.html#x").as_deref(),
            Some("https://katalogs.example.lv/pakalpojumi/vsaa/b.html#x")
        );
        assert_eq!(
            abs("./").as_deref(),
            Some("https://katalogs.example.lv/pakalpojumi/vsaa/")
        );
        assert_eq!(
            abs("../index.html?q=a").as_deref(),
            Some("https://katalogs.example.lv/pakalpojumi/index.html?q=a")
        );
        assert_eq!(
            abs("?q=a").as_deref(),
            Some("https://katalogs.example.lv/pakalpojumi/vsaa/a.html?q=a")
        );
        assert_eq!(
            absolute("https://x.lv", "index.html", "meklet.html").as_deref(),
            Some("https://x.lv/meklet.html")
        );
        for outside in [
            "#x",
            "https://latvija.lv/",
            "mailto:a@b.lv",
            "//cdn.example/x.js",
        ] {
            assert_eq!(abs(outside), None, "{outside}");
        }
    }
}
