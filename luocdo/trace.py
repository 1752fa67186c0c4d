"""Traces: what carries out a document (down), and what a task or document carries out (up).

A trace is computed breadth first over indexed lookups, a few small queries per
level (``queries/_trace_out.rq`` and ``_trace_in.rq``, each one triple pattern
joined with a ``VALUES`` block of the frontier), not one property-path query:
issue 6 measured ``?t lo:implements/lo:implements* <doc>`` at 0.9 s on 1 M
triples against 6 ms for a breadth-first expansion.

Going down from a document: every document or task that states a followed
relation to it (``lo:implements`` and ``lo:alignsWith`` by default, including
relations a third document states), then the tasks of each document reached,
and so on. A task that carries out the document brings its own plan in as
*context* (that is how a province's plan is reached through one of its tasks)
but the rest of that plan is not listed: only the task carries the document
out. Going up from a task or document: its document (for a task), then every
document it states a followed relation to, to the top.

Nodes cited under one symbol without a year are yearless nodes beside the dated
one (``luocdo.identity``); a trace joins nodes of the same symbol key and
jurisdiction when one of them is yearless.

The result is data (:class:`Trace`): the CLI prints it, the API serializes it.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

import pyoxigraph as ox

from luocdo import resources
from luocdo.errors import InputError, NotFoundError
from luocdo.progress import TaskStatus, task_statuses
from luocdo.store import DEFAULT_GRAPH, Store, files_stamp, keeps_merge, python
from luocdo.terms import RELATION_NAMES

LO = "https://w3id.org/luocdo/ontology#"
OA = "http://www.w3.org/ns/oa#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
ID_BASE = "https://w3id.org/luocdo/id/"

# Relations between documents (TERMS.md), by ontology local name.
DOCUMENT_RELATIONS = RELATION_NAMES
DEFAULT_RELATIONS = ("implements", "alignsWith")
# Structural hops a trace also makes; not selectable relations.
TASK_OF = "taskOf"
PARENT_TASK = "parentTask"
SAME_SYMBOL = "symbolKey"  # two nodes of one document (dated and yearless)

MAX_NODES = 100_000  # a guard against a runaway trace
MAX_STATUS_PLANS = 200  # plans whose tasks get a status in one trace (one query each)
_CHUNK = 2_000  # VALUES rows per query

Direction = Literal["down", "up"]


class AmbiguousSymbolError(InputError):
    """A symbol names several documents in the store (local symbols repeat by province)."""

    code = "ambiguous_symbol"

    def __init__(self, text: str, candidates: Sequence[Candidate]):
        self.candidates = tuple(candidates)
        listing = "; ".join(f"{c.iri} ({c.label})" for c in self.candidates)
        super().__init__(
            f"names {len(self.candidates)} documents: {listing}; give one IRI or --province",
            source=text)


@dataclass(frozen=True)
class Candidate:
    """A document a symbol may name."""

    iri: str
    symbol: str | None
    jurisdiction: str | None  # label of the administrative unit, else its IRI slug
    ingested: bool
    label: str


@dataclass(frozen=True)
class Evidence:
    """Where a hop was read: a span of a document's text."""

    document: str | None  # IRI of the document whose text holds the span
    symbol: str | None  # that document's symbol
    start: int | None
    end: int | None
    text: str | None
    stated_in: str | None = None  # for a relation between two other documents


@dataclass(frozen=True)
class Hop:
    """One edge of the trace, as the graph states it: ``source relation target``.

    ``source`` is the lower node (the implementing document or task, the task
    of a plan), ``target`` the upper one. ``upward`` marks a hop walked against
    the trace's direction (a task's plan brought in as context going down).
    """

    source: str
    relation: str  # ontology local name: implements, alignsWith, taskOf, parentTask, symbolKey
    target: str
    depth: int
    upward: bool = False
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Node:
    """A document or task of the trace, with what a reader needs to see of it."""

    iri: str
    kind: Literal["document", "task"]
    label: str  # "Kế hoạch 2502/KH-UBND", "Nhiệm vụ 11"
    symbol: str | None = None
    type_name: str | None = None  # "Kế hoạch"
    title: str | None = None
    date: str | None = None
    jurisdiction: str | None = None  # "Tây Ninh", "Việt Nam"
    ingested: bool = False  # False: known only from citations
    number: str | None = None
    content: str | None = None
    document: str | None = None  # a task's document
    parent_task: str | None = None
    source: str | None = None  # how the task was assigned: "table" or "prose"
    leads: tuple[str, ...] = ()
    coordinators: tuple[str, ...] = ()
    timeframe: str | None = None
    due: str | None = None
    product: str | None = None
    span: Evidence | None = None  # a task's own place in its document
    mode: Literal["root", "reached", "context"] = "reached"
    # a task's status on the trace's day, derived from reports and its due date (issue 16)
    status: TaskStatus | None = None


