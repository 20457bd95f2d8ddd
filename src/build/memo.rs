//! The live preview's memory between rebuilds: what a change can reach, the pages it may
//! keep, and the caches of the earlier stages. A layer beside the build's stages: each stage
//! takes the piece it can reuse and hands back what the next rebuild needs.

use std::hash::Hasher;
use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Announce, BuildOptions, BuildReport, build_with, output_dir};
use crate::config::Config;
use crate::diagnostics::BuildFailure;
use crate::render::dependencies::{PageDeps, hash_json};
use crate::write::Written;

/// What a build leaves for the next one in the same process, so a preview rebuild redoes
/// and rewrites only what a change reaches.
#[derive(Default)]
pub(super) struct Memo {
    /// The files of the last good build, and the output folder it wrote them to.
    pub(super) outputs: Option<(Written, (u64, u64))>,
    /// Per page: a hash of its template and view, so an unchanged page is not rendered.
    views: FxHashMap<String, u64>,
    pub(super) files: crate::load::LoadCache,
    pub(super) bodies: crate::resolve::BodyCache,
    pub(super) search: crate::search::SearchMemo,
    /// What each page of the last good build showed of other objects.
    deps: Option<PageDeps>,
    /// Site-relative paths of the sources changed since the last good build.
    changed: Vec<String>,
}

/// What the render stage of a preview rebuild may reuse.
#[derive(Default)]
pub(super) struct Reuse {
    /// Per page of the previous build: the hash of its template and view.
    pub(super) views: FxHashMap<String, u64>,
    /// The pages a changed source reaches; `None`: look at every page.
    pub(super) dirty: Option<FxHashSet<String>>,
}

impl Memo {
    /// Forgets what `changed` may invalidate: a template, theme or configuration change
    /// renders every page again; changed sources are read again.
    fn invalidate(&mut self, root: &Path, changed: &[PathBuf]) {
        self.files.forget(changed);
        self.changed.extend(changed.iter().map(|p| {
            let rel = p.strip_prefix(root).unwrap_or(p);
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        }));
        let layout = changed.iter().any(|p| {
            let rel = p.strip_prefix(root).unwrap_or(p);
            rel == Path::new(crate::config::CONFIG_FILE)
                || rel.starts_with("themes")
                || rel.starts_with(crate::ui::I18N_DIR)
                || rel.starts_with("templates")
        });
        if layout {
            self.views.clear();
            self.bodies = Default::default();
            self.deps = None;
        }
    }

    /// What the render stage may reuse when it updates the output in place: the previous
    /// pages' view hashes (which pages the change reaches is known once the new build's page
    /// dependencies are: [`Memo::dirty`]).
    pub(super) fn reuse(&mut self, in_place: bool) -> Reuse {
        if !in_place {
            return Reuse::default();
        }
        Reuse {
            views: std::mem::take(&mut self.views),
            dirty: None,
        }
    }

    /// The pages the changed sources reach, given the new build's page dependencies; `None`:
    /// any page may have changed.
    pub(super) fn dirty(
        &self,
        in_place: bool,
        deps: Option<&PageDeps>,
    ) -> Option<FxHashSet<String>> {
        match (deps, &self.deps) {
            (Some(new), Some(old)) if in_place && !self.changed.is_empty() => {
                new.dirty(old, &self.changed)
            }
            _ => None,
        }
    }

    /// Remembers a good preview build's pages for the next rebuild.
    pub(super) fn remember(&mut self, views: FxHashMap<String, u64>, deps: Option<PageDeps>) {
        self.views = views;
        self.deps = deps;
        self.changed.clear();
    }
}

/// A hash of a page's template and view.
pub(super) fn view_hash(template: &str, view: &serde_json::Value) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(template.as_bytes());
    hash_json(&mut h, view);
    h.finish()
}

/// Repeated builds of one site for the live preview.
pub(crate) struct Rebuilder {
    opts: BuildOptions,
    memo: Memo,
}

impl Rebuilder {
    pub(crate) fn new(opts: BuildOptions) -> Rebuilder {
        crate::text::collate::remember_keys();
        Rebuilder {
            opts: BuildOptions {
                preview: true,
                ..opts
            },
            memo: Memo::default(),
        }
    }

    /// The output folder (from the configuration, or `site/` when it cannot be read).
    pub(crate) fn output_dir(&self) -> PathBuf {
        match Config::load(&self.opts.root) {
            Ok(c) => output_dir(&self.opts, &c),
            Err(_) => self
                .opts
                .output
                .clone()
                .unwrap_or_else(|| self.opts.root.join("site")),
        }
    }

    /// Rebuilds after `changed` source files changed (all of them on the first call),
    /// telling the open pages through `announce` as it goes.
    pub(crate) fn build(
        &mut self,
        changed: &[PathBuf],
        announce: &mut Announce,
    ) -> Result<BuildReport, BuildFailure> {
        self.memo.invalidate(&self.opts.root, changed);
        build_with(&self.opts, &mut self.memo, announce)
    }

