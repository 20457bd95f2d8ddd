//! The searchable documents of a site, shared by the tantivy index and the browser index:
//! guidance pages and lessons split into sections by heading (so a hit deep-links to its
//! anchor), service cards (municipal variants folded into their template), life situations,
//! glossary terms, institutions and courses. Internal fields never reach this list: the
//! public profile dropped them when loading.

use crate::model::{Area, ObjKey};
use crate::resolve::{SearchTexts, Site};
use crate::schema::Kind;

/// One search hit target.
#[derive(Debug, Clone, Default, Hash)]
pub(crate) struct SearchDoc {
    pub(crate) kind: Option<Kind>,
    /// Site-relative path, with `#anchor` for a section.
    pub(crate) url: String,
    pub(crate) title: String,
    /// Where the hit lives (the page of a section, the holder of a service).
    pub(crate) context: String,
    pub(crate) summary: String,
    pub(crate) body: String,
    pub(crate) keywords: String,
    /// Other names that count as an exact title match: a term's abbreviations, synonyms and
    /// English equivalent, an institution's short name.
    pub(crate) aliases: Vec<String>,
    pub(crate) holder: Option<String>,
    pub(crate) audience: Vec<String>,
    pub(crate) channels: Vec<String>,
    pub(crate) situations: Vec<String>,
    /// Text in the other edition's language (its title, summary and keywords there; a
    /// glossary term's English equivalent), analysed as that language.
    pub(crate) other: String,
}

impl SearchDoc {
    pub(crate) fn kind(&self) -> Kind {
        self.kind.unwrap_or(Kind::Page)
    }
}

fn sections_of(
    texts: &mut SearchTexts,
    key: ObjKey,
    title: &str,
    summary: &str,
    url: &str,
    kind: Kind,
    out: &mut Vec<SearchDoc>,
) {
    let Some(sections) = texts.remove(&key) else {
        out.push(SearchDoc {
            kind: Some(kind),
            url: url.to_string(),
            title: title.to_string(),
            summary: summary.to_string(),
            ..Default::default()
        });
        return;
    };
    let mut first = true;
    for section in sections {
        match &section.anchor {
            None => {
                first = false;
                out.push(SearchDoc {
                    kind: Some(kind),
                    url: url.to_string(),
                    title: title.to_string(),
                    summary: summary.to_string(),
                    body: section.text,
                    ..Default::default()
                });
            }
            Some(anchor) => {
                if first {
                    first = false;
                    out.push(SearchDoc {
                        kind: Some(kind),
                        url: url.to_string(),
                        title: title.to_string(),
                        summary: summary.to_string(),
                        ..Default::default()
                    });
                }
                out.push(SearchDoc {
                    kind: Some(kind),
                    url: format!("{url}#{anchor}"),
                    title: section.title,
                    context: title.to_string(),
                    body: section.text,
                    ..Default::default()
                });
            }
        }
    }
    if first {
        out.push(SearchDoc {
            kind: Some(kind),
            url: url.to_string(),
            title: title.to_string(),
            summary: summary.to_string(),
            ..Default::default()
        });
    }
}

fn plain(texts: &mut SearchTexts, key: ObjKey) -> String {
    texts
        .remove(&key)
        .map(crate::resolve::markdown::plain_text)
        .unwrap_or_default()
}

/// [`documents`] with the text of `counterpart`, the site's edition in another language: each
/// document also carries its title, summary and keywords there (where they differ), and on
/// the Latvian edition the glossary's English equivalents of the terms a page names.
pub(crate) fn documents_with(
    site: &Site,
    mut texts: SearchTexts,
    counterpart: Option<&Site>,
) -> Vec<SearchDoc> {
    let mut docs = documents(site, &mut texts);
    let Some(other) = counterpart else {
        return docs;
    };
    let mut texts: rustc_hash::FxHashMap<String, String> = Default::default();
    for d in documents(other, &mut other.search_texts()) {
        let url = d
            .url
            .strip_prefix(crate::edition::TO_DEFAULT)
            .unwrap_or(&d.url)
            .to_string();
        let text = [d.title.as_str(), &d.summary, &d.keywords]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        texts.insert(url, text);
    }
    // English equivalents of glossary terms, for the pages that name them.
    let english = |ids: &[crate::model::Ref]| -> Vec<String> {
        ids.iter()
            .filter_map(|r| site.find(Kind::Term, &r.id))
            .filter_map(|i| site.content.terms[i].english.clone())
            .collect()
    };
    let by_url: rustc_hash::FxHashMap<&str, Vec<String>> = site
        .content
        .services
        .iter()
        .map(|s| (s.doc.url.as_str(), english(&s.terms)))
        .chain(
            site.content
                .terms
                .iter()
                .map(|t| (t.doc.url.as_str(), t.english.iter().cloned().collect())),
        )
        .collect();
    for d in &mut docs {
        let own = [d.title.as_str(), &d.summary, &d.keywords]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        let mut parts = Vec::new();
        if let Some(t) = texts.get(d.url.as_str())
            && *t != own
        {
            parts.push(t.clone());
        }
        if site.edition.is_default()
            && let Some(words) = by_url.get(d.url.as_str())
        {
            parts.extend(words.iter().cloned());
        }
        d.other = parts.join(" · ");
    }
    docs
}

