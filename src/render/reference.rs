//! Generated reference pages: the field reference (from the same schema the validator uses),
//! the portfolio overview with its charts, the search page, the Dati page and the 404 page.

use serde_json::{Value, json};

use crate::load::validate::describe_ty;
use crate::model::{Profile, Service};
use crate::render::Renderer;
use crate::render::charts::{Bar, bar_chart};
use crate::render::chrome::Chrome;
use crate::schema::{AUDIENCE, CHANNEL, ENUMS, Field, Kind, Req, Ty};
use crate::url::{paths, relative};

/// One downloadable export, listed on the Dati page.
#[derive(Debug, Clone)]
pub(crate) struct Export {
    pub(crate) name: String,
    /// Site-relative path.
    pub(crate) path: String,
    pub(crate) format: String,
    /// UI string key of the description.
    pub(crate) description_key: String,
    pub(crate) bytes: u64,
}

fn simple(r: &Renderer, url: &str, title: &str, kind: &str) -> serde_json::Map<String, Value> {
    r.chrome(Chrome {
        url,
        title,
        kind,
        description: None,
        crumbs: Vec::new(),
        nav_section: None,
        jsonld: Vec::new(),
    })
}

fn field_rows(r: &Renderer, kind: Kind, fields: &[Field], prefix: &str, out: &mut Vec<Value>) {
    let ui = &r.site.ui;
    for f in fields {
        let key = if prefix.is_empty() {
            f.key.to_string()
        } else {
            format!("{prefix}.{}", f.key)
        };
        let (label, meaning) = ui.field(kind, &key);
        let values: Vec<Value> = match &f.ty {
            Ty::Enum(def) | Ty::List(Ty::Enum(def)) => def
                .values
                .iter()
                .map(|v| json!({"value": v, "label": ui.value(def.name, v)}))
                .collect(),
            Ty::Map { value: Ty::List(Ty::Enum(def)), keys } => keys
                .values
                .iter()
                .map(|v| json!({"value": v, "label": ui.value(keys.name, v)}))
                .chain(std::iter::once(json!({"value": format!("→ {}", def.name), "label": ui.get("fields.allowed")})))
                .collect(),
            Ty::Int { .. } if f.key == "maturity" => (0..=5)
                .map(|v| json!({"value": v.to_string(), "label": ui.value("maturity", &v.to_string())}))
                .collect(),
            Ty::List(Ty::Int { .. }) if f.key == "support_levels" => (0..=3)
                .map(|v| json!({"value": v.to_string(), "label": ui.value("support_level", &v.to_string())}))
                .collect(),
            _ => Vec::new(),
        };
        out.push(json!({
            "key": key,
            "label": label,
            "meaning": meaning,
            "required": ui.get(match f.req {
                Req::Yes => "fields.required_yes",
                Req::No => "fields.required_no",
                Req::UnlessVariant => "fields.required_unless_variant",
            }),
            "type": describe_ty(ui, &f.ty),
            "values": values,
            "internal": f.internal,
        }));
        if let Ty::List(Ty::Record(sub)) = &f.ty {
            field_rows(r, kind, sub, &key, out);
        }
    }
}

pub(crate) fn fields(r: &Renderer, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let ui = &site.ui;
    let title = ui.get("fields.title");
    let mut m = simple(r, url, title, "fields");
    let location = |k: Kind| match k {
        Kind::Page => "content/**/*.md",
        Kind::Service => "content/pakalpojumi/**/*.md",
        Kind::Situation => "content/dzives-situacijas/*.md",
        Kind::Term => "glossary/*.md",
        Kind::Institution => "content/iestades.yaml",
        Kind::Course => "content/kursi/<kurss>/_index.md",
        Kind::Lesson => "content/kursi/<kurss>/*.md",
    };
    let kinds: Vec<Value> = Kind::ALL
        .iter()
        .map(|&k| {
            let mut rows = Vec::new();
            field_rows(r, k, k.fields(), "", &mut rows);
            json!({
                "anchor": k.slug(),
                "title": ui.kind(k),
                "location": location(k),
                "fields": rows,
            })
        })
        .collect();
    let enums: Vec<Value> = ENUMS
        .iter()
        .map(|e| json!({"name": e.name, "values": e.values.iter().map(|v| json!({"value": v, "label": ui.value(e.name, v)})).collect::<Vec<_>>()}))
        .collect();
    m.insert(
        "page".into(),
        json!({"title": title, "kinds": kinds, "enums": enums}),
    );
    ("fields.html", Value::Object(m))
}

/// Recommended fields a complete card fills.
const COMPLETENESS_FIELDS: &[&str] = &[
    "summary",
    "audience",
    "type",
    "channels",
    "stages",
    "life_situations",
    "documents",
    "output",
    "keywords",
    "updated",
];

