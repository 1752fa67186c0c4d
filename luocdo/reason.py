"""Reasoning over the store: consistency with HermiT, and inferences users can query.

What is inferred, and how (measured on ../shared, see docs/validation-corpus.md):

- **inverse relations** (``lo:implementedBy``, ``lo:taskOf``, ``lo:subTask``...): for
  every asserted triple whose property has an ``owl:inverseOf`` in the ontology;
- **the ``lo:contributesTo`` closure** from a task through its plan and the documents
  above it to the top directive: the property is transitive and ``lo:implements`` and
  ``lo:taskOf`` are its sub-properties. Both are computed as a graph closure read from
  the ontology's axioms, since HermiT needs minutes for what this does in a second
  (HermiT derives the same pairs; a test compares them on the seeds);
- **class membership** of the defined classes of ``ontology/inference.ttl``
  (``lo:CentralPartyResolution``, ``lo:ImplementingPlan``...): HermiT, through
  owlready2, realises the *document module* of the store (every document's types,
  relations and jurisdiction, the units' levels: no tasks, spans or citations, which no
  definition reads), which also checks that module's consistency;
- **consistency** of the ontology with everything asserted: HermiT's satisfiability
  check (``-k``, from the jar owlready2 ships) over the ontology and every triple of
  the store, leaving out literals typed ``xsd:date``, ``xsd:gYear``,
  ``xsd:gYearMonth`` or ``xsd:gMonthDay``, which are outside the OWL 2 datatype map
  and which HermiT refuses (see ontology/README.md).

What is inferred is written to the named graph :func:`luocdo.identity.inferred_graph_iri`
(``lod:graph/inferred``), replacing what an earlier run wrote, so queries over the union
use it and ``GRAPH lod:graph/inferred { ... }`` tells inferred from asserted.
"""

from __future__ import annotations

import contextlib
import functools
import io
import shutil
import subprocess
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import rdflib
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from luocdo import identity
from luocdo.errors import LuocdoError
from luocdo.store import Store
from luocdo.terms import LO, ontology

# Literal datatypes outside the OWL 2 datatype map: HermiT refuses them.
UNSUPPORTED_DATATYPES = frozenset(str(d) for d in (XSD.date, XSD.gYear, XSD.gYearMonth,
                                                   XSD.gMonthDay))
_INFERENCES = "http://inferrences/"  # owlready2's ontology for what a reasoner found


class ReasonerError(LuocdoError):
    """The reasoner cannot run (no Java) or failed on its input."""

    code = "reasoner_error"


@dataclass(frozen=True)
class Consistency:
    """The outcome of a consistency check."""

    consistent: bool
    triples: int  # triples given to the reasoner (ontology included)
    seconds: float
    clashes: tuple[tuple[str, str, str], ...] = ()  # (individual, class, disjoint class)


@dataclass
class Reasoning:
    """What one run inferred, how much, how long each step took."""

    inferred: dict[str, int] = field(default_factory=dict)  # property or "a Class" -> count
    triples: int = 0  # triples written to the inferred graph
    seconds: dict[str, float] = field(default_factory=dict)  # step -> seconds
    module: Consistency | None = None  # HermiT on the document module (None: not run)
    consistency: Consistency | None = None  # HermiT on everything (None: not run)

    @property
    def consistent(self) -> bool | None:
        """False when a check found a contradiction; None when none was run."""
        checks = [c for c in (self.module, self.consistency) if c is not None]
        if not checks:
            return None
        return all(c.consistent for c in checks)


# ---------------------------------------------------------------- the ontology's axioms


@functools.cache
def inverse_pairs() -> tuple[tuple[URIRef, URIRef], ...]:
    """Every (property, inverse) pair of the ontology, in both directions."""
    pairs: set[tuple[URIRef, URIRef]] = set()
    for p, q in ontology().subject_objects(OWL.inverseOf):
        if isinstance(p, URIRef) and isinstance(q, URIRef):
            pairs.add((p, q))
            pairs.add((q, p))
    return tuple(sorted(pairs))


@functools.cache
def contributing_properties() -> tuple[frozenset[URIRef], frozenset[URIRef]]:
    """Properties whose triples are ``lo:contributesTo`` edges forwards (its
    sub-properties), and those that are such edges backwards (their inverses)."""
    onto = ontology()
    forward = {p for p in onto.transitive_subjects(RDFS.subPropertyOf, LO.contributesTo)
               if isinstance(p, URIRef)}
    backward = {q for p, q in inverse_pairs() if p in forward and q not in forward}
    return frozenset(forward), frozenset(backward)


