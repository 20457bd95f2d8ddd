//! The catalogue as plain JSON (services, life situations, institutions, terms) and its JSON
//! Schema. Allowed values in the schema come from the same lists the validator uses.

use serde_json::{Value, json};

use crate::export::stream;
use crate::resolve::Site;
use crate::schema::{EnumDef, Kind, Req, SERVICE, Ty};

fn date(d: Option<jiff::civil::Date>) -> Value {
    d.map_or(Value::Null, |d| json!(d.to_string()))
}

/// A service: its declared public fields (see [`crate::schema`]), with the channels and life
/// situations as derived in resolve, and what the export adds (id, URL, variants, …).
fn service(site: &Site, i: usize) -> Value {
    let c = &site.content;
    let s = &c.services[i];
    let mut record: serde_json::Map<String, Value> = s
        .field_values()
        .into_iter()
        .map(|(key, value)| (key.to_string(), value))
        .collect();
    let derived = [
        ("id", json!(s.doc.id)),
        ("url", json!(s.doc.url)),
        ("channels", json!(s.all_channels())),
        ("fully_electronic", json!(s.fully_electronic())),
        (
            "life_situations",
            json!(
                site.service_situations[i]
                    .iter()
                    .map(|&si| &c.situations[si].doc.id)
                    .collect::<Vec<_>>()
            ),
        ),
        ("updated", date(s.doc.updated)),
        (
            "variants",
            json!(
                site.variants[i]
                    .iter()
                    .map(|&v| &c.services[v].doc.id)
                    .collect::<Vec<_>>()
            ),
        ),
    ];
    for (key, value) in derived {
        record.insert(key.to_string(), value);
    }
    if let Some(t) = translations(site, Kind::Service, &s.doc.id, |e, j| {
        let s = &e.content.services[j];
        json!({"title": s.title, "summary": s.summary, "keywords": s.keywords, "url": s.doc.url})
    }) {
        record.insert("translations".into(), t);
    }
    Value::Object(record)
}

/// The record's free text in each other edition that translates it, by language, with the
/// path of its page there (from the output's root); `None` when no edition does.
fn translations(
    site: &Site,
    kind: Kind,
    id: &str,
    text: impl Fn(&Site, usize) -> Value,
) -> Option<Value> {
    let found = crate::export::translations(site, kind, id);
    if found.is_empty() {
        return None;
    }
    Some(Value::Object(
        found
            .into_iter()
            .map(|(lang, e, j)| {
                let mut v = text(e, j);
                if let Some(url) = v.get("url").and_then(Value::as_str) {
                    v["url"] = json!(format!("{}{url}", e.edition.prefix));
                }
                (lang.to_string(), v)
            })
            .collect(),
    ))
}

/// How a record writes the declared fields of its kind (see [`crate::schema`]): all those
/// kept on the object, but for the few another part of the record says, and under their
/// key unless renamed.
struct Declared {
    /// The keys kept on the object ([`crate::model::Situation::KEYS`], …).
    keys: &'static [&'static str],
    fields: &'static [crate::schema::Field],
    left_out: &'static [&'static str],
    renamed: &'static [(&'static str, &'static str)],
}

