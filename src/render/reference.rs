//! Generated reference pages: the field reference (from the same schema the validator uses),
//! the portfolio overview with its charts, the search page, the Dati page and the 404 page.

use serde::Serialize;
use serde_json::Value;

use crate::load::validate::describe_ty;
use crate::model::{Profile, Service};
use crate::render::charts::{Bar, bar_chart, percent_chart};
use crate::render::chrome::{Chrome, ChromeView};
use crate::render::{PageView, Renderer, view_value};
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

fn simple<'a>(r: &'a Renderer, url: &'a str, title: &'a str, kind: &'a str) -> ChromeView<'a> {
    r.chrome_view(Chrome {
        url,
        title,
        kind,
        description: None,
        crumbs: Vec::new(),
        nav_section: None,
        jsonld: Vec::new(),
    })
}

/// A page with a title only besides its own data (`P`, flattened).
#[derive(Serialize)]
struct Titled<'a, P> {
    title: &'a str,
    #[serde(flatten)]
    rest: P,
}

/// One field of a kind on the field reference page.
#[derive(Serialize)]
struct FieldRow<'a> {
    /// The key, dotted below a mapping (`contact.phone`).
    key: String,
    label: String,
    meaning: String,
    required: &'a str,
    #[serde(rename = "type")]
    ty: String,
    values: Vec<ValueRow>,
    internal: bool,
}

/// An allowed value and its label.
#[derive(Serialize)]
struct ValueRow {
    value: String,
    label: String,
}

fn value_row(value: impl Into<String>, label: &str) -> ValueRow {
    ValueRow {
        value: value.into(),
        label: label.to_string(),
    }
}

fn field_rows<'a>(
    r: &'a Renderer,
    kind: Kind,
    fields: &[Field],
    prefix: &str,
    out: &mut Vec<FieldRow<'a>>,
) {
    let ui = &r.site.ui;
    for f in fields {
        let key = if prefix.is_empty() {
            f.key.to_string()
        } else {
            format!("{prefix}.{}", f.key)
        };
        let (label, meaning) = ui.field(kind, &key);
        let (label, meaning) = (label.to_string(), meaning.to_string());
        let values: Vec<ValueRow> = match &f.ty {
            Ty::Enum(def) | Ty::List(Ty::Enum(def)) => def
                .values
                .iter()
                .map(|v| value_row(*v, ui.value(def.name, v)))
                .collect(),
            Ty::Map {
                value: Ty::List(Ty::Enum(def)),
                keys,
            } => keys
                .values
                .iter()
                .map(|v| value_row(*v, ui.value(keys.name, v)))
                .chain(std::iter::once(value_row(
                    format!("→ {}", def.name),
                    ui.get("fields.allowed"),
                )))
                .collect(),
            Ty::Int { .. } if f.key == "maturity" => (0..=5)
                .map(|v| value_row(v.to_string(), ui.value("maturity", &v.to_string())))
                .collect(),
            Ty::List(Ty::Int { .. }) if f.key == "support_levels" => (0..=3)
                .map(|v| value_row(v.to_string(), ui.value("support_level", &v.to_string())))
                .collect(),
            _ => Vec::new(),
        };
        out.push(FieldRow {
            required: ui.get(match f.req {
                Req::Yes => "fields.required_yes",
                Req::No => "fields.required_no",
                Req::UnlessVariant => "fields.required_unless_variant",
            }),
            ty: describe_ty(ui, &f.ty),
            values,
            internal: f.internal,
            label,
            meaning,
            key: key.clone(),
        });
        if let Ty::List(Ty::Record(sub) | Ty::TextOr(sub)) | Ty::Record(sub) | Ty::TextOr(sub) =
            &f.ty
        {
            field_rows(r, kind, sub, &key, out);
        }
    }
}

/// The fields of one kind on the field reference page.
#[derive(Serialize)]
struct KindFields<'a> {
    anchor: &'a str,
    title: &'a str,
    /// Where its files are.
    location: &'a str,
    fields: Vec<FieldRow<'a>>,
}