@dataclass
class Trace:
    """A computed trace: its nodes in the order reached, and every hop found."""

    direction: Direction
    roots: tuple[str, ...]
    relations: tuple[str, ...]
    nodes: dict[str, Node] = field(default_factory=dict)
    hops: list[Hop] = field(default_factory=list)

    # What first_hops, own_relations, children and path read, computed once for the hops
    # as they are (the walk appends and sorts them): rebuilding it for every node made
    # the CLI's tree quadratic in hops (issue 13: 541 calls, 306,000 reached()).
    _index: _HopIndex | None = field(default=None, init=False, repr=False, compare=False)

    def reached(self, hop: Hop) -> str:
        """The node a hop leads to, in the trace's direction."""
        return hop.target if (self.direction == "up") != hop.upward else hop.source

    def via(self, iri: str) -> Hop | None:
        """The hop by which the trace first reached ``iri`` (None for a root)."""
        return self._indexed().first.get(iri)

    def first_hops(self) -> dict[str, Hop]:
        """Node -> the hop that first reached it (hops are in breadth-first order).

        A task of a plan the trace reached as a whole hangs under its plan even
        when the task also states a relation of its own (shown beside it).
        """
        return dict(self._indexed().first)

    def _indexed(self) -> _HopIndex:
        hops = tuple(self.hops)
        index = self._index
        # Hops are frozen: the same hop objects in the same order give the same index.
        if index is None or index.hops != hops or index.roots != self.roots \
                or index.direction != self.direction:
            index = self._index = _HopIndex.of(self, hops)
        return index

    def own_relations(self, iri: str) -> list[Hop]:
        """The relation hops stated by ``iri`` other than the one it was reached by."""
        index = self._indexed()
        via = index.first.get(iri)
        return [h for h in index.relations_from.get(iri, ()) if h is not via]

    def children(self) -> dict[str, list[Hop]]:
        """Node -> the first-reach hops leaving it: the trace as a tree."""
        tree: dict[str, list[Hop]] = defaultdict(list)
        for node, hop in self._indexed().first.items():
            tree[hop.source if node == hop.target else hop.target].append(hop)
        return tree

    def path(self, iri: str) -> list[Hop]:
        """The hops from a root to ``iri``, in order."""
        chain: list[Hop] = []
        seen = {iri}
        current = iri
        first = self._indexed().first
        while (hop := first.get(current)) is not None:
            chain.append(hop)
            current = hop.source if current == hop.target else hop.target
            if current in seen:
                break
            seen.add(current)
        return list(reversed(chain))

    def documents(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind == "document"]

    def tasks(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind == "task"]

    def to_json(self) -> dict[str, Any]:
        """The JSON form: nodes (in order reached) and hops."""
        return {"direction": self.direction, "roots": list(self.roots),
                "relations": list(self.relations),
                "nodes": [asdict(n) for n in self.nodes.values()],
                "hops": [asdict(h) for h in self.hops]}


@dataclass(frozen=True)
class _HopIndex:
    """The hops of a trace indexed once: the first hop reaching each node, and the relation
    hops each node states, in the trace's order."""

    hops: tuple[Hop, ...]
    roots: tuple[str, ...]
    direction: Direction
    first: dict[str, Hop]
    relations_from: dict[str, list[Hop]]

    @classmethod
    def of(cls, trace: Trace, hops: tuple[Hop, ...]) -> _HopIndex:
        first: dict[str, Hop] = {}
        relations_from: dict[str, list[Hop]] = defaultdict(list)
        roots = set(trace.roots)
        down = trace.direction == "down"
        for hop in hops:
            if hop.relation in DOCUMENT_RELATIONS:
                relations_from[hop.source].append(hop)
            node = trace.reached(hop)
            if node in roots:
                continue
            if node not in first or (hop.relation == TASK_OF and not hop.upward and down
                                     and first[node].relation != TASK_OF):
                first[node] = hop
        return cls(hops, trace.roots, trace.direction, first, dict(relations_from))


