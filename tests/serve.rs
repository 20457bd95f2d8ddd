//! `katalogs serve` end to end: a real server on a temporary site, fetched over HTTP, with
//! sources edited, broken and fixed underneath it.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::{BIN, Site};

const WAIT: Duration = Duration::from_secs(60);

/// A running preview server and what it prints.
struct Server {
    child: Child,
    port: u16,
    log: Receiver<String>,
}

impl Server {
    fn start(site: &Site, extra: &[&str]) -> Server {
        Server::start_at(site.path(), site.path(), extra)
    }

    /// Starts the server in folder `cwd` with `--root root` (relative to `cwd` or not).
    fn start_at(cwd: &std::path::Path, root: &std::path::Path, extra: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(extra)
            .current_dir(cwd)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start katalogs serve");
        let (tx, log) = channel();
        let stderr = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut server = Server {
            child,
            port: 0,
            log,
        };
        let line = server.wait_for("serving http://");
        let port = line.split(':').nth(2).and_then(|p| {
            p.trim_end_matches(|c: char| !c.is_ascii_digit())
                .split('/')
                .next()?
                .parse()
                .ok()
        });
        server.port = port.unwrap_or_else(|| panic!("no port in {line:?}"));
        server.wait_for("rebuilt:");
        server
    }

    fn wait_for(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.log.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(line) => seen.push(line),
                Err(_) => break,
            }
        }
        panic!(
            "server never printed {needle:?}; it printed:\n{}",
            seen.join("\n")
        );
    }

    /// Waits until the server has printed nothing for a second: every rebuild finished.
    fn settle(&mut self) {
        while self.log.recv_timeout(Duration::from_secs(1)).is_ok() {}
    }

    fn get(&self, path: &str) -> (u16, String, String) {
        request(self.port, path)
    }

    fn events(&self) -> Receiver<String> {
        self.events_of("")
    }

    /// The event stream of an open page at `page` (`/a/b.html`; empty: a page that does not
    /// say which it is).
    fn events_of(&self, page: &str) -> Receiver<String> {
        let query = if page.is_empty() {
            String::new()
        } else {
            format!("?page={}", page.replace('/', "%2F"))
        };
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET /__katalogs/events{query} HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
            self.port
        )
        .expect("send");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(name) = line.strip_prefix("event: ")
                    && tx.send(name.to_string()).is_err()
                {
                    return;
                }
            }
        });
        assert_eq!(next_event(&rx), "hello");
        rx
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn next_event(rx: &Receiver<String>) -> String {
    rx.recv_timeout(WAIT).expect("an event from the server")
}

/// A raw HTTP/1.1 GET, so paths reach the server exactly as written.
fn request(port: u16, path: &str) -> (u16, String, String) {
    request_with(port, path, &format!("Host: localhost:{port}\r\n"))
}

/// [`request`] with these header lines (each ending in CRLF) instead of the usual `Host`.
fn request_with(port: u16, path: &str, headers: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(WAIT)).expect("a read timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_ascii_lowercase(), body.to_string())
}

const CARD: &str = "content/pakalpojumi/deklaracija.md";

