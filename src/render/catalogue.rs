//! The service catalogue: service pages, the A–Z catalogue with combinable facets, and one
//! static page per facet value so browsing works without JavaScript and from `file://`.
//! Municipal variants are listed under their template (and on their municipality's pages),
//! never as near-duplicates in the A–Z list.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use rayon::prelude::*;
use rustc_hash::FxHasher;
use serde::Serialize;
use serde_json::{Value, json};

use crate::model::{ObjKey, Service};
use crate::render::chrome::Chrome;
use crate::render::pager::{self, Pager};
use crate::render::{Job, Link, PageView, Renderer, view_value};
use crate::resolve::Site;
use crate::schema::{
    AUDIENCE, AUTHENTICATION, CHANNEL, ELECTRONIC_CHANNELS, ESERVICE_CHANNELS, Kind, LANGUAGE,
    LEGAL_BASIS, PAYMENT_METHOD, SERVICE_SUBTYPE, SERVICE_TYPE, STAGE,
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
    /// The first letter of each service in [`Facets::order`], made once for every page of
    /// the catalogue (each page's letter index spans the whole list), and their hash.
    letters: OnceLock<(Vec<String>, u64)>,
}

fn ids(values: &[String]) -> String {
    values.join(" ")
}

impl Facets {
    pub(crate) fn build(site: &Site) -> Facets {
        let services = &site.content.services;
        let mut all: Vec<usize> = (0..services.len()).collect();
        collate::sort_by_key_in(&site.ui.language, &mut all, |&i| services[i].title.as_str());
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
        collate::sort_by_key_in(&site.ui.language, &mut holders, |v| v.title.clone());
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
        collate::sort_by_key_in(&site.ui.language, &mut situations, |v| v.title.clone());
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
            letters: OnceLock::new(),
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
                    list_item(site, i, s, &self.channels[i], String::new()).hash(&mut h);
                    s.doc.url.hash(&mut h);
                    h.finish()
                })
                .collect()
        });
        let mut h = FxHasher::default();
        // A page of a list shows its part of the list, with a count and a pager (and the
        // catalogue's letter index) made from the whole list: its part is hashed, with its
        // number and what it shows of the whole.
        let (job, n) = match job {
            Job::More(first, n) => (first.as_ref(), *n),
            _ => (job, 1),
        };
        (n, r.page_size()).hash(&mut h);
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
            // The filter data: every facet's values and who has them, every listed service.
            Job::CatalogueData => {
                "catalogue data".hash(&mut h);
                for f in &self.list {
                    f.name.hash(&mut h);
                    for v in &f.values {
                        (&v.value, &v.services).hash(&mut h);
                    }
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
        let shown = if *job == Job::CatalogueData {
            services.as_slice()
        } else {
            services.len().hash(&mut h);
            if *job == Job::Catalogue {
                self.letters(site).1.hash(&mut h);
            }
            &services[pager::page_range(services.len(), r.page_size(), n)]
        };
        for &i in shown {
            items[i].hash(&mut h);
        }
        Some(h.finish())
    }

    /// The first letter of each service in the catalogue's order, and a hash of them all.
    fn letters(&self, site: &Site) -> &(Vec<String>, u64) {
        self.letters.get_or_init(|| {
            let letters: Vec<String> = self
                .order
                .iter()
                .map(|&i| collate::letter_in(&site.ui.language, &site.content.services[i].title))
                .collect();
            let mut h = FxHasher::default();
            letters.hash(&mut h);
            (letters, h.finish())
        })
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
    pub(crate) fn entries(&self, services: &[usize], site: &Site, from: &str) -> Vec<ListItem> {
        services
            .iter()
            .map(|&i| {
                let s = &site.content.services[i];
                list_item(site, i, s, &self.channels[i], relative(from, &s.doc.url))
            })
            .collect()
    }
}

/// A service in a list: what the list shows and, in `data-*` attributes, the facet codes
/// the catalogue's filters read.
#[derive(Serialize, Hash)]
pub(crate) struct ListItem {
    title: String,
    summary: Option<String>,
    holder: String,
    holder_id: String,
    audience_ids: String,
    channel_ids: String,
    situation_ids: String,
    type_id: String,
    key: &'static str,
    fully_electronic: bool,
    variant_count: usize,
    url: String,
}

fn list_item(site: &Site, i: usize, s: &Service, channels: &[&str], url: String) -> ListItem {
    let situations: Vec<String> = site.service_situations[i]
        .iter()
        .map(|&si| site.content.situations[si].doc.id.clone())
        .collect();
    ListItem {
        title: s.title.clone(),
        summary: s.summary.clone(),
        holder: site.institution_label(&s.holder.id).to_string(),
        holder_id: s.holder.id.clone(),
        audience_ids: ids(&s.audience),
        channel_ids: channels.join(" "),
        situation_ids: ids(&situations),
        type_id: s.service_type.clone().unwrap_or_default(),
        key: if s.key_service { "ja" } else { "" },
        fully_electronic: s.fully_electronic(),
        variant_count: site.variants[i].len(),
        url,
    }
}

/// A link of the A–Z letter index: to the letter's heading on the page that holds its first
/// entry.
#[derive(Serialize)]
pub(crate) struct LetterLink {
    letter: String,
    url: String,
}

/// The entries of one letter on one page.
#[derive(Serialize)]
pub(crate) struct LetterGroup {
    letter: String,
    anchor: String,
    services: Vec<ListItem>,
}

/// A letter's anchor on a page (`burts-` and its characters in hex).
pub(crate) fn letter_anchor(letter: &str) -> String {
    letter
        .chars()
        .map(|c| format!("{:x}", c as u32))
        .collect::<String>()
}

/// The A–Z index of a paginated list: each letter (of `letters`, the first letter of every
/// entry in order) linked to its heading on the page that holds its first entry. `first` is
/// the list's first page, `url` the page the links are on.
pub(crate) fn letter_index(
    letters: &[String],
    size: usize,
    first: &str,
    url: &str,
) -> Vec<LetterLink> {
    let mut out: Vec<LetterLink> = Vec::new();
    for (k, letter) in letters.iter().enumerate() {
        if k > 0 && letters[k - 1] == *letter {
            continue;
        }
        let page = pager::page_url(first, k / size.max(1) + 1);
        let anchor = letter_anchor(letter);
        out.push(LetterLink {
            letter: letter.clone(),
            url: if page == url {
                format!("#burts-{anchor}")
            } else {
                format!("{}#burts-{anchor}", relative(url, &page))
            },
        });
    }
    out
}

/// Services (a page's part of the A–Z list) grouped under their first letter.
fn letter_groups(r: &Renderer, services: &[usize], from: &str) -> Vec<LetterGroup> {
    let site = r.site;
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for &i in services {
        let letter = collate::letter_in(&site.ui.language, &site.content.services[i].title);
        match groups.last_mut() {
            Some((l, list)) if *l == letter => list.push(i),
            _ => groups.push((letter, vec![i])),
        }
    }
    groups
        .into_iter()
        .map(|(letter, list)| LetterGroup {
            anchor: letter_anchor(&letter),
            letter,
            services: r.facets().entries(&list, site, from),
        })
        .collect()
}

/// A facet on the catalogue page: its values, each linked to its own page.
#[derive(Serialize)]
struct FacetView<'a> {
    name: &'static str,
    slug: &'static str,
    title: &'a str,
    values: Vec<FacetValueView<'a>>,
    /// When the facet has more values than [`FACET_SHOWN`]: the list page of all of them.
    all: Option<FacetAll>,
}

