//! The pipeline end to end: `load → resolve → render → index → write`, shared by `build`,
//! `check` and the live preview. Each stage is timed; every diagnostic is collected; nothing
//! reaches the output folder unless the whole build succeeded.

mod memo;

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{BuildFailure, Code, Diagnostic, Diagnostics, Pos};
use crate::model::Profile;
use crate::render::dependencies::{PageDeps, is_tracked};
use crate::render::{Job, Renderer, theme::Theme};
use crate::resolve::Site;
use crate::write::{Output, write_error};
pub(crate) use memo::Rebuilder;
use memo::{Memo, Reuse, view_hash};

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

/// A site loaded and resolved, with the theme to render it: everything `check` validates.
pub(crate) struct Resolved {
    pub(crate) site: Site,
    pub(crate) theme: Theme,
    pub(crate) diags: Diagnostics,
}

/// Loads and resolves a site: everything `check` validates, nothing written.
pub(crate) fn load_site(
    root: &Path,
    profile: Profile,
    timings: &mut Timings,
) -> Result<Resolved, BuildFailure> {
    load_site_with(root, profile, timings, None)
}

fn load_site_with(
    root: &Path,
    profile: Profile,
    timings: &mut Timings,
    memo: Option<&mut Memo>,
) -> Result<Resolved, BuildFailure> {
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
    Ok(Resolved { site, theme, diags })
}

/// Runs every validation, including template rendering, without writing anything.
pub(crate) fn check(root: &Path, profile: Profile) -> Result<Vec<Diagnostic>, BuildFailure> {
    let mut timings = Timings::default();
    let Resolved {
        site,
        theme,
        mut diags,
    } = load_site(root, profile, &mut timings)?;
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

/// Builds the site into its output folder.
pub(crate) fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    build_with(opts, &mut Memo::default(), &mut |_| {})
}

/// Builds, reusing what `memo` remembers of the previous build; `pages_written` as in
/// [`Rebuilder::build`] (called for in-place rebuilds only). The stages in order, each
/// handing its typed result to the next: resolved → rendered → indexed and exported →
/// committed.
fn build_with(
    opts: &BuildOptions,
    memo: &mut Memo,
    pages_written: &mut dyn FnMut(usize),
) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    let mut timings = Timings::default();
    let preview_memo = opts.preview.then_some(&mut *memo);
    let Resolved {
        mut site,
        theme,
        diags,
    } = load_site_with(&opts.root, opts.profile, &mut timings, preview_memo)?;
    if diags.has_errors() {
        return Err(BuildFailure {
            diagnostics: diags.into_sorted(),
        });
    }
    let tera = theme.tera()?;
    let t = Instant::now();
    let (out_dir, out) = open_output(opts, &site, memo)?;
    let rendered = render_pages(opts, &site, tera, &out, memo)?;
    copy_static_files(&site, &theme, &out)?;
    let t = timings.record("render", t);
    if out.is_in_place() {
        pages_written(out.changed());
    }
    // The pages are made: what only they needed (the bodies' HTML) is freed before the
    // indexes are made, which is when a large site's memory peaked.
    site.release_page_html();
    let search_memo = opts.preview.then_some(&mut memo.search);
    let indexed = index_and_export(&site, &out, &rendered.pages, search_memo)?;
    let t = timings.record("index+export", t);
    let t = finish_data(
        opts,
        &site,
        rendered.tera,
        &out,
        indexed.exports,
        &mut timings,
        t,
    )?;
    let written = out.changed();
    let files = if opts.preview { 0 } else { files_made(&out) };
    memo.outputs = None;
    let committed = commit(out, &out_dir, diags)?;
    memo.outputs = crate::write::folder_identity(&out_dir).map(|f| (committed.written, f));
    if opts.preview {
        memo.remember(rendered.views, rendered.deps);
    }
    timings.record("write", t);
    timings.stages.push(("total", started.elapsed()));
    Ok(BuildReport {
        pages: rendered.count + 1,
        files: files.max(committed.files),
        written,
        output: out_dir,
        diagnostics: committed.diagnostics,
        timings,
        index: indexed.index,
    })
}