fn completeness(s: &Service) -> usize {
    let filled = [
        s.summary.is_some(),
        !s.audience.is_empty(),
        s.service_type.is_some(),
        !s.channels.is_empty(),
        !s.stages.is_empty(),
        !s.life_situations.is_empty(),
        !s.documents.is_empty(),
        s.output.is_some(),
        !s.keywords.is_empty(),
        s.doc.updated.is_some(),
    ];
    filled.iter().filter(|&&b| b).count() * 100 / COMPLETENESS_FIELDS.len()
}

fn percent(part: usize, total: usize) -> String {
    if total == 0 {
        "0 %".to_string()
    } else {
        format!("{:.1} %", part as f64 * 100.0 / total as f64).replace('.', ",")
    }
}

struct Chart {
    id: &'static str,
    title: String,
    hint: Option<String>,
    label_header: String,
    rows: Vec<(String, usize, Option<String>)>,
}

fn chart_json(c: Chart, total: usize) -> Value {
    let bars: Vec<Bar> = c
        .rows
        .iter()
        .map(|(l, v, _)| Bar {
            label: l.clone(),
            value: *v,
        })
        .collect();
    json!({
        "id": c.id,
        "title": c.title,
        "hint": c.hint,
        "label_header": c.label_header,
        "svg": bar_chart(&c.title, &bars),
        "rows": c.rows.iter().map(|(l, v, u)| json!({"label": l, "count": v, "share": percent(*v, total), "url": u})).collect::<Vec<_>>(),
    })
}

/// An overview list (cards to update, cards without a manager) names this many cards.
const OVERVIEW_LIST_SHOWN: usize = 100;