/// The link from a long facet to the page listing all its values.
#[derive(Serialize)]
struct FacetAll {
    url: String,
    label: String,
}

/// Values a facet shows on the catalogue page: a large site has thousands of holders and
/// hundreds of life situations, and the catalogue page stays small on every site. A facet
/// with more shows the values most services have (A–Z) and links to the list of all of them
/// (the institutions, the life situations), each with its services.
const FACET_SHOWN: usize = 40;

/// The values of a facet the catalogue page shows: all of them, or the [`FACET_SHOWN`] most
/// used, A–Z.
fn shown_values(f: &Facet) -> Vec<&FacetValue> {
    if f.values.len() <= FACET_SHOWN {
        return f.values.iter().collect();
    }
    let mut by_use: Vec<usize> = (0..f.values.len()).collect();
    by_use.sort_by_key(|&v| std::cmp::Reverse(f.values[v].services.len()));
    by_use.truncate(FACET_SHOWN);
    by_use.sort_unstable();
    by_use.into_iter().map(|v| &f.values[v]).collect()
}

#[derive(Serialize)]
struct FacetValueView<'a> {
    value: &'a str,
    title: &'a str,
    url: String,
    count: usize,
}

/// A page of the A–Z catalogue.
#[derive(Serialize)]
struct CataloguePage<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    /// The intro page's text, on the first page only.
    body: String,
    facets: Vec<FacetView<'a>>,
    letters: Vec<LetterLink>,
    groups: Vec<LetterGroup>,
    list_title: &'a str,
    /// Services in the whole catalogue.
    count: usize,
    pager: Option<Pager>,
    /// The filter data script, relative to the page.
    data_url: String,
    /// Entries per page, for the filters' results.
    page_size: usize,
}