#[test]
fn edits_reload_errors_overlay_and_clear() {
    let site = Site::minimal();
    let mut server = Server::start(&site, &[]);
    let (status, head, body) = server.get("/pakalpojumi/deklaracija.html");
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("content-type: text/html; charset=utf-8"));
    assert!(body.contains("Apraksts."));
    assert!(
        body.contains("/__katalogs/live.js"),
        "the live script is injected"
    );
    assert!(
        !std::fs::read_to_string(site.path().join("site/pakalpojumi/deklaracija.html"))
            .unwrap()
            .contains("__katalogs"),
        "but never written to site/"
    );
    let events = server.events();

    // An edit: the page changes and open pages are told to reload.
    site.write(CARD, "---\ntitle: Deklarācija\nholder: vid\nlife_situations: [darbs]\n---\nJauns apraksts par ienākumiem.\n");
    assert_eq!(next_event(&events), "reload");
    let line = server.wait_for("rebuilt:");
    assert!(line.contains("files changed"), "{line}");
    let (_, _, body) = server.get("/pakalpojumi/deklaracija.html");
    assert!(body.contains("Jauns apraksts par ienākumiem."));
    let (_, _, search) = server.get("/api/search?q=ienakumiem");
    assert!(
        search.contains("pakalpojumi/deklaracija"),
        "the search index follows: {search}"
    );

    // Broken: the last good page stays, the errors are published with their position.
    site.write(
        CARD,
        "---\ntitle: Deklarācija\nholder: nav-tadas\nlife_situations: [darbs]\n---\nSalauzts.\n",
    );
    assert_eq!(next_event(&events), "status");
    server.wait_for("still serving the last good build");
    let (_, _, body) = server.get("/pakalpojumi/deklaracija.html");
    assert!(body.contains("Jauns apraksts par ienākumiem.") && !body.contains("Salauzts."));
    let (_, _, status) = server.get("/__katalogs/status");
    let status: serde_json::Value = serde_json::from_str(&status).expect("status JSON");
    let error = &status["errors"][0];
    assert_eq!(error["file"], CARD, "{status}");
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(3), Some(9)),
        "{status}"
    );
    assert_eq!(error["field"], "holder", "{status}");
    assert_eq!(error["code"], "K0405", "{status}");
    assert_eq!(error["message"], "nezināms identifikators", "{status}");
    assert_eq!(
        status["heading"], "Būvēšana neizdevās (1 kļūda)",
        "{status}"
    );

    // Fixed: the overlay clears by itself and the page reloads.
    site.write(
        CARD,
        "---\ntitle: Deklarācija\nholder: vid\nlife_situations: [darbs]\n---\nLabots.\n",
    );
    assert_eq!(next_event(&events), "reload");
    let (_, _, status) = server.get("/__katalogs/status");
    assert!(status.contains("\"errors\":[]"), "{status}");
    let (_, _, body) = server.get("/pakalpojumi/deklaracija.html");
    assert!(body.contains("Labots."));
}

#[test]
fn an_open_page_reloads_once_when_the_rebuild_has_made_it() {
    let site = Site::minimal();
    let mut server = Server::start(&site, &[]);
    let card = server.events_of("/pakalpojumi/deklaracija.html");
    let home = server.events_of("/");
    let text = std::fs::read_to_string(site.path().join(CARD)).unwrap();
    site.write(
        CARD,
        &text.replacen("\n---\n", "\n---\nAtvērtās lapas labojums.\n\n", 1),
    );
    assert_eq!(next_event(&card), "reload");
    // Reloaded at once, the page shows the edit.
    let (_, _, body) = server.get("/pakalpojumi/deklaracija.html");
    assert!(
        body.contains("Atvērtās lapas labojums."),
        "the open page was written first"
    );
    assert_eq!(
        next_event(&home),
        "reload",
        "the other open pages when all are made"
    );
    server.wait_for("rebuilt:");
    server.settle();
    assert!(
        card.recv_timeout(Duration::from_millis(500)).is_err(),
        "the page that reloaded early is not told again"
    );
}

