//! The catalogue as CPSV-AP 3.2.0 JSON-LD: public services with their competent authority,
//! channels, cost, output, evidence, legal resources, audiences and life events, identified
//! by stable IRIs made from ids and the configured base IRI. The context is inline, so the
//! file is self-contained offline; the tests validate it against the official SHACL shapes.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::export::stream;
use crate::resolve::Site;
use crate::schema::Kind;

/// The JSON-LD context: the prefixes of the vocabularies CPSV-AP uses.
fn context() -> Value {
    json!({
        "cpsv": "http://purl.org/vocab/cpsv#",
        "cv": "http://data.europa.eu/m8g/",
        "dct": "http://purl.org/dc/terms/",
        "dcat": "http://www.w3.org/ns/dcat#",
        "eli": "http://data.europa.eu/eli/ontology#",
        "foaf": "http://xmlns.com/foaf/0.1/",
        "org": "http://www.w3.org/ns/org#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "atold": "http://publications.europa.eu/resource/authority/",
    })
}

fn lv(text: &str) -> Value {
    json!({"@language": "lv", "@value": text})
}

fn id(iri: String) -> Value {
    json!({"@id": iri})
}

/// Latvia in the EU authority table of countries.
const LATVIA: &str = "http://publications.europa.eu/resource/authority/country/LVA";

fn iri(site: &Site, kind: &str, id: &str) -> String {
    format!("{}{kind}/{id}", site.config.base_iri())
}

/// The IRI of service `i`: every node the service contributes has it as a prefix.
fn service_iri(site: &Site, i: usize) -> String {
    iri(site, "pakalpojums", &site.content.services[i].doc.id)
}

/// The concepts (IRI, label) service `i`'s nodes refer to: its audiences, type and channels.
fn service_concepts(site: &Site, i: usize, concepts: &mut Vec<(String, String)>) {
    let ui = &site.ui;
    let s = &site.content.services[i];
    for a in &s.audience {
        concepts.push((
            iri(site, "merkauditorija", a),
            ui.value("audience", a).to_string(),
        ));
    }
    if let Some(t) = &s.service_type {
        concepts.push((
            iri(site, "pakalpojuma-veids", t),
            ui.value("type", t).to_string(),
        ));
    }
    for ch in s.all_channels() {
        concepts.push((
            iri(site, "kanala-veids", ch),
            ui.value("channel", ch).to_string(),
        ));
    }
}

