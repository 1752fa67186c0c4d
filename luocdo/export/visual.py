"""The visual graph: a networkx MultiDiGraph of documents, tasks, targets and agencies.

Built from the rows of ``queries/export_nodes.rq`` and ``queries/export_edges.rq``
for a :class:`~luocdo.export.selection.Selection`. What drawing tools (Gephi,
Cytoscape, Graphviz) need of it:

- node ids are the IRIs, kept again as the ``iri`` attribute so that a node can
  be looked up in the store;
- every node has ``label`` (Vietnamese, short: ``569/QĐ-TTg: <trích yếu>``,
  ``Nhiệm vụ 3.1: <nội dung>``, ``Sở Tài chính (Tây Ninh)``), ``type``
  (document, task, target, agency, collective) and ``class`` (Plan, Decision,
  Task...); dates are ISO strings and years integers, so that a tool can filter
  on them;
- every edge has ``relation`` (the ontology property's local name:
  implements, hasTask, lead...) and ``label`` (its Vietnamese label); edge
  keys are unique (``e1``, ``e2``...) because Gephi merges edges that share an id;
- attribute values are ``str`` or ``int`` only, never None (a missing value is
  left out), each name always with the same type, and texts are cleaned of the
  control characters Word and PDF leave behind (XML 1.0 forbids them).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from luocdo.export.selection import Selection, rows
from luocdo.loaders.vietnamese import fold
from luocdo.store import Store
from luocdo.terms import term_labels

LABEL_WIDTH = 60  # characters of a title or content kept in a label
NATION = "Việt Nam"

# Characters XML 1.0 does not allow (tab, line feed and carriage return are allowed),
# the same set openpyxl refuses, plus the non-characters U+FFFE/U+FFFF and lone surrogates.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_SPACE = re.compile(r"\s+")

# Attribute names whose values are integers; every other attribute is a string.
INTEGER_ATTRIBUTES = frozenset({"year", "dueYear", "targetYear", "ingested"})


# ------------------------------------------------------------------ text


def clean(value: object) -> str:
    """A text safe in XML 1.0 and spreadsheets: NFC, without control characters."""
    text = unicodedata.normalize("NFC", str(value))
    return _INVALID.sub("", text)


def shorten(text: str, width: int = LABEL_WIDTH) -> str:
    """One line of at most ``width`` characters, cut at a word and marked with ``…``."""
    line = _SPACE.sub(" ", clean(text)).strip()
    if len(line) <= width:
        return line
    cut = line[:width - 1]
    if " " in cut[width // 2:]:
        cut = cut[:cut.rfind(" ")]
    return cut.rstrip(" ,;:.-–") + "…"


def term_label(name: str) -> str:
    """The Vietnamese label of an ontology term's local name (``implements`` → ``thực hiện``)."""
    return term_labels().get(name, name)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# ------------------------------------------------------------------ labels


def document_label(row: Mapping[str, Any]) -> str:
    """``Quyết định 569/QĐ-TTg: <short title>``; a draft without number: ``Kế hoạch (dự thảo)``."""
    kind = _capital(term_label(row["class"])) if row.get("class") else "Văn bản"
    symbol = row.get("symbol")
    head = f"{kind} {clean(symbol)}" if symbol else f"{kind} (không số)"
    title = row.get("title")
    return f"{head}: {shorten(title)}" if title else head


def task_label(row: Mapping[str, Any]) -> str:
    """``Nhiệm vụ 3.1: <short content>``."""
    number = row.get("taskNumber")
    head = f"Nhiệm vụ {clean(number)}" if number else "Nhiệm vụ"
    content = row.get("content")
    return f"{head}: {shorten(content)}" if content else head


def target_label(row: Mapping[str, Any]) -> str:
    """``Chỉ tiêu: <short indicator> (<value> <unit>, <year>)``."""
    parts = [p for p in (row.get("targetValue"), row.get("unit")) if p]
    value = " ".join(clean(p) for p in parts)
    if row.get("targetYear") is not None:
        value = f"{value}, {row['targetYear']}" if value else str(row["targetYear"])
    indicator = row.get("indicator")
    text = f"Chỉ tiêu: {shorten(indicator)}" if indicator else "Chỉ tiêu"
    return f"{text} ({value})" if value else text


