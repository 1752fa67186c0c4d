"""Writing a selection: graph formats for drawing tools, RDF, and spreadsheets.

============  ==========================================  ============================
format        what                                        read by
============  ==========================================  ============================
graphml       the visual graph, GraphML                   Gephi, Cytoscape, yEd
gexf          the visual graph, GEXF 1.2                  Gephi
cyjs          the visual graph, Cytoscape.js JSON         Cytoscape, Cytoscape.js
dot           the visual graph, Graphviz DOT              Graphviz (dot, sfdp)
xlsx          tasks and references sheets                 Excel, LibreOffice
csv           the tasks table, UTF-8 with BOM             Excel, LibreOffice
turtle nt     the selection's RDF: its nodes' triples,    any RDF tool
jsonld        their citations and evidence spans
============  ==========================================  ============================
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import networkx as nx
import pyoxigraph as ox
import rdflib

from luocdo.errors import InputError
from luocdo.export import sheets
from luocdo.export.selection import Selection, rows
from luocdo.export.visual import clean, visual_graph
from luocdo.store import Store
from luocdo.terms import LO, PREFIXES

GRAPH_FORMATS = ("graphml", "gexf", "cyjs", "dot")
SHEET_FORMATS = ("xlsx", "csv")
RDF_FORMATS = ("turtle", "nt", "jsonld")
FORMATS = GRAPH_FORMATS + SHEET_FORMATS + RDF_FORMATS

MEDIA_TYPES = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "cyjs": "application/json",
    "dot": "text/vnd.graphviz; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}
SUFFIXES = {"graphml": ".graphml", "gexf": ".gexf", "cyjs": ".cyjs", "dot": ".dot",
            "xlsx": ".xlsx", "csv": ".csv", "turtle": ".ttl", "nt": ".nt", "jsonld": ".jsonld"}

# Graphviz shapes by node type (DOT only).
_SHAPES = {"document": "box", "task": "ellipse", "target": "note", "agency": "hexagon",
           "collective": "hexagon"}


@dataclass(frozen=True)
class Written:
    """What an export wrote."""

    format: str
    selection: str
    nodes: int  # graph formats: nodes; RDF: distinct subjects; sheets: 0
    edges: int  # graph formats: edges; RDF: triples; sheets: 0
    rows: tuple[tuple[str, int], ...] = ()  # sheets: (sheet, data rows)
    bytes: int = 0


def check_format(name: str) -> str:
    """``name`` when it is a known format; :class:`InputError` otherwise."""
    if name not in FORMATS:
        raise InputError(f"unknown export format {name!r}; expected one of {', '.join(FORMATS)}",
                         source="format")
    return name


# ------------------------------------------------------------------ graph formats


def _graphml(graph: nx.MultiDiGraph, out: BinaryIO) -> None:
    nx.write_graphml(graph, out, encoding="utf-8", prettyprint=True)


def _gexf(graph: nx.MultiDiGraph, out: BinaryIO) -> None:
    nx.write_gexf(graph, out, encoding="utf-8", prettyprint=True)


def _cyjs(graph: nx.MultiDiGraph, out: BinaryIO) -> None:
    data = nx.cytoscape_data(graph, name="label", ident="id")
    out.write(json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def dot_id(value: object) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, line breaks as ``\\n``."""
    text = clean(value).replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


_DOT_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _dot_attributes(attrs: dict[str, object]) -> str:
    return ", ".join(f"{k if _DOT_NAME.match(k) else dot_id(k)}={dot_id(v)}"
                     for k, v in attrs.items())


def dot_lines(graph: nx.MultiDiGraph) -> Iterable[str]:
    """The graph in Graphviz DOT, every identifier quoted (IRIs hold ``:`` and ``/``)."""
    yield f"digraph {dot_id(graph.graph.get('name', 'luocdo'))} {{"
    yield '  graph [charset="UTF-8", overlap="false"];'
    yield '  node [fontname="Arial"];'
    yield '  edge [fontname="Arial", fontsize="9"];'
    for node, attrs in graph.nodes(data=True):
        shape = _SHAPES.get(str(attrs.get("type")), "ellipse")
        yield f"  {dot_id(node)} [{_dot_attributes({'shape': shape, **attrs})}];"
    for source, target, attrs in graph.edges(data=True):
        yield f"  {dot_id(source)} -> {dot_id(target)} [{_dot_attributes(attrs)}];"
    yield "}"


def _dot(graph: nx.MultiDiGraph, out: BinaryIO) -> None:
    out.write(("\n".join(dot_lines(graph)) + "\n").encode("utf-8"))


