"""Traces computed the new way (issue 13) against the old way, on 1,000 synthetic documents.

The oracle is the implementation that issue 13 replaced, kept here: ``Trace``'s methods
rebuilt the first hop of every node on each call (quadratic in hops), the look-ups
filtered each triple by string slicing, and ``describe`` read every property of every
node by a scan of its triples. The store is built once for the module from
bench/generate_corpus.py, as bench/bench_queries.py builds its stores (in memory here).
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rich.console import Console

from luocdo import identity
from luocdo import trace as tracing
from luocdo.cli.trace import render
from luocdo.graph import document_iri_of, to_graph
from luocdo.store import DEFAULT_GRAPH, Store, keeps_merge, python, to_quads
from luocdo.trace import (
    DOCUMENT_RELATIONS,
    LO,
    OA,
    RDF_TYPE,
    SKOS_PREF,
    TASK_OF,
    Evidence,
    Hop,
    Node,
    Trace,
    _first,
    _jurisdiction_of,
    _Lookup,
    _type_name,
    _Walk,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from generate_corpus import generate

DOCUMENTS = 1_000
# Building the store is most of this module's time: about 15 s of CPU in all, most of it mapping
# 1,000 documents to RDF (luocdo.graph.to_graph); the comparisons take a few seconds.
pytestmark = pytest.mark.slow


# ---------------------------------------------------------------- the old way


class ReferenceTrace(Trace):
    """Trace's methods before issue 13: every call walks all the hops again."""

    def via(self, iri: str) -> Hop | None:
        return self.first_hops().get(iri)

    def first_hops(self) -> dict[str, Hop]:
        first: dict[str, Hop] = {}
        for hop in self.hops:
            node = self.reached(hop)
            if node in self.roots:
                continue
            if node not in first or (hop.relation == TASK_OF and not hop.upward
                                     and self.direction == "down"
                                     and first[node].relation != TASK_OF):
                first[node] = hop
        return first

    def own_relations(self, iri: str) -> list[Hop]:
        via = self.via(iri)
        return [h for h in self.hops if h.source == iri and h is not via
                and h.relation in DOCUMENT_RELATIONS]

    def children(self) -> dict[str, list[Hop]]:
        tree: dict[str, list[Hop]] = defaultdict(list)
        for node, hop in self.first_hops().items():
            tree[hop.source if node == hop.target else hop.target].append(hop)
        return tree

    def path(self, iri: str) -> list[Hop]:
        chain: list[Hop] = []
        seen = {iri}
        current = iri
        first = self.first_hops()
        while (hop := first.get(current)) is not None:
            chain.append(hop)
            current = hop.source if current == hop.target else hop.target
            if current in seen:
                break
            seen.add(current)
        return list(reversed(chain))


class ReferenceLookup(_Lookup):
    """The look-ups before issue 13 (index scans of the merged default graph only)."""

    def _run(self, name: str, nodes: Iterable[ox.NamedNode | ox.Literal],
             properties: Sequence[str], value_column: str,
             scan: bool | None = None) -> dict[tuple[Any, str], list[Any]]:
        assert keeps_merge(self.store.inner)
        found: dict[tuple[Any, str], list[Any]] = defaultdict(list)
        unique = list(dict.fromkeys(nodes))
        props = [ox.NamedNode(LO + p if ":" not in p else p) for p in properties]
        wanted = {p.value for p in props}
        by_node = name == "out" and len(props) > 3
        for node in unique:
            for prop in (None,) if by_node else props:
                subject, obj = (node, None) if name == "out" else (None, node)
                for quad in self.store.inner.quads_for_pattern(
                        subject, prop, obj, DEFAULT_GRAPH):  # type: ignore[arg-type]
                    key_prop = quad.predicate.value
                    if by_node and key_prop not in wanted:
                        continue
                    value = quad.object if name == "out" else quad.subject
                    key = key_prop[len(LO):] if key_prop.startswith(LO) else key_prop
                    found[(node.value, key)].append(
                        value.value if isinstance(value, ox.NamedNode) else python(value))
        return found