def agency_label(row: Mapping[str, Any]) -> str:
    """The agency's name, with its province when the name does not say it."""
    name = clean(row.get("name") or row["node"].rsplit("/", 1)[-1])
    place = row.get("province")
    if place and place != NATION and fold(place) not in fold(name):
        return f"{name} ({clean(place)})"
    return name


_LABELS = {"document": document_label, "task": task_label, "target": target_label,
           "agency": agency_label, "collective": agency_label}


# ------------------------------------------------------------------ attributes


def _year(value: Any) -> int | None:
    text = str(value or "")
    return int(text[:4]) if re.match(r"^\d{4}", text) else None


def node_attributes(row: Mapping[str, Any],
                    symbols: Mapping[str, str] | None = None) -> dict[str, str | int]:
    """The attributes of one node row of ``export_nodes`` (missing values left out).

    ``symbols`` maps document IRIs to their symbols, for a task's or target's document.
    """
    kind = row["kind"]
    attrs: dict[str, Any] = {
        "label": _LABELS[kind](row),
        "type": kind,
        "class": row.get("class"),
        "iri": row["node"],
        "province": row.get("province"),
    }
    if kind == "document":
        attrs.update(symbol=row.get("symbol"), title=row.get("title"),
                     date=row.get("dateIssued"),
                     year=row.get("year") if row.get("year") is not None
                     else _year(row.get("dateIssued")),
                     ingested=int(bool(row.get("ingested"))))
    elif kind in ("task", "target"):
        document = row.get("document")
        attrs.update(document=(symbols or {}).get(document) if document else None,
                     documentIri=document)
        if kind == "task":
            attrs.update(number=row.get("taskNumber"), content=row.get("content"),
                         timeframe=row.get("timeframe"), due=row.get("dueDate"),
                         dueYear=_year(row.get("dueDate")), product=row.get("product"))
        else:
            attrs.update(indicator=row.get("indicator"), value=row.get("targetValue"),
                         unit=row.get("unit"), targetYear=row.get("targetYear"))
    else:
        attrs.update(agencyName=row.get("name"), agencyKind=row.get("agencyKind"))
    return {k: _value(k, v) for k, v in attrs.items() if v is not None and v != ""}


def _value(name: str, value: Any) -> str | int:
    if name in INTEGER_ATTRIBUTES:
        return int(value)
    return clean(value)


# ------------------------------------------------------------------ the graph


def merge_rows(found: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Node rows by IRI; a node given twice keeps the first value of each column."""
    nodes: dict[str, dict[str, Any]] = {}
    for row in found:
        seen = nodes.setdefault(row["node"], dict(row))
        for key, value in row.items():
            if seen.get(key) is None and value is not None:
                seen[key] = value
    return nodes


def visual_graph(store: Store, selection: Selection) -> nx.MultiDiGraph:
    """The MultiDiGraph of the selection: nodes with attributes, typed edges among them."""
    restrict = None if selection.whole else selection.nodes
    nodes = merge_rows(rows(store, "export_nodes", "node", restrict))
    symbols = {iri: row["symbol"] for iri, row in nodes.items() if row.get("symbol")}
    graph = nx.MultiDiGraph(name="luocdo", selection=clean(selection.description))
    for iri in sorted(nodes):
        graph.add_node(iri, **node_attributes(nodes[iri], symbols))
    edges = sorted({(r["source"], r["relation"], r["target"])
                    for r in rows(store, "export_edges", "source", restrict)
                    if r["source"] in nodes and r["target"] in nodes})
    for number, (source, relation, target) in enumerate(edges, start=1):
        graph.add_edge(source, target, key=f"e{number}", relation=relation,
                       label=term_label(relation))
    return graph
