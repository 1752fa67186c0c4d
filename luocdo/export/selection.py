"""What an export shows: the whole store, or the part around a document, a province or an agency.

A :class:`Selection` is a set of node IRIs (documents, tasks, targets, agencies);
``None`` stands for every node of the store. The rules, one per option of
``luocdo export``:

- ``--focus SYMBOL --depth N``: the document, the documents within N hops of
  it along ``lo:implements``/``lo:alignsWith`` (a task's relation counts as its
  document's), up (what it carries out) and down (what carries it out), each
  direction walked on its own: a sibling reached by going up and then down is
  not related to the focus;
- ``--province NAME``: the documents of that province (jurisdiction);
- ``--agency NAME``: the tasks the agency leads or coordinates, and their
  documents (the documents' other tasks are left out); with ``--province``,
  only that province's tasks.

A selected document brings in its tasks and targets (not under ``--agency``),
the body that issued it, and every agency leading or coordinating a selected
task. The queries are ``queries/export_*.rq``; a selection passes its nodes to
them as a ``VALUES`` block first in the query's WHERE clause.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from luocdo import identity, queries  # type: ignore[attr-defined]  # mapped from queries/
from luocdo.errors import InputError, NotFoundError
from luocdo.store import Store
from luocdo.terms import RELATION_NAMES

FOCUS_RELATIONS = ("implements", "alignsWith")
DOCUMENT_RELATIONS = RELATION_NAMES
MAX_DEPTH = 20
_CHUNK = 1_000  # VALUES rows per query
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Selection:
    """The nodes an export shows (``None``: every node of the store) and what was asked."""

    nodes: frozenset[str] | None
    description: str  # "toàn bộ kho", "569/QĐ-TTg, 3 bước"...
    roots: tuple[str, ...] = ()  # the focus document(s)

    @property
    def whole(self) -> bool:
        """True when the selection is the whole store."""
        return self.nodes is None

    def __contains__(self, iri: object) -> bool:
        return self.nodes is None or iri in self.nodes


@dataclass(frozen=True)
class Relation:
    """One relation between documents; ``task`` is set when a task of ``source`` states it."""

    source: str
    relation: str
    target: str
    task: str | None = None


# ------------------------------------------------------------------ running the queries


@functools.cache
def query_text(name: str) -> str:
    """The SPARQL text of the named query ``queries/<name>.rq``."""
    return queries.get(name).text


# the opening of a query's WHERE clause (the outer one comes first in the text)
_WHERE = re.compile(r"^(?!\s*#).*?\bWHERE\s*\{", re.IGNORECASE | re.MULTILINE)


def restricted(text: str, column: str, nodes: Sequence[str]) -> str:
    """``text`` with a ``VALUES ?column { <node> ... }`` block first in its WHERE clause.

    First, so that the query's parts written as ``LATERAL`` are evaluated for
    these nodes only; at the end of the query, pyoxigraph would evaluate the
    whole pattern over the store and then join it (issue 13). Each node is
    checked and printed as an IRI by pyoxigraph, never copied as it is.
    """
    if not _VARIABLE.match(column):
        raise ValueError(f"bad variable name {column!r}")
    match = _WHERE.search(text)
    if match is None:
        raise ValueError(f"no WHERE clause in the query to restrict on ?{column}")
    block = " ".join(str(ox.NamedNode(n)) for n in nodes)
    return f"{text[:match.end()]}\n  VALUES ?{column} {{ {block} }}{text[match.end():]}"


def rows(store: Store, name: str, column: str | None = None,
         nodes: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The rows of ``queries/<name>.rq``; with ``nodes``, only those whose ``column`` is one
    (a ``VALUES`` block on it, see :func:`restricted`)."""
    text = query_text(name)
    if nodes is None:
        return store.select(text)
    if column is None:
        raise ValueError("restricting rows by nodes needs the column they are in")
    wanted = sorted(set(nodes))
    out: list[dict[str, Any]] = []
    for i in range(0, len(wanted), _CHUNK):
        out.extend(store.select(restricted(text, column, wanted[i:i + _CHUNK])))
    return out