_GRAPH_WRITERS: dict[str, Callable[[nx.MultiDiGraph, BinaryIO], None]] = {
    "graphml": _graphml, "gexf": _gexf, "cyjs": _cyjs, "dot": _dot}


def write_graph(graph: nx.MultiDiGraph, fmt: str, out: BinaryIO) -> None:
    """Write the visual graph in one of :data:`GRAPH_FORMATS`."""
    if fmt not in _GRAPH_WRITERS:
        raise InputError(f"{fmt!r} is not a graph format; expected one of "
                         f"{', '.join(GRAPH_FORMATS)}", source="format")
    _GRAPH_WRITERS[fmt](graph, out)


# ------------------------------------------------------------------ RDF


def _subject_triples(inner: ox.Store, subject: str) -> set[ox.Triple]:
    return {q.triple for q in inner.quads_for_pattern(ox.NamedNode(subject), None, None, None)}


def subgraph(store: Store, selection: Selection) -> rdflib.Graph:
    """The RDF of a selection: the triples of its nodes (documents, tasks, targets,
    agencies), of the citations its documents make, and of the spans they point to as
    evidence."""
    inner = store.inner
    if selection.whole:
        nodes = [r["node"] for r in rows(store, "export_nodes")]
    else:
        nodes = sorted(selection.nodes or ())
    triples: set[ox.Triple] = set()
    citing = ox.NamedNode(str(LO.citingDocument))
    for node in nodes:
        triples |= _subject_triples(inner, node)
        for quad in inner.quads_for_pattern(None, citing, ox.NamedNode(node), None):
            if isinstance(quad.subject, ox.NamedNode):
                triples |= _subject_triples(inner, quad.subject.value)
    evidence = str(LO.evidence)
    spans = {t.object.value for t in triples
             if t.predicate.value == evidence and isinstance(t.object, ox.NamedNode)}
    for span in sorted(spans):
        triples |= _subject_triples(inner, span)
    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("skos", rdflib.SKOS)
    if triples:
        data = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES) or b""
        graph.parse(data=data.decode("utf-8"), format="nt")
    return graph


def write_rdf(graph: rdflib.Graph, fmt: str, out: BinaryIO) -> None:
    """Write RDF as Turtle, N-Triples (lines sorted) or JSON-LD."""
    if fmt == "nt":
        lines = sorted(line for line in graph.serialize(format="nt").splitlines() if line)
        out.write(("\n".join(lines) + "\n" if lines else "").encode("utf-8"))
    elif fmt == "turtle":
        out.write(graph.serialize(format="turtle").encode("utf-8"))
    elif fmt == "jsonld":
        context = {prefix: str(ns) for prefix, ns in graph.namespaces()}
        out.write(graph.serialize(format="json-ld", context=context, indent=1,
                                  ensure_ascii=False).encode("utf-8"))
    else:
        raise InputError(f"{fmt!r} is not an RDF format; expected one of "
                         f"{', '.join(RDF_FORMATS)}", source="format")


# ------------------------------------------------------------------ one call


class _Counting(io.RawIOBase):
    """A binary stream that counts what passes through to ``out``."""

    def __init__(self, out: BinaryIO):
        self.out = out
        self.count = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.out.write(data)
        self.count += len(data)
        return len(data)


def export(store: Store, selection: Selection, fmt: str, out: BinaryIO) -> Written:
    """Write ``selection`` of ``store`` in format ``fmt`` to the binary stream ``out``."""
    check_format(fmt)
    counting = _Counting(out)
    sink: BinaryIO = counting  # type: ignore[assignment]
    if fmt in GRAPH_FORMATS:
        graph = visual_graph(store, selection)
        write_graph(graph, fmt, sink)
        return Written(fmt, selection.description, graph.number_of_nodes(),
                       graph.number_of_edges(), bytes=counting.count)
    if fmt in RDF_FORMATS:
        rdf = subgraph(store, selection)
        write_rdf(rdf, fmt, sink)
        subjects = len(set(rdf.subjects()))
        return Written(fmt, selection.description, subjects, len(rdf), bytes=counting.count)
    if fmt == "xlsx":
        counts = sheets.write_xlsx(store, selection, sink)
    else:
        counts = sheets.write_csv(store, selection, sink)
    return Written(fmt, selection.description, 0, 0, tuple(counts.items()), counting.count)


def export_file(store: Store, selection: Selection, fmt: str, path: str | Path) -> Written:
    """Write ``selection`` to the file ``path`` (replaced only once it is complete)."""
    target = Path(path)
    partial = target.with_name(target.name + ".part")
    try:
        with partial.open("wb") as out:
            written = export(store, selection, fmt, out)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InputError(f"cannot write the export: {exc}", source=str(target)) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return written
