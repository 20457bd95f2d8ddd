//! Ids and references: one id per object and kind, one source per output file, every
//! front-matter reference pointing at an existing object, life situations and services linked
//! both ways, institutions' services grouped, lessons ordered within their course.

use std::path::Path;

use rustc_hash::FxHashMap;

use crate::diagnostics::{Code, Diagnostic, Pos, closest};
use crate::model::Ref;
use crate::model::{Content, ObjKey};
use crate::resolve::Site;
use crate::schema::Kind;
use crate::url::paths;

/// Object indices by kind and id. Lessons are keyed `course/lesson`: a lesson's id is scoped
/// to its course.
#[derive(Default)]
pub(crate) struct Ids {
    by_kind: [FxHashMap<String, usize>; Kind::ALL.len()],
    /// Lessons by their own id, of every course.
    lessons: FxHashMap<String, Vec<usize>>,
}

impl Ids {
    /// The object of `kind` with `id`; for a lesson, `course/lesson`, or a lesson id that only
    /// one course has.
    pub(crate) fn get(&self, kind: Kind, id: &str) -> Option<usize> {
        if kind == Kind::Lesson && !id.contains('/') {
            return match self.lessons.get(id).map(Vec::as_slice) {
                Some(&[one]) => Some(one),
                _ => None,
            };
        }
        self.by_kind[kind as usize].get(id).copied()
    }

    /// The lessons `id` names as seen from `course`: `course/lesson` names one; a plain id
    /// names the lesson of that id in `course` if it has one, else that id in every course.
    pub(crate) fn lessons_named(&self, id: &str, course: Option<&str>) -> Vec<usize> {
        if id.contains('/') {
            return self.get(Kind::Lesson, id).into_iter().collect();
        }
        if let Some(own) = course.and_then(|c| self.get(Kind::Lesson, &format!("{c}/{id}"))) {
            return vec![own];
        }
        self.lessons.get(id).cloned().unwrap_or_default()
    }

    /// Every id of `kind` (a lesson's without its course).
    pub(crate) fn of(&self, kind: Kind) -> Box<dyn Iterator<Item = &str> + '_> {
        if kind == Kind::Lesson {
            return Box::new(self.lessons.keys().map(String::as_str));
        }
        Box::new(self.by_kind[kind as usize].keys().map(String::as_str))
    }

    /// Every id of every kind.
    pub(crate) fn all(&self) -> impl Iterator<Item = &str> {
        Kind::ALL.into_iter().flat_map(|k| self.of(k))
    }
}

/// The key of a lesson in [`Ids`]: its course folder and its id.
pub(crate) fn lesson_key(course: &str, id: &str) -> String {
    format!("{course}/{id}")
}

/// Maps (kind, id) to indices; of two objects with one id, the newer file (by modification
/// time under `root`, else the later one) is the error, naming the first.
pub(crate) fn index_ids(c: &Content, root: &Path, diags: &mut Vec<Diagnostic>) -> Ids {
    let mut ids = Ids::default();
    let modified = |file: &str| {
        std::fs::metadata(root.join(file))
            .and_then(|m| m.modified())
            .ok()
    };
    for kind in Kind::ALL {
        let map = &mut ids.by_kind[kind as usize];
        let count = c.count(kind);
        map.reserve(count);
        for i in 0..count {
            let id = c.id(ObjKey::new(kind, i));
            // A lesson's id is its course's: two courses may both have `01-ievads`.
            let scoped = match kind {
                Kind::Lesson => lesson_key(&c.lessons[i].course, id),
                _ => id.to_string(),
            };
            let Some(&first) = map.get(&scoped) else {
                map.insert(scoped, i);
                if kind == Kind::Lesson {
                    ids.lessons.entry(id.to_string()).or_default().push(i);
                }
                continue;
            };
            let (mut older, mut newer) = (first, i);
            let (f_old, _) = c.source(ObjKey::new(kind, older));
            let (f_new, _) = c.source(ObjKey::new(kind, newer));
            if let (Some(t_old), Some(t_new)) = (modified(f_old), modified(f_new))
                && t_old > t_new
            {
                (older, newer) = (newer, older);
                map.insert(scoped, older);
                if let Some(named) = ids.lessons.get_mut(id).filter(|_| kind == Kind::Lesson) {
                    for x in named.iter_mut().filter(|x| **x == newer) {
                        *x = older;
                    }
                }
            }
            let (file, pos) = c.source(ObjKey::new(kind, newer));
            let (f, p) = c.source(ObjKey::new(kind, older));
            let first_at = if p.line == 0 {
                f.to_string()
            } else {
                format!("{f}:{}:{}", p.line, p.column)
            };
            diags.push(
                Diagnostic::new(Code::DuplicateId, file, pos)
                    .field("id")
                    .arg("id", id)
                    .arg("kind", kind.slug())
                    .arg("first", first_at),
            );
        }
    }
    ids
}

