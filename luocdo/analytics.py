"""Graph analytics over the store (``luocdo analyze`` and the API's ``/analytics``).

The *implementation graph* has one node per document and an edge ``A → B`` when A,
or a task of A, states that it carries out B (``lo:implements``, and by default
``lo:alignsWith``); its rows come from ``queries/export_relations.rq``. On it:

- :func:`directives`: which documents are carried out by the most plans and tasks
  (in-degree, documents below at any depth, PageRank);
- :func:`chain`: the shortest chain of relations between two documents;
- :func:`cycles`: documents that, through a chain, carry themselves out: a data
  error (a misread symbol, two documents sharing one IRI) to be checked against
  the texts.

:func:`agencies` ranks agencies by task load (tasks led, tasks coordinated) from
the visual graph (:func:`luocdo.export.visual_graph`).

Results are data (frozen dataclasses with ``to_json``); the CLI prints them.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from luocdo.export import selection as selections
from luocdo.export.visual import merge_rows, node_attributes, term_label, visual_graph
from luocdo.store import Store

IMPLEMENTATION = ("implements", "alignsWith")
MAX_CYCLES = 1_000  # a report, not an enumeration of every cycle of a dense graph
PAGERANK_ALPHA = 0.85


class _Json:
    def to_json(self) -> dict[str, Any]:
        """The JSON form (field names as in the dataclass)."""
        return dataclasses.asdict(self)  # type: ignore[call-overload, no-any-return]


@dataclass(frozen=True)
class DocumentRank(_Json):
    """How much a document is carried out."""

    iri: str
    label: str
    symbol: str | None
    plans: int  # documents that carry it out directly (themselves or by a task)
    tasks: int  # tasks that carry it out directly
    below: int  # documents that carry it out at any depth
    pagerank: float


@dataclass(frozen=True)
class Hop(_Json):
    """One relation of a chain, as the graph states it: ``source relation target``."""

    source: str
    source_label: str
    relation: str
    relation_label: str
    target: str
    target_label: str
    tasks: tuple[str, ...] = ()  # tasks of ``source`` that state it (empty: the document does)
    forward: bool = True  # False: walked from target to source


@dataclass(frozen=True)
class Chain(_Json):
    """The shortest chain between two documents; ``directed`` when every hop goes one way."""

    source: str
    target: str
    hops: tuple[Hop, ...]
    directed: bool

    @property
    def found(self) -> bool:
        """True when the documents are connected (or the same)."""
        return bool(self.hops) or self.source == self.target

    def to_json(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "found": self.found}


@dataclass(frozen=True)
class AgencyLoad(_Json):
    """The tasks of one agency (or collective assignee)."""

    iri: str
    label: str
    province: str | None
    lead: int
    coordinator: int
    total: int  # distinct tasks, led or coordinated
    documents: int  # documents these tasks belong to


@dataclass(frozen=True)
class Cycle(_Json):
    """Documents carrying themselves out through a chain: a data error."""

    documents: tuple[str, ...]
    labels: tuple[str, ...]
    hops: tuple[Hop, ...]
    message: str


# ------------------------------------------------------------------ graphs


def _document_labels(store: Store, iris: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Node attributes (label, symbol...) of documents, from ``export_nodes``."""
    wanted = set(iris)
    if not wanted:
        return {}
    found = merge_rows(selections.rows(store, "export_nodes", "node", wanted))
    symbols = {iri: row["symbol"] for iri, row in found.items() if row.get("symbol")}
    return {iri: node_attributes(row, symbols) for iri, row in found.items()}


def implementation_graph(store: Store,
                         relation_names: Sequence[str] = IMPLEMENTATION) -> nx.DiGraph:
    """Documents and the relations ``relation_names`` between them (a task's counted as its
    document's). Edge attributes: ``relations`` (names), ``tasks`` (IRIs of the tasks
    stating them), ``document`` (True when the document itself states one), ``weight``
    (how many statements); node attributes as in the visual graph."""
    graph = nx.DiGraph()
    for rel in selections.relations(store, relation_names):
        if not graph.has_edge(rel.source, rel.target):
            graph.add_edge(rel.source, rel.target, relations=set(), tasks=set(), document=False)
        data = graph.edges[rel.source, rel.target]
        data["relations"].add(rel.relation)
        if rel.task:
            data["tasks"].add(rel.task)
        else:
            data["document"] = True
    for _, _, data in graph.edges(data=True):
        data["weight"] = len(data["tasks"]) + int(data["document"])
    for iri, attrs in _document_labels(store, graph.nodes).items():
        graph.nodes[iri].update(attrs)
    return graph