pub(crate) fn catalogue(r: &Renderer, url: &str, n: usize) -> (&'static str, Value) {
    let site = r.site;
    let ui = &site.ui;
    let first = format!("{}/index.html", paths::SERVICES);
    let intro = site
        .find(Kind::Page, paths::SERVICES)
        .map(|i| (i, &site.content.pages[i]));
    let title = intro.map_or(ui.get("catalogue.title"), |(_, p)| p.title.as_str());
    let order = &r.facets().order;
    let size = r.page_size();
    let count = pager::page_count(order.len(), size);
    let page_title = pager::paged_title(ui, title, n, count);
    let chrome = r.chrome_view(Chrome {
        url,
        title: &page_title,
        kind: "catalogue",
        description: intro.and_then(|(_, p)| p.summary.as_deref()),
        crumbs: Vec::new(),
        nav_section: None,
        jsonld: Vec::new(),
    });
    let facets: Vec<FacetView> = r
        .facets()
        .list
        .iter()
        .filter(|f| !f.values.is_empty())
        .map(|f| FacetView {
            name: f.name,
            slug: f.slug,
            title: ui.get(f.title_key),
            all: (f.values.len() > FACET_SHOWN).then(|| FacetAll {
                url: relative(
                    url,
                    &format!(
                        "{}/index.html",
                        if f.name == "situation" {
                            paths::SITUATIONS
                        } else {
                            paths::INSTITUTIONS
                        }
                    ),
                ),
                label: ui.fill(
                    "catalogue.facet_all",
                    &[("count", f.values.len().to_string())],
                ),
            }),
            values: shown_values(f)
                .into_iter()
                .map(|v| FacetValueView {
                    value: &v.value,
                    title: &v.title,
                    url: relative(url, &v.url),
                    count: v.services.len(),
                })
                .collect(),
        })
        .collect();
    let (letters, _) = r.facets().letters(site);
    let on_page = &order[pager::page_range(order.len(), size, n)];
    let page = CataloguePage {
        title,
        summary: intro.and_then(|(_, p)| p.summary.as_deref()),
        body: match intro {
            Some((i, _)) if n == 1 => r.body(ObjKey::new(Kind::Page, i)).into_owned(),
            _ => String::new(),
        },
        facets,
        letters: letter_index(letters, size, &first, url),
        groups: letter_groups(r, on_page, url),
        list_title: ui.get("catalogue.az"),
        count: order.len(),
        pager: Pager::new(ui, &first, url, n, count),
        data_url: relative(url, paths::CATALOGUE_DATA),
        page_size: size,
    };
    view_value("catalogue.html", &PageView::new(chrome, page))
}

/// A page of the services with one facet value.
#[derive(Serialize)]
struct FacetPage<'a> {
    title: &'a str,
    facet_title: &'a str,
    /// Services with the value (on every page).
    count: usize,
    services: Vec<ListItem>,
    catalogue_url: String,
    pager: Option<Pager>,
}

pub(crate) fn facet(
    r: &Renderer,
    f: usize,
    v: usize,
    url: &str,
    n: usize,
) -> (&'static str, Value) {
    let site = r.site;
    let ui = &site.ui;
    let facet = &r.facets().list[f];
    let value = &facet.values[v];
    let facet_title = ui.get(facet.title_key);
    let size = r.page_size();
    let count = pager::page_count(value.services.len(), size);
    let page_title = pager::paged_title(ui, &value.title, n, count);
    let chrome = r.chrome_view(Chrome {
        url,
        title: &page_title,
        kind: "facet",
        description: None,
        crumbs: vec![(
            ui.get("catalogue.title").to_string(),
            Some(format!("{}/index.html", paths::SERVICES)),
        )],
        nav_section: None,
        jsonld: Vec::new(),
    });
    let on_page = &value.services[pager::page_range(value.services.len(), size, n)];
    let page = FacetPage {
        title: &value.title,
        facet_title,
        count: value.services.len(),
        services: r.facets().entries(on_page, site, url),
        catalogue_url: relative(url, &format!("{}/index.html", paths::SERVICES)),
        pager: Pager::new(ui, &value.url, url, n, count),
    };
    view_value("facet.html", &PageView::new(chrome, page))
}