class ReferenceWalk(_Walk):
    """The walk with the old look-ups, the old Trace and the old ``describe``."""

    def __init__(self, store: Store, direction: Any, roots: Sequence[str],
                 relations: Sequence[str]):
        super().__init__(store, direction, roots, relations)
        self.look = ReferenceLookup(store)
        self.trace = ReferenceTrace(direction=direction, roots=tuple(roots),
                                    relations=tuple(relations))

    def describe(self) -> None:
        order = list(self.mode)
        props = ["symbol", "title", "dateIssued", "jurisdiction", "sourceText", "taskNumber",
                 "content", "timeframe", "dueDate", "product", "lead", "coordinator",
                 "evidence", "parentTask", "assignmentSource", RDF_TYPE]
        values = self.look.out(order, props)
        containers = self.look.into(order, ["hasTask"])
        extra = [d for n in order for d in containers.get((n, "hasTask"), [])
                 if d not in self.mode]
        if extra:
            values.update(self.look.out(extra, props))
        second = {v for (n, p), vs in values.items()
                  if p in ("jurisdiction", "lead", "coordinator") for v in vs}
        names = self.look.out(sorted(second), [SKOS_PREF]) if second else {}
        spans = {v for (n, p), vs in values.items() if p == "evidence" for v in vs}
        evidence = self._evidence()
        spans |= {s for hop_spans in evidence.values() for s, _ in hop_spans}
        span_values = self.look.out(sorted(spans), [OA + "start", OA + "end", OA + "exact",
                                                     "inDocument"]) if spans else {}
        span_values = {(n, p.replace(OA, "")): v for (n, p), v in span_values.items()}
        owners = {v for (n, p), vs in span_values.items() if p == "inDocument" for v in vs}
        owner_symbols = self.look.out(sorted(owners), ["symbol"]) if owners else {}

        def span(iri: str | None, stated_in: str | None = None) -> Evidence | None:
            if iri is None:
                return None
            owner = _first(span_values, iri, "inDocument")
            return Evidence(document=owner,
                            symbol=_first(owner_symbols, owner, "symbol") if owner else None,
                            start=_first(span_values, iri, "start"),
                            end=_first(span_values, iri, "end"),
                            text=_first(span_values, iri, "exact"), stated_in=stated_in)

        def jurisdiction(node: str) -> str | None:
            unit = _first(values, node, "jurisdiction")
            if unit is None:
                return None
            return _first(names, unit, SKOS_PREF) or _jurisdiction_of(node)[0]

        def labels(node: str, prop: str) -> tuple[str, ...]:
            found = [_first(names, a, SKOS_PREF) or a for a in values.get((node, prop), [])]
            return tuple(sorted(found))

        for iri in order:
            types = values.get((iri, RDF_TYPE), [])
            document = _first(containers, iri, "hasTask")
            mode = self.mode[iri]
            shown: Any = "root" if mode == "root" else "context" if mode == "context" \
                else "reached"
            if LO + "Task" in types or document is not None:
                number = _first(values, iri, "taskNumber")
                node = Node(
                    iri=iri, kind="task", label=f"Nhiệm vụ {number}" if number else "Nhiệm vụ",
                    number=number, content=_first(values, iri, "content"), document=document,
                    symbol=_first(values, document, "symbol") if document else None,
                    jurisdiction=jurisdiction(document) if document else None,
                    parent_task=_first(values, iri, "parentTask"),
                    source=_first(values, iri, "assignmentSource"),
                    leads=labels(iri, "lead"), coordinators=labels(iri, "coordinator"),
                    timeframe=_first(values, iri, "timeframe"),
                    due=_first(values, iri, "dueDate"), product=_first(values, iri, "product"),
                    span=span(_first(values, iri, "evidence")), ingested=True, mode=shown)
            else:
                symbol = _first(values, iri, "symbol")
                type_name = _type_name(symbol)
                title = _first(values, iri, "title")
                node = Node(
                    iri=iri, kind="document",
                    label=" ".join(p for p in (type_name, symbol) if p) or title or iri,
                    symbol=symbol, type_name=type_name, title=title,
                    date=_first(values, iri, "dateIssued"), jurisdiction=jurisdiction(iri),
                    ingested=bool(values.get((iri, "sourceText"))), mode=shown)
            self.trace.nodes[iri] = node
        hops = []
        for hop in self.trace.hops:
            found = evidence.get((hop.source, hop.relation, hop.target), [])
            items = [e for e in (span(s, stated) for s, stated in found) if e is not None]
            items.sort(key=lambda e: (e.stated_in is not None, e.document or "", e.start or 0))
            hops.append(Hop(hop.source, hop.relation, hop.target, hop.depth, hop.upward,
                            tuple(items)))
        self.trace.hops = hops
        self._order()