#[derive(Serialize)]
struct EnumValues<'a> {
    name: &'a str,
    values: Vec<ValueRow>,
}

#[derive(Serialize)]
struct FieldsPage<'a> {
    kinds: Vec<KindFields<'a>>,
    enums: Vec<EnumValues<'a>>,
}

pub(crate) fn fields(r: &Renderer, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let ui = &site.ui;
    let title = ui.get("fields.title");
    let location = |k: Kind| match k {
        Kind::Page => "content/**/*.md",
        Kind::Service => "content/pakalpojumi/**/*.md",
        Kind::Situation => "content/dzives-situacijas/*.md",
        Kind::Term => "glossary/*.md",
        Kind::Institution => "content/iestades.yaml",
        Kind::Course => "content/kursi/<kurss>/_index.md",
        Kind::Lesson => "content/kursi/<kurss>/*.md",
    };
    let kinds = Kind::ALL
        .iter()
        .map(|&k| {
            let mut rows = Vec::new();
            field_rows(r, k, k.fields(), "", &mut rows);
            KindFields {
                anchor: k.slug(),
                title: ui.kind(k),
                location: location(k),
                fields: rows,
            }
        })
        .collect();
    let enums = ENUMS
        .iter()
        .map(|e| EnumValues {
            name: e.name,
            values: e
                .values
                .iter()
                .map(|v| value_row(*v, ui.value(e.name, v)))
                .collect(),
        })
        .collect();
    let page = Titled {
        title,
        rest: FieldsPage { kinds, enums },
    };
    view_value(
        "fields.html",
        &PageView::new(simple(r, url, title, "fields"), page),
    )
}

fn percent(ui: &crate::ui::Ui, part: usize, total: usize) -> String {
    if total == 0 {
        ui.percent("0")
    } else {
        ui.percent(&ui.decimal(part as f64 * 100.0 / total as f64, 1))
    }
}

/// A row of an overview chart: label, count and the link to its list.
type ChartRowData = (String, usize, Option<String>);

struct Chart {
    id: &'static str,
    title: String,
    hint: Option<String>,
    label_header: String,
    rows: Vec<ChartRowData>,
    /// Where a chart with more rows than [`CHART_SHOWN`] lists them all, and that link's text.
    all: Option<(String, String)>,
}

/// Bars an overview chart shows: a large site has thousands of holders and hundreds of life
/// situations, and the overview stays small on every site. A chart with more shows the
/// largest (most first) and links to the list of all of them.
const CHART_SHOWN: usize = 40;

/// A chart's rows as it shows them: all of them, or the [`CHART_SHOWN`] largest (most first,
/// then A–Z) and how many are left out.
fn largest_rows(mut rows: Vec<ChartRowData>) -> (Vec<ChartRowData>, usize) {
    if rows.len() <= CHART_SHOWN {
        return (rows, 0);
    }
    rows.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| crate::text::collate::compare(&a.0, &b.0))
    });
    let left_out = rows.len() - CHART_SHOWN;
    rows.truncate(CHART_SHOWN);
    (rows, left_out)
}

/// A chart of the overview: its SVG and the same numbers as a table.
#[derive(Serialize)]
struct ChartView<'a> {
    id: &'a str,
    title: String,
    hint: Option<String>,
    label_header: String,
    svg: String,
    rows: Vec<ChartRow>,
    /// When the chart leaves rows out: how many, and the link to the list of all.
    #[serde(skip_serializing_if = "Option::is_none")]
    more: Option<ChartMore>,
}

/// The line under a chart that shows only its largest rows.
#[derive(Serialize)]
struct ChartMore {
    text: String,
    url: String,
    label: String,
}

#[derive(Serialize)]
struct ChartRow {
    label: String,
    count: usize,
    share: String,
    url: Option<String>,
}