/// The catalogue's filter data, compact: per facet its codes (`v`, in the order of the
/// checkboxes' values), the holders' labels (`h`), and per listed service in A–Z order
/// `[title, address relative to the catalogue, [codes of each facet as indexes into v],
/// fully electronic (0/1), variants]` (`s`). Codes, not labels: the page has the labels.
#[derive(Serialize)]
struct CatalogueData<'a> {
    f: Vec<&'static str>,
    v: Vec<Vec<&'a str>>,
    h: Vec<String>,
    s: Vec<DataEntry<'a>>,
}

/// A service in the filter data: title, address, per facet its values' indexes, fully
/// electronic (0/1), variants.
type DataEntry<'a> = (&'a str, String, Vec<Vec<u32>>, u8, usize);

/// The filter data script's view: the data as one JSON text.
#[derive(Serialize)]
struct CatalogueDataView {
    data: String,
}

pub(crate) fn catalogue_data(r: &Renderer, _url: &str) -> (&'static str, Value) {
    let site = r.site;
    let facets = r.facets();
    let from = format!("{}/index.html", paths::SERVICES);
    // Per facet, per service: the indexes of its values.
    let services = &site.content.services;
    let mut codes: Vec<Vec<Vec<u32>>> = vec![vec![Vec::new(); facets.list.len()]; services.len()];
    for (f, facet) in facets.list.iter().enumerate() {
        for (v, value) in facet.values.iter().enumerate() {
            for &i in &value.services {
                codes[i][f].push(v as u32);
            }
        }
    }
    let holders = facets.list.iter().find(|f| f.name == "holder");
    let data = CatalogueData {
        f: facets.list.iter().map(|f| f.name).collect(),
        v: facets
            .list
            .iter()
            .map(|f| f.values.iter().map(|v| v.value.as_str()).collect())
            .collect(),
        h: holders.map_or_else(Vec::new, |f| {
            f.values
                .iter()
                .map(|v| site.institution_label(&v.value))
                .collect()
        }),
        s: facets
            .order
            .iter()
            .map(|&i| {
                let s = &services[i];
                (
                    s.title.as_str(),
                    relative(&from, &s.doc.url),
                    std::mem::take(&mut codes[i]),
                    u8::from(s.fully_electronic()),
                    site.variants[i].len(),
                )
            })
            .collect(),
    };
    let data = serde_json::to_string(&data).expect("the filter data serialises");
    view_value("catalogue-data.js", &CatalogueDataView { data })
}