/// Every output file has exactly one source, and no content takes a generated file's place.
pub(crate) fn check_output_paths(site: &Site, diags: &mut Vec<Diagnostic>) {
    let mut taken: FxHashMap<&str, &str> = FxHashMap::default();
    for key in site.keys() {
        let url = site.url(key);
        let (file, pos) = site.content.source(key);
        if site.find(key.kind, site.content.id(key)) != Some(key.idx as usize) {
            continue; // a duplicate id, reported once as such
        }
        if key.kind == Kind::Page && site.content.pages[key.idx as usize].area.is_none() {
            let first = url.split('/').next().unwrap_or("");
            if url.contains('/') && paths::RESERVED_FOLDERS.contains(&first) {
                diags.push(
                    Diagnostic::new(Code::ReservedFolder, file, Pos::FILE)
                        .arg("reserved", paths::RESERVED_FOLDERS.join(", "))
                        .arg("folder", first),
                );
                continue;
            }
            if paths::RESERVED_FILES.contains(&url) || url == paths::HOME {
                diags.push(
                    Diagnostic::new(Code::OverwritesGeneratedPage, file, pos)
                        .field("id")
                        .arg("url", url),
                );
                continue;
            }
        }
        if let Some(other) = taken.get(url) {
            diags.push(
                Diagnostic::new(Code::SameOutputFile, file, pos)
                    .arg("url", url)
                    .arg("other", *other),
            );
        } else {
            taken.insert(url, file);
        }
    }
}