impl Declared {
    fn name(&self, key: &'static str) -> Option<&'static str> {
        if self.left_out.contains(&key) {
            return None;
        }
        Some(
            self.renamed
                .iter()
                .find(|(from, _)| *from == key)
                .map_or(key, |(_, to)| to),
        )
    }

    /// A record's declared fields.
    fn record(&self, values: Vec<(&'static str, Value)>) -> serde_json::Map<String, Value> {
        values
            .into_iter()
            .filter_map(|(key, value)| Some((self.name(key)?.to_string(), value)))
            .collect()
    }

    /// The JSON Schema properties of the declared fields.
    fn properties(&self) -> serde_json::Map<String, Value> {
        self.fields
            .iter()
            .filter(|f| self.keys.contains(&f.key))
            .filter_map(|f| {
                Some((
                    self.name(f.key)?.to_string(),
                    optional(f, value_schema(&f.ty)),
                ))
            })
            .collect()
    }
}

/// A life situation's declared fields; its keywords are for search only.
const SITUATION: Declared = Declared {
    keys: crate::model::Situation::KEYS,
    fields: crate::schema::SITUATION,
    left_out: &["keywords"],
    renamed: &[],
};

/// A term's declared fields; its short definition is the record's `definition`, as resolved
/// (the body's first sentence when the front matter gives none).
const TERM: Declared = Declared {
    keys: crate::model::Term::KEYS,
    fields: crate::schema::TERM,
    left_out: &["short"],
    renamed: &[],
};

/// An institution's declared fields; its description is Markdown for its page, and its own
/// website is `website` because `url` is its page's address, as in every record.
const INSTITUTION: Declared = Declared {
    keys: crate::model::Institution::KEYS,
    fields: crate::schema::INSTITUTION,
    left_out: &["description"],
    renamed: &[("url", "website")],
};

fn situation(site: &Site, s: &crate::model::Situation) -> Value {
    let mut v = SITUATION.record(s.field_values());
    v.insert("id".into(), json!(s.doc.id));
    v.insert("url".into(), json!(s.doc.url));
    v.insert("updated".into(), date(s.doc.updated));
    if let Some(t) = translations(site, Kind::Situation, &s.doc.id, |e, j| {
        let s = &e.content.situations[j];
        json!({"title": s.title, "summary": s.summary, "circumstances": s.circumstances,
            "steps": s.steps.iter().map(|st| json!({"title": st.title, "text": st.text})).collect::<Vec<_>>(),
            "url": s.doc.url})
    }) {
        v.insert("translations".into(), t);
    }
    Value::Object(v)
}

fn institution(site: &Site, i: &crate::model::Institution) -> Value {
    let mut v = INSTITUTION.record(i.field_values());
    v.insert("url".into(), json!(i.url));
    if let Some(t) = translations(site, Kind::Institution, &i.id, |e, j| {
        let i = &e.content.institutions[j];
        json!({"name": i.name, "short_name": i.short_name, "url": i.url})
    }) {
        v.insert("translations".into(), t);
    }
    Value::Object(v)
}

fn term(site: &Site, n: usize) -> Value {
    let t = &site.content.terms[n];
    let mut v = TERM.record(t.field_values());
    v.insert("id".into(), json!(t.doc.id));
    v.insert("url".into(), json!(t.doc.url));
    v.insert("source".into(), json!(t.doc.source.as_ref().map(|r| &r.id)));
    v.insert(
        "definition".into(),
        json!(site.glossary.terms.get(n).map(|x| x.short.clone())),
    );
    if let Some(tr) = translations(site, Kind::Term, &t.doc.id, |e, j| {
        let t = &e.content.terms[j];
        json!({"term": t.term, "definition": e.glossary.terms.get(j).map(|x| x.short.clone()), "url": t.doc.url})
    }) {
        v.insert("translations".into(), tr);
    }
    Value::Object(v)
}

/// Indices `0..n` ordered by the id `id(i)` (the order of every list in the catalogue).
fn by_id<'s>(n: usize, id: impl Fn(usize) -> &'s str) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| id(a).cmp(id(b)));
    order
}