/// Hands the optional one-line text fields of a declaration (`Ty::Text`, not required, kept
/// on the object) to the struct of a page view: each is in the view by its key, as written.
macro_rules! optional_texts {
    ([$(#[$sm:meta])* $name:ident for $object:ty] $($fields:tt)*) => {
        optional_texts!(@go [$(#[$sm])* $name $object] [] $($fields)*);
    };
    (@go $head:tt [$($done:tt)*] $(#[$m:meta])* card $field:ident : Option<String> = $key:literal
        => Ty::Text, No $(, $opt:ident)*; $($rest:tt)*) => {
        optional_texts!(@go $head [$($done)* $field $key] $($rest)*);
    };
    (@go $head:tt [$($done:tt)*] $(#[$m:meta])* $place:ident $field:ident : $rty:ty = $key:literal
        => $ty:expr, $req:ident $(, $opt:ident)*; $($rest:tt)*) => {
        optional_texts!(@go $head [$($done)*] $($rest)*);
    };
    (@go [$(#[$sm:meta])* $name:ident $object:ty] [$($field:ident $key:literal)*]) => {
        $(#[$sm])*
        #[derive(Serialize, Default)]
        struct $name<'a> {
            $(#[serde(rename = $key)] $field: Option<&'a str>,)*
        }

        impl<'a> $name<'a> {
            fn of(object: &'a $object) -> Self {
                $name { $($field: object.$field.as_deref(),)* }
            }
        }
    };
}

crate::schema::service_fields!(optional_texts
    /// A service card's optional text fields (summary, cost, processing time, …).
    ServiceTexts for Service
);

/// A service page's own data. Its optional text fields come from the declaration
/// ([`ServiceTexts`]); the rest are shown as labels and links.
#[derive(Serialize)]
struct ServicePage<'a> {
    #[serde(flatten)]
    texts: ServiceTexts<'a>,
    title: &'a str,
    body: Cow<'a, str>,
    /// How to get it: the ways other than the e-service's start button.
    how_channels: Vec<&'a str>,
    /// The ways are the request stage's channels (else every channel the card names).
    how_is_request: bool,
    holder: Link<'a>,
    providers: Vec<Link<'a>>,
    audience: Vec<&'a str>,
    #[serde(rename = "type")]
    type_label: Option<String>,
    legal_basis: Option<&'a str>,
    legal_acts: &'a [String],
    key_service: bool,
    unified: bool,
    stages: Vec<StageRow<'a>>,
    fully_electronic: bool,
    support_levels: Vec<String>,
    documents: Vec<Document<'a>>,
    authentication: Vec<&'a str>,
    payment_methods: Vec<&'a str>,
    appeal: Option<Appeal<'a>>,
    contact: Option<Contact<'a>>,
    languages: Vec<&'a str>,
    eservice_url: Option<&'a str>,
    situations: Vec<Link<'a>>,
    terms: Vec<Link<'a>>,
    template: Option<Link<'a>>,
    variants: Vec<Variant>,
    internal: Option<InternalView<'a>>,
}

/// One of the five stages: its channels and whether one of them is electronic.
#[derive(Serialize)]
struct StageRow<'a> {
    name: &'a str,
    channels: Vec<&'a str>,
    electronic: bool,
}

#[derive(Serialize)]
struct Document<'a> {
    name: &'a str,
    once_only: bool,
}

#[derive(Serialize)]
struct Appeal<'a> {
    text: &'a str,
    url: Option<&'a str>,
}

/// Whom to contact; `of_holder` when it is the holder's, the card having none.
#[derive(Serialize)]
struct Contact<'a> {
    phone: Option<&'a str>,
    /// The phone number as a `tel:` link.
    tel: Option<String>,
    email: Option<&'a str>,
    address: Option<&'a str>,
    opening_hours: Option<&'a str>,
    of_holder: bool,
}

/// A municipal variant of a unified template.
#[derive(Serialize)]
struct Variant {
    holder: String,
    url: String,
}

/// The internal profile's fields of a card.
#[derive(Serialize)]
struct InternalView<'a> {
    manager: Option<&'a str>,
    maturity: Option<String>,
    kpis: Vec<KpiView<'a>>,
    process_notes: Option<&'a str>,
    resources: &'a [String],
}

#[derive(Serialize)]
struct KpiView<'a> {
    name: &'a str,
    target: Option<&'a str>,
    value: Option<&'a str>,
}

/// The UI labels of values of the enum `name`.
fn labels<'a>(ui: &'a crate::ui::Ui, name: &str, values: &'a [String]) -> Vec<&'a str> {
    values.iter().map(|v| ui.value(name, v)).collect()
}

pub(crate) fn service(r: &Renderer, i: usize, url: &str) -> (&'static str, Value) {
    let site = r.site;
    let ui = &site.ui;
    let s = &site.content.services[i];
    let key = ObjKey::new(Kind::Service, i);
    let holder = r
        .link_id(Kind::Institution, &s.holder.id, url)
        .unwrap_or_else(|| Link {
            title: &s.holder.id,
            url: String::new(),
        });
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
    let chrome = r.chrome_view(Chrome {
        url,
        title: &s.title,
        kind: "service",
        description: s.summary.as_deref(),
        crumbs,
        nav_section: None,
        jsonld,
    });
    let stages = if s.stages.is_empty() {
        Vec::new()
    } else {
        STAGE
            .values
            .iter()
            .map(|st| {
                let channels = s.stage(st);
                StageRow {
                    name: ui.value("stage", st),
                    channels: channels.iter().map(|c| ui.value("channel", c)).collect(),
                    electronic: channels
                        .iter()
                        .any(|c| ELECTRONIC_CHANNELS.contains(&c.as_str())),
                }
            })
            .collect()
    };
    let type_label = match (&s.service_type, &s.subtype) {
        (Some(t), Some(st)) => Some(format!(
            "{}; {}",
            ui.value("type", t),
            ui.value(SERVICE_SUBTYPE.name, st).to_lowercase()
        )),
        (Some(t), None) => Some(ui.value("type", t).to_string()),
        (None, Some(st)) => Some(ui.value(SERVICE_SUBTYPE.name, st).to_string()),
        (None, None) => None,
    };
    let internal = s
        .internal
        .as_ref()
        .filter(|x| !x.is_empty())
        .map(|x| InternalView {
            manager: x.manager.as_deref(),
            maturity: x
                .maturity
                .map(|m| ui.value("maturity", &m.to_string()).to_string()),
            kpis: x
                .kpis
                .iter()
                .map(|k| KpiView {
                    name: &k.name,
                    target: k.target.as_deref(),
                    value: k.value.as_deref(),
                })
                .collect(),
            process_notes: site
                .fragments
                .get(&(key, "process_notes".to_string()))
                .map(String::as_str),
            resources: &x.resources,
        });
    let variants = site.variants[i]
        .iter()
        .map(|&v| {
            let vs = &site.content.services[v];
            Variant {
                holder: site.institution_label(&vs.holder.id),
                url: relative(url, &vs.doc.url),
            }
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
    let how_channels = ways
        .into_iter()
        .filter(|c| s.eservice_url.is_none() || !ESERVICE_CHANNELS.contains(c))
        .map(|c| ui.value("channel", c))
        .collect();
    // Whom to contact: the card's own contact, else its holder's (then said so).
    let holder_inst = site
        .find(Kind::Institution, &s.holder.id)
        .map(|h| &site.content.institutions[h]);
    let contact = s.contact_or(holder_inst).map(|c| Contact {
        phone: c.phone.as_deref(),
        tel: c.phone.as_ref().map(|p| {
            let digits: String = p
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            format!("tel:{digits}")
        }),
        email: c.email.as_deref(),
        address: c.address.as_deref(),
        opening_hours: c.opening_hours.as_deref(),
        of_holder: s.contact.is_none(),
    });
    let labels = |name, values| labels(ui, name, values);
    let page = ServicePage {
        texts: ServiceTexts::of(s),
        title: &s.title,
        body: r.body(key),
        how_channels,
        how_is_request: !request.is_empty(),
        holder,
        providers: s
            .providers
            .iter()
            .filter_map(|p| r.link_id(Kind::Institution, &p.id, url))
            .collect(),
        audience: labels(AUDIENCE.name, &s.audience),
        type_label,
        legal_basis: s
            .legal_basis
            .as_ref()
            .map(|l| ui.value(LEGAL_BASIS.name, l)),
        legal_acts: &s.legal_acts,
        key_service: s.key_service,
        unified: s.unified,
        stages,
        fully_electronic: s.fully_electronic(),
        support_levels: s
            .support_levels
            .iter()
            .map(|l| ui.value("support_level", &l.to_string()).to_string())
            .collect(),
        documents: s
            .documents
            .iter()
            .map(|d| Document {
                name: &d.name,
                once_only: d.once_only,
            })
            .collect(),
        authentication: labels(AUTHENTICATION.name, &s.authentication),
        payment_methods: labels(PAYMENT_METHOD.name, &s.payment_methods),
        appeal: s.appeal.as_ref().map(|a| Appeal {
            text: &a.text,
            url: a.url.as_deref(),
        }),
        contact,
        languages: labels(LANGUAGE.name, &s.languages),
        eservice_url: s.eservice_url.as_deref(),
        situations: site.service_situations[i]
            .iter()
            .map(|&si| r.link(ObjKey::new(Kind::Situation, si), url))
            .collect(),
        terms: s
            .terms
            .iter()
            .filter_map(|t| r.link_id(Kind::Term, &t.id, url))
            .collect(),
        template: template.map(|t| r.link(t, url)),
        variants,
        internal,
    };
    let view = PageView {
        meta: Some(r.meta_items(&s.doc)),
        backlinks: Some(r.backlink_list(key, url)),
        ..PageView::new(chrome, page)
    };
    view_value("service.html", &view)
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
        .map(|a| json!({"@type": "Audience", "audienceType": ui.value(AUDIENCE.name, a)}))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Req, SERVICE, Ty};

    #[test]
    fn a_service_page_has_every_optional_text_field_by_its_key() {
        let view = serde_json::to_value(ServiceTexts::default()).unwrap();
        let keys: Vec<&str> = view
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut declared: Vec<&str> = SERVICE
            .iter()
            .filter(|f| !f.internal && f.req == Req::No && matches!(f.ty, Ty::Text))
            .map(|f| f.key)
            .collect();
        declared.sort_unstable();
        assert_eq!(keys, declared);
    }
}