#[test]
fn a_rebuild_that_fails_while_making_pages_leaves_the_last_good_build_served() {
    let site = Site::minimal();
    // An empty templates folder from the start: one file in it is then made and removed.
    site.write("templates/.keep", "");
    let mut server = Server::start(&site, &[]);
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let base = std::fs::read_to_string(theme.join("base.html")).unwrap();
    // Every page is made with a mark and the service pages fail: the rebuild fails after
    // making the other pages.
    site.write(
        "templates/base.html",
        &base.replacen(
            "<body ",
            "{% if kind == \"service\" %}{{ nav_tada_mainiga.lauks }}{% endif %}Salauztā versija<body ",
            1,
        ),
    );
    server.wait_for("build failed");
    let (status, _, during) = server.get("/index.html");
    assert_eq!(status, 200);
    assert!(
        !during.contains("Salauztā versija") && during.contains("<body "),
        "the failed rebuild's home page never reaches the served site: {during}"
    );
    let left: Vec<String> = walkdir::WalkDir::new(site.path().join("site"))
        .into_iter()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".part-"))
        .collect();
    assert!(left.is_empty(), "the failed rebuild left {left:?}");
    // Undone: the next build's home page is the last good build's, byte for byte.
    site.remove("templates/base.html");
    server.wait_for("rebuilt:");
    server.settle();
    let (status, _, body) = server.get("/index.html");
    assert_eq!(status, 200);
    assert!(
        !body.contains("Salauztā versija"),
        "the failed rebuild's home page is gone"
    );
}

#[test]
fn a_root_given_relative_still_sees_edits() {
    let site = Site::minimal();
    let parent = site.path().parent().expect("a parent folder");
    let name = site.path().file_name().expect("a folder name");
    let mut server = Server::start_at(parent, std::path::Path::new(name), &[]);
    let text = std::fs::read_to_string(site.path().join(CARD)).unwrap();
    site.write(
        CARD,
        &text.replacen("\n---\n", "\n---\nRelatīvas saknes labojums.\n\n", 1),
    );
    server.wait_for("changed: content/pakalpojumi/deklaracija.md");
    server.wait_for("rebuilt:");
    let (_, _, body) = server.get("/pakalpojumi/deklaracija.html");
    assert!(
        body.contains("Relatīvas saknes labojums."),
        "the edit is served"
    );
}

#[test]
fn only_files_inside_site_are_served() {
    let site = Site::minimal();
    let server = Server::start(&site, &[]);
    for path in [
        "/../katalogs.toml",
        "/%2e%2e/katalogs.toml",
        "/%2E%2E%2Fkatalogs.toml",
        "/pakalpojumi/../../katalogs.toml",
        "/..\\katalogs.toml",
        "/%5c..%5ckatalogs.toml",
        "//etc/passwd",
        "/%00",
    ] {
        let (status, _, body) = server.get(path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(
            !body.contains("title = \"Tests\"") && !body.contains("root:"),
            "{path} leaked a file"
        );
    }
    let (status, _, body) = server.get("/nav/tadas/lapas.html");
    assert_eq!(status, 404);
    assert!(
        body.contains("<base href=\"/\">"),
        "a nested 404 keeps its links working"
    );
    let (status, head, _) = server.get("/pakalpojumi");
    assert_eq!(status, 301);
    assert!(head.contains("location: /pakalpojumi/"));
    let shard = common::files(&site.path().join("site"))
        .into_iter()
        .map(|(rel, _)| rel)
        .find(|r| r.starts_with("search/t/") && r.ends_with(".js"))
        .expect("a search shard");
    let (status, head, _) = server.get(&format!("/{shard}"));
    assert_eq!(status, 200);
    assert!(
        head.contains("content-type: text/javascript; charset=utf-8")
            || head.contains("content-type: application/javascript; charset=utf-8"),
        "{head}"
    );
    let (status, head, _) = server.get("/assets/site.css");
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("content-type: text/css"));
}

#[test]
fn styles_only_change_restyles_without_reload() {
    let site = Site::minimal();
    common::copy_dir(
        &common::repo().join("themes/default"),
        &site.path().join("themes/default"),
    );
    let mut server = Server::start(&site, &[]);
    let events = server.events();
    let css = site.path().join("themes/default/static/site.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\n.katalogs-test-marker { color: red; }\n");
    std::fs::write(&css, text).unwrap();
    assert_eq!(next_event(&events), "styles");
    server.wait_for("rebuilt:");
    let (_, _, body) = server.get("/assets/site.css");
    assert!(body.contains("katalogs-test-marker"));
}

