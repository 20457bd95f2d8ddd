//! The service catalogue: service pages, the A–Z catalogue with combinable facets, and one
//! static page per facet value so browsing works without JavaScript and from `file://`.
//! Municipal variants are listed under their template (and on their municipality's pages),
//! never as near-duplicates in the A–Z list.

use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use rayon::prelude::*;
use rustc_hash::FxHasher;
use serde_json::{Map, Value, json};

use crate::model::{ObjKey, Service};
use crate::render::chrome::Chrome;
use crate::render::dependencies::hash_json;
use crate::render::{Job, Renderer};
use crate::resolve::Site;
use crate::schema::{
    AUDIENCE, CHANNEL, ELECTRONIC_CHANNELS, ESERVICE_CHANNELS, Kind, Req, SERVICE, SERVICE_TYPE,
    STAGE, Ty,
};
use crate::text::collate;
use crate::url::{paths, relative};

/// One value of a facet and the services that have it, in A–Z order.
pub(crate) struct FacetValue {
    pub(crate) value: String,
    pub(crate) title: String,
    pub(crate) url: String,
    pub(crate) services: Vec<usize>,
}

pub(crate) struct Facet {
    /// Key used in `data-*` attributes and checkboxes.
    pub(crate) name: &'static str,
    /// The facet's Latvian slug: the folder of its static pages and the catalogue's query
    /// parameter (`?merkauditorija=iedzivotaji`).
    pub(crate) slug: &'static str,
    /// UI string with the facet's title.
    pub(crate) title_key: &'static str,
    pub(crate) values: Vec<FacetValue>,
}

/// All facets and the catalogue order.
pub(crate) struct Facets {
    pub(crate) list: Vec<Facet>,
    /// Non-variant services in Latvian alphabetical order.
    pub(crate) order: Vec<usize>,
    /// Per service: every channel it names ([`Service::all_channels`]).
    pub(crate) channels: Vec<Vec<&'static str>>,
    /// A hash of each service's list entry and URL, made when the preview first asks.
    item_hashes: OnceLock<Vec<u64>>,
}

fn ids(values: &[String]) -> String {
    values.join(" ")
}