fn chart_view(ui: &crate::ui::Ui, c: Chart, total: usize) -> ChartView<'static> {
    let count = c.rows.len();
    let (rows, left_out) = largest_rows(c.rows);
    let more = c
        .all
        .filter(|_| left_out > 0)
        .map(|(url, label)| ChartMore {
            text: ui.fill(
                "overview.chart_more",
                &[
                    ("shown", CHART_SHOWN.to_string()),
                    ("count", count.to_string()),
                ],
            ),
            url,
            label,
        });
    let bars: Vec<Bar> = rows
        .iter()
        .map(|(l, v, _)| Bar {
            label: l.clone(),
            value: *v,
        })
        .collect();
    ChartView {
        id: c.id,
        svg: bar_chart(&c.title, &bars),
        title: c.title,
        hint: c.hint,
        label_header: c.label_header,
        more,
        rows: rows
            .into_iter()
            .map(|(label, count, url)| ChartRow {
                share: percent(ui, count, total),
                label,
                count,
                url,
            })
            .collect(),
    }
}

/// A figure of the overview: a count, or a count with its share.
#[derive(Serialize)]
#[serde(untagged)]
enum Figure {
    Count(usize),
    Text(String),
}

#[derive(Serialize)]
struct Stat<'a> {
    label: &'a str,
    value: Figure,
}

/// A list of cards on the overview (to update, without a manager).
#[derive(Serialize)]
struct CardList<'a> {
    id: &'a str,
    title: &'a str,
    /// Shown when the list is empty.
    empty: &'a str,
    items: Vec<CardItem<'a>>,
    /// How many more there are, past the first [`OVERVIEW_LIST_SHOWN`].
    more: Option<More>,
}

#[derive(Serialize)]
struct CardItem<'a> {
    title: &'a str,
    url: String,
    meta: String,
}

#[derive(Serialize)]
struct More {
    text: String,
    url: String,
}

/// How much of each kind an edition translates.
#[derive(Serialize)]
struct Coverage<'a> {
    lang: &'a str,
    name: &'a str,
    rows: Vec<CoverageRow>,
}

#[derive(Serialize)]
struct CoverageRow {
    label: String,
    done: usize,
    total: usize,
    share: String,
}

#[derive(Serialize)]
struct OverviewPage<'a> {
    stats: Vec<Stat<'a>>,
    charts: Vec<ChartView<'static>>,
    lists: Vec<CardList<'a>>,
    coverage: Vec<Coverage<'a>>,
    /// The internal profile's completeness page.
    completeness_url: Option<String>,
}

/// An overview list (cards to update, cards without a manager) names this many cards.
const OVERVIEW_LIST_SHOWN: usize = 100;

