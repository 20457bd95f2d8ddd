//! The catalogue as CPSV-AP 3.2.0 JSON-LD: public services with their competent authority,
//! channels, cost, output, evidence, legal resources, audiences and life events, identified
//! by stable IRIs made from ids and the configured base IRI. The context is inline, so the
//! file is self-contained offline; the tests validate it against the official SHACL shapes.

use serde_json::{Value, json};

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

/// The whole catalogue graph.
pub fn graph(site: &Site) -> Value {
    let base = site.config.base_iri();
    let ui = &site.ui;
    let c = &site.content;
    let iri = |kind: &str, id: &str| format!("{base}{kind}/{id}");
    let mut nodes: Vec<Value> = Vec::new();
    nodes.push(json!({"@id": LATVIA, "@type": "dct:Location", "skos:prefLabel": lv("Latvija")}));
    let mut concepts: Vec<(String, String)> = Vec::new();
    for (i, s) in c.services.iter().enumerate() {
        let sid = iri("pakalpojums", &s.doc.id);
        let description = s
            .summary
            .clone()
            .or_else(|| {
                Some(crate::markdown::first_sentence(&s.doc.body, 300)).filter(|t| !t.is_empty())
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
                    .map(|a| {
                        concepts.push((
                            iri("merkauditorija", a),
                            ui.value("audience", a).to_string(),
                        ));
                        id(iri("merkauditorija", a))
                    })
                    .collect(),
            );
        }
        if let Some(t) = &s.service_type {
            concepts.push((iri("pakalpojuma-veids", t), ui.value("type", t).to_string()));
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
            concepts.push((iri("kanala-veids", ch), ui.value("channel", ch).to_string()));
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
    nodes.sort_by(|a, b| a["@id"].as_str().cmp(&b["@id"].as_str()));
    json!({"@context": context(), "@graph": nodes})
}