    /// Readies what the next rebuild can make before it is asked for, while the preview
    /// waits for a change.
    pub(crate) fn prepare(&mut self) {
        self.memo.files.prepare();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Profile;

    /// A copy of the full fixture site in a temporary folder.
    fn fixture_copy() -> tempfile::TempDir {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/full");
        let dir = tempfile::tempdir().expect("a temporary folder");
        for entry in walkdir::WalkDir::new(&from).into_iter().flatten() {
            let to = dir
                .path()
                .join(entry.path().strip_prefix(&from).expect("inside"));
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).expect("a folder");
            } else {
                std::fs::copy(entry.path(), &to).expect("a copy");
            }
        }
        dir
    }

    #[test]
    fn an_open_page_made_early_is_put_back_when_the_rebuild_then_fails() {
        let site = fixture_copy();
        let out = site.path().join("out");
        let mut rebuilder = Rebuilder::new(BuildOptions {
            root: site.path().to_path_buf(),
            profile: Profile::Public,
            output: Some(out.clone()),
            progress: false,
            preview: true,
        });
        let mut quiet = Announce {
            open: Vec::new(),
            open_written: &mut |_| {},
            pages_written: &mut |_| {},
        };
        assert!(rebuilder.build(&[], &mut quiet).is_ok(), "the first build");
        let before = std::fs::read(out.join("index.html")).unwrap();
        // Every page is marked and the service pages fail: the home page is made (and
        // announced) before the build fails.
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        let base = std::fs::read_to_string(theme.join("base.html")).unwrap();
        let template = site.path().join("templates/base.html");
        std::fs::create_dir_all(template.parent().unwrap()).unwrap();
        std::fs::write(
            &template,
            base.replacen(
                "<body ",
                "{% if kind == \"service\" %}{{ nav_tada.lauks }}{% endif %}Salauzts<body ",
                1,
            ),
        )
        .unwrap();
        let mut shown = String::new();
        let result = rebuilder.build(
            std::slice::from_ref(&template),
            &mut Announce {
                open: vec!["index.html".to_string()],
                open_written: &mut |_| {
                    shown = std::fs::read_to_string(out.join("index.html")).unwrap();
                },
                pages_written: &mut |_| {},
            },
        );
        assert!(result.is_err(), "the service pages fail");
        assert!(shown.contains("Salauzts"), "the home page was made first");
        assert_eq!(
            std::fs::read(out.join("index.html")).unwrap(),
            before,
            "the last good build's home page is back"
        );
        let left: Vec<String> = walkdir::WalkDir::new(&out)
            .into_iter()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".old-") || n.contains(".part-"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn an_open_page_is_announced_before_the_other_pages_are_made() {
        let site = fixture_copy();
        let out = site.path().join("out");
        let mut rebuilder = Rebuilder::new(BuildOptions {
            root: site.path().to_path_buf(),
            profile: Profile::Public,
            output: Some(out.clone()),
            progress: false,
            preview: true,
        });
        let mut quiet = Announce {
            open: Vec::new(),
            open_written: &mut |_| {},
            pages_written: &mut |_| {},
        };
        assert!(rebuilder.build(&[], &mut quiet).is_ok(), "the first build");
        rebuilder.prepare();
        let card = site.path().join("content/pakalpojumi/slimibas-pabalsts.md");
        let text = std::fs::read_to_string(&card).unwrap();
        std::fs::write(
            &card,
            text.replacen("title: Slimības pabalsts", "title: Atvērtais pabalsts", 1),
        )
        .unwrap();
        let open = "pakalpojumi/slimibas-pabalsts.html".to_string();
        let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap_or_default();
        let mut seen: Vec<(Vec<String>, bool, bool)> = Vec::new();
        let mut written = 0;
        let result = rebuilder.build(
            std::slice::from_ref(&card),
            &mut Announce {
                open: vec![open.clone(), "nav/tada.html".to_string()],
                open_written: &mut |pages| {
                    seen.push((
                        pages.to_vec(),
                        read(&open).contains("Atvērtais pabalsts"),
                        read("pakalpojumi/index.html").contains("Atvērtais pabalsts"),
                    ));
                },
                pages_written: &mut |n| written = n,
            },
        );
        assert!(result.is_ok(), "the rebuild");
        assert_eq!(seen.len(), 1, "announced once");
        let (pages, open_shows, catalogue_shows) = &seen[0];
        assert_eq!(
            pages,
            std::slice::from_ref(&open),
            "only the open page that exists and changed"
        );
        assert!(open_shows, "the open page is written when it is announced");
        assert!(!catalogue_shows, "the catalogue is made after");
        assert!(written > 1 && read("pakalpojumi/index.html").contains("Atvērtais pabalsts"));
    }
}
