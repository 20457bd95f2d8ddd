//! Renders every Markdown body once, in parallel, and derives from the results what pages
//! show about each other: backlinks ("what links here") and glossary "used in" lists.

use rustc_hash::FxHashMap as HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::model::ObjKey;
use crate::resolve::Site;
use crate::resolve::glossary::{GlossaryMatcher, TermInfo};
use crate::resolve::markdown::{
    self, LinkError, LinkResolver, LinkTarget, RenderContext, Rendered,
};
use crate::schema::Kind;

/// Longest tooltip text.
const TOOLTIP_CHARS: usize = 200;

/// What a wiki-link target resolved to: (object, URL, title), or nothing.
type Lookup = (String, Option<(ObjKey, String, String)>);

/// What a cached body was rendered with besides its input: its wiki-link lookups, and the
/// tooltip text of each glossary term it links (a hash, by term).
type Seen = (Vec<Lookup>, Vec<(usize, u64)>);

/// Rendered bodies kept between preview rebuilds. A body is rendered again only when its
/// source, its page, the glossary's terms, what one of its wiki links points to, or the
/// tooltip of a term it links changed.
#[derive(Default)]
pub(crate) struct BodyCache {
    entries: HashMap<u64, (Arc<Rendered>, Arc<Seen>)>,
    /// Bodies reused by the last rebuild.
    pub(crate) reused: usize,
}

/// A link resolver that remembers every lookup when the body is cached, so a cached body can
/// be checked (a body is always resolved from its own page).
struct Recorder<'a> {
    site: &'a Site,
    /// Whether to remember: only the preview keeps bodies between builds.
    record: bool,
    lookups: Mutex<Vec<Lookup>>,
}

impl LinkResolver for Recorder<'_> {
    fn resolve(&self, target: &str, from: &str) -> Result<LinkTarget, LinkError> {
        let r = self.site.resolve(target, from);
        if !self.record {
            return r;
        }
        let seen = r
            .as_ref()
            .ok()
            .map(|t| (t.key, t.url.clone(), t.title.clone()));
        self.lookups
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((target.to_string(), seen));
        r
    }
}

/// Whether a cached body's wiki links still point where they did, with the same address
/// and title, and the terms it links still have the tooltips they had (`tooltips`: each
/// term's tooltip hash now).
fn still_valid(site: &Site, from: &str, (lookups, seen_tooltips): &Seen, tooltips: &[u64]) -> bool {
    lookups.iter().all(
        |(target, seen)| match (site.link_target(target, from).ok(), seen) {
            (Some(key), Some((k, url, title))) => {
                key == *k && site.url(key) == url && site.title(key) == title
            }
            (None, None) => true,
            _ => false,
        },
    ) && seen_tooltips
        .iter()
        .all(|&(t, seen)| tooltips.get(t) == Some(&seen))
}

/// A hash of a glossary term's tooltip text.
fn tooltip_hash(site: &Site, term: usize) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    site.glossary.terms[term].short.hash(&mut h);
    h.finish()
}

/// Everything about the glossary that changes how every body renders: which phrases are
/// terms and where they link. (A term's tooltip only changes the bodies that link it.)
fn glossary_fingerprint(site: &Site) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    site.config.build.glossary_links.hash(&mut h);
    format!("{:?}", site.config.build.raw_html).hash(&mut h);
    for t in &site.glossary.terms {
        (&t.id, &t.url, &t.title).hash(&mut h);
    }
    for t in &site.content.terms {
        (&t.term, &t.synonyms, &t.abbreviations).hash(&mut h);
    }
    h.finish()
}

