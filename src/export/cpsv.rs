//! The catalogue as CPSV-AP 3.2.0 JSON-LD: public services with their competent authority,
//! channels, cost (and how it is paid), processing time (an `xsd:duration` only when the
//! text is a plain number of days, weeks, months or years), output, requirements
//! (identification; the documents needed, each `cv:Evidence`, once-only ones saying so),
//! contact point (the card's, else its holder's), the rules they follow (legal basis
//! implementing the legal acts; how to appeal), languages, audiences and life events,
//! identified by stable IRIs made from ids and the configured base IRI. The context is
//! inline, so the file is self-contained offline; the tests validate it against the official
//! SHACL shapes.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::export::stream;
use crate::model::Contact;
use crate::resolve::Site;
use crate::schema::{AUTHENTICATION, Kind, LEGAL_BASIS, PAYMENT_METHOD};

/// The JSON-LD context: the prefixes of the vocabularies CPSV-AP uses.
fn context() -> Value {
    json!({
        "cpsv": "http://purl.org/vocab/cpsv#",
        "cv": "http://data.europa.eu/m8g/",
        "dct": "http://purl.org/dc/terms/",
        "dcat": "http://www.w3.org/ns/dcat#",
        "eli": "http://data.europa.eu/eli/ontology#",
        "foaf": "http://xmlns.com/foaf/0.1/",
        "locn": "http://www.w3.org/ns/locn#",
        "org": "http://www.w3.org/ns/org#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "time": "http://www.w3.org/2006/time#",
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

/// The EU authority table of languages.
const LANGUAGE_TABLE: &str = "http://publications.europa.eu/resource/authority/language/";

/// The EU authority table's code of an ISO 639-1 language of [`crate::schema::LANGUAGE`].
fn authority_language(code: &str) -> Option<&'static str> {
    Some(match code {
        "lv" => "LAV",
        "en" => "ENG",
        "ru" => "RUS",
        "uk" => "UKR",
        "be" => "BEL",
        "lt" => "LIT",
        "et" => "EST",
        "pl" => "POL",
        "de" => "DEU",
        "fr" => "FRA",
        "es" => "SPA",
        "it" => "ITA",
        "pt" => "POR",
        "nl" => "NLD",
        "sv" => "SWE",
        "fi" => "FIN",
        "da" => "DAN",
        "cs" => "CES",
        "sk" => "SLK",
        "sl" => "SLV",
        "hr" => "HRV",
        "hu" => "HUN",
        "ro" => "RON",
        "bg" => "BUL",
        "el" => "ELL",
        "ga" => "GLE",
        "mt" => "MLT",
        "no" => "NOR",
        "is" => "ISL",
        "tr" => "TUR",
        "zh" => "ZHO",
        "ar" => "ARA",
        _ => return None,
    })
}

/// The IRIs of the languages a service is offered in: its `languages`, else Latvian (the
/// language the catalogue describes it in).
fn language_iris(s: &crate::model::Service) -> Vec<String> {
    let codes: Vec<&str> = if s.languages.is_empty() {
        vec!["LAV"]
    } else {
        s.languages
            .iter()
            .filter_map(|l| authority_language(l))
            .collect()
    };
    codes
        .into_iter()
        .map(|c| format!("{LANGUAGE_TABLE}{c}"))
        .collect()
}

/// A processing time as an `xsd:duration`, only when the text is nothing but a number of
/// calendar days, weeks, months or years ("30 dienas", "1 mēneša laikā"); working days and
/// anything else are no duration, and the text is left out rather than guessed at.
pub(crate) fn duration(text: &str) -> Option<String> {
    let lower = text.trim().trim_end_matches('.').to_lowercase();
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    if words.last() == Some(&"laikā") {
        words.pop();
    }
    if words.get(1) == Some(&"kalendāra") {
        words.remove(1);
    }
    let [n, unit] = words.as_slice() else {
        return None;
    };
    let n: u32 = n.parse().ok().filter(|n| *n > 0)?;
    let designator = match *unit {
        "diena" | "dienas" | "dienu" | "dienām" | "dienās" => "D",
        "nedēļa" | "nedēļas" | "nedēļu" | "nedēļām" => "W",
        "mēnesis" | "mēneši" | "mēneša" | "mēnešu" | "mēnešiem" => "M",
        "gads" | "gadi" | "gada" | "gadu" | "gadiem" => "Y",
        _ => return None,
    };
    Some(format!("P{n}{designator}"))
}

/// The contact point node of `contact` at `at` (its opening hours and address as nodes of
/// their own under it, as CPSV-AP models them).
fn contact_nodes(at: &str, identifier: &str, contact: &Contact, nodes: &mut Vec<Value>) {
    let mut node = json!({
        "@id": at,
        "@type": "cv:ContactPoint",
        "dct:identifier": identifier,
    });
    if let Some(phone) = &contact.phone {
        node["cv:telephone"] = json!(phone);
    }
    if let Some(email) = &contact.email {
        node["cv:email"] = json!(email);
    }
    if let Some(hours) = &contact.opening_hours {
        node["cv:openingHours"] = id(format!("{at}/darba-laiks"));
        nodes.push(json!({
            "@id": format!("{at}/darba-laiks"),
            "@type": "time:TemporalEntity",
            "dct:description": lv(hours),
        }));
    }
    if let Some(address) = &contact.address {
        node["locn:address"] = id(format!("{at}/adrese"));
        nodes.push(json!({
            "@id": format!("{at}/adrese"),
            "@type": "locn:Address",
            "locn:fullAddress": lv(address),
        }));
    }
    nodes.push(node);
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
            "dct:language": language_iris(s).into_iter().map(id).collect::<Vec<_>>(),
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
        // The cost as written (it has no structured amount), and how it is paid.
        let payment = (!s.payment_methods.is_empty()).then(|| match s.payment_methods.as_slice() {
            [only] if PAYMENT_METHOD.alone.contains(&only.as_str()) => {
                ui.value(PAYMENT_METHOD.name, only).to_string()
            }
            _ => format!(
                "{}: {}",
                ui.get("service.payment_methods"),
                s.payment_methods
                    .iter()
                    .map(|p| ui.value(PAYMENT_METHOD.name, p))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
        let cost_text: Vec<&str> = s
            .cost
            .iter()
            .map(String::as_str)
            .chain(payment.as_deref())
            .collect();
        if !cost_text.is_empty() {
            node["cv:hasCost"] = id(format!("{sid}/maksa"));
            nodes.push(json!({
                "@id": format!("{sid}/maksa"),
                "@type": "cv:Cost",
                "dct:identifier": format!("{}/maksa", s.doc.id),
                "dct:description": lv(&cost_text.join(". ")),
            }));
        }
        if let Some(d) = s.processing_time.as_deref().and_then(duration) {
            node["cv:processingTime"] = json!({"@value": d, "@type": "xsd:duration"});
        }
        let holder = site
            .find(Kind::Institution, &s.holder.id)
            .map(|h| &c.institutions[h]);
        if let Some(contact) = &s.contact {
            node["cv:contactPoint"] = id(format!("{sid}/kontakti"));
            contact_nodes(
                &format!("{sid}/kontakti"),
                &format!("{}/kontakti", s.doc.id),
                contact,
                &mut nodes,
            );
        } else if let Some(h) = holder.filter(|h| h.contact.is_some()) {
            node["cv:contactPoint"] = id(iri("iestade", &format!("{}/kontakti", h.id)));
        }
        if !s.authentication.is_empty() {
            let methods: Vec<&str> = s
                .authentication
                .iter()
                .map(|a| ui.value(AUTHENTICATION.name, a))
                .collect();
            let mut requirements = vec![id(format!("{sid}/identifikacija"))];
            nodes.push(json!({
                "@id": format!("{sid}/identifikacija"),
                "@type": "cv:Requirement",
                "dct:identifier": format!("{}/identifikacija", s.doc.id),
                "dct:title": lv(ui.get("service.authentication")),
                "dct:description": lv(&methods.join(", ")),
            }));
            if !s.documents.is_empty() {
                requirements.push(id(format!("{sid}/prasiba")));
            }
            node["cv:holdsRequirement"] = Value::Array(requirements);
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
            if s.authentication.is_empty() {
                node["cv:holdsRequirement"] = id(format!("{sid}/prasiba"));
            }
            nodes.push(json!({
                "@id": format!("{sid}/prasiba"),
                "@type": "cv:Requirement",
                "dct:identifier": format!("{}/prasiba", s.doc.id),
                "dct:title": lv(ui.get("service.documents")),
                "cv:hasSupportingEvidence": evidence.iter().map(|e| id(e.clone())).collect::<Vec<_>>(),
            }));
            for (n, (doc, e)) in s.documents.iter().zip(&evidence).enumerate() {
                let mut evidence = json!({
                    "@id": e,
                    "@type": "cv:Evidence",
                    "dct:identifier": format!("{}/dokuments/{}", s.doc.id, n + 1),
                    "dct:title": lv(&doc.name),
                    "cv:supportsRequirement": id(format!("{sid}/prasiba")),
                });
                // The once-only principle: CPSV-AP has no property for it, so it is said in
                // the evidence's description.
                if doc.once_only {
                    evidence["dct:description"] = lv(ui.get("service.once_only_export"));
                }
                nodes.push(evidence);
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
        // The rules the service follows: its legal basis (implementing its legal acts) and
        // how to appeal.
        let mut rules = Vec::new();
        if s.legal_basis.is_some() || !s.legal_acts.is_empty() {
            let description: Vec<&str> = s
                .legal_basis
                .iter()
                .map(|l| ui.value(LEGAL_BASIS.name, l))
                .chain(s.legal_acts.iter().map(String::as_str))
                .collect();
            let mut rule = json!({
                "@id": format!("{sid}/tiesiskais-pamats"),
                "@type": "cpsv:Rule",
                "dct:identifier": format!("{}/tiesiskais-pamats", s.doc.id),
                "dct:title": lv(ui.get("service.legal")),
                "dct:description": lv(&description.join("; ")),
            });
            if !s.legal_acts.is_empty() {
                rule["cpsv:implements"] = Value::Array(
                    (1..=s.legal_acts.len())
                        .map(|n| id(format!("{sid}/tiesibu-akts/{n}")))
                        .collect(),
                );
            }
            rules.push(id(format!("{sid}/tiesiskais-pamats")));
            nodes.push(rule);
        }
        if let Some(appeal) = &s.appeal {
            let mut rule = json!({
                "@id": format!("{sid}/apstridesana"),
                "@type": "cpsv:Rule",
                "dct:identifier": format!("{}/apstridesana", s.doc.id),
                "dct:title": lv(ui.get("service.appeal")),
                "dct:description": lv(&appeal.text),
            });
            if let Some(url) = &appeal.url {
                rule["foaf:page"] = id(url.clone());
            }
            rules.push(id(format!("{sid}/apstridesana")));
            nodes.push(rule);
        }
        if !rules.is_empty() {
            node["cpsv:follows"] = Value::Array(rules);
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
        if let Some(contact) = &inst.contact {
            let at = iri("iestade", &format!("{}/kontakti", inst.id));
            node["cv:contactPoint"] = id(at.clone());
            contact_nodes(&at, &format!("{}/kontakti", inst.id), contact, &mut nodes);
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
    let mut languages: Vec<String> = c.services.iter().flat_map(language_iris).collect();
    languages.sort();
    languages.dedup();
    for language in languages {
        nodes.push(json!({"@id": language, "@type": "dct:LinguisticSystem"}));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plain_number_of_calendar_units_is_a_duration() {
        for (text, d) in [
            ("30 dienas", "P30D"),
            ("1 mēneša laikā", "P1M"),
            ("10 kalendāra dienu laikā", "P10D"),
            ("2 nedēļas.", "P2W"),
            ("1 gads", "P1Y"),
        ] {
            assert_eq!(duration(text).as_deref(), Some(d), "{text}");
        }
        for text in [
            "10 darba dienas",
            "līdz 30 dienām",
            "0 dienas",
            "tūlīt",
            "30",
            "3–5 dienas",
        ] {
            assert_eq!(duration(text), None, "{text}");
        }
    }

    #[test]
    fn every_language_has_its_authority_code() {
        for code in crate::schema::LANGUAGE.values {
            assert!(authority_language(code).is_some(), "{code}");
        }
    }
}