def relations(store: Store, names: Sequence[str] = DOCUMENT_RELATIONS) -> list[Relation]:
    """The relations between documents (``queries/export_relations.rq``) named in ``names``."""
    unknown = sorted(set(names) - set(DOCUMENT_RELATIONS))
    if unknown:
        raise InputError(f"unknown relation {', '.join(unknown)}; expected some of "
                         f"{', '.join(DOCUMENT_RELATIONS)}", source="relations")
    wanted = set(names)
    return [Relation(r["source"], r["relation"], r["target"], r["task"])
            for r in rows(store, "export_relations") if r["relation"] in wanted]


def relation_names(text: str) -> tuple[str, ...]:
    """Relation names from ``implements,alignsWith`` (commas or spaces); ``all`` is every one.

    >>> relation_names("implements, alignsWith")
    ('implements', 'alignsWith')
    """
    names = tuple(n for n in text.replace(",", " ").split() if n)
    if names == ("all",):
        return DOCUMENT_RELATIONS
    unknown = sorted(set(names) - set(DOCUMENT_RELATIONS))
    if unknown or not names:
        raise InputError(f"unknown relation {', '.join(unknown) or repr(text)}; expected some "
                         f"of {', '.join(DOCUMENT_RELATIONS)}, or all", source="relations")
    return names


# ------------------------------------------------------------------ resolving a document


def resolve(store: Store, text: str) -> str:
    """The document a user's symbol (``569/QĐ-TTg``) or IRI names in ``store``.

    Raises :class:`NotFoundError` when the store has no such document and
    :class:`~luocdo.errors.QueryError` when the symbol names several documents.
    """
    text = text.strip()
    if not text:
        raise InputError("give a document's number and symbol (569/QĐ-TTg) or its IRI",
                         source="focus")
    if text.startswith(identity.BASE):
        if not store.has_node(text):
            raise NotFoundError(f"{text}: not in the store")
        return text
    parameter = queries.Parameter(name="document", type="document", required=True)
    return queries.resolver(store)(parameter, text).value


# ------------------------------------------------------------------ selections


def whole() -> Selection:
    """Every node of the store."""
    return Selection(None, "toàn bộ kho")


def walk(links: Iterable[Relation], roots: Iterable[str], depth: int,
         *, up: bool) -> dict[str, int]:
    """Documents within ``depth`` hops of ``roots``, with their distance.

    Up follows a relation from its source to its target (what a document
    carries out), down the other way (what carries it out).
    """
    step: dict[str, set[str]] = defaultdict(set)
    for link in links:
        if up:
            step[link.source].add(link.target)
        else:
            step[link.target].add(link.source)
    distance = {root: 0 for root in roots}
    frontier = deque(distance)
    while frontier:
        node = frontier.popleft()
        if distance[node] >= depth:
            continue
        for other in sorted(step.get(node, ())):
            if other not in distance:
                distance[other] = distance[node] + 1
                frontier.append(other)
    return distance


def reach(store: Store, root: str, depth: int, names: Sequence[str] = FOCUS_RELATIONS,
          *, up: bool) -> set[str]:
    """The documents within ``depth`` hops of ``root`` (itself included), as :func:`walk`
    finds them in :func:`relations`, but asking the store only for the relations of each
    level's documents: the relations to them (down), or those they and their tasks state (up,
    ``queries/_export_relations_from.rq``)."""
    wanted = set(names)
    seen = {root}
    frontier = [root]
    for _ in range(depth):
        if not frontier:
            break
        if up:
            found = rows(store, "_export_relations_from", "source", frontier)
        else:
            found = rows(store, "export_relations", "target", frontier)
        reached = {r["target"] if up else r["source"] for r in found
                   if r["relation"] in wanted and r["source"] != r["target"]}
        frontier = sorted(reached - seen)
        seen.update(frontier)
    return seen


def focus(store: Store, text: str, *, depth: int = 3,
          relation_names: Sequence[str] = FOCUS_RELATIONS) -> Selection:
    """The documents within ``depth`` hops above and below one document, with their
    tasks, targets and agencies (see the module's docstring)."""
    if not 0 <= depth <= MAX_DEPTH:
        raise InputError(f"depth {depth}: expected 0 to {MAX_DEPTH}", source="depth")
    unknown = sorted(set(relation_names) - set(DOCUMENT_RELATIONS))
    if unknown:
        raise InputError(f"unknown relation {', '.join(unknown)}; expected some of "
                         f"{', '.join(DOCUMENT_RELATIONS)}", source="relations")
    root = resolve(store, text)
    documents = (reach(store, root, depth, relation_names, up=True)
                 | reach(store, root, depth, relation_names, up=False))
    nodes = _around(store, full=documents)
    names = ", ".join(relation_names)
    return Selection(frozenset(nodes), f"{text.strip()}, {depth} bước ({names})", (root,))


