//! The preview's HTTP side: files from `site/` only (no traversal, right MIME types, the
//! site's 404 page), the live-reload event stream and script, and `/api/search`; requests
//! from anywhere but the preview's own pages are refused (see [`guard`](crate::serve::guard)).

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use percent_encoding::percent_decode_str;
use serde_json::json;
use tiny_http::{Header, Method, Request, Response, StatusCode};

use crate::search::INDEX_DIR;
use crate::search::bounds::bounded;
use crate::search::engine::Searcher;
use crate::serve::guard::{Guard, Headers};
use crate::serve::live::{Event, Live};

/// URL prefix of the preview's own endpoints; no site file can live there.
pub(crate) const PREVIEW_PREFIX: &str = "/__katalogs/";
const LIVE_SCRIPT: &str = include_str!("live.js");
/// How often an idle event stream is pinged, so closed pages are noticed.
const PING: Duration = Duration::from_secs(15);
const MAX_RESULTS: usize = 50;
/// Live-reload event streams open at once (each holds a thread); pages beyond them poll.
pub const MAX_EVENT_STREAMS: usize = 32;

/// Where a request path leads inside the site.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Target {
    File(PathBuf),
    /// A folder asked for without its trailing slash (or with repeated slashes): the path to
    /// redirect to, always absolute with single slashes, so it never names another host.
    Redirect(String),
    NotFound,
    /// Traversal, backslashes, NUL or undecodable bytes.
    BadRequest,
}

/// Longest page address an event stream may name.
const PAGE_PARAM_MAX: usize = 1024;

/// The page an event stream's `?page=/a/b.html` names, as a path from the site's root
/// (`a/b.html`; a folder's `index.html`); `None` when it names none or is too long.
fn page_of(query: &str) -> Option<String> {
    let raw = query
        .split('&')
        .find_map(|p| p.strip_prefix("page="))
        .filter(|v| v.len() <= PAGE_PARAM_MAX)?;
    let path = percent_decode_str(raw).decode_utf8().ok()?;
    // The address bar's path, itself percent-encoded.
    let path = percent_decode_str(&path).decode_utf8().ok()?;
    let rel = path.strip_prefix('/')?;
    Some(if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    })
}

/// Maps a request path (without query) to a file inside `site`, refusing anything that
/// could leave it: `..` and `.` segments (also percent-encoded), backslashes, NUL, invalid
/// UTF-8, and symlinks that resolve outside.
pub(crate) fn target(site: &Path, raw_path: &str) -> Target {
    if !raw_path.starts_with('/') {
        return Target::BadRequest;
    }
    let Ok(decoded) = percent_decode_str(raw_path).decode_utf8() else {
        return Target::BadRequest;
    };
    if decoded.contains('\\') || decoded.contains('\0') {
        return Target::BadRequest;
    }
    let mut rel = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." {
            return Target::BadRequest;
        }
        // Hidden files are the build's own (its manifest, files being replaced), not pages.
        if segment.starts_with('.') {
            return Target::NotFound;
        }
        let mut parts = Path::new(segment).components();
        match (parts.next(), parts.next()) {
            (Some(Component::Normal(_)), None) => rel.push(segment),
            _ => return Target::BadRequest,
        }
    }
    let Ok(site) = site.canonicalize() else {
        return Target::NotFound;
    };
    let mut path = site.join(&rel);
    if path.is_dir() {
        let clean: Vec<&str> = raw_path.split('/').filter(|s| !s.is_empty()).collect();
        let canonical = if clean.is_empty() {
            "/".to_string()
        } else {
            format!("/{}/", clean.join("/"))
        };
        if raw_path != canonical {
            return Target::Redirect(canonical);
        }
        path.push("index.html");
    }
    match path.canonicalize() {
        Ok(real) if real.starts_with(&site) && real.is_file() => Target::File(real),
        _ => Target::NotFound,
    }
}

