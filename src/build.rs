//! The pipeline end to end: `load → resolve → render → index → write`, shared by `build`,
//! `check` and the live preview. Each stage is timed; every diagnostic is collected; nothing
//! reaches the output folder unless the whole build succeeded.

use rustc_hash::FxHashMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{BuildFailure, Code, Diagnostic, Diagnostics, Pos};
use crate::model::Profile;
use crate::render::dependencies::{PageDeps, hash_json, is_tracked};
use crate::render::{Job, Renderer, theme::Theme};
use crate::resolve::Site;
use crate::write::{Output, write_error};

/// What to build and where.
#[derive(Debug, Clone)]
pub(crate) struct BuildOptions {
    pub(crate) root: PathBuf,
    pub(crate) profile: Profile,
    /// Output folder; `build.output` of the configuration (relative to the root) if `None`.
    pub(crate) output: Option<PathBuf>,
    /// Show a progress bar (only on a terminal).
    pub(crate) progress: bool,
    /// A live-preview build: the offline package is made on request, not on every build.
    pub(crate) preview: bool,
}

/// Per-stage wall time.
#[derive(Debug, Default, Clone)]
pub(crate) struct Timings {
    pub(crate) stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    fn record(&mut self, name: &'static str, since: Instant) -> Instant {
        self.stages.push((name, since.elapsed()));
        Instant::now()
    }