def _slug(name: str) -> str:
    return identity.province_slug(name)


def _province_key(name: str) -> str:
    """The slug of a province named (``tỉnh Tây Ninh``) or given as ``vn-tay-ninh``."""
    name = name.strip()
    return name[3:] if name.startswith("vn-") else _slug(name)


def _in_province(label: str | None, document: str | None, name: str) -> bool:
    """Whether a document belongs to province ``name``: by the jurisdiction in its IRI
    (minted by luocdo.identity), else by its jurisdiction's label."""
    wanted = _province_key(name)
    if document and identity.is_document_iri(document):
        return identity.parse_document_iri(document).jurisdiction == f"vn-{wanted}"
    return bool(label) and _slug(label or "") == wanted


def province(store: Store, name: str) -> Selection:
    """The documents of one province (``Tây Ninh``, ``tỉnh Đồng Nai``, ``vn-lao-cai``)."""
    wanted = name.strip()
    if not wanted:
        raise InputError("give a province's name", source="province")
    documents = {row["node"] for row in rows(store, "export_nodes")
                 if row["kind"] == "document"
                 and _in_province(row.get("province"), row["node"], wanted)}
    if not documents:
        raise NotFoundError(f"{name}: no document of this province in the store")
    return Selection(frozenset(_around(store, full=documents)), f"tỉnh/thành phố {wanted}")


def agency(store: Store, name: str, *, province_name: str | None = None) -> Selection:
    """The tasks an agency leads or coordinates (``queries/tasks.rq``), with their documents."""
    if not name.strip():
        raise InputError("give an agency's name, abbreviation or IRI", source="agency")
    found = queries.run(store, "tasks", agency=name.strip()).rows
    if province_name:
        found = tuple(r for r in found if _in_province(r.get("provinceName"), r.get("document"),
                                                       province_name))
    if not found:
        where = f" in {province_name}" if province_name else ""
        raise NotFoundError(f"{name}: no task led or coordinated by such an agency{where}")
    tasks = {r["task"] for r in found}
    documents = {r["document"] for r in found if r.get("document")}
    description = f"cơ quan {name.strip()}" + (f", {province_name}" if province_name else "")
    return Selection(frozenset(_around(store, partial=documents, tasks=tasks)), description)


def select(store: Store, *, focus_on: str | None = None, depth: int = 3,
           relation_names: Sequence[str] = FOCUS_RELATIONS, province_name: str | None = None,
           agency_name: str | None = None) -> Selection:
    """The selection the options of ``luocdo export`` ask for (none: the whole store).

    ``focus_on`` excludes the others; ``agency_name`` may be combined with
    ``province_name``.
    """
    if focus_on and (province_name or agency_name):
        raise InputError("--focus cannot be combined with --province or --agency",
                         source="selection")
    if focus_on:
        return focus(store, focus_on, depth=depth, relation_names=relation_names)
    if agency_name:
        return agency(store, agency_name, province_name=province_name)
    if province_name:
        return province(store, province_name)
    return whole()


def _targets(found: Iterable[Mapping[str, Any]], relation: str,
             sources: set[str] | None = None) -> set[str]:
    return {r["target"] for r in found
            if r["relation"] == relation and (sources is None or r["source"] in sources)}


def _around(store: Store, *, full: Iterable[str] = (), partial: Iterable[str] = (),
            tasks: Iterable[str] = ()) -> set[str]:
    """``full`` documents with their tasks and targets, ``partial`` ones alone, the
    given tasks, and the agencies that issued the documents or lead or coordinate the tasks."""
    full = set(full)
    documents = full | set(partial)
    chosen_tasks = set(tasks)
    found = rows(store, "export_edges", "source", documents)
    chosen_tasks |= _targets(found, "hasTask", full)
    targets = _targets(found, "hasTarget", full)
    agencies = _targets(found, "issuer")
    found = rows(store, "export_edges", "source", chosen_tasks)
    agencies |= _targets(found, "lead") | _targets(found, "coordinator")
    return documents | chosen_tasks | targets | agencies
