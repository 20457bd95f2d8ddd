//! Markdown → HTML with pulldown-cmark, in one pass per body:
//! 1. parse with tables, footnotes, strikethrough, task lists, heading ids, callouts and wiki links;
//! 2. resolve wiki links `[[id]]` / `[[id|text]]` / `[[kind:id#anchor]]` to relative URLs
//!    (a dangling one is a diagnostic at its line and column);
//! 3. give every heading an id and an anchor link, and collect the table of contents;
//! 4. link the first occurrence of each glossary term, never inside headings, links or code,
//!    with a keyboard- and hover-accessible tooltip (kept as a short placeholder in the
//!    rendered body and written out when the page is made: see [`Rendered::html_on`]);
//! 5. apply the raw-HTML policy (sanitise with ammonia, escape or strip);
//! 6. collect plain text per heading section for the search index.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{
    BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
    TextMergeWithOffset,
};

use crate::config::RawHtml;
use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::model::ObjKey;
use crate::resolve::glossary::{GlossaryMatcher, TermInfo};
use crate::ui::Ui;
use crate::url::relative;

/// Where a wiki link points.
#[derive(Debug, Clone)]
pub(crate) struct LinkTarget {
    pub(crate) key: ObjKey,
    /// Site-relative output path.
    pub(crate) url: String,
    pub(crate) title: String,
}

/// Why a wiki link could not be resolved.
#[derive(Debug, Clone)]
pub(crate) struct LinkError {
    pub(crate) code: Code,
    /// Facts for the message (the link's target is added where it is reported).
    pub(crate) args: Vec<(&'static str, String)>,
    /// The target may be the id of a file that failed to load: its own error is enough.
    pub(crate) depends_on_broken: bool,
}

impl LinkError {
    pub(crate) fn new(code: Code) -> Self {
        LinkError {
            code,
            args: Vec::new(),
            depends_on_broken: false,
        }
    }

    pub(crate) fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
}

/// Resolves the target part of a wiki link (`id`, `kind:id`, `course/lesson`) written on the
/// page at site-relative URL `from`.
pub(crate) trait LinkResolver: Sync {
    fn resolve(&self, target: &str, from: &str) -> Result<LinkTarget, LinkError>;
}

/// A heading of the table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Heading {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) text: String,
}

/// Plain text under one heading, for the search index.
#[derive(Debug, Clone, Default)]
pub(crate) struct TextSection {
    /// Heading id, `None` for text before the first heading.
    pub(crate) anchor: Option<String>,
    pub(crate) title: String,
    pub(crate) text: String,
}

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rendered {
    /// The HTML, each auto-linked glossary term a placeholder (`NUL index | word NUL`; a NUL
    /// never reaches a body, the decoder refuses it): a term's link and tooltip repeat in
    /// thousands of bodies and would be most of their bytes. [`Rendered::html_on`] gives the
    /// page's HTML.
    pub(crate) html: String,
    pub(crate) toc: Vec<Heading>,
    /// Objects this body links to, in order, with repeats removed.
    pub(crate) links: Vec<ObjKey>,
    /// Glossary terms auto-linked in this body (indices into the matcher's terms).
    pub(crate) terms: Vec<usize>,
    pub(crate) sections: Vec<TextSection>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Rendered {
    /// The body's HTML on its page (`page_url`, the URL it was rendered for), every glossary
    /// term's link and tooltip written out.
    pub(crate) fn html_on<'a>(
        &'a self,
        page_url: &str,
        glossary: &GlossaryMatcher,
    ) -> std::borrow::Cow<'a, str> {
        expand_terms(&self.html, page_url, glossary)
    }
}

/// All plain text of a body's sections, each section's title on a line before its text. The
/// text of a body without headings is moved, not copied.
pub(crate) fn plain_text(sections: Vec<TextSection>) -> String {
    let mut sections = sections.into_iter();
    let Some(first) = sections.next() else {
        return String::new();
    };
    let mut out = if first.title.is_empty() {
        first.text
    } else {
        format!("{}\n{}", first.title, first.text)
    };
    for s in sections {
        if !s.title.is_empty() {
            out.push_str(&s.title);
            out.push('\n');
        }
        out.push_str(&s.text);
    }
    out
}

