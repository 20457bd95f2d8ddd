//! Ids and references: one id per object and kind, one source per output file, every
//! front-matter reference pointing at an existing object, life situations and services linked
//! both ways, institutions' services grouped, lessons ordered within their course.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use crate::diagnostics::{Diagnostic, Pos, did_you_mean};
use crate::load::validate::Ref;
use crate::model::{Content, ObjKey};
use crate::resolve::Site;
use crate::schema::Kind;
use crate::url::paths;

/// Object indices by kind and id. Lessons are keyed `course/lesson`: a lesson's id is scoped
/// to its course.
#[derive(Default)]
pub struct Ids {
    by_kind: [FxHashMap<String, usize>; Kind::ALL.len()],
    /// Lessons by their own id, of every course.
    lessons: FxHashMap<String, Vec<usize>>,
}

impl Ids {
    /// The object of `kind` with `id`; for a lesson, `course/lesson`, or a lesson id that only
    /// one course has.
    pub fn get(&self, kind: Kind, id: &str) -> Option<usize> {
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
    pub fn lessons_named(&self, id: &str, course: Option<&str>) -> Vec<usize> {
        if id.contains('/') {
            return self.get(Kind::Lesson, id).into_iter().collect();
        }
        if let Some(own) = course.and_then(|c| self.get(Kind::Lesson, &format!("{c}/{id}"))) {
            return vec![own];
        }
        self.lessons.get(id).cloned().unwrap_or_default()
    }

    /// Every id of `kind` (a lesson's without its course).
    pub fn of(&self, kind: Kind) -> Box<dyn Iterator<Item = &str> + '_> {
        if kind == Kind::Lesson {
            return Box::new(self.lessons.keys().map(String::as_str));
        }
        Box::new(self.by_kind[kind as usize].keys().map(String::as_str))
    }

    /// Every id of every kind.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        Kind::ALL.into_iter().flat_map(|k| self.of(k))
    }
}

/// The key of a lesson in [`Ids`]: its course folder and its id.
pub fn lesson_key(course: &str, id: &str) -> String {
    format!("{course}/{id}")
}

/// Maps (kind, id) to indices; a second object with an id is an error naming the first.
pub fn index_ids(c: &Content, diags: &mut Vec<Diagnostic>) -> Ids {
    let mut ids = Ids::default();
    for kind in Kind::ALL {
        let map = &mut ids.by_kind[kind as usize];
        let count = c.count(kind);
        map.reserve(count);
        for i in 0..count {
            let key = ObjKey::new(kind, i);
            let (id, (file, pos)) = (c.id(key), c.source(key));
            let scoped = match kind {
                Kind::Lesson => lesson_key(&c.lessons[i].course, id),
                _ => id.to_string(),
            };
            if let Some(&first) = map.get(&scoped) {
                let (f, p) = c.source(ObjKey::new(kind, first));
                diags.push(
                    Diagnostic::error(file, pos, format!("duplicate {} id", kind.slug()))
                        .field("id")
                        .expected(format!("an id no other {} uses", kind.slug()))
                        .found(format!(
                            "`{id}`, already used by {f}:{}:{}",
                            p.line, p.column
                        ))
                        .help("give one of them another file name or an explicit `id:`"),
                );
                continue;
            }
            map.insert(scoped, i);
            if kind == Kind::Lesson {
                ids.lessons.entry(id.to_string()).or_default().push(i);
            }
        }
    }
    ids
}

/// Every output file has exactly one source, and no content takes a generated file's place.
pub fn check_output_paths(site: &Site, diags: &mut Vec<Diagnostic>) {
    let mut taken: HashMap<String, String> = HashMap::new();
    for key in site.keys() {
        let url = site.url(key).to_string();
        let (file, pos) = site.content.source(key);
        if key.kind == Kind::Page && site.content.pages[key.idx as usize].area.is_none() {
            let first = url.split('/').next().unwrap_or("");
            if url.contains('/') && paths::RESERVED_FOLDERS.contains(&first) {
                diags.push(
                    Diagnostic::error(file, Pos::FILE, "guidance folder has a reserved name")
                        .expected(format!(
                            "a top folder other than {}",
                            paths::RESERVED_FOLDERS.join(", ")
                        ))
                        .found(format!("`{first}`")),
                );
                continue;
            }
            if paths::RESERVED_FILES.contains(&url.as_str()) || url == paths::HOME {
                diags.push(
                    Diagnostic::error(file, pos, "page would overwrite a generated page")
                        .field("id")
                        .expected("an id other than the generated pages' names")
                        .found(format!("`{url}`")),
                );
                continue;
            }
        }
        if let Some(other) = taken.get(&url) {
            diags.push(
                Diagnostic::error(file, pos, "two sources write the same output file")
                    .expected("a unique file name or id")
                    .found(format!("`{url}`, also written by {other}")),
            );
        } else {
            taken.insert(url, file.to_string());
        }
    }
}