#[test]
fn a_busy_port_moves_to_the_next_and_ctrl_c_stops() {
    let site = Site::minimal();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut child = Command::new(BIN)
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(site.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(first.contains(&format!("port {port} is in use")), "{first}");
    let serving = lines.next().unwrap().unwrap();
    assert!(
        serving.contains("serving http://127.0.0.1:") && !serving.contains(&format!(":{port}/")),
        "{serving}"
    );
    loop {
        let line = lines.next().expect("more output").unwrap();
        if line.contains("rebuilt:") {
            break;
        }
    }
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    assert!(
        status.success(),
        "Ctrl-C ends the preview cleanly: {status:?}"
    );
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(rest.iter().any(|l| l == "stopped"), "{rest:?}");
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary folders left: {leftovers:?}"
    );
}

/// Every file of a built site except what a preview leaves out on purpose (the offline
/// package is made on request, the Dati page shows its size, the tantivy files differ).
fn comparable(site: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    common::files(site)
        .into_iter()
        .filter(|(rel, _)| {
            !rel.starts_with("search/index/")
                && rel != "dati.html"
                && !rel.ends_with(".zip")
                && rel != katalogs::MANIFEST_FILE
        })
        .collect()
}

#[test]
fn incremental_rebuilds_equal_a_full_build() {
    incremental_rebuilds_equal_a_full_build_with(None);
}

/// The same with two entries a page: every list paginated, so an edit shifts entries across
/// pages, changes page counts and the catalogue's letter index.
#[test]
fn incremental_rebuilds_of_paginated_lists_equal_a_full_build() {
    incremental_rebuilds_equal_a_full_build_with(Some(2));
}