/// Everything a body needs to know about the page it is rendered into.
pub(crate) struct RenderContext<'a> {
    pub(crate) file: &'a str,
    /// Lines of the source file before the body.
    pub(crate) body_line: u32,
    /// Output path of the page, for relative links.
    pub(crate) page_url: &'a str,
    pub(crate) links: &'a dyn LinkResolver,
    pub(crate) glossary: Option<&'a GlossaryMatcher>,
    /// The glossary term this page defines (never linked to itself).
    pub(crate) own_term: Option<usize>,
    pub(crate) raw_html: RawHtml,
    pub(crate) ui: &'a Ui,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
}

fn callout_name(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

fn level_num(level: HeadingLevel) -> u8 {
    level as u8
}

/// URL schemes a Markdown link or image may use; anything else (`javascript:`, `vbscript:`,
/// `data:`, `file:`…) is an error.
pub(crate) const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The scheme of `url`, lowercased, parsed the way browsers do (leading and trailing
/// controls and spaces ignored, tabs and newlines removed); `None` for a relative URL.
pub(crate) fn url_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| scheme.to_ascii_lowercase())
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String");
    out
}

struct State<'a, 'c> {
    ctx: &'c RenderContext<'a>,
    source: &'c str,
    out: Vec<Event<'c>>,
    toc: Vec<Heading>,
    used_ids: HashMap<String, usize>,
    links: Vec<ObjKey>,
    linked_terms: HashSet<usize>,
    terms_in_order: Vec<usize>,
    sections: Vec<TextSection>,
    diagnostics: Vec<Diagnostic>,
    has_raw_html: bool,
    /// Depth of constructs whose text is never auto-linked (links, code, images).
    no_autolink: usize,
    /// A wiki link without its own text: its text event is replaced by the target title.
    replace_link_text: Option<String>,
}

impl<'a, 'c> State<'a, 'c> {
    fn pos(&self, offset: usize) -> Pos {
        Pos::of_offset(self.source, offset).below(self.ctx.body_line)
    }

    fn section_text(&mut self, text: &str) {
        if self.sections.is_empty() {
            self.sections.push(TextSection::default());
        }
        let s = self.sections.last_mut().expect("one section");
        s.text.push_str(text);
    }

