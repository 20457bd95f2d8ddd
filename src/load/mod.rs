//! Load: walks `content/` and `glossary/`, decides what each file is by where it lives, and
//! reads every file in parallel into typed objects (source → front matter → YAML → checked
//! fields → model), collecting every diagnostic on the way.
//!
//! Symlinks are read only when they resolve inside the site; loops and links that leave the
//! site are reported, never followed.

pub(crate) mod kinds;
pub(crate) mod source;
pub(crate) mod translation;
pub(crate) mod validate;
pub(crate) mod yaml;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic, Pos, display_path};
use crate::model::{Area, Asset, Content, Doc, Profile};
use crate::schema::Kind;
use crate::text::slug;
use crate::ui::Ui;
use crate::url::paths as urls;
use validate::{Fields, Validator};

pub(crate) const CONTENT_DIR: &str = "content";
pub(crate) const GLOSSARY_DIR: &str = "glossary";
pub(crate) const SERVICES_DIR: &str = "pakalpojumi";
pub(crate) const SITUATIONS_DIR: &str = "dzives-situacijas";
pub(crate) const COURSES_DIR: &str = "kursi";
pub(crate) const INSTITUTIONS_FILE: &str = "iestades.yaml";
pub(crate) const SOURCES_FILE: &str = "avoti.yaml";

/// What a file is, decided by its place in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Role {
    /// A guidance page; `is_index` for a folder's `_index.md`.
    Page {
        section: Vec<String>,
        is_index: bool,
    },
    /// The introduction of a generated area.
    Intro(Area),
    Service,
    Situation,
    Term,
    Course {
        folder: String,
    },
    Lesson {
        course_folder: String,
    },
    Institutions,
    Sources,
    Asset {
        section: Vec<String>,
    },
    /// A translation of `original` (a site-relative path) into `lang`.
    Translation {
        lang: String,
        original: String,
        kind: Kind,
    },
}

#[derive(Clone)]
struct SourceFile {
    path: PathBuf,
    file: String,
    role: Role,
}

/// The loaded content and everything wrong with it.
pub(crate) struct Loaded {
    pub(crate) content: Content,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.eq_ignore_ascii_case("README.md")
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// Folder names under `content/` as URL slugs.
fn section_of(dirs: &[String]) -> Vec<String> {
    dirs.iter().map(|d| slug::slugify(d)).collect()
}

fn classify_content(rel: &Path) -> Role {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let (name, dirs) = parts.split_last().expect("a file has a name");
    let is_index = name.eq_ignore_ascii_case("_index.md");
    if !is_markdown(rel) {
        if dirs.is_empty() && name == INSTITUTIONS_FILE {
            return Role::Institutions;
        }
        if dirs.is_empty() && name == SOURCES_FILE {
            return Role::Sources;
        }
        return Role::Asset {
            section: section_of(dirs),
        };
    }
    match dirs.first().map(String::as_str) {
        None if is_index => Role::Intro(Area::Home),
        Some(SERVICES_DIR) if is_index && dirs.len() == 1 => Role::Intro(Area::Catalogue),
        Some(SERVICES_DIR) => Role::Service,
        Some(SITUATIONS_DIR) if is_index && dirs.len() == 1 => Role::Intro(Area::Situations),
        Some(SITUATIONS_DIR) => Role::Situation,
        Some(COURSES_DIR) if dirs.len() == 1 && is_index => Role::Intro(Area::Courses),
        Some(COURSES_DIR) if dirs.len() == 2 && is_index => Role::Course {
            folder: dirs[1].clone(),
        },
        Some(COURSES_DIR) => Role::Lesson {
            course_folder: dirs.get(1).cloned().unwrap_or_default(),
        },
        _ => Role::Page {
            section: section_of(dirs),
            is_index,
        },
    }
}

/// Walks one top folder, reporting symlinks that loop or leave the site.
fn walk(root: &Path, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return files;
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| display_path(root, p)).unwrap_or_default();
                diags.push(Diagnostic::new(Code::FileUnreadable, path, Pos::FILE).arg("detail", e));
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() {
            let file = display_path(root, path);
            match path.canonicalize() {
                Err(_) => diags.push(Diagnostic::new(Code::SymlinkBroken, file, Pos::FILE)),
                Ok(target) if !target.starts_with(&canonical_root) => diags.push(
                    Diagnostic::new(Code::SymlinkOutside, file, Pos::FILE)
                        .arg("target", target.display()),
                ),
                Ok(target) if target.is_file() => files.push(path.to_path_buf()),
                Ok(_) => diags.push(Diagnostic::new(Code::SymlinkFolder, file, Pos::FILE)),
            }
            continue;
        }
        if entry.file_type().is_file() {
            files.push(path.to_path_buf());
        }
    }
    files
}