impl Facets {
    pub(crate) fn build(site: &Site) -> Facets {
        let services = &site.content.services;
        let mut all: Vec<usize> = (0..services.len()).collect();
        collate::sort_by_key(&mut all, |&i| services[i].title.as_str());
        let order: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&i| !services[i].is_variant())
            .collect();
        let channels: Vec<Vec<&'static str>> =
            services.par_iter().map(Service::all_channels).collect();
        let ui = &site.ui;
        let base = paths::SERVICES;
        let enum_facet = |name: &'static str,
                          title_key,
                          slug: &'static str,
                          def: &crate::schema::EnumDef,
                          has: &dyn Fn(usize, &str) -> bool| {
            let values = def
                .values
                .iter()
                .map(|v| FacetValue {
                    value: v.to_string(),
                    title: ui.value(def.name, v).to_string(),
                    url: format!("{base}/{slug}/{v}.html"),
                    services: order.iter().copied().filter(|&i| has(i, v)).collect(),
                })
                .filter(|fv| !fv.services.is_empty())
                .collect();
            Facet {
                name,
                slug,
                title_key,
                values,
            }
        };
        let mut list = Vec::new();
        // Holder: a municipality's page lists its variants too.
        let mut held: Vec<Vec<usize>> = vec![Vec::new(); site.content.institutions.len()];
        for &i in &all {
            if let Some(h) = site.find(Kind::Institution, &services[i].holder.id) {
                held[h].push(i);
            }
        }
        let holder_slug = "turetajs";
        let mut holders: Vec<FacetValue> = site
            .content
            .institutions
            .iter()
            .zip(held)
            .filter(|(_, list)| !list.is_empty())
            .map(|(inst, list)| FacetValue {
                value: inst.id.clone(),
                title: inst.name.clone(),
                url: format!("{base}/{holder_slug}/{}.html", inst.id),
                services: list,
            })
            .collect();
        collate::sort_by_key(&mut holders, |v| v.title.clone());
        list.push(Facet {
            name: "holder",
            slug: holder_slug,
            title_key: "catalogue.facet_holder",
            values: holders,
        });
        list.push(enum_facet(
            "audience",
            "catalogue.facet_audience",
            "merkauditorija",
            &AUDIENCE,
            &|i, v| services[i].audience.iter().any(|a| a == v),
        ));
        list.push(enum_facet(
            "channel",
            "catalogue.facet_channel",
            "kanals",
            &CHANNEL,
            &|i, v| channels[i].contains(&v),
        ));
        let mut in_situation: Vec<Vec<usize>> = vec![Vec::new(); site.content.situations.len()];
        for &i in &order {
            for &si in &site.service_situations[i] {
                in_situation[si].push(i);
            }
        }
        let situation_slug = "dzives-situacija";
        let mut situations: Vec<FacetValue> = site
            .content
            .situations
            .iter()
            .zip(in_situation)
            .filter(|(_, list)| !list.is_empty())
            .map(|(sit, list)| FacetValue {
                value: sit.doc.id.clone(),
                title: sit.title.clone(),
                url: format!("{base}/{situation_slug}/{}.html", sit.doc.id),
                services: list,
            })
            .collect();
        collate::sort_by_key(&mut situations, |v| v.title.clone());
        list.push(Facet {
            name: "situation",
            slug: situation_slug,
            title_key: "catalogue.facet_situation",
            values: situations,
        });
        list.push(enum_facet(
            "type",
            "catalogue.facet_type",
            "veids",
            &SERVICE_TYPE,
            &|i, v| services[i].service_type.as_deref() == Some(v),
        ));
        let key_slug = "galvenie";
        let key_services: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| services[i].key_service)
            .collect();
        list.push(Facet {
            name: "key",
            slug: key_slug,
            title_key: "catalogue.facet_key",
            values: if key_services.is_empty() {
                Vec::new()
            } else {
                vec![FacetValue {
                    value: "ja".into(),
                    title: ui.get("catalogue.key_services").to_string(),
                    url: format!("{base}/{key_slug}/ja.html"),
                    services: key_services,
                }]
            },
        });
        Facets {
            list,
            order,
            channels,
            item_hashes: OnceLock::new(),
        }
    }

    /// A hash of everything the catalogue page or a facet page shows besides what every page
    /// shows (the layout), so the preview can tell whether it changed; `None` for other jobs.
    pub(crate) fn list_hash(&self, r: &Renderer, job: &Job) -> Option<u64> {
        let site = r.site;
        let items = self.item_hashes.get_or_init(|| {
            site.content
                .services
                .par_iter()
                .enumerate()
                .map(|(i, s)| {
                    let mut h = FxHasher::default();
                    hash_json(
                        &mut h,
                        &Value::Object(list_item(site, i, s, &self.channels[i])),
                    );
                    s.doc.url.hash(&mut h);
                    h.finish()
                })
                .collect()
        });
        let mut h = FxHasher::default();
        let services = match *job {
            Job::Catalogue => {
                "catalogue".hash(&mut h);
                for f in &self.list {
                    (f.name, f.title_key).hash(&mut h);
                    for v in &f.values {
                        (&v.value, &v.title, &v.url, v.services.len()).hash(&mut h);
                    }
                }
                if let Some(i) = site.find(Kind::Page, paths::SERVICES) {
                    let p = &site.content.pages[i];
                    (&p.title, &p.summary, r.body(ObjKey::new(Kind::Page, i))).hash(&mut h);
                }
                &self.order
            }
            Job::Facet(f, v) => {
                let (facet, value) = (&self.list[f], &self.list[f].values[v]);
                (
                    "facet",
                    facet.title_key,
                    &value.value,
                    &value.title,
                    &value.url,
                )
                    .hash(&mut h);
                &value.services
            }
            _ => return None,
        };
        for &i in services {
            items[i].hash(&mut h);
        }
        Some(h.finish())
    }

    /// Non-variant services in a life situation, A–Z.
    pub(crate) fn services_of_situation(&self, id: &str) -> &[usize] {
        self.list
            .iter()
            .find(|f| f.name == "situation")
            .and_then(|f| f.values.iter().find(|v| v.value == id))
            .map_or(&[], |v| v.services.as_slice())
    }

    /// List entries for services, with URLs relative to `from`. Made for each page that
    /// lists them: a copy of entries made once would cost as much, and hold every service's
    /// entry to the end of the render.
    pub(crate) fn entries(&self, services: &[usize], site: &Site, from: &str) -> Value {
        Value::Array(
            services
                .iter()
                .map(|&i| {
                    let s = &site.content.services[i];
                    let mut m = list_item(site, i, s, &self.channels[i]);
                    m.insert("url".into(), json!(relative(from, &s.doc.url)));
                    Value::Object(m)
                })
                .collect(),
        )
    }
}

