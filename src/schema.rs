//! The field definitions of every kind: key, type, whether required or internal, allowed
//! values. The validator checks front matter against them and the field reference page is
//! generated from them, so the two cannot drift. Labels and meanings live in the UI strings.

/// The kinds of object a site holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A guidance page or a section's `_index.md`.
    Page,
    /// A service card.
    Service,
    /// A life situation.
    Situation,
    /// A glossary term.
    Term,
    /// An institution of the registry (`content/iestades.yaml`).
    Institution,
    /// A course (`content/kursi/<course>/_index.md`).
    Course,
    /// A lesson of a course.
    Lesson,
}

impl Kind {
    /// Every kind, in the order pages and reports list them.
    pub const ALL: [Kind; 7] = [
        Kind::Page,
        Kind::Service,
        Kind::Situation,
        Kind::Term,
        Kind::Institution,
        Kind::Course,
        Kind::Lesson,
    ];

    /// The English slug used in code, qualified wiki links (`[[term:id]]`) and JSON.
    pub(crate) fn slug(self) -> &'static str {
        match self {
            Kind::Page => "page",
            Kind::Service => "service",
            Kind::Situation => "situation",
            Kind::Term => "term",
            Kind::Institution => "institution",
            Kind::Course => "course",
            Kind::Lesson => "lesson",
        }
    }

    pub(crate) fn from_slug(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.slug() == s)
    }

    /// The declared fields of the kind, in the order the field reference lists them.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Kind::Page => PAGE,
            Kind::Service => SERVICE,
            Kind::Situation => SITUATION,
            Kind::Term => TERM,
            Kind::Institution => INSTITUTION,
            Kind::Course => COURSE,
            Kind::Lesson => LESSON,
        }
    }
}

/// A fixed list of allowed values (slugs); their Latvian labels are in the UI strings under
/// `values.<name>.<value>`.
#[derive(Debug)]
pub struct EnumDef {
    pub(crate) name: &'static str,
    pub(crate) values: &'static [&'static str],
    /// Values that must stand alone in a list (`none` beside another value contradicts it).
    pub(crate) alone: &'static [&'static str],
}

impl EnumDef {
    pub(crate) fn contains(&self, v: &str) -> bool {
        self.values.contains(&v)
    }
}

pub(crate) static AUDIENCE: EnumDef = EnumDef {
    name: "audience",
    values: &["iedzivotaji", "uznemeji", "iestades"],
    alone: &[],
};

pub(crate) static SERVICE_TYPE: EnumDef = EnumDef {
    name: "type",
    values: &["publisks", "starpiestazu"],
    alone: &[],
};

pub(crate) static SERVICE_SUBTYPE: EnumDef = EnumDef {
    name: "subtype",
    values: &[
        "individuala-labuma",
        "vispareja-labuma",
        "koplietosanas",
        "individualas-lietosanas",
    ],
    alone: &[],
};

/// Which subtypes belong to which type (seed 002, "Pakalpojumu veidi").
pub(crate) fn subtype_fits(service_type: &str, subtype: &str) -> bool {
    matches!(
        (service_type, subtype),
        ("publisks", "individuala-labuma" | "vispareja-labuma")
            | ("starpiestazu", "koplietosanas" | "individualas-lietosanas")
    )
}

pub(crate) static LEGAL_BASIS: EnumDef = EnumDef {
    name: "legal_basis",
    values: &["valsts-noteikts", "pasiniciativas"],
    alone: &[],
};

pub(crate) static CHANNEL: EnumDef = EnumDef {
    name: "channel",
    values: &[
        "klatiene",
        "vpvkac",
        "latvija-lv",
        "iestades-vietne",
        "e-pasts",
        "e-adrese",
        "pasts",
        "talrunis",
    ],
    alone: &[],
};

/// Channels through which a stage is done without paper or a visit.
pub(crate) const ELECTRONIC_CHANNELS: &[&str] =
    &["latvija-lv", "iestades-vietne", "e-pasts", "e-adrese"];