    pub(crate) fn summary(&self) -> String {
        self.stages
            .iter()
            .map(|(n, d)| format!("{n} {} ms", d.as_millis()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A finished build.
pub(crate) struct BuildReport {
    pub(crate) pages: usize,
    pub(crate) files: usize,
    /// Files actually written (all of them, except in a preview rebuild).
    pub(crate) written: usize,
    pub(crate) output: PathBuf,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) timings: Timings,
    pub(crate) index: crate::search::browser::IndexStats,
}

/// The output folder for `opts`.
pub(crate) fn output_dir(opts: &BuildOptions, config: &Config) -> PathBuf {
    opts.output
        .clone()
        .unwrap_or_else(|| opts.root.join(&config.build.output))
}

/// Loads and resolves a site: everything `check` validates, nothing written.
pub(crate) fn load_site(
    root: &Path,
    profile: Profile,
    timings: &mut Timings,
) -> Result<(Site, Theme, Diagnostics), BuildFailure> {
    load_site_with(root, profile, timings, None)
}

fn load_site_with(
    root: &Path,
    profile: Profile,
    timings: &mut Timings,
    memo: Option<&mut Memo>,
) -> Result<(Site, Theme, Diagnostics), BuildFailure> {
    let (files, bodies) = match memo {
        Some(m) => (Some(&mut m.files), Some(&mut m.bodies)),
        None => (None, None),
    };
    let t = Instant::now();
    let config = Config::load(root)?;
    let (ui, ui_diags) = crate::render::i18n::site_ui(root, &config.theme, &config.language)?;
    let theme = Theme::load(root, &config.theme)?;
    let loaded = crate::load::load_with(root, &ui, profile, files);
    let t = timings.record("load", t);
    let mut diags = Diagnostics::new();
    diags.extend(ui_diags);
    let mut load_diags = loaded.diagnostics;
    let (site, resolve_diags) = crate::resolve::resolve_with(
        root.to_path_buf(),
        config,
        ui,
        profile,
        loaded.content,
        bodies,
    );
    crate::resolve::refs::suggest_institution_ids(&site, &mut load_diags);
    diags.extend(load_diags);
    diags.extend(resolve_diags);
    diags.localize(&site.ui);
    timings.record("resolve", t);
    Ok((site, theme, diags))
}

/// Runs every validation, including template rendering, without writing anything.
pub(crate) fn check(root: &Path, profile: Profile) -> Result<Vec<Diagnostic>, BuildFailure> {
    let mut timings = Timings::default();
    let (site, theme, mut diags) = load_site(root, profile, &mut timings)?;
    if !diags.has_errors() {
        let tera = theme.tera()?;
        let renderer = Renderer::new(&site, tera);
        diags.extend(renderer.path_collisions());
        let errors: Vec<Diagnostic> = renderer
            .jobs()
            .par_iter()
            .filter_map(|job| renderer.render(job).err())
            .collect();
        diags.extend(errors.into_iter().take(20));
    }
    Ok(diags.into_sorted())
}

/// What a build leaves for the next one in the same process, so a preview rebuild redoes
/// and rewrites only what a change reaches.
#[derive(Default)]
pub(crate) struct Memo {
    /// The files of the last good build, and the output folder it wrote them to.
    outputs: Option<(crate::write::Written, (u64, u64))>,
    /// Per page: a hash of its template and view, so an unchanged page is not rendered.
    views: FxHashMap<String, u64>,
    files: crate::load::LoadCache,
    bodies: crate::resolve::BodyCache,
    search: crate::search::SearchMemo,
    /// What each page of the last good build showed of other objects.
    deps: Option<crate::render::dependencies::PageDeps>,
    /// Site-relative paths of the sources changed since the last good build.
    changed: Vec<String>,
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
}

/// A hash of a page's template and view.
fn view_hash(template: &str, view: &serde_json::Value) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(template.as_bytes());
    hash_json(&mut h, view);
    h.finish()
}

/// Builds the site into its output folder.
pub(crate) fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    build_with(opts, &mut Memo::default(), &mut |_| {})
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

    /// Rebuilds after `changed` source files changed (all of them on the first call).
    /// `pages_written` is called with the number of files changed so far as soon as every
    /// page and asset is in place, before the search indexes, the exports and the Dati page
    /// (which only those depend on) are brought up to date: open pages can reload then.
    pub(crate) fn build(
        &mut self,
        changed: &[PathBuf],
        pages_written: &mut dyn FnMut(usize),
    ) -> Result<BuildReport, BuildFailure> {
        self.memo.invalidate(&self.opts.root, changed);
        build_with(&self.opts, &mut self.memo, pages_written)
    }
}

/// Builds, reusing what `memo` remembers of the previous build; `pages_written` as in
/// [`Rebuilder::build`] (called for in-place rebuilds only).
fn build_with(
    opts: &BuildOptions,
    memo: &mut Memo,
    pages_written: &mut dyn FnMut(usize),
) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    let mut timings = Timings::default();
    let (mut site, theme, diags) = load_site_with(
        &opts.root,
        opts.profile,
        &mut timings,
        opts.preview.then_some(&mut *memo),
    )?;
    if diags.has_errors() {
        return Err(BuildFailure {
            diagnostics: diags.into_sorted(),
        });
    }
    let out_dir = output_dir(opts, &site.config);
    crate::write::check_output_dir(
        &out_dir,
        &opts.root,
        &[
            crate::load::CONTENT_DIR,
            crate::load::GLOSSARY_DIR,
            "themes",
            crate::ui::I18N_DIR,
        ],
    )
    .map_err(|why| {
        Diagnostic::new(
            Code::OutputRefused,
            out_dir.display().to_string(),
            Pos::FILE,
        )
        .field("build.output")
        .arg("found", why)
    })?;
    let tera = theme.tera()?;
    let t = Instant::now();
    let out = match &memo.outputs {
        Some((previous, folder)) if crate::write::folder_identity(&out_dir) == Some(*folder) => {
            Output::in_place(&out_dir, previous.clone())
        }
        _ => Output::create(&out_dir, &site.config.build.keep),
    }
    .map_err(|e| write_error(&out_dir.display().to_string(), e))?;
    let renderer = Renderer::new(&site, tera);
    let collisions = renderer.path_collisions();
    if !collisions.is_empty() {
        return Err(BuildFailure {
            diagnostics: collisions,
        });
    }
    let jobs: Vec<Job> = renderer
        .jobs()
        .into_iter()
        .filter(|j| *j != Job::Data)
        .collect();
    let bar = progress_bar(opts.progress, jobs.len() as u64 + 1);
    let previous_views = if out.is_in_place() {
        std::mem::take(&mut memo.views)
    } else {
        FxHashMap::default()
    };
    let deps = opts.preview.then(|| PageDeps::of(&renderer));
    // In a preview rebuild, only pages a changed source reaches are looked at again.
    let dirty = match (&deps, &memo.deps) {
        (Some(new), Some(old)) if out.is_in_place() && !memo.changed.is_empty() => {
            new.dirty(old, &memo.changed)
        }
        _ => None,
    };
    // Per page: its path, its view hash and whether the previous file was kept.
    let render_one = |job: &Job| -> Result<(String, u64, bool), Diagnostic> {
        let url = renderer.url(job);
        if let Some(dirty) = &dirty
            && is_tracked(job)
            && !dirty.contains(&url)
            && let Some(&hash) = previous_views.get(&url)
            && out.can_keep(&url)
        {
            return Ok((url, hash, true));
        }
        let (template, view) = renderer.view(job, &url);
        let hash = if opts.preview {
            view_hash(template, &view)
        } else {
            0
        };
        if let Some(b) = &bar {
            b.inc(1);
        }
        if previous_views.get(&url) == Some(&hash) && out.can_keep(&url) {
            return Ok((url, hash, true));
        }
        renderer
            .render_view(&url, template, view)
            .and_then(|html| {
                out.write(&url, html.as_bytes())
                    .map_err(|e| write_error(&url, e))
            })
            .map(|()| (url, hash, false))
    };
    // The long lists (the catalogue, large facet values and institutions) are made one after
    // another, beside the other pages made in parallel: each holds an entry per service it
    // lists while it is made.
    let (long, short): (Vec<_>, Vec<_>) = jobs
        .iter()
        .enumerate()
        .partition(|(_, job)| renderer.is_long_list(job));
    let (mut rendered, short) = rayon::join(
        || {
            long.iter()
                .map(|&(i, job)| (i, render_one(job)))
                .collect::<Vec<_>>()
        },
        || {
            short
                .par_iter()
                .map(|&(i, job)| (i, render_one(job)))
                .collect::<Vec<_>>()
        },
    );
    rendered.extend(short);
    rendered.sort_unstable_by_key(|(i, _)| *i);
    let rendered: Vec<Result<(String, u64, bool), Diagnostic>> =
        rendered.into_iter().map(|(_, r)| r).collect();
    out.keep(
        rendered
            .iter()
            .flatten()
            .filter(|(_, _, kept)| *kept)
            .map(|(url, _, _)| url.as_str()),
    );
    let mut views = FxHashMap::with_capacity_and_hasher(rendered.len(), Default::default());
    let mut results = Vec::new();
    for r in rendered {
        match r {
            Ok((url, hash, _)) => {
                views.insert(url, hash);
            }
            Err(d) => results.push(d),
        }
    }
    if !results.is_empty() {
        return Err(BuildFailure {
            diagnostics: results,
        });
    }
    for (rel, bytes) in &theme.statics {
        let path = format!("{}/{rel}", crate::url::paths::ASSETS);
        out.write(&path, bytes).map_err(|e| write_error(&path, e))?;
    }
    for asset in &site.content.assets {
        out.copy(&asset.url, &asset.src)
            .map_err(|e| write_error(&asset.url, e))?;
    }
    let t = timings.record("render", t);
    if out.is_in_place() {
        pages_written(out.changed());
    }
    let mut pages: Vec<(String, Option<jiff::civil::Date>)> = renderer
        .jobs()
        .iter()
        .filter(|j| !matches!(j, Job::NotFound | Job::Search))
        .map(|j| (renderer.url(j), renderer.updated(j)))
        .collect();
    pages.sort();
    // The pages are made: what only they needed (the facets, the bodies' HTML) is freed
    // before the indexes are made, which is when a large site's memory peaked.
    let tera = renderer.into_tera();
    site.release_page_html();
    // The indexes and the exports need only the site, not each other: made side by side, the
    // one-threaded parts of each (tantivy's writer, the two streamed exports) share both cores.
    let search = opts.preview.then_some(&mut memo.search);
    let (index_stats, exports) = rayon::join(
        || crate::search::write_indexes(&site, &out, search),
        || crate::export::write_exports(&site, &out, &pages),
    );
    let (index_stats, mut exports) = (index_stats?, exports?);
    let t = timings.record("index+export", t);
    let unpacked: u64 = if opts.preview {
        0
    } else {
        let index = format!("{}/", crate::search::INDEX_DIR);
        out.files()
            .iter()
            .filter(|(rel, _)| !rel.starts_with(&index))
            .map(|(_, r)| r.len)
            .sum()
    };
    for e in &mut exports {
        if e.path == crate::url::paths::OFFLINE_PACKAGE {
            e.bytes = unpacked;
        }
    }
    let mut renderer = Renderer::new(&site, tera);
    renderer.set_exports(exports);
    let html = renderer.render(&Job::Data)?;
    out.write(crate::url::paths::DATA_PAGE, html.as_bytes())
        .map_err(|e| write_error(crate::url::paths::DATA_PAGE, e))?;
    let t = if site.config.data.offline_package && !opts.preview {
        crate::export::write_offline_package(&out)?;
        timings.record("package", t)
    } else {
        t
    };
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let written = out.changed();
    // The files written through `out`, the offline package and the tantivy index's files.
    let files = if opts.preview {
        0
    } else {
        let packaged = out.dir().join(crate::url::paths::OFFLINE_PACKAGE).is_file();
        let index = walkdir::WalkDir::new(out.dir().join(crate::search::INDEX_DIR))
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .count();
        out.file_count() + usize::from(packaged) + index
    };
    memo.outputs = None;
    let index_dir = format!("{}/", crate::search::INDEX_DIR);
    let committed = out
        .commit(&[&index_dir, crate::url::paths::OFFLINE_PACKAGE])
        .map_err(|e| write_error(&out_dir.display().to_string(), e))?;
    let mut diags = diags;
    for note in committed.notes {
        diags.push(
            Diagnostic::new(Code::OutputNote, out_dir.display().to_string(), Pos::FILE)
                .arg("detail", note),
        );
    }
    let outputs = committed.written;
    let files = files.max(outputs.len());
    memo.outputs = crate::write::folder_identity(&out_dir).map(|f| (outputs, f));
    if opts.preview {
        memo.views = views;
        memo.deps = deps;
        memo.changed.clear();
    }
    timings.record("write", t);
    timings.stages.push(("total", started.elapsed()));
    Ok(BuildReport {
        pages: jobs.len() + 1,
        files,
        written,
        output: out_dir,
        diagnostics: diags.into_sorted(),
        timings,
        index: index_stats,
    })
}

fn progress_bar(enabled: bool, len: u64) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !enabled || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {bar:30} {pos}/{len} lapas")
            .expect("valid template"),
    );
    Some(bar)
}