    fn unique_id(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "sadala" } else { base };
        let n = self.used_ids.entry(base.to_string()).or_insert(0);
        *n += 1;
        if *n == 1 {
            base.to_string()
        } else {
            format!("{base}-{n}")
        }
    }

    fn wiki_link(&mut self, dest: &str, has_text: bool, offset: usize) -> Event<'c> {
        let (target, anchor) = match dest.split_once('#') {
            Some((t, a)) => (t.trim(), Some(a.trim())),
            None => (dest.trim(), None),
        };
        match self.ctx.links.resolve(target, self.ctx.page_url) {
            Ok(t) => {
                if !self.links.contains(&t.key) {
                    self.links.push(t.key);
                }
                if !has_text {
                    self.replace_link_text = Some(match t.key.kind {
                        crate::schema::Kind::Term => term_link_text(target, &t.title),
                        _ => t.title.clone(),
                    });
                }
                let mut href = relative(self.ctx.page_url, &t.url);
                if let Some(a) = anchor.filter(|a| !a.is_empty()) {
                    href.push('#');
                    href.push_str(&crate::text::slug::slugify(a));
                }
                Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: CowStr::from(href),
                    title: CowStr::from(t.title),
                    id: CowStr::Borrowed(""),
                })
            }
            Err(e) => {
                if !e.depends_on_broken {
                    let mut d = Diagnostic::new(e.code, self.ctx.file, self.pos(offset))
                        .arg("target", dest);
                    for (name, value) in e.args {
                        d = d.arg(name, value);
                    }
                    self.diagnostics.push(d);
                }
                Event::Html(CowStr::from("<span class=\"broken-link\">"))
            }
        }
    }

    /// A Markdown link or image whose URL scheme could run script (`javascript:`, `data:`…)
    /// is reported and its URL replaced by `#`.
    fn checked_url(&mut self, event: Event<'c>, offset: usize) -> Event<'c> {
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) =
            &event
        else {
            return event;
        };
        let Some(scheme) = url_scheme(dest_url) else {
            return event;
        };
        if ALLOWED_SCHEMES.contains(&scheme.as_str()) {
            return event;
        }
        let shown: String = dest_url.chars().take(60).collect();
        self.diagnostics.push(
            Diagnostic::new(Code::LinkScheme, self.ctx.file, self.pos(offset))
                .arg("allowed", ALLOWED_SCHEMES.join(", "))
                .arg("url", shown),
        );
        match event {
            Event::Start(Tag::Link {
                link_type,
                title,
                id,
                ..
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::Borrowed("#"),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                title,
                id,
                ..
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: CowStr::Borrowed("#"),
                title,
                id,
            }),
            other => other,
        }
    }

    /// Splits a text event around glossary terms.
    fn autolink(&mut self, text: CowStr<'c>) {
        let Some(glossary) = self.ctx.glossary else {
            self.out.push(Event::Text(text));
            return;
        };
        if self.no_autolink > 0 || glossary.is_empty() {
            self.out.push(Event::Text(text));
            return;
        }
        let mut last = 0;
        let mut pieces = Vec::new();
        for m in glossary.find(&text) {
            if self.linked_terms.contains(&m.term) || Some(m.term) == self.ctx.own_term {
                continue;
            }
            self.linked_terms.insert(m.term);
            self.terms_in_order.push(m.term);
            if m.start > last {
                pieces.push(Event::Text(CowStr::from(text[last..m.start].to_string())));
            }
            let html = format!(
                "{TERM_MARK}{}|{}{TERM_MARK}",
                m.term,
                escape(&text[m.start..m.end])
            );
            pieces.push(Event::InlineHtml(CowStr::from(html)));
            last = m.end;
        }
        if pieces.is_empty() {
            self.out.push(Event::Text(text));
            return;
        }
        if last < text.len() {
            pieces.push(Event::Text(CowStr::from(text[last..].to_string())));
        }
        self.out.extend(pieces);
    }
}

/// The text of a wiki link to a glossary term written without its own text: the words the
/// author wrote (`[[pakalpojums]]` → pakalpojums, `[[Pakalpojuma turētājs]]`), unless they
/// are an id that is not the term's name (`[[pakalpojuma-turetajs]]` → the name, as the term
/// spells it).
fn term_link_text(target: &str, name: &str) -> String {
    let written = target.split_once(':').map_or(target, |(_, id)| id).trim();
    let is_id = crate::schema::is_valid_id(written);
    let mut chars = name.chars();
    let name_lowered: String = chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default();
    if !is_id || written == name || written == name_lowered {
        written.to_string()
    } else {
        name.to_string()
    }
}

/// Opens and closes a glossary term's placeholder in a rendered body.
const TERM_MARK: char = '\0';