def pagerank(graph: nx.DiGraph, *, alpha: float = PAGERANK_ALPHA, weight: str = "weight",
             tolerance: float = 1e-10, max_iterations: int = 500) -> dict[str, float]:
    """PageRank by power iteration, as networkx defines it (dangling nodes spread their
    rank evenly), without the numpy and scipy that ``networkx.pagerank`` needs."""
    nodes = list(graph.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    out_weight = {u: sum(d.get(weight, 1) for _, _, d in graph.out_edges(u, data=True))
                  for u in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iterations):
        dangling = alpha * sum(rank[u] for u in nodes if out_weight[u] == 0) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u, v, d in graph.edges(data=True):
            if out_weight[u]:
                new[v] += alpha * rank[u] * d.get(weight, 1) / out_weight[u]
        if sum(abs(new[u] - rank[u]) for u in nodes) < n * tolerance:
            return new
        rank = new
    return rank


def _label(graph: nx.DiGraph, iri: str) -> str:
    return str(graph.nodes[iri].get("label", iri)) if iri in graph else iri


def _hop(graph: nx.DiGraph, source: str, target: str, forward: bool = True) -> Hop:
    data = graph.edges[source, target]
    relation = "implements" if "implements" in data["relations"] else min(data["relations"])
    return Hop(source, _label(graph, source), relation, term_label(relation), target,
               _label(graph, target), tuple(sorted(data["tasks"])) if not data["document"]
               else (), forward)


# ------------------------------------------------------------------ directives


def directives(store: Store, *, top: int | None = None,
               relation_names: Sequence[str] = IMPLEMENTATION) -> list[DocumentRank]:
    """Documents carried out by others, most first (by plans, then tasks, then PageRank)."""
    graph = implementation_graph(store, relation_names)
    ranks = pagerank(graph)
    out = []
    for iri in graph.nodes:
        incoming = [(u, d) for u, _, d in graph.in_edges(iri, data=True) if u != iri]
        if not incoming:
            continue
        tasks = {t for _, d in incoming for t in d["tasks"]}
        below = nx.ancestors(graph, iri) - {iri}
        attrs = graph.nodes[iri]
        out.append(DocumentRank(iri, str(attrs.get("label", iri)), attrs.get("symbol"),
                                len(incoming), len(tasks), len(below), round(ranks[iri], 6)))
    out.sort(key=lambda r: (-r.plans, -r.tasks, -r.pagerank, r.iri))
    return out[:top] if top is not None else out


# ------------------------------------------------------------------ chain


def chain(store: Store, source: str, target: str, *,
          relation_names: Sequence[str] = IMPLEMENTATION) -> Chain:
    """The shortest chain from one document to another (symbols or IRIs).

    First a chain that follows the relations (source carries out ... target),
    else one the other way round, else one that goes either way at each hop.
    No chain at all gives ``Chain.found == False``.
    """
    start = selections.resolve(store, source)
    end = selections.resolve(store, target)
    graph = implementation_graph(store, relation_names)
    if start == end:
        return Chain(start, end, (), True)
    for a, b in ((start, end), (end, start)):
        if a in graph and b in graph and nx.has_path(graph, a, b):
            path = nx.shortest_path(graph, a, b)
            hops = [_hop(graph, u, v) for u, v in itertools.pairwise(path)]
            return Chain(start, end, tuple(hops), True)
    if start in graph and end in graph:
        undirected = graph.to_undirected(as_view=True)
        if nx.has_path(undirected, start, end):
            path = nx.shortest_path(undirected, start, end)
            hops = [_hop(graph, u, v) if graph.has_edge(u, v) else _hop(graph, v, u, False)
                    for u, v in itertools.pairwise(path)]
            return Chain(start, end, tuple(hops), False)
    return Chain(start, end, (), False)


# ------------------------------------------------------------------ cycles


def cycles(store: Store, *, relation_names: Sequence[str] = IMPLEMENTATION,
           limit: int = MAX_CYCLES) -> list[Cycle]:
    """Chains of relations that come back to where they started (at most ``limit``)."""
    graph = implementation_graph(store, relation_names)
    found = []
    for cycle in itertools.islice(nx.simple_cycles(graph), limit):
        ring = _rotate(cycle)
        hops = tuple(_hop(graph, u, v) for u, v in zip(ring, ring[1:] + ring[:1], strict=True))
        labels = tuple(_label(graph, d) for d in ring)
        if len(ring) == 1:
            message = f"{labels[0]} {hops[0].relation_label} chính nó"
        else:
            message = " → ".join(f"{h.source_label} ({h.relation_label})" for h in hops)
            message += f" → {labels[0]}"
        found.append(Cycle(tuple(ring), labels, hops, "lỗi dữ liệu: vòng lặp " + message))
    found.sort(key=lambda c: (len(c.documents), c.documents))
    return found


def _rotate(cycle: Sequence[str]) -> list[str]:
    """A cycle starting at its smallest IRI, so that the report is deterministic."""
    first = min(range(len(cycle)), key=lambda i: cycle[i])
    return list(cycle[first:]) + list(cycle[:first])


# ------------------------------------------------------------------ agencies


def agencies(store: Store, *, top: int | None = None,
             selection: selections.Selection | None = None) -> list[AgencyLoad]:
    """Agencies and collective assignees by task load: most tasks led first, then coordinated."""
    graph = visual_graph(store, selection or selections.whole())
    loads: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for task, who, data in graph.edges(data=True):
        role = data.get("relation")
        if role in ("lead", "coordinator"):
            loads[who][role].add(task)
            loads[who]["documents"] |= {d for d, _, r in graph.in_edges(task, data="relation")
                                        if r == "hasTask"}
    out = []
    for iri, load in loads.items():
        attrs: Mapping[str, Any] = graph.nodes[iri]
        out.append(AgencyLoad(iri, str(attrs.get("label", iri)), attrs.get("province"),
                              len(load["lead"]), len(load["coordinator"]),
                              len(load["lead"] | load["coordinator"]), len(load["documents"])))
    out.sort(key=lambda a: (-a.lead, -a.coordinator, a.label, a.iri))
    return out[:top] if top is not None else out