pub(crate) fn overview(r: &Renderer, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let ui = &site.ui;
    let services = &site.content.services;
    let total = services.len();
    let title = ui.get("overview.title");
    let facet_rows = |name: &str| -> Vec<ChartRowData> {
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
            all: Some((
                relative(url, &format!("{}/index.html", paths::INSTITUTIONS)),
                ui.get("overview.all_holders").into(),
            )),
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
                        ui.value(AUDIENCE.name, a).to_string(),
                        services
                            .iter()
                            .filter(|s| s.audience.iter().any(|x| x == a))
                            .count(),
                        None,
                    )
                })
                .collect(),
            all: None,
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
            all: None,
        },
        Chart {
            id: "pec-situacijas",
            title: ui.get("overview.by_situation").into(),
            hint: None,
            label_header: ui.get("catalogue.facet_situation").into(),
            rows: facet_rows("situation"),
            all: Some((
                relative(url, &format!("{}/index.html", paths::SITUATIONS)),
                ui.get("overview.all_situations").into(),
            )),
        },
    ];
    let buckets = ["0–49 %", "50–69 %", "70–89 %", "90–100 %"];
    let mut counts = [0usize; 4];
    let mut sum = 0;
    for i in 0..services.len() {
        // The share of the SDG items (declared once in `schema::SDG_ITEMS`) the card says:
        // the same measure as `katalogs report` and the internal completeness page.
        let items = crate::schema::SDG_ITEMS.len();
        let c = (items - crate::resolve::completeness::missing(site, i).len()) * 100 / items;
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
        all: None,
    });
    if site.profile == Profile::Internal {
        let mut rows: Vec<ChartRowData> = (0..=5)
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
            all: None,
        });
    }
    let with_e = services.iter().filter(|s| s.has_eservice()).count();
    let fully = services.iter().filter(|s| s.fully_electronic()).count();
    let stats = vec![
        Stat {
            label: ui.get("overview.total"),
            value: Figure::Count(total),
        },
        Stat {
            label: ui.get("overview.eservice_share"),
            value: Figure::Text(format!("{with_e} ({})", percent(ui, with_e, total))),
        },
        Stat {
            label: ui.get("overview.fully_electronic_share"),
            value: Figure::Text(format!("{fully} ({})", percent(ui, fully, total))),
        },
        Stat {
            label: ui.get("overview.completeness"),
            value: Figure::Text(ui.percent(&sum.checked_div(total).unwrap_or(0).to_string())),
        },
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
        (n > OVERVIEW_LIST_SHOWN).then(|| More {
            text: ui
                .get("overview.more")
                .replace("{n}", &(n - OVERVIEW_LIST_SHOWN).to_string()),
            url: relative(url, paths::DATA_PAGE),
        })
    };
    fn card_item<'s>(s: &'s Service, url: &str, meta: String) -> CardItem<'s> {
        CardItem {
            title: &s.title,
            url: relative(url, &s.doc.url),
            meta,
        }
    }
    let item = |s, meta| card_item(s, url, meta);
    let mut lists = vec![CardList {
        id: "novecojusas",
        title: ui.get("overview.stale"),
        empty: ui.get("overview.no_stale"),
        items: stale
            .iter()
            .take(OVERVIEW_LIST_SHOWN)
            .map(|(s, d)| {
                item(
                    s,
                    d.clone()
                        .unwrap_or_else(|| ui.get("overview.never_updated").to_string()),
                )
            })
            .collect(),
        more: more(stale.len()),
    }];
    if site.profile == Profile::Internal {
        let no_manager: Vec<&Service> = services
            .iter()
            .filter(|s| s.internal.as_ref().is_none_or(|x| x.manager.is_none()))
            .collect();
        lists.push(CardList {
            id: "bez-vaditaja",
            title: ui.get("overview.no_manager"),
            empty: "—",
            items: no_manager
                .iter()
                .take(OVERVIEW_LIST_SHOWN)
                .map(|s| item(s, site.institution_label(&s.holder.id)))
                .collect(),
            more: more(no_manager.len()),
        });
    }
    // The internal profile: how much of each kind every other edition translates.
    let coverage = if site.profile == crate::model::Profile::Internal {
        site.edition
            .all
            .iter()
            .skip(1)
            .map(|(lang, _)| Coverage {
                lang,
                name: site.edition.names.get(lang).unwrap_or(lang),
                rows: crate::edition::coverage(&site.content, lang)
                    .into_iter()
                    .map(|(kind, done, of)| CoverageRow {
                        label: ui.get(&format!("kind_plural.{}", kind.slug())).to_string(),
                        done,
                        total: of,
                        share: percent(ui, done, of),
                    })
                    .collect(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let page = Titled {
        title,
        rest: OverviewPage {
            stats,
            charts: charts
                .into_iter()
                .map(|c| chart_view(ui, c, total))
                .collect(),
            lists,
            coverage,
            completeness_url: (site.profile == Profile::Internal)
                .then(|| relative(url, paths::COMPLETENESS)),
        },
    };
    view_value(
        "overview.html",
        &PageView::new(simple(r, url, title, "overview"), page),
    )
}

/// The internal profile's "Kartīšu pilnīgums": per institution, the share of cards that say
/// everything the SDG asks (a bar each, with the numbers as a table), each incomplete card's
/// gaps linked to the card, how many cards lack each item, and the stale cards.
/// A card with what it lacks, on the completeness page.
#[derive(Serialize)]
struct CardGaps<'a> {
    title: &'a str,
    url: String,
    missing: Vec<String>,
    updated: Option<String>,
}

/// How many cards there are and how many say everything.
#[derive(Serialize)]
struct Tally {
    cards: usize,
    complete: usize,
    share: String,
}

#[derive(Serialize)]
struct InstitutionGaps<'a> {
    id: String,
    name: &'a str,
    url: Option<String>,
    #[serde(flatten)]
    tally: Tally,
    gaps: Vec<CardGaps<'a>>,
}

#[derive(Serialize)]
struct ChartSvg<'a> {
    title: &'a str,
    svg: String,
}