/// `html` with every glossary-term placeholder replaced by the term's link (relative to
/// `page_url`) and tooltip; borrowed when there is none.
pub(crate) fn expand_terms<'a>(
    html: &'a str,
    page_url: &str,
    glossary: &GlossaryMatcher,
) -> std::borrow::Cow<'a, str> {
    if !html.contains(TERM_MARK) {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() * 3);
    let mut rest = html;
    while let Some(open) = rest.find(TERM_MARK) {
        out.push_str(&rest[..open]);
        let mark = &rest[open + 1..];
        let term = mark.find(TERM_MARK).and_then(|close| {
            let (index, word) = mark[..close].split_once('|')?;
            let index = index.parse::<usize>().ok()?;
            Some((glossary.terms.get(index)?, index, word, close))
        });
        let Some((info, index, word, close)) = term else {
            // Not a placeholder this module wrote (it cannot come from content): kept as is.
            out.push(TERM_MARK);
            rest = mark;
            continue;
        };
        let (after_href, tail) = &glossary.markup[index];
        out.push_str("<span class=\"term\"><a class=\"term-link\" href=\"");
        pulldown_cmark_escape::escape_html(&mut out, &relative(page_url, &info.url))
            .expect("writing to a String");
        out.push_str(after_href);
        out.push_str(word);
        out.push_str(tail);
        rest = &mark[close + 1..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The constant parts of a glossary term's link on a page: after its `href` value up to the
/// linked word, and after the word (the tooltip). Made once per term.
pub(crate) fn term_markup(info: &TermInfo) -> (String, String) {
    let tip_id = format!("tip-{}", escape(&info.id));
    (
        format!("\" aria-describedby=\"{tip_id}\">"),
        format!(
            "</a><span class=\"term-tip\" role=\"tooltip\" id=\"{tip_id}\"><strong>{}</strong>: {}</span></span>",
            escape(&info.title),
            escape(&info.short)
        ),
    )
}

/// A heading being buffered: level, explicit id, classes and its inline events.
type HeadingBuffer<'a> = (HeadingLevel, Option<String>, Vec<String>, Vec<Event<'a>>);

/// Renders one Markdown body.
pub(crate) fn render(source: &str, ctx: &RenderContext) -> Rendered {
    let parser = Parser::new_ext(source, options());
    let mut st = State {
        ctx,
        source,
        out: Vec::new(),
        toc: Vec::new(),
        used_ids: HashMap::new(),
        links: Vec::new(),
        linked_terms: HashSet::new(),
        terms_in_order: Vec::new(),
        sections: Vec::new(),
        diagnostics: Vec::new(),
        has_raw_html: false,
        no_autolink: 0,
        replace_link_text: None,
    };
    // Inside a heading, events are buffered and emitted as one HTML block.
    let mut heading: Option<HeadingBuffer> = None;
    let mut broken_link_depth: Vec<bool> = Vec::new();
    for (event, range) in TextMergeWithOffset::new(parser.into_offset_iter()) {
        if let Some((_, _, _, buf)) = heading.as_mut() {
            match event {
                Event::End(TagEnd::Heading(_)) => {
                    let (level, explicit_id, classes, buf) = heading.take().expect("in heading");
                    let mut text = String::new();
                    for e in &buf {
                        if let Event::Text(t) | Event::Code(t) = e {
                            text.push_str(t);
                        }
                    }
                    let base = explicit_id.unwrap_or_else(|| crate::text::slug::slugify(&text));
                    let id = st.unique_id(&base);
                    let mut inner = String::new();
                    pulldown_cmark::html::push_html(&mut inner, buf.into_iter());
                    let n = level_num(level);
                    let class = if classes.is_empty() {
                        String::new()
                    } else {
                        format!(" class=\"{}\"", escape(&classes.join(" ")))
                    };
                    let html = format!(
                        "<h{n} id=\"{id}\"{class}>{inner} <a class=\"anchor\" href=\"#{id}\" aria-label=\"{label}: {text_attr}\">#</a></h{n}>\n",
                        id = escape(&id),
                        label = escape(ctx.ui.get("site.anchor")),
                        text_attr = escape(&text),
                    );
                    st.out.push(Event::Html(CowStr::from(html)));
                    st.toc.push(Heading {
                        level: n,
                        id: id.clone(),
                        text: text.clone(),
                    });
                    st.sections.push(TextSection {
                        anchor: Some(id),
                        title: text,
                        text: String::new(),
                    });
                }
                Event::Html(h) | Event::InlineHtml(h) => {
                    st.has_raw_html = true;
                    match ctx.raw_html {
                        RawHtml::Sanitize => buf.push(Event::InlineHtml(h)),
                        RawHtml::Escape => buf.push(Event::Text(h)),
                        RawHtml::Strip => {}
                    }
                }
                Event::Start(Tag::Link {
                    link_type: LinkType::WikiLink { has_pothole },
                    dest_url,
                    ..
                }) => {
                    let e = st.wiki_link(&dest_url, has_pothole, range.start);
                    let ok = matches!(e, Event::Start(_));
                    broken_link_depth.push(ok);
                    let buf = &mut heading.as_mut().expect("in heading").3;
                    buf.push(e);
                }
                e @ Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                    let e = st.checked_url(e, range.start);
                    heading.as_mut().expect("in heading").3.push(e);
                }
                Event::Text(t) if st.replace_link_text.is_some() => {
                    let title = st.replace_link_text.take().expect("checked");
                    let _ = t;
                    buf.push(Event::Text(CowStr::from(title)));
                }
                Event::End(TagEnd::Link) => {
                    let ok = broken_link_depth.pop().unwrap_or(true);
                    let buf = &mut heading.as_mut().expect("in heading").3;
                    buf.push(if ok {
                        Event::End(TagEnd::Link)
                    } else {
                        Event::Html(CowStr::from("</span>"))
                    });
                }
                other => buf.push(other),
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                heading = Some((
                    level,
                    id.map(|i| i.to_string()),
                    classes.iter().map(|c| c.to_string()).collect(),
                    Vec::new(),
                ));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let name = callout_name(kind);
                let html = format!(
                    "<aside class=\"callout callout-{name}\" role=\"note\" aria-label=\"{label}\"><p class=\"callout-title\">{label}</p>\n",
                    label = escape(ctx.ui.get(&format!("callout.{name}")))
                );
                st.out.push(Event::Html(CowStr::from(html)));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                st.out.push(Event::Html(CowStr::from("</aside>\n")));
            }
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => {
                let e = st.wiki_link(&dest_url, has_pothole, range.start);
                broken_link_depth.push(matches!(e, Event::Start(_)));
                st.no_autolink += 1;
                st.out.push(e);
            }
            Event::Start(Tag::Link { .. }) | Event::Start(Tag::Image { .. }) => {
                broken_link_depth.push(true);
                st.no_autolink += 1;
                let event = st.checked_url(event, range.start);
                st.out.push(event);
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                st.no_autolink = st.no_autolink.saturating_sub(1);
                let ok = broken_link_depth.pop().unwrap_or(true);
                st.out.push(if ok {
                    event
                } else {
                    Event::Html(CowStr::from("</span>"))
                });
            }
            Event::Start(Tag::CodeBlock(_)) => {
                st.no_autolink += 1;
                st.out.push(event);
            }
            Event::End(TagEnd::CodeBlock) => {
                st.no_autolink = st.no_autolink.saturating_sub(1);
                st.out.push(event);
            }
            Event::Text(t) => {
                let t = match st.replace_link_text.take() {
                    Some(title) => CowStr::from(title),
                    None => t,
                };
                st.section_text(&t);
                st.autolink(t);
            }
            Event::Code(t) => {
                st.section_text(&t);
                st.out.push(Event::Code(t));
            }
            Event::SoftBreak | Event::HardBreak => {
                st.section_text(" ");
                st.out.push(event);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                st.section_text("\n");
                st.out.push(event);
            }
            Event::TaskListMarker(done) => {
                let label = if done { "✓" } else { "☐" };
                let aria = if done {
                    ctx.ui.get("site.yes")
                } else {
                    ctx.ui.get("site.no")
                };
                st.out.push(Event::InlineHtml(CowStr::from(format!(
                    "<span class=\"task\" role=\"img\" aria-label=\"{}\">{label}</span> ",
                    escape(aria)
                ))));
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                st.has_raw_html = true;
                match ctx.raw_html {
                    RawHtml::Sanitize => st.out.push(Event::InlineHtml(h)),
                    RawHtml::Escape => st.out.push(Event::Text(h)),
                    RawHtml::Strip => {}
                }
            }
            other => st.out.push(other),
        }
    }
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, st.out.into_iter());
    if st.has_raw_html && ctx.raw_html == RawHtml::Sanitize {
        // The sanitiser's HTML parser would drop the placeholders: terms are written out first.
        if let Some(glossary) = ctx.glossary {
            html = expand_terms(&html, ctx.page_url, glossary).into_owned();
        }
        html = sanitize(&html);
    }
    // Every body's text is held until the search index is made (and the whole body, in the
    // live preview, until the next build): no spare capacity (at 100,000 services the growth
    // slack of these buffers was a tenth of the build's memory).
    html.shrink_to_fit();
    let mut sections = st.sections;
    for section in &mut sections {
        section.text.shrink_to_fit();
    }
    sections.shrink_to_fit();
    let mut toc = st.toc;
    toc.shrink_to_fit();
    let mut links = st.links;
    links.shrink_to_fit();
    let mut terms = st.terms_in_order;
    terms.shrink_to_fit();
    Rendered {
        html,
        toc,
        links,
        terms,
        sections,
        diagnostics: st.diagnostics,
    }
}