/// Size and modification time of a source file.
type Stamp = (u64, Option<SystemTime>);

fn stamp(path: &Path) -> Option<Stamp> {
    std::fs::metadata(path)
        .ok()
        .map(|m| (m.len(), m.modified().ok()))
}

/// The role of `rel` (under the top folder `top`) when its name is a translation's
/// (`a.en.md`, `iestades.en.yaml`): what its original would be.
fn translation_role(top: &str, rel: &Path) -> Option<Role> {
    let name = rel.file_name()?.to_str()?;
    let (lang, original_name) = translation::split_name(name)?;
    let original_rel = rel.with_file_name(&original_name);
    let original_role = if top == CONTENT_DIR {
        classify_content(&original_rel)
    } else if !is_markdown(&original_rel) {
        return None;
    } else if original_name.eq_ignore_ascii_case("_index.md") {
        Role::Intro(Area::Glossary)
    } else {
        Role::Term
    };
    let kind = original_role.kind()?;
    let original = std::iter::once(top.to_string())
        .chain(
            original_rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned()),
        )
        .collect::<Vec<_>>()
        .join("/");
    Some(Role::Translation {
        lang: lang.to_string(),
        original,
        kind,
    })
}

/// What a source is, from its path under the site's `root` (`None` outside the sources).
fn source_file(root: &Path, path: PathBuf) -> Option<SourceFile> {
    let translated = [CONTENT_DIR, GLOSSARY_DIR].into_iter().find_map(|top| {
        path.strip_prefix(root.join(top))
            .ok()
            .and_then(|rel| translation_role(top, rel))
    });
    let role = if let Some(role) = translated {
        role
    } else if let Ok(rel) = path.strip_prefix(root.join(CONTENT_DIR)) {
        classify_content(rel)
    } else {
        let rel = path.strip_prefix(root.join(GLOSSARY_DIR)).ok()?;
        if !is_markdown(rel) {
            Role::Asset {
                section: vec![urls::GLOSSARY.to_string()],
            }
        } else if rel.as_os_str().eq_ignore_ascii_case("_index.md") {
            Role::Intro(Area::Glossary)
        } else {
            Role::Term
        }
    };
    Some(SourceFile {
        role,
        file: display_path(root, &path),
        path,
    })
}

/// Every source file of the site, and what the walk found wrong (symlinks).
fn walk_sources(root: &Path) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let sources = [CONTENT_DIR, GLOSSARY_DIR]
        .into_iter()
        .flat_map(|top| walk(root, &root.join(top), &mut diags))
        .filter_map(|path| source_file(root, path))
        .collect();
    (sources, diags)
}

/// The sources of the last build, brought up to date with the paths the watcher reported
/// since; `None` when only a new walk can tell (a symlink, a changed folder, a lost event).
fn patch_listing(
    root: &Path,
    mut sources: Vec<SourceFile>,
    reported: &[PathBuf],
) -> Option<Vec<SourceFile>> {
    let tops = [root.join(CONTENT_DIR), root.join(GLOSSARY_DIR)];
    let known: HashSet<&Path> = if reported.is_empty() {
        HashSet::new()
    } else {
        sources.iter().map(|s| s.path.as_path()).collect()
    };
    let mut added = Vec::new();
    let mut gone = Vec::new();
    for path in reported {
        let Some(top) = tops.iter().find(|t| path.starts_with(t)) else {
            // Themes, templates and the configuration hold no sources; the site folder
            // itself (or anything above the sources) means the watcher lost track.
            if tops.iter().any(|t| t.starts_with(path)) {
                return None;
            }
            continue;
        };
        let rel = path.strip_prefix(top).expect("under its top folder");
        if rel
            .components()
            .any(|c| is_ignored(&c.as_os_str().to_string_lossy()))
        {
            continue;
        }
        match std::fs::symlink_metadata(path) {
            Err(_) => gone.push(path),
            Ok(m) if m.is_file() => {
                if !known.contains(path.as_path()) {
                    added.push(source_file(root, path.clone())?);
                }
            }
            // A folder (new, renamed, or changed within) or a symlink: walk again.
            Ok(_) => return None,
        }
    }
    drop(known);
    if !gone.is_empty() {
        sources.retain(|s| !gone.iter().any(|g| s.path.starts_with(g)));
    }
    if !added.is_empty() {
        sources.extend(added);
        sources.sort_by(|a, b| a.path.cmp(&b.path));
    }
    Some(sources)
}

