//! HTML safety oracle shared by the hostile-content tests and the Markdown fuzz target: reads
//! HTML with a browser's tokeniser (html5ever, raw-text states included) and lists every
//! element, attribute or URL through which it could run script.

use std::cell::RefCell;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// What the HTML is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Rendered Markdown: no script, style, frame, form or metadata element at all.
    Fragment,
    /// A whole generated page: scripts only as external files or JSON data blocks (JSON-LD,
    /// the link previews) that parse, and the head elements and forms the theme uses.
    Page,
}

/// URL schemes a generated link, image or form may use.
const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Attributes whose value is a URL (or, for `srcset`, a list of them).
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "cite",
    "background",
    "data",
    "ping",
    "longdesc",
    "manifest",
    "codebase",
    "srcset",
    "xlink:href",
];

/// Elements rendered Markdown must never contain.
const FRAGMENT_FORBIDDEN: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link",
    "meta", "form", "svg", "math", "template", "noscript", "portal", "param",
];

/// Elements no page may contain.
const PAGE_FORBIDDEN: &[&str] = &[
    "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "template",
    "portal", "param",
];

/// The scheme of a URL as a browser reads it, lowercased; `None` if it is relative.
pub(crate) fn scheme(url: &str) -> Option<String> {
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

struct Script {
    /// `Some` for an inline JSON-LD block, `None` for an external script.
    json: Option<String>,
    external: bool,
    text: String,
}

struct Sink {
    scope: Scope,
    problems: RefCell<Vec<String>>,
    script: RefCell<Option<Script>>,
}

impl Sink {
    fn problem(&self, p: String) {
        self.problems.borrow_mut().push(p);
    }

    fn check_tag(&self, tag: &Tag) {
        let name = tag.name.to_string();
        let forbidden = match self.scope {
            Scope::Fragment => FRAGMENT_FORBIDDEN,
            Scope::Page => PAGE_FORBIDDEN,
        };
        if forbidden.contains(&name.as_str()) {
            self.problem(format!("<{name}> element"));
        }
        for a in &tag.attrs {
            let attr = match &a.name.prefix {
                Some(p) => format!("{p}:{}", a.name.local),
                None => a.name.local.to_string(),
            }
            .to_ascii_lowercase();
            let value = a.value.to_string();
            if attr.starts_with("on") {
                self.problem(format!("event handler {attr}={value:?} on <{name}>"));
            }
            if matches!(attr.as_str(), "style" | "srcdoc" | "http-equiv") {
                self.problem(format!("attribute {attr}={value:?} on <{name}>"));
            }
            if URL_ATTRIBUTES.contains(&attr.as_str()) {
                let urls: Vec<&str> = if attr == "srcset" {
                    value
                        .split(',')
                        .filter_map(|u| u.split_whitespace().next())
                        .collect()
                } else {
                    vec![value.as_str()]
                };
                for url in urls {
                    if let Some(s) = scheme(url).filter(|s| !SCHEMES.contains(&s.as_str())) {
                        self.problem(format!("{s}: URL in {attr} on <{name}>: {url:?}"));
                    }
                }
            }
        }
    }

    fn start_script(&self, tag: &Tag) {
        let get = |n: &str| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == n)
                .map(|a| a.value.to_string())
        };
        let src = get("src");
        let ty = get("type").map(|t| t.trim().to_ascii_lowercase());
        // A data block: never run, and checked below to be JSON.
        let json = ty.filter(|t| t == "application/ld+json" || t == "application/json");
        if self.scope == Scope::Page {
            match (&src, &json) {
                (Some(s), None) if scheme(s).is_none() && s.ends_with(".js") => {}
                (None, Some(_)) => {}
                _ => self.problem(format!(
                    "<script> that is neither an external file nor a JSON block: {:?}",
                    tag.attrs
                )),
            }
        }
        *self.script.borrow_mut() = Some(Script {
            json,
            external: src.is_some(),
            text: String::new(),
        });
    }

    fn end_script(&self) {
        let Some(s) = self.script.borrow_mut().take() else {
            return;
        };
        if self.scope != Scope::Page {
            return;
        }
        if s.external && !s.text.trim().is_empty() {
            self.problem(format!("external <script> with inline text {:?}", s.text));
        }
        if s.json.is_some()
            && let Err(e) = serde_json::from_str::<serde_json::Value>(&s.text)
        {
            self.problem(format!("JSON block is not JSON ({e}): {:?}", s.text));
        }
    }
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                match tag.kind {
                    TagKind::StartTag => {
                        self.check_tag(&tag);
                        match name.as_str() {
                            "script" => {
                                self.start_script(&tag);
                                return TokenSinkResult::RawData(RawKind::ScriptData);
                            }
                            "title" | "textarea" => {
                                return TokenSinkResult::RawData(RawKind::Rcdata);
                            }
                            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                                return TokenSinkResult::RawData(RawKind::Rawtext);
                            }
                            "plaintext" => return TokenSinkResult::Plaintext,
                            _ => {}
                        }
                    }
                    TagKind::EndTag => {
                        if name == "script" {
                            self.end_script();
                        }
                    }
                }
            }
            Token::CharacterTokens(t) => {
                if let Some(s) = self.script.borrow_mut().as_mut() {
                    s.text.push_str(&t);
                }
            }
            Token::EOFToken => self.end_script(),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Every way `html` could run script, empty when it is safe.
pub(crate) fn problems(html: &str, scope: Scope) -> Vec<String> {
    let sink = Sink {
        scope,
        problems: RefCell::new(Vec::new()),
        script: RefCell::new(None),
    };
    let input = BufferQueue::default();
    input.push_back(html.into());
    let tok = Tokenizer::new(sink, TokenizerOpts::default());
    let _ = tok.feed(&input);
    tok.end();
    tok.sink.problems.take()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oracle_sees_what_a_browser_would_run() {
        for bad in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<a href=\" jAvA&#x09;script:alert(1)\">x</a>",
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
            "<iframe srcdoc=\"x\"></iframe>",
            "<svg><a xlink:href=\"javascript:alert(1)\">x</a></svg>",
            "<img srcset=\"a.png 1x, javascript:alert(1) 2x\">",
            "<p style=\"background:url(javascript:alert(1))\">x</p>",
        ] {
            assert!(!problems(bad, Scope::Fragment).is_empty(), "{bad}");
        }
        for ok in [
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=alert(1) javascript:alert(1)</p>",
            "<a href=\"../a.html#x\" title=\"&lt;script&gt;\">x</a> <img src=\"a.png\" alt=\"i\">",
            "<a href=\"https://e.lv\">e</a> <a href=\"mailto:a@e.lv\">m</a>",
            "<textarea><script>alert(1)</script></textarea>",
        ] {
            assert_eq!(problems(ok, Scope::Fragment), Vec::<String>::new(), "{ok}");
        }
        let page = "<script type=\"application/ld+json\">{\"a\":\"\\u003c/script>\"}</script><script src=\"../assets/js/site.js\"></script>";
        assert_eq!(problems(page, Scope::Page), Vec::<String>::new());
        assert!(!problems("<script type=\"application/ld+json\">{\"a\":\"</script><script>alert(1)</script>\"}</script>", Scope::Page).is_empty());
        assert!(
            !problems(
                "<script type=\"application/ld+json\">{\"a\":\"<\\!-- x\"}</script>",
                Scope::Page
            )
            .is_empty()
        );
    }
}