/// The sanitiser for bodies with raw HTML: ammonia's safe defaults plus the attributes our
/// own markup uses. Scripts, styles and event handlers never pass.
fn sanitize(html: &str) -> String {
    use std::sync::OnceLock;
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    let cleaner = CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_tags([
            "aside",
            "details",
            "summary",
            "figure",
            "figcaption",
            "mark",
            "section",
        ])
        .add_generic_attributes([
            "class",
            "id",
            "role",
            "aria-label",
            "aria-describedby",
            "aria-hidden",
            "title",
            "lang",
        ])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tags(["input"])
        .link_rel(None)
        .url_relative(ammonia::UrlRelative::PassThrough)
        .id_prefix(None);
        b
    });
    cleaner.clean(html).to_string()
}

/// The first sentence of a Markdown text as plain text (for tooltips and summaries).
pub(crate) fn first_sentence(markdown: &str, max_chars: usize) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph) if !text.trim().is_empty() => break,
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let sentence = match text.find(". ") {
        Some(i) => &text[..=i],
        None => &text,
    };
    if sentence.chars().count() > max_chars {
        let cut: String = sentence.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    } else {
        sentence.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::glossary::TermInfo;
    use crate::schema::Kind;

    struct Links;
    impl LinkResolver for Links {
        fn resolve(&self, target: &str, _from: &str) -> Result<LinkTarget, LinkError> {
            match target {
                "sistema" => Ok(LinkTarget {
                    key: ObjKey::new(Kind::Page, 0),
                    url: "metodika/sistema.html".into(),
                    title: "Pārvaldības sistēma".into(),
                }),
                _ => Err(LinkError::new(crate::diagnostics::Code::WikiLinkNothing)),
            }
        }
    }

    fn ctx<'a>(
        ui: &'a Ui,
        glossary: Option<&'a GlossaryMatcher>,
        raw: RawHtml,
    ) -> RenderContext<'a> {
        RenderContext {
            file: "content/a.md",
            body_line: 4,
            page_url: "metodika/a.html",
            links: &Links,
            glossary,
            own_term: None,
            raw_html: raw,
            ui,
        }
    }

    fn glossary() -> GlossaryMatcher {
        GlossaryMatcher::new(
            vec![TermInfo {
                id: "pakalpojuma-turetajs".into(),
                url: "glosarijs/pakalpojuma-turetajs.html".into(),
                title: "Pakalpojuma turētājs".into(),
                short: "Iestāde, kas atbild <par> pakalpojumu.".into(),
            }],
            &[vec!["Pakalpojuma turētājs".into()]],
            &[vec![]],
        )
    }

    #[test]
    fn wiki_links_resolve_relative_to_the_page() {
        let ui = Ui::for_language("lv").unwrap();
        let r = render(
            "See [[sistema]] and [[sistema#Mērķi|the goals]].",
            &ctx(&ui, None, RawHtml::Sanitize),
        );
        assert!(
            r.html.contains(
                r#"<a href="sistema.html" title="Pārvaldības sistēma">Pārvaldības sistēma</a>"#
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"href="sistema.html#merki""#));
        assert!(r.html.contains(">the goals</a>"));
        assert_eq!(r.links.len(), 1);
    }

    #[test]
    fn dangling_wiki_links_are_reported_where_they_are() {
        let ui = Ui::for_language("lv").unwrap();
        let r = render(
            "Line one.\n\nThen [[nav|text]] here.",
            &ctx(&ui, None, RawHtml::Sanitize),
        );
        let d = &r.diagnostics[0];
        assert_eq!((d.line, d.column), (7, 6));
        assert_eq!(d.found.as_deref(), Some("[[nav]]"));
        assert!(r.html.contains("<span class=\"broken-link\">text</span>"));
    }

    #[test]
    fn headings_get_ids_anchors_and_toc() {
        let ui = Ui::for_language("lv").unwrap();
        let r = render(
            "## Pārvaldības līmeņi\n\ntext\n\n## Pārvaldības līmeņi\n\n### Own {#own-id}\n",
            &ctx(&ui, None, RawHtml::Sanitize),
        );
        let ids: Vec<_> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["parvaldibas-limeni", "parvaldibas-limeni-2", "own-id"]
        );
        assert!(r.html.contains("<h2 id=\"parvaldibas-limeni\">Pārvaldības līmeņi <a class=\"anchor\" href=\"#parvaldibas-limeni\""));
        assert_eq!(r.sections[0].anchor.as_deref(), Some("parvaldibas-limeni"));
        assert_eq!(r.sections[0].text.trim(), "text");
    }

    #[test]
    fn callouts_become_labelled_asides() {
        let ui = Ui::for_language("lv").unwrap();
        let r = render(
            "> [!IMPORTANT]\n> Katram pakalpojumam jābūt vadītājam.\n",
            &ctx(&ui, None, RawHtml::Sanitize),
        );
        assert!(r.html.contains("<aside class=\"callout callout-important\" role=\"note\" aria-label=\"Pievērsiet īpašu uzmanību\">"), "{}", r.html);
        assert!(r.html.contains("</aside>"));
    }

    #[test]
    fn terms_are_linked_once_and_never_in_headings_links_or_code() {
        let ui = Ui::for_language("lv").unwrap();
        let g = glossary();
        let src = "## Pakalpojuma turētājs\n\n[pakalpojuma turētājam](x.html) and `pakalpojuma turētājs`.\n\nJautājiet pakalpojuma turētājam. Vēlreiz pakalpojuma turētājs.\n";
        let r = render(src, &ctx(&ui, Some(&g), RawHtml::Sanitize));
        let html = r.html_on("metodika/a.html", &g);
        assert_eq!(html.matches("class=\"term-link\"").count(), 1, "{html}");
        assert!(html.contains(">pakalpojuma turētājam</a><span class=\"term-tip\" role=\"tooltip\" id=\"tip-pakalpojuma-turetajs\"><strong>Pakalpojuma turētājs</strong>: Iestāde, kas atbild &lt;par&gt; pakalpojumu.</span>"));
        assert!(html.contains("href=\"../glosarijs/pakalpojuma-turetajs.html\""));
        assert!(!html.contains(TERM_MARK), "{html}");
        assert_eq!(r.terms, [0]);
        // The stored body holds a placeholder, not the link and tooltip.
        assert!(!r.html.contains("term-tip") && r.html.contains(TERM_MARK));
        // A body with raw HTML is sanitised after its terms are written out.
        let raw = render(
            "<em>Jautājiet</em> pakalpojuma turētājam.\n",
            &ctx(&ui, Some(&g), RawHtml::Sanitize),
        );
        assert!(!raw.html.contains(TERM_MARK), "{}", raw.html);
        assert!(raw.html.contains(
            "<span class=\"term-tip\" role=\"tooltip\" id=\"tip-pakalpojuma-turetajs\">"
        ));
        assert_eq!(raw.html_on("metodika/a.html", &g), raw.html);
    }

    #[test]
    fn raw_html_follows_the_policy() {
        let ui = Ui::for_language("lv").unwrap();
        let src = "<div class=\"box\" onclick=\"alert(1)\">Hi <script>alert(2)</script><b>bold</b></div>\n\n<img src=x onerror=alert(3)>\n";
        let clean = render(src, &ctx(&ui, None, RawHtml::Sanitize)).html;
        assert!(
            !clean.contains("onclick") && !clean.contains("<script") && !clean.contains("onerror"),
            "{clean}"
        );
        assert!(clean.contains("<b>bold</b>"));
        let escaped = render(src, &ctx(&ui, None, RawHtml::Escape)).html;
        assert!(escaped.contains("&lt;script&gt;") && !escaped.contains("<script"));
        let stripped = render(src, &ctx(&ui, None, RawHtml::Strip)).html;
        assert!(!stripped.contains("script") && !stripped.contains("<div"));
    }

    #[test]
    fn script_urls_are_reported_and_neutralised_in_every_raw_html_mode() {
        let ui = Ui::for_language("lv").unwrap();
        let src = "[a](javascript:alert(1)) ![i](JaVaScRiPt:alert(2)) <vbscript:x> [d](data:text/html,x)\n\n[r]\n\n[r]: <java\tscript:alert(3)>\n\n[ok](https://e.lv) [rel](a.html) [m](mailto:a@e.lv) [h](#x)\n";
        for mode in [RawHtml::Sanitize, RawHtml::Escape, RawHtml::Strip] {
            let r = render(src, &ctx(&ui, None, mode));
            let neutralised =
                r.html.matches("href=\"#\"").count() + r.html.matches("src=\"#\"").count();
            assert_eq!(neutralised, 5, "{}", r.html);
            assert_eq!(r.diagnostics.len(), 5, "{:#?}", r.diagnostics);
            assert_eq!((r.diagnostics[0].line, r.diagnostics[0].column), (5, 1));
            assert_eq!(
                r.diagnostics[0].found.as_deref(),
                Some("`javascript:alert(1)`")
            );
            for ok in ["https://e.lv", "a.html", "mailto:a@e.lv", "#x"] {
                assert!(
                    r.html.contains(&format!("href=\"{ok}\"")),
                    "{ok}: {}",
                    r.html
                );
            }
        }
        assert_eq!(
            url_scheme(" \u{1}JAVA\tSCRIPT:x"),
            Some("javascript".into())
        );
        assert_eq!(url_scheme("java%0ascript:x"), None);
        assert_eq!(url_scheme("a/b:c"), None);
    }

    #[test]
    fn headings_follow_the_raw_html_policy_and_the_url_rules() {
        let ui = Ui::for_language("lv").unwrap();
        let src =
            "## A <script>alert(1)</script><img src=x onerror=alert(2)> [l](javascript:alert(3))\n";
        for mode in [RawHtml::Sanitize, RawHtml::Escape, RawHtml::Strip] {
            let r = render(src, &ctx(&ui, None, mode));
            assert!(
                !r.html.contains("<script") && !r.html.contains("alert(2)>"),
                "{mode:?}: {}",
                r.html
            );
            assert!(
                r.html.contains("<a href=\"#\">l</a>"),
                "{mode:?}: {}",
                r.html
            );
            assert_eq!(r.diagnostics.len(), 1, "{mode:?}");
        }
    }

    #[test]
    fn tables_footnotes_strikethrough_and_tasks() {
        let ui = Ui::for_language("lv").unwrap();
        let src = "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ text[^1]\n\n[^1]: Note.\n\n- [x] done\n- [ ] todo\n";
        let r = render(src, &ctx(&ui, None, RawHtml::Sanitize));
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("footnote-reference"));
        assert!(
            r.html
                .contains("class=\"task\" role=\"img\" aria-label=\"Jā\">✓</span>")
        );
    }

    #[test]
    fn first_sentence_of_a_definition() {
        assert_eq!(
            first_sentence("Iestāde, kas **atbild**. Otrais teikums.", 200),
            "Iestāde, kas atbild."
        );
    }
}
