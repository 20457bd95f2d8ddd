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

/// Per-stage wall time, and the process's peak memory at the end of each stage.
#[derive(Debug, Default, Clone)]
pub(crate) struct Timings {
    pub(crate) stages: Vec<(&'static str, Duration)>,
    /// Peak and current resident memory (bytes) when each stage ended, where the system
    /// tells them.
    peaks: Vec<(&'static str, (u64, u64))>,
}

impl Timings {
    fn record(&mut self, name: &'static str, since: Instant) -> Instant {
        self.stages.push((name, since.elapsed()));
        if let Some(peak) = peak_memory() {
            self.peaks.push((name, peak));
        }
        Instant::now()
    }

    /// The peak and current memory after each stage, e.g. `load 650 (420) MiB, resolve
    /// 1120 (900) MiB`; empty where the system does not tell it. A stage whose peak exceeds
    /// the one before raised it.
    pub(crate) fn memory_summary(&self) -> String {
        const MIB: u64 = 1024 * 1024;
        self.peaks
            .iter()
            .map(|(n, (peak, now))| format!("{n} {} ({}) MiB", peak / MIB, now / MIB))
            .collect::<Vec<_>>()
            .join(", ")
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

/// The process's peak and current resident memory (Linux: `VmHWM` and `VmRSS` in
/// `/proc/self/status`).
fn peak_memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let bytes = |key: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(key))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    };
    Some((bytes("VmHWM:")?, bytes("VmRSS:")?))
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
    load_diags.extend(crate::edition::check(&loaded.content, &config));
    let languages = config.languages();
    let for_editions = (languages.len() > 1).then(|| loaded.content.clone());
    let (mut site, resolve_diags) = crate::resolve::resolve_with(
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
    if let Some(content) = for_editions {
        let editions = resolve_editions(&site, root, profile, &content, &mut diags)?;
        if let Some(e) = editions.first() {
            site.edition.all = e.edition.all.clone();
            site.edition.omitted = e.edition.omitted.clone();
            site.edition.names = e.edition.names.clone();
        }
        site.editions = editions;
    }
    diags.localize(&site.ui);
    timings.record("resolve", t);
    Ok(Resolved { site, theme, diags })
}

/// The site's editions other than the default: its content with each language's
/// translations laid over it, resolved with that language's UI strings. Their problems that
/// the default edition does not have (in translated bodies) join `diags`.
fn resolve_editions(
    site: &Site,
    root: &Path,
    profile: Profile,
    content: &crate::model::Content,
    diags: &mut Diagnostics,
) -> Result<Vec<Site>, BuildFailure> {
    use crate::edition::{Edition, TO_DEFAULT};
    let config = &site.config;
    let languages = config.languages();
    let all: Vec<(String, String)> = languages
        .iter()
        .enumerate()
        .map(|(i, l)| {
            (
                l.clone(),
                if i == 0 {
                    String::new()
                } else {
                    format!("{l}/")
                },
            )
        })
        .collect();
    let mut editions = Vec::new();
    for (lang, prefix) in &all[1..] {
        let (ui, ui_diags) = crate::render::i18n::site_ui(root, &config.theme, lang)?;
        diags.extend(ui_diags);
        let mut edition_config = config.clone();
        edition_config.language = lang.clone();
        if let Some(e) = config.edition.get(lang) {
            if let Some(title) = &e.title {
                edition_config.title = title.clone();
            }
            if let Some(description) = &e.description {
                edition_config.description = description.clone();
            }
        }
        let (content, untranslated, body_untranslated) =
            crate::edition::overlay(content, lang, config.missing_translation);
        let (mut edition, edition_diags) = crate::resolve::resolve_with(
            root.to_path_buf(),
            edition_config,
            ui,
            profile,
            content,
            None,
        );
        // The default edition reports everything else already.
        let suffix = format!(".{lang}.md");
        diags.extend(
            edition_diags
                .into_iter()
                .filter(|d| d.file.ends_with(&suffix)),
        );
        edition.edition = Edition {
            lang: lang.clone(),
            prefix: prefix.clone(),
            all: all.clone(),
            untranslated,
            body_untranslated,
            omitted: Default::default(),
            names: Default::default(),
        };
        editions.push(edition);
    }
    // Which pages each edition leaves out, known to every edition (for their switchers).
    let omitted: rustc_hash::FxHashMap<String, rustc_hash::FxHashSet<String>> = editions
        .iter()
        .map(|e: &Site| {
            let urls = e
                .keys()
                .filter_map(|k| e.url(k).strip_prefix(TO_DEFAULT).map(str::to_string))
                .collect();
            (e.edition.lang.clone(), urls)
        })
        .collect();
    let mut names: rustc_hash::FxHashMap<String, String> = editions
        .iter()
        .map(|e| {
            (
                e.edition.lang.clone(),
                e.ui.get("site.language_name").to_string(),
            )
        })
        .collect();
    names.insert(
        site.edition.lang.clone(),
        site.ui.get("site.language_name").to_string(),
    );
    for e in &mut editions {
        e.edition.omitted = omitted.clone();
        e.edition.names = names.clone();
    }
    Ok(editions)
}

/// A site of this repository (`root` from its top folder: `.`, `tests/fixtures/full`) loaded
/// and resolved without errors, for unit tests.
#[cfg(test)]
pub(crate) fn test_site(root: &str) -> Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
    let Resolved { site, diags, .. } = load_site(&root, Profile::Public, &mut Timings::default())
        .unwrap_or_else(|_| panic!("{} loads", root.display()));
    assert!(!diags.has_errors(), "{} has errors", root.display());
    site
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
        let mut errors: Vec<Diagnostic> = renderer
            .jobs()
            .par_iter()
            .filter_map(|job| renderer.render(job).err())
            .collect();
        for edition in &site.editions {
            let renderer = Renderer::new(edition, theme.tera()?);
            errors.extend(
                renderer
                    .jobs()
                    .par_iter()
                    .filter_map(|job| renderer.render(job).err())
                    .collect::<Vec<_>>(),
            );
        }
        diags.extend(errors.into_iter().take(20));
    }
    Ok(diags.into_sorted())
}

