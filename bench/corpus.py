#!/usr/bin/env python3
"""Deterministic benchmark corpus: a katalogs site of N service cards, optionally also as a Hugo site.

The site is assembled from the material in bench/data/ (see extract_vocab.py):

- Latvian prose from a word-bigram model trained on data/sentences.txt, so every page has new
  sentences with the real vocabulary and word order of the seed documents;
- an institution registry: ministries, generated state institutions (under the ministries) and
  the 43 municipalities;
- N service cards: state institutions' cards with holder, providers, audience, type/subtype,
  legal basis, channels and per-stage channels, support levels, related terms, keywords,
  documents, internal fields on a share of them; about 40 % of N are municipal variants of
  unified templates (holder = the municipality, some with their own paragraph);
- N/20 guidance pages in sections (headings, lists, tables, callouts, wiki links);
- min(N/10, 2000) glossary terms: first the bundled glossary's real terms (data/terms.tsv),
  then frequent noun phrases of the prose (so the auto-linker finds them in running text);
- N/100 life situations whose steps (or groups) link services, and those services list the
  situation in `life_situations` (both ways, as `katalogs check --strict` wants).

The same seed and N always give byte-identical files. With `--hugo DIR2` the same pages (same
titles, summaries and Markdown bodies; wiki links turned into Markdown links, a situation's
steps into a list) are written as a plain Hugo site with a minimal layout, with taxonomies for
the catalogue facets katalogs renders (holder, audience, channel, life situation).

Usage: python3 bench/corpus.py --services N --out DIR [--hugo DIR2] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import math
import pathlib
import random
import re
import shutil
import sys

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE / "data"

FOLD = str.maketrans("āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ", "acegiklnsuzACEGIKLNSUZ")

# Ids the generator must never hand out: area folders, intro ids, device names.
RESERVED = {
    "index", "sakums", "pakalpojumi", "dzives-situacijas", "glosarijs", "kursi", "iestades",
    "metodika", "assets", "search", "dati", "meklet", "lauki", "parskats", "pasvaldibas",
    "con", "prn", "aux", "nul",
} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}

MINISTRIES = [
    ("varam", "Viedās administrācijas un reģionālās attīstības ministrija", "VARAM"),
    ("iem", "Iekšlietu ministrija", "IeM"),
    ("fm", "Finanšu ministrija", "FM"),
    ("em", "Ekonomikas ministrija", "EM"),
    ("lm", "Labklājības ministrija", "LM"),
    ("zm", "Zemkopības ministrija", "ZM"),
    ("tm", "Tieslietu ministrija", "TM"),
    ("izm", "Izglītības un zinātnes ministrija", "IZM"),
    ("vm", "Veselības ministrija", "VM"),
    ("km", "Kultūras ministrija", "KM"),
    ("sam", "Satiksmes ministrija", "SAM"),
    ("am", "Aizsardzības ministrija", "AM"),
    ("kem", "Klimata un enerģētikas ministrija", "KEM"),
    ("arm", "Ārlietu ministrija", "ĀM"),
]

# The real state institutions most cards of the bundled catalogue belong to.
AGENCIES = [
    ("pmlp", "Pilsonības un migrācijas lietu pārvalde", "PMLP", "iem"),
    ("vid", "Valsts ieņēmumu dienests", "VID", "fm"),
    ("vsaa", "Valsts sociālās apdrošināšanas aģentūra", "VSAA", "lm"),
    ("nva", "Nodarbinātības valsts aģentūra", "NVA", "lm"),
    ("vdi", "Valsts darba inspekcija", "VDI", "lm"),
    ("vmd", "Valsts meža dienests", "VMD", "zm"),
    ("lad", "Lauku atbalsta dienests", "LAD", "zm"),
    ("vzd", "Valsts zemes dienests", "VZD", "tm"),
    ("ur", "Uzņēmumu reģistrs", "UR", "tm"),
    ("csdd", "Ceļu satiksmes drošības direkcija", "CSDD", "sam"),
    ("nvd", "Nacionālais veselības dienests", "NVD", "vm"),
    ("pvd", "Pārtikas un veterinārais dienests", "PVD", "zm"),
    ("vpvkac", "Valsts un pašvaldību vienotais klientu apkalpošanas centrs", "VPVKAC", "varam"),
]

# Generated state institutions: "<domain genitive> <institution noun>".
INST_DOMAINS = [
    "Valsts būvniecības", "Valsts vides", "Dabas aizsardzības", "Valsts kultūras pieminekļu",
    "Valsts izglītības satura", "Veselības inspekcijas", "Valsts valodas", "Patērētāju tiesību",
    "Valsts augu aizsardzības", "Valsts tehniskās uzraudzības", "Valsts digitālās attīstības",
    "Latvijas ģeotelpiskās informācijas", "Valsts probācijas", "Valsts policijas",
    "Valsts robežsardzes", "Valsts ugunsdzēsības un glābšanas", "Iepirkumu uzraudzības",
    "Valsts kases", "Izložu un azartspēļu uzraudzības", "Valsts reģionālās attīstības",
    "Sabiedrības integrācijas", "Valsts bērnu tiesību aizsardzības", "Sociālās integrācijas",
    "Valsts zivsaimniecības", "Jūras administrācijas", "Civilās aviācijas",
    "Valsts ieroču", "Valsts arhīvu", "Nacionālās kultūras", "Valsts sporta",
    "Valsts enerģētikas", "Radiācijas drošības", "Valsts metroloģijas", "Valsts akreditācijas",
    "Valsts statistikas", "Datu valsts", "Zāļu valsts", "Slimību profilakses",
    "Valsts meteoroloģijas", "Valsts ģeoloģijas", "Valsts mežu", "Lauksaimniecības datu",
]
INST_NOUNS = [
    ("dienests", "iestade"), ("inspekcija", "iestade"), ("aģentūra", "iestade"),
    ("pārvalde", "iestade"), ("centrs", "iestade"), ("birojs", "iestade"), ("padome", "cita"),
]
INST_PLACES = [
    "Rīgas", "Kurzemes", "Vidzemes", "Latgales", "Zemgales", "Sēlijas", "Pierīgas",
    "Austrumu", "Rietumu", "Ziemeļu", "Dienvidu",
]

# The 43 municipalities (2021 administrative reform): (genitive, kind of territory).
MUNICIPALITIES = [(n, "pilseta") for n in [
    "Daugavpils", "Jelgavas", "Jūrmalas", "Liepājas", "Rēzeknes", "Rīgas", "Ventspils",
]] + [(n, "novads") for n in [
    "Aizkraukles", "Alūksnes", "Augšdaugavas", "Ādažu", "Balvu", "Bauskas", "Cēsu",
    "Dienvidkurzemes", "Dobeles", "Gulbenes", "Jelgavas", "Jēkabpils", "Krāslavas",
    "Kuldīgas", "Ķekavas", "Limbažu", "Līvānu", "Ludzas", "Madonas", "Mārupes", "Ogres",
    "Olaines", "Preiļu", "Rēzeknes", "Ropažu", "Salaspils", "Saldus", "Saulkrastu",
    "Siguldas", "Smiltenes", "Talsu", "Tukuma", "Valkas", "Valmieras", "Varakļānu",
    "Ventspils",
]]

# Service titles: "<object genitive> <action>" plus an optional qualifier.
SVC_OBJECTS = [
    "Būvatļaujas", "Dzīvesvietas", "Transportlīdzekļa", "Zemes vienības", "Nekustamā īpašuma",
    "Medību tiesību", "Meža zemes", "Uzņēmuma", "Komersanta", "Biedrības", "Nodibinājuma",
    "Licences", "Sertifikāta", "Dzīvnieka", "Kuģa", "Zvejas atļaujas", "Ieroču atļaujas",
    "Vadītāja apliecības", "Pases", "Personas apliecības", "Uzturēšanās atļaujas",
    "Darba atļaujas", "Nodokļu deklarācijas", "Pievienotās vērtības nodokļa maksātāja",
    "Pabalsta", "Pensijas", "Bezdarbnieka statusa", "Invaliditātes", "Aprūpes mājās",
    "Ēkas", "Būves", "Ceļa zīmes", "Tirdzniecības vietas", "Reklāmas", "Koku ciršanas",
    "Ūdens lietošanas", "Atkritumu apsaimniekošanas", "Piesārņojuma", "Pārtikas uzņēmuma",
    "Veterinārā sertifikāta", "Augu pases", "Sēklu", "Mēslošanas līdzekļu", "Zāļu",
    "Aptiekas", "Ārstniecības iestādes", "Izglītības programmas", "Skolas", "Studiju",
    "Kultūras pieminekļa", "Arhīva izziņas", "Laulības", "Dzimšanas", "Miršanas",
    "Vārda maiņas", "Uzvārda maiņas", "Aizbildnības", "Adopcijas", "Audžuģimenes",
    "Sociālās palīdzības", "Mājokļa pabalsta", "Dzīvokļa", "Īres līguma", "Zemes nomas",
    "Lauksaimniecības zemes", "Platību maksājuma", "Projekta pieteikuma", "Granta",
    "Subsīdijas", "Kredīta garantijas", "Eksporta licences", "Muitas deklarācijas",
    "Akcīzes preču", "Azartspēļu", "Loterijas", "Sapulces", "Publiska pasākuma",
    "Ielu tirdzniecības", "Sabiedriskā transporta", "Taksometra", "Parkošanās atļaujas",
    "Adreses", "Kadastra", "Robežu", "Zemes ierīcības projekta", "Detālplānojuma",
]
SVC_ACTIONS = [
    "izsniegšana", "reģistrācija", "pagarināšana", "anulēšana", "pārreģistrācija",
    "apstiprināšana", "izvērtēšana", "saskaņošana", "maiņa", "dublikāta izsniegšana",
    "piešķiršana", "pārbaude", "atjaunošana", "apturēšana", "izziņas izsniegšana",
    "deklarēšana", "uzskaite", "konsultācija", "pieteikšana", "aktualizācija",
]
SVC_QUALIFIERS = [
    "", "", "", "", "fiziskām personām", "juridiskām personām", "elektroniski",
    "pēc iestādes iniciatīvas", "ārvalstniekiem", "uzņēmējiem", "lauksaimniekiem",
    "nepilngadīgām personām", "steidzamā kārtā", "pārrobežu gadījumos", "pašvaldības teritorijā",
]
MUNI_OBJECTS = [
    "Sociālā pabalsta", "Mājokļa pabalsta", "Bērnudārza vietas", "Skolas vietas",
    "Ielu tirdzniecības atļaujas", "Publiska pasākuma atļaujas", "Būvatļaujas",
    "Koku ciršanas atļaujas", "Dzīvesvietas", "Nekustamā īpašuma nodokļa", "Zemes nomas",
    "Dzīvokļa", "Aprūpes mājās", "Asistenta pakalpojuma", "Reklāmas izvietošanas",
    "Adreses", "Rakšanas darbu atļaujas", "Braukšanas maksas atvieglojuma",
    "Interešu izglītības", "Sporta būves", "Kapavietas", "Pašvaldības dzīvokļa",
]
DOCUMENTS = [
    "Personu apliecinošs dokuments", "Iesniegums", "Pilnvara", "Izziņa par ienākumiem",
    "Zemes robežu plāns", "Būvprojekts", "Apliecinājuma karte", "Medicīniskā izziņa",
    "Fotogrāfija", "Dzimšanas apliecība", "Laulības apliecība", "Maksājuma uzdevums",
    "Tiesas spriedums", "Īres līgums", "Darba līgums", "Uzņēmuma statūti",
]
OUTPUTS = [
    "Lēmums", "Izziņa", "Atļauja", "Apliecība", "Reģistrācijas apliecība", "Licence",
    "Sertifikāts", "Pabalsta izmaksa", "Ieraksts reģistrā", "Atzinums", "Konsultācija",
]
COSTS = [
    "Bez maksas", "Saskaņā ar iestādes maksas pakalpojumu cenrādi",
    "Valsts nodeva saskaņā ar Ministru kabineta noteikumiem",
]
TIMES = [
    "Viena mēneša laikā", "10 darba dienu laikā", "5 darba dienu laikā", "Tajā pašā dienā",
    "Līdz četriem mēnešiem", "20 darba dienu laikā",
]
LEGAL_ACTS = [
    "Valsts pārvaldes iekārtas likums", "Paziņošanas likums", "Administratīvā procesa likums",
    "Iesniegumu likums", "Fizisko personu datu apstrādes likums", "Pašvaldību likums",
    "Būvniecības likums", "Valsts sociālo pabalstu likums", "Dzīvesvietas deklarēšanas likums",
]
RESOURCES = [
    "Iedzīvotāju reģistrs", "Latvija.lv", "VPVKAC tīkls", "VPVKAC kontaktu centrs",
    "Nekustamā īpašuma valsts kadastra informācijas sistēma", "Uzņēmumu reģistra sistēma",
    "Elektroniskās deklarēšanas sistēma", "Pakalpojumu reģistrs", "Dokumentu vadības sistēma",
]
KPI_NAMES = [
    "Apmierināto klientu īpatsvars", "Elektroniski iesniegto pieteikumu īpatsvars",
    "Vidējais izpildes laiks dienās", "Pakalpojumu skaits gadā", "Atkārtoto pieprasījumu skaits",
]
CHANNELS = ["klatiene", "vpvkac", "latvija-lv", "iestades-vietne", "e-pasts", "e-adrese",
            "pasts", "talrunis"]
STAGES = ["informacija", "pieprasijums", "izpilde", "rezultats", "novertejums"]
AUDIENCES = ["iedzivotaji", "uznemeji", "iestades"]

SITUATION_EVENTS = [
    "Bērna piedzimšana", "Dzīvesvietas maiņa", "Darba zaudēšana", "Pensionēšanās",
    "Tuvinieka nāve", "Slimība un darbnespēja", "Uzņēmējdarbības uzsākšana",
    "Uzņēmējdarbības izbeigšana", "Laulības noslēgšana", "Šķiršanās", "Mājokļa iegāde",
    "Mājokļa būvniecība", "Nekustamā īpašuma pārdošana", "Transportlīdzekļa iegāde",
    "Studiju uzsākšana", "Skolas gaitu uzsākšana", "Pārcelšanās uz ārvalstīm",
    "Atgriešanās Latvijā", "Invaliditātes noteikšana", "Lauksaimnieciskās darbības uzsākšana",
    "Meža apsaimniekošana", "Medības", "Darbinieka pieņemšana darbā", "Eksporta uzsākšana",
    "Publiska pasākuma rīkošana", "Dzīvnieka iegāde", "Vecāka aprūpe", "Bērna aizbildnība",
    "Vārda maiņa", "Dokumentu nozaudēšana",
]
SITUATION_CONTEXTS = [
    "", "laukos", "pilsētā", "ārvalstīs", "pirmo reizi", "ģimenē ar bērniem",
    "personai ar invaliditāti", "senioram", "jaunietim", "mazajam uzņēmumam",
    "lauksaimniekam", "pašnodarbinātajam",
]
STEP_TITLES = [
    "Noskaidrot prasības", "Sagatavot dokumentus", "Iesniegt pieteikumu", "Saņemt lēmumu",
    "Paziņot par izmaiņām", "Pieprasīt pabalstu", "Reģistrēt izmaiņas", "Saņemt konsultāciju",
    "Samaksāt nodevu", "Pārbaudīt datus", "Saņemt atļauju", "Pieteikties atbalstam",
]
PAGE_TOPICS = [
    "Pakalpojumu kvalitātes", "Klientu apkalpošanas", "Pakalpojumu pārvaldības",
    "Dzīves situāciju", "Datu apmaiņas", "E-pakalpojumu", "Pakalpojumu uzskaites",
    "Pakalpojumu izvērtēšanas", "Procesu pārveides", "Resursu plānošanas",
    "Klientu vajadzību", "Pakalpojumu dizaina", "Starpiestāžu sadarbības",
    "Kontaktu centra", "Pieejamības", "Atgriezeniskās saites", "Riska",
    "Personāla kompetenču", "Informācijas sistēmu", "Pakalpojumu portfeļa",
]
PAGE_ASPECTS = [
    "vadība", "principi", "novērtēšana", "plānošana", "uzraudzība", "pilnveide",
    "mērījumi", "standarti", "ieviešana", "pārskats", "rokasgrāmata", "labā prakse",
    "rādītāji", "lomas", "kontrolsaraksts",
]
SECTION_NAMES = [
    "Pamati", "Sistēma", "Sniegšana", "Tehnoloģijas", "Izvērtējums", "Ieteikumi", "Uzdevumi",
    "Kvalitāte", "Dati", "Klienti", "Procesi", "Resursi", "Pārvaldība", "Sadarbība",
    "Attīstība", "Uzraudzība", "Pieejamība", "Personāls", "Finanses", "Riski",
]
HEADINGS = [
    "Mērķis", "Kas jāzina", "Galvenie principi", "Kā rīkoties", "Atbildība", "Rezultāti",
    "Biežākās kļūdas", "Piemērs", "Saistītie pakalpojumi", "Ieteikumi iestādēm",
    "Rādītāji", "Riski", "Pašreizējā situācija", "Turpmākie soļi", "Kopsavilkums",
]
CALLOUTS = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"]
MONTHS = ["janvāra", "februāra", "marta", "aprīļa", "maija", "jūnija", "jūlija", "augusta",
          "septembra", "oktobra", "novembra", "decembra"]
# The bundled source registry, copied into the corpus: `source:` names one of its ids.
SOURCE_REGISTRY = HERE.parent / "content" / "avoti.yaml"
SOURCES = re.findall(r"^- id: (\S+)$", SOURCE_REGISTRY.read_text(encoding="utf-8"), re.M)
STOP = {
    "un", "ir", "ar", "par", "no", "kas", "vai", "kā", "to", "nav", "uz", "arī", "ka", "var",
    "tā", "lai", "tas", "gan", "tiek", "ja", "pēc", "bet", "tikai", "līdz", "piemēram",
    "būtu", "viens", "sk", "tās", "tie", "tiem", "jo", "pie", "kur", "šo", "šī", "šis", "kam",
    "savu", "sava", "savas", "tām", "kuru", "kuri", "kura", "kuras", "nevis", "tomēr", "vēl",
    "tad", "ne", "vairāk", "citu", "citi", "kādu", "šādu", "būs", "bija", "var", "jābūt",
    "tiks", "tika", "ko", "pa", "bez", "caur", "starp", "virs", "zem", "pret", "dēļ", "labad",
    "vien", "visu", "visi", "visas", "ļoti", "daudz", "mazāk", "tik", "kāds", "kāda", "kādas",
}


# The light Latvian stemmer of src/text/analysis.rs (Lucene's LatvianStemmer on the folded
# word), so generated glossary names never analyse alike (katalogs warns about that).
SUFFIXES = [("iem", 2, True), ("ais", 2, False), ("ai", 2, False), ("ei", 2, False),
            ("am", 1, False), ("em", 1, False), ("im", 1, False), ("um", 1, False),
            ("us", 1, True), ("as", 1, False), ("es", 1, False), ("os", 1, True),
            ("ij", 1, False), ("is", 1, False), ("ie", 1, False), ("u", 1, True), ("a", 1, True),
            ("i", 1, True), ("e", 1, False), ("o", 1, False), ("s", 0, False)]


def analyse(word: str) -> str:
    w = word.lower().translate(FOLD)
    vowels = sum(1 for c in w if c in "aeiou")
    for suffix, min_vowels, palatalizes in SUFFIXES:
        if vowels > min_vowels and len(w) >= len(suffix) + 3 and w.endswith(suffix):
            stem = w[: -len(suffix)]
            if palatalizes and len(stem) >= 2 and stem[-1] == "j" and stem[-2] in "pbmv":
                stem = stem[:-1]
            return stem
    return w


def slug(s: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", s.translate(FOLD).lower()).strip("-")
    return s[:70].rstrip("-")


def y(v) -> str:
    """A YAML value: JSON text is valid YAML (flow lists, double-quoted strings)."""
    return json.dumps(v, ensure_ascii=False)


class Ids:
    """Hands out unique ids across every kind (so plain wiki links are never ambiguous)."""

    def __init__(self):
        self.used = set(RESERVED)

    def take(self, text: str) -> str:
        base = slug(text) or "x"
        cand, n = base, 2
        while cand in self.used:
            cand = f"{base}-{n}"
            n += 1
        self.used.add(cand)
        return cand


class Prose:
    """Word-bigram model of the seed sentences."""

    END = None

    def __init__(self, rng: random.Random, lines: list[str]):
        self.rng = rng
        self.starts: list[str] = []
        self.succ: dict[str, list] = {}
        for line in lines:
            toks = line.split()
            if len(toks) < 6:
                continue
            self.starts.append(toks[0])
            for a, b in zip(toks, toks[1:] + [Prose.END]):
                self.succ.setdefault(a, []).append(b)
        words = {}
        for line in lines:
            for t in line.split():
                w = t.strip(",").lower()
                if len(w) >= 5 and w not in STOP and w.isalpha():
                    words[w] = words.get(w, 0) + 1
        self.keywords = [w for w, c in words.items() if c >= 2]

    def sentence(self, lo: int = 6, hi: int = 30) -> str:
        rng = self.rng
        for _ in range(50):
            w = rng.choice(self.starts)
            out = [w]
            while len(out) < hi:
                w = rng.choice(self.succ[w])
                if w is Prose.END:
                    break
                out.append(w)
            if w is not Prose.END or len(out) < lo:
                continue
            while out and (out[-1] == "–" or out[-1].endswith(",")):
                if out[-1] == "–":
                    out.pop()
                else:
                    out[-1] = out[-1][:-1]
            if len(out) >= lo:
                break
        s = " ".join(out)
        r = rng.random()
        if r < 0.06:
            s += (f", kā noteikts Ministru kabineta {rng.randint(2005, 2025)}. gada "
                  f"{rng.randint(1, 28)}. {rng.choice(MONTHS)} noteikumos Nr. {rng.randint(1, 999)}")
        elif r < 0.09:
            s += f" – {rng.randint(2, 98)} % gadījumu"
        return s + "."

    def paragraph(self, lo: int = 2, hi: int = 5) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))

    def phrase(self, lo: int = 3, hi: int = 6) -> str:
        """A short fragment (list item, circumstance), capitalised, no final stop."""
        s = self.sentence(lo, 12).rstrip(".")
        toks = s.split()[: self.rng.randint(lo, hi)]
        while toks and (toks[-1] == "–" or toks[-1].endswith(",") or toks[-1].lower() in STOP):
            toks.pop()
        if not toks:
            toks = [self.rng.choice(self.keywords)]
        t = " ".join(toks)
        return t[0].upper() + t[1:]


class Obj:
    """One generated object: front matter, body and where it goes in both sites."""

    def __init__(self, kind: str, oid: str, title: str, kpath: str, hpath: str):
        self.kind, self.id, self.title = kind, oid, title
        self.kpath, self.hpath = kpath, hpath  # file paths under the katalogs / hugo root
        self.fm: list[tuple[str, str]] = []  # (key, YAML text) in order
        self.body = ""
        self.summary = ""
        self.hugo_extra = ""  # Markdown appended to the Hugo body (situation steps)
        self.taxonomies: dict[str, list[str]] = {}

    def hugo_url(self) -> str:
        p = self.hpath[: -len(".md")]
        if p.endswith("/_index"):
            p = p[: -len("/_index")]
        return "/" + p.removeprefix("content/") + "/"


class Corpus:
    def __init__(self, n: int, seed: int):
        self.n = n
        self.rng = random.Random(seed)
        lines = [l for l in (DATA / "sentences.txt").read_text(encoding="utf-8").splitlines() if l.strip()]
        self.prose = Prose(self.rng, lines)
        self.lines = lines
        self.ids = Ids()
        self.objs: list[Obj] = []
        self.by_id: dict[str, Obj] = {}

    # ---- helpers -------------------------------------------------------------------------
    def add(self, o: Obj) -> Obj:
        self.objs.append(o)
        self.by_id[o.id] = o
        return o

    def date(self) -> str:
        rng = self.rng
        return f"{rng.randint(2024, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    def pick(self, seq, lo, hi):
        k = min(len(seq), self.rng.randint(lo, hi))
        return self.rng.sample(seq, k)

    def body(self, paragraphs: tuple[int, int], links: list[str], headings: int = 0) -> str:
        """Markdown body: paragraphs, optional headings/lists/callouts/table, wiki links."""
        rng, prose = self.rng, self.prose
        blocks: list[str] = []
        n_par = rng.randint(*paragraphs)
        sections = max(1, headings)
        used_headings = set()
        for s in range(sections):
            if headings:
                h = rng.choice(HEADINGS)
                while h in used_headings and len(used_headings) < len(HEADINGS):
                    h = rng.choice(HEADINGS)
                used_headings.add(h)
                blocks.append(f"## {h}")
            for _ in range(max(1, n_par // sections)):
                blocks.append(prose.paragraph())
            r = rng.random()
            if r < 0.25:
                blocks.append("\n".join(f"- {prose.phrase(2, 7).lower()};" for _ in range(rng.randint(3, 5))))
            elif r < 0.35:
                blocks.append(f"> [!{rng.choice(CALLOUTS)}]\n> {prose.sentence(6, 20)}")
            elif r < 0.40 and headings:
                rows = [f"| {prose.phrase(1, 3)} | {rng.randint(1, 9999)} | {rng.randint(1, 100)} % |"
                        for _ in range(rng.randint(2, 5))]
                blocks.append("| Rādītājs | Skaits | Īpatsvars |\n|---|---:|---:|\n" + "\n".join(rows))
        # Wiki links woven into the last paragraphs.
        for target in links:
            o = self.by_id[target]
            if rng.random() < 0.5:
                link = f"[[{target}]]"
            else:
                link = f"[[{target}|{prose.phrase(1, 3).lower()}]]"
            i = rng.randrange(len(blocks))
            while blocks[i].startswith(("#", "|", ">", "-")):
                i = (i + 1) % len(blocks)
            blocks[i] += f" Skatīt arī {link}."
            _ = o
        return "\n\n".join(blocks)

    # ---- institutions --------------------------------------------------------------------
    def institutions(self):
        rng = self.rng
        self.ministries, self.agencies, self.municipalities = [], [], []
        for iid, name, short in MINISTRIES:
            self.ids.used.add(iid)
            self.ministries.append(self.inst(iid, name, short, "ministrija", None))
        for iid, name, short, parent in AGENCIES:
            self.ids.used.add(iid)
            self.agencies.append(self.inst(iid, name, short, "iestade", parent))
        extra = max(10, min(self.n // 40, 2500))
        for _ in range(extra):
            noun, kind = rng.choice(INST_NOUNS)
            name = f"{rng.choice(INST_DOMAINS)} {noun}"
            if rng.random() < 0.6:
                name = f"{rng.choice(INST_PLACES)} reģiona {name[0].lower()}{name[1:]}"
            iid = self.ids.take(name)
            short = "".join(w[0] for w in name.split() if w[0].isalpha()).upper()
            parent = rng.choice(self.ministries).id
            self.agencies.append(self.inst(iid, name, short, kind, parent))
        for gen, terr in MUNICIPALITIES:
            iid = self.ids.take(f"{gen} {terr}")
            name = f"{gen} {'valstspilsētas' if terr == 'pilseta' else 'novada'} pašvaldība"
            m = self.inst(iid, name, None, "pasvaldiba", None)
            m.gen, m.terr = gen, terr
            self.municipalities.append(m)
        self.vpvkac = self.by_id["vpvkac"]
        # Zipf-like weights: a few institutions hold most cards.
        self.holder_weights = [1.0 / (i + 1) ** 0.8 for i in range(len(self.agencies))]

    def inst(self, iid, name, short, kind, parent) -> Obj:
        o = Obj("institution", iid, name, "", f"content/iestades/{iid}.md")
        o.inst = {"id": iid, "name": name, "short_name": short, "kind": kind, "parent": parent}
        if self.rng.random() < 0.3:
            o.inst["url"] = f"https://www.{iid}.gov.lv"
        if self.rng.random() < 0.4:
            o.body = self.prose.paragraph(1, 3)
        return self.add(o)

    # ---- services ------------------------------------------------------------------------
    def service_title(self, objects) -> str:
        rng = self.rng
        t = f"{rng.choice(objects)} {rng.choice(SVC_ACTIONS)}"
        q = rng.choice(SVC_QUALIFIERS)
        return f"{t} {q}" if q else t

    def card_fields(self, o: Obj, holder: str, municipal: bool):
        """Front matter of a full card (state card or unified template)."""
        rng, prose = self.rng, self.prose
        fm = o.fm
        o.summary = prose.sentence(6, 16)
        fm.append(("title", y(o.title)))
        fm.append(("summary", y(o.summary)))
        fm.append(("holder", holder))
        if rng.random() < 0.6:
            provs = [holder] + ([self.vpvkac.id] if rng.random() < 0.5 else [])
            if municipal:
                provs = [self.vpvkac.id]
            fm.append(("providers", y(sorted(set(provs)))))
        aud = self.pick(AUDIENCES, 1, 2)
        o.taxonomies["audience"] = aud
        fm.append(("audience", y(aud)))
        t = "publisks" if rng.random() < 0.85 else "starpiestazu"
        fm.append(("type", t))
        if rng.random() < 0.8:
            sub = rng.choice(["individuala-labuma", "vispareja-labuma"] if t == "publisks"
                             else ["koplietosanas", "individualas-lietosanas"])
            fm.append(("subtype", sub))
        fm.append(("legal_basis", "valsts-noteikts" if rng.random() < 0.9 else "pasiniciativas"))
        if rng.random() < 0.4:
            fm.append(("legal_acts", y(self.pick(LEGAL_ACTS, 1, 2))))
        if rng.random() < 0.1:
            fm.append(("key_service", "true"))
        chans = sorted(self.pick(CHANNELS, 1, 4), key=CHANNELS.index)
        o.taxonomies["channel"] = chans
        fm.append(("channels", y(chans)))
        if rng.random() < 0.5:
            stages = [f"  {st}: {y(sorted(self.pick(chans, 1, 3), key=CHANNELS.index))}"
                      for st in STAGES if rng.random() < 0.8]
            if stages:
                fm.append(("stages", "\n" + "\n".join(stages)))
        if rng.random() < 0.5:
            fm.append(("support_levels", y(sorted(self.pick([0, 1, 2, 3], 1, 3)))))
        o.situations_at = len(fm)  # life_situations goes here once situations exist
        if self.term_ids and rng.random() < 0.5:
            fm.append(("terms", y(self.pick(self.term_ids, 1, 3))))
        if rng.random() < 0.3:
            fm.append(("cost", y(rng.choice(COSTS))))
        if rng.random() < 0.3:
            fm.append(("processing_time", y(rng.choice(TIMES))))
        if rng.random() < 0.5:
            fm.append(("documents", y(self.pick(DOCUMENTS, 1, 3))))
        if rng.random() < 0.5:
            fm.append(("output", y(rng.choice(OUTPUTS))))
        if "latvija-lv" in chans and rng.random() < 0.5:
            fm.append(("eservice_url", y(f"https://www.latvija.lv/lv/pakalpojumi/{o.id}")))
        fm.append(("keywords", y(self.pick(self.prose.keywords, 2, 6))))
        fm.append(("updated", self.date()))
        fm.append(("source", rng.choice(SOURCES)))
        if rng.random() < 0.3:
            fm.append(("manager", y(f"Pakalpojuma vadītājs ({o.title.split()[0]})")))
            fm.append(("maturity", str(rng.randint(0, 5))))
            kpis = []
            for name in self.pick(KPI_NAMES, 1, 3):
                kpis.append(f"  - name: {y(name)}\n    target: {y(f'{rng.randint(50, 99)}%')}"
                            f"\n    value: {y(f'{rng.randint(20, 99)}%')}")
            fm.append(("kpis", "\n" + "\n".join(kpis)))
            fm.append(("process_notes", y(prose.sentence())))
            fm.append(("resources", y(self.pick(RESOURCES, 1, 3))))

    def services(self):
        rng = self.rng
        n = self.n
        n_variants_target = int(n * 0.4)
        muni = self.municipalities
        self.templates: list[Obj] = []
        self.state_cards: list[Obj] = []
        self.variants: list[Obj] = []
        made = 0
        # Unified templates with municipal variants.
        while made < n and len(self.variants) < n_variants_target:
            title = self.service_title(MUNI_OBJECTS)
            tid = self.ids.take(title)
            o = self.add(Obj("service", tid, title, f"content/pakalpojumi/pasvaldibas/{tid}.md",
                             f"content/pakalpojumi/pasvaldibas/{tid}.md"))
            o.holder = "varam"
            self.card_fields(o, "varam", True)
            o.fm.append(("unified", "true"))
            o.body_links = 0
            self.templates.append(o)
            made += 1
            k = min(rng.randint(5, len(muni)), n - made, n_variants_target - len(self.variants))
            for m in sorted(rng.sample(muni, max(0, k)), key=lambda m: m.id):
                vid = self.ids.take(f"{tid}-{m.id}")
                path = f"content/pakalpojumi/pasvaldibas/{m.id}/{vid}.md"
                v = self.add(Obj("service", vid, title, path, path))
                v.holder = m.id
                v.template = o
                v.fm = [("holder", m.id), ("updated", self.date()), ("template", tid)]
                v.taxonomies = dict(o.taxonomies)
                if rng.random() < 0.2:
                    where = "valstspilsētā" if m.terr == "pilseta" else "novadā"
                    v.body = (f"{m.gen} {where} pakalpojumu sniedz pašvaldības klientu apkalpošanas centrs. "
                              f"{self.prose.paragraph(1, 2)}")
                self.variants.append(v)
                made += 1
        # State institutions' cards (and a few municipalities' own cards).
        while made < n:
            if rng.random() < 0.05:
                holder = rng.choice(muni).id
                title = self.service_title(MUNI_OBJECTS)
            else:
                holder = rng.choices(self.agencies, weights=self.holder_weights)[0].id
                title = self.service_title(SVC_OBJECTS)
            sid = self.ids.take(title)
            path = f"content/pakalpojumi/{holder}/{sid}.md"
            o = self.add(Obj("service", sid, title, path, path))
            o.holder = holder
            self.card_fields(o, holder, False)
            self.state_cards.append(o)
            made += 1
        for o in self.templates + self.variants + self.state_cards:
            o.taxonomies["holder"] = [o.holder]

    def service_bodies(self):
        rng = self.rng
        full = self.templates + self.state_cards
        for o in full:
            links = [x.id for x in rng.sample(full, min(len(full), rng.choice([0, 0, 1, 1, 2])))
                     if x is not o]
            o.body = self.body((1, 4), links)
        for v in self.variants:
            if not v.body:
                v.summary = v.template.summary

    # ---- glossary ------------------------------------------------------------------------
    def glossary(self):
        rng = self.rng
        want = min(self.n // 10, 2000)
        rows = []
        for line in (DATA / "terms.tsv").read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            term, abbr, syn, eng = (line.split("\t") + ["", "", "", ""])[:4]
            rows.append((term, [a for a in abbr.split("|") if a], [s for s in syn.split("|") if s], eng))
        claimed: set[str] = set()

        def key(phrase: str) -> str:
            return " ".join(analyse(w) for w in re.findall(r"\w+", phrase))

        def free(names) -> bool:
            return all(key(x) not in claimed for x in names)

        picked = []
        for term, abbr, syn, eng in rows:
            if len(picked) >= want:
                break
            names = [term] + syn
            if not free(names):
                continue
            claimed.update(key(x) for x in names)
            picked.append((term, abbr, syn, eng))
        # Frequent two-word phrases of the prose (content words only) as further terms.
        if len(picked) < want:
            counts: dict[str, int] = {}
            for line in self.lines:
                toks = line.split()
                for a, b in zip(toks, toks[1:]):
                    if a.endswith(",") or b == "–":
                        continue
                    b = b.rstrip(",")
                    if (len(a) >= 4 and len(b) >= 4 and a.lower() not in STOP and b.lower() not in STOP
                            and a.isalpha() and b.isalpha() and not a.isupper() and not b.isupper()):
                        p = f"{a.lower()} {b.lower()}"
                        counts[p] = counts.get(p, 0) + 1
            phrases = sorted(counts, key=lambda p: (-counts[p], p))
            for p in phrases:
                if len(picked) >= want:
                    break
                if not free([p]):
                    continue
                claimed.add(key(p))
                picked.append((p[0].upper() + p[1:], [], [], ""))
        # Still short (very large sites): three-word combinations of frequent content words.
        while len(picked) < want:
            ws = rng.sample(self.prose.keywords, 2)
            p = f"{rng.choice(PAGE_TOPICS)} {ws[0]} {ws[1]}"
            if not free([p]):
                continue
            claimed.add(key(p))
            picked.append((p, [], [], ""))
        self.terms = []
        for term, abbr, syn, eng in picked:
            tid = self.ids.take(term)
            path = f"glossary/{tid}.md"
            o = self.add(Obj("term", tid, term, path, f"content/glosarijs/{tid}.md"))
            o.term = (term, abbr, syn, eng)
            self.terms.append(o)
        self.term_ids = [t.id for t in self.terms]

    def glossary_bodies(self):
        rng = self.rng
        for o in self.terms:
            term, abbr, syn, eng = o.term
            o.summary = self.prose.sentence(6, 18)
            fm = [("term", y(term))]
            if abbr:
                fm.append(("abbreviations", y(abbr)))
            if syn:
                fm.append(("synonyms", y(syn)))
            if eng:
                fm.append(("english", y(eng)))
            fm.append(("source", rng.choice(SOURCES)))
            rel = [t.id for t in rng.sample(self.terms, min(len(self.terms), rng.randint(0, 3))) if t is not o]
            if rel:
                fm.append(("related", y(rel)))
            fm.append(("short", y(o.summary)))
            o.fm = fm
            o.body = self.body((1, 3), rel[:1])

    # ---- guidance pages ------------------------------------------------------------------
    def guidance(self):
        rng = self.rng
        count = max(1, self.n // 20)
        n_sections = max(2, min(len(SECTION_NAMES) * 5, round(math.sqrt(count / 2))))
        self.sections = []
        root = Obj("page", "metodika", "Metodika", "content/metodika/_index.md", "content/metodika/_index.md")
        self.add(root)
        self.root_page = root
        for i in range(n_sections):
            name = SECTION_NAMES[i % len(SECTION_NAMES)]
            if i >= len(SECTION_NAMES):
                name = f"{name} {i // len(SECTION_NAMES) + 1}"
            sid = self.ids.take(name)
            path = f"content/metodika/{sid}/_index.md"
            o = self.add(Obj("page", sid, name, path, path))
            o.weight = (i + 1) * 10
            self.sections.append(o)
        self.pages = []
        for i in range(count):
            sec = self.sections[i % n_sections]
            title = f"{rng.choice(PAGE_TOPICS)} {rng.choice(PAGE_ASPECTS)}"
            pid = self.ids.take(title)
            path = f"content/metodika/{sec.id}/{pid}.md"
            o = self.add(Obj("page", pid, title, path, path))
            o.weight = (i // n_sections + 1) * 10
            self.pages.append(o)

    def guidance_bodies(self):
        rng = self.rng
        services = self.templates + self.state_cards
        for o in [self.root_page] + self.sections + self.pages:
            o.summary = self.prose.sentence(6, 20)
            fm = [("title", y(o.title)), ("summary", y(o.summary))]
            if getattr(o, "weight", None):
                fm.append(("weight", str(o.weight)))
            if o in self.pages:
                fm.append(("tags", y(self.pick(self.prose.keywords, 1, 4))))
                fm.append(("audience", y(self.pick(AUDIENCES, 1, 2))))
                fm.append(("source", rng.choice(SOURCES)))
                fm.append(("updated", self.date()))
                links = ([s.id for s in self.pick(services, 0, 2)] + [t.id for t in self.pick(self.terms, 0, 2)]
                         + [p.id for p in self.pick(self.pages, 0, 1) if p is not o])
                o.body = self.body((4, 12), links, headings=rng.randint(2, 6))
            else:
                o.body = self.prose.paragraph(2, 4)
            o.fm = fm

    # ---- life situations -----------------------------------------------------------------
    def situations(self):
        rng = self.rng
        count = max(1, self.n // 100)
        pool = self.templates + self.state_cards
        self.sits = []
        combos = [(e, c) for c in SITUATION_CONTEXTS for e in SITUATION_EVENTS]
        for i in range(count):
            e, c = combos[i % len(combos)]
            title = f"{e} {c}".strip()
            if i >= len(combos):
                title = f"{title} ({i // len(combos) + 1})"
            sid = self.ids.take(title)
            path = f"content/dzives-situacijas/{sid}.md"
            o = self.add(Obj("situation", sid, title, path, path))
            self.sits.append(o)
        for o in self.sits:
            o.summary = self.prose.sentence(6, 18)
            steps = []
            for step_title in rng.sample(STEP_TITLES, rng.randint(3, 7)):
                svcs = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
                steps.append((step_title, self.prose.sentence(6, 18) if rng.random() < 0.7 else None, svcs))
                for s in svcs:
                    s.sits = getattr(s, "sits", [])
                    if o.id not in s.sits:
                        s.sits.append(o.id)
            o.steps = steps
            key = "steps" if rng.random() < 0.8 else "groups"
            lines = []
            for title, text, svcs in steps:
                lines.append(f"  - title: {y(title)}")
                if text:
                    lines.append(f"    text: {y(text)}")
                lines.append(f"    services: {y([s.id for s in svcs])}")
            related = [x.id for x in self.pick(self.sits, 0, 2) if x is not o]
            fm = [("title", y(o.title)), ("summary", y(o.summary)),
                  ("coordinator", rng.choice(self.agencies + self.ministries).id),
                  ("circumstances", y([self.prose.phrase(3, 8) for _ in range(rng.randint(1, 3))])),
                  (key, "\n" + "\n".join(lines))]
            if related:
                fm.append(("related", y(related)))
            fm += [("keywords", y(self.pick(self.prose.keywords, 1, 4))),
                   ("source", rng.choice(SOURCES)), ("updated", self.date())]
            o.fm = fm
            o.body = self.body((1, 3), [])
            # The Hugo page shows the steps as a list in the body.
            md = []
            for k, (title, text, svcs) in enumerate(steps, 1):
                links = ", ".join(f"[{s.title}]({s.hugo_url()})" for s in svcs)
                md.append(f"{k}. **{title}**{' ' + text if text else ''} {links}")
            o.hugo_extra = "\n".join(md)
        for s in pool:
            sits = getattr(s, "sits", [])
            if sits:
                s.fm.insert(s.situations_at, ("life_situations", y(sits)))
                s.taxonomies["situation"] = sits
                if s in self.templates:
                    for v in self.variants:
                        if v.template is s:
                            v.taxonomies["situation"] = sits

    # ---- output --------------------------------------------------------------------------
    def generate(self):
        self.term_ids = []
        self.institutions()
        self.glossary()
        self.services()
        self.guidance()
        self.service_bodies()
        self.glossary_bodies()
        self.guidance_bodies()
        self.situations()

    def intro_pages(self):
        """(katalogs path, hugo path, title, body) of the area introductions."""
        p = self.prose
        return [
            ("content/_index.md", "content/_index.md", "Pakalpojumu katalogs (etalona korpuss)", p.paragraph(2, 3)),
            ("content/pakalpojumi/_index.md", "content/pakalpojumi/_index.md", "Pakalpojumu katalogs", p.paragraph(2, 3)),
            ("content/dzives-situacijas/_index.md", "content/dzives-situacijas/_index.md", "Dzīves situācijas", p.paragraph(2, 3)),
            ("glossary/_index.md", "content/glosarijs/_index.md", "Glosārijs", p.paragraph(2, 3)),
        ]

    def write_katalogs(self, out: pathlib.Path, intros):
        write(out / "katalogs.toml", "\n".join([
            "# Generated by bench/corpus.py: a benchmark corpus, not real content.",
            'title = "Etalona katalogs"',
            f'description = "Ģenerēts korpuss ar {self.n} pakalpojumu kartītēm veiktspējas mērījumiem."',
            'language = "lv"',
            'publisher = "katalogs bench"',
            'base_url = "https://bench.example.lv/"',
            "",
            "[build]",
            'output = "site"',
            "glossary_links = true",
            "",
            "[data]",
            'licence = "CC0"',
            "offline_package = true",
            "",
        ]))
        for kpath, _, title, body in intros:
            write(out / kpath, f"---\ntitle: {y(title)}\n---\n{body}\n")
        reg = ["# Generated institution registry (bench/corpus.py)."]
        for o in self.objs:
            if o.kind != "institution":
                continue
            i = o.inst
            reg.append(f"- id: {i['id']}\n  name: {y(i['name'])}")
            if i["short_name"]:
                reg.append(f"  short_name: {y(i['short_name'])}")
            reg.append(f"  kind: {i['kind']}")
            if i["parent"]:
                reg.append(f"  parent: {i['parent']}")
            if "url" in i:
                reg.append(f"  url: {y(i['url'])}")
            if o.body:
                reg.append(f"  description: {y(o.body)}")
        write(out / "content/iestades.yaml", "\n".join(reg) + "\n")
        write(out / "content/avoti.yaml", SOURCE_REGISTRY.read_text(encoding="utf-8"))
        for o in self.objs:
            if o.kind == "institution":
                continue
            fm = "\n".join(f"{k}:{v if v.startswith(chr(10)) else ' ' + v}" for k, v in o.fm)
            write(out / o.kpath, f"---\n{fm}\n---\n{o.body}\n" if o.body else f"---\n{fm}\n---\n")

    def hugo_body(self, text: str) -> str:
        def repl(m):
            target, label = m.group(1), m.group(2)
            o = self.by_id[target]
            return f"[{label or o.title}]({o.hugo_url()})"
        return re.sub(r"\[\[([a-z0-9-]+)(?:\|([^\]]*))?\]\]", repl, text)

    def write_hugo(self, out: pathlib.Path, intros):
        write(out / "hugo.toml", "\n".join([
            "# Generated by bench/corpus.py: the katalogs benchmark corpus as a plain Hugo site.",
            'baseURL = "https://bench.example.lv/"',
            'languageCode = "lv"',
            'title = "Etalona katalogs"',
            "disableKinds = []",
            "[taxonomies]",
            '  holder = "holder"',
            '  audience = "audience"',
            '  channel = "channel"',
            '  situation = "situation"',
            "",
        ]))
        write(out / "layouts/_default/baseof.html", (
            '<!DOCTYPE html>\n<html lang="lv">\n<head><meta charset="utf-8">'
            "<title>{{ .Title }} · {{ .Site.Title }}</title></head>\n<body>\n"
            '<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>\n'
            "<main>{{ block \"main\" . }}{{ end }}</main>\n</body>\n</html>\n"))
        write(out / "layouts/_default/single.html", (
            '{{ define "main" }}<article><h1>{{ .Title }}</h1>\n'
            "{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}\n{{ .Content }}</article>{{ end }}\n"))
        write(out / "layouts/_default/list.html", (
            '{{ define "main" }}<h1>{{ .Title }}</h1>\n{{ .Content }}\n<ul>\n'
            '{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>'
            "{{ with .Params.summary }} — {{ . }}{{ end }}</li>\n{{ end }}</ul>{{ end }}\n"))
        for _, hpath, title, body in intros:
            write(out / hpath, f"---\ntitle: {y(title)}\n---\n{body}\n")
        for o in self.objs:
            title = o.title
            body = o.body
            if o.kind == "service" and hasattr(o, "template") and not body:
                body = o.template.body
            elif o.kind == "service" and hasattr(o, "template"):
                body = o.template.body + "\n\n" + body
            if o.kind == "institution":
                body = body or ""
            if o.hugo_extra:
                body = body + "\n\n" + o.hugo_extra
            fm = [f"title: {y(title)}"]
            summary = o.summary or (o.template.summary if hasattr(o, "template") else "")
            if summary:
                fm.append(f"summary: {y(summary)}")
            for k, v in o.taxonomies.items():
                fm.append(f"{k}: {y(v)}")
            write(out / o.hpath, "---\n" + "\n".join(fm) + "\n---\n" + self.hugo_body(body) + "\n")


def write(path: pathlib.Path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--services", type=int, required=True, help="number of service cards (N)")
    ap.add_argument("--out", required=True, help="folder of the katalogs site (replaced)")
    ap.add_argument("--hugo", help="also write the same pages as a Hugo site into this folder (replaced)")
    ap.add_argument("--seed", type=int, default=8)
    args = ap.parse_args()
    if args.services < 1:
        ap.error("--services must be at least 1")
    c = Corpus(args.services, args.seed)
    c.generate()
    intros = c.intro_pages()
    out = pathlib.Path(args.out)
    if out.exists():
        shutil.rmtree(out)
    c.write_katalogs(out, intros)
    if args.hugo:
        h = pathlib.Path(args.hugo)
        if h.exists():
            shutil.rmtree(h)
        c.write_hugo(h, intros)
    kinds: dict[str, int] = {}
    for o in c.objs:
        kinds[o.kind] = kinds.get(o.kind, 0) + 1
    print(f"{args.services} services → {out}"
          f"{' and ' + args.hugo if args.hugo else ''}: "
          + ", ".join(f"{v} {k}" for k, v in kinds.items())
          + f" ({len(c.templates)} unified templates, {len(c.variants)} municipal variants)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
