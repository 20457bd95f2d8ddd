//! Long lists split into pages of `[lists] page_size` entries, so no page grows with the
//! catalogue: the first page keeps the list's address (`pakalpojumi/index.html`,
//! `iestades/vid.html`), the others follow it (`pakalpojumi/2.html`, `iestades/vid/2.html`),
//! and each page links to the others with previous/next and numbered links (plain links:
//! they work without JavaScript and from `file://`).

use std::ops::Range;

use serde::Serialize;

use crate::ui::Ui;
use crate::url::relative;

/// The address of page `n` (1-based) of a list whose first page is `first`: `a/index.html`
/// → `a/2.html`, `a/b.html` → `a/b/2.html`.
pub(crate) fn page_url(first: &str, n: usize) -> String {
    if n <= 1 {
        return first.to_string();
    }
    match first.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => format!("{folder}{n}.html"),
        _ => format!("{}/{n}.html", first.strip_suffix(".html").unwrap_or(first)),
    }
}

/// How many pages a list of `len` entries takes (at least one: an empty list has its page).
pub(crate) fn page_count(len: usize, size: usize) -> usize {
    len.div_ceil(size.max(1)).max(1)
}

/// The entries on page `n` (1-based) of a list of `len` entries.
pub(crate) fn page_range(len: usize, size: usize, n: usize) -> Range<usize> {
    let size = size.max(1);
    let start = (n.saturating_sub(1) * size).min(len);
    start..(start + size).min(len)
}

/// "page 2 of 5" in the site's language.
pub(crate) fn page_of(ui: &Ui, n: usize, count: usize) -> String {
    ui.fill(
        "pager.page_of",
        &[("n", n.to_string()), ("count", count.to_string())],
    )
}

/// A page's title with "page N of M" when its list has more than one page.
pub(crate) fn paged_title(ui: &Ui, title: &str, n: usize, count: usize) -> String {
    if count > 1 {
        format!("{title} ({})", page_of(ui, n, count))
    } else {
        title.to_string()
    }
}

/// One numbered link of a pager; `number: None` is a gap (…).
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct PageLink {
    pub(crate) number: Option<usize>,
    /// Relative to the page; `None` for the current page and a gap.
    pub(crate) url: Option<String>,
    pub(crate) current: bool,
}

/// The pager of one page of a list.
#[derive(Debug, Serialize)]
pub(crate) struct Pager {
    /// This page, 1-based.
    pub(crate) current: usize,
    /// How many pages the list has.
    pub(crate) count: usize,
    /// "page 2 of 5".
    pub(crate) label: String,
    pub(crate) prev: Option<String>,
    pub(crate) next: Option<String>,
    pub(crate) links: Vec<PageLink>,
}

/// Pages named around the current one; farther ones are a gap.
const AROUND: usize = 2;

impl Pager {
    /// The pager of page `n` of a list whose first page is `first` (site-relative), with links
    /// relative to `url`, the page itself. `None` when the list fits on one page.
    pub(crate) fn new(ui: &Ui, first: &str, url: &str, n: usize, count: usize) -> Option<Pager> {
        if count <= 1 {
            return None;
        }
        let link = |k: usize| relative(url, &page_url(first, k));
        // The first, the last and those around this one; a gap of one page is that page.
        let mut named: Vec<usize> = vec![1];
        named.extend(n.saturating_sub(AROUND).max(2)..=(n + AROUND).min(count));
        named.push(count);
        named.dedup();
        let numbered = |k: usize| PageLink {
            number: Some(k),
            url: (k != n).then(|| link(k)),
            current: k == n,
        };
        let mut links: Vec<PageLink> = Vec::new();
        let mut previous = 0;
        for k in named {
            match k - previous {
                1 => {}
                2 => links.push(numbered(k - 1)),
                _ => links.push(PageLink {
                    number: None,
                    url: None,
                    current: false,
                }),
            }
            links.push(numbered(k));
            previous = k;
        }
        Some(Pager {
            current: n,
            count,
            label: page_of(ui, n, count),
            prev: (n > 1).then(|| link(n - 1)),
            next: (n < count).then(|| link(n + 1)),
            links,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_the_first_pages_address() {
        assert_eq!(
            page_url("pakalpojumi/index.html", 1),
            "pakalpojumi/index.html"
        );
        assert_eq!(page_url("pakalpojumi/index.html", 2), "pakalpojumi/2.html");
        assert_eq!(page_url("iestades/vid.html", 3), "iestades/vid/3.html");
        assert_eq!(
            page_url("pakalpojumi/kanals/pasts.html", 12),
            "pakalpojumi/kanals/pasts/12.html"
        );
        assert_eq!(page_url("index.html", 2), "2.html");
        assert_eq!(page_url("a/xindex.html", 2), "a/xindex/2.html");
    }

    #[test]
    fn ranges_cover_the_list_once() {
        assert_eq!(page_count(0, 100), 1);
        assert_eq!(page_count(100, 100), 1);
        assert_eq!(page_count(101, 100), 2);
        let len = 205;
        let all: Vec<usize> = (1..=page_count(len, 100))
            .flat_map(|n| page_range(len, 100, n))
            .collect();
        assert_eq!(all, (0..len).collect::<Vec<_>>());
        assert_eq!(page_range(5, 100, 3), 5..5);
    }

    fn shown(n: usize, count: usize) -> String {
        let ui = Ui::builtin();
        let p = Pager::new(ui, "a/index.html", &page_url("a/index.html", n), n, count)
            .expect("several pages");
        p.links
            .iter()
            .map(|l| match (l.number, l.current) {
                (Some(k), true) => format!("[{k}]"),
                (Some(k), false) => k.to_string(),
                (None, _) => "…".into(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn numbered_links_leave_out_far_pages() {
        assert_eq!(shown(1, 3), "[1] 2 3");
        assert_eq!(shown(1, 10), "[1] 2 3 … 10");
        assert_eq!(shown(5, 10), "1 2 3 4 [5] 6 7 … 10");
        assert_eq!(shown(6, 10), "1 … 4 5 [6] 7 8 9 10");
        assert_eq!(shown(50, 100), "1 … 48 49 [50] 51 52 … 100");
        assert_eq!(shown(100, 100), "1 … 98 99 [100]");
    }

    #[test]
    fn a_pager_links_its_neighbours() {
        let ui = Ui::builtin();
        assert!(Pager::new(ui, "a/index.html", "a/index.html", 1, 1).is_none());
        let p = Pager::new(ui, "a/b.html", "a/b/2.html", 2, 3).expect("pages");
        assert_eq!(p.prev.as_deref(), Some("../b.html"));
        assert_eq!(p.next.as_deref(), Some("3.html"));
        let first = Pager::new(ui, "a/b.html", "a/b.html", 1, 3).expect("pages");
        assert_eq!(first.prev, None);
        assert_eq!(first.next.as_deref(), Some("b/2.html"));
    }
}
