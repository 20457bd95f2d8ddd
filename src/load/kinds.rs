//! Builds the typed domain objects of [`crate::model`] from validated fields, one small
//! function per kind; internal fields are dropped here in the public profile, so no later
//! stage can leak them.

use crate::load::validate::{Fields, Ref};
use crate::model::{
    Area, Course, Doc, Institution, Internal, Kpi, Lesson, Page, Profile, Service, Situation, Step,
    Term,
};
use crate::schema::{Kind, STAGE};

pub fn page(
    doc: Doc,
    f: &Fields,
    section: Vec<String>,
    is_index: bool,
    area: Option<Area>,
) -> Page {
    Page {
        title: f.text("title").unwrap_or_else(|| doc.id.clone()),
        summary: f.text("summary"),
        weight: f.int("weight").unwrap_or(0),
        tags: f.texts("tags"),
        audience: f.texts("audience"),
        toc: f.bool("toc").unwrap_or(true),
        section,
        is_index,
        area,
        doc,
    }
}

pub fn service(doc: Doc, f: &Fields, profile: Profile) -> Service {
    let mut stages = f.text_lists_by_key("stages");
    stages.sort_by_key(|(s, _)| STAGE.values.iter().position(|v| v == s));
    let internal = Internal {
        manager: f.text("manager"),
        maturity: f.int("maturity"),
        kpis: f
            .records("kpis")
            .iter()
            .map(|k| Kpi {
                name: k.text("name").unwrap_or_default(),
                target: k.text("target"),
                value: k.text("value"),
            })
            .collect(),
        process_notes: f.text("process_notes"),
        resources: f.texts("resources"),
    };
    Service {
        title: f.text("title").unwrap_or_default(),
        summary: f.text("summary"),
        holder: f.reference("holder").unwrap_or(Ref {
            id: String::new(),
            pos: f.pos,
        }),
        providers: f.references("providers"),
        audience: f.texts("audience"),
        service_type: f.text("type"),
        subtype: f.text("subtype"),
        legal_basis: f.text("legal_basis"),
        legal_acts: f.texts("legal_acts"),
        key_service: f.bool("key_service").unwrap_or(false),
        channels: f.texts("channels"),
        stages,
        support_levels: f.ints("support_levels"),
        life_situations: f.references("life_situations"),
        terms: f.references("terms"),
        cost: f.text("cost"),
        processing_time: f.text("processing_time"),
        documents: f.texts("documents"),
        output: f.text("output"),
        eservice_url: f.text("eservice_url"),
        keywords: f.texts("keywords"),
        unified: f.bool("unified").unwrap_or(false),
        template: f.reference("template"),
        internal: match profile {
            Profile::Internal => Some(internal),
            Profile::Public => None,
        },
        present: f
            .keys()
            .filter(|k| {
                !crate::schema::internal_keys(Kind::Service).any(|i| i == *k)
                    || profile == Profile::Internal
            })
            .collect(),
        doc,
    }
}

fn steps(f: &Fields, key: &str) -> Vec<Step> {
    f.records(key)
        .iter()
        .map(|s| Step {
            title: s.text("title").unwrap_or_default(),
            text: s.text("text"),
            services: s.references("services"),
        })
        .collect()
}

pub fn situation(doc: Doc, f: &Fields) -> Situation {
    Situation {
        title: f.text("title").unwrap_or_else(|| doc.id.clone()),
        summary: f.text("summary"),
        coordinator: f.reference("coordinator"),
        circumstances: f.texts("circumstances"),
        steps: steps(f, "steps"),
        groups: steps(f, "groups"),
        related: f.references("related"),
        keywords: f.texts("keywords"),
        doc,
    }
}

pub fn term(doc: Doc, f: &Fields) -> Term {
    Term {
        term: f.text("term").unwrap_or_else(|| doc.id.clone()),
        abbreviations: f.texts("abbreviations"),
        synonyms: f.texts("synonyms"),
        english: f.text("english"),
        related: f.references("related"),
        short: f.text("short"),
        doc,
    }
}

pub fn institution(file: &str, url: String, f: &Fields) -> Institution {
    let id = f.text("id").unwrap_or_default();
    Institution {
        pos: f.pos_of("id"),
        name: f.text("name").unwrap_or_else(|| id.clone()),
        short_name: f.text("short_name"),
        kind: f.text("kind"),
        parent: f.reference("parent"),
        website: f.text("url"),
        description: f.text("description"),
        file: file.to_string(),
        url,
        id,
    }
}

pub fn course(doc: Doc, f: &Fields) -> Course {
    Course {
        title: f.text("title").unwrap_or_else(|| doc.id.clone()),
        summary: f.text("summary"),
        weight: f.int("weight").unwrap_or(0),
        audience: f.texts("audience"),
        objectives: f.texts("objectives"),
        doc,
    }
}

pub fn lesson(doc: Doc, f: &Fields, course: String) -> Lesson {
    Lesson {
        title: f.text("title").unwrap_or_else(|| doc.id.clone()),
        summary: f.text("summary"),
        weight: f.int("weight"),
        duration: f.int("duration"),
        objectives: f.texts("objectives"),
        prerequisites: f.references("prerequisites"),
        course,
        doc,
    }
}