/// Loaded files kept between preview rebuilds: a file is read again when the watcher
/// reported it or, after a new walk of the folders, when its size or modification time
/// changed.
#[derive(Default)]
pub(crate) struct LoadCache {
    files: HashMap<PathBuf, (Stamp, LoadResult)>,
    /// A copy of `files`' results made while the preview waits for the next change
    /// ([`LoadCache::prepare`]): a rebuild takes an unchanged file's result from here rather
    /// than copying it then (at 10,000 services the copy is 20 ms of an edit's rebuild).
    spare: HashMap<PathBuf, LoadResult>,
    /// The sources of the last load, while the watcher has reported every change since and
    /// that walk found nothing wrong; `None` walks the folders again.
    listing: Option<Vec<SourceFile>>,
    /// Paths the watcher reported since the last load.
    reported: Vec<PathBuf>,
}

impl LoadCache {
    /// Drops the files the watcher reported, whatever their stamps say.
    pub(crate) fn forget(&mut self, paths: &[PathBuf]) {
        for p in paths {
            self.files.remove(p);
            self.spare.remove(p);
        }
        self.reported.extend(paths.iter().cloned());
    }

    /// Copies the results the next load will take, while nothing waits for it.
    pub(crate) fn prepare(&mut self) {
        let missing: Vec<(&PathBuf, &LoadResult)> = self
            .files
            .iter()
            .filter(|(p, _)| !self.spare.contains_key(*p))
            .map(|(p, (_, r))| (p, r))
            .collect();
        let copies: Vec<(PathBuf, LoadResult)> = missing
            .into_par_iter()
            .map(|(p, r)| (p.clone(), r.clone()))
            .collect();
        self.spare.extend(copies);
    }
}

type LoadResult = (Option<Loaded1>, Vec<Diagnostic>);

/// Runs `load` on more threads than there are cores: when a large site's sources are not in
/// the page cache, most of its load is waiting for the disk, and more reads in flight finish
/// sooner (parsing still shares the cores).
fn with_readers<R: Send>(load: impl FnOnce() -> R + Send) -> R {
    /// Threads per core while loading.
    const READERS_PER_CORE: usize = 4;
    let threads = rayon::current_num_threads() * READERS_PER_CORE;
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(load),
        Err(_) => load(),
    }
}

/// Loads every source of the site at `root`.
pub(crate) fn load(root: &Path, ui: &Ui, profile: Profile) -> Loaded {
    load_with(root, ui, profile, None)
}

/// What a load does with one source when a cache is kept.
enum Reuse {
    /// The cached result holds.
    Keep,
    /// Read again (with its stamp; `None` when it vanished meanwhile).
    Fresh(Option<Stamp>, Box<LoadResult>),
}

