"""Exports of the graph for drawing tools, spreadsheets and RDF (``luocdo export``).

Choose what to show (:func:`select`: the whole store, a focus document and its
neighbourhood, a province, an agency), then write it in one of :data:`FORMATS`
(:func:`export` to a stream, :func:`export_file` to a file). The visual graph
behind the graph formats is :func:`visual_graph` (a networkx MultiDiGraph),
which :mod:`luocdo.analytics` also reads.
"""

from __future__ import annotations

from luocdo.export.formats import (
    FORMATS,
    GRAPH_FORMATS,
    MEDIA_TYPES,
    RDF_FORMATS,
    SHEET_FORMATS,
    SUFFIXES,
    Written,
    check_format,
    export,
    export_file,
    subgraph,
    write_graph,
    write_rdf,
)
from luocdo.export.selection import (
    DOCUMENT_RELATIONS,
    FOCUS_RELATIONS,
    Relation,
    Selection,
    agency,
    focus,
    province,
    relation_names,
    relations,
    resolve,
    select,
    whole,
)
from luocdo.export.visual import clean, shorten, term_label, visual_graph

__all__ = [
    "DOCUMENT_RELATIONS",
    "FOCUS_RELATIONS",
    "FORMATS",
    "GRAPH_FORMATS",
    "MEDIA_TYPES",
    "RDF_FORMATS",
    "SHEET_FORMATS",
    "SUFFIXES",
    "Relation",
    "Selection",
    "Written",
    "agency",
    "check_format",
    "clean",
    "export",
    "export_file",
    "focus",
    "province",
    "relation_names",
    "relations",
    "resolve",
    "select",
    "shorten",
    "subgraph",
    "term_label",
    "visual_graph",
    "whole",
    "write_graph",
    "write_rdf",
]