/// Reports a reference to a missing object; returns the target's index if it exists.
pub fn check_ref(
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
    let where_ = match target {
        Kind::Institution => "an institution in content/iestades.yaml",
        Kind::Service => "a service card in content/pakalpojumi/",
        Kind::Situation => "a life situation in content/dzives-situacijas/",
        Kind::Term => "a term in glossary/",
        Kind::Lesson => "a lesson of a course in content/kursi/",
        Kind::Course => "a course in content/kursi/",
        Kind::Page => "a guidance page",
    };
    let candidates = site.ids.of(target);
    let mut d = Diagnostic::error(file, r.pos, format!("unknown {}", target.slug()))
        .field(site.ui.field_name(owner, field))
        .expected(format!("the id of {where_}"))
        .found(format!("`{}`", r.id));
    d.help = did_you_mean(&r.id, candidates);
    diags.push(d);
    None
}

/// Checks the references each object makes in its own front matter.
pub fn check_references(site: &Site, diags: &mut Vec<Diagnostic>) {
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
            diags.push(
                    Diagnostic::error(f, Pos::FILE, "subtype does not belong to the type")
                        .field(site.ui.field_name(Kind::Service, "subtype"))
                        .expected(match t.as_str() {
                            "publisks" => "individuala-labuma or vispareja-labuma for a public service",
                            _ => "koplietosanas or individualas-lietosanas for an inter-institutional service",
                        })
                        .found(format!("`{st}` with type `{t}`")),
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
                Diagnostic::error(&l.doc.file, r.pos, "lesson id is used by several courses")
                    .field(site.ui.field_name(Kind::Lesson, "prerequisites"))
                    .expected("a lesson of this course, or `course/lesson`")
                    .found(format!("`{}`", r.id))
                    .help(format!("write {}", candidates.join(" or "))),
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
                    Diagnostic::error(&inst.file, inst.pos, "institution is its own parent")
                        .field(site.ui.field_name(Kind::Institution, "parent"))
                        .expected("a parent chain that ends")
                        .found(format!("{} → {}", chain.join(" → "), inst.id)),
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
pub fn link_situations(site: &mut Site, diags: &mut Vec<Diagnostic>) {
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
                Diagnostic::error(&sit.doc.file, sit.doc.pos, "life situation has no services")
                    .field(site.ui.field_name(Kind::Situation, "steps"))
                    .expected("at least one step or group with `services: [...]`")
                    .found("no service"),
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
                    Diagnostic::warning(
                        &sit.doc.file,
                        r.pos,
                        "service does not list this life situation",
                    )
                    .field(site.ui.field_name(Kind::Situation, "steps.services"))
                    .expected(format!(
                        "`{}` in life_situations of {}",
                        sit.doc.id, services[x].doc.file
                    ))
                    .found(format!("`{}` without it", r.id)),
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
                    Diagnostic::warning(
                        &svc.doc.file,
                        r.pos,
                        "life situation does not list this service",
                    )
                    .field(site.ui.field_name(Kind::Service, "life_situations"))
                    .expected(format!("`{}` in a step of {}", svc.doc.id, sit.doc.file))
                    .found(format!("`{}` without it", sit.doc.id)),
                );
            }
        }
    }
    site.service_situations = by_service;
}

/// Services held and provided, situations coordinated and institutions under each institution.
pub fn group_by_institution(site: &mut Site) {
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
pub fn order_courses(site: &mut Site, diags: &mut Vec<Diagnostic>) {
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
                    Diagnostic::error(
                        &l.doc.file,
                        Pos::FILE,
                        "lesson's course folder has no _index.md",
                    )
                    .expected(format!(
                        "content/{}/{}/_index.md describing the course",
                        paths::COURSES,
                        l.course
                    ))
                    .found("no course file"),
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
                Diagnostic::warning(
                    &all[l].doc.file,
                    Pos::new(1, 1),
                    "lesson has no weight while other lessons of its course have one",
                )
                .field(site.ui.field_name(Kind::Lesson, "weight"))
                .expected("`weight:` with the lesson's place in the course")
                .found("no weight: the lesson comes after every weighted one"),
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
                Diagnostic::warning(
                    &lesson.doc.file,
                    r.pos,
                    "lesson comes before its prerequisite",
                )
                .field(site.ui.field_name(Kind::Lesson, "prerequisites"))
                .expected(format!(
                    "`{}` ({}) ordered before this lesson",
                    r.id, all[*later].doc.file
                ))
                .found(format!(
                    "this lesson at place {} of the course, the prerequisite at place {}",
                    place + 1,
                    list.iter().position(|x| x == later).unwrap_or(0) + 1
                ))
                .help("give the prerequisite a smaller `weight`"),
            );
        }
    }
}
