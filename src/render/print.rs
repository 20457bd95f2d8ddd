//! Paper: the links of a printed document page carry their public address
//! (`data-print-href`), which print.css writes after the link text, so paper never shows a
//! relative path and shows the site's own addresses only when the site has one (`base_url`).

use crate::url::absolute;

/// Page kinds (the chrome's `kind`) read as documents, whose printed links show where they
/// lead. Lists (the catalogue, facet values, the glossary, search) print without addresses.
const DOCUMENT_KINDS: &[&str] = &[
    "page",
    "section",
    "service",
    "situation",
    "institution",
    "term",
    "course",
    "lesson",
    "handout",
];

/// Whether printed links on a page of this kind show their address.
pub(crate) fn prints_link_addresses(kind: &str) -> bool {
    DOCUMENT_KINDS.contains(&kind)
}

/// `html` with `data-print-href` on each link inside its `<main>`: the public address under
/// `base` of a link into the site (none without a `base`), the link itself for an `http(s)`
/// link elsewhere. Links to a place on the page and glossary term links (defined on the page
/// and in the handout's appendix) get none.
pub(crate) fn with_print_addresses(html: String, base: Option<&str>, from: &str) -> String {
    let Some(main_start) = html.find("<main") else {
        return html;
    };
    let main_end = html[main_start..]
        .find("</main>")
        .map_or(html.len(), |e| main_start + e);
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut copied = 0;
    let mut at = main_start;
    while let Some(found) = html[at..main_end].find("<a ") {
        let tag_start = at + found;
        let tag_end = html[tag_start..main_end]
            .find('>')
            .map_or(main_end, |e| tag_start + e);
        at = tag_end;
        let tag = &html[tag_start..tag_end];
        if tag.contains("term-link") || tag.contains("data-print-href") {
            continue;
        }
        let Some(href) = attribute(tag, "href") else {
            continue;
        };
        let address = if href.starts_with("https://") || href.starts_with("http://") {
            Some(href.to_string())
        } else {
            base.and_then(|b| absolute(b, from, href))
        };
        if let Some(address) = address {
            let name_end = tag_start + "<a".len();
            out.push_str(&html[copied..name_end]);
            out.push_str(" data-print-href=\"");
            out.push_str(&address);
            out.push('"');
            copied = name_end;
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// The (still escaped) value of a double-quoted attribute of a start tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = concat!(
        r#"<body><nav><a href="../index.html">Sākums</a></nav><main id="saturs">"#,
        r#"<p><a href="../glosarijs/pakalpojums.html">pakalpojums</a>, "#,
        r#"<a class="term-link" href="../glosarijs/e-pakalpojums.html">e-pakalpojums</a>, "#,
        r#"<a href="https://www.latvija.lv/" rel="external">Latvija.lv</a>, "#,
        r##"<a href="#posmi">posmi</a></p></main><footer><a href="../dati.html">Dati</a></footer>"##
    );

    #[test]
    fn links_in_main_carry_their_public_address() {
        let html = with_print_addresses(
            PAGE.to_string(),
            Some("https://katalogs.example.lv/"),
            "pakalpojumi/a.html",
        );
        assert!(html.contains(r#"<a data-print-href="https://katalogs.example.lv/glosarijs/pakalpojums.html" href="../glosarijs/pakalpojums.html">"#), "{html}");
        assert!(
            html.contains(
                r#"<a data-print-href="https://www.latvija.lv/" href="https://www.latvija.lv/""#
            ),
            "{html}"
        );
        // Chrome outside <main>, term links and places on the page keep no address.
        assert_eq!(html.matches("data-print-href").count(), 2, "{html}");
    }

    #[test]
    fn without_a_base_url_only_links_elsewhere_carry_an_address() {
        let html = with_print_addresses(PAGE.to_string(), None, "pakalpojumi/a.html");
        assert_eq!(html.matches("data-print-href").count(), 1, "{html}");
        assert!(html.contains(r#"data-print-href="https://www.latvija.lv/""#));
        assert!(!html.contains(r#"data-print-href=".."#));
    }

    #[test]
    fn only_document_pages_print_addresses() {
        assert!(prints_link_addresses("service"));
        assert!(prints_link_addresses("handout"));
        assert!(!prints_link_addresses("catalogue"));
    }
}