fn list_item(site: &Site, i: usize, s: &Service, channels: &[&str]) -> Map<String, Value> {
    let situations: Vec<String> = site.service_situations[i]
        .iter()
        .map(|&si| site.content.situations[si].doc.id.clone())
        .collect();
    let mut m = Map::new();
    m.insert("title".into(), json!(s.title));
    m.insert("summary".into(), json!(s.summary));
    m.insert("holder".into(), json!(site.institution_label(&s.holder.id)));
    m.insert("holder_id".into(), json!(s.holder.id));
    m.insert("audience_ids".into(), json!(ids(&s.audience)));
    m.insert("channel_ids".into(), json!(channels.join(" ")));
    m.insert("situation_ids".into(), json!(ids(&situations)));
    m.insert(
        "type_id".into(),
        json!(s.service_type.clone().unwrap_or_default()),
    );
    m.insert("key".into(), json!(if s.key_service { "ja" } else { "" }));
    m.insert("fully_electronic".into(), json!(s.fully_electronic()));
    m.insert("variant_count".into(), json!(site.variants[i].len()));
    m
}

/// Services grouped under their first letter, in Latvian order.
fn letter_groups(r: &Renderer, services: &[usize], from: &str) -> (Vec<Value>, Vec<Value>) {
    let site = r.site;
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for &i in services {
        let letter = collate::letter(&site.content.services[i].title);
        match groups.last_mut() {
            Some((l, list)) if *l == letter => list.push(i),
            _ => groups.push((letter, vec![i])),
        }
    }
    let anchor = |l: &str| {
        l.chars()
            .map(|c| format!("{:x}", c as u32))
            .collect::<String>()
    };
    let letters = groups
        .iter()
        .map(|(l, _)| json!({"letter": l, "anchor": anchor(l)}))
        .collect();
    let groups = groups
        .iter()
        .map(|(l, list)| {
            json!({
                "letter": l,
                "anchor": anchor(l),
                "services": r.facets().entries(list, site, from),
            })
        })
        .collect();
    (letters, groups)
}