fn incremental_rebuilds_equal_a_full_build_with(page_size: Option<usize>) {
    let site = Site::fixture("full");
    if let Some(size) = page_size {
        let config = std::fs::read_to_string(site.path().join("katalogs.toml")).unwrap();
        site.write(
            "katalogs.toml",
            &format!("{config}\n[lists]\npage_size = {size}\n"),
        );
    }
    let mut server = Server::start(&site, &[]);
    type Edit = (&'static str, Box<dyn Fn(String) -> String>);
    let edits: [Edit; 11] = [
        (
            "content/pakalpojumi/slimibas-pabalsts.md",
            Box::new(|t| {
                t.replacen(
                    "\n---\n",
                    "\n---\nJauns ievada teikums par pakalpojuma turētāju.\n\n",
                    1,
                )
            }),
        ),
        (
            "content/pakalpojumi/slimibas-pabalsts.md",
            Box::new(|t| {
                t.replacen(
                    "title: Slimības pabalsts",
                    "title: Slimības pabalsts strādājošajiem",
                    1,
                )
            }),
        ),
        (
            "content/pakalpojumi/slimibas-pabalsts.md",
            Box::new(|t| t.replacen("holder: agentura", "holder: min", 1)),
        ),
        (
            "content/pakalpojumi/atlauja-tirdzniecibai-cesis.md",
            Box::new(|t| t.replacen("holder: cesis", "holder: riga", 1)),
        ),
        (
            "glossary/pakalpojuma-turetajs.md",
            Box::new(|t| format!("{t}\nPapildu skaidrojums.\n")),
        ),
        (
            "content/vadlinijas/pirma-lapa.md",
            Box::new(|t| t.replace("title: ", "title: Labots ")),
        ),
        (
            "content/iestades.yaml",
            Box::new(|t| t.replacen("name: ", "name: Jaunā ", 1)),
        ),
        // A term's tooltip text, shown in every body that links the term.
        (
            "glossary/pakalpojuma-turetajs.md",
            Box::new(|t| t.replacen("Iestāde, kas atbild", "Iestāde, kura atbild", 1)),
        ),
        // Facet pages: a new audience value, a renamed situation, the catalogue's intro.
        (
            "content/pakalpojumi/slimibas-pabalsts.md",
            Box::new(|t| t.replacen("audience: [iedzivotaji]", "audience: [uznemeji]", 1)),
        ),
        (
            "content/dzives-situacijas/slimiba.md",
            Box::new(|t| t.replacen("title: Slimība", "title: Saslimšana", 1)),
        ),
        (
            "content/pakalpojumi/_index.md",
            Box::new(|t| format!("{t}\nKataloga ievads.\n")),
        ),
    ];
    for (file, edit) in &edits {
        let text = std::fs::read_to_string(site.path().join(file)).unwrap();
        let changed = edit(text.clone());
        assert_ne!(text, changed, "{file}: the edit changes something");
        site.write(file, &changed);
        server.wait_for("rebuilt:");
    }
    // A new folder with a page in it (the folders are walked again), then a page renamed,
    // a new card and a variant removed (the watcher's paths are trusted).
    site.write(
        "content/vadlinijas/jauna-sadala/lapa.md",
        "---\ntitle: Jaunas sadaļas lapa\n---\nTeksts.\n",
    );
    server.wait_for("rebuilt:");
    std::fs::rename(
        site.path().join("content/vadlinijas/otra-lapa.md"),
        site.path().join("content/vadlinijas/treša-lapa.md"),
    )
    .unwrap();
    server.wait_for("rebuilt:");
    site.write(
        "content/pakalpojumi/jauns.md",
        "---\ntitle: Jauns pakalpojums\nholder: cesis\n---\nSaite uz [[slimibas-pabalsts]].\n",
    );
    server.wait_for("rebuilt:");
    site.remove("content/pakalpojumi/atlauja-tirdzniecibai-cesis.md");
    server.wait_for("rebuilt:");
    server.settle();
    let fresh = tempfile::tempdir().unwrap();
    let out = site.run(&["build", "-q", "--output", fresh.path().to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let live = comparable(&site.path().join("site"));
    let full = comparable(fresh.path());
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(r, _)| r.clone()).collect::<Vec<_>>();
    assert_eq!(names(&live), names(&full), "same files");
    for ((rel, a), (_, b)) in live.iter().zip(&full) {
        assert!(a == b, "{rel} differs between the preview and a full build");
    }
}

#[test]
fn only_requests_to_its_own_address_are_answered() {
    let site = Site::minimal();
    let server = Server::start(&site, &[]);
    let port = server.port;
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("LocalHost:{port}"),
    ] {
        let (status, head, _) = request_with(port, "/", &format!("Host: {host}\r\n"));
        assert_eq!(status, 200, "{host}: {head}");
    }
    // DNS rebinding: another site's name resolved to 127.0.0.1 reaches the preview with its
    // own name in `Host`, and must learn nothing.
    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "localhost".to_string(),
        format!("localhost:{}", port.wrapping_add(1)),
    ] {
        for path in ["/", "/api/search?q=deklaracija", "/__katalogs/status"] {
            let (status, head, body) = request_with(port, path, &format!("Host: {host}\r\n"));
            assert_eq!(status, 421, "{host}{path}: {head}");
            assert!(
                body.contains(&format!("http://localhost:{port}/")) && !body.contains("Deklar"),
                "{host}{path}: {body}"
            );
        }
    }
    let (status, _, _) = request_with(port, "/", "");
    assert!(status == 421 || status == 400, "no Host at all: {status}");
}