/// All search documents of a site, in a stable order, their text taken from `texts`.
pub(crate) fn documents(site: &Site, texts: &mut SearchTexts) -> Vec<SearchDoc> {
    let c = &site.content;
    let ui = &site.ui;
    let mut out = Vec::new();
    for (i, p) in c.pages.iter().enumerate() {
        if p.area.is_some() && p.area != Some(Area::Home) {
            continue;
        }
        let url = if p.is_index && p.area.is_none() {
            site.sections
                .of_page(i)
                .map(|s| site.sections.list[s].url.clone())
                .unwrap_or_else(|| p.doc.url.clone())
        } else {
            p.doc.url.clone()
        };
        let summary = p.summary.clone().unwrap_or_default();
        sections_of(
            texts,
            ObjKey::new(Kind::Page, i),
            &p.title,
            &summary,
            &url,
            Kind::Page,
            &mut out,
        );
    }
    for (i, s) in c.services.iter().enumerate() {
        if s.is_variant() {
            continue;
        }
        let key = ObjKey::new(Kind::Service, i);
        let holder = site
            .find(Kind::Institution, &s.holder.id)
            .map(|h| &c.institutions[h]);
        let mut keywords = s.keywords.clone();
        if let Some(h) = holder {
            keywords.push(h.name.clone());
            keywords.extend(h.short_name.clone());
        }
        for &v in &site.variants[i] {
            keywords.push(site.institution_label(&c.services[v].holder.id));
        }
        keywords.extend(
            s.all_channels()
                .iter()
                .map(|ch| ui.value("channel", ch).to_string()),
        );
        let mut body = plain(texts, key);
        for extra in s
            .documents
            .iter()
            .map(|d| &d.name)
            .chain(&s.legal_acts)
            .chain(s.output.iter())
            .chain(s.cost.iter())
            .chain(s.processing_time.iter())
        {
            body.push('\n');
            body.push_str(extra);
        }
        out.push(SearchDoc {
            kind: Some(Kind::Service),
            url: s.doc.url.clone(),
            title: s.title.clone(),
            context: holder.map(|h| h.label().to_string()).unwrap_or_default(),
            summary: s.summary.clone().unwrap_or_default(),
            body,
            keywords: keywords.join(" · "),
            aliases: Vec::new(),
            holder: Some(s.holder.id.clone()),
            audience: s.audience.clone(),
            channels: s.all_channels().iter().map(|c| c.to_string()).collect(),
            situations: site.service_situations[i]
                .iter()
                .map(|&si| c.situations[si].doc.id.clone())
                .collect(),
            other: String::new(),
        });
    }
    for (i, s) in c.situations.iter().enumerate() {
        let mut body = plain(texts, ObjKey::new(Kind::Situation, i));
        for text in s.circumstances.iter() {
            body.push('\n');
            body.push_str(text);
        }
        for step in s.steps.iter().chain(&s.groups) {
            body.push('\n');
            body.push_str(&step.title);
            if let Some(t) = &step.text {
                body.push_str(": ");
                body.push_str(t);
            }
            for r in &step.services {
                if let Some(x) = site.find(Kind::Service, &r.id) {
                    body.push_str(" · ");
                    body.push_str(&c.services[x].title);
                }
            }
        }
        out.push(SearchDoc {
            kind: Some(Kind::Situation),
            url: s.doc.url.clone(),
            title: s.title.clone(),
            summary: s.summary.clone().unwrap_or_default(),
            body,
            keywords: s.keywords.join(" · "),
            situations: vec![s.doc.id.clone()],
            ..Default::default()
        });
    }
    for (i, t) in c.terms.iter().enumerate() {
        let keywords: Vec<&str> = t
            .abbreviations
            .iter()
            .chain(&t.synonyms)
            .chain(t.english.iter())
            .map(String::as_str)
            .collect();
        out.push(SearchDoc {
            kind: Some(Kind::Term),
            url: t.doc.url.clone(),
            title: t.term.clone(),
            summary: site
                .glossary
                .terms
                .get(i)
                .map(|x| x.short.clone())
                .unwrap_or_default(),
            body: plain(texts, ObjKey::new(Kind::Term, i)),
            keywords: keywords.join(" · "),
            aliases: keywords.iter().map(|k| k.to_string()).collect(),
            ..Default::default()
        });
    }
    for inst in &c.institutions {
        out.push(SearchDoc {
            kind: Some(Kind::Institution),
            url: inst.url.clone(),
            title: inst.name.clone(),
            summary: inst
                .kind
                .as_ref()
                .map(|k| ui.value("institution_kind", k).to_string())
                .unwrap_or_default(),
            body: inst.description.clone().unwrap_or_default(),
            keywords: inst.short_name.clone().unwrap_or_default(),
            aliases: inst.short_name.iter().cloned().collect(),
            holder: Some(inst.id.clone()),
            ..Default::default()
        });
    }
    for (i, co) in c.courses.iter().enumerate() {
        let mut body = co.objectives.join("\n");
        body.push('\n');
        body.push_str(&plain(texts, ObjKey::new(Kind::Course, i)));
        out.push(SearchDoc {
            kind: Some(Kind::Course),
            url: co.doc.url.clone(),
            title: co.title.clone(),
            summary: co.summary.clone().unwrap_or_default(),
            body,
            audience: co.audience.clone(),
            ..Default::default()
        });
    }
    for (i, l) in c.lessons.iter().enumerate() {
        let summary = l.summary.clone().unwrap_or_else(|| l.objectives.join("; "));
        sections_of(
            texts,
            ObjKey::new(Kind::Lesson, i),
            &l.title,
            &summary,
            &l.doc.url,
            Kind::Lesson,
            &mut out,
        );
    }
    out
}