/// Channels that are an e-service (used for the "has an e-service" share).
pub(crate) const ESERVICE_CHANNELS: &[&str] = &["latvija-lv", "iestades-vietne"];

/// The five service stages, in order (seed 003, Tabula 1).
pub(crate) static STAGE: EnumDef = EnumDef {
    name: "stage",
    values: &[
        "informacija",
        "pieprasijums",
        "izpilde",
        "rezultats",
        "novertejums",
    ],
    alone: &[],
};

/// How a person proves who they are to use the service (SDG: identification and
/// authentication); `none`: nothing needed.
pub(crate) static AUTHENTICATION: EnumDef = EnumDef {
    name: "authentication",
    values: &[
        "eid-karte",
        "eparaksts",
        "internetbanka",
        "klatiene-ar-dokumentu",
        "none",
    ],
    alone: &["none"],
};

/// How the cost is paid (SDG: payment methods); `none`: nothing to pay.
pub(crate) static PAYMENT_METHOD: EnumDef = EnumDef {
    name: "payment_method",
    values: &[
        "maksajumu-modulis",
        "maksajumu-karte",
        "parskaitijums",
        "skaidra-nauda",
        "none",
    ],
    alone: &["none"],
};

/// Languages a service is offered in: ISO 639-1 codes (the EU's official languages and the
/// languages of Latvia's neighbours and largest language communities). A language is one
/// line here and its name under `values.language` in the UI strings.
pub(crate) static LANGUAGE: EnumDef = EnumDef {
    name: "language",
    values: &[
        "lv", "en", "ru", "uk", "be", "lt", "et", "pl", "de", "fr", "es", "it", "pt", "nl", "sv",
        "fi", "da", "cs", "sk", "sl", "hr", "hu", "ro", "bg", "el", "ga", "mt", "no", "is", "tr",
        "zh", "ar",
    ],
    alone: &[],
};

pub(crate) static INSTITUTION_KIND: EnumDef = EnumDef {
    name: "institution_kind",
    values: &["ministrija", "iestade", "pasvaldiba", "cita"],
    alone: &[],
};