/// The MIME type of a served file, with a charset for text.
pub(crate) fn content_type(path: &Path) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.subtype().as_str(),
            "javascript" | "json" | "xml" | "atom+xml" | "ld+json"
        );
    if text {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

/// Adds the live-reload script to a page; `base` makes a nested 404 page's links work.
pub(crate) fn inject(html: &str, base: bool) -> String {
    let script = format!("<script src=\"{PREVIEW_PREFIX}live.js\"></script>");
    let mut out = html.to_string();
    match out.rfind("</body>") {
        Some(i) => out.insert_str(i, &script),
        None => out.push_str(&script),
    }
    if base && let Some(i) = out.find("<head>") {
        out.insert_str(i + "<head>".len(), "<base href=\"/\">");
    }
    out
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// Everything a request handler needs.
pub(crate) struct Handler {
    pub(crate) site: PathBuf,
    pub(crate) live: Arc<Live>,
    searcher: Mutex<Option<(u64, Arc<Searcher>)>>,
    guard: Guard,
    /// Event streams open now.
    streams: AtomicUsize,
}

/// A header of a request, if it was sent.
fn request_header<'r>(req: &'r Request, name: &'static str) -> Option<&'r str> {
    req.headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str())
}

/// One open event stream, counted while it lives.
struct StreamSlot<'a>(&'a AtomicUsize);

impl<'a> StreamSlot<'a> {
    fn take(open: &'a AtomicUsize) -> Option<StreamSlot<'a>> {
        open.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
            (n < MAX_EVENT_STREAMS).then_some(n + 1)
        })
        .ok()
        .map(|_| StreamSlot(open))
    }
}

impl Drop for StreamSlot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Handler {
    /// A handler for the preview listening on `addr`.
    pub(crate) fn new(site: PathBuf, live: Arc<Live>, addr: SocketAddr) -> Handler {
        Handler {
            site,
            live,
            searcher: Mutex::new(None),
            guard: Guard::new(addr),
            streams: AtomicUsize::new(0),
        }
    }

    /// Answers one request (on its own thread: event streams stay open).
    pub(crate) fn handle(&self, req: Request) {
        let url = req.url().to_string();
        let (path, query) = url.split_once('?').unwrap_or((&url, ""));
        let headers = Headers {
            host: request_header(&req, "Host"),
            origin: request_header(&req, "Origin"),
            fetch_site: request_header(&req, "Sec-Fetch-Site"),
            fetch_mode: request_header(&req, "Sec-Fetch-Mode"),
        };
        let data = path.starts_with(PREVIEW_PREFIX) || path.starts_with("/api/");
        if let Err(refusal) = self.guard.check(headers, data) {
            let message = self.guard.message(&refusal);
            let _ = req.respond(text(
                refusal.status(),
                &message,
                "text/plain; charset=utf-8",
            ));
            return;
        }
        let result = match (req.method(), path) {
            (Method::Get, "/__katalogs/events") => {
                self.events(req, page_of(query));
                return;
            }
            (Method::Get | Method::Head, _) if path.starts_with(PREVIEW_PREFIX) => {
                let response = match &path[PREVIEW_PREFIX.len()..] {
                    "live.js" => text(200, LIVE_SCRIPT, "text/javascript; charset=utf-8"),
                    "status" => text(
                        200,
                        &self.live.status().to_string(),
                        "application/json; charset=utf-8",
                    ),
                    _ => text(404, "not found", "text/plain; charset=utf-8"),
                };
                req.respond(response)
            }
            (Method::Get, "/api/search") => req.respond(self.search(query)),
            (Method::Get | Method::Head, _) => {
                let response = self.file(path);
                req.respond(response)
            }
            _ => req.respond(
                text(405, "method not allowed", "text/plain; charset=utf-8")
                    .with_header(header("Allow", "GET, HEAD")),
            ),
        };
        // A page closed mid-answer is no error worth reporting.
        let _ = result;
    }

    fn file(&self, path: &str) -> Response<std::io::Cursor<Vec<u8>>> {
        match target(&self.site, path) {
            Target::File(file) => match std::fs::read(&file) {
                Ok(bytes) => {
                    let kind = content_type(&file);
                    let body = if kind.starts_with("text/html") {
                        inject(&String::from_utf8_lossy(&bytes), false).into_bytes()
                    } else {
                        bytes
                    };
                    bytes_response(200, body, &kind)
                }
                Err(_) => self.not_found(path),
            },
            Target::Redirect(to) => {
                text(301, "", "text/plain; charset=utf-8").with_header(header("Location", &to))
            }
            Target::NotFound => self.not_found(path),
            Target::BadRequest => text(400, "bad request", "text/plain; charset=utf-8"),
        }
    }