@functools.cache
def document_relations() -> frozenset[URIRef]:
    """The relations between documents (sub-properties of ``lo:relatedTo``)."""
    onto = ontology()
    return frozenset(p for p in onto.transitive_subjects(RDFS.subPropertyOf, LO.relatedTo)
                     if isinstance(p, URIRef))


# ---------------------------------------------------------------- reading the store


def _rdf(term: Any) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=URIRef(term.datatype.value))


def _derived_graphs() -> frozenset[ox.NamedNode | ox.DefaultGraph]:
    return frozenset({ox.NamedNode(str(identity.inferred_graph_iri())),
                      ox.NamedNode(str(identity.ontology_graph_iri())), ox.DefaultGraph()})


def asserted(store: Store, predicate: URIRef | None = None) -> Iterator[ox.Quad]:
    """The asserted quads of the store (the documents' graphs: not the merged default
    graph, nor the inferred or ontology graphs)."""
    skip = _derived_graphs()
    pattern = store.inner.quads_for_pattern(
        None, None if predicate is None else ox.NamedNode(str(predicate)), None, None)
    return (q for q in pattern if q.graph_name not in skip)


def _pairs(store: Store, predicate: URIRef) -> set[tuple[str, str]]:
    return {(q.subject.value, q.object.value) for q in asserted(store, predicate)
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)}


# ---------------------------------------------------------------- graph closure


def inverse_triples(store: Store) -> set[tuple[str, str, str]]:
    """(object, inverse property, subject) for every asserted triple of a property with an
    inverse; none that is asserted already."""
    pairs = {p: _pairs(store, p) for p in {p for p, _q in inverse_pairs()}}
    out: set[tuple[str, str, str]] = set()
    for p, q in inverse_pairs():
        out |= {(o, str(q), s) for s, o in pairs[p] if (o, s) not in pairs[q]}
    return out


def contribution_edges(store: Store) -> set[tuple[str, str]]:
    """Asserted ``lo:contributesTo`` edges: sub-property triples, and inverse triples read
    backwards (``plan lo:hasTask task`` is ``task lo:taskOf plan``)."""
    forward, backward = contributing_properties()
    edges: set[tuple[str, str]] = set()
    for p in forward:
        edges |= _pairs(store, p)
    for q in backward:
        edges |= {(o, s) for s, o in _pairs(store, q)}
    return edges


