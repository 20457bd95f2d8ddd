//! The wiki's section tree: every folder of guidance pages is a section (with its `_index.md`
//! or a generated index), ordered by weight then title; breadcrumbs and previous/next follow it.

use std::collections::HashMap;

use crate::model::{Content, Page};
use crate::url::paths;

#[derive(Debug, Clone, Default)]
pub(crate) struct Section {
    /// The `_index.md` page, if the folder has one.
    pub(crate) index: Option<usize>,
    /// Output path of the section's index.
    pub(crate) url: String,
    pub(crate) title: String,
    pub(crate) weight: i64,
    /// Pages of the section (not its index), in order.
    pub(crate) pages: Vec<usize>,
    /// Child sections, in order.
    pub(crate) children: Vec<usize>,
    pub(crate) parent: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Sections {
    pub(crate) list: Vec<Section>,
    by_path: HashMap<Vec<String>, usize>,
    /// The section each guidance page belongs to.
    page_section: HashMap<usize, usize>,
}

/// A folder name made readable when the folder has no `_index.md`.
fn humanize(slug: &str) -> String {
    let text = slug.replace('-', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

pub(crate) fn build(content: &Content) -> Sections {
    let mut s = Sections::default();
    let root = s.ensure(&[]);
    if let Some(home) = content
        .pages
        .iter()
        .position(|p| p.area == Some(crate::model::Area::Home))
    {
        s.list[root].index = Some(home);
        s.list[root].title = content.pages[home].title.clone();
        s.page_section.insert(home, root);
    }
    for (i, p) in content.pages.iter().enumerate() {
        if p.area.is_some() {
            continue;
        }
        let sec = s.ensure(&p.section);
        if p.is_index {
            let section = &mut s.list[sec];
            section.index = Some(i);
            section.title = p.title.clone();
            section.weight = p.weight;
        } else {
            s.list[sec].pages.push(i);
        }
        s.page_section.insert(i, sec);
    }
    let pages = &content.pages;
    let titles: Vec<(i64, String)> = s.list.iter().map(|x| (x.weight, x.title.clone())).collect();
    for sec in &mut s.list {
        sec.pages.sort_by(|&a, &b| {
            pages[a]
                .weight
                .cmp(&pages[b].weight)
                .then_with(|| crate::text::collate::compare(&pages[a].title, &pages[b].title))
        });
        sec.children.sort_by(|&a, &b| {
            titles[a]
                .0
                .cmp(&titles[b].0)
                .then_with(|| crate::text::collate::compare(&titles[a].1, &titles[b].1))
        });
    }
    s
}

impl Sections {
    fn ensure(&mut self, path: &[String]) -> usize {
        if let Some(&i) = self.by_path.get(path) {
            return i;
        }
        let parent = if path.is_empty() {
            None
        } else {
            Some(self.ensure(&path[..path.len() - 1]))
        };
        let i = self.list.len();
        let url = if path.is_empty() {
            paths::HOME.to_string()
        } else {
            format!("{}/index.html", path.join("/"))
        };
        self.list.push(Section {
            index: None,
            url,
            title: path.last().map(|s| humanize(s)).unwrap_or_default(),
            weight: 0,
            pages: Vec::new(),
            children: Vec::new(),
            parent,
        });
        self.by_path.insert(path.to_vec(), i);
        if let Some(p) = parent {
            self.list[p].children.push(i);
        }
        i
    }

    pub(crate) fn root(&self) -> Option<&Section> {
        self.list.first()
    }

    /// The section a guidance page belongs to (for an index page, the section it introduces).
    pub(crate) fn of_page(&self, page: usize) -> Option<usize> {
        self.page_section.get(&page).copied()
    }

    /// Sections from the root down to `sec`, inclusive.
    pub(crate) fn ancestors(&self, sec: usize) -> Vec<usize> {
        let mut out = vec![sec];
        let mut cur = self.list[sec].parent;
        while let Some(p) = cur {
            out.push(p);
            cur = self.list[p].parent;
        }
        out.reverse();
        out
    }

    /// The pages before and after `page` within its section.
    pub(crate) fn prev_next(&self, page: usize, pages: &[Page]) -> (Option<usize>, Option<usize>) {
        let Some(sec) = self.of_page(page) else {
            return (None, None);
        };
        if pages[page].is_index {
            return (None, None);
        }
        let list = &self.list[sec].pages;
        let Some(pos) = list.iter().position(|&p| p == page) else {
            return (None, None);
        };
        (
            pos.checked_sub(1).map(|p| list[p]),
            list.get(pos + 1).copied(),
        )
    }
}