#[test]
fn other_sites_pages_cannot_use_the_api_or_the_event_stream() {
    let site = Site::minimal();
    let server = Server::start(&site, &[]);
    let port = server.port;
    let host = format!("Host: localhost:{port}\r\n");
    let own = format!("{host}Origin: http://localhost:{port}\r\nSec-Fetch-Site: same-origin\r\n");
    let (status, _, body) = request_with(port, "/api/search?q=deklaracija", &own);
    assert_eq!(status, 200, "its own pages may: {body}");
    assert!(body.contains("deklaracija"), "{body}");
    for path in [
        "/api/search?q=deklaracija",
        "/__katalogs/events",
        "/__katalogs/status",
    ] {
        for origin in [
            "http://evil.example".to_string(),
            "null".to_string(),
            format!("http://localhost:{}", port.wrapping_add(1)),
        ] {
            let (status, head, body) =
                request_with(port, path, &format!("{host}Origin: {origin}\r\n"));
            assert_eq!(status, 403, "{path} from {origin}: {head}");
            assert!(
                !body.contains("deklaracija"),
                "{path} from {origin}: {body}"
            );
        }
        let (status, head, _) = request_with(
            port,
            path,
            &format!("{host}Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: cors\r\n"),
        );
        assert_eq!(status, 403, "{path}, cross-site fetch: {head}");
    }
    // Another site may link to a page, but not load the site's files into itself (the search
    // index files are scripts any page could run).
    let (status, head, _) = request_with(
        port,
        "/search/meta.js",
        &format!(
            "{host}Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: no-cors\r\nSec-Fetch-Dest: script\r\n"
        ),
    );
    assert_eq!(status, 403, "{head}");
    let (status, head, _) = request_with(
        port,
        "/pakalpojumi/deklaracija.html",
        &format!("{host}Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: navigate\r\n"),
    );
    assert_eq!(status, 200, "{head}");
}

#[test]
fn redirects_never_name_another_host() {
    let site = Site::minimal();
    let server = Server::start(&site, &[]);
    for path in [
        "/pakalpojumi",
        "//pakalpojumi",
        "///pakalpojumi//",
        "//pakalpojumi/",
    ] {
        let (status, head, _) = server.get(path);
        assert_eq!(status, 301, "{path}: {head}");
        let location = head
            .lines()
            .find_map(|l| l.strip_prefix("location: "))
            .unwrap_or_else(|| panic!("{path}: no location in {head}"));
        assert_eq!(location.trim(), "/pakalpojumi/", "{path}");
    }
}

/// The status line and body of the response on `stream`, read up to the end of its body
/// (an event stream's first event) or of the connection.
fn first_answer(stream: &mut TcpStream) -> (u16, String) {
    let mut text = String::new();
    for line in BufReader::new(stream).lines().map_while(Result::ok) {
        text.push_str(&line);
        text.push('\n');
        if line.starts_with("data: ") || line.starts_with("too many") {
            break;
        }
    }
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

#[test]
fn live_reload_streams_are_capped_and_the_page_polls_instead() {
    use katalogs::MAX_EVENT_STREAMS;
    let site = Site::minimal();
    let server = Server::start(&site, &[]);
    let open = |n: usize| -> Vec<(TcpStream, u16, String)> {
        (0..n)
            .map(|_| {
                let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
                stream.set_read_timeout(Some(WAIT)).expect("a read timeout");
                write!(
                    stream,
                    "GET /__katalogs/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
                    server.port
                )
                .expect("send");
                let (status, text) = first_answer(&mut stream);
                (stream, status, text)
            })
            .collect()
    };
    let streams = open(MAX_EVENT_STREAMS);
    for (_, status, text) in &streams {
        assert_eq!(*status, 200, "{text}");
        assert!(text.contains("event: hello"), "{text}");
    }
    let extra = open(20);
    for (_, status, text) in &extra {
        assert_eq!(*status, 503, "{text}");
        assert!(text.contains("too many live-reload streams"), "{text}");
    }
    // Refused pages close their connection (the answer says so).
    drop(extra);
    std::thread::sleep(Duration::from_millis(500));
    let threads = std::fs::read_to_string(format!("/proc/{}/status", server.child.id()))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Threads:"))
                .and_then(|n| n.trim().parse::<usize>().ok())
        });
    eprintln!("threads with {MAX_EVENT_STREAMS} streams open: {threads:?}");
    if let Some(threads) = threads {
        assert!(
            threads <= 2 * MAX_EVENT_STREAMS + 64,
            "{threads} threads for {MAX_EVENT_STREAMS} streams"
        );
    }
    let (_, _, script) = server.get("/__katalogs/live.js");
    assert!(
        script.contains("EventSource.CLOSED") && script.contains("setInterval"),
        "a refused page polls the status instead: {script}"
    );
    drop(streams);
}