def closure(edges: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The transitive closure of ``edges`` without reflexive pairs of acyclic nodes
    (a node in a cycle reaches itself, which validation reports)."""
    graph = nx.DiGraph()
    graph.add_edges_from(edges)
    condensed = nx.condensation(graph)
    members = condensed.graph["mapping"]  # node -> component
    groups: dict[int, list[str]] = defaultdict(list)
    for node, component in members.items():
        groups[component].append(node)
    reach: dict[int, frozenset[str]] = {}
    for component in reversed(list(nx.topological_sort(condensed))):
        found: set[str] = set()
        for succ in condensed.successors(component):
            found.update(groups[succ])
            found.update(reach[succ])
        if len(groups[component]) > 1:  # a cycle: its members reach each other
            found.update(groups[component])
        reach[component] = frozenset(found)
    return {(node, target) for node, component in members.items()
            for target in reach[component]}


# ---------------------------------------------------------------- HermiT


def java() -> str:
    """The Java executable HermiT runs on; :class:`ReasonerError` when there is none."""
    import owlready2

    exe = shutil.which(owlready2.JAVA_EXE) or shutil.which("java")
    if exe is None:
        raise ReasonerError("Java is needed to run HermiT and was not found; install it "
                            "(`make system-deps` installs default-jre-headless)")
    return exe


def _hermit_classpath() -> str:
    import owlready2.reasoning

    classpath = getattr(owlready2.reasoning, "_HERMIT_CLASSPATH", None)
    if not classpath:
        raise ReasonerError("owlready2 does not say where its HermiT jar is "
                            "(owlready2.reasoning._HERMIT_CLASSPATH)")
    return str(classpath)


def _java_memory() -> int:
    import owlready2.reasoning

    return int(getattr(owlready2.reasoning, "JAVA_MEMORY", 2000))


def owl_triples(triples: Iterable[tuple[Any, Any, Any]]) -> Iterator[tuple[Any, Any, Any]]:
    """Triples a reasoner accepts: literals of unsupported datatypes are left out."""
    for s, p, o in triples:
        if isinstance(o, rdflib.Literal) and o.datatype is not None and \
                str(o.datatype) in UNSUPPORTED_DATATYPES:
            continue
        yield s, p, o


def _with_ontology(triples: Iterable[tuple[Any, Any, Any]]) -> Graph:
    graph = Graph()
    for t in ontology():
        graph.add(t)
    for t in owl_triples(triples):
        graph.add(t)
    return graph


def check_consistency(source: Graph | Store) -> Consistency:
    """Whether the ontology plus ``source`` (a graph, or everything asserted in a store)
    is consistent, by HermiT's satisfiability check of owl:Thing."""
    started = time.perf_counter()
    if isinstance(source, Store):
        triples: Iterable[tuple[Any, Any, Any]] = (
            (_rdf(q.subject), _rdf(q.predicate), _rdf(q.object)) for q in asserted(source))
    else:
        triples = source
    graph = _with_ontology(triples)
    consistent = _hermit_satisfiable(graph)
    clashes = () if consistent else disjoint_clashes(graph)
    return Consistency(consistent=consistent, triples=len(graph),
                       seconds=time.perf_counter() - started, clashes=clashes)


def _hermit_satisfiable(graph: Graph) -> bool:
    with tempfile.TemporaryDirectory(prefix="luocdo-hermit-") as folder:
        path = Path(folder) / "input.nt"
        graph.serialize(destination=str(path), format="nt", encoding="utf-8")
        command = [java(), f"-Xmx{_java_memory()}M", "-cp", _hermit_classpath(),
                   "org.semanticweb.HermiT.cli.CommandLine", "-k", path.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, check=False)
        except OSError as exc:
            raise ReasonerError(f"cannot run HermiT: {exc}") from exc
    output = (done.stdout or "") + (done.stderr or "")
    if "is satisfiable" in output and "is not satisfiable" not in output:
        return True
    if "is not satisfiable" in output or "Inconsistent" in output:
        return False
    raise ReasonerError(f"HermiT failed (exit {done.returncode}): {output.strip()[-800:]}")


def disjoint_clashes(graph: Graph) -> tuple[tuple[str, str, str], ...]:
    """Individuals whose asserted types (and their superclasses) include two classes the
    ontology declares disjoint: the usual cause of an inconsistency, named for the user."""
    onto = ontology()
    disjoint: set[tuple[URIRef, URIRef]] = set()
    for a, b in onto.subject_objects(OWL.disjointWith):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            disjoint |= {(a, b), (b, a)}
    for group in onto.subjects(RDF.type, OWL.AllDisjointClasses):
        head = onto.value(group, OWL.members)
        members = [m for m in onto.items(head) if isinstance(m, URIRef)] if head else []
        disjoint |= {(a, b) for a in members for b in members if a != b}

    @functools.cache
    def supers(cls: URIRef) -> frozenset[URIRef]:
        return frozenset(c for c in onto.transitive_objects(cls, RDFS.subClassOf)
                         if isinstance(c, URIRef))

    types: dict[rdflib.term.Node, set[URIRef]] = defaultdict(set)
    for s, o in graph.subject_objects(RDF.type):
        if isinstance(o, URIRef) and str(o).startswith(str(LO)):
            types[s] |= supers(o)
    out = set()
    for individual, classes in types.items():
        for a in classes:
            for b in classes:
                if str(a) < str(b) and (a, b) in disjoint:
                    out.add((str(individual), str(a), str(b)))
    return tuple(sorted(out))


def document_module(store: Store) -> Graph:
    """What the defined classes read: every document's types, relations between documents
    and jurisdiction, and the administrative units' types and levels."""
    document_class = ox.NamedNode(str(LO.LegalDocument))
    types: dict[str, set[ox.NamedNode]] = defaultdict(set)
    for q in asserted(store, RDF.type):  # one pass: type triples are many
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
            types[q.subject.value].add(q.object)
    documents = {s for s, classes in types.items() if document_class in classes}
    graph = Graph()
    for s, classes in types.items():
        if s in documents or "/unit/" in s:
            for cls in classes:
                graph.add((URIRef(s), RDF.type, URIRef(cls.value)))
    for prop in sorted(document_relations()):
        for s, o in _pairs(store, prop):
            if s in documents and o in documents:
                graph.add((URIRef(s), prop, URIRef(o)))
    for s, o in _pairs(store, LO.jurisdiction):
        if s in documents:
            graph.add((URIRef(s), LO.jurisdiction, URIRef(o)))
    for q in asserted(store, LO.level):
        graph.add((_rdf(q.subject), LO.level, _rdf(q.object)))
    return graph


def realise(module: Graph) -> tuple[Consistency, set[tuple[str, str]]]:
    """HermiT (owlready2) on the ontology plus ``module``: its consistency, and the
    (individual, class) memberships of the defined classes it infers."""
    from owlready2 import (
        OwlReadyInconsistentOntologyError,
        OwlReadyJavaError,
        World,
        sync_reasoner_hermit,
    )

    started = time.perf_counter()
    graph = _with_ontology(module)
    java()
    world = World()
    try:
        data = graph.serialize(format="nt", encoding="utf-8")
        world.get_ontology("https://w3id.org/luocdo/reasoning/module").load(
            fileobj=io.BytesIO(data), format="ntriples")
        with _quiet():
            try:
                sync_reasoner_hermit(world, infer_property_values=False, debug=0)
            except OwlReadyInconsistentOntologyError:
                return Consistency(False, len(graph), time.perf_counter() - started,
                                   disjoint_clashes(graph)), set()
            except OwlReadyJavaError as exc:
                raise ReasonerError(f"HermiT failed: {exc}") from exc
        out = io.BytesIO()
        world.get_ontology(_INFERENCES).save(out, format="ntriples")
    finally:
        world.close()
    inferred = Graph()
    inferred.parse(data=out.getvalue().decode("utf-8"), format="nt")
    defined = _defined_classes()
    members = {(str(s), str(o)) for s, o in inferred.subject_objects(RDF.type) if o in defined}
    # HermiT names the most specific classes only; their defined superclasses hold too.
    onto = ontology()
    for s, cls in list(members):
        for sup in onto.transitive_objects(URIRef(cls), RDFS.subClassOf):
            if sup in defined:
                members.add((s, str(sup)))
    return Consistency(True, len(graph), time.perf_counter() - started), members


@functools.cache
def _defined_classes() -> frozenset[URIRef]:
    """Classes with an owl:equivalentClass definition (memberships worth materializing)."""
    onto = ontology()
    return frozenset(c for c in onto.subjects(OWL.equivalentClass, None)
                     if isinstance(c, URIRef))


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """owlready2 prints to stderr; the library must not."""
    import sys

    saved = sys.stderr
    sys.stderr = io.StringIO()
    try:
        yield
    finally:
        sys.stderr = saved


# ---------------------------------------------------------------- the run


def _short(iri: str) -> str:
    lo = str(LO)
    return "lo:" + iri[len(lo):] if iri.startswith(lo) else iri


def reason(store: Store, *, hermit: bool = True, consistency: bool = True,
           write: bool = True) -> Reasoning:
    """Infer what is described in the module docstring and write it to the inferred graph.

    ``hermit=False`` skips HermiT (class membership and module consistency);
    ``consistency=False`` skips the check over everything asserted (the slowest step);
    ``write=False`` leaves the store as it is.
    """
    run = Reasoning()
    triples: set[tuple[str, str, str]] = set()

    started = time.perf_counter()
    inverses = inverse_triples(store)
    triples |= inverses
    run.seconds["inverses"] = time.perf_counter() - started

    started = time.perf_counter()
    pairs = closure(contribution_edges(store))
    contributes = str(LO.contributesTo)
    asserted_pairs = _pairs(store, LO.contributesTo)
    triples |= {(s, contributes, o) for s, o in pairs if (s, o) not in asserted_pairs}
    run.seconds["contributesTo closure"] = time.perf_counter() - started

    if hermit:
        started = time.perf_counter()
        module = document_module(store)
        run.module, members = realise(module)
        triples |= {(s, str(RDF.type), c) for s, c in members}
        run.seconds["HermiT: class membership"] = time.perf_counter() - started
    if consistency:
        run.consistency = check_consistency(store)
        run.seconds["HermiT: consistency"] = run.consistency.seconds

    counts: Counter[str] = Counter()
    for _s, p, o in triples:
        counts[f"a {_short(o)}" if p == str(RDF.type) else _short(p)] += 1
    run.inferred = dict(sorted(counts.items()))
    run.triples = len(triples)
    if write:
        started = time.perf_counter()
        write_inferred(store, triples)
        run.seconds["write"] = time.perf_counter() - started
    return run


def write_inferred(store: Store, triples: Iterable[tuple[str, str, str]]) -> None:
    """Replace the inferred graph with ``triples`` (IRIs only).

    The old graph is removed and the new one added in two steps (a derived graph is
    recomputed by running again; one SPARQL update holding a million triples is not
    worth its atomicity here).
    """
    name = str(identity.inferred_graph_iri())
    store.remove_graph(name)
    graph = Graph()
    for s, p, o in sorted(triples):
        graph.add((URIRef(s), URIRef(p), URIRef(o)))
    store.add(graph, named_graph=name)