/// Loads every source, reusing what `cache` holds of files that did not change.
pub(crate) fn load_with(
    root: &Path,
    ui: &Ui,
    profile: Profile,
    cache: Option<&mut LoadCache>,
) -> Loaded {
    let Some(cache) = cache else {
        let (sources, mut diags) = walk_sources(root);
        let results = with_readers(|| {
            sources
                .par_iter()
                .map(|s| load_one(s, ui, profile))
                .collect()
        });
        return assemble(results, &mut diags);
    };
    let reported = std::mem::take(&mut cache.reported);
    let patched = cache
        .listing
        .take()
        .and_then(|listing| patch_listing(root, listing, &reported));
    let trusted = patched.is_some();
    let (sources, mut diags) = match patched {
        Some(sources) => (sources, Vec::new()),
        None => walk_sources(root),
    };
    // Unchanged files are cloned from the cache once, their entries staying where they are.
    let fresh: Vec<Reuse> = sources
        .par_iter()
        .map(|s| match cache.files.get(&s.path) {
            Some(_) if trusted => Reuse::Keep,
            Some((then, _)) if stamp(&s.path).is_some_and(|now| now == *then) => Reuse::Keep,
            _ => Reuse::Fresh(stamp(&s.path), Box::new(load_one(s, ui, profile))),
        })
        .collect();
    // Trusted, every source not in the cache is read fresh: more than that many entries
    // means some are of files gone (a removed folder's).
    let read = fresh
        .iter()
        .filter(|r| matches!(r, Reuse::Fresh(..)))
        .count();
    if !trusted || cache.files.len() + read != sources.len() {
        let kept: HashSet<&Path> = sources.iter().map(|s| s.path.as_path()).collect();
        cache.files.retain(|p, _| kept.contains(p.as_path()));
        cache.spare.retain(|p, _| kept.contains(p.as_path()));
    }
    // An unchanged file's result from the spare copies, else copied now.
    let spares: Vec<Option<LoadResult>> = sources
        .iter()
        .zip(&fresh)
        .map(|(s, reuse)| {
            let spare = cache.spare.remove(&s.path);
            spare.filter(|_| matches!(reuse, Reuse::Keep))
        })
        .collect();
    let results: Vec<LoadResult> = sources
        .par_iter()
        .zip(&fresh)
        .zip(spares)
        .map(|((s, reuse), spare)| match (reuse, spare) {
            (Reuse::Fresh(_, r), _) => (**r).clone(),
            (Reuse::Keep, Some(r)) => r,
            (Reuse::Keep, None) => cache.files[&s.path].1.clone(),
        })
        .collect();
    for (s, reuse) in sources.iter().zip(fresh) {
        match reuse {
            Reuse::Fresh(Some(st), r) => {
                cache.files.insert(s.path.clone(), (st, *r));
            }
            Reuse::Fresh(None, _) => {
                cache.files.remove(&s.path);
            }
            Reuse::Keep => {}
        }
    }
    if diags.is_empty() {
        cache.listing = Some(sources);
    }
    assemble(results, &mut diags)
}

/// The content of every loaded file, and every diagnostic.
fn assemble(results: Vec<LoadResult>, diags: &mut Vec<Diagnostic>) -> Loaded {
    let mut content = Content::default();
    for (obj, ds) in results {
        diags.extend(ds);
        if let Some(obj) = obj {
            content.add(obj);
        }
    }
    Loaded {
        content,
        diagnostics: std::mem::take(diags),
    }
}

impl Content {
    fn add(&mut self, obj: Loaded1) {
        match obj {
            Loaded1::Page(p) => self.pages.push(p),
            Loaded1::Service(s) => self.services.push(*s),
            Loaded1::Situation(s) => self.situations.push(s),
            Loaded1::Term(t) => self.terms.push(t),
            Loaded1::Course(c) => self.courses.push(c),
            Loaded1::Lesson(l) => self.lessons.push(l),
            Loaded1::Institutions(list) => self.institutions.extend(list),
            Loaded1::Sources(list) => self.sources.extend(list),
            Loaded1::Asset(a) => self.assets.push(a),
            Loaded1::Broken(b) => self.broken.push(b),
            Loaded1::BrokenSources(file) => self.broken_sources = Some(file),
            Loaded1::Translations(list) => self.translations.extend(list),
        }
    }
}

#[derive(Clone)]
enum Loaded1 {
    Page(crate::model::Page),
    Service(Box<crate::model::Service>),
    Situation(crate::model::Situation),
    Term(crate::model::Term),
    Course(crate::model::Course),
    Lesson(crate::model::Lesson),
    Institutions(Vec<crate::model::Institution>),
    Sources(Vec<crate::model::Source>),
    Asset(Asset),
    /// A file that failed to load.
    Broken(crate::model::Broken),
    /// The source registry, when it failed to load.
    BrokenSources(String),
    Translations(Vec<crate::model::Translation>),
}

impl Role {
    /// The kind of object a file in this role holds (none for an asset or the source
    /// registry).
    fn kind(&self) -> Option<Kind> {
        Some(match self {
            Role::Page { .. } | Role::Intro(_) => Kind::Page,
            Role::Service => Kind::Service,
            Role::Situation => Kind::Situation,
            Role::Term => Kind::Term,
            Role::Course { .. } => Kind::Course,
            Role::Lesson { .. } => Kind::Lesson,
            Role::Institutions => Kind::Institution,
            Role::Sources | Role::Asset { .. } | Role::Translation { .. } => return None,
        })
    }
}

/// What a file's id is made from when it sets none: its name, or its folder's for `_index`.
fn id_name(path: &Path) -> String {
    let stem = file_stem(path);
    if stem.eq_ignore_ascii_case("_index") {
        path.parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        stem
    }
}