#[derive(Serialize)]
struct ItemCount {
    label: String,
    count: usize,
}

#[derive(Serialize)]
struct CompletenessPage<'a> {
    overall: Tally,
    chart: ChartSvg<'a>,
    institutions: Vec<InstitutionGaps<'a>>,
    by_item: Vec<ItemCount>,
    stale_title: String,
    stale: Vec<CardGaps<'a>>,
}

/// The internal profile's "Kartīšu pilnīgums": per institution, the share of cards that say
/// everything the SDG asks (a bar each, with the numbers as a table), each incomplete card's
/// gaps linked to the card, how many cards lack each item, and the stale cards.
pub(crate) fn completeness_page(r: &Renderer, url: &str) -> (&'static str, Value) {
    use crate::resolve::completeness::{Card, Group, percent_text, report};
    let site = r.site;
    let ui = &site.ui;
    let title = ui.get("report.title");
    let report = report(site, site.config.build.stale_after_days, None);
    let tally = |g: &Group| Tally {
        cards: g.cards.len(),
        complete: g.complete(),
        share: percent_text(g.percent()),
    };
    let item_label = |id: &str| ui.get(&format!("sdg.{id}")).to_string();
    fn gaps_of<'c>(c: &'c Card, url: String, missing: Vec<String>) -> CardGaps<'c> {
        CardGaps {
            title: &c.title,
            url,
            missing,
            updated: c.updated.map(|d| d.to_string()),
        }
    }
    let card_gaps = |c| {
        gaps_of(
            c,
            relative(url, &site.content.services[c.service].doc.url),
            c.missing.iter().map(|i| item_label(i)).collect(),
        )
    };
    let bars: Vec<Bar> = report
        .institutions
        .iter()
        .map(|g| Bar {
            label: site.institution_label(g.id.as_deref().unwrap_or_default()),
            value: g.percent().round() as usize,
        })
        .collect();
    let chart_title = ui.get("report.chart");
    let institutions = report
        .institutions
        .iter()
        .map(|g| {
            let id = g.id.clone().unwrap_or_default();
            InstitutionGaps {
                url: site
                    .find(Kind::Institution, &id)
                    .map(|h| relative(url, &site.content.institutions[h].url)),
                id: format!("iestade-{id}"),
                name: &g.name,
                tally: tally(g),
                gaps: g
                    .cards
                    .iter()
                    .filter(|c| !c.complete())
                    .map(card_gaps)
                    .collect(),
            }
        })
        .collect();
    let page = Titled {
        title,
        rest: CompletenessPage {
            overall: tally(&report.overall),
            chart: ChartSvg {
                title: chart_title,
                svg: percent_chart(chart_title, &bars),
            },
            institutions,
            by_item: report
                .overall
                .missing_by_item()
                .into_iter()
                .map(|(id, count)| ItemCount {
                    label: item_label(id),
                    count,
                })
                .collect(),
            stale_title: ui
                .get("report.stale_title")
                .replace("{days}", &report.stale_days.to_string()),
            stale: report
                .overall
                .stale()
                .into_iter()
                .map(|c| CardGaps {
                    updated: Some(c.updated.map_or_else(
                        || ui.get("report.never_updated").to_string(),
                        |d| d.to_string(),
                    )),
                    ..card_gaps(c)
                })
                .collect(),
        },
    };
    view_value(
        "completeness.html",
        &PageView::new(simple(r, url, title, "completeness"), page),
    )
}