/// Builds the glossary matcher; two terms claiming the same phrase is a warning.
pub(crate) fn glossary_matcher(site: &Site, diags: &mut Vec<Diagnostic>) -> GlossaryMatcher {
    let terms = &site.content.terms;
    let infos: Vec<TermInfo> = terms
        .iter()
        .map(|t| TermInfo {
            id: t.doc.id.clone(),
            url: t.doc.url.clone(),
            title: t.term.clone(),
            short: t
                .short
                .clone()
                .unwrap_or_else(|| markdown::first_sentence(&t.doc.body, TOOLTIP_CHARS)),
        })
        .collect();
    let names: Vec<Vec<String>> = terms
        .iter()
        .map(|t| {
            std::iter::once(t.term.clone())
                .chain(t.synonyms.iter().cloned())
                .collect()
        })
        .collect();
    let abbreviations: Vec<Vec<String>> = terms.iter().map(|t| t.abbreviations.clone()).collect();
    let m = GlossaryMatcher::new(infos, &names, &abbreviations);
    for (phrase, kept, other) in &m.conflicts {
        let t = &terms[*other];
        diags.push(
            Diagnostic::new(Code::GlossaryNameShared, &t.doc.file, Pos::FILE)
                .arg("phrase", phrase)
                .arg("other", &terms[*kept].doc.file),
        );
    }
    m
}

/// A body rendered or taken from the cache: (object, result, input hash, what it was
/// rendered with, taken from the cache).
type BodyMade = (ObjKey, Arc<Rendered>, u64, Arc<Seen>, bool);

/// Every object with a Markdown body: (key, body, file, body line, page url, inherited).
type BodyRef<'a> = (ObjKey, &'a str, &'a str, u32, &'a str, bool);

/// The HTML of `key`'s body, rendered again for its page (glossary terms as placeholders, as
/// in [`Rendered::html`]). The build of a large site ([`Site::is_large`]) drops each body's
/// HTML once resolved, and its page makes it anew: at 100,000 services the bodies' HTML held
/// until every page was made was a seventh of the build's peak memory.
pub(crate) fn body_html(site: &Site, key: ObjKey) -> String {
    let Some(doc) = site.content.doc(key) else {
        return String::new();
    };
    let ctx = RenderContext {
        file: &doc.file,
        body_line: doc.body_line,
        page_url: &doc.url,
        links: site,
        glossary: site.config.build.glossary_links.then_some(&site.glossary),
        own_term: (key.kind == Kind::Term).then_some(key.idx as usize),
        raw_html: site.config.build.raw_html,
        ui: &site.ui,
    };
    markdown::render(&doc.body, &ctx).html
}

fn bodies(site: &Site) -> Vec<BodyRef<'_>> {
    fn entry(kind: Kind, i: usize, d: &crate::model::Doc) -> BodyRef<'_> {
        (
            ObjKey::new(kind, i),
            &d.body,
            &d.file,
            d.body_line,
            &d.url,
            d.body_inherited,
        )
    }
    let c = &site.content;
    let mut out: Vec<BodyRef<'_>> = Vec::new();
    out.extend(
        c.pages
            .iter()
            .enumerate()
            .map(|(i, p)| entry(Kind::Page, i, &p.doc)),
    );
    out.extend(
        c.services
            .iter()
            .enumerate()
            .map(|(i, s)| entry(Kind::Service, i, &s.doc)),
    );
    out.extend(
        c.situations
            .iter()
            .enumerate()
            .map(|(i, s)| entry(Kind::Situation, i, &s.doc)),
    );
    out.extend(
        c.terms
            .iter()
            .enumerate()
            .map(|(i, t)| entry(Kind::Term, i, &t.doc)),
    );
    out.extend(
        c.courses
            .iter()
            .enumerate()
            .map(|(i, x)| entry(Kind::Course, i, &x.doc)),
    );
    out.extend(
        c.lessons
            .iter()
            .enumerate()
            .map(|(i, l)| entry(Kind::Lesson, i, &l.doc)),
    );
    out
}

