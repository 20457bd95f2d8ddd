//! Formats for following and crawling the site: an Atom feed of service cards by their
//! `updated` date (newest first), and `sitemap.xml` with `robots.txt` when a base URL is set.

use crate::resolve::Site;
use crate::resolve::markdown::escape;

/// Entries in the feed.
pub(crate) const FEED_ENTRIES: usize = 100;

/// The address of a site path for a feed or sitemap: absolute with a base URL, else as is.
fn address(site: &Site, path: &str) -> String {
    match &site.config.base_url {
        Some(base) => format!("{}/{path}", base.trim_end_matches('/')),
        None => path.to_string(),
    }
}

/// The Atom feed (RFC 4287). Deterministic: its `updated` is the newest card's date unless
/// configured.
pub(crate) fn atom(site: &Site) -> String {
    let services = &site.content.services;
    let mut order: Vec<usize> = (0..services.len())
        .filter(|&i| services[i].doc.updated.is_some())
        .collect();
    order.sort_by(|&a, &b| {
        services[b]
            .doc
            .updated
            .cmp(&services[a].doc.updated)
            .then_with(|| services[a].doc.id.cmp(&services[b].doc.id))
    });
    order.truncate(FEED_ENTRIES);
    let stamp = |d: jiff::civil::Date| format!("{d}T00:00:00Z");
    let updated = site
        .config
        .data
        .feed_updated
        .clone()
        .or_else(|| {
            order
                .first()
                .and_then(|&i| services[i].doc.updated)
                .map(stamp)
        })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let base = site.config.base_iri();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"lv\">\n",
    );
    xml.push_str(&format!(
        "  <title>{}</title>\n",
        escape(&format!(
            "{} — {}",
            site.config.title,
            site.ui.get("data.feed")
        ))
    ));
    xml.push_str(&format!(
        "  <id>{}</id>\n",
        escape(&format!("{base}izmainas"))
    ));
    xml.push_str(&format!("  <updated>{updated}</updated>\n"));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&address(site, "pakalpojumi/index.html"))
    ));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(
            site.config
                .publisher
                .as_deref()
                .unwrap_or(&site.config.title)
        )
    ));
    xml.push_str("  <generator>katalogs</generator>\n");
    for i in order {
        let s = &services[i];
        let date = stamp(s.doc.updated.expect("filtered"));
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", escape(&s.title)));
        xml.push_str(&format!(
            "    <id>{}</id>\n",
            escape(&format!("{base}pakalpojums/{}", s.doc.id))
        ));
        xml.push_str(&format!("    <updated>{date}</updated>\n"));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&address(site, &s.doc.url))
        ));
        xml.push_str(&format!(
            "    <category term=\"{}\" label=\"{}\"/>\n",
            escape(&s.holder.id),
            escape(&site.institution_label(&s.holder.id))
        ));
        if let Some(summary) = &s.summary {
            xml.push_str(&format!("    <summary>{}</summary>\n", escape(summary)));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// `sitemap.xml` for the given HTML pages (with their last-modified dates).
pub(crate) fn sitemap(site: &Site, pages: &[(String, Option<jiff::civil::Date>)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, date) in pages {
        xml.push_str(&format!(
            "  <url><loc>{}</loc>",
            escape(&address(site, path))
        ));
        if let Some(d) = date {
            xml.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

pub(crate) fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        address(site, "sitemap.xml")
    )
}