pub(crate) fn overview(r: &Renderer, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let ui = &site.ui;
    let services = &site.content.services;
    let total = services.len();
    let title = ui.get("overview.title");
    let mut m = simple(r, url, title, "overview");
    let facet_rows = |name: &str| -> Vec<(String, usize, Option<String>)> {
        r.facets()
            .list
            .iter()
            .find(|f| f.name == name)
            .map(|f| {
                f.values
                    .iter()
                    .map(|v| {
                        (
                            v.title.clone(),
                            v.services.len(),
                            Some(relative(url, &v.url)),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut holders = facet_rows("holder");
    holders.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| crate::text::collate::compare(&a.0, &b.0))
    });
    let mut charts = vec![
        Chart {
            id: "pec-turetaja",
            title: ui.get("overview.by_holder").into(),
            hint: None,
            label_header: ui.get("catalogue.facet_holder").into(),
            rows: holders,
        },
        Chart {
            id: "pec-auditorijas",
            title: ui.get("overview.by_audience").into(),
            hint: None,
            label_header: ui.get("catalogue.facet_audience").into(),
            rows: AUDIENCE
                .values
                .iter()
                .map(|a| {
                    (
                        ui.value("audience", a).to_string(),
                        services
                            .iter()
                            .filter(|s| s.audience.iter().any(|x| x == a))
                            .count(),
                        None,
                    )
                })
                .collect(),
        },
        Chart {
            id: "pec-kanala",
            title: ui.get("overview.by_channel").into(),
            hint: None,
            label_header: ui.get("catalogue.facet_channel").into(),
            rows: CHANNEL
                .values
                .iter()
                .map(|c| {
                    (
                        ui.value("channel", c).to_string(),
                        r.facets()
                            .channels
                            .iter()
                            .filter(|cs| cs.contains(c))
                            .count(),
                        None,
                    )
                })
                .collect(),
        },
        Chart {
            id: "pec-situacijas",
            title: ui.get("overview.by_situation").into(),
            hint: None,
            label_header: ui.get("catalogue.facet_situation").into(),
            rows: facet_rows("situation"),
        },
    ];
    let buckets = ["0–49 %", "50–69 %", "70–89 %", "90–100 %"];
    let mut counts = [0usize; 4];
    let mut sum = 0;
    for s in services {
        let c = completeness(s);
        sum += c;
        counts[match c {
            0..=49 => 0,
            50..=69 => 1,
            70..=89 => 2,
            _ => 3,
        }] += 1;
    }
    charts.push(Chart {
        id: "pilnigums",
        title: ui.get("overview.completeness").into(),
        hint: Some(ui.get("overview.completeness_hint").into()),
        label_header: ui.get("overview.completeness").into(),
        rows: buckets
            .iter()
            .zip(counts)
            .map(|(b, c)| (b.to_string(), c, None))
            .collect(),
    });
    if site.profile == Profile::Internal {
        let mut rows: Vec<(String, usize, Option<String>)> = (0..=5)
            .map(|l| {
                (
                    ui.value("maturity", &l.to_string()).to_string(),
                    services
                        .iter()
                        .filter(|s| s.internal.as_ref().and_then(|x| x.maturity) == Some(l))
                        .count(),
                    None,
                )
            })
            .collect();
        rows.push((
            ui.get("service.not_stated").to_string(),
            services
                .iter()
                .filter(|s| s.internal.as_ref().and_then(|x| x.maturity).is_none())
                .count(),
            None,
        ));
        charts.push(Chart {
            id: "briedums",
            title: ui.get("overview.maturity").into(),
            hint: None,
            label_header: ui.get("service.maturity").into(),
            rows,
        });
    }
    let with_e = services.iter().filter(|s| s.has_eservice()).count();
    let fully = services.iter().filter(|s| s.fully_electronic()).count();
    let stats = vec![
        json!({"label": ui.get("overview.total"), "value": total}),
        json!({"label": ui.get("overview.eservice_share"), "value": format!("{with_e} ({})", percent(with_e, total))}),
        json!({"label": ui.get("overview.fully_electronic_share"), "value": format!("{fully} ({})", percent(fully, total))}),
        json!({"label": ui.get("overview.completeness"), "value": format!("{} %", sum.checked_div(total).unwrap_or(0))}),
    ];
    let cutoff = site
        .today
        .checked_sub(jiff::Span::new().days(i64::from(site.config.build.stale_after_days)))
        .unwrap_or(site.today);
    let mut stale: Vec<(&Service, Option<String>)> = services
        .iter()
        .filter(|s| s.doc.updated.is_none_or(|d| d < cutoff))
        .map(|s| (s, s.doc.updated.map(|d| d.to_string())))
        .collect();
    stale.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.doc.id.cmp(&b.0.doc.id)));
    // Past the first cards, a list says how many more there are; the service table on the
    // Dati page has them all (with their update dates and holders).
    let more = |n: usize| {
        (n > OVERVIEW_LIST_SHOWN).then(|| {
            json!({
                "text": ui.get("overview.more").replace("{n}", &(n - OVERVIEW_LIST_SHOWN).to_string()),
                "url": relative(url, paths::DATA_PAGE),
            })
        })
    };
    let item = |s: &Service, meta: String| json!({"title": s.title, "url": relative(url, &s.doc.url), "meta": meta});
    let mut lists = vec![json!({
        "id": "novecojusas",
        "title": ui.get("overview.stale"),
        "empty": ui.get("overview.no_stale"),
        "items": stale.iter().take(OVERVIEW_LIST_SHOWN).map(|(s, d)| item(s, d.clone().unwrap_or_else(|| ui.get("overview.never_updated").to_string()))).collect::<Vec<_>>(),
        "more": more(stale.len()),
    })];
    if site.profile == Profile::Internal {
        let no_manager: Vec<&Service> = services
            .iter()
            .filter(|s| s.internal.as_ref().is_none_or(|x| x.manager.is_none()))
            .collect();
        let total = no_manager.len();
        let shown: Vec<Value> = no_manager
            .iter()
            .take(OVERVIEW_LIST_SHOWN)
            .map(|s| item(s, site.institution_label(&s.holder.id)))
            .collect();
        lists.push(json!({"id": "bez-vaditaja", "title": ui.get("overview.no_manager"), "empty": "—", "items": shown, "more": more(total)}));
    }
    m.insert(
        "page".into(),
        json!({
            "title": title,
            "stats": stats,
            "charts": charts.into_iter().map(|c| chart_json(c, total)).collect::<Vec<_>>(),
            "lists": lists,
        }),
    );
    ("overview.html", Value::Object(m))
}

pub(crate) fn search(r: &Renderer, url: &str) -> (&'static str, Value) {
    let title = r.site.ui.get("search.title");
    let mut m = simple(r, url, title, "search");
    // The kind tabs, in a fixed order (the script orders them by their counts).
    let kinds: Vec<Value> = Kind::ALL
        .iter()
        .map(|k| {
            let key = format!("kind_plural.{}", k.slug());
            json!({"slug": k.slug(), "title": r.site.ui.get(&key)})
        })
        .collect();
    m.insert("page".into(), json!({"title": title, "kinds": kinds}));
    ("search.html", Value::Object(m))
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => {
            format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)).replace('.', ",")
        }
        b if b >= 1024 => format!("{} kB", b.div_ceil(1024)),
        b => format!("{b} B"),
    }
}

pub(crate) fn data(r: &Renderer, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let ui = &site.ui;
    let title = ui.get("data.title");
    let mut m = simple(r, url, title, "data");
    let exports: Vec<Value> = r
        .exports
        .iter()
        .map(|e| {
            json!({
                "name": e.name,
                "url": relative(url, &e.path),
                "format": e.format,
                "description": ui.get(&e.description_key),
                "size": if e.path == paths::OFFLINE_PACKAGE {
                    format!("{} ({})", human_size(e.bytes), ui.get("data.unpacked"))
                } else {
                    human_size(e.bytes)
                },
                "download": e.path.ends_with(".zip"),
            })
        })
        .collect();
    m.insert(
        "page".into(),
        json!({
            "title": title,
            "licence": site.config.data.licence,
            "exports": exports,
            "offline_hint": site.config.data.offline_package.then(|| ui.get("data.offline_hint")),
        }),
    );
    ("data.html", Value::Object(m))
}

pub(crate) fn not_found(r: &Renderer, url: &str) -> (&'static str, Value) {
    let title = r.site.ui.get("site.not_found_title");
    let mut m = simple(r, url, title, "not-found");
    m.insert("page".into(), json!({"title": title}));
    ("404.html", Value::Object(m))
}