/// Front-matter references that count as links for "what links here".
fn field_links(site: &Site) -> Vec<(ObjKey, ObjKey)> {
    let c = &site.content;
    let mut out = Vec::new();
    for (i, s) in c.services.iter().enumerate() {
        let from = ObjKey::new(Kind::Service, i);
        for r in &s.terms {
            out.extend(site.key(Kind::Term, &r.id).map(|t| (from, t)));
        }
    }
    for (i, s) in c.situations.iter().enumerate() {
        let from = ObjKey::new(Kind::Situation, i);
        for r in s.service_refs() {
            out.extend(site.key(Kind::Service, &r.id).map(|t| (from, t)));
        }
        for r in &s.related {
            out.extend(site.key(Kind::Situation, &r.id).map(|t| (from, t)));
        }
    }
    for (i, t) in c.terms.iter().enumerate() {
        let from = ObjKey::new(Kind::Term, i);
        for r in &t.related {
            out.extend(site.key(Kind::Term, &r.id).map(|x| (from, x)));
        }
    }
    for (i, l) in c.lessons.iter().enumerate() {
        let from = ObjKey::new(Kind::Lesson, i);
        for r in &l.prerequisites {
            out.extend(
                site.prerequisite(i, &r.id)
                    .map(|x| (from, ObjKey::new(Kind::Lesson, x))),
            );
        }
    }
    out
}

/// Renders all bodies (reusing `cache` where nothing they depend on changed) and fills
/// `bodies`, `backlinks` and `term_uses`.
pub(crate) fn render_bodies(
    site: &mut Site,
    diags: &mut Vec<Diagnostic>,
    mut cache: Option<&mut BodyCache>,
) {
    let glossary_on = site.config.build.glossary_links;
    let raw_html = site.config.build.raw_html;
    let fingerprint = glossary_fingerprint(site);
    let previous = cache.as_deref_mut().map(|c| std::mem::take(&mut c.entries));
    let caching = cache.is_some();
    let tooltips: Vec<u64> = if caching {
        (0..site.glossary.terms.len())
            .map(|t| tooltip_hash(site, t))
            .collect()
    } else {
        Vec::new()
    };
    // Kept until the pages are made unless a large site's build makes it again for its page.
    let keep_html = caching || !site.is_large();
    let rendered: Vec<BodyMade> = {
        let s: &Site = site;
        bodies(s)
            .into_par_iter()
            .map(|(key, body, file, body_line, url, inherited)| {
                let own_term = (key.kind == Kind::Term).then_some(key.idx as usize);
                let mut h = rustc_hash::FxHasher::default();
                (
                    fingerprint,
                    key.kind.slug(),
                    own_term,
                    body,
                    file,
                    body_line,
                    url,
                    inherited,
                )
                    .hash(&mut h);
                let input = h.finish();
                if let Some((r, seen)) = previous.as_ref().and_then(|p| p.get(&input))
                    && still_valid(s, url, seen, &tooltips)
                {
                    return (key, r.clone(), input, seen.clone(), true);
                }
                let recorder = Recorder {
                    site: s,
                    record: caching,
                    lookups: Mutex::new(Vec::new()),
                };
                let ctx = RenderContext {
                    file,
                    body_line,
                    page_url: url,
                    links: &recorder,
                    glossary: glossary_on.then_some(&s.glossary),
                    own_term,
                    raw_html,
                    ui: &s.ui,
                };
                let mut r = markdown::render(body, &ctx);
                if !keep_html {
                    // The page makes its HTML again ([`body_html`]).
                    r.html = String::new();
                }
                // A municipal variant's text is searched through its template's.
                if !caching
                    && key.kind == Kind::Service
                    && s.content.services[key.idx as usize].is_variant()
                {
                    r.sections = Vec::new();
                }
                let linked = if caching {
                    r.terms.iter().map(|&t| (t, tooltips[t])).collect()
                } else {
                    Vec::new()
                };
                if inherited {
                    // The template reports its own problems and owns its links.
                    r.diagnostics.clear();
                    r.links.clear();
                    r.terms.clear();
                }
                let lookups = recorder
                    .lookups
                    .into_inner()
                    .unwrap_or_else(|e| e.into_inner());
                (key, Arc::new(r), input, Arc::new((lookups, linked)), false)
            })
            .collect()
    };
    let mut backlinks: HashMap<ObjKey, Vec<ObjKey>> = HashMap::default();
    let mut term_uses = vec![Vec::new(); site.content.terms.len()];
    let mut map = HashMap::with_capacity_and_hasher(rendered.len(), Default::default());
    let mut entries = HashMap::default();
    let mut reused = 0;
    for (key, r, input, seen, was_reused) in rendered {
        reused += usize::from(was_reused);
        diags.extend(r.diagnostics.iter().cloned());
        for &target in &r.links {
            if target != key {
                backlinks.entry(target).or_default().push(key);
            }
        }
        for &t in &r.terms {
            term_uses[t].push(key);
        }
        if cache.is_some() && r.diagnostics.is_empty() {
            entries.insert(input, (r.clone(), seen));
        }
        map.insert(key, r);
    }
    if let Some(cache) = cache {
        cache.reused = reused;
        cache.entries = entries;
    }
    for (from, to) in field_links(site) {
        if from != to {
            backlinks.entry(to).or_default().push(from);
        }
    }
    for list in backlinks.values_mut() {
        list.sort();
        list.dedup();
    }
    site.bodies = map;
    site.backlinks = backlinks;
    site.term_uses = term_uses;
    site.fragments = render_fragments(site, diags);
}

