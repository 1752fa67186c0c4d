"""Run tests/shapes/manifest.toml: fixture data + the exact results the shapes give.

Also: the shapes pass pySHACL's meta-SHACL check, and every shape that reports
something has a conforming and a violating case in the manifest.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from pyshacl.entrypoints import meta_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from luocdo.terms import LO
from luocdo.validate import LSH, SH, shapes_graph, validate

HERE = Path(__file__).parent
MANIFEST = tomllib.loads((HERE / "manifest.toml").read_text(encoding="utf-8"))
ALIASES: dict[str, str] = MANIFEST["aliases"]
CASES: list[dict[str, Any]] = MANIFEST["case"]
PREFIXES = {"lo": str(LO), "skos": str(SKOS)}


def _shapes(case: dict[str, Any]) -> list[str]:
    shape = case["shape"]
    return [shape] if isinstance(shape, str) else list(shape)


def _term(name: str) -> URIRef:
    if name in ALIASES:
        return URIRef(ALIASES[name])
    prefix, _, local = name.partition(":")
    return URIRef(PREFIXES[prefix] + local)


def case_graph(case: dict[str, Any]) -> Graph:
    """data/complete.ttl minus the case's dropped triples, plus its files."""
    graph = Graph()
    graph.parse(HERE / "data" / "complete.ttl", format="turtle")
    for drop in case.get("drop", []):
        node, prop = drop.split()
        graph.remove((_term(node), _term(prop), None))
    for name in case.get("data", []):
        graph.parse(HERE / "data" / name, format="turtle")
    return graph


def _alias(iri: str) -> str:
    names = {v: k for k, v in ALIASES.items()}
    return names.get(iri, iri)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    report = validate(case_graph(case))
    got = sorted((r.severity, r.check, _alias(r.focus)) for r in report.results)
    assert got == sorted(tuple(e) for e in case["expect"])
    assert report.conforms == (not any(e[0] == "violation" for e in case["expect"]))
    for r in report.results:  # every result is told in both languages, names filled in
        assert set(r.message) == {"vi", "en"}
        assert "{" not in r.message["vi"] + r.message["en"], r.message


def checks() -> set[str]:
    """Shapes that report something: they carry a message (directly or in sh:sparql)."""
    graph = shapes_graph()
    out = set()
    for shape in set(graph.subjects(SH.message, None)) | set(graph.subjects(SH.sparql, None)):
        if isinstance(shape, URIRef) and str(shape).startswith(str(LSH)):
            out.add(str(shape)[len(str(LSH)):])
    return out


def test_every_shape_has_a_conforming_and_a_violating_case() -> None:
    covered: dict[str, set[str]] = {"conforming": set(), "violating": set()}
    for case in CASES:
        covered[case["kind"]].update(_shapes(case))
        if case["kind"] == "violating":  # the case shows the shape it is for
            assert {e[1] for e in case["expect"]} == set(_shapes(case)), case["name"]
        else:
            assert case["expect"] == [], case["name"]
    assert checks() - covered["conforming"] == set()
    assert checks() - covered["violating"] == set()
    assert covered["conforming"] | covered["violating"] <= checks()


def test_shapes_pass_the_meta_shacl_check() -> None:
    # Without RDFS inference: running OWL-RL's inference in a process replaces rdflib's
    # xsd:gMonthDay converter with one that rejects valid values ("--12-05"), which would
    # make lsh:ReportingDayMonth report well-formed days in every later test.
    conforms, _graph, text = meta_validate(shapes_graph(), inference="none")
    assert conforms, text


def test_every_check_says_its_severity_and_speaks_both_languages() -> None:
    graph = shapes_graph()
    for name in checks():
        shape = LSH[name]
        labels = {getattr(label, "language", None) for label in graph.objects(shape, RDFS.label)}
        assert labels == {"vi", "en"}, name
        assert graph.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), name
        messages = list(graph.objects(shape, SH.message)) + [
            m for c in graph.objects(shape, SH.sparql) for m in graph.objects(c, SH.message)]
        assert {getattr(m, "language", None) for m in messages} == {"vi", "en"}, name