/// A field of `/proc/<pid>/status`, in KiB.
fn proc_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find_map(|l| {
        l.strip_prefix(field)?
            .strip_prefix(':')?
            .trim()
            .strip_suffix("kB")?
            .trim()
            .parse()
            .ok()
    })
}

/// The processor time (user and system) the process `pid` has used so far.
fn proc_cpu(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) in parentheses.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // SAFETY: sysconf only reads a configuration value.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    Some(Duration::from_millis(ticks * 1000 / per_second))
}

/// Any web page could send such a query to the preview (before the `Origin` check): a long
/// last word used to be expanded as a prefix at about 9 KB per character, and the memory
/// stayed taken (300,000 characters: 4.7 s and 3.0 GiB).
#[test]
fn a_megabyte_query_through_the_api_answers_fast_and_small() {
    use katalogs::MAX_QUERY_CHARS;
    let site = Site::minimal();
    let server = Server::start(&site, &[]);
    let pid = server.child.id();
    // The first search opens the index; what is measured is a search on an open index.
    let (status, _, body) = server.get("/api/search?q=deklaracija");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("pakalpojumi/deklaracija"), "{body}");
    let before = proc_kib(pid, "VmRSS").expect("/proc/<pid>/status");
    // The peak from here on (Linux 4.0 and later); else the peak so far is the baseline.
    let baseline = if std::fs::write(format!("/proc/{pid}/clear_refs"), "5").is_ok() {
        before
    } else {
        proc_kib(pid, "VmHWM").expect("VmHWM")
    };
    let path = format!("/api/search?q=deklaracija+{}", "A".repeat(1 << 20));
    let cpu_before = proc_cpu(pid).expect("/proc/<pid>/stat");
    let started = Instant::now();
    let (status, head, body) = server.get(&path);
    let took = started.elapsed();
    let cpu = proc_cpu(pid).expect("/proc/<pid>/stat") - cpu_before;
    let peak = proc_kib(pid, "VmHWM").expect("VmHWM");
    let after = proc_kib(pid, "VmRSS").expect("VmRSS");
    eprintln!(
        "a 1 MiB query: {} ms ({} ms of the server's processor time), peak {} KiB over {} KiB, {} KiB kept",
        took.as_millis(),
        cpu.as_millis(),
        peak.saturating_sub(baseline),
        baseline,
        after.saturating_sub(before)
    );
    // The server's own work is measured, not the wall clock, which other tests running
    // beside it on a shared machine stretch (the wall time is bounded loosely).
    assert!(
        cpu < Duration::from_millis(200),
        "a 1 MiB query took {cpu:?} of processor time"
    );
    assert!(took < Duration::from_secs(3), "a 1 MiB query took {took:?}");
    assert!(
        peak.saturating_sub(baseline) < 50 * 1024,
        "a 1 MiB query raised the peak from {baseline} KiB to {peak} KiB"
    );
    assert!(
        after.saturating_sub(before) < 20 * 1024,
        "the memory is returned: {before} KiB before, {after} KiB after"
    );
    assert_eq!(status, 200, "{head}");
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let query = answer["query"].as_str().expect("the query searched");
    assert!(
        query.starts_with("deklaracija AAA") && query.chars().count() <= MAX_QUERY_CHARS,
        "{query}"
    );
    assert!(
        body.contains("pakalpojumi/deklaracija"),
        "its first word still counts: {body}"
    );
}