def reference(store: Store, direction: str, roots: Sequence[str]) -> Trace:
    walk = ReferenceWalk(store, direction, roots, tracing.DEFAULT_RELATIONS)
    if direction == "down":
        walk.down(None)
    else:
        walk.up(None)
    walk.describe()
    return walk.trace


# ---------------------------------------------------------------- the store


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    """1,000 synthetic documents with the merged default graph luocdo keeps."""
    built = Store.memory()
    quads: list[ox.Quad] = []
    for _text, doc in generate(DOCUMENTS):
        iri = str(document_iri_of(doc))
        quads.extend(to_quads(to_graph(doc), str(identity.graph_iri(iri))))
    built.bulk_add(quads)
    yield built
    built.close()


def _roots(store: Store, count: int) -> list[str]:
    """The documents most implemented, and plans drawn at random: deep and shallow traces."""
    top = [r["d"] for r in store.select(
        "SELECT ?d (COUNT(?x) AS ?n) WHERE { ?x lo:implements ?d } GROUP BY ?d "
        "ORDER BY DESC(?n) ?d LIMIT 6")]
    plans = sorted(r["d"] for r in store.select(
        "SELECT DISTINCT ?d WHERE { ?d lo:hasTask ?t }"))
    return top + random.Random(13).sample(plans, count - len(top))


def _tasks(store: Store, count: int) -> list[str]:
    tasks = sorted(r["t"] for r in store.select(
        "SELECT ?t WHERE { ?d lo:hasTask ?t . ?t lo:implements ?x }"))
    return random.Random(17).sample(tasks, count)


def _text(trace: Trace) -> str:
    console = Console(width=160, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(render(trace))
    console.file.close()
    return console.export_text()


def _same(new: Trace, old: Trace) -> None:
    assert type(old) is ReferenceTrace and type(new) is Trace
    assert new.to_json() == old.to_json()
    assert new.nodes == old.nodes and new.hops == old.hops
    assert new.first_hops() == old.first_hops()
    assert dict(new.children()) == dict(old.children())
    for iri in new.nodes:
        assert new.via(iri) == old.via(iri)
        assert new.own_relations(iri) == old.own_relations(iri)
        assert new.path(iri) == old.path(iri)


# ---------------------------------------------------------------- the tests


def test_store_is_the_size_asked(store: Store) -> None:
    graphs = [g for g in store.graphs() if g.endswith("/graph")]
    assert len(graphs) == DOCUMENTS


def test_trace_down_as_before(store: Store) -> None:
    hops = 0
    for root in _roots(store, 12):
        new = tracing.trace_down(store, (root,))
        old = reference(store, "down", (root,))
        _same(new, old)
        assert _text(new) == _text(old)  # the CLI's tree too
        hops += len(new.hops)
    assert hops > 500  # the traces are not trivially empty


def test_trace_up_as_before(store: Store) -> None:
    for task in _tasks(store, 8):
        new = tracing.trace_up(store, (task,))
        old = reference(store, "up", (task,))
        _same(new, old)
        assert len(new.hops) >= 2  # a task's plan and what the task carries out


def test_index_follows_the_hops(store: Store) -> None:
    """The hop index is rebuilt when the hops change (appended, re-ordered, replaced)."""
    root = _roots(store, 6)[0]
    new = tracing.trace_down(store, (root,))
    old = reference(store, "down", (root,))
    changes: list[Mapping[str, Any]] = [
        {"hops": list(reversed(new.hops))},
        {"hops": new.hops[: len(new.hops) // 2]},
        {"roots": (new.hops[0].source,)},
        {"direction": "up"},
    ]
    for change in changes:
        for trace in (new, old):
            for name, value in change.items():
                setattr(trace, name, value)
        _same(new, old)