/// What `s` is remembered as when it failed to load: its kind and the id its `id:` line or
/// its file name gives (so references to it are not reported as unknown too).
fn broken(s: &SourceFile, text: Option<&str>) -> Option<Loaded1> {
    let kind = match &s.role {
        Role::Sources => return Some(Loaded1::BrokenSources(s.file.clone())),
        role => role.kind()?,
    };
    let id = (kind != Kind::Institution).then(|| {
        let written = text.filter(|t| t.starts_with("---")).and_then(|t| {
            t.lines()
                .skip(1)
                .take_while(|l| l.trim_end() != "---")
                .find_map(|l| l.strip_prefix("id:"))
                .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
        });
        written
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| slug::slugify(&id_name(&s.path)))
    });
    Some(Loaded1::Broken(crate::model::Broken {
        kind,
        id,
        file: s.file.clone(),
    }))
}

/// A load that produced no object but errors leaves a [`Loaded1::Broken`] behind.
fn or_broken(s: &SourceFile, text: Option<&str>, (obj, diags): LoadResult) -> LoadResult {
    let failed = obj.is_none()
        && diags
            .iter()
            .any(|d| d.severity == crate::diagnostics::Severity::Error);
    if failed {
        (broken(s, text), diags)
    } else {
        (obj, diags)
    }
}

fn read_text(s: &SourceFile) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(&s.path)
        .map_err(|e| Diagnostic::new(Code::FileUnreadable, &s.file, Pos::FILE).arg("detail", e))?;
    source::decode(&s.file, &bytes)
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn reserved_id(file: &str, fields: &Fields, id: &str) -> Diagnostic {
    Diagnostic::new(Code::ReservedId, file, fields.pos_of("id"))
        .field("id")
        .arg("id", id)
}

/// A folder on the way to `s` whose slug cannot be part of an output path: empty (no Latin
/// letters or digits) or a device name.
fn unusable_folder(s: &SourceFile) -> Option<Diagnostic> {
    let bad = |slug: &str| slug.is_empty() || slug::is_reserved_name(slug);
    let unusable = match &s.role {
        Role::Page { section, .. } => section.iter().any(|p| bad(p)),
        Role::Course { folder } => bad(&slug::slugify(folder)),
        Role::Lesson { course_folder } if !course_folder.is_empty() => {
            bad(&slug::slugify(course_folder))
        }
        _ => false,
    };
    unusable.then(|| {
        Diagnostic::new(Code::FolderNotAddressable, &s.file, Pos::FILE).arg("file", &s.file)
    })
}

/// Id of an object: its `id:` field, else the slug of its file (or folder, for `_index.md`).
fn object_id(
    s: &SourceFile,
    fields: &Fields,
    diags: &mut Vec<Diagnostic>,
) -> Option<(String, Pos)> {
    if let Some(id) = fields.text("id") {
        if slug::is_reserved_name(&id) {
            diags.push(reserved_id(&s.file, fields, &id));
            return None;
        }
        return Some((id, fields.pos_of("id")));
    }
    if fields.has("id") {
        return None; // invalid id already reported
    }
    if let Role::Intro(area) = &s.role {
        let id = match area {
            Area::Home => "sakums",
            Area::Catalogue => urls::SERVICES,
            Area::Situations => urls::SITUATIONS,
            Area::Glossary => urls::GLOSSARY,
            Area::Courses => urls::COURSES,
        };
        return Some((id.to_string(), Pos::new(1, 1)));
    }
    let name = id_name(&s.path);
    let id = slug::slugify(&name);
    if id.is_empty() || slug::is_reserved_name(&id) {
        diags.push(
            Diagnostic::new(Code::IdFromFileName, &s.file, Pos::new(1, 1))
                .field("id")
                .arg("name", name),
        );
        return None;
    }
    Some((id, Pos::new(1, 1)))
}

fn load_one(s: &SourceFile, ui: &Ui, profile: Profile) -> LoadResult {
    if let Role::Asset { section } = &s.role {
        let name = s.path.file_name().map(|n| n.to_string_lossy().into_owned());
        let url = section
            .iter()
            .cloned()
            .chain(name)
            .collect::<Vec<_>>()
            .join("/");
        return (
            Some(Loaded1::Asset(Asset {
                src: s.path.clone(),
                url,
            })),
            Vec::new(),
        );
    }
    match read_text(s) {
        Ok(text) => or_broken(s, Some(&text), load_text(s, &text, ui, profile)),
        Err(d) => or_broken(s, None, (None, vec![d])),
    }
}

