//! Shared helpers for integration tests: temporary sites, running the binary, reading
//! diagnostics and scanning built output.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_katalogs");

/// The repository root.
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site in a temporary folder.
pub(crate) struct Site {
    pub(crate) dir: tempfile::TempDir,
}

impl Site {
    /// A small valid site: one institution, one service, one situation, one term, one page.
    pub(crate) fn minimal() -> Site {
        let s = Site {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        s.write(
            "katalogs.toml",
            "title = \"Tests\"\n[build]\ntoday = \"2026-11-01\"\n",
        );
        s.write("content/_index.md", "---\ntitle: Sākums\n---\nTeksts.\n");
        s.write(
            "content/iestades.yaml",
            "- id: vid\n  name: Valsts ieņēmumu dienests\n  short_name: VID\n  kind: iestade\n",
        );
        s.write(
            "content/pakalpojumi/deklaracija.md",
            "---\ntitle: Deklarācija\nholder: vid\nlife_situations: [darbs]\n---\nApraksts.\n",
        );
        s.write(
            "content/dzives-situacijas/darbs.md",
            "---\ntitle: Darbs\nsteps:\n  - title: Deklarēt\n    services: [deklaracija]\n---\n",
        );
        s.write(
            "glossary/pakalpojums.md",
            "---\nterm: Pakalpojums\n---\nDarbība.\n",
        );
        s.write(
            "content/vadlinijas/lapa.md",
            "---\ntitle: Lapa\n---\nSaite uz [[deklaracija]].\n",
        );
        s
    }

    /// A copy of a fixture folder under `tests/fixtures/`.
    pub(crate) fn fixture(name: &str) -> Site {
        let s = Site {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        copy_dir(&repo().join("tests/fixtures").join(name), s.path());
        s
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub(crate) fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }

    pub(crate) fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path().join(rel)).expect("remove");
    }

    pub(crate) fn run(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .args(args)
            .arg("--root")
            .arg(self.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("run katalogs")
    }

    /// `check --format json`: exit code and diagnostics.
    pub(crate) fn check(&self) -> (i32, Vec<Value>) {
        let out = self.run(&["check", "--format", "json"]);
        let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "check printed no JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        });
        (
            out.status.code().unwrap_or(-1),
            json["diagnostics"].as_array().cloned().unwrap_or_default(),
        )
    }

    /// Builds into `<site>/site` (or the given output) and panics with the output on failure.
    pub(crate) fn build_ok(&self, extra: &[&str]) -> PathBuf {
        let out = self.run(&[&["build", "-q"], extra].concat());
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.path().join("site")
    }
}

/// The diagnostic whose message contains `needle`, or a panic listing all of them.
pub(crate) fn find<'a>(diags: &'a [Value], needle: &str) -> &'a Value {
    diags
        .iter()
        .find(|d| d["code"] == needle || d["message"].as_str().unwrap_or("").contains(needle))
        .unwrap_or_else(|| panic!("no diagnostic containing {needle:?} in {diags:#?}"))
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = e.path().strip_prefix(from).expect("under");
        let target = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

/// Every file of a built site: (site-relative path, bytes).
pub(crate) fn files(site: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(site)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(site)
                .expect("under")
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read(e.path()).expect("read")));
        }
    }
    out
}

/// Values of `attr="…"` attributes in HTML (good enough for generated markup).
pub(crate) fn attributes<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out
}