/// Markdown held in fields: step texts, institution descriptions, process notes.
fn render_fragments(site: &Site, diags: &mut Vec<Diagnostic>) -> HashMap<(ObjKey, String), String> {
    let c = &site.content;
    let mut items: Vec<(ObjKey, String, &str, &str, &str)> = Vec::new();
    for (i, s) in c.situations.iter().enumerate() {
        let key = ObjKey::new(Kind::Situation, i);
        for (list, name) in [(&s.steps, "steps"), (&s.groups, "groups")] {
            for (n, step) in list.iter().enumerate() {
                if let Some(text) = &step.text {
                    items.push((key, format!("{name}.{n}"), text, &s.doc.file, &s.doc.url));
                }
            }
        }
    }
    for (i, inst) in c.institutions.iter().enumerate() {
        if let Some(d) = &inst.description {
            items.push((
                ObjKey::new(Kind::Institution, i),
                "description".into(),
                d,
                &inst.file,
                &inst.url,
            ));
        }
    }
    for (i, s) in c.services.iter().enumerate() {
        if let Some(notes) = s.internal.as_ref().and_then(|x| x.process_notes.as_ref()) {
            items.push((
                ObjKey::new(Kind::Service, i),
                "process_notes".into(),
                notes,
                &s.doc.file,
                &s.doc.url,
            ));
        }
    }
    let rendered: Vec<_> = items
        .into_par_iter()
        .map(|(key, field, text, file, url)| {
            let ctx = RenderContext {
                file,
                body_line: 0,
                page_url: url,
                links: site,
                glossary: None,
                own_term: None,
                raw_html: site.config.build.raw_html,
                ui: &site.ui,
            };
            let mut r = markdown::render(text, &ctx);
            for d in &mut r.diagnostics {
                // Positions inside a YAML string are not file positions: name the field.
                d.line = 0;
                d.column = 0;
                d.field = Some(field.clone());
            }
            ((key, field), r)
        })
        .collect();
    let mut out = HashMap::with_capacity_and_hasher(rendered.len(), Default::default());
    for (at, mut r) in rendered {
        diags.append(&mut r.diagnostics);
        out.insert(at, r.html);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A large site's pages make their bodies' HTML again: it is the HTML a small site keeps
    /// from resolving, for every body of the bundled site and of the full fixture.
    #[test]
    fn a_body_made_again_is_the_body_kept() {
        for root in [".", "tests/fixtures/full"] {
            let site = crate::build::test_site(root);
            assert!(!site.is_large() && site.bodies.len() > 10);
            for (key, body) in &site.bodies {
                assert_eq!(body_html(&site, *key), body.html, "{}", site.url(*key));
            }
            assert_eq!(
                body_html(&site, ObjKey::new(Kind::Institution, 0)),
                "",
                "an institution has no body"
            );
        }
    }
}
