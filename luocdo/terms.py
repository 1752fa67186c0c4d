"""RDF namespaces and term constants, checked against the ontology.

``LO.implements`` and friends are plain :class:`rdflib.Namespace` attributes;
``tests/unit/test_terms_declared.py`` scans the code, queries and shapes and
fails on any ``lo:`` term the ontology (``ontology/*.ttl``) does not declare, so
there is no second hand-kept list of terms. :func:`declared` reads the
ontology for code that needs the list at run time.
"""

from __future__ import annotations

import functools
import re

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF

from luocdo import resources
from luocdo.loaders.vietnamese import fold


class _Namespace(Namespace):
    """A namespace whose terms are made once: rdflib builds a new URIRef on every
    attribute access (``LO.implements``), which the graph mapping does for every triple."""

    @functools.cache  # noqa: B019 - namespaces live as long as the process
    def term(self, name: str) -> URIRef:
        return super().term(name)


LO = _Namespace("https://w3id.org/luocdo/ontology#")
LOD = _Namespace("https://w3id.org/luocdo/id/")
ELI = _Namespace("http://data.europa.eu/eli/ontology#")
ORG = _Namespace("http://www.w3.org/ns/org#")
PROV = _Namespace("http://www.w3.org/ns/prov#")
OA = _Namespace("http://www.w3.org/ns/oa#")
TIME = _Namespace("http://www.w3.org/2006/time#")

ONTOLOGY_IRI = URIRef("https://w3id.org/luocdo/ontology")

# Model relation names (luocdo.model.RELATIONS) -> the ontology's properties.
RELATION_PROPERTY: dict[str, URIRef] = {
    "implements": LO.implements,
    "aligns_with": LO.alignsWith,
    "based_on": LO.basedOn,
    "replaces": LO.replaces,
    "amends": LO.amends,
    "repeals": LO.repeals,
    "guides": LO.guides,
    "corrects": LO.corrects,
    "consolidates": LO.consolidates,
    "cites": LO.cites,
}

# The same relations by the ontology's local names ("alignsWith"), in the model's order;
# what --relation options, trace and export accept.
RELATION_NAMES: tuple[str, ...] = tuple(
    str(prop)[len(str(LO)):] for prop in RELATION_PROPERTY.values())
# Model names (snake_case) -> local names.
RELATION_LOCAL_NAME: dict[str, str] = dict(zip(RELATION_PROPERTY, RELATION_NAMES, strict=True))

# Prefixes bound on every graph luocdo serializes.
PREFIXES: dict[str, Namespace] = {
    "lo": LO, "lod": LOD, "eli": ELI, "org": ORG, "prov": PROV, "oa": OA, "time": TIME,
}

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def relation_property(relation: str) -> URIRef:
    """The property of a model relation name (``aligns_with`` → ``lo:alignsWith``)."""
    try:
        return RELATION_PROPERTY[relation]
    except KeyError:
        raise ValueError(
            f"unknown relation {relation!r}; expected one of {sorted(RELATION_PROPERTY)}"
        ) from None


def doctype_concept(code: str) -> URIRef:
    """The lo:DocumentType concept of a type code (``QĐ`` → ``lo:doctype-qd``)."""
    return LO["doctype-" + _NON_SLUG.sub("-", fold(code)).strip("-")]


def document_class(name: str) -> URIRef:
    """The class named by a ``class`` value of ``patterns/doctypes.json`` (``Plan``→``lo:Plan``)."""
    return LO[name]


@functools.cache
def ontology() -> Graph:
    """The ontology: every ``ontology/*.ttl`` file in one graph."""
    graph = Graph()
    for path in resources.files("ontology", "*.ttl"):
        graph.parse(path, format="turtle")
    return graph


@functools.cache
def term_labels() -> dict[str, str]:
    """The Vietnamese label (rdfs:label@vi) of every lo: term, by local name.

    Read from ``ontology/*.ttl`` by pyoxigraph's parser: a trace or an export that
    only names relations does not build the rdflib graph of :func:`ontology` (10 ms
    against 125 ms here).
    """
    import pyoxigraph as ox

    label, namespace = "http://www.w3.org/2000/01/rdf-schema#label", str(LO)
    labels: dict[str, str] = {}
    for path in resources.files("ontology", "*.ttl"):
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            subject, value = quad.subject, quad.object
            if (quad.predicate.value == label and isinstance(subject, ox.NamedNode)
                    and subject.value.startswith(namespace)
                    and isinstance(value, ox.Literal) and value.language == "vi"):
                labels[subject.value[len(namespace):]] = value.value
    return labels


@functools.cache
def declared() -> frozenset[URIRef]:
    """Every IRI the ontology declares (as a class, property or named individual)."""
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
             OWL.NamedIndividual, RDF.Property)
    graph = ontology()
    return frozenset(s for k in kinds for s in graph.subjects(RDF.type, k)
                     if isinstance(s, URIRef))