/// The output folder checked and opened: updated in place when the previous build of this
/// process wrote it, else a new folder that replaces it on commit.
fn open_output(
    opts: &BuildOptions,
    site: &Site,
    memo: &Memo,
) -> Result<(PathBuf, Output), BuildFailure> {
    let out_dir = output_dir(opts, &site.config);
    let sources = [
        crate::load::CONTENT_DIR,
        crate::load::GLOSSARY_DIR,
        "themes",
        crate::ui::I18N_DIR,
    ];
    crate::write::check_output_dir(&out_dir, &opts.root, &sources).map_err(|why| {
        Diagnostic::new(
            Code::OutputRefused,
            out_dir.display().to_string(),
            Pos::FILE,
        )
        .field("build.output")
        .arg("found", why)
    })?;
    let out = match &memo.outputs {
        Some((previous, folder)) if crate::write::folder_identity(&out_dir) == Some(*folder) => {
            Output::in_place(&out_dir, previous.clone())
        }
        _ => Output::create(&out_dir, &site.config.build.keep),
    }
    .map_err(|e| write_error(&out_dir.display().to_string(), e))?;
    Ok((out_dir, out))
}

/// What the render stage made.
struct Rendered {
    /// The templates, handed on to render the Dati page once the exports are known.
    tera: tera::Tera,
    /// How many pages were made (the Dati page aside).
    count: usize,
    /// Every page's path and date, for the sitemap and the feeds.
    pages: Vec<(String, Option<jiff::civil::Date>)>,
    /// For the preview: each page's view hash and what it showed of other objects.
    views: FxHashMap<String, u64>,
    deps: Option<PageDeps>,
}