/// Reports a reference to a missing object; returns the target's index if it exists.
pub(crate) fn check_ref(
    site: &Site,
    target: Kind,
    r: &Ref,
    file: &str,
    owner: Kind,
    field: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<usize> {
    if r.id.is_empty() {
        return None;
    }
    if let Some(i) = site.find(target, &r.id) {
        return Some(i);
    }
    if site.content.is_broken(Some(target), &r.id) {
        return None; // the broken file's own error says what to fix
    }
    let suggestion = match target {
        Kind::Institution => institution_named(site, &r.id),
        _ => None,
    }
    .or_else(|| closest(&r.id, site.ids.of(target)));
    diags.push(
        Diagnostic::new(Code::UnknownReference, file, r.pos)
            .field_of(&site.ui, owner, field)
            .arg(
                "where",
                site.ui.get(&format!("diagnostics.where_{}", target.slug())),
            )
            .arg("id", &r.id)
            .arg_opt("suggestion", suggestion),
    );
    None
}

/// The id of the institution whose full or short name `written` is (in any case, with or
/// without diacritics), for authors who write the name where the id belongs.
pub(crate) fn institution_named(site: &Site, written: &str) -> Option<String> {
    let wanted = crate::text::slug::slugify(written);
    if wanted.is_empty() {
        return None;
    }
    site.content
        .institutions
        .iter()
        .find(|i| {
            std::iter::once(&i.name)
                .chain(&i.short_name)
                .any(|n| crate::text::slug::slugify(n) == wanted)
        })
        .map(|i| i.id.clone())
}

/// Fields whose value is an institution's id.
const INSTITUTION_FIELDS: [(Kind, &str); 4] = [
    (Kind::Service, "holder"),
    (Kind::Service, "providers"),
    (Kind::Situation, "coordinator"),
    (Kind::Institution, "parent"),
];

/// Adds the institution's id to "not a valid id" errors of fields that hold one, when the
/// author wrote the institution's name instead (`holder: Valsts ieņēmumu dienests` → `vid`).
pub(crate) fn suggest_institution_ids(site: &Site, diags: &mut [Diagnostic]) {
    for d in diags.iter_mut().filter(|d| d.code == Code::InvalidId) {
        let Some(field) = d.field.as_deref() else {
            continue;
        };
        if !INSTITUTION_FIELDS.iter().any(|(_, f)| *f == field) {
            continue;
        }
        let written = d
            .args
            .iter()
            .find(|(n, _)| *n == "value")
            .map(|(_, v)| v.clone());
        if let Some(id) = written.and_then(|w| institution_named(site, &w)) {
            d.set_arg("suggestion", id);
        }
    }
}

/// Checks the references each object makes in its own front matter.
pub(crate) fn check_references(site: &Site, diags: &mut Vec<Diagnostic>) {
    let c = &site.content;
    for s in &c.services {
        let f = &s.doc.file;
        check_ref(
            site,
            Kind::Institution,
            &s.holder,
            f,
            Kind::Service,
            "holder",
            diags,
        );
        for r in &s.providers {
            check_ref(
                site,
                Kind::Institution,
                r,
                f,
                Kind::Service,
                "providers",
                diags,
            );
        }
        for r in &s.life_situations {
            check_ref(
                site,
                Kind::Situation,
                r,
                f,
                Kind::Service,
                "life_situations",
                diags,
            );
        }
        for r in &s.terms {
            check_ref(site, Kind::Term, r, f, Kind::Service, "terms", diags);
        }
        if let (Some(t), Some(st)) = (&s.service_type, &s.subtype)
            && !crate::schema::subtype_fits(t, st)
        {
            let allowed: Vec<&str> = crate::schema::SERVICE_SUBTYPE
                .values
                .iter()
                .copied()
                .filter(|v| crate::schema::subtype_fits(t, v))
                .collect();
            diags.push(
                Diagnostic::new(Code::SubtypeMismatch, f, Pos::FILE)
                    .field_of(&site.ui, Kind::Service, "subtype")
                    .arg("allowed", allowed.join(", "))
                    .arg("subtype", st)
                    .arg("type", t),
            );
        }
    }
    for s in &c.situations {
        let f = &s.doc.file;
        if let Some(r) = &s.coordinator {
            check_ref(
                site,
                Kind::Institution,
                r,
                f,
                Kind::Situation,
                "coordinator",
                diags,
            );
        }
        for r in &s.related {
            check_ref(
                site,
                Kind::Situation,
                r,
                f,
                Kind::Situation,
                "related",
                diags,
            );
        }
        for step in &s.steps {
            for r in &step.services {
                check_ref(
                    site,
                    Kind::Service,
                    r,
                    f,
                    Kind::Situation,
                    "steps.services",
                    diags,
                );
            }
        }
        for group in &s.groups {
            for r in &group.services {
                check_ref(
                    site,
                    Kind::Service,
                    r,
                    f,
                    Kind::Situation,
                    "groups.services",
                    diags,
                );
            }
        }
    }
    for t in &c.terms {
        for r in &t.related {
            check_ref(
                site,
                Kind::Term,
                r,
                &t.doc.file,
                Kind::Term,
                "related",
                diags,
            );
        }
    }
    for inst in &c.institutions {
        if let Some(p) = &inst.parent {
            check_ref(
                site,
                Kind::Institution,
                p,
                &inst.file,
                Kind::Institution,
                "parent",
                diags,
            );
        }
    }
    check_parent_cycles(site, diags);
    for l in &c.lessons {
        for r in &l.prerequisites {
            let named = site.ids.lessons_named(&r.id, Some(&l.course));
            if named.len() == 1 {
                continue;
            }
            if named.is_empty() {
                check_ref(
                    site,
                    Kind::Lesson,
                    r,
                    &l.doc.file,
                    Kind::Lesson,
                    "prerequisites",
                    diags,
                );
                continue;
            }
            let candidates: Vec<String> = named
                .iter()
                .map(|&x| format!("`{}`", lesson_key(&c.lessons[x].course, &r.id)))
                .collect();
            diags.push(
                Diagnostic::new(Code::LessonIdAmbiguous, &l.doc.file, r.pos)
                    .field_of(&site.ui, Kind::Lesson, "prerequisites")
                    .arg("id", &r.id)
                    .arg("choices", candidates.join(" / ")),
            );
        }
    }
}

fn check_parent_cycles(site: &Site, diags: &mut Vec<Diagnostic>) {
    let insts = &site.content.institutions;
    for (start, inst) in insts.iter().enumerate() {
        let mut seen = vec![start];
        let mut cur = inst
            .parent
            .as_ref()
            .and_then(|p| site.find(Kind::Institution, &p.id));
        while let Some(i) = cur {
            if i == start {
                let chain: Vec<&str> = seen.iter().map(|&i| insts[i].id.as_str()).collect();
                diags.push(
                    Diagnostic::new(Code::ParentCycle, &inst.file, inst.pos)
                        .field_of(&site.ui, Kind::Institution, "parent")
                        .arg("chain", format!("{} → {}", chain.join(" → "), inst.id)),
                );
                break;
            }
            if seen.contains(&i) {
                break;
            }
            seen.push(i);
            cur = insts[i]
                .parent
                .as_ref()
                .and_then(|p| site.find(Kind::Institution, &p.id));
        }
    }
}

/// Links services and life situations both ways. The relation is the union of both sides;
/// a link declared on one side only is a warning naming the other file, and a situation
/// without services is an error.
pub(crate) fn link_situations(site: &mut Site, diags: &mut Vec<Diagnostic>) {
    let n = site.content.services.len();
    let mut by_service: Vec<Vec<usize>> = vec![Vec::new(); n];
    let services = &site.content.services;
    // Per situation: the services declaring it, with where they declare it.
    let mut declared_by: Vec<Vec<(usize, &Ref)>> = vec![Vec::new(); site.content.situations.len()];
    for (x, svc) in services.iter().enumerate() {
        for r in &svc.life_situations {
            if let Some(si) = site.find(Kind::Situation, &r.id) {
                declared_by[si].push((x, r));
            }
        }
    }
    for (si, sit) in site.content.situations.iter().enumerate() {
        if sit.service_refs().next().is_none() {
            diags.push(
                Diagnostic::new(Code::SituationWithoutServices, &sit.doc.file, sit.doc.pos)
                    .field_of(&site.ui, Kind::Situation, "steps"),
            );
        }
        let mut listed: Vec<usize> = Vec::new();
        for r in sit.service_refs() {
            let Some(x) = site.find(Kind::Service, &r.id) else {
                continue;
            };
            listed.push(x);
            if !by_service[x].contains(&si) {
                by_service[x].push(si);
            }
            let declared = services[x]
                .life_situations
                .iter()
                .any(|l| l.id == sit.doc.id);
            if !declared && !services[x].unified {
                diags.push(
                    Diagnostic::new(Code::SituationNotListed, &sit.doc.file, r.pos)
                        .field_of(&site.ui, Kind::Situation, "steps.services")
                        .arg("situation", &sit.doc.id)
                        .arg("file", &services[x].doc.file)
                        .arg("service", &r.id),
                );
            }
        }
        for &(x, r) in &declared_by[si] {
            let svc = &services[x];
            if !by_service[x].contains(&si) {
                by_service[x].push(si);
            }
            let template_listed = svc
                .template
                .as_ref()
                .and_then(|t| site.find(Kind::Service, &t.id))
                .is_some_and(|t| listed.contains(&t));
            let own = svc.present.contains(&"life_situations");
            if !listed.contains(&x) && !template_listed && own {
                diags.push(
                    Diagnostic::new(Code::ServiceNotListed, &svc.doc.file, r.pos)
                        .field_of(&site.ui, Kind::Service, "life_situations")
                        .arg("service", &svc.doc.id)
                        .arg("file", &sit.doc.file)
                        .arg("situation", &sit.doc.id),
                );
            }
        }
    }
    site.service_situations = by_service;
}

/// Services held and provided, situations coordinated and institutions under each institution.
pub(crate) fn group_by_institution(site: &mut Site) {
    let n = site.content.institutions.len();
    let mut held = vec![Vec::new(); n];
    let mut provided = vec![Vec::new(); n];
    let mut coordinated = vec![Vec::new(); n];
    let mut children = vec![Vec::new(); n];
    for (i, s) in site.content.services.iter().enumerate() {
        if let Some(h) = site.find(Kind::Institution, &s.holder.id) {
            held[h].push(i);
        }
        for p in &s.providers {
            if let Some(p) = site.find(Kind::Institution, &p.id)
                && !provided[p].contains(&i)
            {
                provided[p].push(i);
            }
        }
    }
    for (i, s) in site.content.situations.iter().enumerate() {
        if let Some(c) = s
            .coordinator
            .as_ref()
            .and_then(|c| site.find(Kind::Institution, &c.id))
        {
            coordinated[c].push(i);
        }
    }
    for (i, inst) in site.content.institutions.iter().enumerate() {
        if let Some(p) = inst
            .parent
            .as_ref()
            .and_then(|p| site.find(Kind::Institution, &p.id))
        {
            children[p].push(i);
        }
    }
    site.held_services = held;
    site.provided_services = provided;
    site.coordinated_situations = coordinated;
    site.child_institutions = children;
}

/// Lessons belong to the course of their folder, ordered by weight then file.
pub(crate) fn order_courses(site: &mut Site, diags: &mut Vec<Diagnostic>) {
    let courses = &site.content.courses;
    let mut lessons: Vec<Vec<usize>> = vec![Vec::new(); courses.len()];
    let mut lesson_course = Vec::with_capacity(site.content.lessons.len());
    for (li, l) in site.content.lessons.iter().enumerate() {
        let url = format!("{}/{}/index.html", paths::COURSES, l.course);
        match courses.iter().position(|c| c.doc.url == url) {
            Some(ci) => {
                lessons[ci].push(li);
                lesson_course.push(Some(ci));
            }
            None => {
                diags.push(
                    Diagnostic::new(Code::CourseWithoutIndex, &l.doc.file, Pos::FILE).arg(
                        "expected",
                        format!("content/{}/{}/_index.md", paths::COURSES, l.course),
                    ),
                );
                lesson_course.push(None);
            }
        }
    }
    let all = &site.content.lessons;
    for list in &mut lessons {
        // A lesson without a weight goes after the weighted ones, then by file name.
        list.sort_by(|&a, &b| {
            let order = |l: usize| (all[l].weight.is_none(), all[l].weight, &all[l].doc.file);
            order(a).cmp(&order(b))
        });
        check_lesson_order(site, list, diags);
    }
    site.course_lessons = lessons;
    site.lesson_course = lesson_course;
}

/// Warns about a lesson without a weight among weighted siblings, and about a lesson that
/// comes before a prerequisite of its own course.
fn check_lesson_order(site: &Site, list: &[usize], diags: &mut Vec<Diagnostic>) {
    let all = &site.content.lessons;
    if list.iter().any(|&l| all[l].weight.is_some()) {
        for &l in list.iter().filter(|&&l| all[l].weight.is_none()) {
            diags.push(
                Diagnostic::new(Code::LessonWithoutWeight, &all[l].doc.file, Pos::new(1, 1))
                    .field_of(&site.ui, Kind::Lesson, "weight"),
            );
        }
    }
    for (place, &l) in list.iter().enumerate() {
        let lesson = &all[l];
        for r in &lesson.prerequisites {
            let named = site.ids.lessons_named(&r.id, Some(&lesson.course));
            let Some(later) = named
                .first()
                .filter(|_| named.len() == 1)
                .and_then(|p| list[place + 1..].iter().find(|&&x| x == *p))
            else {
                continue;
            };
            diags.push(
                Diagnostic::new(Code::LessonBeforePrerequisite, &lesson.doc.file, r.pos)
                    .field_of(&site.ui, Kind::Lesson, "prerequisites")
                    .arg("id", &r.id)
                    .arg("file", &all[*later].doc.file)
                    .arg("place", place + 1)
                    .arg(
                        "prerequisite_place",
                        list.iter().position(|x| x == later).unwrap_or(0) + 1,
                    ),
            );
        }
    }
}