# ------------------------------------------------------------------ labels


def relation_label(relation: str) -> str:
    """The Vietnamese label of a relation (``implements`` → ``thực hiện``)."""
    if relation == SAME_SYMBOL:
        return "cùng số, ký hiệu"
    from luocdo.terms import term_labels

    return term_labels().get(relation, relation)


def _type_name(symbol: str | None) -> str | None:
    if not symbol:
        return None
    from luocdo.loaders.symbols import parse_symbol

    parsed = parse_symbol(symbol)
    return parsed.type if parsed else None


def natural(value: str | None) -> tuple[Any, ...]:
    """A sort key putting task "2" before "10" and "3.1" before "3.10"."""
    if value is None:
        return ((1, ""),)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", value) if p)


# ------------------------------------------------------------------ lookups


@functools.cache
def _query(name: str) -> str:
    return resources.path("queries", f"_trace_{name}.rq").read_text(encoding="utf-8")


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


# Look-ups kept for a store handle opened read-only on a folder, while its files stay the
# same (luocdo.store.files_stamp): the traces a process answers share nodes (agencies,
# units, much-cited documents), and the same trace asked again with other options (relations,
# depth, statuses) reads the same nodes. Bounded: emptied when it holds this many nodes
# (about 200 traces of 250 nodes).
_KEPT_NODES = 50_000
# A node's look-ups in one direction: property key -> values. ``_WHOLE`` in it: every
# property of the node was read (a task's triples, in and out, are few: one scan each
# costs less than a look-up per property).
_Entry = dict[str, tuple[Any, ...]]
_WHOLE = "*"
_kept: weakref.WeakKeyDictionary[Store, tuple[str, dict[tuple[str, bool, str], _Entry]]] = \
    weakref.WeakKeyDictionary()


def _memo(store: Store) -> dict[tuple[str, bool, str], _Entry]:
    """(out or in, literal node, node) -> what was looked up of it: kept across traces for a
    read-only handle on a folder whose files did not change since, else new (one trace's)."""
    if not store.read_only or store.path is None:
        return {}
    stamp = files_stamp(store.path)
    if stamp is None:
        return {}
    kept = _kept.get(store)
    if kept is None or kept[0] != stamp or len(kept[1]) > _KEPT_NODES:
        kept = (stamp, {})
        _kept[store] = kept
    return kept[1]


@functools.lru_cache(maxsize=1024)
def _key(prop: str) -> str:
    """A property's key in look-up results: its local name for ``lo:`` terms, else its IRI."""
    return prop[len(LO):] if prop.startswith(LO) else prop