pub(crate) fn catalogue(r: &Renderer, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let ui = &site.ui;
    let intro = site
        .find(Kind::Page, paths::SERVICES)
        .map(|i| &site.content.pages[i]);
    let title = intro.map_or(ui.get("catalogue.title"), |p| p.title.as_str());
    let mut m = r.chrome(Chrome {
        url,
        title,
        kind: "catalogue",
        description: intro.and_then(|p| p.summary.as_deref()),
        crumbs: Vec::new(),
        nav_section: None,
        jsonld: Vec::new(),
    });
    let facets: Vec<Value> = r
        .facets()
        .list
        .iter()
        .filter(|f| !f.values.is_empty())
        .map(|f| {
            json!({
                "name": f.name,
                "slug": f.slug,
                "title": ui.get(f.title_key),
                "values": f.values.iter().map(|v| json!({
                    "value": v.value,
                    "title": v.title,
                    "url": relative(url, &v.url),
                    "count": v.services.len(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let (letters, groups) = letter_groups(r, &r.facets().order, url);
    m.insert(
        "page".into(),
        json!({
            "title": title,
            "summary": intro.and_then(|p| p.summary.clone()),
            "body": intro.map(|p| r.body(ObjKey::new(Kind::Page, site.find(Kind::Page, &p.doc.id).unwrap_or(0)))).unwrap_or_default(),
            "facets": facets,
            "letters": letters,
            "groups": groups,
            "list_title": ui.get("catalogue.az"),
            "count": r.facets().order.len(),
        }),
    );
    ("catalogue.html", Value::Object(m))
}

pub(crate) fn facet(r: &Renderer, f: usize, v: usize, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let ui = &site.ui;
    let facet = &r.facets().list[f];
    let value = &facet.values[v];
    let facet_title = ui.get(facet.title_key);
    let mut m = r.chrome(Chrome {
        url,
        title: &value.title,
        kind: "facet",
        description: None,
        crumbs: vec![(
            ui.get("catalogue.title").to_string(),
            Some(format!("{}/index.html", paths::SERVICES)),
        )],
        nav_section: None,
        jsonld: Vec::new(),
    });
    m.insert(
        "page".into(),
        json!({
            "title": value.title,
            "facet_title": facet_title,
            "count": value.services.len(),
            "services": r.facets().entries(&value.services, site, url),
            "catalogue_url": relative(url, &format!("{}/index.html", paths::SERVICES)),
        }),
    );
    ("facet.html", Value::Object(m))
}

pub(crate) fn service(r: &Renderer, i: usize, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let ui = &site.ui;
    let s = &site.content.services[i];
    let key = ObjKey::new(Kind::Service, i);
    let holder = r
        .link_id(Kind::Institution, &s.holder.id, url)
        .unwrap_or_else(|| json!({"title": s.holder.id, "url": ""}));
    let mut crumbs = vec![(
        ui.get("catalogue.title").to_string(),
        Some(format!("{}/index.html", paths::SERVICES)),
    )];
    let template = s
        .template
        .as_ref()
        .and_then(|t| site.key(Kind::Service, &t.id));
    if let Some(t) = template {
        crumbs.push((site.title(t).to_string(), Some(site.url(t).to_string())));
    }
    let jsonld = vec![government_service(r, i, url)];
    let mut m = r.chrome(Chrome {
        url,
        title: &s.title,
        kind: "service",
        description: s.summary.as_deref(),
        crumbs,
        nav_section: None,
        jsonld,
    });
    let stages: Vec<Value> = if s.stages.is_empty() {
        Vec::new()
    } else {
        STAGE
            .values
            .iter()
            .map(|st| {
                let channels = s.stage(st);
                json!({
                    "name": ui.value("stage", st),
                    "channels": channels.iter().map(|c| ui.value("channel", c)).collect::<Vec<_>>(),
                    "electronic": channels.iter().any(|c| ELECTRONIC_CHANNELS.contains(&c.as_str())),
                })
            })
            .collect()
    };
    let type_label = match (&s.service_type, &s.subtype) {
        (Some(t), Some(st)) => Some(format!(
            "{}; {}",
            ui.value("type", t),
            ui.value("subtype", st).to_lowercase()
        )),
        (Some(t), None) => Some(ui.value("type", t).to_string()),
        (None, Some(st)) => Some(ui.value("subtype", st).to_string()),
        (None, None) => None,
    };
    let internal = s.internal.as_ref().filter(|x| !x.is_empty()).map(|x| {
        json!({
            "manager": x.manager,
            "maturity": x.maturity.map(|m| ui.value("maturity", &m.to_string()).to_string()),
            "kpis": x.kpis.iter().map(|k| json!({"name": k.name, "target": k.target, "value": k.value})).collect::<Vec<_>>(),
            "process_notes": site.fragments.get(&(key, "process_notes".to_string())),
            "resources": x.resources,
        })
    });
    let variants: Vec<Value> = site.variants[i]
        .iter()
        .map(|&v| {
            let vs = &site.content.services[v];
            json!({"holder": site.institution_label(&vs.holder.id), "url": relative(url, &vs.doc.url)})
        })
        .collect();
    // How to get it, in plain words: the request stage's channels when the card names them,
    // else every channel; beside a start button, the ways other than the e-service.
    let request = s.stage("pieprasijums");
    let ways: Vec<&str> = if request.is_empty() {
        s.all_channels()
    } else {
        request.iter().map(String::as_str).collect()
    };
    let how_channels: Vec<&str> = ways
        .into_iter()
        .filter(|c| s.eservice_url.is_none() || !ESERVICE_CHANNELS.contains(c))
        .map(|c| ui.value("channel", c))
        .collect();
    let mut page = json!({
            "title": s.title,
            "summary": s.summary,
            "body": r.body(key),
            "how_channels": how_channels,
            "how_is_request": !request.is_empty(),
            "holder": holder,
            "providers": s.providers.iter().filter_map(|p| r.link_id(Kind::Institution, &p.id, url)).collect::<Vec<_>>(),
            "audience": s.audience.iter().map(|a| ui.value("audience", a)).collect::<Vec<_>>(),
            "type": type_label,
            "legal_basis": s.legal_basis.as_ref().map(|l| ui.value("legal_basis", l)),
            "legal_acts": s.legal_acts,
            "key_service": s.key_service,
            "unified": s.unified,
            "stages": stages,
            "fully_electronic": s.fully_electronic(),
            "support_levels": s.support_levels.iter().map(|l| ui.value("support_level", &l.to_string()).to_string()).collect::<Vec<_>>(),
            "documents": s.documents,
            "eservice_url": s.eservice_url,
            "situations": site.service_situations[i].iter().map(|&si| r.link(ObjKey::new(Kind::Situation, si), url)).collect::<Vec<_>>(),
            "terms": s.terms.iter().filter_map(|t| r.link_id(Kind::Term, &t.id, url)).collect::<Vec<_>>(),
            "template": template.map(|t| r.link(t, url)),
            "variants": variants,
            "internal": internal,
    });
    // Every optional text field as written (cost, processing time, …), by its key.
    for (key, value) in s.field_values() {
        if SERVICE
            .iter()
            .any(|f| f.key == key && matches!(f.ty, Ty::Text) && f.req == Req::No)
        {
            page[key] = value;
        }
    }
    m.insert("page".into(), page);
    let mut meta = vec![];
    if let Some(src) = site.source_label(&s.doc) {
        meta.push(json!({"label": ui.get("site.source"), "value": src}));
    }
    m.insert("meta".into(), Value::Array(meta));
    m.insert("backlinks".into(), r.backlinks(key, url));
    ("service.html", Value::Object(m))
}

/// schema.org `GovernmentService` for a service page.
fn government_service(r: &Renderer, i: usize, url: &str) -> Value {
    let site = r.site;
    let ui = &site.ui;
    let s = &site.content.services[i];
    let holder = site
        .find(Kind::Institution, &s.holder.id)
        .map(|h| &site.content.institutions[h]);
    let provider = holder.map(|h| {
        json!({
            "@type": "GovernmentOrganization",
            "name": h.name,
            "alternateName": h.short_name,
            "url": r.href_for_data(url, &h.url),
        })
    });
    let area_served = match holder {
        Some(h) if h.kind.as_deref() == Some("pasvaldiba") => {
            json!({"@type": "AdministrativeArea", "name": h.name})
        }
        _ => json!({"@type": "Country", "name": "Latvija"}),
    };
    let channels: Vec<Value> = s
        .all_channels()
        .iter()
        .map(|c| {
            let mut ch = json!({"@type": "ServiceChannel", "name": ui.value("channel", c)});
            if matches!(*c, "latvija-lv" | "iestades-vietne")
                && let Some(link) = &s.eservice_url
            {
                ch["serviceUrl"] = json!(link);
            }
            ch
        })
        .collect();
    let audience: Vec<Value> = s
        .audience
        .iter()
        .map(|a| json!({"@type": "Audience", "audienceType": ui.value("audience", a)}))
        .collect();
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": s.title,
        "url": r.href_for_data(url, &s.doc.url),
        "areaServed": area_served,
        "availableChannel": channels,
        "audience": audience,
    });
    if let Some(d) = &s.summary {
        v["description"] = json!(d);
    }
    if let Some(p) = provider {
        v["provider"] = p.clone();
        v["serviceOperator"] = p;
    }
    if let Some(t) = &s.service_type {
        v["serviceType"] = json!(ui.value("type", t));
    }
    v
}
