"""Every term used in code, queries and shapes is declared in the ontology (STYLE.md §4),
and every luocdo term is labelled and defined in Vietnamese and English."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from luocdo import resources
from luocdo.terms import LO, declared, ontology

REPO = Path(__file__).resolve().parents[2]

# Vocabularies whose terms we use must be declared too (minimally, for the external ones).
NAMESPACES = {
    "lo": str(LO),
    "eli": "http://data.europa.eu/eli/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}
# Python constants of terms.py that stand for these namespaces.
PY_CONSTANTS = {"LO": "lo", "ELI": "eli", "ORG": "org", "PROV": "prov", "OA": "oa", "SKOS": "skos"}

_BARE = r"([A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*)"
_NAME = _BARE + r"(?![-<{\w])"  # not a template such as lo:doctype-<code>
_PREFIX_DECL = re.compile(r"(?i)(?:@prefix|PREFIX)\s+([A-Za-z][\w-]*)?:\s*<([^>]+)>")


def _sources() -> list[Path]:
    found: list[Path] = []
    for folder, patterns in (("luocdo", ["**/*.py"]), ("loaders", ["**/*.py"]),
                             ("api", ["**/*.py"]), ("queries", ["*.rq", "*.ru"]),
                             ("shapes", ["*.ttl"])):
        for pattern in patterns:
            found.extend(sorted((REPO / folder).glob(pattern)))
    return found


def used_terms(path: Path) -> set[tuple[URIRef, int]]:
    """The terms of our namespaces that ``path`` uses, with their line numbers."""
    text = path.read_text(encoding="utf-8")
    prefixes = {p: ns for p, ns in NAMESPACES.items()}
    for prefix, iri in _PREFIX_DECL.findall(text):
        if prefix:
            prefixes[prefix] = iri
    wanted = set(NAMESPACES.values())
    patterns: list[tuple[re.Pattern[str], str]] = []
    for prefix, iri in prefixes.items():
        if iri in wanted:
            patterns.append((re.compile(rf"(?<![\w:/#.\[-]){re.escape(prefix)}:{_NAME}"), iri))
    for iri in wanted:
        patterns.append((re.compile(re.escape(iri) + _NAME), iri))
    if path.suffix == ".py":
        for const, prefix in PY_CONSTANTS.items():
            iri = NAMESPACES[prefix]
            patterns.append((re.compile(rf"(?<![\w.]){const}\.{_NAME}"), iri))
            patterns.append((re.compile(rf"(?<![\w.]){const}\[\s*[\"']{_BARE}[\"']\s*\]"),
                             iri))
    code_patterns = patterns[len(patterns) - 2 * len(PY_CONSTANTS):] if path.suffix == ".py" \
        else []
    text_patterns = patterns[:len(patterns) - len(code_patterns)]
    out: set[tuple[URIRef, int]] = set()
    # In Python, prefixed names count only inside strings and comments (``text[lo:hi]`` is
    # a slice); the constants count in code.
    pieces = _python_pieces(text) if path.suffix == ".py" else [(1, text)]
    scans = [(pieces, text_patterns), ([(1, text)], code_patterns)]
    for chunks, chunk_patterns in scans:
        for first_line, piece in chunks:
            for offset, line in enumerate(piece.splitlines()):
                for pattern, iri in chunk_patterns:
                    for name in pattern.findall(line):
                        out.add((URIRef(iri + name), first_line + offset))
    return out


def _python_pieces(text: str) -> list[tuple[int, str]]:
    """The strings and comments of Python source, with their first line."""
    kinds = {tokenize.STRING, tokenize.COMMENT, getattr(tokenize, "FSTRING_MIDDLE", -1)}
    return [(tok.start[0], tok.string)
            for tok in tokenize.generate_tokens(io.StringIO(text).readline) if tok.type in kinds]


# Attributes of rdflib's Namespace objects, not terms.
NOT_TERMS = {"term", "title", "uri"}


def test_sources_are_found() -> None:
    names = {p.name for p in _sources()}
    assert {"graph.py", "identity.py", "terms.py"} <= names


def test_scanner_finds_every_form_of_use(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'a = LO.implements\nb = LO["taskOf"]\n'
        'c = "<https://w3id.org/luocdo/ontology#lead> lo:Span"\n'
        'd = "lo:doctype-<code>" ; e = "hello:World"\n'
        '"""Split ``text[lo:hi]``."""\nx = text[lo:hi]  # see lo:hasTask\n', encoding="utf-8")
    found = {str(t).rsplit("#", 1)[1] for t, _ in used_terms(sample)}
    assert found == {"implements", "taskOf", "lead", "Span", "hasTask"}
    rq = tmp_path / "q.rq"
    rq.write_text("PREFIX x: <https://w3id.org/luocdo/ontology#>\nSELECT * { ?s x:hasTask ?t }\n",
                  encoding="utf-8")
    assert {str(t) for t, _ in used_terms(rq)} == {str(LO.hasTask)}


def test_every_term_used_is_declared() -> None:
    known = declared()
    missing = []
    for path in _sources():
        for term, line in sorted(used_terms(path)):
            name = str(term).rsplit("#", 1)[-1]
            if term.startswith(str(LO)) and name in NOT_TERMS:
                continue
            if term not in known:
                missing.append(f"{path.relative_to(REPO)}:{line}: {term}")
    assert missing == [], "undeclared terms (declare them in ontology/*.ttl):\n" + "\n".join(
        sorted(set(missing)))


def test_ontology_files_parse() -> None:
    for path in resources.files("ontology", "*.ttl"):
        Graph().parse(path, format="turtle")


def _lo_terms(g: Graph) -> list[URIRef]:
    return sorted({s for s in g.subjects(RDF.type, None)
                   if isinstance(s, URIRef) and str(s).startswith(str(LO))})


@pytest.mark.parametrize("prop", [RDFS.label, SKOS.definition])
def test_every_lo_term_has_vietnamese_and_english_text(prop: URIRef) -> None:
    g = ontology()
    terms = _lo_terms(g)
    assert len(terms) > 100
    lacking = []
    for term in terms:
        langs = {o.language for o in g.objects(term, prop) if isinstance(o, Literal)}
        if not {"vi", "en"} <= langs:
            lacking.append(f"{term} {prop} has {sorted(filter(None, langs))}")
    assert lacking == []


def test_every_lo_term_has_one_label_per_language() -> None:
    g = ontology()
    for term in _lo_terms(g):
        langs = [o.language for o in g.objects(term, RDFS.label)]
        assert sorted(langs) == sorted(set(langs)), term