class _Lookup:
    """Batched single-pattern lookups: ``out`` (node → values) and ``into`` (node ← subjects).

    Each (node, property) is read from the store once per trace, or once while a read-only
    store's files stay the same (:func:`_memo`): a trace's time is the store's seeking and
    decoding of quads (issue 13), and a node reached twice, or by two traces, is read once.
    """

    def __init__(self, store: Store):
        self.store = store
        self.queries = 0
        self.memo = _memo(store)
        self._scans: bool | None = None

    def _index_scans(self) -> bool:
        """Whether look-ups are index scans of the merged default graph (checked once)."""
        if self._scans is None:
            inner = self.store.inner
            self._scans = isinstance(inner, ox.Store) and keeps_merge(inner)
        return self._scans

    def _run(self, name: str, nodes: Iterable[ox.NamedNode | ox.Literal],
             properties: Sequence[str], value_column: str,
             scan: bool | None = None) -> dict[tuple[Any, str], list[Any]]:
        unique = list(dict.fromkeys(nodes))
        props = [_iri(LO + p if ":" not in p else p) for p in properties]
        keys = {p.value: _key(p.value) for p in props}
        ordered = list(dict.fromkeys(keys.values()))
        memo = self.memo
        entries: list[_Entry] = []
        whole: list[tuple[ox.NamedNode, _Entry]] = []
        missing: list[tuple[ox.NamedNode | ox.Literal, _Entry]] = []
        scans = self._index_scans()
        for node in unique:
            literal = isinstance(node, ox.Literal)
            entry = memo.setdefault((name, literal, node.value), {})
            entries.append(entry)
            if _WHOLE in entry or all(k in entry for k in ordered):
                continue
            if scans and not literal and _looks_like_task(node.value):
                whole.append((node, entry))  # type: ignore[arg-type]
            else:
                missing.append((node, entry))
        if whole:
            self._read_whole(name, whole)
        if missing:
            fresh = self._read(name, [n for n, _ in missing], props, keys, value_column, scan)
            for node, entry in missing:
                value = node.value
                for k in ordered:
                    entry[k] = tuple(fresh.get((value, k), ()))
        found: dict[tuple[Any, str], list[Any]] = {}
        for node, entry in zip(unique, entries, strict=True):
            for k in ordered:
                kept = entry.get(k)
                if kept:
                    found[(node.value, k)] = list(kept)
        return found

    def _read_whole(self, name: str, nodes: list[tuple[ox.NamedNode, _Entry]]) -> None:
        """Every property of each node, in one index scan each (``out``: its triples;
        ``in``: the triples that have it as object)."""
        pattern = self.store.inner.quads_for_pattern
        named = ox.NamedNode
        out = name == "out"
        for node, entry in nodes:
            read: dict[str, list[Any]] = defaultdict(list)
            quads = (pattern(node, None, None, DEFAULT_GRAPH) if out
                     else pattern(None, None, node, DEFAULT_GRAPH))
            for quad in quads:
                value = quad.object if out else quad.subject
                read[_key(quad.predicate.value)].append(
                    value.value if type(value) is named else python(value))
            # Added to, never emptied: another thread may be reading the keys it holds
            # (the same values: the same store).
            entry.update((k, tuple(v)) for k, v in read.items())
            entry[_WHOLE] = ()
        self.queries += 1

    def _read(self, name: str, unique: list[ox.NamedNode | ox.Literal],
              props: list[ox.NamedNode], keys: Mapping[str, str], value_column: str,
              scan: bool | None) -> dict[tuple[Any, str], list[Any]]:
        """(node, property key) -> values, from the store."""
        found: dict[tuple[Any, str], list[Any]] = defaultdict(list)
        # Many properties of a node: one row per node and all its triples, filtered
        # here, costs less than a node x property VALUES block (measured: 6x), unless
        # the node has many triples of other properties (``scan``: the caller knows).
        by_node = name == "out" and (len(props) > 3 if scan is None else scan)
        columns: dict[str, list[Any]]
        if by_node:
            columns = {"node": unique}
        else:
            columns = {"node": [n for n in unique for _ in props],
                       "property": [p for _ in unique for p in props]}
        if self._index_scans():
            # Index scans of the merged default graph: no query to parse and plan. (On a
            # SPARQL server each scan would be a request: the batched queries below are
            # a few requests per level instead.)
            pattern = self.store.inner.quads_for_pattern
            out = name == "out"
            named = ox.NamedNode
            for node in unique:
                node_value = node.value
                if by_node:
                    for quad in pattern(node, None, None, DEFAULT_GRAPH):  # type: ignore[arg-type]
                        key = keys.get(quad.predicate.value)
                        if key is not None:
                            value = quad.object
                            found[(node_value, key)].append(
                                value.value if type(value) is named else python(value))
                    continue
                for prop in props:
                    # The property is bound: no need to decode it from each quad.
                    quads = (pattern(node, prop, None, DEFAULT_GRAPH) if out  # type: ignore[arg-type]
                             else pattern(None, prop, node, DEFAULT_GRAPH))  # type: ignore[arg-type]
                    values = [q.object for q in quads] if out else [q.subject for q in quads]
                    if values:
                        found[(node_value, keys[prop.value])] = [
                            v.value if type(v) is named else python(v) for v in values]
            self.queries += 1
            return found
        total = len(columns["node"])
        for i in range(0, total, _CHUNK):
            self.queries += 1
            result = self.store.query(_query(name), values={
                k: v[i:i + _CHUNK] for k, v in columns.items()})
            position = [v.value for v in result.variables].index(value_column)
            for row in result:
                node, prop_term, value = row[0], row[1], row[position]
                prop = prop_term.value
                if by_node and prop not in keys:
                    continue
                key = prop[len(LO):] if prop.startswith(LO) else prop
                found[(node.value, key)].append(
                    value.value if isinstance(value, ox.NamedNode) else python(value))
        return found

    def out(self, nodes: Iterable[str], properties: Sequence[str],
            scan: bool | None = None) -> dict[tuple[Any, str], list]:
        return self._run("out", (_iri(n) for n in nodes), properties, "value", scan)

    def into(self, nodes: Iterable[str | ox.Literal],
             properties: Sequence[str]) -> dict[tuple[Any, str], list]:
        terms = (n if isinstance(n, ox.Literal) else _iri(n) for n in nodes)
        return self._run("in", terms, properties, "subject")


