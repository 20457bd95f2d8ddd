//! The catalogue as plain JSON (services, life situations, institutions, terms) and its JSON
//! Schema. Allowed values in the schema come from the same lists the validator uses.

use serde_json::{Value, json};

use crate::export::stream;
use crate::resolve::Site;
use crate::schema::{EnumDef, INSTITUTION_KIND, Req, SERVICE, Ty};

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
    Value::Object(record)
}

fn situation(s: &crate::model::Situation) -> Value {
    let steps = |list: &[crate::model::Step]| -> Vec<Value> {
        list.iter()
            .map(|st| json!({"title": st.title, "text": st.text, "services": st.services.iter().map(|r| &r.id).collect::<Vec<_>>()}))
            .collect()
    };
    json!({
        "id": s.doc.id,
        "url": s.doc.url,
        "title": s.title,
        "summary": s.summary,
        "coordinator": s.coordinator.as_ref().map(|r| &r.id),
        "circumstances": s.circumstances,
        "steps": steps(&s.steps),
        "groups": steps(&s.groups),
        "related": s.related.iter().map(|r| &r.id).collect::<Vec<_>>(),
        "updated": date(s.doc.updated),
    })
}

fn institution(i: &crate::model::Institution) -> Value {
    json!({
        "id": i.id,
        "url": i.url,
        "name": i.name,
        "short_name": i.short_name,
        "kind": i.kind,
        "parent": i.parent.as_ref().map(|r| &r.id),
        "website": i.website,
    })
}

fn term(site: &Site, n: usize) -> Value {
    let t = &site.content.terms[n];
    json!({
        "id": t.doc.id,
        "url": t.doc.url,
        "term": t.term,
        "abbreviations": t.abbreviations,
        "synonyms": t.synonyms,
        "english": t.english,
        "source": t.doc.source.as_ref().map(|r| &r.id),
        "related": t.related.iter().map(|r| &r.id).collect::<Vec<_>>(),
        "definition": site.glossary.terms.get(n).map(|x| x.short.clone()),
    })
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
        "institutions" => institution(&c.institutions[i]),
        "life_situations" => situation(&c.situations[i]),
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
        Ty::Record(fields) => json!({"type": "object", "properties": fields
            .iter()
            .map(|f| (f.key.to_string(), value_schema(&f.ty)))
            .collect::<serde_json::Map<_, _>>()}),
        Ty::Map { keys, value } => json!({"type": "object", "additionalProperties": false,
            "properties": keys
                .values
                .iter()
                .map(|k| (k.to_string(), value_schema(value)))
                .collect::<serde_json::Map<_, _>>()}),
    }
}

/// A service record's properties: its declared public fields (an optional single value may
/// be null; the id is always set; the holder is any text) and what [`service`] adds.
fn service_properties() -> Value {
    let mut props: serde_json::Map<String, Value> = SERVICE
        .iter()
        .filter(|f| !f.internal && f.key != "source")
        .map(|f| {
            let schema = value_schema(&f.ty);
            let scalar = !matches!(f.ty, Ty::List(_) | Ty::Map { .. } | Ty::Bool);
            let schema = if f.req == Req::No && scalar {
                nullable(schema)
            } else {
                schema
            };
            (f.key.to_string(), schema)
        })
        .collect();
    props.insert("id".into(), value_schema(&Ty::Slug));
    props.insert("holder".into(), json!({"type": "string"}));
    props.insert("url".into(), json!({"type": "string"}));
    props.insert("fully_electronic".into(), json!({"type": "boolean"}));
    props.insert(
        "variants".into(),
        json!({"type": "array", "items": value_schema(&Ty::Slug)}),
    );
    Value::Object(props)
}

/// JSON Schema (draft 2020-12) of [`catalogue`].
pub(crate) fn schema() -> Value {
    let text = || json!({"type": "string"});
    let id = || json!({"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"});
    let ids = || json!({"type": "array", "items": id()});
    let texts = || json!({"type": "array", "items": {"type": "string"}});
    let date = || nullable(json!({"type": "string", "format": "date"}));
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
            "life_situations": {"type": "array", "items": record(json!({
                "id": id(), "url": text(), "title": text(), "summary": nullable(text()),
                "coordinator": nullable(id()), "circumstances": texts(),
                "steps": {"type": "array", "items": {"type": "object", "properties": {"title": text(), "text": nullable(text()), "services": ids()}}},
                "groups": {"type": "array", "items": {"type": "object", "properties": {"title": text(), "text": nullable(text()), "services": ids()}}},
                "related": ids(), "updated": date(),
            }), &["id", "url", "title"])},
            "institutions": {"type": "array", "items": record(json!({
                "id": id(), "url": text(), "name": text(), "short_name": nullable(text()),
                "kind": nullable(enumeration(&INSTITUTION_KIND)), "parent": nullable(id()),
                "website": nullable(json!({"type": "string", "format": "uri"})),
            }), &["id", "url", "name"])},
            "terms": {"type": "array", "items": record(json!({
                "id": id(), "url": text(), "term": text(), "abbreviations": texts(), "synonyms": texts(),
                "english": nullable(text()), "source": nullable(text()), "related": ids(),
                "definition": nullable(text()),
            }), &["id", "url", "term"])},
        },
    })
}
