//! Shared helpers for integration tests: temporary sites, running the binary, reading
//! diagnostics and scanning built output.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_katalogs");

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site in a temporary folder.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// A small valid site: one institution, one service, one situation, one term, one page.
    pub fn minimal() -> Site {
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
    pub fn fixture(name: &str) -> Site {
        let s = Site {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        copy_dir(&repo().join("tests/fixtures").join(name), s.path());
        s
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path().join(rel)).expect("remove");
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .args(args)
            .arg("--root")
            .arg(self.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("run katalogs")
    }

    /// `check --format json`: exit code and diagnostics.
    pub fn check(&self) -> (i32, Vec<Value>) {
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
    pub fn build_ok(&self, extra: &[&str]) -> PathBuf {
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
pub fn find<'a>(diags: &'a [Value], needle: &str) -> &'a Value {
    diags
        .iter()
        .find(|d| d["message"].as_str().unwrap_or("").contains(needle))
        .unwrap_or_else(|| panic!("no diagnostic containing {needle:?} in {diags:#?}"))
}

pub fn copy_dir(from: &Path, to: &Path) {
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
pub fn files(site: &Path) -> Vec<(String, Vec<u8>)> {
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
pub fn attributes<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
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
pub fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// Every internal link problem of a built site: links must be relative, resolve to a file,
/// and `src`/stylesheet URLs must never point to another origin.
pub fn link_problems(site: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for (rel, bytes) in files(site) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).expect("utf-8 html");
        let dir = Path::new(&rel)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        for (attr, external_ok) in [("href", true), ("src", false)] {
            for raw in attributes(&html, attr) {
                let url = unescape(raw);
                if url.starts_with("http://")
                    || url.starts_with("https://")
                    || url.starts_with("mailto:")
                {
                    if !external_ok {
                        problems.push(format!("{rel}: {attr} to another origin: {url}"));
                    }
                    continue;
                }
                if url.starts_with('/') || url.starts_with("//") {
                    problems.push(format!("{rel}: root-relative {attr} breaks file://: {url}"));
                    continue;
                }
                let path = url.split(['#', '?']).next().unwrap_or("");
                if path.is_empty() {
                    continue;
                }
                let target = normalize(&dir.join(path));
                if !site.join(&target).is_file() {
                    problems.push(format!(
                        "{rel}: {attr}={url} → missing {}",
                        target.display()
                    ));
                }
            }
        }
    }
    problems
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