/// Loads one source file, given its site-relative path (`content/…` or `glossary/…`) and its
/// bytes, without touching the file system: the whole per-file path of [`load`] (decode,
/// front matter, YAML, validation, typed object). Entry point for fuzzing and tests.
#[cfg(feature = "fuzzing")]
pub(crate) fn load_source(rel: &str, bytes: &[u8], ui: &Ui, profile: Profile) -> Loaded {
    let path = Path::new(rel);
    let translated = [CONTENT_DIR, GLOSSARY_DIR].into_iter().find_map(|top| {
        path.strip_prefix(top)
            .ok()
            .and_then(|r| translation_role(top, r))
    });
    let role = if let Some(role) = translated {
        role
    } else if let Ok(r) = path.strip_prefix(CONTENT_DIR) {
        classify_content(r)
    } else if !is_markdown(path) {
        Role::Asset {
            section: vec![urls::GLOSSARY.to_string()],
        }
    } else if path
        .file_name()
        .is_some_and(|n| n.eq_ignore_ascii_case("_index.md"))
    {
        Role::Intro(Area::Glossary)
    } else {
        Role::Term
    };
    let s = SourceFile {
        path: path.to_path_buf(),
        file: rel.to_string(),
        role,
    };
    let mut content = Content::default();
    if matches!(s.role, Role::Asset { .. }) {
        return Loaded {
            content,
            diagnostics: Vec::new(),
        };
    }
    let (obj, diagnostics) = match source::decode(&s.file, bytes) {
        Ok(text) => or_broken(&s, Some(&text), load_text(&s, &text, ui, profile)),
        Err(d) => or_broken(&s, None, (None, vec![d])),
    };
    if let Some(obj) = obj {
        content.add(obj);
    }
    Loaded {
        content,
        diagnostics,
    }
}