/// Decodes the few entities generated HTML uses in attribute values.
pub(crate) fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// Start tags of generated HTML with their (unescaped) attributes. Script bodies, comments
/// and `<template>`-free raw text are skipped, so JSON-LD text such as `<img src=x>` inside a
/// title is not taken for markup.
pub(crate) fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        let name_len = html[i..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(html.len() - i);
        if name_len == 0 {
            continue;
        }
        let name = html[i..i + name_len].to_ascii_lowercase();
        i += name_len;
        let mut attrs = Vec::new();
        loop {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' || html[i..].starts_with("/>") {
                break;
            }
            let n_end = html[i..]
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
                .map_or(html.len(), |e| i + e);
            let attr = html[i..n_end].to_ascii_lowercase();
            i = n_end.max(i + 1);
            let mut value = String::new();
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let q = bytes[i] as char;
                    let v_end = html[i + 1..].find(q).map_or(html.len(), |e| i + 1 + e);
                    value = unescape(&html[i + 1..v_end]);
                    i = (v_end + 1).min(html.len());
                } else {
                    let v_end = html[i..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map_or(html.len(), |e| i + e);
                    value = unescape(&html[i..v_end]);
                    i = v_end;
                }
            }
            if !attr.is_empty() {
                attrs.push((attr, value));
            }
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            i = html[i..].find(&close).map_or(html.len(), |e| i + e);
        }
        out.push((name, attrs));
    }
    out
}