/// The four record lists, each as (key, records in id order).
fn lists(site: &Site) -> [(&'static str, Vec<usize>); 4] {
    let c = &site.content;
    [
        (
            "institutions",
            by_id(c.institutions.len(), |i| c.institutions[i].id.as_str()),
        ),
        (
            "life_situations",
            by_id(c.situations.len(), |i| c.situations[i].doc.id.as_str()),
        ),
        (
            "services",
            by_id(c.services.len(), |i| c.services[i].doc.id.as_str()),
        ),
        (
            "terms",
            by_id(c.terms.len(), |i| c.terms[i].doc.id.as_str()),
        ),
    ]
}

fn record(site: &Site, list: &str, i: usize) -> Value {
    let c = &site.content;
    match list {
        "institutions" => institution(site, &c.institutions[i]),
        "life_situations" => situation(site, &c.situations[i]),
        "services" => service(site, i),
        _ => term(site, i),
    }
}

/// Every record of the catalogue, sorted by id.
/// Kept for the test that checks the streamed export against it.
#[cfg(test)]
pub(crate) fn catalogue(site: &Site) -> Value {
    let mut doc = serde_json::Map::new();
    doc.insert("$schema".into(), json!("katalogs.schema.json"));
    doc.insert("title".into(), json!(site.config.title));
    doc.insert("licence".into(), json!(site.config.data.licence));
    for (key, order) in lists(site) {
        let records: Vec<Value> = order.iter().map(|&i| record(site, key, i)).collect();
        doc.insert(key.into(), Value::Array(records));
    }
    Value::Object(doc)
}

/// Writes [`catalogue`] pretty-printed into `out`, byte for byte as `serde_json` prints it,
/// one record at a time.
pub(crate) fn write(site: &Site, out: &mut crate::write::Sink<'_>) {
    let [institutions, situations, services, terms] = lists(site);
    let mut doc = stream::Object::new(out, 0);
    doc.value("$schema", &json!("katalogs.schema.json"));
    let list = |doc: &mut stream::Object<'_, '_>, (key, order): (&str, Vec<usize>)| {
        let mut a = doc.array(key);
        for i in order {
            a.push(&record(site, key, i));
        }
        a.finish();
    };
    list(&mut doc, institutions);
    doc.value("licence", &json!(site.config.data.licence));
    list(&mut doc, situations);
    list(&mut doc, services);
    list(&mut doc, terms);
    doc.value("title", &json!(site.config.title));
    doc.finish();
}

fn enumeration(def: &EnumDef) -> Value {
    json!({"type": "string", "enum": def.values})
}

fn nullable(schema: Value) -> Value {
    json!({"anyOf": [schema, {"type": "null"}]})
}

/// The JSON Schema of a declared field's value (see [`crate::schema`]).
fn value_schema(ty: &Ty) -> Value {
    match ty {
        Ty::Text | Ty::Markdown => json!({"type": "string"}),
        Ty::Bool => json!({"type": "boolean"}),
        Ty::Int { min, max } => json!({"type": "integer", "minimum": min, "maximum": max}),
        Ty::Date => json!({"type": "string", "format": "date"}),
        Ty::Url => json!({"type": "string", "format": "uri"}),
        Ty::Slug | Ty::Ref(_) => json!({"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}),
        Ty::Enum(def) => enumeration(def),
        Ty::List(item) => json!({"type": "array", "items": value_schema(item)}),
        Ty::Email => json!({"type": "string", "format": "email"}),
        Ty::Phone => json!({"type": "string", "pattern": "^\\+?[0-9 ()-]+$"}),
        // Written as text or as a mapping, exported as the mapping.
        Ty::Record(fields) | Ty::TextOr(fields) => json!({"type": "object", "properties": fields
            .iter()
            .map(|f| (f.key.to_string(), optional(f, value_schema(&f.ty))))
            .collect::<serde_json::Map<_, _>>()}),
        Ty::Map { keys, value } => json!({"type": "object", "additionalProperties": false,
            "properties": keys
                .values
                .iter()
                .map(|k| (k.to_string(), value_schema(value)))
                .collect::<serde_json::Map<_, _>>()}),
    }
}

/// A declared field's schema as exported: an optional single value may be null.
fn optional(f: &crate::schema::Field, schema: Value) -> Value {
    let scalar = !matches!(f.ty, Ty::List(_) | Ty::Map { .. } | Ty::Bool);
    if f.req == Req::No && scalar {
        nullable(schema)
    } else {
        schema
    }
}

/// A service record's properties: its declared public fields (an optional single value may
/// be null; the id is always set; the holder is any text) and what [`service`] adds.
fn service_properties() -> Value {
    let mut props: serde_json::Map<String, Value> = SERVICE
        .iter()
        .filter(|f| !f.internal && f.key != "source")
        .map(|f| (f.key.to_string(), optional(f, value_schema(&f.ty))))
        .collect();
    props.insert("id".into(), value_schema(&Ty::Slug));
    props.insert("holder".into(), json!({"type": "string"}));
    props.insert("url".into(), json!({"type": "string"}));
    props.insert("fully_electronic".into(), json!({"type": "boolean"}));
    props.insert(
        "variants".into(),
        json!({"type": "array", "items": value_schema(&Ty::Slug)}),
    );
    props.insert("translations".into(), translations_schema());
    Value::Object(props)
}

/// A record's `translations`: per language code, its free text there and its page's path.
fn translations_schema() -> Value {
    json!({"type": "object", "additionalProperties": {"type": "object", "required": ["url"],
        "properties": {"url": {"type": "string"}}}})
}

/// A life situation record's properties: its declared fields and what [`situation`] adds.
fn situation_properties() -> Value {
    let mut props = SITUATION.properties();
    props.insert("id".into(), value_schema(&Ty::Slug));
    props.insert("url".into(), json!({"type": "string"}));
    props.insert(
        "updated".into(),
        nullable(json!({"type": "string", "format": "date"})),
    );
    props.insert("translations".into(), translations_schema());
    Value::Object(props)
}

/// An institution record's properties: its declared fields and its page's `url`.
fn institution_properties() -> Value {
    let mut props = INSTITUTION.properties();
    props.insert("url".into(), json!({"type": "string"}));
    props.insert("translations".into(), translations_schema());
    Value::Object(props)
}

/// A term record's properties: its declared fields and what [`term`] adds.
fn term_properties() -> Value {
    let mut props = TERM.properties();
    props.insert("id".into(), value_schema(&Ty::Slug));
    props.insert("url".into(), json!({"type": "string"}));
    props.insert("source".into(), nullable(json!({"type": "string"})));
    props.insert("definition".into(), nullable(json!({"type": "string"})));
    props.insert("translations".into(), translations_schema());
    Value::Object(props)
}

/// JSON Schema (draft 2020-12) of [`catalogue`].
pub(crate) fn schema() -> Value {
    let text = || json!({"type": "string"});
    let record = |props: Value, required: &[&str]| json!({"type": "object", "additionalProperties": false, "required": required, "properties": props});
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "katalogs.schema.json",
        "title": "katalogs: pakalpojumu katalogs",
        "type": "object",
        "required": ["services", "life_situations", "institutions", "terms"],
        "properties": {
            "$schema": text(),
            "title": text(),
            "licence": text(),
            "services": {"type": "array", "items": record(service_properties(), &["id", "url", "title", "holder", "channels", "fully_electronic"])},
            "life_situations": {"type": "array", "items": record(situation_properties(), &["id", "url", "title"])},
            "institutions": {"type": "array", "items": record(institution_properties(), &["id", "url", "name"])},
            "terms": {"type": "array", "items": record(term_properties(), &["id", "url", "term"])},
        },
    })
}