def _first(values: Mapping[tuple[Any, str], list[Any]], node: str, prop: str) -> Any:
    found = values.get((node, prop))
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    return min(found, key=str)


# ------------------------------------------------------------------ resolving a symbol


def _jurisdiction_of(iri: str) -> tuple[str | None, bool]:
    """(jurisdiction slug, year known) of a document IRI; (None, True) otherwise."""
    from luocdo import identity

    try:
        key = identity.parse_document_iri(iri)
    except InputError:  # not a document IRI (a task...)
        return None, True
    return key.jurisdiction, key.year is not None


def candidates(store: Store, text: str) -> list[Candidate]:
    """The stored documents whose symbol key is that of ``text`` (a printed symbol)."""
    from luocdo import identity

    lookup = identity.resolve_symbol(text, province=None)
    look = _Lookup(store)
    docs = [d for (_, _), subjects in look.into([ox.Literal(lookup.symbol_key)],
                                                ["symbolKey"]).items() for d in subjects]
    if not docs:
        return []
    values = look.out(docs, ["symbol", "title", "jurisdiction", "sourceText"])
    units = [u for d in docs for u in values.get((d, "jurisdiction"), [])]
    unit_labels = look.out(units, [SKOS_PREF]) if units else {}
    result = []
    for doc in sorted(set(docs)):
        unit = _first(values, doc, "jurisdiction")
        label = _first(unit_labels, unit, SKOS_PREF) if unit else None
        slug, _ = _jurisdiction_of(doc)
        symbol = _first(values, doc, "symbol")
        type_name = _type_name(symbol)
        result.append(Candidate(
            iri=doc, symbol=symbol, jurisdiction=label or slug,
            ingested=bool(values.get((doc, "sourceText"))),
            label=" ".join(p for p in (type_name, symbol) if p) + (f", {label or slug}"
                                                                   if (label or slug) else "")))
    return result


def resolve(store: Store, text: str, *, province: str | None = None) -> tuple[str, ...]:
    """The node(s) a user's ``SYMBOL_OR_IRI`` names: one document (with its yearless twins).

    An IRI is taken as it is (a document or a task). A symbol is looked up by
    its folded key; a central symbol keeps national documents only, and
    ``province`` keeps that province's. Raises :class:`NotFoundError` when
    nothing matches and :class:`AmbiguousSymbolError` when several documents do.
    """
    from luocdo import identity

    text = text.strip()
    if text.startswith(ID_BASE):
        if not store.has_node(text):
            raise NotFoundError(f"{text}: not in the store")
        return (text,)
    lookup = identity.resolve_symbol(text, province=province)
    found = candidates(store, text)
    if not found:
        raise NotFoundError(f"{text}: no document with this number and symbol in the store "
                            f"(key {lookup.symbol_key!r}); is it ingested or cited?")
    if lookup.jurisdiction == "vn":
        found = [c for c in found if _jurisdiction_of(c.iri)[0] in ("vn", None)] or found
    elif province:
        wanted = identity.jurisdiction(province)
        found = [c for c in found if _jurisdiction_of(c.iri)[0] == wanted]
        if not found:
            raise NotFoundError(f"{text}: no document of {province} with this symbol in the store")
    groups: dict[str | None, list[Candidate]] = defaultdict(list)
    for c in found:
        groups[_jurisdiction_of(c.iri)[0]].append(c)
    known = {j: g for j, g in groups.items() if j is None or not j.endswith("-_")}
    if len(known) == 1:
        group = next(iter(known.values()))
    elif not known and len(groups) == 1:
        group = next(iter(groups.values()))
    else:
        raise AmbiguousSymbolError(text, found)
    dated = [c for c in group if _jurisdiction_of(c.iri)[1]]
    if len(dated) > 1:
        raise AmbiguousSymbolError(text, group)
    ordered = dated + [c for c in group if c not in dated]
    return tuple(c.iri for c in ordered)


# ------------------------------------------------------------------ the traces


# What a trace shows of a task and of a document (Node's fields).
_DOCUMENT_PROPERTIES = ("symbol", "title", "dateIssued", "jurisdiction", "sourceText", RDF_TYPE)
_TASK_PROPERTIES = ("symbol", "title", "dateIssued", "jurisdiction", "sourceText", "taskNumber",
                    "content", "timeframe", "dueDate", "product", "lead", "coordinator",
                    "evidence", "parentTask", "assignmentSource", RDF_TYPE)