fn load_text(s: &SourceFile, text: &str, ui: &Ui, profile: Profile) -> LoadResult {
    let mut diags = Vec::new();
    if let Role::Translation {
        lang,
        original,
        kind,
    } = &s.role
    {
        let list = if *kind == Kind::Institution {
            let (list, ds) = translation::read_registry(&s.file, lang, original, text, ui);
            diags = ds;
            list
        } else {
            let (t, ds) = translation::read_markdown(&s.file, lang, original, *kind, text, ui);
            diags = ds;
            t.into_iter().collect()
        };
        return (Some(Loaded1::Translations(list)), diags);
    }
    if s.role == Role::Institutions {
        return (
            load_institutions(s, text, ui, &mut diags).map(Loaded1::Institutions),
            diags,
        );
    }
    if s.role == Role::Sources {
        return (
            load_sources(s, text, ui, &mut diags).map(Loaded1::Sources),
            diags,
        );
    }
    if text.trim().is_empty() {
        diags.push(Diagnostic::new(Code::FileEmpty, &s.file, Pos::new(1, 1)));
        return (None, diags);
    }
    let split = match source::split(&s.file, text) {
        Ok(x) => x,
        Err(d) => return (None, vec![d]),
    };
    if let Some(d) = unusable_folder(s) {
        diags.push(d);
        return (None, diags);
    }
    let Some(kind) = s.role.kind().filter(|k| *k != Kind::Institution) else {
        unreachable!("registries and assets are handled above")
    };
    if !split.has_front_matter {
        diags.push(
            Diagnostic::new(Code::NoFrontMatter, &s.file, Pos::new(1, 1)).arg(
                "first_line",
                text.lines()
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take(40)
                    .collect::<String>(),
            ),
        );
        return (None, diags);
    }
    let node = match yaml::parse(&s.file, &split.yaml, split.yaml_line_offset) {
        Ok(n) => n,
        Err(d) => return (None, vec![d]),
    };
    let mut v = Validator::new(&s.file, kind, ui);
    let fields = v.object(&node);
    diags.append(&mut v.diags);
    let Some((id, id_pos)) = object_id(s, &fields, &mut diags) else {
        return (None, diags);
    };
    let url = match &s.role {
        Role::Page { section, is_index } => {
            let mut parts = section.clone();
            parts.push(if *is_index {
                "index.html".to_string()
            } else {
                format!("{id}.html")
            });
            parts.join("/")
        }
        Role::Intro(area) => match area {
            Area::Home => "index.html".to_string(),
            Area::Catalogue => format!("{}/index.html", urls::SERVICES),
            Area::Situations => format!("{}/index.html", urls::SITUATIONS),
            Area::Glossary => format!("{}/index.html", urls::GLOSSARY),
            Area::Courses => format!("{}/index.html", urls::COURSES),
        },
        Role::Service => format!("{}/{id}.html", urls::SERVICES),
        Role::Situation => format!("{}/{id}.html", urls::SITUATIONS),
        Role::Term => format!("{}/{id}.html", urls::GLOSSARY),
        Role::Course { folder } => {
            format!("{}/{}/index.html", urls::COURSES, slug::slugify(folder))
        }
        Role::Lesson { course_folder } => {
            format!(
                "{}/{}/{id}.html",
                urls::COURSES,
                slug::slugify(course_folder)
            )
        }
        Role::Institutions | Role::Sources | Role::Asset { .. } | Role::Translation { .. } => {
            unreachable!("handled above")
        }
    };
    let doc = Doc {
        id,
        file: s.file.clone(),
        pos: id_pos,
        body: split.body.into(),
        body_line: split.body_line_offset,
        body_inherited: false,
        url,
        updated: fields.date("updated"),
        source: fields.reference("source"),
    };
    let obj = match &s.role {
        Role::Page { section, is_index } => {
            Loaded1::Page(kinds::page(doc, section.clone(), *is_index, None, &fields))
        }
        Role::Intro(area) => {
            Loaded1::Page(kinds::page(doc, Vec::new(), true, Some(*area), &fields))
        }
        Role::Service => Loaded1::Service(Box::new(kinds::service(doc, &fields, profile))),
        Role::Situation => Loaded1::Situation(kinds::situation(doc, &fields)),
        Role::Term => Loaded1::Term(kinds::term(doc, &fields)),
        Role::Course { .. } => Loaded1::Course(kinds::course(doc, &fields)),
        Role::Lesson { course_folder } => {
            if course_folder.is_empty() {
                diags.push(
                    Diagnostic::new(Code::LessonOutsideCourse, &s.file, Pos::new(1, 1))
                        .arg(
                            "expected",
                            format!("{CONTENT_DIR}/{COURSES_DIR}/<kurss>/<nodarbiba>.md"),
                        )
                        .arg("file", &s.file),
                );
                return (None, diags);
            }
            Loaded1::Lesson(kinds::lesson(doc, slug::slugify(course_folder), &fields))
        }
        Role::Institutions | Role::Sources | Role::Asset { .. } | Role::Translation { .. } => {
            unreachable!("handled above")
        }
    };
    (Some(obj), diags)
}