    fn not_found(&self, path: &str) -> Response<std::io::Cursor<Vec<u8>>> {
        let page = std::fs::read_to_string(self.site.join(crate::url::paths::NOT_FOUND))
            .unwrap_or_else(|_| {
                "<!doctype html><title>404</title><body><h1>404</h1></body>".to_string()
            });
        let nested = path.trim_start_matches('/').contains('/');
        text(404, &inject(&page, nested), "text/html; charset=utf-8")
    }

    fn searcher(&self) -> Result<Arc<Searcher>, String> {
        let generation = self.live.generation();
        let mut cached = self.searcher.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((g, s)) = cached.as_ref()
            && *g == generation
        {
            return Ok(s.clone());
        }
        let s = Arc::new(Searcher::open(&self.site.join(INDEX_DIR)).map_err(|e| e.to_string())?);
        *cached = Some((generation, s.clone()));
        Ok(s)
    }

    /// `/api/search?q=…&kind=…&limit=…` as JSON.
    fn search(&self, query: &str) -> Response<std::io::Cursor<Vec<u8>>> {
        let mut q = String::new();
        let mut kind = None;
        let mut limit = 10;
        for (k, v) in query.split('&').filter_map(|p| p.split_once('=')) {
            let v = percent_decode_str(&v.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned();
            match k {
                "q" => q = v,
                "kind" if !v.is_empty() => kind = Some(v),
                "limit" => limit = v.parse().unwrap_or(limit).clamp(1, MAX_RESULTS),
                _ => {}
            }
        }
        if let Some(k) = &kind
            && crate::schema::Kind::from_slug(k).is_none()
        {
            return json_response(400, &json!({ "error": format!("unknown kind `{k}`") }));
        }
        let report = self.searcher().and_then(|s| {
            s.search_report(&q, kind.as_deref(), limit)
                .map_err(|e| e.to_string())
        });
        match report {
            Ok(r) => json_response(
                200,
                &json!({
                    "query": bounded(&q),
                    "hits": r.hits,
                    "unmatched": r.unmatched,
                    "corrected": r.corrected,
                }),
            ),
            Err(e) => json_response(
                503,
                &json!({ "error": format!("search index unavailable: {e}") }),
            ),
        }
    }

    /// A Server-Sent Events stream: `hello` with the current status, then one event per rebuild.
    /// Beyond [`MAX_EVENT_STREAMS`] open at once, a stream is refused with 503 and the page's
    /// script asks for the status from time to time instead.
    fn events(&self, req: Request, page: Option<String>) {
        let Some(_slot) = StreamSlot::take(&self.streams) else {
            let message = format!(
                "too many live-reload streams are open ({MAX_EVENT_STREAMS}); this page checks for changes from time to time instead\n"
            );
            // Written by hand to close the connection: tiny_http drops a `Connection` header.
            let refusal = format!(
                "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{message}",
                message.len()
            );
            let mut w = req.into_writer();
            let _ = w.write_all(refusal.as_bytes()).and_then(|_| w.flush());
            return;
        };
        let rx = self.live.subscribe(page);
        let mut w = req.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
        let hello = format!("event: hello\ndata: {}\n\n", self.live.status());
        if w.write_all(head.as_bytes())
            .and_then(|_| w.write_all(hello.as_bytes()))
            .and_then(|_| w.flush())
            .is_err()
        {
            return;
        }
        loop {
            let message = match rx.recv_timeout(PING) {
                Ok(event) => {
                    let data = if event == Event::Reload {
                        json!({})
                    } else {
                        self.live.status()
                    };
                    format!("event: {}\ndata: {data}\n\n", event.name())
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            };
            if w.write_all(message.as_bytes())
                .and_then(|_| w.flush())
                .is_err()
            {
                return;
            }
        }
    }
}

fn bytes_response(status: u16, body: Vec<u8>, kind: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn text(status: u16, body: &str, kind: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    bytes_response(status, body.as_bytes().to_vec(), kind)
}

fn json_response(status: u16, value: &serde_json::Value) -> Response<std::io::Cursor<Vec<u8>>> {
    text(
        status,
        &value.to_string(),
        "application/json; charset=utf-8",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_stream_names_its_page_from_the_site_root() {
        assert_eq!(
            page_of("page=%2Fpakalpojumi%2Fa.html").as_deref(),
            Some("pakalpojumi/a.html")
        );
        assert_eq!(page_of("x=1&page=%2F").as_deref(), Some("index.html"));
        assert_eq!(
            page_of("page=%2Fiestades%2F").as_deref(),
            Some("iestades/index.html")
        );
        // The address bar's own encoding: `ā` is `%C4%81` there, `%25C4%2581` in the query.
        assert_eq!(
            page_of("page=%2Fgl%25C4%2581.html").as_deref(),
            Some("glā.html")
        );
        assert_eq!(page_of(""), None);
        assert_eq!(page_of("page=relative.html"), None);
        assert_eq!(page_of(&format!("page=%2F{}", "a".repeat(2000))), None);
    }

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("pakalpojumi")).unwrap();
        std::fs::write(
            site.join("index.html"),
            "<html><head></head><body>x</body></html>",
        )
        .unwrap();
        std::fs::write(site.join("pakalpojumi/index.html"), "p").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        dir
    }

    #[test]
    fn only_files_inside_the_site_are_served() {
        let dir = site();
        let s = dir.path().join("site");
        let real = s.canonicalize().unwrap();
        assert_eq!(target(&s, "/"), Target::File(real.join("index.html")));
        assert_eq!(
            target(&s, "/pakalpojumi/"),
            Target::File(real.join("pakalpojumi/index.html"))
        );
        // Redirects name a path of this server, never `//host/…`.
        for asked in [
            "/pakalpojumi",
            "//pakalpojumi",
            "///pakalpojumi//",
            "//pakalpojumi/",
        ] {
            assert_eq!(
                target(&s, asked),
                Target::Redirect("/pakalpojumi/".into()),
                "{asked}"
            );
        }
        assert_eq!(target(&s, "//"), Target::Redirect("/".into()));
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/pakalpojumi/../../secret.txt",
            "/..%2fsecret.txt",
            "/..\\secret.txt",
            "/%5c..%5csecret.txt",
            "/a%00b",
            "/%ff",
            "relative",
        ] {
            assert_eq!(target(&s, bad), Target::BadRequest, "{bad}");
        }
        assert_eq!(target(&s, "//etc/passwd"), Target::NotFound);
        assert_eq!(target(&s, "/missing.html"), Target::NotFound);
        std::fs::write(s.join(".katalogs-manifest"), "x").unwrap();
        assert_eq!(
            target(&s, "/.katalogs-manifest"),
            Target::NotFound,
            "hidden"
        );
        assert_eq!(
            target(&s, "/%2ekatalogs-manifest"),
            Target::NotFound,
            "hidden"
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_site_are_not_followed() {
        let dir = site();
        let s = dir.path().join("site");
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), s.join("link.txt")).unwrap();
        assert_eq!(target(&s, "/link.txt"), Target::NotFound);
    }

    #[test]
    fn mime_types() {
        assert_eq!(
            content_type(Path::new("a/b.html")),
            "text/html; charset=utf-8"
        );
        assert!(content_type(Path::new("search/t/ab.js")).contains("javascript; charset=utf-8"));
        assert_eq!(content_type(Path::new("x.css")), "text/css; charset=utf-8");
        assert_eq!(content_type(Path::new("x.svg")), "image/svg+xml");
        assert_eq!(content_type(Path::new("x.zip")), "application/zip");
        assert!(content_type(Path::new("dati/izmainas.atom")).starts_with("application/atom+xml"));
    }

    #[test]
    fn the_live_script_goes_before_the_end_of_body() {
        let html = inject("<html><head></head><body>x</body></html>", true);
        assert_eq!(
            html,
            "<html><head><base href=\"/\"></head><body>x<script src=\"/__katalogs/live.js\"></script></body></html>"
        );
    }
}