/// The type of a field's value.
#[derive(Debug)]
pub enum Ty {
    /// One line of text.
    Text,
    /// Markdown text.
    Markdown,
    /// `true` or `false`.
    Bool,
    /// A whole number within bounds.
    Int {
        /// The smallest allowed value.
        min: i64,
        /// The largest allowed value.
        max: i64,
    },
    /// A calendar date `YYYY-MM-DD`.
    Date,
    /// An absolute `http(s)` URL.
    Url,
    /// An e-mail address (`name@domain.lv`).
    Email,
    /// A telephone number: digits, spaces, `+`, `-`, `(`, `)`.
    Phone,
    /// An object id (lowercase ASCII slug).
    Slug,
    /// The id of an object of another kind; checked during resolve.
    Ref(Kind),
    /// One of a list of allowed values.
    Enum(&'static EnumDef),
    /// A list of values of one type.
    List(&'static Ty),
    /// A mapping with its own fields.
    Record(&'static [Field]),
    /// A mapping with its own fields, or just its first field's text (`appeal: Teksts` is
    /// `appeal: {text: Teksts}`).
    TextOr(&'static [Field]),
    /// A mapping from enum values to values.
    Map {
        /// The allowed keys.
        keys: &'static EnumDef,
        /// The type of every value.
        value: &'static Ty,
    },
}

/// Whether a field must be present.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Req {
    /// Always required.
    Yes,
    /// Optional.
    No,
    /// Required except on a municipal variant (which inherits it from its template).
    UnlessVariant,
}

/// One field of a kind: its key, value type and whether it is required or internal.
#[derive(Debug)]
pub struct Field {
    /// The key as written in front matter.
    pub key: &'static str,
    /// The type of its value.
    pub ty: Ty,
    /// Whether it must be given.
    pub req: Req,
    /// Only in the internal build profile.
    pub internal: bool,
}

const fn f(key: &'static str, ty: Ty) -> Field {
    Field {
        key,
        ty,
        req: Req::No,
        internal: false,
    }
}

const fn required(key: &'static str, ty: Ty) -> Field {
    Field {
        key,
        ty,
        req: Req::Yes,
        internal: false,
    }
}

/// Where to appeal a decision (SDG: redress): the text, and a link to more.
static APPEAL: &[Field] = &[required("text", Ty::Text), f("url", Ty::Url)];

/// A document or piece of information the service needs; `once_only: true` when the
/// institution obtains it itself (the once-only principle) instead of asking for it.
static INPUT: &[Field] = &[required("name", Ty::Text), f("once_only", Ty::Bool)];

/// Whom to contact: on a card, or on an institution (a card without one shows its holder's).
pub(crate) static CONTACT: &[Field] = &[
    f("phone", Ty::Phone),
    f("email", Ty::Email),
    f("address", Ty::Text),
    f("opening_hours", Ty::Text),
];

static CHANNEL_LIST: Ty = Ty::List(&Ty::Enum(&CHANNEL));

/// The weight that orders pages, courses and lessons (lower first).
const WEIGHT: Ty = Ty::Int {
    min: -1_000_000,
    max: 1_000_000,
};

/// A guidance page's fields (also a section's `_index.md`), declared once; the line format
/// is [`service_fields`]'s. `meta`: validated for the author's own use, not kept.
macro_rules! page_fields {
    ($then:ident $($args:tt)*) => {
        $then! { [$($args)*]
            doc id: () = "id" => Ty::Slug, No;
            card title: String = "title" => Ty::Text, Yes;
            card summary: Option<String> = "summary" => Ty::Text, No;
            card weight: i64 = "weight" => WEIGHT, No;
            meta tags: () = "tags" => Ty::List(&Ty::Text), No;
            meta audience: () = "audience" => Ty::List(&Ty::Enum(&AUDIENCE)), No;
            doc source: () = "source" => Ty::Slug, No;
            doc updated: () = "updated" => Ty::Date, No;
            /// `false` hides the table of contents (shown when absent).
            card toc: Option<bool> = "toc" => Ty::Bool, No;
        }
    };
}
pub(crate) use page_fields;

/// A life situation's fields, declared once (the line format is [`service_fields`]'s).
macro_rules! situation_fields {
    ($then:ident $($args:tt)*) => {
        $then! { [$($args)*]
            doc id: () = "id" => Ty::Slug, No;
            card title: String = "title" => Ty::Text, Yes;
            card summary: Option<String> = "summary" => Ty::Text, No;
            card coordinator: Option<Ref> = "coordinator" => Ty::Ref(Kind::Institution), No;
            card circumstances: Vec<String> = "circumstances" => Ty::List(&Ty::Text), No;
            card steps: Vec<Step> = "steps" => Ty::List(&Ty::Record(STEP)), No;
            card groups: Vec<Step> = "groups" => Ty::List(&Ty::Record(STEP)), No;
            card related: Vec<Ref> = "related" => Ty::List(&Ty::Ref(Kind::Situation)), No;
            card keywords: Vec<String> = "keywords" => Ty::List(&Ty::Text), No;
            doc source: () = "source" => Ty::Slug, No;
            doc updated: () = "updated" => Ty::Date, No;
        }
    };
}
pub(crate) use situation_fields;

/// A glossary term's fields, declared once (the line format is [`service_fields`]'s).
macro_rules! term_fields {
    ($then:ident $($args:tt)*) => {
        $then! { [$($args)*]
            doc id: () = "id" => Ty::Slug, No;
            card term: String = "term" => Ty::Text, Yes;
            card abbreviations: Vec<String> = "abbreviations" => Ty::List(&Ty::Text), No;
            card synonyms: Vec<String> = "synonyms" => Ty::List(&Ty::Text), No;
            card english: Option<String> = "english" => Ty::Text, No;
            doc source: () = "source" => Ty::Slug, No;
            card related: Vec<Ref> = "related" => Ty::List(&Ty::Ref(Kind::Term)), No;
            card short: Option<String> = "short" => Ty::Text, No;
            doc updated: () = "updated" => Ty::Date, No;
        }
    };
}
pub(crate) use term_fields;

/// An institution's fields in the registry (`content/iestades.yaml`), declared once (the
/// line format is [`service_fields`]'s).
macro_rules! institution_fields {
    ($then:ident $($args:tt)*) => {
        $then! { [$($args)*]
            card id: String = "id" => Ty::Slug, Yes;
            card name: String = "name" => Ty::Text, Yes;
            card short_name: Option<String> = "short_name" => Ty::Text, No;
            card kind: Option<String> = "kind" => Ty::Enum(&INSTITUTION_KIND), No;
            card parent: Option<Ref> = "parent" => Ty::Ref(Kind::Institution), No;
            /// Its own website.
            card website: Option<String> = "url" => Ty::Url, No;
            card description: Option<String> = "description" => Ty::Markdown, No;
            /// Shown on the cards it holds that have no contact of their own.
            card contact: Option<Contact> = "contact" => Ty::Record(CONTACT), No;
        }
    };
}
pub(crate) use institution_fields;

/// A course's fields (its `_index.md`), declared once (the line format is
/// [`service_fields`]'s).
macro_rules! course_fields {
    ($then:ident $($args:tt)*) => {
        $then! { [$($args)*]
            doc id: () = "id" => Ty::Slug, No;
            card title: String = "title" => Ty::Text, Yes;
            card summary: Option<String> = "summary" => Ty::Text, No;
            card weight: i64 = "weight" => WEIGHT, No;
            card audience: Vec<String> = "audience" => Ty::List(&Ty::Enum(&AUDIENCE)), No;
            card objectives: Vec<String> = "objectives" => Ty::List(&Ty::Text), No;
            doc source: () = "source" => Ty::Slug, No;
            doc updated: () = "updated" => Ty::Date, No;
        }
    };
}
pub(crate) use course_fields;

/// A lesson's fields, declared once (the line format is [`service_fields`]'s).
macro_rules! lesson_fields {
    ($then:ident $($args:tt)*) => {
        $then! { [$($args)*]
            doc id: () = "id" => Ty::Slug, No;
            card title: String = "title" => Ty::Text, Yes;
            card summary: Option<String> = "summary" => Ty::Text, No;
            card weight: Option<i64> = "weight" => WEIGHT, No;
            /// Minutes.
            card duration: Option<i64> = "duration" => Ty::Int { min: 1, max: 1440 }, No;
            card objectives: Vec<String> = "objectives" => Ty::List(&Ty::Text), No;
            card prerequisites: Vec<Ref> = "prerequisites" => Ty::List(&Ty::Ref(Kind::Lesson)), No;
            doc source: () = "source" => Ty::Slug, No;
            doc updated: () = "updated" => Ty::Date, No;
        }
    };
}
pub(crate) use lesson_fields;

static KPI: &[Field] = &[
    required("name", Ty::Text),
    f("target", Ty::Text),
    f("value", Ty::Text),
];

/// The service card's fields, declared once. Each line is one front-matter field:
/// where its value is kept (`card`: a field of the model's `Service`; `internal`: a field of
/// its `Internal`, only in the internal profile; `doc`: kept in the card's `Doc`), the Rust
/// name and type, the key, the value type, whether it is required, and options (`own`: a
/// municipal variant never inherits it).
///
/// The schema table [`SERVICE`], the model's structs, loading, variant inheritance, the
/// JSON export and the page view's plain text fields all follow from this list; it hands
/// the list to the macro named `$then`. See CONTRIBUTING.md, "Adding a field".
macro_rules! service_fields {
    ($then:ident $($args:tt)*) => {
        $then! { [$($args)*]
            doc id: () = "id" => Ty::Slug, No;
            card title: String = "title" => Ty::Text, UnlessVariant, own;
            card summary: Option<String> = "summary" => Ty::Text, No;
            card holder: Ref = "holder" => Ty::Ref(Kind::Institution), Yes, own;
            card providers: Vec<Ref> = "providers" => Ty::List(&Ty::Ref(Kind::Institution)), No;
            card audience: Vec<String> = "audience" => Ty::List(&Ty::Enum(&AUDIENCE)), No;
            card service_type: Option<String> = "type" => Ty::Enum(&SERVICE_TYPE), No;
            card subtype: Option<String> = "subtype" => Ty::Enum(&SERVICE_SUBTYPE), No;
            card legal_basis: Option<String> = "legal_basis" => Ty::Enum(&LEGAL_BASIS), No;
            card legal_acts: Vec<String> = "legal_acts" => Ty::List(&Ty::Text), No;
            card key_service: bool = "key_service" => Ty::Bool, No;
            card channels: Vec<String> = "channels" => Ty::List(&Ty::Enum(&CHANNEL)), No;
            /// Per-stage channels in stage order; stages not described are absent.
            card stages: Vec<(String, Vec<String>)> = "stages"
                => Ty::Map { keys: &STAGE, value: &CHANNEL_LIST }, No;
            card support_levels: Vec<i64> = "support_levels"
                => Ty::List(&Ty::Int { min: 0, max: 3 }), No;
            card life_situations: Vec<Ref> = "life_situations"
                => Ty::List(&Ty::Ref(Kind::Situation)), No;
            card terms: Vec<Ref> = "terms" => Ty::List(&Ty::Ref(Kind::Term)), No;
            card cost: Option<String> = "cost" => Ty::Text, No;
            card processing_time: Option<String> = "processing_time" => Ty::Text, No;
            card payment_methods: Vec<String> = "payment_methods"
                => Ty::List(&Ty::Enum(&PAYMENT_METHOD)), No;
            card documents: Vec<Input> = "documents" => Ty::List(&Ty::TextOr(INPUT)), No;
            card output: Option<String> = "output" => Ty::Text, No;
            card authentication: Vec<String> = "authentication"
                => Ty::List(&Ty::Enum(&AUTHENTICATION)), No;
            card appeal: Option<Appeal> = "appeal" => Ty::TextOr(APPEAL), No;
            /// The variant's own holder's contact, not the template's: never inherited.
            card contact: Option<Contact> = "contact" => Ty::Record(CONTACT), No, own;
            card languages: Vec<String> = "languages" => Ty::List(&Ty::Enum(&LANGUAGE)), No;
            card eservice_url: Option<String> = "eservice_url" => Ty::Url, No;
            card keywords: Vec<String> = "keywords" => Ty::List(&Ty::Text), No;
            doc updated: () = "updated" => Ty::Date, No;
            doc source: () = "source" => Ty::Slug, No;
            card unified: bool = "unified" => Ty::Bool, No, own;
            card template: Option<Ref> = "template" => Ty::Ref(Kind::Service), No, own;
            internal manager: Option<String> = "manager" => Ty::Text, No;
            internal maturity: Option<i64> = "maturity" => Ty::Int { min: 0, max: 5 }, No;
            internal kpis: Vec<Kpi> = "kpis" => Ty::List(&Ty::Record(KPI)), No;
            internal process_notes: Option<String> = "process_notes" => Ty::Markdown, No;
            internal resources: Vec<String> = "resources" => Ty::List(&Ty::Text), No;
        }
    };
}
pub(crate) use service_fields;

/// The service list's CSV columns, in order: declared field keys, and `holder_name`,
/// `fully_electronic` and `url`, which the CSV export derives.
pub(crate) const SERVICE_CSV_COLUMNS: &[&str] = &[
    "id",
    "title",
    "summary",
    "holder",
    "holder_name",
    "providers",
    "audience",
    "type",
    "subtype",
    "channels",
    "fully_electronic",
    "key_service",
    "life_situations",
    "documents",
    "authentication",
    "cost",
    "payment_methods",
    "processing_time",
    "output",
    "appeal",
    "contact",
    "languages",
    "eservice_url",
    "template",
    "updated",
    "url",
];

/// Hands the fields of a declaration such as [`service_fields`] that are kept in the
/// object's own structs to `$then`, as `[args] [card fields] [internal fields]`, each field
/// `{ #[attrs] name: Type = "key" [options] }`; fields kept in `Doc` (`doc`) or not kept
/// (`meta`) are left out.
macro_rules! stored_fields {
    ([$then:ident $($args:tt)*] $($fields:tt)*) => {
        $crate::schema::stored_fields!(@go $then [$($args)*] [] [] $($fields)*);
    };
    (@go $then:ident [$($args:tt)*] [$($card:tt)*] [$($internal:tt)*]
        $(#[$m:meta])* card $name:ident : $rty:ty = $key:literal => $ty:expr, $req:ident
        $(, $opt:ident)*; $($rest:tt)*) => {
        $crate::schema::stored_fields!(@go $then [$($args)*]
            [$($card)* { $(#[$m])* $name : $rty = $key [$($opt)*] }] [$($internal)*] $($rest)*);
    };
    (@go $then:ident [$($args:tt)*] [$($card:tt)*] [$($internal:tt)*]
        $(#[$m:meta])* internal $name:ident : $rty:ty = $key:literal => $ty:expr, $req:ident
        $(, $opt:ident)*; $($rest:tt)*) => {
        $crate::schema::stored_fields!(@go $then [$($args)*]
            [$($card)*] [$($internal)* { $(#[$m])* $name : $rty = $key [$($opt)*] }] $($rest)*);
    };
    (@go $then:ident [$($args:tt)*] [$($card:tt)*] [$($internal:tt)*]
        $(#[$m:meta])* doc $name:ident : $rty:ty = $key:literal => $ty:expr, $req:ident
        $(, $opt:ident)*; $($rest:tt)*) => {
        $crate::schema::stored_fields!(@go $then [$($args)*] [$($card)*] [$($internal)*] $($rest)*);
    };
    (@go $then:ident [$($args:tt)*] [$($card:tt)*] [$($internal:tt)*]
        $(#[$m:meta])* meta $name:ident : $rty:ty = $key:literal => $ty:expr, $req:ident
        $(, $opt:ident)*; $($rest:tt)*) => {
        $crate::schema::stored_fields!(@go $then [$($args)*] [$($card)*] [$($internal)*] $($rest)*);
    };
    (@go $then:ident [$($args:tt)*] [$($card:tt)*] [$($internal:tt)*]) => {
        $then! { [$($args)*] [$($card)*] [$($internal)*] }
    };
}
pub(crate) use stored_fields;

/// The schema table of a declaration such as [`service_fields`], in declaration order.
macro_rules! field_table {
    ([$vis:vis $table:ident] $($(#[$m:meta])* $place:ident $name:ident : $rty:ty = $key:literal
        => $ty:expr, $req:ident $(, $opt:ident)*;)*) => {
        #[doc = concat!("The fields of a declaration, in declaration order (`", stringify!($table), "`).")]
        $vis static $table: &[Field] = &[$(Field {
            key: $key,
            ty: $ty,
            req: Req::$req,
            internal: field_table!(@internal $place),
        }),*];
    };
    (@internal internal) => { true };
    (@internal $place:ident) => { false };
}

service_fields!(field_table pub SERVICE);
page_fields!(field_table pub(crate) PAGE);
situation_fields!(field_table pub(crate) SITUATION);
term_fields!(field_table pub(crate) TERM);
institution_fields!(field_table pub(crate) INSTITUTION);
course_fields!(field_table pub(crate) COURSE);
lesson_fields!(field_table pub(crate) LESSON);

static STEP: &[Field] = &[
    required("title", Ty::Text),
    f("text", Ty::Markdown),
    f("services", Ty::List(&Ty::Ref(Kind::Service))),
];

/// An entry of the source registry (`content/avoti.yaml`): a document content is based on,
/// named by `source:` in front matter.
pub(crate) static SOURCE: &[Field] = &[
    required("id", Ty::Slug),
    required("title", Ty::Text),
    f("author", Ty::Text),
    f("publisher", Ty::Text),
    f(
        "year",
        Ty::Int {
            min: 1000,
            max: 9999,
        },
    ),
];

/// The label group of the source registry's fields in the UI strings (`field.source`).
pub(crate) const SOURCE_GROUP: &str = "source";

/// Every enum, for the field reference.
pub(crate) static ENUMS: &[&EnumDef] = &[
    &AUDIENCE,
    &SERVICE_TYPE,
    &SERVICE_SUBTYPE,
    &LEGAL_BASIS,
    &CHANNEL,
    &STAGE,
    &INSTITUTION_KIND,
    &AUTHENTICATION,
    &PAYMENT_METHOD,
    &LANGUAGE,
];

/// One thing the EU Single Digital Gateway (Regulation (EU) 2018/1724, Annex II) asks every
/// procedure's page to say, and the card fields that say it (any one of them set is enough).
/// A field institutions also have (`contact`) may be said by the card's holder instead.
#[derive(Debug)]
pub(crate) struct SdgItem {
    /// Stable id, in reports; its label is `sdg.<id>` in the UI strings.
    pub(crate) id: &'static str,
    pub(crate) fields: &'static [&'static str],
}

/// The SDG items, in the reader's order; the completeness report and the internal
/// "Kartīšu pilnīgums" page check cards against this list.
pub(crate) static SDG_ITEMS: &[SdgItem] = &[
    SdgItem {
        id: "authentication",
        fields: &["authentication"],
    },
    SdgItem {
        id: "inputs",
        fields: &["documents"],
    },
    SdgItem {
        id: "channels",
        fields: &["channels", "stages", "eservice_url"],
    },
    SdgItem {
        id: "processing_time",
        fields: &["processing_time"],
    },
    SdgItem {
        id: "cost",
        fields: &["cost"],
    },
    SdgItem {
        id: "payment",
        fields: &["payment_methods"],
    },
    SdgItem {
        id: "output",
        fields: &["output"],
    },
    SdgItem {
        id: "appeal",
        fields: &["appeal"],
    },
    SdgItem {
        id: "contact",
        fields: &["contact"],
    },
    SdgItem {
        id: "languages",
        fields: &["languages"],
    },
    SdgItem {
        id: "legal_basis",
        fields: &["legal_basis", "legal_acts"],
    },
];

/// True if `id` is a valid object id: lowercase ASCII letters and digits in `-`-separated runs.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 120
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// All internal field keys of a kind (for profile filtering and the leak test).
pub fn internal_keys(kind: Kind) -> impl Iterator<Item = &'static str> {
    kind.fields().iter().filter(|f| f.internal).map(|f| f.key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lowercase_ascii_slugs() {
        assert!(is_valid_id("pakalpojuma-turetajs"));
        assert!(is_valid_id("rk11"));
        for bad in [
            "",
            "Pakalpojums",
            "pārvaldība",
            "../etc",
            "a--b",
            "-a",
            "a/b",
            "con.txt",
        ] {
            assert!(!is_valid_id(bad), "{bad} must be rejected");
        }
    }

    #[test]
    fn subtypes_belong_to_their_type() {
        assert!(subtype_fits("publisks", "vispareja-labuma"));
        assert!(!subtype_fits("publisks", "koplietosanas"));
        assert!(subtype_fits("starpiestazu", "koplietosanas"));
    }

    #[test]
    fn internal_fields_are_the_documented_ones() {
        let keys: Vec<_> = internal_keys(Kind::Service).collect();
        assert_eq!(
            keys,
            ["manager", "maturity", "kpis", "process_notes", "resources"]
        );
    }
}