/// Renders every page (the Dati page waits for the exports). A preview rebuild renders only the pages a change reaches and
/// keeps a page whose template and view did not change.
fn render_pages(
    opts: &BuildOptions,
    site: &Site,
    tera: tera::Tera,
    out: &Output,
    memo: &mut Memo,
) -> Result<Rendered, BuildFailure> {
    let renderer = Renderer::new(site, tera);
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
    let deps = opts.preview.then(|| PageDeps::of(&renderer));
    let reuse = memo.reuse(out.is_in_place(), deps.as_ref());
    let page = PageMaker {
        renderer: &renderer,
        out,
        reuse: &reuse,
        hash_views: opts.preview,
        bar: bar.as_ref(),
    };
    let made = page.make_all(&jobs);
    out.keep(
        made.iter()
            .flatten()
            .filter(|(_, _, kept)| *kept)
            .map(|(url, _, _)| url.as_str()),
    );
    let mut views = FxHashMap::with_capacity_and_hasher(made.len(), Default::default());
    let mut errors = Vec::new();
    for r in made {
        match r {
            Ok((url, hash, _)) => {
                views.insert(url, hash);
            }
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(BuildFailure {
            diagnostics: errors,
        });
    }
    let mut pages: Vec<(String, Option<jiff::civil::Date>)> = renderer
        .jobs()
        .iter()
        .filter(|j| !matches!(j, Job::NotFound | Job::Search))
        .map(|j| (renderer.url(j), renderer.updated(j)))
        .collect();
    pages.sort();
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(Rendered {
        tera: renderer.into_tera(),
        count: jobs.len(),
        pages,
        views,
        deps,
    })
}

/// Copies the theme's static files and the content's own files (images, attachments).
fn copy_static_files(site: &Site, theme: &Theme, out: &Output) -> Result<(), BuildFailure> {
    for (rel, bytes) in &theme.statics {
        let path = format!("{}/{rel}", crate::url::paths::ASSETS);
        out.write(&path, bytes).map_err(|e| write_error(&path, e))?;
    }
    for asset in &site.content.assets {
        out.copy(&asset.url, &asset.src)
            .map_err(|e| write_error(&asset.url, e))?;
    }
    Ok(())
}

/// Makes pages and writes them to the output.
struct PageMaker<'a, 's> {
    renderer: &'a Renderer<'s>,
    out: &'a Output,
    reuse: &'a Reuse,
    /// Hash each view (for the preview's next rebuild); 0 otherwise.
    hash_views: bool,
    bar: Option<&'a indicatif::ProgressBar>,
}

/// A page made: its path, its view hash and whether the previous file was kept.
type Made = Result<(String, u64, bool), Diagnostic>;

impl PageMaker<'_, '_> {
    /// Every job's page, in the jobs' order. The long lists (the catalogue, large facet
    /// values and institutions) are made one after another, beside the other pages made in
    /// parallel: each holds an entry per service it lists while it is made.
    fn make_all(&self, jobs: &[Job]) -> Vec<Made> {
        let (long, short): (Vec<_>, Vec<_>) = jobs
            .iter()
            .enumerate()
            .partition(|(_, job)| self.renderer.is_long_list(job));
        let (mut made, short) = rayon::join(
            || {
                long.iter()
                    .map(|&(i, job)| (i, self.make(job)))
                    .collect::<Vec<_>>()
            },
            || {
                short
                    .par_iter()
                    .map(|&(i, job)| (i, self.make(job)))
                    .collect::<Vec<_>>()
            },
        );
        made.extend(short);
        made.sort_unstable_by_key(|(i, _)| *i);
        made.into_iter().map(|(_, r)| r).collect()
    }

    fn make(&self, job: &Job) -> Made {
        let url = self.renderer.url(job);
        let previous = self.reuse.views.get(&url);
        if let Some(dirty) = &self.reuse.dirty
            && is_tracked(job)
            && !dirty.contains(&url)
            && let Some(&hash) = previous
            && self.out.can_keep(&url)
        {
            return Ok((url, hash, true));
        }
        let (template, view) = self.renderer.view(job, &url);
        let hash = if self.hash_views {
            view_hash(template, &view)
        } else {
            0
        };
        if let Some(b) = self.bar {
            b.inc(1);
        }
        if previous == Some(&hash) && self.out.can_keep(&url) {
            return Ok((url, hash, true));
        }
        self.renderer
            .render_view(&url, template, view)
            .and_then(|html| {
                self.out
                    .write(&url, html.as_bytes())
                    .map_err(|e| write_error(&url, e))
            })
            .map(|()| (url, hash, false))
    }
}

/// What the index and export stage made.
struct Indexed {
    index: crate::search::browser::IndexStats,
    exports: Vec<crate::render::reference::Export>,
}

/// The search indexes and the open-data exports. They need only the site, not each other:
/// made side by side, the one-threaded parts of each (tantivy's writer, the two streamed
/// exports) share both cores.
fn index_and_export(
    site: &Site,
    out: &Output,
    pages: &[(String, Option<jiff::civil::Date>)],
    search_memo: Option<&mut crate::search::SearchMemo>,
) -> Result<Indexed, BuildFailure> {
    let (index, exports) = rayon::join(
        || crate::search::write_indexes(site, out, search_memo),
        || crate::export::write_exports(site, out, pages),
    );
    Ok(Indexed {
        index: index?,
        exports: exports?,
    })
}

/// The Dati page, which lists every export with its size, and then the offline package
/// (not in the preview, which makes it on request). Returns the time the stage ended.
fn finish_data(
    opts: &BuildOptions,
    site: &Site,
    tera: tera::Tera,
    out: &Output,
    mut exports: Vec<crate::render::reference::Export>,
    timings: &mut Timings,
    t: Instant,
) -> Result<Instant, BuildFailure> {
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
    let mut renderer = Renderer::new(site, tera);
    renderer.set_exports(exports);
    let html = renderer.render(&Job::Data)?;
    out.write(crate::url::paths::DATA_PAGE, html.as_bytes())
        .map_err(|e| write_error(crate::url::paths::DATA_PAGE, e))?;
    if site.config.data.offline_package && !opts.preview {
        crate::export::write_offline_package(out)?;
        return Ok(timings.record("package", t));
    }
    Ok(t)
}

/// The files written through `out`, the offline package and the tantivy index's files.
fn files_made(out: &Output) -> usize {
    let packaged = out.dir().join(crate::url::paths::OFFLINE_PACKAGE).is_file();
    let index = walkdir::WalkDir::new(out.dir().join(crate::search::INDEX_DIR))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .count();
    out.file_count() + usize::from(packaged) + index
}

/// What the commit left: the files now in the output and the build's diagnostics.
struct Committed {
    written: crate::write::Written,
    files: usize,
    diagnostics: Vec<Diagnostic>,
}

/// Puts the new output in place (one atomic exchange for a new folder) and adds what the
/// exchange noticed (files of the user's kept beside the site) to the diagnostics.
fn commit(out: Output, out_dir: &Path, mut diags: Diagnostics) -> Result<Committed, BuildFailure> {
    let index_dir = format!("{}/", crate::search::INDEX_DIR);
    let committed = out
        .commit(&[&index_dir, crate::url::paths::OFFLINE_PACKAGE])
        .map_err(|e| write_error(&out_dir.display().to_string(), e))?;
    for note in committed.notes {
        diags.push(
            Diagnostic::new(Code::OutputNote, out_dir.display().to_string(), Pos::FILE)
                .arg("detail", note),
        );
    }
    Ok(Committed {
        files: committed.written.len(),
        written: committed.written,
        diagnostics: diags.into_sorted(),
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
