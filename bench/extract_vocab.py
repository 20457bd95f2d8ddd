#!/usr/bin/env python3
"""One-off: extract the Latvian text material the corpus generator builds on.

Reads the seed documents (../shared/seeds/*.txt, the sources of the bundled content) and the
bodies of the bundled content, and writes, next to this script:

- data/sentences.txt  clean Latvian prose sentences, one per line (letters, digits, commas,
                      ordinal numbers; no Markdown, quotes, brackets or URLs), the training
                      text of corpus.py's word-bigram model;
- data/terms.tsv      the bundled glossary's term names, abbreviations, synonyms and English
                      equivalents, so generated glossaries start with the real terms.

corpus.py reads only these two files, so the generated corpora do not depend on the seeds'
location or on later edits to the bundled content. Re-running this script changes them (and
therefore every generated corpus); commit the result.

Usage: python3 bench/extract_vocab.py [--seeds ../shared/seeds] [--repo .]
"""

from __future__ import annotations

import argparse
import pathlib
import re

LETTERS = "A-Za-zĀČĒĢĪĶĻŅŠŪŽāčēģīķļņšūž"
WORD = re.compile(rf"^[{LETTERS}]+(?:-[{LETTERS}]+)*,?$")
ORDINAL = re.compile(r"^\d{1,4}\.$")
NUMBER = re.compile(r"^\d{1,6}(?:,\d+)?%?,?$")
END = re.compile(rf"^[{LETTERS}]{{2,}}\.$")


def clean_markdown(text: str) -> str:
    """Bundled-content body → plain prose lines."""
    out = []
    for line in text.splitlines():
        s = line.strip()
        if not s or s.startswith(("|", "#", "```", "<")):
            out.append("")
            continue
        s = re.sub(r"^>\s*(\[![A-Z]+\])?\s*", "", s)
        s = re.sub(r"^(?:[-*+]|\d+\.)\s+", "", s)
        s = re.sub(r"\[\[[^\]|]*\|([^\]]*)\]\]", r"\1", s)
        s = re.sub(r"\[\[[^\]]*\]\]", " @@ ", s)  # a link's title is unknown: break the sentence
        s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
        s = s.replace("**", "").replace("__", "").replace("*", "").replace("`", "")
        out.append(s)
    return "\n".join(out)


def sentences(text: str):
    """Sentences of at least six tokens made only of accepted tokens."""
    text = text.replace("\u00ad", "").replace("\u00a0", " ")
    text = re.sub(r"-\n(?=[a-zāčēģīķļņšūž])", "", text)  # hyphenated line breaks
    # Paragraph breaks end sentences; single newlines are PDF line wraps.
    for para in re.split(r"\n\s*\n", text):
        tokens = para.split()
        cur: list[str] = []
        for tok in tokens:
            tok = tok.strip("„“”\"«»()")
            if tok.endswith((";", ":")):
                tok = tok[:-1] + ","
            if not tok:
                continue
            if tok in ("–", "—"):
                if cur:
                    cur.append("–")
                continue
            if ORDINAL.match(tok) and cur:
                cur.append(tok)
                continue
            if END.match(tok):
                cur.append(tok[:-1])
                yield cur
                cur = []
                continue
            if WORD.match(tok) or (NUMBER.match(tok) and cur):
                cur.append(tok)
                continue
            # Anything else (quotes, brackets, URLs, bullets, abbreviations with dots) ends
            # the current run without making it a sentence.
            cur = []


def good(sent: list[str]) -> bool:
    if not 6 <= len(sent) <= 40:
        return False
    first = sent[0]
    if not first[0].isupper() or first.isupper() and len(first) > 1 and len(sent) < 8:
        return False
    if sum(1 for w in sent if w.isupper() and len(w) > 1) > len(sent) // 3:
        return False  # headings and tables of abbreviations
    if sent[-1] == "–" or sent[-1].endswith(","):
        return False
    return True


def parse_list(value: str) -> list[str]:
    value = value.strip()
    if not value.startswith("["):
        return []
    items = re.findall(r'\s*(?:"([^"]*)"|([^,\[\]]+))', value)
    return [(a or b).strip() for a, b in items if (a or b).strip()]


def parse_scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return value


def main() -> None:
    here = pathlib.Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default=str(here.parent.parent / "shared" / "seeds"))
    ap.add_argument("--repo", default=str(here.parent))
    args = ap.parse_args()
    seeds = sorted(pathlib.Path(args.seeds).glob("*.txt"))
    repo = pathlib.Path(args.repo)
    if not seeds:
        raise SystemExit(f"no seed documents in {args.seeds}")

    texts = [p.read_text(encoding="utf-8") for p in seeds]
    for p in sorted((repo / "content").rglob("*.md")) + sorted((repo / "glossary").glob("*.md")):
        t = p.read_text(encoding="utf-8")
        if t.startswith("---"):
            t = t.split("\n---", 2)[-1] if t.count("\n---") >= 1 else t
            t = t.split("\n", 1)[1] if "\n" in t else ""
        texts.append(clean_markdown(t))

    seen: dict[str, None] = {}
    for text in texts:
        for s in sentences(text):
            if good(s):
                line = " ".join(s)
                seen.setdefault(line, None)
    data = here / "data"
    data.mkdir(exist_ok=True)
    (data / "sentences.txt").write_text("\n".join(seen) + "\n", encoding="utf-8")

    rows = []
    for p in sorted((repo / "glossary").glob("*.md")):
        if p.name == "_index.md":
            continue
        fm = p.read_text(encoding="utf-8").split("\n---", 1)[0]
        fields = {}
        for line in fm.splitlines()[1:]:
            if ":" in line and not line.startswith(" "):
                k, v = line.split(":", 1)
                fields[k.strip()] = v
        term = parse_scalar(fields.get("term", ""))
        if not term:
            continue
        rows.append("\t".join([
            term,
            "|".join(parse_list(fields.get("abbreviations", "[]"))),
            "|".join(parse_list(fields.get("synonyms", "[]"))),
            parse_scalar(fields.get("english", "")),
        ]))
    (data / "terms.tsv").write_text(
        "# term\tabbreviations\tsynonyms\tenglish (from the bundled glossary)\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    words = sum(len(l.split()) for l in seen)
    print(f"{len(seen)} sentences ({words} words), {len(rows)} terms → {data}")


if __name__ == "__main__":
    main()