/// The nodes service `i` contributes (the service, its channels, cost, output, requirement,
/// evidence and legal resources); the concepts they refer to are [`service_concepts`].
fn service_nodes(site: &Site, i: usize) -> Vec<Value> {
    let ui = &site.ui;
    let c = &site.content;
    let iri = |kind: &str, id: &str| iri(site, kind, id);
    let mut nodes: Vec<Value> = Vec::new();
    let s = &c.services[i];
    {
        let sid = iri("pakalpojums", &s.doc.id);
        let description = s
            .summary
            .clone()
            .or_else(|| {
                Some(crate::resolve::markdown::first_sentence(&s.doc.body, 300))
                    .filter(|t| !t.is_empty())
            })
            .unwrap_or_else(|| s.title.clone());
        let mut node = json!({
            "@id": sid,
            "@type": "cpsv:PublicService",
            "dct:identifier": s.doc.id,
            "dct:title": lv(&s.title),
            "dct:description": lv(&description),
            "dct:language": id("http://publications.europa.eu/resource/authority/language/LAV".into()),
            "foaf:page": id(site.config.base_url.as_deref().map_or_else(|| s.doc.url.clone(), |b| format!("{}/{}", b.trim_end_matches('/'), s.doc.url))),
        });
        if site.find(Kind::Institution, &s.holder.id).is_some() {
            node["cv:hasCompetentAuthority"] = id(iri("iestade", &s.holder.id));
        }
        if !s.keywords.is_empty() {
            node["dcat:keyword"] = Value::Array(s.keywords.iter().map(|k| lv(k)).collect());
        }
        if !s.audience.is_empty() {
            node["dct:audience"] = Value::Array(
                s.audience
                    .iter()
                    .map(|a| id(iri("merkauditorija", a)))
                    .collect(),
            );
        }
        if let Some(t) = &s.service_type {
            node["dct:type"] = id(iri("pakalpojuma-veids", t));
        }
        let channels: Vec<&str> = s.all_channels();
        if !channels.is_empty() {
            node["cv:hasChannel"] = Value::Array(
                channels
                    .iter()
                    .map(|ch| id(format!("{sid}/kanals/{ch}")))
                    .collect(),
            );
        }
        for ch in &channels {
            let mut channel = json!({
                "@id": format!("{sid}/kanals/{ch}"),
                "@type": "cv:Channel",
                "dct:identifier": format!("{}/{ch}", s.doc.id),
                "dct:type": id(iri("kanala-veids", ch)),
            });
            if site.find(Kind::Institution, &s.holder.id).is_some() {
                channel["cv:ownedBy"] = id(iri("iestade", &s.holder.id));
            }
            nodes.push(channel);
        }
        if let Some(cost) = &s.cost {
            node["cv:hasCost"] = id(format!("{sid}/maksa"));
            nodes.push(json!({
                "@id": format!("{sid}/maksa"),
                "@type": "cv:Cost",
                "dct:identifier": format!("{}/maksa", s.doc.id),
                "dct:description": lv(cost),
            }));
        }
        if let Some(output) = &s.output {
            node["cpsv:produces"] = id(format!("{sid}/rezultats"));
            nodes.push(json!({
                "@id": format!("{sid}/rezultats"),
                "@type": "cv:Output",
                "dct:identifier": format!("{}/rezultats", s.doc.id),
                "dct:title": lv(output),
            }));
        }
        if !s.documents.is_empty() {
            let evidence: Vec<String> = (1..=s.documents.len())
                .map(|n| format!("{sid}/dokuments/{n}"))
                .collect();
            node["cpsv:hasInput"] = Value::Array(evidence.iter().map(|e| id(e.clone())).collect());
            node["cv:holdsRequirement"] = id(format!("{sid}/prasiba"));
            nodes.push(json!({
                "@id": format!("{sid}/prasiba"),
                "@type": "cv:Requirement",
                "dct:identifier": format!("{}/prasiba", s.doc.id),
                "dct:title": lv(ui.get("service.documents")),
                "cv:hasSupportingEvidence": evidence.iter().map(|e| id(e.clone())).collect::<Vec<_>>(),
            }));
            for (n, (doc, e)) in s.documents.iter().zip(&evidence).enumerate() {
                nodes.push(json!({
                    "@id": e,
                    "@type": "cv:Evidence",
                    "dct:identifier": format!("{}/dokuments/{}", s.doc.id, n + 1),
                    "dct:title": lv(doc),
                    "cv:supportsRequirement": id(format!("{sid}/prasiba")),
                }));
            }
        }
        if !s.legal_acts.is_empty() {
            let acts: Vec<String> = (1..=s.legal_acts.len())
                .map(|n| format!("{sid}/tiesibu-akts/{n}"))
                .collect();
            node["cv:hasLegalResource"] =
                Value::Array(acts.iter().map(|a| id(a.clone())).collect());
            for (act, a) in s.legal_acts.iter().zip(&acts) {
                nodes.push(json!({"@id": a, "@type": "eli:LegalResource", "dct:title": lv(act)}));
            }
        }
        let events: Vec<Value> = site.service_situations[i]
            .iter()
            .map(|&si| id(iri("dzives-situacija", &c.situations[si].doc.id)))
            .collect();
        if !events.is_empty() {
            node["cv:isGroupedBy"] = Value::Array(events);
        }
        if let Some(t) = s
            .template
            .as_ref()
            .filter(|t| site.find(Kind::Service, &t.id).is_some())
        {
            node["cv:relatedService"] = id(iri("pakalpojums", &t.id));
        }
        nodes.push(node);
    }
    nodes
}

/// Every node that is not a service's: Latvia, institutions, life situations, the concepts
/// `concepts` (sorted, deduplicated here) and the language.
fn other_nodes(site: &Site, mut concepts: Vec<(String, String)>) -> Vec<Value> {
    let c = &site.content;
    let iri = |kind: &str, id: &str| iri(site, kind, id);
    let mut nodes: Vec<Value> = Vec::new();
    nodes.push(json!({"@id": LATVIA, "@type": "dct:Location", "skos:prefLabel": lv("Latvija")}));
    for inst in &c.institutions {
        let mut node = json!({
            "@id": iri("iestade", &inst.id),
            "@type": ["cv:PublicOrganisation", "org:Organization"],
            "dct:identifier": inst.id,
            "skos:prefLabel": lv(&inst.name),
            "dct:spatial": id(LATVIA.to_string()),
        });
        if let Some(short) = &inst.short_name {
            node["skos:altLabel"] = lv(short);
        }
        if let Some(w) = &inst.website {
            node["foaf:homepage"] = id(w.clone());
        }
        nodes.push(node);
    }
    for sit in &c.situations {
        let services: Vec<Value> = sit
            .service_refs()
            .filter(|r| site.find(Kind::Service, &r.id).is_some())
            .map(|r| id(iri("pakalpojums", &r.id)))
            .collect();
        let mut node = json!({
            "@id": iri("dzives-situacija", &sit.doc.id),
            "@type": ["cv:LifeEvent", "cv:Event"],
            "dct:identifier": sit.doc.id,
            "dct:title": lv(&sit.title),
            "cv:hasRelatedService": services,
        });
        if let Some(summary) = &sit.summary {
            node["dct:description"] = lv(summary);
        }
        nodes.push(node);
    }
    concepts.sort();
    concepts.dedup();
    for (c_iri, label) in concepts {
        nodes.push(json!({"@id": c_iri, "@type": "skos:Concept", "skos:prefLabel": lv(&label)}));
    }
    nodes.push(json!({
        "@id": "http://publications.europa.eu/resource/authority/language/LAV",
        "@type": "dct:LinguisticSystem",
    }));
    nodes
}