/// Values of the `id` attributes of a page (link targets).
pub(crate) fn ids(html: &str) -> std::collections::HashSet<String> {
    tags(html)
        .into_iter()
        .flat_map(|(_, attrs)| attrs.into_iter().filter(|(a, _)| a == "id").map(|(_, v)| v))
        .collect()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Some(v) = std::str::from_utf8(&b[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every link problem of a built site:
/// - every internal `href`/`src`/`srcset`/`action` (and CSS `url()`) must be relative (no
///   `/`-rooted links: they break `file://`) and resolve to a file, and a `#fragment` to an
///   element with that id;
/// - scripts, styles, icons, images, media and forms never load from another origin
///   (only `<a href>` and `<link rel="alternate|canonical">` may point elsewhere).
pub(crate) fn link_problems(site: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut id_cache: std::collections::HashMap<PathBuf, std::collections::HashSet<String>> =
        Default::default();
    let all = files(site);
    for (rel, bytes) in &all {
        let dir = Path::new(rel)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let mut urls: Vec<(String, String, bool)> = Vec::new();
        if rel.ends_with(".html") {
            let html =
                String::from_utf8(bytes.clone()).unwrap_or_else(|_| panic!("{rel} is not UTF-8"));
            for (tag, attrs) in tags(&html) {
                let rel_attr = attrs
                    .iter()
                    .find(|(a, _)| a == "rel")
                    .map(|(_, v)| v.as_str())
                    .unwrap_or("");
                for (attr, value) in &attrs {
                    let external_ok = match (tag.as_str(), attr.as_str()) {
                        ("a" | "area", "href") => true,
                        ("link", "href") => rel_attr
                            .split_whitespace()
                            .all(|r| r == "alternate" || r == "canonical"),
                        (_, "href" | "src" | "action" | "poster" | "data" | "formaction") => false,
                        (_, "srcset") => {
                            for candidate in value.split(',') {
                                if let Some(u) = candidate.split_whitespace().next() {
                                    urls.push((format!("<{tag} srcset>"), u.to_string(), false));
                                }
                            }
                            continue;
                        }
                        _ => continue,
                    };
                    if tag == "object" && attr != "data" && attr != "href" {
                        continue;
                    }
                    urls.push((format!("<{tag} {attr}>"), value.clone(), external_ok));
                }
            }
        } else if rel.ends_with(".css") {
            let css = String::from_utf8_lossy(bytes);
            let mut rest: &str = &css;
            while let Some(p) = rest.find("url(") {
                rest = &rest[p + 4..];
                let end = rest.find(')').unwrap_or(rest.len());
                let u = rest[..end].trim().trim_matches(['"', '\'']).to_string();
                urls.push(("css url()".into(), u, false));
            }
            let mut rest: &str = &css;
            while let Some(p) = rest.find("@import") {
                rest = &rest[p + 7..];
                urls.push((
                    "css @import".into(),
                    rest.split(';').next().unwrap_or("").to_string(),
                    false,
                ));
            }
        } else {
            continue;
        }
        for (what, url, external_ok) in urls {
            let url = url.trim().to_string();
            let lower = url.to_ascii_lowercase();
            if lower.starts_with("data:")
                || (external_ok && (lower.starts_with("mailto:") || lower.starts_with("tel:")))
            {
                continue;
            }
            if lower.starts_with("javascript:") {
                problems.push(format!("{rel}: {what} uses a javascript: URL: {url}"));
                continue;
            }
            if lower.contains("://")
                || url.starts_with("//")
                || lower.contains("http:")
                || lower.contains("https:")
            {
                if !external_ok {
                    problems.push(format!("{rel}: {what} loads from another origin: {url}"));
                }
                continue;
            }
            if url.starts_with('/') {
                problems.push(format!(
                    "{rel}: {what} is root-relative and breaks file://: {url}"
                ));
                continue;
            }
            let (path, fragment) = match url.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (url.as_str(), None),
            };
            let path = percent_decode(path.split('?').next().unwrap_or(""));
            let target = if path.is_empty() {
                PathBuf::from(rel)
            } else {
                normalize(&dir.join(&path))
            };
            if !site.join(&target).is_file() {
                problems.push(format!(
                    "{rel}: {what}={url} → missing {}",
                    target.display()
                ));
                continue;
            }
            if let Some(f) = fragment.filter(|f| !f.is_empty())
                && target.extension().is_some_and(|x| x == "html")
            {
                let ids = id_cache.entry(target.clone()).or_insert_with(|| {
                    ids(&std::fs::read_to_string(site.join(&target)).expect("read page"))
                });
                let f = percent_decode(f);
                if !ids.contains(&f) {
                    problems.push(format!(
                        "{rel}: {what}={url} → {} has no element with id {f:?}",
                        target.display()
                    ));
                }
            }
        }
    }
    problems
}

/// Runs the binary with exactly these arguments in the folder `cwd`.
pub(crate) fn katalogs(cwd: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run katalogs")
}

/// A folder under the target directory's scratch space for builds shared by the tests of one
/// binary (kept after the run for inspection, emptied when created).
pub(crate) fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Builds the bundled content (the repository's own site) into `out`; panics with the
/// output on failure.
pub(crate) fn build_bundled(out: &Path, extra: &[&str]) -> PathBuf {
    let root = repo();
    let out_s = out.to_str().expect("UTF-8 path");
    let root_s = root.to_str().expect("UTF-8 path");
    let result = katalogs(
        &root,
        &[&["build", "-q", "--root", root_s, "--output", out_s], extra].concat(),
    );
    assert!(
        result.status.success(),
        "building the bundled content failed:\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
    out.to_path_buf()
}

/// `katalogs search --json` over the built site in `site`: the hits, best first.
pub(crate) fn search(site: &Path, query: &str, extra: &[&str]) -> Vec<Value> {
    let site_s = site.to_str().expect("UTF-8 path");
    let out = katalogs(
        site,
        &[&["search", query, "--json", "--site", site_s], extra].concat(),
    );
    assert!(
        out.status.success(),
        "search {query:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "search {query:?} printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    v.as_array()
        .cloned()
        .unwrap_or_else(|| panic!("search {query:?}: not a JSON array: {v}"))
}

/// The parsed `<script type="application/ld+json">` blocks of a page, or what failed.
pub(crate) fn jsonld(html: &str) -> Result<Vec<Value>, String> {
    let open = "<script type=\"application/ld+json\">";
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(p) = rest.find(open) {
        rest = &rest[p + open.len()..];
        let end = rest.find("</script>").ok_or("unclosed JSON-LD script")?;
        let value: Value = serde_json::from_str(&rest[..end])
            .map_err(|e| format!("{e} in {}", &rest[..end.min(200)]))?;
        out.push(value);
        rest = &rest[end..];
    }
    Ok(out)
}

/// The `@type`s of a JSON-LD block (its `@graph` members included).
pub(crate) fn ld_types(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let nodes: Vec<&Value> = match v.get("@graph").and_then(Value::as_array) {
        Some(g) => g.iter().collect(),
        None => vec![v],
    };
    for n in nodes {
        match &n["@type"] {
            Value::String(s) => out.push(s.clone()),
            Value::Array(a) => out.extend(a.iter().filter_map(|t| t.as_str().map(str::to_string))),
            _ => {}
        }
    }
    out
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