def _looks_like_task(iri: str) -> bool:
    """A task's IRI (``{document}/task/{number}``, luocdo.identity.task_iri)."""
    return "/task/" in iri


class _Walk:
    """State of one breadth-first walk."""

    def __init__(self, store: Store, direction: Direction, roots: Sequence[str],
                 relations: Sequence[str]):
        unknown = [r for r in relations if r not in DOCUMENT_RELATIONS]
        if unknown:
            raise InputError(f"unknown relation(s) {', '.join(unknown)}; expected some of "
                             f"{', '.join(DOCUMENT_RELATIONS)}", source="--relation")
        self.look = _Lookup(store)
        self.store = store
        self.trace = Trace(direction=direction, roots=tuple(roots), relations=tuple(relations))
        self.mode: dict[str, str] = {r: "root" for r in roots}
        self.hop_keys: set[tuple[str, str, str, bool]] = set()

    def hop(self, source: str, relation: str, target: str, depth: int, *,
            upward: bool = False) -> None:
        key = (source, relation, target, upward)
        if key not in self.hop_keys:
            self.hop_keys.add(key)
            self.trace.hops.append(Hop(source, relation, target, depth, upward))

    def reach(self, iri: str, mode: str, new: list[str]) -> None:
        """Record ``iri`` as reached; queue it when it is new and to be expanded."""
        old = self.mode.get(iri)
        if old is None:
            self.mode[iri] = mode
            if mode != "context":
                new.append(iri)
        elif old == "context" and mode != "context":
            self.mode[iri] = mode  # a context plan also reached as a whole: expand it
            new.append(iri)
        if len(self.mode) > MAX_NODES:
            raise InputError(f"the trace passed {MAX_NODES} nodes; restrict --relation",
                             source=self.trace.roots[0])

    def twins(self, frontier: list[str], depth: int) -> list[str]:
        """Nodes of the same documents as ``frontier``, to expand with it.

        Same symbol key and jurisdiction, one of the two yearless: a document
        cited without its year (``luocdo.identity``).
        """
        keys = self.look.out(frontier, ["symbolKey"])
        by_key: dict[Any, list[str]] = defaultdict(list)
        for (node, _), found in keys.items():
            for key in found:
                by_key[key].append(node)
        if not by_key:
            return []
        others = self.look.into([ox.Literal(k) for k in by_key], ["symbolKey"])
        added: list[str] = []
        for (key, _), subjects in others.items():
            for node in by_key.get(key, []):
                place, dated = _jurisdiction_of(node)
                for other in sorted(subjects):
                    if other == node or other in self.mode:
                        continue
                    other_place, other_dated = _jurisdiction_of(other)
                    if other_place != place or (dated and other_dated):
                        continue
                    self.hop(other, SAME_SYMBOL, node, depth)
                    mode = self.mode.get(node, "reached")
                    self.mode[other] = mode
                    if mode != "context":
                        added.append(other)
        return added

    def down(self, max_depth: int | None) -> None:
        frontier = list(self.trace.roots)
        depth = 0
        while frontier and (max_depth is None or depth < max_depth):
            depth += 1
            frontier = frontier + self.twins(frontier, depth - 1)
            new: list[str] = []
            below = self.look.into(frontier, self.trace.relations)
            carriers: list[str] = []
            for (node, relation), children in below.items():
                for child in sorted(children):
                    self.hop(child, relation, node, depth)
                    self.reach(child, "reached", new)
                    carriers.append(child)
            whole = [n for n in frontier if self.mode.get(n) != "context"]
            for (node, _), tasks in self.look.out(whole, ["hasTask"]).items():
                for task in tasks:
                    self.hop(task, TASK_OF, node, depth)
                    self.reach(task, "reached", new)
            for (task, _), plans in self.look.into(carriers, ["hasTask"]).items():
                for plan in plans:
                    self.hop(task, TASK_OF, plan, depth, upward=True)
                    self.reach(plan, "context", new)
            frontier = new

    def up(self, max_depth: int | None) -> None:
        frontier = list(self.trace.roots)
        depth = 0
        while frontier and (max_depth is None or depth < max_depth):
            depth += 1
            frontier = frontier + self.twins(frontier, depth - 1)
            new: list[str] = []
            above = self.look.out(frontier, [*self.trace.relations, PARENT_TASK])
            for (node, relation), parents in above.items():
                for parent in sorted(parents):
                    if isinstance(parent, str) and parent.startswith(ID_BASE):
                        self.hop(node, relation, parent, depth)
                        self.reach(parent, "reached", new)
            for (task, _), plans in self.look.into(frontier, ["hasTask"]).items():
                for plan in plans:
                    self.hop(task, TASK_OF, plan, depth)
                    self.reach(plan, "reached", new)
            frontier = new

    # -- details --------------------------------------------------------------

    def describe(self) -> None:
        """Fill in the nodes (labels, tasks' leads...) and the hops' evidence."""
        order = list(self.mode)
        containers = self.look.into(order, ["hasTask"])
        # What a task shows, read by one scan of each task's triples; what a document
        # shows, by one look-up per property: a document's triples are mostly its tasks,
        # agencies and spans, which a trace does not show (issue 13: decoding them was a
        # third of the time of a trace).
        tasks = [n for n in order if _looks_like_task(n) or (n, "hasTask") in containers]
        task_set = set(tasks)
        values = self.look.out(tasks, _TASK_PROPERTIES)
        values.update(self.look.out([n for n in order if n not in task_set],
                                    _DOCUMENT_PROPERTIES, scan=False))
        late = [n for n in order if n not in task_set
                and LO + "Task" in values.get((n, RDF_TYPE), [])]
        if late:  # a task under an IRI of another shape: what a task shows
            values.update(self.look.out(late, _TASK_PROPERTIES))
            task_set.update(late)
        # Tasks' documents are described too (for the jurisdiction and the label).
        extra = [d for n in order for d in containers.get((n, "hasTask"), [])
                 if d not in self.mode]
        if extra:
            values.update(self.look.out(extra, _DOCUMENT_PROPERTIES, scan=False))
        second = {v for (n, p), vs in values.items()
                  if p in ("jurisdiction", "lead", "coordinator") for v in vs}
        names = self.look.out(sorted(second), [SKOS_PREF]) if second else {}
        # Only a task's own span is shown (a document's is not).
        spans = {v for (n, p), vs in values.items() if p == "evidence" and n in task_set
                 for v in vs}
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
            if LO + "Task" in types or document is not None:
                number = _first(values, iri, "taskNumber")
                doc_symbol = _first(values, document, "symbol") if document else None
                label = f"Nhiệm vụ {number}" if number else "Nhiệm vụ"
                node = Node(
                    iri=iri, kind="task", label=label, number=number,
                    content=_first(values, iri, "content"), document=document,
                    symbol=doc_symbol, jurisdiction=jurisdiction(document) if document else None,
                    parent_task=_first(values, iri, "parentTask"),
                    source=_first(values, iri, "assignmentSource"),
                    leads=labels(iri, "lead"), coordinators=labels(iri, "coordinator"),
                    timeframe=_first(values, iri, "timeframe"),
                    due=_first(values, iri, "dueDate"), product=_first(values, iri, "product"),
                    span=span(_first(values, iri, "evidence")), ingested=True,
                    mode="root" if mode == "root" else "context" if mode == "context"
                    else "reached")
            else:
                symbol = _first(values, iri, "symbol")
                type_name = _type_name(symbol)
                title = _first(values, iri, "title")
                label = " ".join(p for p in (type_name, symbol) if p) or title or iri
                node = Node(
                    iri=iri, kind="document", label=label, symbol=symbol, type_name=type_name,
                    title=title, date=_first(values, iri, "dateIssued"),
                    jurisdiction=jurisdiction(iri),
                    ingested=bool(values.get((iri, "sourceText"))),
                    mode="root" if mode == "root" else "context" if mode == "context"
                    else "reached")
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

    def statuses(self, as_of: str | None) -> None:
        """Each task's status on ``as_of`` (luocdo.progress), one query per plan; a task
        known only from a report (no number of its own) is named by its row there."""
        nodes = self.trace.nodes
        plans = sorted({n.document for n in nodes.values() if n.kind == "task" and n.document})
        found: dict[str, TaskStatus] = {}
        for plan in plans[:MAX_STATUS_PLANS]:
            found.update(task_statuses(self.store, plan, as_of=as_of))
        # A task known from a report that is the plan's own task (luocdo.progress) is
        # shown once, as the plan's task with the report's status.
        twins = {st.same_as for st in found.values()
                 if st.same_as in nodes and nodes[st.same_as].mode != "root"}
        if twins:
            self.trace.hops = [h for h in self.trace.hops
                               if h.source not in twins and h.target not in twins]
            for twin in twins:
                del nodes[twin]
        for iri, node in list(nodes.items()):
            status = found.get(iri)
            if status is None:
                continue
            label = node.label
            if node.number is None and status.reported_number and status.report_symbol:
                label = f"Nhiệm vụ (mục {status.reported_number} của {status.report_symbol})"
            nodes[iri] = replace(node, status=status, label=label)

    def _evidence(self) -> dict[tuple[str, str, str], list[tuple[str, str | None]]]:
        """(source, relation, target) -> [(span IRI, stated-in document)] from mentions."""
        relation_hops = [h for h in self.trace.hops if h.relation in DOCUMENT_RELATIONS]
        if not relation_hops:
            return {}
        sources = sorted({h.source for h in relation_hops})
        mentions = self.look.into(sources, ["citingDocument", "inTask", "subjectDocument"])
        all_mentions = sorted({m for ms in mentions.values() for m in ms})
        if not all_mentions:
            return {}
        facts = self.look.out(all_mentions, ["citedDocument", "objectDocument", "relationType",
                                             "evidence", "statedIn", "inTask"])
        wanted = {(h.source, h.relation, h.target) for h in relation_hops}
        found: dict[tuple[str, str, str], list[tuple[str, str | None]]] = defaultdict(list)
        for (source, role), ms in mentions.items():
            for m in ms:
                if role == "citingDocument" and facts.get((m, "inTask")):
                    continue  # a task's own citation is the task's evidence, not the plan's
                targets = facts.get((m, "citedDocument"), []) + facts.get((m, "objectDocument"),
                                                                           [])
                relations = [r[len(LO):] for r in facts.get((m, "relationType"), [])
                             if isinstance(r, str) and r.startswith(LO)]
                stated = _first(facts, m, "statedIn")
                for target in targets:
                    for relation in relations:
                        if (source, relation, target) in wanted:
                            for s in facts.get((m, "evidence"), []):
                                found[(source, relation, target)].append((s, stated))
        return found

    def _order(self) -> None:
        """Hops in a stable reading order: by depth, documents by label, tasks by number."""
        nodes = self.trace.nodes

        def key(hop: Hop) -> tuple[Any, ...]:
            lower = nodes.get(hop.source)
            return (hop.depth, hop.upward, hop.relation == TASK_OF, hop.target,
                    lower.kind if lower else "", lower.source != "table" if lower else True,
                    natural(lower.number if lower else None),
                    lower.label if lower else hop.source)

        self.trace.hops.sort(key=key)