/// The entries of a registry file (a YAML list of mappings), or why it is not one.
fn registry_entries(
    s: &SourceFile,
    text: &str,
    ui: &Ui,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<yaml::Node>> {
    let node = match yaml::parse(&s.file, text, 0) {
        Ok(n) => n,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    match node.value {
        yaml::Value::Seq(items) => Some(items),
        yaml::Value::Map(m) if m.is_empty() => Some(Vec::new()),
        other => {
            diags.push(
                Diagnostic::new(Code::RegistryNotList, &s.file, node.pos)
                    .arg("found", other.describe(ui)),
            );
            None
        }
    }
}

fn load_institutions(
    s: &SourceFile,
    text: &str,
    ui: &Ui,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<crate::model::Institution>> {
    let items = registry_entries(s, text, ui, diags)?;
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        let mut v = Validator::new(&s.file, Kind::Institution, ui);
        let fields = v.object(item);
        diags.append(&mut v.diags);
        if let Some(id) = fields.text("id") {
            if slug::is_reserved_name(&id) {
                diags.push(reserved_id(&s.file, &fields, &id));
                continue;
            }
            let url = format!("{}/{id}.html", urls::INSTITUTIONS);
            out.push(kinds::institution(&s.file, url, &fields));
        }
    }
    Some(out)
}

/// The source registry: the documents content is based on, as they name themselves.
fn load_sources(
    s: &SourceFile,
    text: &str,
    ui: &Ui,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<crate::model::Source>> {
    let items = registry_entries(s, text, ui, diags)?;
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        let mut v = Validator::for_fields(
            &s.file,
            crate::schema::SOURCE_GROUP,
            crate::schema::SOURCE,
            ui,
        );
        let fields = v.object(item);
        diags.append(&mut v.diags);
        if let (Some(id), Some(title)) = (fields.text("id"), fields.text("title")) {
            out.push(crate::model::Source {
                pos: fields.pos_of("id"),
                file: s.file.clone(),
                author: fields.text("author"),
                publisher: fields.text("publisher"),
                year: fields.int("year"),
                id,
                title,
            });
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_classified_by_place() {
        let c = |p: &str| classify_content(Path::new(p));
        assert_eq!(c("_index.md"), Role::Intro(Area::Home));
        assert_eq!(c("pakalpojumi/_index.md"), Role::Intro(Area::Catalogue));
        assert_eq!(c("pakalpojumi/vid/deklaracija.md"), Role::Service);
        assert_eq!(c("dzives-situacijas/bernins.md"), Role::Situation);
        assert_eq!(
            c("kursi/ievads/_index.md"),
            Role::Course {
                folder: "ievads".into()
            }
        );
        assert_eq!(
            c("kursi/ievads/01-pakalpojums.md"),
            Role::Lesson {
                course_folder: "ievads".into()
            }
        );
        assert_eq!(c("iestades.yaml"), Role::Institutions);
        assert_eq!(c("avoti.yaml"), Role::Sources);
        assert_eq!(
            c("Metodika/Pamati/_index.md"),
            Role::Page {
                section: vec!["metodika".into(), "pamati".into()],
                is_index: true
            }
        );
        assert_eq!(
            c("metodika/shema.png"),
            Role::Asset {
                section: vec!["metodika".into()]
            }
        );
    }

    /// A site with two guidance pages and a term, and the listing a walk makes of it.
    fn listed_site() -> (tempfile::TempDir, Vec<SourceFile>) {
        let dir = tempfile::tempdir().unwrap();
        for f in ["content/a.md", "content/vadlinijas/b.md", "glossary/t.md"] {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "---\ntitle: X\n---\n").unwrap();
        }
        let (sources, diags) = walk_sources(dir.path());
        assert!(diags.is_empty());
        (dir, sources)
    }

    fn paths(root: &Path, sources: &[SourceFile]) -> Vec<String> {
        sources
            .iter()
            .map(|s| display_path(root, &s.path))
            .collect()
    }

    #[test]
    fn reported_files_patch_the_listing_as_a_walk_would_find_it() {
        let (dir, sources) = listed_site();
        let root = dir.path();
        std::fs::remove_file(root.join("content/a.md")).unwrap();
        std::fs::write(root.join("content/vadlinijas/c.md"), "x").unwrap();
        std::fs::write(root.join("glossary/u.md"), "x").unwrap();
        std::fs::write(root.join("content/.c.md.swp"), "x").unwrap();
        let reported = [
            "content/a.md",
            "content/vadlinijas/b.md",
            "content/vadlinijas/c.md",
            "content/.c.md.swp",
            "content/gone.md~",
            "glossary/u.md",
            "themes/default/static/site.css",
            "katalogs.toml",
        ]
        .map(|p| root.join(p));
        let patched = patch_listing(root, sources, &reported).expect("files only");
        let walked = walk_sources(root).0;
        assert_eq!(paths(root, &patched), paths(root, &walked));
        assert_eq!(
            patched.iter().map(|s| &s.role).collect::<Vec<_>>(),
            walked.iter().map(|s| &s.role).collect::<Vec<_>>()
        );
    }

    #[test]
    fn folders_symlinks_and_lost_events_walk_again() {
        let (dir, sources) = listed_site();
        let root = dir.path();
        let again = |p: &Path| patch_listing(root, sources.clone(), &[p.to_path_buf()]).is_none();
        std::fs::create_dir_all(root.join("content/jauna")).unwrap();
        assert!(again(&root.join("content/jauna")), "a new folder");
        assert!(again(root), "the site folder: events were lost");
        assert!(again(&root.join("content")), "a top folder");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("content/a.md"), root.join("content/l.md"))
                .unwrap();
            assert!(again(&root.join("content/l.md")), "a symlink");
        }
        // A removed folder drops every file under it, without a walk.
        std::fs::remove_dir_all(root.join("content/vadlinijas")).unwrap();
        let patched = patch_listing(root, sources, &[root.join("content/vadlinijas")]).unwrap();
        assert_eq!(paths(root, &patched), ["content/a.md", "glossary/t.md"]);
    }
}