fn node_id(node: &Value) -> &str {
    node["@id"].as_str().unwrap_or_default()
}

/// The whole catalogue graph, nodes sorted by IRI (what [`write`] streams).
/// Kept for the test that checks the streamed export against it.
#[cfg(test)]
pub(crate) fn graph(site: &Site) -> Value {
    let mut concepts = Vec::new();
    let mut nodes: Vec<Value> = (0..site.content.services.len())
        .flat_map(|i| {
            service_concepts(site, i, &mut concepts);
            service_nodes(site, i)
        })
        .collect();
    nodes.extend(other_nodes(site, concepts));
    nodes.sort_by(|a, b| node_id(a).cmp(node_id(b)));
    json!({"@context": context(), "@graph": nodes})
}

/// Services whose nodes are made in parallel at a time.
const BATCH: usize = 1024;

/// Writes [`graph`] pretty-printed into `out`, byte for byte as `serde_json` prints the whole
/// graph, without ever holding it: services are visited in IRI order, a batch at a time, and
/// since every node of a service has the service's IRI as a prefix, a node can be written as
/// soon as the next service's IRI sorts after it.
pub(crate) fn write(site: &Site, out: &mut crate::write::Sink<'_>) {
    let n = site.content.services.len();
    let mut concepts = Vec::new();
    for i in 0..n {
        service_concepts(site, i, &mut concepts);
    }
    let mut others = other_nodes(site, concepts);
    others.sort_by(|a, b| node_id(a).cmp(node_id(b)));
    let mut others = others.into_iter().peekable();
    let mut order: Vec<(String, usize)> = (0..n).map(|i| (service_iri(site, i), i)).collect();
    order.sort();
    // Nodes made and printed but not yet written, by (IRI, arrival).
    let mut pending: BTreeMap<(String, usize), Vec<u8>> = BTreeMap::new();
    let mut seq = 0usize;
    let mut doc = stream::Object::new(out, 0);
    doc.value("@context", &context());
    let mut graph = doc.array("@graph");
    // Writes, in IRI order, every node whose IRI sorts before `bound` (all when `None`).
    let mut flush = |graph: &mut stream::Array<'_, '_>,
                     pending: &mut BTreeMap<(String, usize), Vec<u8>>,
                     bound: Option<&str>| loop {
        let next_pending = pending.first_key_value().map(|((id, _), _)| id.as_str());
        let next_other = others.peek().map(node_id);
        let take_other = match (next_other, next_pending) {
            (Some(o), Some(p)) => o < p,
            (Some(_), None) => true,
            (None, _) => false,
        };
        let Some(id) = (if take_other { next_other } else { next_pending }) else {
            return;
        };
        if bound.is_some_and(|b| id >= b) {
            return;
        }
        if take_other {
            if let Some(node) = others.next() {
                graph.push(&node);
            }
        } else if let Some((_, printed)) = pending.pop_first() {
            graph.push_printed(&printed);
        }
    };
    let depth = graph.element_depth();
    for batch in order.chunks(BATCH) {
        // Made and printed in parallel; only the writing in order is one thread's.
        let made: Vec<Vec<(String, Vec<u8>)>> = batch
            .par_iter()
            .map(|(_, i)| {
                service_nodes(site, *i)
                    .iter()
                    .map(|node| (node_id(node).to_string(), stream::printed(node, depth)))
                    .collect()
            })
            .collect();
        for ((sid, _), nodes) in batch.iter().zip(made) {
            flush(&mut graph, &mut pending, Some(sid));
            for (node_iri, printed) in nodes {
                pending.insert((node_iri, seq), printed);
                seq += 1;
            }
        }
    }
    flush(&mut graph, &mut pending, None);
    graph.finish();
    doc.finish();
}