/// Builds the site into its output folder.
pub(crate) fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let mut announce = Announce {
        open: Vec::new(),
        open_written: &mut |_| {},
        pages_written: &mut |_| {},
    };
    build_with(opts, &mut Memo::default(), &mut announce)
}

/// What a rebuild that updates the output in place (the preview's) tells the pages open in
/// browsers while it works.
pub(crate) struct Announce<'a> {
    /// The pages open in the preview (paths from the output's root): made before the others.
    pub(crate) open: Vec<String>,
    /// Called with the open pages the rebuild rewrote, as soon as they are written: they can
    /// reload before the other pages are made.
    pub(crate) open_written: &'a mut dyn FnMut(&[String]),
    /// Called with the number of files changed so far as soon as every page and asset is in
    /// place, before the search indexes, the exports and the Dati page (which only those
    /// depend on) are brought up to date: every open page can reload then.
    pub(crate) pages_written: &'a mut dyn FnMut(usize),
}

/// Builds, reusing what `memo` remembers of the previous build and telling the open pages
/// through `announce` (in-place rebuilds only). The stages in order, each handing its typed
/// result to the next: resolved → rendered → indexed and exported → committed.
fn build_with(
    opts: &BuildOptions,
    memo: &mut Memo,
    announce: &mut Announce,
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
    // Until this build is committed its record of the output is the only one: an in-place
    // rebuild that fails after publishing its pages (a stage after the pages failed) leaves
    // a folder no record describes, and the next build makes a new folder (its swap
    // replaces those pages too).
    memo.outputs = None;
    let mut rendered = render_pages(opts, &site, tera, &out, memo, announce)?;
    for edition in &site.editions {
        let (made, listed) = render_edition(edition, &theme, &out)?;
        rendered.count += made;
        rendered.pages.extend(listed);
    }
    rendered.pages.sort();
    copy_static_files(&site, &theme, &out)?;
    let t = timings.record("render", t);
    if out.is_in_place() {
        // Every page made without error: the preview's open pages may reload.
        out.publish()
            .map_err(|e| write_error(&out_dir.display().to_string(), e))?;
        (announce.pages_written)(out.changed());
    }
    // What only the pages needed is freed before the indexes are made, which is when a large
    // site's memory peaks; the bodies' text moves to the search index.
    let texts = site.pages_made();
    let search_memo = opts.preview.then_some(&mut memo.search);
    let indexed = index_and_export(&site, texts, &out, &rendered.pages, search_memo)?;
    let t = timings.record("index+export", t);
    for edition in &site.editions {
        let mut renderer = Renderer::new(edition, theme.tera()?);
        renderer.set_exports(indexed.exports.clone());
        let html = renderer.render(&Job::Data)?;
        let path = format!("{}{}", edition.edition.prefix, crate::url::paths::DATA_PAGE);
        out.write(&path, html.as_bytes())
            .map_err(|e| write_error(&path, e))?;
    }
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
    let committed = commit(out, &out_dir, diags, &site)?;
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
    pages: Vec<SitemapPage>,
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
    announce: &mut Announce,
) -> Result<Rendered, BuildFailure> {
    let renderer = Renderer::new(site, tera);
    // Before anything is written: two pages at one path fail the build.
    let collisions = renderer.path_collisions();
    if !collisions.is_empty() {
        return Err(BuildFailure {
            diagnostics: collisions,
        });
    }
    let jobs: Vec<Job> = renderer
        .jobs()
        .iter()
        .filter(|j| **j != Job::Data)
        .cloned()
        .collect();
    let bar = progress_bar(opts.progress, jobs.len() as u64 + 1);
    let mut reuse = memo.reuse(out.is_in_place());
    // The pages open in the preview are made first, and announced as soon as they are.
    let open: Vec<usize> = if out.is_in_place() && !announce.open.is_empty() {
        let open: rustc_hash::FxHashSet<&str> = announce.open.iter().map(String::as_str).collect();
        (0..jobs.len())
            .filter(|&i| open.contains(renderer.url(&jobs[i]).as_str()))
            .collect()
    } else {
        Vec::new()
    };
    let mut made = PageMaker {
        renderer: &renderer,
        out,
        reuse: &reuse,
        hash_views: opts.preview,
        bar: bar.as_ref(),
    }
    .make_all(&jobs, &open);
    let rewritten: Vec<String> = made
        .iter()
        .filter_map(|(_, r)| match r {
            Ok((url, _, false)) => Some(url.clone()),
            _ => None,
        })
        .collect();
    if !rewritten.is_empty() {
        out.publish_early()
            .map_err(|e| write_error(&out.dir().display().to_string(), e))?;
        (announce.open_written)(&rewritten);
    }
    let deps = opts.preview.then(|| PageDeps::of(&renderer));
    reuse.dirty = memo.dirty(out.is_in_place(), deps.as_ref());
    // `open` is in the jobs' order.
    let rest: Vec<usize> = (0..jobs.len())
        .filter(|i| open.binary_search(i).is_err())
        .collect();
    made.extend(
        PageMaker {
            renderer: &renderer,
            out,
            reuse: &reuse,
            hash_views: opts.preview,
            bar: bar.as_ref(),
        }
        .make_all(&jobs, &rest),
    );
    made.sort_unstable_by_key(|(i, _)| *i);
    let made: Vec<Made> = made.into_iter().map(|(_, r)| r).collect();
    out.keep(
        made.iter()
            .flatten()
            .filter(|(_, _, kept)| *kept)
            .map(|(url, _, _)| url.as_str()),
    );
    let mut views = FxHashMap::default();
    let mut errors = Vec::new();
    // Every page for the sitemap and the feeds (sorted with the editions' pages later).
    let mut pages: Vec<SitemapPage> = vec![(crate::url::paths::DATA_PAGE.to_string(), None)];
    for (job, r) in jobs.iter().zip(made) {
        match r {
            Ok((url, hash, _)) => {
                // Only the preview's next rebuild asks for the views.
                if opts.preview {
                    views.insert(url.clone(), hash);
                }
                if is_listed(job) {
                    pages.push((url, renderer.updated(job)));
                }
            }
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(BuildFailure {
            diagnostics: errors,
        });
    }
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
    /// The pages of the jobs at `which` (indexes into `jobs`), each with its index. The long
    /// lists (the catalogue, large facet values and institutions) are made one after another,
    /// beside the other pages made in parallel: each holds an entry per service it lists
    /// while it is made.
    fn make_all(&self, jobs: &[Job], which: &[usize]) -> Vec<(usize, Made)> {
        let (long, short): (Vec<_>, Vec<_>) = which
            .iter()
            .map(|&i| (i, &jobs[i]))
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
        made
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

/// The search indexes (from the bodies' `texts`) and the open-data exports. They need only
/// the site, not each other: made side by side, the one-threaded parts of each (tantivy's
/// writer, the two streamed exports) share both cores; on a large site one after the other.
fn index_and_export(
    site: &Site,
    texts: crate::resolve::SearchTexts,
    out: &Output,
    pages: &[(String, Option<jiff::civil::Date>)],
    search_memo: Option<&mut crate::search::SearchMemo>,
) -> Result<Indexed, BuildFailure> {
    let index = || {
        let stats =
            crate::search::write_indexes(site, texts, out, search_memo, site.editions.first())?;
        for edition in &site.editions {
            let texts = edition.search_texts();
            crate::search::write_indexes(edition, texts, out, None, Some(site))?;
        }
        Ok::<_, BuildFailure>(stats)
    };
    let exports = || crate::export::write_exports(site, out, pages);
    // A large site's, one after the other, so that their working memory is never held at
    // once (at 100,000 services side by side peaked at 993–1,006 MiB, one after the other at
    // 984 MiB and 5 s later, of 50).
    let (index, exports) = if site.is_large() {
        let index = index();
        (index, exports())
    } else {
        rayon::join(index, exports)
    };
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
fn commit(
    out: Output,
    out_dir: &Path,
    mut diags: Diagnostics,
    site: &Site,
) -> Result<Committed, BuildFailure> {
    // Written beside `out`: the editions' tantivy indexes and the offline package.
    let mut elsewhere = vec![
        format!("{}/", crate::search::INDEX_DIR),
        crate::url::paths::OFFLINE_PACKAGE.to_string(),
    ];
    for edition in &site.editions {
        elsewhere.push(format!(
            "{}{}/",
            edition.edition.prefix,
            crate::search::INDEX_DIR
        ));
    }
    let elsewhere: Vec<&str> = elsewhere.iter().map(String::as_str).collect();
    let committed = out
        .commit(&elsewhere)
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

/// A page for the sitemap: its path from the output's root and when it last changed.
type SitemapPage = (String, Option<jiff::civil::Date>);

/// Whether a job's page is in the sitemap and the feeds: every page a reader may look for
/// (not the "not found" page, the search page or the filter data script).
fn is_listed(job: &Job) -> bool {
    !matches!(job, Job::NotFound | Job::Search | Job::CatalogueData)
}

/// Renders every page of an edition other than the default (the Dati page comes after the
/// exports) into its folder of the output, with the content's files beside them; returns
/// how many pages it made and the pages for the sitemap (paths from the output's root).
fn render_edition(
    edition: &Site,
    theme: &Theme,
    out: &Output,
) -> Result<(usize, Vec<SitemapPage>), BuildFailure> {
    let prefix = &edition.edition.prefix;
    let renderer = Renderer::new(edition, theme.tera()?);
    let jobs: Vec<Job> = renderer
        .jobs()
        .iter()
        .filter(|j| **j != Job::Data)
        .cloned()
        .collect();
    let errors: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|job| {
            let path = format!("{prefix}{}", renderer.url(job));
            renderer
                .render(job)
                .and_then(|html| {
                    out.write(&path, html.as_bytes())
                        .map_err(|e| write_error(&path, e))
                })
                .err()
        })
        .collect();
    if !errors.is_empty() {
        return Err(BuildFailure {
            diagnostics: errors,
        });
    }
    for asset in &edition.content.assets {
        let path = format!("{prefix}{}", asset.url);
        out.copy(&path, &asset.src)
            .map_err(|e| write_error(&path, e))?;
    }
    let listed = renderer
        .jobs()
        .iter()
        .filter(|j| is_listed(j))
        .map(|j| (format!("{prefix}{}", renderer.url(j)), renderer.updated(j)))
        .collect();
    Ok((jobs.len() + 1, listed))
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
