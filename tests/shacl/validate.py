#!/usr/bin/env python3
"""Validates a katalogs CPSV-AP JSON-LD export against the official CPSV-AP 3.2.0 SHACL shapes.

Usage: python3 tests/shacl/validate.py SITE_DIR/dati/cpsv-ap.jsonld [more files...]

Exits 0 when every file conforms, 1 when any file has a SHACL result (any severity) or
describes no public service at all (an empty graph must not pass), 2 on wrong usage or an
unreadable file. Needs pyshacl (`pip install pyshacl`); runs offline: the export's context is
inline and the shapes are vendored next to this script.
"""

import sys
from pathlib import Path

SHAPES = Path(__file__).resolve().parent / "cpsv-ap-SHACL.ttl"
CPSV = "http://purl.org/vocab/cpsv#"
CV = "http://data.europa.eu/m8g/"


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        from pyshacl import validate
        from rdflib import Graph, URIRef
        from rdflib.namespace import RDF
    except ImportError as e:
        print(f"error: {e}; install the validator with `pip install pyshacl`", file=sys.stderr)
        return 2

    shapes = Graph().parse(SHAPES, format="turtle")
    failed = False
    for name in argv[1:]:
        path = Path(name)
        data = Graph()
        try:
            data.parse(path, format="json-ld")
        except Exception as e:  # rdflib raises many kinds for bad input
            print(f"error: {path}: not readable as JSON-LD: {e}", file=sys.stderr)
            return 2
        counts = {
            label: len(set(data.subjects(RDF.type, URIRef(iri))))
            for label, iri in [
                ("public services", CPSV + "PublicService"),
                ("public organisations", CV + "PublicOrganisation"),
                ("channels", CV + "Channel"),
                ("life events", CV + "LifeEvent"),
            ]
        }
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        if counts["public services"] == 0:
            print(f"{path}: FAIL — no cpsv:PublicService in {len(data)} triples; nothing was validated")
            failed = True
            continue
        conforms, _report_graph, report_text = validate(
            data,
            shacl_graph=shapes,
            inference="none",
            abort_on_first=False,
            allow_warnings=False,
            allow_infos=False,
            meta_shacl=False,
            advanced=False,
        )
        if conforms:
            print(f"{path}: conforms to CPSV-AP 3.2.0 SHACL ({len(data)} triples: {summary})")
        else:
            failed = True
            print(f"{path}: FAIL — SHACL results ({len(data)} triples: {summary})")
            print(report_text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