def trace_down(store: Store, roots: Sequence[str], *,
               relations: Sequence[str] = DEFAULT_RELATIONS,
               max_depth: int | None = None, with_status: bool = False,
               as_of: str | None = None) -> Trace:
    """Everything that carries out ``roots``, transitively, with each hop's evidence;
    ``with_status``: and each task's status on ``as_of`` (today when None) with what
    says so (issue 16)."""
    walk = _Walk(store, "down", roots, relations)
    walk.down(max_depth)
    walk.describe()
    if with_status:
        walk.statuses(as_of)
    return walk.trace


def trace_up(store: Store, roots: Sequence[str], *,
             relations: Sequence[str] = DEFAULT_RELATIONS,
             max_depth: int | None = None) -> Trace:
    """The chain of documents above ``roots`` (tasks or documents), to the top."""
    walk = _Walk(store, "up", roots, relations)
    walk.up(max_depth)
    walk.describe()
    return walk.trace


def trace(store: Store, direction: Direction, symbol_or_iri: str, *,
          relations: Sequence[str] = DEFAULT_RELATIONS, province: str | None = None,
          max_depth: int | None = None, with_status: bool = False,
          as_of: str | None = None) -> Trace:
    """Resolve ``symbol_or_iri`` and trace down or up from it (down and ``with_status``:
    with each task's status on ``as_of``, today when None)."""
    roots = resolve(store, symbol_or_iri, province=province)
    if direction == "down":
        return trace_down(store, roots, relations=relations, max_depth=max_depth,
                          with_status=with_status, as_of=as_of)
    if direction == "up":
        return trace_up(store, roots, relations=relations, max_depth=max_depth)
    raise InputError(f"unknown direction {direction!r}; expected down or up")