/// A kind's tab on the search page.
#[derive(Serialize)]
struct KindTab {
    slug: &'static str,
    title: String,
}

pub(crate) fn search(r: &Renderer, url: &str) -> (&'static str, Value) {
    let title = r.site.ui.get("search.title");
    // The kind tabs, in a fixed order (the script orders them by their counts).
    let kinds: Vec<KindTab> = Kind::ALL
        .iter()
        .map(|k| {
            let key = format!("kind_plural.{}", k.slug());
            KindTab {
                slug: k.slug(),
                title: r.site.ui.get(&key).to_string(),
            }
        })
        .collect();
    #[derive(Serialize)]
    struct Kinds {
        kinds: Vec<KindTab>,
    }
    let page = Titled {
        title,
        rest: Kinds { kinds },
    };
    view_value(
        "search.html",
        &PageView::new(simple(r, url, title, "search"), page),
    )
}

fn human_size(ui: &crate::ui::Ui, bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => {
            format!("{} MB", ui.decimal(b as f64 / (1024.0 * 1024.0), 1))
        }
        b if b >= 1024 => format!("{} kB", b.div_ceil(1024)),
        b => format!("{b} B"),
    }
}

/// An export on the Dati page.
#[derive(Serialize)]
struct ExportView<'a> {
    name: &'a str,
    url: String,
    format: &'a str,
    description: &'a str,
    size: String,
    /// Downloaded rather than opened (the offline package).
    download: bool,
}

#[derive(Serialize)]
struct DataPage<'a> {
    licence: &'a str,
    exports: Vec<ExportView<'a>>,
    offline_hint: Option<&'a str>,
}

pub(crate) fn data(r: &Renderer, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let ui = &site.ui;
    let title = ui.get("data.title");
    let exports = r
        .exports
        .iter()
        .map(|e| ExportView {
            name: &e.name,
            url: r.shared(url, &e.path),
            format: &e.format,
            description: ui.get(&e.description_key),
            size: if e.path == paths::OFFLINE_PACKAGE {
                format!("{} ({})", human_size(ui, e.bytes), ui.get("data.unpacked"))
            } else {
                human_size(ui, e.bytes)
            },
            download: e.path.ends_with(".zip"),
        })
        .collect();
    let page = Titled {
        title,
        rest: DataPage {
            licence: &site.config.data.licence,
            exports,
            offline_hint: site
                .config
                .data
                .offline_package
                .then(|| ui.get("data.offline_hint")),
        },
    };
    view_value(
        "data.html",
        &PageView::new(simple(r, url, title, "data"), page),
    )
}

pub(crate) fn not_found(r: &Renderer, url: &str) -> (&'static str, Value) {
    let title = r.site.ui.get("site.not_found_title");
    let page = Titled { title, rest: () };
    view_value(
        "404.html",
        &PageView::new(simple(r, url, title, "not-found"), page),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(counts: &[usize]) -> Vec<ChartRowData> {
        counts
            .iter()
            .enumerate()
            .map(|(i, &n)| (format!("v{i:03}"), n, None))
            .collect()
    }

    #[test]
    fn a_long_chart_keeps_its_largest_rows_most_first() {
        let few = rows(&[1, 5, 3]);
        let (shown, left_out) = largest_rows(few);
        assert_eq!(left_out, 0);
        // A short chart keeps its own order.
        assert_eq!(shown.iter().map(|r| r.1).collect::<Vec<_>>(), vec![1, 5, 3]);
        let many: Vec<usize> = (0..CHART_SHOWN + 25).map(|i| (i * 7) % 50).collect();
        let (shown, left_out) = largest_rows(rows(&many));
        assert_eq!((shown.len(), left_out), (CHART_SHOWN, 25));
        assert!(shown.windows(2).all(|w| w[0].1 >= w[1].1), "most first");
        let smallest_shown = shown.last().map_or(0, |r| r.1);
        let mut sorted = many.clone();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        assert_eq!(smallest_shown, sorted[CHART_SHOWN - 1]);
    }
}
